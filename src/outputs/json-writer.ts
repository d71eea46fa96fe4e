/**
 * JSON text as Falco's alert lines carry it (nlohmann::json `dump()` with
 * invalid text replaced): compact, object keys in byte order, integers of
 * any size exact, floating-point numbers in nlohmann's shortest form
 * (`0.0`, `0.5`, `1e+20`), control characters escaped, everything else
 * written as is (no `\u` escapes for non-ASCII), broken UTF-16 replaced by
 * U+FFFD.
 *
 * Integers and doubles are different JSON values to Falco (`1` vs `1.0`), so
 * doubles are wrapped in JsonDouble; a plain JS number must be an integer.
 */

/** A floating-point number (a DOUBLE field): printed with a fraction or exponent. */
export class JsonDouble {
  constructor(readonly value: number) {}
}

export type JsonValue =
  | null
  | boolean
  | string
  | number
  | bigint
  | JsonDouble
  | JsonValue[]
  | { [key: string]: JsonValue };

export function writeJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return quoteJson(value);
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : doubleText(value);
  }
  if (value instanceof JsonDouble) return doubleText(value.value);
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareUtf8);
  return `{${keys.map((k) => `${quoteJson(k)}:${writeJson(value[k]!)}`).join(',')}}`;
}

/** std::string order (UTF-8 bytes), which is code point order. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};

// Characters that need work: quote, backslash, C0 controls, and surrogates (to catch unpaired ones).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal the way nlohmann writes it. */
export function quoteJson(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) out += short;
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      out += c + s[i + 1]!;
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += c;
  }
  return `${out}"`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * nlohmann's double format: shortest round-trip digits, then plain notation
 * when the decimal point falls within [-4, 15] digits of them (always with a
 * fraction: `1.0`), otherwise `d.ddde+XX`. Not-finite values are `null`.
 */
export function doubleText(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const v = Math.abs(x);
  if (v === 0) return `${sign}0.0`;
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const k = digits.length;
  const n = Number(exp) + 1; // position of the decimal point relative to the digits
  let body: string;
  if (k <= n && n <= 15) body = `${digits}${'0'.repeat(n - k)}.0`;
  else if (n > 0 && n <= 15) body = `${digits.slice(0, n)}.${digits.slice(n)}`;
  else if (n > -4 && n <= 0) body = `0.${'0'.repeat(-n)}${digits}`;
  else {
    const e = n - 1;
    const abs = Math.abs(e);
    const expText = `${e < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : String(abs)}`;
    body = `${k === 1 ? digits : `${digits[0]}.${digits.slice(1)}`}e${expText}`;
  }
  return sign + body;
}
