/**
 * Vocabulary of the scap event format: parameter types, print formats,
 * event categories and event flags. The numeric values are the ones written in
 * capture files and used by Falco's libraries (libs 0.25.4), so they must not
 * change; names are falconet's.
 */
import type { FlagTable } from './flag-tables.js';

/** How a parameter's bytes are laid out and interpreted. */
export const ParamType = {
  NONE: 0,
  INT8: 1,
  INT16: 2,
  INT32: 3,
  INT64: 4,
  UINT8: 5,
  UINT16: 6,
  UINT32: 7,
  UINT64: 8,
  /** NUL-terminated printable string. */
  CHARBUF: 9,
  /** Raw bytes (I/O data, NUL-separated argv/env). */
  BYTEBUF: 10,
  /** 64-bit signed return value; negative values are -errno. */
  ERRNO: 11,
  /** 1-byte address family followed by the family's address. */
  SOCKADDR: 12,
  /** 1-byte family followed by source and destination endpoints. */
  SOCKTUPLE: 13,
  /** 64-bit signed file descriptor. */
  FD: 14,
  /** 64-bit signed pid/tid. */
  PID: 15,
  /** u16 count, then count x (i64 fd, u16 flags). */
  FDLIST: 16,
  /** NUL-terminated path, absolute or relative to the thread's cwd. */
  FSPATH: 17,
  /** u16 "ppm_sc" system call code. */
  SYSCALLID: 18,
  /** u8 signal number. */
  SIGTYPE: 19,
  /** u64 nanoseconds, relative. */
  RELTIME: 20,
  /** u64 nanoseconds since the epoch. */
  ABSTIME: 21,
  PORT: 22,
  L4PROTO: 23,
  SOCKFAMILY: 24,
  BOOL: 25,
  IPV4ADDR: 26,
  /** First byte selects the real type from the parameter's dynamic table. */
  DYN: 27,
  FLAGS8: 28,
  FLAGS16: 29,
  FLAGS32: 30,
  /** u32 user id; 0xffffffff means "none". */
  UID: 31,
  /** u32 group id; 0xffffffff means "none". */
  GID: 32,
  DOUBLE: 33,
  /** Lower 32 bits of a sigset_t. */
  SIGSET: 34,
  /** NUL-separated list of strings. */
  CHARBUFARRAY: 35,
  /** NUL-separated list of alternating key/value strings. */
  CHARBUF_PAIR_ARRAY: 36,
  IPV4NET: 37,
  IPV6ADDR: 38,
  IPV6NET: 39,
  IPADDR: 40,
  IPNET: 41,
  /** u32 file mode bits. */
  MODE: 42,
  /** NUL-terminated path relative to the directory fd named by another parameter. */
  FSRELPATH: 43,
  /** Like FLAGS8/16/32 but the value is one of an enumeration (exact match). */
  ENUMFLAGS8: 44,
  ENUMFLAGS16: 45,
  ENUMFLAGS32: 46,
  /** 32-bit signed file descriptor (kernel iterator events). */
  FD32: 47,
  /** 32-bit signed pid (kernel iterator events). */
  PID32: 48,
} as const;
export type ParamType = (typeof ParamType)[keyof typeof ParamType];

/** How a numeric parameter is printed. */
export const PrintFormat = {
  NA: 0,
  DEC: 1,
  HEX: 2,
  /** Zero-padded decimal (fractional nanoseconds). */
  PADDED_DEC: 3,
  ID: 4,
  DIR: 5,
  OCT: 6,
} as const;
export type PrintFormat = (typeof PrintFormat)[keyof typeof PrintFormat];

/**
 * Event category bits. The low bits (below WAIT) hold one "class" value
 * (FILE, NET, IO_READ, ...); the high bits say where the event comes from.
 */
export const EventCategory = {
  UNKNOWN: 0,
  OTHER: 1,
  FILE: 2,
  NET: 3,
  IPC: 4,
  MEMORY: 5,
  PROCESS: 6,
  SLEEP: 7,
  SYSTEM: 8,
  SIGNAL: 9,
  USER: 10,
  TIME: 11,
  PROCESSING: 12,
  IO_BASE: 32,
  IO_READ: 32,
  IO_WRITE: 33,
  IO_OTHER: 34,
  WAIT: 1 << 6,
  SCHEDULER: 1 << 7,
  INTERNAL: 1 << 8,
  SYSCALL: 1 << 9,
  TRACEPOINT: 1 << 10,
  PLUGIN: 1 << 11,
  METAEVENT: 1 << 12,
  ITER: 1 << 13,
} as const;

/** Mask selecting the class value out of a category. */
export const EVENT_CLASS_MASK = EventCategory.WAIT - 1;

/** Event flag bits. */
export const EventFlags = {
  NONE: 0,
  CREATES_FD: 1 << 0,
  DESTROYS_FD: 1 << 1,
  USES_FD: 1 << 2,
  READS_FROM_FD: 1 << 3,
  WRITES_TO_FD: 1 << 4,
  MODIFIES_STATE: 1 << 5,
  /** Placeholder entry, never produced. */
  UNUSED: 1 << 6,
  WAITS: 1 << 7,
  SKIP_PARSE_RESET: 1 << 8,
  /** Kept only to read old captures. */
  OLD_VERSION: 1 << 9,
  /** Parameter lengths are u32 instead of u16. */
  LARGE_PAYLOAD: 1 << 11,
  /** The capture converter has rules for this event. */
  CONVERTER_MANAGED: 1 << 12,
} as const;

/** Layout of one alternative of a DYN parameter. */
export interface DynParamInfo {
  readonly type: ParamType;
  readonly format: PrintFormat;
}

export interface ParamInfo {
  readonly name: string;
  readonly type: ParamType;
  readonly format: PrintFormat;
  /** Name table for FLAGS*, ENUMFLAGS* and MODE parameters. */
  readonly flags?: FlagTable;
  /** For FSRELPATH: index of the parameter holding the directory fd. */
  readonly dirfdParam?: number;
  /** For DYN: the alternatives, selected by the first byte of the value. */
  readonly dynamic?: readonly DynParamInfo[];
}

export interface EventInfo {
  /** Event code (index in the table): even = enter, odd = exit. */
  readonly code: number;
  /** Name shown by evt.type ("NA" for placeholder entries). */
  readonly name: string;
  /** Symbolic name without prefix, e.g. `SYSCALL_OPEN_X`. */
  readonly symbol: string;
  /** EventCategory bits. */
  readonly category: number;
  /** EventFlags bits. */
  readonly flags: number;
  readonly params: readonly ParamInfo[];
}
