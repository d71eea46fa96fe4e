/**
 * The ./falconet launcher's choice of V8 flags: live capture runs V8
 * single-threaded, replay keeps its background threads. A stand-in `node`
 * first on PATH prints the arguments the launcher execs it with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../reference.js';

function nodeArgsFor(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'fn-launcher-'));
  try {
    const stub = join(dir, 'node');
    writeFileSync(stub, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
    chmodSync(stub, 0o755);
    const r = spawnSync(join(REPO, 'falconet'), args, { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('launcher: live capture runs V8 single-threaded, with the given arguments passed on', () => {
  const args = nodeArgsFor(['-r', 'rules.yaml', '-M', '5']);
  assert.ok(args.includes('--single-threaded'), args.join(' '));
  assert.ok(args.includes('--max-semi-space-size=2'));
  assert.deepEqual(args.slice(-4), ['-r', 'rules.yaml', '-M', '5']);
  assert.match(args[args.length - 5]!, /dist\/src\/cli\/main\.js$/);
});

test('launcher: replay (-e FILE, -eFILE or -o engine.kind=replay) keeps V8 background threads', () => {
  for (const replay of [['-e', 'x.scap'], ['-ex.scap'], ['-o', 'engine.kind=replay', '-o', 'engine.replay.capture_file=x.scap']]) {
    const args = nodeArgsFor(['-r', 'rules.yaml', ...replay]);
    assert.ok(!args.includes('--single-threaded'), `${replay.join(' ')}: ${args.join(' ')}`);
    assert.deepEqual(args.slice(-replay.length), replay);
  }
});
