/**
 * falconet's own default rules (rules/falconet_rules.yaml): they load cleanly
 * through the CLI and define the behaviours the README promises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleEngine } from '../../src/rules/engine.js';

const repo = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const file = join(repo, 'rules', 'falconet_rules.yaml');

test('the default rules validate with no error and no warning (-V, JSON result)', () => {
  const r = spawnSync(join(repo, 'falconet'), ['-V', file, '-o', 'json_output=true'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { falco_load_results: Array<{ successful: boolean; errors: unknown[]; warnings: unknown[] }> };
  assert.equal(result.falco_load_results.length, 1);
  assert.equal(result.falco_load_results[0]!.successful, true);
  assert.deepEqual(result.falco_load_results[0]!.errors, []);
  assert.deepEqual(result.falco_load_results[0]!.warnings, []);
});

test('the default rules cover the six promised behaviours, each indexed by event type', () => {
  const engine = new RuleEngine();
  const result = engine.load([{ name: file, content: readFileSync(file, 'utf8') }]);
  assert.equal(result.successful, true);
  const rules = new Map(engine.rules().map((r) => [r.name, r]));
  const expected: Array<[string, string[]]> = [
    ['Shell in container', ['execve', 'execveat']],
    ['Privileged container or sensitive mount', ['execve', 'execveat']],
    ['Unexpected child of a server', ['execve', 'execveat']],
    ['Shadow file read', ['open', 'openat', 'openat2']],
    ['File written below /dev', ['creat', 'open', 'openat', 'openat2']],
    ['System tool made an outbound connection', ['connect']],
  ];
  assert.deepEqual([...rules.keys()].sort(), expected.map(([n]) => n).sort());
  for (const [name, types] of expected) {
    const rule = rules.get(name)!;
    assert.equal(rule.enabled, true, name);
    assert.equal(rule.eventTypes.all, false, name);
    assert.deepEqual([...rule.eventTypes.names].sort(), types, name);
    assert.ok(rule.tags.includes('falconet'), name);
  }
});
