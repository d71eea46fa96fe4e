/**
 * What event parsers work with: the state tables, the settings that change
 * parsing, and the per-event slots libsinsp keeps on its event object — the
 * event's thread and fd, which parsers may replace (a clone's child, a new
 * fd). Removals requested by a parser (an exiting thread, a closed fd) are
 * applied before the next event, so the current event can still be
 * described with them.
 */
import type { ContainerInfo } from '../containers.js';
import type { ContainerTable } from '../containers.js';
import type { CgroupMatcher } from '../container-matchers.js';
import type { FdInfo } from '../fd-info.js';
import type { NetworkInterfaces } from '../interfaces.js';
import type { ParsedEvent } from '../parsed-event.js';
import type { EnterRecord, ThreadInfo } from '../thread-info.js';
import type { ThreadTable } from '../thread-table.js';
import type { UserTable } from '../users.js';

export interface ParserSettings {
  /** Track connection progress/failure on sockets (libsinsp option, off in Falco). */
  trackConnectionStatus: boolean;
  /** Boot time of the traced machine (epoch ns): pid namespace start times are relative to it. */
  bootTsEpoch: bigint;
}

export interface ParserContext {
  readonly threads: ThreadTable;
  readonly users: UserTable;
  readonly containers: ContainerTable;
  readonly cgroups: CgroupMatcher;
  readonly interfaces: NetworkInterfaces;
  readonly settings: ParserSettings;
  /** The event's thread. */
  thread: ThreadInfo | undefined;
  /** The event's fd. */
  fd: FdInfo | undefined;
  /** For container events: the container they describe. */
  eventContainer: ContainerInfo | undefined;
  /** Removes the thread before the next event. */
  removeThreadLater(tid: number): void;
  /** Removes an fd of the thread before the next event. */
  removeFdLater(tid: number, fd: number): void;
  /** Looks the event's thread and fd up again (after a parser replaced a colliding thread). */
  relookup(ev: ParsedEvent): void;
  /** The stored enter event matching this exit event, if the capture had one. */
  enterOf(ev: ParsedEvent): EnterRecord | undefined;
}

export type EventParser = (ctx: ParserContext, ev: ParsedEvent) => void;

/** The syscall result (parameter 0 of exit events); 0 when absent. */
export function resultOf(ev: ParsedEvent): number {
  if (!(ev.nparams > 0)) return 0;
  // No event's parameter 0 is a boolean, the one type paramNumber reads differently (1/0).
  if (ev.paramNumber !== undefined) return ev.paramNumber(0) ?? 0;
  const v = ev.param(0);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return 0;
}

/** A stored enter parameter as text (`<NA>` when missing, like libsinsp). */
export function enterString(rec: EnterRecord, i: number): string {
  const v = rec.values[i];
  return typeof v === 'string' ? v : '<NA>';
}

/** A stored enter parameter as a number, if it is one. */
export function enterNumber(rec: EnterRecord, i: number): number | undefined {
  const v = rec.values[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}
