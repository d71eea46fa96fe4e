/**
 * What happens to one batch of live events: each event, in time order,
 * goes through the state engine, then the rules; alerts are written once
 * the batch is done. Kept apart from the probe so that the same code runs
 * on batches that come from elsewhere (bench/live-pipeline.ts replays a
 * recording as batches).
 */
import { SyscallEvent, type RunInfo } from '../fields/extract/syscall-event.js';
import type { StateEngine } from '../state/system-state.js';
import { ViewEvent } from '../state/view-event.js';
import { LiveBatchReader } from './live-batch.js';

export interface LivePipelineSinks {
  /** Matches the current event against the rules and queues its alerts. */
  evaluate(ev: SyscallEvent): void;
  /** Writes the queued alerts (once per batch). */
  flush(): void;
}

export class LivePipeline {
  private readonly batches = new LiveBatchReader();
  private readonly view = new ViewEvent();
  private readonly ev: SyscallEvent;
  /** Events processed so far (Falco's event numbers start at 1). */
  processed = 0;

  constructor(
    private readonly state: StateEngine,
    private readonly run: RunInfo,
    private readonly sinks: LivePipelineSinks,
  ) {
    this.ev = new SyscallEvent(state, run);
  }

  /** Processes every event of a batch (see LiveBatchReader for its layout). */
  processBatch(batch: Buffer): void {
    const { state, run, ev, view, sinks } = this;
    this.batches.read(batch, (v) => {
      const e = view.point(v);
      if (run.firstEventTs === 0n) run.firstEventTs = v.ts;
      state.process(e);
      ev.begin(e, ++this.processed, v.cpu).attachState();
      sinks.evaluate(ev);
    });
    sinks.flush();
  }
}
