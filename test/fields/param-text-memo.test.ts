/**
 * evt.arg of flags, modes and small integers is rendered once per distinct
 * value and then reused; these tests pin that the reused text is the text a
 * fresh rendering gives, value by value, and that evt.arg's side effects
 * (the event's parameter text storage) are kept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventCode } from '../../src/events/event-table.js';
import { renderParam } from '../../src/events/param-format.js';
import { EVENT_TABLE } from '../../src/events/event-table.js';
import { emptyTables, type ProcessEntry } from '../../src/events/scap-records.js';
import { EventHarness } from './event-harness.js';

const PID = 777;
const O_RDONLY = 1;
const O_WRONLY = 2;
const O_CREAT = 4;
const O_CLOEXEC = 1 << 12;

function harness(): EventHarness {
  const tables = emptyTables();
  const p: ProcessEntry = {
    tid: PID, pid: PID, ptid: 1, sid: PID, vpgid: PID, comm: 'touch', exe: 'touch', exepath: '/bin/touch', args: [], cwd: '/tmp/',
    fdlimit: 1024, flags: 0, uid: 0, gid: 0, vmsizeKb: 0, vmrssKb: 0, vmswapKb: 0, pfmajor: 0, pfminor: 0,
    env: [], vtid: PID, vpid: PID, cgroups: [], root: '/', pidnsInitStartTs: 0n, tty: 0, loginuid: 0xffffffff,
    exeWritable: false, capInheritable: 0n, capPermitted: 0n, capEffective: 0n, exeUpperLayer: false, exeIno: 0n,
    exeInoCtime: 0n, exeInoMtime: 0n, exeFromMemfd: false, exeLowerLayer: false, pgid: PID,
  };
  tables.processes.push(p);
  return new EventHarness(tables, PID, 1_700_000_000_000_000_000n);
}

describe('evt.arg text of context-free parameters', () => {
  it('alternating flag values each keep their own text', () => {
    const h = harness();
    const values = [O_RDONLY | O_CLOEXEC, O_WRONLY | O_CREAT, O_RDONLY | O_CLOEXEC, O_WRONLY | O_CREAT, 0];
    const expected = ['O_RDONLY|O_CLOEXEC', 'O_CREAT|O_WRONLY', 'O_RDONLY|O_CLOEXEC', 'O_CREAT|O_WRONLY', 'O_NONE'];
    values.forEach((flags, i) => {
      h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 3 + i, dirfd: -100, name: `f${i}`, flags, mode: 0o644 });
      assert.equal(h.get('evt.arg.flags'), expected[i], `event ${i}`);
      assert.equal(h.matches('evt.arg.flags contains O_CREAT'), (flags & O_CREAT) !== 0, `event ${i}`);
    });
  });

  it('equals a fresh rendering for every value of a mode and a flags parameter', () => {
    const h = harness();
    const info = EVENT_TABLE[EventCode.SYSCALL_OPENAT_2_X]!;
    for (const [flags, mode] of [[O_CREAT, 0o600], [O_CREAT | O_WRONLY, 0o644], [O_CREAT, 0o600], [O_RDONLY, 0]] as const) {
      h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 5, dirfd: -100, name: 'x', flags, mode });
      const params = Array.from({ length: h.ev.event.nparams }, (_, i) => h.ev.event.rawParam(i)!);
      for (const name of ['flags', 'mode']) {
        const i = info.params.findIndex((p) => p.name === name);
        const fresh = renderParam(info, i, params);
        assert.equal(h.get(`evt.arg.${name}`), fresh.resolved !== '' ? fresh.resolved : fresh.value, `${name} of ${flags}/${mode}`);
      }
    }
  });

  it('a reused rendering still fills the output text of the same event', () => {
    const h = harness();
    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 3, dirfd: -100, name: 'a', flags: O_WRONLY | O_CREAT, mode: 0o600 });
    h.get('evt.arg.flags');
    h.feed(EventCode.SYSCALL_OPENAT_2_X, { fd: 4, dirfd: -100, name: 'b', flags: O_WRONLY | O_CREAT, mode: 0o600 });
    assert.equal(h.output('%evt.arg.flags %fd.name'), 'O_CREAT|O_WRONLY /tmp/b');
  });
});
