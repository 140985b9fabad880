/* test_speakers.c - the speakers resource over real HTTP and PostgreSQL: create with
 * derived and given slugs, read by id and slug, partial update, delete keeping the
 * statements, lists with cursors, and every kind of bad input. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api_helpers.h"
#include "harness.h"

TestSuite(speakers, .init = suite_start, .fini = suite_stop, .timeout = 60);

/* POSTs a speaker named name (with extra JSON members, may be ""); returns it. */
static json_t *create(const char *name, const char *extra)
{
  char body[1024];
  snprintf(body, sizeof body, "{\"name\": \"%s\"%s%s}", name, extra[0] ? ", " : "", extra);
  return send_json(&suite_server, "POST", "/speakers", body, 201);
}

Test(speakers, create_derives_slug_folding_accents_and_answers_location)
{
  char name[128], want[128], path[160], loc[160];
  snprintf(name, sizeof name, "Recep Tayyip Erdo\xc4\x9f" "an %s", test_tag());
  snprintf(want, sizeof want, "recep-tayyip-erdogan-%s", test_tag());
  char body[256];
  snprintf(body, sizeof body,
           "{\"name\": \"  %s \", \"aliases\": [\"Erdogan\", \" the Turkish president\"], "
           "\"title\": \"President of Turkey\", \"country\": \"TR\"}",
           name);
  struct http_reply r;
  cr_assert_eq(http_send_json(&suite_server, "POST", "/speakers", body, &r), 0);
  cr_assert_eq(r.status, 201, "%s", r.body);
  json_t *sp = http_json(&r);
  cr_expect_str_eq(str(sp, "slug"), want);
  cr_expect_str_eq(str(sp, "name"), name, "the name is stored trimmed");
  cr_expect_str_eq(str(sp, "title"), "President of Turkey");
  cr_expect_str_eq(str(sp, "country"), "TR");
  json_t *aliases = json_object_get(sp, "aliases");
  cr_expect_eq(json_array_size(aliases), 2);
  cr_expect_str_eq(json_string_value(json_array_get(aliases, 1)), "the Turkish president");
  cr_expect_eq(json_integer_value(json_object_get(sp, "statement_count")), 0);
  cr_expect_not_null(str(sp, "created_at"));
  long long id = json_integer_value(json_object_get(sp, "id"));
  snprintf(path, sizeof path, "/speakers/%lld", id);
  cr_expect_str_eq(http_header(&r, "Location", loc, sizeof loc), path);
  http_reply_free(&r);

  json_t *by_id = get_json(&suite_server, path);
  snprintf(path, sizeof path, "/speakers/%s", want);
  json_t *by_slug = get_json(&suite_server, path);
  cr_expect(json_equal(by_id, sp) && json_equal(by_slug, sp), "GET by id and slug give it back");
  json_decref(by_id);
  json_decref(by_slug);
  json_decref(sp);
}

Test(speakers, derived_slug_drops_other_characters)
{
  static const struct {
    const char *name, *slug;
  } cases[] = {
    {"Zo\xc3\xab O'Brien-\xc5\x81ukasz", "zoe-obrien-lukasz"},
    {"J.K.  Rowling / \xc3\x86sir \xe6\x9d\x8e", "jk-rowling-aesir"},
    {"Stra\xc3\x9f" "e \xc8\x98tefan", "strasse-stefan"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char name[128], want[128];
    snprintf(name, sizeof name, "%s %s", cases[i].name, test_tag());
    snprintf(want, sizeof want, "%s-%s", cases[i].slug, test_tag());
    json_t *sp = create(name, "");
    cr_expect_str_eq(str(sp, "slug"), want, "name %s", name);
    json_decref(sp);
  }
  /* Nothing Latin left: "speaker" plus suffixes; only digits: a prefix. */
  char name[64];
  snprintf(name, sizeof name, "%d%ld", (int)getpid(), (long)time(NULL) % 100000);
  json_t *digits = create(name, "");
  char want[80];
  snprintf(want, sizeof want, "speaker-%s", name);
  cr_expect_eq(strncmp(str(digits, "slug"), want, strlen(want)), 0, "%s", str(digits, "slug"));
  json_decref(digits);
}

Test(speakers, derived_slug_clash_takes_a_numeric_suffix)
{
  char name[64], slug[64];
  snprintf(name, sizeof name, "Twin %s", test_tag());
  for (int i = 1; i <= 3; i++) {
    json_t *sp = create(name, "");
    if (i == 1)
      snprintf(slug, sizeof slug, "twin-%s", test_tag());
    else
      snprintf(slug, sizeof slug, "twin-%s-%d", test_tag(), i);
    cr_expect_str_eq(str(sp, "slug"), slug);
    json_decref(sp);
  }
}

static void *post_twin(void *arg)
{
  struct http_reply r;
  char *slug = arg;
  char body[128];
  snprintf(body, sizeof body, "{\"name\": \"Racer %s\"}", test_tag());
  if (http_send_json(&suite_server, "POST", "/speakers", body, &r) == 0 && r.status == 201) {
    json_t *sp = http_json(&r);
    snprintf(slug, 64, "%s", str(sp, "slug"));
    json_decref(sp);
  }
  http_reply_free(&r);
  return NULL;
}

Test(speakers, concurrent_creates_of_one_name_get_distinct_slugs)
{
  pthread_t t[4];
  char slugs[4][64] = {{0}};
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, post_twin, slugs[i]);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < 4; i++) {
    cr_expect(slugs[i][0] != '\0', "create %d failed", i);
    for (int j = 0; j < i; j++)
      cr_expect_str_neq(slugs[i], slugs[j]);
  }
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speakers WHERE name = 'Racer %s'", test_tag()), 4);
}

Test(speakers, given_slug_taken_is_409_and_creates_nothing)
{
  char name[64], extra[128];
  snprintf(name, sizeof name, "Given %s", test_tag());
  snprintf(extra, sizeof extra, "\"slug\": \"given-%s\"", test_tag());
  json_decref(create(name, extra));
  char *before = fingerprint(db);
  char body[256];
  snprintf(body, sizeof body, "{\"name\": \"Other %s\", %s}", test_tag(), extra);
  send_expect(&suite_server, "POST", "/speakers", body, 409, "slug");
  send_expect(&suite_server, "POST", "/speakers", "{\"name\": \"Copy\", \"slug\": \"xi-jinping\"}", 409,
              "xi-jinping");
  expect_unchanged(db, before);
}

Test(speakers, patch_changes_only_what_is_given)
{
  char name[64], path[128];
  snprintf(name, sizeof name, "Patchable %s", test_tag());
  json_t *sp = create(name, "\"title\": \"Minister\", \"country\": \"FR\", \"aliases\": [\"P\"]");
  snprintf(path, sizeof path, "/speakers/%s", str(sp, "slug"));
  char body[512];
  snprintf(body, sizeof body,
           "{\"aliases\": [\"Patch\", \"the minister\"], \"title\": null, \"name\": \"New %s\", "
           "\"slug\": \"renamed-%s\"}",
           test_tag(), test_tag());
  json_t *up = send_json(&suite_server, "PATCH", path, body, 200);
  char want[64];
  snprintf(want, sizeof want, "renamed-%s", test_tag());
  cr_expect_str_eq(str(up, "slug"), want);
  snprintf(want, sizeof want, "New %s", test_tag());
  cr_expect_str_eq(str(up, "name"), want);
  cr_expect(json_is_null(json_object_get(up, "title")));
  cr_expect_str_eq(str(up, "country"), "FR", "country was not given: unchanged");
  cr_expect_eq(json_array_size(json_object_get(up, "aliases")), 2);
  cr_expect_str_eq(str(up, "created_at"), str(sp, "created_at"));
  cr_expect_str_neq(str(up, "updated_at"), str(sp, "updated_at"), "updated_at must move");
  cr_expect_eq(json_integer_value(json_object_get(up, "id")),
               json_integer_value(json_object_get(sp, "id")));

  /* The old slug is gone, the new one and the id answer. */
  get_expect(&suite_server, path, 404, str(sp, "slug"));
  snprintf(path, sizeof path, "/speakers/%lld", (long long)json_integer_value(json_object_get(sp, "id")));
  json_t *again = send_json(&suite_server, "PATCH", path, "{\"country\": \"DE\"}", 200);
  cr_expect_str_eq(str(again, "country"), "DE");
  cr_expect_str_eq(str(again, "name"), want);

  char *before = fingerprint(db);
  send_expect(&suite_server, "PATCH", path, "{\"slug\": \"vladimir-putin\"}", 409, "vladimir-putin");
  send_expect(&suite_server, "PATCH", path, "{\"slug\": \"Bad Slug\"}", 422, "slug");
  send_expect(&suite_server, "PATCH", path, "{\"name\": null}", 422, "name");
  send_expect(&suite_server, "PATCH", path, "{\"name\": \"   \"}", 422, "name");
  send_expect(&suite_server, "PATCH", path, "{\"aliases\": null}", 422, "aliases");
  send_expect(&suite_server, "PATCH", path, "{\"aliases\": [\"ok\", 3]}", 422, "aliases[1]");
  send_expect(&suite_server, "PATCH", path, "{\"country\": \"germany\"}", 422, "country");
  send_expect(&suite_server, "PATCH", path, "{\"nickname\": \"x\"}", 422, "nickname");
  send_expect(&suite_server, "PATCH", "/speakers/no-such-speaker-zz", "{\"title\": \"x\"}", 404,
              "no-such-speaker-zz");
  expect_unchanged(db, before);
  json_decref(sp);
  json_decref(up);
  json_decref(again);
}

Test(speakers, list_pages_with_cursor_and_counts_statements)
{
  char name[64];
  long long ids[5];
  for (int i = 0; i < 5; i++) {
    snprintf(name, sizeof name, "Listed %s %c", test_tag(), 'a' + i);
    json_t *sp = create(name, "");
    ids[i] = json_integer_value(json_object_get(sp, "id"));
    json_decref(sp);
  }
  /* Three statements by the second speaker. */
  long long article = make_article(db, "2021-06-01", 3, NULL);
  free(db_text(db, "UPDATE statements SET speaker_id = %lld, method = 'name' WHERE article_id = %lld",
               ids[1], article));

  char path[512];
  snprintf(path, sizeof path, "/speakers?q=LISTED%%20%s&limit=2", test_tag());
  int seen = 0, pages = 0;
  for (;;) {
    struct http_reply r;
    char link[512];
    cr_assert_eq(http_get(&suite_server, path, &r), 0);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *doc = http_json(&r);
    json_t *items = json_object_get(doc, "items"), *sp;
    size_t i;
    json_array_foreach(items, i, sp)
    {
      cr_assert_lt(seen, 5);
      cr_expect_eq(json_integer_value(json_object_get(sp, "id")), ids[seen], "id order");
      cr_expect_eq(json_integer_value(json_object_get(sp, "statement_count")), seen == 1 ? 3 : 0);
      seen++;
    }
    pages++;
    json_t *next = json_object_get(doc, "next_cursor");
    bool has_link = http_header(&r, "Link", link, sizeof link) != NULL;
    cr_expect_eq(has_link, !json_is_null(next), "Link exactly when next_cursor");
    if (json_is_null(next)) {
      json_decref(doc);
      http_reply_free(&r);
      break;
    }
    cr_expect(strstr(link, "rel=\"next\"") != NULL);
    snprintf(path, sizeof path, "/speakers?q=listed%%20%s&limit=2&cursor=%s", test_tag(),
             json_string_value(next));
    json_decref(doc);
    http_reply_free(&r);
  }
  cr_expect_eq(seen, 5);
  cr_expect_eq(pages, 3);
}

Test(speakers, get_and_list_have_etag_and_answer_304)
{
  expect_etag_304(&suite_server, "/speakers/xi-jinping");
  expect_etag_304(&suite_server, "/speakers/1");
  expect_etag_304(&suite_server, "/speakers?limit=1");
  expect_etag_304(&suite_server, "/speakers/vladimir-putin/statements?limit=1");
}

Test(speakers, delete_keeps_statements_unattributed_with_history)
{
  char name[64], path[128];
  snprintf(name, sizeof name, "Leaving %s", test_tag());
  json_t *sp = create(name, "");
  long long id = json_integer_value(json_object_get(sp, "id"));
  long long article = make_article(db, "2021-07-01", 4, NULL);
  free(db_text(db,
               "UPDATE statements SET speaker_id = %lld, method = 'name', cue = 'said', "
               "confidence = 0.9 WHERE article_id = %lld AND seq < 3",
               id, article));
  long long st0 = statement_id(db, article, 0);
  /* One attribution by hand first, so the history has an entry naming the speaker. */
  snprintf(path, sizeof path, "/statements/%lld/speaker", st0);
  char body[128];
  snprintf(body, sizeof body, "{\"speaker\": \"%s\"}", str(sp, "slug"));
  json_decref(send_json(&suite_server, "PUT", path, body, 200));

  snprintf(path, sizeof path, "/speakers/%s", str(sp, "slug"));
  json_t *none = send_json(&suite_server, "DELETE", path, NULL, 204);
  cr_expect_null(none);
  get_expect(&suite_server, path, 404, str(sp, "slug"));
  send_expect(&suite_server, "DELETE", path, "", 404, str(sp, "slug"));

  cr_expect_eq(db_num(db, "SELECT count(*) FROM statements WHERE article_id = %lld", article), 4,
               "the statements stay");
  cr_expect_eq(db_num(db,
                      "SELECT count(*) FROM statements WHERE article_id = %lld AND speaker_id IS "
                      "NULL AND method IS NULL AND cue IS NULL AND confidence IS NULL",
                      article),
               4);
  cr_expect_eq(db_num(db,
                      "SELECT count(*) FROM attribution_history h JOIN statements s ON s.id = "
                      "h.statement_id WHERE s.article_id = %lld AND h.method IS NULL AND "
                      "h.changed_by = 'tester'",
                      article),
               3, "one history entry per statement that lost its speaker");

  snprintf(path, sizeof path, "/statements/%lld", st0);
  json_t *st = get_json(&suite_server, path);
  cr_expect(json_is_null(json_object_get(st, "speaker")));
  cr_expect(json_is_null(json_object_get(st, "attribution")));
  snprintf(path, sizeof path, "/statements/%lld/history", st0);
  json_t *hist = get_json(&suite_server, path);
  json_t *items = json_object_get(hist, "items");
  cr_assert_eq(json_array_size(items), 2);
  json_t *first = json_array_get(items, 0), *second = json_array_get(items, 1);
  cr_expect_str_eq(str(json_object_get(first, "speaker"), "slug"), str(sp, "slug"),
                   "the history still says who it was");
  cr_expect_str_eq(str(first, "method"), "manual");
  cr_expect(json_is_null(json_object_get(second, "speaker")));
  cr_expect(json_is_null(json_object_get(second, "method")));
  cr_expect_str_eq(str(second, "changed_by"), "tester");
  json_decref(hist);
  json_decref(st);
  json_decref(sp);
}

Test(speakers, bad_bodies_are_refused_and_change_nothing)
{
  char *before = fingerprint(db);
  const char *json_ct[] = {TEST_AUTH, "Content-Type: application/json", NULL};
  static const struct {
    const char *body;
    int status;
    const char *needle;
  } cases[] = {
    {"{\"name\": \"x\"", 400, "malformed JSON"},
    {"", 400, "malformed JSON"},
    {"[\"name\"]", 422, "JSON object"},
    {"{}", 422, "name is required"},
    {"{\"name\": 5}", 422, "name must be a string"},
    {"{\"name\": null}", 422, "name must be a string"},
    {"{\"name\": \"\"}", 422, "name must not be empty"},
    {"{\"name\": \" \\t \"}", 422, "name must not be empty"},
    {"{\"name\": \"A\", \"age\": 5}", 422, "unknown field \"age\""},
    {"{\"name\": \"A\", \"slug\": 7}", 422, "slug must be a string"},
    {"{\"name\": \"A\", \"slug\": \"Has Spaces\"}", 422, "slug must be"},
    {"{\"name\": \"A\", \"slug\": \"12345\"}", 422, "not all digits"},
    {"{\"name\": \"A\", \"slug\": \"none\"}", 422, "slug must be"},
    {"{\"name\": \"A\", \"slug\": \"a--b\"}", 422, "slug must be"},
    {"{\"name\": \"A\", \"slug\": \"x'); DROP TABLE speakers;--\"}", 422, "slug must be"},
    {"{\"name\": \"A\", \"aliases\": \"A\"}", 422, "aliases must be an array"},
    {"{\"name\": \"A\", \"aliases\": [\"\"]}", 422, "aliases[0] must not be empty"},
    {"{\"name\": \"A\", \"title\": 3}", 422, "title must be a string or null"},
    {"{\"name\": \"A\", \"country\": \"' OR 1=1 --\"}", 422, "country"},
    {"{\"name\": \"A\", \"country\": [\"CN\"]}", 422, "country must be a string"},
    {"{\"name\": \"A\\u0000B\"}", 400, "malformed JSON"},
    {"{\"name\": \"A\", \"name\": \"B\"}", 400, "malformed JSON"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    call_expect(&suite_server, "POST", "/speakers", json_ct, cases[i].body, strlen(cases[i].body),
                cases[i].status, cases[i].needle);
  char longname[1024];
  memset(longname, 'a', 300);
  snprintf(longname + 300, sizeof longname - 300, "%s", "");
  char body[1200];
  snprintf(body, sizeof body, "{\"name\": \"%s\"}", longname);
  send_expect(&suite_server, "POST", "/speakers", body, 422, "name is longer than 200");

  /* Invalid UTF-8 and a raw NUL byte inside the JSON text. */
  static const char bad_utf8[] = "{\"name\": \"\xff\xfe\"}";
  call_expect(&suite_server, "POST", "/speakers", json_ct, bad_utf8, sizeof bad_utf8 - 1, 400, "UTF-8");
  static const char nul[] = "{\"name\": \"a\0b\"}";
  call_expect(&suite_server, "POST", "/speakers", json_ct, nul, sizeof nul - 1, 400, "NUL");

  /* Content type and authorization. */
  const char *text_ct[] = {TEST_AUTH, "Content-Type: text/plain", NULL};
  call_expect(&suite_server, "POST", "/speakers", text_ct, "{\"name\": \"A\"}", 13, 415, "Content-Type");
  const char *no_ct[] = {TEST_AUTH, NULL};
  call_expect(&suite_server, "POST", "/speakers", no_ct, "{\"name\": \"A\"}", 13, 415, "Content-Type");
  const char *no_auth[] = {"Content-Type: application/json", NULL};
  call_expect(&suite_server, "POST", "/speakers", no_auth, "{\"name\": \"A\"}", 13, 401, "Authorization");
  const char *wrong[] = {"Authorization: Bearer not-the-token-at-all", "Content-Type: application/json", NULL};
  call_expect(&suite_server, "POST", "/speakers", wrong, "{\"name\": \"A\"}", 13, 401, "token");
  const char *basic[] = {"Authorization: Basic dGVzdGVyOnB3", "Content-Type: application/json", NULL};
  call_expect(&suite_server, "POST", "/speakers", basic, "{\"name\": \"A\"}", 13, 401, "Bearer");
  const char *empty[] = {"Authorization: Bearer ", "Content-Type: application/json", NULL};
  call_expect(&suite_server, "POST", "/speakers", empty, "{\"name\": \"A\"}", 13, 401, "Bearer");
  call_expect(&suite_server, "DELETE", "/speakers/xi-jinping", no_auth, NULL, 0, 401, "Authorization");
  call_expect(&suite_server, "PATCH", "/speakers/xi-jinping", wrong, "{\"title\": \"x\"}", 14, 401, "token");

  expect_unchanged(db, before);
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speakers WHERE slug IN ('xi-jinping', 'vladimir-putin')"), 2);
}

Test(speakers, sql_metacharacters_are_stored_verbatim)
{
  char name[256], path[300];
  snprintf(name, sizeof name, "Robert'); DROP TABLE speakers;-- %s \\\"%%_", test_tag());
  char body[512];
  snprintf(body, sizeof body,
           "{\"name\": \"%s\", \"aliases\": [\"' OR '1'='1\", \"%%; --\"], \"title\": \"$1 \\\\ "
           "E'\\\\x00'\"}",
           name);
  json_t *sp = send_json(&suite_server, "POST", "/speakers", body, 201);
  char want[256];
  snprintf(want, sizeof want, "Robert'); DROP TABLE speakers;-- %s \"%%_", test_tag());
  cr_expect_str_eq(str(sp, "name"), want);
  snprintf(want, sizeof want, "robert-drop-table-speakers-%s", test_tag());
  cr_expect_str_eq(str(sp, "slug"), want);
  cr_expect_str_eq(json_string_value(json_array_get(json_object_get(sp, "aliases"), 0)),
                   "' OR '1'='1");
  cr_expect_str_eq(str(sp, "title"), "$1 \\ E'\\x00'");
  snprintf(path, sizeof path, "/speakers/%s", want);
  json_t *back = get_json(&suite_server, path);
  cr_expect(json_equal(back, sp));
  json_decref(back);
  json_decref(sp);
  cr_expect_eq(db_num(db, "SELECT count(*) FROM speakers WHERE slug = 'xi-jinping'"), 1);
}

Test(speakers, bad_refs_and_query_parameters)
{
  char *before = fingerprint(db);
  get_expect(&suite_server, "/speakers/no-such-speaker-zz", 404, "no-such-speaker-zz");
  get_expect(&suite_server, "/speakers/999999999999", 404, "999999999999");
  get_expect(&suite_server, "/speakers/99999999999999999999", 404, "99999999999999999999");
  get_expect(&suite_server, "/speakers/0", 404, "speaker 0");
  get_expect(&suite_server, "/speakers/-1", 404, "-1");
  get_expect(&suite_server, "/speakers/%27%20OR%201=1%20--", 404, "' OR 1=1 --");
  get_expect(&suite_server, "/speakers/no-such-speaker-zz/statements", 404, "no-such-speaker-zz");
  get_expect(&suite_server, "/speakers?limit=0", 400, "limit");
  get_expect(&suite_server, "/speakers?limit=100000", 400, "limit");
  get_expect(&suite_server, "/speakers?limit=abc", 400, "limit");
  get_expect(&suite_server, "/speakers?limit=-5", 400, "limit");
  get_expect(&suite_server, "/speakers?cursor=garbage", 400, "cursor");
  get_expect(&suite_server, "/speakers?cursor=%27%3B%20DROP%20TABLE%20speakers%3B--", 400, "cursor");
  get_expect(&suite_server, "/speakers?sort=name", 400, "sort");
  get_expect(&suite_server, "/speakers?q=", 400, "q must not be empty");
  get_expect(&suite_server, "/speakers?q=%ff%fe", 400, "UTF-8");
  json_t *none = get_json(&suite_server, "/speakers?q=%27%20OR%201%3D1%20--");
  cr_expect_eq(items_count(none), 0);
  json_decref(none);
  json_t *xi = get_json(&suite_server, "/speakers?q=president%20xi");
  cr_expect_geq(items_count(xi), 1, "q also looks at aliases");
  json_decref(xi);
  const char *auth[] = {TEST_AUTH, NULL};
  call_expect(&suite_server, "DELETE", "/speakers/99999999999999999999", auth, NULL, 0, 404, "speaker");
  call_expect(&suite_server, "DELETE", "/speakers/-3", auth, NULL, 0, 404, "-3");
  expect_unchanged(db, before);
}

/* Runs sql on db and fails the test unless it succeeds. */
static void exec_ok(PGconn *db, const char *sql)
{
  PGresult *res = PQexec(db, sql);
  ExecStatusType st = PQresultStatus(res);
  cr_assert(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(db));
  PQclear(res);
}

/* Speaker writes take the roster's lock (speakers_state) before they touch a
 * speakers row, as inserts do. Forced here in the order that used to deadlock
 * (and answer 503): an insert holds the lock, a delete of slug X removes its row
 * and waits for the lock, then the insert tries X too and waits for the delete. */
Test(speakers, create_and_delete_of_one_slug_do_not_deadlock)
{
  PGconn *a = test_db(), *b = test_db();
  char sql[512], slug[128];
  snprintf(slug, sizeof slug, "lock-order-%s", test_tag());
  snprintf(sql, sizeof sql, "INSERT INTO speakers (slug, name) VALUES ('%s', 'Lock Order')", slug);
  exec_ok(a, sql);

  exec_ok(a, "BEGIN");
  snprintf(sql, sizeof sql, "INSERT INTO speakers (slug, name) VALUES ('%s-b', 'Lock Order B')",
           slug);
  exec_ok(a, sql);
  snprintf(sql, sizeof sql, "DELETE FROM speakers WHERE slug = '%s'", slug);
  cr_assert(PQsendQuery(b, sql), "%s", PQerrorMessage(b));

  snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_locks WHERE pid = %d AND NOT granted",
           PQbackendPID(b));
  int waited_ms = 0;
  while (test_db_scalar(a, sql) == 0 && waited_ms < 5000) {
    usleep(10 * 1000);
    waited_ms += 10;
  }
  cr_assert_lt(waited_ms, 5000, "the delete never waited for the insert's lock");

  snprintf(sql, sizeof sql,
           "INSERT INTO speakers (slug, name) VALUES ('%s', 'Lock Order') ON CONFLICT (slug) DO "
           "NOTHING",
           slug);
  PGresult *res = PQexec(a, sql);
  cr_expect_eq(PQresultStatus(res), PGRES_COMMAND_OK, "the insert: %s", PQerrorMessage(a));
  PQclear(res);
  PQclear(PQexec(a, "COMMIT"));

  for (PGresult *r; (r = PQgetResult(b)) != NULL; PQclear(r))
    cr_expect_eq(PQresultStatus(r), PGRES_COMMAND_OK, "the delete: %s", PQresultErrorMessage(r));
  snprintf(sql, sizeof sql, "SELECT count(*) FROM speakers WHERE slug = '%s'", slug);
  cr_expect_eq(test_db_scalar(a, sql), 0, "the delete came second and removed the row");
  PQfinish(a);
  PQfinish(b);
}
