import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emitCondition, emitSource } from '../../../src/rules/compile/emitter.js';
import { interpretCondition } from '../../../src/rules/compile/interpreter.js';
import { check, evaluate, RecordFactory, type TestEvent } from './test-catalog.js';

/** Asserts the outcome of each [condition, expected] on one event (both evaluators). */
function expectAll(event: TestEvent, cases: Array<[string, boolean]>): void {
  for (const [cond, expected] of cases) assert.equal(evaluate(cond, event), expected, cond);
}

const bytes = (...xs: number[]): Uint8Array => new Uint8Array(xs);

test('strings: every string operator', () => {
  expectAll({ 'proc.name': 'bash', 'fd.name': '/etc/ssh/sshd_config', 'proc.cmdline': 'Bash -c Ls' }, [
    ['proc.name = bash', true], ['proc.name == bash', true], ['proc.name = sh', false],
    ['proc.name != sh', true], ['proc.name != bash', false],
    ['proc.name > 5', true], ['proc.name < 5', false],
    ['proc.name contains as', true], ['proc.name contains xy', false], ['proc.name contains ""', true],
    ['proc.cmdline icontains "ls"', true], ['proc.cmdline icontains "BASH -C"', true], ['proc.cmdline icontains zsh', false],
    ['fd.name startswith /etc/', true], ['fd.name startswith /usr/', false],
    ['fd.name endswith _config', true], ['fd.name endswith .conf', false],
    ['fd.name glob /etc/*', true], ['fd.name glob "/etc/*/sshd_?onfig"', true], ['fd.name glob /usr/*', false],
    ['fd.name iglob /ETC/SSH/*', true], ['fd.name glob /ETC/SSH/*', false],
    ['fd.name regex "/etc/.*"', true], ['fd.name regex "/etc"', false], ['fd.name regex "[/a-z_]+"', true],
    ['fd.name pmatch (/etc/ssh)', true], ['fd.name pmatch (/etc/ss)', false], ['fd.name pmatch (/usr, /etc)', true],
    ['fd.name pmatch (/etc/*/sshd_config)', true],
    ['proc.name in (sh, bash, zsh)', true], ['proc.name in (sh, zsh)', false],
    ['proc.name in (a, b, c, d, e, f, g, bash)', true], ['proc.name in (a, b, c, d, e, f, g, h)', false],
    ['proc.name intersects (bash)', true], ['proc.name in ()', false],
  ]);
});

test('FSPATH fields behave as strings', () => {
  expectAll({ 'proc.exepath': '/usr/bin/bash' }, [
    ['proc.exepath = /usr/bin/bash', true], ['proc.exepath pmatch (/usr/bin)', true], ['proc.exepath glob "*bash"', true],
    ['basename(proc.exepath) = bash', true], ['len(proc.exepath) = 13', true],
  ]);
});

test('integers of every width, mixed number/bigint values', () => {
  expectAll({
    'proc.pid': 1234, 'evt.num': 9007199254740993n, 'user.uid': 0, 'evt.cpu': -3, 'thread.nice': -20,
    'evt.count': 44, 'fd.num': 3, 'evt.rawtime': 1700000000000000000n, 'evt.latency': 1500,
  }, [
    ['proc.pid = 1234', true], ['proc.pid != 1234', false], ['proc.pid > 1000', true], ['proc.pid < 1000', false],
    ['proc.pid >= 1234', true], ['proc.pid <= 1233', false], ['proc.pid in (1, 1234)', true], ['proc.pid in (1, 2)', false],
    ['proc.pid intersects (1234)', true],
    ['evt.num = 9007199254740993', true], ['evt.num > 9007199254740992', true], ['evt.num < 9007199254740993', false],
    ['evt.num in (1, 9007199254740993)', true],
    ['user.uid = 0', true], ['evt.cpu < 0', true], ['evt.cpu = -3', true], ['thread.nice = -20', true],
    ['evt.count = 300', true], ['fd.num >= 3', true],
    ['evt.rawtime > 1600000000000000000', true], ['evt.latency < 2000', true],
    ['proc.pid = anyof (1, 1234)', true], ['proc.pid != allof (1, 2)', true], ['proc.pid = oneof (1234, 1234)', false],
  ]);
  expectAll({ 'evt.num': 5 }, [['evt.num = 5', true], ['evt.num in (5, 18446744073709551615)', true], ['evt.num = -1', false]]);
  expectAll({ 'evt.num': 18446744073709551615n }, [['evt.num = -1', true], ['evt.num > 0', true]]);
});

test('ports, doubles, booleans', () => {
  expectAll({ 'fd.sport': 443, 'thread.cpu': 2.5, 'evt.is_io': true, 'proc.is_exe_writable': false }, [
    ['fd.sport = 443', true], ['fd.sport = https', true], ['fd.sport in (80, 443)', true], ['fd.sport > 1024', false],
    ['thread.cpu > 2', true], ['thread.cpu < 3', true], ['thread.cpu = 2', false],
    ['evt.is_io = true', true], ['evt.is_io != true', false], ['evt.is_io = false', false],
    ['proc.is_exe_writable = false', true], ['evt.is_io in (false)', false], ['evt.is_io intersects (true, false)', true],
  ]);
});

test('byte buffers', () => {
  expectAll({ 'evt.buffer': bytes(0x00, 0x41, 0x42, 0x43, 0xff) }, [
    ['evt.buffer bcontains 4142', true], ['evt.buffer bcontains 4241', false], ['evt.buffer bcontains ""', true],
    ['evt.buffer bstartswith 0041', true], ['evt.buffer bstartswith 41', false],
    ['evt.buffer contains ABC', true], ['evt.buffer contains ABD', false],
    ['evt.buffer endswith C', false], ['len(evt.buffer) = 5', true],
    ['evt.buffer = ABC', false], ['evt.buffer != ABC', true],
  ]);
  expectAll({ 'evt.buffer': bytes(0x41, 0x42) }, [
    ['evt.buffer = AB', true], ['evt.buffer in (x, AB)', true], ['evt.buffer startswith A', true], ['evt.buffer endswith B', true],
  ]);
});

test('IP addresses and networks, including family mismatches', () => {
  expectAll({ 'fd.sip': '10.1.2.3', 'fd.cip': '::1', 'fd.snet': '192.168.7.9' }, [
    ['fd.sip = 10.1.2.3', true], ['fd.sip != 10.1.2.3', false], ['fd.sip = ::1', false], ['fd.sip != ::1', true],
    ['fd.sip in (1.1.1.1, 10.1.2.3)', true], ['fd.cip = ::1', true], ['fd.cip = 0:0:0:0:0:0:0:1', true],
    ['fd.cip in (127.0.0.1)', false], ['fd.sip = anyof (1.1.1.1, 10.1.2.3)', true],
    ['fd.snet = 192.168.0.0/16', true], ['fd.snet != 192.168.0.0/16', false], ['fd.snet = 10.0.0.0/8', false],
    ['fd.snet in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)', true], ['fd.snet = fe80::/10', false],
    ['fd.snet != fe80::/10', true], ['fd.sip = val(fd.cip)', false], ['fd.sip != val(fd.cip)', true],
  ]);
  expectAll({ 'fd.sip': new Uint8Array([10, 1, 2, 3]) }, [['fd.sip = 10.1.2.3', true]]);
});

test('endpoint fields (several values): = matches either end, != requires both ends to differ', () => {
  const ev = { 'fd.ip': ['10.0.0.1', '8.8.8.8'], 'fd.net': ['10.0.0.1', '8.8.8.8'], 'fd.port': [51000, 53] };
  expectAll(ev, [
    ['fd.ip = 8.8.8.8', true], ['fd.ip != 8.8.8.8', false], ['fd.ip != 1.1.1.1', true],
    ['fd.net = 127.0.0.0/8', false], ['fd.net != 127.0.0.0/8', true], ['fd.net = 10.0.0.0/8', true], ['fd.net != 10.0.0.0/8', false],
    ['fd.port = 53', true], ['fd.port != 53', false], ['fd.port > 50000', true], ['fd.port in (53, 80)', true],
    ['fd.ip exists', true],
  ]);
  expectAll({ 'fd.ip': [] }, [['fd.ip = 1.1.1.1', false], ['fd.ip != 1.1.1.1', false], ['fd.ip exists', false]]);
});

test('ancestor fields (several values): every operator matches any ancestor, != included', () => {
  const ev = { 'proc.aname': ['bash', 'sshd', 'systemd'], 'proc.apid': [10, 5, 1], 'proc.aname[1]': 'bash' };
  expectAll(ev, [
    ['proc.aname = sshd', true], ['proc.aname = cron', false], ['proc.aname != bash', true],
    ['proc.aname in (cron, systemd)', true], ['proc.aname startswith ssh', true], ['proc.aname glob "sys*"', true],
    ['proc.apid = 1', true], ['proc.apid > 9', true], ['proc.apid < 1', false],
    ['proc.aname[1] = bash', true], ['proc.aname[2] = bash', false],
  ]);
  expectAll({ 'proc.aname': ['bash'] }, [['proc.aname != bash', false]]);
});

test('list fields: in is a subset test, intersects an overlap test, exists even when empty', () => {
  expectAll({ 'fd.types': ['ipv4', 'file'], 'test.uids': [0, 1000n], 'test.flags': [true], 'test.ips': ['1.1.1.1', '::1'], 'test.nets': ['10.1.1.1'] }, [
    ['fd.types in (ipv4, file, unix)', true], ['fd.types in (ipv4)', false],
    ['fd.types intersects (unix, file)', true], ['fd.types intersects (unix)', false],
    ['test.uids in (0, 1000)', true], ['test.uids intersects (1000)', true], ['test.uids in (0)', false],
    ['test.flags in (true)', true], ['test.flags intersects (false)', false],
    ['test.ips in (1.1.1.1, ::1)', true], ['test.ips intersects (::2)', false],
    ['test.nets in (10.0.0.0/8)', true], ['test.nets intersects (192.168.0.0/16)', false],
    ['tolower(fd.types) intersects (FILE, file)', true], ['len(fd.types) = 2', true],
    ['fd.types exists', true],
  ]);
  expectAll({ 'fd.types': [] }, [
    ['fd.types in (file)', true], ['fd.types intersects (file)', false], ['fd.types exists', true], ['len(fd.types) = 0', true],
  ]);
  expectAll({ 'proc.argv': ['a'], 'proc.args': ['x', 'a'] }, [
    ['proc.argv in val(proc.args)', true], ['proc.args in val(proc.argv)', false], ['proc.args intersects val(proc.argv)', true],
  ]);
});

test('missing values: every comparison is false, != included; not flips it', () => {
  expectAll({}, [
    ['proc.name = bash', false], ['proc.name != bash', false], ['proc.pid != 1', false], ['fd.sip != 1.1.1.1', false],
    ['fd.types in (file)', false], ['fd.types intersects (file)', false], ['proc.name exists', false],
    ['not proc.name = bash', true], ['not proc.name exists', true], ['proc.name in (bash)', false],
    ['tolower(proc.name) = bash', false], ['len(proc.name) = 0', false], ['proc.name = val(proc.pname)', false],
  ]);
  expectAll({ 'proc.name': 'bash' }, [['proc.name = val(proc.pname)', false], ['proc.name != val(proc.pname)', false]]);
});

test('val(): comparing two fields', () => {
  expectAll({ 'proc.name': 'bash', 'proc.pname': 'bash', 'proc.pid': 7, 'proc.ppid': 1, 'proc.vpid': 7 }, [
    ['proc.name = val(proc.pname)', true], ['proc.name != val(proc.pname)', false],
    ['proc.pid = val(proc.vpid)', true], ['proc.pid > val(proc.ppid)', true], ['proc.pid in val(proc.vpid)', true],
    ['proc.name startswith val(proc.pname)', true], ['proc.name = toupper(proc.pname)', false],
    ['proc.name <= val(proc.pname)', true], ['proc.name < val(proc.pname)', false], ['proc.name >= val(proc.pname)', true],
    ['toupper(proc.name) = toupper(proc.pname)', true], ['proc.name glob val(proc.pname)', true],
  ]);
});

test('modifiers on strings', () => {
  expectAll({ 'proc.name': 'python3', 'fd.name': '/etc/shadow' }, [
    ['proc.name startswith oneof (py, python)', false], ['proc.name startswith oneof (py, perl)', true],
    ['proc.name startswith anyof (perl, py)', true], ['proc.name contains allof (py, th, 3)', true],
    ['proc.name contains allof (py, ruby)', false], ['proc.name = anyof (python3, node)', true],
    ['proc.name != allof (node, ruby)', true], ['proc.name != allof (node, python3)', false],
    ['fd.name glob anyof ("/etc/pass*", "/etc/sha*")', true], ['fd.name regex oneof ("/etc/.*", ".*shadow")', false],
    ['fd.name icontains anyof (SHADOW)', true], ['fd.name endswith oneof (dow, ow)', false],
  ]);
});

test('and / or / not with short-circuit', () => {
  const ev = { 'proc.name': 'bash', 'proc.pid': 5 };
  expectAll(ev, [
    ['proc.name = bash and proc.pid = 5', true], ['proc.name = bash and proc.pid = 6', false],
    ['proc.name = sh or proc.pid = 5', true], ['proc.name = sh or proc.pid = 6', false],
    ['not (proc.name = sh or proc.pid = 6)', true], ['not not proc.name = bash', true],
    ['(proc.name = bash or proc.name = sh) and not proc.pid in (1, 2)', true],
  ]);
  const r = check('proc.name = sh and proc.pid = 5 and proc.pname = x');
  assert.ok(r.ok);
  const factory = new RecordFactory();
  assert.equal(emitCondition(r.checked, factory)(ev), false);
  assert.equal(factory.extractions.get('proc.name'), 1);
  assert.equal(factory.extractions.get('proc.pid'), undefined);
  assert.equal(factory.extractions.get('proc.pname'), undefined);
});

test('each field is looked up once at compile time and extracted at most once per event', () => {
  const r = check('(proc.name = a or proc.name = b or proc.name startswith c) and proc.pid > 1 and not proc.name = zz and tolower(proc.name) = cat');
  assert.ok(r.ok);
  const factory = new RecordFactory();
  const fn = emitCondition(r.checked, factory);
  assert.deepEqual(factory.requested, ['proc.name', 'proc.pid']);
  assert.equal(fn({ 'proc.name': 'cat', 'proc.pid': 2 }), true);
  assert.equal(fn({ 'proc.name': 'cat', 'proc.pid': 3 }), true);
  assert.equal(factory.extractions.get('proc.name'), 2);
  assert.equal(factory.extractions.get('proc.pid'), 2);
  const interp = new RecordFactory();
  interpretCondition(r.checked, interp)({ 'proc.name': 'cat', 'proc.pid': 2 });
  assert.equal(interp.extractions.get('proc.name'), 1);
});

test('generated source: literals through JSON.stringify, sets for long in-lists, constants for the rest', () => {
  const tricky = 'a"b\\c\n${x}`\u2028';
  const r = check(`proc.name = ${JSON.stringify(tricky).replace(/\\n/g, '\\\\n')} or proc.name in (a, b, c, d, e, f)`);
  assert.ok(r.ok);
  const src = emitSource(r.checked);
  const value = (r.checked as { children: Array<{ right: { values: string[] } }> }).children[0]!.right.values[0]!;
  assert.ok(src.includes(JSON.stringify(value)), src);
  assert.match(src, /\.has\(/);
  const fn = emitCondition(r.checked, new RecordFactory());
  assert.equal(fn({ 'proc.name': value }), true);
  assert.equal(fn({ 'proc.name': 'f' }), true);
  assert.equal(fn({ 'proc.name': 'g' }), false);

  const big = check('evt.num = 18446744073709551615');
  assert.ok(big.ok);
  const bigSrc = emitSource(big.checked);
  assert.doesNotMatch(bigSrc, /18446744073709551615/);
  assert.equal(emitCondition(big.checked, new RecordFactory())({ 'evt.num': 18446744073709551615n }), true);

  const small = check('proc.name in (a, b)');
  assert.ok(small.ok);
  assert.doesNotMatch(emitSource(small.checked), /\.has\(/);
});

test('generated source: one extractor constant per distinct field, cached only when reused', () => {
  const r = check('proc.name = a or (proc.name = b and proc.pid = 1)');
  assert.ok(r.ok);
  const src = emitSource(r.checked);
  assert.match(src, /const x0 = X\[0\];/);
  assert.match(src, /const x1 = X\[1\];/);
  assert.match(src, /let f0, g0 = false;/);
  assert.doesNotMatch(src, /let f1/);
});

test('values of unexpected representation are still compared by the rules', () => {
  expectAll({ 'proc.name': 42, 'proc.pid': 7n, 'evt.is_io': 1, 'evt.buffer': 'AB', 'fd.sip': 0x0a010203 }, [
    ['proc.name = 42', true], ['proc.pid = 7', true], ['evt.is_io = true', true], ['evt.buffer = AB', true],
    ['fd.sip = 10.1.2.3', true],
  ]);
  expectAll({ 'proc.pid': 'seven', 'fd.sip': 'garbage' }, [['proc.pid = 7', false], ['proc.pid != 7', false], ['fd.sip != 1.1.1.1', false]]);
});

test('DYNAMIC fields', () => {
  expectAll({ 'evt.rawarg[res]': -2, 'evt.rawarg[name]': '/etc/passwd' }, [
    ['evt.rawarg.res < 0', true], ['evt.rawarg.res = -2', true], ['evt.rawarg.res in (-2, -13)', true],
    ['evt.rawarg.name = /etc/passwd', true], ['evt.rawarg.name startswith /etc', true],
  ]);
});
