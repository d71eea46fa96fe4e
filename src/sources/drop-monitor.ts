/**
 * Falco's `syscall_event_drops` for the live source: once a second the
 * probe's counters are compared with the previous reading; when events were
 * dropped in that second and the share of drops is over `threshold`, it is
 * an occurrence, and if the token bucket (`rate` tokens per second, at most
 * `max_burst`) has a token, the configured actions run:
 *
 *   log    "Falco internal: syscall event drop. N system calls dropped in last second."
 *          at debug level (Falco's level for it);
 *   alert  the same message as an internal alert (priority Debug, source
 *          `internal`) with the counters as output fields;
 *   exit   the message at critical level, then "Exiting.", and the run stops.
 *
 * `simulate_drops` adds one drop per check and sets the threshold to 0.
 * The end of the run prints Falco's "Syscall event drop monitoring" lines.
 */
import type { SyscallDropAction } from '../config/falco-config.js';
import type { JsonValue } from '../outputs/json-writer.js';
import { totalDrops, type ProbeCounters } from './native-probe.js';

const ONE_SECOND_NS = 1_000_000_000n;

export const DROP_RULE = 'Falco internal: syscall event drop';

/** libs' token bucket: `rate` tokens a second, at most `maxTokens`, starting full. */
export class TokenBucket {
  private tokens: number;
  private lastSeen: bigint;

  constructor(private readonly rate: number, private readonly maxTokens: number, now: bigint) {
    this.tokens = maxTokens;
    this.lastSeen = now;
  }

  claim(tokens: number, now: bigint): boolean {
    const gained = this.rate * (Number(now - this.lastSeen) / 1e9);
    this.lastSeen = now;
    this.tokens = Math.min(this.tokens + gained, this.maxTokens);
    if (this.tokens < tokens) return false;
    this.tokens -= tokens;
    return true;
  }
}

export interface DropSettings {
  actions: readonly SyscallDropAction[];
  threshold: number;
  rate: number;
  maxBurst: number;
  simulateDrops: boolean;
}

/** What the monitor asks its owner to do. */
export interface DropEffects {
  log(level: 'debug' | 'info' | 'critical', message: string): void;
  alert(timeNs: bigint, message: string, rule: string, fields: Record<string, JsonValue>): void;
}

export class DropMonitor {
  /** Seconds with drops over the threshold. */
  occurrences = 0;
  /** Of those, the ones the token bucket let act. */
  actionsTaken = 0;
  private last: ProbeCounters;
  private nextCheck = 0n;
  private readonly bucket: TokenBucket;
  private readonly threshold: number;

  constructor(private readonly settings: DropSettings, first: ProbeCounters, now: bigint, private readonly effects: DropEffects) {
    this.last = { ...first };
    this.bucket = new TokenBucket(settings.rate, settings.maxBurst, now);
    this.threshold = settings.simulateDrops ? 0 : settings.threshold;
  }

  /**
   * Takes a reading of the counters at `now` (ns since the epoch); at most
   * one check a second. Returns false when the `exit` action ran.
   */
  check(stats: ProbeCounters, now: bigint): boolean {
    if (this.nextCheck === 0n) this.nextCheck = now + ONE_SECOND_NS;
    if (now <= this.nextCheck) return true;
    this.nextCheck = now + ONE_SECOND_NS;
    const d: ProbeCounters = {
      nEvts: stats.nEvts - this.last.nEvts,
      nDropsBuffer: stats.nDropsBuffer - this.last.nDropsBuffer,
      nDropsMaxEventSize: stats.nDropsMaxEventSize - this.last.nDropsMaxEventSize,
      nDropsOther: stats.nDropsOther - this.last.nDropsOther,
    };
    this.last = { ...stats };
    let drops = totalDrops(d);
    if (this.settings.simulateDrops) {
      this.effects.log('info', 'Simulating syscall event drop');
      drops++;
    }
    if (drops === 0n) return true;
    // n_evts counts the dropped events too.
    const ratio = Number(drops) / Number(d.nEvts);
    if (!(ratio > this.threshold)) return true;
    this.occurrences++;
    if (!this.bucket.claim(1, now)) {
      this.effects.log('debug', 'Syscall event drop but token bucket depleted, skipping actions');
      return true;
    }
    this.actionsTaken++;
    return this.act(now, d, drops);
  }

  private act(now: bigint, d: ProbeCounters, drops: bigint): boolean {
    const message = `${DROP_RULE}. ${drops} system calls dropped in last second.`;
    let keepGoing = true;
    for (const action of this.settings.actions) {
      switch (action) {
        case 'ignore':
          break;
        case 'log':
          this.effects.log('debug', message);
          break;
        case 'alert':
          this.effects.alert(now, message, DROP_RULE, dropFields(d, drops));
          break;
        case 'exit':
          this.effects.log('critical', message);
          this.effects.log('critical', 'Exiting.');
          keepGoing = false;
          break;
      }
    }
    return keepGoing;
  }

  /** Falco's end-of-run lines (stderr). */
  summary(): string {
    return `Syscall event drop monitoring:\n   - event drop detected: ${this.occurrences} occurrences\n   - num times actions taken: ${this.actionsTaken}\n`;
  }
}

/**
 * The output fields of Falco's drop alert (all strings, as Falco sends
 * them). The probe counts full-ring drops without splitting them by system
 * call category, so the per-category fields are 0.
 */
export function dropFields(d: ProbeCounters, drops: bigint): Record<string, JsonValue> {
  return {
    n_evts: String(d.nEvts),
    n_drops: String(drops),
    n_drops_buffer_total: String(d.nDropsBuffer),
    n_drops_buffer_clone_fork_exit: '0',
    n_drops_buffer_execve_exit: '0',
    n_drops_buffer_connect_exit: '0',
    n_drops_buffer_open_exit: '0',
    n_drops_buffer_dir_file_exit: '0',
    n_drops_buffer_other_interest_exit: '0',
    n_drops_buffer_close_exit: '0',
    n_drops_buffer_proc_exit: '0',
    n_drops_scratch_map: String(d.nDropsOther),
    n_drops_page_faults: '0',
    n_drops_bug: '0',
    ebpf_enabled: '1',
  };
}
