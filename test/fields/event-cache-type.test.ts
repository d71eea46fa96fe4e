/**
 * Per-event field caching in SyscallEvent with many slots (values are
 * computed once per event, again for the next event), and evt.type of
 * generic events read from their ID / nativeID parameters as the table
 * function names them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventCode, eventTypeName, syscallCode } from '../../src/events/event-table.js';
import { eventTypeOf } from '../../src/fields/extract/evt.js';
import { SyscallEvent, type RunInfo } from '../../src/fields/extract/syscall-event.js';
import { syntheticEvent } from '../../src/state/synthetic-event.js';
import { StateEngine } from '../../src/state/system-state.js';

const RUN: RunInfo = { source: 'syscall', hostname: 'h', bufferFormatBase64: false, firstEventTs: 0n };

test('cached values: once per event and slot, for slots far beyond the first ones', () => {
  const ev = new SyscallEvent(new StateEngine(), RUN);
  let calls = 0;
  const compute = (e: SyscallEvent): number => {
    calls++;
    return e.num * 10;
  };
  for (let num = 1; num <= 3; num++) {
    ev.begin(syntheticEvent(EventCode.SYSCALL_CLOSE_X, 1n, 1, { res: 0, fd: 3 }), num, 0);
    for (const slot of [0, 63, 64, 1000, 5000]) {
      assert.equal(ev.cached(slot, compute), num * 10);
      assert.equal(ev.cached(slot, compute), num * 10);
    }
  }
  assert.equal(calls, 3 * 5);
});

test('evt.type of generic events: by ID, else by the native number, as eventTypeName says', () => {
  const ev = new SyscallEvent(new StateEngine(), RUN);
  const cases: Array<{ ID?: number; nativeID?: number }> = [
    { ID: syscallCode('fadvise64')!, nativeID: 221 },
    { ID: 0, nativeID: 221 },
    { ID: syscallCode('mprotect')!, nativeID: 0 },
    { ID: 0, nativeID: 0 },
  ];
  for (const params of cases) {
    ev.begin(syntheticEvent(EventCode.GENERIC_X, 1n, 1, params), 1, 0);
    assert.equal(eventTypeOf(ev), eventTypeName(EventCode.GENERIC_X, { syscallId: params.ID, nativeId: params.nativeID }));
  }
  ev.begin(syntheticEvent(EventCode.GENERIC_X, 1n, 1, { ID: 0, nativeID: 221 }), 1, 0);
  assert.equal(eventTypeOf(ev), 'fadvise64');
});
