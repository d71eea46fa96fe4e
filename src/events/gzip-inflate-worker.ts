/**
 * Worker thread body: inflates a gzip file with Node's streaming zlib and
 * copies the output into the shared ring, blocking while the ring is full.
 * Blocking is fine here: this thread has nothing else to do until the reader
 * frees space.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { workerData } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { InflateControl, type InflateWorkerData } from './gzip-inflate-protocol.js';

const data = workerData as InflateWorkerData;
const control = new Int32Array(data.control);
const ring = new Uint8Array(data.ring);
const message = new Uint8Array(data.message);
const mask = ring.length - 1;
let written = 0;

function push(chunk: Buffer): boolean {
  let off = 0;
  while (off < chunk.length) {
    if (Atomics.load(control, InflateControl.CLOSED) !== 0) return false;
    const read = Atomics.load(control, InflateControl.READ);
    const free = ring.length - ((written - read) >>> 0);
    if (free === 0) {
      Atomics.wait(control, InflateControl.READ, read, 200);
      continue;
    }
    const at = written & mask;
    const n = Math.min(free, chunk.length - off, ring.length - at);
    ring.set(chunk.subarray(off, off + n), at);
    written = (written + n) | 0;
    Atomics.store(control, InflateControl.WRITTEN, written);
    Atomics.notify(control, InflateControl.WRITTEN);
    off += n;
  }
  return true;
}

function finish(state: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8').subarray(0, message.length);
  message.set(bytes);
  Atomics.store(control, InflateControl.MESSAGE_LENGTH, bytes.length);
  Atomics.store(control, InflateControl.STATE, state);
  Atomics.notify(control, InflateControl.WRITTEN);
}

async function run(): Promise<void> {
  Atomics.store(control, InflateControl.ALIVE, 1);
  const beat = setInterval(() => Atomics.add(control, InflateControl.HEARTBEAT, 1), 250);
  try {
    await pipeline(createReadStream(data.path, { highWaterMark: 1 << 18 }), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) if (!push(chunk)) return;
    });
    finish(InflateControl.DONE, '');
  } catch (e) {
    finish(InflateControl.FAILED, e instanceof Error ? e.message : String(e));
  } finally {
    clearInterval(beat);
  }
}

void run();
