/**
 * Extractors of the `process` class (`proc.*`, `thread.*`): the process
 * and thread that made the call, as the state layer knows them after the
 * event, with Falco 0.44.1's semantics (libsinsp 0.25.4).
 *
 * Two builders:
 * - `processExtractor` gives each field's value as libsinsp extracts it,
 *   which is what outputs print. For the unindexed ancestor fields that is
 *   a joined text (`proc.aname`: the ancestors' names separated by spaces)
 *   or the process's own value (`proc.apid`: its pid, `proc.aenv`: its
 *   environment).
 * - `processConditionExtractor` gives, for those same fields, what
 *   libsinsp's comparison looks at instead: one value per ancestor
 *   (parent first, the process itself excluded), as an array that a
 *   condition matches when any item does (`proc.aname=bash`: some ancestor
 *   is bash). For every other field it returns undefined: conditions use
 *   `processExtractor`'s value.
 *
 * Text values are given in the printable form outputs show
 * (./process-printable.ts). Ancestor walks are in ./process-ancestry.ts.
 */
import { EventCode } from '../../events/event-table.js';
import type { ThreadInfo } from '../../state/thread-info.js';
import type { ResolvedField } from '../types.js';
import type { FieldValue } from '../value.js';
import { perConsumer, type ClassExtractorBuilder, type SyscallExtractor } from './class-extractor.js';
import {
  ancestorEnv, ancestorEnvVar, ancestorProcess, ancestorValues, joinedAncestorText, leaderText, loginShellId, type ThreadText,
} from './process-ancestry.js';
import { capabilitiesText } from './process-caps.js';
import { printableText } from './process-printable.js';
import type { SyscallEvent } from './syscall-event.js';

const U32_MAX = 0xffffffff;

/** libsinsp hides ids outside [-1, 2^32-1] (sources that cannot tell real pids). */
function shownId(id: number): number | undefined {
  return id >= -1 && id <= U32_MAX ? id : undefined;
}

/** A 64-bit value in FieldValue form: a number when exact, else a bigint. */
function int64(v: bigint): number | bigint {
  const s = BigInt.asIntN(64, v);
  return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
}

function uint64(v: bigint): number | bigint {
  const u = BigInt.asUintN(64, v);
  return u <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(u) : u;
}

/** A state value that means "unknown" when 0 (inode numbers and times). */
function nonZero(v: number | bigint): number | bigint | undefined {
  if (typeof v === 'number') return v === 0 ? undefined : v;
  return v === 0n ? undefined : uint64(v);
}

const encoder = new TextEncoder();

function byteLength(s: string): number {
  // Plain ASCII is the common case: its length is its byte count.
  return /^[\x00-\x7f]*$/.test(s) ? s.length : encoder.encode(s).length;
}

// ---------------------------------------------------------------------------
// Texts of a process

const comm: ThreadText = (t) => t.comm;
const exe: ThreadText = (t) => t.exe;
const exepath: ThreadText = (t) => t.exepath;
const cmdline: ThreadText = (t) => t.commandLine();
const argsText: ThreadText = (t) => t.argsString();

/** `proc.exeline`: argv[0], a space, then the arguments (a trailing space when there are none). */
function exeline(t: ThreadInfo): string {
  return `${t.exe} ${t.args.join(' ')}`;
}

/** `thread.cgroups`: every `subsystem=path`, space-separated; nothing without cgroups. */
function cgroupsText(t: ThreadInfo): string | undefined {
  if (t.cgroups.length === 0) return undefined;
  return t.cgroups.map(([s, p]) => `${s}=${p}`).join(' ');
}

/** The cgroup of one subsystem, if the thread has one. */
function cgroupOf(t: ThreadInfo, subsys: string): string | undefined {
  for (const [s, p] of t.cgroups) if (s === subsys) return p;
  return undefined;
}

/** Type or name of one of the standard fds, from the table the thread uses. */
function stdFd(t: ThreadInfo, fd: number, what: 'type' | 'name'): string | undefined {
  const info = t.fdTable()?.get(fd);
  if (info === undefined) return undefined;
  return what === 'type' ? info.typeString() : info.name;
}

// ---------------------------------------------------------------------------
// Stateful fields

/** `thread.totexectime` per thread, shared by every consumer (libsinsp's dynamic thread field). */
const totalExecTime = new WeakMap<ThreadInfo, bigint>();

/**
 * `thread.exectime`: on a scheduler switch, the time since the previous
 * switch on the same CPU that this consumer saw (0 for the first one);
 * 0 on other events. Each condition or output keeps its own clock, as
 * each libsinsp field check does.
 */
function exectimeExtractor(accumulate: boolean): SyscallExtractor {
  const lastSwitch = new Map<number, bigint>();
  const sinceLastSwitch = (ev: SyscallEvent): bigint => {
    if (ev.code !== EventCode.SCHEDSWITCH_6_E) return 0n;
    const last = lastSwitch.get(ev.cpu) ?? 0n;
    lastSwitch.set(ev.cpu, ev.ts);
    return last === 0n ? 0n : BigInt.asUintN(64, ev.ts - last);
  };
  if (!accumulate) return perConsumer((ev) => uint64(sinceLastSwitch(ev)));
  return perConsumer((ev) => {
    const d = sinceLastSwitch(ev);
    const t = ev.thread;
    if (t === undefined) return undefined;
    const total = BigInt.asUintN(64, (totalExecTime.get(t) ?? 0n) + d);
    totalExecTime.set(t, total);
    return uint64(total);
  });
}

/**
 * `thread.cpu*` on a procinfo event. libsinsp computes the CPU time used
 * since a per-thread value that every read of any of the three fields
 * overwrites with what it just read, so a second read on the same event
 * always finds no change; Falco's outputs read each field twice in a row
 * and print the second read: 0. That is the value here, on every procinfo
 * event of a known thread; other events have no value.
 */
const threadCpu: SyscallExtractor = (ev) => (ev.thread !== undefined && ev.code === EventCode.PROCINFO_E ? 0 : undefined);

// ---------------------------------------------------------------------------
// The builders

/** An extractor of a value of the event's thread; no value without a thread. */
function ofThread(read: (t: ThreadInfo, ev: SyscallEvent) => FieldValue): SyscallExtractor {
  return (ev) => {
    const t = ev.thread;
    return t === undefined ? undefined : read(t, ev);
  };
}

/** An extractor of a value of the n-th ancestor process. */
function ofAncestor(n: number, read: (a: ThreadInfo) => FieldValue): SyscallExtractor {
  return ofThread((t, ev) => {
    const a = ancestorProcess(ev.state.threads, t, n);
    return a === undefined ? undefined : read(a);
  });
}

/** The argument as an ancestor level: -1 when absent (or written as -1). */
function levelOf(field: ResolvedField): number {
  const n = field.argNumber;
  return typeof n === 'number' ? n : -1;
}

/** `proc.aname` and kin: joined ancestors without index, the indexed ancestor's value with one. */
function ancestorText(field: ResolvedField, pick: ThreadText): SyscallExtractor | undefined {
  const level = levelOf(field);
  if (level === -1) return ofThread((t, ev) => joinedAncestorText(ev.state.threads, t, pick));
  // Any other negative level walks up past every ancestor.
  if (level < 0) return () => undefined;
  return ofAncestor(level, pick);
}

/** The variable name of `proc.env[NAME]` / `proc.aenv[NAME]` ('' for none or a numeric argument). */
function envNameOf(field: ResolvedField): string {
  return field.arg !== undefined && field.argNumber === undefined ? field.arg : '';
}

/**
 * The process's environment as one text (`concatenatedEnv`), joined again
 * only when the list changes: processes share their environment lists, and
 * a list is never modified in place (the state replaces it).
 */
function environmentText(): (t: ThreadInfo) => string {
  let lastList: readonly string[] | undefined;
  let lastText = '';
  return (t) => {
    const list = t.getEnv();
    if (list !== lastList) {
      lastText = t.concatenatedEnv();
      lastList = list;
    }
    return lastText;
  };
}

function aenvExtractor(field: ResolvedField): SyscallExtractor {
  const name = envNameOf(field);
  const level = levelOf(field);
  if (name.length === 0 && level < 1) return ofThread(environmentText());
  if (name.length !== 0) return ofThread((t, ev) => ancestorEnvVar(ev.state.threads, t, name));
  return ofThread((t, ev) => ancestorEnv(ev.state.threads, t, level));
}

function build(field: ResolvedField): SyscallExtractor | undefined {
  switch (field.info.name) {
    case 'thread.tid': return (ev) => shownId(ev.tid);
    case 'proc.pid': return ofThread((t) => shownId(t.pid));
    case 'proc.sid': return ofThread((t) => t.sid);
    case 'proc.vpgid': return ofThread((t) => t.vpgid);
    case 'proc.pgid': return ofThread((t) => t.pgid);
    case 'proc.sname': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.sid, true, comm));
    case 'proc.sid.exe': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.sid, true, exe));
    case 'proc.sid.exepath': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.sid, true, exepath));
    case 'proc.vpgid.name': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.vpgid, true, comm));
    case 'proc.vpgid.exe': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.vpgid, true, exe));
    case 'proc.vpgid.exepath': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.vpgid, true, exepath));
    case 'proc.pgid.name': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.pgid, false, comm));
    case 'proc.pgid.exe': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.pgid, false, exe));
    case 'proc.pgid.exepath': return ofThread((t, ev) => leaderText(ev.state.threads, t, (x) => x.pgid, false, exepath));
    case 'proc.tty': return ofThread((t) => t.tty);
    case 'proc.name': return ofThread(comm);
    case 'proc.exe': return ofThread(exe);
    case 'proc.exepath': return ofThread(exepath);
    case 'proc.args': {
      const index = levelOf(field);
      if (index >= 0) return ofThread((t) => t.args[index] ?? '');
      return ofThread(argsText);
    }
    case 'proc.aargs': return ancestorText(field, argsText);
    case 'proc.env': {
      const name = envNameOf(field);
      if (name.length !== 0) return ofThread((t) => t.getEnvVar(name));
      return ofThread(environmentText());
    }
    case 'proc.aenv': return aenvExtractor(field);
    case 'proc.cmdline': return ofThread(cmdline);
    case 'proc.exeline': return ofThread(exeline);
    case 'proc.cwd': return ofThread((t) => t.getCwd());
    case 'proc.nthreads': return ofThread((t) => t.numThreads());
    case 'proc.nchilds': return ofThread((t) => t.numNotLeaderThreads());
    case 'thread.ismain': return ofThread((t) => t.isMainThread());
    case 'thread.exectime': return exectimeExtractor(false);
    case 'thread.totexectime': return exectimeExtractor(true);
    case 'proc.ppid': return ofAncestor(1, (a) => shownId(a.pid));
    case 'proc.pname': return ofAncestor(1, comm);
    case 'proc.pcmdline': return ofAncestor(1, cmdline);
    case 'proc.pexe': return ofAncestor(1, exe);
    case 'proc.pexepath': return ofAncestor(1, exepath);
    case 'proc.acmdline': return ancestorText(field, cmdline);
    case 'proc.aname': return ancestorText(field, comm);
    case 'proc.aexe': return ancestorText(field, exe);
    case 'proc.aexepath': return ancestorText(field, exepath);
    case 'proc.apid': {
      const level = levelOf(field);
      if (level < -1) return () => undefined;
      return ofAncestor(level === -1 ? 0 : level, (a) => shownId(a.pid));
    }
    case 'proc.loginshellid': return ofThread((t, ev) => loginShellId(ev.state.threads, t));
    case 'proc.duration':
      return ofThread((t, ev) => (t.cloneTs === 0n ? undefined : int64(ev.ts - t.cloneTs)));
    case 'proc.ppid.duration':
      return ofThread((t, ev) => {
        const p = ancestorProcess(ev.state.threads, t, 1);
        if (p === undefined) return undefined;
        if (p.cloneTs !== 0n) return int64(ev.ts - p.cloneTs);
        // libsinsp falls through to the next field here: the process's open fd count.
        return t.fdOpenCount();
      });
    case 'proc.fdopencount': return ofThread((t) => t.fdOpenCount());
    case 'proc.fdlimit': return ofThread((t) => t.fdLimit());
    case 'proc.fdusage': return ofThread((t) => t.fdUsagePctDouble());
    case 'proc.vmsize': return ofThread((t) => t.vmsizeKb);
    case 'proc.vmrss': return ofThread((t) => t.vmrssKb);
    case 'proc.vmswap': return ofThread((t) => t.vmswapKb);
    case 'thread.vmsize': return ofThread((t) => (t.isMainThread() ? t.vmsizeKb : 0));
    case 'thread.vmrss': return ofThread((t) => (t.isMainThread() ? t.vmrssKb : 0));
    case 'thread.vmsize.b': return ofThread((t) => (t.isMainThread() ? t.vmsizeKb * 1024 : 0));
    case 'thread.vmrss.b': return ofThread((t) => (t.isMainThread() ? t.vmrssKb * 1024 : 0));
    case 'thread.pfmajor': return ofThread((t) => t.pfMajor);
    case 'thread.pfminor': return ofThread((t) => t.pfMinor);
    case 'thread.cgroups': return ofThread(cgroupsText);
    case 'thread.cgroup': {
      const subsys = field.arg ?? '';
      return ofThread((t) => cgroupOf(t, subsys));
    }
    case 'thread.vtid': return ofThread((t) => (t.vtid === -1 ? undefined : t.vtid));
    case 'proc.vpid': return ofThread((t) => (t.vpid === -1 ? undefined : t.vpid));
    case 'thread.cpu':
    case 'thread.cpu.user':
    case 'thread.cpu.system':
      return threadCpu;
    case 'thread.nametid': return ofThread((t, ev) => `${t.comm}${ev.tid}`);
    case 'proc.is_exe_writable': return ofThread((t) => t.exeWritable);
    case 'proc.is_exe_upper_layer': return ofThread((t) => t.exeUpperLayer);
    case 'proc.is_exe_lower_layer': return ofThread((t) => t.exeLowerLayer);
    case 'proc.is_exe_from_memfd': return ofThread((t) => t.exeFromMemfd);
    case 'proc.is_sid_leader': return ofThread((t) => t.sid === t.vpid);
    case 'proc.is_vpgid_leader': return ofThread((t) => t.vpgid === t.vpid);
    case 'proc.is_pgid_leader': return ofThread((t) => t.pgid === t.pid);
    case 'thread.cap_permitted': return ofThread((t) => capabilitiesText(t.capPermitted));
    case 'thread.cap_inheritable': return ofThread((t) => capabilitiesText(t.capInheritable));
    case 'thread.cap_effective': return ofThread((t) => capabilitiesText(t.capEffective));
    case 'proc.cmdnargs': return ofThread((t) => t.args.length);
    case 'proc.cmdlenargs':
      return ofThread((t) => {
        let n = 0;
        for (const a of t.args) n += byteLength(a);
        return n;
      });
    case 'proc.pvpid':
      return ofThread((t, ev) => ev.state.threads.get(t.ptid)?.vpid);
    case 'proc.exe_ino': return ofThread((t) => nonZero(t.exeIno));
    case 'proc.exe_ino.ctime': return ofThread((t) => nonZero(t.exeInoCtime));
    case 'proc.exe_ino.mtime': return ofThread((t) => nonZero(t.exeInoMtime));
    case 'proc.exe_ino.ctime_duration_proc_start': return ofThread((t) => nonZero(t.exeInoCtimeDurationCloneTs));
    case 'proc.exe_ino.ctime_duration_pidns_start': return ofThread((t) => nonZero(t.exeInoCtimeDurationPidnsStart));
    case 'proc.pidns_init_start_ts': return ofThread((t) => nonZero(t.pidnsInitStartTs));
    case 'proc.pid.ts': return ofThread((t) => nonZero(t.cloneTs));
    case 'proc.ppid.ts':
      return ofThread((t, ev) => {
        const p = ev.state.threads.get(t.ptid);
        return p === undefined ? undefined : uint64(p.cloneTs);
      });
    case 'proc.stdin.type': return ofThread((t) => stdFd(t, 0, 'type'));
    case 'proc.stdout.type': return ofThread((t) => stdFd(t, 1, 'type'));
    case 'proc.stderr.type': return ofThread((t) => stdFd(t, 2, 'type'));
    case 'proc.stdin.name': return ofThread((t) => stdFd(t, 0, 'name'));
    case 'proc.stdout.name': return ofThread((t) => stdFd(t, 1, 'name'));
    case 'proc.stderr.name': return ofThread((t) => stdFd(t, 2, 'name'));
    default:
      return undefined;
  }
}

export const processExtractor: ClassExtractorBuilder = (field) => printableText(field, build(field));

/** One value per ancestor of the event's process, for a condition to match any of. */
function ofAncestors(pick: (a: ThreadInfo) => string | number): SyscallExtractor {
  return ofThread((t, ev) => ancestorValues(ev.state.threads, t, pick));
}

export const processConditionExtractor: ClassExtractorBuilder = (field) => {
  const name = field.info.name;
  if (name === 'proc.aenv') {
    // libsinsp compares every ancestor's environment unless a variable is named.
    return envNameOf(field).length === 0 ? ofAncestors((a) => a.concatenatedEnv()) : undefined;
  }
  if (levelOf(field) !== -1) return undefined;
  switch (name) {
    case 'proc.apid': return ofAncestors((a) => a.pid);
    case 'proc.aname': return ofAncestors(comm);
    case 'proc.aexe': return ofAncestors(exe);
    case 'proc.aexepath': return ofAncestors(exepath);
    case 'proc.acmdline': return ofAncestors(cmdline);
    default: return undefined;
  }
};
