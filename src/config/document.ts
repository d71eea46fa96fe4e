/**
 * The merged configuration document (files, includes and `-o` overrides
 * applied), with typed reads by Falco key. Features that need a key the
 * typed FalcoConfig does not carry yet read it from here.
 */
import { badConversion } from './errors.js';
import { lookupKey } from './key-path.js';
import { isDefined, seqItems, toPlain } from './node.js';
import type { ConfigNode, YamlValue } from './node.js';
import { nodeBool, nodeDouble, nodeInt, nodeString } from './scalar.js';
import type { IntKind } from './scalar.js';

export class ConfigDocument {
  constructor(readonly root: ConfigNode) {}

  /** The node at a Falco key (`a.b`, `list[0].x`), or undefined. Throws ConfigError on a malformed key. */
  node(key: string): ConfigNode | undefined {
    return lookupKey(this.root, key);
  }

  /** True when the key holds a value (null counts, as in Falco). */
  has(key: string): boolean {
    return isDefined(this.node(key));
  }

  /** The value at a key in plain form (scalars as text), or undefined. */
  get(key: string): YamlValue | undefined {
    return toPlain(this.node(key));
  }

  /** The whole document in plain form (null when empty). */
  toPlain(): YamlValue {
    return toPlain(this.root) ?? null;
  }

  bool(key: string, fallback: boolean): boolean {
    const n = this.node(key);
    return n ? nodeBool(n) ?? fallback : fallback;
  }

  int(key: string, kind: IntKind, fallback: number): number {
    const n = this.node(key);
    return n ? nodeInt(n, kind) ?? fallback : fallback;
  }

  double(key: string, fallback: number): number {
    const n = this.node(key);
    return n ? nodeDouble(n) ?? fallback : fallback;
  }

  string(key: string, fallback: string): string {
    const n = this.node(key);
    return n ? nodeString(n) ?? fallback : fallback;
  }

  /**
   * A list of text values: each item of a sequence (an item that is not text
   * is a "bad conversion" error), a lone scalar as a one-item list, nothing otherwise.
   */
  strings(key: string): string[] {
    const n = this.node(key);
    if (!n) return [];
    if (n.kind === 'scalar') return [n.value];
    if (n.kind !== 'seq') return [];
    return seqItems(n).map((item, i) => {
      const text = nodeString(item);
      if (text === undefined) throw badConversion(item.kind === 'undefined' ? undefined : item.mark, `${key}[${i}]`);
      return text;
    });
  }

  /** The items of a sequence key (a lone non-sequence value counts as one item; absent or null: none). */
  items(key: string): ConfigNode[] {
    const n = this.node(key);
    if (!n || n.kind === 'null') return [];
    if (n.kind === 'seq') return seqItems(n);
    return n.kind === 'scalar' ? [n] : [];
  }
}
