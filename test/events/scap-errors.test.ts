import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CaptureError } from '../../src/events/capture-error.js';
import { BlockType, eventBlockBits } from '../../src/events/scap-blocks.js';
import { openCapture, openCaptureBuffer, type CaptureReader } from '../../src/events/scap-reader.js';
import { TRACES } from './scap-support.js';

const tmp = mkdtempSync(join(tmpdir(), 'scap-errors-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const catWrite = TRACES.find((p) => p.endsWith('cat_write.scap'))!;
const plain = gunzipSync(readFileSync(catWrite));

interface Block {
  offset: number;
  type: number;
  length: number;
}

function blocks(data: Buffer): Block[] {
  const out: Block[] = [];
  for (let o = 0; o + 8 <= data.length; o += data.readUInt32LE(o + 4)) {
    out.push({ offset: o, type: data.readUInt32LE(o), length: data.readUInt32LE(o + 4) });
  }
  return out;
}

const all = blocks(plain);
const eventBlocks = all.filter((b) => eventBlockBits(b.type) !== 0);

/** Reads to the end; returns how many events came before the error (if any). */
function drain(r: CaptureReader, keepOpen = false): { events: number; error: unknown } {
  let events = 0;
  try {
    for (let b = r.next(); b; b = r.next()) events += b.count;
    return { events, error: null };
  } catch (e) {
    return { events, error: e };
  } finally {
    if (!keepOpen) r.close();
  }
}

function captureError(fn: () => unknown): CaptureError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CaptureError, `expected a CaptureError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a CaptureError');
}

function file(name: string, data: Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
}

describe('capture errors', () => {
  test('a missing file', () => {
    const path = join(tmp, 'nope.scap');
    const e = captureError(() => openCapture(path));
    assert.equal(e.file, path);
    assert.equal(e.offset, 0);
    assert.match(e.message, /nope\.scap: at byte 0: cannot open capture: expected a readable file, ENOENT/);
  });

  test('an empty file', () => {
    const path = file('empty-file.scap', Buffer.alloc(0));
    const e = captureError(() => openCapture(path));
    assert.equal(e.message, `${path}: at byte 0: empty capture: expected a section header block, 0 bytes in the file`);
  });

  test('a file that is not a capture', () => {
    const path = file('text.scap', Buffer.from('hello, this is not a capture file\n'));
    const e = captureError(() => openCapture(path));
    assert.equal(e.what, 'not a scap capture');
    assert.equal(e.found, '0x6c6c6568');
  });

  test('a byte-swapped (big-endian) section header', () => {
    const data = Buffer.from(plain);
    data.writeUInt32BE(0x1a2b3c4d, 8);
    const e = captureError(() => openCaptureBuffer(data, 'be.scap'));
    assert.equal(e.offset, 8);
    assert.equal(e.found, 'a big-endian capture');
  });

  test('a newer major version', () => {
    const data = Buffer.from(plain);
    data.writeUInt16LE(2, 12);
    const e = captureError(() => openCaptureBuffer(data, 'v2.scap'));
    assert.equal(e.what, 'unsupported capture format version');
  });

  test('truncated in an event block: earlier events first, then the exact place', () => {
    const victim = eventBlocks[100]!;
    const cut = victim.offset + 40;
    const path = file('cut.scap', plain.subarray(0, cut));
    const r = openCapture(path, { bufferSize: 4096 });
    const { events, error } = drain(r, true);
    assert.equal(events, 100);
    assert.ok(error instanceof CaptureError);
    assert.equal(error.message, `${path}: at byte ${victim.offset}: truncated event block: expected ${victim.length} bytes, 40 left`);
    // The error sticks until the reader is closed.
    assert.throws(() => r.next(), CaptureError);
    r.close();
    assert.equal(r.next(), null);
  });

  test('truncated in a block header', () => {
    const victim = eventBlocks[10]!;
    const { events, error } = drain(openCaptureBuffer(plain.subarray(0, victim.offset + 5), 'hdr.scap'));
    assert.equal(events, 10);
    assert.ok(error instanceof CaptureError);
    assert.equal(error.message, `hdr.scap: at byte ${victim.offset}: truncated block header: expected 8 bytes, 5 left`);
  });

  test('truncated in the process list: opening fails', () => {
    const pl = all.find((b) => b.type === BlockType.PL_V6)!;
    const e = captureError(() => openCaptureBuffer(plain.subarray(0, pl.offset + 100), 'pl.scap'));
    assert.equal(e.what, 'truncated process list block');
    assert.equal(e.offset, pl.offset);
  });

  test('a table block whose trailer disagrees with its header', () => {
    const data = Buffer.from(plain);
    const ul = all.find((b) => b.type === BlockType.UL)!;
    data.writeUInt32LE(ul.length + 4, ul.offset + ul.length - 4);
    const e = captureError(() => openCaptureBuffer(data, 'trailer.scap'));
    assert.equal(e.what, 'block trailer does not match its header');
    assert.equal(e.offset, ul.offset + ul.length - 4);
  });

  test('an event whose length overflows its block', () => {
    const data = Buffer.from(plain);
    const victim = eventBlocks[3]!;
    data.writeUInt32LE(victim.length * 2, victim.offset + 10 + 16);
    const { events, error } = drain(openCaptureBuffer(data, 'evlen.scap'));
    assert.equal(events, 3);
    assert.ok(error instanceof CaptureError);
    assert.equal(error.what, 'invalid event length');
  });

  test('a v1 event whose parameter lengths cannot add up', () => {
    const data = Buffer.from(plain);
    const victim = eventBlocks[3]!;
    data.writeUInt16LE(0xfff0, victim.offset + 10 + 22); // first parameter length
    const { error } = drain(openCaptureBuffer(data, 'v1.scap'));
    assert.ok(error instanceof CaptureError);
    assert.equal(error.what, 'cannot infer the parameter count of a v1 event');
  });

  test('a block length below the minimum', () => {
    const data = Buffer.from(plain);
    data.writeUInt32LE(4, eventBlocks[7]!.offset + 4);
    const { events, error } = drain(openCaptureBuffer(data, 'short.scap'));
    assert.equal(events, 7);
    assert.ok(error instanceof CaptureError);
    assert.equal(error.message, `short.scap: at byte ${eventBlocks[7]!.offset}: invalid block length: expected at least 12, 4`);
  });

  test('a huge block length fails fast without allocating it', () => {
    const data = Buffer.from(plain);
    data.writeUInt32LE(0xfffffff0, eventBlocks[7]!.offset + 4);
    const { error } = drain(openCaptureBuffer(data, 'huge.scap'));
    assert.ok(error instanceof CaptureError);
    assert.equal(error.what, 'event block too long');
  });

  test('truncated gzip: events first, then a gzip error at the end of the good data', () => {
    const gz = readFileSync(catWrite);
    const path = file('cut.scap.gz', gz.subarray(0, gz.length - 300)); // past the header, inside the events
    const { events, error } = drain(openCapture(path));
    assert.ok(events > 0);
    assert.ok(error instanceof CaptureError);
    assert.equal(error.compressed, true);
    assert.match(error.message, /cut\.scap\.gz: at byte \d+ \(uncompressed\): (corrupt gzip data|truncated)/);
  });

  test('truncated gzip through the streaming worker', () => {
    const gz = readFileSync(catWrite);
    const path = file('cut-stream.scap.gz', gz.subarray(0, gz.length - 300));
    const { events, error } = drain(openCapture(path, { gzipInMemoryLimit: 0 }));
    assert.ok(events > 0);
    assert.ok(error instanceof CaptureError);
    assert.equal(error.what, 'corrupt gzip data');
    assert.equal(error.found, 'unexpected end of file');
  });

  test('gzip garbage', () => {
    const junk = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('garbage that does not inflate at all')]);
    for (const limit of [undefined, 0]) {
      const path = file(`junk-${limit}.scap.gz`, junk);
      const e = captureError(() => openCapture(path, limit === undefined ? {} : { gzipInMemoryLimit: limit }));
      assert.equal(e.what, 'corrupt gzip data');
      assert.equal(e.offset, 0);
    }
  });

  test('gzip of something that is not a capture', () => {
    const e = captureError(() => openCaptureBuffer(gzipSync(Buffer.from('plain text, gzipped')), 'text.gz'));
    assert.equal(e.what, 'not a scap capture');
    assert.equal(e.compressed, true);
  });

  test('no events is not an error', () => {
    const headerOnly = plain.subarray(0, eventBlocks[0]!.offset);
    const r = openCaptureBuffer(headerOnly, 'tables-only.scap');
    assert.equal(r.next(), null);
    assert.ok(r.header.processes.length > 0);
    r.close();
  });
});
