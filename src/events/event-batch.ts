/**
 * A batch of events handed out by a capture reader: one Buffer and, per
 * event, where it starts and how to read it. The reader reuses the same
 * batch object (and its arrays) on every call, so a batch and the Buffer it
 * points into are valid only until the reader's next call.
 */
import type { CaptureTables } from './scap-records.js';

export class EventBatch {
  /** Bytes holding the events (a window of the reader's working buffer). */
  buffer: Buffer = Buffer.alloc(0);
  /** Number of events in this batch; per-event arrays are valid below it. */
  count = 0;
  /** Offset in `buffer` of each event's header (its ts field). */
  readonly offsets: Uint32Array;
  /** Event length in bytes, header included (corrected for old captures). */
  readonly lengths: Uint32Array;
  readonly cpus: Uint16Array;
  /** Block flags (1 = state only, "hidden" in sysdig); 0 for EV blocks. */
  readonly flags: Uint32Array;
  /** Parameter count; inferred for events of v1 blocks, which do not store it. */
  readonly nparams: Uint32Array;
  /** 26, or 22 for events of v1 blocks (no nparams field in the header). */
  readonly headerSizes: Uint8Array;
  /** Offset in the (uncompressed) file of `buffer[0]`. */
  bufferFileOffset = 0;
  /** Index, among all events delivered by the reader, of this batch's event 0. */
  firstEvent = 0;
  /** Table blocks read after the previous batch's events and before this batch's events, if any. */
  tables: CaptureTables | null = null;

  constructor(readonly capacity: number) {
    this.offsets = new Uint32Array(capacity);
    this.lengths = new Uint32Array(capacity);
    this.cpus = new Uint16Array(capacity);
    this.flags = new Uint32Array(capacity);
    this.nparams = new Uint32Array(capacity);
    this.headerSizes = new Uint8Array(capacity);
  }

  /** File offset (uncompressed) of event i's header. */
  fileOffsetOf(i: number): number {
    return this.bufferFileOffset + this.offsets[i]!;
  }
}
