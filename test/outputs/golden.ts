/**
 * Test helpers around Falco 0.44.1's recorded outputs: a JSON reader that
 * keeps what the outputs distinguish (64-bit integers exact, `1.0` apart
 * from `1`), the per-event field records of the shared captures, and a
 * hand-written event source over such records (the real extractors live
 * elsewhere): an event is the record of its field values.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FieldInfo, ResolvedField } from '../../src/fields/types.js';
import type { ExtractorFactory, FieldScalar, FieldValue } from '../../src/fields/value.js';
import { JsonDouble, type JsonValue } from '../../src/outputs/json-writer.js';
import { iso8601Text, timeOfDayText } from '../../src/outputs/time-format.js';
import { REFERENCE } from '../reference.js';

export const REFERENCE_DIR = `${REFERENCE}/expected/falco-0.44.1`;

/** Parses JSON text; integers are numbers (bigint beyond 2^53), other numbers JsonDouble. */
export function parseJson(text: string): JsonValue {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i]!;
    if (c === '{') {
      i++;
      const obj: Record<string, JsonValue> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        const key = value() as string;
        ws();
        i++; // ':'
        obj[key] = value();
        ws();
        if (text[i++] === '}') return obj;
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i++] === ']') return arr;
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    }
    const m = /^(?:true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 40))!;
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    if (m[1] !== undefined || m[2] !== undefined) return new JsonDouble(Number(m[0]));
    const big = BigInt(m[0]);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  };
  return value();
}

export type FieldRecord = Record<string, JsonValue>;

/** The field records of a shared capture (`cat_write.scap`): the field list and one record per event. */
export function readFieldRecords(capture: string): { fields: string[]; events: FieldRecord[] } {
  const text = gunzipSync(readFileSync(`${REFERENCE_DIR}/${capture}.fields.jsonl.gz`)).toString('utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const head = JSON.parse(lines[0]!) as { fields: string[] };
  return { fields: head.fields, events: lines.slice(1).map((l) => parseJson(l) as FieldRecord) };
}

export function readReference(name: string): string {
  return readFileSync(`${REFERENCE_DIR}/${name}`, 'utf8');
}

/** Time-of-day fields: extractors give text, Falco's JSON gives the raw timestamp. */
const TIME_TEXT: Record<string, (ns: bigint) => string> = {
  'evt.time': (ns) => timeOfDayText(ns),
  'evt.time.s': (ns) => timeOfDayText(ns, { withNanos: false }),
  'evt.time.iso8601': iso8601Text,
  'evt.datetime': (ns) => timeOfDayText(ns, { withDate: true }),
  'evt.datetime.s': (ns) => timeOfDayText(ns, { withDate: true, withNanos: false }),
};

function scalarFrom(v: JsonValue, info: FieldInfo): FieldScalar {
  if (v instanceof JsonDouble) return v.value;
  if (typeof v === 'string') {
    if (info.printFormat === 'hex' && info.type.includes('INT')) return Number.parseInt(v, 16);
    if (info.type === 'BYTEBUF') return Uint8Array.from(v, (c) => c.charCodeAt(0));
    // libsinsp prints networks as <IPNET>; the extractor gives an address.
    if (info.type === 'IPNET') return '127.0.0.1';
  }
  return v as FieldScalar;
}

/**
 * What an extractor would give for a field whose recorded JSON is `v`:
 * numbers, texts, booleans, lists; time-of-day fields as their text.
 */
export function extractedFrom(v: JsonValue | undefined, info: FieldInfo): FieldValue {
  if (v === null || v === undefined) return undefined;
  const toText = TIME_TEXT[info.name];
  if (toText !== undefined && (typeof v === 'number' || typeof v === 'bigint')) return toText(BigInt(v));
  if (Array.isArray(v)) return v.map((x) => scalarFrom(x, info));
  return scalarFrom(v, info);
}

/** The record key of a resolved field (`proc.aname[2]`, `evt.arg[0]`). */
export function recordKey(f: ResolvedField): string {
  return f.arg === undefined ? f.info.name : `${f.info.name}[${f.arg}]`;
}

/** A hand-written event source: events are records of extracted values by field key. */
export type FakeEvent = Record<string, FieldValue>;

export const fakeFactory: ExtractorFactory<FakeEvent> = {
  extractor(field: ResolvedField) {
    const key = recordKey(field);
    return (event) => event[key];
  },
};

/** The event of a golden record, as extracted values. */
export function eventFromRecord(record: FieldRecord, resolve: (name: string) => FieldInfo | undefined): FakeEvent {
  const event: FakeEvent = {};
  for (const [key, v] of Object.entries(record)) {
    const info = resolve(key);
    if (info !== undefined) event[key] = extractedFrom(v, info);
  }
  return event;
}
