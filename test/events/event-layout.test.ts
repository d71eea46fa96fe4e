import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_HEADER_SIZE,
  EventLayoutError,
  encodeEvent,
  inferV1ParamCount,
  readEventHeader,
  splitEventParams,
} from '../../src/events/event-layout.js';
import { EventCode } from '../../src/events/event-table.js';
import { sanitizeBytes, sanitizeString } from '../../src/events/utf8-sanitize.js';
import { cstr, i64, u32 } from './param-bytes.js';
import { readTrace, walkEvents } from './scap-walk.js';

test('an encoded event reads back with the same header and parameters', () => {
  const params = [i64(3), cstr('/etc/passwd'), u32(1)];
  const ev = encodeEvent(EventCode.SYSCALL_OPEN_X, 123n, 456n, params);
  assert.equal(ev.length, EVENT_HEADER_SIZE + 2 * 3 + 8 + 12 + 4);
  assert.deepEqual(readEventHeader(ev), { ts: 123n, tid: 456n, len: ev.length, type: EventCode.SYSCALL_OPEN_X, nparams: 3 });
  assert.deepEqual(splitEventParams(ev).map((p) => [...p]), params.map((p) => [...p]));
});

test('large-payload events use 4-byte lengths in the lengths array', () => {
  const json = cstr('{"container":{}}');
  const ev = encodeEvent(EventCode.CONTAINER_JSON_2_E, 1n, 2n, [json]);
  assert.equal(ev.length, EVENT_HEADER_SIZE + 4 + json.length);
  assert.equal(Buffer.from(ev).readUInt32LE(EVENT_HEADER_SIZE), json.length);
  assert.deepEqual([...splitEventParams(ev)[0]!], [...json]);
});

test('parameters beyond what the table knows are ignored, as libscap does', () => {
  const ev = encodeEvent(EventCode.SYSCALL_CLOSE_E, 1n, 2n, [i64(3), u32(9)]);
  assert.equal(splitEventParams(ev).length, 1);
});

test('a parameter overflowing the event is reported', () => {
  const ev = Buffer.from(encodeEvent(EventCode.SYSCALL_CLOSE_E, 1n, 2n, [i64(3)]));
  ev.writeUInt16LE(200, EVENT_HEADER_SIZE);
  assert.throws(() => splitEventParams(ev), EventLayoutError);
});

test('v1 events: the parameter count is found by stepping down from the table count', () => {
  // open exit of 2016 had 4 parameters: lengths 8, 3, 4, 4
  const body = Buffer.concat([
    Buffer.from([8, 0, 3, 0, 4, 0, 4, 0]),
    i64(3), cstr('/a'), u32(1), u32(0),
  ]);
  const v1Len = 22 + body.length;
  assert.deepEqual(inferV1ParamCount(EventCode.SYSCALL_OPEN_X, body, v1Len), { nparams: 4, len: v1Len + 4 });
  assert.equal(inferV1ParamCount(EventCode.SYSCALL_OPEN_X, body.subarray(0, 10), 22 + 10 + 5), undefined);
  // an event with no parameters
  assert.deepEqual(inferV1ParamCount(EventCode.SYSCALL_OPEN_E, Buffer.alloc(0), 22), { nparams: 0, len: 26 });
});

test('v1 events of the shared traces all get a consistent parameter count', () => {
  const counts = new Map<string, number>();
  for (const e of walkEvents(readTrace('cat_write.scap'))) {
    assert.ok(e.v1);
    const k = `${e.type}/${e.params.length}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // 2016 layouts: open exit with 4 params, old generic exit with 1, execve v16 with 16
  assert.equal(counts.get(`${EventCode.SYSCALL_OPEN_X}/4`), 4);
  assert.equal(counts.get(`${EventCode.GENERIC_X}/1`), 6);
  assert.equal(counts.get(`${EventCode.SYSCALL_EXECVE_16_X}/16`), 1);
  assert.equal(counts.get(`${EventCode.PROCINFO_E}/2`), 260);
});

test('sanitizing keeps valid UTF-8 and replaces each maximal invalid subpart once', () => {
  assert.equal(sanitizeBytes(Buffer.from('plain text')), 'plain text');
  assert.equal(sanitizeBytes(Buffer.from('é€😀', 'utf8')), 'é€😀');
  assert.equal(sanitizeBytes(Uint8Array.of(0x61, 0x0a, 0x62)), 'a\uFFFDb');
  assert.equal(sanitizeBytes(Uint8Array.of(0xe2, 0x82, 0x41)), '\uFFFDA'); // truncated 3-byte sequence
  assert.equal(sanitizeBytes(Uint8Array.of(0xc2, 0x85)), '\uFFFD'); // C1 control
  assert.equal(sanitizeBytes(Uint8Array.of(0xed, 0xa0, 0x80)), '\uFFFD\uFFFD\uFFFD'); // surrogate
  assert.equal(sanitizeString('tab\there'), 'tab\uFFFDhere');
});
