/**
 * The container.* and k8s.* extractors (Falco's container plugin fields,
 * built in) on a real state engine: host processes, container ids derived
 * from cgroups for each runtime, metadata from container events (JSON and
 * the plugin's async events), the pod sandbox fallback, the container-aware
 * local-address test of fd.lip/fd.rip, and a replay of a shared capture
 * with container events.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventCode } from '../../src/events/event-table.js';
import { emptyTables, type CaptureTables, type ProcessEntry } from '../../src/events/scap-records.js';
import { isResolveError, syscallFieldCatalog } from '../../src/fields/catalog.js';
import { SyscallExtractorRegistry } from '../../src/fields/extract/registry.js';
import { SyscallEvent, type RunInfo } from '../../src/fields/extract/syscall-event.js';
import { checkCondition } from '../../src/rules/compile/checker.js';
import { emitCondition } from '../../src/rules/compile/emitter.js';
import { parseCondition } from '../../src/rules/condition/parser.js';
import { CaptureEventStream } from '../../src/events/capture-stream.js';
import { StateEngine } from '../../src/state/system-state.js';
import { REFERENCE } from '../reference.js';
import { EventHarness } from './event-harness.js';

const T0 = 1_700_000_000_000_000_000n;
const HOST_PID = 100;
const TRACES = `${REFERENCE}/traces`;
const HEX64 = 'ad64969c62e5596b839d08cf1b05986dabdfa797f02c424ec877f050afc63a8d';
const HEX64_B = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';

function processEntry(tid: number, comm: string, cgroups: string[] = [], pidnsInitStartTs = 0n): ProcessEntry {
  return {
    tid, pid: tid, ptid: 1, sid: tid, vpgid: tid, comm, exe: comm, exepath: `/bin/${comm}`, args: [], cwd: '/',
    fdlimit: 1024, flags: 0, uid: 0, gid: 0, vmsizeKb: 0, vmrssKb: 0, vmswapKb: 0, pfmajor: 0, pfminor: 0,
    env: [], vtid: tid, vpid: tid, cgroups, root: '/', pidnsInitStartTs, tty: 0, loginuid: 0xffffffff,
    exeWritable: false, capInheritable: 0n, capPermitted: 0n, capEffective: 0n, exeUpperLayer: false, exeIno: 0n,
    exeInoCtime: 0n, exeInoMtime: 0n, exeFromMemfd: false, exeLowerLayer: false, pgid: tid,
  };
}

function ifaddr(ip: string): number {
  const b = ip.split('.').map(Number);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

class Harness extends EventHarness {
  constructor(processes: ProcessEntry[] = []) {
    const t: CaptureTables = emptyTables();
    t.processes.push(processEntry(HOST_PID, 'bash'), ...processes);
    t.interfaces = [
      { kind: 'ipv4', type: 1, name: 'lo', addr: ifaddr('127.0.0.1'), netmask: ifaddr('255.0.0.0'), bcast: 0, linkspeed: 0n },
      { kind: 'ipv4', type: 1, name: 'eth0', addr: ifaddr('10.0.0.5'), netmask: ifaddr('255.255.255.0'), bcast: 0, linkspeed: 0n },
    ];
    super(t, HOST_PID, T0);
  }

  /** Any plain syscall of thread `tid`. */
  syscall(tid: number): this {
    return this.feed(EventCode.SYSCALL_CLOSE_X, { res: 0, fd: 99 }, tid);
  }

  containerJson(container: Record<string, unknown>): this {
    return this.feed(EventCode.CONTAINER_JSON_2_E, { json: JSON.stringify({ container }) }, -1);
  }
}

describe('host processes', () => {
  it('read the host entry: id and name "host", empty texts, no k8s metadata', () => {
    const h = new Harness().syscall(HOST_PID);
    assert.equal(h.get('container.id'), 'host');
    assert.equal(h.get('container.full_id'), 'host');
    assert.equal(h.get('container.name'), 'host');
    assert.equal(h.get('container.type'), 'host');
    for (const f of ['container.image', 'container.image.id', 'container.image.repository', 'container.image.tag',
      'container.image.digest', 'container.mounts', 'container.labels', 'container.ip', 'container.cni.json']) {
      assert.equal(h.get(f), '', f);
    }
    assert.equal(h.get('container.privileged'), false);
    assert.equal(h.get('container.host_pid'), false);
    assert.equal(h.get('container.host_network'), false);
    assert.equal(h.get('container.label', 'app'), undefined);
    assert.equal(h.get('container.mount', '0'), undefined);
    assert.equal(h.get('container.start_ts'), undefined);
    assert.equal(h.get('container.duration'), undefined);
    assert.equal(h.get('container.healthcheck'), undefined);
    assert.equal(h.get('proc.is_container_healthcheck'), undefined);
    assert.equal(h.get('k8s.pod.name'), undefined);
    assert.equal(h.get('k8s.ns.name'), undefined);
    assert.equal(h.get('k8s.pod.uid'), undefined);
    assert.equal(h.get('k8s.pod.sandbox_id'), '');
    assert.equal(h.get('k8s.pod.full_sandbox_id'), '');
    // The sandbox fallback finds the host's own entry (id ''): empty texts.
    assert.equal(h.get('k8s.pod.ip'), '');
    assert.equal(h.get('k8s.pod.cni.json'), '');
    assert.equal(h.get('k8s.pod.labels'), '');
    assert.equal(h.get('k8s.pod.label', 'app'), undefined);
    assert.equal(h.get('k8s.deployment.name'), undefined);
    assert.equal(h.matches('container.id = host'), true);
    assert.equal(h.matches('container.id != host'), false);
    assert.equal(h.output('%container.id %container.name %container.image.repository %k8s.pod.name'), 'host host  <NA>');
  });

  it('an event whose thread is not in the table has no container fields', () => {
    const h = new Harness().feed(EventCode.PROCINFO_E, { cpu_usr: 1, cpu_sys: 1 }, 31337);
    assert.equal(h.get('container.id'), undefined);
    assert.equal(h.get('container.name'), undefined);
  });
});

describe('container ids from cgroups', () => {
  const cases: Array<[string, string, string]> = [
    ['docker', `cpu=/docker/${HEX64}`, 'ad64969c62e5'],
    ['docker (systemd)', `cpu=/system.slice/docker-${HEX64}.scope`, 'ad64969c62e5'],
    ['cri-containerd', `cpu=/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-${HEX64}.scope`, 'ad64969c62e5'],
    ['cri-o', `cpu=/kubepods.slice/kubepods-burstable.slice/crio-${HEX64}.scope`, 'ad64969c62e5'],
    ['podman', `cpu=/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${HEX64}.scope`, 'ad64969c62e5'],
    ['containerd (ctr)', 'cpu=/default/redis-server', 'redis-server'],
  ];
  for (const [runtime, cgroup, id] of cases) {
    it(`${runtime}: the id, and only id and start time without metadata`, () => {
      const start = T0 - 5_000_000_000n;
      const h = new Harness([processEntry(200, 'app', [cgroup], start)]).syscall(200);
      assert.equal(h.get('container.id'), id);
      assert.equal(h.get('container.name'), undefined);
      assert.equal(h.get('container.type'), undefined);
      assert.equal(h.get('container.start_ts'), start);
      assert.equal(h.get('container.duration'), h.ts - start);
      assert.equal(h.output('%container.start_ts %container.duration'), `${start} ${h.ts - start}`);
      // close of an fd the state does not know: an empty fd name.
      assert.equal(h.get('fd.containername'), `${id}:`);
    });
  }

  it('engines whose match describes the container: lxc, libvirt-lxc, bpm', () => {
    const h = new Harness([
      processEntry(301, 'lxc-app', ['cpu=/lxc/web01/init.scope']),
      processEntry(302, 'virt-app', ['cpu=/machine.slice/machine-lxc\\x2dguest7.scope']),
      processEntry(303, 'bpm-app', ['cpu=/system.slice/bpm-job-3.scope']),
    ]);
    h.syscall(301);
    assert.deepEqual([h.get('container.id'), h.get('container.type'), h.get('container.name')], ['web01', 'lxc', '']);
    h.syscall(302);
    assert.deepEqual([h.get('container.id'), h.get('container.type')], ['guest7', 'libvirt-lxc']);
    h.syscall(303);
    assert.deepEqual([h.get('container.id'), h.get('container.type')], ['job-3', 'bpm']);
  });

  it('a process that execs into a container cgroup changes container', () => {
    const h = new Harness().syscall(HOST_PID);
    assert.equal(h.get('container.id'), 'host');
    h.feed(EventCode.SYSCALL_EXECVE_19_X, {
      res: 0, exe: '/bin/sh', args: [], tid: HOST_PID, pid: HOST_PID, ptid: 1, cwd: '/', fdlimit: 1024, pgft_maj: 0, pgft_min: 0,
      vm_size: 0, vm_rss: 0, vm_swap: 0, comm: 'sh', cgroups: [`cpu=/docker/${HEX64_B}`], env: [], tty: 0, vpgid: HOST_PID,
      loginuid: 0, flags: 0, cap_inheritable: 0n, cap_permitted: 0n, cap_effective: 0n, exe_ino: 0n, exe_ino_ctime: 0n,
      exe_ino_mtime: 0n, uid: 0, trusted_exepath: '/bin/sh', pgid: HOST_PID, gid: 0, filename: '/bin/sh',
    });
    assert.equal(h.get('container.id'), '3ad7b26ded6d');
  });
});

const CRI_CONTAINER = {
  id: 'ad64969c62e5',
  full_id: HEX64,
  type: 7,
  name: 'web',
  image: 'docker.io/library/nginx:1.25',
  imageid: 'sha256:0123',
  imagerepo: 'docker.io/library/nginx',
  imagetag: '1.25',
  imagedigest: 'sha256:abcd',
  ip: '172.17.0.2',
  privileged: true,
  host_network: true,
  pod_sandbox_id: `${HEX64_B}`,
  cni_json: '{"eth0":"172.17.0.2"}',
  labels: {
    'io.kubernetes.pod.name': 'web-7d9f',
    'io.kubernetes.pod.namespace': 'shop',
    'io.kubernetes.pod.uid': 'c6a8-77',
    'annotation.x': 'hidden',
    tier: 'front',
    app: 'nginx',
    flag: '',
  },
  pod_sandbox_labels: { app: 'nginx', 'io.kubernetes.pod.name': 'web-7d9f', team: 'blue' },
  Mounts: [
    { Source: '/var/lib/kubelet/pods/x/volumes', Destination: '/data', Mode: 'rw', RW: true, Propagation: 'rprivate' },
    { Source: '/etc/hosts', Destination: '/etc/hosts', Mode: 'ro', RW: false, Propagation: '' },
  ],
};

describe('containers described by container events', () => {
  it('metadata, mounts, labels and pod facts of a CRI container', () => {
    const h = new Harness([processEntry(200, 'nginx', [`cpu=/kubepods/besteffort/pod1/${HEX64}`])]);
    h.containerJson(CRI_CONTAINER);
    // The container event itself describes the container it carries.
    assert.equal(h.get('container.id'), 'ad64969c62e5');
    assert.equal(h.get('container.name'), 'web');
    assert.equal(h.get('container.start_ts'), undefined);

    h.syscall(200);
    assert.equal(h.get('container.id'), 'ad64969c62e5');
    assert.equal(h.get('container.full_id'), HEX64);
    assert.equal(h.get('container.type'), 'containerd');
    assert.equal(h.get('container.image'), 'docker.io/library/nginx:1.25');
    assert.equal(h.get('container.image.id'), 'sha256:0123');
    assert.equal(h.get('container.image.repository'), 'docker.io/library/nginx');
    assert.equal(h.get('container.image.tag'), '1.25');
    assert.equal(h.get('container.image.digest'), 'sha256:abcd');
    assert.equal(h.get('container.ip'), '172.17.0.2');
    assert.equal(h.get('container.privileged'), true);
    assert.equal(h.get('container.host_network'), true);
    assert.equal(h.get('container.host_ipc'), false);
    assert.equal(h.get('container.mounts'), '/var/lib/kubelet/pods/x/volumes:/data:rw:true:rprivate,/etc/hosts:/etc/hosts:ro:false:');
    assert.equal(h.get('container.mount', '1'), '/etc/hosts:/etc/hosts:ro:false:');
    assert.equal(h.get('container.mount', '2'), undefined);
    assert.equal(h.get('container.mount', '/var/lib/kubelet/.*'), '/var/lib/kubelet/pods/x/volumes:/data:rw:true:rprivate');
    assert.equal(h.get('container.mount.dest', '/etc'), '/etc/hosts');
    assert.equal(h.get('container.mount.source', '/data'), '/var/lib/kubelet/pods/x/volumes');
    assert.equal(h.get('container.mount.rdwr', '0'), 'true');
    assert.equal(h.get('container.mount.mode', '/nowhere'), undefined);
    assert.equal(h.get('container.label', 'tier'), 'front');
    assert.equal(h.get('container.label', 'missing'), undefined);
    assert.equal(h.get('container.labels'), 'app:nginx, flag, tier:front');
    assert.equal(h.get('k8s.pod.name'), 'web-7d9f');
    assert.equal(h.get('k8s.ns.name'), 'shop');
    assert.equal(h.get('k8s.pod.uid'), 'c6a8-77');
    assert.equal(h.get('k8s.pod.id'), 'c6a8-77');
    assert.equal(h.get('k8s.pod.sandbox_id'), '3ad7b26ded6d');
    assert.equal(h.get('k8s.pod.full_sandbox_id'), HEX64_B);
    assert.equal(h.get('k8s.pod.ip'), '172.17.0.2');
    assert.equal(h.get('k8s.pod.cni.json'), '{"eth0":"172.17.0.2"}');
    assert.equal(h.get('k8s.pod.labels'), 'app:nginx, team:blue');
    assert.equal(h.get('k8s.pod.label', 'team'), 'blue');
    assert.equal(h.get('k8s.rs.name'), undefined);
    assert.equal(h.matches('k8s.ns.name = shop and container.image.repository endswith nginx'), true);
    assert.equal(h.output('%container.id %container.name %k8s.pod.name %k8s.ns.name'), 'ad64969c62e5 web web-7d9f shop');
  });

  it('a container without a CNI result reads pod facts from its sandbox entry', () => {
    const h = new Harness([processEntry(200, 'app', [`cpu=/docker/${HEX64}`])]);
    h.containerJson({ id: '3ad7b26ded6d', type: 6, name: 'pause', is_pod_sandbox: true, ip: '10.244.1.9', cni_json: '{"cni":1}', pod_sandbox_labels: { app: 'api' } });
    h.containerJson({ id: 'ad64969c62e5', type: 6, name: 'api', pod_sandbox_id: HEX64_B, pod_sandbox_labels: { app: 'stale', own: 'x' } });
    h.syscall(200);
    assert.equal(h.get('container.type'), 'cri');
    assert.equal(h.get('k8s.pod.ip'), '10.244.1.9');
    assert.equal(h.get('k8s.pod.cni.json'), '{"cni":1}');
    assert.equal(h.get('k8s.pod.labels'), 'app:api');
    assert.equal(h.get('k8s.pod.label', 'app'), 'api');
    // A label only the container has is still found there.
    assert.equal(h.get('k8s.pod.label', 'own'), 'x');
  });

  it('the plugin\'s async events add and remove containers, and describe the container on the event', () => {
    const h = new Harness([processEntry(200, 'app', [`cpu=/docker/${HEX64}`])]);
    const payload = (name: string) => new TextEncoder().encode(`${JSON.stringify({ container: { id: 'ad64969c62e5', type: 0, name, image: 'redis' } })}\0`);
    h.feed(EventCode.ASYNCEVENT_E, { plugin_id: 1, name: 'container', data: payload('cache') }, -1);
    assert.equal(h.get('container.name'), 'cache');
    h.syscall(200);
    assert.equal(h.get('container.name'), 'cache');
    assert.equal(h.get('container.type'), 'docker');
    h.feed(EventCode.ASYNCEVENT_E, { plugin_id: 1, name: 'container_removed', data: payload('cache') }, -1);
    assert.equal(h.get('container.name'), 'cache');
    h.syscall(200);
    assert.equal(h.get('container.id'), 'ad64969c62e5');
    assert.equal(h.get('container.name'), undefined);
  });
});

describe('local addresses of container processes (fd.lip / fd.rip)', () => {
  function connectFrom(h: Harness, tid: number, fd: number, sip: string): void {
    h.feed(EventCode.SOCKET_SOCKET_X, { fd, domain: 2, type: 2, proto: 0, flags: 0 }, tid);
    h.feed(EventCode.SOCKET_CONNECT_X, {
      res: 0, tuple: { family: 'inet', sip, sport: 3333, dip: '8.8.8.8', dport: 53 }, fd, addr: { family: 'inet', ip: '8.8.8.8', port: 53 },
    }, tid);
  }

  it('the container\'s address is local; without one, any container\'s is', () => {
    const h = new Harness([
      processEntry(200, 'app', [`cpu=/docker/${HEX64}`]),
      processEntry(201, 'other', [`cpu=/docker/${HEX64_B}`]),
    ]);
    h.containerJson({ id: 'ad64969c62e5', type: 0, name: 'a', ip: '172.17.0.2' });
    h.containerJson({ id: '3ad7b26ded6d', type: 0, name: 'b' });

    connectFrom(h, 200, 5, '172.17.0.2');
    assert.equal(h.output('%fd.lip %fd.rip %fd.containername'), '172.17.0.2 8.8.8.8 ad64969c62e5:172.17.0.2:3333->8.8.8.8:53');
    // An address that is not the container's still counts when a host interface has it.
    connectFrom(h, 200, 6, '10.0.0.5');
    assert.equal(h.output('%fd.lip %fd.rip'), '10.0.0.5 8.8.8.8');

    connectFrom(h, 201, 5, '172.17.0.2');
    assert.equal(h.output('%fd.lip %fd.rip'), '172.17.0.2 8.8.8.8');
    // No address of its own: host interfaces are not consulted.
    connectFrom(h, 201, 6, '10.0.0.5');
    assert.equal(h.output('%fd.lip %fd.rip'), '8.8.8.8 10.0.0.5');
  });
});

describe('a shared capture with container events (open-multiple-files.scap)', () => {
  it('container events, and container.id in a rule condition over the replay', () => {
    const state = new StateEngine({ mode: 'replay' });
    const stream = new CaptureEventStream(`${TRACES}/open-multiple-files.scap`, (t) => state.seed(t));
    state.seed(stream.header);
    const ev = new SyscallEvent(state, { source: 'syscall', hostname: 'h', bufferFormatBase64: false, firstEventTs: 0n });
    const registry = new SyscallExtractorRegistry();
    const field = (name: string) => {
      const r = syscallFieldCatalog.resolve(name);
      if (isResolveError(r)) throw new Error(r.error);
      return registry.extractor(r);
    };
    const [id, name, image, ip, type] = ['container.id', 'container.name', 'container.image', 'container.ip', 'container.type'].map(field);
    const parsed = parseCondition('container.id != host and container.name = express_server');
    assert.ok(parsed.ok);
    const checked = checkCondition(parsed.expr, syscallFieldCatalog);
    assert.ok(checked.ok);
    const rule = emitCondition(checked.checked, registry);

    const described: string[] = [];
    let matched = 0;
    let inCgroup = 0;
    try {
      for (let d = stream.next(); d !== null; d = stream.next()) {
        state.process(d.event);
        ev.begin(d.event, d.num, d.cpu).attachState();
        if (ev.info.name === 'container') described.push(`${id!(ev)}|${name!(ev)}|${image!(ev)}|${ip!(ev)}|${type!(ev)}`);
        if (!d.visible) continue;
        const t = state.threads.get(d.event.tid);
        const cgroupSaysSo = t !== undefined && t.cgroups.some(([, p]) => p.startsWith('/docker/ad64969c62e5'));
        if (cgroupSaysSo) inCgroup++;
        if (rule(ev)) {
          matched++;
          assert.ok(cgroupSaysSo, `event ${d.num} matched outside the container`);
        }
      }
    } finally {
      stream.close();
    }
    // The capture opens with a description of each of its two containers (one twice).
    assert.deepEqual(described, [
      '5ea733068030|falco|sysdig/falco:latest|172.17.0.3|docker',
      'ad64969c62e5|express_server|node:latest|172.17.0.2|docker',
      'ad64969c62e5|express_server|node:latest|172.17.0.2|docker',
    ]);
    assert.ok(inCgroup > 0);
    assert.equal(matched, inCgroup);
  });
});
