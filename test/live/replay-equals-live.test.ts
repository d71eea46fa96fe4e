/**
 * A whole live run against the replay of its capture (real kernel, root).
 *
 * Two falconets start side by side: one watching the host with Falco's
 * official stable rules plus a few rules of this test (JSON alerts), one
 * running `falconet capture -w FILE` with no filter. Once both are ready the
 * test makes the system calls of many scenarios — each tagged with a nonce
 * in its command line or file names — then stops both with SIGINT and
 * replays FILE with the same rules. The alerts that mention a nonce must be
 * the same on both sides: same rules, priorities, outputs and output fields,
 * same number of each; none missing, none extra. Event times are compared
 * with a tolerance (see TIME_FIELDS); fields built on the machine's boot
 * time are held to exact equality in a test of their own (BOOT_EPOCH_FIELDS).
 * One scenario process starts before both falconets, so the live run's
 * /proc scan and the tables the capture wrote are compared too.
 * Events the probe dropped on either side would make the comparison
 * meaningless, so the test fails on those, naming the side.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FALCO_RULES, FALCONET, nonce, run, sleep, startFalconet, type JsonAlert } from './live-run.js';

const PY = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'fnrel-'));
const CAPTURE = join(dir, 'run.scap');
const EXTRA_RULES = join(dir, 'extra_rules.yaml');

const N = {
  shadow: nonce('sh'),
  symlink: nonce('sy'),
  traceme: nonce('tm'),
  memfd: nonce('mf'),
  shm: nonce('shm'),
  shell: nonce('rs'),
  grep: nonce('gr'),
  log: nonce('lg'),
  shred: nonce('sd'),
  trav: nonce('tr'),
  mark: nonce('mk'),
  conn: nonce('cn'),
  script: nonce('sc'),
  pre: nonce('pre'),
};
const NONCES = Object.values(N);

const MARKER = join(dir, `${N.mark}.txt`);
const MARKER_MOVED = join(dir, `${N.mark}.moved`);
/** Named so the process name (at most 15 characters) keeps the whole nonce. */
const SCRIPT = join(dir, `${N.script}.sh`);
/** A file a process opens before either falconet starts: both know it from /proc only. */
const PRE_FILE = join(dir, `${N.pre}.dat`);
const PRE_ENV = N.pre.toUpperCase();

/**
 * Rules of this test, one per kind of state the replay must rebuild from
 * the capture: fds opened for writing, a rename's paths, both ends of a
 * loopback TCP connection, a script's process (interpreter, arguments,
 * ancestry, environment), and a file known from /proc only. Their outputs
 * name many fields on purpose.
 */
const EXTRA = `
- rule: Marker written
  desc: a file of this test opened for writing
  condition: evt.type in (open, openat, openat2, creat) and evt.is_open_write=true and fd.name startswith "${join(dir, N.mark)}"
  output: >
    marker written (fd.name=%fd.name fd.directory=%fd.directory fd.filename=%fd.filename fd.num=%fd.num
    fd.typechar=%fd.typechar flags=%evt.arg.flags mode=%evt.arg.mode res=%evt.res proc.cmdline=%proc.cmdline
    proc.pid=%proc.pid proc.ppid=%proc.ppid proc.pname=%proc.pname gparent=%proc.aname[2] proc.exepath=%proc.exepath
    proc.cwd=%proc.cwd user.uid=%user.uid user.name=%user.name group.gid=%group.gid)
  priority: WARNING
  tags: [replay_test]
- rule: Marker renamed
  desc: a file of this test renamed
  condition: evt.type in (rename, renameat, renameat2) and evt.arg.newpath contains "${N.mark}"
  output: >
    marker renamed (type=%evt.type old=%evt.arg.oldpath new=%evt.arg.newpath res=%evt.res
    proc.cmdline=%proc.cmdline proc.pid=%proc.pid proc.pname=%proc.pname proc.exepath=%proc.exepath)
  priority: NOTICE
- rule: Loopback connection
  desc: a TCP connection over the loopback interface, either end
  condition: >
    evt.type in (connect, accept, accept4) and fd.typechar=4 and fd.sip="127.0.0.1"
    and (proc.cmdline contains "${N.conn}" or proc.cmdline contains "${N.pre}")
  output: >
    loopback (type=%evt.type fd.name=%fd.name fd.num=%fd.num fd.l4proto=%fd.l4proto fd.cip=%fd.cip fd.cport=%fd.cport
    fd.sip=%fd.sip fd.sport=%fd.sport fd.lport=%fd.lport fd.rport=%fd.rport fd.is_server=%fd.is_server res=%evt.res
    proc.pid=%proc.pid proc.tid=%thread.tid proc.cmdline=%proc.cmdline container.id=%container.id)
  priority: INFO
  tags: [replay_test, network]
- rule: Named script run
  desc: the script of this test executed
  condition: evt.type in (execve, execveat) and evt.dir=< and proc.name="${N.script}.sh"
  output: >
    script (proc.name=%proc.name proc.exe=%proc.exe proc.exepath=%proc.exepath proc.args=%proc.args
    proc.cmdline=%proc.cmdline proc.pname=%proc.pname proc.pcmdline=%proc.pcmdline proc.aname[2]=%proc.aname[2]
    proc.aname[3]=%proc.aname[3] proc.apid[2]=%proc.apid[2] proc.sid=%proc.sid proc.vpgid=%proc.vpgid proc.tty=%proc.tty
    proc.cwd=%proc.cwd proc.is_exe_writable=%proc.is_exe_writable proc.exe_ino=%proc.exe_ino
    proc.env[${N.script.toUpperCase()}]=%proc.env[${N.script.toUpperCase()}] user.loginuid=%user.loginuid res=%evt.res)
  priority: ERROR
- rule: Pre-opened file closed
  desc: a file opened before the run closed during it
  condition: evt.type=close and fd.name contains "${N.pre}"
  output: >
    closed (fd.name=%fd.name fd.num=%fd.num fd.typechar=%fd.typechar fd.directory=%fd.directory fd.ino=%fd.ino
    fd.dev=%fd.dev proc.cmdline=%proc.cmdline proc.pid=%proc.pid proc.pname=%proc.pname proc.aname[2]=%proc.aname[2]
    proc.exepath=%proc.exepath proc.cwd=%proc.cwd proc.vpid=%proc.vpid proc.env[${PRE_ENV}]=%proc.env[${PRE_ENV}]
    user.name=%user.name group.name=%group.name container.id=%container.id)
  priority: WARNING
`;

/** What each scenario is expected to raise (at least), so the comparison is never between two empty sets. */
const EXPECTED: ReadonlyArray<[rule: string, nonce: string]> = [
  ['Read sensitive file untrusted', N.shadow],
  ['Create Symlink Over Sensitive Files', N.symlink],
  ['PTRACE anti-debug attempt', N.traceme],
  ['Fileless execution via memfd_create', N.memfd],
  ['Execution from /dev/shm', N.shm],
  ['Run shell untrusted', N.shell],
  ['Search Private Keys or Passwords', N.grep],
  ['Clear Log Activities', N.log],
  ['Remove Bulk Data from Disk', N.shred],
  ['Directory traversal monitored file read', N.trav],
  ['Marker written', N.mark],
  ['Marker renamed', N.mark],
  ['Loopback connection', N.conn],
  ['Named script run', N.script],
  ['Read sensitive file untrusted', N.pre],
  ['Loopback connection', N.pre],
  ['Pre-opened file closed', N.pre],
];

/**
 * Fields derived from the event's wall-clock time. The probe stamps events
 * with the kernel's boot clock plus an offset (wall clock minus boot clock)
 * that each falconet computes when it opens its probe: the capture's events
 * carry the capture's offset, the live run's its own. Two such readings
 * taken at different moments differ by a few nanoseconds to microseconds
 * (and more if the clock is being slewed), so these are compared with a
 * tolerance instead of exactly.
 */
const TIME_FIELDS = ['evt.time', 'evt.rawtime', 'evt.datetime', 'evt.time.s', 'evt.time.iso8601', 'evt.datetime.s', 'evt.rawtime.s', 'evt.rawtime.ns'];
/** The time prefix of a text output ("HH:MM:SS.nnnnnnnnn: ", from evt.time). */
const OUTPUT_TIME = /^\d\d:\d\d:\d\d\.\d{9}: /;
/**
 * Fields built on the machine's boot time in ns since the epoch
 * (boot_ts_epoch: the live state's own, or the capture file's machine block
 * on replay) plus a boot-relative kernel time. Falco takes boot_ts_epoch from
 * `btime` in /proc/stat, a constant, so a live run and the replay of its
 * capture agree exactly on them; they are held to exact equality in a test
 * of their own, so that a difference there is reported apart from the rest.
 */
const BOOT_EPOCH_FIELDS = ['container.start_ts', 'container.duration', 'proc.pidns_init_start_ts', 'proc.exe_ino.ctime_duration_pidns_start'];

/**
 * A process started before both falconets, so that its command line,
 * environment, ancestry and open file and socket come from /proc: the live
 * run's own scan on one side, the tables the capture wrote on the other.
 * Once told to go, it reads /etc/shadow, accepts one connection on its
 * listening socket and closes the file it opened at its start.
 */
function startPreExisting(): { child: ChildProcess; port: Promise<number>; done: Promise<number | null> } {
  const child = spawn(PY, ['-c', [
    'import socket, sys',
    `f = open('${PRE_FILE}', 'w')`,
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)',
    'print(s.getsockname()[1], flush=True)',
    'sys.stdin.readline()',
    "open('/etc/shadow').close()",
    'a, _ = s.accept(); a.close()',
    'f.close()',
    `# ${N.pre}`,
  ].join('\n')], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, [PRE_ENV]: 'from-proc' } });
  const port = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.on('error', reject);
    child.on('close', () => reject(new Error('the pre-existing process ended before it was ready')));
  });
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, port, done };
}

/** The system calls of every scenario. */
async function scenarios(pre: { child: ChildProcess; port: number; done: Promise<number | null> }): Promise<void> {
  // The pre-existing process: its own calls, and a client that connects to it.
  pre.child.stdin!.end('go\n');
  await run(PY, ['-c', `import socket; socket.create_connection(('127.0.0.1', ${pre.port})).close()  # ${N.pre}`]);
  assert.equal(await pre.done, 0, 'the pre-existing process failed');
  // Read sensitive file untrusted
  await run('cat', ['/etc/shadow', N.shadow]);
  // Create Symlink Over Sensitive Files
  await run('ln', ['-s', '/etc/shadow', join(dir, N.symlink)]);
  // PTRACE anti-debug attempt
  await run(PY, ['-c', `import ctypes; ctypes.CDLL(None).ptrace(0, 0, 0, 0)  # ${N.traceme}`]);
  // Fileless execution via memfd_create
  await run(PY, ['-c', [
    'import os',
    "fd = os.memfd_create('fnrel')",
    "os.write(fd, open('/bin/true', 'rb').read())",
    `os.execv('/proc/self/fd/%d' % fd, ['true', '${N.memfd}'])`,
  ].join('\n')]);
  // Execution from /dev/shm
  const shmBin = `/dev/shm/${N.shm}`;
  copyFileSync('/bin/true', shmBin);
  try {
    await run('chmod', ['755', shmBin]);
    await run(shmBin, []);
  } finally {
    rmSync(shmBin, { force: true });
  }
  // Run shell untrusted: a shell started by a copy of sh named like a web server
  copyFileSync('/bin/sh', join(dir, 'nginx'));
  await run('chmod', ['755', join(dir, 'nginx')]);
  await run(join(dir, 'nginx'), ['-c', `sh -c true ${N.shell}; true`]);
  // Search Private Keys or Passwords
  await run('grep', ['-r', 'BEGIN RSA PRIVATE', join(dir, N.grep)]);
  // Clear Log Activities
  await run(PY, ['-c', `import os; os.close(os.open('/var/log/${N.log}.log', os.O_WRONLY | os.O_CREAT | os.O_TRUNC))`]);
  rmSync(`/var/log/${N.log}.log`, { force: true });
  // Remove Bulk Data from Disk
  copyFileSync('/etc/hostname', join(dir, N.shred));
  await run('shred', ['-u', join(dir, N.shred)]);
  // Directory traversal monitored file read
  await run('cat', ['/etc/../etc/../etc/hostname', N.trav]);
  // Marker written, then renamed
  await run(PY, ['-c', `f = open('${MARKER}', 'w'); f.write('x'); f.close()`]);
  await run('mv', [MARKER, MARKER_MOVED]);
  // Loopback connection: one process, both ends (listen on an ephemeral port, connect, accept)
  await run(PY, ['-c', [
    'import socket',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)',
    'c = socket.create_connection(s.getsockname())',
    'a, _ = s.accept()',
    'c.sendall(b"x"); a.recv(1)',
    'a.close(); c.close(); s.close()',
    `# ${N.conn}`,
  ].join('\n')]);
  // Named script run (with an environment variable of its own)
  writeFileSync(SCRIPT, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  await run(SCRIPT, ['arg1', N.script], { env: { ...process.env, [N.script.toUpperCase()]: 'set' } });
}

/**
 * JSON alert lines of a run's stdout. Integers too large for a double
 * (nanosecond times, e.g. evt.time and container.start_ts) are read as
 * their digit strings, so no precision is lost in the comparison.
 */
function parseAlerts(stdout: string): JsonAlert[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l.replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"')) as JsonAlert);
}

/** Alerts that mention one of the nonces in any string output field. */
function ofScenarios(alerts: readonly JsonAlert[]): JsonAlert[] {
  return alerts.filter((a) => Object.values(a.output_fields).some((v) => typeof v === 'string' && NONCES.some((n) => v.includes(n))));
}

/** The values of an alert's boot-epoch fields, as its output text shows them. */
function bootEpochValues(a: JsonAlert): string[] {
  return BOOT_EPOCH_FIELDS.filter((k) => a.output_fields[k] !== undefined).map((k) => String(a.output_fields[k]));
}

/** An alert without its time-derived parts, as a canonical string (keys sorted). */
function canonical(a: JsonAlert): string {
  const fields = Object.fromEntries(
    Object.entries(a.output_fields)
      .filter(([k]) => !TIME_FIELDS.includes(k) && !BOOT_EPOCH_FIELDS.includes(k))
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
  );
  return JSON.stringify({
    rule: a.rule,
    priority: a.priority,
    source: a.source,
    tags: [...(a.tags ?? [])].sort(),
    output: bootEpochValues(a).reduce((o, v) => o.split(v).join('<boot-epoch>'), a.output.replace(OUTPUT_TIME, '')),
    output_fields: fields,
  });
}

/** How many times each element occurs. */
function counts(items: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

/** Elements of `a` not matched one-for-one in `b`. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = counts(b);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

function driverDrops(stderr: string): number {
  const m = /^Driver Drops:(\d+)$/m.exec(stderr);
  assert.ok(m, `no "Driver Drops" line (-v) in the live run's stderr:\n${stderr}`);
  return Number(m[1]);
}

function captureDrops(stderr: string): { dropped: number; of: number; written: number } {
  const m = /Events written: (\d+) \(of \d+ delivered\); dropped by the probe: (\d+) of (\d+)/.exec(stderr);
  assert.ok(m, `no capture summary in:\n${stderr}`);
  return { written: Number(m[1]), dropped: Number(m[2]), of: Number(m[3]) };
}

type Done = { status: number | null; stdout: string; stderr: string };
let live: Done;
let capture: Done;
let replay: Done;
let liveAlerts: JsonAlert[] = [];
let replayAlerts: JsonAlert[] = [];

describe('replay of a live run\'s capture', () => {
  before(async () => {
    writeFileSync(EXTRA_RULES, EXTRA);
    const rules = ['-r', FALCO_RULES, '-r', EXTRA_RULES, '-o', 'json_output=true'];
    const pre = startPreExisting();
    const port = await pre.port;
    const l = startFalconet([...rules, '-v', '-M', '60']);
    const c = startFalconet(['capture', '-w', CAPTURE, '-M', '60']);
    try {
      await Promise.all([l.ready, c.ready]);
      await scenarios({ ...pre, port });
      await sleep(500); // the last events reach both within a drain period
    } finally {
      l.child.kill('SIGINT');
      c.child.kill('SIGINT');
      pre.child.kill();
    }
    [live, capture] = await Promise.all([l.done, c.done]);
    replay = await run(FALCONET, [...rules, '-v', '-e', CAPTURE]);
    liveAlerts = ofScenarios(parseAlerts(live.stdout));
    replayAlerts = ofScenarios(parseAlerts(replay.stdout));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs all three to a normal end, without dropped events', () => {
    assert.equal(live.status, 0, live.stderr);
    assert.equal(capture.status, 0, capture.stderr);
    assert.equal(replay.status, 0, replay.stderr);
    const liveDrops = driverDrops(live.stderr);
    const cap = captureDrops(capture.stderr);
    assert.ok(cap.written > 0, capture.stderr);
    assert.equal(liveDrops, 0, `the live run's probe dropped ${liveDrops} events: the comparison would be meaningless\n${live.stderr}`);
    assert.equal(cap.dropped, 0, `the capture's probe dropped ${cap.dropped} of ${cap.of} events: the comparison would be meaningless\n${capture.stderr}`);
  });

  it('raises every scenario\'s alert live', () => {
    for (const [rule, n] of EXPECTED) {
      const hits = liveAlerts.filter((a) => a.rule === rule && JSON.stringify(a.output_fields).includes(n));
      assert.ok(hits.length > 0, `no live '${rule}' alert for ${n}; live scenario alerts: ${liveAlerts.map((a) => a.rule).join(', ')}`);
    }
    // Both ends of the loopback connection: connect and accept.
    for (const n of [N.conn, N.pre]) {
      const loop = liveAlerts.filter((a) => a.rule === 'Loopback connection' && String(a.output_fields['proc.cmdline']).includes(n));
      assert.deepEqual(loop.map((a) => String(a.output_fields['evt.type']).replace(/^accept4$/, 'accept')).sort(), ['accept', 'connect'], n);
    }
    // What the live run knows of the pre-existing process it read from /proc.
    const [closed] = liveAlerts.filter((a) => a.rule === 'Pre-opened file closed');
    assert.equal(closed!.output_fields['fd.name'], PRE_FILE);
    assert.equal(closed!.output_fields[`proc.env[${PRE_ENV}]`], 'from-proc');
    assert.equal(closed!.output_fields['proc.pname'], 'node');
    const [script] = liveAlerts.filter((a) => a.rule === 'Named script run');
    assert.equal(script!.output_fields['proc.env[' + N.script.toUpperCase() + ']'], 'set');
    assert.equal(script!.output_fields['proc.args'], `${SCRIPT} arg1 ${N.script}`);
  });

  it('raises the same alerts on replay: same rules, priorities, outputs and fields, same counts', (t) => {
    const l = liveAlerts.map(canonical);
    const r = replayAlerts.map(canonical);
    const missing = minus(l, r);
    const extra = minus(r, l);
    assert.deepEqual(
      { missing, extra },
      { missing: [], extra: [] },
      `replay differs from the live run (missing = live only, extra = replay only)`,
    );
    const perRule = (as: JsonAlert[]): Record<string, number> => Object.fromEntries([...counts(as.map((a) => a.rule))].sort());
    assert.deepEqual(perRule(replayAlerts), perRule(liveAlerts));
    t.diagnostic(`scenario alerts on each side: ${JSON.stringify(perRule(liveAlerts))}`);
    assert.equal(replayAlerts.length, liveAlerts.length);
  });

  /** Live and replay alerts paired up by their canonical text (equal sets, checked above). */
  function pairs(): Array<[JsonAlert, JsonAlert]> {
    const sort = (as: JsonAlert[]): JsonAlert[] =>
      [...as].map((a) => [canonical(a) + String(a.output_fields['evt.time']), a] as const).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, a]) => a);
    const ls = sort(liveAlerts);
    const rs = sort(replayAlerts);
    assert.equal(ls.length, rs.length);
    return ls.map((l, i) => [l, rs[i]!]);
  }

  it('stamps each alert with nearly the same event time on both sides', (t) => {
    assert.ok(liveAlerts.length > 0);
    let widest = 0n;
    for (const [l, r] of pairs()) {
      assert.equal(canonical(l), canonical(r));
      const lt = BigInt(String(l.output_fields['evt.time']));
      const rt = BigInt(String(r.output_fields['evt.time']));
      const dt = lt > rt ? lt - rt : rt - lt;
      // Two readings of (wall clock - boot clock) a second or two apart: well under a millisecond unless the clock is slewed hard.
      assert.ok(dt < 10_000_000n, `${l.rule}: evt.time live ${lt}, replay ${rt} (${dt} ns apart)`);
      if (dt > widest) widest = dt;
      // "time" is evt.time as text (to the nanosecond; Date.parse keeps milliseconds).
      assert.ok(Math.abs(Date.parse(l.time) - Date.parse(r.time)) <= 10, `${l.rule}: time live ${l.time}, replay ${r.time}`);
    }
    t.diagnostic(`largest evt.time difference: ${widest} ns`);
  });

  it('gives the fields built on the boot time the same values on both sides: Falco\'s, from btime', () => {
    // Falco's boot_ts_epoch is `btime` of /proc/stat in ns; a process of the host's PID namespace starts its
    // "container" then (its pidns_init_start_ts is boot_ts_epoch), so container.start_ts is that exactly.
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    assert.ok(btime);
    const falcoStart = String(BigInt(btime[1]!) * 1_000_000_000n);
    let seen = 0;
    for (const [l, r] of pairs()) {
      for (const k of BOOT_EPOCH_FIELDS) {
        if (l.output_fields[k] === undefined && r.output_fields[k] === undefined) continue;
        seen++;
        assert.equal(
          r.output_fields[k],
          l.output_fields[k],
          `${l.rule}: ${k} live ${String(l.output_fields[k])}, replay ${String(r.output_fields[k])}: ` +
            'the live run and the capture file disagree on the boot time (machine boot_ts_epoch)',
        );
        if (k === 'container.start_ts') assert.equal(l.output_fields[k], falcoStart, `${l.rule}: container.start_ts is not btime (${btime[1]} s)`);
      }
    }
    assert.ok(seen > 0, 'no alert has a boot-time field (Fileless execution via memfd_create shows container.start_ts)');
  });
});
