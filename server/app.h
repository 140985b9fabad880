/* app.h - what every request can reach: configuration, database pool, metrics.
 * One per process, built in main(); handlers see it read-only through
 * req->app, so replicas stay stateless beyond caches. */
#ifndef SAYWHO_APP_H
#define SAYWHO_APP_H

#include "config.h"
#include "db.h"
#include "metrics.h"
#include "router.h"

struct cache;        /* rendered GET answers (cache.h) */
struct invalidator;  /* keeps the cache coherent; NULL without a cache (invalidator.h) */
struct replica;      /* the read replica's state (replica.h) */
struct engine_cache; /* the text engine's compiled speaker tables (handlers/engine_cache.h) */
struct doc_keeper;   /* keeps articles read from their rows rendered (doc_keeper.h), or NULL */

struct app {
  const struct config *cfg;
  struct db_pool *db;      /* the primary (DATABASE_URL): writes, and reads when needed */
  struct db_pool *exports; /* EXPORTS_MAX connections, one held by each export for its length */
  struct db_pool *read_db; /* the read replica (DATABASE_READ_URL), or NULL */
  struct db_pool *read_exports; /* the replica's export connections, or NULL */
  struct replica *replica; /* its monitor, or NULL */
  struct metrics *metrics;
  struct engine_cache *engine;
  struct cache *cache;
  struct invalidator *invalidator;
  struct doc_keeper *docs;
  const struct route *routes;
  size_t route_count;
};

#endif
