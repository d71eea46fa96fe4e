/**
 * Differential test: thousands of random conditions over the test catalog,
 * each evaluated on random events by the generated code and by the
 * interpreter. The two implementations share only operators.ts'
 * one-value-one-operand semantics; sets, prefix trees, compiled patterns,
 * inline fast paths, multi-value and list handling are separate code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldScalar, FieldValue } from '../../../src/fields/value.js';
import { emitCondition, emitSource } from '../../../src/rules/compile/emitter.js';
import { interpretCondition } from '../../../src/rules/compile/interpreter.js';
import { check, RecordFactory, replacer, type TestEvent } from './test-catalog.js';
import { seededRandom as prng } from '../../seeded-random.js';

const CONDITIONS = 3000;
const EVENTS_PER_CONDITION = 50;

const rnd = prng(20240611);
const chance = (p: number): boolean => rnd() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const some = <T>(xs: readonly T[], max: number): T[] => Array.from({ length: 1 + Math.floor(rnd() * max) }, () => pick(xs));

type Kind =
  | 'str' | 'path' | 'int' | 'uint' | 'u32' | 'bool' | 'double' | 'ip' | 'net' | 'bytes' | 'dyn'
  | 'strmulti' | 'intmulti' | 'ipmulti' | 'netmulti' | 'portmulti'
  | 'strlist' | 'uintlist' | 'iplist' | 'netlist' | 'boollist';

interface FieldSpec { name: string; key: string; kind: Kind; rhs: boolean }

const FIELDS: FieldSpec[] = [
  { name: 'proc.name', key: 'proc.name', kind: 'str', rhs: true },
  { name: 'proc.pname', key: 'proc.pname', kind: 'str', rhs: true },
  { name: 'fd.name', key: 'fd.name', kind: 'str', rhs: true },
  { name: 'proc.exepath', key: 'proc.exepath', kind: 'path', rhs: true },
  { name: 'proc.pid', key: 'proc.pid', kind: 'int', rhs: true },
  { name: 'proc.ppid', key: 'proc.ppid', kind: 'int', rhs: true },
  { name: 'evt.num', key: 'evt.num', kind: 'uint', rhs: true },
  { name: 'user.uid', key: 'user.uid', kind: 'u32', rhs: true },
  { name: 'evt.is_io', key: 'evt.is_io', kind: 'bool', rhs: true },
  { name: 'thread.cpu', key: 'thread.cpu', kind: 'double', rhs: true },
  { name: 'fd.sip', key: 'fd.sip', kind: 'ip', rhs: true },
  { name: 'fd.cip', key: 'fd.cip', kind: 'ip', rhs: true },
  { name: 'fd.snet', key: 'fd.snet', kind: 'net', rhs: false },
  { name: 'evt.buffer', key: 'evt.buffer', kind: 'bytes', rhs: true },
  { name: 'evt.rawarg.res', key: 'evt.rawarg[res]', kind: 'dyn', rhs: false },
  { name: 'proc.aname', key: 'proc.aname', kind: 'strmulti', rhs: false },
  { name: 'proc.apid', key: 'proc.apid', kind: 'intmulti', rhs: false },
  { name: 'fd.ip', key: 'fd.ip', kind: 'ipmulti', rhs: false },
  { name: 'fd.net', key: 'fd.net', kind: 'netmulti', rhs: false },
  { name: 'fd.port', key: 'fd.port', kind: 'portmulti', rhs: false },
  { name: 'fd.types', key: 'fd.types', kind: 'strlist', rhs: false },
  { name: 'proc.args', key: 'proc.args', kind: 'strlist', rhs: true },
  { name: 'proc.argv', key: 'proc.argv', kind: 'strlist', rhs: true },
  { name: 'test.uids', key: 'test.uids', kind: 'uintlist', rhs: true },
  { name: 'test.ips', key: 'test.ips', kind: 'iplist', rhs: true },
  { name: 'test.nets', key: 'test.nets', kind: 'netlist', rhs: true },
  { name: 'test.flags', key: 'test.flags', kind: 'boollist', rhs: true },
];

// Value pools: operands and event values overlap so that comparisons hit.
const STRINGS = ['bash', 'sh', 'Bash', 'BASH', '/etc/passwd', '/etc/ssh/sshd_config', '/usr/bin/python3', 'b', '', 'é', 'a*b', 'YmFzaA==', 'c2g', '-c', '-x', 'ls -l', 'file', 'ipv4'];
const GLOBS = ['*', 'b*', '/etc/*', '*sh', '?ash', '[bs]*', '/usr/*/python?', 'B*', '[!b]*', '*[0-9]', '\\*'];
const REGEXES = ['b.*', '.*sh', '/etc/.*', '(bash|sh)', '[a-z]+', '.', 'é?', '[[:upper:]]+', 'x*|b.sh'];
const PATHS = ['/etc', '/usr/bin', '/etc/ssh', '/', '/usr/*/python3', 'etc', '/e?c'];
const INTS = ['0', '1', '5', '1234', '-1', '9007199254740993', '-9007199254740993'];
const UINTS = ['0', '1', '5', '1234', '-1', '9007199254740993', '18446744073709551615'];
const IPS = ['10.0.0.1', '8.8.8.8', '::1', '192.168.1.5', 'fe80::1'];
const NETS = ['10.0.0.0/8', '192.168.0.0/16', 'fe80::/10', '8.8.8.0/24', '0.0.0.0/1'];
const HEX = ['41', '4142', '00', '', 'ff'];
const RAW = ['A', 'AB', 'B'];
const PORTS = ['53', '80', '443', '51000'];

const q = (s: string): string => JSON.stringify(s);
const list = (xs: string[]): string => `(${xs.join(', ')})`;

const STR_OPS = ['=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch', '<', '>'];
const MODIFIABLE_STR_OPS = ['=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob', 'regex'];
const NUM_OPS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'intersects'];
const EQ_OPS = ['=', '!=', 'in', 'intersects'];
const BYTE_OPS = ['=', '!=', 'contains', 'startswith', 'endswith', 'bcontains', 'bstartswith', 'in'];

function strOperand(op: string): string {
  if (op === 'glob' || op === 'iglob') return q(pick(GLOBS));
  if (op === 'regex') return q(pick(REGEXES));
  if (op === '<' || op === '>') return pick(['5', '0', '100']);
  return q(pick(STRINGS));
}

/** `op operand` for a left-hand side of the given kind (after transformers). */
function operatorAndOperand(kind: Kind): string {
  switch (kind) {
    case 'str': case 'path': case 'strmulti': case 'dyn': {
      if (kind !== 'dyn' && chance(0.15)) {
        const op = pick(MODIFIABLE_STR_OPS);
        return `${op} ${pick(['oneof', 'anyof', 'allof'])} ${list(some([0, 1, 2].map(() => strOperand(op)), 3))}`;
      }
      const op = pick(kind === 'dyn' ? ['=', '!=', '<', '>', 'contains', 'in'] : STR_OPS);
      if (op === 'in' || op === 'intersects') return `${op} ${list(some(STRINGS.map(q), 4))}`;
      if (op === 'pmatch') return `${op} ${list(some(PATHS.map(q), 3))}`;
      if (kind === 'dyn' && chance(0.6)) return `${op === 'in' ? 'in' : op} ${op === 'in' ? list(some(INTS, 3)) : pick(INTS)}`;
      return `${op} ${strOperand(op)}`;
    }
    case 'int': case 'uint': case 'u32': case 'intmulti': case 'portmulti': case 'double': {
      const pool = kind === 'portmulti' ? PORTS : kind === 'uint' ? UINTS : kind === 'double' ? ['0', '1', '5', '-1'] : INTS;
      if (kind !== 'double' && chance(0.1)) return `${pick(['=', '!='])} ${pick(['oneof', 'anyof', 'allof'])} ${list(some(pool, 3))}`;
      const op = pick(NUM_OPS);
      return op === 'in' || op === 'intersects' ? `${op} ${list(some(pool, 4))}` : `${op} ${pick(pool)}`;
    }
    case 'bool': {
      const op = pick(EQ_OPS);
      return op === 'in' || op === 'intersects' ? `${op} ${list(some(['true', 'false'], 2))}` : `${op} ${pick(['true', 'false'])}`;
    }
    case 'ip': case 'ipmulti': {
      if (chance(0.1)) return `${pick(['=', '!='])} ${pick(['anyof', 'allof', 'oneof'])} ${list(some(IPS, 3))}`;
      const op = pick(EQ_OPS);
      return op === 'in' || op === 'intersects' ? `${op} ${list(some(IPS, 3))}` : `${op} ${pick(IPS)}`;
    }
    case 'net': case 'netmulti': {
      const op = pick(EQ_OPS);
      return op === 'in' || op === 'intersects' ? `${op} ${list(some(NETS, 3))}` : `${op} ${pick(NETS)}`;
    }
    case 'bytes': {
      const op = pick(BYTE_OPS);
      if (op === 'bcontains' || op === 'bstartswith') return `${op} ${q(pick(HEX))}`;
      return op === 'in' ? `in ${list(some(RAW, 3))}` : `${op} ${pick(RAW)}`;
    }
    case 'strlist': return `${pick(['in', 'intersects'])} ${list(some(STRINGS.map(q), 4))}`;
    case 'uintlist': return `${pick(['in', 'intersects'])} ${list(some(UINTS, 3))}`;
    case 'iplist': return `${pick(['in', 'intersects'])} ${list(some(IPS, 3))}`;
    case 'netlist': return `${pick(['in', 'intersects'])} ${list(some(NETS, 3))}`;
    case 'boollist': return `${pick(['in', 'intersects'])} ${list(some(['true', 'false'], 2))}`;
  }
}

function randomCheck(): string {
  const f = pick(FIELDS);
  if (chance(0.07)) return `${f.name} exists`;
  // field-to-field comparisons between fields of the same kind
  if (f.rhs && chance(0.12)) {
    const peers = FIELDS.filter((g) => g.rhs && g.kind === f.kind);
    const other = pick(peers);
    const listy = f.kind.endsWith('list');
    const ops = listy ? ['in', 'intersects'] : f.kind === 'str' ? ['=', '!=', 'contains', 'startswith', 'glob', '<', '>=', 'in'] : f.kind === 'bytes' ? ['=', 'contains'] : ['=', '!=', 'in'];
    const op = pick(ops.filter((o) => !['<', '>=', '<=', '>'].includes(o) || f.kind !== 'ip'));
    return `${f.name} ${op} val(${other.name})`;
  }
  if ((f.kind === 'str' || f.kind === 'path') && chance(0.25)) {
    const t = pick(['tolower', 'toupper', 'basename', 'len', 'b64']);
    if (t === 'len') return `len(${f.name}) ${operatorAndOperand('int')}`;
    if (t === 'b64' && f.kind === 'path') return `tolower(${f.name}) ${operatorAndOperand('str')}`;
    return `${t}(${f.name}) ${operatorAndOperand('str')}`;
  }
  if (f.kind === 'strlist' && chance(0.2)) {
    if (chance(0.5)) return `len(${f.name}) ${operatorAndOperand('int')}`;
    if (f.name !== 'fd.types' && chance(0.5)) return `join(",", ${f.name}) ${operatorAndOperand('str')}`;
    return `getopt(${f.name === 'fd.types' ? 'proc.args' : f.name}, "cx:")${chance(0.5) ? '[x]' : ''} ${chance(0.5) ? operatorAndOperand('str') : operatorAndOperand('strlist')}`;
  }
  return `${f.name} ${operatorAndOperand(f.kind)}`;
}

function randomCondition(depth = 0): string {
  if (depth >= 3 || chance(0.45)) return randomCheck();
  const r = rnd();
  if (r < 0.2) return `not (${randomCondition(depth + 1)})`;
  const parts = Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => `(${randomCondition(depth + 1)})`);
  return parts.join(r < 0.6 ? ' and ' : ' or ');
}

// ---------------------------------------------------------------------------
// Random events

const EVENT_STRINGS = [...STRINGS, 'bsh', '/etc/ssh', '/usr/lib/python3', 'zsh', 'sshd', 'ETC'];

function ipValue(): FieldScalar {
  const ip = pick([...IPS, '10.200.3.4', '192.168.255.1', 'fe80::abcd', '0.0.0.0', 'garbage']);
  if (chance(0.1) && !ip.includes(':') && ip !== 'garbage') return new Uint8Array(ip.split('.').map(Number));
  return ip;
}

function intValue(unsigned: boolean): FieldValue {
  const v = pick(unsigned ? [0n, 1n, 5n, 1234n, 18446744073709551615n, 9007199254740993n, 77n] : [0n, 1n, 5n, 1234n, -1n, 9007199254740993n, -9007199254740993n, 42n]);
  const safe = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
  // numbers when exact, bigints otherwise — and now and then a small bigint, which must compare alike
  return safe && !chance(0.1) ? Number(v) : v;
}

function value(kind: Kind): FieldValue {
  switch (kind) {
    case 'str': case 'path': return pick(EVENT_STRINGS);
    case 'int': return intValue(false);
    case 'uint': return intValue(true);
    case 'u32': return pick([0, 1, 5, 1234, 4294967295]);
    case 'bool': return chance(0.05) ? pick([0, 1]) : chance(0.5);
    case 'double': return pick([0, 1, 1.5, 5, -1, 4.999]);
    case 'ip': case 'net': return ipValue();
    case 'bytes': return pick([new Uint8Array([0x41, 0x42]), new Uint8Array([0x41]), new Uint8Array([0, 0x41, 0xff]), new Uint8Array([]), 'AB']);
    case 'dyn': return chance(0.5) ? intValue(false) : pick(EVENT_STRINGS);
    case 'strmulti': return some(EVENT_STRINGS, 3).slice(0, Math.floor(rnd() * 4));
    case 'intmulti': return some([0, 1, 5, 1234, -1], 3).slice(0, Math.floor(rnd() * 4));
    case 'ipmulti': case 'netmulti': return some([0, 1, 2].map(() => ipValue()), 2).slice(0, Math.floor(rnd() * 3));
    case 'portmulti': return some([53, 80, 443, 51000, 8080], 2);
    case 'strlist': return some(EVENT_STRINGS, 4).slice(0, Math.floor(rnd() * 5));
    case 'uintlist': return some([0, 1, 5, 1234, 18446744073709551615n], 3).slice(0, Math.floor(rnd() * 4));
    case 'iplist': case 'netlist': return some([0, 1, 2].map(() => ipValue()), 3).slice(0, Math.floor(rnd() * 4));
    case 'boollist': return some([true, false], 2).slice(0, Math.floor(rnd() * 3));
  }
}

function randomEvent(): TestEvent {
  const e: TestEvent = {};
  for (const f of FIELDS) {
    if (chance(0.15)) continue;
    e[f.key] = value(f.kind);
  }
  return e;
}

test(`emitter and interpreter agree on ${CONDITIONS} random conditions x ${EVENTS_PER_CONDITION} events`, (t) => {
  const events = Array.from({ length: 400 }, randomEvent);
  let checked = 0;
  let trues = 0;
  let evaluations = 0;
  let attempts = 0;
  const rejected = new Map<string, number>();
  while (checked < CONDITIONS) {
    attempts++;
    assert.ok(attempts < CONDITIONS * 3, 'the generator produces too many rejected conditions');
    const text = randomCondition();
    const r = check(text);
    if (!r.ok) {
      // a few combinations are legitimately rejected (e.g. getopt on a list-typed field of another type)
      rejected.set(r.error.message, (rejected.get(r.error.message) ?? 0) + 1);
      continue;
    }
    checked++;
    const emitted = emitCondition(r.checked, new RecordFactory());
    const interpreted = interpretCondition(r.checked, new RecordFactory());
    for (let i = 0; i < EVENTS_PER_CONDITION; i++) {
      const ev = pick(events);
      const a = emitted(ev);
      const b = interpreted(ev);
      evaluations++;
      if (a) trues++;
      if (a !== b) {
        assert.fail(`disagreement on\n  ${text}\n  event ${JSON.stringify(ev, replacer)}\n  emitter ${a}, interpreter ${b}\n${emitSource(r.checked)}`);
      }
    }
  }
  assert.equal(evaluations, CONDITIONS * EVENTS_PER_CONDITION);
  t.diagnostic(`${trues} of ${evaluations} evaluations true; rejected: ${JSON.stringify([...rejected])}`);
  // both outcomes must be common, or the test would prove little
  assert.ok(trues > evaluations * 0.15, `only ${trues} of ${evaluations} evaluations were true`);
  assert.ok(trues < evaluations * 0.85, `${trues} of ${evaluations} evaluations were true`);
  // the generator targets valid conditions: rejections stay rare
  const totalRejected = [...rejected.values()].reduce((a, b) => a + b, 0);
  assert.ok(totalRejected < CONDITIONS * 0.2, `rejected: ${JSON.stringify([...rejected])}`);
});
