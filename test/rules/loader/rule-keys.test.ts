/**
 * Rule keys and their defaults as Falco reads them: enabled, capture,
 * capture_duration, warn_evttypes, skip-if-unknown-filter, priority names,
 * source, tags; plus list names that are not identifiers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledCondition, describeRule, enabledRuleCount, load, loadFiles, warningCodes } from './helpers.js';

const rule = (extra: string, priority = 'INFO'): string =>
  `- rule: test_rule\n  desc: test rule\n  condition: evt.type = close\n  output: user=%user.name\n  priority: ${priority}\n${extra}`;

test('a disabled rule loads but is not enabled', () => {
  const l = load(rule('  enabled: false\n'));
  assert.equal(l.file.successful, true);
  assert.equal(l.file.warnings.length, 0);
  assert.equal(enabledRuleCount(l), 0);
});

test('capture defaults and values', () => {
  const d = describeRule(load(rule('')), 'test_rule').info;
  assert.equal(d.capture, false);
  assert.equal(d.capture_duration, 0);
  const c = describeRule(load(rule('  capture: true\n  capture_duration: 10000\n', 'WARNING')), 'test_rule').info;
  assert.equal(c.capture, true);
  assert.equal(c.capture_duration, 10000);
});

test('capture_duration must be an unsigned number; capture a yaml-cpp boolean', () => {
  assert.equal(load(rule('  capture_duration: "not_a_number"\n')).file.successful, false);
  assert.equal(load(rule('  capture_duration: 0x10\n')).file.successful, true);
  // "yes" is a boolean for yaml-cpp, but not for the schema.
  const yes = load(rule('  capture: "yes"\n'));
  assert.equal(yes.file.successful, true);
  assert.notEqual(yes.file.schemaValidation[0], 'ok');
  assert.equal(describeRule(yes, 'test_rule').info.capture, true);
});

test('warn_evttypes and skip-if-unknown-filter are valid keys for the schema', () => {
  assert.deepEqual(load(rule('  warn_evttypes: false\n')).file.schemaValidation, ['ok']);
  assert.deepEqual(load(rule('  skip-if-unknown-filter: true\n')).file.schemaValidation, ['ok']);
});

test('priority names in any case; info is informational', () => {
  const names: Array<[string, string]> = [
    ['EMERGENCY', 'Emergency'], ['alert', 'Alert'], ['Critical', 'Critical'], ['error', 'Error'], ['WARNING', 'Warning'],
    ['notice', 'Notice'], ['INFO', 'Informational'], ['informational', 'Informational'], ['DEBUG', 'Debug'],
  ];
  for (const [written, shown] of names) {
    assert.equal(describeRule(load(rule('', written)), 'test_rule').info.priority, shown, written);
  }
  assert.equal(load(rule('', 'warn')).file.errors[0]!.message, 'Invalid priority');
});

test('source defaults to syscall; an empty source on a full rule is an error', () => {
  assert.equal(describeRule(load(rule('')), 'test_rule').info.source, 'syscall');
  assert.equal(load(rule('  source: ""\n')).file.errors[0]!.message, 'Value must be non-empty');
  assert.equal(load(rule('  source:\n')).file.errors[0]!.message, "Mapping for key 'source' is empty");
});

test('the output is trimmed; desc, condition and output are required in that order', () => {
  const l = load('- rule: test_rule\n  desc: d\n  condition: evt.type = close\n  output: "  o %proc.name  "\n  priority: INFO\n');
  assert.equal(describeRule(l, 'test_rule').info.output, 'o %proc.name');
  assert.equal(load('- rule: r\n  priority: INFO\n').file.errors[0]!.message, "Item has no mapping for key 'condition'");
  assert.equal(load('- rule: r\n  condition: x\n  priority: INFO\n').file.errors[0]!.message, "Item has no mapping for key 'output'");
  assert.equal(load('- rule: r\n  condition: x\n  output: o\n  priority: INFO\n').file.errors[0]!.message, "Item has no mapping for key 'desc'");
  assert.equal(load('- rule: r\n  condition: x\n  output: o\n  desc: d\n').file.errors[0]!.message, "Item has no mapping for key 'priority'");
});

test('a list named with a space is usable (text substitution) but warned about', () => {
  const l = load(`
- list: test list
  items: [open, openat, openat2]
- rule: test_rule
  desc: test rule
  condition: evt.type in (test list)
  output: user=%user.name
  priority: INFO
  enabled: false
`);
  assert.deepEqual(warningCodes(l), ['LOAD_INVALID_LIST_NAME']);
  assert.equal(compiledCondition(l), 'evt.type in (open, openat, openat2)');
});

test('a list name next to = is substituted too (Falco text substitution)', () => {
  const l = load(`
- list: editor
  items: [vi]
- rule: test_rule
  desc: test rule
  condition: evt.type = open and proc.name=editor
  output: o
  priority: INFO
`);
  assert.equal(compiledCondition(l), '(evt.type = open and proc.name = vi)');
});

test('an empty list used in a list literal disappears with its comma', () => {
  const l = load(`
- list: nothing
  items: []
- rule: test_rule
  desc: test rule
  condition: evt.type = open and proc.name in (cat, nothing, vi)
  output: o
  priority: INFO
`);
  assert.equal(compiledCondition(l), '(evt.type = open and proc.name in (cat, vi))');
});

test('list items are one level deep: lists of lists of lists keep the innermost name', () => {
  const l = load(`
- list: a
  items: [x]
- list: b
  items: [a, y]
- list: c
  items: [b, z]
- rule: test_rule
  desc: test rule
  condition: evt.type = open and proc.name in (c)
  output: o
  priority: INFO
`);
  assert.equal(compiledCondition(l), '(evt.type = open and proc.name in (a, y, z))');
});

test('rules see macros defined after them in the same file', () => {
  const l = load(`
- rule: test_rule
  desc: test rule
  condition: later
  output: o
  priority: INFO
- macro: later
  condition: evt.type = open
`);
  assert.equal(l.file.successful, true);
  assert.equal(compiledCondition(l), 'evt.type = open');
});

test('rules may use macros of earlier files, which then count as used', () => {
  const l = loadFiles([
    { name: 'a.yaml', content: '- macro: opened\n  condition: evt.type = open\n' },
    { name: 'b.yaml', content: '- rule: test_rule\n  desc: d\n  condition: opened\n  output: o\n  priority: INFO\n' },
  ]);
  assert.deepEqual(l.result.files.map((f) => f.warnings.map((w) => w.code)), [['LOAD_UNUSED_MACRO'], []]);
});
