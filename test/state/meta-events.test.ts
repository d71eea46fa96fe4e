import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_TS, EventCode, cloneParams, execParams, feed, forkFromBash, seededEngine } from './helpers.js';
import { ContainerType } from '../../src/state/container-matchers.js';
import { ThreadCategory } from '../../src/state/thread-info.js';

const ID = 'ad64969c62e5596b839d08cf1b05986dabdfa797f02c424ec877f050afc63a8d';
const SHORT = 'ad64969c62e5';

test('user and group events add and remove entries per container', () => {
  const e = seededEngine();
  feed(e, EventCode.USER_ADDED_E, -1, { uid: 2000, gid: 2000, name: 'deploy', home: '/home/deploy', shell: '/bin/sh', container_id: '' });
  feed(e, EventCode.GROUP_ADDED_E, -1, { gid: 2000, name: 'deploy', container_id: '' });
  assert.equal(e.users.getUser('', 2000)?.home, '/home/deploy');
  assert.equal(e.users.getGroup('', 2000)?.name, 'deploy');
  assert.equal(e.thread, undefined, 'meta events have no thread');
  feed(e, EventCode.USER_DELETED_E, -1, { uid: 2000, gid: 2000, name: 'deploy', home: '', shell: '', container_id: '' });
  feed(e, EventCode.GROUP_DELETED_E, -1, { gid: 2000, name: 'deploy', container_id: '' });
  assert.equal(e.users.getUser('', 2000), undefined);
  assert.equal(e.users.getGroup('', 2000), undefined);
});

test('container JSON events describe containers; the old container event too', () => {
  const e = seededEngine();
  const doc = JSON.stringify({ container: { id: SHORT, full_id: ID, type: ContainerType.DOCKER, name: 'web', image: 'nginx:1.25', imagetag: '1.25' } });
  feed(e, EventCode.CONTAINER_JSON_2_E, -1, { json: doc });
  assert.equal(e.eventContainer?.name, 'web');
  assert.equal(e.containers.get(SHORT)?.image, 'nginx:1.25');
  feed(e, EventCode.CONTAINER_E, -1, { id: 'abcdefabcdef', type: ContainerType.CRIO, name: 'db', image: 'postgres' });
  assert.equal(e.containers.get('abcdefabcdef')?.type, ContainerType.CRIO);
  feed(e, EventCode.CONTAINER_JSON_2_E, -1, { json: 'not json' });
  assert.equal(e.containers.size, 3, 'malformed documents are ignored');
});

test('the container plugin\'s async events add and remove containers', () => {
  const e = seededEngine();
  const doc = JSON.stringify({ container: { id: 'feedfacecafe', type: ContainerType.PODMAN, name: 'p' } });
  feed(e, EventCode.ASYNCEVENT_E, -1, { plugin_id: 999, name: 'container', data: doc });
  assert.equal(e.containers.get('feedfacecafe')?.name, 'p');
  feed(e, EventCode.ASYNCEVENT_E, -1, { plugin_id: 999, name: 'container_removed', data: doc });
  assert.equal(e.containers.has('feedfacecafe'), false);
  assert.equal(e.eventContainer?.id, 'feedfacecafe');
});

test('a child process gets its container id from its cgroups at its own clone exit or exec', () => {
  const e = seededEngine();
  const cg = [`cpuset=/docker/${ID}`, `memory=/docker/${ID}`];
  forkFromBash(e, 200, { cgroups: cg });
  assert.equal(e.threads.get(200)!.containerId, '', 'the caller\'s event recomputes only the caller');
  assert.equal(e.threads.get(100)!.containerId, '');
  feed(e, EventCode.SYSCALL_CLONE_20_X, 200, cloneParams({ res: 0, tid: 200, pid: 200, ptid: 100, vtid: 200, vpid: 200, cgroups: cg }), BASE_TS + 1n);
  assert.equal(e.threads.get(200)!.containerId, SHORT);
  forkFromBash(e, 300, { cgroups: cg }, BASE_TS + 2n);
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 300, execParams({ tid: 300, pid: 300, ptid: 100, cgroups: cg }), BASE_TS + 3n);
  assert.equal(e.threads.get(300)!.containerId, SHORT);
  assert.equal(e.containerOf(e.threads.get(100)!)?.name, 'host');
});

test('lxc/bpm/libvirt matches create their container entry; the user table gets the container key', () => {
  const e = seededEngine();
  forkFromBash(e, 200);
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 200, execParams({ tid: 200, pid: 200, ptid: 100, uid: 0, gid: 0, cgroups: ['memory=/lxc/web1/init.scope'] }));
  const t = e.threads.get(200)!;
  assert.equal(t.containerId, 'web1');
  assert.equal(e.containerOf(t)?.type, ContainerType.LXC);
  // the user was recorded under the new container key (root is known without a lookup only on the host)
  assert.equal(e.users.getUser('', 0)?.name, 'root');
  assert.equal(e.users.getUser('web1', 0), undefined);
});

test('a static container claims every process with a cgroup, with its image split', () => {
  const e = seededEngine({ containerEngines: { staticContainer: { id: 'static-1', name: 'app', image: 'reg.io:5000/team/app:2.0@sha256:abc' } } });
  forkFromBash(e, 200);
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 200, execParams({ tid: 200, pid: 200, ptid: 100, cgroups: ['cpu=/'] }));
  const c = e.containerOf(e.threads.get(200)!)!;
  assert.deepEqual([c.id, c.name, c.imageRepo, c.imageTag, c.imageDigest], ['static-1', 'app', 'reg.io:5000/team/app', '2.0', 'sha256:abc']);
});

test('health probes run outside the container init tree are categorized', () => {
  const e = seededEngine();
  const doc = JSON.stringify({ container: { id: SHORT, type: 0, name: 'web', Healthcheck: { exe: 'curl', args: ['-f', 'http://localhost/'] } } });
  feed(e, EventCode.CONTAINER_JSON_2_E, -1, { json: doc });
  const cg = [`cpuset=/docker/${ID}`];
  forkFromBash(e, 200);
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 200, execParams({ tid: 200, pid: 200, ptid: 100, exe: 'curl', args: ['-f', 'http://localhost/'], cgroups: cg }));
  assert.equal(e.threads.get(200)!.category, ThreadCategory.HEALTHCHECK);
  forkFromBash(e, 300);
  feed(e, EventCode.SYSCALL_EXECVE_19_X, 300, execParams({ tid: 300, pid: 300, ptid: 100, exe: 'sh', args: [], cgroups: cg }));
  assert.equal(e.threads.get(300)!.category, ThreadCategory.NONE);
});
