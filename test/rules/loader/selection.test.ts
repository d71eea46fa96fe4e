/**
 * From loaded rules to a runtime ruleset: priority filter, default enabled
 * state, falco.yaml `rules:` selection steps in order, and conditions that
 * evaluate against events through the source's extractors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldValue } from '../../../src/fields/value.js';
import { RuleEngine } from '../../../src/rules/engine.js';
import type { Ruleset } from '../../../src/rules/ruleset.js';

type Event = Record<string, FieldValue>;

const RULES = `
- rule: open cat
  desc: d
  condition: evt.type = open and proc.name = cat
  output: o
  priority: WARNING
  tags: [filesystem, mitre_discovery]
- rule: open vi
  desc: d
  condition: evt.type = open and proc.name = vi
  output: o
  priority: NOTICE
  tags: [filesystem]
- rule: exec shell
  desc: d
  condition: evt.type = execve and proc.name in (bash, sh)
  output: o
  priority: CRITICAL
  tags: [process]
- rule: debug rule
  desc: d
  condition: evt.type = close
  output: o
  priority: DEBUG
- rule: off by default
  desc: d
  condition: evt.type = connect
  output: o
  priority: ERROR
  enabled: false
  tags: [network]
`;

function engine(): RuleEngine<Event> {
  const e = new RuleEngine<Event>({
    extractors: () => ({ extractor: (field) => (ev: Event) => ev[field.info.name] }),
  });
  const r = e.load([{ name: 'rules.yaml', content: RULES }]);
  assert.equal(r.successful, true);
  return e;
}

function enabledNames(ruleset: Ruleset<Event>): string[] {
  return ruleset.enabledRules().map((r) => r.name).sort();
}

test('loaded rules keep their attributes', () => {
  const rules = engine().rules();
  assert.deepEqual(rules.map((r) => [r.name, r.priority, r.enabled]), [
    ['open cat', 4, true],
    ['open vi', 5, true],
    ['exec shell', 2, true],
    ['debug rule', 7, true],
    ['off by default', 3, false],
  ]);
  assert.deepEqual(rules[0]!.tags, ['filesystem', 'mitre_discovery']);
  assert.equal(rules[0]!.source, 'syscall');
  assert.deepEqual([...rules[0]!.eventTypes.names], ['open']);
  assert.equal(rules[0]!.eventTypes.all, false);
});

test('default state: each rule as its enabled key says', () => {
  assert.deepEqual(enabledNames(engine().buildRuleset({ selection: [], minPriority: 7 })), ['debug rule', 'exec shell', 'open cat', 'open vi']);
});

test('minimum priority leaves less severe rules out, even from selection', () => {
  const rs = engine().buildRuleset({ selection: [{ op: 'enable', rule: '*' }], minPriority: 4 });
  assert.deepEqual(enabledNames(rs), ['exec shell', 'off by default', 'open cat']);
  assert.equal(rs.get('open vi'), undefined);
});

test('selection steps apply in order: disable by tag then enable by name', () => {
  const rs = engine().buildRuleset({
    selection: [
      { op: 'disable', tag: 'filesystem' },
      { op: 'enable', rule: 'open c*' },
    ],
    minPriority: 7,
  });
  assert.deepEqual(enabledNames(rs), ['debug rule', 'exec shell', 'open cat']);
});

test('selection: disable everything, enable one tag; enable a disabled rule by exact name', () => {
  const a = engine().buildRuleset({ selection: [{ op: 'disable', rule: '*' }, { op: 'enable', tag: 'process' }], minPriority: 7 });
  assert.deepEqual(enabledNames(a), ['exec shell']);
  const b = engine().buildRuleset({ selection: [{ op: 'enable', rule: 'off by default' }], minPriority: 7 });
  assert.ok(b.isEnabled('off by default'));
});

test('per-source ruleset', () => {
  const rs = engine().buildRuleset({ selection: [], minPriority: 7, source: 'k8s_audit' });
  assert.equal(rs.size, 0);
  assert.equal(engine().buildRuleset({ selection: [], minPriority: 7, source: 'syscall' }).size, 5);
});

test('conditions evaluate against events', () => {
  const rs = engine().buildRuleset({ selection: [], minPriority: 7 });
  const hits = (type: string, ev: Event): string[] => rs.match(type, { 'evt.type': type, ...ev }, true).map((r) => r.name);
  assert.deepEqual(hits('open', { 'proc.name': 'cat' }), ['open cat']);
  assert.deepEqual(hits('open', { 'proc.name': 'ls' }), []);
  assert.deepEqual(hits('execve', { 'proc.name': 'sh' }), ['exec shell']);
  assert.deepEqual(hits('close', {}), ['debug rule']);
});

test('exceptions take effect at evaluation', () => {
  const e = new RuleEngine<Event>({ extractors: () => ({ extractor: (field) => (ev: Event) => ev[field.info.name] }) });
  e.load([{
    name: 'r.yaml',
    content: `
- rule: r
  desc: d
  condition: evt.type = open and proc.name in (cat, vi)
  output: o
  priority: INFO
  exceptions:
    - name: allow
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [vi, /tmp/]
`,
  }]);
  const rs = e.buildRuleset({ selection: [], minPriority: 7 });
  const hit = (ev: Event): boolean => rs.match('open', { 'evt.type': 'open', ...ev }, true).length > 0;
  assert.equal(hit({ 'proc.name': 'vi', 'fd.name': '/tmp/x' }), false);
  assert.equal(hit({ 'proc.name': 'vi', 'fd.name': '/etc/x' }), true);
  assert.equal(hit({ 'proc.name': 'cat', 'fd.name': '/tmp/x' }), true);
});

test('rules of a failed later file are not loaded: the last successful load stays', () => {
  const e = engine();
  const r = e.load([{ name: 'bad.yaml', content: '- rule: open cat\n  condition: and (\n  append: true\n' }]);
  assert.equal(r.successful, false);
  assert.equal(e.rules().length, 5);
  assert.equal(e.rules()[0]!.condition, 'evt.type = open and proc.name = cat');
});
