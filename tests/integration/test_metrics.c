/* test_metrics.c - GET /metrics scraped from a real saywho after known requests and
 * read with a strict parser of the Prometheus text exposition format. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exposition.h"
#include "harness.h"

/* The harness's server runs with DB_POOL_SIZE=3, THREADS=2. */
TestSuite(metrics, .init = suite_server_start, .fini = suite_server_stop, .timeout = 90);

static void call(const char *method, const char *path, int want_status)
{
  struct http_reply r;
  cr_assert_eq(http_call(&suite_server, method, path, NULL, NULL, 0, &r), 0, "%s %s", method, path);
  cr_assert_eq(r.status, want_status, "%s %s: %s", method, path, r.body);
  http_reply_free(&r);
}

/* Scrapes /metrics, checks the headers, parses strictly, checks histograms. */
static void scrape(struct expo *e)
{
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, "/metrics", &r), 0);
  cr_assert_eq(r.status, 200, "%s", r.body);
  char buf[128];
  const char *ct = http_header(&r, "Content-Type", buf, sizeof buf);
  cr_assert_not_null(ct);
  cr_expect(strncmp(ct, "text/plain; version=0.0.4", 25) == 0, "Content-Type %s", ct);
  cr_expect_null(http_header(&r, "ETag", buf, sizeof buf), "/metrics is never cached");
  char err[256];
  cr_assert_eq(expo_parse(r.body, r.body_len, e, err, sizeof err), 0, "%s\n%s", err, r.body);
  cr_assert_eq(expo_check_histograms(e, err, sizeof err), 0, "%s\n%s", err, r.body);
  http_reply_free(&r);
}

static double sample(const struct expo *e, const char *name, const char *const *labels)
{
  const struct expo_sample *s = expo_find(e, name, labels);
  return s ? s->value : -1;
}

/* The sum over every sample called name whose label has value. */
static double total(const struct expo *e, const char *name, const char *label, const char *value)
{
  double sum = 0;
  for (size_t i = 0; i < e->sample_count; i++) {
    const char *v = expo_label(&e->samples[i], label);
    if (strcmp(e->samples[i].name, name) == 0 && v != NULL && strcmp(v, value) == 0)
      sum += e->samples[i].value;
  }
  return sum;
}

static double requests(const struct expo *e, const char *method, const char *route,
                       const char *status)
{
  const char *labels[] = {"method", method, "route", route, "status", status, NULL};
  return sample(e, "saywho_http_requests_total", labels);
}

Test(metrics, counts_by_route_template_and_status)
{
  for (int i = 0; i < 3; i++)
    call("GET", "/health", 200);
  call("GET", "/health/live", 200);
  call("GET", "/openapi.json", 200);
  call("GET", "/no/such/thing", 404);
  call("GET", "/another/missing/path", 404);
  call("BREW", "/health", 405);

  struct expo e;
  scrape(&e);
  static const char *const families[][2] = {
    {"saywho_http_requests_total", "counter"},
    {"saywho_http_request_duration_seconds", "histogram"},
    {"saywho_http_requests_in_flight", "gauge"},
    {"saywho_db_pool_size", "gauge"},
    {"saywho_db_pool_in_use", "gauge"},
    {"saywho_db_pool_waits_total", "counter"},
    {"saywho_db_pool_timeouts_total", "counter"},
    {"saywho_db_errors_total", "counter"},
    {"saywho_articles_ingested_total", "counter"},
    {"saywho_statements_ingested_total", "counter"},
  };
  for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
    const struct expo_family *f = expo_family(&e, families[i][0]);
    cr_assert_not_null(f, "no family %s", families[i][0]);
    cr_expect_str_eq(f->type, families[i][1], "TYPE of %s", f->name);
    cr_expect(f->help != NULL && f->help[0] != '\0', "HELP of %s", f->name);
  }

  cr_expect_eq(requests(&e, "GET", "/health", "200"), 3);
  cr_expect_eq(requests(&e, "GET", "/health/live", "200"), 1);
  cr_expect_eq(requests(&e, "GET", "/openapi.json", "200"), 1);
  /* the path is not a label: both 404s land in one series */
  cr_expect_eq(requests(&e, "", "unmatched", "404"), 2);
  cr_expect_null(expo_find(&e, "saywho_http_requests_total",
                           (const char *const[]){"route", "/no/such/thing", NULL}));
  cr_expect_eq(total(&e, "saywho_http_requests_total", "status", "405"), 1,
               "the 405 is counted once");
  /* the scrape itself is counted when it completes, not in its own answer */
  cr_expect_eq(requests(&e, "GET", "/metrics", "200"), -1);

  const char *health[] = {"method", "GET", "route", "/health", NULL};
  cr_expect_eq(sample(&e, "saywho_http_request_duration_seconds_count", health), 3);
  const char *inf[] = {"route", "/health", "le", "+Inf", NULL};
  cr_expect_eq(sample(&e, "saywho_http_request_duration_seconds_bucket", inf), 3);
  cr_expect_geq(sample(&e, "saywho_http_request_duration_seconds_sum", health), 0);

  cr_expect_eq(sample(&e, "saywho_http_requests_in_flight", NULL), 1, "the scrape itself");
  cr_expect_eq(sample(&e, "saywho_db_pool_size", NULL), 3);
  double in_use = sample(&e, "saywho_db_pool_in_use", NULL);
  cr_expect(in_use >= 0 && in_use <= 3, "in use %g", in_use);
  cr_expect_geq(sample(&e, "saywho_db_pool_waits_total", NULL), 0);
  cr_expect_eq(sample(&e, "saywho_articles_ingested_total", NULL), 0);
  expo_free(&e);

  struct expo again;
  scrape(&again);
  cr_expect_eq(requests(&again, "GET", "/metrics", "200"), 1, "the first scrape, counted");
  cr_expect_eq(requests(&again, "GET", "/health", "200"), 3);
  expo_free(&again);
}

struct load {
  atomic_int stop;
  atomic_int failures;
};

static void *hammer(void *arg)
{
  struct load *l = arg;
  while (!atomic_load(&l->stop)) {
    struct http_reply r;
    if (http_get(&suite_server, "/health/live", &r) != 0 || r.status != 200)
      atomic_fetch_add(&l->failures, 1);
    http_reply_free(&r);
  }
  return NULL;
}

/* Scrapes taken while requests complete stay well-formed: buckets cumulative,
 * +Inf == _count, counters never going back. */
Test(metrics, scrapes_under_load_stay_consistent)
{
  struct load l = {0};
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    cr_assert_eq(pthread_create(&t[i], NULL, hammer, &l), 0);
  double last = 0;
  for (int i = 0; i < 25; i++) {
    struct expo e;
    scrape(&e);
    double n = total(&e, "saywho_http_requests_total", "route", "/health/live"); /* 0 at first */
    cr_expect_geq(n, last, "counter went back from %g to %g", last, n);
    if (n > last)
      last = n;
    double in_flight = sample(&e, "saywho_http_requests_in_flight", NULL);
    cr_expect(in_flight >= 1 && in_flight <= 5, "in flight %g", in_flight);
    expo_free(&e);
  }
  atomic_store(&l.stop, 1);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  cr_expect_eq(atomic_load(&l.failures), 0);
  cr_expect_gt(last, 0);
}
