/**
 * What the state layer knows about one thread (a process is its main thread,
 * tid == pid): identity (tid/pid/ptid, session, process group, namespace
 * ids), what runs (comm, exe, exepath, args, env, cwd), credentials (uid,
 * gid, loginuid, capability masks), the executable's file facts, cgroups and
 * container id, memory counters, state bits (clone flags + libsinsp's own
 * bits) and the fd table.
 *
 * Per-process data lives on the main thread and is shared the way libsinsp
 * shares it: threads created with CLONE_FILES (every non-leader thread) use
 * the main thread's fd table; cwd and env are read from the main thread.
 * A thread only allocates its own fd table when something is added to it.
 *
 * Ids are numbers (-1 = unknown), uid/gid/loginuid are u32 (0xffffffff =
 * unknown), 64-bit timestamps and capability masks are bigints.
 */
import type { FdInfo } from './fd-info.js';
import { FdType } from './fd-info.js';
import { FdTable, DEFAULT_MAX_FDS, newFdTableStats, type FdTableStats } from './fd-table.js';
import { concatenatePaths } from './path-join.js';
import { CloneFlags, NO_ID } from './ppm-flags.js';
import { RecentLists, type SharedList } from './recent-lists.js';
import type { ThreadGroup } from './thread-group.js';

/** The (subsystem, path) list of `subsys=path` definitions; undefined when one lacks `=`. */
export function parseCgroupDefs(defs: readonly string[]): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const def of defs) {
    const eq = def.indexOf('=');
    if (eq < 0) return undefined;
    let subsys = def.slice(0, eq);
    const path = def.slice(eq + 1);
    const p = subsys.indexOf('_cgroup');
    if (p >= 0) subsys = subsys.slice(0, p) + subsys.slice(p + 7);
    if (subsys === 'perf') subsys = 'perf_event';
    else if (subsys === 'mem') subsys = 'memory';
    else if (subsys === 'io') subsys = 'blkio';
    out.push([subsys, path]);
  }
  return out;
}

/** Environments and cgroup lists recently seen in events (threads share them). */
const RECENT_ENVS = new RecentLists();
const RECENT_CGROUPS = new RecentLists();
/** Parsed form of each shared cgroup list (null: an entry without `=`). */
const PARSED_CGROUPS = new WeakMap<SharedList, [string, string][] | null>();

function sharedCgroupList(raw: Uint8Array): [string, string][] | undefined {
  const shared = RECENT_CGROUPS.get(raw);
  let parsed = PARSED_CGROUPS.get(shared);
  if (parsed === undefined) {
    parsed = parseCgroupDefs(shared.list) ?? null;
    PARSED_CGROUPS.set(shared, parsed);
  }
  return parsed ?? undefined;
}

/** Children erased from the table tolerated in a parent's list before it is compacted. */
export const EXPIRED_CHILDREN_THRESHOLD = 10;

/** Settings every thread of an engine shares (so a thread stays small). */
export interface ThreadEnvironment {
  /** Cap on each process's fd table. */
  readonly maxFds: number;
  readonly fdStats: FdTableStats;
}

export const DEFAULT_THREAD_ENVIRONMENT: ThreadEnvironment = { maxFds: DEFAULT_MAX_FDS, fdStats: newFdTableStats() };

/** Health-probe category of a container process (container plugin's thread category). */
export const ThreadCategory = { NONE: 0, CONTAINER: 1, HEALTHCHECK: 2, LIVENESS_PROBE: 3, READINESS_PROBE: 4 } as const;
export type ThreadCategory = (typeof ThreadCategory)[keyof typeof ThreadCategory];

/**
 * Parameters of the last "enter" event seen for a thread, kept when a
 * capture still has enter events (old captures), for the exit event's parser.
 */
export interface EnterRecord {
  readonly code: number;
  /** Copies of the decoded parameter values the exit parsers may need. */
  readonly values: readonly unknown[];
  /** Copies of raw parameter bytes (socket addresses). */
  readonly raw: readonly (Uint8Array | undefined)[];
}

export class ThreadInfo {
  tid = -1;
  pid = -1;
  ptid = -1;
  /** Tid of the thread that adopts this one's children when it exits (-1 = unknown). */
  reaperTid = -1;
  sid = -1;
  vpgid = -1;
  pgid = -1;
  vtid = -1;
  vpid = -1;

  comm = '';
  /** argv[0]. */
  exe = '';
  /** Full path of the executable. */
  exepath = '';
  exeWritable = false;
  exeUpperLayer = false;
  exeLowerLayer = false;
  exeFromMemfd = false;
  args: string[] = [];
  /** (subsystem, cgroup path) pairs (possibly shared with other threads: replace, never modify). */
  cgroups: [string, string][] = [];
  /** `comm` followed by the args, as libsinsp caches it. */
  cmdLine = '';
  root = '';
  /** The working directory; only the main thread's is meaningful (always ends in `/`). */
  cwd = '';

  /** Clone flags of the creating call plus libsinsp's state bits (CloneFlags). */
  flags: number = CloneFlags.NAME_CHANGED;
  fdlimit = -1;
  uid = NO_ID;
  gid = NO_ID;
  loginuid = NO_ID;
  capPermitted = 0n;
  capEffective = 0n;
  capInheritable = 0n;
  exeIno: number | bigint = 0;
  exeInoCtime = 0n;
  exeInoMtime = 0n;
  exeInoCtimeDurationCloneTs = 0n;
  exeInoCtimeDurationPidnsStart = 0n;
  vmsizeKb = 0;
  vmrssKb = 0;
  vmswapKb = 0;
  pfMajor = 0;
  pfMinor = 0;
  /** Start time of the pid namespace's init (epoch ns), 0 if unknown. */
  pidnsInitStartTs = 0n;
  tty = 0;

  /** Container id (12 hex digits for runc engines), '' on the host. */
  containerId = '';
  /** Container plugin's health-probe category. */
  category: ThreadCategory = ThreadCategory.NONE;

  /** The thread group (undefined for invalid threads). */
  group: ThreadGroup | undefined = undefined;
  /** Children as libsinsp tracks them (erased ones linger until compaction). */
  children: ThreadInfo[] = [];
  notExpiredChildren = 0;
  /** Set once the thread is erased from its table. */
  erased = false;
  parentLoopDetected = false;
  filteredOut = false;

  /** fd of the last event of this thread (`fd.num`), -1 when none. */
  lastEventFd = 0;
  /** Time of the last lookup by an event (drives purging). */
  lastAccessTs = 0n;
  cloneTs = 0n;
  lastExecTs = 0n;
  /** Code of the last enter event of this thread (-1: none). */
  lastEventType = -1;
  /** Whether the stored enter record pairs with the exit being parsed. */
  lastEventDataValid = false;
  lastEnter: EnterRecord | undefined = undefined;

  private ownFds: FdTable | undefined = undefined;
  private envList: string[] = [];
  /** The environment as an event carried it, until first read. */
  private envShared: SharedList | undefined = undefined;

  constructor(readonly shared: ThreadEnvironment = DEFAULT_THREAD_ENVIRONMENT) {}

  // --- identity ---------------------------------------------------------------

  isMainThread(): boolean {
    return this.tid === this.pid || (this.flags & CloneFlags.IS_MAIN_THREAD) !== 0;
  }

  isInPidNamespace(): boolean {
    return (this.flags & CloneFlags.CHILD_IN_PIDNS) !== 0 || (this.tid !== this.vtid && this.vtid >= 0);
  }

  /** Placeholder threads (seen only through their events) have unknown pid or parent. */
  isInvalid(): boolean {
    return this.tid < 0 || this.pid < 0 || this.ptid < 0;
  }

  isDead(): boolean {
    return (this.flags & CloneFlags.CLOSED) !== 0;
  }

  setDead(): void {
    this.flags |= CloneFlags.CLOSED;
  }

  /** Brings a dead main thread back (execve by a secondary thread after the leader exited). */
  resurrect(): void {
    if (!this.isDead()) return;
    this.flags &= ~CloneFlags.CLOSED;
    this.group?.increment();
  }

  /** Alive threads of the process, main thread included. */
  numThreads(): number {
    return this.group ? this.group.threadCount : 0;
  }

  /** Alive threads of the process other than the main thread. */
  numNotLeaderThreads(): number {
    if (!this.group) return 0;
    const main = this.mainThread();
    return main !== undefined && !main.isDead() ? this.group.threadCount - 1 : this.group.threadCount;
  }

  /** The process's main thread (this one for a main thread), if known. */
  mainThread(): ThreadInfo | undefined {
    if (this.isMainThread()) return this;
    const first = this.group?.firstThread();
    return first !== undefined && first.isMainThread() ? first : undefined;
  }

  // --- fds ---------------------------------------------------------------------

  private fdOwner(): ThreadInfo | undefined {
    return (this.flags & CloneFlags.FILES) === 0 ? this : this.mainThread();
  }

  /** The fd table this thread uses, if any (never allocates). */
  fdTable(): FdTable | undefined {
    return this.fdOwner()?.ownFds;
  }

  /** The fd table this thread uses, allocated if needed; undefined when it is the (unknown) main thread's. */
  fdTableForWrite(): FdTable | undefined {
    const owner = this.fdOwner();
    if (owner === undefined) return undefined;
    if (owner.ownFds === undefined) owner.ownFds = new FdTable(this.shared.maxFds, this.shared.fdStats);
    return owner.ownFds;
  }

  /** This thread's own table (regardless of CLONE_FILES), allocated if needed. */
  ownFdTable(): FdTable {
    if (this.ownFds === undefined) this.ownFds = new FdTable(this.shared.maxFds, this.shared.fdStats);
    return this.ownFds;
  }

  /** This thread's own table if it has one (regardless of CLONE_FILES). */
  ownFdTableIfAny(): FdTable | undefined {
    return this.ownFds;
  }

  /** Replaces this thread's own table (a forked child's copy of its parent's). */
  setOwnFdTable(t: FdTable | undefined): void {
    this.ownFds = t;
  }

  /** Looks up an fd; remembers its current name to detect renames by the event being parsed. */
  getFd(fd: number): FdInfo | undefined {
    if (fd < 0) return undefined;
    const info = this.fdTable()?.get(fd);
    if (info !== undefined) info.oldName = info.name;
    return info;
  }

  /** Adds (or replaces) an fd and makes it the thread's last-event fd. Undefined when refused. */
  addFd(fd: number, info: FdInfo): FdInfo | undefined {
    const t = this.fdTableForWrite();
    if (t === undefined) return undefined;
    const r = t.add(fd, info);
    this.lastEventFd = fd;
    return r;
  }

  removeFd(fd: number): void {
    this.fdTable()?.delete(fd);
  }

  /** Number of open fds of the process. */
  fdOpenCount(): number {
    const main = this.mainThread();
    return main?.ownFds?.size ?? 0;
  }

  /** The process's fd limit (0 when the main thread is unknown). */
  fdLimit(): number {
    const main = this.mainThread();
    return main === undefined ? 0 : main.fdlimit;
  }

  /** Open fds as a percentage of the limit, integer (0 without a limit). */
  fdUsagePct(): number {
    const limit = this.fdLimit();
    if (limit <= 0) return 0;
    const open = this.fdOpenCount();
    return open <= limit ? Math.floor((open * 100) / limit) : 100;
  }

  /** Open fds as a percentage of the limit, fractional. */
  fdUsagePctDouble(): number {
    const limit = this.fdLimit();
    if (limit <= 0) return 0;
    const open = this.fdOpenCount();
    return open <= limit ? (open * 100) / limit : 100;
  }

  /** True if one of the process's sockets is bound to (or connected to) this port as a server. */
  isBoundToPort(port: number): boolean {
    let found = false;
    this.fdTable()?.forEach((_fd, info) => {
      if ((info.type === FdType.IPV4_SOCK && info.ipv4Dport === port) || (info.type === FdType.IPV4_SERVSOCK && info.ipv4ServerPort === port)) {
        found = true;
        return false;
      }
      return true;
    });
    return found;
  }

  /** True if one of the process's IPv4 client sockets uses this local port. */
  usesClientPort(port: number): boolean {
    let found = false;
    this.fdTable()?.forEach((_fd, info) => {
      if (info.type === FdType.IPV4_SOCK && info.ipv4Sport === port) {
        found = true;
        return false;
      }
      return true;
    });
    return found;
  }

  // --- cwd, args, env, cgroups -----------------------------------------------------

  /** The process's working directory (`./` when the main thread is unknown). */
  getCwd(): string {
    const main = this.mainThread();
    return main === undefined ? './' : main.cwd;
  }

  /**
   * Changes the process's working directory to `path` taken relative to this
   * thread's own recorded cwd (libsinsp's rule), always ending in `/`.
   */
  updateCwd(path: string): void {
    const main = this.mainThread();
    if (main === undefined) return;
    let c = concatenatePaths(this.cwd, path);
    if (c.length === 0 || c[c.length - 1] !== '/') c += '/';
    main.cwd = c;
  }

  setArgs(args: string[]): void {
    this.args = args;
    let cmd = this.comm;
    if (cmd.length !== 0) for (const a of args) cmd += ' ' + a;
    this.cmdLine = cmd;
  }

  /** `comm arg1 arg2 ...` (`proc.cmdline`). */
  commandLine(): string {
    if (this.cmdLine.length !== 0) return this.cmdLine;
    let cmd = this.comm;
    for (const a of this.args) cmd += ' ' + a;
    return cmd;
  }

  /** The args joined by spaces (`proc.args`). */
  argsString(): string {
    return this.args.join(' ');
  }

  /**
   * This thread's own environment (getEnv() gives the process's). Set from
   * an event it is kept as bytes and split on first read: most programs'
   * environments are never read by a rule.
   */
  get env(): string[] {
    const shared = this.envShared;
    if (shared !== undefined) {
      this.envList = shared.list;
      this.envShared = undefined;
    }
    return this.envList;
  }

  set env(v: string[]) {
    this.envList = v;
    this.envShared = undefined;
  }

  /**
   * Sets the environment from NUL-separated `NAME=value` bytes (one
   * trailing NUL ignored); `raw` may be a view of a reused buffer.
   */
  setEnvBytes(raw: Uint8Array): void {
    this.envShared = RECENT_ENVS.get(raw);
  }

  /** Takes another thread's environment as it stands, without decoding it. */
  inheritEnv(src: ThreadInfo): void {
    this.envList = src.envList;
    this.envShared = src.envShared;
  }

  /** The process's environment (the main thread's). */
  getEnv(): string[] {
    if (this.isMainThread()) return this.env;
    return this.mainThread()?.env ?? this.env;
  }

  /** Value of one environment variable, trimmed of spaces; '' when absent. */
  getEnvVar(name: string): string {
    const n = name.length;
    for (const v of this.getEnv()) {
      if (v.length > n + 1 && v.charCodeAt(n) === 61 && v.startsWith(name)) {
        const rest = v.slice(n + 1);
        const trimmed = rest.replace(/^ +/, '');
        if (trimmed.length === 0) return '';
        return trimmed.replace(/ +$/, '');
      }
    }
    return '';
  }

  /** Every variable joined by spaces. */
  concatenatedEnv(): string {
    return this.getEnv().join(' ');
  }

  /**
   * Sets cgroups from `subsys=path` strings. Subsystem names are normalized
   * (`_cgroup` removed, `perf` -> `perf_event`, `mem` -> `memory`, `io` ->
   * `blkio`). An entry without `=` stops parsing and keeps the old list.
   */
  setCgroups(defs: readonly string[]): void {
    const out = parseCgroupDefs(defs);
    if (out !== undefined) this.cgroups = out;
  }

  /**
   * setCgroups from an event's NUL-separated `subsys=path` bytes. Threads
   * given the same bytes share one parsed list (processes rarely change
   * cgroups, so the same list comes with every clone and execve).
   */
  setCgroupsBytes(raw: Uint8Array): void {
    const out = sharedCgroupList(raw);
    if (out !== undefined) this.cgroups = out;
  }

  /** The cgroup of one subsystem, or `/` when not mounted. */
  cgroup(subsys: string): string {
    for (const [s, p] of this.cgroups) if (s === subsys) return p;
    return '/';
  }

  /** Sets the executable path, dropping a ` (deleted)` suffix. */
  setExepath(path: string): void {
    this.exepath = path.length > 10 && path.endsWith(' (deleted)') ? path.slice(0, -10) : path;
  }

  // --- children -------------------------------------------------------------------

  /** Adopts a child (order of the list carries no meaning, so appending is fine). */
  addChild(child: ThreadInfo): void {
    this.children.push(child);
    child.ptid = this.tid;
    this.notExpiredChildren++;
  }

  cleanExpiredChildren(): void {
    let w = 0;
    for (let r = 0; r < this.children.length; r++) {
      const c = this.children[r]!;
      if (!c.erased) this.children[w++] = c;
    }
    this.children.length = w;
  }

  /** Hands every live child to `reaper` (or to no one: ptid 0) and empties the list. */
  assignChildrenToReaper(reaper: ThreadInfo | undefined): void {
    if (this.children.length === 0) return;
    if (reaper === this) throw new Error('the current process is reaper of itself, this should never happen!');
    const kids = this.children;
    this.children = [];
    for (const c of kids) {
      if (c.erased) continue;
      if (reaper === undefined) c.ptid = 0;
      else reaper.addChild(c);
    }
    this.notExpiredChildren = 0;
  }

  /** Records that a loop was found walking this thread's ancestors. */
  reportParentLoop(): void {
    this.parentLoopDetected = true;
  }
}
