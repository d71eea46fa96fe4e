/**
 * Which container a process runs in, as Falco's container plugin decides
 * it: when a process is created or execs (or chroots) successfully, the
 * container id is recomputed from the thread's cgroups; engines whose match
 * fully describes the container (lxc, libvirt-lxc, bpm, static) also
 * (re)create its metadata entry. The thread's health-probe category is set
 * from the container's probes.
 */
import { EventCode } from '../../events/event-table.js';
import { ContainerType } from '../container-matchers.js';
import { HealthProbeType, matchHealthProbe, newContainerInfo, type ContainerInfo } from '../containers.js';
import { ThreadCategory, type ThreadInfo } from '../thread-info.js';
import type { ParsedEvent } from '../parsed-event.js';
import { resultOf, type ParserContext } from './context.js';

/** Events after which the plugin recomputes the container of the event's thread. */
export const NEW_PROCESS_EVENTS: ReadonlySet<number> = new Set([
  EventCode.SYSCALL_CLONE_20_X,
  EventCode.SYSCALL_FORK_20_X,
  EventCode.SYSCALL_VFORK_20_X,
  EventCode.SYSCALL_CLONE3_X,
  EventCode.SYSCALL_EXECVE_16_X,
  EventCode.SYSCALL_EXECVE_17_X,
  EventCode.SYSCALL_EXECVE_18_X,
  EventCode.SYSCALL_EXECVE_19_X,
  EventCode.SYSCALL_EXECVEAT_X,
  EventCode.SYSCALL_CHROOT_X,
]);

/** `registry/name:tag@digest` split as the plugin does for static containers. */
export function splitImage(image: string): { repo: string; tag: string; digest: string } {
  let rem = image;
  let repoPrefix = '';
  const slash = image.indexOf('/');
  if (slash >= 0) {
    repoPrefix = image.slice(0, slash) + '/';
    rem = image.slice(slash + 1);
  }
  let name = rem;
  let tag = '';
  let digest = '';
  const at = rem.indexOf('@');
  const base = at >= 0 ? rem.slice(0, at) : rem;
  if (at >= 0) digest = rem.slice(at + 1);
  const colon = base.indexOf(':');
  if (colon >= 0) {
    name = base.slice(0, colon);
    tag = base.slice(colon + 1);
  } else name = base;
  return { repo: repoPrefix + name, tag, digest };
}

/** The category of a process: container init, health probe (outside the init's tree), or inherited. */
function writeCategory(ctx: ParserContext, t: ThreadInfo, info: ContainerInfo): void {
  if (t.vpid === 1) {
    t.category = ThreadCategory.CONTAINER;
    return;
  }
  let ptid = t.ptid;
  const parent = ctx.threads.get(ptid);
  if (parent !== undefined && parent.category !== ThreadCategory.NONE) {
    t.category = parent.category;
    return;
  }
  const probe = matchHealthProbe(info, t.exe, t.args.filter((a) => a.length > 0));
  if (probe === HealthProbeType.NONE) return;
  // A probe run by the container's own init tree is an ordinary process.
  for (let steps = 0; steps <= ctx.threads.size; steps++) {
    const p = ctx.threads.get(ptid);
    if (p === undefined) break;
    if (p.vpid === 1 && p.containerId.length !== 0) return;
    ptid = p.ptid;
  }
  if (probe === HealthProbeType.HEALTHCHECK) t.category = ThreadCategory.HEALTHCHECK;
  else if (probe === HealthProbeType.LIVENESS_PROBE) t.category = ThreadCategory.LIVENESS_PROBE;
  else if (probe === HealthProbeType.READINESS_PROBE) t.category = ThreadCategory.READINESS_PROBE;
}

/** Recomputes a thread's container from its cgroups. */
export function assignContainer(ctx: ParserContext, t: ThreadInfo): void {
  const m = ctx.cgroups.matchThreadCgroups(t.cgroups);
  const id = m?.id ?? '';
  t.containerId = id;
  if (m !== undefined && m.type !== undefined) {
    const info = newContainerInfo(id, m.type);
    const st = ctx.cgroups.staticContainer;
    if (m.type === ContainerType.STATIC && st !== undefined) {
      info.name = st.name;
      info.image = st.image;
      const parts = splitImage(st.image);
      info.imageRepo = parts.repo;
      info.imageTag = parts.tag;
      info.imageDigest = parts.digest;
    }
    ctx.containers.set(info);
  }
  if (id.length !== 0) {
    const info = ctx.containers.get(id);
    if (info !== undefined) writeCategory(ctx, t, info);
  }
}

/** After a successful process-creating event, the container of the event's thread. */
export function updateContainerAfterEvent(ctx: ParserContext, ev: ParsedEvent): void {
  if (!NEW_PROCESS_EVENTS.has(ev.code) || resultOf(ev) < 0) return;
  const t = ctx.threads.get(ev.tid);
  if (t !== undefined) assignContainer(ctx, t);
}
