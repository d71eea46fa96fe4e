import { test } from 'node:test';
import assert from 'node:assert/strict';

import type { Expr } from '../../src/rules/condition/ast.js';
import { parseCondition } from '../../src/rules/condition/parser.js';
import { bindCondition } from '../../src/rules/compile/binder.js';
import {
  EventTypeSearchError,
  MAX_EVTTYPE_CODES,
  NO_EVTTYPE_WARNING,
  RIGHT_FIELD_ERROR,
  TRANSFORMER_ERROR,
  allEventTypes,
  eventTypeSetHas,
  eventTypeSetOf,
  eventTypesOf,
  matchesAllEventTypes,
  type EventTypeSet,
  type EventTypeUniverse,
} from '../../src/rules/compile/evttypes.js';

const NAMES = ['open', 'openat', 'close', 'execve', 'connect', 'syscall', 'procexit'] as const;

/** A small event table: `getpid` has no event of its own and rides the generic `syscall` event. */
const UNIVERSE: EventTypeUniverse = {
  names: new Set(NAMES),
  aliases: new Map([
    ['getpid', ['syscall']],
    ['syscall', []],
  ]),
};

function parse(text: string): Expr {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(`parse failed for ${JSON.stringify(text)}: ${r.error.message}`);
  return r.expr;
}

function types(text: string): EventTypeSet {
  return eventTypesOf(parse(text), UNIVERSE);
}

function names(text: string): string[] {
  return [...types(text).names].sort();
}

function except(...excluded: string[]): string[] {
  return NAMES.filter((n) => !excluded.includes(n)).sort();
}

test('evt.type = name gives that name', () => {
  const s = types('evt.type = open');
  assert.equal(s.all, false);
  assert.deepEqual([...s.names], ['open']);
  assert.deepEqual(names('evt.type == open'), ['open']);
  assert.deepEqual(names('evt.type=open'), ['open']);
});

test('evt.type in (...) gives the listed names', () => {
  assert.deepEqual(names('evt.type in (open, openat, close)'), ['close', 'open', 'openat']);
  assert.deepEqual(names('evt.type in (execve)'), ['execve']);
  // A bare word after `in` is one name.
  assert.deepEqual(names('evt.type in execve'), ['execve']);
});

test('syscall.type counts like evt.type', () => {
  assert.deepEqual(names('syscall.type = connect'), ['connect']);
});

test('!= gives the complement', () => {
  const s = types('evt.type != open');
  assert.equal(s.all, false);
  assert.deepEqual([...s.names].sort(), except('open'));
});

test('not complements an evt.type check', () => {
  assert.deepEqual(names('not evt.type = open'), except('open'));
  assert.deepEqual(names('not evt.type in (open, close)'), except('open', 'close'));
});

test('a negated != is the name again', () => {
  assert.deepEqual(names('not evt.type != open'), ['open']);
});

test('a double negation gives the names back', () => {
  assert.deepEqual(names('not (not evt.type = open)'), ['open']);
});

test('checks on other fields are neutral', () => {
  assert.equal(types('proc.name = cat').all, true);
  assert.equal(types('not proc.name = cat').all, true);
  assert.deepEqual(names('proc.name = cat').length, NAMES.length);
});

test('and intersects', () => {
  assert.deepEqual(names('evt.type = open and proc.name = cat'), ['open']);
  assert.deepEqual(names('evt.type in (open, close) and evt.type in (close, execve)'), ['close']);
  assert.deepEqual(names('evt.type = open and evt.type = close'), []);
});

test('or unites', () => {
  assert.deepEqual(names('evt.type = open or evt.type = execve'), ['execve', 'open']);
  assert.equal(types('evt.type = open or proc.name = cat').all, true);
});

test('a negated or is the intersection of the complements', () => {
  assert.deepEqual(names('not (evt.type = open or evt.type = close)'), except('open', 'close'));
});

test('a negated and over a neutral check matches everything', () => {
  // not (A and B) is (not A) or (not B), and a neutral check stays neutral.
  assert.equal(types('not (evt.type = open and proc.name = cat)').all, true);
});

test('a negated and of evt.type checks unites their complements', () => {
  assert.equal(types('not (evt.type = open and evt.type = close)').all, true);
  assert.deepEqual(names('not (evt.type in (open, close) and evt.type in (close, execve))'), except('close'));
});

test('an evt.type check minus another', () => {
  assert.deepEqual(names('evt.type in (open, close) and not evt.type = close'), ['open']);
  assert.deepEqual(names('evt.type in (open, close) and evt.type != close'), ['open']);
});

test('evt.type exists matches everything, and nothing when negated', () => {
  assert.equal(types('evt.type exists').all, true);
  assert.deepEqual(names('not evt.type exists'), []);
  assert.equal(types('not proc.name exists').all, true);
});

test('an unknown event name matches no event', () => {
  const s = types('evt.type = nosuchevent');
  assert.equal(s.all, false);
  assert.equal(s.names.size, 0);
  assert.equal(types('evt.type != nosuchevent').all, true);
});

test('aliases map a system call without its own event to the generic event', () => {
  assert.deepEqual(names('evt.type = getpid'), ['syscall']);
  assert.deepEqual(names('evt.type in (getpid, open)'), ['open', 'syscall']);
  // Falco's lookup skips the generic event's own name.
  assert.deepEqual(names('evt.type = syscall'), []);
  assert.deepEqual(names('evt.type != getpid'), except('syscall'));
});

test('only =, ==, != and in are event-type checks', () => {
  for (const c of [
    'evt.type intersects (open)',
    'evt.type pmatch (open)',
    'evt.type contains open',
    'evt.type startswith open',
    'evt.type = oneof (open)',
    'evt.type glob open',
  ]) {
    assert.equal(types(c).all, true, c);
  }
});

test('evt.type with an argument is not an event-type check', () => {
  assert.equal(types('evt.type[0] = open').all, true);
});

test('comparing evt.type with a field fails like Falco\'s search', () => {
  assert.throws(() => types('evt.type = val(proc.name)'), { name: 'EventTypeSearchError', message: RIGHT_FIELD_ERROR });
  assert.throws(() => types('proc.name = cat or evt.type in tolower(proc.name)'), EventTypeSearchError);
});

test('evt.type inside a transformer fails for type operators and exists only', () => {
  assert.throws(() => types('tolower(evt.type) = open'), { message: TRANSFORMER_ERROR });
  assert.throws(() => types('not toupper(evt.type) exists'), { message: TRANSFORMER_ERROR });
  assert.throws(() => types('x.y = 1 and len(tolower(evt.type)) = 4'), { message: TRANSFORMER_ERROR });
  // Other operators do not look at the left side.
  assert.equal(types('tolower(evt.type) contains open').all, true);
  // Other fields in transformers are fine.
  assert.equal(types('tolower(proc.name) = cat').all, true);
});

test('the search fails even where the union is already complete', () => {
  assert.throws(() => types('proc.name = cat or evt.type = val(proc.pname)'), EventTypeSearchError);
  assert.throws(() => types('evt.type = open and evt.type = val(proc.pname)'), EventTypeSearchError);
});

test('an unexpanded macro is neutral', () => {
  assert.equal(types('evt.type = open or some_macro').all, true);
  assert.deepEqual(names('evt.type = open and not some_macro'), ['open']);
});

test('works on bound conditions: macros and lists contribute their types', () => {
  const bound = bindCondition(parse('open_read and proc.name in (shells)'), {
    macros: new Map([['open_read', { expr: parse('evt.type in (open_types) and fd.num >= 0') }]]),
    lists: new Map([
      ['open_types', ['open', 'openat']],
      ['shells', ['sh']],
    ]),
  });
  assert.deepEqual(bound.errors, []);
  assert.deepEqual([...eventTypesOf(bound.expr, UNIVERSE).names].sort(), ['open', 'openat']);
});

test('a plain set of names is accepted as universe', () => {
  const s = eventTypesOf(parse('evt.type != b'), new Set(['a', 'b', 'c']));
  assert.deepEqual([...s.names].sort(), ['a', 'c']);
  assert.equal(s.all, false);
});

test('a complement of nothing is everything, flagged all', () => {
  const s = types('evt.type != open or evt.type = open');
  assert.equal(s.all, true);
  assert.equal(s.names.size, NAMES.length);
});

test('eventTypeSetOf drops unknown names and flags the full set as all', () => {
  assert.deepEqual([...eventTypeSetOf(['open', 'bogus'], UNIVERSE).names], ['open']);
  assert.equal(eventTypeSetOf(NAMES, UNIVERSE).all, true);
  assert.equal(allEventTypes(UNIVERSE).all, true);
});

test('eventTypeSetHas answers for every name when the set is all', () => {
  assert.equal(eventTypeSetHas(allEventTypes(UNIVERSE), 'plugin_event_not_in_universe'), true);
  assert.equal(eventTypeSetHas(types('evt.type = open'), 'open'), true);
  assert.equal(eventTypeSetHas(types('evt.type = open'), 'close'), false);
});

test('LOAD_NO_EVTTYPE: everything, nothing, or more than 100 codes', () => {
  assert.equal(NO_EVTTYPE_WARNING, 'Rule matches too many evt.type values. This has a significant performance penalty.');
  assert.equal(MAX_EVTTYPE_CODES, 100);
  assert.equal(matchesAllEventTypes(types('proc.name = cat'), UNIVERSE), true);
  assert.equal(matchesAllEventTypes(types('evt.type = nosuch'), UNIVERSE), true);
  assert.equal(matchesAllEventTypes(types('not evt.type exists'), UNIVERSE), true);
  assert.equal(matchesAllEventTypes(types('evt.type in (open, close)'), UNIVERSE), false);
});

test('LOAD_NO_EVTTYPE counts event codes per name', () => {
  const names = Array.from({ length: 60 }, (_, i) => `ev${i}`);
  const twoCodes: EventTypeUniverse = {
    names: new Set([...names, 'extra']),
    codeCounts: new Map(names.map((n) => [n, 2])),
  };
  const fifty = `evt.type in (${names.slice(0, 50).join(', ')})`;
  const fiftyOne = `evt.type in (${names.slice(0, 51).join(', ')})`;
  // 50 names of 2 codes each is 100 codes: not more than 100.
  assert.equal(matchesAllEventTypes(eventTypesOf(parse(fifty), twoCodes), twoCodes), false);
  assert.equal(matchesAllEventTypes(eventTypesOf(parse(fiftyOne), twoCodes), twoCodes), true);
  // Without counts each name is one code.
  const plain = new Set([...names, 'extra']);
  assert.equal(matchesAllEventTypes(eventTypesOf(parse(fiftyOne), plain), plain), false);
});
