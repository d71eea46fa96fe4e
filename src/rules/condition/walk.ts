/**
 * Walks a condition AST in source order, the way Falco's AST visitors do:
 * through and/or/not down to the tests (macro identifiers, unary and binary
 * checks), and through transformers down to an operand's leaves. The loader's
 * analyses (warnings, `-L` details) differ only in what they do at the tests
 * and leaves, and in the order they take a binary check's sides, so they
 * share this instead of each repeating the recursion.
 */
import type { BinaryCheckExpr, Expr, FieldExpr, FieldOperand, IdentifierExpr, ListExpr, ListRefExpr, Operand, TransformerArg, UnaryCheckExpr, ValueExpr } from './ast.js';

export interface TestVisitor {
  identifier?(e: IdentifierExpr): void;
  unary?(e: UnaryCheckExpr): void;
  binary?(e: BinaryCheckExpr): void;
}

/** Calls the visitor for every test of `expr`, left to right. */
export function forEachTest(expr: Expr, visitor: TestVisitor): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      for (const c of expr.children) forEachTest(c, visitor);
      return;
    case 'not':
      forEachTest(expr.child, visitor);
      return;
    case 'identifier':
      visitor.identifier?.(expr);
      return;
    case 'unary':
      visitor.unary?.(expr);
      return;
    case 'binary':
      visitor.binary?.(expr);
      return;
  }
}

export type OperandLeaf = FieldExpr | ValueExpr | ListExpr | ListRefExpr;

/** Calls `leaf` for every field, value, list and list reference of an operand, transformers opened. */
export function forEachLeaf(o: FieldOperand | TransformerArg | Operand, leaf: (l: OperandLeaf) => void): void {
  switch (o.kind) {
    case 'transformer':
      for (const a of o.args) forEachLeaf(a, leaf);
      return;
    case 'transformer_list':
      for (const c of o.children) forEachLeaf(c, leaf);
      return;
    default:
      leaf(o);
  }
}
