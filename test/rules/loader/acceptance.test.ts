/**
 * The official Falco rules files load without errors, alone (each declares
 * its own macros and lists) and together in the usual order; the warnings
 * Falco would print are listed in the test output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RuleEngine } from '../../../src/rules/engine.js';
import { formatValidationText, formatVerbose, validationOutput } from '../../../src/rules/loader/load-result.js';
import { REFERENCE } from '../../reference.js';

const DIR = `${REFERENCE}/rules/`;
const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];
const EXPECTED_RULES: Record<string, number> = {
  'falco_rules.yaml': 25,
  'falco-incubating_rules.yaml': 31,
  'falco-sandbox_rules.yaml': 37,
};

function file(name: string): { name: string; content: string } {
  return { name, content: readFileSync(DIR + name, 'utf8') };
}

for (const name of FILES) {
  test(`${name} loads alone with no errors`, (t) => {
    const engine = new RuleEngine();
    const result = engine.load([file(name)]);
    for (const f of result.files) if (f.warnings.length > 0) t.diagnostic(formatVerbose(f));
    assert.equal(result.requirementError, undefined);
    assert.deepEqual(result.files[0]!.errors.map((e) => e.message), []);
    assert.equal(result.successful, true);
    assert.deepEqual(result.files[0]!.schemaValidation, ['ok']);
    assert.equal(engine.rules().length, EXPECTED_RULES[name]);
    t.diagnostic(`warnings Falco would print for ${name}: ${result.files[0]!.warnings.length}`);
  });
}

test('the three official files load together, in order', (t) => {
  const engine = new RuleEngine();
  const result = engine.load(FILES.map(file));
  assert.equal(result.successful, true);
  assert.equal(engine.rules().length, 25 + 31 + 37);
  const out = validationOutput(result, false);
  t.diagnostic(out.stdout);
  assert.equal(out.exitCode, 0);
  assert.equal(formatValidationText(result).split('\n')[0]!.startsWith('falco_rules.yaml: Ok'), true);
  // Every rule is indexed by the event types it can match.
  for (const r of engine.rules()) assert.ok(r.eventTypes.all || r.eventTypes.names.size > 0, r.name);
  const described = engine.describeRules() as unknown as { rules: unknown[]; macros: unknown[]; lists: unknown[] };
  assert.equal(described.rules.length, 93);
  const text = RuleEngine.formatDescriptionText(described as never);
  for (const r of engine.rules()) assert.ok(text.includes(r.name), r.name);
});

test('a ruleset with the default selection of the stable rules', () => {
  const engine = new RuleEngine();
  engine.load([file('falco_rules.yaml')]);
  const enabled = engine.rules().filter((r) => r.enabled).length;
  const ruleset = engine.buildRuleset({ selection: [], minPriority: 7 });
  assert.equal(ruleset.enabledCount, enabled);
  const notice = engine.buildRuleset({ selection: [], minPriority: 5 });
  assert.equal(notice.size, engine.rules().filter((r) => r.priority <= 5).length);
});

test('the k8s audit rules need the k8saudit plugin', () => {
  const engine = new RuleEngine();
  const result = engine.load([file('k8s_audit_rules.yaml')]);
  assert.match(result.requirementError ?? '', /^Plugin requirement not satisfied, must load one of: k8saudit \(>= 0\.18\.0\)/);
  // Rules of an unknown source are skipped, so the macros and lists only they use are unused.
  const codes = new Set(result.files[0]!.warnings.map((w) => w.code));
  assert.deepEqual([...codes].sort(), ['LOAD_UNKNOWN_SOURCE', 'LOAD_UNUSED_LIST', 'LOAD_UNUSED_MACRO']);
  assert.equal(result.files[0]!.errors.length, 0);
});
