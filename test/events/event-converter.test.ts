import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CaptureEventConverter,
  ConversionError,
  convertibility,
  defaultParamBytes,
  mergedEnterParams,
  paramsSharedByName,
  type ScapEvent,
} from '../../src/events/event-converter.js';
import { EVENT_TABLE, EventCode } from '../../src/events/event-table.js';
import { ParamType } from '../../src/events/event-types.js';
import { formatArgs } from '../../src/events/param-format.js';
import { EMPTY, cat, cstr, i64, u16, u32, u8 } from './param-bytes.js';

const mk = (type: number, params: Uint8Array[], tid = 7n): ScapEvent => ({ type, ts: 1n, tid, params });

test('eligibility follows the converter rules', () => {
  assert.equal(convertibility(EventCode.PROCEXIT_X, 0), 'drop'); // unused placeholder
  assert.equal(convertibility(EventCode.PROCINFO_E, 2), 'pass'); // not managed, current
  assert.equal(convertibility(EventCode.SYSCALL_CLONE_11_E, 0), 'drop'); // old enter, not managed
  assert.equal(convertibility(EventCode.SYSCALL_READ_E, 2), 'convert'); // managed enter
  assert.equal(convertibility(EventCode.SYSCALL_OPEN_X, 6), 'pass'); // current and complete
  assert.equal(convertibility(EventCode.SYSCALL_OPEN_X, 4), 'convert'); // current but short
  assert.equal(convertibility(EventCode.SYSCALL_EXECVE_16_X, 16), 'convert'); // old version
  assert.equal(convertibility(9999, 0), 'drop'); // code from a newer capture
});

test('enter parameters are merged into the exit event of the same thread', () => {
  const c = new CaptureEventConverter();
  assert.equal(c.convert(mk(EventCode.SYSCALL_READ_E, [i64(3), u32(832)])), null);
  const x = c.convert(mk(EventCode.SYSCALL_READ_X, [i64(832), Buffer.from('ELF')]))!;
  assert.equal(x.type, EventCode.SYSCALL_READ_X);
  assert.equal(formatArgs(EVENT_TABLE[x.type]!, x.params), 'res=832 data=ELF fd=3 size=832');
});

test('without a stored enter event, defaults or empty parameters are used', () => {
  const c = new CaptureEventConverter();
  const read = c.convert(mk(EventCode.SYSCALL_READ_X, [i64(0), EMPTY]))!;
  assert.equal(formatArgs(EVENT_TABLE[read.type]!, read.params), 'res=0 data=NULL fd=0 size=0');
  const link = c.convert(mk(EventCode.SYSCALL_LINK_X, [i64(0)]))!;
  assert.equal(link.type, EventCode.SYSCALL_LINK_2_X);
  assert.equal(formatArgs(EVENT_TABLE[link.type]!, link.params), 'res=0 oldpath=<NA> newpath=<NA>');
});

test('enter events are kept per thread', () => {
  const c = new CaptureEventConverter();
  c.convert(mk(EventCode.SYSCALL_CLOSE_E, [i64(5)], 1n));
  const other = c.convert(mk(EventCode.SYSCALL_CLOSE_X, [i64(0)], 2n))!;
  assert.equal(formatArgs(EVENT_TABLE[other.type]!, other.params), 'res=0 fd=0');
  const mine = c.convert(mk(EventCode.SYSCALL_CLOSE_X, [i64(0)], 1n))!;
  assert.equal(formatArgs(EVENT_TABLE[mine.type]!, mine.params), 'res=0 fd=5');
});

test('a stored enter event is used once', () => {
  const c = new CaptureEventConverter();
  c.convert(mk(EventCode.SYSCALL_CLOSE_E, [i64(5)]));
  c.convert(mk(EventCode.SYSCALL_CLOSE_X, [i64(0)]));
  const again = c.convert(mk(EventCode.SYSCALL_CLOSE_X, [i64(0)]))!;
  assert.equal(formatArgs(EVENT_TABLE[again.type]!, again.params), 'res=0 fd=0');
});

test('old open enter events gain three empty parameters and are delivered', () => {
  const c = new CaptureEventConverter();
  const e = c.convert(mk(EventCode.SYSCALL_OPEN_E, []))!;
  assert.equal(e.type, EventCode.SYSCALL_OPEN_E);
  assert.deepEqual(e.params.map((p) => p.length), [0, 0, 0]);
  const x = c.convert(mk(EventCode.SYSCALL_OPEN_X, [i64(3), cstr('/etc/ld.so.cache'), u32(4097), u32(0)]))!;
  assert.equal(x.params.length, 6);
  assert.equal(formatArgs(EVENT_TABLE[x.type]!, x.params), 'fd=3 name=/etc/ld.so.cache flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=<NA> ino=<NA>');
});

test('execve exit version 16 is upgraded through 17, 18 and 19 to 31 parameters', () => {
  const params = EVENT_TABLE[EventCode.SYSCALL_EXECVE_16_X]!.params.map((p) =>
    p.type === ParamType.CHARBUF ? cstr(p.name) : p.type === ParamType.BYTEBUF ? Buffer.from('x') : p.type === ParamType.UINT32 ? u32(1) : i64(1),
  );
  const x = new CaptureEventConverter().convert(mk(EventCode.SYSCALL_EXECVE_16_X, params))!;
  assert.equal(x.type, EventCode.SYSCALL_EXECVE_19_X);
  assert.equal(x.params.length, 31);
  assert.deepEqual(x.params.slice(16).map((p) => p.length), new Array(15).fill(0));
  assert.equal(Buffer.from(x.params[13]!).toString(), 'comm\0');
});

test('socket exit gets the enter domain/type/proto and a default flags value', () => {
  const c = new CaptureEventConverter();
  c.convert(mk(EventCode.SOCKET_SOCKET_E, [u32(2), u32(1), u32(0)]));
  const x = c.convert(mk(EventCode.SOCKET_SOCKET_X, [i64(4)]))!;
  assert.equal(formatArgs(EVENT_TABLE[x.type]!, x.params), 'fd=4 domain=2(AF_INET) type=1 proto=0 flags=0(O_NONE)');
});

test('a stored enter event of another syscall on the same thread is an error, as in libscap', () => {
  const c = new CaptureEventConverter();
  c.convert(mk(EventCode.SYSCALL_WRITE_E, [i64(1), u32(10)]));
  assert.throws(
    () => c.convert(mk(EventCode.SYSCALL_READ_X, [i64(0), EMPTY])),
    (e: unknown) => e instanceof ConversionError && e.message === "The enter event for 'read_X' is not the right one! Event found 'write_E'.",
  );
});

test('a layout the table does not know is an error', () => {
  assert.throws(
    () => new CaptureEventConverter().convert(mk(EventCode.SYSCALL_OPEN_X, [i64(3), cstr('/x')])),
    /Required conversion for event \(type: 3, nparams: 2\), but we don't handle it in the table\./,
  );
});

test('old container events become the JSON container event', () => {
  const c = new CaptureEventConverter();
  const x = c.convert(mk(EventCode.CONTAINER_E, [cstr('abc123'), u32(0), cstr('web'), cstr('nginx:1')]))!;
  assert.equal(x.type, EventCode.CONTAINER_JSON_2_E);
  assert.equal(Buffer.from(x.params[0]!).toString(), '{"id":"abc123","type":0,"name":"web","image":"nginx:1"}\0');
  const broken = c.convert(mk(EventCode.CONTAINER_E, [EMPTY, u32(0), cstr('web'), cstr('nginx:1')]))!;
  assert.equal(broken.params[0]!.length, 0);
});

test('values copied into a narrower parameter are cut to its size', () => {
  const c = new CaptureEventConverter();
  c.convert(mk(EventCode.SYSCALL_BPF_E, [i64(5)]));
  const x = c.convert(mk(EventCode.SYSCALL_BPF_X, [cat(u8(0), i64(7))]))!;
  assert.equal(x.type, EventCode.SYSCALL_BPF_2_X);
  assert.equal(x.params[1]!.length, 4);
  // libscap copies the old dynamic value (selector byte + i64) into the 8-byte fd as is,
  // so the fd is the selector and the first 7 value bytes: 0x00 | 7 << 8
  assert.equal(formatArgs(EVENT_TABLE[x.type]!, x.params), 'fd=1792 cmd=5(BPF_PROG_LOAD)');
});

test('generic exit events receive the native id of their enter event', () => {
  const c = new CaptureEventConverter();
  c.convert(mk(EventCode.GENERIC_E, [u16(0), u16(221)]));
  const x = c.convert(mk(EventCode.GENERIC_X, [u16(0)]))!;
  assert.deepEqual([...x.params[1]!], [221, 0]);
});

test('default values are zeros, except "no id" for uids and gids', () => {
  assert.deepEqual([...defaultParamBytes(ParamType.UID)], [0xff, 0xff, 0xff, 0xff]);
  assert.deepEqual([...defaultParamBytes(ParamType.FD)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(defaultParamBytes(ParamType.CHARBUF).length, 0);
});

test('the enter-to-exit parameter map is derived from the conversion rules', () => {
  assert.deepEqual(mergedEnterParams(EventCode.SYSCALL_READ_X), [
    { enterCode: EventCode.SYSCALL_READ_E, enterIndex: 0, exitIndex: 2 },
    { enterCode: EventCode.SYSCALL_READ_E, enterIndex: 1, exitIndex: 3 },
  ]);
  assert.deepEqual(
    mergedEnterParams(EventCode.SYSCALL_OPENAT_2_X).map((m) => [m.enterCode, m.enterIndex, m.exitIndex]),
    [0, 1, 2, 3].map((i) => [EventCode.SYSCALL_OPENAT_E, i, i + 1]),
  );
  assert.deepEqual(mergedEnterParams(EventCode.SYSCALL_OPEN_X), []);
  assert.deepEqual(paramsSharedByName(EventCode.SYSCALL_OPEN_E, EventCode.SYSCALL_OPEN_X), [[0, 1], [1, 2], [2, 3]]);
});
