import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr } from '../../../src/rules/condition/ast.js';
import { checkCondition, operatorError } from '../../../src/rules/compile/checker.js';
import type { CheckedCompare, CheckedExpr } from '../../../src/rules/compile/checked.js';
import { check, checkError, testResolver } from './test-catalog.js';

function compareOf(text: string): CheckedCompare {
  const r = check(text);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.checked.kind, 'compare');
  return r.checked as CheckedCompare;
}

test('unknown fields: the resolver message, at the check position', () => {
  const r = check('proc.name = bash and\n  proc.nme = x');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.message, 'filter_check called with nonexistent field proc.nme');
  assert.deepEqual(r.error.pos, { offset: 23, line: 2, col: 3 });
});

test('operator/type errors (libs flt_is_comparable texts)', () => {
  const cases: Array<[string, string]> = [
    ['evt.num contains 1', "filter error: 'contains' operator not supported for numeric filters"],
    ['proc.pid glob 1', "filter error: 'glob' operator not supported for numeric filters"],
    ['proc.pid pmatch (1)', "filter error: 'pmatch' operator not supported for numeric filters"],
    ['thread.cpu startswith 1', "filter error: 'startswith' operator not supported for numeric filters"],
    ['evt.is_io > 1', "filter error: '>' operator not supported for numeric filters"],
    ['evt.is_io contains true', "filter error: 'contains' operator not supported for numeric filters"],
    ['fd.sip > 1', "filter error: '>' operator not supported for ip address and network filters"],
    ['fd.sip contains 1.2.3.4', "filter error: 'contains' operator not supported for ip address and network filters"],
    ['fd.snet startswith 1.2.3.4/8', "filter error: 'startswith' operator not supported for ip address and network filters"],
    ['fd.sip contains anyof (1.2.3.4)', "filter error: 'contains' with modifier not supported for ip address and network filters"],
    ['proc.name bcontains 41', "filter error: 'bcontains' operator not supported for string filters"],
    ['proc.exepath bstartswith 41', "filter error: 'bstartswith' operator not supported for string filters"],
    ['evt.buffer icontains x', "filter error: 'icontains' operator not supported for buffer filters"],
    ['evt.buffer glob x', "filter error: 'glob' operator not supported for buffer filters"],
    ['evt.buffer < 1', "filter error: '<' operator not supported for buffer filters"],
    ['evt.buffer regex x', "filter error: 'regex' operator not supported for buffer filters"],
    ['fd.types = file', "filter error: '=' operator not supported list filters"],
    ['fd.types contains file', "filter error: 'contains' operator not supported list filters"],
    ['fd.types pmatch (file)', "filter error: 'pmatch' operator not supported list filters"],
    ['fd.types = oneof (a, b)', "filter error: '=' operator not supported list filters"],
    ['test.pids in (1)', "filter error: list filters are not supported for type 'INT64'"],
    ['proc.name == 1 and evt.num contains 1', "filter error: 'contains' operator not supported for numeric filters"],
  ];
  for (const [cond, message] of cases) assert.equal(checkError(cond), message, cond);
});

test('the operator table, directly', () => {
  assert.equal(operatorError('in', undefined, 'UINT64', true), undefined);
  assert.equal(operatorError('intersects', undefined, 'IPNET', true), undefined);
  assert.equal(operatorError('regex', undefined, 'FSRELPATH', false), undefined);
  assert.equal(operatorError('bcontains', undefined, 'BYTEBUF', false), undefined);
  assert.equal(operatorError('=', 'anyof', 'IPNET', false), undefined);
  assert.equal(operatorError('<', undefined, 'PORT', false), undefined);
});

test('exists is accepted on every type, lists included', () => {
  for (const f of ['proc.name', 'evt.buffer', 'fd.sip', 'fd.types', 'test.pids', 'fd.snet', 'evt.is_io']) {
    const r = check(`${f} exists`);
    assert.ok(r.ok, f);
    assert.equal(r.checked.kind, 'exists');
  }
});

test('literal errors surface with libs texts', () => {
  const cases: Array<[string, string]> = [
    ['proc.pid = abc', 'abc is not a valid number'],
    ['proc.pid = 0x10', '0x10 is not a valid number'],
    ['evt.num in (1, 2, x)', 'x is not a valid number'],
    ['thread.cpu > 1.5', '1.5 is not a valid number'],
    ['evt.is_io = 1', 'filter error: unrecognized boolean value 1'],
    ['fd.sip = ::ffff:1.2.3.4', 'unrecognized IPv4 address ::ffff:1.2.3.4'],
    ['fd.sip = nope', 'unrecognized IPv6 address nope'],
    ['fd.snet = 10.0.0.0', 'unrecognized IP network 10.0.0.0'],
    ['fd.snet in (10.0.0.0/33)', 'invalid netmask 33'],
    ['fd.sport = no-such-service-xyz', 'unrecognized protocol no-such-service-xyz'],
    ['evt.buffer bcontains 0g', 'filter error: bcontains and bstartswith operator support hex strings only'],
    ['evt.buffer bstartswith abc', 'filter error: bcontains and bstartswith operator support hex strings only'],
    ['proc.name regex "(?i)bash"', 'invalid regex pattern: no argument for repetition operator: ?'],
    ["proc.name regex '\\\\d+'", 'invalid regex pattern: invalid escape sequence: \\d'],
    ['proc.name = oneof (a, "[")', ''],
  ];
  for (const [cond, message] of cases) {
    const r = check(cond);
    if (message === '') assert.ok(r.ok, cond);
    else assert.equal(r.ok ? '(accepted)' : r.error.message, message, cond);
  }
  const long = 'x'.repeat(300);
  assert.equal(checkError(`proc.name = "${long}"`), `filter parameter too long (used=301, available=256):${long}`);
  assert.equal(checkError(`proc.name regex "${long}"`), `filter parameter too long (used=301, available=256):${long}`);
});

test('val(): libs right-hand field checks, in libs order', () => {
  const cases: Array<[string, string]> = [
    ['proc.name pmatch val(proc.pname)', "operator 'PMATCH' doesn't support right-hand side fields"],
    ['proc.name regex val(proc.pname)', "operator 'REGEX' doesn't support right-hand side fields"],
    ['fd.snet = val(fd.sip)', "field type 'IPNET' doesn't support right-hand side fields"],
    ['proc.aname = val(proc.name)', "field 'proc.aname' doesn't support right-hand side fields"],
    ['fd.ip = val(fd.sip)', "field 'fd.ip' doesn't support right-hand side fields"],
    ['proc.name = val(proc.aname)', "field 'proc.aname' can't be used as a right-hand side field"],
    ['proc.name = val(proc.pid)', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.pid' has incompatible type 'INT64'"],
    ['proc.pid = val(user.uid)', "field 'proc.pid' has type 'INT64' while the right-hand side field 'user.uid' has incompatible type 'UINT32'"],
    ['proc.args intersects val(proc.name)', "field 'proc.args' has type 'CHARBUF (list)' while the right-hand side field 'proc.name' has incompatible type 'CHARBUF'"],
    ['proc.name = val(proc.exepath)', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.exepath' has incompatible type 'FSPATH'"],
    ['len(proc.name) = val(proc.pid)', "field 'proc.name' has type 'UINT64' while the right-hand side field 'proc.pid' has incompatible type 'INT64'"],
    ['proc.name = getopt(proc.args, "c:")', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'INTERNAL' has incompatible type 'CHARBUF (list)'"],
    ['proc.name = val(nope.field)', 'filter_check called with nonexistent field nope.field'],
  ];
  for (const [cond, message] of cases) assert.equal(checkError(cond), message, cond);
});

test('val(): accepted combinations produce a field right-hand side', () => {
  const c = compareOf('proc.name = val(proc.pname)');
  assert.equal(c.right.kind, 'field');
  assert.ok(check('proc.pid != val(proc.ppid)').ok);
  assert.ok(check('proc.args intersects val(proc.argv)').ok);
  assert.ok(check('proc.name = tolower(proc.pname)').ok);
  assert.ok(check('fd.sip = val(fd.cip)').ok);
  assert.ok(check('proc.name glob val(proc.pname)').ok);
});

test('modifiers: accepted where libs accepts them', () => {
  assert.equal(compareOf('proc.name startswith oneof (a, b)').modifier, 'oneof');
  assert.equal(compareOf('proc.pid = anyof (1, 2)').modifier, 'anyof');
  assert.equal(compareOf('fd.sip != allof (1.2.3.4, ::1)').modifier, 'allof');
  assert.equal(compareOf('fd.snet = anyof (10.0.0.0/8)').modifier, 'anyof');
  const rx = compareOf('proc.name regex anyof ("a.*", "b+")');
  assert.equal(rx.right.kind === 'values' && rx.right.values.length, 2);
});

test('the typed IR: domains, parsed operands, field numbering', () => {
  const r = check('proc.name = bash and (proc.pid > 5 or proc.name in (a, b)) and fd.snet in (10.0.0.0/8)');
  assert.ok(r.ok);
  assert.deepEqual(r.fields.map((f) => f.info.name), ['proc.name', 'proc.pid', 'fd.snet']);
  const and = r.checked as Extract<CheckedExpr, { kind: 'and' }>;
  const first = and.children[0] as CheckedCompare;
  assert.equal(first.domain, 'string');
  assert.equal(first.left.kind === 'field' && first.left.ref, 0);
  const or = and.children[1] as Extract<CheckedExpr, { kind: 'or' }>;
  const gt = or.children[0] as CheckedCompare;
  assert.equal(gt.domain, 'int');
  assert.deepEqual(gt.right, { kind: 'values', values: [5] });
  const inNames = or.children[1] as CheckedCompare;
  assert.equal(inNames.left.kind === 'field' && inNames.left.ref, 0);
  const net = and.children[2] as CheckedCompare;
  assert.equal(net.domain, 'ipnet');
  assert.deepEqual(net.right.kind === 'values' && net.right.values, [{ bytes: new Uint8Array([10, 0, 0, 0]), prefix: 8 }]);
});

test('the typed IR: == is =, narrow literals wrap, 64-bit literals become bigints', () => {
  assert.equal(compareOf('proc.name == x').op, '=');
  assert.deepEqual(compareOf('evt.count = 300').right, { kind: 'values', values: [44] });
  assert.deepEqual(compareOf('evt.num = 18446744073709551615').right, { kind: 'values', values: [18446744073709551615n] });
  assert.deepEqual(compareOf('evt.num = -1').right, { kind: 'values', values: [18446744073709551615n] });
  assert.deepEqual(compareOf('evt.buffer bcontains 4142').right, { kind: 'values', values: [new Uint8Array([0x41, 0x42])] });
  assert.deepEqual(compareOf('evt.buffer contains AB').right, { kind: 'values', values: [new Uint8Array([0x41, 0x42])] });
  assert.deepEqual(compareOf('thread.cpu > 2').right, { kind: 'values', values: [2] });
});

test('the endpoint fields (IPADDR/IPNET/PORT) use "every" for != , others "some"', () => {
  assert.equal(compareOf('fd.ip != 1.2.3.4').quantifier, 'every');
  assert.equal(compareOf('fd.net != 10.0.0.0/8').quantifier, 'every');
  assert.equal(compareOf('fd.port != 80').quantifier, 'every');
  assert.equal(compareOf('fd.ip = 1.2.3.4').quantifier, 'some');
  assert.equal(compareOf('proc.aname != bash').quantifier, 'some');
});

test('transformers type their operand', () => {
  const c = compareOf('len(fd.types) > 2');
  assert.equal(c.domain, 'int');
  assert.equal(c.left.kind, 'transform');
  assert.equal(c.left.isList, false);
  const g = compareOf('getopt(proc.args, "c:")[c] = x');
  assert.equal(g.left.kind === 'getopt' && g.left.option, 'c');
  assert.equal(g.left.isList, false);
  const l = compareOf('getopt(proc.args, "c:") intersects (c)');
  assert.equal(l.left.isList, true);
});

test('warnings: Falco compile warnings on literal operands', () => {
  const r = check('proc.name = proc.pname and proc.name regex "bash" and proc.name = "tolower(proc.name)" and proc.name regex "ba.*sh"');
  assert.ok(r.ok);
  assert.deepEqual(r.warnings.map((w) => w.message), [
    "'proc.pname' may be a valid field misused as a const string value",
    "regex check with 'bash' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'",
    "'tolower(proc.name)' may be a valid field transformer misused as a const string value",
  ]);
  assert.deepEqual(r.warnings[0]!.pos, { offset: 12, line: 1, col: 13 });
  const anchored = check('proc.name regex ".*bash$"');
  assert.ok(anchored.ok);
  assert.equal(anchored.warnings.length, 1);
  const noWarn = check('proc.name in (bash, "proc.aname[2]x")');
  assert.ok(noWarn.ok);
  assert.deepEqual(noWarn.warnings, []);
});

test('nodes the binder should have removed are internal errors', () => {
  const pos = { offset: 0, line: 1, col: 1 };
  const ident: Expr = { kind: 'identifier', name: 'my_macro', pos };
  const r1 = checkCondition(ident, testResolver);
  assert.deepEqual(r1, { ok: false, error: { message: "filter error: unexpected identifier 'my_macro'", pos, internal: true } });
  const listref: Expr = {
    kind: 'binary', op: 'in', pos,
    left: { kind: 'field', name: 'proc.name', pos },
    right: { kind: 'listref', name: 'my_list', pos: { offset: 13, line: 1, col: 14 } },
  };
  const r2 = checkCondition(listref, testResolver);
  assert.equal(r2.ok, false);
  if (!r2.ok) {
    assert.equal(r2.error.message, "internal error: unexpanded list reference 'my_list'");
    assert.equal(r2.error.internal, true);
    assert.equal(r2.error.pos.offset, 13);
  }
});

test('DYNAMIC fields accept text and numeric operators, operands kept as text', () => {
  const c = compareOf('evt.rawarg.res < 0');
  assert.equal(c.domain, 'dynamic');
  assert.deepEqual(c.right, { kind: 'values', values: ['0'] });
  assert.equal(checkError('evt.rawarg.res bcontains 00'), "filter error: 'bcontains' operator not supported for type 'DYNAMIC'");
});

test('works with the project field catalog as resolver', async () => {
  const { syscallFieldCatalog } = await import('../../../src/fields/catalog.js');
  const ok = check('proc.aname[2] = bash and fd.snet in (10.0.0.0/8) and evt.rawarg.res < 0', syscallFieldCatalog);
  assert.ok(ok.ok);
  assert.equal(ok.fields[0]!.arg, '2');
  assert.equal(checkError('proc.nme = x', syscallFieldCatalog), 'filter_check called with nonexistent field proc.nme');
  assert.equal(checkError('fd.snet in (rfc_1918)', syscallFieldCatalog), 'invalid v6 netmask: rfc_1918');
  assert.equal(checkError('proc.name = val(proc.aname)', syscallFieldCatalog), "field 'proc.aname' can't be used as a right-hand side field");
});
