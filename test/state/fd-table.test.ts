import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FdTable, newFdTableStats } from '../../src/state/fd-table.js';
import { FdFlags, FdInfo, FdType } from '../../src/state/fd-info.js';

function file(name: string): FdInfo {
  const f = new FdInfo();
  f.type = FdType.FILE_V2;
  f.name = name;
  return f;
}

test('adding sets the fd number and replacing an existing fd always succeeds', () => {
  const t = new FdTable(4);
  assert.equal(t.add(3, file('/a'))?.fd, 3);
  t.add(3, file('/b'));
  assert.equal(t.size, 1);
  assert.equal(t.get(3)?.name, '/b');
});

test('a full table refuses new fds and counts them', () => {
  const stats = newFdTableStats();
  const t = new FdTable(2, stats);
  t.add(0, file('/0'));
  t.add(1, file('/1'));
  assert.equal(t.add(2, file('/2')), undefined);
  assert.equal(t.add(1, file('/1b'))?.name, '/1b');
  assert.equal(t.size, 2);
  assert.equal(stats.droppedFull, 1);
  assert.equal(stats.added, 2);
});

test('retain and delete remove entries and count them', () => {
  const stats = newFdTableStats();
  const t = new FdTable(10, stats);
  for (let i = 0; i < 5; i++) t.add(i, file(`/${i}`));
  t.retain((fd) => fd % 2 === 0);
  assert.deepEqual([...t.entries()].map(([fd]) => fd), [0, 2, 4]);
  assert.equal(t.delete(2), true);
  assert.equal(t.delete(2), false);
  assert.equal(stats.removed, 3);
});

test('a child copy has every fd cloned and marked as inherited', () => {
  const t = new FdTable(10);
  t.add(5, file('/etc/hosts'));
  const c = t.cloneForChild();
  const copy = c.get(5)!;
  assert.equal(copy.name, '/etc/hosts');
  assert.equal((copy.flags & FdFlags.IS_CLONED) !== 0, true);
  copy.name = '/changed';
  assert.equal(t.get(5)!.name, '/etc/hosts');
});
