/* routes.h - the API's route table: every endpoint and its handler. */
#ifndef SAYWHO_ROUTES_H
#define SAYWHO_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "router.h"

extern const struct route api_routes[];
extern const size_t api_route_count;

/* Whether route r answers from memory (liveness, metrics, the OpenAPI
 * document), so the front end runs it on the I/O thread instead of a
 * worker: /health/live answers even when every worker waits on PostgreSQL. */
bool route_runs_inline(const struct route *r);

/* Whether r is the readiness probe, which runs on a worker and a database
 * connection of its own, so that busy workers do not fail it. */
bool route_is_probe(const struct route *r);

/* Whether the route's GET answers may be kept in the cache (server/cache.h):
 * the reads built only from tables that notify on writes (migrations/007). */
bool route_is_cached(const struct route *r);

#endif
