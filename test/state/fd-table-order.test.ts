/**
 * The fd table keeps small fd numbers in slots and others in a Map, yet must
 * behave as one insertion-ordered map (what Falco's state dumps and the
 * capture writer show): the same lookups, sizes, counters and visiting order
 * as a plain Map driven by the same operations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FdTable, newFdTableStats } from '../../src/state/fd-table.js';
import { FdInfo, FdType } from '../../src/state/fd-info.js';

function file(name: string): FdInfo {
  const f = new FdInfo();
  f.type = FdType.FILE_V2;
  f.name = name;
  return f;
}

function order(t: FdTable): [number, string][] {
  return [...t.entries()].map(([fd, info]) => [fd, info.name]);
}

test('visiting order is insertion order across slot and large/negative fd numbers', () => {
  const t = new FdTable(100);
  for (const fd of [7, 5000, 3, -1, 1023, 1024, 0]) t.add(fd, file(`/f${fd}`));
  assert.deepEqual(order(t).map(([fd]) => fd), [7, 5000, 3, -1, 1023, 1024, 0]);
  // Replacing keeps the place; removing and adding again moves to the end.
  t.add(3, file('/again3'));
  t.delete(7);
  t.add(7, file('/new7'));
  t.delete(5000);
  t.add(5000, file('/new5000'));
  assert.deepEqual(order(t), [
    [3, '/again3'],
    [-1, '/f-1'],
    [1023, '/f1023'],
    [1024, '/f1024'],
    [0, '/f0'],
    [7, '/new7'],
    [5000, '/new5000'],
  ]);
  assert.equal(t.size, 7);
  assert.equal(t.get(1023)?.name, '/f1023');
  assert.equal(t.get(1022), undefined);
  assert.equal(t.get(2.5), undefined);
});

/** A seeded random run of additions and removals, checked against a Map at every step. */
function randomRun(largeNumbers: boolean): void {
  const stats = newFdTableStats();
  const t = new FdTable(40, stats);
  const ref = new Map<number, string>();
  let added = 0;
  let removed = 0;
  let dropped = 0;
  // A small linear congruential generator: the same run every time.
  let seed = 12345;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const pick = (): number => {
    const r = largeNumbers ? next(10) : 0;
    if (r < 7) return next(60);
    if (r < 8) return 1000 + next(60);
    if (r < 9) return 100000 + next(5);
    return -1 - next(3);
  };
  for (let step = 0; step < 5000; step++) {
    const fd = pick();
    const op = next(3);
    if (op < 2) {
      const name = `/s${step}`;
      const isNew = !ref.has(fd);
      const stored = t.add(fd, file(name));
      if (isNew && ref.size >= 40) {
        dropped++;
        assert.equal(stored, undefined);
      } else {
        if (isNew) added++;
        ref.set(fd, name);
        assert.equal(stored?.fd, fd);
      }
    } else {
      const had = ref.delete(fd);
      if (had) removed++;
      assert.equal(t.delete(fd), had);
    }
    assert.equal(t.size, ref.size);
    assert.equal(t.get(fd)?.name, ref.get(fd));
    if (step % 250 === 0) assert.deepEqual(order(t), [...ref.entries()]);
  }
  assert.deepEqual(order(t), [...ref.entries()]);
  assert.deepEqual(stats, { added, removed, droppedFull: dropped });
  // A child copy keeps the order; retain keeps the survivors' order.
  assert.deepEqual(order(t.cloneForChild()), [...ref.entries()]);
  t.retain((fd) => fd % 2 === 0);
  assert.deepEqual(order(t), [...ref.entries()].filter(([fd]) => fd % 2 === 0));
  const visited: number[] = [];
  t.forEach((fd) => {
    visited.push(fd);
    return visited.length < 3;
  });
  assert.deepEqual(visited, order(t).slice(0, 3).map(([fd]) => fd));
}

test('a random run over small, large and negative fd numbers matches a Map step by step', () => {
  randomRun(true);
});

test('a random run over small fd numbers only matches a Map step by step', () => {
  randomRun(false);
});
