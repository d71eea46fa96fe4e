/**
 * What `falco -L` / `falco -l RULE` print about loaded rules: a JSON
 * description (rules, macros and lists with their details: fields,
 * operators, event types, compiled condition, plugins used) and the text
 * table of rule names and wrapped descriptions. Sets Falco keeps unordered
 * are listed sorted here.
 */
import type { Expr, Operand } from '../condition/ast.js';
import { forEachLeaf, forEachTest } from '../condition/walk.js';
import { parseCondition } from '../condition/parser.js';
import type { CompileOutput, CompiledRule } from './compiler.js';
import type { Collector } from './collector.js';
import type { JsonValue } from './json-text.js';
import { priorityName } from './priority.js';
import { formatFieldNames, sinspConditionText } from './sinsp-text.js';
import { versionText } from './version.js';

export type DescribeResult = { [key: string]: JsonValue };

/** What the description needs to know about sources. */
export interface DescribeSupport {
  /** Event names a condition of this source can match (`asyncevent` is added here). */
  eventNames(source: string, condition: Expr): string[];
  /** The plugin that provides a field, if any (for the `plugins` detail). */
  fieldPlugin(source: string, fieldName: string): string | undefined;
}

interface FilterDetails {
  fields: Set<string>;
  macros: Set<string>;
  operators: Set<string>;
  lists: Set<string>;
  evtnames: Set<string>;
}

/** Falco's filter_details_resolver over our AST. */
function filterDetails(expr: Expr, knownMacros: ReadonlySet<string>, knownLists: ReadonlySet<string>): FilterDetails {
  const d: FilterDetails = { fields: new Set(), macros: new Set(), operators: new Set(), lists: new Set(), evtnames: new Set() };
  let lastField = '';
  let expectList = false;
  let expectEvtname = false;
  const operand = (o: Operand): void =>
    forEachLeaf(o, (l) => {
      switch (l.kind) {
        case 'field':
          lastField = l.name + (l.arg !== undefined && l.arg !== '' ? `[${l.arg}]` : '');
          d.fields.add(lastField);
          return;
        case 'value':
          if (expectEvtname) d.evtnames.add(l.value);
          return;
        case 'listref':
          if (expectEvtname) d.evtnames.add(l.name);
          return;
        case 'list':
          for (const v of l.values) {
            if (expectList && knownLists.has(v.value)) d.lists.add(v.value);
            if (expectEvtname && !knownLists.has(v.value)) d.evtnames.add(v.value);
          }
          return;
      }
    });
  forEachTest(expr, {
    identifier: (e) => {
      if (knownMacros.has(e.name)) d.macros.add(e.name);
    },
    unary: (e) => {
      lastField = '';
      operand(e.left);
      d.operators.add(e.op);
    },
    binary: (e) => {
      lastField = '';
      expectEvtname = false;
      expectList = false;
      operand(e.left);
      d.operators.add(e.modifier === undefined ? e.op : `${e.op} ${e.modifier}`);
      expectList = true;
      expectEvtname = lastField === 'evt.type' || lastField === 'evt.asynctype';
      operand(e.right);
      expectEvtname = false;
      expectList = false;
    },
  });
  return d;
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

export class RulesDescriber {
  private readonly knownMacros: Set<string>;
  private readonly knownLists: Set<string>;

  constructor(
    private readonly collector: Collector,
    private readonly compiled: CompileOutput,
    private readonly support: DescribeSupport,
  ) {
    this.knownMacros = new Set([...collector.macros].map((m) => m.name));
    this.knownLists = new Set([...collector.lists].map((l) => l.name));
  }

  /** Details of the text as written (macros and lists named in it). */
  private writtenDetails(text: string): FilterDetails | undefined {
    const parsed = parseCondition(text);
    return parsed.ok ? filterDetails(parsed.expr, this.knownMacros, this.knownLists) : undefined;
  }

  all(): DescribeResult {
    const requirements = this.collector.pluginRequirements.map((req) => {
      const [first, ...rest] = req.alternatives;
      return {
        alternatives: rest.map((a) => ({ name: a.name, version: a.version })),
        name: first?.name ?? '',
        version: first?.version ?? '',
      };
    });
    return {
      lists: this.compiled.lists.map((l) => this.list(l.name)),
      macros: this.compiled.macros.map((m) => this.macro(m.name)),
      required_engine_version: versionText(this.collector.requiredEngineVersion),
      required_plugin_versions: requirements,
      rules: this.compiled.rules.map((r) => this.rule(r)),
    };
  }

  one(rule: CompiledRule): DescribeResult {
    return { rules: [this.rule(rule)] };
  }

  private rule(r: CompiledRule): JsonValue {
    const written = this.writtenDetails(r.conditionText);
    const compiled = filterDetails(r.condition, this.knownMacros, this.knownLists);
    const outputFields = formatFieldNames(r.outputTokens);
    const usedFields = new Set([...compiled.fields, ...outputFields]);
    const plugins = new Set<string>();
    for (const f of usedFields) {
      const name = f.includes('[') ? f.slice(0, f.indexOf('[')) : f;
      const p = this.support.fieldPlugin(r.source, name);
      if (p !== undefined) plugins.add(p);
    }
    return {
      details: {
        condition_compiled: sinspConditionText(r.condition),
        condition_fields: sorted(compiled.fields),
        condition_operators: sorted(compiled.operators),
        events: this.support.eventNames(r.source, r.condition),
        exception_fields: [...r.exceptionFields],
        exception_names: sorted(r.exceptionNames),
        exception_operators: sorted(r.exceptionOperators),
        lists: sorted(written?.lists ?? []),
        macros: sorted(written?.macros ?? []),
        output_compiled: r.output,
        output_fields: outputFields,
        plugins: sorted(plugins),
      },
      info: {
        capture: r.capture,
        capture_duration: r.captureDuration,
        condition: r.conditionText,
        description: r.desc,
        enabled: r.enabled,
        name: r.name,
        output: r.outputText,
        priority: priorityName(r.priority),
        source: r.source,
        tags: [...r.tags],
      },
    };
  }

  private macro(name: string): JsonValue {
    const m = this.compiled.macros.find((x) => x.name === name)!;
    const written = this.writtenDetails(m.conditionText);
    const compiled = filterDetails(m.condition, this.knownMacros, this.knownLists);
    return {
      details: {
        condition_compiled: sinspConditionText(m.condition),
        condition_fields: sorted(compiled.fields),
        condition_operators: sorted(compiled.operators),
        events: this.support.eventNames('', m.condition),
        lists: sorted(written?.lists ?? []),
        macros: sorted(written?.macros ?? []),
        plugins: [],
        used: m.used,
      },
      info: { condition: m.conditionText, name: m.name },
    };
  }

  private list(name: string): JsonValue {
    const l = this.compiled.lists.find((x) => x.name === name)!;
    // A written item missing from the compiled items was a list name, expanded.
    const items: string[] = [];
    const lists = new Set<string>();
    for (const i of l.writtenItems) {
      if (l.items.includes(i)) items.push(i);
      else lists.add(i);
    }
    return {
      details: { items_compiled: [...l.items], lists: sorted(lists), plugins: [], used: l.used },
      info: { items, name: l.name },
    };
  }
}

/** Falco's text table: rule names and descriptions wrapped at 110 columns. */
export function formatDescriptionText(described: DescribeResult): string {
  let out = twoColumns('Rule', 'Description') + twoColumns('----', '-----------');
  const rules = Array.isArray(described.rules) ? described.rules : [];
  for (const r of rules) {
    const info = (r as { info?: { name?: unknown; description?: unknown } }).info ?? {};
    out += twoColumns(String(info.name ?? ''), `${wrapText(String(info.description ?? ''), 51, 110)}\n`);
  }
  return out;
}

function twoColumns(left: string, right: string): string {
  // snprintf into a 4096-byte buffer: at most 4094 characters.
  return `${left.padEnd(50)} ${right}`.slice(0, 4094) + '\n';
}

function wrapText(text: string, indent: number, lineLength: number): string {
  let out = '';
  let len = 0;
  for (const word of text.split(/[ \t\n\v\f\r]+/).filter((w) => w !== '')) {
    if (len + word.length + 1 <= lineLength - indent) {
      len += word.length + 1;
    } else {
      out += '\n' + ' '.repeat(indent);
      len = word.length + 1;
    }
    out += `${word} `;
  }
  return out;
}
