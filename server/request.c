/* request.c - a handler's read access to its request. */
#include "request.h"

#include <microhttpd.h>
#include <stdio.h>
#include <time.h>

#include "cache.h"
#include "clock.h"
#include "log.h"
#include "replica.h"
#include "store.h"

const char *request_param(const struct request *req, const char *name)
{
  return route_match_param(&req->match, name);
}

const char *request_query(const struct request *req, const char *name)
{
  return query_get(&req->query, name);
}

void request_each_query(const struct request *req, request_query_fn fn, void *ud)
{
  for (size_t i = 0; i < req->query.count; i++)
    fn(ud, req->query.params[i].key, req->query.params[i].value);
}

const char *request_header(const struct request *req, const char *name)
{
  return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

/* A connection of pool from acquire, or NULL after answering 503. */
static PGconn *lend(struct request *req, struct response *resp, struct db_pool *pool,
                    PGconn *(*acquire)(struct db_pool *, char *, size_t))
{
  if (req->db != NULL)
    return req->db;
  char err[256];
  req->db = acquire(pool, err, sizeof err);
  if (req->db == NULL) {
    /* libpq's words name hosts, ports and sockets: they go to the log only. */
    log_msg(LOG_WARN, "request %s: no database connection: %s", req->request_id, err);
    response_problem(resp, 503, "database unavailable; try again shortly");
  }
  req->db_pool = pool;
  return req->db;
}

/* Asks the replica on conn for its replay position every few milliseconds
 * until it reaches want (true, the position in *reached) or wait_ms pass. */
static bool replica_reaches(PGconn *conn, uint64_t want, unsigned wait_ms, uint64_t *reached)
{
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    uint64_t at = 0;
    struct store_error e;
    if (store_replay_lsn(conn, &at, &e) != 0)
      return false;
    if (at >= want) {
      *reached = at;
      return true;
    }
    double left = (double)wait_ms - clock_seconds_since(&t0) * 1e3;
    if (left <= 0)
      return false;
    long nap_ns = left < 5.0 ? (long)(left * 1e6) : 5000000L;
    nanosleep(&(struct timespec){.tv_nsec = nap_ns}, NULL);
  }
}

/* The read replica's connection when it may serve this request, else NULL
 * (the primary serves it): a GET or HEAD, a replica in state OK that has
 * replayed Saywho-Min-LSN or does so within READ_WAIT_MS. Any trouble with
 * the replica falls back to the primary rather than failing the read. */
static PGconn *replica_conn(struct request *req)
{
  struct app *app = req->app;
  if ((req->method != HTTP_GET && req->method != HTTP_HEAD) || app->read_db == NULL ||
      replica_state(app->replica) != REPLICA_OK)
    return NULL;
  uint64_t at = replica_replay_lsn(app->replica); /* replayed at least this far by now */
  char err[256];
  PGconn *conn = db_acquire(app->read_db, err, sizeof err);
  if (conn == NULL) {
    log_msg(LOG_DEBUG, "request %s: read replica unavailable (%s); reading the primary",
            req->request_id, err);
    return NULL;
  }
  if (at < req->min_lsn && !replica_reaches(conn, req->min_lsn, app->cfg->read_wait_ms, &at)) {
    db_release(app->read_db, conn);
    return NULL;
  }
  req->data_lsn = at;
  return conn;
}

PGconn *request_db(struct request *req, struct response *resp)
{
  if (req->db != NULL)
    return req->db;
  struct app *app = req->app;
  bool read = req->method == HTTP_GET || req->method == HTTP_HEAD;
  PGconn *conn = replica_conn(req);
  if (conn != NULL) {
    req->db = conn;
    req->db_pool = app->read_db;
    req->db_replica = true;
    metrics_db_read(app->metrics, true);
    return conn;
  }
  /* Read before the query: the primary had reached it, so the answer
   * reflects at least it (cache.h). */
  req->data_lsn = app->cache != NULL ? cache_primary_lsn(app->cache) : 0;
  conn = lend(req, resp, app->db, db_acquire);
  if (conn != NULL && read)
    metrics_db_read(app->metrics, false);
  return conn;
}

PGconn *request_probe_db(struct request *req, struct response *resp)
{
  return lend(req, resp, req->app->db, db_acquire_probe);
}

void request_release_db(struct request *req)
{
  if (req->db == NULL)
    return;
  db_release(req->db_pool, req->db);
  req->db = NULL;
  req->db_pool = NULL;
}
