/* Exit handlers of the remaining calls libsinsp tracks state with: a new
 * session (setsid), descriptors closed or marked close-on-exec in bulk
 * (close_range), descriptors referring to processes (pidfd_open) or taken
 * from another process (pidfd_getfd), and files opened by handle
 * (open_by_handle_at). Each writes one exit event with the parameters of the
 * libs 0.25.4 table in its order, reading the enter parameters from the saved
 * registers.
 */
#pragma once

#include "params.h"
#include "flags.h"
#include "flags_sys.h"
#include "handlers_fs.h"  /* ARG(), dirfd_arg(), layer_open_flags() */
#include "handlers_sys.h" /* put_fd_arg() */

/* setsid: res (the new session id, which is the caller's pid) */
SEC("tp_btf/sys_exit")
int BPF_PROG(setsid_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SETSID_X, 1);
	if (!s)
		return 0;
	put_s64(s, ret);
	ev_submit(s);
	return 0;
}

/* close_range: res, first, last, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(close_range_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_CLOSE_RANGE_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, ARG(0));
	put_u32(s, ARG(1));
	put_u32(s, close_range_flags_to_scap(ARG(2)));
	ev_submit(s);
	return 0;
}

/* pidfd_open: fd, pid, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(pidfd_open_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PIDFD_OPEN_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, pidfd_open_flags_to_scap(ARG(1)));
	ev_submit(s);
	return 0;
}

/* pidfd_getfd: fd, pid_fd, target_fd, flags (none are defined: sent raw) */
SEC("tp_btf/sys_exit")
int BPF_PROG(pidfd_getfd_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PIDFD_GETFD_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_fd_arg(s, ARG(0));
	put_fd_arg(s, ARG(1));
	put_u32(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* open_by_handle_at: fd, mountfd, flags, path, dev, ino. The caller names
 * no path, so the path is the one the kernel resolved for the new
 * descriptor; a failed call has an empty path. Descriptor 0 is resolved
 * too, like the other open calls (the modern probe skips it). */
SEC("tp_btf/sys_exit")
int BPF_PROG(open_by_handle_at_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_OPEN_BY_HANDLE_AT_X, 6);
	if (!s)
		return 0;
	struct file_id id = {};
	struct file *f = NULL;
	if (ret >= 0) {
		fd_identity(ret, &id);
		f = fd_to_file(ret);
	}
	put_s64(s, ret);
	put_s64(s, dirfd_arg(ARG(0)));
	put_u32(s, open_flags_to_scap(ARG(2)) | layer_open_flags(&id));
	if (f)
		put_path(s, BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt));
	else
		put_empty(s);
	put_u32(s, id.dev);
	put_u64(s, id.ino);
	ev_submit(s);
	return 0;
}
