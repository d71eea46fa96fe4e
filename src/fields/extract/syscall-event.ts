/**
 * The per-event context that compiled conditions and output templates read
 * syscall fields from: the decoded event, its number as Falco numbers it,
 * the thread and the fd the event refers to after the state update, the
 * whole system state, and facts about the run (first event time, host name).
 *
 * One SyscallEvent is reused for every event of a run: a source calls
 * `begin()` for each event, fills in what the state update found, then hands
 * it to the ruleset. Field values are cached per event (see `cached`), so a
 * field read by several rules and by the output is extracted once.
 */
import { EVENT_TABLE } from '../../events/event-table.js';
import type { EventInfo } from '../../events/event-types.js';
import type { FdInfo } from '../../state/fd-info.js';
import type { ParamValue, ParsedEvent } from '../../state/parsed-event.js';
import type { StateEngine } from '../../state/system-state.js';
import type { ThreadInfo } from '../../state/thread-info.js';
import type { FieldValue } from '../value.js';
import { ParamTextStorage } from './param-text-storage.js';

/**
 * The system state field extractors read (threads, fds, users, containers,
 * interfaces), as the state layer keeps it. Extractors never change it.
 */
export type SyscallState = StateEngine;

/** Facts about the run rather than the event (libsinsp's inspector-wide values). */
export interface RunInfo {
  /** Event source name (`evt.source`). */
  readonly source: string;
  /** `evt.hostname`: FALCO_HOSTNAME, else the machine's host name. */
  readonly hostname: string;
  /** Buffers in `evt.arg`/`evt.args` as base64 (`buffer_format_base64`). */
  readonly bufferFormatBase64: boolean;
  /**
   * Timestamp of the first event that is not a meta event (libsinsp's
   * first-event time, the origin of `evt.reltime`); 0 until one was seen.
   */
  firstEventTs: bigint;
}

const EMPTY_PARAMS: readonly Uint8Array[] = [];

/** Parameters decoded once per event (events have fewer; later ones are decoded on each read). */
const PARAM_CACHE_SIZE = 32;

/** Values derived from an event that more than one extractor reads (see SyscallEvent.derived). */
export const enum DerivedSlot {
  /** The fd name the event itself implies (fd-name.ts `fdNameFromEvent(ev, false)`). */
  EventFdName = 0,
  Count = 1,
}

/** What a SyscallEvent describes before its first `begin()`. */
const NO_EVENT: ParsedEvent = {
  code: 0,
  ts: 0n,
  tid: -1,
  nparams: 0,
  param: () => undefined,
  rawParam: () => undefined,
};

/**
 * The event as the state layer's ParsedEvent helpers read it, with its
 * parameters decoded once per event (SyscallEvent.param).
 */
class DecodedView implements ParsedEvent {
  constructor(private readonly owner: SyscallEvent) {}

  get code(): number {
    return this.owner.event.code;
  }

  get ts(): bigint {
    return this.owner.event.ts;
  }

  get tid(): number {
    return this.owner.event.tid;
  }

  get nparams(): number {
    return this.owner.event.nparams;
  }

  param(i: number): ParamValue | undefined {
    return this.owner.param(i);
  }

  rawParam(i: number): Uint8Array | undefined {
    return this.owner.event.rawParam(i);
  }

  paramLength(i: number): number {
    const e = this.owner.event;
    return e.paramLength !== undefined ? e.paramLength(i) : (e.rawParam(i)?.length ?? 0);
  }
}

export class SyscallEvent {
  /** The event as decoded (current layout, enter parameters merged). */
  event: ParsedEvent;
  /** Its row in the event table. */
  info: EventInfo;
  /** Timestamp, nanoseconds since the epoch (read once per event). */
  ts = 0n;
  /** CPU the event was captured on. */
  cpu = 0;
  /**
   * `evt.num`: the event's position among the events libsinsp delivers
   * (after conversion; enter events merged away do not count).
   */
  num = 0;
  /** The thread that made the call, after the state update (undefined: unknown). */
  thread: ThreadInfo | undefined = undefined;
  /** The fd the event operates on or created (-1: none). */
  fdNum = -1;
  /** The state's entry for that fd, when the state knows it. */
  fd: FdInfo | undefined = undefined;
  /**
   * Increases with every `begin()`: tells cached values of this event from
   * those of earlier events. Never 0 once an event began.
   */
  serial = 0;
  /** The event for ParsedEvent helpers, with parameters decoded once per event. */
  readonly decoded: ParsedEvent = new DecodedView(this);
  /** libsinsp's run-long parameter text buffer (see ./param-text-storage.ts). */
  readonly paramText = new ParamTextStorage();

  private paramCache: readonly Uint8Array[] | undefined = undefined;
  /** Decoded parameters of this event (see `param`): the serial they belong to, and the values. */
  private readonly paramStamps = new Float64Array(PARAM_CACHE_SIZE).fill(-1);
  private readonly paramValues: Array<ParamValue | undefined> = new Array<ParamValue | undefined>(PARAM_CACHE_SIZE).fill(undefined);
  /** Values several extractors derive from the event (see `derived`). */
  private readonly derivedStamps = new Float64Array(DerivedSlot.Count).fill(-1);
  private readonly derivedValues: unknown[] = new Array<unknown>(DerivedSlot.Count).fill(undefined);
  /** Per slot: the serial of the event its value belongs to (0: none). Grown densely, never sparse. */
  private cacheStamps = new Float64Array(64);
  private readonly cacheValues: FieldValue[] = Array.from({ length: 64 }, () => undefined);

  constructor(
    readonly state: SyscallState,
    readonly run: RunInfo,
    event: ParsedEvent = NO_EVENT,
  ) {
    this.event = event;
    this.info = EVENT_TABLE[event.code] ?? EVENT_TABLE[0]!;
    this.ts = event.ts;
  }

  /**
   * Makes this object describe a new event. The thread and fd are reset:
   * the caller sets them from the state update.
   */
  begin(event: ParsedEvent, num: number, cpu: number): this {
    this.event = event;
    this.info = EVENT_TABLE[event.code] ?? EVENT_TABLE[0]!;
    this.ts = event.ts;
    this.num = num;
    this.cpu = cpu;
    this.thread = undefined;
    this.fdNum = -1;
    this.fd = undefined;
    this.paramCache = undefined;
    this.serial++;
    return this;
  }

  /**
   * Takes the event's thread and fd from the state, after the state
   * processed the event (what libsinsp's event object points at then).
   */
  attachState(): this {
    const t = this.state.thread;
    this.thread = t;
    this.fd = this.state.fd;
    this.fdNum = t === undefined ? -1 : t.lastEventFd;
    return this;
  }

  /** Event code (EventCode). */
  get code(): number {
    return this.event.code;
  }

  get tid(): number {
    return this.event.tid;
  }

  /** Every parameter's bytes, zero-length for empty ones (built once per event). */
  params(): readonly Uint8Array[] {
    if (this.paramCache !== undefined) return this.paramCache;
    const ev = this.event;
    const n = ev.nparams;
    if (n === 0) {
      this.paramCache = EMPTY_PARAMS;
      return EMPTY_PARAMS;
    }
    const out = new Array<Uint8Array>(n);
    for (let i = 0; i < n; i++) out[i] = ev.rawParam(i) ?? new Uint8Array(0);
    this.paramCache = out;
    return out;
  }

  /**
   * `event.param(i)`, decoded once per event: several fields read the same
   * parameter (the open flags: evt.is_open_read, evt.is_open_write,
   * evt.arg.flags).
   */
  param(i: number): ParamValue | undefined {
    if (i >= PARAM_CACHE_SIZE) return this.event.param(i);
    if (this.paramStamps[i] === this.serial) return this.paramValues[i];
    const v = this.event.param(i);
    this.paramStamps[i] = this.serial;
    this.paramValues[i] = v;
    return v;
  }

  /** A value derived from the event that several extractors need, computed once per event. */
  derived<T>(slot: DerivedSlot, compute: (ev: SyscallEvent) => T): T {
    if (this.derivedStamps[slot] === this.serial) return this.derivedValues[slot] as T;
    const v = compute(this);
    this.derivedStamps[slot] = this.serial;
    this.derivedValues[slot] = v;
    return v;
  }

  /** Index of the first parameter with this name in the event's layout, or -1. */
  paramIndex(name: string): number {
    const params = this.info.params;
    const n = Math.min(params.length, this.event.nparams);
    for (let i = 0; i < n; i++) if (params[i]!.name === name) return i;
    return -1;
  }

  /**
   * The value of cache slot `slot` for this event, computing it with
   * `compute` the first time. Slots are handed out by the extractor registry.
   */
  cached(slot: number, compute: (ev: SyscallEvent) => FieldValue): FieldValue {
    if (slot < this.cacheStamps.length) {
      if (this.cacheStamps[slot] === this.serial) return this.cacheValues[slot];
    } else {
      this.growCache(slot);
    }
    const v = compute(this);
    this.cacheStamps[slot] = this.serial;
    this.cacheValues[slot] = v;
    return v;
  }

  private growCache(slot: number): void {
    const stamps = new Float64Array(Math.max(slot + 1, this.cacheStamps.length * 2));
    stamps.set(this.cacheStamps);
    this.cacheStamps = stamps;
    while (this.cacheValues.length < stamps.length) this.cacheValues.push(undefined);
  }
}
