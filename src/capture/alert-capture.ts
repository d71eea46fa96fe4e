/**
 * Capture on alert (falco.yaml `capture:`), deciding like Falco 0.44.1 when
 * a capture file starts, what goes in it and when it ends:
 *
 *  - every alert of an event pushes the deadline to at least the event's
 *    time plus the rule's `capture_duration` (milliseconds; 0 = the
 *    configured `default_duration`). Falco does this for every alert while
 *    captures are enabled, also for rules without `capture: true`, so their
 *    durations count when a capture is running or starts on the same event;
 *  - an event starts a capture when one of its alerts comes from a rule with
 *    `capture: true` (mode `rules`) or when it raised any alert (mode
 *    `all_rules`), unless one is running: overlapping alerts share the file,
 *    the longest deadline winning;
 *  - from the triggering event on, every event the rules see is written,
 *    after the state tables as they are at that moment (so the file replays
 *    on its own); time is event time, so a replayed capture behaves the same;
 *  - after writing an event, the capture ends if the event's time reached the
 *    deadline, or else if the file reached `max_file_size_mb` (approximate:
 *    counted on what is on disk), which Falco reports with an internal
 *    message; the next alert then starts a new file.
 *
 * Unlike Falco, for which a capture file it cannot write is fatal, failures
 * here are logged once and counted: the engine and its alerts keep going,
 * and the next triggering alert tries again.
 */
import { PRIORITY } from '../rules/loader/priority.js';
import type { CaptureConfig } from '../config/capture-config.js';
import type { SyscallEvent } from '../fields/extract/syscall-event.js';
import type { InternalAlert } from '../outputs/alert-format.js';
import { captureFilePath } from './capture-file-name.js';
import { CaptureFile } from './capture-file.js';
import { EventBlockBuffer, EventTooLarge } from './event-encoder.js';
import { tablesFromState } from './state-tables.js';

/** What a rule says about captures (`capture`, `capture_duration` in milliseconds). */
export interface RuleCaptureSettings {
  readonly capture: boolean;
  readonly captureDurationMs: number;
}

export interface AlertCaptureStats {
  /** Capture files started. */
  filesStarted: number;
  /** Capture files ended (deadline or size limit); a file still running at the end is not counted. */
  filesEnded: number;
  /** Files ended by `max_file_size_mb`. */
  sizeLimitStops: number;
  /** Events written, over all files. */
  eventsWritten: number;
  /** Captures that could not start (file not creatable or writable). */
  openErrors: number;
  /** Captures abandoned after a write error. */
  writeErrors: number;
  /** Events left out because a parameter is longer than the scap format allows. */
  eventsSkipped: number;
}

export interface AlertCaptureDependencies {
  /** Rule settings by name (rules not found: no capture, no duration). */
  rule(name: string): RuleCaptureSettings | undefined;
  log(level: 'error' | 'debug', message: string): void;
  /** Falco's internal messages (the size limit one). */
  internal(alert: InternalAlert): void;
  hostname: string;
  /** Current time, epoch ns (internal messages). */
  now?: () => bigint;
  /** gzip the files (default true, as Falco). */
  gzip?: boolean;
}

const NS_PER_MS = 1_000_000n;
const BYTES_PER_MB = 1024 * 1024;
export const SIZE_LIMIT_RULE = 'Falco internal: capture size limit reached';

/** The error's text; for a file-system error without the path it repeats ("ENOENT: no such file or directory"). */
function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const syscall = (e as NodeJS.ErrnoException).syscall;
  const cut = syscall === undefined ? -1 : e.message.indexOf(`, ${syscall} '`);
  return cut > 0 ? e.message.slice(0, cut) : e.message;
}

export class AlertCapture {
  readonly stats: AlertCaptureStats = { filesStarted: 0, filesEnded: 0, sizeLimitStops: 0, eventsWritten: 0, openErrors: 0, writeErrors: 0, eventsSkipped: 0 };
  private readonly allRules: boolean;
  private readonly defaultNs: bigint;
  private readonly maxBytes: number;
  private readonly blocks = new EventBlockBuffer();
  private file: CaptureFile | undefined = undefined;
  /** Deadline (event time, ns); 0 when none. */
  private deadline = 0n;
  /** The current event raised an alert that asks for a capture. */
  private triggered = false;
  private openErrorLogged = false;
  private writeErrorLogged = false;

  constructor(
    private readonly config: CaptureConfig,
    private readonly deps: AlertCaptureDependencies,
  ) {
    this.allRules = config.mode === 'all_rules';
    this.defaultNs = BigInt(config.defaultDurationMs) * NS_PER_MS;
    this.maxBytes = config.maxFileSizeMb * BYTES_PER_MB;
  }

  /** The file being written, if any. */
  get currentPath(): string | undefined {
    return this.file?.path;
  }

  /** An alert of `ruleName` on the current event (call for each alert, before `afterEvent`). */
  alert(ruleName: string, ev: SyscallEvent): void {
    const rule = this.deps.rule(ruleName);
    if (this.allRules || rule?.capture === true) this.triggered = true;
    const ms = rule?.captureDurationMs ?? 0;
    const until = ev.ts + (ms > 0 ? BigInt(ms) * NS_PER_MS : this.defaultNs);
    if (until > this.deadline) this.deadline = until;
  }

  /** After the rules saw the event: starts a capture if asked, writes the event into a running one. */
  afterEvent(ev: SyscallEvent): void {
    if (this.triggered) {
      this.triggered = false;
      if (this.file === undefined) this.start(ev);
    }
    const f = this.file;
    if (f === undefined) return;
    try {
      f.write(ev.event, ev.cpu);
      this.stats.eventsWritten++;
    } catch (e) {
      if (e instanceof EventTooLarge) {
        // One event the format cannot hold is left out; the capture goes on.
        this.stats.eventsSkipped++;
      } else {
        this.writeFailed(f, e);
        return;
      }
    }
    if (ev.ts >= this.deadline) this.end(f, false);
    else if (this.maxBytes > 0 && f.bytesOnDisk >= this.maxBytes) this.end(f, true);
  }

  /** Puts what the running capture buffered on disk (the file stays open for more events). */
  flush(): void {
    const f = this.file;
    if (f === undefined) return;
    try {
      f.flush();
    } catch (e) {
      this.writeFailed(f, e);
    }
  }

  private start(ev: SyscallEvent): void {
    const path = captureFilePath(this.config.pathPrefix, ev.ts, ev.num);
    try {
      const tables = tablesFromState(ev.state);
      this.file = new CaptureFile(path, tables, this.blocks, this.deps.gzip === false ? { gzip: false } : {});
      this.stats.filesStarted++;
      this.deps.log('debug', `Capture started: ${path}`);
    } catch (e) {
      this.stats.openErrors++;
      // Nothing runs: the deadline is forgotten, the next triggering alert starts afresh.
      this.deadline = 0n;
      if (!this.openErrorLogged) {
        this.openErrorLogged = true;
        this.deps.log('error', `Unable to write capture file ${path}: ${errorText(e)} (capture.path_prefix=${this.config.pathPrefix}); further capture errors are only counted`);
      }
    }
  }

  private end(f: CaptureFile, sizeLimit: boolean): void {
    let bytes = f.bytesOnDisk;
    try {
      f.flush();
      bytes = f.bytesOnDisk;
    } catch (e) {
      this.writeFailed(f, e);
      return;
    }
    this.file = undefined;
    this.deadline = 0n;
    this.stats.filesEnded++;
    this.deps.log('debug', `Capture ended: ${f.path} (${f.events} events, ${bytes} bytes)`);
    if (!sizeLimit) return;
    this.stats.sizeLimitStops++;
    const mb = this.config.maxFileSizeMb;
    this.deps.internal({
      time: this.deps.now?.() ?? BigInt(Date.now()) * NS_PER_MS,
      priority: PRIORITY.INFORMATIONAL,
      rule: SIZE_LIMIT_RULE,
      message: `${SIZE_LIMIT_RULE}. Configured limit: ${mb} MB.`,
      fields: { max_file_size_mb: mb, written_bytes: bytes },
      hostname: this.deps.hostname,
    });
  }

  private writeFailed(f: CaptureFile, e: unknown): void {
    this.stats.writeErrors++;
    this.file = undefined;
    this.deadline = 0n;
    if (!this.writeErrorLogged) {
      this.writeErrorLogged = true;
      this.deps.log('error', `Error writing capture file ${f.path}: ${errorText(e)}; the capture is abandoned, further capture errors are only counted`);
    }
  }
}
