import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { escapeString, unescapeString } from '../../../src/rules/condition/escaping.js';
import { parseCondition } from '../../../src/rules/condition/parser.js';
import { Prng } from '../../seeded-random.js';

function unescaped(literal: string): string {
  const r = unescapeString(literal);
  if (!r.ok) assert.fail(`unexpected failure for ${literal}: ${r.message}`);
  return r.value;
}

describe('unescapeString', () => {
  it('decodes the supported escapes', () => {
    assert.equal(unescaped('"a\\bb\\fc\\nd\\re\\tf"'), 'a\bb\fc\nd\re\tf');
    assert.equal(unescaped('"back\\\\slash and \\/ slash"'), 'back\\slash and / slash');
    assert.equal(unescaped('"say \\"hi\\""'), 'say "hi"');
    assert.equal(unescaped("'it\\'s'"), "it's");
    assert.equal(unescaped('""'), '');
    assert.equal(unescaped("'mixed \"'"), 'mixed "');
  });

  it('reads backslash-blank as a lone backslash, as Falco does for old rules', () => {
    assert.equal(unescaped('"\\ "'), '\\');
    assert.equal(unescaped('"a\\ b"'), 'a\\b');
  });

  it("rejects the other quote kind's escape and unknown escapes with Falco's messages", () => {
    assert.deepEqual(unescapeString("'a\\\"'"), { ok: false, message: "invalid \\\" escape in '-quoted string" });
    assert.deepEqual(unescapeString('"a\\\'"'), { ok: false, message: 'invalid \\\' escape in "-quoted string' });
    assert.deepEqual(unescapeString('"\\x41"'), { ok: false, message: 'unsupported string escape sequence: \\x' });
    assert.deepEqual(unescapeString('"\\u0041"'), { ok: false, message: 'unsupported string escape sequence: \\u' });
    assert.deepEqual(unescapeString('"\\\n"'), { ok: false, message: 'unsupported string escape sequence: \\\n' });
  });
});

describe('escapeString', () => {
  it('always double-quotes and escapes only what must be', () => {
    assert.equal(escapeString('some string'), '"some string"');
    assert.equal(escapeString('plain'), '"plain"');
    assert.equal(escapeString(''), '""');
    assert.equal(escapeString("some 'quoted string'"), '"some \'quoted string\'"');
    assert.equal(escapeString('some "quoted string"'), '"some \\"quoted string\\""');
    assert.equal(escapeString('a\bb\fc\nd\re\tf'), '"a\\bb\\fc\\nd\\re\\tf"');
    assert.equal(escapeString('some\\b\\f\\n\\r\\tstring'), '"some\\\\b\\\\f\\\\n\\\\r\\\\tstring"');
  });

  it('writes a final backslash as backslash-blank so the literal still ends at its quote', () => {
    assert.equal(escapeString('C:\\'), '"C:\\ "');
    assert.equal(escapeString('\\\\'), '"\\\\\\ "');
    assert.equal(unescaped(escapeString('C:\\')), 'C:\\');
  });

  it('round-trips random strings, directly and through the parser', () => {
    const rng = new Prng(7);
    const alphabet = ['a', 'Z', '0', ' ', '"', "'", '\\', '\b', '\f', '\n', '\r', '\t', '\v', '(', ')', ',', '=', 'é', '😀', '/', 'n', 't'];
    for (let i = 0; i < 1000; i++) {
      let s = '';
      const len = rng.int(0, 12);
      for (let j = 0; j < len; j++) s += rng.pick(alphabet);
      const literal = escapeString(s);
      assert.equal(unescaped(literal), s, `direct ${JSON.stringify(s)}`);
      const r = parseCondition(`a.b = ${literal} and c`);
      assert.ok(r.ok, `parse of ${literal}`);
      const first = r.expr.kind === 'and' ? r.expr.children[0] : undefined;
      assert.ok(first?.kind === 'binary' && first.right.kind === 'value');
      assert.equal(first.right.value, s, `through the parser ${JSON.stringify(s)}`);
    }
  });
});
