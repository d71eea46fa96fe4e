import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CgroupMatcher, ContainerType, containerTypeName, matchContainerIdLayout } from '../../src/state/container-matchers.js';

const ID = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';
const SHORT = '3ad7b26ded6d';
const m = new CgroupMatcher();

function match(path: string): [string, string, number | undefined] | undefined {
  const r = m.match(path);
  return r === undefined ? undefined : [r.id, r.engine, r.type];
}

test('docker without systemd: /docker/<id>', () => {
  assert.deepEqual(match(`/docker/${ID}`), [SHORT, 'docker', undefined]);
});

test('docker with systemd: /system.slice/docker-<id>.scope', () => {
  assert.deepEqual(match(`/system.slice/docker-${ID}.scope`), [SHORT, 'docker', undefined]);
});

test('kubernetes pods on plain cgroups are matched by the runc layout /<id>', () => {
  assert.deepEqual(match(`/kubepods/besteffort/pod0f3c1e5a-1111-2222-3333-444455556666/${ID}`), [SHORT, 'docker', undefined]);
});

test('podman: libpod-<id>.scope, with /container, without systemd, and the payload variants', () => {
  for (const p of [
    `/machine.slice/libpod-${ID}.scope`,
    `/machine.slice/libpod-${ID}.scope/container`,
    `/libpod-${ID}`,
    `/machine.slice/libpod-payload-${ID}.scope`,
    `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`,
  ]) {
    assert.deepEqual(match(p), [SHORT, 'podman', undefined], p);
  }
});

test('cri-o: /crio-<id> without systemd and crio-<id>.scope with systemd', () => {
  assert.deepEqual(match(`/kubepods/burstable/pod123/crio-${ID}`), [SHORT, 'cri', undefined]);
  assert.deepEqual(
    match(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod123.slice/crio-${ID}.scope`),
    [SHORT, 'cri', undefined],
  );
});

test('containerd under kubernetes: cri-containerd-<id>.scope and the :cri-containerd: form', () => {
  assert.deepEqual(match(`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-${ID}.scope`), [SHORT, 'cri', undefined]);
  assert.deepEqual(match(`/system.slice/containerd.service/kubepods-burstable-pod1.slice:cri-containerd:${ID}`), [SHORT, 'cri', undefined]);
});

test('nerdctl: /nerdctl-<id>.scope', () => {
  assert.deepEqual(match(`/system.slice/nerdctl-${ID}.scope`), [SHORT, 'cri', undefined]);
});

test('containerd ctr namespaces: /<namespace>/<id> with short ids too, but never systemd units', () => {
  assert.deepEqual(match('/default/redis-server'), ['redis-server', 'containerd', undefined]);
  assert.deepEqual(match('/k8s.io/averyveryverylongname'), ['averyveryver', 'containerd', undefined]);
  assert.equal(match('/system.slice/sshd.service'), undefined);
  assert.equal(match('/user.slice/user-1000.slice/session-2.scope'), undefined);
});

test('host cgroups match nothing', () => {
  for (const p of ['/', '/init.scope', '/system.slice', '/user.slice']) assert.equal(match(p), undefined, p);
});

test('lxc: /lxc/<id>/... , /lxc.payload.<id>/... (paths a ctr namespace does not claim)', () => {
  assert.deepEqual(match('/lxc/web1/init.scope'), ['web1', 'lxc', ContainerType.LXC]);
  assert.deepEqual(match('/lxc.payload.web2/init.scope'), ['web2', 'lxc', ContainerType.LXC]);
  // Falco's engine order: a bare /lxc/<name> is taken by the containerd namespace rule first.
  assert.deepEqual(match('/lxc/web3'), ['web3', 'containerd', undefined]);
});

test('libvirt-lxc with systemd: machine-lxc\\x2d<id>.scope', () => {
  assert.deepEqual(
    match('/machine.slice/machine-lxc\\x2d2293906\\x2dlibvirt\\x2dcontainer.scope'),
    ['2293906\\x2dlibvirt\\x2dcontainer', 'libvirt-lxc', ContainerType.LIBVIRT_LXC],
  );
  // with a /libvirt tail the path no longer ends in a systemd unit, and the containerd rule takes it first
  assert.deepEqual(match('/machine.slice/machine-lxc\\x2d42\\x2dvm.scope/libvirt'), ['machine-lxc\\', 'containerd', undefined]);
});

test('bpm: bpm-<id>.scope and /bpm-<id>, with the allowed characters only', () => {
  assert.deepEqual(match('/system.slice/bpm-job_1.a-b.scope'), ['job_1.a-b', 'bpm', ContainerType.BPM]);
  assert.deepEqual(match('/bpm-xyz'), ['xyz', 'bpm', ContainerType.BPM]);
  assert.equal(match('/bpm-bad!id'), undefined);
});

test('64-digit ids: the plugin checks hex digits from the id start against absolute position 64', () => {
  // a 64-character id whose only non-hex character lies past absolute position 64 is accepted
  const almost = ID.slice(0, 63) + 'z';
  assert.equal(matchContainerIdLayout(`/docker/${almost}`, '/', ''), SHORT);
  // 65 characters is too long for any runc layout
  assert.equal(matchContainerIdLayout(`/docker/${ID}0`, '/', ''), undefined);
  // a suffix found before the prefix never matches
  assert.equal(matchContainerIdLayout('/a.scope/docker-x', '/docker-', '.scope'), undefined);
});

test('disabled engines are skipped and a static container claims every cgroup', () => {
  const noDocker = new CgroupMatcher({ docker: false });
  assert.equal(noDocker.match(`/system.slice/docker-${ID}.scope`)?.engine, 'cri');
  const st = new CgroupMatcher({ staticContainer: { id: 'static1', name: 'n', image: 'i' } });
  assert.deepEqual(st.match('/anything'), { id: 'static1', engine: 'static', type: ContainerType.STATIC });
});

test('a thread\'s container comes from its first matching non-empty cgroup', () => {
  const r = m.matchThreadCgroups([
    ['cpuset', ''],
    ['cpu', '/'],
    ['memory', `/docker/${ID}`],
  ]);
  assert.equal(r?.id, SHORT);
  assert.equal(m.matchThreadCgroups([['cpu', '/'], ['memory', '/user.slice']]), undefined);
});

test('container type names as container.type shows them', () => {
  assert.equal(containerTypeName(ContainerType.DOCKER), 'docker');
  assert.equal(containerTypeName(ContainerType.CRIO), 'cri-o');
  assert.equal(containerTypeName(ContainerType.LIBVIRT_LXC), 'libvirt-lxc');
  assert.equal(containerTypeName(ContainerType.HOST), 'host');
  assert.equal(containerTypeName(ContainerType.STATIC), '');
});
