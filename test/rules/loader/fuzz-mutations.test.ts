/**
 * Fuzzing the loader with mutations of the official rules files: slices of
 * consecutive items (so that macros, lists and rules refer to each other)
 * edited at random, and a few whole files. Loading never throws and always
 * gives a complete, printable result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadAndCheck, mutate, Random, topLevelItems } from './fuzz-support.js';
import { REFERENCE } from '../../reference.js';

const DIR = `${REFERENCE}/rules/`;
const SOURCES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'k8s_audit_rules.yaml'].map((n) =>
  readFileSync(DIR + n, 'utf8'),
);
const ITEMS = SOURCES.map(topLevelItems);

test('6000 mutated slices of the official rules', () => {
  const rnd = new Random(0x5eed_0003);
  let ok = 0;
  const codes = new Set<string>();
  for (let i = 0; i < 6000; i++) {
    const items = rnd.pick(ITEMS);
    const start = rnd.int(items.length);
    const slice = items.slice(start, start + 1 + rnd.int(6)).join('');
    const text = mutate(slice, rnd, 1 + rnd.int(4));
    const r = loadAndCheck(text, `slice #${i}`);
    if (r.successful) ok++;
    for (const f of r.files) for (const m of [...f.errors, ...f.warnings]) codes.add(m.code);
  }
  // Mutations land everywhere: some texts still load, many fail at every stage.
  assert.ok(ok > 300);
  for (const c of ['LOAD_ERR_YAML_PARSE', 'LOAD_ERR_YAML_VALIDATE', 'LOAD_ERR_COMPILE_CONDITION', 'LOAD_ERR_COMPILE_OUTPUT', 'LOAD_ERR_VALIDATE']) {
    assert.ok(codes.has(c), c);
  }
});

test('removing any rule keeps a file loadable', () => {
  const rnd = new Random(0x5eed_0004);
  for (let i = 0; i < 30; i++) {
    const items = ITEMS[i % 3]!;
    const rules = items.map((it, k) => [it, k] as const).filter(([it]) => it.startsWith('- rule:'));
    const [, drop] = rnd.pick(rules);
    const r = loadAndCheck(items.filter((_, k) => k !== drop).join(''), `without item #${drop}`);
    assert.deepEqual(r.files[0]!.errors.map((e) => e.message), [], `without item #${drop}`);
  }
});

test('20 mutated whole files', () => {
  const rnd = new Random(0x5eed_0005);
  for (let i = 0; i < 20; i++) loadAndCheck(mutate(SOURCES[i % 3]!, rnd, 1 + rnd.int(10)), `whole file #${i}`);
});
