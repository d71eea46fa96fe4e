/**
 * The fd table of one process: fd number -> FdInfo, capped like Falco's
 * (4096 entries per table by default). Adding a new fd to a full table is
 * refused and counted; replacing an existing fd always works (dup2 onto an
 * open fd, or a close that was never seen).
 *
 * Entries are visited in insertion order (a replaced fd keeps its place, a
 * removed and added again one goes last), like a Map's. Storage is an array
 * indexed by the fd number for the usual small numbers, so that the lookups,
 * additions and removals every open, dup and close makes are slot accesses
 * rather than hash operations; other numbers (large or negative) go to a Map.
 * Each entry carries the sequence number of its insertion, which orders the
 * (rare) visits.
 */
import { FdFlags, type FdInfo } from './fd-info.js';

/** Falco's cap on the fds tracked per process (libsinsp MAX_FD_TABLE_SIZE). */
export const DEFAULT_MAX_FDS = 4096;

/** Fd numbers 0..SLOT_MASK (integers) are kept in the slot array: `(fd & SLOT_MASK) === fd` tells them apart. */
const SLOT_MASK = 1023;
const SLOT_COUNT = SLOT_MASK + 1;
/** Below this, sequence * SLOT_COUNT + fd is an exact integer. */
const PACKED_SEQ_LIMIT = 2 ** 40;

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

/** An entry of a number outside the slot range. */
interface OtherEntry {
  info: FdInfo;
  readonly seq: number;
}

export class FdTable {
  /** Entries of fds 0..SLOT_MASK by number (undefined: no such fd); grown on demand, never holey. */
  private readonly slots: (FdInfo | undefined)[] = [];
  /** Insertion sequence number of each slot's entry. */
  private readonly slotSeqs: number[] = [];
  /** Entries of the other fd numbers. */
  private others: Map<number, OtherEntry> | undefined = undefined;
  private count = 0;
  private nextSeq = 0;

  constructor(
    readonly maxSize: number = DEFAULT_MAX_FDS,
    private readonly stats: FdTableStats = newFdTableStats(),
  ) {}

  get size(): number {
    return this.count;
  }

  get(fd: number): FdInfo | undefined {
    if ((fd & SLOT_MASK) === fd) return fd < this.slots.length ? this.slots[fd] : undefined;
    return this.others?.get(fd)?.info;
  }

  /**
   * Stores `info` under `fd` (setting `info.fd`). Returns the stored entry,
   * or undefined when the fd is new and the table is full.
   */
  add(fd: number, info: FdInfo): FdInfo | undefined {
    info.fd = fd;
    if ((fd & SLOT_MASK) === fd) {
      const slots = this.slots;
      if (fd < slots.length && slots[fd] !== undefined) {
        slots[fd] = info;
        return info;
      }
      if (!this.admitNew()) return undefined;
      while (slots.length <= fd) {
        slots.push(undefined);
        this.slotSeqs.push(0);
      }
      slots[fd] = info;
      this.slotSeqs[fd] = this.nextSeq++;
      return info;
    }
    const known = this.others?.get(fd);
    if (known !== undefined) {
      known.info = info;
      return info;
    }
    if (!this.admitNew()) return undefined;
    (this.others ??= new Map()).set(fd, { info, seq: this.nextSeq++ });
    return info;
  }

  /** Counts a new entry if the table has room (else counts the refusal). */
  private admitNew(): boolean {
    if (this.count >= this.maxSize) {
      this.stats.droppedFull++;
      return false;
    }
    this.count++;
    this.stats.added++;
    return true;
  }

  /** Removes `fd`; false when it was not there. */
  delete(fd: number): boolean {
    if ((fd & SLOT_MASK) === fd) {
      if (fd >= this.slots.length || this.slots[fd] === undefined) return false;
      this.slots[fd] = undefined;
    } else if (this.others === undefined || !this.others.delete(fd)) {
      return false;
    }
    this.count--;
    this.stats.removed++;
    return true;
  }

  clear(): void {
    this.slots.length = 0;
    this.slotSeqs.length = 0;
    this.others = undefined;
    this.count = 0;
    this.nextSeq = 0;
  }

  /** The fd numbers in insertion order (a snapshot). */
  private orderedFds(): number[] {
    const slots = this.slots;
    const seqs = this.slotSeqs;
    if (this.others === undefined && this.nextSeq < PACKED_SEQ_LIMIT) {
      // Sequence and number packed in one exact integer: a plain numeric sort orders them.
      const keys: number[] = [];
      for (let fd = 0; fd < slots.length; fd++) if (slots[fd] !== undefined) keys.push(seqs[fd]! * SLOT_COUNT + fd);
      keys.sort((a, b) => a - b);
      for (let i = 0; i < keys.length; i++) keys[i] = keys[i]! % SLOT_COUNT;
      return keys;
    }
    const found: { fd: number; seq: number }[] = [];
    for (let fd = 0; fd < slots.length; fd++) if (slots[fd] !== undefined) found.push({ fd, seq: seqs[fd]! });
    this.others?.forEach((e, fd) => found.push({ fd, seq: e.seq }));
    found.sort((a, b) => a.seq - b.seq);
    return found.map((e) => e.fd);
  }

  /** Keeps only the entries the predicate accepts. */
  retain(keep: (fd: number, info: FdInfo) => boolean): void {
    for (const fd of this.orderedFds()) {
      const info = this.get(fd);
      if (info !== undefined && !keep(fd, info)) this.delete(fd);
    }
  }

  /**
   * Visits entries in insertion order until the visitor returns false;
   * returns false if stopped. An entry the visitor removes before its turn
   * is skipped; one it replaces is visited with its new value.
   */
  forEach(visit: (fd: number, info: FdInfo) => boolean | void): boolean {
    for (const fd of this.orderedFds()) {
      const info = this.get(fd);
      if (info !== undefined && visit(fd, info) === false) return false;
    }
    return true;
  }

  entries(): IterableIterator<[number, FdInfo]> {
    const pairs: [number, FdInfo][] = [];
    for (const fd of this.orderedFds()) pairs.push([fd, this.get(fd)!]);
    return pairs[Symbol.iterator]();
  }

  /** A copy of every entry (each FdInfo cloned and marked as inherited), for a forked child. */
  cloneForChild(maxSize = this.maxSize): FdTable {
    const t = new FdTable(maxSize, this.stats);
    for (const fd of this.orderedFds()) {
      const c = this.get(fd)!.clone();
      c.flags |= FdFlags.IS_CLONED;
      t.add(fd, c);
    }
    return t;
  }
}
