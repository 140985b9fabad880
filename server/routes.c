/* routes.c - method + path template → handler, for the whole API. */
#include "routes.h"

#include "openapi.h"
#include "operations.h"

const struct route api_routes[] = {
  {HTTP_GET, "/health", handle_health},
  {HTTP_GET, "/health/live", handle_health_live},
  {HTTP_GET, "/metrics", handle_metrics},
  {HTTP_GET, "/openapi.json", handle_openapi},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
