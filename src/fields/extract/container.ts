/**
 * Extractors of the container.* fields (and the deprecated
 * proc.is_container_* ones) that Falco gets from its container plugin
 * (0.7.1 with Falco 0.44.1), built in: values come from the container
 * metadata the state keeps (capture container events, cgroup matches),
 * for the container chosen as ./container-lookup.ts describes.
 *
 * Texts the plugin sets are values even when empty (a host process has
 * container.image ''); fields the plugin leaves unset (unknown mount,
 * missing label, deprecated fields, metadata not known) have no value.
 */
import { containerTypeName } from '../../state/container-matchers.js';
import { mountText, type ContainerInfo, type ContainerMount } from '../../state/containers.js';
import type { ResolvedField } from '../types.js';
import type { FieldValue } from '../value.js';
import type { ClassExtractorBuilder, SyscallExtractor } from './class-extractor.js';
import { containerIdOf, containerInfoOf, containerScopeOf, labelsText, type ContainerScope } from './container-lookup.js';
import type { SyscallEvent } from './syscall-event.js';

/** A field read from the container's metadata (no value without metadata). */
function fromInfo(read: (info: ContainerInfo, ev: SyscallEvent) => FieldValue): SyscallExtractor {
  return (ev) => {
    const info = containerInfoOf(ev);
    return info === undefined ? undefined : read(info, ev);
  };
}

/**
 * The plugin picks a mount by index, or by a pattern (a regular expression
 * searched anywhere in the text) matched against the mount's source — or
 * its destination for container.mount.source.
 */
function mountPicker(field: ResolvedField): ((info: ContainerInfo) => ContainerMount | undefined) | undefined {
  const index = field.argNumber;
  if (index !== undefined) {
    const i = Number(index);
    return (info) => info.mounts[i];
  }
  const key = field.arg;
  if (key === undefined) return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(key, 'm');
  } catch {
    // A pattern the matcher cannot compile selects nothing.
    return () => undefined;
  }
  const byDest = field.info.name === 'container.mount.source';
  return (info) => info.mounts.find((m) => pattern.test(byDest ? m.dest : m.source));
}

function mountField(field: ResolvedField, read: (m: ContainerMount) => string): SyscallExtractor | undefined {
  const pick = mountPicker(field);
  if (pick === undefined) return undefined;
  return fromInfo((info) => {
    const m = pick(info);
    return m === undefined ? undefined : read(m);
  });
}

/** Start of the container: the start of the thread's PID namespace (0: unknown, no value). */
function startTs(scope: ContainerScope | undefined): bigint | undefined {
  const ts = scope?.thread?.pidnsInitStartTs ?? 0n;
  return ts === 0n ? undefined : ts;
}

export const containerExtractor: ClassExtractorBuilder = (field) => {
  switch (field.info.name) {
    case 'container.id':
      return containerIdOf;
    case 'container.full_id': return fromInfo((c) => c.fullId);
    case 'container.name': return fromInfo((c) => c.name);
    case 'container.image': return fromInfo((c) => c.image);
    case 'container.image.id': return fromInfo((c) => c.imageId);
    case 'container.type': return fromInfo((c) => containerTypeName(c.type));
    case 'container.privileged': return fromInfo((c) => c.privileged);
    case 'container.mounts': return fromInfo((c) => c.mounts.map(mountText).join(','));
    case 'container.mount': return mountField(field, mountText);
    case 'container.mount.source': return mountField(field, (m) => m.source);
    case 'container.mount.dest': return mountField(field, (m) => m.dest);
    case 'container.mount.mode': return mountField(field, (m) => m.mode);
    case 'container.mount.rdwr': return mountField(field, (m) => (m.rdwr ? 'true' : 'false'));
    case 'container.mount.propagation': return mountField(field, (m) => m.propagation);
    case 'container.image.repository': return fromInfo((c) => c.imageRepo);
    case 'container.image.tag': return fromInfo((c) => c.imageTag);
    case 'container.image.digest': return fromInfo((c) => c.imageDigest);
    case 'container.start_ts': return (ev) => startTs(containerScopeOf(ev));
    case 'container.duration':
      return (ev) => {
        const start = startTs(containerScopeOf(ev));
        return start === undefined ? undefined : BigInt.asUintN(64, ev.ts - start);
      };
    case 'container.ip': return fromInfo((c) => c.ip);
    case 'container.cni.json': return fromInfo((c) => c.podSandboxCniResult);
    case 'container.host_pid': return fromInfo((c) => c.hostPid);
    case 'container.host_network': return fromInfo((c) => c.hostNetwork);
    case 'container.host_ipc': return fromInfo((c) => c.hostIpc);
    case 'container.label': {
      const key = field.arg;
      if (key === undefined) return undefined;
      return fromInfo((c) => c.labels.get(key));
    }
    case 'container.labels': return fromInfo((c) => labelsText(c.labels));
    // Deprecated by the plugin: declared, never set.
    case 'container.healthcheck':
    case 'container.liveness_probe':
    case 'container.readiness_probe':
    case 'proc.is_container_healthcheck':
    case 'proc.is_container_liveness_probe':
    case 'proc.is_container_readiness_probe':
      return undefined;
    default:
      return undefined;
  }
};
