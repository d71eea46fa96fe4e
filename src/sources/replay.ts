/**
 * The `replay` event source (engine.kind=replay, or the legacy `-e FILE`):
 * reads a capture file (plain or gzip) and runs it through the pipeline the
 * way Falco 0.44.1 does:
 *
 *   capture tables -> state seed
 *   each event -> conversion (old layouts, enter merged into exit), number
 *              -> state update -> (visible events only) ruleset -> alerts
 *   end -> summary on stdout
 *
 * A capture that cannot be opened stops with Falco's "Could not open trace
 * filename ..." error (after the empty summary, as Falco prints it). Bad
 * data later in the file ends the run with one error line naming the file,
 * the byte offset and what was expected there; alerts raised before it are
 * printed, so is the summary, and the exit status is 1.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LoadedRules } from '../cli/rules-steps.js';
import { Fatal } from '../cli/fatal.js';
import { registerEventSource, type EventSourceRunner, type RunContext } from '../cli/run.js';
import { CaptureError } from '../events/capture-error.js';
import { EventCategory } from '../events/event-types.js';
import { EVENT_TABLE } from '../events/event-table.js';
import { syscallExtractors } from '../fields/extract/registry.js';
import { SyscallEvent } from '../fields/extract/syscall-event.js';
import type { ExtractorFactory } from '../fields/value.js';
import { StateEngine } from '../state/system-state.js';
import { CaptureEventStream } from '../events/capture-stream.js';
import { prepareSyscallRun } from './syscall-run.js';

export { alertHostname } from './syscall-run.js';

/** Events processed between two returns to the event loop (signals, -M timer). */
const EVENTS_PER_SLICE = 16384;

function isMetaCode(code: number): boolean {
  return ((EVENT_TABLE[code]?.category ?? 0) & EventCategory.METAEVENT) !== 0;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Replays the configured capture; resolves with the exit status. `factory`
 * gives the field extractors (falconet's syscall registry unless a caller
 * embeds the pipeline with its own).
 */
export async function runReplay(
  ctx: RunContext<LoadedRules>,
  factory: ExtractorFactory<SyscallEvent> = syscallExtractors,
): Promise<number> {
  const { config, io, log, options, signal } = ctx;
  const path = config.engine.replay.captureFile;
  const { printer, run, evaluate } = prepareSyscallRun(ctx, factory);

  const state = new StateEngine({ mode: 'replay' });
  let stream: CaptureEventStream;
  try {
    // Table blocks after events start a capture appended to the first one: libsinsp starts over.
    stream = new CaptureEventStream(path, (tables) => state.seed(tables));
  } catch (e) {
    // Falco's outputs are open already: closing them prints the (empty) summary.
    io.stdout(printer.summary());
    throw new Fatal(`Could not open trace filename ${path} for reading: ${errorText(e)}`);
  }
  log.info(`Replaying events from the capture file: ${path}`);
  state.seed(stream.header);

  const ev = new SyscallEvent(state, run);
  const durationNs = options.durationSeconds > 0 ? BigInt(Math.round(options.durationSeconds * 1e9)) : 0n;
  let startTs = 0n;
  let failure: string | undefined;

  try {
    let slice = 0;
    for (;;) {
      if (++slice === EVENTS_PER_SLICE) {
        slice = 0;
        printer.flush();
        await yieldToLoop();
      }
      if (signal.aborted) break;
      const d = stream.next();
      if (d === null) break;
      const event = d.event;
      const ts = event.ts;
      if (run.firstEventTs === 0n && !isMetaCode(event.code)) run.firstEventTs = ts;
      state.process(event);
      if (!d.visible) continue;
      // -M: stop once the events span the duration (event time, not wall time).
      if (startTs === 0n) startTs = ts;
      else if (durationNs > 0n && ts - startTs >= durationNs) break;
      ev.begin(event, d.num, d.cpu).attachState();
      evaluate(ev);
    }
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    failure = e.message;
  } finally {
    stream.close();
    printer.flush();
  }

  io.stdout(printer.summary());
  io.stderr('Syscall event drop monitoring:\n   - event drop detected: 0 occurrences\n   - num times actions taken: 0\n');
  if (failure !== undefined) throw new Fatal(failure);
  // Falco honours -M with a capture too: it waits out the duration after the last event.
  if (options.durationSeconds > 0 && !signal.aborted) await sleep(options.durationSeconds * 1000, signal);
  return 0;
}

export const replaySource: EventSourceRunner<LoadedRules> = { run: (ctx) => runReplay(ctx) };

registerEventSource('replay', replaySource);
