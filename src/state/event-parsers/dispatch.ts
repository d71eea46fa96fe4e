/**
 * Which parser handles which event code (the state-changing events libsinsp
 * parses; every other event leaves the state as it is).
 */
import { EVENT_CODE_COUNT, EventCode } from '../../events/event-table.js';
import type { EventParser } from './context.js';
import {
  parseCloseExit,
  parseCloseRangeExit,
  parseDupExit,
  parseEventfdExit,
  parseFcntlExit,
  parseMemfdCreateExit,
  parseOpenatExit,
  parseOpenExit,
  parsePidfdGetfdExit,
  parsePidfdOpenExit,
  parsePipeExit,
  parseSingleFdExit,
} from './fd.js';
import {
  parseAcceptExit,
  parseBindExit,
  parseConnectExit,
  parseGetsockoptExit,
  parseReadExit,
  parseSocketExit,
  parseSocketpairExit,
  parseWriteExit,
} from './sockets.js';
import { parseSetIdExit } from './ids.js';
import { parseContainerEvent, parseGroupEvent, parseUserEvent } from './meta.js';
import {
  parseCapsetExit,
  parseChdirExit,
  parseChrootExit,
  parseCloneExit,
  parseExecveExit,
  parseFchdirExit,
  parseGetcwdExit,
  parseMemoryExit,
  parsePrctlExit,
  parsePrlimitExit,
  parseProcexit,
  parseRlimitExit,
  parseSchedSwitch,
  parseSetsidExit,
  parseUnshareSetnsExit,
} from './process.js';

const E = EventCode;

const ROUTES: readonly (readonly [EventParser, readonly number[]])[] = [
  [parseReadExit, [E.SYSCALL_READ_X, E.SYSCALL_READV_X, E.SYSCALL_PREAD_X, E.SYSCALL_PREADV_X, E.SOCKET_RECV_X, E.SOCKET_RECVFROM_X, E.SOCKET_RECVMSG_X, E.SOCKET_RECVMMSG_X]],
  [parseWriteExit, [E.SYSCALL_WRITE_X, E.SYSCALL_WRITEV_X, E.SYSCALL_PWRITE_X, E.SYSCALL_PWRITEV_X, E.SOCKET_SEND_X, E.SOCKET_SENDTO_X, E.SOCKET_SENDMSG_X, E.SOCKET_SENDMMSG_X]],
  [parseOpenExit, [E.SYSCALL_OPEN_X, E.SYSCALL_CREAT_X, E.SYSCALL_OPEN_BY_HANDLE_AT_X]],
  [parseOpenatExit, [E.SYSCALL_OPENAT_2_X, E.SYSCALL_OPENAT2_X]],
  [parseUnshareSetnsExit, [E.SYSCALL_UNSHARE_X, E.SYSCALL_SETNS_X]],
  [parseMemfdCreateExit, [E.SYSCALL_MEMFD_CREATE_X]],
  [parseCloneExit, [E.SYSCALL_CLONE_20_X, E.SYSCALL_FORK_20_X, E.SYSCALL_VFORK_20_X, E.SYSCALL_CLONE3_X]],
  [parsePidfdOpenExit, [E.SYSCALL_PIDFD_OPEN_X]],
  [parsePidfdGetfdExit, [E.SYSCALL_PIDFD_GETFD_X]],
  [parseExecveExit, [E.SYSCALL_EXECVE_19_X, E.SYSCALL_EXECVEAT_X]],
  [parseProcexit, [E.PROCEXIT_1_E]],
  [parsePipeExit, [E.SYSCALL_PIPE_X, E.SYSCALL_PIPE2_X]],
  [parseSocketExit, [E.SOCKET_SOCKET_X]],
  [parseBindExit, [E.SOCKET_BIND_X]],
  [parseConnectExit, [E.SOCKET_CONNECT_X]],
  [parseAcceptExit, [E.SOCKET_ACCEPT_5_X, E.SOCKET_ACCEPT4_6_X]],
  [parseCloseExit, [E.SYSCALL_CLOSE_X]],
  [parseCloseRangeExit, [E.SYSCALL_CLOSE_RANGE_X]],
  [parseFcntlExit, [E.SYSCALL_FCNTL_X]],
  [parseEventfdExit, [E.SYSCALL_EVENTFD_X, E.SYSCALL_EVENTFD2_X]],
  [parseChdirExit, [E.SYSCALL_CHDIR_X]],
  [parseFchdirExit, [E.SYSCALL_FCHDIR_X]],
  [parseGetcwdExit, [E.SYSCALL_GETCWD_X]],
  [parseDupExit, [E.SYSCALL_DUP_1_X, E.SYSCALL_DUP2_X, E.SYSCALL_DUP3_X]],
  [
    parseSingleFdExit,
    [
      E.SYSCALL_SIGNALFD_X, E.SYSCALL_SIGNALFD4_X, E.SYSCALL_TIMERFD_CREATE_X, E.SYSCALL_INOTIFY_INIT_X, E.SYSCALL_INOTIFY_INIT1_X,
      E.SYSCALL_BPF_2_X, E.SYSCALL_USERFAULTFD_X, E.SYSCALL_IO_URING_SETUP_X, E.SYSCALL_EPOLL_CREATE_X, E.SYSCALL_EPOLL_CREATE1_X,
    ],
  ],
  [parseRlimitExit, [E.SYSCALL_GETRLIMIT_X, E.SYSCALL_SETRLIMIT_X]],
  [parsePrlimitExit, [E.SYSCALL_PRLIMIT_X]],
  [parseSocketpairExit, [E.SOCKET_SOCKETPAIR_X]],
  [parseSchedSwitch, [E.SCHEDSWITCH_6_E]],
  [parseMemoryExit, [E.SYSCALL_BRK_4_X, E.SYSCALL_MMAP_X, E.SYSCALL_MMAP2_X, E.SYSCALL_MUNMAP_X]],
  [parseSetIdExit, [E.SYSCALL_SETRESUID_X, E.SYSCALL_SETREUID_X, E.SYSCALL_SETRESGID_X, E.SYSCALL_SETREGID_X, E.SYSCALL_SETUID_X, E.SYSCALL_SETGID_X]],
  [parseChrootExit, [E.SYSCALL_CHROOT_X]],
  [parseSetsidExit, [E.SYSCALL_SETSID_X]],
  [parseGetsockoptExit, [E.SOCKET_GETSOCKOPT_X]],
  [parseCapsetExit, [E.SYSCALL_CAPSET_X]],
  [parseUserEvent, [E.USER_ADDED_E, E.USER_DELETED_E]],
  [parseGroupEvent, [E.GROUP_ADDED_E, E.GROUP_DELETED_E]],
  [parsePrctlExit, [E.SYSCALL_PRCTL_X]],
  [parseContainerEvent, [E.CONTAINER_E, E.CONTAINER_JSON_E, E.CONTAINER_JSON_2_E, E.ASYNCEVENT_E]],
];

/** Parser of each event code (undefined: the event changes no state). */
export const PARSERS: readonly (EventParser | undefined)[] = (() => {
  const table: (EventParser | undefined)[] = new Array(EVENT_CODE_COUNT).fill(undefined);
  for (const [parser, codes] of ROUTES) for (const c of codes) table[c] = parser;
  return table;
})();
