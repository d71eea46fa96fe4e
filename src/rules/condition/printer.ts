/**
 * Prints a condition AST back to condition text.
 *
 * The output is canonical (single spaces, `and`/`or`/`not` in lower case,
 * parentheses only where the structure needs them) and reads back, through
 * parseCondition, as a structurally equal AST: values are quoted whenever a
 * bare word would read differently, and double negation is parenthesised
 * because Falco cancels `not not`. This differs from libsinsp's as_string,
 * which does not always round-trip.
 *
 * Trees the parser can never produce (an `and`/`or` without children, a
 * non-numeric value after `<`, `val(...)` on the left) have no faithful text;
 * they are printed as closely as possible.
 */

import type {
  BinaryCheckExpr,
  Expr,
  FieldExpr,
  FieldOperand,
  Operand,
  TransformerArg,
  TransformerExpr,
  ValueExpr,
} from './ast.js';
import { escapeString } from './escaping.js';
import { OPERATOR_MODIFIERS, isNumericOperator } from './operators.js';
import { matchesWholly } from './scanner.js';

/** What surrounds a boolean sub-expression, deciding whether it needs parentheses. */
type Slot = 'top' | 'or' | 'and' | 'not';

export function printExpr(expr: Expr): string {
  return printIn(expr, 'top');
}

function printIn(expr: Expr, slot: Slot): string {
  switch (expr.kind) {
    case 'or':
    case 'and': {
      if (expr.children.length === 0) {
        throw new RangeError(`cannot print an '${expr.kind}' expression without operands`);
      }
      if (expr.children.length === 1) return printIn(expr.children[0]!, slot);
      const text = expr.children.map((c) => printIn(c, expr.kind)).join(` ${expr.kind} `);
      const grouped = expr.kind === 'or' ? slot !== 'top' : slot === 'and' || slot === 'not';
      return grouped ? `(${text})` : text;
    }
    case 'not': {
      const text = `not ${printIn(expr.child, 'not')}`;
      // `not not x` would cancel out when read back.
      return slot === 'not' ? `(${text})` : text;
    }
    case 'identifier':
      // A leading `not ` is taken as negation, so the macro named `not` needs a group.
      return expr.name === 'not' ? '(not)' : expr.name;
    case 'unary':
      return `${printFieldOperand(expr.left)} ${expr.op}`;
    case 'binary':
      return printBinary(expr);
  }
}

function printBinary(expr: BinaryCheckExpr): string {
  const op = expr.modifier === undefined ? expr.op : `${expr.op} ${expr.modifier}`;
  return `${printFieldOperand(expr.left)} ${op} ${printRightOperand(expr.right, isNumericOperator(expr.op))}`;
}

function printRightOperand(right: Operand, numeric: boolean): string {
  switch (right.kind) {
    case 'value':
      // Numbers must stay bare: a quoted string is not accepted after `<`.
      return numeric ? right.value : printStringValue(right.value);
    case 'list':
      return `(${right.values.map((v) => printStringValue(v.value)).join(', ')})`;
    case 'listref':
      return right.name;
    case 'field':
    case 'transformer':
      return printFieldOperand(right);
  }
}

/**
 * A value bare when the parser would read the same word back, quoted
 * otherwise. Modifier words are always quoted so that they can never start a
 * modifier.
 */
export function printStringValue(value: string): string {
  const bare =
    matchesWholly('bareString', value) &&
    !value.startsWith('\b') &&
    !(OPERATOR_MODIFIERS as readonly string[]).includes(value);
  return bare ? value : escapeString(value);
}

export function printFieldOperand(operand: FieldOperand): string {
  return operand.kind === 'field' ? printField(operand) : printTransformer(operand);
}

function printField(field: FieldExpr): string {
  return field.name + printOptionalArg(field.arg);
}

function printTransformer(t: TransformerExpr): string {
  return `${t.name}(${t.args.map(printTransformerArg).join(', ')})${printOptionalArg(t.arg)}`;
}

function printTransformerArg(arg: TransformerArg): string {
  switch (arg.kind) {
    case 'value':
      return printLiteral(arg);
    case 'transformer_list':
      return `(${arg.children.map((c) => (c.kind === 'value' ? printLiteral(c) : printFieldOperand(c))).join(', ')})`;
    case 'field':
    case 'transformer':
      return printFieldOperand(arg);
  }
}

/** Transformer arguments accept quoted strings (never bare words), so always quote. */
function printLiteral(value: ValueExpr): string {
  return escapeString(value.value);
}

function printOptionalArg(arg: string | undefined): string {
  if (arg === undefined) return '';
  return matchesWholly('fieldArgBare', arg) ? `[${arg}]` : `[${escapeString(arg)}]`;
}
