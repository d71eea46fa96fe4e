/**
 * The probe's own cost per system call, from the kernel's BPF run-time
 * statistics (sysctl kernel.bpf_stats_enabled): the live-overhead workload
 * without forks (1M open+close, 1M read+stat) runs once under each of
 *
 *   no-op         the floor's empty sys_exit program: what the statistics
 *                 themselves add (two clock reads per run);
 *   filter only   the probe with nothing of the workload interesting: the
 *                 filter every system call pays;
 *   events        the probe with openat and close interesting (a Node-API
 *                 consumer that discards the batches).
 *
 * Wall-time overhead (live-overhead) moves by tens of milliseconds from run
 * to run; these per-run figures move by a few nanoseconds, which is what a
 * change to the probe's hot path needs to be judged by.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { build, type Paths } from './live-overhead.js';
import { Background } from './live-process.js';
import { interestingTable, loadNativeProbe, ppmScTable, PROBE_PATH } from '../src/sources/native-probe.js';

const STATS = '/proc/sys/kernel/bpf_stats_enabled';
const NR_OPENAT = 257;
const NR_CLOSE = 3;
const NR_PTRACE = 101;

export interface ProgramCost { runs: number; nsPerRun: number }

export interface ProbeCostResult {
  noop: ProgramCost;
  filterOnly: ProgramCost;
  events: ProgramCost;
  /** Events the probe sent in the `events` run. */
  eventCount: number;
  /** (events total - filter-only ns/run x runs) / events: what building and sending one event costs. */
  nsPerEvent: number;
}

/** Summed run time and count of the loaded programs with this name. */
function programStats(name: string): { ns: number; runs: number } {
  const r = spawnSync('bpftool', ['-j', 'prog', 'show'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bpftool prog show failed: ${r.stderr}`);
  let ns = 0;
  let runs = 0;
  for (const p of JSON.parse(r.stdout) as { name?: string; run_time_ns?: number; run_cnt?: number }[]) {
    if (p.name !== name) continue;
    ns += p.run_time_ns ?? 0;
    runs += p.run_cnt ?? 0;
  }
  return { ns, runs };
}

function runWorkload(workload: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(workload, [data, '500000', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`workload exited with ${code}`))));
  });
}

/** The named program's cost over one workload run. */
async function measure(name: string, workload: string, data: string): Promise<ProgramCost> {
  const before = programStats(name);
  await runWorkload(workload, data);
  const after = programStats(name);
  const runs = after.runs - before.runs;
  return { runs, nsPerRun: runs > 0 ? (after.ns - before.ns) / runs : NaN };
}

export async function benchProbeCost(p: Paths): Promise<ProbeCostResult> {
  if (process.getuid?.() !== 0) throw new Error('probe-cost needs root (it attaches BPF programs)');
  const b = build(p);
  const previous = readFileSync(STATS, 'utf8').trim();
  writeFileSync(STATS, '1');
  try {
    const loader = new Background(b.noopLoader, [b.noopObject]);
    let noop: ProgramCost;
    try {
      await loader.waitFor(/attached 2 programs/, 10_000);
      noop = await measure('noop_sys_exit', b.workload, b.data);
    } finally {
      loader.child.stdin!.end();
      await loader.stop();
    }
    const native = loadNativeProbe();
    const withProbe = async (nrs: number[]): Promise<{ cost: ProgramCost; events: number }> => {
      const h = native.open({
        probePath: PROBE_PATH, cpusForEachBuffer: 1, bufSizeBytes: 8 << 20, interesting: interestingTable(nrs),
        excludeTgid: process.pid, snaplen: 80, ppmSc: ppmScTable(), procexit: false,
      });
      try {
        h.start(() => {});
        const before = h.stats().nEvts;
        const cost = await measure('sys_exit', b.workload, b.data);
        return { cost, events: Number(h.stats().nEvts - before) };
      } finally {
        h.close();
      }
    };
    const filterOnly = (await withProbe([NR_PTRACE])).cost;
    const ev = await withProbe([NR_OPENAT, NR_CLOSE]);
    const nsPerEvent = (ev.cost.nsPerRun * ev.cost.runs - filterOnly.nsPerRun * ev.cost.runs) / ev.events;
    return { noop, filterOnly, events: ev.cost, eventCount: ev.events, nsPerEvent };
  } finally {
    writeFileSync(STATS, previous);
  }
}
