/**
 * A reusable cursor over one event inside a Buffer, without copying it and
 * without allocating per event: point it at an event (`at` for a reader's
 * batch, `set` for a raw v2 event), then read the header fields and locate
 * parameters. Parameter offsets are computed once, on first use, into an
 * array the view keeps.
 *
 * Event layout (little-endian): ts u64 | tid u64 | len u32 | type u16 |
 * nparams u32 | lengths (u16 each, u32 for large-payload events) | data.
 * Events read from v1 blocks lack nparams (22-byte header); the reader
 * infers their count and the view hides the difference.
 */
import type { EventBatch } from './event-batch.js';
import { int64Number } from './param-decoder.js';
import { EVENT_HEADER_SIZE, LARGE_PAYLOAD_BY_TYPE } from './scap-blocks.js';

const EMPTY = Buffer.alloc(0);

// Reads go through a DataView of the buffer (made again when the buffer
// changes) rather than Buffer's own read methods: those are looked up on a
// prototype the engine keeps in dictionary mode, a slow lookup per call.

export class EventView {
  buffer: Buffer = EMPTY;
  /** Offset in `buffer` of the event header. */
  offset = 0;
  /** Bytes from the header to the end of the last parameter. */
  length = 0;
  /** 26, or 22 for events of v1 blocks. */
  headerSize = EVENT_HEADER_SIZE;
  cpu = 0;
  /** Block flags (1 = state only). */
  flags = 0;
  type = 0;
  nparams = 0;
  /** Bytes per parameter length: 2, or 4 for large-payload events. */
  lengthSize: 2 | 4 = 2;
  private offs = new Uint32Array(32);
  private offsReady = false;
  private dv: DataView = new DataView(EMPTY.buffer, EMPTY.byteOffset, 0);
  private dvOf: Buffer = EMPTY;

  private viewOf(buf: Buffer): DataView {
    if (buf !== this.dvOf) {
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
      this.dvOf = buf;
    }
    return this.dv;
  }

  /** Points the view at event `index` of a reader batch. */
  at(batch: EventBatch, index: number): this {
    if (index < 0 || index >= batch.count) throw new RangeError(`event index ${index} outside batch of ${batch.count}`);
    const buf = batch.buffer;
    const off = batch.offsets[index]!;
    this.buffer = buf;
    this.offset = off;
    this.length = batch.lengths[index]!;
    this.headerSize = batch.headerSizes[index]!;
    this.cpu = batch.cpus[index]!;
    this.flags = batch.flags[index]!;
    this.nparams = batch.nparams[index]!;
    const type = buf[off + 20]! | (buf[off + 21]! << 8);
    this.type = type;
    this.lengthSize = this.headerSize === EVENT_HEADER_SIZE && LARGE_PAYLOAD_BY_TYPE[type] === 1 ? 4 : 2;
    this.offsReady = false;
    return this;
  }

  /** Points the view at a v2-layout event (header with nparams) at `offset`. */
  set(buffer: Buffer, offset: number, cpu = 0, flags = 0): this {
    if (offset < 0 || offset + EVENT_HEADER_SIZE > buffer.length) throw new RangeError('event header outside buffer');
    const dv = this.viewOf(buffer);
    const len = dv.getUint32(offset + 16, true);
    if (len < EVENT_HEADER_SIZE || offset + len > buffer.length) throw new RangeError('event length outside buffer');
    this.buffer = buffer;
    this.offset = offset;
    this.length = len;
    this.headerSize = EVENT_HEADER_SIZE;
    this.cpu = cpu;
    this.flags = flags;
    this.type = dv.getUint16(offset + 20, true);
    this.nparams = dv.getUint32(offset + 22, true);
    this.lengthSize = LARGE_PAYLOAD_BY_TYPE[this.type] === 1 ? 4 : 2;
    this.offsReady = false;
    return this;
  }

  /** Timestamp, nanoseconds since the epoch (allocates a bigint). */
  get ts(): bigint {
    return this.viewOf(this.buffer).getBigUint64(this.offset, true);
  }

  /** Low and high 32 bits of the timestamp, for allocation-free comparisons. */
  get tsLow(): number {
    return this.viewOf(this.buffer).getUint32(this.offset, true);
  }

  get tsHigh(): number {
    return this.viewOf(this.buffer).getUint32(this.offset + 4, true);
  }

  /** Timestamp as a double (nanoseconds; about 256 ns of precision today). */
  get tsApprox(): number {
    return this.tsHigh * 0x100000000 + this.tsLow;
  }

  /** Thread id (signed 64-bit, exact below 2^53). */
  get tid(): number {
    const dv = this.viewOf(this.buffer);
    return int64Number(dv.getInt32(this.offset + 12, true), dv.getInt32(this.offset + 8, true));
  }

  /** Offset in `buffer` of the first parameter's data. */
  get dataOffset(): number {
    return this.offset + this.headerSize + this.nparams * this.lengthSize;
  }

  paramLength(i: number): number {
    this.checkIndex(i);
    return this.lengthAt(this.offset + this.headerSize + i * this.lengthSize);
  }

  /** The parameter length stored at `p`. */
  private lengthAt(p: number): number {
    const buf = this.buffer;
    // Past the buffer (a corrupt parameter count), Buffer's own read throws its usual error.
    if (p + this.lengthSize > buf.length) return this.lengthSize === 2 ? buf.readUInt16LE(p) : buf.readUInt32LE(p);
    const dv = this.viewOf(buf);
    return this.lengthSize === 2 ? dv.getUint16(p, true) : dv.getUint32(p, true);
  }

  /** Offset in `buffer` of parameter i's data. */
  paramOffset(i: number): number {
    this.checkIndex(i);
    if (!this.offsReady) this.computeOffsets();
    return this.offs[i]!;
  }

  /** Parameter i's bytes, as a view into `buffer` (allocates the view only). */
  paramBytes(i: number): Buffer {
    const o = this.paramOffset(i);
    return this.buffer.subarray(o, o + this.paramLength(i));
  }

  /** The whole event, header included, as stored (a view into `buffer`). */
  eventBytes(): Buffer {
    return this.buffer.subarray(this.offset, this.offset + this.length);
  }

  private checkIndex(i: number): void {
    if (!(i >= 0 && i < this.nparams)) throw new RangeError(`parameter ${i} of an event with ${this.nparams}`);
  }

  private computeOffsets(): void {
    const n = this.nparams;
    if (this.offs.length < n) this.offs = new Uint32Array(Math.max(n, this.offs.length * 2));
    const ls = this.lengthSize;
    const offs = this.offs;
    let lp = this.offset + this.headerSize;
    let dp = lp + n * ls;
    if (dp <= this.buffer.length) {
      // The whole length array lies in the buffer: one check for all of it.
      const dv = this.viewOf(this.buffer);
      for (let i = 0; i < n; i++, lp += ls) {
        offs[i] = dp;
        dp += ls === 2 ? dv.getUint16(lp, true) : dv.getUint32(lp, true);
      }
    } else {
      for (let i = 0; i < n; i++, lp += ls) {
        offs[i] = dp;
        dp += this.lengthAt(lp);
      }
    }
    this.offsReady = true;
  }
}
