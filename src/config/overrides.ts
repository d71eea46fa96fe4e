/**
 * `-o key=value` command-line overrides, applied to the configuration
 * document the way Falco applies them: the key is everything before the first
 * `=`; a value written `{...}` is parsed as a YAML/JSON object, anything else
 * (including `[a,b]`) is kept as one text scalar.
 */
import { ConfigError } from './errors.js';
import { assignKey } from './key-path.js';
import { scalar } from './node.js';
import type { ConfigNode } from './node.js';
import { parseYaml } from './yaml-parse.js';

/** The top-level key whose overrides are applied before included files are merged. */
export const CONFIG_FILES_KEY = 'config_files';

export interface ParsedOverride {
  key: string;
  value: ConfigNode;
}

export function parseOverride(option: string): ParsedOverride {
  const eq = option.indexOf('=');
  if (eq < 0) {
    throw new ConfigError(`Error parsing config option "${option}". Must be of the form key=val or key.subkey=val`);
  }
  const key = option.slice(0, eq);
  const text = option.slice(eq + 1);
  if (text.startsWith('{') && text.endsWith('}')) {
    return { key, value: parseYaml(text, { file: `-o ${key}`, expandEnv: false }) };
  }
  return { key, value: scalar(text) };
}

export function applyOverride(root: ConfigNode, option: string): void {
  const { key, value } = parseOverride(option);
  assignKey(root, key, value);
}

/** Falco picks the `config_files` overrides by prefix, so `config_files[]=x` counts too. */
export function isConfigFilesOverride(option: string): boolean {
  return option.startsWith(CONFIG_FILES_KEY);
}
