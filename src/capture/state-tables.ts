/**
 * The state engine's current tables in the shape of a capture's table
 * blocks: what a capture file opened in the middle of a run starts with so
 * that it replays on its own. Falco does the same when an alert opens a
 * capture: it writes its in-memory thread table (not a new /proc scan), the
 * fds of each process's main thread, and its users and groups.
 *
 * Differences from the state kept in memory, all for the readers of the
 * file: strings and lists are cut to what the scap format allows; fds of
 * the types added after FILE_V2 (bpf, userfaultfd, io_uring, memfd, pidfd)
 * are left out, as readers older than libs 0.10 (Debian's sysdig 0.29.3)
 * refuse a whole file over one; threads the state marks filtered out are
 * left out, as Falco does.
 */
import { cpus, hostname, totalmem } from 'node:os';
import {
  MAX_CREDENTIALS_STR_LEN, SCAP_MAX_ARGS_SIZE, SCAP_MAX_CGROUPS_SIZE, SCAP_MAX_ENV_SIZE, SCAP_MAX_PATH_SIZE,
} from '../events/scap-blocks.js';
import type {
  CaptureTables, FdEntry, GroupEntry, InterfaceEntry, MachineInfo, ProcessEntry, UserEntry,
} from '../events/scap-records.js';
import { emptyTables } from '../events/scap-records.js';
import { FdType, type FdInfo } from '../state/fd-info.js';
import type { StateEngine } from '../state/system-state.js';
import type { ThreadInfo } from '../state/thread-info.js';

/** `text` cut to at most `maxBytes` bytes of UTF-8, never inside a character. */
export function fitText(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to a character start.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** The leading items of a NUL-separated list that fit in `maxBytes` (each item plus its NUL). */
export function fitList(items: readonly string[], maxBytes: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const item of items) {
    const n = Buffer.byteLength(item, 'utf8') + 1;
    if (used + n > maxBytes) break;
    out.push(item);
    used += n;
  }
  return out;
}

const PATH_MAX = SCAP_MAX_PATH_SIZE - 1;
const CREDENTIAL_MAX = MAX_CREDENTIALS_STR_LEN - 1;

function asBigint(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(Math.max(0, Math.trunc(v)));
}

/** A process-table entry for a thread (cwd and environment are its process's). */
export function processEntryOf(t: ThreadInfo): ProcessEntry {
  const cwd = t.getCwd();
  return {
    tid: t.tid,
    pid: t.pid,
    ptid: t.ptid,
    sid: t.sid,
    vpgid: t.vpgid,
    comm: fitText(t.comm, PATH_MAX),
    exe: fitText(t.exe, PATH_MAX),
    exepath: fitText(t.exepath, PATH_MAX),
    args: fitList(t.args, SCAP_MAX_ARGS_SIZE),
    // libsinsp writes "/" for a thread whose working directory it never learnt.
    cwd: fitText(cwd === '' ? '/' : cwd, PATH_MAX),
    fdlimit: t.fdlimit,
    flags: t.flags >>> 0,
    uid: t.uid >>> 0,
    gid: t.gid >>> 0,
    vmsizeKb: t.vmsizeKb >>> 0,
    vmrssKb: t.vmrssKb >>> 0,
    vmswapKb: t.vmswapKb >>> 0,
    pfmajor: t.pfMajor,
    pfminor: t.pfMinor,
    env: fitList(t.getEnv(), SCAP_MAX_ENV_SIZE),
    vtid: t.vtid,
    vpid: t.vpid,
    cgroups: fitList(t.cgroups.map(([subsys, path]) => `${subsys}=${path}`), SCAP_MAX_CGROUPS_SIZE),
    root: fitText(t.root, PATH_MAX),
    pidnsInitStartTs: t.pidnsInitStartTs,
    tty: t.tty >>> 0,
    loginuid: t.loginuid >>> 0,
    exeWritable: t.exeWritable,
    capInheritable: t.capInheritable,
    capPermitted: t.capPermitted,
    capEffective: t.capEffective,
    exeUpperLayer: t.exeUpperLayer,
    exeIno: asBigint(t.exeIno),
    exeInoCtime: t.exeInoCtime,
    exeInoMtime: t.exeInoMtime,
    exeFromMemfd: t.exeFromMemfd,
    exeLowerLayer: t.exeLowerLayer,
    pgid: t.pgid,
  };
}

/** Network-order IPv4 bytes as the capture records keep them (read little-endian). */
function ipv4Number(b: Uint8Array): number {
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

/** The fd-table entry of an fd, or undefined for fds a capture table does not carry. */
export function fdEntryOf(tid: number, f: FdInfo): FdEntry | undefined {
  const base = { tid, fd: f.fd, ino: asBigint(f.ino), type: f.type };
  switch (f.type) {
    case FdType.FILE_V2:
      return { ...base, kind: 'file', name: fitText(f.name, PATH_MAX), openFlags: f.openFlags >>> 0, dev: f.dev >>> 0 };
    case FdType.IPV4_SOCK: {
      const sip = f.ipv4Sip();
      const dip = f.ipv4Dip();
      return { ...base, kind: 'ipv4', sip: ipv4Number(sip), dip: ipv4Number(dip), sport: f.ipv4Sport, dport: f.ipv4Dport, l4proto: f.ipv4L4Proto };
    }
    case FdType.IPV4_SERVSOCK:
      return { ...base, kind: 'ipv4-server', ip: ipv4Number(f.ipv4ServerIp()), port: f.ipv4ServerPort, l4proto: f.ipv4ServerL4Proto };
    case FdType.IPV6_SOCK:
      return { ...base, kind: 'ipv6', sip: f.ipv6Sip(), dip: f.ipv6Dip(), sport: f.ipv6Sport, dport: f.ipv6Dport, l4proto: f.ipv6L4Proto };
    case FdType.IPV6_SERVSOCK:
      return { ...base, kind: 'ipv6-server', ip: f.ipv6ServerIp(), port: f.ipv6ServerPort, l4proto: f.ipv6ServerL4Proto };
    case FdType.UNIX_SOCK:
      return { ...base, kind: 'unix', source: f.unixSource, destination: f.unixDest, name: fitText(f.name, PATH_MAX) };
    case FdType.FILE:
    case FdType.DIRECTORY:
    case FdType.FIFO:
    case FdType.EVENT:
    case FdType.UNSUPPORTED:
    case FdType.SIGNALFD:
    case FdType.EVENTPOLL:
    case FdType.INOTIFY:
    case FdType.TIMERFD:
    case FdType.NETLINK:
      return { ...base, kind: 'named', name: fitText(f.name, PATH_MAX) };
    default:
      // Not yet typed, unknown, or a type newer than FILE_V2 (see the module comment).
      return undefined;
  }
}

function interfacesOf(state: StateEngine): InterfaceEntry[] {
  const out: InterfaceEntry[] = [];
  for (const i of state.interfaces.ipv4) {
    out.push({
      kind: 'ipv4',
      type: 1,
      name: fitText(i.name, PATH_MAX),
      addr: ipv4Number(i.addr),
      netmask: ipv4Number(i.netmask),
      bcast: i.bcast === undefined ? 0 : ipv4Number(i.bcast),
      linkspeed: 0n,
    });
  }
  for (const i of state.interfaces.ipv6) {
    out.push({ kind: 'ipv6', type: 2, name: fitText(i.name, PATH_MAX), addr: i.addr, netmask: new Uint8Array(16), bcast: new Uint8Array(16), linkspeed: 0n });
  }
  return out;
}

/** The machine block of a capture written on this host, booted at `bootTsEpoch` (ns since the epoch). */
export function hostMachine(bootTsEpoch: bigint): MachineInfo {
  return {
    numCpus: cpus().length,
    memorySizeBytes: BigInt(totalmem()),
    maxPid: 0n,
    hostname: hostname(),
    bootTsEpoch,
    flags: 0n,
    reserved3: 0n,
    reserved4: 0n,
  };
}

/**
 * Everything the state engine knows, as capture tables: machine, interfaces,
 * the host's users and groups, every thread, and the fds of main threads.
 */
export function tablesFromState(state: StateEngine, machine: MachineInfo = hostMachine(state.settings.bootTsEpoch)): CaptureTables {
  const tables = emptyTables();
  tables.machine = machine;
  tables.interfaces = interfacesOf(state);
  const users: UserEntry[] = [];
  for (const u of state.users.userList('')?.values() ?? []) {
    users.push({ uid: u.uid, gid: u.gid, name: fitText(u.name, CREDENTIAL_MAX), homedir: fitText(u.home, CREDENTIAL_MAX), shell: fitText(u.shell, CREDENTIAL_MAX) });
  }
  const groups: GroupEntry[] = [];
  for (const g of state.users.groupList('')?.values() ?? []) groups.push({ gid: g.gid, name: fitText(g.name, CREDENTIAL_MAX) });
  tables.users = users;
  tables.groups = groups;
  for (const t of state.threads.values()) {
    if (t.filteredOut) continue;
    tables.processes.push(processEntryOf(t));
    if (!t.isMainThread()) continue;
    t.fdTable()?.forEach((_fd, f) => {
      const e = fdEntryOf(t.tid, f);
      if (e !== undefined) tables.fds.push(e);
    });
  }
  return tables;
}

