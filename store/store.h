/* store.h - data access: every SQL statement of saywho (one store/sql/NAME.sql
 * file each, built into the binary), prepared once per connection, and the
 * one error type the store reports.
 *
 * Store functions take a PGconn lent by the pool and never hold it; they
 * know nothing of HTTP. Statements and articles come back as rows and are
 * written as JSON in C (statement_json.h); the other, colder results are
 * built by PostgreSQL (json_build_object / json_agg) and sent as they are. */
#ifndef SAYWHO_STORE_H
#define SAYWHO_STORE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* A named statement: the text of store/sql/<name>.sql (store_sql.h).
 *
 * A shaped query (tags not NULL) has optional lines marked "-- when: t ..."
 * (t or !t, each a name of tags): a request's shape is the set of tags it
 * has, bit i for tags[i], and keeps the lines whose conditions all hold. Each
 * shape is its own prepared statement ("<name>.<bits>"), made on first use
 * on a connection, so no filter is an "$n IS NULL OR" and every plan can be
 * generic. A shape leaves parameters out, hence the declared types. */
struct store_query {
  const char *name;
  const char *sql;
  int nparams;
  const Oid *types;        /* nparams types; NULL: PostgreSQL infers them */
  const char *const *tags; /* NULL-terminated; NULL: not shaped */
};

/* Parameter types of store_query.types: pg_type OIDs, fixed in every release. */
#define STORE_BOOL ((Oid)16)
#define STORE_INT8 ((Oid)20)
#define STORE_INT4 ((Oid)23)
#define STORE_TEXT ((Oid)25)
#define STORE_FLOAT4 ((Oid)700)
#define STORE_DATE ((Oid)1082)

#define STORE_SHAPE_MAX 31 /* tags of one shaped query */

/* How queries reach PostgreSQL, for the whole process: set once at start-up,
 * before any thread runs a query. Named (the default): each query is a named
 * prepared statement made once per connection (store_prepare_all, shapes on
 * first use). Unnamed: each execution sends its text with its parameters in
 * one round trip (PQexecParams: Parse, Bind, Execute into the unnamed
 * statement), nothing kept in the session; what a transaction pooler
 * (pgbouncer before 1.21) needs, since the next transaction may run on
 * another server session. */
enum store_statements { STORE_NAMED, STORE_UNNAMED };
void store_set_statements(enum store_statements mode);

/* The db pool's on_connect hook: prepares every query of every store module
 * (shaped ones are prepared per shape on first use). */
int store_prepare_all(PGconn *conn, char *err, size_t errlen);

/* Prepares only the store's own queries (ping, WAL positions): for the
 * connections that run nothing else (replica monitor, cache listener). */
int store_prepare_core(PGconn *conn, char *err, size_t errlen);

/* Runs a prepared query with text parameters (NULL = SQL NULL). Returns the
 * result (caller PQclear()s) or NULL with e filled. */
PGresult *store_exec(PGconn *conn, const struct store_query *q, const char *const *params,
                     struct store_error *e);

/* store_exec() of shape `shape` (bits of q->tags) of a shaped query,
 * preparing the shape on this connection when it is new there (found by the
 * failed execution, so call it outside transactions: inside one, that
 * failure would abort it). */
PGresult *store_exec_shape(PGconn *conn, const struct store_query *q, unsigned shape,
                           const char *const *params, struct store_error *e);

/* The text of shape `shape` of q into out (emptied first): its kept lines.
 * -1 when the file names a tag q does not have, or out overflows. */
struct dynbuf;
int store_shape_sql(const struct store_query *q, unsigned shape, struct dynbuf *out);

/* The name of shape `shape` of q's prepared statement. */
void store_shape_name(const struct store_query *q, unsigned shape, char *out, size_t cap);

/* A read of one resource by id in two halves: the query with its parameter,
 * and the JSON of its result. store_read_run() runs both on a lent
 * connection; server/pipeline.h sends the first and renders the second on
 * other threads, so a hot read needs no worker of its own. */
struct store_read {
  const struct store_query *q;
  /* The same read for many ids at once ($1: a bigint[] of ids), whose
   * result render() takes as well: for reads that wait together; or NULL. */
  const struct store_query *many;
  long long id;
  char id_text[24];
  const char *params[1]; /* {id_text} */
  /* The resource's JSON from res, q's successful result, into *json_out
   * (caller frees), compact (no blank between tokens: it is sent as it is);
   * 0, or -1 with e filled (STORE_NOT_FOUND without a row). */
  int (*render)(const PGresult *res, long long id, char **json_out, struct store_error *e);
  /* A resource the database keeps rendered (an article, server/doc_keeper.h):
   * a rendering from its rows is offered to be kept. */
  bool keepable;
};

/* Fills r for q by id with render (many: NULL). */
void store_read_init(struct store_read *r, const struct store_query *q, long long id,
                     int (*render)(const PGresult *, long long, char **, struct store_error *));

/* Runs r on conn: 0 with the JSON in *json_out, or -1 with e filled. */
int store_read_run(PGconn *conn, const struct store_read *r, char **json_out,
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

/* The server's WAL write position (pg_current_wal_lsn()) into *out; 0, or -1
 * with e filled. Needs store_prepare_all() or store_prepare_core(). */
int store_wal_lsn(PGconn *conn, uint64_t *out, struct store_error *e);

/* A replica's replay position (pg_last_wal_replay_lsn()) into *out; 0, or -1
 * with e filled (STORE_NOT_FOUND: the server is not in recovery). */
int store_replay_lsn(PGconn *conn, uint64_t *out, struct store_error *e);

#endif
