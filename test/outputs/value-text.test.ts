import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syscallFieldCatalog } from '../../src/fields/catalog.js';
import type { FieldPrintFormat, FieldType } from '../../src/fields/types.js';
import type { FieldValue } from '../../src/fields/value.js';
import {
  bufferDotsText, fieldText, ipv6Text, oneDecimalText, valueText, type ValueTextOptions,
} from '../../src/outputs/value-text.js';

function text(type: FieldType, printFormat: FieldPrintFormat | undefined, value: FieldValue, options: ValueTextOptions = {}): string | undefined {
  return valueText(value, { type, printFormat, isList: false }, options);
}

function field(name: string, value: FieldValue): string | undefined {
  const r = syscallFieldCatalog.resolve(name);
  if ('error' in r) throw new Error(r.error);
  return fieldText(r.info, value);
}

test('signed integers: decimal, id', () => {
  assert.equal(text('INT64', 'dec', -42), '-42');
  assert.equal(text('INT64', 'id', 9007199254740993n), '9007199254740993');
  assert.equal(text('INT32', 'dec', 2147483648), '-2147483648');
  assert.equal(text('INT16', 'id', 7), '7');
  assert.equal(text('INT8', 'dec', 255), '-1');
});

test('hex is upper case; negative 8/16/32-bit values show 32 bits (C promotion), 64-bit 64', () => {
  assert.equal(text('INT32', 'hex', 0x801), '801');
  assert.equal(text('UINT64', 'hex', 0xdeadbeefn), 'DEADBEEF');
  assert.equal(text('INT8', 'hex', -1), 'FFFFFFFF');
  assert.equal(text('INT16', 'hex', -2), 'FFFFFFFE');
  assert.equal(text('INT64', 'hex', -1), 'FFFFFFFFFFFFFFFF');
  assert.equal(text('UINT8', 'hex', 255), 'FF');
});

test('octal', () => {
  assert.equal(text('UINT32', 'oct', 8), '10');
  assert.equal(text('INT64', 'oct', 511), '777');
});

test('padded decimal: 9 digits for 64-bit types, nothing for the others', () => {
  assert.equal(text('ABSTIME', 'padded-dec', 5), '000000005');
  assert.equal(text('RELTIME', 'padded-dec', 1470327477881785348n), '1470327477881785348');
  assert.equal(text('INT64', 'padded-dec', -42), '-00000042');
  assert.equal(text('UINT32', 'padded-dec', 5), undefined);
});

test('unsigned integers wrap like their C type', () => {
  assert.equal(text('UINT32', 'id', -1), '4294967295');
  assert.equal(text('UINT16', 'dec', 65536), '0');
  assert.equal(text('UINT64', 'dec', -1), '18446744073709551615');
  assert.equal(text('UINT8', 'dec', 300), '44');
});

test('integers without a print format: INT64 decimal, the others no text', () => {
  assert.equal(text('INT64', undefined, 12), '12');
  assert.equal(text('UINT64', undefined, 12), undefined);
  assert.equal(text('UINT32', 'na', 12), undefined);
  assert.equal(field('fd.proto', 6), undefined);
});

test('PORT is a 16-bit unsigned number', () => {
  assert.equal(field('fd.sport', 8080), '8080');
  assert.equal(field('fd.sport', 70000), '4464');
});

test('BOOL prints true/false', () => {
  assert.equal(field('evt.is_async', true), 'true');
  assert.equal(field('evt.failed', false), 'false');
  assert.equal(text('BOOL', undefined, 0), 'false');
  assert.equal(text('BOOL', undefined, 3), 'true');
});

test('DOUBLE prints one decimal, rounding ties to even like printf', () => {
  assert.equal(oneDecimalText(0), '0.0');
  assert.equal(oneDecimalText(0.25), '0.2');
  assert.equal(oneDecimalText(0.35), '0.3'); // 0.35 is slightly below .35 in binary
  assert.equal(oneDecimalText(0.75), '0.8');
  assert.equal(oneDecimalText(2.05), '2.0');
  assert.equal(oneDecimalText(-0.04), '-0.0');
  assert.equal(oneDecimalText(1e21), '1000000000000000000000.0');
  assert.equal(oneDecimalText(Number.NaN), 'nan');
  assert.equal(oneDecimalText(-Infinity), '-inf');
  assert.equal(field('proc.fdusage', 0.054931640625), '0.1');
});

test('text fields print as C strings (up to a NUL)', () => {
  assert.equal(field('proc.name', 'cat'), 'cat');
  assert.equal(field('proc.name', 'ab\u0000cd'), 'ab');
  assert.equal(field('fd.name', 'caf\u00e9 \u{1f600}'), 'caf\u00e9 \u{1f600}');
  assert.equal(field('proc.name', ''), '');
  assert.equal(text('FSPATH', undefined, '/tmp/x'), '/tmp/x');
  assert.equal(text('FSRELPATH', undefined, new TextEncoder().encode('rel/p\u0000junk')), 'rel/p');
});

test('IPv4 addresses from bytes, numbers or text', () => {
  assert.equal(field('fd.cip', new Uint8Array([192, 168, 0, 1])), '192.168.0.1');
  assert.equal(field('fd.cip', 0x7f000001), '127.0.0.1');
  assert.equal(field('fd.cip', '10.1.2.3'), '10.1.2.3');
  assert.equal(field('fd.cip', new Uint8Array([1, 2, 3])), undefined);
});

test('IPv6 addresses like inet_ntop', () => {
  const v6 = (s: string): Uint8Array => Uint8Array.from(s.match(/../g)!.map((h) => Number.parseInt(h, 16)));
  assert.equal(ipv6Text(v6('00000000000000000000000000000001')), '::1');
  assert.equal(ipv6Text(v6('00000000000000000000000000000000')), '::');
  assert.equal(ipv6Text(v6('20010db8000000000001000000000001')), '2001:db8::1:0:0:1');
  assert.equal(ipv6Text(v6('20010db8000000010000000000000001')), '2001:db8:0:1::1');
  assert.equal(ipv6Text(v6('00000000000000000000ffffc0a80001')), '::ffff:192.168.0.1');
  assert.equal(ipv6Text(v6('000000000000000000000000c0a80001')), '::192.168.0.1');
  assert.equal(ipv6Text(v6('fe800000000000000000000000000000')), 'fe80::');
  assert.equal(ipv6Text(v6('20010db8000100020003000400050006')), '2001:db8:1:2:3:4:5:6');
  assert.equal(field('fd.sip', v6('00000000000000000000000000000001')), '::1');
});

test('IPNET has no text form: <IPNET>', () => {
  assert.equal(field('fd.cnet', '127.0.0.1'), '<IPNET>');
});

test('byte buffers: printable ASCII kept, other bytes as dots', () => {
  assert.equal(field('evt.buffer', new Uint8Array([0x68, 0x69, 0x0a, 0x00, 0x7e, 0x7f, 0xc3, 0xa9])), 'hi..~...');
  assert.equal(field('evt.buffer', new Uint8Array(0)), '');
});

test('byte buffers are cut where libsinsp\'s 1 KiB buffer ends', () => {
  assert.equal(bufferDotsText(new Uint8Array(1022).fill(0x41)).length, 1022);
  assert.equal(bufferDotsText(new Uint8Array(1023).fill(0x41)).length, 1021);
});

test('byte buffers in base64 (buffer_format_base64)', () => {
  assert.equal(text('BYTEBUF', undefined, new Uint8Array([0x68, 0x69, 0x0a]), { bufferFormat: 'base64' }), 'aGkK');
  assert.equal(text('BYTEBUF', undefined, new Uint8Array([1]), { bufferFormat: 'base64' }), 'AQ==');
});

test('lists print as (a,b), cut at 1023 bytes', () => {
  assert.equal(field('fd.types', ['file', 'ipv4']), '(file,ipv4)');
  assert.equal(field('fd.types', ['file']), '(file)');
  assert.equal(field('fd.types', []), '()');
  assert.equal(field('fd.types', Array.from({ length: 400 }, () => 'abc'))!.length, 1023);
});

test('a missing value has no text (the formatter prints <NA>)', () => {
  assert.equal(field('proc.name', undefined), undefined);
  assert.equal(field('fd.types', undefined), undefined);
});

test('a single-valued field given several values prints the first', () => {
  assert.equal(field('proc.name', ['a', 'b']), 'a');
  assert.equal(field('proc.name', []), undefined);
});

test('DYNAMIC (evt.rawarg) prints by the value it holds', () => {
  assert.equal(text('DYNAMIC', undefined, 42), '42');
  assert.equal(text('DYNAMIC', undefined, 'x'), 'x');
  assert.equal(text('DYNAMIC', undefined, 12345678901234567890n), '12345678901234567890');
});
