/* db.h - a fixed pool of PostgreSQL connections shared by the worker threads.
 *
 * A connection is lent to one thread at a time. A broken connection is
 * reset when it is next lent, and the on_connect hook (which prepares the
 * statements) runs again after every (re)connect, so a PostgreSQL restart
 * costs some 503s and no restart of saywho. Besides its size, the pool keeps
 * one connection for the readiness probe (GET /health). */
#ifndef SAYWHO_DB_H
#define SAYWHO_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

struct db_pool;

/* Runs on a fresh connection; returns 0, or -1 with a message in err. */
typedef int (*db_on_connect_fn)(PGconn *conn, char *err, size_t errlen);

struct db_pool_options {
  const char *conninfo;        /* libpq connection string or URI; "" = libpq defaults */
  unsigned size;               /* connections */
  unsigned statement_timeout_ms;
  unsigned wait_ms;            /* db_acquire gives up after this long */
  db_on_connect_fn on_connect; /* may be NULL */
  bool pooled;                 /* behind a transaction pooler: no session SETs (see session_setup) */
};

struct db_pool_stats {
  unsigned size;
  unsigned in_use;
  unsigned long long waits;    /* acquisitions that had to wait */
  unsigned long long timeouts; /* acquisitions that gave up */
  unsigned long long errors;   /* failed connects and broken connections */
};

/* Creates the pool without connecting; connections open on first use.
 * Returns NULL on allocation failure. Free with db_pool_close(). */
struct db_pool *db_pool_create(const struct db_pool_options *opts);

/* Lends a working connection, waiting up to wait_ms for a free one. NULL
 * when none is free in time or the database is unreachable; err says which.
 * Give it back with db_release(). */
PGconn *db_acquire(struct db_pool *pool, char *err, size_t errlen);

/* The readiness probe's own connection, outside the pool, so that a busy
 * pool does not make a healthy instance look down (one probe at a time; NULL
 * with err when it is in use or the database is unreachable). Give it back
 * with db_release(). */
PGconn *db_acquire_probe(struct db_pool *pool, char *err, size_t errlen);

/* Returns conn to the pool; a connection left inside a transaction is rolled
 * back, a broken one is reset at its next loan. */
void db_release(struct db_pool *pool, PGconn *conn);

/* Opens one connection outside the pool (migrations, start-up checks), with
 * the pool's timeouts. NULL with a message in err when it cannot. */
PGconn *db_connect_once(const struct db_pool_options *opts, char *err, size_t errlen);

/* db_connect_once() set up as the pool's connections are (session settings,
 * then on_connect): for connections a module keeps for itself. */
PGconn *db_connect_session(const struct db_pool_options *opts, char *err, size_t errlen);

void db_pool_stats(struct db_pool *pool, struct db_pool_stats *out);

/* Closes every connection; all must have been released. */
void db_pool_close(struct db_pool *pool);

#endif
