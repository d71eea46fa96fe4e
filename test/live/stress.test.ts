/**
 * Load: programs making system calls as fast as they can (open/read/close,
 * stat and a fork+exec every 100 rounds, one per core) for 30 s, with
 * falconet live on Falco's stable rules. falconet must keep running, stop
 * cleanly, account for every event it could not take (dropped events are
 * counted and reported, never silent) and keep its memory flat.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FALCO_RULES, REPO, alertsWith, jsonAlerts, nonce, run, sleep, startFalconet } from './live-run.js';

const SECONDS = 30;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) / 1024;
}

test(`live stress: ${SECONDS} s of syscalls as fast as they come`, { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fnstress'));
  try {
    const stress = join(dir, 'syscalls');
    const cc = spawnSync('cc', ['-O2', '-o', stress, join(REPO, 'bench/workload/syscalls.c')], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const data = join(dir, 'data');
    writeFileSync(data, 'stress\n');

    const fn = startFalconet(['-r', FALCO_RULES, '-o', 'json_output=true', '-v']);
    await fn.ready;
    const pid = fn.child.pid!;

    const cores = Math.max(1, Math.min(2, availableParallelism()));
    // Far more rounds than 30 s allow: the programs are stopped at the deadline.
    const loads = Array.from({ length: cores }, (_, c) => spawn('taskset', ['-c', String(c), stress, data, '1000000000', '100'], { stdio: 'ignore' }));
    const samples: number[] = [];
    const started = Date.now();
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(1000);
      assert.equal(fn.child.exitCode, null, 'falconet is still running');
      samples.push(rssMb(pid));
    }
    for (const l of loads) l.kill('SIGKILL');
    await Promise.all(loads.map((l) => new Promise((r) => (l.exitCode !== null || l.signalCode !== null ? r(null) : l.on('exit', r)))));
    // One alert at the end, once the load has stopped: the pipeline still works.
    const marker = nonce('stress');
    await run('cat', ['/etc/shadow', marker]);
    await sleep(1500);
    fn.child.kill('SIGINT');
    const out = await fn.done;

    assert.equal(out.status, 0, `falconet exit status, stderr:\n${out.stderr.slice(-2000)}`);
    const events = /Driver Events:(\d+)/.exec(out.stderr);
    const drops = /Driver Drops:(\d+)/.exec(out.stderr);
    assert.ok(events && drops, `driver counters in the summary:\n${out.stderr.slice(-1500)}`);
    const nEvents = Number(events[1]);
    const nDrops = Number(drops[1]);
    assert.ok(nEvents > 1_000_000, `the probe saw the load (${nEvents} events)`);
    if (nDrops > 0) {
      // Never silent: the drops are in the log with their causes.
      assert.match(out.stderr, new RegExp(`The probe dropped ${nDrops} of ${nEvents} events \\(ring full: \\d+`));
    }
    const alerts = alertsWith(jsonAlerts(out.stdout), 'Read sensitive file untrusted', marker);
    assert.equal(alerts.length, 1, 'the read of /etc/shadow after the load alerts once');

    // Flat memory: after the first third (start-up, queues and heap filling up
    // to their working size) the last third peaks no higher than the middle one.
    const third = Math.floor(samples.length / 3);
    const middle = Math.max(...samples.slice(third, 2 * third));
    const late = Math.max(...samples.slice(2 * third));
    const summary = `RSS samples (MB): ${samples.map((s) => s.toFixed(0)).join(' ')}; ${nEvents} events, ${nDrops} dropped`;
    console.log(summary);
    assert.ok(late <= middle + 20, `memory grows: ${summary}`);
    assert.ok(Math.max(...samples) < 400, `memory bound: ${summary}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
