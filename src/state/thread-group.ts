/**
 * The threads of one process (a thread group, keyed by pid): how many are
 * alive, the list of members with the main thread first, and whether the
 * process reaps orphans (init of a pid namespace, or a child subreaper).
 *
 * Members erased from the thread table stay in the list until a cleanup
 * pass (like libsinsp's expired weak references), which runs once enough
 * dead members accumulate, so the list stays bounded.
 */
import type { ThreadInfo } from './thread-info.js';

/** Dead members tolerated before the list is compacted (libsinsp's threshold). */
export const DEAD_THREADS_THRESHOLD = 11;

export class ThreadGroup {
  private alive = 1;
  /** Members, main thread first when present. Erased members linger until cleanup. */
  readonly threads: ThreadInfo[];

  constructor(
    readonly pid: number,
    public reaper: boolean,
    first: ThreadInfo,
  ) {
    this.threads = [first];
  }

  /** Number of alive members (main thread included). */
  get threadCount(): number {
    return this.alive;
  }

  increment(): void {
    this.alive++;
  }

  decrement(): void {
    this.alive--;
    if (this.threads.length - this.alive >= DEAD_THREADS_THRESHOLD) this.cleanExpired();
  }

  /** Adds a member: at the front when it is the main thread. Counts it as alive. */
  add(thread: ThreadInfo, main: boolean): void {
    if (main) this.threads.unshift(thread);
    else this.threads.push(thread);
    this.increment();
  }

  /** Drops members that were erased from the thread table. */
  cleanExpired(): void {
    let w = 0;
    for (let r = 0; r < this.threads.length; r++) {
      const t = this.threads[r]!;
      if (!t.erased) this.threads[w++] = t;
    }
    this.threads.length = w;
  }

  /** The first member if it is still in the table (the main thread when known). */
  firstThread(): ThreadInfo | undefined {
    const t = this.threads[0];
    return t === undefined || t.erased ? undefined : t;
  }
}
