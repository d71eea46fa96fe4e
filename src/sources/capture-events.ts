/**
 * The events of a capture file in the order and form Falco 0.44.1's
 * libraries deliver them: read batch by batch, converted to the current
 * layouts (enter events merged into their exit events), numbered, and
 * marked visible or not to rules.
 *
 * Numbering and visibility follow libsinsp: every event that survives
 * conversion takes the next number (`evt.num`); among them, the meta events
 * read while the capture is being opened (leading container, user, group
 * and async events), the few enter events the converter lets through for
 * the state parser, and events a capture stores as "state only" update the
 * state but never reach rules.
 *
 * Events that need no conversion are read in place (no copy); enter events
 * the converter handles are copied out of the reader's buffer, since it may
 * keep them across batches until their exit event comes.
 */
import { CaptureError } from '../events/capture-error.js';
import { CaptureEventConverter, ConversionError, convertibility, type ScapEvent } from '../events/event-converter.js';
import { INITIAL_STATE_EVENTS, PARSER_ONLY_ENTER_EVENTS } from '../events/event-table.js';
import { EventView } from '../events/event-view.js';
import { openCapture, type CaptureReader, type CaptureReaderOptions, type EventBatch } from '../events/scap-reader.js';
import type { CaptureHeader, CaptureTables } from '../events/scap-records.js';
import type { ParsedEvent } from '../state/parsed-event.js';
import { ViewEvent } from '../state/view-event.js';
import { ScapParsedEvent } from './scap-event-parsed.js';

/** Block flag of events a capture keeps only to rebuild state (SCAP_DF_STATE_ONLY). */
const STATE_ONLY_FLAG = 1;

/** One delivered event. The object is reused: valid until the next call to `next()`. */
export interface DeliveredEvent {
  event: ParsedEvent;
  /** libsinsp's event number (1 for the first delivered event). */
  num: number;
  cpu: number;
  /** Rules see it (else it only updates the state). */
  visible: boolean;
  /** Offset in the (uncompressed) file of the event as stored, for error messages. */
  fileOffset: number;
}

export class CaptureEventStream {
  readonly header: CaptureHeader;
  private readonly reader: CaptureReader;
  private readonly converter = new CaptureEventConverter();
  private readonly view = new EventView();
  private readonly inPlace = new ViewEvent();
  private readonly converted = new ScapParsedEvent();
  private readonly out: DeliveredEvent;
  private batch: EventBatch | null = null;
  private index = 0;
  private delivered = 0;
  /** Still in the run of meta events that opens the capture. */
  private leading = true;
  private ended = false;

  /**
   * Opens the capture and reads its header tables.
   * @throws CaptureError when the file cannot be opened or its header is bad
   */
  constructor(
    readonly path: string,
    /** Called with table blocks found between events (a capture appended to another). */
    private readonly onTables: (tables: CaptureTables) => void = () => undefined,
    options: CaptureReaderOptions = {},
  ) {
    this.reader = openCapture(path, options);
    this.header = this.reader.header;
    this.out = { event: this.inPlace, num: 0, cpu: 0, visible: false, fileOffset: 0 };
  }

  /** Events delivered so far (the last event number). */
  get count(): number {
    return this.delivered;
  }

  /**
   * The next event, or null at the end of the capture.
   * @throws CaptureError for bad data (events before it were all delivered)
   */
  next(): DeliveredEvent | null {
    for (;;) {
      if (this.ended) return null;
      const b = this.batch;
      if (b === null || this.index >= b.count) {
        this.batch = this.reader.next();
        this.index = 0;
        if (this.batch === null) {
          this.ended = true;
          return null;
        }
        const tables = this.batch.tables;
        if (tables !== null) {
          // A new section is another capture appended to this one: libsinsp reopens it
          // (pending enter events are forgotten, its opening meta events are consumed again).
          if (tables.section !== null) {
            this.converter.reset();
            this.leading = true;
          }
          this.onTables(tables);
        }
        continue;
      }
      const i = this.index++;
      const view = this.view.at(b, i);
      const event = this.convert(view, b.fileOffsetOf(i));
      if (event === null) continue;
      const num = ++this.delivered;
      const code = event.code;
      const initial = INITIAL_STATE_EVENTS.has(code);
      const hiddenInitial = this.leading && initial;
      if (!initial) this.leading = false;
      const out = this.out;
      out.event = event;
      out.num = num;
      out.cpu = view.cpu;
      out.fileOffset = b.fileOffsetOf(i);
      out.visible = !hiddenInitial && !PARSER_ONLY_ENTER_EVENTS.has(code) && (view.flags & STATE_ONLY_FLAG) === 0;
      return out;
    }
  }

  close(): void {
    this.ended = true;
    this.reader.close();
  }

  /** The event in its current layout, or null when the converter drops it. */
  private convert(view: EventView, fileOffset: number): ParsedEvent | null {
    const state = convertibility(view.type, view.nparams);
    if (state === 'pass') return this.inPlace.point(view);
    if (state === 'drop') return null;
    // Enter events may be kept by the converter beyond this batch: only they need copies.
    const keep = (view.type & 1) === 0;
    const params: Uint8Array[] = new Array(view.nparams);
    for (let p = 0; p < view.nparams; p++) params[p] = keep ? view.paramBytes(p).slice() : view.paramBytes(p);
    const tid = view.buffer.readBigInt64LE(view.offset + 8);
    const raw: ScapEvent = { type: view.type, ts: view.ts, tid, params };
    let ev: ScapEvent | null;
    try {
      ev = this.converter.convert(raw);
    } catch (e) {
      if (e instanceof ConversionError) {
        throw new CaptureError({
          file: this.path,
          offset: fileOffset,
          what: 'event cannot be converted to the current layout',
          expected: 'an event the converter handles',
          found: e.message,
          compressed: this.reader.compressed,
        });
      }
      throw e;
    }
    return ev === null ? null : this.converted.point(ev);
  }
}
