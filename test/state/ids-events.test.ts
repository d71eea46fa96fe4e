import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCode, feed, seededEngine } from './helpers.js';
import { accountsFromFiles } from '../../src/state/users.js';

test('setuid sets the uid and records the user; a failed call changes nothing', () => {
  const e = seededEngine({ accounts: accountsFromFiles('svc:x:1234:1234:Service:/srv:/usr/sbin/nologin\n', '') });
  feed(e, EventCode.SYSCALL_SETUID_X, 100, { res: 0, uid: 1234 });
  const t = e.threads.get(100)!;
  assert.equal(t.uid, 1234);
  assert.equal(e.userOf(t)?.name, 'svc');
  feed(e, EventCode.SYSCALL_SETUID_X, 100, { res: -1, uid: 0 });
  assert.equal(t.uid, 1234);
});

test('setresuid and setreuid take the effective uid', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_SETRESUID_X, 100, { res: 0, ruid: 1000, euid: 0, suid: 1000 });
  assert.equal(e.threads.get(100)!.uid, 0);
  assert.equal(e.userOf(e.threads.get(100)!)?.name, 'root');
  feed(e, EventCode.SYSCALL_SETREUID_X, 100, { res: 0, ruid: 0, euid: 1000 });
  assert.equal(e.threads.get(100)!.uid, 1000);
});

test('setgid, setresgid and setregid set the gid from the effective id', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_SETGID_X, 100, { res: 0, gid: 0 });
  assert.equal(e.threads.get(100)!.gid, 0);
  assert.equal(e.groupOf(e.threads.get(100)!)?.name, 'root');
  feed(e, EventCode.SYSCALL_SETRESGID_X, 100, { res: 0, rgid: 5, egid: 1000, sgid: 5 });
  assert.equal(e.threads.get(100)!.gid, 1000);
  feed(e, EventCode.SYSCALL_SETREGID_X, 100, { res: 0, rgid: 5, egid: 7 });
  assert.equal(e.threads.get(100)!.gid, 7);
});

test('an empty effective id parameter leaves the credentials unchanged', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_SETRESUID_X, 100, { res: 0, ruid: 0, euid: null, suid: 0 });
  assert.equal(e.threads.get(100)!.uid, 1000);
});
