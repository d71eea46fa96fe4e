/* The probe's maps. User space (native/src/loader.c) sizes `scratch` and
 * `rings` before load and fills `settings`, `interesting`, `ppm_sc` and the
 * ring file descriptors; see driver/README.md for the contract.
 */
#pragma once

#include "defs.h"

/* What user space tells the probe. One entry. */
struct settings {
	__u64 boot_time_offset_ns; /* realtime - boottime, so ts is ns since the epoch */
	__u32 exclude_tgid;        /* falconet's own process: never captured (no feedback loop) */
	__u32 snaplen;             /* bytes of I/O buffers kept (sendto/recvfrom data) */
	__u32 flags;               /* SETTINGS_* bits */
	__u32 cpus_per_ring;       /* ring index = cpu / cpus_per_ring */
};

/* Per-CPU counters, summed by user space. */
struct counters {
	__u64 n_evts;                 /* events the probe tried to send */
	__u64 n_drops_buffer;         /* ring full */
	__u64 n_drops_max_event_size; /* event larger than MAX_EVENT_SIZE */
	__u64 n_drops_other;          /* missing scratch/ring, failed tail call */
};

/* An event is assembled here before being copied into the ring: building in
 * place in a ring reservation would need the final size up front. The buffer
 * is twice the largest event so that every write at a masked offset
 * (< 64 KiB) of at most 64 KiB stays inside it, which the verifier can prove.
 */
struct scratch {
	__u8 data[2 * MAX_EVENT_SIZE]; /* record prefix (4 bytes) then the scap event */
	__u8 tmp[SOCKADDR_MAX + 8];    /* a user sockaddr being decoded */
	__u64 names[MAX_PATH_DEPTH];   /* path component pointers, leaf first */
	__u64 len_pos;                 /* offset in data of the next parameter length */
	__u64 pos;                     /* offset in data of the next parameter byte */
	__u64 call_tid;                /* the thread whose syscall exit is being handled (set by sys_exit) */
};

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

/* One scratch entry per possible CPU (a per-CPU array cannot hold values
 * this large); user space sets max_entries to the number of possible CPUs. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* Template of the rings: the kernel checks only the type of an inner ring
 * against it, not the size, so the real rings may be of any size. */
struct ring_map {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
};

/* One ring per group of cpus_per_ring CPUs, created by user space. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
	__array(values, struct ring_map);
} rings SEC(".maps");
