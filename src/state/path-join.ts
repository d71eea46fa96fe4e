/**
 * Joining a base directory with a path the way libsinsp builds fd names and
 * working directories: the second path is normalized (`.`, `..`, repeated and
 * trailing slashes) and cleaned of non-printable characters; when it is
 * absolute the base is ignored. The base is taken as is (it must end in `/`)
 * and `..` may climb into it.
 */
import { isPrintableCodePoint, REPLACEMENT_CHAR } from './text-sanitize.js';

/** Longest path libsinsp builds (SCAP_MAX_PATH_SIZE). */
export const MAX_PATH_SIZE = 4096;
/** What a join yields when the result would not fit. */
export const PATH_TOO_LONG = '/DIR_TOO_LONG/FILENAME_TOO_LONG';

/**
 * Whether `p` from `start` on is a run of `/`-separated segments needing no
 * normalization: printable ASCII, none empty or all dots (`.`, `..`), no
 * trailing `/`. A scan instead of regular expressions: it runs for every
 * fd name an open builds.
 */
function cleanSegmentsFrom(p: string, start: number): boolean {
  const n = p.length;
  if (start >= n) return false;
  let segLen = 0;
  let nonDot = false;
  for (let i = start; i < n; i++) {
    const c = p.charCodeAt(i);
    if (c === 0x2f) {
      if (segLen === 0 || !nonDot) return false;
      segLen = 0;
      nonDot = false;
      continue;
    }
    if (c < 0x20 || c > 0x7e) return false;
    segLen++;
    if (c !== 0x2e) nonDot = true;
  }
  return segLen > 0 && nonDot;
}

function byteLength(s: string): number {
  // Only non-ASCII text needs a real count; ASCII is the common case.
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return Buffer.byteLength(s, 'utf8');
  }
  return n;
}

function isCleanRelative(p: string): boolean {
  return p.length > 0 && p.charCodeAt(0) !== 0x2f && cleanSegmentsFrom(p, 0);
}

function isCleanAbsolute(p: string): boolean {
  return p.length > 1 && p.charCodeAt(0) === 0x2f && cleanSegmentsFrom(p, 1);
}

/**
 * Appends `path` to `prefix`, normalizing `path`. `..` can remove segments
 * of `prefix`, down to its first character.
 */
function appendNormalized(prefix: string, path: string): string {
  const out: string[] = prefix.length > 0 ? [...prefix] : [];
  const baseWasEmpty = out.length === 0;
  const chars = [...path];
  const last = (): string | undefined => out[out.length - 1];
  // Drops the last segment (and the separator before it), like `cd ..`.
  const rewind = (): void => {
    if (out.length <= 1) return;
    out.pop();
    while (out.length >= 1 && out[out.length - 1] !== '/') out.pop();
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const cp = c.codePointAt(0)!;
    if (!isPrintableCodePoint(cp)) {
      out.push(REPLACEMENT_CHAR);
      i++;
      continue;
    }
    if (c === '.' && (out.length === 0 || last() === '/')) {
      const n1 = chars[i + 1];
      const n2 = chars[i + 2];
      if (n1 === '.' && n2 === '/') {
        rewind();
        i += 3;
      } else if (n1 === '.' && n2 === undefined) {
        rewind();
        i += 2;
      } else if (n1 === '/') {
        i += 2;
      } else if (n1 === undefined) {
        i += 1;
      } else {
        out.push(c);
        i++;
      }
      continue;
    }
    if (c === '/') {
      if ((out.length > 0 && last() === '/') || (out.length === 0 && !baseWasEmpty)) {
        i++;
        continue;
      }
    }
    out.push(c);
    i++;
  }
  // A trailing separator is dropped, except for the root itself.
  if (out.length > 1 && last() === '/') out.pop();
  return out.join('');
}

/**
 * `base` + `path`: `path` alone when it is absolute or empty (normalized),
 * else appended to `base` (which must end in `/`).
 */
export function concatenatePaths(base: string, path: string): string {
  if (base.length + path.length + 1 > MAX_PATH_SIZE / 3 && byteLength(base) + byteLength(path) + 1 > MAX_PATH_SIZE) {
    return PATH_TOO_LONG;
  }
  if (path.length !== 0 && path[0] !== '/') {
    if (isCleanRelative(path) && (base.length === 0 || base[base.length - 1] === '/')) return base + path;
    return appendNormalized(base, path);
  }
  if (isCleanAbsolute(path)) return path;
  return appendNormalized('', path);
}
