/**
 * Extractors of the `evt` classes (and `syscall.type`) with Falco 0.44.1's
 * semantics (libsinsp 0.25.4): event number and times, type and category,
 * parameters as text or raw values, return value, I/O and open facts.
 *
 * Deprecated latency fields are constant (0, `0ns`) since enter events no
 * longer reach rules. `evt.deltatime*` measure from the previous read by the
 * same consumer (each condition or output), like libsinsp's per-check state,
 * so a second read of one event gives 0. `evt.around`
 * (filter-only, a comparison of its own) and the plugin fields have no
 * value here.
 */
import { EVENT_TABLE, EventCode, genericEventTypeName } from '../../events/event-table.js';
import { EventCategory, EventFlags } from '../../events/event-types.js';
import { decodeCString, decodeParam, type ParamValue } from '../../events/param-decoder.js';
import { formatBuffer } from '../../events/param-format.js';
import { iso8601Text, timeOfDayText } from '../../outputs/time-format.js';
import { FdType, type FdInfo } from '../../state/fd-info.js';
import { OpenFlags } from '../../state/ppm-flags.js';
import { concatenatePaths } from '../../state/path-join.js';
import type { ResolvedField } from '../types.js';
import type { FieldValue } from '../value.js';
import { perConsumer, type ClassExtractorBuilder, type SyscallExtractor } from './class-extractor.js';
import {
  argText, argTextAt, argTextWith, argsText, eventClass, hasReturnValue, isMetaEvent, isSyscallEvent, paramIndexOf, returnValue,
} from './event-params.js';
import type { SyscallEvent } from './syscall-event.js';

const NS_PER_SECOND = 1_000_000_000n;
const U64_MASK = (1n << 64n) - 1n;
/** PPM_EVENT_MAX of libs 0.25.4: `evt.type.is.N` with a number matches that code only. */
const PPM_EVENT_MAX = 454;
/** PPM_S_IXUSR | PPM_S_IXGRP | PPM_S_IXOTH */
const EXEC_MODE_BITS = 0o111;

/** A 64-bit unsigned value in FieldValue form: a number when exact, else a bigint. */
function u64(v: bigint): number | bigint {
  const w = v & U64_MASK;
  return w <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(w) : w;
}

// ---------------------------------------------------------------------------
// Type, category

/** `evt.type`: the table name, the system call of generic events, the name inside async events. */
export function eventTypeOf(ev: SyscallEvent): string {
  const code = ev.code;
  if (code === EventCode.GENERIC_E || code === EventCode.GENERIC_X) {
    // Both are 2-byte integers: decoded in place (a number, or undefined unless exactly 2 bytes).
    const id = ev.event.param(0);
    const native = ev.event.param(1);
    return genericEventTypeName(typeof id === 'number' ? id : undefined, typeof native === 'number' ? native : undefined);
  }
  if (code === EventCode.ASYNCEVENT_E) return asyncEventName(ev) ?? '';
  return ev.info.name;
}

/** The name an async event carries (its second parameter, a C string). */
function asyncEventName(ev: SyscallEvent): string | undefined {
  const b = ev.event.rawParam(1);
  if (b === undefined || b.length === 0) return undefined;
  return decodeCString(b);
}

const CLASS_NAMES: { readonly [cls: number]: string } = {
  [EventCategory.UNKNOWN]: 'unknown',
  [EventCategory.OTHER]: 'other',
  [EventCategory.FILE]: 'file',
  [EventCategory.NET]: 'net',
  [EventCategory.IPC]: 'IPC',
  [EventCategory.MEMORY]: 'memory',
  [EventCategory.PROCESS]: 'process',
  [EventCategory.SLEEP]: 'sleep',
  [EventCategory.SYSTEM]: 'system',
  [EventCategory.SIGNAL]: 'signal',
  [EventCategory.USER]: 'user',
  [EventCategory.TIME]: 'time',
  [EventCategory.PROCESSING]: 'processing',
  [EventCategory.WAIT]: 'wait',
  [EventCategory.SCHEDULER]: 'scheduler',
  [EventCategory.INTERNAL]: 'internal',
  [EventCategory.SYSCALL]: 'syscall',
  [EventCategory.TRACEPOINT]: 'tracepoint',
  [EventCategory.PLUGIN]: 'plugin',
  [EventCategory.METAEVENT]: 'meta',
};

/**
 * I/O events are named after what their fd is: a file, a socket, an IPC
 * channel; anything else (or an fd the state missed) is "unknown".
 */
function ioSubcategory(fd: FdInfo | undefined): string {
  if (fd === undefined) return 'unknown';
  switch (fd.type) {
    case FdType.FILE: case FdType.FILE_V2: case FdType.DIRECTORY:
      return 'file';
    case FdType.IPV4_SOCK: case FdType.IPV6_SOCK: case FdType.IPV4_SERVSOCK: case FdType.IPV6_SERVSOCK:
      return 'net';
    case FdType.FIFO: case FdType.UNIX_SOCK: case FdType.EVENT: case FdType.SIGNALFD: case FdType.INOTIFY:
    case FdType.USERFAULTFD:
      return 'ipc';
    default:
      return 'unknown';
  }
}

function categoryText(ev: SyscallEvent): string {
  const cls = eventClass(ev);
  if (cls === EventCategory.IO_READ || cls === EventCategory.IO_WRITE || cls === EventCategory.IO_OTHER) return ioSubcategory(ev.fd);
  return CLASS_NAMES[cls] ?? 'unknown';
}

// ---------------------------------------------------------------------------
// Return value and errors

function errorCount(ev: SyscallEvent): FieldValue {
  if (!hasReturnValue(ev)) return undefined;
  return returnValue(ev) < 0 ? 1 : 0;
}

function isFileFd(fd: FdInfo): boolean {
  return fd.type === FdType.FILE || fd.type === FdType.FILE_V2 || fd.type === FdType.DIRECTORY;
}

function isNetFd(fd: FdInfo): boolean {
  return (
    fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK || fd.type === FdType.IPV4_SERVSOCK ||
    fd.type === FdType.IPV6_SERVSOCK || fd.type === FdType.UNIX_SOCK
  );
}

const FILE_OPEN_EXITS: ReadonlySet<number> = new Set([
  EventCode.SYSCALL_OPEN_X, EventCode.SYSCALL_CREAT_X, EventCode.SYSCALL_OPENAT_2_X, EventCode.SYSCALL_OPENAT2_X,
  EventCode.SYSCALL_OPEN_BY_HANDLE_AT_X,
]);
const NET_OPEN_EXITS: ReadonlySet<number> = new Set([
  EventCode.SOCKET_ACCEPT_5_X, EventCode.SOCKET_ACCEPT4_6_X, EventCode.SOCKET_CONNECT_X,
]);

function resText(ev: SyscallEvent): FieldValue {
  if (!hasReturnValue(ev)) return undefined;
  if (returnValue(ev) >= 0) return 'SUCCESS';
  // The first parameter rendered with its resolution: an errno name.
  return argText(ev, 0);
}

// ---------------------------------------------------------------------------
// Buffers

/** The return value as a buffer length, for exit events of I/O calls on a known fd. */
function bufferLength(ev: SyscallEvent, accept: (cls: number, fd: FdInfo) => boolean): FieldValue {
  const fd = ev.fd;
  if (fd === undefined || !accept(eventClass(ev), fd)) return undefined;
  if ((ev.code & 1) !== 1 || !hasReturnValue(ev)) return undefined;
  const res = returnValue(ev);
  return res >= 0 ? res : undefined;
}

function isIoClass(cls: number): boolean {
  return (cls & EventCategory.IO_BASE) !== 0;
}

function isPlainFile(fd: FdInfo): boolean {
  return fd.type === FdType.FILE || fd.type === FdType.FILE_V2;
}

function isIpFd(fd: FdInfo): boolean {
  return fd.type >= FdType.IPV4_SOCK && fd.type <= FdType.IPV6_SERVSOCK;
}

/**
 * `evt.buffer`: the data bytes. Empty data renders as "NULL" into libsinsp's
 * parameter text buffer, which Falco then reads with the length of the last
 * non-empty buffer: those bytes are the value.
 */
function dataBuffer(ev: SyscallEvent): FieldValue {
  const i = ev.paramIndex('data');
  if (i < 0) return undefined;
  const b = ev.event.rawParam(i);
  if (b !== undefined && b.length > 0) {
    ev.paramText.writeBuffer(formatBuffer(b, ev.run.bufferFormatBase64 ? 'base64' : 'normal'));
    return b;
  }
  argText(ev, i);
  return ev.paramText.bufferView();
}

// ---------------------------------------------------------------------------
// Raw parameters

/** A decoded parameter as a field scalar (`evt.rawarg`): numbers, text, or bytes. */
function rawValue(v: ParamValue | undefined, raw: Uint8Array): FieldValue {
  if (v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) {
    // Lists of strings (args, env) compare as their first item, like a C string of the raw bytes.
    const first = (v as readonly unknown[])[0];
    return typeof first === 'string' ? first : raw;
  }
  if (typeof v === 'object' && 'index' in v && 'value' in v) return rawValue(v.value, raw.subarray(1));
  return raw;
}

function rawArg(ev: SyscallEvent, name: string): FieldValue {
  const i = ev.paramIndex(name);
  if (i < 0) return undefined;
  const raw = ev.event.rawParam(i);
  const info = ev.info.params[i];
  if (raw === undefined || info === undefined || raw.length === 0) return undefined;
  let v: ParamValue | undefined;
  try {
    v = decodeParam(info, raw);
  } catch {
    return undefined;
  }
  return rawValue(v, raw);
}

// ---------------------------------------------------------------------------
// Open flags

const OPEN_LIKE_EXITS: ReadonlySet<number> = new Set([
  EventCode.SYSCALL_OPEN_X, EventCode.SYSCALL_OPENAT_2_X, EventCode.SYSCALL_OPENAT2_X, EventCode.SYSCALL_OPEN_BY_HANDLE_AT_X,
]);

function u32Param(ev: SyscallEvent, i: number): number | undefined {
  if (i >= ev.event.nparams) return undefined;
  const v = ev.param(i);
  return typeof v === 'number' ? v >>> 0 : undefined;
}

type OpenCheck = 'read' | 'write' | 'exec' | 'create';

function openFact(ev: SyscallEvent, check: OpenCheck): boolean {
  const code = ev.code;
  if (OPEN_LIKE_EXITS.has(code)) {
    const newLayout = code === EventCode.SYSCALL_OPENAT_2_X || code === EventCode.SYSCALL_OPENAT2_X;
    const flags = u32Param(ev, newLayout ? 3 : 2) ?? 0;
    switch (check) {
      case 'read':
        return (flags & OpenFlags.RDONLY) !== 0;
      case 'write':
        return (flags & OpenFlags.WRONLY) !== 0;
      case 'create':
        if ((flags & OpenFlags.F_CREATED) !== 0) return true;
        return (flags & OpenFlags.TMPFILE) !== 0 && hasReturnValue(ev) && returnValue(ev) >= 0;
      case 'exec': {
        if ((flags & (OpenFlags.TMPFILE | OpenFlags.CREAT)) === 0 || code === EventCode.SYSCALL_OPEN_BY_HANDLE_AT_X) return false;
        const mode = u32Param(ev, newLayout ? 4 : 3);
        return mode !== undefined && (mode & EXEC_MODE_BITS) !== 0;
      }
    }
  }
  if (check === 'exec' && code === EventCode.SYSCALL_CREAT_X) {
    const mode = u32Param(ev, 2) ?? 0;
    return (mode & EXEC_MODE_BITS) !== 0;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Absolute paths of *at() calls

interface AbspathArgs {
  dirfd: string;
  path: string;
}

function abspathArgs(code: number, side: number): AbspathArgs | undefined {
  switch (code) {
    case EventCode.SYSCALL_RENAMEAT_X:
    case EventCode.SYSCALL_RENAMEAT2_X:
      return side === 2 ? { dirfd: 'newdirfd', path: 'newpath' } : { dirfd: 'olddirfd', path: 'oldpath' };
    case EventCode.SYSCALL_SYMLINKAT_X:
      return { dirfd: 'linkdirfd', path: 'linkpath' };
    case EventCode.SYSCALL_OPENAT_2_X:
    case EventCode.SYSCALL_OPENAT2_X:
    case EventCode.SYSCALL_UNLINKAT_2_X:
      return { dirfd: 'dirfd', path: 'name' };
    case EventCode.SYSCALL_LINKAT_2_X:
      return side === 2 ? { dirfd: 'newdir', path: 'newpath' } : { dirfd: 'olddir', path: 'oldpath' };
    case EventCode.SYSCALL_MKDIRAT_X:
      return { dirfd: 'dirfd', path: 'path' };
    case EventCode.SYSCALL_FCHMODAT_X:
      return { dirfd: 'dirfd', path: 'filename' };
    case EventCode.SYSCALL_FCHOWNAT_X:
      return { dirfd: 'dirfd', path: 'pathname' };
    default:
      return undefined;
  }
}

const AT_FDCWD = -100;

function absolutePath(ev: SyscallEvent, side: number): FieldValue {
  const thread = ev.thread;
  if (thread === undefined) return undefined;
  if (ev.code === EventCode.SYSCALL_OPEN_BY_HANDLE_AT_X) {
    // Only a successful open has a path, which the event carries whole.
    if (!hasReturnValue(ev) || returnValue(ev) <= 0) return undefined;
    const p = ev.event.rawParam(3);
    return concatenatePaths('', p === undefined ? '' : decodeCString(p));
  }
  const names = abspathArgs(ev.code, side);
  if (names === undefined) return undefined;
  const di = ev.paramIndex(names.dirfd);
  const pi = ev.paramIndex(names.path);
  if (di < 0 || pi < 0) return undefined;
  const dirBytes = ev.event.rawParam(di);
  const pathBytes = ev.event.rawParam(pi);
  if (dirBytes === undefined || pathBytes === undefined || dirBytes.length === 0 || pathBytes.length === 0) return undefined;
  const dirfdValue = decodeParam(ev.info.params[di]!, dirBytes);
  const dirfd = typeof dirfdValue === 'bigint' ? Number(dirfdValue) : typeof dirfdValue === 'number' ? dirfdValue : 0;
  const path = decodeCString(pathBytes);
  let dir: string;
  if (path.startsWith('/')) dir = '.';
  else if (dirfd === AT_FDCWD) dir = thread.getCwd();
  else {
    const info = thread.fdTable()?.get(dirfd);
    if (info === undefined) dir = '<UNKNOWN>/';
    else dir = info.name.endsWith('/') ? info.name : `${info.name}/`;
  }
  return concatenatePaths(dir, path);
}

// ---------------------------------------------------------------------------
// Docker infrastructure events

function infraField(ev: SyscallEvent, which: 'name' | 'id' | 'container' | 'image'): FieldValue {
  if (ev.code !== EventCode.INFRASTRUCTURE_EVENT_E) return undefined;
  const b = ev.event.rawParam(2);
  if (b === undefined) return undefined;
  const prefix = { name: 'Event', id: 'ID', container: 'name', image: 'Image' }[which];
  for (const raw of decodeCString(b).split(';')) {
    const e = raw.trim();
    if (!e.startsWith(prefix)) continue;
    const parts = e.split(':');
    if (which === 'image') {
      let v = parts[1] ?? '';
      if (v.includes('@')) v = v.slice(0, v.indexOf('@'));
      else if (v.includes('sha256')) v = e.slice(e.indexOf(':') + 1);
      return v.trim();
    }
    const v = (parts[1] ?? '').trim();
    return which === 'id' && v.length > 12 ? v.slice(0, 12) : v;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The builder

/** Event codes `evt.type.is.X` matches: the first table entry named X and the next code, or code N only. */
function typeIsCodes(field: ResolvedField): [number, number] | undefined {
  if (typeof field.argNumber === 'number') return [field.argNumber, PPM_EVENT_MAX];
  const name = field.arg;
  if (name === undefined) return undefined;
  if (/^[0-9]+$/.test(name)) return [Number(name), PPM_EVENT_MAX];
  for (let j = 0; j < PPM_EVENT_MAX && j < EVENT_TABLE.length; j++) {
    if (EVENT_TABLE[j]!.name === name) return [j, j + 1];
  }
  return undefined;
}

/**
 * libsinsp's delta fields keep the time of their previous read: 0 on the
 * first read, and 0 again when read twice on one event.
 */
function deltaExtractor(part: 'all' | 's' | 'ns'): SyscallExtractor {
  let previous = 0n;
  return perConsumer((ev) => {
    const ts = ev.ts;
    if (previous === 0n) {
      previous = ts;
      return 0;
    }
    const d = BigInt.asUintN(64, ts - previous);
    previous = ts;
    return u64(part === 'all' ? d : part === 's' ? d / NS_PER_SECOND : d % NS_PER_SECOND);
  });
}

function relative(ev: SyscallEvent): bigint {
  return BigInt.asUintN(64, ev.ts - ev.run.firstEventTs);
}

export const evtExtractor: ClassExtractorBuilder = (field) => {
  switch (field.info.name) {
    case 'evt.num': return (ev) => ev.num;
    case 'evt.time': return (ev) => timeOfDayText(ev.ts);
    case 'evt.time.s': return (ev) => timeOfDayText(ev.ts, { withNanos: false });
    case 'evt.time.iso8601': return (ev) => iso8601Text(ev.ts);
    case 'evt.datetime': return (ev) => timeOfDayText(ev.ts, { withDate: true });
    case 'evt.datetime.s': return (ev) => timeOfDayText(ev.ts, { withDate: true, withNanos: false });
    case 'evt.rawtime': return (ev) => u64(ev.ts);
    case 'evt.rawtime.s': return (ev) => u64(ev.ts / NS_PER_SECOND);
    case 'evt.rawtime.ns': return (ev) => u64(ev.ts % NS_PER_SECOND);
    case 'evt.reltime': return (ev) => u64(relative(ev));
    case 'evt.reltime.s': return (ev) => u64(relative(ev) / NS_PER_SECOND);
    case 'evt.reltime.ns': return (ev) => u64(relative(ev) % NS_PER_SECOND);
    case 'evt.pluginname': return undefined;
    case 'evt.plugininfo': return undefined;
    case 'evt.source': return (ev) => ev.run.source;
    case 'evt.is_async': return (ev) => isMetaEvent(ev);
    case 'evt.asynctype':
      return (ev) => {
        if (!isMetaEvent(ev)) return undefined;
        return ev.code === EventCode.ASYNCEVENT_E ? asyncEventName(ev) : ev.info.name;
      };
    case 'evt.hostname': return (ev) => ev.run.hostname;

    case 'evt.latency':
    case 'evt.latency.s':
    case 'evt.latency.ns':
    case 'evt.latency.quantized':
    case 'evt.wait_latency':
      return () => 0;
    case 'evt.latency.human': return () => '0ns';
    case 'evt.deltatime': return deltaExtractor('all');
    case 'evt.deltatime.s': return deltaExtractor('s');
    case 'evt.deltatime.ns': return deltaExtractor('ns');
    case 'evt.outputtime': return (ev) => timeOfDayText(ev.ts);
    case 'evt.dir': return (ev) => ((ev.code & 1) === 0 ? '>' : '<');
    case 'evt.type': return eventTypeOf;
    case 'evt.type.is': {
      const codes = typeIsCodes(field);
      if (codes === undefined) return undefined;
      const [a, b] = codes;
      return (ev) => (ev.code === a || ev.code === b ? 1 : 0);
    }
    case 'syscall.type': return (ev) => (isSyscallEvent(ev) ? eventTypeOf(ev) : undefined);
    case 'evt.category': return categoryText;
    case 'evt.cpu': return (ev) => ev.cpu;
    case 'evt.args':
    case 'evt.info':
      return argsText;
    case 'evt.arg': {
      const index = field.argNumber;
      if (typeof index === 'number') return (ev) => argTextAt(ev, index);
      const name = field.arg;
      if (name === undefined) return undefined;
      const position = paramIndexOf(name);
      return (ev) => argTextWith(ev, position);
    }
    case 'evt.rawarg': {
      const name = field.arg;
      if (name === undefined) return undefined;
      return (ev) => rawArg(ev, name);
    }
    case 'evt.buffer': return dataBuffer;
    case 'evt.buflen': return (ev) => bufferLength(ev, (cls) => isIoClass(cls));
    case 'evt.buflen.in': return (ev) => bufferLength(ev, (cls) => cls === EventCategory.IO_READ);
    case 'evt.buflen.out': return (ev) => bufferLength(ev, (cls) => cls === EventCategory.IO_WRITE);
    case 'evt.buflen.file': return (ev) => bufferLength(ev, (cls, fd) => isIoClass(cls) && isPlainFile(fd));
    case 'evt.buflen.file.in': return (ev) => bufferLength(ev, (cls, fd) => cls === EventCategory.IO_READ && isPlainFile(fd));
    case 'evt.buflen.file.out': return (ev) => bufferLength(ev, (cls, fd) => cls === EventCategory.IO_WRITE && isPlainFile(fd));
    case 'evt.buflen.net': return (ev) => bufferLength(ev, (cls, fd) => isIoClass(cls) && isIpFd(fd));
    case 'evt.buflen.net.in': return (ev) => bufferLength(ev, (cls, fd) => cls === EventCategory.IO_READ && isIpFd(fd));
    case 'evt.buflen.net.out': return (ev) => bufferLength(ev, (cls, fd) => cls === EventCategory.IO_WRITE && isIpFd(fd));
    case 'evt.res': return resText;
    case 'evt.rawres': return (ev) => (hasReturnValue(ev) ? returnValue(ev) : undefined);
    case 'evt.failed':
      return (ev) => {
        const n = errorCount(ev);
        return n === undefined ? undefined : n === 1;
      };
    case 'evt.is_io': return (ev) => (ev.info.flags & (EventFlags.READS_FROM_FD | EventFlags.WRITES_TO_FD)) !== 0;
    case 'evt.is_io_read': return (ev) => (ev.info.flags & EventFlags.READS_FROM_FD) !== 0;
    case 'evt.is_io_write': return (ev) => (ev.info.flags & EventFlags.WRITES_TO_FD) !== 0;
    case 'evt.io_dir':
      return (ev) => {
        if ((ev.info.flags & EventFlags.WRITES_TO_FD) !== 0) return 'write';
        if ((ev.info.flags & EventFlags.READS_FROM_FD) !== 0) return 'read';
        return undefined;
      };
    case 'evt.is_wait': return (ev) => (ev.info.flags & EventFlags.WAITS) !== 0;
    case 'evt.is_syslog':
      return (ev) => (ev.info.flags & EventFlags.WRITES_TO_FD) !== 0 && ev.fd !== undefined && ev.fd.isSyslog();
    case 'evt.count': return () => 1;
    case 'evt.count.error': return errorCount;
    case 'evt.count.error.file':
      return (ev) => {
        const fd = ev.fd;
        if (fd !== undefined) return isFileFd(fd) ? errorCount(ev) : undefined;
        return FILE_OPEN_EXITS.has(ev.code) ? errorCount(ev) : undefined;
      };
    case 'evt.count.error.net':
      return (ev) => {
        const fd = ev.fd;
        if (fd !== undefined) return isNetFd(fd) ? errorCount(ev) : undefined;
        return NET_OPEN_EXITS.has(ev.code) ? errorCount(ev) : undefined;
      };
    case 'evt.count.error.memory':
      return (ev) => (eventClass(ev) === EventCategory.MEMORY ? errorCount(ev) : undefined);
    case 'evt.count.error.other':
      return (ev) => {
        const fd = ev.fd;
        if (fd !== undefined) return isFileFd(fd) || isNetFd(fd) ? undefined : errorCount(ev);
        const known = FILE_OPEN_EXITS.has(ev.code) || NET_OPEN_EXITS.has(ev.code) || eventClass(ev) === EventCategory.MEMORY;
        return known ? undefined : errorCount(ev);
      };
    case 'evt.count.exit': return (ev) => ((ev.code & 1) === 1 ? 1 : undefined);
    case 'evt.count.procinfo':
      return (ev) => (ev.code === EventCode.PROCINFO_E && ev.thread !== undefined && ev.thread.isMainThread() ? 1 : 0);
    case 'evt.count.threadinfo': return (ev) => (ev.code === EventCode.PROCINFO_E ? 1 : 0);
    case 'evt.around': return undefined;
    case 'evt.abspath': {
      const side = field.arg === 'src' ? 1 : field.arg === 'dst' ? 2 : 0;
      return (ev) => absolutePath(ev, side);
    }
    case 'evt.is_open_read': return (ev) => openFact(ev, 'read');
    case 'evt.is_open_write': return (ev) => openFact(ev, 'write');
    case 'evt.is_open_exec': return (ev) => openFact(ev, 'exec');
    case 'evt.is_open_create': return (ev) => openFact(ev, 'create');
    case 'evt.infra.docker.name': return (ev) => infraField(ev, 'name');
    case 'evt.infra.docker.container.id': return (ev) => infraField(ev, 'id');
    case 'evt.infra.docker.container.name': return (ev) => infraField(ev, 'container');
    case 'evt.infra.docker.container.image': return (ev) => infraField(ev, 'image');
    default:
      return undefined;
  }
};
