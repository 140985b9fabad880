/* store.h - data access: every SQL statement of saywho, prepared once per
 * connection, and the one error type the store reports.
 *
 * Store functions take a PGconn lent by the pool and never hold it; they
 * know nothing of HTTP. Results that go out as JSON are built by
 * PostgreSQL (json_build_object / json_agg), so the text is sent as is. */
#ifndef SAYWHO_STORE_H
#define SAYWHO_STORE_H

#include <libpq-fe.h>
#include <stddef.h>

enum store_status {
  STORE_OK = 0,
  STORE_NOT_FOUND,   /* 404 */
  STORE_CONFLICT,    /* 409: unique key taken */
  STORE_INVALID,     /* 422: the database refused the values */
  STORE_UNAVAILABLE, /* 503: connection lost, timeout */
  STORE_FAILED,      /* 503, logged as an error: anything else (a fault of ours or the
                        database's, out of memory); never the request's */
};

struct store_error {
  enum store_status status;
  char detail[256]; /* for the problem's detail; never holds secrets */
};

/* A named statement, prepared on every connection by store_prepare_all(). */
struct store_query {
  const char *name;
  const char *sql;
  int nparams;
};

/* The db pool's on_connect hook: prepares every query of every store module. */
int store_prepare_all(PGconn *conn, char *err, size_t errlen);

/* Runs a prepared query with text parameters (NULL = SQL NULL). Returns the
 * result (caller PQclear()s) or NULL with e filled. */
PGresult *store_exec(PGconn *conn, const struct store_query *q, const char *const *params,
                     struct store_error *e);

/* Transactions around several store_exec() calls; 0 or -1 with e filled. */
int store_begin(PGconn *conn, struct store_error *e);
int store_commit(PGconn *conn, struct store_error *e);
void store_rollback(PGconn *conn);

/* Sets e from a failed result: SQLSTATE → status. */
void store_error_from_result(PGconn *conn, const PGresult *res, struct store_error *e);

/* Sets e to status with a formatted detail; returns -1 for `return store_fail(...)`. */
int store_fail(struct store_error *e, enum store_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 0 when the database answers, else -1 with e filled. */
int store_ping(PGconn *conn, struct store_error *e);

#endif
