/**
 * Checks a configuration document against the schema with "weak" scalar
 * types (a YAML scalar `true` is a boolean, `42` an integer), like Falco's
 * validator, and reports the first problem as Falco's status line does:
 * "ok", or "failed for <root>[key][0]: <what>".
 */
import { mapEntries, seqItems } from './node.js';
import type { ConfigNode } from './node.js';
import { parseDouble } from './scalar.js';
import { CONFIG_SCHEMA } from './schema.js';
import type { JsonSchema } from './schema.js';

export const VALIDATION_OK = 'ok';

type Problem = { path: string; what: string };

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  while (s.$ref) {
    const name = s.$ref.replace('#/definitions/', '');
    const target = root.definitions?.[name];
    if (!target) break;
    s = target;
  }
  return s;
}

function typeMatches(node: ConfigNode, type: NonNullable<JsonSchema['type']>): boolean {
  switch (type) {
    case 'object': return node.kind === 'map';
    case 'array': return node.kind === 'seq';
    case 'null': return node.kind === 'null';
    case 'string': return node.kind === 'scalar';
    case 'boolean': return node.kind === 'scalar' && (node.value === 'true' || node.value === 'false');
    case 'integer': return node.kind === 'scalar' && /^[+-]?\d+$/.test(node.value.trim());
    case 'number': return node.kind === 'scalar' && parseDouble(node.value) !== undefined;
  }
}

function check(node: ConfigNode, schemaIn: JsonSchema, root: JsonSchema, path: string): Problem | undefined {
  const schema = resolve(schemaIn, root);
  if (node.kind === 'undefined') return undefined;
  if (schema.type && !typeMatches(node, schema.type)) {
    return { path, what: `expected a value of type ${schema.type}` };
  }
  if (schema.enum && !(node.kind === 'scalar' && schema.enum.includes(node.value))) {
    return { path, what: `value is not one of: ${schema.enum.join(', ')}` };
  }
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((s) => check(node, s, root, path) === undefined).length;
    if (matching !== 1) return { path, what: matching === 0 ? 'value matches none of the allowed forms' : 'value matches more than one allowed form' };
  }
  if (schema.anyOf && !schema.anyOf.some((s) => check(node, s, root, path) === undefined)) {
    return { path, what: 'value matches none of the allowed forms' };
  }
  if (node.kind === 'map') {
    const entries = mapEntries(node);
    for (const key of schema.required ?? []) {
      if (!entries.some(([k]) => k === key)) return { path, what: `missing required key '${key}'` };
    }
    for (const [key, value] of entries) {
      const sub = schema.properties?.[key];
      const childPath = `${path}[${key}]`;
      if (sub) {
        const problem = check(value, sub, root, childPath);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) {
        return { path, what: `unknown key '${key}'` };
      } else if (typeof schema.additionalProperties === 'object') {
        const problem = check(value, schema.additionalProperties, root, childPath);
        if (problem) return problem;
      }
    }
  }
  if (node.kind === 'seq' && schema.items) {
    const items = seqItems(node);
    for (let i = 0; i < items.length; i++) {
      const problem = check(items[i]!, schema.items, root, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * The validation status of a whole document. An empty document (null) is
 * valid: Falco runs with built-in defaults then.
 */
export function validateConfig(node: ConfigNode, schema: JsonSchema = CONFIG_SCHEMA): string {
  if (node.kind === 'null' || node.kind === 'undefined') return VALIDATION_OK;
  const problem = check(node, schema, schema, '<root>');
  return problem ? `failed for ${problem.path}: ${problem.what}` : VALIDATION_OK;
}
