/**
 * The events of a shared capture as the replay pipeline hands them to the
 * rules (state updated, only visible events), for the capture-on-alert
 * tests; and the events of a written capture file read back.
 */
import { join } from 'node:path';
import { CaptureEventStream } from '../../src/events/capture-stream.js';
import type { CaptureHeader } from '../../src/events/scap-records.js';
import { eventTypeOf } from '../../src/fields/extract/evt.js';
import { SyscallEvent } from '../../src/fields/extract/syscall-event.js';
import { StateEngine } from '../../src/state/system-state.js';
import { REFERENCE } from '../reference.js';

export const CAT_WRITE = join(REFERENCE, 'traces', 'cat_write.scap');

/** Visible events of a capture, one SyscallEvent reused (valid until the next one). */
export function* replayEvents(path: string): Generator<SyscallEvent> {
  const state = new StateEngine({ mode: 'replay' });
  const stream = new CaptureEventStream(path, (t) => state.seed(t));
  try {
    state.seed(stream.header);
    const ev = new SyscallEvent(state, { source: 'syscall', hostname: 'test', bufferFormatBase64: false, firstEventTs: 0n });
    for (;;) {
      const d = stream.next();
      if (d === null) return;
      state.process(d.event);
      if (!d.visible) continue;
      yield ev.begin(d.event, d.num, d.cpu).attachState();
    }
  } finally {
    stream.close();
  }
}

export interface ReadBack {
  header: CaptureHeader;
  /** Visible events: time, type name, thread name, fd name. */
  events: Array<{ ts: bigint; type: string; comm: string; fd: string }>;
}

/** What falconet's replay reads from a written file. */
export function readBack(path: string): ReadBack {
  const stream = new CaptureEventStream(path);
  const header = stream.header;
  stream.close();
  const events: ReadBack['events'] = [];
  for (const ev of replayEvents(path)) events.push({ ts: ev.ts, type: eventTypeOf(ev), comm: ev.thread?.comm ?? '', fd: ev.fd?.name ?? '' });
  return { header, events };
}

/** Whether the event is an `open` by `cat` (what single_rule.yaml alerts on). */
export function isCatOpen(ev: SyscallEvent): boolean {
  return eventTypeOf(ev) === 'open' && ev.thread?.comm === 'cat';
}
