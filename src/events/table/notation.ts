/**
 * The compact row notation the event table data is written in, and its
 * parser. One row per event code:
 *
 *   [symbol, name, category, flags, params]
 *
 * - symbol:   symbolic code name without prefix, e.g. `SYSCALL_OPEN_X`
 * - name:     evt.type name (`NA` for placeholder codes)
 * - category: `|`-joined lower-case EventCategory names, e.g. `file|syscall`
 * - flags:    `|`-joined lower-case EventFlags names, or ''
 * - params:   space-separated parameter specs, each
 *               `name:type[/format][=flagtable|@dirfdIndex|~dyntable]`
 *             type and format are lower-case ParamType / PrintFormat names
 *             (format omitted means NA).
 */
import {
  EventCategory,
  EventFlags,
  ParamType,
  PrintFormat,
  type DynParamInfo,
  type EventInfo,
  type ParamInfo,
} from '../event-types.js';
import { flagTable } from '../flag-tables.js';

export type EventRow = readonly [symbol: string, name: string, category: string, flags: string, params: string];

const TYPE_BY_NAME: ReadonlyMap<string, ParamType> = new Map(
  Object.entries(ParamType).map(([k, v]) => [k.toLowerCase().replace(/_/g, ''), v]),
);

const FORMAT_BY_NAME: ReadonlyMap<string, PrintFormat> = new Map([
  ['na', PrintFormat.NA],
  ['dec', PrintFormat.DEC],
  ['hex', PrintFormat.HEX],
  ['10dec', PrintFormat.PADDED_DEC],
  ['id', PrintFormat.ID],
  ['dir', PrintFormat.DIR],
  ['oct', PrintFormat.OCT],
]);

const CATEGORY_BY_NAME: ReadonlyMap<string, number> = new Map(
  Object.entries(EventCategory).map(([k, v]) => [k.toLowerCase(), v]),
);

const FLAG_BY_NAME: ReadonlyMap<string, number> = new Map(
  Object.entries(EventFlags).map(([k, v]) => [k.toLowerCase(), v]),
);

/**
 * The alternatives of the four dynamic parameters, indexed by the value's
 * first byte (the driver's *_IDX_* constants).
 */
const DYN_TABLES: Readonly<Record<string, readonly DynParamInfo[]>> = {
  // unknown (raw bytes), errno, u32, u64, timeval (as a relative time)
  sockopt: [
    { type: ParamType.BYTEBUF, format: PrintFormat.HEX },
    { type: ParamType.ERRNO, format: PrintFormat.DEC },
    { type: ParamType.UINT32, format: PrintFormat.DEC },
    { type: ParamType.UINT64, format: PrintFormat.DEC },
    { type: ParamType.RELTIME, format: PrintFormat.DEC },
  ],
  // address/data word, or a signal number
  ptrace: [
    { type: ParamType.UINT64, format: PrintFormat.HEX },
    { type: ParamType.SIGTYPE, format: PrintFormat.DEC },
  ],
  // a new fd, or a plain result
  bpf: [
    { type: ParamType.FD, format: PrintFormat.DEC },
    { type: ParamType.ERRNO, format: PrintFormat.DEC },
  ],
  // a number, or a string
  keyctl: [
    { type: ParamType.INT64, format: PrintFormat.DEC },
    { type: ParamType.CHARBUF, format: PrintFormat.NA },
  ],
};

function bits(spec: string, names: ReadonlyMap<string, number>, what: string): number {
  let v = 0;
  if (spec === '') return v;
  for (const part of spec.split('|')) {
    const b = names.get(part);
    if (b === undefined) throw new Error(`event table: unknown ${what} '${part}'`);
    v |= b;
  }
  return v;
}

function parseParam(spec: string): ParamInfo {
  const m = /^([A-Za-z0-9_]+):([a-z0-9]+)(?:\/([a-z0-9]+))?(?:=([a-z0-9_]+)|@(\d+)|~([a-z]+))?$/.exec(spec);
  if (!m) throw new Error(`event table: bad parameter spec '${spec}'`);
  const [, name, typeName, fmtName, table, dirfd, dyn] = m;
  const type = TYPE_BY_NAME.get(typeName!);
  if (type === undefined) throw new Error(`event table: unknown type '${typeName}'`);
  const format = fmtName === undefined ? PrintFormat.NA : FORMAT_BY_NAME.get(fmtName);
  if (format === undefined) throw new Error(`event table: unknown format '${fmtName}'`);
  // Every entry gets every property (undefined when unused): one object shape keeps
  // the per-event reads of `type`/`dynamic` monomorphic.
  const info: { -readonly [K in keyof ParamInfo]: ParamInfo[K] } = { name: name!, type, format, flags: undefined, dirfdParam: undefined, dynamic: undefined };
  if (table !== undefined) {
    const t = flagTable(table);
    if (!t) throw new Error(`event table: unknown flag table '${table}'`);
    info.flags = t;
  }
  if (dirfd !== undefined) info.dirfdParam = Number(dirfd);
  if (dyn !== undefined) {
    const d = DYN_TABLES[dyn];
    if (!d) throw new Error(`event table: unknown dynamic table '${dyn}'`);
    info.dynamic = d;
  }
  return info;
}

export function parseRow(code: number, row: EventRow): EventInfo {
  const [symbol, name, category, flags, params] = row;
  return {
    code,
    name,
    symbol,
    category: bits(category, CATEGORY_BY_NAME, 'category'),
    flags: bits(flags, FLAG_BY_NAME, 'flag'),
    params: params === '' ? [] : params.split(/\s+/).map(parseParam),
  };
}
