/**
 * The type checker: turns a bound condition AST (macros and lists already
 * expanded) into the typed IR of checked.ts, resolving fields, typing
 * transformers, checking each operator against its operand types and parsing
 * every literal for the type it is compared with. What it rejects, and the
 * messages it rejects with, are those of Falco's filter compiler (libs
 * 0.25.4); like Falco, an error is reported at the position of the check
 * (`a op b`) it occurs in.
 */
import type { FieldType, ResolvedField } from '../../fields/types.js';
import type {
  BinaryCheckExpr, Expr, FieldOperand, Position, TransformerArg, TransformerExpr, UnaryCheckExpr,
} from '../condition/ast.js';
import type {
  CheckWarning, CheckedCompare, CheckedExpr, CheckedOperand, CompareOp, ConstValue, Modifier, SingleTransformer,
} from './checked.js';
import {
  integerFormatOf, parseBool, parseByteString, parseDouble, parseHexBytes, parseInteger, parseIpAddress,
  parseIpNetwork, parsePort, parseString, utf8Length, type LiteralResult,
} from './literals.js';
import { domainOf, quantifierFor } from './operators.js';
import { compileRegex } from './re2-posix.js';
import { transformType } from './transformers.js';

/** What the checker needs from the field catalog. */
export interface FieldResolver {
  /** Looks a field up as written (`proc.aname`, `evt.arg.fd`) with its `[arg]`, if any. */
  resolve(nameAsWritten: string, bracketArg?: string): ResolvedField | { error: string };
  /**
   * Field-specific checks of a literal compared with the field (libs'
   * validate_filter_value: `evt.type` names must exist). Returns an error message.
   */
  validateValue?(field: ResolvedField, text: string): string | undefined;
  /** Changes whenever `resolve` may answer differently than before (absent: never). */
  readonly generation?: number;
}

export interface CheckError {
  message: string;
  pos: Position;
  /** The AST had a node the binder should have removed (a macro or list reference). */
  internal?: boolean;
}

export type CheckResult =
  | { ok: true; checked: CheckedExpr; fields: ResolvedField[]; warnings: CheckWarning[] }
  | { ok: false; error: CheckError };

class CheckFailure extends Error {
  constructor(message: string, readonly pos: Position, readonly internal = false) {
    super(message);
  }
}

/**
 * An operand with what libs knows about it: its type after transformers, the
 * type of the underlying extraction (`declared`, what the multi-value
 * transformers validate), and the names and flags used in messages/checks.
 */
interface TypedOperand {
  node: CheckedOperand;
  type: FieldType;
  isList: boolean;
  declared: { type: FieldType; isList: boolean };
  /** get_field_info()->m_name: the field before transformers ("NA" for synthesized values). */
  baseName: string;
  /** get_transformed_field_info()->m_name. */
  name: string;
  noRhs: boolean;
  noTransformer: boolean;
}

const SINGLE_TRANSFORMERS: ReadonlySet<string> = new Set(['tolower', 'toupper', 'b64', 'basename', 'len']);
const TRANSFORMER_NAMES = ['val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'];

// ---------------------------------------------------------------------------
// Which operators a type accepts (libs' flt_is_comparable)

const NUMERIC_OPS: ReadonlySet<CompareOp> = new Set(['=', '!=', '<', '<=', '>', '>=', 'in', 'intersects']);
const BOOL_OPS: ReadonlySet<CompareOp> = new Set(['=', '!=', 'in', 'intersects']);
const IP_OPS: ReadonlySet<CompareOp> = new Set(['=', '!=', 'in', 'intersects']);
const BUFFER_OPS: ReadonlySet<CompareOp> = new Set([
  '=', '!=', 'contains', 'in', 'startswith', 'endswith', 'intersects', 'bcontains', 'bstartswith',
]);
const LIST_OPS: ReadonlySet<CompareOp> = new Set(['in', 'intersects']);
const LIST_TYPES: ReadonlySet<FieldType> = new Set(['CHARBUF', 'UINT64', 'RELTIME', 'ABSTIME', 'BOOL', 'IPADDR', 'IPNET']);

/** Why `op` cannot be applied to a value of this type, or undefined when it can. */
export function operatorError(op: CompareOp, modifier: Modifier | undefined, type: FieldType, isList: boolean): string | undefined {
  if (isList) {
    if (!LIST_TYPES.has(type)) return `list filters are not supported for type '${type}'`;
    return LIST_OPS.has(op) ? undefined : `'${op}' operator not supported list filters`;
  }
  switch (domainOf(type)) {
    case 'int':
    case 'double':
      return NUMERIC_OPS.has(op) ? undefined : `'${op}' operator not supported for numeric filters`;
    case 'bool':
      // libs names booleans "numeric" in this message
      return BOOL_OPS.has(op) ? undefined : `'${op}' operator not supported for numeric filters`;
    case 'ipaddr':
    case 'ipnet':
      if (IP_OPS.has(op)) return undefined;
      return modifier !== undefined
        ? `'${op}' with modifier not supported for ip address and network filters`
        : `'${op}' operator not supported for ip address and network filters`;
    case 'string':
      return op === 'bcontains' || op === 'bstartswith' ? `'${op}' operator not supported for string filters` : undefined;
    case 'bytes':
      return BUFFER_OPS.has(op) ? undefined : `'${op}' operator not supported for buffer filters`;
    case 'dynamic':
      // the real type is only known per event: accept what text or numbers accept
      return op === 'bcontains' || op === 'bstartswith' ? `'${op}' operator not supported for type 'DYNAMIC'` : undefined;
  }
}

// ---------------------------------------------------------------------------
// Literal operands

/** Parses one literal operand of `op` for a left-hand side of type `type`. */
export function parseOperand(text: string, op: CompareOp, type: FieldType): LiteralResult<ConstValue> {
  if (op === 'bcontains' || op === 'bstartswith') return parseHexBytes(text);
  if (op === 'regex') {
    const s = parseString(text);
    if (!s.ok) return s;
    const r = compileRegex(s.value);
    return r.ok ? s : { ok: false, error: `invalid regex pattern: ${r.error}` };
  }
  const format = integerFormatOf(type);
  if (format !== undefined) return parseInteger(text, format);
  switch (type) {
    case 'PORT': return parsePort(text);
    case 'DOUBLE': return parseDouble(text);
    case 'BOOL': return parseBool(text);
    case 'BYTEBUF': return parseByteString(text);
    case 'IPADDR': return parseIpAddress(text);
    case 'IPNET': return parseIpNetwork(text);
    default: return parseString(text);
  }
}

const SPACE = /[ \t\n\v\f\r]/g;
const REGEX_SPECIAL = '.+*?^$()[]{}|\\';
const REGEX_OCCURRENCE = '+*?';

/** libs' heuristic: a regex without special characters in the middle is a plain string test. */
function regexCouldBeSimpler(v: string): boolean {
  const b = Buffer.from(v, 'utf8').toString('latin1');
  const len = b.length;
  for (let i = 0; i < len; i++) {
    if ((i === 0 && b[i] === '^') || (i === len - 1 && b[i] === '$')) continue;
    if (((i === 0 && len > 1) || i === len - 2) && b[i] === '.' && REGEX_OCCURRENCE.includes(b[i + 1]!)) {
      i++;
      continue;
    }
    if (REGEX_SPECIAL.includes(b[i]!)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------

const NO_WARNINGS: readonly string[] = [];

/**
 * Warnings about literal operands, per resolver and operand (`r` prefix
 * for regex operands, which get one more check), for the resolver's
 * current generation.
 */
const valueWarningCache = new WeakMap<FieldResolver, Map<string, readonly string[]>>();

class Checker {
  private readonly fieldRefs = new Map<string, number>();
  readonly fields: ResolvedField[] = [];
  readonly warnings: CheckWarning[] = [];

  constructor(private readonly resolver: FieldResolver) {}

  expr(e: Expr): CheckedExpr {
    switch (e.kind) {
      case 'and': return { kind: 'and', children: e.children.map((c) => this.expr(c)) };
      case 'or': return { kind: 'or', children: e.children.map((c) => this.expr(c)) };
      case 'not': return { kind: 'not', child: this.expr(e.child) };
      case 'identifier':
        throw new CheckFailure(`filter error: unexpected identifier '${e.name}'`, e.pos, true);
      case 'unary': return this.unary(e);
      case 'binary': return this.binary(e);
    }
  }

  private unary(e: UnaryCheckExpr): CheckedExpr {
    const left = this.operand(e.left, e.pos);
    return { kind: 'exists', left: left.node, pos: e.pos };
  }

  private binary(e: BinaryCheckExpr): CheckedCompare {
    const left = this.operand(e.left, e.pos);
    const op: CompareOp = e.op === '==' ? '=' : e.op;
    const modifier = e.modifier;
    const opError = operatorError(op, modifier, left.type, left.isList);
    if (opError !== undefined) throw new CheckFailure(`filter error: ${opError}`, e.pos);

    const base = {
      kind: 'compare' as const,
      op,
      domain: domainOf(left.type),
      left: left.node,
      quantifier: quantifierFor(left.type, op),
      pos: e.pos,
      ...(modifier !== undefined ? { modifier } : {}),
    };

    const right = e.right;
    if (right.kind === 'listref') {
      throw new CheckFailure(`internal error: unexpanded list reference '${right.name}'`, right.pos, true);
    }
    if (right.kind === 'field' || right.kind === 'transformer') {
      if (modifier !== undefined) {
        throw new CheckFailure(`internal error: operator modifier '${modifier}' with a field operand`, right.pos, true);
      }
      const r = this.operand(right, e.pos);
      this.checkFieldOperand(op, left, r, e.pos);
      return { ...base, right: { kind: 'field', operand: r.node } };
    }

    const texts = right.kind === 'value' ? [right.value] : right.values.map((v) => v.value);
    if (right.kind === 'list' && modifier === undefined && op !== 'in' && op !== 'intersects' && op !== 'pmatch') {
      throw new CheckFailure(`internal error: list operand for operator '${op}'`, right.pos, true);
    }
    const values: ConstValue[] = [];
    for (const text of texts) {
      this.warnAboutValue(op, text, right.pos);
      const parsed = parseOperand(text, op, left.type);
      if (!parsed.ok) throw new CheckFailure(parsed.error, e.pos);
      if (left.node.kind === 'field') {
        const invalid = this.resolver.validateValue?.(left.node.field, text);
        if (invalid !== undefined) throw new CheckFailure(invalid, e.pos);
      }
      values.push(parsed.value);
    }
    return { ...base, right: { kind: 'values', values } };
  }

  /** libs' add_filter_value(rhs field) checks, in its order. */
  private checkFieldOperand(op: CompareOp, left: TypedOperand, right: TypedOperand, pos: Position): void {
    if (op === 'pmatch' || op === 'regex') {
      throw new CheckFailure(`operator '${op.toUpperCase()}' doesn't support right-hand side fields`, pos);
    }
    if (left.type === 'IPNET') throw new CheckFailure(`field type 'IPNET' doesn't support right-hand side fields`, pos);
    if (left.noRhs) throw new CheckFailure(`field '${left.name}' doesn't support right-hand side fields`, pos);
    if (right.noRhs) throw new CheckFailure(`field '${right.name}' can't be used as a right-hand side field`, pos);
    if (left.type !== right.type || left.isList !== right.isList) {
      const l = `${left.type}${left.isList ? ' (list)' : ''}`;
      const r = `${right.type}${right.isList ? ' (list)' : ''}`;
      throw new CheckFailure(
        `field '${left.name}' has type '${l}' while the right-hand side field '${right.name}' has incompatible type '${r}'`,
        pos,
      );
    }
  }

  /** Falco's compile warnings about a literal operand. */
  private warnAboutValue(op: CompareOp, v: string, pos: Position): void {
    for (const message of this.valueWarnings(op, v)) this.warnings.push({ message, pos });
  }

  /** The warning texts of a literal operand (kept per resolver: list items recur in many conditions). */
  private valueWarnings(op: CompareOp, v: string): readonly string[] {
    let known = valueWarningCache.get(this.resolver);
    if (known === undefined) valueWarningCache.set(this.resolver, (known = new Map()));
    const key = `${this.resolver.generation ?? 0}${op === 'regex' ? 'r' : '-'}${v}`;
    let messages = known.get(key);
    if (messages === undefined) {
      messages = this.computeValueWarnings(op, v);
      known.set(key, messages);
    }
    return messages;
  }

  private computeValueWarnings(op: CompareOp, v: string): readonly string[] {
    const out: string[] = [];
    const nospaces = v.replace(SPACE, '');
    if (op === 'regex' && regexCouldBeSimpler(v)) {
      out.push(`regex check with '${v}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`);
    }
    if (nospaces !== '' && this.looksLikeField(nospaces)) {
      out.push(`'${v}' may be a valid field misused as a const string value`);
    }
    for (const t of TRANSFORMER_NAMES) {
      if (nospaces.length >= t.length + 2 && nospaces.startsWith(t) && nospaces[t.length] === '(' && nospaces.endsWith(')')) {
        out.push(`'${v}' may be a valid field transformer misused as a const string value`);
      }
    }
    return out.length === 0 ? NO_WARNINGS : out;
  }

  private looksLikeField(s: string): boolean {
    const m = /^([^[\]]+)(?:\[(.*)\])?$/.exec(s);
    if (m === null) return false;
    try {
      return !('error' in this.resolver.resolve(m[1]!, m[2]));
    } catch {
      return false;
    }
  }

  // -------------------------------------------------------------------------
  // Operands

  private fieldRef(resolved: ResolvedField): number {
    const key = `${resolved.info.name}\u0000${resolved.arg === undefined ? '' : `[${resolved.arg}]`}`;
    let ref = this.fieldRefs.get(key);
    if (ref === undefined) {
      ref = this.fields.length;
      this.fields.push(resolved);
      this.fieldRefs.set(key, ref);
    }
    return ref;
  }

  private operand(e: FieldOperand, pos: Position): TypedOperand {
    if (e.kind === 'field') {
      const resolved = this.resolver.resolve(e.name, e.arg);
      if ('error' in resolved) throw new CheckFailure(resolved.error, pos);
      const { info } = resolved;
      const isList = info.flags.isList === true;
      return {
        node: { kind: 'field', ref: this.fieldRef(resolved), field: resolved, type: info.type, isList },
        type: info.type,
        isList,
        declared: { type: info.type, isList },
        baseName: info.name,
        name: info.name,
        noRhs: info.flags.noRhs === true,
        noTransformer: info.flags.noTransformer === true,
      };
    }
    return this.transformer(e, pos);
  }

  private synthesized(node: CheckedOperand, name = 'NA'): TypedOperand {
    return {
      node,
      type: node.type,
      isList: node.isList,
      declared: { type: 'CHARBUF', isList: node.kind === 'textlist' },
      baseName: 'NA',
      name,
      noRhs: false,
      noTransformer: false,
    };
  }

  private argument(a: TransformerArg, pos: Position): TypedOperand {
    switch (a.kind) {
      case 'value':
        return this.synthesized({ kind: 'text', value: a.value, type: 'CHARBUF', isList: false });
      case 'transformer_list': {
        const items = a.children.map((c) => this.argument(c, pos).node);
        return this.synthesized({ kind: 'textlist', items, type: 'CHARBUF', isList: true });
      }
      default:
        return this.operand(a, pos);
    }
  }

  private transformer(e: TransformerExpr, pos: Position): TypedOperand {
    const args = e.args.map((a) => this.argument(a, pos));
    const name = e.name;
    if (name === 'val') {
      if (e.arg !== undefined) throw new CheckFailure(`filter error: transformer 'val' does not support field arguments`, pos);
      const first = args[0];
      if (first === undefined) throw new CheckFailure(`internal error: 'val' without argument`, e.pos, true);
      return first;
    }
    if (args.length === 1) {
      if (e.arg !== undefined) {
        throw new CheckFailure(`filter error: transformer '${name}' does not support field arguments`, pos);
      }
      if (!SINGLE_TRANSFORMERS.has(name)) throw new CheckFailure(`unknown field transfomer '${name}'`, pos);
      return this.addTransformer(args[0]!, name as SingleTransformer, pos);
    }
    switch (name) {
      case 'join': return this.join(args, e.arg, pos);
      case 'concat': return this.concat(args, e.arg, pos);
      case 'getopt': return this.getopt(args, e.arg, pos);
      default: throw new CheckFailure('unknown multivalue transformer', pos);
    }
  }

  private addTransformer(input: TypedOperand, name: SingleTransformer, pos: Position): TypedOperand {
    if (input.noTransformer) throw new CheckFailure(`field '${input.baseName}' does not support transformers`, pos);
    const t = transformType(name, input.type, input.isList);
    if (t === undefined) {
      throw new CheckFailure(
        `can't add field transformer: type '${input.type}' is not supported by '${name}' transformer applied on ${input.isList ? 'list ' : ''}field '${input.baseName}'`,
        pos,
      );
    }
    return {
      ...input,
      node: { kind: 'transform', name, input: input.node, inputType: input.type, inputIsList: input.isList, type: t.type, isList: t.isList },
      type: t.type,
      isList: t.isList,
    };
  }

  private noArgument(name: string, arg: string | undefined, pos: Position): void {
    if (arg !== undefined) throw new CheckFailure(`transformer '${name}' does not support field arguments`, pos);
  }

  private join(args: TypedOperand[], arg: string | undefined, pos: Position): TypedOperand {
    if (args.length !== 2) throw new CheckFailure('join() requires exactly 2 arguments: separator and list', pos);
    if (args[0]!.declared.isList) {
      throw new CheckFailure('join() first argument (separator) must be a single value, not a list', pos);
    }
    if (!args[1]!.declared.isList) throw new CheckFailure('join() second argument must be a list', pos);
    this.noArgument('join', arg, pos);
    return this.synthesized({ kind: 'join', separator: args[0]!.node, list: args[1]!.node, type: 'CHARBUF', isList: false });
  }

  private concat(args: TypedOperand[], arg: string | undefined, pos: Position): TypedOperand {
    if (args.length < 2) throw new CheckFailure('concat() requires at least 2 arguments', pos);
    for (const a of args) {
      if (a.declared.type !== 'CHARBUF' || a.declared.isList) throw new CheckFailure('concat() arguments must be strings', pos);
    }
    this.noArgument('concat', arg, pos);
    return this.synthesized({ kind: 'concat', parts: args.map((a) => a.node), type: 'CHARBUF', isList: false });
  }

  private getopt(args: TypedOperand[], arg: string | undefined, pos: Position): TypedOperand {
    if (args.length !== 2) throw new CheckFailure('getopt() requires exactly 2 arguments: args list and optstring', pos);
    const [argv, optstring] = args as [TypedOperand, TypedOperand];
    if (!argv.declared.isList) throw new CheckFailure('getopt() first argument must be a list', pos);
    if (optstring.declared.isList) throw new CheckFailure('getopt() second argument (optstring) must be a single value', pos);
    if (argv.declared.type !== 'CHARBUF' || optstring.declared.type !== 'CHARBUF') {
      throw new CheckFailure('getopt() arguments must be strings', pos);
    }
    if (arg !== undefined && utf8Length(arg) !== 1) {
      throw new CheckFailure('getopt() field argument must be a single option character', pos);
    }
    const isList = arg === undefined;
    return this.synthesized(
      {
        kind: 'getopt', args: argv.node, optstring: optstring.node, type: 'CHARBUF', isList,
        ...(arg !== undefined ? { option: arg } : {}),
      },
      isList ? 'INTERNAL' : 'NA',
    );
  }
}

/**
 * Type-checks a bound condition. On success, `fields` lists the distinct
 * fields it reads (index = `ref` of the field nodes) and `warnings` holds
 * Falco's compile warnings; on failure, the first error Falco would report.
 */
export function checkCondition(expr: Expr, resolver: FieldResolver): CheckResult {
  const checker = new Checker(resolver);
  try {
    const checked = checker.expr(expr);
    return { ok: true, checked, fields: checker.fields, warnings: checker.warnings };
  } catch (e) {
    if (e instanceof CheckFailure) {
      return { ok: false, error: { message: e.message, pos: e.pos, ...(e.internal ? { internal: true } : {}) } };
    }
    throw e;
  }
}
