import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FieldCatalog, catalogForSource, createSyscallFieldCatalog, isResolveError, registerSourceCatalog,
  sourceFieldClasses, syscallFieldCatalog, unknownFieldMessage, type ResolveResult,
} from '../../src/fields/catalog.js';
import { CONTAINER_PLUGIN_VERSION, containerPluginFieldClass, syscallFieldClasses } from '../../src/fields/syscall-fields.js';
import type { FieldClass } from '../../src/fields/types.js';

// A slice of the real event table (libscap 0.25.4 names): enough to check lookups by name.
const events = {
  eventTypeNames: ['open', 'openat', 'execve', 'connect', 'read', 'procexit'],
  paramNames: ['fd', 'name', 'flags', 'mode', 'res', 'resource', 'dirfd', 'filename', 'tuple', 'data', 'size', 'in_fd'],
};
const catalog = createSyscallFieldCatalog({ events });

/** Resolves and expects success: returns [field name, arg, argNumber]. */
function ok(name: string, arg?: string): [string, string | undefined, number | bigint | undefined] {
  const r = catalog.resolve(name, arg);
  if (isResolveError(r)) assert.fail(`${name}${arg === undefined ? '' : `[${arg}]`}: ${r.error}`);
  return [r.info.name, r.arg, r.argNumber];
}

function err(name: string, arg?: string): string {
  const r: ResolveResult = catalog.resolve(name, arg);
  assert.ok(isResolveError(r), `${name}[${arg}] should not resolve`);
  return r.error;
}

test('plain fields resolve to themselves, without argument', () => {
  assert.deepEqual(ok('proc.name'), ['proc.name', undefined, undefined]);
  assert.deepEqual(ok('evt.type'), ['evt.type', undefined, undefined]);
  assert.deepEqual(ok('fd.name'), ['fd.name', undefined, undefined]);
  assert.deepEqual(ok('proc.exe_ino.ctime_duration_pidns_start'), ['proc.exe_ino.ctime_duration_pidns_start', undefined, undefined]);
  assert.deepEqual(ok('thread.cap_effective'), ['thread.cap_effective', undefined, undefined]);
  assert.deepEqual(ok('syscall.type'), ['syscall.type', undefined, undefined]);
  assert.deepEqual(ok('evt.args'), ['evt.args', undefined, undefined]);
  assert.deepEqual(ok('thread.cgroups'), ['thread.cgroups', undefined, undefined]);
  assert.deepEqual(ok('fd.type'), ['fd.type', undefined, undefined]);
});

test('hidden and deprecated fields still resolve, with their flags', () => {
  const dir = catalog.resolve('evt.dir');
  assert.ok(!isResolveError(dir) && dir.info.flags.deprecated === true);
  const quantized = catalog.resolve('evt.latency.quantized');
  assert.ok(!isResolveError(quantized) && quantized.info.flags.hidden === true);
  assert.deepEqual(ok('util.cnt'), ['util.cnt', undefined, undefined]);
  assert.deepEqual(ok('evt.outputtime'), ['evt.outputtime', undefined, undefined]);
});

test('unknown names give the message Falco prints for them', () => {
  assert.equal(err('foo.bar'), 'filter_check called with nonexistent field foo.bar');
  assert.equal(err('proc.nam'), 'filter_check called with nonexistent field proc.nam');
  // A longer name than any field: the class that knows a prefix rejects the rest.
  assert.equal(err('proc.namex'), unknownFieldMessage('proc.namex'));
  assert.equal(err('thread.cap_foo'), unknownFieldMessage('thread.cap_foo'));
  // An argument on a field that takes none makes the whole text unknown.
  assert.equal(err('proc.name', '1'), unknownFieldMessage('proc.name[1]'));
  assert.equal(err('fd.typesx'), unknownFieldMessage('fd.typesx'));
});

test('evt.arg: by name (dotted) or by position (bracket), required', () => {
  assert.deepEqual(ok('evt.arg.fd'), ['evt.arg', 'fd', undefined]);
  assert.deepEqual(ok('evt.arg', '0'), ['evt.arg', '0', 0]);
  assert.deepEqual(ok('evt.arg', '2'), ['evt.arg', '2', 2]);
  // The longest parameter name wins (`resource`, not `res`).
  assert.deepEqual(ok('evt.arg.resource'), ['evt.arg', 'resource', undefined]);
  assert.equal(err('evt.arg', 'x'), 'x is not a valid number');
  assert.equal(err('evt.arg'), 'filter syntax error: evt.arg');
  assert.equal(err('evt.argx'), 'filter syntax error: evt.argx');
  assert.equal(err('evt.arg.nosuch'), 'unknown event argument nosuch');
  assert.equal(err('evt.arg.fdx'), unknownFieldMessage('evt.arg.fdx'));
  assert.equal(err('evt.arg.fd', '0'), unknownFieldMessage('evt.arg.fd[0]'));
});

test('evt.rawarg: by name only', () => {
  assert.deepEqual(ok('evt.rawarg.fd'), ['evt.rawarg', 'fd', undefined]);
  assert.deepEqual(ok('evt.rawarg.flags'), ['evt.rawarg', 'flags', undefined]);
  assert.equal(err('evt.rawarg', '0'), 'evt.arg fields must be expressed explicitly');
  assert.equal(err('evt.rawarg'), 'filter syntax error: evt.rawarg');
  assert.equal(err('evt.rawarg.nosuch'), 'unknown event argument nosuch');
});

test('evt.around: a 64-bit timestamp in brackets', () => {
  assert.deepEqual(ok('evt.around', '1404996934793590564'), ['evt.around', '1404996934793590564', 1404996934793590564n]);
  assert.deepEqual(ok('evt.around', '1000'), ['evt.around', '1000', 1000]);
  assert.equal(err('evt.around.5'), 'wrong syntax for evt.around');
  assert.equal(err('evt.around'), 'filter syntax error: evt.around');
  assert.equal(err('evt.around', 'soon'), 'soon is not a valid number');
});

test('evt.type.is: dotted event type, the bracket form is a syntax error', () => {
  assert.deepEqual(ok('evt.type.is.open'), ['evt.type.is', 'open', undefined]);
  assert.deepEqual(ok('evt.type.is.execve'), ['evt.type.is', 'execve', undefined]);
  assert.deepEqual(ok('evt.type.is.3'), ['evt.type.is', '3', 3]);
  assert.equal(err('evt.type.is.nosuch'), unknownFieldMessage('evt.type.is.nosuch'));
  assert.equal(err('evt.type.is', 'open'), 'filter syntax error: evt.type.is[open]');
  assert.equal(err('evt.type.is'), 'filter syntax error: evt.type.is');
});

test('evt.abspath: optional .src or .dst', () => {
  assert.deepEqual(ok('evt.abspath'), ['evt.abspath', undefined, undefined]);
  assert.deepEqual(ok('evt.abspath.src'), ['evt.abspath', 'src', undefined]);
  assert.deepEqual(ok('evt.abspath.dst'), ['evt.abspath', 'dst', undefined]);
  assert.equal(err('evt.abspath.foo'), unknownFieldMessage('evt.abspath.foo'));
  assert.equal(err('evt.abspath', 'src'), unknownFieldMessage('evt.abspath[src]'));
});

test('ancestor fields take an optional numeric level; anything else is an unknown field', () => {
  assert.deepEqual(ok('proc.aname'), ['proc.aname', undefined, undefined]);
  assert.deepEqual(ok('proc.aname', '2'), ['proc.aname', '2', 2]);
  assert.deepEqual(ok('proc.apid', '1'), ['proc.apid', '1', 1]);
  assert.deepEqual(ok('proc.apid', '-1'), ['proc.apid', '-1', -1]);
  // proc.aexe is a prefix of proc.aexepath: each resolves to itself.
  assert.deepEqual(ok('proc.aexe', '1'), ['proc.aexe', '1', 1]);
  assert.deepEqual(ok('proc.aexepath', '1'), ['proc.aexepath', '1', 1]);
  assert.deepEqual(ok('proc.acmdline', '3'), ['proc.acmdline', '3', 3]);
  assert.deepEqual(ok('proc.aargs', '1'), ['proc.aargs', '1', 1]);
  assert.deepEqual(ok('proc.args', '0'), ['proc.args', '0', 0]);
  assert.deepEqual(ok('proc.args'), ['proc.args', undefined, undefined]);
  assert.equal(err('proc.aname', 'x'), unknownFieldMessage('proc.aname[x]'));
  assert.equal(err('proc.aname.2'), unknownFieldMessage('proc.aname.2'));
});

test('proc.env and proc.aenv take a variable name or an index', () => {
  assert.deepEqual(ok('proc.env'), ['proc.env', undefined, undefined]);
  assert.deepEqual(ok('proc.env', 'HOME'), ['proc.env', 'HOME', undefined]);
  assert.deepEqual(ok('proc.env', '3'), ['proc.env', '3', 3]);
  assert.deepEqual(ok('proc.aenv', 'PATH'), ['proc.aenv', 'PATH', undefined]);
  assert.deepEqual(ok('proc.aenv', '2'), ['proc.aenv', '2', 2]);
  assert.deepEqual(ok('proc.env', ''), ['proc.env', '', undefined]);
});

test('thread.cgroup takes a dotted subsystem name', () => {
  assert.deepEqual(ok('thread.cgroup.cpuacct'), ['thread.cgroup', 'cpuacct', undefined]);
  assert.deepEqual(ok('thread.cgroup.net_cls'), ['thread.cgroup', 'net_cls', undefined]);
  assert.equal(err('thread.cgroup'), 'filter syntax error: thread.cgroup');
  assert.equal(err('thread.cgroup', 'cpu'), 'filter syntax error: thread.cgroup[cpu]');
  assert.equal(err('thread.cgroup.cpu2'), unknownFieldMessage('thread.cgroup.cpu2'));
});

test('fd.types takes an optional fd number', () => {
  assert.deepEqual(ok('fd.types'), ['fd.types', undefined, undefined]);
  assert.deepEqual(ok('fd.types', '0'), ['fd.types', '0', 0]);
  assert.equal(err('fd.types', 'x'), 'x is not a valid number');
});

test('names starting with "arg" hit libsinsp\'s unfinished proc.arg field', () => {
  assert.equal(err('args.foo'), 'filter error: proc.arg filter not implemented yet');
});

test('container plugin fields: keys, indexes and the plugin\'s argument messages', () => {
  assert.deepEqual(ok('container.id'), ['container.id', undefined, undefined]);
  assert.deepEqual(ok('container.image.repository'), ['container.image.repository', undefined, undefined]);
  assert.deepEqual(ok('k8s.ns.name'), ['k8s.ns.name', undefined, undefined]);
  assert.deepEqual(ok('proc.is_container_healthcheck'), ['proc.is_container_healthcheck', undefined, undefined]);
  assert.deepEqual(ok('container.mount.dest', '/var/run/docker.sock'), ['container.mount.dest', '/var/run/docker.sock', undefined]);
  assert.deepEqual(ok('container.mount', '0'), ['container.mount', '0', 0]);
  // Not an index (leading zero), but the field also takes keys.
  assert.deepEqual(ok('container.mount', '01'), ['container.mount', '01', undefined]);
  assert.deepEqual(ok('k8s.pod.label', 'app.kubernetes.io/name'), ['k8s.pod.label', 'app.kubernetes.io/name', undefined]);
  assert.deepEqual(ok('k8s.pod.labels'), ['k8s.pod.labels', undefined, undefined]);
  assert.equal(err('k8s.pod.label'), "filter 'k8s.pod.label': k8s.pod.label requires an argument but none provided");
  assert.equal(err('k8s.pod.label.app'), "filter 'k8s.pod.label.app': k8s.pod.label requires an argument but none provided");
  assert.equal(err('container.id', '1'), "filter 'container.id[1]': container.id does not allow nor require an argument but one is provided: 1");
  // libsinsp cuts plugin field text at the first space.
  assert.equal(err('container.label', 'a b'), "filter 'container.label[a': container.label has unbalanced argument brackets");
  assert.equal(err('container.label.foo', 'x'), unknownFieldMessage('container.label.foo[x]'));
  assert.equal(err('container.nosuch'), unknownFieldMessage('container.nosuch'));
});

test('plugin index-only arguments are checked like libsinsp checks them', () => {
  const plugin: FieldClass = {
    name: 'demo (plugin)', plugin: 'demo', description: '', sources: ['syscall'],
    fields: [{ name: 'demo.item', type: 'CHARBUF', description: 'An item.', flags: { argAllowed: true, argIndex: true }, argGrammar: 'plugin' }],
  };
  const demo = new FieldCatalog([plugin]);
  assert.deepEqual(demo.resolve('demo.item', '7'), { info: plugin.fields[0], arg: '7', argNumber: 7 });
  assert.deepEqual(demo.resolve('demo.item'), { info: plugin.fields[0] });
  assert.deepEqual(demo.resolve('demo.item', 'abc'), { error: 'filter demo.item[abc] demo.item has an invalid index argument not composed only by digits: abc' });
  assert.deepEqual(demo.resolve('demo.item', '01'), { error: 'filter demo.item[01] demo.item has an invalid index argument starting with 0: 01' });
  assert.deepEqual(demo.resolve('demo.item', '99999999999999999999'), { error: 'filter demo.item[99999999999999999999] demo.item has an invalid index argument not representable on 64 bit: 99999999999999999999' });
});

test('without the event table, event names and parameter names are taken on trust', () => {
  const lenient = createSyscallFieldCatalog();
  assert.deepEqual(lenient.resolve('evt.arg.anything'), { info: lenient.get('evt.arg'), arg: 'anything' });
  assert.deepEqual(lenient.resolve('evt.type.is.whatever'), { info: lenient.get('evt.type.is'), arg: 'whatever' });
  // Supplying it afterwards applies to later lookups.
  lenient.setEventVocabulary(events);
  assert.deepEqual(lenient.resolve('evt.arg.anything'), { error: 'unknown event argument anything' });
});

test('catalog facts: classes, counts, plugin version, per-source lookup', () => {
  assert.equal(CONTAINER_PLUGIN_VERSION, '0.7.1');
  assert.equal(containerPluginFieldClass.fields.length, 61);
  assert.equal(syscallFieldClasses.length, 10);
  // 232 libsinsp syscall fields (207 listed), util.cnt, 61 plugin fields.
  assert.equal(catalog.fieldNames().length, 232 + 1 + 61);
  assert.equal(catalogForSource('syscall'), syscallFieldCatalog);
  assert.equal(catalogForSource('k8s_audit'), undefined);
  const rawarg = catalog.get('evt.rawarg');
  assert.equal(rawarg?.type, 'DYNAMIC');
  assert.equal(rawarg?.dottedArg, true);
  assert.equal(catalog.get('fd.dev')?.printFormat, 'hex');
  assert.equal(catalog.get('evt.rawtime.ns')?.printFormat, 'padded-dec');
  assert.deepEqual(catalog.get('fd.types')?.flags, { argAllowed: true, isList: true, noRhs: true });
  // Repeated lookups are answered from the cache with the same object.
  assert.equal(catalog.resolve('proc.aname', '2'), catalog.resolve('proc.aname', '2'));
});

test('a later source registers its own catalog and is listed after syscall', () => {
  const cls: FieldClass = {
    name: 'test_src', description: 'Fields of a test source.', sources: ['test_src'],
    fields: [{ name: 'tst.value', type: 'CHARBUF', description: 'A value.', flags: {} }],
  };
  const own = new FieldCatalog([cls]);
  registerSourceCatalog('test_src', own);
  assert.equal(catalogForSource('test_src'), own);
  assert.deepEqual(own.resolve('tst.value'), { info: cls.fields[0] });
  assert.deepEqual(sourceFieldClasses().map((s) => s.source), ['syscall', 'test_src']);
  // Syscall names mean nothing to another source.
  assert.deepEqual(own.resolve('proc.name'), { error: unknownFieldMessage('proc.name') });
});
