/**
 * Credential changes: setuid/setreuid/setresuid set the thread's uid to the
 * effective uid, setgid/setregid/setresgid its gid (on success), and the
 * new id is recorded in the user table of the thread's container.
 */
import { EventCode } from '../../events/event-table.js';
import { isEmptyParam, numParamOr, type ParsedEvent } from '../parsed-event.js';
import { resultOf, type ParserContext } from './context.js';

/** Position of the effective id in each event. */
const EFFECTIVE_ID_PARAM: ReadonlyMap<number, number> = new Map([
  [EventCode.SYSCALL_SETUID_X, 1],
  [EventCode.SYSCALL_SETREUID_X, 2],
  [EventCode.SYSCALL_SETRESUID_X, 2],
  [EventCode.SYSCALL_SETGID_X, 1],
  [EventCode.SYSCALL_SETREGID_X, 2],
  [EventCode.SYSCALL_SETRESGID_X, 2],
]);

const SETS_USER: ReadonlySet<number> = new Set([EventCode.SYSCALL_SETUID_X, EventCode.SYSCALL_SETREUID_X, EventCode.SYSCALL_SETRESUID_X]);

export function parseSetIdExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) !== 0) return;
  const idx = EFFECTIVE_ID_PARAM.get(ev.code);
  if (idx === undefined || isEmptyParam(ev, idx)) return;
  const t = ctx.thread;
  if (t === undefined) return;
  const id = numParamOr(ev, idx, 0) >>> 0;
  if (SETS_USER.has(ev.code)) {
    t.uid = id;
    ctx.users.addUser(t.containerId, t.pid, t.uid, t.gid);
  } else {
    t.gid = id;
    ctx.users.addGroup(t.containerId, t.pid, t.gid);
  }
}
