/* Process events: the clone family (both parent and child return), execve
 * and execveat (failures here; successes come from sched_process_exec),
 * procexit, credentials, ptrace, kernel modules.
 */
#pragma once

#include "params.h"
#include "flags.h"

/* Parameters 4-14 shared by clone*, fork, vfork, execve*: tid, pid, ptid,
 * cwd, fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm. The
 * modern probe leaves cwd empty; user space knows it from /proc and chdir. */
static __always_inline void put_proc_common(struct cpu_ring *s, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	put_s64(s, BPF_CORE_READ(t, pid));
	put_s64(s, BPF_CORE_READ(t, tgid));
	put_s64(s, task_ptid(t));
	put_empty(s);
	put_u64(s, task_fdlimit(t));
	put_u64(s, BPF_CORE_READ(t, maj_flt));
	put_u64(s, BPF_CORE_READ(t, min_flt));
	put_u32(s, mm_vm_size_kb(mm));
	put_u32(s, mm_vm_rss_kb(mm));
	put_u32(s, mm_vm_swap_kb(mm));
	put_str(s, t->comm, COMM_LEN, false);
}

/* Clone flags in scap form plus "the child lives in a non-initial pid
 * namespace", which user space needs to map virtual pids. */
static __always_inline __u32 clone_flags_for(struct task_struct *t, unsigned long raw)
{
	__u32 f = clone_flags_to_scap(raw);
	struct pid_namespace *ns = pid_ns_of(task_pid_of(t, PIDTYPE_PID));
	__u32 level = ns ? BPF_CORE_READ(ns, level) : 0;
	if (level != 0)
		f |= PPM_CL_CHILD_IN_PIDNS;
	else if (BPF_CORE_READ(t, nsproxy, pid_ns_for_children) != ns)
		f |= PPM_CL_CHILD_IN_PIDNS;
	return f;
}

/* The 21 parameters of clone/fork/vfork/clone3 exits. Both sides of a
 * successful call come through here: the parent with the child's tid as
 * res, the child (x86_64 runs sys_exit on its first return) with res 0. */
static __always_inline void emit_clone_x(long ret, __u16 type, unsigned long raw_flags)
{
	struct cpu_ring *s = ev_begin_call(type, 21);
	if (!s)
		return;
	struct task_struct *t = current_task();
	put_s64(s, ret);
	if (ret >= 0) {
		put_exe_args_from_mm(s, BPF_CORE_READ(t, mm));
	} else {
		put_empty(s);
		put_empty(s);
	}
	put_proc_common(s, t);
	put_cgroups(s, t);
	put_u32(s, clone_flags_for(t, raw_flags));
	put_u32(s, task_euid(t));
	put_u32(s, task_egid(t));
	put_s64(s, pid_nr_own(task_pid_of(t, PIDTYPE_PID)));
	put_s64(s, pid_nr_own(task_pid_of(t, PIDTYPE_TGID)));
	put_u64(s, ret == 0 ? task_pidns_init_start(t) : 0);
	ev_submit(s);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(clone_x, struct pt_regs *regs, long ret)
{
	emit_clone_x(ret, PPME_SYSCALL_CLONE_20_X, ARG(0));
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(clone3_x, struct pt_regs *regs, long ret)
{
	__u64 flags = 0; /* first field of struct clone_args */
	bpf_probe_read_user(&flags, sizeof(flags), (void *)ARG(0));
	emit_clone_x(ret, PPME_SYSCALL_CLONE3_X, flags);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(fork_x, struct pt_regs *regs, long ret)
{
	emit_clone_x(ret, PPME_SYSCALL_FORK_20_X, 0);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(vfork_x, struct pt_regs *regs, long ret)
{
	emit_clone_x(ret, PPME_SYSCALL_VFORK_20_X, 0);
	return 0;
}

/* execve/execveat parameters 15 (cgroups) to 30 (gid), env included. The
 * caller writes env itself (from the new image's memory on success, from
 * the envp argument on failure), so this is split around it. */
static __always_inline void put_exec_cgroups(struct cpu_ring *s, struct task_struct *t)
{
	put_cgroups(s, t);
}

static __always_inline void put_exec_tail(struct cpu_ring *s, struct task_struct *t)
{
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	struct inode *ino = file_inode_of(exe);
	__u32 flags = 0;
	if (task_can_write(t, ino))
		flags |= PPM_EXE_WRITABLE;
	enum overlay_layer layer = file_overlay_layer(exe);
	if (layer == OVERLAY_UPPER)
		flags |= PPM_EXE_UPPER_LAYER;
	else if (layer == OVERLAY_LOWER)
		flags |= PPM_EXE_LOWER_LAYER;
	bool memfd = file_is_memfd(exe);
	if (memfd)
		flags |= PPM_EXE_FROM_MEMFD;

	put_u32(s, task_tty(t));
	put_s64(s, pid_nr_own(task_pid_of(t, PIDTYPE_PGID)));
	put_u32(s, task_loginuid(t));
	put_u32(s, flags);
	put_u64(s, task_cap_inheritable(t));
	put_u64(s, task_cap_permitted(t));
	put_u64(s, task_cap_effective(t));
	put_u64(s, ino ? BPF_CORE_READ(ino, i_ino) : 0);
	put_u64(s, inode_ctime_ns(ino));
	put_u64(s, inode_mtime_ns(ino));
	put_u32(s, task_euid(t));
	if (memfd) /* no path in any file system: its name, "memfd:<name>", as the libs report it */
		put_str(s, BPF_CORE_READ(exe, f_path.dentry, d_name.name), MAX_NAME, false);
	else
		put_exe_path(s, exe);
	put_s64(s, pid_nr_global(task_pid_of(t, PIDTYPE_PGID)));
	put_u32(s, task_egid(t));
}

/* execve failed (a success returns 0 and is reported by sched_process_exec):
 * 31 parameters, the last being the filename argument. */
SEC("tp_btf/sys_exit")
int BPF_PROG(execve_x, struct pt_regs *regs, long ret)
{
	if (ret == 0)
		return 0;
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_EXECVE_19_X, 31);
	if (!s)
		return 0;
	struct task_struct *t = current_task();
	put_s64(s, ret);
	put_exe_args_from_argv(s, ARG(1));
	put_proc_common(s, t);
	put_exec_cgroups(s, t);
	put_env_from_envp(s, ARG(2));
	put_exec_tail(s, t);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* execveat failed: 30 parameters (no filename). */
SEC("tp_btf/sys_exit")
int BPF_PROG(execveat_x, struct pt_regs *regs, long ret)
{
	if (ret == 0)
		return 0;
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_EXECVEAT_X, 30);
	if (!s)
		return 0;
	struct task_struct *t = current_task();
	put_s64(s, ret);
	put_exe_args_from_argv(s, ARG(2));
	put_proc_common(s, t);
	put_exec_cgroups(s, t);
	put_env_from_envp(s, ARG(3));
	put_exec_tail(s, t);
	ev_submit(s);
	return 0;
}

/* setuid: res, uid */
SEC("tp_btf/sys_exit")
int BPF_PROG(setuid_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SETUID_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, ARG(0));
	ev_submit(s);
	return 0;
}

/* setgid: res, gid */
SEC("tp_btf/sys_exit")
int BPF_PROG(setgid_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SETGID_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, ARG(0));
	ev_submit(s);
	return 0;
}

/* ptrace: res, addr (dyn), data (dyn), request, pid. A dynamic parameter is
 * a tag byte then the value: u64, or a signal number for resume requests. */
SEC("tp_btf/sys_exit")
int BPF_PROG(ptrace_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PTRACE_X, 5);
	if (!s)
		return 0;
	__u16 req = ptrace_request_to_scap(ARG(0));
	__u64 addr = ARG(2);
	__u64 data = ARG(3);
	put_s64(s, ret);
	raw_u8(s, PPM_PTRACE_IDX_UINT64);
	raw_u64(s, ret < 0 ? 0 : addr);
	put_len(s, 9);
	if (ret < 0) {
		raw_u8(s, PPM_PTRACE_IDX_UINT64);
		raw_u64(s, 0);
		put_len(s, 9);
	} else if (req == PPM_PTRACE_PEEKTEXT || req == PPM_PTRACE_PEEKDATA || req == PPM_PTRACE_PEEKUSR) {
		/* the word read is stored at *data */
		__u64 word = 0;
		bpf_probe_read_user(&word, sizeof(word), (void *)data);
		raw_u8(s, PPM_PTRACE_IDX_UINT64);
		raw_u64(s, word);
		put_len(s, 9);
	} else if (req == PPM_PTRACE_CONT || req == PPM_PTRACE_SINGLESTEP || req == PPM_PTRACE_DETACH ||
		   req == PPM_PTRACE_SYSCALL) {
		raw_u8(s, PPM_PTRACE_IDX_SIGTYPE);
		raw_u8(s, (__u8)data);
		put_len(s, 2);
	} else {
		raw_u8(s, PPM_PTRACE_IDX_UINT64);
		raw_u64(s, data);
		put_len(s, 9);
	}
	put_u16(s, req);
	put_s64(s, (__s32)ARG(1));
	ev_submit(s);
	return 0;
}

/* init_module: res, img (its first MAX_ARGS_ENV bytes), length, uargs */
SEC("tp_btf/sys_exit")
int BPF_PROG(init_module_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_INIT_MODULE_X, 4);
	if (!s)
		return 0;
	__u64 len = ARG(1);
	put_s64(s, ret);
	put_bytes(s, (void *)ARG(0), len > MAX_ARGS_ENV ? MAX_ARGS_ENV : len, true);
	put_u64(s, len);
	put_str(s, (void *)ARG(2), MAX_ARGS_ENV, true);
	ev_submit(s);
	return 0;
}

/* finit_module: res, fd, uargs, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(finit_module_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FINIT_MODULE_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_str(s, (void *)ARG(1), MAX_ARGS_ENV, true);
	put_u32(s, finit_module_flags_to_scap(ARG(2)));
	ev_submit(s);
	return 0;
}
