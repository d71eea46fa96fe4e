/**
 * The system state rebuilt from events (what Falco's libsinsp keeps): the
 * thread table with per-process fd tables, users and groups, containers and
 * network interfaces. Seed it with the capture's tables (or a /proc scan),
 * then feed every event in order with `process`; after each call, `thread`
 * and `fd` are the event's thread and fd as Falco's fields see them.
 *
 * Per event, like libsinsp's `next()`:
 *  1. removals requested by the previous event happen (an exited thread, a
 *     closed fd) — so an exit or close event still sees what it ends;
 *  2. in live mode, the periodic purge of idle threads may run;
 *  3. the event's thread is looked up (an unknown tid gets a placeholder,
 *     except for clone/fork exits, procexit and scheduler switches) and,
 *     for fd-using events, its fd;
 *  4. the event's parser updates the tables;
 *  5. the container of a process-creating event's thread is recomputed and
 *     new (container, uid/gid) pairs are recorded in the user table.
 *
 * Enter events (still present in old captures) only record parameters the
 * matching exit event may need.
 *
 * Memory stays bounded: threads are removed on procexit, the table refuses
 * threads beyond its size (counted in stats.threads.droppedFull), fd tables
 * are capped per process, dead children/group members are compacted, and in
 * live mode idle threads are purged.
 */
import { EVENT_TABLE, EventCode, enterFdParamIndex, exitFdParamIndex, isEnterCode } from '../events/event-table.js';
import { EventFlags } from '../events/event-types.js';
import type { CaptureTables, FdEntry, ProcessEntry } from '../events/scap-records.js';
import { CgroupMatcher, type ContainerEngineConfig } from './container-matchers.js';
import type { ContainerInfo } from './containers.js';
import { ContainerTable } from './containers.js';
import type { EventParser, ParserContext, ParserSettings } from './event-parsers/context.js';
import { assignContainer, NEW_PROCESS_EVENTS, updateContainerAfterEvent } from './event-parsers/containers.js';
import { PARSERS } from './event-parsers/dispatch.js';
import type { FdInfo } from './fd-info.js';
import { FdType } from './fd-info.js';
import { DEFAULT_MAX_FDS, newFdTableStats, type FdTableStats } from './fd-table.js';
import { NetworkInterfaces } from './interfaces.js';
import { isEmptyParam, numParam, type ParsedEvent } from './parsed-event.js';
import { CloneFlags } from './ppm-flags.js';
import { fdFromEntry, fillThreadFromEntry, int, orientLoadedSockets } from './seed.js';
import type { EnterRecord, ThreadInfo } from './thread-info.js';
import { DEFAULT_MAX_THREADS, ThreadTable, type ThreadTableStats } from './thread-table.js';
import { UserTable, type AccountSource } from './users.js';

export interface StateEngineOptions {
  /** `replay` (a capture: no OS to consult, no purging) or `live`. Default replay. */
  mode?: 'replay' | 'live';
  /** Thread table size (Falco: falco_libs.thread_table_size, default 262144). */
  maxThreads?: number;
  /** Fds tracked per process (libsinsp: 4096). */
  maxFdsPerProcess?: number;
  /** Falco's own pid, always admitted to a full table (live). */
  selfPid?: number;
  /** Live purge period and idle timeout (Falco live: 300 s each). */
  purgeIntervalNs?: bigint;
  threadTimeoutNs?: bigint;
  trackConnectionStatus?: boolean;
  containerEngines?: ContainerEngineConfig;
  /** Where users/groups missing from the tables are looked up (host /etc/passwd, containers' files). */
  accounts?: AccountSource;
  /** Live: reads an unknown thread (and its process's fds) from the OS. */
  loadProcess?: (tid: number) => { process: ProcessEntry; fds?: readonly FdEntry[] } | undefined;
  /** Live: whether a thread still exists (purging). */
  isThreadAlive?: (pid: number, tid: number) => boolean;
  /** Boot time of the traced machine, epoch ns (capture machine block); 0 if unknown. */
  bootTsEpoch?: bigint;
}

export interface StateEngineStats {
  events: number;
  threads: ThreadTableStats;
  fds: FdTableStats;
  /** Enter events whose parameters were kept for their exit. */
  enterStored: number;
}

// Event kinds with special thread lookup.
const NO_THREAD_EVENTS: ReadonlySet<number> = new Set([
  EventCode.CONTAINER_JSON_2_E,
  EventCode.USER_ADDED_E,
  EventCode.USER_DELETED_E,
  EventCode.GROUP_ADDED_E,
  EventCode.GROUP_DELETED_E,
  EventCode.PLUGINEVENT_E,
  EventCode.ASYNCEVENT_E,
]);
const LOOKUP_ONLY_EVENTS: ReadonlySet<number> = new Set([
  EventCode.SYSCALL_CLONE_20_X,
  EventCode.SYSCALL_CLONE3_X,
  EventCode.SYSCALL_FORK_20_X,
  EventCode.SYSCALL_VFORK_20_X,
  EventCode.SCHEDSWITCH_6_E,
  EventCode.PROCEXIT_1_E,
]);
/** Enter events whose parameters are kept for the exit (those with a path need a non-empty first parameter). */
const STORED_ENTERS: ReadonlyMap<number, boolean> = new Map([
  [EventCode.SYSCALL_OPEN_E, true],
  [EventCode.SYSCALL_CREAT_E, true],
  [EventCode.SYSCALL_OPENAT_2_E, true],
  [EventCode.SYSCALL_OPENAT2_E, true],
  [EventCode.SYSCALL_EXECVE_19_E, true],
  [EventCode.SYSCALL_EXECVEAT_E, false],
  [EventCode.SOCKET_CONNECT_E, false],
]);
/** Events after which a changed container id records the thread's user and group. */
const USER_GROUP_EVENTS: ReadonlySet<number> = new Set([
  EventCode.PROCEXIT_1_E,
  EventCode.SYSCALL_CLONE_20_X,
  EventCode.SYSCALL_FORK_20_X,
  EventCode.SYSCALL_VFORK_20_X,
  EventCode.SYSCALL_CLONE3_X,
  EventCode.SYSCALL_EXECVE_19_X,
  EventCode.SYSCALL_EXECVEAT_X,
  EventCode.SYSCALL_CHROOT_X,
]);

// The sets above, the table flags and the fd positions as one row per code:
// the per-event steps read one array entry instead of several set lookups.
const B_NO_THREAD = 1;
const B_LOOKUP_ONLY = 2;
const B_USER_GROUP = 4;
const B_STORED_ENTER = 8;
const B_NEW_PROCESS = 16;
const B_USES_FD = 32;
const B_SKIP_PARSE_RESET = 64;

const CODE_BITS: Uint8Array = (() => {
  const bits = new Uint8Array(EVENT_TABLE.length);
  EVENT_TABLE.forEach((info, code) => {
    let b = 0;
    if (NO_THREAD_EVENTS.has(code)) b |= B_NO_THREAD;
    if (LOOKUP_ONLY_EVENTS.has(code)) b |= B_LOOKUP_ONLY;
    if (USER_GROUP_EVENTS.has(code)) b |= B_USER_GROUP;
    if (isEnterCode(code) && STORED_ENTERS.has(code)) b |= B_STORED_ENTER;
    if (NEW_PROCESS_EVENTS.has(code)) b |= B_NEW_PROCESS;
    if ((info.flags & EventFlags.USES_FD) !== 0) b |= B_USES_FD;
    if ((info.flags & EventFlags.SKIP_PARSE_RESET) !== 0) b |= B_SKIP_PARSE_RESET;
    bits[code] = b;
  });
  return bits;
})();

/** Index of the fd parameter of each code (enter or exit), -1 when none. */
const FD_PARAM_INDEX: Int8Array = (() => {
  const idx = new Int8Array(EVENT_TABLE.length).fill(-1);
  for (let code = 0; code < idx.length; code++) {
    const i = isEnterCode(code) ? enterFdParamIndex(code) : exitFdParamIndex(code);
    if (i !== undefined) idx[code] = i;
  }
  return idx;
})();

export class StateEngine implements ParserContext {
  readonly threads: ThreadTable;
  readonly users: UserTable;
  readonly containers = new ContainerTable();
  readonly cgroups: CgroupMatcher;
  readonly interfaces = new NetworkInterfaces();
  readonly settings: ParserSettings;
  readonly mode: 'replay' | 'live';
  /** mode === 'live', read per event. */
  private readonly live: boolean;
  readonly stats: StateEngineStats;

  /** The current event's thread. */
  thread: ThreadInfo | undefined = undefined;
  /** The current event's fd. */
  fd: FdInfo | undefined = undefined;
  /** Whether the current event renamed its fd (`fd.name_changed`). */
  fdNameChanged = false;
  /** For container events: the container described. */
  eventContainer: ContainerInfo | undefined = undefined;
  /** Listening ports of sockets loaded from the process table. */
  readonly serverPorts = new Set<number>();

  private pendingThread = -1;
  private pendingFdThread = -1;
  /** Fds to remove before the next event: the first pendingFdCount entries (no array resizing per event). */
  private readonly pendingFds: number[] = [];
  private pendingFdCount = 0;
  private readonly loadProcess: StateEngineOptions['loadProcess'];

  constructor(options: StateEngineOptions = {}) {
    this.mode = options.mode ?? 'replay';
    this.live = this.mode === 'live';
    const fdStats = newFdTableStats();
    const isAlive = options.isThreadAlive;
    this.loadProcess = options.loadProcess;
    this.threads = new ThreadTable({
      maxSize: options.maxThreads ?? DEFAULT_MAX_THREADS,
      selfPid: options.selfPid ?? -1,
      environment: { maxFds: options.maxFdsPerProcess ?? DEFAULT_MAX_FDS, fdStats },
      loadThread: this.loadProcess === undefined ? undefined : (tid) => this.loadFromOs(tid),
      isThreadAlive: isAlive === undefined ? undefined : (t) => isAlive(t.pid, t.tid),
      ...(options.purgeIntervalNs !== undefined ? { purgeIntervalNs: options.purgeIntervalNs } : {}),
      ...(options.threadTimeoutNs !== undefined ? { threadTimeoutNs: options.threadTimeoutNs } : {}),
    });
    this.users = new UserTable(options.accounts);
    this.cgroups = new CgroupMatcher(options.containerEngines ?? {});
    this.settings = {
      trackConnectionStatus: options.trackConnectionStatus ?? false,
      bootTsEpoch: options.bootTsEpoch ?? 0n,
    };
    this.stats = { events: 0, threads: this.threads.stats, fds: fdStats, enterStored: 0 };
  }

  // --- seeding -----------------------------------------------------------------------

  private threadFromEntry(p: ProcessEntry): ThreadInfo {
    return fillThreadFromEntry(this.threads.newThread(), p);
  }

  private addEntryFd(t: ThreadInfo, e: FdEntry): void {
    const f = fdFromEntry(e, this.interfaces);
    if (f === undefined) return;
    if (t.ownFdTable().add(int(e.fd), f) === undefined) return;
    if (f.type === FdType.IPV4_SERVSOCK) this.serverPorts.add(f.ipv4ServerPort);
    else if (f.type === FdType.IPV6_SERVSOCK) this.serverPorts.add(f.ipv6ServerPort);
  }

  private loadFromOs(tid: number): ThreadInfo | undefined {
    const found = this.loadProcess?.(tid);
    if (found === undefined) return undefined;
    const t = this.threadFromEntry(found.process);
    this.users.addUser('', t.pid, t.uid, t.gid);
    this.users.addGroup('', t.pid, t.gid);
    for (const e of found.fds ?? []) this.addEntryFd(t, e);
    assignContainer(this, t);
    return t;
  }

  /**
   * Loads the state a capture (or /proc scan) starts with: processes and
   * their fds, interfaces, users and groups; links parents and groups;
   * orients sockets; assigns containers. Call once, before the first event.
   */
  seed(tables: CaptureTables): void {
    if (tables.machine !== null && this.settings.bootTsEpoch === 0n) this.settings.bootTsEpoch = tables.machine.bootTsEpoch;
    if (tables.interfaces !== null) {
      this.interfaces.clear();
      for (const i of tables.interfaces) {
        if (i.kind === 'ipv4') {
          const b = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
          this.interfaces.ipv4.push({ name: i.name, addr: b(i.addr), netmask: b(i.netmask), bcast: b(i.bcast) });
        } else {
          this.interfaces.ipv6.push({ name: i.name, addr: i.addr });
        }
      }
    }
    for (const p of tables.processes) {
      const t = this.threadFromEntry(p);
      this.users.addUser('', p.pid, t.uid, t.gid);
      this.users.addGroup('', p.pid, t.gid);
      this.threads.add(t, false);
    }
    for (const e of tables.fds) {
      const t = this.threads.get(e.tid);
      if (t !== undefined) this.addEntryFd(t, e);
    }
    this.threads.linkAll();
    if (tables.users !== null) {
      for (const u of tables.users) this.users.addUser('', -1, u.uid >>> 0, u.gid >>> 0, u.name, u.homedir, u.shell);
    }
    if (tables.groups !== null) {
      for (const g of tables.groups) this.users.addGroup('', -1, g.gid >>> 0, g.name);
    }
    orientLoadedSockets(this.threads.values(), this.serverPorts);
    for (const t of this.threads.values()) assignContainer(this, t);
  }

  /**
   * Starts over with new tables (the next section of concatenated captures):
   * threads and interfaces are dropped and reloaded; users and containers
   * accumulate, as in Falco.
   */
  restart(tables: CaptureTables): void {
    this.threads.clear();
    this.interfaces.clear();
    this.serverPorts.clear();
    this.pendingThread = -1;
    this.pendingFdThread = -1;
    this.pendingFdCount = 0;
    this.thread = undefined;
    this.fd = undefined;
    this.seed(tables);
  }

  // --- per-event processing ---------------------------------------------------------------

  removeThreadLater(tid: number): void {
    this.pendingThread = tid;
  }

  removeFdLater(tid: number, fd: number): void {
    if (tid !== this.pendingFdThread) this.pendingFdCount = 0;
    this.pendingFdThread = tid;
    this.pendingFds[this.pendingFdCount++] = fd;
  }

  private applyPendingRemovals(ts: bigint): void {
    if (this.pendingThread !== -1) {
      const tid = this.pendingThread;
      this.pendingThread = -1;
      const ptid = this.threads.get(tid)?.ptid ?? -1;
      this.threads.recordRecentlyExited(tid, ptid, ts);
      this.threads.remove(tid);
    }
    if (this.live) this.threads.purgeInactive(ts);
    const n = this.pendingFdCount;
    if (n > 0) {
      const t = this.threads.get(this.pendingFdThread);
      if (t !== undefined) for (let i = 0; i < n; i++) t.removeFd(this.pendingFds[i]!);
      this.pendingFdCount = 0;
      this.pendingFdThread = -1;
    }
  }

  /** Finds the event's thread and fd (libsinsp's per-event reset). */
  relookup(ev: ParsedEvent): void {
    this.thread = undefined;
    this.fd = undefined;
    const code = ev.code;
    if (!(code >= 0 && code < CODE_BITS.length)) return;
    const bits = CODE_BITS[code]!;
    if ((bits & B_SKIP_PARSE_RESET) !== 0) {
      if (code === EventCode.PROCINFO_E) this.thread = this.touch(this.threads.get(ev.tid), ev.ts);
      return;
    }
    if ((bits & B_NO_THREAD) !== 0) return;
    const mayCreate = (bits & B_LOOKUP_ONLY) === 0;
    const t = this.touch(mayCreate ? this.threads.getOrCreate(ev.tid) : this.threads.get(ev.tid), ev.ts);
    this.thread = t;
    if (code === EventCode.SCHEDSWITCH_6_E || t === undefined) return;
    if (mayCreate) t.flags |= CloneFlags.ACTIVE;
    const usesFd = (bits & B_USES_FD) !== 0;
    if (isEnterCode(code)) {
      t.lastEventFd = -1;
      t.lastEventType = code;
      if (usesFd) {
        const idx = FD_PARAM_INDEX[code]!;
        if (idx >= 0) {
          t.lastEventFd = numParam(ev, idx) ?? -1;
          this.fd = t.getFd(t.lastEventFd);
        }
      }
      return;
    }
    if ((code === EventCode.SYSCALL_EXECVE_19_X && t.lastEventType === EventCode.SYSCALL_EXECVEAT_E) || code === t.lastEventType + 1) {
      t.lastEventDataValid = true;
    } else {
      t.lastEventDataValid = false;
      t.lastEventFd = -1;
    }
    if (!usesFd) return;
    if (t.lastEventFd === -1) {
      // An absent or empty parameter reads as undefined: the fd stays -1.
      const idx = FD_PARAM_INDEX[code]!;
      if (idx >= 0) t.lastEventFd = numParam(ev, idx) ?? -1;
    }
    this.fd = t.getFd(t.lastEventFd);
  }

  private touch(t: ThreadInfo | undefined, ts: bigint): ThreadInfo | undefined {
    if (t !== undefined) t.lastAccessTs = ts;
    return t;
  }

  /** Keeps an enter event's parameters for its exit (events may be reused, so values are copied). */
  private storeEnter(ev: ParsedEvent): void {
    const t = this.thread;
    const needsFirst = STORED_ENTERS.get(ev.code);
    if (t === undefined || needsFirst === undefined) return;
    if (needsFirst && isEmptyParam(ev, 0)) return;
    const values: unknown[] = [];
    const raw: (Uint8Array | undefined)[] = [];
    // new Uint8Array copies (a Buffer's own slice() is a view of the reader's buffer, which moves on).
    for (let i = 0; i < ev.nparams; i++) {
      const v = ev.param(i);
      values.push(v instanceof Uint8Array ? new Uint8Array(v) : v);
      const r = ev.rawParam(i);
      raw.push(r === undefined ? undefined : new Uint8Array(r));
    }
    t.lastEnter = { code: ev.code, values, raw };
    this.stats.enterStored++;
  }

  enterOf(ev: ParsedEvent): EnterRecord | undefined {
    const t = this.thread;
    if (t === undefined || !t.lastEventDataValid || t.lastEnter === undefined) return undefined;
    const rec = t.lastEnter;
    if (ev.code === EventCode.SYSCALL_EXECVE_19_X && rec.code === EventCode.SYSCALL_EXECVEAT_E) return rec;
    if (rec.code !== ev.code - 1) {
      t.lastEventDataValid = false;
      return undefined;
    }
    return rec;
  }

  /** Applies one event to the state. */
  process(ev: ParsedEvent): void {
    const ts = ev.ts;
    const code = ev.code;
    this.stats.events++;
    if (this.pendingThread !== -1 || this.pendingFdCount > 0 || this.live) this.applyPendingRemovals(ts);
    this.eventContainer = undefined;
    this.fdNameChanged = false;
    this.relookup(ev);

    const bits = code >= 0 && code < CODE_BITS.length ? CODE_BITS[code]! : 0;
    const tracksUsers = (bits & B_USER_GROUP) !== 0;
    const containerBefore = tracksUsers ? (this.thread?.containerId ?? '') : '';

    if ((bits & B_STORED_ENTER) !== 0) this.storeEnter(ev);
    const parser: EventParser | undefined = PARSERS[code];
    if (parser !== undefined) parser(this, ev);
    if (this.fd !== undefined) this.fdNameChanged = this.fd.name !== this.fd.oldName;

    if ((bits & B_NEW_PROCESS) !== 0) updateContainerAfterEvent(this, ev);

    const t = this.thread;
    if (tracksUsers && t !== undefined) {
      if (t.containerId !== containerBefore) {
        this.users.addGroup(t.containerId, t.pid, t.gid);
        this.users.addUser(t.containerId, t.pid, t.uid, t.gid);
      } else if (code === EventCode.PROCEXIT_1_E && this.mode === 'live' && t.containerId !== '' && t.vtid === t.vpid && t.vpid === 1) {
        // The container's init exited: the container and its accounts are gone.
        this.users.deleteContainer(t.containerId);
      }
    }
    // The kept enter parameters serve one exit only.
    if (t !== undefined && !isEnterCode(code)) {
      t.lastEnter = undefined;
      t.lastEventDataValid = false;
    }
  }

  // --- conveniences for field extraction --------------------------------------------------

  /** The container entry of a thread (the host entry for host threads). */
  containerOf(t: ThreadInfo): ContainerInfo | undefined {
    return this.containers.get(t.containerId);
  }

  /** The user of a thread, looked up in its container's table. */
  userOf(t: ThreadInfo): ReturnType<UserTable['getUser']> {
    return this.users.getUser(t.containerId, t.uid);
  }

  /** The group of a thread, looked up in its container's table. */
  groupOf(t: ThreadInfo): ReturnType<UserTable['getGroup']> {
    return this.users.getGroup(t.containerId, t.gid);
  }
}
