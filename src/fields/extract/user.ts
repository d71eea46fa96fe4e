/**
 * Extractors of the `user` class: the user the event's thread runs as and
 * its audit login user, looked up by id in the account table (see
 * accountTableOf), with Falco 0.44.1's fallbacks:
 * uid 0 is `root` (home `/root`) even when no user table names it, other
 * unknown users are `<NA>`, an unset loginuid reads as -1.
 *
 * On a container event, `user.name` is the container's configured user
 * when it has one (the container plugin's `user` column).
 */
import { decodeCString } from '../../events/param-decoder.js';
import { EVENT_TABLE, EventCode } from '../../events/event-table.js';
import { NO_ID } from '../../state/ppm-flags.js';
import type { ThreadInfo } from '../../state/thread-info.js';
import type { UserInfo } from '../../state/users.js';
import type { ResolvedField } from '../types.js';
import type { FieldValue } from '../value.js';
import type { ClassExtractorBuilder, SyscallExtractor } from './class-extractor.js';
import { printableText } from './process-printable.js';
import type { SyscallEvent } from './syscall-event.js';

const NA = '<NA>';

/** The container plugin names its async events like the old container event. */
const CONTAINER_EVENT_NAME = EVENT_TABLE[EventCode.CONTAINER_JSON_2_E]?.name ?? 'container';

function isContainerEvent(ev: SyscallEvent): boolean {
  if (ev.code === EventCode.CONTAINER_JSON_2_E) return true;
  if (ev.code !== EventCode.ASYNCEVENT_E) return false;
  const name = ev.event.rawParam(1);
  return name !== undefined && decodeCString(name) === CONTAINER_EVENT_NAME;
}

/** The configured user of the thread's container ('' for the host or an unknown container). */
function containerUser(ev: SyscallEvent, t: ThreadInfo): string {
  const id = accountTableOf(t);
  if (id === '') return '';
  return ev.state.containers.get(id)?.user ?? '';
}

/**
 * Which account table (container id, '' for the host) a thread's ids are
 * looked up in. libsinsp's core learns a thread's container only from the
 * container plugin; with Falco's default configuration (`load_plugins: []`,
 * how the reference outputs were recorded) it has none, so every lookup
 * goes to the host's table, even for threads the state places in a
 * container.
 */
export function accountTableOf(_t: ThreadInfo): string {
  return '';
}

function userOf(ev: SyscallEvent, t: ThreadInfo, uid: number): UserInfo | undefined {
  return ev.state.users.getUser(accountTableOf(t), uid);
}

function ofThread(read: (t: ThreadInfo, ev: SyscallEvent) => FieldValue): SyscallExtractor {
  return (ev) => {
    const t = ev.thread;
    return t === undefined ? undefined : read(t, ev);
  };
}

function build(field: ResolvedField): SyscallExtractor | undefined {
  switch (field.info.name) {
    case 'user.uid': return ofThread((t) => t.uid);
    case 'user.name':
      return ofThread((t, ev) => {
        if (isContainerEvent(ev)) {
          const configured = containerUser(ev, t);
          if (configured !== '') return configured;
        }
        return userOf(ev, t, t.uid)?.name ?? (t.uid === 0 ? 'root' : NA);
      });
    case 'user.homedir': return ofThread((t, ev) => userOf(ev, t, t.uid)?.home ?? (t.uid === 0 ? '/root' : NA));
    case 'user.shell': return ofThread((t, ev) => userOf(ev, t, t.uid)?.shell ?? NA);
    case 'user.loginuid': return ofThread((t) => (t.loginuid < NO_ID ? t.loginuid : -1));
    case 'user.loginname':
      return ofThread((t, ev) => userOf(ev, t, t.loginuid)?.name ?? (t.loginuid === 0 ? 'root' : NA));
    default:
      return undefined;
  }
}

export const userExtractor: ClassExtractorBuilder = (field) => printableText(field, build(field));
