/**
 * Where the shared Falco reference data lives: the steering repository's
 * `shared/` folder beside this repository (as on developer machines and in
 * CI), or FALCONET_SHARED when set.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository's root (tests run from dist/test/). */
export const REPO = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const SHARED = process.env.FALCONET_SHARED ?? join(REPO, '..', 'shared');
/** ../shared/falco-reference: rules, traces, expected outputs, falco.yaml. */
export const REFERENCE = join(SHARED, 'falco-reference');
