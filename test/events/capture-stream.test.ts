/**
 * The zero-copy capture stream against a straightforward reading of the same
 * files: every event copied out of the reader (`new Uint8Array`: a Buffer's
 * own `slice()` is a view, not a copy) and converted as whole parameter
 * arrays (the converter's ScapEvent entry point). Both must give
 * the same events, numbers, visibility and parameter bytes and values —
 * also with tiny batches and buffers, where an enter event and its exit
 * land in different batches and the stored enter must survive the reader
 * reusing its buffer.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CaptureEventStream } from '../../src/events/capture-stream.js';
import { CaptureEventConverter, type ScapEvent } from '../../src/events/event-converter.js';
import { EVENT_TABLE, INITIAL_STATE_EVENTS, PARSER_ONLY_ENTER_EVENTS } from '../../src/events/event-table.js';
import { EventView } from '../../src/events/event-view.js';
import { decodeParam } from '../../src/events/param-decoder.js';
import { openCapture, type CaptureReaderOptions } from '../../src/events/scap-reader.js';
import { TRACES } from './scap-walk.js';

const CAPTURES = ['cat_write.scap', 'connect_localhost.scap', 'open-multiple-files.scap', 'ping_sendto.scap', 'syscall.scap', 'empty.scap'];

interface Plain {
  num: number;
  code: number;
  ts: bigint;
  tid: number;
  cpu: number;
  visible: boolean;
  fileOffset: number;
  params: Uint8Array[];
}

/** The capture read the simple way: copies of every parameter, whole-event conversion. */
function reference(path: string, options: CaptureReaderOptions): Plain[] {
  const reader = openCapture(path, options);
  const conv = new CaptureEventConverter();
  const view = new EventView();
  const out: Plain[] = [];
  let leading = true;
  for (let b = reader.next(); b !== null; b = reader.next()) {
    if (b.tables?.section) {
      conv.reset();
      leading = true;
    }
    for (let i = 0; i < b.count; i++) {
      view.at(b, i);
      const params: Uint8Array[] = [];
      for (let p = 0; p < view.nparams; p++) params.push(new Uint8Array(view.paramBytes(p)));
      const raw: ScapEvent = { type: view.type, ts: view.ts, tid: view.buffer.readBigInt64LE(view.offset + 8), params };
      const ev = conv.convert(raw);
      if (ev === null) continue;
      const initial = INITIAL_STATE_EVENTS.has(ev.type);
      const hidden = leading && initial;
      if (!initial) leading = false;
      out.push({
        num: out.length + 1,
        code: ev.type,
        ts: ev.ts,
        tid: Number(BigInt.asIntN(64, ev.tid)),
        cpu: view.cpu,
        visible: !hidden && !PARSER_ONLY_ENTER_EVENTS.has(ev.type) && (view.flags & 1) === 0,
        fileOffset: b.fileOffsetOf(i),
        params: ev.params.map((p) => new Uint8Array(p)),
      });
    }
  }
  reader.close();
  return out;
}

/** Byte arrays as plain number arrays (a Buffer view and a Uint8Array copy compare equal). */
function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return [...v];
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function compare(path: string, options: CaptureReaderOptions): number {
  const expected = reference(path, options);
  const stream = new CaptureEventStream(path, () => undefined, options);
  let n = 0;
  for (let d = stream.next(); d !== null; d = stream.next()) {
    const e = expected[n++];
    assert.ok(e !== undefined, `extra event ${d.num}`);
    const ev = d.event;
    const where = `event ${e.num} (code ${e.code})`;
    assert.deepEqual([d.num, ev.code, ev.ts, ev.tid, d.cpu, d.visible, d.fileOffset], [e.num, e.code, e.ts, e.tid, e.cpu, e.visible, e.fileOffset], where);
    assert.equal(ev.nparams, e.params.length, where);
    const infos = EVENT_TABLE[ev.code]!.params;
    for (let p = 0; p < ev.nparams; p++) {
      const bytes = e.params[p]!;
      assert.deepEqual(Buffer.from(ev.rawParam(p)!), Buffer.from(bytes), `${where} param ${p}`);
      assert.equal(ev.paramLength(p), bytes.length);
      const info = infos[p];
      if (info === undefined) continue;
      let want;
      try {
        want = decodeParam(info, bytes);
      } catch {
        want = undefined;
      }
      assert.deepEqual(plain(ev.param(p)), plain(want), `${where} param ${p} value`);
    }
  }
  stream.close();
  assert.equal(n, expected.length);
  assert.equal(stream.count, n);
  return n;
}

for (const capture of CAPTURES) {
  test(`${capture}: same events as whole-event conversion, with default and with tiny batches`, () => {
    const path = join(TRACES, capture);
    const n = compare(path, {});
    assert.equal(compare(path, { maxBatchEvents: 3, bufferSize: 256 }), n);
    assert.equal(compare(path, { maxBatchEvents: 1, bufferSize: 64 }), n);
  });
}

test('two captures appended: the second starts over (enter events forgotten, leading meta events hidden again)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'falconet-stream-'));
  try {
    const path = join(dir, 'two.scap');
    writeFileSync(path, Buffer.concat([readFileSync(join(TRACES, 'open-multiple-files.scap')), readFileSync(join(TRACES, 'cat_write.scap'))]));
    const n = compare(path, { maxBatchEvents: 5, bufferSize: 512 });
    assert.ok(n > 100);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a capture larger than the reader buffer: enter events stored across buffer refills keep their bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'falconet-stream-'));
  try {
    const path = join(dir, 'repeated.scap');
    const r = spawnSync('python3', [join(TRACES, '..', '..', 'tools', 'scap-repeat.py'), join(TRACES, 'cat_write.scap'), path, '200'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // Small batches: exits often come in the batch after their enter, after the buffer moved.
    const n = compare(path, { maxBatchEvents: 7, bufferSize: 4096 });
    assert.equal(n, compare(path, {}));
    assert.ok(n > 200 * 40);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
