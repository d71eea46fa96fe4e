import { test } from 'node:test';
import assert from 'node:assert/strict';

import { parseCondition } from '../../src/rules/condition/parser.js';
import { allEventTypes, eventTypeSetOf, eventTypesOf, type EventTypeSet } from '../../src/rules/compile/evttypes.js';
import { Ruleset, matchesWildcard, ruleNameMatches, type RulesetRule } from '../../src/rules/ruleset.js';

interface Ev {
  type: string;
  proc: string;
}

const UNIVERSE = new Set(['open', 'close', 'execve', 'connect', 'asyncevent']);

/** Counts condition evaluations, to check which rules an event was tested against. */
const calls: string[] = [];

function rule(
  name: string,
  opts: {
    types?: string[] | 'all';
    proc?: string;
    tags?: string[];
    priority?: number;
    enabled?: boolean;
    source?: string;
  } = {},
): RulesetRule<Ev> {
  const eventTypes: EventTypeSet =
    opts.types === undefined || opts.types === 'all' ? allEventTypes(UNIVERSE) : eventTypeSetOf(opts.types, UNIVERSE);
  const proc = opts.proc;
  return {
    name,
    source: opts.source ?? 'syscall',
    tags: opts.tags ?? [],
    priority: opts.priority ?? 6,
    eventTypes,
    enabled: opts.enabled ?? true,
    condition: (e: Ev) => {
      calls.push(name);
      return proc === undefined || e.proc === proc;
    },
  };
}

function names(rules: readonly RulesetRule<Ev>[]): string[] {
  return rules.map((r) => r.name);
}

function build(...rules: RulesetRule<Ev>[]): Ruleset<Ev> {
  const rs = new Ruleset<Ev>();
  for (const r of rules) assert.equal(rs.add(r), true);
  return rs;
}

test('added rules start enabled or disabled as their enabled says', () => {
  const rs = build(rule('a'), rule('b', { enabled: false }), rule('c'));
  assert.equal(rs.size, 3);
  assert.equal(rs.enabledCount, 2);
  assert.equal(rs.isEnabled('a'), true);
  assert.equal(rs.isEnabled('b'), false);
  assert.equal(rs.isEnabled('nosuch'), false);
  assert.deepEqual(names(rs.enabledRules()), ['a', 'c']);
  assert.deepEqual(names(rs.rules()), ['a', 'b', 'c']);
  assert.equal(rs.get('b')?.name, 'b');
});

test('rules less severe than the minimum priority are left out for good', () => {
  const rs = new Ruleset<Ev>({ minPriority: 4 });
  assert.equal(rs.add(rule('warning', { priority: 4 })), true);
  assert.equal(rs.add(rule('critical', { priority: 2 })), true);
  assert.equal(rs.add(rule('notice', { priority: 5 })), false);
  assert.equal(rs.add(rule('debug', { priority: 7 })), false);
  assert.equal(rs.size, 2);
  // No selection brings them back.
  rs.enable('*', 'wildcard');
  assert.deepEqual(names(rs.enabledRules()), ['warning', 'critical']);
  assert.equal(rs.get('notice'), undefined);
});

test('the default minimum priority (debug) keeps every rule', () => {
  const rs = new Ruleset<Ev>();
  assert.equal(rs.add(rule('d', { priority: 7 })), true);
  assert.equal(rs.add(rule('e', { priority: 0 })), true);
});

test('a source-bound ruleset ignores rules of other sources', () => {
  const rs = new Ruleset<Ev>({ source: 'k8s_audit' });
  assert.equal(rs.add(rule('sys')), false);
  assert.equal(rs.add(rule('k8s', { source: 'k8s_audit' })), true);
  assert.deepEqual(names(rs.rules()), ['k8s']);
});

test('adding a rule name twice is refused', () => {
  const rs = build(rule('a'));
  assert.throws(() => rs.add(rule('a')), /rule 'a' is already in the ruleset/);
});

test('an event is tested only against rules of its type', () => {
  const rs = build(rule('opens', { types: ['open'] }), rule('execs', { types: ['execve'] }));
  assert.deepEqual(names(rs.candidates('open')), ['opens']);
  assert.deepEqual(names(rs.candidates('execve')), ['execs']);
  assert.deepEqual(names(rs.candidates('close')), []);
  calls.length = 0;
  assert.deepEqual(names(rs.match('open', { type: 'open', proc: 'x' }, true)), ['opens']);
  assert.deepEqual(calls, ['opens']);
});

test('rules matching every type are tested for every event, known or not', () => {
  const rs = build(rule('any'), rule('opens', { types: ['open'] }));
  assert.deepEqual(names(rs.candidates('close')), ['any']);
  assert.deepEqual(names(rs.candidates('open')), ['any', 'opens']);
  assert.deepEqual(names(rs.candidates('some_plugin_event')), ['any']);
});

test('a rule matching no type is never tested', () => {
  const rs = build(rule('never', { types: [] }), rule('opens', { types: ['open'] }));
  for (const t of UNIVERSE) assert.ok(!names(rs.candidates(t)).includes('never'), t);
  assert.deepEqual(names(rs.candidates('unknown')), []);
});

test('evaluation order is load order across specific and all-type rules', () => {
  const rs = build(rule('r1'), rule('r2', { types: ['open', 'close'] }), rule('r3'), rule('r4', { types: ['open'] }));
  assert.deepEqual(names(rs.candidates('open')), ['r1', 'r2', 'r3', 'r4']);
  assert.deepEqual(names(rs.candidates('close')), ['r1', 'r2', 'r3']);
  assert.deepEqual(names(rs.candidates('execve')), ['r1', 'r3']);
});

test('first matching stops at the first rule whose condition holds', () => {
  const rs = build(
    rule('no', { proc: 'other' }),
    rule('yes1', { proc: 'cat' }),
    rule('yes2', { proc: 'cat' }),
  );
  calls.length = 0;
  const out = rs.match('open', { type: 'open', proc: 'cat' }, false);
  assert.deepEqual(names(out), ['yes1']);
  assert.deepEqual(calls, ['no', 'yes1']);
  calls.length = 0;
  assert.equal(rs.matchFirst('open', { type: 'open', proc: 'cat' })?.name, 'yes1');
  assert.deepEqual(calls, ['no', 'yes1']);
  assert.equal(rs.matchFirst('open', { type: 'open', proc: 'ls' }), undefined);
});

test('all matching returns every rule whose condition holds, in order', () => {
  const rs = build(
    rule('a', { proc: 'cat' }),
    rule('b', { proc: 'ls' }),
    rule('c', { proc: 'cat', types: ['open'] }),
    rule('d', { proc: 'cat', types: ['close'] }),
  );
  calls.length = 0;
  assert.deepEqual(names(rs.match('open', { type: 'open', proc: 'cat' }, true)), ['a', 'c']);
  assert.deepEqual(calls, ['a', 'b', 'c']);
  assert.deepEqual(names(rs.match('open', { type: 'open', proc: 'vi' }, true)), []);
});

test('match reuses one result array', () => {
  const rs = build(rule('a', { proc: 'cat' }));
  const first = rs.match('open', { type: 'open', proc: 'cat' }, true);
  assert.equal(first.length, 1);
  const second = rs.match('open', { type: 'open', proc: 'ls' }, true);
  assert.equal(second, first);
  assert.equal(second.length, 0);
});

test('a disabled rule is not evaluated until enabled', () => {
  const rs = build(rule('off', { enabled: false }), rule('on'));
  calls.length = 0;
  rs.match('open', { type: 'open', proc: 'x' }, true);
  assert.deepEqual(calls, ['on']);
  assert.equal(rs.enable('off'), 1);
  assert.deepEqual(names(rs.candidates('open')), ['on', 'off']);
});

test('enabling appends to the evaluation order; re-enabling an enabled rule does not move it', () => {
  const rs = build(rule('a'), rule('b'), rule('c'));
  rs.enable('a');
  assert.deepEqual(names(rs.enabledRules()), ['a', 'b', 'c']);
  rs.disable('a');
  assert.deepEqual(names(rs.enabledRules()), ['b', 'c']);
  rs.enable('a');
  assert.deepEqual(names(rs.enabledRules()), ['b', 'c', 'a']);
  // `first` matching now prefers b.
  assert.equal(rs.matchFirst('open', { type: 'open', proc: 'x' })?.name, 'b');
});

test('the index follows changes immediately', () => {
  const rs = build(rule('a', { types: ['open'] }), rule('b', { types: ['open'] }));
  assert.deepEqual(names(rs.candidates('open')), ['a', 'b']);
  rs.disable('a');
  assert.deepEqual(names(rs.candidates('open')), ['b']);
  rs.disable('b');
  assert.deepEqual(names(rs.candidates('open')), []);
  rs.enable('a');
  assert.deepEqual(names(rs.candidates('open')), ['a']);
});

test('exact name selection; an empty pattern selects every rule', () => {
  const rs = build(rule('test rule'), rule('disabled rule', { enabled: false }));
  assert.equal(rs.enable('test'), 0);
  assert.equal(rs.isEnabled('disabled rule'), false);
  assert.equal(rs.enable('', 'exact'), 2);
  assert.equal(rs.enabledCount, 2);
  assert.equal(rs.disable('test rule', 'exact'), 1);
  assert.deepEqual(names(rs.enabledRules()), ['disabled rule']);
});

test('substring name selection', () => {
  const rs = build(rule('Write below etc'), rule('Write below root'), rule('Read sensitive file'));
  assert.equal(rs.disable('Write below', 'substring'), 2);
  assert.deepEqual(names(rs.enabledRules()), ['Read sensitive file']);
  assert.equal(rs.disable('', 'substring'), 3);
  assert.equal(rs.enabledCount, 0);
});

test('wildcard selection as in Falco\'s own tests', () => {
  const make = () =>
    build(
      rule('first actual rule'),
      rule('second disabled rule', { enabled: false }),
      rule('third disabled rule', { enabled: false }),
    );
  const exact = make();
  exact.disable('*', 'wildcard');
  assert.equal(exact.enable('first actual rule', 'wildcard'), 1);
  assert.equal(exact.enabledCount, 1);
  const suffix = make();
  assert.equal(suffix.enable('*rule', 'wildcard'), 3);
  assert.equal(suffix.enabledCount, 3);
  const middle = make();
  middle.disable('*', 'wildcard');
  assert.equal(middle.enable('*second*r*', 'wildcard'), 1);
  assert.deepEqual(names(middle.enabledRules()), ['second disabled rule']);
  // An empty wildcard pattern matches only an empty name.
  assert.equal(make().enable('', 'wildcard'), 0);
});

test('matchesWildcard agrees with Falco\'s unit tests', () => {
  const yes: Array<[string, string]> = [
    ['*', 'anything'],
    ['**', 'anything'],
    ['*', ''],
    ['no star', 'no star'],
    ['', ''],
    ['hello*world', 'hello new world'],
    ['hello*world*', 'hello new world yes'],
    ['*hello*world', 'come on hello this world'],
    ['*hello*****world', 'come on hello this world'],
  ];
  const no: Array<[string, string]> = [
    ['no star', ''],
    ['', 'no star'],
    ['star', 'no star'],
    ['hello*world', 'hello new thing'],
    ['hello*world', 'hello new world yes'],
    ['*hello*world', 'come on hello this world yes'],
    ['*hello*world*', 'come on hello this yes'],
  ];
  for (const [p, s] of yes) assert.equal(matchesWildcard(p, s), true, `${p} ~ ${s}`);
  for (const [p, s] of no) assert.equal(matchesWildcard(p, s), false, `${p} !~ ${s}`);
});

test('matchesWildcard does not backtrack, and knows no ? or escapes', () => {
  // After `*` a piece binds at its first occurrence, as in Falco.
  assert.equal(matchesWildcard('*ab', 'xabyab'), false);
  assert.equal(matchesWildcard('*ab*', 'xabyab'), true);
  assert.equal(matchesWildcard('a?c', 'abc'), false);
  assert.equal(matchesWildcard('a?c', 'a?c'), true);
  assert.equal(matchesWildcard('Write below*', 'Write below etc'), true);
  assert.equal(matchesWildcard('write below*', 'Write below etc'), false);
});

test('ruleNameMatches dispatches on the match type', () => {
  assert.equal(ruleNameMatches('below', 'Write below etc', 'substring'), true);
  assert.equal(ruleNameMatches('below', 'Write below etc', 'exact'), false);
  assert.equal(ruleNameMatches('*below*', 'Write below etc', 'wildcard'), true);
  assert.equal(ruleNameMatches('', 'x', 'exact'), true);
});

test('tag selection enables or disables rules having any of the tags', () => {
  const rs = build(
    rule('a', { tags: ['process', 'mitre_execution'] }),
    rule('b', { tags: ['filesystem'], enabled: false }),
    rule('c', { tags: ['network'] }),
    rule('d', { tags: [] }),
  );
  assert.equal(rs.disableTags(['process', 'network']), 2);
  assert.deepEqual(names(rs.enabledRules()), ['d']);
  assert.equal(rs.enableTags(['filesystem', 'mitre_execution']), 2);
  assert.deepEqual(names(rs.enabledRules()), ['d', 'a', 'b']);
  // Tags match whole tags only.
  assert.equal(rs.enableTags(['file']), 0);
});

test('rules: selections apply in order', () => {
  const rs = build(
    rule('Write below etc', { tags: ['filesystem'] }),
    rule('Terminal shell in container', { tags: ['shell'] }),
    rule('Read sensitive file untrusted', { tags: ['filesystem'], enabled: false }),
  );
  rs.applySelection([
    { op: 'disable', rule: '*' },
    { op: 'enable', tag: 'filesystem' },
    { op: 'disable', rule: 'Write below*' },
  ]);
  assert.deepEqual(names(rs.enabledRules()), ['Read sensitive file untrusted']);
  // Later entries win over earlier ones.
  rs.applySelection([{ op: 'enable', rule: 'Write below etc' }, { op: 'disable', tag: 'filesystem' }]);
  assert.equal(rs.enabledCount, 0);
});

test('a selection with a name and a tag applies the name first', () => {
  const rs = build(
    rule('by tag', { tags: ['t'], enabled: false }),
    rule('by name', { enabled: false }),
  );
  rs.applySelection([{ op: 'enable', rule: 'by name', tag: 't' }]);
  assert.deepEqual(names(rs.enabledRules()), ['by name', 'by tag']);
  // Empty fields select nothing.
  rs.applySelection([{ op: 'disable', rule: '', tag: '' }]);
  assert.equal(rs.enabledCount, 2);
});

test('enabledEventTypes unites the enabled rules\' types', () => {
  const rs = build(
    rule('o', { types: ['open'] }),
    rule('c', { types: ['close'], enabled: false }),
    rule('e', { types: ['execve'] }),
  );
  const u = rs.enabledEventTypes();
  assert.equal(u.all, false);
  assert.deepEqual([...u.names].sort(), ['execve', 'open']);
  rs.enable('c');
  assert.deepEqual([...rs.enabledEventTypes().names].sort(), ['close', 'execve', 'open']);
  rs.add(rule('any'));
  assert.equal(rs.enabledEventTypes().all, true);
});

test('every-rule event types reach all enabled rules whatever their types', () => {
  const rs = new Ruleset<Ev>({ everyRuleEventTypes: ['asyncevent'] });
  rs.add(rule('opens', { types: ['open'] }));
  rs.add(rule('never', { types: [] }));
  rs.add(rule('off', { types: ['open'], enabled: false }));
  assert.deepEqual(names(rs.candidates('asyncevent')), ['opens', 'never']);
  assert.deepEqual(names(rs.candidates('open')), ['opens']);
});

test('rules indexed from real conditions dispatch by event type', () => {
  const cond = (text: string): EventTypeSet => {
    const r = parseCondition(text);
    if (!r.ok) throw new Error(r.error.message);
    return eventTypesOf(r.expr, UNIVERSE);
  };
  const rs = new Ruleset<Ev>();
  const mk = (name: string, text: string, test: (e: Ev) => boolean): RulesetRule<Ev> => ({
    name,
    source: 'syscall',
    tags: [],
    priority: 4,
    eventTypes: cond(text),
    enabled: true,
    condition: test,
  });
  rs.add(mk('shell exec', 'evt.type = execve and proc.name = sh', (e) => e.type === 'execve' && e.proc === 'sh'));
  rs.add(mk('not open', 'not evt.type in (open, asyncevent)', (e) => e.type !== 'open'));
  rs.add(mk('cat anything', 'proc.name = cat', (e) => e.proc === 'cat'));
  assert.deepEqual(names(rs.candidates('execve')), ['shell exec', 'not open', 'cat anything']);
  assert.deepEqual(names(rs.candidates('open')), ['cat anything']);
  assert.deepEqual(names(rs.match('execve', { type: 'execve', proc: 'sh' }, true)), ['shell exec', 'not open']);
  assert.deepEqual(names(rs.match('open', { type: 'open', proc: 'cat' }, false)), ['cat anything']);
  assert.deepEqual(names(rs.match('close', { type: 'close', proc: 'cat' }, false)), ['not open']);
});
