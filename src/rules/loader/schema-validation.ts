/**
 * Checks each YAML document of a rules file against Falco's rules JSON
 * schema, the way Falco does it (valijson with weak types over yaml-cpp
 * nodes): the outcome is a list of "schema warnings" shown by `-V`, never an
 * error. Every failure is reported, innermost first, as
 * "failed for <root>[0][priority]: <description>".
 *
 * Weak typing means: any scalar is a string; a boolean is the text "true" or
 * "false"; an integer is text a C++ stream reads wholly as int64.
 */
import type { Mark, YMap, YNode } from './yaml-doc.js';

type TypeName = 'array' | 'boolean' | 'integer' | 'object' | 'string';

interface Schema {
  type?: TypeName;
  anyOf?: Schema[];
  enum?: string[];
  items?: Schema;
  minProperties?: number;
  /** Property subschemas; checked in byte order of the names, like valijson's std::map. */
  properties?: Record<string, Schema>;
  /** false = no other keys allowed. */
  additionalProperties?: false;
  required?: string[];
}

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const overriddenItem: Schema = { type: 'string', enum: ['append', 'replace'] };

const alternative: Schema = {
  type: 'object',
  properties: { name: str, version: str },
  additionalProperties: false,
  required: ['name', 'version'],
};

const pluginVersion: Schema = {
  type: 'object',
  properties: { name: str, version: str, alternatives: { type: 'array', items: alternative } },
  additionalProperties: false,
  required: ['name', 'version'],
};

const exception: Schema = {
  type: 'object',
  properties: { name: str, fields: {}, comps: {}, values: {} },
  additionalProperties: false,
  required: ['name'],
};

const override: Schema = {
  type: 'object',
  minProperties: 1,
  properties: Object.fromEntries(
    [
      'items', 'desc', 'condition', 'output', 'priority', 'enabled', 'exceptions', 'capture', 'capture_duration',
      'tags', 'warn_evttypes', 'skip-if-unknown-filter',
    ].map((k) => [k, overriddenItem]),
  ),
  additionalProperties: false,
};

const priority: Schema = {
  type: 'string',
  enum: ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'INFORMATIONAL', 'DEBUG'],
};

const falcoRule: Schema = {
  type: 'object',
  properties: {
    required_engine_version: str,
    required_plugin_versions: { type: 'array', items: pluginVersion },
    macro: str,
    condition: str,
    list: str,
    items: { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
    rule: str,
    desc: str,
    enabled: bool,
    output: str,
    append: bool,
    priority,
    capture: bool,
    capture_duration: { type: 'integer' },
    source: str,
    exceptions: { type: 'array', items: exception },
    override,
    tags: { type: 'array', items: str },
    warn_evttypes: bool,
    'skip-if-unknown-filter': bool,
  },
  additionalProperties: false,
  required: [],
};

const rulesFile: Schema = { type: 'array', items: falcoRule };

/** A key that yaml-cpp cannot read as a string (a collection used as a key). */
export class BadKeyConversion extends Error {
  constructor(readonly mark: Mark) {
    super('bad conversion');
  }
}

interface SchemaError {
  context: string[];
  description: string;
}

/** Bounds the work on documents whose aliases make them exponentially large. */
const MAX_VISITS = 1_000_000;

class Validator {
  private visits = 0;

  validate(node: YNode, schema: Schema, context: string[], out: SchemaError[]): boolean {
    if (++this.visits > MAX_VISITS) return true;
    let ok = true;
    if (schema.type && !this.hasType(node, schema.type)) {
      out.push({ context, description: "Value type not permitted by 'type' constraint." });
      ok = false;
    }
    if (schema.anyOf && !this.anyOf(node, schema.anyOf, context, out)) ok = false;
    if (schema.enum && !this.inEnum(node, schema.enum)) {
      out.push({ context, description: 'Failed to match against any enum values.' });
      ok = false;
    }
    if (schema.items && node.kind === 'seq') {
      node.items.forEach((item, i) => {
        if (!this.validate(item, schema.items!, [...context, `[${i}]`], out)) {
          out.push({ context, description: `Failed to validate item #${i} in array.` });
          ok = false;
        }
      });
    }
    if (schema.minProperties !== undefined && maybeObject(node)) {
      const size = node.kind === 'map' ? node.entries.length : 0;
      if (size < schema.minProperties) {
        out.push({ context, description: `Object should have no fewer than ${schema.minProperties} properties.` });
        ok = false;
      }
    }
    if (schema.properties && maybeObject(node)) {
      if (!this.properties(node, schema, context, out)) ok = false;
    }
    if (schema.required && maybeObject(node)) {
      for (const name of schema.required) {
        if (node.kind !== 'map' || findMember(node, name) === undefined) {
          out.push({ context, description: `Missing required property '${name}'.` });
          ok = false;
        }
      }
    }
    return ok;
  }

  private anyOf(node: YNode, options: Schema[], context: string[], out: SchemaError[]): boolean {
    const childErrors: SchemaError[] = [];
    for (let i = 0; i < options.length; i++) {
      if (this.validate(node, options[i]!, context, childErrors)) return true;
      childErrors.push({ context, description: `Failed to validate against child schema #${i}.` });
    }
    out.push(...childErrors);
    out.push({ context, description: 'Failed to validate against any schemas allowed by anyOf constraint.' });
    return false;
  }

  private properties(node: YNode, schema: Schema, context: string[], out: SchemaError[]): boolean {
    let ok = true;
    const matched = new Set<string>();
    const names = Object.keys(schema.properties!).sort();
    const entries = node.kind === 'map' ? node.entries : [];
    for (const name of names) {
      const value = node.kind === 'map' ? findMember(node, name) : undefined;
      if (value === undefined) continue;
      matched.add(name);
      if (!this.validate(value, schema.properties![name]!, [...context, `[${name}]`], out)) {
        out.push({ context, description: `Failed to validate against schema associated with property name '${name}'.` });
        ok = false;
      }
    }
    if (schema.additionalProperties === false && matched.size !== entries.length) {
      let unwanted = '';
      for (const e of entries) {
        const key = keyText(e.key);
        if (!matched.has(key)) {
          unwanted = key;
          break;
        }
      }
      out.push({
        context,
        description:
          "Object contains a property that could not be validated using 'properties' or 'additionalProperties' " +
          `constraints: '${unwanted}'.`,
      });
      ok = false;
    }
    return ok;
  }

  private hasType(node: YNode, type: TypeName): boolean {
    switch (type) {
      case 'array':
        return node.kind === 'seq';
      case 'object':
        return node.kind === 'map';
      case 'string':
        return node.kind === 'scalar';
      case 'boolean':
        return maybeString(node) && stringValue(node) !== undefined && ['true', 'false'].includes(stringValue(node)!);
      case 'integer':
        return maybeString(node) && isStreamInteger(stringValue(node) ?? '');
    }
  }

  private inEnum(node: YNode, values: string[]): boolean {
    // Weak equality between an enum string and the node: both read as strings.
    if (!maybeString(node)) return false;
    const text = stringValue(node);
    return text !== undefined && values.includes(text);
  }
}

function keyText(key: YNode): string {
  if (key.kind === 'scalar') return key.value;
  if (key.kind === 'null') return 'null';
  throw new BadKeyConversion(key.mark);
}

function findMember(map: YMap, name: string): YNode | undefined {
  for (const e of map.entries) if (keyText(e.key) === name) return e.value;
  return undefined;
}

/** valijson's "maybe string": scalars, and empty collections. */
function maybeString(node: YNode): boolean {
  if (node.kind === 'scalar') return true;
  if (node.kind === 'map') return node.entries.length === 0;
  if (node.kind === 'seq') return node.items.length === 0;
  return false;
}

function stringValue(node: YNode): string | undefined {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'map' || node.kind === 'seq') return '';
  return undefined;
}

function maybeObject(node: YNode): boolean {
  return node.kind === 'map' || (node.kind === 'seq' && node.items.length === 0);
}

/** `std::istringstream >> int64_t` consumes the whole text (leading blanks allowed, nothing after). */
function isStreamInteger(text: string): boolean {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(text);
  if (!m) return false;
  const value = BigInt((m[1] === '-' ? '-' : '') + m[2]!);
  return value >= -(2n ** 63n) && value <= 2n ** 63n - 1n;
}

/**
 * Validates every document; returns the schema status list Falco keeps
 * ("ok" per valid document, one "failed for ..." line per reported problem).
 * Throws BadKeyConversion like yaml-cpp does for a collection used as a key.
 */
export function validateRulesSchema(documents: readonly YNode[]): string[] {
  const status: string[] = [];
  for (const doc of documents) {
    const errors: SchemaError[] = [];
    if (new Validator().validate(doc, rulesFile, ['<root>'], errors)) {
      status.push('ok');
    } else {
      for (const e of errors) status.push(`failed for ${e.context.join('')}: ${e.description}`);
    }
  }
  return status;
}
