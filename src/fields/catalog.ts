/**
 * Field lookup as Falco 0.44.1 does it when it compiles a condition.
 *
 * libsinsp rebuilds `name[arg]` from the parsed field, then asks each field
 * class in turn whether it knows that text; the first class that recognises a
 * prefix decides: either its parse covers the whole text (the field resolves),
 * or the text is "nonexistent". Some fields parse their own argument and can
 * fail with their own message (`evt.arg[x]` -> "x is not a valid number").
 * This module reproduces those outcomes and messages so that rule errors read
 * exactly like Falco's.
 */
import type { FieldArgGrammar, FieldClass, FieldInfo, ResolvedField } from './types.js';
import { syscallFieldClasses } from './syscall-fields.js';
import { eventNames, paramNames } from '../events/event-table.js';

/** A lookup failure, with the message Falco reports for it. */
export interface ResolveError {
  error: string;
}

export type ResolveResult = ResolvedField | ResolveError;

export function isResolveError(result: ResolveResult): result is ResolveError {
  return 'error' in result;
}

/**
 * What the event table knows, needed to check `evt.arg.NAME`, `evt.rawarg.NAME`
 * and `evt.type.is.NAME` the way libsinsp does (it looks names up in its event table).
 */
export interface EventVocabulary {
  /** Every event type name (`open`, `execve`, `procexit`, ...). */
  eventTypeNames: Iterable<string>;
  /** Every parameter name of every event (`fd`, `name`, `res`, ...). */
  paramNames: Iterable<string>;
}

export interface FieldCatalogOptions {
  /**
   * Without it, any event type name and any identifier as parameter name are
   * accepted (falconet cannot tell them apart from typos then).
   */
  events?: EventVocabulary;
}

/** The message libsinsp gives for a name no field class accepts in full. */
export function unknownFieldMessage(fullName: string): string {
  return `filter_check called with nonexistent field ${fullName}`;
}

/** How one class reads a name: not at all (libsinsp's -1), a parsed length, or an error it throws. */
type ClassMatch =
  | { kind: 'none' }
  | { kind: 'error'; error: string }
  | { kind: 'match'; info: FieldInfo; length: number; arg?: string; argNumber?: number | bigint };

const NONE: ClassMatch = { kind: 'none' };

function fail(error: string): ClassMatch {
  return { kind: 'error', error };
}

function matched(info: FieldInfo, length: number, arg?: string, argNumber?: number | bigint): ClassMatch {
  const m: ClassMatch = { kind: 'match', info, length };
  if (arg !== undefined) m.arg = arg;
  if (argNumber !== undefined) m.argNumber = argNumber;
  return m;
}

// sscanf("%d%c") / ("%u%c") accept leading blanks and a sign, then digits only.
const SCANF_INTEGER = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/;

function toNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** A signed integer as libsinsp's number parsers read it, or undefined where they throw. */
function parseSigned(text: string): number | bigint | undefined {
  return SCANF_INTEGER.test(text) ? toNumber(BigInt(text.trim())) : undefined;
}

/** An unsigned 64-bit integer as `%u` reads it (a minus sign wraps around, as in C). */
function parseUnsigned64(text: string): number | bigint | undefined {
  if (!SCANF_INTEGER.test(text)) return undefined;
  return toNumber(BigInt.asUintN(64, BigInt(text.trim())));
}

function notANumber(text: string): string {
  return `${text} is not a valid number`;
}

/** Whitespace as C's isspace sees it (libsinsp trims plugin field names with it). */
function trimCSpace(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
}

/** One field class prepared for prefix lookups. */
class IndexedClass {
  readonly byName = new Map<string, FieldInfo>();
  private readonly lengths: number[];

  constructor(readonly cls: FieldClass) {
    for (const info of cls.fields) {
      // libsinsp keeps the first of two equal names (its loop wants a strictly longer match).
      if (!this.byName.has(info.name)) this.byName.set(info.name, info);
    }
    this.lengths = [...new Set(cls.fields.map((f) => f.name.length))].sort((a, b) => b - a);
  }

  /** The longest field name that starts `text`, as libsinsp's base parser finds it. */
  longestPrefix(text: string): FieldInfo | undefined {
    for (const len of this.lengths) {
      if (len > text.length) continue;
      const info = this.byName.get(text.slice(0, len));
      if (info !== undefined) return info;
    }
    return undefined;
  }
}

/**
 * The fields of one event source with Falco's name resolution. Built once;
 * lookups are cached, so compiling many rules stays cheap.
 */
export class FieldCatalog {
  readonly classes: readonly FieldClass[];
  private readonly indexed: IndexedClass[];
  private readonly byName = new Map<string, FieldInfo>();
  private readonly cache = new Map<string, ResolveResult>();
  private eventTypes: ReadonlySet<string> | undefined;
  private paramNames: readonly string[] | undefined;
  /** Increases when the event vocabulary changes (resolution results may change with it). */
  generation = 0;

  constructor(classes: readonly FieldClass[], options: FieldCatalogOptions = {}) {
    this.classes = classes;
    this.indexed = classes.map((c) => new IndexedClass(c));
    for (const cls of classes) {
      for (const info of cls.fields) {
        if (!this.byName.has(info.name)) this.byName.set(info.name, info);
      }
    }
    if (options.events !== undefined) this.setEventVocabulary(options.events);
  }

  /** Supplies (or replaces) the event table names used to check event parameter and type arguments. */
  setEventVocabulary(events: EventVocabulary): void {
    this.eventTypes = new Set(events.eventTypeNames);
    // Longest first, so the first prefix found is the longest one.
    this.paramNames = [...new Set(events.paramNames)].sort((a, b) => b.length - a.length);
    this.cache.clear();
    this.generation++;
  }

  /**
   * libs' check of a literal compared with a field: an `evt.type` value must
   * name an event, a system call or an async event (once the vocabulary is known).
   */
  validateValue(field: ResolvedField, text: string): string | undefined {
    if (field.info.name !== 'evt.type' || this.eventTypes === undefined) return undefined;
    return this.eventTypes.has(text) ? undefined : `unknown event type ${text}`;
  }

  /** The field with exactly this name (no argument), hidden and deprecated ones included. */
  get(name: string): FieldInfo | undefined {
    return this.byName.get(name);
  }

  /** Every field name, in class order. */
  fieldNames(): string[] {
    return [...this.byName.keys()];
  }

  /**
   * Resolves a field as written in a condition: `nameAsWritten` is the dotted
   * name (`evt.arg.fd`, `evt.type.is.open`, `proc.aname`) and `bracketArg` the
   * text between brackets, if any (`2` for `proc.aname[2]`).
   */
  resolve(nameAsWritten: string, bracketArg?: string): ResolveResult {
    const full = bracketArg === undefined ? nameAsWritten : `${nameAsWritten}[${bracketArg}]`;
    let result = this.cache.get(full);
    if (result === undefined) {
      result = this.resolveUncached(full);
      this.cache.set(full, result);
    }
    return result;
  }

  private resolveUncached(full: string): ResolveResult {
    for (const indexed of this.indexed) {
      const m = this.matchClass(indexed, full);
      if (m.kind === 'none') continue;
      if (m.kind === 'error') return { error: m.error };
      // The first class that recognises a prefix decides, even when it does not cover the whole text.
      if (m.length !== full.length) break;
      const resolved: ResolvedField = { info: m.info };
      if (m.arg !== undefined) resolved.arg = m.arg;
      if (m.argNumber !== undefined) resolved.argNumber = m.argNumber;
      return resolved;
    }
    return { error: unknownFieldMessage(full) };
  }

  private matchClass(indexed: IndexedClass, text: string): ClassMatch {
    if (indexed.cls.plugin !== undefined) return matchPluginField(indexed, text);
    // libsinsp's process class reserves every name starting with `arg` for a never-finished field.
    if (indexed.cls.name === 'process' && text.startsWith('arg')) {
      return fail('filter error: proc.arg filter not implemented yet');
    }
    const info = indexed.longestPrefix(text);
    if (info === undefined) return NONE;
    if (info.argGrammar === undefined) return matched(info, info.name.length);
    return this.matchArgument(info, info.argGrammar, text);
  }

  private matchArgument(info: FieldInfo, grammar: FieldArgGrammar, text: string): ClassMatch {
    const n = info.name.length;
    const next = text.charAt(n);
    switch (grammar) {
      case 'event-param':
        if (next === '[') {
          const { inner, length } = bracketed(text, n);
          const value = parseSigned(inner);
          return value === undefined ? fail(notANumber(inner)) : matched(info, length, inner, value);
        }
        if (next === '.') return this.matchParamName(info, text);
        return fail(`filter syntax error: ${text}`);
      case 'event-rawparam':
        if (next === '[') return fail('evt.arg fields must be expressed explicitly');
        if (next === '.') return this.matchParamName(info, text);
        return fail(`filter syntax error: ${text}`);
      case 'event-around':
        if (next === '[') {
          const { inner, length } = bracketed(text, n);
          const value = parseUnsigned64(inner);
          return value === undefined ? fail(notANumber(inner)) : matched(info, length, inner, value);
        }
        if (next === '.') return fail('wrong syntax for evt.around');
        return fail(`filter syntax error: ${text}`);
      case 'event-type': {
        if (next !== '.') return fail(`filter syntax error: ${text}`);
        const type = text.slice(n + 1);
        const code = parseUnsigned32(type);
        if (code !== undefined) return matched(info, text.length, type, code);
        if (this.eventTypes === undefined || this.eventTypes.has(type)) return matched(info, text.length, type);
        // An unknown type leaves nothing parsed: the whole name is then reported as nonexistent.
        return matched(info, 0);
      }
      case 'abspath-side':
        for (const side of ['src', 'dst']) {
          if (text.startsWith(`${info.name}.${side}`)) return matched(info, n + 1 + side.length, side);
        }
        return matched(info, n);
      case 'ancestor-index': {
        // A malformed index is not an error here: the field then simply ends before it.
        if (next !== '[') return matched(info, n);
        const close = text.indexOf(']');
        if (close < 0) return matched(info, n);
        const inner = text.slice(n + 1, close);
        const value = parseSigned(inner);
        return value === undefined ? matched(info, n) : matched(info, close + 1, inner, value);
      }
      case 'env-name': {
        if (next !== '[') return matched(info, n);
        const close = text.indexOf(']', n);
        if (close < 0) return matched(info, n);
        const inner = text.slice(n + 1, close);
        // All digits: an index (an ancestor level for proc.aenv) rather than a variable name.
        const value = /^[0-9]+$/.test(inner) ? parseSigned(inner) : undefined;
        return matched(info, close + 1, inner, value);
      }
      case 'cgroup-subsystem': {
        if (next !== '.') return fail(`filter syntax error: ${text}`);
        let end = n + 1;
        while (end < text.length && /[A-Za-z_]/.test(text.charAt(end))) end++;
        return matched(info, end, text.slice(n + 1, end));
      }
      case 'fd-number': {
        if (next !== '[') return matched(info, n);
        const { inner, length } = bracketed(text, n);
        const value = parseSigned(inner);
        if (value === undefined) return fail(notANumber(inner));
        return length === 0 ? matched(info, n) : matched(info, length, inner, value);
      }
      case 'plugin':
        // Only plugin classes use it, and they are matched as a whole above.
        return matched(info, n);
    }
  }

  /** `evt.arg.NAME` / `evt.rawarg.NAME`: the longest event parameter name that starts NAME. */
  private matchParamName(info: FieldInfo, text: string): ClassMatch {
    const rest = text.slice(info.name.length + 1);
    let param: string | undefined;
    if (this.paramNames === undefined) {
      param = /^[A-Za-z0-9_]+/.exec(rest)?.[0];
    } else {
      param = this.paramNames.find((p) => rest.startsWith(p));
    }
    if (param === undefined || param === '') return fail(`unknown event argument ${rest}`);
    return matched(info, info.name.length + 1 + param.length, param);
  }
}

function parseUnsigned32(text: string): number | undefined {
  if (!SCANF_INTEGER.test(text)) return undefined;
  return Number(BigInt.asUintN(32, BigInt(text.trim())));
}

/**
 * `NAME[inner]...`: the text up to the first `]` and the length parsed through
 * it. Without a `]`, libsinsp's position arithmetic wraps to a length of 0.
 */
function bracketed(text: string, nameLength: number): { inner: string; length: number } {
  const close = text.indexOf(']');
  if (close < 0) return { inner: text.slice(nameLength + 1), length: 0 };
  return { inner: text.slice(nameLength + 1, close), length: close + 1 };
}

/**
 * Plugin fields: the longest declared name, then an optional `[arg]` checked
 * against what the plugin declared (index, key, required), with libsinsp's messages.
 */
function matchPluginField(indexed: IndexedClass, text: string): ClassMatch {
  const info = indexed.longestPrefix(text);
  if (info === undefined) return NONE;
  const name = info.name;
  const flags = info.flags;
  const spaceAt = text.indexOf(' ');
  const val = trimCSpace(spaceAt < 0 ? text : text.slice(0, spaceAt));
  const argPos = val.indexOf('[');
  if (argPos < 0) {
    if (flags.argRequired === true) return fail(`filter '${val}': ${name} requires an argument but none provided`);
    return matched(info, name.length);
  }
  // A bracket after more than the field name: this class does not know the name.
  if (argPos !== name.length) return NONE;
  if (argPos + 1 >= val.length) return fail(`filter '${val}': ${name} terminates with incomplete argument brackets`);
  const rest = val.slice(argPos + 1);
  const argLen = rest.indexOf(']');
  if (argLen < 0) return fail(`filter '${val}': ${name} has unbalanced argument brackets`);
  const arg = rest.slice(0, argLen);
  if (flags.argAllowed !== true && flags.argRequired !== true) {
    return fail(`filter '${val}': ${name} does not allow nor require an argument but one is provided: ${arg}`);
  }
  let argNumber: number | bigint | undefined;
  if (flags.argIndex === true) {
    const index = pluginIndex(arg);
    if (typeof index === 'string') {
      // A field that also takes keys reads a non-index argument as a key.
      if (flags.argKey !== true) return fail(`filter ${val} ${name}${index}${arg}`);
    } else {
      argNumber = index;
    }
  }
  return matched(info, argPos + argLen + 2, arg, argNumber);
}

/** A plugin index argument, or the message libsinsp gives for a bad one. */
function pluginIndex(arg: string): number | bigint | string {
  let message: string | undefined;
  if (arg.length === 0 || (arg.length > 1 && arg.startsWith('0'))) {
    message = ' has an invalid index argument starting with 0: ';
  }
  if (!/^[0-9]*$/.test(arg)) message = ' has an invalid index argument not composed only by digits: ';
  if (message !== undefined) return message;
  const value = BigInt(arg);
  if (value > 0xffff_ffff_ffff_ffffn) return ' has an invalid index argument not representable on 64 bit: ';
  return toNumber(value);
}

/** Builds the `syscall` catalog (native classes plus the container plugin's fields). */
export function createSyscallFieldCatalog(options: FieldCatalogOptions = {}): FieldCatalog {
  return new FieldCatalog(syscallFieldClasses, options);
}

/**
 * The `syscall` catalog everyone shares, with the event table's names so that
 * event parameter and type arguments and `evt.type` values are checked like Falco does.
 */
export const syscallFieldCatalog: FieldCatalog = createSyscallFieldCatalog({
  events: { eventTypeNames: eventNames('syscall'), paramNames: paramNames() },
});

// Sources in registration order: Falco lists `syscall` first, then plugin sources as loaded.
const catalogsBySource = new Map<string, FieldCatalog>([['syscall', syscallFieldCatalog]]);

/** Adds (or replaces) the catalog of an event source, e.g. `k8s_audit` with `ka.*` and `json.*`. */
export function registerSourceCatalog(source: string, catalog: FieldCatalog): void {
  catalogsBySource.set(source, catalog);
}

/** The catalog of an event source, or undefined for a source falconet does not know. */
export function catalogForSource(source: string): FieldCatalog | undefined {
  return catalogsBySource.get(source);
}

/** Known sources with their classes, in the order `--list` walks them. */
export function sourceFieldClasses(): Array<{ source: string; classes: readonly FieldClass[] }> {
  return [...catalogsBySource].map(([source, catalog]) => ({ source, classes: catalog.classes }));
}
