/**
 * Container metadata, keyed by container id: what `container.*` fields show.
 * Entries come from the capture's container events (old `container` events
 * with id/type/name/image, `container` JSON events, and the container
 * plugin's async events), and from cgroup matches of engines whose match
 * alone describes the container (lxc, libvirt-lxc, bpm, static). The host
 * is the entry of id '' (shown as id/name `host`, type `host`).
 *
 * Which container a thread belongs to lives on the thread (`containerId`),
 * computed from its cgroups by CgroupMatcher when it is created or execs.
 */
import { ContainerType } from './container-matchers.js';

export interface ContainerMount {
  source: string;
  dest: string;
  mode: string;
  rdwr: boolean;
  propagation: string;
}

export interface ContainerPortMapping {
  hostIp: number;
  hostPort: number;
  containerPort: number;
}

export const HealthProbeType = { NONE: 0, HEALTHCHECK: 1, LIVENESS_PROBE: 2, READINESS_PROBE: 3 } as const;
export type HealthProbeType = (typeof HealthProbeType)[keyof typeof HealthProbeType];
/** JSON keys of the probe types, in HealthProbeType order. */
export const HEALTH_PROBE_KEYS = ['None', 'Healthcheck', 'LivenessProbe', 'ReadinessProbe'] as const;

export interface HealthProbe {
  type: HealthProbeType;
  exe: string;
  args: string[];
}

export interface ContainerInfo {
  id: string;
  fullId: string;
  type: ContainerType | number;
  name: string;
  image: string;
  imageId: string;
  imageRepo: string;
  imageTag: string;
  imageDigest: string;
  /** The container's configured user (`User`). */
  user: string;
  ip: string;
  privileged: boolean;
  hostPid: boolean;
  hostNetwork: boolean;
  hostIpc: boolean;
  mounts: ContainerMount[];
  portMappings: ContainerPortMapping[];
  labels: Map<string, string>;
  env: string[];
  memoryLimit: number;
  swapLimit: number;
  cpuShares: number;
  cpuQuota: number;
  cpuPeriod: number;
  cpusetCpuCount: number;
  healthProbes: HealthProbe[];
  podSandboxId: string;
  podSandboxLabels: Map<string, string>;
  podSandboxCniResult: string;
  isPodSandbox: boolean;
  createdTime: number;
  sizeRwBytes: number;
}

export function newContainerInfo(id: string, type: number = ContainerType.UNKNOWN): ContainerInfo {
  return {
    id,
    fullId: '',
    type,
    name: '',
    image: '',
    imageId: '',
    imageRepo: '',
    imageTag: '',
    imageDigest: '',
    user: '',
    ip: '',
    privileged: false,
    hostPid: false,
    hostNetwork: false,
    hostIpc: false,
    mounts: [],
    portMappings: [],
    labels: new Map(),
    env: [],
    memoryLimit: 0,
    swapLimit: 0,
    cpuShares: 1024,
    cpuQuota: 0,
    cpuPeriod: 100000,
    cpusetCpuCount: 0,
    healthProbes: [],
    podSandboxId: '',
    podSandboxLabels: new Map(),
    podSandboxCniResult: '',
    isPodSandbox: false,
    createdTime: 0,
    sizeRwBytes: -1,
  };
}

/** The pseudo-container of host processes. */
export function hostContainerInfo(): ContainerInfo {
  const c = newContainerInfo('host', ContainerType.HOST);
  c.fullId = 'host';
  c.name = 'host';
  return c;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function str(o: { [k: string]: Json }, k: string): string {
  const v = o[k];
  return typeof v === 'string' ? v : '';
}
function num(o: { [k: string]: Json }, k: string, dflt: number): number {
  const v = o[k];
  return typeof v === 'number' ? v : dflt;
}
function bool(o: { [k: string]: Json }, k: string): boolean {
  const v = o[k];
  return typeof v === 'boolean' ? v : false;
}
function obj(v: Json | undefined): { [k: string]: Json } | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}
function strArray(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function strMap(v: Json | undefined): Map<string, string> {
  const m = new Map<string, string>();
  const o = obj(v);
  if (o) for (const [k, x] of Object.entries(o)) if (typeof x === 'string') m.set(k, x);
  return m;
}

/**
 * Parses a container JSON document (`{"container": {...}}`, the payload of
 * container events). Throws on text that is not JSON; missing keys take the
 * plugin's defaults.
 */
export function containerFromJson(text: string): ContainerInfo {
  const root = obj(JSON.parse(text) as Json) ?? {};
  const c = obj(root['container']) ?? {};
  const info = newContainerInfo(str(c, 'id'), num(c, 'type', ContainerType.UNKNOWN));
  info.name = str(c, 'name');
  info.image = str(c, 'image');
  info.imageDigest = str(c, 'imagedigest');
  info.imageId = str(c, 'imageid');
  info.imageRepo = str(c, 'imagerepo');
  info.imageTag = str(c, 'imagetag');
  info.user = str(c, 'User');
  info.podSandboxCniResult = str(c, 'cni_json');
  info.cpuPeriod = num(c, 'cpu_period', 0);
  info.cpuQuota = num(c, 'cpu_quota', 0);
  info.cpuShares = num(c, 'cpu_shares', 0);
  info.cpusetCpuCount = num(c, 'cpuset_cpu_count', 0);
  info.createdTime = num(c, 'created_time', 0);
  info.sizeRwBytes = num(c, 'size', -1);
  info.env = strArray(c['env']);
  info.fullId = str(c, 'full_id');
  info.hostIpc = bool(c, 'host_ipc');
  info.hostNetwork = bool(c, 'host_network');
  info.hostPid = bool(c, 'host_pid');
  info.ip = str(c, 'ip');
  info.isPodSandbox = bool(c, 'is_pod_sandbox');
  info.labels = strMap(c['labels']);
  info.memoryLimit = num(c, 'memory_limit', 0);
  info.swapLimit = num(c, 'swap_limit', 0);
  info.podSandboxId = str(c, 'pod_sandbox_id');
  info.privileged = bool(c, 'privileged');
  info.podSandboxLabels = strMap(c['pod_sandbox_labels']);
  const ports = c['port_mappings'];
  if (Array.isArray(ports)) {
    for (const p of ports) {
      const o = obj(p);
      if (o) info.portMappings.push({ hostIp: num(o, 'HostIp', 0), hostPort: num(o, 'HostPort', 0), containerPort: num(o, 'ContainerPort', 0) });
    }
  }
  const mounts = c['Mounts'];
  if (Array.isArray(mounts)) {
    for (const m of mounts) {
      const o = obj(m);
      if (o) {
        info.mounts.push({
          source: str(o, 'Source'),
          dest: str(o, 'Destination'),
          mode: str(o, 'Mode'),
          rdwr: bool(o, 'RW'),
          propagation: str(o, 'Propagation'),
        });
      }
    }
  }
  for (let t = HealthProbeType.HEALTHCHECK; t <= HealthProbeType.READINESS_PROBE; t++) {
    const key = HEALTH_PROBE_KEYS[t]!;
    if (key in c) {
      const p = obj(c[key]) ?? {};
      info.healthProbes.push({ type: t as HealthProbeType, exe: str(p, 'exe'), args: strArray(p['args']) });
    }
  }
  return info;
}

/** The probe type whose command is exactly this exe and args, else NONE. */
export function matchHealthProbe(info: ContainerInfo, exe: string, args: readonly string[]): HealthProbeType {
  for (const p of info.healthProbes) {
    if (p.exe === exe && p.args.length === args.length && p.args.every((a, i) => a === args[i])) return p.type;
  }
  return HealthProbeType.NONE;
}

/** `source:dest:mode:rdwr:propagation`, the form `container.mounts` lists. */
export function mountText(m: ContainerMount): string {
  return `${m.source}:${m.dest}:${m.mode}:${m.rdwr ? 'true' : 'false'}:${m.propagation}`;
}

export class ContainerTable {
  private readonly byId = new Map<string, ContainerInfo>();

  constructor() {
    this.byId.set('', hostContainerInfo());
  }

  /** Known containers, the host entry ('') included. */
  get size(): number {
    return this.byId.size;
  }

  /** The container of a thread's container id ('' gives the host entry). */
  get(id: string): ContainerInfo | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  set(info: ContainerInfo): void {
    this.byId.set(info.id, info);
  }

  delete(id: string): boolean {
    if (id === '') return false;
    return this.byId.delete(id);
  }

  values(): IterableIterator<ContainerInfo> {
    return this.byId.values();
  }

  /** An old-style `container` event (id, type number, name, image). */
  addFromFields(id: string, type: number, name: string, image: string): ContainerInfo {
    const info = newContainerInfo(id, type);
    info.name = name;
    info.image = image;
    this.set(info);
    return info;
  }

  /** A container JSON document; returns the stored entry. */
  addFromJson(text: string): ContainerInfo {
    const info = containerFromJson(text);
    this.set(info);
    return info;
  }
}
