/**
 * Capture on alert, live on the real kernel (root): falconet runs with
 * `capture.enabled=true` and a rule with `capture: true` and
 * `capture_duration: 500` about cat reading /etc/shadow, while the test runs
 * that cat, waits past the deadline and runs a benign cat that another rule
 * (without `capture`) alerts on. Exactly one file must appear, named after
 * the alert's time and event number; Debian's sysdig 0.29.3 must read it;
 * and falconet's replay of it must raise the same alert with the same
 * proc.name, fd.name, proc.pid and time, and not the later benign one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FALCONET, jsonAlerts, nonce, run, sleep, startFalconet, stopLive, type JsonAlert, type Ran } from './live-run.js';

const SYSDIG = '/usr/bin/sysdig';
const dir = mkdtempSync(join(tmpdir(), 'fnalertcap-'));
const PREFIX = join(dir, 'alert');
const RULES = join(dir, 'rules.yaml');
const shadowMark = nonce('acs');
const benignMark = nonce('acb');

let shadowCat: Ran;
let benignCat: Ran;
let live: { status: number | null; stdout: string; stderr: string };
let alerts: JsonAlert[] = [];

const OUTPUT = 'read (proc.name=%proc.name fd.name=%fd.name proc.pid=%proc.pid evt.num=%evt.num evt.rawtime=%evt.rawtime)';

/** A field as the alert's text shows it (exact: JSON numbers lose digits beyond 2^53, event times have 19). */
function shown(a: JsonAlert, field: string): string {
  const m = new RegExp(`${field.replace('.', '\\.')}=([^ )]*)`).exec(a.output);
  assert.ok(m, `${field} not in ${a.output}`);
  return m[1]!;
}

function captureFiles(): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.scap')).sort();
}

before(async () => {
  writeFileSync(
    RULES,
    [
      '- rule: Cat reads shadow',
      '  desc: test',
      `  condition: evt.type in (open,openat) and fd.name=/etc/shadow and proc.name=cat and proc.cmdline contains ${shadowMark}`,
      `  output: shadow ${OUTPUT}`,
      '  priority: WARNING',
      '  capture: true',
      '  capture_duration: 500',
      '- rule: Cat reads hostname',
      '  desc: test',
      `  condition: evt.type in (open,openat) and fd.name=/etc/hostname and proc.name=cat and proc.cmdline contains ${benignMark}`,
      `  output: hostname ${OUTPUT}`,
      '  priority: NOTICE',
      '',
    ].join('\n'),
  );
  const falconet = startFalconet([
    '-r', RULES, '-o', 'json_output=true', '-M', '30',
    '-o', 'capture.enabled=true', '-o', `capture.path_prefix=${PREFIX}`,
  ]);
  await falconet.ready;
  shadowCat = await run('/bin/cat', ['/etc/shadow', shadowMark]);
  // Past the 500 ms deadline: the capture ends at the first event after it.
  await sleep(1500);
  benignCat = await run('/bin/cat', ['/etc/hostname', benignMark]);
  const stopped = await stopLive(falconet);
  live = stopped;
  alerts = stopped.alerts;
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('capture on alert, live', () => {
  it('both rules alert; falconet ends normally', () => {
    assert.equal(live.status, 0, live.stderr);
    const shadow = alerts.filter((a) => a.rule === 'Cat reads shadow');
    const benign = alerts.filter((a) => a.rule === 'Cat reads hostname');
    assert.equal(shadow.length, 1, live.stdout);
    assert.equal(benign.length, 1, live.stdout);
    assert.equal(shadow[0]!.output_fields['proc.pid'], shadowCat.pid);
    assert.equal(benign[0]!.output_fields['proc.pid'], benignCat.pid);
  });

  it('writes one file, named after the alert, gzip-compressed', () => {
    const a = alerts.find((x) => x.rule === 'Cat reads shadow')!;
    const ts = shown(a, 'evt.rawtime').padStart(20, '0');
    const num = shown(a, 'evt.num').padStart(20, '0');
    assert.deepEqual(captureFiles(), [`alert_${ts}_${num}.scap`]);
    assert.equal(readFileSync(join(dir, captureFiles()[0]!)).subarray(0, 2).toString('hex'), '1f8b');
  });

  it('sysdig 0.29.3 reads it, starting with the openat of /etc/shadow by cat', async () => {
    const file = join(dir, captureFiles()[0]!);
    const r = await run(SYSDIG, ['-r', file, '-p', '%evt.num %evt.type %proc.name %fd.name %proc.pid']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines[0], `1 openat cat /etc/shadow ${shadowCat.pid}`);
    assert.ok(lines.length > 1, 'the events after the alert are in the file too');
  });

  it('replays to the same alert (proc.name, fd.name, proc.pid, time) and only events of the capture window', async () => {
    const file = join(dir, captureFiles()[0]!);
    const r = await run(FALCONET, ['-r', RULES, '-e', file, '-o', 'json_output=true']);
    assert.equal(r.status, 0, r.stderr);
    const replayed = jsonAlerts(r.stdout);
    const original = alerts.find((x) => x.rule === 'Cat reads shadow')!;
    assert.equal(replayed.length, 1, r.stdout);
    const [again] = replayed;
    assert.equal(again!.rule, 'Cat reads shadow');
    for (const field of ['proc.name', 'fd.name', 'proc.pid', 'evt.rawtime']) {
      assert.equal(shown(again!, field), shown(original, field), field);
    }
    assert.equal(again!.output_fields['fd.name'], '/etc/shadow');
    assert.equal(again!.output_fields['proc.pid'], shadowCat.pid);
    // The replay numbers events from the file's start: the alert is its first event.
    assert.equal(again!.output_fields['evt.num'], 1);
  });
});
