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

function ruleFor(type: number, nparams: number): Rule | undefined {
  return nparams < 256 ? RULES.get(type * 256 + nparams) : undefined;
}

/** Whether and how an event must be converted (libscap's eligibility rules). */
export function convertibility(type: number, nparams: number): Convertibility {
  const info = EVENT_TABLE[type];
  if (!info) return 'drop'; // codes from newer captures are skipped by the reader
  const flags = info.flags;
  if (flags & EventFlags.UNUSED) return 'drop';
  if (!(flags & EventFlags.CONVERTER_MANAGED)) {
    if (!(flags & EventFlags.OLD_VERSION)) return 'pass';
    if (isEnterCode(type)) return 'drop';
    throw new ConversionError(`Bug. Old exit event (type: ${type}) must be flagged as managed by the scap-converter`);
  }
  if (isEnterCode(type)) return 'convert';
  if (flags & EventFlags.OLD_VERSION || nparams !== info.params.length) return 'convert';
  return 'pass';
}

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
 * Stateful converter for one capture: it remembers the last stored enter
 * event of each thread. Feed every event in file order.
 */
export class CaptureEventConverter {
  private readonly enterByTid = new Map<bigint, ScapEvent>();

  /**
   * The event as Falco's libraries deliver it (current layout), or null when
   * it is dropped (stored enter events, unused codes). Throws
   * ConversionError where libscap would fail the capture.
   */
  convert(event: ScapEvent): ScapEvent | null {
    let state = convertibility(event.type, event.params.length);
    if (state === 'pass') return event;
    if (state === 'drop') return null;
    let cur = event;
    let steps = 0;
    while (state === 'convert') {
      if (steps === MAX_CONVERSION_STEPS) {
        throw new ConversionError(
          `Reached '${MAX_CONVERSION_STEPS}' conversions with event (type: ${cur.type}, nparams: ${cur.params.length}) without reaching an end.`,
        );
      }
      const step = this.step(cur);
      steps++;
      if (step === null) return null;
      cur = step.event;
      state = step.state;
    }
    return state === 'pass' ? cur : null;
  }

  /** Forgets stored enter events (e.g. when a capture is reopened). */
  reset(): void {
    this.enterByTid.clear();
  }

  private step(ev: ScapEvent): { event: ScapEvent; state: Convertibility } | null {
    const rule = ruleFor(ev.type, ev.params.length);
    if (!rule) {
      throw new ConversionError(
        `Required conversion for event (type: ${ev.type}, nparams: ${ev.params.length}), but we don't handle it in the table.`,
      );
    }
    switch (rule.action) {
      case 'store':
        this.enterByTid.set(ev.tid, ev);
        return null;
      case 'pass':
        return { event: ev, state: 'pass' };
      case 'store+pass':
        this.enterByTid.set(ev.tid, ev);
        return { event: ev, state: 'pass' };
      default:
        break;
    }
    const type = rule.action === 'to' ? rule.target! : ev.type;
    const target = EVENT_TABLE[type]!;
    const large = (target.flags & EventFlags.LARGE_PAYLOAD) !== 0;
    const params: Uint8Array[] = rule.action === 'add' ? [...ev.params] : [];
    let usedEnter = false;
    for (const instr of rule.instrs) {
      const pos = params.length;
      const ptype = target.params[pos]?.type ?? ParamType.BYTEBUF;
      switch (instr.from) {
        case 'empty':
          params.push(EMPTY);
          continue;
        case 'default':
          params.push(defaultParamBytes(ptype));
          continue;
        case 'callback': {
          const fn = CALLBACKS[instr.name];
          if (!fn) throw new ConversionError(`no conversion callback '${instr.name}'`);
          try {
            params.push(fn(ev));
          } catch {
            params.push(instr.orEmpty ? EMPTY : defaultParamBytes(ptype));
          }
          continue;
        }
        case 'old': {
          const src = ev.params[instr.index];
          if (src === undefined) {
            throw new ConversionError(
              `We want to take parameter '${instr.index}' from old event '${ev.type}' but this event has only '${ev.params.length}' parameters!`,
            );
          }
          params.push(src.subarray(0, Math.min(src.length, maxParamLength(ptype, large))));
          continue;
        }
        case 'enter': {
          const enter = this.enterByTid.get(ev.tid);
          if (!enter) {
            // no enter event (not captured, or this exit was itself converted from an older one)
            params.push(instr.orEmpty ? EMPTY : defaultParamBytes(ptype));
            continue;
          }
          if (enter.type !== ev.type - 1) {
            throw new ConversionError(
              `The enter event for '${eventLabel(ev.type)}' is not the right one! Event found '${eventLabel(enter.type)}'.`,
            );
          }
          const src = enter.params[instr.index];
          if (src === undefined) {
            throw new ConversionError(
              `We want to take parameter '${instr.index}' from enter event '${enter.type}' but this event has only '${enter.params.length}' parameters!`,
            );
          }
          usedEnter = true;
          params.push(src.subarray(0, Math.min(src.length, maxParamLength(ptype, large))));
          continue;
        }
      }
    }
    if (usedEnter) this.enterByTid.delete(ev.tid);
    const out: ScapEvent = { type, ts: ev.ts, tid: ev.tid, params };
    return { event: out, state: convertibility(type, params.length) };
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
