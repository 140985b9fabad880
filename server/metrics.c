/* metrics.c - request counters, latency histograms and gauges in text format. */
#include "metrics.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"

/* Every status 100-599 gets its own counter, so no two codes ever share a
 * series; slot 0 holds the rest (0: the client went away before an answer). */
#define STATUS_MIN 100
#define STATUS_MAX 599
#define STATUS_SLOTS (STATUS_MAX - STATUS_MIN + 2)

static const double bucket_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                       0.1,    0.25,  0.5,    1,     2.5,  5,     10};
#define BUCKETS (sizeof bucket_bounds / sizeof bucket_bounds[0])

struct route_counters {
  atomic_ullong by_status[STATUS_SLOTS];
  atomic_ullong buckets[BUCKETS + 1]; /* not cumulative; the last is above the largest bound */
  atomic_ullong sum_us;
};

struct metrics {
  const struct route *routes;
  size_t route_count;
  atomic_llong in_flight;
  atomic_ullong db_errors;
  atomic_ullong reads_replica, reads_primary;
  atomic_ullong articles_ingested;
  atomic_ullong statements_ingested;
  atomic_ullong article_docs[3]; /* by enum metrics_doc */
  struct route_counters per_route[]; /* route_count + 1: the last is unmatched */
};

struct metrics *metrics_create(const struct route *routes, size_t route_count)
{
  struct metrics *m = calloc(1, sizeof *m + (route_count + 1) * sizeof(struct route_counters));
  if (m == NULL)
    return NULL;
  m->routes = routes;
  m->route_count = route_count;
  return m;
}

void metrics_free(struct metrics *m)
{
  free(m);
}

void metrics_request_begin(struct metrics *m)
{
  atomic_fetch_add(&m->in_flight, 1);
}

static size_t status_slot(unsigned status)
{
  return status >= STATUS_MIN && status <= STATUS_MAX ? status - STATUS_MIN + 1 : 0;
}

void metrics_request_end(struct metrics *m, const struct route *route, enum http_method method,
                         unsigned status, double seconds)
{
  (void)method;
  atomic_fetch_sub(&m->in_flight, 1);
  size_t r = route ? (size_t)(route - m->routes) : m->route_count;
  if (r > m->route_count)
    r = m->route_count;
  struct route_counters *c = &m->per_route[r];
  atomic_fetch_add(&c->by_status[status_slot(status)], 1);
  size_t b = 0;
  while (b < BUCKETS && seconds > bucket_bounds[b])
    b++;
  atomic_fetch_add(&c->buckets[b], 1);
  atomic_fetch_add(&c->sum_us, (unsigned long long)(seconds * 1e6));
}

void metrics_ingested(struct metrics *m, unsigned articles, unsigned statements)
{
  atomic_fetch_add(&m->articles_ingested, articles);
  atomic_fetch_add(&m->statements_ingested, statements);
}

void metrics_db_error(struct metrics *m)
{
  atomic_fetch_add(&m->db_errors, 1);
}

/* A cap no exposition of ours comes near. */
#define METRICS_TEXT_MAX (4u << 20)
/* dynbuf_addf() results are not checked one by one: a failure sticks, and
 * dynbuf_take() reports it once. */

/* Appends s as a label value: backslash, double quote and line feed escaped. */
static void put_label_value(struct dynbuf *t, const char *s)
{
  for (; *s != '\0'; s++) {
    if (*s == '\\')
      dynbuf_addf(t, "\\\\");
    else if (*s == '"')
      dynbuf_addf(t, "\\\"");
    else if (*s == '\n')
      dynbuf_addf(t, "\\n");
    else
      dynbuf_addf(t, "%c", *s);
  }
}

/* Opens a series: name{method="GET",route="/speakers/{ref}" (the caller adds
 * any further labels and the closing brace). */
static void put_series(struct dynbuf *t, const struct metrics *m, const char *name, size_t r)
{
  dynbuf_addf(t, "%s{method=\"%s\",route=\"", name,
      r == m->route_count ? "" : http_method_name(m->routes[r].method));
  put_label_value(t, r == m->route_count ? "unmatched" : m->routes[r].pattern);
  dynbuf_addf(t, "\"");
}

static void render_requests(struct metrics *m, struct dynbuf *t)
{
  dynbuf_addf(t, "# HELP saywho_http_requests_total HTTP requests answered, by route template and status "
         "(status 0: the client left before an answer).\n"
         "# TYPE saywho_http_requests_total counter\n");
  for (size_t r = 0; r <= m->route_count; r++) {
    for (size_t s = 0; s < STATUS_SLOTS; s++) {
      unsigned long long n = atomic_load(&m->per_route[r].by_status[s]);
      if (n == 0)
        continue;
      put_series(t, m, "saywho_http_requests_total", r);
      dynbuf_addf(t, ",status=\"%u\"} %llu\n", s == 0 ? 0u : (unsigned)(s - 1 + STATUS_MIN), n);
    }
  }
  dynbuf_addf(t, "# HELP saywho_http_request_duration_seconds Time from request to response.\n"
         "# TYPE saywho_http_request_duration_seconds histogram\n");
  for (size_t r = 0; r <= m->route_count; r++) {
    struct route_counters *c = &m->per_route[r];
    /* One load per bucket: the cumulative series, +Inf and _count all come from
     * the same snapshot, so they agree even while requests are being counted. */
    unsigned long long snap[BUCKETS + 1], count = 0;
    for (size_t b = 0; b <= BUCKETS; b++)
      count += snap[b] = atomic_load(&c->buckets[b]);
    if (count == 0)
      continue;
    unsigned long long cumulative = 0;
    for (size_t b = 0; b < BUCKETS; b++) {
      cumulative += snap[b];
      put_series(t, m, "saywho_http_request_duration_seconds_bucket", r);
      dynbuf_addf(t, ",le=\"%g\"} %llu\n", bucket_bounds[b], cumulative);
    }
    put_series(t, m, "saywho_http_request_duration_seconds_bucket", r);
    dynbuf_addf(t, ",le=\"+Inf\"} %llu\n", count);
    put_series(t, m, "saywho_http_request_duration_seconds_sum", r);
    dynbuf_addf(t, "} %.6f\n", (double)atomic_load(&c->sum_us) / 1e6);
    put_series(t, m, "saywho_http_request_duration_seconds_count", r);
    dynbuf_addf(t, "} %llu\n", count);
  }
}

void metrics_article_doc(struct metrics *m, enum metrics_doc outcome)
{
  atomic_fetch_add(&m->article_docs[outcome], 1);
}

void metrics_db_read(struct metrics *m, bool replica)
{
  atomic_fetch_add(replica ? &m->reads_replica : &m->reads_primary, 1);
}

char *metrics_render(struct metrics *m, const struct db_pool_stats *pool,
                     const struct db_pool_stats *exports, const struct cache_stats *cache,
                     const struct metrics_replica *replica, size_t *len)
{
  struct dynbuf t;
  dynbuf_init(&t, METRICS_TEXT_MAX);
  render_requests(m, &t);
  dynbuf_addf(&t,
      "# HELP saywho_http_requests_in_flight Requests being answered now.\n"
      "# TYPE saywho_http_requests_in_flight gauge\n"
      "saywho_http_requests_in_flight %lld\n"
      "# HELP saywho_db_pool_size PostgreSQL connections in the pool.\n"
      "# TYPE saywho_db_pool_size gauge\n"
      "saywho_db_pool_size %u\n"
      "# HELP saywho_db_pool_in_use Connections lent to requests now.\n"
      "# TYPE saywho_db_pool_in_use gauge\n"
      "saywho_db_pool_in_use %u\n"
      "# HELP saywho_db_pool_waits_total Requests that waited for a free connection.\n"
      "# TYPE saywho_db_pool_waits_total counter\n"
      "saywho_db_pool_waits_total %llu\n"
      "# HELP saywho_db_pool_timeouts_total Requests that got no connection in time.\n"
      "# TYPE saywho_db_pool_timeouts_total counter\n"
      "saywho_db_pool_timeouts_total %llu\n"
      "# HELP saywho_db_errors_total Failed connects, broken connections and failed queries.\n"
      "# TYPE saywho_db_errors_total counter\n"
      "saywho_db_errors_total %llu\n"
      "# HELP saywho_articles_ingested_total Articles created.\n"
      "# TYPE saywho_articles_ingested_total counter\n"
      "saywho_articles_ingested_total %llu\n"
      "# HELP saywho_statements_ingested_total Statements stored by ingest and extraction.\n"
      "# TYPE saywho_statements_ingested_total counter\n"
      "saywho_statements_ingested_total %llu\n"
      "# HELP saywho_article_docs_total Articles rendered from their rows and offered to be kept "
      "rendered, by outcome (refused: a write came in between, or kept already; dropped: not "
      "written, the keeper's queue being full or its database out of reach).\n"
      "# TYPE saywho_article_docs_total counter\n"
      "saywho_article_docs_total{outcome=\"kept\"} %llu\n"
      "saywho_article_docs_total{outcome=\"refused\"} %llu\n"
      "saywho_article_docs_total{outcome=\"dropped\"} %llu\n",
      (long long)atomic_load(&m->in_flight), pool->size, pool->in_use, pool->waits,
      pool->timeouts, pool->errors + atomic_load(&m->db_errors),
      atomic_load(&m->articles_ingested), atomic_load(&m->statements_ingested),
      atomic_load(&m->article_docs[METRICS_DOC_KEPT]),
      atomic_load(&m->article_docs[METRICS_DOC_REFUSED]),
      atomic_load(&m->article_docs[METRICS_DOC_DROPPED]));
  if (exports != NULL)
    dynbuf_addf(&t,
        "# HELP saywho_exports_max Exports that may stream at once (EXPORTS_MAX).\n"
        "# TYPE saywho_exports_max gauge\n"
        "saywho_exports_max %u\n"
        "# HELP saywho_exports_running Exports streaming now, each holding a connection.\n"
        "# TYPE saywho_exports_running gauge\n"
        "saywho_exports_running %u\n"
        "# HELP saywho_exports_refused_total Exports answered 503: EXPORTS_MAX were running.\n"
        "# TYPE saywho_exports_refused_total counter\n"
        "saywho_exports_refused_total %llu\n",
        exports->size, exports->in_use, exports->timeouts);
  dynbuf_addf(&t,
      "# HELP saywho_cache_enabled 1 while the response cache serves (it listens for invalidations).\n"
      "# TYPE saywho_cache_enabled gauge\n"
      "saywho_cache_enabled %d\n"
      "# HELP saywho_cache_hits_total GET answers served from the response cache.\n"
      "# TYPE saywho_cache_hits_total counter\n"
      "saywho_cache_hits_total %llu\n"
      "# HELP saywho_cache_misses_total Cacheable GETs the cache could not answer.\n"
      "# TYPE saywho_cache_misses_total counter\n"
      "saywho_cache_misses_total %llu\n"
      "# HELP saywho_cache_evictions_total Entries dropped to stay within CACHE_BYTES.\n"
      "# TYPE saywho_cache_evictions_total counter\n"
      "saywho_cache_evictions_total %llu\n"
      "# HELP saywho_cache_flushes_total Whole-cache invalidations (writes seen, listener lost).\n"
      "# TYPE saywho_cache_flushes_total counter\n"
      "saywho_cache_flushes_total %llu\n"
      "# HELP saywho_cache_syncs_total Round trips on the listener connection: leases for hits, releases of parked hits.\n"
      "# TYPE saywho_cache_syncs_total counter\n"
      "saywho_cache_syncs_total %llu\n"
      "# HELP saywho_cache_sync_timeouts_total Hits answered from PostgreSQL: no sync within the wait.\n"
      "# TYPE saywho_cache_sync_timeouts_total counter\n"
      "saywho_cache_sync_timeouts_total %llu\n"
      "# HELP saywho_cache_bytes Bytes the cached entries take (of CACHE_BYTES).\n"
      "# TYPE saywho_cache_bytes gauge\n"
      "saywho_cache_bytes %zu\n"
      "# HELP saywho_cache_entries Answers in the cache.\n"
      "# TYPE saywho_cache_entries gauge\n"
      "saywho_cache_entries %zu\n",
      cache->enabled ? 1 : 0, cache->hits, cache->misses, cache->evictions, cache->flushes,
      cache->syncs, cache->sync_timeouts, cache->bytes, cache->entries);
  dynbuf_addf(&t,
      "# HELP saywho_db_read_replica_configured 1 when DATABASE_READ_URL names a read replica.\n"
      "# TYPE saywho_db_read_replica_configured gauge\n"
      "saywho_db_read_replica_configured %d\n"
      "# HELP saywho_db_read_replica_up 1 while the read replica serves reads (answers, lag within READ_MAX_LAG_BYTES).\n"
      "# TYPE saywho_db_read_replica_up gauge\n"
      "saywho_db_read_replica_up %d\n"
      "# HELP saywho_db_read_replica_lag_bytes Bytes of WAL the read replica was behind the primary at the last check.\n"
      "# TYPE saywho_db_read_replica_lag_bytes gauge\n"
      "saywho_db_read_replica_lag_bytes %llu\n"
      "# HELP saywho_db_reads_total GET and HEAD requests that used a database connection, by server.\n"
      "# TYPE saywho_db_reads_total counter\n"
      "saywho_db_reads_total{server=\"replica\"} %llu\n"
      "saywho_db_reads_total{server=\"primary\"} %llu\n",
      replica->configured ? 1 : 0, replica->up ? 1 : 0, replica->lag_bytes,
      atomic_load(&m->reads_replica), atomic_load(&m->reads_primary));
  return dynbuf_take(&t, len);
}
