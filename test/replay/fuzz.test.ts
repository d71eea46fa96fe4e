/**
 * Seeded random corruptions of the shared captures, each replayed in
 * process through the whole pipeline (reader, converter, state, fields,
 * the three official rulesets plus a catch-all rule, alert printer):
 *
 *  - nothing but a CaptureError ever escapes;
 *  - that error names the file and the byte offset, and the offset is not
 *    before the damaged block;
 *  - every event rules see gets its alert (the catch-all matches all), and
 *    the alerts of events before the damage are exactly the clean run's;
 *  - memory stays bounded over the run.
 *
 * A sample of the cases also goes through runReplay itself, which must
 * print what the harness printed and fail with the same error. Every case
 * is replayable from its number (seed = SEED + case).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { parseArgs } from '../../src/cli/args.js';
import { Fatal } from '../../src/cli/fatal.js';
import { Logger } from '../../src/cli/logger.js';
import type { LoadedRules } from '../../src/cli/rules-steps.js';
import type { RunContext } from '../../src/cli/run.js';
import { EVENT_TABLE } from '../../src/events/event-table.js';
import { CaptureError } from '../../src/events/capture-error.js';
import { openCapture, type CaptureReader, type CaptureReaderOptions } from '../../src/events/scap-reader.js';
import { runReplay } from '../../src/sources/replay.js';
import {
  blockStartOf, loadSample, MUTATOR_NAMES, MUTATORS, ReplayPipeline, rng,
  type CaptureSample, type Corruption, type ReplayOutcome,
} from './fuzz-support.js';
import { REFERENCE } from '../reference.js';

const REF = `${REFERENCE}`;
const CASES = 10_000;
const SEED = 0x5eed_0000;
/** Cases also replayed through runReplay (it compiles the rules on every call: slower). */
const RUN_REPLAY_EVERY = 200;
/** Memory growth (heap and buffers) allowed between the warmed-up start and the end of the run. */
const MAX_MEMORY_GROWTH = 16 << 20;

// Node runs each test file in its own process: exposing gc here affects no other test.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Fires on every event: its output touches each field class (event
 * arguments, process and parent, ancestors, fd, user, group, container),
 * so extractors meet the corrupted state too.
 */
const CATCH_ALL = [
  '- rule: every event',
  '  desc: matches all events, after the official rules',
  '  condition: evt.num > 0',
  '  output: "%evt.num %evt.type %evt.res %evt.args %proc.cmdline %proc.pname %proc.aname[2] %proc.cwd %fd.name %fd.sip %user.name %group.name %container.id"',
  '  priority: DEBUG',
  '',
].join('\n');

const rulesFiles = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']
  .map((f) => ({ name: join(REF, 'rules', f), content: readFileSync(join(REF, 'rules', f), 'utf8') }))
  .concat([{ name: 'catch-all.yaml', content: CATCH_ALL }]);

let pipelineOnce: ReplayPipeline | undefined;

/** The official rulesets and the catch-all, loaded and compiled once for every test here. */
function sharedPipeline(): ReplayPipeline {
  pipelineOnce ??= new ReplayPipeline(rulesFiles, ['priority=debug', 'stdout_output.enabled=true', 'buffered_outputs=false', 'rule_matching=first']);
  return pipelineOnce;
}

const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'falconet-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Clean {
  sample: CaptureSample;
  outcome: ReplayOutcome;
  /** For each clean alert, the offset where its event's block ends. */
  alertEnds: number[];
}

function prepare(pipeline: ReplayPipeline, path: string): Clean {
  const sample = loadSample(path);
  const plain = join(dir, `clean-${sample.name}`);
  writeFileSync(plain, sample.data);
  const outcome = pipeline.replay(plain);
  assert.equal(outcome.error, undefined, `${sample.name}: ${outcome.error?.message}`);
  assert.ok(outcome.alerts.length > 100, `${sample.name}: ${outcome.alerts.length} alerts`);
  const ends = new Map(sample.events.map((e) => [e.header, e.block.offset + e.block.length]));
  return { sample, outcome, alertEnds: outcome.alertOffsets.map((o) => ends.get(o)!) };
}

/**
 * Where damaged gzip bytes start to matter in the uncompressed data: what
 * the intact compressed bytes before the damage inflate to (a lower bound of
 * the first uncompressed byte that differs).
 */
function uncompressedBefore(gz: Buffer, gzipChange: number): number {
  return gunzipSync(gz.subarray(0, gzipChange), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).length;
}

/** Number of leading clean alerts whose events lie wholly before `at`. */
function alertsBefore(c: Clean, at: number): number {
  let n = 0;
  while (n < c.alertEnds.length && c.alertEnds[n]! <= at) n++;
  return n;
}

function summaryCount(summary: string): number {
  const m = /^Events detected: (\d+)$/m.exec(summary);
  assert.ok(m, summary);
  return Number(m[1]);
}

/** The checks every case must pass; returns why not, or undefined. */
function checkCase(c: Clean, corruption: Corruption, path: string, outcome: ReplayOutcome): string | undefined {
  const firstChange = corruption.firstChange ?? uncompressedBefore(corruption.data, corruption.gzipChange!);
  const e = outcome.error;
  if (e !== undefined) {
    if (!e.message.startsWith(`${path}: at byte ${e.offset}`)) return `error does not name file and offset: ${e.message}`;
    if (!e.message.includes(': expected ')) return `error does not say what was expected: ${e.message}`;
    // The reader's safety net for its own defects must never be what reports a corruption.
    if (e.what === 'unreadable capture data') return `internal reader error: ${e.message}`;
    if (e.offset < blockStartOf(c.sample, firstChange)) return `error at ${e.offset}, before the damage at ${firstChange}: ${e.message}`;
  }
  if (outcome.alerts.length !== outcome.visible) return `${outcome.visible} events seen by rules, ${outcome.alerts.length} alerts`;
  if (summaryCount(outcome.summary) !== outcome.alerts.length) return `summary counts ${summaryCount(outcome.summary)}, ${outcome.alerts.length} alerts printed`;
  const kept = alertsBefore(c, firstChange);
  for (let i = 0; i < kept; i++) {
    if (outcome.alerts[i] !== c.outcome.alerts[i]) {
      return `alert ${i} of ${kept} before the damage differs:\n  clean: ${c.outcome.alerts[i]}\n  got:   ${outcome.alerts[i]}`;
    }
  }
  return undefined;
}

/**
 * Reader settings for case `i`. The captures are far smaller than the
 * reader's 1 MiB buffer: small buffers and batches make it refill and move
 * its data under batched events as on large files, and a zero in-memory
 * limit sends some gzip captures through the inflating worker thread.
 * runReplay's own cases keep the defaults.
 */
function readerOptions(i: number, r: () => number): CaptureReaderOptions {
  if (i % RUN_REPLAY_EVERY === 0 || i % 2 === 0) return {};
  const options: CaptureReaderOptions = { bufferSize: 1024 << Math.floor(r() * 7), maxBatchEvents: 1 + Math.floor(r() * 64) };
  if (MUTATOR_NAMES[i % MUTATOR_NAMES.length] === 'gzipBytes' && i % 5 === 1) options.gzipInMemoryLimit = 0;
  return options;
}

/** Heap and buffer bytes in use once garbage is collected. */
async function settledMemory(): Promise<number> {
  // Native zlib handles are freed by finalizers that need collections and turns of the event loop.
  for (let k = 0; k < 3; k++) {
    gc();
    await sleep(10);
  }
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** What runReplay prints and how it ends, for one capture. */
async function viaRunReplay(pipeline: ReplayPipeline, path: string): Promise<{ stdout: string; failure: string | undefined }> {
  let stdout = '';
  const ctx: RunContext<LoadedRules> = {
    config: { ...pipeline.config, engine: { ...pipeline.config.engine, replay: { captureFile: path } } },
    document: pipeline.document,
    options: parseArgs([]),
    log: new Logger(() => undefined),
    io: { stdout: (t) => { stdout += t; }, stderr: () => undefined, env: { FALCO_HOSTNAME: pipeline.hostname } },
    enabledSources: ['syscall'],
    rules: pipeline.loadedRules(),
    signal: new AbortController().signal,
  };
  try {
    assert.equal(await runReplay(ctx), 0);
    return { stdout, failure: undefined };
  } catch (e) {
    if (!(e instanceof Fatal)) throw e;
    return { stdout, failure: e.message };
  }
}

/** Events read and the error met (offset and text), through one way of reading a gzip capture. */
function readAll(path: string, options: CaptureReaderOptions): { events: number; error: string | undefined } {
  let events = 0;
  let reader: CaptureReader | undefined;
  try {
    reader = openCapture(path, options);
    for (let b = reader.next(); b !== null; b = reader.next()) events += b.count;
    return { events, error: undefined };
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    return { events, error: e.message };
  } finally {
    reader?.close();
  }
}

describe('replay fuzzing: corrupted captures through the whole pipeline', () => {
  test('corrupt gzip captures: the streaming inflater delivers what inflating in memory delivers', () => {
    // Large gzip files inflate on a worker thread: corrupt data must not cost the events before it there either.
    const path = join(dir, 'gzip-case.scap');
    const gz = ['cat_write.scap', 'ping_sendto.scap'].map((f) => readFileSync(join(REF, 'traces', f)));
    const mismatches: string[] = [];
    let corrupt = 0;
    for (let i = 0; i < 24; i++) {
      const r = rng(SEED - 1 - i);
      const d = Buffer.from(gz[i % gz.length]!);
      if (i % 3 === 2) {
        writeFileSync(path, d.subarray(0, 10 + Math.floor(r() * (d.length - 10))));
      } else {
        d[10 + Math.floor(r() * (d.length - 10))]! ^= 1 << Math.floor(r() * 8);
        writeFileSync(path, d);
      }
      const inMemory = readAll(path, {});
      const streamed = readAll(path, { gzipInMemoryLimit: 0, bufferSize: 4096 });
      if (inMemory.error !== undefined) corrupt++;
      if (streamed.events !== inMemory.events || streamed.error !== inMemory.error) {
        mismatches.push(`case ${i}: in memory ${JSON.stringify(inMemory)}, streamed ${JSON.stringify(streamed)}`);
      }
    }
    assert.deepEqual(mismatches, []);
    assert.ok(corrupt >= 16, `only ${corrupt} of the gzip corruptions were detected`);
  });

  test('a unix socket tuple too short for its two ids (once a RangeError in evt.args)', () => {
    // The tuple of the first sendmsg keeps 5 of its 13 bytes (the rest goes to the parameter before it, so
    // the event still adds up) and says it is a unix socket: its ids read as far as the bytes go, then zeros.
    const c = prepare(sharedPipeline(), join(REF, 'traces', 'ping_sendto.scap'));
    const e = c.sample.events.find((x) => EVENT_TABLE[x.type]!.name === 'sendmsg' && EVENT_TABLE[x.type]!.params[2]?.name === 'tuple');
    assert.ok(e !== undefined && e.headerSize === 26 && e.nparams === 3);
    const d = Buffer.from(c.sample.data);
    const lengths = e.header + 26;
    const [fd, size, tuple] = [0, 1, 2].map((k) => d.readUInt16LE(lengths + 2 * k)) as [number, number, number];
    d.writeUInt16LE(size + tuple - 5, lengths + 2);
    d.writeUInt16LE(5, lengths + 4);
    const tupleAt = lengths + 6 + fd + size + tuple - 5;
    d[tupleAt] = 1; // PPM_AF_UNIX
    const path = join(dir, 'short-unix-tuple.scap');
    writeFileSync(path, d);
    const outcome = sharedPipeline().replay(path);
    assert.equal(outcome.error, undefined);
    assert.equal(checkCase(c, { data: d, firstChange: lengths + 2 }, path, outcome), undefined);
    const src = d.readUInt32LE(tupleAt + 1).toString(16);
    assert.ok(outcome.alerts.some((a) => a.includes(` tuple=${src}->0 `)), 'the short tuple is shown');
  });

  test(`${CASES} seeded corruptions: one typed error naming its offset, alerts before it kept, memory bounded`, { timeout: 600_000 }, async () => {
    const started = performance.now();
    const pipeline = sharedPipeline();
    const traces = readdirSync(join(REF, 'traces')).filter((f) => f.endsWith('.scap')).sort();
    const cleans = traces.map((f) => prepare(pipeline, join(REF, 'traces', f)));
    const path = join(dir, 'case.scap');

    const problems: string[] = [];
    const errorKinds = new Map<string, number>();
    let readToEnd = 0;
    let keptAlerts = 0;
    let crossChecked = 0;
    let memoryStart = 0;
    let memoryPeak = 0;
    const kinds = MUTATOR_NAMES.length;
    for (let i = 0; i < CASES; i++) {
      const kind = MUTATOR_NAMES[i % kinds]!;
      const c = cleans[Math.floor(i / kinds) % cleans.length]!;
      const r = rng(SEED + i);
      const corruption = MUTATORS[kind]!(c.sample, r);
      writeFileSync(path, corruption.data);
      const options = readerOptions(i, r);
      const label = `case ${i} (${kind} on ${c.sample.name}, reader ${JSON.stringify(options)})`;
      let outcome: ReplayOutcome;
      try {
        outcome = pipeline.replay(path, options);
      } catch (e) {
        problems.push(`${label}: ${e instanceof Error ? e.stack : String(e)}`);
        continue;
      }
      const problem = checkCase(c, corruption, path, outcome);
      if (problem !== undefined) problems.push(`${label}: ${problem}`);
      if (outcome.error === undefined) readToEnd++;
      else {
        // Block types vary with the garbage: one kind for all of them.
        const what = outcome.error.what.replace(/0x[0-9a-f]+/g, '0x?');
        errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
      }
      keptAlerts += outcome.alerts.length;

      if (i % RUN_REPLAY_EVERY === 0) {
        // The source itself: same alert lines and summary on stdout, same error.
        const real = await viaRunReplay(pipeline, path);
        const expected = outcome.alerts.map((l) => `${l}\n`).join('') + outcome.summary;
        if (real.stdout !== expected) problems.push(`${label}: runReplay printed something else than the pipeline`);
        const message = outcome.error?.message;
        const failure = message === undefined || outcome.opened ? message : `Could not open trace filename ${path} for reading: ${message}`;
        if (real.failure !== failure) problems.push(`${label}: runReplay failed with ${real.failure}, the pipeline with ${failure}`);
        crossChecked++;
      }
      if (i === 500 || i === CASES - 1 || i % 2000 === 0) {
        const used = await settledMemory();
        if (i === 500) memoryStart = used;
        memoryPeak = Math.max(memoryPeak, used);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const kindsText = [...errorKinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
    console.log(`${CASES} cases in ${seconds.toFixed(1)} s; ${readToEnd} read to the end, ${CASES - readToEnd} stopped by a capture error; ${keptAlerts} alerts; ${crossChecked} checked against runReplay; memory ${(memoryStart / 2 ** 20).toFixed(0)} -> peak ${(memoryPeak / 2 ** 20).toFixed(0)} MiB`);
    console.log(`errors: ${kindsText}`);

    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} failing cases`);
    // The corruptions must reach both the error paths and, accepted, the state and rules.
    assert.ok(CASES - readToEnd > CASES / 4, `only ${CASES - readToEnd} cases stopped with an error`);
    assert.ok(readToEnd > CASES / 10, `only ${readToEnd} corrupted captures were accepted`);
    assert.ok(errorKinds.size >= 15, `only ${errorKinds.size} kinds of errors: ${kindsText}`);
    assert.ok(memoryPeak - memoryStart < MAX_MEMORY_GROWTH, `memory grew from ${memoryStart} to ${memoryPeak}`);
  });
});
