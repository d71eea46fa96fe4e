import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classesForListing, fieldTags, formatFieldList, parseFieldListFormat } from '../../src/fields/list-format.js';
import { sourceFieldClasses } from '../../src/fields/catalog.js';
import { containerPluginFieldClass, nativeSyscallFieldClasses } from '../../src/fields/syscall-fields.js';
import type { FieldClass, FieldInfo } from '../../src/fields/types.js';
import { REFERENCE } from '../reference.js';

const REFERENCE_DIR = process.env.FALCO_REFERENCE_DIR ?? `${REFERENCE}`;
const reference = readFileSync(join(REFERENCE_DIR, 'falco-0.44.1-fields-syscall.txt'), 'utf8');

interface RefField { name: string; type: string; tags: string[]; desc: string }
interface RefClass { header: string; hasDescription: boolean; classDesc: string; sources: string; fields: RefField[] }

/** Reads `falco --list -v` text back into classes (descriptions unwrapped). */
function parseListing(text: string): RefClass[] {
  const blocks = text.split('-------------------------------\n').filter((b) => b !== '');
  return blocks.map((block) => {
    const lines = block.split('\n');
    const header = lines[0]!;
    let i = 1;
    let classDesc = '';
    let hasDescription = false;
    if (lines[i]!.startsWith('Description:')) {
      hasDescription = true;
      classDesc = lines[i]!.slice(30);
      i++;
      while (lines[i]!.startsWith(' '.repeat(30))) classDesc += lines[i++]!.slice(30);
    }
    const sources = lines[i]!.startsWith('Event Sources:') ? lines[i++]! : '';
    assert.equal(lines[i++], '', 'blank line after the class header');
    const fields: RefField[] = [];
    let current: { name: string; text: string } | undefined;
    const flush = () => {
      if (current === undefined) return;
      const m = /^\(Type: ([A-Z0-9]+)\) (?:\(([A-Z_,]+)\) )?([\s\S]*)$/.exec(current.text);
      assert.ok(m, `field line of ${current.name}: ${current.text}`);
      fields.push({ name: current.name, type: m[1]!, tags: m[2] === undefined ? [] : m[2].split(','), desc: m[3]!.trim().split(/\s+/).join(' ') });
    };
    for (; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') continue;
      if (line.startsWith(' '.repeat(30))) {
        current!.text += line.slice(30);
      } else {
        flush();
        current = line.length > 30 && line.charAt(29) !== ' ' && !line.includes(' ')
          ? { name: line, text: '' } // a name longer than the column stands alone
          : { name: line.slice(0, 30).trim(), text: line.slice(30) };
      }
    }
    flush();
    return { header, hasDescription, classDesc: classDesc.trim().split(/\s+/).join(' '), sources, fields };
  });
}

const refClasses = parseListing(reference);
const ourSyscall = classesForListing(sourceFieldClasses(), 'syscall');
const ourNative = ourSyscall.filter((c) => c.plugin === undefined);

test('the reference lists 207 fields in 8 classes, and so do our native syscall classes', () => {
  assert.equal(refClasses.length, 8);
  assert.equal(refClasses.reduce((n, c) => n + c.fields.length, 0), 207);
  assert.equal(ourNative.length, 8);
  const listed = ourNative.flatMap((c) => c.fields.filter((f) => f.flags.hidden !== true && f.flags.deprecated !== true));
  assert.equal(listed.length, 207);
});

test('--list=syscall -v: class headers, names, types and flags equal the reference', () => {
  const ours = parseListing(formatFieldList(ourNative, { verbose: true }));
  assert.equal(ours.length, refClasses.length);
  for (let c = 0; c < refClasses.length; c++) {
    const ref = refClasses[c]!;
    const mine = ours[c]!;
    assert.equal(mine.header, ref.header);
    assert.equal(mine.hasDescription, ref.hasDescription);
    assert.equal(mine.sources, ref.sources);
    assert.deepEqual(mine.fields.map((f) => f.name), ref.fields.map((f) => f.name), ref.header);
    for (let k = 0; k < ref.fields.length; k++) {
      assert.equal(mine.fields[k]!.type, ref.fields[k]!.type, ref.fields[k]!.name);
      assert.deepEqual(mine.fields[k]!.tags, ref.fields[k]!.tags, ref.fields[k]!.name);
    }
  }
});

test('--list=syscall -v: with Falco\'s descriptions put in, the output is the reference byte for byte', () => {
  // Descriptions are the only part that is ours; everything else must be laid out identically.
  const withRefText: FieldClass[] = ourNative.map((cls, c) => {
    const ref = refClasses[c]!;
    const descs = new Map(ref.fields.map((f) => [f.name, f.desc]));
    return {
      ...cls,
      description: ref.classDesc,
      fields: cls.fields.map((f): FieldInfo => ({ ...f, description: descs.get(f.name) ?? f.description })),
    };
  });
  const out = formatFieldList(withRefText, { verbose: true });
  const outLines = out.split('\n');
  const refLines = reference.split('\n');
  for (let i = 0; i < Math.max(outLines.length, refLines.length); i++) {
    assert.equal(outLines[i], refLines[i], `line ${i + 1}`);
  }
  assert.equal(out, reference);
});

test('our own descriptions keep the layout: width, indentation, separators', () => {
  const out = formatFieldList(ourSyscall, { verbose: true });
  const lines = out.split('\n');
  assert.equal(lines.filter((l) => l === '-------------------------------').length, 9);
  for (const line of lines) {
    assert.ok(Buffer.byteLength(line) <= 120, `too wide: ${line}`);
    if (line.startsWith(' ')) assert.match(line, /^ {30}\S/, 'continuation lines start in column 30');
  }
  // Every listed field starts a line, in column 0, its description in column 30.
  for (const cls of ourSyscall) {
    for (const f of cls.fields) {
      if (f.flags.hidden === true || f.flags.deprecated === true) continue;
      const prefix = f.name.length > 30 ? `${f.name}\n${' '.repeat(30)}(Type: ${f.type}) ` : `${f.name.padEnd(30)}(Type: ${f.type}) `;
      assert.ok(out.includes(`\n${prefix}`), f.name);
    }
  }
  assert.ok(out.endsWith(' \n\n'));
});

test('descriptions are one sentence, ours, and never empty', () => {
  const refDescs = new Set(refClasses.flatMap((c) => c.fields.map((f) => f.desc)));
  for (const cls of [...nativeSyscallFieldClasses, containerPluginFieldClass]) {
    for (const f of cls.fields) {
      assert.ok(f.description.length > 10, f.name);
      assert.match(f.description, /[.)]$/, `${f.name} ends a sentence`);
      assert.ok(!refDescs.has(f.description), `${f.name} must not reuse Falco's text`);
    }
  }
});

test('the container plugin class is listed the way Falco lists plugin classes', () => {
  const out = formatFieldList([containerPluginFieldClass], { verbose: true });
  const lines = out.split('\n');
  assert.equal(lines[0], '-------------------------------');
  assert.equal(lines[1], 'Field Class:                  container (plugin)');
  // No description line: plugins give their field class none.
  assert.equal(lines[2], 'Event Sources:                syscall ');
  assert.equal(lines[3], '');
  assert.match(out, /\ncontainer\.mount {15}\(Type: CHARBUF\) \(ARG_INDEX,ARG_KEY,ARG_REQUIRED\) /);
  assert.match(out, /\nk8s\.pod\.label {17}\(Type: CHARBUF\) \(ARG_KEY,ARG_REQUIRED\) /);
  assert.match(out, /\ncontainer\.start_ts {12}\(Type: ABSTIME\) [A-Z]/);
  assert.equal(parseListing(out)[0]!.fields.length, 61);
  assert.deepEqual(fieldTags(containerPluginFieldClass.fields[0]!), []);
});

test('without -v the type prefix disappears and the flags stay', () => {
  const out = formatFieldList(ourNative, {});
  assert.ok(!out.includes('(Type:'));
  assert.match(out, /\nevt\.around {20}\(ARG_REQUIRED,EPF_NO_RHS,EPF_NO_TRANSFORMER,FILTER_ONLY\) /);
  assert.match(out, /\nfd\.types {22}\(ARG_ALLOWED,EPF_IS_LIST,EPF_NO_RHS\) /);
  assert.match(out, /\nproc\.exe_ino\.ctime_duration_proc_start\n {30}\S/);
  assert.equal(out.split('\n').filter((l) => l.startsWith('Field Class:')).length, 8);
});

test('-N prints listed names only, hidden and deprecated fields left out', () => {
  const out = formatFieldList(ourSyscall, { namesOnly: true });
  const names = out.trimEnd().split('\n');
  assert.equal(names.length, 207 + 61);
  assert.equal(names[0], 'evt.num');
  assert.ok(names.includes('k8s.pod.label'));
  for (const hidden of ['evt.dir', 'evt.latency', 'evt.outputtime', 'thread.nametid', 'util.cnt']) {
    assert.ok(!names.includes(hidden), hidden);
  }
  const json = JSON.parse(formatFieldList(ourSyscall, { namesOnly: true, format: 'json' })) as { fieldnames: string[] };
  assert.deepEqual(json.fieldnames, names);
});

test('--format markdown: one table per class, list types wrapped in LIST()', () => {
  const out = formatFieldList(ourSyscall, { format: 'markdown' });
  assert.ok(out.startsWith('## Field Class: evt\n\nFields that every event has, whatever source it comes from.\n\nEvent Sources: syscall \n\nName | Type | Description\n:----|:-----|:-----------\n`evt.num` | UINT64 | Sequence number of the event.\n'));
  assert.match(out, /\n`fd\.types` \| LIST\(CHARBUF\) \| /);
  assert.match(out, /\n## Field Class: container \(plugin\)\n\nEvent Sources: syscall \n\nName \| Type/);
  // Markdown has no qualifier: both evt classes are titled `evt`.
  assert.equal(out.split('\n').filter((l) => l === '## Field Class: evt').length, 2);
  assert.ok(!out.includes('`evt.dir`'));
});

test('--format json: Falco\'s keys, sorted, two-space indent', () => {
  const out = formatFieldList(ourSyscall, { format: 'json' });
  assert.ok(out.startsWith('{\n  "fieldclasses": [\n    {\n      "desc": '));
  assert.ok(out.endsWith('}\n'));
  const doc = JSON.parse(out) as { fieldclasses: Array<Record<string, unknown> & { fields: Array<Record<string, unknown>> }> };
  assert.equal(doc.fieldclasses.length, 9);
  assert.deepEqual(Object.keys(doc.fieldclasses[0]!), ['desc', 'event_sources', 'fields', 'name']);
  const plugin = doc.fieldclasses[8]!;
  assert.deepEqual(Object.keys(plugin), ['event_sources', 'fields', 'name']);
  assert.equal(plugin.name, 'container (plugin)');
  const byName = new Map(doc.fieldclasses.flatMap((c) => c.fields).map((f) => [f.name as string, f]));
  assert.deepEqual(Object.keys(byName.get('evt.num')!), ['argument', 'desc', 'is_list', 'name', 'type']);
  assert.equal(byName.get('evt.num')!.argument, null);
  assert.deepEqual(byName.get('proc.aname')!.argument, { required: false, type: [] });
  assert.deepEqual(byName.get('evt.arg')!.argument, { required: true, type: [] });
  assert.deepEqual(byName.get('container.mount')!.argument, { required: true, type: ['INDEX', 'KEY'] });
  assert.deepEqual(byName.get('k8s.pod.label')!.argument, { required: true, type: ['KEY'] });
  assert.equal(byName.get('fd.types')!.is_list, true);
  assert.equal(byName.get('evt.rawarg')!.type, 'DYNAMIC');
  assert.equal(byName.size, 207 + 61);
});

test('--list without a source: a class shared by sources is printed once with all of them', () => {
  const generic = nativeSyscallFieldClasses[0]!;
  const audit: FieldClass = {
    name: 'k8saudit (plugin)', plugin: 'k8saudit', description: '', sources: ['k8s_audit'],
    fields: [{ name: 'ka.user.name', type: 'CHARBUF', description: 'User name.', flags: {} }],
  };
  const entries = [...sourceFieldClasses(), { source: 'k8s_audit', classes: [generic, audit] }];
  const all = classesForListing(entries);
  assert.equal(all.length, 10);
  assert.deepEqual(all[0]!.sources, ['k8s_audit', 'syscall']);
  assert.equal(all[9]!.name, 'k8saudit (plugin)');
  const text = formatFieldList(all, {});
  assert.ok(text.startsWith('-------------------------------\nField Class:                  evt (All event types)\nDescription:'));
  assert.match(text, /\nEvent Sources: {16}k8s_audit syscall \n/);
  // Restricted to one source, a shared class names only that source.
  const onlyAudit = classesForListing(entries, 'k8s_audit');
  assert.deepEqual(onlyAudit.map((c) => c.name), ['evt', 'k8saudit (plugin)']);
  assert.deepEqual(onlyAudit[0]!.sources, ['k8s_audit']);
});

test('wrapping follows Falco: 90 columns counted with trailing spaces, overlong words after a break', () => {
  const long = 'x'.repeat(95);
  const cls: FieldClass = {
    name: 'demo', description: `${'a'.repeat(88)} b c`, sources: [],
    fields: [{ name: 'demo.f', type: 'BOOL', description: long, flags: { argAllowed: true } }],
  };
  const out = formatFieldList([cls], {});
  const lines = out.split('\n');
  // 89 + 2 > 90 after "a...a " (89 bytes): "b" moves to the next line.
  assert.equal(lines[2], `Description:                  ${'a'.repeat(88)} `);
  assert.equal(lines[3], `${' '.repeat(30)}b c `);
  // No Event Sources line without sources.
  assert.equal(lines[4], '');
  assert.equal(lines[5], 'demo.f                        (ARG_ALLOWED) ');
  assert.equal(lines[6], `${' '.repeat(30)}${long} `);
});

test('a class whose fields are all deprecated prints as an empty line', () => {
  const cls: FieldClass = {
    name: 'old', description: 'Old fields.', sources: ['syscall'],
    fields: [{ name: 'old.f', type: 'BOOL', description: 'Gone.', flags: { deprecated: true } }],
  };
  assert.equal(formatFieldList([cls], { verbose: true }), '\n');
  assert.equal(formatFieldList([cls], { format: 'json' }), '');
});

test('--format values are read case-insensitively, with Falco\'s message for others', () => {
  assert.equal(parseFieldListFormat('JSON'), 'json');
  assert.equal(parseFieldListFormat('Markdown'), 'markdown');
  assert.equal(parseFieldListFormat('text'), 'text');
  assert.deepEqual(parseFieldListFormat('yaml'), { error: "Invalid format 'yaml'. Valid values are: text, markdown, json" });
});
