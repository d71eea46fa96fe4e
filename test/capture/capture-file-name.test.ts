/**
 * Capture file names as Falco builds them: prefix, `_`, the triggering
 * event's time and number, each zero-padded to 20 digits, `.scap`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureFilePath } from '../../src/capture/capture-file-name.js';

test('prefix, 20-digit time and 20-digit event number', () => {
  assert.equal(captureFilePath('/tmp/falco', 1234567890n, 42), '/tmp/falco_00000000001234567890_00000000000000000042.scap');
  assert.equal(captureFilePath('/var/cap/x', 1470327477881785348n, 137), '/var/cap/x_01470327477881785348_00000000000000000137.scap');
});

test('the largest values fill the 20 digits exactly; names sort in time order', () => {
  assert.equal(captureFilePath('p', 18446744073709551615n, 18446744073709551615n), 'p_18446744073709551615_18446744073709551615.scap');
  const names = [captureFilePath('p', 9n, 2), captureFilePath('p', 10n, 1), captureFilePath('p', 1000000000n, 3)];
  assert.deepEqual([...names].sort(), names);
});

test('an empty prefix gives a name in the working directory, as in Falco', () => {
  assert.equal(captureFilePath('', 5n, 6), '_00000000000000000005_00000000000000000006.scap');
});
