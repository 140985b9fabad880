/* db.c - the connection pool: a mutex, a condition variable and N slots. */
#include "db.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db_slot {
  PGconn *conn; /* NULL until first use */
  bool busy;
  bool prepared; /* on_connect ran on this session */
  bool probe;    /* the readiness probe's: no on_connect (preparing waits on table locks) */
};

struct db_pool {
  struct db_pool_options opts;
  char *conninfo;
  pthread_mutex_t lock;
  pthread_cond_t freed;
  unsigned in_use;
  unsigned long long waits, timeouts, errors;
  struct db_slot slots[]; /* opts.size pooled ones, then the readiness probe's own */
};

struct db_pool *db_pool_create(const struct db_pool_options *opts)
{
  struct db_pool *pool = calloc(1, sizeof *pool + (opts->size + 1) * sizeof(struct db_slot));
  if (pool == NULL)
    return NULL;
  pool->opts = *opts;
  pool->conninfo = strdup(opts->conninfo ? opts->conninfo : "");
  if (pool->conninfo == NULL) {
    free(pool);
    return NULL;
  }
  pool->opts.conninfo = pool->conninfo;
  pool->slots[opts->size].probe = true;
  pthread_mutex_init(&pool->lock, NULL);
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&pool->freed, &attr);
  pthread_condattr_destroy(&attr);
  return pool;
}

/* Sets the session up the way every query expects it. */
static int session_setup(PGconn *conn, const struct db_pool_options *opts, bool hook, char *err,
                         size_t errlen)
{
  /* Every query is shaped so that no parameter decides its plan (store.h):
   * a generic plan from the first run, instead of five custom plans per
   * connection and the risk of re-planning every call. Pages are read by
   * index from a working set in memory: at the default random_page_cost (4)
   * the planner walks the list-order index and filters by speaker, cue or
   * section (cheap heap order), which reads the whole table for a speaker
   * with few statements; 1.1 is the usual SSD / in-memory value. */
  char sql[256];
  if (opts->pooled)
    /* Behind a transaction pooler the next statement may run on another
     * server session, and a SET here would stay behind on this one for
     * whichever client gets it next. Only the time zone is safe: pgbouncer
     * tracks TimeZone per client and sets it on every server it lends us.
     * The rest belongs to the role or database (README, DATABASE_POOLER). */
    snprintf(sql, sizeof sql, "SET TIME ZONE 'UTC'");
  else
    snprintf(sql, sizeof sql,
           "SET statement_timeout = %u; SET idle_in_transaction_session_timeout = %u; "
           "SET TIME ZONE 'UTC'; SET plan_cache_mode = force_generic_plan; "
           "SET random_page_cost = 1.1",
           opts->statement_timeout_ms, opts->statement_timeout_ms ? opts->statement_timeout_ms * 4 : 0);
  PGresult *res = PQexec(conn, sql);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
  if (rc)
    snprintf(err, errlen, "session set-up failed: %s", PQerrorMessage(conn));
  PQclear(res);
  if (rc == 0 && hook && opts->on_connect)
    rc = opts->on_connect(conn, err, errlen);
  return rc;
}

/* Trims libpq's trailing newline so messages fit on one log line. */
static void copy_error(char *err, size_t errlen, const char *prefix, const char *msg)
{
  snprintf(err, errlen, "%s%s", prefix, msg);
  size_t n = strlen(err);
  while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
    err[--n] = '\0';
}

/* Server notices ("relation already exists, skipping") are not errors. */
static void ignore_notice(void *arg, const char *message)
{
  (void)arg;
  (void)message;
}

PGconn *db_connect_once(const struct db_pool_options *opts, char *err, size_t errlen)
{
  const char *keys[] = {"dbname", "connect_timeout", "application_name", "keepalives",
                        "keepalives_idle", NULL};
  const char *vals[] = {opts->conninfo ? opts->conninfo : "", "5", "saywho", "1", "30", NULL};
  PGconn *conn = PQconnectdbParams(keys, vals, 1);
  if (conn == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    copy_error(err, errlen, "database unreachable: ", PQerrorMessage(conn));
    PQfinish(conn);
    return NULL;
  }
  PQsetNoticeProcessor(conn, ignore_notice, NULL);
  return conn;
}

PGconn *db_connect_session(const struct db_pool_options *opts, char *err, size_t errlen)
{
  PGconn *conn = db_connect_once(opts, err, errlen);
  if (conn != NULL && session_setup(conn, opts, true, err, errlen) != 0) {
    PQfinish(conn);
    return NULL;
  }
  return conn;
}

/* An idle connection has nothing to read unless its server went away (a
 * termination notice, then EOF): seen before a query, it is replaced, so the
 * request gets a fresh connection instead of a 503. We never LISTEN, so the
 * rare benign message costs one reconnect at most. */
static bool idle_conn_stale(PGconn *conn)
{
  struct pollfd p = {.fd = PQsocket(conn), .events = POLLIN};
  return p.fd < 0 || poll(&p, 1, 0) != 0;
}

/* Makes slot's connection usable: connect, or reset a broken one. Called
 * without the pool lock (it blocks), while the slot is marked busy. */
static int slot_ready(struct db_pool *pool, struct db_slot *slot, char *err, size_t errlen)
{
  if (slot->conn != NULL && (PQstatus(slot->conn) != CONNECTION_OK || idle_conn_stale(slot->conn))) {
    PQfinish(slot->conn);
    slot->conn = NULL;
  }
  if (slot->conn == NULL) {
    slot->prepared = false;
    slot->conn = db_connect_once(&pool->opts, err, errlen);
    if (slot->conn == NULL)
      return -1;
  }
  if (!slot->prepared) {
    if (session_setup(slot->conn, &pool->opts, !slot->probe, err, errlen) != 0) {
      PQfinish(slot->conn);
      slot->conn = NULL;
      return -1;
    }
    slot->prepared = true;
  }
  return 0;
}

static struct db_slot *take_free_slot(struct db_pool *pool)
{
  /* Prefer a connected slot, so idle connections get reused first. */
  struct db_slot *fallback = NULL;
  for (unsigned i = 0; i < pool->opts.size; i++) {
    struct db_slot *s = &pool->slots[i];
    if (s->busy)
      continue;
    if (s->conn != NULL)
      return s;
    if (fallback == NULL)
      fallback = s;
  }
  return fallback;
}

PGconn *db_acquire(struct db_pool *pool, char *err, size_t errlen)
{
  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += pool->opts.wait_ms / 1000;
  deadline.tv_nsec += (long)(pool->opts.wait_ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&pool->lock);
  struct db_slot *slot;
  bool waited = false;
  for (bool timed_out = false; (slot = take_free_slot(pool)) == NULL;) {
    if (timed_out) {
      pool->timeouts++;
      pthread_mutex_unlock(&pool->lock);
      snprintf(err, errlen, "no database connection free within %u ms", pool->opts.wait_ms);
      return NULL;
    }
    if (!waited) {
      pool->waits++;
      waited = true;
    }
    /* After a timeout, one last look: a slot may have come free meanwhile. */
    timed_out = pthread_cond_timedwait(&pool->freed, &pool->lock, &deadline) == ETIMEDOUT;
  }
  slot->busy = true;
  pool->in_use++;
  pthread_mutex_unlock(&pool->lock);

  if (slot_ready(pool, slot, err, errlen) == 0)
    return slot->conn;

  pthread_mutex_lock(&pool->lock);
  pool->errors++;
  slot->busy = false;
  pool->in_use--;
  pthread_cond_signal(&pool->freed);
  pthread_mutex_unlock(&pool->lock);
  return NULL;
}

void db_release(struct db_pool *pool, PGconn *conn)
{
  if (conn == NULL)
    return;
  bool broken = PQstatus(conn) != CONNECTION_OK;
  if (!broken && PQtransactionStatus(conn) != PQTRANS_IDLE) {
    PGresult *res = PQexec(conn, "ROLLBACK");
    PQclear(res);
    broken = PQstatus(conn) != CONNECTION_OK;
  }
  pthread_mutex_lock(&pool->lock);
  for (unsigned i = 0; i <= pool->opts.size; i++) {
    struct db_slot *s = &pool->slots[i];
    if (s->conn == conn && s->busy) {
      s->busy = false;
      if (i < pool->opts.size)
        pool->in_use--;
      if (broken)
        pool->errors++;
      break;
    }
  }
  pthread_cond_signal(&pool->freed);
  pthread_mutex_unlock(&pool->lock);
}

PGconn *db_acquire_probe(struct db_pool *pool, char *err, size_t errlen)
{
  struct db_slot *slot = &pool->slots[pool->opts.size];
  pthread_mutex_lock(&pool->lock);
  bool busy = slot->busy;
  slot->busy = true;
  pthread_mutex_unlock(&pool->lock);
  if (busy) {
    snprintf(err, errlen, "another readiness check is using the probe connection");
    return NULL;
  }
  if (slot_ready(pool, slot, err, errlen) == 0)
    return slot->conn;
  pthread_mutex_lock(&pool->lock);
  pool->errors++;
  slot->busy = false;
  pthread_mutex_unlock(&pool->lock);
  return NULL;
}

void db_pool_stats(struct db_pool *pool, struct db_pool_stats *out)
{
  pthread_mutex_lock(&pool->lock);
  out->size = pool->opts.size;
  out->in_use = pool->in_use;
  out->waits = pool->waits;
  out->timeouts = pool->timeouts;
  out->errors = pool->errors;
  pthread_mutex_unlock(&pool->lock);
}

void db_pool_close(struct db_pool *pool)
{
  if (pool == NULL)
    return;
  for (unsigned i = 0; i <= pool->opts.size; i++)
    if (pool->slots[i].conn)
      PQfinish(pool->slots[i].conn);
  pthread_mutex_destroy(&pool->lock);
  pthread_cond_destroy(&pool->freed);
  free(pool->conninfo);
  free(pool);
}
