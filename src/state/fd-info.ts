/**
 * One open file descriptor as the state layer knows it: its type, the open
 * flags, the name Falco shows in `fd.name` (full path, socket tuple, ...),
 * device/inode/mount facts and, for sockets, the endpoint addresses.
 *
 * Socket endpoints are kept the way libsinsp keeps them: one 40-byte area
 * read through several layouts (IPv4 tuple, IPv6 tuple, IPv4/IPv6 server
 * address, unix tuple) that share storage. Switching an fd from one socket
 * type to another therefore sees the bytes the previous layout wrote, which
 * is what Falco's values show in those cases. Layouts (little-endian numbers,
 * addresses as network-order bytes):
 *   IPv4 tuple   sip @0 (4) | dip @4 (4) | sport @8 (u16) | dport @10 (u16) | l4proto @12
 *   IPv6 tuple   sip @0 (16) | dip @16 (16) | sport @32 | dport @34 | l4proto @36
 *   IPv4 server  ip @0 (4) | port @4 (u16) | l4proto @6
 *   IPv6 server  ip @0 (16) | port @16 (u16) | l4proto @18
 *   unix tuple   source @0 (u64) | dest @8 (u64)
 */
import { ScapFdType } from '../events/scap-blocks.js';

/** fd types: the scap_fd_type values captures' fd tables use, plus the state's own "not set yet". */
export const FdType = { UNINITIALIZED: -1, ...ScapFdType } as const;
export type FdType = (typeof FdType)[keyof typeof FdType];

/** Transport protocols (scap_l4_proto). */
export const L4Proto = { UNKNOWN: 0, NA: 1, TCP: 2, UDP: 3, ICMP: 4, RAW: 5 } as const;
export type L4Proto = (typeof L4Proto)[keyof typeof L4Proto];

/** State bits of an fd (libsinsp's fd flags; the numbers are kept for fidelity). */
export const FdFlags = {
  NONE: 0,
  FROM_PROC: 1 << 0,
  ROLE_CLIENT: 1 << 2,
  ROLE_SERVER: 1 << 3,
  IS_SOCKET_PIPE: 1 << 6,
  SOCKET_CONNECTED: 1 << 13,
  IS_CLONED: 1 << 14,
  CONNECTION_PENDING: 1 << 15,
  CONNECTION_FAILED: 1 << 16,
  OVERLAY_UPPER: 1 << 17,
  OVERLAY_LOWER: 1 << 18,
} as const;

const OPEN_CLOEXEC = 1 << 12;
const EPOLL_CLOEXEC = 1 << 0;
const MFD_CLOEXEC = 1 << 0;

/** The one-character code of each type, as `fd.typechar` shows it. */
const TYPE_CHARS: { readonly [t: number]: string } = {
  [FdType.FILE]: 'f',
  [FdType.FILE_V2]: 'f',
  [FdType.IPV4_SOCK]: '4',
  [FdType.IPV6_SOCK]: '6',
  [FdType.DIRECTORY]: 'd',
  [FdType.IPV4_SERVSOCK]: '4',
  [FdType.IPV6_SERVSOCK]: '6',
  [FdType.FIFO]: 'p',
  [FdType.UNIX_SOCK]: 'u',
  [FdType.EVENT]: 'e',
  [FdType.UNKNOWN]: 'o',
  [FdType.UNSUPPORTED]: 'X',
  [FdType.SIGNALFD]: 's',
  [FdType.EVENTPOLL]: 'l',
  [FdType.INOTIFY]: 'i',
  [FdType.TIMERFD]: 't',
  [FdType.NETLINK]: 'n',
  [FdType.BPF]: 'b',
  [FdType.USERFAULTFD]: 'u',
  [FdType.IOURING]: 'r',
  [FdType.MEMFD]: 'm',
  [FdType.PIDFD]: 'P',
};

/** The type names `fd.type` shows. */
const TYPE_STRINGS: { readonly [t: number]: string } = {
  [FdType.FILE]: 'file',
  [FdType.FILE_V2]: 'file',
  [FdType.DIRECTORY]: 'directory',
  [FdType.IPV4_SOCK]: 'ipv4',
  [FdType.IPV4_SERVSOCK]: 'ipv4',
  [FdType.IPV6_SOCK]: 'ipv6',
  [FdType.IPV6_SERVSOCK]: 'ipv6',
  [FdType.UNIX_SOCK]: 'unix',
  [FdType.FIFO]: 'pipe',
  [FdType.EVENT]: 'event',
  [FdType.SIGNALFD]: 'signalfd',
  [FdType.EVENTPOLL]: 'eventpoll',
  [FdType.INOTIFY]: 'inotify',
  [FdType.TIMERFD]: 'timerfd',
  [FdType.NETLINK]: 'netlink',
  [FdType.BPF]: 'bpf',
  [FdType.USERFAULTFD]: 'userfaultfd',
  [FdType.IOURING]: 'io_uring',
  [FdType.MEMFD]: 'memfd',
  [FdType.PIDFD]: 'pidfd',
};

/** `fd.typechar` of a type: '?' for types without one. */
export function fdTypeChar(type: number): string {
  return TYPE_CHARS[type] ?? '?';
}

/** Where an IP tuple's parts lie in the socket area (see the layouts above). */
interface TupleLayout { fdType: number; addrLen: number; dip: number; sport: number; dport: number }
const IPV4_TUPLE: TupleLayout = { fdType: FdType.IPV4_SOCK, addrLen: 4, dip: 4, sport: 8, dport: 10 };
const IPV6_TUPLE: TupleLayout = { fdType: FdType.IPV6_SOCK, addrLen: 16, dip: 16, sport: 32, dport: 34 };

/** `fd.type` of a type: `<NA>` for types without a name. */
export function fdTypeString(type: number): string {
  return TYPE_STRINGS[type] ?? '<NA>';
}

const SOCK_BYTES = 40;
const EMPTY_SOCK = new Uint8Array(SOCK_BYTES);

function readU16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}

function readU64(b: Uint8Array, o: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[o + i]!);
  return v;
}

function writeU64(b: Uint8Array, o: number, v: bigint): void {
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < 8; i++) {
    b[o + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

function bytesEqual(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

function isZero(b: Uint8Array, o: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[o + i] !== 0) return false;
  return true;
}

export class FdInfo {
  type: FdType = FdType.UNINITIALIZED;
  /** Open flags in the driver's encoding (OpenFlags), or the type-specific flags of the creating call. */
  openFlags = 0;
  /** `fd.name`: full path for files, endpoint tuple for sockets, ... */
  name = '';
  /** For files: the path as the process passed it (before joining with the cwd/dirfd). */
  nameRaw = '';
  /** The name when the current event started being parsed (to tell whether the event renamed the fd). */
  oldName = '';
  /** FdFlags bits. */
  flags: number = FdFlags.NONE;
  dev = 0;
  mountId = 0;
  ino: number | bigint = 0;
  /** For pidfds: the pid the fd refers to. */
  pid = 0;
  /** The fd number (set when added to a table). */
  fd = -1;
  /** Socket endpoint storage (see the module comment); allocated for sockets only. */
  sock: Uint8Array | null = null;

  clone(): FdInfo {
    const c = new FdInfo();
    c.type = this.type;
    c.openFlags = this.openFlags;
    c.name = this.name;
    c.nameRaw = this.nameRaw;
    c.oldName = this.oldName;
    c.flags = this.flags;
    c.dev = this.dev;
    c.mountId = this.mountId;
    c.ino = this.ino;
    c.pid = this.pid;
    c.fd = this.fd;
    c.sock = this.sock === null ? null : this.sock.slice();
    return c;
  }

  /** The socket storage for writing (allocated zeroed on first use). */
  sockWritable(): Uint8Array {
    if (this.sock === null) this.sock = new Uint8Array(SOCK_BYTES);
    return this.sock;
  }

  private get sockRead(): Uint8Array {
    return this.sock ?? EMPTY_SOCK;
  }

  typeChar(): string {
    return fdTypeChar(this.type);
  }

  typeString(): string {
    return fdTypeString(this.type);
  }

  isFile(): boolean {
    return this.type === FdType.FILE || this.type === FdType.FILE_V2;
  }
  isDirectory(): boolean {
    return this.type === FdType.DIRECTORY;
  }
  isPipe(): boolean {
    return this.type === FdType.FIFO;
  }
  isUnixSocket(): boolean {
    return this.type === FdType.UNIX_SOCK;
  }
  isIpv4Socket(): boolean {
    return this.type === FdType.IPV4_SOCK;
  }
  isIpv6Socket(): boolean {
    return this.type === FdType.IPV6_SOCK;
  }
  isPidfd(): boolean {
    return this.type === FdType.PIDFD;
  }
  isUdpSocket(): boolean {
    return this.type === FdType.IPV4_SOCK && this.ipv4L4Proto === L4Proto.UDP;
  }
  isTcpSocket(): boolean {
    return this.type === FdType.IPV4_SOCK && this.ipv4L4Proto === L4Proto.TCP;
  }
  /** Names containing `/dev/log` are syslog endpoints. */
  isSyslog(): boolean {
    return this.name.includes('/dev/log');
  }

  // --- roles and connection state ---
  isRoleServer(): boolean {
    return (this.flags & FdFlags.ROLE_SERVER) !== 0;
  }
  isRoleClient(): boolean {
    return (this.flags & FdFlags.ROLE_CLIENT) !== 0;
  }
  isRoleNone(): boolean {
    return (this.flags & (FdFlags.ROLE_CLIENT | FdFlags.ROLE_SERVER)) === 0;
  }
  setRoleServer(): void {
    this.flags |= FdFlags.ROLE_SERVER;
  }
  setRoleClient(): void {
    this.flags |= FdFlags.ROLE_CLIENT;
  }
  isSocketConnected(): boolean {
    return (this.flags & FdFlags.SOCKET_CONNECTED) !== 0;
  }
  isSocketPending(): boolean {
    return (this.flags & FdFlags.CONNECTION_PENDING) !== 0;
  }
  isSocketFailed(): boolean {
    return (this.flags & FdFlags.CONNECTION_FAILED) !== 0;
  }
  setSocketConnected(): void {
    this.flags = (this.flags & ~(FdFlags.CONNECTION_PENDING | FdFlags.CONNECTION_FAILED)) | FdFlags.SOCKET_CONNECTED;
  }
  setSocketPending(): void {
    this.flags = (this.flags & ~(FdFlags.SOCKET_CONNECTED | FdFlags.CONNECTION_FAILED)) | FdFlags.CONNECTION_PENDING;
  }
  setSocketFailed(): void {
    this.flags = (this.flags & ~(FdFlags.SOCKET_CONNECTED | FdFlags.CONNECTION_PENDING)) | FdFlags.CONNECTION_FAILED;
  }
  isCloned(): boolean {
    return (this.flags & FdFlags.IS_CLONED) !== 0;
  }
  isOverlayUpper(): boolean {
    return (this.flags & FdFlags.OVERLAY_UPPER) !== 0;
  }
  isOverlayLower(): boolean {
    return (this.flags & FdFlags.OVERLAY_LOWER) !== 0;
  }

  /** Whether the fd is closed by a successful execve (O_CLOEXEC and the type-specific equivalents). */
  isCloseOnExec(): boolean {
    if ((this.openFlags & OPEN_CLOEXEC) !== 0) return true;
    if (this.type === FdType.EVENTPOLL && (this.openFlags & EPOLL_CLOEXEC) !== 0) return true;
    if (this.type === FdType.MEMFD && (this.openFlags & MFD_CLOEXEC) !== 0) return true;
    return false;
  }

  /** Clears every close-on-exec bit (dup'd fds do not inherit it). */
  clearCloseOnExec(): void {
    this.openFlags &= ~OPEN_CLOEXEC;
    this.openFlags &= ~EPOLL_CLOEXEC;
    this.openFlags &= ~MFD_CLOEXEC;
  }

  // --- devices ---
  /** Major number of `dev` (kernel new_encode_dev layout). */
  deviceMajor(): number {
    return (this.dev & 0xfff00) >>> 8;
  }
  /** Minor number of `dev`. */
  deviceMinor(): number {
    return ((this.dev & 0xff) | ((this.dev >>> 12) & 0xfff00)) >>> 0;
  }

  // --- IPv4 tuple layout ---
  /** Source address bytes (network order, 4 bytes). */
  ipv4Sip(): Uint8Array {
    return this.sockRead.slice(0, 4);
  }
  ipv4Dip(): Uint8Array {
    return this.sockRead.slice(4, 8);
  }
  /** Source address as a number, first octet most significant. */
  ipv4SipNum(): number {
    const b = this.sockRead;
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }
  ipv4DipNum(): number {
    const b = this.sockRead;
    return ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0;
  }
  get ipv4Sport(): number {
    return readU16(this.sockRead, 8);
  }
  get ipv4Dport(): number {
    return readU16(this.sockRead, 10);
  }
  get ipv4L4Proto(): number {
    return this.sockRead[12]!;
  }
  set ipv4L4Proto(v: number) {
    this.sockWritable()[12] = v;
  }
  /** Writes the IPv4 tuple; addresses are 4 network-order bytes at the given offsets. */
  setIpv4Tuple(sip: Uint8Array, sipOff: number, sport: number, dip: Uint8Array, dipOff: number, dport: number): void {
    const s = this.sockWritable();
    for (let i = 0; i < 4; i++) {
      s[i] = sip[sipOff + i]!;
      s[4 + i] = dip[dipOff + i]!;
    }
    writeU16(s, 8, sport);
    writeU16(s, 10, dport);
  }

  // --- IPv6 tuple layout ---
  /** Writes the IPv6 tuple; addresses are 16 network-order bytes at the given offsets. */
  setIpv6Tuple(sip: Uint8Array, sipOff: number, sport: number, dip: Uint8Array, dipOff: number, dport: number): void {
    const s = this.sockWritable();
    for (let i = 0; i < 16; i++) {
      s[i] = sip[sipOff + i]!;
      s[16 + i] = dip[dipOff + i]!;
    }
    writeU16(s, 32, sport);
    writeU16(s, 34, dport);
  }
  ipv6Sip(): Uint8Array {
    return this.sockRead.slice(0, 16);
  }
  ipv6Dip(): Uint8Array {
    return this.sockRead.slice(16, 32);
  }
  get ipv6Sport(): number {
    return readU16(this.sockRead, 32);
  }
  get ipv6Dport(): number {
    return readU16(this.sockRead, 34);
  }
  get ipv6L4Proto(): number {
    return this.sockRead[36]!;
  }
  set ipv6L4Proto(v: number) {
    this.sockWritable()[36] = v;
  }

  // --- server address layouts ---
  ipv4ServerIp(): Uint8Array {
    return this.sockRead.slice(0, 4);
  }
  get ipv4ServerPort(): number {
    return readU16(this.sockRead, 4);
  }
  get ipv4ServerL4Proto(): number {
    return this.sockRead[6]!;
  }
  setIpv4Server(ip: Uint8Array, ipOff: number, port: number, l4proto: number): void {
    const s = this.sockWritable();
    for (let i = 0; i < 4; i++) s[i] = ip[ipOff + i]!;
    writeU16(s, 4, port);
    s[6] = l4proto;
  }
  ipv6ServerIp(): Uint8Array {
    return this.sockRead.slice(0, 16);
  }
  get ipv6ServerPort(): number {
    return readU16(this.sockRead, 16);
  }
  get ipv6ServerL4Proto(): number {
    return this.sockRead[18]!;
  }
  setIpv6Server(ip: Uint8Array, ipOff: number, port: number, l4proto: number): void {
    const s = this.sockWritable();
    for (let i = 0; i < 16; i++) s[i] = ip[ipOff + i]!;
    writeU16(s, 16, port);
    s[18] = l4proto;
  }

  // --- unix tuple layout ---
  get unixSource(): bigint {
    return readU64(this.sockRead, 0);
  }
  get unixDest(): bigint {
    return readU64(this.sockRead, 8);
  }
  setUnixTuple(source: bigint, dest: bigint): void {
    const s = this.sockWritable();
    writeU64(s, 0, source);
    writeU64(s, 8, dest);
  }

  /**
   * Updates the IPv4 tuple from an observed one (libsinsp's rules): nothing
   * when it is the same connection seen from either side; else the source is
   * replaced, and the destination too when unset or when `overwriteDest`.
   * Returns whether anything changed.
   */
  updateIpv4Tuple(
    sip: Uint8Array,
    sipOff: number,
    sport: number,
    dip: Uint8Array,
    dipOff: number,
    dport: number,
    overwriteDest: boolean,
  ): boolean {
    return this.updateTuple(IPV4_TUPLE, sip, sipOff, sport, dip, dipOff, dport, overwriteDest);
  }

  /** The IPv6 counterpart of updateIpv4Tuple. */
  updateIpv6Tuple(
    sip: Uint8Array,
    sipOff: number,
    sport: number,
    dip: Uint8Array,
    dipOff: number,
    dport: number,
    overwriteDest: boolean,
  ): boolean {
    return this.updateTuple(IPV6_TUPLE, sip, sipOff, sport, dip, dipOff, dport, overwriteDest);
  }

  private updateTuple(
    t: TupleLayout,
    sip: Uint8Array,
    sipOff: number,
    sport: number,
    dip: Uint8Array,
    dipOff: number,
    dport: number,
    overwriteDest: boolean,
  ): boolean {
    const s = this.sockWritable();
    const n = t.addrLen;
    if (this.type === t.fdType) {
      const same =
        bytesEqual(s, 0, sip, sipOff, n) && readU16(s, t.sport) === sport && bytesEqual(s, t.dip, dip, dipOff, n) && readU16(s, t.dport) === dport;
      const swapped =
        bytesEqual(s, 0, dip, dipOff, n) && readU16(s, t.sport) === dport && bytesEqual(s, t.dip, sip, sipOff, n) && readU16(s, t.dport) === sport;
      if (same || swapped) return false;
    }
    let changed = false;
    if (!bytesEqual(s, 0, sip, sipOff, n)) {
      for (let i = 0; i < n; i++) s[i] = sip[sipOff + i]!;
      changed = true;
    }
    if (readU16(s, t.sport) !== sport) {
      writeU16(s, t.sport, sport);
      changed = true;
    }
    if (isZero(s, t.dip, n) || (overwriteDest && !bytesEqual(s, t.dip, dip, dipOff, n))) {
      for (let i = 0; i < n; i++) s[t.dip + i] = dip[dipOff + i]!;
      changed = true;
    }
    if (readU16(s, t.dport) === 0 || (overwriteDest && readU16(s, t.dport) !== dport)) {
      writeU16(s, t.dport, dport);
      changed = true;
    }
    return changed;
  }

  /** Swaps source and destination endpoints (IPv4 tuple for IPv4 sockets, IPv6 tuple otherwise). */
  swapEndpoints(): void {
    const s = this.sockWritable();
    if (this.type === FdType.IPV4_SOCK) {
      for (let i = 0; i < 4; i++) {
        const t = s[i]!;
        s[i] = s[4 + i]!;
        s[4 + i] = t;
      }
      const p = readU16(s, 8);
      writeU16(s, 8, readU16(s, 10));
      writeU16(s, 10, p);
    } else {
      for (let i = 0; i < 16; i++) {
        const t = s[i]!;
        s[i] = s[16 + i]!;
        s[16 + i] = t;
      }
      const p = readU16(s, 32);
      writeU16(s, 32, readU16(s, 34));
      writeU16(s, 34, p);
    }
  }

  /** Destination port for client sockets (0 for other types), libsinsp's "server port". */
  serverPort(): number {
    if (this.type === FdType.IPV4_SOCK) return this.ipv4Dport;
    if (this.type === FdType.IPV6_SOCK) return this.ipv6Dport;
    return 0;
  }

  /**
   * The transport protocol `fd.l4proto` reports: raw sockets always, other
   * client sockets only once they have a role; server sockets their own;
   * NA for non-sockets.
   */
  l4proto(): L4Proto {
    switch (this.type) {
      case FdType.IPV4_SOCK: {
        const p = this.ipv4L4Proto;
        if (p === L4Proto.RAW) return L4Proto.RAW;
        if (this.isRoleNone()) return L4Proto.NA;
        return p as L4Proto;
      }
      case FdType.IPV4_SERVSOCK:
        return this.ipv4ServerL4Proto as L4Proto;
      case FdType.IPV6_SOCK: {
        const p = this.ipv6L4Proto;
        if (p === L4Proto.RAW) return L4Proto.RAW;
        if (this.isRoleNone()) return L4Proto.NA;
        return p as L4Proto;
      }
      case FdType.IPV6_SERVSOCK:
        return this.ipv6ServerL4Proto as L4Proto;
      default:
        return L4Proto.NA;
    }
  }
}
