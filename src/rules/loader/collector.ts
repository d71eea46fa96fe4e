/**
 * The definitions gathered from all rules files read so far, with Falco's
 * rules for defining, appending, overriding and enabling items. Definitions
 * persist across files: a later file may extend what an earlier one defined.
 * Every violation is a LOAD_ERR_VALIDATE failure that ends the current file.
 */
import type { LoadContext } from './context.js';
import { MESSAGES } from './codes.js';
import {
  addTag,
  isValidEntry,
  updateHasAnyValue,
} from './definitions.js';
import type {
  EngineRequirement,
  ExceptionEntry,
  ExceptionInfo,
  ListInfo,
  MacroInfo,
  PluginRequirementAlternatives,
  RuleInfo,
  RuleUpdate,
} from './definitions.js';
import { isOperatorWithModifier, isSupportedOperator } from './operators.js';
import { LoadFailure, UnexpectedFailure } from './result-builder.js';
import type { ResultBuilder } from './result-builder.js';
import { compareVersions, engineVersion, isCompatible, parseVersion, versionText } from './version.js';
import type { Version } from './version.js';

/** What the collector needs to know about an event source the engine supports. */
export interface SourceFields {
  /**
   * Whether `field` (possibly with an argument or inside transformers) may be
   * compared in a condition; `thrown` when looking it up fails outright (a
   * malformed argument), which Falco reports as a file-level error.
   */
  isValidLhsField(field: string): boolean | { thrown: string };
}

export type SourceLookup = (source: string) => SourceFields | undefined;

function fail(message: string, context: LoadContext): never {
  throw new LoadFailure('LOAD_ERR_VALIDATE', message, context);
}

/** Falco trims blanks around exception comps before checking them. */
function normalizeComp(comp: string): string {
  return comp.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function validLhs(source: SourceFields, field: string): boolean {
  const valid = source.isValidLhsField(field);
  if (typeof valid === 'object') throw new UnexpectedFailure(valid.thrown);
  return valid;
}

/** Fills in default comps and checks fields/comps of an exception (validate_exception_info). */
function validateException(source: SourceFields | undefined, ex: ExceptionInfo): void {
  if (ex.fields.isList) {
    const fields = ex.fields.items;
    if (!isValidEntry(ex.comps)) {
      ex.comps = { isList: true, items: fields.map((): ExceptionEntry => ({ isList: false, item: '=' })) };
    }
    const comps = ex.comps.isList ? ex.comps.items : [];
    if (!ex.comps.isList || fields.length !== comps.length) fail('Fields and comps lists must have equal length', ex.context);
    for (let i = 0; i < comps.length; i++) {
      const c = comps[i]!;
      const item = normalizeComp(c.isList ? '' : c.item);
      if (!c.isList) comps[i] = { isList: false, item };
      if (!isSupportedOperator(item) && !isOperatorWithModifier(item)) {
        fail(`'${item}' is not a supported comparison operator`, ex.context);
      }
    }
    if (source) {
      for (const f of fields) {
        const name = f.isList ? '' : f.item;
        if (!validLhs(source, name)) fail(`'${name}' is not a supported filter field`, ex.context);
      }
    }
  } else {
    if (!isValidEntry(ex.comps)) ex.comps = { isList: false, item: 'in' };
    if (ex.comps.isList) fail('Fields and comps must both be strings', ex.context);
    const comp = normalizeComp(ex.comps.item);
    ex.comps = { isList: false, item: comp };
    if (comp !== 'in' && comp !== 'pmatch' && comp !== 'intersects' && !isOperatorWithModifier(comp)) {
      fail(
        'When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator ' +
          '(e.g. startswith oneof)',
        ex.context,
      );
    }
    if (source && !validLhs(source, ex.fields.item)) {
      fail(`'${ex.fields.item}' is not a supported filter field`, ex.context);
    }
  }
}

/** An insertion-ordered table by name; redefining keeps the original slot. */
export class IndexedTable<T extends { name: string }> implements Iterable<T> {
  private readonly byName = new Map<string, T>();

  get(name: string): T | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  set(item: T): void {
    this.byName.set(item.name, item);
  }

  get size(): number {
    return this.byName.size;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.byName.values();
  }
}

export class Collector {
  private nextIndex = 0;
  readonly lists = new IndexedTable<ListInfo>();
  readonly macros = new IndexedTable<MacroInfo>();
  readonly rules = new IndexedTable<RuleInfo>();
  readonly pluginRequirements: PluginRequirementAlternatives[] = [];
  /** The highest engine version any file required. */
  requiredEngineVersion: Version = { major: 0, minor: 0, patch: 0, valid: true };

  defineEngineVersion(req: EngineRequirement): void {
    const engine = engineVersion();
    if (!isCompatible(engine, req.version)) {
      fail(`Rules require engine version ${versionText(req.version)}, but engine version is ${versionText(engine)}`, req.context);
    }
    if (compareVersions(this.requiredEngineVersion, req.version) < 0) this.requiredEngineVersion = req.version;
  }

  definePluginRequirement(req: PluginRequirementAlternatives): void {
    const names = new Set<string>();
    for (const alt of req.alternatives) {
      if (!parseVersion(alt.version).valid) {
        fail(`Invalid required version '${alt.version}' for plugin '${alt.name}'`, req.context);
      }
      if (names.has(alt.name)) fail(`Defined multiple alternative version requirements for plugin '${alt.name}'`, req.context);
      names.add(alt.name);
    }
    this.pluginRequirements.push(req);
  }

  private define<T extends { name: string; index: number; visibility: number }>(table: IndexedTable<T>, info: T): void {
    const id = this.nextIndex++;
    const prev = table.get(info.name);
    info.index = prev ? prev.index : id;
    info.visibility = id;
    table.set(info);
  }

  defineList(info: ListInfo): void {
    this.define(this.lists, info);
  }

  appendList(info: ListInfo): void {
    const prev = this.lists.get(info.name);
    if (!prev) fail(MESSAGES.errorNoPreviousList, info.context);
    prev.items.push(...info.items);
    prev.visibility = this.nextIndex++;
  }

  defineMacro(info: MacroInfo): void {
    this.define(this.macros, info);
  }

  appendMacro(info: MacroInfo): void {
    const prev = this.macros.get(info.name);
    if (!prev) fail(MESSAGES.errorNoPreviousMacro, info.context);
    prev.condition += ' ' + info.condition;
    prev.visibility = this.nextIndex++;
  }

  private findPreviousRule(name: string, source: string, context: LoadContext): RuleInfo | undefined {
    const prev = this.rules.get(name);
    if (prev && prev.source !== '' && source !== '' && prev.source !== source) {
      fail('Rule has been re-defined with a different source', context);
    }
    return prev;
  }

  /** Defines (or wholly redefines) a rule; a rule for an unknown source is kept but flagged. */
  defineRule(info: RuleInfo, sources: SourceLookup, result: ResultBuilder): void {
    this.findPreviousRule(info.name, info.source, info.context);
    const source = sources(info.source);
    if (!source) {
      info.unknownSource = true;
      result.addWarning('LOAD_UNKNOWN_SOURCE', `Unknown source ${info.source}, skipping`, info.context);
    }
    for (const ex of info.exceptions) {
      if (!isValidEntry(ex.fields)) fail('Rule exception item must have fields property with a list of fields', ex.context);
      validateException(source, ex);
    }
    this.define(this.rules, info);
  }

  private updatableRule(update: RuleUpdate, missing: string, sources: SourceLookup, emptyMessage: string): {
    prev: RuleInfo;
    source: SourceFields | undefined;
  } {
    const prev = this.findPreviousRule(update.name, update.source, update.context);
    if (!prev) fail(missing, update.context);
    if (!updateHasAnyValue(update)) fail(emptyMessage, update.context);
    let source: SourceFields | undefined;
    if (!prev.unknownSource) {
      source = sources(prev.source);
      if (!source) fail(`Unknown source ${prev.source}`, update.context);
    }
    return { prev, source };
  }

  appendRule(update: RuleUpdate, sources: SourceLookup): void {
    const { prev, source } = this.updatableRule(
      update,
      MESSAGES.errorNoPreviousRuleAppend,
      sources,
      'Appended rule must have exceptions or condition property',
    );
    if (update.condition !== undefined && update.condition !== '') prev.condition += ' ' + update.condition;
    if (update.output !== undefined && update.output !== '') prev.output += ' ' + update.output;
    if (update.desc !== undefined && update.desc !== '') prev.desc += ' ' + update.desc;
    if (update.tags) for (const t of update.tags) addTag(prev.tags, t);
    if (update.exceptions) {
      for (const ex of update.exceptions) {
        const existing = prev.exceptions.find((e) => e.name === ex.name);
        if (!existing) {
          if (!isValidEntry(ex.fields)) fail('Rule exception must have fields property with a list of fields', ex.context);
          if (ex.values.length === 0) fail('Rule exception must have values property with a list of values', ex.context);
          validateException(source, ex);
          prev.exceptions.push(ex);
        } else {
          if (isValidEntry(ex.fields)) fail('Can not append exception fields to existing exception, only values', ex.context);
          if (isValidEntry(ex.comps)) fail('Can not append exception comps to existing exception, only values', ex.context);
          existing.values.push(...ex.values);
        }
      }
    }
    prev.visibility = this.nextIndex++;
  }

  replaceRule(update: RuleUpdate, sources: SourceLookup): void {
    const { prev } = this.updatableRule(
      update,
      MESSAGES.errorNoPreviousRuleReplace,
      sources,
      'The rule must have at least one field that can be replaced',
    );
    if (update.condition !== undefined) prev.condition = update.condition;
    if (update.output !== undefined) prev.output = update.output;
    if (update.desc !== undefined) prev.desc = update.desc;
    if (update.tags !== undefined) prev.tags = [...update.tags];
    if (update.exceptions !== undefined) prev.exceptions = update.exceptions;
    if (update.priority !== undefined) prev.priority = update.priority;
    if (update.capture !== undefined) prev.capture = update.capture;
    if (update.captureDuration !== undefined) prev.captureDuration = update.captureDuration;
    if (update.enabled !== undefined) prev.enabled = update.enabled;
    if (update.warnEvttypes !== undefined) prev.warnEvttypes = update.warnEvttypes;
    if (update.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = update.skipIfUnknownFilter;
    prev.visibility = this.nextIndex++;
  }

  /** The deprecated `- rule: x\n  enabled: b` form. */
  enableRule(name: string, enabled: boolean, context: LoadContext): void {
    const prev = this.rules.get(name);
    if (!prev) fail("Rule has 'enabled' key but no rule by that name already exists", context);
    prev.enabled = enabled;
  }
}
