import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_TS, EventCode, baseTables, cloneParams, feed, proc, seededEngine } from './helpers.js';
import { StateEngine } from '../../src/state/system-state.js';
import { CloneFlags } from '../../src/state/ppm-flags.js';
import { openCapture } from '../../src/events/scap-reader.js';
import { CaptureEventConverter } from '../../src/events/event-converter.js';
import { EventView } from '../../src/events/event-view.js';
import { ParamsEvent } from '../../src/state/view-event.js';
import { L4Proto } from '../../src/state/fd-info.js';
import { REFERENCE } from '../reference.js';

const TRACES = `${REFERENCE}/traces`;

/**
 * Replays a capture through the reader and converter, calling `at` after
 * each event with Falco's event number (converted events, from 1).
 */
function replay(file: string, at: (num: number, e: StateEngine, code: number) => void): StateEngine {
  const reader = openCapture(`${TRACES}/${file}`);
  const engine = new StateEngine();
  engine.seed(reader.header);
  const conv = new CaptureEventConverter();
  const view = new EventView();
  const ev = new ParamsEvent();
  let num = 0;
  for (let batch = reader.next(); batch !== null; batch = reader.next()) {
    for (let i = 0; i < batch.count; i++) {
      view.at(batch, i);
      const params: Uint8Array[] = [];
      // copies: the converter may keep enter events past the reader's next batch
      for (let k = 0; k < view.nparams; k++) params.push(view.paramBytes(k).slice());
      const converted = conv.convert({ type: view.type, ts: view.ts, tid: BigInt.asUintN(64, BigInt(view.tid)), params });
      if (converted === null) continue;
      num++;
      engine.process(ev.point(converted));
      at(num, engine, converted.type);
    }
  }
  return engine;
}

test('seeding links processes, gives cwd/env to main threads only, and imports users', () => {
  const t = baseTables({ processes: [proc({ tid: 101, pid: 100, ptid: 1, cwd: '/elsewhere', env: ['X=1'], comm: 'bash' })] });
  const e = new StateEngine();
  e.seed(t);
  const bash = e.threads.get(100)!;
  const thread = e.threads.get(101)!;
  assert.equal(bash.getCwd(), '/home/u/');
  assert.equal(thread.getCwd(), '/home/u/');
  assert.equal(thread.env.length, 0);
  assert.deepEqual(thread.getEnv(), ['HOME=/home/u', 'TERM=xterm']);
  assert.equal(bash.numThreads(), 2);
  assert.equal(e.threads.parentOf(bash)?.comm, 'systemd');
  assert.equal(e.threads.get(1)!.ptid, 0);
  assert.equal(e.userOf(bash)?.name, 'u');
  assert.equal(e.groupOf(bash)?.name, 'u');
  assert.equal((bash.flags & CloneFlags.ACTIVE) !== 0, true);
  assert.equal(bash.containerId, '');
});

test('events of unknown threads create a placeholder; exits, clone returns and switches do not', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_READ_X, 4242, { res: 0, data: '', fd: 0, size: 0 });
  assert.equal(e.thread?.comm, '<NA>');
  assert.equal(e.threads.get(4242)?.isInvalid(), true);
  feed(e, EventCode.PROCEXIT_1_E, 4343, { status: 0, ret: 0, sig: 0, core: 0 });
  feed(e, EventCode.SCHEDSWITCH_6_E, 4444, { next: 1 });
  assert.equal(e.threads.has(4343), false);
  assert.equal(e.threads.has(4444), false);
  assert.equal(e.thread, undefined);
});

test('the event\'s fd is the one its fd parameter names, and fd.num follows it', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_WRITE_X, 100, { res: 5, data: 'hello', fd: 1, size: 5 });
  assert.equal(e.fd?.name, '/dev/pts/0');
  assert.equal(e.thread?.lastEventFd, 1);
  assert.equal(e.fdNameChanged, false);
  feed(e, EventCode.SYSCALL_GETCWD_X, 100, { res: 0, path: '/home/u' });
  assert.equal(e.fd, undefined);
  assert.equal(e.thread?.lastEventFd, -1);
});

test('the last access time of a thread, which drives purging, advances with its events', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_GETCWD_X, 100, { res: 0, path: '/home/u' }, BASE_TS + 10n);
  feed(e, EventCode.SYSCALL_GETCWD_X, 100, { res: 0, path: '/home/u' }, BASE_TS + 20n);
  const t = e.threads.get(100)!;
  assert.equal(t.lastAccessTs, BASE_TS + 20n);
});

test('live mode purges idle threads the OS no longer has', () => {
  const alive = new Set([1, 100]);
  const e = seededEngine({ mode: 'live', purgeIntervalNs: 1000n, threadTimeoutNs: 5000n, isThreadAlive: (_pid, tid) => alive.has(tid) });
  feed(e, EventCode.SYSCALL_CLONE_20_X, 100, cloneParams({ res: 200, tid: 100, pid: 100, ptid: 1, vtid: 100, vpid: 100 }), BASE_TS);
  assert.equal(e.threads.has(200), true);
  feed(e, EventCode.SYSCALL_GETCWD_X, 100, { res: 0, path: '/' }, BASE_TS + 100_000n);
  assert.equal(e.threads.has(200), false, 'idle, unknown to the OS');
  assert.equal(e.threads.has(1), true, 'idle but alive');
  assert.equal(e.stats.threads.purged >= 1, true);
});

test('replay mode never purges by time', () => {
  const e = seededEngine({ purgeIntervalNs: 1n, threadTimeoutNs: 1n });
  feed(e, EventCode.SYSCALL_GETCWD_X, 100, { res: 0, path: '/' }, BASE_TS + 10n ** 15n);
  assert.equal(e.threads.size, 2);
});

test('replaying cat_write.scap: cat appears at its execve, opens /dev/null, and is gone after its exit', () => {
  const seen: Record<string, unknown> = {};
  const e = replay('cat_write.scap', (num, eng) => {
    const t = eng.thread;
    if (num === 131) seen['exec'] = [t?.comm, t?.pid, t?.ptid, eng.threads.ancestorProcess(t!, 1)?.comm, t?.commandLine()];
    if (num === 168) seen['open'] = [eng.fd?.name, t?.lastEventFd, t?.fdOpenCount()];
    if (num === 177) seen['exit'] = [t?.comm, t?.isDead(), eng.threads.has(20072)];
    if (num === 178) seen['after'] = eng.threads.has(20072);
  });
  assert.deepEqual(seen['exec'], ['cat', 20072, 11310, 'bash', 'cat /dev/null']);
  assert.deepEqual(seen['open'], ['/dev/null', 3, 1]);
  assert.deepEqual(seen['exit'], ['cat', true, true]);
  assert.equal(seen['after'], false);
  assert.ok(e.threads.size > 50, 'the rest of the process table is still there');
});

test('replaying connect_localhost.scap: the client socket is named by its tuple', () => {
  let name: string | undefined;
  let proto: number | undefined;
  replay('connect_localhost.scap', (num, eng) => {
    if (num === 186) {
      name = eng.fd?.name;
      proto = eng.fd?.l4proto();
    }
  });
  assert.equal(name, '127.0.0.1:47192->127.0.0.1:80');
  assert.equal(proto, L4Proto.TCP);
});

test('restart drops the threads of the previous capture section and loads the new table', () => {
  const e = seededEngine();
  feed(e, EventCode.SYSCALL_READ_X, 4242, { res: 0, data: '', fd: 0, size: 0 });
  e.restart(baseTables({ processes: [proc({ tid: 300, ptid: 100, comm: 'vim' })] }));
  assert.equal(e.threads.has(4242), false);
  assert.equal(e.threads.get(300)?.comm, 'vim');
  assert.equal(e.threads.parentOf(e.threads.get(300)!)?.comm, 'bash');
  assert.equal(e.users.getUser('', 1000)?.name, 'u');
});
