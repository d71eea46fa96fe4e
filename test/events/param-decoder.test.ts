import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeParam,
  decodeValue,
  ipv6ToString,
  isIpv4MappedIpv6,
  readI64,
  readU64,
  type DynValue,
  type SockAddr,
  type SockTuple,
} from '../../src/events/param-decoder.js';
import { EVENT_TABLE, EventCode } from '../../src/events/event-table.js';
import { ParamType } from '../../src/events/event-types.js';
import { EMPTY, cat, cstr, i64, ipv4, u16, u32, u64, u8 } from './param-bytes.js';
import { readTrace, walkEvents } from './scap-walk.js';

test('fixed-size integers decode with their signedness', () => {
  assert.equal(decodeValue(ParamType.INT8, u8(0xff)), -1);
  assert.equal(decodeValue(ParamType.UINT8, u8(0xff)), 255);
  assert.equal(decodeValue(ParamType.INT16, u16(0x8000)), -32768);
  assert.equal(decodeValue(ParamType.UINT16, u16(0x8000)), 32768);
  assert.equal(decodeValue(ParamType.INT32, u32(0xfffffffe)), -2);
  assert.equal(decodeValue(ParamType.UINT32, u32(0xfffffffe)), 4294967294);
  assert.equal(decodeValue(ParamType.FLAGS32, u32(4097)), 4097);
  assert.equal(decodeValue(ParamType.BOOL, u32(1)), true);
});

test('64-bit values are numbers when exact, bigints beyond 2^53', () => {
  assert.equal(decodeValue(ParamType.ERRNO, i64(-2)), -2);
  assert.equal(decodeValue(ParamType.FD, i64(3)), 3);
  assert.equal(decodeValue(ParamType.UINT64, u64(0x7fad48782000)), 0x7fad48782000);
  assert.equal(decodeValue(ParamType.UINT64, u64(0xffffffffffffffffn)), 0xffffffffffffffffn);
  assert.equal(decodeValue(ParamType.INT64, i64(-(2n ** 60n))), -(2n ** 60n));
  assert.equal(readI64(i64(-9007199254740991n), 0), -9007199254740991);
  assert.equal(readU64(u64(2n ** 53n), 0), 2n ** 53n);
});

test('strings stop at the first NUL; empty and (NULL) strings are absent', () => {
  assert.equal(decodeValue(ParamType.CHARBUF, cstr('/bin/cat')), '/bin/cat');
  assert.equal(decodeValue(ParamType.FSPATH, cat(Buffer.from('a'), u8(0), Buffer.from('b'))), 'a');
  assert.equal(decodeValue(ParamType.CHARBUF, cstr('')), '');
  assert.equal(decodeValue(ParamType.CHARBUF, EMPTY), undefined);
  assert.equal(decodeValue(ParamType.FSRELPATH, cstr('(NULL)')), undefined);
  assert.equal(decodeValue(ParamType.CHARBUF, cstr('héllo')), 'héllo');
});

test('empty parameters of any type decode to undefined', () => {
  for (const t of [ParamType.FD, ParamType.UINT32, ParamType.BYTEBUF, ParamType.SOCKADDR, ParamType.DYN]) {
    assert.equal(decodeValue(t, EMPTY), undefined);
  }
});

test('a fixed-size parameter with the wrong length is rejected', () => {
  assert.throws(() => decodeValue(ParamType.FD, u32(3)), /must be 8 bytes/);
});

test('byte buffers decode to views of the event bytes', () => {
  const data = Uint8Array.of(0x7f, 0x45, 0x4c, 0x46);
  const v = decodeValue(ParamType.BYTEBUF, data) as Uint8Array;
  assert.equal(v.buffer, data.buffer);
  assert.deepEqual([...v], [0x7f, 0x45, 0x4c, 0x46]);
});

test('socket addresses decode by family', () => {
  assert.deepEqual(decodeValue(ParamType.SOCKADDR, cat(u8(2), ipv4(127, 0, 0, 1), u16(80))) as SockAddr, {
    family: 'inet',
    ip: '127.0.0.1',
    port: 80,
  });
  assert.deepEqual(decodeValue(ParamType.SOCKADDR, cat(u8(1), cstr('/run/docker.sock'))), {
    family: 'unix',
    path: '/run/docker.sock',
  });
  const v6 = cat(u8(10), Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), u16(443));
  assert.deepEqual(decodeValue(ParamType.SOCKADDR, v6), { family: 'inet6', ip: '2001:db8::1', port: 443 });
  assert.deepEqual(decodeValue(ParamType.SOCKADDR, u8(16)), { family: 'other', code: 16 });
});

test('socket tuples decode both endpoints', () => {
  const t = cat(u8(2), ipv4(127, 0, 0, 1), u16(47192), ipv4(127, 0, 0, 1), u16(80));
  assert.deepEqual(decodeValue(ParamType.SOCKTUPLE, t) as SockTuple, {
    family: 'inet', sip: '127.0.0.1', sport: 47192, dip: '127.0.0.1', dport: 80,
  });
  const unix = cat(u8(1), u64(0xffff8880aabbccddn), u64(0x10n), cstr('/tmp/s'));
  assert.deepEqual(decodeValue(ParamType.SOCKTUPLE, unix), {
    family: 'unix', source: 0xffff8880aabbccddn, dest: 0x10n, path: '/tmp/s',
  });
});

test('IPv6 text form matches inet_ntop, including embedded IPv4 forms', () => {
  const bytes = (...w: number[]) => Uint8Array.from(w.flatMap((x) => [x >> 8, x & 0xff]));
  assert.equal(ipv6ToString(bytes(0, 0, 0, 0, 0, 0, 0, 0)), '::');
  assert.equal(ipv6ToString(bytes(0, 0, 0, 0, 0, 0, 0, 1)), '::1');
  assert.equal(ipv6ToString(bytes(0xfe80, 0, 0, 0, 0x1, 0x2, 0x3, 0x4)), 'fe80::1:2:3:4');
  assert.equal(ipv6ToString(bytes(0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x020f)), '::ffff:10.0.2.15');
  assert.equal(ipv6ToString(bytes(1, 0, 0, 1, 0, 0, 0, 1)), '1:0:0:1::1');
  assert.equal(ipv6ToString(bytes(1, 2, 3, 4, 5, 6, 0, 8)), '1:2:3:4:5:6:0:8');
  assert.ok(isIpv4MappedIpv6(bytes(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1)));
  assert.ok(!isIpv4MappedIpv6(bytes(0, 0, 0, 0, 0, 0, 0, 1)));
});

test('fd lists decode (fd, flags) pairs', () => {
  const b = cat(u16(2), i64(3), u16(1), i64(7), u16(5));
  assert.deepEqual(decodeValue(ParamType.FDLIST, b), [{ fd: 3, flags: 1 }, { fd: 7, flags: 5 }]);
});

test('string arrays and pair arrays split on NUL', () => {
  assert.deepEqual(decodeValue(ParamType.CHARBUFARRAY, cat(cstr('cat'), cstr('/dev/null'))), ['cat', '/dev/null']);
  assert.deepEqual(decodeValue(ParamType.CHARBUF_PAIR_ARRAY, cat(cstr('a'), cstr('1'), cstr('b'), cstr('2'))), [
    ['a', '1'],
    ['b', '2'],
  ]);
});

test('dynamic parameters decode through the alternative their first byte selects', () => {
  const info = EVENT_TABLE[EventCode.SOCKET_GETSOCKOPT_X]!.params.find((p) => p.name === 'val')!;
  const v = decodeParam(info, cat(u8(2), u32(65536))) as DynValue;
  assert.deepEqual(v, { index: 2, type: ParamType.UINT32, value: 65536 });
  const e = decodeParam(info, cat(u8(1), i64(-111))) as DynValue;
  assert.deepEqual(e, { index: 1, type: ParamType.ERRNO, value: -111 });
  const keyctl = EVENT_TABLE[EventCode.SYSCALL_KEYCTL_X]!.params[2]!;
  assert.deepEqual(decodeParam(keyctl, cat(u8(1), cstr('user'))), { index: 1, type: ParamType.CHARBUF, value: 'user' });
});

test('sigsets, uids and relative times decode as plain numbers', () => {
  assert.equal(decodeValue(ParamType.SIGSET, u32(0x4002)), 0x4002);
  assert.equal(decodeValue(ParamType.UID, u32(0xffffffff)), 0xffffffff);
  assert.equal(decodeValue(ParamType.RELTIME, u64(1500000000n)), 1500000000);
});

test('real events: open exit parameters of cat_write decode to the expected values', () => {
  const events = [...walkEvents(readTrace('cat_write.scap'))];
  const open = events.find((e) => e.type === EventCode.SYSCALL_OPEN_X)!;
  const info = EVENT_TABLE[open.type]!;
  const decoded = open.params.map((p, i) => decodeParam(info.params[i]!, p));
  // the old capture has 4 of today's 6 parameters
  assert.deepEqual(decoded, [3, '/etc/ld.so.cache', 4097, 0]);
});

test('real events: sendmsg tuple and data of ping_sendto decode', () => {
  const events = [...walkEvents(readTrace('ping_sendto.scap'))];
  const x = events.find((e) => e.type === EventCode.SOCKET_SENDMSG_X)!;
  const info = EVENT_TABLE[x.type]!;
  assert.equal(decodeParam(info.params[0]!, x.params[0]!), 64);
  const data = decodeParam(info.params[1]!, x.params[1]!) as Uint8Array;
  assert.equal(data.length, 64);
  const enter = events.find((e) => e.type === EventCode.SOCKET_SENDMSG_E)!;
  const tuple = decodeParam(EVENT_TABLE[enter.type]!.params[2]!, enter.params[2]!);
  assert.deepEqual(tuple, { family: 'inet', sip: '0.0.0.0', sport: 1, dip: '128.32.41.1', dport: 0 });
});

test('real events: every parameter of every shared trace decodes without error', () => {
  let n = 0;
  for (const name of ['cat_write.scap', 'connect_localhost.scap', 'open-multiple-files.scap', 'ping_sendto.scap', 'syscall.scap']) {
    for (const e of walkEvents(readTrace(name))) {
      const info = EVENT_TABLE[e.type]!;
      e.params.forEach((p, i) => {
        decodeParam(info.params[i]!, p);
        n++;
      });
    }
  }
  assert.ok(n > 3000, `decoded ${n} parameters`);
});
