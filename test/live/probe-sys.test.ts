/**
 * The probe's process, credential, namespace, signal, resource-limit, memory
 * and special-descriptor handlers (driver/src/handlers_sys.h) on this
 * machine's kernel: a small C program, compiled here, makes each call
 * through syscall(2) with known arguments and prints what it got back; each
 * event's type, thread and decoded parameters must match. Then the exec
 * flags (exe from a memfd, exe_writable) and, through a live falconet run,
 * the state those events change (cwd, uid, pipe descriptors, memfd exepath).
 * Runs as root; other probes may run at the same time, so events are
 * filtered by the child's pid.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeSyscall } from '../../src/events/event-table.js';
import { decodeBatch, defaultOptions, interestingTable, loadNative, runCapturedChild, type LiveEvent, type ProbeHandle } from './native-probe.js';
import { alertsWith, linesByName, nonce, run, sleep, startFalconet, stopLive, type JsonAlert } from './live-run.js';

/** x86_64 numbers of the calls with a handler in handlers_sys.h. */
const SYS_CALLS: Readonly<Record<string, number>> = {
  mmap: 9, mprotect: 10, munmap: 11, brk: 12, pipe: 22, kill: 62, fcntl: 72, flock: 73, chdir: 80, fchdir: 81,
  rmdir: 84, link: 86, chown: 92, fchown: 93, lchown: 94, getrlimit: 97, setreuid: 113, setregid: 114,
  setresuid: 117, setresgid: 119, capset: 126, prctl: 157, setrlimit: 160, chroot: 161, mount: 165, umount2: 166,
  tkill: 200, epoll_create: 213, tgkill: 234, inotify_init: 253, fchownat: 260, linkat: 265, unshare: 272,
  signalfd: 282, timerfd_create: 283, eventfd: 284, signalfd4: 289, eventfd2: 290, epoll_create1: 291, pipe2: 293,
  inotify_init1: 294, prlimit64: 302, setns: 308, seccomp: 317,
};
const EXECVE = 59;
const OPENAT = 257;

/* scap flag values the assertions use (libs 0.25.4 ppm_events_public.h) */
const PPM_O_NONBLOCK = 1 << 6;
const PPM_O_CLOEXEC = 1 << 12;
const PPM_CL_CLONE_NEWUTS = 1 << 7;
const PPM_EXE_WRITABLE = 1 << 0;
const PPM_EXE_FROM_MEMFD = 1 << 2;

/* The program: one call per line of output, `name result values...`. */
const PROGRAM = String.raw`
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OUT(...) printf(__VA_ARGS__)

static void state_mode(const char *dir) {
	int fds[2];
	long r = syscall(SYS_pipe2, fds, 0);
	OUT("pipe2 %ld %d %d\n", r, fds[0], fds[1]);
	OUT("fcntl %ld\n", syscall(SYS_fcntl, fds[1], 1 /* F_GETFD */, 0));
	OUT("chdir %ld\n", syscall(SYS_chdir, dir));
	OUT("setresuid %ld\n", syscall(SYS_setresuid, -1, 65534, -1));
	OUT("tgkill %ld\n", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0));
}

int main(int argc, char **argv) {
	const char *dir = argv[1];
	char a[4096], b[4096], c[4096], mnt[4096], sub[4096];
	long r;
	if (argc > 2 && strcmp(argv[2], "state") == 0) {
		state_mode(dir);
		return 0;
	}
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	snprintf(c, sizeof c, "%s/c", dir);
	snprintf(mnt, sizeof mnt, "%s/mnt", dir);
	snprintf(sub, sizeof sub, "%s/sub", dir);
	OUT("pid %d\n", getpid());

	int fds[2], fds2[2];
	struct stat st;
	r = syscall(SYS_pipe, fds);
	fstat(fds[0], &st);
	OUT("pipe %ld %d %d %lu\n", r, fds[0], fds[1], (unsigned long)st.st_ino);
	OUT("pipe_fault %ld\n", syscall(SYS_pipe, NULL));
	r = syscall(SYS_pipe2, fds2, O_CLOEXEC | O_NONBLOCK);
	fstat(fds2[0], &st);
	OUT("pipe2 %ld %d %d %lu\n", r, fds2[0], fds2[1], (unsigned long)st.st_ino);
	OUT("eventfd %ld\n", syscall(SYS_eventfd, 7));
	OUT("eventfd2 %ld\n", syscall(SYS_eventfd2, 9, O_CLOEXEC | O_NONBLOCK));
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	OUT("signalfd %ld\n", syscall(SYS_signalfd, -1, &mask, 8));
	OUT("signalfd4 %ld\n", syscall(SYS_signalfd4, -1, &mask, 8, O_CLOEXEC));
	OUT("timerfd_create %ld\n", syscall(SYS_timerfd_create, 1 /* CLOCK_MONOTONIC */, O_NONBLOCK));
	OUT("inotify_init %ld\n", syscall(SYS_inotify_init));
	OUT("inotify_init1 %ld\n", syscall(SYS_inotify_init1, O_CLOEXEC));
	OUT("epoll_create %ld\n", syscall(SYS_epoll_create, 5));
	OUT("epoll_create1 %ld\n", syscall(SYS_epoll_create1, O_CLOEXEC));
	OUT("fcntl_setfd %ld\n", syscall(SYS_fcntl, fds[0], 2 /* F_SETFD */, 1));
	OUT("fcntl_dupfd %ld\n", syscall(SYS_fcntl, fds[0], 1030 /* F_DUPFD_CLOEXEC */, 50));

	int fd = open(a, O_CREAT | O_RDWR, 0644);
	OUT("fd %d\n", fd);
	OUT("flock %ld\n", syscall(SYS_flock, fd, 2 | 4 /* LOCK_EX | LOCK_NB */));
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	int rootfd = open("/", O_RDONLY | O_DIRECTORY);
	OUT("dirfd %d %d\n", dirfd, rootfd);
	OUT("fchdir %ld\n", syscall(SYS_fchdir, rootfd));
	OUT("chdir %ld\n", syscall(SYS_chdir, dir));
	OUT("mount %ld\n", syscall(SYS_mount, "fnsrc", mnt, "tmpfs", 0xC0ED0000UL | 2 | 4 /* MS_NOSUID | MS_NODEV */, "size=1m"));
	OUT("umount2 %ld\n", syscall(SYS_umount2, mnt, 2 /* MNT_DETACH */));
	OUT("link %ld\n", syscall(SYS_link, a, b));
	OUT("linkat %ld\n", syscall(SYS_linkat, AT_FDCWD, a, dirfd, "c", 0x400 /* AT_SYMLINK_FOLLOW */));
	mkdir(sub, 0755);
	OUT("rmdir %ld\n", syscall(SYS_rmdir, sub));
	OUT("chown %ld\n", syscall(SYS_chown, a, 1234, 5678));
	OUT("lchown %ld\n", syscall(SYS_lchown, b, 4321, 8765));
	OUT("fchown %ld\n", syscall(SYS_fchown, fd, 11, 22));
	OUT("fchownat %ld\n", syscall(SYS_fchownat, AT_FDCWD, c, 33, 44, 0x1000 /* AT_EMPTY_PATH */));

	struct rlimit rl, old;
	r = syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl);
	OUT("getrlimit %ld %lld %lld\n", r, (long long)rl.rlim_cur, (long long)rl.rlim_max);
	OUT("getrlimit_bad %ld\n", syscall(SYS_getrlimit, 9999, &rl));
	rl.rlim_cur = 1000;
	OUT("setrlimit %ld\n", syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl));
	rl.rlim_cur = 512;
	r = syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, &old);
	OUT("prlimit64 %ld %lld %lld\n", r, (long long)old.rlim_cur, (long long)old.rlim_max);

	long addr = syscall(SYS_mmap, NULL, 8192, 1 | 2 /* PROT_READ | PROT_WRITE */, 0x02 | 0x20 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
	OUT("mmap %ld\n", addr);
	OUT("mprotect %ld\n", syscall(SYS_mprotect, addr, 4096, 1 /* PROT_READ */));
	OUT("munmap %ld\n", syscall(SYS_munmap, addr, 8192));
	OUT("brk %ld\n", syscall(SYS_brk, 0));

	char name[32] = {0};
	int reaper = 0;
	long got;
	OUT("prctl_set_name %ld\n", syscall(SYS_prctl, 15 /* PR_SET_NAME */, "fnsysname", 0, 0, 0));
	OUT("prctl_get_name %ld\n", syscall(SYS_prctl, 16 /* PR_GET_NAME */, name, 0, 0, 0));
	OUT("prctl_set_subreaper %ld\n", syscall(SYS_prctl, 36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0));
	got = syscall(SYS_prctl, 37 /* PR_GET_CHILD_SUBREAPER */, &reaper, 0, 0, 0);
	OUT("prctl_get_subreaper %ld %d\n", got, reaper);
	OUT("prctl_set_dumpable %ld\n", syscall(SYS_prctl, 4 /* PR_SET_DUMPABLE */, 1, 0, 0, 0));

	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[2];
	syscall(SYS_capget, &hdr, caps);
	r = syscall(SYS_capset, &hdr, caps);
	OUT("capset %ld %llu %llu %llu\n", r,
	    ((unsigned long long)caps[1].inheritable << 32) | caps[0].inheritable,
	    ((unsigned long long)caps[1].permitted << 32) | caps[0].permitted,
	    ((unsigned long long)caps[1].effective << 32) | caps[0].effective);

	int nsfd = open("/proc/self/ns/uts", O_RDONLY);
	OUT("unshare %ld\n", syscall(SYS_unshare, CLONE_NEWUTS));
	OUT("setns %ld %d\n", syscall(SYS_setns, nsfd, CLONE_NEWUTS), nsfd);
	uint32_t action = 0x7ffc0000U; /* SECCOMP_RET_LOG */
	OUT("seccomp %ld\n", syscall(SYS_seccomp, 2 /* SECCOMP_GET_ACTION_AVAIL */, 0, &action));

	OUT("kill %ld\n", syscall(SYS_kill, getpid(), 0));
	OUT("kill_bad %ld\n", syscall(SYS_kill, 0x7ffffff0, 0));
	OUT("tkill %ld\n", syscall(SYS_tkill, syscall(SYS_gettid), SIGWINCH));
	OUT("tgkill %ld\n", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGCHLD));

	OUT("setresgid %ld\n", syscall(SYS_setresgid, -1, 65534, -1));
	OUT("setregid %ld\n", syscall(SYS_setregid, -1, 0));
	OUT("setresuid %ld\n", syscall(SYS_setresuid, -1, 65534, -1));
	OUT("setreuid %ld\n", syscall(SYS_setreuid, -1, 0));
	fflush(stdout);
	OUT("chroot %ld\n", syscall(SYS_chroot, dir));
	return 0;
}
`;

const dir = mkdtempSync(join(tmpdir(), 'fnsys-'));
chmodSync(dir, 0o755); // the exe_writable children run as nobody
const prog = join(dir, nonce('s')); // a short name: it is the child's comm
writeFileSync(`${prog}.c`, PROGRAM);
execFileSync('cc', ['-O1', '-Wall', '-o', prog, `${prog}.c`], { stdio: 'inherit' });
mkdirSync(join(dir, 'mnt'));
const native = loadNative();
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a child to completion while capturing; returns its events and output lines by name. */
async function captureChild(events: LiveEvent[], cmd: string, args: string[]): Promise<{ pid: number; out: Map<string, string[]>; mine: LiveEvent[] }> {
  const { pid, stdout, mine } = await runCapturedChild(events, cmd, args);
  const out = new Map<string, string[]>();
  for (const line of stdout.trim().split('\n')) {
    const [k, ...v] = line.split(' ');
    out.set(k!, v);
  }
  return { pid, out, mine };
}

async function withProbe<T>(nrs: number[], body: (h: ProbeHandle, events: LiveEvent[]) => Promise<T>): Promise<T> {
  const h = native.open(defaultOptions(interestingTable(nrs)));
  const events: LiveEvent[] = [];
  try {
    h.start((b) => decodeBatch(b, events));
    return await body(h, events);
  } finally {
    h.close();
  }
}

/** The events of one call, in order. */
function all(events: LiveEvent[], name: string): LiveEvent[] {
  return events.filter((e) => e.name === name);
}

function num(out: Map<string, string[]>, key: string, i = 0): number {
  const v = out.get(key)?.[i];
  assert.ok(v !== undefined, `the program printed no ${key}[${i}]`);
  return Number(v);
}

/** Asserts the parameters of an event (only those named). */
function params(e: LiveEvent | undefined, expected: Record<string, unknown>, what: string): void {
  assert.ok(e, `no ${what} event`);
  for (const [k, v] of Object.entries(expected)) assert.deepEqual(e.params[k], v, `${what}: ${k}`);
}

describe('live probe: handlers_sys.h calls', () => {
  let out: Map<string, string[]>;
  let mine: LiveEvent[];
  let pid: number;

  before(async () => {
    let events: LiveEvent[];
    ({ out, mine: events, pid } = await withProbe([...Object.values(SYS_CALLS), EXECVE], (_h, evs) => captureChild(evs, prog, [dir])));
    // before its exec the child is still node's (libuv makes a pipe2 there): keep what the program did
    const exec = events.findIndex((e) => e.name === 'execve' && e.params.res === 0);
    assert.ok(exec >= 0, 'the execve of the program');
    mine = events.slice(exec + 1);
  });

  it('every event has the exit code of its syscall in the x86_64 table, and the child as thread', () => {
    const seen = new Set<string>();
    for (const [name, nr] of Object.entries(SYS_CALLS)) {
      const sc = nativeSyscall(nr)!;
      for (const e of mine.filter((x) => x.type === sc.exitCode)) {
        assert.equal(e.tid, pid);
        seen.add(name);
      }
    }
    assert.equal(mine.filter((e) => e.name === 'syscall').length, 0, 'no generic events for these calls');
    // brk and mmap also come from the dynamic loader; every call of the program is seen
    assert.deepEqual([...seen].sort(), Object.keys(SYS_CALLS).sort());
  });

  it('pipe, pipe2: both descriptors, the inode of the pipe, the flags; a fault gives -1 descriptors', () => {
    const [ok, fault] = all(mine, 'pipe');
    params(ok, { res: 0, fd1: num(out, 'pipe', 1), fd2: num(out, 'pipe', 2), ino: num(out, 'pipe', 3) }, 'pipe');
    params(fault, { res: -14 /* EFAULT */, fd1: -1, fd2: -1, ino: 0 }, 'pipe(NULL)');
    assert.equal(num(out, 'pipe_fault'), -1, 'syscall(2) reports the failure');
    params(all(mine, 'pipe2')[0], {
      res: 0, fd1: num(out, 'pipe2', 1), fd2: num(out, 'pipe2', 2), ino: num(out, 'pipe2', 3), flags: PPM_O_CLOEXEC | PPM_O_NONBLOCK,
    }, 'pipe2');
  });

  it('eventfd, eventfd2, signalfd, signalfd4, timerfd_create, inotify_init(1), epoll_create(1): fd and arguments', () => {
    params(all(mine, 'eventfd')[0], { res: num(out, 'eventfd'), initval: 7, flags: 0 }, 'eventfd');
    params(all(mine, 'eventfd2')[0], { res: num(out, 'eventfd2'), initval: 9, flags: PPM_O_CLOEXEC | PPM_O_NONBLOCK }, 'eventfd2');
    params(all(mine, 'signalfd')[0], { res: num(out, 'signalfd'), fd: -1, mask: 0, flags: 0 }, 'signalfd');
    params(all(mine, 'signalfd4')[0], { res: num(out, 'signalfd4'), fd: -1, mask: 0, flags: PPM_O_CLOEXEC }, 'signalfd4');
    params(all(mine, 'timerfd_create')[0], { res: num(out, 'timerfd_create'), clockid: 1, flags: PPM_O_NONBLOCK }, 'timerfd_create');
    params(all(mine, 'inotify_init')[0], { res: num(out, 'inotify_init'), flags: 0 }, 'inotify_init');
    params(all(mine, 'inotify_init1')[0], { res: num(out, 'inotify_init1'), flags: PPM_O_CLOEXEC }, 'inotify_init1');
    params(all(mine, 'epoll_create')[0], { res: num(out, 'epoll_create'), size: 5 }, 'epoll_create');
    params(all(mine, 'epoll_create1')[0], { res: num(out, 'epoll_create1'), flags: 1 /* PPM_EPOLL_CLOEXEC */ }, 'epoll_create1');
    for (const k of ['eventfd', 'eventfd2', 'signalfd', 'signalfd4', 'timerfd_create', 'inotify_init', 'inotify_init1', 'epoll_create', 'epoll_create1']) {
      assert.ok(num(out, k) >= 3, `${k} returned a descriptor`);
    }
  });

  it('fcntl, flock: descriptor, converted command or operation, argument', () => {
    const fcntl = all(mine, 'fcntl').filter((e) => e.params.fd === num(out, 'pipe', 1));
    params(fcntl[0], { res: 0, cmd: 3 /* PPM_FCNTL_F_SETFD */, arg: 1 }, 'fcntl F_SETFD');
    params(fcntl[1], { res: num(out, 'fcntl_dupfd'), cmd: 26 /* PPM_FCNTL_F_DUPFD_CLOEXEC */, arg: 50 }, 'fcntl F_DUPFD_CLOEXEC');
    assert.ok(num(out, 'fcntl_dupfd') >= 50);
    params(all(mine, 'flock')[0], { res: 0, fd: num(out, 'fd'), operation: 2 | 4 /* PPM_LOCK_EX | PPM_LOCK_NB */ }, 'flock');
  });

  it('chdir, fchdir, chroot: path or descriptor', () => {
    params(all(mine, 'fchdir')[0], { res: 0, fd: num(out, 'dirfd', 1) }, 'fchdir');
    params(all(mine, 'chdir')[0], { res: 0, path: dir }, 'chdir');
    params(all(mine, 'chroot')[0], { res: 0, path: dir }, 'chroot');
  });

  it('mount, umount2: a tmpfs under the temporary directory, flags without the magic number', () => {
    params(all(mine, 'mount')[0], { res: 0, dev: 'fnsrc', dir: join(dir, 'mnt'), type: 'tmpfs', flags: 2 | 4 /* MS_NOSUID | MS_NODEV */ }, 'mount');
    params(all(mine, 'umount2')[0], { res: 0, name: join(dir, 'mnt'), flags: 2 /* PPM_MNT_DETACH */ }, 'umount2');
  });

  it('link, linkat, rmdir: paths, directory descriptors, flags', () => {
    params(all(mine, 'link')[0], { res: 0, oldpath: join(dir, 'a'), newpath: join(dir, 'b') }, 'link');
    params(all(mine, 'linkat')[0], {
      res: 0, olddir: -100, oldpath: join(dir, 'a'), newdir: num(out, 'dirfd', 0), newpath: 'c', flags: 0x400,
    }, 'linkat');
    params(all(mine, 'rmdir')[0], { res: 0, path: join(dir, 'sub') }, 'rmdir');
  });

  it('chown, lchown, fchown, fchownat: path or descriptor, uid, gid, flags', () => {
    params(all(mine, 'chown')[0], { res: 0, path: join(dir, 'a'), uid: 1234, gid: 5678 }, 'chown');
    params(all(mine, 'lchown')[0], { res: 0, path: join(dir, 'b'), uid: 4321, gid: 8765 }, 'lchown');
    params(all(mine, 'fchown')[0], { res: 0, fd: num(out, 'fd'), uid: 11, gid: 22 }, 'fchown');
    params(all(mine, 'fchownat')[0], { res: 0, dirfd: -100, pathname: join(dir, 'c'), uid: 33, gid: 44, flags: 0x1000 }, 'fchownat');
  });

  it('getrlimit, setrlimit, prlimit: limits, old limits, resource; a failure gives -1 and an unknown resource', () => {
    const max = num(out, 'getrlimit', 2);
    const [get, bad] = all(mine, 'getrlimit');
    params(get, { res: 0, cur: num(out, 'getrlimit', 1), max, resource: 7 /* PPM_RLIMIT_NOFILE */ }, 'getrlimit');
    params(bad, { res: -22, cur: -1, max: -1, resource: 255 }, 'getrlimit(9999)');
    params(all(mine, 'setrlimit')[0], { res: 0, cur: 1000, max, resource: 7 }, 'setrlimit');
    // the C library's start-up asks prlimit64 for RLIMIT_STACK: ours is the NOFILE one
    params(all(mine, 'prlimit').find((e) => e.params.resource === 7), { res: 0, newcur: 512, newmax: max, oldcur: 1000, oldmax: max, pid: 0, resource: 7 }, 'prlimit64');
    assert.equal(num(out, 'prlimit64', 1), 1000);
  });

  it('mmap, mprotect, munmap, brk: addresses, lengths, converted protections and flags, memory counters', () => {
    const addr = num(out, 'mmap');
    const mmap = all(mine, 'mmap').find((e) => e.params.res === addr);
    params(mmap, { addr: 0, length: 8192, prot: 1 | 2, flags: 2 | 8 /* PPM_MAP_PRIVATE | PPM_MAP_ANONYMOUS */, fd: -1, offset: 0 }, 'mmap');
    assert.ok((mmap!.params.vm_size as number) > 0 && (mmap!.params.vm_rss as number) > 0);
    params(all(mine, 'mprotect').find((e) => e.params.addr === addr), { res: 0, length: 4096, prot: 1 }, 'mprotect');
    const munmap = all(mine, 'munmap').find((e) => e.params.addr === addr);
    params(munmap, { res: 0, length: 8192 }, 'munmap');
    assert.ok((munmap!.params.vm_size as number) > 0);
    const brk = all(mine, 'brk').at(-1);
    params(brk, { res: num(out, 'brk'), addr: 0 }, 'brk');
    assert.ok((brk!.params.vm_size as number) > 0);
  });

  it('prctl: option, the name as a string, the subreaper value read back, any other arg2 as an integer', () => {
    const p = all(mine, 'prctl');
    params(p.find((e) => e.params.option === 15), { res: 0, arg2_str: 'fnsysname', arg2_int: 0 }, 'PR_SET_NAME');
    params(p.find((e) => e.params.option === 16), { res: 0, arg2_str: 'fnsysname', arg2_int: 0 }, 'PR_GET_NAME');
    params(p.find((e) => e.params.option === 36), { res: 0, arg2_str: undefined, arg2_int: 1 }, 'PR_SET_CHILD_SUBREAPER');
    params(p.find((e) => e.params.option === 37), { res: 0, arg2_str: undefined, arg2_int: num(out, 'prctl_get_subreaper', 1) }, 'PR_GET_CHILD_SUBREAPER');
    assert.equal(num(out, 'prctl_get_subreaper', 1), 1);
    params(p.find((e) => e.params.option === 4), { res: 0, arg2_str: undefined, arg2_int: 1 }, 'PR_SET_DUMPABLE');
  });

  it('capset: the sets the process holds after the call', () => {
    const e = all(mine, 'capset')[0];
    params(e, { res: 0 }, 'capset');
    assert.equal(BigInt(e!.params.cap_inheritable as number), BigInt(out.get('capset')![1]!));
    assert.equal(BigInt(e!.params.cap_permitted as number), BigInt(out.get('capset')![2]!));
    assert.equal(BigInt(e!.params.cap_effective as number), BigInt(out.get('capset')![3]!));
    assert.ok((e!.params.cap_effective as number) > 0, 'root has capabilities');
  });

  it('unshare, setns: namespace flags converted to scap clone flags; seccomp: operation and flags', () => {
    params(all(mine, 'unshare')[0], { res: 0, flags: PPM_CL_CLONE_NEWUTS }, 'unshare');
    params(all(mine, 'setns')[0], { res: 0, fd: num(out, 'setns', 1), nstype: PPM_CL_CLONE_NEWUTS }, 'setns');
    params(all(mine, 'seccomp')[0], { res: 0, op: 2, flags: 0 }, 'seccomp');
  });

  it('kill, tkill, tgkill: target, signal; a missing process gives -ESRCH', () => {
    const [ok, bad] = all(mine, 'kill');
    params(ok, { res: 0, pid, sig: 0 }, 'kill');
    params(bad, { res: -3, pid: 0x7ffffff0, sig: 0 }, 'kill of a missing pid');
    params(all(mine, 'tkill')[0], { res: 0, tid: pid, sig: 28 /* SIGWINCH */ }, 'tkill');
    params(all(mine, 'tgkill')[0], { res: 0, pid, tid: pid, sig: 17 /* SIGCHLD */ }, 'tgkill');
  });

  it('setresuid, setresgid, setreuid, setregid: the ids asked for (-1 unchanged)', () => {
    params(all(mine, 'setresgid')[0], { res: 0, rgid: 0xffffffff, egid: 65534, sgid: 0xffffffff }, 'setresgid');
    params(all(mine, 'setregid')[0], { res: 0, rgid: 0xffffffff, egid: 0 }, 'setregid');
    params(all(mine, 'setresuid')[0], { res: 0, ruid: 0xffffffff, euid: 65534, suid: 0xffffffff }, 'setresuid');
    params(all(mine, 'setreuid')[0], { res: 0, ruid: 0xffffffff, euid: 0 }, 'setreuid');
  });
});

/** A python3 child that exec's `path` (after dropping to nobody with `groups` when given). */
function execAs(path: string, argv0: string, drop?: { groups: number[] }): string[] {
  const lines = ['import os'];
  if (drop) lines.push(`os.setgroups(${JSON.stringify(drop.groups)})`, 'os.setresgid(65534, 65534, 65534)', 'os.setresuid(65534, 65534, 65534)');
  lines.push(`os.execv(${JSON.stringify(path)}, [${JSON.stringify(argv0)}])`);
  return ['-c', lines.join('\n')];
}

describe('live probe: execve flags', () => {
  it('an exe run from a memfd: trusted_exepath is memfd:NAME and the flag says so', async () => {
    const name = nonce('mem');
    const script = [
      'import os',
      `fd = os.memfd_create(${JSON.stringify(name)})`,
      "os.write(fd, open('/bin/true', 'rb').read())",
      "os.execv('/proc/self/fd/%d' % fd, ['true'])",
    ].join('\n');
    const { mine } = await withProbe([EXECVE], (_h, events) => captureChild(events, '/usr/bin/python3', ['-c', script]));
    const execs = mine.filter((e) => e.name === 'execve' && e.params.res === 0);
    assert.equal(execs.length, 2, 'python3, then the memfd');
    assert.equal(execs[0]!.params.trusted_exepath, '/usr/bin/python3.11');
    assert.equal((execs[0]!.params.flags as number) & PPM_EXE_FROM_MEMFD, 0);
    const exec = execs[1]!;
    assert.equal(exec.params.trusted_exepath, `memfd:${name}`);
    assert.equal((exec.params.flags as number) & PPM_EXE_FROM_MEMFD, PPM_EXE_FROM_MEMFD);
    assert.equal((exec.params.flags as number) & PPM_EXE_WRITABLE, PPM_EXE_WRITABLE, 'root owns the memfd');
  });

  it('exe_writable as the libs decide it: the owner always, a supplementary group with the write bit, not others', async () => {
    const owned = join(dir, 'owned'); // nobody's, read-only: still writable by its owner
    const group = join(dir, 'group'); // root:4321, group-writable
    const other = join(dir, 'other'); // root's, 0755
    for (const f of [owned, group, other]) copyFileSync('/bin/true', f);
    chownSync(owned, 65534, 65534);
    chmodSync(owned, 0o555);
    chownSync(group, 0, 4321);
    chmodSync(group, 0o575);
    chmodSync(other, 0o755);
    const flagsOf = async (path: string, drop?: { groups: number[] }): Promise<number> => {
      const { mine } = await withProbe([EXECVE], (_h, events) => captureChild(events, '/usr/bin/python3', execAs(path, 'x', drop)));
      const e = mine.find((x) => x.name === 'execve' && x.params.res === 0 && x.params.trusted_exepath === path);
      assert.ok(e, `no execve of ${path}`);
      return (e.params.flags as number) & PPM_EXE_WRITABLE;
    };
    assert.equal(await flagsOf(owned, { groups: [] }), PPM_EXE_WRITABLE, 'the owner, without a write bit');
    assert.equal(await flagsOf(group, { groups: [4321] }), PPM_EXE_WRITABLE, 'a supplementary group with the write bit');
    assert.equal(await flagsOf(group, { groups: [] }), 0, 'the same file, not in the group');
    assert.equal(await flagsOf(other, { groups: [] }), 0, 'nobody, a root-owned 0755 file, no capabilities');
    assert.equal(await flagsOf(other), PPM_EXE_WRITABLE, 'root (the owner)');
  });
});

describe('live falconet: state changed by the new events', () => {
  const comm = prog.slice(prog.lastIndexOf('/') + 1);
  const memName = nonce('mfs');
  const marker = nonce('mk');
  let alerts: JsonAlert[] = [];
  let stderr = '';
  let state: Map<string, string[]>;

  before(async () => {
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, [
      '- rule: fnsys state calls',
      '  desc: the calls whose state is checked are captured',
      `  condition: evt.type in (pipe2, chdir, setresuid) and proc.name = "${comm}"`,
      '  output: "call %evt.type"',
      '  priority: NOTICE',
      '- rule: fnsys cwd and uid',
      '  desc: a later event of the process',
      `  condition: evt.type = tgkill and proc.name = "${comm}"`,
      '  output: "cwd=%proc.cwd uid=%user.uid"',
      '  priority: NOTICE',
      '- rule: fnsys pipe descriptor',
      '  desc: fcntl on the pipe',
      `  condition: evt.type = fcntl and proc.name = "${comm}"`,
      '  output: "fd=%fd.num type=%fd.type"',
      '  priority: NOTICE',
      '- rule: fnsys memfd exepath',
      '  desc: an exe run from a memfd',
      `  condition: evt.type = execve and proc.is_exe_from_memfd = true and proc.cmdline contains ${marker}`,
      '  output: "exepath=%proc.exepath"',
      '  priority: NOTICE',
      '',
    ].join('\n'));
    const live = startFalconet(['-r', rules, '-o', 'json_output=true', '-M', '30']);
    await live.ready;
    state = linesByName((await run(prog, [dir, 'state'])).stdout);
    const script = [
      'import os',
      `fd = os.memfd_create(${JSON.stringify(memName)})`,
      "os.write(fd, open('/bin/true', 'rb').read())",
      `os.execv('/proc/self/fd/%d' % fd, ['true', '${marker}'])`,
    ].join('\n');
    await new Promise((r) => spawn('/usr/bin/python3', ['-c', script], { stdio: 'ignore' }).on('exit', r));
    const result = await stopLive(live);
    stderr = result.stderr;
    assert.equal(result.status, 0, result.stderr);
    alerts = result.alerts;
  });

  it('the calls are captured with their own events (not generic ones)', () => {
    const calls = alerts.filter((a) => a.rule === 'fnsys state calls').map((a) => a.output_fields['evt.type']);
    assert.deepEqual(calls, ['pipe2', 'chdir', 'setresuid'], stderr);
  });

  it('after chdir and setresuid, a later event has the new cwd and uid', () => {
    assert.equal(state.get('setresuid')![0], '0');
    const [a, ...more] = alerts.filter((x) => x.rule === 'fnsys cwd and uid');
    assert.ok(a, `no alert; rules: ${alerts.map((x) => x.rule).join(', ')}`);
    assert.equal(more.length, 0);
    assert.equal(a.output_fields['proc.cwd'], `${dir}/`);
    assert.equal(a.output_fields['user.uid'], 65534);
  });

  it('pipe2 creates descriptor entries of type pipe', () => {
    const [a] = alerts.filter((x) => x.rule === 'fnsys pipe descriptor');
    assert.ok(a);
    assert.equal(a.output_fields['fd.num'], Number(state.get('pipe2')![2]));
    assert.equal(a.output_fields['fd.type'], 'pipe');
  });

  it('an exe run from a memfd has proc.exepath memfd:NAME', () => {
    const [a] = alertsWith(alerts, 'fnsys memfd exepath', `memfd:${memName}`);
    assert.ok(a, `no alert; rules: ${alerts.map((x) => x.rule).join(', ')}`);
    assert.equal(a.output_fields['proc.exepath'], `memfd:${memName}`);
  });
});
