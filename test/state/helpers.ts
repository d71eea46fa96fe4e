/**
 * Test helpers: an engine seeded with a small process tree, and shortcuts to
 * feed it real encoded events (through the capture reader's event view).
 */
import { EventCode } from '../../src/events/event-table.js';
import type { ProcessEntry, FdEntry, CaptureTables } from '../../src/events/scap-records.js';
import { emptyTables } from '../../src/events/scap-records.js';
import { StateEngine, type StateEngineOptions } from '../../src/state/system-state.js';
import { syntheticEvent, type SyntheticValue } from '../../src/state/synthetic-event.js';

export { EventCode };

export const BASE_TS = 1_700_000_000_000_000_000n;

/** A process-table entry with sensible defaults. */
export function proc(p: Partial<ProcessEntry> & { tid: number }): ProcessEntry {
  return {
    pid: p.tid,
    ptid: 1,
    sid: p.tid,
    vpgid: p.tid,
    comm: 'proc',
    exe: 'proc',
    exepath: '/usr/bin/proc',
    args: [],
    cwd: '/',
    fdlimit: 1024,
    flags: 0,
    uid: 0,
    gid: 0,
    vmsizeKb: 0,
    vmrssKb: 0,
    vmswapKb: 0,
    pfmajor: 0,
    pfminor: 0,
    env: [],
    vtid: p.tid,
    vpid: p.pid ?? p.tid,
    cgroups: [],
    root: '/',
    pidnsInitStartTs: 0n,
    tty: 0,
    loginuid: 0xffffffff,
    exeWritable: false,
    capInheritable: 0n,
    capPermitted: 0n,
    capEffective: 0n,
    exeUpperLayer: false,
    exeIno: 0n,
    exeInoCtime: 0n,
    exeInoMtime: 0n,
    exeFromMemfd: false,
    exeLowerLayer: false,
    pgid: p.tid,
    ...p,
  };
}

/** Tables with init (1) -> bash (100, cwd /home/u) and its fds 0-2 on /dev/pts/0. */
export function baseTables(extra: { processes?: ProcessEntry[]; fds?: FdEntry[] } = {}): CaptureTables {
  const t = emptyTables();
  t.processes.push(
    proc({ tid: 1, ptid: 0, comm: 'systemd', exe: '/sbin/init', exepath: '/usr/lib/systemd/systemd' }),
    proc({ tid: 100, ptid: 1, comm: 'bash', exe: '-bash', exepath: '/usr/bin/bash', cwd: '/home/u', uid: 1000, gid: 1000, env: ['HOME=/home/u', 'TERM=xterm'] }),
    ...(extra.processes ?? []),
  );
  for (const fd of [0, 1, 2]) {
    t.fds.push({ kind: 'file', tid: 100, fd, ino: 5n, type: 16, name: '/dev/pts/0', openFlags: 2, dev: 0 });
  }
  t.fds.push(...(extra.fds ?? []));
  t.users = [
    { uid: 0, gid: 0, name: 'root', homedir: '/root', shell: '/bin/bash' },
    { uid: 1000, gid: 1000, name: 'u', homedir: '/home/u', shell: '/bin/bash' },
  ];
  t.groups = [
    { gid: 0, name: 'root' },
    { gid: 1000, name: 'u' },
  ];
  return t;
}

/** An engine seeded with baseTables(). */
export function seededEngine(options: StateEngineOptions = {}, extra: Parameters<typeof baseTables>[0] = {}): StateEngine {
  const e = new StateEngine(options);
  e.seed(baseTables(extra));
  return e;
}

/** Feeds one event (by code) to the engine. */
export function feed(
  engine: StateEngine,
  code: number,
  tid: number,
  params: Readonly<Record<string, SyntheticValue>> = {},
  ts: bigint = BASE_TS,
): StateEngine {
  engine.process(syntheticEvent(code, ts, tid, params));
  return engine;
}

/** The parameters of a clone-family exit event, with defaults. */
export function cloneParams(p: Readonly<Record<string, SyntheticValue>>): Record<string, SyntheticValue> {
  return {
    exe: 'bash',
    args: [],
    tid: 0,
    pid: 0,
    ptid: 0,
    cwd: '',
    fdlimit: 1024,
    pgft_maj: 0,
    pgft_min: 0,
    vm_size: 100,
    vm_rss: 50,
    vm_swap: 0,
    comm: 'bash',
    cgroups: ['cpuset=/', 'memory=/'],
    flags: 0,
    uid: 1000,
    gid: 1000,
    vtid: 0,
    vpid: 0,
    pidns_init_start_ts: 0,
    ...p,
  };
}

/** The parameters of an execve exit event, with defaults. */
export function execParams(p: Readonly<Record<string, SyntheticValue>>): Record<string, SyntheticValue> {
  return {
    res: 0,
    exe: 'ls',
    args: [],
    tid: 0,
    pid: 0,
    ptid: 0,
    cwd: '',
    fdlimit: 1024,
    pgft_maj: 0,
    pgft_min: 0,
    vm_size: 0,
    vm_rss: 0,
    vm_swap: 0,
    comm: 'ls',
    cgroups: ['cpuset=/'],
    env: ['PATH=/bin'],
    tty: 34816,
    vpgid: 0,
    loginuid: 1000,
    flags: 0,
    cap_inheritable: 0,
    cap_permitted: 0,
    cap_effective: 0,
    exe_ino: 1234,
    exe_ino_ctime: 1_600_000_000_000_000_000n,
    exe_ino_mtime: 1_600_000_000_000_000_000n,
    uid: 1000,
    trusted_exepath: '/usr/bin/ls',
    pgid: 0,
    gid: 1000,
    ...p,
  };
}

/** bash (100) forks a child with the given tid (caller's exit event). */
export function forkFromBash(engine: StateEngine, child: number, extra: Readonly<Record<string, SyntheticValue>> = {}, ts = BASE_TS): StateEngine {
  return feed(engine, EventCode.SYSCALL_CLONE_20_X, 100, cloneParams({ res: child, tid: 100, pid: 100, ptid: 1, vtid: 100, vpid: 100, ...extra }), ts);
}
