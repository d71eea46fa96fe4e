/**
 * The scap capture file format (libscap 0.25.4) as data: block type codes,
 * limits, and the field layouts of the table blocks. The reader and the
 * writer both walk these layouts, so what one writes the other reads.
 *
 * A capture is a sequence of little-endian blocks, pcapng style:
 *
 *   type u32 | total_length u32 | body | padding to 4 bytes | total_length u32
 *
 * It starts with a section header block, then table blocks (machine,
 * interfaces, users, processes, fds), then event blocks; table blocks may
 * also appear between events.
 */
import type {
  FdEntry,
  GroupEntry,
  MachineInfo,
  ProcessEntry,
  UserEntry,
} from './scap-records.js';

export const BlockType = {
  SHB: 0x0a0d0d0a,
  MI: 0x201,
  MI_INT: 0x8002abcd,
  PL_V1: 0x202,
  PL_V1_INT: 0x8000abcd,
  PL_V2: 0x207,
  PL_V2_INT: 0x8013abcd,
  PL_V3: 0x209,
  PL_V3_INT: 0x8014abcd,
  PL_V4: 0x210,
  PL_V5: 0x211,
  PL_V6: 0x212,
  PL_V7: 0x213,
  PL_V8: 0x214,
  PL_V9: 0x215,
  FDL: 0x203,
  FDL_INT: 0x8001abcd,
  FDL_V2: 0x218,
  EV: 0x204,
  EV_INT: 0x8010abcd,
  EV_V2: 0x216,
  EV_V2_LARGE: 0x221,
  EVF: 0x208,
  EVF_V2: 0x217,
  EVF_V2_LARGE: 0x222,
  IL: 0x205,
  IL_INT: 0x8011abcd,
  IL_V2: 0x219,
  UL: 0x206,
  UL_INT: 0x8012abcd,
  UL_V2: 0x220,
} as const;

/** Block header (type, total length) plus trailer (total length). */
export const BLOCK_HEADER_SIZE = 8;
export const BLOCK_TRAILER_SIZE = 4;
export const MIN_BLOCK_SIZE = BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE;

/** Section header body: byte-order magic u32, major u16, minor u16, section length u64. */
export const SHB_MAGIC = 0x1a2b3c4d;
export const SHB_BODY_SIZE = 16;
export const MIN_SECTION_HEADER_SIZE = MIN_BLOCK_SIZE + SHB_BODY_SIZE;
/** The format version this code reads and writes. */
export const CURRENT_MAJOR_VERSION = 1;
export const CURRENT_MINOR_VERSION = 2;

/**
 * Event blocks: cpu id u16, then (EVF* only) flags u32, then the event.
 * "v1" blocks hold events whose header lacks nparams (22 bytes instead of 26).
 * Non-large event blocks are at most 64 KiB after the block header.
 */
export const EVENT_HEADER_SIZE = 26;
export const V1_EVENT_HEADER_SIZE = 22;
export const MAX_NON_LARGE_EVENT_BLOCK_BODY = 1 << 16;

/** Bits describing an event block type; 0 means "not an event block". */
export const EventBlockBits = { EVENT: 1, V2: 2, FLAGS: 4, LARGE: 8 } as const;

export function eventBlockBits(type: number): number {
  switch (type) {
    case BlockType.EV:
    case BlockType.EV_INT:
      return 1;
    case BlockType.EVF:
      return 1 | 4;
    case BlockType.EV_V2:
      return 1 | 2;
    case BlockType.EVF_V2:
      return 1 | 2 | 4;
    case BlockType.EV_V2_LARGE:
      return 1 | 2 | 8;
    case BlockType.EVF_V2_LARGE:
      return 1 | 2 | 4 | 8;
    default:
      return 0;
  }
}

export type TableBlockKind = 'section' | 'machine' | 'processes' | 'fds' | 'interfaces' | 'users';

/** Kind of a non-event block, or null for unknown types (skipped by length). */
export function tableBlockKind(type: number): TableBlockKind | null {
  switch (type) {
    case BlockType.SHB:
      return 'section';
    case BlockType.MI:
    case BlockType.MI_INT:
      return 'machine';
    case BlockType.FDL:
    case BlockType.FDL_INT:
    case BlockType.FDL_V2:
      return 'fds';
    case BlockType.IL:
    case BlockType.IL_INT:
    case BlockType.IL_V2:
      return 'interfaces';
    case BlockType.UL:
    case BlockType.UL_INT:
    case BlockType.UL_V2:
      return 'users';
    default:
      return PROCESS_BLOCK_VERSION.has(type) ? 'processes' : null;
  }
}

/** Process list block type -> layout version (1..9). */
export const PROCESS_BLOCK_VERSION: ReadonlyMap<number, number> = new Map([
  [BlockType.PL_V1, 1],
  [BlockType.PL_V1_INT, 1],
  [BlockType.PL_V2, 2],
  [BlockType.PL_V2_INT, 2],
  [BlockType.PL_V3, 3],
  [BlockType.PL_V3_INT, 3],
  [BlockType.PL_V4, 4],
  [BlockType.PL_V5, 5],
  [BlockType.PL_V6, 6],
  [BlockType.PL_V7, 7],
  [BlockType.PL_V8, 8],
  [BlockType.PL_V9, 9],
]);

/** Event codes (libs 0.25.4) this layer must know about. */
export const PPM_EVENT_MAX = 454;
/** Events flagged EF_LARGE_PAYLOAD: parameter lengths are u32 instead of u16. */
export const LARGE_PAYLOAD_EVENT_TYPES: ReadonlySet<number> = new Set([
  322, // pluginevent
  324, // container (json, v2)
  402, // asyncevent
]);
/** LARGE_PAYLOAD_EVENT_TYPES as a lookup table indexed by event code (1 = large). */
export const LARGE_PAYLOAD_BY_TYPE: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (const code of LARGE_PAYLOAD_EVENT_TYPES) t[code] = 1;
  return t;
})();
/** Events whose header len is 3 bytes too large in v1 blocks (libscap corrects it). */
export const V1_LEN_OVERSTATED_EVENT_TYPES: ReadonlySet<number> = new Set([
  280, // notification
  286, // infrastructure event
]);

export const ScapFdType = {
  UNKNOWN: 0,
  FILE: 1,
  DIRECTORY: 2,
  IPV4_SOCK: 3,
  IPV6_SOCK: 4,
  IPV4_SERVSOCK: 5,
  IPV6_SERVSOCK: 6,
  FIFO: 7,
  UNIX_SOCK: 8,
  EVENT: 9,
  UNSUPPORTED: 10,
  SIGNALFD: 11,
  EVENTPOLL: 12,
  INOTIFY: 13,
  TIMERFD: 14,
  NETLINK: 15,
  FILE_V2: 16,
  BPF: 17,
  USERFAULTFD: 18,
  IOURING: 19,
  MEMFD: 20,
  PIDFD: 21,
} as const;

export const InterfaceType = { IPV4: 1, IPV6: 2, IPV4_NOLINKSPEED: 3, IPV6_NOLINKSPEED: 4 } as const;
export const UserBlockEntryType = { USER: 0, GROUP: 1 } as const;

export const SCAP_MAX_PATH_SIZE = 1024;
export const SCAP_MAX_ARGS_SIZE = 4096;
export const SCAP_MAX_ENV_SIZE = 4096;
export const SCAP_MAX_CGROUPS_SIZE = 4096;
export const MAX_CREDENTIALS_STR_LEN = 256;

/**
 * How one field is stored:
 * - u8/u16/u32: unsigned integers (`number`); bool: u8, nonzero is true
 * - i64: signed 64-bit read as `number`; u64n: unsigned 64-bit as `number`
 * - u64: unsigned 64-bit as `bigint`
 * - str: u16 length then bytes (UTF-8, no terminator)
 * - strlist: u16 length then NUL-separated strings
 * - ip6: 16 raw bytes
 * - cstr128: 128-byte NUL-padded string
 */
export type FieldKind = 'u8' | 'bool' | 'u16' | 'u32' | 'i64' | 'u64n' | 'u64' | 'str' | 'strlist' | 'ip6' | 'cstr128';

export const FIXED_FIELD_SIZE: Readonly<Record<FieldKind, number>> = {
  u8: 1,
  bool: 1,
  u16: 2,
  u32: 4,
  i64: 8,
  u64n: 8,
  u64: 8,
  str: 2, // the length prefix; the bytes follow
  strlist: 2,
  ip6: 16,
  cstr128: 128,
};

export interface FieldSpec<K extends string> {
  key: K;
  kind: FieldKind;
  /** For str/strlist: the longest length libscap accepts. */
  maxLen?: number;
}

export interface ProcessFieldSpec extends FieldSpec<keyof ProcessEntry> {
  /** First process block version that carries the field. */
  since: number;
  /**
   * Fields after `root` exist only in v9 entries and only if the entry's
   * length covers them. 'interleaved' ones (pidns_init_start_ts, tty) were
   * inserted before older tail fields in libs 0.10 and are read only when
   * the remaining length shows the entry is not from an older writer.
   */
  tail?: 'interleaved' | 'appended';
  /** Part of the tail written before libs 0.10 (and all that sysdig 0.29 reads). */
  pre010?: true;
}

/** Process entry fields in file order (v9 entries are prefixed by their u32 length). */
export const PROCESS_LAYOUT: readonly ProcessFieldSpec[] = [
  { key: 'tid', kind: 'i64', since: 1 },
  { key: 'pid', kind: 'i64', since: 1 },
  { key: 'ptid', kind: 'i64', since: 1 },
  { key: 'sid', kind: 'i64', since: 6 },
  { key: 'vpgid', kind: 'i64', since: 8 },
  { key: 'comm', kind: 'str', since: 1, maxLen: SCAP_MAX_PATH_SIZE },
  { key: 'exe', kind: 'str', since: 1, maxLen: SCAP_MAX_PATH_SIZE },
  { key: 'exepath', kind: 'str', since: 7, maxLen: SCAP_MAX_PATH_SIZE },
  { key: 'args', kind: 'strlist', since: 1, maxLen: SCAP_MAX_ARGS_SIZE },
  { key: 'cwd', kind: 'str', since: 1, maxLen: SCAP_MAX_PATH_SIZE },
  { key: 'fdlimit', kind: 'i64', since: 1 },
  { key: 'flags', kind: 'u32', since: 1 },
  { key: 'uid', kind: 'u32', since: 1 },
  { key: 'gid', kind: 'u32', since: 1 },
  { key: 'vmsizeKb', kind: 'u32', since: 2 },
  { key: 'vmrssKb', kind: 'u32', since: 2 },
  { key: 'vmswapKb', kind: 'u32', since: 2 },
  { key: 'pfmajor', kind: 'u64n', since: 2 },
  { key: 'pfminor', kind: 'u64n', since: 2 },
  { key: 'env', kind: 'strlist', since: 3, maxLen: SCAP_MAX_ENV_SIZE },
  { key: 'vtid', kind: 'i64', since: 4 },
  { key: 'vpid', kind: 'i64', since: 4 },
  { key: 'cgroups', kind: 'strlist', since: 4, maxLen: SCAP_MAX_CGROUPS_SIZE },
  { key: 'root', kind: 'str', since: 5, maxLen: SCAP_MAX_PATH_SIZE },
  { key: 'pidnsInitStartTs', kind: 'u64', since: 9, tail: 'interleaved' },
  { key: 'tty', kind: 'u32', since: 9, tail: 'interleaved' },
  { key: 'loginuid', kind: 'u32', since: 9, tail: 'appended', pre010: true },
  { key: 'exeWritable', kind: 'bool', since: 9, tail: 'appended', pre010: true },
  { key: 'capInheritable', kind: 'u64', since: 9, tail: 'appended', pre010: true },
  { key: 'capPermitted', kind: 'u64', since: 9, tail: 'appended', pre010: true },
  { key: 'capEffective', kind: 'u64', since: 9, tail: 'appended', pre010: true },
  { key: 'exeUpperLayer', kind: 'bool', since: 9, tail: 'appended' },
  { key: 'exeIno', kind: 'u64', since: 9, tail: 'appended' },
  { key: 'exeInoCtime', kind: 'u64', since: 9, tail: 'appended' },
  { key: 'exeInoMtime', kind: 'u64', since: 9, tail: 'appended' },
  { key: 'exeFromMemfd', kind: 'bool', since: 9, tail: 'appended' },
  { key: 'exeLowerLayer', kind: 'bool', since: 9, tail: 'appended' },
  { key: 'pgid', kind: 'i64', since: 9, tail: 'appended' },
];

/**
 * A v9 entry whose bytes left after `root` are at most this many was written
 * before libs 0.10 (loginuid u32 + exe_writable u8 + three u64 capability
 * sets), so it has no interleaved fields.
 */
export const PRE_0_10_TAIL_SIZE = 29;

/** Values of fields a process entry's block version does not carry. */
export const PROCESS_DEFAULTS: Readonly<ProcessEntry> = {
  tid: 0,
  pid: 0,
  ptid: 0,
  sid: -1,
  vpgid: -1,
  comm: '',
  exe: '',
  exepath: '',
  args: [],
  cwd: '',
  fdlimit: 0,
  flags: 0,
  uid: 0,
  gid: 0,
  vmsizeKb: 0,
  vmrssKb: 0,
  vmswapKb: 0,
  pfmajor: 0,
  pfminor: 0,
  env: [],
  vtid: -1,
  vpid: -1,
  cgroups: [],
  root: '',
  pidnsInitStartTs: 0n,
  tty: 0,
  loginuid: 0xffffffff,
  exeWritable: false,
  capInheritable: 0n,
  capPermitted: 0n,
  capEffective: 0n,
  exeUpperLayer: false,
  exeIno: 0n,
  exeInoCtime: 0n,
  exeInoMtime: 0n,
  exeFromMemfd: false,
  exeLowerLayer: false,
  pgid: -1,
};

/** Fd entry prefix (after the v2 entry length u32): fd, inode, type. */
export const FD_PREFIX_LAYOUT: readonly FieldSpec<'fd' | 'ino' | 'type'>[] = [
  { key: 'fd', kind: 'i64' },
  { key: 'ino', kind: 'u64' },
  { key: 'type', kind: 'u8' },
];

type FdKeys<K extends FdEntry['kind']> = Exclude<keyof Extract<FdEntry, { kind: K }>, 'kind' | 'tid' | 'fd' | 'ino' | 'type'>;

/** Type-specific part of each fd entry kind. FILE_V2's `dev` comes last, only when the entry length covers it. */
export const FD_LAYOUTS: {
  readonly [K in FdEntry['kind']]: readonly FieldSpec<FdKeys<K> & string>[];
} = {
  ipv4: [
    { key: 'sip', kind: 'u32' },
    { key: 'dip', kind: 'u32' },
    { key: 'sport', kind: 'u16' },
    { key: 'dport', kind: 'u16' },
    { key: 'l4proto', kind: 'u8' },
  ],
  'ipv4-server': [
    { key: 'ip', kind: 'u32' },
    { key: 'port', kind: 'u16' },
    { key: 'l4proto', kind: 'u8' },
  ],
  ipv6: [
    { key: 'sip', kind: 'ip6' },
    { key: 'dip', kind: 'ip6' },
    { key: 'sport', kind: 'u16' },
    { key: 'dport', kind: 'u16' },
    { key: 'l4proto', kind: 'u8' },
  ],
  'ipv6-server': [
    { key: 'ip', kind: 'ip6' },
    { key: 'port', kind: 'u16' },
    { key: 'l4proto', kind: 'u8' },
  ],
  unix: [
    { key: 'source', kind: 'u64' },
    { key: 'destination', kind: 'u64' },
    { key: 'name', kind: 'str', maxLen: SCAP_MAX_PATH_SIZE - 1 },
  ],
  file: [
    { key: 'openFlags', kind: 'u32' },
    { key: 'name', kind: 'str', maxLen: SCAP_MAX_PATH_SIZE - 1 },
    { key: 'dev', kind: 'u32' },
  ],
  named: [{ key: 'name', kind: 'str', maxLen: SCAP_MAX_PATH_SIZE - 1 }],
  unknown: [],
};

/** Which record kind each fd type code is stored as; codes not listed are unknown to libscap. */
export function fdKindOf(type: number): FdEntry['kind'] | null {
  switch (type) {
    case ScapFdType.IPV4_SOCK:
      return 'ipv4';
    case ScapFdType.IPV4_SERVSOCK:
      return 'ipv4-server';
    case ScapFdType.IPV6_SOCK:
      return 'ipv6';
    case ScapFdType.IPV6_SERVSOCK:
      return 'ipv6-server';
    case ScapFdType.UNIX_SOCK:
      return 'unix';
    case ScapFdType.FILE_V2:
      return 'file';
    case ScapFdType.UNKNOWN:
      return 'unknown';
    case ScapFdType.FILE:
    case ScapFdType.DIRECTORY:
    case ScapFdType.FIFO:
    case ScapFdType.EVENT:
    case ScapFdType.UNSUPPORTED:
    case ScapFdType.SIGNALFD:
    case ScapFdType.EVENTPOLL:
    case ScapFdType.INOTIFY:
    case ScapFdType.TIMERFD:
    case ScapFdType.NETLINK:
    case ScapFdType.BPF:
    case ScapFdType.USERFAULTFD:
    case ScapFdType.IOURING:
    case ScapFdType.MEMFD:
    case ScapFdType.PIDFD:
      return 'named';
    default:
      return null;
  }
}

export const USER_LAYOUT: readonly FieldSpec<keyof UserEntry>[] = [
  { key: 'uid', kind: 'u32' },
  { key: 'gid', kind: 'u32' },
  { key: 'name', kind: 'str', maxLen: MAX_CREDENTIALS_STR_LEN - 1 },
  { key: 'homedir', kind: 'str', maxLen: MAX_CREDENTIALS_STR_LEN - 1 },
  { key: 'shell', kind: 'str', maxLen: MAX_CREDENTIALS_STR_LEN - 1 },
];

export const GROUP_LAYOUT: readonly FieldSpec<keyof GroupEntry>[] = [
  { key: 'gid', kind: 'u32' },
  { key: 'name', kind: 'str', maxLen: MAX_CREDENTIALS_STR_LEN - 1 },
];

/** Machine info body: a packed struct of 180 bytes. */
export const MACHINE_INFO_LAYOUT: readonly FieldSpec<keyof MachineInfo>[] = [
  { key: 'numCpus', kind: 'u32' },
  { key: 'memorySizeBytes', kind: 'u64' },
  { key: 'maxPid', kind: 'u64' },
  { key: 'hostname', kind: 'cstr128' },
  { key: 'bootTsEpoch', kind: 'u64' },
  { key: 'flags', kind: 'u64' },
  { key: 'reserved3', kind: 'u64' },
  { key: 'reserved4', kind: 'u64' },
];
export const MACHINE_INFO_SIZE = 180;

/**
 * Interface entries: type u16, name length u16, addresses, link speed u64
 * (absent in the NOLINKSPEED types), then the name bytes. In IL_V2 blocks
 * each entry is prefixed by its length (u32, not counting itself).
 */
export const INTERFACE_FIXED_SIZE: Readonly<Record<number, number>> = {
  [InterfaceType.IPV4]: 2 + 2 + 4 + 4 + 4 + 8,
  [InterfaceType.IPV4_NOLINKSPEED]: 2 + 2 + 4 + 4 + 4,
  [InterfaceType.IPV6]: 2 + 2 + 16 * 3 + 8,
  [InterfaceType.IPV6_NOLINKSPEED]: 2 + 2 + 16 * 3,
};

/** Rounds a block length up to the 4-byte alignment blocks use. */
export function paddedLength(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Event block framing, shared by every writer of event blocks:
 *
 *   u32 block type | u32 block length | u16 cpu | [u32 flags] | event | zero padding | u32 block length
 *
 * The EVF variants carry the flags; the LARGE ones, u32 parameter lengths.
 */
export const EventBlock = {
  typeOf(large: boolean, withFlags: boolean): number {
    if (withFlags) return large ? BlockType.EVF_V2_LARGE : BlockType.EVF_V2;
    return large ? BlockType.EV_V2_LARGE : BlockType.EV_V2;
  },

  /** The block length around an event of `eventLength` bytes. */
  length(eventLength: number, withFlags: boolean): number {
    return paddedLength(BLOCK_HEADER_SIZE + 2 + (withFlags ? 4 : 0) + eventLength + BLOCK_TRAILER_SIZE);
  },

  /** Writes the header of a block of `total` bytes at `at`; returns where the event goes. */
  writeHead(out: Buffer, at: number, total: number, cpu: number, large: boolean, flags: number): number {
    out.writeUInt32LE(EventBlock.typeOf(large, flags !== 0), at);
    out.writeUInt32LE(total, at + 4);
    out.writeUInt16LE(cpu & 0xffff, at + 8);
    if (flags === 0) return at + 10;
    out.writeUInt32LE(flags >>> 0, at + 10);
    return at + 14;
  },

  /** Zero-pads from the event's end and writes the trailing length of the block at `at`. */
  writeTail(out: Buffer, at: number, total: number, eventEnd: number): void {
    out.fill(0, eventEnd, at + total - BLOCK_TRAILER_SIZE);
    out.writeUInt32LE(total, at + total - BLOCK_TRAILER_SIZE);
  },
} as const;
