import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch, compileGlob } from '../../../src/rules/compile/glob.js';
import { compileRegex } from '../../../src/rules/compile/re2-posix.js';
import { PathPrefixSet, pathPrefixMatches } from '../../../src/rules/compile/path-prefix.js';
import { networkContains, parseIPv4, parseIPv6, toIpAddress } from '../../../src/rules/compile/ip.js';
import {
  asciiLower, asciiUpper, bytesInclude, compareScalar, compareText, compareWithOperands, domainOf, quantifierFor,
  toDomainValue,
} from '../../../src/rules/compile/operators.js';

// Expected results obtained from glibc fnmatch(3) in the C locale (flags 0 or FNM_CASEFOLD).
const GLOB_CASES: Array<[string, string, boolean, boolean]> = [
  ['*.sh', 'run.sh', false, true], ['*.sh', '/tmp/run.sh', false, true], ['/etc/*', '/etc/passwd', false, true],
  ['/etc/*', '/etc/a/b', false, true], ['/etc/*', '/etcx', false, false], ['?', 'a', false, true], ['?', '', false, false],
  ['?', 'ab', false, false], ['a?c', 'abc', false, true], ['[abc]', 'b', false, true], ['[!abc]', 'b', false, false],
  ['[^abc]', 'd', false, true], ['[a-c]x', 'bx', false, true], ['[]a]', ']', false, true], ['[]a]', 'a', false, true],
  ['[!]a]', ']', false, false], ['[a-]', '-', false, true], ['[a', '[a', false, true], ['[a', 'a', false, false],
  ['a[', 'a[', false, true], ['\\*', '*', false, true], ['\\*', 'a', false, false], ['a\\', 'a', false, false],
  ['a\\', 'a\\', false, false], ['[[:digit:]]x', '5x', false, true], ['[[:alpha:]]', '5', false, false],
  ['[[:foo:]]', 'f', false, false], ['[[:digit:]', '5', false, false], ['*[0-9]', 'abc1', false, true],
  ['*[0-9]', 'abc', false, false], ['**a', 'xa', false, true], ['*?', '', false, false], ['*?', 'a', false, true],
  ['.*', '.bashrc', false, true], ['*', '', false, true], ['', '', false, true], ['', 'a', false, false],
  ['ABC', 'abc', true, true], ['ABC', 'abc', false, false], ['[A-Z]', 'q', true, true], ['[a-z]', 'Q', true, true],
  ['*.SH', 'X.sh', true, true], ['[[=a=]]', 'a', false, true], ['[[.a.]]', 'a', false, true], ['[\\]]', ']', false, true],
  ['[a\\-z]', '-', false, true], ['[a\\-z]', 'b', false, false], ['[z-a]', 'm', false, false], ['[!a-z]', '/', false, true],
  ['é', 'é', false, true], ['?', 'é', false, false], ['??', 'é', false, true], ['[a-]x', '-x', false, true],
  ['*a*b*c*', 'xaybzc', false, true], ['*a*b*c*', 'xaybz', false, false], ['[[:upper:]]', 'a', true, false],
  ['[!', '[!', false, true], ['[]', '[]', false, true], ['[]]', ']', false, true], ['[!a-z]', 'é', false, false],
  ['??x', 'éx', false, true], ['É', 'é', true, false],
];

test('glob: fnmatch semantics (C locale, byte-wise, ASCII case folding)', () => {
  for (const [pattern, subject, ci, expected] of GLOB_CASES) {
    assert.equal(globMatch(pattern, subject, ci), expected, `${pattern} vs ${subject}${ci ? ' (ci)' : ''}`);
    assert.equal(compileGlob(pattern, ci)(subject), expected, `compiled ${pattern} vs ${subject}`);
  }
});

test('glob: the subject is a C string (ends at NUL)', () => {
  assert.equal(globMatch('ab', 'ab\0cd'), true);
  assert.equal(compileGlob('ab')('ab\0cd'), true);
  assert.equal(compileGlob('ab')('abc'), false);
});

// Expected results obtained from RE2 2022-06-01 with RE2::POSIX options, ANCHOR_BOTH (what libs uses).
const REGEX_MATCHES: Array<[string, string, boolean]> = [
  ['a.*b', 'axxb', true], ['a.*b', 'axxbc', false], ['^/usr/bin/.*$', '/usr/bin/ls', true], ['.*', 'a\nb', false],
  ['a.b', 'a\nb', false], ['a$\n^b', 'a\nb', true], ['(a|b)+c', 'ababc', true], ['[[:digit:]]+', '12345', true],
  ['[[:digit:]]+', '12a45', false], ['x{2,3}', 'xxxx', false], ['x{2,3}', 'xxx', true], ['é.', 'éa', true],
  ['.', 'é', true], ['a**', 'aaa', true], ['a*+?', 'aaa', true], ['\\x41\\x{42}\\101', 'ABA', true], ['[^a]', '\n', true],
  ['[a-]', '-', true], ['a{,2}', 'a{,2}', true], ['a{01}', 'a{01}', true], ['\\_', '_', true], ['', '', true], ['', 'a', false],
];

const REGEX_ERRORS: Array<[string, string]> = [
  ['(?i)a', 'no argument for repetition operator: ?'],
  ['\\d+', 'invalid escape sequence: \\d'],
  ['\\b', 'invalid escape sequence: \\b'],
  ['\\pL', 'invalid escape sequence: \\p'],
  ['a{1001}', 'invalid repetition size: {1001}'],
  ['a{2,1}', 'invalid repetition size: {2,1}'],
  ['*a', 'no argument for repetition operator: *'],
  ['(a', 'missing ): (a'],
  ['a)', 'unexpected ): a)'],
  ['[a', 'missing ]: [a'],
  ['[z-a]', 'invalid character class range: z-a'],
  ['[[:foo:]]', 'invalid character class range: [:foo:]'],
  ['\\1', 'invalid escape sequence: \\1'],
  ['a\\', 'trailing \\'],
  ['[a-b-c]', 'invalid character class range: -c'],
  ['\\Q.\\E', 'invalid escape sequence: \\Q'],
  ['(?:a)', 'no argument for repetition operator: ?'],
  ['\\z', 'invalid escape sequence: \\z'],
  ['(a{100}){100}', 'invalid repetition size: {100}'],
];

test('regex: RE2 POSIX syntax, whole-value match', () => {
  for (const [pattern, subject, expected] of REGEX_MATCHES) {
    const r = compileRegex(pattern);
    assert.ok(r.ok, `${pattern} should compile`);
    assert.equal(r.regex.test(subject), expected, `${JSON.stringify(pattern)} vs ${JSON.stringify(subject)}`);
  }
});

test('regex: rejected patterns carry RE2 error texts', () => {
  for (const [pattern, message] of REGEX_ERRORS) {
    const r = compileRegex(pattern);
    assert.equal(r.ok, false, pattern);
    assert.equal((r as { error: string }).error, message, pattern);
  }
});

test('pmatch: component-wise path prefixes with wildcard components', () => {
  const set = new PathPrefixSet(['/etc', '/usr/lib/*/security', '/var/log/']);
  assert.equal(set.match('/etc'), true);
  assert.equal(set.match('/etc/passwd'), true);
  assert.equal(set.match('/etcx/passwd'), false);
  assert.equal(set.match('etc/shadow'), true);
  assert.equal(set.match('//etc//shadow'), true);
  assert.equal(set.match('/usr/lib/x86_64/security/pam.so'), true);
  assert.equal(set.match('/usr/lib/security'), false);
  assert.equal(set.match('/usr/lib/x86_64'), false);
  assert.equal(set.match('/var/log/syslog'), true);
  assert.equal(set.match('/var'), false);
  assert.equal(set.match(''), false);
});

test('pmatch: a shorter path covers longer ones added before or after', () => {
  const a = new PathPrefixSet(['/a/b/c', '/a/b']);
  const b = new PathPrefixSet(['/a/b', '/a/b/c']);
  for (const set of [a, b]) {
    assert.equal(set.match('/a/b/x'), true);
    assert.equal(set.match('/a/b'), true);
    assert.equal(set.match('/a'), false);
  }
  assert.equal(new PathPrefixSet(['/']).match('/anything/at/all'), true);
  assert.equal(new PathPrefixSet([]).match('/x'), false);
});

test('pmatch: the tree agrees with the direct definition', () => {
  const prefixes = ['/a', '/a/b/c', '/x/*/z', '/x/y', '/p?/q', '/[ab]c/d'];
  const paths = ['/a', '/a/b', '/x/q/z', '/x/q', '/x/y/w', '/pq/q/r', '/p/q', '/bc/d', '/cc/d', '/', 'a/b'];
  const set = new PathPrefixSet(prefixes);
  for (const path of paths) {
    const direct = prefixes.some((p) => pathPrefixMatches(path, p));
    assert.equal(set.match(path), direct, path);
  }
});

test('ip: parsing like inet_pton, networks, families', () => {
  assert.deepEqual(Array.from(parseIPv6('::ffff:1.2.3.4')!), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
  assert.equal(parseIPv6('1:2:3:4:5:6:7:1.2.3.4'), undefined);
  assert.equal(parseIPv6(':1::'), undefined);
  assert.equal(parseIPv6('fe80::1%eth0'), undefined);
  assert.equal(parseIPv4('1.2.3.04'), undefined);
  const net = { bytes: parseIPv4('10.1.0.0')!, prefix: 12 };
  assert.equal(networkContains(net, parseIPv4('10.15.255.255')!), true);
  assert.equal(networkContains(net, parseIPv4('10.16.0.0')!), false);
  assert.equal(networkContains(net, parseIPv6('::a01:0')!), false);
  assert.equal(networkContains({ bytes: parseIPv6('fe80::')!, prefix: 10 }, parseIPv6('febf::1')!), true);
  assert.equal(networkContains({ bytes: parseIPv6('fe80::')!, prefix: 10 }, parseIPv6('fec0::1')!), false);
});

test('ip: field values as text, raw bytes or a 32-bit number', () => {
  assert.deepEqual(Array.from(toIpAddress('127.0.0.1')!), [127, 0, 0, 1]);
  assert.deepEqual(Array.from(toIpAddress(0x7f000001)!), [127, 0, 0, 1]);
  assert.equal(toIpAddress(new Uint8Array(16))!.length, 16);
  assert.equal(toIpAddress('not an ip'), undefined);
  assert.equal(toIpAddress(new Uint8Array(5)), undefined);
});

test('domains of field types', () => {
  assert.equal(domainOf('PORT'), 'int');
  assert.equal(domainOf('ABSTIME'), 'int');
  assert.equal(domainOf('FSRELPATH'), 'string');
  assert.equal(domainOf('DOUBLE'), 'double');
  assert.equal(domainOf('IPNET'), 'ipnet');
  assert.equal(domainOf('DYNAMIC'), 'dynamic');
});

test('text helpers: ASCII-only case mapping, byte order, memmem', () => {
  assert.equal(asciiLower('ÀBC/Déf'), 'Àbc/déf');
  assert.equal(asciiUpper('àbc'), 'àBC');
  assert.equal(compareText('abc', 'abd'), -1);
  assert.equal(compareText('b', 'abc'), 1);
  assert.equal(compareText('ab', 'abc'), -1);
  // U+FF01 sorts before U+1F600 in UTF-8, unlike in UTF-16
  assert.equal(compareText('\uff01', '\u{1f600}'), -1);
  assert.equal(bytesInclude(new Uint8Array([1, 2, 3, 2, 3, 4]), new Uint8Array([3, 4])), true);
  assert.equal(bytesInclude(new Uint8Array([1, 2]), new Uint8Array([])), true);
});

test('compareScalar: numbers of mixed representation', () => {
  assert.equal(compareScalar('int', '=', 5, 5n), true);
  assert.equal(compareScalar('int', '<', 2n ** 60n, 2 ** 61), true);
  assert.equal(compareScalar('int', '>=', 9007199254740993n, 9007199254740992), true);
  assert.equal(compareScalar('int', '!=', 1, 1n), false);
  assert.equal(compareScalar('double', '>', 1.5, 1), true);
});

test('compareScalar: strings', () => {
  assert.equal(compareScalar('string', 'contains', 'foobar', 'oba'), true);
  assert.equal(compareScalar('string', 'icontains', 'FooBar', 'OBA'), true);
  assert.equal(compareScalar('string', 'icontains', 'É', 'é'), false);
  assert.equal(compareScalar('string', 'startswith', '/usr/bin/ls', '/usr/'), true);
  assert.equal(compareScalar('string', 'endswith', '/usr/bin/ls', '/ls'), true);
  assert.equal(compareScalar('string', 'contains', 'x', ''), true);
  assert.equal(compareScalar('string', '<', 'abc', 'abd'), true);
  assert.equal(compareScalar('string', 'glob', '/tmp/x.sh', '/tmp/*.sh'), true);
  assert.equal(compareScalar('string', 'regex', 'abc', 'a.c'), true);
  assert.equal(compareScalar('string', 'pmatch', '/etc/ssh/sshd_config', '/etc/ssh'), true);
});

test('compareScalar: bytes, booleans, addresses and networks', () => {
  const b = (...xs: number[]): Uint8Array => new Uint8Array(xs);
  assert.equal(compareScalar('bytes', 'bcontains', b(0, 1, 2, 3), b(1, 2)), true);
  assert.equal(compareScalar('bytes', 'bstartswith', b(0, 1, 2), b(0, 1)), true);
  assert.equal(compareScalar('bytes', 'endswith', b(0, 1, 2), b(1, 2)), true);
  assert.equal(compareScalar('bytes', '=', b(1, 2), b(1, 2, 0)), false);
  assert.equal(compareScalar('bool', '=', true, true), true);
  assert.equal(compareScalar('bool', '!=', true, false), true);
  const v4 = parseIPv4('1.2.3.4')!;
  const v6 = parseIPv6('::1')!;
  assert.equal(compareScalar('ipaddr', '=', v4, parseIPv4('1.2.3.4')!), true);
  assert.equal(compareScalar('ipaddr', '=', v4, v6), false);
  assert.equal(compareScalar('ipaddr', '!=', v4, v6), true);
  const net = { bytes: parseIPv4('1.2.0.0')!, prefix: 16 };
  assert.equal(compareScalar('ipnet', '=', v4, net), true);
  assert.equal(compareScalar('ipnet', '!=', v6, net), true);
});

test('compareScalar: DYNAMIC values compare as numbers when both sides are numeric', () => {
  assert.equal(compareScalar('dynamic', '>', 10, '9'), true);
  assert.equal(compareScalar('dynamic', '=', 'abc', 'abc'), true);
  assert.equal(compareScalar('dynamic', '=', 10, '10'), true);
  assert.equal(compareScalar('dynamic', 'contains', 1234, '23'), true);
});

test('modifiers: oneof / anyof / allof over the operands', () => {
  const ops = ['a', 'ab', 'b'];
  assert.equal(compareWithOperands('string', 'startswith', 'oneof', 'bx', ops), true);
  assert.equal(compareWithOperands('string', 'startswith', 'oneof', 'abx', ops), false);
  assert.equal(compareWithOperands('string', 'startswith', 'anyof', 'abx', ops), true);
  assert.equal(compareWithOperands('string', 'contains', 'allof', 'ab', ops), true);
  assert.equal(compareWithOperands('string', 'contains', 'allof', 'a', ops), false);
  assert.equal(compareWithOperands('string', '=', 'anyof', 'z', []), false);
  assert.equal(compareWithOperands('int', '!=', 'allof', 3, [1, 2]), true);
});

test('in / pmatch over several operands; other operators use the first', () => {
  assert.equal(compareWithOperands('string', 'in', undefined, 'b', ['a', 'b']), true);
  assert.equal(compareWithOperands('string', 'in', undefined, 'c', ['a', 'b']), false);
  assert.equal(compareWithOperands('string', 'pmatch', undefined, '/b/c', ['/a', '/b']), true);
  assert.equal(compareWithOperands('int', '=', undefined, 2, [1, 2]), false);
});

test('values are brought into the domain; the endpoint fields use "every" for !=', () => {
  assert.equal(toDomainValue('string', 42), '42');
  assert.equal(toDomainValue('int', 'x'), undefined);
  assert.equal(toDomainValue('bool', 0), false);
  assert.deepEqual(toDomainValue('bytes', 'A'), new Uint8Array([65]));
  assert.equal(quantifierFor('IPADDR', '!='), 'every');
  assert.equal(quantifierFor('PORT', '!='), 'every');
  assert.equal(quantifierFor('CHARBUF', '!='), 'some');
  assert.equal(quantifierFor('IPADDR', '='), 'some');
});
