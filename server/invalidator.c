/* invalidator.c - LISTEN on the cache channel; every NOTIFY flushes the cache. */
#include "invalidator.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "store.h"

#define TICK_MS 200      /* how soon a stop request is seen */
#define RETRY_TICKS 5    /* a second between reconnection attempts */

struct invalidator {
  pthread_t thread;
  const char *conninfo; /* the configuration's; outlives the thread */
  struct cache *cache;
  atomic_bool stop;
};

/* A connection that listens, or NULL. */
static PGconn *listen_connect(const char *conninfo)
{
  PGconn *conn = PQconnectdb(conninfo);
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return NULL;
  }
  PGresult *res = PQexec(conn, "LISTEN " INVALIDATOR_CHANNEL);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  char err[256];
  if (!ok || store_prepare_core(conn, err, sizeof err) != 0) {
    PQfinish(conn);
    return NULL;
  }
  return conn;
}

/* Whether any notification was waiting; frees them all. */
static bool drain_notifications(PGconn *conn)
{
  bool any = false;
  PGnotify *note;
  while ((note = PQnotifies(conn)) != NULL) {
    any = true;
    PQfreemem(note);
  }
  return any;
}

/* Waits for notifications until the connection breaks or a stop; 0 on stop. */
static int serve_notifications(struct invalidator *inv, PGconn *conn)
{
  struct pollfd pfd = {.fd = PQsocket(conn), .events = POLLIN};
  while (!atomic_load(&inv->stop)) {
    int n = poll(&pfd, 1, TICK_MS);
    if (n < 0 && errno != EINTR)
      return -1;
    if (n <= 0)
      continue;
    if (PQconsumeInput(conn) == 0)
      return -1;
    /* One flush for a burst: each is a full flush anyway. It carries the
     * primary's WAL position read after the notifications came, which is past
     * their commits (cache.h: replica answers from before it are not kept);
     * notifications that arrive during that query make another round. */
    while (drain_notifications(conn)) {
      uint64_t lsn = 0;
      struct store_error e;
      if (store_wal_lsn(conn, &lsn, &e) != 0)
        return -1;
      cache_flush_at(inv->cache, lsn);
    }
  }
  return 0;
}

static void *run(void *arg)
{
  struct invalidator *inv = arg;
  bool warned = false;
  while (!atomic_load(&inv->stop)) {
    PGconn *conn = listen_connect(inv->conninfo);
    if (conn != NULL) {
      /* Enabled only now: answers rendered before LISTEN took effect could
       * miss a notification, and the enable flushes them. */
      cache_set_enabled(inv->cache, true);
      log_msg(LOG_INFO, "cache: listening for invalidations on " INVALIDATOR_CHANNEL);
      warned = false;
      int rc = serve_notifications(inv, conn);
      cache_set_enabled(inv->cache, false);
      PQfinish(conn);
      if (rc == 0)
        break;
    }
    if (!warned)
      log_msg(LOG_WARN, "cache: cannot listen for invalidations; cache off until reconnected");
    warned = true;
    for (int i = 0; i < RETRY_TICKS && !atomic_load(&inv->stop); i++)
      nanosleep(&(struct timespec){.tv_nsec = TICK_MS * 1000000L}, NULL);
  }
  return NULL;
}

struct invalidator *invalidator_start(const char *conninfo, struct cache *cache, char *err,
                                      size_t errlen)
{
  struct invalidator *inv = calloc(1, sizeof *inv);
  if (inv == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  inv->conninfo = conninfo;
  inv->cache = cache;
  if (pthread_create(&inv->thread, NULL, run, inv) != 0) {
    snprintf(err, errlen, "cannot start the cache invalidation thread");
    free(inv);
    return NULL;
  }
  return inv;
}

void invalidator_stop(struct invalidator *inv)
{
  if (inv == NULL)
    return;
  atomic_store(&inv->stop, true);
  pthread_join(inv->thread, NULL);
  free(inv);
}
