/**
 * The probe's handlers of libsinsp's last state calls (driver/src/
 * handlers_state.h) on this machine's kernel: a small C program, compiled
 * here, makes each call through syscall(2) with known arguments and prints
 * what it got back; each event's code, thread and decoded parameters must
 * match. Then, through a live falconet run, the state those events change:
 * the session id after setsid, the descriptors close_range removes, and the
 * descriptors pidfd_open, pidfd_getfd and open_by_handle_at create. Runs as
 * root (open_by_handle_at needs CAP_DAC_READ_SEARCH); other probes may run at
 * the same time, so events are filtered by thread.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventCode, nativeSyscall } from '../../src/events/event-table.js';
import { decodeBatch, defaultOptions, interestingTable, loadNative, runCapturedChild, type LiveEvent } from './native-probe.js';
import { linesByName, nonce, run, startFalconet, stopLive, type JsonAlert } from './live-run.js';

/** x86_64 numbers of the calls with a handler in handlers_state.h, and their exit event codes. */
const STATE_CALLS: Readonly<Record<string, { nr: number; code: number }>> = {
  setsid: { nr: 112, code: 275 },
  open_by_handle_at: { nr: 304, code: 337 },
  pidfd_open: { nr: 434, code: 409 },
  close_range: { nr: 436, code: 451 },
  pidfd_getfd: { nr: 438, code: 407 },
};
const EXECVE = 59;

/* scap flag values the assertions use (libs 0.25.4 ppm_events_public.h) */
const PPM_O_RDONLY = 1 << 0;
const PPM_O_RDWR = (1 << 0) | (1 << 1);
const PPM_O_CLOEXEC = 1 << 12;
const PPM_PIDFD_NONBLOCK = 1 << 0;
const PPM_CLOSE_RANGE_UNSHARE = 1 << 1;
const PPM_CLOSE_RANGE_CLOEXEC = 1 << 2;
const PPM_AT_FDCWD = -100;

/* The program: one line of output per call, `name values...`. Failures
 * print -errno. */
const PROGRAM = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUT(...) do { printf(__VA_ARGS__); fflush(stdout); } while (0)
#define K_CLOSE_RANGE_UNSHARE (1U << 1)
#define K_CLOSE_RANGE_CLOEXEC (1U << 2)

static long sys(long r) { return r < 0 ? -errno : r; }

static struct file_handle *handle_of(const char *path) {
	struct file_handle *fh = malloc(sizeof(*fh) + MAX_HANDLE_SZ);
	int mount_id;
	fh->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, path, fh, &mount_id, 0) != 0) {
		perror("name_to_handle_at");
		exit(2);
	}
	return fh;
}

/* kill(self, 0), setsid, kill(self, 0) in a child: the kills show the session before and after. */
static void session_child(void) {
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		syscall(SYS_kill, getpid(), 0);
		long r = sys(syscall(SYS_setsid));
		syscall(SYS_kill, getpid(), 0);
		OUT("session %d %ld\n", getpid(), r);
		_exit(0);
	}
	waitpid(c, NULL, 0);
}

static void state_mode(const char *file) {
	session_child();
	int f = open(file, O_CREAT | O_RDWR, 0600);
	dup2(f, 40);
	dup2(f, 41);
	syscall(SYS_fcntl, 40, F_GETFD);
	OUT("close_range %ld\n", sys(syscall(SYS_close_range, 40, 41, 0)));
	syscall(SYS_fcntl, 40, F_GETFD);
	struct file_handle *fh = handle_of(file);
	long h = sys(syscall(SYS_open_by_handle_at, AT_FDCWD, fh, O_RDONLY));
	syscall(SYS_fcntl, h, F_GETFD);
	long p = sys(syscall(SYS_pidfd_open, getpid(), 0));
	syscall(SYS_fcntl, p, F_GETFD);
	long g = sys(syscall(SYS_pidfd_getfd, p, f, 0));
	syscall(SYS_fcntl, g, F_GETFD);
	OUT("fds %d %ld %ld %ld %d\n", f, h, p, g, getpid());
}

int main(int argc, char **argv) {
	const char *dir = argv[1];
	char file[PATH_MAX], real[PATH_MAX];
	snprintf(file, sizeof file, "%s/h", dir);
	if (chdir(dir) != 0)
		return 3;
	if (argc > 2 && strcmp(argv[2], "state") == 0) {
		state_mode(file);
		return 0;
	}
	OUT("pid %d\n", getpid());

	/* setsid: succeeds in a new child, then fails (already a session leader) */
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		long r1 = sys(syscall(SYS_setsid));
		long r2 = sys(syscall(SYS_setsid));
		OUT("setsid %d %ld %ld\n", getpid(), r1, r2);
		_exit(0);
	}
	waitpid(c, NULL, 0);

	/* close_range over 20..24: 20-21 closed, 22-24 marked close-on-exec */
	int nul = open("/dev/null", O_RDONLY);
	for (int fd = 20; fd <= 24; fd++)
		dup2(nul, fd);
	OUT("close_range %ld\n", sys(syscall(SYS_close_range, 20, 21, 0)));
	OUT("close_range_cloexec %ld\n", sys(syscall(SYS_close_range, 22, 24, K_CLOSE_RANGE_CLOEXEC)));
	OUT("fd_flags %d %d %d\n", fcntl(20, F_GETFD) < 0 ? -errno : 0, fcntl(22, F_GETFD), fcntl(24, F_GETFD));
	OUT("close_range_bad %ld\n", sys(syscall(SYS_close_range, 5, 3, 0)));
	OUT("close_range_unshare %ld\n", sys(syscall(SYS_close_range, 100, ~0U, K_CLOSE_RANGE_UNSHARE)));

	/* pidfd_open of a child that waits on a pipe */
	int p[2];
	if (pipe(p) != 0)
		return 4;
	fflush(stdout);
	pid_t w = fork();
	if (w == 0) {
		char b;
		close(p[1]);
		if (read(p[0], &b, 1) < 0)
			_exit(1);
		_exit(0);
	}
	long pfd = sys(syscall(SYS_pidfd_open, w, 0));
	long pfd_nb = sys(syscall(SYS_pidfd_open, w, O_NONBLOCK));
	long pfd_bad = sys(syscall(SYS_pidfd_open, w, 1));
	OUT("pidfd_open %d %ld %ld %ld\n", w, pfd, pfd_nb, pfd_bad);
	if (write(p[1], "x", 1) != 1)
		return 5;
	waitpid(w, NULL, 0);

	/* pidfd_getfd of one of its own descriptors through its own pidfd */
	long self = sys(syscall(SYS_pidfd_open, getpid(), 0));
	int f = open(file, O_CREAT | O_RDWR, 0600);
	long got = sys(syscall(SYS_pidfd_getfd, self, f, 0));
	long got_bad = sys(syscall(SYS_pidfd_getfd, self, f, 7));
	long got_badfd = sys(syscall(SYS_pidfd_getfd, self, 999, 0));
	OUT("pidfd_getfd %ld %d %ld %ld %ld\n", self, f, got, got_bad, got_badfd);

	/* open_by_handle_at of the file, through a directory fd and AT_FDCWD (the cwd is the directory) */
	struct file_handle *fh = handle_of(file);
	int mfd = open(dir, O_RDONLY | O_DIRECTORY);
	long h1 = sys(syscall(SYS_open_by_handle_at, mfd, fh, O_RDONLY));
	long h2 = sys(syscall(SYS_open_by_handle_at, AT_FDCWD, fh, O_RDWR | O_CLOEXEC));
	long h3 = sys(syscall(SYS_open_by_handle_at, 999, fh, O_RDONLY));
	struct stat st;
	fstat(h1, &st);
	if (!realpath(file, real))
		return 6;
	OUT("open_by_handle_at %d %ld %ld %ld %lu %u %s\n", mfd, h1, h2, h3, (unsigned long)st.st_ino,
	    (major(st.st_dev) << 20) | minor(st.st_dev), real);
	return 0;
}
`;

const dir = mkdtempSync(join(tmpdir(), 'fnstate-'));
const prog = join(dir, nonce('st')); // a short name: it is the child's comm
writeFileSync(`${prog}.c`, PROGRAM);
execFileSync('cc', ['-O1', '-Wall', '-o', prog, `${prog}.c`], { stdio: 'inherit' });
const native = loadNative();
after(() => rmSync(dir, { recursive: true, force: true }));

function num(out: Map<string, string[]>, key: string, i = 0): number {
  const v = out.get(key)?.[i];
  assert.ok(v !== undefined, `the program printed no ${key}[${i}]`);
  return Number(v);
}

/** Asserts every parameter of an event, and its code and thread. */
function exactly(e: LiveEvent | undefined, code: number, tid: number, expected: Record<string, unknown>, what: string): void {
  assert.ok(e, `no ${what} event`);
  assert.equal(e.type, code, `${what}: event code`);
  assert.equal(e.tid, tid, `${what}: thread`);
  assert.deepEqual(e.params, expected, what);
}

describe('live probe: handlers_state.h calls', () => {
  let out: Map<string, string[]>;
  let all: LiveEvent[];
  let mine: LiveEvent[];
  let pid: number;

  before(async () => {
    const nrs = [...Object.values(STATE_CALLS).map((c) => c.nr), EXECVE];
    const h = native.open(defaultOptions(interestingTable(nrs)));
    const events: LiveEvent[] = [];
    try {
      h.start((b) => decodeBatch(b, events));
      const r = await runCapturedChild(events, prog, [dir]);
      pid = r.pid;
      out = linesByName(r.stdout);
      // before its exec the child is still node's: keep what the program did
      const exec = r.mine.findIndex((e) => e.name === 'execve' && e.params.res === 0);
      assert.ok(exec >= 0, 'the execve of the program');
      mine = r.mine.slice(exec + 1);
      all = [...events];
    } finally {
      h.close();
    }
  });

  it('the exit codes of the table, the x86_64 numbers of the table, no generic events', () => {
    for (const [name, { nr, code }] of Object.entries(STATE_CALLS)) {
      const sc = nativeSyscall(nr);
      assert.equal(sc?.name, name);
      assert.equal(sc?.exitCode, code, name);
    }
    assert.equal(EventCode.SYSCALL_SETSID_X, 275);
    const setsidChild = num(out, 'setsid');
    const ours = all.filter((e) => e.tid === pid || e.tid === setsidChild);
    assert.equal(ours.filter((e) => e.type === EventCode.GENERIC_X).length, 0, 'no generic events');
    const seen = new Set(ours.filter((e) => e.name !== 'execve' && e.name !== 'procexit').map((e) => e.name));
    assert.deepEqual([...seen].sort(), Object.keys(STATE_CALLS).sort());
  });

  it('setsid: the new session id in the child, then -EPERM', () => {
    const child = num(out, 'setsid');
    assert.notEqual(child, pid);
    assert.equal(num(out, 'setsid', 1), child, 'the session id is the caller');
    assert.equal(num(out, 'setsid', 2), -1 /* EPERM */);
    const evs = all.filter((e) => e.name === 'setsid' && e.tid === child);
    assert.equal(evs.length, 2);
    exactly(evs[0], 275, child, { res: child }, 'setsid');
    exactly(evs[1], 275, child, { res: -1 }, 'setsid again');
    assert.equal(mine.filter((e) => e.name === 'setsid').length, 0, 'the parent did not call it');
  });

  it('close_range: first, last, converted flags; a bad range gives -EINVAL', () => {
    assert.deepEqual(out.get('fd_flags'), ['-9', '1', '1'], 'the kernel closed 20 and marked 22, 24');
    const evs = mine.filter((e) => e.name === 'close_range');
    assert.equal(evs.length, 4);
    exactly(evs[0], 451, pid, { res: 0, first: 20, last: 21, flags: 0 }, 'close_range');
    exactly(evs[1], 451, pid, { res: 0, first: 22, last: 24, flags: PPM_CLOSE_RANGE_CLOEXEC }, 'close_range CLOEXEC');
    exactly(evs[2], 451, pid, { res: -22, first: 5, last: 3, flags: 0 }, 'close_range 5..3');
    assert.equal(num(out, 'close_range_bad'), -22);
    exactly(evs[3], 451, pid, { res: 0, first: 100, last: 0xffffffff, flags: PPM_CLOSE_RANGE_UNSHARE }, 'close_range UNSHARE');
  });

  it('pidfd_open: the descriptor, the pid, PIDFD_NONBLOCK; unknown flags give -EINVAL', () => {
    const child = num(out, 'pidfd_open');
    const evs = mine.filter((e) => e.name === 'pidfd_open');
    assert.equal(evs.length, 4, 'three of the child, one of the program itself');
    assert.ok(num(out, 'pidfd_open', 1) >= 3 && num(out, 'pidfd_open', 2) >= 3);
    exactly(evs[0], 409, pid, { fd: num(out, 'pidfd_open', 1), pid: child, flags: 0 }, 'pidfd_open');
    exactly(evs[1], 409, pid, { fd: num(out, 'pidfd_open', 2), pid: child, flags: PPM_PIDFD_NONBLOCK }, 'pidfd_open NONBLOCK');
    exactly(evs[2], 409, pid, { fd: -22, pid: child, flags: 0 }, 'pidfd_open(flags 1)');
    assert.equal(num(out, 'pidfd_open', 3), -22);
    exactly(evs[3], 409, pid, { fd: num(out, 'pidfd_getfd', 0), pid, flags: 0 }, 'pidfd_open(self)');
  });

  it('pidfd_getfd: the copy, the pidfd, the target fd, the flags; failures give -errno', () => {
    const [self, f, got, bad, badfd] = out.get('pidfd_getfd')!.map(Number) as [number, number, number, number, number];
    assert.ok(got >= 3 && got !== f);
    assert.equal(bad, -22);
    assert.equal(badfd, -9);
    const evs = mine.filter((e) => e.name === 'pidfd_getfd');
    assert.equal(evs.length, 3);
    exactly(evs[0], 407, pid, { fd: got, pid_fd: self, target_fd: f, flags: 0 }, 'pidfd_getfd');
    exactly(evs[1], 407, pid, { fd: -22, pid_fd: self, target_fd: f, flags: 7 }, 'pidfd_getfd(flags 7)');
    exactly(evs[2], 407, pid, { fd: -9, pid_fd: self, target_fd: 999, flags: 0 }, 'pidfd_getfd(999)');
  });

  it('open_by_handle_at: the new fd, the mount fd, open flags, the resolved path, dev and inode', () => {
    const [mfd, h1, h2, h3, ino, dev, real] = out.get('open_by_handle_at')! as [string, string, string, string, string, string, string];
    assert.equal(real, realpathSync(join(dir, 'h')));
    assert.ok(Number(h1) >= 3 && Number(h2) >= 3);
    assert.equal(Number(h3), -9);
    const evs = mine.filter((e) => e.name === 'open_by_handle_at');
    assert.equal(evs.length, 3);
    const file = { path: real, dev: Number(dev), ino: Number(ino) };
    exactly(evs[0], 337, pid, { fd: Number(h1), mountfd: Number(mfd), flags: PPM_O_RDONLY, ...file }, 'open_by_handle_at(dirfd)');
    exactly(evs[1], 337, pid, { fd: Number(h2), mountfd: PPM_AT_FDCWD, flags: PPM_O_RDWR | PPM_O_CLOEXEC, ...file }, 'open_by_handle_at(AT_FDCWD)');
    // a failed call: no descriptor, so an empty path and no identity
    exactly(evs[2], 337, pid, { fd: -9, mountfd: 999, flags: PPM_O_RDONLY, path: undefined, dev: 0, ino: 0 }, 'open_by_handle_at(999)');
  });
});

describe('live falconet: state changed by the handlers_state.h events', () => {
  const comm = prog.slice(prog.lastIndexOf('/') + 1);
  const file = realpathSync(dir) + '/h';
  let alerts: JsonAlert[] = [];
  let stderr = '';
  let state: Map<string, string[]>;

  before(async () => {
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, [
      '- rule: fnstate calls',
      '  desc: the calls are captured with their parameters',
      `  condition: evt.type in (setsid, close_range, open_by_handle_at, pidfd_open, pidfd_getfd) and proc.name = "${comm}"`,
      '  output: "call %evt.type %evt.args"',
      '  priority: NOTICE',
      '- rule: fnstate session',
      '  desc: kill(self, 0) around setsid',
      `  condition: evt.type = kill and proc.name = "${comm}"`,
      '  output: "pid=%proc.pid sid=%proc.sid leader=%proc.is_sid_leader"',
      '  priority: NOTICE',
      '- rule: fnstate descriptor',
      '  desc: fcntl on the descriptors the calls changed',
      `  condition: evt.type = fcntl and proc.name = "${comm}"`,
      '  output: "fd=%fd.num name=%fd.name type=%fd.type ino=%fd.ino"',
      '  priority: NOTICE',
      '',
    ].join('\n'));
    const live = startFalconet(['-r', rules, '-o', 'json_output=true', '-M', '30']);
    await live.ready;
    const ran = await run(prog, [dir, 'state']);
    assert.equal(ran.status, 0, ran.stderr);
    state = linesByName(ran.stdout);
    const result = await stopLive(live);
    stderr = result.stderr;
    assert.equal(result.status, 0, result.stderr);
    alerts = result.alerts;
  });

  const fcntlOf = (fd: number): JsonAlert[] => alerts.filter((a) => a.rule === 'fnstate descriptor' && a.output_fields['fd.num'] === fd);

  it('the calls are captured with their own events (parameters, not a generic event)', () => {
    const calls = alerts.filter((a) => a.rule === 'fnstate calls').map((a) => a.output_fields['evt.type']);
    assert.deepEqual(calls, ['setsid', 'close_range', 'open_by_handle_at', 'pidfd_open', 'pidfd_getfd'], stderr);
    const args = alerts.filter((a) => a.rule === 'fnstate calls').map((a) => String(a.output_fields['evt.args']));
    assert.match(args[1]!, /first=40 last=41/);
    assert.match(args[2]!, new RegExp(`path=${file}`));
    assert.match(args[4]!, new RegExp(`target_fd=${num(state, 'fds', 0)}`));
  });

  it('after setsid, proc.sid of a later event of the process is its pid (and it leads the session)', () => {
    const child = num(state, 'session');
    assert.equal(num(state, 'session', 1), child);
    const kills = alerts.filter((a) => a.rule === 'fnstate session' && a.output_fields['proc.pid'] === child);
    assert.equal(kills.length, 2, stderr);
    assert.notEqual(kills[0]!.output_fields['proc.sid'], child, 'before setsid: the session of its parent');
    assert.equal(kills[0]!.output_fields['proc.is_sid_leader'], false);
    assert.equal(kills[1]!.output_fields['proc.sid'], child);
    assert.equal(kills[1]!.output_fields['proc.is_sid_leader'], true);
  });

  it('close_range removes the descriptors of its range', () => {
    const [before40, after40] = fcntlOf(40);
    assert.ok(before40 && after40, `fcntl(40) twice: ${JSON.stringify(fcntlOf(40))}`);
    assert.equal(before40.output_fields['fd.name'], file);
    assert.equal(before40.output_fields['fd.type'], 'file');
    // no descriptor 40 any more: no type, and the name an fcntl event gives without one (empty)
    assert.equal(after40.output_fields['fd.type'], null, 'no descriptor 40 any more');
    assert.equal(after40.output_fields['fd.name'], '');
  });

  it('open_by_handle_at creates a file descriptor named by the resolved path', () => {
    const [a] = fcntlOf(num(state, 'fds', 1));
    assert.ok(a);
    assert.equal(a.output_fields['fd.name'], file);
    assert.equal(a.output_fields['fd.type'], 'file');
  });

  it('pidfd_open creates a pidfd; pidfd_getfd copies the target descriptor', () => {
    const [p] = fcntlOf(num(state, 'fds', 2));
    assert.ok(p);
    assert.equal(p.output_fields['fd.type'], 'pidfd');
    assert.equal(p.output_fields['fd.name'], `/proc/${num(state, 'fds', 4)}`);
    const [g] = fcntlOf(num(state, 'fds', 3));
    assert.ok(g);
    assert.equal(g.output_fields['fd.name'], file);
    assert.equal(g.output_fields['fd.type'], 'file');
  });
});
