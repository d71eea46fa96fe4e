/**
 * Walks up the process tree for the ancestor fields of the `process`
 * class, with libsinsp's rules: indexed ancestors go from main thread to
 * main thread (the thread table's `ancestorProcess`); the unindexed forms
 * start at the process's main thread and visit its parent, grandparent...
 * through the recorded parent tids (`forEachAncestor`, which stops at a
 * loop); session and process-group leaders are the thread with that id, or
 * the oldest ancestor sharing it.
 *
 * Read-only helpers over the state layer's ThreadTable and ThreadInfo.
 */
import type { ThreadInfo } from '../../state/thread-info.js';
import type { ThreadTable } from '../../state/thread-table.js';

/** A text property of a process (comm, exe, exepath, command line...). */
export type ThreadText = (t: ThreadInfo) => string;

/**
 * The values of every ancestor of the process (parent first, the process
 * itself excluded), or undefined when its main thread is unknown.
 */
export function ancestorValues<T>(threads: ThreadTable, t: ThreadInfo, pick: (a: ThreadInfo) => T): T[] | undefined {
  const main = t.mainThread();
  if (main === undefined) return undefined;
  const out: T[] = [];
  threads.forEachAncestor(main, (a) => {
    out.push(pick(a));
    return true;
  });
  return out;
}

/**
 * The ancestors' texts joined by spaces, the way libsinsp builds it: a
 * separator is added only once the text so far is non-empty, so leading
 * empty values leave no trace. Undefined when the result is empty.
 */
export function joinedAncestorText(threads: ThreadTable, t: ThreadInfo, pick: ThreadText): string | undefined {
  const main = t.mainThread();
  if (main === undefined) return undefined;
  let out = '';
  threads.forEachAncestor(main, (a) => {
    if (out.length !== 0) out += ' ';
    out += pick(a);
    return true;
  });
  return out.length === 0 ? undefined : out;
}

/** The main thread of the n-th ancestor process (0: the process itself). */
export function ancestorProcess(threads: ThreadTable, t: ThreadInfo, n: number): ThreadInfo | undefined {
  return threads.ancestorProcess(t, n);
}

/**
 * `proc.loginshellid`: the pid of the oldest process, from the process
 * itself up, whose name ends in "sh".
 */
export function loginShellId(threads: ThreadTable, t: ThreadInfo): number | undefined {
  const main = t.mainThread();
  if (main === undefined) return undefined;
  let found: number | undefined;
  const check = (a: ThreadInfo): boolean => {
    if (a.comm.length >= 2 && a.comm.endsWith('sh')) found = a.pid;
    return true;
  };
  check(main);
  threads.forEachAncestor(main, check);
  return found;
}

/**
 * A text of the leader of the thread's session or process group (`idOf`
 * gives the id): '' when no such thread is known. With `isVirtual`, the id
 * is as seen in the thread's pid namespace.
 */
export function leaderText(
  threads: ThreadTable,
  t: ThreadInfo,
  idOf: (x: ThreadInfo) => number,
  isVirtual: boolean,
  pick: ThreadText,
): string {
  const leader = threads.oldestMatchingAncestor(t, idOf, isVirtual);
  return leader === undefined ? '' : pick(leader);
}

/** How many parents `proc.aenv[NAME]` looks at, at most. */
const AENV_MAX_LEVELS = 20;

/**
 * `proc.aenv[NAME]`: the value of variable NAME in the nearest ancestor
 * (up to 20 levels, following parent tids) that has it non-empty; ''
 * when none has.
 */
export function ancestorEnvVar(threads: ThreadTable, t: ThreadInfo, name: string): string {
  let cur = t.mainThread();
  if (cur === undefined) return '';
  let value = '';
  for (let i = 0; i < AENV_MAX_LEVELS; i++) {
    cur = threads.get(cur.ptid);
    if (cur === undefined) break;
    value = cur.getEnvVar(name);
    if (value.length !== 0) break;
  }
  return value;
}

/**
 * `proc.aenv[N]`: the whole environment of the thread reached by following
 * parent tids N times from the process's main thread. Undefined when the
 * chain ends first; '' when the main thread is unknown.
 */
export function ancestorEnv(threads: ThreadTable, t: ThreadInfo, levels: number): string | undefined {
  let cur = t.mainThread();
  if (cur === undefined) return '';
  for (let i = 0; i < levels; i++) {
    cur = threads.get(cur.ptid);
    if (cur === undefined) return undefined;
  }
  return cur.concatenatedEnv();
}
