/**
 * Output format strings split into text and field references the way
 * Falco's formatter reads them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFormatString } from '../../src/outputs/format-string.js';
import type { FormatToken, ReferenceCheck } from '../../src/outputs/format-string.js';
import type { FieldOperand } from '../../src/rules/condition/ast.js';

const KNOWN = new Set(['user.name', 'proc.name', 'proc.cmdline', 'proc.aname', 'evt.arg.fd', 'proc.env', 'fd.name', 'proc.args', 'proc.pname']);

/** Accepts fields of the small set above (transformers when their fields are known). */
const known: ReferenceCheck = (operand: FieldOperand) => {
  const fields: string[] = [];
  const walk = (o: unknown): void => {
    const n = o as { kind: string; name?: string; args?: unknown[]; children?: unknown[] };
    if (n.kind === 'field') fields.push(n.name!);
    n.args?.forEach(walk);
    n.children?.forEach(walk);
  };
  walk(operand);
  const bad = fields.find((f) => !KNOWN.has(f));
  return bad === undefined ? undefined : `filter_check called with nonexistent field ${bad}`;
};

function shape(tokens: readonly FormatToken[]): Array<[string, string, number, number]> {
  return tokens.map((t) => (t.kind === 'text' ? ['text', t.text, t.start, t.end] : ['field', t.text, t.start, t.end]));
}

test('text and fields with positions', () => {
  const r = parseFormatString('user=%user.name command=%proc.cmdline', known);
  assert.ok(r.ok);
  assert.equal(r.requireAllValues, true);
  assert.deepEqual(shape(r.tokens), [
    ['text', 'user=', 0, 5],
    ['field', 'user.name', 5, 15],
    ['text', ' command=', 15, 24],
    ['field', 'proc.cmdline', 24, 37],
  ]);
});

test('a leading * allows missing values; positions stay those of the full text', () => {
  const r = parseFormatString('*%proc.name!', known);
  assert.ok(r.ok);
  assert.equal(r.requireAllValues, false);
  assert.deepEqual(shape(r.tokens), [['field', 'proc.name', 1, 11], ['text', '!', 11, 12]]);
});

test('field arguments, dotted arguments and quoted arguments', () => {
  const r = parseFormatString("%proc.aname[2] %evt.arg.fd %proc.env['HOME']", known);
  assert.ok(r.ok);
  const fields = r.tokens.filter((t) => t.kind === 'field');
  assert.deepEqual(
    fields.map((f) => (f.kind === 'field' && f.operand.kind === 'field' ? [f.operand.name, f.operand.arg] : [])),
    [['proc.aname', '2'], ['evt.arg.fd', undefined], ['proc.env', 'HOME']],
  );
});

test('width prefix', () => {
  const r = parseFormatString('[%20proc.name]', known);
  assert.ok(r.ok);
  const f = r.tokens[1]!;
  assert.ok(f.kind === 'field');
  assert.equal(f.width, 20);
  assert.equal(f.text, 'proc.name');
  assert.deepEqual([f.start, f.end], [1, 13]);
});

test('transformers, nested and with lists', () => {
  const r = parseFormatString("%tolower(proc.name) %join(',', proc.args) %toupper( tolower(proc.pname) )", known);
  assert.ok(r.ok);
  assert.deepEqual(
    r.tokens.filter((t) => t.kind === 'field').map((t) => t.kind === 'field' && t.text),
    ['tolower(proc.name)', "join(',', proc.args)", 'toupper( tolower(proc.pname) )'],
  );
});

test('the longest accepted prefix wins: trailing characters become text', () => {
  const r = parseFormatString('%user.namex and %proc.name.', known);
  assert.ok(r.ok);
  assert.deepEqual(shape(r.tokens), [
    ['field', 'user.name', 0, 10],
    ['text', 'x and ', 10, 16],
    ['field', 'proc.name', 16, 26],
    ['text', '.', 26, 27],
  ]);
});

test('unknown references fail with the shortest attempt reason', () => {
  assert.deepEqual(parseFormatString('o %foo.bar', known), { ok: false, error: "unknown filter: unexpected token after '", pos: 3 });
  assert.deepEqual(parseFormatString('o %(proc.name)', known), { ok: false, error: "unknown filter: unexpected token after '", pos: 3 });
});

test('formatting syntax errors', () => {
  assert.deepEqual(parseFormatString('', known), { ok: false, error: 'empty formatting token', pos: 0 });
  assert.deepEqual(parseFormatString('abc %', known), { ok: false, error: 'invalid formatting syntax: formatting cannot end with a %', pos: 4 });
  assert.deepEqual(parseFormatString('abc %12', known), { ok: false, error: 'invalid formatting syntax: formatting cannot end with a number', pos: 6 });
});

test('without a check every syntactically valid reference is accepted', () => {
  const r = parseFormatString('%any.thing here');
  assert.ok(r.ok);
  assert.deepEqual(shape(r.tokens), [['field', 'any.thing', 0, 10], ['text', ' here', 10, 15]]);
});

test('long text after an unknown field stays cheap', () => {
  const text = '%nope.field ' + 'x'.repeat(200_000);
  const started = Date.now();
  const r = parseFormatString(text, known);
  assert.equal(r.ok, false);
  assert.ok(Date.now() - started < 2000);
});
