/**
 * The processor time falconet's JavaScript spends per live event, without
 * the kernel: a recording of the live probe's events is cut into batches in
 * the addon's layout and fed to the live pipeline (src/sources/live-pipeline.ts)
 * with Falco's three official syscall rulesets, as `./falconet` would
 * process them. Three passes over the same batches, each with fresh state
 * seeded from the recording's tables:
 *
 *   walk    the batch reader alone (block checks, time order): the floor;
 *   state   plus the state engine (threads, fds, names);
 *   full    plus the rules (what a live run does per event).
 *
 * Events of calls a live run with these rules would not select (the I/O
 * calls without base_syscalls.all) are left out of the batches.
 * Each is the median of several runs, in ns per event; the ratio full/walk
 * is what the JavaScript adds over merely reading the batches. The
 * recording is made (root, built probe) by `falconet capture` while
 * bench/workload/syscalls.c runs, so the events are those the
 * live-throughput saturation run makes; FALCONET_BENCH_PIPELINE_CAPTURE
 * names another capture instead.
 *
 * Run alone: node dist/bench/live-pipeline.js [CAPTURE.scap] [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../src/cli/args.js';
import { Logger } from '../src/cli/logger.js';
import { createRuleEngine, type LoadedRules } from '../src/cli/rules-steps.js';
import type { RunContext } from '../src/cli/run.js';
import { loadConfig } from '../src/config/load.js';
import { readRulesFiles } from '../src/cli/rules-files.js';
import { EVENT_TABLE } from '../src/events/event-table.js';
import { EventView } from '../src/events/event-view.js';
import { EventBlock } from '../src/events/scap-blocks.js';
import { openCapture } from '../src/events/scap-reader.js';
import type { CaptureTables } from '../src/events/scap-records.js';
import { syscallExtractors } from '../src/fields/extract/registry.js';
import { EVENT_BLOCK_TYPE, LiveBatchReader } from '../src/sources/live-batch.js';
import { LivePipeline } from '../src/sources/live-pipeline.js';
import { probeHandlerNumbers } from '../src/sources/probe-handlers.js';
import { selectSyscalls, syscallsForEventName } from '../src/sources/syscall-interest.js';
import type { SyscallRules } from '../src/sources/syscall-rules.js';
import { prepareSyscallRun } from '../src/sources/syscall-run.js';
import { StateEngine } from '../src/state/system-state.js';
import { ViewEvent } from '../src/state/view-event.js';
import { SHARED } from '../test/reference.js';
import { median } from './live-process.js';
import { OFFICIAL_SYSCALL_RULESETS } from './official-rules.js';

/** Bytes per batch: what the addon's poll thread hands over at most. */
const BATCH_BYTES = 1 << 20;

export interface PipelineStage {
  name: 'walk' | 'state' | 'full';
  nsPerEvent: number;
}

export interface LivePipelineResult {
  capture: string;
  events: number;
  batches: number;
  alerts: number;
  stages: PipelineStage[];
  /** full / walk. */
  ratio: number;
}

/** The events of a capture as live batches (block: type, length, cpu, event, padding, length). */
export function captureBatches(path: string, keep: (code: number) => boolean = () => true): { tables: CaptureTables; batches: Buffer[]; events: number } {
  const r = openCapture(path);
  const tables = r.header;
  const batches: Buffer[] = [];
  let cur = Buffer.alloc(BATCH_BYTES);
  let used = 0;
  let events = 0;
  const v = new EventView();
  for (let b = r.next(); b; b = r.next()) {
    for (let i = 0; i < b.count; i++) {
      v.at(b, i);
      if (!keep(v.type)) continue;
      const block = EventBlock.length(v.length, false);
      if (used + block > cur.length) {
        batches.push(cur.subarray(0, used));
        cur = Buffer.alloc(Math.max(BATCH_BYTES, block));
        used = 0;
      }
      // The addon's block head: always type 0x204 with the cpu (the event's own type tells its length size).
      cur.writeUInt32LE(EVENT_BLOCK_TYPE, used);
      cur.writeUInt32LE(block, used + 4);
      cur.writeUInt16LE(v.cpu, used + 8);
      v.buffer.copy(cur, used + 10, v.offset, v.offset + v.length);
      EventBlock.writeTail(cur, used, block, used + 10 + v.length);
      used += block;
      events++;
    }
  }
  r.close();
  if (used > 0) batches.push(cur.subarray(0, used));
  return { tables, batches, events };
}

function context(rulesFiles: readonly string[]): RunContext<LoadedRules> {
  const loaded = loadConfig({ overrides: ['engine.kind=modern_ebpf', 'stdout_output.enabled=false'], env: {} });
  const engine = createRuleEngine();
  const result = engine.load(readRulesFiles([...rulesFiles]));
  if (!result.successful) throw new Error(`rules did not load: ${rulesFiles.join(", ")}`);
  const log = new Logger(() => undefined);
  return {
    config: loaded.config,
    document: loaded.document,
    options: parseArgs([]),
    log,
    io: { stdout: () => undefined, stderr: () => undefined, env: {} },
    enabledSources: ['syscall'],
    rules: { engine, result, selection: [], minPriority: 7, rulesets: new Map() },
    signal: new AbortController().signal,
  };
}

function freshState(tables: CaptureTables): StateEngine {
  // Live mode, but the recording's processes are not this host's: nothing is read from /proc.
  const state = new StateEngine({ mode: 'live', loadProcess: () => undefined, isThreadAlive: () => true });
  state.seed(tables);
  return state;
}

function timed(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0);
}

/** Records the saturation workload's events with `falconet capture` (root, built probe). */
export function recordWorkloadCapture(repo: string, work: string, seconds = 3): string {
  mkdirSync(work, { recursive: true });
  const out = join(work, 'pipeline.scap');
  const syscalls = join(work, 'syscalls');
  const data = join(work, 'pipeline.dat');
  const cc = spawnSync('cc', ['-O2', '-Wall', '-o', syscalls, join(repo, 'bench/workload/syscalls.c')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`cc syscalls.c failed: ${cc.stderr}`);
  writeFileSync(data, 'a small file opened and closed over and over\n');
  // The workload runs as long as the capture, started once the capture is ready.
  const script = `${join(repo, 'falconet')} capture -w ${out} -M ${seconds + 2} > ${out}.log 2>&1 & c=$!; ` +
    `for i in $(seq 100); do grep -q 'ready in' ${out}.log && break; sleep 0.1; done; ` +
    `timeout ${seconds} ${syscalls} ${data} 100000000 1000 > /dev/null; wait $c`;
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`recording failed (${r.status}): ${r.stderr}`);
  return out;
}

/** Whether a live run with these rules would receive events of a code (the calls it selects, and non-call events). */
function interestOf(rules: SyscallRules, ctx: RunContext<LoadedRules>): (code: number) => boolean {
  const { selected } = selectSyscalls(rules.ruleset.enabledEventTypes(), ctx.config.baseSyscalls, probeHandlerNumbers());
  const keep = EVENT_TABLE.map((info) => {
    const nrs = info === undefined ? new Set<number>() : syscallsForEventName(info.name);
    return nrs.size === 0 || [...nrs].some((nr) => selected.has(nr));
  });
  return (code) => keep[code] ?? false;
}

type StageName = PipelineStage['name'];
const STAGES: readonly StageName[] = ['walk', 'state', 'full'];

/**
 * Times one stage in this process: ns per event of each run. A stage runs
 * alone in its process because V8 specializes the batch reader for the
 * callbacks it sees: three stages in one process would slow each other.
 */
export function timeStage(stage: StageName, capture: string, rulesFiles: readonly string[], runs: number): { events: number; batches: number; alerts: number; ns: number[] } {
  const ctx = context(rulesFiles);
  const { evaluate, printer, run, rules } = prepareSyscallRun(ctx, syscallExtractors);
  const { tables, batches, events } = captureBatches(capture, interestOf(rules, ctx));
  const ns: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (stage === 'walk') {
      const reader = new LiveBatchReader();
      let sink = 0;
      ns.push(timed(() => {
        for (const b of batches) reader.read(b, (v) => { sink += v.type; });
      }) / events);
      if (sink === 0) throw new Error('no events walked');
    } else if (stage === 'state') {
      const reader = new LiveBatchReader();
      const view = new ViewEvent();
      const s = freshState(tables);
      ns.push(timed(() => {
        for (const b of batches) reader.read(b, (v) => s.process(view.point(v)));
      }) / events);
    } else {
      const pipeline = new LivePipeline(freshState(tables), run, { evaluate, flush: () => printer.flush() });
      ns.push(timed(() => {
        for (const b of batches) pipeline.processBatch(b);
      }) / events);
    }
  }
  const alerts = Number(/Events detected: (\d+)/.exec(printer.summary())?.[1] ?? NaN);
  return { events, batches: batches.length, alerts, ns };
}

/** Runs each stage in a node of its own, with the V8 flags ./falconet runs live with. */
export function benchLivePipeline(capture: string, rulesFiles: readonly string[], runs = 5): LivePipelineResult {
  const self = fileURLToPath(import.meta.url);
  let info = { events: 0, batches: 0, alerts: 0 };
  const stages = STAGES.map((name): PipelineStage => {
    const r = spawnSync(process.execPath, ['--max-semi-space-size=2', '--single-threaded', self, '--stage', name, capture, String(runs), ...rulesFiles], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`live-pipeline stage ${name} failed (${r.status}): ${r.stderr}`);
    const out = JSON.parse(r.stdout) as ReturnType<typeof timeStage>;
    if (name === 'full') info = out;
    return { name, nsPerEvent: median(out.ns) };
  });
  return { capture, ...info, stages, ratio: stages[2]!.nsPerEvent / stages[0]!.nsPerEvent };
}

export function printLivePipeline(r: LivePipelineResult): void {
  console.log(`live-pipeline: ${r.capture}, ${r.events} events in ${r.batches} batches, three official rulesets (${r.alerts} alerts)`);
  for (const s of r.stages) console.log(`  ${s.name.padEnd(6)} ${s.nsPerEvent.toFixed(0).padStart(5)} ns/event`);
  console.log(`  ratio full / walk: ${r.ratio.toFixed(2)}x`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--stage') {
    const [, stage, capture, runs, ...rulesFiles] = args;
    process.stdout.write(JSON.stringify(timeStage(stage as StageName, capture!, rulesFiles, Number(runs))));
  } else {
    const repo = join(fileURLToPath(import.meta.url), '..', '..', '..');
    const rules = process.env.FALCO_REFERENCE_RULES ?? join(SHARED, 'falco-reference', 'rules');
    const capture = args[0] ?? recordWorkloadCapture(repo, join(repo, 'build', 'bench'));
    printLivePipeline(benchLivePipeline(capture, OFFICIAL_SYSCALL_RULESETS.map((f) => join(rules, f)), Number(args[1] ?? 5)));
  }
}
