/**
 * Text forms of socket endpoints as Falco shows them in fd names and
 * parameters: `1.2.3.4:5`, `1.2.3.4:5->6.7.8.9:10`, `::1:80`, and unix
 * sockets as `<src hex>-><dst hex> <path>`. Addresses are raw bytes in
 * network order; ports are plain numbers. Falco's default of not resolving
 * port names is assumed.
 */
import { ipv4ToString, ipv6ToString } from '../events/param-decoder.js';
import { FdType, L4Proto, type FdInfo } from './fd-info.js';
import { sanitizeText } from './text-sanitize.js';

export { ipv4ToString, ipv6ToString };

/** `a.b.c.d:port` from 4 address bytes at `o`. */
export function ipv4Endpoint(ip: Uint8Array, o: number, port: number): string {
  return `${ipv4ToString(ip, o)}:${port}`;
}

/** `addr:port` from 16 address bytes at `o`, address as inet_ntop writes it. */
export function ipv6Endpoint(ip: Uint8Array, o: number, port: number): string {
  return `${ipv6ToString(ip, o)}:${port}`;
}

/** Lower-case hex of a 64-bit kernel address (no leading zeros), as printf's PRIx64. */
export function hex64(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16);
}

/** The unix socket name form: `<source>-><dest> <path>`. */
export function unixTupleName(source: bigint, dest: bigint, path: string): string {
  return `${hex64(source)}->${hex64(dest)} ${path}`;
}

// ---------------------------------------------------------------------------
// Packed socket parameters (the bytes of SOCKADDR / SOCKTUPLE event params).
//   sockaddr:  family u8 | inet: ip(4) port(u16) | inet6: ip(16) port(u16) | unix: path NUL
//   socktuple: family u8 | inet: sip(4) sport dip(4) dport | inet6: sip(16) sport dip(16) dport
//              | unix: source(u64) dest(u64) path NUL

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

function u64(b: Uint8Array, o: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[o + i]!);
  return v;
}

/** The NUL-terminated text at `o` (UTF-8; invalid bytes become U+FFFD). */
export function cstringAt(b: Uint8Array, o: number): string {
  let e = o;
  while (e < b.length && b[e] !== 0) e++;
  return Buffer.from(b.buffer, b.byteOffset + o, e - o).toString('utf8');
}

/** libsinsp's validity test of a sockaddr parameter (non-empty, long enough for its family). */
export function isSockaddrValid(b: Uint8Array | undefined): b is Uint8Array {
  if (b === undefined || b.length === 0) return false;
  switch (b[0]) {
    case AF_INET:
      return b.length >= 7;
    case AF_INET6:
      return b.length >= 19;
    case AF_UNIX:
      return b.length >= 2 && b[b.length - 1] === 0;
    default:
      return true;
  }
}

/** libsinsp's validity test of a socktuple parameter. */
export function isSocktupleValid(b: Uint8Array | undefined): b is Uint8Array {
  if (b === undefined || b.length === 0) return false;
  switch (b[0]) {
    case AF_INET:
      return b.length >= 13;
    case AF_INET6:
      return b.length >= 37;
    case AF_UNIX:
      return b.length >= 18 && b[b.length - 1] === 0;
    default:
      return true;
  }
}

/** `::ffff:a.b.c.d` or all-zero: IPv6 addresses libsinsp treats as IPv4. */
export function isIpv4Mapped(b: Uint8Array, o: number): boolean {
  for (let i = 0; i < 10; i++) if (b[o + i] !== 0) return false;
  if (b[o + 10] === 0xff && b[o + 11] === 0xff) return true;
  for (let i = 10; i < 16; i++) if (b[o + i] !== 0) return false;
  return true;
}

/** The text of a sockaddr parameter as Falco prints it (`fd.name` of bound sockets). */
export function sockaddrText(b: Uint8Array): string {
  const family = b[0]!;
  if (family === AF_UNIX) return sanitizeText(cstringAt(b, 1));
  if (family === AF_INET) return b.length === 7 ? ipv4Endpoint(b, 1, u16(b, 5)) : 'INVALID IPv4';
  if (family === AF_INET6) return b.length === 19 ? ipv6Endpoint(b, 1, u16(b, 17)) : 'INVALID IPv6';
  return `family ${family}`;
}

/** The text of a socktuple parameter as Falco prints it (`fd.name` of accepted sockets). */
export function socktupleText(b: Uint8Array): string {
  const family = b[0]!;
  if (family === AF_INET) {
    if (b.length !== 13) return 'INVALID IPv4';
    return `${ipv4Endpoint(b, 1, u16(b, 5))}->${ipv4Endpoint(b, 7, u16(b, 11))}`;
  }
  if (family === AF_INET6) {
    if (b.length !== 37) return 'INVALID IPv6';
    if (isIpv4Mapped(b, 1) && isIpv4Mapped(b, 19)) {
      return `${ipv4Endpoint(b, 13, u16(b, 17))}->${ipv4Endpoint(b, 31, u16(b, 35))}`;
    }
    return `${ipv6Endpoint(b, 1, u16(b, 17))}->${ipv6Endpoint(b, 19, u16(b, 35))}`;
  }
  if (family === AF_UNIX) {
    return unixTupleName(u64(b, 1), u64(b, 9), sanitizeText(cstringAt(b, 17)));
  }
  return `family ${family}`;
}

/** Source and destination kernel addresses of a unix socktuple. */
export function unixTupleEnds(b: Uint8Array): { source: bigint; dest: bigint } {
  return { source: u64(b, 1), dest: u64(b, 9) };
}

/**
 * The name libsinsp gives a connected IPv4/IPv6 socket from its stored
 * endpoints (`1.2.3.4:5->6.7.8.9:10`; ICMP and raw sockets without ports;
 * `<unknown>` for other protocols). Empty for non-IP types.
 */
export function socketEndpointsName(fd: FdInfo): string {
  if (fd.type === FdType.IPV4_SOCK) {
    const s = fd.sock ?? new Uint8Array(40);
    const p = fd.ipv4L4Proto;
    if (p === L4Proto.TCP || p === L4Proto.UDP) {
      return `${ipv4Endpoint(s, 0, fd.ipv4Sport)}->${ipv4Endpoint(s, 4, fd.ipv4Dport)}`;
    }
    if (p === L4Proto.ICMP || p === L4Proto.RAW) return `${ipv4ToString(s, 0)}->${ipv4ToString(s, 4)}`;
    return '<unknown>';
  }
  if (fd.type === FdType.IPV6_SOCK) {
    const s = fd.sock ?? new Uint8Array(40);
    const p = fd.ipv6L4Proto;
    const mapped = isIpv4Mapped(s, 0) && isIpv4Mapped(s, 16);
    if (p === L4Proto.TCP || p === L4Proto.UDP) {
      // libsinsp reads the ports of this case through the IPv4 layout (offsets 8 and 10).
      if (mapped) return `${ipv4Endpoint(s, 12, u16(s, 8))}->${ipv4Endpoint(s, 28, u16(s, 10))}`;
      return `${ipv6Endpoint(s, 0, fd.ipv6Sport)}->${ipv6Endpoint(s, 16, fd.ipv6Dport)}`;
    }
    if (p === L4Proto.ICMP) {
      if (mapped) return `${ipv4ToString(s, 12)}->${ipv4ToString(s, 28)}`;
      return `${ipv6ToString(s, 0)}->${ipv6ToString(s, 16)}`;
    }
    return '<unknown>';
  }
  return '';
}

/** `ip:port` of an IPv4 server socket. */
export function ipv4ServerName(fd: FdInfo): string {
  return ipv4Endpoint(fd.sock ?? new Uint8Array(40), 0, fd.ipv4ServerPort);
}

/** `ip6:port` of an IPv6 server socket. */
export function ipv6ServerName(fd: FdInfo): string {
  return ipv6Endpoint(fd.sock ?? new Uint8Array(40), 0, fd.ipv6ServerPort);
}
