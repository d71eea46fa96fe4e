/**
 * Code generation: a checked condition becomes one JavaScript function of the
 * event. Each distinct field gets one extractor, obtained once here; a field
 * read more than once per evaluation is extracted lazily on first use and
 * kept in a local. Literals enter the source only through JSON.stringify;
 * everything else (sets, compiled patterns, bigints, byte strings, helper
 * predicates) is passed in as closure constants. `and`/`or` short-circuit.
 * Common comparisons (strings, numbers, booleans against literals) are
 * written inline behind a `typeof` check; other cases and unusual values
 * (several values, non-primitive types) go to the prepared predicates, which
 * implement the same rules as operators.ts.
 */
import type { ResolvedField } from '../../fields/types.js';
import type { Extractor, ExtractorFactory, FieldValue } from '../../fields/value.js';
import type { CheckedCompare, CheckedExpr, CheckedField, CheckedOperand, ConstValue } from './checked.js';
import { compileGlob } from './glob.js';
import { compareText, icontainsMatcher } from './operators.js';
import { PathPrefixSet } from './path-prefix.js';
import { compareValueTest, fieldComparison, keyOf } from './predicates.js';
import { compileRegex } from './re2-posix.js';
import { applyTransformer, concat, getopt, join, valuesAsTexts } from './transformers.js';

export type CompiledCondition<E> = (event: E) => boolean;

/** Up to this many operands, `in` is a chain of `===`; beyond, a Set lookup. */
const INLINE_MEMBERSHIP_LIMIT = 4;

function collectFields(e: CheckedExpr, visit: (f: Extract<CheckedOperand, { kind: 'field' }>) => void): void {
  const operand = (o: CheckedOperand): void => {
    switch (o.kind) {
      case 'field': visit(o); break;
      case 'transform': operand(o.input); break;
      case 'join': operand(o.separator); operand(o.list); break;
      case 'concat': o.parts.forEach(operand); break;
      case 'getopt': operand(o.args); operand(o.optstring); break;
      case 'textlist': o.items.forEach(operand); break;
      case 'text': break;
    }
  };
  const expr = (x: CheckedExpr): void => {
    switch (x.kind) {
      case 'and': case 'or': x.children.forEach(expr); break;
      case 'not': expr(x.child); break;
      case 'exists': operand(x.left); break;
      case 'compare':
        operand(x.left);
        if (x.right.kind === 'field') operand(x.right.operand);
        break;
    }
  };
  expr(e);
}

/** All values of a transformer-list argument as texts; a missing item makes it missing. */
function textList(items: FieldValue[]): FieldValue {
  const out: string[] = [];
  for (const v of items) {
    if (v === undefined) return undefined;
    out.push(...valuesAsTexts(v));
  }
  return out;
}

/** Comparisons decided at compile time, with their outcome. */
export type Decided = ReadonlyMap<CheckedCompare, boolean>;

export const NOTHING_DECIDED: Decided = new Map();

/**
 * What a code writer needs from its user: how to read a field, which
 * comparisons are decided, and optionally a way to keep the results of
 * `and`/`or` subexpressions (`memo` receives the code computing one and
 * returns the code to write in its place).
 */
export interface CodeContext {
  field(o: CheckedField): string;
  readonly decided: Decided;
  memo?(e: CheckedExpr, code: () => string): string;
}

/**
 * The written children of an `and`/`or`: a child decided to the neutral
 * value (`identity`) is left out, and none after one decided to the deciding
 * value (`absorbing`) is looked at. Returns the decided value when nothing
 * else is left, else the parts. The generated code and the rule matchers'
 * sub-expression keys both take this form.
 */
export function junctionParts<C>(children: readonly C[], text: (c: C) => string, identity: string, absorbing: string): string | string[] {
  const parts: string[] = [];
  for (const c of children) {
    const t = text(c);
    if (t === identity) continue;
    parts.push(t);
    if (t === absorbing) break;
  }
  if (parts.length === 0) return identity;
  if (parts.length === 1 && parts[0] === absorbing) return absorbing;
  return parts;
}

/**
 * Writes the JavaScript of conditions: expressions, operands and
 * comparisons, with the constants and temporaries they need (declared by
 * the user of the writer, see `declarations`).
 */
export class CodeWriter {
  readonly constants: unknown[] = [];
  private temps = 0;

  constructor(private readonly ctx: CodeContext) {}

  /** `const kN = K[N];` for every constant and one `let` of every temporary. */
  declarations(): { outer: string[]; inner: string[] } {
    const outer = this.constants.map((_, i) => `const k${i} = K[${i}];`);
    const inner = this.temps > 0 ? [`let ${Array.from({ length: this.temps }, (_, i) => `t${i}`).join(', ')};`] : [];
    return { outer, inner };
  }

  private constant(v: unknown): string {
    this.constants.push(v);
    return `k${this.constants.length - 1}`;
  }

  private temp(): string {
    return `t${this.temps++}`;
  }

  private literal(v: ConstValue): string {
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) return JSON.stringify(v);
    return this.constant(v);
  }

  expr(e: CheckedExpr): string {
    const memo = this.ctx.memo;
    if (memo !== undefined && (e.kind === 'and' || e.kind === 'or')) return memo(e, () => this.exprCode(e));
    return this.exprCode(e);
  }

  private exprCode(e: CheckedExpr): string {
    switch (e.kind) {
      case 'and': return this.junction(e.children, '&&', 'true', 'false');
      case 'or': return this.junction(e.children, '||', 'false', 'true');
      case 'not': {
        const child = this.expr(e.child);
        return child === 'true' ? 'false' : child === 'false' ? 'true' : `!${child}`;
      }
      case 'exists': {
        if (e.left.isList) return `(${this.operand(e.left)} !== undefined)`;
        const t = this.temp();
        return `((${t} = ${this.operand(e.left)}) !== undefined && (!Array.isArray(${t}) || ${t}.length > 0))`;
      }
      case 'compare': {
        const known = this.ctx.decided.get(e);
        return known === undefined ? this.compare(e) : String(known);
      }
    }
  }

  /**
   * `and`/`or` of the children, left to right. A child decided at compile
   * time is left out when it is the neutral value (`identity`); when it is
   * the deciding value (`absorbing`) the children after it are not written,
   * while those before it still run as they would (what they read can have
   * effects: rendered parameters, per-consumer fields).
   */
  private junction(children: readonly CheckedExpr[], op: string, identity: string, absorbing: string): string {
    const parts = junctionParts(children, (c) => this.expr(c), identity, absorbing);
    return typeof parts === 'string' ? parts : `(${parts.join(` ${op} `)})`;
  }

  private operand(o: CheckedOperand): string {
    switch (o.kind) {
      case 'field':
        return this.ctx.field(o);
      case 'transform': {
        const { name, inputType, inputIsList } = o;
        const fn = this.constant((v: FieldValue) => applyTransformer(name, inputType, inputIsList, v));
        return `${fn}(${this.operand(o.input)})`;
      }
      case 'join':
        return `${this.constant(join)}(${this.operand(o.separator)}, ${this.operand(o.list)})`;
      case 'concat':
        return `${this.constant(concat)}([${o.parts.map((p) => this.operand(p)).join(', ')}])`;
      case 'getopt': {
        const option = o.option;
        const fn = this.constant((a: FieldValue, s: FieldValue) => getopt(a, s, option));
        return `${fn}(${this.operand(o.args)}, ${this.operand(o.optstring)})`;
      }
      case 'text':
        return JSON.stringify(o.value);
      case 'textlist':
        return `${this.constant(textList)}([${o.items.map((i) => this.operand(i)).join(', ')}])`;
    }
  }

  private compare(c: CheckedCompare): string {
    const left = this.operand(c.left);
    if (c.right.kind === 'field') {
      return `${this.constant(fieldComparison(c))}(${left}, ${this.operand(c.right.operand)})`;
    }
    const values = c.right.values;
    const general = this.constant(compareValueTest(c, values));
    if (c.left.isList || c.modifier !== undefined || values.length === 0) return `${general}(${left})`;
    const inline = this.inlineTest(c, values);
    if (inline === undefined) return `${general}(${left})`;
    const t = this.temp();
    return `(typeof (${t} = ${left}) === ${JSON.stringify(inline.type)} ? ${inline.test(t)} : ${t} !== undefined && ${general}(${t}))`;
  }

  /** An inline test of a primitive value, when the comparison has one. */
  private inlineTest(c: CheckedCompare, values: readonly ConstValue[]): { type: string; test: (t: string) => string } | undefined {
    const first = values[0]!;
    const membership = (t: string): string => {
      if (values.length <= INLINE_MEMBERSHIP_LIMIT) {
        return `(${values.map((v) => `${t} === ${this.literal(keyOf(c.domain, v) as ConstValue)}`).join(' || ')})`;
      }
      return `${this.constant(new Set(values.map((v) => keyOf(c.domain, v))))}.has(${t})`;
    };
    switch (c.domain) {
      case 'string': {
        const y = first as string;
        const lit = JSON.stringify(y);
        switch (c.op) {
          case '=': return { type: 'string', test: (t) => `${t} === ${lit}` };
          case '!=': return { type: 'string', test: (t) => `${t} !== ${lit}` };
          case 'contains': return { type: 'string', test: (t) => `${t}.includes(${lit})` };
          case 'startswith': return { type: 'string', test: (t) => `${t}.startsWith(${lit})` };
          case 'endswith': return { type: 'string', test: (t) => `${t}.endsWith(${lit})` };
          case 'icontains': {
            const m = this.constant(icontainsMatcher(y));
            return { type: 'string', test: (t) => `${m}(${t})` };
          }
          case 'glob':
          case 'iglob': {
            const m = this.constant(compileGlob(y, c.op === 'iglob'));
            return { type: 'string', test: (t) => `${m}(${t})` };
          }
          case 'regex': {
            const r = compileRegex(y);
            if (!r.ok) return undefined;
            const re = this.constant(r.regex);
            return { type: 'string', test: (t) => `${re}.test(${t})` };
          }
          case 'pmatch': {
            const set = this.constant(new PathPrefixSet(values as readonly string[]));
            return { type: 'string', test: (t) => `${set}.match(${t})` };
          }
          case 'in':
          case 'intersects':
            return { type: 'string', test: membership };
          case '<': case '<=': case '>': case '>=': {
            const cmp = this.constant(compareText);
            return { type: 'string', test: (t) => `${cmp}(${t}, ${lit}) ${c.op} 0` };
          }
          default: return undefined;
        }
      }
      case 'int':
      case 'double': {
        if (c.op === 'in' || c.op === 'intersects') {
          if (!values.every((v) => typeof v === 'number')) return undefined;
          return { type: 'number', test: membership };
        }
        if (typeof first !== 'number') return undefined;
        const lit = this.literal(first);
        switch (c.op) {
          case '=': return { type: 'number', test: (t) => `${t} === ${lit}` };
          case '!=': return { type: 'number', test: (t) => `${t} !== ${lit}` };
          case '<': case '<=': case '>': case '>=':
            return { type: 'number', test: (t) => `${t} ${c.op} ${lit}` };
          default: return undefined;
        }
      }
      case 'bool': {
        const lit = JSON.stringify(first as boolean);
        switch (c.op) {
          case '=': return { type: 'boolean', test: (t) => `${t} === ${lit}` };
          case '!=': return { type: 'boolean', test: (t) => `${t} !== ${lit}` };
          case 'in': case 'intersects': return { type: 'boolean', test: membership };
          default: return undefined;
        }
      }
      default:
        return undefined;
    }
  }
}

/**
 * The comparisons of `evt.type` (alone, without argument or transformer)
 * with literal operands, in the order they appear: the ones an event type
 * decides.
 */
export function eventTypeTests(e: CheckedExpr, out: CheckedCompare[] = []): CheckedCompare[] {
  switch (e.kind) {
    case 'and': case 'or': for (const c of e.children) eventTypeTests(c, out); break;
    case 'not': eventTypeTests(e.child, out); break;
    case 'exists': break;
    case 'compare':
      if (e.left.kind === 'field' && e.left.field.info.name === 'evt.type' && e.left.field.arg === undefined && e.right.kind === 'values') {
        out.push(e);
      }
      break;
  }
  return out;
}

/**
 * How the `evt.type` comparisons come out for events of one type: the
 * comparisons' own test applied to the type's name, which is the value
 * `evt.type` has on every such event.
 */
export function decideEventType(tests: readonly CheckedCompare[], eventType: string): Map<CheckedCompare, boolean> {
  const decided = new Map<CheckedCompare, boolean>();
  for (const c of tests) decided.set(c, compareValueTest(c, (c.right as { values: ConstValue[] }).values)(eventType));
  return decided;
}

/** The fields of a condition by their checker number (a sparse array). */
export function fieldsOf(checked: CheckedExpr): ResolvedField[] {
  const fields: ResolvedField[] = [];
  collectFields(checked, (f) => {
    fields[f.ref] = f.field;
  });
  return fields;
}

/** The extractor of each field of a condition, by checker number (what conditions compare). */
export function extractorsOf<E>(checked: CheckedExpr, factory: ExtractorFactory<E>): Array<Extractor<E>> {
  const out: Array<Extractor<E>> = [];
  fieldsOf(checked).forEach((f, i) => {
    out[i] = factory.conditionExtractor?.(f) ?? factory.extractor(f);
  });
  return out;
}

interface Plan {
  source: string;
  constants: unknown[];
}

/**
 * One condition as a function: each field is read through its own
 * extractor, lazily into a local when the condition reads it more than
 * once, directly otherwise.
 */
function plan(checked: CheckedExpr, decided: Decided): Plan {
  const uses = new Map<number, number>();
  collectFields(checked, (f) => uses.set(f.ref, (uses.get(f.ref) ?? 0) + 1));
  const writer = new CodeWriter({
    decided,
    field: (o) => ((uses.get(o.ref) ?? 0) > 1 ? `(g${o.ref} ? f${o.ref} : (g${o.ref} = true, f${o.ref} = x${o.ref}(e)))` : `x${o.ref}(e)`),
  });
  const body = writer.expr(checked);
  const { outer, inner } = writer.declarations();
  const lines: string[] = ['"use strict";'];
  fieldsOf(checked).forEach((_, i) => lines.push(`const x${i} = X[${i}];`));
  lines.push(...outer);
  lines.push('return function condition(e) {');
  for (const [ref, n] of uses) if (n > 1) lines.push(`  let f${ref}, g${ref} = false;`);
  for (const l of inner) lines.push(`  ${l}`);
  lines.push(`  return ${body};`);
  lines.push('};');
  return { source: lines.join('\n'), constants: writer.constants };
}

/** The generated source of a condition (for tests and debugging); with `eventType`, its form for that type. */
export function emitSource(checked: CheckedExpr, eventType?: string): string {
  const decided = eventType === undefined ? NOTHING_DECIDED : decideEventType(eventTypeTests(checked), eventType);
  return plan(checked, decided).source;
}

/**
 * Compiles a checked condition against the extractors `extractorsOf` gave
 * for it; also gives the length of its generated source.
 */
export function emitConditionWith<E>(
  checked: CheckedExpr,
  extractors: ReadonlyArray<Extractor<E>>,
): { condition: CompiledCondition<E>; size: number } {
  const p = plan(checked, NOTHING_DECIDED);
  const make = new Function('X', 'K', p.source) as (x: ReadonlyArray<Extractor<E>>, k: unknown[]) => CompiledCondition<E>;
  return { condition: make(extractors, p.constants), size: p.source.length };
}

/** Compiles a checked condition into a function of the event. */
export function emitCondition<E>(checked: CheckedExpr, factory: ExtractorFactory<E>): CompiledCondition<E> {
  return emitConditionWith(checked, extractorsOf(checked, factory)).condition;
}
