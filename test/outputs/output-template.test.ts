import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syscallFieldCatalog } from '../../src/fields/catalog.js';
import type { ResolvedField } from '../../src/fields/types.js';
import type { ExtractorFactory } from '../../src/fields/value.js';
import { writeJson } from '../../src/outputs/json-writer.js';
import { compileOutputTemplate, outputFieldName, type OutputTemplate } from '../../src/outputs/output-template.js';
import { fieldJson } from '../../src/outputs/value-json.js';
import { fakeFactory, recordKey, type FakeEvent } from './golden.js';

function compile(format: string): OutputTemplate<FakeEvent> {
  const t = compileOutputTemplate(format, syscallFieldCatalog, fakeFactory);
  if ('error' in t) throw new Error(t.error);
  return t;
}

const EVENT: FakeEvent = {
  'proc.name': 'cat',
  'proc.cmdline': 'cat /dev/null',
  'proc.pid': 4242,
  'fd.name': '/Etc/Passwd',
  'fd.types': ['file', 'ipv4'],
  'proc.env[HOME]': '/root',
  'proc.aname[2]': 'bash',
  'evt.num': 137,
  'fd.dev': 0x801,
};

test('literal text and fields', () => {
  const r = compile('An open was seen (command=%proc.cmdline pid=%proc.pid)').render(EVENT);
  assert.equal(r.text, 'An open was seen (command=cat /dev/null pid=4242)');
  assert.deepEqual(Object.keys(r.fields), ['proc.cmdline', 'proc.pid']);
  assert.equal(r.fields['proc.pid']!.value, 4242);
});

test('missing values print <NA> and are null in output_fields', () => {
  const r = compile('user=%user.name proc=%proc.name').render(EVENT);
  assert.equal(r.text, 'user=<NA> proc=cat');
  assert.equal(writeJson(fieldJson(r.fields['user.name']!.info, r.fields['user.name']!.value, 0n)), 'null');
});

test('fields with arguments keep their argument in the key', () => {
  const t = compile('%proc.aname[2] %proc.env[HOME]');
  assert.equal(t.render(EVENT).text, 'bash /root');
  assert.deepEqual(t.fieldNames, ['proc.aname[2]', 'proc.env[HOME]']);
});

test('field names end where the longest known field ends', () => {
  assert.equal(compile('%proc.namex|%evt.num.').render(EVENT).text, 'catx|137.');
  assert.equal(compile('a%proc.name').render(EVENT).text, 'acat');
});

test('a leading * is optional and not printed', () => {
  assert.equal(compile('*%proc.name').render(EVENT).text, 'cat');
  assert.equal(compile('**x').render(EVENT).text, '*x');
  assert.equal(compile('').render(EVENT).text, '');
});

test('%N pads or cuts the value to N bytes', () => {
  assert.equal(compile('[%6proc.name][%2proc.name][%4user.name][%3proc.name]').render(EVENT).text, '[cat   ][ca][<NA>][cat]');
});

test('values are printed by type and print format', () => {
  assert.equal(compile('%fd.types %fd.dev %evt.num').render(EVENT).text, '(file,ipv4) 801 137');
});

test('transformers: printed transformed, their fields (not themselves) in output_fields', () => {
  const t = compile('%toupper(proc.name) %tolower(fd.name) %basename(fd.name)');
  const r = t.render(EVENT);
  assert.equal(r.text, 'CAT /etc/passwd Passwd');
  assert.deepEqual(t.fieldNames, ['proc.name', 'fd.name']);
});

test('multi-value transformers: join, concat', () => {
  const r = compile('%join("+", fd.types) %concat(proc.name, "-", proc.cmdline)').render(EVENT);
  assert.equal(r.text, 'file+ipv4 cat-cat /dev/null');
});

test('len() keeps its field\'s print format: of a list it counts, of text it has none (<NA>)', () => {
  assert.equal(compile('%len(fd.types) %len(proc.name)').render(EVENT).text, '2 <NA>');
});

test('a transformer of a missing value is <NA>', () => {
  assert.equal(compile('%toupper(user.name)').render(EVENT).text, '<NA>');
});

test('errors: unknown field, trailing %, wrong transformer type', () => {
  const unknown = compileOutputTemplate('x %nosuch.field', syscallFieldCatalog, fakeFactory);
  assert.ok('error' in unknown && unknown.error.startsWith('unknown filter:'), JSON.stringify(unknown));
  const trailing = compileOutputTemplate('x %', syscallFieldCatalog, fakeFactory);
  assert.deepEqual(trailing, { error: 'invalid formatting syntax: formatting cannot end with a %', pos: 2 });
  const badType = compileOutputTemplate('%toupper(evt.num)', syscallFieldCatalog, fakeFactory);
  // Like libsinsp, a reference no prefix of which compiles reports the shortest attempt's error.
  assert.ok('error' in badType && badType.error.startsWith('unknown filter:'), JSON.stringify(badType));
  assert.equal(badType.pos, 1);
});

test('a parenthesised field is not a reference (libsinsp refuses %(proc.aname))', () => {
  const r = compileOutputTemplate('start %(proc.aname) end', syscallFieldCatalog, fakeFactory);
  assert.ok('error' in r && r.error.startsWith('unknown filter:'), JSON.stringify(r));
});

test('each distinct field gets one extractor, built at compile time', () => {
  const asked: string[] = [];
  const counting: ExtractorFactory<FakeEvent> = {
    extractor(field: ResolvedField) {
      asked.push(recordKey(field));
      return fakeFactory.extractor(field);
    },
  };
  const t = compileOutputTemplate('%proc.name %proc.name %toupper(proc.name) %proc.pid', syscallFieldCatalog, counting);
  assert.ok(!('error' in t));
  assert.deepEqual(asked.sort(), ['proc.name', 'proc.pid']);
  t.render(EVENT);
  assert.equal(asked.length, 2);
});

test('output field names quote arguments like libsinsp', () => {
  assert.equal(outputFieldName('proc.env', 'HOME'), 'proc.env[HOME]');
  assert.equal(outputFieldName('proc.env', 'A B'), 'proc.env["A B"]');
  assert.equal(outputFieldName('proc.env', 'a"b'), 'proc.env["a\\"b"]');
  assert.equal(outputFieldName('proc.env', ''), 'proc.env[""]');
  assert.equal(outputFieldName('proc.name'), 'proc.name');
});
