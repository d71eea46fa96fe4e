/**
 * One event of a capture as the state layer and the field extractors read
 * it (the ParsedEvent shape of src/state/parsed-event.ts), over the reader's
 * buffer without copying: either the event as stored (parameter offsets
 * found on first use) or the result of a conversion (parameter references
 * the converter assembled, see ParamRefs).
 *
 * One instance is reused for every event of a stream, so every event has
 * the same object shape (call sites stay monomorphic) and nothing is
 * allocated per event except the timestamp, read once on first use.
 */
import { EVENT_TABLE } from './event-table.js';
import type { ParamInfo } from './event-types.js';
import type { EventView } from './event-view.js';
import { ParamRefs } from './event-converter.js';
import { decodeValueAt, type ParamValue } from './param-decoder.js';

const EMPTY_BUFFER = Buffer.alloc(0);

/** The thread id of the event whose header is at `off`: signed 64-bit little-endian at +8 (exact below 2^53). */
export function tidAt(buf: Uint8Array, off: number): number {
  const lo = (buf[off + 8]! | (buf[off + 9]! << 8) | (buf[off + 10]! << 16)) + buf[off + 11]! * 0x1000000;
  const hi = buf[off + 12]! | (buf[off + 13]! << 8) | (buf[off + 14]! << 16) | (buf[off + 15]! << 24);
  return hi * 0x100000000 + lo;
}
const NO_PARAMS: readonly ParamInfo[] = [];

export class CaptureEvent {
  /** Event code (EventCode): even = enter, odd = exit. */
  code = 0;
  /** Thread id (-1 for events not tied to a thread). */
  tid = -1;
  /** Number of parameters present. */
  nparams = 0;

  private infos: readonly ParamInfo[] = NO_PARAMS;
  /** Where the timestamp is (the event header in the reader's buffer). */
  private tsBuf: Buffer = EMPTY_BUFFER;
  private tsOff = 0;
  private tsValue = 0n;
  /** DataView over tsBuf (made again when the reader's buffer changes): its 64-bit read is the fastest. */
  private tsView: DataView = new DataView(new ArrayBuffer(0));
  private tsViewOf: Buffer | undefined = undefined;
  private tsKnown = false;

  /** Parameter references: `own` (in place, filled lazily) or the converter's result. */
  private refs: ParamRefs;
  private readonly own = new ParamRefs();
  /** `own` still has to be filled from the event's length array. */
  private lazy = false;
  private lenOff = 0;
  private lenSize = 2;

  constructor() {
    this.refs = this.own;
  }

  /** Describes the view's event as stored. */
  pointView(view: EventView): this {
    this.setHeader(view, view.type, view.nparams);
    this.refs = this.own;
    this.lazy = true;
    this.lenOff = view.offset + view.headerSize;
    this.lenSize = view.lengthSize;
    return this;
  }

  /**
   * Describes the converted form of the event last pointed at: same header
   * (time, thread), code and parameters from `refs`.
   */
  converted(refs: ParamRefs): this {
    this.code = refs.type;
    this.nparams = refs.count;
    this.infos = EVENT_TABLE[refs.type]?.params ?? NO_PARAMS;
    this.refs = refs;
    this.lazy = false;
    return this;
  }

  /** The parameters as references (what the converter reads). */
  paramRefs(): ParamRefs {
    if (this.lazy) this.fill();
    return this.refs;
  }

  /** Nanoseconds since the epoch. */
  get ts(): bigint {
    if (!this.tsKnown) {
      const b = this.tsBuf;
      if (b !== this.tsViewOf) {
        this.tsView = new DataView(b.buffer, b.byteOffset, b.length);
        this.tsViewOf = b;
      }
      this.tsValue = this.tsView.getBigUint64(this.tsOff, true);
      this.tsKnown = true;
    }
    return this.tsValue;
  }

  /** Decoded value of parameter i; undefined when absent or empty (or malformed). */
  param(i: number): ParamValue | undefined {
    if (!(i >= 0 && i < this.nparams)) return undefined;
    const info = this.infos[i];
    if (info === undefined) return undefined;
    if (this.lazy) this.fill();
    const r = this.refs;
    try {
      return decodeValueAt(info.type, r.bufs[i]!, r.offs[i]!, r.lens[i]!, info.dynamic);
    } catch {
      // A malformed parameter reads as unknown rather than stopping the pipeline.
      return undefined;
    }
  }

  /** Bytes of parameter i (a view; length 0 when empty); undefined when absent. */
  rawParam(i: number): Uint8Array | undefined {
    if (!(i >= 0 && i < this.nparams)) return undefined;
    if (this.lazy) this.fill();
    return this.refs.bytes(i);
  }

  /** Byte length of parameter i (0 when empty or absent). */
  paramLength(i: number): number {
    if (!(i >= 0 && i < this.nparams)) return 0;
    if (this.lazy) this.fill();
    return this.refs.lens[i]!;
  }

  private setHeader(view: EventView, code: number, nparams: number): void {
    const buf = view.buffer;
    const off = view.offset;
    this.code = code;
    this.nparams = nparams;
    this.infos = EVENT_TABLE[code]?.params ?? NO_PARAMS;
    this.tid = tidAt(buf, off);
    this.tsBuf = buf;
    this.tsOff = off;
    this.tsKnown = false;
  }

  private fill(): void {
    this.own.setFromLayout(this.code, this.tsBuf, this.lenOff, this.lenSize, this.nparams);
    this.lazy = false;
  }
}
