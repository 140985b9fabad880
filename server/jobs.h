/* jobs.h - a FIFO of requests and the worker threads that run them, so that
 * no handler blocks libmicrohttpd's I/O threads (httpd.c suspends a
 * connection, pushes its request, and the worker resumes it when done).
 *
 * Items are intrusive (struct job inside the caller's struct): pushing never
 * allocates, and the queue owns nothing. */
#ifndef SAYWHO_JOBS_H
#define SAYWHO_JOBS_H

#include <stddef.h>

struct job {
  struct job *next;
};

typedef void (*job_fn)(struct job *item);

struct jobs;

/* Starts workers threads, each running run(item) for one item at a time.
 * NULL with a message in err when the threads cannot start. */
struct jobs *jobs_start(unsigned workers, job_fn run, char *err, size_t errlen);

/* Queues item for the next free worker. */
void jobs_push(struct jobs *j, struct job *item);

/* Stops: every item still queued goes to drop(item) on the calling thread,
 * items being run finish, the workers are joined, j is freed. */
void jobs_stop(struct jobs *j, job_fn drop);

#endif
