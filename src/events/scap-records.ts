/**
 * Typed records for the non-event blocks of a scap capture: the section
 * header, the machine, its processes and their open fds, network interfaces,
 * users and groups. Readers produce them, the writer consumes them.
 *
 * Number conventions: ids and counters (tid, pid, fd, fdlimit, ...) are
 * `number` (exact below 2^53, which real values are); bit masks, inodes,
 * kernel addresses and timestamps are `bigint` because they use all 64 bits.
 * Signed fields keep their sign (a missing vtid is -1).
 */

export interface SectionHeader {
  /** File offset of the section header block. */
  offset: number;
  major: number;
  minor: number;
  /** Declared section length; all-ones (0xffff...) means "unknown". */
  sectionLength: bigint;
}

export interface MachineInfo {
  numCpus: number;
  memorySizeBytes: bigint;
  maxPid: bigint;
  hostname: string;
  /** Host boot time, nanoseconds since the epoch. */
  bootTsEpoch: bigint;
  flags: bigint;
  reserved3: bigint;
  reserved4: bigint;
}

/** One thread of the process table dumped at capture start. */
export interface ProcessEntry {
  tid: number;
  pid: number;
  ptid: number;
  /** Session id; -1 when the capture predates it. */
  sid: number;
  /** Process group id in the pid namespace; -1 when absent. */
  vpgid: number;
  comm: string;
  /** argv[0]. */
  exe: string;
  /** Full path of the executable (/proc/PID/exe). */
  exepath: string;
  /** argv[1..]. */
  args: string[];
  cwd: string;
  fdlimit: number;
  /** PPM_CL_* thread flags. */
  flags: number;
  uid: number;
  gid: number;
  vmsizeKb: number;
  vmrssKb: number;
  vmswapKb: number;
  pfmajor: number;
  pfminor: number;
  /** Environment, one `NAME=value` per entry. */
  env: string[];
  vtid: number;
  vpid: number;
  /** One `subsystem=path` per entry. */
  cgroups: string[];
  root: string;
  pidnsInitStartTs: bigint;
  tty: number;
  /** Audit login uid; 4294967295 (-1) when unset or absent. */
  loginuid: number;
  exeWritable: boolean;
  capInheritable: bigint;
  capPermitted: bigint;
  capEffective: bigint;
  exeUpperLayer: boolean;
  exeIno: bigint;
  exeInoCtime: bigint;
  exeInoMtime: bigint;
  exeFromMemfd: boolean;
  exeLowerLayer: boolean;
  /** Process group id; -1 when absent. */
  pgid: number;
}

interface FdEntryBase {
  /** Thread whose fd table holds this fd. */
  tid: number;
  fd: number;
  ino: bigint;
  /** scap fd type code (see ScapFdType). */
  type: number;
}

/** A regular file with open flags (fd type FILE_V2). */
export interface FdFileEntry extends FdEntryBase {
  kind: 'file';
  name: string;
  openFlags: number;
  /** Device number; 0 when the capture does not carry it. */
  dev: number;
}

/** Any fd described by a name only (old-style files, directories, pipes, epoll, ...). */
export interface FdNamedEntry extends FdEntryBase {
  kind: 'named';
  name: string;
}

/**
 * IPv4 addresses are the 4 address bytes as stored (network order) read as a
 * little-endian u32: 127.0.0.1 is 0x0100007f. See ipv4ToString.
 */
export interface FdIpv4Entry extends FdEntryBase {
  kind: 'ipv4';
  sip: number;
  dip: number;
  sport: number;
  dport: number;
  l4proto: number;
}

export interface FdIpv4ServerEntry extends FdEntryBase {
  kind: 'ipv4-server';
  ip: number;
  port: number;
  l4proto: number;
}

export interface FdIpv6Entry extends FdEntryBase {
  kind: 'ipv6';
  sip: Uint8Array;
  dip: Uint8Array;
  sport: number;
  dport: number;
  l4proto: number;
}

export interface FdIpv6ServerEntry extends FdEntryBase {
  kind: 'ipv6-server';
  ip: Uint8Array;
  port: number;
  l4proto: number;
}

export interface FdUnixEntry extends FdEntryBase {
  kind: 'unix';
  /** Kernel addresses of the two socket ends. */
  source: bigint;
  destination: bigint;
  name: string;
}

/** Fd type 0: carries nothing beyond fd and inode (writers skip it, like libscap). */
export interface FdUnknownEntry extends FdEntryBase {
  kind: 'unknown';
}

export type FdEntry =
  | FdFileEntry
  | FdNamedEntry
  | FdIpv4Entry
  | FdIpv4ServerEntry
  | FdIpv6Entry
  | FdIpv6ServerEntry
  | FdUnixEntry
  | FdUnknownEntry;

export interface InterfaceIpv4 {
  kind: 'ipv4';
  /** 1 (with link speed) or 3 (written without link speed). */
  type: number;
  name: string;
  addr: number;
  netmask: number;
  bcast: number;
  linkspeed: bigint;
}

export interface InterfaceIpv6 {
  kind: 'ipv6';
  /** 2 (with link speed) or 4 (written without link speed). */
  type: number;
  name: string;
  addr: Uint8Array;
  netmask: Uint8Array;
  bcast: Uint8Array;
  linkspeed: bigint;
}

export type InterfaceEntry = InterfaceIpv4 | InterfaceIpv6;

export interface UserEntry {
  uid: number;
  gid: number;
  name: string;
  homedir: string;
  shell: string;
}

export interface GroupEntry {
  gid: number;
  name: string;
}

/**
 * The tables carried by a run of non-event blocks. Lists are in file order.
 * `interfaces`/`users`/`groups` are null when no such block was seen; a later
 * interface or user block replaces the earlier list (libscap keeps the last).
 */
export interface CaptureTables {
  /** Set when these blocks start a new section (concatenated captures). */
  section: SectionHeader | null;
  machine: MachineInfo | null;
  processes: ProcessEntry[];
  fds: FdEntry[];
  interfaces: InterfaceEntry[] | null;
  users: UserEntry[] | null;
  groups: GroupEntry[] | null;
  /** Blocks of types this reader does not know, skipped by length. */
  unknownBlocks: number;
}

/** What precedes the first event of a capture. */
export interface CaptureHeader extends CaptureTables {
  section: SectionHeader;
}

export function emptyTables(): CaptureTables {
  return {
    section: null,
    machine: null,
    processes: [],
    fds: [],
    interfaces: null,
    users: null,
    groups: null,
    unknownBlocks: 0,
  };
}

/** Dotted quad of an address stored as described on FdIpv4Entry. */
export function ipv4ToString(addr: number): string {
  return `${addr & 0xff}.${(addr >>> 8) & 0xff}.${(addr >>> 16) & 0xff}.${addr >>> 24}`;
}
