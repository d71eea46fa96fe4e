/**
 * The fast path of path joining (paths needing no normalization are used as
 * they are) against the segments that look close to needing it: dot-led
 * names, runs of dots, control characters and DEL, trailing and repeated
 * slashes, and a base without its trailing slash.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatenatePaths } from '../../src/state/path-join.js';

test('segments made of or starting with dots that are not . or .. are kept', () => {
  assert.equal(concatenatePaths('/x/', '/a/..b/.c/d.'), '/a/..b/.c/d.');
  assert.equal(concatenatePaths('/x/', '/a/.../b'), '/a/.../b');
  assert.equal(concatenatePaths('/x/', 'a/.hidden/..x'), '/x/a/.hidden/..x');
  assert.equal(concatenatePaths('/x/', 'a b/c~d'), '/x/a b/c~d');
});

test('control characters and DEL are replaced even in otherwise clean paths', () => {
  assert.equal(concatenatePaths('/x/', '/a/b\x7f'), '/a/b\ufffd');
  assert.equal(concatenatePaths('/x/', '/a/\x01b'), '/a/\ufffdb');
  assert.equal(concatenatePaths('/x/', '/caf\u00e9'), '/caf\u00e9');
});

test('slashes: the root stays, repeated and trailing ones go, a base without one is glued on', () => {
  assert.equal(concatenatePaths('/x/', '/'), '/');
  assert.equal(concatenatePaths('/x/', '//'), '/');
  assert.equal(concatenatePaths('/x/', '/a/'), '/a');
  assert.equal(concatenatePaths('x', 'a/b'), 'xa/b');
});
