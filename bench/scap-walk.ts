/**
 * Raw block-walk throughput of the scap reader: events per second for
 * reading batches (no decoding) from an in-memory capture made of one
 * reference trace's events repeated. Also reports the walk with an EventView
 * touching each event's header, which is what consumers pay at minimum, and
 * the walk from a plain file and from a gzip file (streaming inflate worker).
 *
 * Run: node dist/bench/scap-walk.js [trace.scap] [copies]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { EventView } from '../src/events/event-view.js';
import { MIN_SECTION_HEADER_SIZE } from '../src/events/scap-blocks.js';
import { openCapture, openCaptureBuffer, type CaptureReaderOptions } from '../src/events/scap-reader.js';
import { CaptureWriter, MemorySink } from '../src/events/scap-writer.js';

export interface ScapWalkResult {
  events: number;
  bytes: number;
  /** Raw walk: batches only. */
  eventsPerSecond: number;
  /** Walk plus EventView.at and reading type and tid of every event. */
  viewEventsPerSecond: number;
  /** Raw walk of the same capture read from a plain file. */
  fileEventsPerSecond: number;
  /** Raw walk of the same capture gzipped, streamed through the inflate worker. */
  gzipEventsPerSecond: number;
}

const DEFAULT_TRACE = join(process.env.FALCONET_SHARED ?? join(fileURLToPath(import.meta.url), "..", "..", "..", "..", "shared"), "falco-reference/traces/ping_sendto.scap");

/** Builds an uncompressed capture holding the trace's events `copies` times. */
export function buildCapture(trace = DEFAULT_TRACE, copies = 400): Buffer {
  const head = new MemorySink();
  const events = new MemorySink();
  const hw = new CaptureWriter(head);
  const ew = new CaptureWriter(events);
  const r = openCapture(trace);
  hw.writeTables(r.header);
  const v = new EventView();
  for (let b = r.next(); b; b = r.next()) for (let i = 0; i < b.count; i++) ew.writeEvent(v.at(b, i));
  r.close();
  hw.close();
  ew.close();
  // The events writer's output starts with its own section header: repeat only the blocks after it.
  const body = events.toBuffer().subarray(MIN_SECTION_HEADER_SIZE);
  const parts: Buffer[] = [head.toBuffer()];
  for (let c = 0; c < copies; c++) parts.push(body);
  return Buffer.concat(parts);
}

function time(fn: () => number): { n: number; seconds: number } {
  const t0 = process.hrtime.bigint();
  const n = fn();
  return { n, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export function benchScapWalk(trace = DEFAULT_TRACE, copies = 400): ScapWalkResult {
  const data = buildCapture(trace, copies);
  const walk = (): number => {
    const r = openCaptureBuffer(data, 'bench');
    let n = 0;
    for (let b = r.next(); b; b = r.next()) n += b.count;
    r.close();
    return n;
  };
  const view = new EventView();
  const walkView = (): number => {
    const r = openCaptureBuffer(data, 'bench');
    let n = 0;
    let sink = 0;
    for (let b = r.next(); b; b = r.next()) {
      for (let i = 0; i < b.count; i++) {
        view.at(b, i);
        sink += view.type + view.tid;
      }
      n += b.count;
    }
    r.close();
    if (sink === -1) console.log(sink); // keeps the loop from being optimized away
    return n;
  };
  const dir = mkdtempSync(join(tmpdir(), 'scap-walk-'));
  const plainPath = join(dir, 'bench.scap');
  const gzPath = join(dir, 'bench.scap.gz');
  writeFileSync(plainPath, data);
  writeFileSync(gzPath, gzipSync(data, { level: 1 }));
  const walkFile = (path: string, options: CaptureReaderOptions) => (): number => {
    const r = openCapture(path, options);
    let n = 0;
    for (let b = r.next(); b; b = r.next()) n += b.count;
    r.close();
    return n;
  };
  const runs: Record<string, () => number> = {
    memory: walk,
    view: walkView,
    file: walkFile(plainPath, {}),
    gzip: walkFile(gzPath, { gzipInMemoryLimit: 0 }),
  };
  const best: Record<string, number> = {};
  let events = 0;
  try {
    for (const fn of Object.values(runs)) fn(); // warm up
    for (let k = 0; k < 3; k++) {
      for (const [name, fn] of Object.entries(runs)) {
        const t = time(fn);
        events = t.n;
        best[name] = Math.min(best[name] ?? Infinity, t.seconds);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    events,
    bytes: data.length,
    eventsPerSecond: events / best['memory']!,
    viewEventsPerSecond: events / best['view']!,
    fileEventsPerSecond: events / best['file']!,
    gzipEventsPerSecond: events / best['gzip']!,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = benchScapWalk(process.argv[2] ?? DEFAULT_TRACE, Number(process.argv[3] ?? 400));
  console.log(
    `scap walk: ${r.events} events, ${(r.bytes / 1e6).toFixed(1)} MB: ` +
      `raw ${(r.eventsPerSecond / 1e6).toFixed(2)} M events/s, with view ${(r.viewEventsPerSecond / 1e6).toFixed(2)}, ` +
      `from file ${(r.fileEventsPerSecond / 1e6).toFixed(2)}, from gzip ${(r.gzipEventsPerSecond / 1e6).toFixed(2)}`,
  );
}
