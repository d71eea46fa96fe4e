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
 * Paths needing no normalization: a run of `/`-separated segments, each
 * non-empty printable ASCII and not made of dots only (`.`, `..`, `...`),
 * without a trailing `/`; absolute ones start with their `/`. Tested with
 * regular expressions: the compiled matcher scans faster than a loop over
 * the characters, and this runs for every fd name an open builds. (Segments
 * cannot contain `/`, so the matcher never backtracks across them.)
 */
const CLEAN_ABSOLUTE = /^(?:\/(?!\.+(?:\/|$))[\x20-\x2e\x30-\x7e]+)+$/;
const CLEAN_RELATIVE = /^(?!\.+(?:\/|$))[\x20-\x2e\x30-\x7e]+(?:\/(?!\.+(?:\/|$))[\x20-\x2e\x30-\x7e]+)*$/;

function byteLength(s: string): number {
  // Only non-ASCII text needs a real count; ASCII is the common case.
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return Buffer.byteLength(s, 'utf8');
  }
  return n;
}

/** A relative path that needs no normalization (see CLEAN_RELATIVE). */
export function isCleanRelative(p: string): boolean {
  return CLEAN_RELATIVE.test(p);
}

/** An absolute path that needs no normalization (see CLEAN_ABSOLUTE). */
export function isCleanAbsolute(p: string): boolean {
  return CLEAN_ABSOLUTE.test(p);
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

// The last join and its result (initially that of '' and ''): a process
// opening the same name again (the same string objects, see decodeCString)
// gets the same string back, without checking or concatenating anew.
let lastBase = '';
let lastPath = '';
let lastJoined = '';

/**
 * `base` + `path`: `path` alone when it is absolute or empty (normalized),
 * else appended to `base` (which must end in `/`).
 */
export function concatenatePaths(base: string, path: string): string {
  if (path === lastPath && base === lastBase) return lastJoined;
  const joined = joinPaths(base, path);
  lastBase = base;
  lastPath = path;
  lastJoined = joined;
  return joined;
}

function joinPaths(base: string, path: string): string {
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
