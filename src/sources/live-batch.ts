/**
 * Walks one batch from the live probe: a Buffer of scap event blocks
 *
 *   u32 0x204 | u32 block length | u16 cpu | event | padding | u32 block length
 *
 * calling back with a zero-copy EventView of each event. Each CPU's ring
 * holds its events in the order they were written, but a drain takes the
 * rings one after the other; when a batch holds events of several CPUs they
 * are put back in time order, so the state engine sees a fork before the
 * child's first call.
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
    let n = 0;
    let firstCpu = -1;
    let mixed = false;
    for (let o = 0; o < batch.length; ) {
      if (o + BLOCK_HEADER + EVENT_HEADER_SIZE + 4 > batch.length) throw new LiveBatchError(`truncated block at offset ${o} of a ${batch.length}-byte batch`);
      const type = batch.readUInt32LE(o);
      const total = batch.readUInt32LE(o + 4);
      if (type !== EVENT_BLOCK_TYPE) throw new LiveBatchError(`block type 0x${type.toString(16)} at offset ${o}, expected 0x204`);
      if (total % 4 !== 0 || total < BLOCK_HEADER + EVENT_HEADER_SIZE + 4 || o + total > batch.length || batch.readUInt32LE(o + total - 4) !== total) {
        throw new LiveBatchError(`bad block length ${total} at offset ${o}`);
      }
      const cpu = batch.readUInt16LE(o + 8);
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
    if (!mixed) {
      for (let i = 0; i < n; i++) {
        const o = this.offsets[i]!;
        onEvent(view.set(batch, o + BLOCK_HEADER, batch.readUInt16LE(o + 8)));
      }
      return n;
    }
    const offs = this.offsets;
    const order = this.order;
    order.length = n;
    for (let i = 0; i < n; i++) order[i] = i;
    const hi = (i: number): number => batch.readUInt32LE(offs[i]! + BLOCK_HEADER + 4);
    const lo = (i: number): number => batch.readUInt32LE(offs[i]! + BLOCK_HEADER);
    // Array.prototype.sort is stable: equal times keep CPU order.
    order.sort((a, b) => hi(a) - hi(b) || lo(a) - lo(b));
    for (const i of order) {
      const o = offs[i]!;
      onEvent(view.set(batch, o + BLOCK_HEADER, batch.readUInt16LE(o + 8)));
    }
    return n;
  }
}
