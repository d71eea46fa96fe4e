import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FdInfo, FdType, L4Proto, fdTypeChar, fdTypeString } from '../../src/state/fd-info.js';
import { socketEndpointsName, sockaddrText, socktupleText, unixTupleName } from '../../src/state/socket-text.js';
import { encodeParam } from '../../src/state/synthetic-event.js';
import { ParamType } from '../../src/events/event-types.js';

test('every fd type has its one-character code', () => {
  const expected: [number, string][] = [
    [FdType.FILE, 'f'], [FdType.FILE_V2, 'f'], [FdType.DIRECTORY, 'd'], [FdType.IPV4_SOCK, '4'], [FdType.IPV4_SERVSOCK, '4'],
    [FdType.IPV6_SOCK, '6'], [FdType.IPV6_SERVSOCK, '6'], [FdType.FIFO, 'p'], [FdType.UNIX_SOCK, 'u'], [FdType.EVENT, 'e'],
    [FdType.UNKNOWN, 'o'], [FdType.UNSUPPORTED, 'X'], [FdType.SIGNALFD, 's'], [FdType.EVENTPOLL, 'l'], [FdType.INOTIFY, 'i'],
    [FdType.TIMERFD, 't'], [FdType.NETLINK, 'n'], [FdType.BPF, 'b'], [FdType.USERFAULTFD, 'u'], [FdType.IOURING, 'r'],
    [FdType.MEMFD, 'm'], [FdType.PIDFD, 'P'], [FdType.UNINITIALIZED, '?'],
  ];
  for (const [t, c] of expected) assert.equal(fdTypeChar(t), c, `type ${t}`);
});

test('every fd type has its type name', () => {
  const expected: [number, string][] = [
    [FdType.FILE_V2, 'file'], [FdType.DIRECTORY, 'directory'], [FdType.IPV4_SERVSOCK, 'ipv4'], [FdType.IPV6_SOCK, 'ipv6'],
    [FdType.UNIX_SOCK, 'unix'], [FdType.FIFO, 'pipe'], [FdType.EVENT, 'event'], [FdType.SIGNALFD, 'signalfd'],
    [FdType.EVENTPOLL, 'eventpoll'], [FdType.INOTIFY, 'inotify'], [FdType.TIMERFD, 'timerfd'], [FdType.NETLINK, 'netlink'],
    [FdType.BPF, 'bpf'], [FdType.USERFAULTFD, 'userfaultfd'], [FdType.IOURING, 'io_uring'], [FdType.MEMFD, 'memfd'],
    [FdType.PIDFD, 'pidfd'], [FdType.UNKNOWN, '<NA>'], [FdType.UNSUPPORTED, '<NA>'],
  ];
  for (const [t, s] of expected) assert.equal(fdTypeString(t), s, `type ${t}`);
});

test('an IPv4 TCP socket is named sip:sport->dip:dport', () => {
  const f = new FdInfo();
  f.type = FdType.IPV4_SOCK;
  f.setIpv4Tuple(Uint8Array.of(1, 2, 3, 4), 0, 5, Uint8Array.of(6, 7, 8, 9), 0, 10);
  f.ipv4L4Proto = L4Proto.TCP;
  assert.equal(socketEndpointsName(f), '1.2.3.4:5->6.7.8.9:10');
  assert.equal(f.ipv4SipNum(), 0x01020304);
  assert.deepEqual([...f.ipv4Dip()], [6, 7, 8, 9]);
});

test('ICMP and raw IPv4 sockets are named without ports; other protocols are <unknown>', () => {
  const f = new FdInfo();
  f.type = FdType.IPV4_SOCK;
  f.setIpv4Tuple(Uint8Array.of(10, 0, 0, 1), 0, 0, Uint8Array.of(8, 8, 8, 8), 0, 0);
  f.ipv4L4Proto = L4Proto.ICMP;
  assert.equal(socketEndpointsName(f), '10.0.0.1->8.8.8.8');
  f.ipv4L4Proto = L4Proto.UNKNOWN;
  assert.equal(socketEndpointsName(f), '<unknown>');
});

test('IPv6 sockets are named with inet_ntop text', () => {
  const f = new FdInfo();
  f.type = FdType.IPV6_SOCK;
  const a = new Uint8Array(16);
  a[15] = 1;
  const b = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42);
  f.setIpv6Tuple(a, 0, 40000, b, 0, 443);
  f.ipv6L4Proto = L4Proto.TCP;
  assert.equal(socketEndpointsName(f), '::1:40000->2001:db8::42:443');
});

test('socket parameters render like Falco: sockaddr, socktuple, unix tuple', () => {
  assert.equal(sockaddrText(encodeParam(ParamType.SOCKADDR, { family: 'inet', ip: '0.0.0.0', port: 8080 })), '0.0.0.0:8080');
  assert.equal(sockaddrText(encodeParam(ParamType.SOCKADDR, { family: 'unix', path: '/run/x.sock' })), '/run/x.sock');
  assert.equal(sockaddrText(encodeParam(ParamType.SOCKADDR, { family: 'other', code: 16 })), 'family 16');
  assert.equal(
    socktupleText(encodeParam(ParamType.SOCKTUPLE, { family: 'inet', sip: '1.2.3.4', sport: 5, dip: '6.7.8.9', dport: 10 })),
    '1.2.3.4:5->6.7.8.9:10',
  );
  assert.equal(
    socktupleText(encodeParam(ParamType.SOCKTUPLE, { family: 'inet6', sip: '::ffff:127.0.0.1', sport: 1, dip: '::ffff:127.0.0.1', dport: 2 })),
    '127.0.0.1:1->127.0.0.1:2',
  );
  assert.equal(
    socktupleText(encodeParam(ParamType.SOCKTUPLE, { family: 'unix', source: 0xffff9a0bn, dest: 0x1234n, path: '/var/run/docker.sock' })),
    'ffff9a0b->1234 /var/run/docker.sock',
  );
  assert.equal(unixTupleName(0n, 0n, ''), '0->0 ');
});

test('socket layouts share storage like libsinsp: a server address overlays the IPv4 tuple', () => {
  const f = new FdInfo();
  f.type = FdType.IPV4_SOCK;
  f.ipv4L4Proto = L4Proto.UDP;
  f.setIpv4Server(Uint8Array.of(0, 0, 0, 0), 0, 53, L4Proto.UDP);
  f.type = FdType.IPV4_SERVSOCK;
  // port 53 now sits in the low bytes of the tuple's destination address
  assert.deepEqual([...f.ipv4Dip()], [53, 0, L4Proto.UDP, 0]);
  assert.equal(f.ipv4ServerPort, 53);
  assert.equal(f.l4proto(), L4Proto.UDP);
});

test('l4proto: raw always, client sockets only once they have a role, NA for non-sockets', () => {
  const f = new FdInfo();
  f.type = FdType.IPV4_SOCK;
  f.ipv4L4Proto = L4Proto.TCP;
  assert.equal(f.l4proto(), L4Proto.NA);
  f.setRoleClient();
  assert.equal(f.l4proto(), L4Proto.TCP);
  f.ipv4L4Proto = L4Proto.RAW;
  f.flags = 0;
  assert.equal(f.l4proto(), L4Proto.RAW);
  const file = new FdInfo();
  file.type = FdType.FILE_V2;
  assert.equal(file.l4proto(), L4Proto.NA);
});

test('close-on-exec covers O_CLOEXEC and the epoll/memfd equivalents', () => {
  const f = new FdInfo();
  f.type = FdType.FILE_V2;
  f.openFlags = 1 << 12;
  assert.equal(f.isCloseOnExec(), true);
  f.clearCloseOnExec();
  assert.equal(f.isCloseOnExec(), false);
  const m = new FdInfo();
  m.type = FdType.MEMFD;
  m.openFlags = 1;
  assert.equal(m.isCloseOnExec(), true);
  const e = new FdInfo();
  e.type = FdType.EVENTPOLL;
  e.openFlags = 1;
  assert.equal(e.isCloseOnExec(), true);
  e.type = FdType.EVENT;
  assert.equal(e.isCloseOnExec(), false);
});

test('device numbers split into major and minor like the kernel encodes them', () => {
  const f = new FdInfo();
  f.dev = (8 << 8) | 1 | (0x12 << 12 << 8);
  assert.equal(f.deviceMajor(), 8);
  assert.equal(f.deviceMinor(), 1 | (0x12 << 8));
});
