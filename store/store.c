/* store.c - statement preparation, execution and SQLSTATE mapping. */
#include "store.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "articles.h"
#include "speakers.h"
#include "statements.h"

static const struct store_query ping_query = {"store_ping", "SELECT 1", 0};
static const struct store_query core_queries[] = {
  {"store_ping", "SELECT 1", 0},
  {NULL, NULL, 0},
};

/* Every module's query table; each is terminated by {NULL}. Add new modules here. */
static const struct store_query *const query_tables[] = {
  core_queries,
  articles_queries,
  speakers_queries,
  statements_queries,
};

int store_prepare_all(PGconn *conn, char *err, size_t errlen)
{
  for (size_t t = 0; t < sizeof query_tables / sizeof query_tables[0]; t++)
    for (const struct store_query *q = query_tables[t]; q->name != NULL; q++) {
      PGresult *res = PQprepare(conn, q->name, q->sql, q->nparams, NULL);
      int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
      if (!ok)
        snprintf(err, errlen, "preparing %s: %s", q->name, PQerrorMessage(conn));
      PQclear(res);
      if (!ok)
        return -1;
    }
  return 0;
}

int store_fail(struct store_error *e, enum store_status status, const char *fmt, ...)
{
  e->status = status;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->detail, sizeof e->detail, fmt, ap);
  va_end(ap);
  return -1;
}

/* SQLSTATE (a full code or a class prefix) → status, the first match wins;
 * detail NULL: PostgreSQL's own message, which names the value or limit.
 * What the request did wrong is a 4xx; everything else is the database's
 * state, a 503 worth a retry (codes missing here: STORE_FAILED, 503 too). */
static const struct {
  const char *code;
  enum store_status status;
  const char *detail;
} sqlstate_map[] = {
  {"57014", STORE_UNAVAILABLE, "the database did not answer in time"},
  {"23505", STORE_CONFLICT, NULL},  /* unique_violation */
  {"22", STORE_INVALID, NULL},      /* data exception */
  {"23", STORE_INVALID, NULL},      /* integrity constraint violation */
  {"44", STORE_INVALID, NULL},      /* WITH CHECK OPTION violation */
  {"54", STORE_INVALID, NULL},      /* program limit: a tsvector over 1 MB, the roster cap */
  {"08", STORE_UNAVAILABLE, "the database is unavailable"},   /* connection */
  {"57P", STORE_UNAVAILABLE, "the database is unavailable"},  /* shutting down, restarting */
  {"53", STORE_UNAVAILABLE, "the database is out of disk, memory or connections"},
  {"40", STORE_UNAVAILABLE, "a concurrent change got in the way; try again"},
  {"55", STORE_UNAVAILABLE, "a database object is busy; try again"}, /* lock not available */
  {"25", STORE_UNAVAILABLE, "the database transaction was in the wrong state; try again"},
  {"58", STORE_UNAVAILABLE, "the database had a system error"}, /* I/O */
  {"XX", STORE_UNAVAILABLE, "the database had an internal error"},
};

void store_error_from_result(PGconn *conn, const PGresult *res, struct store_error *e)
{
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (msg == NULL)
    msg = PQerrorMessage(conn);
  if (PQstatus(conn) != CONNECTION_OK || state == NULL) {
    store_fail(e, STORE_UNAVAILABLE, "the database connection was lost");
    return;
  }
  for (size_t i = 0; i < sizeof sqlstate_map / sizeof sqlstate_map[0]; i++)
    if (strncmp(state, sqlstate_map[i].code, strlen(sqlstate_map[i].code)) == 0) {
      store_fail(e, sqlstate_map[i].status, "%s",
                 sqlstate_map[i].detail ? sqlstate_map[i].detail : msg);
      return;
    }
  /* A statement the database refuses whatever the input (42: syntax or
   * privileges, 0A, P0, ...): a fault of saywho or of its database. */
  store_fail(e, STORE_FAILED, "database error %s: %s", state, msg);
}

PGresult *store_exec(PGconn *conn, const struct store_query *q, const char *const *params,
                     struct store_error *e)
{
  PGresult *res = PQexecPrepared(conn, q->name, q->nparams, params, NULL, NULL, 0);
  ExecStatusType st = PQresultStatus(res);
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
    return res;
  store_error_from_result(conn, res, e);
  PQclear(res);
  return NULL;
}

static int exec_plain(PGconn *conn, const char *sql, struct store_error *e)
{
  PGresult *res = PQexec(conn, sql);
  if (PQresultStatus(res) == PGRES_COMMAND_OK) {
    PQclear(res);
    return 0;
  }
  store_error_from_result(conn, res, e);
  PQclear(res);
  return -1;
}

int store_begin(PGconn *conn, struct store_error *e)
{
  return exec_plain(conn, "BEGIN", e);
}

int store_commit(PGconn *conn, struct store_error *e)
{
  return exec_plain(conn, "COMMIT", e);
}

void store_rollback(PGconn *conn)
{
  PQclear(PQexec(conn, "ROLLBACK"));
}

int store_ping(PGconn *conn, struct store_error *e)
{
  PGresult *res = store_exec(conn, &ping_query, NULL, e);
  if (res == NULL)
    return -1;
  PQclear(res);
  return 0;
}
