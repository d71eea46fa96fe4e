/**
 * The converter's reference-based entry points (what the capture stream
 * uses): classification of events as read, enter events stored from their
 * scap layout, exits merged by appending references, and stored events of
 * many threads kept apart, including after the converter sweeps the slots
 * of threads whose enter events were used.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaptureEventConverter, EventHandling, ParamRefs, type ScapEvent } from '../../src/events/event-converter.js';
import { EVENT_TABLE, EventCode } from '../../src/events/event-table.js';
import { formatArgs } from '../../src/events/param-format.js';
import { i64, u32 } from './param-bytes.js';

/** Parameters laid out as in a scap event: u16 lengths, then the data. */
function layout(params: Uint8Array[]): { buf: Buffer; lenOff: number } {
  const lens = Buffer.alloc(params.length * 2);
  params.forEach((p, i) => lens.writeUInt16LE(p.length, i * 2));
  return { buf: Buffer.concat([Buffer.alloc(3, 0xaa), lens, ...params]), lenOff: 3 };
}

function refsOf(type: number, params: Uint8Array[]): ParamRefs {
  const r = new ParamRefs();
  const { buf, lenOff } = layout(params);
  r.setFromLayout(type, buf, lenOff, 2, params.length);
  return r;
}

function text(r: ParamRefs): string {
  return formatArgs(EVENT_TABLE[r.type]!, r.toArray());
}

test('classify: current events pass, unused codes drop, managed enter events are stored, short exits converted', () => {
  const c = new CaptureEventConverter();
  assert.equal(c.classify(EventCode.PROCINFO_E, 2), EventHandling.PASS);
  assert.equal(c.classify(EventCode.PROCEXIT_X, 0), EventHandling.DROP);
  assert.equal(c.classify(9999, 0), EventHandling.DROP);
  assert.equal(c.classify(EventCode.SYSCALL_READ_E, 2), EventHandling.STORE);
  assert.equal(c.classify(EventCode.SYSCALL_READ_X, 2), EventHandling.CONVERT);
  assert.equal(c.classify(EventCode.SYSCALL_OPEN_E, 0), EventHandling.CONVERT); // gains empty parameters, then is delivered
});

test('an enter event stored from its layout is merged into the exit, whose own references stay in place', () => {
  const c = new CaptureEventConverter();
  const enter = layout([i64(3), u32(832)]);
  c.storeLayout(7, EventCode.SYSCALL_READ_E, enter.buf, enter.lenOff, 2, 2);
  const exit = refsOf(EventCode.SYSCALL_READ_X, [i64(832), Buffer.from('ELF')]);
  const exitData = exit.bufs[1];
  const out = c.convertRefs(exit, 7)!;
  assert.equal(out, exit); // appended to the input
  assert.equal(out.count, 4);
  assert.equal(out.bufs[1], exitData);
  assert.equal(out.bufs[2], enter.buf); // not copied: the reader's buffer did not move
  assert.equal(text(out), 'res=832 data=ELF fd=3 size=832');
  // used once
  const again = c.convertRefs(refsOf(EventCode.SYSCALL_READ_X, [i64(0), Buffer.alloc(0)]), 7)!;
  assert.equal(text(again), 'res=0 data=NULL fd=0 size=0');
});

test('detach copies stored enter events out of a buffer about to be reused', () => {
  const c = new CaptureEventConverter();
  const enter = layout([i64(5)]);
  c.storeLayout(9, EventCode.SYSCALL_CLOSE_E, enter.buf, enter.lenOff, 2, 1);
  c.detach();
  enter.buf.fill(0x77); // the reader overwrites its buffer
  const out = c.convertRefs(refsOf(EventCode.SYSCALL_CLOSE_X, [i64(0)]), 9)!;
  assert.equal(text(out), 'res=0 fd=5');
  assert.notEqual(out.bufs[1], enter.buf);
});

test('thousands of threads: each exit gets its own thread\'s enter, also after used slots are swept', () => {
  const c = new CaptureEventConverter();
  // One thread stores an enter event and keeps it across everything below.
  c.convert({ type: EventCode.SYSCALL_CLOSE_E, ts: 1n, tid: 1n, params: [i64(42)] });
  for (let tid = 100; tid < 5100; tid++) {
    assert.equal(c.convert({ type: EventCode.SYSCALL_CLOSE_E, ts: 1n, tid: BigInt(tid), params: [i64(tid % 1000)] }), null);
  }
  for (let tid = 100; tid < 5100; tid++) {
    const x = c.convert({ type: EventCode.SYSCALL_CLOSE_X, ts: 2n, tid: BigInt(tid), params: [i64(0)] }) as ScapEvent;
    assert.equal(formatArgs(EVENT_TABLE[x.type]!, x.params), `res=0 fd=${tid % 1000}`);
  }
  // New threads make the converter sweep the used slots; the kept enter event survives.
  for (let tid = 6000; tid < 9000; tid++) {
    c.convert({ type: EventCode.SYSCALL_CLOSE_E, ts: 3n, tid: BigInt(tid), params: [i64(1)] });
  }
  const kept = c.convert({ type: EventCode.SYSCALL_CLOSE_X, ts: 4n, tid: 1n, params: [i64(0)] }) as ScapEvent;
  assert.equal(formatArgs(EVENT_TABLE[kept.type]!, kept.params), 'res=0 fd=42');
  const swept = c.convert({ type: EventCode.SYSCALL_CLOSE_X, ts: 4n, tid: 200n, params: [i64(0)] }) as ScapEvent;
  assert.equal(formatArgs(EVENT_TABLE[swept.type]!, swept.params), 'res=0 fd=0');
});

test('the ScapEvent entry point returns a new event when parameters were appended, the same one when it passes', () => {
  const c = new CaptureEventConverter();
  const current: ScapEvent = { type: EventCode.PROCINFO_E, ts: 1n, tid: 1n, params: [i64(1), i64(2)] };
  assert.equal(c.convert(current), current);
  const short: ScapEvent = { type: EventCode.SYSCALL_CLOSE_X, ts: 1n, tid: 1n, params: [i64(0)] };
  const out = c.convert(short)!;
  assert.notEqual(out, short);
  assert.equal(out.params.length, 2);
  assert.equal(short.params.length, 1);
});
