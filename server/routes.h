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

#endif
