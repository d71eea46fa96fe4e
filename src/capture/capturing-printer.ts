/**
 * Wires capture on alert into a syscall run: an AlertPrinter that also tells
 * the capture about each alert it prints and flushes the running capture file
 * whenever it flushes its alert lines (after each live batch, every slice of
 * a replay, and at the end of the run, so the file on disk is complete).
 */
import type { FalcoConfig } from '../config/falco-config.js';
import type { SyscallEvent } from '../fields/extract/syscall-event.js';
import type { LoadedRule } from '../rules/engine.js';
import { AlertPrinter } from '../sources/alert-printer.js';
import type { RuleOutput } from '../sources/syscall-rules.js';
import { AlertCapture, type AlertCaptureDependencies, type RuleCaptureSettings } from './alert-capture.js';

/** Each rule's `capture` / `capture_duration`, by name. */
export function ruleCaptureSettings(rules: readonly LoadedRule[]): Map<string, RuleCaptureSettings> {
  const out = new Map<string, RuleCaptureSettings>();
  for (const r of rules) out.set(r.name, { capture: r.capture, captureDurationMs: r.captureDuration });
  return out;
}

export class CapturingAlertPrinter extends AlertPrinter {
  constructor(
    readonly capture: AlertCapture,
    config: FalcoConfig,
    loadOrder: ReadonlyArray<{ name: string; priority: number }>,
    hostname: string,
    write: (text: string) => void,
  ) {
    super(config, loadOrder, hostname, write);
  }

  override emit(rule: RuleOutput, ev: SyscallEvent): void {
    super.emit(rule, ev);
    this.capture.alert(rule.name, ev);
  }

  override flush(): void {
    this.capture.flush();
    super.flush();
  }
}

export interface CapturingPrinterSetup {
  config: FalcoConfig;
  rules: readonly LoadedRule[];
  loadOrder: ReadonlyArray<{ name: string; priority: number }>;
  hostname: string;
  write: (text: string) => void;
  log: AlertCaptureDependencies['log'];
}

/** The printer of a run with `capture.enabled`: alerts printed as usual, captures written around them. */
export function capturingPrinter(setup: CapturingPrinterSetup): CapturingAlertPrinter {
  const settings = ruleCaptureSettings(setup.rules);
  let printer: CapturingAlertPrinter | undefined;
  const capture = new AlertCapture(setup.config.capture, {
    rule: (name) => settings.get(name),
    log: setup.log,
    // The size-limit message goes out like Falco's other internal messages.
    internal: (alert) => printer?.emitInternal(alert),
    hostname: setup.hostname,
  });
  printer = new CapturingAlertPrinter(capture, setup.config, setup.loadOrder, setup.hostname, setup.write);
  return printer;
}
