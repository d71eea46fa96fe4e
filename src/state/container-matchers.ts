/**
 * Container id from a cgroup path, with the rules of Falco's container
 * plugin, engine by engine, tried in its order: podman, docker, cri
 * (containerd / cri-o), containerd (`ctr` namespaces), lxc, libvirt-lxc,
 * bpm — or a single static id when a static container is configured.
 *
 * runc-style engines look for `<prefix><64 hex digits><suffix>` at the end
 * of the path and report the first 12 digits; containerd's own layout also
 * accepts shorter ids. The 64-digit check reproduces the plugin exactly,
 * including that it looks for the first non-hex character from the id's
 * start to the end of the whole path and compares that position with 64.
 */

/** Container runtimes (the plugin's container_type numbers). */
export const ContainerType = {
  DOCKER: 0,
  LXC: 1,
  LIBVIRT_LXC: 2,
  MESOS: 3,
  RKT: 4,
  CUSTOM: 5,
  CRI: 6,
  CONTAINERD: 7,
  CRIO: 8,
  BPM: 9,
  STATIC: 10,
  PODMAN: 11,
  HOST: 0xfffe,
  UNKNOWN: 0xffff,
} as const;
export type ContainerType = (typeof ContainerType)[keyof typeof ContainerType];

const TYPE_NAMES: { readonly [t: number]: string } = {
  [ContainerType.DOCKER]: 'docker',
  [ContainerType.LXC]: 'lxc',
  [ContainerType.LIBVIRT_LXC]: 'libvirt-lxc',
  [ContainerType.MESOS]: 'mesos',
  [ContainerType.CRI]: 'cri',
  [ContainerType.CONTAINERD]: 'containerd',
  [ContainerType.CRIO]: 'cri-o',
  [ContainerType.RKT]: 'rkt',
  [ContainerType.BPM]: 'bpm',
  [ContainerType.PODMAN]: 'podman',
  [ContainerType.HOST]: 'host',
};

/** `container.type` text of a type ('' for types without a name, like the plugin). */
export function containerTypeName(t: number): string {
  return TYPE_NAMES[t] ?? '';
}

/** Engines that can recognize a cgroup path. */
export type CgroupEngine = 'podman' | 'docker' | 'cri' | 'containerd' | 'lxc' | 'libvirt-lxc' | 'bpm' | 'static';

export interface CgroupMatch {
  /** Container id as `container.id` shows it. */
  id: string;
  /** Which engine's rule matched. */
  engine: CgroupEngine;
  /**
   * The runtime type when the match alone tells it (lxc, libvirt-lxc, bpm,
   * static); runc-style engines learn it from metadata (container events).
   */
  type: ContainerType | undefined;
}

const FULL_ID_LENGTH = 64;
const SHORT_ID_LENGTH = 12;

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function firstNonHexFrom(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (!isHexCode(s.charCodeAt(i))) return i;
  return Number.POSITIVE_INFINITY;
}

/** Checks whether the path ends with `<prefix><id><suffix>`; returns the reported id. */
export function matchContainerIdLayout(cgroup: string, prefix: string, suffix: string, containerdRules = false): string | undefined {
  let start = cgroup.lastIndexOf(prefix);
  if (start < 0) return undefined;
  start += prefix.length;
  let end: number;
  if (suffix.length === 0) end = cgroup.length;
  else {
    end = cgroup.lastIndexOf(suffix);
    if (end < 0) return undefined;
  }
  const len = end - start; // negative lengths behave as huge ones (unsigned in the plugin)
  if (len === FULL_ID_LENGTH && firstNonHexFrom(cgroup, start) >= FULL_ID_LENGTH) {
    return cgroup.substr(start, SHORT_ID_LENGTH);
  }
  if (len < 0 || len > FULL_ID_LENGTH || len === 0) return undefined;
  if (containerdRules && !cgroup.endsWith('.service') && !cgroup.endsWith('.slice') && !cgroup.endsWith('.scope')) {
    return cgroup.substr(start, Math.min(len, SHORT_ID_LENGTH));
  }
  return undefined;
}

function matchLayouts(cgroup: string, layouts: readonly (readonly [string, string])[], containerdRules = false): string | undefined {
  for (const [prefix, suffix] of layouts) {
    const id = matchContainerIdLayout(cgroup, prefix, suffix, containerdRules);
    if (id !== undefined) return id;
  }
  return undefined;
}

const PODMAN_LAYOUTS: readonly (readonly [string, string])[] = [
  ['/libpod-', '.scope'],
  ['/libpod-', '.scope/container'],
  ['/libpod-', ''],
  ['/libpod-payload-', '.scope'],
  ['/libpod-payload-', '.scope/container'],
  ['/libpod-payload-', ''],
];

const DOCKER_LAYOUTS: readonly (readonly [string, string])[] = [
  ['/', ''],
  ['/docker-', '.scope'],
];

const CRI_LAYOUTS: readonly (readonly [string, string])[] = [
  ['/', ''],
  ['/crio-', ''],
  ['/cri-containerd-', '.scope'],
  ['/crio-', '.scope'],
  [':cri-containerd:', ''],
  ['/docker-', '.scope'],
  ['/nerdctl-', '.scope'],
];

// The first `/<namespace>/` of a `ctr`-created cgroup path.
const CONTAINERD_NAMESPACE = /\/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*\//;

function matchContainerd(cgroup: string): string | undefined {
  const m = CONTAINERD_NAMESPACE.exec(cgroup);
  if (m === null) return undefined;
  return matchContainerIdLayout(cgroup, m[0], '', true);
}

const LXC_LAYOUTS = ['/lxc/', '/lxc.payload/', '/lxc.payload.'];

function matchLxc(cgroup: string): string | undefined {
  for (const layout of LXC_LAYOUTS) {
    const pos = cgroup.indexOf(layout);
    if (pos >= 0) {
      const start = pos + layout.length;
      const end = cgroup.indexOf('/', start);
      return end < 0 ? cgroup.slice(start) : cgroup.slice(start, end);
    }
  }
  return undefined;
}

function matchLibvirtLxc(cgroup: string): string | undefined {
  // Non-systemd: .../<id>.libvirt-lxc
  let pos = cgroup.indexOf('.libvirt-lxc');
  if (pos >= 0 && pos === cgroup.length - '.libvirt-lxc'.length) {
    const slash = cgroup.lastIndexOf('/');
    if (slash >= 0) return cgroup.slice(slash + 1, pos);
  }
  // systemd: machine-lxc\x2d<id>.scope (optionally followed by /libvirt)
  const marker = '-lxc\\x2';
  pos = cgroup.indexOf(marker);
  if (pos >= 0) {
    const delimiter = cgroup.includes('.scope/libvirt') ? '.scope/libvirt' : '.scope';
    const pos2 = cgroup.indexOf(delimiter);
    if (pos2 >= 0 && pos2 === cgroup.length - delimiter.length) {
      // The id starts after the marker and the `d` that completes `\x2d`.
      const start = pos + marker.length + 1;
      // A negative length wraps around to "the rest" in the plugin.
      return pos2 >= start ? cgroup.slice(start, pos2) : cgroup.slice(start);
    }
  }
  // Legacy: /libvirt/lxc/<id>
  pos = cgroup.indexOf('/libvirt/lxc/');
  if (pos >= 0) return cgroup.slice(pos + '/libvirt/lxc/'.length);
  return undefined;
}

const BPM_ID = /^[A-Za-z0-9._-]+$/;

function matchBpm(cgroup: string): string | undefined {
  const pos = cgroup.indexOf('bpm-');
  if (pos < 0) return undefined;
  const start = pos + 4;
  const end = cgroup.indexOf('.scope', start);
  const id = end < 0 ? cgroup.slice(start) : cgroup.slice(start, end);
  return BPM_ID.test(id) ? id : undefined;
}

/** Which engines are enabled (all by default, like the plugin) and an optional static container. */
export interface ContainerEngineConfig {
  podman?: boolean;
  docker?: boolean;
  cri?: boolean;
  containerd?: boolean;
  lxc?: boolean;
  libvirtLxc?: boolean;
  bpm?: boolean;
  /** When set, every process with a cgroup belongs to this container, and no other engine runs. */
  staticContainer?: { id: string; name: string; image: string };
}

const CACHE_LIMIT = 4096;

/** Resolves cgroup paths to container ids, remembering recent answers. */
export class CgroupMatcher {
  private readonly cache = new Map<string, CgroupMatch | null>();
  private lastList: readonly (readonly [string, string])[] | undefined = undefined;
  private lastMatch: CgroupMatch | undefined = undefined;

  constructor(private readonly config: ContainerEngineConfig = {}) {}

  get staticContainer(): ContainerEngineConfig['staticContainer'] {
    return this.config.staticContainer;
  }

  /** The container a cgroup path belongs to, or undefined for a host path. */
  match(cgroup: string): CgroupMatch | undefined {
    const cached = this.cache.get(cgroup);
    if (cached !== undefined) return cached ?? undefined;
    const m = this.compute(cgroup);
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(cgroup, m ?? null);
    return m;
  }

  private compute(cgroup: string): CgroupMatch | undefined {
    const c = this.config;
    if (c.staticContainer !== undefined) return { id: c.staticContainer.id, engine: 'static', type: ContainerType.STATIC };
    let id: string | undefined;
    if (c.podman !== false && (id = matchLayouts(cgroup, PODMAN_LAYOUTS)) !== undefined) return { id, engine: 'podman', type: undefined };
    if (c.docker !== false && (id = matchLayouts(cgroup, DOCKER_LAYOUTS)) !== undefined) return { id, engine: 'docker', type: undefined };
    if (c.cri !== false && (id = matchLayouts(cgroup, CRI_LAYOUTS)) !== undefined) return { id, engine: 'cri', type: undefined };
    if (c.containerd !== false && (id = matchContainerd(cgroup)) !== undefined) return { id, engine: 'containerd', type: undefined };
    if (c.lxc !== false && (id = matchLxc(cgroup)) !== undefined) return { id, engine: 'lxc', type: ContainerType.LXC };
    if (c.libvirtLxc !== false && (id = matchLibvirtLxc(cgroup)) !== undefined) {
      return { id, engine: 'libvirt-lxc', type: ContainerType.LIBVIRT_LXC };
    }
    if (c.bpm !== false && (id = matchBpm(cgroup)) !== undefined) return { id, engine: 'bpm', type: ContainerType.BPM };
    return undefined;
  }

  /**
   * The container of a thread from its (subsystem, path) cgroups: the first
   * non-empty path that matches; undefined when none does (host).
   */
  matchThreadCgroups(cgroups: readonly (readonly [string, string])[]): CgroupMatch | undefined {
    // Threads share parsed cgroup lists (ThreadInfo.setCgroupsBytes): the same list gives the same answer.
    if (cgroups === this.lastList) return this.lastMatch;
    let found: CgroupMatch | undefined;
    for (const [, path] of cgroups) {
      if (path.length === 0) continue;
      const m = this.match(path);
      if (m !== undefined && m.id.length !== 0) {
        found = m;
        break;
      }
    }
    this.lastList = cgroups;
    this.lastMatch = found;
    return found;
  }
}
