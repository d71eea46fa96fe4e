/**
 * The capture event stream: for every shared capture, the events it marks
 * visible are exactly the events Falco 0.44.1's rules saw, with the same
 * numbers; the others still reach the state (numbered, not visible).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { EventCode } from '../../src/events/event-table.js';
import { CaptureEventStream } from '../../src/events/capture-stream.js';
import { EXPECTED_0441, TRACES } from './run-falconet.js';

const CAPTURES = ['cat_write.scap', 'connect_localhost.scap', 'open-multiple-files.scap', 'ping_sendto.scap', 'syscall.scap'];

function goldenNumbers(capture: string): number[] {
  const text = gunzipSync(readFileSync(join(EXPECTED_0441, `${capture}.fields.jsonl.gz`))).toString('utf8');
  return text.trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { 'evt.num': number })['evt.num']);
}

for (const capture of CAPTURES) {
  test(`${capture}: visible events and their numbers are Falco 0.44.1's`, () => {
    const stream = new CaptureEventStream(join(TRACES, capture));
    const visible: number[] = [];
    let all = 0;
    for (let d = stream.next(); d !== null; d = stream.next()) {
      all++;
      assert.equal(d.num, all);
      if (d.visible) visible.push(d.num);
    }
    stream.close();
    assert.deepEqual(visible, goldenNumbers(capture));
    assert.equal(stream.count, all);
  });
}

test('open-multiple-files.scap: the leading container events are numbered but not visible; open enter events neither', () => {
  const stream = new CaptureEventStream(join(TRACES, 'open-multiple-files.scap'));
  const first: Array<[number, boolean]> = [];
  let openEnterVisible = 0;
  let openEnters = 0;
  for (let d = stream.next(); d !== null; d = stream.next()) {
    if (first.length < 3) first.push([d.event.code, d.visible]);
    if (d.event.code === EventCode.SYSCALL_OPEN_E) {
      openEnters++;
      if (d.visible) openEnterVisible++;
    }
  }
  stream.close();
  assert.deepEqual(first, [[EventCode.CONTAINER_JSON_2_E, false], [EventCode.CONTAINER_JSON_2_E, false], [EventCode.CONTAINER_JSON_2_E, false]]);
  assert.ok(openEnters > 0);
  assert.equal(openEnterVisible, 0);
});
