import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syscallFieldCatalog } from '../../src/fields/catalog.js';
import type { FieldInfo } from '../../src/fields/types.js';
import {
  alertOutputFields, formatAlertJson, formatAlertText, formatInternalAlertJson, formatInternalAlertText, type Alert,
} from '../../src/outputs/alert-format.js';
import { writeJson } from '../../src/outputs/json-writer.js';
import { compileOutputTemplate, type OutputTemplate } from '../../src/outputs/output-template.js';
import { AlertCounter, formatSummary } from '../../src/outputs/summary.js';
import { eventFromRecord, fakeFactory, readFieldRecords, readReference, type FakeEvent } from './golden.js';

function infoOfKey(key: string): FieldInfo | undefined {
  const m = /^([^[]+)\[(.*)\]$/.exec(key);
  const r = m === null ? syscallFieldCatalog.resolve(key) : syscallFieldCatalog.resolve(m[1]!, m[2]!);
  return 'error' in r ? undefined : r.info;
}

/** The 4 events of cat_write.scap that `open_from_cat` (evt.type=open and proc.name=cat) matches. */
function catOpenEvents(): Array<{ time: bigint; event: FakeEvent }> {
  const { events } = readFieldRecords('cat_write.scap');
  return events
    .filter((r) => r['evt.type'] === 'open' && r['proc.name'] === 'cat')
    .map((r) => ({ time: BigInt(r['evt.rawtime'] as number | bigint), event: eventFromRecord(r, infoOfKey) }));
}

function template(format: string): OutputTemplate<FakeEvent> {
  const t = compileOutputTemplate(format, syscallFieldCatalog, fakeFactory);
  if ('error' in t) throw new Error(t.error);
  return t;
}

const RULE = { name: 'open_from_cat', priority: 4, tags: ['filesystem', 'process', 'testing'] };

function catAlerts(tags: readonly string[]): Alert[] {
  const output = template('An open was seen (command=%proc.cmdline)');
  return catOpenEvents().map(({ time, event }) => {
    const r = output.render(event);
    return {
      time, priority: RULE.priority, rule: RULE.name, source: 'syscall', tags,
      message: r.text, fields: r.fields, hostname: 'test-falco-hostname',
    };
  });
}

function summaryOf(alerts: readonly Alert[]): string {
  const counter = new AlertCounter([{ name: RULE.name, priority: RULE.priority }]);
  for (const _ of alerts) counter.record(0);
  return formatSummary(counter.stats());
}

test('byte for byte: single_rule_with_cat_write.txt (text, time_format_iso_8601, summary)', () => {
  const alerts = catAlerts([]);
  assert.equal(alerts.length, 4);
  const stdout = alerts.map((a) => `${formatAlertText(a, { timeFormatIso8601: true })}\n`).join('') + summaryOf(alerts);
  assert.equal(stdout, readReference('single_rule_with_cat_write.txt'));
});

test('byte for byte: single_rule_with_cat_write.json (json_output with output and tags)', () => {
  const alerts = catAlerts(['testing', 'filesystem', 'process']);
  const options = { timeFormatIso8601: true, jsonIncludeOutputProperty: true, jsonIncludeTagsProperty: true };
  const stdout = alerts.map((a) => `${formatAlertJson(a, options)}\n`).join('') + summaryOf(alerts);
  assert.equal(stdout, readReference('single_rule_with_cat_write.json'));
});

const ALERT: Alert = {
  time: 1470327477881785348n,
  priority: 6,
  rule: 'r1',
  source: 'syscall',
  tags: ['b', 'a', 'b'],
  message: 'hello (user=root)',
  fields: { 'user.name': { info: syscallFieldCatalog.get('user.name')!, value: 'root' } },
  hostname: 'host',
};

test('default text layout: local time of day, long priority name', () => {
  assert.equal(formatAlertText(ALERT, { utcOffsetSeconds: 0 }), '16:17:57.881785348: Informational hello (user=root)');
  assert.equal(formatAlertText({ ...ALERT, priority: 0 }, { utcOffsetSeconds: 3600 }), '17:17:57.881785348: Emergency hello (user=root)');
});

test('default text layout under TZ=UTC', () => {
  const saved = process.env['TZ'];
  try {
    process.env['TZ'] = 'UTC';
    assert.equal(formatAlertText({ ...ALERT, priority: 3 }), '16:17:57.881785348: Error hello (user=root)');
  } finally {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  }
});

test('text output is printed as is (no escaping of control characters)', () => {
  assert.equal(formatAlertText({ ...ALERT, message: 'a\tb\u0001' }, { timeFormatIso8601: true }), '2016-08-04T16:17:57.881785348+0000: Informational a\tb\u0001');
});

test('JSON defaults: output, tags and output_fields included, message not; evt.time without iso', () => {
  assert.equal(
    formatAlertJson(ALERT, { utcOffsetSeconds: 0 }),
    '{"hostname":"host","output":"16:17:57.881785348: Informational hello (user=root)",' +
      '"output_fields":{"evt.time":1470327477881785348,"user.name":"root"},"priority":"Informational","rule":"r1",' +
      '"source":"syscall","tags":["a","b"],"time":"2016-08-04T16:17:57.881785348Z"}',
  );
});

test('JSON with every optional property switched', () => {
  assert.equal(
    formatAlertJson(ALERT, {
      jsonIncludeOutputProperty: false, jsonIncludeTagsProperty: false,
      jsonIncludeMessageProperty: true, jsonIncludeOutputFieldsProperty: false,
    }),
    '{"hostname":"host","message":"hello (user=root)","priority":"Informational","rule":"r1","source":"syscall","time":"2016-08-04T16:17:57.881785348Z"}',
  );
});

test('JSON escapes control characters in output and fields', () => {
  const line = formatAlertJson(
    { ...ALERT, message: 'x\ny', fields: { 'proc.name': { info: syscallFieldCatalog.get('proc.name')!, value: 'a"b' } } },
    { timeFormatIso8601: true },
  );
  assert.ok(line.includes('"output":"2016-08-04T16:17:57.881785348+0000: Informational x\\ny"'), line);
  assert.ok(line.includes('"proc.name":"a\\"b"'), line);
});

test('output_fields: missing values are null, extra fields are merged last', () => {
  const fields = alertOutputFields(
    {
      ...ALERT,
      fields: { 'proc.name': { info: syscallFieldCatalog.get('proc.name')!, value: undefined } },
      extraFields: {
        'my.text': 'pid 5',
        'proc.pid': { info: syscallFieldCatalog.get('proc.pid')!, value: 5 },
        'missing': null,
        'evt.time': 'replaced',
      },
    },
    {},
  );
  assert.equal(writeJson(fields), '{"evt.time":"replaced","missing":null,"my.text":"pid 5","proc.name":null,"proc.pid":5}');
});

test('internal alerts (syscall event drops) in text and JSON', () => {
  const internal = {
    time: 1470327477881785348n, priority: 2, rule: 'Falco internal: syscall event drop',
    message: 'Falco internal: syscall event drop. 3 system calls dropped in last second.',
    fields: { n_drops: 3, ebpf_enabled: 1, n_evts: 100 }, hostname: 'host',
  };
  assert.equal(
    formatInternalAlertText(internal, { utcOffsetSeconds: 0 }),
    '16:17:57.881785348: Critical Falco internal: syscall event drop. 3 system calls dropped in last second. (ebpf_enabled=1 n_drops=3 n_evts=100)',
  );
  assert.equal(
    formatInternalAlertJson(internal),
    '{"hostname":"host","output":"Falco internal: syscall event drop. 3 system calls dropped in last second.",' +
      '"output_fields":{"ebpf_enabled":1,"n_drops":3,"n_evts":100},"priority":"Critical","rule":"Falco internal: syscall event drop",' +
      '"source":"internal","time":"2016-08-04T16:17:57.881785348Z"}',
  );
});
