/**
 * Configuration keys in Falco's dotted syntax (`engine.kind`, `rules[].disable.rule`,
 * `plugins[0].name`, `annotations.kubernetes\.io/role`) and how reading and
 * writing through them behaves, with Falco's error messages.
 *
 *   Key     := NodeKey ('.' NodeKey)*
 *   NodeKey := (Char | '\' ('.' | '[' | ']' | '\'))+ ('[' integer? ']')?
 *
 * An empty index (`[]`) appends to a sequence when writing.
 */
import { ConfigError } from './errors.js';
import { isDefined } from './node.js';
import type { ConfigNode, MapNode, Mark } from './node.js';
import { parseInteger } from './scalar.js';

type Step = { kind: 'key'; name: string } | { kind: 'index'; text: string; pos: number };

/** The failure inside a key, before it is wrapped as "Config error at key ...". */
class KeyProblem extends Error {
  constructor(message: string, readonly mark?: Mark) { super(message); }
}

function parsingError(what: string): KeyProblem {
  return new KeyProblem(`Parsing error: ${what}`);
}

/** Yields the steps of a key one by one, so that errors come in Falco's order. */
function* keySteps(key: string): Generator<Step> {
  let nodeKey = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === '\\') {
      if (i + 1 >= key.length) throw parsingError(`trailing backslash at pos ${i}`);
      const next = key[i + 1]!;
      if (!'.[]\\'.includes(next)) throw parsingError(`invalid escape sequence '\\${next}' at pos ${i}`);
      nodeKey += next;
      i++;
      if (i === key.length - 1) {
        yield { kind: 'key', name: nodeKey };
        nodeKey = '';
      }
      continue;
    }
    const shift = c === '.' || c === '[' || i === key.length - 1;
    if (c !== '.' && c !== '[') {
      if (i > 0 && nodeKey === '' && key[i - 1] !== '.') throw parsingError(`expected '.' character at pos ${i - 1}`);
      nodeKey += c;
    }
    if (shift) {
      if (nodeKey === '') throw parsingError(`unexpected character at pos ${i}`);
      yield { kind: 'key', name: nodeKey };
      nodeKey = '';
    }
    if (c === '[') {
      const close = key.indexOf(']', i);
      // Falco never returns on an unclosed bracket; falconet reports it instead.
      if (close < 0) throw parsingError(`missing ']' for '[' at pos ${i}`);
      yield { kind: 'index', text: key.slice(i + 1, close), pos: i };
      i = close;
      if (i < key.length - 1 && key[i + 1] === '.') i++;
    }
  }
}

/** `std::stoi`: leading blanks, optional sign, decimal digits, anything after ignored. */
function stoi(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

function subscriptOnScalar(node: ConfigNode, key: string | number): KeyProblem {
  const mark = node.kind === 'scalar' ? node.mark : undefined;
  const at = mark ? `error at line ${mark.line}, column ${mark.column} of ${mark.file}: ` : '';
  return new KeyProblem(`${at}operator[] call on a scalar (key: "${key}")`, mark);
}

function wrap(key: string, err: unknown): never {
  if (err instanceof KeyProblem) {
    const where: { key: string; file?: string; line?: number; column?: number } = { key };
    if (err.mark) { where.file = err.mark.file; where.line = err.mark.line; where.column = err.mark.column; }
    throw new ConfigError(`Config error at key "${key}": ${err.message}`, where);
  }
  throw err;
}

/** Map-key equality for an integer subscript: the key text read as an integer. */
function mapFindIndex(map: MapNode, index: number): ConfigNode | undefined {
  for (const [k, v] of map.entries) if (parseInteger(k, 'int32') === index) return v;
  return undefined;
}

/** Reads the node at `key`; undefined when absent. Never changes the document. */
export function lookupKey(root: ConfigNode, key: string): ConfigNode | undefined {
  try {
    let node: ConfigNode | undefined = root;
    for (const step of keySteps(key)) {
      if (!isDefined(node)) { node = undefined; continue; }
      if (step.kind === 'key') {
        if (node.kind === 'scalar') throw subscriptOnScalar(node, step.name);
        node = node.kind === 'map' ? node.entries.get(step.name) : undefined;
      } else {
        const index = stoi(step.text);
        if (index === undefined) throw parsingError(`expected a numeric index, found '${step.text}'`);
        if (node.kind === 'scalar') throw subscriptOnScalar(node, index);
        if (node.kind === 'seq') node = index >= 0 ? node.items[index] : undefined;
        else if (node.kind === 'map') node = mapFindIndex(node, index);
        else node = undefined;
      }
    }
    return isDefined(node) ? node : undefined;
  } catch (err) {
    return wrap(key, err);
  }
}

/** Replaces a node's content in place, so that its parent sees the new value. */
function become(target: ConfigNode, value: ConfigNode): void {
  for (const prop of Object.keys(target)) delete (target as unknown as Record<string, unknown>)[prop];
  Object.assign(target, value);
}

/** A sequence (or an empty slot) turned into a map keyed by "0", "1", ..., as yaml-cpp does. */
function convertToMap(node: ConfigNode): MapNode {
  const entries = new Map<string, ConfigNode>();
  if (node.kind === 'seq') node.items.forEach((item, i) => entries.set(String(i), item));
  const mark = node.kind === 'seq' || node.kind === 'null' ? node.mark : undefined;
  become(node, mark ? { kind: 'map', entries, mark } : { kind: 'map', entries });
  return node as MapNode;
}

function childForWrite(node: ConfigNode, step: Step): ConfigNode {
  if (step.kind === 'key') {
    if (node.kind === 'scalar') throw subscriptOnScalar(node, step.name);
    const map = node.kind === 'map' ? node : convertToMap(node);
    let child = map.entries.get(step.name);
    if (!child) {
      child = { kind: 'undefined' };
      map.entries.set(step.name, child);
    }
    return child;
  }
  const appendable = !isDefined(node) || node.kind === 'seq';
  let index: number;
  if (step.text === '' && appendable) {
    if (node.kind !== 'seq') become(node, { kind: 'seq', items: [] });
    const seq = node as { kind: 'seq'; items: ConfigNode[] };
    seq.items.push({ kind: 'undefined' });
    return seq.items[seq.items.length - 1]!;
  }
  const parsed = stoi(step.text);
  if (parsed === undefined) throw parsingError(`expected a numeric index, found '${step.text}'`);
  index = parsed;
  if (node.kind === 'scalar') throw subscriptOnScalar(node, index);
  if (node.kind !== 'map') {
    const items = node.kind === 'seq' ? node.items : [];
    const fits = index >= 0 && index <= items.length && !(index > 0 && items[index - 1]!.kind === 'undefined');
    if (fits) {
      if (node.kind !== 'seq') become(node, { kind: 'seq', items });
      const seq = node as { kind: 'seq'; items: ConfigNode[] };
      if (index === seq.items.length) seq.items.push({ kind: 'undefined' });
      return seq.items[index]!;
    }
    // Out of range: yaml-cpp turns the sequence into a map keyed by index.
    convertToMap(node);
  }
  const map = node as MapNode;
  let child = mapFindIndex(map, index);
  if (!child) {
    child = { kind: 'undefined' };
    map.entries.set(String(index), child);
  }
  return child;
}

/**
 * The entry `name` of a map for writing (created when missing), where `name`
 * is a literal key rather than a dotted path: how included files and the
 * top level of the document are written. Errors are yaml-cpp's, unwrapped.
 */
export function writableEntry(node: ConfigNode, name: string): ConfigNode {
  try {
    return childForWrite(node, { kind: 'key', name });
  } catch (err) {
    if (err instanceof KeyProblem) throw ConfigError.at(err.message, err.mark);
    throw err;
  }
}

/**
 * Writes `value` at `key`, creating maps and sequence entries on the way
 * (`[]` appends). Errors are Falco's "Config error at key ..." messages.
 */
export function assignKey(root: ConfigNode, key: string, value: ConfigNode): void {
  try {
    let node = root;
    for (const step of keySteps(key)) node = childForWrite(node, step);
    become(node, value);
  } catch (err) {
    wrap(key, err);
  }
}
