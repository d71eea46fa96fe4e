/**
 * The binder: expands macro references and list names in a parsed condition,
 * with Falco 0.44.1's rules.
 *
 * Macros: a bare identifier in boolean position names a macro; its body is
 * expanded in place (recursively, each body seeing the macros visible to its
 * own definition). A macro reached again while being expanded is a reference
 * loop; a name with no visible macro is undefined. Both leave the identifier
 * in the tree and are reported with Falco's message texts.
 *
 * Lists: Falco substitutes list names into the condition *text* before
 * parsing: each list, in definition order, replaces every bare occurrence of
 * its name by its items joined with ", " (an item holding a space and not
 * starting with a quote is wrapped in double quotes), and the parser then
 * reads the result. The binder reproduces the outcome on the AST for the
 * places where a list name can stand: an item of a list literal (the items
 * splice in; an empty list just disappears), a bare name after `in`,
 * `intersects`, `pmatch` or a modifier (only a list with exactly one
 * identifier-like item reads back; anything else is the parse error Falco
 * gives), the value of a string comparison (likewise one item), and a bare
 * identifier (one identifier-like item, which then names a macro). Values a
 * substitution produces are substituted again only by lists defined later,
 * because earlier lists had their turn already; a quoted item never names a
 * list.
 */

import type {
  BinaryCheckExpr,
  Expr,
  FieldOperand,
  ListExpr,
  Operand,
  Position,
  TransformerArg,
  ValueExpr,
} from '../condition/ast.js';
import type { ConditionNode } from '../condition/equality.js';
import { isNumericOperator, supportedOperators, supportedTransformers } from '../condition/operators.js';
import { Scanner } from '../condition/scanner.js';

/** A macro as the binder needs it. */
export interface MacroDefinition {
  /** The macro's condition as parsed (macros and lists not yet expanded). */
  readonly expr: Expr;
  /**
   * Load order of the macro's first definition (Falco's `index`, counted over
   * lists, macros and rules together). Absent: visible everywhere.
   */
  readonly index?: number;
  /**
   * Only macros whose index is below this are visible inside this macro's
   * body (Falco's `visibility`: the load order of the macro's last
   * definition, append or override). Absent: every macro is visible.
   */
  readonly visibility?: number;
}

export interface BindScope {
  readonly macros: ReadonlyMap<string, MacroDefinition>;
  /**
   * Lists in definition order (the order Falco substitutes them in), each
   * with its items as compiled by expandListItems. Omit or leave empty when
   * the condition text had its lists substituted before parsing.
   */
  readonly lists?: ReadonlyMap<string, readonly string[]>;
  /**
   * Visibility of the condition being bound: only macros with a lower index
   * are visible. Pass a macro's own visibility when binding its body; omit
   * for rule conditions (Falco lets rules see every macro).
   */
  readonly visibility?: number;
}

/**
 * `list_syntax`: a substituted list does not read back (Falco reports it as
 * a condition parse error, LOAD_ERR_COMPILE_CONDITION); `macro_loop` and
 * `undefined_macro`: LOAD_ERR_VALIDATE in Falco.
 */
export type BindErrorKind = 'list_syntax' | 'macro_loop' | 'undefined_macro';

export interface BindError {
  kind: BindErrorKind;
  /** Falco's message text, e.g. "Undefined macro 'foo' used in filter.". */
  message: string;
  pos: Position;
  /** Set when `pos` lies in the body of this macro rather than in the condition bound. */
  macro?: string;
}

/** A name left unexpanded: an undefined macro or a loop (Falco's "unknown macros"). */
export interface UnresolvedName {
  name: string;
  pos: Position;
  macro?: string;
}

export interface BindResult {
  /** A new tree (the input is not modified); positions are those of the text each node came from. */
  expr: Expr;
  /** Macros expanded, nested ones included (Falco marks these used). */
  usedMacros: Set<string>;
  /** Lists substituted, including those reached through other lists. */
  usedLists: Set<string>;
  /**
   * All problems found, ordered so that `errors[0]` is the one Falco reports:
   * list syntax errors first (Falco meets them while parsing), then macro
   * loops, then undefined macros, each kind in tree order.
   */
  errors: BindError[];
  unresolved: UnresolvedName[];
  /** For every node copied out of a macro body: the innermost macro it came from. */
  origins: ReadonlyMap<ConditionNode, string>;
}

/** Falco's LOAD_UNUSED_MACRO text, for macros in no usedMacros (bind every macro body on its own too: Falco counts uses from unused macros). */
export const UNUSED_MACRO_WARNING = 'Macro not referred to by any other rule/macro';
/** Falco's LOAD_UNUSED_LIST text, for lists in no usedLists (nor in expandListItems' usedLists). */
export const UNUSED_LIST_WARNING = 'List not referred to by any other rule/macro';

export function undefinedMacroMessage(name: string): string {
  return `Undefined macro '${name}' used in filter.`;
}

export function macroLoopMessage(name: string): string {
  return `reference loop in macro '${name}'`;
}

export function bindCondition(expr: Expr, scope: BindScope): BindResult {
  const binder = new Binder(scope);
  const bound = binder.expr(expr, { macro: undefined, visibility: scope.visibility });
  const rank: Record<BindErrorKind, number> = { list_syntax: 0, macro_loop: 1, undefined_macro: 2 };
  // Array.prototype.sort is stable, so tree order survives within a kind.
  const errors = binder.errors.sort((a, b) => rank[a.kind] - rank[b.kind]);
  return {
    expr: bound,
    usedMacros: binder.usedMacros,
    usedLists: binder.usedLists,
    errors,
    unresolved: binder.unresolved,
    origins: binder.origins,
  };
}

// ---- list definitions ------------------------------------------------------

/** A list as written in the rules files (items not yet expanded). */
export interface ListDefinition {
  readonly items: readonly string[];
  /** Load order of the list's first definition (Falco's `index`). Absent: visible everywhere. */
  readonly index?: number;
}

export interface ExpandedListItems {
  items: string[];
  /** Lists whose items were spliced in (Falco marks them used). */
  usedLists: Set<string>;
}

/**
 * Compiles a list's items as Falco does: an item that is exactly the name of
 * a visible list (index below `visibility`, the load order of this list's
 * last definition) is replaced by that list's items *as written*, so nesting
 * is resolved one level deep here; deeper names stay items, and condition
 * substitution may still expand them later if their list comes later in the
 * load order. Items are otherwise kept verbatim (quotes included).
 */
export function expandListItems(
  items: readonly string[],
  lists: ReadonlyMap<string, ListDefinition>,
  visibility?: number,
): ExpandedListItems {
  const out: string[] = [];
  const usedLists = new Set<string>();
  for (const item of items) {
    const ref = lists.get(item);
    if (ref !== undefined && (visibility === undefined || ref.index === undefined || ref.index < visibility)) {
      usedLists.add(item);
      out.push(...ref.items);
    } else {
      out.push(item);
    }
  }
  return { items: out, usedLists };
}

/**
 * The text Falco puts in place of a list name: items joined by ", ", an item
 * with a space (and not already starting with a quote) wrapped in double
 * quotes without escaping its content.
 */
export function listSubstitutionText(items: readonly string[]): string {
  return items.map(quoteListItem).join(', ');
}

function quoteListItem(item: string): string {
  const first = item.charAt(0);
  return item.includes(' ') && first !== '"' && first !== "'" ? `"${item}"` : item;
}

// ---- reading substituted text back ----------------------------------------

/** A value as the parser would read it from substituted text. */
interface Token {
  value: string;
  quoted: boolean;
}

type Lexed<T> = { ok: true; value: T } | { ok: false; message: string };

const TRANSFORMERS_TEXT = supportedTransformers(true)
  .map((t) => `'${t}'`)
  .join(', ');
const OPERATORS_TEXT = supportedOperators()
  .map((o) => `'${o}'`)
  .join(', ');

function fail<T>(message: string): Lexed<T> {
  return { ok: false, message };
}

function afterToken(scan: Scanner): string {
  return `unexpected token after '${scan.lastToken}', expecting 'or', 'and'`;
}

/** A quoted or bare string at the cursor; undefined if neither starts here. */
function readString(scan: Scanner): Lexed<Token> | undefined {
  const quoted = scan.takeQuoted();
  if (quoted.kind === 'ok') return { ok: true, value: { value: quoted.value, quoted: true } };
  if (quoted.kind === 'bad-escape') return fail(quoted.message);
  const bare = scan.takePattern('bareString');
  return bare === undefined ? undefined : { ok: true, value: { value: bare, quoted: false } };
}

/**
 * Substituted text standing for one item of a list literal: zero or more
 * comma-separated strings. `atHead`: the item was the list's first, where
 * Falco reads an unreadable value as "empty list" and then wants `)`.
 */
function lexListItems(text: string, atHead: boolean): Lexed<Token[]> {
  const scan = new Scanner(text);
  const out: Token[] = [];
  scan.skipBlanks();
  if (scan.atEnd) return { ok: true, value: out };
  const first = readString(scan);
  if (first === undefined || !first.ok) {
    if (atHead) return fail("expected a ')' token");
    return first === undefined ? fail('expected a string value') : first;
  }
  out.push(first.value);
  for (;;) {
    scan.skipBlanks();
    if (scan.atEnd) return { ok: true, value: out };
    if (!scan.take(',')) return fail("expected a ')' token");
    scan.skipBlanks();
    const next = readString(scan);
    if (next === undefined) return fail('expected a string value');
    if (!next.ok) return next;
    out.push(next.value);
  }
}

/** Substituted text after a list operator (or a modifier): one identifier and nothing else. */
function lexListName(text: string, afterModifier: string | undefined): Lexed<string> {
  const scan = new Scanner(text);
  scan.skipBlanks();
  const name = scan.takePattern('identifier');
  if (name === undefined) {
    if (afterModifier !== undefined) {
      // Falco no longer sees a list after the modifier and reads the modifier word as the value.
      scan.lastToken = afterModifier;
      return fail(afterToken(scan));
    }
    return fail(`expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMERS_TEXT}`);
  }
  scan.skipBlanks();
  return scan.atEnd ? { ok: true, value: name } : fail(afterToken(scan));
}

/** Substituted text as the value of a string comparison: one string and nothing else. */
function lexStringValue(text: string): Lexed<Token> {
  const scan = new Scanner(text);
  scan.skipBlanks();
  const value = readString(scan);
  if (value === undefined) {
    return fail(`expected a string value or a field with a valid transformer: ${TRANSFORMERS_TEXT}`);
  }
  if (!value.ok) return value;
  scan.skipBlanks();
  return scan.atEnd ? value : fail(afterToken(scan));
}

/** Substituted text in boolean position: one identifier (a macro name) and nothing else. */
function lexIdentifier(text: string): Lexed<string> {
  const scan = new Scanner(text);
  scan.skipBlanks();
  if (scan.lookingAt('fieldName')) {
    scan.takePattern('fieldName');
    return fail(`expected a valid check operator: one of ${OPERATORS_TEXT}`);
  }
  const name = scan.takePattern('identifier');
  if (name === undefined) return fail("expected a '(' token, a field check, or an identifier");
  scan.skipBlanks();
  return scan.atEnd ? { ok: true, value: name } : fail(afterToken(scan));
}

// ---- the tree walk ----------------------------------------------------------

interface Context {
  /** Innermost macro whose body is being copied. */
  macro: string | undefined;
  /** Visibility in force for macro references here. */
  visibility: number | undefined;
}

const NO_LISTS: ReadonlyMap<string, readonly string[]> = new Map();

class Binder {
  readonly usedMacros = new Set<string>();
  readonly usedLists = new Set<string>();
  readonly errors: BindError[] = [];
  readonly unresolved: UnresolvedName[] = [];
  readonly origins = new Map<ConditionNode, string>();

  private readonly lists: ReadonlyMap<string, readonly string[]>;
  private readonly listOrder = new Map<string, number>();
  /** Macros being expanded, outermost first. */
  private readonly path: string[] = [];

  constructor(private readonly scope: BindScope) {
    this.lists = scope.lists ?? NO_LISTS;
    let i = 0;
    for (const name of this.lists.keys()) this.listOrder.set(name, i++);
  }

  expr(e: Expr, ctx: Context): Expr {
    switch (e.kind) {
      case 'and':
      case 'or':
        return this.note({ kind: e.kind, children: e.children.map((c) => this.expr(c, ctx)), pos: pos(e.pos) }, ctx);
      case 'not':
        return this.note({ kind: 'not', child: this.expr(e.child, ctx), pos: pos(e.pos) }, ctx);
      case 'identifier':
        return this.identifier(e.name, e.pos, ctx, -1);
      case 'unary':
        return this.note({ kind: 'unary', left: this.fieldOperand(e.left, ctx), op: e.op, pos: pos(e.pos) }, ctx);
      case 'binary':
        return this.binary(e, ctx);
    }
  }

  // -- macros --

  /**
   * A bare word in boolean position. `after`: load order of the list whose
   * substitution produced the word (-1 for words of the original text).
   */
  private identifier(name: string, at: Position, ctx: Context, after: number): Expr {
    const listOrder = this.listAfter(name, after);
    if (listOrder !== undefined) {
      this.usedLists.add(name);
      const read = lexIdentifier(listSubstitutionText(this.lists.get(name)!));
      if (!read.ok) {
        this.error('list_syntax', read.message, at, ctx);
        return this.note({ kind: 'identifier', name, pos: pos(at) }, ctx);
      }
      return this.identifier(read.value, at, ctx, listOrder);
    }

    const def = this.scope.macros.get(name);
    const visible =
      def !== undefined && (ctx.visibility === undefined || def.index === undefined || def.index < ctx.visibility);
    if (!visible) {
      this.unresolve(name, at, ctx);
      this.error('undefined_macro', undefinedMacroMessage(name), at, ctx);
      return this.note({ kind: 'identifier', name, pos: pos(at) }, ctx);
    }
    if (this.path.includes(name)) {
      this.unresolve(name, at, ctx);
      this.error('macro_loop', macroLoopMessage(name), at, ctx);
      return this.note({ kind: 'identifier', name, pos: pos(at) }, ctx);
    }
    this.path.push(name);
    const body = this.expr(def.expr, { macro: name, visibility: def.visibility });
    this.path.pop();
    this.usedMacros.add(name);
    return body;
  }

  // -- checks --

  private binary(e: BinaryCheckExpr, ctx: Context): Expr {
    const left = this.fieldOperand(e.left, ctx);
    const right = this.rightOperand(e, ctx);
    const out: BinaryCheckExpr =
      e.modifier === undefined
        ? { kind: 'binary', left, op: e.op, right, pos: pos(e.pos) }
        : { kind: 'binary', left, op: e.op, modifier: e.modifier, right, pos: pos(e.pos) };
    return this.note(out, ctx);
  }

  private rightOperand(e: BinaryCheckExpr, ctx: Context): Operand {
    const r = e.right;
    switch (r.kind) {
      case 'list':
        return this.listLiteral(r, ctx);
      case 'listref':
        return this.listName(r.name, r.pos, e.modifier, ctx, -1);
      case 'value':
        // After `<` and friends only numbers parse, and numbers are not list names.
        if (!isNumericOperator(e.op) && r.quoted !== true) return this.stringValue(r, ctx, -1);
        return this.value(r, ctx);
      case 'field':
      case 'transformer':
        return this.fieldOperand(r, ctx);
    }
  }

  /** `(a, some_list, b)`: list names among the items splice in their items. */
  private listLiteral(list: ListExpr, ctx: Context): ListExpr {
    const values: ValueExpr[] = [];
    list.values.forEach((v, i) => {
      if (v.quoted === true) values.push(this.value(v, ctx));
      else this.listItem(v.value, v.pos, i === 0, ctx, -1, values);
    });
    return this.note({ kind: 'list', values, pos: pos(list.pos) }, ctx);
  }

  /** One bare item of a list literal; appends what it stands for to `out`. */
  private listItem(word: string, at: Position, atHead: boolean, ctx: Context, after: number, out: ValueExpr[]): void {
    const order = this.listAfter(word, after);
    if (order === undefined) {
      out.push(this.note({ kind: 'value', value: word, pos: pos(at) }, ctx));
      return;
    }
    this.usedLists.add(word);
    const read = lexListItems(listSubstitutionText(this.lists.get(word)!), atHead);
    if (!read.ok) {
      this.error('list_syntax', read.message, at, ctx);
      out.push(this.note({ kind: 'value', value: word, pos: pos(at) }, ctx));
      return;
    }
    read.value.forEach((t, i) => {
      if (t.quoted) out.push(this.note({ kind: 'value', value: t.value, pos: pos(at), quoted: true }, ctx));
      else this.listItem(t.value, at, atHead && i === 0, ctx, order, out);
    });
  }

  /**
   * `in name` (or `= oneof name`): a list whose text reads back as a single
   * identifier, else a one-value list as Falco compiles a bare word there.
   */
  private listName(
    name: string,
    at: Position,
    modifier: string | undefined,
    ctx: Context,
    after: number,
  ): ListExpr {
    const order = this.listAfter(name, after);
    if (order !== undefined) {
      this.usedLists.add(name);
      const read = lexListName(listSubstitutionText(this.lists.get(name)!), modifier);
      if (read.ok) return this.listName(read.value, at, modifier, ctx, order);
      this.error('list_syntax', read.message, at, ctx);
    }
    const value = this.note<ValueExpr>({ kind: 'value', value: name, pos: pos(at) }, ctx);
    return this.note({ kind: 'list', values: [value], pos: pos(at) }, ctx);
  }

  /** The value of a string comparison (`proc.name = some_list` reads the list's single item). */
  private stringValue(v: ValueExpr, ctx: Context, after: number): ValueExpr {
    const order = this.listAfter(v.value, after);
    if (order === undefined) return this.value(v, ctx);
    this.usedLists.add(v.value);
    const read = lexStringValue(listSubstitutionText(this.lists.get(v.value)!));
    if (!read.ok) {
      this.error('list_syntax', read.message, v.pos, ctx);
      return this.value(v, ctx);
    }
    const produced: ValueExpr = read.value.quoted
      ? { kind: 'value', value: read.value.value, pos: pos(v.pos), quoted: true }
      : { kind: 'value', value: read.value.value, pos: pos(v.pos) };
    return read.value.quoted ? this.note(produced, ctx) : this.stringValue(produced, ctx, order);
  }

  // -- plain copies --

  private fieldOperand(f: FieldOperand, ctx: Context): FieldOperand {
    if (f.kind === 'field') {
      return this.note(
        f.arg === undefined
          ? { kind: 'field', name: f.name, pos: pos(f.pos) }
          : { kind: 'field', name: f.name, arg: f.arg, pos: pos(f.pos) },
        ctx,
      );
    }
    const args = f.args.map((a) => this.transformerArg(a, ctx));
    return this.note(
      f.arg === undefined
        ? { kind: 'transformer', name: f.name, args, pos: pos(f.pos) }
        : { kind: 'transformer', name: f.name, args, arg: f.arg, pos: pos(f.pos) },
      ctx,
    );
  }

  private transformerArg(a: TransformerArg, ctx: Context): TransformerArg {
    switch (a.kind) {
      case 'value':
        return this.value(a, ctx);
      case 'transformer_list':
        return this.note(
          {
            kind: 'transformer_list',
            children: a.children.map((c) => (c.kind === 'value' ? this.value(c, ctx) : this.fieldOperand(c, ctx))),
            pos: pos(a.pos),
          },
          ctx,
        );
      case 'field':
      case 'transformer':
        return this.fieldOperand(a, ctx);
    }
  }

  private value(v: ValueExpr, ctx: Context): ValueExpr {
    return this.note(
      v.quoted === undefined
        ? { kind: 'value', value: v.value, pos: pos(v.pos) }
        : { kind: 'value', value: v.value, pos: pos(v.pos), quoted: v.quoted },
      ctx,
    );
  }

  // -- bookkeeping --

  /** The load order of list `name` if it is a list defined after load order `after`. */
  private listAfter(name: string, after: number): number | undefined {
    const order = this.listOrder.get(name);
    return order !== undefined && order > after ? order : undefined;
  }

  private note<T extends ConditionNode>(node: T, ctx: Context): T {
    if (ctx.macro !== undefined) this.origins.set(node, ctx.macro);
    return node;
  }

  private error(kind: BindErrorKind, message: string, at: Position, ctx: Context): void {
    this.errors.push(
      ctx.macro === undefined ? { kind, message, pos: pos(at) } : { kind, message, pos: pos(at), macro: ctx.macro },
    );
  }

  private unresolve(name: string, at: Position, ctx: Context): void {
    this.unresolved.push(ctx.macro === undefined ? { name, pos: pos(at) } : { name, pos: pos(at), macro: ctx.macro });
  }
}

function pos(p: Position): Position {
  return { offset: p.offset, line: p.line, col: p.col };
}
