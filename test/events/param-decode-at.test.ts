/**
 * Decoding a parameter where it lies in a larger buffer (decodeValueAt, the
 * path events read in place take) gives what decoding a copy of its bytes
 * gives, for every type; C strings take the ASCII fast path or the UTF-8
 * decoder as their bytes require.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParamType } from '../../src/events/event-types.js';
import { ParamDecodeError, decodeCString, decodeValue, decodeValueAt } from '../../src/events/param-decoder.js';

/** `bytes` placed at offset 5 of a 64-byte buffer filled with 0xEE around it. */
function embedded(bytes: Uint8Array): { buf: Buffer; off: number } {
  const buf = Buffer.alloc(bytes.length + 64, 0xee);
  buf.set(bytes, 5);
  return { buf, off: 5 };
}

function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return [...v];
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function outcome(f: () => unknown): unknown {
  try {
    return { value: plain(f()) };
  } catch (e) {
    return { error: e instanceof ParamDecodeError ? e.message : String(e) };
  }
}

const SAMPLES: Uint8Array[] = [
  new Uint8Array(0),
  Uint8Array.of(0x80),
  Uint8Array.of(0xfe, 0xff),
  Uint8Array.of(0xff, 0xff, 0xff, 0xff),
  Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 0x80),
  Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00),
  Buffer.from('/etc/passwd\0'),
  Buffer.from('(NULL)\0'),
  Buffer.from('caf\u00e9\0'),
  Buffer.from('a\0b\0c\0'),
  Uint8Array.of(2, 127, 0, 0, 1, 0x1f, 0x90),
  Uint8Array.of(10, ...new Array(15).fill(0), 1, 0x1f, 0x90),
  new Uint8Array(16).fill(0x20),
];

test('every type decodes the same in place as from its own bytes (values and errors)', () => {
  const types = Object.values(ParamType).filter((t): t is ParamType => typeof t === 'number');
  assert.ok(types.length > 30);
  for (const type of types) {
    for (const bytes of SAMPLES) {
      const { buf, off } = embedded(bytes);
      assert.deepEqual(
        outcome(() => decodeValueAt(type, buf, off, bytes.length)),
        outcome(() => decodeValue(type, new Uint8Array(bytes))),
        `type ${type}, bytes ${Buffer.from(bytes).toString('hex')}`,
      );
    }
  }
});

test('fixed-size numbers are read at their offset; a wrong length is a decode error', () => {
  const { buf, off } = embedded(Uint8Array.of(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
  assert.equal(decodeValueAt(ParamType.INT64, buf, off, 8), -2);
  assert.equal(decodeValueAt(ParamType.UINT16, buf, off, 2), 0xfffe);
  assert.throws(() => decodeValueAt(ParamType.INT32, buf, off, 3), ParamDecodeError);
  assert.equal(decodeValueAt(ParamType.INT32, buf, off, 0), undefined);
});

test('C strings stop at the first NUL and decode UTF-8 (invalid bytes become U+FFFD)', () => {
  const b = Buffer.from('xx/tmp/a\0junk');
  assert.equal(decodeCString(b, 2), '/tmp/a');
  assert.equal(decodeCString(b, 2, 5), '/tm');
  assert.equal(decodeCString(new Uint8Array(b), 2), '/tmp/a');
  assert.equal(decodeCString(Buffer.from('caf\u00e9\0')), 'caf\u00e9');
  assert.equal(decodeCString(Uint8Array.of(0x61, 0xff, 0x62)), 'a\ufffdb');
  assert.equal(decodeCString(Uint8Array.of(0)), '');
  assert.equal(decodeCString(Buffer.from('a'.repeat(3000))), 'a'.repeat(3000));
});

test('C strings decoded again come back as the same text, whatever the bytes around them', () => {
  const first = decodeCString(Buffer.from('/etc/hosts\0'));
  // The same bytes elsewhere in another buffer: the cached text, as the same string.
  const buf = Buffer.from('xx/etc/hosts\0yy');
  assert.equal(decodeCString(buf, 2, 13), first);
  // A cached text followed by more characters, or by nothing, is a different string.
  assert.equal(decodeCString(Buffer.from('/etc/hostsX\0')), '/etc/hostsX');
  assert.equal(decodeCString(Buffer.from('/etc/hosts')), '/etc/hosts');
  assert.equal(decodeCString(Buffer.from('/etc/host\0\0')), '/etc/host');
  // Cached bytes that change in place (a reused batch) are not taken for the old text.
  const reused = Buffer.from('/tmp/aaaa\0');
  assert.equal(decodeCString(reused), '/tmp/aaaa');
  reused.write('b', 6);
  assert.equal(decodeCString(reused), '/tmp/abaa');
  // Many texts that compete for slots all decode right.
  for (let i = 0; i < 5000; i++) {
    const t = `/proc/${i}/status`;
    assert.equal(decodeCString(Buffer.from(`${t}\0`)), t);
  }
  for (let i = 0; i < 5000; i += 7) assert.equal(decodeCString(Buffer.from(`/proc/${i}/status\0`)), `/proc/${i}/status`);
});
