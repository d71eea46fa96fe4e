/**
 * Live throughput and its cost, with falconet running Falco's three official
 * syscall rulesets:
 *
 *   sustained   the highest event rate falconet takes with zero drops: a
 *               paced open/close load (bench/workload/paced.c, one generator
 *               per core, each making its share) is stepped up
 *               in short runs until drops appear, then the best drop-free
 *               rate is held for the full duration (60 s by default) and
 *               must stay drop-free; falconet's CPU% and peak RSS are read
 *               over that run;
 *   saturation  two unthrottled copies of the overhead workload
 *               (bench/workload/syscalls.c), one pinned to each core, with
 *               falconet competing for the same cores: the events the probe
 *               produced per second and the share it dropped (Falco 0.44.1
 *               measured about 644,000 events/s and 3.4% dropped here).
 *
 * Each falconet run is a fresh process; its driver counters come from its
 * -v summary (Driver Events counts the dropped events too). Needs root and
 * the built probe.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { aroundFalconet, falconetCommand } from './live-process.js';

export interface ThroughputPaths { repo: string; shared: string; work: string }

export interface LiveRun {
  /** Events/s the load generators asked for (0: unthrottled). */
  askedRate: number;
  seconds: number;
  /** Events the probe produced (dropped ones included) per second of the run. */
  probeRate: number;
  driverEvents: number;
  driverDrops: number;
  dropShare: number;
  /** falconet's processor time over the run / the run's wall time. */
  cpuPercent: number;
  peakRssMb: number;
}

export interface LiveThroughputOptions {
  /** Seconds of the confirming run (default 60). */
  holdSeconds?: number;
  /** Seconds of each step of the search (default 8). */
  stepSeconds?: number;
  /** Rates tried, ascending (events/s). */
  ladder?: number[];
  /** Seconds of the saturation run (default 20). */
  saturationSeconds?: number;
}

export interface LiveThroughputResult {
  steps: LiveRun[];
  /** The confirming run at the best drop-free step rate; undefined if no step was drop-free. */
  sustained: LiveRun | undefined;
  saturation: LiveRun;
  /** Set when the search stopped because the load generators could not reach the next rate. */
  generatorLimit?: { asked: number; reached: number };
  command: string[];
}

interface Tools { paced: string; syscalls: string; data: string }

function build(p: ThroughputPaths): Tools {
  mkdirSync(p.work, { recursive: true });
  const t: Tools = { paced: join(p.work, 'paced'), syscalls: join(p.work, 'syscalls'), data: join(p.work, 'throughput.dat') };
  for (const [out, src] of [[t.paced, 'paced.c'], [t.syscalls, 'syscalls.c']] as const) {
    const r = spawnSync('cc', ['-O2', '-Wall', '-o', out, join(p.repo, 'bench/workload', src)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cc ${src} failed: ${r.stderr}`);
  }
  writeFileSync(t.data, 'a small file opened and closed over and over\n');
  return t;
}

function waitExit(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** One falconet run around a load, as throughput figures. */
async function withFalconet(command: string[], askedRate: number, load: () => Promise<number>): Promise<LiveRun> {
  const r = await aroundFalconet(command, load);
  return {
    askedRate, seconds: r.seconds, probeRate: r.driverEvents / r.seconds, driverEvents: r.driverEvents, driverDrops: r.driverDrops,
    dropShare: r.driverEvents === 0 ? 0 : r.driverDrops / r.driverEvents,
    cpuPercent: r.cpuPercent, peakRssMb: r.peakRssMb,
  };
}

export async function benchLiveThroughput(p: ThroughputPaths, options: LiveThroughputOptions = {}): Promise<LiveThroughputResult> {
  if (process.getuid?.() !== 0) throw new Error('live-throughput needs root (it runs the live probe)');
  const holdSeconds = options.holdSeconds ?? 60;
  const stepSeconds = options.stepSeconds ?? 8;
  const ladder = options.ladder ?? [200_000, 300_000, 400_000, 500_000, 600_000, 800_000, 1_000_000, 1_200_000, 1_500_000];
  const tools = build(p);
  const command = falconetCommand(p);

  // One generator per core, each making its share: one process alone tops out below the rates tried.
  const generators = Math.max(1, Math.min(2, availableParallelism()));
  const paced = (rate: number, seconds: number) => async (): Promise<number> => {
    const share = String(rate / generators);
    const runs = await Promise.all(Array.from({ length: generators }, () => waitExit(tools.paced, [tools.data, share, String(seconds)])));
    let events = 0;
    let longest = 0;
    for (const r of runs) {
      const m = /^(\d+) ([\d.]+)/.exec(r.out);
      if (m === null || (r.code !== 0 && r.code !== 3)) throw new Error(`paced load failed (${r.code}): ${r.out}`);
      events += Number(m[1]);
      longest = Math.max(longest, Number(m[2]));
    }
    if (runs.some((r) => r.code === 3)) throw new GeneratorLimit(rate, events / longest);
    return longest;
  };

  const steps: LiveRun[] = [];
  let best: number | undefined;
  let generatorLimit: { asked: number; reached: number } | undefined;
  for (const rate of ladder) {
    let run: LiveRun;
    try {
      run = await withFalconet(command, rate, paced(rate, stepSeconds));
    } catch (e) {
      if (!(e instanceof GeneratorLimit)) throw e;
      generatorLimit = { asked: e.asked, reached: e.reached }; // the load cannot go faster on this machine
      break;
    }
    steps.push(run);
    if (run.driverDrops > 0) break;
    best = rate;
  }

  // Hold the best step rate; if that drops over the long run, step down by 10% until it does not.
  let sustained: LiveRun | undefined;
  for (let rate = best; rate !== undefined && rate >= (best ?? 0) * 0.5; rate = Math.round(rate * 0.9)) {
    const run = await withFalconet(command, rate, paced(rate, holdSeconds));
    sustained = run;
    if (run.driverDrops === 0) break;
  }

  const saturationSeconds = options.saturationSeconds ?? 20;
  const cores = Math.min(2, availableParallelism());
  const saturation = await withFalconet(command, 0, async () => {
    const started = Date.now();
    const loads = [];
    for (let c = 0; c < cores; c++) {
      // Iterations sized for roughly `saturationSeconds` with the probe attached; the wall time is measured.
      loads.push(waitExit('taskset', ['-c', String(c), tools.syscalls, tools.data, String(saturationSeconds * 250_000), '1000']));
    }
    const results = await Promise.all(loads);
    for (const r of results) if (r.code !== 0) throw new Error(`workload failed (${r.code}): ${r.out}`);
    return (Date.now() - started) / 1000;
  });
  return { steps, sustained, saturation, ...(generatorLimit !== undefined ? { generatorLimit } : {}), command };
}

class GeneratorLimit extends Error {
  constructor(readonly asked: number, readonly reached: number) {
    super(`the load generator reached ${Math.round(reached)} of ${asked} events/s`);
  }
}
