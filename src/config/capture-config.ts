/**
 * The `capture:` block of falco.yaml (capture files written around alerts):
 * `enabled`, `path_prefix`, `mode` (`rules` | `all_rules`), `default_duration`
 * (milliseconds) and `max_file_size_mb` (0 = no limit), with Falco's defaults.
 *
 * Falco rejects an unknown `mode` and otherwise falls back on a key's default
 * when its value does not convert (the schema check only warns). falconet
 * keeps that for a disabled block, but once captures are enabled a value that
 * does not read is an error naming the key: a forensic capture silently
 * shorter, unbounded or never written is worse than a refused start.
 */
import type { ConfigDocument } from './document.js';
import type { ConfigError } from './errors.js';
import type { CaptureMode, FalcoConfig } from './falco-config.js';
import { nodeBool, nodeInt, nodeString } from './scalar.js';

export type CaptureConfig = FalcoConfig['capture'];

export const CAPTURE_DEFAULTS: Readonly<CaptureConfig> = {
  enabled: false,
  pathPrefix: '/tmp/falco',
  mode: 'rules',
  defaultDurationMs: 5000,
  maxFileSizeMb: 0,
};

/** Falco's schema bound on `capture.max_file_size_mb` (1 TiB). */
export const MAX_CAPTURE_FILE_SIZE_MB = 1048576;
const MAX_DURATION_MS = 4294967295;

const CAPTURE_MODES: readonly CaptureMode[] = ['rules', 'all_rules'];

/** Builds the "Error reading config file (...)" error for a key. */
export type ReadingError = (what: string, key: string) => ConfigError;

/** The value as written, for messages (`<map>` / `<list>` for non-scalars). */
function written(doc: ConfigDocument, key: string): string {
  const n = doc.node(key);
  if (n === undefined) return '';
  if (n.kind === 'scalar') return n.value;
  return n.kind === 'map' ? '<map>' : n.kind === 'seq' ? '<list>' : '';
}

/** True when the key holds something other than nothing (absent and `key:` with no value use the default). */
function given(doc: ConfigDocument, key: string): boolean {
  const n = doc.node(key);
  return n !== undefined && n.kind !== 'undefined' && n.kind !== 'null';
}

/**
 * Reads and checks the `capture` block.
 * @throws ConfigError (from `readingError`) naming the key: an unknown mode
 *   (always, as Falco); with captures enabled, a value that is not a boolean,
 *   text or integer in range where one is needed
 */
export function readCaptureConfig(doc: ConfigDocument, readingError: ReadingError): CaptureConfig {
  const modeText = doc.string('capture.mode', CAPTURE_DEFAULTS.mode);
  if (!(CAPTURE_MODES as readonly string[]).includes(modeText)) {
    throw readingError(`capture.mode '${modeText}' is not a valid mode.`, 'capture.mode');
  }

  const enabledNode = doc.node('capture.enabled');
  const enabledValue = given(doc, 'capture.enabled') ? nodeBool(enabledNode) : CAPTURE_DEFAULTS.enabled;
  if (enabledValue === undefined) {
    throw readingError(`capture.enabled '${written(doc, 'capture.enabled')}' is not a boolean (true or false).`, 'capture.enabled');
  }

  const config: CaptureConfig = {
    enabled: enabledValue,
    pathPrefix: doc.string('capture.path_prefix', CAPTURE_DEFAULTS.pathPrefix),
    mode: modeText as CaptureMode,
    defaultDurationMs: doc.int('capture.default_duration', 'uint32', CAPTURE_DEFAULTS.defaultDurationMs),
    maxFileSizeMb: doc.int('capture.max_file_size_mb', 'uint64', CAPTURE_DEFAULTS.maxFileSizeMb),
  };
  if (!config.enabled) return config;

  if (given(doc, 'capture.path_prefix') && nodeString(doc.node('capture.path_prefix')) === undefined) {
    throw readingError(`capture.path_prefix ${written(doc, 'capture.path_prefix')} is not a path prefix (text expected).`, 'capture.path_prefix');
  }
  if (given(doc, 'capture.default_duration') && nodeInt(doc.node('capture.default_duration'), 'uint32') === undefined) {
    throw readingError(
      `capture.default_duration '${written(doc, 'capture.default_duration')}' is not a valid duration ` +
        `(an integer number of milliseconds from 0 to ${MAX_DURATION_MS}).`,
      'capture.default_duration',
    );
  }
  if (given(doc, 'capture.max_file_size_mb')) {
    const mb = nodeInt(doc.node('capture.max_file_size_mb'), 'uint64');
    if (mb === undefined || mb > MAX_CAPTURE_FILE_SIZE_MB) {
      throw readingError(
        `capture.max_file_size_mb '${written(doc, 'capture.max_file_size_mb')}' is not a valid size ` +
          `(an integer number of MB from 0 to ${MAX_CAPTURE_FILE_SIZE_MB}, 0 for no limit).`,
        'capture.max_file_size_mb',
      );
    }
  }
  return config;
}
