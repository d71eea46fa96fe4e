/**
 * Compiles everything collected so far, as Falco does after each rules
 * file: lists (one level of list-in-list expansion), macros (conditions with
 * lists substituted into the text, then parsed and expanded with the macros
 * visible to them), then rules (exceptions appended to the condition, output
 * checked, condition parsed, expanded, checked against the source's fields,
 * event types computed). The first failure stops compiling; warnings found
 * before it stay. Unused lists and macros are reported when all compiled.
 */
import type { Expr, FieldOperand, Position } from '../condition/ast.js';
import { parseCondition } from '../condition/parser.js';
import { bindCondition, expandListItems } from '../compile/binder.js';
import type { MacroDefinition } from '../compile/binder.js';
import { substituteLists } from '../compile/list-substitution.js';
import type { EventTypeSet } from '../compile/evttypes.js';
import { parseFormatString } from '../../outputs/format-string.js';
import type { FormatToken } from '../../outputs/format-string.js';
import { DEPRECATED_FIELDS, deprecatedFieldExplanation } from './codes.js';
import type { Collector, SourceFields } from './collector.js';
import { conditionWarnings } from './condition-warnings.js';
import type { LoadContext } from './context.js';
import type { RuleInfo } from './definitions.js';
import { conditionWithExceptions } from './exception-condition.js';
import { LoadFailure } from './result-builder.js';
import type { ResultBuilder } from './result-builder.js';

/** Falco's recursion limit for parsing rule conditions. */
const CONDITION_MAX_DEPTH = 1000;

/**
 * Macro expansion copies macro bodies, so a chain of macros each using the
 * previous one twice grows exponentially. Falco runs out of memory on such
 * rules; falconet refuses conditions this large once expanded.
 */
const MAX_EXPANDED_NODES = 1_000_000;
const TOO_LARGE = 'Condition too large once macros are expanded (more than 1000000 nodes)';

/** Nodes of a condition, counting each macro reference as the macro's own expanded size. */
function expandedSize(expr: Expr, macroSize: (name: string) => number): number {
  let total = 0;
  const stack: Expr[] = [expr];
  while (stack.length > 0 && total <= MAX_EXPANDED_NODES) {
    const e = stack.pop()!;
    total++;
    if (e.kind === 'and' || e.kind === 'or') stack.push(...e.children);
    else if (e.kind === 'not') stack.push(e.child);
    else if (e.kind === 'identifier') total += macroSize(e.name);
  }
  return total;
}

export type ConditionCheck =
  | { ok: true; checked: unknown; warnings: Array<{ message: string; pos: Position }> }
  | { ok: false; message: string; pos: Position };

/** What compiling needs from an event source (its fields, its event types). */
export interface SourceServices extends SourceFields {
  /** Type-checks an expanded condition against the source's fields (Falco's filter compiler). */
  checkCondition(expr: Expr): ConditionCheck;
  /** Why an output reference cannot be printed (an unknown field), or undefined. */
  checkOutputReference(operand: FieldOperand): string | undefined;
  /** The event types a condition can match (every type for sources without an event table). */
  eventTypes(expr: Expr): EventTypeSet;
  /** Falco's LOAD_NO_EVTTYPE test (syscall source only), or undefined for other sources. */
  isUnrestricted?(types: EventTypeSet): boolean;
}

export type SourceServicesLookup = (source: string) => SourceServices | undefined;

export interface CompiledList {
  name: string;
  /** Items as written (list names included). */
  writtenItems: readonly string[];
  /** Items after one level of list expansion. */
  items: string[];
  used: boolean;
}

export interface CompiledMacro {
  name: string;
  conditionText: string;
  /** Expanded condition. */
  condition: Expr;
  used: boolean;
}

export interface CompiledRule {
  name: string;
  source: string;
  desc: string;
  /** The condition as written (appends applied), before exceptions and expansion. */
  conditionText: string;
  /** The output as written (appends applied). */
  outputText: string;
  /** The output the engine prints (`%container.info` dropped). */
  output: string;
  outputTokens: FormatToken[];
  priority: number;
  tags: readonly string[];
  enabled: boolean;
  capture: boolean;
  captureDuration: number;
  exceptionNames: string[];
  exceptionOperators: string[];
  exceptionFields: string[];
  /** The condition with exceptions added and macros/lists expanded. */
  condition: Expr;
  /** The checker's typed condition, ready for emitting. */
  checked: unknown;
  eventTypes: EventTypeSet;
}

export interface CompileOutput {
  lists: CompiledList[];
  macros: CompiledMacro[];
  rules: CompiledRule[];
}

const CONTAINER_INFO = '%container.info';
const CONTAINER_INFO_WARNING =
  '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will ' +
  'automatically add required fields to the output message.';

/** Errors of the filter compiler that `skip-if-unknown-filter` turns into warnings. */
function isUnknownTypeOrField(message: string): boolean {
  return (
    message.includes('nonexistent field') ||
    message.includes('invalid formatting token') ||
    message.includes('unknown event type') ||
    message.includes('unknown filter:')
  );
}

export class RulesCompiler {
  /** Parsed macro conditions with their load order, for expansion. */
  private macroDefinitions = new Map<string, MacroDefinition>();
  private readonly usedMacros = new Set<string>();
  /** Memoized expanded sizes of macros. */
  private sizes = new Map<string, number>();

  constructor(
    private readonly collector: Collector,
    private readonly sources: SourceServicesLookup,
    private readonly result: ResultBuilder,
  ) {}

  compile(): CompileOutput {
    const out: CompileOutput = { lists: [], macros: [], rules: [] };
    try {
      out.lists = this.compileLists();
      const listItems = new Map(out.lists.map((l) => [l.name, l.items] as const));
      const usedLists = new Set<string>();
      out.macros = this.compileMacros(listItems, usedLists);
      out.rules = this.compileRules(listItems, usedLists, out.macros);
      for (const l of out.lists) if (usedLists.has(l.name)) l.used = true;
    } catch (e) {
      if (!(e instanceof LoadFailure)) throw e;
      this.result.addError(e.code, e.message, e.context);
      return out;
    }
    for (const m of out.macros) {
      if (!m.used) this.result.addWarning('LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro', this.collector.macros.get(m.name)!.context);
    }
    for (const l of out.lists) {
      if (!l.used) this.result.addWarning('LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro', this.collector.lists.get(l.name)!.context);
    }
    return out;
  }

  private compileLists(): CompiledList[] {
    const defs = new Map([...this.collector.lists].map((l) => [l.name, { items: l.items, index: l.index }] as const));
    const out: CompiledList[] = [];
    const used = new Set<string>();
    for (const list of this.collector.lists) {
      const expanded = expandListItems(list.items, defs, list.visibility);
      for (const n of expanded.usedLists) used.add(n);
      out.push({ name: list.name, writtenItems: [...list.items], items: expanded.items, used: false });
    }
    for (const l of out) if (used.has(l.name)) l.used = true;
    return out;
  }

  /** Substitutes lists into the text, then parses it (LOAD_ERR_COMPILE_CONDITION on syntax errors). */
  private parse(text: string, lists: ReadonlyMap<string, readonly string[]>, usedLists: Set<string>, context: LoadContext): Expr {
    const substituted = substituteLists(text, lists);
    for (const n of substituted.usedLists) usedLists.add(n);
    const parsed = parseCondition(substituted.text, { maxDepth: CONDITION_MAX_DEPTH });
    if (!parsed.ok) {
      throw new LoadFailure('LOAD_ERR_COMPILE_CONDITION', parsed.error.message, context.inCondition(parsed.error.pos, substituted.text));
    }
    return parsed.expr;
  }

  /** Expanded size of a macro (a reference loop counts once; the binder reports it). */
  private macroSize(name: string): number {
    const known = this.sizes.get(name);
    if (known !== undefined) return known;
    const def = this.macroDefinitions.get(name);
    if (!def) return 0;
    this.sizes.set(name, 1);
    const size = expandedSize(def.expr, (n) => this.macroSize(n));
    this.sizes.set(name, size);
    return size;
  }

  /** Expands macros; Falco reports the first problem at the condition's item. */
  private bind(expr: Expr, macros: ReadonlyMap<string, MacroDefinition>, visibility: number | undefined, text: string, context: LoadContext, used: Set<string>): Expr {
    if (expandedSize(expr, (n) => this.macroSize(n)) > MAX_EXPANDED_NODES) {
      throw new LoadFailure('LOAD_ERR_VALIDATE', TOO_LARGE, context);
    }
    const bound = bindCondition(expr, visibility === undefined ? { macros } : { macros, visibility });
    const first = bound.errors[0];
    if (first) throw new LoadFailure('LOAD_ERR_VALIDATE', first.message, context.inCondition(first.pos, text));
    for (const m of bound.usedMacros) used.add(m);
    return bound.expr;
  }

  private compileMacros(lists: ReadonlyMap<string, readonly string[]>, usedLists: Set<string>): CompiledMacro[] {
    const parsed: Array<{ name: string; expr: Expr }> = [];
    this.macroDefinitions = new Map();
    this.sizes = new Map();
    for (const m of this.collector.macros) {
      const expr = this.parse(m.condition, lists, usedLists, m.conditionContext);
      parsed.push({ name: m.name, expr });
      this.macroDefinitions.set(m.name, { expr, index: m.index, visibility: m.visibility });
    }
    const out: CompiledMacro[] = [];
    for (const { name, expr } of parsed) {
      const info = this.collector.macros.get(name)!;
      const condition = this.bind(expr, this.macroDefinitions, info.visibility, info.condition, info.context, this.usedMacros);
      out.push({ name, conditionText: info.condition, condition, used: false });
    }
    return out;
  }

  private compileRules(lists: ReadonlyMap<string, readonly string[]>, usedLists: Set<string>, macros: CompiledMacro[]): CompiledRule[] {
    const out: CompiledRule[] = [];
    const markMacros = (): void => {
      for (const m of macros) if (this.usedMacros.has(m.name)) m.used = true;
    };
    for (const r of this.collector.rules) {
      if (r.unknownSource) continue;
      const source = this.sources(r.source);
      if (!source) throw new LoadFailure('LOAD_ERR_VALIDATE', `Unknown source at compile-time${r.source}`, r.context);
      const compiled = this.compileRule(r, source, lists, usedLists);
      markMacros();
      if (compiled) out.push(compiled);
    }
    markMacros();
    return out;
  }

  private compileRule(
    r: RuleInfo,
    source: SourceServices,
    lists: ReadonlyMap<string, readonly string[]>,
    usedLists: Set<string>,
  ): CompiledRule | undefined {
    let condition = r.condition;
    let exceptionFields: Set<string> = new Set();
    if (r.exceptions.length > 0) {
      const withExceptions = conditionWithExceptions(r.condition, r.exceptions);
      condition = withExceptions.condition;
      exceptionFields = withExceptions.fields;
    }

    let output = r.output;
    if (output.includes(CONTAINER_INFO)) {
      this.result.addWarning('LOAD_DEPRECATED_ITEM', CONTAINER_INFO_WARNING, r.context);
      output = output.split(CONTAINER_INFO).join('');
    }
    const format = parseFormatString(output, (operand) => source.checkOutputReference(operand));
    if (!format.ok) {
      if (isUnknownTypeOrField(format.error) && r.skipIfUnknownFilter) {
        this.result.addWarning('LOAD_UNKNOWN_FILTER', format.error, r.outputContext);
        return undefined;
      }
      throw new LoadFailure('LOAD_ERR_COMPILE_OUTPUT', format.error, r.outputContext);
    }
    for (const df of DEPRECATED_FIELDS) {
      if (output.includes(df)) {
        this.result.addDeprecatedFieldWarning(df, `usage of deprecated field '${df}' has been detected in the rule output`, r.outputContext);
      }
    }

    const parsed = this.parse(condition, lists, usedLists, r.conditionContext);
    const bound = this.bind(parsed, this.macroDefinitions, undefined, condition, r.context, this.usedMacros);

    // Warnings about the expanded condition point at the condition as a whole.
    const whole = r.conditionContext.inCondition({ offset: 0, line: 0, col: 0 }, condition);
    const warnings = conditionWarnings(bound);
    if (warnings.unsafeNaCheck) this.result.addWarning('LOAD_UNSAFE_NA_CHECK', '', whole);
    for (const df of warnings.deprecatedFields) this.result.addDeprecatedFieldWarning(df, deprecatedFieldExplanation(df), whole);

    const check = source.checkCondition(bound);
    if (!check.ok) {
      const at = r.conditionContext.inCondition(check.pos, condition);
      if (isUnknownTypeOrField(check.message) && r.skipIfUnknownFilter) {
        this.result.addWarning('LOAD_UNKNOWN_FILTER', check.message, at);
        return undefined;
      }
      throw new LoadFailure('LOAD_ERR_COMPILE_CONDITION', check.message, at);
    }
    for (const w of check.warnings) {
      this.result.addWarning('LOAD_COMPILE_CONDITION', w.message, r.conditionContext.inCondition(w.pos, condition));
    }

    let eventTypes: EventTypeSet;
    try {
      eventTypes = source.eventTypes(bound);
    } catch (e) {
      // Falco's event-type search failing is fatal for the whole load; here it fails the rule's condition.
      const message = e instanceof Error ? e.message : String(e);
      throw new LoadFailure('LOAD_ERR_COMPILE_CONDITION', message, r.context);
    }
    if (r.warnEvttypes && source.isUnrestricted?.(eventTypes)) {
      this.result.addWarning('LOAD_NO_EVTTYPE', 'Rule matches too many evt.type values. This has a significant performance penalty.', r.context);
    }

    const operators = new Set<string>();
    for (const ex of r.exceptions) {
      if (ex.comps.isList) {
        for (const c of ex.comps.items) {
          if (c.isList) for (const i of c.items) operators.add(i.isList ? '' : i.item);
          else operators.add(c.item);
        }
      } else {
        operators.add(ex.comps.item);
      }
    }

    return {
      name: r.name,
      source: r.source,
      desc: r.desc,
      conditionText: r.condition,
      outputText: r.output,
      output,
      outputTokens: format.tokens,
      priority: r.priority,
      tags: [...r.tags],
      enabled: r.enabled,
      capture: r.capture,
      captureDuration: r.captureDuration,
      exceptionNames: [...new Set(r.exceptions.map((e) => e.name))],
      exceptionOperators: [...operators],
      exceptionFields: [...exceptionFields].sort(),
      condition: bound,
      checked: check.checked,
      eventTypes,
    };
  }
}
