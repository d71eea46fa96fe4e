/**
 * Event timestamps (nanoseconds since the epoch) as Falco prints them:
 * - `evt.time` / the default alert prefix: local time of day, `HH:MM:SS.nnnnnnnnn`;
 * - `evt.time.iso8601` / the `time_format_iso_8601` prefix: UTC, `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`;
 * - the `time` property of JSON alerts: UTC, `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.
 *
 * libsinsp turns UTC into local time with the offset in effect *now*, whole
 * minutes only, not the offset at the event's date; so does this module, so
 * that a capture from summer replayed in winter prints the same hours Falco does.
 */

const NS_PER_SECOND = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400;

/** The local UTC offset (seconds east of Greenwich) in effect now, in whole minutes. */
export function currentUtcOffsetSeconds(): number {
  // getTimezoneOffset() is minutes *west* of UTC.
  const west = Math.trunc(new Date().getTimezoneOffset());
  return west === 0 ? 0 : -west * 60;
}

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

/** Whole seconds and the nanosecond remainder of a (non-negative) timestamp. */
function split(ns: bigint): { seconds: number; nanos: string } {
  return { seconds: Number(ns / NS_PER_SECOND), nanos: pad(ns % NS_PER_SECOND, 9) };
}

/**
 * Time of day (`16:17:57.881785348`), local unless `utcOffsetSeconds` says
 * otherwise; `withDate` prefixes the local date (`2016-08-04 `, `evt.datetime`).
 */
export function timeOfDayText(ns: bigint, options: { utcOffsetSeconds?: number; withDate?: boolean; withNanos?: boolean } = {}): string {
  const offset = options.utcOffsetSeconds ?? currentUtcOffsetSeconds();
  const { seconds, nanos } = split(ns);
  const local = seconds + offset;
  const s = ((local % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  let text = '';
  if (options.withDate === true) {
    const d = new Date((local - s) * 1000);
    text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} `;
  }
  text += `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor((s % 3600) / 60), 2)}:${pad(s % 60, 2)}`;
  if (options.withNanos !== false) text += `.${nanos}`;
  return text;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC. */
function utcDateTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`
  );
}

/** `evt.time.iso8601`: `2016-08-04T16:17:57.881785348+0000` (always UTC). */
export function iso8601Text(ns: bigint): string {
  const { seconds, nanos } = split(ns);
  return `${utcDateTime(seconds)}.${nanos}+0000`;
}

/** The `time` property of JSON alerts: `2016-08-04T16:17:57.881785348Z`. */
export function jsonTimeText(ns: bigint): string {
  const { seconds, nanos } = split(ns);
  return `${utcDateTime(seconds)}.${nanos}Z`;
}
