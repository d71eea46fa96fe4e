import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syscallFieldCatalog } from '../../src/fields/catalog.js';
import type { FieldInfo } from '../../src/fields/types.js';
import { JsonDouble, writeJson } from '../../src/outputs/json-writer.js';
import { fieldJson, valueJson } from '../../src/outputs/value-json.js';
import { extractedFrom, readFieldRecords } from './golden.js';

function info(name: string, arg?: string): FieldInfo {
  const r = syscallFieldCatalog.resolve(name, arg);
  if ('error' in r) throw new Error(r.error);
  return r.info;
}

/** Catalog entry of a record key such as `proc.aname[2]`. */
function infoOfKey(key: string): FieldInfo {
  const m = /^([^[]+)\[(.*)\]$/.exec(key);
  return m === null ? info(key) : info(m[1]!, m[2]!);
}

const TS = 1470327477881785348n;

function json(name: string, value: Parameters<typeof fieldJson>[1], ts = TS): string {
  return writeJson(fieldJson(info(name), value, ts));
}

/**
 * For every event of a capture and every field Falco 0.44.1 recorded, the
 * JSON of the value an extractor gives must be what Falco wrote.
 */
function sweep(capture: string): { checked: number; mismatches: string[] } {
  const { events } = readFieldRecords(capture);
  const mismatches: string[] = [];
  let checked = 0;
  for (const record of events) {
    const ts = BigInt(record['evt.rawtime'] as number | bigint);
    for (const [key, expected] of Object.entries(record)) {
      const fi = infoOfKey(key);
      const got = writeJson(fieldJson(fi, extractedFrom(expected, fi), ts));
      checked++;
      if (got !== writeJson(expected)) mismatches.push(`${key}: ${got} != ${writeJson(expected)}`);
    }
  }
  return { checked, mismatches };
}

test('golden output_fields of cat_write.scap: every field of every event has Falco 0.44.1 JSON value', () => {
  const { checked, mismatches } = sweep('cat_write.scap');
  assert.ok(checked > 50_000, `checked ${checked}`);
  assert.deepEqual(mismatches.slice(0, 5), []);
});

test('golden output_fields of connect_localhost.scap (IP addresses, ports, networks)', () => {
  const { checked, mismatches } = sweep('connect_localhost.scap');
  assert.ok(checked > 50_000, `checked ${checked}`);
  assert.deepEqual(mismatches.slice(0, 5), []);
});

test('evt.time and the other time-of-day fields report the raw event timestamp', () => {
  assert.equal(json('evt.time', '16:17:57.881785348'), '1470327477881785348');
  assert.equal(json('evt.time.iso8601', '2016-08-04T16:17:57.881785348+0000'), '1470327477881785348');
  assert.equal(json('evt.datetime.s', '2016-08-04 16:17:57'), '1470327477881785348');
  assert.equal(json('evt.time.s', undefined), '1470327477881785348');
});

test('zero-padded time fields are numbers in JSON, padded text only in text output', () => {
  assert.equal(json('evt.rawtime.ns', 5), '5');
  assert.equal(json('evt.reltime', 1470327477881785348n), '1470327477881785348');
  assert.equal(json('evt.deltatime.ns', 42), '42');
  // Without a special JSON form, a padded RELTIME travels as its text.
  assert.equal(writeJson(valueJson(5, { type: 'RELTIME', printFormat: 'padded-dec', isList: false })), '"000000005"');
});

test('integers: decimal as numbers (64-bit exact), hex and octal as text, no format as null', () => {
  assert.equal(json('evt.num', 18446744073709551615n), '18446744073709551615');
  assert.equal(json('proc.pid', -1), '-1');
  assert.equal(json('fd.dev', 0x801), '"801"');
  assert.equal(writeJson(valueJson(8, { type: 'UINT32', printFormat: 'oct', isList: false })), '"10"');
  assert.equal(writeJson(fieldJson(syscallFieldCatalog.get('evt.type.is')!, 1, TS)), 'null');
  assert.equal(json('fd.proto', 6), 'null');
  assert.equal(writeJson(valueJson(-5, { type: 'INT64', isList: false })), '"-5"');
});

test('unsigned fields wrap negative values like the C types do', () => {
  assert.equal(json('user.uid', -1), '4294967295');
  assert.equal(json('evt.cpu', 65535), '-1');
});

test('DOUBLE is a floating-point number, BOOL a boolean, CHARBUF a string', () => {
  assert.equal(json('thread.cpu', 0), '0.0');
  assert.equal(json('proc.fdusage', 0.054931640625), '0.054931640625');
  assert.equal(json('evt.is_async', true), 'true');
  assert.equal(json('evt.failed', false), 'false');
  assert.equal(json('proc.name', 'cat'), '"cat"');
});

test('IP addresses are text, networks <IPNET>, buffers with dots', () => {
  assert.equal(json('fd.cip', new Uint8Array([127, 0, 0, 1])), '"127.0.0.1"');
  assert.equal(json('fd.sip', '::1'), '"::1"');
  assert.equal(json('fd.cnet', '10.0.0.1'), '"<IPNET>"');
  assert.equal(json('evt.buffer', new Uint8Array([0x68, 0x69, 0x0a, 0x00])), '"hi.."');
});

test('lists are arrays; an empty list and a missing value are null', () => {
  assert.equal(json('fd.types', ['file', 'ipv4']), '["file","ipv4"]');
  assert.equal(json('fd.types', []), 'null');
  assert.equal(json('proc.name', undefined), 'null');
});

test('evt.count is always 1', () => {
  assert.equal(json('evt.count', undefined), '1');
});

test('DOUBLE printed decimal would be a truncated integer', () => {
  assert.equal(writeJson(valueJson(2.75, { type: 'DOUBLE', printFormat: 'dec', isList: false })), '2');
  assert.ok(valueJson(2.75, { type: 'DOUBLE', isList: false }) instanceof JsonDouble);
});
