/**
 * What every `syscall` event source shares once events are in the state
 * engine: the host name alerts carry, the loaded rules compiled for the
 * syscall fields, the alert printer, and the step that matches one event
 * against the ruleset (Falco's `rule_matching: first | all`) and prints the
 * alerts. The replay and live sources differ only in where events come
 * from. With `capture.enabled`, alerts also start capture files
 * (src/capture/), fed with every event the rules see.
 */
import { hostname as osHostname } from 'node:os';
import type { LoadedRules } from '../cli/rules-steps.js';
import type { RunContext } from '../cli/run.js';
import { eventTypeOf } from '../fields/extract/evt.js';
import type { RunInfo, SyscallEvent } from '../fields/extract/syscall-event.js';
import type { ExtractorFactory } from '../fields/value.js';
import type { AlertCapture } from '../capture/alert-capture.js';
import { capturingPrinter, CapturingAlertPrinter } from '../capture/capturing-printer.js';
import { AlertPrinter } from './alert-printer.js';
import { compileSyscallRules, SYSCALL_SOURCE, type SyscallRules } from './syscall-rules.js';

/** FALCO_HOSTNAME when set (even empty), else the machine's name: what Falco puts in alerts. */
export function alertHostname(env: NodeJS.ProcessEnv): string {
  const v = env['FALCO_HOSTNAME'];
  return v !== undefined ? v : osHostname();
}

export interface SyscallRun {
  readonly rules: SyscallRules;
  readonly printer: AlertPrinter;
  readonly hostname: string;
  /** Shared with the SyscallEvent: the run's facts fields read. */
  readonly run: RunInfo;
  /** Matches the current event and prints its alerts. */
  evaluate(ev: SyscallEvent): void;
  /** With `capture.enabled`: the capture files written around alerts. */
  readonly capture?: AlertCapture;
}

/**
 * Compiles the rules and sets up alert printing for a run (logging Falco's
 * line when FALCO_HOSTNAME overrides the host name).
 */
export function prepareSyscallRun(ctx: RunContext<LoadedRules>, factory: ExtractorFactory<SyscallEvent>): SyscallRun {
  const { config, io, log, options } = ctx;
  const envHost = io.env['FALCO_HOSTNAME'];
  if (envHost !== undefined) log.info(`Hostname value has been overridden via environment variable to: ${envHost}`);
  const hostname = alertHostname(io.env);
  const rules = compileSyscallRules(ctx.rules.engine, factory, {
    selection: ctx.rules.selection,
    minPriority: ctx.rules.minPriority,
    appendOutput: config.appendOutput,
    ...(options.printAdditional !== '' ? { printAdditional: options.printAdditional } : {}),
    outputOptions: { bufferFormat: config.bufferFormatBase64 ? 'base64' : 'dots' },
  });
  const write = (t: string): void => io.stdout(t);
  // capture.enabled: the printer also starts and feeds capture files around alerts.
  const printer = config.capture.enabled
    ? capturingPrinter({ config, rules: ctx.rules.engine.rules(), loadOrder: rules.loadOrder, hostname, write, log: (level, m) => log.log(level, m) })
    : new AlertPrinter(config, rules.loadOrder, hostname, write);
  const capture = printer instanceof CapturingAlertPrinter ? printer.capture : undefined;
  const run: RunInfo = { source: SYSCALL_SOURCE, hostname, bufferFormatBase64: config.bufferFormatBase64, firstEventTs: 0n };
  const { ruleset, outputs } = rules;
  const evaluateRules =
    config.ruleMatching === 'all'
      ? (ev: SyscallEvent): void => {
          for (const r of ruleset.match(eventTypeOf(ev), ev, true)) printer.emit(outputs.get(r.name)!, ev);
        }
      : (ev: SyscallEvent): void => {
          const r = ruleset.matchFirst(eventTypeOf(ev), ev);
          if (r !== undefined) printer.emit(outputs.get(r.name)!, ev);
        };
  const evaluate =
    capture === undefined
      ? evaluateRules
      : (ev: SyscallEvent): void => {
          evaluateRules(ev);
          capture.afterEvent(ev);
        };
  return { rules, printer, hostname, run, evaluate, ...(capture !== undefined ? { capture } : {}) };
}
