/**
 * Falco never outputs raw bytes as text: every string it extracts is
 * sanitized so that invalid UTF-8, control characters and non-characters
 * become U+FFFD. This module reproduces that rule on byte strings: valid
 * printable sequences are kept, each maximal invalid subpart (Unicode's
 * "substitution of maximal subparts") is replaced by one U+FFFD.
 */

const REPLACEMENT = '\uFFFD';
const utf8 = new TextDecoder('utf-8');

/**
 * Length of the sequence at `p`: positive for a valid printable sequence,
 * negative (minus the bytes to skip) for one that must be replaced.
 */
export function utf8SequenceLength(b: Uint8Array, p: number, end = b.length): number {
  const c = b[p]!;
  if (c < 0x80) return c >= 0x20 && c !== 0x7f ? 1 : -1;
  if (c < 0xc2) return -1; // stray continuation byte or overlong lead
  if (c < 0xe0) {
    if (p + 1 >= end || (b[p + 1]! & 0xc0) !== 0x80) return -1;
    const cp = ((c & 0x1f) << 6) | (b[p + 1]! & 0x3f);
    return cp > 0x9f ? 2 : -2; // C1 controls are not printable
  }
  if (c < 0xf0) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    if (p + 1 >= end || b[p + 1]! < lo || b[p + 1]! > hi) return -1;
    if (p + 2 >= end || (b[p + 2]! & 0xc0) !== 0x80) return -2;
    const cp = ((c & 0x0f) << 12) | ((b[p + 1]! & 0x3f) << 6) | (b[p + 2]! & 0x3f);
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || cp >= 0xfffe) return -3;
    return 3;
  }
  if (c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    if (p + 1 >= end || b[p + 1]! < lo || b[p + 1]! > hi) return -1;
    if (p + 2 >= end || (b[p + 2]! & 0xc0) !== 0x80) return -2;
    if (p + 3 >= end || (b[p + 3]! & 0xc0) !== 0x80) return -3;
    const cp = ((c & 0x07) << 18) | ((b[p + 1]! & 0x3f) << 12) | ((b[p + 2]! & 0x3f) << 6) | (b[p + 3]! & 0x3f);
    if ((cp & 0xffff) >= 0xfffe) return -4;
    return 4;
  }
  return -1;
}

/** Sanitized text of `b[start, end)`. */
export function sanitizeBytes(b: Uint8Array, start = 0, end = b.length): string {
  let p = start;
  // Fast path: printable ASCII only.
  while (p < end) {
    const c = b[p]!;
    if (c < 0x20 || c >= 0x7f) break;
    p++;
  }
  if (p === end) return utf8.decode(b.subarray(start, end));
  let out = utf8.decode(b.subarray(start, p));
  let blockStart = p;
  while (p < end) {
    const n = utf8SequenceLength(b, p, end);
    if (n > 0) {
      p += n;
      continue;
    }
    if (p > blockStart) out += utf8.decode(b.subarray(blockStart, p));
    out += REPLACEMENT;
    p -= n;
    blockStart = p;
  }
  if (p > blockStart) out += utf8.decode(b.subarray(blockStart, p));
  return out;
}

const encoder = new TextEncoder();

/** Sanitizes a JS string (as its UTF-8 bytes); JS strings from decoders may hold controls. */
export function sanitizeString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return sanitizeBytes(encoder.encode(s));
  }
  return s;
}
