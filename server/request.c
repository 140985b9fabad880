/* request.c - a handler's read access to its request. */
#include "request.h"

#include <microhttpd.h>
#include <stdio.h>

#include "log.h"

const char *request_param(const struct request *req, const char *name)
{
  return route_match_param(&req->match, name);
}

const char *request_query(const struct request *req, const char *name)
{
  return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

struct query_walk {
  request_query_fn fn;
  void *ud;
};

static enum MHD_Result visit_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
  (void)kind;
  struct query_walk *w = cls;
  w->fn(w->ud, key, value);
  return MHD_YES;
}

void request_each_query(const struct request *req, request_query_fn fn, void *ud)
{
  struct query_walk w = {fn, ud};
  MHD_get_connection_values(req->connection, MHD_GET_ARGUMENT_KIND, visit_query, &w);
}

const char *request_header(const struct request *req, const char *name)
{
  return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

/* A connection from acquire, or NULL after answering 503. */
static PGconn *lend(struct request *req, struct response *resp,
                    PGconn *(*acquire)(struct db_pool *, char *, size_t))
{
  if (req->db != NULL)
    return req->db;
  char err[256];
  req->db = acquire(req->app->db, err, sizeof err);
  if (req->db == NULL) {
    /* libpq's words name hosts, ports and sockets: they go to the log only. */
    log_msg(LOG_WARN, "request %s: no database connection: %s", req->request_id, err);
    response_problem(resp, 503, "database unavailable; try again shortly");
  }
  return req->db;
}

PGconn *request_db(struct request *req, struct response *resp)
{
  return lend(req, resp, db_acquire);
}

PGconn *request_probe_db(struct request *req, struct response *resp)
{
  return lend(req, resp, db_acquire_probe);
}
