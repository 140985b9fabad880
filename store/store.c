/* store.c - statement preparation (shapes included), execution and SQLSTATE mapping. */
#include "store.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "articles.h"
#include "dynbuf.h"
#include "lsn.h"
#include "speakers.h"
#include "statements.h"
#include "store_sql.h"

#define SHAPE_SQL_MAX ((size_t)64 << 10) /* bytes of one shape's text */

static const struct store_query core_queries[] = {
  {"store_ping", sql_store_ping, 0, NULL, NULL},
  {"store_wal_lsn", sql_store_wal_lsn, 0, NULL, NULL},
  {"store_replay_lsn", sql_store_replay_lsn, 0, NULL, NULL},
  {NULL, NULL, 0, NULL, NULL},
};
static const struct store_query *const ping_query = &core_queries[0];
static const struct store_query *const wal_lsn_query = &core_queries[1];
static const struct store_query *const replay_lsn_query = &core_queries[2];

/* Every module's query table; each is terminated by {NULL}. Add new modules here. */
static const struct store_query *const query_tables[] = {
  core_queries,
  articles_queries,
  speakers_queries,
  statements_queries,
};

/* Written once by main() before any thread starts; read-only afterwards. */
static enum store_statements statements_mode = STORE_NAMED;

void store_set_statements(enum store_statements mode)
{
  statements_mode = mode;
}

static int prepare_table(PGconn *conn, const struct store_query *table, char *err, size_t errlen)
{
  if (statements_mode == STORE_UNNAMED)
    return 0; /* nothing lives in the session */
  for (const struct store_query *q = table; q->name != NULL; q++) {
    if (q->tags != NULL)
      continue; /* prepared per shape, on first use */
    PGresult *res = PQprepare(conn, q->name, q->sql, q->nparams, q->types);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
      snprintf(err, errlen, "preparing %s: %s", q->name, PQerrorMessage(conn));
    PQclear(res);
    if (!ok)
      return -1;
  }
  return 0;
}

int store_prepare_all(PGconn *conn, char *err, size_t errlen)
{
  for (size_t t = 0; t < sizeof query_tables / sizeof query_tables[0]; t++)
    if (prepare_table(conn, query_tables[t], err, errlen) != 0)
      return -1;
  return 0;
}

int store_prepare_core(PGconn *conn, char *err, size_t errlen)
{
  return prepare_table(conn, core_queries, err, errlen);
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

/* A result that succeeded, or NULL with e filled (res cleared). */
static PGresult *checked(PGconn *conn, PGresult *res, struct store_error *e)
{
  ExecStatusType st = PQresultStatus(res);
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
    return res;
  store_error_from_result(conn, res, e);
  PQclear(res);
  return NULL;
}

PGresult *store_exec(PGconn *conn, const struct store_query *q, const char *const *params,
                     struct store_error *e)
{
  if (statements_mode == STORE_UNNAMED)
    return checked(conn, PQexecParams(conn, q->sql, q->nparams, q->types, params, NULL, NULL, 0),
                   e);
  return checked(conn, PQexecPrepared(conn, q->name, q->nparams, params, NULL, NULL, 0), e);
}

void store_read_init(struct store_read *r, const struct store_query *q, long long id,
                     int (*render)(const PGresult *, long long, char **, struct store_error *))
{
  r->q = q;
  r->many = NULL;
  r->id = id;
  snprintf(r->id_text, sizeof r->id_text, "%lld", id);
  r->params[0] = r->id_text;
  r->render = render;
  r->keepable = false;
}

int store_read_run(PGconn *conn, const struct store_read *r, char **json_out,
                   struct store_error *e)
{
  PGresult *res = store_exec(conn, r->q, r->params, e);
  if (res == NULL)
    return -1;
  int rc = r->render(res, r->id, json_out, e);
  PQclear(res);
  return rc;
}

void store_shape_name(const struct store_query *q, unsigned shape, char *out, size_t cap)
{
  snprintf(out, cap, "%s.%x", q->name, shape);
}

/* Whether the conditions of a "-- when:" list (t or !t, space-separated) hold
 * for shape; -1 when one names no tag of q. */
static int conditions_hold(const struct store_query *q, unsigned shape, const char *conds,
                           size_t len)
{
  const char *p = conds, *end = conds + len;
  while (p < end) {
    while (p < end && strchr(" \t\r\n", *p) != NULL)
      p++;
    const char *w = p;
    while (p < end && strchr(" \t\r\n", *p) == NULL)
      p++;
    if (w == p)
      break;
    bool negated = *w == '!';
    if (negated)
      w++;
    int bit = -1;
    for (int i = 0; i < STORE_SHAPE_MAX && q->tags[i] != NULL; i++)
      if (strlen(q->tags[i]) == (size_t)(p - w) && strncmp(q->tags[i], w, (size_t)(p - w)) == 0)
        bit = i;
    if (bit < 0)
      return -1;
    if (((shape >> bit) & 1u) == negated)
      return 0;
  }
  return 1;
}

int store_shape_sql(const struct store_query *q, unsigned shape, struct dynbuf *out)
{
  static const char mark[] = "-- when:";
  dynbuf_reset(out);
  for (const char *line = q->sql; *line != '\0';) {
    const char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
    const char *m = memmem(line, len, mark, sizeof mark - 1);
    int keep = 1;
    const char *text = line + strspn(line, " \t");
    if (m != NULL && strncmp(text, "--", 2) != 0) { /* after SQL, not in a comment line */
      const char *conds = m + sizeof mark - 1;
      keep = conditions_hold(q, shape, conds, len - (size_t)(conds - line));
      if (keep < 0)
        return -1;
    }
    if (keep)
      dynbuf_add(out, line, len);
    line += len;
  }
  return out->failed ? -1 : 0;
}

/* Prepares shape `shape` of q on conn under name. */
static int prepare_shape(PGconn *conn, const struct store_query *q, unsigned shape,
                         const char *name, struct store_error *e)
{
  struct dynbuf text;
  dynbuf_init(&text, SHAPE_SQL_MAX);
  if (store_shape_sql(q, shape, &text) != 0) {
    dynbuf_free(&text);
    return store_fail(e, STORE_FAILED, "query %s has no shape %x", q->name, shape);
  }
  PGresult *res = PQprepare(conn, name, dynbuf_str(&text), q->nparams, q->types);
  dynbuf_free(&text);
  int rc = 0;
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    store_error_from_result(conn, res, e);
    rc = -1;
  }
  PQclear(res);
  return rc;
}

/* Whether res failed because the statement is not prepared (SQLSTATE 26000). */
static bool not_prepared(const PGresult *res)
{
  const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  return state != NULL && strcmp(state, "26000") == 0;
}

PGresult *store_exec_shape(PGconn *conn, const struct store_query *q, unsigned shape,
                           const char *const *params, struct store_error *e)
{
  if (statements_mode == STORE_UNNAMED) {
    struct dynbuf text;
    dynbuf_init(&text, SHAPE_SQL_MAX);
    if (store_shape_sql(q, shape, &text) != 0) {
      dynbuf_free(&text);
      store_fail(e, STORE_FAILED, "query %s has no shape %x", q->name, shape);
      return NULL;
    }
    PGresult *res = PQexecParams(conn, dynbuf_str(&text), q->nparams, q->types, params, NULL,
                                 NULL, 0);
    dynbuf_free(&text);
    return checked(conn, res, e);
  }
  char name[96];
  store_shape_name(q, shape, name, sizeof name);
  PGresult *res = NULL;
  for (int attempt = 0; attempt < 2; attempt++) {
    res = PQexecPrepared(conn, name, q->nparams, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
      return res;
    if (attempt > 0 || !not_prepared(res))
      break;
    PQclear(res);
    res = NULL;
    if (prepare_shape(conn, q, shape, name, e) != 0)
      return NULL;
  }
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
  /* Not prepared: the readiness probe's connection prepares nothing. */
  PGresult *res = PQexec(conn, ping_query->sql);
  int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : -1;
  if (rc != 0)
    store_error_from_result(conn, res, e);
  PQclear(res);
  return rc;
}

/* One pg_lsn cell of q into *out; STORE_NOT_FOUND when it is NULL. */
static int exec_lsn(PGconn *conn, const struct store_query *q, uint64_t *out,
                    struct store_error *e)
{
  PGresult *res = store_exec(conn, q, NULL, e);
  if (res == NULL)
    return -1;
  int rc = 0;
  if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0))
    rc = store_fail(e, STORE_NOT_FOUND, "no WAL position (the server is not a replica?)");
  else if (lsn_parse(PQgetvalue(res, 0, 0), out) != 0)
    rc = store_fail(e, STORE_FAILED, "unexpected WAL position \"%s\"", PQgetvalue(res, 0, 0));
  PQclear(res);
  return rc;
}

int store_wal_lsn(PGconn *conn, uint64_t *out, struct store_error *e)
{
  return exec_lsn(conn, wal_lsn_query, out, e);
}

int store_replay_lsn(PGconn *conn, uint64_t *out, struct store_error *e)
{
  return exec_lsn(conn, replay_lsn_query, out, e);
}
