/**
 * Byte layout of one scap event in memory (little-endian):
 *
 *   ts u64 | tid u64 | len u32 | type u16 | nparams u32 | lengths[nparams] | data
 *
 * `len` counts the whole event including this header. Each entry of
 * `lengths` is a u16, or a u32 for events flagged LARGE_PAYLOAD. Parameter
 * data follows back to back, in order. Captures written before 2019 ("v1"
 * event blocks) lack the nparams field; their parameter count is inferred.
 */
import { EventCode } from './table/event-codes.js';
import { EVENT_TABLE, paramLengthSize } from './event-table.js';

/** Size of the event header (ts, tid, len, type, nparams). */
export const EVENT_HEADER_SIZE = 26;
/** Size of the header of events in v1 blocks, which have no nparams field. */
export const V1_EVENT_HEADER_SIZE = 22;

export interface EventHeader {
  ts: bigint;
  tid: bigint;
  /** Total length in bytes, header included. */
  len: number;
  type: number;
  nparams: number;
}

export class EventLayoutError extends Error {}

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

function u64(b: Uint8Array, o: number): bigint {
  return BigInt(u32(b, o)) | (BigInt(u32(b, o + 4)) << 32n);
}

/** Reads the header of the event starting at `offset` (v2 layout). */
export function readEventHeader(buf: Uint8Array, offset = 0): EventHeader {
  if (offset + EVENT_HEADER_SIZE > buf.length) throw new EventLayoutError('event header truncated');
  return {
    ts: u64(buf, offset),
    tid: u64(buf, offset + 8),
    len: u32(buf, offset + 16),
    type: u16(buf, offset + 20),
    nparams: u32(buf, offset + 22),
  };
}

/**
 * Views of each parameter's bytes, for the event whose header starts at
 * `offset`. Zero-length views are "empty" parameters. Like libscap, when the
 * event carries more parameters than the table knows (a newer capture), only
 * the known ones are returned; unknown event codes give all of them.
 */
export function splitEventParams(buf: Uint8Array, offset = 0): Uint8Array[] {
  const h = readEventHeader(buf, offset);
  const end = offset + h.len;
  if (end > buf.length || h.len < EVENT_HEADER_SIZE) throw new EventLayoutError('event length out of bounds');
  const lenSize = EVENT_TABLE[h.type] ? paramLengthSize(h.type) : 2;
  let lenPos = offset + EVENT_HEADER_SIZE;
  let dataPos = lenPos + lenSize * h.nparams;
  if (dataPos > end) throw new EventLayoutError('parameter lengths overflow the event');
  const known = EVENT_TABLE[h.type]?.params.length ?? h.nparams;
  const n = Math.min(known, h.nparams);
  const out: Uint8Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const l = lenSize === 2 ? u16(buf, lenPos) : u32(buf, lenPos);
    lenPos += lenSize;
    if (dataPos + l > end) throw new EventLayoutError(`parameter ${i} overflows the event`);
    out[i] = buf.subarray(dataPos, dataPos + l);
    dataPos += l;
  }
  return out;
}

/**
 * Parameter count of an event from a v1 block. `body` holds what follows the
 * 22-byte v1 header (lengths then data) up to the end of the event, and
 * `eventLen` is the header's len field. As libscap does, start from the
 * table's current count and step down until the u16 lengths account exactly
 * for the bytes present. Returns undefined for a corrupt event.
 *
 * Note: the v1 `len` does not count a nparams field, and for notification and
 * infrastructure events old writers over-counted it by 3 bytes; the returned
 * `len` is the corrected v2 length.
 */
export function inferV1ParamCount(
  type: number,
  body: Uint8Array,
  eventLen: number,
): { nparams: number; len: number } | undefined {
  let len = eventLen + 4;
  if (type === EventCode.NOTIFICATION_E || type === EventCode.INFRASTRUCTURE_EVENT_E) len -= 3;
  // bytes after the lengths array start, in v2 terms
  const avail = len - EVENT_HEADER_SIZE;
  if (avail < 0 || avail > body.length) return undefined;
  const max = EVENT_TABLE[type]?.params.length ?? 0;
  for (let n = max; n >= 0; n--) {
    let pos = 2 * n;
    if (pos > avail) continue;
    for (let i = 0; i < n; i++) pos += u16(body, 2 * i);
    if (pos < avail) return undefined;
    if (pos === avail) return { nparams: n, len };
  }
  return undefined;
}

/**
 * Builds an event buffer (v2 layout) from its parts; the inverse of
 * readEventHeader + splitEventParams. Used by converters and writers.
 */
export function encodeEvent(
  type: number,
  ts: bigint,
  tid: bigint,
  params: readonly Uint8Array[],
): Uint8Array {
  const lenSize = EVENT_TABLE[type] ? paramLengthSize(type) : 2;
  let dataLen = 0;
  for (const p of params) dataLen += p.length;
  const len = EVENT_HEADER_SIZE + lenSize * params.length + dataLen;
  const out = new Uint8Array(len);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt.asUintN(64, ts), true);
  dv.setBigUint64(8, BigInt.asUintN(64, tid), true);
  dv.setUint32(16, len, true);
  dv.setUint16(20, type, true);
  dv.setUint32(22, params.length, true);
  let lp = EVENT_HEADER_SIZE;
  let dp = lp + lenSize * params.length;
  for (const p of params) {
    if (lenSize === 2) {
      if (p.length > 0xffff) throw new EventLayoutError('parameter longer than 65535 bytes');
      dv.setUint16(lp, p.length, true);
    } else dv.setUint32(lp, p.length, true);
    lp += lenSize;
    out.set(p, dp);
    dp += p.length;
  }
  return out;
}
