/* Loading, configuring and reading the eBPF probe with libbpf. No Node-API
 * here: addon.c wraps this for JavaScript. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define FN_SYSCALL_TABLE_SIZE 512

/* settings.flags bits (driver/src/defs.h) */
#define FN_SETTINGS_PROCEXIT (1u << 0)

struct fn_probe;

struct fn_options {
	const char *probe_path;
	/* Loaded instead of probe_path when the kernel lacks the kfuncs that
	 * object calls (bpf_rdonly_cast, Linux < 6.2); may be NULL. */
	const char *compat_probe_path;
	/* Falco's buffer settings, which size the per-CPU rings: buf_size_bytes
	 * (a power of 2, multiple of the page size) for each group of
	 * cpus_for_each_buffer CPUs (0: one group of all CPUs). */
	uint32_t cpus_for_each_buffer;
	uint64_t buf_size_bytes;
	const uint8_t *interesting;    /* syscall number -> 1 to capture */
	size_t n_interesting;
	const uint16_t *ppm_sc;        /* syscall number -> libs ppm_sc code (generic events); may be NULL */
	size_t n_ppm_sc;
	uint32_t exclude_tgid;
	uint32_t snaplen;
	uint32_t flags;                /* FN_SETTINGS_* */
};

struct fn_counters {
	uint64_t n_evts;
	uint64_t n_drops_buffer;
	uint64_t n_drops_max_event_size;
	uint64_t n_drops_other;
};

/* Called for each event (a scap event of len bytes) that the probe wrote on cpu. */
typedef void (*fn_record_cb)(void *ctx, uint16_t cpu, const uint8_t *event, size_t len);

/* Loads and attaches the probe. On failure returns NULL and writes a
 * message naming the cause and the fix into err. */
struct fn_probe *fn_probe_open(const struct fn_options *opts, fn_record_cb cb, void *cb_ctx,
			       char *err, size_t err_len);

int fn_probe_set_interesting(struct fn_probe *p, const uint8_t *interesting, size_t n, char *err,
			     size_t err_len);

/* Number of CPUs the per-CPU counters cover. */
int fn_probe_ncpus(const struct fn_probe *p);

/* Fills per_cpu[0..ncpus) (may be NULL) and total. 0 on success. */
int fn_probe_counters(struct fn_probe *p, struct fn_counters *total, struct fn_counters *per_cpu);

/* Hands every event available now to the callback, without waiting, in
 * time order across CPUs, and frees their ring space. Returns the number
 * of events. */
int fn_probe_consume(struct fn_probe *p);

/* Bytes of each CPU's ring. */
uint64_t fn_probe_ring_bytes(const struct fn_probe *p);

/* The object that was loaded (probe_path or compat_probe_path). */
const char *fn_probe_object(const struct fn_probe *p);

/* Detaches every program and frees everything. */
void fn_probe_close(struct fn_probe *p);
