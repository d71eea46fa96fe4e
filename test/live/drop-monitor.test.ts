/**
 * Falco's syscall_event_drops handling over readings of the probe's
 * counters: one check a second, the threshold on the share of dropped
 * events, the token bucket (rate, max_burst), and the log / alert / exit
 * actions with Falco's texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../../src/outputs/json-writer.js';
import { DropMonitor, TokenBucket, type DropSettings } from '../../src/sources/drop-monitor.js';
import type { ProbeCounters } from '../../src/sources/native-probe.js';

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;

function counters(nEvts: number, nDropsBuffer = 0, nDropsMaxEventSize = 0, nDropsOther = 0): ProbeCounters {
  return { nEvts: BigInt(nEvts), nDropsBuffer: BigInt(nDropsBuffer), nDropsMaxEventSize: BigInt(nDropsMaxEventSize), nDropsOther: BigInt(nDropsOther) };
}

function monitor(settings: Partial<DropSettings> = {}): {
  m: DropMonitor;
  logs: Array<[string, string]>;
  alerts: Array<{ time: bigint; message: string; rule: string; fields: Record<string, JsonValue> }>;
} {
  const logs: Array<[string, string]> = [];
  const alerts: Array<{ time: bigint; message: string; rule: string; fields: Record<string, JsonValue> }> = [];
  const full: DropSettings = { actions: ['log', 'alert'], threshold: 0.1, rate: 0.03333, maxBurst: 1, simulateDrops: false, ...settings };
  const m = new DropMonitor(full, counters(1000), T0, {
    log: (level, message) => logs.push([level, message]),
    alert: (time, message, rule, fields) => alerts.push({ time, message, rule, fields }),
  });
  return { m, logs, alerts };
}

test('drop monitor: drops over the threshold in a second raise the log and the alert, with the deltas', () => {
  const { m, logs, alerts } = monitor();
  assert.equal(m.check(counters(2000), T0 + S / 2n), true, 'the first reading only arms the clock');
  assert.equal(m.check(counters(3000, 400, 2, 3), T0 + 2n * S), true);
  assert.equal(m.occurrences, 1);
  assert.equal(m.actionsTaken, 1);
  const msg = 'Falco internal: syscall event drop. 405 system calls dropped in last second.';
  assert.deepEqual(logs, [['debug', msg]]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.time, T0 + 2n * S);
  assert.equal(alerts[0]!.message, msg);
  assert.equal(alerts[0]!.rule, 'Falco internal: syscall event drop');
  assert.equal(alerts[0]!.fields['n_evts'], '2000');
  assert.equal(alerts[0]!.fields['n_drops'], '405');
  assert.equal(alerts[0]!.fields['n_drops_buffer_total'], '400');
  assert.equal(alerts[0]!.fields['n_drops_scratch_map'], '3');
  assert.equal(alerts[0]!.fields['ebpf_enabled'], '1');
  assert.equal(Object.keys(alerts[0]!.fields).length, 15);
  assert.equal(m.summary(), 'Syscall event drop monitoring:\n   - event drop detected: 1 occurrences\n   - num times actions taken: 1\n');
});

test('drop monitor: a share of drops under the threshold, or no drops, is no occurrence', () => {
  const { m, logs, alerts } = monitor({ threshold: 0.1 });
  m.check(counters(1000), T0 + 1n);
  m.check(counters(11000, 500), T0 + 2n * S); // 500 of 10000
  m.check(counters(21000, 500), T0 + 4n * S); // none
  assert.equal(m.occurrences, 0);
  assert.deepEqual(logs, []);
  assert.deepEqual(alerts, []);
});

test('drop monitor: at most one check a second', () => {
  const { m } = monitor();
  m.check(counters(1000), T0 + 1n);
  m.check(counters(2000, 900), T0 + S / 2n);
  assert.equal(m.occurrences, 0, 'half a second after arming: no check yet');
  m.check(counters(2000, 900), T0 + S + 2n);
  assert.equal(m.occurrences, 1);
});

test('drop monitor: the token bucket limits actions, occurrences are still counted', () => {
  const { m, logs, alerts } = monitor({ rate: 0.5, maxBurst: 1 }); // one token every 2 s
  m.check(counters(1000), T0 + 1n);
  let total = 1000;
  let drops = 0;
  for (let s = 2n; s <= 6n; s++) {
    total += 1000;
    drops += 500;
    m.check(counters(total, drops), T0 + s * S + s);
  }
  assert.equal(m.occurrences, 5);
  assert.equal(m.actionsTaken, 3, 'at 2 s (full bucket), 4 s and 6 s');
  assert.equal(alerts.length, 3);
  assert.equal(logs.filter(([, t]) => t === 'Syscall event drop but token bucket depleted, skipping actions').length, 2);
});

test('drop monitor: the exit action logs at critical level and stops the run; ignore does nothing', () => {
  const exit = monitor({ actions: ['exit'] });
  exit.m.check(counters(1000), T0 + 1n);
  assert.equal(exit.m.check(counters(2000, 1000), T0 + 2n * S), false);
  assert.deepEqual(exit.logs, [
    ['critical', 'Falco internal: syscall event drop. 1000 system calls dropped in last second.'],
    ['critical', 'Exiting.'],
  ]);
  const ignore = monitor({ actions: ['ignore'] });
  ignore.m.check(counters(1000), T0 + 1n);
  assert.equal(ignore.m.check(counters(2000, 1000), T0 + 2n * S), true);
  assert.equal(ignore.m.occurrences, 1);
  assert.deepEqual(ignore.logs, []);
  assert.deepEqual(ignore.alerts, []);
});

test('drop monitor: simulate_drops adds one drop a second with a zero threshold', () => {
  const { m, logs, alerts } = monitor({ simulateDrops: true, threshold: 0.9 });
  m.check(counters(1000), T0 + 1n);
  m.check(counters(1_000_000), T0 + 2n * S);
  assert.equal(m.occurrences, 1);
  assert.deepEqual(logs[0], ['info', 'Simulating syscall event drop']);
  assert.equal(alerts[0]!.message, 'Falco internal: syscall event drop. 1 system calls dropped in last second.');
});

test("token bucket: starts full, refills at its rate, never above the maximum", () => {
  const b = new TokenBucket(1, 2, T0);
  assert.equal(b.claim(1, T0), true);
  assert.equal(b.claim(1, T0), true);
  assert.equal(b.claim(1, T0), false);
  assert.equal(b.claim(1, T0 + S / 2n), false);
  assert.equal(b.claim(1, T0 + S), true, '1.0 token after a second in all');
  assert.equal(b.claim(2, T0 + 100n * S), true, 'capped at 2');
  assert.equal(b.claim(1, T0 + 100n * S), false);
});
