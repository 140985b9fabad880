/* request.h - what a handler knows of a request, without any libmicrohttpd.
 *
 * The HTTP front end owns struct request and everything in it for the
 * life of the request; handlers only read it, except through
 * request_db(), whose connection the front end gives back after the
 * handler returns. */
#ifndef SAYWHO_REQUEST_H
#define SAYWHO_REQUEST_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "query.h"
#include "response.h"
#include "router.h"

struct request {
  struct app *app;
  enum http_method method;
  const char *path;          /* without the query string */
  struct query query;        /* its parameters (query.h) */
  struct route_match match;  /* route and path parameters */
  const char *body;          /* NUL-terminated (the body may contain NULs too) */
  size_t body_len;
  const char *actor;         /* name of the token that authorised a write, else NULL */
  char request_id[72];
  void *connection;          /* the front end's own; handlers do not use it */
  PGconn *db;                /* lent by request_db(), given back by the front end */
  struct db_pool *db_pool;   /* the pool db came from */
  bool db_replica;           /* db is the read replica's */
  uint64_t min_lsn;          /* Saywho-Min-LSN (0: none), parsed by the front end */
  uint64_t data_lsn;         /* what db's answers reflect at least (UINT64_MAX: no db used) */
};

/* A path parameter ("{ref}" → "ref"), or NULL. */
const char *request_param(const struct request *req, const char *name);

/* A query-string parameter (decoded), or NULL when absent. */
const char *request_query(const struct request *req, const char *name);

/* Calls fn for every query-string parameter, in order. */
typedef void (*request_query_fn)(void *ud, const char *key, const char *value);
void request_each_query(const struct request *req, request_query_fn fn, void *ud);

/* A request header, or NULL. */
const char *request_header(const struct request *req, const char *name);

/* A pooled connection for this request (the same one on every call). When
 * none can be had, fills resp with 503 and returns NULL.
 *
 * A GET or HEAD gets the read replica's when there is one in state OK and it
 * has replayed req->min_lsn (waiting up to READ_WAIT_MS for that), else the
 * primary's; every other method gets the primary's. Sets db_pool, db_replica
 * and data_lsn. */
PGconn *request_db(struct request *req, struct response *resp);

/* Gives the connection back to its pool (no-op without one). */
void request_release_db(struct request *req);

/* Like request_db(), with the readiness probe's own connection (GET /health):
 * a pool busy with slow requests does not fail the probe. */
PGconn *request_probe_db(struct request *req, struct response *resp);

#endif
