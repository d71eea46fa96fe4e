import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_TS, EventCode, cloneParams, execParams, feed, forkFromBash, seededEngine } from './helpers.js';
import { CloneFlags, ALL_CAPABILITIES } from '../../src/state/ppm-flags.js';
import { FdFlags } from '../../src/state/fd-info.js';

const SEC = 1_000_000_000n;

test('fork seen from the caller: the child inherits exepath, cwd, env, fds and ids', () => {
  const e = forkFromBash(seededEngine(), 200, { exe: 'bash', comm: 'bash', args: ['-c', 'ls'] });
  assert.equal(e.thread?.tid, 100, 'the event belongs to the caller');
  const c = e.threads.get(200)!;
  assert.deepEqual([c.pid, c.ptid, c.vtid, c.vpid], [200, 100, 200, 200]);
  assert.equal(c.comm, 'bash');
  assert.equal(c.exepath, '/usr/bin/bash');
  assert.equal(c.getCwd(), '/home/u/');
  assert.deepEqual(c.getEnv(), ['HOME=/home/u', 'TERM=xterm']);
  assert.equal(c.argsString(), '-c ls');
  assert.equal(c.cmdLine, '', 'args were set before comm, like libsinsp');
  assert.equal(c.commandLine(), 'bash -c ls');
  assert.equal(c.fdTable()?.get(1)?.name, '/dev/pts/0');
  assert.equal((c.fdTable()!.get(1)!.flags & FdFlags.IS_CLONED) !== 0, true);
  assert.equal(c.uid, 1000);
  assert.equal(c.cloneTs, BASE_TS);
  assert.deepEqual(c.cgroups, [['cpuset', '/'], ['memory', '/']]);
  assert.equal(e.threads.get(100)!.children.includes(c), true);
});

test('the child\'s own clone exit right after the caller\'s changes nothing', () => {
  const e = forkFromBash(seededEngine(), 200);
  const c = e.threads.get(200)!;
  feed(e, EventCode.SYSCALL_CLONE_20_X, 200, cloneParams({ res: 0, tid: 200, pid: 200, ptid: 100, vtid: 200, vpid: 200, comm: 'other' }), BASE_TS + 1000n);
  assert.equal(e.threads.get(200), c);
  assert.equal(c.comm, 'bash');
  assert.equal(e.thread, c);
});

test('a child whose exit comes first is created from its own event and marked inverted', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_CLONE_20_X, 300, cloneParams({ res: 0, tid: 300, pid: 300, ptid: 100, vtid: 300, vpid: 300, comm: 'kid' }));
  const c = e.threads.get(300)!;
  assert.equal(e.thread, c);
  assert.equal((c.flags & CloneFlags.INVERTED) !== 0, true);
  assert.equal(c.getCwd(), '/home/u/');
  forkFromBash(e, 300, { comm: 'late' });
  assert.equal(e.threads.get(300), c, 'the caller keeps the child created first');
  assert.equal(c.comm, 'kid');
});

test('a new thread shares its process\'s fd table, cwd and env', () => {
  const e = forkFromBash(seededEngine(), 101, { flags: CloneFlags.THREAD | CloneFlags.VM | CloneFlags.FILES | CloneFlags.FS });
  const t = e.threads.get(101)!;
  const main = e.threads.get(100)!;
  assert.deepEqual([t.pid, t.ptid], [100, 1]);
  assert.equal(t.mainThread(), main);
  assert.equal(t.isMainThread(), false);
  assert.equal(main.numThreads(), 2);
  feed(e, EventCode.SYSCALL_OPEN_X, 101, { fd: 7, name: '/etc/hosts', flags: 1, mode: 0 });
  assert.equal(main.fdTable()?.get(7)?.name, '/etc/hosts');
  assert.equal(t.getCwd(), '/home/u/');
});

test('vfork children are not created from the caller, only from their own event', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_VFORK_20_X, 100, cloneParams({ res: 400, tid: 100, pid: 100, ptid: 1, vtid: 100, vpid: 100 }));
  assert.equal(e.threads.has(400), false);
  feed(e, EventCode.SYSCALL_VFORK_20_X, 400, cloneParams({ res: 0, tid: 400, pid: 400, ptid: 100, vtid: 400, vpid: 400 }));
  assert.equal(e.threads.get(400)?.ptid, 100);
});

test('a child in a new pid namespace comes from its own event, with namespace ids and start time', () => {
  const e = seededEngine({ bootTsEpoch: 1000n * SEC });
  forkFromBash(e, 500, { flags: CloneFlags.NEWPID });
  assert.equal(e.threads.has(500), false);
  feed(e, EventCode.SYSCALL_CLONE_20_X, 500, cloneParams({ res: 0, tid: 500, pid: 500, ptid: 100, vtid: 1, vpid: 1, flags: CloneFlags.NEWPID, pidns_init_start_ts: 5n * SEC }));
  const c = e.threads.get(500)!;
  assert.deepEqual([c.vtid, c.vpid], [1, 1]);
  assert.equal(c.isInPidNamespace(), true);
  assert.equal(c.pidnsInitStartTs, 1005n * SEC);
  assert.equal(c.group?.reaper, true, 'a namespace init reaps orphans');
});

test('a stale entry with the child\'s tid is replaced (an exit was missed)', () => {
  const e = forkFromBash(seededEngine(), 600, { comm: 'first' });
  const first = e.threads.get(600)!;
  forkFromBash(e, 600, { comm: 'second' }, BASE_TS + 10n * SEC);
  const second = e.threads.get(600)!;
  assert.notEqual(second, first);
  assert.equal(second.comm, 'second');
  assert.equal(first.erased, true);
});

test('a child that already exited is not re-added by its parent\'s late clone return', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_CLONE_20_X, 700, cloneParams({ res: 0, tid: 700, pid: 700, ptid: 100, vtid: 700, vpid: 700 }));
  feed(e, EventCode.PROCEXIT_1_E, 700, { status: 0, ret: 0, sig: 0, core: 0, reaper_tid: 0 });
  feed(e, EventCode.SYSCALL_CLOSE_X, 100, { res: 0, fd: 99 }, BASE_TS + 1n);
  assert.equal(e.threads.has(700), false);
  forkFromBash(e, 700, {}, BASE_TS + 2n);
  assert.equal(e.threads.has(700), false);
});

test('execve replaces what runs, keeps cwd, drops close-on-exec fds and resets flags', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_OPEN_X, 200, { fd: 5, name: '/tmp/secret', flags: (1 << 0) | (1 << 12), mode: 0 });
  feed(e, EventCode.SYSCALL_OPEN_X, 200, { fd: 6, name: '/tmp/kept', flags: 1, mode: 0 });
  feed(
    e,
    EventCode.SYSCALL_EXECVE_19_X,
    200,
    execParams({
      tid: 200, pid: 200, ptid: 100, exe: 'ls', comm: 'ls', args: ['-l', '/'], env: ['A=1', 'B=2'],
      flags: 1 | 2, cap_inheritable: 1, cap_permitted: 0x3fffffffffn, cap_effective: 0x3fffffffffn, loginuid: 1000,
      uid: 0, gid: 0, tty: 34817, pgid: 200, vpgid: 200, trusted_exepath: '/usr/bin/ls (deleted)',
    }),
    BASE_TS + SEC,
  );
  const t = e.threads.get(200)!;
  assert.equal(e.thread, t);
  assert.deepEqual([t.exe, t.comm, t.exepath], ['ls', 'ls', '/usr/bin/ls']);
  assert.equal(t.commandLine(), 'ls -l /');
  assert.deepEqual(t.getEnv(), ['A=1', 'B=2']);
  assert.equal(t.getCwd(), '/home/u/');
  assert.deepEqual([t.uid, t.gid, t.loginuid, t.tty, t.pgid, t.vpgid], [0, 0, 1000, 34817, 200, 200]);
  assert.deepEqual([t.exeWritable, t.exeUpperLayer, t.exeLowerLayer, t.exeFromMemfd], [true, true, false, false]);
  assert.equal(t.capEffective, 0x3fffffffffn);
  assert.equal(t.exeIno, 1234);
  assert.equal(t.exeInoCtimeDurationCloneTs, BASE_TS - 1_600_000_000_000_000_000n);
  assert.equal(t.lastExecTs, BASE_TS + SEC);
  assert.equal(t.fdTable()?.get(5), undefined);
  assert.equal(t.fdTable()?.get(6)?.name, '/tmp/kept');
  assert.equal(t.flags, CloneFlags.ACTIVE | CloneFlags.NAME_CHANGED);
});

test('an execve of an unknown thread repairs its placeholder from the event', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 900, execParams({ tid: 900, pid: 900, ptid: 100, exe: 'curl', comm: 'curl' }));
  const t = e.threads.get(900)!;
  assert.deepEqual([t.pid, t.ptid, t.vtid, t.vpid, t.comm], [900, 100, 900, 900, 'curl']);
  assert.equal(t.isInvalid(), false);
  assert.equal(e.threads.parentOf(t)?.comm, 'bash');
});

test('execve by one thread ends the other threads of its process', () => {
  const e = seededEngine();
  const threadFlags = CloneFlags.THREAD | CloneFlags.FILES | CloneFlags.VM;
  forkFromBash(e, 101, { flags: threadFlags });
  forkFromBash(e, 102, { flags: threadFlags });
  assert.equal(e.threads.get(100)!.numThreads(), 3);
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 100, execParams({ tid: 100, pid: 100, ptid: 1 }));
  assert.equal(e.threads.has(101), false);
  assert.equal(e.threads.has(102), false);
  assert.equal(e.threads.get(100)!.numThreads(), 1);
});

test('old captures: the exe path comes from the execve enter event, relative to the cwd', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_EXECVE_19_E, 200, { filename: './bin/tool' });
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 200, execParams({ tid: 200, pid: 200, ptid: 100, trusted_exepath: null }));
  assert.equal(e.threads.get(200)!.exepath, '/home/u/bin/tool');
  assert.equal(e.threads.get(200)!.lastEnter, undefined, 'the enter record serves one exit only');
});

test('old captures: execveat with AT_EMPTY_PATH runs the file its dirfd names', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_OPEN_X, 200, { fd: 9, name: '/opt/app/run', flags: 1, mode: 0 });
  feed(e, EventCode.SYSCALL_EXECVEAT_E, 200, { dirfd: 9, pathname: null, flags: 1 });
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 200, execParams({ tid: 200, pid: 200, ptid: 100, trusted_exepath: null }));
  assert.equal(e.threads.get(200)!.exepath, '/opt/app/run');
});

test('procexit marks the thread dead; it is removed at the next event and its children go to init', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_CLONE_20_X, 200, cloneParams({ res: 201, tid: 200, pid: 200, ptid: 100, vtid: 200, vpid: 200 }), BASE_TS + 1n);
  assert.equal(e.threads.get(201)!.ptid, 200);
  feed(e, EventCode.PROCEXIT_1_E, 200, { status: 0, ret: 0, sig: 0, core: 0, reaper_tid: 0 }, BASE_TS + 2n);
  assert.equal(e.thread?.isDead(), true);
  assert.equal(e.threads.has(200), true, 'still there while its exit is being described');
  feed(e, EventCode.SYSCALL_CLOSE_X, 100, { res: 0, fd: 99 }, BASE_TS + 3n);
  assert.equal(e.threads.has(200), false);
  assert.equal(e.threads.get(201)!.ptid, 1);
});

test('procexit with the kernel\'s reaper tid hands the children to it', () => {
  const e = forkFromBash(seededEngine(), 200);
  forkFromBash(e, 300, {}, BASE_TS + 1n);
  feed(e, EventCode.SYSCALL_CLONE_20_X, 200, cloneParams({ res: 201, tid: 200, pid: 200, ptid: 100, vtid: 200, vpid: 200 }), BASE_TS + 2n);
  feed(e, EventCode.PROCEXIT_1_E, 200, { status: 0, ret: 0, sig: 0, core: 0, reaper_tid: 300 }, BASE_TS + 3n);
  feed(e, EventCode.SYSCALL_CLOSE_X, 100, { res: 0, fd: 99 }, BASE_TS + 4n);
  assert.equal(e.threads.get(201)!.ptid, 300);
  assert.equal(e.threads.get(300)!.group?.reaper, true);
});

test('prctl(PR_SET_CHILD_SUBREAPER) makes a process adopt its orphaned descendants', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_PRCTL_X, 100, { res: 0, option: 36, arg2_str: null, arg2_int: 1 });
  assert.equal(e.threads.get(100)!.group?.reaper, true);
  feed(e, EventCode.SYSCALL_CLONE_20_X, 200, cloneParams({ res: 201, tid: 200, pid: 200, ptid: 100, vtid: 200, vpid: 200 }), BASE_TS + 1n);
  feed(e, EventCode.PROCEXIT_1_E, 200, { status: 0, ret: 0, sig: 0, core: 0 }, BASE_TS + 2n);
  feed(e, EventCode.SYSCALL_CLOSE_X, 100, { res: 0, fd: 99 }, BASE_TS + 3n);
  assert.equal(e.threads.get(201)!.ptid, 100);
  feed(e, EventCode.SYSCALL_PRCTL_X, 100, { res: 0, option: 36, arg2_str: null, arg2_int: 0 });
  assert.equal(e.threads.get(100)!.group?.reaper, false);
});

test('chdir (relative, absolute, ..), fchdir and getcwd update the process cwd', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_CHDIR_X, 100, { res: 0, path: 'projects/x' });
  assert.equal(e.threads.get(100)!.getCwd(), '/home/u/projects/x/');
  feed(e, EventCode.SYSCALL_CHDIR_X, 100, { res: 0, path: '../..' });
  assert.equal(e.threads.get(100)!.getCwd(), '/home/u/');
  feed(e, EventCode.SYSCALL_CHDIR_X, 100, { res: -2, path: '/nope' });
  assert.equal(e.threads.get(100)!.getCwd(), '/home/u/');
  feed(e, EventCode.SYSCALL_OPEN_X, 100, { fd: 8, name: '/var/log', flags: 1 << 10, mode: 0 });
  feed(e, EventCode.SYSCALL_FCHDIR_X, 100, { res: 0, fd: 8 });
  assert.equal(e.threads.get(100)!.getCwd(), '/var/log/');
  feed(e, EventCode.SYSCALL_GETCWD_X, 100, { res: 0, path: '/srv' });
  assert.equal(e.threads.get(100)!.getCwd(), '/srv/');
});

test('setsid, chroot and capset change the thread', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_SETSID_X, 100, { res: 100 });
  feed(e, EventCode.SYSCALL_CHROOT_X, 100, { res: 0, path: 'jail' });
  feed(e, EventCode.SYSCALL_CAPSET_X, 100, { res: 0, cap_inheritable: 0, cap_permitted: 0x20, cap_effective: 0x20 });
  const t = e.threads.get(100)!;
  assert.equal(t.sid, 100);
  assert.equal(t.root, '/home/u/jail');
  assert.deepEqual([t.capInheritable, t.capPermitted, t.capEffective], [0n, 0x20n, 0x20n]);
});

test('unshare(CLONE_NEWUSER) grants every capability', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_UNSHARE_X, 100, { res: 0, flags: CloneFlags.NEWUSER });
  assert.equal(e.threads.get(100)!.capEffective, ALL_CAPABILITIES);
  feed(e, EventCode.SYSCALL_CAPSET_X, 100, { res: 0, cap_inheritable: 0, cap_permitted: 0, cap_effective: 0 });
  feed(e, EventCode.SYSCALL_UNSHARE_X, 100, { res: 0, flags: CloneFlags.NEWNS });
  assert.equal(e.threads.get(100)!.capEffective, 0n);
});

test('setrlimit and prlimit on RLIMIT_NOFILE set the process fd limit', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_SETRLIMIT_X, 100, { res: 0, cur: 4096, max: 8192, resource: 7 });
  assert.equal(e.threads.get(100)!.fdLimit(), 4096);
  feed(e, EventCode.SYSCALL_SETRLIMIT_X, 100, { res: 0, cur: 1, max: 1, resource: 6 });
  assert.equal(e.threads.get(100)!.fdLimit(), 4096);
  feed(e, EventCode.SYSCALL_PRLIMIT_X, 100, { res: 0, newcur: 64, newmax: 64, oldcur: 0, oldmax: 0, pid: 200, resource: 7 });
  assert.equal(e.threads.get(200)!.fdLimit(), 64);
  assert.equal(e.threads.get(200)!.fdUsagePct(), Math.floor((3 * 100) / 64));
});

test('memory counters come from brk/mmap/munmap and scheduler switches', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_BRK_4_X, 100, { res: 0, vm_size: 1000, vm_rss: 500, vm_swap: 7, addr: 0 });
  const t = e.threads.get(100)!;
  assert.deepEqual([t.vmsizeKb, t.vmrssKb, t.vmswapKb], [1000, 500, 7]);
  feed(e, EventCode.SCHEDSWITCH_6_E, 100, { next: 1, pgft_maj: 3, pgft_min: 4, vm_size: 2000, vm_rss: 600, vm_swap: 0 });
  assert.deepEqual([t.pfMajor, t.pfMinor, t.vmsizeKb, t.vmrssKb], [3, 4, 2000, 600]);
});

test('failed clone and execve leave the state as it was', () => {
  const e = seededEngine();
  forkFromBash(e, -11);
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 100, execParams({ res: -2, tid: 100, pid: 100, ptid: 1, comm: 'nope' }));
  assert.equal(e.threads.size, 2);
  assert.equal(e.threads.get(100)!.comm, 'bash');
});
