import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concatenatePaths, PATH_TOO_LONG } from '../../src/state/path-join.js';
import { sanitizeText } from '../../src/state/text-sanitize.js';

test('relative paths are joined to the base directory', () => {
  assert.equal(concatenatePaths('/home/u/', 'file.txt'), '/home/u/file.txt');
  assert.equal(concatenatePaths('/home/u/', 'a/b/c'), '/home/u/a/b/c');
});

test('absolute paths ignore the base and are normalized', () => {
  assert.equal(concatenatePaths('/home/u/', '/etc/passwd'), '/etc/passwd');
  assert.equal(concatenatePaths('/x/', '/etc//./ssh/../passwd'), '/etc/passwd');
  assert.equal(concatenatePaths('', '/'), '/');
});

test('.. climbs into the base directory, never above the root', () => {
  assert.equal(concatenatePaths('/home/u/', '../v/f'), '/home/v/f');
  assert.equal(concatenatePaths('/home/u/', '../../../../etc'), '/etc');
  assert.equal(concatenatePaths('/a/b/', '..'), '/a');
});

test('. segments, repeated and trailing slashes are dropped', () => {
  assert.equal(concatenatePaths('/tmp/', './x/./y/'), '/tmp/x/y');
  assert.equal(concatenatePaths('/tmp/', 'x//y'), '/tmp/x/y');
  assert.equal(concatenatePaths('/tmp/', '.'), '/tmp');
  assert.equal(concatenatePaths('/tmp/', '...'), '/tmp/...');
});

test('an empty path gives an empty result and a relative base stays relative', () => {
  assert.equal(concatenatePaths('/tmp/', ''), '');
  assert.equal(concatenatePaths('', 'sub/dir'), 'sub/dir');
  assert.equal(concatenatePaths('<UNKNOWN>', 'f'), '<UNKNOWN>f');
});

test('non-printable characters in the path become U+FFFD', () => {
  assert.equal(concatenatePaths('/tmp/', 'a\nb'), '/tmp/a\uFFFDb');
  assert.equal(sanitizeText('ok\u0085x\u007f'), 'ok\uFFFDx\uFFFD');
  assert.equal(sanitizeText('caf\u00e9'), 'caf\u00e9');
});

test('results longer than the path limit are replaced by the too-long marker', () => {
  assert.equal(concatenatePaths('/base/', 'x'.repeat(5000)), PATH_TOO_LONG);
});
