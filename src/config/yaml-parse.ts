/**
 * Reads YAML text into a configuration node tree with the semantics of
 * Falco's YAML layer: the first document only, scalars kept as text, plain
 * `~`/`null`/empty values as null, no `<<` merge keys, the first of duplicate
 * keys wins, and (for configuration files) `${VAR}` environment references
 * expanded in scalar values.
 */
import { Alias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { ConfigError } from './errors.js';
import { nullNode, scalar } from './node.js';
import type { ConfigNode, Mark } from './node.js';

const PLAIN_NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

export interface ParseOptions {
  /** Name used in marks and messages (a path, or a label such as "-o value"). */
  file: string;
  /** Expand `${VAR}` / `$${...}` in scalar values, as Falco does for files (not for `-o` values). */
  expandEnv: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Parses YAML text; an empty document is a null node. Throws ConfigError on a syntax error. */
export function parseYaml(text: string, options: ParseOptions): ConfigNode {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, lineCounter, merge: false });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (!doc) return nullNode();
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const at = pos ? `error at line ${pos.line}, column ${pos.col}: ` : '';
    const where: { file: string; line?: number; column?: number } = { file: options.file };
    if (pos) { where.line = pos.line; where.column = pos.col; }
    throw new ConfigError(`${at}${what}`, where);
  }
  const env = options.env ?? process.env;
  const build = (node: unknown): ConfigNode => {
    if (node === null || node === undefined) return nullNode();
    if (node instanceof Alias) return build(node.resolve(doc as Document));
    const yamlNode = node as YamlNode;
    const mark = markOf(yamlNode, lineCounter, options.file);
    if (isScalar(yamlNode)) {
      const text = String(yamlNode.value ?? '');
      if (yamlNode.type === 'PLAIN' && !yamlNode.tag && PLAIN_NULLS.has(text)) return nullNode(mark);
      return scalar(options.expandEnv ? expandEnvReferences(text, env) : text, mark);
    }
    if (isSeq(yamlNode)) {
      return { kind: 'seq', items: yamlNode.items.map(build), ...(mark ? { mark } : {}) };
    }
    if (isMap(yamlNode)) {
      const entries = new Map<string, ConfigNode>();
      for (const pair of yamlNode.items) {
        const key = keyText(pair.key);
        if (!entries.has(key)) entries.set(key, build(pair.value));
      }
      return { kind: 'map', entries, ...(mark ? { mark } : {}) };
    }
    return nullNode(mark);
  };
  return build(doc.contents);
}

function markOf(node: YamlNode, lineCounter: LineCounter, file: string): Mark | undefined {
  const start = node.range?.[0];
  if (start === undefined) return undefined;
  const pos = lineCounter.linePos(start);
  return { file, line: pos.line, column: pos.col };
}

function keyText(key: unknown): string {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) return String(key.value ?? '');
  return String(key);
}

/**
 * Falco's environment expansion of one scalar: `${NAME}` becomes the variable's
 * value (or nothing when unset) and `$${...}` becomes a literal `${...}`. An
 * expanded value is scanned again, like Falco does; a guard stops runaway
 * self-references that would make Falco loop forever.
 */
export function expandEnvReferences(input: string, env: NodeJS.ProcessEnv): string {
  let value = input;
  let start = value.indexOf('$');
  let guard = 0;
  while (start >= 0 && guard++ < 10_000) {
    const rest = value.slice(start);
    if (rest.startsWith('${')) {
      const end = rest.indexOf('}');
      if (end < 0) break;
      const name = rest.slice(2, end);
      const replacement = env[name];
      value = value.slice(0, start) + (replacement ?? '') + value.slice(start + name.length + 3);
    } else if (rest.startsWith('$${')) {
      if (rest.indexOf('}') < 0) break;
      value = value.slice(0, start) + value.slice(start + 1);
      start += 1;
    } else {
      start += rest.length;
    }
    start = value.indexOf('$', start);
  }
  return value;
}
