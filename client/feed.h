/* feed.h - the articles of an import, one at a time: each file the walk
 * finds, read into a capped buffer, and each line of NDJSON on stdin.
 *
 * Memory stays bounded: a job holds one body (at most max_bytes), the walk
 * holds one path per open directory, stdin is read line by line. */
#ifndef SAYWHO_CLIENT_FEED_H
#define SAYWHO_CLIENT_FEED_H

#include <stdio.h>

#include "dynbuf.h"
#include "walk.h"

#define FEED_LABEL_MAX (WALK_PATH_MAX + 32u)
#define FEED_PROBLEM_MAX 256u

enum feed_type { FEED_TEXT, FEED_JSON };

/* One article to post. The caller owns it and its body; feed_job_init()
 * before the first feed_next(), feed_job_free() after the last. */
struct feed_job {
  char label[FEED_LABEL_MAX];     /* the file's path, or "-:LINE" for stdin */
  enum feed_type type;            /* how it is posted */
  struct dynbuf body;             /* the bytes to post */
  char problem[FEED_PROBLEM_MAX]; /* non-empty: could not be read, not to be posted */
};

void feed_job_init(struct feed_job *job, size_t max_bytes);
void feed_job_free(struct feed_job *job);

struct feed;

/* A feed over the PATHs (which must outlive it); "-" reads in (stdin). Bodies
 * larger than max_bytes become problems. NULL when out of memory. */
struct feed *feed_open(char *const *paths, size_t n, FILE *in, size_t max_bytes);

/* Fills *job with the next article: 1, or 0 when there are no more. A job
 * with a problem counts as an article (one to report). */
int feed_next(struct feed *f, struct feed_job *job);

void feed_close(struct feed *f);

#endif
