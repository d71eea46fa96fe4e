/**
 * Rules files as Falco's YAML layer (yaml-cpp) presents them to the loader:
 * every scalar is text, plain `~`/`null`/`Null`/`NULL`/empty values are null
 * nodes, aliases are the very node they name (shared, possibly cyclic), and
 * every node carries a yaml-cpp "mark": 0-based byte offset, line and column
 * of where the node starts (computed from the `yaml` package's ranges, in
 * bytes as yaml-cpp counts). Parsing is done by the `yaml` package; its
 * errors are reported with yaml-cpp's wording where the two correspond.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Document, Node as YamlNode, YAMLError } from 'yaml';

/** A position as yaml-cpp counts it: all 0-based, offset and column in bytes. */
export interface Mark {
  pos: number;
  line: number;
  column: number;
}

export interface YScalar { kind: 'scalar'; value: string; mark: Mark }
export interface YNull { kind: 'null'; mark: Mark }
export interface YSeq { kind: 'seq'; items: YNode[]; mark: Mark }
export interface YMapEntry { key: YNode; value: YNode }
export interface YMap { kind: 'map'; entries: YMapEntry[]; mark: Mark }
export type YNode = YScalar | YNull | YSeq | YMap;

export type YamlParseResult =
  | { ok: true; documents: YNode[] }
  | { ok: false; message: string; mark: Mark };

/** yaml-cpp's nesting limit: a node this deep makes the whole file unreadable ("bad file"). */
const MAX_DEPTH = 500;

/** The values a plain, untagged scalar takes to mean null. */
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** Maps string indices of a text to yaml-cpp marks (bytes, `\n`-separated lines). */
export class MarkIndex {
  private readonly lineStarts: number[] = [0];
  private readonly ascii: boolean;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) this.lineStarts.push(i + 1);
    // eslint-disable-next-line no-control-regex
    this.ascii = /^[\x00-\x7f]*$/.test(text);
  }

  markAt(index: number): Mark {
    const at = Math.max(0, Math.min(index, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo]!;
    if (this.ascii) return { pos: at, line: lo, column: at - start };
    const column = Buffer.byteLength(this.text.slice(start, at));
    return { pos: Buffer.byteLength(this.text.slice(0, start)) + column, line: lo, column };
  }
}

/** The first node of a map with this key (yaml-cpp's `node["key"]` returns the first match). */
export function mapGet(map: YMap, key: string): YNode | undefined {
  for (const e of map.entries) if (e.key.kind === 'scalar' && e.key.value === key) return e.value;
  return undefined;
}

/** A node as yaml-cpp's `as<std::string>()` gives it: null reads as "null", collections do not convert. */
export function nodeAsString(node: YNode): string | undefined {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'null') return 'null';
  return undefined;
}

export function parseRulesYaml(text: string): YamlParseResult {
  const marks = new MarkIndex(text);
  let docs: Document.Parsed[];
  try {
    // Failsafe: every scalar stays text (yaml-cpp decides types when a key is read).
    docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, strict: false }) as Document.Parsed[];
  } catch {
    return { ok: false, message: 'bad file', mark: marks.markAt(0) };
  }
  if (!Array.isArray(docs)) docs = [docs as Document.Parsed];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) return parseFailure(err, text, marks);
  }
  const documents: YNode[] = [];
  for (const doc of docs) {
    const converter = new Converter(doc, text, marks);
    const node = converter.convert(doc.contents, 1, docStart(doc, text));
    if (converter.failure) return converter.failure;
    documents.push(node);
  }
  return { ok: true, documents };
}

function docStart(doc: Document.Parsed, text: string): number {
  const range = doc.range;
  return nextToken(text, range ? range[0] : 0);
}

/** Index of the next character that starts a token (skipping blanks, line breaks and comments). */
function nextToken(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else {
      break;
    }
  }
  return i;
}

function failure(message: string, mark: Mark): { ok: false; message: string; mark: Mark } {
  return { ok: false, message: `yaml-cpp: error at line ${mark.line + 1}, column ${mark.column + 1}: ${message}`, mark };
}

/** Chooses yaml-cpp's message for a problem the `yaml` package found. */
function parseFailure(err: YAMLError, text: string, marks: MarkIndex): { ok: false; message: string; mark: Mark } {
  const at = err.pos[0];
  const mark = marks.markAt(at);
  const detail = err.message;
  let message: string;
  switch (err.code) {
    case 'RESOURCE_EXHAUSTION':
      message = 'bad file';
      break;
    case 'BAD_DQ_ESCAPE': {
      const m = /escape sequence (\\.?)/.exec(detail);
      message = `unknown escape character: ${m ? m[1]!.slice(1) : text[at + 1] ?? ''}`;
      break;
    }
    case 'MULTIPLE_ANCHORS':
      message = 'cannot assign multiple anchors to the same node';
      break;
    case 'MULTIPLE_TAGS':
      message = 'cannot assign multiple tags to the same node';
      break;
    case 'TAB_AS_INDENT':
      message = 'illegal tab when looking for indentation';
      break;
    case 'BAD_INDENT':
      if (/flow sequence/i.test(detail)) message = 'end of sequence flow not found';
      else if (/flow map/i.test(detail)) message = 'end of map flow not found';
      else message = 'end of map not found';
      break;
    case 'MISSING_CHAR':
      if (/quote/i.test(detail)) message = 'illegal EOF in scalar';
      else if (/Sequence item/i.test(detail)) message = 'end of sequence not found';
      else message = 'illegal map value';
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      message = 'illegal map value';
      break;
    case 'UNEXPECTED_TOKEN':
      message = /flow/i.test(detail) ? 'illegal flow end' : 'unknown token';
      break;
    default:
      message = 'unknown token';
  }
  return failure(message, mark);
}

/**
 * Turns the `yaml` package's tree into yaml-cpp-shaped nodes. Each source node
 * becomes exactly one YNode (aliases share it, cycles included).
 */
class Converter {
  failure: { ok: false; message: string; mark: Mark } | undefined;
  private readonly seen = new Map<unknown, YNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly marks: MarkIndex,
  ) {}

  /** `start` is where the node's text begins when the node itself does not say (empty values). */
  convert(node: unknown, depth: number, start: number): YNode {
    if (this.failure) return { kind: 'null', mark: this.marks.markAt(start) };
    if (depth >= MAX_DEPTH) {
      const at = nodeStart(node) ?? start;
      this.failure = failure('bad file', this.marks.markAt(at));
      return { kind: 'null', mark: this.marks.markAt(at) };
    }
    if (node === null || node === undefined) return { kind: 'null', mark: this.marks.markAt(nextToken(this.text, start)) };
    if (isAlias(node)) return this.convertAlias(node, depth, start);
    const known = this.seen.get(node);
    if (known) return known;
    const valueStart = nodeStart(node);
    const begin = valueStart === undefined ? start : propertiesStart(this.text, valueStart);
    if (isScalar(node)) {
      const value = scalarText(node);
      const plainUntagged = node.type === Scalar.PLAIN && !node.tag;
      if (plainUntagged && NULL_WORDS.has(value)) {
        // An empty value is positioned, like yaml-cpp does, at the token that follows it.
        const at = value === '' ? nextToken(this.text, begin) : begin;
        const out: YNull = { kind: 'null', mark: this.marks.markAt(at) };
        this.seen.set(node, out);
        return out;
      }
      const out: YScalar = { kind: 'scalar', value, mark: this.marks.markAt(begin) };
      this.seen.set(node, out);
      return out;
    }
    if (isSeq(node)) {
      const out: YSeq = { kind: 'seq', items: [], mark: this.marks.markAt(begin) };
      this.seen.set(node, out);
      let after = begin;
      for (const item of node.items) {
        const child = this.convert(item, depth + 1, after);
        out.items.push(child);
        after = nodeEnd(item) ?? after;
      }
      return out;
    }
    if (isMap(node)) {
      const out: YMap = { kind: 'map', entries: [], mark: this.marks.markAt(begin) };
      this.seen.set(node, out);
      let after = begin;
      for (const pair of node.items) {
        const key = this.convert(pair.key, depth + 1, after);
        after = nodeEnd(pair.key) ?? after;
        // Skip the ':' indicator so that an empty value is placed at the next token.
        const valueFrom = pair.value === null ? skipIndicator(this.text, after) : after;
        const value = this.convert(pair.value, depth + 1, valueFrom);
        after = nodeEnd(pair.value) ?? valueFrom;
        out.entries.push({ key, value });
      }
      return out;
    }
    return { kind: 'null', mark: this.marks.markAt(begin) };
  }

  private convertAlias(node: Alias, depth: number, start: number): YNode {
    const target = node.resolve(this.doc);
    if (!target) {
      const at = nodeStart(node) ?? start;
      this.failure = failure(`the referenced anchor is not defined: ${node.source}`, this.marks.markAt(at));
      return { kind: 'null', mark: this.marks.markAt(at) };
    }
    return this.convert(target, depth, start);
  }
}

function scalarText(node: Scalar): string {
  const v = node.value;
  if (typeof v === 'string') return v;
  return v === null || v === undefined ? '' : String(v);
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/**
 * yaml-cpp places a node with a tag or an anchor (`!!str 5`, `&a [x]`) at
 * the first of those properties; the `yaml` package at the value. Walks back
 * over properties written on the same line.
 */
function propertiesStart(text: string, begin: number): number {
  let at = begin;
  for (;;) {
    let i = at;
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    let j = i;
    while (j > 0 && !' \t\n\r,[{'.includes(text[j - 1]!)) j--;
    if (j < i && (text[j] === '!' || text[j] === '&')) at = j;
    else return at;
  }
}

function nodeEnd(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[1] : undefined;
}

function skipIndicator(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === ':') i++;
  return i;
}
