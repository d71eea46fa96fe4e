import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_CODE_COUNT,
  EVENT_TABLE,
  EventCode,
  INITIAL_STATE_EVENTS,
  PARSER_ONLY_ENTER_EVENTS,
  enterCodeOf,
  enterFdParamIndex,
  eventByName,
  eventCodesForName,
  eventNames,
  eventTypeName,
  eventTypeOf,
  exitCodeOf,
  exitFdParamIndex,
  hasLargePayload,
  isOldVersionEvent,
  isUnusedEvent,
  nativeSyscall,
  paramLengthSize,
  paramNames,
  syscallCode,
  syscallName,
} from '../../src/events/event-table.js';
import { EventCategory, EventFlags, ParamType, PrintFormat } from '../../src/events/event-types.js';
import { FLAG_TABLES } from '../../src/events/flag-tables.js';

test('the table has one entry per code, indexed by code', () => {
  assert.equal(EVENT_TABLE.length, 454);
  assert.equal(EVENT_CODE_COUNT, 454);
  EVENT_TABLE.forEach((e, i) => assert.equal(e.code, i));
});

test('well-known codes have their libs numbers and names', () => {
  assert.equal(EventCode.SYSCALL_OPEN_E, 2);
  assert.equal(EventCode.SYSCALL_OPEN_X, 3);
  assert.equal(EventCode.SYSCALL_EXECVE_19_X, 293);
  assert.equal(EventCode.PROCINFO_E, 234);
  assert.equal(EventCode.SYSCALL_KEYCTL_X, 453);
  assert.equal(EVENT_TABLE[EventCode.SYSCALL_OPENAT_2_X]!.name, 'openat');
  assert.equal(EVENT_TABLE[EventCode.SCHEDSWITCH_6_E]!.name, 'switch');
  assert.equal(EVENT_TABLE[EventCode.CONTAINER_JSON_2_E]!.name, 'container');
  assert.equal(EVENT_TABLE[EventCode.PROCEXIT_X]!.name, 'NA');
});

test('open exit has the current six-parameter layout with its formats and flag table', () => {
  const open = EVENT_TABLE[EventCode.SYSCALL_OPEN_X]!;
  assert.deepEqual(
    open.params.map((p) => [p.name, p.type, p.format]),
    [
      ['fd', ParamType.FD, PrintFormat.DEC],
      ['name', ParamType.FSPATH, PrintFormat.NA],
      ['flags', ParamType.FLAGS32, PrintFormat.HEX],
      ['mode', ParamType.UINT32, PrintFormat.OCT],
      ['dev', ParamType.UINT32, PrintFormat.HEX],
      ['ino', ParamType.UINT64, PrintFormat.DEC],
    ],
  );
  assert.equal(open.params[2]!.flags, FLAG_TABLES.file_flags);
  assert.equal(open.category, EventCategory.FILE | EventCategory.SYSCALL);
  assert.equal(
    open.flags,
    EventFlags.CREATES_FD | EventFlags.MODIFIES_STATE | EventFlags.CONVERTER_MANAGED,
  );
});

test('execve exit (version 19) has 31 parameters ending with filename', () => {
  const e = EVENT_TABLE[EventCode.SYSCALL_EXECVE_19_X]!;
  assert.equal(e.params.length, 31);
  assert.equal(e.params[0]!.name, 'res');
  assert.equal(e.params[13]!.name, 'comm');
  assert.equal(e.params[30]!.name, 'filename');
  assert.equal(e.params[30]!.type, ParamType.FSPATH);
  assert.equal(e.params[26]!.type, ParamType.UID);
});

test('relative path parameters point at their directory fd parameter', () => {
  const openat = EVENT_TABLE[EventCode.SYSCALL_OPENAT_2_X]!;
  const name = openat.params.find((p) => p.name === 'name')!;
  assert.equal(name.type, ParamType.FSRELPATH);
  assert.equal(openat.params[name.dirfdParam!]!.name, 'dirfd');
  const linkat = EVENT_TABLE[EventCode.SYSCALL_LINKAT_2_X]!;
  assert.deepEqual(
    linkat.params.filter((p) => p.dirfdParam !== undefined).map((p) => [p.name, linkat.params[p.dirfdParam!]!.name]),
    [['oldpath', 'olddir'], ['newpath', 'newdir']],
  );
  // the enter event's directory fd is its first parameter
  const openatEnter = EVENT_TABLE[EventCode.SYSCALL_OPENAT_2_E]!;
  assert.equal(openatEnter.params[1]!.dirfdParam, 0);
  const relpaths = EVENT_TABLE.flatMap((e) => e.params.filter((p) => p.type === ParamType.FSRELPATH).map((p) => [e, p] as const));
  assert.equal(relpaths.length, 18);
  for (const [e, p] of relpaths) assert.equal(e.params[p.dirfdParam!]!.type, ParamType.FD, `${e.symbol}.${p.name}`);
});

test('dynamic parameters carry their alternatives', () => {
  const setsockopt = EVENT_TABLE[EventCode.SOCKET_SETSOCKOPT_X]!;
  const val = setsockopt.params.find((p) => p.name === 'val')!;
  assert.equal(val.type, ParamType.DYN);
  assert.deepEqual(val.dynamic!.map((d) => d.type), [
    ParamType.BYTEBUF, ParamType.ERRNO, ParamType.UINT32, ParamType.UINT64, ParamType.RELTIME,
  ]);
  const bpf = EVENT_TABLE[EventCode.SYSCALL_BPF_X]!;
  assert.equal(bpf.params[0]!.name, 'res_or_fd');
  assert.deepEqual(bpf.params[0]!.dynamic!.map((d) => d.type), [ParamType.FD, ParamType.ERRNO]);
});

test('large-payload events use 4-byte parameter lengths, others 2', () => {
  assert.equal(hasLargePayload(EventCode.CONTAINER_JSON_2_E), true);
  assert.equal(hasLargePayload(EventCode.PLUGINEVENT_E), true);
  assert.equal(hasLargePayload(EventCode.ASYNCEVENT_E), true);
  assert.equal(paramLengthSize(EventCode.ASYNCEVENT_E), 4);
  assert.equal(paramLengthSize(EventCode.SYSCALL_READ_X), 2);
  const large = EVENT_TABLE.filter((e) => e.flags & EventFlags.LARGE_PAYLOAD).map((e) => e.symbol);
  assert.deepEqual(large, ['PLUGINEVENT_E', 'CONTAINER_JSON_2_E', 'ASYNCEVENT_E']);
});

test('enter/exit pairing follows the even/odd convention and skips unused slots', () => {
  assert.equal(exitCodeOf(EventCode.SYSCALL_OPEN_E), EventCode.SYSCALL_OPEN_X);
  assert.equal(enterCodeOf(EventCode.SYSCALL_READ_X), EventCode.SYSCALL_READ_E);
  assert.equal(exitCodeOf(EventCode.PROCEXIT_1_E), undefined);
  assert.equal(exitCodeOf(EventCode.SYSCALL_OPEN_X), undefined);
  assert.equal(enterCodeOf(EventCode.SYSCALL_KEYCTL_X), undefined);
  assert.ok(isUnusedEvent(EventCode.SYSCALL_KEYCTL_E));
  assert.ok(isOldVersionEvent(EventCode.SYSCALL_EXECVE_8_X));
  assert.ok(!isOldVersionEvent(EventCode.SYSCALL_EXECVE_19_X));
});

test('paired events share their name; unused ones are named NA', () => {
  for (const e of EVENT_TABLE) {
    if (e.flags & EventFlags.UNUSED) {
      assert.equal(e.name, 'NA', e.symbol);
      continue;
    }
    const x = exitCodeOf(e.code);
    if (x !== undefined) assert.equal(EVENT_TABLE[x]!.name, e.name, e.symbol);
  }
});

test('eventByName returns every version of an event, enter and exit', () => {
  assert.deepEqual(
    eventByName('execve').map((e) => e.symbol),
    [
      'SYSCALL_EXECVE_8_E', 'SYSCALL_EXECVE_8_X', 'SYSCALL_EXECVE_13_E', 'SYSCALL_EXECVE_13_X',
      'SYSCALL_EXECVE_14_E', 'SYSCALL_EXECVE_14_X', 'SYSCALL_EXECVE_15_E', 'SYSCALL_EXECVE_15_X',
      'SYSCALL_EXECVE_16_E', 'SYSCALL_EXECVE_16_X', 'SYSCALL_EXECVE_17_E', 'SYSCALL_EXECVE_17_X',
      'SYSCALL_EXECVE_18_E', 'SYSCALL_EXECVE_18_X', 'SYSCALL_EXECVE_19_E', 'SYSCALL_EXECVE_19_X',
    ],
  );
  assert.deepEqual(eventByName('no_such_event'), []);
});

test('evt.type codes: table names first, then async names, then syscalls through generic events', () => {
  assert.deepEqual(eventCodesForName('open'), [2, 3]);
  assert.deepEqual(eventCodesForName('procexit'), [EventCode.PROCEXIT_E, EventCode.PROCEXIT_1_E]);
  // mprotect has its own event now; fadvise64 only exists as a generic event
  assert.deepEqual(eventCodesForName('mprotect'), [EventCode.SYSCALL_MPROTECT_E, EventCode.SYSCALL_MPROTECT_X]);
  assert.deepEqual(eventCodesForName('fadvise64'), [EventCode.GENERIC_E, EventCode.GENERIC_X]);
  // the container meta events have no exit half (named NA)
  assert.deepEqual(eventCodesForName('container'), [
    EventCode.CONTAINER_E, EventCode.CONTAINER_JSON_E, EventCode.CONTAINER_JSON_2_E, EventCode.ASYNCEVENT_E,
  ]);
  assert.deepEqual(eventCodesForName('container_removed'), [EventCode.ASYNCEVENT_E]);
  assert.deepEqual(eventCodesForName('syscall'), []);
  assert.deepEqual(eventCodesForName('bogus'), []);
});

test('the syscall source name universe has event, syscall and async names; others are empty', () => {
  const names = eventNames();
  for (const n of ['open', 'openat', 'execve', 'procinfo', 'switch', 'container', 'container_removed', 'fadvise64', 'asyncevent']) {
    assert.ok(names.has(n), n);
  }
  assert.ok(!names.has('NA'));
  assert.ok(!names.has(''));
  assert.equal(eventNames('k8s_audit').size, 0);
  assert.ok(!eventNames('syscall', []).has('container_removed'));
});

test('ppm_sc names are lower-cased and indexed by code', () => {
  assert.equal(syscallName(0), 'unknown');
  assert.equal(syscallName(5), 'open');
  assert.equal(syscallName(75), 'mprotect');
  assert.equal(syscallName(139), 'madvise');
  assert.equal(syscallCode('exit_group'), 164);
  assert.equal(syscallName(100000), undefined);
});

test('native x86_64 numbers map to ppm_sc codes and to dedicated or generic events', () => {
  assert.deepEqual(
    [nativeSyscall(0)!.name, nativeSyscall(0)!.exitCode, nativeSyscall(0)!.generic],
    ['read', EventCode.SYSCALL_READ_X, false],
  );
  const fadvise = nativeSyscall(221)!;
  assert.equal(fadvise.name, 'fadvise64');
  assert.equal(fadvise.generic, true);
  assert.equal(fadvise.enterCode, EventCode.GENERIC_E);
  assert.equal(nativeSyscall(59)!.exitCode, EventCode.SYSCALL_EXECVE_19_X);
  assert.ok(nativeSyscall(59)!.neverDrop);
});

test('evt.type of generic events comes from the syscall id, or the native id when the id is 0', () => {
  assert.equal(eventTypeName(EventCode.GENERIC_X, { syscallId: 75 }), 'mprotect');
  assert.equal(eventTypeName(EventCode.GENERIC_X, { syscallId: 0, nativeId: 221 }), 'fadvise64');
  assert.equal(eventTypeName(EventCode.GENERIC_X, { syscallId: 0 }), 'unknown');
  assert.equal(eventTypeName(EventCode.ASYNCEVENT_E, { asyncName: 'container_removed' }), 'container_removed');
  assert.equal(eventTypeName(EventCode.SYSCALL_OPENAT_2_X), 'openat');
});

test('fd parameter positions follow libscap conventions', () => {
  assert.equal(enterFdParamIndex(EventCode.SYSCALL_READ_E), 0);
  assert.equal(enterFdParamIndex(EventCode.SYSCALL_MMAP_E), 4);
  assert.equal(enterFdParamIndex(EventCode.SYSCALL_OPEN_E), undefined);
  assert.equal(exitFdParamIndex(EventCode.SYSCALL_READ_X), 2);
  assert.equal(exitFdParamIndex(EventCode.SYSCALL_CLOSE_X), 1);
  assert.equal(exitFdParamIndex(EventCode.SOCKET_RECVMSG_X), 5);
  assert.equal(exitFdParamIndex(EventCode.SYSCALL_MMAP_X), 8);
  for (const [code, idx] of [[EventCode.SYSCALL_READ_X, 2], [EventCode.SOCKET_CONNECT_X, 2], [EventCode.SYSCALL_FSTAT_X, 1]] as const) {
    assert.equal(EVENT_TABLE[code]!.params[idx]!.type, ParamType.FD);
  }
});

test('enter events hidden after parsing and initial-state events are the documented sets', () => {
  assert.ok(PARSER_ONLY_ENTER_EVENTS.has(EventCode.SYSCALL_OPEN_E));
  assert.ok(PARSER_ONLY_ENTER_EVENTS.has(EventCode.SOCKET_CONNECT_E));
  assert.ok(!PARSER_ONLY_ENTER_EVENTS.has(EventCode.PROCEXIT_1_E));
  assert.ok(INITIAL_STATE_EVENTS.has(EventCode.CONTAINER_JSON_2_E));
  assert.equal(PARSER_ONLY_ENTER_EVENTS.size, 7);
});

test('every flags/enum parameter has a non-empty name table', () => {
  const flagTypes = new Set<number>([
    ParamType.FLAGS8, ParamType.FLAGS16, ParamType.FLAGS32,
    ParamType.ENUMFLAGS8, ParamType.ENUMFLAGS16, ParamType.ENUMFLAGS32,
  ]);
  let withTable = 0;
  for (const e of EVENT_TABLE) {
    for (const p of e.params) {
      if (flagTypes.has(p.type)) assert.ok(p.flags && p.flags.entries.length > 0, `${e.symbol}.${p.name}`);
      if (p.flags) withTable++;
    }
  }
  assert.equal(withTable, 128);
});

test('evt.type from parameter bytes: generic ids, native ids and async names', () => {
  assert.equal(eventTypeOf(EventCode.GENERIC_X, [Uint8Array.of(139, 0), Uint8Array.of(28, 0)]), 'madvise');
  assert.equal(eventTypeOf(EventCode.GENERIC_X, [Uint8Array.of(0, 0), Uint8Array.of(221, 0)]), 'fadvise64');
  const name = Buffer.from('container_removed\0');
  assert.equal(eventTypeOf(EventCode.ASYNCEVENT_E, [Uint8Array.of(0, 0, 0, 0), name, new Uint8Array(0)]), 'container_removed');
  assert.equal(eventTypeOf(EventCode.SYSCALL_READ_X, []), 'read');
});

test('parameter names cover what evt.arg.NAME may ask for', () => {
  const names = paramNames();
  for (const n of ['fd', 'name', 'flags', 'res', 'tuple', 'data', 'dirfd', 'filename', 'cpu_usr', 'ID']) assert.ok(names.has(n), n);
  assert.ok(!names.has(''));
});
