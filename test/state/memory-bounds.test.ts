import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_TS, EventCode, cloneParams, seededEngine } from './helpers.js';
import { encodeEvent } from '../../src/state/synthetic-event.js';
import { EventView } from '../../src/events/event-view.js';
import { ViewEvent } from '../../src/state/view-event.js';

const HEADER = 26;

/**
 * Event templates encoded once; each iteration patches the tid / result in
 * place and re-points a view at the bytes (the real decoding path, no
 * per-event encoding cost).
 */
function template(code: number, tid: number, params: Parameters<typeof encodeEvent>[3]): { buf: Buffer; firstParam: number } {
  const buf = encodeEvent(code, BASE_TS, tid, params);
  const nparams = buf.readUInt32LE(22);
  return { buf, firstParam: HEADER + 2 * nparams };
}

function setTid(buf: Buffer, tid: number): void {
  buf.writeUInt32LE(tid, 8);
  buf.writeUInt32LE(0, 12);
}

test('a million short-lived processes keep the tables flat', () => {
  const e = seededEngine();
  const clone = template(EventCode.SYSCALL_CLONE_20_X, 100, cloneParams({ res: 1, tid: 100, pid: 100, ptid: 1, vtid: 100, vpid: 100 }));
  const exit = template(EventCode.PROCEXIT_1_E, 1, { status: 0, ret: 0, sig: 0, core: 0, reaper_tid: 0 });
  const view = new EventView();
  const ev = new ViewEvent();
  const bash = e.threads.get(100)!;
  let maxThreads = 0;
  let maxChildren = 0;
  const N = 1_000_000;
  for (let i = 0; i < N; i++) {
    const child = 1000 + i;
    clone.buf.writeUInt32LE(child, clone.firstParam);
    clone.buf.writeUInt32LE(0, clone.firstParam + 4);
    e.process(ev.point(view.set(clone.buf, 0)));
    setTid(exit.buf, child);
    e.process(ev.point(view.set(exit.buf, 0)));
    if ((i & 0xffff) === 0) {
      maxThreads = Math.max(maxThreads, e.threads.size);
      maxChildren = Math.max(maxChildren, bash.children.length);
    }
  }
  assert.equal(e.stats.events, 2 * N);
  assert.equal(e.stats.threads.added >= N, true);
  assert.ok(maxThreads <= 3, `thread table reached ${maxThreads}`);
  assert.ok(maxChildren <= 11, `bash kept ${maxChildren} children`);
  assert.ok(e.threads.groupCount <= 3);
  assert.equal(e.users.userList('')?.size, 2);
});

test('a flood of forks that never exit fills the table to its cap and no further', () => {
  const e = seededEngine({ maxThreads: 1000 });
  const clone = template(EventCode.SYSCALL_CLONE_20_X, 100, cloneParams({ res: 1, tid: 100, pid: 100, ptid: 1, vtid: 100, vpid: 100 }));
  const view = new EventView();
  const ev = new ViewEvent();
  for (let i = 0; i < 100_000; i++) {
    clone.buf.writeUInt32LE(1000 + i, clone.firstParam);
    e.process(ev.point(view.set(clone.buf, 0)));
  }
  assert.equal(e.threads.size, 1000);
  assert.equal(e.stats.threads.droppedFull, 100_000 - 998);
});

test('events from countless unknown threads create placeholders only up to the cap', () => {
  const e = seededEngine({ maxThreads: 500 });
  const read = template(EventCode.SYSCALL_READ_X, 1, { res: 0, data: '', fd: 0, size: 0 });
  const view = new EventView();
  const ev = new ViewEvent();
  for (let i = 0; i < 50_000; i++) {
    setTid(read.buf, 5000 + i);
    e.process(ev.point(view.set(read.buf, 0)));
  }
  assert.equal(e.threads.size, 500);
  assert.equal(e.stats.threads.placeholders, 498);
  assert.equal(e.thread, undefined, 'no room: the event has no thread');
});
