/*
 * Loads an eBPF object, attaches every program in it, prints "attached" and
 * keeps the links until stdin closes or SIGINT/SIGTERM arrives. Holding links
 * in a process (rather than pinning) means nothing stays attached if the
 * benchmark dies.
 *
 *   noop-loader OBJECT
 */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void onSignal(int sig) { (void)sig; stop = 1; }

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OBJECT\n", argv[0]);
    return 2;
  }
  struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
  if (obj == NULL || libbpf_get_error(obj)) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
  if (bpf_object__load(obj) != 0) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
  struct bpf_program *prog;
  int attached = 0;
  bpf_object__for_each_program(prog, obj) {
    struct bpf_link *link = bpf_program__attach(prog);
    if (link == NULL || libbpf_get_error(link)) {
      fprintf(stderr, "cannot attach %s\n", bpf_program__name(prog));
      return 1;
    }
    attached++;
  }
  signal(SIGINT, onSignal);
  signal(SIGTERM, onSignal);
  printf("attached %d programs\n", attached);
  fflush(stdout);
  /* stdin closing (the benchmark exited) also ends the hold. */
  char c;
  while (!stop && read(0, &c, 1) > 0) {}
  bpf_object__close(obj);
  return 0;
}
