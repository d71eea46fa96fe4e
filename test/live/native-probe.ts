/**
 * Test-side access to the live probe: the addon (typed in
 * src/sources/native-probe.ts) loaded from this tree, and a collector that
 * decodes delivered batches (scap event blocks) with the project's event
 * table and parameter decoder.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_TABLE, EventCode } from '../../src/events/event-table.js';
import { EventView } from '../../src/events/event-view.js';
import { decodeParam, type ParamValue } from '../../src/events/param-decoder.js';
import { interestingTable, loadNativeProbe, ppmScTable, type NativeProbe, type OpenOptions } from '../../src/sources/native-probe.js';
import { sleep } from './live-run.js';

export { interestingTable, ppmScTable };
export type { NativeProbe, OpenOptions, ProbeCounters, ProbeHandle, ProbeStats } from '../../src/sources/native-probe.js';

/** Repository root (this file runs from dist/test/live/). */
export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
export const PROBE_PATH = join(ROOT, 'driver/build/probe.bpf.o');
export const COMPAT_PROBE_PATH = join(ROOT, 'driver/build/probe-compat.bpf.o');
export const ADDON_PATH = join(ROOT, 'native/build/Release/falconet_native.node');

/** Loads the addon; throws (and so fails the test) when it was not built. */
export function loadNative(): NativeProbe {
  return loadNativeProbe(ADDON_PATH);
}

export function defaultOptions(interesting: Uint8Array): OpenOptions {
  return {
    probePath: PROBE_PATH,
    cpusForEachBuffer: 2,
    bufSizeBytes: 8 << 20,
    interesting,
    excludeTgid: process.pid,
    snaplen: 80,
    ppmSc: ppmScTable(),
  };
}

/** One decoded event. */
export interface LiveEvent {
  type: number;
  name: string;
  cpu: number;
  ts: bigint;
  tid: number;
  params: Record<string, ParamValue | undefined>;
}

/**
 * Walks a batch: every block must be an event block (0x204) whose two
 * length fields agree; every event's parameter count and lengths must match
 * the event table (the decoder throws on a wrong fixed-size length).
 */
export function decodeBatch(batch: Buffer, out: LiveEvent[]): void {
  const view = new EventView();
  let o = 0;
  while (o < batch.length) {
    const blockType = batch.readUInt32LE(o);
    const total = batch.readUInt32LE(o + 4);
    if (blockType !== 0x204) throw new Error(`block type 0x${blockType.toString(16)} at ${o}`);
    if (total % 4 !== 0 || o + total > batch.length) throw new Error(`bad block length ${total} at ${o}`);
    if (batch.readUInt32LE(o + total - 4) !== total) throw new Error(`block trailer mismatch at ${o}`);
    view.set(batch, o + 10, batch.readUInt16LE(o + 8));
    if (10 + view.length + 4 > total || total - (10 + view.length + 4) > 3) {
      throw new Error(`event of ${view.length} bytes in a block of ${total}`);
    }
    const info = EVENT_TABLE[view.type];
    if (!info) throw new Error(`unknown event type ${view.type}`);
    if (view.nparams !== info.params.length) {
      throw new Error(`${info.name} (${view.type}): ${view.nparams} params, table has ${info.params.length}`);
    }
    let sum = 0;
    const params: Record<string, ParamValue | undefined> = {};
    for (let i = 0; i < view.nparams; i++) {
      sum += view.paramLength(i);
      params[info.params[i]!.name] = decodeParam(info.params[i]!, view.paramBytes(i));
    }
    if (26 + 2 * view.nparams + sum !== view.length) throw new Error(`${info.name}: lengths do not add up`);
    out.push({ type: view.type, name: info.name, cpu: view.cpu, ts: view.ts, tid: view.tid, params });
    o += total;
  }
}

/**
 * Ids of the BPF links a process holds (its bpf_link file descriptors), so
 * that tests running side by side never mistake each other's links.
 */
export function linkIdsOf(pid: number): Set<number> {
  const ids = new Set<number>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    if (target !== 'anon_inode:bpf_link') continue;
    const m = /^link_id:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
    if (m) ids.add(Number(m[1]));
  }
  return ids;
}

/** Ids of the links attached to falconet's tracepoints, from `bpftool link show`. */
export function probeLinkIds(): Set<number> {
  const out = execFileSync('bpftool', ['-j', 'link', 'show'], { encoding: 'utf8' });
  const links = JSON.parse(out) as { id: number; tp_name?: string; type?: string }[];
  return new Set(
    links
      .filter((l) => ['sys_exit', 'sched_process_exec', 'sched_process_exit'].includes(l.tp_name ?? ''))
      .map((l) => l.id),
  );
}

/**
 * Runs a program to completion while the probe captures into `events`;
 * waits for its procexit to come through the ring, and returns its output
 * and its own events in time order (a batch is in time order, but an event
 * committed late on one CPU can come a batch after later events of another).
 */
export async function runCapturedChild(events: LiveEvent[], cmd: string, args: string[]): Promise<{ pid: number; stdout: string; mine: LiveEvent[] }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 0, `${cmd} exited with ${code}`);
  const pid = child.pid!;
  for (let i = 0; i < 100 && !events.some((e) => e.type === EventCode.PROCEXIT_1_E && e.tid === pid); i++) await sleep(20);
  const mine = events.filter((e) => e.tid === pid).sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : 0));
  return { pid, stdout, mine };
}
