/* Node-API binding of the live probe: open(options) returns a Handle whose
 * start(onBatch) polls the rings on a thread of its own and hands batches of
 * scap event blocks to JavaScript through a thread-safe function, so the
 * event loop never waits on the kernel.
 *
 * Backpressure: batches are queued non-blockingly (at most QUEUE_MAX); when
 * JavaScript falls behind, the poll thread fills the batch it holds to its
 * capacity, then waits; the rings fill, and the probe counts what it then
 * drops (stats().nDropsBuffer). Nothing is lost silently.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <node_api.h>

#include "batch.h"
#include "loader.h"

#define BATCH_CAP (1u << 20)   /* bytes per batch; an event block is at most ~64 KiB */
#define QUEUE_MAX 256          /* batches waiting for JavaScript, at most */
#define IN_FLIGHT_MAX (16u << 20) /* bytes of batches waiting for JavaScript, at most */
/* The probe does not wake user space per event (that would cost the traced
 * threads more than the capture itself), so the rings are drained on a
 * timer: soon again after a drain that found events, so they gather into
 * large batches, later when idle. These bound the delivery latency and how
 * long close() waits for the thread. */
#define DRAIN_BUSY_NS 1000000L  /* 1 ms */
#define DRAIN_IDLE_NS 10000000L /* 10 ms */

/* The CPU the JavaScript thread took its first batch on (-1: none yet). The
 * poll thread pins itself to it. A poll thread free to run
 * anywhere woke every millisecond on whatever CPU a traced program was using,
 * preempted it, and woke the JavaScript thread there too: on the 2-CPU
 * live-overhead workload, 0.02-0.04 s of run-queue wait and slower fork+exec
 * children (about 0.06 s of 2.4). Following the JavaScript thread from CPU to
 * CPU did as well there, but under saturation the scheduler then kept moving
 * the two, and 3.6% of the events were dropped instead of 1.8% (median of 3).
 * The JavaScript thread itself stays free to migrate. */
static atomic_int js_cpu = -1;

/* Bytes of the batches handed to JavaScript and not yet taken (process-wide:
 * a batch may be taken after its handle is gone). */
static atomic_size_t in_flight;

struct handle {
	struct fn_probe *probe;
	napi_env env;
	napi_threadsafe_function tsfn;
	pthread_t thread;
	atomic_bool running;
	bool started;
	bool cleanup_hook;
	napi_ref self_ref;     /* keeps a started handle from being collected */
	struct fn_batch batch; /* being filled by the poll thread */
	atomic_uint_least64_t lost; /* events read from a ring that no batch could hold */
};

/* ---- errors ---- */

#define CHECK(env, call)                                                                  \
	do {                                                                               \
		if ((call) != napi_ok) {                                                       \
			throw_last(env, #call);                                                \
			return NULL;                                                           \
		}                                                                              \
	} while (0)

static void throw_last(napi_env env, const char *what)
{
	bool pending = false;
	napi_is_exception_pending(env, &pending);
	if (pending)
		return;
	const napi_extended_error_info *info = NULL;
	napi_get_last_error_info(env, &info);
	char msg[512];
	snprintf(msg, sizeof(msg), "falconet_native: %s failed: %s", what,
		 info && info->error_message ? info->error_message : "unknown error");
	napi_throw_error(env, NULL, msg);
}

static napi_value throw_type(napi_env env, const char *msg)
{
	napi_throw_type_error(env, NULL, msg);
	return NULL;
}

static void sleep_ns(long ns)
{
	struct timespec pause = {ns / 1000000000L, ns % 1000000000L};
	nanosleep(&pause, NULL);
}

/* ---- batch buffers ---- */

/* Batch buffers are handed back by the JavaScript thread and reused rather
 * than freed: a 1 MiB malloc is an mmap and its free an munmap, which made
 * every drain fault in fresh pages and shoot down TLB entries on the other
 * CPUs. Process-wide (a batch may be freed after its handle). */
#define POOL_MAX 4
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *pool[POOL_MAX];
static int pool_len;

static uint8_t *buffer_take(void)
{
	uint8_t *b = NULL;
	pthread_mutex_lock(&pool_lock);
	if (pool_len > 0)
		b = pool[--pool_len];
	pthread_mutex_unlock(&pool_lock);
	return b ? b : malloc(BATCH_CAP);
}

static void buffer_give(uint8_t *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&pool_lock);
	if (pool_len < POOL_MAX) {
		pool[pool_len++] = b;
		b = NULL;
	}
	pthread_mutex_unlock(&pool_lock);
	free(b);
}

/* ---- the poll thread ---- */

/* Hands the current batch to JavaScript. When IN_FLIGHT_MAX bytes (or
 * QUEUE_MAX batches) already wait, a batch with room left is kept and filled
 * further (wait false), and a full one waits (wait true). So a stalled
 * JavaScript thread (a long compile or collection) has the rings and 16 MiB
 * more to catch up in: with 16 queued batches of 1 ms each, 800k events/s
 * dropped 1% on per-CPU rings. */
static void deliver(struct handle *h, bool wait)
{
	if (h->batch.count == 0)
		return;
	while (atomic_load(&in_flight) + h->batch.len > IN_FLIGHT_MAX) {
		if (!wait || !atomic_load(&h->running))
			return;
		sleep_ns(1000000);
	}
	struct fn_batch *out = malloc(sizeof(*out));
	if (!out)
		return;
	*out = h->batch;
	atomic_fetch_add(&in_flight, out->len);
	for (;;) {
		napi_status st = napi_call_threadsafe_function(h->tsfn, out, napi_tsfn_nonblocking);
		if (st == napi_ok)
			break;
		if (st == napi_queue_full && !wait) {
			atomic_fetch_sub(&in_flight, out->len);
			free(out);
			return;
		}
		if (st == napi_queue_full && atomic_load(&h->running)) {
			sleep_ns(1000000);
			continue;
		}
		atomic_fetch_sub(&in_flight, out->len);
		buffer_give(out->data); /* closing: nobody will take it */
		free(out);
		break;
	}
	h->batch.data = NULL;
	h->batch.len = h->batch.cap = 0;
	h->batch.count = 0;
}

/* One event of the ring of cpu, appended to the batch. */
static void on_event(void *ctx, uint16_t cpu, const uint8_t *event, size_t len)
{
	struct handle *h = ctx;
	size_t need = fn_ev_block_len(len);
	if (h->batch.data && h->batch.len + need > h->batch.cap)
		deliver(h, true);
	if (!h->batch.data) {
		h->batch.cap = BATCH_CAP;
		h->batch.data = buffer_take();
		if (!h->batch.data)
			h->batch.cap = 0;
	}
	if (h->batch.len + need > h->batch.cap) {
		/* out of memory, or closing with JavaScript gone: counted, not silent */
		atomic_fetch_add(&h->lost, 1);
		return;
	}
	fn_batch_append(&h->batch, cpu, event, (uint32_t)len);
}

/* Pins the calling thread to the CPU the JavaScript thread took its first
 * batch on (once; if the kernel refuses, it stays unpinned). */
static void pin_to_js_cpu(int *pinned)
{
	int cpu = atomic_load(&js_cpu);
	if (*pinned || cpu < 0)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	(void)sched_setaffinity(0, sizeof(set), &set);
	*pinned = 1;
}

static void *poll_main(void *arg)
{
	struct handle *h = arg;
	int pinned = 0;
	pthread_setname_np(pthread_self(), "falconet-poll");
	while (atomic_load(&h->running)) {
		pin_to_js_cpu(&pinned);
		int n = fn_probe_consume(h->probe);
		deliver(h, false);
		sleep_ns(n > 0 ? DRAIN_BUSY_NS : DRAIN_IDLE_NS);
	}
	deliver(h, true);
	buffer_give(h->batch.data);
	h->batch.data = NULL;
	return NULL;
}

/* Runs on the JavaScript thread for each batch; env is NULL at teardown. */
static void call_js(napi_env env, napi_value js_cb, void *context, void *data)
{
	struct fn_batch *b = data;
	(void)context;
	if (env && js_cb) {
		if (atomic_load(&js_cpu) < 0)
			atomic_store(&js_cpu, sched_getcpu());
		napi_value buf, undefined;
		void *copy;
		/* a copy lets V8 account the memory; it costs far less than decoding */
		if (napi_create_buffer_copy(env, b->len, b->data, &copy, &buf) == napi_ok &&
		    napi_get_undefined(env, &undefined) == napi_ok)
			napi_call_function(env, undefined, js_cb, 1, &buf, NULL);
	}
	atomic_fetch_sub(&in_flight, b->len);
	buffer_give(b->data);
	free(b);
}

/* ---- lifecycle ---- */

static void stop_thread(struct handle *h)
{
	if (!h->started)
		return;
	atomic_store(&h->running, false);
	pthread_join(h->thread, NULL);
	h->started = false;
}

static void close_handle(struct handle *h, bool release_tsfn)
{
	stop_thread(h);
	if (h->tsfn) {
		if (release_tsfn)
			napi_release_threadsafe_function(h->tsfn, napi_tsfn_release);
		h->tsfn = NULL;
	}
	if (h->probe) {
		fn_probe_close(h->probe); /* detaches: the links are gone once this returns */
		h->probe = NULL;
	}
}

/* Process exit without close(): detach anyway. */
static void env_cleanup(void *arg)
{
	struct handle *h = arg;
	h->cleanup_hook = false;
	close_handle(h, false);
}

static void finalize_handle(napi_env env, void *data, void *hint)
{
	struct handle *h = data;
	(void)hint;
	if (h->cleanup_hook)
		napi_remove_env_cleanup_hook(env, env_cleanup, h);
	close_handle(h, true);
	free(h);
}

static struct handle *this_handle_self(napi_env env, napi_callback_info info, size_t *argc,
				       napi_value *argv, napi_value *self_out)
{
	napi_value self;
	void *data = NULL;
	if (napi_get_cb_info(env, info, argc, argv, &self, NULL) != napi_ok ||
	    napi_unwrap(env, self, &data) != napi_ok) {
		napi_throw_type_error(env, NULL, "not a falconet_native handle");
		return NULL;
	}
	if (self_out)
		*self_out = self;
	return data;
}

static struct handle *this_handle(napi_env env, napi_callback_info info, size_t *argc,
				  napi_value *argv)
{
	return this_handle_self(env, info, argc, argv, NULL);
}

static void drop_self_ref(napi_env env, struct handle *h)
{
	if (h->self_ref) {
		napi_delete_reference(env, h->self_ref);
		h->self_ref = NULL;
	}
}

/* ---- option parsing ---- */

static bool get_prop(napi_env env, napi_value obj, const char *name, napi_value *out)
{
	bool has = false;
	napi_has_named_property(env, obj, name, &has);
	if (!has)
		return false;
	napi_get_named_property(env, obj, name, out);
	napi_valuetype t;
	napi_typeof(env, *out, &t);
	return t != napi_undefined;
}

static bool get_u32(napi_env env, napi_value obj, const char *name, uint32_t *out)
{
	napi_value v;
	double d;
	if (!get_prop(env, obj, name, &v) || napi_get_value_double(env, v, &d) != napi_ok || d < 0 ||
	    d > 4294967295.0 || d != (double)(uint64_t)d)
		return false;
	*out = (uint32_t)d;
	return true;
}

static bool get_typed(napi_env env, napi_value obj, const char *name, napi_typedarray_type want,
		      void **data, size_t *len)
{
	napi_value v;
	bool is = false;
	napi_typedarray_type type;
	if (!get_prop(env, obj, name, &v) || napi_is_typedarray(env, v, &is) != napi_ok || !is)
		return false;
	if (napi_get_typedarray_info(env, v, &type, len, data, NULL, NULL) != napi_ok)
		return false;
	return type == want;
}

/* ---- exported functions ---- */

static napi_value handle_start(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], self;
	struct handle *h = this_handle_self(env, info, &argc, argv, &self);
	if (!h)
		return NULL;
	napi_valuetype t = napi_undefined;
	if (argc < 1 || napi_typeof(env, argv[0], &t) != napi_ok || t != napi_function)
		return throw_type(env, "start(onBatch): onBatch must be a function");
	if (!h->probe)
		return throw_type(env, "start(): the handle is closed");
	if (h->started)
		return throw_type(env, "start(): already started");
	napi_value name;
	CHECK(env, napi_create_string_utf8(env, "falconet live batches", NAPI_AUTO_LENGTH, &name));
	CHECK(env, napi_create_threadsafe_function(env, argv[0], NULL, name, QUEUE_MAX, 1, NULL, NULL,
						    NULL, call_js, &h->tsfn));
	atomic_store(&h->running, true);
	if (pthread_create(&h->thread, NULL, poll_main, h) != 0) {
		atomic_store(&h->running, false);
		napi_release_threadsafe_function(h->tsfn, napi_tsfn_release);
		h->tsfn = NULL;
		napi_throw_error(env, NULL, "falconet_native: cannot start the poll thread");
		return NULL;
	}
	h->started = true;
	napi_create_reference(env, self, 1, &h->self_ref);
	return NULL;
}

static napi_value handle_set_interesting(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	struct handle *h = this_handle(env, info, &argc, argv);
	if (!h)
		return NULL;
	bool is = false;
	napi_typedarray_type type;
	void *data;
	size_t len;
	if (argc < 1 || napi_is_typedarray(env, argv[0], &is) != napi_ok || !is ||
	    napi_get_typedarray_info(env, argv[0], &type, &len, &data, NULL, NULL) != napi_ok ||
	    type != napi_uint8_array)
		return throw_type(env, "setInteresting(table): table must be a Uint8Array indexed by "
				       "syscall number");
	if (!h->probe)
		return throw_type(env, "setInteresting(): the handle is closed");
	char err[256];
	if (fn_probe_set_interesting(h->probe, data, len, err, sizeof(err))) {
		napi_throw_error(env, NULL, err);
		return NULL;
	}
	return NULL;
}

static napi_value counters_object(napi_env env, const struct fn_counters *c)
{
	napi_value obj, v;
	if (napi_create_object(env, &obj) != napi_ok)
		return NULL;
	const struct {
		const char *name;
		uint64_t value;
	} fields[] = {
		{"nEvts", c->n_evts},
		{"nDropsBuffer", c->n_drops_buffer},
		{"nDropsMaxEventSize", c->n_drops_max_event_size},
		{"nDropsOther", c->n_drops_other},
	};
	for (size_t i = 0; i < 4; i++) {
		if (napi_create_bigint_uint64(env, fields[i].value, &v) != napi_ok ||
		    napi_set_named_property(env, obj, fields[i].name, v) != napi_ok)
			return NULL;
	}
	return obj;
}

static napi_value handle_stats(napi_env env, napi_callback_info info)
{
	size_t argc = 0;
	struct handle *h = this_handle(env, info, &argc, NULL);
	if (!h)
		return NULL;
	if (!h->probe)
		return throw_type(env, "stats(): the handle is closed");
	int ncpus = fn_probe_ncpus(h->probe);
	struct fn_counters total, *per = calloc(ncpus, sizeof(*per));
	if (!per || fn_probe_counters(h->probe, &total, per)) {
		free(per);
		napi_throw_error(env, NULL, "falconet_native: cannot read the probe counters");
		return NULL;
	}
	/* events taken from the rings that no batch could hold (no memory) */
	total.n_drops_other += atomic_load(&h->lost);
	napi_value obj = counters_object(env, &total), arr;
	bool ok = obj && napi_create_array_with_length(env, ncpus, &arr) == napi_ok;
	for (int i = 0; ok && i < ncpus; i++) {
		napi_value one = counters_object(env, &per[i]);
		ok = one && napi_set_element(env, arr, i, one) == napi_ok;
	}
	free(per);
	if (!ok || napi_set_named_property(env, obj, "perCpu", arr) != napi_ok) {
		throw_last(env, "stats()");
		return NULL;
	}
	return obj;
}

static napi_value handle_close(napi_env env, napi_callback_info info)
{
	size_t argc = 0;
	struct handle *h = this_handle(env, info, &argc, NULL);
	if (!h)
		return NULL;
	if (h->cleanup_hook) {
		napi_remove_env_cleanup_hook(env, env_cleanup, h);
		h->cleanup_hook = false;
	}
	close_handle(h, true);
	drop_self_ref(env, h);
	return NULL;
}

static napi_value js_open(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], ctor;
	CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	napi_valuetype t = napi_undefined;
	if (argc < 1 || napi_typeof(env, argv[0], &t) != napi_ok || t != napi_object)
		return throw_type(env, "open(options): options must be an object");
	napi_value o = argv[0];

	char path[4096];
	size_t path_len = 0;
	napi_value v;
	if (!get_prop(env, o, "probePath", &v) ||
	    napi_get_value_string_utf8(env, v, path, sizeof(path), &path_len) != napi_ok)
		return throw_type(env, "open(options): probePath must be a string");

	struct fn_options opts = {.probe_path = path, .flags = FN_SETTINGS_PROCEXIT};
	char compat_path[4096];
	size_t compat_len = 0;
	if (get_prop(env, o, "compatProbePath", &v)) {
		if (napi_get_value_string_utf8(env, v, compat_path, sizeof(compat_path), &compat_len) !=
		    napi_ok)
			return throw_type(env, "open(options): compatProbePath must be a string");
		opts.compat_probe_path = compat_path;
	}
	uint32_t buf_size = 0;
	void *interesting = NULL, *ppm_sc = NULL;
	if (!get_u32(env, o, "cpusForEachBuffer", &opts.cpus_for_each_buffer))
		return throw_type(env, "open(options): cpusForEachBuffer must be an integer >= 0");
	if (!get_u32(env, o, "bufSizeBytes", &buf_size))
		return throw_type(env, "open(options): bufSizeBytes must be an integer");
	opts.buf_size_bytes = buf_size;
	if (!get_typed(env, o, "interesting", napi_uint8_array, &interesting, &opts.n_interesting))
		return throw_type(env, "open(options): interesting must be a Uint8Array indexed by "
				       "syscall number");
	opts.interesting = interesting;
	if (!get_u32(env, o, "excludeTgid", &opts.exclude_tgid))
		return throw_type(env, "open(options): excludeTgid must be an integer");
	if (!get_u32(env, o, "snaplen", &opts.snaplen))
		return throw_type(env, "open(options): snaplen must be an integer");
	if (get_prop(env, o, "ppmSc", &v)) {
		if (!get_typed(env, o, "ppmSc", napi_uint16_array, &ppm_sc, &opts.n_ppm_sc))
			return throw_type(env, "open(options): ppmSc must be a Uint16Array");
		opts.ppm_sc = ppm_sc;
	}
	if (get_prop(env, o, "procexit", &v)) {
		bool on = true;
		if (napi_get_value_bool(env, v, &on) != napi_ok)
			return throw_type(env, "open(options): procexit must be a boolean");
		if (!on)
			opts.flags &= ~FN_SETTINGS_PROCEXIT;
	}

	struct handle *h = calloc(1, sizeof(*h));
	if (!h)
		return throw_type(env, "open(): out of memory");
	h->env = env;
	char err[2048];
	h->probe = fn_probe_open(&opts, on_event, h, err, sizeof(err));
	if (!h->probe) {
		free(h);
		napi_throw_error(env, NULL, err);
		return NULL;
	}

	napi_value *ctor_ref_data = NULL;
	napi_ref ctor_ref;
	CHECK(env, napi_get_instance_data(env, (void **)&ctor_ref_data));
	ctor_ref = (napi_ref)ctor_ref_data;
	CHECK(env, napi_get_reference_value(env, ctor_ref, &ctor));
	napi_value self;
	if (napi_new_instance(env, ctor, 0, NULL, &self) != napi_ok ||
	    napi_wrap(env, self, h, finalize_handle, NULL, NULL) != napi_ok) {
		fn_probe_close(h->probe);
		free(h);
		throw_last(env, "open()");
		return NULL;
	}
	if (napi_add_env_cleanup_hook(env, env_cleanup, h) == napi_ok)
		h->cleanup_hook = true;
	napi_value object;
	if (napi_create_string_utf8(env, fn_probe_object(h->probe), NAPI_AUTO_LENGTH, &object) == napi_ok)
		napi_set_named_property(env, self, "probeObject", object);
	napi_value ring_bytes;
	if (napi_create_double(env, (double)fn_probe_ring_bytes(h->probe), &ring_bytes) == napi_ok)
		napi_set_named_property(env, self, "ringBytesPerCpu", ring_bytes);
	return self;
}

static napi_value handle_ctor(napi_env env, napi_callback_info info)
{
	napi_value self;
	napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
	return self;
}

static void delete_ctor_ref(napi_env env, void *data, void *hint)
{
	(void)hint;
	napi_delete_reference(env, (napi_ref)data);
}

static napi_value init(napi_env env, napi_value exports)
{
	/* Batches (up to BATCH_CAP, on the poll thread) and their JavaScript
	 * copies are large, short-lived blocks. With glibc's default, freeing one
	 * raises the mmap threshold above their size, after which they are carved
	 * from the arenas, which keep the freed memory: the resident set then
	 * grows with every burst. A fixed threshold keeps them mapped and
	 * returned to the kernel when freed. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	napi_property_descriptor methods[] = {
		{"start", NULL, handle_start, NULL, NULL, NULL, napi_default_method, NULL},
		{"setInteresting", NULL, handle_set_interesting, NULL, NULL, NULL, napi_default_method,
		 NULL},
		{"stats", NULL, handle_stats, NULL, NULL, NULL, napi_default_method, NULL},
		{"close", NULL, handle_close, NULL, NULL, NULL, napi_default_method, NULL},
	};
	napi_value ctor, open_fn;
	napi_ref ctor_ref;
	CHECK(env, napi_define_class(env, "Handle", NAPI_AUTO_LENGTH, handle_ctor, NULL,
				     sizeof(methods) / sizeof(methods[0]), methods, &ctor));
	CHECK(env, napi_create_reference(env, ctor, 1, &ctor_ref));
	CHECK(env, napi_set_instance_data(env, ctor_ref, delete_ctor_ref, NULL));
	CHECK(env, napi_create_function(env, "open", NAPI_AUTO_LENGTH, js_open, NULL, &open_fn));
	CHECK(env, napi_set_named_property(env, exports, "open", open_fn));
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
