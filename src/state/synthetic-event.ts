/**
 * Encodes scap events from parameter values, in the capture layout the
 * reader decodes — to synthesize events (state snapshots, tests) that go
 * through the same decoding path as captured ones. Parameters are given by
 * name; missing ones are written empty (unknown), like the capture
 * converter does for parameters an old event lacks.
 */
import { EVENT_TABLE } from '../events/event-table.js';
import { EventView } from '../events/event-view.js';
import { ParamType, EventFlags } from '../events/event-types.js';
import { ViewEvent } from './view-event.js';
import type { ParsedEvent } from './parsed-event.js';

export type SockAddrSpec =
  | { family: 'inet'; ip: string; port: number }
  | { family: 'inet6'; ip: string; port: number }
  | { family: 'unix'; path: string }
  | { family: 'other'; code: number };

export type SockTupleSpec =
  | { family: 'inet'; sip: string; sport: number; dip: string; dport: number }
  | { family: 'inet6'; sip: string; sport: number; dip: string; dport: number }
  | { family: 'unix'; source: bigint; dest: bigint; path: string };

/** A parameter value: null writes an empty parameter. */
export type SyntheticValue =
  | number
  | bigint
  | string
  | boolean
  | readonly string[]
  | Uint8Array
  | SockAddrSpec
  | SockTupleSpec
  | null;

const HEADER = 26;

function ipv4Bytes(ip: string): Uint8Array {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 address '${ip}'`);
  return Uint8Array.from(parts);
}

/** IPv6 text (with `::` and an optional trailing dotted quad) to 16 bytes. */
export function ipv6Bytes(ip: string): Uint8Array {
  const out = new Uint8Array(16);
  const words = (s: string): number[] => {
    if (s === '') return [];
    const res: number[] = [];
    const parts = s.split(':');
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k]!;
      if (k === parts.length - 1 && p.includes('.')) {
        const b = ipv4Bytes(p);
        res.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) throw new Error(`bad IPv6 address '${ip}'`);
        res.push(parseInt(p, 16));
      }
    }
    return res;
  };
  const dbl = ip.indexOf('::');
  let all: number[];
  if (dbl >= 0) {
    const head = words(ip.slice(0, dbl));
    const tail = words(ip.slice(dbl + 2));
    all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else all = words(ip);
  if (all.length !== 8) throw new Error(`bad IPv6 address '${ip}'`);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = all[i]! >>> 8;
    out[2 * i + 1] = all[i]! & 0xff;
  }
  return out;
}

function le(n: number | bigint, size: 1 | 2 | 4 | 8): Uint8Array {
  const b = Buffer.alloc(size);
  if (size === 8) b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(n)));
  else if (size === 4) b.writeUInt32LE(Number(BigInt.asUintN(32, BigInt(n))));
  else if (size === 2) b.writeUInt16LE(Number(BigInt.asUintN(16, BigInt(n))));
  else b.writeUInt8(Number(BigInt.asUintN(8, BigInt(n))));
  return b;
}

function cstring(s: string): Uint8Array {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

function sockaddr(v: SockAddrSpec): Uint8Array {
  switch (v.family) {
    case 'inet':
      return Buffer.concat([Buffer.from([2]), ipv4Bytes(v.ip), le(v.port, 2)]);
    case 'inet6':
      return Buffer.concat([Buffer.from([10]), ipv6Bytes(v.ip), le(v.port, 2)]);
    case 'unix':
      return Buffer.concat([Buffer.from([1]), cstring(v.path)]);
    default:
      return Buffer.from([v.code]);
  }
}

function socktuple(v: SockTupleSpec): Uint8Array {
  switch (v.family) {
    case 'inet':
      return Buffer.concat([Buffer.from([2]), ipv4Bytes(v.sip), le(v.sport, 2), ipv4Bytes(v.dip), le(v.dport, 2)]);
    case 'inet6':
      return Buffer.concat([Buffer.from([10]), ipv6Bytes(v.sip), le(v.sport, 2), ipv6Bytes(v.dip), le(v.dport, 2)]);
    default:
      return Buffer.concat([Buffer.from([1]), le(v.source, 8), le(v.dest, 8), cstring(v.path)]);
  }
}

function isObject(v: SyntheticValue): v is SockAddrSpec | SockTupleSpec {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/** The bytes of one parameter value of the given type. */
export function encodeParam(type: number, v: SyntheticValue): Uint8Array {
  if (v === null) return new Uint8Array(0);
  if (v instanceof Uint8Array) return v;
  switch (type) {
    case ParamType.CHARBUF:
    case ParamType.FSPATH:
    case ParamType.FSRELPATH:
      return cstring(String(v));
    case ParamType.BYTEBUF:
    case ParamType.CHARBUFARRAY:
      if (Array.isArray(v)) return (v as readonly string[]).length === 0 ? new Uint8Array(0) : Buffer.concat((v as readonly string[]).map(cstring));
      return Buffer.from(String(v), 'utf8');
    case ParamType.SOCKADDR:
      if (!isObject(v)) throw new Error('SOCKADDR parameters take an address object');
      return sockaddr(v as SockAddrSpec);
    case ParamType.SOCKTUPLE:
      if (!isObject(v)) throw new Error('SOCKTUPLE parameters take a tuple object');
      return socktuple(v as SockTupleSpec);
    default:
      break;
  }
  if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') {
    throw new Error(`parameter of type ${type} needs a number`);
  }
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  switch (type) {
    case ParamType.INT8:
    case ParamType.UINT8:
    case ParamType.FLAGS8:
    case ParamType.ENUMFLAGS8:
    case ParamType.SIGTYPE:
    case ParamType.L4PROTO:
    case ParamType.SOCKFAMILY:
      return le(n, 1);
    case ParamType.INT16:
    case ParamType.UINT16:
    case ParamType.FLAGS16:
    case ParamType.ENUMFLAGS16:
    case ParamType.SYSCALLID:
    case ParamType.PORT:
      return le(n, 2);
    case ParamType.INT64:
    case ParamType.UINT64:
    case ParamType.ERRNO:
    case ParamType.FD:
    case ParamType.PID:
    case ParamType.RELTIME:
    case ParamType.ABSTIME:
      return le(n, 8);
    case ParamType.DOUBLE: {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(Number(n));
      return b;
    }
    default:
      return le(n, 4);
  }
}

/** The whole event (v2 layout) as bytes. */
export function encodeEvent(code: number, ts: bigint, tid: number, params: Readonly<Record<string, SyntheticValue>>): Buffer {
  const info = EVENT_TABLE[code];
  if (info === undefined) throw new Error(`unknown event code ${code}`);
  for (const k of Object.keys(params)) {
    if (!info.params.some((p) => p.name === k)) throw new Error(`event ${info.name} (${code}) has no parameter '${k}'`);
  }
  const values = info.params.map((p) => encodeParam(p.type, params[p.name] ?? null));
  const lenSize = (info.flags & EventFlags.LARGE_PAYLOAD) !== 0 ? 4 : 2;
  const total = HEADER + lenSize * values.length + values.reduce((a, b) => a + b.length, 0);
  const buf = Buffer.alloc(total);
  buf.writeBigUInt64LE(ts, 0);
  buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(tid)), 8);
  buf.writeUInt32LE(total, 16);
  buf.writeUInt16LE(code, 20);
  buf.writeUInt32LE(values.length, 22);
  let lp = HEADER;
  let dp = HEADER + lenSize * values.length;
  for (const v of values) {
    if (lenSize === 2) buf.writeUInt16LE(v.length, lp);
    else buf.writeUInt32LE(v.length, lp);
    lp += lenSize;
    buf.set(v, dp);
    dp += v.length;
  }
  return buf;
}

/** A ParsedEvent for the given values, decoded through the capture reader's event view. */
export function syntheticEvent(code: number, ts: bigint, tid: number, params: Readonly<Record<string, SyntheticValue>> = {}): ParsedEvent {
  const view = new EventView().set(encodeEvent(code, ts, tid, params), 0);
  return new ViewEvent().point(view);
}
