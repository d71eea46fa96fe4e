/**
 * `config_files`: merging more configuration files (or every file of a
 * folder, in name order) into the main document, with Falco's strategies:
 * - append: sequences are extended, other keys replaced;
 * - override: every key replaced;
 * - add-only: only keys the document does not have yet are added.
 * Entries that do not exist are skipped; included files may not include others.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { ConfigError } from './errors.js';
import type { ConfigFileInclude } from './falco-config.js';
import { writableEntry } from './key-path.js';
import { cloneNode, isDefined, mapEntries } from './node.js';
import type { ConfigNode } from './node.js';
import { CONFIG_FILES_KEY } from './overrides.js';
import { validateConfig } from './validate.js';
import { parseYaml } from './yaml-parse.js';

export interface LoadedConfigFile {
  path: string;
  /** Schema validation status: "ok" or "failed for ...". */
  validation: string;
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Path equality as std::filesystem compares paths: component by component. */
function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\/+/g, '/');
  return norm(a) === norm(b);
}

/** Reads and parses one configuration file (environment references expanded). */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv): ConfigNode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`bad file: ${path}`, { file: path });
  }
  return parseYaml(text, { file: path, expandEnv: true, env });
}

function includeFile(root: ConfigNode, path: string, strategy: ConfigFileInclude['strategy'], env: NodeJS.ProcessEnv): LoadedConfigFile {
  const included = readConfigFile(path, env);
  const validation = validateConfig(included);
  if (included.kind === 'null') return { path, validation };
  if (included.kind !== 'map') {
    throw new ConfigError(`Config error: included config file ${path} is not a map of keys.`, { file: path });
  }
  for (const [key, value] of mapEntries(included)) {
    if (key === CONFIG_FILES_KEY) {
      throw new ConfigError(`Config error: '${CONFIG_FILES_KEY}' directive in included config file ${path}.`, { file: path, key });
    }
    const target = writableEntry(root, key);
    if (strategy === 'append' && value.kind === 'seq') {
      if (target.kind === 'undefined' || target.kind === 'null') {
        Object.assign(target, { kind: 'seq', items: [] });
      }
      if (target.kind !== 'seq') throw new ConfigError('appending to a non-sequence', { file: path, key });
      for (const item of value.items) if (item.kind !== 'undefined') target.items.push(cloneNode(item));
    } else if (strategy !== 'add-only' || !isDefined(target)) {
      for (const prop of Object.keys(target)) delete (target as unknown as Record<string, unknown>)[prop];
      Object.assign(target, cloneNode(value));
    }
  }
  return { path, validation };
}

/**
 * Merges the included files into `root` (changed in place) and returns what
 * was loaded, in load order. `mainPath` is the main file, which may not include itself.
 */
export function mergeIncludes(root: ConfigNode, mainPath: string, includes: ConfigFileInclude[], env: NodeJS.ProcessEnv): LoadedConfigFile[] {
  const loaded: LoadedConfigFile[] = [];
  for (const include of includes) {
    if (samePath(include.path, mainPath)) {
      throw new ConfigError(
        `Config error: '${CONFIG_FILES_KEY}' directive tried to recursively include main config file: ${mainPath}.`,
        { file: mainPath, key: CONFIG_FILES_KEY });
    }
    const st = statOf(include.path);
    if (!st) continue;
    if (st.isFile()) {
      loaded.push(includeFile(root, include.path, include.strategy, env));
    } else if (st.isDirectory()) {
      const dir = include.path.endsWith('/') ? include.path : `${include.path}/`;
      const files = readdirSync(include.path)
        .map((name) => dir + name)
        .filter((p) => statOf(p)?.isFile() === true)
        .sort();
      for (const file of files) loaded.push(includeFile(root, file, include.strategy, env));
    }
  }
  return loaded;
}
