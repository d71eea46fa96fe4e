/**
 * The one error a capture file can cause: which file, where in it, what the
 * reader expected there and what it found instead. Readers throw nothing else
 * for bad input, so callers can report it and move on.
 */

export interface CaptureErrorInit {
  /** The file as the caller named it (or a label for in-memory data). */
  file: string;
  /** Byte offset of the problem; in the uncompressed data for gzip files. */
  offset: number;
  /** What is wrong, e.g. "truncated event block". */
  what: string;
  /** What the reader expected, e.g. "96 bytes". */
  expected: string;
  /** What it found instead, e.g. "40 left". */
  found?: string;
  /** True when `offset` counts uncompressed bytes of a gzip file. */
  compressed?: boolean;
  cause?: unknown;
}

export class CaptureError extends Error {
  readonly file: string;
  readonly offset: number;
  readonly what: string;
  readonly expected: string;
  readonly found: string | undefined;
  readonly compressed: boolean;

  constructor(init: CaptureErrorInit) {
    const where = init.compressed ? `at byte ${init.offset} (uncompressed)` : `at byte ${init.offset}`;
    const tail = init.found === undefined ? `expected ${init.expected}` : `expected ${init.expected}, ${init.found}`;
    super(`${init.file}: ${where}: ${init.what}: ${tail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CaptureError';
    this.file = init.file;
    this.offset = init.offset;
    this.what = init.what;
    this.expected = init.expected;
    this.found = init.found;
    this.compressed = init.compressed ?? false;
  }
}
