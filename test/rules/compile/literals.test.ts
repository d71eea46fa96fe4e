import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseBool, parseByteString, parseDouble, parseHexBytes, parseInteger, parseIpAddress, parseIpNetwork, parsePort,
  parseString, type LiteralResult,
} from '../../../src/rules/compile/literals.js';
import { formatIp } from '../../../src/rules/compile/ip.js';
import { parseServices } from '../../../src/rules/compile/services.js';

const I64 = { bits: 64, signed: true } as const;
const U64 = { bits: 64, signed: false } as const;
const I32 = { bits: 32, signed: true } as const;
const U32 = { bits: 32, signed: false } as const;
const I8 = { bits: 8, signed: true } as const;
const U8 = { bits: 8, signed: false } as const;
const U16 = { bits: 16, signed: false } as const;

function value<T>(r: LiteralResult<T>): T {
  if (!r.ok) throw new Error(`unexpected error: ${r.error}`);
  return r.value;
}

function error<T>(r: LiteralResult<T>): string {
  assert.equal(r.ok, false);
  return (r as { error: string }).error;
}

test('integers: decimal with optional sign and leading blanks', () => {
  assert.equal(value(parseInteger('42', I64)), 42);
  assert.equal(value(parseInteger('-17', I64)), -17);
  assert.equal(value(parseInteger('+5', I64)), 5);
  assert.equal(value(parseInteger('  12', I64)), 12);
  assert.equal(value(parseInteger('007', I64)), 7);
});

test('integers: hex, fractions, trailing text and blanks are rejected with libs message', () => {
  assert.equal(error(parseInteger('0x10', I64)), '0x10 is not a valid number');
  assert.equal(error(parseInteger('1.5', I32)), '1.5 is not a valid number');
  assert.equal(error(parseInteger('16 ', I64)), '16  is not a valid number');
  assert.equal(error(parseInteger('abc', I64)), 'abc is not a valid number');
  assert.equal(error(parseInteger('', I64)), ' is not a valid number');
  assert.equal(error(parseInteger('-', I64)), '- is not a valid number');
});

test('integers: 64-bit values beyond 2^53 are bigints, saturating like strtol/strtoul', () => {
  assert.equal(value(parseInteger('9007199254740993', I64)), 9007199254740993n);
  assert.equal(value(parseInteger('99999999999999999999', I64)), 9223372036854775807n);
  assert.equal(value(parseInteger('-99999999999999999999', I64)), -9223372036854775808n);
  assert.equal(value(parseInteger('18446744073709551615', U64)), 18446744073709551615n);
  assert.equal(value(parseInteger('99999999999999999999', U64)), 18446744073709551615n);
});

test('integers: a minus sign on unsigned types wraps around', () => {
  assert.equal(value(parseInteger('-1', U64)), 18446744073709551615n);
  assert.equal(value(parseInteger('-1', U32)), 4294967295);
  assert.equal(value(parseInteger('-1', U8)), 255);
});

test('integers: narrow types keep the low bits, as the C casts do', () => {
  assert.equal(value(parseInteger('300', U8)), 44);
  assert.equal(value(parseInteger('200', I8)), -56);
  assert.equal(value(parseInteger('65537', U16)), 1);
  assert.equal(value(parseInteger('4294967296', U32)), 0);
  assert.equal(value(parseInteger('2147483648', I32)), -2147483648);
});

test('doubles: only integers are accepted (libs parses them as int32)', () => {
  assert.equal(value(parseDouble('3')), 3);
  assert.equal(value(parseDouble('-2')), -2);
  assert.equal(error(parseDouble('2.5')), '2.5 is not a valid number');
});

test('booleans: exactly true or false', () => {
  assert.equal(value(parseBool('true')), true);
  assert.equal(value(parseBool('false')), false);
  assert.equal(error(parseBool('1')), 'filter error: unrecognized boolean value 1');
  assert.equal(error(parseBool('TRUE')), 'filter error: unrecognized boolean value TRUE');
});

test('ports: digits, empty, service names from services(5)', () => {
  assert.equal(value(parsePort('8080')), 8080);
  assert.equal(value(parsePort('')), 0);
  assert.equal(value(parsePort('70000')), 70000 & 0xffff);
  assert.equal(error(parsePort('no-such-service-name')), 'unrecognized protocol no-such-service-name');
  assert.equal(error(parsePort('-1')), 'unrecognized protocol -1');
});

test('services(5) parsing: names, aliases, first entry wins', () => {
  const m = parseServices('# comment\nhttp\t80/tcp\twww # web\nhttp\t8080/udp\nssh 22/tcp\n\nbad line\n');
  assert.equal(m.get('http'), 80);
  assert.equal(m.get('www'), 80);
  assert.equal(m.get('ssh'), 22);
  assert.equal(m.has('bad'), false);
});

test('IPv4 addresses follow inet_pton: four octets, no leading zeros', () => {
  assert.equal(formatIp(value(parseIpAddress('192.168.1.10'))), '192.168.1.10');
  assert.equal(formatIp(value(parseIpAddress('0.0.0.0'))), '0.0.0.0');
  assert.equal(error(parseIpAddress('1.2.3')), 'unrecognized IPv4 address 1.2.3');
  assert.equal(error(parseIpAddress('1.2.3.256')), 'unrecognized IPv4 address 1.2.3.256');
  assert.equal(error(parseIpAddress('01.2.3.4')), 'unrecognized IPv4 address 01.2.3.4');
  assert.equal(error(parseIpAddress('1.2.3.4.5')), 'unrecognized IPv4 address 1.2.3.4.5');
});

test('IPv6 addresses: compressed forms; text with a dot is read as IPv4', () => {
  assert.deepEqual(Array.from(value(parseIpAddress('::1'))), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.equal(formatIp(value(parseIpAddress('fe80::1:2'))), 'fe80:0:0:0:0:0:1:2');
  assert.equal(formatIp(value(parseIpAddress('2001:DB8:0:0:0:0:0:1'))), '2001:db8:0:0:0:0:0:1');
  assert.equal(error(parseIpAddress('::ffff:1.2.3.4')), 'unrecognized IPv4 address ::ffff:1.2.3.4');
  assert.equal(error(parseIpAddress('1:2:3:4:5:6:7:8:9')), 'unrecognized IPv6 address 1:2:3:4:5:6:7:8:9');
  assert.equal(error(parseIpAddress('1::2::3')), 'unrecognized IPv6 address 1::2::3');
  assert.equal(error(parseIpAddress('12345::')), 'unrecognized IPv6 address 12345::');
  assert.equal(error(parseIpAddress('1:2:3:4:5:6:7::8')), 'unrecognized IPv6 address 1:2:3:4:5:6:7::8');
});

test('IPv4 networks: address/prefix with libs checks and texts', () => {
  const n = value(parseIpNetwork('10.0.0.0/8'));
  assert.equal(formatIp(n.bytes), '10.0.0.0');
  assert.equal(n.prefix, 8);
  assert.equal(error(parseIpNetwork('10.0.0.0')), 'unrecognized IP network 10.0.0.0');
  assert.equal(error(parseIpNetwork('10.0.0/8')), 'unrecognized IP address 10.0.0/8');
  assert.equal(error(parseIpNetwork('10.0.0.0/33')), 'invalid netmask 33');
  assert.equal(error(parseIpNetwork('10.0.0.0/x')), 'x is not a valid number');
  // the prefix is read as an 8-bit number: 260 wraps to 4
  assert.equal(value(parseIpNetwork('10.0.0.0/260')).prefix, 4);
});

test('IPv6 networks: prefix 1..128', () => {
  assert.equal(value(parseIpNetwork('fe80::/10')).prefix, 10);
  assert.equal(error(parseIpNetwork('fe80::')), 'invalid v6 netmask: fe80::');
  assert.equal(error(parseIpNetwork('fe80::/0')), 'invalid v6 netmask 0');
  assert.equal(error(parseIpNetwork('fe80::/129')), 'invalid v6 netmask 129');
  assert.equal(error(parseIpNetwork('fe80:::/64')), 'unrecognized IPv6 address fe80:::/64');
});

test('strings: cut at NUL, at most 255 bytes', () => {
  assert.equal(value(parseString('abc')), 'abc');
  assert.equal(value(parseString('ab\0cd')), 'ab');
  assert.equal(value(parseString('x'.repeat(255))).length, 255);
  const long = 'y'.repeat(300);
  assert.equal(error(parseString(long)), `filter parameter too long (used=301, available=256):${long}`);
  // bytes, not characters: 128 two-byte characters are too long
  assert.equal(parseString('é'.repeat(128)).ok, false);
});

test('byte strings and hex operands', () => {
  assert.deepEqual(Array.from(value(parseByteString('AB'))), [65, 66]);
  assert.deepEqual(Array.from(value(parseHexBytes('00ff7F'))), [0, 255, 127]);
  assert.deepEqual(Array.from(value(parseHexBytes(''))), []);
  assert.equal(error(parseHexBytes('abc')), 'filter error: bcontains and bstartswith operator support hex strings only');
  assert.equal(error(parseHexBytes('0g')), 'filter error: bcontains and bstartswith operator support hex strings only');
  assert.equal(error(parseByteString('z'.repeat(256))), 'filter parameter too long (byte buf)');
});
