/**
 * Rules files as yaml-cpp presents them: scalars as text, nulls, marks in
 * bytes, aliases, documents; and snippets cut from them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoadContext } from '../../../src/rules/loader/context.js';
import { mapGet, parseRulesYaml } from '../../../src/rules/loader/yaml-doc.js';
import type { YNode } from '../../../src/rules/loader/yaml-doc.js';
import { compiledCondition, describeRule, load } from './helpers.js';

function docs(text: string): YNode[] {
  const parsed = parseRulesYaml(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return parsed.documents;
}

test('scalars stay text; plain null words and empty values are null; tagged nodes start at the tag', () => {
  const [doc] = docs('- a: 0x10\n  b: ~\n  c: "null"\n  d:\n  e: !!str 5\n  f: Null\n');
  assert.ok(doc && doc.kind === 'seq');
  const map = doc.items[0]!;
  assert.ok(map.kind === 'map');
  assert.deepEqual(mapGet(map, 'a'), { kind: 'scalar', value: '0x10', mark: { pos: 5, line: 0, column: 5 } });
  assert.equal(mapGet(map, 'b')!.kind, 'null');
  assert.deepEqual(mapGet(map, 'c')!.kind, 'scalar');
  assert.equal(mapGet(map, 'd')!.kind, 'null');
  assert.deepEqual(mapGet(map, 'e'), { kind: 'scalar', value: '5', mark: { pos: 39, line: 4, column: 5 } });
  assert.equal(mapGet(map, 'f')!.kind, 'null');
});

test('marks: maps at their first key, flow collections at the bracket, block scalars at the indicator', () => {
  const [doc] = docs('- rule: r\n  tags: [a, b]\n  condition: >\n    x\n');
  assert.ok(doc && doc.kind === 'seq');
  const map = doc.items[0]!;
  assert.ok(map.kind === 'map');
  assert.deepEqual(map.mark, { pos: 2, line: 0, column: 2 });
  assert.deepEqual(mapGet(map, 'tags')!.mark, { pos: 18, line: 1, column: 8 });
  assert.deepEqual(mapGet(map, 'condition')!.mark, { pos: 38, line: 2, column: 13 });
});

test('an empty value sits at the next token, like yaml-cpp', () => {
  const [doc] = docs('- rule: r\n  desc:\n  output: o\n');
  assert.ok(doc && doc.kind === 'seq' && doc.items[0]!.kind === 'map');
  assert.deepEqual(mapGet(doc.items[0], 'desc')!.mark, { pos: 20, line: 2, column: 2 });
});

test('marks count bytes of UTF-8 text', () => {
  const [doc] = docs('- rule: "é"\n  desc: x\n');
  assert.ok(doc && doc.kind === 'seq' && doc.items[0]!.kind === 'map');
  assert.deepEqual(mapGet(doc.items[0], 'desc')!.mark, { pos: 21, line: 1, column: 8 });
  const l = load('- rule: "é"\n  desc: x\n  condition: evt.type=open\n  output: ""\n  priority: INFO\n');
  assert.equal(l.file.errors[0]!.snippet, '  output: ""\n          ^\n');
});

test('duplicate keys: the first one counts', () => {
  const l = load('- list: l\n  items: [a]\n  items: [b]\n- rule: test_rule\n  desc: d\n  condition: evt.type = open and proc.name in (l)\n  output: o\n  priority: INFO\n');
  assert.equal(l.file.successful, true);
  assert.equal(compiledCondition(l), '(evt.type = open and proc.name in (a))');
});

test('anchors and aliases share nodes', () => {
  const l = load(`
- list: a
  items: &items [cat, vi]
- list: b
  items: *items
- rule: test_rule
  desc: &d shared description
  condition: evt.type = open and proc.name in (a) and proc.pname in (b)
  output: *d
  priority: INFO
`);
  assert.equal(l.file.successful, true);
  assert.equal(describeRule(l, 'test_rule').info.output, 'shared description');
});

test('a self-referencing alias in exception values does not hang or throw', () => {
  const l = load(`
- rule: test_rule
  desc: d
  condition: evt.type = open
  output: o
  priority: INFO
  exceptions:
    - name: e
      fields: [proc.name]
      values: &v [*v]
`);
  assert.equal(l.file.successful, false);
  assert.equal(l.file.errors.length, 1);
});

test('several documents are read in order; an error stops the file', () => {
  const l = load('- list: l\n  items: [a]\n---\n- macro: m\n---\n- list: k\n  items: [b]\n');
  assert.deepEqual(l.file.errors.map((e) => e.message), ["Item has no mapping for key 'condition'"]);
});

test('null items in the list of items are skipped', () => {
  const l = load('-\n- ~\n- list: l\n  items: [a]\n');
  assert.equal(l.file.successful, true);
});

test('folded and literal block scalars give yaml values', () => {
  const l = load(`
- macro: m
  condition: >
    evt.type = open
    and proc.name = cat
- rule: test_rule
  desc: |
    line one
    line two
  condition: m
  output: o
  priority: INFO
`);
  assert.equal(compiledCondition(l), '(evt.type = open and proc.name = cat)');
  assert.equal(describeRule(l, 'test_rule').info.description, 'line one\nline two\n');
});

test('snippets: long lines are cut around the position with ellipses', () => {
  const long = 'x'.repeat(100) + 'HERE' + 'y'.repeat(100);
  const ctx = LoadContext.root('f').child({ pos: 100, line: 0, column: 100 }, 'rule', 'r');
  const snippet = ctx.snippet(new Map([['f', long]]));
  const [line, caret] = snippet.split('\n');
  assert.equal(line!.length, 161);
  assert.ok(line!.startsWith('...') && line!.endsWith('...'));
  assert.equal(caret, ' '.repeat(80) + '^');
});

test('snippets: missing file and empty content', () => {
  const ctx = LoadContext.root('f').child({ pos: 0, line: 0, column: 0 }, 'rule', 'r');
  assert.equal(ctx.snippet(new Map()), '<No context for file + f>\n');
  assert.equal(ctx.snippet(new Map([['f', '']])), '<No context available>\n');
});

test('snippets: a position at the end of the text moves back to the last character', () => {
  const ctx = LoadContext.root('f').child({ pos: 50, line: 3, column: 0 }, 'rule', 'r');
  assert.equal(ctx.snippet(new Map([['f', 'abc\ndef\n']])), 'def\n  ^\n');
});

test('snippets: a root location of text starting with a line break shows the rest (Falco arithmetic)', () => {
  const l = load('\nfoo: bar\n');
  assert.equal(l.file.errors[0]!.snippet, '...: b...\n');
});
