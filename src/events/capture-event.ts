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
import { decodeStringAt, decodeValueAt, int64Number, NUM_KIND_OF_TYPE, numberAt, numberInView, type ParamValue } from './param-decoder.js';

const EMPTY_BUFFER = Buffer.alloc(0);

/** The thread id of the event whose header is at `off`: signed 64-bit little-endian at +8 (exact below 2^53). */
export function tidAt(buf: Uint8Array, off: number): number {
  const lo = buf[off + 8]! | (buf[off + 9]! << 8) | (buf[off + 10]! << 16) | (buf[off + 11]! << 24);
  const hi = buf[off + 12]! | (buf[off + 13]! << 8) | (buf[off + 14]! << 16) | (buf[off + 15]! << 24);
  return int64Number(hi, lo);
}
const NO_PARAMS: readonly ParamInfo[] = [];
export const NO_KINDS = new Uint8Array(0);

/** The NumKind of each parameter of each event code, looked up once per event instead of per read. */
export const KINDS_BY_CODE: readonly Uint8Array[] = EVENT_TABLE.map((info) => {
  const params = info?.params ?? NO_PARAMS;
  return Uint8Array.from(params, (p) => NUM_KIND_OF_TYPE[p.type]!);
});

export class CaptureEvent {
  /** Event code (EventCode): even = enter, odd = exit. */
  code = 0;
  /** Thread id (-1 for events not tied to a thread). */
  tid = -1;
  /** Number of parameters present. */
  nparams = 0;

  private infos: readonly ParamInfo[] = NO_PARAMS;
  private kinds: Uint8Array = NO_KINDS;
  /** The reader's buffer holding the event as stored (header, lengths, parameters). */
  private buf: Buffer = EMPTY_BUFFER;
  /** Where the event header is in `buf` (the timestamp is its first 8 bytes). */
  private off = 0;
  private tsValue = 0n;
  private tsKnown = false;
  /**
   * DataView over buf (made again when the reader's buffer changes): its
   * 32- and 64-bit little-endian reads are the fastest way to the numbers.
   */
  private dv: DataView = new DataView(new ArrayBuffer(0));
  private dvOf: Buffer = EMPTY_BUFFER;

  /**
   * The event as stored ("direct"): parameters are read in `buf` at the
   * offsets and lengths below, located on first use. Else they come from
   * `refs` (a conversion's result). Direct reading spares the per-event
   * fill of reference arrays for the events that need no conversion.
   */
  private direct = true;
  private located = false;
  // Signed 32-bit: offsets and lengths inside the reader's buffer stay far
  // below 2^31, and signed loads keep the offset arithmetic in integers.
  private offs = new Int32Array(32);
  private lens = new Int32Array(32);
  private lenOff = 0;
  private lenSize = 2;

  /** Parameter references: `own` (filled on request) or the converter's result. */
  private refs: ParamRefs;
  private readonly own = new ParamRefs();

  constructor() {
    this.refs = this.own;
  }

  /** Describes the view's event as stored. */
  pointView(view: EventView): this {
    const buf = view.buffer;
    const off = view.offset;
    const code = view.type;
    this.code = code;
    this.nparams = view.nparams;
    this.infos = EVENT_TABLE[code]?.params ?? NO_PARAMS;
    this.kinds = KINDS_BY_CODE[code] ?? NO_KINDS;
    this.buf = buf;
    if (buf !== this.dvOf) {
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
      this.dvOf = buf;
    }
    // tidAt's value: signed 64-bit at +8, exact below 2^53.
    const dv = this.dv;
    this.tid = int64Number(dv.getInt32(off + 12, true), dv.getInt32(off + 8, true));
    this.off = off;
    this.tsKnown = false;
    this.direct = true;
    this.located = false;
    this.lenOff = off + view.headerSize;
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
    this.kinds = KINDS_BY_CODE[refs.type] ?? NO_KINDS;
    this.refs = refs;
    this.direct = false;
    return this;
  }

  /** The parameters as references (what the converter reads). */
  paramRefs(): ParamRefs {
    if (this.direct) {
      this.own.setFromLayout(this.code, this.buf, this.lenOff, this.lenSize, this.nparams);
      return this.own;
    }
    return this.refs;
  }

  /** Nanoseconds since the epoch. */
  get ts(): bigint {
    if (!this.tsKnown) {
      this.tsValue = this.dv.getBigUint64(this.off, true);
      this.tsKnown = true;
    }
    return this.tsValue;
  }

  /** Decoded value of parameter i; undefined when absent or empty (or malformed). */
  param(i: number): ParamValue | undefined {
    if (!(i >= 0 && i < this.nparams)) return undefined;
    const info = this.infos[i];
    if (info === undefined) return undefined;
    try {
      if (this.direct) {
        if (!this.located) this.locate();
        return decodeValueAt(info.type, this.buf, this.offs[i]!, this.lens[i]!, info.dynamic);
      }
      const r = this.refs;
      return decodeValueAt(info.type, r.bufs[i]!, r.offs[i]!, r.lens[i]!, info.dynamic);
    } catch {
      // A malformed parameter reads as unknown rather than stopping the pipeline.
      return undefined;
    }
  }

  /** Parameter i as a number (see numberAt); undefined when absent, empty, malformed or not numeric. */
  paramNumber(i: number): number | undefined {
    // Parameters beyond the table's have no type: they read as undefined, like param().
    if (!(i >= 0 && i < this.nparams && i < this.kinds.length)) return undefined;
    const kind = this.kinds[i]!;
    if (this.direct) {
      if (!this.located) this.locate();
      return numberInView(kind, this.dv, this.buf, this.offs[i]!, this.lens[i]!);
    }
    const r = this.refs;
    return numberAt(kind, r.bufs[i]!, r.offs[i]!, r.lens[i]!);
  }

  /** Parameter i when it decodes to text (see decodeStringAt); else undefined. */
  paramString(i: number): string | undefined {
    if (!(i >= 0 && i < this.nparams)) return undefined;
    const info = this.infos[i];
    if (info === undefined) return undefined;
    if (this.direct) {
      if (!this.located) this.locate();
      return decodeStringAt(info.type, this.buf, this.offs[i]!, this.lens[i]!, info.dynamic);
    }
    const r = this.refs;
    return decodeStringAt(info.type, r.bufs[i]!, r.offs[i]!, r.lens[i]!, info.dynamic);
  }

  /** Bytes of parameter i (a view; length 0 when empty); undefined when absent. */
  rawParam(i: number): Uint8Array | undefined {
    if (!(i >= 0 && i < this.nparams)) return undefined;
    if (this.direct) {
      if (!this.located) this.locate();
      const o = this.offs[i]!;
      return this.buf.subarray(o, o + this.lens[i]!);
    }
    return this.refs.bytes(i);
  }

  /** Byte length of parameter i (0 when empty or absent). */
  paramLength(i: number): number {
    if (!(i >= 0 && i < this.nparams)) return 0;
    if (this.direct) {
      if (!this.located) this.locate();
      return this.lens[i]!;
    }
    return this.refs.lens[i]!;
  }

  /** Finds the parameters of the event as stored: lengths first, then the data in order. */
  private locate(): void {
    const n = this.nparams;
    if (this.offs.length < n) {
      this.offs = new Int32Array(n);
      this.lens = new Int32Array(n);
    }
    const dv = this.dv;
    const offs = this.offs;
    const lens = this.lens;
    let lp = this.lenOff;
    let dp = lp + n * this.lenSize;
    if (this.lenSize === 2) {
      for (let i = 0; i < n; i++, lp += 2) {
        const len = dv.getUint16(lp, true);
        offs[i] = dp;
        lens[i] = len;
        dp += len;
      }
    } else {
      for (let i = 0; i < n; i++, lp += 4) {
        const len = dv.getUint32(lp, true);
        offs[i] = dp;
        lens[i] = len;
        dp += len;
      }
    }
    this.located = true;
  }
}
