/**
 * Falco's JSON schema of rules files, as `falco --print-rule-schema` prints
 * it (objects with keys in sorted order, like nlohmann::json keeps them).
 * schema-validation.ts checks documents against the same definitions.
 */
import type { JsonValue } from './json-text.js';

const ref = (name: string): JsonValue => ({ $ref: `#/definitions/${name}` });
const type = (t: string): JsonValue => ({ type: t });
const arrayOf = (items: JsonValue): JsonValue => ({ type: 'array', items });

function sortKeys(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  const out: { [key: string]: JsonValue } = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]!);
  return out;
}

export function rulesJsonSchema(): JsonValue {
  const overridable = [
    'items', 'desc', 'condition', 'output', 'priority', 'enabled', 'exceptions', 'capture', 'capture_duration', 'tags',
    'warn_evttypes', 'skip-if-unknown-filter',
  ];
  return sortKeys({
    $schema: 'http://json-schema.org/draft-06/schema#',
    type: 'array',
    items: ref('FalcoRule'),
    definitions: {
      FalcoRule: {
        type: 'object',
        additionalProperties: false,
        properties: {
          required_engine_version: type('string'),
          required_plugin_versions: arrayOf(ref('RequiredPluginVersion')),
          macro: type('string'),
          condition: type('string'),
          list: type('string'),
          items: arrayOf(ref('Item')),
          rule: type('string'),
          desc: type('string'),
          enabled: type('boolean'),
          output: type('string'),
          append: type('boolean'),
          priority: ref('Priority'),
          capture: type('boolean'),
          capture_duration: type('integer'),
          source: type('string'),
          exceptions: arrayOf(ref('Exception')),
          override: ref('Override'),
          tags: arrayOf(type('string')),
          warn_evttypes: type('boolean'),
          'skip-if-unknown-filter': type('boolean'),
        },
        required: [],
        title: 'FalcoRule',
      },
      Item: { anyOf: [type('integer'), type('string')], title: 'Item' },
      Exception: {
        type: 'object',
        additionalProperties: false,
        properties: { name: type('string'), fields: {}, comps: {}, values: {} },
        required: ['name'],
        title: 'Exception',
      },
      Priority: {
        type: 'string',
        enum: ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'INFORMATIONAL', 'DEBUG'],
        title: 'Priority',
      },
      OverriddenItem: { type: 'string', enum: ['append', 'replace'], title: 'OverriddenItem' },
      Override: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(overridable.map((k) => [k, ref('OverriddenItem')])),
        minProperties: 1,
        title: 'Override',
      },
      RequiredPluginVersion: {
        type: 'object',
        additionalProperties: false,
        properties: { name: type('string'), version: type('string'), alternatives: arrayOf(ref('Alternative')) },
        required: ['name', 'version'],
        title: 'RequiredPluginVersion',
      },
      Alternative: {
        type: 'object',
        additionalProperties: false,
        properties: { name: type('string'), version: type('string') },
        required: ['name', 'version'],
        title: 'Alternative',
      },
    },
  });
}
