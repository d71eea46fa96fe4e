/**
 * Fuzzing the loader with random bytes and random rules-shaped YAML: loading
 * never throws and always gives a complete, printable result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAndCheck, mutate, Random, randomBytes, randomRulesFile } from './fuzz-support.js';

test('4000 random byte strings', () => {
  const rnd = new Random(0x5eed_0001);
  let failed = 0;
  for (let i = 0; i < 4000; i++) {
    const r = loadAndCheck(randomBytes(rnd, rnd.int(300)), `bytes #${i}`);
    if (!r.successful) failed++;
  }
  // Almost all random bytes are not a rules file; the few that are must still be fine.
  assert.ok(failed > 3000);
});

test('3000 random rules-shaped files', () => {
  const rnd = new Random(0x5eed_0002);
  const codes = new Set<string>();
  for (let i = 0; i < 3000; i++) {
    const text = randomRulesFile(rnd);
    const r = loadAndCheck(i % 3 === 0 ? mutate(text, rnd, 2) : text, `generated #${i}`);
    for (const f of r.files) for (const m of [...f.errors, ...f.warnings]) codes.add(m.code);
  }
  // The generator reaches most of the loader's outcomes.
  for (const c of ['LOAD_ERR_YAML_PARSE', 'LOAD_ERR_YAML_VALIDATE', 'LOAD_ERR_VALIDATE', 'LOAD_UNKNOWN_KEY', 'LOAD_UNKNOWN_ITEM']) {
    assert.ok(codes.has(c), c);
  }
});

test('deep nesting, long lines and many items', () => {
  loadAndCheck('- ' + '['.repeat(20_000), 'unclosed flow nesting');
  loadAndCheck('- rule: r\n  condition: ' + '('.repeat(5000) + 'evt.type=open' + ')'.repeat(5000) + '\n  desc: d\n  output: o\n  priority: INFO\n', 'deep condition');
  loadAndCheck('- rule: r\n  condition: ' + 'not '.repeat(3000) + 'evt.type=open\n  desc: d\n  output: o\n  priority: INFO\n', 'many nots');
  loadAndCheck('- macro: m0\n  condition: evt.type=open\n' + Array.from({ length: 300 }, (_, i) => `- macro: m${i + 1}\n  condition: m${i} or m${i}\n`).join(''), 'macro chain');
  loadAndCheck('- list: l\n  items: [' + Array.from({ length: 20_000 }, (_, i) => `i${i}`).join(', ') + ']\n', 'long list');
  loadAndCheck('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: ' + '%proc.name '.repeat(2000) + '\n  priority: INFO\n', 'long output');
  loadAndCheck('- &a [*a, *a]\n', 'recursive alias');
  loadAndCheck('- rule: r\n  exceptions: &e [{name: x, fields: [proc.name], values: *e}]\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n', 'recursive exception values');
});
