/**
 * Socket events: creation, bind (server sockets), connect (client sockets
 * named by their tuple), accept, socketpair, and the endpoint updates that
 * send/recv tuples bring to datagram sockets (with a socket created on the
 * fly when its socket() call was missed). Rules follow libsinsp 0.25.4.
 */
import { EventCode } from '../../events/event-table.js';
import { FdInfo, FdType, L4Proto } from '../fd-info.js';
import { AddressFamily, EINPROGRESS, IpProtocol, OpenFlags, SocketType } from '../ppm-flags.js';
import { bigParam, isEmptyParam, numParam, numParamOr, type ParsedEvent } from '../parsed-event.js';
import {
  cstringAt,
  isIpv4Mapped,
  isSockaddrValid,
  isSocktupleValid,
  sockaddrText,
  socketEndpointsName,
  socktupleText,
  unixTupleEnds,
  unixTupleName,
} from '../socket-text.js';
import { sanitizeText } from '../text-sanitize.js';
import type { ThreadInfo } from '../thread-info.js';
import { resultOf, type ParserContext } from './context.js';

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

/** A new socket fd of the given domain/type/protocol (socket() arguments). */
function addSocket(ctx: ParserContext, t: ThreadInfo, fd: number, domain: number, type: number, protocol: number, flags: number): void {
  const fdi = new FdInfo();
  fdi.type = FdType.UNKNOWN;
  fdi.openFlags = flags >>> 0;
  if (domain === AddressFamily.UNIX) {
    fdi.type = FdType.UNIX_SOCK;
  } else if (domain === AddressFamily.INET || domain === AddressFamily.INET6) {
    fdi.type = domain === AddressFamily.INET ? FdType.IPV4_SOCK : FdType.IPV6_SOCK;
    let l4: number = L4Proto.UNKNOWN;
    if (protocol === IpProtocol.TCP) l4 = type === SocketType.RAW ? L4Proto.RAW : L4Proto.TCP;
    else if (protocol === IpProtocol.UDP) l4 = type === SocketType.RAW ? L4Proto.RAW : L4Proto.UDP;
    else if (protocol === IpProtocol.IP) {
      // socket types may carry SOCK_NONBLOCK/SOCK_CLOEXEC in the high bits
      if ((type & 0xff) === SocketType.STREAM) l4 = L4Proto.TCP;
      else if ((type & 0xff) === SocketType.DGRAM) l4 = L4Proto.UDP;
    } else if (protocol === IpProtocol.ICMP) l4 = type === SocketType.RAW ? L4Proto.RAW : L4Proto.ICMP;
    else if (protocol === IpProtocol.RAW) l4 = L4Proto.RAW;
    if (domain === AddressFamily.INET) fdi.ipv4L4Proto = l4;
    else fdi.ipv6L4Proto = l4;
  } else if (domain === AddressFamily.NETLINK) {
    fdi.type = FdType.NETLINK;
  }
  ctx.fd = t.addFd(fd, fdi);
}

export function parseSocketExit(ctx: ParserContext, ev: ParsedEvent): void {
  const fd = resultOf(ev);
  const t = ctx.thread;
  if (fd < 0 || t === undefined) return;
  addSocket(ctx, t, fd, numParamOr(ev, 1, 0), numParamOr(ev, 2, 0), numParamOr(ev, 3, 0), numParamOr(ev, 4, 0));
}

/** bind: a port > 0 makes the socket a server socket; the name becomes the bound address. */
export function parseBindExit(ctx: ParserContext, ev: ParsedEvent): void {
  const fdi = ctx.fd;
  if (fdi === undefined || resultOf(ev) < 0) return;
  const addr = ev.rawParam(1);
  if (!isSockaddrValid(addr)) return;
  const family = addr[0];
  if (family === AddressFamily.INET) {
    const port = u16(addr, 5);
    if (port > 0) {
      const l4 = fdi.ipv4L4Proto;
      fdi.type = FdType.IPV4_SERVSOCK;
      fdi.setIpv4Server(addr, 1, port, l4);
      fdi.setRoleServer();
    }
  } else if (family === AddressFamily.INET6) {
    const port = u16(addr, 17);
    if (port > 0) {
      const l4 = fdi.ipv6L4Proto;
      if (isIpv4Mapped(addr, 1)) {
        fdi.type = FdType.IPV4_SERVSOCK;
        fdi.setIpv4Server(addr, 13, port, l4);
      } else {
        fdi.type = FdType.IPV6_SERVSOCK;
        fdi.setIpv6Server(addr, 1, port, l4);
      }
      fdi.setRoleServer();
    }
  }
  fdi.name = sockaddrText(addr);
}

/** The destination a connect used (IPv4/IPv6 sockaddr from the enter event) when the exit has no tuple. */
function fillClientFromAddress(fdi: FdInfo, addr: Uint8Array): void {
  const family = addr[0];
  if (family === AddressFamily.INET) {
    fdi.type = FdType.IPV4_SOCK;
    const s = fdi.sockWritable();
    s.set(addr.subarray(1, 5), 4);
    s[10] = addr[5]!;
    s[11] = addr[6]!;
  } else if (family === AddressFamily.INET6) {
    const port = u16(addr, 17);
    const s = fdi.sockWritable();
    if (isIpv4Mapped(addr, 1)) {
      fdi.type = FdType.IPV4_SOCK;
      s.set(addr.subarray(13, 17), 4);
      s[10] = port & 0xff;
      s[11] = port >>> 8;
    } else {
      fdi.type = FdType.IPV6_SOCK;
      s[34] = port & 0xff;
      s[35] = port >>> 8;
      s.set(addr.subarray(1, 17), 16);
    }
  }
  // Other families keep their name: the exit event has nothing to name them by.
}

function sameBytes(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/**
 * The connected socket's endpoints from the exit tuple. The destination is
 * the tuple's unless the exit's own address equals it, in which case the
 * enter event's address (read before the call, not changeable meanwhile) wins.
 */
function fillClientFromTuple(fdi: FdInfo, tuple: Uint8Array, exitAddr: Uint8Array | undefined, enterAddr: Uint8Array | undefined): void {
  const family = tuple[0];
  if (family === AddressFamily.INET || family === AddressFamily.INET6) {
    let changed: boolean;
    if (family === AddressFamily.INET6) {
      let dip = tuple;
      let dipOff = 19;
      let dport = u16(tuple, 35);
      if (exitAddr !== undefined && enterAddr !== undefined && u16(exitAddr, 17) === dport && sameBytes(exitAddr, 1, tuple, 19, 16)) {
        dip = enterAddr;
        dipOff = 1;
        dport = u16(enterAddr, 17);
      }
      const sport = u16(tuple, 17);
      if (!(isIpv4Mapped(tuple, 1) && isIpv4Mapped(dip, dipOff))) {
        fdi.type = FdType.IPV6_SOCK;
        changed = fdi.updateIpv6Tuple(tuple, 1, sport, dip, dipOff, dport, true);
      } else {
        fdi.type = FdType.IPV4_SOCK;
        changed = fdi.updateIpv4Tuple(tuple, 13, sport, dip, dipOff + 12, dport, true);
      }
    } else {
      fdi.type = FdType.IPV4_SOCK;
      let dip = tuple;
      let dipOff = 7;
      let dport = u16(tuple, 11);
      if (exitAddr !== undefined && enterAddr !== undefined && u16(exitAddr, 5) === dport && sameBytes(exitAddr, 1, tuple, 7, 4)) {
        dip = enterAddr;
        dipOff = 1;
        dport = u16(enterAddr, 5);
      }
      changed = fdi.updateIpv4Tuple(tuple, 1, u16(tuple, 5), dip, dipOff, dport, true);
    }
    // A UDP server connecting: its endpoints are seen from the other side.
    if (changed && fdi.isRoleServer() && fdi.isUdpSocket()) fdi.swapEndpoints();
    fdi.name = socketEndpointsName(fdi);
  } else {
    if (!fdi.isUnixSocket()) return;
    let dpath = cstringAt(tuple, 17);
    if (exitAddr !== undefined && enterAddr !== undefined && cstringAt(exitAddr, 1).slice(0, 108) === dpath.slice(0, 108)) {
      dpath = cstringAt(enterAddr, 1);
    }
    const { source, dest } = unixTupleEnds(tuple);
    fdi.setUnixTuple(source, dest);
    fdi.name = unixTupleName(source, dest, sanitizeText(dpath));
  }
  if (fdi.isRoleNone()) fdi.setRoleClient();
}

export function parseConnectExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  const fdi = ctx.fd;
  if (t === undefined || fdi === undefined) return;
  const res = resultOf(ev);
  if (ctx.settings.trackConnectionStatus) {
    if (res === -EINPROGRESS) fdi.setSocketPending();
    else if (res < 0) fdi.setSocketFailed();
    else fdi.setSocketConnected();
  } else {
    if (res < 0 && res !== -EINPROGRESS) return;
    fdi.setSocketConnected();
  }
  const enter = ctx.enterOf(ev);
  const enterRaw = enter?.raw[1];
  const enterAddr = isSockaddrValid(enterRaw) ? enterRaw : undefined;
  const tuple = ev.rawParam(1);
  if (tuple === undefined || tuple.length === 0) {
    // TCP fast open may leave no tuple: only the address the caller gave is known.
    if (enterAddr !== undefined) fillClientFromAddress(fdi, enterAddr);
    return;
  }
  const exitRaw = ev.rawParam(3);
  const exitAddr = isSockaddrValid(exitRaw) ? exitRaw : undefined;
  if (!isSocktupleValid(tuple)) return;
  fillClientFromTuple(fdi, tuple, exitAddr, enterAddr);
}

/** accept/accept4: a new connected server-side socket named by the tuple. */
export function parseAcceptExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const fd = resultOf(ev);
  if (fd < 0) return;
  t.lastEventFd = fd;
  const tuple = ev.rawParam(1);
  if (!isSocktupleValid(tuple)) return;
  const fdi = new FdInfo();
  const family = tuple[0];
  if (family === AddressFamily.INET) {
    fdi.updateIpv4Tuple(tuple, 1, u16(tuple, 5), tuple, 7, u16(tuple, 11), false);
    fdi.type = FdType.IPV4_SOCK;
    fdi.ipv4L4Proto = L4Proto.TCP;
  } else if (family === AddressFamily.INET6) {
    if (isIpv4Mapped(tuple, 1) && isIpv4Mapped(tuple, 19)) {
      fdi.updateIpv4Tuple(tuple, 13, u16(tuple, 17), tuple, 31, u16(tuple, 35), false);
      fdi.type = FdType.IPV4_SOCK;
      fdi.ipv4L4Proto = L4Proto.TCP;
    } else {
      fdi.updateIpv6Tuple(tuple, 1, u16(tuple, 17), tuple, 19, u16(tuple, 35), false);
      fdi.type = FdType.IPV6_SOCK;
      fdi.ipv6L4Proto = L4Proto.TCP;
    }
  } else if (family === AddressFamily.UNIX) {
    fdi.type = FdType.UNIX_SOCK;
    const { source, dest } = unixTupleEnds(tuple);
    fdi.setUnixTuple(source, dest);
  } else {
    return;
  }
  fdi.name = socktupleText(tuple);
  fdi.openFlags = ev.code === EventCode.SOCKET_ACCEPT4_6_X ? numParamOr(ev, 5, 0) & OpenFlags.CLOEXEC : 0;
  fdi.flags = 0;
  fdi.setRoleServer();
  fdi.setSocketConnected();
  ctx.fd = t.addFd(fd, fdi);
}

export function parseSocketpairExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (resultOf(ev) < 0 || t === undefined) return;
  const fd1 = numParamOr(ev, 1, -1);
  const fd2 = numParamOr(ev, 2, -1);
  if (fd1 === fd2) {
    ctx.fd = undefined;
    return;
  }
  const a = new FdInfo();
  a.type = FdType.UNIX_SOCK;
  a.setUnixTuple(bigParam(ev, 3) ?? 0n, bigParam(ev, 4) ?? 0n);
  const b = a.clone();
  ctx.fd = t.addFd(fd1, a);
  t.addFd(fd2, b);
}

// --- send/recv endpoint updates ------------------------------------------------------------

/**
 * Updates a socket from a send/recv tuple. The destination is only filled
 * when unknown; an unknown transport becomes UDP (TCP peers do not change);
 * zero addresses are completed from the interfaces. False when nothing
 * changed (or the tuple is unusable).
 */
function updateFromTuple(ctx: ParserContext, fdi: FdInfo, tuple: Uint8Array | undefined): boolean {
  if (!isSocktupleValid(tuple)) return false;
  const family = tuple[0];
  if (family === AddressFamily.INET) {
    // A former server socket keeps its protocol.
    if (fdi.type === FdType.IPV4_SERVSOCK) fdi.ipv4L4Proto = fdi.ipv4ServerL4Proto;
    fdi.type = FdType.IPV4_SOCK;
    if (!fdi.updateIpv4Tuple(tuple, 1, u16(tuple, 5), tuple, 7, u16(tuple, 11), false)) return false;
  } else if (family === AddressFamily.INET6) {
    if (isIpv4Mapped(tuple, 1) && isIpv4Mapped(tuple, 19)) {
      fdi.type = FdType.IPV4_SOCK;
      if (!fdi.updateIpv4Tuple(tuple, 13, u16(tuple, 17), tuple, 31, u16(tuple, 35), false)) return false;
    } else if (!fdi.updateIpv6Tuple(tuple, 1, u16(tuple, 17), tuple, 19, u16(tuple, 35), false)) {
      return false;
    }
  } else if (family === AddressFamily.UNIX) {
    fdi.type = FdType.UNIX_SOCK;
    const { source, dest } = unixTupleEnds(tuple);
    fdi.setUnixTuple(source, dest);
    fdi.name = cstringAt(tuple, 17);
    return true;
  }
  if (fdi.type === FdType.IPV4_SOCK) {
    if (fdi.ipv4L4Proto === L4Proto.UNKNOWN) fdi.ipv4L4Proto = L4Proto.UDP;
  } else if (fdi.type === FdType.IPV6_SOCK) {
    if (fdi.ipv6L4Proto === L4Proto.UNKNOWN) fdi.ipv6L4Proto = L4Proto.UDP;
  }
  ctx.interfaces.completeTuple(fdi);
  return true;
}

/** Client or server, guessed from whether the process owns the ports (IPv4 fields, as libsinsp reads them). */
function guessRole(t: ThreadInfo, fdi: FdInfo, incoming: boolean): void {
  if (!t.isBoundToPort(fdi.ipv4Dport)) {
    fdi.setRoleClient();
    return;
  }
  if (!t.usesClientPort(fdi.ipv4Sport)) {
    fdi.setRoleServer();
    return;
  }
  if (fdi.isRoleNone()) {
    if (incoming) fdi.setRoleServer();
    else fdi.setRoleClient();
  }
}

function isIpSocket(type: number): boolean {
  return type === FdType.IPV4_SOCK || type === FdType.IPV6_SOCK;
}

/** Connection state from the result of an I/O call on a socket. Returns false when parsing stops. */
function trackIo(ctx: ParserContext, fdi: FdInfo, res: number): boolean {
  if (res < 0) {
    if (ctx.settings.trackConnectionStatus && isIpSocket(fdi.type)) fdi.setSocketFailed();
    return false;
  }
  if (isIpSocket(fdi.type)) fdi.setSocketConnected();
  return true;
}

/** Renames a socket after its tuple changed: endpoints (oriented by role) or the tuple text. */
function renameFromTuple(ctx: ParserContext, fdi: FdInfo, tuple: Uint8Array, incoming: boolean): void {
  if (!updateFromTuple(ctx, fdi, tuple)) return;
  if (isIpSocket(fdi.type)) {
    const t = ctx.thread;
    if (t !== undefined && fdi.isRoleNone()) guessRole(t, fdi, incoming);
    if (incoming ? fdi.isRoleClient() : fdi.isRoleServer()) fdi.swapEndpoints();
    fdi.name = socketEndpointsName(fdi);
  } else {
    fdi.name = socktupleText(tuple);
  }
}

const READ_TUPLE_PARAM: ReadonlyMap<number, number> = new Map([
  [EventCode.SOCKET_RECVFROM_X, 2],
  [EventCode.SOCKET_RECVMSG_X, 3],
  [EventCode.SOCKET_RECVMMSG_X, 4],
  [EventCode.SOCKET_RECV_X, 4],
]);

/** read/readv/pread/preadv/recv/recvfrom/recvmsg/recvmmsg: socket state and, for datagrams, the peer. */
export function parseReadExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (ev.code === EventCode.SOCKET_RECVMMSG_X && isEmptyParam(ev, 0)) return;
  const fdi = ctx.fd;
  if (fdi === undefined) return;
  if (!trackIo(ctx, fdi, resultOf(ev))) return;
  const tp = READ_TUPLE_PARAM.get(ev.code);
  if (tp !== undefined && (fdi.name.length === 0 || !fdi.isTcpSocket())) {
    const tuple = ev.rawParam(tp);
    if (tuple !== undefined) renameFromTuple(ctx, fdi, tuple, true);
  }
}

const SEND_CODES: ReadonlySet<number> = new Set([
  EventCode.SOCKET_SEND_X,
  EventCode.SOCKET_SENDTO_X,
  EventCode.SOCKET_SENDMSG_X,
  EventCode.SOCKET_SENDMMSG_X,
]);

/** write/writev/pwrite/pwritev/send/sendto/sendmsg/sendmmsg: socket state and the peer of datagrams. */
export function parseWriteExit(ctx: ParserContext, ev: ParsedEvent): void {
  const code = ev.code;
  if (code === EventCode.SOCKET_SENDMMSG_X && isEmptyParam(ev, 0)) return;
  const t = ctx.thread;
  if (
    (code === EventCode.SOCKET_SEND_X || code === EventCode.SOCKET_SENDTO_X || code === EventCode.SOCKET_SENDMSG_X) &&
    ctx.fd === undefined &&
    t !== undefined &&
    resultOf(ev) >= 0
  ) {
    // The socket() was missed: assume a UDP socket of the tuple's family.
    const tuple = ev.rawParam(4);
    const family = tuple !== undefined && tuple.length > 0 ? tuple[0] : undefined;
    if (family === AddressFamily.INET || family === AddressFamily.INET6) {
      addSocket(ctx, t, numParamOr(ev, 2, -1), family, SocketType.DGRAM, IpProtocol.UDP, 0);
    }
  }
  const fdi = ctx.fd;
  if (fdi === undefined) return;
  if (!trackIo(ctx, fdi, resultOf(ev))) return;
  if (SEND_CODES.has(code) && (fdi.name.length === 0 || !fdi.isTcpSocket())) {
    const tuple = ev.rawParam(4);
    if (tuple !== undefined) renameFromTuple(ctx, fdi, tuple, false);
  }
}

/** getsockopt(SOL_SOCKET, SO_ERROR) tells a pending connection's outcome (when tracking is on). */
export function parseGetsockoptExit(ctx: ParserContext, ev: ParsedEvent): void {
  const fdi = ctx.fd;
  if (ctx.thread === undefined || fdi === undefined || !ctx.settings.trackConnectionStatus || resultOf(ev) < 0) return;
  if (numParam(ev, 2) !== 1 || numParam(ev, 3) !== 4) return;
  const val = ev.rawParam(4);
  if (val === undefined || val.length < 9) return;
  const err = Buffer.from(val.buffer, val.byteOffset, val.length).readBigInt64LE(1);
  if (err < 0n) fdi.setSocketFailed();
  else fdi.setSocketConnected();
}
