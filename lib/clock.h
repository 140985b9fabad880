/* clock.h - differences of CLOCK_MONOTONIC times, the one clock saywho's
 * deadlines, queues and latency figures use. */
#ifndef SAYWHO_CLOCK_H
#define SAYWHO_CLOCK_H

#include <time.h>

/* Milliseconds from a to b (negative when b is earlier), truncated. */
long long clock_ms_between(const struct timespec *a, const struct timespec *b);

/* Seconds since t0 (CLOCK_MONOTONIC), with the nanoseconds. */
double clock_seconds_since(const struct timespec *t0);

#endif
