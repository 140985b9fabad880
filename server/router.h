/* router.h - maps a method and a path to a handler, with path parameters. */
#ifndef SAYWHO_ROUTER_H
#define SAYWHO_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

enum http_method {
  HTTP_GET,
  HTTP_HEAD,
  HTTP_POST,
  HTTP_PUT,
  HTTP_PATCH,
  HTTP_DELETE,
  HTTP_OPTIONS,
  HTTP_OTHER,
};

struct request;
struct response;
typedef void (*route_handler)(struct request *req, struct response *resp);

/* The first half of a read the front end may pipeline (server/pipeline.h):
 * fills out (store.h) for the request and returns true, or answers resp (a
 * malformed id) and returns false. The route's handler runs the same read
 * whole, on a worker, when the pipeline cannot take it. */
struct store_read;
typedef bool (*route_read)(struct request *req, struct response *resp, struct store_read *out);

struct route {
  enum http_method method; /* GET routes also answer HEAD */
  const char *pattern;     /* "/speakers/{ref}/statements": {name} matches one segment */
  route_handler handler;
  route_read read;         /* NULL: the handler alone */
};

#define ROUTE_MAX_PARAMS 4
#define ROUTE_PARAM_MAX 128 /* longest segment a parameter takes, in bytes */

struct route_param {
  char name[32];
  char value[ROUTE_PARAM_MAX + 1];
};

struct route_match {
  const struct route *route; /* NULL unless ROUTE_FOUND */
  size_t param_count;
  struct route_param params[ROUTE_MAX_PARAMS];
  char allow[128];           /* methods the path takes, for 405 and OPTIONS: "GET, HEAD, POST" */
};

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED };

enum http_method http_method_parse(const char *name);
const char *http_method_name(enum http_method m);

/* Finds the route for method and path among routes[0..n). OPTIONS is never
 * routed: it gets ROUTE_METHOD_NOT_ALLOWED with allow filled when the path
 * exists, so the caller answers the preflight. */
enum route_result router_match(const struct route *routes, size_t n, enum http_method method,
                               const char *path, struct route_match *out);

/* The value of path parameter name in m, or NULL. */
const char *route_match_param(const struct route_match *m, const char *name);

#endif
