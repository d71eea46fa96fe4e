/**
 * Alert lines exactly as Falco 0.44.1 prints them.
 *
 * Text: `<time>: <Priority> <message>`, the time being the event's local time
 * of day (`16:17:57.881785348`) or, with `time_format_iso_8601`, its UTC
 * ISO 8601 form (`2016-08-04T16:17:57.881785348+0000`). Printed as is.
 *
 * JSON: one object, keys sorted (Falco builds it with nlohmann::json):
 * `hostname`, `message`?, `output`?, `output_fields`?, `priority`, `rule`,
 * `source`, `tags`?, `time`. `output_fields` holds the message's fields
 * (typed, see value-json.ts), the time field of the prefix (`evt.time` or
 * `evt.time.iso8601`: the raw nanoseconds), and the `append_output`
 * extra fields, later ones replacing earlier ones of the same name.
 */
import { priorityName } from '../rules/loader/priority.js';
import { writeJson, type JsonValue } from './json-writer.js';
import type { AlertField } from './output-template.js';
import { iso8601Text, jsonTimeText, timeOfDayText } from './time-format.js';
import { fieldJson } from './value-json.js';
import type { ValueTextOptions } from './value-text.js';

/**
 * An extra output field (`append_output[].extra_fields`): a formatted one is
 * its text; a raw one is its field and value, or null when the key names no
 * plain field of its format (Falco then reports null).
 */
export type ExtraFieldValue = string | AlertField | null;

export interface Alert {
  /** Event timestamp, nanoseconds since the epoch. */
  time: bigint;
  /** Falco's priority number: 0 Emergency ... 7 Debug. */
  priority: number;
  rule: string;
  /** Event source of the rule (`syscall`, `k8s_audit`, ...). */
  source: string;
  tags: readonly string[];
  /** The rule's output, formatted (OutputTemplate.render().text). */
  message: string;
  /** The fields of the rule's output (OutputTemplate.render().fields). */
  fields: Record<string, AlertField>;
  /** FALCO_HOSTNAME, or the machine's host name. */
  hostname: string;
  /** `append_output` extra fields for this rule, by key (JSON only). */
  extraFields?: Record<string, ExtraFieldValue>;
}

export interface AlertFormatOptions extends ValueTextOptions {
  /** `time_format_iso_8601` */
  timeFormatIso8601?: boolean;
  /** `json_include_output_property` (Falco's default: true) */
  jsonIncludeOutputProperty?: boolean;
  /** `json_include_tags_property` (default: true) */
  jsonIncludeTagsProperty?: boolean;
  /** `json_include_message_property` (default: false) */
  jsonIncludeMessageProperty?: boolean;
  /** `json_include_output_fields_property` (default: true) */
  jsonIncludeOutputFieldsProperty?: boolean;
  /** Local time's offset from UTC in seconds; defaults to the one in effect now. */
  utcOffsetSeconds?: number;
}

/** The prefix's time: what `%evt.time` or `%evt.time.iso8601` prints. */
function prefixTime(time: bigint, options: AlertFormatOptions): string {
  if (options.timeFormatIso8601 === true) return iso8601Text(time);
  return options.utcOffsetSeconds === undefined ? timeOfDayText(time) : timeOfDayText(time, { utcOffsetSeconds: options.utcOffsetSeconds });
}

/** The full text line (also the `output` property of JSON alerts), without newline. */
export function formatAlertText(alert: Alert, options: AlertFormatOptions = {}): string {
  return `${prefixTime(alert.time, options)}: ${priorityName(alert.priority)} ${alert.message}`;
}

/** The fields of `output_fields`, in the order Falco merges them. */
export function alertOutputFields(alert: Alert, options: AlertFormatOptions = {}): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, f] of Object.entries(alert.fields)) out[key] = fieldJson(f.info, f.value, alert.time, options);
  const timeKey = options.timeFormatIso8601 === true ? 'evt.time.iso8601' : 'evt.time';
  out[timeKey] = fieldJson({ name: timeKey, type: 'CHARBUF', description: '', flags: {} }, undefined, alert.time);
  for (const [key, extra] of Object.entries(alert.extraFields ?? {})) {
    if (extra === null || typeof extra === 'string') out[key] = extra;
    else out[key] = fieldJson(extra.info, extra.value, alert.time, options);
  }
  return out;
}

/** The JSON line (`json_output: true`), without newline. */
export function formatAlertJson(alert: Alert, options: AlertFormatOptions = {}): string {
  const event: Record<string, JsonValue> = {
    time: jsonTimeText(alert.time),
    rule: alert.rule,
    priority: priorityName(alert.priority),
    source: alert.source,
    hostname: alert.hostname,
  };
  if (options.jsonIncludeOutputProperty !== false) event['output'] = formatAlertText(alert, options);
  if (options.jsonIncludeTagsProperty !== false) {
    // A std::set in Falco: sorted, no duplicates.
    event['tags'] = [...new Set(alert.tags)].sort(compareBytes);
  }
  if (options.jsonIncludeMessageProperty === true) event['message'] = alert.message;
  if (options.jsonIncludeOutputFieldsProperty !== false) event['output_fields'] = alertOutputFields(alert, options);
  return writeJson(event);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Falco's own alerts (source `internal`, e.g. "Falco internal: syscall event
 * drop"): the message followed by its fields as `(k=v k2=v2)` in text, with
 * values JSON-encoded; in JSON, the fields as `output_fields` as given.
 */
export interface InternalAlert {
  time: bigint;
  priority: number;
  rule: string;
  message: string;
  fields: Record<string, JsonValue>;
  hostname: string;
}

export function formatInternalAlertText(alert: InternalAlert, options: { utcOffsetSeconds?: number } = {}): string {
  const time = options.utcOffsetSeconds === undefined ? timeOfDayText(alert.time) : timeOfDayText(alert.time, { utcOffsetSeconds: options.utcOffsetSeconds });
  // nlohmann iterates object keys in sorted order.
  const pairs = Object.keys(alert.fields)
    .sort(compareBytes)
    .map((k) => `${k}=${writeJson(alert.fields[k]!)}`);
  return `${time}: ${priorityName(alert.priority)} ${alert.message} (${pairs.join(' ')})`;
}

export function formatInternalAlertJson(alert: InternalAlert): string {
  return writeJson({
    output: alert.message,
    priority: priorityName(alert.priority),
    rule: alert.rule,
    time: jsonTimeText(alert.time),
    output_fields: alert.fields,
    hostname: alert.hostname,
    source: 'internal',
  });
}
