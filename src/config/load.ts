/**
 * Loading the configuration the way Falco does:
 *   1. the main file (or nothing: built-in defaults),
 *   2. `-o config_files...` overrides,
 *   3. the `config_files` includes,
 *   4. every `-o key=value` override, in command-line order,
 *   5. typed reading, with Falco's defaults for absent keys.
 * Without a main file, steps 2 and 3 do not happen (as in Falco).
 */
import { readFileSync } from 'node:fs';
import { ConfigDocument } from './document.js';
import { ConfigError } from './errors.js';
import type { FalcoConfig } from './falco-config.js';
import { mergeIncludes } from './includes.js';
import type { LoadedConfigFile } from './includes.js';
import { nullNode } from './node.js';
import type { ConfigNode } from './node.js';
import { applyOverride, isConfigFilesOverride } from './overrides.js';
import { buildConfig, readConfigFiles } from './typed.js';
import { VALIDATION_OK, validateConfig } from './validate.js';
import { parseYaml } from './yaml-parse.js';

export interface LoadConfigOptions {
  /** The main configuration file; absent: Falco's built-in defaults only. */
  file?: string;
  /** `-o key=value` overrides, in command-line order. */
  overrides: string[];
  /** Environment for `${VAR}` references (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: FalcoConfig;
  /** The merged document, for keys the typed config does not carry. */
  document: ConfigDocument;
  /** Every file loaded (main first, then includes) with its schema validation status. */
  files: LoadedConfigFile[];
  /**
   * Messages Falco logs as warnings while reading the keys (deprecations,
   * suspicious entries). Schema problems are in `files[].validation`.
   */
  warnings: string[];
}

/** The name Falco gives the configuration when there is no file. */
export const DEFAULT_CONFIG_NAME = 'default';

/** Loads and checks the configuration; throws ConfigError with Falco's message on failure. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const env = options.env ?? process.env;
  const warnings: string[] = [];
  let root: ConfigNode;
  const files: LoadedConfigFile[] = [];
  let configName = DEFAULT_CONFIG_NAME;

  if (options.file !== undefined) {
    configName = options.file;
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch {
      throw new ConfigError(`Could not find configuration file at ${options.file}`, { file: options.file });
    }
    try {
      root = parseYaml(text, { file: options.file, expandEnv: true, env });
    } catch (err) {
      if (err instanceof ConfigError) {
        throw new ConfigError(`Cannot read config file (${options.file}): ${err.message}`, {
          file: options.file,
          ...(err.line !== undefined ? { line: err.line } : {}),
          ...(err.column !== undefined ? { column: err.column } : {}),
        });
      }
      throw err;
    }
    // A file holding nothing is an empty map to write into.
    if (root.kind === 'null') root = { kind: 'map', entries: new Map() };
    files.push({ path: options.file, validation: validateConfig(root) });
    for (const option of options.overrides) if (isConfigFilesOverride(option)) applyOverride(root, option);
    const includes = readConfigFiles(new ConfigDocument(root));
    files.push(...mergeIncludes(root, options.file, includes, env));
  } else {
    root = nullNode();
    files.push({ path: DEFAULT_CONFIG_NAME, validation: VALIDATION_OK });
  }

  for (const option of options.overrides) applyOverride(root, option);

  const document = new ConfigDocument(root);
  const config = buildConfig(document, configName, warnings);
  return { config, document, files, warnings };
}
