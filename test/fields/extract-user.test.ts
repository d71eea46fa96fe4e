/**
 * The user.* and group.* extractors on a state engine seeded with a
 * capture's user and group tables and fed encoded events.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventCode } from '../../src/events/event-table.js';
import { emptyTables, type CaptureTables, type ProcessEntry } from '../../src/events/scap-records.js';
import { isResolveError, syscallFieldCatalog } from '../../src/fields/catalog.js';
import { SyscallExtractorRegistry } from '../../src/fields/extract/registry.js';
import { SyscallEvent, type RunInfo } from '../../src/fields/extract/syscall-event.js';
import type { FieldValue } from '../../src/fields/value.js';
import { syntheticEvent, type SyntheticValue } from '../../src/state/synthetic-event.js';
import { StateEngine } from '../../src/state/system-state.js';

const T0 = 1_700_000_000_000_000_000n;
const DOCKER_ID = '3ad7b26ded6d';

function entry(p: Partial<ProcessEntry> & { tid: number }): ProcessEntry {
  return {
    pid: p.tid, ptid: 1, sid: p.tid, vpgid: p.tid, pgid: p.tid, comm: 'proc', exe: 'proc', exepath: '/usr/bin/proc',
    args: [], cwd: '/', fdlimit: 1024, flags: 0, uid: 0, gid: 0, vmsizeKb: 0, vmrssKb: 0, vmswapKb: 0, pfmajor: 0,
    pfminor: 0, env: [], vtid: p.tid, vpid: p.pid ?? p.tid, cgroups: [], root: '/', pidnsInitStartTs: 0n, tty: 0,
    loginuid: 0xffffffff, exeWritable: false, capInheritable: 0n, capPermitted: 0n, capEffective: 0n,
    exeUpperLayer: false, exeIno: 0n, exeInoCtime: 0n, exeInoMtime: 0n, exeFromMemfd: false, exeLowerLayer: false,
    ...p,
  };
}

function tables(withRoot: boolean): CaptureTables {
  const t = emptyTables();
  t.processes.push(
    entry({ tid: 1, ptid: 0, comm: 'systemd' }),
    entry({ tid: 100, comm: 'bash', uid: 1000, gid: 1000, loginuid: 1000 }),
    entry({ tid: 200, comm: 'daemon', uid: 4242, gid: 77, loginuid: 0 }),
    // A process in a docker container, running as the container's root.
    entry({ tid: 300, comm: 'node', uid: 0, gid: 0, cgroups: [`cpu=/docker/${DOCKER_ID}${'0'.repeat(52)}`] }),
  );
  t.users = [
    ...(withRoot ? [{ uid: 0, gid: 0, name: 'root', homedir: '/root', shell: '/bin/zsh' }] : []),
    { uid: 1000, gid: 1000, name: 'u', homedir: '/home/u', shell: '/bin/bash' },
  ];
  t.groups = [...(withRoot ? [{ gid: 0, name: 'wheel' }] : []), { gid: 1000, name: 'users' }];
  return t;
}

class Harness {
  readonly state = new StateEngine({ mode: 'replay' });
  readonly run: RunInfo = { source: 'syscall', hostname: 'h', bufferFormatBase64: false, firstEventTs: 0n };
  readonly ev = new SyscallEvent(this.state, this.run);
  readonly registry = new SyscallExtractorRegistry();

  constructor(withRoot = true) {
    this.state.seed(tables(withRoot));
  }

  feed(code: number, tid: number, params: Readonly<Record<string, SyntheticValue>>): this {
    const event = syntheticEvent(code, T0, tid, params);
    this.state.process(event);
    this.ev.begin(event, 1, 0).attachState();
    return this;
  }

  on(tid: number): this {
    return this.feed(EventCode.SYSCALL_CLOSE_X, tid, { res: 0, fd: 99 });
  }

  get(name: string): FieldValue {
    const r = syscallFieldCatalog.resolve(name);
    if (isResolveError(r)) throw new Error(r.error);
    return this.registry.extractor(r)(this.ev);
  }
}

describe('user fields', () => {
  it('a user of the table and its login user', () => {
    const h = new Harness().on(100);
    assert.equal(h.get('user.uid'), 1000);
    assert.equal(h.get('user.name'), 'u');
    assert.equal(h.get('user.homedir'), '/home/u');
    assert.equal(h.get('user.shell'), '/bin/bash');
    assert.equal(h.get('user.loginuid'), 1000);
    assert.equal(h.get('user.loginname'), 'u');
  });

  it('unknown users, an unset login uid, and root', () => {
    const h = new Harness().on(200);
    assert.equal(h.get('user.uid'), 4242);
    assert.equal(h.get('user.name'), '<NA>');
    assert.equal(h.get('user.homedir'), '<NA>');
    assert.equal(h.get('user.shell'), '<NA>');
    assert.equal(h.get('user.loginuid'), 0);
    assert.equal(h.get('user.loginname'), 'root');
    h.on(1);
    assert.equal(h.get('user.loginuid'), -1);
    assert.equal(h.get('user.loginname'), '<NA>');
    assert.equal(h.get('user.shell'), '/bin/zsh');
  });

  it('root without a table entry is still root', () => {
    const h = new Harness(false).on(1);
    assert.equal(h.get('user.name'), 'root');
    assert.equal(h.get('user.homedir'), '/root');
    // Only the seed's own bookkeeping knows uid 0, and it has no shell.
    assert.equal(h.get('user.shell'), '<NA>');
    assert.equal(h.get('group.name'), 'root');
  });

  it('threads in a container use the host table, like Falco without the container plugin', () => {
    const h = new Harness().on(300);
    assert.equal(h.ev.thread?.containerId, DOCKER_ID);
    assert.equal(h.get('user.name'), 'root');
    assert.equal(h.get('user.shell'), '/bin/zsh');
    assert.equal(h.get('group.name'), 'wheel');
  });

  it('no thread, no value', () => {
    const h = new Harness();
    h.ev.begin(syntheticEvent(EventCode.SYSCALL_CLOSE_X, T0, 5555, { res: 0, fd: 1 }), 1, 0);
    assert.equal(h.get('user.uid'), undefined);
    assert.equal(h.get('user.name'), undefined);
    assert.equal(h.get('user.loginuid'), undefined);
    assert.equal(h.get('group.gid'), undefined);
    assert.equal(h.get('group.name'), undefined);
  });
});

describe('group fields', () => {
  it('named, unknown and root groups', () => {
    const h = new Harness().on(100);
    assert.equal(h.get('group.gid'), 1000);
    assert.equal(h.get('group.name'), 'users');
    h.on(200);
    assert.equal(h.get('group.gid'), 77);
    assert.equal(h.get('group.name'), '<NA>');
    h.on(1);
    assert.equal(h.get('group.name'), 'wheel');
  });
});
