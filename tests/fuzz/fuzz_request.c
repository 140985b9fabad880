/* fuzz_request.c - libFuzzer target for the request path's pure parts: the
 * router (method and path), then the matched handler itself, with its query
 * parameters, cursor decoding, headers and JSON body checks. There is no
 * database: the pool has no connection, so a request that passes every check
 * ends in request_db()'s 503. The input is a request in a plain layout:
 *   METHOD SP PATH [? QUERY] LF (Name: value LF)* LF BODY
 * This file stands in for server/request.c (which reads libmicrohttpd's
 * connection); the query is parsed by server/query.c, as the front end
 * parses it. Build and run: scripts/fuzz-request. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "engine_cache.h"
#include "request.h"
#include "response.h"
#include "routes.h"

#define FUZZ_MAX_PAIRS 64

struct pair {
  char *key, *value;
};

/* What one input's headers decode to; the accessors below read it. */
static struct {
  struct pair headers[FUZZ_MAX_PAIRS];
  size_t nheaders;
} in;

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
  (void)req;
  for (size_t i = 0; i < in.nheaders; i++)
    if (strcasecmp(in.headers[i].key, name) == 0)
      return in.headers[i].value;
  return NULL;
}

PGconn *request_db(struct request *req, struct response *resp)
{
  char err[128];
  req->db = db_acquire(req->app->db, err, sizeof err); /* a pool of none: always NULL */
  if (req->db == NULL)
    response_problem(resp, 503, "the database is unavailable: %s", err);
  return req->db;
}

PGconn *request_probe_db(struct request *req, struct response *resp)
{
  (void)req; /* the probe would connect for real: the fuzzer has no database */
  response_problem(resp, 503, "database unavailable; try again shortly");
  return NULL;
}

/* Splits s (modified) at sep into pairs at kv: "k=v" or "k: v". */
static size_t split_pairs(char *s, const char *sep, const char *kv, struct pair *out)
{
  size_t n = 0;
  for (char *save = NULL, *tok = strtok_r(s, sep, &save); tok != NULL && n < FUZZ_MAX_PAIRS;
       tok = strtok_r(NULL, sep, &save)) {
    char *mid = strstr(tok, kv);
    if (mid != NULL) {
      *mid = '\0';
      mid += strlen(kv);
    }
    out[n++] = (struct pair){tok, mid != NULL ? mid : (char *)""};
  }
  return n;
}

static struct app *fuzz_app(void)
{
  static struct app app;
  static struct config cfg = {.max_body_bytes = 1 << 20};
  if (app.cfg == NULL) {
    struct db_pool_options opts = {.conninfo = "", .size = 0, .wait_ms = 0};
    app.cfg = &cfg;
    app.db = db_pool_create(&opts);
    app.exports = db_pool_create(&opts);
    app.metrics = metrics_create(api_routes, api_route_count);
    app.engine = engine_cache_create();
    app.routes = api_routes;
    app.route_count = api_route_count;
    if (app.db == NULL || app.exports == NULL || app.metrics == NULL || app.engine == NULL)
      abort();
  }
  return &app;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct app *app = fuzz_app();
  char *text = malloc(size + 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  /* The head ends at the first empty line; the body (any bytes) follows. */
  char *body = strstr(text, "\n\n");
  size_t body_len = 0;
  if (body != NULL) {
    *body = '\0';
    body += 2;
    body_len = size - (size_t)(body - text);
  }
  char *line_end = strchr(text, '\n');
  char *header_text = line_end != NULL ? line_end + 1 : NULL;
  if (line_end != NULL)
    *line_end = '\0';
  char *path = strchr(text, ' ');
  if (path != NULL)
    *path++ = '\0';
  else
    path = text + strlen(text);
  char *query = strchr(path, '?');
  if (query != NULL)
    *query++ = '\0';
  in.nheaders = header_text != NULL ? split_pairs(header_text, "\n", ": ", in.headers) : 0;

  struct request req = {.app = app, .path = path, .method = http_method_parse(text),
                        .actor = "fuzz"};
  if (query != NULL && query_parse(&req.query, query, strlen(query)) != 0) {
    free(text);
    return 0;
  }
  struct response resp = {0};
  enum route_result rr =
      router_match(app->routes, app->route_count, req.method, req.path, &req.match);
  if (rr == ROUTE_FOUND) {
    req.body = body != NULL ? body : "";
    req.body_len = body_len;
    req.match.route->handler(&req, &resp);
    /* Every answer without a database is a refusal or the pool's 503. */
    if (resp.status < 200 || resp.status == 500 || resp.status > 503)
      abort();
  }
  response_clear(&resp);
  query_free(&req.query);
  free(text);
  return 0;
}
