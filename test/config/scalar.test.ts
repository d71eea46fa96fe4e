import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBool, parseDouble, parseInteger } from '../../src/config/scalar.js';
import { expandEnvReferences, parseYaml } from '../../src/config/yaml-parse.js';
import { toPlain } from '../../src/config/node.js';
import { ConfigError } from '../../src/config/errors.js';

describe('value conversions (yaml-cpp rules)', () => {
  it('booleans: y/yes/true/on and their negatives, in lower/upper/capitalized case', () => {
    for (const t of ['true', 'True', 'TRUE', 'yes', 'Y', 'on', 'On']) assert.equal(parseBool(t), true, t);
    for (const f of ['false', 'FALSE', 'no', 'n', 'off', 'Off']) assert.equal(parseBool(f), false, f);
    for (const bad of ['1', '0', 'tRue', '', 'enabled']) assert.equal(parseBool(bad), undefined, bad);
  });

  it('integers: decimal, hex, octal, ranges, trailing blanks', () => {
    assert.equal(parseInteger('2000', 'uint32'), 2000);
    assert.equal(parseInteger('0x10', 'uint32'), 16);
    assert.equal(parseInteger('010', 'uint32'), 8);
    assert.equal(parseInteger('42  ', 'uint32'), 42);
    assert.equal(parseInteger('-1', 'uint32'), undefined);
    assert.equal(parseInteger('-1', 'int16'), -1);
    assert.equal(parseInteger('256', 'uint8'), undefined);
    assert.equal(parseInteger('4294967296', 'uint32'), undefined);
    assert.equal(parseInteger('1.5', 'uint32'), undefined);
    assert.equal(parseInteger(' 5', 'uint32'), undefined);
    assert.equal(parseInteger('abc', 'uint32'), undefined);
  });

  it('doubles, including YAML infinities', () => {
    assert.equal(parseDouble('.1'), 0.1);
    assert.equal(parseDouble('1e3'), 1000);
    assert.equal(parseDouble('.inf'), Infinity);
    assert.equal(parseDouble('1e'), undefined);
    assert.equal(parseDouble('x'), undefined);
  });
});

describe('YAML reading', () => {
  it('keeps scalars as text and plain null spellings as null', () => {
    const node = parseYaml('a: 1\nb: ~\nc:\nd: "null"\ne: [x, null]\nf: true\n', { file: 'f.yaml', expandEnv: false });
    assert.deepEqual(toPlain(node), { a: '1', b: null, c: null, d: 'null', e: ['x', null], f: 'true' });
  });

  it('keeps the first of duplicate keys and does not merge <<', () => {
    const node = parseYaml('a: 1\na: 2\nbase: &b {x: 1}\nm:\n  <<: *b\n', { file: 'f.yaml', expandEnv: false });
    assert.deepEqual(toPlain(node), { a: '1', base: { x: '1' }, m: { '<<': { x: '1' } } });
  });

  it('reports syntax errors with file, line and column', () => {
    try {
      parseYaml('a: 1\n b: 2\n', { file: 'bad.yaml', expandEnv: false });
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.file, 'bad.yaml');
      assert.equal(err.line, 1);
      assert.match(err.message, /^error at line 1, column \d+: /);
    }
  });

  it('expands ${VAR} and unescapes $${...} like Falco', () => {
    const env = { HOME_DIR: '/home/x', EMPTY: '' };
    assert.equal(expandEnvReferences('${HOME_DIR}/rules', env), '/home/x/rules');
    assert.equal(expandEnvReferences('a${UNSET}b', env), 'ab');
    assert.equal(expandEnvReferences('$${HOME_DIR}', env), '${HOME_DIR}');
    assert.equal(expandEnvReferences('${EMPTY}x', env), 'x');
    // Falco stops scanning at a '$' that starts no reference.
    assert.equal(expandEnvReferences('cost $5 ${HOME_DIR}', env), 'cost $5 ${HOME_DIR}');
    assert.equal(expandEnvReferences('${unterminated', env), '${unterminated');
  });

  it('expands environment references in values of files, not in keys', () => {
    const node = parseYaml('${K}: ${V}\n', { file: 'f', expandEnv: true, env: { K: 'key', V: 'value' } });
    assert.deepEqual(toPlain(node), { '${K}': 'value' });
  });
});
