/**
 * The replay benchmark's input: a capture of a mixed real workload
 * (bench/workload/mixed.sh: package installs, compiles, loopback HTTP,
 * shell tools) recorded with `falconet capture -w`.
 *
 * Recording: `falconet capture` starts first, with a filter keeping only the
 * workload's process tree (`proc.name=mixed.sh or proc.aname=mixed.sh`: the
 * machine is shared, and other programs' events would make the file depend
 * on whatever else ran); once it reports "Live capture ready" the workload
 * runs for the given seconds, then the capture gets SIGINT. The file is
 * written under a temporary name and renamed when complete; a JSON file next
 * to it keeps what the recording reported (counts, drops, the workload's own
 * summary) and a stamp of what decides the file's content (the writer, the
 * event layouts, the probe's handled calls, the workload script).
 *
 * A capture whose stamp and workload length match is reused;
 * FALCONET_BENCH_RECORD=1 records anew. Recording needs root and the built probe.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CURRENT_MAJOR_VERSION, CURRENT_MINOR_VERSION } from '../src/events/scap-blocks.js';
import { PROBE_HANDLER_SYSCALLS } from '../src/sources/probe-handlers.js';
import { captureHistogram, type CaptureHistogram } from './capture-histogram.js';

interface Paths { repo: string }

/** Keeps the workload's events only (the script's process and its descendants). */
export const WORKLOAD_FILTER = 'proc.name=mixed.sh or proc.aname=mixed.sh';

/** What `falconet capture` reported when it stopped. */
export interface CaptureCounts {
  written: number;
  delivered: number;
  dropped: number;
  probeEvents: number;
}

export interface MixedCaptureInfo {
  /** Digest of what decides the file's content; a mismatch means re-record. */
  stamp: string;
  recordedAt: string;
  /** Workload seconds asked for, and wall seconds the recording took. */
  workloadSeconds: number;
  recordSeconds: number;
  bytes: number;
  counts: CaptureCounts;
  /** The workload's own summary lines ("mixed: PART N rounds (...)"). */
  workload: string[];
  histogram: CaptureHistogram;
  /** What Debian's sysdig 0.29.3 reads of the file (it skips event codes newer than its libs); null without sysdig. */
  sysdig: SysdigView | null;
}

export interface MixedCapture {
  path: string;
  info: MixedCaptureInfo;
  /** Whether this run recorded it (false: reused). */
  recorded: boolean;
  /** Why it was (re)recorded or why a stale one was kept. */
  note: string;
}

export interface MixedCaptureOptions {
  /** Default: $FALCONET_BENCH_CAPTURE_DIR or /var/tmp/falconet-bench (outside the repo: the file is large). */
  dir?: string;
  /** Workload seconds. Default: $FALCONET_BENCH_MIXED_SECONDS or 75 (with the probe's handlers of
   * late November 2026: about 2.7 M events, 260 MB on the shared 2-core machine). */
  seconds?: number;
  /** Record even if a current capture exists. Default: $FALCONET_BENCH_RECORD=1. */
  force?: boolean;
  /** Extra environment for the workload (its MIXED_* settings). */
  workloadEnv?: NodeJS.ProcessEnv;
  /** Progress lines. */
  log?: (line: string) => void;
}

export function workloadScript(p: Paths): string {
  return join(p.repo, 'bench/workload/mixed.sh');
}

/** Digest of the sources that decide what a recording holds and how it is laid out. */
export function captureStamp(p: Paths): string {
  const h = createHash('sha256');
  h.update(`scap ${CURRENT_MAJOR_VERSION}.${CURRENT_MINOR_VERSION}\n`);
  h.update(`handlers ${PROBE_HANDLER_SYSCALLS.join(',')}\n`);
  h.update(`filter ${WORKLOAD_FILTER}\n`);
  const tableDir = join(p.repo, 'src/events/table');
  const files = [
    join(p.repo, 'src/events/scap-writer.ts'),
    workloadScript(p),
    ...readdirSync(tableDir).filter((f) => /^events-.*\.ts$/.test(f)).sort().map((f) => join(tableDir, f)),
  ];
  for (const f of files) h.update(`${f.slice(p.repo.length)}\n`).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

export function parseCaptureCounts(stderr: string): CaptureCounts | null {
  const m = /Events written: (\d+) \(of (\d+) delivered[^)]*\); dropped by the probe: (\d+) of (\d+)/.exec(stderr);
  if (m === null) return null;
  return { written: Number(m[1]), delivered: Number(m[2]), dropped: Number(m[3]), probeEvents: Number(m[4]) };
}

interface Finished { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Spawns a program, collecting its output. */
function launch(cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env !== undefined ? { env } : {}) });
  let stdout = '';
  let stderr = '';
  const listeners: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const l of listeners) l();
  });
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  /** Resolves when stderr shows `pattern`; rejects if the process ends first or time runs out. */
  const waitFor = (pattern: RegExp, ms: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} from ${cmd} within ${ms} ms:\n${stderr.slice(-800)}`)), ms);
      const check = (): void => {
        if (pattern.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      };
      listeners.push(check);
      void done.then((f) => {
        clearTimeout(timer);
        reject(new Error(`${cmd} ended (${f.status ?? f.signal}) before ${pattern}:\n${f.stderr.slice(-800)}`));
      });
      check();
    });
  return { child, done, waitFor };
}

export interface Recording {
  counts: CaptureCounts;
  workload: string[];
  recordSeconds: number;
  /** falconet capture's stderr. */
  captureLog: string;
}

/**
 * Records the workload for `seconds` into `path` (written as is: callers
 * wanting an atomic file pass a temporary name). @throws Error when the
 * capture or the workload fails
 */
export async function recordWorkload(p: Paths, path: string, seconds: number, workloadEnv: NodeJS.ProcessEnv = {}): Promise<Recording> {
  const script = workloadScript(p);
  // The filter matches the workload by its command name, which only an executed script file gets.
  accessSync(script, constants.X_OK);
  const t0 = performance.now();
  const cap = launch(join(p.repo, 'falconet'), ['capture', '-w', path, WORKLOAD_FILTER]);
  let work: Finished;
  try {
    await cap.waitFor(/Live capture ready/, 120_000);
    work = await launch(script, [String(seconds)], { ...process.env, ...workloadEnv }).done;
  } finally {
    if (cap.child.exitCode === null) cap.child.kill('SIGINT');
  }
  const c = await cap.done;
  const recordSeconds = (performance.now() - t0) / 1000;
  if (c.status !== 0) throw new Error(`falconet capture failed (${c.status ?? c.signal}):\n${c.stderr.slice(-1500)}`);
  if (work.status !== 0) throw new Error(`the workload failed (${work.status ?? work.signal}):\n${work.stdout}${work.stderr.slice(-1500)}`);
  const counts = parseCaptureCounts(c.stderr);
  if (counts === null) throw new Error(`falconet capture printed no event counts:\n${c.stderr.slice(-1500)}`);
  const workload = work.stdout.split('\n').filter((l) => l.startsWith('mixed: '));
  return { counts, workload, recordSeconds, captureLog: c.stderr };
}

/** What Debian's sysdig reads of a capture: its event count and the events per type it leaves out. */
export interface SysdigView {
  events: number;
  /** "name<" / "name>" and how many fewer events of it sysdig shows than the file holds. */
  missing: Array<[string, number]>;
}

/**
 * Reads the capture with `sysdig -r` (events per type and direction) and
 * compares with falconet's histogram; null if sysdig cannot run.
 * @throws Error when sysdig rejects the file
 */
export function sysdigView(path: string, h: CaptureHistogram): SysdigView | null {
  const r = spawnSync('sysdig', ['-r', path, '-p', '%evt.type%evt.dir'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error !== undefined) return null;
  if (r.status !== 0) throw new Error(`sysdig -r ${path} failed (${r.status}): ${r.stderr.slice(-800)}`);
  const seen = new Map<string, number>();
  let events = 0;
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    events++;
    seen.set(line, (seen.get(line) ?? 0) + 1);
  }
  const missing = h.types.map(([k, n]): [string, number] => [k, n - (seen.get(k) ?? 0)]).filter(([, d]) => d !== 0);
  return { events, missing };
}

function readInfo(file: string): MixedCaptureInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as MixedCaptureInfo;
  } catch {
    return null;
  }
}

/** The mixed capture: reused when current, else recorded (see the module comment). */
export async function mixedCapture(p: Paths, options: MixedCaptureOptions = {}): Promise<MixedCapture> {
  const dir = options.dir ?? process.env.FALCONET_BENCH_CAPTURE_DIR ?? '/var/tmp/falconet-bench';
  const seconds = options.seconds ?? Number(process.env.FALCONET_BENCH_MIXED_SECONDS ?? 75);
  const force = options.force ?? process.env.FALCONET_BENCH_RECORD === '1';
  const log = options.log ?? (() => undefined);
  const path = join(dir, 'mixed.scap');
  const infoFile = join(dir, 'mixed.json');
  const stamp = captureStamp(p);

  const old = existsSync(path) ? readInfo(infoFile) : null;
  const intact = old !== null && statSync(path).size === old.bytes;
  let why: string;
  if (old === null || !intact) why = 'no complete recording found';
  else if (force) why = 'FALCONET_BENCH_RECORD=1';
  else if (old.stamp !== stamp) why = `recorded with other sources (stamp ${old.stamp}, now ${stamp})`;
  else if (old.workloadSeconds !== seconds) why = `recorded from ${old.workloadSeconds} s of workload, ${seconds} s asked`;
  else return { path, info: old, recorded: false, note: `reused (recorded ${old.recordedAt}; FALCONET_BENCH_RECORD=1 records anew)` };

  if (process.getuid?.() !== 0) {
    if (old !== null && intact && !force) return { path, info: old, recorded: false, note: `stale (${why}) but kept: recording needs root` };
    throw new Error(`cannot record ${path} (${why}): recording needs root`);
  }
  for (const f of ['driver/build/probe.bpf.o', 'native/build/Release/falconet_native.node']) {
    if (!existsSync(join(p.repo, f))) throw new Error(`${f} is missing: run ./scripts/build-native.sh first`);
  }
  mkdirSync(dirname(path), { recursive: true });
  const part = `${path}.part`;
  log(`recording ${path} (${why}): ${seconds} s of bench/workload/mixed.sh under falconet capture ...`);
  try {
    const rec = await recordWorkload(p, part, seconds, options.workloadEnv);
    const histogram = captureHistogram(part);
    const info: MixedCaptureInfo = {
      stamp,
      recordedAt: new Date().toISOString(),
      workloadSeconds: seconds,
      recordSeconds: rec.recordSeconds,
      bytes: statSync(part).size,
      counts: rec.counts,
      workload: rec.workload,
      histogram,
      sysdig: sysdigView(part, histogram),
    };
    rmSync(infoFile, { force: true });
    renameSync(part, path);
    writeFileSync(infoFile, JSON.stringify(info, null, 1) + '\n');
    return { path, info, recorded: true, note: `recorded now (${why})` };
  } finally {
    rmSync(part, { force: true });
  }
}
