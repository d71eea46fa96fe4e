/**
 * The shared differential check against Falco 0.44.1 (falco-golden.py): every
 * field of every event of every shared capture must agree with what Falco
 * printed (all 1045 (capture, field) pairs).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { EXPECTED_0441, FALCONET, REPO, TRACES } from './run-falconet.js';
import { SHARED } from '../reference.js';

const SCRIPT = `${SHARED}/tools/falco-golden.py`;

test('falco-golden.py: all 1045 (capture, field) pairs agree with Falco 0.44.1', () => {
  const r = spawnSync('python3', [SCRIPT, 'check', '-v', EXPECTED_0441], {
    encoding: 'utf8',
    cwd: REPO,
    timeout: 180000,
    env: { ...process.env, CAPTURE_DIRS: TRACES, FALCO_BIN: FALCONET },
  });
  assert.equal(r.error, undefined, 'python3 is required to run the shared golden check');
  const failures = r.stdout.split('\n').filter((l) => l.startsWith('FAIL') || l.startsWith('SKIP'));
  assert.deepEqual(failures, []);
  const evtPairs = r.stdout.split('\n').filter((l) => /^PASS \S+ (evt\.|syscall\.type)/.test(l));
  assert.ok(evtPairs.length >= 5 * 49, `only ${evtPairs.length} evt pairs were checked`);
  assert.match(r.stdout, /^1045 passed, 0 failed$/m);
  assert.equal(r.status, 0);
});
