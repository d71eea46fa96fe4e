/**
 * The set of path prefixes behind the `pmatch` operator. A path matches when
 * one of the set's paths is a prefix of it component by component (`/a/b`
 * matches `/a/b` and `/a/b/c`, not `/a/bc`); components are split on `/`
 * with empty ones dropped (so `a/b`, `/a/b` and `//a/b/` are the same), and a
 * set component holding `*`, `?` or `[` is a wildcard for one component.
 *
 * Stored as a tree of components like libs' path_prefix_search: a node that
 * ends a set path covers everything below it.
 */
import { globMatch } from './glob.js';

interface PrefixNode {
  /** A set path ends here: everything below matches. */
  terminal: boolean;
  exact: Map<string, PrefixNode>;
  wild: Map<string, PrefixNode>;
}

const newNode = (): PrefixNode => ({ terminal: false, exact: new Map(), wild: new Map() });

const WILDCARD = /[*?[]/;

export function splitPath(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}

export class PathPrefixSet {
  private readonly root = newNode();

  constructor(paths: Iterable<string> = []) {
    for (const p of paths) this.add(p);
  }

  add(path: string): void {
    let node = this.root;
    for (const comp of splitPath(path)) {
      if (node.terminal) return; // a shorter path already covers this one
      const children = WILDCARD.test(comp) ? node.wild : node.exact;
      let child = children.get(comp);
      if (child === undefined) {
        child = newNode();
        children.set(comp, child);
      }
      node = child;
    }
    // this path now covers all longer ones below it
    node.terminal = true;
    node.exact.clear();
    node.wild.clear();
  }

  match(path: string): boolean {
    return this.matchFrom(this.root, splitPath(path), 0);
  }

  private matchFrom(node: PrefixNode, comps: string[], i: number): boolean {
    if (node.terminal) return true;
    if (i >= comps.length) return false;
    const comp = comps[i]!;
    const direct = node.exact.get(comp);
    if (direct !== undefined && this.matchFrom(direct, comps, i + 1)) return true;
    for (const [pattern, child] of node.wild) {
      if (globMatch(pattern, comp) && this.matchFrom(child, comps, i + 1)) return true;
    }
    return false;
  }
}

/**
 * The same relation for one prefix, computed directly (no tree): `prefix`'s
 * components are a leading part of `path`'s, wildcard components matching
 * one component each.
 */
export function pathPrefixMatches(path: string, prefix: string): boolean {
  const want = splitPath(prefix);
  const have = splitPath(path);
  if (want.length > have.length) return false;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (WILDCARD.test(w) ? !globMatch(w, have[i]!) : w !== have[i]) return false;
  }
  return true;
}
