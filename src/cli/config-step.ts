/**
 * The configuration step: which file, the command-line flags that stand for
 * configuration keys (-U, and the older -e, -D, -t, -T), loading, and the
 * log lines Falco writes once the configuration decides where logs go.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import type { RuleSelection } from '../config/falco-config.js';
import { loadConfig } from '../config/load.js';
import { VALIDATION_OK } from '../config/validate.js';
import type { CliOptions } from './args.js';
import { Fatal } from './fatal.js';
import { DEFAULT_RULES_DIR, FALCONET_HOME, HOME_ENV_VAR, defaultConfigFile } from './home.js';
import type { AppState } from './state.js';
import { falconetVersion, FALCO_COMPAT_VERSION } from './version.js';

/**
 * The configuration file to read: `-c` (which must exist, checked before
 * anything else as Falco does), else falconet.yaml of the installation,
 * else none (built-in defaults).
 */
export function resolveConfigFile(options: CliOptions): string | undefined {
  if (options.configFile !== undefined && options.configFile !== '') {
    if (!existsSync(options.configFile)) throw new Fatal(`Could not find configuration file at ${options.configFile}`);
    return options.configFile;
  }
  return defaultConfigFile();
}

function machineName(): string {
  const names: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i386', s390x: 's390x', ppc64: 'ppc64le' };
  return names[process.arch] ?? process.arch;
}

/** The `-o` overrides the older -e flag stands for (applied after the user's). */
function legacyOverrides(options: CliOptions): string[] {
  if (options.captureFile === '') return [];
  return ['engine.kind=replay', `engine.replay.capture_file=${options.captureFile}`];
}

/** The `rules:` entries the older -D/-T/-t flags stand for. */
function legacySelection(options: CliOptions): RuleSelection[] {
  const out: RuleSelection[] = [];
  for (const s of options.disabledRuleSubstrings) out.push({ op: 'disable', rule: `*${s}*`, tag: '' });
  for (const t of options.disabledTags) out.push({ op: 'disable', rule: '', tag: t });
  if (options.enabledTags.length > 0) {
    out.push({ op: 'disable', rule: '*', tag: '' });
    for (const t of options.enabledTags) out.push({ op: 'enable', rule: '', tag: t });
  }
  return out;
}

export function loadConfigStep(state: AppState): void {
  const { options, log } = state;
  const env = { ...state.io.env };
  if (env[HOME_ENV_VAR] === undefined) env[HOME_ENV_VAR] = FALCONET_HOME;
  const overrides = [...options.configOverrides, ...legacyOverrides(options)];
  let loaded;
  try {
    loaded = loadConfig({ ...(state.configFile !== undefined ? { file: state.configFile } : {}), overrides, env });
  } catch (err) {
    if (err instanceof ConfigError) throw new Fatal(err.message);
    throw err;
  }
  state.loaded = loaded;
  const { config, document, files, warnings } = loaded;

  // Without any configuration file, falconet still finds its own rules.
  if (state.configFile === undefined && !document.has('rules_files') && !document.has('rules_file') && existsSync(DEFAULT_RULES_DIR)) {
    config.rulesFiles = [DEFAULT_RULES_DIR];
  }

  log.configure({ level: config.logLevel, stderr: config.logStderr, syslog: config.logSyslog, iso8601: config.timeFormatIso8601 });
  log.info(`falconet version: ${falconetVersion()} (Falco ${FALCO_COMPAT_VERSION} compatible, ${machineName()})`);
  if (state.cmdline !== '') log.debug(`CLI args: ${state.cmdline}`);
  if (state.configFile !== undefined) {
    log.info('falconet initialized with configuration files:');
    for (const f of files) {
      const line = `   ${f.path} | schema validation: ${f.validation}`;
      if (f.validation === VALIDATION_OK) log.info(line);
      else log.warning(line);
    }
  }
  for (const w of warnings) log.warning(w);

  if (options.unbuffered) config.bufferedOutputs = false;

  if (options.captureFile !== '') {
    log.warning('The -e option is deprecated (removed from Falco in 0.38.0). Use -o engine.kind=replay -o engine.replay.capture_file=<capture_file> instead.');
  }
  const legacy = legacySelection(options);
  if (options.disabledRuleSubstrings.length > 0) {
    log.warning('The -D option is deprecated (removed from Falco in 0.39.0). Use -o rules[].disable.rule=<wildcard-pattern> instead.');
  }
  if (options.disabledTags.length > 0) {
    log.warning('The -T option is deprecated (removed from Falco in 0.39.0). Use -o rules[].disable.tag=<tag> instead.');
  }
  if (options.enabledTags.length > 0) {
    log.warning('The -t option is deprecated (removed from Falco in 0.39.0). Use -o rules[].disable.rule=* -o rules[].enable.tag=<tag> instead.');
  }
  if (legacy.length > 0) {
    if (config.rules.length > 0) {
      throw new Fatal('Specifying -D, -t, -T command line options together with "rules:" configuration or -o "rules..." is not supported.');
    }
    config.rules = legacy;
  }
}
