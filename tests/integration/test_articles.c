/* test_articles.c - the articles resource over real HTTP and PostgreSQL: ingest in
 * both content types, idempotence, concurrency, read, list, update, delete,
 * re-extraction, hand-made statements, atomicity and every bad input. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

TestSuite(articles, .init = suite_server_start, .fini = suite_server_stop, .timeout = 60);

/* A marker unique to this test process, for bodies and names. */
static const char *marker(void)
{
  static char m[64];
  if (m[0] == '\0')
    snprintf(m, sizeof m, "Mk%s", test_tag());
  return m;
}

static int post_text(const char *body, size_t len, struct http_reply *r)
{
  const char *h[] = {TEST_AUTH, "Content-Type: text/plain; charset=utf-8", NULL};
  return http_call(&suite_server, "POST", "/articles", h, body, len, r);
}

static long long json_id(json_t *doc)
{
  return (long long)json_integer_value(json_object_get(doc, "id"));
}

/* Posts a JSON article; asserts 201 or 200 and returns the parsed article. */
static json_t *post_article(const char *json)
{
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "POST", "/articles", json, &r), 0);
  cr_assert(r.status == 201 || r.status == 200, "POST /articles: %d %s", r.status, r.body);
  json_t *doc = http_json(&r);
  cr_assert_not_null(doc);
  http_reply_free(&r);
  return doc;
}

/* Posts a JSON article and returns its id. */
static long long post_article_id(const char *json)
{
  json_t *a = post_article(json);
  long long id = json_id(a);
  json_decref(a);
  return id;
}

/* Asserts status and that detail contains needle. */
static void expect_problem(const struct http_reply *r, int status, const char *needle)
{
  cr_expect_eq(r->status, status, "expected %d, got %d: %s", status, r->status, r->body);
  json_t *doc = http_json(r);
  cr_assert_not_null(doc, "no problem document: %s", r->body);
  const char *detail = json_string_value(json_object_get(doc, "detail"));
  cr_expect(detail != NULL && strstr(detail, needle) != NULL, "detail \"%s\" lacks \"%s\"",
            detail ? detail : "(none)", needle);
  json_decref(doc);
}

static long long count_where(const char *fmt,
                                                                   const char *arg)
{
  char sql[1024];
  snprintf(sql, sizeof sql, fmt, arg);
  PGconn *db = test_db();
  long long n = test_db_scalar(db, sql);
  PQfinish(db);
  return n;
}

static long long count_where2(const char *fmt,
                                                                    const char *a,
                                                                    const char *b)
{
  char sql[1024];
  snprintf(sql, sizeof sql, fmt, a, b);
  PGconn *db = test_db();
  long long n = test_db_scalar(db, sql);
  PQfinish(db);
  return n;
}

/* No article (and so no statement) holds the marker text. */
static void expect_nothing_stored(const char *needle)
{
  cr_expect_eq(count_where2("SELECT count(*) FROM articles WHERE strpos(body, '%s') > 0 "
                           "OR strpos(coalesce(title, ''), '%s') > 0", needle, needle), 0,
               "an article with %s was stored", needle);
  cr_expect_eq(count_where("SELECT count(*) FROM statements WHERE strpos(text, '%s') > 0", needle),
               0, "a statement with %s was stored", needle);
}

Test(articles, seed_as_wire_text_comes_back_whole)
{
  size_t len;
  char *seed = test_read_seed(&len);
  struct http_reply r;
  cr_assert_eq(post_text(seed, len, &r), 0);
  cr_assert(r.status == 201 || r.status == 200, "%d %s", r.status, r.body);
  json_t *posted = http_json(&r);
  long long id = json_id(posted);
  char path[64], loc[64];
  if (r.status == 201) {
    snprintf(path, sizeof path, "/articles/%lld", id);
    cr_expect_str_eq(http_header(&r, "Location", loc, sizeof loc), path);
  }
  cr_expect_not_null(json_object_get(posted, "statements"), "the answer embeds statements");
  json_decref(posted);
  http_reply_free(&r);

  snprintf(path, sizeof path, "/articles/%lld", id);
  cr_assert_eq(http_get(&suite_server, path, &r), 0);
  cr_assert_eq(r.status, 200);
  json_t *a = http_json(&r);
  cr_expect_str_eq(json_string_value(json_object_get(a, "published_at")), "2021-12-16");
  cr_expect_str_eq(json_string_value(json_object_get(a, "source")), "China Daily");
  cr_expect_str_eq(json_string_value(json_object_get(a, "credit")), "With Xinhua inputs");
  json_t *sections = json_object_get(a, "sections");
  static const char *const want[] = {"Pandemic", "Beijing Winter Olympics", "SCO",
                                     "Bilateral Trade", "Energy Cooperation"};
  cr_assert_eq(json_array_size(sections), 5);
  for (size_t i = 0; i < 5; i++)
    cr_expect_str_eq(json_string_value(json_array_get(sections, i)), want[i]);
  const char *body = json_string_value(json_object_get(a, "body"));
  cr_expect(strncmp(body, "Praising", 8) == 0, "the date prefix is not in the body");
  cr_expect_null(strstr(body, "Published :"));
  cr_expect_null(strstr(body, "By : China Daily"));
  json_t *sts = json_object_get(a, "statements");
  cr_expect_eq(json_integer_value(json_object_get(a, "statement_count")), 31);
  cr_expect_eq(json_array_size(sts), 31);
  size_t i;
  json_t *st;
  json_array_foreach(sts, i, st) {
    const char *text = json_string_value(json_object_get(st, "text"));
    cr_expect_eq(json_integer_value(json_object_get(st, "seq")), (long long)i);
    cr_expect_null(strstr(text, "Published"), "metadata line as a statement: %s", text);
    cr_expect_null(strstr(text, "By : "), "metadata line as a statement: %s", text);
    cr_expect_null(strstr(text, "With Xinhua inputs"), "metadata line as a statement: %s", text);
    cr_expect_str_eq(json_string_value(json_object_get(st, "published_at")), "2021-12-16");
  }
  json_decref(a);
  http_reply_free(&r);

  /* Re-posting creates nothing and answers the stored article. */
  char sql[160];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM statements WHERE article_id = %lld", id);
  PGconn *db = test_db();
  long long before = test_db_scalar(db, sql);
  cr_assert_eq(post_text(seed, len, &r), 0);
  cr_expect_eq(r.status, 200, "%s", r.body);
  json_t *again = http_json(&r);
  cr_expect_eq(json_id(again), id);
  cr_expect_eq(test_db_scalar(db, sql), before);
  cr_expect_eq(test_db_scalar(db, "SELECT count(*) FROM articles WHERE source = 'China Daily' "
                                  "AND body LIKE 'Praising Putin''s support%'"), 1);
  json_decref(again);
  http_reply_free(&r);
  PQfinish(db);
  free(seed);
}

/* A new article is answered from the rows its ingest wrote (articles_ingest.sql), not read
 * back: the 201 must be byte for byte what GET answers, mentions, quotes and sections too. */
Test(articles, created_answer_is_what_get_answers)
{
  size_t len;
  char *seed = test_read_seed(&len);
  const char *line = strstr(seed, "By : China Daily");
  cr_assert_not_null(line);
  size_t head = (size_t)(line - seed) + strlen("By : China Daily");
  char *mine = malloc(len + 64);
  cr_assert_not_null(mine);
  int n = snprintf(mine, 64 + head + 1, "%.*s %s", (int)head, seed, marker());
  memcpy(mine + n, seed + head, len - head);
  size_t mine_len = (size_t)n + len - head;
  struct http_reply r, g;
  cr_assert_eq(post_text(mine, mine_len, &r), 0);
  cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
  json_t *posted = http_json(&r);
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", json_id(posted));
  cr_expect_eq(json_integer_value(json_object_get(posted, "statement_count")), 31);
  cr_assert_eq(http_get(&suite_server, path, &g), 0);
  cr_assert_eq(g.status, 200);
  cr_expect_str_eq(r.body, g.body, "POST's 201 and GET %s differ", path);
  cr_expect_neq(strstr(r.body, "\"mentions\":[{"), NULL, "the seed's mentions are in the answer");
  json_decref(posted);
  http_reply_free(&r);
  http_reply_free(&g);
  free(mine);
  free(seed);
}

struct racer {
  const char *body;
  int status;
  long long id;
};

static void *race(void *arg)
{
  struct racer *rc = arg;
  struct http_reply r;
  if (http_send_json(&suite_server, "POST", "/articles", rc->body, &r) == 0) {
    rc->status = r.status;
    json_t *doc = http_json(&r);
    rc->id = doc ? json_id(doc) : 0;
    json_decref(doc);
    http_reply_free(&r);
  }
  return NULL;
}

Test(articles, concurrent_identical_posts_make_one_article)
{
  char body[512];
  snprintf(body, sizeof body,
           "{\"body\": \"Xi said the race %s must end. Putin said he agreed.\", \"source\": null}",
           marker());
  pthread_t t[8];
  struct racer rc[8];
  for (int i = 0; i < 8; i++) {
    rc[i] = (struct racer){.body = body};
    pthread_create(&t[i], NULL, race, &rc[i]);
  }
  int created = 0;
  for (int i = 0; i < 8; i++) {
    pthread_join(t[i], NULL);
    cr_expect(rc[i].status == 201 || rc[i].status == 200, "status %d", rc[i].status);
    created += rc[i].status == 201;
    cr_expect_eq(rc[i].id, rc[0].id, "every answer is the same article");
  }
  cr_expect_eq(created, 1);
  cr_expect_eq(count_where("SELECT count(*) FROM articles WHERE strpos(body, '%s') > 0", marker()), 1);
  cr_expect_eq(count_where("SELECT count(*) FROM statements WHERE strpos(text, '%s') > 0", marker()), 1);
}

Test(articles, json_post_with_metadata)
{
  char body[1024];
  snprintf(body, sizeof body,
           "{\"body\": \"  Putin said the talks were useful.\\r\\n\\r\\nIt rained %s.  \","
           " \"title\": \"Talks\", \"source\": \"Wire %s\", \"byline\": \"A. Writer\","
           " \"credit\": \"With inputs\", \"published_at\": \"2022-03-04\","
           " \"url\": \"https://example.org/a\", \"language\": \"en-GB\"}",
           marker(), marker());
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "POST", "/articles", body, &r), 0);
  cr_assert_eq(r.status, 201, "%s", r.body);
  json_t *a = http_json(&r);
  cr_expect_str_eq(json_string_value(json_object_get(a, "title")), "Talks");
  cr_expect_str_eq(json_string_value(json_object_get(a, "byline")), "A. Writer");
  cr_expect_str_eq(json_string_value(json_object_get(a, "language")), "en-GB");
  cr_expect_str_eq(json_string_value(json_object_get(a, "url")), "https://example.org/a");
  const char *stored = json_string_value(json_object_get(a, "body"));
  cr_expect(strncmp(stored, "Putin said the talks were useful.\nIt rained", 43) == 0,
            "normalised body: %s", stored);
  json_t *sts = json_object_get(a, "statements");
  cr_assert_eq(json_array_size(sts), 2);
  json_t *first = json_array_get(sts, 0);
  cr_expect_str_eq(json_string_value(json_object_get(json_object_get(first, "speaker"), "slug")),
                   "vladimir-putin");
  cr_expect_str_eq(json_string_value(json_object_get(json_object_get(first, "attribution"), "method")),
                   "name");
  cr_expect(json_is_null(json_object_get(json_array_get(sts, 1), "speaker")));
  /* One history entry by the engine for the attributed statement only. */
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM attribution_history h JOIN statements s ON "
           "s.id = h.statement_id WHERE s.article_id = %lld AND h.changed_by = 'engine'", json_id(a));
  PGconn *db = test_db();
  cr_expect_eq(test_db_scalar(db, sql), 1);
  PQfinish(db);
  json_decref(a);
  http_reply_free(&r);
}

Test(articles, patch_changes_metadata_and_statements_copy)
{
  char body[512], path[64];
  snprintf(body, sizeof body, "{\"body\": \"Xi said the patch %s works.\", \"source\": \"P\"}",
           marker());
  long long id = post_article_id(body);
  snprintf(path, sizeof path, "/articles/%lld", id);
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "PATCH", path,
                              "{\"published_at\": \"2020-05-06\", \"title\": \"New\", \"url\": null}", &r), 0);
  cr_assert_eq(r.status, 200, "%s", r.body);
  json_t *a = http_json(&r);
  cr_expect_str_eq(json_string_value(json_object_get(a, "published_at")), "2020-05-06");
  cr_expect_str_eq(json_string_value(json_object_get(a, "title")), "New");
  cr_expect_str_eq(json_string_value(json_object_get(a, "source")), "P", "absent fields stay");
  json_t *st = json_array_get(json_object_get(a, "statements"), 0);
  cr_expect_str_eq(json_string_value(json_object_get(st, "published_at")), "2020-05-06");
  json_decref(a);
  http_reply_free(&r);

  /* Refused changes leave the row as it was. */
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM articles WHERE id = %lld AND title = 'New' "
           "AND published_at = '2020-05-06' AND source = 'P'", id);
  struct { const char *json; int status; const char *needle; } bad[] = {
    {"{\"body\": \"other\"}", 422, "body"},
    {"{\"language\": \"fr\"}", 422, "language"},
    {"{\"colour\": \"red\"}", 422, "colour"},
    {"{\"title\": 5}", 422, "title"},
    {"{\"published_at\": \"2021-13-45\"}", 422, "published_at"},
    {"{\"published_at\": 20210101}", 422, "published_at"},
    {"[1, 2]", 422, "object"},
    {"{\"title\": ", 400, "malformed"},
  };
  PGconn *db = test_db();
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cr_assert_eq(http_send_json(&suite_server, "PATCH", path, bad[i].json, &r), 0);
    expect_problem(&r, bad[i].status, bad[i].needle);
    http_reply_free(&r);
    cr_expect_eq(test_db_scalar(db, sql), 1, "the article changed after %s", bad[i].json);
  }
  PQfinish(db);
  cr_assert_eq(http_send_json(&suite_server, "PATCH", "/articles/9223372036854775807", "{\"title\": \"x\"}", &r), 0);
  expect_problem(&r, 404, "9223372036854775807");
  http_reply_free(&r);
}

Test(articles, delete_takes_statements_and_history)
{
  char body[512], path[96];
  snprintf(body, sizeof body, "{\"body\": \"Putin said the delete %s works. He added more.\"}",
           marker());
  long long id = post_article_id(body);
  snprintf(path, sizeof path, "/articles/%lld/statements", id);
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "POST", path, "{\"text\": \"By hand.\", \"speaker\": \"xi-jinping\"}", &r), 0);
  cr_assert_eq(r.status, 201, "%s", r.body);
  http_reply_free(&r);
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM statements WHERE article_id = %lld) + "
           "(SELECT count(*) FROM attribution_history h WHERE NOT EXISTS "
           "(SELECT 1 FROM statements s WHERE s.id = h.statement_id))", id);
  PGconn *db = test_db();
  cr_expect_eq(test_db_scalar(db, sql), 3);
  snprintf(path, sizeof path, "/articles/%lld", id);
  const char *auth[] = {TEST_AUTH, NULL};
  cr_assert_eq(http_call(&suite_server, "DELETE", path, auth, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 204);
  cr_expect_eq(r.body_len, 0);
  http_reply_free(&r);
  cr_expect_eq(test_db_scalar(db, sql), 0, "statements and history went with the article");
  cr_assert_eq(http_get(&suite_server, path, &r), 0);
  expect_problem(&r, 404, "does not exist");
  http_reply_free(&r);
  cr_assert_eq(http_call(&suite_server, "DELETE", path, auth, NULL, 0, &r), 0);
  expect_problem(&r, 404, "does not exist");
  http_reply_free(&r);
  PQfinish(db);
}

/* Follows next_cursor through GET path; returns how many items, checking order. */
static int walk(const char *first, long long *ids, int cap)
{
  char path[1024];
  snprintf(path, sizeof path, "%s", first);
  int n = 0, pages = 0;
  for (;;) {
    struct http_reply r;
    cr_assert_eq(http_get(&suite_server, path, &r), 0);
    cr_assert_eq(r.status, 200, "%s: %s", path, r.body);
    json_t *doc = http_json(&r);
    json_t *items = json_object_get(doc, "items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
      cr_assert_lt(n, cap);
      cr_expect_null(json_object_get(it, "statements"), "lists embed no statements");
      cr_expect(json_is_integer(json_object_get(it, "statement_count")));
      ids[n++] = json_id(it);
    }
    const char *next = json_string_value(json_object_get(doc, "next_cursor"));
    char link[1024];
    if (next == NULL) {
      cr_expect_null(http_header(&r, "Link", link, sizeof link));
      json_decref(doc);
      http_reply_free(&r);
      break;
    }
    cr_assert_not_null(http_header(&r, "Link", link, sizeof link));
    cr_expect(strstr(link, "rel=\"next\"") != NULL);
    char *lt = strchr(link, '<'), *gt = strchr(link, '>');
    cr_assert(lt && gt);
    *gt = '\0';
    snprintf(path, sizeof path, "%s", lt + 1);
    json_decref(doc);
    http_reply_free(&r);
    cr_assert_lt(++pages, 50);
  }
  return n;
}

Test(articles, list_filters_and_keyset_paging)
{
  char source[80], body[512];
  snprintf(source, sizeof source, "Src%s", marker());
  static const char *const dates[] = {"2019-01-05", "2019-01-07", "2019-01-07", "2019-01-09", NULL};
  long long ids[5];
  for (int i = 0; i < 5; i++) {
    char date[32];
    snprintf(date, sizeof date, dates[i] ? "\"%s\"" : "null", dates[i]);
    snprintf(body, sizeof body,
             "{\"body\": \"Item %d of %s about cooperation. Putin said %s.\", \"source\": \"%s\","
             " \"published_at\": %s}",
             i, marker(), i == 3 ? "affirmative" : "no", source, date);
    json_t *a = post_article(body);
    ids[i] = json_id(a);
    json_decref(a);
  }
  /* Expected order: 2019-01-09 (3), 2019-01-07 (2 then 1: id desc), 2019-01-05 (0), undated (4). */
  long long want[] = {ids[3], ids[2], ids[1], ids[0], ids[4]};
  long long got[16];
  char path[512];
  snprintf(path, sizeof path, "/articles?source=%s&limit=2", source);
  cr_assert_eq(walk(path, got, 16), 5);
  for (int i = 0; i < 5; i++)
    cr_expect_eq(got[i], want[i], "position %d", i);
  snprintf(path, sizeof path, "/articles?source=%s&from=2019-01-06&to=2019-01-07", source);
  cr_assert_eq(walk(path, got, 16), 2);
  cr_expect_eq(got[0], ids[2]);
  cr_expect_eq(got[1], ids[1]);
  snprintf(path, sizeof path, "/articles?source=%s&q=cooperate&limit=1", source);
  cr_expect_eq(walk(path, got, 16), 5, "q stems: cooperate finds cooperation");
  snprintf(path, sizeof path, "/articles?source=%s&q=%s", source, marker());
  cr_expect_eq(walk(path, got, 16), 5);
  snprintf(path, sizeof path, "/articles?source=%s&speaker=vladimir-putin", source);
  cr_expect_eq(walk(path, got, 16), 5);
  snprintf(path, sizeof path, "/articles?source=%s&speaker=2&q=affirmative", source);
  cr_expect_eq(walk(path, got, 16), 1);

  struct { const char *query; int status; const char *needle; } bad[] = {
    {"/articles?limit=0", 400, "limit"},
    {"/articles?limit=100000", 400, "limit"},
    {"/articles?limit=abc", 400, "limit"},
    {"/articles?from=2021-13-45", 400, "from"},
    {"/articles?to=yesterday", 400, "to"},
    {"/articles?cursor=garbage", 400, "cursor"},
    {"/articles?cursor=%27%3B%20DROP%20TABLE%20articles%3B--", 400, "cursor"},
    {"/articles?speaker=no-such-speaker-at-all", 422, "no-such-speaker-at-all"},
    {"/articles?speaker=%27%20OR%201%3D1--", 422, "does not exist"},
    {"/articles?speaker=99999999999999999999", 422, "does not exist"},
    {"/articles?sort=id", 400, "sort"},
    {"/articles?source=%FF%FE", 400, "source"},
    {"/articles?source=", 400, "source must not be empty"},
    {"/articles?q=%20%20", 400, "q must not be empty"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct http_reply r;
    cr_assert_eq(http_get(&suite_server, bad[i].query, &r), 0);
    expect_problem(&r, bad[i].status, bad[i].needle);
    http_reply_free(&r);
  }
  /* SQL metacharacters in filters are only values. */
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, "/articles?source=%27%20OR%20%271%27%3D%271&q=%27%29%3B%20DELETE%20FROM%20articles%3B--", &r), 0);
  cr_expect_eq(r.status, 200, "%s", r.body);
  cr_expect(strstr(r.body, "\"items\":[]") != NULL, "%s", r.body);
  http_reply_free(&r);
  cr_expect_eq(count_where("SELECT count(*) FROM articles WHERE source = '%s'", source), 5);
}

Test(articles, statements_added_by_hand)
{
  char body[512], path[96];
  snprintf(body, sizeof body, "{\"body\": \"Xi said the hand %s test runs.\"}", marker());
  long long id = post_article_id(body);
  snprintf(path, sizeof path, "/articles/%lld/statements", id);
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "POST", path,
                              "{\"text\": \"  Said in a hallway.  \", \"speaker\": 2, \"section\": \"Aside\"}", &r), 0);
  cr_assert_eq(r.status, 201, "%s", r.body);
  json_t *st = http_json(&r);
  char loc[64], want[64];
  snprintf(want, sizeof want, "/statements/%lld", json_id(st));
  cr_expect_str_eq(http_header(&r, "Location", loc, sizeof loc), want);
  cr_expect_str_eq(json_string_value(json_object_get(st, "text")), "Said in a hallway.");
  cr_expect_eq(json_integer_value(json_object_get(st, "seq")), 1);
  cr_expect(json_is_null(json_object_get(st, "start")));
  cr_expect_str_eq(json_string_value(json_object_get(st, "section")), "Aside");
  cr_expect_str_eq(json_string_value(json_object_get(json_object_get(st, "attribution"), "method")), "manual");
  cr_expect_str_eq(json_string_value(json_object_get(json_object_get(st, "speaker"), "slug")), "vladimir-putin");
  cr_expect_eq(json_real_value(json_object_get(json_object_get(st, "attribution"), "confidence")), 1.0,
               "a decision by hand is certain, as with PUT /statements/{id}/speaker");
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM attribution_history WHERE statement_id = %lld "
           "AND changed_by = 'tester' AND method = 'manual'", json_id(st));
  PGconn *db = test_db();
  cr_expect_eq(test_db_scalar(db, sql), 1);
  json_decref(st);
  http_reply_free(&r);

  cr_assert_eq(http_get(&suite_server, path, &r), 0);
  cr_assert_eq(r.status, 200);
  json_t *list = http_json(&r);
  cr_expect_eq(json_array_size(json_object_get(list, "items")), 2);
  cr_expect(json_is_null(json_object_get(list, "next_cursor")));
  json_decref(list);
  http_reply_free(&r);

  snprintf(sql, sizeof sql, "SELECT count(*) FROM statements WHERE article_id = %lld", id);
  struct { const char *json; int status; const char *needle; } bad[] = {
    {"{}", 422, "text"},
    {"{\"text\": \"   \"}", 422, "text"},
    {"{\"text\": 7}", 422, "text"},
    {"{\"text\": \"x\", \"speaker\": \"nobody-here\"}", 422, "nobody-here"},
    {"{\"text\": \"x\", \"speaker\": -3}", 422, "speaker"},
    {"{\"text\": \"x\", \"speaker\": [1]}", 422, "speaker"},
    {"{\"text\": \"x\", \"mood\": 1}", 422, "mood"},
    {"{\"text\": \"x\", \"section\": {}}", 422, "section"},
    {"{\"text\": \"x\"", 400, "malformed"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cr_assert_eq(http_send_json(&suite_server, "POST", path, bad[i].json, &r), 0);
    expect_problem(&r, bad[i].status, bad[i].needle);
    http_reply_free(&r);
  }
  cr_expect_eq(test_db_scalar(db, sql), 2, "refused statements were not stored");
  cr_assert_eq(http_send_json(&suite_server, "POST", "/articles/123456789012/statements", "{\"text\": \"x\"}", &r), 0);
  expect_problem(&r, 404, "123456789012");
  http_reply_free(&r);
  PQfinish(db);
}

Test(articles, reextract_after_new_speaker_keeps_manual_decisions)
{
  char surname[32], body[1024], path[96], sql[512];
  snprintf(surname, sizeof surname, "Q%s", test_tag()); /* a name nobody else registers */
  snprintf(body, sizeof body,
           "{\"body\": \"%s said the harvest was good.\\nLater, %s said the rain came early.\\n"
           "Farmers were happy.\"}", surname, surname);
  json_t *a = post_article(body);
  long long id = json_id(a);
  json_t *sts = json_object_get(a, "statements");
  cr_assert_eq(json_array_size(sts), 3);
  cr_expect(json_is_null(json_object_get(json_array_get(sts, 0), "speaker")), "unknown yet");
  long long first = json_id(json_array_get(sts, 0)), second = json_id(json_array_get(sts, 1));
  json_decref(a);

  PGconn *db = test_db();
  /* A manual decision on the second statement (as DELETE /statements/{id}/speaker makes). */
  snprintf(sql, sizeof sql, "UPDATE statements SET method = 'manual', speaker_id = NULL, cue = NULL "
           "WHERE id = %lld", second);
  PQclear(PQexec(db, sql));
  snprintf(path, sizeof path, "/articles/%lld/statements", id);
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "POST", path, "{\"text\": \"Added by hand.\"}", &r), 0);
  cr_assert_eq(r.status, 201);
  http_reply_free(&r);
  snprintf(sql, sizeof sql, "INSERT INTO speakers (slug, name) VALUES (lower('%s-farmer'), 'Ann %s')",
           surname, surname);
  PGresult *ins = PQexec(db, sql);
  cr_assert_eq(PQresultStatus(ins), PGRES_COMMAND_OK, "%s", PQerrorMessage(db));
  PQclear(ins);

  snprintf(path, sizeof path, "/articles/%lld/extract", id);
  const char *auth[] = {TEST_AUTH, NULL};
  cr_assert_eq(http_call(&suite_server, "POST", path, auth, NULL, 0, &r), 0);
  cr_assert_eq(r.status, 200, "%s", r.body);
  a = http_json(&r);
  http_reply_free(&r);
  sts = json_object_get(a, "statements");
  cr_assert_eq(json_array_size(sts), 4);
  json_t *s0 = json_array_get(sts, 0), *s1 = json_array_get(sts, 1), *s3 = json_array_get(sts, 3);
  cr_expect_eq(json_id(s0), first, "ids are stable");
  cr_expect_eq(json_id(s1), second);
  char slug[64];
  snprintf(slug, sizeof slug, "%s-farmer", surname);
  for (char *p = slug; *p; p++)
    *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  cr_expect_str_eq(json_string_value(json_object_get(json_object_get(s0, "speaker"), "slug")), slug);
  cr_expect(json_is_null(json_object_get(s1, "speaker")), "the manual decision survives");
  cr_expect_str_eq(json_string_value(json_object_get(json_object_get(s1, "attribution"), "method")), "manual");
  cr_expect_str_eq(json_string_value(json_object_get(s3, "text")), "Added by hand.");
  cr_expect_eq(json_integer_value(json_object_get(s3, "seq")), 3);
  json_decref(a);

  snprintf(sql, sizeof sql, "SELECT count(*) FROM attribution_history h JOIN statements s ON "
           "s.id = h.statement_id WHERE s.article_id = %lld AND h.changed_by = 'engine'", id);
  long long history = test_db_scalar(db, sql);
  cr_expect_eq(history, 1, "one engine entry: the first statement's new attribution");
  /* Again: nothing changes, so no new history. */
  cr_assert_eq(http_call(&suite_server, "POST", path, auth, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 200);
  http_reply_free(&r);
  cr_expect_eq(test_db_scalar(db, sql), history);
  cr_assert_eq(http_call(&suite_server, "POST", "/articles/abc/extract", auth, NULL, 0, &r), 0);
  expect_problem(&r, 404, "abc");
  http_reply_free(&r);
  PQfinish(db);
}

Test(articles, bad_posts_change_nothing)
{
  const char *m = marker();
  char big_note[96];
  snprintf(big_note, sizeof big_note, "%s big", m);
  struct {
    const char *content_type; /* NULL: none */
    const char *auth;         /* NULL: none */
    const char *body;
    size_t len;               /* 0: strlen */
    int status;
    const char *needle;
  } bad[] = {
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\"", 0, 400, "malformed"},
    {"application/json", TEST_AUTH, "[\"MARK\"]", 0, 422, "object"},
    {"application/json", TEST_AUTH, "\"MARK\"", 0, 422, "object"},
    {"application/json", TEST_AUTH, "{\"title\": \"MARK\"}", 0, 422, "body is required"},
    {"application/json", TEST_AUTH, "{\"body\": 12, \"title\": \"MARK\"}", 0, 422, "body must be a string"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\", \"title\": 5}", 0, 422, "title"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\", \"published_at\": \"2021-02-30\"}", 0, 422, "published_at"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\", \"published_at\": 2021}", 0, 422, "published_at"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\", \"language\": \"en; DROP\"}", 0, 422, "language"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\", \"colour\": \"red\"}", 0, 422, "colour"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\", \"tone\": 1}", 0, 422, "this body takes body, title"},
    {"application/json", TEST_AUTH, "{\"body\": \"\", \"title\": \"MARK\"}", 0, 422, "empty"},
    {"application/json", TEST_AUTH, "{\"body\": \" \\n\\t \\r\\n\", \"title\": \"MARK\"}", 0, 422, "whitespace"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK \xff\xfe\"}", 0, 400, "UTF-8"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\\u0000x\"}", 0, 400, "NUL"},
    {"application/json", TEST_AUTH, "{\"body\": \"MARK\"}\0tail", 21, 400, "NUL"},
    {"text/plain", TEST_AUTH, "MARK said \xc3\x28 bad.", 0, 400, "UTF-8"},
    {"text/plain", TEST_AUTH, "MARK said\0 this.", 16, 400, "NUL"},
    {"text/plain", TEST_AUTH, "  \r\n\t\n ", 0, 422, "whitespace"},
    {"text/plain; charset=latin1", TEST_AUTH, "MARK said so.", 0, 415, "text/plain"},
    {"application/xml", TEST_AUTH, "<body>MARK</body>", 0, 415, "Content-Type"},
    {NULL, TEST_AUTH, "{\"body\": \"MARK\"}", 0, 415, "none"},
    {"application/json", NULL, "{\"body\": \"MARK\"}", 0, 401, "Authorization"},
    {"application/json", "Authorization: Bearer wrong-token-123", "{\"body\": \"MARK\"}", 0, 401, "not valid"},
    {"application/json", "Authorization: Basic dGVzdGVyOnB3", "{\"body\": \"MARK\"}", 0, 401, "Bearer"},
    {"application/json", "Authorization: Bearer", "{\"body\": \"MARK\"}", 0, 401, "Bearer"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    /* Replace MARK with this process's marker. */
    char body[512], ct[128];
    size_t len = bad[i].len ? bad[i].len : strlen(bad[i].body);
    const char *mark = memmem(bad[i].body, len, "MARK", 4);
    size_t n = 0;
    if (mark != NULL) {
      size_t pre = (size_t)(mark - bad[i].body);
      memcpy(body, bad[i].body, pre);
      n = pre + (size_t)sprintf(body + pre, "%s", m);
      memcpy(body + n, mark + 4, len - pre - 4);
      n += len - pre - 4;
    } else {
      memcpy(body, bad[i].body, len);
      n = len;
    }
    const char *h[3] = {NULL, NULL, NULL};
    size_t k = 0;
    if (bad[i].auth)
      h[k++] = bad[i].auth;
    if (bad[i].content_type) {
      snprintf(ct, sizeof ct, "Content-Type: %s", bad[i].content_type);
      h[k++] = ct;
    }
    struct http_reply r;
    cr_assert_eq(http_call(&suite_server, "POST", "/articles", h, body, n, &r), 0, "case %zu", i);
    cr_expect_eq(r.status, bad[i].status, "case %zu (%s)", i, bad[i].body);
    expect_problem(&r, bad[i].status, bad[i].needle);
    http_reply_free(&r);
  }
  /* 10 MB: over MAX_BODY_BYTES. */
  size_t big = 10u << 20;
  char *huge = malloc(big);
  memset(huge, 'a', big);
  memcpy(huge, big_note, strlen(big_note));
  struct http_reply r;
  const char *h[] = {TEST_AUTH, "Content-Type: text/plain", NULL};
  cr_assert_eq(http_call(&suite_server, "POST", "/articles", h, huge, big, &r), 0);
  expect_problem(&r, 413, "MAX_BODY_BYTES");
  http_reply_free(&r);
  free(huge);
  expect_nothing_stored(m);
}

Test(articles, sql_metacharacters_are_only_text)
{
  char body[1024];
  const char *evil = "'); DELETE FROM articles; -- \\\" %% _ $1 \\\\";
  snprintf(body, sizeof body,
           "{\"body\": \"Xi said %s %s.\", \"title\": \"%s\", \"source\": \"%s %s\","
           " \"byline\": \"%s\", \"credit\": \"%s\", \"url\": \"%s\"}",
           marker(), evil, evil, evil, marker(), evil, evil, evil);
  json_t *a = post_article(body);
  cr_expect(strstr(json_string_value(json_object_get(a, "title")), "DELETE FROM articles") != NULL);
  cr_expect(strstr(json_string_value(json_object_get(a, "source")), "'); DELETE") != NULL);
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", json_id(a));
  json_decref(a);
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "PATCH", path, "{\"title\": \"x'; DROP TABLE speakers; --\"}", &r), 0);
  cr_expect_eq(r.status, 200);
  http_reply_free(&r);
  cr_expect_eq(count_where("SELECT count(*) FROM articles WHERE strpos(source, '%s') > 0", marker()), 1);
  cr_expect_eq(count_where("SELECT count(*) FROM speakers WHERE slug = '%s'", "xi-jinping"), 1);
}

Test(articles, bad_ids_are_404)
{
  static const char *const paths[] = {
    "/articles/abc", "/articles/-1", "/articles/0", "/articles/99999999999999999999",
    "/articles/1.5", "/articles/%27%20OR%201%3D1", "/articles/%FF%FE", "/articles/%C3%A9", "/articles/9223372036854775807",
  };
  const char *auth[] = {TEST_AUTH, NULL};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    struct http_reply r;
    cr_assert_eq(http_get(&suite_server, paths[i], &r), 0);
    expect_problem(&r, 404, "does not exist");
    http_reply_free(&r);
    cr_assert_eq(http_call(&suite_server, "DELETE", paths[i], auth, NULL, 0, &r), 0);
    expect_problem(&r, 404, "does not exist");
    http_reply_free(&r);
    char sub[128];
    snprintf(sub, sizeof sub, "%s/statements", paths[i]);
    cr_assert_eq(http_get(&suite_server, sub, &r), 0);
    expect_problem(&r, 404, "does not exist");
    http_reply_free(&r);
  }
}

/* A failure after the article row is written (a statement refused by the
 * database) must leave nothing behind: the whole ingest is one transaction. */
Test(articles, failed_ingest_leaves_nothing_half_written)
{
  char sql[1024], body[512], fn[64];
  snprintf(fn, sizeof fn, "refuse_%d", (int)getpid());
  PGconn *db = test_db();
  snprintf(sql, sizeof sql,
           "CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
           "IF strpos(NEW.text, '%s-poison') > 0 THEN RAISE EXCEPTION 'refused' USING "
           "ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; "
           "CREATE TRIGGER %s BEFORE INSERT ON statements FOR EACH ROW EXECUTE FUNCTION %s()",
           fn, marker(), fn, fn);
  PGresult *res = PQexec(db, sql);
  cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s", PQerrorMessage(db));
  PQclear(res);
  snprintf(body, sizeof body,
           "{\"body\": \"Xi said the first %s part is fine.\\nPutin said %s-poison spoils it.\"}",
           marker(), marker());
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "POST", "/articles", body, &r), 0);
  cr_expect(r.status >= 400 && r.status < 600 && r.status != 201, "%d %s", r.status, r.body);
  http_reply_free(&r);
  snprintf(sql, sizeof sql, "DROP TRIGGER %s ON statements; DROP FUNCTION %s()", fn, fn);
  PQclear(PQexec(db, sql));
  expect_nothing_stored(marker());
  /* The same article goes in once the obstacle is gone: nothing half-written blocked it. */
  cr_assert_eq(http_send_json(&suite_server, "POST", "/articles", body, &r), 0);
  cr_expect_eq(r.status, 201, "%s", r.body);
  http_reply_free(&r);
  cr_expect_eq(count_where("SELECT count(*) FROM statements WHERE strpos(text, '%s') > 0", marker()), 2);
  PQfinish(db);
}
