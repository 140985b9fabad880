/* routes.h - the API's route table: every endpoint and its handler. */
#ifndef SAYWHO_ROUTES_H
#define SAYWHO_ROUTES_H

#include <stddef.h>

#include "router.h"

extern const struct route api_routes[];
extern const size_t api_route_count;

#endif
