import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentUtcOffsetSeconds, iso8601Text, jsonTimeText, timeOfDayText } from '../../src/outputs/time-format.js';

const TS = 1470327477881785348n; // 2016-08-04T16:17:57.881785348Z

test('ISO 8601 (evt.time.iso8601) is UTC with +0000', () => {
  assert.equal(iso8601Text(TS), '2016-08-04T16:17:57.881785348+0000');
  assert.equal(iso8601Text(1_000_000_005n), '1970-01-01T00:00:01.000000005+0000');
});

test('JSON alert time is UTC with Z', () => {
  assert.equal(jsonTimeText(TS), '2016-08-04T16:17:57.881785348Z');
  assert.equal(jsonTimeText(0n), '1970-01-01T00:00:00.000000000Z');
});

test('time of day with an explicit offset', () => {
  assert.equal(timeOfDayText(TS, { utcOffsetSeconds: 0 }), '16:17:57.881785348');
  assert.equal(timeOfDayText(TS, { utcOffsetSeconds: 2 * 3600 }), '18:17:57.881785348');
  assert.equal(timeOfDayText(TS, { utcOffsetSeconds: 8 * 3600 }), '00:17:57.881785348');
  assert.equal(timeOfDayText(TS, { utcOffsetSeconds: -17 * 3600 }), '23:17:57.881785348');
});

test('time of day with date and without nanoseconds', () => {
  assert.equal(timeOfDayText(TS, { utcOffsetSeconds: 0, withDate: true }), '2016-08-04 16:17:57.881785348');
  assert.equal(timeOfDayText(TS, { utcOffsetSeconds: 8 * 3600, withDate: true, withNanos: false }), '2016-08-05 00:17:57');
});

test('local time follows TZ (offset in effect now, whole minutes)', () => {
  const saved = process.env['TZ'];
  try {
    process.env['TZ'] = 'UTC';
    assert.equal(currentUtcOffsetSeconds(), 0);
    assert.equal(timeOfDayText(TS), '16:17:57.881785348');
    // India has no daylight saving: +05:30 all year.
    process.env['TZ'] = 'Asia/Kolkata';
    assert.equal(currentUtcOffsetSeconds(), 19800);
    assert.equal(timeOfDayText(TS), '21:47:57.881785348');
  } finally {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  }
});
