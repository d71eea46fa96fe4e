/**
 * Extractors of the fd.* fields with Falco 0.44.1's semantics (libsinsp
 * 0.25.4): the fd an fd-related event refers to (see ./fd-context.ts),
 * its type, name, directory, endpoints, ports, device and overlay facts.
 *
 * Values: IP addresses are 4 or 16 bytes in network order (what the
 * operators and the output formatter take), ports numbers, the *proto
 * fields the port as decimal text (no service-name resolution, Falco's
 * default), and fd.types a list.
 *
 * fd.ip, fd.net, fd.port and fd.proto are filter-only: libsinsp compares
 * them against both ends of a connection (`=` matches either end, `!=`
 * needs both to differ), which the compiled conditions do when given both
 * values as an array (see CheckedCompare.quantifier); libsinsp has no
 * printable value for them. The *.name fields need Falco's DNS cache,
 * which is off by default: they have no value.
 */
import { EventCode } from '../../events/event-table.js';
import { FdType, L4Proto, type FdInfo } from '../../state/fd-info.js';
import type { ThreadInfo } from '../../state/thread-info.js';
import type { FieldScalar, FieldValue } from '../value.js';
import type { ClassExtractorBuilder, SyscallExtractor } from './class-extractor.js';
import { eventFdOf, fdThreadOf, isLocalIpv4, isLocalIpv6, peekFd } from './fd-context.js';
import { collapseSeparators, eventFdName, fdNameFromEvent } from './fd-name.js';
import { unorderedMapOrder } from './fd-table-order.js';
import type { SyscallEvent } from './syscall-event.js';

/** `fd.typechar` of an fd event whose fd the state does not have, guessed from the call. */
const TYPECHAR_BY_EVENT: ReadonlyMap<number, string> = new Map([
  [EventCode.SYSCALL_OPENAT_2_X, 'f'],
  [EventCode.SYSCALL_OPENAT2_X, 'f'],
  [EventCode.SYSCALL_CREAT_X, 'f'],
  // Always IPv4, whatever the family: libsinsp's guess.
  [EventCode.SOCKET_SOCKET_X, '4'],
  [EventCode.SOCKET_ACCEPT_5_X, '4'],
  [EventCode.SOCKET_ACCEPT4_6_X, '4'],
  [EventCode.SYSCALL_PIPE_X, 'p'],
  [EventCode.SYSCALL_PIPE2_X, 'p'],
  [EventCode.SYSCALL_EVENTFD_X, 'e'],
  [EventCode.SYSCALL_EVENTFD2_X, 'e'],
  [EventCode.SYSCALL_SIGNALFD_X, 's'],
  [EventCode.SYSCALL_SIGNALFD4_X, 's'],
  [EventCode.SYSCALL_TIMERFD_CREATE_X, 't'],
  [EventCode.SYSCALL_INOTIFY_INIT_X, 'i'],
  [EventCode.SYSCALL_INOTIFY_INIT1_X, 'i'],
]);

const L4_NAMES: { readonly [p: number]: string } = {
  [L4Proto.TCP]: 'tcp',
  [L4Proto.UDP]: 'udp',
  [L4Proto.ICMP]: 'icmp',
  [L4Proto.RAW]: 'raw',
};

function isClientSocket(fd: FdInfo): boolean {
  return fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK;
}

function isIpSocket(fd: FdInfo): boolean {
  return isClientSocket(fd) || fd.type === FdType.IPV4_SERVSOCK || fd.type === FdType.IPV6_SERVSOCK;
}

function isFileOrDir(fd: FdInfo): boolean {
  return fd.isFile() || fd.isDirectory();
}

// ---------------------------------------------------------------------------
// Names

/** The fd's name, or the one the event implies when the state has no fd. */
function fdName(ev: SyscallEvent): string | undefined {
  if (fdThreadOf(ev) === undefined) return undefined;
  const fd = eventFdOf(ev);
  return fd !== undefined ? fd.name : eventFdName(ev);
}

// The last name asked and its directory: fds opened one after the other
// often share a name (the same string object, see decodeCString), and rules
// read fd.directory of most opens.
let lastDirectoryOf = '';
let lastDirectory = '/';

/** The directory part of a file name: up to the last `/` (kept when it ends the name), `/` at the root. */
function directoryOf(name: string): string {
  if (name === lastDirectoryOf) return lastDirectory;
  const pos = name.lastIndexOf('/');
  const dir = pos <= 0 ? '/' : pos < name.length - 1 ? name.slice(0, pos) : name;
  lastDirectoryOf = name;
  lastDirectory = dir;
  return dir;
}

function fdDirectory(ev: SyscallEvent): string | undefined {
  if (fdThreadOf(ev) === undefined) return undefined;
  const fd = eventFdOf(ev);
  if (fd === undefined) {
    const name = eventFdName(ev);
    return name === undefined ? undefined : directoryOf(name);
  }
  if (!isFileOrDir(fd)) return undefined;
  return fd.isFile() ? directoryOf(fd.name) : fd.name;
}

function fdFilename(ev: SyscallEvent): string | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined || !fd.isFile()) return undefined;
  const name = fd.name;
  const pos = name.lastIndexOf('/');
  if (pos < 0) return '/';
  return pos < name.length - 1 ? name.slice(pos + 1) : name;
}

function fdNameRaw(ev: SyscallEvent): string | undefined {
  if (fdThreadOf(ev) === undefined) return undefined;
  const fd = eventFdOf(ev);
  const raw = fd !== undefined ? fd.nameRaw : fdNameFromEvent(ev, true);
  return raw === undefined ? undefined : collapseSeparators(raw);
}

/** `<container id>:<text>`; the id is empty on the host. */
function withContainer(ev: SyscallEvent, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return `${ev.thread?.containerId ?? ''}:${text}`;
}

// ---------------------------------------------------------------------------
// Endpoints

/** Client address: the source of a client socket that has a role. */
function clientIp(ev: SyscallEvent): Uint8Array | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined || fd.isRoleNone()) return undefined;
  if (fd.type === FdType.IPV4_SOCK) return fd.ipv4Sip();
  if (fd.type === FdType.IPV6_SOCK) return fd.ipv6Sip();
  return undefined;
}

/** Server address: the destination of a client socket with a role, or a server socket's address. */
function serverIp(ev: SyscallEvent): Uint8Array | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined || fd.isRoleNone()) return undefined;
  switch (fd.type) {
    case FdType.IPV4_SOCK: return fd.ipv4Dip();
    case FdType.IPV4_SERVSOCK: return fd.ipv4ServerIp();
    case FdType.IPV6_SOCK: return fd.ipv6Dip();
    case FdType.IPV6_SERVSOCK: return fd.ipv6ServerIp();
    default: return undefined;
  }
}

/** A client socket with a role and whether its source address is the machine's own. */
interface Oriented {
  fd: FdInfo;
  v4: boolean;
  sourceIsLocal: boolean;
}

function oriented(ev: SyscallEvent): Oriented | undefined {
  const t = fdThreadOf(ev);
  const fd = eventFdOf(ev);
  if (t === undefined || fd === undefined || !isClientSocket(fd) || fd.isRoleNone()) return undefined;
  const v4 = fd.type === FdType.IPV4_SOCK;
  const sourceIsLocal = v4 ? isLocalIpv4(ev, t, fd.ipv4Sip()) : isLocalIpv6(ev, t, fd.ipv6Sip());
  return { fd, v4, sourceIsLocal };
}

/** fd.lip (local) / fd.rip (remote): the source is local when it is one of ours, else the destination. */
function endpointIp(local: boolean): SyscallExtractor {
  return (ev) => {
    const o = oriented(ev);
    if (o === undefined) return undefined;
    const source = o.sourceIsLocal === local;
    if (o.v4) return source ? o.fd.ipv4Sip() : o.fd.ipv4Dip();
    return source ? o.fd.ipv6Sip() : o.fd.ipv6Dip();
  };
}

function endpointPortOf(o: Oriented, local: boolean): number {
  const source = o.sourceIsLocal === local;
  if (o.v4) return source ? o.fd.ipv4Sport : o.fd.ipv4Dport;
  return source ? o.fd.ipv6Sport : o.fd.ipv6Dport;
}

function endpointPort(local: boolean): SyscallExtractor {
  return (ev) => {
    const o = oriented(ev);
    return o === undefined ? undefined : endpointPortOf(o, local);
  };
}

function endpointProto(local: boolean): SyscallExtractor {
  return (ev) => {
    const o = oriented(ev);
    return o === undefined ? undefined : String(endpointPortOf(o, local));
  };
}

function clientPortOf(fd: FdInfo): number | undefined {
  if (fd.type === FdType.IPV4_SOCK) return fd.ipv4Sport;
  if (fd.type === FdType.IPV6_SOCK) return fd.ipv6Sport;
  return undefined;
}

function clientPort(ev: SyscallEvent): number | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined || fd.isRoleNone()) return undefined;
  return clientPortOf(fd);
}

function clientProto(ev: SyscallEvent): string | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined || fd.isRoleNone()) return undefined;
  const port = clientPortOf(fd);
  // Other fds with a role (servers) give an empty text rather than no value.
  return port === undefined ? '' : String(port);
}

/** The server port: a client socket's destination (once it has a role), a server socket's own. */
function serverPortOf(fd: FdInfo): number | undefined {
  switch (fd.type) {
    case FdType.IPV4_SOCK: return fd.isRoleNone() ? undefined : fd.ipv4Dport;
    case FdType.IPV4_SERVSOCK: return fd.ipv4ServerPort;
    case FdType.IPV6_SOCK: return fd.isRoleNone() ? undefined : fd.ipv6Dport;
    case FdType.IPV6_SERVSOCK: return fd.ipv6ServerPort;
    default: return undefined;
  }
}

function serverPort(ev: SyscallEvent): number | undefined {
  const fd = eventFdOf(ev);
  return fd === undefined ? undefined : serverPortOf(fd);
}

function serverProto(ev: SyscallEvent): string | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined) return undefined;
  const port = serverPortOf(fd);
  if (port === undefined) return undefined;
  // Server sockets have a port but no text for it.
  return isClientSocket(fd) ? String(port) : '';
}

function isServer(ev: SyscallEvent): boolean | undefined {
  const t = fdThreadOf(ev);
  const fd = eventFdOf(ev);
  if (t === undefined || fd === undefined) return undefined;
  switch (fd.type) {
    case FdType.IPV4_SERVSOCK:
    case FdType.IPV6_SERVSOCK:
      return true;
    case FdType.IPV4_SOCK: return isLocalIpv4(ev, t, fd.ipv4Dip());
    case FdType.IPV6_SOCK: return isLocalIpv6(ev, t, fd.ipv6Dip());
    default: return false;
  }
}

function sockFamily(ev: SyscallEvent): string | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined) return undefined;
  if (isIpSocket(fd)) return 'ip';
  return fd.type === FdType.UNIX_SOCK ? 'unix' : undefined;
}

// Filter-only fields: every address / port of the fd, for "either end" comparisons.

function bothIps(ev: SyscallEvent): Uint8Array[] | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined) return undefined;
  switch (fd.type) {
    case FdType.IPV4_SOCK: return [fd.ipv4Sip(), fd.ipv4Dip()];
    case FdType.IPV4_SERVSOCK: return [fd.ipv4ServerIp()];
    case FdType.IPV6_SOCK: return [fd.ipv6Sip(), fd.ipv6Dip()];
    case FdType.IPV6_SERVSOCK: return [fd.ipv6ServerIp()];
    default: return undefined;
  }
}

function bothPorts(ev: SyscallEvent): number[] | undefined {
  const fd = eventFdOf(ev);
  if (fd === undefined) return undefined;
  switch (fd.type) {
    case FdType.IPV4_SOCK: return [fd.ipv4Sport, fd.ipv4Dport];
    case FdType.IPV4_SERVSOCK: return [fd.ipv4ServerPort];
    case FdType.IPV6_SOCK: return [fd.ipv6Sport, fd.ipv6Dport];
    case FdType.IPV6_SERVSOCK: return [fd.ipv6ServerPort];
    default: return undefined;
  }
}

// ---------------------------------------------------------------------------
// Types

function typeChar(ev: SyscallEvent): string | undefined {
  if (fdThreadOf(ev) === undefined) return undefined;
  const fd = eventFdOf(ev);
  if (fd !== undefined) return fd.typeChar();
  return TYPECHAR_BY_EVENT.get(ev.code) ?? 'o';
}

/** Distinct type names of the process's open fds, in the order libsinsp walks its table. */
function allFdTypes(thread: ThreadInfo): FieldScalar[] {
  const table = thread.fdTable();
  if (table === undefined) return [];
  const byFd = new Map<number, FdInfo>();
  for (const [n, info] of table.entries()) byFd.set(n, info);
  const seen = new Set<string>();
  const out: FieldScalar[] = [];
  for (const n of unorderedMapOrder(byFd.keys())) {
    const type = byFd.get(n)!.typeString();
    if (!seen.has(type)) {
      seen.add(type);
      out.push(type);
    }
  }
  return out;
}

function fdTypes(index: number | bigint | undefined): SyscallExtractor {
  if (index === undefined) {
    return (ev) => {
      const t = fdThreadOf(ev);
      return t === undefined ? undefined : allFdTypes(t);
    };
  }
  const n = Number(index);
  return (ev) => {
    const t = fdThreadOf(ev);
    const fd = t === undefined ? undefined : peekFd(t, n);
    return fd === undefined ? undefined : [fd.typeString()];
  };
}

// ---------------------------------------------------------------------------

/** An extractor reading one property of the event's fd (no value without one). */
function ofFd(read: (fd: FdInfo) => FieldValue): SyscallExtractor {
  return (ev) => {
    const fd = eventFdOf(ev);
    return fd === undefined ? undefined : read(fd);
  };
}

export const fdExtractor: ClassExtractorBuilder = (field) => {
  switch (field.info.name) {
    case 'fd.num': return (ev) => fdThreadOf(ev)?.lastEventFd;
    case 'fd.type': return ofFd((fd) => fd.typeString());
    case 'fd.typechar': return typeChar;
    case 'fd.name': return fdName;
    case 'fd.directory': return fdDirectory;
    case 'fd.filename': return fdFilename;
    case 'fd.ip':
    case 'fd.net':
      return bothIps;
    case 'fd.cip':
    case 'fd.cnet':
      return clientIp;
    case 'fd.sip':
    case 'fd.snet':
      return serverIp;
    case 'fd.lip':
    case 'fd.lnet':
      return endpointIp(true);
    case 'fd.rip':
    case 'fd.rnet':
      return endpointIp(false);
    case 'fd.port':
    case 'fd.proto':
      return bothPorts;
    case 'fd.cport': return clientPort;
    case 'fd.sport': return serverPort;
    case 'fd.lport': return endpointPort(true);
    case 'fd.rport': return endpointPort(false);
    case 'fd.cproto': return clientProto;
    case 'fd.sproto': return serverProto;
    case 'fd.lproto': return endpointProto(true);
    case 'fd.rproto': return endpointProto(false);
    // libsinsp's own placeholder text, a value rather than a missing one.
    case 'fd.l4proto': return ofFd((fd) => L4_NAMES[fd.l4proto()] ?? '<NA>');
    case 'fd.sockfamily': return sockFamily;
    case 'fd.is_server': return isServer;
    case 'fd.uid':
      return (ev) => {
        const t = fdThreadOf(ev);
        return t === undefined ? undefined : `${t.tid}${t.lastEventFd}`;
      };
    case 'fd.containername': return (ev) => withContainer(ev, fdName(ev));
    case 'fd.containerdirectory': return (ev) => withContainer(ev, fdDirectory(ev));
    case 'fd.connected': return ofFd((fd) => fd.isSocketConnected());
    case 'fd.name_changed': return (ev) => (eventFdOf(ev) === undefined ? undefined : ev.state.fdNameChanged);
    case 'fd.cip.name':
    case 'fd.sip.name':
    case 'fd.lip.name':
    case 'fd.rip.name':
      return undefined;
    case 'fd.dev': return ofFd((fd) => fd.dev >>> 0);
    case 'fd.dev.major': return ofFd((fd) => fd.deviceMajor());
    case 'fd.dev.minor': return ofFd((fd) => fd.deviceMinor());
    case 'fd.ino': return ofFd((fd) => fd.ino);
    case 'fd.nameraw': return fdNameRaw;
    case 'fd.types': return fdTypes(field.argNumber);
    case 'fd.is_upper_layer': return ofFd((fd) => fd.isOverlayUpper());
    case 'fd.is_lower_layer': return ofFd((fd) => fd.isOverlayLower());
    default: return undefined;
  }
};
