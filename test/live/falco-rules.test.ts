/**
 * falconet live with Falco's official stable rules (falco_rules.yaml): while
 * it runs, this test makes the system calls each host-relevant rule is about
 * — and, for each, a benign look-alike that must not alert — then stops
 * falconet with SIGINT and checks the JSON alerts and their output fields.
 *
 * Rules left out: those that need a container (Packet socket created in
 * container, Drop and execute new binary in container, Linux Kernel Module
 * Injection Detected, Terminal shell in container, ...), an ssh client
 * (Disallowed SSH Connection Non Standard Port), a hard link across
 * /etc (the probe has no link/linkat handler), or an interactive system
 * user.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeLinkIds, linkIdsOf } from './native-probe.js';
import { alertsWith, FALCO_RULES, nonce, run, startFalconet, stopLive, type JsonAlert } from './live-run.js';

const PY = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'fnlive-'));
const N = {
  shadow: nonce('sh'), shadowOk: nonce('sho'),
  symlink: nonce('sy'), symlinkOk: nonce('syo'),
  traceme: nonce('tm'), peek: nonce('pk'), attach: nonce('at'),
  memfd: nonce('mf'), memfdOk: nonce('mfo'),
  shm: nonce('shm'), shmOk: nonce('shmo'),
  shell: nonce('rs'), shellOk: nonce('rso'),
  grep: nonce('gr'), grepOk: nonce('gro'),
  log: nonce('lg'), logOk: nonce('lgo'),
  shred: nonce('sd'), shredOk: nonce('sdo'),
  trav: nonce('tr'), travOk: nonce('tro'),
};

let alerts: JsonAlert[] = [];
let result: { status: number | null; stdout: string; stderr: string };
let links: number[] = [];

/** The system calls of every scenario, benign look-alikes included. */
async function scenarios(): Promise<void> {
  // Read sensitive file untrusted / benign read
  await run('cat', ['/etc/shadow', N.shadow]);
  await run('cat', ['/etc/hostname', N.shadowOk]);
  // Create Symlink Over Sensitive Files
  await run('ln', ['-s', '/etc/shadow', join(dir, N.symlink)]);
  await run('ln', ['-s', '/etc/hostname', join(dir, N.symlinkOk)]);
  // PTRACE anti-debug attempt (TRACEME), a harmless PEEKDATA, PTRACE attached to process (ATTACH)
  await run(PY, ['-c', `import ctypes; ctypes.CDLL(None).ptrace(0, 0, 0, 0)  # ${N.traceme}`]);
  await run(PY, ['-c', `import ctypes; ctypes.CDLL(None).ptrace(2, 999999, 0, 0)  # ${N.peek}`]);
  await run(PY, ['-c', [
    'import ctypes, os, subprocess, time',
    'libc = ctypes.CDLL(None, use_errno=True)',
    "p = subprocess.Popen(['sleep', '5'])",
    'libc.ptrace(16, p.pid, 0, 0)',
    'os.waitpid(p.pid, 0)',
    'libc.ptrace(17, p.pid, 0, 0)',
    'p.kill(); p.wait()',
    `# ${N.attach}`,
  ].join('\n')]);
  // Fileless execution via memfd_create / the same program executed from disk
  await run(PY, ['-c', [
    'import os',
    "fd = os.memfd_create('fnlive')",
    "os.write(fd, open('/bin/true', 'rb').read())",
    `os.execv('/proc/self/fd/%d' % fd, ['true', '${N.memfd}'])`,
  ].join('\n')]);
  await run(PY, ['-c', `import os; os.execv('/bin/true', ['true', '${N.memfdOk}'])`]);
  // Execution from /dev/shm / from a temporary folder
  const shmBin = `/dev/shm/${N.shm}`;
  copyFileSync('/bin/true', shmBin);
  copyFileSync('/bin/true', join(dir, N.shmOk));
  try {
    await run('chmod', ['755', shmBin, join(dir, N.shmOk)]);
    await run(shmBin, []);
    await run(join(dir, N.shmOk), []);
  } finally {
    rmSync(shmBin, { force: true });
  }
  // Run shell untrusted: a shell started by a program named like a web server / by another name
  copyFileSync('/bin/sh', join(dir, 'nginx'));
  copyFileSync('/bin/sh', join(dir, 'myapp'));
  await run('chmod', ['755', join(dir, 'nginx'), join(dir, 'myapp')]);
  await run(join(dir, 'nginx'), ['-c', `sh -c true ${N.shell}; true`]);
  await run(join(dir, 'myapp'), ['-c', `sh -c true ${N.shellOk}; true`]);
  // Search Private Keys or Passwords / an ordinary grep
  await run('grep', ['-r', 'BEGIN RSA PRIVATE', join(dir, N.grep)]);
  await run('grep', ['-r', 'hello world', join(dir, N.grepOk)]);
  // Clear Log Activities: a log truncated / appended to
  await run(PY, ['-c', `import os; os.close(os.open('/var/log/${N.log}.log', os.O_WRONLY | os.O_CREAT | os.O_TRUNC))`]);
  await run(PY, ['-c', `import os; os.close(os.open('/var/log/${N.logOk}.log', os.O_WRONLY | os.O_CREAT | os.O_APPEND))`]);
  rmSync(`/var/log/${N.log}.log`, { force: true });
  rmSync(`/var/log/${N.logOk}.log`, { force: true });
  // Remove Bulk Data from Disk: shred / rm
  copyFileSync('/etc/hostname', join(dir, N.shred));
  copyFileSync('/etc/hostname', join(dir, N.shredOk));
  await run('shred', ['-u', join(dir, N.shred)]);
  await run('rm', [join(dir, N.shredOk)]);
  // Directory traversal monitored file read (parent: this test, not a shell) / a plain path
  await run('cat', ['/etc/../etc/../etc/hostname', N.trav]);
  await run('cat', ['/etc/hostname', N.travOk]);
}

describe('live capture with falco_rules.yaml', () => {
  before(async () => {
    const live = startFalconet(['-r', FALCO_RULES, '-o', 'json_output=true', '-M', '40']);
    await live.ready;
    links = [...linkIdsOf(live.child.pid!)];
    await scenarios();
    const stopped = await stopLive(live);
    result = stopped;
    alerts = stopped.alerts;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops cleanly on SIGINT: status 0, summary, probe detached', () => {
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /SIGINT received, exiting\.\.\./);
    assert.match(result.stdout, /^Events detected: \d+$/m);
    assert.match(result.stderr, /Syscall event drop monitoring:\n {3}- event drop detected: 0 occurrences/);
    assert.equal(links.length, 3, 'falconet held its three probe links while running');
    const now = probeLinkIds();
    assert.deepEqual(links.filter((id) => now.has(id)), []);
  });

  it('Read sensitive file untrusted: cat /etc/shadow alerts, cat /etc/hostname does not', () => {
    const [a, ...more] = alertsWith(alerts, 'Read sensitive file untrusted', N.shadow);
    assert.ok(a, `no alert; got rules: ${alerts.map((x) => x.rule).join(', ')}`);
    assert.equal(more.length, 0);
    assert.equal(a.priority, 'Warning');
    assert.equal(a.source, 'syscall');
    assert.equal(a.output_fields['fd.name'], '/etc/shadow');
    assert.equal(a.output_fields['proc.name'], 'cat');
    assert.equal(a.output_fields['proc.exepath'], '/usr/bin/cat');
    assert.equal(a.output_fields['proc.cmdline'], `cat /etc/shadow ${N.shadow}`);
    assert.equal(a.output_fields['proc.pname'], 'node');
    assert.equal(a.output_fields['user.name'], 'root');
    assert.equal(a.output_fields['evt.type'], 'openat');
    assert.match(a.output, /^\d\d:\d\d:\d\d\.\d{9}: Warning Sensitive file opened for reading by non-trusted program \| file=\/etc\/shadow /);
    assert.deepEqual(alertsWith(alerts, 'Read sensitive file untrusted', N.shadowOk), []);
  });

  it('Create Symlink Over Sensitive Files: a link to /etc/shadow alerts, one to /etc/hostname does not', () => {
    const [a] = alertsWith(alerts, 'Create Symlink Over Sensitive Files', N.symlink);
    assert.ok(a);
    assert.equal(a.output_fields['evt.arg.target'], '/etc/shadow');
    assert.equal(a.output_fields['evt.arg.linkpath'], join(dir, N.symlink));
    assert.equal(a.output_fields['proc.name'], 'ln');
    assert.match(String(a.output_fields['evt.type']), /^symlink(at)?$/);
    assert.deepEqual(alertsWith(alerts, 'Create Symlink Over Sensitive Files', N.symlinkOk), []);
  });

  it('PTRACE anti-debug attempt: PTRACE_TRACEME alerts, PTRACE_PEEKDATA does not', () => {
    const [a] = alertsWith(alerts, 'PTRACE anti-debug attempt', N.traceme);
    assert.ok(a);
    assert.equal(a.priority, 'Notice');
    assert.equal(a.output_fields['evt.type'], 'ptrace');
    assert.equal(a.output_fields['proc.name'], 'python3');
    assert.deepEqual(alertsWith(alerts, 'PTRACE anti-debug attempt', N.peek), []);
    assert.deepEqual(alertsWith(alerts, 'PTRACE attached to process', N.peek), []);
  });

  it('PTRACE attached to process: PTRACE_ATTACH alerts', () => {
    const [a] = alertsWith(alerts, 'PTRACE attached to process', N.attach);
    assert.ok(a);
    assert.equal(a.priority, 'Warning');
    assert.equal(a.output_fields['evt.type'], 'ptrace');
    assert.equal(a.output_fields['proc.exepath'], '/usr/bin/python3.11');
  });

  it('Fileless execution via memfd_create: a program run from a memfd alerts, the same from disk does not', () => {
    const [a] = alertsWith(alerts, 'Fileless execution via memfd_create', N.memfd);
    assert.ok(a);
    assert.equal(a.priority, 'Critical');
    assert.equal(a.output_fields['evt.type'], 'execve');
    // python3 replaced itself with the memfd's program: same process, parent this test
    assert.equal(a.output_fields['proc.pname'], 'node');
    // the kernel names the process after the path executed: /proc/self/fd/N
    assert.match(String(a.output_fields['proc.name']), /^\d+$/);
    assert.equal(a.output_fields['proc.cmdline'], `${String(a.output_fields['proc.name'])} ${N.memfd}`);
    assert.deepEqual(alertsWith(alerts, 'Fileless execution via memfd_create', N.memfdOk), []);
  });

  it('Execution from /dev/shm: a binary run from /dev/shm alerts, one run from /tmp does not', () => {
    const [a] = alertsWith(alerts, 'Execution from /dev/shm', N.shm);
    assert.ok(a);
    assert.equal(a.output_fields['proc.exepath'], `/dev/shm/${N.shm}`);
    assert.equal(a.output_fields['evt.type'], 'execve');
    assert.deepEqual(alertsWith(alerts, 'Execution from /dev/shm', N.shmOk), []);
  });

  it('Run shell untrusted: a shell started by "nginx" alerts, one started by "myapp" does not', () => {
    const [a] = alertsWith(alerts, 'Run shell untrusted', N.shell);
    assert.ok(a);
    assert.equal(a.priority, 'Notice');
    assert.equal(a.output_fields['proc.name'], 'sh');
    assert.equal(a.output_fields['proc.pname'], 'nginx');
    assert.equal(a.output_fields['proc.pexepath'], join(dir, 'nginx'));
    assert.equal(a.output_fields['proc.cmdline'], `sh -c true ${N.shell}`);
    assert.deepEqual(alertsWith(alerts, 'Run shell untrusted', N.shellOk), []);
  });

  it('Search Private Keys or Passwords: grep for a private key header alerts, another grep does not', () => {
    const [a] = alertsWith(alerts, 'Search Private Keys or Passwords', N.grep);
    assert.ok(a);
    assert.equal(a.output_fields['proc.name'], 'grep');
    assert.equal(a.output_fields['proc.cmdline'], `grep -r BEGIN RSA PRIVATE ${join(dir, N.grep)}`);
    assert.deepEqual(alertsWith(alerts, 'Search Private Keys or Passwords', N.grepOk), []);
  });

  it('Clear Log Activities: a log opened with O_TRUNC alerts, one opened for appending does not', () => {
    const [a] = alertsWith(alerts, 'Clear Log Activities', N.log);
    assert.ok(a);
    assert.equal(a.output_fields['fd.name'], `/var/log/${N.log}.log`);
    assert.equal(a.output_fields['proc.name'], 'python3');
    assert.deepEqual(alertsWith(alerts, 'Clear Log Activities', N.logOk), []);
  });

  it('Remove Bulk Data from Disk: shred alerts, rm does not', () => {
    const [a] = alertsWith(alerts, 'Remove Bulk Data from Disk', N.shred);
    assert.ok(a);
    assert.equal(a.output_fields['proc.name'], 'shred');
    assert.equal(a.output_fields['evt.type'], 'execve');
    assert.deepEqual(alertsWith(alerts, 'Remove Bulk Data from Disk', N.shredOk), []);
  });

  it('Directory traversal monitored file read: /etc/../etc/../etc/hostname alerts, /etc/hostname does not', () => {
    const [a] = alertsWith(alerts, 'Directory traversal monitored file read', N.trav);
    assert.ok(a);
    assert.equal(a.output_fields['fd.name'], '/etc/hostname');
    assert.equal(a.output_fields['fd.nameraw'], '/etc/../etc/../etc/hostname');
    assert.deepEqual(alertsWith(alerts, 'Directory traversal monitored file read', N.travOk), []);
  });
});
