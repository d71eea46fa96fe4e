/* Parameters with a structure of their own: socket addresses and tuples,
 * cgroup lists, process arguments and environment, the executable's path.
 * Encodings are libscap's:
 *   sockaddr  = family u8 | INET: addr u32 (network order), port u16 (host order)
 *                         | INET6: addr[16], port u16 | UNIX: path NUL-terminated
 *   socktuple = family u8 | INET: src addr, src port, dst addr, dst port
 *                         | INET6: same with 16-byte addresses
 *                         | UNIX: u64 kernel pointer (dst side), u64 (src side), path
 *   cgroups / args / env  = NUL-separated strings ("cpuset=/a/b\0cpu=/a/b\0")
 */
#pragma once

#include "event.h"
#include "kernel.h"

/* ---- socket addresses ---- */

/* A struct sockaddr of addrlen bytes at user address p. */
static __always_inline void put_sockaddr(struct cpu_ring *s, unsigned long p, __u32 addrlen)
{
	if (!p || addrlen == 0) {
		put_empty(s);
		return;
	}
	if (addrlen > SOCKADDR_MAX)
		addrlen = SOCKADDR_MAX;
	if (bpf_probe_read_user(s->tmp, addrlen, (void *)p)) {
		put_empty(s);
		return;
	}
	s->tmp[addrlen] = 0; /* terminates an unterminated sun_path */
	__u16 family = *(__u16 *)&s->tmp[0];
	__u64 start = s->pos;
	if (family == K_AF_INET) {
		struct sockaddr_in *in = (void *)s->tmp;
		raw_u8(s, PPM_AF_INET);
		raw_u32(s, in->sin_addr.s_addr);
		raw_u16(s, bpf_ntohs(in->sin_port));
	} else if (family == K_AF_INET6) {
		struct sockaddr_in6 *in6 = (void *)s->tmp;
		raw_u8(s, PPM_AF_INET6);
		raw_u64(s, *(__u64 *)&in6->sin6_addr.in6_u.u6_addr8[0]);
		raw_u64(s, *(__u64 *)&in6->sin6_addr.in6_u.u6_addr8[8]);
		raw_u16(s, bpf_ntohs(in6->sin6_port));
	} else if (family == K_AF_UNIX) {
		/* An abstract address starts with a NUL that is not part of the name. */
		char *path = (char *)&s->tmp[2];
		if (path[0] == 0)
			path++;
		raw_u8(s, PPM_AF_UNIX);
		raw_str(s, path, MAX_UNIX_PATH, false);
	}
	put_len(s, s->pos - start);
}

enum direction { OUTBOUND, INBOUND };

static __always_inline void raw_ipv6(struct cpu_ring *s, const void *addr)
{
	__u64 half[2] = {};
	bpf_probe_read_kernel(half, sizeof(half), addr);
	raw_u64(s, half[0]);
	raw_u64(s, half[1]);
}

/* Address of sun_path inside a unix_sock's bound address (NULL if unbound). */
static __always_inline const char *unix_sock_path(struct unix_sock *us)
{
	struct unix_address *addr = BPF_CORE_READ(us, addr);
	if (!addr)
		return NULL;
	return (const char *)addr + bpf_core_field_offset(struct unix_address, name) +
	       bpf_core_field_offset(struct sockaddr_un, sun_path);
}

/* A sun_path: an abstract name's leading NUL is skipped; an unnamed socket
 * gets an empty string. */
static __always_inline void raw_unix_path(struct cpu_ring *s, const char *path, bool user)
{
	char first = 0;
	if (path) {
		if (user)
			bpf_probe_read_user(&first, 1, path);
		else
			bpf_probe_read_kernel(&first, 1, path);
	}
	if (!path || !raw_str(s, path + (first == 0), MAX_UNIX_PATH, user))
		raw_u8(s, 0);
}

/* The connection of socket fd as the kernel sees it. OUTBOUND puts the local
 * end first (connect, sendto); INBOUND the remote end (accept, recvfrom).
 * user_addr is the address the caller passed, used when the socket itself is
 * not connected (UDP sendto). */
static __always_inline void put_socktuple(struct cpu_ring *s, __s64 fd, enum direction dir,
					  unsigned long user_addr)
{
	struct socket *sock = file_socket(fd_to_file(fd));
	struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : NULL;
	if (!sk) {
		put_empty(s);
		return;
	}
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u64 start = s->pos;
	if (family == K_AF_INET) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		__u32 laddr = BPF_CORE_READ(inet, inet_saddr);
		__u16 lport = bpf_ntohs(BPF_CORE_READ(inet, inet_sport));
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (rport == 0 && user_addr) {
			struct sockaddr_in in = {};
			bpf_probe_read_user(&in, sizeof(in), (void *)user_addr);
			raddr = in.sin_addr.s_addr;
			rport = bpf_ntohs(in.sin_port);
		}
		raw_u8(s, PPM_AF_INET);
		if (dir == OUTBOUND) {
			raw_u32(s, laddr); raw_u16(s, lport); raw_u32(s, raddr); raw_u16(s, rport);
		} else {
			raw_u32(s, raddr); raw_u16(s, rport); raw_u32(s, laddr); raw_u16(s, lport);
		}
	} else if (family == K_AF_INET6) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		struct ipv6_pinfo *np = BPF_CORE_READ(inet, pinet6);
		const void *laddr = np ? (const void *)&np->saddr : NULL;
		const void *raddr = &sk->__sk_common.skc_v6_daddr;
		__u16 lport = bpf_ntohs(BPF_CORE_READ(inet, inet_sport));
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		struct sockaddr_in6 in6 = {};
		if (rport == 0 && user_addr) {
			bpf_probe_read_user(&in6, sizeof(in6), (void *)user_addr);
			raddr = NULL;
			rport = bpf_ntohs(in6.sin6_port);
		}
		raw_u8(s, PPM_AF_INET6);
		for (int side = 0; side < 2; side++) {
			bool local = (side == 0) == (dir == OUTBOUND);
			if (local) {
				if (laddr)
					raw_ipv6(s, laddr);
				else {
					raw_u64(s, 0); raw_u64(s, 0);
				}
				raw_u16(s, lport);
			} else {
				if (raddr)
					raw_ipv6(s, raddr);
				else {
					raw_u64(s, *(__u64 *)&in6.sin6_addr.in6_u.u6_addr8[0]);
					raw_u64(s, *(__u64 *)&in6.sin6_addr.in6_u.u6_addr8[8]);
				}
				raw_u16(s, rport);
			}
		}
	} else if (family == K_AF_UNIX) {
		struct unix_sock *local = (struct unix_sock *)sk;
		struct unix_sock *peer = (struct unix_sock *)BPF_CORE_READ(local, peer);
		raw_u8(s, PPM_AF_UNIX);
		if (dir == OUTBOUND) {
			raw_u64(s, (__u64)peer);
			raw_u64(s, (__u64)local);
			if (peer)
				raw_unix_path(s, unix_sock_path(peer), false);
			else /* not connected yet: the name the caller gave */
				raw_unix_path(s, user_addr ? (const char *)(user_addr + 2) : NULL, true);
		} else {
			raw_u64(s, (__u64)local);
			raw_u64(s, (__u64)peer);
			raw_unix_path(s, unix_sock_path(local), false);
		}
	}
	put_len(s, s->pos - start);
}

/* ---- process arguments and environment ---- */

/* exe and args as the process's memory holds them (arg_start..arg_end):
 * exe is argv[0]; args the rest, NUL-separated, together cut at MAX_ARGS_ENV. */
static __always_inline void put_exe_args_from_mm(struct cpu_ring *s, struct mm_struct *mm)
{
	unsigned long start = mm ? BPF_CORE_READ(mm, arg_start) : 0;
	unsigned long end = mm ? BPF_CORE_READ(mm, arg_end) : 0;
	__u32 exe_len = put_str(s, (void *)start, MAX_ARGS_ENV, true);
	__u32 total = end > start ? end - start : 0;
	__u32 rest = total > exe_len ? total - exe_len : 0;
	__u32 room = MAX_ARGS_ENV > exe_len ? MAX_ARGS_ENV - exe_len : 0;
	if (rest > room)
		rest = room;
	__u32 n = raw_bytes(s, (void *)(start + exe_len), rest & (MAX_ARGS_ENV * 2 - 1), true);
	if (n)
		raw_replace_last(s, 0); /* a cut argument still ends with a NUL */
	put_len(s, n);
}

static __always_inline void put_env_from_mm(struct cpu_ring *s, struct mm_struct *mm)
{
	unsigned long start = mm ? BPF_CORE_READ(mm, env_start) : 0;
	unsigned long end = mm ? BPF_CORE_READ(mm, env_end) : 0;
	__u32 len = end > start ? end - start : 0;
	if (len > MAX_ARGS_ENV)
		len = MAX_ARGS_ENV;
	__u32 n = raw_bytes(s, (void *)start, len & (MAX_ARGS_ENV * 2 - 1), true);
	if (n)
		raw_replace_last(s, 0);
	put_len(s, n);
}

/* Strings of a user argv/envp array, starting at index `first`, appended
 * NUL-separated; returns the bytes written (at most MAX_ARGS_ENV). */
static __always_inline __u32 raw_str_array(struct cpu_ring *s, const char *const *arr, int first,
					   __u32 budget)
{
	__u64 start = s->pos;
	for (int i = 0; i < MAX_ARGV_POINTERS; i++) {
		if (i < first)
			continue;
		const char *p = NULL;
		if (bpf_probe_read_user(&p, sizeof(p), &arr[i]) || !p)
			break;
		if (raw_str(s, p, MAX_ARGS_ENV, true) == 0)
			break;
		if (s->pos - start >= budget)
			break;
	}
	__u32 n = s->pos - start;
	if (n > budget) {
		n = budget;
		s->pos = start + n;
		raw_replace_last(s, 0);
	}
	return n;
}

/* exe and args of a failed execve, from the argv the caller passed. */
static __always_inline void put_exe_args_from_argv(struct cpu_ring *s, unsigned long argv)
{
	const char *exe = NULL;
	if (!argv) {
		raw_u8(s, 0); /* exe: an empty string rather than a missing parameter */
		put_len(s, 1);
		put_empty(s);
		return;
	}
	bpf_probe_read_user(&exe, sizeof(exe), (void *)argv);
	__u32 exe_len = put_str(s, exe, MAX_ARGS_ENV, true);
	__u32 room = MAX_ARGS_ENV > exe_len ? MAX_ARGS_ENV - exe_len : 0;
	put_len(s, room ? raw_str_array(s, (const char *const *)argv, 1, room) : 0);
}

static __always_inline void put_env_from_envp(struct cpu_ring *s, unsigned long envp)
{
	if (!envp) {
		put_empty(s);
		return;
	}
	put_len(s, raw_str_array(s, (const char *const *)envp, 0, MAX_ARGS_ENV));
}

/* ---- cgroups ---- */

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(struct kernfs_node___old, parent))
		return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
	return BPF_CORE_READ(kn, __parent);
}

/* "<subsystem>=<path>\0" for one controller. Components are collected leaf
 * first into names[] (the root's name is empty and ends the walk), then
 * written root first. */
static __always_inline void raw_cgroup(struct cpu_ring *s, struct task_struct *t, int id)
{
	const char *ss_name = BPF_CORE_READ(t, cgroups, subsys[id], ss, name);
	if (!raw_str(s, ss_name, MAX_NAME, false))
		return;
	raw_replace_last(s, '=');
	struct kernfs_node *kn = BPF_CORE_READ(t, cgroups, subsys[id], cgroup, kn);
	for (int i = 0; i < MAX_CGROUP_DEPTH; i++) {
		s->names[i] = 0;
		if (kn && kn_parent(kn))
			s->names[i] = (__u64)BPF_CORE_READ(kn, name);
		if (kn)
			kn = kn_parent(kn);
	}
	__u64 start = s->pos;
	for (int i = MAX_CGROUP_DEPTH - 1; i >= 0; i--) {
		const void *name = (const void *)s->names[i];
		if (!name)
			continue;
		raw_u8(s, '/');
		if (raw_str(s, name, MAX_NAME, false))
			s->pos--;
	}
	if (s->pos == start)
		raw_u8(s, '/');
	raw_u8(s, 0);
}

/* The five controllers the libs report, when the kernel has them. */
static __always_inline void put_cgroups(struct cpu_ring *s, struct task_struct *t)
{
	__u64 start = s->pos;
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuset_cgrp_id))
		raw_cgroup(s, t, bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpu_cgrp_id))
		raw_cgroup(s, t, bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuacct_cgrp_id))
		raw_cgroup(s, t, bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, io_cgrp_id))
		raw_cgroup(s, t, bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
		raw_cgroup(s, t, bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id));
	put_len(s, s->pos - start);
}

/* ---- paths ---- */

/* Absolute path of a struct path, rebuilt by walking dentries up to the
 * global root and crossing mount points (bpf_d_path is not allowed on
 * tracepoints). Paths deeper than MAX_PATH_DEPTH lose their top components.
 * Component i of the walk goes to names[i] (0 for a mount crossing): no
 * counter differs between the branches, so the verifier sees the loop's
 * states converge instead of exploring every combination of branches. */
static __always_inline void put_path(struct cpu_ring *s, struct dentry *d, struct vfsmount *vmnt)
{
	struct mount *mnt = container_of(vmnt, struct mount, mnt);
	for (int i = 0; i < MAX_PATH_DEPTH; i++)
		s->names[i] = 0;
	for (int i = 0; i < MAX_PATH_DEPTH; i++) {
		struct dentry *mnt_root = BPF_CORE_READ(vmnt, mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		if (!d)
			break;
		if (d == mnt_root || d == parent) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
			if (d != mnt_root || up == mnt)
				break; /* the global root */
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			vmnt = &up->mnt;
			continue;
		}
		s->names[i] = (__u64)BPF_CORE_READ(d, d_name.name);
		d = parent;
	}
	__u64 start = s->pos;
	for (int i = MAX_PATH_DEPTH - 1; i >= 0; i--) {
		const void *name = (const void *)s->names[i];
		if (!name)
			continue;
		raw_u8(s, '/');
		if (raw_str(s, name, MAX_NAME, false))
			s->pos--; /* the NUL: the next component or the terminator follows */
	}
	if (s->pos == start)
		raw_u8(s, '/');
	raw_u8(s, 0);
	put_len(s, s->pos - start);
}

static __always_inline void put_exe_path(struct cpu_ring *s, struct file *exe)
{
	if (!exe) {
		put_empty(s);
		return;
	}
	put_path(s, BPF_CORE_READ(exe, f_path.dentry), BPF_CORE_READ(exe, f_path.mnt));
}
