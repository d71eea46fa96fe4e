import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertCounter, formatSummary } from '../../src/outputs/summary.js';

test('summary of a run without alerts', () => {
  assert.equal(formatSummary(new AlertCounter([{ name: 'r', priority: 4 }]).stats()), 'Events detected: 0\nRule counts by severity:\nTriggered rules by rule name:\n');
});

test('severities most severe first with short upper-case names, rules in load order', () => {
  const counter = new AlertCounter([
    { name: 'zeta', priority: 6 },
    { name: 'alpha', priority: 0 },
    { name: 'quiet', priority: 7 },
    { name: 'mid', priority: 4 },
  ]);
  for (const i of [0, 0, 1, 3, 0]) counter.record(i);
  assert.equal(
    formatSummary(counter.stats()),
    'Events detected: 5\n' +
      'Rule counts by severity:\n' +
      '   EMERGENCY: 1\n' +
      '   WARNING: 1\n' +
      '   INFO: 3\n' +
      'Triggered rules by rule name:\n' +
      '   zeta: 3\n' +
      '   alpha: 1\n' +
      '   mid: 1\n',
  );
});

test('summary from plain counts (bigint totals too)', () => {
  assert.equal(
    formatSummary({ total: 10n, byPriority: [0, 0, 10n], byRule: [{ name: 'a', count: 0 }, { name: 'b b', count: 10n }] }),
    'Events detected: 10\nRule counts by severity:\n   CRITICAL: 10\nTriggered rules by rule name:\n   b b: 10\n',
  );
});

test('recording an unknown rule index is an error', () => {
  assert.throws(() => new AlertCounter([]).record(0), RangeError);
});
