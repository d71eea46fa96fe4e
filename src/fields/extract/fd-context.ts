/**
 * What the fd.* fields look at, resolved the way libsinsp's fd field check
 * does for every field: only events that create, use or destroy an fd have
 * one; the fd is the one the state update attached to the event, else the
 * thread's last-event fd looked up in its table (a failed call leaves the
 * event without one, but the fd number still names an open fd).
 *
 * Also the "is this address ours" test behind fd.lip/fd.rip/fd.lport/...
 * and fd.is_server: a thread in a container owns its container's IPv4
 * address (or, when that is unknown, any container's); on the host an
 * address is local when an interface has it (IPv6: the same /64 prefix).
 *
 * All lookups here are read-only: they never touch the state's
 * rename-tracking (ThreadInfo.getFd records names for fd.name_changed).
 */
import { EventFlags } from '../../events/event-types.js';
import type { FdInfo } from '../../state/fd-info.js';
import type { ThreadInfo } from '../../state/thread-info.js';
import { parseIPv4 } from '../../rules/compile/ip.js';
import type { SyscallEvent } from './syscall-event.js';

const FD_EVENT_FLAGS = EventFlags.CREATES_FD | EventFlags.USES_FD | EventFlags.DESTROYS_FD;

/** Whether the event's kind involves an fd (libsinsp's EF_CREATES_FD/USES_FD/DESTROYS_FD). */
export function isFdEvent(ev: SyscallEvent): boolean {
  return (ev.info.flags & FD_EVENT_FLAGS) !== 0;
}

/** The thread of an fd event (undefined for other events or an unknown thread). */
export function fdThreadOf(ev: SyscallEvent): ThreadInfo | undefined {
  return isFdEvent(ev) ? ev.thread : undefined;
}

/** The fd `fd` of the thread's process, without side effects on the state. */
export function peekFd(thread: ThreadInfo, fd: number): FdInfo | undefined {
  if (fd < 0) return undefined;
  return thread.fdTable()?.get(fd);
}

/** The fd an fd event refers to (see the module comment), if the state has it. */
export function eventFdOf(ev: SyscallEvent): FdInfo | undefined {
  const t = fdThreadOf(ev);
  if (t === undefined) return undefined;
  if (ev.fd !== undefined) return ev.fd;
  return t.lastEventFd !== -1 ? peekFd(t, t.lastEventFd) : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function ipv4TextIs(text: string, addr: Uint8Array): boolean {
  if (text.length === 0) return false;
  const parsed = parseIPv4(text);
  return parsed !== undefined && sameBytes(parsed, addr, 4);
}

/** Whether an IPv4 address (4 bytes, network order) belongs to the machine as the thread sees it. */
export function isLocalIpv4(ev: SyscallEvent, thread: ThreadInfo, addr: Uint8Array): boolean {
  const state = ev.state;
  if (thread.containerId.length !== 0) {
    const ip = state.containers.get(thread.containerId)?.ip ?? '';
    if (ip.length === 0) {
      // Without the container's own address, any container's address counts.
      for (const c of state.containers.values()) if (ipv4TextIs(c.ip, addr)) return true;
      return false;
    }
    if (ipv4TextIs(ip, addr)) return true;
  }
  for (const i of state.interfaces.ipv4) if (sameBytes(i.addr, addr, 4)) return true;
  return false;
}

/** Whether an IPv6 address (16 bytes) is local: never inside containers; else an interface's /64. */
export function isLocalIpv6(ev: SyscallEvent, thread: ThreadInfo, addr: Uint8Array): boolean {
  if (thread.containerId.length !== 0) return false;
  for (const i of ev.state.interfaces.ipv6) if (sameBytes(i.addr, addr, 8)) return true;
  return false;
}
