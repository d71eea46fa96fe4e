/**
 * What the live benchmarks share: falconet started in the background with
 * the official syscall rulesets, and readings of a process's CPU time and
 * peak resident set from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OFFICIAL_SYSCALL_RULESETS } from './official-rules.js';

/** A background process, with its output collected and a way to wait for a line. */
export class Background {
  readonly child: ChildProcess;
  output = '';
  private readonly exited: Promise<number | null>;

  constructor(cmd: string, args: string[]) {
    this.child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const collect = (d: Buffer): void => { this.output += d.toString(); };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Resolves once `pattern` shows in the output; rejects if the process ends first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (pattern.test(this.output)) {
          clearInterval(poll);
          resolve();
        } else if (this.child.exitCode !== null || Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`no ${pattern} from ${this.child.spawnfile} (exit ${this.child.exitCode}):\n${this.output.slice(-800)}`));
        }
      }, 20);
    });
  }

  /** Sends SIGINT and waits for the exit status. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return this.exited;
  }
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of a process, in seconds (all its threads). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces or parentheses.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
}

export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) / 1024;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** falconet live with Falco's three official syscall rulesets, alerts off, the driver counters in the summary (-v). */
export function falconetCommand(p: { repo: string; shared: string }): string[] {
  const rules = OFFICIAL_SYSCALL_RULESETS.flatMap((f) => ['-r', join(p.shared, 'falco-reference/rules', f)]);
  return [join(p.repo, 'falconet'), ...rules, '-o', 'engine.kind=modern_ebpf', '-o', 'stdout_output.enabled=false', '-v'];
}


/** The driver counters of a falconet -v run that has stopped; throws if it failed or printed none. */
export function driverCounters(status: number | null, output: string): { driverEvents: number; driverDrops: number } {
  if (status !== 0) throw new Error(`falconet exited with status ${status}:\n${output.slice(-800)}`);
  const events = /Driver Events:(\d+)/.exec(output);
  const drops = /Driver Drops:(\d+)/.exec(output);
  if (events === null || drops === null) throw new Error(`no driver counters in falconet's output:\n${output.slice(-800)}`);
  return { driverEvents: Number(events[1]), driverDrops: Number(drops[1]) };
}

/** What one falconet run around a load measured. */
export interface FalconetRun {
  /** The load's own duration in seconds (what `load` returned). */
  seconds: number;
  /** falconet's processor time over the load / the load's seconds. */
  cpuPercent: number;
  /** VmHWM once ready (start-up's share) and after the load. */
  readyPeakRssMb: number;
  peakRssMb: number;
  driverEvents: number;
  driverDrops: number;
}

/**
 * Starts falconet, runs `load` (which returns its duration in seconds) once
 * falconet is ready, stops it with SIGINT and reads its -v driver counters.
 */
export async function aroundFalconet(command: string[], load: () => Promise<number>): Promise<FalconetRun> {
  const fn = new Background(command[0]!, command.slice(1));
  const pid = fn.child.pid!;
  let measured: Omit<FalconetRun, 'driverEvents' | 'driverDrops'>;
  let status: number | null;
  try {
    await fn.waitFor(/Live capture ready/, 120_000);
    const readyPeakRssMb = peakRssMb(pid);
    const cpu0 = cpuSeconds(pid);
    const seconds = await load();
    const cpu = cpuSeconds(pid) - cpu0;
    measured = { seconds, cpuPercent: (100 * cpu) / seconds, readyPeakRssMb, peakRssMb: peakRssMb(pid) };
  } finally {
    status = await fn.stop();
  }
  return { ...measured, ...driverCounters(status, fn.output) };
}
