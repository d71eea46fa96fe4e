/**
 * Values the syscall extractors reuse across reads and events — decoded
 * parameters within an event, renderings of errno values and negative fds,
 * the fd name an event implies, a process's environment text, printable
 * texts — must be what computing them afresh gives, event after event.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TABLE, EventCode } from '../../src/events/event-table.js';
import { renderParam } from '../../src/events/param-format.js';
import { emptyTables, type ProcessEntry } from '../../src/events/scap-records.js';
import { EventHarness } from './event-harness.js';

const PID = 4242;
const OTHER = 4343;
const UNKNOWN_TID = 9999;
const O_RDONLY = 1;
const ENOENT = -2;
const EACCES = -13;
const AT_FDCWD = -100;

function processEntry(tid: number, env: string[], comm: string): ProcessEntry {
  return {
    tid, pid: tid, ptid: 1, sid: tid, vpgid: tid, comm, exe: comm, exepath: `/usr/bin/${comm}`, args: [], cwd: '/tmp/',
    fdlimit: 1024, flags: 0, uid: 0, gid: 0, vmsizeKb: 0, vmrssKb: 0, vmswapKb: 0, pfmajor: 0, pfminor: 0,
    env, vtid: tid, vpid: tid, cgroups: [], root: '/', pidnsInitStartTs: 0n, tty: 0, loginuid: 0xffffffff,
    exeWritable: false, capInheritable: 0n, capPermitted: 0n, capEffective: 0n, exeUpperLayer: false, exeIno: 0n,
    exeInoCtime: 0n, exeInoMtime: 0n, exeFromMemfd: false, exeLowerLayer: false, pgid: tid,
  };
}

function harness(): EventHarness {
  const tables = emptyTables();
  tables.processes.push(processEntry(PID, ['HOME=/root', 'LANG=C'], 'cat'));
  tables.processes.push(processEntry(OTHER, ['TERM=xterm', 'BAD=\u0001'], 'ls'));
  return new EventHarness(tables, PID, 1_700_000_000_000_000_000n);
}

/** The text libsinsp shows for parameter `name` of the current event, rendered afresh with the given thread knowledge. */
function freshArg(h: EventHarness, name: string, threadKnown: boolean): string {
  const info = EVENT_TABLE[h.ev.code]!;
  const params = Array.from({ length: h.ev.event.nparams }, (_, i) => h.ev.event.rawParam(i)!);
  const r = renderParam(info, info.params.findIndex((p) => p.name === name), params, { threadKnown, bufferFormat: 'normal' });
  return r.resolved !== '' ? r.resolved : r.value;
}

describe('renderings reused across events', () => {
  it('evt.res of failed opens is the errno name, value after value, with or without a known thread', () => {
    const h = harness();
    const sequence: Array<[number, number]> = [[ENOENT, PID], [EACCES, PID], [ENOENT, UNKNOWN_TID], [ENOENT, PID], [3, PID], [EACCES, UNKNOWN_TID]];
    for (const [fd, tid] of sequence) {
      h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd, dirfd: AT_FDCWD, name: 'missing', flags: O_RDONLY, mode: 0 }, tid);
      const known = h.ev.thread !== undefined;
      const expected = fd >= 0 ? 'SUCCESS' : freshArg(h, 'fd', known);
      assert.equal(h.get('evt.res'), expected, `fd ${fd} tid ${tid}`);
      if (fd < 0) assert.equal(expected, known ? (fd === ENOENT ? 'ENOENT' : 'EACCES') : String(fd));
    }
  });

  it('a negative dirfd reads AT_FDCWD only when the thread is known', () => {
    const h = harness();
    for (const tid of [PID, UNKNOWN_TID, PID]) {
      h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 5, dirfd: AT_FDCWD, name: 'x', flags: O_RDONLY, mode: 0 }, tid);
      const known = h.ev.thread !== undefined;
      assert.equal(h.get('evt.arg.dirfd'), known ? 'AT_FDCWD' : '-100', `tid ${tid}`);
      assert.equal(h.get('evt.arg.dirfd'), freshArg(h, 'dirfd', known));
    }
  });

  it('reused renderings still leave their text for evt.buffer like fresh ones', () => {
    // An empty read's evt.buffer shows "NULL", its NUL, then what longer earlier renderings left,
    // as many bytes as the last data buffer had. Here the texts are computed afresh and written
    // in turn into a plain buffer, the way libsinsp keeps it.
    const h = harness();
    const model = new Uint8Array(64);
    const write = (text: string): void => {
      model.set(Buffer.from(text, 'latin1'));
      model[text.length] = 0;
    };
    h.feed(EventCode.SYSCALL_READ_X, { res: 20, data: Buffer.from('0123456789abcdefghij'), fd: 3, size: 32 });
    assert.deepEqual(Buffer.from(h.get('evt.buffer') as Uint8Array).toString('latin1'), '0123456789abcdefghij');
    write('0123456789abcdefghij');
    const O_CLOEXEC = 1 << 12;
    const O_DIRECTORY = 1 << 13;
    for (const flags of [O_RDONLY | O_CLOEXEC | O_DIRECTORY, O_RDONLY, O_RDONLY | O_CLOEXEC | O_DIRECTORY]) {
      h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: ENOENT, dirfd: AT_FDCWD, name: 'missing', flags, mode: 0o7777 });
      const info = EVENT_TABLE[h.ev.code]!;
      const params = Array.from({ length: h.ev.event.nparams }, (_, i) => h.ev.event.rawParam(i)!);
      for (const name of ['flags', 'mode', 'fd']) {
        h.get(`evt.arg.${name}`);
        write(renderParam(info, info.params.findIndex((p) => p.name === name), params, { threadKnown: true, bufferFormat: 'normal' }).value);
      }
    }
    h.feed(EventCode.SYSCALL_READ_X, { res: 0, data: new Uint8Array(0), fd: 3, size: 16 });
    write('NULL');
    const shown = Buffer.from(h.get('evt.buffer') as Uint8Array);
    assert.deepEqual([...shown], [...model.subarray(0, 20)]);
    // Not just the data and NULL: the renderings' texts are in it.
    assert.notEqual(shown.toString('latin1').slice(5), '56789abcdefghij');
  });
});

describe('values kept within one event', () => {
  it('fd.name and fd.directory of a failed open come from the event and agree', () => {
    const h = harness();
    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: ENOENT, dirfd: AT_FDCWD, name: 'sub/missing.txt', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('fd.name'), '/tmp/sub/missing.txt');
    assert.equal(h.get('fd.directory'), '/tmp/sub');
    assert.equal(h.get('fd.nameraw'), 'sub/missing.txt');
    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: ENOENT, dirfd: AT_FDCWD, name: '/etc/other', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('fd.directory'), '/etc');
    assert.equal(h.get('fd.name'), '/etc/other');
  });

  it('parameters decoded for one field serve the others, and the next event decodes its own', () => {
    const h = harness();
    const O_WRONLY = 2;
    const O_CREAT = 4;
    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 3, dirfd: AT_FDCWD, name: 'a', flags: O_WRONLY | O_CREAT, mode: 0o600 });
    assert.equal(h.get('evt.is_open_write'), true);
    assert.equal(h.get('evt.is_open_read'), false);
    assert.equal(h.matches('evt.arg.flags contains O_CREAT'), true);
    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 4, dirfd: AT_FDCWD, name: 'b', flags: O_RDONLY, mode: 0 });
    assert.equal(h.get('evt.is_open_write'), false);
    assert.equal(h.get('evt.is_open_read'), true);
    assert.equal(h.matches('evt.arg.flags contains O_CREAT'), false);
    assert.equal(h.get('evt.rawres'), 4);
  });
});

describe('texts kept across events', () => {
  it('proc.env follows the process of each event', () => {
    const h = harness();
    const expected: Array<[number, string]> = [[PID, 'HOME=/root LANG=C'], [OTHER, 'TERM=xterm BAD=\uFFFD'], [PID, 'HOME=/root LANG=C'], [PID, 'HOME=/root LANG=C']];
    for (const [tid, env] of expected) {
      h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 3, dirfd: AT_FDCWD, name: 'x', flags: O_RDONLY, mode: 0 }, tid);
      assert.equal(h.get('proc.env'), env, `tid ${tid}`);
      assert.equal(h.matches('proc.env icontains "home="'), tid === PID);
    }
  });

  it('container.id reads host for host processes', () => {
    const h = harness();
    for (const tid of [PID, OTHER, PID]) {
      h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 3, dirfd: AT_FDCWD, name: 'x', flags: O_RDONLY, mode: 0 }, tid);
      assert.equal(h.get('container.id'), 'host');
      assert.equal(h.matches('container.id != host'), false);
    }
  });
});
