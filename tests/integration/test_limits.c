/* test_limits.c - the database's limits answer 4xx or 503, never 500: a
 * statement over to_tsvector's 1 MB (SQLSTATE 54000), the roster cap, and an
 * SQLSTATE of every other class raised for real by PostgreSQL. Each refusal
 * leaves the database as it was. Runs alone (meson: is_parallel false): it
 * fills the speakers table to the cap and puts a trigger on articles. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "roster.h"

static void cleanup(void)
{
  PGconn *db = test_db();
  test_db_exec(db, "SET client_min_messages = warning");
  test_db_exec(db, "DROP TRIGGER IF EXISTS test_raise ON articles");
  test_db_exec(db, "DROP FUNCTION IF EXISTS test_raise()");
  test_db_exec(db, "DELETE FROM speakers WHERE slug LIKE 'cap-test-%' OR name LIKE 'Cap Test %'");
  PQfinish(db);
}

static void limits_start(void)
{
  suite_server_start();
  cleanup();
}

static void limits_stop(void)
{
  cleanup();
  suite_server_stop();
}

TestSuite(limits, .init = limits_start, .fini = limits_stop, .timeout = 240);

static int post_article(const struct test_server *s, const char *text, size_t len,
                        struct http_reply *r)
{
  const char *h[] = {TEST_AUTH, "Content-Type: text/plain; charset=utf-8", NULL};
  return http_call(s, "POST", "/articles", h, text, len, r);
}

/* One sentence of 200,000 distinct seven-letter words: 1.6 MB, a tsvector of
 * more than 1 MB, which PostgreSQL refuses with 54000. */
static char *huge_sentence(size_t *len)
{
  size_t cap = 200000 * 8 + 64;
  char *t = malloc(cap);
  cr_assert_not_null(t);
  size_t n = (size_t)snprintf(t, cap, "Officials said");
  unsigned long long x = 88172645463325252ULL;
  for (int w = 0; w < 200000; w++) {
    t[n++] = ' ';
    for (int k = 0; k < 7; k++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      t[n++] = (char)('a' + x % 26);
    }
  }
  t[n++] = '.';
  t[n] = '\0';
  *len = n;
  return t;
}

Test(limits, a_statement_over_the_tsvector_limit_is_422)
{
  struct test_server big;
  const char *env[] = {"MAX_BODY_BYTES=4194304", NULL};
  server_start(&big, env);
  PGconn *db = test_db();
  char *before = test_db_fingerprint(db);
  size_t len;
  char *text = huge_sentence(&len);
  struct http_reply r;
  cr_assert_eq(post_article(&big, text, len, &r), 0);
  cr_expect_eq(r.status, 422, "%d %s", r.status, r.body);
  cr_expect(r.body != NULL && strstr(r.body, "tsvector") != NULL, "%s", r.body);
  http_reply_free(&r);
  char *after = test_db_fingerprint(db);
  cr_expect_str_eq(after, before, "the refused article changed the database");
  free(after);
  free(before);
  free(text);
  PQfinish(db);
  cr_expect_eq(server_stop(&big), 0);
}

struct raised {
  const char *sqlstate;
  int status;
};

/* Errors the database raises while storing an article, from a trigger: the
 * request's fault (classes 22, 23, 54) is 4xx, anything else 503. */
Test(limits, every_sqlstate_class_is_4xx_or_503)
{
  static const struct raised cases[] = {
    {"22023", 422}, {"23514", 422}, {"23505", 409}, {"54001", 422}, {"54000", 422},
    {"40001", 503}, {"40P01", 503}, {"53100", 503}, {"53200", 503}, {"55P03", 503},
    {"55006", 503}, {"57P01", 503}, {"58030", 503}, {"XX000", 503}, {"XX001", 503},
    {"42501", 503}, {"42P01", 503}, {"0A000", 503}, {"P0001", 503}, {"2F005", 503},
    {"38000", 503}, {"39000", 503}, {"F0000", 503}, {"HV000", 503}, {"72000", 503},
  };
  PGconn *db = test_db();
  char *before = test_db_fingerprint(db);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "CREATE OR REPLACE FUNCTION test_raise() RETURNS trigger LANGUAGE plpgsql AS $$ "
             "BEGIN RAISE EXCEPTION 'raised by test_limits' USING ERRCODE = '%s'; END $$",
             cases[i].sqlstate);
    test_db_exec(db, sql);
    if (i == 0)
      test_db_exec(db, "CREATE TRIGGER test_raise BEFORE INSERT ON articles "
                       "FOR EACH ROW EXECUTE FUNCTION test_raise()");
    static const char text[] = "The minister said the plan would work.";
    struct http_reply r;
    cr_assert_eq(post_article(&suite_server, text, sizeof text - 1, &r), 0);
    cr_expect_eq(r.status, cases[i].status, "SQLSTATE %s: %d %s", cases[i].sqlstate, r.status,
                 r.body);
    http_reply_free(&r);
  }
  test_db_exec(db, "DROP TRIGGER test_raise ON articles");
  char *after = test_db_fingerprint(db);
  cr_expect_str_eq(after, before, "a refused article changed the database");
  free(after);
  free(before);
  PQfinish(db);
}

static int create_speaker(const char *name, struct http_reply *r)
{
  char body[128];
  snprintf(body, sizeof body, "{\"name\": \"%s\"}", name);
  return http_send_json(&suite_server, "POST", "/speakers", body, r);
}

/* Speakers up to the text engine's roster limit are accepted, the next one is
 * 422, and articles are still ingested with a full roster (past the limit,
 * the roster could not be compiled and every ingest failed with 500). The
 * bulk of the table is filled with SQL, without triggers, for speed. */
Test(limits, the_roster_is_capped_at_the_engine_limit)
{
  PGconn *db = test_db();
  long long have = test_db_scalar(db, "SELECT count(*) FROM speakers");
  cr_assert_lt(have, ROSTER_MAX_SPEAKERS - 1);
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO speakers (slug, name) SELECT 'cap-test-' || g, 'Cap Test ' || g "
           "FROM generate_series(1, %lld) g",
           ROSTER_MAX_SPEAKERS - 1 - have);
  test_db_exec(db, "SET session_replication_role = replica");
  test_db_exec(db, sql);
  test_db_exec(db, "RESET session_replication_role");
  test_db_exec(db, "UPDATE speakers_state SET version = version + 1");
  struct http_reply r;
  cr_assert_eq(create_speaker("Cap Test Last", &r), 0);
  cr_expect_eq(r.status, 201, "the last speaker under the cap: %d %s", r.status, r.body);
  http_reply_free(&r);
  char *before = test_db_fingerprint(db);
  cr_assert_eq(create_speaker("Cap Test Over", &r), 0);
  cr_expect_eq(r.status, 422, "one speaker past the cap: %d %s", r.status, r.body);
  cr_expect(r.body != NULL && strstr(r.body, "100000") != NULL, "%s", r.body);
  http_reply_free(&r);
  char *after = test_db_fingerprint(db);
  cr_expect_str_eq(after, before, "the refused speaker changed the database");
  cr_expect_eq(test_db_scalar(db, "SELECT count(*) FROM speakers"), ROSTER_MAX_SPEAKERS);
  static const char text[] = "Cap Test Last said the roster was full.";
  cr_assert_eq(post_article(&suite_server, text, sizeof text - 1, &r), 0);
  cr_expect_eq(r.status, 201, "an ingest with a full roster: %d %s", r.status, r.body);
  char location[64] = "";
  http_header(&r, "Location", location, sizeof location);
  http_reply_free(&r);
  if (location[0] != '\0') {
    cr_assert_eq(http_call(&suite_server, "DELETE", location, (const char *[]){TEST_AUTH, NULL},
                           NULL, 0, &r), 0);
    cr_expect_eq(r.status, 204);
    http_reply_free(&r);
  }
  free(after);
  free(before);
  PQfinish(db);
}
