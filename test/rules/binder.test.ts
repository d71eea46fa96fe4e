import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

import type { Expr, Position } from '../../src/rules/condition/ast.js';
import { parseCondition } from '../../src/rules/condition/parser.js';
import { printExpr } from '../../src/rules/condition/printer.js';
import { exprEquals } from '../../src/rules/condition/equality.js';
import {
  bindCondition,
  expandListItems,
  listSubstitutionText,
  type BindResult,
  type ListDefinition,
  type MacroDefinition,
} from '../../src/rules/compile/binder.js';
import { substituteLists } from '../../src/rules/compile/list-substitution.js';
import { REFERENCE } from '../reference.js';

const REFERENCE_DIR = process.env.FALCO_REFERENCE_DIR ?? `${REFERENCE}`;

const TRANSFORMERS = "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";

function parse(text: string): Expr {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(`parse failed for ${JSON.stringify(text)}: ${r.error.message}`);
  return r.expr;
}

interface Defs {
  macros?: Record<string, string | { text: string; index?: number; visibility?: number }>;
  lists?: Array<[string, string[]]>;
  visibility?: number;
}

function macroMap(defs: Defs): Map<string, MacroDefinition> {
  const m = new Map<string, MacroDefinition>();
  for (const [name, d] of Object.entries(defs.macros ?? {})) {
    if (typeof d === 'string') m.set(name, { expr: parse(d) });
    else m.set(name, { expr: parse(d.text), index: d.index, visibility: d.visibility });
  }
  return m;
}

function bind(text: string, defs: Defs = {}): BindResult {
  return bindCondition(parse(text), {
    macros: macroMap(defs),
    lists: new Map(defs.lists ?? []),
    visibility: defs.visibility,
  });
}

/** Compares through the printer (canonical text), so a failure shows both trees readably. */
function assertBound(r: BindResult, expected: string): void {
  assert.equal(printExpr(r.expr), printExpr(parse(expected)));
  assert.ok(exprEquals(r.expr, parse(expected)));
}

/** The position of the n-th occurrence (0-based) of `needle` in single-line `text`. */
function posOf(text: string, needle: string, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in ${text}`);
  return { offset: at, line: 1, col: at + 1 };
}

// ---- macros -------------------------------------------------------------------

test('a macro reference is replaced by its body and recorded as used', () => {
  const r = bind('evt.type = open and is_cat', { macros: { is_cat: 'proc.name = cat' } });
  assertBound(r, 'evt.type = open and proc.name = cat');
  assert.deepEqual([...r.usedMacros], ['is_cat']);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.unresolved, []);
});

test('nested macros expand recursively and all count as used', () => {
  const r = bind('outer', {
    macros: { outer: 'inner and proc.pid > 1', inner: 'evt.type in (open, close) or leaf', leaf: 'fd.num exists' },
  });
  assertBound(r, '(evt.type in (open, close) or fd.num exists) and proc.pid > 1');
  assert.deepEqual([...r.usedMacros].sort(), ['inner', 'leaf', 'outer']);
});

test('a macro body keeps its own grouping under not', () => {
  const r = bind('not m', { macros: { m: 'a.b = 1 or c.d = 2' } });
  const e = r.expr;
  assert.equal(e.kind, 'not');
  assert.equal(e.kind === 'not' ? e.child.kind : '', 'or');
  assertBound(r, 'not (a.b = 1 or c.d = 2)');
});

test('a macro used twice expands twice into distinct nodes', () => {
  const r = bind('m or not m', { macros: { m: 'proc.name = x' } });
  assertBound(r, 'proc.name = x or not proc.name = x');
  assert.equal(r.expr.kind, 'or');
  if (r.expr.kind !== 'or') return;
  const [first, second] = r.expr.children;
  assert.ok(second?.kind === 'not');
  assert.notEqual(first, second.kind === 'not' ? second.child : undefined);
  assert.equal(r.usedMacros.size, 1);
});

test('an undefined macro gives Falco\'s message at the identifier and stays in the tree', () => {
  const text = 'evt.type = open and not nosuch';
  const r = bind(text);
  assert.equal(r.errors.length, 1);
  assert.deepEqual(r.errors[0], {
    kind: 'undefined_macro',
    message: "Undefined macro 'nosuch' used in filter.",
    pos: posOf(text, 'nosuch'),
  });
  assert.deepEqual(r.unresolved, [{ name: 'nosuch', pos: posOf(text, 'nosuch') }]);
  assertBound(r, text);
});

test('an undefined macro inside a macro body is reported in that body', () => {
  const body = 'proc.name = a or missing';
  const r = bind('x.y = 1 and m', { macros: { m: body } });
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]?.message, "Undefined macro 'missing' used in filter.");
  assert.equal(r.errors[0]?.macro, 'm');
  assert.deepEqual(r.errors[0]?.pos, posOf(body, 'missing'));
  assert.deepEqual(r.unresolved, [{ name: 'missing', pos: posOf(body, 'missing'), macro: 'm' }]);
  assert.deepEqual([...r.usedMacros], ['m']);
});

test('a macro that refers to itself is a reference loop', () => {
  const body = 'proc.name = a or loopy';
  const r = bind('loopy', { macros: { loopy: body } });
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]?.kind, 'macro_loop');
  assert.equal(r.errors[0]?.message, "reference loop in macro 'loopy'");
  assert.deepEqual(r.errors[0]?.pos, posOf(body, 'loopy'));
  assert.equal(r.errors[0]?.macro, 'loopy');
  assert.deepEqual(
    r.unresolved.map((u) => u.name),
    ['loopy'],
  );
  assertBound(r, 'proc.name = a or loopy');
});

test('mutually recursive macros are a loop on the first one met again', () => {
  const r = bind('a', { macros: { a: 'x.y = 1 and b', b: 'x.z = 2 or a' } });
  assert.deepEqual(
    r.errors.map((e) => [e.kind, e.message, e.macro]),
    [['macro_loop', "reference loop in macro 'a'", 'b']],
  );
  assertBound(r, 'x.y = 1 and (x.z = 2 or a)');
});

test('loop errors come before undefined-macro errors, as Falco reports the first loop', () => {
  const r = bind('nosuch or a', { macros: { a: 'a and x.y = 1' } });
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['macro_loop', 'undefined_macro'],
  );
  assert.deepEqual(
    r.unresolved.map((u) => u.name),
    ['nosuch', 'a'],
  );
});

test('a macro is visible only where its index is below the visibility', () => {
  const defs: Defs = { macros: { later: { text: 'proc.name = x', index: 5 } } };
  assert.deepEqual(bind('later', { ...defs, visibility: 3 }).errors.map((e) => e.message), [
    "Undefined macro 'later' used in filter.",
  ]);
  assert.deepEqual(bind('later', { ...defs, visibility: 6 }).errors, []);
  // Rule conditions see every macro.
  assertBound(bind('later', defs), 'proc.name = x');
});

test('a macro body sees only the macros visible to that macro', () => {
  const r = bind('early', {
    macros: {
      early: { text: 'late and x.y = 1', index: 1, visibility: 1 },
      late: { text: 'x.z = 2', index: 4, visibility: 4 },
    },
  });
  assert.deepEqual(
    r.errors.map((e) => [e.message, e.macro]),
    [["Undefined macro 'late' used in filter.", 'early']],
  );
  // Appended later (visibility 5), the same macro sees it.
  const appended = bind('early', {
    macros: {
      early: { text: 'late and x.y = 1', index: 1, visibility: 5 },
      late: { text: 'x.z = 2', index: 4, visibility: 4 },
    },
  });
  assert.deepEqual(appended.errors, []);
  assertBound(appended, 'x.z = 2 and x.y = 1');
});

test('an appended macro that sees itself is a loop', () => {
  const r = bind('m', { macros: { m: { text: 'x.a = 1 or m', index: 2, visibility: 7 } } });
  assert.equal(r.errors[0]?.message, "reference loop in macro 'm'");
  // Without the append, the macro cannot see itself: undefined.
  const plain = bind('m', { macros: { m: { text: 'x.a = 1 or m', index: 2, visibility: 2 } } });
  assert.equal(plain.errors[0]?.message, "Undefined macro 'm' used in filter.");
});

test('nodes from a macro body keep the body\'s positions and record their macro', () => {
  const body = 'proc.name = cat';
  const text = 'evt.type = open and m';
  const r = bind(text, { macros: { m: body } });
  assert.ok(r.expr.kind === 'and');
  if (r.expr.kind !== 'and') return;
  const [own, fromMacro] = r.expr.children;
  assert.ok(own !== undefined && fromMacro !== undefined);
  assert.deepEqual(own.pos, posOf(text, 'evt.type'));
  assert.equal(r.origins.get(own), undefined);
  assert.equal(fromMacro.kind, 'binary');
  assert.deepEqual(fromMacro.pos, { offset: 0, line: 1, col: 1 });
  assert.equal(r.origins.get(fromMacro), 'm');
  if (fromMacro.kind === 'binary') {
    assert.equal(r.origins.get(fromMacro.left), 'm');
    assert.equal(r.origins.get(fromMacro.right), 'm');
    assert.deepEqual(fromMacro.right.pos, posOf(body, 'cat'));
  }
});

test('origins name the innermost macro', () => {
  const r = bind('outer', { macros: { outer: 'x.a = 1 and inner', inner: 'x.b = 2' } });
  assert.ok(r.expr.kind === 'and');
  if (r.expr.kind !== 'and') return;
  assert.equal(r.origins.get(r.expr), 'outer');
  assert.equal(r.origins.get(r.expr.children[0]!), 'outer');
  assert.equal(r.origins.get(r.expr.children[1]!), 'inner');
});

test('binding does not modify its input and is repeatable', () => {
  const input = parse('m and proc.name in (l)');
  const before = JSON.stringify(input);
  const scope = { macros: new Map([['m', { expr: parse('x.y = 1') }]]), lists: new Map([['l', ['a', 'b']]]) };
  const r1 = bindCondition(input, scope);
  const r2 = bindCondition(input, scope);
  assert.equal(JSON.stringify(input), before);
  assert.ok(exprEquals(r1.expr, r2.expr));
  assert.notEqual(r1.expr, r2.expr);
  assertBound(r1, 'x.y = 1 and proc.name in (a, b)');
});

test('identifiers outside boolean position are not macro references', () => {
  // `cat` is a value and `in` takes a value: no macro lookups, no errors.
  const r = bind('proc.name = cat and proc.pname in (cat)', { macros: { cat: 'x.y = 1' } });
  assert.deepEqual(r.errors, []);
  assert.equal(r.usedMacros.size, 0);
  assertBound(r, 'proc.name = cat and proc.pname in (cat)');
});

// ---- lists in list literals -----------------------------------------------------

test('a list name in a list literal splices in the list\'s items', () => {
  const r = bind('proc.name in (shell_binaries)', { lists: [['shell_binaries', ['ash', 'bash', 'sh']]] });
  assertBound(r, 'proc.name in (ash, bash, sh)');
  assert.deepEqual([...r.usedLists], ['shell_binaries']);
});

test('list items splice in place among other items', () => {
  const r = bind('proc.name in (a, l, b, l)', { lists: [['l', ['x', 'y']]] });
  assertBound(r, 'proc.name in (a, x, y, b, x, y)');
});

test('an empty list disappears from a list literal', () => {
  const defs: Defs = { lists: [['empty', []]] };
  assertBound(bind('proc.name in (a, empty, b)', defs), 'proc.name in (a, b)');
  assertBound(bind('proc.name in (empty)', defs), 'proc.name in ()');
  assertBound(bind('proc.name in (empty, a)', defs), 'proc.name in (a)');
  assert.deepEqual([...bind('proc.name in (empty)', defs).usedLists], ['empty']);
});

test('an item with a space reads back as one value (Falco quotes it)', () => {
  const r = bind('proc.cmdline in (cmds)', { lists: [['cmds', ['sh -c whoami', 'ls']]] });
  assert.ok(r.expr.kind === 'binary' && r.expr.right.kind === 'list');
  if (r.expr.kind === 'binary' && r.expr.right.kind === 'list') {
    assert.deepEqual(
      r.expr.right.values.map((v) => v.value),
      ['sh -c whoami', 'ls'],
    );
  }
});

test('an item written with its own quotes is read as a quoted literal', () => {
  // falco_rules.yaml has items like '"(systemd)"' and '"sh -c node -e \"require(\'nan\')\""'.
  const r = bind('proc.name in (l)', {
    lists: [['l', ['"(systemd)"', '"sh -c node -e \\"require(\'nan\')\\""', "'single q'"]]],
  });
  assert.ok(r.expr.kind === 'binary' && r.expr.right.kind === 'list');
  if (r.expr.kind === 'binary' && r.expr.right.kind === 'list') {
    assert.deepEqual(
      r.expr.right.values.map((v) => [v.value, v.quoted]),
      [
        ['(systemd)', true],
        ['sh -c node -e "require(\'nan\')"', true],
        ['single q', true],
      ],
    );
  }
  assert.deepEqual(r.errors, []);
});

test('an item holding a comma but no space becomes two values, as in Falco\'s text substitution', () => {
  assertBound(bind('x.y in (l)', { lists: [['l', ['a,b']]] }), 'x.y in (a, b)');
});

test('an item that does not read back as a string is Falco\'s parse error', () => {
  const text = 'x.y in (a, l)';
  const r = bind(text, { lists: [['l', ['k=v']]] });
  assert.deepEqual(r.errors, [{ kind: 'list_syntax', message: "expected a ')' token", pos: posOf(text, 'l)') }]);
  assert.deepEqual([...r.usedLists], ['l']);
});

test('an empty item is a missing string value', () => {
  const r = bind('x.y in (a, l)', { lists: [['l', ['b', '']]] });
  assert.equal(r.errors[0]?.message, 'expected a string value');
});

test('a space-holding item with a backslash escape fails like Falco\'s unescaping', () => {
  const r = bind('x.y in (a, l)', { lists: [['l', ['C:\\dir x']]] });
  assert.equal(r.errors[0]?.message, 'unsupported string escape sequence: \\d');
  // Without a space it is a bare word and kept verbatim.
  const bare = bind('x.y in (a, l)', { lists: [['l', ['C:\\dir']]] });
  assert.deepEqual(bare.errors, []);
  assertBound(bare, 'x.y in (a, "C:\\\\dir")');
});

test('a quoted list name is a literal, not a reference', () => {
  const expr = parse('x.y in (l, l)');
  assert.ok(expr.kind === 'binary' && expr.right.kind === 'list');
  if (expr.kind !== 'binary' || expr.right.kind !== 'list') return;
  expr.right.values[1]!.quoted = true; // as written `(l, "l")`
  const r = bindCondition(expr, { macros: new Map(), lists: new Map([['l', ['a']]]) });
  assertBound(r, 'x.y in (a, l)');
});

// ---- lists elsewhere ------------------------------------------------------------

test('`in name` without parentheses reads a one-item list', () => {
  const r = bind('evt.type in my_types', { lists: [['my_types', ['open']]] });
  assertBound(r, 'evt.type in (open)');
  assert.deepEqual([...r.usedLists], ['my_types']);
  assert.deepEqual(r.errors, []);
});

test('`in name` with several items is the parse error Falco meets after the first', () => {
  const text = 'evt.type in my_types and proc.name = cat';
  const r = bind(text, { lists: [['my_types', ['open', 'close']]] });
  assert.deepEqual(r.errors, [
    {
      kind: 'list_syntax',
      message: "unexpected token after 'open', expecting 'or', 'and'",
      pos: posOf(text, 'my_types'),
    },
  ]);
  assert.deepEqual([...r.usedLists], ['my_types']);
});

test('`in name` with an empty list or a non-identifier item cannot be read', () => {
  const expected = `expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMERS}`;
  assert.equal(bind('x.y in l', { lists: [['l', []]] }).errors[0]?.message, expected);
  assert.equal(bind('x.y in l', { lists: [['l', ['/bin/sh']]] }).errors[0]?.message, expected);
  assert.equal(
    bind('x.y in l', { lists: [['l', ['abc-def']]] }).errors[0]?.message,
    "unexpected token after 'abc', expecting 'or', 'and'",
  );
});

test('`in word` where the word is no list is a one-value list', () => {
  const r = bind('proc.name in bash and x.y intersects z');
  assertBound(r, 'proc.name in (bash) and x.y intersects (z)');
  assert.deepEqual(r.errors, []);
  assert.equal(r.usedLists.size, 0);
});

test('a list after a modifier follows the same rules', () => {
  assertBound(bind('proc.name startswith oneof l', { lists: [['l', ['ba']]] }), 'proc.name startswith oneof (ba)');
  assertBound(
    bind('proc.name startswith oneof (l, c)', { lists: [['l', ['ba', 'z']]] }),
    'proc.name startswith oneof (ba, z, c)',
  );
  // Falco then no longer sees a list after `oneof` and reads `oneof` as the value.
  assert.equal(
    bind('proc.name = oneof l', { lists: [['l', ['/bin']]] }).errors[0]?.message,
    "unexpected token after 'oneof', expecting 'or', 'and'",
  );
});

test('the value of a string comparison may be a one-item list', () => {
  assertBound(bind('proc.name = l', { lists: [['l', ['bash']]] }), 'proc.name = bash');
  assertBound(bind('proc.cmdline contains l', { lists: [['l', ['a b']]] }), 'proc.cmdline contains "a b"');
  const text = 'proc.name = l';
  assert.deepEqual(bind(text, { lists: [['l', ['a', 'b']]] }).errors, [
    { kind: 'list_syntax', message: "unexpected token after 'a', expecting 'or', 'and'", pos: posOf(text, 'l') },
  ]);
  assert.equal(
    bind('proc.name = l', { lists: [['l', []]] }).errors[0]?.message,
    `expected a string value or a field with a valid transformer: ${TRANSFORMERS}`,
  );
});

test('a list name in boolean position reads back as the macro its single item names', () => {
  const r = bind('x.a = 1 and alias', { lists: [['alias', ['real']]], macros: { real: 'proc.name = cat' } });
  assertBound(r, 'x.a = 1 and proc.name = cat');
  assert.deepEqual([...r.usedLists], ['alias']);
  assert.deepEqual([...r.usedMacros], ['real']);
  const bad = bind('alias', { lists: [['alias', ['a', 'b']]] });
  assert.equal(bad.errors[0]?.message, "unexpected token after 'a', expecting 'or', 'and'");
  assert.equal(bad.errors[0]?.kind, 'list_syntax');
});

test('a list name shadows a macro of the same name (lists are substituted first)', () => {
  const r = bind('both', { lists: [['both', ['m2']]], macros: { both: 'x.y = 1', m2: 'x.z = 2' } });
  assertBound(r, 'x.z = 2');
});

test('lists inside macro bodies expand and count as used', () => {
  const r = bind('m', { macros: { m: 'proc.name in (shells)' }, lists: [['shells', ['sh', 'bash']]] });
  assertBound(r, 'proc.name in (sh, bash)');
  assert.deepEqual([...r.usedLists], ['shells']);
});

test('list syntax errors sort before macro errors', () => {
  const r = bind('nosuch and x.y in (l)', { lists: [['l', ['a=b']]] });
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    ['list_syntax', 'undefined_macro'],
  );
});

// ---- nested lists and their order ------------------------------------------------

test('a substituted name is substituted again only by a list defined later', () => {
  // `first` (defined first) names `second`: its pass leaves `second` in the text for the later pass.
  const forward = bind('x.y in (first)', {
    lists: [
      ['first', ['a', 'second']],
      ['second', ['b', 'c']],
    ],
  });
  assertBound(forward, 'x.y in (a, b, c)');
  assert.deepEqual([...forward.usedLists].sort(), ['first', 'second']);
  // The other way round the earlier list's pass is over: the name stays a literal.
  const backward = bind('x.y in (second)', {
    lists: [
      ['first', ['a']],
      ['second', ['b', 'first']],
    ],
  });
  assertBound(backward, 'x.y in (b, first)');
  assert.deepEqual([...backward.usedLists], ['second']);
});

test('a list naming itself is not expanded again', () => {
  assertBound(bind('x.y in (self)', { lists: [['self', ['a', 'self']]] }), 'x.y in (a, self)');
});

test('expandListItems splices visible lists one level deep, as written', () => {
  const lists = new Map<string, ListDefinition>([
    ['a', { items: ['x'], index: 0 }],
    ['b', { items: ['a', 'y'], index: 1 }],
    ['c', { items: ['b', 'z', 'later'], index: 2 }],
    ['later', { items: ['w'], index: 3 }],
  ]);
  const c = expandListItems(lists.get('c')!.items, lists, 2);
  // `b` is spliced as written (its `a` is not expanded again); `later` is not visible yet.
  assert.deepEqual(c.items, ['a', 'y', 'z', 'later']);
  assert.deepEqual([...c.usedLists], ['b']);
  const self = expandListItems(['a', 'q'], lists, 0);
  assert.deepEqual(self.items, ['a', 'q']);
  assert.equal(self.usedLists.size, 0);
});

test('expandListItems sees every list when no visibility or index is given', () => {
  const lists = new Map<string, ListDefinition>([['inner', { items: ['1', '2'] }]]);
  assert.deepEqual(expandListItems(['inner', '3', '"inner"'], lists).items, ['1', '2', '3', '"inner"']);
});

test('two-level nesting keeps the innermost name as Falco does', () => {
  // a = [x]; b = [a] compiles to [x]; c = [b] compiles to b's raw items: [a].
  const raw = new Map<string, ListDefinition>([
    ['a', { items: ['x'], index: 0 }],
    ['b', { items: ['a'], index: 1 }],
    ['c', { items: ['b'], index: 2 }],
  ]);
  const compiled = new Map<string, readonly string[]>();
  for (const [name, def] of raw) compiled.set(name, expandListItems(def.items, raw, def.index).items);
  assert.deepEqual(compiled.get('c'), ['a']);
  // In a condition `a`'s pass came before `c`'s, so the `a` that `c` brings stays a literal.
  const r = bindCondition(parse('proc.name in (c)'), { macros: new Map(), lists: compiled });
  assertBound(r, 'proc.name in (a)');
  const textual = substituteLists('proc.name in (c)', compiled);
  assert.ok(exprEquals(parse(textual.text), r.expr));
});

test('listSubstitutionText quotes items with spaces unless they start with a quote', () => {
  assert.equal(listSubstitutionText(['a', 'b c', '"d e"', "'f g'", 'h"i j']), 'a, "b c", "d e", \'f g\', "h"i j"');
  assert.equal(listSubstitutionText([]), '');
});

// ---- Falco's textual substitution ----------------------------------------------------

test('substituteLists replaces delimited names and swallows the blanks around them', () => {
  const r = substituteLists('proc.name in (shells) and x.y=l', new Map([['shells', ['sh', 'a b']], ['l', ['v']]]));
  assert.equal(r.text, 'proc.name in ( sh, "a b" ) and x.y= v ');
  assert.deepEqual([...r.usedLists], ['shells', 'l']);
});

test('substituteLists removes one comma next to an empty list', () => {
  const lists = new Map([['e', [] as string[]]]);
  assert.equal(substituteLists('(a, e, b)', lists).text, '(a  , b)');
  assert.equal(substituteLists('(e, b)', lists).text, '(   b)');
  assert.equal(substituteLists('(e)', lists).text, '(  )');
});

test('substituteLists leaves names glued to other characters alone, but not names inside quotes', () => {
  const lists = new Map([['l', ['v']]]);
  const kept = substituteLists('x.l = "l" and l.y = 1 and x.y = l_2', lists);
  assert.equal(kept.text, 'x.l = "l" and l.y = 1 and x.y = l_2');
  assert.equal(kept.usedLists.size, 0);
  // Falco's substitution does not know about quotes: blanks around the name are enough.
  assert.equal(substituteLists('x.y contains "a l b"', lists).text, 'x.y contains "a v b"');
});

test('binding a parsed condition agrees with parsing Falco\'s substituted text', () => {
  const lists = new Map<string, readonly string[]>([
    ['shells', ['sh', 'bash']],
    ['spaced', ['sh -c id', "'quoted'", '"(systemd)"']],
    ['empty', []],
    ['one', ['open']],
    ['chain', ['x', 'tail']],
    ['tail', ['y']],
  ]);
  const conditions = [
    'proc.name in (shells)',
    'proc.name in (a, shells, b) and not proc.pname in (empty, c)',
    'proc.cmdline in (spaced, shells)',
    'evt.type in one or evt.type = one',
    'x.y pmatch (chain) and x.z intersects (empty)',
    'proc.name startswith oneof (shells) or proc.name endswith anyof one',
    '(proc.name in (empty))',
  ];
  for (const c of conditions) {
    // Bound without lists too, so that a bare `in name` becomes a list on both sides.
    const textual = bindCondition(parse(substituteLists(c, lists).text), { macros: new Map() }).expr;
    const bound = bindCondition(parse(c), { macros: new Map(), lists });
    assert.deepEqual(bound.errors, [], c);
    assert.equal(printExpr(bound.expr), printExpr(textual), c);
  }
});

for (const file of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'k8s_audit_rules.yaml']) {
  test(`official ${file} binds the same way through either list expansion`, () => {
    checkOfficialRules(file);
  });
}

function checkOfficialRules(file: string): void {
  // Every scalar as a string, as Falco reads list items (`8080`, not 8080).
  const docs = parseYaml(readFileSync(join(REFERENCE_DIR, 'rules', file), 'utf8'), {
    schema: 'failsafe',
  }) as Array<
    Record<string, unknown>
  >;
  // Collect definitions in load order, as Falco's collector would (appends are not used in this file).
  const rawLists = new Map<string, ListDefinition>();
  const macroTexts: Array<[string, string, number]> = [];
  const ruleTexts: Array<[string, string]> = [];
  docs.forEach((d, index) => {
    if (typeof d.list === 'string') rawLists.set(d.list, { items: (d.items as string[] | null) ?? [], index });
    else if (typeof d.macro === 'string') macroTexts.push([d.macro, String(d.condition), index]);
    else if (typeof d.rule === 'string' && typeof d.condition === 'string') ruleTexts.push([d.rule, d.condition]);
  });
  const lists = new Map<string, readonly string[]>();
  for (const [name, def] of rawLists) lists.set(name, expandListItems(def.items, rawLists, def.index).items);

  const astMacros = new Map<string, MacroDefinition>();
  const textMacros = new Map<string, MacroDefinition>();
  for (const [name, text, index] of macroTexts) {
    astMacros.set(name, { expr: parse(text), index, visibility: index });
    textMacros.set(name, { expr: parse(substituteLists(text, lists).text), index, visibility: index });
  }
  assert.ok(ruleTexts.length >= 10);
  const used = new Set<string>();
  for (const [name, text] of ruleTexts) {
    const viaAst = bindCondition(parse(text), { macros: astMacros, lists });
    const viaText = bindCondition(parse(substituteLists(text, lists).text), { macros: textMacros });
    assert.deepEqual(viaAst.errors, [], name);
    assert.deepEqual(viaText.errors, [], name);
    assert.ok(exprEquals(viaAst.expr, viaText.expr), name);
    for (const l of viaAst.usedLists) used.add(l);
  }
  // Every macro body binds on its own with its own visibility, as Falco compiles them.
  for (const [name, def] of astMacros) {
    const r = bindCondition(def.expr, { macros: astMacros, lists, visibility: def.visibility });
    assert.deepEqual(r.errors, [], name);
  }
  assert.ok(used.size > 0);
}
