/**
 * Which comparison operators exception `comps` may name. Plain operators are
 * the condition language's; a string operator may carry a list modifier
 * (`startswith oneof`), written with exactly one blank in between.
 */
import { supportedOperators } from '../condition/operators.js';

/** String operators that accept a oneof/anyof/allof modifier. */
const MODIFIABLE = new Set([
  '=', '==', '!=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex',
]);
const MODIFIERS = new Set(['oneof', 'anyof', 'allof']);

/** List operators: a scalar exception value next to them is wrapped in parentheses. */
const LIST_OPERATORS = new Set(['intersects', 'in', 'pmatch']);

export function isSupportedOperator(op: string): boolean {
  return supportedOperators().includes(op);
}

export function isOperatorWithModifier(op: string): boolean {
  const space = op.indexOf(' ');
  if (space < 0) return false;
  return MODIFIABLE.has(op.slice(0, space)) && MODIFIERS.has(op.slice(space + 1));
}

/** Operators whose right-hand side is a parenthesised list. */
export function isOperatorForList(op: string): boolean {
  return LIST_OPERATORS.has(op) || isOperatorWithModifier(op);
}
