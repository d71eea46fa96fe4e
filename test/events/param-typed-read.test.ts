/**
 * The typed parameter reads the state parsers use (numberAt/numberInView,
 * decodeStringAt, and the event accessors built on them) give exactly what
 * decoding the full value and converting it gives — for every parameter
 * type, every length from empty to 9 bytes and many byte patterns,
 * malformed lengths included — and 64-bit halves combine to the double
 * nearest the exact value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaptureEvent } from '../../src/events/capture-event.js';
import { EventView } from '../../src/events/event-view.js';
import { EVENT_TABLE, EventCode } from '../../src/events/event-table.js';
import { EVENT_HEADER_SIZE } from '../../src/events/scap-blocks.js';
import { ParamType } from '../../src/events/event-types.js';
import {
  decodeStringAt,
  decodeValueAt,
  int64Number,
  NUM_KIND_OF_TYPE,
  numberAt,
  numberInView,
  uint64Number,
  type ParamValue,
} from '../../src/events/param-decoder.js';
import { numParam, strParam, u64Param } from '../../src/state/parsed-event.js';
import { ViewEvent } from '../../src/state/view-event.js';

/** What the state helpers made of a decoded value before the typed reads existed. */
function asNumber(v: ParamValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

function decoded(type: ParamType, b: Uint8Array, off: number, len: number): ParamValue | undefined {
  try {
    return decodeValueAt(type, b, off, len);
  } catch {
    return undefined;
  }
}

const PATTERNS: readonly number[][] = [
  [],
  [0x00],
  [0x7f],
  [0x80],
  [0xff, 0xff],
  [0x01, 0x00, 0x00, 0x80],
  [0xff, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0x7f],
  [0x9c, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00],
  [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80],
  [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09],
  [0x2f, 0x65, 0x74, 0x63, 0x00],
  [0x28, 0x4e, 0x55, 0x4c, 0x4c, 0x29, 0x00],
  [0x63, 0x61, 0x66, 0xc3, 0xa9, 0x00],
  [0x02, 0x7f, 0x00, 0x00, 0x01, 0x1f, 0x90],
];

const TYPES = Object.values(ParamType) as ParamType[];

test('numberAt and numberInView read every type as the decoded value converted to a number', () => {
  let checked = 0;
  for (const type of TYPES) {
    const kind = NUM_KIND_OF_TYPE[type]!;
    for (const pattern of PATTERNS) {
      for (let len = 0; len <= pattern.length; len++) {
        const buf = Buffer.alloc(len + 16, 0xee);
        buf.set(pattern.slice(0, len), 3);
        const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
        const want = asNumber(decoded(type, buf, 3, len));
        assert.equal(numberAt(kind, buf, 3, len), want, `type ${type} bytes ${pattern.slice(0, len)}`);
        assert.equal(numberInView(kind, dv, buf, 3, len), want, `type ${type} bytes ${pattern.slice(0, len)} (view)`);
        const text = decoded(type, buf, 3, len);
        assert.equal(decodeStringAt(type, buf, 3, len), typeof text === 'string' ? text : undefined, `type ${type} text`);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000);
});

test('64-bit halves give the nearest double, small values as they are', () => {
  const values = [0n, 1n, 42n, -1n, -2n, 2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n), -(2n ** 31n) - 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), 123456789012345678n];
  for (const v of values) {
    const u = BigInt.asUintN(64, v);
    const hi = Number(BigInt.asIntN(32, u >> 32n));
    const lo = Number(BigInt.asIntN(32, u & 0xffffffffn));
    assert.equal(int64Number(hi, lo), Number(BigInt.asIntN(64, u)), `signed ${v}`);
    assert.equal(uint64Number(hi >>> 0, lo >>> 0), Number(u), `unsigned ${v}`);
  }
});

/** An openat exit event (v2 layout) with the given parameter bytes. */
function openatEvent(params: readonly Uint8Array[]): Buffer {
  const lens = params.length * 2;
  const dataLen = params.reduce((n, p) => n + p.length, 0);
  const buf = Buffer.alloc(EVENT_HEADER_SIZE + lens + dataLen);
  buf.writeBigUInt64LE(1700000000000000000n, 0);
  buf.writeBigInt64LE(4242n, 8);
  buf.writeUInt32LE(buf.length, 16);
  buf.writeUInt16LE(EventCode.SYSCALL_OPENAT_2_X, 20);
  buf.writeUInt32LE(params.length, 22);
  let p = EVENT_HEADER_SIZE;
  for (const x of params) {
    buf.writeUInt16LE(x.length, p);
    p += 2;
  }
  for (const x of params) {
    buf.set(x, p);
    p += x.length;
  }
  return buf;
}

test('the event accessors and the state helpers read an event as its decoded parameters say', () => {
  const i64 = (v: bigint): Uint8Array => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(v);
    return b;
  };
  const u32 = (v: number): Uint8Array => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    return b;
  };
  const u64 = (v: bigint): Uint8Array => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    return b;
  };
  const cases: Uint8Array[][] = [
    [i64(3n), i64(-100n), Buffer.from('/etc/passwd\0'), u32(0x8241), u32(0o644), u32(0xfd01), u64(123456n)],
    [i64(-2n), new Uint8Array(0), new Uint8Array(0), new Uint8Array(0), u32(0), new Uint8Array(0), new Uint8Array(0)],
    [i64(2n ** 40n), i64(7n), Buffer.from('(NULL)\0'), u32(0xffffffff), new Uint8Array(2), u32(1), u64(2n ** 60n + 3n)],
    [i64(5n), i64(7n), Buffer.from('caf\u00e9\0'), u32(1), u32(2), u32(3), u64(2n ** 53n - 1n)],
  ];
  const infos = EVENT_TABLE[EventCode.SYSCALL_OPENAT_2_X]!.params;
  for (const params of cases) {
    const buf = openatEvent(params);
    const view = new EventView().set(buf, 0);
    const events = [new CaptureEvent().pointView(view), new ViewEvent().point(view)];
    for (const ev of events) {
      assert.equal(ev.tid, 4242);
      assert.equal(ev.ts, 1700000000000000000n);
      for (let i = 0; i < params.length + 2; i++) {
        const v = i < params.length ? decoded(infos[i]!.type, params[i]!, 0, params[i]!.length) : undefined;
        assert.equal(ev.paramNumber(i), asNumber(v), `param ${i}`);
        assert.equal(ev.paramString(i), typeof v === 'string' ? v : undefined, `param ${i} text`);
        assert.equal(numParam(ev, i), asNumber(v));
        const text = strParam(ev, i);
        assert.equal(text, typeof v === 'string' ? v : i === 2 ? '<NA>' : '');
        const u = u64Param(ev, i);
        const want = typeof v === 'number' ? (v < 0 ? BigInt.asUintN(64, BigInt(v)) : v) : typeof v === 'bigint' ? BigInt.asUintN(64, v) : undefined;
        assert.equal(u, want, `u64 param ${i}`);
      }
    }
  }
});
