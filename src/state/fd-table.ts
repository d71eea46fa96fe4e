/**
 * The fd table of one process: fd number -> FdInfo, capped like Falco's
 * (4096 entries per table by default). Adding a new fd to a full table is
 * refused and counted; replacing an existing fd always works (dup2 onto an
 * open fd, or a close that was never seen).
 */
import { FdFlags, type FdInfo } from './fd-info.js';

/** Falco's cap on the fds tracked per process (libsinsp MAX_FD_TABLE_SIZE). */
export const DEFAULT_MAX_FDS = 4096;

/** Counters shared by all fd tables of an engine. */
export interface FdTableStats {
  added: number;
  removed: number;
  /** New fds refused because their table was full. */
  droppedFull: number;
}

export function newFdTableStats(): FdTableStats {
  return { added: 0, removed: 0, droppedFull: 0 };
}

export class FdTable {
  private readonly fds = new Map<number, FdInfo>();

  constructor(
    readonly maxSize: number = DEFAULT_MAX_FDS,
    private readonly stats: FdTableStats = newFdTableStats(),
  ) {}

  get size(): number {
    return this.fds.size;
  }

  get(fd: number): FdInfo | undefined {
    return this.fds.get(fd);
  }

  /**
   * Stores `info` under `fd` (setting `info.fd`). Returns the stored entry,
   * or undefined when the fd is new and the table is full.
   */
  add(fd: number, info: FdInfo): FdInfo | undefined {
    info.fd = fd;
    if (!this.fds.has(fd)) {
      if (this.fds.size >= this.maxSize) {
        this.stats.droppedFull++;
        return undefined;
      }
      this.stats.added++;
    }
    this.fds.set(fd, info);
    return info;
  }

  /** Removes `fd`; false when it was not there. */
  delete(fd: number): boolean {
    const had = this.fds.delete(fd);
    if (had) this.stats.removed++;
    return had;
  }

  clear(): void {
    this.fds.clear();
  }

  /** Keeps only the entries the predicate accepts. */
  retain(keep: (fd: number, info: FdInfo) => boolean): void {
    for (const [fd, info] of this.fds) {
      if (!keep(fd, info)) {
        this.fds.delete(fd);
        this.stats.removed++;
      }
    }
  }

  /** Visits entries in insertion order until the visitor returns false; returns false if stopped. */
  forEach(visit: (fd: number, info: FdInfo) => boolean | void): boolean {
    for (const [fd, info] of this.fds) {
      if (visit(fd, info) === false) return false;
    }
    return true;
  }

  entries(): IterableIterator<[number, FdInfo]> {
    return this.fds.entries();
  }

  /** A copy of every entry (each FdInfo cloned and marked as inherited), for a forked child. */
  cloneForChild(maxSize = this.maxSize): FdTable {
    const t = new FdTable(maxSize, this.stats);
    for (const [fd, info] of this.fds) {
      const c = info.clone();
      c.flags |= FdFlags.IS_CLONED;
      t.add(fd, c);
    }
    return t;
  }
}
