/**
 * `./falconet -M N` live with its own default rules (rules/falconet_rules.yaml
 * through falconet.yaml): the behaviours the README promises, each with a
 * benign look-alike that must stay quiet. The outbound connection is made
 * inside a network namespace this test creates, to an address it assigns
 * there (10.254.x.1 on the namespace's loopback), so no packet leaves it.
 * The run also simulates kernel drops (`syscall_event_drops.simulate_drops`)
 * to check Falco's drop alert and its end-of-run counts.
 *
 * `rule_matching=all`: on hosts whose processes sit in container-like
 * cgroups (this CI machine's do), "Shell in container" is the first rule to
 * match any shell and would hide "Unexpected child of a server" under
 * Falco's default `first` matching.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertsWith, anyAlertWith, jsonAlerts, nonce, run, startFalconet, type JsonAlert } from './live-run.js';

const PY = '/usr/bin/python3';
const DURATION_S = 8;
const DEV_FILE = '/dev/falconet-test-file';
const dir = mkdtempSync(join(tmpdir(), 'fnlive-'));
const netns = nonce('ns');
const addr = `10.254.${Math.floor(Math.random() * 200) + 20}.1`;
const N = {
  shadow: nonce('sh'), shadowPasswd: nonce('shp'), shadowOk: nonce('sho'),
  dev: nonce('dv'), devOk: nonce('dvo'),
  server: nonce('sv'), serverOk: nonce('svo'),
  out: nonce('ou'), outLoop: nonce('oul'), outOther: nonce('ouo'),
};
const pids: Record<string, number> = {};

let alerts: JsonAlert[] = [];
let result: { status: number | null; stdout: string; stderr: string };
let elapsedMs = 0;

/** Python that listens on `host`, connects to itself and prints the two ends; `tag` only marks the command line. */
function connectCode(host: string, tag: string): string {
  return [
    'import socket',
    `s = socket.socket(); s.bind(('${host}', 0)); s.listen(1)`,
    `c = socket.create_connection(('${host}', s.getsockname()[1]))`,
    "print('%s:%d->%s:%d' % (c.getsockname() + c.getpeername()))",
    `# ${tag}`,
  ].join('\n');
}

async function scenarios(): Promise<void> {
  // Shadow file read: cat alerts; a program named like a shadow reader and a read of another file do not
  pids['shadow'] = (await run('cat', ['/etc/shadow', N.shadow])).pid;
  copyFileSync('/bin/cat', join(dir, 'passwd'));
  await run('chmod', ['755', join(dir, 'passwd')]);
  await run(join(dir, 'passwd'), ['/etc/shadow', N.shadowPasswd]);
  await run('cat', ['/etc/hostname', N.shadowOk]);
  // File written below /dev: a regular file there alerts; /dev/null and /dev/shm do not
  try {
    pids['dev'] = (await run('sh', ['-c', `echo x > ${DEV_FILE}; : ${N.dev}`])).pid;
    await run('sh', ['-c', `echo x > /dev/null; echo x > /dev/shm/${N.devOk}; : ${N.devOk}`]);
  } finally {
    rmSync(DEV_FILE, { force: true });
    rmSync(`/dev/shm/${N.devOk}`, { force: true });
  }
  // Unexpected child of a server: a copy of /bin/sh named nginx starting a shell; the same named myapp
  copyFileSync('/bin/sh', join(dir, 'nginx'));
  copyFileSync('/bin/sh', join(dir, 'myapp'));
  await run('chmod', ['755', join(dir, 'nginx'), join(dir, 'myapp')]);
  await run(join(dir, 'nginx'), ['-c', `sh -c true ${N.server}; true`]);
  await run(join(dir, 'myapp'), ['-c', `sh -c true ${N.serverOk}; true`]);
  // System tool made an outbound connection: `ls` (python under that name) connects to a
  // non-loopback address of its namespace; loopback, and another program name, stay quiet
  symlinkSync(PY, join(dir, 'ls'));
  symlinkSync(PY, join(dir, 'fnclient'));
  const out = await run('ip', ['netns', 'exec', netns, join(dir, 'ls'), '-c', connectCode(addr, N.out)]);
  assert.equal(out.status, 0, out.stderr);
  pids['out'] = out.pid;
  pids['outConnection'] = 0;
  connection = out.stdout.trim();
  await run('ip', ['netns', 'exec', netns, join(dir, 'ls'), '-c', connectCode('127.0.0.1', N.outLoop)]);
  await run('ip', ['netns', 'exec', netns, join(dir, 'fnclient'), '-c', connectCode(addr, N.outOther)]);
}

let connection = '';

describe('live capture with the default rules (./falconet -M)', () => {
  before(async () => {
    for (const args of [['netns', 'add', netns], ['-n', netns, 'link', 'set', 'lo', 'up'], ['-n', netns, 'addr', 'add', `${addr}/32`, 'dev', 'lo']]) {
      const r = await run('ip', args);
      assert.equal(r.status, 0, `ip ${args.join(' ')}: ${r.stderr}`);
    }
    const t0 = Date.now();
    const live = startFalconet([
      '-o', 'json_output=true', '-o', 'rule_matching=all', '-M', String(DURATION_S), '-o', 'syscall_event_drops.simulate_drops=true',
    ]);
    await live.ready;
    await scenarios();
    result = await live.done;
    elapsedMs = Date.now() - t0;
    alerts = jsonAlerts(result.stdout);
  });
  after(async () => {
    await run('ip', ['netns', 'del', netns]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('-M ends the run by itself after the duration, with the summary', () => {
    assert.equal(result.status, 0, result.stderr);
    assert.ok(elapsedMs >= DURATION_S * 1000, `ran ${elapsedMs} ms`);
    assert.ok(elapsedMs < DURATION_S * 1000 + 8000, `ran ${elapsedMs} ms`);
    assert.match(result.stdout, /^Events detected: \d+\nRule counts by severity:\n/m);
    assert.match(result.stdout, /^ {3}Shadow file read: [1-9]\d*$/m);
    assert.equal(existsSync(DEV_FILE), false);
  });

  it('Shadow file read: cat /etc/shadow alerts; "passwd" reading it and cat of another file do not', () => {
    const [a, ...more] = alertsWith(alerts, 'Shadow file read', N.shadow);
    assert.ok(a, `rules seen: ${alerts.map((x) => x.rule).join(', ')}`);
    assert.equal(more.length, 0);
    assert.equal(a.priority, 'Warning');
    assert.equal(a.output_fields['fd.name'], '/etc/shadow');
    assert.equal(a.output_fields['proc.name'], 'cat');
    assert.equal(a.output_fields['proc.pid'], pids['shadow']);
    assert.equal(a.output_fields['proc.pname'], 'node');
    assert.equal(a.output_fields['user.name'], 'root');
    assert.deepEqual(a.tags, ['T1003.008', 'container', 'falconet', 'filesystem', 'host', 'mitre_credential_access']);
    assert.deepEqual(alertsWith(alerts, 'Shadow file read', N.shadowPasswd), []);
    assert.deepEqual(alertsWith(alerts, 'Shadow file read', N.shadowOk), []);
  });

  it('File written below /dev: a regular file alerts; /dev/null and /dev/shm do not', () => {
    const [a] = alertsWith(alerts, 'File written below /dev', N.dev);
    assert.ok(a);
    assert.equal(a.priority, 'Error');
    assert.equal(a.output_fields['fd.name'], DEV_FILE);
    assert.equal(a.output_fields['proc.name'], 'sh');
    assert.equal(a.output_fields['proc.pid'], pids['dev']);
    assert.deepEqual(alertsWith(alerts, 'File written below /dev', N.devOk), []);
  });

  it('Unexpected child of a server: a shell started by "nginx" alerts; by "myapp" it does not', () => {
    const [a] = alertsWith(alerts, 'Unexpected child of a server', N.server);
    assert.ok(a);
    assert.equal(a.output_fields['proc.pname'], 'nginx');
    assert.equal(a.output_fields['proc.name'], 'sh');
    assert.equal(a.output_fields['proc.cmdline'], `sh -c true ${N.server}`);
    assert.equal(a.output_fields['proc.pcmdline'], `nginx -c sh -c true ${N.server}; true`);
    assert.deepEqual(alertsWith(alerts, 'Unexpected child of a server', N.serverOk), []);
  });

  it('System tool made an outbound connection: "ls" connecting to a non-loopback address alerts; loopback and other programs do not', () => {
    const [a] = alertsWith(alerts, 'System tool made an outbound connection', N.out);
    assert.ok(a, `rules seen: ${alerts.map((x) => x.rule).join(', ')}`);
    assert.equal(a.output_fields['proc.name'], 'ls');
    assert.equal(a.output_fields['proc.pid'], pids['out']);
    assert.equal(a.output_fields['fd.name'], connection);
    assert.match(connection, new RegExp(`^${addr.replace(/\./g, '\\.')}:\\d+->${addr.replace(/\./g, '\\.')}:\\d+$`));
    assert.equal(a.output_fields['proc.exepath'], '/usr/bin/python3.11');
    assert.deepEqual(anyAlertWith(alerts, N.outLoop), []);
    assert.deepEqual(anyAlertWith(alerts, N.outOther), []);
  });

  it('simulated drops: one "Falco internal: syscall event drop" alert (rate-limited), counted at the end', () => {
    const drops = alerts.filter((x) => x.rule === 'Falco internal: syscall event drop');
    assert.equal(drops.length, 1);
    const d = drops[0]!;
    assert.equal(d.priority, 'Debug');
    assert.equal(d.source, 'internal');
    assert.equal(d.output, 'Falco internal: syscall event drop. 1 system calls dropped in last second.');
    assert.equal(d.output_fields['n_drops'], '1');
    assert.equal(d.output_fields['ebpf_enabled'], '1');
    assert.match(String(d.output_fields['n_evts']), /^\d+$/);
    const m = /- event drop detected: (\d+) occurrences\n {3}- num times actions taken: (\d+)/.exec(result.stderr);
    assert.ok(m, result.stderr);
    assert.ok(Number(m[1]) >= 3, `occurrences ${m[1]}`);
    assert.equal(Number(m[2]), 1);
  });
});
