/**
 * Lays out one event as the pipeline sees it (any ParsedEvent: a live probe
 * event, or a replayed event after conversion to the current layout) as a
 * scap event block, appended to a growing buffer:
 *
 *   u32 EV_V2 (EV_V2_LARGE) | u32 block length | u16 cpu |
 *   ts u64 | tid i64 | len u32 | type u16 | nparams u32 |
 *   parameter lengths (u16 each, u32 for large-payload events) |
 *   parameter bytes | padding to 4 | u32 block length
 */
import { EVENT_HEADER_SIZE, EventBlock, LARGE_PAYLOAD_BY_TYPE } from '../events/scap-blocks.js';
import type { ParsedEvent } from '../state/parsed-event.js';

export class EventTooLarge extends Error {}

/** Event blocks collected in one buffer (reused after `take`). */
export class EventBlockBuffer {
  private buf = Buffer.alloc(64 * 1024);
  /** Bytes collected. */
  length = 0;

  /**
   * Appends the event as a block.
   * @throws EventTooLarge when a parameter does not fit its length field (nothing is appended)
   */
  append(ev: ParsedEvent, cpu: number): void {
    const type = ev.code;
    const n = ev.nparams;
    const large = LARGE_PAYLOAD_BY_TYPE[type] === 1;
    const lenSize = large ? 4 : 2;
    const maxParam = large ? 0xffffffff : 0xffff;
    let dataLen = 0;
    for (let i = 0; i < n; i++) {
      const l = ev.rawParam(i)?.length ?? 0;
      if (l > maxParam) throw new EventTooLarge(`parameter ${i} of event type ${type} is ${l} bytes`);
      dataLen += l;
    }
    const eventLen = EVENT_HEADER_SIZE + n * lenSize + dataLen;
    const total = EventBlock.length(eventLen, false);
    if (total > 0xffffffff) throw new EventTooLarge(`event type ${type} is ${eventLen} bytes`);
    const b = this.reserve(total);
    const at = this.length;
    const e = EventBlock.writeHead(b, at, total, cpu, large, 0);
    b.writeBigUInt64LE(BigInt.asUintN(64, ev.ts), e);
    b.writeBigInt64LE(BigInt(ev.tid), e + 8);
    b.writeUInt32LE(eventLen, e + 16);
    b.writeUInt16LE(type, e + 20);
    b.writeUInt32LE(n, e + 22);
    let lo = e + EVENT_HEADER_SIZE;
    let o = lo + n * lenSize;
    for (let i = 0; i < n; i++, lo += lenSize) {
      const p = ev.rawParam(i);
      const l = p?.length ?? 0;
      if (large) b.writeUInt32LE(l, lo);
      else b.writeUInt16LE(l, lo);
      if (p !== undefined && l > 0) {
        b.set(p, o);
        o += l;
      }
    }
    EventBlock.writeTail(b, at, total, o);
    this.length += total;
  }

  /** The collected blocks (a view, valid until the next append), and a fresh start. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.length = 0;
    return out;
  }

  private reserve(n: number): Buffer {
    if (this.length + n > this.buf.length) {
      const grown = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    return this.buf;
  }
}
