/**
 * A minimal walker over the shared .scap traces for the event tests: finds
 * event blocks (v1 and v2, with or without flags), rebuilds v1 events in the
 * v2 layout, and numbers events the way Falco does after conversion. It is
 * test scaffolding, not the project's capture reader.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { EVENT_HEADER_SIZE, V1_EVENT_HEADER_SIZE, inferV1ParamCount, readEventHeader, splitEventParams } from '../../src/events/event-layout.js';
import type { ScapEvent } from '../../src/events/event-converter.js';
import { REFERENCE } from '../reference.js';

export const TRACES = `${REFERENCE}/traces`;
export const GOLDENS = `${REFERENCE}/expected/falco-0.44.1`;

const EVENT_BLOCKS = new Set([0x204, 0x208, 0x216, 0x217, 0x221, 0x222]);
const FLAGGED_BLOCKS = new Set([0x208, 0x217, 0x222]);
const V1_BLOCKS = new Set([0x204, 0x208]);

export interface RawCaptureEvent extends ScapEvent {
  /** 1-based position among all event blocks of the file (sysdig's evt.num). */
  readonly rawNum: number;
  readonly v1: boolean;
  /** The event in v2 layout. */
  readonly bytes: Uint8Array;
}

export function readTrace(name: string): Buffer {
  const b = readFileSync(`${TRACES}/${name}`);
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b;
}

export function* walkEvents(file: Buffer): Generator<RawCaptureEvent> {
  let off = 0;
  let rawNum = 0;
  while (off + 12 <= file.length) {
    const type = file.readUInt32LE(off);
    const len = file.readUInt32LE(off + 4);
    if (len < 12 || off + len > file.length) throw new Error(`bad block at ${off}`);
    if (EVENT_BLOCKS.has(type)) {
      rawNum++;
      const p = off + 8 + 2 + (FLAGGED_BLOCKS.has(type) ? 4 : 0);
      let bytes: Uint8Array;
      const v1 = V1_BLOCKS.has(type);
      if (v1) {
        const evType = file.readUInt16LE(p + 20);
        const evLen = file.readUInt32LE(p + 16);
        const r = inferV1ParamCount(evType, file.subarray(p + V1_EVENT_HEADER_SIZE, off + len), evLen);
        if (!r) throw new Error(`cannot infer parameter count of event ${rawNum}`);
        const ev = Buffer.alloc(r.len);
        file.copy(ev, 0, p, p + V1_EVENT_HEADER_SIZE);
        ev.writeUInt32LE(r.len, 16);
        ev.writeUInt32LE(r.nparams, 22);
        file.copy(ev, EVENT_HEADER_SIZE, p + V1_EVENT_HEADER_SIZE, p + V1_EVENT_HEADER_SIZE + r.len - EVENT_HEADER_SIZE);
        bytes = ev;
      } else {
        bytes = file.subarray(p, p + file.readUInt32LE(p + 16));
      }
      const h = readEventHeader(bytes);
      yield { type: h.type, ts: h.ts, tid: h.tid, params: splitEventParams(bytes), rawNum, v1, bytes };
    }
    off += len;
  }
}

/** One line of a Falco 0.44.1 golden: the catch-all rule's output fields for one event. */
export type GoldenFields = Readonly<Record<string, string | number | boolean | null | readonly unknown[]>>;

export function readGolden(capture: string): GoldenFields[] {
  const text = gunzipSync(readFileSync(`${GOLDENS}/${capture}.fields.jsonl.gz`)).toString('utf8');
  const lines = text.trim().split('\n').slice(1);
  return lines.map((l) => {
    const o = JSON.parse(l) as { output_fields?: GoldenFields } & GoldenFields;
    return o.output_fields ?? o;
  });
}

export interface SysdigLine {
  readonly num: number;
  readonly type: string;
  readonly dir: string;
  readonly args: string;
}

/** `sysdig -v` output for every event of a trace, or undefined when sysdig is not installed. */
export function sysdigEvents(name: string): Map<number, SysdigLine> | undefined {
  const r = spawnSync('sysdig', ['-r', `${TRACES}/${name}`, '-v', '-p', '*%evt.num %evt.type %evt.dir %evt.args'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) return undefined;
  const out = new Map<number, SysdigLine>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(\d+) (\S+) ([<>]) ?(.*)$/.exec(line);
    if (m) out.set(Number(m[1]), { num: Number(m[1]), type: m[2]!, dir: m[3]!, args: m[4]!.replace(/ $/, '') });
  }
  return out;
}
