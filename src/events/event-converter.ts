/**
 * Conversion of events read from old captures to the current event layouts,
 * with the decisions libs 0.25.4 (Falco 0.44.1) makes:
 *
 * - placeholder (unused) codes are dropped;
 * - events the converter does not manage pass if current, old enter events
 *   are dropped;
 * - managed enter events are usually stored per thread and dropped: their
 *   parameters are appended to the matching exit event ("enter merged into
 *   exit"); a few (open, creat, openat, connect, execve...) are also
 *   delivered, libsinsp hides them from rules afterwards;
 * - exit events of an old version, or with fewer parameters than the table,
 *   are rebuilt step by step (see ./table/conversions.ts).
 *
 * Events are handled as code + parameter byte slices; a zero-length slice is
 * an "empty" parameter (unknown value).
 */
import { EVENT_TABLE, EventCode, isEnterCode } from './event-table.js';
import { EventFlags, ParamType } from './event-types.js';
import { CONVERSION_RULES } from './table/conversions.js';
import { decodeCString, readU32 } from './param-decoder.js';

export interface ScapEvent {
  readonly type: number;
  readonly ts: bigint;
  readonly tid: bigint;
  /** Parameter bytes in order; zero-length = empty parameter. */
  readonly params: readonly Uint8Array[];
}

/** What the converter does with an event as it stands. */
export type Convertibility = 'pass' | 'drop' | 'convert';

/** Raised where libscap fails the capture; the message is libscap's. */
export class ConversionError extends Error {}

/** libscap gives up after this many steps on one event. */
export const MAX_CONVERSION_STEPS = 50;

type Instr =
  | { readonly from: 'old' | 'enter'; readonly index: number; readonly orEmpty: boolean }
  | { readonly from: 'default' | 'empty' }
  | { readonly from: 'callback'; readonly name: string; readonly orEmpty: boolean };

interface Rule {
  readonly action: 'store' | 'pass' | 'store+pass' | 'add' | 'to';
  readonly target?: number;
  readonly instrs: readonly Instr[];
}

function parseInstr(s: string): Instr {
  if (s === 'default' || s === 'empty') return { from: s };
  const m = /^(old|enter|callback):([a-z_0-9]+)(\?)?$/.exec(s);
  if (!m) throw new Error(`conversion table: bad instruction '${s}'`);
  if (m[1] === 'callback') return { from: 'callback', name: m[2]!, orEmpty: m[3] === '?' };
  return { from: m[1] as 'old' | 'enter', index: Number(m[2]), orEmpty: m[3] === '?' };
}

function codeOf(symbol: string): number {
  const code = (EventCode as Readonly<Record<string, number>>)[symbol];
  if (code === undefined) throw new Error(`conversion table: unknown event '${symbol}'`);
  return code;
}

function parseRule(spec: string): Rule {
  const to = /^to ([A-Z0-9_]+)(?::\s*(.*))?$/.exec(spec);
  if (to) {
    return { action: 'to', target: codeOf(to[1]!), instrs: (to[2] ?? '').split(/\s+/).filter(Boolean).map(parseInstr) };
  }
  const [action, ...rest] = spec.split(/\s+/);
  if (action !== 'store' && action !== 'pass' && action !== 'store+pass' && action !== 'add') {
    throw new Error(`conversion table: bad action '${spec}'`);
  }
  return { action, instrs: rest.map(parseInstr) };
}

/** Rules keyed by `code * 256 + nparams`. */
const RULES: ReadonlyMap<number, Rule> = new Map(
  Object.entries(CONVERSION_RULES).map(([key, spec]) => {
    const [sym, n] = key.split('/');
    return [codeOf(sym!) * 256 + Number(n), parseRule(spec)] as const;
  }),
);

// What convertibility() answers for a code, precomputed (it runs for every event read).
const KIND_PASS = 0;
const KIND_DROP = 1;
/** Old exit event the converter does not manage: libscap fails the capture. */
const KIND_FAIL = 2;
const KIND_CONVERT = 3;
/** Managed current exit: converted unless it has the table's parameter count. */
const KIND_CHECK_COUNT = 4;

const KINDS: Uint8Array = (() => {
  const kinds = new Uint8Array(EVENT_TABLE.length);
  EVENT_TABLE.forEach((info, type) => {
    const flags = info.flags;
    let k: number;
    if (flags & EventFlags.UNUSED) k = KIND_DROP;
    else if (!(flags & EventFlags.CONVERTER_MANAGED)) k = !(flags & EventFlags.OLD_VERSION) ? KIND_PASS : isEnterCode(type) ? KIND_DROP : KIND_FAIL;
    else if (isEnterCode(type) || flags & EventFlags.OLD_VERSION) k = KIND_CONVERT;
    else k = KIND_CHECK_COUNT;
    kinds[type] = k;
  });
  return kinds;
})();

/** Parameter count of each code in the table. */
const TABLE_NPARAMS: Uint16Array = Uint16Array.from(EVENT_TABLE, (info) => info.params.length);

const STATE_PASS = 0;
const STATE_DROP = 1;
const STATE_CONVERT = 2;
const STATE_NAMES: readonly Convertibility[] = ['pass', 'drop', 'convert'];

/** convertibility() as a number (STATE_*). */
function stateOf(type: number, nparams: number): number {
  if (!(type >= 0 && type < KINDS.length)) return STATE_DROP; // codes from newer captures are skipped by the reader
  switch (KINDS[type]) {
    case KIND_PASS:
      return STATE_PASS;
    case KIND_DROP:
      return STATE_DROP;
    case KIND_FAIL:
      throw new ConversionError(`Bug. Old exit event (type: ${type}) must be flagged as managed by the scap-converter`);
    case KIND_CONVERT:
      return STATE_CONVERT;
    default:
      return nparams !== TABLE_NPARAMS[type] ? STATE_CONVERT : STATE_PASS;
  }
}

/** Whether and how an event must be converted (libscap's eligibility rules). */
export function convertibility(type: number, nparams: number): Convertibility {
  return STATE_NAMES[stateOf(type, nparams)]!;
}

/** What a reader does with an event as read (see CaptureEventConverter.classify). */
export const EventHandling = {
  /** Delivered as read. */
  PASS: 0,
  /** Skipped. */
  DROP: 1,
  /** An enter event stored for its exit and not delivered (CaptureEventConverter.storeLayout). */
  STORE: 2,
  /** Anything else: through CaptureEventConverter.convertRefs. */
  CONVERT: 3,
} as const;
export type EventHandling = (typeof EventHandling)[keyof typeof EventHandling];

/** Zero value a `default` instruction writes for a parameter type. */
export function defaultParamBytes(type: ParamType): Uint8Array {
  const size = fixedSize(type);
  const out = new Uint8Array(size);
  if (type === ParamType.UID || type === ParamType.GID) out.fill(0xff);
  return out;
}

/** Byte size of fixed-size types; 0 for variable-size ones. */
function fixedSize(type: ParamType): number {
  switch (type) {
    case ParamType.INT8: case ParamType.UINT8: case ParamType.FLAGS8: case ParamType.ENUMFLAGS8: case ParamType.SIGTYPE:
      return 1;
    case ParamType.INT16: case ParamType.UINT16: case ParamType.FLAGS16: case ParamType.ENUMFLAGS16:
    case ParamType.SYSCALLID: case ParamType.PORT:
      return 2;
    case ParamType.INT32: case ParamType.UINT32: case ParamType.FLAGS32: case ParamType.ENUMFLAGS32:
    case ParamType.UID: case ParamType.GID: case ParamType.MODE: case ParamType.SIGSET: case ParamType.FD32:
    case ParamType.PID32: case ParamType.IPV4ADDR:
      return 4;
    case ParamType.INT64: case ParamType.UINT64: case ParamType.RELTIME: case ParamType.ABSTIME:
    case ParamType.ERRNO: case ParamType.FD: case ParamType.PID:
      return 8;
    case ParamType.IPV6ADDR:
      return 16;
    default:
      return 0;
  }
}

/** Longest value a parameter of this type may hold (copies are cut to it). */
function maxParamLength(type: ParamType, largePayload: boolean): number {
  return fixedSize(type) || (largePayload ? 0xffffffff : 0xffff);
}

function eventLabel(type: number): string {
  return `${EVENT_TABLE[type]?.name ?? 'unknown'}_${isEnterCode(type) ? 'E' : 'X'}`;
}

/** The old container event (id, type, name, image) rewritten as the JSON its successor carries. */
function containerJson(old: ScapEvent): Uint8Array {
  const str = (i: number): string => {
    const b = old.params[i];
    if (!b || b.length === 0) throw new Error('missing');
    return decodeCString(b);
  };
  const tyBytes = old.params[1];
  if (!tyBytes || tyBytes.length !== 4) throw new Error('missing');
  const json = `{"id":"${str(0)}","type":${readU32(tyBytes, 0)},"name":"${str(2)}","image":"${str(3)}"}`;
  const enc = new TextEncoder().encode(json);
  const out = new Uint8Array(enc.length + 1);
  out.set(enc);
  return out;
}

const CALLBACKS: Readonly<Record<string, (old: ScapEvent) => Uint8Array>> = {
  container_json: containerJson,
};

const EMPTY = new Uint8Array(0);

/**
 * An event's code and parameters as references (bytes, offset, length) into
 * buffers owned elsewhere: the reader's batch, a stored enter event's copy,
 * or shared constants. Conversion rearranges references instead of bytes.
 * The bytes referenced are read-only for everyone.
 */
export class ParamRefs {
  type = 0;
  count = 0;
  bufs: Uint8Array[] = [];
  offs: number[] = [];
  lens: number[] = [];

  /** Sets reference i (i <= count; the arrays grow by one at most). */
  set(i: number, buf: Uint8Array, off: number, len: number): void {
    if (i < this.bufs.length) {
      this.bufs[i] = buf;
      this.offs[i] = off;
      this.lens[i] = len;
    } else {
      this.bufs.push(buf);
      this.offs.push(off);
      this.lens.push(len);
    }
  }

  /** Parameter i's bytes (a view). */
  bytes(i: number): Uint8Array {
    const off = this.offs[i]!;
    return this.bufs[i]!.subarray(off, off + this.lens[i]!);
  }

  /** Every parameter's bytes (views). */
  toArray(): Uint8Array[] {
    const out = new Array<Uint8Array>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.bytes(i);
    return out;
  }

  /**
   * Makes this describe an event in scap layout: `n` parameter lengths of
   * `lenSize` bytes (2, or 4 for large payloads) at `lenOff` in `buf`, the
   * parameters' data right after them.
   */
  setFromLayout(type: number, buf: Uint8Array, lenOff: number, lenSize: number, n: number): void {
    let lp = lenOff;
    let dp = lp + n * lenSize;
    if (lenSize === 2) {
      for (let i = 0; i < n; i++, lp += 2) {
        const len = buf[lp]! | (buf[lp + 1]! << 8);
        this.set(i, buf, dp, len);
        dp += len;
      }
    } else {
      for (let i = 0; i < n; i++, lp += 4) {
        const len = (buf[lp]! | (buf[lp + 1]! << 8) | (buf[lp + 2]! << 16)) + buf[lp + 3]! * 0x1000000;
        this.set(i, buf, dp, len);
        dp += len;
      }
    }
    this.type = type;
    this.count = n;
  }

  /** Makes this describe the same event as `o`. */
  copyFrom(o: ParamRefs): void {
    this.type = o.type;
    this.count = o.count;
    for (let i = 0; i < o.count; i++) this.set(i, o.bufs[i]!, o.offs[i]!, o.lens[i]!);
  }
}

/** A stored enter event: references, plus its own copy of the bytes once detached from the reader. */
class StoredEnter extends ParamRefs {
  /** Holds an enter event not used yet (slots stay in the map once used: see store()). */
  live = false;
  own: Buffer | null = null;
  /** References point into a buffer the reader will reuse (see detach()). */
  attached = false;

  /** Copies the referenced bytes into the slot's own buffer. */
  detach(): void {
    let total = 0;
    for (let i = 0; i < this.count; i++) total += this.lens[i]!;
    let own = this.own;
    let selfRef = false;
    for (let i = 0; i < this.count; i++) if (this.bufs[i] === own) selfRef = true;
    if (own === null || own.length < total || selfRef) {
      own = Buffer.allocUnsafe(Math.max(total, 256));
      this.own = own;
    }
    let pos = 0;
    for (let i = 0; i < this.count; i++) {
      const len = this.lens[i]!;
      const off = this.offs[i]!;
      own.set(this.bufs[i]!.subarray(off, off + len), pos);
      this.bufs[i] = own;
      this.offs[i] = pos;
      pos += len;
    }
    this.attached = false;
  }
}

// Instruction kinds and actions of a compiled rule.
const FROM_OLD = 0;
const FROM_ENTER = 1;
const FROM_DEFAULT = 2;
const FROM_EMPTY = 3;
const FROM_CALLBACK = 4;
const ACT_STORE = 0;
const ACT_PASS = 1;
const ACT_STORE_PASS = 2;
const ACT_ADD = 3;
const ACT_TO = 4;

interface CompiledInstr {
  readonly from: number;
  readonly index: number;
  readonly orEmpty: boolean;
  /** Type of the parameter written (BYTEBUF past the target's layout). */
  readonly ptype: ParamType;
  readonly maxLen: number;
  /** `default` bytes of `ptype`, shared (read-only). */
  readonly dflt: Uint8Array;
  readonly callback: ((old: ScapEvent) => Uint8Array) | undefined;
  readonly callbackName: string;
}

interface CompiledRule {
  readonly action: number;
  /** Code of the result. */
  readonly type: number;
  readonly instrs: readonly CompiledInstr[];
  /** stateOf() the result (its parameter count is fixed by the rule), -1: ask at run time. */
  readonly resultState: number;
}

const DEFAULTS_BY_TYPE = new Map<ParamType, Uint8Array>();
function sharedDefault(type: ParamType): Uint8Array {
  let d = DEFAULTS_BY_TYPE.get(type);
  if (d === undefined) {
    d = defaultParamBytes(type);
    DEFAULTS_BY_TYPE.set(type, d);
  }
  return d;
}

function compileRule(code: number, nparams: number, rule: Rule): CompiledRule {
  const action = { store: ACT_STORE, pass: ACT_PASS, 'store+pass': ACT_STORE_PASS, add: ACT_ADD, to: ACT_TO }[rule.action];
  const type = rule.action === 'to' ? rule.target! : code;
  const target = EVENT_TABLE[type]!;
  const large = (target.flags & EventFlags.LARGE_PAYLOAD) !== 0;
  const base = rule.action === 'add' ? nparams : 0;
  const instrs = rule.instrs.map((instr, i): CompiledInstr => {
    const ptype = target.params[base + i]?.type ?? ParamType.BYTEBUF;
    const common = { ptype, maxLen: maxParamLength(ptype, large), dflt: sharedDefault(ptype) };
    switch (instr.from) {
      case 'old':
      case 'enter':
        return { ...common, from: instr.from === 'old' ? FROM_OLD : FROM_ENTER, index: instr.index, orEmpty: instr.orEmpty, callback: undefined, callbackName: '' };
      case 'default':
      case 'empty':
        return { ...common, from: instr.from === 'default' ? FROM_DEFAULT : FROM_EMPTY, index: 0, orEmpty: false, callback: undefined, callbackName: '' };
      case 'callback':
        return { ...common, from: FROM_CALLBACK, index: 0, orEmpty: instr.orEmpty, callback: CALLBACKS[instr.name], callbackName: instr.name };
    }
  });
  let resultState = -1;
  if (rule.action === 'add' || rule.action === 'to') {
    try {
      resultState = stateOf(type, base + instrs.length);
    } catch {
      resultState = -1; // libscap's failure, raised when an event gets there
    }
  }
  return { action, type, instrs, resultState };
}

/** Compiled rules by code, then by parameter count. */
const COMPILED: readonly (readonly (CompiledRule | undefined)[] | undefined)[] = (() => {
  // Dense arrays (no holes): sparse ones fall back to slow dictionary lookups.
  const byCode: ((CompiledRule | undefined)[] | undefined)[] = new Array(EVENT_TABLE.length).fill(undefined);
  for (const [key, rule] of RULES) {
    const code = Math.floor(key / 256);
    const n = key % 256;
    let list = byCode[code];
    if (list === undefined) {
      list = [];
      byCode[code] = list;
    }
    while (list.length <= n) list.push(undefined);
    list[n] = compileRule(code, n, rule);
  }
  return byCode;
})();

function ruleFor(type: number, nparams: number): CompiledRule | undefined {
  return COMPILED[type]?.[nparams];
}

/** Thread ids as map keys (exact for every tid below 2^53, i.e. any real one). */
function tidKey(tid: bigint): number {
  return Number(BigInt.asIntN(64, tid));
}

/** Slots of used-up enter events are swept out of the map when it grows past this (and twice the live ones). */
const SWEEP_AT_LEAST = 1024;

/**
 * Stateful converter for one capture: it remembers the last stored enter
 * event of each thread. Feed every event in file order.
 *
 * Two ways in: `convert()` takes and returns whole ScapEvents (parameter
 * byte arrays the caller owns); `convertRefs()` works on references, for a
 * reader that hands out views into a reused buffer — enter events it stores
 * keep pointing there until the reader calls `detach()`, before it reuses
 * the buffer.
 */
export class CaptureEventConverter {
  /**
   * The stored enter event of each thread. A slot that was used stays (not
   * live) for the thread's next enter event: deleting and re-adding a key
   * per event pair costs more than the lookup (the map shrinks and regrows).
   */
  private readonly enterByTid = new Map<number, StoredEnter>();
  private sweepAt = SWEEP_AT_LEAST;
  /** The slot slotFor() returned last (its map entry stays while it is cached: sweep() forgets it). */
  private lastTid = Number.NaN;
  private lastSlot: StoredEnter | undefined = undefined;
  private readonly attachedSlots: StoredEnter[] = [];
  private readonly outA = new ParamRefs();
  private readonly outB = new ParamRefs();
  private readonly scapIn = new ParamRefs();

  /**
   * The event as Falco's libraries deliver it (current layout), or null when
   * it is dropped (stored enter events, unused codes). Throws
   * ConversionError where libscap would fail the capture.
   */
  convert(event: ScapEvent): ScapEvent | null {
    const input = this.scapIn;
    input.type = event.type;
    input.count = event.params.length;
    for (let i = 0; i < input.count; i++) {
      const p = event.params[i]!;
      input.set(i, p, 0, p.length);
    }
    const out = this.convertRefs(input, tidKey(event.tid), true);
    if (out === null) return null;
    if (out === input && out.type === event.type && out.count === event.params.length) return event;
    return { type: out.type, ts: event.ts, tid: event.tid, params: out.toArray() };
  }

  /**
   * convert() on references: returns `input` itself when the event passes
   * unchanged or only gained parameters (then appended to `input`), the
   * converter's own (reused) result otherwise, or null when the event is
   * dropped. The result is valid until the next call. `owned` says whether
   * the input's bytes stay valid (else stored enter events wait for
   * `detach()`).
   */
  convertRefs(input: ParamRefs, tid: number, owned = false): ParamRefs | null {
    let state = stateOf(input.type, input.count);
    if (state === STATE_PASS) return input;
    if (state === STATE_DROP) return null;
    let cur = input;
    let steps = 0;
    while (state === STATE_CONVERT) {
      if (steps === MAX_CONVERSION_STEPS) {
        throw new ConversionError(
          `Reached '${MAX_CONVERSION_STEPS}' conversions with event (type: ${cur.type}, nparams: ${cur.count}) without reaching an end.`,
        );
      }
      const rule = ruleFor(cur.type, cur.count);
      if (rule === undefined) {
        throw new ConversionError(
          `Required conversion for event (type: ${cur.type}, nparams: ${cur.count}), but we don't handle it in the table.`,
        );
      }
      steps++;
      switch (rule.action) {
        case ACT_STORE:
          this.store(tid, cur, owned);
          return null;
        case ACT_PASS:
          return cur;
        case ACT_STORE_PASS:
          this.store(tid, cur, owned);
          return cur;
        default:
          break;
      }
      // Appending needs no second copy: the parameters already there stay where they are.
      const out = rule.action === ACT_ADD ? cur : cur === this.outA ? this.outB : this.outA;
      cur = this.rebuild(rule, cur, tid, out);
      state = rule.resultState >= 0 ? rule.resultState : stateOf(cur.type, cur.count);
    }
    return state === STATE_PASS ? cur : null;
  }

  /**
   * How an event of this code and parameter count is handled, for readers
   * that take the common cases (pass, store) without building references.
   * Throws ConversionError like convertRefs for events libscap rejects.
   */
  classify(type: number, nparams: number): EventHandling {
    const state = stateOf(type, nparams);
    if (state === STATE_PASS) return EventHandling.PASS;
    if (state === STATE_DROP) return EventHandling.DROP;
    return ruleFor(type, nparams)?.action === ACT_STORE ? EventHandling.STORE : EventHandling.CONVERT;
  }

  /**
   * Stores an enter event given in scap layout (see ParamRefs.setFromLayout)
   * in a buffer the reader will reuse: what convertRefs does with an event
   * classify() answers STORE for, without building its references twice.
   */
  storeLayout(tid: number, type: number, buf: Uint8Array, lenOff: number, lenSize: number, nparams: number): void {
    const slot = this.slotFor(tid);
    slot.setFromLayout(type, buf, lenOff, lenSize, nparams);
    slot.live = true;
    this.attach(slot);
  }

  /**
   * Copies the stored enter events that still point into the reader's
   * buffer; call before the reader reuses it.
   */
  detach(): void {
    const list = this.attachedSlots;
    for (let i = 0; i < list.length; i++) {
      const slot = list[i]!;
      if (slot.attached) slot.detach();
    }
    list.length = 0;
  }

  /** Forgets stored enter events (e.g. when a capture is reopened). */
  reset(): void {
    this.lastTid = Number.NaN;
    this.lastSlot = undefined;
    this.enterByTid.clear();
    this.attachedSlots.length = 0;
  }

  private slotFor(tid: number): StoredEnter {
    if (tid === this.lastTid && this.lastSlot !== undefined) return this.lastSlot;
    let slot = this.enterByTid.get(tid);
    if (slot === undefined) {
      if (this.enterByTid.size >= this.sweepAt) this.sweep();
      slot = new StoredEnter();
      this.enterByTid.set(tid, slot);
    }
    this.lastTid = tid;
    this.lastSlot = slot;
    return slot;
  }

  /** Marks a slot as pointing into the reader's buffer (copied by detach()). */
  private attach(slot: StoredEnter): void {
    if (slot.attached) return;
    slot.attached = true;
    this.attachedSlots.push(slot);
  }

  private store(tid: number, ev: ParamRefs, owned: boolean): void {
    const slot = this.slotFor(tid);
    slot.copyFrom(ev);
    slot.live = true;
    if (owned) slot.attached = false;
    else this.attach(slot);
  }

  /** The thread's stored enter event, if it has one not used yet. */
  private enterOf(tid: number): StoredEnter | undefined {
    // An exit usually follows its enter closely: the last slot stored is the likely one.
    const slot = tid === this.lastTid ? this.lastSlot : this.enterByTid.get(tid);
    return slot !== undefined && slot.live ? slot : undefined;
  }

  private release(slot: StoredEnter): void {
    slot.live = false;
    // Used up: nothing to copy any more (detach() skips it).
    slot.attached = false;
  }

  /** Drops the slots of threads whose enter events were all used (threads come and go). */
  private sweep(): void {
    this.lastTid = Number.NaN;
    this.lastSlot = undefined;
    let live = 0;
    for (const [tid, slot] of this.enterByTid) {
      if (slot.live) live++;
      else this.enterByTid.delete(tid);
    }
    this.sweepAt = Math.max(SWEEP_AT_LEAST, 2 * live);
  }

  /** One add/to step of `ev` into `out` (`ev` itself for add: parameters are appended). */
  private rebuild(rule: CompiledRule, ev: ParamRefs, tid: number, out: ParamRefs): ParamRefs {
    const evCount = ev.count;
    let n = 0;
    if (rule.action === ACT_ADD) {
      n = evCount;
      if (out !== ev) for (let i = 0; i < n; i++) out.set(i, ev.bufs[i]!, ev.offs[i]!, ev.lens[i]!);
    }
    let used: StoredEnter | undefined;
    /** The thread's stored enter event, looked up at the first `enter:` instruction (null: not yet). */
    let enter: StoredEnter | undefined | null = null;
    const instrs = rule.instrs;
    for (let k = 0; k < instrs.length; k++, n++) {
      const instr = instrs[k]!;
      switch (instr.from) {
        case FROM_EMPTY:
          out.set(n, EMPTY, 0, 0);
          break;
        case FROM_DEFAULT:
          out.set(n, instr.dflt, 0, instr.dflt.length);
          break;
        case FROM_CALLBACK: {
          const fn = instr.callback;
          if (fn === undefined) throw new ConversionError(`no conversion callback '${instr.callbackName}'`);
          let bytes: Uint8Array;
          try {
            bytes = fn({ type: ev.type, ts: 0n, tid: BigInt(tid), params: ev.toArray().slice(0, evCount) });
          } catch {
            bytes = instr.orEmpty ? EMPTY : instr.dflt;
          }
          out.set(n, bytes, 0, bytes.length);
          break;
        }
        case FROM_OLD: {
          const i = instr.index;
          if (i >= evCount) {
            throw new ConversionError(
              `We want to take parameter '${i}' from old event '${ev.type}' but this event has only '${evCount}' parameters!`,
            );
          }
          out.set(n, ev.bufs[i]!, ev.offs[i]!, Math.min(ev.lens[i]!, instr.maxLen));
          break;
        }
        default: {
          if (enter === null) enter = this.enterOf(tid);
          if (enter === undefined) {
            // no enter event (not captured, or this exit was itself converted from an older one)
            if (instr.orEmpty) out.set(n, EMPTY, 0, 0);
            else out.set(n, instr.dflt, 0, instr.dflt.length);
            break;
          }
          if (enter.type !== ev.type - 1) {
            throw new ConversionError(
              `The enter event for '${eventLabel(ev.type)}' is not the right one! Event found '${eventLabel(enter.type)}'.`,
            );
          }
          const i = instr.index;
          if (i >= enter.count) {
            throw new ConversionError(
              `We want to take parameter '${i}' from enter event '${enter.type}' but this event has only '${enter.count}' parameters!`,
            );
          }
          used = enter;
          out.set(n, enter.bufs[i]!, enter.offs[i]!, Math.min(enter.lens[i]!, instr.maxLen));
          break;
        }
      }
    }
    out.type = rule.type;
    out.count = n;
    if (used !== undefined) this.release(used);
    return out;
  }
}

/** One enter parameter copied into an exit parameter when an old capture is converted. */
export interface MergedEnterParam {
  /** The enter event the value is taken from (the code found in old captures). */
  readonly enterCode: number;
  readonly enterIndex: number;
  /** Position in the (current) exit event. */
  readonly exitIndex: number;
}

const MERGES: ReadonlyMap<number, readonly MergedEnterParam[]> = (() => {
  const m = new Map<number, MergedEnterParam[]>();
  for (const [key, rule] of RULES) {
    if (rule.action !== 'add' && rule.action !== 'to') continue;
    const code = Math.floor(key / 256);
    const nparams = key % 256;
    if (isEnterCode(code)) continue;
    const exitCode = rule.action === 'to' ? rule.target! : code;
    const base = rule.action === 'add' ? nparams : 0;
    rule.instrs.forEach((instr, i) => {
      if (instr.from !== 'enter') return;
      const list = m.get(exitCode) ?? [];
      const entry = { enterCode: code - 1, enterIndex: instr.index, exitIndex: base + i };
      if (!list.some((e) => e.enterCode === entry.enterCode && e.exitIndex === entry.exitIndex)) list.push(entry);
      m.set(exitCode, list);
    });
  }
  return m;
})();

/**
 * Which enter parameters end up in which parameters of a current exit event
 * (e.g. read: enter fd/size -> exit params 2/3), as the converter merges them.
 * Empty for exit events that already carry everything.
 */
export function mergedEnterParams(exitCode: number): readonly MergedEnterParam[] {
  return MERGES.get(exitCode) ?? [];
}

/**
 * Pairs of (enter index, exit index) of parameters with the same name in an
 * enter event and an exit event: how a current enter event's values map onto
 * the exit event that now carries them.
 */
export function paramsSharedByName(enterCode: number, exitCode: number): readonly (readonly [number, number])[] {
  const enter = EVENT_TABLE[enterCode];
  const exit = EVENT_TABLE[exitCode];
  if (!enter || !exit) return [];
  const out: (readonly [number, number])[] = [];
  enter.params.forEach((p, i) => {
    const j = exit.params.findIndex((q) => q.name === p.name);
    if (j >= 0) out.push([i, j] as const);
  });
  return out;
}
