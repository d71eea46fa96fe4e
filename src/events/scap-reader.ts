/**
 * Reads scap capture files (plain or gzip) as a pull iterator over batches of
 * events. Opening a capture reads its header: the section header and the
 * table blocks (machine, interfaces, users, processes, fds) before the first
 * event. Each `next()` then returns a batch of events that point into the
 * reader's working buffer, plus any table blocks met just before them.
 *
 * The event walk allocates nothing per event: it records offsets in the
 * batch's typed arrays and checks that each event fits its block and its
 * parameters fit the event, so later decoding can index without checks.
 * Bad input of any kind ends in a CaptureError (file, byte offset, what was
 * expected), raised only after the events read before it were delivered.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CaptureError } from './capture-error.js';
import { FileSource, GzipWorkerSource, SourceDataError, inflateWhole, readHead, type ByteSource } from './capture-source.js';
import { EventBatch } from './event-batch.js';
import {
  BlockType,
  EVENT_HEADER_SIZE,
  EventBlockBits,
  LARGE_PAYLOAD_BY_TYPE,
  MAX_NON_LARGE_EVENT_BLOCK_BODY,
  MIN_BLOCK_SIZE,
  MIN_SECTION_HEADER_SIZE,
  PPM_EVENT_MAX,
  PROCESS_BLOCK_VERSION,
  V1_EVENT_HEADER_SIZE,
  V1_LEN_OVERSTATED_EVENT_TYPES,
  eventBlockBits,
  tableBlockKind,
  type TableBlockKind,
} from './scap-blocks.js';
import { BlockCursor, type ErrorContext } from './scap-cursor.js';
import { emptyTables, type CaptureHeader, type CaptureTables } from './scap-records.js';
import {
  decodeFdList,
  decodeInterfaceList,
  decodeMachineInfo,
  decodeProcessList,
  decodeSectionHeader,
  decodeUserList,
} from './scap-table-decoders.js';

export { EventBatch } from './event-batch.js';
export type { ByteSource } from './capture-source.js';
export type { CaptureHeader, CaptureTables } from './scap-records.js';

export interface CaptureReaderOptions {
  /** Initial working buffer size in bytes (grows for larger blocks). Default 1 MiB. */
  bufferSize?: number;
  /** Most events per batch. Default 8192. */
  maxBatchEvents?: number;
  /** Blocks longer than this are reported as corrupt. Default 512 MiB. */
  maxBlockSize?: number;
  /**
   * Gzip files up to this compressed size are inflated in one step; larger
   * ones stream through a worker thread. Default 4 MiB.
   */
  gzipInMemoryLimit?: number;
  /** Events with a type code at or above this are skipped, as libscap does. Default PPM_EVENT_MAX (454). */
  maxEventType?: number;
}

export interface ReaderStats {
  /** Events delivered in batches so far. */
  events: number;
  /** Events skipped for an event type newer than maxEventType. */
  skippedEvents: number;
  eventBlocks: number;
  /** Section, machine, process, fd, interface and user blocks. */
  tableBlocks: number;
  /** Blocks of unknown types, skipped by their length. */
  unknownBlocks: number;
  /** Uncompressed bytes consumed. */
  bytes: number;
}

const DEFAULTS = {
  bufferSize: 1 << 20,
  maxBatchEvents: 8192,
  maxBlockSize: 512 << 20,
  gzipInMemoryLimit: 4 << 20,
  maxEventType: PPM_EVENT_MAX,
};

/** Canonical block type for each combination of event block bits (EV_INT counts as EV). */
const EVENT_BLOCK_TYPE_BY_BITS: Readonly<Record<number, number>> = {
  1: BlockType.EV,
  5: BlockType.EVF,
  3: BlockType.EV_V2,
  7: BlockType.EVF_V2,
  11: BlockType.EV_V2_LARGE,
  15: BlockType.EVF_V2_LARGE,
};

const SUBJECT: Readonly<Record<TableBlockKind, string>> = {
  section: 'section header block',
  machine: 'machine info block',
  processes: 'process list block',
  fds: 'fd list block',
  interfaces: 'interface list block',
  users: 'user list block',
};

function u16(b: Buffer, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

function u32(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

/** What a CaptureReader reads: all the data in memory, or a byte source. */
export interface CaptureReaderInput {
  /** Names the capture in errors. */
  name: string;
  /** Whether offsets in errors count uncompressed bytes of a gzip file. */
  compressed: boolean;
  /** All the data, for in-memory captures. */
  data?: Buffer;
  /** Or a stream of it. */
  source?: ByteSource;
  /** Uncompressed size when known in advance (lets corrupt lengths fail fast). */
  knownSize: number | null;
  /** Raised where the data ends (the inflater failed there). */
  dataError?: string | null;
}

export class CaptureReader {
  readonly name: string;
  readonly compressed: boolean;
  readonly header: CaptureHeader;

  private buf: Buffer;
  private pos = 0;
  private end = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private eof: boolean;
  private source: ByteSource | null;
  private readonly knownSize: number | null;
  /** Raised where the data ends instead of a truncation error (corrupt gzip). */
  private endError: CaptureError | null = null;
  /** Raised by the next call: events before it were delivered first. */
  private pending: CaptureError | null = null;
  private closed = false;
  private readonly batch: EventBatch;
  private readonly ctx: ErrorContext;
  private readonly maxBlockSize: number;
  private readonly maxEventType: number;
  private readonly eventBlockCounts = new Float64Array(16);
  private readonly tableBlockCounts = new Map<number, number>();
  private delivered = 0;
  private skipped = 0;

  /** Reads the header at once. openCapture / openCaptureBuffer are the usual way in. */
  constructor(input: CaptureReaderInput, options: CaptureReaderOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    this.name = input.name;
    this.compressed = input.compressed;
    this.knownSize = input.knownSize;
    this.maxBlockSize = o.maxBlockSize;
    this.maxEventType = o.maxEventType;
    this.batch = new EventBatch(Math.max(1, o.maxBatchEvents));
    this.ctx = { file: input.name, compressed: input.compressed, base: 0 };
    if (input.data !== undefined) {
      this.buf = input.data;
      this.end = input.data.length;
      this.eof = true;
      this.source = null;
    } else {
      this.buf = Buffer.allocUnsafe(Math.max(64, o.bufferSize));
      this.eof = false;
      this.source = input.source ?? null;
    }
    if (input.dataError) this.endError = this.gzipError(input.dataError, this.knownSize ?? 0);
    try {
      this.header = this.readHeader();
    } catch (e) {
      this.close();
      throw this.asCaptureError(e);
    }
  }

  /** The next batch of events, or null at the end. Throws CaptureError on bad input. */
  next(): EventBatch | null {
    if (this.closed) return null;
    if (this.pending !== null) throw this.pending;
    const b = this.batch;
    b.count = 0;
    b.tables = null;
    b.firstEvent = this.delivered;
    try {
      this.fillBatch(b);
    } catch (e) {
      this.pending = this.asCaptureError(e);
      if (b.count === 0 && b.tables === null) throw this.pending;
    }
    if (b.count === 0 && b.tables === null) return null;
    b.buffer = this.buf;
    b.bufferFileOffset = this.base;
    this.delivered += b.count;
    return b;
  }

  get stats(): ReaderStats {
    let eventBlocks = 0;
    for (const c of this.eventBlockCounts) eventBlocks += c;
    let tableBlocks = 0;
    let unknownBlocks = 0;
    for (const [type, c] of this.tableBlockCounts) {
      if (tableBlockKind(type) === null) unknownBlocks += c;
      else tableBlocks += c;
    }
    return {
      events: this.delivered,
      skippedEvents: this.skipped,
      eventBlocks,
      tableBlocks,
      unknownBlocks,
      bytes: this.base + this.pos,
    };
  }

  /** Blocks read so far by type code (EV_INT blocks count as EV). */
  blockCounts(): Map<number, number> {
    const m = new Map(this.tableBlockCounts);
    this.eventBlockCounts.forEach((c, bits) => {
      if (c > 0) m.set(EVENT_BLOCK_TYPE_BY_BITS[bits]!, c);
    });
    return m;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.source?.close();
    this.source = null;
  }

  // ---- header -------------------------------------------------------------

  private readHeader(): CaptureHeader {
    if (!this.ensure(8)) {
      if (this.endError !== null) throw this.endError;
      const left = this.end - this.pos;
      throw this.fail(this.pos, left === 0 ? 'empty capture' : 'not a scap capture', 'a section header block', `${left} bytes in the file`);
    }
    const first = u32(this.buf, this.pos);
    if (first !== BlockType.SHB) {
      throw this.fail(this.pos, 'not a scap capture', 'section header block type 0x0a0d0d0a', `0x${first.toString(16).padStart(8, '0')}`);
    }
    const tables = emptyTables();
    for (;;) {
      if (!this.ensure(8)) {
        if (this.end === this.pos) break;
        throw this.endError ?? this.fail(this.pos, 'truncated block header', '8 bytes', `${this.end - this.pos} left`);
      }
      const p = this.pos;
      const type = u32(this.buf, p);
      const blen = u32(this.buf, p + 4);
      if (blen < MIN_BLOCK_SIZE) throw this.fail(p, 'invalid block length', `at least ${MIN_BLOCK_SIZE}`, `${blen}`);
      if (eventBlockBits(type) !== 0) break;
      this.needWholeBlock(p, type, blen);
      this.readTableBlock(this.pos, type, blen, tables);
      this.pos += blen;
    }
    return tables as CaptureHeader;
  }

  // ---- events -------------------------------------------------------------

  private fillBatch(b: EventBatch): void {
    for (;;) {
      this.scanEvents(b);
      if (b.count >= b.capacity) return;
      const avail = this.end - this.pos;
      if (avail < 8) {
        // Refilling moves the buffer under the events already batched: leave it to the next call.
        if (b.count > 0 && !this.eof) return;
        if (!this.ensure(8)) {
          if (this.end === this.pos) {
            if (this.endError !== null) throw this.endError;
            return;
          }
          throw this.endError ?? this.fail(this.pos, 'truncated block header', '8 bytes', `${this.end - this.pos} left`);
        }
        continue;
      }
      const p = this.pos;
      const type = u32(this.buf, p);
      const blen = u32(this.buf, p + 4);
      if (blen < MIN_BLOCK_SIZE) throw this.fail(p, 'invalid block length', `at least ${MIN_BLOCK_SIZE}`, `${blen}`);
      if (blen > avail) {
        if (b.count > 0 && !this.eof) return;
        this.needWholeBlock(p, type, blen);
        continue;
      }
      // scanEvents stops at complete blocks only when they are not events.
      if (b.count > 0) return;
      b.tables ??= emptyTables();
      this.readTableBlock(p, type, blen, b.tables);
      this.pos = p + blen;
    }
  }

  /** Batches the complete event blocks at the current position. */
  private scanEvents(b: EventBatch): void {
    const buf = this.buf;
    const end = this.end;
    const cap = b.capacity;
    const maxType = this.maxEventType;
    const { offsets, lengths, cpus, flags, nparams, headerSizes } = b;
    const counts = this.eventBlockCounts;
    let p = this.pos;
    let n = b.count;
    try {
      while (n < cap && end - p >= 8) {
        const bits = eventBlockBits(u32(buf, p));
        if (bits === 0) break;
        const blen = u32(buf, p + 4);
        if (blen < MIN_BLOCK_SIZE || blen > end - p) break;
        const hasFlags = (bits & EventBlockBits.FLAGS) !== 0;
        const h = hasFlags ? p + 14 : p + 10;
        const hs = (bits & EventBlockBits.V2) !== 0 ? EVENT_HEADER_SIZE : V1_EVENT_HEADER_SIZE;
        const stop = p + blen - 4;
        if (h + hs > stop) throw this.fail(p, 'event block too short', `at least ${h + hs + 4 - p} bytes`, `${blen}`);
        if ((bits & EventBlockBits.LARGE) === 0 && blen - 8 > MAX_NON_LARGE_EVENT_BLOCK_BODY) {
          throw this.fail(p, 'event block too long', `at most ${MAX_NON_LARGE_EVENT_BLOCK_BODY + 8} bytes for a non-large event block`, `${blen}`);
        }
        const type = u16(buf, h + 20);
        counts[bits]!++;
        if (type >= maxType) {
          this.skipped++;
          p += blen;
          continue;
        }
        let len = u32(buf, h + 16);
        // Old captures overstate the length of these two events by 3 bytes.
        if (hs === V1_EVENT_HEADER_SIZE && V1_LEN_OVERSTATED_EVENT_TYPES.has(type)) len -= 3;
        if (len < hs || h + len > stop) throw this.fail(h + 16, 'invalid event length', `${hs} to ${stop - h} bytes`, `${len}`);
        let np: number;
        if (hs === EVENT_HEADER_SIZE) {
          np = u32(buf, h + 22);
          const ls = LARGE_PAYLOAD_BY_TYPE[type] === 1 ? 4 : 2;
          const evEnd = h + len;
          const lensEnd = h + 26 + np * ls;
          if (lensEnd > evEnd) {
            throw this.fail(h + 22, 'invalid parameter count', `at most ${Math.floor((len - 26) / ls)} for a ${len}-byte event`, `${np}`);
          }
          let dataEnd = lensEnd;
          if (ls === 2) for (let q = h + 26; q < lensEnd; q += 2) dataEnd += u16(buf, q);
          else for (let q = h + 26; q < lensEnd; q += 4) dataEnd += u32(buf, q);
          if (dataEnd > evEnd) throw this.fail(h, 'event parameters overflow the event', `${len} bytes`, `${dataEnd - h} needed`);
        } else {
          np = inferParamCount(buf, h, len);
          if (np < 0) {
            throw this.fail(h, 'cannot infer the parameter count of a v1 event', `parameter lengths adding up to ${len - 22} bytes`, 'none fit');
          }
        }
        offsets[n] = h;
        lengths[n] = len;
        cpus[n] = u16(buf, p + 8);
        flags[n] = hasFlags ? u32(buf, p + 10) : 0;
        nparams[n] = np;
        headerSizes[n] = hs;
        n++;
        p += blen;
      }
    } finally {
      this.pos = p;
      b.count = n;
    }
  }

  // ---- tables -------------------------------------------------------------

  private readTableBlock(p: number, type: number, blen: number, tables: CaptureTables): void {
    const buf = this.buf;
    this.ctx.base = this.base;
    const trailer = u32(buf, p + blen - 4);
    if (trailer !== blen) {
      throw this.fail(p + blen - 4, 'block trailer does not match its header', `total length ${blen}`, `${trailer}`);
    }
    this.tableBlockCounts.set(type, (this.tableBlockCounts.get(type) ?? 0) + 1);
    const kind = tableBlockKind(type);
    if (kind === null) {
      tables.unknownBlocks++;
      return;
    }
    const cur = new BlockCursor(buf, p + 8, p + blen - 4, this.ctx, SUBJECT[kind]);
    switch (kind) {
      case 'section':
        if (blen < MIN_SECTION_HEADER_SIZE) {
          throw this.fail(p, 'section header block too short', `at least ${MIN_SECTION_HEADER_SIZE} bytes`, `${blen}`);
        }
        tables.section = decodeSectionHeader(cur, this.base + p);
        break;
      case 'machine':
        tables.machine = decodeMachineInfo(cur);
        break;
      case 'processes':
        for (const e of decodeProcessList(cur, PROCESS_BLOCK_VERSION.get(type)!)) tables.processes.push(e);
        break;
      case 'fds':
        for (const e of decodeFdList(cur, type === BlockType.FDL_V2)) tables.fds.push(e);
        break;
      case 'interfaces':
        tables.interfaces = decodeInterfaceList(cur, type === BlockType.IL_V2);
        break;
      case 'users': {
        const { users, groups } = decodeUserList(cur, type === BlockType.UL_V2);
        tables.users = users;
        tables.groups = groups;
        break;
      }
    }
  }

  // ---- buffer management ---------------------------------------------------

  /** Makes the whole block at p available (only called when no batched event points into the buffer). */
  private needWholeBlock(p: number, type: number, blen: number): void {
    const kind = tableBlockKind(type);
    const what = eventBlockBits(type) !== 0 ? 'event block' : kind !== null ? SUBJECT[kind] : `block of type 0x${type.toString(16)}`;
    const bits = eventBlockBits(type);
    // Non-large event blocks have a hard limit: no need to read that far to reject one.
    const limit = bits !== 0 && (bits & EventBlockBits.LARGE) === 0 ? MAX_NON_LARGE_EVENT_BLOCK_BODY + 8 : this.maxBlockSize;
    if (blen > limit) throw this.fail(p, `${what} too long`, `at most ${limit} bytes`, `${blen}`);
    const fileLeft = this.knownSize === null ? Infinity : this.knownSize - (this.base + p);
    if (blen > fileLeft || !this.ensure(blen)) {
      throw this.endError ?? this.fail(this.pos, `truncated ${what}`, `${blen} bytes`, `${Math.min(fileLeft, this.end - this.pos)} left`);
    }
  }

  /** Makes n bytes available from pos; false if the data ends first. */
  private ensure(n: number): boolean {
    while (this.end - this.pos < n) {
      if (this.eof) return false;
      this.refill(n);
    }
    return true;
  }

  private refill(n: number): void {
    if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    if (n > this.buf.length) {
      // Grow at most 2x per fill, so a corrupt length costs memory only in proportion to real data.
      const grown = Buffer.allocUnsafe(Math.min(n, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.end);
      this.buf = grown;
    }
    while (this.end < this.buf.length) {
      let got: number;
      try {
        got = this.source === null ? 0 : this.source.read(this.buf, this.end, this.buf.length - this.end);
      } catch (e) {
        this.eof = true;
        this.endError =
          e instanceof SourceDataError
            ? this.gzipError(e.message, this.base + this.end)
            : this.fail(this.end, 'read error', 'readable data', e instanceof Error ? e.message : String(e));
        return;
      }
      if (got === 0) {
        this.eof = true;
        return;
      }
      this.end += got;
    }
  }

  // ---- errors ---------------------------------------------------------------

  private fail(at: number, what: string, expected: string, found?: string): CaptureError {
    return new CaptureError({ file: this.name, offset: this.base + at, what, expected, found, compressed: this.compressed });
  }

  private gzipError(message: string, offset: number): CaptureError {
    return new CaptureError({ file: this.name, offset, what: 'corrupt gzip data', expected: 'a complete gzip stream', found: message, compressed: true });
  }

  private asCaptureError(e: unknown): CaptureError {
    if (e instanceof CaptureError) return e;
    return this.fail(this.pos, 'unreadable capture data', 'well-formed blocks', e instanceof Error ? e.message : String(e));
  }
}

/**
 * Events of v1 blocks do not store their parameter count. The running total
 * 2k + (first k lengths) grows strictly with k, so at most one k makes it
 * equal the payload: the count libscap derives. -1 when none does.
 */
function inferParamCount(buf: Buffer, h: number, len: number): number {
  const payload = len - 22;
  const evEnd = h + len;
  let sum = 0;
  let k = 0;
  let q = h + 22;
  while (sum < payload) {
    if (q + 2 > evEnd) return -1;
    sum += 2 + u16(buf, q);
    q += 2;
    k++;
  }
  return sum === payload ? k : -1;
}

/** Opens a capture file (plain or gzip, detected by its magic bytes) and reads its header. */
export function openCapture(path: string, options: CaptureReaderOptions = {}): CaptureReader {
  const o = { ...DEFAULTS, ...options };
  let fd: number | null;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new CaptureError({ file: path, offset: 0, what: 'cannot open capture', expected: 'a readable file', found: errorText(e), cause: e });
  }
  try {
    const stat = fstatSync(fd);
    // Sniffing the gzip magic and sizing need a seekable file.
    if (!stat.isFile()) {
      throw new CaptureError({ file: path, offset: 0, what: 'cannot read capture', expected: 'a regular file', found: 'another kind of file' });
    }
    const size = stat.size;
    const head = readHead(fd, 2);
    if (head.length === 2 && head[0] === 0x1f && head[1] === 0x8b) {
      if (size <= o.gzipInMemoryLimit) {
        const raw = readWhole(fd, size);
        closeSync(fd);
        fd = null;
        const inflated = inflateWhole(raw);
        return new CaptureReader(
          { name: path, compressed: true, data: inflated.data, knownSize: inflated.data.length, dataError: inflated.error },
          options,
        );
      }
      closeSync(fd);
      fd = null;
      return new CaptureReader({ name: path, compressed: true, source: new GzipWorkerSource(path), knownSize: null }, options);
    }
    const source = new FileSource(fd);
    fd = null; // the source owns it now, and the reader closes the source on failure
    return new CaptureReader({ name: path, compressed: false, source, knownSize: size }, options);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    if (e instanceof CaptureError) throw e;
    throw new CaptureError({ file: path, offset: 0, what: 'cannot read capture', expected: 'a readable file', found: errorText(e), cause: e });
  }
}

function readWhole(fd: number, size: number): Buffer {
  const raw = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, raw, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return raw.subarray(0, got);
}

/** Reads a capture held in memory (plain or gzip). `name` labels errors. */
export function openCaptureBuffer(data: Buffer, name: string, options: CaptureReaderOptions = {}): CaptureReader {
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    const inflated = inflateWhole(data);
    return new CaptureReader(
      { name, compressed: true, data: inflated.data, knownSize: inflated.data.length, dataError: inflated.error },
      options,
    );
  }
  return new CaptureReader({ name, compressed: false, data, knownSize: data.length }, options);
}

function errorText(e: unknown): string {
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code ?? e.message;
  return String(e);
}
