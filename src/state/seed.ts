/**
 * Initial state from a process table (a capture's process and fd blocks,
 * or a /proc scan in live mode): ThreadInfo and FdInfo from the reader's
 * records, with libsinsp's conversions — cwd and environment only for main
 * threads, sockets named from their endpoints, IPv4-mapped IPv6 sockets
 * treated as IPv4, unix sockets with a path taken as servers.
 */
import type { FdEntry, ProcessEntry } from '../events/scap-records.js';
import { FdFlags, FdInfo, FdType, L4Proto } from './fd-info.js';
import type { NetworkInterfaces } from './interfaces.js';
import { CloneFlags } from './ppm-flags.js';
import { ipv4Endpoint, ipv6Endpoint, isIpv4Mapped } from './socket-text.js';
import type { ThreadInfo } from './thread-info.js';

/** A 64-bit value as a number when exact, else a bigint. */
function u64(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? int(Number(v)) : v;
}

/**
 * The same number, as a small integer when it is one. The table readers
 * compute 64-bit ids in floating point; stored as they come, such values
 * would make the engine keep these fields of every thread and fd as boxed
 * doubles, which each event then reads and writes more slowly.
 */
export function int(v: number): number {
  return (v | 0) === v && !Object.is(v, -0) ? v | 0 : v;
}

/**
 * A string list of a process-table entry as libsinsp splits it: a lone empty
 * element (one NUL byte) means no elements.
 */
function list(v: string[]): string[] {
  return v.length === 1 && v[0] === '' ? [] : v;
}

/** Fills a fresh thread from a process-table entry. */
export function fillThreadFromEntry(t: ThreadInfo, p: ProcessEntry): ThreadInfo {
  t.tid = int(p.tid);
  t.pid = int(p.pid);
  t.ptid = int(p.ptid);
  t.sid = int(p.sid);
  t.vpgid = int(p.vpgid);
  t.pgid = int(p.pgid);
  t.comm = p.comm;
  t.exe = p.exe;
  t.setExepath(p.exepath);
  t.exeWritable = p.exeWritable;
  t.exeUpperLayer = p.exeUpperLayer;
  t.exeLowerLayer = p.exeLowerLayer;
  t.exeFromMemfd = p.exeFromMemfd;
  t.reaperTid = -1;
  t.setArgs(list(p.args));
  t.flags |= p.flags >>> 0;
  t.flags |= CloneFlags.ACTIVE;
  if (t.isMainThread()) {
    t.env = list(p.env);
    t.updateCwd(p.cwd);
  }
  t.setOwnFdTable(undefined);
  t.fdlimit = int(p.fdlimit);
  t.capPermitted = p.capPermitted;
  t.capEffective = p.capEffective;
  t.capInheritable = p.capInheritable;
  t.exeIno = u64(p.exeIno);
  t.exeInoCtime = p.exeInoCtime;
  t.exeInoMtime = p.exeInoMtime;
  t.vmsizeKb = int(p.vmsizeKb);
  t.vmrssKb = int(p.vmrssKb);
  t.vmswapKb = int(p.vmswapKb);
  t.pfMajor = int(p.pfmajor);
  t.pfMinor = int(p.pfminor);
  t.vtid = int(p.vtid);
  t.vpid = int(p.vpid);
  t.pidnsInitStartTs = p.pidnsInitStartTs;
  t.lastExecTs = 0n;
  t.tty = int(p.tty);
  t.setCgroups(list(p.cgroups));
  t.root = p.root;
  t.gid = p.gid >>> 0;
  t.uid = p.uid >>> 0;
  t.loginuid = p.loginuid >>> 0;
  return t;
}

/** The 4 address bytes of an IPv4 address stored as a little-endian u32 of network-order bytes. */
function ipv4Bytes(addr: number): Uint8Array {
  return Uint8Array.of(addr & 0xff, (addr >>> 8) & 0xff, (addr >>> 16) & 0xff, addr >>> 24);
}

/** `sip:sport->dip:dport` of the IPv4 tuple (libsinsp's form for table-loaded sockets). */
export function ipv4TupleName(fd: FdInfo): string {
  const s = fd.sock ?? new Uint8Array(40);
  return `${ipv4Endpoint(s, 0, fd.ipv4Sport)}->${ipv4Endpoint(s, 4, fd.ipv4Dport)}`;
}

/**
 * An FdInfo from a process-table fd entry, or undefined for entries that
 * carry nothing usable (type 0). Zero addresses of client sockets are
 * completed from the interfaces.
 */
export function fdFromEntry(e: FdEntry, interfaces: NetworkInterfaces): FdInfo | undefined {
  const f = new FdInfo();
  f.type = e.type as FdType;
  f.openFlags = 0;
  f.flags = FdFlags.FROM_PROC;
  f.ino = u64(e.ino);
  f.fd = int(e.fd);
  switch (e.kind) {
    case 'ipv4': {
      f.type = FdType.IPV4_SOCK;
      const sip = ipv4Bytes(e.sip);
      const dip = ipv4Bytes(e.dip);
      f.setIpv4Tuple(sip, 0, e.sport, dip, 0, e.dport);
      f.ipv4L4Proto = e.l4proto;
      if (e.l4proto === L4Proto.TCP) f.flags |= FdFlags.SOCKET_CONNECTED;
      interfaces.completeTuple(f);
      f.name = ipv4TupleName(f);
      return f;
    }
    case 'ipv4-server':
      f.type = FdType.IPV4_SERVSOCK;
      f.setIpv4Server(ipv4Bytes(e.ip), 0, e.port, e.l4proto);
      f.name = ipv4Endpoint(ipv4Bytes(e.ip), 0, e.port);
      return f;
    case 'ipv6':
      if (isIpv4Mapped(e.sip, 0) && isIpv4Mapped(e.dip, 0)) {
        f.type = FdType.IPV4_SOCK;
        f.setIpv4Tuple(e.sip, 12, e.sport, e.dip, 12, e.dport);
        f.ipv4L4Proto = e.l4proto;
        if (e.l4proto === L4Proto.TCP) f.flags |= FdFlags.SOCKET_CONNECTED;
        interfaces.completeTuple(f);
        f.name = ipv4TupleName(f);
        return f;
      }
      f.type = FdType.IPV6_SOCK;
      f.setIpv6Tuple(e.sip, 0, e.sport, e.dip, 0, e.dport);
      f.ipv6L4Proto = e.l4proto;
      if (e.l4proto === L4Proto.TCP) f.flags |= FdFlags.SOCKET_CONNECTED;
      f.name = `${ipv6Endpoint(e.sip, 0, e.sport)}->${ipv6Endpoint(e.dip, 0, e.dport)}`;
      return f;
    case 'ipv6-server':
      f.type = FdType.IPV6_SERVSOCK;
      f.setIpv6Server(e.ip, 0, e.port, e.l4proto);
      f.name = ipv6Endpoint(e.ip, 0, e.port);
      return f;
    case 'unix':
      f.type = FdType.UNIX_SOCK;
      f.setUnixTuple(e.source, e.destination);
      f.name = e.name;
      if (f.name.length === 0) f.setRoleClient();
      else f.setRoleServer();
      return f;
    case 'file':
      f.type = FdType.FILE_V2;
      f.openFlags = e.openFlags >>> 0;
      f.name = e.name;
      f.dev = int(e.dev);
      f.mountId = 0;
      return f;
    case 'named':
      f.name = e.name;
      return f;
    default:
      return undefined;
  }
}

/**
 * Orients table-loaded IPv4 sockets: a socket whose local port is one of
 * the machine's listening ports is the server end (its endpoints are
 * swapped so the client comes first); every other one is a client.
 */
export function orientLoadedSockets(threads: Iterable<ThreadInfo>, serverPorts: ReadonlySet<number>): void {
  for (const t of threads) {
    t.ownFdTableIfAny()?.forEach((_fd, f) => {
      if (f.type !== FdType.IPV4_SOCK) return;
      if (!serverPorts.has(f.ipv4Sport)) {
        f.setRoleClient();
        return;
      }
      f.swapEndpoints();
      f.name = ipv4TupleName(f);
      f.setRoleServer();
    });
  }
}
