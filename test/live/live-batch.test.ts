/**
 * Reading the probe's batches: event blocks walked in place, events of
 * several rings in one batch put back in time order, one ring's order kept
 * as written, and blocks that are not event blocks refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCode } from '../../src/events/event-table.js';
import { LiveBatchError, LiveBatchReader } from '../../src/sources/live-batch.js';

/** One generic exit event (ID, nativeID) in an event block, as the addon writes it. */
function block(cpu: number, ts: bigint, tid: number, nativeId: number): Buffer {
  const eventLen = 26 + 2 * 2 + 4;
  const total = (10 + eventLen + 4 + 3) & ~3;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(0x204, 0);
  b.writeUInt32LE(total, 4);
  b.writeUInt16LE(cpu, 8);
  const e = 10;
  b.writeBigUInt64LE(ts, e);
  b.writeBigInt64LE(BigInt(tid), e + 8);
  b.writeUInt32LE(eventLen, e + 16);
  b.writeUInt16LE(EventCode.GENERIC_X, e + 20);
  b.writeUInt32LE(2, e + 22);
  b.writeUInt16LE(2, e + 26);
  b.writeUInt16LE(2, e + 28);
  b.writeUInt16LE(0, e + 30);
  b.writeUInt16LE(nativeId, e + 32);
  b.writeUInt32LE(total, total - 4);
  return b;
}

function read(reader: LiveBatchReader, batch: Buffer): Array<[bigint, number, number]> {
  const out: Array<[bigint, number, number]> = [];
  reader.read(batch, (v) => out.push([v.ts, v.tid, v.cpu]));
  return out;
}

test("live batches: one CPU's events come in the order written, with their cpu and thread", () => {
  const batch = Buffer.concat([block(1, 30n, 11, 39), block(1, 10n, 12, 39), block(1, 20n, 13, 39)]);
  assert.deepEqual(read(new LiveBatchReader(), batch), [[30n, 11, 1], [10n, 12, 1], [20n, 13, 1]]);
});

test('live batches: events of several CPUs are merged by time, ties keeping CPU order', () => {
  const cpu0 = [block(0, 10n, 1, 1), block(0, 30n, 2, 1), block(0, 50n, 3, 1)];
  const cpu1 = [block(1, 20n, 4, 1), block(1, 30n, 5, 1), block(1, 60n, 6, 1), block(1, (1n << 33n) + 1n, 7, 1)];
  const got = read(new LiveBatchReader(), Buffer.concat([...cpu0, ...cpu1]));
  assert.deepEqual(got.map(([, tid]) => tid), [1, 4, 2, 5, 3, 6, 7]);
});

test('live batches: many events (more than the reader first reserves)', () => {
  const blocks: Buffer[] = [];
  for (let i = 0; i < 3000; i++) blocks.push(block(i % 4, BigInt(3000 - i), i, 1));
  const got = read(new LiveBatchReader(), Buffer.concat(blocks));
  assert.equal(got.length, 3000);
  for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]![0] <= got[i]![0]);
});

test('live batches: a block that is not an event block, or whose lengths disagree, is an error', () => {
  const reader = new LiveBatchReader();
  const bad = block(0, 1n, 1, 1);
  bad.writeUInt32LE(0x205, 0);
  assert.throws(() => reader.read(bad, () => undefined), new LiveBatchError('block type 0x205 at offset 0, expected 0x204'));
  const short = block(0, 1n, 1, 1);
  short.writeUInt32LE(short.length - 4, short.length - 4);
  assert.throws(() => reader.read(short, () => undefined), LiveBatchError);
  assert.throws(() => reader.read(Buffer.concat([block(0, 1n, 1, 1), Buffer.alloc(8)]), () => undefined), /truncated block at offset 48/);
});
