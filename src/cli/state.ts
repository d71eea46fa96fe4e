/**
 * What the application steps share while falconet starts: the parsed
 * command line, where output goes, the log, and what earlier steps produced.
 */
import type { LoadedConfig } from '../config/load.js';
import type { CliOptions } from './args.js';
import type { Logger } from './logger.js';

export interface AppIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

export interface AppState {
  options: CliOptions;
  io: AppIO;
  log: Logger;
  /** The command line as typed (for `--support` and the debug log). */
  cmdline: string;
  /** The main configuration file in use, or undefined for built-in defaults. */
  configFile: string | undefined;
  /** Set by the configuration step. */
  loaded?: LoadedConfig;
  /** Event sources falconet can open (Falco's "loaded sources"), in order. */
  loadedSources: string[];
  /** The sources that will be opened (after --enable-source / --disable-source). */
  enabledSources: string[];
  /** Rules files actually loaded (folders expanded), in load order. */
  loadedRulesFiles: string[];
}
