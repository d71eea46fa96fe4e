/**
 * Rule output format strings (`user=%user.name cmd=%proc.cmdline`), split
 * into literal text and field references the way Falco's formatter reads
 * them (libsinsp 0.25.4):
 *
 * - a leading `*` means "print even when some fields have no value";
 * - `%` may be followed by a width (`%20proc.name` pads or cuts to 20);
 * - then a field (`proc.name`, `proc.aname[2]`, `evt.arg.fd`,
 *   `proc.env['HOME']`) or a transformer (`tolower(proc.name)`,
 *   `join(',', proc.args)`), read like the condition grammar reads them;
 * - the reference is the longest prefix of the rest of the text that both
 *   parses and is accepted (a known field): `%user.namex` is `%user.name`
 *   followed by the text "x". No accepted prefix is an error,
 *   "unknown filter: <why the shortest attempt failed>".
 *
 * Pure: the caller says which references are acceptable (field lookup).
 */
import type {
  FieldExpr,
  FieldOperand,
  TransformerArg,
  TransformerExpr,
  TransformerListExpr,
  TransformerName,
  ValueExpr,
} from '../rules/condition/ast.js';
import { unescapeString } from '../rules/condition/escaping.js';

export interface FormatText {
  kind: 'text';
  text: string;
  /** Index of the text in the format string (and one past its end). */
  start: number;
  end: number;
}

export interface FormatField {
  kind: 'field';
  /** The reference as parsed (a field or a transformer over fields). */
  operand: FieldOperand;
  /** The reference as written, without `%` and width. */
  text: string;
  /** `%20proc.name`: pad or truncate the value to this many characters (0: as is). */
  width: number;
  /** Index of the `%` and one past the reference's end. */
  start: number;
  end: number;
}

export type FormatToken = FormatText | FormatField;

export type FormatParseResult =
  | { ok: true; tokens: FormatToken[]; requireAllValues: boolean }
  | { ok: false; error: string; pos: number };

/** Says why a parsed reference cannot be printed (e.g. an unknown field), or undefined when it can. */
export type ReferenceCheck = (operand: FieldOperand) => string | undefined;

const TRANSFORMER_OPENERS: readonly TransformerName[] = [
  'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt',
];

export function parseFormatString(format: string, check: ReferenceCheck = () => undefined): FormatParseResult {
  if (format === '') return { ok: false, error: 'empty formatting token', pos: 0 };
  const offset = format.startsWith('*') ? 1 : 0;
  const fmt = format.slice(offset);
  const tokens: FormatToken[] = [];
  let textStart = 0;
  let j = 0;
  for (; j < fmt.length; j++) {
    if (fmt[j] !== '%') continue;
    const percent = j;
    if (textStart !== j) tokens.push({ kind: 'text', text: fmt.slice(textStart, j), start: textStart + offset, end: j + offset });
    if (j === fmt.length - 1) {
      return { ok: false, error: 'invalid formatting syntax: formatting cannot end with a %', pos: j + offset };
    }
    let width = 0;
    if (isDigit(fmt[j + 1]!)) {
      width = Number(/^[0-9]+/.exec(fmt.slice(j + 1))![0]);
      for (;;) {
        if (j === fmt.length - 1) {
          return { ok: false, error: 'invalid formatting syntax: formatting cannot end with a number', pos: j + offset };
        }
        if (isDigit(fmt[j + 1]!)) j++;
        else break;
      }
    }
    const rest = fmt.slice(j + 1);
    const found = longestAcceptedReference(rest, check);
    if (!found.ok) return { ok: false, error: `unknown filter: ${found.error}`, pos: j + 1 + offset };
    tokens.push({
      kind: 'field',
      operand: found.operand,
      text: rest.slice(0, found.length),
      width: Number.isSafeInteger(width) ? width : 0,
      start: percent + offset,
      end: j + 1 + found.length + offset,
    });
    j += found.length;
    textStart = j + 1;
  }
  if (textStart < fmt.length) tokens.push({ kind: 'text', text: fmt.slice(textStart), start: textStart + offset, end: fmt.length + offset });
  return { ok: true, tokens, requireAllValues: offset === 0 };
}

type Found = { ok: true; operand: FieldOperand; length: number } | { ok: false; error: string };

/**
 * Tries the whole rest of the text, then ever shorter prefixes, until one
 * parses as a reference that `check` accepts. A failed attempt that never
 * looked beyond index k fails the same way for every longer prefix, so the
 * search jumps straight below it.
 */
function longestAcceptedReference(rest: string, check: ReferenceCheck): Found {
  let size = rest.length;
  let lastError = '';
  while (size > 0) {
    const parser = new ReferenceParser(rest.slice(0, size));
    let error: string | undefined;
    let operand: FieldOperand | undefined;
    try {
      operand = parser.parseReference();
      error = check(operand);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      error = e.message;
    }
    if (error === undefined && operand !== undefined) return { ok: true, operand, length: parser.index };
    lastError = error ?? '';
    size = Math.min(size - 1, parser.seen);
  }
  return { ok: false, error: lastError };
}

class ParseFailure extends Error {}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

const ZERO_POS = { offset: 0, line: 1, col: 1 };

/** The subset of the condition grammar a format reference uses, tracking how far it looked. */
class ReferenceParser {
  index = 0;
  /** The furthest index inspected (the text's length counts when its end was tested). */
  seen = 0;

  constructor(private readonly text: string) {}

  private peek(at = this.index): string {
    this.seen = Math.max(this.seen, Math.min(at, this.text.length));
    return at < this.text.length ? this.text[at]! : '';
  }

  private take(literal: string): boolean {
    for (let k = 0; k < literal.length; k++) if (this.peek(this.index + k) !== literal[k]) return false;
    this.index += literal.length;
    return true;
  }

  private skipBlanks(): void {
    while (' \t\b\r\n'.includes(this.peek()) && this.peek() !== '') this.index++;
  }

  /** A run of characters accepted by `ok`, starting here. */
  private run(ok: (c: string, i: number) => boolean): string {
    const start = this.index;
    while (this.peek() !== '' && ok(this.peek(), this.index - start)) this.index++;
    return this.text.slice(start, this.index);
  }

  private fieldName(): string | undefined {
    const start = this.index;
    const segment = (): boolean => {
      if (!/[a-zA-Z]/.test(this.peek())) return false;
      this.run((c) => /[a-zA-Z0-9_]/.test(c));
      return true;
    };
    if (!segment()) return undefined;
    let segments = 1;
    for (;;) {
      const save = this.index;
      if (this.peek() !== '.') break;
      this.index++;
      if (!segment()) {
        this.index = save;
        break;
      }
      segments++;
    }
    if (segments < 2) {
      this.index = start;
      return undefined;
    }
    return this.text.slice(start, this.index);
  }

  private number(): string | undefined {
    const start = this.index;
    if (this.peek() === '0' && /[xX]/.test(this.peek(this.index + 1)) && /[0-9a-fA-F]/.test(this.peek(this.index + 2))) {
      this.index += 2;
      this.run((c) => /[0-9a-fA-F]/.test(c));
      return this.text.slice(start, this.index);
    }
    if (this.peek() === '+' || this.peek() === '-') this.index++;
    if (!isDigit(this.peek())) {
      this.index = start;
      return undefined;
    }
    this.run(isDigit);
    if (this.peek() === '.') {
      this.index++;
      this.run(isDigit);
    }
    if (/[eE]/.test(this.peek()) && /[+-]/.test(this.peek(this.index + 1)) && isDigit(this.peek(this.index + 2))) {
      this.index += 2;
      this.run(isDigit);
    }
    return this.text.slice(start, this.index);
  }

  private quoted(): string | undefined {
    const delimiter = this.peek();
    if (delimiter !== '"' && delimiter !== "'") return undefined;
    let prev = '\\';
    for (let i = this.index; this.peek(i) !== '' && this.peek(i) !== '\0'; i++) {
      const c = this.peek(i);
      if (c === delimiter && prev !== '\\') {
        const literal = this.text.slice(this.index, i + 1);
        this.index = i + 1;
        const un = unescapeString(literal);
        if (!un.ok) throw new ParseFailure(un.message);
        return un.value;
      }
      prev = c;
    }
    return undefined;
  }

  private transformerOpener(): TransformerName | undefined {
    for (const name of TRANSFORMER_OPENERS) if (this.take(`${name}(`)) return name;
    return undefined;
  }

  private optionalArg(): string | undefined {
    if (!this.take('[')) return undefined;
    let arg = this.quoted();
    if (arg === undefined) {
      const bare = this.run((c) => !'[]"\'\t\n\v\f\r '.includes(c));
      if (bare === '') throw new ParseFailure('expected a valid field argument: a quoted string or a bare string');
      arg = bare;
    }
    if (!this.take(']')) throw new ParseFailure("expected a ']' token");
    return arg;
  }

  private field(name: string): FieldExpr {
    const f: FieldExpr = { kind: 'field', name, pos: ZERO_POS };
    const arg = this.optionalArg();
    if (arg !== undefined) f.arg = arg;
    return f;
  }

  parseReference(): FieldOperand {
    const name = this.fieldName();
    if (name !== undefined) return this.field(name);
    const transformer = this.transformerOpener();
    if (transformer !== undefined) {
      this.skipBlanks();
      return this.transformerRest(transformer);
    }
    throw new ParseFailure("unexpected token after '");
  }

  private transformerRest(name: TransformerName): TransformerExpr {
    this.skipBlanks();
    const args: TransformerArg[] = [];
    do {
      args.push(this.transformerArg());
      this.skipBlanks();
    } while (this.take(','));
    this.skipBlanks();
    if (!this.take(')')) throw new ParseFailure("expected a ')' token closing the transformer");
    const t: TransformerExpr = { kind: 'transformer', name, args, pos: ZERO_POS };
    const arg = this.optionalArg();
    if (arg !== undefined) t.arg = arg;
    return t;
  }

  private value(value: string): ValueExpr {
    return { kind: 'value', value, pos: ZERO_POS };
  }

  private transformerArg(): TransformerArg {
    this.skipBlanks();
    const num = this.number();
    if (num !== undefined) return this.value(num);
    const q = this.quoted();
    if (q !== undefined) return this.value(q);
    if (this.take('(')) return this.transformerList();
    const t = this.transformerOpener();
    if (t !== undefined) return this.transformerRest(t);
    const name = this.fieldName();
    if (name !== undefined) return this.field(name);
    throw new ParseFailure('expected field transformer argument: field, transformer, quoted string, number, or transformer list');
  }

  private transformerList(): TransformerListExpr {
    const children: Array<FieldOperand | ValueExpr> = [];
    this.skipBlanks();
    if (this.take(')')) return { kind: 'transformer_list', children, pos: ZERO_POS };
    children.push(this.listArg());
    this.skipBlanks();
    while (this.take(',')) {
      this.skipBlanks();
      children.push(this.listArg());
      this.skipBlanks();
    }
    if (!this.take(')')) throw new ParseFailure("expected ')'");
    return { kind: 'transformer_list', children, pos: ZERO_POS };
  }

  private listArg(): FieldOperand | ValueExpr {
    const name = this.fieldName();
    if (name !== undefined) return this.field(name);
    const t = this.transformerOpener();
    if (t !== undefined) {
      this.skipBlanks();
      return this.transformerRest(t);
    }
    const q = this.quoted();
    if (q !== undefined) return this.value(q);
    const num = this.number();
    if (num !== undefined) return this.value(num);
    throw new ParseFailure('expected transformer list argument: field, transformer, quoted string, or number');
  }
}
