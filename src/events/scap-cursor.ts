/**
 * A bounds-checked reader over one block body. Every read that would cross
 * the end throws a CaptureError naming the file offset, so table decoders
 * never index past their block whatever the input.
 */
import { CaptureError } from './capture-error.js';
import type { FieldKind } from './scap-blocks.js';

/** Where the bytes come from, for error messages. */
export interface ErrorContext {
  file: string;
  compressed: boolean;
  /** File offset of byte 0 of the buffer being read. */
  base: number;
}

export type FieldValueOf = number | bigint | boolean | string | string[] | Uint8Array;

export class BlockCursor {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
    readonly ctx: ErrorContext,
    /** Names the structure being read in truncation errors, e.g. "process list block". */
    readonly subject: string,
  ) {
    this.pos = start;
  }

  get left(): number {
    return this.end - this.pos;
  }

  error(what: string, expected: string, found?: string, at = this.pos): CaptureError {
    return new CaptureError({
      file: this.ctx.file,
      offset: this.ctx.base + at,
      what,
      expected,
      found,
      compressed: this.ctx.compressed,
    });
  }

  need(n: number, field: string): void {
    if (this.end - this.pos < n) {
      throw this.error(`truncated ${this.subject}`, `${n} bytes for ${field}`, `${this.end - this.pos} left`);
    }
  }

  skip(n: number, field: string): void {
    this.need(n, field);
    this.pos += n;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++]!;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Signed 64-bit as a number (exact below 2^53). */
  i64(field: string): number {
    this.need(8, field);
    const v = this.buf.readInt32LE(this.pos + 4) * 0x100000000 + this.buf.readUInt32LE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Unsigned 64-bit as a number (exact below 2^53). */
  u64n(field: string): number {
    this.need(8, field);
    const v = this.buf.readUInt32LE(this.pos + 4) * 0x100000000 + this.buf.readUInt32LE(this.pos);
    this.pos += 8;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A copy of the next n bytes (records must not keep the batch buffer alive). */
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = new Uint8Array(n);
    v.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return v;
  }

  /** u16 length, then that many bytes of text; libscap rejects lengths above maxLen. */
  lengthPrefixed(field: string, maxLen: number): [number, number] {
    const at = this.pos;
    const len = this.u16(`${field} length`);
    if (len > maxLen) throw this.error(`invalid ${field} length`, `at most ${maxLen} bytes`, `${len}`, at);
    this.need(len, field);
    const start = this.pos;
    this.pos += len;
    return [start, len];
  }

  /** Text is used as a C string by libscap, so it ends at the first NUL if any. */
  str(field: string, maxLen: number): string {
    const [start, len] = this.lengthPrefixed(field, maxLen);
    const nul = this.buf.subarray(start, start + len).indexOf(0);
    return this.buf.toString('utf8', start, nul === -1 ? start + len : start + nul);
  }

  /** NUL-separated strings; a final terminator does not start another entry. */
  strlist(field: string, maxLen: number): string[] {
    const [start, len] = this.lengthPrefixed(field, maxLen);
    if (len === 0) return [];
    const end = this.buf[start + len - 1] === 0 ? start + len - 1 : start + len;
    return this.buf.toString('utf8', start, end).split('\0');
  }

  /** Fixed-size NUL-padded text. */
  fixedStr(n: number, field: string): string {
    this.need(n, field);
    const nul = this.buf.subarray(this.pos, this.pos + n).indexOf(0);
    const stop = nul === -1 ? this.pos + n : this.pos + nul;
    const v = this.buf.toString('utf8', this.pos, stop);
    this.pos += n;
    return v;
  }

  field(kind: FieldKind, name: string, maxLen = 0): FieldValueOf {
    switch (kind) {
      case 'u8':
        return this.u8(name);
      case 'bool':
        return this.u8(name) !== 0;
      case 'u16':
        return this.u16(name);
      case 'u32':
        return this.u32(name);
      case 'i64':
        return this.i64(name);
      case 'u64n':
        return this.u64n(name);
      case 'u64':
        return this.u64(name);
      case 'str':
        return this.str(name, maxLen);
      case 'strlist':
        return this.strlist(name, maxLen);
      case 'ip6':
        return this.bytes(16, name);
      case 'cstr128':
        return this.fixedStr(128, name);
    }
  }
}
