/**
 * Where the shared Falco reference data lives: FALCONET_SHARED when set,
 * else the steering repository's `shared/` folder beside this repository (as
 * on developer machines and in CI), else the workspace's `/work/shared` (a
 * clone made elsewhere, e.g. in a temporary directory, on such a machine).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository's root (tests run from dist/test/). */
export const REPO = join(fileURLToPath(import.meta.url), '..', '..', '..');
const BESIDE = join(REPO, '..', 'shared');
export const SHARED =
  process.env.FALCONET_SHARED ?? [BESIDE, '/work/shared'].find((d) => existsSync(join(d, 'falco-reference'))) ?? BESIDE;
/** ../shared/falco-reference: rules, traces, expected outputs, falco.yaml. */
export const REFERENCE = join(SHARED, 'falco-reference');
