import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_TS, EventCode, execParams, feed, forkFromBash, seededEngine } from './helpers.js';
import { FdFlags, FdType, L4Proto } from '../../src/state/fd-info.js';
import { CloneFlags, OpenFlags } from '../../src/state/ppm-flags.js';
import type { StateEngine } from '../../src/state/system-state.js';

const O_RDONLY = OpenFlags.RDONLY;

function fdOf(e: StateEngine, tid: number, fd: number) {
  return e.threads.get(tid)!.fdTable()?.get(fd);
}

/** socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0) = fd in bash. */
function tcpSocket(e: StateEngine, fd: number, domain = 2): StateEngine {
  return feed(e, EventCode.SOCKET_SOCKET_X, 100, { fd, domain, type: 1 | 0x80000, proto: 0, flags: 0 });
}

test('open: relative names are joined to the cwd; the raw name, flags, dev and ino are kept', () => {
  const e = feed(seededEngine(), EventCode.SYSCALL_OPEN_X, 100, { fd: 3, name: 'notes/../todo.txt', flags: O_RDONLY | OpenFlags.F_CREATED, mode: 0o644, dev: 0x801, ino: 42 });
  const f = e.fd!;
  assert.equal(f, fdOf(e, 100, 3));
  assert.equal(f.name, '/home/u/todo.txt');
  assert.equal(f.nameRaw, 'notes/../todo.txt');
  assert.equal(f.type, FdType.FILE_V2);
  assert.equal(f.typeChar(), 'f');
  assert.equal(f.openFlags, O_RDONLY | OpenFlags.F_CREATED);
  assert.deepEqual([f.dev, f.ino], [0x801, 42]);
  assert.equal(e.thread?.lastEventFd, 3);
});

test('open with O_DIRECTORY gives a directory fd; a failed open adds nothing', () => {
  const e = feed(seededEngine(), EventCode.SYSCALL_OPEN_X, 100, { fd: 4, name: '/etc', flags: OpenFlags.DIRECTORY, mode: 0 });
  assert.equal(fdOf(e, 100, 4)?.typeChar(), 'd');
  feed(e, EventCode.SYSCALL_OPEN_X, 100, { fd: -2, name: '/nope', flags: 0, mode: 0 });
  assert.equal(e.threads.get(100)!.fdOpenCount(), 4);
});

test('openat resolves names against the dirfd, the cwd (AT_FDCWD), or marks an unknown dirfd', () => {
  const e = feed(seededEngine(), EventCode.SYSCALL_OPEN_X, 100, { fd: 4, name: '/etc', flags: OpenFlags.DIRECTORY, mode: 0 });
  feed(e, EventCode.SYSCALL_OPENAT_2_X, 100, { fd: 5, dirfd: 4, name: 'passwd', flags: O_RDONLY, mode: 0, dev: 1, ino: 2 });
  assert.equal(fdOf(e, 100, 5)?.name, '/etc/passwd');
  feed(e, EventCode.SYSCALL_OPENAT_2_X, 100, { fd: 6, dirfd: -100, name: 'a.txt', flags: O_RDONLY, mode: 0 });
  assert.equal(fdOf(e, 100, 6)?.name, '/home/u/a.txt');
  feed(e, EventCode.SYSCALL_OPENAT_2_X, 100, { fd: 7, dirfd: 55, name: 'x', flags: O_RDONLY, mode: 0 });
  assert.equal(fdOf(e, 100, 7)?.name, '<UNKNOWN>x');
  feed(e, EventCode.SYSCALL_OPENAT_2_X, 100, { fd: 8, dirfd: 55, name: '/abs/path', flags: O_RDONLY, mode: 0 });
  assert.equal(fdOf(e, 100, 8)?.name, '/abs/path');
});

test('openat2, creat (with overlay layer flags) and open_by_handle_at', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_OPENAT2_X, 100, { fd: 3, dirfd: -100, name: 'o2', flags: O_RDONLY, mode: 0, resolve: 0, dev: 0, ino: 0 });
  assert.equal(fdOf(e, 100, 3)?.name, '/home/u/o2');
  feed(e, EventCode.SYSCALL_CREAT_X, 100, { fd: 4, name: 'new.txt', mode: 0o600, dev: 1, ino: 9, creat_flags: 1 });
  const c = fdOf(e, 100, 4)!;
  assert.equal(c.name, '/home/u/new.txt');
  assert.equal(c.openFlags, OpenFlags.FD_UPPER_LAYER);
  assert.equal(c.isOverlayUpper(), true);
  feed(e, EventCode.SYSCALL_OPEN_BY_HANDLE_AT_X, 100, { fd: 5, mountfd: 3, flags: O_RDONLY, path: '/mnt/data/f', dev: 2, ino: 3 });
  assert.equal(fdOf(e, 100, 5)?.name, '/mnt/data/f');
});

test('old captures: the open enter event\'s name wins over an unknown exit name', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_OPEN_E, 100, { name: 'from-enter', flags: O_RDONLY, mode: 0 });
  feed(e, EventCode.SYSCALL_OPEN_X, 100, { fd: 3, name: null, flags: OpenFlags.F_CREATED, mode: 0 });
  const f = fdOf(e, 100, 3)!;
  assert.equal(f.name, '/home/u/from-enter');
  assert.equal(f.openFlags, O_RDONLY | OpenFlags.F_CREATED, 'exit-added bits are kept');
});

test('socket + connect: an IPv4 client socket named by its tuple', () => {
  const e = tcpSocket(seededEngine(), 3);
  assert.equal(e.fd?.typeChar(), '4');
  assert.equal(e.fd?.ipv4L4Proto, L4Proto.TCP);
  feed(e, EventCode.SOCKET_CONNECT_X, 100, {
    res: 0, fd: 3, tuple: { family: 'inet', sip: '10.0.0.5', sport: 40000, dip: '93.184.216.34', dport: 443 },
    addr: { family: 'inet', ip: '93.184.216.34', port: 443 },
  });
  const f = e.fd!;
  assert.equal(f.name, '10.0.0.5:40000->93.184.216.34:443');
  assert.equal(f.isRoleClient(), true);
  assert.equal(f.isSocketConnected(), true);
  assert.equal(f.l4proto(), L4Proto.TCP);
  assert.equal(e.fdNameChanged, true);
});

test('connect: a failure leaves the socket alone, EINPROGRESS counts as connected', () => {
  const e = tcpSocket(seededEngine(), 3);
  const tuple = { family: 'inet' as const, sip: '10.0.0.5', sport: 1, dip: '10.0.0.6', dport: 2 };
  feed(e, EventCode.SOCKET_CONNECT_X, 100, { res: -111, fd: 3, tuple });
  assert.equal(fdOf(e, 100, 3)?.name, '');
  feed(e, EventCode.SOCKET_CONNECT_X, 100, { res: -115, fd: 3, tuple });
  assert.equal(fdOf(e, 100, 3)?.name, '10.0.0.5:1->10.0.0.6:2');
});

test('connect over IPv6, and IPv4-mapped IPv6 tuples become IPv4 sockets', () => {
  const e = tcpSocket(seededEngine(), 3, 10);
  feed(e, EventCode.SOCKET_CONNECT_X, 100, { res: 0, fd: 3, tuple: { family: 'inet6', sip: '2001:db8::1', sport: 5000, dip: '2001:db8::2', dport: 80 } });
  assert.equal(fdOf(e, 100, 3)?.name, '2001:db8::1:5000->2001:db8::2:80');
  assert.equal(fdOf(e, 100, 3)?.typeChar(), '6');
  tcpSocket(e, 4, 10);
  feed(e, EventCode.SOCKET_CONNECT_X, 100, { res: 0, fd: 4, tuple: { family: 'inet6', sip: '::ffff:10.1.1.1', sport: 5001, dip: '::ffff:10.1.1.2', dport: 22 } });
  const mapped = fdOf(e, 100, 4)!;
  assert.equal(mapped.type, FdType.IPV4_SOCK);
  assert.equal(mapped.ipv4Dport, 22);
  // libsinsp keeps the protocol of an AF_INET6 socket in the IPv6 layout; read through the IPv4
  // layout it is unknown, so the name is '<unknown>' (the same storage-sharing Falco has).
  assert.equal(mapped.name, '<unknown>');
});

test('unix socket connect: named <src>-><dst> <path>', () => {
  const e = feed(seededEngine(), EventCode.SOCKET_SOCKET_X, 100, { fd: 3, domain: 1, type: 1, proto: 0, flags: 0 });
  feed(e, EventCode.SOCKET_CONNECT_X, 100, {
    res: 0, fd: 3, tuple: { family: 'unix', source: 0xffff8880aaaan, dest: 0xffff8880bbbbn, path: '/run/docker.sock' },
  });
  const f = fdOf(e, 100, 3)!;
  assert.equal(f.typeChar(), 'u');
  assert.equal(f.name, 'ffff8880aaaa->ffff8880bbbb /run/docker.sock');
  assert.equal(f.unixDest, 0xffff8880bbbbn);
});

test('bind with a port makes a server socket named by the address; accept4 creates connected server fds', () => {
  const e = tcpSocket(seededEngine(), 3);
  feed(e, EventCode.SOCKET_BIND_X, 100, { res: 0, addr: { family: 'inet', ip: '0.0.0.0', port: 8080 }, fd: 3 });
  const s = fdOf(e, 100, 3)!;
  assert.equal(s.type, FdType.IPV4_SERVSOCK);
  assert.equal(s.name, '0.0.0.0:8080');
  assert.equal(s.ipv4ServerPort, 8080);
  assert.equal(s.l4proto(), L4Proto.TCP);
  feed(e, EventCode.SOCKET_ACCEPT4_6_X, 100, { fd: 4, tuple: { family: 'inet', sip: '192.168.1.9', sport: 51000, dip: '192.168.1.2', dport: 8080 }, queuepct: 0, queuelen: 0, queuemax: 0, flags: OpenFlags.CLOEXEC });
  const a = fdOf(e, 100, 4)!;
  assert.equal(a.name, '192.168.1.9:51000->192.168.1.2:8080');
  assert.equal(a.isRoleServer(), true);
  assert.equal(a.isSocketConnected(), true);
  assert.equal(a.openFlags, OpenFlags.CLOEXEC);
  assert.equal(e.thread?.lastEventFd, 4);
});

test('bind to port 0 keeps a client socket but still renames it; IPv6 bind makes an IPv6 server', () => {
  const e = tcpSocket(seededEngine(), 3);
  feed(e, EventCode.SOCKET_BIND_X, 100, { res: 0, addr: { family: 'inet', ip: '127.0.0.1', port: 0 }, fd: 3 });
  assert.equal(fdOf(e, 100, 3)?.type, FdType.IPV4_SOCK);
  assert.equal(fdOf(e, 100, 3)?.name, '127.0.0.1:0');
  tcpSocket(e, 4, 10);
  feed(e, EventCode.SOCKET_BIND_X, 100, { res: 0, addr: { family: 'inet6', ip: '::', port: 443 }, fd: 4 });
  assert.equal(fdOf(e, 100, 4)?.type, FdType.IPV4_SERVSOCK, 'the all-zero address counts as IPv4');
  tcpSocket(e, 5, 10);
  feed(e, EventCode.SOCKET_BIND_X, 100, { res: 0, addr: { family: 'inet6', ip: 'fe80::1', port: 443 }, fd: 5 });
  assert.equal(fdOf(e, 100, 5)?.type, FdType.IPV6_SERVSOCK);
  assert.equal(fdOf(e, 100, 5)?.name, 'fe80::1:443');
});

test('UDP sendto/recvfrom fill the peer of unconnected sockets', () => {
  const e = feed(seededEngine(), EventCode.SOCKET_SOCKET_X, 100, { fd: 3, domain: 2, type: 2, proto: 0, flags: 0 });
  feed(e, EventCode.SOCKET_SENDTO_X, 100, { res: 10, data: 'q', fd: 3, size: 10, tuple: { family: 'inet', sip: '10.0.0.5', sport: 53000, dip: '8.8.8.8', dport: 53 } });
  const f = fdOf(e, 100, 3)!;
  assert.equal(f.name, '10.0.0.5:53000->8.8.8.8:53');
  assert.equal(f.isRoleClient(), true);
  assert.equal(f.l4proto(), L4Proto.UDP);
  feed(e, EventCode.SOCKET_RECVFROM_X, 100, { res: 10, data: 'a', tuple: { family: 'inet', sip: '8.8.8.8', sport: 53, dip: '10.0.0.5', dport: 53000 }, fd: 3, size: 10 });
  assert.equal(fdOf(e, 100, 3)?.name, '10.0.0.5:53000->8.8.8.8:53', 'same connection seen from the other side');
});

test('a send on an fd whose socket() was missed creates a UDP socket from the tuple', () => {
  const e = seededEngine();
  feed(e, EventCode.SOCKET_SENDTO_X, 100, { res: 5, data: 'x', fd: 9, size: 5, tuple: { family: 'inet', sip: '1.1.1.1', sport: 1000, dip: '2.2.2.2', dport: 2000 } });
  const f = fdOf(e, 100, 9)!;
  assert.equal(f.type, FdType.IPV4_SOCK);
  assert.equal(f.ipv4L4Proto, L4Proto.UDP);
  assert.equal(f.name, '1.1.1.1:1000->2.2.2.2:2000');
});

test('zero addresses in tuples are completed from the network interfaces', () => {
  const e = seededEngine();
  e.interfaces.ipv4.push({ name: 'eth0', addr: Uint8Array.of(10, 0, 0, 5), netmask: Uint8Array.of(255, 255, 255, 0) });
  feed(e, EventCode.SOCKET_SOCKET_X, 100, { fd: 3, domain: 2, type: 2, proto: 0, flags: 0 });
  feed(e, EventCode.SOCKET_SENDTO_X, 100, { res: 1, data: 'x', fd: 3, size: 1, tuple: { family: 'inet', sip: '0.0.0.0', sport: 4000, dip: '10.0.0.9', dport: 53 } });
  assert.equal(fdOf(e, 100, 3)?.name, '10.0.0.5:4000->10.0.0.9:53');
});

test('dup, dup2 and dup3 copy the fd; only dup3 can set close-on-exec; fd 0/1 mark shell pipes', () => {
  const e = feed(seededEngine(), EventCode.SYSCALL_OPEN_X, 100, { fd: 3, name: '/tmp/log', flags: OpenFlags.WRONLY | OpenFlags.CLOEXEC, mode: 0 });
  feed(e, EventCode.SYSCALL_DUP_1_X, 100, { res: 4, oldfd: 3 });
  assert.equal(fdOf(e, 100, 4)?.name, '/tmp/log');
  assert.equal(fdOf(e, 100, 4)?.isCloseOnExec(), false);
  feed(e, EventCode.SYSCALL_DUP3_X, 100, { res: 5, oldfd: 3, newfd: 5, flags: OpenFlags.CLOEXEC });
  assert.equal(fdOf(e, 100, 5)?.isCloseOnExec(), true);
  feed(e, EventCode.SYSCALL_DUP2_X, 100, { res: 1, oldfd: 3, newfd: 1 });
  assert.equal(fdOf(e, 100, 1)?.name, '/tmp/log');
  assert.equal((e.threads.get(100)!.flags & CloneFlags.PIPE_SRC) !== 0, true);
  assert.equal(e.fd, fdOf(e, 100, 1));
});

test('fcntl F_DUPFD_CLOEXEC copies with close-on-exec; F_SETFD toggles it', () => {
  const e = feed(seededEngine(), EventCode.SYSCALL_OPEN_X, 100, { fd: 3, name: '/tmp/a', flags: O_RDONLY, mode: 0 });
  feed(e, EventCode.SYSCALL_FCNTL_X, 100, { res: 10, fd: 3, cmd: 26, arg: 10 });
  assert.equal(fdOf(e, 100, 10)?.isCloseOnExec(), true);
  feed(e, EventCode.SYSCALL_FCNTL_X, 100, { res: 0, fd: 3, cmd: 3, arg: 1 });
  assert.equal(fdOf(e, 100, 3)?.isCloseOnExec(), true);
  feed(e, EventCode.SYSCALL_FCNTL_X, 100, { res: 0, fd: 3, cmd: 3, arg: 0 });
  assert.equal(fdOf(e, 100, 3)?.isCloseOnExec(), false);
});

test('pipe2 creates two pipe fds sharing the inode', () => {
  const e = feed(seededEngine(), EventCode.SYSCALL_PIPE2_X, 100, { res: 0, fd1: 3, fd2: 4, ino: 777, flags: OpenFlags.CLOEXEC });
  for (const fd of [3, 4]) {
    const f = fdOf(e, 100, fd)!;
    assert.equal(f.typeChar(), 'p');
    assert.equal(f.typeString(), 'pipe');
    assert.equal(f.ino, 777);
    assert.equal(f.name, '');
    assert.equal(f.isCloseOnExec(), true);
  }
});

test('anonymous-inode fds: eventfd, signalfd, timerfd, inotify, epoll, bpf, userfaultfd, io_uring', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_EVENTFD2_X, 100, { res: 3, flags: 0x80, initval: 0 });
  feed(e, EventCode.SYSCALL_SIGNALFD4_X, 100, { res: 4, flags: 0x800, fd: -1, mask: 0 });
  feed(e, EventCode.SYSCALL_TIMERFD_CREATE_X, 100, { res: 5, clockid: 1, flags: 2 });
  feed(e, EventCode.SYSCALL_INOTIFY_INIT1_X, 100, { res: 6, flags: 1 });
  feed(e, EventCode.SYSCALL_EPOLL_CREATE1_X, 100, { res: 7, flags: 1 });
  feed(e, EventCode.SYSCALL_BPF_2_X, 100, { fd: 8, cmd: 0 });
  feed(e, EventCode.SYSCALL_USERFAULTFD_X, 100, { res: 9, flags: 0 });
  feed(e, EventCode.SYSCALL_IO_URING_SETUP_X, 100, { res: 10, entries: 8, sq_entries: 8, cq_entries: 16, flags: 0, sq_thread_cpu: 0, sq_thread_idle: 0, features: 0 });
  const got = [3, 4, 5, 6, 7, 8, 9, 10].map((fd) => `${fd}:${fdOf(e, 100, fd)?.typeChar()}:${fdOf(e, 100, fd)?.typeString()}`);
  assert.deepEqual(got, ['3:e:event', '4:s:signalfd', '5:t:timerfd', '6:i:inotify', '7:l:eventpoll', '8:b:bpf', '9:u:userfaultfd', '10:r:io_uring']);
  assert.equal(fdOf(e, 100, 3)?.openFlags, 0x80);
  assert.equal(fdOf(e, 100, 7)?.isCloseOnExec(), true, 'EPOLL_CLOEXEC becomes O_CLOEXEC');
});

test('memfd_create names the fd after the memfd; pidfd_open names it /proc/<pid>; pidfd_getfd copies', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_MEMFD_CREATE_X, 100, { fd: 3, name: 'memfd:payload', flags: 1 });
  assert.deepEqual([fdOf(e, 100, 3)?.name, fdOf(e, 100, 3)?.typeChar(), fdOf(e, 100, 3)?.isCloseOnExec()], ['memfd:payload', 'm', true]);
  feed(e, EventCode.SYSCALL_OPEN_X, 200, { fd: 7, name: '/etc/shadow', flags: O_RDONLY, mode: 0 });
  feed(e, EventCode.SYSCALL_PIDFD_OPEN_X, 100, { fd: 4, pid: 200, flags: 0 });
  assert.deepEqual([fdOf(e, 100, 4)?.name, fdOf(e, 100, 4)?.typeChar(), fdOf(e, 100, 4)?.pid], ['/proc/200', 'P', 200]);
  feed(e, EventCode.SYSCALL_PIDFD_GETFD_X, 100, { fd: 5, pid_fd: 4, target_fd: 7, flags: 0 });
  assert.equal(fdOf(e, 100, 5)?.name, '/etc/shadow');
  assert.equal(fdOf(e, 100, 5)?.isCloseOnExec(), true);
});

test('socketpair creates two connected unix fds', () => {
  const e = feed(seededEngine(), EventCode.SOCKET_SOCKETPAIR_X, 100, { res: 0, fd1: 3, fd2: 4, source: 0xaaan, peer: 0xbbbn, domain: 1, type: 1, proto: 0 });
  assert.equal(fdOf(e, 100, 3)?.typeChar(), 'u');
  assert.equal(fdOf(e, 100, 4)?.unixDest, 0xbbbn);
  assert.notEqual(fdOf(e, 100, 3), fdOf(e, 100, 4));
});

test('close removes the fd before the next event; a failed close keeps it', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_CLOSE_X, 100, { res: 0, fd: 2 });
  assert.equal(e.fd?.name, '/dev/pts/0', 'the closing event still sees the fd');
  assert.ok(fdOf(e, 100, 2));
  feed(e, EventCode.SYSCALL_CLOSE_X, 100, { res: -9, fd: 1 }, BASE_TS + 1n);
  assert.equal(fdOf(e, 100, 2), undefined);
  feed(e, EventCode.SYSCALL_GETCWD_X, 100, { res: 0, path: '/home/u' }, BASE_TS + 2n);
  assert.ok(fdOf(e, 100, 1));
});

test('close_range removes a range of fds, or marks them close-on-exec', () => {
  const e = seededEngine();
  for (const fd of [3, 4, 5, 6]) feed(e, EventCode.SYSCALL_OPEN_X, 100, { fd, name: `/f${fd}`, flags: O_RDONLY, mode: 0 });
  feed(e, EventCode.SYSCALL_CLOSE_RANGE_X, 100, { res: 0, first: 4, last: 5, flags: 0 });
  assert.deepEqual([...e.threads.get(100)!.fdTable()!.entries()].map(([fd]) => fd), [0, 1, 2, 3, 6]);
  feed(e, EventCode.SYSCALL_CLOSE_RANGE_X, 100, { res: 0, first: 3, last: 0xffffffff, flags: 4 });
  assert.equal(fdOf(e, 100, 6)?.isCloseOnExec(), true);
  assert.equal(fdOf(e, 100, 2)?.isCloseOnExec(), false);
});

test('a forked child has its own copy of the fds; threads share the table', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SYSCALL_CLOSE_X, 200, { res: 0, fd: 0 });
  feed(e, EventCode.SYSCALL_OPEN_X, 200, { fd: 9, name: '/child-only', flags: O_RDONLY, mode: 0 }, BASE_TS + 1n);
  assert.equal(fdOf(e, 200, 0), undefined);
  assert.ok(fdOf(e, 100, 0));
  assert.equal(fdOf(e, 100, 9), undefined);
  assert.equal(e.threads.get(200)!.fdOpenCount(), 3);
});

test('each process\'s fd table is capped (4096 by default, configurable)', () => {
  const e = seededEngine({ maxFdsPerProcess: 10 });
  for (let fd = 3; fd < 20; fd++) feed(e, EventCode.SYSCALL_OPEN_X, 100, { fd, name: `/f${fd}`, flags: O_RDONLY, mode: 0 });
  assert.equal(e.threads.get(100)!.fdOpenCount(), 10);
  assert.equal(e.stats.fds.droppedFull, 10);
  assert.equal(e.fd, undefined);
});

test('execve keeps fds without close-on-exec (a socket opened with SOCK_CLOEXEC is not one of them)', () => {
  const e = forkFromBash(seededEngine(), 200);
  feed(e, EventCode.SOCKET_SOCKET_X, 200, { fd: 3, domain: 2, type: 1, proto: 0, flags: OpenFlags.CLOEXEC });
  feed(e, EventCode.SYSCALL_OPEN_X, 200, { fd: 4, name: '/x', flags: OpenFlags.CLOEXEC, mode: 0 });
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 200, execParams({ tid: 200, pid: 200, ptid: 100 }));
  assert.equal(fdOf(e, 200, 3), undefined);
  assert.equal(fdOf(e, 200, 4), undefined);
  assert.ok(fdOf(e, 200, 1));
});

test('fd flags loaded from the process table and sockets oriented by listening ports', () => {
  const e = seededEngine({}, {
    fds: [
      { kind: 'ipv4-server', tid: 100, fd: 10, ino: 1n, type: FdType.IPV4_SERVSOCK, ip: 0, port: 22, l4proto: L4Proto.TCP },
      // 10.0.0.5:22 <- 10.0.0.9:50000 as the table lists it (local first)
      { kind: 'ipv4', tid: 100, fd: 11, ino: 2n, type: FdType.IPV4_SOCK, sip: 0x0500000a, dip: 0x0900000a, sport: 22, dport: 50000, l4proto: L4Proto.TCP },
      { kind: 'ipv4', tid: 100, fd: 12, ino: 3n, type: FdType.IPV4_SOCK, sip: 0x0500000a, dip: 0x0900000a, sport: 41000, dport: 443, l4proto: L4Proto.TCP },
      { kind: 'unix', tid: 100, fd: 13, ino: 4n, type: FdType.UNIX_SOCK, source: 1n, destination: 2n, name: '/run/s.sock' },
      { kind: 'named', tid: 100, fd: 14, ino: 5n, type: FdType.FIFO, name: 'pipe:[5]' },
    ],
  });
  assert.equal(fdOf(e, 100, 10)?.name, '0.0.0.0:22');
  const server = fdOf(e, 100, 11)!;
  assert.equal(server.name, '10.0.0.9:50000->10.0.0.5:22');
  assert.equal(server.isRoleServer(), true);
  assert.equal((server.flags & FdFlags.SOCKET_CONNECTED) !== 0, true);
  assert.equal(fdOf(e, 100, 12)?.isRoleClient(), true);
  assert.equal(fdOf(e, 100, 12)?.name, '10.0.0.5:41000->10.0.0.9:443');
  assert.equal(fdOf(e, 100, 13)?.isRoleServer(), true);
  assert.equal(fdOf(e, 100, 14)?.name, 'pipe:[5]');
  assert.equal(fdOf(e, 100, 14)?.typeChar(), 'p');
});

test('old captures: a connect without a tuple takes the destination from its enter event', () => {
  const e = tcpSocket(seededEngine(), 3);
  feed(e, EventCode.SOCKET_CONNECT_E, 100, { fd: 3, addr: { family: 'inet', ip: '10.9.8.7', port: 8443 } });
  feed(e, EventCode.SOCKET_CONNECT_X, 100, { res: 0, fd: 3, tuple: null });
  const f = fdOf(e, 100, 3)!;
  assert.deepEqual([...f.ipv4Dip()], [10, 9, 8, 7]);
  assert.equal(f.ipv4Dport, 8443);
  assert.equal(f.isSocketConnected(), true);
});

test('with connection tracking on, connect and getsockopt(SO_ERROR) record pending and failed states', () => {
  const e = tcpSocket(seededEngine({ trackConnectionStatus: true }), 3);
  const tuple = { family: 'inet' as const, sip: '10.0.0.1', sport: 1, dip: '10.0.0.2', dport: 2 };
  feed(e, EventCode.SOCKET_CONNECT_X, 100, { res: -115, fd: 3, tuple });
  assert.equal(fdOf(e, 100, 3)?.isSocketPending(), true);
  const errno = Buffer.alloc(9);
  errno[0] = 0; // PT_DYN index of the errno variant
  errno.writeBigInt64LE(-111n, 1);
  feed(e, EventCode.SOCKET_GETSOCKOPT_X, 100, { res: 0, fd: 3, level: 1, optname: 4, val: errno, optlen: 8 });
  assert.equal(fdOf(e, 100, 3)?.isSocketFailed(), true);
  feed(e, EventCode.SOCKET_CONNECT_X, 100, { res: -111, fd: 3, tuple });
  assert.equal(fdOf(e, 100, 3)?.isSocketFailed(), true);
});
