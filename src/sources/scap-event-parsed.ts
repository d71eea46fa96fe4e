/**
 * ParsedEvent over an event the capture converter rebuilt (a ScapEvent:
 * code, time, thread and parameter byte slices). Events that needed no
 * conversion are read in place through ViewEvent instead; this adapter is
 * for the converted ones, whose parameters live in their own arrays.
 */
import { EVENT_TABLE } from '../events/event-table.js';
import type { ScapEvent } from '../events/event-converter.js';
import { decodeParam, type ParamValue } from '../events/param-decoder.js';
import type { ParsedEvent } from '../state/parsed-event.js';

export class ScapParsedEvent implements ParsedEvent {
  code = 0;
  ts = 0n;
  tid = -1;
  nparams = 0;
  private params: readonly Uint8Array[] = [];

  /** Makes this object describe `ev`. */
  point(ev: ScapEvent): this {
    this.code = ev.type;
    this.ts = ev.ts;
    this.tid = Number(BigInt.asIntN(64, ev.tid));
    this.nparams = ev.params.length;
    this.params = ev.params;
    return this;
  }

  param(i: number): ParamValue | undefined {
    if (i < 0 || i >= this.nparams) return undefined;
    const info = EVENT_TABLE[this.code]?.params[i];
    if (info === undefined) return undefined;
    try {
      return decodeParam(info, this.params[i]!);
    } catch {
      // A malformed parameter reads as unknown, as with events read in place.
      return undefined;
    }
  }

  rawParam(i: number): Uint8Array | undefined {
    return i >= 0 && i < this.nparams ? this.params[i] : undefined;
  }
}
