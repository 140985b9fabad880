/* test_cache.c - the response cache: two replicas on one database stay
 * coherent through LISTEN/NOTIFY, a cached ETag answers 304, and the cache
 * changes no answer. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api_helpers.h"

/* How long a replica may take to see another's committed write: the
 * notification's trip from PostgreSQL to its listener (README, Cache). */
#define STALE_BOUND_MS 1000

/* Waits until s's cache listens (it starts off until LISTEN succeeds). */
static void wait_cache_on(const struct test_server *s)
{
  double t0 = test_now_ms();
  while (test_metric(s, "saywho_cache_enabled") != 1) {
    cr_assert_lt(test_now_ms() - t0, 5000, "the cache never turned on");
    usleep(20000);
  }
}

/* The tests of this file take turns with the read-after-write loop, whose
 * writes flush every cache on the database for a second or two and would
 * starve the others of hits: it holds this advisory lock alone, they share
 * it. Released when db closes. */
#define TURN_LOCK "7310010"

static void take_turn(PGconn *db, bool alone)
{
  test_db_exec(db, alone ? "SELECT pg_advisory_lock(" TURN_LOCK ")"
                         : "SELECT pg_advisory_lock_shared(" TURN_LOCK ")");
}

/* Suites that run beside this one write to the same database, and every
 * write flushes every cache: a hit is expected within a few tries. */
#define HIT_TRIES 20

/* GET path's body on s (200 expected); caller frees. */
static char *body_of(const struct test_server *s, const char *path)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, path, &r), 0);
  cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
  char *b = strdup(r.body);
  http_reply_free(&r);
  return b;
}

/* Polls GET path on s until its body contains needle; the milliseconds it took. */
static double wait_for_body(const struct test_server *s, const char *path, const char *needle)
{
  double t0 = test_now_ms();
  for (;;) {
    char *b = body_of(s, path);
    bool seen = strstr(b, needle) != NULL;
    free(b);
    double took = test_now_ms() - t0;
    if (seen)
      return took;
    cr_assert_lt(took, STALE_BOUND_MS, "GET %s still stale after %d ms", path, STALE_BOUND_MS);
    usleep(2000);
  }
}

Test(cache, a_write_through_one_replica_reaches_the_other, .init = require_database,
     .timeout = 60)
{
  struct test_server a, b;
  server_start(&a, NULL);
  server_start(&b, NULL);
  PGconn *db = test_db();
  take_turn(db, false);
  wait_cache_on(&b);
  long long id = make_article(db, "2026-03-01", 3, NULL);
  char path[64], list[96];
  snprintf(path, sizeof path, "/articles/%lld", id);
  snprintf(list, sizeof list, "/articles/%lld/statements", id);
  bool hit = false;
  for (int i = 0; i < HIT_TRIES && !hit; i++) {
    free(body_of(&b, path));
    free(body_of(&b, list));
    long long hits = test_metric(&b, "saywho_cache_hits_total");
    free(body_of(&b, path));
    free(body_of(&b, list));
    hit = test_metric(&b, "saywho_cache_hits_total") == hits + 2;
  }
  cr_assert(hit, "the second reads are hits");

  char title[96], patch[160];
  snprintf(title, sizeof title, "cache title %s %lld", test_tag(), id);
  snprintf(patch, sizeof patch, "{\"title\": \"%s\"}", title);
  json_decref(send_json(&a, "PATCH", path, patch, 200));
  double took = wait_for_body(&b, path, title);
  cr_log_info("replica B served the write %.1f ms after A answered", took);

  /* A write that does not pass through saywho invalidates too (trigger). */
  char sql[128]; /* this article's: other suites add articles meanwhile */
  snprintf(sql, sizeof sql,
           "UPDATE statements SET text = 'changed behind saywho' WHERE article_id = %lld", id);
  test_db_exec(db, sql);
  wait_for_body(&b, list, "changed behind saywho");
  PQfinish(db);
  cr_assert_eq(server_stop(&a), 0);
  cr_assert_eq(server_stop(&b), 0);
}

/* The guarantee of README (Cache): once a write's answer is back, no replica
 * answers from before it. Each round caches the article on B (two reads),
 * writes it through A and reads it through B at once, with no pause: the old
 * answer may still be in B's cache then, its notification under way, and B
 * must not serve it. Before hits waited for a sync, a few of 200 rounds came
 * back stale in every run. Meanwhile another client reads B without a pause,
 * so that B's hits run on leases renewed all along (invalidator.h) rather
 * than on a sync of their own: with A's answers not held for a lease, one or
 * two of 500 rounds came back stale in three runs of four. */
#define RAW_ROUNDS 500

/* The other client: GETs of one path on B until told to stop (or a bound). */
struct hammer {
  const struct test_server *server;
  char path[64];
  atomic_bool stop;
  long long reads;
};

static void *hammer_run(void *arg)
{
  struct hammer *h = arg;
  double t0 = test_now_ms();
  while (!atomic_load(&h->stop) && test_now_ms() - t0 < 90000) {
    struct http_reply r;
    if (http_get(h->server, h->path, &r) == 0)
      http_reply_free(&r);
    h->reads++;
  }
  return NULL;
}

Test(cache, no_replica_serves_a_stale_answer_after_a_write, .init = require_database,
     .timeout = 120)
{
  struct test_server a, b;
  server_start(&a, NULL);
  server_start(&b, NULL);
  PGconn *db = test_db();
  take_turn(db, true);
  wait_cache_on(&b);
  long long id = make_article(db, "2001-03-03", 2, NULL);
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", id);
  struct hammer other = {.server = &b};
  snprintf(other.path, sizeof other.path, "/articles/%lld/statements", id);
  pthread_t hammering;
  cr_assert_eq(pthread_create(&hammering, NULL, hammer_run, &other), 0);
  long long hits0 = test_metric(&b, "saywho_cache_hits_total");
  long long syncs0 = test_metric(&b, "saywho_cache_syncs_total");
  int stale = 0;
  for (int i = 0; i < RAW_ROUNDS; i++) {
    free(body_of(&b, path));
    free(body_of(&b, path)); /* a hit, unless another suite's write flushed the cache */
    char title[96], patch[160];
    snprintf(title, sizeof title, "read after write %s %lld round %d.", test_tag(), id, i);
    snprintf(patch, sizeof patch, "{\"title\": \"%s\"}", title);
    json_decref(send_json(&a, "PATCH", path, patch, 200));
    char *after = body_of(&b, path);
    if (strstr(after, title) == NULL)
      stale++;
    free(after);
  }
  atomic_store(&other.stop, true);
  pthread_join(hammering, NULL);
  long long hits = test_metric(&b, "saywho_cache_hits_total") - hits0;
  long long syncs = test_metric(&b, "saywho_cache_syncs_total") - syncs0;
  cr_log_info("%d of %d reads through B stale; %lld cache hits on B, %lld syncs, %lld reads "
              "beside", stale, RAW_ROUNDS, hits, syncs, other.reads);
  cr_expect_eq(stale, 0, "%d of %d reads through B right after a write through A were stale",
               stale, RAW_ROUNDS);
  cr_expect_gt(hits, RAW_ROUNDS / 2, "B's cache was exercised (%lld hits)", hits);
  cr_expect_lt(syncs, hits, "B's hits ran on leases, several to a sync (%lld syncs)", syncs);
  PQfinish(db);
  cr_assert_eq(server_stop(&a), 0);
  cr_assert_eq(server_stop(&b), 0);
}

Test(cache, a_cached_etag_answers_304, .init = require_database, .timeout = 60)
{
  struct test_server s;
  server_start(&s, NULL);
  PGconn *db = test_db();
  take_turn(db, false);
  wait_cache_on(&s);
  /* The listener's session says what it is, apart from the pool's. */
  cr_expect_geq(test_db_scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name "
                                   "= 'saywho-listener' AND datname = current_database()"),
                1);
  long long id = make_article(db, NULL, 2, NULL);
  char path[64];
  snprintf(path, sizeof path, "/statements/%lld", statement_id(db, id, 1));
  bool hit = false;
  for (int i = 0; i < HIT_TRIES && !hit; i++) {
    free(body_of(&s, path)); /* now cached */
    long long hits = test_metric(&s, "saywho_cache_hits_total");
    expect_etag_304(&s, path);
    hit = test_metric(&s, "saywho_cache_hits_total") == hits + 2;
  }
  cr_assert(hit, "the 200 and the 304 answered from memory");
  PQfinish(db);
  cr_assert_eq(server_stop(&s), 0);
}

Test(cache, on_and_off_give_the_same_answers, .init = require_database, .timeout = 60)
{
  struct test_server on, off;
  server_start(&on, NULL);
  server_start(&off, (const char *const[]){"CACHE_BYTES=0", NULL});
  PGconn *db = test_db();
  take_turn(db, false);
  wait_cache_on(&on);
  long long id = make_article(db, "2026-03-02", 4, "world");
  char paths[6][96];
  snprintf(paths[0], sizeof paths[0], "/articles/%lld", id);
  snprintf(paths[1], sizeof paths[1], "/articles/%lld/statements", id);
  snprintf(paths[2], sizeof paths[2], "/statements/%lld", statement_id(db, id, 0));
  snprintf(paths[3], sizeof paths[3], "/statements?limit=2");
  snprintf(paths[4], sizeof paths[4], "/speakers?limit=3");
  snprintf(paths[5], sizeof paths[5], "/articles?limit=2");
  /* A miss, then a hit: again while other suites' writes flushed it between. */
  for (int round = 0; round < HIT_TRIES && (round < 2 || test_metric(&on, "saywho_cache_hits_total") == 0);
       round++) {
    for (size_t i = 0; i < 6; i++) {
      char *x = body_of(&on, paths[i]), *y = body_of(&off, paths[i]);
      cr_expect_str_eq(x, y, "GET %s differs with the cache (round %d)", paths[i], round);
      free(x);
      free(y);
    }
  }
  cr_assert_gt(test_metric(&on, "saywho_cache_hits_total"), 0);
  cr_assert_eq(test_metric(&off, "saywho_cache_hits_total"), 0);
  PQfinish(db);
  cr_assert_eq(server_stop(&on), 0);
  cr_assert_eq(server_stop(&off), 0);
}
