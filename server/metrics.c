/* metrics.c - request counters, latency histograms and gauges in text format. */
#include "metrics.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned tracked_status[] = {200, 201, 204, 304, 400, 401, 403, 404,
                                          405, 406, 409, 413, 415, 422, 500, 503};
#define STATUS_SLOTS (sizeof tracked_status / sizeof tracked_status[0] + 1) /* + "other" */

static const double bucket_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                       0.1,    0.25,  0.5,    1,     2.5,  5,     10};
#define BUCKETS (sizeof bucket_bounds / sizeof bucket_bounds[0])

struct route_counters {
  atomic_ullong by_status[STATUS_SLOTS];
  atomic_ullong other_status_code; /* last status seen in the "other" slot */
  atomic_ullong buckets[BUCKETS];  /* not cumulative; summed when rendered */
  atomic_ullong count;
  atomic_ullong sum_us;
};

struct metrics {
  const struct route *routes;
  size_t route_count;
  atomic_llong in_flight;
  atomic_ullong db_errors;
  atomic_ullong articles_ingested;
  atomic_ullong statements_ingested;
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
  for (size_t i = 0; i < STATUS_SLOTS - 1; i++)
    if (tracked_status[i] == status)
      return i;
  return STATUS_SLOTS - 1;
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
  size_t slot = status_slot(status);
  atomic_fetch_add(&c->by_status[slot], 1);
  if (slot == STATUS_SLOTS - 1)
    atomic_store(&c->other_status_code, status);
  size_t b = 0;
  while (b < BUCKETS && seconds > bucket_bounds[b])
    b++;
  if (b < BUCKETS)
    atomic_fetch_add(&c->buckets[b], 1);
  atomic_fetch_add(&c->count, 1);
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

/* A growable text capped at a size no exposition of ours comes near. */
struct text {
  char *buf;
  size_t len, cap;
  int failed;
};

#define METRICS_TEXT_MAX (4u << 20)

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
  if (t->failed)
    return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
      t->failed = 1;
      return;
    }
    if ((size_t)n < t->cap - t->len) {
      t->len += (size_t)n;
      return;
    }
    size_t cap = t->cap * 2;
    char *grown = cap <= METRICS_TEXT_MAX ? realloc(t->buf, cap) : NULL;
    if (grown == NULL) {
      t->failed = 1;
      return;
    }
    t->buf = grown;
    t->cap = cap;
  }
}

static void route_label(const struct metrics *m, size_t r, char *out, size_t cap)
{
  if (r == m->route_count)
    snprintf(out, cap, "method=\"\",route=\"unmatched\"");
  else
    snprintf(out, cap, "method=\"%s\",route=\"%s\"", http_method_name(m->routes[r].method),
             m->routes[r].pattern);
}

static void render_requests(struct metrics *m, struct text *t)
{
  char label[256];
  put(t, "# HELP saywho_http_requests_total HTTP requests answered, by route template and status.\n"
         "# TYPE saywho_http_requests_total counter\n");
  for (size_t r = 0; r <= m->route_count; r++) {
    route_label(m, r, label, sizeof label);
    for (size_t s = 0; s < STATUS_SLOTS; s++) {
      unsigned long long n = atomic_load(&m->per_route[r].by_status[s]);
      if (n == 0)
        continue;
      unsigned code = s < STATUS_SLOTS - 1 ? tracked_status[s]
                                           : (unsigned)atomic_load(&m->per_route[r].other_status_code);
      put(t, "saywho_http_requests_total{%s,status=\"%u\"} %llu\n", label, code, n);
    }
  }
  put(t, "# HELP saywho_http_request_duration_seconds Time from request to response.\n"
         "# TYPE saywho_http_request_duration_seconds histogram\n");
  for (size_t r = 0; r <= m->route_count; r++) {
    struct route_counters *c = &m->per_route[r];
    unsigned long long count = atomic_load(&c->count);
    if (count == 0)
      continue;
    route_label(m, r, label, sizeof label);
    unsigned long long cumulative = 0;
    for (size_t b = 0; b < BUCKETS; b++) {
      cumulative += atomic_load(&c->buckets[b]);
      put(t, "saywho_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n", label,
          bucket_bounds[b], cumulative);
    }
    put(t, "saywho_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n", label, count);
    put(t, "saywho_http_request_duration_seconds_sum{%s} %.6f\n", label,
        (double)atomic_load(&c->sum_us) / 1e6);
    put(t, "saywho_http_request_duration_seconds_count{%s} %llu\n", label, count);
  }
}

char *metrics_render(struct metrics *m, const struct db_pool_stats *pool, size_t *len)
{
  struct text t = {malloc(8192), 0, 8192, 0};
  if (t.buf == NULL)
    return NULL;
  render_requests(m, &t);
  put(&t,
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
      "saywho_statements_ingested_total %llu\n",
      (long long)atomic_load(&m->in_flight), pool->size, pool->in_use, pool->waits,
      pool->timeouts, pool->errors + atomic_load(&m->db_errors),
      atomic_load(&m->articles_ingested), atomic_load(&m->statements_ingested));
  if (t.failed) {
    free(t.buf);
    return NULL;
  }
  *len = t.len;
  return t.buf;
}
