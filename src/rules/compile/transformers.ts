/**
 * Field transformers: which input types each accepts and what it yields
 * (libs' transform_type), and what it does to extracted values at run time
 * (transform_values, and the multi-value transformers join/concat/getopt).
 * A transformer that cannot produce a value (invalid base64, a getopt
 * option that is absent) makes the operand valueless, so the comparison is
 * false.
 */
import type { FieldType } from '../../fields/types.js';
import type { FieldScalar, FieldValue } from '../../fields/value.js';
import type { SingleTransformer } from './checked.js';
import { asciiLower, asciiUpper, cStringOf, utf8Bytes } from './operators.js';
import { utf8Length } from './literals.js';

export interface TransformedType {
  type: FieldType;
  isList: boolean;
}

const isText = (t: FieldType): boolean => t === 'CHARBUF' || t === 'FSPATH' || t === 'FSRELPATH';

/** The type `name` turns `type` into, or undefined when it does not accept it. */
export function transformType(name: SingleTransformer, type: FieldType, isList: boolean): TransformedType | undefined {
  switch (name) {
    case 'tolower':
    case 'toupper':
    case 'basename':
      return isText(type) ? { type, isList } : undefined;
    case 'b64':
      return type === 'CHARBUF' || type === 'BYTEBUF' ? { type, isList } : undefined;
    case 'len':
      if (isList) return { type: 'UINT64', isList: false };
      return isText(type) || type === 'BYTEBUF' ? { type: 'UINT64', isList: false } : undefined;
  }
}

// ---------------------------------------------------------------------------
// Base64, as libs decodes it: standard alphabet, padding optional (at most
// two '='), leftover bits must be zero, nothing else tolerated.

const B64 = new Int16Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64[c.charCodeAt(0)] = i;
});

export function decodeBase64(input: Uint8Array): Uint8Array | undefined {
  let n = input.length;
  if (n === 0) return new Uint8Array(0);
  if (input[n - 1] === 61) {
    n--;
    if (n > 0 && input[n - 1] === 61) n--;
  }
  if (n === 0) return undefined;
  if (n % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const v = B64[input[i]!]!;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // the unused low bits of the last character must be zero
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out.subarray(0, o);
}

/** What string_transformer hands a function: the value's bytes, trailing NULs dropped. */
function inputBytes(x: FieldScalar): Uint8Array {
  let b = x instanceof Uint8Array ? x : utf8Bytes(typeof x === 'string' ? x : String(x));
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  if (n !== b.length) b = b.subarray(0, n);
  return b;
}

/** Text of a value as the text transformers read it (a C string). */
function inputText(x: FieldScalar): string {
  if (typeof x === 'string') {
    const nul = x.indexOf('\0');
    return nul < 0 ? x : x.slice(0, nul);
  }
  return x instanceof Uint8Array ? cStringOf(x) : String(x);
}

function basename(s: string): string {
  const slash = s.lastIndexOf('/');
  return slash < 0 ? s : s.slice(slash + 1);
}

/** One value through a transformer; undefined when it fails. */
function transformScalar(name: SingleTransformer, inputType: FieldType, x: FieldScalar): FieldScalar | undefined {
  switch (name) {
    case 'tolower': return asciiLower(inputText(x));
    case 'toupper': return asciiUpper(inputText(x));
    case 'basename': return basename(inputText(x));
    case 'b64': {
      const decoded = decodeBase64(inputBytes(x));
      if (decoded === undefined) return undefined;
      if (inputType === 'BYTEBUF') {
        // libs keeps a NUL terminator at the end of every transformed value
        if (decoded.length > 0 && decoded[decoded.length - 1] === 0) return decoded;
        const out = new Uint8Array(decoded.length + 1);
        out.set(decoded);
        return out;
      }
      return cStringOf(decoded);
    }
    case 'len':
      if (x instanceof Uint8Array) {
        if (inputType === 'BYTEBUF') return x.length;
        const nul = x.indexOf(0);
        return nul < 0 ? x.length : nul;
      }
      if (inputType === 'BYTEBUF') return utf8Bytes(typeof x === 'string' ? x : String(x)).length;
      return utf8Length(inputText(x));
  }
}

/**
 * Applies a single-value transformer. `inputIsList` is the static list-ness
 * of the input: `len` of a list is its number of items; every other case maps
 * each value (an array of values, a failure anywhere fails the whole).
 */
export function applyTransformer(
  name: SingleTransformer,
  inputType: FieldType,
  inputIsList: boolean,
  v: FieldValue,
): FieldValue {
  if (v === undefined) return undefined;
  if (name === 'len' && inputIsList) return Array.isArray(v) ? v.length : 1;
  if (!Array.isArray(v)) return transformScalar(name, inputType, v);
  const out: FieldScalar[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const t = transformScalar(name, inputType, v[i]!);
    if (t === undefined) return undefined;
    out[i] = t;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Multi-value transformers

/** A value as text for join/concat/text lists: C string of text/bytes, decimal numbers. */
export function scalarText(x: FieldScalar): string {
  return inputText(x);
}

/** All values of an operand, as texts (a list flattened). */
export function valuesAsTexts(v: FieldScalar | FieldScalar[]): string[] {
  return Array.isArray(v) ? v.map(scalarText) : [scalarText(v)];
}

/** The first value of an operand, as text (what join's separator and concat's parts use). */
export function firstText(v: FieldValue): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : scalarText(v[0]!);
  return scalarText(v);
}

export function join(separator: FieldValue, list: FieldValue): FieldValue {
  const sep = firstText(separator);
  if (sep === undefined || list === undefined) return undefined;
  return valuesAsTexts(list).join(sep);
}

export function concat(parts: readonly FieldValue[]): FieldValue {
  let out = '';
  for (const p of parts) {
    const t = firstText(p);
    if (t === undefined) return undefined;
    out += t;
  }
  return out;
}

/** A decoded getopt(3) optstring. */
interface OptSpec {
  valid: Set<string>;
  withArg: Set<string>;
}

function parseOptstring(optstring: string): OptSpec {
  const spec: OptSpec = { valid: new Set(), withArg: new Set() };
  // a leading ':' only changes getopt's error reporting
  for (let i = optstring.startsWith(':') ? 1 : 0; i < optstring.length; i++) {
    const c = optstring[i]!;
    if (c === ':') continue;
    spec.valid.add(c);
    if (optstring[i + 1] === ':') {
      spec.withArg.add(c);
      i++;
    }
  }
  return spec;
}

/**
 * Short options in an argument vector, like getopt(3) without permutation:
 * stops at `--` or at the first non-option, skips `--long` options. Without
 * `option`, the list of option letters, each followed by its value if it
 * takes one (`?` for unknown letters, `""` for a missing value); with
 * `option`, the value of the last occurrence of that option (its letter if it
 * takes no value), or no value when absent.
 */
export function getopt(args: FieldValue, optstring: FieldValue, option?: string): FieldValue {
  const opts = firstText(optstring);
  if (opts === undefined || args === undefined) return undefined;
  const spec = parseOptstring(opts);
  const argv = valuesAsTexts(args);
  const out: string[] = [];
  let selected: string | undefined;
  const emit = (name: string, value: string | undefined): void => {
    if (option !== undefined) selected = value ?? name;
    else {
      out.push(name);
      if (value !== undefined) out.push(value);
    }
  };
  scan: for (let a = 0; a < argv.length; a++) {
    const arg = argv[a]!;
    if (arg === '--') break;
    if (arg.length > 2 && arg.startsWith('--')) continue;
    if (arg.length < 2 || arg[0] !== '-') break;
    for (let i = 1; i < arg.length; i++) {
      const c = arg[i]!;
      if (c === ':' || !spec.valid.has(c)) {
        if (option === undefined) out.push('?');
        continue;
      }
      const wanted = option === undefined || c === option;
      if (!spec.withArg.has(c)) {
        if (wanted) emit(c, undefined);
        continue;
      }
      let value: string | undefined;
      if (i + 1 < arg.length) value = arg.slice(i + 1);
      else if (a + 1 < argv.length) value = argv[++a]!;
      if (value === undefined) {
        if (wanted) emit('', undefined);
        break scan;
      }
      if (wanted) emit(c, value);
      continue scan;
    }
  }
  if (option !== undefined) return selected;
  return out;
}
