/* test_metrics.c - the /metrics exposition rendered from known counters, read back
 * with a strict parser: label escaping, one series per status, histogram shape. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exposition.h"
#include "metrics.h"

static void nop(struct request *req, struct response *resp)
{
  (void)req;
  (void)resp;
}

/* Patterns no real route has, to exercise the escaping of label values. */
static const struct route odd_routes[] = {
  {HTTP_GET, "/plain/{id}", nop, NULL},
  {HTTP_POST, "/quote\"d", nop, NULL},
  {HTTP_DELETE, "/back\\slash", nop, NULL},
  {HTTP_PUT, "/new\nline", nop, NULL},
};

static struct expo render(struct metrics *m)
{
  struct db_pool_stats pool = {.size = 4, .in_use = 1, .waits = 7, .timeouts = 2, .errors = 3};
  struct cache_stats cache = {.hits = 5, .misses = 6, .evictions = 1, .bytes = 4096, .enabled = true};
  struct metrics_replica replica = {.configured = true, .up = true, .lag_bytes = 8192};
  size_t len = 0;
  char *text = metrics_render(m, &pool, NULL, &cache, &replica, &len);
  cr_assert_not_null(text);
  cr_assert_eq(strlen(text), len);
  struct expo e;
  char err[256];
  cr_assert_eq(expo_parse(text, len, &e, err, sizeof err), 0, "%s\n%s", err, text);
  cr_assert_eq(expo_check_histograms(&e, err, sizeof err), 0, "%s\n%s", err, text);
  free(text);
  return e;
}

static double value(const struct expo *e, const char *name, const char *const *labels)
{
  const struct expo_sample *s = expo_find(e, name, labels);
  cr_assert_not_null(s, "no sample %s", name);
  return s->value;
}

Test(metrics, label_values_are_escaped)
{
  struct metrics *m = metrics_create(odd_routes, 4);
  cr_assert_not_null(m);
  for (size_t i = 0; i < 4; i++) {
    metrics_request_begin(m);
    metrics_request_end(m, &odd_routes[i], odd_routes[i].method, 200, 0.001);
  }
  struct expo e = render(m);
  for (size_t i = 0; i < 4; i++) {
    const char *labels[] = {"route", odd_routes[i].pattern, "status", "200", NULL};
    cr_expect_eq(value(&e, "saywho_http_requests_total", labels), 1.0, "route %s",
                 odd_routes[i].pattern);
    const char *hist[] = {"route", odd_routes[i].pattern, NULL};
    cr_expect_eq(value(&e, "saywho_http_request_duration_seconds_count", hist), 1.0);
  }
  const char *post[] = {"method", "POST", "route", "/quote\"d", NULL};
  cr_expect_not_null(expo_find(&e, "saywho_http_requests_total", post));
  expo_free(&e);
  metrics_free(m);
}

Test(metrics, every_status_has_its_own_series)
{
  struct metrics *m = metrics_create(odd_routes, 4);
  cr_assert_not_null(m);
  const unsigned statuses[] = {200, 200, 418, 429, 503, 599, 0, 700};
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
    metrics_request_begin(m);
    metrics_request_end(m, &odd_routes[0], HTTP_GET, statuses[i], 0.01);
  }
  metrics_request_begin(m);
  metrics_request_end(m, NULL, HTTP_GET, 404, 0.01);
  struct expo e = render(m);
  const struct {
    const char *status;
    double n;
  } want[] = {{"200", 2}, {"418", 1}, {"429", 1}, {"503", 1}, {"599", 1}, {"0", 2}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const char *labels[] = {"route", "/plain/{id}", "status", want[i].status, NULL};
    cr_expect_eq(value(&e, "saywho_http_requests_total", labels), want[i].n, "status %s",
                 want[i].status);
  }
  const char *unmatched[] = {"route", "unmatched", "method", "", "status", "404", NULL};
  cr_expect_eq(value(&e, "saywho_http_requests_total", unmatched), 1.0);
  const char *none[] = {"route", "/plain/{id}", "status", "700", NULL};
  cr_expect_null(expo_find(&e, "saywho_http_requests_total", none));
  expo_free(&e);
  metrics_free(m);
}

Test(metrics, histogram_buckets_sum_and_count)
{
  struct metrics *m = metrics_create(odd_routes, 4);
  cr_assert_not_null(m);
  const double secs[] = {0.0001, 0.0005, 0.003, 0.2, 20.0};
  for (size_t i = 0; i < 5; i++) {
    metrics_request_begin(m);
    metrics_request_end(m, &odd_routes[0], HTTP_GET, 200, secs[i]);
  }
  struct expo e = render(m);
  const char *le[][2] = {{"0.0005", "2"}, {"0.001", "2"}, {"0.005", "3"},
                         {"0.25", "4"},   {"10", "4"},    {"+Inf", "5"}};
  for (size_t i = 0; i < 6; i++) {
    const char *labels[] = {"route", "/plain/{id}", "le", le[i][0], NULL};
    cr_expect_eq(value(&e, "saywho_http_request_duration_seconds_bucket", labels),
                 atof(le[i][1]), "le=%s", le[i][0]);
  }
  const char *r[] = {"route", "/plain/{id}", NULL};
  cr_expect_eq(value(&e, "saywho_http_request_duration_seconds_count", r), 5.0);
  cr_expect(fabs(value(&e, "saywho_http_request_duration_seconds_sum", r) - 20.2036) < 1e-5);
  const char *other[] = {"route", "/quote\"d", NULL};
  cr_expect_null(expo_find(&e, "saywho_http_request_duration_seconds_count", other),
                 "routes never requested have no histogram");
  expo_free(&e);
  metrics_free(m);
}

Test(metrics, gauges_and_counters)
{
  struct metrics *m = metrics_create(odd_routes, 4);
  cr_assert_not_null(m);
  metrics_request_begin(m);
  metrics_request_begin(m);
  metrics_request_end(m, &odd_routes[0], HTTP_GET, 200, 0.01);
  metrics_ingested(m, 1, 31);
  metrics_ingested(m, 2, 9);
  metrics_db_error(m);
  metrics_db_read(m, true);
  metrics_db_read(m, true);
  metrics_db_read(m, false);
  struct expo e = render(m);
  const struct {
    const char *name, *type;
    double v;
  } want[] = {
    {"saywho_http_requests_in_flight", "gauge", 1},   {"saywho_db_pool_size", "gauge", 4},
    {"saywho_db_pool_in_use", "gauge", 1},            {"saywho_db_pool_waits_total", "counter", 7},
    {"saywho_db_pool_timeouts_total", "counter", 2},  {"saywho_db_errors_total", "counter", 4},
    {"saywho_articles_ingested_total", "counter", 3}, {"saywho_statements_ingested_total", "counter", 40},
    {"saywho_db_read_replica_configured", "gauge", 1}, {"saywho_db_read_replica_up", "gauge", 1},
    {"saywho_db_read_replica_lag_bytes", "gauge", 8192},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const struct expo_family *f = expo_family(&e, want[i].name);
    cr_assert_not_null(f, "%s", want[i].name);
    cr_expect_str_eq(f->type, want[i].type, "%s", want[i].name);
    cr_expect_not_null(f->help, "%s has HELP", want[i].name);
    cr_expect_eq(value(&e, want[i].name, NULL), want[i].v, "%s", want[i].name);
  }
  const char *replica[] = {"server", "replica", NULL}, *primary[] = {"server", "primary", NULL};
  cr_expect_eq(value(&e, "saywho_db_reads_total", replica), 2.0);
  cr_expect_eq(value(&e, "saywho_db_reads_total", primary), 1.0);
  expo_free(&e);
  metrics_free(m);
}

/* The parser itself must refuse what Prometheus refuses. */
Test(metrics, parser_rejects_malformed_exposition)
{
  static const char *const bad[] = {
    "x 1\n",                                             /* no TYPE */
    "# TYPE x counter\nx 1",                             /* no final newline */
    "# TYPE x counter\nx{a=\"b} 1\n",                    /* unterminated value */
    "# TYPE x counter\nx{a=\"\\t\"} 1\n",                /* bad escape */
    "# TYPE x counter\nx{a=\"1\",a=\"2\"} 1\n",          /* label twice */
    "# TYPE x counter\nx 1\nx 2\n",                      /* repeated series */
    "# TYPE x counter\n# TYPE x gauge\nx 1\n",           /* second TYPE */
    "# TYPE x counter\nx one\n",                         /* bad value */
    "# TYPE x counter\n# TYPE y gauge\nx 1\ny 1\nx{a=\"b\"} 1\n", /* split family */
    "# TYPE x wibble\nx 1\n",                            /* unknown type */
    "# TYPE 9x counter\n",                               /* bad name */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct expo e;
    char err[128];
    cr_expect_eq(expo_parse(bad[i], strlen(bad[i]), &e, err, sizeof err), -1, "accepted: %s",
                 bad[i]);
  }
  static const char *const bad_histograms[] = {
    "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
    "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n",
    "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\nh_sum 1\nh_count 2\n",
    "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
    "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
  };
  for (size_t i = 0; i < sizeof bad_histograms / sizeof bad_histograms[0]; i++) {
    struct expo e;
    char err[128];
    const char *t = bad_histograms[i];
    cr_assert_eq(expo_parse(t, strlen(t), &e, err, sizeof err), 0, "%s: %s", err, t);
    cr_expect_eq(expo_check_histograms(&e, err, sizeof err), -1, "accepted: %s", t);
    expo_free(&e);
  }
  const char *good = "# HELP h A \\\\ help\\nline.\n# TYPE h histogram\n"
                     "h_bucket{a=\"x\\\"y\",le=\"0.5\"} 1\nh_bucket{a=\"x\\\"y\",le=\"+Inf\"} 2\n"
                     "h_sum{a=\"x\\\"y\"} 1.5\nh_count{a=\"x\\\"y\"} 2 1700000000000\n";
  struct expo e;
  char err[128];
  cr_assert_eq(expo_parse(good, strlen(good), &e, err, sizeof err), 0, "%s", err);
  cr_expect_eq(expo_check_histograms(&e, err, sizeof err), 0, "%s", err);
  cr_expect_str_eq(expo_family(&e, "h")->help, "A \\ help\nline.");
  const char *l[] = {"a", "x\"y", NULL};
  cr_expect_eq(expo_find(&e, "h_count", l)->value, 2.0);
  expo_free(&e);
}
