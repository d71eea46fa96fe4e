/**
 * The configuration document as Falco's YAML layer sees it: every scalar is
 * text (its type is decided only when a key is read), `~`/`null`/empty values
 * are null nodes, maps keep their insertion order. Nodes remember where they
 * came from so errors can point at a file, line and column.
 */

/** Where a node was written: 1-based line and column. */
export interface Mark {
  file: string;
  line: number;
  column: number;
}

export interface ScalarNode { kind: 'scalar'; value: string; mark?: Mark }
export interface NullNode { kind: 'null'; mark?: Mark }
export interface SeqNode { kind: 'seq'; items: ConfigNode[]; mark?: Mark }
export interface MapNode { kind: 'map'; entries: Map<string, ConfigNode>; mark?: Mark }
/**
 * A slot created while walking a path for writing that has not been given a
 * value yet. Readers treat it as absent (like yaml-cpp's undefined nodes).
 */
export interface UndefinedNode { kind: 'undefined' }

export type ConfigNode = ScalarNode | NullNode | SeqNode | MapNode | UndefinedNode;

/** The plain-JS form of a document: scalars are strings, null nodes are null. */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

export function scalar(value: string, mark?: Mark): ScalarNode {
  return mark ? { kind: 'scalar', value, mark } : { kind: 'scalar', value };
}

export function nullNode(mark?: Mark): NullNode {
  return mark ? { kind: 'null', mark } : { kind: 'null' };
}

export function emptyMap(mark?: Mark): MapNode {
  return mark ? { kind: 'map', entries: new Map(), mark } : { kind: 'map', entries: new Map() };
}

/** A node that holds a value (yaml-cpp's IsDefined: null counts as defined). */
export function isDefined(node: ConfigNode | undefined): node is ScalarNode | NullNode | SeqNode | MapNode {
  return node !== undefined && node.kind !== 'undefined';
}

/** The visible items of a sequence: a sequence ends at its first unassigned slot. */
export function seqItems(node: SeqNode): ConfigNode[] {
  const end = node.items.findIndex((n) => n.kind === 'undefined');
  return end < 0 ? node.items : node.items.slice(0, end);
}

/** The visible entries of a map (unassigned slots are skipped). */
export function mapEntries(node: MapNode): Array<[string, ConfigNode]> {
  return [...node.entries].filter(([, v]) => v.kind !== 'undefined');
}

export function toPlain(node: ConfigNode | undefined): YamlValue | undefined {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'undefined': return undefined;
    case 'null': return null;
    case 'scalar': return node.value;
    case 'seq': return seqItems(node).map((n) => toPlain(n) ?? null);
    case 'map': {
      const out: { [key: string]: YamlValue } = {};
      for (const [k, v] of mapEntries(node)) {
        // defineProperty keeps a key named "__proto__" an ordinary key.
        Object.defineProperty(out, k, { value: toPlain(v) ?? null, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

/** Builds a node tree from a plain value (tests, programmatic overrides). */
export function fromPlain(value: unknown): ConfigNode {
  if (value === null || value === undefined) return nullNode();
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(fromPlain) };
  if (typeof value === 'object') {
    const map = emptyMap();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) map.entries.set(k, fromPlain(v));
    return map;
  }
  return scalar(String(value));
}

/** Deep copy, so that one document's nodes are never shared with another. */
export function cloneNode<T extends ConfigNode>(node: T): T {
  switch (node.kind) {
    case 'seq': return { ...node, items: node.items.map(cloneNode) };
    case 'map': return { ...node, entries: new Map([...node.entries].map(([k, v]) => [k, cloneNode(v)])) };
    default: return { ...node };
  }
}
