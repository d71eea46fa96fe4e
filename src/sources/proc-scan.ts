/**
 * The live system's state read from /proc, as libscap's procfs scan reads
 * it, in the capture records' shapes (ProcessEntry, FdEntry) so the state
 * engine seeds from it exactly as from a capture's tables:
 *
 *  - every process and each of its threads: comm, argv[0] and args,
 *    environment, cwd, root, executable path and its inode/ctime/mtime,
 *    effective uid/gid, loginuid, capabilities, parent, session, process
 *    group, namespace ids (vtid/vpid/vpgid), tty, memory counters, fd limit,
 *    cgroups; kernel threads and zombies (no cmdline and no exe) are skipped;
 *  - the fds of each process (threads share them): files with their open
 *    flags, directories, pipes, memfds, anonymous inodes classified by name
 *    (eventfd, epoll, ...), and sockets resolved by inode in the socket
 *    tables of the process's network namespace.
 *
 * Everything read is a snapshot: a process may exit between two reads, in
 * which case it is skipped.
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import type { FdEntry, ProcessEntry } from '../events/scap-records.js';
import { FdType } from '../state/fd-info.js';
import { CloneFlags, OpenFlags } from '../state/ppm-flags.js';
import { readSocketTables, type SocketTable } from './proc-sockets.js';

/** libscap's size limits for what it reads of argv and the environment. */
const MAX_ARGS_BYTES = 4096;
const MAX_ENV_BYTES = 4096;
const NO_ID = 0xffffffff;

function read(path: string, max?: number): Buffer | undefined {
  try {
    const b = readFileSync(path);
    return max !== undefined && b.length > max ? b.subarray(0, max) : b;
  } catch {
    return undefined;
  }
}

function link(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Inode and times in ns (the bigint stat keeps the nanoseconds). */
function timesNs(path: string): { ctime: bigint; mtime: bigint; ino: bigint } | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return { ctime: s.ctimeNs, mtime: s.mtimeNs, ino: s.ino };
  } catch {
    return undefined;
  }
}

/** NUL-separated strings, without the empty string a trailing NUL leaves. */
function nulList(b: Buffer | undefined): string[] {
  if (b === undefined || b.length === 0) return [];
  const parts = b.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** `Key:\tv1\tv2...` lines of /proc/PID/status. */
function statusFields(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    m.set(line.slice(0, c), line.slice(c + 1).trim().split(/\s+/));
  }
  return m;
}

/** Linux's open(2) flag bits (x86_64) as /proc/PID/fdinfo shows them, in octal. */
const O = {
  WRONLY: 0o1, RDWR: 0o2, CREAT: 0o100, EXCL: 0o200, TRUNC: 0o1000, APPEND: 0o2000, NONBLOCK: 0o4000,
  DSYNC: 0o10000, DIRECT: 0o40000, LARGEFILE: 0o100000, DIRECTORY: 0o200000, CLOEXEC: 0o2000000,
  SYNC: 0o4010000, TMPFILE: 0o20200000,
} as const;

/**
 * The driver's open flags (OpenFlags) of open(2) flags, as libscap converts
 * them for fds found in /proc. Like libscap, the composite masks (O_SYNC,
 * O_TMPFILE) match when any of their bits is set.
 */
export function openFlagsFromLinux(flags: number): number {
  let r = 0;
  switch (flags & 0o3) {
    case O.WRONLY: r |= OpenFlags.WRONLY; break;
    case O.RDWR: r |= OpenFlags.RDWR; break;
    default: r |= OpenFlags.RDONLY;
  }
  if (flags & O.CREAT) r |= OpenFlags.CREAT;
  if (flags & O.TMPFILE) r |= OpenFlags.TMPFILE;
  if (flags & O.APPEND) r |= OpenFlags.APPEND;
  if (flags & O.DSYNC) r |= OpenFlags.DSYNC;
  if (flags & O.EXCL) r |= OpenFlags.EXCL;
  if (flags & O.NONBLOCK) r |= OpenFlags.NONBLOCK;
  if (flags & O.SYNC) r |= OpenFlags.SYNC;
  if (flags & O.TRUNC) r |= OpenFlags.TRUNC;
  if (flags & O.DIRECT) r |= OpenFlags.DIRECT;
  if (flags & O.DIRECTORY) r |= OpenFlags.DIRECTORY;
  if (flags & O.LARGEFILE) r |= OpenFlags.LARGEFILE;
  if (flags & O.CLOEXEC) r |= OpenFlags.CLOEXEC;
  return r >>> 0;
}

/** fd types of anonymous inodes, by the name after `anon_inode:` (libscap's classification). */
const ANON_INODE_TYPES: ReadonlyMap<string, number> = new Map([
  ['[eventfd]', FdType.EVENT],
  ['[eventpoll]', FdType.EVENTPOLL],
  ['inotify', FdType.INOTIFY],
  ['[signalfd]', FdType.SIGNALFD],
  ['[timerfd]', FdType.TIMERFD],
  ['[io_uring]', FdType.IOURING],
  ['[userfaultfd]', FdType.USERFAULTFD],
  ['[pidfd]', FdType.PIDFD],
  ['bpf-map', FdType.BPF],
  ['bpf-prog', FdType.BPF],
  ['bpf-link', FdType.BPF],
  ['bpf_iter', FdType.BPF],
]);

const S_IFMT = 0o170000;
const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFDIR = 0o040000;
const S_IFBLK = 0o060000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFSOCK = 0o140000;

/** The soft RLIMIT_NOFILE from /proc/PID/limits (-1 when unlimited or unreadable). */
function fdLimit(dir: string): number {
  const text = read(`${dir}/limits`)?.toString('latin1');
  const m = text === undefined ? null : /^Max open files\s+(\S+)/m.exec(text);
  if (m === null || m[1] === 'unlimited') return -1;
  return Number(m[1]);
}

/**
 * `subsystem=path` entries from /proc/PID/cgroup: each v1 controller of a
 * hierarchy with its path; for the v2 hierarchy, each controller enabled
 * at the process's cgroup or above it.
 */
function cgroupsOf(dir: string, v2Mount: string | undefined): string[] {
  const text = read(`${dir}/cgroup`)?.toString('utf8');
  if (text === undefined) return [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const id = line.slice(0, first);
    const subsys = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (subsys === '') {
      if (id !== '0' || v2Mount === undefined) continue;
      const seen = new Set<string>();
      let p = path;
      for (;;) {
        const ctl = read(`${v2Mount}${p === '/' ? '' : p}/cgroup.controllers`)?.toString('latin1').trim();
        for (const c of ctl === undefined || ctl === '' ? [] : ctl.split(/\s+/)) {
          if (seen.has(c)) continue;
          seen.add(c);
          out.push(`${c}=${path}`);
        }
        if (p === '/' || p === '') break;
        p = p.slice(0, p.lastIndexOf('/')) || '/';
      }
      continue;
    }
    for (const s of subsys.split(',')) out.push(`${s}=${path}`);
  }
  return out;
}

/** Where the cgroup v2 hierarchy is mounted, if it is. */
export function cgroupV2Mount(): string | undefined {
  const text = read('/proc/self/mountinfo')?.toString('utf8');
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    if (line.slice(sep + 3).startsWith('cgroup2 ')) return line.split(' ')[4];
  }
  return undefined;
}

/** Whether a user (uid, gid) may write the executable: owner, root, or the group/other write bits. */
function exeWritable(exe: Stats | undefined, uid: number, gid: number): boolean {
  if (exe === undefined) return false;
  if (exe.uid === uid || uid === 0) return true;
  if (exe.gid === gid && (exe.mode & 0o020) !== 0) return true;
  return (exe.mode & 0o002) !== 0;
}

export class ProcReader {
  /** Socket tables by network namespace inode, kept for one scan. */
  private sockets = new Map<bigint, SocketTable>();
  private readonly v2Mount: string | undefined;
  /** How many /proc lookups of single threads were made (live lookups). */
  lookups = 0;

  constructor(readonly procRoot = '/proc') {
    this.v2Mount = cgroupV2Mount();
  }

  /** Forgets the socket tables read so far (they change; a new scan or lookup reads them again). */
  forgetSockets(): void {
    this.sockets.clear();
  }

  /**
   * One thread, read from `dir` (/proc/PID or /proc/PID/task/TID).
   * Undefined for kernel threads, zombies and threads that went away.
   */
  readThread(tid: number, dir: string): ProcessEntry | undefined {
    const cmdline = read(`${dir}/cmdline`, MAX_ARGS_BYTES);
    if (cmdline === undefined) return undefined;
    const exepath = link(`${dir}/exe`);
    if (cmdline.length === 0 && exepath === undefined) return undefined;
    const commRaw = read(`${dir}/comm`)?.toString('utf8');
    if (commRaw === undefined) return undefined;
    const cwd = link(`${dir}/cwd`);
    if (cwd === undefined) return undefined;
    const statusText = read(`${dir}/status`)?.toString('latin1');
    const statText = read(`${dir}/stat`)?.toString('latin1');
    if (statusText === undefined || statText === undefined) return undefined;
    const status = statusFields(statusText);
    const num = (key: string, i = 0, radix = 10): number | undefined => {
      const v = status.get(key)?.[i];
      return v === undefined ? undefined : Number.parseInt(v, radix);
    };
    const big = (key: string): bigint => {
      const v = status.get(key)?.[0];
      return v === undefined ? 0n : BigInt(`0x${v}`);
    };
    const pid = num('Tgid') ?? tid;
    const uid = num('Uid', 1) ?? NO_ID;
    const gid = num('Gid', 1) ?? NO_ID;
    const nsPid = status.get('NSpid') ?? [];
    const nsTgid = status.get('NStgid') ?? [];
    const nsPgid = status.get('NSpgid') ?? [];

    // /proc/PID/stat after the command's closing parenthesis.
    const rest = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
    const pgid = Number(rest[2] ?? -1);
    const sid = Number(rest[3] ?? 0);
    const tty = Number(rest[4] ?? 0);
    const pfminor = Number(rest[7] ?? 0);
    const pfmajor = Number(rest[9] ?? 0);

    const argv = nulList(cmdline);
    const exe = exepath ?? '';
    const exeTimes = exe === '' ? undefined : timesNs(`${dir}/exe`);
    const exeStat = exe === '' ? undefined : stat(`${dir}/exe`);
    const loginText = read(`${dir}/loginuid`)?.toString('latin1').trim();
    const pidnsInit = timesNs(`${dir}/root/proc/1/cmdline`);
    const root = link(`${dir}/root`) ?? '';

    return {
      tid,
      pid,
      ptid: num('PPid') ?? -1,
      sid,
      // Host processes: the process group as seen from the host's namespace.
      vpgid: nsPgid.length >= 2 ? Number(nsPgid[1]) : pgid,
      comm: commRaw.endsWith('\n') ? commRaw.slice(0, -1) : commRaw,
      exe: argv[0] ?? '',
      exepath: exe,
      args: argv.slice(1),
      cwd,
      fdlimit: fdLimit(dir),
      flags: tid === pid ? 0 : CloneFlags.THREAD | CloneFlags.FILES,
      uid,
      gid,
      vmsizeKb: num('VmSize') ?? 0,
      vmrssKb: num('VmRSS') ?? 0,
      vmswapKb: num('VmSwap') ?? 0,
      pfmajor,
      pfminor,
      env: nulList(read(`${dir}/environ`, MAX_ENV_BYTES)),
      vtid: nsPid.length >= 2 ? Number(nsPid[1]) : tid,
      vpid: nsTgid.length >= 2 ? Number(nsTgid[1]) : pid,
      cgroups: cgroupsOf(dir, this.v2Mount),
      root,
      pidnsInitStartTs: pidnsInit?.ctime ?? 0n,
      tty,
      loginuid: loginText !== undefined && /^\d+$/.test(loginText) ? Number(loginText) >>> 0 : NO_ID,
      exeWritable: exeWritable(exeStat, uid, gid),
      capInheritable: big('CapInh'),
      capPermitted: big('CapPrm'),
      capEffective: big('CapEff'),
      exeUpperLayer: false,
      exeIno: exeTimes?.ino ?? 0n,
      exeInoCtime: exeTimes?.ctime ?? 0n,
      exeInoMtime: exeTimes?.mtime ?? 0n,
      exeFromMemfd: exe.startsWith('/memfd:'),
      exeLowerLayer: false,
      pgid,
    };
  }

  private socketsFor(pidDir: string): SocketTable {
    const ns = (() => {
      try {
        return statSync(`${pidDir}/ns/net`, { bigint: true }).ino;
      } catch {
        return 0n;
      }
    })();
    let t = this.sockets.get(ns);
    if (t === undefined) {
      t = readSocketTables(ns === 0n ? `${this.procRoot}/net` : `${pidDir}/net`);
      this.sockets.set(ns, t);
    }
    return t;
  }

  /** The fds of process `pid`, attributed to thread `tid` (its main thread). */
  readFds(pid: number, tid = pid): FdEntry[] {
    const dir = `${this.procRoot}/${pid}`;
    let names: string[];
    try {
      names = readdirSync(`${dir}/fd`);
    } catch {
      return [];
    }
    const out: FdEntry[] = [];
    let sockets: SocketTable | undefined;
    for (const name of names) {
      const fd = Number(name);
      if (!Number.isInteger(fd)) continue;
      const path = `${dir}/fd/${name}`;
      let st: Stats;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      const target = link(path);
      if (target === undefined) continue;
      const ino = BigInt(st.ino);
      switch (st.mode & S_IFMT) {
        case S_IFIFO: {
          const m = /^pipe:\[(\d+)\]$/.exec(target);
          out.push({ kind: 'named', tid, fd, ino: m !== null ? BigInt(m[1]!) : ino, type: FdType.FIFO, name: target });
          break;
        }
        case S_IFREG:
        case S_IFBLK:
        case S_IFCHR:
        case S_IFLNK:
          if (target.startsWith('/memfd:')) {
            out.push({ kind: 'named', tid, fd, ino, type: FdType.MEMFD, name: target });
          } else {
            const info = read(`${dir}/fdinfo/${name}`)?.toString('latin1') ?? '';
            const flags = /^flags:\s+([0-7]+)/m.exec(info);
            out.push({
              kind: 'file', tid, fd, ino, type: FdType.FILE_V2, name: target,
              openFlags: flags !== null ? openFlagsFromLinux(Number.parseInt(flags[1]!, 8)) : 0,
              dev: 0,
            });
          }
          break;
        case S_IFDIR:
          out.push({ kind: 'named', tid, fd, ino, type: FdType.DIRECTORY, name: target });
          break;
        case S_IFSOCK: {
          const m = /^socket:\[(\d+)\]$/.exec(target);
          if (m === null) {
            out.push({ kind: 'named', tid, fd, ino, type: FdType.UNSUPPORTED, name: target });
            break;
          }
          sockets ??= this.socketsFor(dir);
          const s = sockets.get(BigInt(m[1]!));
          if (s !== undefined) out.push({ ...s, tid, fd } as FdEntry);
          break;
        }
        default: {
          const type = target.startsWith('anon_inode:') ? (ANON_INODE_TYPES.get(target.slice(11)) ?? FdType.UNSUPPORTED) : FdType.UNSUPPORTED;
          out.push({ kind: 'named', tid, fd, ino, type, name: '' });
        }
      }
    }
    return out;
  }

  /** Pids in /proc. */
  pids(): number[] {
    const out: number[] = [];
    for (const name of readdirSync(this.procRoot)) if (/^\d+$/.test(name)) out.push(Number(name));
    return out;
  }

  /**
   * A process and its threads (and the process's fds when `withFds`).
   * Empty when the process is a kernel thread or went away.
   */
  readProcess(pid: number, withFds: boolean): { processes: ProcessEntry[]; fds: FdEntry[] } {
    const dir = `${this.procRoot}/${pid}`;
    const main = this.readThread(pid, dir);
    if (main === undefined) return { processes: [], fds: [] };
    const processes = [main];
    let tids: string[] = [];
    try {
      tids = readdirSync(`${dir}/task`);
    } catch {
      // the process is going away: its main thread is all there is
    }
    for (const t of tids) {
      const tid = Number(t);
      if (tid === pid || !Number.isInteger(tid)) continue;
      const th = this.readThread(tid, `${dir}/task/${t}`);
      if (th !== undefined) processes.push(th);
    }
    return { processes, fds: withFds ? this.readFds(pid) : [] };
  }

  /**
   * A thread first seen in an event (libsinsp's lookup of an unknown thread
   * in the OS): the thread, and its process's fds when it is the main thread.
   */
  lookup(tid: number): { process: ProcessEntry; fds?: readonly FdEntry[] } | undefined {
    this.lookups++;
    const direct = `${this.procRoot}/${tid}`;
    const process = this.readThread(tid, direct);
    if (process === undefined) return undefined;
    if (process.pid !== tid) return { process };
    this.forgetSockets();
    return { process, fds: this.readFds(tid) };
  }

  /** Whether thread `tid` of process `pid` still exists. */
  isAlive(pid: number, tid: number): boolean {
    try {
      lstatSync(`${this.procRoot}/${pid}/task/${tid}`);
      return true;
    } catch {
      return false;
    }
  }
}
