/**
 * The evt.* extractors and the extractor registry on events built with the
 * state layer's synthetic event encoder, run through the real state engine
 * (fd and thread resolution come from the state, as in a replay).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventCode, syscallCode } from '../../src/events/event-table.js';
import { emptyTables, type ProcessEntry } from '../../src/events/scap-records.js';
import { isResolveError, syscallFieldCatalog } from '../../src/fields/catalog.js';
import type { ClassExtractorBuilder } from '../../src/fields/extract/class-extractor.js';
import { evtExtractor } from '../../src/fields/extract/evt.js';
import { fieldClassOf, SyscallExtractorRegistry } from '../../src/fields/extract/registry.js';
import { SyscallEvent, type RunInfo } from '../../src/fields/extract/syscall-event.js';
import type { ResolvedField } from '../../src/fields/types.js';
import type { FieldValue } from '../../src/fields/value.js';
import { syntheticEvent, type SyntheticValue } from '../../src/state/synthetic-event.js';
import { StateEngine } from '../../src/state/system-state.js';

const T0 = 1_470_327_477_881_785_348n;
const PID = 4242;
/** Driver encodings: O_RDONLY, O_WRONLY, O_CREAT, O_CLOEXEC, "created" mark. */
const O_RDONLY = 1;
const O_WRONLY = 2;
const O_CREAT = 4;
const O_CLOEXEC = 1 << 12;
const O_F_CREATED = 1 << 14;

function processEntry(tid: number, comm: string, cwd: string): ProcessEntry {
  return {
    tid, pid: tid, ptid: 1, sid: tid, vpgid: tid, comm, exe: comm, exepath: `/bin/${comm}`, args: [], cwd,
    fdlimit: 1024, flags: 0, uid: 0, gid: 0, vmsizeKb: 0, vmrssKb: 0, vmswapKb: 0, pfmajor: 0, pfminor: 0,
    env: [], vtid: tid, vpid: tid, cgroups: [], root: '/', pidnsInitStartTs: 0n, tty: 0, loginuid: 0xffffffff,
    exeWritable: false, capInheritable: 0n, capPermitted: 0n, capEffective: 0n, exeUpperLayer: false, exeIno: 0n,
    exeInoCtime: 0n, exeInoMtime: 0n, exeFromMemfd: false, exeLowerLayer: false, pgid: tid,
  };
}

function resolve(name: string, arg?: string): ResolvedField {
  const r = syscallFieldCatalog.resolve(name, arg);
  if (isResolveError(r)) throw new Error(r.error);
  return r;
}

/** A state engine with one process, a SyscallEvent and a registry, fed like the replay source feeds them. */
class Harness {
  readonly state = new StateEngine({ mode: 'replay' });
  readonly run: RunInfo = { source: 'syscall', hostname: 'test-host', bufferFormatBase64: false, firstEventTs: 0n };
  readonly ev = new SyscallEvent(this.state, this.run);
  private num = 0;

  constructor(readonly registry = new SyscallExtractorRegistry()) {
    const tables = emptyTables();
    tables.processes.push(processEntry(PID, 'cat', '/home/user'));
    this.state.seed(tables);
  }

  feed(code: number, ts: bigint, params: Readonly<Record<string, SyntheticValue>>, cpu = 0, tid = PID): SyscallEvent {
    const event = syntheticEvent(code, ts, tid, params);
    if (this.run.firstEventTs === 0n) this.run.firstEventTs = ts;
    this.state.process(event);
    return this.ev.begin(event, ++this.num, cpu).attachState();
  }

  /** The field's value for the current event: `name` as written (`evt.arg.fd`), `arg` in brackets. */
  get(name: string, arg?: string): FieldValue {
    return this.registry.extractor(resolve(name, arg))(this.ev);
  }
}

describe('evt fields', () => {
  it('number, cpu, times and the source facts', () => {
    const h = new Harness();
    h.feed(EventCode.SYSCALL_CLOSE_X, T0, { res: 0, fd: 7 }, 3);
    h.feed(EventCode.SYSCALL_CLOSE_X, T0 + 2_500_000_123n, { res: 0, fd: 8 }, 1);
    assert.equal(h.get('evt.num'), 2);
    assert.equal(h.get('evt.cpu'), 1);
    assert.equal(h.get('evt.rawtime'), T0 + 2_500_000_123n);
    assert.equal(h.get('evt.rawtime.s'), 1_470_327_480);
    assert.equal(h.get('evt.rawtime.ns'), 381_785_471);
    assert.equal(h.get('evt.reltime'), 2_500_000_123);
    assert.equal(h.get('evt.reltime.s'), 2);
    assert.equal(h.get('evt.reltime.ns'), 500_000_123);
    assert.equal(h.get('evt.time.iso8601'), '2016-08-04T16:18:00.381785471+0000');
    assert.equal(h.get('evt.source'), 'syscall');
    assert.equal(h.get('evt.hostname'), 'test-host');
    assert.equal(h.get('evt.is_async'), false);
    assert.equal(h.get('evt.asynctype'), undefined);
    assert.equal(h.get('evt.count'), 1);
    assert.equal(h.get('evt.count.exit'), 1);
    assert.equal(h.get('evt.latency'), 0);
    assert.equal(h.get('evt.latency.human'), '0ns');
    assert.equal(h.get('evt.dir'), '<');
    assert.equal(h.get('evt.pluginname'), undefined);
  });

  it('type, syscall type and category of syscall, generic and meta events', () => {
    const h = new Harness();
    h.feed(EventCode.PROCINFO_E, T0, { cpu_usr: 19, cpu_sys: 192 });
    assert.equal(h.get('evt.type'), 'procinfo');
    assert.equal(h.get('syscall.type'), undefined);
    assert.equal(h.get('evt.category'), 'internal');
    assert.equal(h.get('evt.is_async'), true);
    assert.equal(h.get('evt.asynctype'), 'procinfo');
    assert.equal(h.get('evt.res'), undefined);
    assert.equal(h.get('evt.count.exit'), undefined);
    assert.equal(h.get('evt.count.threadinfo'), 1);
    assert.equal(h.get('evt.args'), 'cpu_usr=19 cpu_sys=192');

    h.feed(EventCode.GENERIC_X, T0, { ID: syscallCode('fadvise64')!, nativeID: 221 });
    assert.equal(h.get('evt.type'), 'fadvise64');
    assert.equal(h.get('syscall.type'), 'fadvise64');
    assert.equal(h.get('evt.args'), '');
    assert.equal(h.get('evt.res'), undefined);

    h.feed(EventCode.SYSCALL_CLOSE_X, T0, { res: 0, fd: 7 });
    assert.equal(h.get('evt.type'), 'close');
    assert.equal(h.get('syscall.type'), 'close');
    assert.equal(h.get('evt.category'), 'unknown');
  });

  it('evt.type.is.NAME is 1 for the first table pair of that name only', () => {
    const h = new Harness();
    const typeIs = (name: string) => h.get(`evt.type.is.${name}`);
    h.feed(EventCode.SYSCALL_OPEN_X, T0, { fd: 3, name: '/etc/hosts', flags: O_RDONLY, mode: 0 });
    assert.equal(typeIs('open'), 1);
    assert.equal(typeIs('read'), 0);
    assert.equal(typeIs(String(EventCode.SYSCALL_OPEN_X)), 1);
  });

  it('return value: text, raw and error counts of a failed and a successful open', () => {
    const h = new Harness();
    h.feed(EventCode.SYSCALL_OPENAT_2_X, T0, { fd: -2, dirfd: -100, name: 'missing', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('evt.res'), 'ENOENT');
    assert.equal(h.get('evt.rawres'), -2);
    assert.equal(h.get('evt.failed'), true);
    assert.equal(h.get('evt.count.error'), 1);
    assert.equal(h.get('evt.count.error.file'), 1);
    assert.equal(h.get('evt.count.error.net'), undefined);
    assert.equal(h.get('evt.count.error.other'), undefined);
    assert.equal(h.get('evt.arg.fd'), 'ENOENT');

    h.feed(EventCode.SYSCALL_OPENAT_2_X, T0 + 1n, { fd: 3, dirfd: -100, name: 'notes.txt', flags: O_RDONLY | O_CLOEXEC, mode: 0 });
    assert.equal(h.get('evt.res'), 'SUCCESS');
    assert.equal(h.get('evt.rawres'), 3);
    assert.equal(h.get('evt.failed'), false);
    assert.equal(h.get('evt.count.error.file'), 0);
    assert.equal(h.get('evt.is_open_read'), true);
    assert.equal(h.get('evt.is_open_write'), false);
  });

  it('parameters resolve fds, relative paths and flags through the state', () => {
    const h = new Harness();
    h.feed(EventCode.SYSCALL_OPENAT_2_X, T0, { fd: 3, dirfd: -100, name: 'notes.txt', flags: O_RDONLY | O_CLOEXEC, mode: 0 });
    assert.equal(h.get('evt.arg', '1'), 'AT_FDCWD');
    assert.equal(h.get('evt.arg', '2'), '/home/user/notes.txt');
    assert.equal(h.get('evt.arg', '3'), 'O_RDONLY|O_CLOEXEC');
    assert.equal(h.get('evt.arg', '9'), undefined);
    assert.equal(h.get('evt.abspath'), '/home/user/notes.txt');

    const data = new TextEncoder().encode('hello\nworld');
    h.feed(EventCode.SYSCALL_READ_X, T0 + 10n, { res: data.length, data, fd: 3, size: 4096 });
    assert.equal(h.get('evt.arg.fd'), '<f>/home/user/notes.txt');
    assert.equal(h.get('evt.args'), 'res=11 data=hello.world fd=3(<f>/home/user/notes.txt) size=4096');
    assert.equal(h.get('evt.info'), h.get('evt.args'));
    assert.deepEqual(new Uint8Array(h.get('evt.buffer') as Uint8Array), data);
    assert.equal(h.get('evt.buflen'), 11);
    assert.equal(h.get('evt.buflen.file.in'), 11);
    assert.equal(h.get('evt.buflen.net'), undefined);
    assert.equal(h.get('evt.category'), 'file');
    assert.equal(h.get('evt.is_io'), true);
    assert.equal(h.get('evt.is_io_read'), true);
    assert.equal(h.get('evt.is_io_write'), false);
    assert.equal(h.get('evt.io_dir'), 'read');
    assert.equal(h.get('evt.is_wait'), false);
    assert.equal(h.get('evt.is_syslog'), false);
    assert.equal(h.get('evt.rawarg.size'), 4096);
    assert.equal(h.get('evt.rawarg.res'), 11);
  });

  it('an I/O event on an fd the state does not know has category "unknown" and no buffer length', () => {
    const h = new Harness();
    h.feed(EventCode.SYSCALL_WRITE_X, T0, { res: 2, data: new Uint8Array([104, 105]), fd: 9, size: 2 });
    assert.equal(h.get('evt.category'), 'unknown');
    assert.equal(h.get('evt.buflen'), undefined);
    assert.equal(h.get('evt.io_dir'), 'write');
    assert.equal(h.get('evt.arg', '2'), '9');
  });

  it('open flags: write, create and execute permission', () => {
    const h = new Harness();
    h.feed(EventCode.SYSCALL_OPENAT_2_X, T0, { fd: 4, dirfd: -100, name: '/tmp/run.sh', flags: O_WRONLY | O_CREAT | O_F_CREATED, mode: 0o755 });
    assert.equal(h.get('evt.is_open_write'), true);
    assert.equal(h.get('evt.is_open_read'), false);
    assert.equal(h.get('evt.is_open_create'), true);
    assert.equal(h.get('evt.is_open_exec'), true);
    h.feed(EventCode.SYSCALL_OPENAT_2_X, T0 + 1n, { fd: 5, dirfd: -100, name: '/tmp/data', flags: O_WRONLY | O_CREAT, mode: 0o644 });
    assert.equal(h.get('evt.is_open_create'), false);
    assert.equal(h.get('evt.is_open_exec'), false);
  });

  it('evt.buffer of empty data reads what earlier renderings left, with the last buffer length (as Falco prints it)', () => {
    const h = new Harness();
    h.feed(EventCode.SYSCALL_OPENAT_2_X, T0, { fd: 3, dirfd: -100, name: '/dev/null', flags: O_RDONLY, mode: 0 });
    h.feed(EventCode.SYSCALL_READ_X, T0 + 1n, { res: 12, data: new TextEncoder().encode('abcdefghijkl'), fd: 3, size: 12 });
    assert.equal(h.get('evt.args'), 'res=12 data=abcdefghijkl fd=3(<f>/dev/null) size=12');
    h.feed(EventCode.SYSCALL_READ_X, T0 + 2n, { res: 0, data: new Uint8Array(0), fd: 3, size: 131072 });
    assert.equal(h.get('evt.args'), 'res=0 data=NULL fd=3(<f>/dev/null) size=131072');
    // "NULL", its NUL, the end of "131072", then the tail of "abcdefghijkl", cut at 12 bytes.
    assert.deepEqual(h.get('evt.buffer'), new Uint8Array([...Buffer.from('NULL'), 0, ...Buffer.from('2'), 0, ...Buffer.from('hijkl')]));
  });

  it('evt.deltatime keeps its own previous time per consumer; a second read of one event gives 0', () => {
    const h = new Harness();
    const a = h.registry.extractor(resolve('evt.deltatime'));
    const b = h.registry.extractor(resolve('evt.deltatime'));
    assert.notEqual(a, b);
    h.feed(EventCode.SYSCALL_CLOSE_X, T0, { res: 0, fd: 7 });
    assert.equal(a(h.ev), 0);
    h.feed(EventCode.SYSCALL_CLOSE_X, T0 + 1_000_000_005n, { res: 0, fd: 7 });
    assert.equal(a(h.ev), 1_000_000_005);
    assert.equal(a(h.ev), 0);
    assert.equal(b(h.ev), 0);
    const s = h.registry.extractor(resolve('evt.deltatime.s'));
    const ns = h.registry.extractor(resolve('evt.deltatime.ns'));
    s(h.ev);
    ns(h.ev);
    h.feed(EventCode.SYSCALL_CLOSE_X, T0 + 3_000_000_010n, { res: 0, fd: 7 });
    assert.equal(s(h.ev), 2);
    assert.equal(ns(h.ev), 5);
  });

  it('the infrastructure event fields of docker events', () => {
    const h = new Harness();
    h.feed(EventCode.INFRASTRUCTURE_EVENT_E, T0, {
      source: 'docker', name: 'container',
      description: 'Event: start; ID: 0123456789abcdef; name: web; Image: nginx:1.25@sha256:abc',
      scope: '',
    });
    assert.equal(h.get('evt.infra.docker.name'), 'start');
    assert.equal(h.get('evt.infra.docker.container.id'), '0123456789ab');
    assert.equal(h.get('evt.infra.docker.container.name'), 'web');
    assert.equal(h.get('evt.infra.docker.container.image'), 'nginx');
  });
});

describe('extractor registry', () => {
  it('knows the class of every catalog field', () => {
    assert.equal(fieldClassOf('evt.num'), 'evt');
    assert.equal(fieldClassOf('syscall.type'), 'evt');
    assert.equal(fieldClassOf('proc.name'), 'process');
    assert.equal(fieldClassOf('thread.tid'), 'process');
    assert.equal(fieldClassOf('fd.name'), 'fd');
    assert.equal(fieldClassOf('fs.path.name'), 'fs.path');
    assert.equal(fieldClassOf('fdlist.nums'), 'fdlist');
    assert.equal(fieldClassOf('user.name'), 'user');
    assert.equal(fieldClassOf('group.name'), 'group');
    assert.equal(fieldClassOf('container.id'), 'container');
    assert.equal(fieldClassOf('k8s.pod.name'), 'k8s');
    assert.equal(fieldClassOf('util.cnt'), 'util');
    assert.equal(fieldClassOf('no.such.field'), undefined);
  });

  it('extracts each field once per event, however many consumers ask', () => {
    let calls = 0;
    const counting: ClassExtractorBuilder = (field) => {
      const inner = evtExtractor(field);
      return inner === undefined ? undefined : (ev) => {
        calls++;
        return inner(ev);
      };
    };
    const h = new Harness(new SyscallExtractorRegistry(new Map([['evt', counting]])));
    const first = h.registry.extractor(resolve('evt.type'));
    const second = h.registry.extractor(resolve('evt.type'));
    assert.equal(first, second);
    h.feed(EventCode.SYSCALL_CLOSE_X, T0, { res: 0, fd: 7 });
    assert.equal(first(h.ev), 'close');
    assert.equal(second(h.ev), 'close');
    assert.equal(calls, 1);
    h.feed(EventCode.PROCINFO_E, T0, { cpu_usr: 1, cpu_sys: 2 });
    assert.equal(first(h.ev), 'procinfo');
    assert.equal(calls, 2);
  });

  it('fields of classes without a module have no value', () => {
    const h = new Harness(new SyscallExtractorRegistry(new Map()));
    h.feed(EventCode.SYSCALL_CLOSE_X, T0, { res: 0, fd: 7 });
    assert.equal(h.get('evt.type'), undefined);
    assert.equal(h.get('proc.name'), undefined);
  });

  it('util.cnt counts reads per consumer', () => {
    const h = new Harness();
    const a = h.registry.extractor(resolve('util.cnt'));
    const b = h.registry.extractor(resolve('util.cnt'));
    h.feed(EventCode.SYSCALL_CLOSE_X, T0, { res: 0, fd: 7 });
    assert.deepEqual([a(h.ev), a(h.ev), b(h.ev)], [1, 2, 1]);
  });
});
