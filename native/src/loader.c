/* libbpf side of the live source: open the probe object, size its per-CPU
 * rings for this machine, load, attach, fill the settings, and read the
 * rings through mmap. Errors are turned into messages that say
 * what is wrong and what to do, since they end up in front of a user. */
#define _GNU_SOURCE
#include "loader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../driver/src/ring_layout.h"

/* driver/src/maps.h, struct settings */
struct probe_settings {
	uint64_t boot_time_offset_ns;
	uint32_t exclude_tgid;
	uint32_t snaplen;
	uint32_t flags;
};

#define RING_MIN_BYTES (256u << 10)  /* half of it usable: RING_SLACK stays free */
#define RING_MAX_BYTES (256u << 20)  /* the verifier bounds offsets below 512 MiB */

struct fn_probe {
	struct bpf_object *obj;
	struct bpf_link **links;
	int n_links;
	uint8_t *rings;        /* the cpu_rings map, mmapped: ncpus entries of ring_stride bytes */
	size_t rings_len;
	size_t ring_stride;
	uint64_t ring_bytes;   /* per CPU, a power of 2 */
	uint64_t n_corrupt;    /* events skipped for an impossible length (none expected) */
	fn_record_cb cb;
	void *cb_ctx;
	int ncpus;
	int interesting_fd;
	int counters_fd;
	char *object; /* the path loaded */
};

/* ---- libbpf messages: kept so that a failure can quote the verifier ---- */

static char libbpf_log[8192];
static size_t libbpf_log_len;

static int collect_libbpf_log(enum libbpf_print_level level, const char *fmt, va_list args)
{
	/* FALCONET_BPF_LOG=1 shows libbpf's messages, the verifier's log included */
	static int echo = -1;
	if (echo < 0)
		echo = getenv("FALCONET_BPF_LOG") != NULL;
	if (echo) {
		va_list copy;
		va_copy(copy, args);
		vfprintf(stderr, fmt, copy);
		va_end(copy);
	}
	char line[1024];
	int n = vsnprintf(line, sizeof(line), fmt, args);
	if (level == LIBBPF_DEBUG)
		return 0;
	if (n <= 0)
		return 0;
	size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	if (len >= sizeof(libbpf_log))
		return 0;
	/* keep the tail: the last lines say why */
	if (libbpf_log_len + len >= sizeof(libbpf_log)) {
		size_t drop = libbpf_log_len + len - sizeof(libbpf_log) + 1;
		memmove(libbpf_log, libbpf_log + drop, libbpf_log_len - drop);
		libbpf_log_len -= drop;
	}
	memcpy(libbpf_log + libbpf_log_len, line, len);
	libbpf_log_len += len;
	libbpf_log[libbpf_log_len] = 0;
	return 0;
}

static const char *log_tail(size_t max)
{
	return libbpf_log_len > max ? libbpf_log + libbpf_log_len - max : libbpf_log;
}

static void fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
}

/* Why the kernel refused, as advice. err is a positive errno. */
static const char *advice_for(int e)
{
	switch (e) {
	case EPERM:
	case EACCES:
		return "permission denied: live capture needs root (or CAP_BPF, CAP_PERFMON and "
		       "CAP_SYS_RESOURCE); run falconet as root";
	case ENOSYS:
		return "the bpf() system call is not available: the kernel was built without "
		       "CONFIG_BPF_SYSCALL; use a kernel with eBPF enabled";
	case ENOMEM:
		return "out of memory for BPF maps: lower engine.modern_ebpf.buf_size_preset or "
		       "cpus_for_each_buffer, or raise the memory cgroup limit";
	case EINVAL:
	case EOPNOTSUPP:
	case E2BIG:
		return "the kernel does not support what the probe needs (mmap-able BPF arrays and BTF "
		       "tracepoints, Linux >= 5.11 with BTF); upgrade the kernel";
	default:
		return strerror(e);
	}
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int write_settings(struct fn_probe *p, const struct fn_options *o)
{
	struct probe_settings s = {
		/* realtime - boottime: added in the kernel to boot-clock timestamps */
		.boot_time_offset_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME),
		.exclude_tgid = o->exclude_tgid,
		.snaplen = o->snaplen,
		.flags = o->flags,
	};
	struct bpf_map *m = bpf_object__find_map_by_name(p->obj, "settings");
	uint32_t zero = 0;
	return m ? bpf_map_update_elem(bpf_map__fd(m), &zero, &s, BPF_ANY) : -ENOENT;
}

static int write_u16_table(int fd, const uint16_t *v, size_t n)
{
	for (uint32_t i = 0; i < FN_SYSCALL_TABLE_SIZE && i < n; i++) {
		if (bpf_map_update_elem(fd, &i, &v[i], BPF_ANY))
			return -errno;
	}
	return 0;
}

int fn_probe_set_interesting(struct fn_probe *p, const uint8_t *interesting, size_t n, char *err,
			     size_t err_len)
{
	for (uint32_t i = 0; i < FN_SYSCALL_TABLE_SIZE; i++) {
		uint8_t v = i < n ? (interesting[i] ? 1 : 0) : 0;
		if (bpf_map_update_elem(p->interesting_fd, &i, &v, BPF_ANY)) {
			fail(err, err_len, "cannot update the interesting-syscalls map: %s", strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/* Whether the running kernel's BTF declares this function (kfuncs are
 * declared there; a strong __ksym reference to a missing one fails the load). */
static bool kernel_has_func(const char *name)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		return false;
	bool found = btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0;
	btf__free(vmlinux);
	return found;
}

const char *fn_probe_object(const struct fn_probe *p)
{
	return p->object;
}

static bool is_power_of_2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* Each CPU has a ring of its own (its programs are then the ring's only
 * writer). Falco's buffer settings size them: the memory of buf_size_bytes
 * per group of cpus_for_each_buffer CPUs is shared out between the CPUs, a
 * power of 2 each, within the bounds the probe can use. */
static uint64_t ring_bytes_per_cpu(const struct fn_options *o, int ncpus)
{
	uint32_t per_group = o->cpus_for_each_buffer == 0 || o->cpus_for_each_buffer > (uint32_t)ncpus
				     ? (uint32_t)ncpus
				     : o->cpus_for_each_buffer;
	uint64_t groups = ((uint64_t)ncpus + per_group - 1) / per_group;
	uint64_t share = o->buf_size_bytes * groups / (uint64_t)ncpus;
	uint64_t bytes = RING_MIN_BYTES;
	while (bytes < RING_MAX_BYTES && bytes * 2 <= share)
		bytes *= 2;
	return bytes;
}

struct fn_probe *fn_probe_open(const struct fn_options *o, fn_record_cb cb, void *cb_ctx,
			       char *err, size_t err_len)
{
	libbpf_set_print(collect_libbpf_log);
	libbpf_log_len = 0;
	libbpf_log[0] = 0;

	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		fail(err, err_len,
		     "kernel BTF not found (/sys/kernel/btf/vmlinux): the probe needs a kernel built "
		     "with CONFIG_DEBUG_INFO_BTF=y (most distribution kernels >= 5.11 have it)");
		return NULL;
	}
	const char *path = o->probe_path;
	if (o->compat_probe_path && !kernel_has_func("bpf_rdonly_cast"))
		path = o->compat_probe_path;
	if (access(path, R_OK) != 0) {
		fail(err, err_len, "probe object not found at %s: build it with scripts/build-native.sh",
		     path);
		return NULL;
	}
	long page = sysconf(_SC_PAGESIZE);
	if (!is_power_of_2(o->buf_size_bytes) || o->buf_size_bytes % (uint64_t)page ||
	    o->buf_size_bytes > (1ull << 30)) {
		fail(err, err_len,
		     "ring buffer size %llu is invalid: it must be a power of 2, a multiple of the page "
		     "size (%ld) and at most 1 GiB",
		     (unsigned long long)o->buf_size_bytes, page);
		return NULL;
	}

	/* Kernels >= 5.11 charge BPF memory to the memory cgroup, not to
	 * RLIMIT_MEMLOCK; raising the limit only matters before that, and may
	 * be refused without CAP_SYS_RESOURCE, which is fine. */
	struct rlimit inf = {RLIM_INFINITY, RLIM_INFINITY};
	(void)setrlimit(RLIMIT_MEMLOCK, &inf);

	struct fn_probe *p = calloc(1, sizeof(*p));
	if (!p) {
		fail(err, err_len, "out of memory");
		return NULL;
	}
	p->interesting_fd = -1;
	p->counters_fd = -1;
	p->object = strdup(path);
	if (!p->object)
		goto oom;

	int ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0) {
		fail(err, err_len, "cannot count the CPUs (/sys/devices/system/cpu/possible): %s",
		     strerror(-ncpus));
		goto error;
	}
	p->ncpus = ncpus;
	p->cb = cb;
	p->cb_ctx = cb_ctx;
	p->ring_bytes = ring_bytes_per_cpu(o, ncpus);

	p->obj = bpf_object__open_file(path, NULL);
	if (!p->obj) {
		fail(err, err_len, "cannot open the probe object %s: %s (rebuild it with "
		     "scripts/build-native.sh)", path, strerror(errno));
		goto error;
	}

	struct bpf_map *rings = bpf_object__find_map_by_name(p->obj, "cpu_rings");
	struct bpf_map *rodata = bpf_object__find_map_by_name(p->obj, ".rodata.ring");
	size_t rodata_size = 0;
	/* writable until load, although the program sees it read-only */
	uint64_t *mask = rodata ? (uint64_t *)bpf_map__initial_value(rodata, &rodata_size) : NULL;
	if (!rings || !mask || rodata_size < sizeof(*mask)) {
		fail(err, err_len, "the probe object %s lacks its maps: rebuild it with "
		     "scripts/build-native.sh", path);
		goto error;
	}
	/* the verifier checks every event write against these */
	*mask = p->ring_bytes - 1;
	p->ring_stride = RING_HEADER_SIZE + p->ring_bytes + RING_SLACK;
	bpf_map__set_value_size(rings, (uint32_t)p->ring_stride);
	bpf_map__set_max_entries(rings, ncpus);

	int e = bpf_object__load(p->obj);
	if (e) {
		fail(err, err_len, "cannot load the eBPF probe: %s. libbpf said: %s", advice_for(-e),
		     log_tail(1500));
		goto error;
	}

	p->rings_len = p->ring_stride * (size_t)ncpus;
	void *mapped = mmap(NULL, p->rings_len, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(rings), 0);
	if (mapped == MAP_FAILED) {
		fail(err, err_len, "cannot map the rings (%d CPUs, %llu bytes each): %s", ncpus,
		     (unsigned long long)p->ring_bytes, advice_for(errno));
		goto error;
	}
	p->rings = mapped;

	struct bpf_map *interesting = bpf_object__find_map_by_name(p->obj, "interesting");
	struct bpf_map *counters = bpf_object__find_map_by_name(p->obj, "counters");
	struct bpf_map *ppm_sc = bpf_object__find_map_by_name(p->obj, "ppm_sc");
	if (!interesting || !counters || !ppm_sc)
		goto missing;
	p->interesting_fd = bpf_map__fd(interesting);
	p->counters_fd = bpf_map__fd(counters);
	if (write_settings(p, o)) {
		fail(err, err_len, "cannot write the probe settings: %s", strerror(errno));
		goto error;
	}
	if (o->ppm_sc && write_u16_table(bpf_map__fd(ppm_sc), o->ppm_sc, o->n_ppm_sc)) {
		fail(err, err_len, "cannot write the syscall code table: %s", strerror(errno));
		goto error;
	}
	if (fn_probe_set_interesting(p, o->interesting, o->n_interesting, err, err_len))
		goto error;

	/* Attach every program that is not a tail-call target (those run from
	 * sys_exit through the program array, and are not attached directly). */
	struct bpf_program *prog;
	int n_progs = 0;
	bpf_object__for_each_program(prog, p->obj) n_progs++;
	p->links = calloc(n_progs, sizeof(*p->links));
	if (!p->links)
		goto oom;
	const char *attached[] = {"sys_exit", "sched_exec", "sched_exit"};
	for (size_t i = 0; i < sizeof(attached) / sizeof(attached[0]); i++) {
		prog = bpf_object__find_program_by_name(p->obj, attached[i]);
		if (!prog)
			goto missing;
		struct bpf_link *link = bpf_program__attach(prog);
		if (!link) {
			fail(err, err_len, "cannot attach %s: %s. libbpf said: %s", attached[i],
			     advice_for(errno), log_tail(600));
			goto error;
		}
		p->links[p->n_links++] = link;
	}
	return p;

missing:
	fail(err, err_len, "the probe object %s lacks a map or program: rebuild it with "
	     "scripts/build-native.sh", path);
	goto error;
oom:
	fail(err, err_len, "out of memory");
error:
	fn_probe_close(p);
	return NULL;
}

int fn_probe_ncpus(const struct fn_probe *p)
{
	return p->ncpus;
}

int fn_probe_counters(struct fn_probe *p, struct fn_counters *total, struct fn_counters *per_cpu)
{
	struct fn_counters *values = calloc(p->ncpus, sizeof(*values));
	uint32_t zero = 0;
	if (!values)
		return -ENOMEM;
	if (bpf_map_lookup_elem(p->counters_fd, &zero, values)) {
		int e = -errno;
		free(values);
		return e;
	}
	memset(total, 0, sizeof(*total));
	for (int i = 0; i < p->ncpus; i++) {
		total->n_evts += values[i].n_evts;
		total->n_drops_buffer += values[i].n_drops_buffer;
		total->n_drops_max_event_size += values[i].n_drops_max_event_size;
		total->n_drops_other += values[i].n_drops_other;
		if (per_cpu)
			per_cpu[i] = values[i];
	}
	free(values);
	total->n_drops_other += p->n_corrupt;
	return 0;
}

uint64_t fn_probe_ring_bytes(const struct fn_probe *p)
{
	return p->ring_bytes;
}

static uint64_t *ring_head(uint8_t *ring)
{
	return (uint64_t *)ring;
}

static uint64_t *ring_tail(uint8_t *ring)
{
	return (uint64_t *)(ring + RING_TAIL_OFFSET);
}

/* A ring being drained: where its next event is, and that event's time. */
struct ring_cursor {
	uint8_t *ring;        /* the ring's header page */
	const uint8_t *data;  /* its events */
	uint64_t tail;
	uint64_t head;
	uint64_t ts;
};

/* Every this many events drained, the ring of the last one stores its tail
 * (and each ring does once drained): the probe sees space freed during a
 * long drain without a store per event on its cache line. */
#define TAIL_STORE_EVERY 1024

static uint64_t event_ts(const uint8_t *event)
{
	uint64_t ts;
	memcpy(&ts, event, sizeof(ts));
	return ts;
}

/* Min-heap on the next event's time (ties by CPU, so equal times keep CPU order). */
static int cursor_before(const struct ring_cursor *a, const struct ring_cursor *b)
{
	return a->ts < b->ts || (a->ts == b->ts && a->ring < b->ring);
}

static void heap_down(struct ring_cursor **heap, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && cursor_before(heap[l], heap[m]))
			m = l;
		if (r < n && cursor_before(heap[r], heap[m]))
			m = r;
		if (m == i)
			return;
		struct ring_cursor *t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

int fn_probe_consume(struct fn_probe *p)
{
	/* Heads first, then the rings up to them: the batch holds what every
	 * CPU had committed at one instant. Each ring is in time order; the
	 * rings are merged by time (a heap of their next events), so a batch
	 * comes out in time order and JavaScript need not sort it. */
	struct ring_cursor cursors[p->ncpus];
	struct ring_cursor *heap[p->ncpus];
	uint64_t mask = p->ring_bytes - 1;
	int live = 0;
	for (int cpu = 0; cpu < p->ncpus; cpu++) {
		struct ring_cursor *c = &cursors[cpu];
		c->ring = p->rings + (size_t)cpu * p->ring_stride;
		c->data = c->ring + RING_HEADER_SIZE;
		c->head = __atomic_load_n(ring_head(c->ring), __ATOMIC_ACQUIRE);
		c->tail = *ring_tail(c->ring);
		if (c->tail >= c->head)
			continue;
		c->ts = event_ts(c->data + (c->tail & mask));
		heap[live++] = c;
	}
	for (int i = live / 2 - 1; i >= 0; i--)
		heap_down(heap, live, i);
	int n = 0;
	while (live > 0) {
		struct ring_cursor *c = heap[0];
		const uint8_t *event = c->data + (c->tail & mask);
		uint32_t len;
		memcpy(&len, event + EVENT_LEN_OFFSET, sizeof(len));
		if (len < EVENT_HEADER_SIZE || len > MAX_EVENT_SIZE || len > c->head - c->tail) {
			/* cannot happen unless memory is corrupt: skip what is left, counted */
			p->n_corrupt++;
			c->tail = c->head;
		} else {
			p->cb(p->cb_ctx, (uint16_t)(c - cursors), event, len);
			c->tail += len;
			n++;
			if ((n & (TAIL_STORE_EVERY - 1)) == 0)
				__atomic_store_n(ring_tail(c->ring), c->tail, __ATOMIC_RELEASE);
		}
		if (c->tail < c->head) {
			c->ts = event_ts(c->data + (c->tail & mask));
		} else {
			__atomic_store_n(ring_tail(c->ring), c->tail, __ATOMIC_RELEASE);
			heap[0] = heap[--live];
		}
		heap_down(heap, live, 0);
	}
	return n;
}

void fn_probe_close(struct fn_probe *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n_links; i++)
		bpf_link__destroy(p->links[i]);
	free(p->links);
	if (p->rings)
		munmap(p->rings, p->rings_len);
	bpf_object__close(p->obj);
	free(p->object);
	free(p);
}
