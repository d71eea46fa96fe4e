/**
 * The table of known threads (tid -> ThreadInfo) with libsinsp's rules:
 *
 * - Size cap (262144 by default, Falco's `falco_libs.thread_table_size`):
 *   a thread that does not fit is not added and is counted as dropped;
 *   Falco's own process is always admitted.
 * - Thread groups: every valid thread belongs to the group of its pid; a
 *   group is a reaper when its pid (or vpid) is 1 or it asked to be a child
 *   subreaper.
 * - Parent links: a valid thread is a child of its ptid's thread when that
 *   one is known, else its ptid becomes 0.
 * - Removal: an exiting thread's children go to the reaper the kernel
 *   reported, else to another live thread of the same process, else to the
 *   nearest reaper ancestor in the same pid namespace, else to no one
 *   (ptid 0). The main thread stays while other threads of its process live.
 * - Purging (live only): every `purgeIntervalNs` of event time, invalid
 *   threads and threads idle for `threadTimeoutNs` that the OS no longer has
 *   are removed.
 *
 * Ancestor walks (`parentOf`, `forEachAncestor`) allocate nothing and detect
 * loops in the parent chain.
 */
import { ThreadGroup } from './thread-group.js';
import { EXPIRED_CHILDREN_THRESHOLD, ThreadInfo, type ThreadEnvironment, DEFAULT_THREAD_ENVIRONMENT } from './thread-info.js';
import { NO_ID } from './ppm-flags.js';

/** Falco's default thread table size. */
export const DEFAULT_MAX_THREADS = 262144;
/** libsinsp's defaults: scan every 1200 s, drop threads idle 1800 s (Falco live sets 300/300). */
export const DEFAULT_PURGE_INTERVAL_NS = 1200n * 1_000_000_000n;
export const DEFAULT_THREAD_TIMEOUT_NS = 1800n * 1_000_000_000n;
/** How long an exited (ptid, tid) pair is remembered to ignore a late clone return. */
export const RECENTLY_EXITED_WINDOW_NS = 2n * 1_000_000_000n;
export const RECENTLY_EXITED_SLOTS = 8192;

const ONE_SECOND_NS = 1_000_000_000n;

export interface ThreadTableStats {
  added: number;
  removed: number;
  /** Threads not added because the table was full. */
  droppedFull: number;
  /** Lookups or removals of tids that were not in the table. */
  failedLookups: number;
  /** Placeholder threads created for unknown tids. */
  placeholders: number;
  /** Threads removed by the purge. */
  purged: number;
}

export interface ThreadTableOptions {
  maxSize?: number;
  /** Falco's own pid (always admitted); -1 when unknown. */
  selfPid?: number;
  environment?: ThreadEnvironment;
  /**
   * Loads a thread the table does not know from the OS (live mode). Returns
   * undefined when it cannot; a placeholder is then created.
   */
  loadThread?: (tid: number) => ThreadInfo | undefined;
  /** Whether a thread still exists in the OS (live purging); replay has no OS to ask. */
  isThreadAlive?: (t: ThreadInfo) => boolean;
  purgeIntervalNs?: bigint;
  threadTimeoutNs?: bigint;
}

export class ThreadTable {
  private readonly threads = new Map<number, ThreadInfo>();
  /**
   * The thread of the last getOrCreate (the event's thread): most events come
   * from the thread of the event before, and this one-entry cache spares the
   * hash lookup. It is valid while not erased: a thread leaving the table is
   * always marked erased (erase, replacement, clear), and its tid is its key.
   */
  private lastFound: ThreadInfo | undefined = undefined;
  private readonly groups = new Map<number, ThreadGroup>();
  maxSize: number;
  selfPid: number;
  readonly environment: ThreadEnvironment;
  readonly stats: ThreadTableStats = { added: 0, removed: 0, droppedFull: 0, failedLookups: 0, placeholders: 0, purged: 0 };
  loadThread: ((tid: number) => ThreadInfo | undefined) | undefined;
  isThreadAlive: (t: ThreadInfo) => boolean;
  purgeIntervalNs: bigint;
  threadTimeoutNs: bigint;
  private lastPurgeTs = 0n;
  // Recently exited (ptid, tid) pairs: a fixed ring of keys plus an index of their latest time.
  private readonly exitedRing: (number | string | undefined)[] = new Array(RECENTLY_EXITED_SLOTS).fill(undefined);
  private exitedNext = 0;
  private readonly exitedIndex = new Map<number | string, { ts: bigint; count: number }>();

  constructor(options: ThreadTableOptions = {}) {
    this.maxSize = options.maxSize ?? DEFAULT_MAX_THREADS;
    this.selfPid = options.selfPid ?? -1;
    this.environment = options.environment ?? DEFAULT_THREAD_ENVIRONMENT;
    this.loadThread = options.loadThread;
    this.isThreadAlive = options.isThreadAlive ?? (() => false);
    this.purgeIntervalNs = options.purgeIntervalNs ?? DEFAULT_PURGE_INTERVAL_NS;
    this.threadTimeoutNs = options.threadTimeoutNs ?? DEFAULT_THREAD_TIMEOUT_NS;
  }

  get size(): number {
    return this.threads.size;
  }

  /** Number of thread groups (processes) tracked. */
  get groupCount(): number {
    return this.groups.size;
  }

  get(tid: number): ThreadInfo | undefined {
    const last = this.lastFound;
    if (last !== undefined && last.tid === tid && !last.erased) return last;
    return this.threads.get(tid);
  }

  has(tid: number): boolean {
    return this.threads.has(tid);
  }

  group(pid: number): ThreadGroup | undefined {
    return this.groups.get(pid);
  }

  values(): IterableIterator<ThreadInfo> {
    return this.threads.values();
  }

  /** A new, empty thread sharing this table's settings. */
  newThread(): ThreadInfo {
    return new ThreadInfo(this.environment);
  }

  clear(): void {
    for (const t of this.threads.values()) t.erased = true;
    this.threads.clear();
    this.lastFound = undefined;
    this.groups.clear();
    this.exitedRing.fill(undefined);
    this.exitedIndex.clear();
    this.exitedNext = 0;
    this.lastPurgeTs = 0n;
  }

  /**
   * Adds a thread (replacing one with the same tid). Returns it, or
   * undefined when the table is full. With `linkNow`, its group and parent
   * links are created immediately (else call linkAll() after a bulk load).
   */
  add(t: ThreadInfo, linkNow: boolean): ThreadInfo | undefined {
    if (this.threads.size >= this.maxSize && t.pid !== this.selfPid) {
      this.stats.droppedFull++;
      return undefined;
    }
    if (linkNow) this.link(t);
    this.stats.added++;
    const previous = this.threads.get(t.tid);
    if (previous !== undefined && previous !== t) previous.erased = true;
    t.erased = false;
    this.threads.set(t.tid, t);
    return t;
  }

  /**
   * The thread, or when unknown and there is room: one loaded from the OS
   * (if a loader is set) or a placeholder (pid/ptid -1, comm `<NA>`), so that
   * an unknown tid is looked up only once.
   */
  getOrCreate(tid: number): ThreadInfo | undefined {
    const last = this.lastFound;
    if (last !== undefined && last.tid === tid && !last.erased) return last;
    const t = this.threads.get(tid);
    if (t !== undefined) {
      this.lastFound = t;
      return t;
    }
    if (this.threads.size >= this.maxSize && tid !== this.selfPid) return undefined;
    const loaded = this.loadThread?.(tid);
    if (loaded !== undefined) {
      this.add(loaded, true);
      return this.threads.get(tid);
    }
    const p = this.newThread();
    p.tid = tid;
    p.pid = -1;
    p.ptid = -1;
    p.reaperTid = -1;
    p.comm = '<NA>';
    p.exe = '<NA>';
    p.uid = NO_ID;
    p.gid = NO_ID;
    p.loginuid = NO_ID;
    this.stats.placeholders++;
    this.add(p, true);
    return this.threads.get(tid);
  }

  /** Creates the group membership and parent link of a thread (no-op for invalid threads). */
  link(t: ThreadInfo): void {
    if (t.isInvalid() || t.group !== undefined) return;
    const reaper = t.pid === 1 || t.vpid === 1;
    let g = this.groups.get(t.pid);
    if (g === undefined) {
      g = new ThreadGroup(t.pid, reaper, t);
      this.groups.set(t.pid, g);
    } else {
      g.add(t, t.isMainThread());
    }
    t.group = g;
    if (t.pid === 1) return;
    const parent = this.threads.get(t.ptid);
    if (parent === undefined || parent.isInvalid()) {
      t.ptid = 0;
      return;
    }
    parent.addChild(t);
  }

  /** Links every thread (after loading a process list in bulk). */
  linkAll(): void {
    for (const t of this.threads.values()) this.link(t);
  }

  /** Marks the thread dead without removing it (procexit; removal happens at the next event). */
  markDead(t: ThreadInfo): void {
    if (t.group !== undefined && !t.isDead()) t.group.decrement();
    t.setDead();
  }

  private erase(tid: number): void {
    const t = this.threads.get(tid);
    if (t === undefined) return;
    t.erased = true;
    this.threads.delete(tid);
  }

  private detachFromParent(ptid: number): void {
    const parent = this.threads.get(ptid);
    if (parent === undefined) return;
    if (parent.notExpiredChildren > 0) parent.notExpiredChildren--;
    if (parent.children.length - parent.notExpiredChildren >= EXPIRED_CHILDREN_THRESHOLD) parent.cleanExpiredChildren();
  }

  /** Removes a thread with libsinsp's bookkeeping (dead mark, reparenting, main-thread lifetime). */
  remove(tid: number): void {
    const t = this.threads.get(tid);
    if (t === undefined) {
      this.stats.failedLookups++;
      return;
    }
    const g = t.group;
    if (t.isInvalid() || g === undefined) {
      this.detachFromParent(t.ptid);
      this.erase(tid);
      this.stats.removed++;
      return;
    }
    if (!t.isDead()) {
      g.decrement();
      t.setDead();
    }
    if (t.children.length > 0) {
      let reaper: ThreadInfo | undefined;
      if (t.reaperTid > 0) reaper = this.getOrCreate(t.reaperTid);
      if (reaper === undefined || reaper.isInvalid()) reaper = this.findNewReaper(t);
      if (reaper !== undefined) {
        t.reaperTid = reaper.tid;
        if (reaper.pid !== t.pid && reaper.group !== undefined) reaper.group.reaper = true;
      }
      t.assignChildrenToReaper(reaper);
    }
    if (g.threadCount === 0) {
      this.detachFromParent(t.ptid);
      this.groups.delete(t.pid);
      this.erase(t.pid);
    }
    if (!t.isMainThread()) {
      this.detachFromParent(t.ptid);
      this.erase(tid);
    }
    this.stats.removed++;
  }

  /**
   * Who adopts the children of an exiting thread (the kernel's order): a
   * live thread of the same process, else the nearest reaper ancestor in
   * the same pid namespace; undefined when none.
   */
  findNewReaper(t: ThreadInfo): ThreadInfo | undefined {
    if (t.group !== undefined && t.group.threadCount > 0) {
      for (const th of t.group.threads) {
        if (!th.erased && !th.isDead() && th !== t) return th;
      }
    }
    const seen = new Set<number>([t.tid]);
    let parent = this.threads.get(t.ptid);
    while (parent !== undefined) {
      if (seen.has(parent.tid)) break; // loop in the parent chain
      seen.add(parent.tid);
      if (parent.isInPidNamespace() !== t.isInPidNamespace()) break;
      const pg = parent.group;
      if (pg !== undefined && pg.reaper && pg.threadCount > 0) {
        for (const th of pg.threads) if (!th.erased && !th.isDead()) return th;
      }
      parent = this.threads.get(parent.ptid);
    }
    return undefined;
  }

  // --- ancestry -------------------------------------------------------------------

  /** The thread recorded as this one's parent. */
  parentOf(t: ThreadInfo): ThreadInfo | undefined {
    return this.threads.get(t.ptid);
  }

  /** The main thread of the n-th ancestor process (1 = parent), walking main thread to main thread. */
  ancestorProcess(t: ThreadInfo, n = 1): ThreadInfo | undefined {
    let mt = t.mainThread();
    for (let i = 0; i < n; i++) {
      if (mt === undefined) return undefined;
      const p = this.threads.get(mt.ptid);
      if (p === undefined) return undefined;
      mt = p.mainThread();
    }
    return mt;
  }

  /**
   * Calls `visit` on each ancestor (parent first) until it returns false or
   * the chain ends. A loop in the chain stops the walk and is recorded on `t`.
   */
  forEachAncestor(t: ThreadInfo, visit: (ancestor: ThreadInfo) => boolean): void {
    let slow = this.threads.get(t.ptid);
    let fast = slow === undefined ? undefined : this.threads.get(slow.ptid);
    while (slow !== undefined && slow.tid !== -1) {
      if (!visit(slow)) break;
      slow = this.threads.get(slow.ptid);
      for (let i = 0; i < 2; i++) {
        fast = fast === undefined ? undefined : this.threads.get(fast.ptid);
        if (slow !== undefined && (slow === fast || slow.tid === slow.ptid)) {
          t.reportParentLoop();
          return;
        }
      }
    }
  }

  /**
   * The thread whose tid is `idOf(t)` (e.g. the session leader for `sid`),
   * else the oldest ancestor sharing that id. With `isVirtual`, ids of a
   * thread inside a pid namespace are not looked up directly.
   */
  oldestMatchingAncestor(t: ThreadInfo, idOf: (x: ThreadInfo) => number, isVirtual = false): ThreadInfo | undefined {
    const id = idOf(t);
    if (id === -1) return undefined;
    if (!isVirtual || !t.isInPidNamespace()) {
      const leader = this.threads.get(id);
      if (leader !== undefined) return leader;
    }
    let leader: ThreadInfo | undefined;
    this.forEachAncestor(t, (a) => {
      if (idOf(a) !== id) return false;
      leader = a;
      return true;
    });
    return leader;
  }

  // --- recently exited ------------------------------------------------------------------

  /**
   * One key per (ptid, tid) pair (as u32s): a number when exact (any real
   * pid fits 21 bits), else text; numbers and strings never collide.
   */
  private static exitedKey(tid: number, ptid: number): number | string {
    const p = ptid >>> 0;
    const t = tid >>> 0;
    return p < 0x200000 ? p * 0x100000000 + t : `${p}:${t}`;
  }

  /** Remembers that a thread exited (so its parent's late clone return does not re-add it). */
  recordRecentlyExited(tid: number, ptid: number, ts: bigint): void {
    const key = ThreadTable.exitedKey(tid, ptid);
    const old = this.exitedRing[this.exitedNext];
    if (old !== undefined) {
      const e = this.exitedIndex.get(old);
      if (e !== undefined && --e.count === 0) this.exitedIndex.delete(old);
    }
    this.exitedRing[this.exitedNext] = key;
    this.exitedNext = (this.exitedNext + 1) % RECENTLY_EXITED_SLOTS;
    const e = this.exitedIndex.get(key);
    if (e === undefined) this.exitedIndex.set(key, { ts, count: 1 });
    else {
      e.count++;
      if (ts > e.ts) e.ts = ts;
    }
  }

  hasRecentlyExited(tid: number, ptid: number, ts: bigint): boolean {
    const e = this.exitedIndex.get(ThreadTable.exitedKey(tid, ptid));
    return e !== undefined && ts >= e.ts && ts - e.ts < RECENTLY_EXITED_WINDOW_NS;
  }

  // --- purging --------------------------------------------------------------------

  /** Drops erased children and group members everywhere. */
  compactLinks(): void {
    for (const t of this.threads.values()) {
      t.cleanExpiredChildren();
      if (t.isMainThread() && t.group !== undefined) t.group.cleanExpired();
    }
  }

  /**
   * Live purge, run on every event (cheap unless a scan is due): removes
   * invalid threads and threads idle longer than the timeout that the OS no
   * longer has. Returns true when a scan ran.
   */
  purgeInactive(now: bigint): boolean {
    if (this.lastPurgeTs === 0n) {
      // The first scan comes 30 s in, so problems show early.
      this.lastPurgeTs =
        this.purgeIntervalNs > 30n * ONE_SECOND_NS ? now - this.purgeIntervalNs + 30n * ONE_SECOND_NS : now - this.purgeIntervalNs;
    }
    if (now <= this.lastPurgeTs + this.purgeIntervalNs) return false;
    this.lastPurgeTs = now;
    const doomed: number[] = [];
    for (const t of this.threads.values()) {
      if (t.isInvalid() || (now > t.lastAccessTs + this.threadTimeoutNs && !this.isThreadAlive(t))) doomed.push(t.tid);
    }
    for (const tid of doomed) {
      if (this.threads.has(tid)) {
        this.remove(tid);
        this.stats.purged++;
      }
    }
    this.compactLinks();
    return true;
  }
}
