/**
 * Where a capture reader gets its bytes: a plain file read in chunks, or a
 * gzip file inflated on a worker thread and handed over through a shared ring
 * buffer. The reader's API is synchronous (a pull iterator), and Node's zlib
 * only streams asynchronously, so the worker does the inflating while this
 * thread blocks on Atomics.wait when the ring is empty.
 */
import { closeSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { InflateControl, type InflateWorkerData } from './gzip-inflate-protocol.js';

/** Raised by a source when its data stops making sense (e.g. corrupt gzip). */
export class SourceDataError extends Error {}

export interface ByteSource {
  /** Copies up to `length` bytes into `target` at `offset`; 0 means end of data. */
  read(target: Buffer, offset: number, length: number): number;
  close(): void;
}

export class FileSource implements ByteSource {
  private fd: number | null;

  constructor(fd: number) {
    this.fd = fd;
  }

  read(target: Buffer, offset: number, length: number): number {
    if (this.fd === null) return 0;
    return readSync(this.fd, target, offset, length, null);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

const RING_SIZE = 1 << 23; // 8 MiB; a power of two so positions wrap with a mask
const MESSAGE_SIZE = 1024;
/** How long the worker may show no sign of life while the reader waits for data. */
const SILENCE_TIMEOUT_MS = 30_000;

export class GzipWorkerSource implements ByteSource {
  private readonly control: Int32Array;
  private readonly ring: Uint8Array;
  private readonly message: Uint8Array;
  private readonly worker: Worker;
  private readPos = 0;
  private closed = false;

  constructor(path: string) {
    const data: InflateWorkerData = {
      path,
      control: new SharedArrayBuffer(InflateControl.SIZE * 4),
      ring: new SharedArrayBuffer(RING_SIZE),
      message: new SharedArrayBuffer(MESSAGE_SIZE),
    };
    this.control = new Int32Array(data.control);
    this.ring = new Uint8Array(data.ring);
    this.message = new Uint8Array(data.message);
    this.worker = new Worker(new URL('./gzip-inflate-worker.js', import.meta.url), { workerData: data });
    // The worker must never keep the process alive on its own.
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  read(target: Buffer, offset: number, length: number): number {
    const c = this.control;
    let beat = Atomics.load(c, InflateControl.HEARTBEAT);
    let lastSign = Date.now();
    for (;;) {
      const written = Atomics.load(c, InflateControl.WRITTEN);
      const avail = (written - this.readPos) >>> 0;
      if (avail > 0) return this.take(target, offset, Math.min(avail, length));
      const state = Atomics.load(c, InflateControl.STATE);
      if (state !== InflateControl.RUNNING) {
        // The worker publishes its last bytes before its final state: look once more.
        if (((Atomics.load(c, InflateControl.WRITTEN) - this.readPos) >>> 0) > 0) continue;
        if (state === InflateControl.DONE) return 0;
        throw new SourceDataError(this.workerMessage());
      }
      const now = Atomics.load(c, InflateControl.HEARTBEAT);
      if (now !== beat) {
        beat = now;
        lastSign = Date.now();
      } else if (Date.now() - lastSign > SILENCE_TIMEOUT_MS) {
        const started = Atomics.load(c, InflateControl.ALIVE) !== 0;
        throw new SourceDataError(started ? 'the gzip inflate worker stopped responding' : 'the gzip inflate worker did not start');
      }
      Atomics.wait(c, InflateControl.WRITTEN, written, 1000);
    }
  }

  private take(target: Buffer, offset: number, n: number): number {
    const mask = RING_SIZE - 1;
    const from = this.readPos & mask;
    const first = Math.min(n, RING_SIZE - from);
    target.set(this.ring.subarray(from, from + first), offset);
    if (first < n) target.set(this.ring.subarray(0, n - first), offset + first);
    this.readPos = (this.readPos + n) | 0;
    Atomics.store(this.control, InflateControl.READ, this.readPos);
    Atomics.notify(this.control, InflateControl.READ);
    return n;
  }

  private workerMessage(): string {
    const len = Math.min(Atomics.load(this.control, InflateControl.MESSAGE_LENGTH), MESSAGE_SIZE);
    return Buffer.from(this.message.subarray(0, len)).toString('utf8') || 'gzip inflate failed';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, InflateControl.CLOSED, 1);
    Atomics.notify(this.control, InflateControl.READ);
    void this.worker.terminate();
  }
}

/**
 * Inflates a whole gzip buffer. On corrupt or truncated input it still
 * returns the longest prefix that inflates cleanly, so the events in it can
 * be delivered before the error.
 */
export function inflateWhole(data: Buffer): { data: Buffer; error: string | null } {
  try {
    return { data: gunzipSync(data), error: null };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    const partial = (n: number): Buffer | null => {
      try {
        return gunzipSync(data.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch {
        return null;
      }
    };
    // Prefixes that inflate without error shrink monotonically: bisect for the longest.
    let best: Buffer = Buffer.alloc(0);
    let lo = 0;
    let hi = data.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const out = partial(mid);
      if (out === null) hi = mid - 1;
      else {
        best = out;
        lo = mid;
      }
    }
    return { data: best, error };
  }
}

/** Reads the first bytes of a file (to sniff gzip) without consuming a stream. */
export function readHead(fd: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  const got = readSync(fd, b, 0, n, 0);
  return b.subarray(0, got);
}
