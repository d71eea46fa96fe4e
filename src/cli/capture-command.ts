/**
 * `falconet capture -w FILE [-M SECONDS] [-c CONFIG] [-o K=V]... [FILTER...]`:
 * falconet's own command (Falco has none) to record the live probe's events
 * into a scap file. FILTER is a condition in Falco's filter language (no
 * macros or lists); when given, only matching events are written.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { syscallExtractors } from '../fields/extract/registry.js';
import type { SyscallEvent } from '../fields/extract/syscall-event.js';
import { syscallFieldCatalog } from '../fields/catalog.js';
import { bindCondition } from '../rules/compile/binder.js';
import { checkCondition } from '../rules/compile/checker.js';
import { emitCondition } from '../rules/compile/emitter.js';
import { eventTypesOf } from '../rules/compile/evttypes.js';
import { parseCondition } from '../rules/condition/parser.js';
import { syscallEventUniverse } from '../rules/loader/syscall-event-universe.js';
import { runLiveCapture, type CaptureFilter } from '../sources/live-capture.js';
import { Fatal } from './fatal.js';
import { defaultConfigFile, FALCONET_HOME, HOME_ENV_VAR } from './home.js';
import { Logger } from './logger.js';
import type { AppIO } from './state.js';

export const CAPTURE_COMMAND = 'capture';

export const CAPTURE_USAGE = 'Usage: falconet capture -w FILE [-M SECONDS] [-c CONFIG] [-o KEY=VALUE]... [FILTER]\n';

export interface CaptureArgs {
  /** -w: the scap file to write. */
  writeFile: string;
  /** -M: stop after this many seconds (0 = until SIGINT/SIGTERM). */
  durationSeconds: number;
  /** -c: configuration file (engine.modern_ebpf, falco_libs, base_syscalls settings). */
  configFile?: string;
  /** -o: configuration overrides. */
  configOverrides: string[];
  /** The remaining words, joined: the filter ('' = every event). */
  filter: string;
  help: boolean;
}

/** Parses the words after `capture`. @throws Fatal on a bad flag or value */
export function parseCaptureArgs(argv: readonly string[]): CaptureArgs {
  const out: CaptureArgs = { writeFile: '', durationSeconds: 0, configOverrides: [], filter: '', help: false };
  const words: string[] = [];
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined) throw new Fatal(`capture: option ${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h' || a === '--help') out.help = true;
    else if (a === '-w') out.writeFile = value(++i, a);
    else if (a === '-c') out.configFile = value(++i, a);
    else if (a === '-o') out.configOverrides.push(value(++i, a));
    else if (a === '-M') {
      const v = value(++i, a);
      const n = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) throw new Fatal(`capture: -M needs a number of seconds, got '${v}'`);
      out.durationSeconds = n;
    } else if (a.startsWith('-') && a.length > 1 && words.length === 0 && /^-[A-Za-z-]/.test(a)) {
      throw new Fatal(`capture: unknown option ${a}`);
    } else words.push(a);
  }
  out.filter = words.join(' ').trim();
  if (!out.help && out.writeFile === '') throw new Fatal('capture: -w FILE is required');
  return out;
}

/** Compiles a capture filter for the syscall fields. @throws Fatal with the filter's error */
export function compileCaptureFilter(text: string): CaptureFilter {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new Fatal(`capture: invalid filter '${text}': ${parsed.error.message}`);
  const bound = bindCondition(parsed.expr, { macros: new Map() });
  if (bound.errors.length > 0) throw new Fatal(`capture: invalid filter '${text}': ${bound.errors[0]!.message}`);
  const checked = checkCondition(bound.expr, syscallFieldCatalog);
  if (!checked.ok) throw new Fatal(`capture: invalid filter '${text}': ${checked.error.message}`);
  let types;
  try {
    types = eventTypesOf(bound.expr, syscallEventUniverse());
  } catch (e) {
    throw new Fatal(`capture: invalid filter '${text}': ${e instanceof Error ? e.message : String(e)}`);
  }
  return { text, condition: emitCondition<SyscallEvent>(checked.checked, syscallExtractors), types };
}

/** Runs `falconet capture ...` (argv without the command word); resolves with the exit status. */
export async function runCaptureCommand(argv: readonly string[], io: AppIO): Promise<number> {
  const log = new Logger((t) => io.stderr(t));
  try {
    const args = parseCaptureArgs(argv);
    if (args.help) {
      io.stdout(CAPTURE_USAGE);
      return 0;
    }
    if (args.configFile !== undefined && !existsSync(args.configFile)) throw new Fatal(`Could not find configuration file at ${args.configFile}`);
    const file = args.configFile ?? defaultConfigFile();
    const env = { ...io.env };
    if (env[HOME_ENV_VAR] === undefined) env[HOME_ENV_VAR] = FALCONET_HOME;
    let config;
    try {
      config = loadConfig({ ...(file !== undefined ? { file } : {}), overrides: args.configOverrides, env }).config;
    } catch (e) {
      if (e instanceof ConfigError) throw new Fatal(e.message);
      throw e;
    }
    log.configure({ level: config.logLevel, iso8601: config.timeFormatIso8601 });
    const filter = args.filter === '' ? undefined : compileCaptureFilter(args.filter);

    const controller = new AbortController();
    const onSignal = (name: string) => (): void => {
      log.info(`${name} received, exiting...`);
      controller.abort();
    };
    const handlers: Array<[NodeJS.Signals, () => void]> = [['SIGINT', onSignal('SIGINT')], ['SIGTERM', onSignal('SIGTERM')]];
    for (const [sig, h] of handlers) process.on(sig, h);
    const timer = args.durationSeconds > 0 ? setTimeout(() => controller.abort(), args.durationSeconds * 1000) : undefined;
    try {
      const s = await runLiveCapture({ config, path: args.writeFile, ...(filter !== undefined ? { filter } : {}), signal: controller.signal, log });
      io.stderr(`Events written: ${s.written} (of ${s.seen} delivered${filter !== undefined ? `, filter: ${filter.text}` : ''}); dropped by the probe: ${s.dropped} of ${s.probeEvents}\n`);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      for (const [sig, h] of handlers) process.off(sig, h);
    }
    return 0;
  } catch (e) {
    if (e instanceof Fatal) {
      io.stderr(e.text());
      return e.exitCode;
    }
    throw e;
  }
}
