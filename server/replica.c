/* replica.c - the read replica's health and lag, measured in the background. */
#include "replica.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "store.h"

#define TICK_MS 50 /* how soon a stop request is seen */

struct replica {
  pthread_t thread;
  const struct db_pool_options *primary_opts, *read_opts;
  uint64_t max_lag;
  struct cache *cache;
  atomic_bool stop;
  atomic_int state;
  atomic_uint_fast64_t lag, replay;
};

/* A connection of the monitor's own, with the store's core queries; NULL
 * with the reason in err. */
static PGconn *connect_prepared(const struct db_pool_options *opts, char *err, size_t errlen)
{
  PGconn *conn = db_connect_once(opts, err, errlen);
  if (conn != NULL && store_prepare_core(conn, err, errlen) != 0) {
    PQfinish(conn);
    conn = NULL;
  }
  return conn;
}

/* A WAL position read on *conn, (re)connecting first when needed; on failure
 * (the reason in err) the connection is closed so that the next check
 * reconnects. */
static int read_position(PGconn **conn, const struct db_pool_options *opts, bool replay,
                         uint64_t *out, char *err, size_t errlen)
{
  if (*conn != NULL && PQstatus(*conn) != CONNECTION_OK) {
    PQfinish(*conn);
    *conn = NULL;
  }
  if (*conn == NULL && (*conn = connect_prepared(opts, err, errlen)) == NULL)
    return -1;
  struct store_error e;
  int rc = replay ? store_replay_lsn(*conn, out, &e) : store_wal_lsn(*conn, out, &e);
  if (rc != 0)
    snprintf(err, errlen, "%s", e.detail);
  if (rc != 0 && e.status != STORE_NOT_FOUND) {
    PQfinish(*conn);
    *conn = NULL;
  }
  return rc;
}

/* One check: the replica's position first, then the primary's, so that the
 * lag is never under-estimated. */
static void check(struct replica *r, PGconn **primary, PGconn **read)
{
  uint64_t replay = 0, written = 0;
  enum replica_state next = REPLICA_DOWN;
  char why[256] = "";
  if (read_position(read, r->read_opts, true, &replay, why, sizeof why) == 0) {
    atomic_store(&r->replay, replay);
    next = REPLICA_OK;
    char primary_err[256]; /* not shown: the replica's state is what changes */
    if (read_position(primary, r->primary_opts, false, &written, primary_err,
                      sizeof primary_err) == 0) {
      uint64_t lag = written > replay ? written - replay : 0;
      atomic_store(&r->lag, lag);
      if (r->cache != NULL)
        cache_note_primary_lsn(r->cache, written);
      if (lag > r->max_lag) {
        next = REPLICA_LAGGING;
        snprintf(why, sizeof why, "%llu bytes behind the primary",
                 (unsigned long long)lag);
      }
    } else if (atomic_load(&r->state) == REPLICA_LAGGING) {
      next = REPLICA_LAGGING; /* primary unreachable: the lag is not known to have shrunk */
    }
  }
  enum replica_state was = (enum replica_state)atomic_exchange(&r->state, next);
  /* libpq's words may name hosts: the log is the place for them, not /health. */
  if (was != next && next == REPLICA_OK)
    log_msg(LOG_INFO, "read replica: ok, serving reads");
  else if (was != next)
    log_msg(LOG_WARN, "read replica: %s (%s); reads go to the primary", replica_state_name(next),
            why[0] != '\0' ? why : "the primary's position is unknown");
}

static void *run(void *arg)
{
  struct replica *r = arg;
  PGconn *primary = NULL, *read = NULL;
  while (!atomic_load(&r->stop)) {
    check(r, &primary, &read);
    for (int i = 0; i < REPLICA_CHECK_MS / TICK_MS && !atomic_load(&r->stop); i++)
      nanosleep(&(struct timespec){.tv_nsec = TICK_MS * 1000000L}, NULL);
  }
  PQfinish(primary);
  PQfinish(read);
  return NULL;
}

struct replica *replica_start(const struct db_pool_options *primary_opts,
                              const struct db_pool_options *read_opts, uint64_t max_lag_bytes,
                              struct cache *cache, char *err, size_t errlen)
{
  struct replica *r = calloc(1, sizeof *r);
  if (r == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  r->primary_opts = primary_opts;
  r->read_opts = read_opts;
  r->max_lag = max_lag_bytes;
  r->cache = cache;
  atomic_store(&r->state, REPLICA_DOWN);
  if (pthread_create(&r->thread, NULL, run, r) != 0) {
    snprintf(err, errlen, "cannot start the read replica monitor");
    free(r);
    return NULL;
  }
  return r;
}

void replica_stop(struct replica *r)
{
  if (r == NULL)
    return;
  atomic_store(&r->stop, true);
  pthread_join(r->thread, NULL);
  free(r);
}

enum replica_state replica_state(const struct replica *r)
{
  return r == NULL ? REPLICA_NONE : (enum replica_state)atomic_load(&r->state);
}

const char *replica_state_name(enum replica_state s)
{
  static const char *const names[] = {"none", "ok", "lagging", "down"};
  return names[s];
}

uint64_t replica_lag_bytes(const struct replica *r)
{
  return r == NULL ? 0 : atomic_load(&r->lag);
}

uint64_t replica_replay_lsn(const struct replica *r)
{
  return r == NULL ? 0 : atomic_load(&r->replay);
}
