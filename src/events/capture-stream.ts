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
 * Nothing is copied or allocated per event: events that need no conversion
 * are read in place, converted ones are parameter references into the
 * reader's buffer (and into stored enter events), and an enter event kept
 * for its exit is copied out only when the reader is about to reuse its
 * buffer while the exit is still to come.
 */
import { CaptureError } from './capture-error.js';
import { CaptureEvent, tidAt } from './capture-event.js';
import { CaptureEventConverter, ConversionError, EventHandling } from './event-converter.js';
import { EVENT_CODE_COUNT, INITIAL_STATE_EVENTS, PARSER_ONLY_ENTER_EVENTS } from './event-table.js';
import { EventView } from './event-view.js';
import { openCapture, type CaptureReader, type CaptureReaderOptions, type EventBatch } from './scap-reader.js';
import type { CaptureHeader, CaptureTables } from './scap-records.js';

/** Block flag of events a capture keeps only to rebuild state (SCAP_DF_STATE_ONLY). */
const STATE_ONLY_FLAG = 1;

// Per-code bits, looked up once per event instead of two set lookups.
const INITIAL = 1;
const PARSER_ONLY = 2;
const CODE_BITS: Uint8Array = (() => {
  const bits = new Uint8Array(EVENT_CODE_COUNT);
  for (const c of INITIAL_STATE_EVENTS) bits[c]! |= INITIAL;
  for (const c of PARSER_ONLY_ENTER_EVENTS) bits[c]! |= PARSER_ONLY;
  return bits;
})();

/** One delivered event. The object is reused: valid until the next call to `next()`. */
export interface DeliveredEvent {
  event: CaptureEvent;
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
  private readonly event = new CaptureEvent();
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
    this.out = { event: this.event, num: 0, cpu: 0, visible: false, fileOffset: 0 };
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
        // Stored enter events still pointing into the batch's buffer are copied before the reader reuses it.
        this.converter.detach();
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
      const event = this.convert(view, b, i);
      if (event === null) continue;
      const code = event.code;
      const bits = code < CODE_BITS.length ? CODE_BITS[code]! : 0;
      const initial = (bits & INITIAL) !== 0;
      const hiddenInitial = this.leading && initial;
      if (!initial) this.leading = false;
      const out = this.out;
      out.num = ++this.delivered;
      out.cpu = view.cpu;
      out.fileOffset = b.fileOffsetOf(i);
      out.visible = !hiddenInitial && (bits & PARSER_ONLY) === 0 && (view.flags & STATE_ONLY_FLAG) === 0;
      return out;
    }
  }

  close(): void {
    this.ended = true;
    this.reader.close();
  }

  /** The event in its current layout, or null when the converter drops it. */
  private convert(view: EventView, b: EventBatch, i: number): CaptureEvent | null {
    const type = view.type;
    const nparams = view.nparams;
    const conv = this.converter;
    try {
      const handling = conv.classify(type, nparams);
      if (handling === EventHandling.PASS) return this.event.pointView(view);
      if (handling === EventHandling.DROP) return null;
      if (handling === EventHandling.STORE) {
        // The common enter event: kept for its exit where it lies, not delivered.
        conv.storeLayout(tidAt(view.buffer, view.offset), type, view.buffer, view.offset + view.headerSize, view.lengthSize, nparams);
        return null;
      }
      const event = this.event.pointView(view);
      const refs = conv.convertRefs(event.paramRefs(), event.tid);
      return refs === null ? null : event.converted(refs);
    } catch (e) {
      if (e instanceof ConversionError) {
        throw new CaptureError({
          file: this.path,
          offset: b.fileOffsetOf(i),
          what: 'event cannot be converted to the current layout',
          expected: 'an event the converter handles',
          found: e.message,
          compressed: this.reader.compressed,
        });
      }
      throw e;
    }
  }
}
