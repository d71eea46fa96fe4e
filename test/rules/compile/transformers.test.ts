import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyTransformer, concat, decodeBase64, getopt, join, transformType,
} from '../../../src/rules/compile/transformers.js';
import { checkError, evaluate } from './test-catalog.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

test('type rules: which types each transformer takes and what it yields', () => {
  assert.deepEqual(transformType('tolower', 'FSPATH', false), { type: 'FSPATH', isList: false });
  assert.deepEqual(transformType('toupper', 'CHARBUF', true), { type: 'CHARBUF', isList: true });
  assert.equal(transformType('tolower', 'BYTEBUF', false), undefined);
  assert.equal(transformType('tolower', 'INT64', false), undefined);
  assert.deepEqual(transformType('b64', 'BYTEBUF', false), { type: 'BYTEBUF', isList: false });
  assert.equal(transformType('b64', 'FSPATH', false), undefined);
  assert.deepEqual(transformType('basename', 'FSRELPATH', false), { type: 'FSRELPATH', isList: false });
  assert.deepEqual(transformType('len', 'CHARBUF', false), { type: 'UINT64', isList: false });
  assert.deepEqual(transformType('len', 'INT64', true), { type: 'UINT64', isList: false });
  assert.equal(transformType('len', 'INT64', false), undefined);
});

test('tolower/toupper change ASCII letters only', () => {
  assert.equal(applyTransformer('tolower', 'CHARBUF', false, 'BaSh-ÉTÉ'), 'bash-ÉtÉ');
  assert.equal(applyTransformer('toupper', 'CHARBUF', false, 'bash'), 'BASH');
  assert.deepEqual(applyTransformer('toupper', 'CHARBUF', true, ['a', 'b']), ['A', 'B']);
  assert.equal(applyTransformer('tolower', 'CHARBUF', false, undefined), undefined);
});

test('basename: what follows the last slash', () => {
  assert.equal(applyTransformer('basename', 'FSPATH', false, '/tmp/file_to_run'), 'file_to_run');
  assert.equal(applyTransformer('basename', 'FSPATH', false, 'file'), 'file');
  assert.equal(applyTransformer('basename', 'FSPATH', false, '/tmp/'), '');
});

test('len: bytes of text, bytes of buffers, items of lists', () => {
  assert.equal(applyTransformer('len', 'FSPATH', false, '/tmp/file_to_run'), 16);
  assert.equal(applyTransformer('len', 'CHARBUF', false, 'été'), 5);
  assert.equal(applyTransformer('len', 'BYTEBUF', false, new Uint8Array([1, 2, 3, 4, 5, 6])), 6);
  assert.equal(applyTransformer('len', 'CHARBUF', true, ['file', 'ipv4']), 2);
  assert.equal(applyTransformer('len', 'CHARBUF', true, []), 0);
});

test('base64: libs decoding rules', () => {
  assert.deepEqual(decodeBase64(bytes('YWFh')), bytes('aaa'));
  assert.deepEqual(decodeBase64(bytes('YWE=')), bytes('aa'));
  assert.deepEqual(decodeBase64(bytes('YWE')), bytes('aa'));
  assert.deepEqual(decodeBase64(bytes('')), bytes(''));
  assert.equal(decodeBase64(bytes('YWF')), undefined); // leftover bits not zero
  assert.equal(decodeBase64(bytes('Y')), undefined);
  assert.equal(decodeBase64(bytes('YW!h')), undefined);
  assert.equal(decodeBase64(bytes('=')), undefined);
});

test('b64: text gives text (a C string), buffers keep a NUL terminator, failure means no value', () => {
  assert.equal(applyTransformer('b64', 'CHARBUF', false, 'YWFhLWJiYg=='), 'aaa-bbb');
  assert.equal(applyTransformer('b64', 'CHARBUF', false, 'not base64!'), undefined);
  assert.deepEqual(applyTransformer('b64', 'BYTEBUF', false, bytes('YWE=')), new Uint8Array([97, 97, 0]));
  assert.equal(applyTransformer('b64', 'CHARBUF', true, ['YQ==', '!!']), undefined);
});

test('join and concat', () => {
  assert.equal(join('-', ['/tmp/file_to_run', '/tmp']), '/tmp/file_to_run-/tmp');
  assert.equal(join(',', []), '');
  assert.equal(join(',', [1, 1]), '1,1');
  assert.equal(join(undefined, ['a']), undefined);
  assert.equal(concat(['aaa', 'bbb', 'ccc']), 'aaabbbccc');
  assert.equal(concat(['aaa', undefined]), undefined);
});

// Cases from libs' getopt transformer tests (argv, optstring, expected list).
const GETOPT_LISTS: Array<[string[], string, string[]]> = [
  [['-n', ''], 'n', ['n']],
  [['-t', 'hello'], 't:', ['t', 'hello']],
  [['-nt', 'hello'], 'nt:', ['n', 't', 'hello']],
  [['-thello'], 't:', ['t', 'hello']],
  [['-n', '--', '-t'], 'nt:', ['n']],
  [['-x', '-n'], 'n', ['?', 'n']],
  [['-lpe', '/bin/sh'], 'lp:e:', ['l', 'p', 'e']],
  [['-lpe', '/bin/sh'], 'lpe:', ['l', 'p', 'e', '/bin/sh']],
  [['arg1', '-n'], 'n', []],
  [['-', '-n'], 'n', []],
  [['-t'], 't:', ['']],
  [['-t'], ':t:', ['']],
  [['--exec', '-n'], 'n', ['n']],
  [['-n', 'file', '-t'], 'nt', ['n']],
  [['-nx'], 'n', ['n', '?']],
  [[''], 'n', []],
];

test('getopt: option list like getopt(3) without permutation', () => {
  for (const [argv, opts, expected] of GETOPT_LISTS) {
    assert.deepEqual(getopt(argv, opts), expected, `${JSON.stringify(argv)} ${opts}`);
  }
});

test('getopt[c]: the value of the last occurrence of an option', () => {
  assert.equal(getopt(['-n', '-t', 'hello'], 'nt:', 't'), 'hello');
  assert.equal(getopt(['-n', '-t', 'hello'], 'nt:', 'n'), 'n');
  assert.equal(getopt(['-t', 'v1', '-t', 'v2'], 't:', 't'), 'v2');
  assert.equal(getopt(['-t?'], 't:', 't'), '?');
  assert.equal(getopt(['-t'], 't:', 't'), '');
  assert.equal(getopt(['-t', 'v1', '-t'], 't:', 't'), '');
  assert.equal(getopt(['-n'], 'nt:', 't'), undefined);
});

test('transformers in conditions (emitter and interpreter agree)', () => {
  const ev = { 'fd.name': '/tmp/file_to_run', 'fd.directory': '/tmp', 'proc.name': 'BaSh', 'fd.types': ['file'], 'evt.num': 1 };
  assert.equal(evaluate('basename(fd.name) = file_to_run', ev), true);
  assert.equal(evaluate('basename(fd.name) = /tmp/file_to_run', ev), false);
  assert.equal(evaluate('len(fd.types) = 1', ev), true);
  assert.equal(evaluate('len(fd.name) = 16', ev), true);
  assert.equal(evaluate('tolower(proc.name) = bash', ev), true);
  assert.equal(evaluate('toupper(proc.name) in (BASH, SH)', ev), true);
  assert.equal(evaluate('join("-", (fd.name, fd.directory)) = /tmp/file_to_run-/tmp', ev), true);
  assert.equal(evaluate('join(",", (evt.num, evt.num)) = "1,1"', ev), true);
  assert.equal(evaluate('join(",", ()) = ""', ev), true);
  assert.equal(evaluate('join("->", ( "aaa", toupper(fd.name))) = aaa->/TMP/FILE_TO_RUN', ev), true);
  assert.equal(evaluate('concat(fd.name, fd.directory) = /tmp/file_to_run/tmp', ev), true);
  assert.equal(evaluate('len(concat("aaa", "bbb")) = 6', ev), true);
  assert.equal(evaluate('b64(join("W", ("YWFhL", "JiYg"))) = "aaa-bbb"', ev), true);
  assert.equal(evaluate('toupper(join("-", (fd.name, fd.directory))) startswith /TMP', ev), true);
  assert.equal(evaluate('getopt(("-t", "hello"), "t:") intersects ("t", "hello")', ev), true);
  assert.equal(evaluate('getopt(("-n", "-t", "hello"), "nt:")[t] = hello', ev), true);
  assert.equal(evaluate('getopt(("-t"), "t:")[t] != ""', ev), false);
  assert.equal(evaluate('getopt(("-n"), "nt:")[t] != ""', ev), false);
  assert.equal(evaluate('tolower(proc.pname) = x', ev), false);
  assert.equal(evaluate('join(",", proc.args) = "a,b"', { 'proc.args': ['a', 'b'] }), true);
  assert.equal(evaluate('getopt(proc.args, "c:")[c] = "ls -l"', { 'proc.args': ['-c', 'ls -l'] }), true);
});

test('transformer errors: libs messages', () => {
  assert.equal(checkError('tolower(proc.pid) = 1'), "can't add field transformer: type 'INT64' is not supported by 'tolower' transformer applied on field 'proc.pid'");
  assert.equal(checkError('b64(proc.exepath) = x'), "can't add field transformer: type 'FSPATH' is not supported by 'b64' transformer applied on field 'proc.exepath'");
  assert.equal(checkError('len(proc.pid) > 1'), "can't add field transformer: type 'INT64' is not supported by 'len' transformer applied on field 'proc.pid'");
  assert.equal(checkError('toupper(test.uids) intersects (1)'), "can't add field transformer: type 'UINT64' is not supported by 'toupper' transformer applied on list field 'test.uids'");
  assert.equal(checkError('tolower(proc.aname) = bash'), "field 'proc.aname' does not support transformers");
  assert.equal(checkError('tolower(proc.name)[2] = bash'), "filter error: transformer 'tolower' does not support field arguments");
  assert.equal(checkError('proc.name = val(proc.pname)[2]'), "filter error: transformer 'val' does not support field arguments");
  assert.equal(checkError('join(",", proc.args)[x] = a'), "transformer 'join' does not support field arguments");
  assert.equal(checkError('join("-") = foo'), "unknown field transfomer 'join'");
  assert.equal(checkError('tolower(proc.name, proc.pname) = x'), 'unknown multivalue transformer');
  assert.equal(checkError('join("-", "a", "b") = foo'), 'join() requires exactly 2 arguments: separator and list');
  assert.equal(checkError('join(fd.types, ("a", "b")) = foo'), 'join() first argument (separator) must be a single value, not a list');
  assert.equal(checkError('join("a", "b") = foo'), 'join() second argument must be a list');
  assert.equal(checkError('join(",", getopt(proc.args, "n")) = foo'), 'join() second argument must be a list');
  assert.equal(checkError('concat(fd.types, "a") = foo'), 'concat() arguments must be strings');
  assert.equal(checkError('concat(proc.exepath, "a") = foo'), 'concat() arguments must be strings');
  assert.equal(checkError('concat("a", ("a", "b")) = foo'), 'concat() arguments must be strings');
  assert.equal(checkError('getopt(("a"), "n", "extra") intersects ("n")'), 'getopt() requires exactly 2 arguments: args list and optstring');
  assert.equal(checkError('getopt("not_a_list", "n") intersects ("n")'), 'getopt() first argument must be a list');
  assert.equal(checkError('getopt(("-n"), ("n")) intersects ("n")'), 'getopt() second argument (optstring) must be a single value');
  assert.equal(checkError('getopt(test.uids, "n") intersects ("n")'), 'getopt() arguments must be strings');
  assert.equal(checkError('getopt(("-n"), "n")[""] = n'), 'getopt() field argument must be a single option character');
  assert.equal(checkError('getopt(("-n"), "n") = n'), "filter error: '=' operator not supported list filters");
});
