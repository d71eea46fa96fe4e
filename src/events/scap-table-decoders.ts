/**
 * Decoders for the non-event blocks of a scap capture, one per block kind,
 * driven by the layouts in scap-blocks.ts. Each takes a cursor over the block
 * body (trailer excluded) and applies libscap's acceptance rules, so a file
 * falconet accepts is one Falco accepts and vice versa.
 */
import {
  CURRENT_MAJOR_VERSION,
  FD_LAYOUTS,
  FD_PREFIX_LAYOUT,
  FIXED_FIELD_SIZE,
  GROUP_LAYOUT,
  INTERFACE_FIXED_SIZE,
  InterfaceType,
  MACHINE_INFO_LAYOUT,
  MACHINE_INFO_SIZE,
  PRE_0_10_TAIL_SIZE,
  PROCESS_DEFAULTS,
  PROCESS_LAYOUT,
  SCAP_MAX_PATH_SIZE,
  SHB_MAGIC,
  ScapFdType,
  USER_LAYOUT,
  UserBlockEntryType,
  fdKindOf,
} from './scap-blocks.js';
import type { BlockCursor, FieldValueOf } from './scap-cursor.js';
import type {
  FdEntry,
  GroupEntry,
  InterfaceEntry,
  MachineInfo,
  ProcessEntry,
  SectionHeader,
  UserEntry,
} from './scap-records.js';

type Bag = Record<string, FieldValueOf>;

/** Entries are parsed while at least this many bytes remain; fewer are padding. */
const MIN_ENTRY_BYTES = 4;

/** Body of a section header block (options after the fixed part are ignored, as libscap does). */
export function decodeSectionHeader(cur: BlockCursor, blockOffset: number): SectionHeader {
  const at = cur.pos;
  const magic = cur.u32('byte-order magic');
  if (magic !== SHB_MAGIC) {
    const found = magic === 0x4d3c2b1a ? 'a big-endian capture' : `0x${magic.toString(16).padStart(8, '0')}`;
    throw cur.error('invalid section header', `byte-order magic 0x${SHB_MAGIC.toString(16)}`, found, at);
  }
  const major = cur.u16('major version');
  const minor = cur.u16('minor version');
  const sectionLength = cur.u64('section length');
  if (major > CURRENT_MAJOR_VERSION) {
    throw cur.error('unsupported capture format version', `major version ${CURRENT_MAJOR_VERSION} or older`, `${major}.${minor}`, at + 4);
  }
  return { offset: blockOffset, major, minor, sectionLength };
}

export function decodeMachineInfo(cur: BlockCursor): MachineInfo {
  cur.need(MACHINE_INFO_SIZE, 'machine info');
  const m: Bag = {};
  for (const f of MACHINE_INFO_LAYOUT) m[f.key] = cur.field(f.kind, f.key);
  return m as unknown as MachineInfo;
}

/** Entries of a process list block of layout `version` (1..9). */
export function decodeProcessList(cur: BlockCursor, version: number): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  while (cur.left >= MIN_ENTRY_BYTES) {
    const start = cur.pos;
    const subLen = version >= 9 ? cur.u32('process entry length') : 0;
    const e: ProcessEntry = { ...PROCESS_DEFAULTS, args: [], env: [], cgroups: [] };
    const bag = e as unknown as Bag;
    let pre010: boolean | undefined;
    for (const f of PROCESS_LAYOUT) {
      if (f.since > version) continue;
      if (f.tail !== undefined) {
        const read = cur.pos - start;
        // Decided once, right after `root`: how much is left tells old writers from new.
        if (pre010 === undefined) pre010 = subLen >= read && subLen - read <= PRE_0_10_TAIL_SIZE;
        if (f.tail === 'interleaved' && pre010) continue;
        if (subLen === 0 || read + FIXED_FIELD_SIZE[f.kind] > subLen) continue;
      }
      bag[f.key] = cur.field(f.kind, f.key, f.maxLen);
    }
    if (subLen !== 0) skipToEntryEnd(cur, start, subLen, 'process entry');
    out.push(e);
  }
  return out;
}

/** The fds of one thread: the block starts with its tid. */
export function decodeFdList(cur: BlockCursor, hasEntryLengths: boolean): FdEntry[] {
  const tid = cur.i64('tid');
  const out: FdEntry[] = [];
  while (cur.left >= MIN_ENTRY_BYTES) {
    const start = cur.pos;
    const subLen = hasEntryLengths ? cur.u32('fd entry length') : 0;
    const e: Bag = { kind: 'unknown', tid };
    for (const f of FD_PREFIX_LAYOUT) e[f.key] = cur.field(f.kind, f.key);
    const type = e['type'] as number;
    const kind = fdKindOf(type);
    if (kind === null) {
      // A type from a newer writer: libscap keeps the fd as "unsupported" and reads nothing more.
      e['kind'] = 'named';
      e['type'] = ScapFdType.UNSUPPORTED;
      e['name'] = `unknown-type:[${type}]`;
    } else {
      e['kind'] = kind;
      for (const f of FD_LAYOUTS[kind]) {
        if (kind === 'file' && f.key === 'dev') {
          // Only v2 entries long enough carry the device number.
          e['dev'] = subLen !== 0 && cur.pos - start + 4 <= subLen ? cur.u32('dev') : 0;
          continue;
        }
        e[f.key] = cur.field(f.kind, f.key, f.maxLen);
      }
    }
    if (subLen !== 0) skipToEntryEnd(cur, start, subLen, 'fd entry');
    out.push(e as unknown as FdEntry);
  }
  return out;
}

export function decodeInterfaceList(cur: BlockCursor, hasEntryLengths: boolean): InterfaceEntry[] {
  const out: InterfaceEntry[] = [];
  while (cur.left >= MIN_ENTRY_BYTES) {
    const entryLen = hasEntryLengths ? cur.u32('interface entry length') : 0;
    const start = cur.pos;
    if (hasEntryLengths && entryLen > cur.left) {
      throw cur.error('corrupted interface list', `at most ${cur.left} bytes for the entry`, `length ${entryLen}`, start - 4);
    }
    const type = cur.u16('interface type');
    const nameLen = cur.u16('interface name length');
    const fixed = INTERFACE_FIXED_SIZE[type];
    if (fixed === undefined) throw cur.error('unknown interface type', 'type 1, 2, 3 or 4', `${type}`, start);
    if (nameLen >= SCAP_MAX_PATH_SIZE) {
      throw cur.error('invalid interface name length', `less than ${SCAP_MAX_PATH_SIZE}`, `${nameLen}`, start + 2);
    }
    cur.need(fixed - 4 + nameLen, 'interface entry');
    const withSpeed = type === InterfaceType.IPV4 || type === InterfaceType.IPV6;
    if (type === InterfaceType.IPV4 || type === InterfaceType.IPV4_NOLINKSPEED) {
      const addr = cur.u32('addr');
      const netmask = cur.u32('netmask');
      const bcast = cur.u32('bcast');
      const linkspeed = withSpeed ? cur.u64('linkspeed') : 0n;
      out.push({ kind: 'ipv4', type, name: interfaceName(cur, nameLen), addr, netmask, bcast, linkspeed });
    } else {
      const addr = cur.bytes(16, 'addr');
      const netmask = cur.bytes(16, 'netmask');
      const bcast = cur.bytes(16, 'bcast');
      const linkspeed = withSpeed ? cur.u64('linkspeed') : 0n;
      out.push({ kind: 'ipv6', type, name: interfaceName(cur, nameLen), addr, netmask, bcast, linkspeed });
    }
    // v2 entries may carry fields this reader does not know: their length says where the next starts.
    if (entryLen !== 0) cur.pos = start + entryLen;
  }
  return out;
}

function interfaceName(cur: BlockCursor, len: number): string {
  const start = cur.pos;
  cur.pos += len;
  const nul = cur.buf.subarray(start, start + len).indexOf(0);
  return cur.buf.toString('utf8', start, nul === -1 ? start + len : start + nul);
}

export function decodeUserList(cur: BlockCursor, hasEntryLengths: boolean): { users: UserEntry[]; groups: GroupEntry[] } {
  const users: UserEntry[] = [];
  const groups: GroupEntry[] = [];
  while (cur.left >= MIN_ENTRY_BYTES) {
    const start = cur.pos;
    const subLen = hasEntryLengths ? cur.u32('user entry length') : 0;
    const type = cur.u8('user entry type');
    // libscap reads anything but "user" as a group.
    const isUser = type === UserBlockEntryType.USER;
    const e: Bag = {};
    for (const f of isUser ? USER_LAYOUT : GROUP_LAYOUT) e[f.key] = cur.field(f.kind, f.key, f.maxLen);
    if (subLen !== 0) skipToEntryEnd(cur, start, subLen, 'user entry');
    if (isUser) users.push(e as unknown as UserEntry);
    else groups.push(e as unknown as GroupEntry);
  }
  return { users, groups };
}

/** Entries with a length prefix may be longer than what we know how to read: skip the rest. */
function skipToEntryEnd(cur: BlockCursor, start: number, subLen: number, what: string): void {
  const read = cur.pos - start;
  if (read > subLen) {
    throw cur.error(`corrupted ${what}`, `at most ${subLen} bytes (the entry's length)`, `its fields take ${read}`, start);
  }
  cur.skip(subLen - read, `rest of ${what}`);
}
