import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserTable, accountsFromFiles, parsePasswd, parseGroupFile } from '../../src/state/users.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\n# comment\nbroken:line\nalice:x:1001:1001:Alice:/home/alice:/bin/zsh\n+nis::::::\n';
const GROUP = 'root:x:0:\nalice:x:1001:\nbad:x:notanumber:\n';

test('users are keyed by container id and uid', () => {
  const u = new UserTable();
  u.addUser('', -1, 1000, 1000, 'bob', '/home/bob', '/bin/sh');
  u.addUser('c1', -1, 1000, 1000, 'other', '/', '/bin/sh');
  assert.equal(u.getUser('', 1000)?.name, 'bob');
  assert.equal(u.getUser('c2', 1000), undefined);
});

test('uid 0 without a name is root with home /root; unknown shell is <NA>', () => {
  const u = new UserTable();
  const r = u.addUser('', 5, 0, 0)!;
  assert.deepEqual([r.name, r.home, r.shell], ['root', '/root', '<NA>']);
  assert.equal(u.addGroup('', 5, 0)?.name, 'root');
});

test('unknown ids without a name are looked up in the account source, or not stored', () => {
  const u = new UserTable(accountsFromFiles(PASSWD, GROUP));
  assert.equal(u.addUser('', 1, 1001, 1001)?.home, '/home/alice');
  assert.equal(u.addGroup('', 1, 1001)?.name, 'alice');
  assert.equal(u.addUser('', 1, 4242, 4242), undefined);
  assert.equal(u.getUser('', 4242), undefined);
});

test('0xffffffff ids and NSS placeholder names are never stored', () => {
  const u = new UserTable();
  assert.equal(u.addUser('', 1, 0xffffffff, 0), undefined);
  assert.equal(u.addUser('', 1, 7, 7, '+nis', '', ''), undefined);
  assert.equal(u.addGroup('', 1, 0xffffffff), undefined);
  assert.equal(u.addGroup('', 1, 8, '-grp'), undefined);
  assert.equal(u.userList(''), undefined);
});

test('a known user with a new name is updated in place; without a name it is kept', () => {
  const u = new UserTable();
  const first = u.addUser('', -1, 1000, 1000, 'old', '/old', '/bin/sh')!;
  u.addUser('', -1, 1000, 1000);
  assert.equal(u.getUser('', 1000)?.name, 'old');
  u.addUser('', -1, 1000, 1000, 'new', '/new', '/bin/zsh');
  assert.equal(first.name, 'new');
  assert.equal(u.getUser('', 1000)?.shell, '/bin/zsh');
});

test('container users are only known through the container account source', () => {
  const plain = new UserTable();
  assert.equal(plain.addUser('abc', 10, 1001, 1001, 'named', '/h', '/s'), undefined);
  const withCtr = new UserTable({
    user: () => undefined,
    group: () => undefined,
    containerAccounts: (id) => (id === 'abc' ? { users: parsePasswd(PASSWD), groups: parseGroupFile(GROUP) } : undefined),
  });
  assert.equal(withCtr.addUser('abc', 10, 1001, 1001)?.name, 'alice');
  assert.equal(withCtr.getUser('abc', 0)?.name, 'root');
  assert.equal(withCtr.addGroup('abc', 10, 1001)?.name, 'alice');
});

test('removing users, groups and whole containers', () => {
  const u = new UserTable();
  u.addUser('c', -1, 1, 1, 'a', '/', '/');
  u.addUser('', -1, 2, 2, 'b', '/', '/');
  u.addGroup('', -1, 2, 'b');
  assert.equal(u.removeUser('', 2), true);
  assert.equal(u.removeUser('', 2), false);
  assert.equal(u.removeGroup('', 2), true);
  u.deleteContainer('c');
  assert.equal(u.getUser('c', 1), undefined);
});

test('passwd and group parsing skip comments and malformed lines', () => {
  assert.deepEqual(parsePasswd(PASSWD).map((x) => x.name), ['root', 'alice']);
  assert.deepEqual(parseGroupFile(GROUP).map((g) => [g.gid, g.name]), [[0, 'root'], [1001, 'alice']]);
});
