import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppendOutput } from '../../src/config/falco-config.js';
import { syscallFieldCatalog } from '../../src/fields/catalog.js';
import { formatAlertJson } from '../../src/outputs/alert-format.js';
import { appendOutputMatches, applyAppendOutput, suggestedFieldFormat } from '../../src/outputs/append-output.js';
import { compileExtraFields } from '../../src/outputs/extra-fields.js';
import { compileOutputTemplate } from '../../src/outputs/output-template.js';
import { fakeFactory, type FakeEvent } from './golden.js';

function entry(partial: Partial<Omit<AppendOutput, 'match'>> & { match?: Partial<AppendOutput['match']> }): AppendOutput {
  return {
    extraOutput: partial.extraOutput ?? '',
    formattedFields: partial.formattedFields ?? {},
    rawFields: partial.rawFields ?? [],
    suggestedOutput: partial.suggestedOutput ?? false,
    match: { source: '', tags: [], rule: '', ...partial.match },
  };
}

const RULE = { name: 'open_from_cat', source: 'syscall', tags: ['filesystem', 'process'], output: 'An open was seen (command=%proc.cmdline)' };

test('extra_output is appended after a blank, in order, to matching rules', () => {
  const r = applyAppendOutput(RULE, [entry({ extraOutput: 'pid=%proc.pid' }), entry({ extraOutput: 'user=%user.name' })]);
  assert.equal(r.output, 'An open was seen (command=%proc.cmdline) pid=%proc.pid user=%user.name');
  assert.deepEqual(r.extraFields, []);
});

test('match on source, rule name and tags (all of the entry\'s tags)', () => {
  assert.equal(appendOutputMatches({ source: 'syscall', tags: [], rule: '' }, RULE), true);
  assert.equal(appendOutputMatches({ source: 'k8s_audit', tags: [], rule: '' }, RULE), false);
  assert.equal(appendOutputMatches({ source: '', tags: [], rule: 'other' }, RULE), false);
  assert.equal(appendOutputMatches({ source: '', tags: ['process'], rule: 'open_from_cat' }, RULE), true);
  assert.equal(appendOutputMatches({ source: '', tags: ['process', 'network'], rule: '' }, RULE), false);
  const r = applyAppendOutput(RULE, [entry({ extraOutput: 'A', match: { tags: ['network'] } }), entry({ extraOutput: 'B', match: { tags: ['filesystem'] } })]);
  assert.equal(r.output, `${RULE.output} B`);
});

test('suggested_output appends foo_bar=%foo.bar per suggested field of the rule\'s source', () => {
  const suggestedFields = (source: string): string[] => (source === 'syscall' ? ['container.id', 'container.name'] : []);
  const r = applyAppendOutput(RULE, [entry({ suggestedOutput: true })], { suggestedFields });
  assert.equal(r.output, `${RULE.output} container_id=%container.id container_name=%container.name`);
  assert.equal(suggestedFieldFormat('k8s.pod.name'), 'k8s_pod_name=%k8s.pod.name');
});

test('-p text comes last; its obsolete container/kubernetes shorthands add nothing', () => {
  const entries = [entry({ extraOutput: 'X' })];
  assert.equal(applyAppendOutput(RULE, entries, { printAdditional: 'p=%proc.pid' }).output, `${RULE.output} X p=%proc.pid`);
  assert.equal(applyAppendOutput(RULE, entries, { printAdditional: 'container' }).output, `${RULE.output} X`);
});

test('extra_fields: formatted and raw, later keys replace earlier ones', () => {
  const r = applyAppendOutput(RULE, [
    entry({ formattedFields: { where: 'in %fd.name' }, rawFields: ['proc.pid'] }),
    entry({ formattedFields: { where: 'at %fd.name' } }),
  ]);
  assert.deepEqual(r.extraFields, [
    { key: 'where', format: 'at %fd.name', raw: false },
    { key: 'proc.pid', format: '%proc.pid', raw: true },
  ]);
});

test('extra fields end up in JSON output_fields only, typed when raw', () => {
  const applied = applyAppendOutput(RULE, [
    entry({ extraOutput: 'pid=%proc.pid', formattedFields: { where: 'in %fd.name', empty: '' }, rawFields: ['proc.pid', 'toupper(proc.name)'] }),
  ]);
  const output = compileOutputTemplate(applied.output, syscallFieldCatalog, fakeFactory);
  const extras = compileExtraFields(applied.extraFields, syscallFieldCatalog, fakeFactory);
  assert.ok(!('error' in output) && !('error' in extras));
  const event: FakeEvent = { 'proc.cmdline': 'cat /dev/null', 'proc.pid': 12, 'fd.name': '/dev/null', 'proc.name': 'cat' };
  const r = output.render(event);
  assert.equal(r.text, 'An open was seen (command=cat /dev/null) pid=12');
  const line = formatAlertJson(
    {
      time: 1470327477881785348n, priority: 4, rule: RULE.name, source: 'syscall', tags: RULE.tags,
      message: r.text, fields: r.fields, hostname: 'h', extraFields: extras.render(event),
    },
    { timeFormatIso8601: true, jsonIncludeOutputProperty: false, jsonIncludeTagsProperty: false },
  );
  assert.equal(
    line,
    '{"hostname":"h","output_fields":{"evt.time.iso8601":1470327477881785348,"proc.cmdline":"cat /dev/null",' +
      '"proc.pid":12,"toupper(proc.name)":null,"where":"in /dev/null"},"priority":"Warning","rule":"open_from_cat",' +
      '"source":"syscall","time":"2016-08-04T16:17:57.881785348Z"}',
  );
});

test('an invalid extra field format is reported with its key', () => {
  const extras = compileExtraFields([{ key: 'k', format: 'x %', raw: false }], syscallFieldCatalog, fakeFactory);
  assert.deepEqual(extras, { error: 'invalid formatting syntax: formatting cannot end with a %', pos: 2, key: 'k' });
});
