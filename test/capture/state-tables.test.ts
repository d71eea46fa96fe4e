/**
 * The state engine's tables written as capture tables: after replaying
 * cat_write.scap up to cat's first open, the written tables read back (with
 * falconet's reader) to the same threads and fds the state holds, and a
 * state seeded from them resolves the same process and fd values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureHead } from '../../src/capture/capture-file.js';
import { fdEntryOf, fitList, fitText, processEntryOf, tablesFromState } from '../../src/capture/state-tables.js';
import { openCaptureBuffer } from '../../src/events/scap-reader.js';
import { FdInfo, FdType } from '../../src/state/fd-info.js';
import { StateEngine } from '../../src/state/system-state.js';
import type { SyscallEvent } from '../../src/fields/extract/syscall-event.js';
import { CAT_WRITE, isCatOpen, replayEvents } from './replay-events.js';

function stateAtFirstCatOpen(): SyscallEvent {
  for (const ev of replayEvents(CAT_WRITE)) if (isCatOpen(ev)) return ev;
  assert.fail('no open by cat');
}

test('the written tables read back to the threads and fds of the state', () => {
  const ev = stateAtFirstCatOpen();
  const state = ev.state;
  const tables = tablesFromState(state);
  const back = openCaptureBuffer(captureHead(tables), 'tables.scap');
  const header = back.header;
  back.close();

  assert.equal(header.processes.length, state.threads.size);
  assert.deepEqual(header.processes, tables.processes);
  assert.deepEqual(header.fds, tables.fds);
  const cat = header.processes.find((p) => p.tid === ev.thread!.tid)!;
  assert.equal(cat.comm, 'cat');
  assert.deepEqual(cat.args, ['/dev/null']);
  assert.equal(cat.exepath, ev.thread!.exepath);
  // The triggering open's fd is in the table already (the state saw the event).
  const catFd = header.fds.find((f) => f.tid === cat.pid && f.fd === ev.fdNum);
  assert.ok(catFd !== undefined && catFd.kind === 'file');
  assert.equal(catFd.name, '/etc/ld.so.cache');
  assert.deepEqual(header.users ?? [], tables.users);
  assert.ok(header.machine !== null);
  assert.equal(header.machine.bootTsEpoch, state.settings.bootTsEpoch);
});

test('a state seeded from the written tables has the same process and fd values', () => {
  const ev = stateAtFirstCatOpen();
  const original = ev.thread!;
  const reseeded = new StateEngine({ mode: 'replay' });
  reseeded.seed(tablesFromState(ev.state));
  const t = reseeded.threads.get(original.tid)!;
  assert.equal(t.comm, original.comm);
  assert.equal(t.exe, original.exe);
  assert.deepEqual(t.args, original.args);
  // libsinsp writes '/' for a working directory it does not know.
  assert.equal(t.getCwd(), original.getCwd() === '' ? '/' : original.getCwd());
  assert.deepEqual(t.getEnv(), original.getEnv());
  assert.equal(t.ptid, original.ptid);
  assert.equal(reseeded.threads.parentOf(t)?.comm, ev.state.threads.parentOf(original)?.comm);
  assert.equal(t.getFd(ev.fdNum)?.name, original.getFd(ev.fdNum)?.name);
});

test('fds of types newer than FILE_V2 and untyped fds are left out; sockets keep their endpoints', () => {
  const memfd = new FdInfo();
  memfd.type = FdType.MEMFD;
  memfd.name = 'memfd:x';
  assert.equal(fdEntryOf(1, memfd), undefined);
  assert.equal(fdEntryOf(1, new FdInfo()), undefined);
  const sock = new FdInfo();
  sock.type = FdType.IPV4_SOCK;
  sock.fd = 7;
  sock.setIpv4Tuple(Uint8Array.of(127, 0, 0, 1), 0, 40000, Uint8Array.of(10, 0, 0, 2), 0, 443);
  sock.ipv4L4Proto = 2;
  assert.deepEqual(fdEntryOf(3, sock), { tid: 3, fd: 7, ino: 0n, type: FdType.IPV4_SOCK, kind: 'ipv4', sip: 0x0100007f, dip: 0x0200000a, sport: 40000, dport: 443, l4proto: 2 });
});

test('text and lists are cut to what the format holds, never inside a character', () => {
  assert.equal(fitText('abc', 2), 'ab');
  assert.equal(fitText('aé', 2), 'a');
  assert.equal(fitText('short', 1023), 'short');
  assert.deepEqual(fitList(['aa', 'bb', 'cc'], 6), ['aa', 'bb']);
  const t = stateAtFirstCatOpen().thread!;
  const saved = t.comm;
  t.comm = 'x'.repeat(5000);
  try {
    assert.equal(processEntryOf(t).comm.length, 1023);
  } finally {
    t.comm = saved;
  }
});
