/**
 * Walks one batch from the live probe: a Buffer of scap event blocks
 *
 *   u32 0x204 | u32 block length | u16 cpu | event | padding | u32 block length
 *
 * calling back with a zero-copy EventView of each event, in time order.
 * The addon merges the CPUs' rings by time, so a batch normally comes in
 * order already; one holding several CPUs' events out of order (a batch
 * from elsewhere) is put in time order here, so the state engine sees a
 * fork before the child's first call. A single CPU's events keep the order
 * its ring holds them in.
 */
import { EVENT_HEADER_SIZE } from '../events/scap-blocks.js';
import { EventView } from '../events/event-view.js';

export const EVENT_BLOCK_TYPE = 0x204;
/** Block header: type, length, cpu. */
const BLOCK_HEADER = 10;

export class LiveBatchError extends Error {}

export class LiveBatchReader {
  private readonly view = new EventView();
  private offsets = new Uint32Array(1024);
  private order: number[] = [];

  /**
   * Calls `onEvent` for every event of the batch, in time order across
   * CPUs. The view is reused: valid during the callback only.
   * @throws LiveBatchError for a block that is not an event block or whose lengths disagree
   */
  read(batch: Buffer, onEvent: (view: EventView) => void): number {
    // A DataView: Buffer's read methods cost a prototype lookup per call.
    const dv = new DataView(batch.buffer, batch.byteOffset, batch.length);
    const end = batch.length;
    let n = 0;
    let sorted = true;
    let firstCpu = -1;
    let mixed = false;
    let lastHi = 0;
    let lastLo = 0;
    for (let o = 0; o < end; ) {
      if (o + BLOCK_HEADER + EVENT_HEADER_SIZE + 4 > end) throw new LiveBatchError(`truncated block at offset ${o} of a ${end}-byte batch`);
      const type = dv.getUint32(o, true);
      const total = dv.getUint32(o + 4, true);
      if (type !== EVENT_BLOCK_TYPE) throw new LiveBatchError(`block type 0x${type.toString(16)} at offset ${o}, expected 0x204`);
      if (total % 4 !== 0 || total < BLOCK_HEADER + EVENT_HEADER_SIZE + 4 || o + total > end || dv.getUint32(o + total - 4, true) !== total) {
        throw new LiveBatchError(`bad block length ${total} at offset ${o}`);
      }
      const lo = dv.getUint32(o + BLOCK_HEADER, true);
      const hi = dv.getUint32(o + BLOCK_HEADER + 4, true);
      if (hi < lastHi || (hi === lastHi && lo < lastLo)) sorted = false;
      lastHi = hi;
      lastLo = lo;
      const cpu = dv.getUint16(o + 8, true);
      if (firstCpu === -1) firstCpu = cpu;
      else if (cpu !== firstCpu) mixed = true;
      if (n === this.offsets.length) {
        const grown = new Uint32Array(n * 2);
        grown.set(this.offsets);
        this.offsets = grown;
      }
      this.offsets[n++] = o;
      o += total;
    }
    const view = this.view;
    const offs = this.offsets;
    // One CPU's events stay in the order its ring holds them.
    if (sorted || !mixed) {
      for (let i = 0; i < n; i++) {
        const o = offs[i]!;
        onEvent(view.set(batch, o + BLOCK_HEADER, dv.getUint16(o + 8, true)));
      }
      return n;
    }
    const order = this.order;
    order.length = n;
    for (let i = 0; i < n; i++) order[i] = i;
    const hi = (i: number): number => dv.getUint32(offs[i]! + BLOCK_HEADER + 4, true);
    const lo = (i: number): number => dv.getUint32(offs[i]! + BLOCK_HEADER, true);
    // Array.prototype.sort is stable: equal times keep batch order.
    order.sort((a, b) => hi(a) - hi(b) || lo(a) - lo(b));
    for (const i of order) {
      const o = offs[i]!;
      onEvent(view.set(batch, o + BLOCK_HEADER, dv.getUint16(o + 8, true)));
    }
    return n;
  }
}
