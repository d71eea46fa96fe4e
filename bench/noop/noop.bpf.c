/*
 * The floor of the live-overhead benchmark: two BPF programs that do nothing,
 * attached where falconet's probe attaches (BTF-typed raw_syscalls
 * sys_enter/sys_exit), so their cost is only the tracepoint + BPF call.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tp_btf/sys_enter")
int noop_sys_enter(void *ctx) { return 0; }

SEC("tp_btf/sys_exit")
int noop_sys_exit(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "Dual MIT/GPL";
