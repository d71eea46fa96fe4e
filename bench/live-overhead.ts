/**
 * Live-capture overhead: the wall time of a fixed syscall-heavy workload
 * (bench/workload/syscalls.c, ~1M syscalls/s: open/read/close/stat and a
 * fork+exec of /bin/true every so often) in three settings, interleaved and
 * repeated, median per setting:
 *
 *   alone     nothing attached;
 *   no-op     two empty BPF programs on sys_enter/sys_exit (bench/noop):
 *             the floor any syscall-tracing probe pays;
 *   falconet  falconet live with the official syscall rulesets, started and
 *             ready before the workload, stopped with SIGINT after it.
 *
 * The figure of merit is (falconet - alone) / (no-op - alone), on wall
 * time; the same ratio on the workload's own CPU time (user+sys, from
 * getrusage) is printed too, as it is less disturbed by other load on a
 * shared machine (though it misses falconet competing for a core). For falconet
 * it also reads CPU% over the workload (/proc/PID/stat), peak RSS (VmHWM)
 * and the driver's event/drop counters from its -v summary.
 *
 * Needs root and the built probe (scripts/build-native.sh); builds the
 * workload and the no-op probe itself into the work directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { aroundFalconet, Background, falconetCommand, median } from './live-process.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Paths { repo: string; shared: string; work: string }

export type Setting = 'alone' | 'no-op' | 'falconet';

export interface FalconetSample {
  /** Processor time falconet used during the workload / the workload's wall time. */
  cpuPercent: number;
  /** VmHWM at the end of the workload. */
  peakRssMb: number;
  /** VmHWM once ready, before the workload: the start-up (rules, /proc scan) share of the peak. */
  readyPeakRssMb: number;
  driverEvents: number;
  driverDrops: number;
}

export interface LiveOverheadOptions {
  rounds?: number;
  /** Workload loop iterations (4 syscalls each). */
  iterations?: number;
  /** A fork+exec of /bin/true every this many iterations. */
  forkEvery?: number;
}

export interface LiveOverheadResult {
  rounds: number;
  iterations: number;
  forkEvery: number;
  /** Syscalls the workload issues per run (its own count). */
  workloadCalls: number;
  /** Workload wall seconds per setting, in run order. */
  seconds: Record<Setting, number[]>;
  /** Workload CPU seconds (user+sys) per setting, in run order. */
  cpuSeconds: Record<Setting, number[]>;
  medianCpu: Record<Setting, number>;
  /** Workload seconds spent runnable but waiting for a CPU (run-queue delay), median; -1 if unknown. */
  medianRunQueueWait: Record<Setting, number>;
  /** The overhead ratio on CPU time rather than wall time. */
  cpuRatio: number;
  median: Record<Setting, number>;
  floorOverhead: number;
  falconetOverhead: number;
  /** falconetOverhead / floorOverhead (target <= 1.5). */
  ratio: number;
  /** Fastest run per setting: on a shared machine noise only ever adds time, so this is a second view. */
  fastest: Record<Setting, number>;
  /** The ratio computed from the fastest runs. */
  fastestRatio: number;
  falconet: FalconetSample[];
  falconetCommand: string[];
}

export interface Built { workload: string; data: string; noopObject: string; noopLoader: string }

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
}

/** Builds the workload, the no-op probe and its loader into `work`. */
export function build(p: Paths): Built {
  mkdirSync(p.work, { recursive: true });
  const src = join(p.repo, 'bench');
  const b: Built = {
    workload: join(p.work, 'syscalls'),
    data: join(p.work, 'workload.dat'),
    noopObject: join(p.work, 'noop.bpf.o'),
    noopLoader: join(p.work, 'noop-loader'),
  };
  run('cc', ['-O2', '-Wall', '-o', b.workload, join(src, 'workload/syscalls.c')]);
  // clang -target bpf does not search the multiarch include dir, where asm/types.h lives.
  const triple = spawnSync('cc', ['-dumpmachine'], { encoding: 'utf8' }).stdout.trim();
  run('clang', ['-O2', '-g', '-target', 'bpf', `-I/usr/include/${triple}`, '-c', join(src, 'noop/noop.bpf.c'), '-o', b.noopObject]);
  run('cc', ['-O2', '-Wall', '-o', b.noopLoader, join(src, 'noop/loader.c'), '-lbpf']);
  writeFileSync(b.data, 'a small file the workload opens, reads and stats over and over\n');
  return b;
}

function checkPrerequisites(p: Paths): void {
  if (process.getuid?.() !== 0) throw new Error('live-overhead needs root (it attaches BPF programs)');
  const probe = join(p.repo, 'driver/build/probe.bpf.o');
  const addon = join(p.repo, 'native/build/Release/falconet_native.node');
  for (const f of [probe, addon]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run ./scripts/build-native.sh first`);
  }
}

interface WorkloadRun { calls: number; seconds: number; cpuSeconds: number; waitSeconds: number }

/** Runs the workload once, with the figures it measured itself. */
function workload(b: Built, iterations: number, forkEvery: number): Promise<WorkloadRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(b.workload, [b.data, String(iterations), String(forkEvery)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /^(\d+) ([\d.]+) ([\d.]+) ([\d.]+) (-?[\d.]+)/.exec(out);
      if (code !== 0 || m === null) return reject(new Error(`workload failed (${code}): ${err}`));
      resolve({ calls: Number(m[1]), seconds: Number(m[2]), cpuSeconds: Number(m[3]) + Number(m[4]), waitSeconds: Number(m[5]) });
    });
  });
}

export async function benchLiveOverhead(p: Paths, options: LiveOverheadOptions = {}): Promise<LiveOverheadResult> {
  const rounds = options.rounds ?? 9;
  const iterations = options.iterations ?? 500_000;
  const forkEvery = options.forkEvery ?? 1000;
  checkPrerequisites(p);
  const b = build(p);
  const cmd = falconetCommand(p);
  const seconds: Record<Setting, number[]> = { alone: [], 'no-op': [], falconet: [] };
  const cpuSecondsOf: Record<Setting, number[]> = { alone: [], 'no-op': [], falconet: [] };
  const waits: Record<Setting, number[]> = { alone: [], 'no-op': [], falconet: [] };
  const falconet: FalconetSample[] = [];
  let workloadCalls = 0;

  const measure = async (setting: Setting): Promise<number> => {
    const w = await workload(b, iterations, forkEvery);
    workloadCalls = w.calls;
    seconds[setting].push(w.seconds);
    cpuSecondsOf[setting].push(w.cpuSeconds);
    waits[setting].push(w.waitSeconds);
    return w.seconds;
  };

  const settings: Record<Setting, () => Promise<void>> = {
    alone: async () => {
      await measure('alone');
    },
    'no-op': async () => {
      const loader = new Background(b.noopLoader, [b.noopObject]);
      try {
        await loader.waitFor(/attached 2 programs/, 10_000);
        await measure('no-op');
      } finally {
        loader.child.stdin!.end();
        await loader.stop();
      }
    },
    falconet: async () => {
      const r = await aroundFalconet(cmd, () => measure('falconet'));
      falconet.push({ cpuPercent: r.cpuPercent, peakRssMb: r.peakRssMb, readyPeakRssMb: r.readyPeakRssMb, driverEvents: r.driverEvents, driverDrops: r.driverDrops });
    },
  };

  // Rotating the order each round spreads slow drift (other load, caches) over all settings.
  const order: Setting[] = ['alone', 'no-op', 'falconet'];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < order.length; i++) await settings[order[(i + r) % order.length]!]();
  }

  const med = { alone: median(seconds.alone), 'no-op': median(seconds['no-op']), falconet: median(seconds.falconet) };
  const floorOverhead = med['no-op'] - med.alone;
  const falconetOverhead = med.falconet - med.alone;
  const medCpu = { alone: median(cpuSecondsOf.alone), 'no-op': median(cpuSecondsOf['no-op']), falconet: median(cpuSecondsOf.falconet) };
  const fastest = { alone: Math.min(...seconds.alone), 'no-op': Math.min(...seconds['no-op']), falconet: Math.min(...seconds.falconet) };
  return {
    rounds, iterations, forkEvery, workloadCalls, seconds, median: med,
    cpuSeconds: cpuSecondsOf, medianCpu: medCpu,
    medianRunQueueWait: { alone: median(waits.alone), 'no-op': median(waits['no-op']), falconet: median(waits.falconet) },
    cpuRatio: (medCpu.falconet - medCpu.alone) / (medCpu['no-op'] - medCpu.alone),
    floorOverhead, falconetOverhead, ratio: falconetOverhead / floorOverhead,
    fastest, fastestRatio: (fastest.falconet - fastest.alone) / (fastest['no-op'] - fastest.alone),
    falconet, falconetCommand: cmd,
  };
}
