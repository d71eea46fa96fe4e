/**
 * A ruleset with a matcher compiler (the engine's per-event-type matchers):
 * it is asked once per event type for the rules of that type, its matcher
 * decides the matches, and a change of selection asks again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allEventTypes, eventTypeSetOf } from '../../src/rules/compile/evttypes.js';
import { Ruleset, type RuleMatcher, type RulesetRule } from '../../src/rules/ruleset.js';

interface Ev {
  proc: string;
}

const UNIVERSE = new Set(['open', 'close', 'execve']);

function rule(name: string, types: string[] | 'all', proc: string): RulesetRule<Ev> {
  return {
    name,
    source: 'syscall',
    tags: [],
    priority: 6,
    eventTypes: types === 'all' ? allEventTypes(UNIVERSE) : eventTypeSetOf(types, UNIVERSE),
    enabled: true,
    condition: (e) => e.proc === proc,
  };
}

/** Compiles by testing the conditions in order, recording what it was asked. */
function recordingCompiler(asked: Array<[string, string[]]>) {
  return (rules: readonly RulesetRule<Ev>[], eventType: string): RuleMatcher<Ev> => {
    asked.push([eventType, rules.map((r) => r.name)]);
    return (e, from) => {
      for (let i = from; i < rules.length; i++) if (rules[i]!.condition(e)) return i;
      return -1;
    };
  };
}

test('the matcher of each event type is compiled once, on first use, for the rules of that type', () => {
  const asked: Array<[string, string[]]> = [];
  const rs = new Ruleset<Ev>({ compileMatcher: recordingCompiler(asked) });
  rs.add(rule('a', ['open'], 'cat'));
  rs.add(rule('b', ['open', 'execve'], 'sh'));
  rs.add(rule('c', ['open'], 'sh'));
  assert.equal(rs.matchFirst('open', { proc: 'sh' })?.name, 'b');
  assert.deepEqual(rs.match('open', { proc: 'sh' }, true).map((r) => r.name), ['b', 'c']);
  assert.equal(rs.matchFirst('execve', { proc: 'sh' })?.name, 'b');
  assert.equal(rs.matchFirst('open', { proc: 'ls' }), undefined);
  assert.deepEqual(asked, [['open', ['a', 'b', 'c']], ['execve', ['b']]]);
});

test('a selection change compiles the matchers again, with the rules now enabled', () => {
  const asked: Array<[string, string[]]> = [];
  const rs = new Ruleset<Ev>({ compileMatcher: recordingCompiler(asked) });
  rs.add(rule('a', ['open'], 'cat'));
  rs.add(rule('b', ['open'], 'cat'));
  assert.equal(rs.matchFirst('open', { proc: 'cat' })?.name, 'a');
  rs.disable('a');
  assert.equal(rs.matchFirst('open', { proc: 'cat' })?.name, 'b');
  rs.enable('a');
  // Enabled again: now after b.
  assert.deepEqual(rs.match('open', { proc: 'cat' }, true).map((r) => r.name), ['b', 'a']);
  assert.deepEqual(asked, [['open', ['a', 'b']], ['open', ['b']], ['open', ['b', 'a']]]);
});

test('without a matcher the rules\' own conditions decide; types no rule names use the every-type rules', () => {
  const asked: Array<[string, string[]]> = [];
  const compile = recordingCompiler(asked);
  const rs = new Ruleset<Ev>({ compileMatcher: (rules, type) => (type === 'open' ? undefined : compile(rules, type)) });
  rs.add(rule('any', 'all', 'cat'));
  rs.add(rule('opens', ['open'], 'sh'));
  assert.equal(rs.matchFirst('open', { proc: 'sh' })?.name, 'opens');
  assert.equal(rs.matchFirst('close', { proc: 'cat' })?.name, 'any');
  assert.equal(rs.matchFirst('some_plugin_event', { proc: 'cat' })?.name, 'any');
  assert.equal(rs.matchFirst('some_plugin_event', { proc: 'sh' }), undefined);
  // 'open' declined, 'close' compiled; the unnamed type never asks.
  assert.deepEqual(asked, [['close', ['any']]]);
});
