/**
 * The rules JSON schema check: warnings (never errors) with valijson's
 * weak typing, messages and order, as Falco reports them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleEngine } from '../../../src/rules/engine.js';
import { validateRulesSchema } from '../../../src/rules/loader/schema-validation.js';
import { parseRulesYaml } from '../../../src/rules/loader/yaml-doc.js';
import { load } from './helpers.js';

function schema(text: string): string[] {
  const parsed = parseRulesYaml(text);
  assert.ok(parsed.ok);
  return validateRulesSchema(parsed.documents);
}

test('valid items validate as ok, one status per document', () => {
  assert.deepEqual(schema('- list: l\n  items: [a, 1]\n- macro: m\n  condition: x\n'), ['ok']);
  assert.deepEqual(schema('---\n- rule: a\n---\n- list: b\n'), ['ok', 'ok']);
  assert.deepEqual(schema(''), []);
  assert.equal(load('').file.schemaValidation.length, 0);
});

test('weak typing: any scalar is a string; booleans are exactly true/false', () => {
  assert.deepEqual(schema('- rule: r\n  desc: 12\n  enabled: "true"\n  capture: false\n'), ['ok']);
  assert.deepEqual(schema('- rule: r\n  capture: "yes"\n'), [
    "failed for <root>[0][capture]: Value type not permitted by 'type' constraint.",
    "failed for <root>[0]: Failed to validate against schema associated with property name 'capture'.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
  assert.equal(schema('- rule: r\n  enabled: True\n')[0], "failed for <root>[0][enabled]: Value type not permitted by 'type' constraint.");
});

test('integers: what a C++ stream reads wholly', () => {
  assert.deepEqual(schema('- rule: r\n  capture_duration: 15000\n'), ['ok']);
  assert.deepEqual(schema('- rule: r\n  capture_duration: -3\n'), ['ok']);
  assert.equal(schema('- rule: r\n  capture_duration: 12x\n')[0], "failed for <root>[0][capture_duration]: Value type not permitted by 'type' constraint.");
  assert.equal(schema('- rule: r\n  capture_duration: "0x10"\n')[0], "failed for <root>[0][capture_duration]: Value type not permitted by 'type' constraint.");
});

test('unknown property: the first one not in the schema is named', () => {
  assert.deepEqual(schema('- rule: r\n  typo: 1\n  other: 2\n'), [
    "failed for <root>[0]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: 'typo'.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
});

test('duplicate keys make the sizes differ: the property named is empty', () => {
  assert.deepEqual(schema('- rule: r\n  rule: s\n'), [
    "failed for <root>[0]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: ''.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
});

test('priority must be one of the upper-case names', () => {
  assert.deepEqual(schema('- rule: r\n  priority: INFO\n'), ['ok']);
  assert.deepEqual(schema('- rule: r\n  priority: Info\n'), [
    'failed for <root>[0][priority]: Failed to match against any enum values.',
    "failed for <root>[0]: Failed to validate against schema associated with property name 'priority'.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
  assert.deepEqual(schema('- rule: r\n  priority: ~\n').slice(0, 2), [
    "failed for <root>[0][priority]: Value type not permitted by 'type' constraint.",
    'failed for <root>[0][priority]: Failed to match against any enum values.',
  ]);
});

test('list items: integer or string, via anyOf', () => {
  assert.deepEqual(schema('- list: l\n  items: [a, ~]\n'), [
    "failed for <root>[0][items][1]: Value type not permitted by 'type' constraint.",
    'failed for <root>[0][items][1]: Failed to validate against child schema #0.',
    "failed for <root>[0][items][1]: Value type not permitted by 'type' constraint.",
    'failed for <root>[0][items][1]: Failed to validate against child schema #1.',
    'failed for <root>[0][items][1]: Failed to validate against any schemas allowed by anyOf constraint.',
    'failed for <root>[0][items]: Failed to validate item #1 in array.',
    "failed for <root>[0]: Failed to validate against schema associated with property name 'items'.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
});

test('override: at least one entry, each append or replace, known keys only', () => {
  assert.equal(schema('- rule: r\n  override: {}\n')[0], 'failed for <root>[0][override]: Object should have no fewer than 1 properties.');
  assert.equal(schema('- rule: r\n  override:\n    priority: prepend\n')[0], 'failed for <root>[0][override][priority]: Failed to match against any enum values.');
  assert.equal(
    schema('- rule: r\n  override:\n    source: replace\n')[0],
    "failed for <root>[0][override]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: 'source'.",
  );
});

test('exceptions: name required, only four keys', () => {
  assert.deepEqual(schema('- rule: r\n  exceptions:\n    - fields: x\n      bogus: 1\n'), [
    "failed for <root>[0][exceptions][0]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: 'bogus'.",
    "failed for <root>[0][exceptions][0]: Missing required property 'name'.",
    'failed for <root>[0][exceptions]: Failed to validate item #0 in array.',
    "failed for <root>[0]: Failed to validate against schema associated with property name 'exceptions'.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
});

test('plugin requirements: name and version required, in alternatives too', () => {
  assert.deepEqual(schema('- required_plugin_versions:\n    - name: a\n      alternatives:\n        - version: 1\n'), [
    "failed for <root>[0][required_plugin_versions][0][alternatives][0]: Missing required property 'name'.",
    'failed for <root>[0][required_plugin_versions][0][alternatives]: Failed to validate item #0 in array.',
    "failed for <root>[0][required_plugin_versions][0]: Failed to validate against schema associated with property name 'alternatives'.",
    "failed for <root>[0][required_plugin_versions][0]: Missing required property 'version'.",
    'failed for <root>[0][required_plugin_versions]: Failed to validate item #0 in array.',
    "failed for <root>[0]: Failed to validate against schema associated with property name 'required_plugin_versions'.",
    'failed for <root>: Failed to validate item #0 in array.',
  ]);
});

test('the schema is flat: keys of another item type still validate', () => {
  assert.deepEqual(schema('- list: l\n  items: [a]\n  priority: INFO\n'), ['ok']);
});

test('a document that is not a list', () => {
  assert.deepEqual(schema('a: b\n'), ["failed for <root>: Value type not permitted by 'type' constraint."]);
});

test('a collection used as a key is a yaml-cpp conversion error', () => {
  const l = load('- ? [a]\n  : b\n');
  assert.deepEqual(l.file.errors.map((e) => [e.code, e.message]), [
    ['LOAD_ERR_YAML_PARSE', 'yaml-cpp: error at line 1, column 5: bad conversion'],
  ]);
});

test('schema problems never fail a load by themselves', () => {
  const l = load('- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: Informational\n');
  assert.equal(l.file.successful, true);
  assert.equal(l.file.schemaValidation[0], 'failed for <root>[0][priority]: Failed to match against any enum values.');
});

test('the printed rule schema has Falco keys in sorted order', () => {
  const s = RuleEngine.ruleSchema() as Record<string, unknown>;
  assert.deepEqual(Object.keys(s), ['$schema', 'definitions', 'items', 'type']);
  const defs = s.definitions as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(defs), ['Alternative', 'Exception', 'FalcoRule', 'Item', 'OverriddenItem', 'Override', 'Priority', 'RequiredPluginVersion']);
  assert.deepEqual((defs.Priority as { enum: string[] }).enum, ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'INFORMATIONAL', 'DEBUG']);
  assert.equal(Object.keys(defs.FalcoRule!.properties as object).length, 20);
});
