/**
 * Random corruptions of the reference captures (seeded, so failures
 * reproduce): each corrupted capture must either read to the end or stop
 * with a CaptureError, never another exception and never a hang.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CaptureError } from '../../src/events/capture-error.js';
import { EventView } from '../../src/events/event-view.js';
import { eventBlockBits } from '../../src/events/scap-blocks.js';
import { openCaptureBuffer } from '../../src/events/scap-reader.js';
import { TRACES } from './scap-support.js';
import { seededRandom as rng } from '../seeded-random.js';

interface Sample {
  name: string;
  data: Buffer;
  /** Offsets of every block, and of event blocks. */
  blocks: number[];
  events: number[];
}

function sample(path: string): Sample {
  const gz = readFileSync(path);
  const data = gunzipSync(gz);
  const blocks: number[] = [];
  const events: number[] = [];
  for (let o = 0; o + 8 <= data.length; o += data.readUInt32LE(o + 4)) {
    blocks.push(o);
    if (eventBlockBits(data.readUInt32LE(o)) !== 0) events.push(o);
  }
  return { name: path.split('/').pop()!, data, blocks, events };
}

type Mutation = (d: Buffer, s: Sample, r: () => number) => Buffer;

const int = (r: () => number, n: number): number => Math.floor(r() * n);
const pick = <T>(r: () => number, a: readonly T[]): T => a[int(r, a.length)]!;

const INTERESTING_U32 = [0, 1, 3, 4, 7, 8, 11, 12, 13, 16, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, 65536, 65544];

const mutations: Record<string, Mutation> = {
  bitFlips(d, _s, r) {
    const out = Buffer.from(d);
    for (let k = 1 + int(r, 8); k > 0; k--) {
      const at = int(r, out.length);
      out[at]! ^= 1 << int(r, 8);
    }
    return out;
  },
  truncate(d, _s, r) {
    return d.subarray(0, int(r, d.length));
  },
  insertJunk(d, _s, r) {
    const at = int(r, d.length);
    const junk = Buffer.alloc(1 + int(r, 64));
    for (let i = 0; i < junk.length; i++) junk[i] = int(r, 256);
    return Buffer.concat([d.subarray(0, at), junk, d.subarray(at)]);
  },
  deleteRange(d, _s, r) {
    const at = int(r, d.length);
    return Buffer.concat([d.subarray(0, at), d.subarray(Math.min(d.length, at + 1 + int(r, 256)))]);
  },
  blockLength(d, s, r) {
    const out = Buffer.from(d);
    const at = pick(r, s.blocks);
    const old = out.readUInt32LE(at + 4);
    const v = r() < 0.5 ? pick(r, INTERESTING_U32) : (old + int(r, 33) - 16) >>> 0;
    out.writeUInt32LE(v, at + 4);
    return out;
  },
  trailer(d, s, r) {
    const out = Buffer.from(d);
    const at = pick(r, s.blocks);
    const end = at + out.readUInt32LE(at + 4) - 4;
    if (end + 4 <= out.length) out.writeUInt32LE(pick(r, INTERESTING_U32), end);
    return out;
  },
  blockType(d, s, r) {
    const out = Buffer.from(d);
    const types = [0x201, 0x202, 0x203, 0x204, 0x205, 0x206, 0x207, 0x208, 0x209, 0x210, 0x211, 0x212, 0x213, 0x214, 0x215, 0x216, 0x217, 0x218, 0x219, 0x220, 0x221, 0x222, 0x0a0d0d0a, 0x8010abcd, 0x1234];
    out.writeUInt32LE(pick(r, types), pick(r, s.blocks));
    return out;
  },
  eventHeader(d, s, r) {
    const out = Buffer.from(d);
    const at = pick(r, s.events);
    // fields of the event after the block header and cpu: len, type, nparams, first lengths
    const field = pick(r, [16, 20, 22, 24, 26, 28]);
    const pos = at + 10 + field;
    if (pos + 4 <= out.length) {
      if (field === 20 || field >= 24) out.writeUInt16LE(int(r, 65536), pos);
      else out.writeUInt32LE(r() < 0.5 ? pick(r, INTERESTING_U32) : int(r, 4096), pos);
    }
    return out;
  },
  tableBody(d, s, r) {
    // Scribble over a length or count inside a table block (processes, fds, users, ...).
    const out = Buffer.from(d);
    const tables = s.blocks.filter((b) => eventBlockBits(out.readUInt32LE(b)) === 0);
    const at = pick(r, tables);
    const len = out.readUInt32LE(at + 4);
    const pos = at + 8 + int(r, Math.max(1, len - 12));
    if (pos + 2 <= out.length) out.writeUInt16LE(r() < 0.5 ? 0xffff : int(r, 2048), pos);
    return out;
  },
};

const names = Object.keys(mutations);

/** Reads everything, touching every parameter, like a consumer would. */
function consume(data: Buffer, name: string): void {
  const reader = openCaptureBuffer(data, name, { maxBlockSize: 1 << 22 });
  const v = new EventView();
  try {
    for (let b = reader.next(); b; b = reader.next()) {
      for (let i = 0; i < b.count; i++) {
        v.at(b, i);
        for (let k = 0; k < v.nparams; k++) {
          const o = v.paramOffset(k);
          const l = v.paramLength(k);
          assert.ok(o + l <= v.offset + v.length && o + l <= b.buffer.length);
        }
      }
    }
  } finally {
    reader.close();
  }
}

describe('scap reader fuzzing', () => {
  const samples = TRACES.map(sample);

  test('10,000 corruptions of uncompressed captures: read or CaptureError', () => {
    const r = rng(0x5ca9f00d);
    const seen = new Map<string, number>();
    let failures = 0;
    for (let i = 0; i < 10_000; i++) {
      const s = samples[i % samples.length]!;
      const kind = names[int(r, names.length)]!;
      const data = mutations[kind]!(s.data, s, r);
      try {
        consume(data, `${s.name}#${i}`);
      } catch (e) {
        if (!(e instanceof CaptureError)) throw new Error(`case ${i} (${kind} on ${s.name}): ${String(e)}`, { cause: e });
        // The safety net for internal errors must never be what catches a corruption.
        assert.notEqual(e.what, 'unreadable capture data', `case ${i}: ${e.message}`);
        assert.ok(e.message.startsWith(`${s.name}#${i}: at byte `), e.message);
        seen.set(e.what, (seen.get(e.what) ?? 0) + 1);
        failures++;
      }
    }
    // The corruptions must actually exercise the error paths.
    assert.ok(failures > 3000, `only ${failures} corruptions failed`);
    assert.ok(seen.size >= 10, `only ${seen.size} kinds of errors: ${[...seen.keys()].join(', ')}`);
  });

  test('1,000 corruptions of gzip captures: read or CaptureError', () => {
    const r = rng(0xc0ffee);
    const gz = TRACES.map((p) => readFileSync(p));
    let failures = 0;
    for (let i = 0; i < 1000; i++) {
      const base = gz[i % gz.length]!;
      const kind = pick(r, ['bitFlips', 'truncate', 'insertJunk', 'deleteRange'] as const);
      const data = mutations[kind]!(base, samples[0]!, r);
      try {
        consume(data, `gz#${i}`);
      } catch (e) {
        if (!(e instanceof CaptureError)) throw new Error(`gzip case ${i} (${kind}): ${String(e)}`, { cause: e });
        assert.notEqual(e.what, 'unreadable capture data', `gzip case ${i}: ${e.message}`);
        failures++;
      }
    }
    assert.ok(failures > 500, `only ${failures} gzip corruptions failed`);
  });
});
