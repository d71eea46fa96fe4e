/**
 * Runtime semantics of the comparison operators, per domain, as libs'
 * flt_compare and friends define them. This is the reference both the
 * interpreter (directly) and the generated code (for everything it does not
 * inline) rely on. Inputs are one left-hand value already brought into the
 * domain's form (see `toDomainValue`) and one parsed right-hand operand.
 */
import type { FieldType } from '../../fields/types.js';
import type { FieldScalar } from '../../fields/value.js';
import type { CompareOp, ConstValue, Domain, Modifier } from './checked.js';
import { globMatch } from './glob.js';
import { ipEquals, networkContains, toIpAddress, type IpNetwork } from './ip.js';
import { pathPrefixMatches } from './path-prefix.js';
import { compileRegex } from './re2-posix.js';

export function domainOf(type: FieldType): Domain {
  switch (type) {
    case 'INT8': case 'INT16': case 'INT32': case 'INT64':
    case 'UINT8': case 'UINT16': case 'UINT32': case 'UINT64':
    case 'RELTIME': case 'ABSTIME': case 'PORT':
      return 'int';
    case 'DOUBLE': return 'double';
    case 'BOOL': return 'bool';
    case 'CHARBUF': case 'FSPATH': case 'FSRELPATH': return 'string';
    case 'BYTEBUF': return 'bytes';
    case 'IPADDR': return 'ipaddr';
    case 'IPNET': return 'ipnet';
    case 'DYNAMIC': return 'dynamic';
  }
}

// ---------------------------------------------------------------------------
// Text and bytes

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes as a C string: up to the first NUL, decoded as UTF-8. */
export function cStringOf(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return decoder.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Maps ASCII letters of one case with `shift` (+32 lower, -32 upper), leaving every other character. */
function shiftAsciiCase(s: string, from: number, shift: number): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= from && c <= from + 25) {
      if (i > start) parts.push(s.slice(start, i));
      parts.push(String.fromCharCode(c + shift));
      start = i + 1;
    }
  }
  if (start < s.length) parts.push(s.slice(start));
  // One flat string: a rope of single characters is slow to search.
  return parts.join('');
}

/** C-locale tolower: only ASCII letters change. */
export function asciiLower(s: string): string {
  if (!UPPER.test(s)) return s;
  // On ASCII text the locale-free JavaScript mapping is the C one.
  return NON_ASCII.test(s) ? shiftAsciiCase(s, 65, 32) : s.toLowerCase();
}

/** C-locale toupper: only ASCII letters change. */
export function asciiUpper(s: string): string {
  if (!LOWER.test(s)) return s;
  return NON_ASCII.test(s) ? shiftAsciiCase(s, 97, -32) : s.toUpperCase();
}

/**
 * `icontains` of a fixed needle: `asciiLower(x).includes(asciiLower(needle))`
 * without lowering (and copying) the subject. For an ASCII needle that is a
 * case-insensitive regular expression without the `u` flag: it folds only
 * ASCII letters onto ASCII letters (ECMAScript's Canonicalize never maps a
 * non-ASCII character to an ASCII one), which is the C-locale rule here.
 */
export function icontainsMatcher(needle: string): (x: string) => boolean {
  const lower = asciiLower(needle);
  if (NON_ASCII.test(needle)) return (x) => asciiLower(x).includes(lower);
  if (!/[a-z]/.test(lower)) return (x) => x.includes(lower);
  const re = new RegExp(lower.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&'), 'i');
  return (x) => re.test(x);
}

/**
 * strcmp order of two strings' UTF-8 encodings, without encoding them: UTF-16
 * order differs from code point (= UTF-8 byte) order only between surrogates
 * and U+E000..U+FFFF.
 */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function bytesStartWith(h: Uint8Array, n: Uint8Array): boolean {
  if (n.length > h.length) return false;
  for (let i = 0; i < n.length; i++) if (h[i] !== n[i]) return false;
  return true;
}

export function bytesEndWith(h: Uint8Array, n: Uint8Array): boolean {
  if (n.length > h.length) return false;
  const off = h.length - n.length;
  for (let i = 0; i < n.length; i++) if (h[off + i] !== n[i]) return false;
  return true;
}

/** memmem: an empty needle is found everywhere. */
export function bytesInclude(h: Uint8Array, n: Uint8Array): boolean {
  if (n.length === 0) return true;
  const first = n[0]!;
  outer: for (let i = h.indexOf(first); i >= 0 && i + n.length <= h.length; i = h.indexOf(first, i + 1)) {
    for (let j = 1; j < n.length; j++) if (h[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Bringing field values into a domain

/** One extracted value in the form a domain compares; undefined when it cannot be compared. */
export type DomainScalar = number | bigint | boolean | string | Uint8Array;

export function toDomainValue(domain: Domain, v: FieldScalar): DomainScalar | undefined {
  switch (domain) {
    case 'string':
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return cStringOf(v);
      return String(v);
    case 'int':
      if (typeof v === 'number' || typeof v === 'bigint') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      return undefined;
    case 'double':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      return undefined;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'bigint') return v !== 0n;
      return undefined;
    case 'bytes':
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return utf8Bytes(v);
      return undefined;
    case 'ipaddr':
    case 'ipnet':
      return toIpAddress(v);
    case 'dynamic':
      return v;
  }
}

// ---------------------------------------------------------------------------
// One value against one operand

const regexCache = new Map<string, RegExp | null>();

function regexFor(pattern: string): RegExp | undefined {
  let r = regexCache.get(pattern);
  if (r === undefined) {
    const c = compileRegex(pattern);
    r = c.ok ? c.regex : null;
    if (regexCache.size > 1024) regexCache.clear();
    regexCache.set(pattern, r);
  }
  return r ?? undefined;
}

function compareOrdered(op: CompareOp, c: number): boolean {
  switch (op) {
    case '=': case 'in': case 'intersects': return c === 0;
    case '!=': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    default: return false;
  }
}

function compareNumbers(op: CompareOp, x: number | bigint, y: number | bigint): boolean {
  // mixed number/bigint: JS relational and loose equality compare mathematically
  switch (op) {
    case '=': case 'in': case 'intersects': return x == y; // eslint-disable-line eqeqeq
    case '!=': return x != y; // eslint-disable-line eqeqeq
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '>=': return x >= y;
    default: return false;
  }
}

function compareStrings(op: CompareOp, x: string, y: string): boolean {
  switch (op) {
    case '=': case 'in': case 'intersects': return x === y;
    case '!=': return x !== y;
    case 'contains': return x.includes(y);
    case 'icontains': return asciiLower(x).includes(asciiLower(y));
    case 'startswith': return x.startsWith(y);
    case 'endswith': return x.endsWith(y);
    case 'glob': return globMatch(y, x, false);
    case 'iglob': return globMatch(y, x, true);
    case 'regex': {
      const r = regexFor(y);
      return r !== undefined && r.test(x);
    }
    case 'pmatch': return pathPrefixMatches(x, y);
    default: return compareOrdered(op, compareText(x, y));
  }
}

function compareBytes(op: CompareOp, x: Uint8Array, y: Uint8Array): boolean {
  switch (op) {
    case '=': case 'in': case 'intersects': return bytesEqual(x, y);
    case '!=': return !bytesEqual(x, y);
    case 'contains': case 'bcontains': return bytesInclude(x, y);
    case 'startswith': case 'bstartswith': return bytesStartWith(x, y);
    case 'endswith': return bytesEndWith(x, y);
    default: return false;
  }
}

const DYNAMIC_INT = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/;

/**
 * DYNAMIC fields (evt.rawarg.*) take their type from the event: numbers
 * compare numerically when the operand is an integer, anything else as text.
 */
const NUMERIC_OPS: ReadonlySet<CompareOp> = new Set(['=', '!=', '<', '<=', '>', '>=', 'in', 'intersects']);

function compareDynamic(op: CompareOp, x: DomainScalar, y: string): boolean {
  if ((typeof x === 'number' || typeof x === 'bigint') && NUMERIC_OPS.has(op) && DYNAMIC_INT.test(y)) {
    return compareNumbers(op, x, BigInt(y.trim()));
  }
  const text = x instanceof Uint8Array ? cStringOf(x) : String(x);
  return compareStrings(op, text, y);
}

/**
 * Whether value `x` (in the domain's form) satisfies `op` against one operand
 * `y`. `in`/`intersects` here mean "equals this operand" (for networks:
 * "lies in"); `pmatch` means "has this path as a prefix".
 */
export function compareScalar(domain: Domain, op: CompareOp, x: DomainScalar, y: ConstValue): boolean {
  switch (domain) {
    case 'int':
    case 'double':
      return compareNumbers(op, x as number | bigint, y as number | bigint);
    case 'bool':
      if (op === '!=') return x !== y;
      return (op === '=' || op === 'in' || op === 'intersects') && x === y;
    case 'string':
      return compareStrings(op, x as string, y as string);
    case 'bytes':
      return compareBytes(op, x as Uint8Array, y as Uint8Array);
    case 'ipaddr': {
      const eq = ipEquals(x as Uint8Array, y as Uint8Array);
      return op === '!=' ? !eq : (op === '=' || op === 'in' || op === 'intersects') && eq;
    }
    case 'ipnet': {
      const inside = networkContains(y as IpNetwork, x as Uint8Array);
      return op === '!=' ? !inside : (op === '=' || op === 'in' || op === 'intersects') && inside;
    }
    case 'dynamic':
      return compareDynamic(op, x, y as string);
  }
}

/**
 * Whether value `x` satisfies the whole right-hand side: with a modifier,
 * `oneof` (exactly one operand matches), `anyof` (at least one), `allof`
 * (all); `in`/`intersects`/`pmatch` match any operand; other operators use
 * the single operand.
 */
export function compareWithOperands(
  domain: Domain,
  op: CompareOp,
  modifier: Modifier | undefined,
  x: DomainScalar,
  operands: readonly ConstValue[],
): boolean {
  if (modifier !== undefined) {
    let matches = 0;
    for (const y of operands) if (compareScalar(domain, op, x, y)) matches++;
    if (operands.length === 0) return false;
    switch (modifier) {
      case 'oneof': return matches === 1;
      case 'anyof': return matches >= 1;
      case 'allof': return matches === operands.length;
    }
  }
  if (op === 'in' || op === 'intersects' || op === 'pmatch') {
    for (const y of operands) if (compareScalar(domain, op, x, y)) return true;
    return false;
  }
  const y = operands[0];
  return y !== undefined && compareScalar(domain, op, x, y);
}

/** The quantifier libs applies to several values of one non-list field (see CheckedCompare). */
export function quantifierFor(type: FieldType, op: CompareOp): 'some' | 'every' {
  return op === '!=' && (type === 'IPADDR' || type === 'IPNET' || type === 'PORT') ? 'every' : 'some';
}
