/* engine_cache.c - a reference-counted roster per speakers-table version. */
#include "engine_cache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../store/speakers.h"

struct engine_ref {
  struct roster *roster;
  long long version;
  unsigned refs; /* users, plus one while it is the cache's current roster */
};

struct engine_cache {
  pthread_mutex_t lock;       /* guards current and every refs count */
  pthread_mutex_t build_lock; /* one rebuild at a time; the others wait for it */
  struct engine_ref *current;
};

struct engine_cache *engine_cache_create(void)
{
  struct engine_cache *c = calloc(1, sizeof *c);
  if (c == NULL)
    return NULL;
  pthread_mutex_init(&c->lock, NULL);
  pthread_mutex_init(&c->build_lock, NULL);
  return c;
}

static void ref_free(struct engine_ref *r)
{
  roster_free(r->roster);
  free(r);
}

void engine_cache_free(struct engine_cache *c)
{
  if (c == NULL)
    return;
  if (c->current != NULL)
    engine_cache_release(c, c->current);
  pthread_mutex_destroy(&c->lock);
  pthread_mutex_destroy(&c->build_lock);
  free(c);
}

const struct roster *engine_ref_roster(const struct engine_ref *ref)
{
  return ref->roster;
}

void engine_cache_release(struct engine_cache *c, struct engine_ref *ref)
{
  if (ref == NULL)
    return;
  pthread_mutex_lock(&c->lock);
  bool last = --ref->refs == 0;
  if (last && c->current == ref)
    c->current = NULL;
  pthread_mutex_unlock(&c->lock);
  if (last)
    ref_free(ref);
}

/* The current roster with a new reference when it is of version v, else NULL. */
static struct engine_ref *take_current(struct engine_cache *c, long long v)
{
  struct engine_ref *r = NULL;
  pthread_mutex_lock(&c->lock);
  if (c->current != NULL && c->current->version == v) {
    r = c->current;
    r->refs++;
  }
  pthread_mutex_unlock(&c->lock);
  return r;
}

/* Compiles every speaker of the table as conn sees it now. */
static struct engine_ref *build(PGconn *conn, struct store_error *e)
{
  struct speaker_row *rows = NULL;
  size_t count = 0;
  struct roster_speaker *speakers = NULL;
  struct engine_ref *r = NULL;
  long long version;
  if (speakers_load_all(conn, &version, &rows, &count, e) != 0)
    return NULL;
  speakers = calloc(count ? count : 1, sizeof *speakers);
  r = calloc(1, sizeof *r);
  if (speakers == NULL || r == NULL) {
    store_fail(e, STORE_FAILED, "out of memory building the speaker roster");
    goto fail;
  }
  for (size_t i = 0; i < count; i++)
    speakers[i] = (struct roster_speaker){rows[i].id, rows[i].name,
                                          (const char *const *)rows[i].aliases,
                                          rows[i].alias_count};
  char err[256];
  if (roster_build(speakers, count, &r->roster, err, sizeof err) != 0) {
    store_fail(e, STORE_FAILED, "building the speaker roster: %s", err);
    goto fail;
  }
  r->version = version;
  r->refs = 1; /* the caller's */
  free(speakers);
  speaker_rows_free(rows, count);
  return r;
fail:
  free(r);
  free(speakers);
  speaker_rows_free(rows, count);
  return NULL;
}

int engine_cache_acquire(struct engine_cache *c, PGconn *conn, struct engine_ref **ref,
                         struct store_error *e)
{
  long long v;
  *ref = NULL;
  if (speakers_state_version(conn, &v, e) != 0)
    return -1;
  if ((*ref = take_current(c, v)) != NULL)
    return 0;
  pthread_mutex_lock(&c->build_lock);
  /* Whoever held build_lock before us may have built this very version. */
  if ((*ref = take_current(c, v)) == NULL && (*ref = build(conn, e)) != NULL) {
    struct engine_ref *old = NULL;
    pthread_mutex_lock(&c->lock);
    old = c->current;
    c->current = *ref;
    (*ref)->refs++; /* the cache's */
    pthread_mutex_unlock(&c->lock);
    engine_cache_release(c, old); /* drops the cache's hold on the replaced roster */
  }
  pthread_mutex_unlock(&c->build_lock);
  return *ref != NULL ? 0 : -1;
}

void extraction_free(struct extraction *x)
{
  free(x->statements);
  free(x->sections);
  free(x->quotes);
  free(x->arena);
  extract_result_free(&x->result);
  *x = (struct extraction){0};
}

/* Copies body[span) into the arena at *pos, NUL-terminated. */
static const char *arena_copy(char *arena, size_t *pos, const char *body, size_t start,
                              size_t end)
{
  char *s = arena + *pos;
  memcpy(s, body + start, end - start);
  s[end - start] = '\0';
  *pos += end - start + 1;
  return s;
}

/* Turns the engine's result (byte spans into body) into NUL-terminated strings. */
static int convert(const struct extract_result *r, const char *body, struct extraction *x)
{
  size_t bytes = 1, quotes = 0;
  for (size_t i = 0; i < r->section_count; i++)
    bytes += r->sections[i].end - r->sections[i].start + 1;
  for (size_t i = 0; i < r->statement_count; i++) {
    const struct statement *s = &r->statements[i];
    bytes += s->end - s->start + 1 + s->evidence.end - s->evidence.start + 1;
    for (size_t q = 0; q < s->quote_count; q++)
      bytes += s->quotes[q].end - s->quotes[q].start + 1;
    quotes += s->quote_count;
  }
  x->arena = malloc(bytes);
  x->sections = calloc(r->section_count + 1, sizeof *x->sections);
  x->statements = calloc(r->statement_count + 1, sizeof *x->statements);
  x->quotes = calloc(quotes + 1, sizeof *x->quotes);
  if (x->arena == NULL || x->sections == NULL || x->statements == NULL || x->quotes == NULL)
    return -1;
  size_t pos = 0, qpos = 0;
  for (size_t i = 0; i < r->section_count; i++)
    x->sections[i] = arena_copy(x->arena, &pos, body, r->sections[i].start, r->sections[i].end);
  for (size_t i = 0; i < r->statement_count; i++) {
    const struct statement *s = &r->statements[i];
    struct found_statement *f = &x->statements[i];
    f->section = s->section >= 0 && (size_t)s->section < r->section_count
                     ? x->sections[s->section]
                     : NULL;
    f->text = arena_copy(x->arena, &pos, body, s->start, s->end);
    f->start = (long long)s->cp_start;
    f->end = (long long)s->cp_end;
    f->speaker_id = s->method == ATTR_NONE ? 0 : s->speaker_id;
    f->method = f->speaker_id ? attr_method_name(s->method) : NULL;
    f->cue = f->speaker_id ? s->cue : NULL;
    f->confidence = s->confidence;
    f->evidence = s->evidence.end > s->evidence.start
                      ? arena_copy(x->arena, &pos, body, s->evidence.start, s->evidence.end)
                      : NULL;
    f->quotes = x->quotes + qpos;
    for (size_t q = 0; q < s->quote_count; q++)
      x->quotes[qpos++] =
          arena_copy(x->arena, &pos, body, s->quotes[q].start, s->quotes[q].end);
    f->quote_count = s->quote_count;
    f->mentions = s->mentions;
    f->mention_count = s->mention_count;
  }
  x->found = (struct found_article){x->sections, r->section_count, x->statements,
                                    r->statement_count};
  return 0;
}

int engine_extract(struct engine_cache *c, PGconn *conn, const char *body, size_t len,
                   struct extraction *x, struct store_error *e)
{
  struct engine_ref *ref = NULL;
  struct extract_result r = {0};
  char err[256];
  int rc = -1;
  *x = (struct extraction){0};
  if (engine_cache_acquire(c, conn, &ref, e) != 0)
    return -1;
  int status = extract_run(engine_ref_roster(ref), body, len, 0, &r, err, sizeof err);
  if (status != EXTRACT_OK) {
    if (status == EXTRACT_TOO_COMPLEX) /* 422: the engine's bounded work was not enough */
      store_fail(e, STORE_INVALID, "article too complex: %s", err);
    else
      store_fail(e, STORE_INVALID, "body: %s", err);
    goto out;
  }
  if (convert(&r, body, x) != 0) {
    store_fail(e, STORE_FAILED, "out of memory converting the extraction");
    goto out;
  }
  rc = 0;
out:
  engine_cache_release(c, ref);
  if (rc != 0) {
    extract_result_free(&r);
    extraction_free(x);
  } else {
    x->result = r; /* the mentions point into it */
  }
  return rc;
}
