/**
 * The rule engine: loads rules files with Falco 0.44.1's semantics (one
 * file after the other into shared definitions, everything recompiled after
 * each file, one result per file), describes what it loaded (`-L`/`-l`),
 * and builds the runtime ruleset with the configured selection.
 *
 * Loading never throws: every problem, including unexpected ones, ends up
 * as an error in the result.
 */
import type { Expr, FieldOperand } from './condition/ast.js';
import { parseCondition } from './condition/parser.js';
import type { CheckedExpr } from './compile/checked.js';
import { checkCondition } from './compile/checker.js';
import { emitRuleMatcher, prepareCondition, type PreparedCondition } from './compile/rule-matcher.js';
import { allEventTypes, eventTypesOf, matchesAllEventTypes, toUniverse } from './compile/evttypes.js';
import type { EventTypeSet, EventTypeUniverseLike } from './compile/evttypes.js';
import { Ruleset } from './ruleset.js';
import type { RuleMatcher, RuleSelection, RulesetRule } from './ruleset.js';
import { catalogForSource, isResolveError, unknownFieldMessage } from '../fields/catalog.js';
import type { FieldCatalog } from '../fields/catalog.js';
import type { ExtractorFactory } from '../fields/value.js';
import type { FormatToken } from '../outputs/format-string.js';
import { BUILTIN_PLUGINS, unmetPluginRequirement } from './loader/capabilities.js';
import type { ProvidedPlugin } from './loader/capabilities.js';
import { Collector } from './loader/collector.js';
import { RulesCompiler } from './loader/compiler.js';
import type { CompileOutput, ConditionCheck, SourceServices } from './loader/compiler.js';
import { LoadContext } from './loader/context.js';
import type { ExceptionEntry } from './loader/definitions.js';
import { formatDescriptionText, RulesDescriber } from './loader/describe.js';
import type { DescribeResult } from './loader/describe.js';
import { dumpJson } from './loader/json-text.js';
import type { JsonValue } from './loader/json-text.js';
import type { FileLoadResult, LoadResult } from './loader/load-result.js';
import { RulesReader } from './loader/reader.js';
import { ResultBuilder } from './loader/result-builder.js';
import { rulesJsonSchema } from './loader/rules-schema.js';
import { syscallEventUniverse } from './loader/syscall-event-universe.js';
import { DEFAULT_ASYNC_EVENT_NAMES } from '../events/event-table.js';

export type { DescribeResult } from './loader/describe.js';
export type { LoadResult } from './loader/load-result.js';
export type { RuleSelection } from './ruleset.js';

export interface RuleEngineOptions<E> {
  /**
   * The event types of a source, for indexing rules and Falco's
   * LOAD_NO_EVTTYPE warning (syscall). Default: the scap event table's names
   * for `syscall`, none for other sources (their rules match every event).
   */
  eventTypeUniverse?: (source: string) => EventTypeUniverseLike | undefined;
  /** Field extraction per source; a source without a factory is unknown to the engine. */
  extractors?: (source: string) => ExtractorFactory<E> | undefined;
  /**
   * Event sources the engine supports. Default: those with a field catalog
   * (and, when `extractors` is given, an extractor factory).
   */
  sources?: readonly string[];
  /** Plugins loaded besides falconet's built-in capabilities (for `required_plugin_versions`). */
  plugins?: readonly ProvidedPlugin[];
}

export interface RuleFile {
  name: string;
  content: string;
}

/** A rule exception as loaded (fields/comps/values: a string or a list of those). */
export interface LoadedException {
  name: string;
  fields: ExceptionEntry;
  comps: ExceptionEntry;
  values: readonly ExceptionEntry[];
}

export interface LoadedRule {
  name: string;
  desc: string;
  source: string;
  /** The condition as written (appends and overrides applied). */
  condition: string;
  /** The condition with exceptions added and macros and lists expanded. */
  expandedCondition: Expr;
  /** The type-checked condition (what conditions are compiled from). */
  checked: CheckedExpr;
  /** The output format as printed (`%container.info` removed). */
  output: string;
  outputTokens: readonly FormatToken[];
  /** Falco's number: 0 emergency ... 7 debug. */
  priority: number;
  tags: readonly string[];
  enabled: boolean;
  capture: boolean;
  /** Milliseconds. */
  captureDuration: number;
  exceptions: readonly LoadedException[];
  exceptionFields: readonly string[];
  eventTypes: EventTypeSet;
}

export interface BuildRulesetOptions {
  /** falco.yaml `rules:` entries, applied in order after each rule's own `enabled`. */
  selection: readonly RuleSelection[];
  /** Falco's priority number; rules less severe are left out. */
  minPriority: number;
  /** Only this source's rules (Falco keeps one ruleset per source). Default: every source. */
  source?: string;
}

const EMPTY_UNIVERSE: ReadonlySet<string> = new Set();
const NO_EXTRACTION = { extractor: () => () => undefined };

export class RuleEngine<E = unknown> {
  private readonly collector = new Collector();
  private readonly contents = new Map<string, string>();
  private readonly services = new Map<string, SourceServices | undefined>();
  /** The latest compilation (what descriptions show) and the latest successful one (the loaded rules). */
  private lastCompile: CompileOutput | undefined;
  private loaded: CompileOutput | undefined;
  private loadedRules: LoadedRule[] = [];

  constructor(private readonly options: RuleEngineOptions<E> = {}) {}

  /** Falco's rules-file JSON schema (what `--print-rule-schema` shows). */
  static ruleSchema(): JsonValue {
    return rulesJsonSchema();
  }

  static formatDescriptionText(described: DescribeResult): string {
    return formatDescriptionText(described);
  }

  /** The description as `-L`/`-l` print it with `json_output` (one line). */
  static formatDescriptionJson(described: DescribeResult): string {
    return dumpJson(described) + '\n';
  }

  /**
   * Loads rules files in order, like Falco: each file is read into the
   * definitions of the files before it, then everything is compiled. An
   * unmet plugin requirement stops loading after the file that declared it.
   */
  load(files: ReadonlyArray<RuleFile>): LoadResult {
    for (const f of files) this.contents.set(f.name, f.content);
    const result: LoadResult = { successful: true, files: [] };
    for (const file of files) {
      result.files.push(this.loadFile(file));
      // Checked after each file, as `-V` does (the run checks once at the end; the outcome is the same error).
      const unmet = unmetPluginRequirement(this.collector.pluginRequirements, [...BUILTIN_PLUGINS, ...(this.options.plugins ?? [])]);
      if (unmet !== undefined) {
        result.requirementError = unmet;
        break;
      }
    }
    result.successful = result.requirementError === undefined && result.files.every((f) => f.successful);
    return result;
  }

  private loadFile(file: RuleFile): FileLoadResult {
    const builder = new ResultBuilder(file.name, this.contents);
    try {
      const reader = new RulesReader(this.collector, builder, (s) => this.sourceServices(s));
      if (reader.read(file.name, file.content)) {
        const compiled = new RulesCompiler(this.collector, (s) => this.sourceServices(s), builder).compile();
        this.lastCompile = compiled;
        if (builder.successful) {
          this.loaded = compiled;
          this.loadedRules = compiled.rules.map((r) => this.loadedRule(r));
        }
      }
    } catch (e) {
      // Not expected: a defect must not take the caller down, so it becomes an error of the file.
      const message = e instanceof Error ? e.message : 'unknown validation error';
      builder.addError('LOAD_ERR_VALIDATE', message, LoadContext.root(file.name));
    }
    return builder.result;
  }

  private loadedRule(r: CompileOutput['rules'][number]): LoadedRule {
    const info = this.collector.rules.get(r.name);
    return {
      name: r.name,
      desc: r.desc,
      source: r.source,
      condition: r.conditionText,
      expandedCondition: r.condition,
      checked: r.checked as CheckedExpr,
      output: r.output,
      outputTokens: r.outputTokens,
      priority: r.priority,
      tags: r.tags,
      enabled: r.enabled,
      capture: r.capture,
      captureDuration: r.captureDuration,
      // A copy: later appends change the collected definitions in place.
      exceptions: (info?.exceptions ?? []).map((ex) => ({ name: ex.name, fields: ex.fields, comps: ex.comps, values: [...ex.values] })),
      exceptionFields: r.exceptionFields,
      eventTypes: r.eventTypes,
    };
  }

  /** The rules of the last successful load, in load order. */
  rules(): readonly LoadedRule[] {
    return this.loadedRules;
  }

  /**
   * Falco's description of everything loaded (`-L`), or of one rule (`-l NAME`).
   * @throws Error `Rule "NAME" is not loaded` (Falco's fatal error) for an unknown rule
   */
  describeRules(name?: string): DescribeResult {
    const compiled = this.lastCompile ?? { lists: [], macros: [], rules: [] };
    const describer = new RulesDescriber(this.collector, compiled, {
      eventNames: (source, condition) => this.eventNames(source, condition),
      fieldPlugin: (source, field) => this.fieldPlugin(source, field),
    });
    if (name === undefined) return describer.all();
    const info = this.collector.rules.get(name);
    const rule = this.loaded?.rules.find((r) => r.name === name);
    if (!info || info.unknownSource || !rule) throw new Error(`Rule "${name}" is not loaded`);
    return describer.one(rule);
  }

  /**
   * Builds the ruleset of the loaded rules, with Falco's priority filter and
   * selection. Conditions are compiled against `extractors` when given, else
   * against the engine's extractors for each rule's source.
   */
  buildRuleset<F = E>(options: BuildRulesetOptions, extractors?: ExtractorFactory<F>): Ruleset<F> {
    // Syscall rules are looked up by their events' evt.type: each type's rules are compiled together for it.
    const prepared = new Map<RulesetRule<F>, PreparedCondition<F>>();
    const compileMatcher = (rules: readonly RulesetRule<F>[], eventType: string): RuleMatcher<F> | undefined => {
      const conditions: PreparedCondition<F>[] = [];
      for (const r of rules) {
        const p = prepared.get(r);
        if (p === undefined || r.source !== 'syscall') return undefined;
        conditions.push(p);
      }
      return emitRuleMatcher(conditions, eventType);
    };
    const ruleset = new Ruleset<F>({
      ...(options.source !== undefined ? { source: options.source } : {}),
      minPriority: options.minPriority,
      // Falco also tests every rule on asynchronous events (their evt.type is the async event's name).
      everyRuleEventTypes: DEFAULT_ASYNC_EVENT_NAMES,
      compileMatcher,
    });
    for (const r of this.loadedRules) {
      if (options.source !== undefined && r.source !== options.source) continue;
      if (r.priority > options.minPriority) continue;
      const factory = extractors ?? ((this.options.extractors?.(r.source) ?? NO_EXTRACTION) as unknown as ExtractorFactory<F>);
      const p = prepareCondition(r.checked, factory);
      const rule: RulesetRule<F> = {
        name: r.name,
        source: r.source,
        tags: r.tags,
        priority: r.priority,
        eventTypes: r.eventTypes,
        condition: p.condition,
        enabled: r.enabled,
      };
      prepared.set(rule, p);
      ruleset.add(rule);
    }
    ruleset.applySelection(options.selection);
    return ruleset;
  }

  // ---- sources --------------------------------------------------------------

  private isKnownSource(source: string): boolean {
    if (this.options.sources) return this.options.sources.includes(source);
    if (!catalogForSource(source)) return false;
    return this.options.extractors === undefined || this.options.extractors(source) !== undefined;
  }

  private sourceServices(source: string): SourceServices | undefined {
    if (this.services.has(source)) return this.services.get(source);
    let services: SourceServices | undefined;
    const catalog = catalogForSource(source);
    if (this.isKnownSource(source) && catalog) services = this.makeServices(source, catalog);
    this.services.set(source, services);
    return services;
  }

  private universe(source: string): EventTypeUniverseLike | undefined {
    try {
      if (this.options.eventTypeUniverse) return this.options.eventTypeUniverse(source);
      return source === 'syscall' ? syscallEventUniverse() : undefined;
    } catch {
      return undefined;
    }
  }

  private makeServices(source: string, catalog: FieldCatalog): SourceServices {
    const check = (expr: Expr): ConditionCheck => {
      try {
        const r = checkCondition(expr, catalog);
        if (r.ok) return { ok: true, checked: r.checked, warnings: r.warnings };
        return { ok: false, message: r.error.message, pos: r.error.pos };
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : 'invalid condition', pos: expr.pos };
      }
    };
    const universe = this.universe(source);
    return {
      isValidLhsField: (field) => {
        if (field.includes('(')) {
          // A transformer: valid when `<field> exists` compiles.
          const parsed = parseCondition(`${field} exists`);
          return parsed.ok && check(parsed.expr).ok;
        }
        const r = catalog.resolve(field);
        if (!isResolveError(r)) return true;
        return r.error === unknownFieldMessage(field) ? false : { thrown: r.error };
      },
      checkCondition: check,
      checkOutputReference: (operand: FieldOperand) => {
        if (operand.kind === 'field') {
          const r = catalog.resolve(operand.name, operand.arg);
          return isResolveError(r) ? r.error : undefined;
        }
        const r = check({ kind: 'unary', left: operand, op: 'exists', pos: operand.pos });
        return r.ok ? undefined : r.message;
      },
      eventTypes: (expr) => {
        if (source !== 'syscall') return allEventTypes(universe ?? EMPTY_UNIVERSE);
        return universe === undefined ? allEventTypes(EMPTY_UNIVERSE) : eventTypesOf(expr, universe);
      },
      ...(source === 'syscall' && universe !== undefined
        ? { isUnrestricted: (types: EventTypeSet) => matchesAllEventTypes(types, universe) }
        : {}),
    };
  }

  private eventNames(source: string, condition: Expr): string[] {
    if (source !== '' && source !== 'syscall') return ['asyncevent', 'pluginevent'];
    const universe = this.universe('syscall');
    const names = new Set<string>(['asyncevent']);
    if (universe !== undefined) {
      try {
        for (const n of eventTypesOf(condition, universe).names) names.add(n);
      } catch {
        for (const n of toUniverse(universe).names) names.add(n);
      }
    }
    return [...names].sort();
  }

  private fieldPlugin(source: string, field: string): string | undefined {
    const catalog = catalogForSource(source === '' ? 'syscall' : source);
    if (!catalog) return undefined;
    for (const cls of catalog.classes) {
      if (cls.plugin !== undefined && cls.fields.some((f) => f.name === field)) return cls.plugin;
    }
    return undefined;
  }
}
