/**
 * The evt.type universe of the syscall source, used when the engine is not
 * given one: every name the event table, the generic-event system calls and
 * the async events can have, each with the number of event codes Falco
 * counts for it (enter and exit, every version) in its LOAD_NO_EVTTYPE
 * threshold. System calls carried by the generic events count those two
 * codes each (Falco counts the shared pair once; the difference only shows
 * for conditions naming dozens of such system calls).
 */
import { eventCodesForName, eventNames } from '../../events/event-table.js';
import type { EventTypeUniverse } from '../compile/evttypes.js';

let cached: EventTypeUniverse | undefined;

export function syscallEventUniverse(): EventTypeUniverse {
  if (cached) return cached;
  const names = eventNames('syscall');
  const codeCounts = new Map<string, number>();
  for (const n of names) codeCounts.set(n, Math.max(1, eventCodesForName(n).length));
  cached = { names, codeCounts };
  return cached;
}
