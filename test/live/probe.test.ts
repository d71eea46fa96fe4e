/**
 * The live probe on this machine's kernel: load, attach, capture the system
 * calls of child processes doing known things, and check each event's type,
 * thread and decoded parameters. Runs as root; a probe that cannot load
 * fails the test (no skipping).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { release } from 'node:os';
import { nativeSyscall, EventCode } from '../../src/events/event-table.js';
import {
  COMPAT_PROBE_PATH,
  decodeBatch,
  defaultOptions,
  interestingTable,
  linkIdsOf,
  loadNative,
  probeLinkIds,
  PROBE_PATH,
  runCapturedChild,
  type LiveEvent,
} from './native-probe.js';
import { sleep } from './live-run.js';

const CAPTURED = [
  2, 3, 32, 33, 41, 42, 43, 44, 45, 49, 50, 56, 57, 58, 59, 82, 83, 85, 87, 88, 90, 91, 105, 106, 257, 258, 263, 264,
  266, 268, 288, 292, 316, 319, 322, 435, 437,
];
const GETPID = 39; /* no dedicated handler: a generic event */

/** args, env and cgroups are NUL-separated strings in a byte buffer. */
function strings(v: unknown): string[] {
  assert.ok(v instanceof Uint8Array, 'a byte buffer');
  return Buffer.from(v).toString('utf8').split('\0').filter((s) => s !== '');
}

function one(events: LiveEvent[], names: string[], pred: (e: LiveEvent) => boolean, what: string): LiveEvent {
  const found = events.find((e) => names.includes(e.name) && pred(e));
  assert.ok(found, `no ${what} among ${events.length} events: ${[...new Set(events.map((e) => e.name))].join(',')}`);
  return found;
}

const SCRIPT = String.raw`
import os, socket, sys, tempfile
d = tempfile.mkdtemp(prefix='fnlive')
p = os.path.join(d, 'a.txt')
fd = os.open(p, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o640)
st = os.fstat(fd)
ident = '%d:%d' % (st.st_ino, (os.major(st.st_dev) << 20) | os.minor(st.st_dev))  # dev as the kernel numbers it
os.close(fd)
fd2 = os.dup(0)
os.dup2(fd2, 100)
os.close(fd2)
os.close(100)
os.mkdir(os.path.join(d, 'sub'), 0o750)
os.rename(p, p + '.moved')
os.symlink(p + '.moved', os.path.join(d, 'link'))
os.chmod(p + '.moved', 0o600)
os.unlink(os.path.join(d, 'link'))
m = os.memfd_create('fnmem', os.MFD_CLOEXEC)
os.close(m)
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(5)
port = srv.getsockname()[1]
c = socket.socket()
c.connect(('127.0.0.1', port))
a, _ = srv.accept()
c.send(b'hello-falconet')
got = a.recv(100)
os.setgid(0)
os.setuid(0)
os.getpid()
try:
    os.execv('/nonexistent/fn-x', ['fn-x'])
except OSError:
    pass
os.unlink(p + '.moved')
os.rmdir(os.path.join(d, 'sub'))
os.rmdir(d)
print(d, port, fd, fd2, m, ident)
`;

/** Both builds of the probe: direct loads (Linux >= 6.2) and probe reads (older kernels). */
for (const [build, probePath] of [['probe.bpf.o', PROBE_PATH], ['probe-compat.bpf.o', COMPAT_PROBE_PATH]] as const) {
  test(`live probe (${build}): a child doing known syscalls yields the right events and parameters`, async () => {
    const native = loadNative();
    const h = native.open({ ...defaultOptions(interestingTable([...CAPTURED, GETPID])), probePath });
    assert.equal(h.probeObject, probePath);
    const events: LiveEvent[] = [];
    try {
      h.start((b) => decodeBatch(b, events));
      const { pid, stdout, mine } = await runCapturedChild(events, '/usr/bin/python3', ['-c', SCRIPT]);
      const [dir, portText, fdText, fd2Text, memfdText, ident] = stdout.trim().split(' ');
      const port = Number(portText);
      const file = `${dir}/a.txt`;

      // every event the probe sent has the exit code the x86_64 table gives its syscall
      for (const nr of CAPTURED) {
        const expected = nativeSyscall(nr)!.exitCode;
        for (const e of mine.filter((x) => x.name === nativeSyscall(nr)!.name)) assert.equal(e.type, expected);
      }

      const clone = one(mine, ['clone', 'clone3', 'fork', 'vfork'], (e) => e.params.res === 0, 'child side of the spawn');
      assert.equal(clone.params.tid, pid);
      assert.equal(clone.params.pid, pid);
      assert.equal(clone.params.vtid, pid);
      assert.equal(clone.params.ptid, process.pid);

      const exec = one(mine, ['execve'], (e) => e.params.res === 0, 'successful execve');
      assert.equal(exec.type, EventCode.SYSCALL_EXECVE_19_X);
      assert.equal(exec.params.exe, '/usr/bin/python3');
      assert.deepEqual(strings(exec.params.args).slice(0, 1), ['-c']);
      assert.equal(exec.params.tid, pid);
      assert.equal(exec.params.pid, pid);
      assert.equal(exec.params.ptid, process.pid);
      assert.equal(exec.params.comm, 'python3');
      assert.equal(exec.params.filename, '/usr/bin/python3');
      assert.equal(exec.params.trusted_exepath, '/usr/bin/python3.11');
      assert.equal(exec.params.uid, 0);
      assert.equal(exec.params.loginuid !== undefined, true);
      assert.ok((exec.params.vm_size as number) > 0);
      assert.ok((exec.params.fdlimit as number) > 0);
      assert.ok((exec.params.exe_ino as number) > 0);
      assert.match(strings(exec.params.cgroups)[0]!, /^[a-z]+=\//);
      assert.ok(strings(exec.params.env).some((v) => v.startsWith('PATH=')));

      const failed = one(mine, ['execve'], (e) => e.params.res === -2, 'failed execve');
      assert.equal(failed.params.filename, '/nonexistent/fn-x');
      assert.equal(failed.params.exe, 'fn-x');

      const open = one(mine, ['openat', 'open'], (e) => e.params.name === file, `open of ${file}`);
      assert.equal(open.params.fd, Number(fdText));
      const O_WRONLY = 2, O_CREAT = 4, O_TRUNC = 256, F_CREATED = 1 << 14;
      assert.equal((open.params.flags as number) & (O_WRONLY | O_CREAT | O_TRUNC | F_CREATED), O_WRONLY | O_CREAT | O_TRUNC | F_CREATED);
      assert.equal(open.params.mode, 0o640);
      assert.equal(`${open.params.ino}:${open.params.dev}`, ident, 'inode and superblock dev of the opened file');
      if (open.name === 'openat') assert.equal(open.params.dirfd, -100);

      one(mine, ['close'], (e) => e.params.fd === Number(fdText) && e.params.res === 0, 'close of the file');
      // os.dup is fcntl(F_DUPFD_CLOEXEC) in Python: only dup2 shows up
      one(mine, ['dup2', 'dup3'], (e) => e.params.oldfd === Number(fd2Text) && e.params.newfd === 100 && e.params.res === 100, 'dup2');
      one(mine, ['mkdir', 'mkdirat'], (e) => e.params.path === `${dir}/sub` && e.params.res === 0, 'mkdir');
      one(mine, ['rename', 'renameat', 'renameat2'], (e) => e.params.oldpath === file && e.params.newpath === `${file}.moved`, 'rename');
      one(mine, ['symlink', 'symlinkat'], (e) => e.params.target === `${file}.moved` && e.params.linkpath === `${dir}/link`, 'symlink');
      one(mine, ['chmod', 'fchmodat'], (e) => e.params.filename === `${file}.moved` && e.params.mode === 0o600, 'chmod');
      one(mine, ['unlink', 'unlinkat'], (e) => (e.params.path ?? e.params.name) === `${dir}/link` && e.params.res === 0, 'unlink');
      one(mine, ['memfd_create'], (e) => e.params.name === 'fnmem' && e.params.fd === Number(memfdText) && e.params.flags === 1, 'memfd_create');

      const sock = one(mine, ['socket'], (e) => e.params.domain === 2 && ((e.params.type as number) & 0xf) === 1, 'TCP socket');
      assert.ok((sock.params.fd as number) >= 0);
      one(mine, ['bind'], (e) => e.params.res === 0 && JSON.stringify(e.params.addr) === JSON.stringify({ family: 'inet', ip: '127.0.0.1', port: 0 }), 'bind');
      one(mine, ['listen'], (e) => e.params.res === 0 && e.params.backlog === 5, 'listen');
      const conn = one(mine, ['connect'], (e) => e.params.res === 0, 'connect');
      assert.deepEqual(conn.params.addr, { family: 'inet', ip: '127.0.0.1', port });
      const ct = conn.params.tuple as { family: string; sip: string; sport: number; dip: string; dport: number };
      assert.equal(ct.family, 'inet');
      assert.equal(ct.dip, '127.0.0.1');
      assert.equal(ct.dport, port);
      const acc = one(mine, ['accept', 'accept4'], (e) => (e.params.fd as number) >= 0, 'accept');
      const at = acc.params.tuple as typeof ct;
      assert.equal(at.sport, ct.sport, 'accept tuple: the client is the source');
      assert.equal(at.dport, port);
      const send = one(mine, ['sendto'], (e) => e.params.res === 14, 'sendto');
      assert.equal(Buffer.from(send.params.data as Uint8Array).toString(), 'hello-falconet');
      assert.equal(send.params.size, 14);
      assert.equal((send.params.tuple as typeof ct).dport, port);
      const recv = one(mine, ['recvfrom'], (e) => e.params.res === 14, 'recvfrom');
      assert.equal(Buffer.from(recv.params.data as Uint8Array).toString(), 'hello-falconet');
      assert.equal(recv.params.size, 100);
      one(mine, ['setgid'], (e) => e.params.res === 0 && e.params.gid === 0, 'setgid');
      one(mine, ['setuid'], (e) => e.params.res === 0 && e.params.uid === 0, 'setuid');

      const generic = one(mine, ['syscall'], (e) => e.params.nativeID === GETPID, 'generic getpid');
      assert.equal(generic.type, EventCode.GENERIC_X);
      assert.equal(generic.params.ID, nativeSyscall(GETPID)!.ppmSc);

      const exit = one(mine, ['procexit'], () => true, 'procexit');
      assert.equal(exit.params.status, 0);
      assert.equal(exit.params.ret, 0);

      // timestamps are wall-clock ns and follow the order the child ran in
      const now = BigInt(Date.now()) * 1_000_000n;
      assert.ok(exec.ts > now - 60_000_000_000n && exec.ts <= now, `ts ${exec.ts} vs now ${now}`);
      assert.ok(exec.ts < open.ts && open.ts < exit.ts);

      // falconet's own threads are never captured
      const own = new Set(readdirSync('/proc/self/task').map(Number));
      assert.equal(events.filter((e) => own.has(e.tid)).length, 0);
    } finally {
      h.close();
    }
  });
}

test('live probe: given both builds, the loader takes the direct-load one on a kernel with bpf_rdonly_cast', () => {
  const h = loadNative().open({ ...defaultOptions(interestingTable([GETPID])), compatProbePath: COMPAT_PROBE_PATH });
  try {
    const kernel = /^(\d+)\.(\d+)/.exec(release())!;
    const hasKfunc = Number(kernel[1]) > 6 || (Number(kernel[1]) === 6 && Number(kernel[2]) >= 2);
    assert.equal(h.probeObject, hasKfunc ? PROBE_PATH : COMPAT_PROBE_PATH, `kernel ${release()}`);
  } finally {
    h.close();
  }
});

test('live probe: cat /etc/hostname is seen from exec to exit', async () => {
  const native = loadNative();
  const h = native.open(defaultOptions(interestingTable([2, 3, 56, 57, 58, 59, 257, 322, 435])));
  const events: LiveEvent[] = [];
  try {
    h.start((b) => decodeBatch(b, events));
    const { pid, mine } = await runCapturedChild(events, 'cat', ['/etc/hostname']);
    const exec = one(mine, ['execve'], (e) => e.params.res === 0, 'execve of cat');
    assert.equal(exec.params.comm, 'cat');
    assert.deepEqual(strings(exec.params.args), ['/etc/hostname']);
    const open = one(mine, ['openat', 'open'], (e) => e.params.name === '/etc/hostname', 'open of /etc/hostname');
    assert.ok((open.params.fd as number) >= 0);
    one(mine, ['close'], (e) => e.params.fd === open.params.fd, 'close of /etc/hostname');
    const exit = one(mine, ['procexit'], () => true, 'procexit of cat');
    assert.equal(exit.tid, pid);
  } finally {
    h.close();
  }
});

test('live probe: close() detaches every program and stats() sums the CPUs', async () => {
  const native = loadNative();
  const h = native.open(defaultOptions(interestingTable([257, 3])));
  let delivered = 0;
  const counter = (b: Buffer): void => {
    const evs: LiveEvent[] = [];
    decodeBatch(b, evs);
    delivered += evs.length;
  };
  const ours = [...linkIdsOf(process.pid)];
  assert.equal(ours.length, 3, 'sys_exit, sched_process_exec and sched_process_exit are attached');
  assert.deepEqual(ours.filter((id) => !probeLinkIds().has(id)), [], 'bpftool lists them');
  h.start(counter);
  await runCapturedChild([], 'cat', ['/etc/hostname']);
  h.setInteresting(new Uint8Array(512)); // nothing more: counters settle
  await sleep(100);
  let s = h.stats();
  for (let i = 0; i < 50 && BigInt(delivered) + s.nDropsBuffer + s.nDropsMaxEventSize + s.nDropsOther < s.nEvts; i++) {
    await sleep(20);
    s = h.stats();
  }
  assert.ok(s.nEvts > 0n);
  assert.equal(BigInt(delivered), s.nEvts - s.nDropsBuffer - s.nDropsMaxEventSize - s.nDropsOther);
  const sum = (k: 'nEvts' | 'nDropsBuffer') => s.perCpu.reduce((a, c) => a + c[k], 0n);
  assert.equal(sum('nEvts'), s.nEvts);
  assert.equal(sum('nDropsBuffer'), s.nDropsBuffer);
  h.close();
  const after = probeLinkIds();
  assert.deepEqual(ours.filter((id) => after.has(id)), []);
  assert.throws(() => h.stats(), /closed/);
});

test('live probe: a batch holds the events of all CPUs in time order', async () => {
  const native = loadNative();
  const h = native.open(defaultOptions(interestingTable([257, 3])));
  const batches: LiveEvent[][] = [];
  h.start((b) => {
    const evs: LiveEvent[] = [];
    decodeBatch(b, evs);
    batches.push(evs);
  });
  try {
    // One open/close loop pinned to each CPU, so that every drain finds events in both rings.
    const loop = 'for i in $(seq 3000); do : < /etc/hostname; done';
    await Promise.all([0, 1].map((cpu) => new Promise((done) => spawn('taskset', ['-c', String(cpu), 'sh', '-c', loop], { stdio: 'ignore' }).on('exit', done))));
    await sleep(100);
  } finally {
    h.close();
  }
  const mixed = batches.filter((evs) => new Set(evs.map((e) => e.cpu)).size > 1);
  assert.ok(mixed.length > 0, `some batch holds events of both CPUs (${batches.length} batches)`);
  for (const evs of batches) {
    for (let i = 1; i < evs.length; i++) assert.ok(evs[i - 1]!.ts <= evs[i]!.ts, `event ${i} of a batch is older than the one before`);
  }
});
