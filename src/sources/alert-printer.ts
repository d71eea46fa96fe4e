/**
 * Turns rule matches into alert lines on standard output (text or JSON, as
 * falco.yaml says) and counts them for Falco's end-of-run summary. Lines are
 * collected and written in chunks (`flush`), not one write per alert.
 */
import type { FalcoConfig } from '../config/falco-config.js';
import type { SyscallEvent } from '../fields/extract/syscall-event.js';
import {
  formatAlertJson, formatAlertText, formatInternalAlertJson, formatInternalAlertText,
  type Alert, type AlertFormatOptions, type InternalAlert,
} from '../outputs/alert-format.js';
import { AlertCounter, formatSummary } from '../outputs/summary.js';
import type { RuleOutput } from './syscall-rules.js';

/** Characters of alert text collected before a write. */
const FLUSH_AT = 64 * 1024;

export function alertFormatOptions(config: FalcoConfig): AlertFormatOptions {
  return {
    timeFormatIso8601: config.timeFormatIso8601,
    jsonIncludeOutputProperty: config.jsonIncludeOutputProperty,
    jsonIncludeTagsProperty: config.jsonIncludeTagsProperty,
    jsonIncludeMessageProperty: config.jsonIncludeMessageProperty,
    jsonIncludeOutputFieldsProperty: config.jsonIncludeOutputFieldsProperty,
    bufferFormat: config.bufferFormatBase64 ? 'base64' : 'dots',
  };
}

export class AlertPrinter {
  private readonly counter: AlertCounter;
  private readonly options: AlertFormatOptions;
  private readonly json: boolean;
  private readonly toStdout: boolean;
  private pending = '';
  /** `buffered_outputs: false` (or -U): every alert is written at once. */
  private readonly flushAt: number;

  constructor(
    config: FalcoConfig,
    /** Rules in load order: the summary lists them in this order. */
    loadOrder: ReadonlyArray<{ name: string; priority: number }>,
    private readonly hostname: string,
    private readonly write: (text: string) => void,
  ) {
    this.counter = new AlertCounter(loadOrder);
    this.options = alertFormatOptions(config);
    this.json = config.jsonOutput;
    this.toStdout = config.stdoutOutput.enabled;
    this.flushAt = config.bufferedOutputs ? FLUSH_AT : 0;
  }

  /** Formats and writes the alert of `rule` for the current event. */
  emit(rule: RuleOutput, ev: SyscallEvent): void {
    this.counter.record(rule.index);
    if (!this.toStdout) return;
    const rendered = rule.template.render(ev);
    // Falco reads the fields a second time for JSON output_fields; fields
    // that depend on their past reads (evt.deltatime) show that.
    const fields = this.json && this.options.jsonIncludeOutputFieldsProperty !== false ? rule.template.render(ev).fields : rendered.fields;
    const alert: Alert = {
      time: ev.ts,
      priority: rule.priority,
      rule: rule.name,
      source: rule.source,
      tags: rule.tags,
      message: rendered.text,
      fields,
      hostname: this.hostname,
    };
    if (rule.extraFields !== undefined) alert.extraFields = rule.extraFields.render(ev);
    const line = this.json ? formatAlertJson(alert, this.options) : formatAlertText(alert, this.options);
    this.pending += `${line}\n`;
    if (this.pending.length >= this.flushAt) this.flush();
  }

  /**
   * Writes one of Falco's own alerts (source `internal`, e.g. the syscall
   * event drop alert) in the configured form; not counted in the summary.
   */
  emitInternal(alert: InternalAlert): void {
    if (!this.toStdout) return;
    const line = this.json ? formatInternalAlertJson(alert) : formatInternalAlertText(alert);
    this.pending += `${line}\n`;
    this.flush();
  }

  /** Writes the alert lines collected so far. */
  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.write(text);
  }

  /** Falco's summary ("Events detected: N" ...), printed when outputs close (after a flush). */
  summary(): string {
    return formatSummary(this.counter.stats());
  }
}
