/*
 * Syscall-heavy workload for the live-overhead benchmark: a fixed number of
 * iterations of open/read/close of a small file plus stat, and every
 * FORK_EVERY iterations a fork+exec of /bin/true (so process events and
 * exec-related rules are exercised too). Fixed work, so wall time compares
 * across settings.
 *
 *   syscalls FILE ITERATIONS FORK_EVERY
 *
 * Prints "CALLS SECONDS USER SYS WAIT": the system calls it issued (the
 * forked children's own calls not counted), the loop's wall time (measured
 * here so process start-up and the parent's spawn latency stay out of it),
 * its own user and system CPU seconds, which other load on the machine
 * disturbs less than wall time (in-kernel probe work shows up as system
 * time), and the seconds it sat runnable waiting for a CPU (run-queue delay
 * from /proc/self/schedstat; -1 if the kernel does not provide it).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s FILE ITERATIONS FORK_EVERY\n", argv[0]);
    return 2;
  }
  const char *file = argv[1];
  long iterations = atol(argv[2]);
  long forkEvery = atol(argv[3]);
  char buf[256];
  struct stat st;
  unsigned long calls = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < iterations; i++) {
    int fd = open(file, O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    if (read(fd, buf, sizeof buf) < 0) { perror("read"); return 1; }
    close(fd);
    if (stat(file, &st) != 0) { perror("stat"); return 1; }
    calls += 4;
    if (forkEvery > 0 && i % forkEvery == 0) {
      pid_t pid = fork();
      if (pid < 0) { perror("fork"); return 1; }
      if (pid == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(127);
      }
      int status;
      if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "/bin/true failed\n");
        return 1;
      }
      calls += 2;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  /* Second field of schedstat: nanoseconds spent runnable on a run queue. */
  double wait = -1;
  FILE *sched = fopen("/proc/self/schedstat", "r");
  unsigned long long runNs, waitNs;
  if (sched != NULL && fscanf(sched, "%llu %llu", &runNs, &waitNs) == 2) wait = (double)waitNs / 1e9;
  if (sched != NULL) fclose(sched);
  printf("%lu %.6f %.6f %.6f %.6f\n", calls, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
         (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6, wait);
  return 0;
}
