/* doc_keeper.c - article renderings queued (jobs.h, one worker) and kept. */
#include "doc_keeper.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/articles.h"
#include "jobs.h"
#include "log.h"
#include "store.h"

struct doc_keeper {
  struct db_pool *db;
  struct metrics *metrics;
  struct jobs *queue;
  atomic_size_t bytes; /* of the renderings waiting or being written */
  size_t max_bytes;
};

struct offer {
  struct job job;
  struct doc_keeper *k;
  struct article_doc_stamp stamp;
  size_t len;
  char json[]; /* len bytes and a NUL */
};

static struct offer *offer_of(struct job *item)
{
  return (struct offer *)(void *)((char *)item - offsetof(struct offer, job));
}

/* Frees o, whose bytes wait no more, and counts outcome. */
static void done(struct offer *o, enum metrics_doc outcome)
{
  atomic_fetch_sub(&o->k->bytes, o->len);
  metrics_article_doc(o->k->metrics, outcome);
  free(o);
}

static void keep(struct job *item)
{
  struct offer *o = offer_of(item);
  char err[256];
  PGconn *conn = db_acquire(o->k->db, err, sizeof err);
  if (conn == NULL) {
    log_msg(LOG_DEBUG, "article docs: article %lld not kept: %s", o->stamp.id, err);
    done(o, METRICS_DOC_DROPPED);
    return;
  }
  struct store_error e;
  int kept = articles_doc_keep(conn, &o->stamp, o->json, &e);
  db_release(o->k->db, conn);
  if (kept < 0)
    log_msg(LOG_WARN, "article docs: article %lld not kept: %s", o->stamp.id, e.detail);
  done(o, kept > 0 ? METRICS_DOC_KEPT : kept == 0 ? METRICS_DOC_REFUSED : METRICS_DOC_DROPPED);
}

static void drop(struct job *item)
{
  done(offer_of(item), METRICS_DOC_DROPPED);
}

void doc_keeper_offer(struct doc_keeper *k, const PGresult *res, long long id, const char *json,
                      size_t len)
{
  struct article_doc_stamp stamp;
  if (k == NULL || !articles_doc_stamp(res, id, &stamp))
    return;
  if (atomic_fetch_add(&k->bytes, len) + len > k->max_bytes) {
    atomic_fetch_sub(&k->bytes, len);
    metrics_article_doc(k->metrics, METRICS_DOC_DROPPED);
    return;
  }
  struct offer *o = malloc(sizeof *o + len + 1);
  if (o == NULL) {
    atomic_fetch_sub(&k->bytes, len);
    metrics_article_doc(k->metrics, METRICS_DOC_DROPPED);
    return;
  }
  o->k = k;
  o->stamp = stamp;
  o->len = len;
  memcpy(o->json, json, len);
  o->json[len] = '\0';
  jobs_push(k->queue, &o->job);
}

struct doc_keeper *doc_keeper_start(const struct db_pool_options *opts, size_t max_bytes,
                                    struct metrics *metrics, char *err, size_t errlen)
{
  struct doc_keeper *k = calloc(1, sizeof *k);
  if (k == NULL) {
    snprintf(err, errlen, "article docs: out of memory");
    return NULL;
  }
  struct db_pool_options own = *opts;
  own.size = 1;
  k->db = db_pool_create(&own);
  k->metrics = metrics;
  k->max_bytes = max_bytes;
  k->queue = k->db != NULL ? jobs_start(1, keep, NULL, 0, err, errlen) : NULL;
  if (k->queue == NULL) {
    if (k->db == NULL)
      snprintf(err, errlen, "article docs: out of memory");
    db_pool_close(k->db);
    free(k);
    return NULL;
  }
  return k;
}

void doc_keeper_stop(struct doc_keeper *k)
{
  if (k == NULL)
    return;
  jobs_stop(k->queue, drop);
  jobs_free(k->queue);
  db_pool_close(k->db);
  free(k);
}
