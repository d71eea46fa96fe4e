/**
 * Shared NUL-separated lists (environments, cgroups): threads given the
 * same bytes share one list, the bytes are copied (the event's buffer is
 * reused), the list is split once, and old entries make room for new ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentLists } from '../../src/state/recent-lists.js';

test('the same bytes give the same shared list, split on first use (trailing NUL ignored)', () => {
  const lists = new RecentLists(4);
  const a = lists.get(Buffer.from('HOME=/root\0PATH=/bin\0'));
  const b = lists.get(Buffer.from('HOME=/root\0PATH=/bin\0'));
  assert.equal(a, b);
  assert.deepEqual(a.list, ['HOME=/root', 'PATH=/bin']);
  assert.equal(a.list, b.list);
  assert.deepEqual(lists.get(new Uint8Array(0)).list, []);
});

test('the bytes are copied: reusing the source buffer changes nothing', () => {
  const lists = new RecentLists(4);
  const src = Buffer.from('A=1\0');
  const e = lists.get(src);
  src.fill(0x41);
  assert.deepEqual(e.list, ['A=1']);
  assert.notEqual(lists.get(src), e);
  assert.equal(lists.get(Buffer.from('A=1\0')), e);
});

test('beyond its size the least recently used entry is forgotten', () => {
  const lists = new RecentLists(2);
  const a = lists.get(Buffer.from('a'));
  lists.get(Buffer.from('b'));
  assert.equal(lists.get(Buffer.from('a')), a); // a is now the most recent
  lists.get(Buffer.from('c')); // evicts b
  assert.equal(lists.get(Buffer.from('a')), a);
  const b2 = lists.get(Buffer.from('b'));
  assert.deepEqual(b2.list, ['b']);
});
