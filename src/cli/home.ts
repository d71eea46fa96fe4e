/**
 * Where falconet is installed (the repository root: the folder holding
 * package.json, falconet.yaml and rules/), found from this module's own
 * location in the compiled tree (dist/src/cli/).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FALCONET_HOME = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The configuration file used when `-c` is not given (Falco's is /etc/falco/falco.yaml). */
export const DEFAULT_CONFIG_FILE = join(FALCONET_HOME, 'falconet.yaml');

/** Rules loaded when no configuration file exists at all. */
export const DEFAULT_RULES_DIR = join(FALCONET_HOME, 'rules');

/**
 * The environment variable falconet.yaml uses to name its own folder
 * (`rules_files: [${FALCONET_HOME}/rules]`), so paths work from any
 * working directory. falconet sets it when the user has not.
 */
export const HOME_ENV_VAR = 'FALCONET_HOME';

export function defaultConfigFile(): string | undefined {
  return existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined;
}
