/**
 * The faster forms of some operators against their plain definitions:
 * `icontains` without lowering the subject, C-locale case mapping, and
 * star-only glob patterns matched piece by piece.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGlob, globMatch } from '../../../src/rules/compile/glob.js';
import { asciiLower, asciiUpper, icontainsMatcher } from '../../../src/rules/compile/operators.js';
import { seededRandom as prng } from '../../seeded-random.js';

/** C tolower/toupper, character by character. */
function plainLower(s: string): string {
  let out = '';
  for (const c of s) out += c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
  return out;
}

function plainUpper(s: string): string {
  let out = '';
  for (const c of s) out += c >= 'a' && c <= 'z' ? c.toUpperCase() : c;
  return out;
}

// Characters whose JavaScript case mapping is not the C one: Kelvin sign, long s, dotted I, sharp s.
const TRICKY = ['K', 'k', '\u212A', 's', 'S', '\u017F', 'I', 'i', '\u0130', '\u0131', '\u00DF', 'é', 'É', '.', '*', '\\', '(', '[', '$', '^', '|', '/', '-', '\uD800', '日'];

function randomText(rnd: () => number, max: number): string {
  let s = '';
  const n = Math.floor(rnd() * max);
  for (let i = 0; i < n; i++) s += TRICKY[Math.floor(rnd() * TRICKY.length)];
  return s;
}

test('ASCII case mapping leaves every other character alone', () => {
  assert.equal(asciiLower('GLIBC_Tunables=\u212A\u0130É'), 'glibc_tunables=\u212A\u0130É');
  assert.equal(asciiUpper('glibc_tunables=\u017F\u0131\u00DF'), 'GLIBC_TUNABLES=\u017F\u0131\u00DF');
  const rnd = prng(5);
  for (let i = 0; i < 2000; i++) {
    const s = randomText(rnd, 12);
    assert.equal(asciiLower(s), plainLower(s), JSON.stringify(s));
    assert.equal(asciiUpper(s), plainUpper(s), JSON.stringify(s));
  }
});

test('icontains matches as lowering both sides (C locale) and searching', () => {
  const m = icontainsMatcher('GLIBC_TUNABLES');
  assert.equal(m('A=1 glibc_tunables=x'), true);
  assert.equal(m('A=1 Glibc_Tunables=x'), true);
  assert.equal(m('A=1 GLIBC_TUNABLE'), false);
  // The Kelvin sign lowers to k in JavaScript, not in C.
  assert.equal(icontainsMatcher('k')('\u212A'), false);
  assert.equal(icontainsMatcher('a.b')('AxB'), false);
  assert.equal(icontainsMatcher('')('anything'), true);
  const rnd = prng(11);
  for (let i = 0; i < 5000; i++) {
    const needle = randomText(rnd, 3);
    const subject = randomText(rnd, 10);
    const expected = plainLower(subject).includes(plainLower(needle));
    assert.equal(icontainsMatcher(needle)(subject), expected, `${JSON.stringify(subject)} icontains ${JSON.stringify(needle)}`);
  }
});

test('star-only patterns match as fnmatch does', () => {
  assert.equal(compileGlob('/home/*/.ssh/*')('/home/ann/.ssh/id_rsa'), true);
  assert.equal(compileGlob('/home/*/.ssh/*')('/home/ann/ssh/id_rsa'), false);
  assert.equal(compileGlob('*../*../*')('a/../b/../c'), true);
  assert.equal(compileGlob('*../*../*')('a/../b'), false);
  assert.equal(compileGlob('/proc/*/environ')('/proc/1/environ\u0000x'), true);
  assert.equal(compileGlob('ab*ab')('ab'), false);
  const rnd = prng(3);
  const patternChars = ['a', 'b', '/', '.', '*', '*', 'ab'];
  const subjectChars = ['a', 'b', '/', '.', 'ab', 'é', '\u0000', '\uD800'];
  for (let i = 0; i < 20000; i++) {
    let p = '';
    for (let k = Math.floor(rnd() * 6); k > 0; k--) p += patternChars[Math.floor(rnd() * patternChars.length)];
    let s = '';
    for (let k = Math.floor(rnd() * 8); k > 0; k--) s += subjectChars[Math.floor(rnd() * subjectChars.length)];
    assert.equal(compileGlob(p)(s), globMatch(p, s), `${JSON.stringify(s)} glob ${JSON.stringify(p)}`);
  }
});

