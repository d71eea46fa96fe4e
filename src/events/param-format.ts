/**
 * Text rendering of event parameters exactly as Falco 0.44.1 prints them in
 * `evt.args`, `evt.arg.NAME` / `evt.arg[N]`.
 *
 * Each parameter renders to two strings, like libsinsp does: the `value`
 * (the number, path, address...) and an optional `resolved` form (fd name,
 * flag names, errno name, thread name, absolute path...). `evt.arg.X` shows
 * the resolved form when there is one, else the value; `evt.args` shows
 * `name=value` or `name=value(resolved)` for every parameter.
 *
 * Resolutions that need state (fds, thread names, cwd, users) come from the
 * caller through a FormatContext; without one, only state-free resolutions
 * (flags, errno, signals, syscall names) happen.
 */
import { errnoName, signalName, type FlagTable } from './flag-tables.js';
import { EventCode, syscallName } from './event-table.js';
import { ParamType, PrintFormat, type EventInfo, type ParamInfo } from './event-types.js';
import {
  SocketFamily,
  cstringBytes,
  ipv4ToString,
  ipv6ToString,
  isIpv4MappedIpv6,
  isLegacyNullString,
  readI32,
  readI64Big,
  readU16,
  readU32,
} from './param-decoder.js';
import { sanitizeBytes, sanitizeString } from './utf8-sanitize.js';

/** What the state knows about an fd of the event's thread. */
export interface FdDescription {
  /** fd.typechar: `f` file, `4` IPv4 socket, `6` IPv6 socket, `u` unix socket, `p` pipe, ... */
  readonly typeChar: string;
  /** For IP sockets: `t` tcp, `u` udp, `i` icmp, `r` raw, or '' when unknown. */
  readonly l4proto?: string;
  /** fd.name */
  readonly name: string;
}

/** State lookups used to resolve parameters. All optional. */
export interface FormatContext {
  /**
   * The event's thread is known to the state. libsinsp resolves fds, paths,
   * fd lists and user/group names only then.
   */
  readonly threadKnown?: boolean;
  /** The event thread's fd table entry for `fd`. */
  fdInfo?(fd: bigint): FdDescription | undefined;
  /** Command name (`comm`) of any known thread, for PID parameters. */
  threadComm?(tid: bigint): string | undefined;
  /** The event thread's working directory, ending with `/`. */
  cwd?(): string | undefined;
  /** Path of a directory fd of the event's thread, ending with `/` (for *at() relative paths). */
  dirfdPath?(dirfd: bigint): string | undefined;
  userName?(uid: number): string | undefined;
  groupName?(gid: number): string | undefined;
  /** Rendering of byte buffers: Falco uses `normal`, or `base64` with buffer_format_base64. */
  readonly bufferFormat?: BufferFormat;
  /** Truncate rendered byte buffers longer than this, ending them with `...` (0 = never). */
  readonly maxBufferLength?: number;
}

export type BufferFormat = 'normal' | 'base64' | 'hex' | 'hexascii' | 'eols';

export interface RenderedParam {
  readonly value: string;
  /** '' when there is no resolved form. */
  readonly resolved: string;
}

const NO_CONTEXT: FormatContext = {};
const AT_FDCWD = -100n;
const U64_MAX = (1n << 64n) - 1n;
const PATH_MAX_CONCAT = 1024;

// ---------------------------------------------------------------------------
// Numbers, printf-style.

/**
 * Prints an integer the way libsinsp's printf formats do: decimal formats use
 * a signed conversion (so an unsigned 32-bit 0xffffffff prints -1), hex is
 * upper-case without prefix, octal has a leading 0. `width` is the promoted C
 * width (32 for types up to 32 bits, 64 otherwise).
 */
export function formatInteger(v: bigint, format: PrintFormat, width: 32 | 64): string {
  switch (format) {
    case PrintFormat.HEX:
      return BigInt.asUintN(width, v).toString(16).toUpperCase();
    case PrintFormat.OCT: {
      const u = BigInt.asUintN(width, v);
      return u === 0n ? '0' : '0' + u.toString(8);
    }
    case PrintFormat.PADDED_DEC: {
      const s = BigInt.asIntN(width, v);
      const digits = (s < 0n ? -s : s).toString().padStart(s < 0n ? 8 : 9, '0');
      return s < 0n ? '-' + digits : digits;
    }
    default:
      return BigInt.asIntN(width, v).toString();
  }
}

/** C's `%g`: 6 significant digits, trailing zeros dropped, exponent form outside [1e-4, 1e6). */
export function formatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e');
    const mant = m!.includes('.') ? m!.replace(/0+$/, '').replace(/\.$/, '') : m!;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function integerOf(type: ParamType, b: Uint8Array): { v: bigint; width: 32 | 64 } | undefined {
  switch (type) {
    case ParamType.INT8:
      return b.length === 1 ? { v: BigInt((b[0]! << 24) >> 24), width: 32 } : undefined;
    case ParamType.UINT8:
      return b.length === 1 ? { v: BigInt(b[0]!), width: 32 } : undefined;
    case ParamType.INT16:
      return b.length === 2 ? { v: BigInt((readU16(b, 0) << 16) >> 16), width: 32 } : undefined;
    case ParamType.UINT16:
      return b.length === 2 ? { v: BigInt(readU16(b, 0)), width: 32 } : undefined;
    case ParamType.INT32:
      return b.length === 4 ? { v: BigInt(readI32(b, 0)), width: 32 } : undefined;
    case ParamType.UINT32:
    case ParamType.MODE:
      return b.length === 4 ? { v: BigInt(readU32(b, 0)), width: 32 } : undefined;
    case ParamType.INT64:
    case ParamType.UINT64:
      return b.length === 8 ? { v: readI64Big(b, 0), width: 64 } : undefined;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// Flags and modes.

/**
 * Names of the bits/values of a flags parameter. Bit flags: table entries are
 * taken in order, each matching entry consumes its bits (so O_RDWR wins over
 * O_WRONLY), a zero-valued entry matches only a zero value, and an entry equal
 * to the whole value ends the scan. Enum flags: every entry equal to the value.
 */
export function resolveFlags(value: number, table: FlagTable | undefined, isEnum: boolean): string {
  if (!table) return '';
  const names: string[] = [];
  let rest = value >>> 0;
  const initial = rest;
  for (const [name, bits] of table.entries) {
    const b = bits >>> 0;
    if (isEnum) {
      if (b === initial) names.push(name);
      continue;
    }
    if ((b === 0 && initial === 0) || (b !== 0 && rest !== 0 && (rest & b) >>> 0 === b)) {
      names.push(name);
      rest = (rest & ~b) >>> 0;
      if (b === initial) break;
    }
  }
  return names.join('|');
}

/** Names of mode bits; libsinsp scans until an entry equals the whole value, which it then adds. */
export function resolveMode(value: number, table: FlagTable | undefined): string {
  if (!table) return '';
  const names: string[] = [];
  const initial = value >>> 0;
  let rest = initial;
  let i = 0;
  const entries = table.entries;
  for (; i < entries.length && entries[i]![1] >>> 0 !== initial; i++) {
    const b = entries[i]![1] >>> 0;
    if ((b === 0 && initial === 0) || (b !== 0 && rest !== 0 && (rest & b) >>> 0 === b)) {
      names.push(entries[i]![0]);
      rest = (rest & ~b) >>> 0;
    }
  }
  if (i < entries.length) names.push(entries[i]![0]);
  return names.join('|');
}

// ---------------------------------------------------------------------------
// Paths.

/**
 * Joins a relative path to a directory (which must end with `/`) the way
 * libsinsp does: `.` and `..` components are folded, duplicate separators and
 * a trailing separator dropped. An absolute `path` replaces `dir`.
 */
export function concatenatePaths(dir: string, path: string): string {
  if (dir.length + path.length + 1 > PATH_MAX_CONCAT) return '/DIR_TOO_LONG/FILENAME_TOO_LONG';
  const relative = path.length !== 0 && path[0] !== '/';
  const out: string[] = relative ? [...dir] : [];
  const emptyBase = out.length === 0;
  let p = 0;
  const at = (i: number): string => (i < path.length ? path[i]! : '');
  const rewind = (skip: number): void => {
    if (out.length > 1) {
      out.length--;
      while (out.length >= 1 && out[out.length - 1] !== '/') out.length--;
    }
    p += skip;
  };
  for (;;) {
    const c = at(p);
    if (c === '' || c === '\0') {
      if (out.length > 1 && out[out.length - 1] === '/') out.length--;
      return out.join('');
    }
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (c === '.' && (out.length === 0 || last === '/')) {
      const n1 = at(p + 1);
      const n2 = at(p + 2);
      if (n1 === '.' && n2 === '/') rewind(3);
      else if (n1 === '.' && n2 === '') rewind(2);
      else if (n1 === '/') p += 2;
      else if (n1 === '') p += 1;
      else out.push(path[p++]!);
    } else if (c === '/') {
      if ((out.length > 0 && last === '/') || (out.length === 0 && !emptyBase)) p++;
      else out.push(path[p++]!);
    } else {
      out.push(path[p++]!);
    }
  }
}

// ---------------------------------------------------------------------------
// Byte buffers.

function isPrint(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function bufferToHex(b: Uint8Array, withAscii: boolean): string {
  let out = '';
  for (let j = 0; j < b.length; j += 16) {
    out += '\n\t0x' + j.toString(16).padStart(4, '0') + ':';
    let chunks = 0;
    for (let p = j; chunks < 8 && p < b.length; p += 2, chunks++) {
      out += p === b.length - 1 ? ' ' + hex2(b[p]!) : ' ' + hex2(b[p]!) + hex2(b[p + 1]!);
    }
    if (withAscii) {
      out += '     '.repeat(8 - chunks) + '  ';
      for (let p = j; p < j + 16 && p < b.length; p++) out += isPrint(b[p]!) ? String.fromCharCode(b[p]!) : '.';
    }
  }
  return out + '\n';
}

function bufferToEols(b: Uint8Array): string {
  let out = '\n';
  for (let j = 0; j < b.length; j++) {
    const c = b[j]!;
    if (isPrint(c)) out += String.fromCharCode(c);
    else if (c === 0x0d) out += '\n';
    else if (c === 0x0a && j > 0 && b[j - 1] !== 0x0d) out += '\n';
  }
  return out;
}

/** Renders a byte buffer; `normal` shows printable ASCII and a dot for every other byte. */
export function formatBuffer(b: Uint8Array, format: BufferFormat = 'normal', maxLength = 0): string {
  if (b.length === 0) return '';
  switch (format) {
    case 'base64':
      return Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');
    case 'hex':
      return bufferToHex(b, false);
    case 'hexascii':
      return bufferToHex(b, true);
    case 'eols':
      return bufferToEols(b);
    default:
      break;
  }
  const n = maxLength > 0 && b.length > maxLength ? maxLength : b.length;
  let out = '';
  for (let j = 0; j < n; j++) {
    const c = b[j]!;
    out += isPrint(c) ? String.fromCharCode(c) : '.';
  }
  if (n < b.length && n > 3) out = out.slice(0, n - 3) + '...';
  return out;
}

// ---------------------------------------------------------------------------
// Addresses.

function formatSockAddr(b: Uint8Array): string {
  const family = b[0]!;
  if (family === SocketFamily.UNIX) return sanitizeBytes(cstringBytes(b, 1));
  if (family === SocketFamily.INET) {
    return b.length === 7 ? `${ipv4ToString(b, 1)}:${readU16(b, 5)}` : 'INVALID IPv4';
  }
  if (family === SocketFamily.INET6) {
    return b.length === 19 ? `${ipv6ToString(b, 1)}:${readU16(b, 17)}` : 'INVALID IPv6';
  }
  return `family ${family}`;
}

function zeroPadded(b: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(b);
  return out;
}

function formatSockTuple(b: Uint8Array): string {
  const family = b[0]!;
  if (family === SocketFamily.INET) {
    if (b.length !== 13) return 'INVALID IPv4';
    return `${ipv4ToString(b, 1)}:${readU16(b, 5)}->${ipv4ToString(b, 7)}:${readU16(b, 11)}`;
  }
  if (family === SocketFamily.INET6) {
    if (b.length !== 37) return 'INVALID IPv6';
    const sport = readU16(b, 17);
    const dport = readU16(b, 35);
    if (isIpv4MappedIpv6(b, 1) && isIpv4MappedIpv6(b, 19)) {
      return `${ipv4ToString(b, 13)}:${sport}->${ipv4ToString(b, 31)}:${dport}`;
    }
    return `${ipv6ToString(b, 1)}:${sport}->${ipv6ToString(b, 19)}:${dport}`;
  }
  if (family === SocketFamily.UNIX) {
    // libsinsp reads both 64-bit ids whatever the length: the bytes a corrupt, short tuple lacks read as zeros here.
    const t = b.length >= 17 ? b : zeroPadded(b, 17);
    const src = BigInt.asUintN(64, readI64Big(t, 1)).toString(16);
    const dst = BigInt.asUintN(64, readI64Big(t, 9)).toString(16);
    return `${src}->${dst} ${sanitizeBytes(cstringBytes(t, 17))}`;
  }
  return `family ${family}`;
}

// ---------------------------------------------------------------------------
// Time.

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Absolute times print as local `YYYY-MM-DD HH:MM:SS.nnnnnnnnn`. */
export function formatAbsTime(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const nsec = ns % 1_000_000_000n;
  const d = new Date(Number(sec) * 1000);
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ` +
    `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(Number(nsec), 9)}`
  );
}

// ---------------------------------------------------------------------------
// One parameter.

function emptyRendering(type: ParamType): RenderedParam {
  switch (type) {
    case ParamType.BYTEBUF:
    case ParamType.SOCKTUPLE:
    case ParamType.FDLIST:
    case ParamType.CHARBUFARRAY:
    case ParamType.CHARBUF_PAIR_ARRAY:
    case ParamType.DYN:
      return { value: 'NULL', resolved: '' };
    default:
      return { value: '<NA>', resolved: '' };
  }
}

function renderFd(fd: bigint, ctx: FormatContext): RenderedParam {
  const value = fd.toString();
  if (!ctx.threadKnown) return { value, resolved: '' };
  if (fd >= 0n) {
    const info = ctx.fdInfo?.(fd);
    if (!info) return { value, resolved: '' };
    return { value, resolved: `<${info.typeChar}${info.l4proto ?? ''}>${sanitizeString(info.name)}` };
  }
  if (fd === AT_FDCWD) return { value, resolved: 'AT_FDCWD' };
  return { value, resolved: errnoName(Number(BigInt.asIntN(32, fd))) };
}

function baseDir(event: EventInfo, info: ParamInfo, params: readonly Uint8Array[], ctx: FormatContext): string {
  const cwd = ctx.cwd?.() ?? '';
  if (info.type !== ParamType.FSRELPATH || info.dirfdParam === undefined) return cwd;
  const dirInfo = event.params[info.dirfdParam];
  const dirBytes = params[info.dirfdParam];
  if (!dirInfo || dirInfo.type !== ParamType.FD || !dirBytes || dirBytes.length !== 8) return cwd;
  const dirfd = readI64Big(dirBytes, 0);
  if (dirfd === AT_FDCWD) return cwd;
  return ctx.dirfdPath?.(dirfd) ?? '';
}

/** Byte size of fixed-size types that are not plain integers. */
const FIXED_SIZE: ReadonlyMap<ParamType, number> = new Map<ParamType, number>([
  [ParamType.FD, 8], [ParamType.PID, 8], [ParamType.ERRNO, 8], [ParamType.RELTIME, 8], [ParamType.ABSTIME, 8],
  [ParamType.SYSCALLID, 2], [ParamType.SIGTYPE, 1], [ParamType.FLAGS8, 1], [ParamType.ENUMFLAGS8, 1],
  [ParamType.FLAGS16, 2], [ParamType.ENUMFLAGS16, 2], [ParamType.FLAGS32, 4], [ParamType.ENUMFLAGS32, 4],
  [ParamType.UID, 4], [ParamType.GID, 4], [ParamType.SIGSET, 4],
  [ParamType.INT8, 1], [ParamType.UINT8, 1], [ParamType.INT16, 2], [ParamType.UINT16, 2],
  [ParamType.INT32, 4], [ParamType.UINT32, 4], [ParamType.MODE, 4], [ParamType.INT64, 8], [ParamType.UINT64, 8],
]);

function renderTyped(
  type: ParamType,
  b: Uint8Array,
  event: EventInfo,
  info: ParamInfo,
  params: readonly Uint8Array[],
  ctx: FormatContext,
): RenderedParam {
  const format = info.format; // libsinsp always uses the declared format, even for DYN alternatives
  const size = FIXED_SIZE.get(type);
  // libsinsp refuses such a parameter (it throws); show it as unreadable rather than guess
  if (size !== undefined && b.length !== size) return { value: '<INVALID>', resolved: '' };
  const num = integerOf(type, b);
  if (num) {
    const value = formatInteger(num.v, format, num.width);
    if (type === ParamType.MODE) return { value, resolved: resolveMode(Number(num.v), info.flags) };
    return { value, resolved: '' };
  }
  switch (type) {
    case ParamType.FD:
      return renderFd(readI64Big(b, 0), ctx);
    case ParamType.PID: {
      const pid = readI64Big(b, 0);
      return { value: pid.toString(), resolved: ctx.threadComm?.(pid) ?? '' };
    }
    case ParamType.ERRNO: {
      const v = readI64Big(b, 0);
      return { value: v.toString(), resolved: v < 0n ? errnoName(Number(BigInt.asIntN(32, v))) : '' };
    }
    case ParamType.CHARBUF:
      return { value: sanitizeBytes(cstringBytes(b)), resolved: '' };
    case ParamType.FSPATH:
    case ParamType.FSRELPATH: {
      const raw = cstringBytes(b);
      const value = sanitizeBytes(raw);
      if (!ctx.threadKnown || raw.length === 0 || raw[0] === 0x2f) return { value, resolved: '' };
      return { value, resolved: sanitizeString(concatenatePaths(baseDir(event, info, params, ctx), value)) };
    }
    case ParamType.BYTEBUF:
      return { value: formatBuffer(b, ctx.bufferFormat, ctx.maxBufferLength), resolved: '' };
    case ParamType.SOCKADDR:
      return { value: formatSockAddr(b), resolved: '' };
    case ParamType.SOCKTUPLE:
      return { value: formatSockTuple(b), resolved: '' };
    case ParamType.FDLIST: {
      if (!ctx.threadKnown || b.length < 2) return { value: '', resolved: '' };
      const n = readU16(b, 0);
      const parts: string[] = [];
      for (let i = 0, p = 2; i < n && p + 10 <= b.length; i++, p += 10) {
        const fd = readI64Big(b, p);
        const tc = ctx.fdInfo?.(fd)?.typeChar ?? '?';
        const flags = ((readU16(b, p + 8) << 16) >> 16) >>> 0;
        parts.push(`${BigInt.asUintN(64, fd)}:${tc}${flags.toString(16)}`);
      }
      return { value: parts.join(' '), resolved: '' };
    }
    case ParamType.SYSCALLID: {
      const id = readU16(b, 0);
      const name = syscallName(id);
      if (name === undefined) return { value: '<unknown syscall>', resolved: '' };
      return { value: String(id), resolved: name };
    }
    case ParamType.SIGTYPE: {
      const sig = b[0]!;
      return { value: String(sig), resolved: signalName(sig) ?? '' };
    }
    case ParamType.RELTIME: {
      const v = BigInt.asUintN(64, readI64Big(b, 0));
      if (v === U64_MAX) return { value: 'none', resolved: '' };
      return { value: v.toString(), resolved: formatG(Number(v) / 1e9) + 's' };
    }
    case ParamType.ABSTIME:
      return { value: formatAbsTime(BigInt.asUintN(64, readI64Big(b, 0))), resolved: '' };
    case ParamType.FLAGS8:
    case ParamType.FLAGS16:
    case ParamType.FLAGS32:
    case ParamType.ENUMFLAGS8:
    case ParamType.ENUMFLAGS16:
    case ParamType.ENUMFLAGS32: {
      const v =
        type === ParamType.FLAGS8 || type === ParamType.ENUMFLAGS8
          ? b[0]!
          : type === ParamType.FLAGS16 || type === ParamType.ENUMFLAGS16
            ? readU16(b, 0)
            : readU32(b, 0);
      const isEnum = type === ParamType.ENUMFLAGS8 || type === ParamType.ENUMFLAGS16 || type === ParamType.ENUMFLAGS32;
      return { value: String(v), resolved: resolveFlags(v, info.flags, isEnum) };
    }
    case ParamType.UID:
    case ParamType.GID: {
      const v = readU32(b, 0);
      if (v === 0xffffffff) return { value: '-1', resolved: '<NONE>' };
      const lookup = type === ParamType.UID ? ctx.userName : ctx.groupName;
      const name = ctx.threadKnown ? lookup?.(v) : undefined;
      return { value: String(v | 0), resolved: name ? sanitizeString(name) : '<NA>' };
    }
    case ParamType.SIGSET: {
      const v = readU32(b, 0);
      const names: string[] = [];
      for (let sig = 0; sig < 32; sig++) {
        if ((v >>> sig) & 1) {
          const n = signalName(sig + 1);
          if (n) names.push(n);
        }
      }
      return { value: names.join(' '), resolved: '' };
    }
    case ParamType.CHARBUFARRAY: {
      const parts = splitStrings(b);
      return { value: parts.join('.'), resolved: '' };
    }
    case ParamType.CHARBUF_PAIR_ARRAY: {
      const parts = splitStrings(b);
      const pairs: string[] = [];
      for (let i = 0; i + 1 < parts.length; i += 2) pairs.push(`${parts[i]}:${parts[i + 1]}`);
      return { value: pairs.join(','), resolved: '' };
    }
    case ParamType.DYN:
      return { value: 'INVALID DYNAMIC PARAMETER', resolved: '' };
    default:
      return { value: '(n.a.)', resolved: '' };
  }
}

function splitStrings(b: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i === b.length || b[i] === 0) {
      if (i > start || i < b.length) out.push(sanitizeBytes(b, start, i));
      start = i + 1;
    }
  }
  return out;
}

/**
 * Renders parameter `index` of an event. `params` are the event's parameter
 * bytes (zero-length = empty); all of them are needed because a relative
 * path's directory comes from another parameter.
 */
export function renderParam(
  event: EventInfo,
  index: number,
  params: readonly Uint8Array[],
  ctx: FormatContext = NO_CONTEXT,
): RenderedParam {
  const info = event.params[index];
  const b = params[index];
  if (!info || !b) return { value: '<NA>', resolved: '' };
  const stringLike = info.type === ParamType.CHARBUF || info.type === ParamType.FSPATH || info.type === ParamType.FSRELPATH;
  if (stringLike && isLegacyNullString(b)) return { value: '<NA>', resolved: '' };
  if (b.length === 0) return emptyRendering(info.type);
  if (info.type === ParamType.DYN && info.dynamic) {
    const idx = b[0]!;
    const alt = info.dynamic[idx];
    if (alt) {
      const inner = b.subarray(1);
      // an alternative's payload is read like a parameter of its own type
      if (inner.length === 0) return emptyRendering(alt.type);
      return renderTyped(alt.type, inner, event, info, params, ctx);
    }
  }
  return renderTyped(info.type, b, event, info, params, ctx);
}

/** `evt.arg[N]`: the resolved form if there is one, else the value. */
export function formatArg(
  event: EventInfo,
  index: number,
  params: readonly Uint8Array[],
  ctx: FormatContext = NO_CONTEXT,
): string | undefined {
  if (index < 0 || index >= Math.min(params.length, event.params.length)) return undefined;
  const r = renderParam(event, index, params, ctx);
  return r.resolved !== '' ? r.resolved : r.value;
}

/** `evt.arg.NAME`: like formatArg, for the first parameter with that name. */
export function formatArgByName(
  event: EventInfo,
  name: string,
  params: readonly Uint8Array[],
  ctx: FormatContext = NO_CONTEXT,
): string | undefined {
  const n = Math.min(params.length, event.params.length);
  for (let i = 0; i < n; i++) {
    if (event.params[i]!.name === name) return formatArg(event, i, params, ctx);
  }
  return undefined;
}

/**
 * `evt.args`: `name=value` or `name=value(resolved)` for every parameter,
 * space-separated. Generic system call events print nothing.
 */
export function formatArgs(
  event: EventInfo,
  params: readonly Uint8Array[],
  ctx: FormatContext = NO_CONTEXT,
): string {
  if (event.code === EventCode.GENERIC_X) return '';
  const n = Math.min(params.length, event.params.length);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = renderParam(event, i, params, ctx);
    const name = event.params[i]!.name;
    parts.push(r.resolved === '' ? `${name}=${r.value}` : `${name}=${r.value}(${r.resolved})`);
  }
  return parts.join(' ');
}
