/* Data parameters of the vectored calls (readv/writev, preadv/pwritev,
 * sendmsg/recvmsg, process_vm_*): the bytes of a user iovec array,
 * concatenated and cut at the snaplen, plus the total of its lengths.
 */
#pragma once

#include "event.h"
#include "defs_io.h"

/* struct iovec / struct user_msghdr / struct mmsghdr as the x86_64 user ABI
 * lays them out (user memory, so no CO-RE). */
struct user_iovec {
	__u64 base;
	__u64 len;
};

struct user_msghdr_abi {
	__u64 name;
	__s32 namelen;
	__u32 pad0;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u32 flags;
	__u32 pad1;
};

struct user_mmsghdr_abi {
	struct user_msghdr_abi hdr;
	__u32 len; /* bytes sent or received for this message */
	__u32 pad;
};

/* The bytes of a data parameter: at most the configured snaplen (Falco's
 * default is 80) and at most `avail` (what the call really transferred);
 * avail < 0 means "unknown", so the snaplen alone limits. */
static __always_inline __u32 snap_limit(__s64 avail)
{
	struct settings *cfg = get_settings();
	__u32 limit = cfg ? cfg->snaplen : 0;
	if (limit > OFFSET_MASK)
		limit = OFFSET_MASK;
	if (avail >= 0 && (__u64)avail < limit)
		limit = avail;
	return limit;
}

/* Appends the bytes of the first cnt (at most MAX_IOVCNT) iovecs at user
 * address iov, concatenated and cut at limit bytes, as one bytebuf
 * parameter. Empty entries are skipped; an unreadable entry ends the data.
 *
 * For the verifier: the bytes copied so far are recomputed from s->pos (map
 * memory, an unknown value to it) in each round instead of being carried in
 * a register, so the branches of one round leave identical states and the
 * rounds do not multiply the paths to explore. */
static __always_inline void put_iovec_data(struct cpu_ring *s, unsigned long iov, unsigned long cnt,
					   __u32 limit)
{
	__u64 start = s->pos;
	for (int i = 0; i < MAX_IOVCNT; i++) {
		struct user_iovec v;
		if (i >= cnt)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), (void *)(iov + i * sizeof(v))))
			break;
		__u32 copied = s->pos - start;
		if (copied >= limit)
			break;
		__u32 want = limit - copied;
		if (v.len < want)
			want = v.len;
		if (want && raw_bytes(s, (void *)v.base, want, true) != want)
			break;
	}
	put_len(s, s->pos - start);
}

/* The sum of the lengths of the first cnt (at most MAX_IOVCNT) iovecs. */
static __always_inline __u32 iovec_total(unsigned long iov, unsigned long cnt)
{
	__u32 total = 0;
	for (int i = 0; i < MAX_IOVCNT; i++) {
		struct user_iovec v;
		if (i >= cnt)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), (void *)(iov + i * sizeof(v))))
			break;
		total += v.len;
	}
	return total;
}
