/**
 * Events that create, copy or close file descriptors other than sockets:
 * the open family (names joined with the cwd or the dirfd's path), dup and
 * fcntl copies, pipes, the anonymous-inode fds (eventfd, signalfd, timerfd,
 * inotify, epoll, bpf, userfaultfd, io_uring), memfd, pidfd, close and
 * close_range. Rules follow libsinsp 0.25.4's parsers.
 */
import { EventCode } from '../../events/event-table.js';
import { FdFlags, FdInfo, FdType } from '../fd-info.js';
import { concatenatePaths } from '../path-join.js';
import { CloneFlags, CLOSE_RANGE_CLOEXEC, CreatFlags, EPOLL_CLOEXEC, FcntlCmd, FD_CLOEXEC, OpenFlags } from '../ppm-flags.js';
import { isEmptyParam, NA, numParam, numParamOr, strParam, u64Param, type ParsedEvent } from '../parsed-event.js';
import type { ThreadInfo } from '../thread-info.js';
import { dirfdBase } from './process.js';
import { enterNumber, enterString, resultOf, type ParserContext } from './context.js';

// Bits of the open flags the exit probe adds (created, overlay layers): kept when the enter's flags win.
const EXIT_ADDED_FLAGS = ~(OpenFlags.F_CREATED - 1);

/** open, creat, open_by_handle_at exit: a file or directory fd (openat and openat2: parseOpenatExit). */
export function parseOpenExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const code = ev.code;
  const enter = code !== EventCode.SYSCALL_OPEN_BY_HANDLE_AT_X ? ctx.enterOf(ev) : undefined;
  const fd = resultOf(ev);
  // A failed open adds nothing (what follows only reads the event and the tables).
  if (fd < 0) return;
  let name: string;
  let flags: number;
  let dev = 0;
  let ino: number | bigint = 0;
  let sdir: string;

  if (code === EventCode.SYSCALL_OPEN_X) {
    name = strParam(ev, 1);
    flags = numParamOr(ev, 2, 0);
    if (!isEmptyParam(ev, 4)) {
      dev = numParamOr(ev, 4, 0);
      if (!isEmptyParam(ev, 5)) ino = u64Param(ev, 5) ?? 0;
    }
    if (enter !== undefined) {
      const ename = enterString(enter, 0);
      if (ename !== NA) {
        name = ename;
        flags = ((enterNumber(enter, 1) ?? 0) | (flags & EXIT_ADDED_FLAGS)) >>> 0;
      }
    }
    sdir = t.getCwd();
  } else if (code === EventCode.SYSCALL_CREAT_X) {
    name = strParam(ev, 1);
    flags = 0;
    if (!isEmptyParam(ev, 3)) {
      dev = numParamOr(ev, 3, 0);
      if (!isEmptyParam(ev, 4)) {
        ino = u64Param(ev, 4) ?? 0;
        if (!isEmptyParam(ev, 5)) {
          // creat has no flags parameter: the layer bits come separately.
          const cf = numParamOr(ev, 5, 0);
          if ((cf & CreatFlags.UPPER_LAYER) !== 0) flags |= OpenFlags.FD_UPPER_LAYER;
          else if ((cf & CreatFlags.LOWER_LAYER) !== 0) flags |= OpenFlags.FD_LOWER_LAYER;
        }
      }
    }
    if (enter !== undefined) {
      const ename = enterString(enter, 0);
      if (ename !== NA) name = ename;
    }
    sdir = t.getCwd();
  } else {
    // open_by_handle_at: the driver resolves an absolute path.
    flags = numParamOr(ev, 2, 0);
    name = strParam(ev, 3);
    if (ev.nparams > 4) {
      dev = numParamOr(ev, 4, 0);
      if (ev.nparams > 5) ino = u64Param(ev, 5) ?? 0;
    }
    sdir = '';
  }
  addFileFd(ctx, t, fd, flags, dev, ino, name, sdir);
}

/**
 * openat, openat2 exit: a file or directory fd, its name taken relative to
 * the dirfd (the most frequent state event, hence a parser of its own).
 */
export function parseOpenatExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const enter = ctx.enterOf(ev);
  const fd = resultOf(ev);
  // A failed open adds nothing (what follows only reads the event and the tables).
  if (fd < 0) return;
  // Empty parameters read as `<NA>`, 0 and undefined through the helpers themselves.
  let name = strParam(ev, 2);
  let flags = numParamOr(ev, 3, 0);
  let dev = 0;
  let ino: number | bigint = 0;
  const devIdx = ev.code === EventCode.SYSCALL_OPENAT_2_X ? 5 : 6;
  if (!isEmptyParam(ev, devIdx + 1)) {
    dev = numParamOr(ev, devIdx, 0);
    ino = u64Param(ev, devIdx + 1) ?? 0;
  }
  let dirfd = numParam(ev, 1);
  if (enter !== undefined) {
    const ename = enterString(enter, 1);
    if (ename !== NA) {
      name = ename;
      flags = ((enterNumber(enter, 2) ?? 0) | (flags & EXIT_ADDED_FLAGS)) >>> 0;
      dirfd = enterNumber(enter, 0);
    }
  }
  addFileFd(ctx, t, fd, flags, dev, ino, name, dirfd === undefined ? '' : dirfdBase(ctx, name, dirfd));
}

/** The fd an open family call created: `name` joined to `sdir`, the type from the flags. */
function addFileFd(
  ctx: ParserContext,
  t: ThreadInfo,
  fd: number,
  flags: number,
  dev: number,
  ino: number | bigint,
  name: string,
  sdir: string,
): void {
  const fdi = new FdInfo();
  fdi.type = (flags & OpenFlags.DIRECTORY) !== 0 ? FdType.DIRECTORY : FdType.FILE_V2;
  fdi.openFlags = flags >>> 0;
  fdi.mountId = 0;
  fdi.dev = dev;
  fdi.ino = ino;
  fdi.nameRaw = name;
  fdi.name = concatenatePaths(sdir, name);
  if ((flags & OpenFlags.FD_UPPER_LAYER) !== 0) fdi.flags |= FdFlags.OVERLAY_UPPER;
  if ((flags & OpenFlags.FD_LOWER_LAYER) !== 0) fdi.flags |= FdFlags.OVERLAY_LOWER;
  ctx.fd = t.addFd(fd, fdi);
}

/** close: the fd goes away (after this event). */
export function parseCloseExit(ctx: ParserContext, ev: ParsedEvent): void {
  if (resultOf(ev) < 0) return;
  const t = ctx.thread;
  if (ctx.fd === undefined || t === undefined) return;
  ctx.removeFdLater(t.tid, t.lastEventFd);
}

export function parseCloseRangeExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined || resultOf(ev) < 0) return;
  const table = t.fdTable();
  if (table === undefined) return;
  const first = numParamOr(ev, 1, 0) >>> 0;
  const last = numParamOr(ev, 2, 0) >>> 0;
  const flags = numParamOr(ev, 3, 0);
  const inRange = (fd: number): boolean => fd >= 0 && fd >= first && fd <= last;
  if ((flags & CLOSE_RANGE_CLOEXEC) !== 0) {
    table.forEach((fd, info) => {
      if (inRange(fd)) info.openFlags |= OpenFlags.CLOEXEC;
    });
  } else {
    table.retain((fd) => !inRange(fd));
  }
}

function addPipeEnd(ctx: ParserContext, t: ThreadInfo, fd: number, ino: number | bigint, flags: number): void {
  const fdi = new FdInfo();
  fdi.type = FdType.FIFO;
  fdi.ino = ino;
  fdi.openFlags = flags >>> 0;
  ctx.fd = t.addFd(fd, fdi);
}

export function parsePipeExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (resultOf(ev) < 0 || t === undefined) return;
  const fd1 = numParamOr(ev, 1, -1);
  const fd2 = numParamOr(ev, 2, -1);
  const ino = u64Param(ev, 3) ?? 0;
  const flags = ev.code === EventCode.SYSCALL_PIPE2_X ? numParamOr(ev, 4, 0) : 0;
  addPipeEnd(ctx, t, fd1, ino, flags);
  addPipeEnd(ctx, t, fd2, ino, flags);
}

export function parseEventfdExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const fd = resultOf(ev);
  if (fd < 0) return;
  const fdi = new FdInfo();
  fdi.type = FdType.EVENT;
  if (ev.code === EventCode.SYSCALL_EVENTFD2_X) fdi.openFlags = numParamOr(ev, 1, 0) & 0xffff;
  ctx.fd = t.addFd(fd, fdi);
}

/** The fd types created by calls whose result is the only thing recorded. */
const SINGLE_FD_TYPES: ReadonlyMap<number, FdType> = new Map<number, FdType>([
  [EventCode.SYSCALL_SIGNALFD_X, FdType.SIGNALFD],
  [EventCode.SYSCALL_SIGNALFD4_X, FdType.SIGNALFD],
  [EventCode.SYSCALL_TIMERFD_CREATE_X, FdType.TIMERFD],
  [EventCode.SYSCALL_INOTIFY_INIT_X, FdType.INOTIFY],
  [EventCode.SYSCALL_INOTIFY_INIT1_X, FdType.INOTIFY],
  [EventCode.SYSCALL_BPF_2_X, FdType.BPF],
  [EventCode.SYSCALL_USERFAULTFD_X, FdType.USERFAULTFD],
  [EventCode.SYSCALL_IO_URING_SETUP_X, FdType.IOURING],
  [EventCode.SYSCALL_EPOLL_CREATE_X, FdType.EVENTPOLL],
  [EventCode.SYSCALL_EPOLL_CREATE1_X, FdType.EVENTPOLL],
]);

/** signalfd, timerfd_create, inotify_init, bpf, userfaultfd, io_uring_setup, epoll_create: an unnamed fd of that kind. */
export function parseSingleFdExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  const type = SINGLE_FD_TYPES.get(ev.code);
  if (t === undefined || type === undefined) return;
  const fd = resultOf(ev);
  if (fd < 0) return;
  const fdi = new FdInfo();
  fdi.type = type;
  switch (ev.code) {
    case EventCode.SYSCALL_INOTIFY_INIT1_X:
    case EventCode.SYSCALL_SIGNALFD4_X:
      fdi.openFlags = numParamOr(ev, 1, 0) & 0xffff;
      break;
    case EventCode.SYSCALL_TIMERFD_CREATE_X:
      fdi.openFlags = numParamOr(ev, 2, 0) & 0xff;
      break;
    case EventCode.SYSCALL_EPOLL_CREATE1_X:
      if ((numParamOr(ev, 1, 0) & EPOLL_CLOEXEC) !== 0) fdi.openFlags |= OpenFlags.CLOEXEC;
      break;
    default:
      break;
  }
  ctx.fd = t.addFd(fd, fdi);
}

/** dup, dup2, dup3: a copy of the fd under the new number (close-on-exec only from dup3's flags). */
export function parseDupExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const res = resultOf(ev);
  const src = ctx.fd;
  if (res < 0 || src === undefined) return;
  // Shell pipe heuristic: dup onto stdin/stdout.
  if (res === 0) t.flags |= CloneFlags.PIPE_DST;
  if (res === 1) t.flags |= CloneFlags.PIPE_SRC;
  const copy = src.clone();
  copy.clearCloseOnExec();
  if (ev.code === EventCode.SYSCALL_DUP3_X && (numParamOr(ev, 3, 0) & OpenFlags.CLOEXEC) !== 0) copy.openFlags |= OpenFlags.CLOEXEC;
  ctx.fd = t.addFd(res, copy);
}

/** fcntl F_DUPFD / F_DUPFD_CLOEXEC copy an fd; F_SETFD sets or clears close-on-exec. */
export function parseFcntlExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const cmd = numParamOr(ev, 2, -1);
  if (cmd !== FcntlCmd.DUPFD && cmd !== FcntlCmd.DUPFD_CLOEXEC && cmd !== FcntlCmd.SETFD) return;
  const res = resultOf(ev);
  const src = ctx.fd;
  if (res < 0 || src === undefined) return;
  if (cmd === FcntlCmd.SETFD) {
    src.clearCloseOnExec();
    if ((numParamOr(ev, 3, 0) & FD_CLOEXEC) !== 0) src.openFlags |= OpenFlags.CLOEXEC;
    return;
  }
  const copy = src.clone();
  copy.clearCloseOnExec();
  if (cmd === FcntlCmd.DUPFD_CLOEXEC) copy.openFlags |= OpenFlags.CLOEXEC;
  ctx.fd = t.addFd(res, copy);
}

/** memfd_create: an fd named by the memfd's name (libsinsp adds an entry even for a failed call). */
export function parseMemfdCreateExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const fd = resultOf(ev);
  const fdi = new FdInfo();
  if (fd >= 0) {
    fdi.type = FdType.MEMFD;
    fdi.name = strParam(ev, 1);
    fdi.openFlags = numParamOr(ev, 2, 0) >>> 0;
  }
  ctx.fd = t.addFd(fd, fdi);
}

/** pidfd_open: an fd referring to a process, named `/proc/<pid>`. */
export function parsePidfdOpenExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const fd = resultOf(ev);
  if (fd < 0) return;
  const pid = numParamOr(ev, 1, 0);
  const fdi = new FdInfo();
  fdi.type = FdType.PIDFD;
  fdi.name = `/proc/${pid}`;
  fdi.openFlags = numParamOr(ev, 2, 0) >>> 0;
  fdi.pid = pid;
  ctx.fd = t.addFd(fd, fdi);
}

/** pidfd_getfd: a close-on-exec copy of another process's fd. */
export function parsePidfdGetfdExit(ctx: ParserContext, ev: ParsedEvent): void {
  const t = ctx.thread;
  if (t === undefined) return;
  const fd = resultOf(ev);
  const pidfd = t.getFd(numParamOr(ev, 1, -1));
  if (pidfd === undefined || !pidfd.isPidfd()) return;
  const owner = ctx.threads.get(pidfd.pid);
  if (owner === undefined) return;
  const target = owner.getFd(numParamOr(ev, 2, -1));
  if (target === undefined) return;
  const copy = target.clone();
  copy.clearCloseOnExec();
  copy.openFlags |= OpenFlags.CLOEXEC;
  ctx.fd = t.addFd(fd, copy);
}
