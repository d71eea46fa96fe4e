import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  concatenatePaths,
  formatAbsTime,
  formatArg,
  formatArgByName,
  formatArgs,
  formatBuffer,
  formatG,
  formatInteger,
  renderParam,
  resolveFlags,
  resolveMode,
  type FormatContext,
} from '../../src/events/param-format.js';
import { EVENT_TABLE, EventCode } from '../../src/events/event-table.js';
import { PrintFormat } from '../../src/events/event-types.js';
import { FLAG_TABLES, errnoName, signalName } from '../../src/events/flag-tables.js';
import { EMPTY, cat, cstr, i64, ipv4, u16, u32, u64, u8 } from './param-bytes.js';

const ev = (code: number) => EVENT_TABLE[code]!;

/** A thread with fds 3 (a file) and 4 (a TCP socket), cwd /home/u/, and a directory fd 5. */
const ctx: FormatContext = {
  threadKnown: true,
  fdInfo: (fd) =>
    fd === 3n
      ? { typeChar: 'f', name: '/etc/passwd' }
      : fd === 4n
        ? { typeChar: '4', l4proto: 't', name: '10.0.0.1:5000->10.0.0.2:80' }
        : undefined,
  threadComm: (tid) => (tid === 100n ? 'bash' : undefined),
  cwd: () => '/home/u/',
  dirfdPath: (fd) => (fd === 5n ? '/var/lib/' : undefined),
  userName: (uid) => (uid === 0 ? 'root' : undefined),
  groupName: (gid) => (gid === 0 ? 'root' : undefined),
};

test('integers print with printf semantics: signed decimal, upper-case hex, octal with 0', () => {
  assert.equal(formatInteger(0xffffffffn, PrintFormat.DEC, 32), '-1');
  assert.equal(formatInteger(0xffffn, PrintFormat.DEC, 32), '65535');
  assert.equal(formatInteger(0x7fad48782000n, PrintFormat.HEX, 64), '7FAD48782000');
  assert.equal(formatInteger(-1n, PrintFormat.HEX, 32), 'FFFFFFFF');
  assert.equal(formatInteger(0o755n, PrintFormat.OCT, 32), '0755');
  assert.equal(formatInteger(0n, PrintFormat.OCT, 32), '0');
  assert.equal(formatInteger(0xffffffffffffffffn, PrintFormat.DEC, 64), '-1');
  assert.equal(formatInteger(42n, PrintFormat.PADDED_DEC, 32), '000000042');
});

test('bit flags are named in table order, consuming matched bits', () => {
  const file = FLAG_TABLES.file_flags;
  assert.equal(resolveFlags(4097, file, false), 'O_RDONLY|O_CLOEXEC');
  assert.equal(resolveFlags(3, file, false), 'O_RDWR');
  assert.equal(resolveFlags(1, file, false), 'O_RDONLY');
  assert.equal(resolveFlags(0, file, false), 'O_NONE');
  assert.equal(resolveFlags(0x241, file, false), 'O_DIRECT|O_NONBLOCK|O_RDONLY');
  assert.equal(resolveFlags(10, FLAG_TABLES.mmap_flags, false), 'MAP_PRIVATE|MAP_ANONYMOUS');
  assert.equal(resolveFlags(1030, FLAG_TABLES.mmap_flags, false), 'MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE');
  assert.equal(resolveFlags(3, FLAG_TABLES.prot_flags, false), 'PROT_READ|PROT_WRITE');
  assert.equal(resolveFlags(0, FLAG_TABLES.prot_flags, false), 'PROT_NONE');
});

test('enum flags name every entry equal to the value', () => {
  assert.equal(resolveFlags(1, FLAG_TABLES.socket_families, true), 'AF_LOCAL|AF_UNIX');
  assert.equal(resolveFlags(2, FLAG_TABLES.socket_families, true), 'AF_INET');
  assert.equal(resolveFlags(16, FLAG_TABLES.socket_families, true), 'AF_ROUTE|AF_NETLINK');
  assert.equal(resolveFlags(99, FLAG_TABLES.socket_families, true), '');
  assert.equal(resolveFlags(4, FLAG_TABLES.fcntl_commands, true), 'F_GETFL');
});

test('mode bits are named, the exact-match entry last', () => {
  assert.equal(resolveMode(0o755, FLAG_TABLES.chmod_mode), 'S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR');
  assert.equal(resolveMode(0o400, FLAG_TABLES.chmod_mode), 'S_IRUSR');
  assert.equal(resolveMode(0, FLAG_TABLES.chmod_mode), '');
  assert.equal(resolveMode(0o100644, FLAG_TABLES.mknod_mode), 'S_IROTH|S_IRGRP|S_IWUSR|S_IRUSR|S_IFREG');
});

test('relative paths are joined to the directory with . and .. folded', () => {
  assert.equal(concatenatePaths('/home/u/', 'file'), '/home/u/file');
  assert.equal(concatenatePaths('/home/u/', './a/./b'), '/home/u/a/b');
  // The last join is remembered: asking again, or with another base or path, still gives the right name.
  assert.equal(concatenatePaths('/home/u/', './a/./b'), '/home/u/a/b');
  assert.equal(concatenatePaths('/srv/', './a/./b'), '/srv/a/b');
  assert.equal(concatenatePaths('/srv/', 'c'), '/srv/c');
  assert.equal(concatenatePaths('/home/u/', ''), '');
  assert.equal(concatenatePaths('/srv/', 'c'), '/srv/c');
  assert.equal(concatenatePaths('/home/u/', '../x'), '/home/x');
  assert.equal(concatenatePaths('/home/u/', '../../../x'), '/x');
  assert.equal(concatenatePaths('/home/u/', 'a//b/'), '/home/u/a/b');
  assert.equal(concatenatePaths('/home/u/', '..'), '/home');
  assert.equal(concatenatePaths('/home/u/', '/etc//passwd'), '/etc/passwd');
  assert.equal(concatenatePaths('/home/u/', '.hidden'), '/home/u/.hidden');
  assert.equal(concatenatePaths('/'.repeat(1000), 'x'.repeat(100)), '/DIR_TOO_LONG/FILENAME_TOO_LONG');
});

test('byte buffers: printable ASCII kept, other bytes as dots; base64 and hex forms', () => {
  const b = cat(Uint8Array.of(0x7f), Buffer.from('ELF'), Uint8Array.of(0, 1, 0x0a));
  assert.equal(formatBuffer(b), '.ELF...');
  assert.equal(formatBuffer(b, 'base64'), Buffer.from(b).toString('base64'));
  assert.equal(formatBuffer(Buffer.from('abc'), 'hex'), '\n\t0x0000: 6162 63\n');
  assert.equal(formatBuffer(Buffer.from('abc'), 'hexascii'), `\n\t0x0000: 6162 63${' '.repeat(30)}  abc\n`);
  assert.equal(formatBuffer(Buffer.from('a\r\nb\n'), 'eols'), '\na\nb\n');
  assert.equal(formatBuffer(Buffer.from('0123456789'), 'normal', 6), '012...');
});

test('%g formatting of relative times', () => {
  assert.equal(formatG(1.5), '1.5');
  assert.equal(formatG(0.001), '0.001');
  assert.equal(formatG(0.00001), '1e-05');
  assert.equal(formatG(1234567), '1.23457e+06');
  assert.equal(formatG(100), '100');
  assert.equal(formatG(0), '0');
});

test('fd parameters resolve to <type>name through the thread fd table', () => {
  const close = ev(EventCode.SYSCALL_CLOSE_X);
  const params = [i64(0), i64(3)];
  assert.deepEqual(renderParam(close, 1, params, ctx), { value: '3', resolved: '<f>/etc/passwd' });
  assert.equal(formatArg(close, 1, params, ctx), '<f>/etc/passwd');
  assert.deepEqual(renderParam(close, 1, [i64(0), i64(4)], ctx), { value: '4', resolved: '<4t>10.0.0.1:5000->10.0.0.2:80' });
  assert.deepEqual(renderParam(close, 1, [i64(0), i64(9)], ctx), { value: '9', resolved: '' });
  assert.deepEqual(renderParam(close, 1, [i64(0), i64(-9)], ctx), { value: '-9', resolved: 'EBADF' });
  // without a known thread, fds stay numbers
  assert.deepEqual(renderParam(close, 1, params, { ...ctx, threadKnown: false }), { value: '3', resolved: '' });
});

test('AT_FDCWD is named for directory fds', () => {
  const openat = ev(EventCode.SYSCALL_OPENAT_2_X);
  const params = [i64(3), i64(-100), cstr('x'), u32(1), u32(0), u32(0), u64(0)];
  assert.deepEqual(renderParam(openat, 1, params, ctx), { value: '-100', resolved: 'AT_FDCWD' });
});

test('errno results resolve only when negative and known', () => {
  const access = ev(EventCode.SYSCALL_ACCESS_X);
  assert.equal(formatArg(access, 0, [i64(-2), cstr('/x'), u32(0)]), 'ENOENT');
  assert.equal(formatArg(access, 0, [i64(0), cstr('/x'), u32(0)]), '0');
  assert.equal(formatArg(access, 0, [i64(-41), cstr('/x'), u32(0)]), '-41');
  assert.equal(errnoName(-115), 'EINPROGRESS');
  assert.equal(errnoName(-512), 'ERESTARTSYS');
});

test('empty parameters print <NA>, or NULL for buffers and tuples', () => {
  const read = ev(EventCode.SYSCALL_READ_X);
  assert.equal(formatArgs(read, [i64(0), EMPTY, i64(3), u32(10)], ctx), 'res=0 data=NULL fd=3(<f>/etc/passwd) size=10');
  const open = ev(EventCode.SYSCALL_OPEN_X);
  assert.equal(
    formatArgs(open, [i64(3), cstr('/etc/passwd'), u32(1), u32(0), EMPTY, EMPTY], ctx),
    'fd=3(<f>/etc/passwd) name=/etc/passwd flags=1(O_RDONLY) mode=0 dev=<NA> ino=<NA>',
  );
  const connect = ev(EventCode.SOCKET_CONNECT_X);
  assert.equal(formatArg(connect, 1, [i64(0), EMPTY, i64(4), EMPTY]), 'NULL');
  assert.equal(formatArg(connect, 3, [i64(0), EMPTY, i64(4), EMPTY]), '<NA>');
  assert.equal(formatArg(open, 1, [i64(3), cstr('(NULL)'), u32(1), u32(0), EMPTY, EMPTY]), '<NA>');
});

test('socket addresses and tuples print as libsinsp does', () => {
  const connect = ev(EventCode.SOCKET_CONNECT_X);
  const tuple4 = cat(u8(2), ipv4(127, 0, 0, 1), u16(47192), ipv4(127, 0, 0, 1), u16(80));
  const addr4 = cat(u8(2), ipv4(127, 0, 0, 1), u16(80));
  assert.equal(
    formatArgs(connect, [i64(-115), tuple4, i64(4), addr4], ctx),
    'res=-115(EINPROGRESS) tuple=127.0.0.1:47192->127.0.0.1:80 fd=4(<4t>10.0.0.1:5000->10.0.0.2:80) addr=127.0.0.1:80',
  );
  const mapped = (a: number) => Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, a);
  const tuple6 = cat(u8(10), mapped(1), u16(1000), mapped(2), u16(22));
  assert.equal(formatArg(connect, 1, [i64(0), tuple6, i64(4), EMPTY]), '10.0.0.1:1000->10.0.0.2:22');
  const v6 = (last: number) => Uint8Array.of(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last);
  assert.equal(formatArg(connect, 1, [i64(0), cat(u8(10), v6(1), u16(1000), v6(2), u16(22)), i64(4), EMPTY]), '2001:db8::1:1000->2001:db8::2:22');
  const unix = cat(u8(1), u64(0xffff88800a1b2c00n), u64(0), cstr('/run/x.sock'));
  assert.equal(formatArg(connect, 1, [i64(0), unix, i64(4), EMPTY]), 'ffff88800a1b2c00->0 /run/x.sock');
  assert.equal(formatArg(connect, 3, [i64(0), EMPTY, i64(4), cat(u8(1), cstr('/run/x.sock'))]), '/run/x.sock');
  assert.equal(formatArg(connect, 3, [i64(0), EMPTY, i64(4), u8(17)]), 'family 17');
  assert.equal(formatArg(connect, 3, [i64(0), EMPTY, i64(4), cat(u8(2), ipv4(1, 2, 3, 4))]), 'INVALID IPv4');
});

test('pids resolve to the command name of known threads', () => {
  const kill = ev(EventCode.SYSCALL_KILL_X);
  assert.equal(formatArgs(kill, [i64(0), i64(100), u8(9)], ctx), 'res=0 pid=100(bash) sig=9(SIGKILL)');
  assert.equal(formatArgs(kill, [i64(0), i64(101), u8(64)], ctx), 'res=0 pid=101 sig=64');
  assert.equal(signalName(15), 'SIGTERM');
});

test('uids and gids show names, <NA> when unknown and -1(<NONE>) for "no id"', () => {
  const setuid = ev(EventCode.SYSCALL_SETUID_X);
  assert.equal(formatArgs(setuid, [i64(0), u32(0)], ctx), 'res=0 uid=0(root)');
  assert.equal(formatArgs(setuid, [i64(0), u32(1000)], ctx), 'res=0 uid=1000(<NA>)');
  assert.equal(formatArgs(setuid, [i64(0), u32(0xffffffff)], ctx), 'res=0 uid=-1(<NONE>)');
  assert.equal(formatArgs(setuid, [i64(0), u32(0)]), 'res=0 uid=0(<NA>)');
});

test('relative paths resolve against the cwd, *at() paths against their directory fd', () => {
  const open = ev(EventCode.SYSCALL_OPEN_X);
  assert.deepEqual(renderParam(open, 1, [i64(3), cstr('docs/../a.txt'), u32(1), u32(0), EMPTY, EMPTY], ctx), {
    value: 'docs/../a.txt',
    resolved: '/home/u/a.txt',
  });
  assert.deepEqual(renderParam(open, 1, [i64(3), cstr('/abs'), u32(1), u32(0), EMPTY, EMPTY], ctx), { value: '/abs', resolved: '' });
  const openat = ev(EventCode.SYSCALL_OPENAT_2_X);
  const at = (dirfd: number) => [i64(3), i64(dirfd), cstr('db/x'), u32(1), u32(0), u32(0), u64(0)];
  assert.equal(formatArg(openat, 2, at(5), ctx), '/var/lib/db/x');
  assert.equal(formatArg(openat, 2, at(-100), ctx), '/home/u/db/x');
  assert.equal(formatArg(openat, 2, at(5), { ...ctx, threadKnown: false }), 'db/x');
});

test('signal sets list signal names; relative times add seconds; syscall ids add names', () => {
  const ppoll = ev(EventCode.SYSCALL_PPOLL_X);
  const sigmaskIdx = ppoll.params.findIndex((p) => p.name === 'sigmask');
  const timeoutIdx = ppoll.params.findIndex((p) => p.name === 'timeout');
  const params = ppoll.params.map(() => EMPTY);
  params[sigmaskIdx] = u32((1 << 1) | (1 << 8));
  params[timeoutIdx] = u64(1500000000n);
  assert.equal(formatArg(ppoll, sigmaskIdx, params), 'SIGINT SIGKILL');
  assert.equal(formatArg(ppoll, timeoutIdx, params), '1.5s');
  params[timeoutIdx] = u64(0xffffffffffffffffn);
  assert.equal(formatArg(ppoll, timeoutIdx, params), 'none');
  const generic = ev(EventCode.GENERIC_E);
  assert.equal(formatArgs(generic, [u16(75), u16(10)]), 'ID=75(mprotect) nativeID=10');
});

test('generic exit events print no arguments', () => {
  assert.equal(formatArgs(ev(EventCode.GENERIC_X), [u16(75), u16(10)]), '');
});

test('fd lists show fd:typechar+flags for a known thread', () => {
  const poll = ev(EventCode.SYSCALL_POLL_X);
  const fds = cat(u16(2), i64(3), u16(1), i64(9), u16(4));
  const idx = poll.params.findIndex((p) => p.name === 'fds');
  const params = poll.params.map(() => EMPTY);
  params[idx] = fds;
  assert.equal(formatArg(poll, idx, params, ctx), '3:f1 9:?4');
  assert.equal(formatArg(poll, idx, params, {}), '');
});

test('dynamic parameters print their alternative with the parameter\'s declared format', () => {
  const ptrace = ev(EventCode.SYSCALL_PTRACE_X);
  const params = [i64(0), cat(u8(0), u64(0x7fff0000n)), cat(u8(1), u8(9)), i64(100)];
  const addr = ptrace.params.findIndex((p) => p.name === 'addr');
  const data = ptrace.params.findIndex((p) => p.name === 'data');
  assert.equal(formatArg(ptrace, addr, params), '7FFF0000');
  assert.equal(formatArg(ptrace, data, params), 'SIGKILL');
  const getsockopt = ev(EventCode.SOCKET_GETSOCKOPT_X);
  const val = getsockopt.params.findIndex((p) => p.name === 'val');
  const gp = getsockopt.params.map(() => EMPTY);
  gp[val] = cat(u8(3), u64(12345));
  assert.equal(formatArg(getsockopt, val, gp), '12345');
  gp[val] = u8(9);
  assert.equal(formatArg(getsockopt, val, gp), 'INVALID DYNAMIC PARAMETER');
});

test('evt.arg by name picks the first parameter with that name', () => {
  const open = ev(EventCode.SYSCALL_OPEN_X);
  const params = [i64(3), cstr('/etc/passwd'), u32(4097), u32(0o644), u32(0x801), u64(1234)];
  assert.equal(formatArgByName(open, 'flags', params), 'O_RDONLY|O_CLOEXEC');
  assert.equal(formatArgByName(open, 'mode', params), '0644');
  assert.equal(formatArgByName(open, 'dev', params), '801');
  assert.equal(formatArgByName(open, 'ino', params), '1234');
  assert.equal(formatArgByName(open, 'nosuch', params), undefined);
});

test('invalid UTF-8 in strings is replaced with U+FFFD', () => {
  const open = ev(EventCode.SYSCALL_OPEN_X);
  const name = cstr(Uint8Array.of(0x2f, 0x61, 0xff, 0x62, 0xe2, 0x82, 0xac));
  assert.equal(formatArg(open, 1, [i64(3), name, u32(1), u32(0), EMPTY, EMPTY]), '/a\uFFFDb€');
  const execve = ev(EventCode.SYSCALL_EXECVE_19_X);
  const comm = execve.params.findIndex((p) => p.name === 'comm');
  const params = execve.params.map(() => EMPTY);
  params[comm] = cstr(Uint8Array.of(0x63, 0x01, 0x64));
  assert.equal(formatArg(execve, comm, params), 'c\uFFFDd');
});

test('absolute times print as local date and nanoseconds', () => {
  const tz = process.env.TZ;
  process.env.TZ = 'UTC';
  try {
    assert.equal(formatAbsTime(1546300800000000001n), '2019-01-01 00:00:00.000000001');
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});
