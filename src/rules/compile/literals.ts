/**
 * Parsing of the literal operands of a condition into typed values, with the
 * acceptance rules and error texts of Falco's libraries (libs 0.25.4): number
 * parsing behaves like C `sscanf("%d%c")` (decimal only, leading blanks
 * allowed, nothing after the digits, out-of-range values wrapped to the
 * field's width), addresses like glibc `inet_pton`, and string operands are
 * limited to the 255 bytes libs keeps per value.
 */
import type { FieldType } from '../../fields/types.js';
import { parseIPv4, parseIPv6, type IpNetwork } from './ip.js';
import { lookupServicePort } from './services.js';

export type LiteralResult<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): LiteralResult<T> => ({ ok: true, value });
const fail = <T>(error: string): LiteralResult<T> => ({ ok: false, error });

/** The largest buffer libs stores one operand in; longer values are rejected. */
export const MAX_VALUE_STORAGE = 256;

const utf8 = new TextEncoder();

/** Byte length of a string as libs sees it (UTF-8). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** C strings end at the first NUL: libs measures operands with strlen. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

// ---------------------------------------------------------------------------
// Integers

const C_SPACE = /^[ \t\n\v\f\r]*/;

/** What `%d`/`%u` consume: blanks, an optional sign, at least one digit — and nothing may follow. */
function scanDecimal(text: string): { negative: boolean; magnitude: bigint } | undefined {
  const s = cString(text);
  const m = /^([+-]?)([0-9]+)$/.exec(s.replace(C_SPACE, ''));
  if (m === null) return undefined;
  return { negative: m[1] === '-', magnitude: BigInt(m[2]!) };
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** glibc strtol on a 64-bit long: saturates on overflow. */
function strtol(negative: boolean, magnitude: bigint): bigint {
  if (!negative) return magnitude > INT64_MAX ? INT64_MAX : magnitude;
  return magnitude > INT64_MAX + 1n ? -(INT64_MAX + 1n) : -magnitude;
}

/** glibc strtoul: saturates on overflow, negates modulo 2^64 when a '-' is given. */
function strtoul(negative: boolean, magnitude: bigint): bigint {
  if (magnitude > UINT64_MAX) return UINT64_MAX;
  return negative ? BigInt.asUintN(64, -magnitude) : magnitude;
}

/** Integer width and signedness libs parses a field type's operands with. */
export interface IntegerFormat {
  bits: 8 | 16 | 32 | 64;
  signed: boolean;
}

export function integerFormatOf(type: FieldType): IntegerFormat | undefined {
  switch (type) {
    case 'INT8': return { bits: 8, signed: true };
    case 'INT16': return { bits: 16, signed: true };
    case 'INT32': return { bits: 32, signed: true };
    case 'INT64': return { bits: 64, signed: true };
    case 'UINT8': return { bits: 8, signed: false };
    case 'UINT16': return { bits: 16, signed: false };
    case 'UINT32': return { bits: 32, signed: false };
    case 'UINT64':
    case 'RELTIME':
    case 'ABSTIME': return { bits: 64, signed: false };
    default: return undefined;
  }
}

/** A JS number when exact, a bigint otherwise (the FieldValue convention). */
export function normalizeInteger(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * Parses an integer operand for a field of the given width. Values outside the
 * width wrap like the C casts libs applies (`300` for an 8-bit field is 44).
 */
export function parseInteger(text: string, format: IntegerFormat): LiteralResult<number | bigint> {
  const scanned = scanDecimal(text);
  if (scanned === undefined) return fail(`${cString(text)} is not a valid number`);
  let v: bigint;
  if (format.bits === 64) {
    v = format.signed ? strtol(scanned.negative, scanned.magnitude) : strtoul(scanned.negative, scanned.magnitude);
  } else if (format.signed) {
    v = BigInt.asIntN(format.bits, strtol(scanned.negative, scanned.magnitude));
  } else {
    v = BigInt.asUintN(format.bits, strtoul(scanned.negative, scanned.magnitude));
  }
  return ok(normalizeInteger(v));
}

/** DOUBLE operands: libs reads them as 32-bit integers (no fractions). */
export function parseDouble(text: string): LiteralResult<number> {
  const r = parseInteger(text, { bits: 32, signed: true });
  return r.ok ? ok(Number(r.value)) : r;
}

export function parseBool(text: string): LiteralResult<boolean> {
  const s = cString(text);
  if (s === 'true') return ok(true);
  if (s === 'false') return ok(false);
  return fail(`filter error: unrecognized boolean value ${s}`);
}

/** PORT operands: digits, or a service name looked up like getservbyname(3). */
export function parsePort(text: string): LiteralResult<number> {
  const s = cString(text);
  if (s === '') return ok(0);
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    // std::stoi rejects what does not fit an int
    if (n > 2147483647) return fail('stoi');
    return ok(n & 0xffff);
  }
  const port = lookupServicePort(s);
  if (port === undefined) return fail(`unrecognized protocol ${s}`);
  return ok(port);
}

// ---------------------------------------------------------------------------
// Addresses

/** IPADDR operands: IPv4 when the text has a dot anywhere, IPv6 otherwise. */
export function parseIpAddress(text: string): LiteralResult<Uint8Array> {
  const s = cString(text);
  if (s.includes('.')) {
    const v4 = parseIPv4(s);
    return v4 === undefined ? fail(`unrecognized IPv4 address ${s}`) : ok(v4);
  }
  const v6 = parseIPv6(s);
  return v6 === undefined ? fail(`unrecognized IPv6 address ${s}`) : ok(v6);
}

/** IPNET operands (`10.0.0.0/8`, `fe80::/10`), with libs' checks and texts. */
export function parseIpNetwork(text: string): LiteralResult<IpNetwork> {
  const s = cString(text);
  const slash = s.indexOf('/');
  // std::getline(ss, mask) stops at a newline
  const maskOf = (rest: string): string => {
    const nl = rest.indexOf('\n');
    return nl < 0 ? rest : rest.slice(0, nl);
  };
  if (s.includes('.')) {
    if (slash < 0) return fail(`unrecognized IP network ${s}`);
    const addr = parseIPv4(s.slice(0, slash));
    if (addr === undefined) return fail(`unrecognized IP address ${s}`);
    const mask = maskOf(s.slice(slash + 1));
    const len = parseInteger(mask, { bits: 8, signed: false });
    if (!len.ok) return len;
    const prefix = Number(len.value);
    if (prefix > 32) return fail(`invalid netmask ${mask}`);
    return ok({ bytes: addr, prefix });
  }
  if (slash < 0) return fail(`invalid v6 netmask: ${s}`);
  const addr = parseIPv6(s.slice(0, slash));
  if (addr === undefined) return fail(`unrecognized IPv6 address ${s}`);
  const mask = maskOf(s.slice(slash + 1));
  const len = parseInteger(mask, { bits: 8, signed: false });
  if (!len.ok) return len;
  const prefix = Number(len.value);
  if (prefix === 0 || prefix > 128) return fail(`invalid v6 netmask ${mask}`);
  return ok({ bytes: addr, prefix });
}

// ---------------------------------------------------------------------------
// Strings and bytes

/** String operands: cut at a NUL like strlen, at most 255 bytes. */
export function parseString(text: string): LiteralResult<string> {
  const s = cString(text);
  const used = utf8Length(s) + 1;
  if (used > MAX_VALUE_STORAGE) {
    return fail(`filter parameter too long (used=${used}, available=${MAX_VALUE_STORAGE}):${s}`);
  }
  return ok(s);
}

/** BYTEBUF operands of non-hex operators: the raw bytes of the text. */
export function parseByteString(text: string): LiteralResult<Uint8Array> {
  return checkByteLength(utf8.encode(text));
}

function checkByteLength(bytes: Uint8Array): LiteralResult<Uint8Array> {
  if (bytes.length >= MAX_VALUE_STORAGE) return fail('filter parameter too long (byte buf)');
  return ok(bytes);
}

/** `bcontains`/`bstartswith` operands: an even number of hex digits. */
export function parseHexBytes(text: string): LiteralResult<Uint8Array> {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    return fail('filter error: bcontains and bstartswith operator support hex strings only');
  }
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return checkByteLength(bytes);
}
