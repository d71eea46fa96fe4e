/**
 * A thread's environment and cgroups set from an event's bytes: the same
 * values as from the split strings, the environment decoded only when read
 * (and inherited undecoded), cgroup lists shared between threads with the
 * same bytes, and a malformed cgroup list leaving the old one in place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CgroupMatcher } from '../../src/state/container-matchers.js';
import { ThreadInfo } from '../../src/state/thread-info.js';

const DOCKER_ID = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';

test('environment from bytes: decoded on read, inherited without decoding, replaced by assignment', () => {
  const t = new ThreadInfo();
  const bytes = Buffer.from('HOME=/root\0TERM=xterm\0');
  t.setEnvBytes(bytes);
  bytes.fill(0); // the event buffer moves on
  const child = new ThreadInfo();
  child.inheritEnv(t);
  assert.deepEqual(t.env, ['HOME=/root', 'TERM=xterm']);
  assert.deepEqual(child.env, ['HOME=/root', 'TERM=xterm']);
  t.tid = t.pid = 5;
  assert.equal(t.getEnvVar('TERM'), 'xterm');
  assert.equal(t.concatenatedEnv(), 'HOME=/root TERM=xterm');
  t.env = ['X=1'];
  assert.deepEqual(t.env, ['X=1']);
  assert.deepEqual(child.env, ['HOME=/root', 'TERM=xterm']);
});

test('cgroups from bytes equal cgroups from strings, normalized the same way', () => {
  const defs = ['cpuset=/', 'perf=/x', 'mem_cgroup=/user.slice', 'io=/'];
  const a = new ThreadInfo();
  a.setCgroups(defs);
  const b = new ThreadInfo();
  b.setCgroupsBytes(Buffer.from(defs.join('\0') + '\0'));
  assert.deepEqual(b.cgroups, a.cgroups);
  assert.deepEqual(b.cgroups, [['cpuset', '/'], ['perf_event', '/x'], ['memory', '/user.slice'], ['blkio', '/']]);
  const c = new ThreadInfo();
  c.setCgroupsBytes(Buffer.from(defs.join('\0') + '\0'));
  assert.equal(c.cgroups, b.cgroups); // one shared list
});

test('a cgroup entry without = keeps the previous list, from bytes as from strings', () => {
  const t = new ThreadInfo();
  t.setCgroupsBytes(Buffer.from('cpu=/a\0'));
  t.setCgroupsBytes(Buffer.from('cpu=/b\0broken\0'));
  assert.deepEqual(t.cgroups, [['cpu', '/a']]);
  const u = new ThreadInfo();
  u.setCgroups(['cpu=/a']);
  u.setCgroups(['cpu=/b', 'broken']);
  assert.deepEqual(u.cgroups, t.cgroups);
});

test('the matcher answers for each list, also when lists alternate', () => {
  const m = new CgroupMatcher();
  const inDocker = new ThreadInfo();
  inDocker.setCgroupsBytes(Buffer.from(`cpu=/docker/${DOCKER_ID}\0`));
  const onHost = new ThreadInfo();
  onHost.setCgroupsBytes(Buffer.from('cpu=/user.slice\0'));
  for (let i = 0; i < 3; i++) {
    assert.equal(m.matchThreadCgroups(inDocker.cgroups)?.id, DOCKER_ID.slice(0, 12));
    assert.equal(m.matchThreadCgroups(onHost.cgroups), undefined);
  }
  // A separately built list with the same content gets the same answer.
  assert.equal(m.matchThreadCgroups([['cpu', `/docker/${DOCKER_ID}`]])?.id, DOCKER_ID.slice(0, 12));
});
