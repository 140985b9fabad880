/* test_extraction.c - the text engine wired into the articles resource: the seed
 * article against its labels, code-point offsets into non-ASCII bodies, and the
 * roster cache following changes to the speakers table. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

TestSuite(extraction, .init = suite_server_start, .fini = suite_server_stop, .timeout = 60);

static char *read_file(const char *name, size_t *len)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", getenv("SAYWHO_SEED_DIR"), name);
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  char *buf = malloc(1 << 20);
  *len = fread(buf, 1, (1 << 20) - 1, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

static const char *str(json_t *obj, const char *key)
{
  return json_string_value(json_object_get(obj, key));
}

static json_t *post(const char *ct, const char *body, size_t len)
{
  char header[96];
  snprintf(header, sizeof header, "Content-Type: %s", ct);
  const char *h[] = {TEST_AUTH, header, NULL};
  struct http_reply r;
  cr_assert_eq(http_call(&suite_server, "POST", "/articles", h, body, len, &r), 0);
  cr_assert(r.status == 201 || r.status == 200, "%d %s", r.status, r.body);
  json_t *doc = http_json(&r);
  http_reply_free(&r);
  cr_assert_not_null(doc);
  return doc;
}

Test(extraction, seed_article_matches_its_labels)
{
  size_t len, llen;
  char *seed = read_file("000_769c9fc006ba94f1.txt", &len);
  char *labels_text = read_file("000_769c9fc006ba94f1.labels.json", &llen);
  json_t *labels = json_loads(labels_text, 0, NULL);
  cr_assert_not_null(labels);
  json_t *a = post("text/plain", seed, len);
  json_t *got = json_object_get(a, "statements"), *want = json_object_get(labels, "statements");
  cr_assert_eq(json_array_size(got), json_array_size(want));
  cr_expect_eq(json_array_size(got), 31);
  size_t i;
  json_t *w;
  json_array_foreach(want, i, w) {
    json_t *g = json_array_get(got, i);
    cr_expect_str_eq(str(g, "text"), str(w, "text"), "statement %zu", i);
    const char *ws = str(w, "section"), *gs = str(g, "section");
    cr_expect((ws == NULL && gs == NULL) || (ws && gs && strcmp(ws, gs) == 0),
              "section of %zu: %s vs %s", i, gs ? gs : "null", ws ? ws : "null");
    const char *want_speaker = str(w, "speaker");
    json_t *speaker = json_object_get(g, "speaker");
    bool ambiguous = json_is_true(json_object_get(w, "ambiguous"));
    if (want_speaker == NULL) {
      cr_expect(json_is_null(speaker), "statement %zu should be narration", i);
    } else if (!(ambiguous && json_is_null(speaker))) {
      cr_expect_str_eq(str(speaker, "slug"), want_speaker, "speaker of statement %zu", i);
      const char *cue = str(w, "cue");
      if (cue != NULL)
        cr_expect_str_eq(str(json_object_get(g, "attribution"), "cue"), cue, "cue of %zu", i);
    }
    /* Offsets are code points into the stored body (ASCII here). */
    const char *body = str(a, "body");
    long long s = json_integer_value(json_object_get(g, "start"));
    long long e = json_integer_value(json_object_get(g, "end"));
    cr_expect(strncmp(body + s, str(g, "text"), (size_t)(e - s)) == 0, "offsets of %zu", i);
  }
  json_decref(a);
  json_decref(labels);
  free(labels_text);
  free(seed);
}

/* Code points of s[0..n). */
static size_t code_points(const char *s, size_t n)
{
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* The byte offset of code point cp in s. */
static size_t byte_at(const char *s, size_t cp)
{
  size_t i = 0, c = 0;
  for (; s[i] != '\0'; i++) {
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      if (c == cp)
        return i;
      c++;
    }
  }
  return i;
}

Test(extraction, offsets_are_code_points_into_the_stored_body)
{
  char body[1024];
  snprintf(body, sizeof body,
           "date 2023-04-05 \xe2\x80\x9c" "Caf\xc3\xa9 talks matter,\xe2\x80\x9d Xi said on %d.\r\n"
           "\r\n  Stra\xc3\x9f" "e und \xe5\x8c\x97\xe4\xba\xac \xe2\x80\x94 Putin said it went well.  \r\n"
           "Published : April 5, 2023\r\nBy : Test Wire %d\r\n",
           (int)getpid(), (int)getpid());
  json_t *a = post("text/plain", body, strlen(body));
  const char *stored = str(a, "body");
  cr_expect_str_eq(str(a, "published_at"), "2023-04-05");
  cr_expect(strncmp(str(a, "source"), "Test Wire", 9) == 0);
  json_t *sts = json_object_get(a, "statements");
  cr_assert_eq(json_array_size(sts), 2);
  size_t i;
  json_t *st;
  json_array_foreach(sts, i, st) {
    long long s = json_integer_value(json_object_get(st, "start"));
    long long e = json_integer_value(json_object_get(st, "end"));
    const char *text = str(st, "text");
    cr_expect_eq((size_t)(e - s), code_points(text, strlen(text)), "end - start in code points");
    size_t b = byte_at(stored, (size_t)s);
    cr_expect(strncmp(stored + b, text, strlen(text)) == 0, "statement %zu at %lld: %s", i, s, text);
  }
  cr_expect_str_eq(str(json_object_get(json_array_get(sts, 0), "speaker"), "slug"), "xi-jinping");
  cr_expect_str_eq(str(json_object_get(json_array_get(sts, 1), "speaker"), "slug"), "vladimir-putin");
  json_t *quotes = json_object_get(json_array_get(sts, 0), "quotes");
  cr_expect_eq(json_array_size(quotes), 1);
  cr_expect(strstr(json_string_value(json_array_get(quotes, 0)), "talks matter") != NULL);
  json_decref(a);
}

Test(extraction, new_alias_is_picked_up_by_the_next_extraction)
{
  char role[64], body[512], sql[256], path[96];
  snprintf(role, sizeof role, "the harbour master %s", test_tag());
  snprintf(body, sizeof body, "{\"body\": \"The harbour master %s said the port reopened.\"}",
           test_tag());
  json_t *a = post("application/json", body, strlen(body));
  cr_expect(json_is_null(json_object_get(json_array_get(json_object_get(a, "statements"), 0),
                                         "speaker")));
  long long id = json_integer_value(json_object_get(a, "id"));
  json_decref(a);
  PGconn *db = test_db();
  snprintf(sql, sizeof sql, "INSERT INTO speakers (slug, name, aliases) VALUES "
           "('harbour-%s', 'Jan Harbourmaster', ARRAY['%s'])", test_tag(), role);
  PGresult *res = PQexec(db, sql);
  cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s", PQerrorMessage(db));
  PQclear(res);
  snprintf(path, sizeof path, "/articles/%lld/extract", id);
  const char *auth[] = {TEST_AUTH, NULL};
  struct http_reply r;
  cr_assert_eq(http_call(&suite_server, "POST", path, auth, NULL, 0, &r), 0);
  cr_assert_eq(r.status, 200, "%s", r.body);
  a = http_json(&r);
  http_reply_free(&r);
  json_t *st = json_array_get(json_object_get(a, "statements"), 0);
  char slug[48];
  snprintf(slug, sizeof slug, "harbour-%s", test_tag());
  cr_expect_str_eq(str(json_object_get(st, "speaker"), "slug"), slug);
  cr_expect_str_eq(str(json_object_get(st, "attribution"), "method"), "role");
  json_decref(a);
  /* Deleting the speaker: the next extraction no longer knows them. */
  snprintf(sql, sizeof sql, "DELETE FROM speakers WHERE slug = 'harbour-%s'", test_tag());
  PQclear(PQexec(db, sql));
  cr_assert_eq(http_call(&suite_server, "POST", path, auth, NULL, 0, &r), 0);
  cr_assert_eq(r.status, 200, "%s", r.body);
  a = http_json(&r);
  http_reply_free(&r);
  st = json_array_get(json_object_get(a, "statements"), 0);
  cr_expect(json_is_null(json_object_get(st, "speaker")));
  json_decref(a);
  PQfinish(db);
}

/* A body with more sentences than the engine takes: 422 "article too complex",
 * for a new article and for re-extracting one stored by other means; nothing
 * is stored or changed, and the answer comes at once, not after minutes. */
Test(extraction, too_complex_article_is_422)
{
  size_t n = 100001 * 3;
  char *body = malloc(n + 1);
  cr_assert_not_null(body);
  for (size_t i = 0; i < n; i += 3)
    memcpy(body + i, "A. ", 3);
  body[n - 1] = '\0';
  const char *h[] = {TEST_AUTH, "Content-Type: text/plain", NULL};
  struct http_reply r;
  cr_assert_eq(http_call(&suite_server, "POST", "/articles", h, body, n - 1, &r), 0);
  cr_expect_eq(r.status, 422, "%d %s", r.status, r.body);
  cr_expect(strstr(r.body, "article too complex") != NULL, "%s", r.body);
  http_reply_free(&r);

  PGconn *db = test_db();
  const char *params[] = {body};
  PGresult *res = PQexecParams(db, "SELECT count(*) FROM articles WHERE body = $1", 1, NULL,
                               params, NULL, NULL, 0);
  cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
  cr_expect_str_eq(PQgetvalue(res, 0, 0), "0", "the refused POST stored an article");
  PQclear(res);
  res = PQexecParams(db, "INSERT INTO articles (body, body_hash) VALUES ($1::text, "
                         "sha256(convert_to($1::text, 'UTF8'))) RETURNING id",
                     1, NULL, params, NULL, NULL, 0);
  cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
  char path[96];
  snprintf(path, sizeof path, "/articles/%s/extract", PQgetvalue(res, 0, 0));
  PQclear(res);
  const char *auth[] = {TEST_AUTH, NULL};
  cr_assert_eq(http_call(&suite_server, "POST", path, auth, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 422, "%d %s", r.status, r.body);
  cr_expect(strstr(r.body, "article too complex") != NULL, "%s", r.body);
  http_reply_free(&r);
  res = PQexecParams(db, "SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id "
                         "WHERE a.body = $1", 1, NULL, params, NULL, NULL, 0);
  cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
  cr_expect_str_eq(PQgetvalue(res, 0, 0), "0");
  PQclear(res);
  PQclear(PQexecParams(db, "DELETE FROM articles WHERE body = $1", 1, NULL, params, NULL, NULL, 0));
  PQfinish(db);
  free(body);
}
