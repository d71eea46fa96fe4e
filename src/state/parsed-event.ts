/**
 * The view of one event the state layer consumes: its code, time, thread
 * and parameters (decoded, and as raw bytes for the socket addresses the
 * fd parsers read byte by byte). Anything that can answer these satisfies
 * it — the capture reader's EventView through ViewEvent, or a synthetic
 * event. Implementations may be reused from one event to the next, so
 * parsers copy what they keep.
 *
 * The helpers below read parameters with libsinsp's conventions: a
 * parameter is "empty" when it has no bytes (unknown value); an empty or
 * legacy `(NULL)` string reads as `<NA>`.
 */
import { EVENT_TABLE } from '../events/event-table.js';
import { ParamType } from '../events/event-types.js';
import { splitNulStrings, type ParamValue } from '../events/param-decoder.js';

export type { ParamValue };

export interface ParsedEvent {
  /** Event code (EventCode): even = enter, odd = exit. */
  readonly code: number;
  /** Nanoseconds since the epoch. */
  readonly ts: bigint;
  /** Thread id (-1 for events not tied to a thread). */
  readonly tid: number;
  /** Number of parameters present. */
  readonly nparams: number;
  /** Decoded value of parameter i; undefined when absent or empty. */
  param(i: number): ParamValue | undefined;
  /** Bytes of parameter i (length 0 when empty); undefined when absent. */
  rawParam(i: number): Uint8Array | undefined;
  /**
   * Byte length of parameter i (0 when empty or absent), without building a
   * view of its bytes. Optional: the helpers fall back on rawParam.
   */
  paramLength?(i: number): number;
  /**
   * Parameter i as `numParam` reads it (integers, 64-bit ones as the nearest
   * double; booleans as 1/0), without building the decoded value. Optional:
   * the helpers fall back on param.
   */
  paramNumber?(i: number): number | undefined;
  /** Parameter i when its decoded value is text, else undefined. Optional: the helpers fall back on param. */
  paramString?(i: number): string | undefined;
}

export const NA = '<NA>';

const TWO_POW_53 = 2 ** 53;

/** The event's name (`evt.type` for table events). */
export function eventName(ev: ParsedEvent): string {
  return EVENT_TABLE[ev.code]?.name ?? 'unknown';
}

/** Index of a parameter by name for this event code, or -1. */
export function paramIndex(code: number, name: string): number {
  const params = EVENT_TABLE[code]?.params;
  if (params === undefined) return -1;
  for (let i = 0; i < params.length; i++) if (params[i]!.name === name) return i;
  return -1;
}

/** Decoded value of a parameter given by name. */
export function paramByName(ev: ParsedEvent, name: string): ParamValue | undefined {
  const i = paramIndex(ev.code, name);
  return i < 0 ? undefined : ev.param(i);
}

/** True when parameter i is absent or has no bytes. */
export function isEmptyParam(ev: ParsedEvent, i: number): boolean {
  if (i >= ev.nparams) return true;
  if (ev.paramLength !== undefined) return ev.paramLength(i) === 0;
  const raw = ev.rawParam(i);
  return raw === undefined || raw.length === 0;
}

/** Parameter i as a number (64-bit values converted); undefined when empty. */
export function numParam(ev: ParsedEvent, i: number): number | undefined {
  if (i >= ev.nparams) return undefined;
  if (ev.paramNumber !== undefined) return ev.paramNumber(i);
  const v = ev.param(i);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/** Parameter i as a number, or `dflt` when empty. */
export function numParamOr(ev: ParsedEvent, i: number, dflt: number): number {
  const v = numParam(ev, i);
  return v === undefined ? dflt : v;
}

/** Parameter i as an unsigned 64-bit bigint; undefined when empty. */
export function bigParam(ev: ParsedEvent, i: number): bigint | undefined {
  if (i >= ev.nparams) return undefined;
  const v = ev.param(i);
  if (typeof v === 'bigint') return BigInt.asUintN(64, v);
  if (typeof v === 'number') return BigInt.asUintN(64, BigInt(v));
  return undefined;
}

/** Parameter i as an unsigned 64-bit value in the form the state keeps it (number when exact). */
export function u64Param(ev: ParsedEvent, i: number): number | bigint | undefined {
  if (ev.paramNumber !== undefined && ev.paramLength !== undefined && ev.paramLength(i) === 8) {
    // An 8-byte number below 2^53 is exact and what the decoded value gives; others take the full path.
    const n = ev.paramNumber(i);
    if (n !== undefined && n >= 0 && n < TWO_POW_53) return n;
  }
  const v = ev.param(i);
  if (typeof v === 'number') return v < 0 ? BigInt.asUintN(64, BigInt(v)) : v;
  if (typeof v === 'bigint') return BigInt.asUintN(64, v);
  return undefined;
}

function isStringType(code: number, i: number): boolean {
  const t = EVENT_TABLE[code]?.params[i]?.type;
  return t === ParamType.CHARBUF || t === ParamType.FSPATH || t === ParamType.FSRELPATH;
}

/**
 * Parameter i as text; an empty parameter (or the legacy `(NULL)`) reads as
 * `<NA>` for string parameters and '' otherwise.
 */
export function strParam(ev: ParsedEvent, i: number): string {
  if (i < ev.nparams) {
    const v = ev.paramString !== undefined ? ev.paramString(i) : ev.param(i);
    if (typeof v === 'string') return v;
  }
  return isStringType(ev.code, i) ? NA : '';
}

/**
 * Parameter i as a list of NUL-separated strings (args, env, cgroups): one
 * trailing NUL is ignored; empty gives [].
 */
export function listParam(ev: ParsedEvent, i: number): string[] {
  if (i >= ev.nparams) return [];
  const raw = ev.rawParam(i);
  if (raw === undefined || raw.length === 0) return [];
  return splitNulStrings(raw);
}

/** A copy of parameter i's bytes (events may be reused), or undefined when absent/empty. */
export function rawParamCopy(ev: ParsedEvent, i: number): Uint8Array | undefined {
  if (i >= ev.nparams) return undefined;
  const raw = ev.rawParam(i);
  // new Uint8Array copies; a Buffer's own slice() would be a view of the reader's buffer.
  return raw === undefined || raw.length === 0 ? undefined : new Uint8Array(raw);
}
