/**
 * Rule exceptions in every form Falco accepts, checked through the
 * condition Falco builds from them (`(cond) and not ...`), plus their errors
 * and warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledCondition, describeRule, hasError, hasWarning, load, RULE_BASE, warningCodes } from './helpers.js';

function withExceptions(block: string): ReturnType<typeof load> {
  return load(RULE_BASE + '  exceptions:\n' + block);
}

test('list of fields with comps and tuple values', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [cat, /etc/]
        - [vi, /tmp/]
`);
  assert.equal(
    compiledCondition(l),
    '(evt.type = open and not ((proc.name = cat and fd.name startswith /etc/) or (proc.name = vi and fd.name startswith /tmp/)))',
  );
});

test('list of fields without comps defaults every comp to =', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name, proc.pname]
      values:
        - [cat, bash]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not (proc.name = cat and proc.pname = bash))');
});

test('single field without comps defaults to in, values become a list', () => {
  const l = withExceptions(`    - name: ex
      fields: proc.name
      values: [cat, grep]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name in (cat, grep))');
});

test('single field with pmatch and intersects comps', () => {
  const l = withExceptions(`    - name: ex1
      fields: fd.name
      comps: pmatch
      values: [/usr/bin/, /usr/local/bin/]
    - name: ex2
      fields: proc.aname
      comps: intersects
      values: [sshd]
`);
  assert.equal(
    compiledCondition(l),
    '(evt.type = open and not fd.name pmatch (/usr/bin/, /usr/local/bin/) and not proc.aname intersects (sshd))',
  );
});

test('a value holding a space is double-quoted', () => {
  const l = load(`
- rule: test_rule
  desc: test rule
  condition: proc.cmdline contains curl or proc.cmdline contains wget
  output: command=%proc.cmdline
  priority: INFO
  exceptions:
    - name: ex
      fields: [proc.cmdline]
      comps: [contains]
      values:
        - [curl 127.0.0.1]
`);
  assert.equal(
    compiledCondition(l),
    '((proc.cmdline contains curl or proc.cmdline contains wget) and not proc.cmdline contains "curl 127.0.0.1")',
  );
});

test('a nested list value next to in becomes a parenthesised list', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name, fd.directory]
      comps: [in, =]
      values:
        - [[cat, "my tool"], /etc]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not (proc.name in (cat, "my tool") and fd.directory = /etc))');
});

test('a single value next to a list operator is parenthesised', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: [in]
      values:
        - [cat]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name in (cat))');
});

test('a list name as value expands like in a condition', () => {
  const l = load(`
- list: editors
  items: [vi, nano]
` + RULE_BASE + `  exceptions:
    - name: ex
      fields: [proc.name]
      comps: [in]
      values:
        - [editors]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name in (vi, nano))');
  assert.equal(warningCodes(l).includes('LOAD_UNUSED_LIST'), false);
});

test('quoted values keep their quotes in the built condition', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: [=]
      values:
        - ["'a b'"]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name = "a b")');
});

test('modifier comps (startswith oneof) with a list value', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: [startswith oneof]
      values:
        - [[sshd, sudo, systemd]]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name startswith oneof (sshd, sudo, systemd))');
});

test('modifier comps with a scalar value parenthesise it', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: [startswith oneof]
      values:
        - [sshd]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name startswith oneof (sshd))');
});

test('comps with surrounding blanks are normalized', () => {
  const l = withExceptions(`    - name: ex_single
      fields: [proc.name]
      comps: ["  startswith oneof  "]
      values:
        - [[sshd, sudo]]
    - name: ex_multi
      fields: [proc.name, fd.name]
      comps: ["  contains  ", "  startswith anyof  "]
      values:
        - [agent, [/etc/, /var/]]
`);
  assert.equal(
    compiledCondition(l),
    '(evt.type = open and not proc.name startswith oneof (sshd, sudo) and not (proc.name contains agent and fd.name startswith anyof (/etc/, /var/)))',
  );
});

test('single-field exception with a modifier comp', () => {
  const l = withExceptions(`    - name: ex
      fields: proc.name
      comps: = oneof
      values: [nmap]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name = oneof (nmap))');
});

test('unsupported comps are refused with Falco messages', () => {
  const cases: Array<[string, string]> = [
    ['[frobulate oneof]', "'frobulate oneof' is not a supported comparison operator"],
    ['[in oneof]', "'in oneof' is not a supported comparison operator"],
    ['[">= oneof"]', "'>= oneof' is not a supported comparison operator"],
    ['[oneof]', "'oneof' is not a supported comparison operator"],
    ['[startswith  oneof]', "'startswith  oneof' is not a supported comparison operator"],
  ];
  for (const [comps, message] of cases) {
    const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: ${comps}
      values:
        - [[bash]]
`);
    assert.ok(hasError(l, message), comps);
    assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_VALIDATE');
  }
});

test('single field: comps must be in, pmatch, intersects or a modifier', () => {
  const l = withExceptions(`    - name: ex
      fields: proc.name
      comps: =
      values: [bash]
`);
  assert.ok(hasError(l, 'When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)'));
});

test('single field with list comps is refused', () => {
  const l = withExceptions(`    - name: ex
      fields: proc.name
      comps: [in]
      values: [bash]
`);
  assert.ok(hasError(l, 'Fields and comps must both be strings'));
});

test('fields and comps of different lengths', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name, fd.name]
      comps: [=]
      values:
        - [a, b]
`);
  assert.ok(hasError(l, 'Fields and comps lists must have equal length'));
});

test('fields and values of different lengths', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name, fd.name]
      values:
        - [a]
`);
  assert.ok(hasError(l, 'Fields and values lists must have equal length'));
});

test('single field with a list value', () => {
  const l = withExceptions(`    - name: ex
      fields: proc.name
      values:
        - [a, b]
`);
  assert.ok(hasError(l, 'Expected values array to contain a list of strings'));
});

test('unknown exception fields are refused', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.nope]
      values:
        - [a]
`);
  assert.ok(hasError(l, "'proc.nope' is not a supported filter field"));
});

test('transformer fields are accepted, quoted or not, with inner blanks', () => {
  for (const f of ['[tolower(proc.name)]', '["tolower(proc.name)"]', '["tolower( proc.name)"]']) {
    const l = withExceptions(`    - name: ex
      fields: ${f}
      comps: [=]
      values:
        - [test]
`);
    assert.equal(l.file.warnings.length, 0, f);
    assert.equal(compiledCondition(l), '(evt.type = open and not tolower(proc.name) = test)', f);
  }
});

test('a field name as value is compared as text, with Falco warning', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: [=]
      values:
        - [proc.pname]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name = proc.pname)');
  assert.ok(hasWarning(l, "'proc.pname' may be a valid field misused as a const string value"));
  assert.ok(warningCodes(l).includes('LOAD_COMPILE_CONDITION'));
});

test('a transformer written with blanks as value is text, with Falco warning', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: [=]
      values:
        - [toupper( proc.pname)]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name = "toupper( proc.pname)")');
  assert.ok(hasWarning(l, "'toupper( proc.pname)' may be a valid field transformer misused as a const string value"));
});

test('a transformer value compares with the transformed field', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      comps: [=]
      values:
        - [toupper(proc.pname)]
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not proc.name = toupper(proc.pname))');
  assert.equal(l.file.warnings.length, 0);
});

test('exception names must be unique (warning)', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.cmdline]
      comps: [contains]
      values:
        - [curl]
    - name: ex
      fields: [proc.cmdline]
      comps: [endswith]
      values:
        - [wget]
`);
  assert.ok(hasWarning(l, "Multiple definitions of exception 'ex' in the same rule"));
  assert.equal(l.file.warnings[0]!.code, 'LOAD_EXCEPTION_NAME_NOT_UNIQUE');
});

const withExisting = RULE_BASE + `  exceptions:
    - name: ex
      fields: [proc.name]
      comps: [=]
      values:
        - [cat]
`;

test('appending values to an existing exception', () => {
  const l = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: ex
      values:
        - [vi]
  override:
    exceptions: append
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not (proc.name = cat or proc.name = vi))');
});

test('appending a new exception needs fields and values', () => {
  const noFields = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: other
      values:
        - [vi]
  append: true
`);
  assert.ok(hasError(noFields, 'Rule exception must have fields property with a list of fields'));
  const noValues = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: other
      fields: [proc.name]
  append: true
`);
  assert.ok(hasError(noValues, 'Rule exception must have values property with a list of values'));
  assert.ok(hasWarning(noValues, 'Overriding/appending exception with no values'));
});

test('appending fields or comps to an existing exception is refused', () => {
  const fields = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: ex
      fields: [proc.name]
      values:
        - [vi]
  override:
    exceptions: append
`);
  assert.ok(hasError(fields, 'Can not append exception fields to existing exception, only values'));
  const comps = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: ex
      comps: [=]
      values:
        - [vi]
  override:
    exceptions: append
`);
  assert.ok(hasError(comps, 'Can not append exception comps to existing exception, only values'));
});

test('an appended exception without values warns (misspelled key)', () => {
  const l = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: ex
      value: vi
  append: true
`);
  assert.equal(l.file.successful, true);
  assert.ok(hasWarning(l, 'Overriding/appending exception with no values'));
  assert.notEqual(l.file.schemaValidation[0], 'ok');
});

test('replacing exceptions requires complete definitions', () => {
  const l = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: ex
      values:
        - [id]
  override:
    exceptions: replace
`);
  assert.ok(hasError(l, "Item has no mapping for key 'fields'"));
  assert.equal(l.file.warnings.length, 0);
});

test('replacing exceptions swaps them out', () => {
  const l = load(withExisting + `
- rule: test_rule
  exceptions:
    - name: other
      fields: [fd.name]
      comps: [startswith]
      values:
        - [/tmp]
  override:
    exceptions: replace
`);
  assert.equal(compiledCondition(l), '(evt.type = open and not fd.name startswith /tmp)');
});

test('an exception with no values adds nothing to the condition', () => {
  const l = withExceptions(`    - name: ex
      fields: [proc.name]
      values: []
`);
  assert.equal(compiledCondition(l), 'evt.type = open');
});

test('exception shape errors', () => {
  const notSeq = load(RULE_BASE + '  exceptions: nope\n');
  assert.ok(hasError(notSeq, 'Rule exceptions must be a sequence'));
  const notMap = load(RULE_BASE + '  exceptions:\n    - nope\n');
  assert.ok(hasError(notMap, 'Rule exception must be a mapping'));
  const noName = load(RULE_BASE + '  exceptions:\n    - fields: [proc.name]\n');
  assert.ok(hasError(noName, "Item has no mapping for key 'name'"));
  const badValues = load(RULE_BASE + '  exceptions:\n    - name: e\n      fields: [proc.name]\n      values: x\n');
  assert.ok(hasError(badValues, 'Rule exception values must be a sequence'));
  const noFields = load(RULE_BASE + '  exceptions:\n    - name: e\n      values: [[a]]\n');
  assert.ok(hasError(noFields, "Item has no mapping for key 'fields'"));
  const emptyField = load(RULE_BASE + '  exceptions:\n    - name: e\n      fields: ""\n      values: [a]\n');
  assert.ok(hasError(emptyField, 'Value must be non-empty'));
});

test('describe lists exception names, operators and fields', () => {
  const l = withExceptions(`    - name: first
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [cat, /etc/]
    - name: second
      fields: proc.pname
      values: [bash]
`);
  const d = describeRule(l, 'test_rule').details;
  assert.deepEqual(d.exception_names, ['first', 'second']);
  assert.deepEqual(d.exception_operators, ['=', 'in', 'startswith']);
  assert.deepEqual(d.exception_fields, ['fd.name', 'proc.name', 'proc.pname']);
});
