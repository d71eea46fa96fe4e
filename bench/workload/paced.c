/*
 * Paced syscall load for the live-throughput benchmark: open+close of a
 * small file (two events the official rulesets capture, with a path to read
 * and an fd to track) at a given rate for a given time. The pace is kept by
 * checking the clock every few iterations and sleeping off any lead, so
 * bursts stay short.
 *
 *   paced FILE EVENTS_PER_SECOND SECONDS
 *
 * Prints "EVENTS SECONDS": the open/close calls made and the wall time.
 * Exits 3 when it could not keep up (below 98% of the asked rate), so a
 * benchmark never reports a rate the generator itself did not reach.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s FILE EVENTS_PER_SECOND SECONDS\n", argv[0]);
    return 2;
  }
  const char *file = argv[1];
  double rate = atof(argv[2]);
  double seconds = atof(argv[3]);
  if (rate <= 0 || seconds <= 0) {
    fprintf(stderr, "rate and seconds must be positive\n");
    return 2;
  }
  double per_iteration = 2.0 / rate; /* two events per iteration */
  unsigned long events = 0;
  double t0 = now(), t = t0;
  for (unsigned long i = 0; t - t0 < seconds; i++) {
    int fd = open(file, O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    close(fd);
    events += 2;
    if ((i & 63) == 63) {
      t = now();
      double lead = t0 + (i + 1) * per_iteration - t;
      if (lead > 0) {
        struct timespec d = {(time_t)lead, (long)((lead - (time_t)lead) * 1e9)};
        nanosleep(&d, NULL);
        t = now();
      }
    }
  }
  double elapsed = now() - t0;
  printf("%lu %.6f\n", events, elapsed);
  return events / elapsed < 0.98 * rate ? 3 : 0;
}
