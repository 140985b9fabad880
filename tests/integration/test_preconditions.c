/* test_preconditions.c - If-Match on every PATCH, PUT and DELETE: a stale tag
 * answers 412 and changes nothing, the current one lets the write through,
 * and every write that answers with a resource carries the ETag that GET of
 * the same resource then shows. */
#include <pthread.h>

#include "api_helpers.h"

TestSuite(preconditions, .init = suite_start, .fini = suite_stop, .timeout = 60);

/* One write operation and the resource whose representation it changes. */
struct write_case {
  const char *method;
  char path[96];     /* the write */
  char resource[96]; /* what GET shows and If-Match is compared with */
  const char *body;  /* JSON, or NULL */
  bool removes;      /* afterwards GET of resource answers 404 */
};

/* The ETag of GET path (copied to out); fails the test without one. */
static void current_etag(const char *path, char out[64])
{
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, path, &r), 0);
  cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
  cr_assert_not_null(http_header(&r, "ETag", out, 64), "GET %s has no ETag", path);
  http_reply_free(&r);
}

/* The write of c with "If-Match: if_match" (NULL: none); the reply in *r. */
static void write_with(const struct write_case *c, const char *if_match, struct http_reply *r)
{
  char line[160];
  snprintf(line, sizeof line, "If-Match: %s", if_match ? if_match : "");
  const char *headers[] = {TEST_AUTH, "Content-Type: application/json",
                           if_match ? line : NULL, NULL};
  size_t len = c->body ? strlen(c->body) : 0;
  cr_assert_eq(http_call(&suite_server, c->method, c->path, headers, c->body, len, r), 0);
}

static void expect_refused(const struct write_case *c, const char *if_match, int status,
                           const char *needle)
{
  char *before = fingerprint(db);
  struct http_reply r;
  write_with(c, if_match, &r);
  cr_expect_eq(r.status, status, "%s %s with If-Match %s: %d %s", c->method, c->path, if_match,
               r.status, r.body);
  expect_problem(&r, status, needle);
  http_reply_free(&r);
  expect_unchanged(db, before);
}

/* The whole life of one write under If-Match. */
static void check_write(const struct write_case *c)
{
  char etag[64], weak[80];
  current_etag(c->resource, etag);
  snprintf(weak, sizeof weak, "W/%s", etag);

  expect_refused(c, "\"0123456789abcdef\"", 412, "changed since it was read");
  expect_refused(c, weak, 412, "changed since it was read"); /* weak tags never match */
  expect_refused(c, "not-a-tag", 400, "If-Match");
  expect_refused(c, "\"0123456789abcdef\", \"fedcba9876543210\"", 412, "changed");

  struct http_reply r;
  char list[160];
  snprintf(list, sizeof list, "\"0123456789abcdef\", %s", etag);
  write_with(c, list, &r);
  cr_assert(r.status >= 200 && r.status < 300, "%s %s with its current ETag: %d %s", c->method,
            c->path, r.status, r.body);
  if (r.body_len > 0) {
    char answered[64], now[64];
    cr_assert_not_null(http_header(&r, "ETag", answered, sizeof answered),
                       "%s %s answered without an ETag", c->method, c->path);
    current_etag(c->resource, now);
    cr_expect_str_eq(answered, now, "the write's ETag is not what GET %s shows", c->resource);
  }
  http_reply_free(&r);

  if (c->removes) {
    get_expect(&suite_server, c->resource, 404, "does not exist");
    expect_refused(c, etag, 404, "does not exist"); /* gone: no precondition to judge */
    return;
  }
  /* The tag the first editor read is stale now: a second editor's write with it is refused. */
  char after[64];
  current_etag(c->resource, after);
  cr_expect_str_neq(after, etag, "the write did not change %s", c->resource);
  expect_refused(c, etag, 412, "changed since it was read");
  write_with(c, "*", &r);
  cr_expect(r.status >= 200 && r.status < 300, "If-Match: * on %s: %d", c->path, r.status);
  http_reply_free(&r);
}

/* A speaker of this test, made through the API; its slug in slug. */
static void make_speaker(const char *name, char slug[64])
{
  char body[160];
  snprintf(body, sizeof body, "{\"name\": \"%s %s\"}", test_tag(), name);
  json_t *doc = send_json(&suite_server, "POST", "/speakers", body, 201);
  snprintf(slug, 64, "%s", str(doc, "slug"));
  json_decref(doc);
}

Test(preconditions, patch_speaker)
{
  char slug[64];
  make_speaker("Patched Editor", slug);
  struct write_case c = {.method = "PATCH", .body = "{\"title\": \"Night editor\"}"};
  snprintf(c.path, sizeof c.path, "/speakers/%s", slug);
  snprintf(c.resource, sizeof c.resource, "/speakers/%s", slug);
  check_write(&c);
}

Test(preconditions, delete_speaker)
{
  char slug[64];
  make_speaker("Deleted Editor", slug);
  struct write_case c = {.method = "DELETE", .removes = true};
  snprintf(c.path, sizeof c.path, "/speakers/%s", slug);
  snprintf(c.resource, sizeof c.resource, "/speakers/%s", slug);
  check_write(&c);
}

Test(preconditions, patch_article)
{
  long long a = make_article(db, "2021-03-04", 2, NULL);
  struct write_case c = {.method = "PATCH", .body = "{\"byline\": \"A. Reporter\"}"};
  snprintf(c.path, sizeof c.path, "/articles/%lld", a);
  snprintf(c.resource, sizeof c.resource, "/articles/%lld", a);
  check_write(&c);
}

Test(preconditions, delete_article)
{
  long long a = make_article(db, "2021-03-05", 2, NULL);
  struct write_case c = {.method = "DELETE", .removes = true};
  snprintf(c.path, sizeof c.path, "/articles/%lld", a);
  snprintf(c.resource, sizeof c.resource, "/articles/%lld", a);
  check_write(&c);
}

Test(preconditions, delete_statement)
{
  long long st = statement_id(db, make_article(db, "2021-03-06", 2, NULL), 1);
  struct write_case c = {.method = "DELETE", .removes = true};
  snprintf(c.path, sizeof c.path, "/statements/%lld", st);
  snprintf(c.resource, sizeof c.resource, "/statements/%lld", st);
  check_write(&c);
}

Test(preconditions, put_statement_speaker)
{
  long long st = statement_id(db, make_article(db, "2021-03-07", 2, NULL), 0);
  struct write_case c = {.method = "PUT", .body = "{\"speaker\": \"xi-jinping\"}"};
  snprintf(c.path, sizeof c.path, "/statements/%lld/speaker", st);
  snprintf(c.resource, sizeof c.resource, "/statements/%lld", st);
  check_write(&c);
}

Test(preconditions, delete_statement_speaker)
{
  long long st = statement_id(db, make_article(db, "2021-03-08", 2, NULL), 0);
  struct write_case c = {.method = "DELETE"};
  snprintf(c.path, sizeof c.path, "/statements/%lld/speaker", st);
  snprintf(c.resource, sizeof c.resource, "/statements/%lld", st);
  check_write(&c);
}

Test(preconditions, a_missing_resource_is_404_not_412)
{
  const char *headers[] = {TEST_AUTH, "Content-Type: application/json",
                           "If-Match: \"0123456789abcdef\"", NULL};
  static const char body[] = "{\"speaker\": \"xi-jinping\"}";
  call_expect(&suite_server, "PUT", "/statements/999999999/speaker", headers, body,
              sizeof body - 1, 404, "does not exist");
  call_expect(&suite_server, "DELETE", "/articles/999999999", headers, NULL, 0, 404,
              "does not exist");
}

/* Editors who all read the same version and write at once: one wins, the rest get 412. */
struct racer {
  const char *path;
  const char *etag;
  const char *body;
  int status;
};

static void *race(void *arg)
{
  struct racer *r = arg;
  char line[96];
  snprintf(line, sizeof line, "If-Match: %s", r->etag);
  const char *headers[] = {TEST_AUTH, "Content-Type: application/json", line, NULL};
  struct http_reply reply;
  if (http_call(&suite_server, "PUT", r->path, headers, r->body, strlen(r->body), &reply) == 0)
    r->status = reply.status;
  http_reply_free(&reply);
  return NULL;
}

Test(preconditions, concurrent_editors_one_wins)
{
  long long st = statement_id(db, make_article(db, "2021-03-09", 1, NULL), 0);
  char resource[64], path[80], etag[64];
  snprintf(resource, sizeof resource, "/statements/%lld", st);
  snprintf(path, sizeof path, "/statements/%lld/speaker", st);
  current_etag(resource, etag);
  enum { EDITORS = 8 };
  struct racer racers[EDITORS];
  pthread_t threads[EDITORS];
  for (int i = 0; i < EDITORS; i++) {
    racers[i] = (struct racer){path, etag,
                               i % 2 ? "{\"speaker\": \"xi-jinping\"}"
                                     : "{\"speaker\": \"vladimir-putin\"}",
                               0};
    cr_assert_eq(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
  }
  int won = 0, refused = 0;
  for (int i = 0; i < EDITORS; i++) {
    pthread_join(threads[i], NULL);
    won += racers[i].status == 200;
    refused += racers[i].status == 412;
  }
  cr_expect_eq(won, 1, "exactly one editor's write goes through (%d did)", won);
  cr_expect_eq(refused, EDITORS - 1, "the others get 412 (%d did)", refused);
  cr_expect_eq(db_num(db, "SELECT count(*) FROM attribution_history WHERE statement_id = %lld "
                          "AND method = 'manual'", st),
               1, "one manual change in the history");
}

Test(preconditions, creating_writes_answer_with_the_resources_etag)
{
  char slug[64], answered[64], now[64], path[96];
  struct http_reply r;
  char body[160];
  snprintf(body, sizeof body, "{\"name\": \"%s Tagged Speaker\"}", test_tag());
  cr_assert_eq(http_send_json(&suite_server, "POST", "/speakers", body, &r), 0);
  cr_assert_eq(r.status, 201, "%s", r.body);
  cr_assert_not_null(http_header(&r, "ETag", answered, sizeof answered));
  json_t *doc = http_json(&r);
  snprintf(slug, sizeof slug, "%s", str(doc, "slug"));
  json_decref(doc);
  http_reply_free(&r);
  snprintf(path, sizeof path, "/speakers/%s", slug);
  current_etag(path, now);
  cr_expect_str_eq(answered, now, "POST /speakers");

  long long a = make_article(db, "2021-03-10", 1, NULL);
  snprintf(path, sizeof path, "/articles/%lld/statements", a);
  snprintf(body, sizeof body, "{\"text\": \"%s added by hand.\", \"speaker\": \"xi-jinping\"}",
           test_tag());
  cr_assert_eq(http_send_json(&suite_server, "POST", path, body, &r), 0);
  cr_assert_eq(r.status, 201, "%s", r.body);
  cr_assert_not_null(http_header(&r, "ETag", answered, sizeof answered));
  doc = http_json(&r);
  snprintf(path, sizeof path, "/statements/%lld", num(doc, "id"));
  json_decref(doc);
  http_reply_free(&r);
  current_etag(path, now);
  cr_expect_str_eq(answered, now, "POST /articles/{id}/statements");
}
