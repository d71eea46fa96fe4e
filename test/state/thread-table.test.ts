import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThreadTable } from '../../src/state/thread-table.js';
import type { ThreadInfo } from '../../src/state/thread-info.js';
import { CloneFlags } from '../../src/state/ppm-flags.js';

function mk(table: ThreadTable, tid: number, pid: number, ptid: number, comm = `p${tid}`): ThreadInfo {
  const t = table.newThread();
  t.tid = tid;
  t.pid = pid;
  t.ptid = ptid;
  t.vtid = tid;
  t.vpid = pid;
  t.comm = comm;
  if (tid !== pid) t.flags |= CloneFlags.FILES | CloneFlags.THREAD;
  return t;
}

/** init(1) -> a(10) -> b(20) -> c(30), with a thread 21 in b's process. */
function tree(): ThreadTable {
  const table = new ThreadTable();
  for (const t of [mk(table, 1, 1, 0), mk(table, 10, 10, 1), mk(table, 20, 20, 10), mk(table, 21, 20, 10), mk(table, 30, 30, 20)]) {
    table.add(t, false);
  }
  table.linkAll();
  return table;
}

test('linking builds thread groups, main threads and parent links', () => {
  const table = tree();
  const thread = table.get(21)!;
  assert.equal(thread.mainThread(), table.get(20));
  assert.equal(table.get(20)!.numThreads(), 2);
  assert.equal(table.get(20)!.numNotLeaderThreads(), 1);
  assert.equal(table.get(1)!.group!.reaper, true);
  assert.equal(table.get(10)!.group!.reaper, false);
  assert.deepEqual(table.get(10)!.children.map((c) => c.tid).sort(), [20, 21]);
});

test('a thread whose parent is unknown gets ptid 0', () => {
  const table = new ThreadTable();
  table.add(mk(table, 50, 50, 4242), true);
  assert.equal(table.get(50)!.ptid, 0);
});

test('ancestors are walked parent first without allocation, and ancestorProcess counts processes', () => {
  const table = tree();
  const seen: number[] = [];
  table.forEachAncestor(table.get(30)!, (a) => {
    seen.push(a.tid);
    return true;
  });
  assert.deepEqual(seen, [20, 10, 1]);
  assert.equal(table.ancestorProcess(table.get(30)!, 1)!.tid, 20);
  assert.equal(table.ancestorProcess(table.get(30)!, 2)!.tid, 10);
  assert.equal(table.ancestorProcess(table.get(30)!, 4), undefined);
  assert.equal(table.parentOf(table.get(30)!)!.comm, 'p20');
});

test('a loop in the parent chain stops the walk and is recorded', () => {
  const table = new ThreadTable();
  const a = mk(table, 5, 5, 6);
  const b = mk(table, 6, 6, 5);
  const c = mk(table, 7, 7, 5);
  table.add(a, false);
  table.add(b, false);
  table.add(c, false);
  let steps = 0;
  table.forEachAncestor(c, () => ++steps < 100);
  assert.ok(steps < 10);
  assert.equal(c.parentLoopDetected, true);
});

test('oldestMatchingAncestor finds the session leader by id, else the oldest ancestor sharing it', () => {
  const table = tree();
  for (const t of table.values()) t.sid = 10;
  table.get(1)!.sid = 1;
  assert.equal(table.oldestMatchingAncestor(table.get(30)!, (t) => t.sid)!.tid, 10);
  table.remove(10);
  // session leader gone: the oldest ancestor still in the session
  assert.equal(table.oldestMatchingAncestor(table.get(30)!, (t) => t.sid)!.tid, 20);
});

test('a main thread stays while its threads live; orphans go to a live sibling thread, then to init', () => {
  const table = tree();
  table.remove(20);
  // thread 21 of the same process is alive: the main thread entry stays, children go to 21
  assert.equal(table.has(20), true);
  assert.equal(table.get(20)!.isDead(), true);
  assert.equal(table.get(30)!.ptid, 21);
  table.remove(21);
  assert.equal(table.has(20), false);
  assert.equal(table.has(21), false);
  assert.equal(table.get(30)!.ptid, 1);
  assert.ok(table.get(1)!.children.includes(table.get(30)!));
});

test('a child subreaper adopts orphans before init', () => {
  const table = tree();
  table.get(10)!.group!.reaper = true;
  table.remove(21);
  table.remove(20);
  assert.equal(table.get(30)!.ptid, 10);
  assert.equal(table.get(20), undefined);
});

test('the reaper named by the kernel wins and becomes a reaper group', () => {
  const table = tree();
  const x = mk(table, 99, 99, 1);
  table.add(x, true);
  const b = table.get(30)!;
  const parent = table.get(20)!;
  table.remove(21);
  parent.reaperTid = 99;
  table.remove(20);
  assert.equal(b.ptid, 99);
  assert.equal(x.group!.reaper, true);
});

test('no reaper across a pid namespace boundary: orphans get ptid 0', () => {
  const table = new ThreadTable();
  const host = mk(table, 1, 1, 0);
  const ctrInit = mk(table, 500, 500, 1);
  ctrInit.vtid = 1;
  ctrInit.vpid = 1;
  const child = mk(table, 501, 501, 500);
  child.vtid = 2;
  child.vpid = 2;
  const grandchild = mk(table, 502, 502, 501);
  grandchild.vtid = 3;
  grandchild.vpid = 3;
  for (const t of [host, ctrInit, child, grandchild]) table.add(t, false);
  table.linkAll();
  assert.equal(ctrInit.group!.reaper, true);
  table.remove(501);
  assert.equal(grandchild.ptid, 500);
});

test('a full table drops new threads, counts them, and still admits Falco itself', () => {
  const table = new ThreadTable({ maxSize: 3, selfPid: 777 });
  for (const tid of [1, 2, 3, 4]) table.add(mk(table, tid, tid, 0), true);
  assert.equal(table.size, 3);
  assert.equal(table.stats.droppedFull, 1);
  assert.ok(table.add(mk(table, 777, 777, 0), true));
  assert.equal(table.size, 4);
  assert.equal(table.getOrCreate(12345), undefined);
});

test('an unknown tid gets a placeholder once (pid/ptid -1, comm <NA>)', () => {
  const table = new ThreadTable();
  const p = table.getOrCreate(4242)!;
  assert.equal(p.comm, '<NA>');
  assert.equal(p.exe, '<NA>');
  assert.equal(p.isInvalid(), true);
  assert.equal(table.getOrCreate(4242), p);
  assert.equal(table.stats.placeholders, 1);
});

test('a loader can supply unknown threads (live /proc lookups)', () => {
  const table: ThreadTable = new ThreadTable({
    loadThread: (tid): ThreadInfo => {
      const t = table.newThread();
      t.tid = tid;
      t.pid = tid;
      t.ptid = 1;
      t.comm = 'fromproc';
      return t;
    },
  });
  assert.equal(table.getOrCreate(33)!.comm, 'fromproc');
  assert.equal(table.stats.placeholders, 0);
});

test('recently exited (ptid, tid) pairs are remembered for two seconds', () => {
  const table = new ThreadTable();
  const ts = 10_000_000_000n;
  table.recordRecentlyExited(5, 4, ts);
  assert.equal(table.hasRecentlyExited(5, 4, ts + 1_000_000_000n), true);
  assert.equal(table.hasRecentlyExited(5, 3, ts + 1n), false);
  assert.equal(table.hasRecentlyExited(5, 4, ts + 2_000_000_000n), false);
});

test('live purge removes invalid and idle dead threads only when a scan is due', () => {
  const alive = new Set([1]);
  const table = new ThreadTable({
    purgeIntervalNs: 10n,
    threadTimeoutNs: 100n,
    isThreadAlive: (t) => alive.has(t.tid),
  });
  const now = 1_000_000_000_000n;
  for (const tid of [1, 2]) table.add(mk(table, tid, tid, 0), true)!.lastAccessTs = now;
  table.getOrCreate(3);
  // the first call only sets the schedule
  assert.equal(table.purgeInactive(now), false);
  assert.equal(table.purgeInactive(now + 11n), true);
  assert.deepEqual([...table.values()].map((t) => t.tid).sort(), [1, 2]);
  assert.equal(table.purgeInactive(now + 15n), false);
  assert.equal(table.purgeInactive(now + 1000n), true);
  assert.deepEqual([...table.values()].map((t) => t.tid), [1]);
  assert.equal(table.stats.purged, 2);
});

test('dead group members and children are compacted so lists stay bounded', () => {
  const table = new ThreadTable();
  const main = mk(table, 1000, 1000, 0);
  table.add(main, true);
  for (let i = 1; i <= 200; i++) {
    table.add(mk(table, 1000 + i, 1000, 0), true);
    table.markDead(table.get(1000 + i)!);
    table.remove(1000 + i);
  }
  assert.ok(main.group!.threads.length <= 12, `group list ${main.group!.threads.length}`);
  const parent = mk(table, 2000, 2000, 0);
  table.add(parent, true);
  for (let i = 1; i <= 200; i++) {
    table.add(mk(table, 3000 + i, 3000 + i, 2000), true);
    table.remove(3000 + i);
  }
  assert.ok(parent.children.length <= 10, `children ${parent.children.length}`);
});
