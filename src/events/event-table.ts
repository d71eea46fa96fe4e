/**
 * The scap event table: every event code with its name, category, flags and
 * parameter layout (libs 0.25.4, the table Falco 0.44.1 reads captures with),
 * plus the lookups built on it: names, enter/exit pairing, fd positions and
 * the evt.type name universe rules are indexed by.
 */
import { EventCategory, EventFlags, type EventInfo } from './event-types.js';
import { EVENT_ROWS_0 } from './table/events-a.js';
import { EVENT_ROWS_150 } from './table/events-b.js';
import { EVENT_ROWS_300 } from './table/events-c.js';
import { EVENT_CODE_COUNT, EventCode } from './table/event-codes.js';
import { parseRow } from './table/notation.js';
import { SYSCALL_NAMES } from './table/syscall-names.js';
import { SYSCALLS_X86_64 } from './table/syscalls-x86_64.js';

export { EventCode, EVENT_CODE_COUNT, type EventCodeName } from './table/event-codes.js';
export { SYSCALL_NAMES } from './table/syscall-names.js';

/** Every event, indexed by code. */
export const EVENT_TABLE: readonly EventInfo[] = [...EVENT_ROWS_0, ...EVENT_ROWS_150, ...EVENT_ROWS_300].map(
  (row, code) => parseRow(code, row),
);

if (EVENT_TABLE.length !== EVENT_CODE_COUNT) {
  throw new Error(`event table has ${EVENT_TABLE.length} rows, expected ${EVENT_CODE_COUNT}`);
}

export function eventInfo(code: number): EventInfo | undefined {
  return EVENT_TABLE[code];
}

export function isEnterCode(code: number): boolean {
  return (code & 1) === 0;
}

export function isExitCode(code: number): boolean {
  return (code & 1) === 1;
}

function hasFlag(code: number, flag: number): boolean {
  const e = EVENT_TABLE[code];
  return e !== undefined && (e.flags & flag) !== 0;
}

/** Placeholder codes (name `NA`) that no driver produces; readers drop them. */
export function isUnusedEvent(code: number): boolean {
  return hasFlag(code, EventFlags.UNUSED);
}

/** Layouts kept only so that old captures can be read (and converted). */
export function isOldVersionEvent(code: number): boolean {
  return hasFlag(code, EventFlags.OLD_VERSION);
}

/** Parameter lengths of this event are u32 instead of u16. */
export function hasLargePayload(code: number): boolean {
  return hasFlag(code, EventFlags.LARGE_PAYLOAD);
}

/** Bytes used by each entry of the event's parameter-length array: 2, or 4 for large payloads. */
export function paramLengthSize(code: number): 2 | 4 {
  return hasLargePayload(code) ? 4 : 2;
}

export function isGenericEvent(code: number): boolean {
  return code === EventCode.GENERIC_E || code === EventCode.GENERIC_X;
}

export function isSyscallEvent(code: number): boolean {
  return ((EVENT_TABLE[code]?.category ?? 0) & EventCategory.SYSCALL) !== 0;
}

export function isMetaEvent(code: number): boolean {
  return ((EVENT_TABLE[code]?.category ?? 0) & EventCategory.METAEVENT) !== 0;
}

/**
 * The exit code paired with an enter code (`open` enter -> `open` exit), or
 * undefined when the enter event has no exit counterpart (procexit, switch,
 * meta events, ...).
 */
export function exitCodeOf(enterCode: number): number | undefined {
  if (!isEnterCode(enterCode)) return undefined;
  const exit = EVENT_TABLE[enterCode + 1];
  return exit === undefined || (exit.flags & EventFlags.UNUSED) !== 0 ? undefined : enterCode + 1;
}

/** The enter code paired with an exit code, or undefined when the pair's enter slot is unused. */
export function enterCodeOf(exitCode: number): number | undefined {
  if (!isExitCode(exitCode)) return undefined;
  const enter = EVENT_TABLE[exitCode - 1];
  return enter === undefined || (enter.flags & EventFlags.UNUSED) !== 0 ? undefined : exitCode - 1;
}

const CODES_BY_NAME: ReadonlyMap<string, readonly number[]> = (() => {
  const m = new Map<string, number[]>();
  for (const e of EVENT_TABLE) {
    const list = m.get(e.name);
    if (list) list.push(e.code);
    else m.set(e.name, [e.code]);
  }
  return m;
})();

/** Every event sharing this evt.type name (all versions, enter and exit), in code order. */
export function eventByName(name: string): readonly EventInfo[] {
  return (CODES_BY_NAME.get(name) ?? []).map((c) => EVENT_TABLE[c]!);
}

/** ppm_sc name of a syscall id carried by generic events (`<unknown>` style gaps give ''). */
export function syscallName(ppmSc: number): string | undefined {
  return ppmSc >= 0 && ppmSc < SYSCALL_NAMES.length ? SYSCALL_NAMES[ppmSc] : undefined;
}

const SYSCALL_CODE_BY_NAME: ReadonlyMap<string, number> = new Map(
  SYSCALL_NAMES.map((n, i) => [n, i] as const).filter(([n]) => n !== ''),
);

/** ppm_sc code of a syscall name, if it has one. */
export function syscallCode(name: string): number | undefined {
  return SYSCALL_CODE_BY_NAME.get(name);
}

/** What the probe reports for one native (x86_64) system call number. */
export interface NativeSyscall {
  readonly nr: number;
  /** ppm_sc code and name. */
  readonly ppmSc: number;
  readonly name: string;
  /** Dedicated enter/exit event codes, or the generic event codes. */
  readonly enterCode: number;
  readonly exitCode: number;
  readonly generic: boolean;
  /** The syscall is traced with its own event (UF_USED). */
  readonly used: boolean;
  readonly neverDrop: boolean;
  readonly alwaysDrop: boolean;
}

const NATIVE_SYSCALLS: ReadonlyMap<number, NativeSyscall> = new Map(
  SYSCALLS_X86_64.map(([nr, name, enter, exit, flags]) => {
    const generic = enter === '';
    const code = (s: string): number => (EventCode as Readonly<Record<string, number>>)[s]!;
    const f = flags.split('|');
    return [
      nr,
      {
        nr,
        ppmSc: SYSCALL_NAMES.indexOf(name),
        name,
        enterCode: generic ? EventCode.GENERIC_E : code(enter),
        exitCode: generic ? EventCode.GENERIC_X : code(exit),
        generic,
        used: f.includes('used'),
        neverDrop: f.includes('never_drop'),
        alwaysDrop: f.includes('always_drop'),
      },
    ] as const;
  }),
);

/** The x86_64 system call with this number, as the probe reports it. */
export function nativeSyscall(nr: number): NativeSyscall | undefined {
  return NATIVE_SYSCALLS.get(nr);
}

/** Every x86_64 system call the tables know, by number. */
export function nativeSyscalls(): Iterable<NativeSyscall> {
  return NATIVE_SYSCALLS.values();
}

/**
 * Names of async events added by Falco's default plugins. falconet provides
 * container metadata built in, so the container plugin's two names are known
 * by default (`container` also names the old container meta events).
 */
export const DEFAULT_ASYNC_EVENT_NAMES: readonly string[] = ['container', 'container_removed'];

/**
 * Event codes an `evt.type = NAME` check selects, as Falco's rule index
 * computes them: every table entry (code >= 2) with that name; else the
 * async event if NAME is an async event name; else, if NAME is a system call
 * without a dedicated event, the two generic event codes. Empty when Falco
 * would match nothing.
 */
export function eventCodesForName(
  name: string,
  asyncNames: readonly string[] = DEFAULT_ASYNC_EVENT_NAMES,
): readonly number[] {
  const codes = (CODES_BY_NAME.get(name) ?? []).filter((c) => c >= 2);
  if (asyncNames.includes(name)) codes.push(EventCode.ASYNCEVENT_E);
  if (codes.length > 0) return [...new Set(codes)].sort((a, b) => a - b);
  if (SYSCALL_CODE_BY_NAME.has(name)) return [EventCode.GENERIC_E, EventCode.GENERIC_X];
  return [];
}

/**
 * The universe of evt.type names for a source: for `syscall` (the default)
 * every event table name, every system call name reachable through generic
 * events and the async event names; other sources (k8s_audit, plugins) carry
 * no scap event types and give an empty set.
 */
export function eventNames(
  source = 'syscall',
  asyncNames: readonly string[] = DEFAULT_ASYNC_EVENT_NAMES,
): ReadonlySet<string> {
  if (source !== 'syscall') return new Set();
  const names = new Set<string>();
  for (const e of EVENT_TABLE) {
    if (e.code >= 2 && (e.flags & EventFlags.UNUSED) === 0) names.add(e.name);
  }
  for (const n of SYSCALL_NAMES) if (n !== '') names.add(n);
  for (const n of asyncNames) names.add(n);
  return names;
}

/**
 * The evt.type string of an event: the table name, except for generic events
 * (the system call's name from their ID parameter, or from their nativeID
 * when ID is 0) and async events (the name carried in the event).
 */
export function eventTypeName(
  code: number,
  detail?: { syscallId?: number; nativeId?: number; asyncName?: string },
): string {
  if (code === EventCode.GENERIC_E || code === EventCode.GENERIC_X) return genericEventTypeName(detail?.syscallId, detail?.nativeId);
  if (code === EventCode.ASYNCEVENT_E && detail?.asyncName !== undefined) return detail.asyncName;
  return EVENT_TABLE[code]?.name ?? 'unknown';
}

/** evt.type of a generic event from its ID and nativeID parameters (undefined: absent). */
export function genericEventTypeName(syscallId: number | undefined, nativeId: number | undefined): string {
  let id = syscallId ?? 0;
  // Captures name syscalls unknown to their writer by native number only; Falco maps it
  // with its own (here: x86_64) table, which is only right for same-architecture captures.
  if (id === 0 && nativeId !== undefined) id = nativeSyscall(nativeId)?.ppmSc ?? 0;
  return syscallName(id) ?? 'unknown';
}

function paramU16(p: Uint8Array | undefined): number | undefined {
  return p !== undefined && p.length === 2 ? p[0]! | (p[1]! << 8) : undefined;
}

/** evt.type of an event given its parameter bytes (see eventTypeName). */
export function eventTypeOf(code: number, params: readonly Uint8Array[]): string {
  if (code === EventCode.GENERIC_E || code === EventCode.GENERIC_X) {
    return eventTypeName(code, { syscallId: paramU16(params[0]), nativeId: paramU16(params[1]) });
  }
  if (code === EventCode.ASYNCEVENT_E) {
    const name = params[1];
    if (name && name.length > 0) {
      let end = 0;
      while (end < name.length && name[end] !== 0) end++;
      return eventTypeName(code, { asyncName: new TextDecoder().decode(name.subarray(0, end)) });
    }
  }
  return eventTypeName(code);
}

/** Every parameter name of the table (the names `evt.arg.NAME` accepts). */
export function paramNames(): ReadonlySet<string> {
  const names = new Set<string>();
  for (const e of EVENT_TABLE) for (const p of e.params) names.add(p.name);
  return names;
}

/**
 * Index of the fd parameter of an enter event that uses an fd (libs'
 * convention: the first parameter, except mmap/mmap2 and splice).
 */
export function enterFdParamIndex(code: number): number | undefined {
  if (!isEnterCode(code) || !hasFlag(code, EventFlags.USES_FD)) return undefined;
  switch (code) {
    case EventCode.SYSCALL_MMAP_E:
    case EventCode.SYSCALL_MMAP2_E:
      return 4;
    case EventCode.SYSCALL_SPLICE_E:
      return 1;
    default:
      return 0;
  }
}

/** Exit events and the index of the fd parameter they operate on (libs' table). */
const EXIT_FD_PARAM: ReadonlyMap<number, number> = new Map<number, number>([
  ...[
    'SYSCALL_SETNS_X', 'SOCKET_LISTEN_X', 'SOCKET_SHUTDOWN_X', 'SYSCALL_FCHDIR_X', 'SYSCALL_LSEEK_X',
    'SYSCALL_LLSEEK_X', 'SYSCALL_IOCTL_3_X', 'SYSCALL_FSTAT_X', 'SYSCALL_CLOSE_X', 'SYSCALL_GETDENTS_X',
    'SYSCALL_GETDENTS64_X', 'SYSCALL_FLOCK_X', 'SYSCALL_COPY_FILE_RANGE_X', 'SYSCALL_FCNTL_X',
    'SYSCALL_DUP_1_X', 'SYSCALL_DUP2_X', 'SYSCALL_DUP3_X', 'SYSCALL_NEWFSTATAT_X', 'SYSCALL_FCHOWNAT_X',
    'SYSCALL_FCHMODAT_X', 'SYSCALL_MKDIRAT_X', 'SYSCALL_UNLINKAT_2_X', 'SYSCALL_MKNODAT_X',
    'SOCKET_SENDMMSG_X', 'SOCKET_RECVMMSG_X', 'SYSCALL_IO_URING_REGISTER_X', 'SYSCALL_IO_URING_ENTER_X',
    'SOCKET_SETSOCKOPT_X', 'SOCKET_GETSOCKOPT_X', 'SYSCALL_FSCONFIG_X', 'SYSCALL_FINIT_MODULE_X',
    'SYSCALL_FCHMOD_X', 'SYSCALL_FCHOWN_X',
  ].map((s) => [EventCode[s as keyof typeof EventCode], 1] as const),
  ...[
    'SYSCALL_READ_X', 'SYSCALL_PREAD_X', 'SOCKET_BIND_X', 'SYSCALL_WRITE_X', 'SYSCALL_PWRITE_X',
    'SOCKET_RECV_X', 'SOCKET_SEND_X', 'SOCKET_SENDTO_X', 'SOCKET_SENDMSG_X', 'SYSCALL_SENDFILE_X',
    'SYSCALL_SPLICE_X', 'SYSCALL_WRITEV_X', 'SYSCALL_PWRITEV_X', 'SOCKET_CONNECT_X', 'SYSCALL_SYMLINKAT_X',
  ].map((s) => [EventCode[s as keyof typeof EventCode], 2] as const),
  ...['SOCKET_RECVFROM_X', 'SYSCALL_READV_X', 'SYSCALL_PREADV_X'].map(
    (s) => [EventCode[s as keyof typeof EventCode], 3] as const,
  ),
  [EventCode.SOCKET_RECVMSG_X, 5],
  [EventCode.SYSCALL_MMAP_X, 8],
  [EventCode.SYSCALL_MMAP2_X, 8],
]);

/**
 * Index of the fd parameter an exit event operates on, for exit events that
 * use an existing fd (read, write, close, ...); undefined otherwise.
 */
export function exitFdParamIndex(code: number): number | undefined {
  return EXIT_FD_PARAM.get(code);
}

/**
 * Enter events that reach libsinsp's parser from a capture (the converter lets
 * them through: they carry data the exit may lack) but are then hidden from
 * rules and outputs. They still consume an event number.
 */
/**
 * Meta events that, at the start of a capture, libsinsp consumes while
 * opening it (container, user and group records, async events): they update
 * state and take event numbers but never reach Falco's rules. Only the
 * leading run counts; later ones are ordinary events.
 */
export const INITIAL_STATE_EVENTS: ReadonlySet<number> = new Set([
  EventCode.CONTAINER_JSON_2_E,
  EventCode.USER_ADDED_E,
  EventCode.USER_DELETED_E,
  EventCode.GROUP_ADDED_E,
  EventCode.GROUP_DELETED_E,
  EventCode.ASYNCEVENT_E,
]);

export const PARSER_ONLY_ENTER_EVENTS: ReadonlySet<number> = new Set([
  EventCode.SYSCALL_OPEN_E,
  EventCode.SYSCALL_OPENAT_2_E,
  EventCode.SYSCALL_OPENAT2_E,
  EventCode.SYSCALL_CREAT_E,
  EventCode.SOCKET_CONNECT_E,
  EventCode.SYSCALL_EXECVE_19_E,
  EventCode.SYSCALL_EXECVEAT_E,
]);
