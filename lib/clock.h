/* clock.h - differences of CLOCK_MONOTONIC times, the one clock saywho's
 * deadlines, queues and latency figures use. */
#ifndef SAYWHO_CLOCK_H
#define SAYWHO_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Milliseconds from a to b (negative when b is earlier), truncated. */
long long clock_ms_between(const struct timespec *a, const struct timespec *b);

/* t in nanoseconds, and CLOCK_MONOTONIC now in nanoseconds: one integer to
 * compare and to keep in an atomic. */
uint64_t clock_ns(const struct timespec *t);
uint64_t clock_now_ns(void);

/* Seconds since t0 (CLOCK_MONOTONIC), with the nanoseconds. */
double clock_seconds_since(const struct timespec *t0);

#endif
