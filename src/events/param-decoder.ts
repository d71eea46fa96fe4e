/**
 * Decoding of one event parameter's bytes into a JS value, by parameter type.
 * Integers that can exceed 2^53 (64-bit types) come back as `number` when
 * they fit and as `bigint` otherwise, the convention of src/fields/value.ts.
 * An empty parameter (zero bytes: the value is unknown, e.g. added by the
 * capture converter) decodes to `undefined`; Falco prints those as `<NA>`.
 */
import { ParamType, type DynParamInfo, type ParamInfo } from './event-types.js';

export type SockAddr =
  | { readonly family: 'unix'; readonly path: string }
  | { readonly family: 'inet'; readonly ip: string; readonly port: number }
  | { readonly family: 'inet6'; readonly ip: string; readonly port: number }
  | { readonly family: 'other'; readonly code: number };

export type SockTuple =
  | { readonly family: 'inet'; readonly sip: string; readonly sport: number; readonly dip: string; readonly dport: number }
  | { readonly family: 'inet6'; readonly sip: string; readonly sport: number; readonly dip: string; readonly dport: number }
  /** Unix sockets: kernel addresses of both ends, and the path. */
  | { readonly family: 'unix'; readonly source: bigint; readonly dest: bigint; readonly path: string }
  | { readonly family: 'other'; readonly code: number };

export interface FdListEntry {
  readonly fd: number | bigint;
  /** poll flags (PT_FLAGS16 bits of poll_flags). */
  readonly flags: number;
}

/** A DYN parameter: the alternative selected by its first byte, and the decoded rest. */
export interface DynValue {
  readonly index: number;
  readonly type: ParamType;
  readonly value: ParamValue | undefined;
}

export type ParamValue =
  | number
  | bigint
  | string
  | boolean
  | Uint8Array
  | SockAddr
  | SockTuple
  | readonly FdListEntry[]
  | readonly string[]
  | readonly (readonly [string, string])[]
  | DynValue;

/** Socket family codes as the driver encodes them. */
export const SocketFamily = { UNSPEC: 0, UNIX: 1, INET: 2, INET6: 10 } as const;

export class ParamDecodeError extends Error {}

// ---------------------------------------------------------------------------
// Little-endian readers on plain Uint8Arrays (no DataView allocation).

export function readU16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

export function readU32(b: Uint8Array, o: number): number {
  // Integer operations only: small values stay small integers (no boxed doubles).
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

export function readI32(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

const TWO32 = 0x100000000;

/**
 * The signed 64-bit value of (hi, lo) 32-bit halves, as the double nearest to
 * it. Values that fit 32 bits signed are returned from integer operations
 * only: the engine keeps them as small integers, where a computed double
 * would be boxed and turn every field it is stored in into a double field.
 */
export function int64Number(hi: number, lo: number): number {
  if (hi === 0 && lo >= 0) return lo;
  if (hi === -1 && lo < 0) return lo;
  // Exact product, one rounding of the sum: the double nearest the value.
  return hi * TWO32 + (lo >>> 0);
}

/** The unsigned 64-bit value of (hi, lo) 32-bit halves (both read unsigned), as the nearest double. */
export function uint64Number(hi: number, lo: number): number {
  return hi === 0 ? lo : hi * TWO32 + lo;
}

/** Signed 64-bit value: a number when exactly representable, else a bigint. */
export function readI64(b: Uint8Array, o: number): number | bigint {
  const lo = readU32(b, o);
  const hi = readI32(b, o + 4);
  if (hi >= -0x200000 && hi < 0x200000) return int64Number(hi, lo | 0);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Unsigned 64-bit value: a number when exactly representable, else a bigint. */
export function readU64(b: Uint8Array, o: number): number | bigint {
  const lo = readU32(b, o);
  const hi = readU32(b, o + 4);
  if (hi < 0x200000) return uint64Number(hi, lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Signed 64-bit value as a bigint, always. */
export function readI64Big(b: Uint8Array, o: number): bigint {
  return (BigInt(readI32(b, o + 4)) << 32n) | BigInt(readU32(b, o));
}

// ---------------------------------------------------------------------------
// Strings and addresses.

const utf8 = new TextDecoder('utf-8');

/** Bytes up to (not including) the first NUL, or all of them. */
export function cstringBytes(b: Uint8Array, start = 0, end = b.length): Uint8Array {
  let i = start;
  while (i < end && b[i] !== 0) i++;
  return b.subarray(start, i);
}

/** Node's native one-byte string copy (not in its typings); works on any Uint8Array. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

/**
 * Recently decoded ASCII strings, in slots chosen by the length and a few
 * bytes of the text (one entry per slot, the newest wins). Events repeat the
 * same paths and names over and over; handing back the same string object
 * spares a copy and its garbage, and lets later steps that key or compare on
 * it (Map and Set lookups, the path and directory memos) find it by identity.
 */
const TEXT_SLOTS = 1024;
/** Longer strings are decoded each time (rarely repeated, costly to compare). */
const TEXT_CACHED_MAX = 256;
const cachedBytes: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(TEXT_SLOTS).fill(undefined);
const cachedTexts: string[] = new Array<string>(TEXT_SLOTS).fill('');

/** The slot of the `n` text bytes at `start` (n >= 1): from the length and bytes near the end, where names differ most. */
function textSlot(b: Uint8Array, start: number, n: number): number {
  const last = start + n - 1;
  const h = Math.imul(n ^ (b[last]! << 8) ^ (b[last - (n >> 1)]! << 16) ^ (b[last - (n >> 2)]! << 4), 0x9e3779b1);
  return (h >>> 22) & (TEXT_SLOTS - 1);
}

/**
 * The cached text when the bytes at `start` are a cached entry followed by
 * the end or a NUL. Entries hold no NUL, so the text ends where the entry
 * does, as a scan for the first NUL would find.
 */
function cachedText(b: Uint8Array, start: number, end: number): string | undefined {
  const avail = end - start;
  // The text's likely length: up to a final NUL.
  const n = avail > 0 && b[end - 1] === 0 ? avail - 1 : avail;
  if (n < 1 || n > TEXT_CACHED_MAX) return undefined;
  const slot = textSlot(b, start, n);
  const known = cachedBytes[slot];
  if (known === undefined || known.length !== n) return undefined;
  for (let i = 0; i < n; i++) if (known[i] !== b[start + i]) return undefined;
  return cachedTexts[slot];
}

function remember(b: Uint8Array, start: number, n: number, text: string): void {
  const slot = textSlot(b, start, n);
  // A copy of the bytes (a Buffer's own slice would be a view of a batch that moves on).
  const copy = new Uint8Array(n);
  copy.set(b.subarray(start, start + n));
  cachedBytes[slot] = copy;
  cachedTexts[slot] = text;
}

/** A NUL-terminated string as UTF-8 text (invalid sequences become U+FFFD). */
export function decodeCString(b: Uint8Array, start = 0, end = b.length): string {
  const known = cachedText(b, start, end);
  if (known !== undefined) return known;
  // One pass finds the end and whether any byte is non-ASCII; pure ASCII (the
  // common case) is copied natively, without the UTF-8 decoder.
  let i = start;
  let high = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === 0) break;
    high |= c;
  }
  const n = i - start;
  if (n === 0) return '';
  if (high >= 0x80) return utf8.decode(b.subarray(start, i));
  const text = latin1Slice.call(b, start, i);
  // Only texts the lookup can find: those that fill their bytes, up to a final NUL.
  if (n <= TEXT_CACHED_MAX && (i === end || i === end - 1)) remember(b, start, n, text);
  return text;
}

/** True for string parameters encoded the old way for "no value": empty or `(NULL)`. */
export function isLegacyNullString(b: Uint8Array): boolean {
  return (
    b.length === 0 ||
    (b.length === 7 && b[0] === 0x28 && b[1] === 0x4e && b[2] === 0x55 && b[3] === 0x4c &&
      b[4] === 0x4c && b[5] === 0x29 && b[6] === 0)
  );
}

export function ipv4ToString(b: Uint8Array, o = 0): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** IPv6 text form as glibc's inet_ntop writes it (longest zero run compressed, embedded IPv4 forms). */
export function ipv6ToString(b: Uint8Array, o = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += ipv4ToString(b, o + 12);
      break;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** `::ffff:a.b.c.d` or `::` — IPv6 addresses libs treats as IPv4 (mapped, or all-zero). */
export function isIpv4MappedIpv6(b: Uint8Array, o = 0): boolean {
  for (let i = 0; i < 10; i++) if (b[o + i] !== 0) return false;
  if (b[o + 10] === 0xff && b[o + 11] === 0xff) return true;
  for (let i = 10; i < 16; i++) if (b[o + i] !== 0) return false;
  return true;
}

function decodeSockAddr(b: Uint8Array): SockAddr {
  const family = b[0]!;
  if (family === SocketFamily.UNIX) return { family: 'unix', path: decodeCString(b, 1) };
  if (family === SocketFamily.INET && b.length >= 7) {
    return { family: 'inet', ip: ipv4ToString(b, 1), port: readU16(b, 5) };
  }
  if (family === SocketFamily.INET6 && b.length >= 19) {
    return { family: 'inet6', ip: ipv6ToString(b, 1), port: readU16(b, 17) };
  }
  return { family: 'other', code: family };
}

function decodeSockTuple(b: Uint8Array): SockTuple {
  const family = b[0]!;
  if (family === SocketFamily.INET && b.length >= 13) {
    return { family: 'inet', sip: ipv4ToString(b, 1), sport: readU16(b, 5), dip: ipv4ToString(b, 7), dport: readU16(b, 11) };
  }
  if (family === SocketFamily.INET6 && b.length >= 37) {
    return {
      family: 'inet6',
      sip: ipv6ToString(b, 1),
      sport: readU16(b, 17),
      dip: ipv6ToString(b, 19),
      dport: readU16(b, 35),
    };
  }
  if (family === SocketFamily.UNIX && b.length >= 17) {
    const source = BigInt.asUintN(64, readI64Big(b, 1));
    const dest = BigInt.asUintN(64, readI64Big(b, 9));
    return { family: 'unix', source, dest, path: decodeCString(b, 17) };
  }
  return { family: 'other', code: family };
}

function decodeFdList(b: Uint8Array): FdListEntry[] {
  if (b.length < 2) return [];
  const n = readU16(b, 0);
  const out: FdListEntry[] = [];
  for (let i = 0, p = 2; i < n && p + 10 <= b.length; i++, p += 10) {
    out.push({ fd: readI64(b, p), flags: readU16(b, p + 8) });
  }
  return out;
}

/** NUL-separated strings; a trailing NUL does not start another element. */
export function splitNulStrings(b: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0) {
      out.push(decodeCString(b, start, i));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(decodeCString(b, start));
  return out;
}

function expectLen(len: number, n: number, type: ParamType): void {
  if (len !== n) {
    throw new ParamDecodeError(`parameter of type ${type} must be ${n} bytes, got ${len}`);
  }
}

function isLegacyNullAt(b: Uint8Array, o: number, len: number): boolean {
  return (
    len === 0 ||
    (len === 7 && b[o] === 0x28 && b[o + 1] === 0x4e && b[o + 2] === 0x55 && b[o + 3] === 0x4c &&
      b[o + 4] === 0x4c && b[o + 5] === 0x29 && b[o + 6] === 0)
  );
}

/**
 * Decodes bytes of the given type. `dynamic` is needed for DYN parameters.
 * Returns undefined for an empty parameter (and for the legacy `(NULL)` string).
 */
export function decodeValue(
  type: ParamType,
  b: Uint8Array,
  dynamic?: readonly DynParamInfo[],
): ParamValue | undefined {
  return decodeValueAt(type, b, 0, b.length, dynamic);
}

/**
 * decodeValue of the `len` bytes at offset `off` of `b`. Numbers, strings
 * and addresses are read in place (no subarray per call: this is the hot
 * path of event parsing); byte buffers come back as views into `b`.
 */
export function decodeValueAt(
  type: ParamType,
  b: Uint8Array,
  off: number,
  len: number,
  dynamic?: readonly DynParamInfo[],
): ParamValue | undefined {
  switch (type) {
    case ParamType.CHARBUF:
    case ParamType.FSPATH:
    case ParamType.FSRELPATH:
      return isLegacyNullAt(b, off, len) ? undefined : decodeCString(b, off, off + len);
    default:
      break;
  }
  if (len === 0) return undefined;
  switch (type) {
    case ParamType.INT8:
      expectLen(len, 1, type);
      return (b[off]! << 24) >> 24;
    case ParamType.UINT8:
    case ParamType.FLAGS8:
    case ParamType.ENUMFLAGS8:
    case ParamType.SIGTYPE:
    case ParamType.L4PROTO:
    case ParamType.SOCKFAMILY:
      expectLen(len, 1, type);
      return b[off]!;
    case ParamType.INT16:
      expectLen(len, 2, type);
      return (readU16(b, off) << 16) >> 16;
    case ParamType.UINT16:
    case ParamType.FLAGS16:
    case ParamType.ENUMFLAGS16:
    case ParamType.SYSCALLID:
    case ParamType.PORT:
      expectLen(len, 2, type);
      return readU16(b, off);
    case ParamType.INT32:
    case ParamType.FD32:
    case ParamType.PID32:
      expectLen(len, 4, type);
      return readI32(b, off);
    case ParamType.UINT32:
    case ParamType.FLAGS32:
    case ParamType.ENUMFLAGS32:
    case ParamType.UID:
    case ParamType.GID:
    case ParamType.MODE:
    case ParamType.SIGSET:
      expectLen(len, 4, type);
      return readU32(b, off);
    case ParamType.BOOL:
      expectLen(len, 4, type);
      return readU32(b, off) !== 0;
    case ParamType.INT64:
    case ParamType.ERRNO:
    case ParamType.FD:
    case ParamType.PID:
      expectLen(len, 8, type);
      return readI64(b, off);
    case ParamType.UINT64:
    case ParamType.RELTIME:
    case ParamType.ABSTIME:
      expectLen(len, 8, type);
      return readU64(b, off);
    case ParamType.IPV4ADDR:
      expectLen(len, 4, type);
      return ipv4ToString(b, off);
    case ParamType.IPV6ADDR:
      expectLen(len, 16, type);
      return ipv6ToString(b, off);
    default:
      return decodeVariable(type, off === 0 && len === b.length ? b : b.subarray(off, off + len), dynamic);
  }
}

/**
 * How a parameter type reads as a number (see numberAt): the integer width
 * and signedness, booleans, doubles, or NONE for types whose value is not a
 * number (strings, addresses, buffers, lists, DYN).
 */
export const NumKind = {
  NONE: 0,
  I64: 1,
  U64: 2,
  I32: 3,
  U32: 4,
  BOOL: 5,
  I8: 6,
  U8: 7,
  I16: 8,
  U16: 9,
  DOUBLE: 10,
} as const;
export type NumKind = (typeof NumKind)[keyof typeof NumKind];

/** NumKind of each ParamType (indexed by the type code). */
export const NUM_KIND_OF_TYPE: Uint8Array = (() => {
  const k = new Uint8Array(256);
  const set = (kind: NumKind, types: readonly ParamType[]): void => {
    for (const t of types) k[t] = kind;
  };
  set(NumKind.I64, [ParamType.INT64, ParamType.ERRNO, ParamType.FD, ParamType.PID]);
  set(NumKind.U64, [ParamType.UINT64, ParamType.RELTIME, ParamType.ABSTIME]);
  set(NumKind.I32, [ParamType.INT32, ParamType.FD32, ParamType.PID32]);
  set(NumKind.U32, [ParamType.UINT32, ParamType.FLAGS32, ParamType.ENUMFLAGS32, ParamType.UID, ParamType.GID, ParamType.MODE, ParamType.SIGSET]);
  set(NumKind.BOOL, [ParamType.BOOL]);
  set(NumKind.I8, [ParamType.INT8]);
  set(NumKind.U8, [ParamType.UINT8, ParamType.FLAGS8, ParamType.ENUMFLAGS8, ParamType.SIGTYPE, ParamType.L4PROTO, ParamType.SOCKFAMILY]);
  set(NumKind.I16, [ParamType.INT16]);
  set(NumKind.U16, [ParamType.UINT16, ParamType.FLAGS16, ParamType.ENUMFLAGS16, ParamType.SYSCALLID, ParamType.PORT]);
  set(NumKind.DOUBLE, [ParamType.DOUBLE]);
  return k;
})();

/**
 * The number `len` bytes at `off` hold for a parameter of this kind, as
 * decodeValueAt's value converted to a number: integers (64-bit ones
 * rounded to the nearest double, as Number() of their bigint would),
 * booleans as 1/0, doubles as they are. Undefined where decoding gives no
 * number: a length other than the kind's (empty or malformed) or NONE.
 * Small on purpose, so the compiler inlines it into the hot accessors: the
 * state parsers read most parameters this way, several per event.
 */
export function numberAt(kind: number, b: Uint8Array, off: number, len: number): number | undefined {
  if (kind === NumKind.I64) return len === 8 ? int64Number(readI32(b, off + 4), readI32(b, off)) : undefined;
  if (kind === NumKind.U32) return len === 4 ? readU32(b, off) : undefined;
  if (kind === NumKind.U64) return len === 8 ? uint64Number(readU32(b, off + 4), readU32(b, off)) : undefined;
  if (kind === NumKind.U8) return len === 1 ? b[off]! : undefined;
  if (kind === NumKind.NONE) return undefined;
  return smallNumberAt(kind, b, off, len);
}

/** numberAt with `dv` a DataView over the same bytes as `b`: the common kinds are read through it. */
export function numberInView(kind: number, dv: DataView, b: Uint8Array, off: number, len: number): number | undefined {
  if (kind === NumKind.I64) return len === 8 ? int64Number(dv.getInt32(off + 4, true), dv.getInt32(off, true)) : undefined;
  if (kind === NumKind.U32) return len === 4 ? dv.getUint32(off, true) : undefined;
  if (kind === NumKind.U64) return len === 8 ? uint64Number(dv.getUint32(off + 4, true), dv.getUint32(off, true)) : undefined;
  if (kind === NumKind.U8) return len === 1 ? b[off]! : undefined;
  if (kind === NumKind.NONE) return undefined;
  return smallNumberAt(kind, b, off, len);
}

function smallNumberAt(kind: number, b: Uint8Array, off: number, len: number): number | undefined {
  switch (kind) {
    case NumKind.I32:
      return len === 4 ? readI32(b, off) : undefined;
    case NumKind.BOOL:
      return len === 4 ? (readU32(b, off) !== 0 ? 1 : 0) : undefined;
    case NumKind.I8:
      return len === 1 ? (b[off]! << 24) >> 24 : undefined;
    case NumKind.I16:
      return len === 2 ? (readU16(b, off) << 16) >> 16 : undefined;
    case NumKind.U16:
      return len === 2 ? readU16(b, off) : undefined;
    case NumKind.DOUBLE:
      return len === 8 ? new DataView(b.buffer, b.byteOffset + off, 8).getFloat64(0, true) : undefined;
    default:
      return undefined;
  }
}

/** Types other than the C strings whose decoded value is a string. */
const STRING_VALUED: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const type of [ParamType.IPV4ADDR, ParamType.IPV6ADDR, ParamType.IPADDR, ParamType.IPV4NET, ParamType.IPV6NET, ParamType.IPNET]) t[type] = 1;
  return t;
})();

/**
 * decodeValueAt's result when it is text, else undefined: the string types
 * (NUL-terminated; empty or legacy `(NULL)` gives undefined) are read
 * directly, the address types through the full decoder. Malformed
 * parameters give undefined.
 */
export function decodeStringAt(
  type: ParamType,
  b: Uint8Array,
  off: number,
  len: number,
  dynamic?: readonly DynParamInfo[],
): string | undefined {
  try {
    if (type === ParamType.CHARBUF || type === ParamType.FSPATH || type === ParamType.FSRELPATH) {
      return isLegacyNullAt(b, off, len) ? undefined : decodeCString(b, off, off + len);
    }
    if (STRING_VALUED[type] !== 1) return undefined;
    const v = decodeValueAt(type, b, off, len, dynamic);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The types decoded from their own byte view (non-empty). */
function decodeVariable(type: ParamType, b: Uint8Array, dynamic: readonly DynParamInfo[] | undefined): ParamValue | undefined {
  switch (type) {
    case ParamType.DOUBLE:
      expectLen(b.length, 8, type);
      return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
    case ParamType.BYTEBUF:
      return b;
    case ParamType.SOCKADDR:
      return decodeSockAddr(b);
    case ParamType.SOCKTUPLE:
      return decodeSockTuple(b);
    case ParamType.FDLIST:
      return decodeFdList(b);
    case ParamType.CHARBUFARRAY:
      return splitNulStrings(b);
    case ParamType.CHARBUF_PAIR_ARRAY: {
      const parts = splitNulStrings(b);
      const pairs: (readonly [string, string])[] = [];
      for (let i = 0; i + 1 < parts.length; i += 2) pairs.push([parts[i]!, parts[i + 1]!]);
      return pairs;
    }
    case ParamType.IPADDR:
      return b.length === 4 ? ipv4ToString(b) : ipv6ToString(b);
    case ParamType.IPV4NET:
      return `${ipv4ToString(b)}/${b[4]}`;
    case ParamType.IPV6NET:
      return `${ipv6ToString(b)}/${b[16]}`;
    case ParamType.IPNET:
      return b.length === 5 ? `${ipv4ToString(b)}/${b[4]}` : `${ipv6ToString(b)}/${b[16]}`;
    case ParamType.DYN: {
      const index = b[0]!;
      const alt = dynamic?.[index];
      if (!alt) return { index, type: ParamType.BYTEBUF, value: b.subarray(1) };
      return { index, type: alt.type, value: decodeValue(alt.type, b.subarray(1)) };
    }
    default:
      return b;
  }
}

/** Decodes a parameter according to its table entry. */
export function decodeParam(info: ParamInfo, bytes: Uint8Array): ParamValue | undefined {
  return decodeValueAt(info.type, bytes, 0, bytes.length, info.dynamic);
}
