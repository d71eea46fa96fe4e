/**
 * Meta events carried in captures: users and groups added/removed (per
 * container), and container descriptions — the old `container` event (id,
 * type, name, image), `container` JSON events, and the container plugin's
 * async events (`container` / `container_removed` with a JSON payload).
 */
import { EventCode } from '../../events/event-table.js';
import { containerFromJson } from '../containers.js';
import { isEmptyParam, numParamOr, strParam, type ParsedEvent } from '../parsed-event.js';
import { cstringAt } from '../socket-text.js';
import type { ParserContext } from './context.js';

export function parseUserEvent(ctx: ParserContext, ev: ParsedEvent): void {
  const uid = numParamOr(ev, 0, 0) >>> 0;
  const containerId = strParam(ev, 5);
  if (ev.code === EventCode.USER_ADDED_E) {
    ctx.users.addUser(containerId, -1, uid, numParamOr(ev, 1, 0) >>> 0, strParam(ev, 2), strParam(ev, 3), strParam(ev, 4));
  } else {
    ctx.users.removeUser(containerId, uid);
  }
}

export function parseGroupEvent(ctx: ParserContext, ev: ParsedEvent): void {
  const gid = numParamOr(ev, 0, 0) >>> 0;
  const containerId = strParam(ev, 2);
  if (ev.code === EventCode.GROUP_ADDED_E) ctx.users.addGroup(containerId, -1, gid, strParam(ev, 1));
  else ctx.users.removeGroup(containerId, gid);
}

/** Async event names of the container plugin. */
export const CONTAINER_ADDED_EVENT = 'container';
export const CONTAINER_REMOVED_EVENT = 'container_removed';

/** Container events of any generation; malformed JSON is ignored. */
export function parseContainerEvent(ctx: ParserContext, ev: ParsedEvent): void {
  try {
    switch (ev.code) {
      case EventCode.CONTAINER_E:
        ctx.eventContainer = ctx.containers.addFromFields(strParam(ev, 0), numParamOr(ev, 1, 0) >>> 0, strParam(ev, 2), strParam(ev, 3));
        return;
      case EventCode.CONTAINER_JSON_E:
        ctx.eventContainer = ctx.containers.addFromJson(strParam(ev, 0));
        return;
      case EventCode.CONTAINER_JSON_2_E:
        if (isEmptyParam(ev, 0)) return;
        ctx.eventContainer = ctx.containers.addFromJson(strParam(ev, 0));
        return;
      case EventCode.ASYNCEVENT_E: {
        const name = strParam(ev, 1);
        if (name !== CONTAINER_ADDED_EVENT && name !== CONTAINER_REMOVED_EVENT) return;
        const data = ev.rawParam(2);
        if (data === undefined || data.length === 0) return;
        const info = containerFromJson(cstringAt(data, 0));
        if (name === CONTAINER_ADDED_EVENT) ctx.containers.set(info);
        else ctx.containers.delete(info.id);
        ctx.eventContainer = info;
        return;
      }
      default:
        return;
    }
  } catch {
    // A container description that is not JSON carries nothing usable.
  }
}
