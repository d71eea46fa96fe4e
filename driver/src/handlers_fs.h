/* Exit handlers of file system calls. Each writes one exit event with the
 * parameters of the libs 0.25.4 table, in its order; the enter parameters are
 * read from the saved registers, which still hold the arguments at exit.
 */
#pragma once

#include "params.h"
#include "flags.h"

#define ARG(i) syscall_arg(regs, i)

/* A dirfd argument: AT_FDCWD becomes the scap constant. */
static __always_inline __s64 dirfd_arg(unsigned long v)
{
	__s32 fd = (__s32)v;
	return fd == K_AT_FDCWD ? PPM_AT_FDCWD : fd;
}

static __always_inline __u32 layer_open_flags(struct file_id *id)
{
	__u32 f = id->created ? PPM_O_F_CREATED : 0;
	if (id->layer == OVERLAY_UPPER)
		f |= PPM_FD_UPPER_LAYER;
	else if (id->layer == OVERLAY_LOWER)
		f |= PPM_FD_LOWER_LAYER;
	return f;
}

/* open: fd, name, flags, mode, dev, ino */
SEC("tp_btf/sys_exit")
int BPF_PROG(open_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_OPEN_X, 6);
	if (!s)
		return 0;
	struct file_id id = {};
	if (ret >= 0)
		fd_identity(ret, &id);
	__u32 flags = ARG(1);
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_u32(s, open_flags_to_scap(flags) | layer_open_flags(&id));
	put_u32(s, open_mode_to_scap(flags, ARG(2)));
	put_u32(s, id.dev);
	put_u64(s, id.ino);
	ev_submit(s);
	return 0;
}

/* openat: fd, dirfd, name, flags, mode, dev, ino */
static __always_inline int openat_event(struct pt_regs *regs, long ret, struct task_struct *t)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_OPENAT_2_X, 7);
	if (!s)
		return 0;
	struct file_id id = {};
	if (ret >= 0)
		task_fd_identity(t, ret, &id);
	__u32 flags = ARG(2);
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_u32(s, open_flags_to_scap(flags) | layer_open_flags(&id));
	put_u32(s, open_mode_to_scap(flags, ARG(3)));
	put_u32(s, id.dev);
	put_u64(s, id.ino);
	ev_submit(s);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(openat_x, struct pt_regs *regs, long ret)
{
	return openat_event(regs, ret, current_task());
}

/* openat2: fd, dirfd, name, flags, mode, resolve, dev, ino */
SEC("tp_btf/sys_exit")
int BPF_PROG(openat2_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_OPENAT2_X, 8);
	if (!s)
		return 0;
	struct file_id id = {};
	if (ret >= 0)
		fd_identity(ret, &id);
	struct open_how how = {};
	bpf_probe_read_user(&how, sizeof(how), (void *)ARG(2));
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_u32(s, open_flags_to_scap(how.flags) | layer_open_flags(&id));
	put_u32(s, open_mode_to_scap(how.flags, how.mode));
	put_u32(s, openat2_resolve_to_scap(how.resolve));
	put_u32(s, id.dev);
	put_u64(s, id.ino);
	ev_submit(s);
	return 0;
}

/* creat: fd, name, mode, dev, ino, creat_flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(creat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_CREAT_X, 6);
	if (!s)
		return 0;
	struct file_id id = {};
	if (ret >= 0)
		fd_identity(ret, &id);
	__u16 creat_flags = id.layer == OVERLAY_UPPER ? PPM_FD_UPPER_LAYER_CREAT
			    : id.layer == OVERLAY_LOWER ? PPM_FD_LOWER_LAYER_CREAT : 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_u32(s, mode_to_scap(ARG(1)));
	put_u32(s, id.dev);
	put_u64(s, id.ino);
	put_u16(s, creat_flags);
	ev_submit(s);
	return 0;
}

/* close: res, fd */
static __always_inline int close_event(struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_CLOSE_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	ev_submit(s);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(close_x, struct pt_regs *regs, long ret)
{
	return close_event(regs, ret);
}

/* dup: res, oldfd */
SEC("tp_btf/sys_exit")
int BPF_PROG(dup_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_DUP_1_X, 2);
	if (!s)
		return 0;
	put_s64(s, (__s32)ret);
	put_s64(s, (__s32)ARG(0));
	ev_submit(s);
	return 0;
}

/* dup2: res, oldfd, newfd */
SEC("tp_btf/sys_exit")
int BPF_PROG(dup2_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_DUP2_X, 3);
	if (!s)
		return 0;
	put_s64(s, (__s32)ret);
	put_s64(s, (__s32)ARG(0));
	put_s64(s, (__s32)ARG(1));
	ev_submit(s);
	return 0;
}

/* dup3: res, oldfd, newfd, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(dup3_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_DUP3_X, 4);
	if (!s)
		return 0;
	put_s64(s, (__s32)ret);
	put_s64(s, (__s32)ARG(0));
	put_s64(s, (__s32)ARG(1));
	put_u32(s, cloexec_to_scap(ARG(2)));
	ev_submit(s);
	return 0;
}

/* unlink: res, path */
SEC("tp_btf/sys_exit")
int BPF_PROG(unlink_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_UNLINK_2_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* unlinkat: res, dirfd, name, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(unlinkat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_UNLINKAT_2_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_u32(s, unlinkat_flags_to_scap(ARG(2)));
	ev_submit(s);
	return 0;
}

/* rename: res, oldpath, newpath */
SEC("tp_btf/sys_exit")
int BPF_PROG(rename_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_RENAME_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* renameat: res, olddirfd, oldpath, newdirfd, newpath */
SEC("tp_btf/sys_exit")
int BPF_PROG(renameat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_RENAMEAT_X, 5);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_s64(s, dirfd_arg(ARG(2)));
	put_str(s, (void *)ARG(3), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* renameat2: res, olddirfd, oldpath, newdirfd, newpath, flags (sent raw, like the modern probe) */
SEC("tp_btf/sys_exit")
int BPF_PROG(renameat2_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_RENAMEAT2_X, 6);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_s64(s, dirfd_arg(ARG(2)));
	put_str(s, (void *)ARG(3), MAX_PATH, true);
	put_u32(s, ARG(4));
	ev_submit(s);
	return 0;
}

/* mkdir: res, path, mode (raw) */
SEC("tp_btf/sys_exit")
int BPF_PROG(mkdir_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_MKDIR_2_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_u32(s, ARG(1));
	ev_submit(s);
	return 0;
}

/* mkdirat: res, dirfd, path, mode (raw) */
SEC("tp_btf/sys_exit")
int BPF_PROG(mkdirat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_MKDIRAT_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_u32(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* symlink: res, target, linkpath */
SEC("tp_btf/sys_exit")
int BPF_PROG(symlink_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SYMLINK_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* symlinkat: res, target, linkdirfd, linkpath */
SEC("tp_btf/sys_exit")
int BPF_PROG(symlinkat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SYMLINKAT_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_s64(s, dirfd_arg(ARG(1)));
	put_str(s, (void *)ARG(2), MAX_PATH, true);
	ev_submit(s);
	return 0;
}

/* chmod: res, filename, mode */
SEC("tp_btf/sys_exit")
int BPF_PROG(chmod_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_CHMOD_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_u32(s, mode_to_scap(ARG(1)));
	ev_submit(s);
	return 0;
}

/* fchmod: res, fd, mode */
SEC("tp_btf/sys_exit")
int BPF_PROG(fchmod_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FCHMOD_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, mode_to_scap(ARG(1)));
	ev_submit(s);
	return 0;
}

/* fchmodat: res, dirfd, filename, mode */
SEC("tp_btf/sys_exit")
int BPF_PROG(fchmodat_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_FCHMODAT_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_str(s, (void *)ARG(1), MAX_PATH, true);
	put_u32(s, mode_to_scap(ARG(2)));
	ev_submit(s);
	return 0;
}

/* memfd_create: fd, name, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(memfd_create_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_MEMFD_CREATE_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_str(s, (void *)ARG(0), MAX_PATH, true);
	put_u32(s, memfd_flags_to_scap(ARG(1)));
	ev_submit(s);
	return 0;
}
