/**
 * Worker thread body: inflates a gzip file with Node's streaming zlib and
 * copies the output into the shared ring, blocking while the ring is full.
 * Blocking is fine here: this thread has nothing else to do until the reader
 * frees space.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { createGunzip, type Gunzip } from 'node:zlib';
import { InflateControl, type InflateWorkerData } from './gzip-inflate-protocol.js';

const data = workerData as InflateWorkerData;
const control = new Int32Array(data.control);
const ring = new Uint8Array(data.ring);
const message = new Uint8Array(data.message);
const mask = ring.length - 1;
let written = 0;
/** Bytes handed to the reader so far (unlike `written`, never wraps). */
let published = 0;

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
    published += n;
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

/** Gives `bytes` to the inflater; resolves once it has processed them (their output emitted). */
function feed(gunzip: Gunzip, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    gunzip.once('error', reject);
    gunzip.write(bytes, (err) => {
      gunzip.off('error', reject);
      if (err) reject(err);
      else resolve();
    });
  });
}

/**
 * Node's streaming zlib drops the output of the inflate call that fails: up
 * to a chunk of good data before corrupt bytes would never reach the reader
 * (nor would the events in it). This second pass inflates the same file
 * again, skips what the reader already has, and feeds the bytes after
 * `cleanInput` (what the first pass consumed without error) one at a time,
 * so everything before the first bad byte is handed over: what inflating
 * the file in memory gives.
 */
async function recover(cleanInput: number): Promise<void> {
  const skip = published;
  let seen = 0;
  let stopped = false;
  const gunzip = createGunzip();
  gunzip.on('data', (chunk: Buffer) => {
    const from = Math.max(0, Math.min(chunk.length, skip - seen));
    seen += chunk.length;
    if (from < chunk.length && !push(chunk.subarray(from))) stopped = true;
  });
  gunzip.on('error', () => undefined);
  const fd = openSync(data.path, 'r');
  const buf = Buffer.allocUnsafe(1 << 18);
  let pos = 0;
  try {
    while (!stopped) {
      const n = readSync(fd, buf, 0, pos < cleanInput ? Math.min(buf.length, cleanInput - pos) : 1, pos);
      if (n === 0) break;
      pos += n;
      await feed(gunzip, buf.subarray(0, n));
    }
  } catch {
    // The bad byte: everything before it is out.
  } finally {
    closeSync(fd);
    gunzip.destroy();
  }
}

function isDataError(e: unknown): boolean {
  return e instanceof Error && (e as NodeJS.ErrnoException).code === 'Z_DATA_ERROR';
}

/** Inflates the whole file into the ring; rejects with the first read or inflate error. */
function inflate(gunzip: Gunzip): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(data.path, { highWaterMark: 1 << 18 });
    input.on('error', reject);
    gunzip.on('error', reject);
    // 'end' comes only once the trailer checked out ('finish' comes before a cut file's error).
    gunzip.on('end', resolve);
    gunzip.on('close', resolve);
    // Output is handed over as soon as it is emitted: none waits in the stream when an error ends it.
    gunzip.on('data', (chunk: Buffer) => {
      if (!push(chunk)) {
        input.destroy();
        gunzip.destroy();
      }
    });
    input.pipe(gunzip);
  });
}

async function run(): Promise<void> {
  Atomics.store(control, InflateControl.ALIVE, 1);
  const beat = setInterval(() => Atomics.add(control, InflateControl.HEARTBEAT, 1), 250);
  const gunzip = createGunzip();
  try {
    await inflate(gunzip);
    finish(InflateControl.DONE, '');
  } catch (e) {
    // A cut file fails once all its input is inflated (nothing lost); corrupt data fails midway.
    if (isDataError(e) && Atomics.load(control, InflateControl.CLOSED) === 0) await recover(gunzip.bytesWritten);
    finish(InflateControl.FAILED, e instanceof Error ? e.message : String(e));
  } finally {
    clearInterval(beat);
  }
}

void run();
