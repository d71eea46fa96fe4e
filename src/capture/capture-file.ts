/**
 * One capture file being written after an alert: the section header and the
 * state tables first, then event blocks, gzip-compressed in chunks as Falco
 * writes its capture files. The file is created (truncated) when opened and
 * each chunk is appended with its own open/write/close, so no descriptor
 * stays open between flushes and what is on disk is always a whole, readable
 * capture up to the last flush (gzip readers take the chunks as one stream).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { CaptureWriter, MemorySink } from '../events/scap-writer.js';
import type { CaptureTables } from '../events/scap-records.js';
import type { ParsedEvent } from '../state/parsed-event.js';
import { EventBlockBuffer } from './event-encoder.js';

export interface CaptureFileOptions {
  /** gzip the file, as Falco does (default true). */
  gzip?: boolean;
  /** Bytes of event blocks collected before they are compressed and appended. */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 256 * 1024;

/** The section header and table blocks of a capture starting with `tables`. */
export function captureHead(tables: CaptureTables): Buffer {
  const sink = new MemorySink();
  const writer = new CaptureWriter(sink);
  writer.writeTables(tables);
  writer.close();
  return sink.toBuffer();
}

export class CaptureFile {
  private readonly blocks: EventBlockBuffer;
  private readonly gzip: boolean;
  private readonly chunkSize: number;
  /** Events written (or buffered to be). */
  events = 0;
  /** Bytes on disk (compressed when compressing). */
  bytesOnDisk = 0;

  /**
   * Creates the file and writes the header and tables at once.
   * @throws Error (from the file system) when the file cannot be created or written
   */
  constructor(readonly path: string, tables: CaptureTables, blocks: EventBlockBuffer, options: CaptureFileOptions = {}) {
    this.blocks = blocks;
    blocks.take();
    this.gzip = options.gzip ?? true;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    writeFileSync(path, new Uint8Array(0));
    this.append(captureHead(tables));
  }

  /**
   * Adds one event (written to disk once a chunk is full).
   * @throws EventTooLarge for an event the format cannot hold; Error from the file system
   */
  write(ev: ParsedEvent, cpu: number): void {
    this.blocks.append(ev, cpu);
    this.events++;
    if (this.blocks.length >= this.chunkSize) this.flush();
  }

  /** Appends what is buffered. @throws Error from the file system */
  flush(): void {
    if (this.blocks.length === 0) return;
    this.append(this.blocks.take());
  }

  private append(raw: Buffer): void {
    const chunk = this.gzip ? gzipSync(raw) : raw;
    appendFileSync(this.path, chunk);
    this.bytesOnDisk += chunk.length;
  }
}
