/**
 * Running: after configuration and rules are loaded, events are read from
 * the source the configuration selects (`engine.kind`). Sources plug in
 * here: a module implementing EventSourceRunner calls `registerEventSource`
 * for its engine kind (`modern_ebpf` for live capture, `replay` for .scap
 * files) and main imports that module. Until one is registered, a run
 * reports that the source is not available yet and exits with status 1.
 */
import type { ConfigDocument } from '../config/document.js';
import type { EngineKind, FalcoConfig } from '../config/falco-config.js';
import type { CliOptions } from './args.js';
import { Fatal } from './fatal.js';
import type { Logger } from './logger.js';
import type { AppIO } from './state.js';

/** What an event source receives to do its work. */
export interface RunContext<Rules = unknown> {
  config: FalcoConfig;
  /** The merged configuration document (keys the typed config does not carry). */
  document: ConfigDocument;
  options: CliOptions;
  log: Logger;
  io: AppIO;
  /** Event sources to open (`syscall`, plugin sources), after --enable/--disable-source. */
  enabledSources: readonly string[];
  /** The loaded rules, ready to build each source's ruleset. */
  rules: Rules;
  /** Aborted on SIGINT/SIGTERM or when the -M duration is over: stop reading and flush. */
  signal: AbortSignal;
}

export interface EventSourceRunner<Rules = unknown> {
  /** Reads and processes events until the source ends or `ctx.signal` aborts; resolves with the exit status. */
  run(ctx: RunContext<Rules>): Promise<number>;
}

const runners = new Map<EngineKind, EventSourceRunner>();

/** Makes an engine kind runnable (replaces any runner registered before for it). */
export function registerEventSource<Rules>(kind: EngineKind, runner: EventSourceRunner<Rules>): void {
  runners.set(kind, runner as EventSourceRunner);
}

export function registeredEventSource(kind: EngineKind): EventSourceRunner | undefined {
  return runners.get(kind);
}

/** The error a run reports for an engine kind no module provides yet. */
export function unavailableSourceMessage(config: FalcoConfig): string {
  switch (config.engine.kind) {
    case 'replay':
      return `capture replay is not available yet (engine.kind=replay, capture file ${config.engine.replay.captureFile})`;
    case 'modern_ebpf':
      return 'live event capture (engine.kind=modern_ebpf) is not available yet';
    case 'nodriver':
      return 'running without a driver (engine.kind=nodriver) is not available yet';
    case 'kmod':
      return "engine.kind 'kmod' is not supported by falconet (it has no kernel module): use engine.kind=modern_ebpf for live capture or engine.kind=replay for capture files";
  }
}

/** Falco's checks of the metrics settings, made before running (dry runs included). */
export function checkMetrics(config: FalcoConfig, log: Logger): void {
  const m = config.metrics;
  if (!m.enabled) return;
  if (m.intervalMs < 100) {
    throw new Fatal('Metrics interval must have a minimum value of 100ms and reflect a Prometheus compliant time duration format: https://prometheus.io/docs/prometheus/latest/querying/basics/#time-durations. ');
  }
  if (/^\d*$/.test(m.interval)) {
    throw new Fatal('Metrics interval was passed as numeric value without Prometheus time unit. Please specify a time unit');
  }
  if (!(m.outputRule || m.outputFile !== '' || config.webserver.prometheusMetricsEnabled)) {
    throw new Fatal("Metrics are enabled with no output configured. Please enable at least one output channel ('metrics.output_rule', 'metrics.output_file' or 'webserver.prometheus_metrics_enabled')");
  }
  log.info(`Setting metrics interval to ${m.interval}, equivalent to ${m.intervalMs} (ms)`);
}

/**
 * Processes events with the registered source for the configured engine
 * kind, honouring --dry-run, -M and termination signals. Resolves with the
 * exit status.
 */
export async function processEvents<Rules>(ctx: Omit<RunContext<Rules>, 'signal'>): Promise<number> {
  const { config, options, log } = ctx;
  checkMetrics(config, log);
  if (options.dryRun) {
    log.debug('Skipping event processing in dry-run');
    return 0;
  }
  if (config.capture.enabled) {
    log.info(`Capture is enabled in mode '${config.capture.mode}'. Capturing events to ${config.capture.pathPrefix}`);
  }
  const runner = runners.get(config.engine.kind);
  if (!runner) throw new Fatal(unavailableSourceMessage(config));

  const controller = new AbortController();
  const onSignal = (name: string) => () => {
    log.info(`${name} received, exiting...`);
    controller.abort();
  };
  const handlers: Array<[NodeJS.Signals, () => void]> = [['SIGINT', onSignal('SIGINT')], ['SIGTERM', onSignal('SIGTERM')]];
  for (const [sig, h] of handlers) process.on(sig, h);
  const timer = options.durationSeconds > 0 ? setTimeout(() => controller.abort(), options.durationSeconds * 1000) : undefined;
  try {
    return await runner.run({ ...ctx, signal: controller.signal } as RunContext);
  } finally {
    if (timer) clearTimeout(timer);
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}
