/**
 * The conditions of all the rules an event type is tested against,
 * compiled together: generated functions that test the rules in order and
 * give the index of the first one that holds. Compared with calling each
 * rule's own function, a field is read from the per-event cache once per
 * function and then kept in a local, the `evt.type` tests are decided for
 * the type, and a subexpression several rules share (a macro such as
 * `open_read`) is computed once per function.
 *
 * Results are the same as each rule's own condition, in the same order:
 * rules are tested left to right with short-circuit, and the fields a
 * condition would read first in an event (where extraction has effects,
 * such as rendered parameters) are read in the same order; only `evt.type`,
 * which has none, is no longer read. A kept field or subexpression only
 * skips reads that would come from the cache anyway (the registry gives a
 * field one value per event); a field whose value depends on its reader
 * (per-consumer extractors) has a different extractor in each rule, so
 * nothing is shared across rules for it. Long rule lists are split into
 * several functions (CHUNK_SOURCE_CHARS).
 */
import type { Extractor, ExtractorFactory } from '../../fields/value.js';
import type { CheckedCompare, CheckedExpr, CheckedOperand, ConstValue } from './checked.js';
import {
  CodeWriter, decideEventType, emitConditionWith, eventTypeTests, extractorsOf, junctionParts, type CompiledCondition, type Decided,
} from './emitter.js';

/** A rule's condition ready for compiling: checked, with its extractors (by checker field number). */
export interface PreparedCondition<E> {
  readonly checked: CheckedExpr;
  /** Shared by every compiled form of the condition. */
  readonly extractors: ReadonlyArray<Extractor<E>>;
  /** The condition compiled alone (for events of any type). */
  readonly condition: CompiledCondition<E>;
  /** Length of the condition's generated source alone (what sizes the matchers' functions). */
  readonly size: number;
}

/** Prepares a condition: its extractors, and the condition compiled alone with them. */
export function prepareCondition<E>(checked: CheckedExpr, factory: ExtractorFactory<E>): PreparedCondition<E> {
  const extractors = extractorsOf(checked, factory);
  const { condition, size } = emitConditionWith(checked, extractors);
  return { checked, extractors, condition, size };
}

/**
 * Tests rules `from`, `from + 1`, ... of the list it was made for, in
 * order; gives the index of the first whose condition holds, or -1.
 */
export type RuleMatcher<E> = (event: E, from: number) => number;

/**
 * Rough size of generated source per function. Larger functions cost V8
 * more to optimize (and again whenever a path not taken before deoptimizes
 * them); smaller ones read each field from the cache once more each.
 */
const CHUNK_SOURCE_CHARS = 30_000;

export interface RuleMatcherOptions {
  /** Generated source per function, roughly (default 30000 characters). */
  readonly chunkChars?: number;
}

type Chunk<E> = (event: E, from: number) => number;

interface ChunkPlan {
  source: string;
  extractors: unknown[];
  constants: unknown[];
}

function bytesText(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/** A text that identifies a literal operand (type included). */
function constKey(v: ConstValue): string {
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'number': return Object.is(v, -0) ? 'd-0' : `d${v}`;
    case 'bigint': return `n${v}`;
    case 'boolean': return v ? 'b1' : 'b0';
    default:
      if (v instanceof Uint8Array) return `y${bytesText(v)}`;
      return `w${bytesText(v.bytes)}/${v.prefix}`;
  }
}

/**
 * Generates one function for consecutive rules of the list. Fields are
 * named by extractor (one local per distinct extractor), subexpressions by
 * a text that describes what they compute.
 */
class ChunkWriter<E> {
  private readonly fieldIds = new Map<Extractor<E>, number>();
  private readonly extractors: Array<Extractor<E>> = [];
  private readonly keys = new Map<CheckedExpr, string>();
  private readonly counts = new Map<string, number>();
  private readonly memoIds = new Map<string, number>();
  /** The extractors of the rule being written or keyed. */
  private current: ReadonlyArray<Extractor<E>> = [];
  private readonly writer: CodeWriter;

  constructor(private readonly decided: Decided) {
    this.writer = new CodeWriter({
      decided,
      field: (o) => {
        const id = this.fieldId(this.current[o.ref]!);
        return `(g${id} ? v${id} : (g${id} = true, v${id} = x${id}(e)))`;
      },
      memo: (e, code) => {
        const key = this.keyOf(e);
        if (key === 'T' || key === 'F' || (this.counts.get(key) ?? 0) < 2) return code();
        let id = this.memoIds.get(key);
        if (id === undefined) this.memoIds.set(key, (id = this.memoIds.size));
        return `(h${id} ? m${id} : (h${id} = true, m${id} = ${code()}))`;
      },
    });
  }

  private fieldId(x: Extractor<E>): number {
    let id = this.fieldIds.get(x);
    if (id === undefined) {
      id = this.extractors.length;
      this.fieldIds.set(x, id);
      this.extractors.push(x);
    }
    return id;
  }

  /** Counts the subexpressions of a rule, as far as its code will contain them. */
  count(rule: PreparedCondition<E>): void {
    this.current = rule.extractors;
    this.keys.clear();
    const visit = (e: CheckedExpr): void => {
      const key = this.keyOf(e);
      if (key === 'T' || key === 'F') return;
      switch (e.kind) {
        case 'and':
        case 'or': {
          this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
          const absorbing = e.kind === 'and' ? 'F' : 'T';
          for (const c of e.children) {
            visit(c);
            if (this.keyOf(c) === absorbing) break;
          }
          break;
        }
        case 'not':
          visit(e.child);
          break;
        default:
          break;
      }
    };
    visit(rule.checked);
  }

  /** The rule's condition as an expression. */
  write(rule: PreparedCondition<E>): string {
    this.current = rule.extractors;
    this.keys.clear();
    return this.writer.expr(rule.checked);
  }

  /**
   * What a subexpression computes, as text (`T`/`F` when decided), in the
   * form its code takes: decided children left out or ending a junction.
   */
  private keyOf(e: CheckedExpr): string {
    let k = this.keys.get(e);
    if (k === undefined) {
      k = this.computeKey(e);
      this.keys.set(e, k);
    }
    return k;
  }

  private computeKey(e: CheckedExpr): string {
    switch (e.kind) {
      case 'and':
      case 'or': {
        const identity = e.kind === 'and' ? 'T' : 'F';
        const absorbing = e.kind === 'and' ? 'F' : 'T';
        const parts = junctionParts(e.children, (c) => this.keyOf(c), identity, absorbing);
        return typeof parts === 'string' ? parts : `${e.kind === 'and' ? '&' : '|'}(${parts.join(',')})`;
      }
      case 'not': {
        const k = this.keyOf(e.child);
        return k === 'T' ? 'F' : k === 'F' ? 'T' : `!${k}`;
      }
      case 'exists':
        return `E${e.left.isList ? 1 : 0}${this.operandKey(e.left)}`;
      case 'compare': {
        const known = this.decided.get(e);
        if (known !== undefined) return known ? 'T' : 'F';
        const right = e.right.kind === 'values' ? `[${e.right.values.map(constKey).join(',')}]` : `F${this.operandKey(e.right.operand)}`;
        return `C${JSON.stringify([e.op, e.modifier ?? '', e.domain, e.quantifier, e.left.isList])}${this.operandKey(e.left)}${right}`;
      }
    }
  }

  private operandKey(o: CheckedOperand): string {
    switch (o.kind) {
      case 'field': return `x${this.fieldId(this.current[o.ref]!)}`;
      case 'transform': return `T${JSON.stringify([o.name, o.inputType, o.inputIsList])}(${this.operandKey(o.input)})`;
      case 'join': return `J(${this.operandKey(o.separator)},${this.operandKey(o.list)})`;
      case 'concat': return `K(${o.parts.map((p) => this.operandKey(p)).join(',')})`;
      case 'getopt': return `G${JSON.stringify(o.option ?? null)}(${this.operandKey(o.args)},${this.operandKey(o.optstring)})`;
      case 'text': return JSON.stringify(o.value);
      case 'textlist': return `L(${o.items.map((i) => this.operandKey(i)).join(',')})`;
    }
  }

  /** The function testing rules `first`.. of `codes` (`codes[i]` the expression of rule first + i). */
  plan(first: number, codes: readonly string[]): ChunkPlan {
    const { outer, inner } = this.writer.declarations();
    const lines: string[] = ['"use strict";'];
    this.extractors.forEach((_, i) => lines.push(`const x${i} = X[${i}];`));
    lines.push(...outer);
    lines.push('return function match(e, from) {');
    if (this.extractors.length > 0) lines.push(`  let ${this.extractors.map((_, i) => `v${i}, g${i} = false`).join(', ')};`);
    if (this.memoIds.size > 0) lines.push(`  let ${Array.from({ length: this.memoIds.size }, (_, i) => `m${i}, h${i} = false`).join(', ')};`);
    for (const l of inner) lines.push(`  ${l}`);
    lines.push('  switch (from) {');
    codes.forEach((code, i) => {
      const n = first + i;
      lines.push(code === 'false' ? `    case ${n}:` : `    case ${n}: if (${code}) return ${n};`);
    });
    lines.push('  }');
    lines.push('  return -1;');
    lines.push('};');
    return { source: lines.join('\n'), extractors: this.extractors, constants: this.writer.constants };
  }
}

/** The generated functions, each with the index of its first rule. */
function planChunks<E>(conditions: readonly PreparedCondition<E>[], eventType: string, chunkChars: number): Array<{ first: number; plan: ChunkPlan }> {
  const decided = new Map<CheckedCompare, boolean>();
  for (const c of conditions) for (const [k, v] of decideEventType(eventTypeTests(c.checked), eventType)) decided.set(k, v);
  const out: Array<{ first: number; plan: ChunkPlan }> = [];
  let first = 0;
  while (first < conditions.length) {
    let end = first;
    let chars = 0;
    while (end < conditions.length && (end === first || chars < chunkChars)) {
      chars += conditions[end]!.size;
      end++;
    }
    const writer = new ChunkWriter<E>(decided);
    for (let i = first; i < end; i++) writer.count(conditions[i]!);
    const codes: string[] = [];
    for (let i = first; i < end; i++) codes.push(writer.write(conditions[i]!));
    out.push({ first, plan: writer.plan(first, codes) });
    first = end;
  }
  return out;
}

/** The generated sources (for tests and debugging). */
export function ruleMatcherSources<E>(conditions: readonly PreparedCondition<E>[], eventType: string, options: RuleMatcherOptions = {}): string[] {
  return planChunks(conditions, eventType, options.chunkChars ?? CHUNK_SOURCE_CHARS).map((c) => c.plan.source);
}

/** Compiles the conditions of the rules tested on events of type `eventType`, in that order. */
export function emitRuleMatcher<E>(conditions: readonly PreparedCondition<E>[], eventType: string, options: RuleMatcherOptions = {}): RuleMatcher<E> {
  const chunks = planChunks(conditions, eventType, options.chunkChars ?? CHUNK_SOURCE_CHARS).map(({ first, plan }) => {
    const make = new Function('X', 'K', plan.source) as (x: unknown[], k: unknown[]) => Chunk<E>;
    return { first, fn: make(plan.extractors, plan.constants) };
  });
  if (chunks.length === 0) return () => -1;
  if (chunks.length === 1) return chunks[0]!.fn;
  // Each chunk called from a call site of its own (a generic loop over them would call through one megamorphic site).
  const lines = ['"use strict";', ...chunks.map((_, j) => `const c${j} = C[${j}];`), 'return function matchAll(e, from) {', '  let i;'];
  chunks.forEach(({ first }, j) => {
    const end = j + 1 < chunks.length ? chunks[j + 1]!.first : conditions.length;
    lines.push(`  if (from < ${end} && (i = c${j}(e, from > ${first} ? from : ${first})) >= 0) return i;`);
  });
  lines.push('  return -1;', '};');
  const make = new Function('C', lines.join('\n')) as (c: Array<Chunk<E>>) => RuleMatcher<E>;
  return make(chunks.map((c) => c.fn));
}
