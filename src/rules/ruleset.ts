/**
 * The runtime ruleset of one event source: compiled rules indexed by event
 * type, with Falco 0.44.1's rule selection and matching.
 *
 * Selection follows Falco's engine. A rule whose priority is less severe
 * than the configured minimum is not part of the ruleset at all (no later
 * selection can enable it). The others start enabled or disabled as their
 * `enabled:` says, in load order; afterwards `rules:` entries of falco.yaml
 * apply in order (enable/disable by name with `*` wildcards, or by tag).
 *
 * Evaluation order is Falco's too: each event type keeps its rules in the
 * order they were enabled (load order at first; a rule disabled and enabled
 * again moves to the end, enabling an enabled rule changes nothing), and
 * `first` matching stops at the first rule whose condition holds.
 */

import { eventTypeSetHas, type EventTypeSet } from './compile/evttypes.js';
import type { RuleMatcher } from './compile/rule-matcher.js';

export type { RuleMatcher } from './compile/rule-matcher.js';

export interface RulesetRule<E> {
  readonly name: string;
  readonly source: string;
  readonly tags: readonly string[];
  /** Falco's order: 0 emergency, 1 alert, 2 critical, 3 error, 4 warning, 5 notice, 6 informational, 7 debug. */
  readonly priority: number;
  readonly eventTypes: EventTypeSet;
  readonly condition: (event: E) => boolean;
  /** The rule's `enabled:` as loaded: its state when added. The live state is Ruleset.isEnabled. */
  readonly enabled: boolean;
}

/**
 * How a name pattern selects rules (Falco's match types): `exact` equality,
 * `substring` containment, `wildcard` with `*` (what falco.yaml `rules:`
 * uses). An empty pattern selects every rule with `exact` and `substring`,
 * and only an empty name with `wildcard`.
 */
export type RuleNameMatch = 'exact' | 'substring' | 'wildcard';

/** One entry of falco.yaml's `rules:` list (`- enable: {rule: ...}`, `- disable: {tag: ...}`). */
export interface RuleSelection {
  readonly op: 'enable' | 'disable';
  /** Rule name pattern, `*` wildcards allowed. Empty or absent: no name selection. */
  readonly rule?: string;
  /** A single tag. Empty or absent: no tag selection. */
  readonly tag?: string;
}

/** Falco's `rule_matching`: report the first matching rule or all of them. */
export type RuleMatching = 'first' | 'all';

export interface RulesetOptions<E = unknown> {
  /** Only rules of this source are taken in (Falco keeps one ruleset per source). */
  readonly source?: string;
  /** Falco's `priority` setting as a number: rules less severe than this are left out. Default 7 (debug: all). */
  readonly minPriority?: number;
  /**
   * Event types on which every enabled rule is tested whatever its event
   * types (Falco does this for its asynchronous meta events).
   */
  readonly everyRuleEventTypes?: Iterable<string>;
  /**
   * Optional: compiles the conditions of `rules` (in that order) for events
   * whose `evt.type` is `eventType` into one matcher, which must find what
   * testing each rule's `condition` in order finds. Undefined: the rules'
   * own conditions are used. Called once per event type, on first use.
   */
  readonly compileMatcher?: (rules: readonly RulesetRule<E>[], eventType: string) => RuleMatcher<E> | undefined;
}

interface Entry<E> {
  readonly rule: RulesetRule<E>;
  /** Position in the evaluation order while enabled (higher = enabled later); -1 when disabled. */
  seq: number;
}

const NONE: readonly never[] = Object.freeze([]);

/** The rules tested on events of one type and what tests them (made on first use). */
interface TypeList<E> {
  readonly rules: readonly RulesetRule<E>[];
  matcher: RuleMatcher<E> | undefined;
}

/** A matcher calling each rule's own condition. */
function conditionsMatcher<E>(rules: readonly RulesetRule<E>[]): RuleMatcher<E> {
  const conditions = rules.map((r) => r.condition);
  return (event, from) => {
    for (let i = from; i < conditions.length; i++) if (conditions[i]!(event)) return i;
    return -1;
  };
}

export class Ruleset<E> {
  private readonly source: string | undefined;
  private readonly minPriority: number;
  private readonly everyRuleTypes: ReadonlySet<string>;
  private readonly compileMatcher: RulesetOptions<E>['compileMatcher'];

  /** In load order. */
  private readonly entries: Entry<E>[] = [];
  private readonly byName = new Map<string, Entry<E>>();
  private nextSeq = 0;

  // The index, rebuilt on the first evaluation after a change.
  private dirty = true;
  private byType = new Map<string, TypeList<E>>();
  /** Rules for event types no rule names: those matching every type (with their general conditions). */
  private anyType: TypeList<E> = { rules: NONE, matcher: () => -1 };
  private ordered: readonly RulesetRule<E>[] = NONE;

  /** Reused by match(): valid until the next call. */
  private readonly results: RulesetRule<E>[] = [];

  constructor(options: RulesetOptions<E> = {}) {
    this.source = options.source;
    this.minPriority = options.minPriority ?? 7;
    this.everyRuleTypes = new Set(options.everyRuleEventTypes ?? []);
    this.compileMatcher = options.compileMatcher;
  }

  /**
   * Takes a rule in, enabled if its `enabled` says so. Returns false (and
   * ignores the rule) if it belongs to another source or is below the
   * minimum priority.
   * @throws Error if a rule of the same name was added already
   */
  add(rule: RulesetRule<E>): boolean {
    if (this.source !== undefined && rule.source !== this.source) return false;
    if (rule.priority > this.minPriority) return false;
    if (this.byName.has(rule.name)) throw new Error(`rule '${rule.name}' is already in the ruleset`);
    const entry: Entry<E> = { rule, seq: -1 };
    this.entries.push(entry);
    this.byName.set(rule.name, entry);
    if (rule.enabled) this.setEnabled(entry, true);
    return true;
  }

  /** Number of rules taken in (enabled or not). */
  get size(): number {
    return this.entries.length;
  }

  get enabledCount(): number {
    let n = 0;
    for (const e of this.entries) if (e.seq >= 0) n++;
    return n;
  }

  get(name: string): RulesetRule<E> | undefined {
    return this.byName.get(name)?.rule;
  }

  /** All rules taken in, in load order. */
  rules(): RulesetRule<E>[] {
    return this.entries.map((e) => e.rule);
  }

  isEnabled(name: string): boolean {
    const e = this.byName.get(name);
    return e !== undefined && e.seq >= 0;
  }

  /** Enables the rules whose name matches; returns how many matched. */
  enable(pattern: string, match: RuleNameMatch = 'exact'): number {
    return this.selectByName(pattern, match, true);
  }

  /** Disables the rules whose name matches; returns how many matched. */
  disable(pattern: string, match: RuleNameMatch = 'exact'): number {
    return this.selectByName(pattern, match, false);
  }

  /** Enables the rules having any of `tags`; returns how many matched. */
  enableTags(tags: Iterable<string>): number {
    return this.selectByTags(tags, true);
  }

  /** Disables the rules having any of `tags`; returns how many matched. */
  disableTags(tags: Iterable<string>): number {
    return this.selectByTags(tags, false);
  }

  /** Applies falco.yaml `rules:` entries in order; within one entry the name goes before the tag. */
  applySelection(selections: readonly RuleSelection[]): void {
    for (const s of selections) {
      const on = s.op === 'enable';
      if (s.rule !== undefined && s.rule !== '') this.selectByName(s.rule, 'wildcard', on);
      if (s.tag !== undefined && s.tag !== '') this.selectByTags([s.tag], on);
    }
  }

  /** Enabled rules in evaluation order. */
  enabledRules(): readonly RulesetRule<E>[] {
    this.refresh();
    return this.ordered;
  }

  /** Union of the event types of the enabled rules (what the source needs to deliver). */
  enabledEventTypes(): EventTypeSet {
    let all = false;
    const names = new Set<string>();
    for (const e of this.entries) {
      if (e.seq < 0) continue;
      if (e.rule.eventTypes.all) {
        all = true;
        for (const n of e.rule.eventTypes.names) names.add(n);
      } else {
        for (const n of e.rule.eventTypes.names) names.add(n);
      }
    }
    return { all, names };
  }

  /**
   * The enabled rules an event of this type is tested against, in
   * evaluation order. `eventType` is the event's `evt.type`.
   */
  candidates(eventType: string): readonly RulesetRule<E>[] {
    return this.listOf(eventType).rules;
  }

  /**
   * Rules whose condition holds for the event: all of them in order, or
   * (all = false, Falco's `rule_matching: first`) at most the first. The
   * returned array is reused by the next call: copy it to keep it.
   * `eventType` is the event's `evt.type`.
   */
  match(eventType: string, event: E, all: boolean): RulesetRule<E>[] {
    const out = this.results;
    out.length = 0;
    const list = this.listOf(eventType);
    const matcher = list.matcher ?? this.matcherOf(list, eventType);
    for (let i = matcher(event, 0); i >= 0; i = matcher(event, i + 1)) {
      out.push(list.rules[i]!);
      if (!all) break;
    }
    return out;
  }

  /** The first rule whose condition holds, without touching any array. `eventType` is the event's `evt.type`. */
  matchFirst(eventType: string, event: E): RulesetRule<E> | undefined {
    const list = this.listOf(eventType);
    const matcher = list.matcher ?? this.matcherOf(list, eventType);
    const i = matcher(event, 0);
    return i < 0 ? undefined : list.rules[i];
  }

  // ---- internals ------------------------------------------------------------

  private selectByName(pattern: string, match: RuleNameMatch, on: boolean): number {
    let n = 0;
    for (const e of this.entries) {
      if (!ruleNameMatches(pattern, e.rule.name, match)) continue;
      n++;
      this.setEnabled(e, on);
    }
    return n;
  }

  private selectByTags(tags: Iterable<string>, on: boolean): number {
    const wanted = new Set(tags);
    let n = 0;
    for (const e of this.entries) {
      if (!e.rule.tags.some((t) => wanted.has(t))) continue;
      n++;
      this.setEnabled(e, on);
    }
    return n;
  }

  private setEnabled(e: Entry<E>, on: boolean): void {
    if (on === e.seq >= 0) return;
    e.seq = on ? this.nextSeq++ : -1;
    this.dirty = true;
  }

  private listOf(eventType: string): TypeList<E> {
    if (this.dirty) this.refresh();
    return this.byType.get(eventType) ?? this.anyType;
  }

  private matcherOf(list: TypeList<E>, eventType: string): RuleMatcher<E> {
    const matcher = this.compileMatcher?.(list.rules, eventType) ?? conditionsMatcher(list.rules);
    list.matcher = matcher;
    return matcher;
  }

  private refresh(): void {
    if (!this.dirty) return;
    const enabled = this.entries.filter((e) => e.seq >= 0).sort((a, b) => a.seq - b.seq);
    const ordered = enabled.map((e) => e.rule);

    // Every type some enabled rule names (a rule matching all types names the whole universe).
    const keys = new Set<string>(this.everyRuleTypes);
    for (const r of ordered) for (const n of r.eventTypes.names) keys.add(n);

    const byType = new Map<string, RulesetRule<E>[]>();
    for (const k of keys) byType.set(k, []);
    const anyType: RulesetRule<E>[] = [];
    // Rules are visited in evaluation order, so every list comes out in that order.
    for (const r of ordered) {
      for (const [k, list] of byType) {
        if (this.everyRuleTypes.has(k) || eventTypeSetHas(r.eventTypes, k)) list.push(r);
      }
      if (r.eventTypes.all) anyType.push(r);
    }
    this.byType = new Map([...byType].map(([k, rules]) => [k, { rules, matcher: undefined }]));
    // Events of types no rule names: only rules on every type, with their own conditions.
    this.anyType = { rules: anyType, matcher: conditionsMatcher(anyType) };
    this.ordered = ordered;
    this.dirty = false;
  }
}

export function ruleNameMatches(pattern: string, name: string, match: RuleNameMatch): boolean {
  switch (match) {
    case 'exact':
      return pattern === '' || pattern === name;
    case 'substring':
      return pattern === '' || name.includes(pattern);
    case 'wildcard':
      return matchesWildcard(pattern, name);
  }
}

/**
 * Falco's rule-name wildcard match: `*` stands for any run of characters;
 * there is no `?` and no escaping. Like Falco's, the match is greedy without
 * backtracking: after a `*`, the next literal piece is matched at its first
 * occurrence only (so `*ab` does not match `xabyab`).
 */
export function matchesWildcard(pattern: string, s: string): boolean {
  let p = pattern;
  let t = s;
  for (;;) {
    const star = p.indexOf('*');
    if (star < 0) return p === t;
    if (star > 0) {
      if (p.slice(0, star) !== t.slice(0, star)) return false;
      p = p.slice(star);
      t = t.slice(star);
      continue;
    }
    // The pattern starts with stars: skip them, then find the next piece.
    let rest = 0;
    while (rest < p.length && p.charAt(rest) === '*') rest++;
    if (rest === p.length) return true;
    p = p.slice(rest);
    const nextStar = p.indexOf('*');
    const piece = nextStar < 0 ? p : p.slice(0, nextStar);
    const at = t.indexOf(piece);
    if (at < 0) return false;
    p = p.slice(piece.length);
    t = t.slice(at + piece.length);
  }
}
