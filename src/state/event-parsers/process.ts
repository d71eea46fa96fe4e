/**
 * Process lifecycle events: clone/fork/vfork/clone3 (the child is created
 * from whichever of the caller's and the child's exit events comes first),
 * execve/execveat, procexit, and the calls that change a process's
 * attributes (cwd, session, root, capabilities, fd limit, memory counters,
 * child-subreaper status). Rules follow libsinsp 0.25.4's parsers.
 */
import { EventCode } from '../../events/event-table.js';
import { concatenatePaths } from '../path-join.js';
import {
  ALL_CAPABILITIES,
  AT_FDCWD,
  CloneFlags,
  ExeFlags,
  ExecveatFlags,
  NO_ID,
  PrctlOption,
  RLIMIT_NOFILE,
} from '../ppm-flags.js';
import {
  bigParam,
  isEmptyParam,
  listParam,
  NA,
  numParam,
  numParamOr,
  strParam,
  u64Param,
  type ParsedEvent,
} from '../parsed-event.js';
import type { FdInfo } from '../fd-info.js';
import type { ThreadInfo } from '../thread-info.js';
import { enterNumber, enterString, resultOf, type ParserContext } from './context.js';

/** A thread entry younger than this is the one the caller already created for this child. */
export const CLONE_STALE_TIME_NS = 2n * 1_000_000_000n;

// Parameter positions shared by clone, fork, vfork and clone3 exit events.
const C_EXE = 1, C_ARGS = 2, C_PID = 4, C_PTID = 5, C_FDLIMIT = 7, C_PGFT_MAJ = 8, C_PGFT_MIN = 9;
const C_VM_SIZE = 10, C_VM_RSS = 11, C_VM_SWAP = 12, C_COMM = 13, C_CGROUPS = 14, C_FLAGS = 15;
const C_UID = 16, C_GID = 17, C_VTID = 18, C_VPID = 19, C_PIDNS_START = 20;

/** Fills the memory counters from a clone/execve event (they come together or not at all). */
function setMemory(t: ThreadInfo, ev: ParsedEvent): void {
  if (isEmptyParam(ev, C_VM_SWAP)) return;
  t.pfMajor = numParamOr(ev, C_PGFT_MAJ, 0);
  t.pfMinor = numParamOr(ev, C_PGFT_MIN, 0);
  t.vmsizeKb = numParamOr(ev, C_VM_SIZE, 0);
  t.vmrssKb = numParamOr(ev, C_VM_RSS, 0);
  t.vmswapKb = numParamOr(ev, C_VM_SWAP, 0);
}

/** What a new child inherits from the thread it is created from. */
function inheritFrom(child: ThreadInfo, src: ThreadInfo): void {
  child.setExepath(src.exepath);
  child.exeWritable = src.exeWritable;
  child.exeUpperLayer = src.exeUpperLayer;
  child.exeLowerLayer = src.exeLowerLayer;
  child.exeFromMemfd = src.exeFromMemfd;
  child.root = src.root;
  child.sid = src.sid;
  child.vpgid = src.vpgid;
  child.pgid = src.pgid;
  child.tty = src.tty;
  child.loginuid = src.loginuid;
  child.capPermitted = src.capPermitted;
  child.capInheritable = src.capInheritable;
  child.capEffective = src.capEffective;
  child.exeIno = src.exeIno;
  child.exeInoCtime = src.exeInoCtime;
  child.exeInoMtime = src.exeInoMtime;
  child.exeInoCtimeDurationCloneTs = src.exeInoCtimeDurationCloneTs;
}

/** A forked (non-thread) child gets a copy of the fds, the cwd and the environment. */
function forkCopy(child: ThreadInfo, src: ThreadInfo): void {
  const table = src.fdTable();
  child.setOwnFdTable(table === undefined ? undefined : table.cloneForChild());
  child.cwd = src.getCwd();
  child.inheritEnv(src);
}

/** Credentials and cgroups of a new child, and its user/group in the (host) user table. */
function setCredentialsAndCgroups(ctx: ParserContext, child: ThreadInfo, ev: ParsedEvent): void {
  child.uid = numParamOr(ev, C_UID, NO_ID) >>> 0;
  child.gid = numParamOr(ev, C_GID, NO_ID) >>> 0;
  ctx.users.addUser('', child.pid, child.uid, child.gid);
  ctx.users.addGroup('', child.pid, child.gid);
  if (!isEmptyParam(ev, C_CGROUPS)) child.setCgroupsBytes(ev.rawParam(C_CGROUPS)!);
}

function parseCloneCaller(ctx: ParserContext, ev: ParsedEvent, childTid: number): void {
  const callerTid = ev.tid;
  let collision = -1;
  let validCaller = true;
  const caller = ctx.threads.getOrCreate(callerTid);
  if (caller === undefined) {
    ctx.thread = undefined;
    return;
  }
  if (caller.isInvalid()) {
    // What the event tells about the caller repairs its placeholder entry.
    validCaller = false;
    caller.pid = numParamOr(ev, C_PID, -1);
    caller.ptid = numParamOr(ev, C_PTID, -1);
    if (!isEmptyParam(ev, C_VPID)) {
      caller.vtid = numParamOr(ev, C_VTID, -1);
      caller.vpid = numParamOr(ev, C_VPID, -1);
    } else {
      caller.vtid = callerTid;
      caller.vpid = -1;
    }
    ctx.threads.link(caller);
  }
  ctx.thread = caller;

  const flags = numParamOr(ev, C_FLAGS, 0) >>> 0;
  // A child in another pid namespace is created from its own event (the
  // returned tid is namespace-relative); so is a vfork child, whose exit can
  // precede the parent's return.
  if ((flags & (CloneFlags.CHILD_IN_PIDNS | CloneFlags.NEWPID | CloneFlags.PARENT)) !== 0 || callerTid !== caller.vtid) return;
  if ((flags & CloneFlags.VFORK) !== 0 || ev.code === EventCode.SYSCALL_VFORK_20_X) return;
  if (ctx.threads.hasRecentlyExited(childTid, callerTid, ev.ts)) return;

  const existing = ctx.threads.get(childTid);
  if (existing !== undefined) {
    if ((existing.flags & CloneFlags.INVERTED) !== 0) return;
    // A leftover of a thread whose exit was missed.
    ctx.threads.remove(childTid);
    collision = childTid;
  }

  const child = ctx.threads.newThread();
  child.lastExecTs = 0n;
  child.flags = flags;
  child.tid = childTid;
  if ((flags & CloneFlags.THREAD) === 0) {
    if (validCaller) forkCopy(child, caller);
    child.pid = childTid;
    child.ptid = caller.tid;
  } else {
    child.pid = caller.pid;
    child.ptid = caller.ptid;
    child.flags |= CloneFlags.FILES;
    child.lastExecTs = caller.lastExecTs;
  }
  child.vtid = child.tid;
  child.vpid = child.pid;
  child.exe = strParam(ev, C_EXE);
  child.setArgs(listParam(ev, C_ARGS));
  child.comm = isEmptyParam(ev, C_COMM) ? child.exe : strParam(ev, C_COMM);
  child.fdlimit = numParamOr(ev, C_FDLIMIT, -1);
  setMemory(child, ev);
  setCredentialsAndCgroups(ctx, child, ev);
  child.cloneTs = ev.ts;
  child.pidnsInitStartTs = ctx.settings.bootTsEpoch;
  if (validCaller) inheritFrom(child, caller);
  else {
    caller.exe = child.exe;
    caller.comm = child.comm;
    caller.setArgs(listParam(ev, C_ARGS));
  }
  if (ctx.threads.add(child, true) === undefined) return;
  if (collision !== -1) ctx.relookup(ev);
}

function parseCloneChild(ctx: ParserContext, ev: ParsedEvent): void {
  const childTid = ev.tid;
  let collision = -1;
  let validLookup = true;
  const existing = ctx.thread;
  if (existing !== undefined && existing.cloneTs !== 0n) {
    // The caller's event already created it.
    if (ev.ts - existing.cloneTs < CLONE_STALE_TIME_NS) return;
    ctx.threads.remove(childTid);
    collision = childTid;
    ctx.thread = undefined;
  }

  const child = ctx.threads.newThread();
  child.lastExecTs = 0n;
  child.tid = childTid;
  child.pid = numParamOr(ev, C_PID, -1);
  child.ptid = numParamOr(ev, C_PTID, -1);
  if (!isEmptyParam(ev, C_VPID)) {
    child.vtid = numParamOr(ev, C_VTID, -1);
    child.vpid = numParamOr(ev, C_VPID, -1);
  } else {
    child.vtid = child.tid;
    child.vpid = -1;
  }
  child.flags = (numParamOr(ev, C_FLAGS, 0) | CloneFlags.INVERTED) >>> 0;

  // A new process copies its parent; a new thread copies its main thread.
  const leader = (child.flags & CloneFlags.THREAD) === 0;
  let lookupTid: number;
  if (leader) lookupTid = child.ptid;
  else {
    lookupTid = child.pid;
    child.flags |= CloneFlags.FILES;
  }
  const lookup = ctx.threads.getOrCreate(lookupTid);
  if (lookup === undefined) {
    ctx.thread = undefined;
    return;
  }
  if (lookup.isInvalid()) {
    validLookup = false;
    if (!leader) {
      lookup.pid = child.pid;
      lookup.ptid = child.ptid;
      lookup.vpid = child.vpid;
      lookup.vtid = lookup.vpid;
      ctx.threads.link(lookup);
    }
  }

  child.exe = strParam(ev, C_EXE);
  child.comm = isEmptyParam(ev, C_COMM) ? child.exe : strParam(ev, C_COMM);
  child.setArgs(listParam(ev, C_ARGS));
  if (validLookup) {
    inheritFrom(child, lookup);
    if (leader) {
      const table = lookup.fdTable();
      child.setOwnFdTable(table === undefined ? undefined : table.cloneForChild());
      child.cwd = lookup.getCwd();
      child.inheritEnv(lookup);
    } else {
      child.lastExecTs = lookup.lastExecTs;
    }
  } else if (!leader) {
    lookup.exe = child.exe;
    lookup.comm = child.comm;
    lookup.setArgs(listParam(ev, C_ARGS));
  }

  child.fdlimit = numParamOr(ev, C_FDLIMIT, -1);
  setMemory(child, ev);
  setCredentialsAndCgroups(ctx, child, ev);
  child.cloneTs = ev.ts;
  if ((child.flags & (CloneFlags.CHILD_IN_PIDNS | CloneFlags.NEWPID)) !== 0 || child.tid !== child.vtid) {
    const start = bigParam(ev, C_PIDNS_START);
    if (start !== undefined) child.pidnsInitStartTs = start + ctx.settings.bootTsEpoch;
  } else {
    child.pidnsInitStartTs = ctx.settings.bootTsEpoch;
  }

  const added = ctx.threads.add(child, true);
  if (added === undefined) {
    ctx.thread = undefined;
    return;
  }
  ctx.thread = added;
  if (collision !== -1) ctx.relookup(ev);
}

/** clone, fork, vfork, clone3 exit: the caller's (returns the child's tid) or the child's (returns 0). */
export function parseCloneExit(ctx: ParserContext, ev: ParsedEvent): void {
  const res = resultOf(ev);
  if (res < 0) return;
  if (res === 0) parseCloneChild(ctx, ev);
  else parseCloneCaller(ctx, ev, res);
}

// Parameter positions of execve/execveat exit events.
const X_EXE = 1, X_ARGS = 2, X_PID = 4, X_PTID = 5, X_FDLIMIT = 7, X_COMM = 13, X_CGROUPS = 14, X_ENV = 15;
const X_TTY = 16, X_VPGID = 17, X_LOGINUID = 18, X_FLAGS = 19, X_CAP_INH = 20, X_CAP_PERM = 21, X_CAP_EFF = 22;
const X_INO = 23, X_INO_CTIME = 24, X_INO_MTIME = 25, X_UID = 26, X_TRUSTED_EXEPATH = 27, X_PGID = 28, X_GID = 29;
const X_FILENAME = 30;

// The last directory fd dirfdBase joined a `/` to, with its name then and the
// result: a directory walk opens entry after entry under the same fd, and
// reusing the one string (made flat by the first join that reads it) spares
// building and flattening a new one per open.
let lastDirFd: FdInfo | undefined = undefined;
let lastDirName = '';
let lastDirBase = '';

/**
 * The directory a *at() path is relative to: `.` for absolute paths, the
 * cwd for AT_FDCWD, the dirfd's name (with a trailing `/`), or `<UNKNOWN>`.
 */
export function dirfdBase(ctx: ParserContext, name: string, dirfd: number): string {
  if (name.length > 0 && name[0] === '/') return '.';
  const t = ctx.thread;
  if (t === undefined) return '<UNKNOWN>';
  if (dirfd === AT_FDCWD) return t.getCwd();
  const fdi = t.getFd(dirfd);
  if (fdi === undefined) return '<UNKNOWN>';
  const dir = fdi.name;
  if (fdi === lastDirFd && dir === lastDirName) return lastDirBase;
  const base = dir.length === 0 || dir.endsWith('/') ? dir : dir + '/';
  lastDirFd = fdi;
  lastDirName = dir;
  lastDirBase = base;
  return base;
}

/** The executable path of an execve whose event lacks it, from the enter event's arguments. */
function exepathFromEnter(ctx: ParserContext, ev: ParsedEvent, t: ThreadInfo): string | undefined {
  const enter = ctx.enterOf(ev);
  if (enter !== undefined) {
    if (enter.code === EventCode.SYSCALL_EXECVE_19_E) {
      const filename = enterString(enter, 0);
      return filename === NA ? NA : concatenatePaths(t.getCwd(), filename);
    }
    if (enter.code === EventCode.SYSCALL_EXECVEAT_E) {
      const dirfd = enterNumber(enter, 0) ?? AT_FDCWD;
      const pathname = enterString(enter, 1);
      const flags = enterNumber(enter, 2) ?? 0;
      const sdir = dirfdBase(ctx, pathname, dirfd);
      if (sdir !== '.' && sdir !== '<UNKNOWN>') ctx.fd = t.getFd(dirfd);
      if (((flags & ExecveatFlags.AT_EMPTY_PATH) === 0 && pathname === NA) || sdir === '<UNKNOWN>') return NA;
      if ((flags & ExecveatFlags.AT_EMPTY_PATH) !== 0) return concatenatePaths('', sdir);
      return concatenatePaths(sdir, pathname);
    }
    return undefined;
  }
  // Without the enter event, the capture converter's copy of its filename.
  if (ev.code === EventCode.SYSCALL_EXECVE_19_X && !isEmptyParam(ev, X_FILENAME)) {
    const filename = strParam(ev, X_FILENAME);
    return filename === NA ? NA : concatenatePaths(t.getCwd(), filename);
  }
  return undefined;
}

/** execve / execveat exit: the thread now runs a new program. */
export function parseExecveExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) < 0) return;
  const t = ctx.thread;
  if (t === undefined) return;
  // A secondary thread exec'ing after its leader exited brings the leader back.
  if (t.isDead()) t.resurrect();

  t.exe = strParam(ev, X_EXE);
  t.lastExecTs = ev.ts;
  t.comm = isEmptyParam(ev, X_COMM) ? t.exe : strParam(ev, X_COMM);
  t.setArgs(listParam(ev, X_ARGS));
  t.pid = numParamOr(ev, X_PID, t.pid);
  if (t.isInvalid()) {
    t.ptid = numParamOr(ev, X_PTID, -1);
    if ((t.flags & CloneFlags.CHILD_IN_PIDNS) === 0) {
      t.vtid = t.tid;
      t.vpid = t.pid;
    }
    ctx.threads.link(t);
  }
  t.fdlimit = numParamOr(ev, X_FDLIMIT, t.fdlimit);
  setMemory(t, ev);
  if (!isEmptyParam(ev, X_ENV)) t.setEnvBytes(ev.rawParam(X_ENV)!);
  if (!isEmptyParam(ev, X_CGROUPS)) t.setCgroupsBytes(ev.rawParam(X_CGROUPS)!);
  if (!isEmptyParam(ev, X_TTY)) t.tty = numParamOr(ev, X_TTY, 0);

  if (!isEmptyParam(ev, X_TRUSTED_EXEPATH)) t.setExepath(strParam(ev, X_TRUSTED_EXEPATH));
  else {
    const p = exepathFromEnter(ctx, ev, t);
    if (p !== undefined) t.setExepath(p);
  }

  if (!isEmptyParam(ev, X_VPGID)) t.vpgid = numParamOr(ev, X_VPGID, -1);
  if (!isEmptyParam(ev, X_LOGINUID)) t.loginuid = numParamOr(ev, X_LOGINUID, NO_ID) >>> 0;
  if (!isEmptyParam(ev, X_FLAGS)) {
    const f = numParamOr(ev, X_FLAGS, 0);
    t.exeWritable = (f & ExeFlags.WRITABLE) !== 0;
    t.exeUpperLayer = (f & ExeFlags.UPPER_LAYER) !== 0;
    t.exeFromMemfd = (f & ExeFlags.FROM_MEMFD) !== 0;
    t.exeLowerLayer = (f & ExeFlags.LOWER_LAYER) !== 0;
  }
  if (!isEmptyParam(ev, X_CAP_EFF)) {
    t.capInheritable = bigParam(ev, X_CAP_INH) ?? 0n;
    t.capPermitted = bigParam(ev, X_CAP_PERM) ?? 0n;
    t.capEffective = bigParam(ev, X_CAP_EFF) ?? 0n;
  }
  if (!isEmptyParam(ev, X_INO_MTIME)) {
    t.exeIno = u64Param(ev, X_INO) ?? 0;
    t.exeInoCtime = bigParam(ev, X_INO_CTIME) ?? 0n;
    t.exeInoMtime = bigParam(ev, X_INO_MTIME) ?? 0n;
    if (t.cloneTs !== 0n) t.exeInoCtimeDurationCloneTs = BigInt.asUintN(64, t.cloneTs - t.exeInoCtime);
    if (t.pidnsInitStartTs !== 0n && t.exeInoCtime > t.pidnsInitStartTs) {
      t.exeInoCtimeDurationPidnsStart = t.exeInoCtime - t.pidnsInitStartTs;
    }
  }
  if (!isEmptyParam(ev, X_UID)) t.uid = numParamOr(ev, X_UID, NO_ID) >>> 0;
  t.pgid = isEmptyParam(ev, X_PGID) ? -1 : numParamOr(ev, X_PGID, -1);
  if (!isEmptyParam(ev, X_GID)) t.gid = numParamOr(ev, X_GID, NO_ID) >>> 0;

  ctx.users.addUser(t.containerId, t.pid, t.uid, t.gid);
  ctx.users.addGroup(t.containerId, t.pid, t.gid);

  // The new program does not get the close-on-exec fds.
  t.fdTable()?.retain((_fd, info) => !info.isCloseOnExec());

  const kept = t.flags & (CloneFlags.PIPE_SRC | CloneFlags.PIPE_DST | CloneFlags.IS_MAIN_THREAD);
  const inverted = (t.flags & CloneFlags.INVERTED) !== 0;
  t.flags = CloneFlags.ACTIVE | kept | (inverted ? CloneFlags.INVERTED : 0) | CloneFlags.NAME_CHANGED;

  // Every other thread of the process ends with the exec.
  const g = t.group;
  if (g !== undefined && g.threadCount > 1) {
    for (const other of g.threads.slice()) {
      if (other.erased || other.isMainThread() || other.tid === t.tid) continue;
      ctx.threads.remove(other.tid);
    }
  }
}

/** procexit: the thread is dead; it is removed before the next event. */
export function parseProcexit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  ctx.threads.markDead(t);
  ctx.removeThreadLater(ev.tid);
  if (t.children.length === 0) return;
  // The kernel names who adopts the children (param 4); older events do not.
  if (ev.nparams > 4) {
    if (!isEmptyParam(ev, 4)) t.reaperTid = numParamOr(ev, 4, -1);
  } else {
    t.reaperTid = -1;
  }
}

/** prctl(PR_SET/GET_CHILD_SUBREAPER): the process becomes (or stops being) a reaper. */
export function parsePrctlExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) < 0) return;
  const t = ctx.thread;
  if (t === undefined || t.isInvalid()) return;
  const option = numParamOr(ev, 1, -1);
  if (option !== PrctlOption.SET_CHILD_SUBREAPER && option !== PrctlOption.GET_CHILD_SUBREAPER) return;
  const arg2 = numParamOr(ev, 3, 0);
  if (t.group !== undefined) t.group.reaper = arg2 !== 0;
}

export function parseCapsetExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (resultOf(ev) < 0 || t === undefined) return;
  t.capInheritable = bigParam(ev, 1) ?? 0n;
  t.capPermitted = bigParam(ev, 2) ?? 0n;
  t.capEffective = bigParam(ev, 3) ?? 0n;
}

export function parseSetsidExit(ctx: ParserContext, ev: ParsedEvent): void {
  const res = resultOf(ev);
  if (res >= 0 && ctx.thread !== undefined) ctx.thread.sid = res;
}

export function parseChdirExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) >= 0 && ctx.thread !== undefined) ctx.thread.updateCwd(strParam(ev, 1));
}

export function parseFchdirExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) >= 0 && ctx.fd !== undefined && ctx.thread !== undefined) ctx.thread.updateCwd(ctx.fd.name);
}

export function parseGetcwdExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) >= 0 && ctx.thread !== undefined) ctx.thread.updateCwd(strParam(ev, 1));
}

/** chroot: the new root (absolute, or relative to the cwd). */
export function parseChrootExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined || resultOf(ev) !== 0) return;
  const path = strParam(ev, 1);
  t.root = path === NA || path.length === 0 || path[0] === '/' ? path : concatenatePaths(t.getCwd(), path);
}

/** unshare/setns into a new user namespace grant every capability there. */
export function parseUnshareSetnsExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (resultOf(ev) < 0 || t === undefined) return;
  let flags = 0;
  if (ev.code === EventCode.SYSCALL_UNSHARE_X) flags = numParamOr(ev, 1, 0);
  else if (!isEmptyParam(ev, 2)) flags = numParamOr(ev, 2, 0);
  if ((flags & CloneFlags.NEWUSER) === 0) return;
  t.capInheritable = ALL_CAPABILITIES;
  t.capPermitted = ALL_CAPABILITIES;
  t.capEffective = ALL_CAPABILITIES;
}

/** getrlimit/setrlimit(RLIMIT_NOFILE): the process's fd limit. */
export function parseRlimitExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined || resultOf(ev) < 0) return;
  if (numParam(ev, 3) !== RLIMIT_NOFILE) return;
  const cur = numParam(ev, 1);
  if (cur === undefined || cur === -1) return;
  const main = t.mainThread();
  if (main !== undefined) main.fdlimit = cur;
}

/** prlimit(pid, RLIMIT_NOFILE): the fd limit of the target process. */
export function parsePrlimitExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) !== 0) return;
  if (isEmptyParam(ev, 6) || numParam(ev, 6) !== RLIMIT_NOFILE) return;
  const newcur = numParamOr(ev, 1, -1);
  if (newcur === -1) return;
  if (isEmptyParam(ev, 5)) return;
  let tid = numParamOr(ev, 5, 0);
  if (tid === 0) tid = ev.tid;
  const target = ctx.threads.getOrCreate(tid);
  if (target === undefined || target.isInvalid()) return;
  const main = target.mainThread();
  if (main !== undefined) main.fdlimit = newcur;
}

/** Scheduler switch: page faults of the thread, memory of its process. */
export function parseSchedSwitch(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined || isEmptyParam(ev, 5)) return;
  t.pfMajor = numParamOr(ev, 1, 0);
  t.pfMinor = numParamOr(ev, 2, 0);
  const main = t.mainThread();
  if (main !== undefined) {
    main.vmsizeKb = numParamOr(ev, 3, 0);
    main.vmrssKb = numParamOr(ev, 4, 0);
    main.vmswapKb = numParamOr(ev, 5, 0);
  }
}

/** brk/mmap/mmap2/munmap report the memory counters. */
export function parseMemoryExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  if (!isEmptyParam(ev, 1)) t.vmsizeKb = numParamOr(ev, 1, 0);
  if (!isEmptyParam(ev, 3)) {
    t.vmrssKb = numParamOr(ev, 2, 0);
    t.vmswapKb = numParamOr(ev, 3, 0);
  }
}
