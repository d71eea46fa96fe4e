/**
 * The operator and transformer vocabulary of Falco's condition language, in
 * the order the parser tries them (order matters: `==` before `=`, `<=`
 * before `<`, `intersects` before `in`).
 */

import type { BinaryOperator, OperatorModifier, TransformerName, UnaryOperator } from './ast.js';

export const UNARY_OPERATORS: readonly UnaryOperator[] = ['exists'];

/** Comparison operators whose right-hand side must be a number (or a transformer). */
export const NUMERIC_OPERATORS: readonly BinaryOperator[] = ['<=', '<', '>=', '>'];

/** Operators whose right-hand side is a string (or a transformer, or a modifier and a list). */
export const STRING_OPERATORS: readonly BinaryOperator[] = [
  '==', '=', '!=',
  'glob', 'iglob', 'contains', 'icontains', 'bcontains',
  'startswith', 'bstartswith', 'endswith', 'regex',
];

/** Operators whose right-hand side is a list, a list name or a transformer. */
export const LIST_OPERATORS: readonly BinaryOperator[] = ['intersects', 'in', 'pmatch'];

export const OPERATOR_MODIFIERS: readonly OperatorModifier[] = ['oneof', 'anyof', 'allof'];

/** Transformers usable on either side of a check (`val` is right-hand only and listed apart). */
export const FIELD_TRANSFORMERS: readonly TransformerName[] = [
  'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt',
];

export function isNumericOperator(op: BinaryOperator): boolean {
  return NUMERIC_OPERATORS.includes(op);
}

export function isStringOperator(op: BinaryOperator): boolean {
  return STRING_OPERATORS.includes(op);
}

export function isListOperator(op: BinaryOperator): boolean {
  return LIST_OPERATORS.includes(op);
}

/**
 * A word string operator (`contains`) and a modifier (`oneof`) must be
 * followed by a blank; a symbol (`==`) need not be. (`exists`, `in`,
 * `intersects` and `pmatch` need no blank either: `a.b inx` reads `in x`.)
 */
export function isWordOperator(op: string): boolean {
  return /^[a-z]/.test(op);
}

/** Every operator, in the order Falco lists them in its "expected a valid check operator" error. */
export function supportedOperators(): string[] {
  return [...UNARY_OPERATORS, ...NUMERIC_OPERATORS, ...STRING_OPERATORS, ...LIST_OPERATORS];
}

/** Transformer names, optionally with `val` first, as Falco lists them in errors. */
export function supportedTransformers(includeVal: boolean): string[] {
  return includeVal ? ['val', ...FIELD_TRANSFORMERS] : [...FIELD_TRANSFORMERS];
}
