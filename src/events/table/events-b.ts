/**
 * Event layouts, codes 150..299 (enter events even, exit events odd), as libs 0.25.4
 * defines them. Row notation is documented in ./notation.ts.
 */
import type { EventRow } from './notation.js';

export const EVENT_ROWS_150: readonly EventRow[] = [
  ['SYSCALL_FCNTL_E', 'fcntl', 'io_other|syscall', 'uses_fd|modifies_state|old_version|converter_managed',
    'fd:fd/dec cmd:enumflags8/dec=fcntl_commands'],
  ['SYSCALL_FCNTL_X', 'fcntl', 'io_other|syscall', 'uses_fd|modifies_state|converter_managed',
    'res:fd/dec fd:fd/dec cmd:enumflags8/dec=fcntl_commands arg:uint64/hex'],
  ['SCHEDSWITCH_6_E', 'switch', 'scheduler|tracepoint', '',
    'next:pid/dec pgft_maj:uint64/dec pgft_min:uint64/dec vm_size:uint32/dec ' +
    'vm_rss:uint32/dec vm_swap:uint32/dec'],
  ['SCHEDSWITCH_6_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_EXECVE_13_E', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed', ''],
  ['SYSCALL_EXECVE_13_X', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:errno/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:uint64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec'],
  ['SYSCALL_CLONE_16_E', 'clone', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_CLONE_16_X', 'clone', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec ' +
    'flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec'],
  ['SYSCALL_BRK_4_E', 'brk', 'memory|syscall', 'old_version|converter_managed', 'addr:uint64/hex'],
  ['SYSCALL_BRK_4_X', 'brk', 'memory|syscall', 'converter_managed',
    'res:uint64/hex vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec ' +
    'addr:uint64/hex'],
  ['SYSCALL_MMAP_E', 'mmap', 'memory|syscall', 'uses_fd|old_version|converter_managed',
    'addr:uint64/hex length:uint64/dec prot:flags32/hex=prot_flags ' +
    'flags:flags32/hex=mmap_flags fd:fd/dec offset:uint64/dec'],
  ['SYSCALL_MMAP_X', 'mmap', 'memory|syscall', 'uses_fd|converter_managed',
    'res:errno/hex vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec ' +
    'addr:uint64/hex length:uint64/dec prot:flags32/hex=prot_flags ' +
    'flags:flags32/hex=mmap_flags fd:fd/dec offset:uint64/dec'],
  ['SYSCALL_MMAP2_E', 'mmap2', 'memory|syscall', 'uses_fd|old_version|converter_managed',
    'addr:uint64/hex length:uint64/dec prot:flags32/hex=prot_flags ' +
    'flags:flags32/hex=mmap_flags fd:fd/dec pgoffset:uint64/dec'],
  ['SYSCALL_MMAP2_X', 'mmap2', 'memory|syscall', 'uses_fd|converter_managed',
    'res:errno/hex vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec ' +
    'addr:uint64/hex length:uint64/dec prot:flags32/hex=prot_flags ' +
    'flags:flags32/hex=mmap_flags fd:fd/dec pgoffset:uint64/dec'],
  ['SYSCALL_MUNMAP_E', 'munmap', 'memory|syscall', 'old_version|converter_managed',
    'addr:uint64/hex length:uint64/dec'],
  ['SYSCALL_MUNMAP_X', 'munmap', 'memory|syscall', 'converter_managed',
    'res:errno/dec vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec ' +
    'addr:uint64/hex length:uint64/dec'],
  ['SYSCALL_SPLICE_E', 'splice', 'io_other|syscall', 'uses_fd|old_version|converter_managed',
    'fd_in:fd/dec fd_out:fd/dec size:uint64/dec flags:flags32/hex=splice_flags'],
  ['SYSCALL_SPLICE_X', 'splice', 'io_other|syscall', 'uses_fd|converter_managed',
    'res:errno/dec fd_in:fd/dec fd_out:fd/dec size:uint64/dec ' +
    'flags:flags32/hex=splice_flags'],
  ['SYSCALL_PTRACE_E', 'ptrace', 'process|syscall', 'old_version|converter_managed',
    'request:enumflags16/dec=ptrace_requests pid:pid/dec'],
  ['SYSCALL_PTRACE_X', 'ptrace', 'process|syscall', 'converter_managed',
    'res:errno/dec addr:dyn/hex~ptrace data:dyn/hex~ptrace ' +
    'request:enumflags16/dec=ptrace_requests pid:pid/dec'],
  ['SYSCALL_IOCTL_3_E', 'ioctl', 'io_other|syscall', 'uses_fd|old_version|converter_managed',
    'fd:fd/dec request:uint64/hex argument:uint64/hex'],
  ['SYSCALL_IOCTL_3_X', 'ioctl', 'io_other|syscall', 'uses_fd|converter_managed',
    'res:errno/dec fd:fd/dec request:uint64/hex argument:uint64/hex'],
  ['SYSCALL_EXECVE_14_E', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed', ''],
  ['SYSCALL_EXECVE_14_X', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:errno/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:uint64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec env:bytebuf'],
  ['SYSCALL_RENAME_E', 'rename', 'file|syscall', 'old_version', ''],
  ['SYSCALL_RENAME_X', 'rename', 'file|syscall', '', 'res:errno/dec oldpath:fspath newpath:fspath'],
  ['SYSCALL_RENAMEAT_E', 'renameat', 'file|syscall', 'old_version', ''],
  ['SYSCALL_RENAMEAT_X', 'renameat', 'file|syscall', '',
    'res:errno/dec olddirfd:fd/dec oldpath:fsrelpath@1 newdirfd:fd/dec ' +
    'newpath:fsrelpath@3'],
  ['SYSCALL_SYMLINK_E', 'symlink', 'file|syscall', 'old_version', ''],
  ['SYSCALL_SYMLINK_X', 'symlink', 'file|syscall', '', 'res:errno/dec target:charbuf linkpath:fspath'],
  ['SYSCALL_SYMLINKAT_E', 'symlinkat', 'file|syscall', 'old_version', ''],
  ['SYSCALL_SYMLINKAT_X', 'symlinkat', 'file|syscall', 'uses_fd',
    'res:errno/dec target:charbuf linkdirfd:fd/dec linkpath:fsrelpath@2'],
  ['SYSCALL_FORK_E', 'fork', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_FORK_X', 'fork', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec ' +
    'flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec'],
  ['SYSCALL_VFORK_E', 'vfork', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_VFORK_X', 'vfork', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec ' +
    'flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec'],
  ['PROCEXIT_1_E', 'procexit', 'process|tracepoint', 'modifies_state',
    'status:errno/dec ret:errno/dec sig:sigtype/dec core:uint8/dec reaper_tid:pid/dec'],
  ['PROCEXIT_1_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_SENDFILE_E', 'sendfile', 'io_write|syscall', 'uses_fd|old_version|converter_managed',
    'out_fd:fd/dec in_fd:fd/dec offset:uint64/dec size:uint64/dec'],
  ['SYSCALL_SENDFILE_X', 'sendfile', 'io_write|syscall', 'uses_fd|converter_managed',
    'res:errno/dec offset:uint64/dec out_fd:fd/dec in_fd:fd/dec size:uint64/dec'],
  ['SYSCALL_QUOTACTL_E', 'quotactl', 'user|syscall', 'old_version|converter_managed',
    'cmd:flags16/dec=quotactl_cmds type:flags8/dec=quotactl_types id:uint32/dec ' +
    'quota_fmt:flags8/dec=quotactl_quota_fmts'],
  ['SYSCALL_QUOTACTL_X', 'quotactl', 'user|syscall', 'converter_managed',
    'res:errno/dec special:charbuf quotafilepath:charbuf dqb_bhardlimit:uint64/dec ' +
    'dqb_bsoftlimit:uint64/dec dqb_curspace:uint64/dec dqb_ihardlimit:uint64/dec ' +
    'dqb_isoftlimit:uint64/dec dqb_btime:reltime/dec dqb_itime:reltime/dec ' +
    'dqi_bgrace:reltime/dec dqi_igrace:reltime/dec ' +
    'dqi_flags:flags8/dec=quotactl_dqi_flags ' +
    'quota_fmt_out:flags8/dec=quotactl_quota_fmts cmd:flags16/dec=quotactl_cmds ' +
    'type:flags8/dec=quotactl_types id:uint32/dec ' +
    'quota_fmt:flags8/dec=quotactl_quota_fmts'],
  ['SYSCALL_SETRESUID_E', 'setresuid', 'user|syscall', 'modifies_state|old_version|converter_managed',
    'ruid:uid/dec euid:uid/dec suid:uid/dec'],
  ['SYSCALL_SETRESUID_X', 'setresuid', 'user|syscall', 'modifies_state|converter_managed',
    'res:errno/dec ruid:uid/dec euid:uid/dec suid:uid/dec'],
  ['SYSCALL_SETRESGID_E', 'setresgid', 'user|syscall', 'modifies_state|old_version|converter_managed',
    'rgid:gid/dec egid:gid/dec sgid:gid/dec'],
  ['SYSCALL_SETRESGID_X', 'setresgid', 'user|syscall', 'modifies_state|converter_managed',
    'res:errno/dec rgid:gid/dec egid:gid/dec sgid:gid/dec'],
  ['SCAPEVENT_E', 'scapevent', 'internal|metaevent', 'skip_parse_reset',
    'event_type:uint32/dec event_data:uint64/dec'],
  ['SCAPEVENT_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_SETUID_E', 'setuid', 'user|syscall', 'modifies_state|old_version|converter_managed',
    'uid:uid/dec'],
  ['SYSCALL_SETUID_X', 'setuid', 'user|syscall', 'modifies_state|converter_managed',
    'res:errno/dec uid:uid/dec'],
  ['SYSCALL_SETGID_E', 'setgid', 'user|syscall', 'modifies_state|old_version|converter_managed',
    'gid:gid/dec'],
  ['SYSCALL_SETGID_X', 'setgid', 'user|syscall', 'modifies_state|converter_managed',
    'res:errno/dec gid:gid/dec'],
  ['SYSCALL_GETUID_E', 'getuid', 'user|syscall', 'old_version', ''],
  ['SYSCALL_GETUID_X', 'getuid', 'user|syscall', '', 'uid:uid/dec'],
  ['SYSCALL_GETEUID_E', 'geteuid', 'user|syscall', 'old_version', ''],
  ['SYSCALL_GETEUID_X', 'geteuid', 'user|syscall', '', 'euid:uid/dec'],
  ['SYSCALL_GETGID_E', 'getgid', 'user|syscall', 'old_version', ''],
  ['SYSCALL_GETGID_X', 'getgid', 'user|syscall', '', 'gid:gid/dec'],
  ['SYSCALL_GETEGID_E', 'getegid', 'user|syscall', 'old_version', ''],
  ['SYSCALL_GETEGID_X', 'getegid', 'user|syscall', '', 'egid:gid/dec'],
  ['SYSCALL_GETRESUID_E', 'getresuid', 'user|syscall', 'old_version', ''],
  ['SYSCALL_GETRESUID_X', 'getresuid', 'user|syscall', '',
    'res:errno/dec ruid:uid/dec euid:uid/dec suid:uid/dec'],
  ['SYSCALL_GETRESGID_E', 'getresgid', 'user|syscall', 'old_version', ''],
  ['SYSCALL_GETRESGID_X', 'getresgid', 'user|syscall', '',
    'res:errno/dec rgid:gid/dec egid:gid/dec sgid:gid/dec'],
  ['SYSCALL_EXECVE_15_E', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed', ''],
  ['SYSCALL_EXECVE_15_X', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:errno/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:uint64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf env:bytebuf'],
  ['SYSCALL_CLONE_17_E', 'clone', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_CLONE_17_X', 'clone', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec'],
  ['SYSCALL_FORK_17_E', 'fork', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_FORK_17_X', 'fork', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec'],
  ['SYSCALL_VFORK_17_E', 'vfork', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_VFORK_17_X', 'vfork', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec'],
  ['SYSCALL_CLONE_20_E', 'clone', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_CLONE_20_X', 'clone', 'process|syscall', 'modifies_state|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'cgroups:bytebuf flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec ' +
    'vtid:pid/dec vpid:pid/dec pidns_init_start_ts:uint64/dec'],
  ['SYSCALL_FORK_20_E', 'fork', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_FORK_20_X', 'fork', 'process|syscall', 'modifies_state|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'cgroups:bytebuf flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec ' +
    'vtid:pid/dec vpid:pid/dec pidns_init_start_ts:uint64/dec'],
  ['SYSCALL_VFORK_20_E', 'vfork', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_VFORK_20_X', 'vfork', 'process|syscall', 'modifies_state|converter_managed',
    'res:pid/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:int64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'cgroups:bytebuf flags:flags32/hex=clone_flags uid:uint32/dec gid:uint32/dec ' +
    'vtid:pid/dec vpid:pid/dec pidns_init_start_ts:uint64/dec'],
  ['CONTAINER_E', 'container', 'internal|metaevent', 'modifies_state|skip_parse_reset|old_version|converter_managed',
    'id:charbuf type:uint32/dec name:charbuf image:charbuf'],
  ['CONTAINER_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_EXECVE_16_E', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed', ''],
  ['SYSCALL_EXECVE_16_X', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:errno/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:uint64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'cgroups:bytebuf env:bytebuf'],
  ['SIGNALDELIVER_E', 'signaldeliver', 'signal|tracepoint', '', 'spid:pid/dec dpid:pid/dec sig:sigtype/dec'],
  ['SIGNALDELIVER_X', 'NA', 'unknown', 'unused', ''],
  ['PROCINFO_E', 'procinfo', 'internal|metaevent', 'skip_parse_reset',
    'cpu_usr:uint64/dec cpu_sys:uint64/dec'],
  ['PROCINFO_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_GETDENTS_E', 'getdents', 'file|syscall', 'uses_fd|old_version|converter_managed', 'fd:fd'],
  ['SYSCALL_GETDENTS_X', 'getdents', 'file|syscall', 'uses_fd|converter_managed', 'res:errno/dec fd:fd'],
  ['SYSCALL_GETDENTS64_E', 'getdents64', 'file|syscall', 'uses_fd|old_version|converter_managed', 'fd:fd'],
  ['SYSCALL_GETDENTS64_X', 'getdents64', 'file|syscall', 'uses_fd|converter_managed', 'res:errno/dec fd:fd'],
  ['SYSCALL_SETNS_E', 'setns', 'process|syscall', 'uses_fd|old_version|converter_managed',
    'fd:fd nstype:flags32/hex=clone_flags'],
  ['SYSCALL_SETNS_X', 'setns', 'process|syscall', 'uses_fd|converter_managed',
    'res:errno/dec fd:fd nstype:flags32/hex=clone_flags'],
  ['SYSCALL_FLOCK_E', 'flock', 'file|syscall', 'uses_fd|old_version|converter_managed',
    'fd:fd operation:flags32/hex=flock_flags'],
  ['SYSCALL_FLOCK_X', 'flock', 'file|syscall', 'uses_fd|converter_managed',
    'res:errno/dec fd:fd operation:flags32/hex=flock_flags'],
  ['CPU_HOTPLUG_E', 'cpu_hotplug', 'system|metaevent', 'modifies_state|skip_parse_reset',
    'cpu:uint32/dec action:uint32/dec'],
  ['CPU_HOTPLUG_X', 'NA', 'unknown', 'unused', ''],
  ['SOCKET_ACCEPT_5_E', 'accept', 'net|syscall', 'creates_fd|modifies_state|old_version', ''],
  ['SOCKET_ACCEPT_5_X', 'accept', 'net|syscall', 'creates_fd|modifies_state',
    'fd:fd/dec tuple:socktuple queuepct:uint8/dec queuelen:uint32/dec ' +
    'queuemax:uint32/dec'],
  ['SOCKET_ACCEPT4_5_E', 'accept', 'net|syscall', 'creates_fd|modifies_state|old_version|converter_managed',
    'flags:int32/hex'],
  ['SOCKET_ACCEPT4_5_X', 'accept', 'net|syscall', 'creates_fd|modifies_state|old_version|converter_managed',
    'fd:fd/dec tuple:socktuple queuepct:uint8/dec queuelen:uint32/dec ' +
    'queuemax:uint32/dec'],
  ['SYSCALL_SEMOP_E', 'semop', 'process|syscall', 'old_version|converter_managed', 'semid:int32/dec'],
  ['SYSCALL_SEMOP_X', 'semop', 'process|syscall', 'converter_managed',
    'res:errno/dec nsops:uint32/dec sem_num_0:uint16/dec sem_op_0:int16/dec ' +
    'sem_flg_0:flags16/hex=semop_flags sem_num_1:uint16/dec sem_op_1:int16/dec ' +
    'sem_flg_1:flags16/hex=semop_flags semid:int32/dec'],
  ['SYSCALL_SEMCTL_E', 'semctl', 'process|syscall', 'old_version|converter_managed',
    'semid:int32/dec semnum:int32/dec cmd:flags16/hex=semctl_commands val:int32/dec'],
  ['SYSCALL_SEMCTL_X', 'semctl', 'process|syscall', 'converter_managed',
    'res:errno/dec semid:int32/dec semnum:int32/dec cmd:flags16/hex=semctl_commands ' +
    'val:int32/dec'],
  ['SYSCALL_PPOLL_E', 'ppoll', 'wait|syscall', 'waits|old_version|converter_managed',
    'fds:fdlist/dec timeout:reltime/dec sigmask:sigset/dec'],
  ['SYSCALL_PPOLL_X', 'ppoll', 'wait|syscall', 'waits|converter_managed',
    'res:errno/dec fds:fdlist/dec timeout:reltime/dec sigmask:sigset/dec'],
  ['SYSCALL_MOUNT_E', 'mount', 'file|syscall', 'modifies_state|old_version|converter_managed',
    'flags:flags32/hex=mount_flags'],
  ['SYSCALL_MOUNT_X', 'mount', 'file|syscall', 'modifies_state|converter_managed',
    'res:errno/dec dev:charbuf dir:fspath type:charbuf flags:flags32/hex=mount_flags'],
  ['SYSCALL_UMOUNT_E', 'umount', 'file|syscall', 'modifies_state|old_version',
    'flags:flags32/hex=umount_flags'],
  ['SYSCALL_UMOUNT_X', 'umount', 'file|syscall', 'modifies_state|old_version|converter_managed',
    'res:errno/dec name:fspath'],
  ['K8S_E', 'k8s', 'internal|metaevent', 'modifies_state|skip_parse_reset|old_version', 'json:charbuf'],
  ['K8S_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_SEMGET_E', 'semget', 'process|syscall', 'old_version|converter_managed',
    'key:int32/hex nsems:int32/dec semflg:flags32/hex=semget_flags'],
  ['SYSCALL_SEMGET_X', 'semget', 'process|syscall', 'converter_managed',
    'res:errno/dec key:int32/hex nsems:int32/dec semflg:flags32/hex=semget_flags'],
  ['SYSCALL_ACCESS_E', 'access', 'file|syscall', 'old_version|converter_managed',
    'mode:flags32/hex=access_flags'],
  ['SYSCALL_ACCESS_X', 'access', 'file|syscall', 'converter_managed',
    'res:errno/dec name:fspath mode:flags32/hex=access_flags'],
  ['SYSCALL_CHROOT_E', 'chroot', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_CHROOT_X', 'chroot', 'process|syscall', 'modifies_state', 'res:errno/dec path:fspath'],
  ['TRACER_E', 'tracer', 'other|metaevent', 'old_version',
    'id:int64/dec tags:charbufarray args:charbufpairarray'],
  ['TRACER_X', 'NA', 'unknown', 'unused', 'id:int64/dec tags:charbufarray args:charbufpairarray'],
  ['MESOS_E', 'mesos', 'internal|metaevent', 'modifies_state|skip_parse_reset|old_version', 'json:charbuf'],
  ['MESOS_X', 'NA', 'unknown', 'unused', ''],
  ['CONTAINER_JSON_E', 'container', 'process|metaevent', 'modifies_state|old_version|converter_managed',
    'json:charbuf'],
  ['CONTAINER_JSON_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_SETSID_E', 'setsid', 'process|syscall', 'modifies_state|old_version', ''],
  ['SYSCALL_SETSID_X', 'setsid', 'process|syscall', 'modifies_state', 'res:pid/dec'],
  ['SYSCALL_MKDIR_2_E', 'mkdir', 'file|syscall', 'old_version|converter_managed', 'mode:uint32/hex'],
  ['SYSCALL_MKDIR_2_X', 'mkdir', 'file|syscall', 'converter_managed',
    'res:errno/dec path:fspath mode:uint32/hex'],
  ['SYSCALL_RMDIR_2_E', 'rmdir', 'file|syscall', 'old_version', ''],
  ['SYSCALL_RMDIR_2_X', 'rmdir', 'file|syscall', '', 'res:errno/dec path:fspath'],
  ['NOTIFICATION_E', 'notification', 'other|metaevent', 'skip_parse_reset', 'id:charbuf/dec desc:charbuf'],
  ['NOTIFICATION_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_EXECVE_17_E', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed', ''],
  ['SYSCALL_EXECVE_17_X', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:errno/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:uint64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'cgroups:bytebuf env:bytebuf tty:int32/dec'],
  ['SYSCALL_UNSHARE_E', 'unshare', 'process|syscall', 'old_version|converter_managed',
    'flags:flags32/hex=clone_flags'],
  ['SYSCALL_UNSHARE_X', 'unshare', 'process|syscall', 'converter_managed',
    'res:errno/dec flags:flags32/hex=clone_flags'],
  ['INFRASTRUCTURE_EVENT_E', 'infra', 'internal|metaevent', 'skip_parse_reset',
    'source:charbuf/dec name:charbuf description:charbuf scope:charbuf'],
  ['INFRASTRUCTURE_EVENT_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_EXECVE_18_E', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'filename:fspath'],
  ['SYSCALL_EXECVE_18_X', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'res:errno/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:uint64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'cgroups:bytebuf env:bytebuf tty:int32/dec'],
  ['PAGE_FAULT_E', 'page_fault', 'other|tracepoint', 'skip_parse_reset',
    'addr:uint64/hex ip:uint64/hex error:flags32/hex=pf_flags'],
  ['PAGE_FAULT_X', 'NA', 'unknown', 'unused', ''],
  ['SYSCALL_EXECVE_19_E', 'execve', 'process|syscall', 'modifies_state|old_version|converter_managed',
    'filename:fspath'],
  ['SYSCALL_EXECVE_19_X', 'execve', 'process|syscall', 'modifies_state|converter_managed',
    'res:errno/dec exe:charbuf args:bytebuf tid:pid/dec pid:pid/dec ptid:pid/dec ' +
    'cwd:charbuf fdlimit:uint64/dec pgft_maj:uint64/dec pgft_min:uint64/dec ' +
    'vm_size:uint32/dec vm_rss:uint32/dec vm_swap:uint32/dec comm:charbuf ' +
    'cgroups:bytebuf env:bytebuf tty:uint32/dec vpgid:pid/dec loginuid:uid/dec ' +
    'flags:flags32/hex=execve_flags cap_inheritable:uint64/hex ' +
    'cap_permitted:uint64/hex cap_effective:uint64/hex exe_ino:uint64/dec ' +
    'exe_ino_ctime:abstime/dec exe_ino_mtime:abstime/dec uid:uid/dec ' +
    'trusted_exepath:fspath pgid:pid gid:gid/dec filename:fspath'],
  ['SYSCALL_SETPGID_E', 'setpgid', 'process|syscall', 'old_version|converter_managed',
    'pid:pid/dec pgid:pid/dec'],
  ['SYSCALL_SETPGID_X', 'setpgid', 'process|syscall', 'converter_managed',
    'res:errno/dec pid:pid/dec pgid:pid/dec'],
  ['SYSCALL_BPF_E', 'bpf', 'other|syscall', 'creates_fd|old_version|converter_managed', 'cmd:int64/dec'],
  ['SYSCALL_BPF_X', 'bpf', 'other|syscall', 'creates_fd|old_version|converter_managed',
    'res_or_fd:dyn/dec~bpf'],
  ['SYSCALL_SECCOMP_E', 'seccomp', 'other|syscall', 'old_version|converter_managed',
    'op:uint64/dec flags:uint64/hex'],
  ['SYSCALL_SECCOMP_X', 'seccomp', 'other|syscall', 'converter_managed',
    'res:errno/dec op:uint64/dec flags:uint64/hex'],
];
