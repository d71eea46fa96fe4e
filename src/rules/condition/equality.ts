/**
 * Structural comparison and copying of condition ASTs. Equality ignores
 * positions (two spellings of one condition are equal) but not anything that
 * changes meaning: a missing field argument differs from an empty one, and a
 * list literal differs from a list name.
 */

import type {
  Expr,
  FieldExpr,
  ListExpr,
  ListRefExpr,
  Position,
  TransformerExpr,
  TransformerListExpr,
  ValueExpr,
} from './ast.js';

/** Any node of the condition AST. */
export type ConditionNode =
  | Expr
  | FieldExpr
  | TransformerExpr
  | TransformerListExpr
  | ValueExpr
  | ListExpr
  | ListRefExpr;

export function exprEquals(a: Expr, b: Expr): boolean {
  return nodeEquals(a, b);
}

export function nodeEquals(a: ConditionNode, b: ConditionNode): boolean {
  switch (a.kind) {
    case 'and':
    case 'or':
      return b.kind === a.kind && listEquals(a.children, b.children);
    case 'not':
      return b.kind === 'not' && nodeEquals(a.child, b.child);
    case 'identifier':
      return b.kind === 'identifier' && a.name === b.name;
    case 'unary':
      return b.kind === 'unary' && a.op === b.op && nodeEquals(a.left, b.left);
    case 'binary':
      return (
        b.kind === 'binary' &&
        a.op === b.op &&
        a.modifier === b.modifier &&
        nodeEquals(a.left, b.left) &&
        nodeEquals(a.right, b.right)
      );
    case 'field':
      return b.kind === 'field' && a.name === b.name && a.arg === b.arg;
    case 'transformer':
      return b.kind === 'transformer' && a.name === b.name && a.arg === b.arg && listEquals(a.args, b.args);
    case 'transformer_list':
      return b.kind === 'transformer_list' && listEquals(a.children, b.children);
    case 'value':
      return b.kind === 'value' && a.value === b.value;
    case 'list':
      return b.kind === 'list' && listEquals(a.values, b.values);
    case 'listref':
      return b.kind === 'listref' && a.name === b.name;
  }
}

function listEquals(a: readonly ConditionNode[], b: readonly ConditionNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!nodeEquals(a[i]!, b[i]!)) return false;
  }
  return true;
}

function clonePos(pos: Position): Position {
  return { offset: pos.offset, line: pos.line, col: pos.col };
}

/** A deep copy sharing nothing with the original, so later passes may rewrite it freely. */
export function cloneExpr(expr: Expr): Expr {
  return cloneNode(expr);
}

/** Deep copy of any node; the result has the same kind as the input. */
export function cloneNode<T extends ConditionNode>(node: T): T {
  return cloneAny(node) as T;
}

function cloneAny(n: ConditionNode): ConditionNode {
  const pos = clonePos(n.pos);
  switch (n.kind) {
    case 'and':
    case 'or':
      return { kind: n.kind, children: n.children.map(cloneNode), pos };
    case 'not':
      return { kind: 'not', child: cloneNode(n.child), pos };
    case 'identifier':
      return { kind: 'identifier', name: n.name, pos };
    case 'unary':
      return { kind: 'unary', left: cloneNode(n.left), op: n.op, pos };
    case 'binary': {
      const left = cloneNode(n.left);
      const right = cloneNode(n.right);
      return n.modifier === undefined
        ? { kind: 'binary', left, op: n.op, right, pos }
        : { kind: 'binary', left, op: n.op, modifier: n.modifier, right, pos };
    }
    case 'field':
      return n.arg === undefined ? { kind: 'field', name: n.name, pos } : { kind: 'field', name: n.name, arg: n.arg, pos };
    case 'transformer': {
      const args = n.args.map(cloneNode);
      return n.arg === undefined
        ? { kind: 'transformer', name: n.name, args, pos }
        : { kind: 'transformer', name: n.name, args, arg: n.arg, pos };
    }
    case 'transformer_list':
      return { kind: 'transformer_list', children: n.children.map(cloneNode), pos };
    case 'value':
      return { kind: 'value', value: n.value, pos };
    case 'list':
      return { kind: 'list', values: n.values.map(cloneNode), pos };
    case 'listref':
      return { kind: 'listref', name: n.name, pos };
  }
}
