/**
 * Flag and constant values of the scap event format that the state layer
 * interprets (clone flags, open flags, exec flags, socket families, ...).
 * The numbers are those the driver writes (libs 0.25.4 ppm_events_public.h);
 * the names are falconet's.
 */

/** Clone flags (`flags` of clone/fork/vfork/clone3) plus the thread-state bits libsinsp keeps in the same word. */
export const CloneFlags = {
  FILES: 1 << 0,
  FS: 1 << 1,
  IO: 1 << 2,
  NEWIPC: 1 << 3,
  NEWNET: 1 << 4,
  NEWNS: 1 << 5,
  NEWPID: 1 << 6,
  NEWUTS: 1 << 7,
  PARENT: 1 << 8,
  PARENT_SETTID: 1 << 9,
  PTRACE: 1 << 10,
  SIGHAND: 1 << 11,
  SYSVSEM: 1 << 12,
  THREAD: 1 << 13,
  UNTRACED: 1 << 14,
  VM: 1 << 15,
  /** State bit: the child's clone exit was seen before the caller's. */
  INVERTED: 1 << 16,
  /** State bit: the name changed (set on creation and by execve). */
  NAME_CHANGED: 1 << 17,
  /** State bit: the thread has exited. */
  CLOSED: 1 << 18,
  /** State bit: the thread produced an event other than its clone. */
  ACTIVE: 1 << 19,
  NEWUSER: 1 << 20,
  /** State bit: looks like the source of a shell pipe (dup to fd 1). */
  PIPE_SRC: 1 << 21,
  /** State bit: looks like the destination of a shell pipe (dup to fd 0). */
  PIPE_DST: 1 << 22,
  CHILD_CLEARTID: 1 << 23,
  CHILD_SETTID: 1 << 24,
  SETTLS: 1 << 25,
  STOPPED: 1 << 26,
  VFORK: 1 << 27,
  NEWCGROUP: 1 << 28,
  /** The created thread is not in the initial pid namespace. */
  CHILD_IN_PIDNS: 1 << 29,
  /** State bit: this is its process's main thread. */
  IS_MAIN_THREAD: 1 << 30,
} as const;

/** open/openat flags as the driver encodes them (not the kernel's O_* values). */
export const OpenFlags = {
  RDONLY: 1 << 0,
  WRONLY: 1 << 1,
  RDWR: (1 << 0) | (1 << 1),
  CREAT: 1 << 2,
  APPEND: 1 << 3,
  DSYNC: 1 << 4,
  EXCL: 1 << 5,
  NONBLOCK: 1 << 6,
  SYNC: 1 << 7,
  TRUNC: 1 << 8,
  DIRECT: 1 << 9,
  DIRECTORY: 1 << 10,
  LARGEFILE: 1 << 11,
  CLOEXEC: 1 << 12,
  TMPFILE: 1 << 13,
  /** Added by the exit probe: the call created the file. */
  F_CREATED: 1 << 14,
  /** Added by the exit probe: the file is on an overlayfs upper layer. */
  FD_UPPER_LAYER: 1 << 15,
  /** Added by the exit probe: the file is on an overlayfs lower layer. */
  FD_LOWER_LAYER: 1 << 16,
} as const;

/** creat's separate 16-bit layer flags (creat has no flags parameter to carry them). */
export const CreatFlags = {
  UPPER_LAYER: 1 << 0,
  LOWER_LAYER: 1 << 1,
} as const;

/** execve/execveat exit `flags`: facts about the executable file. */
export const ExeFlags = {
  WRITABLE: 1 << 0,
  UPPER_LAYER: 1 << 1,
  FROM_MEMFD: 1 << 2,
  LOWER_LAYER: 1 << 3,
} as const;

/** execveat enter `flags`. */
export const ExecveatFlags = {
  AT_EMPTY_PATH: 1 << 0,
  AT_SYMLINK_NOFOLLOW: 1 << 1,
} as const;

/** Socket address families as the driver encodes them. */
export const AddressFamily = {
  UNIX: 1,
  INET: 2,
  INET6: 10,
  NETLINK: 16,
  PACKET: 17,
} as const;

/** Linux socket type and protocol numbers (socket() arguments are passed through unchanged). */
export const SocketType = { STREAM: 1, DGRAM: 2, RAW: 3 } as const;
export const IpProtocol = { IP: 0, ICMP: 1, TCP: 6, UDP: 17, RAW: 255 } as const;

/** The dirfd value meaning "relative to the cwd". */
export const AT_FDCWD = -100;

/** fcntl commands (driver encoding). */
export const FcntlCmd = { DUPFD: 1, SETFD: 3, DUPFD_CLOEXEC: 26 } as const;
/** Linux FD_CLOEXEC bit of F_SETFD's argument. */
export const FD_CLOEXEC = 1;

export const EPOLL_CLOEXEC = 1 << 0;
export const MFD_CLOEXEC = 1 << 0;
export const CLOSE_RANGE_CLOEXEC = 1 << 2;

/** prctl options libsinsp reacts to. */
export const PrctlOption = { SET_CHILD_SUBREAPER: 36, GET_CHILD_SUBREAPER: 37 } as const;

/** rlimit resource id of the open-files limit (driver encoding). */
export const RLIMIT_NOFILE = 7;

/** errno value of EINPROGRESS (a non-blocking connect in progress). */
export const EINPROGRESS = 115;

/** Value of uid/gid/loginuid meaning "unknown". */
export const NO_ID = 0xffffffff;

/** Capability mask with every capability libsinsp knows (41 of them) set. */
export const ALL_CAPABILITIES = (1n << 41n) - 1n;
