/**
 * Quoted string literals of the condition language: turning a literal as
 * written (`"a \"b\""`, `'c'`) into its value and back.
 *
 * The escape set is Falco's: \b \f \n \r \t \\ \/ plus the escaped delimiter
 * of the literal's own quote kind. A backslash followed by a blank is read as
 * a lone backslash (official rules rely on `"\ "`).
 */

export type UnescapeResult =
  | { ok: true; value: string }
  | { ok: false; message: string };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  ' ': '\\',
  '\\': '\\',
  '/': '/',
};

/**
 * Decodes a complete quoted literal, delimiters included (the first character
 * names the quote kind). Fails with Falco's message on an unknown escape or
 * on an escaped quote of the other kind.
 */
export function unescapeString(literal: string): UnescapeResult {
  const quote = literal.charAt(0);
  const end = literal.length - 1;
  let out = '';
  let runStart = 1;
  for (let i = 1; i < end; i++) {
    if (literal.charCodeAt(i) !== 0x5c /* \ */) continue;
    out += literal.slice(runStart, i);
    i++;
    if (i >= end) {
      // A backslash right before the closing quote escapes nothing.
      runStart = end;
      break;
    }
    const c = literal.charAt(i);
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      out += simple;
    } else if (c === '"' || c === "'") {
      if (c !== quote) {
        return {
          ok: false,
          message: c === '"' ? "invalid \\\" escape in '-quoted string" : 'invalid \\\' escape in "-quoted string',
        };
      }
      out += c;
    } else {
      return { ok: false, message: `unsupported string escape sequence: \\${c}` };
    }
    runStart = i + 1;
  }
  if (runStart < end) out += literal.slice(runStart, end);
  return { ok: true, value: out };
}

const ESCAPED_CHARS: Readonly<Record<string, string>> = {
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\\': '\\\\',
  '"': '\\"',
};

/**
 * Encodes a value as a double-quoted literal that the parser reads back as
 * the same value.
 *
 * The lexer ends a literal at the first quote whose preceding raw character
 * is not a backslash, so `"a\\"` would not end where intended; a value ending
 * in a backslash therefore writes that last backslash as `\ `, which reads
 * back as a lone backslash. NUL characters cannot be represented (the lexer
 * stops at them).
 */
export function escapeString(value: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < value.length; i++) {
    const rep = ESCAPED_CHARS[value.charAt(i)];
    if (rep === undefined) continue;
    out += value.slice(runStart, i);
    out += rep === '\\\\' && i === value.length - 1 ? '\\ ' : rep;
    runStart = i + 1;
  }
  out += value.slice(runStart);
  return out + '"';
}
