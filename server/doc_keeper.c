/* doc_keeper.c - a FIFO of article renderings and the thread that keeps them. */
#include "doc_keeper.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/articles.h"
#include "log.h"
#include "store.h"

struct offer {
  struct offer *next;
  struct article_doc_stamp stamp;
  size_t len;
  char json[]; /* len bytes and a NUL */
};

struct doc_keeper {
  struct db_pool *db;
  struct metrics *metrics;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  struct offer *head, *tail; /* under lock */
  size_t bytes, max_bytes;   /* under lock: the json bytes waiting */
  bool stopping;             /* under lock */
};

void doc_keeper_offer(struct doc_keeper *k, const PGresult *res, long long id, const char *json,
                      size_t len)
{
  struct article_doc_stamp stamp;
  if (k == NULL || !articles_doc_stamp(res, id, &stamp))
    return;
  pthread_mutex_lock(&k->lock);
  bool room = !k->stopping && len <= k->max_bytes - k->bytes;
  if (room)
    k->bytes += len;
  pthread_mutex_unlock(&k->lock);
  if (!room) {
    metrics_article_doc(k->metrics, METRICS_DOC_DROPPED);
    return;
  }
  struct offer *o = malloc(sizeof *o + len + 1);
  pthread_mutex_lock(&k->lock);
  if (o == NULL) {
    k->bytes -= len;
    metrics_article_doc(k->metrics, METRICS_DOC_DROPPED);
  } else {
    o->next = NULL;
    o->stamp = stamp;
    o->len = len;
    memcpy(o->json, json, len);
    o->json[len] = '\0';
    if (k->tail != NULL)
      k->tail->next = o;
    else
      k->head = o;
    k->tail = o;
    pthread_cond_signal(&k->wake);
  }
  pthread_mutex_unlock(&k->lock);
}

/* The next offer, or NULL when stopping. */
static struct offer *next_offer(struct doc_keeper *k)
{
  pthread_mutex_lock(&k->lock);
  while (k->head == NULL && !k->stopping)
    pthread_cond_wait(&k->wake, &k->lock);
  struct offer *o = k->stopping ? NULL : k->head;
  if (o != NULL) {
    k->head = o->next;
    if (k->head == NULL)
      k->tail = NULL;
    k->bytes -= o->len;
  }
  pthread_mutex_unlock(&k->lock);
  return o;
}

static void keep(struct doc_keeper *k, const struct offer *o)
{
  char err[256];
  PGconn *conn = db_acquire(k->db, err, sizeof err);
  if (conn == NULL) {
    log_msg(LOG_DEBUG, "article docs: article %lld not kept: %s", o->stamp.id, err);
    metrics_article_doc(k->metrics, METRICS_DOC_DROPPED);
    return;
  }
  struct store_error e;
  int kept = articles_doc_keep(conn, &o->stamp, o->json, &e);
  db_release(k->db, conn);
  if (kept < 0)
    log_msg(LOG_WARN, "article docs: article %lld not kept: %s", o->stamp.id, e.detail);
  metrics_article_doc(k->metrics, kept > 0    ? METRICS_DOC_KEPT
                                  : kept == 0 ? METRICS_DOC_REFUSED
                                              : METRICS_DOC_DROPPED);
}

static void *run(void *arg)
{
  struct doc_keeper *k = arg;
  struct offer *o;
  while ((o = next_offer(k)) != NULL) {
    keep(k, o);
    free(o);
  }
  return NULL;
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
  k->max_bytes = max_bytes;
  k->metrics = metrics;
  pthread_mutex_init(&k->lock, NULL);
  pthread_cond_init(&k->wake, NULL);
  if (k->db == NULL || pthread_create(&k->thread, NULL, run, k) != 0) {
    snprintf(err, errlen, "article docs: cannot start its thread");
    db_pool_close(k->db);
    pthread_mutex_destroy(&k->lock);
    pthread_cond_destroy(&k->wake);
    free(k);
    return NULL;
  }
  return k;
}

void doc_keeper_stop(struct doc_keeper *k)
{
  if (k == NULL)
    return;
  pthread_mutex_lock(&k->lock);
  k->stopping = true;
  pthread_cond_signal(&k->wake);
  pthread_mutex_unlock(&k->lock);
  pthread_join(k->thread, NULL);
  for (struct offer *o = k->head, *next; o != NULL; o = next) {
    next = o->next;
    free(o);
  }
  db_pool_close(k->db);
  pthread_mutex_destroy(&k->lock);
  pthread_cond_destroy(&k->wake);
  free(k);
}
