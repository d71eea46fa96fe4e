/**
 * Shared helpers for the scap tests: the reference traces, running Debian's
 * sysdig (the oracle) when it is installed, and reading a capture fully.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventView } from '../../src/events/event-view.js';
import { openCapture, openCaptureBuffer, type CaptureReader } from '../../src/events/scap-reader.js';
import type { CaptureHeader, CaptureTables } from '../../src/events/scap-records.js';
import { REFERENCE } from '../reference.js';

export const TRACE_DIR = `${REFERENCE}/traces`;
export const TRACES: string[] = readdirSync(TRACE_DIR)
  .filter((f) => f.endsWith('.scap'))
  .sort()
  .map((f) => join(TRACE_DIR, f));

let sysdigOk: boolean | undefined;

/** Whether Debian's sysdig can be run (it is a test oracle, not a dependency). */
export function hasSysdig(): boolean {
  sysdigOk ??= spawnSync('sysdig', ['--version'], { stdio: 'ignore' }).status === 0;
  return sysdigOk;
}

export function sysdig(args: string[]): string {
  const r = spawnSync('sysdig', args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  if (r.status !== 0) throw new Error(`sysdig ${args.join(' ')} exited with ${r.status}`);
  return r.stdout;
}

export interface ReadEvent {
  ts: bigint;
  tid: number;
  cpu: number;
  type: number;
  flags: number;
  params: string[];
}

export interface ReadCapture {
  header: CaptureHeader;
  events: ReadEvent[];
  /** Tables found between events, with the index of the event they precede. */
  midTables: { before: number; tables: CaptureTables }[];
}

/** Reads every event (parameters as hex) and table of a capture. */
export function readAll(reader: CaptureReader): ReadCapture {
  const v = new EventView();
  const events: ReadEvent[] = [];
  const midTables: ReadCapture['midTables'] = [];
  try {
    for (let b = reader.next(); b; b = reader.next()) {
      if (b.tables) midTables.push({ before: events.length, tables: b.tables });
      for (let i = 0; i < b.count; i++) {
        v.at(b, i);
        const params: string[] = [];
        for (let k = 0; k < v.nparams; k++) params.push(v.paramBytes(k).toString('hex'));
        events.push({ ts: v.ts, tid: v.tid, cpu: v.cpu, type: v.type, flags: v.flags, params });
      }
    }
  } finally {
    reader.close();
  }
  return { header: reader.header, events, midTables };
}

export function readFile(path: string): ReadCapture {
  return readAll(openCapture(path));
}

export function readBuffer(data: Buffer, name = 'memory.scap'): ReadCapture {
  return readAll(openCaptureBuffer(data, name));
}

/** Table contents without the section header (whose offset differs between files). */
export function tablesOf(t: CaptureTables): Omit<CaptureTables, 'section'> {
  const { section: _section, ...rest } = t;
  return rest;
}
