/**
 * Conditions and field references printed the way libsinsp prints its
 * filter AST (`as_string`), which is what Falco shows as a rule's compiled
 * condition (`-L` JSON `condition_compiled`) and as field names in details:
 * `and`/`or` always parenthesised, values quoted only when they contain
 * blanks, `=`, quotes, backslashes or control characters.
 */
import type { Expr, FieldOperand, Operand, TransformerArg } from '../condition/ast.js';
import type { FormatToken } from '../../outputs/format-string.js';

/** libsinsp's escape_str: quotes (and escapes) only when a special character occurs. */
export function escapeSinspString(value: string): string {
  let out = '';
  let quote = false;
  for (const c of value) {
    switch (c) {
      case '\b': quote = true; out += '\\b'; break;
      case '\f': quote = true; out += '\\f'; break;
      case '\n': quote = true; out += '\\n'; break;
      case '\r': quote = true; out += '\\r'; break;
      case '\t': quote = true; out += '\\t'; break;
      case ' ': quote = true; out += ' '; break;
      case '=': quote = true; out += '='; break;
      case '\\': quote = true; out += '\\\\'; break;
      case '"': quote = true; out += '\\"'; break;
      case "'": quote = true; out += "'"; break;
      default: out += c;
    }
  }
  return quote ? `"${out}"` : out;
}

function optionalArg(arg: string | undefined): string {
  if (arg === undefined) return '';
  return arg === '' ? '[""]' : `[${escapeSinspString(arg)}]`;
}

export function sinspOperandText(operand: FieldOperand | TransformerArg | Operand): string {
  switch (operand.kind) {
    case 'field':
      return operand.name + optionalArg(operand.arg);
    case 'transformer':
      return `${operand.name}(${operand.args.map(sinspOperandText).join(',')})${optionalArg(operand.arg)}`;
    case 'value':
      return escapeSinspString(operand.value);
    case 'transformer_list':
      return `(${operand.children.map(sinspOperandText).join(',')})`;
    case 'list':
      return `(${operand.values.map((v) => escapeSinspString(v.value)).join(', ')})`;
    case 'listref':
      return escapeSinspString(operand.name);
  }
}

export function sinspConditionText(expr: Expr): string {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return `(${expr.children.map(sinspConditionText).join(` ${expr.kind} `)})`;
    case 'not':
      return `not ${sinspConditionText(expr.child)}`;
    case 'identifier':
      return expr.name;
    case 'unary':
      return `${sinspOperandText(expr.left)} ${expr.op}`;
    case 'binary': {
      const op = expr.modifier === undefined ? expr.op : `${expr.op} ${expr.modifier}`;
      return `${sinspOperandText(expr.left)} ${op} ${sinspOperandText(expr.right)}`;
    }
  }
}

/**
 * The field names a format string resolves, as Falco lists them: every field
 * (inner ones of transformers too) and every outermost transformer.
 */
export function formatFieldNames(tokens: readonly FormatToken[]): string[] {
  const names: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'field') continue;
    collectNames(t.operand, names, { lastWasTransformer: false });
  }
  return names;
}

/** libsinsp keeps one flag for the whole reference: only fields and transformers update it. */
function collectNames(operand: TransformerArg, names: string[], state: { lastWasTransformer: boolean }): void {
  switch (operand.kind) {
    case 'field':
      names.push(sinspOperandText(operand));
      state.lastWasTransformer = false;
      return;
    case 'transformer':
      for (const a of operand.args) collectNames(a, names, state);
      // A nested transformer's name is replaced by the enclosing one.
      if (state.lastWasTransformer) names.pop();
      names.push(sinspOperandText(operand));
      state.lastWasTransformer = true;
      return;
    case 'transformer_list':
      for (const c of operand.children) collectNames(c, names, state);
      return;
    case 'value':
      return;
  }
}
