/**
 * Appends, overrides and the deprecated `append: true` / standalone
 * `enabled` forms, for lists, macros and rules: what each combination does
 * to the compiled result, and Falco's errors where a combination is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGES } from '../../../src/rules/loader/codes.js';
import { compiledCondition, describeRule, enabledRuleCount, hasError, hasWarning, load, loadFiles } from './helpers.js';

const shells = `
- list: shells
  items: [bash, sh]
`;
const useShells = `
- rule: test_rule
  desc: uses shells
  condition: evt.type = execve and proc.name in (shells)
  output: command=%proc.cmdline
  priority: INFO
`;

test('list: override append adds items after the rule that uses it', () => {
  const l = load(shells + useShells + `
- list: shells
  items: [zsh]
  override:
    items: append
`);
  assert.equal(l.file.successful, true);
  assert.equal(compiledCondition(l), '(evt.type = execve and proc.name in (bash, sh, zsh))');
  assert.equal(hasWarning(l, MESSAGES.warningAppend), false);
});

test('list: legacy append adds items and warns that append is deprecated', () => {
  const l = load(shells + `
- list: shells
  items: [zsh]
  append: true
` + useShells);
  assert.equal(compiledCondition(l), '(evt.type = execve and proc.name in (bash, sh, zsh))');
  assert.ok(hasWarning(l, MESSAGES.warningAppend));
  assert.equal(l.file.warnings[0]!.code, 'LOAD_DEPRECATED_ITEM');
});

test('list: override replace redefines the list', () => {
  const l = load(shells + `
- list: shells
  items: [fish]
  override:
    items: replace
` + useShells);
  assert.equal(compiledCondition(l), '(evt.type = execve and proc.name in (fish))');
});

test('list: a second plain definition replaces the first one', () => {
  const l = load(shells + `
- list: shells
  items: [ksh]
` + useShells);
  assert.equal(compiledCondition(l), '(evt.type = execve and proc.name in (ksh))');
});

test('list: override append before any definition is an error', () => {
  const l = load(`
- list: shells
  items: [zsh]
  override:
    items: append
` + shells + useShells);
  assert.equal(l.file.successful, false);
  assert.ok(hasError(l, MESSAGES.errorNoPreviousList));
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_VALIDATE');
});

test('list: legacy append before any definition is an error', () => {
  const l = load(`
- list: shells
  items: [zsh]
  append: true
` + shells);
  assert.ok(hasError(l, MESSAGES.errorNoPreviousList));
});

test('list: override replace before any definition just defines it', () => {
  const l = load(`
- list: shells
  items: [zsh]
  override:
    items: replace
` + shells + useShells);
  assert.equal(l.file.successful, true);
  assert.equal(compiledCondition(l), '(evt.type = execve and proc.name in (bash, sh))');
});

test('list: a misspelled override key is ignored with a warning and the list is redefined', () => {
  const l = load(`
- list: shells
  items: [csh]
  overide:
    items: append
` + shells + useShells);
  assert.equal(l.file.successful, true);
  assert.ok(hasWarning(l, "Unknown key 'overide'. The key will be ignored."));
  assert.notEqual(l.file.schemaValidation[0], 'ok');
  assert.equal(compiledCondition(l), '(evt.type = execve and proc.name in (bash, sh))');
});

test('list: override of a key other than items is refused', () => {
  const l = load(shells + `
- list: shells
  items: [zsh]
  override:
    condition: append
`);
  assert.ok(hasError(l, "Key 'condition' cannot be appended to, use 'replace' instead"));
});

test('list: append flag together with override is an error', () => {
  const l = load(shells + `
- list: shells
  items: [zsh]
  append: true
  override:
    items: append
`);
  assert.ok(hasError(l, MESSAGES.errorOverrideAppend));
});

const openSimple = `
- macro: open_simple
  condition: evt.type in (open, openat)
`;
const useMacro = `
- rule: test_rule
  desc: uses the macro
  condition: open_simple
  output: command=%proc.cmdline
  priority: INFO
`;

test('macro: override append joins the conditions with a space', () => {
  const l = load(openSimple + `
- macro: open_simple
  condition: or evt.type = openat2
  override:
    condition: append
` + useMacro);
  assert.equal(compiledCondition(l), '(evt.type in (open, openat) or evt.type = openat2)');
});

test('macro: legacy append joins the conditions too', () => {
  const l = load(openSimple + `
- macro: open_simple
  condition: or evt.type = openat2
  append: true
` + useMacro);
  assert.equal(compiledCondition(l), '(evt.type in (open, openat) or evt.type = openat2)');
  assert.ok(hasWarning(l, MESSAGES.warningAppend));
});

test('macro: appending before the definition is an error', () => {
  for (const how of ['  override:\n    condition: append\n', '  append: true\n']) {
    const l = load(`
- macro: open_simple
  condition: or evt.type = openat2
${how}` + openSimple + useMacro);
    assert.equal(l.file.successful, false);
    assert.ok(hasError(l, MESSAGES.errorNoPreviousMacro));
  }
});

test('macro: override replace before the definition defines it (then redefined)', () => {
  const l = load(`
- macro: open_simple
  condition: or evt.type = openat2
  override:
    condition: replace
` + openSimple + useMacro);
  assert.equal(l.file.successful, true);
  assert.equal(compiledCondition(l), 'evt.type in (open, openat)');
});

test('macro: append and override together is an error', () => {
  const l = load(openSimple + `
- macro: open_simple
  condition: or evt.type = openat2
  append: true
  override:
    condition: append
`);
  assert.ok(hasError(l, MESSAGES.errorOverrideAppend));
});

test('macro: invalid override operation lists what is allowed', () => {
  const l = load(openSimple + `
- macro: open_simple
  condition: or evt.type = openat2
  override:
    condition: merge
`);
  assert.ok(hasError(l, "Invalid override operation for key 'condition': 'merge'. Allowed values are: append replace "));
});

const baseRule = `
- rule: test_rule
  desc: legit rule description
  condition: evt.type = open
  output: user=%user.name command=%proc.cmdline
  priority: INFO
`;

test('rule: override append on desc, condition and output', () => {
  const l = load(baseRule + `
- rule: test_rule
  desc: with append
  condition: and proc.name = cat
  output: proc=%proc.name
  override:
    desc: append
    condition: append
    output: append
`);
  const d = describeRule(l, 'test_rule');
  assert.equal(d.info.condition, 'evt.type = open and proc.name = cat');
  assert.equal(d.info.output, 'user=%user.name command=%proc.cmdline proc=%proc.name');
  assert.equal(d.info.description, 'legit rule description with append');
  assert.equal(hasWarning(l, MESSAGES.warningAppend), false);
});

test('rule: legacy append appends the condition and warns', () => {
  const l = load(baseRule + `
- rule: test_rule
  condition: and proc.name = cat
  append: true
`);
  assert.equal(compiledCondition(l), '(evt.type = open and proc.name = cat)');
  assert.ok(hasWarning(l, MESSAGES.warningAppend));
});

test('rule: override replace of desc and condition', () => {
  const l = load(baseRule + `
- rule: test_rule
  desc: a replaced description
  condition: evt.type = close
  override:
    desc: replace
    condition: replace
`);
  const d = describeRule(l, 'test_rule');
  assert.equal(d.info.condition, 'evt.type = close');
  assert.equal(d.info.description, 'a replaced description');
  assert.equal(d.info.output, 'user=%user.name command=%proc.cmdline');
});

test('rule: append and replace in one entry; priority replaced', () => {
  const l = load(baseRule + `
- rule: test_rule
  desc: replaced
  condition: and proc.name = cat
  priority: WARNING
  override:
    desc: replace
    condition: append
    priority: replace
`);
  const d = describeRule(l, 'test_rule');
  assert.equal(d.info.condition, 'evt.type = open and proc.name = cat');
  assert.equal(d.info.priority, 'Warning');
  assert.equal(d.info.description, 'replaced');
});

test('rule: priority cannot be appended to; the error snippet shows the key', () => {
  const l = load(baseRule + `
- rule: test_rule
  condition: and proc.name = cat
  priority: WARNING
  override:
    condition: append
    priority: append
`);
  assert.ok(hasError(l, "Key 'priority' cannot be appended to, use 'replace' instead"));
  assert.ok(l.file.errors[0]!.snippet.includes('priority: append'));
  assert.equal(l.file.errors[0]!.code, 'LOAD_ERR_YAML_VALIDATE');
});

test('rule: keys that cannot be replaced', () => {
  const l = load(baseRule + `
- rule: test_rule
  source: syscall
  override:
    source: replace
`);
  assert.ok(hasError(l, "Key 'source' cannot be replaced"));
});

test('rule: append flag with override is refused (and the flag still warns)', () => {
  const l = load(baseRule + `
- rule: test_rule
  condition: and proc.name = cat
  append: true
  override:
    condition: append
`);
  assert.ok(hasError(l, MESSAGES.errorOverrideAppend));
  assert.ok(hasWarning(l, MESSAGES.warningAppend));
});

test('rule: appending or replacing before the definition', () => {
  const append = load(`
- rule: test_rule
  condition: and proc.name = cat
  override:
    condition: append
` + baseRule);
  assert.ok(hasError(append, MESSAGES.errorNoPreviousRuleAppend));
  const legacy = load(`
- rule: test_rule
  condition: and proc.name = cat
  append: true
` + baseRule);
  assert.ok(hasError(legacy, MESSAGES.errorNoPreviousRuleAppend));
  const replace = load(`
- rule: test_rule
  condition: proc.name = cat
  override:
    condition: replace
` + baseRule);
  assert.ok(hasError(replace, MESSAGES.errorNoPreviousRuleReplace));
});

test('rule: an override entry for a key that is not given', () => {
  const l = load(baseRule + `
- rule: test_rule
  desc: only desc
  override:
    desc: replace
    condition: append
`);
  assert.ok(hasError(l, "An append override for 'condition' was specified but 'condition' is not defined"));
});

test('rule: a key given without an override entry', () => {
  const l = load(baseRule + `
- rule: test_rule
  desc: changed
  condition: and proc.name = cat
  priority: WARNING
  override:
    desc: replace
    condition: append
`);
  assert.ok(hasError(l, "Unexpected key 'priority': no corresponding entry under 'override' is defined."));
});

test('rule: enabled needs its own replace entry', () => {
  const l = load(baseRule.replace('priority: INFO', 'priority: INFO\n  enabled: false') + `
- rule: test_rule
  desc: missing enabled
  condition: and proc.name = cat
  override:
    desc: replace
    condition: append
    enabled: replace
`);
  assert.ok(hasError(l, "An replace override for 'enabled' was specified but 'enabled' is not defined"));
});

test('rule: enabled replaced by override turns a disabled rule on, without warnings', () => {
  const l = load(baseRule.replace('priority: INFO', 'priority: INFO\n  enabled: false') + `
- rule: test_rule
  desc: correct override
  condition: and proc.name = cat
  enabled: true
  override:
    desc: replace
    condition: append
    enabled: replace
`);
  assert.equal(l.file.successful, true);
  assert.equal(l.file.warnings.length, 0);
  assert.equal(enabledRuleCount(l), 1);
});

test('rule: standalone enabled entry (deprecated) switches the rule', () => {
  const l = load(baseRule.replace('priority: INFO', 'priority: INFO\n  enabled: false') + `
- rule: test_rule
  enabled: true
`);
  assert.ok(hasWarning(l, MESSAGES.warningEnabled));
  assert.equal(enabledRuleCount(l), 1);
});

test('rule: standalone enabled entry for an unknown rule is an error', () => {
  const l = load(`
- rule: nobody
  enabled: false
`);
  assert.ok(hasError(l, "Rule has 'enabled' key but no rule by that name already exists"));
});

test('rule: a rule entry with none of the main keys and no enabled', () => {
  const l = load(baseRule + `
- rule: test_rule
  tags: [a]
`);
  assert.ok(hasError(l, "Item has no mapping for key 'enabled'"));
});

test('rule: enabled next to a legacy append is ignored', () => {
  const l = load(baseRule.replace('priority: INFO', 'priority: INFO\n  enabled: false') + `
- rule: test_rule
  condition: and proc.name = cat
  append: true
  enabled: true
`);
  assert.equal(l.file.successful, true);
  assert.equal(enabledRuleCount(l), 0);
});

test('rule: a full second definition replaces the rule', () => {
  const l = load(baseRule.replace('priority: INFO', 'priority: INFO\n  enabled: false') + `
- rule: test_rule
  desc: redefined
  condition: proc.name = cat
  output: user=%user.name
  priority: WARNING
  enabled: true
`);
  assert.equal(compiledCondition(l), 'proc.name = cat');
  assert.equal(enabledRuleCount(l), 1);
});

test('rule: redefined, appended or replaced with a different source', () => {
  const first = `
- rule: two sources
  desc: d
  condition: ka.verb = GET
  output: o
  priority: INFO
  source: k8s_audit
`;
  for (const second of [
    '  desc: d\n  condition: and 1 = 2\n  output: o\n  priority: INFO\n  source: syscall\n',
    '  condition: and 1 = 2\n  source: syscall\n  append: true\n',
    '  condition: 1 = 2\n  source: syscall\n  override:\n    condition: replace\n',
  ]) {
    const l = load(first + '\n- rule: two sources\n' + second);
    assert.ok(hasError(l, 'Rule has been re-defined with a different source'), second);
  }
});

test('rule: an empty source in an append matches any source', () => {
  for (const source of ['  source:\n', '  source: ""\n']) {
    const l = load(`
- rule: r
  desc: d
  condition: evt.type = execve
  output: o
  priority: INFO
  source: syscall

- rule: r
  condition: and proc.name = apache
${source}  append: true
`);
    assert.equal(l.file.successful, true, source);
  }
});

test('rule: override replace of capture, capture_duration, tags and warn_evttypes', () => {
  const l = load(baseRule + `
- rule: test_rule
  capture: true
  capture_duration: 15000
  tags: [network]
  warn_evttypes: false
  override:
    capture: replace
    capture_duration: replace
    tags: replace
    warn_evttypes: replace
`);
  const d = describeRule(l, 'test_rule');
  assert.equal(d.info.capture, true);
  assert.equal(d.info.capture_duration, 15000);
  assert.deepEqual(d.info.tags, ['network']);
  assert.equal(l.file.schemaValidation[0], 'ok');
});

test('rule: tags append merges into a sorted set', () => {
  const l = load(baseRule.replace('priority: INFO', 'priority: INFO\n  tags: [zeta, alpha]') + `
- rule: test_rule
  tags: [beta, alpha]
  override:
    tags: append
`);
  assert.deepEqual(describeRule(l, 'test_rule').info.tags, ['alpha', 'beta', 'zeta']);
});

test('rule: replacing with no key at all is refused', () => {
  const l = load(baseRule + `
- rule: test_rule
  override:
    condition: replace
`);
  assert.ok(hasError(l, "An replace override for 'condition' was specified but 'condition' is not defined"));
});

test('rule: a legacy append with nothing to append is refused', () => {
  const l = load(baseRule + `
- rule: test_rule
  append: true
`);
  assert.ok(hasError(l, 'Appended rule must have exceptions or condition property'));
});

test('definitions persist across files: a later file appends to an earlier one', () => {
  const l = loadFiles([
    { name: 'a.yaml', content: shells + useShells },
    { name: 'b.yaml', content: '- list: shells\n  items: [tcsh]\n  override:\n    items: append\n' },
  ]);
  assert.equal(l.result.successful, true);
  assert.equal(compiledCondition(l), '(evt.type = execve and proc.name in (bash, sh, tcsh))');
});
