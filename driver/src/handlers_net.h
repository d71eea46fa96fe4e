/* Exit handlers of socket calls (x86_64 has no socketcall multiplexer, so
 * the arguments are the registers). */
#pragma once

#include "params.h"
#include "flags.h"

/* socket: fd, domain, type, proto, flags */
SEC("tp_btf/sys_exit")
int BPF_PROG(socket_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_SOCKET_X, 5);
	if (!s)
		return 0;
	__u32 type = ARG(1);
	put_s64(s, ret);
	put_u32(s, (__u8)ARG(0)); /* scap families equal Linux's */
	put_u32(s, type);
	put_u32(s, ARG(2));
	put_u32(s, socket_flags_to_scap(type));
	ev_submit(s);
	return 0;
}

/* bind: res, addr, fd */
SEC("tp_btf/sys_exit")
int BPF_PROG(bind_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_BIND_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_sockaddr(s, ARG(1), (__u16)ARG(2));
	put_s64(s, (__s32)ARG(0));
	ev_submit(s);
	return 0;
}

/* connect: res, tuple, fd, addr */
SEC("tp_btf/sys_exit")
int BPF_PROG(connect_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_CONNECT_X, 4);
	if (!s)
		return 0;
	__s64 fd = (__s32)ARG(0);
	unsigned long addr = ARG(1);
	put_s64(s, ret);
	if (ret == 0 || ret == -K_EINPROGRESS)
		put_socktuple(s, fd, OUTBOUND, addr);
	else
		put_empty(s);
	put_s64(s, fd);
	put_sockaddr(s, addr, (__u16)ARG(2));
	ev_submit(s);
	return 0;
}

/* listen: res, fd, backlog */
SEC("tp_btf/sys_exit")
int BPF_PROG(listen_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_LISTEN_X, 3);
	if (!s)
		return 0;
	put_s64(s, ret);
	put_s64(s, (__s32)ARG(0));
	put_u32(s, (__s32)ARG(1));
	ev_submit(s);
	return 0;
}

/* accept and accept4 share: fd, tuple, queuepct, queuelen, queuemax [, flags] */
static __always_inline void put_accept_common(struct cpu_ring *s, struct pt_regs *regs, long ret)
{
	__u32 qlen = 0, qmax = 0;
	__u8 qpct = 0;
	put_s64(s, ret);
	if (ret >= 0) {
		put_socktuple(s, ret, INBOUND, 0);
		struct socket *lsock = file_socket(fd_to_file((__s32)ARG(0)));
		struct sock *sk = lsock ? BPF_CORE_READ(lsock, sk) : NULL;
		if (sk) {
			qlen = BPF_CORE_READ(sk, sk_ack_backlog);
			qmax = BPF_CORE_READ(sk, sk_max_ack_backlog);
			if (qlen && qmax)
				qpct = (__u8)((__u64)qlen * 100 / qmax);
		}
	} else {
		put_empty(s);
	}
	put_u8(s, qpct);
	put_u32(s, qlen);
	put_u32(s, qmax);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(accept_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_ACCEPT_5_X, 5);
	if (!s)
		return 0;
	put_accept_common(s, regs, ret);
	ev_submit(s);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(accept4_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_ACCEPT4_6_X, 6);
	if (!s)
		return 0;
	put_accept_common(s, regs, ret);
	put_u32(s, socket_flags_to_scap(ARG(3)));
	ev_submit(s);
	return 0;
}

/* At most snaplen bytes of an I/O buffer. */
static __always_inline __u32 snap(__s64 want)
{
	struct settings *cfg = get_settings();
	__u32 limit = cfg ? cfg->snaplen : 0;
	if (want < 0)
		return 0;
	return (__u64)want < limit ? (__u32)want : limit;
}

/* sendto: res, data, fd, size, tuple */
SEC("tp_btf/sys_exit")
int BPF_PROG(sendto_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_SENDTO_X, 5);
	if (!s)
		return 0;
	__s64 fd = (__s32)ARG(0);
	__u32 size = ARG(2);
	put_s64(s, ret);
	put_bytes(s, (void *)ARG(1), snap(ret > 0 ? ret : (__s64)size), true);
	put_s64(s, fd);
	put_u32(s, size);
	if (ret >= 0)
		put_socktuple(s, fd, OUTBOUND, ARG(4));
	else
		put_empty(s);
	ev_submit(s);
	return 0;
}

/* recvfrom: res, data, tuple, fd, size */
SEC("tp_btf/sys_exit")
int BPF_PROG(recvfrom_x, struct pt_regs *regs, long ret)
{
	struct cpu_ring *s = ev_begin_call(PPME_SOCKET_RECVFROM_X, 5);
	if (!s)
		return 0;
	__s64 fd = (__s32)ARG(0);
	put_s64(s, ret);
	if (ret >= 0) {
		put_bytes(s, (void *)ARG(1), snap(ret), true);
		put_socktuple(s, fd, INBOUND, ARG(4));
	} else {
		put_empty(s);
		put_empty(s);
	}
	put_s64(s, fd);
	put_u32(s, ARG(2));
	ev_submit(s);
	return 0;
}
