/**
 * Extractors of the fs.path.* fields (Falco 0.44.1 / libsinsp 0.25.4): the
 * filesystem path(s) a successful file operation worked on, for calls that
 * name paths directly (mkdir, unlink, rename, link, mount, chmod, ...) as
 * well as open/openat.
 *
 * Per event type the value comes from one raw parameter (or fd.name for
 * fchmod/fchown), and only when the call succeeded by libsinsp's test for
 * that type (`res = 0`, or for opens `fd != -1`, which lets other errors
 * through). The `*raw` fields give the parameter as passed; the others
 * resolve a relative path against the cwd, the directory fd, or the opened
 * fd's name, and normalize it. Source/target apply to two-path calls; note
 * libsinsp's orientation for link/linkat (source = new path).
 */
import { EventCode } from '../../events/event-table.js';
import { ParamType } from '../../events/event-types.js';
import { decodeCString, isLegacyNullString, readI32, readI64Big } from '../../events/param-decoder.js';
import { numParam } from '../../state/parsed-event.js';
import { concatenatePaths } from '../../state/path-join.js';
import type { ClassExtractorBuilder } from './class-extractor.js';
import { fdThreadOf, eventFdOf } from './fd-context.js';
import { dirfdBase, eventFdName, UNKNOWN_DIR } from './fd-name.js';
import type { SyscallEvent } from './syscall-event.js';

type Role = 'path' | 'source' | 'target';

/** How a call reports success: its `res` is 0, or its `fd` is not -1. */
type Success = 'res-zero' | 'fd-not-minus-one';

/** Where a path comes from: a parameter by name, or the event's fd name. */
type PathSource = { param: string } | { fdName: true };

interface CallPaths {
  success: Success;
  path?: PathSource;
  source?: PathSource;
  target?: PathSource;
}

const p = (param: string): PathSource => ({ param });
const FD_NAME: PathSource = { fdName: true };
const RES: Success = 'res-zero';

const CALLS: ReadonlyMap<number, CallPaths> = new Map<number, CallPaths>([
  [EventCode.SYSCALL_MKDIR_2_X, { success: RES, path: p('path') }],
  [EventCode.SYSCALL_MKDIRAT_X, { success: RES, path: p('path') }],
  [EventCode.SYSCALL_RMDIR_2_X, { success: RES, path: p('path') }],
  [EventCode.SYSCALL_UNLINK_2_X, { success: RES, path: p('path') }],
  [EventCode.SYSCALL_UNLINKAT_2_X, { success: RES, path: p('name') }],
  [EventCode.SYSCALL_OPEN_X, { success: 'fd-not-minus-one', path: p('name') }],
  [EventCode.SYSCALL_OPENAT_2_X, { success: 'fd-not-minus-one', path: p('name') }],
  [EventCode.SYSCALL_OPENAT2_X, { success: 'fd-not-minus-one', path: p('name') }],
  [EventCode.SYSCALL_FCHMODAT_X, { success: RES, path: p('filename') }],
  [EventCode.SYSCALL_CHMOD_X, { success: RES, path: p('filename') }],
  [EventCode.SYSCALL_FCHMOD_X, { success: RES, path: FD_NAME }],
  [EventCode.SYSCALL_CHOWN_X, { success: RES, path: p('path') }],
  [EventCode.SYSCALL_LCHOWN_X, { success: RES, path: p('path') }],
  [EventCode.SYSCALL_FCHOWN_X, { success: RES, path: FD_NAME }],
  [EventCode.SYSCALL_FCHOWNAT_X, { success: RES, path: p('pathname') }],
  [EventCode.SYSCALL_QUOTACTL_X, { success: RES, path: p('special') }],
  [EventCode.SYSCALL_RENAME_X, { success: RES, source: p('oldpath'), target: p('newpath') }],
  [EventCode.SYSCALL_RENAMEAT_X, { success: RES, source: p('oldpath'), target: p('newpath') }],
  [EventCode.SYSCALL_RENAMEAT2_X, { success: RES, source: p('oldpath'), target: p('newpath') }],
  [EventCode.SYSCALL_LINK_2_X, { success: RES, source: p('newpath'), target: p('oldpath') }],
  [EventCode.SYSCALL_LINKAT_2_X, { success: RES, source: p('newpath'), target: p('oldpath') }],
  [EventCode.SYSCALL_SYMLINK_X, { success: RES, source: p('linkpath'), target: p('target') }],
  [EventCode.SYSCALL_SYMLINKAT_X, { success: RES, source: p('linkpath'), target: p('target') }],
  [EventCode.SYSCALL_MOUNT_X, { success: RES, source: p('dev'), target: p('dir') }],
  [EventCode.SYSCALL_UMOUNT_1_X, { success: RES, path: p('name') }],
  [EventCode.SYSCALL_UMOUNT2_X, { success: RES, path: p('name') }],
]);

/** Calls whose relative paths are relative to the directory fd the event refers to. */
const DIRFD_CALLS: ReadonlySet<number> = new Set([
  EventCode.SYSCALL_NEWFSTATAT_X,
  EventCode.SYSCALL_FCHOWNAT_X,
  EventCode.SYSCALL_FCHMODAT_X,
  EventCode.SYSCALL_MKDIRAT_X,
  EventCode.SYSCALL_UNLINKAT_2_X,
  EventCode.SYSCALL_MKNODAT_X,
]);

const STRING_TYPES: ReadonlySet<number> = new Set([ParamType.CHARBUF, ParamType.FSPATH, ParamType.FSRELPATH]);

/** A parameter's raw bytes and type, by name (the first parameter so named). */
function rawParam(ev: SyscallEvent, name: string): { bytes: Uint8Array; type: number } | undefined {
  const i = ev.paramIndex(name);
  if (i < 0) return undefined;
  const bytes = ev.event.rawParam(i);
  return bytes === undefined ? undefined : { bytes, type: ev.info.params[i]!.type };
}

/** A signed integer parameter as libsinsp compares it; undefined when it has no usable bytes. */
function intParam(ev: SyscallEvent, name: string): bigint | undefined {
  const r = rawParam(ev, name);
  if (r === undefined) return undefined;
  if (r.bytes.length === 8) return readI64Big(r.bytes, 0);
  if (r.bytes.length === 4) return BigInt(readI32(r.bytes, 0));
  return undefined;
}

function succeeded(ev: SyscallEvent, how: Success): boolean {
  if (how === 'res-zero') return intParam(ev, 'res') === 0n;
  const fd = intParam(ev, 'fd');
  return fd !== undefined && fd !== -1n;
}

/** A string parameter's text as passed (an empty or legacy `(NULL)` one reads `<NA>`). */
function stringParam(ev: SyscallEvent, name: string): string | undefined {
  const r = rawParam(ev, name);
  if (r === undefined || !STRING_TYPES.has(r.type)) return undefined;
  return isLegacyNullString(r.bytes) ? '<NA>' : decodeCString(r.bytes);
}

function rawPath(ev: SyscallEvent, from: PathSource): string | undefined {
  if ('param' in from) return stringParam(ev, from.param);
  // fd.name, with its own rules (only for fd events with a known thread).
  if (fdThreadOf(ev) === undefined) return undefined;
  const fd = eventFdOf(ev);
  return fd !== undefined ? fd.name : eventFdName(ev);
}

/** The event's directory fd as a prefix (`<UNKNOWN>` unless it is a known directory). */
function dirfdPrefix(ev: SyscallEvent): string {
  const fd = ev.fd;
  if (fd === undefined || !fd.isDirectory()) return UNKNOWN_DIR;
  return fd.name.length === 0 || fd.name.endsWith('/') ? fd.name : `${fd.name}/`;
}

/** The base a relative path of this call is resolved against (libsinsp's per-call choice). */
function baseFor(ev: SyscallEvent, role: Role, path: string): { base: string; path: string } {
  const code = ev.code;
  if (code === EventCode.SYSCALL_OPENAT_2_X || code === EventCode.SYSCALL_OPENAT2_X) {
    // The opened fd's name stands for the whole path.
    return { base: '', path: ev.fd?.name ?? UNKNOWN_DIR };
  }
  if (DIRFD_CALLS.has(code)) return { base: dirfdPrefix(ev), path };
  if (code === EventCode.SYSCALL_SYMLINKAT_X) return { base: role === 'source' ? dirfdPrefix(ev) : UNKNOWN_DIR, path };
  if (code === EventCode.SYSCALL_RENAMEAT2_X) {
    if (role === 'path') return { base: UNKNOWN_DIR, path };
    const dirfd = numParam(ev.event, role === 'target' ? 3 : 1) ?? 0;
    return { base: dirfdBase(ev, path, dirfd), path };
  }
  return { base: ev.thread!.getCwd(), path };
}

function fsPath(role: Role, raw: boolean): (ev: SyscallEvent) => string | undefined {
  return (ev) => {
    const call = CALLS.get(ev.code);
    if (call === undefined || !succeeded(ev, call.success)) return undefined;
    const from = call[role];
    if (from === undefined) return undefined;
    const path = rawPath(ev, from);
    if (path === undefined || raw) return path;
    if (ev.thread === undefined) return undefined;
    if (path.startsWith('/')) return concatenatePaths('', path);
    const r = baseFor(ev, role, path);
    return concatenatePaths(r.base, r.path);
  };
}

export const fsPathExtractor: ClassExtractorBuilder = (field) => {
  switch (field.info.name) {
    case 'fs.path.name': return fsPath('path', false);
    case 'fs.path.nameraw': return fsPath('path', true);
    case 'fs.path.source': return fsPath('source', false);
    case 'fs.path.sourceraw': return fsPath('source', true);
    case 'fs.path.target': return fsPath('target', false);
    case 'fs.path.targetraw': return fsPath('target', true);
    default: return undefined;
  }
};
