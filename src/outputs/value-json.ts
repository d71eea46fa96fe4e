/**
 * Field values as the typed JSON Falco puts in `output_fields` (libsinsp
 * 0.25.4 `tojson`): integers printed decimal are JSON numbers (64-bit exact),
 * integers printed hex/octal/padded are their text, booleans are booleans,
 * DOUBLE is a floating-point number, text-like types are strings, lists are
 * arrays (an empty one is `null`), and a missing value is `null`.
 *
 * A few `evt.*` fields have their own JSON form whatever their text is: the
 * time-of-day fields (`evt.time`, `evt.datetime`, ...) are the event's raw
 * timestamp in nanoseconds, the raw/relative/delta time fields are plain
 * numbers even when printed zero-padded, and `evt.count` is always 1.
 */
import type { FieldInfo } from '../fields/types.js';
import type { FieldScalar, FieldValue } from '../fields/value.js';
import { JsonDouble, type JsonValue } from './json-writer.js';
import {
  integerLayoutOf, integerOf, scalarText, shapeOf, wrapInteger, type ValueShape, type ValueTextOptions,
} from './value-text.js';

/** Fields whose JSON value is the event timestamp, whatever was extracted. */
const EVENT_TIME_FIELDS: ReadonlySet<string> = new Set([
  'evt.time', 'evt.time.s', 'evt.time.iso8601', 'evt.datetime', 'evt.datetime.s', 'evt.outputtime',
]);

/** Fields whose JSON value is their extracted number as a signed 64-bit integer. */
const RAW_NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'evt.rawtime', 'evt.rawtime.s', 'evt.rawtime.ns',
  'evt.reltime', 'evt.reltime.s', 'evt.reltime.ns',
  'evt.latency', 'evt.latency.s', 'evt.latency.ns',
  'evt.deltatime', 'evt.deltatime.s', 'evt.deltatime.ns',
]);

function int64(x: FieldValue): JsonValue {
  const first = Array.isArray(x) ? x[0] : x;
  if (first === undefined) return null;
  const v = integerOf(first);
  return v === undefined ? null : normalize(BigInt.asIntN(64, v));
}

/** A bigint as a plain number when that is exact. */
function normalize(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** JSON of one scalar of the given shape. */
export function scalarJson(x: FieldScalar, shape: ValueShape, options: ValueTextOptions = {}): JsonValue {
  const layout = integerLayoutOf(shape.type);
  if (layout !== undefined) {
    const format = shape.printFormat ?? 'na';
    if (format === 'dec' || format === 'id') {
      const v = integerOf(x);
      return v === undefined ? null : normalize(wrapInteger(v, layout));
    }
    // hex/octal (and padded or unformatted 64-bit values) travel as their text.
    if (format === 'hex' || format === 'oct' || layout.bits === 64) return scalarText(x, shape, options) ?? null;
    return null;
  }
  switch (shape.type) {
    case 'BOOL':
      return typeof x === 'string' ? !(x === '' || x === '0' || x === 'false') : Boolean(x);
    case 'DOUBLE': {
      const d = typeof x === 'number' ? x : Number(x);
      if (shape.printFormat === 'dec') return Number.isFinite(d) ? normalize(BigInt.asIntN(64, BigInt(Math.trunc(d)))) : null;
      return new JsonDouble(d);
    }
    case 'DYNAMIC':
      return dynamicJson(x, options);
    default:
      return scalarText(x, shape, options) ?? null;
  }
}

function dynamicJson(x: FieldScalar, options: ValueTextOptions): JsonValue {
  if (typeof x === 'boolean') return x;
  if (typeof x === 'bigint') return normalize(BigInt.asIntN(64, x));
  if (typeof x === 'number') return Number.isInteger(x) ? x : new JsonDouble(x);
  return scalarText(x, { type: 'DYNAMIC', isList: false }, options) ?? null;
}

/** JSON of a value of the given shape (no name-specific forms). */
export function valueJson(value: FieldValue, shape: ValueShape, options: ValueTextOptions = {}): JsonValue {
  if (value === undefined) return null;
  if (shape.isList) {
    const items = Array.isArray(value) ? value : [value];
    // libsinsp starts from null and appends: no items leaves it null.
    return items.length === 0 ? null : items.map((item) => scalarJson(item, shape, options));
  }
  if (Array.isArray(value)) {
    const first = value[0];
    return first === undefined ? null : scalarJson(first, shape, options);
  }
  return scalarJson(value, shape, options);
}

/**
 * The `output_fields` value of a field: `eventTime` is the event's timestamp
 * (nanoseconds), which some `evt.*` fields report instead of their text.
 */
export function fieldJson(info: FieldInfo, value: FieldValue, eventTime: bigint, options: ValueTextOptions = {}): JsonValue {
  if (EVENT_TIME_FIELDS.has(info.name)) return normalize(BigInt.asIntN(64, eventTime));
  if (RAW_NUMBER_FIELDS.has(info.name)) return int64(value);
  if (info.name === 'evt.count') return 1;
  return valueJson(value, shapeOf(info), options);
}
