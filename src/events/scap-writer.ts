/**
 * Writes scap capture files in the current format (libscap 0.25.4): a
 * section header, then table blocks (MI, IL_V2, UL_V2, PL_V9, FDL_V2) and
 * event blocks (EV_V2 / EVF_V2, their LARGE forms for large-payload events).
 * Events from old (v1) blocks are rewritten with the nparams field. Output is
 * buffered in chunks; with `gzip` each chunk becomes one gzip member, which
 * gzip readers (zlib's gzread in libscap, Node's gunzip) read as one stream.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { EventView } from './event-view.js';
import {
  BlockType,
  EventBlock,
  CURRENT_MAJOR_VERSION,
  CURRENT_MINOR_VERSION,
  EVENT_HEADER_SIZE,
  FD_LAYOUTS,
  FD_PREFIX_LAYOUT,
  GROUP_LAYOUT,
  InterfaceType,
  LARGE_PAYLOAD_BY_TYPE,
  MACHINE_INFO_LAYOUT,
  MIN_SECTION_HEADER_SIZE,
  PROCESS_LAYOUT,
  SCAP_MAX_PATH_SIZE,
  SHB_MAGIC,
  USER_LAYOUT,
  UserBlockEntryType,
  paddedLength,
  type FieldKind,
  type FieldSpec,
} from './scap-blocks.js';
import type { FieldValueOf } from './scap-cursor.js';
import type {
  CaptureTables,
  FdEntry,
  GroupEntry,
  InterfaceEntry,
  MachineInfo,
  ProcessEntry,
  UserEntry,
} from './scap-records.js';

/** Where written bytes go. */
export interface CaptureSink {
  write(chunk: Buffer): void;
  close(): void;
}

export class FileSink implements CaptureSink {
  private fd: number | null;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(chunk: Buffer): void {
    if (this.fd === null) throw new Error('write after close');
    let off = 0;
    while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Collects the capture in memory (tests, benchmarks). */
export class MemorySink implements CaptureSink {
  private readonly chunks: Buffer[] = [];

  write(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk));
  }

  close(): void {}

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface CaptureWriterOptions {
  /** Compress the output (gzip members of `chunkSize` input bytes each). */
  gzip?: boolean;
  gzipLevel?: number;
  /** Bytes buffered before a write to the sink. Default 1 MiB. */
  chunkSize?: number;
  /**
   * Write process entries with the tail used before libs 0.10 (loginuid,
   * exe_writable, capabilities; no tty, pidns start, exe inode, pgid, ...).
   * Current libscap reads both; readers from before 0.10, like Debian's
   * sysdig 0.29.3, read loginuid correctly only from this one.
   */
  legacyProcessTail?: boolean;
}

const LEGACY_PROCESS_LAYOUT = PROCESS_LAYOUT.filter((f) => f.tail === undefined || f.pre010 === true);

/** Growable little-endian byte builder for block bodies. */
class Bytes {
  buf = Buffer.allocUnsafe(4096);
  len = 0;

  reserve(n: number): number {
    if (this.len + n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    const at = this.len;
    this.len += n;
    return at;
  }

  // reserve() may replace this.buf, so it must run before this.buf is read.
  u8(v: number): void {
    const at = this.reserve(1);
    this.buf[at] = v & 0xff;
  }

  u16(v: number): void {
    const at = this.reserve(2);
    this.buf.writeUInt16LE(v & 0xffff, at);
  }

  u32(v: number): void {
    const at = this.reserve(4);
    this.buf.writeUInt32LE(v >>> 0, at);
  }

  /** 64-bit from a number (signed or not: the low 64 bits of its two's complement). */
  n64(v: number): void {
    const at = this.reserve(8);
    this.buf.writeBigInt64LE(BigInt.asIntN(64, BigInt(Math.trunc(v))), at);
  }

  u64(v: bigint): void {
    const at = this.reserve(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), at);
  }

  raw(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  lengthPrefixed(b: Buffer, name: string, maxLen: number): void {
    if (b.length > maxLen) throw new RangeError(`${name} is ${b.length} bytes, more than the ${maxLen} a scap file allows`);
    this.u16(b.length);
    this.raw(b);
  }

  field(kind: FieldKind, value: FieldValueOf | undefined, name: string, maxLen = 0): void {
    switch (kind) {
      case 'u8':
      case 'bool':
        return this.u8(typeof value === 'boolean' ? (value ? 1 : 0) : Number(value ?? 0));
      case 'u16':
        return this.u16(Number(value ?? 0));
      case 'u32':
        return this.u32(Number(value ?? 0));
      case 'i64':
      case 'u64n':
        return this.n64(Number(value ?? 0));
      case 'u64':
        return this.u64(typeof value === 'bigint' ? value : BigInt(Number(value ?? 0)));
      case 'str':
        return this.lengthPrefixed(Buffer.from(String(value ?? ''), 'utf8'), name, maxLen);
      case 'strlist': {
        const list = Array.isArray(value) ? (value as string[]) : [];
        return this.lengthPrefixed(Buffer.from(list.map((s) => `${s}\0`).join(''), 'utf8'), name, maxLen);
      }
      case 'ip6': {
        const b = new Uint8Array(16);
        if (value instanceof Uint8Array) b.set(value.subarray(0, 16));
        return this.raw(b);
      }
      case 'cstr128': {
        const b = new Uint8Array(128);
        b.set(Buffer.from(String(value ?? ''), 'utf8').subarray(0, 127));
        return this.raw(b);
      }
    }
  }

  /** Writes `fields` of `record` in order. */
  fields<K extends string>(record: object, specs: readonly FieldSpec<K>[]): void {
    const bag = record as Record<string, FieldValueOf | undefined>;
    for (const f of specs) this.field(f.kind, bag[f.key], f.key, f.maxLen);
  }

  /** Patches a u32 written earlier at `at`. */
  patch32(at: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, at);
  }
}

export class CaptureWriter {
  private out: Buffer;
  private o = 0;
  private written = 0;
  private closed = false;
  private readonly body = new Bytes();
  private readonly scratch = new EventView();

  constructor(
    private readonly sink: CaptureSink,
    private readonly options: CaptureWriterOptions = {},
  ) {
    this.out = Buffer.allocUnsafe(Math.max(4096, options.chunkSize ?? 1 << 20));
    const b = this.begin();
    b.u32(SHB_MAGIC);
    b.u16(CURRENT_MAJOR_VERSION);
    b.u16(CURRENT_MINOR_VERSION);
    b.u64(0xffffffffffffffffn); // section length unknown
    this.emitBlock(BlockType.SHB, b);
    if (this.written !== MIN_SECTION_HEADER_SIZE) throw new Error('section header size mismatch');
  }

  /** Uncompressed bytes written so far. */
  get bytesWritten(): number {
    return this.written;
  }

  writeMachineInfo(machine: MachineInfo): void {
    const b = this.begin();
    b.fields(machine, MACHINE_INFO_LAYOUT);
    this.emitBlock(BlockType.MI, b);
  }

  writeInterfaces(list: readonly InterfaceEntry[]): void {
    const b = this.begin();
    for (const e of list) {
      const name = Buffer.from(e.name, 'utf8');
      if (name.length >= SCAP_MAX_PATH_SIZE) throw new RangeError(`interface name ${e.name} is too long`);
      const v4 = e.kind === 'ipv4';
      const withSpeed = e.type !== InterfaceType.IPV4_NOLINKSPEED && e.type !== InterfaceType.IPV6_NOLINKSPEED;
      const type = v4 ? (withSpeed ? InterfaceType.IPV4 : InterfaceType.IPV4_NOLINKSPEED) : withSpeed ? InterfaceType.IPV6 : InterfaceType.IPV6_NOLINKSPEED;
      const lenAt = b.reserve(4);
      const start = b.len;
      b.u16(type);
      b.u16(name.length);
      if (e.kind === 'ipv4') {
        b.u32(e.addr);
        b.u32(e.netmask);
        b.u32(e.bcast);
      } else {
        b.field('ip6', e.addr, 'addr');
        b.field('ip6', e.netmask, 'netmask');
        b.field('ip6', e.bcast, 'bcast');
      }
      if (withSpeed) b.u64(e.linkspeed);
      b.raw(name);
      b.patch32(lenAt, b.len - start); // interface entry lengths do not count themselves
    }
    this.emitBlock(BlockType.IL_V2, b);
  }

  writeUsers(users: readonly UserEntry[], groups: readonly GroupEntry[]): void {
    const b = this.begin();
    for (const u of users) this.lengthPrefixedEntry(b, () => {
      b.u8(UserBlockEntryType.USER);
      b.fields(u, USER_LAYOUT);
    });
    for (const g of groups) this.lengthPrefixedEntry(b, () => {
      b.u8(UserBlockEntryType.GROUP);
      b.fields(g, GROUP_LAYOUT);
    });
    this.emitBlock(BlockType.UL_V2, b);
  }

  /** One PL_V9 block holding every entry (nothing is written for an empty list, like libscap). */
  writeProcesses(list: readonly ProcessEntry[]): void {
    if (list.length === 0) return;
    const b = this.begin();
    const layout = this.options.legacyProcessTail ? LEGACY_PROCESS_LAYOUT : PROCESS_LAYOUT;
    for (const p of list) this.lengthPrefixedEntry(b, () => b.fields(p, layout));
    this.emitBlock(BlockType.PL_V9, b);
  }

  /** FDL_V2 blocks, one per run of consecutive entries of the same thread. Type-0 fds are skipped, like libscap. */
  writeFds(list: readonly FdEntry[]): void {
    let i = 0;
    while (i < list.length) {
      const tid = list[i]!.tid;
      const b = this.begin();
      b.n64(tid);
      for (; i < list.length && list[i]!.tid === tid; i++) {
        const e = list[i]!;
        if (e.kind === 'unknown') continue;
        this.lengthPrefixedEntry(b, () => {
          b.fields(e, FD_PREFIX_LAYOUT);
          b.fields(e, FD_LAYOUTS[e.kind] as readonly FieldSpec<string>[]);
        });
      }
      this.emitBlock(BlockType.FDL_V2, b);
    }
  }

  /** Every table present, in the order libscap writes them. */
  writeTables(t: CaptureTables): void {
    if (t.machine !== null) this.writeMachineInfo(t.machine);
    if (t.interfaces !== null) this.writeInterfaces(t.interfaces);
    if (t.users !== null || t.groups !== null) this.writeUsers(t.users ?? [], t.groups ?? []);
    this.writeProcesses(t.processes);
    this.writeFds(t.fds);
  }

  /** Writes the event a view points at, as a v2 event block. */
  writeEvent(ev: EventView): void {
    const type = ev.type;
    const ls = LARGE_PAYLOAD_BY_TYPE[type] === 1 ? 4 : 2;
    const np = ev.nparams;
    const srcLens = ev.offset + ev.headerSize;
    const srcData = srcLens + np * ev.lengthSize;
    const dataLen = ev.offset + ev.length - srcData;
    const len = EVENT_HEADER_SIZE + np * ls + dataLen;
    const total = EventBlock.length(len, ev.flags !== 0);
    const out = this.space(total);
    let o = EventBlock.writeHead(out, this.o, total, ev.cpu, ls === 4, ev.flags);
    const src = ev.buffer;
    src.copy(out, o, ev.offset, ev.offset + 16); // ts, tid
    out.writeUInt32LE(len, o + 16);
    out.writeUInt16LE(type, o + 20);
    out.writeUInt32LE(np, o + 22);
    o += EVENT_HEADER_SIZE;
    if (ls === ev.lengthSize) {
      src.copy(out, o, srcLens, ev.offset + ev.length);
      o += np * ls + dataLen;
    } else {
      for (let i = 0; i < np; i++, o += ls) {
        const l = ev.paramLength(i);
        if (ls === 4) out.writeUInt32LE(l, o);
        else out.writeUInt16LE(l, o);
      }
      src.copy(out, o, srcData, srcData + dataLen);
      o += dataLen;
    }
    EventBlock.writeTail(out, this.o, total, o);
    this.o += total;
    this.written += total;
  }

  /** Writes a raw v2-layout event (header with nparams) found at `offset`. */
  writeEventBytes(buffer: Buffer, offset: number, cpu = 0, flags = 0): void {
    this.writeEvent(this.scratch.set(buffer, offset, cpu, flags));
  }

  /** Flushes and closes the sink. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.sink.close();
  }

  // ---- internals -------------------------------------------------------------

  private begin(): Bytes {
    if (this.closed) throw new Error('capture writer is closed');
    this.body.len = 0;
    return this.body;
  }

  private lengthPrefixedEntry(b: Bytes, write: () => void): void {
    const at = b.reserve(4);
    write();
    b.patch32(at, b.len - at); // these entry lengths count themselves
  }

  private emitBlock(type: number, body: Bytes): void {
    const total = paddedLength(8 + body.len + 4);
    const out = this.space(total);
    const o = this.o;
    out.writeUInt32LE(type, o);
    out.writeUInt32LE(total, o + 4);
    body.buf.copy(out, o + 8, 0, body.len);
    out.fill(0, o + 8 + body.len, o + total - 4);
    out.writeUInt32LE(total, o + total - 4);
    this.o += total;
    this.written += total;
  }

  /** The output buffer with room for n more bytes at this.o. */
  private space(n: number): Buffer {
    if (this.closed) throw new Error('capture writer is closed');
    if (this.o + n > this.out.length) {
      this.flush();
      if (n > this.out.length) this.out = Buffer.allocUnsafe(n);
    }
    return this.out;
  }

  private flush(): void {
    if (this.o === 0) return;
    const chunk = this.out.subarray(0, this.o);
    const level = this.options.gzipLevel;
    this.sink.write(this.options.gzip ? gzipSync(chunk, level === undefined ? {} : { level }) : chunk);
    this.o = 0;
  }
}

/** Opens `path` for writing a capture (its section header is written at once). */
export function openCaptureWriter(path: string, options: CaptureWriterOptions = {}): CaptureWriter {
  return new CaptureWriter(new FileSink(path), options);
}
