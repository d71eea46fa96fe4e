/**
 * Which paths path joining may use without normalizing them, against the
 * definition spelled out segment by segment: `/`-separated segments, each
 * non-empty, printable ASCII (0x20-0x7e) and not all dots, no trailing `/`.
 * Checked on the tricky cases and on many random paths over an alphabet of
 * the characters that matter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCleanAbsolute, isCleanRelative } from '../../src/state/path-join.js';

/** The definition, one segment at a time. */
function cleanSegments(segments: readonly string[]): boolean {
  return segments.every((s) => s.length > 0 && /[^.]/.test(s) && [...s].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0x7e));
}

function specAbsolute(p: string): boolean {
  return p.startsWith('/') && cleanSegments(p.slice(1).split('/'));
}

function specRelative(p: string): boolean {
  return !p.startsWith('/') && cleanSegments(p.split('/'));
}

test('tricky paths are classified as the definition says', () => {
  const cases = [
    '', '/', '//', '/a', '/a/', '/a//b', '/.', '/..', '/...', '/.a', '/a.', '/a/..b/.c/d.', '/a/./b', '/a/../b',
    'a', 'a/', './a', '../a', 'a/.', 'a/..', '.hidden', '..x', 'a b/c~d', '/caf\u00e9', '/a\x7f', '/\x1fb', '/a\nb',
    '/usr/lib/x86_64-linux-gnu/libc.so.6', 'lib/../x', '/a/b/c/d/e/f/g/h/i/j/k',
  ];
  for (const p of cases) {
    assert.equal(isCleanAbsolute(p), specAbsolute(p), `absolute ${JSON.stringify(p)}`);
    assert.equal(isCleanRelative(p), specRelative(p), `relative ${JSON.stringify(p)}`);
  }
});

test('random paths are classified as the definition says', () => {
  const alphabet = ['/', '/', '.', '.', 'a', 'b', ' ', '~', '\x1f', '\x7f', '\u00e9', '-'];
  let seed = 7;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let k = 0; k < 20000; k++) {
    let p = '';
    const len = next(12);
    for (let i = 0; i < len; i++) p += alphabet[next(alphabet.length)];
    assert.equal(isCleanAbsolute(p), specAbsolute(p), `absolute ${JSON.stringify(p)}`);
    assert.equal(isCleanRelative(p), specRelative(p), `relative ${JSON.stringify(p)}`);
  }
});
