/**
 * The event types a condition can match, computed as Falco does (libsinsp's
 * event-code search over the bound AST), for indexing rules by event type
 * and for Falco's LOAD_NO_EVTTYPE warning.
 *
 * `and` intersects, `or` unites; negations are pushed down to the leaves
 * (De Morgan), where an `evt.type`/`syscall.type` check with `=`, `==`,
 * `!=` or `in` against literal names gives those names (complemented under
 * an odd number of negations, and once more for `!=`), `evt.type exists`
 * gives every type (none when negated), and any other check is neutral:
 * every type, negated or not. Only those four operators count: `intersects`,
 * `pmatch` or a modifier (`= oneof`) make the check neutral.
 *
 * Sets are kept exactly over a caller-given universe (the index keys: event
 * names of the source's event table), so complements and intersections are
 * exact. Falco 0.44 evaluates rules on exit events only (enter parameters are
 * merged into them), so a name stands for the event whatever its direction.
 */

import type { Expr, FieldOperand, Operand, TransformerExpr } from '../condition/ast.js';

/** Every event type a condition may match. */
export interface EventTypeSet {
  /** True when the set is the whole universe (the condition does not restrict event types). */
  readonly all: boolean;
  /** The names; when `all`, every name of the universe. */
  readonly names: ReadonlySet<string>;
}

/**
 * The event names of a source and how `evt.type` values map onto them.
 * A plain `ReadonlySet<string>` of names is accepted wherever this is.
 */
export interface EventTypeUniverse {
  /** Every index key: the distinct event names of the event table. */
  readonly names: ReadonlySet<string>;
  /**
   * Names an `evt.type` comparison may use that index under other keys, or
   * under none: e.g. a system call without an event of its own is carried by
   * the generic event (`getpid` → [`syscall`]), and Falco's lookup ignores the
   * generic event's own name (`syscall` → []). A name in neither `aliases`
   * nor `names` matches no event, as in Falco.
   */
  readonly aliases?: ReadonlyMap<string, readonly string[]>;
  /**
   * How many event codes carry each name (enter, exit and old versions), for
   * the LOAD_NO_EVTTYPE threshold, which Falco counts in codes. Default 1.
   */
  readonly codeCounts?: ReadonlyMap<string, number>;
}

export type EventTypeUniverseLike = EventTypeUniverse | ReadonlySet<string>;

/** Thrown where Falco's event-code search gives up (its message; Falco fails the rule load). */
export class EventTypeSearchError extends Error {
  override readonly name = 'EventTypeSearchError';
}

export const RIGHT_FIELD_ERROR =
  'right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search';
export const TRANSFORMER_ERROR = 'event code search does not support `evt.type` checks with transformers';

/** Falco's LOAD_NO_EVTTYPE warning text. */
export const NO_EVTTYPE_WARNING = 'Rule matches too many evt.type values. This has a significant performance penalty.';

/** Above this many event codes Falco warns (LOAD_NO_EVTTYPE). */
export const MAX_EVTTYPE_CODES = 100;

export function toUniverse(u: EventTypeUniverseLike): EventTypeUniverse {
  return isUniverse(u) ? u : { names: u };
}

function isUniverse(u: EventTypeUniverseLike): u is EventTypeUniverse {
  return (u as Partial<EventTypeUniverse>).names !== undefined;
}

/** The set of every event type. */
export function allEventTypes(universe: EventTypeUniverseLike): EventTypeSet {
  return { all: true, names: toUniverse(universe).names };
}

/** The set of the given index keys (names outside the universe are dropped). */
export function eventTypeSetOf(names: Iterable<string>, universe: EventTypeUniverseLike): EventTypeSet {
  const u = toUniverse(universe);
  const set = new Set<string>();
  for (const n of names) if (u.names.has(n)) set.add(n);
  return finish(set, u);
}

export function eventTypeSetHas(set: EventTypeSet, name: string): boolean {
  return set.all || set.names.has(name);
}

/**
 * @throws EventTypeSearchError where Falco's search fails: `evt.type`
 *   compared to a field (`evt.type = val(...)`) or wrapped in a transformer.
 */
export function eventTypesOf(expr: Expr, universe: EventTypeUniverseLike): EventTypeSet {
  const u = toUniverse(universe);
  const result = new Search(u).expr(expr, false);
  return finish(result === ALL ? u.names : result, u);
}

/**
 * Falco's condition for LOAD_NO_EVTTYPE (checked for syscall rules, unless
 * the rule says `warn_evttypes: false`): the condition matches no event
 * type at all, or more than MAX_EVTTYPE_CODES event codes.
 */
export function matchesAllEventTypes(set: EventTypeSet, universe: EventTypeUniverseLike): boolean {
  if (set.all) return true;
  if (set.names.size === 0) return true;
  const counts = toUniverse(universe).codeCounts;
  let codes = 0;
  for (const n of set.names) codes += counts?.get(n) ?? 1;
  return codes > MAX_EVTTYPE_CODES;
}

// ---- the search ----------------------------------------------------------------

/** The whole universe, kept symbolic so that neutral checks cost nothing. */
const ALL = Symbol('all');
type Names = typeof ALL | ReadonlySet<string>;

const EVTTYPE_OPERATORS: ReadonlySet<string> = new Set(['=', '==', '!=', 'in']);

function isEventTypeField(f: FieldOperand | Operand): boolean {
  return f.kind === 'field' && (f.name === 'evt.type' || f.name === 'syscall.type') && f.arg === undefined;
}

class Search {
  constructor(private readonly u: EventTypeUniverse) {}

  /** `negated`: under an odd number of `not`s. */
  expr(e: Expr, negated: boolean): Names {
    switch (e.kind) {
      case 'and':
        return negated ? this.unite(e.children, negated) : this.intersect(e.children, negated);
      case 'or':
        return negated ? this.intersect(e.children, negated) : this.unite(e.children, negated);
      case 'not':
        return this.expr(e.child, !negated);
      case 'identifier':
        // An unexpanded macro (only if binding failed): neutral.
        return ALL;
      case 'unary':
        this.checkLeft(e.left);
        if (isEventTypeField(e.left)) return negated ? new Set() : ALL;
        return ALL;
      case 'binary': {
        const op = e.modifier === undefined ? e.op : undefined;
        if (op === undefined || !EVTTYPE_OPERATORS.has(op)) return ALL;
        this.checkLeft(e.left);
        if (!isEventTypeField(e.left)) return ALL;
        let names: Names = this.lookup(e.right);
        if (negated) names = this.complement(names);
        if (op === '!=') names = this.complement(names);
        return names;
      }
    }
  }

  private intersect(children: readonly Expr[], negated: boolean): Names {
    let acc: Names = ALL;
    for (const c of children) {
      const s = this.expr(c, negated);
      if (s === ALL) continue;
      if (acc === ALL) {
        acc = s;
        continue;
      }
      const out = new Set<string>();
      for (const n of acc) if (s.has(n)) out.add(n);
      acc = out;
    }
    return acc;
  }

  private unite(children: readonly Expr[], negated: boolean): Names {
    let acc: Set<string> | undefined;
    let all = false;
    for (const c of children) {
      // Every child is visited even once the union is complete: Falco's search
      // fails on an unsupported check wherever it is.
      const s = this.expr(c, negated);
      if (s === ALL) all = true;
      if (all || s === ALL) continue;
      acc ??= new Set();
      for (const n of s) acc.add(n);
    }
    return all ? ALL : (acc ?? new Set());
  }

  private complement(s: Names): Names {
    if (s === ALL) return new Set();
    if (s.size === 0) return ALL;
    const out = new Set<string>();
    for (const n of this.u.names) if (!s.has(n)) out.add(n);
    return out;
  }

  /** The index keys named on the right of an `evt.type` check. */
  private lookup(right: Operand): Names {
    const out = new Set<string>();
    switch (right.kind) {
      case 'value':
        this.resolve(right.value, out);
        break;
      case 'list':
        for (const v of right.values) this.resolve(v.value, out);
        break;
      case 'listref':
        // An unexpanded bare word reads as a single value.
        this.resolve(right.name, out);
        break;
      case 'field':
      case 'transformer':
        if (right.kind === 'transformer') this.checkTransformer(right);
        throw new EventTypeSearchError(RIGHT_FIELD_ERROR);
    }
    return out.size === this.u.names.size ? ALL : out;
  }

  private resolve(name: string, out: Set<string>): void {
    const alias = this.u.aliases?.get(name);
    if (alias !== undefined) {
      for (const k of alias) if (this.u.names.has(k)) out.add(k);
    } else if (this.u.names.has(name)) {
      out.add(name);
    }
  }

  private checkLeft(left: FieldOperand): void {
    if (left.kind === 'transformer') this.checkTransformer(left);
  }

  /**
   * Falco refuses `evt.type` inside a transformer that it visits: as a direct
   * argument, as the last item of a transformer list, or in a nested one.
   */
  private checkTransformer(t: TransformerExpr): void {
    for (const a of t.args) {
      let typeField = false;
      switch (a.kind) {
        case 'field':
          typeField = isEventTypeField(a);
          break;
        case 'transformer':
          this.checkTransformer(a);
          break;
        case 'transformer_list':
          for (const c of a.children) if (c.kind === 'transformer') this.checkTransformer(c);
          typeField = a.children.length > 0 && isEventTypeField(a.children[a.children.length - 1]!);
          break;
        case 'value':
          break;
      }
      if (typeField) throw new EventTypeSearchError(TRANSFORMER_ERROR);
    }
  }
}

function finish(names: ReadonlySet<string>, u: EventTypeUniverse): EventTypeSet {
  return names.size === u.names.size ? { all: true, names: u.names } : { all: false, names };
}
