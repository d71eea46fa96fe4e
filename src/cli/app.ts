/**
 * falconet's startup, step by step in Falco's order: each step either
 * handles the command line (prints, exits with a status) or lets the next
 * one run; the last one processes events. Errors surface as one
 * "Error: <message>" line on stderr and exit status 1.
 */
import { writeFileSync } from 'node:fs';
import { CliArgsError, parseArgs } from './args.js';
import { loadConfigStep, resolveConfigFile } from './config-step.js';
import { Fatal } from './fatal.js';
import {
  checkPlugins, listFields, listPlugins, printConfigSchema, printHelp, printPageSize, printPluginInfo, printSupport, printVersion,
} from './info-steps.js';
import type { StepResult } from './info-steps.js';
import { Logger } from './logger.js';
import { describeRulesStep, loadRulesStep, printRuleSchema, validateRulesStep } from './rules-steps.js';
import type { LoadedRules } from './rules-steps.js';
import { processEvents } from './run.js';
import type { AppIO, AppState } from './state.js';

export type { AppIO } from './state.js';

/** The event source falconet always has; plugins could add more. */
export const SYSCALL_SOURCE = 'syscall';

function printIgnoredEvents(state: AppState): StepResult {
  if (!state.options.printIgnoredEvents) return undefined;
  throw new Fatal('-i is not available yet: the syscall event table is not part of falconet yet');
}

function printSyscallEvents(state: AppState): StepResult {
  if (!state.options.listSyscallEvents) return undefined;
  throw new Fatal('--list-events is not available yet: the syscall event table is not part of falconet yet');
}

/** Falco's --enable-source / --disable-source rules (ignored when replaying a capture). */
export function selectEventSources(state: AppState): StepResult {
  const { options } = state;
  state.enabledSources = [...state.loadedSources];
  if (state.loaded!.config.engine.kind === 'replay') return undefined;
  if (options.enableSources.length > 0 && options.disableSources.length > 0) {
    throw new Fatal('You can not mix --enable-source and --disable-source');
  }
  if (options.enableSources.length > 0) {
    state.enabledSources = [];
    for (const src of options.enableSources) {
      if (!state.loadedSources.includes(src)) throw new Fatal(`Attempted enabling an unknown event source: ${src}`);
      if (!state.enabledSources.includes(src)) state.enabledSources.push(src);
    }
  } else {
    for (const src of options.disableSources) {
      if (!state.loadedSources.includes(src)) throw new Fatal(`Attempted disabling an unknown event source: ${src}`);
      state.enabledSources = state.enabledSources.filter((s) => s !== src);
    }
  }
  if (state.enabledSources.length === 0) throw new Fatal('Must enable at least one event source');
  return undefined;
}

function warnPrintOption(state: AppState): StepResult {
  if (state.options.printAdditional !== '') {
    state.log.warning('The -p/--print option is deprecated and will be removed. Use -o append_output=... instead.');
  }
  return undefined;
}

function writePidfile(state: AppState): StepResult {
  const { options } = state;
  if (options.dryRun) {
    state.log.debug('Skipping pidfile creation in dry-run');
    return undefined;
  }
  if (options.pidfile === '') return undefined;
  try {
    writeFileSync(options.pidfile, String(process.pid));
  } catch {
    state.log.error(`Could not write pid to pidfile ${options.pidfile}. Exiting.`);
    // Falco exits with -1 here.
    return 255;
  }
  return undefined;
}

/**
 * Runs falconet with the given arguments (without the program name) and
 * resolves with the exit status. Only unexpected failures reject.
 */
export async function runApp(argv: readonly string[], io: AppIO): Promise<number> {
  const log = new Logger((text) => io.stderr(text));
  try {
    let options;
    try {
      options = parseArgs(argv);
    } catch (err) {
      if (err instanceof CliArgsError) throw new Fatal(err.message);
      throw err;
    }
    for (const notice of options.notices) io.stderr(`${notice}\n`);
    const state: AppState = {
      options,
      io,
      log,
      cmdline: ['falconet', ...argv].join(' '),
      configFile: resolveConfigFile(options),
      loadedSources: [SYSCALL_SOURCE],
      enabledSources: [],
      loadedRulesFiles: [],
    };
    let rules: LoadedRules | undefined;
    const steps: Array<(s: AppState) => StepResult> = [
      printHelp,
      printConfigSchema,
      printRuleSchema,
      printIgnoredEvents,
      printSyscallEvents,
      (s) => { loadConfigStep(s); return undefined; },
      printVersion,
      printPageSize,
      printPluginInfo,
      listPlugins,
      (s) => { checkPlugins(s); return undefined; },
      warnPrintOption,
      listFields,
      selectEventSources,
      validateRulesStep,
      (s) => { rules = loadRulesStep(s); return undefined; },
      (s) => describeRulesStep(s, rules!),
      printSupport,
      writePidfile,
    ];
    for (const step of steps) {
      const status = step(state);
      if (status !== undefined) return status;
    }
    const loaded = state.loaded!;
    return await processEvents({
      config: loaded.config,
      document: loaded.document,
      options,
      log,
      io,
      enabledSources: state.enabledSources,
      rules: rules!,
    });
  } catch (err) {
    if (err instanceof Fatal) {
      io.stderr(err.text());
      return err.exitCode;
    }
    throw err;
  }
}
