import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import type {
  BinaryOperator,
  Expr,
  FieldExpr,
  FieldOperand,
  ListExpr,
  ListRefExpr,
  Operand,
  Position,
  TransformerArg,
  TransformerExpr,
  ValueExpr,
} from '../../../src/rules/condition/ast.js';
import { cloneExpr, exprEquals } from '../../../src/rules/condition/equality.js';
import {
  FIELD_TRANSFORMERS,
  LIST_OPERATORS,
  NUMERIC_OPERATORS,
  OPERATOR_MODIFIERS,
  STRING_OPERATORS,
} from '../../../src/rules/condition/operators.js';
import { parseCondition } from '../../../src/rules/condition/parser.js';
import { printExpr } from '../../../src/rules/condition/printer.js';
import { Prng } from '../../seeded-random.js';
import { sexpr } from './sexpr.js';

function parsed(text: string): Expr {
  const r = parseCondition(text);
  if (!r.ok) assert.fail(`${JSON.stringify(text)}: ${r.error.message}`);
  return r.expr;
}

describe('printExpr', () => {
  const canonical: Array<[string, string]> = [
    ['a and b or c', 'a and b or c'],
    ['(a or b) and c', '(a or b) and c'],
    ['(a and b) and c', '(a and b) and c'],
    ['((a or b) or c)', '(a or b) or c'],
    ['not(not(a))', 'not (not a)'],
    ['not (a and b)', 'not (a and b)'],
    ['not a and not (b or c)', 'not a and not (b or c)'],
    ['   proc.name=cat', 'proc.name = cat'],
    ["proc.name in (cat, 'a b', 'c,d', \"\")", 'proc.name in (cat, "a b", "c,d", "")'],
    ['proc.name in my_list', 'proc.name in my_list'],
    ['proc.name = oneof', 'proc.name = "oneof"'],
    ['proc.name contains oneof (a, b)', 'proc.name contains oneof (a, b)'],
    ['proc.name != allof my_list', 'proc.name != allof my_list'],
    ["getopt(proc.args, 'c')[x] = y", 'getopt(proc.args, "c")[x] = y'],
    ['evt.arg["a b"] = x', 'evt.arg["a b"] = x'],
    ['evt.arg[""] exists', 'evt.arg[""] exists'],
    ["evt.arg['a\\'b'] exists", 'evt.arg["a\'b"] exists'],
    ['join(",",(a.b,1,tolower(c.d))) exists', 'join(",", (a.b, "1", tolower(c.d))) exists'],
    ['a.b > 0x1F', 'a.b > 0x1F'],
    ['a.b >= -1.5e+3', 'a.b >= -1.5e+3'],
    ['a.b = val( c.d )[1]', 'a.b = val(c.d)[1]'],
    ['proc.args contains "\\ "', 'proc.args contains \\'],
    ['a.b = "a b\\ "', 'a.b = "a b\\ "'],
    ['a.b = "x\ty"', 'a.b = "x\\ty"'],
    ['a.b = "it\'s"', 'a.b = "it\'s"'],
    ['a.b = /bin/sh', 'a.b = /bin/sh'],
    ['a.b = "a=b"', 'a.b = "a=b"'],
    ['a.b exists and c.d pmatch (/etc)', 'a.b exists and c.d pmatch (/etc)'],
  ];
  for (const [text, expected] of canonical) {
    it(`prints ${JSON.stringify(text)} as ${JSON.stringify(expected)}`, () => {
      const e = parsed(text);
      const printed = printExpr(e);
      assert.equal(printed, expected);
      assert.ok(exprEquals(parsed(printed), e));
    });
  }

  it('groups the macro named `not`, which would otherwise read as a negation', () => {
    const pos: Position = { offset: 0, line: 1, col: 1 };
    const e: Expr = {
      kind: 'and',
      children: [
        { kind: 'identifier', name: 'not', pos },
        { kind: 'identifier', name: 'b', pos },
      ],
      pos,
    };
    assert.equal(printExpr(e), '(not) and b');
    assert.ok(exprEquals(parsed(printExpr(e)), e));
  });

  it('prints a one-operand and/or as its operand and refuses an empty one', () => {
    const pos: Position = { offset: 0, line: 1, col: 1 };
    assert.equal(printExpr({ kind: 'or', children: [{ kind: 'identifier', name: 'x', pos }], pos }), 'x');
    assert.throws(() => printExpr({ kind: 'and', children: [], pos }), RangeError);
  });
});

describe('exprEquals and cloneExpr', () => {
  it('ignores positions and spelling but not meaning', () => {
    assert.ok(exprEquals(parsed('a.b=1 and c'), parsed('  a.b = "1"\n and (c)')));
    assert.ok(!exprEquals(parsed('a.b = x'), parsed('a.b == x')));
    assert.ok(!exprEquals(parsed('a.b exists'), parsed('a.b[""] exists')));
    assert.ok(!exprEquals(parsed('a.b in (x)'), parsed('a.b in x')));
    assert.ok(!exprEquals(parsed('a.b = oneof (x)'), parsed('a.b = anyof (x)')));
    assert.ok(!exprEquals(parsed('a and b'), parsed('a or b')));
    assert.ok(!exprEquals(parsed('a and b'), parsed('a and b and c')));
    assert.ok(!exprEquals(parsed('join(",", (a.b)) exists'), parsed('join(",", a.b) exists')));
  });

  it('clones deeply, positions included', () => {
    const e = parsed('not (a.b in (x, y) or tolower(c.d)[k] = val(e.f))');
    const c = cloneExpr(e);
    assert.deepEqual(c, e);
    assert.ok(exprEquals(c, e));
    assert.notEqual(c, e);
    if (c.kind !== 'not' || c.child.kind !== 'or') return assert.fail('unexpected shape');
    c.child.children.pop();
    c.pos.offset = 99;
    assert.equal(sexpr(e), '(not (or (in a.b ["x" "y"]) (= tolower(c.d)["k"] val(e.f))))');
    assert.equal(e.pos.offset, 0);
  });
});

/** Random trees of the shapes the parser can produce. */
class TreeGenerator {
  private readonly pos: Position = { offset: 0, line: 1, col: 1 };

  constructor(private readonly rng: Prng) {}

  expr(depth: number): Expr {
    const rng = this.rng;
    if (depth <= 0 || rng.chance(0.3)) {
      const r = rng.next();
      if (r < 0.2) return { kind: 'identifier', name: this.identifier(), pos: this.pos };
      if (r < 0.35) return { kind: 'unary', left: this.fieldOperand(2), op: 'exists', pos: this.pos };
      return this.binary();
    }
    if (rng.chance(0.25)) return { kind: 'not', child: this.expr(depth - 1), pos: this.pos };
    const children = Array.from({ length: rng.int(2, 4) }, () => this.expr(depth - 1));
    return { kind: rng.chance(0.5) ? 'and' : 'or', children, pos: this.pos };
  }

  private binary(): Expr {
    const rng = this.rng;
    const left = this.fieldOperand(2);
    const kind = rng.int(0, 2);
    if (kind === 0) {
      const op = rng.pick(NUMERIC_OPERATORS);
      const right: Operand = rng.chance(0.2) ? this.rightTransformer() : this.value(this.number());
      return { kind: 'binary', left, op, right, pos: this.pos };
    }
    if (kind === 1) {
      const op = rng.pick(STRING_OPERATORS);
      if (rng.chance(0.3)) {
        const modifier = rng.pick(OPERATOR_MODIFIERS);
        const right = rng.chance(0.7) ? this.list() : this.listRef(true);
        return { kind: 'binary', left, op, modifier, right, pos: this.pos };
      }
      const right: Operand = rng.chance(0.2) ? this.rightTransformer() : this.value(this.text());
      return { kind: 'binary', left, op, right, pos: this.pos };
    }
    const op: BinaryOperator = rng.pick(LIST_OPERATORS);
    const r = rng.next();
    const right: Operand = r < 0.6 ? this.list() : r < 0.8 ? this.listRef(false) : this.rightTransformer();
    return { kind: 'binary', left, op, right, pos: this.pos };
  }

  private fieldOperand(depth: number): FieldOperand {
    return depth > 0 && this.rng.chance(0.3) ? this.transformer(depth) : this.field();
  }

  private field(): FieldExpr {
    const name = this.fieldName();
    return this.rng.chance(0.3) ? { kind: 'field', name, arg: this.text(), pos: this.pos } : { kind: 'field', name, pos: this.pos };
  }

  private transformer(depth: number): TransformerExpr {
    const rng = this.rng;
    const args = Array.from({ length: rng.int(1, 3) }, () => this.transformerArg(depth - 1));
    const name = rng.pick(FIELD_TRANSFORMERS);
    return rng.chance(0.2)
      ? { kind: 'transformer', name, args, arg: this.text(), pos: this.pos }
      : { kind: 'transformer', name, args, pos: this.pos };
  }

  private transformerArg(depth: number): TransformerArg {
    const r = this.rng.next();
    if (r < 0.2) return this.value(this.text());
    if (r < 0.35) {
      const children = Array.from({ length: this.rng.int(0, 3) }, () =>
        this.rng.chance(0.3) ? this.value(this.text()) : this.fieldOperand(depth),
      );
      return { kind: 'transformer_list', children, pos: this.pos };
    }
    return this.fieldOperand(depth);
  }

  private rightTransformer(): TransformerExpr {
    if (this.rng.chance(0.5)) return this.transformer(2);
    const args = [this.field()];
    return this.rng.chance(0.3)
      ? { kind: 'transformer', name: 'val', args, arg: this.text(), pos: this.pos }
      : { kind: 'transformer', name: 'val', args, pos: this.pos };
  }

  private list(): ListExpr {
    const values = Array.from({ length: this.rng.int(0, 4) }, () => this.value(this.text()));
    return { kind: 'list', values, pos: this.pos };
  }

  /** After a modifier, Falco reads a leading and/or/not word as a keyword, never as a list name. */
  private listRef(afterModifier: boolean): ListRefExpr {
    let name = this.identifier();
    while (afterModifier && /^(and|or|not)(?![A-Za-z0-9])/.test(name)) name = this.identifier();
    return { kind: 'listref', name, pos: this.pos };
  }

  private value(value: string): ValueExpr {
    return { kind: 'value', value, pos: this.pos };
  }

  private identifier(): string {
    const rng = this.rng;
    if (rng.chance(0.4)) {
      return rng.pick(['a', 'macro', 'not', 'and', 'or', 'oneof', 'val', 'tolower', 'exists', 'in', 'notb', 'and_x', 'not_macro', 'orx']);
    }
    return this.word(true);
  }

  private fieldName(): string {
    if (this.rng.chance(0.5)) return this.rng.pick(['proc.name', 'fd.name', 'evt.arg', 'k8s.ns.name', 'a.b.c', 'x1.y_2']);
    const parts = Array.from({ length: this.rng.int(2, 3) }, () => this.word(false));
    return parts.join('.');
  }

  private word(allowUnderscoreDigits: boolean): string {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const tail = allowUnderscoreDigits ? letters + '0123456789_' : letters + '0123456789_';
    let w = letters[this.rng.int(0, letters.length - 1)]!;
    const len = this.rng.int(0, 6);
    for (let i = 0; i < len; i++) w += tail[this.rng.int(0, tail.length - 1)]!;
    return w;
  }

  private number(): string {
    const rng = this.rng;
    const digits = (n: number): string => Array.from({ length: n }, () => rng.int(0, 9)).join('');
    switch (rng.int(0, 4)) {
      case 0:
        return digits(rng.int(1, 6));
      case 1:
        return rng.pick(['+', '-']) + digits(rng.int(1, 4));
      case 2:
        return digits(rng.int(1, 3)) + '.' + digits(rng.int(0, 3));
      case 3:
        return rng.pick(['', '-']) + digits(1) + '.' + digits(2) + rng.pick(['e', 'E']) + rng.pick(['+', '-']) + digits(rng.int(1, 2));
      default:
        return rng.pick(['0x', '0X']) + Array.from({ length: rng.int(1, 6) }, () => rng.pick([...'0123456789abcdefABCDEF'])).join('');
    }
  }

  /** Any text without NUL (which no literal can hold). */
  private text(): string {
    const rng = this.rng;
    const pieces = [
      'a', 'b', 'x', '1', '0x', '.', '/', '*', '-', ' ', '  ', '"', "'", '\\', '\\ ', '(', ')', ',', '=', '[', ']',
      '\t', '\n', '\r', '\b', '\f', '\v', 'é', '😀', 'and', 'or', 'not', 'oneof', 'anyof', 'val(', 'tolower(', '#', '!',
    ];
    if (rng.chance(0.1)) return '';
    let s = '';
    const n = rng.int(1, 5);
    for (let i = 0; i < n; i++) s += rng.pick(pieces);
    return s;
  }
}

describe('print/parse round trip', () => {
  it('reads back every printed random tree as an equal tree (2000 seeded cases)', () => {
    const gen = new TreeGenerator(new Prng(20240601));
    let withModifier = 0;
    let quoted = 0;
    for (let i = 0; i < 2000; i++) {
      const tree = gen.expr(i % 5);
      const text = printExpr(tree);
      const r = parseCondition(text);
      if (!r.ok) assert.fail(`case ${i}: ${JSON.stringify(text)} failed: ${r.error.message} at ${r.error.pos.offset}`);
      assert.ok(exprEquals(r.expr, tree), `case ${i}: ${JSON.stringify(text)} read back as ${sexpr(r.expr)}, not ${sexpr(tree)}`);
      assert.equal(printExpr(r.expr), text, `case ${i}: printing is stable`);
      if (/ (oneof|anyof|allof) /.test(text)) withModifier++;
      if (text.includes('"')) quoted++;
    }
    // The generator really exercises modifiers and quoting.
    assert.ok(withModifier > 100, `modifiers: ${withModifier}`);
    assert.ok(quoted > 500, `quoted: ${quoted}`);
  });
});
