/**
 * The per-event-type rule matchers (src/rules/compile/rule-matcher.ts)
 * against the rules' own conditions tested one after the other: random
 * rule lists sharing macro-like subexpressions and `evt.type` tests, on
 * random events of several types. Both sides read fields through
 * extractors that, like the syscall registry, cache a value per event and
 * record each first read (the point where a real extraction has its
 * effects), plus a per-consumer field whose value depends on its own past
 * reads. The matcher must find the same rules and read the same fields in
 * the same order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldInfo } from '../../../src/fields/types.js';
import type { Extractor, ExtractorFactory, FieldValue } from '../../../src/fields/value.js';
import { emitRuleMatcher, prepareCondition, ruleMatcherSources, type PreparedCondition } from '../../../src/rules/compile/rule-matcher.js';
import type { FieldResolver } from '../../../src/rules/compile/checker.js';
import { check, fieldKey, testResolver } from './test-catalog.js';
import { seededRandom as prng } from '../../seeded-random.js';

const EVT_TYPE: FieldInfo = { name: 'evt.type', type: 'CHARBUF', description: 'event type', flags: {} };
const COUNTER: FieldInfo = { name: 'test.counter', type: 'UINT64', description: 'a value that changes with every read', flags: {} };

const resolver: FieldResolver = {
  resolve(name: string, arg?: string) {
    if (arg === undefined && name === 'evt.type') return { info: EVT_TYPE };
    if (arg === undefined && name === 'test.counter') return { info: COUNTER };
    return testResolver.resolve(name, arg);
  },
};

interface Ev {
  readonly values: Readonly<Record<string, FieldValue>>;
  /** Values read so far during this event (what the registry's per-event cache holds). */
  readonly cache: Map<string, FieldValue>;
}

/**
 * Extractors shared by key and cached per event, except test.counter, of
 * which every consumer gets its own (its value is how often that consumer
 * read it). `log` records the first read of a field per event and every
 * counter read; evt.type reads are not recorded (they have no effect, and
 * the matchers decide evt.type tests in advance).
 */
class CachingFactory implements ExtractorFactory<Ev> {
  readonly log: string[] = [];
  private readonly shared = new Map<string, Extractor<Ev>>();
  private consumers = 0;

  extractor(f: { info: FieldInfo; arg?: string }): Extractor<Ev> {
    const key = fieldKey(f);
    if (key === 'test.counter') {
      const id = this.consumers++;
      let reads = 0;
      return () => {
        this.log.push(`counter#${id}`);
        return reads++ % 3;
      };
    }
    let x = this.shared.get(key);
    if (x === undefined) {
      x = (e) => {
        if (e.cache.has(key)) return e.cache.get(key);
        if (key !== 'evt.type') this.log.push(key);
        const v = e.values[key];
        e.cache.set(key, v);
        return v;
      };
      this.shared.set(key, x);
    }
    return x;
  }
}

const rnd = prng(7031);
const chance = (p: number): boolean => rnd() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const TYPES = ['open', 'openat', 'execve', 'close'];
const NAMES = ['bash', 'sh', 'cat', 'sshd', 'Bash', ''];
const PATHS = ['/etc/passwd', '/etc/ssh/sshd_config', '/home/a/.ssh/id_rsa', '/tmp/x', '/dev/sda', '/proc/1/environ'];

function leaf(): string {
  switch (Math.floor(rnd() * 12)) {
    case 0: return `evt.type ${pick(['=', '!='])} ${pick(TYPES)}`;
    case 1: return `evt.type in (${[pick(TYPES), pick(TYPES)].join(', ')})`;
    case 2: return `proc.name ${pick(['=', '!=', 'startswith', 'icontains'])} ${JSON.stringify(pick(NAMES))}`;
    case 3: return `proc.name in (${[pick(NAMES), pick(NAMES), pick(NAMES)].map((n) => JSON.stringify(n)).join(', ')})`;
    case 4: {
      const op = pick(['startswith', 'contains', 'endswith', 'glob', 'pmatch']);
      const operand = JSON.stringify(pick(['/etc', '/.ssh/', 'id_rsa', '/proc/*/environ', '/dev/sd', 'passwd']));
      return op === 'pmatch' ? `fd.name pmatch (${operand}, "/tmp")` : `fd.name ${op} ${operand}`;
    }
    case 5: return `fd.name in (${[pick(PATHS), pick(PATHS)].map((n) => JSON.stringify(n)).join(', ')})`;
    case 6: return `proc.pid ${pick(['=', '>', '<=', '!='])} ${pick(['0', '1', '100'])}`;
    case 7: return `evt.is_io = ${pick(['true', 'false'])}`;
    case 8: return `test.counter ${pick(['=', '!='])} ${pick(['0', '1', '2'])}`;
    case 9: return chance(0.5) ? `proc.aname = ${pick(['bash', 'sshd'])}` : 'proc.aname in (bash, sshd)';
    case 10: return `fd.types intersects (${pick(['file', 'ipv4'])})`;
    default: return `${pick(['fd.name', 'proc.name'])} exists`;
  }
}

function condition(macros: readonly string[], depth = 0): string {
  if (depth >= 3 || chance(0.35)) return chance(0.3) ? `(${pick(macros)})` : leaf();
  const r = rnd();
  if (r < 0.2) return `not (${condition(macros, depth + 1)})`;
  const parts = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => `(${condition(macros, depth + 1)})`);
  return parts.join(r < 0.65 ? ' and ' : ' or ');
}

function randomEvent(type: string): Ev {
  const values: Record<string, FieldValue> = { 'evt.type': type };
  if (!chance(0.1)) values['proc.name'] = pick(NAMES);
  if (!chance(0.2)) values['fd.name'] = pick(PATHS);
  if (!chance(0.1)) values['proc.pid'] = pick([0, 1, 100, 5000]);
  if (!chance(0.1)) values['evt.is_io'] = chance(0.5);
  values['proc.aname'] = [pick(NAMES), pick(NAMES)].slice(0, Math.floor(rnd() * 3));
  values['fd.types'] = [pick(['file', 'ipv4', 'unix'])];
  return { values, cache: new Map() };
}

function prepareAll(texts: readonly string[], factory: CachingFactory): PreparedCondition<Ev>[] {
  return texts.map((t) => {
    const r = check(t, resolver);
    if (!r.ok) throw new Error(`rejected: ${t}: ${r.error.message}`);
    return prepareCondition(r.checked, factory);
  });
}

/** The reference: each rule's own condition in order; all matches, or the first. */
function reference(conditions: readonly PreparedCondition<Ev>[], e: Ev, all: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < conditions.length; i++) {
    if (conditions[i]!.condition(e)) {
      out.push(i);
      if (!all) break;
    }
  }
  return out;
}

function viaMatcher(matcher: (e: Ev, from: number) => number, e: Ev, all: boolean): number[] {
  const out: number[] = [];
  for (let i = matcher(e, 0); i >= 0; i = matcher(e, i + 1)) {
    out.push(i);
    if (!all) break;
  }
  return out;
}

const fresh = (e: Ev): Ev => ({ values: e.values, cache: new Map() });

test('rule matchers find what the rules tested one by one find, reading the same fields in the same order', () => {
  let compared = 0;
  let matched = 0;
  for (let round = 0; round < 40; round++) {
    const macros = Array.from({ length: 4 }, () => condition([leaf(), leaf()], 1));
    // Rules are conjunctions, as most of Falco's are.
    const texts = Array.from({ length: 3 + Math.floor(rnd() * 10) }, () => `(${condition(macros)}) and (${condition(macros)}) and (${leaf()})`);
    // Small chunks in some rounds: several generated functions per matcher.
    const chunkChars = pick([1, 400, 3000, 1_000_000]);
    for (const all of [false, true]) {
      const refFactory = new CachingFactory();
      const refConditions = prepareAll(texts, refFactory);
      const matcherFactory = new CachingFactory();
      const matcherConditions = prepareAll(texts, matcherFactory);
      const matchers = new Map(TYPES.map((t) => [t, emitRuleMatcher(matcherConditions, t, { chunkChars })]));
      for (let i = 0; i < 60; i++) {
        const type = pick(TYPES);
        const e = randomEvent(type);
        const logStart = [refFactory.log.length, matcherFactory.log.length] as const;
        const expected = reference(refConditions, fresh(e), all);
        const actual = viaMatcher(matchers.get(type)!, fresh(e), all);
        const context = `rules:\n  ${texts.join('\n  ')}\nevent ${JSON.stringify(e.values)} all=${all} chunk=${chunkChars}`;
        assert.deepEqual(actual, expected, context);
        assert.deepEqual(matcherFactory.log.slice(logStart[1]), refFactory.log.slice(logStart[0]), `reads differ\n${context}`);
        compared++;
        if (expected.length > 0) matched++;
      }
    }
  }
  assert.equal(compared, 40 * 2 * 60);
  // The generator must produce both outcomes often enough to test something.
  assert.ok(matched > compared / 10 && matched < compared * 0.9, `${matched} of ${compared} events matched`);
});

test('evt.type tests are decided for the matcher\'s type', () => {
  const factory = new CachingFactory();
  const conditions = prepareAll(['evt.type = open and proc.name = cat', 'evt.type in (open, openat) or proc.name = sh', 'not evt.type = close'], factory);
  const sources = ruleMatcherSources(conditions, 'open').join('\n');
  assert.doesNotMatch(sources, /"open"|"openat"|"close"/);
  const close = emitRuleMatcher(conditions, 'close');
  const ev = (name: string): Ev => ({ values: { 'evt.type': 'close', 'proc.name': name }, cache: new Map() });
  // Rule 0 and 2 cannot hold on close; rule 1 only through proc.name.
  assert.equal(close(ev('cat'), 0), -1);
  assert.equal(close(ev('sh'), 0), 1);
  const open = emitRuleMatcher(conditions, 'open');
  assert.equal(open({ values: { 'evt.type': 'open', 'proc.name': 'cat' }, cache: new Map() }, 0), 0);
  assert.equal(open({ values: { 'evt.type': 'open', 'proc.name': 'ls' }, cache: new Map() }, 0), 1);
  assert.equal(open({ values: { 'evt.type': 'open', 'proc.name': 'ls' }, cache: new Map() }, 2), 2);
});

test('a subexpression shared by rules is computed once per generated function', () => {
  const factory = new CachingFactory();
  const shared = '(proc.name = cat and fd.name startswith /etc)';
  const conditions = prepareAll([`${shared} and proc.pid = 1`, `${shared} and proc.pid = 2`, `${shared} or proc.pid = 3`], factory);
  const [source] = ruleMatcherSources(conditions, 'open');
  assert.equal(ruleMatcherSources(conditions, 'open').length, 1);
  // One kept result (m0), computed where first met and read afterwards.
  assert.match(source!, /m0 = /);
  assert.doesNotMatch(source!, /m1 = /);
  const matcher = emitRuleMatcher(conditions, 'open');
  const e = (pid: number, name: string): Ev => ({ values: { 'proc.name': name, 'fd.name': '/etc/x', 'proc.pid': pid }, cache: new Map() });
  assert.equal(matcher(e(2, 'cat'), 0), 1);
  assert.equal(matcher(e(3, 'ls'), 0), 2);
  assert.equal(matcher(e(4, 'cat'), 0), 2);
  assert.equal(matcher(e(4, 'ls'), 0), -1);
});

test('per-consumer fields keep one state per rule in matchers', () => {
  const factory = new CachingFactory();
  const conditions = prepareAll(['test.counter = 1', 'test.counter = 1'], factory);
  const matcher = emitRuleMatcher(conditions, 'open');
  const e = (): Ev => ({ values: {}, cache: new Map() });
  // Each rule's counter reads 0, 1, 2, 0, ...: rule 0 holds on its second evaluation, rule 1 on its second too.
  assert.equal(matcher(e(), 0), -1);
  assert.equal(matcher(e(), 0), 0);
  // Rule 1 has been read once (first event); its second read is now.
  assert.equal(matcher(e(), 1), 1);
});
