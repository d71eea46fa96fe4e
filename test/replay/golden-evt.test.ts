/**
 * The shared differential check against Falco 0.44.1 (falco-golden.py):
 * every evt.* field and syscall.type must agree with Falco on every event of
 * every shared capture. Other field classes are reported, not required here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { EXPECTED_0441, FALCONET, REPO, TRACES } from './run-falconet.js';

const SCRIPT = '/work/shared/tools/falco-golden.py';

test('falco-golden.py: every evt.* and syscall.type (capture, field) pair passes', (t) => {
  const r = spawnSync('python3', [SCRIPT, 'check', '-v', EXPECTED_0441], {
    encoding: 'utf8',
    cwd: REPO,
    timeout: 120000,
    env: { ...process.env, CAPTURE_DIRS: TRACES, FALCO_BIN: FALCONET },
  });
  if (r.error !== undefined) {
    t.skip(`python3 is not available: ${r.error.message}`);
    return;
  }
  const lines = r.stdout.split('\n');
  const verdicts = lines
    .map((l) => /^(PASS|FAIL) (\S+) (\S+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ ok: m[1] === 'PASS', capture: m[2]!, field: m[3]!.replace(/:$/, ''), line: m[0] }));
  const ours = verdicts.filter((v) => v.field.startsWith('evt.') || v.field === 'syscall.type');
  const failed = ours.filter((v) => !v.ok).map((v) => lines.find((l) => l.startsWith(v.line)) ?? v.line);
  assert.deepEqual(failed, []);
  // 5 captures, each with the evt fields Falco lists (ARG_REQUIRED and host-dependent ones aside) and evt.arg[0..2].
  assert.ok(ours.length >= 5 * 49, `only ${ours.length} evt pairs were checked`);
  const total = /^(\d+) passed, (\d+) failed$/m.exec(r.stdout);
  assert.ok(total !== null, r.stdout.slice(-500));
  t.diagnostic(`falco-golden: ${total[1]} passed, ${total[2]} failed of ${Number(total[1]) + Number(total[2])} (evt.*/syscall.type: ${ours.length} of ${ours.length})`);
});
