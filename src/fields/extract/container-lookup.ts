/**
 * Which container an event's container.* and k8s.* fields describe, as
 * Falco's container plugin (0.7.1, shipped with Falco 0.44.1) decides it:
 *  - a container event (old `container` events, container JSON events, the
 *    plugin's `container` / `container_removed` async events) describes the
 *    container it carries;
 *  - any other event describes the container of the thread with the
 *    event's tid, found by the container id the thread has ('' on the host,
 *    whose entry reads id/name `host`, type `host`). An event whose tid is
 *    not in the thread table has no container fields at all; a container id
 *    without metadata has only container.id and the start-time fields.
 */
import { EventCode } from '../../events/event-table.js';
import { decodeCString } from '../../events/param-decoder.js';
import type { ContainerInfo } from '../../state/containers.js';
import type { ThreadInfo } from '../../state/thread-info.js';
import type { SyscallEvent } from './syscall-event.js';

/** The plugin's container ids are cut to this length (k8s.pod.sandbox_id too). */
export const SHORT_ID_LENGTH = 12;

/** Async event names of the container plugin. */
const CONTAINER_ASYNC_NAMES: ReadonlySet<string> = new Set(['container', 'container_removed']);

export interface ContainerScope {
  /** The thread the container was found through (undefined for container events). */
  thread: ThreadInfo | undefined;
  /** The container id the event is in ('' on the host). */
  id: string;
  /** The container's metadata, if the plugin has it. */
  info: ContainerInfo | undefined;
}

function isContainerEvent(ev: SyscallEvent): boolean {
  switch (ev.code) {
    case EventCode.CONTAINER_E:
    case EventCode.CONTAINER_JSON_E:
    case EventCode.CONTAINER_JSON_2_E:
      return true;
    case EventCode.ASYNCEVENT_E: {
      const name = ev.event.rawParam(1);
      return name !== undefined && CONTAINER_ASYNC_NAMES.has(decodeCString(name));
    }
    default:
      return false;
  }
}

/** `containerScopeOf(ev)?.info` without building the scope (the common case, per field and event). */
export function containerInfoOf(ev: SyscallEvent): ContainerInfo | undefined {
  const state = ev.state;
  if (isContainerEvent(ev) && state.eventContainer !== undefined) return state.eventContainer;
  const thread = state.threads.get(ev.tid);
  return thread === undefined ? undefined : state.containers.get(thread.containerId);
}

/** container.id: the metadata's id when known, else the id the thread has; undefined without a scope. */
export function containerIdOf(ev: SyscallEvent): string | undefined {
  const state = ev.state;
  if (isContainerEvent(ev) && state.eventContainer !== undefined) return state.eventContainer.id;
  const thread = state.threads.get(ev.tid);
  if (thread === undefined) return undefined;
  const id = thread.containerId;
  return state.containers.get(id)?.id ?? id;
}

/** The container scope of an event, or undefined when the plugin would extract nothing. */
export function containerScopeOf(ev: SyscallEvent): ContainerScope | undefined {
  const state = ev.state;
  if (isContainerEvent(ev) && state.eventContainer !== undefined) {
    const info = state.eventContainer;
    return { thread: undefined, id: info.id, info };
  }
  const thread = state.threads.get(ev.tid);
  if (thread === undefined) return undefined;
  const id = thread.containerId;
  return { thread, id, info: state.containers.get(id) };
}

/**
 * Labels as the plugin lists them: sorted by key, `key:value` (just `key`
 * for an empty value), joined by `, `, leaving out annotations and the
 * `io.kubernetes.` labels.
 */
export function labelsText(labels: ReadonlyMap<string, string>): string {
  const keys = [...labels.keys()].filter((k) => !k.startsWith('annotation.') && !k.startsWith('io.kubernetes.'));
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((k) => {
    const v = labels.get(k)!;
    return v.length === 0 ? k : `${k}:${v}`;
  }).join(', ');
}
