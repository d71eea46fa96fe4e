/**
 * ParsedEvent over the capture reader's zero-copy EventView: parameters are
 * decoded on demand with the event table's types. One instance is reused
 * for every event (`point` it at the view's current event).
 */
import { EVENT_TABLE } from '../events/event-table.js';
import { KINDS_BY_CODE, NO_KINDS } from '../events/capture-event.js';
import { decodeParam, decodeStringAt, decodeValueAt, numberAt, type ParamValue } from '../events/param-decoder.js';
import type { EventView } from '../events/event-view.js';
import type { ParsedEvent } from './parsed-event.js';

export class ViewEvent implements ParsedEvent {
  private view: EventView | undefined;
  code = 0;
  tid = -1;
  nparams = 0;

  private tsValue: bigint | undefined = undefined;
  private kinds: Uint8Array = NO_KINDS;

  /** Makes this object describe the view's current event. */
  point(view: EventView): this {
    this.view = view;
    this.code = view.type;
    this.kinds = KINDS_BY_CODE[view.type] ?? NO_KINDS;
    this.tid = view.tid;
    this.nparams = view.nparams;
    this.tsValue = undefined;
    return this;
  }

  /** The event's time (read once per event: each read of the view allocates a bigint). */
  get ts(): bigint {
    if (this.tsValue === undefined) this.tsValue = this.view === undefined ? 0n : this.view.ts;
    return this.tsValue;
  }

  param(i: number): ParamValue | undefined {
    const v = this.view;
    if (v === undefined || i < 0 || i >= this.nparams) return undefined;
    const info = EVENT_TABLE[this.code]?.params[i];
    if (info === undefined) return undefined;
    try {
      // Decoded where it lies, without a view of its bytes.
      return decodeValueAt(info.type, v.buffer, v.paramOffset(i), v.paramLength(i), info.dynamic);
    } catch {
      // A malformed parameter reads as unknown rather than stopping the pipeline.
      return undefined;
    }
  }

  paramNumber(i: number): number | undefined {
    const v = this.view;
    if (v === undefined || !(i >= 0 && i < this.nparams && i < this.kinds.length)) return undefined;
    try {
      return numberAt(this.kinds[i]!, v.buffer, v.paramOffset(i), v.paramLength(i));
    } catch {
      return undefined;
    }
  }

  paramString(i: number): string | undefined {
    const v = this.view;
    if (v === undefined || i < 0 || i >= this.nparams) return undefined;
    const info = EVENT_TABLE[this.code]?.params[i];
    if (info === undefined) return undefined;
    try {
      return decodeStringAt(info.type, v.buffer, v.paramOffset(i), v.paramLength(i), info.dynamic);
    } catch {
      return undefined;
    }
  }

  rawParam(i: number): Uint8Array | undefined {
    const v = this.view;
    if (v === undefined || i < 0 || i >= this.nparams) return undefined;
    return v.paramBytes(i);
  }

  paramLength(i: number): number {
    const v = this.view;
    if (v === undefined || i < 0 || i >= this.nparams) return 0;
    return v.paramLength(i);
  }
}

/** ParsedEvent over an event given as parameter byte slices (the capture converter's ScapEvent shape). */
export class ParamsEvent implements ParsedEvent {
  code = 0;
  ts = 0n;
  tid = -1;
  private params: readonly Uint8Array[] = [];

  get nparams(): number {
    return this.params.length;
  }

  /** Makes this object describe the given event (tid as the u64 of the header). */
  point(event: { readonly type: number; readonly ts: bigint; readonly tid: bigint; readonly params: readonly Uint8Array[] }): this {
    this.code = event.type;
    this.ts = event.ts;
    this.tid = Number(BigInt.asIntN(64, event.tid));
    this.params = event.params;
    return this;
  }

  param(i: number): ParamValue | undefined {
    const b = this.params[i];
    const info = EVENT_TABLE[this.code]?.params[i];
    if (b === undefined || info === undefined) return undefined;
    try {
      return decodeParam(info, b);
    } catch {
      return undefined;
    }
  }

  rawParam(i: number): Uint8Array | undefined {
    return this.params[i];
  }

  paramLength(i: number): number {
    return this.params[i]?.length ?? 0;
  }
}
