/**
 * Capture on alert during a replay (Falco captures in replay too), with the
 * real executable on cat_write.scap: the alerts stay Falco 0.44.1's, the
 * file is named after the first alert's time and event number, Debian's
 * sysdig 0.29.3 reads it, and replaying it raises the same alerts (byte for
 * byte Falco's expected text). Also: `all_rules` vs `rules`, one file per
 * alert with a zero duration, and a path prefix that cannot be written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXPECTED, EXPECTED_0441, TRACES, falconet, replayOf } from './run-falconet.js';

const CAPTURE = join(TRACES, 'cat_write.scap');
const SINGLE_RULE = join(EXPECTED, 'single_rule.yaml');
const FALCO_TEXT = readFileSync(join(EXPECTED_0441, 'single_rule_with_cat_write.txt'), 'utf8');
const ALERT_LINES = FALCO_TEXT.split('\n').filter((l) => l.includes('An open was seen'));

const root = mkdtempSync(join(tmpdir(), 'falconet-replay-capture-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** single_rule.yaml's rule with `capture: true`, printing the event number and time too. */
const CAPTURE_RULES = join(root, 'capture_rule.yaml');
writeFileSync(
  CAPTURE_RULES,
  [
    '- rule: open_from_cat',
    '  desc: A process named cat does an open',
    '  condition: evt.type=open and proc.name=cat',
    '  output: "An open was seen (command=%proc.cmdline num=%evt.num ts=%evt.rawtime fd=%fd.name pid=%proc.pid)"',
    '  priority: WARNING',
    '  capture: true',
    '',
  ].join('\n'),
);

function newDir(): string {
  const d = join(root, `run${++dirs}`);
  mkdirSync(d);
  return d;
}

function captureRun(rules: string, prefix: string, extra: string[] = []) {
  return falconet([
    '-r', rules, ...replayOf(CAPTURE), '-o', 'time_format_iso_8601=true',
    '-o', 'capture.enabled=true', '-o', `capture.path_prefix=${prefix}`, ...extra,
  ]);
}

function listed(dir: string): string[] {
  return readdirSync(dir).sort();
}

function sysdig(file: string, format: string, filter: string): string[] {
  const r = spawnSync('/usr/bin/sysdig', ['-r', file, '-p', format, filter], { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, `sysdig failed on ${file}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** The fields our capture rule prints, per alert. */
function alertFields(stdout: string): Array<Record<string, string>> {
  return stdout
    .split('\n')
    .filter((l) => l.includes('An open was seen'))
    .map((l) => Object.fromEntries([...l.matchAll(/(\w+)=([^ )]+)/g)].map((m) => [m[1]!, m[2]!])));
}

describe('capture on alert, replaying cat_write.scap', () => {
  it('a rule with capture: true writes one file that sysdig reads and that replays to the same alerts', () => {
    const dir = newDir();
    const r = captureRun(CAPTURE_RULES, join(dir, 'falco'));
    assert.equal(r.status, 0, r.stderr);
    const alerts = alertFields(r.stdout);
    assert.equal(alerts.length, 4);

    // One file (the 4 alerts are 270 µs apart, well within the 5 s default), named after the first.
    const first = alerts[0]!;
    assert.deepEqual(listed(dir), [`falco_${first['ts']!.padStart(20, '0')}_${first['num']!.padStart(20, '0')}.scap`]);
    const file = join(dir, listed(dir)[0]!);
    assert.equal(readFileSync(file).subarray(0, 2).toString('hex'), '1f8b', 'gzip-compressed, as Falco writes it');

    // sysdig 0.29.3 reads it: the same opens by cat, with their files and pid, as in the original.
    const format = '%evt.rawtime %proc.name %fd.name %proc.pid';
    const written = sysdig(file, format, 'evt.type=open and proc.name=cat');
    const original = sysdig(CAPTURE, format, 'evt.type=open and proc.name=cat and evt.dir=<');
    assert.equal(written.length, 4);
    assert.deepEqual(written, original);

    // Replayed, the file raises the same alerts: same time, command, fd and pid (event numbers restart).
    const again = falconet(['-r', CAPTURE_RULES, '-e', file, '-o', 'time_format_iso_8601=true']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(alertFields(again.stdout).map(({ num: _num, ...rest }) => rest), alerts.map(({ num: _num, ...rest }) => rest));
    // And with Falco's own rule file, exactly Falco 0.44.1's output for the original capture.
    const falcoRule = falconet(['-r', SINGLE_RULE, '-e', file, '-o', 'time_format_iso_8601=true']);
    assert.equal(falcoRule.stdout, FALCO_TEXT);
  });

  it('alerts print as without capture (Falco 0.44.1 text)', () => {
    const r = captureRun(SINGLE_RULE, join(newDir(), 'falco'), ['-o', 'capture.mode=all_rules']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, FALCO_TEXT);
  });

  it('mode all_rules captures on a rule without capture: true; mode rules does not', () => {
    const all = newDir();
    assert.equal(captureRun(SINGLE_RULE, join(all, 'falco'), ['-o', 'capture.mode=all_rules']).status, 0);
    assert.equal(listed(all).length, 1);
    const rules = newDir();
    assert.equal(captureRun(SINGLE_RULE, join(rules, 'falco')).status, 0);
    assert.deepEqual(listed(rules), []);
  });

  it('with default_duration 0 each alert has its own file, which replays to that one alert', () => {
    const dir = newDir();
    const r = captureRun(CAPTURE_RULES, join(dir, 'cap'), ['-o', 'capture.default_duration=0']);
    assert.equal(r.status, 0, r.stderr);
    const alerts = alertFields(r.stdout);
    const files = listed(dir);
    assert.deepEqual(files, alerts.map((a) => `cap_${a['ts']!.padStart(20, '0')}_${a['num']!.padStart(20, '0')}.scap`));
    files.forEach((f, i) => {
      const again = falconet(['-r', SINGLE_RULE, '-e', join(dir, f), '-o', 'time_format_iso_8601=true']);
      assert.equal(again.stdout.split('\n')[0], ALERT_LINES[i], f);
      assert.match(again.stdout, /Events detected: 1\n/);
    });
  });

  it('a path prefix in a missing directory: one error logged, alerts and exit status unchanged', () => {
    const prefix = join(root, 'missing', 'dir', 'falco');
    const r = captureRun(SINGLE_RULE, prefix, ['-o', 'capture.mode=all_rules', '-o', 'capture.default_duration=0']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, FALCO_TEXT);
    const errors = r.stderr.split('\n').filter((l) => l.includes('Unable to write capture file'));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0]!, /Unable to write capture file .*missing\/dir\/falco_\d{20}_\d{20}\.scap: ENOENT: no such file or directory \(capture\.path_prefix=/);
  });
});
