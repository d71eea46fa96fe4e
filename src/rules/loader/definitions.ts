/**
 * What the reader collects from rules files before anything is compiled:
 * lists, macros and rules as written (after appends and overrides), and the
 * version requirements. `index` is the order of first definition and
 * `visibility` the order of the latest definition or change: a list or macro
 * may only use items whose index is below its visibility.
 */
import type { LoadContext } from './context.js';
import type { Version } from './version.js';

export interface EngineRequirement {
  context: LoadContext;
  version: Version;
}

export interface PluginRequirement {
  name: string;
  version: string;
}

/** A `required_plugin_versions` entry: the plugin, then its accepted alternatives. */
export interface PluginRequirementAlternatives {
  context: LoadContext;
  alternatives: PluginRequirement[];
}

export interface ListInfo {
  context: LoadContext;
  index: number;
  visibility: number;
  name: string;
  items: string[];
}

export interface MacroInfo {
  context: LoadContext;
  conditionContext: LoadContext;
  index: number;
  visibility: number;
  name: string;
  condition: string;
}

/**
 * One of `fields`, `comps` or a value of an exception: a string, or a list
 * of those (Falco allows a single string where a list is expected, and lists
 * nested one level inside values).
 */
export type ExceptionEntry =
  | { isList: false; item: string }
  | { isList: true; items: ExceptionEntry[] };

export const EMPTY_ENTRY: ExceptionEntry = { isList: false, item: '' };

/** An entry is usable when it is a non-empty string or a non-empty list. */
export function isValidEntry(entry: ExceptionEntry): boolean {
  return entry.isList ? entry.items.length > 0 : entry.item !== '';
}

export interface ExceptionInfo {
  context: LoadContext;
  name: string;
  fields: ExceptionEntry;
  comps: ExceptionEntry;
  values: ExceptionEntry[];
}

export interface RuleInfo {
  context: LoadContext;
  conditionContext: LoadContext;
  outputContext: LoadContext;
  index: number;
  visibility: number;
  /** The rule's source has no engine support: kept for appends, never compiled. */
  unknownSource: boolean;
  name: string;
  condition: string;
  source: string;
  desc: string;
  output: string;
  /** Kept sorted and unique, like Falco's std::set. */
  tags: string[];
  exceptions: ExceptionInfo[];
  priority: number;
  capture: boolean;
  captureDuration: number;
  enabled: boolean;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
}

/** The keys of a rule an `append`/`override` entry changes; absent keys are left alone. */
export interface RuleUpdate {
  context: LoadContext;
  conditionContext: LoadContext;
  name: string;
  /** '' when not given (then no source check is made). */
  source: string;
  condition?: string;
  output?: string;
  desc?: string;
  tags?: string[];
  exceptions?: ExceptionInfo[];
  priority?: number;
  capture?: boolean;
  captureDuration?: number;
  enabled?: boolean;
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
}

export function updateHasAnyValue(u: RuleUpdate): boolean {
  return (
    u.condition !== undefined ||
    u.output !== undefined ||
    u.desc !== undefined ||
    u.tags !== undefined ||
    u.exceptions !== undefined ||
    u.priority !== undefined ||
    u.enabled !== undefined ||
    u.capture !== undefined ||
    u.captureDuration !== undefined ||
    u.warnEvttypes !== undefined ||
    u.skipIfUnknownFilter !== undefined
  );
}

/** Inserts into a sorted, duplicate-free tag list. */
export function addTag(tags: string[], tag: string): void {
  let lo = 0;
  let hi = tags.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tags[mid]! < tag) lo = mid + 1;
    else hi = mid;
  }
  if (tags[lo] !== tag) tags.splice(lo, 0, tag);
}
