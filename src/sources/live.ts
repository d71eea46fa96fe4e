/**
 * The `modern_ebpf` event source: watches this host live with falconet's
 * eBPF probe, the way Falco 0.44.1 runs its modern BPF engine.
 *
 *   start    buffer size from `buf_size_preset`, the syscall set from the
 *            rules and `base_syscalls`, the probe opened and draining
 *            (falconet's own process excluded), then /proc scanned into the
 *            state engine so processes started before falconet have their
 *            full ancestry; events that arrive meanwhile wait and are
 *            processed after the scan, in order;
 *   run      each batch: events -> state engine -> rules -> alerts on
 *            stdout; once a second the probe's counters feed Falco's
 *            syscall_event_drops handling;
 *   stop     SIGINT/SIGTERM or the -M duration: the probe is detached, the
 *            summary printed (and with -v the driver counters).
 *
 * Failures to open the probe (not root, no BTF, kernel too old, addon not
 * built) end the run as one `Error: ...` line and exit status 1.
 */
import { performance } from 'node:perf_hooks';
import type { FalcoConfig } from '../config/falco-config.js';
import { Fatal } from '../cli/fatal.js';
import { systemPageSize } from '../cli/info-steps.js';
import type { Logger } from '../cli/logger.js';
import type { LoadedRules } from '../cli/rules-steps.js';
import { registerEventSource, type EventSourceRunner, type RunContext } from '../cli/run.js';
import { syscallExtractors } from '../fields/extract/registry.js';
import type { SyscallEvent } from '../fields/extract/syscall-event.js';
import type { ExtractorFactory } from '../fields/value.js';
import { PRIORITY } from '../rules/loader/priority.js';
import { StateEngine, type StateEngineOptions } from '../state/system-state.js';
import { DropMonitor } from './drop-monitor.js';
import { hostAccounts, readHostTables, seedLiveState } from './host-tables.js';
import { LivePipeline } from './live-pipeline.js';
import {
  COMPAT_PROBE_PATH, loadNativeProbe, NativeProbeUnavailable, ppmScTable, PROBE_PATH, totalDrops,
  type NativeProbe, type ProbeHandle, type ProbeStats,
} from './native-probe.js';
import { probeHandlerNumbers } from './probe-handlers.js';
import { ProcReader } from './proc-scan.js';
import { eventNamesOf, selectSyscalls, type SyscallInterest } from './syscall-interest.js';
import { prepareSyscallRun } from './syscall-run.js';

/** Falco's buffer presets: index -> bytes per ring (index 0 is reserved). */
export const BUF_SIZE_PRESETS: readonly number[] = [0, 1 << 20, 1 << 21, 1 << 22, 1 << 23, 1 << 24, 1 << 25, 1 << 26, 1 << 27, 1 << 28, 1 << 29];
/** Bytes of sendto/recvfrom payload kept when falco_libs.snaplen is 0. */
const DEFAULT_SNAPLEN = 80;
/** How often the probe's counters are read for drop monitoring. */
const DROP_CHECK_MS = 250;

/** Bytes per ring for a `buf_size_preset`, with Falco's checks and messages. */
export function ringBytesForPreset(preset: number, pageSize: number): number {
  if (preset < 1 || preset > 10) throw new Fatal("The 'buf_size_preset' value must be between '1' and '10'");
  const size = BUF_SIZE_PRESETS[preset]!;
  if (size % pageSize !== 0) {
    throw new Fatal(`The chosen syscall buffer size '${size}' is not a multiple of your system page size '${pageSize}'. Please configure a greater 'buf_size_preset' value in the Falco configuration file`);
  }
  if (size / pageSize <= 2) {
    throw new Fatal(`The chosen syscall buffer size '${size}' is not greater than '2 * ${pageSize}' where '${pageSize}' is your system page size. Please configure a greater 'buf_size_preset' value in the Falco configuration file`);
  }
  return size;
}

/** Falco's stderr warning when rules name calls the selected set leaves out (the I/O calls without base_syscalls.all). */
function unsupportedWarning(interest: SyscallInterest): string | undefined {
  const missing = [...interest.rules].filter((nr) => !interest.selected.has(nr));
  if (missing.length === 0) return undefined;
  return (
    'Loaded rules match syscalls that are not activated (e.g. were removed via config settings such as no -A flag or negative base_syscalls elements) or unsupported with current configuration: warning (unsupported-evttype): ' +
    `${eventNamesOf(missing)}\n` +
    'If syscalls in rules include high volume syscalls (-> activate via `-A` flag), else syscalls may have been removed via base_syscalls option or might be associated with syscalls undefined on your architecture (https://marcin.juszkiewicz.com.pl/download/tables/syscalls.html)\n'
  );
}

function logInterest(log: Logger, interest: SyscallInterest): void {
  for (const l of interest.log) log.log(l.level, l.message);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** The live state engine's settings from falco_libs (also used by `falconet capture`). */
export function liveStateOptions(config: FalcoConfig, reader: ProcReader): StateEngineOptions {
  const libs = config.falcoLibs;
  return {
    mode: 'live',
    ...(libs.threadTableSize > 0 ? { maxThreads: libs.threadTableSize } : {}),
    selfPid: process.pid,
    purgeIntervalNs: BigInt(libs.threadTableAutoPurgingIntervalS) * 1_000_000_000n,
    threadTimeoutNs: BigInt(libs.threadTableAutoPurgingThreadTimeoutS) * 1_000_000_000n,
    accounts: hostAccounts(),
    loadProcess: (tid) => reader.lookup(tid),
    isThreadAlive: (pid, tid) => reader.isAlive(pid, tid),
  };
}

/** What `runLive` needs from outside besides the run context (tests swap the addon). */
export interface LiveDependencies {
  loadNative: () => NativeProbe;
  probePath: string;
  compatProbePath?: string;
}

const DEFAULT_DEPENDENCIES: LiveDependencies = { loadNative: () => loadNativeProbe(), probePath: PROBE_PATH, compatProbePath: COMPAT_PROBE_PATH };

/**
 * Loads and attaches the probe for these calls (falconet's own process
 * excluded). @throws Fatal naming the cause when it cannot be opened
 */
export function openLiveProbe(config: FalcoConfig, ringBytes: number, interesting: Uint8Array, deps: LiveDependencies = DEFAULT_DEPENDENCIES): ProbeHandle {
  try {
    return deps.loadNative().open({
      probePath: deps.probePath,
      ...(deps.compatProbePath === undefined ? {} : { compatProbePath: deps.compatProbePath }),
      cpusForEachBuffer: config.engine.modernEbpf.cpusForEachBuffer,
      bufSizeBytes: ringBytes,
      interesting,
      excludeTgid: process.pid,
      snaplen: config.falcoLibs.snaplen > 0 ? config.falcoLibs.snaplen : DEFAULT_SNAPLEN,
      ppmSc: ppmScTable(),
      procexit: true,
    });
  } catch (e) {
    if (e instanceof NativeProbeUnavailable) throw new Fatal(e.message);
    throw new Fatal(errorText(e));
  }
}

/** Watches the host until the run's signal aborts; resolves with the exit status. */
export async function runLive(
  ctx: RunContext<LoadedRules>,
  factory: ExtractorFactory<SyscallEvent> = syscallExtractors,
  deps: LiveDependencies = DEFAULT_DEPENDENCIES,
): Promise<number> {
  const { config, io, log, options, signal } = ctx;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const ebpf = config.engine.modernEbpf;

  const ringBytes = ringBytesForPreset(ebpf.bufSizePreset, systemPageSize() ?? 4096);
  log.info(`The chosen syscall buffer dimension is: ${ringBytes} bytes (${ringBytes / (1024 * 1024)} MBs)`);

  const { rules, printer, run, evaluate } = prepareSyscallRun(ctx, factory);
  const interest = selectSyscalls(rules.ruleset.enabledEventTypes(), config.baseSyscalls, probeHandlerNumbers());
  logInterest(log, interest);
  const warning = unsupportedWarning(interest);
  if (warning !== undefined) io.stderr(warning);

  log.info('Loaded event sources: syscall');
  log.info(`Enabled event sources: ${ctx.enabledSources.join(', ')}`);
  log.info("Opening 'syscall' source with modern BPF probe.");
  log.info(`One ring buffer every '${ebpf.cpusForEachBuffer}' CPUs.`);

  const handle = openLiveProbe(config, ringBytes, interest.table, deps);
  log.debug(`Probe object: ${handle.probeObject}`);
  log.debug(`Each CPU writes to a ring of ${handle.ringBytesPerCpu} bytes.`);

  const reader = new ProcReader();
  const pending: Buffer[] = [];
  let pipeline: LivePipeline | undefined;
  let stopped = false;
  let failure: string | undefined;
  const stop = new AbortController();

  const sinks = { evaluate, flush: () => printer.flush() };
  const fail = (message: string): void => {
    if (failure === undefined) failure = message;
    stop.abort();
  };

  let monitor: DropMonitor | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastStats: ProbeStats | undefined;
  try {
    // Capture starts before the /proc scan so nothing falls between the two.
    handle.start((b) => {
      if (stopped) return;
      if (pipeline === undefined) {
        pending.push(b);
        return;
      }
      try {
        pipeline.processBatch(b);
      } catch (e) {
        fail(errorText(e));
      }
    });
    const { tables, stats } = await readHostTables(reader);
    const engine = new StateEngine(liveStateOptions(config, reader));
    seedLiveState(engine, tables);
    pipeline = new LivePipeline(engine, run, sinks);
    while (pending.length > 0 && !stopped) pipeline.processBatch(pending.shift()!);
    log.info(
      `Live capture ready in ${Math.round(performance.now() - started)} ms: ${stats.processes} processes, ` +
        `${stats.threads} threads, ${stats.fds} fds read from /proc; ${interest.selected.size} system calls captured`,
    );

    monitor = new DropMonitor(config.syscallEventDrops, handle.stats(), nowNs(), {
      log: (level, message) => log.log(level, message),
      alert: (time, message, rule, fields) => printer.emitInternal({ time, priority: PRIORITY.DEBUG, rule, message, fields, hostname: run.hostname }),
    });
    const m = monitor;
    timer = setInterval(() => {
      lastStats = handle.stats();
      if (!m.check(lastStats, nowNs())) fail('Drop manager internal error');
    }, DROP_CHECK_MS);

    await new Promise<void>((resolve) => {
      if (signal.aborted || stop.signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
      stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } catch (e) {
    fail(errorText(e));
  } finally {
    stopped = true;
    if (timer !== undefined) clearInterval(timer);
    try {
      lastStats = handle.stats();
    } catch {
      // closed already
    }
    handle.close();
    printer.flush();
  }

  io.stdout(printer.summary());
  const drops = lastStats === undefined ? 0n : totalDrops(lastStats);
  if (options.verbose && lastStats !== undefined) {
    io.stderr(`Driver Events:${lastStats.nEvts}\nDriver Drops:${drops}\n`);
    // Falco measures this with clock(): processor time, not wall time.
    const cpu = process.cpuUsage(cpuStart);
    const seconds = (cpu.user + cpu.system) / 1e6;
    io.stderr(`(syscall) Elapsed time: ${seconds.toFixed(3)}, Captured Events: ${pipeline?.processed ?? 0}, ${((pipeline?.processed ?? 0) / seconds).toFixed(2)} eps\n`);
  }
  if (monitor !== undefined) io.stderr(monitor.summary());
  if (lastStats !== undefined && drops > 0n) {
    // Drops are never silent, whatever syscall_event_drops.actions says.
    log.warning(
      `The probe dropped ${drops} of ${lastStats.nEvts} events (ring full: ${lastStats.nDropsBuffer}, too large: ${lastStats.nDropsMaxEventSize}, other: ${lastStats.nDropsOther})`,
    );
  }
  if (failure !== undefined) throw new Fatal(failure);
  return 0;
}

export const liveSource: EventSourceRunner<LoadedRules> = { run: (ctx) => runLive(ctx) };

registerEventSource('modern_ebpf', liveSource);
