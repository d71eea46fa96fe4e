/* Building one scap event in place in the CPU's ring and committing it.
 *
 * Usage: s = ev_begin(type, nparams, tid); then exactly nparams put_* calls
 * in the event table's parameter order; then ev_submit(s). Every put_* writes
 * the parameter's bytes at s->pos and its u16 length in the length array.
 * Offsets are masked with OFFSET_MASK, and the event's start with ring_mask,
 * before use: that is what lets the verifier prove the writes stay inside the
 * ring and its slack; an event that grows past MAX_EVENT_SIZE is dropped (and
 * counted) at submit. Nothing is visible to user space before ev_submit moves
 * the ring's head.
 */
#pragma once

#include "maps.h"

/* The byte at offset off of the event being built. */
#define EV_AT(s, off) (&(s)->data[((s)->start & ring_mask) + ((off) & OFFSET_MASK)])

static __always_inline struct counters *cpu_counters(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

static __always_inline void count_drop_other(void)
{
	struct counters *c = cpu_counters();
	if (c)
		c->n_drops_other++;
}

static __always_inline struct settings *get_settings(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&settings, &zero);
}

static __always_inline struct cpu_ring *this_cpu_ring(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&cpu_rings, &cpu);
}

static __always_inline struct cpu_ring *ev_start(struct cpu_ring *s, __u16 type, __u32 nparams, __u64 tid)
{
	struct settings *cfg = get_settings();
	if (!s || !cfg) {
		count_drop_other();
		return NULL;
	}
	__u64 head = s->head;
	/* Room for the largest write an event may make, or it is dropped now:
	 * its bytes would overwrite events user space has not read. */
	if (head - *(volatile __u64 *)&s->tail > ring_mask + 1 - RING_SLACK) {
		struct counters *c = cpu_counters();
		if (c) {
			c->n_evts++;
			c->n_drops_buffer++;
		}
		return NULL;
	}
	s->start = head & ring_mask;
	*(__u64 *)EV_AT(s, 0) = bpf_ktime_get_boot_ns() + cfg->boot_time_offset_ns;
	*(__u64 *)EV_AT(s, 8) = tid;
	*(__u32 *)EV_AT(s, EVENT_LEN_OFFSET) = 0; /* set at submit */
	*(__u16 *)EV_AT(s, 20) = type;
	*(__u32 *)EV_AT(s, 22) = nparams;
	s->len_pos = EVENT_HEADER_SIZE;
	s->pos = EVENT_HEADER_SIZE + nparams * 2;
	return s;
}

/* An event of thread tid. */
static __always_inline struct cpu_ring *ev_begin(__u16 type, __u32 nparams, __u64 tid)
{
	return ev_start(this_cpu_ring(), type, nparams, tid);
}

/* An event of the thread whose system call is exiting: a handler tail-called
 * by sys_exit, which stored the thread id (a helper call saved per event). */
static __always_inline struct cpu_ring *ev_begin_call(__u16 type, __u32 nparams)
{
	struct cpu_ring *s = this_cpu_ring();
	return ev_start(s, type, nparams, s ? s->call_tid : 0);
}

/* The current thread id as the kernel numbers it (global pid namespace). */
static __always_inline __u64 current_tid(void)
{
	return bpf_get_current_pid_tgid() & 0xffffffff;
}

static __always_inline void put_len(struct cpu_ring *s, __u16 len)
{
	*(__u16 *)EV_AT(s, s->len_pos) = len;
	s->len_pos += 2;
}

static __always_inline void put_empty(struct cpu_ring *s)
{
	put_len(s, 0);
}

static __always_inline void put_u8(struct cpu_ring *s, __u8 v)
{
	*EV_AT(s, s->pos) = v;
	s->pos += 1;
	put_len(s, 1);
}

static __always_inline void put_u16(struct cpu_ring *s, __u16 v)
{
	*(__u16 *)EV_AT(s, s->pos) = v;
	s->pos += 2;
	put_len(s, 2);
}

static __always_inline void put_u32(struct cpu_ring *s, __u32 v)
{
	*(__u32 *)EV_AT(s, s->pos) = v;
	s->pos += 4;
	put_len(s, 4);
}

static __always_inline void put_u64(struct cpu_ring *s, __u64 v)
{
	*(__u64 *)EV_AT(s, s->pos) = v;
	s->pos += 8;
	put_len(s, 8);
}

/* errno, fd and pid parameters are all signed 64-bit. */
static __always_inline void put_s64(struct cpu_ring *s, __s64 v)
{
	put_u64(s, (__u64)v);
}

/* Raw bytes appended to the parameter being built (no length written). */
static __always_inline void raw_u8(struct cpu_ring *s, __u8 v)
{
	*EV_AT(s, s->pos) = v;
	s->pos += 1;
}

static __always_inline void raw_u16(struct cpu_ring *s, __u16 v)
{
	*(__u16 *)EV_AT(s, s->pos) = v;
	s->pos += 2;
}

static __always_inline void raw_u32(struct cpu_ring *s, __u32 v)
{
	*(__u32 *)EV_AT(s, s->pos) = v;
	s->pos += 4;
}

static __always_inline void raw_u64(struct cpu_ring *s, __u64 v)
{
	*(__u64 *)EV_AT(s, s->pos) = v;
	s->pos += 8;
}

/* Replaces the last byte written (a string's NUL) with c. */
static __always_inline void raw_replace_last(struct cpu_ring *s, __u8 c)
{
	*EV_AT(s, s->pos - 1) = c;
}

/* Appends a NUL-terminated string of at most max bytes (terminator
 * included); returns the bytes written, 0 when it cannot be read. max must be
 * a constant no larger than MAX_PATH. */
static __always_inline __u32 raw_str(struct cpu_ring *s, const void *p, __u32 max, bool user)
{
	long n;
	if (!p)
		return 0;
	if (user)
		n = bpf_probe_read_user_str(EV_AT(s, s->pos), max, p);
	else
		n = bpf_probe_read_kernel_str(EV_AT(s, s->pos), max, p);
	if (n <= 0)
		return 0;
	s->pos += n;
	return n;
}

/* Appends len bytes; returns len, or 0 when they cannot be read. */
static __always_inline __u32 raw_bytes(struct cpu_ring *s, const void *p, __u32 len, bool user)
{
	long err;
	/* The barrier stops clang from dropping the mask when it can prove a
	 * bound the verifier cannot see (it then passes an unmasked copy). */
	asm volatile("" : "+r"(len));
	len &= OFFSET_MASK;
	if (!p || len == 0)
		return 0;
	if (user)
		err = bpf_probe_read_user(EV_AT(s, s->pos), len, p);
	else
		err = bpf_probe_read_kernel(EV_AT(s, s->pos), len, p);
	if (err)
		return 0;
	s->pos += len;
	return len;
}

/* A charbuf/fspath parameter; an unreadable string becomes an empty parameter. */
static __always_inline __u32 put_str(struct cpu_ring *s, const void *p, __u32 max, bool user)
{
	__u32 n = raw_str(s, p, max, user);
	put_len(s, n);
	return n;
}

static __always_inline __u32 put_bytes(struct cpu_ring *s, const void *p, __u32 len, bool user)
{
	__u32 n = raw_bytes(s, p, len, user);
	put_len(s, n);
	return n;
}

/* Finishes the header and publishes the event: moving head is what makes
 * it visible, so the compiler must not sink the event's stores below it
 * (x86 keeps stores in order; the reader loads head before the event). */
static __always_inline void ev_submit(struct cpu_ring *s)
{
	struct counters *c = cpu_counters();
	if (!c)
		return;
	c->n_evts++;
	__u64 evt_len = s->pos;
	if (evt_len > MAX_EVENT_SIZE) {
		c->n_drops_max_event_size++;
		return;
	}
	*(__u32 *)EV_AT(s, EVENT_LEN_OFFSET) = (__u32)evt_len;
	asm volatile("" ::: "memory");
	*(volatile __u64 *)&s->head = s->head + evt_len;
}
