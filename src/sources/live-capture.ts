/**
 * `falconet capture`: records what the live probe sees into a scap file
 * (readable by falconet's replay, Falco and sysdig).
 *
 *   start    the probe opened with the calls to record, draining into a
 *            queue while /proc is scanned; the scan becomes the file's
 *            tables (machine, interfaces, users and groups, processes,
 *            fds), written before any event; fds of types newer than
 *            FILE_V2 (bpf, userfaultfd, io_uring, memfd, pidfd) are left
 *            out of the tables, as readers from before libs 0.10 (Debian's
 *            sysdig 0.29.3) refuse the whole file over them;
 *   run      every event block of every batch is written as delivered
 *            (in time order across rings); with a filter, the events go
 *            through the state engine first and only the matching ones are
 *            written (the tables are always complete);
 *   stop     the signal (SIGINT/SIGTERM or -M): the probe is detached, the
 *            batches it delivered are written, the file closed.
 */
import { performance } from 'node:perf_hooks';
import type { FalcoConfig } from '../config/falco-config.js';
import { systemPageSize } from '../cli/info-steps.js';
import type { Logger } from '../cli/logger.js';
import { openCaptureWriter, type CaptureWriter } from '../events/scap-writer.js';
import type { EventView } from '../events/event-view.js';
import { ScapFdType } from '../events/scap-blocks.js';
import { SyscallEvent, type RunInfo } from '../fields/extract/syscall-event.js';
import type { CompiledCondition } from '../rules/compile/emitter.js';
import { eventTypeSetOf, type EventTypeSet } from '../rules/compile/evttypes.js';
import { syscallEventUniverse } from '../rules/loader/syscall-event-universe.js';
import { StateEngine } from '../state/system-state.js';
import { ViewEvent } from '../state/view-event.js';
import { readHostTables, seedLiveState } from './host-tables.js';
import { openLiveProbe, liveStateOptions, ringBytesForPreset, type LiveDependencies } from './live.js';
import { LiveBatchReader } from './live-batch.js';
import { totalDrops, type ProbeHandle, type ProbeStats } from './native-probe.js';
import { PROBE_HANDLER_SYSCALLS, probeHandlerNumbers } from './probe-handlers.js';
import { ProcReader } from './proc-scan.js';
import { eventNamesOf, selectSyscalls, type SyscallInterest } from './syscall-interest.js';
import { alertHostname } from './syscall-run.js';

/** A compiled capture filter and the event types it can match. */
export interface CaptureFilter {
  readonly text: string;
  readonly condition: CompiledCondition<SyscallEvent>;
  readonly types: EventTypeSet;
}

export interface LiveCaptureOptions {
  config: FalcoConfig;
  /** The scap file to write. */
  path: string;
  filter?: CaptureFilter;
  /** Aborted to stop the capture. */
  signal: AbortSignal;
  log: Logger;
  deps?: LiveDependencies;
}

export interface LiveCaptureSummary {
  /** Events written to the file. */
  written: number;
  /** Events the probe delivered (written or filtered out). */
  seen: number;
  /** Events the probe dropped (ring full, too large, other). */
  dropped: bigint;
  /** Events the probe tried to send. */
  probeEvents: bigint;
}

/**
 * The calls to record: what the filter's event types need plus the state
 * calls (so a replay rebuilds processes and fds); without a filter, or for
 * one that names no event type, every call the probe has a handler for.
 * I/O calls are never left out (a capture is asked for explicitly).
 */
export function captureSyscalls(config: FalcoConfig, filter: CaptureFilter | undefined): SyscallInterest {
  const handlers = probeHandlerNumbers();
  let types = filter?.types;
  if (types === undefined || types.all) {
    const universe = syscallEventUniverse();
    // The probe's calls under their evt.type names (the event a call's handler sends).
    const names = eventNamesOf(handlers).split(', ').filter((n) => n !== '');
    types = eventTypeSetOf([...names, ...PROBE_HANDLER_SYSCALLS], universe);
  }
  return selectSyscalls(types, { ...config.baseSyscalls, all: true }, handlers);
}

/** Records until the signal aborts; resolves with the counts. @throws Fatal when the probe cannot be opened */
export async function runLiveCapture(opts: LiveCaptureOptions): Promise<LiveCaptureSummary> {
  const { config, log, filter, signal } = opts;
  const started = performance.now();
  const ebpf = config.engine.modernEbpf;
  const ringBytes = ringBytesForPreset(ebpf.bufSizePreset, systemPageSize() ?? 4096);
  const interest = captureSyscalls(config, filter);
  for (const l of interest.log) log.log(l.level, l.message);

  const handle: ProbeHandle = opts.deps === undefined
    ? openLiveProbe(config, ringBytes, interest.table)
    : openLiveProbe(config, ringBytes, interest.table, opts.deps);
  let writer: CaptureWriter | undefined;
  const batches = new LiveBatchReader();
  const pending: Buffer[] = [];
  const summary: LiveCaptureSummary = { written: 0, seen: 0, dropped: 0n, probeEvents: 0n };
  let failure: unknown;
  let stopped = false;

  // With a filter, events go through the state engine so process and fd fields resolve.
  let state: StateEngine | undefined;
  let sev: SyscallEvent | undefined;
  const view = new ViewEvent();
  const reader = new ProcReader();

  const writeAll = (v: EventView): void => {
    summary.seen++;
    writer!.writeEvent(v);
    summary.written++;
  };
  const writeMatching = (v: EventView): void => {
    summary.seen++;
    const e = view.point(v);
    state!.process(e);
    sev!.begin(e, summary.seen, v.cpu).attachState();
    if (!filter!.condition(sev!)) return;
    writer!.writeEvent(v);
    summary.written++;
  };
  const onEvent = filter === undefined ? writeAll : writeMatching;
  const take = (b: Buffer): void => {
    try {
      batches.read(b, onEvent);
    } catch (e) {
      failure ??= e;
    }
  };

  let lastStats: ProbeStats | undefined;
  try {
    handle.start((b) => {
      if (stopped) return;
      if (writer === undefined) pending.push(b);
      else take(b);
    });
    const { tables, stats } = await readHostTables(reader);
    const w = openCaptureWriter(opts.path);
    w.writeTables({ ...tables, fds: tables.fds.filter((f) => f.type <= ScapFdType.FILE_V2) });
    if (filter !== undefined) {
      const engine = new StateEngine(liveStateOptions(config, reader));
      seedLiveState(engine, tables);
      const run: RunInfo = { source: 'syscall', hostname: alertHostname(process.env), bufferFormatBase64: config.bufferFormatBase64, firstEventTs: 0n };
      state = engine;
      sev = new SyscallEvent(engine, run);
    }
    writer = w;
    while (pending.length > 0) take(pending.shift()!);
    log.info(
      `Live capture ready in ${Math.round(performance.now() - started)} ms: ${stats.processes} processes, ` +
        `${stats.threads} threads, ${stats.fds} fds read from /proc; ${interest.selected.size} system calls captured, writing ${opts.path}`,
    );
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } catch (e) {
    failure ??= e;
  } finally {
    try {
      lastStats = handle.stats();
    } catch {
      // closed already
    }
    // Batches queued before the detach are still delivered: write them, then stop taking more.
    handle.close();
    // They arrive through the event loop: give it a few turns.
    await new Promise<void>((r) => setTimeout(r, 20));
    stopped = true;
    writer?.close();
  }
  if (failure !== undefined) throw failure;
  if (lastStats !== undefined) {
    summary.dropped = totalDrops(lastStats);
    summary.probeEvents = lastStats.nEvts;
  }
  return summary;
}
