/**
 * Rendering of a SyscallEvent's parameters as text (`evt.arg`, `evt.args`,
 * `evt.res`) with the state lookups libsinsp uses: fd names from the event
 * thread's fd table, thread names for pid parameters, the working directory
 * and directory fds for relative paths, user and group names.
 */
import { EventCategory, ParamType } from '../../events/event-types.js';
import { EVENT_TABLE, EventCode } from '../../events/event-table.js';
import { readI32, readI64 } from '../../events/param-decoder.js';
import { renderParam, type FdDescription, type FormatContext, type RenderedParam } from '../../events/param-format.js';
import { FdType, L4Proto } from '../../state/fd-info.js';
import type { SyscallEvent } from './syscall-event.js';

const L4_CHARS: { readonly [proto: number]: string } = {
  [L4Proto.TCP]: 't',
  [L4Proto.UDP]: 'u',
  [L4Proto.ICMP]: 'i',
  [L4Proto.RAW]: 'r',
};

function isIpSocket(type: number): boolean {
  return type === FdType.IPV4_SOCK || type === FdType.IPV6_SOCK || type === FdType.IPV4_SERVSOCK || type === FdType.IPV6_SERVSOCK;
}

function toSafeNumber(fd: bigint): number | undefined {
  return fd >= BigInt(Number.MIN_SAFE_INTEGER) && fd <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fd) : undefined;
}

/** The state lookups of one event, as param-format asks for them. */
export function formatContextOf(ev: SyscallEvent): FormatContext {
  const thread = ev.thread;
  const bufferFormat = ev.run.bufferFormatBase64 ? 'base64' : 'normal';
  // Pid parameters name their thread whether or not the event's own thread is known.
  const threadComm = (tid: bigint): string | undefined => {
    const n = toSafeNumber(tid);
    return n === undefined ? undefined : ev.state.threads.get(n)?.comm;
  };
  if (thread === undefined) return { threadKnown: false, bufferFormat, threadComm };
  const fdTable = (fd: bigint) => {
    const n = toSafeNumber(fd);
    return n === undefined ? undefined : thread.fdTable()?.get(n);
  };
  return {
    threadKnown: true,
    bufferFormat,
    fdInfo(fd: bigint): FdDescription | undefined {
      const info = fdTable(fd);
      if (info === undefined) return undefined;
      const l4 = isIpSocket(info.type) ? L4_CHARS[info.l4proto()] : undefined;
      return { typeChar: info.typeChar(), name: info.name, ...(l4 !== undefined ? { l4proto: l4 } : {}) };
    },
    threadComm,
    cwd: () => thread.getCwd(),
    dirfdPath(dirfd: bigint): string | undefined {
      // A directory fd the state does not know cannot be resolved from a capture.
      const name = fdTable(dirfd)?.name ?? '';
      if (name === '') return '';
      return name.endsWith('/') ? name : `${name}/`;
    },
    userName: (uid: number) => ev.state.users.getUser(thread.containerId, uid)?.name,
    groupName: (gid: number) => ev.state.users.getGroup(thread.containerId, gid)?.name,
  };
}

/**
 * Parameter types whose text depends on their value alone (no state, no
 * other parameter): flags, modes and fixed-size integers. Rules test such
 * parameters on every event of a type (`evt.arg.flags contains O_CREAT` on
 * each open), and their values repeat, so their renderings are kept.
 */
const CONTEXT_FREE_SIZE: ReadonlyMap<ParamType, number> = new Map([
  [ParamType.FLAGS8, 1], [ParamType.ENUMFLAGS8, 1], [ParamType.INT8, 1], [ParamType.UINT8, 1],
  [ParamType.FLAGS16, 2], [ParamType.ENUMFLAGS16, 2], [ParamType.INT16, 2], [ParamType.UINT16, 2],
  [ParamType.FLAGS32, 4], [ParamType.ENUMFLAGS32, 4], [ParamType.INT32, 4], [ParamType.UINT32, 4], [ParamType.MODE, 4],
]);

/**
 * How a parameter's rendering is kept: not at all, by value (the types
 * above, and errno values), or by value and whether the event's thread is
 * known (a negative fd: an errno name, `AT_FDCWD`, or the bare number
 * without a thread; fds >= 0 name a file and are never kept).
 */
const enum Memo {
  Unknown = 0,
  None = 1,
  ByValue = 2,
  NegativeFd = 3,
}

/** Slots per event code in the tables below (more parameters than any event has). */
const PARAM_SLOTS = 64;
const MEMO_CODES = EVENT_TABLE.length;
/** Per (code, parameter): its Memo kind, and the byte size a well-formed value has. */
const memoKinds = new Uint8Array(MEMO_CODES * PARAM_SLOTS);
const memoSizes = new Uint8Array(MEMO_CODES * PARAM_SLOTS);
/** Distinct values kept per (event code, parameter); past it, values are rendered each time. */
const MEMO_VALUES = 4096;
const renderings: Array<Map<number, RenderedParam> | undefined> = new Array<undefined>(MEMO_CODES * PARAM_SLOTS).fill(undefined);
/** Per (code, parameter): the last key looked up (NaN: none) and its rendering. */
const lastKeys = new Float64Array(MEMO_CODES * PARAM_SLOTS).fill(NaN);
const lastRenderings: Array<RenderedParam | undefined> = new Array<undefined>(MEMO_CODES * PARAM_SLOTS).fill(undefined);

function memoKindOf(slot: number, code: number, index: number): number {
  const type = EVENT_TABLE[code]?.params[index]?.type;
  let kind = Memo.None;
  let size = 0;
  if (type !== undefined) {
    const fixed = CONTEXT_FREE_SIZE.get(type);
    if (fixed !== undefined) {
      kind = Memo.ByValue;
      size = fixed;
    } else if (type === ParamType.ERRNO) {
      kind = Memo.ByValue;
      size = 8;
    } else if (type === ParamType.FD) {
      kind = Memo.NegativeFd;
      size = 8;
    }
  }
  memoKinds[slot] = kind;
  memoSizes[slot] = size;
  return kind;
}

function paramSize(ev: SyscallEvent, index: number): number {
  const e = ev.event;
  return e.paramLength !== undefined ? e.paramLength(index) : (e.rawParam(index)?.length ?? 0);
}

function memoizedRendering(ev: SyscallEvent, index: number): RenderedParam | undefined {
  const code = ev.code;
  if (code >= MEMO_CODES || index >= PARAM_SLOTS || index >= ev.event.nparams) return undefined;
  const slot = code * PARAM_SLOTS + index;
  let kind = memoKinds[slot]!;
  if (kind === Memo.Unknown) kind = memoKindOf(slot, code, index);
  if (kind === Memo.None) return undefined;
  // Only well-formed values: a parameter of another size renders as libsinsp's fallback text.
  if (paramSize(ev, index) !== memoSizes[slot]) return undefined;
  const value = ev.param(index);
  if (typeof value !== 'number') return undefined;
  let key = value;
  if (kind === Memo.NegativeFd) {
    // Errno values and AT_FDCWD; the doubled key stays exact in this range.
    if (value >= 0 || value < -0x80000000) return undefined;
    key = ev.thread === undefined ? value * 2 : value * 2 - 1;
  }
  // The value of the previous event usually comes again (the same open flags).
  if (lastKeys[slot] === key) return lastRenderings[slot];
  let byValue = renderings[slot];
  if (byValue === undefined) renderings[slot] = byValue = new Map();
  let r = byValue.get(key);
  if (r === undefined) {
    r = renderParam(ev.info, index, ev.params(), formatContextOf(ev));
    if (byValue.size < MEMO_VALUES) byValue.set(key, r);
  }
  lastKeys[slot] = key;
  lastRenderings[slot] = r;
  return r;
}

/**
 * Renders parameter `index` as libsinsp does, recording the value text in
 * the event's parameter text storage (`ctx`: the event's format context,
 * made here when not given).
 */
function render(ev: SyscallEvent, index: number, ctx?: FormatContext): RenderedParam {
  const memo = memoizedRendering(ev, index);
  if (memo !== undefined) {
    ev.paramText.write(memo.value);
    return memo;
  }
  const r = renderParam(ev.info, index, ev.params(), ctx ?? formatContextOf(ev));
  const raw = ev.event.rawParam(index);
  if (ev.info.params[index]?.type === ParamType.BYTEBUF && raw !== undefined && raw.length > 0) ev.paramText.writeBuffer(r.value);
  else ev.paramText.write(r.value);
  return r;
}

/** The resolved form of a rendered parameter when it has one, else its value (`evt.arg`). */
function shown(r: RenderedParam): string {
  return r.resolved !== '' ? r.resolved : r.value;
}

/** `evt.arg[N]`: the resolved text of parameter N, or undefined past the last one. */
export function argTextAt(ev: SyscallEvent, index: number): string | undefined {
  if (index < 0 || index >= Math.min(ev.event.nparams, ev.info.params.length)) return undefined;
  return shown(render(ev, index));
}

/**
 * `ev.paramIndex(name)` for one name, with the position in each event
 * code's layout looked up once per code.
 */
export function paramIndexOf(name: string): (ev: SyscallEvent) => number {
  // Per code: the first parameter with the name, -1 for none; -2 not looked up yet.
  const positions = new Int16Array(MEMO_CODES).fill(-2);
  return (ev) => {
    const code = ev.code;
    if (code >= MEMO_CODES || ev.info !== EVENT_TABLE[code]) return ev.paramIndex(name);
    let i = positions[code]!;
    if (i === -2) {
      i = ev.info.params.findIndex((p) => p.name === name);
      positions[code] = i;
    }
    return i < ev.event.nparams ? i : -1;
  };
}

/** `evt.arg.NAME` with the parameter found by `paramIndexOf(NAME)`. */
export function argTextWith(ev: SyscallEvent, index: (ev: SyscallEvent) => number): string | undefined {
  const i = index(ev);
  return i < 0 ? undefined : shown(render(ev, i));
}

/** `evt.args`: every parameter as `name=value` or `name=value(resolved)`; nothing for generic events. */
export function argsText(ev: SyscallEvent): string {
  if (ev.code === EventCode.GENERIC_X) return '';
  const ctx = formatContextOf(ev);
  const n = Math.min(ev.event.nparams, ev.info.params.length);
  let out = '';
  for (let i = 0; i < n; i++) {
    const r = render(ev, i, ctx);
    if (i > 0) out += ' ';
    out += `${ev.info.params[i]!.name}=${r.value}`;
    if (r.resolved !== '') out += `(${r.resolved})`;
  }
  return out;
}

/** Parameter `index` as text with its resolution (`evt.res` of a failed call). */
export function argText(ev: SyscallEvent, index: number): string {
  return shown(render(ev, index));
}

/** The event comes from a system call (libsinsp's EC_SYSCALL bit). */
export function isSyscallEvent(ev: SyscallEvent): boolean {
  return (ev.info.category & EventCategory.SYSCALL) !== 0;
}

/** Meta events (procinfo, container, async events...): libsinsp's EC_METAEVENT bit. */
export function isMetaEvent(ev: SyscallEvent): boolean {
  return (ev.info.category & EventCategory.METAEVENT) !== 0;
}

/** The category without its origin bits (libsinsp's `get_category()`). */
export function eventClass(ev: SyscallEvent): number {
  return ev.info.category & (EventCategory.SYSCALL - 1);
}

/**
 * Whether the event carries a syscall return value: exit events of system
 * calls with at least one parameter, generic events excepted.
 */
export function hasReturnValue(ev: SyscallEvent): boolean {
  if (ev.code === EventCode.GENERIC_X) return false;
  return isSyscallEvent(ev) && (ev.code & 1) === 1 && ev.event.nparams > 0;
}

/** Parameter types the decoder reads as signed 64-bit integers, as returnValue reads them. */
const SIGNED_64: ReadonlySet<number> = new Set([ParamType.FD, ParamType.ERRNO, ParamType.INT64, ParamType.PID]);

/**
 * The return value (the first parameter, 32 or 64 bits); 0 when it has
 * another size, as libsinsp reads it. Only meaningful when hasReturnValue.
 */
export function returnValue(ev: SyscallEvent): number | bigint {
  const e = ev.event;
  if (e.paramLength !== undefined && e.nparams > 0 && e.paramLength(0) === 8 && SIGNED_64.has(ev.info.params[0]?.type ?? -1)) {
    // Decoded in place: the same signed reading, without a view of the bytes.
    const v = ev.param(0);
    if (typeof v === 'number' || typeof v === 'bigint') return v;
  }
  const b = e.rawParam(0);
  if (b === undefined) return 0;
  if (b.length === 4) return readI32(b, 0);
  if (b.length === 8) return readI64(b, 0);
  return 0;
}
