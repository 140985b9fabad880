/* api_helpers.h - what the resource suites share: problem checks, fixtures
 * written straight into the database, and fingerprints of the rows a test
 * owns, to show that refused requests change nothing.
 *
 * Suites run in parallel against one database, so every fixture carries a
 * tag unique to the test process (test_tag(), harness.h) and every check looks
 * only at its own rows. */
#ifndef SAYWHO_TEST_API_HELPERS_H
#define SAYWHO_TEST_API_HELPERS_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* Runs printf-formatted SQL; returns the first cell of the first row as a
 * malloc'd string ("" when there is no row). Fails the test on an error. */
static inline char *db_text(PGconn *db, const char *fmt, ...)
{
  char sql[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  PGresult *res = PQexec(db, sql);
  ExecStatusType st = PQresultStatus(res);
  cr_assert(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage(db));
  char *out = strdup(st == PGRES_TUPLES_OK && PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
  PQclear(res);
  return out;
}

/* Like db_text, as a number. */
static inline long long db_num(PGconn *db, const char *fmt, ...)
{
  char sql[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  return test_db_scalar(db, sql);
}

/* Asserts that r is a problem+json with status and a detail containing needle. */
static inline void expect_problem(const struct http_reply *r, int status, const char *needle)
{
  char ct[128];
  cr_expect_eq(r->status, status, "expected %d, got %d: %s", status, r->status, r->body);
  if (r->status != status)
    return;
  cr_expect_str_eq(http_header(r, "Content-Type", ct, sizeof ct) ? ct : "",
                   "application/problem+json");
  json_t *doc = http_json(r);
  cr_assert_not_null(doc, "problem body is not JSON: %s", r->body);
  const char *detail = json_string_value(json_object_get(doc, "detail"));
  cr_expect(detail != NULL && strstr(detail, needle) != NULL,
            "detail \"%s\" should mention \"%s\"", detail ? detail : "(none)", needle);
  cr_expect_eq(json_integer_value(json_object_get(doc, "status")), status);
  json_decref(doc);
}

/* One request with the given headers (NULL-terminated) and body; checks the problem. */
static inline void call_expect(const struct test_server *s, const char *method, const char *path,
                               const char *const *headers, const char *body, size_t len,
                               int status, const char *needle)
{
  struct http_reply r;
  cr_assert_eq(http_call(s, method, path, headers, body, len, &r), 0, "%s %s", method, path);
  expect_problem(&r, status, needle);
  http_reply_free(&r);
}

/* GET path; checks the problem. */
static inline void get_expect(const struct test_server *s, const char *path, int status,
                              const char *needle)
{
  call_expect(s, "GET", path, NULL, NULL, 0, status, needle);
}

/* A JSON write with the test token; checks the problem. */
static inline void send_expect(const struct test_server *s, const char *method, const char *path,
                               const char *json, int status, const char *needle)
{
  const char *headers[] = {TEST_AUTH, "Content-Type: application/json", NULL};
  call_expect(s, method, path, headers, json, strlen(json), status, needle);
}

/* GET path expecting 200 JSON; caller json_decref()s. */
static inline json_t *get_json(const struct test_server *s, const char *path)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, path, &r), 0);
  cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
  json_t *doc = http_json(&r);
  cr_assert_not_null(doc);
  http_reply_free(&r);
  return doc;
}

/* A JSON write with the test token expecting status; returns the body as JSON
 * (NULL when it has none). */
static inline json_t *send_json(const struct test_server *s, const char *method, const char *path,
                                const char *json, int status)
{
  struct http_reply r;
  cr_assert_eq(http_send_json(s, method, path, json, &r), 0);
  cr_assert_eq(r.status, status, "%s %s %s: %d %s", method, path, json ? json : "", r.status,
               r.body);
  json_t *doc = r.body_len ? http_json(&r) : NULL;
  http_reply_free(&r);
  return doc;
}

/* An article of the test with n statements (seq 0..n-1, text "<tag> statement
 * <seq>", section, published_at day or NULL) written directly; returns its id. */
static inline long long make_article(PGconn *db, const char *day, int n, const char *section)
{
  static int counter;
  char dayval[16];
  snprintf(dayval, sizeof dayval, day ? "'%s'" : "NULL", day);
  long long id = db_num(db,
                        "INSERT INTO articles (body, body_hash, published_at, source) VALUES "
                        "('body of %s', decode(md5('%s-%d-' || clock_timestamp()), 'hex'), %s, "
                        "'test %s') RETURNING id",
                        test_tag(), test_tag(), counter++, dayval, test_tag());
  free(db_text(db,
               "INSERT INTO statements (article_id, seq, text, section, published_at) "
               "SELECT %lld, g, '%s statement ' || g, %s%s%s, %s FROM generate_series(0, %d) g",
               id, test_tag(), section ? "'" : "", section ? section : "NULL", section ? "'" : "",
               dayval, n - 1));
  return id;
}

/* The id of statement seq of article. */
static inline long long statement_id(PGconn *db, long long article, int seq)
{
  return db_num(db, "SELECT id FROM statements WHERE article_id = %lld AND seq = %d", article,
                seq);
}

/* Everything the test owns, as one hash: speakers whose slug or name holds the
 * tag, the statements of articles whose source holds it, their history; and
 * the seed speakers, which no refused request may touch. */
static inline char *fingerprint(PGconn *db)
{
  const char *t = test_tag();
  return db_text(db,
                 "SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM ("
                 "SELECT s::text x FROM speakers s WHERE s.slug LIKE '%%%s%%' OR s.name LIKE "
                 "'%%%s%%' OR s.slug IN ('xi-jinping', 'vladimir-putin') "
                 "UNION ALL SELECT st::text FROM statements st JOIN articles a ON a.id = "
                 "st.article_id WHERE a.source = 'test %s' "
                 "UNION ALL SELECT h::text FROM attribution_history h JOIN statements st ON "
                 "st.id = h.statement_id JOIN articles a ON a.id = st.article_id WHERE a.source "
                 "= 'test %s') t",
                 t, t, t, t);
}

/* Fails the test when the fingerprint now differs from before; frees before. */
static inline void expect_unchanged(PGconn *db, char *before)
{
  char *after = fingerprint(db);
  cr_expect_str_eq(before, after, "a refused request changed the database");
  free(before);
  free(after);
}

/* GET path answers 200 with an ETag, and 304 with no body when asked again
 * with If-None-Match: that tag. */
static inline void expect_etag_304(const struct test_server *s, const char *path)
{
  struct http_reply r;
  char etag[64], line[96];
  cr_assert_eq(http_get(s, path, &r), 0);
  cr_assert_eq(r.status, 200, "GET %s: %s", path, r.body);
  cr_assert_not_null(http_header(&r, "ETag", etag, sizeof etag), "GET %s has no ETag", path);
  http_reply_free(&r);
  snprintf(line, sizeof line, "If-None-Match: %s", etag);
  const char *headers[] = {line, NULL};
  cr_assert_eq(http_call(s, "GET", path, headers, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 304, "GET %s with its ETag", path);
  cr_expect_eq(r.body_len, 0);
  http_reply_free(&r);
}

/* Members of a JSON object, NULL / 0 when absent. */
static inline const char *str(json_t *doc, const char *key)
{
  return json_string_value(json_object_get(doc, key));
}

static inline long long num(json_t *doc, const char *key)
{
  return json_integer_value(json_object_get(doc, key));
}

/* The suite's server and database connection (each suite is one program). */
static PGconn *db;

static inline void suite_start(void)
{
  suite_server_start();
  db = test_db();
}

static inline void suite_stop(void)
{
  PQfinish(db);
  suite_server_stop();
}

/* Counts items of a list answer. */
static inline size_t items_count(json_t *doc)
{
  return json_array_size(json_object_get(doc, "items"));
}

#endif
