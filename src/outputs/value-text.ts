/**
 * Field values as text, the way Falco's output formatter prints them
 * (libsinsp 0.25.4): integers by the field's print format (decimal, upper-case
 * hex, octal, 9-digit zero padded), booleans `true`/`false`, DOUBLE with one
 * decimal, IP addresses dotted / RFC 5952, byte buffers with non-printable
 * bytes as `.`, lists as `(a,b)`, text as a C string (up to a NUL).
 *
 * Some combinations have no text in libsinsp (an unsigned or 32-bit integer
 * with no print format, `fd.proto`, `len()` of a text field): those render as
 * "no value", which the formatter prints `<NA>`, exactly like Falco does.
 */
import type { FieldInfo, FieldPrintFormat, FieldType } from '../fields/types.js';
import type { FieldScalar, FieldValue } from '../fields/value.js';

/** What Falco prints for a field without a value. */
export const NOT_AVAILABLE = '<NA>';

/** How values are printed: the (possibly transformed) type and the print format. */
export interface ValueShape {
  type: FieldType;
  printFormat?: FieldPrintFormat | undefined;
  isList: boolean;
}

/** How BYTEBUF values are written (`buffer_format_base64` in falco.yaml). */
export type BufferFormat = 'dots' | 'base64';

export interface ValueTextOptions {
  bufferFormat?: BufferFormat;
}

export function shapeOf(info: FieldInfo): ValueShape {
  return { type: info.type, printFormat: info.printFormat, isList: info.flags.isList === true };
}

// libsinsp formats into a 1024-byte buffer: longer lists and buffers are cut.
const STORAGE_SIZE = 1024;

interface IntegerLayout {
  bits: number;
  signed: boolean;
  /** printf's %X/%o of int8/16/32 see the value promoted to a 32-bit int. */
  radixBits: number;
  /** Whether `padded-dec` exists for the type (only the 64-bit ones). */
  padded: boolean;
}

const INTEGER_LAYOUTS: Partial<Record<FieldType, IntegerLayout>> = {
  INT8: { bits: 8, signed: true, radixBits: 32, padded: false },
  INT16: { bits: 16, signed: true, radixBits: 32, padded: false },
  INT32: { bits: 32, signed: true, radixBits: 32, padded: false },
  INT64: { bits: 64, signed: true, radixBits: 64, padded: true },
  UINT8: { bits: 8, signed: false, radixBits: 32, padded: false },
  UINT16: { bits: 16, signed: false, radixBits: 32, padded: false },
  PORT: { bits: 16, signed: false, radixBits: 32, padded: false },
  UINT32: { bits: 32, signed: false, radixBits: 32, padded: false },
  UINT64: { bits: 64, signed: false, radixBits: 64, padded: true },
  RELTIME: { bits: 64, signed: false, radixBits: 64, padded: true },
  ABSTIME: { bits: 64, signed: false, radixBits: 64, padded: true },
};

export function integerLayoutOf(type: FieldType): IntegerLayout | undefined {
  return INTEGER_LAYOUTS[type];
}

/** The scalar as an integer, or undefined when it is not one. */
export function integerOf(x: FieldScalar): bigint | undefined {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') return Number.isFinite(x) ? BigInt(Math.trunc(x)) : undefined;
  if (typeof x === 'boolean') return x ? 1n : 0n;
  if (typeof x === 'string' && /^[+-]?\d+$/.test(x.trim())) return BigInt(x.trim());
  return undefined;
}

/** The value as the field's C type holds it (wrapping like a memcpy into that type). */
export function wrapInteger(v: bigint, layout: IntegerLayout): bigint {
  return layout.signed ? BigInt.asIntN(layout.bits, v) : BigInt.asUintN(layout.bits, v);
}

function integerText(v: bigint, layout: IntegerLayout, format: FieldPrintFormat | undefined): string | undefined {
  const f = format ?? 'na';
  switch (f) {
    case 'dec':
    case 'id':
      return v.toString();
    case 'hex':
      return BigInt.asUintN(layout.radixBits, v).toString(16).toUpperCase();
    case 'oct':
      return BigInt.asUintN(layout.radixBits, v).toString(8);
    case 'padded-dec':
      if (!layout.padded) return undefined;
      return v < 0n ? `-${(-v).toString().padStart(8, '0')}` : v.toString().padStart(9, '0');
    default:
      // Only INT64 has a fallback (plain decimal); the others print nothing.
      return layout.bits === 64 && layout.signed ? v.toString() : undefined;
  }
}

/** printf("%.1f"): exact decimal value of the double, ties to even. */
export function oneDecimalText(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const negative = (view.getUint8(0) & 0x80) !== 0;
  if (Number.isNaN(x)) return negative ? '-nan' : 'nan';
  if (!Number.isFinite(x)) return negative ? '-inf' : 'inf';
  const bits = view.getBigUint64(0) & 0x7fffffffffffffffn;
  const exponentField = Number(bits >> 52n);
  const fraction = bits & 0xfffffffffffffn;
  // value = mantissa * 2^exp
  const mantissa = exponentField === 0 ? fraction : fraction | (1n << 52n);
  const exp = (exponentField === 0 ? 1 : exponentField) - 1075;
  let tenths: bigint;
  if (exp >= 0) tenths = (mantissa << BigInt(exp)) * 10n;
  else {
    const den = 1n << BigInt(-exp);
    const num = mantissa * 10n;
    tenths = num / den;
    const twiceRest = (num % den) * 2n;
    if (twiceRest > den || (twiceRest === den && (tenths & 1n) === 1n)) tenths++;
  }
  const whole = tenths / 10n;
  return `${negative ? '-' : ''}${whole}.${tenths % 10n}`;
}

/** inet_ntop(AF_INET6): longest run of zero groups as `::`, embedded IPv4 for ::a.b.c.d / ::ffff:a.b.c.d. */
export function ipv6Text(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
      break;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

function ipText(x: FieldScalar): string | undefined {
  if (typeof x === 'string') return x;
  if (x instanceof Uint8Array) {
    if (x.length === 4) return `${x[0]}.${x[1]}.${x[2]}.${x[3]}`;
    if (x.length === 16) return ipv6Text(x);
    return undefined;
  }
  const v = integerOf(x);
  if (v === undefined) return undefined;
  // An IPv4 address held as a number: most significant byte first.
  const n = Number(BigInt.asUintN(32, v));
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

const encoder = new TextEncoder();

function bytesOf(x: FieldScalar): Uint8Array {
  if (x instanceof Uint8Array) return x;
  return encoder.encode(typeof x === 'string' ? x : String(x));
}

/** Printable ASCII (C locale isprint). */
function isPrint(c: number): boolean {
  return c >= 0x20 && c <= 0x7e;
}

/** A byte buffer as libsinsp's default buffer format writes it: non-printable bytes as `.`. */
export function bufferDotsText(b: Uint8Array): string {
  // The destination holds 1023 characters; a longer buffer keeps 1021 of them.
  const limit = STORAGE_SIZE - 1;
  const n = b.length > limit - 1 ? limit - 2 : b.length;
  let out = '';
  for (let i = 0; i < n; i++) out += isPrint(b[i]!) ? String.fromCharCode(b[i]!) : '.';
  return out;
}

/** A byte buffer as base64 (`buffer_format_base64: true`); too long for the buffer gives nothing. */
export function bufferBase64Text(b: Uint8Array): string {
  const encodedLength = 4 * Math.floor((b.length + 2) / 3);
  if (encodedLength >= STORAGE_SIZE - 2) return '';
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** A string as a C string: up to its first NUL. */
export function cStringText(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** Text of one scalar of the given type, or undefined where libsinsp has none. */
export function scalarText(x: FieldScalar, shape: ValueShape, options: ValueTextOptions = {}): string | undefined {
  const layout = INTEGER_LAYOUTS[shape.type];
  if (layout !== undefined) {
    const v = integerOf(x);
    return v === undefined ? undefined : integerText(wrapInteger(v, layout), layout, shape.printFormat);
  }
  switch (shape.type) {
    case 'CHARBUF':
    case 'FSPATH':
    case 'FSRELPATH':
      if (x instanceof Uint8Array) return cStringText(Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('utf8'));
      return cStringText(String(x));
    case 'BOOL':
      return typeof x === 'string' ? (x === '' || x === '0' || x === 'false' ? 'false' : 'true') : x ? 'true' : 'false';
    case 'DOUBLE': {
      const d = typeof x === 'number' ? x : Number(x);
      return oneDecimalText(d);
    }
    case 'IPADDR':
      return ipText(x);
    case 'IPNET':
      // libsinsp has no text form for networks.
      return '<IPNET>';
    case 'BYTEBUF': {
      const b = bytesOf(x);
      return options.bufferFormat === 'base64' ? bufferBase64Text(b) : bufferDotsText(b);
    }
    case 'DYNAMIC':
      return dynamicText(x, options);
    default:
      return undefined;
  }
}

/** `evt.rawarg`: the parameter's type is only known from the value itself. */
function dynamicText(x: FieldScalar, options: ValueTextOptions): string {
  if (typeof x === 'string') return cStringText(x);
  if (typeof x === 'boolean') return x ? 'true' : 'false';
  if (typeof x === 'bigint') return x.toString();
  if (typeof x === 'number') return Number.isInteger(x) ? String(x) : oneDecimalText(x);
  return options.bufferFormat === 'base64' ? bufferBase64Text(x) : bufferDotsText(x);
}

/** Cuts a text to at most `max` UTF-8 bytes (what strlcpy into libsinsp's buffer keeps). */
function limitBytes(s: string, max: number): string {
  if (s.length * 3 <= max) return s;
  const bytes = encoder.encode(s);
  return bytes.length <= max ? s : Buffer.from(bytes.subarray(0, max)).toString('utf8');
}

/**
 * The text of a field value, or undefined when the field has no value (or
 * no text: see the module comment). The caller prints `<NA>` for undefined.
 */
export function valueText(value: FieldValue, shape: ValueShape, options: ValueTextOptions = {}): string | undefined {
  if (value === undefined) return undefined;
  if (shape.isList) {
    const items = Array.isArray(value) ? value : [value];
    let text = '(';
    for (const item of items) {
      if (text.length > 1) text += ',';
      text += scalarText(item, shape, options) ?? NOT_AVAILABLE;
    }
    return limitBytes(`${text})`, STORAGE_SIZE - 1);
  }
  if (Array.isArray(value)) {
    // A single-valued field that produced several values: libsinsp prints the first.
    const first = value[0];
    return first === undefined ? undefined : scalarText(first, shape, options);
  }
  return scalarText(value, shape, options);
}

/** valueText for a field as the catalog describes it. */
export function fieldText(info: FieldInfo, value: FieldValue, options: ValueTextOptions = {}): string | undefined {
  return valueText(value, shapeOf(info), options);
}
