/**
 * A small hand-built field catalog and event model for the compiler tests:
 * events are plain records keyed by field name (`name[arg]` for arguments),
 * so each test states the exact values the fields have.
 */
import type { FieldFlags, FieldInfo, FieldType, ResolvedField } from '../../../src/fields/types.js';
import type { ExtractorFactory, FieldValue } from '../../../src/fields/value.js';
import type { Expr } from '../../../src/rules/condition/ast.js';
import { parseCondition } from '../../../src/rules/condition/parser.js';
import { checkCondition, type CheckResult, type FieldResolver } from '../../../src/rules/compile/checker.js';
import { emitCondition } from '../../../src/rules/compile/emitter.js';
import { interpretCondition } from '../../../src/rules/compile/interpreter.js';

export type TestEvent = Record<string, FieldValue>;

function field(name: string, type: FieldType, flags: FieldFlags = {}): FieldInfo {
  return { name, type, description: `test field ${name}`, flags };
}

/** Fields named after Falco's where the flags matter (proc.aname, fd.ip, fd.types...). */
export const TEST_FIELDS: FieldInfo[] = [
  field('proc.name', 'CHARBUF'),
  field('proc.pname', 'CHARBUF'),
  field('proc.exepath', 'FSPATH'),
  field('fd.name', 'CHARBUF'),
  field('fd.directory', 'CHARBUF'),
  field('proc.cmdline', 'CHARBUF'),
  field('proc.pid', 'INT64'),
  field('proc.ppid', 'INT64'),
  field('proc.vpid', 'INT64'),
  field('evt.num', 'UINT64'),
  field('evt.rawtime', 'ABSTIME'),
  field('evt.latency', 'RELTIME'),
  field('user.uid', 'UINT32'),
  field('evt.cpu', 'INT16'),
  field('thread.nice', 'INT8'),
  field('evt.count', 'UINT8'),
  field('fd.num', 'INT32'),
  field('fd.sport', 'PORT'),
  field('fd.cport', 'PORT'),
  field('evt.is_io', 'BOOL'),
  field('proc.is_exe_writable', 'BOOL'),
  field('thread.cpu', 'DOUBLE'),
  field('evt.buffer', 'BYTEBUF'),
  field('evt.arg.data', 'BYTEBUF'),
  field('fd.sip', 'IPADDR'),
  field('fd.cip', 'IPADDR'),
  field('fd.snet', 'IPNET', { noRhs: true, noTransformer: true, filterOnly: true }),
  field('fd.ip', 'IPADDR', { noRhs: true, noTransformer: true, filterOnly: true }),
  field('fd.net', 'IPNET', { noRhs: true, noTransformer: true, filterOnly: true }),
  field('fd.port', 'PORT', { noRhs: true, noTransformer: true, filterOnly: true }),
  field('proc.aname', 'CHARBUF', { argAllowed: true, argIndex: true, noRhs: true, noTransformer: true }),
  field('proc.apid', 'INT64', { argAllowed: true, argIndex: true, noRhs: true, noTransformer: true }),
  field('fd.types', 'CHARBUF', { argAllowed: true, isList: true, noRhs: true }),
  field('proc.args', 'CHARBUF', { isList: true }),
  field('proc.argv', 'CHARBUF', { isList: true }),
  field('test.uids', 'UINT64', { isList: true }),
  field('test.flags', 'BOOL', { isList: true }),
  field('test.ips', 'IPADDR', { isList: true }),
  field('test.nets', 'IPNET', { isList: true }),
  field('test.pids', 'INT64', { isList: true }),
  field('evt.rawarg', 'DYNAMIC', { argRequired: true, noRhs: true, noTransformer: true }),
];

/** Resolves exact names only; an argument is accepted where the flags allow one. */
export const testResolver: FieldResolver = {
  resolve(name: string, arg?: string) {
    let info = TEST_FIELDS.find((f) => f.name === name);
    let dotted: string | undefined;
    if (info === undefined && name.startsWith('evt.rawarg.')) {
      info = TEST_FIELDS.find((f) => f.name === 'evt.rawarg');
      dotted = name.slice('evt.rawarg.'.length);
    }
    const full = arg === undefined ? name : `${name}[${arg}]`;
    if (info === undefined) return { error: `filter_check called with nonexistent field ${full}` };
    const a = dotted ?? arg;
    if (a !== undefined && !info.flags.argAllowed && !info.flags.argRequired) {
      return { error: `filter_check called with nonexistent field ${full}` };
    }
    const r: ResolvedField = { info };
    if (a !== undefined) r.arg = a;
    return r;
  },
};

/** The key an event stores a resolved field's value under. */
export function fieldKey(f: ResolvedField): string {
  return f.arg === undefined ? f.info.name : `${f.info.name}[${f.arg}]`;
}

/** Reads fields from record events; counts extractions per key. */
export class RecordFactory implements ExtractorFactory<TestEvent> {
  readonly extractions = new Map<string, number>();
  readonly requested: string[] = [];

  extractor(f: ResolvedField) {
    const key = fieldKey(f);
    this.requested.push(key);
    return (e: TestEvent): FieldValue => {
      this.extractions.set(key, (this.extractions.get(key) ?? 0) + 1);
      return e[key];
    };
  }
}

export function parse(text: string): Expr {
  const p = parseCondition(text);
  if (!p.ok) throw new Error(`parse error in test condition ${text}: ${p.error.message}`);
  return p.expr;
}

export function check(text: string, resolver: FieldResolver = testResolver): CheckResult {
  return checkCondition(parse(text), resolver);
}

/** The checker's error message for a condition (throws if it is accepted). */
export function checkError(text: string, resolver: FieldResolver = testResolver): string {
  const r = check(text, resolver);
  if (r.ok) throw new Error(`condition unexpectedly accepted: ${text}`);
  return r.error.message;
}

/**
 * Evaluates a condition on an event with both the generated code and the
 * interpreter; fails the test if they disagree.
 */
export function evaluate(text: string, event: TestEvent): boolean {
  const r = check(text);
  if (!r.ok) throw new Error(`condition rejected: ${text}: ${r.error.message}`);
  const emitted = emitCondition(r.checked, new RecordFactory())(event);
  const interpreted = interpretCondition(r.checked, new RecordFactory())(event);
  if (emitted !== interpreted) {
    throw new Error(`emitter (${emitted}) and interpreter (${interpreted}) disagree on ${text} for ${JSON.stringify(event, replacer)}`);
  }
  return emitted;
}

export function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `bytes(${Array.from(v).join(',')})`;
  return v;
}
