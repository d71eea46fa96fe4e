/* Building one scap event in the CPU's scratch buffer and sending it.
 *
 * Usage: s = ev_begin(type, nparams, tid); then exactly nparams put_* calls
 * in the event table's parameter order; then ev_submit(s). Every put_* writes
 * the parameter's bytes at s->pos and its u16 length in the length array.
 * Offsets are masked with OFFSET_MASK before use: that is what lets the
 * verifier prove the writes stay inside the scratch buffer; an event that
 * grows past MAX_EVENT_SIZE is dropped (and counted) at submit.
 */
#pragma once

#include "maps.h"

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

static __always_inline struct scratch *cpu_scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch, &cpu);
}

static __always_inline struct scratch *ev_start(struct scratch *s, __u16 type, __u32 nparams, __u64 tid)
{
	struct settings *cfg = get_settings();
	if (!s || !cfg) {
		count_drop_other();
		return NULL;
	}
	*(__u16 *)&s->data[0] = (__u16)bpf_get_smp_processor_id();
	*(__u16 *)&s->data[2] = 0;
	*(__u64 *)&s->data[RECORD_PREFIX + 0] = bpf_ktime_get_boot_ns() + cfg->boot_time_offset_ns;
	*(__u64 *)&s->data[RECORD_PREFIX + 8] = tid;
	*(__u32 *)&s->data[RECORD_PREFIX + 16] = 0; /* length, set at submit */
	*(__u16 *)&s->data[RECORD_PREFIX + 20] = type;
	*(__u32 *)&s->data[RECORD_PREFIX + 22] = nparams;
	s->len_pos = RECORD_PREFIX + EVENT_HEADER_SIZE;
	s->pos = RECORD_PREFIX + EVENT_HEADER_SIZE + nparams * 2;
	return s;
}

/* An event of thread tid. */
static __always_inline struct scratch *ev_begin(__u16 type, __u32 nparams, __u64 tid)
{
	return ev_start(cpu_scratch(), type, nparams, tid);
}

/* An event of the thread whose system call is exiting: a handler tail-called
 * by sys_exit, which stored the thread id (a helper call saved per event). */
static __always_inline struct scratch *ev_begin_call(__u16 type, __u32 nparams)
{
	struct scratch *s = cpu_scratch();
	return ev_start(s, type, nparams, s ? s->call_tid : 0);
}

/* The current thread id as the kernel numbers it (global pid namespace). */
static __always_inline __u64 current_tid(void)
{
	return bpf_get_current_pid_tgid() & 0xffffffff;
}

static __always_inline void put_len(struct scratch *s, __u16 len)
{
	*(__u16 *)&s->data[s->len_pos & OFFSET_MASK] = len;
	s->len_pos += 2;
}

static __always_inline void put_empty(struct scratch *s)
{
	put_len(s, 0);
}

static __always_inline void put_u8(struct scratch *s, __u8 v)
{
	s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 1;
	put_len(s, 1);
}

static __always_inline void put_u16(struct scratch *s, __u16 v)
{
	*(__u16 *)&s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 2;
	put_len(s, 2);
}

static __always_inline void put_u32(struct scratch *s, __u32 v)
{
	*(__u32 *)&s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 4;
	put_len(s, 4);
}

static __always_inline void put_u64(struct scratch *s, __u64 v)
{
	*(__u64 *)&s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 8;
	put_len(s, 8);
}

/* errno, fd and pid parameters are all signed 64-bit. */
static __always_inline void put_s64(struct scratch *s, __s64 v)
{
	put_u64(s, (__u64)v);
}

/* Raw bytes appended to the parameter being built (no length written). */
static __always_inline void raw_u8(struct scratch *s, __u8 v)
{
	s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 1;
}

static __always_inline void raw_u16(struct scratch *s, __u16 v)
{
	*(__u16 *)&s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 2;
}

static __always_inline void raw_u32(struct scratch *s, __u32 v)
{
	*(__u32 *)&s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 4;
}

static __always_inline void raw_u64(struct scratch *s, __u64 v)
{
	*(__u64 *)&s->data[s->pos & OFFSET_MASK] = v;
	s->pos += 8;
}

/* Replaces the last byte written (a string's NUL) with c. */
static __always_inline void raw_replace_last(struct scratch *s, __u8 c)
{
	s->data[(s->pos - 1) & OFFSET_MASK] = c;
}

/* Appends a NUL-terminated string of at most max bytes (terminator
 * included); returns the bytes written, 0 when it cannot be read. max must be
 * a constant no larger than MAX_PATH. */
static __always_inline __u32 raw_str(struct scratch *s, const void *p, __u32 max, bool user)
{
	long n;
	if (!p)
		return 0;
	if (user)
		n = bpf_probe_read_user_str(&s->data[s->pos & OFFSET_MASK], max, p);
	else
		n = bpf_probe_read_kernel_str(&s->data[s->pos & OFFSET_MASK], max, p);
	if (n <= 0)
		return 0;
	s->pos += n;
	return n;
}

/* Appends len bytes; returns len, or 0 when they cannot be read. */
static __always_inline __u32 raw_bytes(struct scratch *s, const void *p, __u32 len, bool user)
{
	long err;
	/* The barrier stops clang from dropping the mask when it can prove a
	 * bound the verifier cannot see (it then passes an unmasked copy). */
	asm volatile("" : "+r"(len));
	len &= OFFSET_MASK;
	if (!p || len == 0)
		return 0;
	if (user)
		err = bpf_probe_read_user(&s->data[s->pos & OFFSET_MASK], len, p);
	else
		err = bpf_probe_read_kernel(&s->data[s->pos & OFFSET_MASK], len, p);
	if (err)
		return 0;
	s->pos += len;
	return len;
}

/* A charbuf/fspath parameter; an unreadable string becomes an empty parameter. */
static __always_inline __u32 put_str(struct scratch *s, const void *p, __u32 max, bool user)
{
	__u32 n = raw_str(s, p, max, user);
	put_len(s, n);
	return n;
}

static __always_inline __u32 put_bytes(struct scratch *s, const void *p, __u32 len, bool user)
{
	__u32 n = raw_bytes(s, p, len, user);
	put_len(s, n);
	return n;
}

/* Finishes the header and copies the record into the ring of this CPU's group. */
static __always_inline void ev_submit(struct scratch *s)
{
	struct counters *c = cpu_counters();
	struct settings *cfg = get_settings();
	if (!c || !cfg)
		return;
	c->n_evts++;
	__u64 evt_len = s->pos - RECORD_PREFIX;
	if (evt_len > MAX_EVENT_SIZE) {
		c->n_drops_max_event_size++;
		return;
	}
	*(__u32 *)&s->data[RECORD_PREFIX + 16] = (__u32)evt_len;

	__u32 per_ring = cfg->cpus_per_ring ? cfg->cpus_per_ring : 1;
	__u32 ring_idx = bpf_get_smp_processor_id() / per_ring;
	void *ring = bpf_map_lookup_elem(&rings, &ring_idx);
	if (!ring) {
		c->n_drops_other++;
		return;
	}
	/* No wakeup per event: a wakeup costs the traced thread more than the
	 * event itself; user space drains the rings on a short timer instead. */
	if (bpf_ringbuf_output(ring, s->data, evt_len + RECORD_PREFIX, BPF_RB_NO_WAKEUP))
		c->n_drops_buffer++;
}
