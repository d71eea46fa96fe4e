/**
 * Extractors of the k8s.* fields Falco's container plugin (0.7.1) provides:
 * pod name, namespace and uid from the container's `io.kubernetes.*`
 * labels, the pod sandbox id, and the pod's labels, IP and CNI result —
 * the last three read from the pod sandbox's own container entry when the
 * container itself has no CNI result (the plugin's fallback; on the host
 * that entry is the host's, so they read ''). The deprecated
 * k8s.rc/svc/ns/rs/deployment fields are declared but never set.
 */
import type { ContainerInfo } from '../../state/containers.js';
import type { FieldValue } from '../value.js';
import type { ClassExtractorBuilder, SyscallExtractor } from './class-extractor.js';
import { containerInfoOf, labelsText, SHORT_ID_LENGTH } from './container-lookup.js';
import type { SyscallEvent } from './syscall-event.js';

function fromInfo(read: (info: ContainerInfo, ev: SyscallEvent) => FieldValue): SyscallExtractor {
  return (ev) => {
    const info = containerInfoOf(ev);
    return info === undefined ? undefined : read(info, ev);
  };
}

/** The pod sandbox's entry, consulted when the container has no CNI result of its own. */
function sandboxOf(ev: SyscallEvent, info: ContainerInfo): ContainerInfo | undefined {
  if (info.podSandboxCniResult.length !== 0) return undefined;
  return ev.state.containers.get(info.podSandboxId.slice(0, SHORT_ID_LENGTH));
}

export const k8sExtractor: ClassExtractorBuilder = (field) => {
  switch (field.info.name) {
    case 'k8s.pod.name': return fromInfo((c) => c.labels.get('io.kubernetes.pod.name'));
    case 'k8s.ns.name': return fromInfo((c) => c.labels.get('io.kubernetes.pod.namespace'));
    case 'k8s.pod.id':
    case 'k8s.pod.uid':
      return fromInfo((c) => c.labels.get('io.kubernetes.pod.uid'));
    case 'k8s.pod.sandbox_id': return fromInfo((c) => c.podSandboxId.slice(0, SHORT_ID_LENGTH));
    case 'k8s.pod.full_sandbox_id': return fromInfo((c) => c.podSandboxId);
    case 'k8s.pod.label': {
      const key = field.arg;
      if (key === undefined) return undefined;
      return fromInfo((c, ev) => sandboxOf(ev, c)?.podSandboxLabels.get(key) ?? c.podSandboxLabels.get(key));
    }
    case 'k8s.pod.labels': return fromInfo((c, ev) => labelsText((sandboxOf(ev, c) ?? c).podSandboxLabels));
    case 'k8s.pod.ip':
      return fromInfo((c, ev) => {
        if (c.podSandboxCniResult.length !== 0) return c.ip;
        return sandboxOf(ev, c)?.ip;
      });
    case 'k8s.pod.cni.json':
      return fromInfo((c, ev) => {
        if (c.podSandboxCniResult.length !== 0) return c.podSandboxCniResult;
        return sandboxOf(ev, c)?.podSandboxCniResult;
      });
    default:
      // k8s.rc.*, k8s.svc.*, k8s.ns.id/label(s), k8s.rs.*, k8s.deployment.*: deprecated, never set.
      return undefined;
  }
};
