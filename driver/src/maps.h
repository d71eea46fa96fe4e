/* The probe's maps. User space (native/src/loader.c) sizes `cpu_rings` and
 * sets `ring_mask` before load, fills `settings`, `interesting` and `ppm_sc`,
 * and reads the rings through mmap; see driver/README.md for the contract.
 */
#pragma once

#include "defs.h"

/* What user space tells the probe. One entry. */
struct settings {
	__u64 boot_time_offset_ns; /* realtime - boottime, so ts is ns since the epoch */
	__u32 exclude_tgid;        /* falconet's own process: never captured (no feedback loop) */
	__u32 snaplen;             /* bytes of I/O buffers kept (sendto/recvfrom data) */
	__u32 flags;               /* SETTINGS_* bits */
};

/* Per-CPU counters, summed by user space. */
struct counters {
	__u64 n_evts;                 /* events the probe tried to send */
	__u64 n_drops_buffer;         /* ring full */
	__u64 n_drops_max_event_size; /* event larger than MAX_EVENT_SIZE */
	__u64 n_drops_other;          /* missing ring entry or settings */
};

/* One CPU's events: a ring that the CPU's programs write in place and user
 * space reads through mmap. The programs are the ring's only writer: they run
 * with preemption off and never nest, so no lock or atomic is needed, and an
 * event is built where it will be read (no copy, no ring helper call).
 *
 * head and tail count bytes since the start; head - tail is unread. An event
 * takes data[(pos & ring_mask) ..] for its length and runs on past the ring's
 * end into the slack instead of wrapping, so the reader sees it whole. Writes
 * land at a masked offset (< 64 KiB) of at most 64 KiB from the event's start,
 * which is what the verifier can prove: so an event is begun only when
 * RING_SLACK bytes are free, and the slack is as large.
 */
struct cpu_ring {
	union {
		struct {
			__u64 head;         /* written by the probe: end of the last committed event */
			__u8 head_line[56];
			__u64 tail;         /* written by user space: end of the last event it read */
			__u8 tail_line[56];
			/* the event being built */
			__u64 start;        /* ring offset where it begins (head & ring_mask) */
			__u64 len_pos;      /* offset in it of the next parameter length */
			__u64 pos;          /* offset in it of the next parameter byte */
			__u64 call_tid;     /* the thread whose syscall exit is handled (set by sys_exit) */
			__u8 tmp[SOCKADDR_MAX + 8];  /* a user sockaddr being decoded */
			__u64 names[MAX_PATH_DEPTH]; /* path component pointers, leaf first */
		};
		__u8 header[RING_HEADER_SIZE];
	};
	__u8 data[RING_SLACK]; /* really ring_mask + 1 + RING_SLACK bytes */
};
_Static_assert(__builtin_offsetof(struct cpu_ring, tail) == RING_TAIL_OFFSET, "ring_layout.h");
_Static_assert(__builtin_offsetof(struct cpu_ring, data) == RING_HEADER_SIZE, "ring_layout.h");

/* ring size - 1 (a power of 2 minus 1), set by user space before load: a
 * constant to the verifier, which bounds every event write with it. */
const volatile __u64 ring_mask SEC(".rodata.ring") = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct settings);
} settings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_TABLE_SIZE);
	__type(key, __u32);
	__type(value, __u8);
} interesting SEC(".maps");

/* syscall number -> libs ppm_sc code, for the ID parameter of generic events. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_TABLE_SIZE);
	__type(key, __u32);
	__type(value, __u16);
} ppm_sc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counters);
} counters SEC(".maps");

/* One ring per possible CPU (user space sets max_entries, and value_size to
 * RING_HEADER_SIZE + ring size + RING_SLACK); no BTF value type, so the size
 * may differ from sizeof(struct cpu_ring). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct cpu_ring));
} cpu_rings SEC(".maps");
