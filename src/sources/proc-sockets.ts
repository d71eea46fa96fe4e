/**
 * The kernel's socket tables (/proc/PID/net/{tcp,udp,raw,unix,netlink,
 * tcp6,udp6,raw6}) read into entries keyed by socket inode, the way libscap
 * resolves `socket:[INODE]` fds when it scans /proc: an IPv4/IPv6 entry
 * with no remote address is a server socket; unix sockets keep their
 * kernel address and path; netlink sockets are known by inode only.
 *
 * Addresses follow the capture records' conventions (FdIpv4Entry): an IPv4
 * address is its network-order bytes read as a little-endian u32, which is
 * exactly the hex number the tables print; IPv6 addresses are the 16 bytes
 * in network order.
 */
import { readFileSync } from 'node:fs';
import type { FdEntry } from '../events/scap-records.js';
import { FdType, L4Proto } from '../state/fd-info.js';

/** An fd entry without the fd and thread it will belong to. */
export type SocketEntry = DistributiveOmit<FdEntry, 'tid' | 'fd'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type SocketTable = Map<bigint, SocketEntry>;

function hexU32(s: string): number {
  return Number.parseInt(s, 16) >>> 0;
}

/** `ADDR:PORT` of an IPv6 table: four u32 words as printed (each the little-endian read of 4 address bytes). */
function ipv6Bytes(hex: string): Uint8Array {
  const out = new Uint8Array(16);
  for (let w = 0; w < 4; w++) {
    const v = hexU32(hex.slice(w * 8, w * 8 + 8));
    out[w * 4] = v & 0xff;
    out[w * 4 + 1] = (v >>> 8) & 0xff;
    out[w * 4 + 2] = (v >>> 16) & 0xff;
    out[w * 4 + 3] = v >>> 24;
  }
  return out;
}

function fields(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** Lines of /proc/net/tcp, udp or raw (IPv4). */
export function parseIpv4Table(text: string, l4proto: number, into: SocketTable = new Map()): SocketTable {
  for (const line of text.split('\n')) {
    const f = fields(line);
    if (f.length < 10 || !f[0]!.endsWith(':')) continue;
    const [sipHex, sportHex] = f[1]!.split(':');
    const [dipHex, dportHex] = f[2]!.split(':');
    if (sipHex === undefined || sportHex === undefined || dipHex === undefined || dportHex === undefined) continue;
    if (!/^\d+$/.test(f[9]!)) continue;
    const ino = BigInt(f[9]!);
    const sip = hexU32(sipHex);
    const dip = hexU32(dipHex);
    const sport = Number.parseInt(sportHex, 16);
    const dport = Number.parseInt(dportHex, 16);
    if (dip !== 0) into.set(ino, { kind: 'ipv4', type: FdType.IPV4_SOCK, ino, sip, dip, sport, dport, l4proto });
    else into.set(ino, { kind: 'ipv4-server', type: FdType.IPV4_SERVSOCK, ino, ip: sip, port: sport, l4proto });
  }
  return into;
}

/** Lines of /proc/net/tcp6, udp6 or raw6. */
export function parseIpv6Table(text: string, l4proto: number, into: SocketTable = new Map()): SocketTable {
  for (const line of text.split('\n')) {
    const f = fields(line);
    if (f.length < 10 || !f[0]!.endsWith(':')) continue;
    const [sipHex, sportHex] = f[1]!.split(':');
    const [dipHex, dportHex] = f[2]!.split(':');
    if (sipHex?.length !== 32 || dipHex?.length !== 32 || sportHex === undefined || dportHex === undefined) continue;
    if (!/^\d+$/.test(f[9]!)) continue;
    const ino = BigInt(f[9]!);
    const sip = ipv6Bytes(sipHex);
    const dip = ipv6Bytes(dipHex);
    const sport = Number.parseInt(sportHex, 16);
    const dport = Number.parseInt(dportHex, 16);
    if (dip.some((b) => b !== 0)) into.set(ino, { kind: 'ipv6', type: FdType.IPV6_SOCK, ino, sip, dip, sport, dport, l4proto });
    else into.set(ino, { kind: 'ipv6-server', type: FdType.IPV6_SERVSOCK, ino, ip: sip, port: sport, l4proto });
  }
  return into;
}

/** Lines of /proc/net/unix: `Num: RefCount Protocol Flags Type St Inode [Path]`. */
export function parseUnixTable(text: string, into: SocketTable = new Map()): SocketTable {
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]+):\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\d+)(?:\s+(.*))?$/.exec(line.trim());
    if (m === null) continue;
    const ino = BigInt(m[2]!);
    into.set(ino, { kind: 'unix', type: FdType.UNIX_SOCK, ino, source: BigInt(`0x${m[1]}`), destination: 0n, name: m[3] ?? '' });
  }
  return into;
}

/** Lines of /proc/net/netlink: the inode is the tenth field. */
export function parseNetlinkTable(text: string, into: SocketTable = new Map()): SocketTable {
  for (const line of text.split('\n')) {
    if (line.startsWith('s')) continue; // header
    const f = fields(line);
    if (f.length < 10 || !/^\d+$/.test(f[9]!)) continue;
    const ino = BigInt(f[9]!);
    into.set(ino, { kind: 'named', type: FdType.NETLINK, ino, name: '' });
  }
  return into;
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/**
 * Every socket of one network namespace, from the `net/` folder of a
 * process in it (`/proc/PID/net/`). Missing IPv6 tables are skipped, as
 * libscap does on hosts without IPv6.
 */
export function readSocketTables(netDir: string): SocketTable {
  const t: SocketTable = new Map();
  const v4: Array<[string, number]> = [['tcp', L4Proto.TCP], ['udp', L4Proto.UDP], ['raw', L4Proto.RAW]];
  for (const [name, proto] of v4) {
    const text = readOr(`${netDir}/${name}`);
    if (text !== undefined) parseIpv4Table(text, proto, t);
  }
  const unix = readOr(`${netDir}/unix`);
  if (unix !== undefined) parseUnixTable(unix, t);
  const netlink = readOr(`${netDir}/netlink`);
  if (netlink !== undefined) parseNetlinkTable(netlink, t);
  const v6: Array<[string, number]> = [['tcp6', L4Proto.TCP], ['udp6', L4Proto.UDP], ['raw6', L4Proto.RAW]];
  for (const [name, proto] of v6) {
    const text = readOr(`${netDir}/${name}`);
    if (text !== undefined) parseIpv6Table(text, proto, t);
  }
  return t;
}
