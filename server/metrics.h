/* metrics.h - process counters for Prometheus (GET /metrics).
 * Lock-free: every counter is an atomic, so recording costs no contention. */
#ifndef SAYWHO_METRICS_H
#define SAYWHO_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "cache.h"
#include "db.h"
#include "router.h"

struct metrics;

/* Counters for routes[0..route_count) plus one slot for unmatched paths.
 * NULL on allocation failure. */
struct metrics *metrics_create(const struct route *routes, size_t route_count);
void metrics_free(struct metrics *m);

void metrics_request_begin(struct metrics *m);
/* route: the matched route, or NULL (404, preflight...). */
void metrics_request_end(struct metrics *m, const struct route *route, enum http_method method,
                         unsigned status, double seconds);
void metrics_ingested(struct metrics *m, unsigned articles, unsigned statements);
void metrics_db_error(struct metrics *m);
/* A GET or HEAD took a connection: the read replica's, or the primary's. */
void metrics_db_read(struct metrics *m, bool replica);

/* What became of an article rendering offered to the keeper (doc_keeper.h). */
enum metrics_doc { METRICS_DOC_KEPT, METRICS_DOC_REFUSED, METRICS_DOC_DROPPED };
void metrics_article_doc(struct metrics *m, enum metrics_doc outcome);

/* What /metrics says of the read replica (replica.h). */
struct metrics_replica {
  bool configured; /* DATABASE_READ_URL set */
  bool up;         /* in state OK: serving reads */
  unsigned long long lag_bytes;
};

/* The exposition text (version 0.0.4); caller frees. NULL on failure.
 * exports: the export pool's figures, or NULL to leave them out. */
char *metrics_render(struct metrics *m, const struct db_pool_stats *pool,
                     const struct db_pool_stats *exports, const struct cache_stats *cache,
                     const struct metrics_replica *replica, size_t *len);

#endif
