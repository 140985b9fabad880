/* test_article_docs.c - the articles kept rendered in the database
 * (migrations/015_article_docs.sql, server/doc_keeper.h): a read keeps what
 * it rendered, the kept copy is what is served next and is the very JSON the
 * rows give, every write an article shows sets its copy aside (a speaker's
 * rename or removal, a TRUNCATE included), and a rendering older than a
 * committed write is never kept. The server runs
 * without its response cache, so that every GET reaches PostgreSQL. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_helpers.h"

/* How long the keeper may take to write an offered rendering: one UPDATE on
 * its own connection, behind the suites that run beside this one. */
#define KEEP_BOUND_MS 5000

#define KEPT_SERIES "saywho_article_docs_total{outcome=\"kept\"}"
#define REFUSED_SERIES "saywho_article_docs_total{outcome=\"refused\"}"

static struct test_server s;

static void start(void)
{
  require_database();
  server_start(&s, (const char *const[]){"CACHE_BYTES=0", NULL});
  db = test_db();
}

static void stop(void)
{
  PQfinish(db);
  server_stop(&s);
}

/* GET path's body (200 expected); caller frees. */
static char *body_of(const char *path)
{
  struct http_reply r;
  cr_assert_eq(http_get(&s, path, &r), 0);
  cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
  char *b = strdup(r.body);
  http_reply_free(&r);
  return b;
}

/* Whether article id has a kept copy that counts (rendered with the current names). */
static bool kept(long long id)
{
  return db_num(db,
                "SELECT count(*) FROM article_docs WHERE article_id = %lld AND doc IS NOT NULL "
                "AND names = (SELECT names FROM speakers_state)",
                id) == 1;
}

/* Reads article id until its copy is kept (the first read offers it). */
static void read_until_kept(long long id)
{
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", id);
  double t0 = test_now_ms();
  free(body_of(path));
  while (!kept(id)) {
    cr_assert_lt(test_now_ms() - t0, KEEP_BOUND_MS, "article %lld never kept", id);
    usleep(10000);
    free(body_of(path)); /* a rename by a suite beside this one sets every copy aside */
  }
}

/* The article's GET from its rows, then from its kept copy: both, equal, into *out. */
static void expect_kept_equals_rows(long long id, char **out)
{
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", id);
  free(db_text(db, "UPDATE article_docs SET doc = NULL WHERE article_id = %lld RETURNING 1", id));
  char *rows = body_of(path);
  read_until_kept(id);
  char *doc = db_text(db, "SELECT doc FROM article_docs WHERE article_id = %lld", id);
  char *again = body_of(path);
  cr_expect_str_eq(doc, rows, "the kept copy differs from the rendering of the rows");
  cr_expect_str_eq(again, rows, "the read from the kept copy differs");
  free(doc);
  free(again);
  *out = rows;
}

TestSuite(article_docs, .init = start, .fini = stop, .timeout = 60);

Test(article_docs, a_read_keeps_the_article_and_the_next_is_served_from_it)
{
  long long id = make_article(db, "2026-02-03", 4, "politics");
  char path[64], *rows;
  double kept_before = test_metric(&s, KEPT_SERIES);
  expect_kept_equals_rows(id, &rows);
  free(rows);
  cr_expect_geq(test_metric(&s, KEPT_SERIES), kept_before + 1, "the keep is not counted");
  /* Served from the copy: a mark put into it (by hand, so no trigger sets
   * it aside) is in the answer. */
  free(db_text(db,
               "UPDATE article_docs SET doc = replace(doc, 'statement 0', 'statement 0 (kept)') "
               "WHERE article_id = %lld RETURNING 1",
               id));
  snprintf(path, sizeof path, "/articles/%lld", id);
  char *b = body_of(path);
  cr_expect(strstr(b, "statement 0 (kept)") != NULL, "not served from the kept copy: %s", b);
  free(b);
  /* The statements of the article, from the copy: its last member's array. */
  snprintf(path, sizeof path, "/articles/%lld/statements", id);
  b = body_of(path);
  cr_expect(strncmp(b, "{\"items\":[{", 11) == 0 && strstr(b, "statement 0 (kept)") != NULL, "%s", b);
  free(b);
}

Test(article_docs, the_statements_of_a_kept_article_are_those_of_its_rows)
{
  long long id = make_article(db, NULL, 3, NULL);
  char path[64], *rows;
  snprintf(path, sizeof path, "/articles/%lld/statements", id);
  free(db_text(db, "UPDATE article_docs SET doc = NULL WHERE article_id = %lld RETURNING 1", id));
  char *live = body_of(path);
  read_until_kept(id);
  char *from_copy = body_of(path);
  cr_expect_str_eq(from_copy, live);
  free(live);
  free(from_copy);
  expect_kept_equals_rows(id, &rows);
  free(rows);
}

/* After a write, GET shows needle at once, and from the copy kept next. */
static void expect_shown(long long id, const char *needle)
{
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", id);
  cr_expect(!kept(id), "a write left the copy of article %lld in place", id);
  char *b = body_of(path);
  cr_expect(strstr(b, needle) != NULL, "GET after the write lacks %s: %s", needle, b);
  free(b);
  read_until_kept(id);
  b = body_of(path);
  cr_expect(strstr(b, needle) != NULL, "the kept copy lacks %s: %s", needle, b);
  free(b);
}

Test(article_docs, every_write_an_article_shows_sets_its_copy_aside)
{
  long long id = make_article(db, "2026-02-04", 3, NULL);
  char path[64], body[160], needle[160];
  read_until_kept(id);

  snprintf(path, sizeof path, "/articles/%lld", id);
  snprintf(body, sizeof body, "{\"title\": \"Kept %s\"}", test_tag());
  json_decref(send_json(&s, "PATCH", path, body, 200));
  snprintf(needle, sizeof needle, "\"title\":\"Kept %s\"", test_tag());
  expect_shown(id, needle);

  snprintf(body, sizeof body, "{\"name\": \"Keeper %s\"}", test_tag());
  json_t *sp = send_json(&s, "POST", "/speakers", body, 201);
  long long speaker = num(sp, "id");
  json_decref(sp);
  snprintf(path, sizeof path, "/statements/%lld/speaker", statement_id(db, id, 1));
  snprintf(body, sizeof body, "{\"speaker\": %lld}", speaker);
  json_decref(send_json(&s, "PUT", path, body, 200));
  snprintf(needle, sizeof needle, "\"name\":\"Keeper %s\"", test_tag());
  expect_shown(id, needle);

  snprintf(path, sizeof path, "/speakers/%lld", speaker);
  snprintf(body, sizeof body, "{\"name\": \"Renamed %s\"}", test_tag());
  json_decref(send_json(&s, "PATCH", path, body, 200));
  snprintf(needle, sizeof needle, "\"name\":\"Renamed %s\"", test_tag());
  expect_shown(id, needle);

  snprintf(path, sizeof path, "/statements/%lld", statement_id(db, id, 2));
  json_decref(send_json(&s, "DELETE", path, NULL, 204));
  expect_shown(id, "\"statement_count\":2");

  free(db_text(db, "UPDATE statements SET text = 'edited by hand' WHERE article_id = %lld "
                   "AND seq = 0 RETURNING 1",
               id));
  expect_shown(id, "edited by hand");
}

Test(article_docs, a_rendering_older_than_a_committed_write_is_not_kept)
{
  long long id = make_article(db, "2026-02-05", 2, NULL);
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", id);
  /* The copy's row held, the keeper's write of the next read waits behind it. */
  PGconn *writer = test_db();
  test_db_exec(writer, "BEGIN");
  free(db_text(writer, "SELECT 1 FROM article_docs WHERE article_id = %lld FOR UPDATE", id));
  double refused_before = test_metric(&s, REFUSED_SERIES);
  char *before = body_of(path);
  double t0 = test_now_ms();
  while (db_num(db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE '%%SET doc = $4%%'") == 0) {
    cr_assert_lt(test_now_ms() - t0, KEEP_BOUND_MS, "the keeper never tried to keep it");
    usleep(5000);
  }
  /* A write commits meanwhile: the waiting rendering is older than it. */
  free(db_text(writer, "UPDATE statements SET text = 'written meanwhile' WHERE article_id = %lld "
                       "AND seq = 0 RETURNING 1",
               id));
  test_db_exec(writer, "COMMIT");
  PQfinish(writer);
  t0 = test_now_ms();
  while (db_num(db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE '%%SET doc = $4%%'") > 0) {
    cr_assert_lt(test_now_ms() - t0, KEEP_BOUND_MS, "the keeper still waits");
    usleep(5000);
  }
  cr_expect(strstr(before, "written meanwhile") == NULL);
  cr_expect_eq(db_num(db, "SELECT count(doc) FROM article_docs WHERE article_id = %lld", id), 0,
               "a rendering older than a committed write was kept");
  cr_expect_geq(test_metric(&s, REFUSED_SERIES), refused_before + 1, "the refusal is not counted");
  free(before);
  expect_shown(id, "written meanwhile");
}

/* Bodies and kept copies are compressed with lz4 (migrations 015, 016): the
 * column's setting, and a body past the TOAST threshold stored so. */
Test(article_docs, bodies_and_copies_are_lz4)
{
  cr_expect_eq(db_num(db, "SELECT count(*) FROM pg_attribute WHERE attcompression = 'l' AND "
                          "((attrelid = 'articles'::regclass AND attname = 'body') OR "
                          "(attrelid = 'article_docs'::regclass AND attname = 'doc'))"),
               2);
  struct http_reply r;
  size_t len;
  char *seed = test_read_seed(&len);
  char *body = NULL; /* new text: a repost would answer an article stored before */
  cr_assert_gt(asprintf(&body, "%s\n\nRun %s.\n", seed, test_tag()), 0);
  const char *h[] = {TEST_AUTH, "Content-Type: text/plain; charset=utf-8", NULL};
  cr_assert_eq(http_call(&s, "POST", "/articles", h, body, strlen(body), &r), 0);
  free(body);
  cr_assert(r.status == 201 || r.status == 200, "POST the seed: %d %s", r.status, r.body);
  json_t *doc = json_loads(r.body, 0, NULL);
  cr_assert_not_null(doc);
  long long id = (long long)json_integer_value(json_object_get(doc, "id"));
  cr_expect_eq(db_num(db, "SELECT count(*) FROM articles WHERE id = %lld AND "
                          "pg_column_compression(body) = 'lz4'", id),
               1);
  json_decref(doc);
  http_reply_free(&r);
  free(seed);
}

Test(article_docs, an_article_removed_takes_its_copy)
{
  long long id = make_article(db, "2026-02-06", 1, NULL);
  read_until_kept(id);
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", id);
  json_decref(send_json(&s, "DELETE", path, NULL, 204));
  get_expect(&s, path, 404, "does not exist");
  cr_expect_eq(db_num(db, "SELECT count(*) FROM article_docs WHERE article_id = %lld", id), 0);
}

Test(article_docs, a_speaker_removed_sets_aside_the_copies_that_mention_it)
{
  char body[128], path[96], needle[128];
  snprintf(body, sizeof body, "{\"name\": \"Mentioned %s\"}", test_tag());
  json_t *sp = send_json(&s, "POST", "/speakers", body, 201);
  long long speaker = num(sp, "id");
  json_decref(sp);
  /* Mentioned only: no statement is its, so removing it changes no statement row. */
  long long id = make_article(db, "2026-02-08", 2, NULL);
  free(db_text(db, "UPDATE statements SET mention_ids = ARRAY[%lld] WHERE article_id = %lld "
                   "AND seq = 1 RETURNING 1",
               speaker, id));
  snprintf(needle, sizeof needle, "\"name\":\"Mentioned %s\"", test_tag());
  read_until_kept(id);
  snprintf(path, sizeof path, "/articles/%lld", id);
  char *b = body_of(path);
  cr_assert(strstr(b, needle) != NULL, "the mention is not in %s", b);
  free(b);
  snprintf(path, sizeof path, "/speakers/%lld", speaker);
  json_decref(send_json(&s, "DELETE", path, NULL, 204));
  cr_expect(!kept(id), "the copy that mentions a removed speaker is still in place");
  snprintf(path, sizeof path, "/articles/%lld", id);
  b = body_of(path);
  cr_expect(strstr(b, needle) == NULL, "GET still mentions the removed speaker: %s", b);
  free(b);
}

Test(article_docs, a_truncate_of_the_statements_sets_every_copy_aside)
{
  /* TRUNCATE takes every statement: on a database of this test's own, with a
   * saywho of its own (each test is a process of its own: the suite's server
   * and connection are put back before the suite's fini). */
  char name[64], url[1024], env_url[1100];
  snprintf(name, sizeof name, "saywho_docs_%d", (int)getpid());
  free(db_text(db, "CREATE DATABASE %s", name));
  snprintf(url, sizeof url, "%s dbname=%s", getenv("DATABASE_URL"), name); /* later wins */
  snprintf(env_url, sizeof env_url, "DATABASE_URL=%s", url);
  struct test_server shared = s;
  PGconn *shared_db = db;
  server_start(&s, (const char *const[]){env_url, "CACHE_BYTES=0", NULL});
  db = PQconnectdb(url);
  cr_assert_eq(PQstatus(db), CONNECTION_OK, "%s", PQerrorMessage(db));
  long long id = make_article(db, "2026-02-09", 2, NULL);
  read_until_kept(id);
  long long gen = db_num(db, "SELECT gen FROM article_docs WHERE article_id = %lld", id);
  free(db_text(db, "TRUNCATE statements CASCADE"));
  cr_expect(!kept(id), "a TRUNCATE of the statements left the copy in place");
  cr_expect_gt(db_num(db, "SELECT gen FROM article_docs WHERE article_id = %lld", id), gen);
  cr_expect_eq(server_stop(&s), 0);
  PQfinish(db);
  s = shared;
  db = shared_db;
  free(db_text(db, "DROP DATABASE %s", name));
}
