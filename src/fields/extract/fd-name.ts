/**
 * Names of fds the state does not have, taken from the event itself (a
 * failed open, an accept whose fd table was full, ...), the way libsinsp's
 * fd field check falls back on the event: the opened path (resolved against
 * the cwd or the directory fd), the socket tuple, or an empty name for
 * every other fd event.
 *
 * Plus the path helpers the fd.* and fs.path.* fields share: the base
 * directory of a *at() call and the light cleanup of raw names.
 */
import { EventCode } from '../../events/event-table.js';
import { isEmptyParam, numParam, strParam } from '../../state/parsed-event.js';
import { concatenatePaths } from '../../state/path-join.js';
import { AT_FDCWD } from '../../state/ppm-flags.js';
import { argText } from './event-params.js';
import { peekFd } from './fd-context.js';
import { DerivedSlot, type SyscallEvent } from './syscall-event.js';

/** What a *at() path is relative to when that cannot be known. */
export const UNKNOWN_DIR = '<UNKNOWN>';

/**
 * The directory a *at() path is relative to: `.` for an absolute path, the
 * cwd for AT_FDCWD, the directory fd's name ending in `/`, or `<UNKNOWN>`.
 */
export function dirfdBase(ev: SyscallEvent, name: string, dirfd: number): string {
  if (name.length > 0 && name[0] === '/') return '.';
  const t = ev.thread;
  if (t === undefined) return UNKNOWN_DIR;
  if (dirfd === AT_FDCWD) return t.getCwd();
  const info = peekFd(t, dirfd);
  if (info === undefined) return UNKNOWN_DIR;
  return info.name.length === 0 || info.name.endsWith('/') ? info.name : `${info.name}/`;
}

/** Collapses runs of `/` into one (the only cleanup raw fd names get). */
export function collapseSeparators(s: string): string {
  return s.includes('//') ? s.replace(/\/{2,}/g, '/') : s;
}

/**
 * `fdNameFromEvent(ev, false)`, computed once per event (fd.name and
 * fd.directory both ask) — except where it renders a parameter, which
 * libsinsp does on every read (it leaves text in the parameter buffer).
 */
export function eventFdName(ev: SyscallEvent): string | undefined {
  return rendersName(ev.code) ? fdNameFromEvent(ev, false) : ev.derived(DerivedSlot.EventFdName, resolvedFdNameFromEvent);
}

/** Events whose fd name is their rendered name parameter (libsinsp renders it on every read). */
const RENDERED_NAME_EVENTS: ReadonlySet<number> = new Set([
  EventCode.SYSCALL_OPEN_X,
  EventCode.SOCKET_ACCEPT_5_X,
  EventCode.SOCKET_ACCEPT4_6_X,
  EventCode.SYSCALL_CREAT_X,
  EventCode.SOCKET_CONNECT_X,
]);

function rendersName(code: number): boolean {
  return RENDERED_NAME_EVENTS.has(code);
}

function resolvedFdNameFromEvent(ev: SyscallEvent): string | undefined {
  return fdNameFromEvent(ev, false);
}

/**
 * The fd name an exit event implies, or undefined when it implies none
 * (`raw`: the path as passed for openat/openat2, instead of the resolved one).
 */
export function fdNameFromEvent(ev: SyscallEvent, raw: boolean): string | undefined {
  const code = ev.code;
  if ((code & 1) === 0) return undefined;
  // The rendered parameter: its resolved form (full path) when it has one.
  if (rendersName(code)) return ev.event.nparams > 1 ? argText(ev, 1) : '';
  switch (code) {
    case EventCode.SYSCALL_OPENAT_2_X:
    case EventCode.SYSCALL_OPENAT2_X: {
      const e = ev.decoded;
      if (isEmptyParam(e, 2)) return undefined;
      const name = strParam(e, 2);
      if (raw) return name;
      if (isEmptyParam(e, 1)) return undefined;
      const dirfd = numParam(e, 1) ?? AT_FDCWD;
      return concatenatePaths(dirfdBase(ev, name, dirfd), name);
    }
    case EventCode.SYSCALL_OPEN_BY_HANDLE_AT_X:
      return strParam(ev.decoded, 3);
    default:
      return '';
  }
}
