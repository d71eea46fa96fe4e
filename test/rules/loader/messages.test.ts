/**
 * Every error and warning code the loader produces, with Falco's message,
 * the location chain it points at and the way `-V` prints it (text and JSON).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldCatalog, registerSourceCatalog } from '../../../src/fields/catalog.js';
import { RuleEngine } from '../../../src/rules/engine.js';
import { errorText, warningDescription, warningText } from '../../../src/rules/loader/codes.js';
import {
  formatSummary,
  formatValidationJson,
  formatValidationText,
  formatVerbose,
  validationOutput,
  validationWarningLogs,
} from '../../../src/rules/loader/load-result.js';
import { errorMessages, hasWarning, load, loadFiles, warningCodes } from './helpers.js';

function locations(l: ReturnType<typeof load>, which: 'errors' | 'warnings', i = 0): string {
  return l.file[which][i]!.context.asText();
}

test('LOAD_ERR_YAML_PARSE: yaml-cpp wording and position', () => {
  const l = load('- rule: [a\n');
  assert.deepEqual(errorMessages(l), ['yaml-cpp: error at line 2, column 1: end of sequence flow not found']);
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_YAML_PARSE');
  assert.equal(locations(l, 'errors'), 'In rules content: (rules.yaml:0:0)\n    value for: (rules.yaml:1:0)\n');
  // No schema validation happens when the YAML does not parse.
  assert.deepEqual(l.file.schemaValidation, []);
});

test('LOAD_ERR_YAML_PARSE: unknown anchor and bad escapes', () => {
  assert.deepEqual(errorMessages(load('- rule: *nowhere\n')), [
    'yaml-cpp: error at line 1, column 9: the referenced anchor is not defined: nowhere',
  ]);
  assert.deepEqual(errorMessages(load('- rule: "a\\q"\n')), ['yaml-cpp: error at line 1, column 11: unknown escape character: q']);
});

test('LOAD_ERR_YAML_PARSE: nesting deeper than yaml-cpp allows is a "bad file"', () => {
  const l = load('- ' + '['.repeat(600) + ']'.repeat(600) + '\n');
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_YAML_PARSE');
  assert.match(l.file.errors[0]!.message, /^yaml-cpp: error at line 1, column \d+: bad file$/);
});

test('LOAD_ERR_YAML_VALIDATE: missing, empty, non-scalar, undecodable values', () => {
  const cases: Array<[string, string]> = [
    ['- rule: r\n  desc: d\n  output: o\n  priority: INFO\n', "Item has no mapping for key 'condition'"],
    ['- rule: r\n  desc: d\n  condition:\n  output: o\n  priority: INFO\n', "Mapping for key 'condition' is empty"],
    ['- rule: r\n  desc: d\n  condition: [a]\n  output: o\n  priority: INFO\n', 'Value is not a scalar value'],
    ['- rule: r\n  desc: d\n  condition: evt.type=open\n  output: ""\n  priority: INFO\n', 'Value must be non-empty'],
    ['- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n  enabled: maybe\n', "Can't decode YAML scalar value"],
    ['- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n  capture_duration: -5\n', "Can't decode YAML scalar value"],
    ['- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n  tags: a\n', 'Value is not a sequence'],
    ['- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n  tags: [[a]]\n', 'sequence value is not scalar'],
    ['- list: l\n', "Item has no mapping for key 'items'"],
    ['- list: l\n  items: ~\n', 'Value is not a sequence'],
    ['- macro: m\n', "Item has no mapping for key 'condition'"],
    ['- rule: ""\n', 'Value must be non-empty'],
    ['- [a]\n', 'Unexpected element type. Each element should be a yaml associative array.'],
    ['- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: urgent\n', 'Invalid priority'],
  ];
  for (const [content, message] of cases) {
    const l = load(content);
    assert.deepEqual(errorMessages(l), [message], content);
    assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_YAML_VALIDATE', content);
  }
});

test('LOAD_ERR_YAML_VALIDATE: the value location is the value node', () => {
  const l = load('\n- rule: r\n  desc: d\n  condition: evt.type=open\n  output: ""\n  priority: INFO\n');
  assert.equal(
    locations(l, 'errors'),
    "In rules content: (rules.yaml:0:0)\n    rule 'r': (rules.yaml:1:2)\n    value for 'output': (rules.yaml:4:10)\n",
  );
  assert.equal(l.file.errors[0]!.snippet, '  output: ""\n          ^\n');
});

test('LOAD_ERR_YAML_VALIDATE: invalid priority points at the priority value', () => {
  const l = load('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: bogus\n');
  assert.equal(locations(l, 'errors'), "In rules content: (rules.yaml:0:0)\n    rule 'r': (rules.yaml:0:2)\n    rule priority: (rules.yaml:4:12)\n");
});

test('LOAD_ERR_YAML_VALIDATE: documents that are not lists of items', () => {
  assert.deepEqual(errorMessages(load('foo: bar\n')), ['Rules content is not yaml array of objects']);
  assert.deepEqual(errorMessages(load('just text\n')), ['Rules content is not yaml']);
  // Empty files and empty documents are fine.
  assert.equal(load('').file.successful, true);
  assert.equal(load('# only a comment\n').file.successful, true);
  assert.equal(load('---\n---\n- list: l\n  items: []\n').file.successful, true);
});

test('LOAD_ERR_YAML_VALIDATE: plugin requirement shapes', () => {
  assert.deepEqual(errorMessages(load('- required_plugin_versions: x\n')), ['Value of required_plugin_versions must be a sequence']);
  assert.deepEqual(errorMessages(load('- required_plugin_versions: [x]\n')), ['Plugin version must be a mapping']);
  assert.deepEqual(errorMessages(load('- required_plugin_versions:\n  - name: a\n')), ["Item has no mapping for key 'version'"]);
  assert.deepEqual(errorMessages(load('- required_plugin_versions:\n  - name: a\n    version: 1.0.0\n    alternatives: x\n')), [
    'Value of plugin version alternatives must be a sequence',
  ]);
  assert.deepEqual(errorMessages(load('- required_plugin_versions:\n  - name: a\n    version: 1.0.0\n    alternatives: [x]\n')), [
    'Plugin version alternative must be a mapping',
  ]);
});

test('LOAD_ERR_YAML_VALIDATE: engine version that is neither a number nor semver', () => {
  const l = load('- required_engine_version: seven\n');
  assert.deepEqual(errorMessages(l), ['Unable to parse engine version \'seven\' as a semver string. Expected "x.y.z" semver format.']);
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_YAML_VALIDATE');
  assert.equal(locations(l, 'errors'), 'In rules content: (rules.yaml:0:0)\n    required_engine_version: (rules.yaml:0:2)\n');
});

test('required_engine_version: semver and legacy numbers within the engine version load', () => {
  for (const v of ['0.26.0', '26', '0.62.0', '0x10', '0.62.0-rc1']) {
    const l = load(`- required_engine_version: ${v}\n`);
    assert.equal(l.file.successful, true, v);
    assert.equal(l.file.warnings.length, 0, v);
  }
});

test('LOAD_ERR_VALIDATE: engine version too new, as number or semver', () => {
  assert.deepEqual(errorMessages(load('- required_engine_version: 0.99.0\n')), [
    'Rules require engine version 0.99.0, but engine version is 0.62.0',
  ]);
  assert.deepEqual(errorMessages(load('- required_engine_version: 70\n')), [
    'Rules require engine version 0.70.0, but engine version is 0.62.0',
  ]);
  assert.deepEqual(errorMessages(load('- required_engine_version: 1.0.0\n')), [
    'Rules require engine version 1.0.0, but engine version is 0.62.0',
  ]);
});

test('LOAD_ERR_VALIDATE: plugin requirement versions', () => {
  const bad = load('- required_plugin_versions:\n  - name: foo\n    version: x.y\n');
  assert.deepEqual(errorMessages(bad), ["Invalid required version 'x.y' for plugin 'foo'"]);
  assert.equal(
    locations(bad, 'errors'),
    "In rules content: (rules.yaml:0:0)\n    required plugin versions: (rules.yaml:1:2)\n    required plugin versions entry 'foo': (rules.yaml:1:4)\n",
  );
  const dup = load('- required_plugin_versions:\n  - name: a\n    version: 1.0.0\n    alternatives:\n      - name: a\n        version: 2.0.0\n');
  assert.deepEqual(errorMessages(dup), ["Defined multiple alternative version requirements for plugin 'a'"]);
});

test('plugin requirements: container is built in; others fail with Falco text', () => {
  const ok = load('- required_plugin_versions:\n  - name: container\n    version: 0.4.0\n');
  assert.equal(ok.result.successful, true);
  assert.equal(ok.result.requirementError, undefined);
  const tooNew = load('- required_plugin_versions:\n  - name: container\n    version: 0.99.0\n');
  assert.equal(tooNew.result.requirementError, "Plugin 'container' version '0.7.1' is not compatible with required plugin version '0.99.0'");
  const missing = load(
    '- required_plugin_versions:\n  - name: k8saudit\n    version: 0.18.0\n    alternatives:\n      - name: k8saudit-eks\n        version: 0.12.0\n',
  );
  assert.equal(missing.result.successful, false);
  assert.equal(missing.file.successful, true);
  assert.equal(missing.result.requirementError, 'Plugin requirement not satisfied, must load one of: k8saudit (>= 0.18.0), k8saudit-eks (>= 0.12.0)');
  const out = validationOutput(missing.result, false);
  assert.deepEqual(out, {
    stdout: '',
    stderr: 'Error: Plugin requirement not satisfied, must load one of: k8saudit (>= 0.18.0), k8saudit-eks (>= 0.12.0)\n',
    exitCode: 1,
  });
});

test('plugin requirements: loaded plugins and alternatives', () => {
  const content =
    '- required_plugin_versions:\n  - name: k8saudit\n    version: 0.1.0\n    alternatives:\n      - name: k8saudit-other\n        version: 0.4.0\n';
  const other = new RuleEngine({ plugins: [{ name: 'k8saudit-other', version: '0.5.0' }] }).load([{ name: 'a', content }]);
  assert.equal(other.successful, true);
  const old = new RuleEngine({ plugins: [{ name: 'k8saudit-other', version: '0.3.9' }] }).load([{ name: 'a', content }]);
  assert.equal(old.requirementError, "Plugin 'k8saudit-other' version '0.3.9' is not compatible with required plugin version '0.4.0'");
  const major = new RuleEngine({ plugins: [{ name: 'k8saudit', version: '1.0.0' }] }).load([{ name: 'a', content }]);
  assert.equal(major.requirementError, "Plugin 'k8saudit' version '1.0.0' is not compatible with required plugin version '0.1.0'");
});

test('plugin requirements stop loading after the file that declared them', () => {
  const l = loadFiles([
    { name: 'a.yaml', content: '- required_plugin_versions:\n  - name: nope\n    version: 1.0.0\n' },
    { name: 'b.yaml', content: '- list: x\n  items: []\n' },
  ]);
  assert.equal(l.result.files.length, 1);
  assert.equal(l.result.requirementError, 'Plugin requirement not satisfied, must load one of: nope (>= 1.0.0)');
});

test('LOAD_ERR_COMPILE_CONDITION: syntax error located inside the condition', () => {
  const l = load('- rule: r\n  desc: d\n  condition: evt.type=open and (proc.name = a\n  output: o\n  priority: INFO\n');
  assert.deepEqual(errorMessages(l), ["expected a ')' token"]);
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_COMPILE_CONDITION');
  assert.equal(
    locations(l, 'errors'),
    "In rules content: (rules.yaml:0:0)\n    rule 'r': (rules.yaml:0:2)\n    rule condition: (rules.yaml:2:13)\n" +
      '    condition expression: ("evt.type=open and...":3:46)\n',
  );
  assert.equal(l.file.errors[0]!.snippet, 'evt.type=open and (proc.name = a\n                               ^\n');
});

test('LOAD_ERR_COMPILE_CONDITION: unknown field', () => {
  const l = load('- rule: r\n  desc: d\n  condition: evt.type = close and proc.nme = cat\n  output: o\n  priority: INFO\n');
  assert.deepEqual(errorMessages(l), ['filter_check called with nonexistent field proc.nme']);
  const loc = l.file.errors[0]!.context.locations.at(-1)!;
  assert.equal(loc.itemType, 'condition expression');
  assert.equal(loc.name, '"evt.type = close ..."');
});

test('LOAD_ERR_COMPILE_CONDITION: macro conditions are parsed too', () => {
  const l = load('- macro: m\n  condition: evt.type in (open\n');
  assert.deepEqual(errorMessages(l), ["expected a ')' token"]);
  assert.equal(l.file.errors[0]!.context.locations[1]!.itemType, 'macro');
  assert.equal(l.file.errors[0]!.context.locations[2]!.itemType, 'macro condition');
});

test('LOAD_ERR_COMPILE_OUTPUT: unknown output field', () => {
  const l = load('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o %foo.bar\n  priority: INFO\n');
  assert.deepEqual(errorMessages(l), ["unknown filter: unexpected token after '"]);
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_COMPILE_OUTPUT');
  assert.equal(locations(l, 'errors'), "In rules content: (rules.yaml:0:0)\n    rule 'r': (rules.yaml:0:2)\n    rule output: (rules.yaml:3:10)\n");
});

test('LOAD_ERR_COMPILE_OUTPUT: formatting syntax', () => {
  const end = load('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: "o %"\n  priority: INFO\n');
  assert.deepEqual(errorMessages(end), ['invalid formatting syntax: formatting cannot end with a %']);
  const num = load('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: "o %12"\n  priority: INFO\n');
  assert.deepEqual(errorMessages(num), ['invalid formatting syntax: formatting cannot end with a number']);
});

test('LOAD_ERR_VALIDATE: undefined macro, reported at the macro', () => {
  const l = load('- macro: m\n  condition: evt.type=open and undefined_macro\n');
  assert.deepEqual(errorMessages(l), ["Undefined macro 'undefined_macro' used in filter."]);
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_VALIDATE');
  assert.equal(
    locations(l, 'errors'),
    "In rules content: (rules.yaml:0:0)\n    macro 'm': (rules.yaml:0:2)\n    condition expression: (\"evt.type=open and...\":1:21)\n",
  );
});

test('LOAD_ERR_VALIDATE: macros only see earlier macros', () => {
  const l = load('- macro: a\n  condition: b\n- macro: b\n  condition: evt.type=open\n');
  assert.deepEqual(errorMessages(l), ["Undefined macro 'b' used in filter."]);
  const self = load('- macro: a\n  condition: a\n');
  assert.deepEqual(errorMessages(self), ["Undefined macro 'a' used in filter."]);
});

test('LOAD_ERR_VALIDATE: a macro reference loop (possible through appends)', () => {
  const l = load(`
- macro: a
  condition: evt.type = open
- macro: b
  condition: a
- macro: a
  condition: or b
  override:
    condition: append
`);
  assert.deepEqual(errorMessages(l), ["reference loop in macro 'b'"]);
});

test('macros of macros and lists of lists compile', () => {
  const l = load(`
- list: base
  items: [cat, vi]
- list: more
  items: [base, nano]
- macro: m1
  condition: proc.name in (more)
- macro: m2
  condition: evt.type = open and m1
- rule: test_rule
  desc: d
  condition: m2
  output: o
  priority: INFO
`);
  assert.equal(l.file.successful, true);
  assert.equal(l.file.warnings.length, 0);
  const d = l.engine.describeRules('test_rule') as unknown as { rules: Array<{ details: Record<string, unknown> }> };
  assert.equal(d.rules[0]!.details.condition_compiled, '(evt.type = open and proc.name in (cat, vi, nano))');
});

test('LOAD_UNKNOWN_SOURCE: the rule is skipped', () => {
  const l = load('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n  source: nowhere\n');
  assert.equal(l.file.successful, true);
  assert.deepEqual(l.file.warnings.map((w) => [w.code, w.message]), [['LOAD_UNKNOWN_SOURCE', 'Unknown source nowhere, skipping']]);
  assert.equal(l.engine.rules().length, 0);
  assert.throws(() => l.engine.describeRules('r'), { message: 'Rule "r" is not loaded' });
});

test('LOAD_UNSAFE_NA_CHECK: equality of an audit field with <NA>', () => {
  const audit = new FieldCatalog([
    {
      name: 'k8s_audit_test',
      description: '',
      sources: ['k8s_audit_test'],
      fields: [{ name: 'ka.verb', type: 'CHARBUF', description: 'verb', flags: {} }],
    },
  ]);
  registerSourceCatalog('k8s_audit_test', audit);
  const l = load('- rule: r\n  desc: d\n  condition: ka.verb = "<NA>" or ka.verb in (get, <NA>)\n  output: o\n  priority: INFO\n  source: k8s_audit_test\n');
  assert.equal(l.file.successful, true);
  assert.deepEqual(l.file.warnings.map((w) => [w.code, w.message]), [['LOAD_UNSAFE_NA_CHECK', '']]);
  const loc = l.file.warnings[0]!.context.locations.at(-1)!;
  assert.equal(loc.itemType, 'condition expression');
  assert.deepEqual(loc.pos, { pos: 33, line: 2, column: 13 });
});

test('LOAD_NO_EVTTYPE: conditions without an event type restriction', () => {
  const broad = load('- rule: r\n  desc: d\n  condition: proc.name = cat\n  output: o\n  priority: INFO\n');
  assert.deepEqual(broad.file.warnings.map((w) => [w.code, w.message]), [
    ['LOAD_NO_EVTTYPE', 'Rule matches too many evt.type values. This has a significant performance penalty.'],
  ]);
  assert.equal(locations(broad, 'warnings'), "In rules content: (rules.yaml:0:0)\n    rule 'r': (rules.yaml:0:2)\n");
  const off = load('- rule: r\n  desc: d\n  condition: proc.name = cat\n  output: o\n  priority: INFO\n  warn_evttypes: false\n');
  assert.equal(off.file.warnings.length, 0);
  const narrow = load('- rule: r\n  desc: d\n  condition: evt.type = close and proc.name = cat\n  output: o\n  priority: INFO\n');
  assert.equal(narrow.file.warnings.length, 0);
  // Falco 0.44.1 also warns when no event type can match at all.
  const none = load('- rule: r\n  desc: d\n  condition: evt.type = open and evt.type = close\n  output: o\n  priority: INFO\n');
  assert.deepEqual(warningCodes(none), ['LOAD_NO_EVTTYPE']);
});

test('LOAD_UNKNOWN_FILTER: skip-if-unknown-filter downgrades unknown fields', () => {
  const cond = load('- rule: r\n  desc: d\n  condition: evt.type=open and foo.bar=1\n  output: o\n  priority: INFO\n  skip-if-unknown-filter: true\n');
  assert.equal(cond.file.successful, true);
  assert.deepEqual(cond.file.warnings.map((w) => [w.code, w.message]), [
    ['LOAD_UNKNOWN_FILTER', 'filter_check called with nonexistent field foo.bar'],
  ]);
  assert.equal(cond.engine.rules().length, 0);
  const out = load('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o %foo.bar\n  priority: INFO\n  skip-if-unknown-filter: true\n');
  assert.deepEqual(out.file.warnings.map((w) => [w.code, w.message]), [['LOAD_UNKNOWN_FILTER', "unknown filter: unexpected token after '"]]);
  // Other compile errors are not downgraded.
  const syntax = load('- rule: r\n  desc: d\n  condition: evt.type=open and (\n  output: o\n  priority: INFO\n  skip-if-unknown-filter: true\n');
  assert.equal(syntax.file.successful, false);
});

test('LOAD_UNUSED_MACRO and LOAD_UNUSED_LIST, after compiling', () => {
  const l = load('- list: l\n  items: [a]\n- macro: m\n  condition: evt.type=open\n');
  assert.deepEqual(l.file.warnings.map((w) => [w.code, w.message]), [
    ['LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro'],
    ['LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro'],
  ]);
  assert.equal(locations(l, 'warnings', 0), "In rules content: (rules.yaml:0:0)\n    macro 'm': (rules.yaml:2:2)\n");
});

test('a list named in a quoted value is not used; one named bare is', () => {
  const l = load(`
- list: l
  items: [a]
- list: k
  items: [b]
- rule: r
  desc: d
  condition: evt.type = open and proc.name = 'l' and proc.pname=k
  output: o
  priority: INFO
`);
  assert.deepEqual(warningCodes(l), ['LOAD_UNUSED_LIST']);
  assert.equal(l.file.warnings[0]!.context.locations[1]!.itemName, 'l');
});

test('LOAD_UNKNOWN_ITEM', () => {
  const l = load('- foo: bar\n');
  assert.deepEqual(l.file.warnings.map((w) => [w.code, w.message]), [['LOAD_UNKNOWN_ITEM', 'Unknown top level item']]);
  assert.equal(locations(l, 'warnings'), 'In rules content: (rules.yaml:0:0)\n    rules content item: (rules.yaml:0:2)\n');
});

test('LOAD_DEPRECATED_ITEM: deprecated fields in condition and output', () => {
  const l = load('- rule: r\n  desc: d\n  condition: >\n    evt.type = close and evt.dir = <\n  output: user=%user.name dir=%evt.dir\n  priority: INFO\n');
  const dep = l.file.warnings.filter((w) => w.code === 'LOAD_DEPRECATED_ITEM');
  assert.deepEqual(dep.map((w) => w.message), [
    "usage of deprecated field 'evt.dir' has been detected in the rule output",
    "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates to false. " +
      "The rule expression can be simplified by removing the condition on 'evt.dir'",
  ]);
  // The condition warning's snippet is the condition text, not the `condition: >` line.
  assert.equal(dep[1]!.snippet.includes('condition: >'), false);
  assert.ok(dep[1]!.snippet.includes('evt.dir = <'));
  assert.match(formatVerbose(l.file), /LOAD_DEPRECATED_ITEM \(Used deprecated item: field 'evt.dir'\): usage of deprecated field/);
  const json = JSON.parse(formatValidationJson(l.result)) as { falco_load_results: Array<{ warnings: Array<Record<string, unknown>> }> };
  const w = json.falco_load_results[0]!.warnings.find((x) => x.code === 'LOAD_DEPRECATED_ITEM')!;
  assert.equal(w.deprecated_field, 'evt.dir');
  assert.equal(w.codedesc, 'A deprecated item is employed by lists, macros, or rules.');
});

test('LOAD_DEPRECATED_ITEM: deprecated field via a macro, snippet shows the rule condition', () => {
  const l = load(`
- macro: spawned_process
  condition: evt.type in (execve, execveat) and evt.dir = <
- rule: test_rule
  desc: test rule
  condition: >
    spawned_process and proc.name = bash
  output: command=%proc.cmdline
  priority: INFO
`);
  const w = l.file.warnings.find((x) => x.code === 'LOAD_DEPRECATED_ITEM')!;
  assert.equal(w.snippet.includes('condition: >'), false);
  assert.ok(w.snippet.includes('spawned_process'));
});

test('LOAD_DEPRECATED_ITEM: %container.info is dropped from the output', () => {
  const l = load('- rule: test_rule\n  desc: d\n  condition: evt.type=open\n  output: o %container.info\n  priority: INFO\n');
  assert.deepEqual(l.file.warnings.map((w) => w.message), [
    '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will ' +
      'automatically add required fields to the output message.',
  ]);
  assert.equal(l.engine.rules()[0]!.output, 'o ');
});

test('LOAD_APPEND_NO_VALUES and LOAD_EXCEPTION_NAME_NOT_UNIQUE codes', () => {
  const l = load(`
- rule: r
  desc: d
  condition: evt.type = open
  output: o
  priority: INFO
  exceptions:
    - name: e
      fields: proc.name
      values: [a]
    - name: e
      fields: proc.name
      values: [b]
- rule: r
  exceptions:
    - name: e
  append: true
`);
  assert.deepEqual(warningCodes(l), ['LOAD_EXCEPTION_NAME_NOT_UNIQUE', 'LOAD_DEPRECATED_ITEM', 'LOAD_APPEND_NO_VALUES']);
});

test('LOAD_INVALID_LIST_NAME and LOAD_INVALID_MACRO_NAME', () => {
  const l = load("- list: 'bad name'\n  items: []\n- macro: bad-name\n  condition: evt.type=open\n");
  assert.deepEqual(l.file.warnings.map((w) => [w.code, w.message]), [
    ['LOAD_INVALID_LIST_NAME', 'List has an invalid name. List names should match a regular expression: ([^()"\'[:space:]=,]+)'],
    ['LOAD_INVALID_MACRO_NAME', 'Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)'],
    ['LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro'],
    ['LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro'],
  ]);
});

test('LOAD_UNKNOWN_KEY on rules, lists, macros and requirement items', () => {
  const l = load(`
- required_engine_version: 0.10.0
  extra: 1
- list: l
  items: [a]
  priority: INFO
- macro: m
  condition: proc.name in (l)
  typo: x
- rule: r
  desc: d
  condition: evt.type = open and m
  output: o
  priority: INFO
  typo_field: x
`);
  assert.deepEqual(warningCodes(l), ['LOAD_UNKNOWN_KEY', 'LOAD_UNKNOWN_KEY', 'LOAD_UNKNOWN_KEY', 'LOAD_UNKNOWN_KEY']);
  assert.deepEqual(l.file.warnings.map((w) => w.message), [
    "Unknown key 'extra'. The key will be ignored.",
    "Unknown key 'priority'. The key will be ignored.",
    "Unknown key 'typo'. The key will be ignored.",
    "Unknown key 'typo_field'. The key will be ignored.",
  ]);
  assert.ok(hasWarning(l, "Unknown key 'priority'"));
});

test('warnings from earlier files are reported again when later files recompile', () => {
  const l = loadFiles([
    { name: 'a.yaml', content: '- macro: unused_one\n  condition: evt.type = open\n' },
    { name: 'b.yaml', content: '- list: l\n  items: []\n' },
  ]);
  assert.deepEqual(l.result.files.map((f) => f.warnings.map((w) => w.code)), [
    ['LOAD_UNUSED_MACRO'],
    ['LOAD_UNUSED_MACRO', 'LOAD_UNUSED_LIST'],
  ]);
  // The repeated warning points at the first file, with its snippet.
  assert.equal(l.file.warnings[0]!.context.fileName, 'a.yaml');
  assert.equal(l.file.warnings[0]!.snippet, '- macro: unused_one\n  ^\n');
});

test('code texts and descriptions', () => {
  assert.equal(errorText('LOAD_ERR_COMPILE_OUTPUT'), 'Error compiling output');
  assert.equal(warningText('LOAD_UNKNOWN_KEY'), 'Unknown key in item definition');
  assert.equal(
    warningDescription('LOAD_UNKNOWN_FILTER'),
    'A rule condition or output refers to a field or evt.type that does not exist. This is normally an error, but if ' +
      'a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.',
  );
});

test('verbose text of a failed file, exactly', () => {
  const l = load('- rule: r\n  desc: d\n  output: o\n  priority: INFO\n');
  assert.equal(
    formatVerbose(l.file),
    'rules.yaml: Invalid\n' +
      '1 Errors:\n' +
      'In rules content: (rules.yaml:0:0)\n' +
      "    rule 'r': (rules.yaml:0:2)\n" +
      '------\n' +
      '- rule: r\n' +
      '  ^\n' +
      '------\n' +
      "LOAD_ERR_YAML_VALIDATE (Error validating internal structure of YAML file): Item has no mapping for key 'condition'\n",
  );
  assert.equal(
    formatSummary(l.file),
    'rules.yaml: Invalid\n 1 errors: [LOAD_ERR_YAML_VALIDATE (Error validating internal structure of YAML file)]',
  );
});

test('verbose text with schema warnings and warnings, exactly', () => {
  const l = load('- foo: bar\n');
  assert.equal(
    formatVerbose(l.file),
    'rules.yaml: Ok, with warnings\n' +
      '2 Schema warnings:\n' +
      '------\n' +
      "failed for <root>[0]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: 'foo'.\n" +
      '------\n' +
      'failed for <root>: Failed to validate item #0 in array.\n' +
      '------\n' +
      '\n' +
      '1 Warnings:\n' +
      'In rules content: (rules.yaml:0:0)\n' +
      '    rules content item: (rules.yaml:0:2)\n' +
      '------\n' +
      '- foo: bar\n' +
      '  ^\n' +
      '------\n' +
      'LOAD_UNKNOWN_ITEM (Unknown rules file item): Unknown top level item\n',
  );
});

test('-V text output: files joined, warnings only summarized', () => {
  const l = loadFiles([
    { name: 'good.yaml', content: '- list: l\n  items: [a]\n- rule: r\n  desc: d\n  condition: evt.type = open and proc.name in (l)\n  output: o\n  priority: INFO\n' },
    { name: 'warn.yaml', content: '- foo: bar\n' },
    { name: 'bad.yaml', content: '- macro: m\n' },
  ]);
  const text = formatValidationText(l.result);
  assert.equal(
    text,
    'good.yaml: Ok\n' +
      'warn.yaml: Ok, with warnings\n' +
      'bad.yaml: Invalid\n1 Errors:\nIn rules content: (bad.yaml:0:0)\n    macro \'m\': (bad.yaml:0:2)\n------\n- macro: m\n  ^\n------\n' +
      "LOAD_ERR_YAML_VALIDATE (Error validating internal structure of YAML file): Item has no mapping for key 'condition'\n\n",
  );
  assert.equal(validationWarningLogs(l.result).length, 1);
  const out = validationOutput(l.result, false);
  assert.equal(out.exitCode, 1);
  assert.equal(out.stdout, text);
  assert.equal(out.stderr, `Error: ${text.slice(0, -1)}\n`);
});

test('-V JSON output: Falco structure with sorted keys', () => {
  const l = load('- list: l\n  items: [a]\n');
  assert.equal(
    formatValidationJson(l.result),
    '{"falco_load_results":[{"errors":[],"name":"rules.yaml","schema_valid":true,"schema_warnings":[],"successful":true,' +
      '"warnings":[{"code":"LOAD_UNUSED_LIST","codedesc":"A list is defined in the rules content but is not used by any other list, macro, or rule.",' +
      '"context":{"locations":[{"item_name":"","item_type":"rules content","position":{"column":0,"line":0,"name":"rules.yaml","offset":0}},' +
      '{"item_name":"l","item_type":"list","position":{"column":2,"line":0,"name":"rules.yaml","offset":2}}],' +
      '"snippet":"- list: l\\n  ^\\n"},"message":"List not referred to by any other rule/macro"}]}]}\n',
  );
  const ok = load('- list: l\n  items: [a]\n- macro: m\n  condition: proc.name in (l)\n- rule: r\n  desc: d\n  condition: evt.type=open and m\n  output: o\n  priority: INFO\n');
  assert.deepEqual(validationOutput(ok.result, true), {
    stdout: '{"falco_load_results":[{"errors":[],"name":"rules.yaml","schema_valid":true,"schema_warnings":[],"successful":true,"warnings":[]}]}\n',
    stderr: '',
    exitCode: 0,
  });
});

test('-V JSON output: errors carry the short text as codedesc; schema warnings listed', () => {
  const l = load('- rule: r\n  desc: d\n  condition: x\n  output: o\n  priority: Info\n');
  const json = JSON.parse(formatValidationJson(l.result)) as { falco_load_results: Array<Record<string, unknown>> };
  const f = json.falco_load_results[0]!;
  assert.equal(f.schema_valid, false);
  assert.deepEqual(f.schema_warnings, [
    'failed for <root>[0][priority]: Failed to match against any enum values.',
    "failed for <root>[0]: Failed to validate against schema associated with property name 'priority'.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
  const err = (f.errors as Array<Record<string, unknown>>)[0]!;
  assert.equal(err.code, 'LOAD_ERR_VALIDATE');
  assert.equal(err.codedesc, 'Error validating rule/macro/list/exception objects');
  assert.equal(err.message, "Undefined macro 'x' used in filter.");
});

test('LOAD_ERR_COMPILE_CONDITION: an evt.type value that names no event, system call or async event', () => {
  const rule = (type: string) =>
    `- rule: r\n  desc: d\n  condition: evt.type = ${type} and proc.name = cat\n  output: "%proc.name"\n  priority: WARNING\n`;
  const bad = load(rule('opne'));
  assert.deepEqual(errorMessages(bad), ['unknown event type opne']);
  assert.equal(bad.file.errors[0]!.code, 'LOAD_ERR_COMPILE_CONDITION');
  // Event names, system call names without their own event, and async event names are all known.
  for (const ok of ['open', 'fadvise64', 'container']) assert.deepEqual(errorMessages(load(rule(ok))), [], ok);
});
