/**
 * Parser for Falco condition text, producing the AST of ./ast.ts.
 *
 * Recursive descent over Falco's (libsinsp 0.25.4) filter grammar: `or`
 * binds loosest, then `and`, then `not`; `and`/`or` need a blank or a `(`
 * after them; transformers may not be separated from their `(`. Error
 * messages, and the position where they are reported (the cursor when the
 * parser gives up), are Falco's, since users see them in rule-loading
 * errors. Node positions follow Falco's too, quirks included, because later
 * passes report errors at them.
 */

import type {
  BinaryCheckExpr,
  BinaryOperator,
  Expr,
  FieldExpr,
  FieldOperand,
  ListExpr,
  ListRefExpr,
  Operand,
  OperatorModifier,
  Position,
  TransformerArg,
  TransformerExpr,
  TransformerListExpr,
  TransformerName,
  ValueExpr,
} from './ast.js';
import {
  FIELD_TRANSFORMERS,
  LIST_OPERATORS,
  NUMERIC_OPERATORS,
  OPERATOR_MODIFIERS,
  STRING_OPERATORS,
  UNARY_OPERATORS,
  isWordOperator,
  supportedOperators,
  supportedTransformers,
} from './operators.js';
import { Scanner } from './scanner.js';

export interface ConditionSyntaxError {
  /** Falco's message text, e.g. "expected a ')' token". */
  message: string;
  /** Where the parser stopped (byte offset, 1-based line and byte column, as libsinsp counts). */
  pos: Position;
}

export type ParseResult =
  | { ok: true; expr: Expr }
  | { ok: false; error: ConditionSyntaxError };

export interface ParseOptions {
  /**
   * Limit on the parser's recursion (each grammar rule entered counts one
   * level, so one level of parentheses costs about five). Falco's rule
   * loader configures 1000, the default here.
   */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 1000;

/**
 * Parses a whole condition. Never throws: syntax errors, excessive nesting
 * and malformed escapes come back as `{ ok: false }`.
 */
export function parseCondition(text: string, options?: ParseOptions): ParseResult {
  const parser = new ConditionParser(text, options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  try {
    return { ok: true, expr: parser.parseAll() };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: { message: e.message, pos: e.pos } };
    // Only reachable with a maxDepth far beyond the default: the JS stack ran out first.
    if (e instanceof RangeError) return { ok: false, error: parser.depthError() };
    throw e;
  }
}

/** Internal unwinding signal; parseCondition turns it into a result. */
class SyntaxFailure {
  constructor(readonly message: string, readonly pos: Position) {}
}

function quotedList(items: readonly string[]): string {
  return items.map((s) => `'${s}'`).join(', ');
}

const TRANSFORMER_LIST_TEXT = quotedList(supportedTransformers(true));
const OPERATOR_LIST_TEXT = quotedList(supportedOperators());
const TRANSFORMER_OPENERS = FIELD_TRANSFORMERS.map((name) => `${name}(`);

class ConditionParser {
  private readonly scan: Scanner;
  private depth = 0;

  constructor(text: string, private readonly maxDepth: number) {
    this.scan = new Scanner(text);
  }

  parseAll(): Expr {
    if (this.scan.text.length === 0) this.fail('filter input string is empty');
    const expr = this.orExpr();
    if (!this.scan.atEnd) {
      this.fail(`unexpected token after '${this.scan.lastToken}', expecting 'or', 'and'`);
    }
    return expr;
  }

  depthError(): ConditionSyntaxError {
    return { message: `exceeded max depth limit of ${this.maxDepth}`, pos: this.scan.position() };
  }

  // ---- boolean structure ------------------------------------------------

  private orExpr(): Expr {
    this.enter();
    try {
      const pos = this.scan.position();
      this.scan.skipBlanks();
      const children = [this.andExpr()];
      this.scan.skipBlanks();
      while (this.scan.take('or')) {
        children.push(this.operandAfterKeyword('or', () => this.andExpr()));
        this.scan.skipBlanks();
      }
      return children.length > 1 ? { kind: 'or', children, pos } : children[0]!;
    } finally {
      this.depth--;
    }
  }

  private andExpr(): Expr {
    this.enter();
    try {
      const pos = this.scan.position();
      this.scan.skipBlanks();
      const children = [this.notExpr()];
      this.scan.skipBlanks();
      while (this.scan.take('and')) {
        children.push(this.operandAfterKeyword('and', () => this.notExpr()));
        this.scan.skipBlanks();
      }
      return children.length > 1 ? { kind: 'and', children, pos } : children[0]!;
    } finally {
      this.depth--;
    }
  }

  /** After `and`/`or`: a blank then the next operand, or directly a parenthesised group. */
  private operandAfterKeyword(keyword: string, next: () => Expr): Expr {
    if (this.scan.skipBlanks()) return next();
    if (this.scan.take('(')) return this.groupRest();
    return this.fail(`expected blank or '(' after '${keyword}'`);
  }

  private notExpr(): Expr {
    this.enter();
    try {
      const pos = this.scan.position();
      this.scan.skipBlanks();
      // Repeated `not`s cancel out pairwise, as in Falco (`not not a` is `a`).
      let negate = false;
      while (this.scan.takePattern('notBlank') !== undefined) negate = !negate;
      let child: Expr;
      if (this.scan.take('not(')) {
        negate = !negate;
        child = this.groupRest();
      } else {
        child = this.check();
      }
      return negate ? { kind: 'not', child, pos } : child;
    } finally {
      this.depth--;
    }
  }

  /** The rest of a parenthesised expression, after its `(`. */
  private groupRest(): Expr {
    this.enter();
    try {
      this.scan.skipBlanks();
      const expr = this.orExpr();
      this.scan.skipBlanks();
      if (!this.scan.take(')')) this.fail("expected a ')' token");
      return expr;
    } finally {
      this.depth--;
    }
  }

  private check(): Expr {
    this.enter();
    try {
      const pos = this.scan.position();
      this.scan.skipBlanks();
      if (this.scan.take('(')) return this.groupRest();
      const field = this.scan.takePattern('fieldName');
      if (field !== undefined) return this.condition(this.fieldRest(field, pos), pos);
      const transformer = this.takeTransformerOpener();
      if (transformer !== undefined) {
        this.scan.skipBlanks();
        return this.condition(this.transformerRest(transformer, pos), pos);
      }
      const name = this.scan.takePattern('identifier');
      if (name !== undefined) return { kind: 'identifier', name, pos };
      return this.fail("expected a '(' token, a field check, or an identifier");
    } finally {
      this.depth--;
    }
  }

  // ---- fields and transformers -----------------------------------------

  private fieldRest(name: string, pos: Position): FieldExpr {
    this.enter();
    try {
      const arg = this.optionalArg();
      return arg === undefined ? { kind: 'field', name, pos } : { kind: 'field', name, arg, pos };
    } finally {
      this.depth--;
    }
  }

  /** `[arg]` right after a field or a transformer's `)`: quoted, or bare up to `]`. */
  private optionalArg(): string | undefined {
    if (!this.scan.take('[')) return undefined;
    const arg = this.quotedString() ?? this.scan.takePattern('fieldArgBare');
    if (arg === undefined) this.fail('expected a valid field argument: a quoted string or a bare string');
    if (!this.scan.take(']')) this.fail("expected a ']' token");
    return arg;
  }

  /** `tolower(` etc. at the cursor; returns the name (the last token loses its `(` too). */
  private takeTransformerOpener(): TransformerName | undefined {
    const opener = this.scan.takeFirst(TRANSFORMER_OPENERS);
    if (opener === undefined) return undefined;
    const name = FIELD_TRANSFORMERS[TRANSFORMER_OPENERS.indexOf(opener)]!;
    this.scan.lastToken = name;
    return name;
  }

  /** Arguments, `)` and optional `[arg]` of a transformer whose `name(` was read. */
  private transformerRest(name: TransformerName, pos: Position): TransformerExpr {
    this.enter();
    try {
      this.scan.skipBlanks();
      const args: TransformerArg[] = [];
      do {
        // Falco records the position before the blanks that may precede an argument.
        args.push(this.transformerArg(this.scan.position()));
        this.scan.skipBlanks();
      } while (this.scan.take(','));
      this.scan.skipBlanks();
      if (!this.scan.take(')')) this.fail("expected a ')' token closing the transformer");
      return this.transformerNode(name, args, this.optionalArg(), pos);
    } finally {
      this.depth--;
    }
  }

  private transformerNode(
    name: TransformerName,
    args: TransformerArg[],
    arg: string | undefined,
    pos: Position,
  ): TransformerExpr {
    return arg === undefined ? { kind: 'transformer', name, args, pos } : { kind: 'transformer', name, args, arg, pos };
  }

  private transformerArg(pos: Position): TransformerArg {
    this.enter();
    try {
      this.scan.skipBlanks();
      const num = this.number();
      if (num !== undefined) return { kind: 'value', value: num, pos };
      const str = this.quotedString();
      if (str !== undefined) return { kind: 'value', value: str, pos };
      if (this.scan.take('(')) return this.transformerList(pos);
      const transformer = this.takeTransformerOpener();
      if (transformer !== undefined) return this.transformerRest(transformer, pos);
      const field = this.scan.takePattern('fieldName');
      if (field !== undefined) return this.fieldRest(field, pos);
      return this.fail(
        'expected field transformer argument: field, transformer, quoted string, number, or transformer list',
      );
    } finally {
      this.depth--;
    }
  }

  /**
   * `(a.b, 'x', 1)` inside a transformer's arguments, after its `(`. Every
   * item gets the list's own position, as in Falco.
   */
  private transformerList(pos: Position): TransformerListExpr {
    this.scan.skipBlanks();
    const children: Array<FieldOperand | ValueExpr> = [];
    if (this.scan.take(')')) return { kind: 'transformer_list', children, pos };
    children.push(this.transformerListItem(pos));
    this.scan.skipBlanks();
    while (this.scan.take(',')) {
      this.scan.skipBlanks();
      children.push(this.transformerListItem(pos));
      this.scan.skipBlanks();
    }
    if (!this.scan.take(')')) this.fail("expected ')'");
    return { kind: 'transformer_list', children, pos };
  }

  private transformerListItem(pos: Position): FieldOperand | ValueExpr {
    const field = this.scan.takePattern('fieldName');
    if (field !== undefined) return this.fieldRest(field, pos);
    const transformer = this.takeTransformerOpener();
    if (transformer !== undefined) {
      this.scan.skipBlanks();
      return this.transformerRest(transformer, pos);
    }
    const str = this.quotedString();
    if (str !== undefined) return { kind: 'value', value: str, pos };
    const num = this.number();
    if (num !== undefined) return { kind: 'value', value: num, pos };
    return this.fail('expected transformer list argument: field, transformer, quoted string, or number');
  }

  /** A right-hand `val(field)` or transformer, if one starts here. */
  private tryTransformerOrVal(): TransformerExpr | undefined {
    this.enter();
    try {
      this.scan.skipBlanks();
      const pos = this.scan.position();
      if (this.scan.take('val(')) {
        this.scan.skipBlanks();
        this.scan.lastToken = 'val';
        const fieldPos = this.scan.position();
        const name = this.scan.takePattern('fieldName');
        if (name === undefined) return this.fail("expected a field within 'val' transformer");
        const field = this.fieldRest(name, fieldPos);
        this.scan.skipBlanks();
        if (!this.scan.take(')')) this.fail("expected a ')' token closing the transformer");
        return this.transformerNode('val', [field], this.optionalArg(), pos);
      }
      const transformer = this.takeTransformerOpener();
      if (transformer !== undefined) {
        this.scan.skipBlanks();
        return this.transformerRest(transformer, pos);
      }
      return undefined;
    } finally {
      this.depth--;
    }
  }

  // ---- checks -------------------------------------------------------------

  private condition(left: FieldOperand, pos: Position): Expr {
    this.enter();
    try {
      this.scan.skipBlanks();
      const unary = this.scan.takeFirst(UNARY_OPERATORS);
      if (unary !== undefined) return { kind: 'unary', left, op: unary, pos };
      this.scan.skipBlanks();

      const numeric = this.scan.takeFirst(NUMERIC_OPERATORS);
      if (numeric !== undefined) return this.binary(left, numeric, undefined, this.numericOperand(), pos);

      const str = this.takeStringOperator();
      if (str !== undefined) {
        const hadBlank = isWordOperator(str) || this.scan.skipBlanks();
        const saved = this.scan.mark();
        if (hadBlank) {
          const modifier = this.takeModifier();
          if (modifier !== undefined && this.listFollows() && !this.booleanKeywordFollows()) {
            return this.binary(left, str, modifier, this.listOperand(), pos);
          }
        }
        // Not a modifier after all (`= oneof`, `= oneof and ...`): read it as a plain value.
        this.scan.reset(saved);
        return this.binary(left, str, undefined, this.stringOperand(true), pos);
      }

      const list = this.scan.takeFirst(LIST_OPERATORS);
      if (list !== undefined) return this.binary(left, list, undefined, this.listOrTransformerOperand(), pos);

      return this.fail(`expected a valid check operator: one of ${OPERATOR_LIST_TEXT}`);
    } finally {
      this.depth--;
    }
  }

  private binary(
    left: FieldOperand,
    op: BinaryOperator,
    modifier: OperatorModifier | undefined,
    right: Operand,
    pos: Position,
  ): BinaryCheckExpr {
    return modifier === undefined
      ? { kind: 'binary', left, op, right, pos }
      : { kind: 'binary', left, op, modifier, right, pos };
  }

  private takeStringOperator(): BinaryOperator | undefined {
    for (const op of STRING_OPERATORS) {
      if (isWordOperator(op) ? this.scan.takeKeyword(op) : this.scan.take(op)) return op;
    }
    return undefined;
  }

  private takeModifier(): OperatorModifier | undefined {
    for (const modifier of OPERATOR_MODIFIERS) {
      if (this.scan.takeKeyword(modifier)) return modifier;
    }
    return undefined;
  }

  private listFollows(): boolean {
    return this.scan.peekChar() === '(' || this.scan.lookingAt('identifier');
  }

  private booleanKeywordFollows(): boolean {
    return this.scan.followedByWord('and') || this.scan.followedByWord('or') || this.scan.followedByWord('not');
  }

  private numericOperand(): Operand {
    this.enter();
    try {
      this.scan.skipBlanks();
      const pos = this.scan.position();
      const transformer = this.tryTransformerOrVal();
      if (transformer !== undefined) return transformer;
      const num = this.number();
      if (num !== undefined) return { kind: 'value', value: num, pos };
      return this.fail(`expected a number value or a field with a valid transformer: ${TRANSFORMER_LIST_TEXT}`);
    } finally {
      this.depth--;
    }
  }

  /** A quoted or bare string, or (if allowed) a right-hand transformer. */
  private stringOperand(allowTransformer: boolean): ValueExpr | TransformerExpr {
    this.enter();
    try {
      this.scan.skipBlanks();
      const pos = this.scan.position();
      if (allowTransformer) {
        const transformer = this.tryTransformerOrVal();
        if (transformer !== undefined) return transformer;
      }
      const str = this.quotedString() ?? this.scan.takePattern('bareString');
      if (str !== undefined) return { kind: 'value', value: str, pos };
      return this.fail(
        allowTransformer
          ? `expected a string value or a field with a valid transformer: ${TRANSFORMER_LIST_TEXT}`
          : 'expected a string value',
      );
    } finally {
      this.depth--;
    }
  }

  private stringValue(): ValueExpr {
    const value = this.stringOperand(false);
    // Unreachable: without transformers only values come back.
    if (value.kind !== 'value') return this.fail('parser fatal error: null value expr in list');
    return value;
  }

  /** After a modifier: a list literal or a list name. */
  private listOperand(): ListExpr | ListRefExpr {
    this.enter();
    try {
      this.scan.skipBlanks();
      const pos = this.scan.position();
      const list = this.tryList();
      if (list !== undefined) return list;
      const name = this.scan.takePattern('identifier');
      if (name !== undefined) return { kind: 'listref', name, pos };
      return this.fail('expected a list or an identifier');
    } finally {
      this.depth--;
    }
  }

  private listOrTransformerOperand(): Operand {
    this.enter();
    try {
      this.scan.skipBlanks();
      const pos = this.scan.position();
      const list = this.tryList();
      if (list !== undefined) return list;
      const transformer = this.tryTransformerOrVal();
      if (transformer !== undefined) return transformer;
      const name = this.scan.takePattern('identifier');
      if (name !== undefined) return { kind: 'listref', name, pos };
      return this.fail(
        `expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMER_LIST_TEXT}`,
      );
    } finally {
      this.depth--;
    }
  }

  /** `(a, 'b c', d)` if a `(` is at the cursor. */
  private tryList(): ListExpr | undefined {
    const pos = this.scan.position();
    if (!this.scan.take('(')) return undefined;
    this.scan.skipBlanks();
    const values: ValueExpr[] = [];
    // Falco reads an unreadable first item as "the list is empty" and then
    // insists on `)`; so `(,)` fails at the comma, and `("\q")` is empty.
    let first: ValueExpr | undefined;
    try {
      first = this.stringValue();
    } catch (e) {
      if (!(e instanceof SyntaxFailure)) throw e;
    }
    if (first !== undefined) {
      values.push(first);
      this.scan.skipBlanks();
      while (this.scan.take(',')) {
        values.push(this.stringValue());
        this.scan.skipBlanks();
      }
    }
    if (!this.scan.take(')')) this.fail("expected a ')' token");
    return { kind: 'list', values, pos };
  }

  // ---- tokens with values -----------------------------------------------

  private number(): string | undefined {
    return this.scan.takePattern('hexNumber') ?? this.scan.takePattern('number');
  }

  /** A quoted literal's value; fails on a bad escape. */
  private quotedString(): string | undefined {
    const token = this.scan.takeQuoted();
    if (token.kind === 'ok') return token.value;
    if (token.kind === 'bad-escape') this.fail(token.message);
    return undefined;
  }

  // ---- bookkeeping ----------------------------------------------------------

  /** Counts one level of recursion; the caller's `finally` gives it back. */
  private enter(): void {
    if (this.depth + 1 >= this.maxDepth) {
      throw new SyntaxFailure(`exceeded max depth limit of ${this.maxDepth}`, this.scan.position());
    }
    this.depth++;
  }

  private fail(message: string): never {
    throw new SyntaxFailure(message, this.scan.position());
  }
}
