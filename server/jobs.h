/* jobs.h - a FIFO of requests and the worker threads that run them, so that
 * no handler blocks libmicrohttpd's I/O threads (httpd.c suspends a
 * connection, pushes its request, and the worker resumes it when done).
 *
 * Items are intrusive (struct job inside the caller's struct): pushing never
 * allocates, and the queue owns nothing. */
#ifndef SAYWHO_JOBS_H
#define SAYWHO_JOBS_H

#include <stddef.h>
#include <time.h>

struct job {
  struct job *next;
  struct timespec queued; /* set by jobs_push (CLOCK_MONOTONIC) */
};

typedef void (*job_fn)(struct job *item);

struct jobs;

/* Starts workers threads, each running run(item) for one item at a time.
 * With max_wait_ms > 0 a watchman thread hands every item that waited that
 * long without a free worker to expire(item) instead, so that a queue behind
 * busy workers answers in bounded time. NULL with a message in err when the
 * threads cannot start. */
struct jobs *jobs_start(unsigned workers, job_fn run, job_fn expire, unsigned max_wait_ms,
                        char *err, size_t errlen);

/* Queues item for the next free worker; after jobs_stop(), hands it to that
 * call's drop(item) at once instead (a late push during shutdown). */
void jobs_push(struct jobs *j, struct job *item);

/* Stops: every item still queued goes to drop(item) on the calling thread,
 * items being run finish, the workers are joined. j stays valid (pushes are
 * dropped) until jobs_free(). */
void jobs_stop(struct jobs *j, job_fn drop);

/* Frees a stopped j; NULL is a no-op. */
void jobs_free(struct jobs *j);

#endif
