/**
 * `-L` / `-l RULE`: the JSON description of loaded rules, macros and lists,
 * and the text table of rule names and wrapped descriptions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleEngine } from '../../../src/rules/engine.js';
import { load } from './helpers.js';

const RULES = `
- required_engine_version: 0.57.0
- required_plugin_versions:
  - name: container
    version: 0.4.0
    alternatives:
      - name: other
        version: 1.0.0
- list: shells
  items: [bash, sh]
- list: more
  items: [shells, zsh]
- macro: spawned
  condition: evt.type in (execve, execveat)
- rule: Shell in container
  desc: A shell was spawned in a container, which is something that happens very rarely in production environments and should be looked at by someone.
  condition: spawned and proc.name in (more) and container.id != host
  output: shell %proc.name %tolower(proc.pname) in %container.id
  priority: WARNING
  tags: [shell, container]
`;

interface Described {
  required_engine_version: string;
  required_plugin_versions: unknown[];
  rules: Array<{ info: Record<string, unknown>; details: Record<string, unknown> }>;
  macros: Array<{ info: Record<string, unknown>; details: Record<string, unknown> }>;
  lists: Array<{ info: Record<string, unknown>; details: Record<string, unknown> }>;
}

function described(): Described {
  const l = load(RULES);
  assert.equal(l.result.successful, true);
  return l.engine.describeRules() as unknown as Described;
}

test('-L JSON: requirements', () => {
  const d = described();
  assert.equal(d.required_engine_version, '0.57.0');
  assert.deepEqual(d.required_plugin_versions, [{ alternatives: [{ name: 'other', version: '1.0.0' }], name: 'container', version: '0.4.0' }]);
  assert.equal(load('- list: l\n  items: []\n').engine.describeRules().required_engine_version, '0.0.0');
});

test('-L JSON: rule info and details', () => {
  const r = described().rules[0]!;
  assert.deepEqual(r.info, {
    capture: false,
    capture_duration: 0,
    condition: 'spawned and proc.name in (more) and container.id != host',
    description:
      'A shell was spawned in a container, which is something that happens very rarely in production environments and should be looked at by someone.',
    enabled: true,
    name: 'Shell in container',
    output: 'shell %proc.name %tolower(proc.pname) in %container.id',
    priority: 'Warning',
    source: 'syscall',
    tags: ['container', 'shell'],
  });
  assert.deepEqual(r.details, {
    condition_compiled: '(evt.type in (execve, execveat) and proc.name in (bash, sh, zsh) and container.id != host)',
    condition_fields: ['container.id', 'evt.type', 'proc.name'],
    condition_operators: ['!=', 'in'],
    events: ['asyncevent', 'execve', 'execveat'],
    exception_fields: [],
    exception_names: [],
    exception_operators: [],
    lists: ['more'],
    macros: ['spawned'],
    output_compiled: 'shell %proc.name %tolower(proc.pname) in %container.id',
    output_fields: ['proc.name', 'proc.pname', 'tolower(proc.pname)', 'container.id'],
    plugins: ['container'],
  });
});

test('-L JSON: macros and lists', () => {
  const d = described();
  assert.deepEqual(d.macros[0], {
    details: {
      condition_compiled: 'evt.type in (execve, execveat)',
      condition_fields: ['evt.type'],
      condition_operators: ['in'],
      events: ['asyncevent', 'execve', 'execveat'],
      lists: [],
      macros: [],
      plugins: [],
      used: true,
    },
    info: { condition: 'evt.type in (execve, execveat)', name: 'spawned' },
  });
  assert.deepEqual(d.lists[1], {
    details: { items_compiled: ['bash', 'sh', 'zsh'], lists: ['shells'], plugins: [], used: true },
    info: { items: ['zsh'], name: 'more' },
  });
});

test('list values with blanks are items, not list references', () => {
  const l = load('- list: my_list\n  items: [non_escaped_val, "escaped val"]\n');
  const d = l.engine.describeRules() as unknown as Described;
  assert.equal(d.rules.length, 0);
  assert.equal(d.macros.length, 0);
  assert.deepEqual(d.lists[0]!.details.lists, []);
  assert.deepEqual(d.lists[0]!.details.items_compiled, ['non_escaped_val', 'escaped val']);
});

test('-l RULE: one rule; unknown rules are Falco errors', () => {
  const l = load(RULES);
  const one = l.engine.describeRules('Shell in container') as unknown as Described;
  assert.deepEqual(Object.keys(one), ['rules']);
  assert.equal(one.rules.length, 1);
  assert.throws(() => l.engine.describeRules('nope'), { message: 'Rule "nope" is not loaded' });
});

test('-L text: two columns, descriptions wrapped at 110 with a 51 indent', () => {
  const text = RuleEngine.formatDescriptionText(described() as never);
  assert.equal(
    text,
    'Rule                                               Description\n' +
      '----                                               -----------\n' +
      'Shell in container                                 A shell was spawned in a container, which is something \n' +
      '                                                   that happens very rarely in production environments and \n' +
      '                                                   should be looked at by someone. \n' +
      '\n',
  );
});

test('-L JSON text: one line, keys sorted', () => {
  const l = load('- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n');
  const json = RuleEngine.formatDescriptionJson(l.engine.describeRules('r'));
  assert.ok(json.startsWith('{"rules":[{"details":{"condition_compiled":"evt.type = open","condition_fields":["evt.type"]'));
  assert.ok(json.endsWith('"info":{"capture":false,"capture_duration":0,"condition":"evt.type = open","description":"d","enabled":true,"name":"r","output":"o","priority":"Informational","source":"syscall","tags":[]}}]}\n'));
});

test('compiled conditions print like libsinsp (quoting, nesting, not)', () => {
  const l = load(
    "- rule: r\n  desc: d\n  condition: evt.type = open and not (proc.name = 'a b' or fd.name startswith \"/x=y\") and proc.args contains 'a\\\\b'\n  output: o\n  priority: INFO\n",
  );
  const d = l.engine.describeRules('r') as unknown as Described;
  assert.equal(
    d.rules[0]!.details.condition_compiled,
    '(evt.type = open and not (proc.name = "a b" or fd.name startswith "/x=y") and proc.args contains "a\\\\b")',
  );
});
