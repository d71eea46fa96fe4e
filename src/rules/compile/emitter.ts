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
import type { CheckedCompare, CheckedExpr, CheckedOperand, ConstValue } from './checked.js';
import { compileGlob } from './glob.js';
import { asciiLower, compareText } from './operators.js';
import { PathPrefixSet } from './path-prefix.js';
import { compareValueTest, fieldComparison, keyOf } from './predicates.js';
import { compileRegex } from './re2-posix.js';
import { applyTransformer, concat, getopt, join, valuesAsTexts } from './transformers.js';

export type CompiledCondition<E> = (event: E) => boolean;

/** Up to this many operands, `in` is a chain of `===`; beyond, a Set lookup. */
const INLINE_MEMBERSHIP_LIMIT = 4;

interface Plan {
  source: string;
  fields: ResolvedField[];
  constants: unknown[];
}

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

class Generator {
  private readonly constants: unknown[] = [];
  private readonly fields: ResolvedField[] = [];
  private readonly uses = new Map<number, number>();
  private temps = 0;

  constructor(private readonly root: CheckedExpr) {
    collectFields(root, (f) => {
      this.fields[f.ref] = f.field;
      this.uses.set(f.ref, (this.uses.get(f.ref) ?? 0) + 1);
    });
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

  plan(): Plan {
    const body = this.expr(this.root);
    const lines: string[] = ['"use strict";'];
    this.fields.forEach((_, i) => lines.push(`const x${i} = X[${i}];`));
    this.constants.forEach((_, i) => lines.push(`const k${i} = K[${i}];`));
    lines.push('return function condition(e) {');
    for (const [ref, n] of this.uses) if (n > 1) lines.push(`  let f${ref}, g${ref} = false;`);
    if (this.temps > 0) lines.push(`  let ${Array.from({ length: this.temps }, (_, i) => `t${i}`).join(', ')};`);
    lines.push(`  return ${body};`);
    lines.push('};');
    return { source: lines.join('\n'), fields: this.fields, constants: this.constants };
  }

  private expr(e: CheckedExpr): string {
    switch (e.kind) {
      case 'and': return `(${e.children.map((c) => this.expr(c)).join(' && ')})`;
      case 'or': return `(${e.children.map((c) => this.expr(c)).join(' || ')})`;
      case 'not': return `!${this.expr(e.child)}`;
      case 'exists': {
        if (e.left.isList) return `(${this.operand(e.left)} !== undefined)`;
        const t = this.temp();
        return `((${t} = ${this.operand(e.left)}) !== undefined && (!Array.isArray(${t}) || ${t}.length > 0))`;
      }
      case 'compare': return this.compare(e);
    }
  }

  private operand(o: CheckedOperand): string {
    switch (o.kind) {
      case 'field':
        return (this.uses.get(o.ref) ?? 0) > 1
          ? `(g${o.ref} ? f${o.ref} : (g${o.ref} = true, f${o.ref} = x${o.ref}(e)))`
          : `x${o.ref}(e)`;
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
            const lower = this.constant(asciiLower);
            return { type: 'string', test: (t) => `${lower}(${t}).includes(${JSON.stringify(asciiLower(y))})` };
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

/** The generated source of a condition (for tests and debugging). */
export function emitSource(checked: CheckedExpr): string {
  return new Generator(checked).plan().source;
}

/** Compiles a checked condition into a function of the event. */
export function emitCondition<E>(checked: CheckedExpr, factory: ExtractorFactory<E>): CompiledCondition<E> {
  const plan = new Generator(checked).plan();
  const extractors: Array<Extractor<E>> = plan.fields.map((f) => factory.conditionExtractor?.(f) ?? factory.extractor(f));
  const make = new Function('X', 'K', plan.source) as (x: Array<Extractor<E>>, k: unknown[]) => CompiledCondition<E>;
  return make(extractors, plan.constants);
}

