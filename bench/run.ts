/**
 * Runs falconet's benchmarks and prints each as a ratio against a baseline
 * measured in the same run. Usage: npm run bench [-- NAME...]
 * Names: rules-load, compile-eval, scap-walk, replay, replay-repeat,
 * live-overhead (root, built probe; FALCONET_BENCH_ROUNDS sets its rounds,
 * default 9), live-pipeline (records build/bench/pipeline.scap once, root
 * and built probe; FALCONET_BENCH_PIPELINE_CAPTURE names another capture,
 * FALCONET_BENCH_RECORD=1 records anew), live-throughput (root, built
 * probe; FALCONET_BENCH_HOLD_SECONDS sets the confirming run, default 60).
 *
 * replay runs on a recording of a mixed real workload, kept in
 * $FALCONET_BENCH_CAPTURE_DIR (default /var/tmp/falconet-bench) and reused
 * while current; recording it (root, built probe) takes
 * $FALCONET_BENCH_MIXED_SECONDS (default 75) seconds; FALCONET_BENCH_RECORD=1
 * records anew. replay-repeat runs on a shared reference capture repeated.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRulesLoad } from './rules-load.js';
import { benchCompiledVsInterpreted } from './compile-eval.js';
import { benchReplayOf, benchReplayRepeat, MIXED_ONE_RULE, type ReplayBenchResult } from './replay.js';
import { mixedCapture } from './mixed-capture.js';
import { formatTop } from './capture-histogram.js';
import { benchLiveOverhead } from './live-overhead.js';
import { benchLiveThroughput, type LiveRun } from './live-throughput.js';
import { benchLivePipeline, printLivePipeline, recordWorkloadCapture } from './live-pipeline.js';
import { OFFICIAL_SYSCALL_RULESETS } from './official-rules.js';
import { benchScapWalk } from './scap-walk.js';
import { benchProbeCost } from './probe-cost.js';
import { SHARED } from '../test/reference.js';

const repo = join(fileURLToPath(import.meta.url), '..', '..', '..');
// The tests' locator of the shared reference data (FALCONET_SHARED, ../shared, /work/shared).
const referenceRules = process.env.FALCO_REFERENCE_RULES ?? join(SHARED, 'falco-reference', 'rules');

const shared = join(referenceRules, '..', '..');
const work = process.env.FALCONET_BENCH_DIR ?? join(repo, 'build', 'bench');

function printReplay(r: ReplayBenchResult, counted: string): void {
  const base = r.runs[0]!;
  console.log(`replay: ${r.capture}, ${r.events} ${counted}`);
  for (const run of r.runs) {
    const ratio = run.eventsPerSecond / base.eventsPerSecond;
    console.log(`  ${run.name.padEnd(62)} ${run.seconds.toFixed(2)} s  ${(run.eventsPerSecond / 1e6).toFixed(2)} M events/s  max RSS ${run.maxRssMb.toFixed(0)} MB  ${ratio.toFixed(2)}x sysdig`);
  }
}

const benches: Record<string, () => void | Promise<void>> = {
  'rules-load': () => {
    const r = benchRulesLoad(referenceRules);
    console.log(`rules-load: ${r.rules} rules from ${r.files.length} official rulesets, median of ${r.runs} runs`);
    console.log(`  load+compile ${r.medianLoadMs.toFixed(1)} ms (target < 300 ms), YAML parse alone ${r.medianYamlMs.toFixed(1)} ms`);
    console.log(`  ratio load+compile / YAML parse: ${r.ratio.toFixed(2)}x`);
  },
  'compile-eval': () => {
    const r = benchCompiledVsInterpreted();
    console.log(`compile-eval: ${r.conditions} conditions x ${r.events} synthetic events`);
    console.log(`  compiled ${(r.compiledOpsPerSec / 1e6).toFixed(2)} M evals/s, interpreter ${(r.interpretedOpsPerSec / 1e6).toFixed(2)} M evals/s`);
    console.log(`  ratio compiled / interpreter: ${r.ratio.toFixed(2)}x (target >= 5x)`);
  },
  'scap-walk': () => {
    const r = benchScapWalk();
    console.log(`scap-walk: block walk of a repeated capture (no decoding): ${(r.eventsPerSecond / 1e6).toFixed(1)} M events/s`);
  },
  replay: async () => {
    const m = await mixedCapture({ repo }, { log: (l) => console.log(`replay: ${l}`) });
    const i = m.info;
    const h = i.histogram;
    const c = i.counts;
    console.log(`replay: mixed workload capture ${m.path}, ${m.note}`);
    console.log(`  ${(i.bytes / 1e6).toFixed(1)} MB, ${h.events} events (scap ${h.version}), recorded in ${i.recordSeconds.toFixed(0)} s from ${i.workloadSeconds} s of workload`);
    console.log(`  falconet capture: ${c.written} written of ${c.delivered} delivered (filter: workload processes), dropped by the probe ${c.dropped} of ${c.probeEvents}`);
    if (c.dropped > 0) {
      console.log(`  (drops count every process on the host, the filter applying after the probe: the file may lack some of the workload's events; it still has to replay cleanly)`);
    }
    if (c.dropped > c.probeEvents / 100) {
      console.log(`  WARNING: the probe dropped ${((100 * c.dropped) / c.probeEvents).toFixed(1)}% of the host's events while recording (other load?): for a complete capture, re-record on a quiet machine with FALCONET_BENCH_RECORD=1`);
    }
    if (h.events + h.skipped !== c.written || h.skipped > 0) {
      console.log(`  WARNING: falconet's reader finds ${h.events} events (${h.skipped} skipped), the writer reported ${c.written}`);
    }
    if (i.sysdig !== null && i.sysdig.events !== h.events) {
      const missing = i.sysdig.missing.map(([k, n]) => `${k} ${n}`).join(', ');
      console.log(`  sysdig 0.29.3 shows ${i.sysdig.events} of them (it skips event codes newer than its libs: ${missing}); rates below use ${h.events} for every program`);
    }
    for (const w of i.workload) console.log(`  ${w}`);
    console.log(`  event types: ${formatTop(h.types, h.events, 12)}`);
    const execs = h.programs.reduce((s, [, n]) => s + n, 0);
    console.log(`  programs started (${execs} execs): ${formatTop(h.programs, execs, 15)}`);
    printReplay(benchReplayOf({ repo, shared, work }, m.path, h.events, MIXED_ONE_RULE), 'events in the file');
  },
  'replay-repeat': () => {
    printReplay(benchReplayRepeat({ repo, shared, work }), 'events as rules see them');
  },
  'live-throughput': async () => {
    const holdSeconds = Number(process.env.FALCONET_BENCH_HOLD_SECONDS ?? 60);
    const r = await benchLiveThroughput({ repo, shared, work }, { holdSeconds });
    const line = (what: string, x: LiveRun): string =>
      `  ${what.padEnd(26)} ${(x.probeRate / 1000).toFixed(0).padStart(5)}k events/s over ${x.seconds.toFixed(1)} s, dropped ${x.driverDrops} of ${x.driverEvents} (${(100 * x.dropShare).toFixed(2)}%), falconet CPU ${x.cpuPercent.toFixed(0)}% of a core, peak RSS ${x.peakRssMb.toFixed(0)} MB`;
    console.log(`live-throughput: falconet with the three official syscall rulesets`);
    for (const s of r.steps) console.log(line(`step at ${s.askedRate / 1000}k/s`, s));
    if (r.generatorLimit !== undefined) console.log(`  (search stopped: the load generators reached ${(r.generatorLimit.reached / 1000).toFixed(0)}k of ${r.generatorLimit.asked / 1000}k events/s)`);
    if (r.sustained !== undefined) {
      console.log(line(`held at ${r.sustained.askedRate / 1000}k/s`, r.sustained));
      const ok = r.sustained.driverDrops === 0;
      console.log(`  sustained drop-free rate: ${ok ? `${(r.sustained.probeRate / 1000).toFixed(0)}k events/s for ${r.sustained.seconds.toFixed(0)} s` : 'none held'} (target >= 300k events/s for 60 s)`);
    } else console.log('  sustained drop-free rate: none (the lowest step dropped)');
    console.log(line('saturation (2 workloads)', r.saturation));
    console.log(`  saturation drop share ${(100 * r.saturation.dropShare).toFixed(2)}% (Falco 0.44.1: 3.4% at about 644k events/s)`);
  },
  'live-pipeline': () => {
    const given = process.env.FALCONET_BENCH_PIPELINE_CAPTURE;
    const recorded = join(work, 'pipeline.scap');
    const capture = given ?? (existsSync(recorded) && process.env.FALCONET_BENCH_RECORD !== '1' ? recorded : recordWorkloadCapture(repo, work));
    printLivePipeline(benchLivePipeline(capture, OFFICIAL_SYSCALL_RULESETS.map((f) => join(referenceRules, f))));
  },
  'probe-cost': async () => {
    const r = await benchProbeCost({ repo, shared, work });
    const ns = (c: { nsPerRun: number }) => `${c.nsPerRun.toFixed(0)} ns/run`;
    console.log(`probe-cost: sys_exit run time by bpf_stats over the workload without forks (${r.events.runs} syscalls)`);
    console.log(`  no-op program  ${ns(r.noop)}  (what the statistics' own clock reads add)`);
    console.log(`  filter only    ${ns(r.filterOnly)}  ${(r.filterOnly.nsPerRun / r.noop.nsPerRun).toFixed(2)}x the no-op`);
    console.log(`  events         ${ns(r.events)}  ${(r.events.nsPerRun / r.noop.nsPerRun).toFixed(2)}x the no-op; ${r.eventCount} events, ${r.nsPerEvent.toFixed(0)} ns each beyond the filter`);
  },
  'live-overhead': async () => {
    // 9 rounds: the floor is small (about 0.3 s), so its median decides the ratio's noise.
    const rounds = Number(process.env.FALCONET_BENCH_ROUNDS ?? 9);
    const r = await benchLiveOverhead({ repo, shared, work }, { rounds });
    const s = (x: number) => `${x.toFixed(3)} s`;
    console.log(`live-overhead: workload of ${r.workloadCalls} syscalls (${r.iterations} x open/read/close/stat, fork+exec /bin/true every ${r.forkEvery}), ${r.rounds} interleaved rounds, median`);
    console.log(`  falconet: ${r.falconetCommand.map((a) => a.replace(repo + '/', '')).join(' ')}`);
    for (const k of ['alone', 'no-op', 'falconet'] as const) {
      console.log(`  ${k.padEnd(9)} ${s(r.median[k])}  (runs: ${r.seconds[k].map((x) => x.toFixed(3)).join(', ')})`);
    }
    console.log(`  added by no-op BPF (floor) ${s(r.floorOverhead)}, by falconet ${s(r.falconetOverhead)}`);
    // With other load on the machine the floor can drown in noise; a ratio over it would mean nothing.
    const ratio = r.floorOverhead > 0 ? r.ratio.toFixed(2) : 'n/a (no-op floor lost in noise)';
    console.log(`  ratio falconet / floor overhead: ${ratio} (target <= 1.5; Falco 0.44.1 measured 2.6)`);
    const fast = r.fastest;
    const c = r.medianCpu;
    console.log(`  workload CPU time (user+sys) instead of wall: alone ${s(c.alone)}, no-op ${s(c['no-op'])}, falconet ${s(c.falconet)}, ratio ${r.cpuRatio.toFixed(2)}`);
    const w = r.medianRunQueueWait;
    console.log(`  workload waiting for a CPU (run-queue delay, other load): alone ${s(w.alone)}, no-op ${s(w['no-op'])}, falconet ${s(w.falconet)}`);
    console.log(`  from the fastest runs instead: alone ${s(fast.alone)}, no-op ${s(fast['no-op'])}, falconet ${s(fast.falconet)}, ratio ${r.fastestRatio.toFixed(2)}`);
    for (const [i, f] of r.falconet.entries()) {
      console.log(`  falconet run ${i + 1}: CPU ${f.cpuPercent.toFixed(0)}% of one core over the workload, peak RSS ${f.peakRssMb.toFixed(0)} MB (target < 150 MB; ${f.readyPeakRssMb.toFixed(0)} MB when ready), driver events ${f.driverEvents}, drops ${f.driverDrops}`);
    }
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  const run = benches[name];
  if (run === undefined) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  await run();
}
