// SPDX-License-Identifier: MIT OR GPL-2.0-only
/* falconet's eBPF probe: scap exit events for the system calls user space
 * marks interesting, plus successful execs and process exits from sched
 * tracepoints. See driver/README.md for the maps and the record format.
 *
 * Flow: every system call exit runs `sys_exit`, which filters (interesting
 * syscall, not falconet itself, native 64-bit call) and tail-calls the
 * handler program registered for the syscall number in `syscall_exit_progs`.
 * A syscall with no handler falls through to a generic event.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "defs.h"
#include "maps.h"
#include "event.h"
#include "kernel.h"
#include "flags.h"
#include "params.h"
#include "handlers_fs.h"
#include "handlers_net.h"
#include "handlers_proc.h"
#include "handlers_sys.h"
#include "handlers_io.h"
#include "handlers_state.h"

/* Whether events of task t must be skipped (falconet's own), read from the
 * task rather than with a helper call. */
static __always_inline bool excluded(struct task_struct *t, struct settings *cfg)
{
	return !cfg || t->tgid == cfg->exclude_tgid;
}

static __always_inline bool is_interesting(__u32 nr)
{
	__u8 *v = bpf_map_lookup_elem(&interesting, &nr);
	return v && *v;
}

/* The handlers, indexed by x86_64 syscall number. The kernel ties a program
 * array to the hook of its first user, so it only holds sys_exit programs. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, SYSCALL_TABLE_SIZE);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} syscall_exit_progs SEC(".maps") = {
	.values = {
		[NR_open] = (void *)&open_x,
		[NR_openat] = (void *)&openat_x,
		[NR_openat2] = (void *)&openat2_x,
		[NR_creat] = (void *)&creat_x,
		[NR_close] = (void *)&close_x,
		[NR_dup] = (void *)&dup_x,
		[NR_dup2] = (void *)&dup2_x,
		[NR_dup3] = (void *)&dup3_x,
		[NR_unlink] = (void *)&unlink_x,
		[NR_unlinkat] = (void *)&unlinkat_x,
		[NR_rename] = (void *)&rename_x,
		[NR_renameat] = (void *)&renameat_x,
		[NR_renameat2] = (void *)&renameat2_x,
		[NR_mkdir] = (void *)&mkdir_x,
		[NR_mkdirat] = (void *)&mkdirat_x,
		[NR_symlink] = (void *)&symlink_x,
		[NR_symlinkat] = (void *)&symlinkat_x,
		[NR_chmod] = (void *)&chmod_x,
		[NR_fchmod] = (void *)&fchmod_x,
		[NR_fchmodat] = (void *)&fchmodat_x,
		[NR_memfd_create] = (void *)&memfd_create_x,
		[NR_socket] = (void *)&socket_x,
		[NR_bind] = (void *)&bind_x,
		[NR_connect] = (void *)&connect_x,
		[NR_listen] = (void *)&listen_x,
		[NR_accept] = (void *)&accept_x,
		[NR_accept4] = (void *)&accept4_x,
		[NR_sendto] = (void *)&sendto_x,
		[NR_recvfrom] = (void *)&recvfrom_x,
		[NR_clone] = (void *)&clone_x,
		[NR_clone3] = (void *)&clone3_x,
		[NR_fork] = (void *)&fork_x,
		[NR_vfork] = (void *)&vfork_x,
		[NR_execve] = (void *)&execve_x,
		[NR_execveat] = (void *)&execveat_x,
		[NR_setuid] = (void *)&setuid_x,
		[NR_setgid] = (void *)&setgid_x,
		[NR_ptrace] = (void *)&ptrace_x,
		[NR_init_module] = (void *)&init_module_x,
		[NR_finit_module] = (void *)&finit_module_x,
		/* process, credentials, namespaces, memory (handlers_sys.h) */
		[NR_pipe] = (void *)&pipe_x,
		[NR_pipe2] = (void *)&pipe2_x,
		[NR_eventfd] = (void *)&eventfd_x,
		[NR_eventfd2] = (void *)&eventfd2_x,
		[NR_signalfd] = (void *)&signalfd_x,
		[NR_signalfd4] = (void *)&signalfd4_x,
		[NR_timerfd_create] = (void *)&timerfd_create_x,
		[NR_inotify_init] = (void *)&inotify_init_x,
		[NR_inotify_init1] = (void *)&inotify_init1_x,
		[NR_epoll_create] = (void *)&epoll_create_x,
		[NR_epoll_create1] = (void *)&epoll_create1_x,
		[NR_fcntl] = (void *)&fcntl_x,
		[NR_flock] = (void *)&flock_x,
		[NR_chdir] = (void *)&chdir_x,
		[NR_fchdir] = (void *)&fchdir_x,
		[NR_chroot] = (void *)&chroot_x,
		[NR_mount] = (void *)&mount_x,
		[NR_umount2] = (void *)&umount2_x,
		[NR_link] = (void *)&link_x,
		[NR_linkat] = (void *)&linkat_x,
		[NR_rmdir] = (void *)&rmdir_x,
		[NR_chown] = (void *)&chown_x,
		[NR_lchown] = (void *)&lchown_x,
		[NR_fchown] = (void *)&fchown_x,
		[NR_fchownat] = (void *)&fchownat_x,
		[NR_setresuid] = (void *)&setresuid_x,
		[NR_setresgid] = (void *)&setresgid_x,
		[NR_setreuid] = (void *)&setreuid_x,
		[NR_setregid] = (void *)&setregid_x,
		[NR_capset] = (void *)&capset_x,
		[NR_setns] = (void *)&setns_x,
		[NR_unshare] = (void *)&unshare_x,
		[NR_prctl] = (void *)&prctl_x,
		[NR_seccomp] = (void *)&seccomp_x,
		[NR_kill] = (void *)&kill_x,
		[NR_tkill] = (void *)&tkill_x,
		[NR_tgkill] = (void *)&tgkill_x,
		[NR_getrlimit] = (void *)&getrlimit_x,
		[NR_setrlimit] = (void *)&setrlimit_x,
		[NR_prlimit64] = (void *)&prlimit64_x,
		[NR_mmap] = (void *)&mmap_x,
		[NR_munmap] = (void *)&munmap_x,
		[NR_mprotect] = (void *)&mprotect_x,
		[NR_brk] = (void *)&brk_x,
		/* end of handlers_sys.h */
		/* data transfer, io_uring, bpf and other fds (handlers_io.h) */
		[NR_read] = (void *)&read_x,
		[NR_write] = (void *)&write_x,
		[NR_pread64] = (void *)&pread64_x,
		[NR_pwrite64] = (void *)&pwrite64_x,
		[NR_readv] = (void *)&readv_x,
		[NR_writev] = (void *)&writev_x,
		[NR_preadv] = (void *)&preadv_x,
		[NR_pwritev] = (void *)&pwritev_x,
		[NR_sendmsg] = (void *)&sendmsg_x,
		[NR_recvmsg] = (void *)&recvmsg_x,
		[NR_sendmmsg] = (void *)&sendmmsg_x,
		[NR_recvmmsg] = (void *)&recvmmsg_x,
		[NR_shutdown] = (void *)&shutdown_x,
		[NR_socketpair] = (void *)&socketpair_x,
		[NR_setsockopt] = (void *)&setsockopt_x,
		[NR_getsockopt] = (void *)&getsockopt_x,
		[NR_sendfile] = (void *)&sendfile_x,
		[NR_splice] = (void *)&splice_x,
		[NR_copy_file_range] = (void *)&copy_file_range_x,
		[NR_io_uring_setup] = (void *)&io_uring_setup_x,
		[NR_io_uring_enter] = (void *)&io_uring_enter_x,
		[NR_io_uring_register] = (void *)&io_uring_register_x,
		[NR_bpf] = (void *)&bpf_x,
		[NR_userfaultfd] = (void *)&userfaultfd_x,
		[NR_process_vm_readv] = (void *)&process_vm_readv_x,
		[NR_process_vm_writev] = (void *)&process_vm_writev_x,
		[NR_getdents] = (void *)&getdents_x,
		[NR_getdents64] = (void *)&getdents64_x,
		[NR_ioctl] = (void *)&ioctl_x,
		[NR_lseek] = (void *)&lseek_x,
		[NR_poll] = (void *)&poll_x,
		[NR_ppoll] = (void *)&ppoll_x,
		[NR_select] = (void *)&select_x,
		/* end of handlers_io.h */
		/* session, descriptor ranges, pidfds, open by handle (handlers_state.h) */
		[NR_setsid] = (void *)&setsid_x,
		[NR_close_range] = (void *)&close_range_x,
		[NR_pidfd_open] = (void *)&pidfd_open_x,
		[NR_pidfd_getfd] = (void *)&pidfd_getfd_x,
		[NR_open_by_handle_at] = (void *)&open_by_handle_at_x,
		/* end of handlers_state.h */
	},
};

/* Generic event: ID (libs ppm_sc code), nativeID (syscall number). */
static __always_inline void emit_generic(__u32 nr)
{
	struct cpu_ring *s = ev_begin_call(PPME_GENERIC_X, 2);
	if (!s)
		return;
	__u16 *sc = bpf_map_lookup_elem(&ppm_sc, &nr);
	put_u16(s, sc ? *sc : 0);
	put_u16(s, nr);
	ev_submit(s);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	__u32 nr = (__u32)regs->orig_ax;
	/* -1: no system call (a signal return or a call cancelled by seccomp/ptrace) */
	if (nr >= SYSCALL_TABLE_SIZE || !is_interesting(nr))
		return 0;
	/* One helper call for the task; its ids are then plain loads. */
	struct task_struct *t = current_task();
	struct cpu_ring *s = this_cpu_ring();
	if (!s || excluded(t, get_settings()))
		return 0;
	/* 32-bit calls use another numbering; they are not captured yet. */
	if (in_compat_syscall(t))
		return 0;
	s->call_tid = t->pid;
	/* The commonest calls skip the tail call's indirect jump. */
	if (nr == NR_close)
		return close_event(regs, ret);
	if (nr == NR_openat)
		return openat_event(regs, ret, t);
	bpf_tail_call(ctx, &syscall_exit_progs, nr);
	emit_generic(nr);
	return 0;
}

/* A successful execve/execveat, seen once the new image is in place: the
 * arguments and environment are read from the new process memory. The
 * exit event is always execve's (as the modern probe does). */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	if (!is_interesting(NR_execve) && !is_interesting(NR_execveat))
		return 0;
	struct task_struct *t = current_task();
	if ((BPF_CORE_READ(t, flags) & K_PF_KTHREAD) || excluded(t, get_settings()))
		return 0;
	struct cpu_ring *s = ev_begin(PPME_SYSCALL_EXECVE_19_X, 31, current_tid());
	if (!s)
		return 0;
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	put_s64(s, 0);
	put_exe_args_from_mm(s, mm);
	put_proc_common(s, t);
	put_exec_cgroups(s, t);
	put_env_from_mm(s, mm);
	put_exec_tail(s, t);
	put_str(s, BPF_CORE_READ(bprm, filename), MAX_PATH, false);
	ev_submit(s);
	return 0;
}

/* Up to this many threads are looked at to find a live one in the group. */
#define MAX_THREADS_SCANNED 16

/* Who inherits the exiting task's children: a live thread of its group,
 * else its pid namespace's init when no ancestor is a subreaper; -1 when the
 * probe cannot tell (user space then works it out), 0 when there are no
 * children. */
static __always_inline __s64 find_reaper(struct task_struct *t)
{
	struct list_head *head = &t->children;
	if (BPF_CORE_READ(head, next) == head)
		return 0;
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	struct list_head *threads = &sig->thread_head;
	struct list_head *node = BPF_CORE_READ(threads, next);
	for (int i = 0; i < MAX_THREADS_SCANNED; i++) {
		if (node == threads)
			break;
		struct task_struct *th = container_of(node, struct task_struct, thread_node);
		if (!(BPF_CORE_READ(th, flags) & K_PF_EXITING))
			return BPF_CORE_READ(th, pid);
		node = BPF_CORE_READ(th, thread_node.next);
	}
	if (node != threads)
		return -1;
	struct pid_namespace *ns = pid_ns_of(task_pid_of(t, PIDTYPE_PID));
	struct task_struct *init = ns ? BPF_CORE_READ(ns, child_reaper) : NULL;
	if (!init || init == t)
		return 0;
	if (BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper))
		return -1;
	return BPF_CORE_READ(init, pid);
}

/* procexit: status, ret, sig, core, reaper_tid */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_exit, struct task_struct *p)
{
	struct settings *cfg = get_settings();
	struct task_struct *t = current_task();
	if (excluded(t, cfg) || !(cfg->flags & SETTINGS_PROCEXIT))
		return 0;
	if (BPF_CORE_READ(t, flags) & K_PF_KTHREAD)
		return 0;
	struct cpu_ring *s = ev_begin(PPME_PROCEXIT_1_E, 5, current_tid());
	if (!s)
		return 0;
	__s32 code = BPF_CORE_READ(t, exit_code);
	__u8 termsig = code & 0x7f;
	bool signaled = termsig != 0 && termsig != 0x7f;
	put_s64(s, code);
	put_s64(s, (code >> 8) & 0xff);
	put_u8(s, signaled ? termsig : 0);
	put_u8(s, (code & 0x80) != 0);
	put_s64(s, find_reaper(t));
	ev_submit(s);
	return 0;
}

/* The kernel grants the helpers this probe needs (probe reads, task access)
 * only to programs that declare a GPL-compatible license. */
char LICENSE[] SEC("license") = "Dual MIT/GPL";
