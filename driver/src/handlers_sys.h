/* Exit handlers of process, credential, namespace, signal, resource-limit
 * and memory calls, and of the calls that create pipes and other
 * special descriptors. Like the file system handlers, each writes one exit
 * event with the parameters of the libs 0.25.4 table in its order, reading
 * the enter parameters from the saved registers.
 */
#pragma once

#include "params.h"
#include "flags.h"
#include "flags_sys.h"
#include "handlers_fs.h" /* ARG(), dirfd_arg() */

/* An fd argument: the low 32 bits, sign-extended as the libs send it. */
static __always_inline void put_fd_arg(struct cpu_ring *s, unsigned long v)
{
	put_s64(s, (__s32)v);
}

/* vm_size, vm_rss, vm_swap of the calling process, after the call. */
static __always_inline void put_vm_counters(struct cpu_ring *s)
{
	struct mm_struct *mm = BPF_CORE_READ(current_task(), mm);
	put_u32(s, mm_vm_size_kb(mm));
	put_u32(s, mm_vm_rss_kb(mm));
	put_u32(s, mm_vm_swap_kb(mm));
}

/* ---- pipes and other descriptors ---- */

/* fd1, fd2 (from the caller's array; -1 when unreadable) and the pipe's inode. */
static __always_inline void put_pipe_fds(struct cpu_ring *s, long ret, unsigned long fds_ptr)
{
	__s32 fds[2] = {-1, -1};
	if (bpf_probe_read_user(fds, sizeof(fds), (void *)fds_ptr)) {
		fds[0] = -1;
		fds[1] = -1;
	}
	__u64 ino = 0;
	if (ret == 0) {
		struct inode *i = file_inode_of(fd_to_file(fds[0]));
		ino = i ? BPF_CORE_READ(i, i_ino) : 0;
	}
	put_s64(s, fds[0]);
	put_s64(s, fds[1]);
	put_u64(s, ino);
}

/* pipe: res, fd1, fd2, ino */
SEC("tp_btf/sys_exit")
int BPF_PROG(pipe_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PIPE_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_pipe_fds(s, ret, ARG(0));
	ev_submit(s);
	return 0;
}

/* pipe2: res, fd1, fd2, ino, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(pipe2_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PIPE2_X, 5);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_pipe_fds(s, ret, ARG(0));
	put_u32(s, fd_create_flags_to_scap(ARG(1), true));
	ev_submit(s);
	return 0;
}

/* eventfd: res, initval, flags (eventfd has none: 0) */
SEC("tp_btf/sys_exit")
int BPF_PROG(eventfd_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_EVENTFD_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u64(s, ARG(0));
	put_u32(s, 0);
	ev_submit(s);
	return 0;
}

/* eventfd2: res, flags, initval */
SEC("tp_btf/sys_exit")
int BPF_PROG(eventfd2_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_EVENTFD2_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u16(s, fd_create_flags_to_scap(ARG(1), false));
	put_u64(s, (__u32)ARG(0));
	ev_submit(s);
	return 0;
}

/* signalfd: res, fd, mask, flags. Like the modern probe, the mask is not
 * read (0) and signalfd has no flags (0). */
SEC("tp_btf/sys_exit")
int BPF_PROG(signalfd_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SIGNALFD_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_fd_arg(s, ARG(0));
	put_u32(s, 0);
	put_u8(s, 0);
	ev_submit(s);
	return 0;
}

/* signalfd4: res, flags, fd, mask (0, see signalfd) */
SEC("tp_btf/sys_exit")
int BPF_PROG(signalfd4_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SIGNALFD4_X, 4);
	if (!s)
		return 0;
	put_s64(s, (__s32)ret);
	put_u16(s, fd_create_flags_to_scap(ARG(3), false));
	put_fd_arg(s, ARG(0));
	put_u32(s, 0);
	ev_submit(s);
	return 0;
}

/* timerfd_create: res, clockid, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(timerfd_create_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_TIMERFD_CREATE_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u8(s, ARG(0));
	put_u8(s, fd_create_flags_to_scap(ARG(1), false));
	ev_submit(s);
	return 0;
}

/* inotify_init: res, flags (none: 0) */
SEC("tp_btf/sys_exit")
int BPF_PROG(inotify_init_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_INOTIFY_INIT_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u8(s, 0);
	ev_submit(s);
	return 0;
}

/* inotify_init1: res, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(inotify_init1_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_INOTIFY_INIT1_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u16(s, fd_create_flags_to_scap(ARG(0), false));
	ev_submit(s);
	return 0;
}

/* epoll_create: res, size */
SEC("tp_btf/sys_exit")
int BPF_PROG(epoll_create_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_EPOLL_CREATE_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, (__s32)ARG(0));
	ev_submit(s);
	return 0;
}

/* epoll_create1: res, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(epoll_create1_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_EPOLL_CREATE1_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, epoll_create1_flags_to_scap(ARG(0)));
	ev_submit(s);
	return 0;
}

/* fcntl: res, fd, cmd, arg */
SEC("tp_btf/sys_exit")
int BPF_PROG(fcntl_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FCNTL_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_fd_arg(s, ARG(0));
	put_u8(s, fcntl_cmd_to_scap(ARG(1)));
	put_u64(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* flock: res, fd, operation */
SEC("tp_btf/sys_exit")
int BPF_PROG(flock_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FLOCK_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_fd_arg(s, ARG(0));
	put_u32(s, flock_flags_to_scap(ARG(1)));
	ev_submit(s);
	return 0;
}

/* ---- working directory, root, mounts ---- */

/* chdir: res, path */
SEC("tp_btf/sys_exit")
int BPF_PROG(chdir_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_CHDIR_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* fchdir: res, fd */
SEC("tp_btf/sys_exit")
int BPF_PROG(fchdir_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FCHDIR_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_fd_arg(s, ARG(0));
	ev_submit(s);
	return 0;
}

/* chroot: res, path */
SEC("tp_btf/sys_exit")
int BPF_PROG(chroot_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_CHROOT_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* mount: res, dev (source), dir (target), type, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(mount_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_MOUNT_X, 5);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_str(s, (void *)ARG(2), MAX_PATH, true);
	put_u32(s, mount_flags_to_scap(ARG(3)));
	ev_submit(s);
	return 0;
}

/* umount2: res, name, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(umount2_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_UMOUNT2_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_u32(s, umount2_flags_to_scap(ARG(1)));
	ev_submit(s);
	return 0;
}

/* ---- links, directories, ownership ---- */

/* link: res, oldpath, newpath */
SEC("tp_btf/sys_exit")
int BPF_PROG(link_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_LINK_2_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* linkat: res, olddir, oldpath, newdir, newpath, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(linkat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_LINKAT_2_X, 6);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_s64(s, dirfd_arg(ARG(2)));
	put_str(s, (void *)ARG(3), MAX_PATH, true);
	put_u32(s, at_follow_flags_to_scap(ARG(4)));
	ev_submit(s);
	return 0;
}

/* rmdir: res, path */
SEC("tp_btf/sys_exit")
int BPF_PROG(rmdir_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_RMDIR_2_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* chown and lchown: res, path, uid, gid */
static __always_inline void emit_chown_x(struct pt_regs *regs, long ret, __u16 type)
{
	struct cpu_ring *s = ev_begin_call(type, 4);
	if (!s)
		return;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_u32(s, ARG(1));
	put_u32(s, ARG(2));
	ev_submit(s);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(chown_x, struct pt_regs *regs, long ret)
{
	emit_chown_x(regs, ret, PPME_SYSCALL_CHOWN_X);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(lchown_x, struct pt_regs *regs, long ret)
{
	emit_chown_x(regs, ret, PPME_SYSCALL_LCHOWN_X);
	return 0;
}

/* fchown: res, fd, uid, gid */
SEC("tp_btf/sys_exit")
int BPF_PROG(fchown_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FCHOWN_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_fd_arg(s, ARG(0));
	put_u32(s, ARG(1));
	put_u32(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* fchownat: res, dirfd, pathname, uid, gid, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(fchownat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FCHOWNAT_X, 6);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_u32(s, ARG(2));
	put_u32(s, ARG(3));
	put_u32(s, at_follow_flags_to_scap(ARG(4)));
	ev_submit(s);
	return 0;
}

/* ---- credentials, capabilities, namespaces ---- */

/* setresuid / setresgid: res, the three ids */
static __always_inline void emit_setres_x(struct pt_regs *regs, long ret, __u16 type)
{
	struct cpu_ring *s = ev_begin_call(type, 4);
	if (!s)
		return;
	put_s64(s, ret);
	put_u32(s, ARG(0));
	put_u32(s, ARG(1));
	put_u32(s, ARG(2));
	ev_submit(s);
}

/* setreuid / setregid: res, real, effective */
static __always_inline void emit_setre_x(struct pt_regs *regs, long ret, __u16 type)
{
	struct cpu_ring *s = ev_begin_call(type, 3);
	if (!s)
		return;
	put_s64(s, ret);
	put_u32(s, ARG(0));
	put_u32(s, ARG(1));
	ev_submit(s);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(setresuid_x, struct pt_regs *regs, long ret)
{
	emit_setres_x(regs, ret, PPME_SYSCALL_SETRESUID_X);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(setresgid_x, struct pt_regs *regs, long ret)
{
	emit_setres_x(regs, ret, PPME_SYSCALL_SETRESGID_X);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(setreuid_x, struct pt_regs *regs, long ret)
{
	emit_setre_x(regs, ret, PPME_SYSCALL_SETREUID_X);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(setregid_x, struct pt_regs *regs, long ret)
{
	emit_setre_x(regs, ret, PPME_SYSCALL_SETREGID_X);
	return 0;
}

/* capset: res and the three sets the task holds after the call */
SEC("tp_btf/sys_exit")
int BPF_PROG(capset_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_CAPSET_X, 4);
	if (!s)
		return 0;
	struct task_struct *t = current_task();
	put_s64(s, ret);
	put_u64(s, task_cap_inheritable(t));
	put_u64(s, task_cap_permitted(t));
	put_u64(s, task_cap_effective(t));
	ev_submit(s);
	return 0;
}

/* setns: res, fd, nstype (clone flags) */
SEC("tp_btf/sys_exit")
int BPF_PROG(setns_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SETNS_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_fd_arg(s, ARG(0));
	put_u32(s, clone_flags_to_scap((__u32)ARG(1)));
	ev_submit(s);
	return 0;
}

/* unshare: res, flags (clone flags) */
SEC("tp_btf/sys_exit")
int BPF_PROG(unshare_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_UNSHARE_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, clone_flags_to_scap((__u32)ARG(0)));
	ev_submit(s);
	return 0;
}

/* prctl: res, option, arg2_str, arg2_int. The name options carry arg2 as a
 * string (read after the call, so PR_GET_NAME shows the name returned);
 * PR_GET_CHILD_SUBREAPER the int it stored; any other option arg2 as is. */
SEC("tp_btf/sys_exit")
int BPF_PROG(prctl_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PRCTL_X, 4);
	if (!s)
		return 0;
	__u32 option = ARG(0);
	unsigned long arg2 = ARG(1);
	put_s64(s, ret);
	put_u32(s, option);
	if (option == PPM_PR_GET_NAME || option == PPM_PR_SET_NAME) {
		put_str(s, (void *)arg2, MAX_PATH, true);
		put_s64(s, 0);
	} else if (option == PPM_PR_GET_CHILD_SUBREAPER) {
		__s32 reaper = 0;
		bpf_probe_read_user(&reaper, sizeof(reaper), (void *)arg2);
		put_empty(s);
		put_s64(s, reaper);
	} else {
		put_empty(s);
		put_s64(s, arg2);
	}
	ev_submit(s);
	return 0;
}

/* seccomp: res, op, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(seccomp_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SECCOMP_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u64(s, ARG(0));
	put_u64(s, (__u32)ARG(1));
	ev_submit(s);
	return 0;
}

/* ---- signals ---- */

/* kill: res, pid, sig */
SEC("tp_btf/sys_exit")
int BPF_PROG(kill_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_KILL_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u8(s, ARG(1));
	ev_submit(s);
	return 0;
}

/* tkill: res, tid, sig */
SEC("tp_btf/sys_exit")
int BPF_PROG(tkill_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_TKILL_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u8(s, ARG(1));
	ev_submit(s);
	return 0;
}

/* tgkill: res, pid, tid, sig */
SEC("tp_btf/sys_exit")
int BPF_PROG(tgkill_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_TGKILL_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_s64(s, (__s32)ARG(1));
	put_u8(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* ---- resource limits ---- */

/* The struct rlimit at user address p (zeros when unreadable). */
static __always_inline void read_rlimit(unsigned long p, __u64 rl[2])
{
	rl[0] = 0;
	rl[1] = 0;
	if (bpf_probe_read_user(rl, 2 * sizeof(__u64), (void *)p)) {
		rl[0] = 0;
		rl[1] = 0;
	}
}

/* getrlimit: res, cur, max (-1 when the call failed), resource */
SEC("tp_btf/sys_exit")
int BPF_PROG(getrlimit_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_GETRLIMIT_X, 4);
	if (!s)
		return 0;
	__u64 rl[2] = {-1, -1};
	if (ret == 0)
		read_rlimit(ARG(1), rl);
	put_s64(s, ret);
	put_s64(s, rl[0]);
	put_s64(s, rl[1]);
	put_u8(s, rlimit_resource_to_scap(ARG(0)));
	ev_submit(s);
	return 0;
}

/* setrlimit: res, cur, max (the values asked for), resource */
SEC("tp_btf/sys_exit")
int BPF_PROG(setrlimit_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SETRLIMIT_X, 4);
	if (!s)
		return 0;
	__u64 rl[2];
	read_rlimit(ARG(1), rl);
	put_s64(s, ret);
	put_s64(s, rl[0]);
	put_s64(s, rl[1]);
	put_u8(s, rlimit_resource_to_scap(ARG(0)));
	ev_submit(s);
	return 0;
}

/* prlimit64: res, newcur, newmax, oldcur, oldmax (-1 when the call failed), pid, resource */
SEC("tp_btf/sys_exit")
int BPF_PROG(prlimit64_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PRLIMIT_X, 7);
	if (!s)
		return 0;
	__u64 new_rl[2];
	__u64 old_rl[2] = {-1, -1};
	read_rlimit(ARG(2), new_rl);
	if (ret == 0)
		read_rlimit(ARG(3), old_rl);
	put_s64(s, ret);
	put_s64(s, new_rl[0]);
	put_s64(s, new_rl[1]);
	put_s64(s, old_rl[0]);
	put_s64(s, old_rl[1]);
	put_s64(s, (__s32)ARG(0));
	put_u8(s, rlimit_resource_to_scap(ARG(1)));
	ev_submit(s);
	return 0;
}

/* ---- memory ---- */

/* mmap: res, vm_size, vm_rss, vm_swap, addr, length, prot, flags, fd, offset */
SEC("tp_btf/sys_exit")
int BPF_PROG(mmap_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_MMAP_X, 10);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_vm_counters(s);
	put_u64(s, ARG(0));
	put_u64(s, ARG(1));
	put_u32(s, prot_flags_to_scap(ARG(2)));
	put_u32(s, mmap_flags_to_scap(ARG(3)));
	put_fd_arg(s, ARG(4));
	put_u64(s, ARG(5));
	ev_submit(s);
	return 0;
}

/* munmap: res, vm_size, vm_rss, vm_swap, addr, length */
SEC("tp_btf/sys_exit")
int BPF_PROG(munmap_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_MUNMAP_X, 6);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_vm_counters(s);
	put_u64(s, ARG(0));
	put_u64(s, ARG(1));
	ev_submit(s);
	return 0;
}

/* mprotect: res, addr, length, prot */
SEC("tp_btf/sys_exit")
int BPF_PROG(mprotect_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_MPROTECT_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u64(s, ARG(0));
	put_u64(s, ARG(1));
	put_u32(s, prot_flags_to_scap(ARG(2)));
	ev_submit(s);
	return 0;
}

/* brk: res (the new program break, u64), vm_size, vm_rss, vm_swap, addr */
SEC("tp_btf/sys_exit")
int BPF_PROG(brk_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_BRK_4_X, 5);
	if (!s)
		return 0;
	put_u64(s, ret);
	put_vm_counters(s);
	put_u64(s, ARG(0));
	ev_submit(s);
	return 0;
}
