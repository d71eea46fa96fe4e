/* Exit handlers of data transfer calls (read/write and their vectored and
 * positional forms, sendmsg/recvmsg and their multi-message forms), socket
 * pairs, options and shutdown, in-kernel copies (sendfile, splice,
 * copy_file_range), io_uring, bpf, userfaultfd, process_vm_*, polling and a
 * few other fd calls. Data parameters keep at most the snaplen of
 * `settings` (falco_libs.snaplen, Falco's default 80 bytes).
 */
#pragma once

#include "params.h"
#include "flags.h"
#include "handlers_fs.h" /* ARG() */
#include "defs_io.h"
#include "flags_io.h"
#include "iovec.h"

/* ---- read / write ---- */

/* Data a read-like call returned: nothing unless it read something. */
static __always_inline void put_read_data(struct cpu_ring *s, unsigned long buf, long ret)
{
	if (ret > 0)
		put_bytes(s, (void *)buf, snap_limit(ret), true);
	else
		put_empty(s);
}

/* Data of a write-like call: what it wrote, or when it failed what it was
 * asked to write (the libs keep that too). */
static __always_inline void put_write_data(struct cpu_ring *s, unsigned long buf, __u64 size, long ret)
{
	__s64 asked = size > OFFSET_MASK ? OFFSET_MASK : (__s64)size;
	put_bytes(s, (void *)buf, snap_limit(ret > 0 ? ret : asked), true);
}

/* read: res, data, fd, size */
SEC("tp_btf/sys_exit")
int BPF_PROG(read_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_READ_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_read_data(s, ARG(1), ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* write: res, data, fd, size */
SEC("tp_btf/sys_exit")
int BPF_PROG(write_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_WRITE_X, 4);
	if (!s)
		return 0;
	__u64 size = ARG(2);
	put_s64(s, ret);
	put_write_data(s, ARG(1), size, ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, size);
	ev_submit(s);
	return 0;
}

/* pread64: res, data, fd, size, pos */
SEC("tp_btf/sys_exit")
int BPF_PROG(pread64_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PREAD_X, 5);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_read_data(s, ARG(1), ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, ARG(2));
	put_u64(s, ARG(3));
	ev_submit(s);
	return 0;
}

/* pwrite64: res, data, fd, size, pos */
SEC("tp_btf/sys_exit")
int BPF_PROG(pwrite64_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PWRITE_X, 5);
	if (!s)
		return 0;
	__u64 size = ARG(2);
	put_s64(s, ret);
	put_write_data(s, ARG(1), size, ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, size);
	put_u64(s, ARG(3));
	ev_submit(s);
	return 0;
}

/* readv and preadv start with: res, size (bytes read), data */
static __always_inline void put_readv_common(struct cpu_ring *s, struct pt_regs *regs, long ret)
{
	put_s64(s, ret);
	if (ret > 0) {
		put_u32(s, ret);
		put_iovec_data(s, ARG(1), ARG(2), snap_limit(ret));
	} else {
		put_u32(s, 0);
		put_empty(s);
	}
}

/* readv: res, size, data, fd */
SEC("tp_btf/sys_exit")
int BPF_PROG(readv_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_READV_X, 4);
	if (!s)
		return 0;
	put_readv_common(s, regs, ret);
	put_s64(s, (__s32)ARG(0));
	ev_submit(s);
	return 0;
}

/* preadv: res, size, data, fd, pos */
SEC("tp_btf/sys_exit")
int BPF_PROG(preadv_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PREADV_X, 5);
	if (!s)
		return 0;
	put_readv_common(s, regs, ret);
	put_s64(s, (__s32)ARG(0));
	put_u64(s, ARG(3));
	ev_submit(s);
	return 0;
}

/* writev and pwritev share: res, data, fd, size (the iovec lengths' sum) */
static __always_inline void put_writev_common(struct cpu_ring *s, struct pt_regs *regs, long ret)
{
	put_s64(s, ret);
	put_iovec_data(s, ARG(1), ARG(2), snap_limit(ret > 0 ? ret : -1));
	put_s64(s, (__s32)ARG(0));
	put_u32(s, iovec_total(ARG(1), ARG(2)));
}

SEC("tp_btf/sys_exit")
int BPF_PROG(writev_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_WRITEV_X, 4);
	if (!s)
		return 0;
	put_writev_common(s, regs, ret);
	ev_submit(s);
	return 0;
}

/* pwritev: res, data, fd, size, pos */
SEC("tp_btf/sys_exit")
int BPF_PROG(pwritev_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PWRITEV_X, 5);
	if (!s)
		return 0;
	put_writev_common(s, regs, ret);
	put_u64(s, ARG(3));
	ev_submit(s);
	return 0;
}

/* ---- messages ---- */

/* sendmsg: res, data, fd, size, tuple. The tuple falls back on msg_name
 * for a socket without a peer (unconnected UDP, unix datagram). */
SEC("tp_btf/sys_exit")
int BPF_PROG(sendmsg_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_SENDMSG_X, 5);
	if (!s)
		return 0;
	__s64 fd = (__s32)ARG(0);
	struct user_msghdr_abi m = {};
	put_s64(s, ret);
	if (bpf_probe_read_user(&m, sizeof(m), (void *)ARG(1))) {
		put_empty(s);
		put_s64(s, fd);
		put_empty(s);
		put_empty(s);
	} else {
		put_iovec_data(s, m.iov, m.iovlen, snap_limit(ret > 0 ? ret : -1));
		put_s64(s, fd);
		put_u32(s, iovec_total(m.iov, m.iovlen));
		if (ret >= 0)
			put_socktuple(s, fd, OUTBOUND, m.name);
		else
			put_empty(s);
	}
	ev_submit(s);
	return 0;
}

/* Control data of a received message (msg_controllen is the length the
 * kernel filled in). */
static __always_inline void put_msg_control(struct cpu_ring *s, __u64 control, __u64 controllen)
{
	if (control && controllen > 0 && controllen <= OFFSET_MASK)
		put_bytes(s, (void *)control, controllen, true);
	else
		put_empty(s);
}

/* recvmsg: res, size, data, tuple, msgcontrol, fd. The tuple's remote end
 * falls back on msg_name (where the kernel wrote the sender's address). */
SEC("tp_btf/sys_exit")
int BPF_PROG(recvmsg_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_RECVMSG_X, 6);
	if (!s)
		return 0;
	__s64 fd = (__s32)ARG(0);
	put_s64(s, ret);
	if (ret >= 0) {
		struct user_msghdr_abi m = {};
		put_u32(s, ret);
		/* a failed read leaves m zeroed: no data, no msg_name, no control */
		if (bpf_probe_read_user(&m, sizeof(m), (void *)ARG(1))) {
			put_empty(s);
		} else {
			put_iovec_data(s, m.iov, m.iovlen, snap_limit(ret));
		}
		put_socktuple(s, fd, INBOUND, m.name);
		put_msg_control(s, m.control, m.controllen);
	} else {
		put_u32(s, 0);
		put_empty(s);
		put_empty(s);
		put_empty(s);
	}
	put_s64(s, fd);
	ev_submit(s);
	return 0;
}

/* sendmmsg and recvmmsg: one event per message transferred (at most
 * MAX_MMSG), each with that message's length as res; a failure (or nothing
 * transferred) is one event with the call's result and no data.
 *
 * One program per message: the entry program sets a per-CPU cursor and
 * tail-calls a `*_more_x` program that writes one message's event and
 * tail-calls itself for the next. A loop over 16 messages in one program,
 * each with two iovec walks and a tuple, costs the verifier about half its
 * instruction budget; one message costs a sixteenth of that. (Programs of
 * one CPU do not interleave, so the cursor is not shared.) */

enum { MMSG_SEND, MMSG_RECV };

/* Index of the next message to report, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} mmsg_cursor SEC(".maps");

int sendmmsg_more_x(unsigned long long *ctx);
int recvmmsg_more_x(unsigned long long *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} mmsg_progs SEC(".maps") = {
	.values = {
		[MMSG_SEND] = (void *)&sendmmsg_more_x,
		[MMSG_RECV] = (void *)&recvmmsg_more_x,
	},
};

/* Entry: the failure event, or the first continuation. */
static __always_inline void mmsg_start(void *ctx, struct pt_regs *regs, long ret, __u32 kind)
{
	__u32 zero = 0;
	if (ret <= 0) {
		bool recv = kind == MMSG_RECV;
		struct cpu_ring *s = ev_begin_call(recv ? PPME_SOCKET_RECVMMSG_X : PPME_SOCKET_SENDMMSG_X,
					     recv ? 6 : 5);
		if (!s)
			return;
		put_s64(s, ret);
		put_s64(s, (__s32)ARG(0));
		put_u32(s, 0);
		put_empty(s);
		put_empty(s);
		if (recv)
			put_empty(s);
		ev_submit(s);
		return;
	}
	__u32 *next = bpf_map_lookup_elem(&mmsg_cursor, &zero);
	if (!next)
		return;
	*next = 0;
	bpf_tail_call(ctx, &mmsg_progs, kind);
	count_drop_other();
}

/* The message the cursor points at (its struct mmsghdr read into *mm);
 * advances the cursor. Returns false when there is none left. */
static __always_inline bool mmsg_next(struct pt_regs *regs, long ret, struct user_mmsghdr_abi *mm,
				      __u32 *index)
{
	__u32 zero = 0;
	__u32 *next = bpf_map_lookup_elem(&mmsg_cursor, &zero);
	if (!next)
		return false;
	__u32 i = *next;
	if (i >= MAX_MMSG || i >= ret)
		return false;
	*next = i + 1;
	*index = i;
	return bpf_probe_read_user(mm, sizeof(*mm), (void *)(ARG(1) + i * sizeof(*mm))) == 0;
}

/* Continues with the next message, if the call transferred more. */
static __always_inline void mmsg_continue(void *ctx, long ret, __u32 index, __u32 kind)
{
	if (index + 1 < MAX_MMSG && index + 1 < ret)
		bpf_tail_call(ctx, &mmsg_progs, kind);
}

/* sendmmsg: res, fd, size, data, tuple */
SEC("tp_btf/sys_exit")
int BPF_PROG(sendmmsg_x, struct pt_regs *regs, long ret)
{
	mmsg_start(ctx, regs, ret, MMSG_SEND);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sendmmsg_more_x, struct pt_regs *regs, long ret)
{
	struct user_mmsghdr_abi mm;
	__u32 index = 0;
	if (!mmsg_next(regs, ret, &mm, &index))
		return 0;
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_SENDMMSG_X, 5);
	if (!s)
		return 0;
	__s64 fd = (__s32)ARG(0);
	put_s64(s, mm.len);
	put_s64(s, fd);
	put_u32(s, iovec_total(mm.hdr.iov, mm.hdr.iovlen));
	put_iovec_data(s, mm.hdr.iov, mm.hdr.iovlen, snap_limit(mm.len > 0 ? mm.len : -1));
	put_socktuple(s, fd, OUTBOUND, mm.hdr.name);
	ev_submit(s);
	mmsg_continue(ctx, ret, index, MMSG_SEND);
	return 0;
}

/* recvmmsg: res, fd, size, data, tuple, msgcontrol */
SEC("tp_btf/sys_exit")
int BPF_PROG(recvmmsg_x, struct pt_regs *regs, long ret)
{
	mmsg_start(ctx, regs, ret, MMSG_RECV);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(recvmmsg_more_x, struct pt_regs *regs, long ret)
{
	struct user_mmsghdr_abi mm;
	__u32 index = 0;
	if (!mmsg_next(regs, ret, &mm, &index))
		return 0;
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_RECVMMSG_X, 6);
	if (!s)
		return 0;
	__s64 fd = (__s32)ARG(0);
	put_s64(s, mm.len);
	put_s64(s, fd);
	put_u32(s, mm.len);
	put_iovec_data(s, mm.hdr.iov, mm.hdr.iovlen, snap_limit(mm.len));
	put_socktuple(s, fd, INBOUND, mm.hdr.name);
	put_msg_control(s, mm.hdr.control, mm.hdr.controllen);
	ev_submit(s);
	mmsg_continue(ctx, ret, index, MMSG_RECV);
	return 0;
}

/* ---- other socket calls ---- */

/* shutdown: res, fd, how */
SEC("tp_btf/sys_exit")
int BPF_PROG(shutdown_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_SHUTDOWN_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u8(s, shutdown_how_to_scap((__s32)ARG(1)));
	ev_submit(s);
	return 0;
}

/* socketpair: res, fd1, fd2, source, peer, domain, type, proto. source is
 * the first socket's struct sock, peer the unix peer it is connected to. */
SEC("tp_btf/sys_exit")
int BPF_PROG(socketpair_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_SOCKETPAIR_X, 8);
	if (!s)
		return 0;
	__s32 fds[2] = { -1, -1 };
	__u64 source = 0, peer = 0;
	if (ret == 0) {
		bpf_probe_read_user(fds, sizeof(fds), (void *)ARG(3));
		struct socket *sock = file_socket(fd_to_file(fds[0]));
		struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : NULL;
		if (sk) {
			source = (__u64)sk;
			peer = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
	}
	put_s64(s, ret);
	put_s64(s, fds[0]);
	put_s64(s, fds[1]);
	put_u64(s, source);
	put_u64(s, peer);
	put_u32(s, (__u8)ARG(0)); /* scap families equal Linux's */
	put_u32(s, ARG(1));
	put_u32(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* The dynamic `val` of setsockopt/getsockopt: a scap type byte, then the
 * value decoded for the options the libs know, else the raw bytes. */
static __always_inline void put_sockopt_val(struct cpu_ring *s, int level, int optname, __u32 optlen,
					    unsigned long optval)
{
	__u64 start = s->pos;
	__s32 v32 = 0;
	__u64 v64 = 0;
	struct { __s64 sec; __s64 usec; } tv = {};
	switch (sockopt_kind_of(level, optname)) {
	case SOCKOPT_ERRNO:
		bpf_probe_read_user(&v32, sizeof(v32), (void *)optval);
		raw_u8(s, PPM_SOCKOPT_IDX_ERRNO);
		raw_u64(s, (__u64)(-(__s64)v32));
		break;
	case SOCKOPT_TIMEVAL:
		bpf_probe_read_user(&tv, sizeof(tv), (void *)optval);
		raw_u8(s, PPM_SOCKOPT_IDX_TIMEVAL);
		raw_u64(s, tv.sec * 1000000000ULL + tv.usec * 1000ULL);
		break;
	case SOCKOPT_U64:
		bpf_probe_read_user(&v64, sizeof(v64), (void *)optval);
		raw_u8(s, PPM_SOCKOPT_IDX_UINT64);
		raw_u64(s, v64);
		break;
	case SOCKOPT_U32:
		bpf_probe_read_user(&v32, sizeof(v32), (void *)optval);
		raw_u8(s, PPM_SOCKOPT_IDX_UINT32);
		raw_u32(s, v32);
		break;
	default:
		raw_u8(s, PPM_SOCKOPT_IDX_UNKNOWN);
		raw_bytes(s, (void *)optval, optlen & 0xffff, true);
		break;
	}
	put_len(s, s->pos - start);
}

/* setsockopt: res, fd, level, optname, val, optlen */
SEC("tp_btf/sys_exit")
int BPF_PROG(setsockopt_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_SETSOCKOPT_X, 6);
	if (!s)
		return 0;
	int level = ARG(1), optname = ARG(2);
	__u16 optlen = ARG(4);
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u8(s, sockopt_level_to_scap(level));
	put_u8(s, sockopt_optname_to_scap(level, optname));
	put_sockopt_val(s, level, optname, optlen, ARG(3));
	put_u32(s, optlen);
	ev_submit(s);
	return 0;
}

/* getsockopt: res, fd, level, optname, val, optlen (what *optlen holds at
 * exit: the value's length on success, the caller's on failure) */
SEC("tp_btf/sys_exit")
int BPF_PROG(getsockopt_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_GETSOCKOPT_X, 6);
	if (!s)
		return 0;
	int level = ARG(1), optname = ARG(2);
	__s32 optlen = 0;
	bpf_probe_read_user(&optlen, sizeof(optlen), (void *)ARG(4));
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u8(s, sockopt_level_to_scap(level));
	put_u8(s, sockopt_optname_to_scap(level, optname));
	put_sockopt_val(s, level, optname, optlen, ARG(3));
	put_u32(s, optlen);
	ev_submit(s);
	return 0;
}

/* ---- copies inside the kernel ---- */

/* sendfile: res, offset (*offset at exit: where the next read starts), out_fd, in_fd, size */
SEC("tp_btf/sys_exit")
int BPF_PROG(sendfile_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SENDFILE_X, 5);
	if (!s)
		return 0;
	__u64 offset = 0;
	unsigned long offp = ARG(2);
	if (offp)
		bpf_probe_read_user(&offset, sizeof(offset), (void *)offp);
	put_s64(s, ret);
	put_u64(s, offset);
	put_s64(s, (__s32)ARG(0));
	put_s64(s, (__s32)ARG(1));
	put_u64(s, ARG(3));
	ev_submit(s);
	return 0;
}

/* splice: res, fd_in, fd_out, size, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(splice_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SPLICE_X, 5);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_s64(s, (__s32)ARG(2));
	put_u64(s, ARG(4));
	put_u32(s, splice_flags_to_scap(ARG(5)));
	ev_submit(s);
	return 0;
}

/* copy_file_range: res, fdout, offout, fdin, offin, len. The offsets are
 * the pointer arguments themselves, as the libs report them. */
SEC("tp_btf/sys_exit")
int BPF_PROG(copy_file_range_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_COPY_FILE_RANGE_X, 6);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(2));
	put_u64(s, ARG(3));
	put_s64(s, (__s32)ARG(0));
	put_u64(s, ARG(1));
	put_u64(s, ARG(4));
	ev_submit(s);
	return 0;
}

/* ---- io_uring ---- */

/* The first fields of struct io_uring_params (user ABI); the kernel fills
 * sq_entries, cq_entries and features in on success. */
struct user_io_uring_params {
	__u32 sq_entries;
	__u32 cq_entries;
	__u32 flags;
	__u32 sq_thread_cpu;
	__u32 sq_thread_idle;
	__u32 features;
};

/* io_uring_setup: res, entries, sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features */
SEC("tp_btf/sys_exit")
int BPF_PROG(io_uring_setup_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_IO_URING_SETUP_X, 8);
	if (!s)
		return 0;
	struct user_io_uring_params p = {};
	bpf_probe_read_user(&p, sizeof(p), (void *)ARG(1));
	put_s64(s, ret);
	put_u32(s, ARG(0));
	put_u32(s, p.sq_entries);
	put_u32(s, p.cq_entries);
	put_u32(s, io_uring_setup_flags_to_scap(p.flags));
	put_u32(s, p.sq_thread_cpu);
	put_u32(s, p.sq_thread_idle);
	put_u32(s, io_uring_setup_feats_to_scap(p.features));
	ev_submit(s);
	return 0;
}

/* io_uring_enter: res, fd, to_submit, min_complete, flags, sig (the low 32
 * bits of the sigset pointer, as the libs send it) */
SEC("tp_btf/sys_exit")
int BPF_PROG(io_uring_enter_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_IO_URING_ENTER_X, 6);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, ARG(1));
	put_u32(s, ARG(2));
	put_u32(s, io_uring_enter_flags_to_scap(ARG(3)));
	put_u32(s, ARG(4));
	ev_submit(s);
	return 0;
}

/* io_uring_register: res, fd, opcode (same numbering in scap), arg, nr_args */
SEC("tp_btf/sys_exit")
int BPF_PROG(io_uring_register_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_IO_URING_REGISTER_X, 5);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u16(s, ARG(1));
	put_u64(s, ARG(2));
	put_u32(s, ARG(3));
	ev_submit(s);
	return 0;
}

/* ---- other fds ---- */

/* bpf: fd (the result), cmd (same numbering in scap) */
SEC("tp_btf/sys_exit")
int BPF_PROG(bpf_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_BPF_2_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, (__s32)ARG(0));
	ev_submit(s);
	return 0;
}

/* userfaultfd: res, flags (the kernel's O_CLOEXEC/O_NONBLOCK/UFFD_* bits
 * unconverted, as the libs send them) */
SEC("tp_btf/sys_exit")
int BPF_PROG(userfaultfd_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_USERFAULTFD_X, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_u32(s, ARG(0));
	ev_submit(s);
	return 0;
}

/* process_vm_readv / process_vm_writev: res, pid, data (this process's
 * side: the local iovecs, up to the bytes transferred) */
static __always_inline int process_vm_x(struct pt_regs *regs, long ret, __u16 type)
{
	struct cpu_ring *s = ev_begin_call(type, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	if (ret > 0)
		put_iovec_data(s, ARG(1), ARG(2), snap_limit(ret));
	else
		put_empty(s);
	ev_submit(s);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(process_vm_readv_x, struct pt_regs *regs, long ret)
{
	return process_vm_x(regs, ret, PPME_SYSCALL_PROCESS_VM_READV_X);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(process_vm_writev_x, struct pt_regs *regs, long ret)
{
	return process_vm_x(regs, ret, PPME_SYSCALL_PROCESS_VM_WRITEV_X);
}

/* getdents and getdents64: res, fd */
static __always_inline int getdents_x_common(struct pt_regs *regs, long ret, __u16 type)
{
	struct cpu_ring *s = ev_begin_call(type, 2);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	ev_submit(s);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(getdents_x, struct pt_regs *regs, long ret)
{
	return getdents_x_common(regs, ret, PPME_SYSCALL_GETDENTS_X);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(getdents64_x, struct pt_regs *regs, long ret)
{
	return getdents_x_common(regs, ret, PPME_SYSCALL_GETDENTS64_X);
}

/* ioctl: res, fd, request, argument */
SEC("tp_btf/sys_exit")
int BPF_PROG(ioctl_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_IOCTL_3_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u64(s, ARG(1));
	put_u64(s, ARG(2));
	ev_submit(s);
	return 0;
}

/* lseek: res, fd, offset, whence */
SEC("tp_btf/sys_exit")
int BPF_PROG(lseek_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_LSEEK_X, 4);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u64(s, ARG(1));
	put_u8(s, lseek_whence_to_scap(ARG(2)));
	ev_submit(s);
	return 0;
}

/* ---- waiting ---- */

struct user_pollfd {
	__s32 fd;
	__s16 events;
	__s16 revents;
};

/* fdlist: u16 count, then for each of the first MAX_POLLFD pollfds its fd
 * (s64) and the events the kernel returned (u16, scap bits); an unreadable
 * array is a count of 0. */
static __always_inline void put_poll_fds(struct cpu_ring *s, unsigned long fds, __u32 nfds)
{
	__u32 n = nfds < MAX_POLLFD ? nfds : MAX_POLLFD;
	__u64 bytes = (__u64)n * sizeof(struct user_pollfd);
	__u64 start = s->pos;
	/* The barrier keeps clang from passing the unclamped nfds-based size
	 * (it knows the bound, the verifier would not). */
	asm volatile("" : "+r"(bytes));
	if (bytes > MAX_POLLFD * sizeof(struct user_pollfd))
		bytes = MAX_POLLFD * sizeof(struct user_pollfd);
	if (bpf_probe_read_user(s->tmp, bytes, (void *)fds))
		n = 0;
	raw_u16(s, n);
	for (int i = 0; i < MAX_POLLFD; i++) {
		if (i >= n)
			break;
		struct user_pollfd *p = (struct user_pollfd *)&s->tmp[i * sizeof(*p)];
		raw_u64(s, (__s64)p->fd);
		raw_u16(s, poll_events_to_scap(p->revents));
	}
	put_len(s, s->pos - start);
}

/* poll: res, fds, timeout (the int timeout widened from 32 unsigned bits,
 * as the libs do: -1 reads 4294967295) */
SEC("tp_btf/sys_exit")
int BPF_PROG(poll_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_POLL_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_poll_fds(s, ARG(0), ARG(1));
	put_s64(s, (__u32)ARG(2));
	ev_submit(s);
	return 0;
}

/* ppoll: res, fds, timeout (ns; 0 without one), sigmask (first 32 signals) */
SEC("tp_btf/sys_exit")
int BPF_PROG(ppoll_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_PPOLL_X, 4);
	if (!s)
		return 0;
	struct { __s64 sec; __s64 nsec; } ts = {};
	__u64 mask = 0;
	unsigned long tsp = ARG(2), maskp = ARG(3);
	if (tsp)
		bpf_probe_read_user(&ts, sizeof(ts), (void *)tsp);
	if (maskp)
		bpf_probe_read_user(&mask, sizeof(mask), (void *)maskp);
	put_s64(s, ret);
	put_poll_fds(s, ARG(0), ARG(1));
	put_u64(s, ts.sec * 1000000000ULL + ts.nsec);
	put_u32(s, mask);
	ev_submit(s);
	return 0;
}

/* select: res */
SEC("tp_btf/sys_exit")
int BPF_PROG(select_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SYSCALL_SELECT_X, 1);
	if (!s)
		return 0;
	put_s64(s, ret);
	ev_submit(s);
	return 0;
}
