/**
 * A compact, unambiguous text form of condition ASTs for writing expected
 * trees in tests:
 *   (and a b) (or ...) (not x)            boolean nodes; identifiers bare
 *   (exists proc.name)                   unary check
 *   (= proc.name "cat")                  binary check; values JSON-quoted
 *   (== oneof proc.name ["a" "b"])       modifier after the operator; lists in []
 *   (in proc.name @my_list)              list reference
 *   proc.aname["2"]                      field argument, JSON-quoted
 *   join("," {proc.name "x"})["t"]       transformer, transformer list in {}
 */

import type { Expr } from '../../../src/rules/condition/ast.js';
import type { ConditionNode } from '../../../src/rules/condition/equality.js';

export function sexpr(node: ConditionNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind} ${node.children.map(sexpr).join(' ')})`;
    case 'not':
      return `(not ${sexpr(node.child)})`;
    case 'identifier':
      return node.name;
    case 'unary':
      return `(${node.op} ${sexpr(node.left)})`;
    case 'binary': {
      const op = node.modifier === undefined ? node.op : `${node.op} ${node.modifier}`;
      return `(${op} ${sexpr(node.left)} ${sexpr(node.right)})`;
    }
    case 'field':
      return node.name + arg(node.arg);
    case 'transformer':
      return `${node.name}(${node.args.map(sexpr).join(' ')})${arg(node.arg)}`;
    case 'transformer_list':
      return `{${node.children.map(sexpr).join(' ')}}`;
    case 'value':
      return JSON.stringify(node.value);
    case 'list':
      return `[${node.values.map(sexpr).join(' ')}]`;
    case 'listref':
      return `@${node.name}`;
  }
}

function arg(a: string | undefined): string {
  return a === undefined ? '' : `[${JSON.stringify(a)}]`;
}

/** Kind and position of every node, in depth-first order, like libsinsp's position tests print them. */
export function positions(expr: Expr): string {
  const out: string[] = [];
  const visit = (n: ConditionNode): void => {
    const name = n.kind === 'identifier' ? 'identifier' : n.kind === 'listref' ? 'value' : n.kind;
    out.push(`${name}${n.pos.offset} ${n.pos.line} ${n.pos.col}`);
    switch (n.kind) {
      case 'and':
      case 'or':
        n.children.forEach(visit);
        break;
      case 'not':
        visit(n.child);
        break;
      case 'unary':
        visit(n.left);
        break;
      case 'binary':
        visit(n.left);
        visit(n.right);
        break;
      case 'transformer':
        n.args.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(expr);
  return out.join('');
}
