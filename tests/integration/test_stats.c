/* test_stats.c - maintained counts over real HTTP and PostgreSQL: GET /speakers'
 * statement_count and GET /speakers/{ref}/stats agree with the statements rows
 * after every kind of write (attribution by hand and its removal, deletion of a
 * statement and of an article, a changed date, extraction and re-extraction,
 * concurrent writers and extractions, a deleted speaker). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_helpers.h"
#include "harness.h"

TestSuite(stats, .init = suite_start, .fini = suite_stop, .timeout = 120);

/* A speaker of this test named "<word> <tag>"; returns its id, slug into slug. */
static long long make_speaker(const char *word, const char *aliases, char slug[128])
{
  char body[512];
  snprintf(body, sizeof body, "{\"name\": \"%s %s\", \"aliases\": [%s]}", word, test_tag(),
           aliases);
  json_t *sp = send_json(&suite_server, "POST", "/speakers", body, 201);
  snprintf(slug, 128, "%s", str(sp, "slug"));
  long long id = num(sp, "id");
  json_decref(sp);
  return id;
}

/* The stats of speaker id as the rows say, computed straight from statements
 * (not from the maintained counts), in the API's shape and order. */
static json_t *stats_from_rows(long long id)
{
  char *text = db_text(
      db,
      "WITH s AS (SELECT * FROM statements WHERE speaker_id = %lld) "
      "SELECT json_build_object('speaker', (SELECT json_build_object('id', id, 'slug', slug, "
      "'name', name) FROM speakers WHERE id = %lld), "
      "'statement_count', (SELECT count(*) FROM s), "
      "'by_month', (SELECT coalesce(json_agg(json_build_object('month', m, 'count', c) "
      "  ORDER BY m NULLS LAST), '[]') FROM (SELECT to_char(published_at, 'YYYY-MM') m, "
      "  count(*) c FROM s GROUP BY 1) t), "
      "'by_section', (SELECT coalesce(json_agg(json_build_object('section', k, 'count', c) "
      "  ORDER BY c DESC, k NULLS LAST), '[]') FROM (SELECT section k, count(*) c FROM s "
      "  GROUP BY 1) t), "
      "'by_cue', (SELECT coalesce(json_agg(json_build_object('cue', k, 'count', c) "
      "  ORDER BY c DESC, k NULLS LAST), '[]') FROM (SELECT cue k, count(*) c FROM s "
      "  GROUP BY 1) t), "
      "'co_mentioned', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'slug', m.slug, "
      "  'name', m.name, 'count', t.c) ORDER BY t.c DESC, m.id), '[]') FROM (SELECT x.m, "
      "  count(*) c FROM s, LATERAL (SELECT DISTINCT m FROM unnest(s.mention_ids) m "
      "  WHERE m <> %lld) x GROUP BY 1) t JOIN speakers m ON m.id = t.m))",
      id, id, id);
  json_t *doc = json_loads(text, 0, NULL);
  cr_assert_not_null(doc, "%s", text);
  free(text);
  return doc;
}

/* GET /speakers/{slug}/stats and GET /speakers/{slug} agree with the rows. */
static void expect_stats(const char *slug, long long id, const char *when)
{
  char path[192];
  snprintf(path, sizeof path, "/speakers/%s/stats", slug);
  json_t *got = get_json(&suite_server, path);
  json_t *want = stats_from_rows(id);
  char *g = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);
  char *w = json_dumps(want, JSON_SORT_KEYS | JSON_COMPACT);
  cr_expect_str_eq(g, w, "stats of %s %s", slug, when);
  snprintf(path, sizeof path, "/speakers/%s", slug);
  json_t *sp = get_json(&suite_server, path);
  cr_expect_eq(num(sp, "statement_count"), num(want, "statement_count"),
               "statement_count of %s %s", slug, when);
  free(g);
  free(w);
  json_decref(sp);
  json_decref(got);
  json_decref(want);
}

/* PUT or DELETE /statements/{id}/speaker (speaker slug, NULL = narration). */
static void attribute(long long statement, const char *slug)
{
  char path[64], body[192];
  snprintf(path, sizeof path, "/statements/%lld/speaker", statement);
  snprintf(body, sizeof body, "{\"speaker\": \"%s\"}", slug ? slug : "");
  json_decref(send_json(&suite_server, slug ? "PUT" : "DELETE", path, slug ? body : NULL, 200));
}

Test(stats, follow_every_write_of_statements)
{
  char a[128], b[128], path[192], body[256];
  long long ida = make_speaker("Stats Alpha", "", a);
  long long idb = make_speaker("Stats Beta", "", b);
  long long art1 = make_article(db, "2021-06-01", 4, "Energy");
  long long art2 = make_article(db, "2022-01-15", 3, NULL);
  long long art3 = make_article(db, NULL, 2, "Trade");
  free(db_text(db,
               "UPDATE statements SET speaker_id = %lld, method = 'name', cue = "
               "CASE WHEN seq = 0 THEN 'said' ELSE 'told' END, mention_ids = ARRAY[%lld, %lld] "
               "WHERE article_id IN (%lld, %lld)",
               ida, idb, ida, art1, art3));
  free(db_text(db,
               "UPDATE statements SET speaker_id = %lld, method = 'alias', cue = 'added', "
               "mention_ids = ARRAY[%lld] WHERE article_id = %lld",
               idb, ida, art2));
  expect_stats(a, ida, "after writes by SQL");
  expect_stats(b, idb, "after writes by SQL");

  attribute(statement_id(db, art1, 1), b);
  expect_stats(a, ida, "after PUT .../speaker");
  expect_stats(b, idb, "after PUT .../speaker");
  attribute(statement_id(db, art1, 2), NULL);
  expect_stats(a, ida, "after DELETE .../speaker");

  snprintf(path, sizeof path, "/statements/%lld", statement_id(db, art1, 3));
  json_decref(send_json(&suite_server, "DELETE", path, NULL, 204));
  expect_stats(a, ida, "after DELETE /statements/{id}");

  snprintf(path, sizeof path, "/articles/%lld", art1);
  snprintf(body, sizeof body, "{\"published_at\": \"2023-03-09\"}");
  json_decref(send_json(&suite_server, "PATCH", path, body, 200));
  expect_stats(a, ida, "after a new published_at");
  expect_stats(b, idb, "after a new published_at");

  snprintf(path, sizeof path, "/articles/%lld", art2);
  json_decref(send_json(&suite_server, "DELETE", path, NULL, 204));
  expect_stats(a, ida, "after DELETE /articles/{id}");
  expect_stats(b, idb, "after DELETE /articles/{id}");

  snprintf(path, sizeof path, "/speakers/%s", b);
  json_decref(send_json(&suite_server, "DELETE", path, NULL, 204));
  expect_stats(a, ida, "after its co-mentioned speaker went");
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speaker_facts WHERE speaker_id = %lld", idb), 0,
               "a deleted speaker leaves no counts behind");
  snprintf(path, sizeof path, "/speakers/%s/stats", b);
  get_expect(&suite_server, path, 404, "does not exist");
}

Test(stats, follow_extraction_and_re_extraction)
{
  char a[128], b[128], path[192], body[1024];
  long long ida = make_speaker("Stats Gamma", "", a);
  long long idb = make_speaker("Stats Delta", "", b);
  snprintf(body, sizeof body,
           "{\"source\": \"test %s\", \"published_at\": \"2020-02-02\", \"body\": "
           "\"Stats Gamma %s said the plan would work. He added that costs would fall. "
           "The harbour master %s said ships would wait.\"}",
           test_tag(), test_tag(), test_tag());
  json_t *art = send_json(&suite_server, "POST", "/articles", body, 201);
  long long article = num(art, "id");
  json_decref(art);
  cr_assert_gt(db_num(db, "SELECT count(*) FROM statements WHERE speaker_id = %lld", ida), 0,
               "the engine attributed the first sentence");
  expect_stats(a, ida, "after extraction");
  expect_stats(b, idb, "after extraction");

  snprintf(path, sizeof path, "/speakers/%s", b);
  snprintf(body, sizeof body, "{\"aliases\": [\"the harbour master %s\"]}", test_tag());
  json_decref(send_json(&suite_server, "PATCH", path, body, 200));
  snprintf(path, sizeof path, "/articles/%lld/extract", article);
  json_decref(send_json(&suite_server, "POST", path, NULL, 200));
  cr_expect_gt(db_num(db, "SELECT count(*) FROM statements WHERE speaker_id = %lld", idb), 0,
               "re-extraction attributed the sentence to the new alias");
  expect_stats(a, ida, "after re-extraction");
  expect_stats(b, idb, "after re-extraction");
}

struct flipper {
  long long statement;
  const char *one, *other;
};

/* Moves one statement between two speakers, ten times. */
static void *flip(void *arg)
{
  struct flipper *f = arg;
  for (int i = 0; i < 10; i++) {
    char path[64], body[192];
    struct http_reply r;
    snprintf(path, sizeof path, "/statements/%lld/speaker", f->statement);
    snprintf(body, sizeof body, "{\"speaker\": \"%s\"}", i % 2 ? f->other : f->one);
    if (http_send_json(&suite_server, "PUT", path, body, &r) == 0)
      http_reply_free(&r);
  }
  return NULL;
}

Test(stats, stay_exact_under_concurrent_writers)
{
  char a[128], b[128];
  long long ida = make_speaker("Stats Epsilon", "", a);
  long long idb = make_speaker("Stats Zeta", "", b);
  long long article = make_article(db, "2024-05-05", 6, "Energy");
  /* The suite's one database connection is not for threads: ids first. */
  struct flipper f[6];
  pthread_t t[6];
  for (int i = 0; i < 6; i++)
    f[i] = (struct flipper){statement_id(db, article, i), i % 2 ? a : b, i % 2 ? b : a};
  for (int i = 0; i < 6; i++)
    pthread_create(&t[i], NULL, flip, &f[i]);
  for (int i = 0; i < 6; i++)
    pthread_join(t[i], NULL);
  expect_stats(a, ida, "after concurrent attributions");
  expect_stats(b, idb, "after concurrent attributions");
  cr_expect_eq(db_num(db, "SELECT count(*) FROM statements WHERE speaker_id IN (%lld, %lld)", ida,
                      idb),
               6);
}

struct poster {
  int thread;
  long long articles[3];
  int status[3]; /* of each POST (0: no answer) */
  char problem[3][160];
};

/* POSTs three articles quoting "Stats Theta <tag>" (and naming Stats Iota);
 * their ids go to p->articles (0 when refused). */
static void *post_three(void *arg)
{
  struct poster *p = arg;
  for (int i = 0; i < 3; i++) {
    char body[512];
    struct http_reply r;
    snprintf(body, sizeof body,
             "{\"source\": \"test %s\", \"published_at\": \"2019-0%d-01\", \"body\": "
             "\"Stats Theta %s said the port would reopen in week %d of crew %d. "
             "He added that Stats Iota %s agreed.\"}",
             test_tag(), i + 1, test_tag(), i, p->thread, test_tag());
    p->articles[i] = 0;
    /* A 503 for want of a pool connection or time (two suites' writers on a loaded machine)
     * stored nothing and says "try again": so does the client, a few times. Any other
     * answer, a deadlock's 503 ("a concurrent change got in the way") included, stands. */
    for (int attempt = 0; attempt < 4; attempt++) {
      p->status[i] = 0;
      p->problem[i][0] = '\0';
      if (http_send_json(&suite_server, "POST", "/articles", body, &r) != 0)
        break;
      p->status[i] = r.status;
      if (r.status != 201)
        snprintf(p->problem[i], sizeof p->problem[i], "%s", r.body ? r.body : "");
      json_t *doc = r.status == 201 ? http_json(&r) : NULL;
      p->articles[i] = doc ? num(doc, "id") : 0;
      json_decref(doc);
      bool busy = r.status == 503 && r.body != NULL &&
                  (strstr(r.body, "database unavailable") != NULL ||
                   strstr(r.body, "did not answer in time") != NULL);
      http_reply_free(&r);
      if (!busy)
        break;
      usleep(100000);
    }
  }
  return NULL;
}

/* DELETEs the articles p posted. */
static void *delete_three(void *arg)
{
  struct poster *p = arg;
  for (int i = 0; i < 3; i++) {
    char path[64];
    struct http_reply r;
    snprintf(path, sizeof path, "/articles/%lld", p->articles[i]);
    if (http_send_json(&suite_server, "DELETE", path, NULL, &r) == 0)
      http_reply_free(&r);
  }
  return NULL;
}

Test(stats, stay_exact_under_concurrent_extraction_and_deletion)
{
  char a[128], b[128];
  long long ida = make_speaker("Stats Theta", "", a);
  long long idb = make_speaker("Stats Iota", "", b);
  struct poster p[4];
  pthread_t t[4];
  for (int i = 0; i < 4; i++) {
    p[i].thread = i;
    pthread_create(&t[i], NULL, post_three, &p[i]);
  }
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 3; k++)
      cr_assert_gt(p[i].articles[k], 0, "article %d of writer %d was created (status %d: %s)", k,
                   i, p[i].status[k], p[i].problem[k]);
  cr_expect_eq(db_num(db, "SELECT count(*) FROM statements WHERE speaker_id = %lld", ida), 24,
               "two statements of each of the 12 articles are Theta's");
  expect_stats(a, ida, "after concurrent extraction");
  expect_stats(b, idb, "after concurrent extraction");
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, delete_three, &p[i]);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  expect_stats(a, ida, "after concurrent deletion");
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speaker_facts WHERE speaker_id = %lld", ida), 0,
               "no counts are left for statements that are gone");
}

struct roller {
  volatile int stop;
  int rolled;
};

/* Rolls the counts' deltas up (migration 012) on a connection of its own until told to stop. */
static void *roll_up(void *arg)
{
  struct roller *r = arg;
  PGconn *own = test_db();
  while (!r->stop) {
    if (test_db_scalar(own, "SELECT speaker_facts_rollup()::int") == 1)
      r->rolled++;
    usleep(2000);
  }
  PQfinish(own);
  return NULL;
}

/* Rolls up until a rollup ran (another transaction may hold its lock for a moment). */
static void roll_up_now(void)
{
  for (int i = 0; i < 200; i++) {
    if (db_num(db, "SELECT speaker_facts_rollup()::int") == 1)
      return;
    usleep(10000);
  }
  cr_assert_fail("no rollup got its lock in 2 s");
}

Test(stats, stay_exact_across_rollups_of_their_deltas)
{
  char a[128], b[128], path[192], body[256];
  long long ida = make_speaker("Stats Theta", "", a);
  long long idb = make_speaker("Stats Iota", "", b);
  struct poster p[4];
  pthread_t t[4], rt;
  struct roller r = {0, 0};
  pthread_create(&rt, NULL, roll_up, &r);
  for (int i = 0; i < 4; i++) {
    p[i].thread = 10 + i;
    pthread_create(&t[i], NULL, post_three, &p[i]);
  }
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  r.stop = 1;
  pthread_join(rt, NULL);
  cr_expect_gt(r.rolled, 0, "rollups ran while the articles came in");
  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 3; k++)
      cr_assert_gt(p[i].articles[k], 0, "article %d of writer %d was created (status %d: %s)", k,
                   i, p[i].status[k], p[i].problem[k]);
  expect_stats(a, ida, "after concurrent extraction and rollups");
  expect_stats(b, idb, "after concurrent extraction and rollups");

  /* Some counts only in deltas, some rolled up: a PATCH and a DELETE on top of each. */
  snprintf(path, sizeof path, "/articles/%lld", p[0].articles[0]);
  snprintf(body, sizeof body, "{\"published_at\": \"2023-03-09\"}");
  json_decref(send_json(&suite_server, "PATCH", path, body, 200));
  expect_stats(a, ida, "after a PATCH, in deltas");
  roll_up_now();
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speaker_fact_deltas WHERE speaker_id = %lld", ida),
               0, "a rollup leaves no deltas of the speaker behind");
  expect_stats(a, ida, "after a PATCH, rolled up");
  snprintf(path, sizeof path, "/articles/%lld", p[1].articles[2]);
  json_decref(send_json(&suite_server, "DELETE", path, NULL, 204));
  expect_stats(a, ida, "after a DELETE, in deltas");
  expect_stats(b, idb, "after a DELETE, in deltas");
  roll_up_now();
  expect_stats(a, ida, "after a DELETE, rolled up");
  expect_stats(b, idb, "after a DELETE, rolled up");

  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, delete_three, &p[i]);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  roll_up_now();
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speaker_facts_rolled WHERE speaker_id = %lld", ida),
               0, "no rolled counts are left for statements that are gone");
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speaker_facts WHERE speaker_id = %lld", ida), 0);
  expect_stats(a, ida, "after deleting every article");
}

Test(stats, answer_problems_and_etags)
{
  char a[128], path[192];
  make_speaker("Stats Eta", "", a);
  snprintf(path, sizeof path, "/speakers/%s/stats", a);
  json_t *doc = get_json(&suite_server, path);
  cr_expect_eq(num(doc, "statement_count"), 0);
  cr_expect_eq(json_array_size(json_object_get(doc, "by_month")), 0);
  cr_expect_eq(json_array_size(json_object_get(doc, "co_mentioned")), 0);
  json_decref(doc);
  expect_etag_304(&suite_server, path);
  snprintf(path, sizeof path, "/speakers/%s/stats?limit=5", a);
  get_expect(&suite_server, path, 400, "\"limit\"; this resource takes none");
  get_expect(&suite_server, "/speakers/no-such-speaker-anywhere/stats", 404, "does not exist");
  get_expect(&suite_server, "/speakers/987654321987/stats", 404, "does not exist");
}
