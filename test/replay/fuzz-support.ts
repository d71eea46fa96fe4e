/**
 * Support for the replay fuzz test: the shared captures with a map of their
 * blocks and events, seeded corruptions of them, and an in-process replay
 * of a capture file through the modules the replay source is built from
 * (CaptureEventStream -> StateEngine -> SyscallEvent -> compiled rules ->
 * AlertPrinter), with the rules compiled once for thousands of replays.
 *
 * The replay loop mirrors runReplay (src/sources/replay.ts) minus what a
 * fuzz case cannot exercise (signals, -M, yielding to the event loop); the
 * fuzz test checks it against runReplay itself on a sample of the cases so
 * the two cannot drift apart unnoticed.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../src/config/load.js';
import type { FalcoConfig } from '../../src/config/falco-config.js';
import type { ConfigDocument } from '../../src/config/document.js';
import { createRuleEngine, type LoadedRules } from '../../src/cli/rules-steps.js';
import { CaptureError } from '../../src/events/capture-error.js';
import { EventCategory } from '../../src/events/event-types.js';
import { EVENT_TABLE } from '../../src/events/event-table.js';
import { EventView } from '../../src/events/event-view.js';
import { eventBlockBits, PPM_EVENT_MAX } from '../../src/events/scap-blocks.js';
import { openCaptureBuffer, type CaptureReaderOptions } from '../../src/events/scap-reader.js';
import { eventTypeOf } from '../../src/fields/extract/evt.js';
import { syscallExtractors } from '../../src/fields/extract/registry.js';
import { SyscallEvent, type RunInfo } from '../../src/fields/extract/syscall-event.js';
import type { LoadResult, RuleEngine } from '../../src/rules/engine.js';
import { AlertPrinter } from '../../src/sources/alert-printer.js';
import { CaptureEventStream } from '../../src/events/capture-stream.js';
import { compileSyscallRules, SYSCALL_SOURCE, type SyscallRules } from '../../src/sources/syscall-rules.js';
import { StateEngine } from '../../src/state/system-state.js';
import { seededRandom } from '../seeded-random.js';

/** mulberry32 from test/seeded-random.ts, re-exported for the fuzz tests. */
export const rng = seededRandom;

// ---- the shared captures ------------------------------------------------------

export interface BlockSite {
  offset: number;
  type: number;
  length: number;
}

/** An event block of a capture, located down to its parameter lengths. */
export interface EventSite {
  block: BlockSite;
  /** Offset of the event header (after cpu id and flags). */
  header: number;
  /** 26, or 22 for v1 blocks (no nparams field). */
  headerSize: number;
  type: number;
  nparams: number;
  /** Bytes per parameter length: 2, or 4 for large-payload events. */
  lengthSize: number;
}

export interface CaptureSample {
  name: string;
  /** The file as shared (gzip). */
  gz: Buffer;
  /** Its uncompressed bytes. */
  data: Buffer;
  blocks: BlockSite[];
  /** Non-event blocks (section header, machine, process, fd, interface, user lists). */
  tables: BlockSite[];
  events: EventSite[];
  /** Event type codes that occur in the capture. */
  types: number[];
}

/** Reads a shared capture and maps its blocks and events. */
export function loadSample(path: string): CaptureSample {
  const gz = readFileSync(path);
  const data = gunzipSync(gz);
  const blocks: BlockSite[] = [];
  const byOffset = new Map<number, BlockSite>();
  for (let o = 0; o + 8 <= data.length; o += data.readUInt32LE(o + 4)) {
    const b = { offset: o, type: data.readUInt32LE(o), length: data.readUInt32LE(o + 4) };
    blocks.push(b);
    byOffset.set(o, b);
  }
  const events: EventSite[] = [];
  // The project's reader tells where each event starts and how many parameters a v1 event has.
  const reader = openCaptureBuffer(data, path);
  const view = new EventView();
  for (let batch = reader.next(); batch !== null; batch = reader.next()) {
    for (let i = 0; i < batch.count; i++) {
      view.at(batch, i);
      const header = batch.fileOffsetOf(i);
      const block = byOffset.get(header - 14) ?? byOffset.get(header - 10);
      if (block === undefined || eventBlockBits(block.type) === 0) throw new Error(`${path}: no event block before ${header}`);
      events.push({ block, header, headerSize: view.headerSize, type: view.type, nparams: view.nparams, lengthSize: view.lengthSize });
    }
  }
  reader.close();
  return {
    name: path.slice(path.lastIndexOf('/') + 1),
    gz,
    data,
    blocks,
    tables: blocks.filter((b) => eventBlockBits(b.type) === 0),
    events,
    types: [...new Set(events.map((e) => e.type))],
  };
}

/** Offset of the block that holds byte `at` (or starts there). */
export function blockStartOf(s: CaptureSample, at: number): number {
  let lo = 0;
  let hi = s.blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.blocks[mid]!.offset <= at) lo = mid;
    else hi = mid - 1;
  }
  return s.blocks[lo]!.offset;
}

// ---- seeded corruptions ---------------------------------------------------------

type Random = () => number;

const int = (r: Random, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Random, a: readonly T[]): T => a[int(r, a.length)]!;

/** A corrupted capture. */
export interface Corruption {
  /** Bytes of the file to replay. */
  data: Buffer;
  /**
   * First uncompressed byte that differs from the clean capture (events in
   * blocks ending at or before it are untouched); null when the gzip bytes
   * were corrupted and the uncompressed position is not known.
   */
  firstChange: number | null;
  /** For damaged gzip bytes: the first compressed byte changed. */
  gzipChange?: number;
}

type Mutator = (s: CaptureSample, r: Random) => Corruption;

const INTERESTING_U32 = [0, 1, 2, 3, 4, 7, 8, 12, 13, 16, 22, 26, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const INTERESTING_U16 = [0, 1, 2, 3, 4, 7, 8, 16, 0x7f, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff];
/** Thread ids that stress the thread table: none, init, negative, huge. */
const INTERESTING_TIDS = [0n, 1n, -1n, 0x7fffffffn, 0xffffffffn, -0x8000000000000000n, 0x7fffffffffffffffn];

function randomBytes(r: Random, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
}

/** A u32 near `old` or one of the values corrupt lengths tend to have. */
function lyingU32(r: Random, old: number): number {
  return r() < 0.5 ? pick(r, INTERESTING_U32) : (old + int(r, 65) - 32) >>> 0;
}

function lyingU16(r: Random, old: number): number {
  return r() < 0.5 ? pick(r, INTERESTING_U16) : (old + int(r, 33) - 16) & 0xffff;
}

/** Offset of the first parameter length of an event. */
function lengthsAt(e: EventSite): number {
  return e.header + e.headerSize;
}

function readLength(d: Buffer, e: EventSite, k: number): number {
  const at = lengthsAt(e) + k * e.lengthSize;
  return e.lengthSize === 4 ? d.readUInt32LE(at) : d.readUInt16LE(at);
}

function writeLength(d: Buffer, e: EventSite, k: number, v: number): void {
  const at = lengthsAt(e) + k * e.lengthSize;
  if (e.lengthSize === 4) d.writeUInt32LE(v >>> 0, at);
  else d.writeUInt16LE(v & 0xffff, at);
}

/** Event codes with `n` parameters other than `not` (for type edits the layout checks let through). */
const CODES_BY_PARAM_COUNT: ReadonlyMap<number, readonly number[]> = (() => {
  const m = new Map<number, number[]>();
  for (let c = 0; c < PPM_EVENT_MAX; c++) {
    const info = EVENT_TABLE[c];
    if (info === undefined || info.name === 'NA') continue;
    const list = m.get(info.params.length) ?? [];
    list.push(c);
    m.set(info.params.length, list);
  }
  return m;
})();

/** An edit that keeps the file's size (so block and event offsets stay valid); returns the first byte changed. */
type InPlaceEdit = (d: Buffer, s: CaptureSample, r: Random) => number;

const IN_PLACE: Readonly<Record<string, InPlaceEdit>> = {
  bitFlips(d, _s, r) {
    let first = d.length;
    for (let k = 1 + int(r, 8); k > 0; k--) {
      const at = int(r, d.length);
      d[at]! ^= 1 << int(r, 8);
      first = Math.min(first, at);
    }
    return first;
  },
  byteOverwrite(d, _s, r) {
    const at = int(r, d.length);
    const n = Math.min(d.length - at, 1 + int(r, 16));
    const fill = pick(r, [0x00, 0xff, -1]);
    for (let i = 0; i < n; i++) d[at + i] = fill < 0 ? int(r, 256) : fill;
    return at;
  },
  blockLength(d, s, r) {
    const b = pick(r, s.blocks);
    d.writeUInt32LE(lyingU32(r, d.readUInt32LE(b.offset + 4)), b.offset + 4);
    return b.offset + 4;
  },
  eventLength(d, s, r) {
    const e = pick(r, s.events);
    d.writeUInt32LE(lyingU32(r, d.readUInt32LE(e.header + 16)), e.header + 16);
    return e.header + 16;
  },
  eventType(d, s, r) {
    // Valid codes, wrong for the event: same parameter count, the other direction, seen elsewhere, any.
    const e = pick(r, s.events);
    const same = CODES_BY_PARAM_COUNT.get(e.nparams) ?? [];
    const choice = int(r, 4);
    const code = choice === 0 && same.length > 0 ? pick(r, same) : choice === 1 ? e.type ^ 1 : choice === 2 ? pick(r, s.types) : int(r, PPM_EVENT_MAX);
    d.writeUInt16LE(code, e.header + 20);
    return e.header + 20;
  },
  paramCount(d, s, r) {
    const v2 = s.events.filter((e) => e.headerSize === 26);
    if (v2.length === 0) return IN_PLACE['paramLength']!(d, s, r);
    const e = pick(r, v2);
    const n = pick(r, [0, e.nparams - 1, e.nparams + 1, e.nparams + 2, int(r, 40)]);
    d.writeUInt32LE(Math.max(0, n), e.header + 22);
    return e.header + 22;
  },
  paramLength(d, s, r) {
    const e = pick(r, s.events.filter((x) => x.nparams > 0));
    const k = int(r, e.nparams);
    const old = readLength(d, e, k);
    if (r() < 0.5 && k + 1 < e.nparams) {
      // Move bytes from one parameter to the next: the event still adds up, so only decoders see it.
      const delta = r() < 0.5 ? int(r, old + 1) : -Math.min(readLength(d, e, k + 1), 1 + int(r, 16));
      writeLength(d, e, k, old - delta);
      writeLength(d, e, k + 1, readLength(d, e, k + 1) + delta);
    } else {
      writeLength(d, e, k, e.lengthSize === 4 ? lyingU32(r, old) : lyingU16(r, old));
    }
    return lengthsAt(e) + k * e.lengthSize;
  },
  paramBytes(d, s, r) {
    // Scribble inside parameter data, leaving every length intact (paths, sockaddrs, fds, flags).
    const e = pick(r, s.events.filter((x) => x.nparams > 0));
    const dataAt = lengthsAt(e) + e.nparams * e.lengthSize;
    const end = Math.min(e.block.offset + e.block.length, e.header + d.readUInt32LE(e.header + 16));
    if (end <= dataAt) return d.length;
    const at = dataAt + int(r, end - dataAt);
    const n = Math.min(end - at, 1 + int(r, 8));
    const fill = pick(r, [0x00, 0xff, -1]);
    for (let i = 0; i < n; i++) d[at + i] = fill < 0 ? int(r, 256) : fill;
    return at;
  },
  eventThread(d, s, r) {
    const e = pick(r, s.events);
    const tid = r() < 0.5 ? pick(r, INTERESTING_TIDS) : d.readBigInt64LE(pick(r, s.events).header + 8);
    d.writeBigInt64LE(tid, e.header + 8);
    return e.header + 8;
  },
  eventTime(d, s, r) {
    const e = pick(r, s.events);
    const ts = pick(r, [0n, 1n, 0xffffffffffffffffn, 0x8000000000000000n, d.readBigUInt64LE(e.header) - 1_000_000_000n]);
    d.writeBigUInt64LE(BigInt.asUintN(64, ts), e.header);
    return e.header;
  },
  tableBytes(d, s, r) {
    // Lengths, counts and ids inside process, fd, user and interface lists.
    const b = pick(r, s.tables);
    const at = b.offset + 8 + int(r, Math.max(1, b.length - 14));
    if (r() < 0.5) d.writeUInt16LE(lyingU16(r, d.readUInt16LE(at)), at);
    else d.writeUInt32LE(lyingU32(r, d.readUInt32LE(at)), at);
    return at;
  },
  eventBlockType(d, s, r) {
    // Another event block kind: flags where there are none, v1 where events are v2, large, ...
    const e = pick(r, s.events);
    d.writeUInt32LE(pick(r, [0x204, 0x208, 0x216, 0x217, 0x221, 0x222, 0x8010abcd]), e.block.offset);
    return e.block.offset;
  },
};

/** Edits that reach the state and the fields rather than the reader: events stay well-formed. */
const SEMANTIC = ['eventType', 'paramLength', 'paramBytes', 'eventThread', 'eventTime'] as const;

function inPlace(edit: InPlaceEdit): Mutator {
  return (s, r) => {
    const d = Buffer.from(s.data);
    return { data: d, firstChange: edit(d, s, r) };
  };
}

export const MUTATORS: Readonly<Record<string, Mutator>> = {
  ...Object.fromEntries(Object.entries(IN_PLACE).map(([k, edit]) => [k, inPlace(edit)])),
  /** Several semantic edits on one capture: states no single edit reaches. */
  stacked(s, r) {
    const d = Buffer.from(s.data);
    let first = d.length;
    for (let k = 2 + int(r, 12); k > 0; k--) first = Math.min(first, IN_PLACE[pick(r, SEMANTIC)]!(d, s, r));
    return { data: d, firstChange: first };
  },
  truncate(s, r) {
    const at = int(r, s.data.length);
    return { data: s.data.subarray(0, at), firstChange: at };
  },
  truncateInEvent(s, r) {
    const e = pick(r, s.events);
    const at = e.block.offset + 1 + int(r, e.block.length - 1);
    return { data: s.data.subarray(0, at), firstChange: at };
  },
  insertJunk(s, r) {
    const at = r() < 0.5 ? pick(r, s.blocks).offset : int(r, s.data.length);
    const junk = randomBytes(r, 1 + int(r, 64));
    return { data: Buffer.concat([s.data.subarray(0, at), junk, s.data.subarray(at)]), firstChange: at };
  },
  deleteRange(s, r) {
    const at = int(r, s.data.length);
    return { data: Buffer.concat([s.data.subarray(0, at), s.data.subarray(Math.min(s.data.length, at + 1 + int(r, 256)))]), firstChange: at };
  },
  duplicateBlock(s, r) {
    // A well-formed event in the wrong place: an exit without its enter, a second clone, ...
    const e = pick(r, s.events);
    const at = pick(r, s.events).block.offset;
    const copy = s.data.subarray(e.block.offset, e.block.offset + e.block.length);
    return { data: Buffer.concat([s.data.subarray(0, at), copy, s.data.subarray(at)]), firstChange: at };
  },
  swapBlocks(s, r) {
    const i = int(r, s.events.length - 1);
    const a = s.events[i]!.block;
    const b = s.events[i + 1]!.block;
    if (a.offset + a.length !== b.offset) return MUTATORS['duplicateBlock']!(s, r);
    const d = Buffer.concat([
      s.data.subarray(0, a.offset),
      s.data.subarray(b.offset, b.offset + b.length),
      s.data.subarray(a.offset, a.offset + a.length),
      s.data.subarray(b.offset + b.length),
    ]);
    return { data: d, firstChange: a.offset };
  },
  appended(s, r) {
    // Part of the capture, then the whole capture again: a second section, whose tables reseed the state.
    const at = pick(r, s.events).block.offset;
    return { data: Buffer.concat([s.data.subarray(0, at), s.data]), firstChange: at };
  },
  gzipBytes(s, r) {
    // The shared file as it is (gzip), with its compressed bytes damaged (the 10-byte header is left alone).
    const d = Buffer.from(s.gz);
    const kind = int(r, 3);
    if (kind === 0) {
      let first = d.length;
      for (let k = 1 + int(r, 4); k > 0; k--) {
        const at = 10 + int(r, d.length - 10);
        d[at]! ^= 1 << int(r, 8);
        first = Math.min(first, at);
      }
      return { data: d, firstChange: null, gzipChange: first };
    }
    const at = 10 + int(r, d.length - 10);
    if (kind === 1) return { data: d.subarray(0, at), firstChange: null, gzipChange: at };
    return { data: Buffer.concat([d.subarray(0, at), randomBytes(r, 1 + int(r, 32)), d.subarray(at)]), firstChange: null, gzipChange: at };
  },
};

export const MUTATOR_NAMES: readonly string[] = Object.keys(MUTATORS);

// ---- the pipeline -------------------------------------------------------------

export interface ReplayOutcome {
  /** Alert texts, in order (one line each unless a field holds a line break). */
  alerts: string[];
  /** Offset in the file of the event of each alert. */
  alertOffsets: number[];
  /** Falco's end-of-run summary. */
  summary: string;
  /** Events delivered, and those of them rules saw. */
  delivered: number;
  visible: number;
  /** The capture error that ended the replay early, if any. */
  error: CaptureError | undefined;
  /** The capture opened (header read): later errors are not "cannot open" ones. */
  opened: boolean;
}

function isMetaCode(code: number): boolean {
  return ((EVENT_TABLE[code]?.category ?? 0) & EventCategory.METAEVENT) !== 0;
}

/** Rules, configuration and compiled outputs, made once and used by every replay. */
export class ReplayPipeline {
  readonly config: FalcoConfig;
  readonly document: ConfigDocument;
  readonly engine: RuleEngine<unknown>;
  readonly loadResult: LoadResult;
  readonly rules: SyscallRules;
  readonly hostname = 'fuzz-host';

  /**
   * @param rulesFiles rules files as name and YAML text, loaded in order
   * @param overrides `-o key=value` settings on top of Falco's defaults
   */
  constructor(rulesFiles: ReadonlyArray<{ name: string; content: string }>, overrides: string[] = []) {
    const loaded = loadConfig({ overrides, env: {} });
    if (loaded.config.bufferedOutputs) throw new Error('the pipeline needs buffered_outputs=false to tell alerts apart');
    this.config = loaded.config;
    this.document = loaded.document;
    this.engine = createRuleEngine();
    const result = this.engine.load(rulesFiles);
    this.loadResult = result;
    const failed = result.files.find((f) => !f.successful);
    if (failed !== undefined || result.requirementError !== undefined) {
      throw new Error(`rules did not load: ${failed?.name ?? result.requirementError}`);
    }
    this.rules = compileSyscallRules(this.engine, syscallExtractors, {
      selection: this.config.rules,
      minPriority: this.config.priority,
      appendOutput: this.config.appendOutput,
    });
  }

  /** What runReplay needs as its loaded rules. */
  loadedRules(): LoadedRules {
    return {
      engine: this.engine,
      result: this.loadResult,
      selection: this.config.rules,
      minPriority: this.config.priority,
      rulesets: new Map(),
    };
  }

  /**
   * Replays a capture file through reader, converter, state, fields, rules
   * and alert printer (`readerOptions` as the replay source would pass them:
   * small buffers and batches exercise the reader's refills on small files). Only a CaptureError ends it early (and is returned);
   * any other exception escapes, as it would from the replay source.
   */
  replay(path: string, readerOptions: CaptureReaderOptions = {}): ReplayOutcome {
    const rules = this.rules;
    // Unbuffered, the printer writes each alert on its own (fields may hold line breaks).
    const alerts: string[] = [];
    const printer = new AlertPrinter(this.config, rules.loadOrder, this.hostname, (t) => {
      alerts.push(t.endsWith('\n') ? t.slice(0, -1) : t);
    });
    const alertOffsets: number[] = [];
    const state = new StateEngine({ mode: 'replay' });
    let stream: CaptureEventStream;
    try {
      stream = new CaptureEventStream(path, (tables) => state.seed(tables), readerOptions);
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      return { alerts: [], alertOffsets, summary: printer.summary(), delivered: 0, visible: 0, error: e, opened: false };
    }
    state.seed(stream.header);
    const run: RunInfo = { source: SYSCALL_SOURCE, hostname: this.hostname, bufferFormatBase64: false, firstEventTs: 0n };
    const ev = new SyscallEvent(state, run);
    const matchAll = this.config.ruleMatching === 'all';
    let visible = 0;
    let error: CaptureError | undefined;
    try {
      for (let d = stream.next(); d !== null; d = stream.next()) {
        const event = d.event;
        if (run.firstEventTs === 0n && !isMetaCode(event.code)) run.firstEventTs = event.ts;
        state.process(event);
        if (!d.visible) continue;
        visible++;
        ev.begin(event, d.num, d.cpu).attachState();
        const type = eventTypeOf(ev);
        if (matchAll) {
          for (const r of rules.ruleset.match(type, ev, true)) {
            printer.emit(rules.outputs.get(r.name)!, ev);
            alertOffsets.push(d.fileOffset);
          }
        } else {
          const r = rules.ruleset.matchFirst(type, ev);
          if (r !== undefined) {
            printer.emit(rules.outputs.get(r.name)!, ev);
            alertOffsets.push(d.fileOffset);
          }
        }
      }
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      error = e;
    } finally {
      stream.close();
      printer.flush();
    }
    return { alerts, alertOffsets, summary: printer.summary(), delivered: stream.count, visible, error, opened: true };
  }
}
