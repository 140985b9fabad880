/* feed.c - the articles of an import: files read with a cap, NDJSON lines. */
#include "feed.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct feed {
  struct walk *walk;
  FILE *in;         /* stdin, for "-" */
  bool reading_in;  /* inside the NDJSON of "-" */
  size_t line;      /* the last line read from in */
  size_t max_bytes;
};

void feed_job_init(struct feed_job *job, size_t max_bytes)
{
  memset(job, 0, sizeof *job);
  /* dynbuf holds max - 1 bytes: one more, so a body of exactly max_bytes fits. */
  dynbuf_init(&job->body, max_bytes + 1);
}

void feed_job_free(struct feed_job *job)
{
  dynbuf_free(&job->body);
}

struct feed *feed_open(char *const *paths, size_t n, FILE *in, size_t max_bytes)
{
  struct feed *f = calloc(1, sizeof *f);
  if (f == NULL)
    return NULL;
  f->walk = walk_open(paths, n);
  if (f->walk == NULL) {
    free(f);
    return NULL;
  }
  f->in = in;
  f->max_bytes = max_bytes;
  return f;
}

void feed_close(struct feed *f)
{
  if (f == NULL)
    return;
  walk_close(f->walk);
  free(f);
}

static void set_problem(struct feed_job *job, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_problem(struct feed_job *job, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(job->problem, sizeof job->problem, fmt, ap);
  va_end(ap);
}

/* A fresh job: label set, body emptied (its allocation kept), no problem. A
 * previous failure of the body (too big) is cleared by freeing it. */
static void job_reset(struct feed_job *job, const char *label, enum feed_type type)
{
  snprintf(job->label, sizeof job->label, "%s", label);
  job->type = type;
  job->problem[0] = '\0';
  if (job->body.failed)
    dynbuf_free(&job->body);
  else
    dynbuf_reset(&job->body);
}

/* Reads the file at job->label into job->body, or sets job->problem. */
static void read_file(const struct feed *f, struct feed_job *job)
{
  char chunk[65536];
  struct stat st;
  int fd = open(job->label, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0) {
    /* NOLINTNEXTLINE(concurrency-mt-unsafe): the import reads on one thread */
    set_problem(job, "cannot read: %s", strerror(errno));
    goto out;
  }
  if ((size_t)st.st_size > f->max_bytes) {
    set_problem(job, "larger than %zu bytes (%lld)", f->max_bytes, (long long)st.st_size);
    goto out;
  }
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      /* NOLINTNEXTLINE(concurrency-mt-unsafe): likewise */
      set_problem(job, "cannot read: %s", strerror(errno));
      goto out;
    }
    if (n == 0)
      break;
    if (dynbuf_add(&job->body, chunk, (size_t)n) != 0) {
      set_problem(job, "%s", job->body.too_big ? "grew past the size limit while read"
                                               : "out of memory");
      goto out;
    }
  }
out:
  if (fd >= 0)
    close(fd);
}

static bool blank_line(const struct dynbuf *b)
{
  const char *s = dynbuf_str(b);
  for (size_t i = 0; s != NULL && i < b->len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return false;
  return true;
}

/* The next non-blank line of f->in as a job: 1, or 0 at the end of input. */
static int next_line(struct feed *f, struct feed_job *job)
{
  char chunk[8192];
  for (;;) {
    size_t n = 0;
    int c = 0;
    bool any = false;
    job_reset(job, "-", FEED_JSON);
    /* NOLINTNEXTLINE(concurrency-mt-unsafe): only this thread reads in */
    while ((c = getc_unlocked(f->in)) != EOF) {
      any = true;
      if (c == '\n')
        break;
      chunk[n++] = (char)c;
      if (n == sizeof chunk) {
        (void)dynbuf_add(&job->body, chunk, n); /* a failure is read from body below */
        n = 0;
      }
    }
    if (!any)
      return 0;
    (void)dynbuf_add(&job->body, chunk, n);
    f->line++;
    snprintf(job->label, sizeof job->label, "-:%zu", f->line);
    if (job->body.failed) {
      set_problem(job, "%s", job->body.too_big ? "line longer than the size limit"
                                               : "out of memory");
      return 1;
    }
    if (!blank_line(&job->body))
      return 1;
  }
}

int feed_next(struct feed *f, struct feed_job *job)
{
  struct walk_item it;
  for (;;) {
    if (f->reading_in) {
      if (next_line(f, job))
        return 1;
      f->reading_in = false;
    }
    if (!walk_next(f->walk, &it))
      return 0;
    job_reset(job, it.path, it.kind == WALK_JSON ? FEED_JSON : FEED_TEXT);
    switch (it.kind) {
    case WALK_STDIN:
      f->reading_in = true;
      continue;
    case WALK_PROBLEM:
      set_problem(job, "%s", it.problem);
      return 1;
    case WALK_WIRE:
    case WALK_JSON:
      read_file(f, job);
      return 1;
    }
  }
}
