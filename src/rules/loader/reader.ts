/**
 * Reads one rules file into the collector, item by item, with Falco's
 * checks on the shape of each item: which keys are required, which may be
 * empty, how scalars convert, how `append`/`override` combine. The first
 * structural problem ends the file (LOAD_ERR_YAML_VALIDATE, or
 * LOAD_ERR_VALIDATE for inconsistent definitions); unknown keys and items
 * and deprecated forms are warnings.
 */
import { parseBool, parseInteger } from '../../config/scalar.js';
import { ITEM_TYPES, MESSAGES } from './codes.js';
import { LoadContext } from './context.js';
import type { Collector, SourceLookup } from './collector.js';
import { EMPTY_ENTRY, addTag } from './definitions.js';
import type { ExceptionEntry, ExceptionInfo, PluginRequirementAlternatives, RuleInfo, RuleUpdate } from './definitions.js';
import { parsePriority } from './priority.js';
import { LoadFailure, UnexpectedFailure } from './result-builder.js';
import type { ResultBuilder } from './result-builder.js';
import { BadKeyConversion, validateRulesSchema } from './schema-validation.js';
import { implicitEngineVersion, parseVersion } from './version.js';
import { mapGet, nodeAsString, parseRulesYaml } from './yaml-doc.js';
import type { Mark, YMap, YNode } from './yaml-doc.js';

/** Name rules Falco checks (warnings only): macro names are identifiers, list names bare words. */
const IDENTIFIER_PATTERN = '([a-zA-Z]+[a-zA-Z0-9_]*)';
const BARESTR_PATTERN = '([^()"\'[:space:]=,]+)';
const IDENTIFIER_RE = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const BARESTR_RE = /^[^()"'\t\n\v\f\r =,]+$/;

function yamlCppMessage(mark: Mark | undefined, message: string): string {
  return mark ? `yaml-cpp: error at line ${mark.line + 1}, column ${mark.column + 1}: ${message}` : message;
}

/** Deepest list nesting read in exception values; only reachable through cyclic aliases. */
const MAX_ENTRY_DEPTH = 500;

function fail(message: string, context: LoadContext): never {
  throw new LoadFailure('LOAD_ERR_YAML_VALIDATE', message, context);
}

/** yaml-cpp's `as<std::string>()`, which fails on collections ("bad conversion"). */
function asString(node: YNode): string {
  const s = nodeAsString(node);
  if (s === undefined) throw new UnexpectedFailure(yamlCppMessage(node.mark, 'bad conversion'));
  return s;
}

function trimBlanks(s: string): string {
  return s.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
}

type Decoder<T> = (text: string) => T | undefined;
const asText: Decoder<string> = (t) => t;
const asBool: Decoder<boolean> = (t) => parseBool(t);
const asUint32: Decoder<number> = (t) => parseInteger(t, 'uint32');

/**
 * Reads a scalar key (Falco's decode_val family). `optional`: a missing key
 * is fine; `canBeEmpty`: a null or empty value is fine. Returns undefined
 * when nothing was read.
 */
function decodeValue<T>(
  item: YMap,
  key: string,
  decode: Decoder<T>,
  context: LoadContext,
  optional = false,
  canBeEmpty = false,
): T | undefined {
  const val = mapGet(item, key);
  if (val === undefined) {
    if (optional) return undefined;
    fail(`Item has no mapping for key '${key}'`, context);
  }
  if (val.kind === 'null') {
    if (canBeEmpty) return undefined;
    fail(`Mapping for key '${key}' is empty`, context);
  }
  const valueContext = context.child(val.mark, ITEM_TYPES.valueFor, key);
  if (val.kind !== 'scalar') fail('Value is not a scalar value', valueContext);
  if (val.value === '') {
    if (canBeEmpty) return undefined;
    fail('Value must be non-empty', valueContext);
  }
  const out = decode(val.value);
  if (out === undefined) fail("Can't decode YAML scalar value", valueContext);
  return out;
}

function required<T>(item: YMap, key: string, decode: Decoder<T>, context: LoadContext): T {
  return decodeValue(item, key, decode, context) as T;
}

/** Reads a sequence of strings (`items`, `tags`). */
function decodeSequence(item: YMap, key: string, context: LoadContext, optional: boolean): string[] | undefined {
  const val = mapGet(item, key);
  if (val === undefined) {
    if (optional) return undefined;
    fail(`Item has no mapping for key '${key}'`, context);
  }
  const valueContext = context.child(val.mark, ITEM_TYPES.valueFor, key);
  if (val.kind !== 'seq') fail('Value is not a sequence', valueContext);
  const out: string[] = [];
  for (const v of val.items) {
    const itemContext = valueContext.child(v.mark, ITEM_TYPES.listItem, '');
    if (v.kind !== 'scalar') fail('sequence value is not scalar', itemContext);
    out.push(v.value);
  }
  return out;
}

function decodeTags(item: YMap, context: LoadContext): string[] {
  const tags: string[] = [];
  for (const t of decodeSequence(item, 'tags', context, true) ?? []) addTag(tags, t);
  return tags;
}

interface Overrides {
  append: Set<string>;
  replace: Set<string>;
}

function decodeOverrides(item: YMap, appendable: ReadonlySet<string>, replaceable: ReadonlySet<string>, context: LoadContext): Overrides {
  const out: Overrides = { append: new Set(), replace: new Set() };
  const val = mapGet(item, 'override');
  if (val === undefined) return out;
  const overrideContext = context.child(item.mark, ITEM_TYPES.override, '');
  if (val.kind === 'seq' && val.items.length > 0) {
    // Iterating a sequence as a map: yaml-cpp's invalid-node error.
    throw new UnexpectedFailure(
      'invalid node; this may result from using a map iterator as a sequence iterator, or vice-versa',
    );
  }
  if (val.kind !== 'map') return out;
  for (const { key: keyNode, value } of val.entries) {
    const key = asString(keyNode);
    const operation = asString(value);
    const canAppend = appendable.has(key);
    const canReplace = replaceable.has(key);
    if (operation === 'append') {
      if (!canAppend) {
        fail(`Key '${key}' cannot be appended to, use 'replace' instead`, overrideContext.child(keyNode.mark, ITEM_TYPES.override, key));
      }
      out.append.add(key);
    } else if (operation === 'replace') {
      if (!canReplace) fail(`Key '${key}' cannot be replaced`, overrideContext.child(keyNode.mark, ITEM_TYPES.override, key));
      out.replace.add(key);
    } else {
      let message = `Invalid override operation for key '${key}': '${operation}'. Allowed values are: `;
      if (canAppend) message += 'append ';
      if (canReplace) message += 'replace ';
      fail(message, overrideContext.child(value.mark, ITEM_TYPES.valueFor, key));
    }
  }
  return out;
}

function decodeExceptionEntry(val: YNode, key: string | undefined, context: LoadContext, depth: number): ExceptionEntry {
  const valueContext = context.child(val.mark, ITEM_TYPES.valueFor, key ?? '');
  if (val.kind === 'scalar') {
    if (val.value === '') fail('Value must be non-empty', valueContext);
    return { isList: false, item: val.value };
  }
  if (val.kind === 'seq') {
    if (depth > MAX_ENTRY_DEPTH) fail('Value is nested too deeply', valueContext);
    return {
      isList: true,
      items: val.items.map((v) => decodeExceptionEntry(v, undefined, valueContext.child(v.mark, ITEM_TYPES.exception, ''), depth + 1)),
    };
  }
  return EMPTY_ENTRY;
}

function decodeExceptionKey(ex: YMap, key: string, context: LoadContext, optional: boolean): ExceptionEntry {
  const val = mapGet(ex, key);
  if (val === undefined) {
    if (optional) return EMPTY_ENTRY;
    fail(`Item has no mapping for key '${key}'`, context);
  }
  return decodeExceptionEntry(val, key, context, 0);
}

const APPENDABLE_RULE_KEYS = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const REPLACEABLE_RULE_KEYS = new Set([
  'condition', 'output', 'desc', 'priority', 'capture', 'capture_duration', 'tags', 'exceptions', 'enabled',
  'warn_evttypes', 'skip-if-unknown-filter',
]);
const RULE_KEYS = new Set([
  'rule', 'condition', 'output', 'desc', 'priority', 'source', 'enabled', 'capture', 'capture_duration',
  'warn_evttypes', 'skip-if-unknown-filter', 'tags', 'exceptions', 'override', 'append',
]);
const LIST_KEYS = new Set(['list', 'items', 'append', 'override']);
const MACRO_KEYS = new Set(['macro', 'condition', 'append', 'override']);
const ITEMS_ONLY = new Set(['items']);
const CONDITION_ONLY = new Set(['condition']);

export class RulesReader {
  constructor(
    private readonly collector: Collector,
    private readonly result: ResultBuilder,
    private readonly sources: SourceLookup,
  ) {}

  /** Reads a whole file; false when it had an error (already recorded). */
  read(fileName: string, content: string): boolean {
    const root = LoadContext.root(fileName);
    const parsed = parseRulesYaml(content);
    if (!parsed.ok) {
      this.result.addError('LOAD_ERR_YAML_PARSE', parsed.message, root.child(parsed.mark, ITEM_TYPES.valueFor, ''));
      return false;
    }
    try {
      this.result.setSchemaValidation(validateRulesSchema(parsed.documents));
    } catch (e) {
      const message = e instanceof BadKeyConversion ? yamlCppMessage(e.mark, 'bad conversion') : 'unknown YAML parsing error';
      this.result.addError('LOAD_ERR_YAML_PARSE', message, root);
      return false;
    }
    for (const doc of parsed.documents) {
      if (doc.kind === 'null') continue;
      try {
        if (doc.kind !== 'map' && doc.kind !== 'seq') fail('Rules content is not yaml', root);
        if (doc.kind !== 'seq') fail('Rules content is not yaml array of objects', root);
        for (const item of doc.items) if (item.kind !== 'null') this.readItem(item, root);
      } catch (e) {
        if (e instanceof LoadFailure) this.result.addError(e.code, e.message, e.context);
        else if (e instanceof UnexpectedFailure) this.result.addError('LOAD_ERR_VALIDATE', e.message, root);
        else this.result.addError('LOAD_ERR_VALIDATE', 'unknown validation error', root);
        // Like Falco, stop at the first error even though later documents could be read.
        return false;
      }
    }
    return true;
  }

  private warnUnknownKeys(item: YMap, expected: ReadonlySet<string>, context: LoadContext): void {
    for (const { key } of item.entries) {
      const name = asString(key);
      if (!expected.has(name)) this.result.addWarning('LOAD_UNKNOWN_KEY', `Unknown key '${name}'. The key will be ignored.`, context);
    }
  }

  private readItem(item: YNode, parent: LoadContext): void {
    if (item.kind !== 'map') {
      fail('Unexpected element type. Each element should be a yaml associative array.', parent.child(item.mark, ITEM_TYPES.rulesContentItem, ''));
    }
    if (mapGet(item, 'required_engine_version') !== undefined) this.readEngineVersion(item, parent);
    else if (mapGet(item, 'required_plugin_versions') !== undefined) this.readPluginVersions(item, parent);
    else if (mapGet(item, 'list') !== undefined) this.readList(item, parent);
    else if (mapGet(item, 'macro') !== undefined) this.readMacro(item, parent);
    else if (mapGet(item, 'rule') !== undefined) this.readRule(item, parent);
    else this.result.addWarning('LOAD_UNKNOWN_ITEM', 'Unknown top level item', parent.child(item.mark, ITEM_TYPES.rulesContentItem, ''));
  }

  private readEngineVersion(item: YMap, parent: LoadContext): void {
    const context = parent.child(item.mark, ITEM_TYPES.requiredEngineVersion, '');
    let version;
    try {
      // A bare number is the minor version of the 0.x series (the old numbering).
      version = implicitEngineVersion(required(item, 'required_engine_version', asUint32, context));
    } catch (e) {
      if (!(e instanceof LoadFailure)) throw e;
      const text = required(item, 'required_engine_version', asText, context);
      version = parseVersion(text);
      if (!version.valid) {
        fail(`Unable to parse engine version '${text}' as a semver string. Expected "x.y.z" semver format.`, context);
      }
    }
    this.collector.defineEngineVersion({ context, version });
    this.warnUnknownKeys(item, new Set(['required_engine_version']), context);
  }

  private readPluginVersions(item: YMap, parent: LoadContext): void {
    const versions = mapGet(item, 'required_plugin_versions')!;
    const context = parent.child(versions.mark, ITEM_TYPES.requiredPluginVersions, '');
    if (versions.kind !== 'seq') fail('Value of required_plugin_versions must be a sequence', context);
    for (const plugin of versions.items) {
      const tmp = context.child(plugin.mark, ITEM_TYPES.requiredPluginVersionsEntry, '');
      if (plugin.kind !== 'map') fail('Plugin version must be a mapping', tmp);
      const name = required(plugin, 'name', asText, tmp);
      const pluginContext = context.child(plugin.mark, ITEM_TYPES.requiredPluginVersionsEntry, name);
      const req: PluginRequirementAlternatives = { context: pluginContext, alternatives: [] };
      req.alternatives.push({ name, version: required(plugin, 'version', asText, pluginContext) });
      const alternatives = mapGet(plugin, 'alternatives');
      if (alternatives !== undefined) {
        if (alternatives.kind !== 'seq') fail('Value of plugin version alternatives must be a sequence', pluginContext);
        for (const alt of alternatives.items) {
          const altTmp = pluginContext.child(alt.mark, ITEM_TYPES.requiredPluginVersionsAlternative, '');
          if (alt.kind !== 'map') fail('Plugin version alternative must be a mapping', altTmp);
          const altName = required(alt, 'name', asText, altTmp);
          const altContext = pluginContext.child(alt.mark, ITEM_TYPES.requiredPluginVersionsAlternative, altName);
          req.alternatives.push({ name: altName, version: required(alt, 'version', asText, altContext) });
        }
      }
      this.collector.definePluginRequirement(req);
    }
    const itemContext = parent.child(item.mark, ITEM_TYPES.requiredPluginVersions, '');
    this.warnUnknownKeys(item, new Set(['required_plugin_versions']), itemContext);
  }

  /** The deprecated `append: true` flag, with its warning. */
  private readAppendFlag(item: YMap, context: LoadContext): boolean {
    const append = decodeValue(item, 'append', asBool, context, true) ?? false;
    if (append) this.result.addWarning('LOAD_DEPRECATED_ITEM', MESSAGES.warningAppend, context);
    return append;
  }

  private readList(item: YMap, parent: LoadContext): void {
    const name = required(item, 'list', asText, parent.child(item.mark, ITEM_TYPES.list, ''));
    const context = parent.child(item.mark, ITEM_TYPES.list, name);
    if (!BARESTR_RE.test(name)) {
      this.result.addWarning(
        'LOAD_INVALID_LIST_NAME',
        `List has an invalid name. List names should match a regular expression: ${BARESTR_PATTERN}`,
        context,
      );
    }
    const items = decodeSequence(item, 'items', context, false)!;
    let append = this.readAppendFlag(item, context);
    const overrides = decodeOverrides(item, ITEMS_ONLY, ITEMS_ONLY, context);
    if (append && (overrides.append.size > 0 || overrides.replace.size > 0)) fail(MESSAGES.errorOverrideAppend, context);
    append ||= overrides.append.has('items');
    const info = { context, index: 0, visibility: 0, name, items };
    if (append) this.collector.appendList(info);
    else this.collector.defineList(info);
    this.warnUnknownKeys(item, LIST_KEYS, context);
  }

  private readMacro(item: YMap, parent: LoadContext): void {
    const name = required(item, 'macro', asText, parent.child(item.mark, ITEM_TYPES.macro, ''));
    const context = parent.child(item.mark, ITEM_TYPES.macro, name);
    if (!IDENTIFIER_RE.test(name)) {
      this.result.addWarning(
        'LOAD_INVALID_MACRO_NAME',
        `Macro has an invalid name. Macro names should match a regular expression: ${IDENTIFIER_PATTERN}`,
        context,
      );
    }
    const condition = required(item, 'condition', asText, context);
    const conditionContext = context.child(mapGet(item, 'condition')!.mark, ITEM_TYPES.macroCondition, '');
    let append = this.readAppendFlag(item, context);
    const overrides = decodeOverrides(item, CONDITION_ONLY, CONDITION_ONLY, context);
    if (append && (overrides.append.size > 0 || overrides.replace.size > 0)) fail(MESSAGES.errorOverrideAppend, context);
    append ||= overrides.append.has('condition');
    const info = { context, conditionContext, index: 0, visibility: 0, name, condition };
    if (append) this.collector.appendMacro(info);
    else this.collector.defineMacro(info);
    this.warnUnknownKeys(item, MACRO_KEYS, context);
  }

  private readExceptions(item: YMap, parent: LoadContext, append: boolean): ExceptionInfo[] {
    const exceptions: ExceptionInfo[] = [];
    const list = mapGet(item, 'exceptions');
    if (list === undefined || list.kind === 'null') return exceptions;
    const listContext = parent.child(list.mark, ITEM_TYPES.exceptions, '');
    if (list.kind !== 'seq') fail('Rule exceptions must be a sequence', listContext);
    for (const ex of list.items) {
      const tmp = listContext.child(ex.mark, ITEM_TYPES.exception, '');
      if (ex.kind !== 'map') fail('Rule exception must be a mapping', tmp);
      const name = required(ex, 'name', asText, tmp);
      const context = parent.child(ex.mark, ITEM_TYPES.exception, name);
      for (const other of exceptions) {
        if (other.name === name) {
          this.result.addWarning('LOAD_EXCEPTION_NAME_NOT_UNIQUE', `Multiple definitions of exception '${name}' in the same rule`, context);
        }
      }
      // Appended exceptions may omit fields (they add values to an existing exception).
      const fields = decodeExceptionKey(ex, 'fields', context, append);
      const comps = decodeExceptionKey(ex, 'comps', context, true);
      const values: ExceptionEntry[] = [];
      const vals = mapGet(ex, 'values');
      if (vals !== undefined) {
        const valsContext = context.child(vals.mark, ITEM_TYPES.exceptionValues, '');
        if (vals.kind !== 'seq') fail('Rule exception values must be a sequence', valsContext);
        for (const v of vals.items) {
          const valueContext = valsContext.child(v.mark, ITEM_TYPES.exceptionValue, '');
          values.push(decodeExceptionEntry(v, undefined, valueContext, 0));
        }
      } else if (append) {
        this.result.addWarning('LOAD_APPEND_NO_VALUES', 'Overriding/appending exception with no values', context);
      }
      exceptions.push({ context, name, fields, comps, values });
    }
    return exceptions;
  }

  private readRule(item: YMap, parent: LoadContext): void {
    const name = required(item, 'rule', asText, parent.child(item.mark, ITEM_TYPES.rule, ''));
    const context = parent.child(item.mark, ITEM_TYPES.rule, name);
    const source = decodeValue(item, 'source', asText, context, true, true) ?? '';
    const appendFlag = this.readAppendFlag(item, context);
    const overrides = decodeOverrides(item, APPENDABLE_RULE_KEYS, REPLACEABLE_RULE_KEYS, context);
    const hasOverrides = overrides.append.size > 0 || overrides.replace.size > 0;
    if (appendFlag && hasOverrides) fail(MESSAGES.errorOverrideAppend, context);

    if (hasOverrides) {
      this.readRuleOverrides(item, name, source, overrides, context);
    } else if (appendFlag) {
      const update: RuleUpdate = { context, conditionContext: context, name, source };
      const condition = mapGet(item, 'condition');
      if (condition !== undefined) {
        update.conditionContext = context.child(condition.mark, ITEM_TYPES.ruleCondition, '');
        update.condition = required(item, 'condition', asText, context);
      }
      if (mapGet(item, 'exceptions') !== undefined) update.exceptions = this.readExceptions(item, context, true);
      this.collector.appendRule(update, this.sources);
    } else if (['condition', 'output', 'desc', 'priority'].every((k) => mapGet(item, k) === undefined)) {
      // A rule entry with none of the main keys only switches an earlier rule on or off.
      const enabled = required(item, 'enabled', asBool, context);
      this.result.addWarning('LOAD_DEPRECATED_ITEM', MESSAGES.warningEnabled, context);
      this.collector.enableRule(name, enabled, context);
    } else {
      this.readFullRule(item, name, context);
    }
    this.warnUnknownKeys(item, RULE_KEYS, context);
  }

  private readFullRule(item: YMap, name: string, context: LoadContext): void {
    const condition = required(item, 'condition', asText, context);
    const conditionContext = context.child(mapGet(item, 'condition')!.mark, ITEM_TYPES.ruleCondition, '');
    const output = required(item, 'output', asText, context);
    const outputContext = context.child(mapGet(item, 'output')!.mark, ITEM_TYPES.ruleOutput, '');
    const desc = required(item, 'desc', asText, context);
    const priorityText = required(item, 'priority', asText, context);
    const priority = parsePriority(priorityText);
    if (priority === undefined) fail('Invalid priority', context.child(mapGet(item, 'priority')!.mark, ITEM_TYPES.rulePriority, ''));
    const info: RuleInfo = {
      context,
      conditionContext,
      outputContext,
      index: 0,
      visibility: 0,
      unknownSource: false,
      name,
      condition,
      source: decodeValue(item, 'source', asText, context, true) ?? 'syscall',
      desc,
      output: trimBlanks(output),
      tags: [],
      exceptions: [],
      priority,
      enabled: decodeValue(item, 'enabled', asBool, context, true) ?? true,
      capture: decodeValue(item, 'capture', asBool, context, true) ?? false,
      captureDuration: decodeValue(item, 'capture_duration', asUint32, context, true) ?? 0,
      warnEvttypes: decodeValue(item, 'warn_evttypes', asBool, context, true) ?? true,
      skipIfUnknownFilter: decodeValue(item, 'skip-if-unknown-filter', asBool, context, true) ?? false,
    };
    info.tags = decodeTags(item, context);
    info.exceptions = this.readExceptions(item, context, false);
    this.collector.defineRule(info, this.sources, this.result);
  }

  private readRuleOverrides(item: YMap, name: string, source: string, overrides: Overrides, context: LoadContext): void {
    // Keys that may be overridden and are present must each have an override entry.
    const expected = new Set<string>();
    for (const k of [...APPENDABLE_RULE_KEYS, ...REPLACEABLE_RULE_KEYS]) if (mapGet(item, k) !== undefined) expected.add(k);
    const take = (set: ReadonlySet<string>, kind: string, key: string): boolean => {
      if (!set.has(key)) return false;
      if (!expected.has(key)) fail(`An ${kind} override for '${key}' was specified but '${key}' is not defined`, context);
      expected.delete(key);
      return true;
    };

    if (overrides.append.size > 0) {
      const update: RuleUpdate = { context, conditionContext: context, name, source: '' };
      if (take(overrides.append, 'append', 'condition')) {
        update.source = source;
        update.condition = required(item, 'condition', asText, context);
      }
      if (take(overrides.append, 'append', 'exceptions')) update.exceptions = this.readExceptions(item, context, true);
      if (take(overrides.append, 'append', 'output')) update.output = required(item, 'output', asText, context);
      if (take(overrides.append, 'append', 'desc')) update.desc = required(item, 'desc', asText, context);
      if (take(overrides.append, 'append', 'tags')) update.tags = decodeTags(item, context);
      this.collector.appendRule(update, this.sources);
    }

    if (overrides.replace.size > 0) {
      const update: RuleUpdate = { context, conditionContext: context, name, source: '' };
      const r = overrides.replace;
      if (take(r, 'replace', 'condition')) {
        update.source = source;
        update.condition = required(item, 'condition', asText, context);
      }
      if (take(r, 'replace', 'exceptions')) update.exceptions = this.readExceptions(item, context, false);
      if (take(r, 'replace', 'output')) update.output = required(item, 'output', asText, context);
      if (take(r, 'replace', 'desc')) update.desc = required(item, 'desc', asText, context);
      if (take(r, 'replace', 'tags')) update.tags = decodeTags(item, context);
      if (take(r, 'replace', 'priority')) {
        const text = required(item, 'priority', asText, context);
        const priority = parsePriority(text);
        if (priority === undefined) fail('Invalid priority', context.child(mapGet(item, 'priority')!.mark, ITEM_TYPES.rulePriority, ''));
        update.priority = priority;
      }
      if (take(r, 'replace', 'capture')) update.capture = required(item, 'capture', asBool, context);
      if (take(r, 'replace', 'capture_duration')) update.captureDuration = required(item, 'capture_duration', asUint32, context);
      if (take(r, 'replace', 'enabled')) update.enabled = required(item, 'enabled', asBool, context);
      if (take(r, 'replace', 'warn_evttypes')) update.warnEvttypes = required(item, 'warn_evttypes', asBool, context);
      if (take(r, 'replace', 'skip-if-unknown-filter')) {
        update.skipIfUnknownFilter = required(item, 'skip-if-unknown-filter', asBool, context);
      }
      this.collector.replaceRule(update, this.sources);
    }

    // std::set order: the alphabetically first leftover key is reported.
    const leftover = [...expected].sort();
    if (leftover.length > 0) {
      const key = leftover[0]!;
      fail(
        `Unexpected key '${key}': no corresponding entry under 'override' is defined.`,
        context.child(mapGet(item, key)!.mark, ITEM_TYPES.override, key),
      );
    }
  }
}
