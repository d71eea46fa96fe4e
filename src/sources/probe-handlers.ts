/**
 * The system calls falconet's probe has a dedicated handler for (the
 * `syscall_exit_progs` table of driver/src/probe.bpf.c): their events carry
 * every parameter of their libs event. Any other captured call arrives as a
 * generic event (call name only). A test keeps this list in step with the
 * driver source.
 */
import { nativeSyscalls } from '../events/event-table.js';

export const PROBE_HANDLER_SYSCALLS: readonly string[] = [
  'open', 'openat', 'openat2', 'creat', 'close', 'dup', 'dup2', 'dup3',
  'unlink', 'unlinkat', 'rename', 'renameat', 'renameat2', 'mkdir', 'mkdirat',
  'symlink', 'symlinkat', 'chmod', 'fchmod', 'fchmodat', 'memfd_create',
  'socket', 'bind', 'connect', 'listen', 'accept', 'accept4', 'sendto', 'recvfrom',
  'clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat',
  'setuid', 'setgid', 'ptrace', 'init_module', 'finit_module',
  // handlers_sys.h
  'pipe', 'pipe2', 'eventfd', 'eventfd2', 'signalfd', 'signalfd4', 'timerfd_create',
  'inotify_init', 'inotify_init1', 'epoll_create', 'epoll_create1', 'fcntl', 'flock',
  'chdir', 'fchdir', 'chroot', 'mount', 'umount2', 'link', 'linkat', 'rmdir',
  'chown', 'lchown', 'fchown', 'fchownat', 'setresuid', 'setresgid', 'setreuid', 'setregid',
  'capset', 'setns', 'unshare', 'prctl', 'seccomp', 'kill', 'tkill', 'tgkill',
  'getrlimit', 'setrlimit', 'prlimit64', 'mmap', 'munmap', 'mprotect', 'brk',
  // handlers_io.h
  'read', 'write', 'pread64', 'pwrite64', 'readv', 'writev', 'preadv', 'pwritev',
  'sendmsg', 'recvmsg', 'sendmmsg', 'recvmmsg', 'shutdown', 'socketpair', 'setsockopt', 'getsockopt',
  'sendfile', 'splice', 'copy_file_range', 'io_uring_setup', 'io_uring_enter', 'io_uring_register',
  'bpf', 'userfaultfd', 'process_vm_readv', 'process_vm_writev', 'getdents', 'getdents64',
  'ioctl', 'lseek', 'poll', 'ppoll', 'select',
  // handlers_state.h
  'setsid', 'close_range', 'pidfd_open', 'pidfd_getfd', 'open_by_handle_at',
];

/** x86_64 numbers of the calls with a handler. */
export function probeHandlerNumbers(): ReadonlySet<number> {
  const wanted = new Set(PROBE_HANDLER_SYSCALLS);
  const out = new Set<number>();
  for (const s of nativeSyscalls()) if (wanted.has(s.name)) out.add(s.nr);
  return out;
}
