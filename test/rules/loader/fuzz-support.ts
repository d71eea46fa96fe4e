/**
 * Support for the loader fuzz tests: a seeded random generator (so a failing
 * case can be replayed), input generators, and the check that a load result
 * is well formed whatever the input.
 */
import assert from 'node:assert/strict';
import { ERROR_CODES, WARNING_CODES } from '../../../src/rules/loader/codes.js';
import { RuleEngine } from '../../../src/rules/engine.js';
import { formatValidationJson, formatValidationText, formatVerbose } from '../../../src/rules/loader/load-result.js';

/** xorshift32: small, fast, reproducible. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x1_0000_0000;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const ERRORS = new Set<string>(ERROR_CODES);
const WARNINGS = new Set<string>(WARNING_CODES);

/** Loads the text and checks the result is complete and printable; returns it for further checks. */
export function loadAndCheck(content: string, label: string): ReturnType<RuleEngine['load']> {
  const engine = new RuleEngine();
  let result: ReturnType<RuleEngine['load']>;
  try {
    result = engine.load([{ name: 'fuzz.yaml', content }]);
  } catch (e) {
    assert.fail(`load threw on ${label}: ${String(e)}\n${JSON.stringify(content.slice(0, 2000))}`);
  }
  assert.equal(result.files.length, 1, label);
  const file = result.files[0]!;
  assert.equal(file.successful, file.errors.length === 0, label);
  assert.ok(file.errors.length <= 1, `${label}: at most one error per file`);
  for (const m of [...file.errors, ...file.warnings]) {
    assert.ok(ERRORS.has(m.code) || WARNINGS.has(m.code), `${label}: code ${m.code}`);
    assert.equal(typeof m.message, 'string', label);
    assert.ok(m.context.locations.length >= 1, label);
    assert.ok(m.snippet.endsWith('\n'), label);
  }
  for (const e of file.errors) assert.ok(ERRORS.has(e.code), label);
  for (const w of file.warnings) assert.ok(WARNINGS.has(w.code), label);
  try {
    formatVerbose(file);
    formatValidationText(result);
    JSON.parse(formatValidationJson(result));
    if (result.successful) engine.describeRules();
    engine.buildRuleset({ selection: [{ op: 'disable', tag: 'x' }], minPriority: 7 });
  } catch (e) {
    assert.fail(`formatting threw on ${label}: ${String(e)}\n${JSON.stringify(content.slice(0, 2000))}`);
  }
  return result;
}

/** Splits a rules file into its top-level items (text blocks starting with "- "). */
export function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('- ') && current !== '') {
      items.push(current);
      current = '';
    }
    if (line.startsWith('#')) continue;
    current += line + '\n';
  }
  if (current.trim() !== '') items.push(current);
  return items.filter((i) => i.startsWith('- '));
}

const TOKENS = [
  '- ', ': ', '\n', '  ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '!!str ', '~', 'null', '>', '|', '#',
  'rule', 'macro', 'list', 'items', 'condition', 'output', 'priority', 'append', 'override', 'exceptions', 'fields',
  'comps', 'values', 'name', 'evt.type', ' = ', ' and ', ' or ', 'not ', '(', ')', 'proc.name', '%proc.name', 'in',
  'true', 'INFO', 'replace', 'enabled', 'tags', 'required_engine_version', 'required_plugin_versions', '0.62.0', '\t', '\\',
  '%', 'startswith oneof', 'source', 'k8s_audit', '<NA>', 'evt.dir', '---\n',
];

/** A mutation of the text: random edits at random places, with YAML-ish tokens. */
export function mutate(text: string, rnd: Random, edits: number): string {
  let s = text;
  for (let k = 0; k < edits; k++) {
    const at = s.length === 0 ? 0 : rnd.int(s.length);
    switch (rnd.int(7)) {
      case 0: // delete a run
        s = s.slice(0, at) + s.slice(at + 1 + rnd.int(8));
        break;
      case 1: // insert a token
        s = s.slice(0, at) + rnd.pick(TOKENS) + s.slice(at);
        break;
      case 2: // replace a character
        s = s.slice(0, at) + String.fromCharCode(rnd.int(128)) + s.slice(at + 1);
        break;
      case 3: { // duplicate a line
        const lines = s.split('\n');
        const i = rnd.int(lines.length);
        lines.splice(i, 0, lines[i]!);
        s = lines.join('\n');
        break;
      }
      case 4: { // drop a line
        const lines = s.split('\n');
        lines.splice(rnd.int(lines.length), 1);
        s = lines.join('\n');
        break;
      }
      case 5: { // change a line's indentation
        const lines = s.split('\n');
        const i = rnd.int(lines.length);
        lines[i] = ' '.repeat(rnd.int(6)) + lines[i]!.trimStart();
        s = lines.join('\n');
        break;
      }
      default: // swap two lines
      {
        const lines = s.split('\n');
        const i = rnd.int(lines.length);
        const j = rnd.int(lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        s = lines.join('\n');
      }
    }
  }
  return s;
}

/** Random bytes decoded as text (any code unit, invalid sequences included). */
export function randomBytes(rnd: Random, size: number): string {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = rnd.int(256);
  return bytes.toString(rnd.int(2) === 0 ? 'utf8' : 'latin1');
}

const KEYS = [
  'rule', 'macro', 'list', 'items', 'condition', 'output', 'desc', 'priority', 'append', 'override', 'exceptions', 'enabled',
  'tags', 'source', 'capture', 'capture_duration', 'warn_evttypes', 'skip-if-unknown-filter', 'name', 'fields', 'comps',
  'values', 'required_engine_version', 'required_plugin_versions', 'version', 'alternatives', 'bogus',
];
const SCALARS = [
  'r', 'm', 'l', 'evt.type = open', 'proc.name in (l)', 'm and proc.name = x', 'o %proc.name', 'INFO', 'WARNING', 'bogus',
  'true', 'false', 'append', 'replace', '12', '-1', '0.62.0', '0.99.0', 'syscall', 'k8s_audit', 'proc.name', '=', 'in',
  'startswith oneof', '"a b"', "'x'", '""', '~', 'evt.type = open and not (', '%foo.bar', 'container', '0.4.0',
];

/** A random tree of YAML built from rules-file vocabulary, to reach the item readers' branches. */
export function randomYaml(rnd: Random, depth: number, indent = ''): string {
  const kind = depth <= 0 ? 0 : rnd.int(4);
  if (kind === 0) return rnd.pick(SCALARS);
  if (kind === 1) {
    const n = rnd.int(4);
    return `[${Array.from({ length: n }, () => (rnd.int(3) === 0 ? randomYaml(rnd, depth - 1, indent) : rnd.pick(SCALARS))).join(', ')}]`;
  }
  const n = 1 + rnd.int(5);
  let out = '';
  for (let i = 0; i < n; i++) {
    const key = rnd.pick(KEYS);
    const value = randomYaml(rnd, depth - 1, indent + '  ');
    const multiline = value.includes('\n');
    out += `\n${indent}  ${key}:${multiline ? '' : ' '}${value}`;
  }
  return kind === 2 ? out : `\n${indent}  - ${out.trimStart().replace(/\n/g, '\n  ')}`;
}

/** A random rules file: a sequence of random items. */
export function randomRulesFile(rnd: Random): string {
  const n = 1 + rnd.int(5);
  let out = '';
  for (let i = 0; i < n; i++) {
    const head = rnd.pick(['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions', 'other']);
    out += `- ${head}: ${rnd.pick(SCALARS)}${randomYaml(rnd, 3)}\n`;
  }
  return out;
}
