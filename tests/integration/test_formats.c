/* test_formats.c - the representations of lists over real HTTP: ?format= and
 * Accept pick one, what no representation fits answers 406 problem+json, an
 * unknown format 400. Every list serves JSON and streams NDJSON and CSV too, and
 * the exports are checked field for field against the paged JSON lists, their
 * errors against the JSON lists' errors, their chunks off the I/O threads and
 * their number bounded by EXPORTS_MAX. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api_helpers.h"
#include "harness.h"

TestSuite(formats, .init = suite_start, .fini = suite_stop, .timeout = 60);

static const char *const lists[] = {"/statements", "/articles", "/speakers",
                                    "/speakers/xi-jinping/statements", NULL};

/* GET path with one Accept header (NULL: none); the status. */
static int get_with_accept(const char *path, const char *accept, char *ctype, size_t cap)
{
  char line[256];
  snprintf(line, sizeof line, "Accept: %s", accept ? accept : "");
  const char *headers[] = {line, NULL};
  struct http_reply r;
  cr_assert_eq(http_call(&suite_server, "GET", path, accept ? headers : NULL, NULL, 0, &r), 0);
  if (ctype && !http_header(&r, "Content-Type", ctype, cap))
    ctype[0] = '\0';
  int status = r.status;
  if (status == 406) {
    json_t *doc = http_json(&r);
    cr_expect_eq(num(doc, "status"), 406, "%s", r.body);
    json_decref(doc);
  }
  http_reply_free(&r);
  return status;
}

Test(formats, json_when_anything_json_fits)
{
  char ct[128];
  for (const char *const *l = lists; *l != NULL; l++) {
    const char *fits[] = {NULL, "*/*", "application/json", "application/*;q=0.4",
                          "text/csv;q=0.1, application/json",
                          "text/html,application/xhtml+xml,*/*;q=0.8"};
    for (size_t i = 0; i < sizeof fits / sizeof fits[0]; i++) {
      cr_expect_eq(get_with_accept(*l, fits[i], ct, sizeof ct), 200, "%s Accept %s", *l,
                   fits[i] ? fits[i] : "(none)");
      cr_expect(strncmp(ct, "application/json", 16) == 0, "%s: %s", *l, ct);
    }
  }
  char path[64];
  long long article = make_article(db, "2020-01-01", 2, NULL);
  snprintf(path, sizeof path, "/articles/%lld/statements?format=json", article);
  cr_expect_eq(get_with_accept(path, "text/csv", ct, sizeof ct), 200, "format wins over Accept");
}

Test(formats, exports_on_every_list)
{
  char path[128], ct[128];
  cr_expect_eq(get_with_accept("/speakers", "text/csv", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "text/csv");
  cr_expect_eq(get_with_accept("/speakers", "application/x-ndjson", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "application/x-ndjson");
  cr_expect_eq(get_with_accept("/statements", "text/csv", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "text/csv");
  cr_expect_eq(get_with_accept("/statements", "application/x-ndjson", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "application/x-ndjson");
  cr_expect_eq(get_with_accept("/articles", "text/csv", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "text/csv");
  cr_expect_eq(get_with_accept("/articles", "application/x-ndjson", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "application/x-ndjson");
  long long article = make_article(db, "2020-01-02", 1, NULL);
  snprintf(path, sizeof path, "/articles/%lld/statements", article);
  cr_expect_eq(get_with_accept(path, "text/csv", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "text/csv");
}

Test(formats, 406_when_nothing_fits)
{
  char path[128], ct[128];
  for (const char *const *l = lists; *l != NULL; l++) {
    const char *refused[] = {"text/html", "application/json;q=0", "image/*, application/xml"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
      cr_expect_eq(get_with_accept(*l, refused[i], ct, sizeof ct), 406, "%s Accept %s", *l,
                   refused[i]);
      cr_expect_str_eq(ct, "application/problem+json");
    }
    snprintf(path, sizeof path, "%s?format=xml", *l);
    get_expect(&suite_server, path, 400, "format must be json, ndjson or csv");
  }
}

/* Every item of a paged JSON list (limit 500, following next_cursor) in one
 * array (caller json_decref()s); path already has a query. */
static json_t *paged_items(const char *path)
{
  json_t *all = json_array();
  char url[1100], cursor[512] = "";
  for (int pages = 0; pages < 100; pages++) {
    snprintf(url, sizeof url, "%s&limit=500%s%s", path, cursor[0] ? "&cursor=" : "", cursor);
    json_t *doc = get_json(&suite_server, url);
    cr_assert(doc != NULL, "GET %s", url);
    json_array_extend(all, json_object_get(doc, "items"));
    const char *next = str(doc, "next_cursor");
    snprintf(cursor, sizeof cursor, "%s", next ? next : "");
    json_decref(doc);
    if (cursor[0] == '\0')
      break;
  }
  return all;
}

/* GET url: 200 with content type ct, as an attachment; the reply. */
static void get_export(const char *url, const char *ct, struct http_reply *r)
{
  char got[128], cd[256];
  cr_assert_eq(http_get(&suite_server, url, r), 0);
  cr_assert_eq(r->status, 200, "GET %s: %s", url, r->body);
  cr_expect(http_header(r, "Content-Type", got, sizeof got) && strcmp(got, ct) == 0, "%s", url);
  cr_expect(http_header(r, "Content-Disposition", cd, sizeof cd) && strstr(cd, "attachment"),
            "%s", url);
}

/* The NDJSON export at url, line by line, equals items (each line one JSON
 * value equal to the item, member for member). */
static void expect_ndjson_equals(const char *url, json_t *items)
{
  struct http_reply r;
  get_export(url, "application/x-ndjson", &r);
  size_t m = 0;
  char *save = NULL;
  cr_expect(r.body_len == 0 || r.body[r.body_len - 1] == '\n', "the last line ends too");
  for (char *line = strtok_r(r.body, "\n", &save); line; line = strtok_r(NULL, "\n", &save), m++) {
    json_error_t err;
    json_t *doc = json_loads(line, 0, &err);
    cr_assert(doc != NULL, "line %zu is not one JSON value: %s", m, err.text);
    json_t *want = json_array_get(items, m);
    if (!json_equal(doc, want)) {
      char *a = json_dumps(doc, JSON_COMPACT), *b = json_dumps(want, JSON_COMPACT);
      cr_expect_fail("%s line %zu differs from the JSON list:\n%.600s\n%.600s", url, m, a, b);
      free(a);
      free(b);
    }
    json_decref(doc);
  }
  cr_expect_eq(m, json_array_size(items), "%s: %zu lines for %zu items", url, m,
               json_array_size(items));
  http_reply_free(&r);
}

/* ---- an RFC 4180 parser, strict: quoted fields with doubled quotes, embedded
 * commas, CR and LF; every record ends with CRLF; no bare quote elsewhere. */
#define CSV_FIELDS 16
struct csv_record {
  char *field[CSV_FIELDS];
  size_t n;
};

static void csv_free(struct csv_record *recs, long n)
{
  for (long i = 0; i < n; i++)
    for (size_t k = 0; k < recs[i].n; k++)
      free(recs[i].field[k]);
  free(recs);
}

/* The records of s[0..len) (caller csv_free()s *out); their count, or -1 when
 * the text is not RFC 4180 (the reason in why). */
static long csv_parse(const char *s, size_t len, struct csv_record **out, const char **why)
{
  size_t cap = 64, i = 0;
  long n = 0;
  struct csv_record *recs = calloc(cap, sizeof *recs);
  *why = "";
  while (i < len) {
    if ((size_t)n == cap) {
      recs = realloc(recs, 2 * cap * sizeof *recs);
      memset(recs + cap, 0, cap * sizeof *recs);
      cap *= 2;
    }
    struct csv_record *r = &recs[n++];
    for (;;) {
      char *buf = NULL;
      size_t blen = 0;
      FILE *f = open_memstream(&buf, &blen);
      if (i < len && s[i] == '"') {
        for (i++;; i++) {
          if (i >= len) {
            *why = "a quoted field is not closed";
            goto bad;
          }
          if (s[i] == '"') {
            if (i + 1 < len && s[i + 1] == '"') {
              fputc('"', f);
              i++;
              continue;
            }
            i++;
            break;
          }
          fputc(s[i], f);
        }
      } else {
        for (; i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n'; i++) {
          if (s[i] == '"') {
            *why = "a quote inside an unquoted field";
            goto bad;
          }
          fputc(s[i], f);
        }
      }
      fclose(f);
      f = NULL;
      if (r->n == CSV_FIELDS) {
        free(buf);
        *why = "too many fields";
        goto fail;
      }
      r->field[r->n++] = buf;
      if (i < len && s[i] == ',') {
        i++;
        continue;
      }
      if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
        i += 2;
        break;
      }
      *why = "a record does not end with CRLF";
      goto fail;
bad:
      if (f != NULL)
        fclose(f);
      free(buf);
      goto fail;
    }
  }
  *out = recs;
  return n;
fail:
  csv_free(recs, n);
  return -1;
}

/* The CSV export at url, parsed; the header must be columns. Fails the test
 * when it is not RFC 4180. Returns the records after the header. */
static long get_csv(const char *url, const char *columns, struct csv_record **recs)
{
  struct http_reply r;
  get_export(url, "text/csv", &r);
  const char *why;
  long n = csv_parse(r.body, r.body_len, recs, &why);
  cr_assert(n >= 1, "%s is not RFC 4180 CSV: %s", url, why);
  char header[512] = "";
  for (size_t k = 0; k < (*recs)[0].n; k++)
    snprintf(header + strlen(header), sizeof header - strlen(header), "%s%s", k ? "," : "",
             (*recs)[0].field[k]);
  cr_expect_str_eq(header, columns);
  http_reply_free(&r);
  return n - 1;
}

static const char *or_empty(const char *s)
{
  return s ? s : "";
}

/* Field k of rec equals the JSON integer v. */
static void expect_int_field(const struct csv_record *rec, size_t k, json_t *v, long row)
{
  cr_expect(json_is_integer(v), "row %ld column %zu", row, k);
  cr_expect_eq(strtoll(rec->field[k], NULL, 10), json_integer_value(v), "row %ld column %zu",
               row, k);
}

/* CSV record rec (a statement, API.md's columns) against statement item it
 * of the JSON list, every field; source is the article's. */
static void expect_statement_record(const struct csv_record *rec, json_t *it, const char *source,
                                    long row)
{
  cr_assert_eq(rec->n, 12, "row %ld has %zu fields", row, rec->n);
  json_t *sp = json_object_get(it, "speaker"), *at = json_object_get(it, "attribution");
  expect_int_field(rec, 0, json_object_get(it, "id"), row);
  expect_int_field(rec, 1, json_object_get(it, "article_id"), row);
  expect_int_field(rec, 2, json_object_get(it, "seq"), row);
  cr_expect_str_eq(rec->field[3], or_empty(str(it, "published_at")), "row %ld", row);
  cr_expect_str_eq(rec->field[4], source, "row %ld", row);
  cr_expect_str_eq(rec->field[5], or_empty(str(it, "section")), "row %ld", row);
  cr_expect_str_eq(rec->field[6], or_empty(str(sp, "slug")), "row %ld", row);
  cr_expect_str_eq(rec->field[7], or_empty(str(sp, "name")), "row %ld", row);
  cr_expect_str_eq(rec->field[8], or_empty(str(at, "cue")), "row %ld", row);
  cr_expect_str_eq(rec->field[9], or_empty(str(at, "method")), "row %ld", row);
  json_t *conf = json_object_get(at, "confidence");
  if (json_is_number(conf)) { /* the very text of the JSON: three decimals */
    char want[32];
    snprintf(want, sizeof want, "%.3f", json_number_value(conf));
    cr_expect_str_eq(rec->field[10], want, "row %ld", row);
  } else
    cr_expect_str_eq(rec->field[10], "", "row %ld", row);
  cr_expect_str_eq(rec->field[11], str(it, "text"), "row %ld", row);
}

static const char statement_columns[] = "id,article_id,seq,published_at,source,section,"
                                        "speaker_slug,speaker_name,cue,method,confidence,text";
static const char article_columns[] =
    "id,published_at,source,title,byline,credit,url,statement_count";
static const char speaker_columns[] =
    "id,slug,name,title,country,aliases,statement_count,created_at,updated_at";

/* Gives the test's statements of article texts with quotes, commas, CR and
 * LF, and attributes some (a cue with a quote and a comma too). */
static void awkward_texts(long long article)
{
  free(db_text(db,
               "UPDATE statements SET text = CASE seq %% 4 "
               "WHEN 0 THEN 'He said, \"yes\", ' || seq "
               "WHEN 1 THEN E'line one\\nline two, \"q\"\\r\\nthree ' || seq "
               "WHEN 2 THEN '\"' || seq || '\"' ELSE text END WHERE article_id = %lld",
               article));
  free(db_text(db,
               "UPDATE statements SET speaker_id = (SELECT id FROM speakers WHERE slug = "
               "'xi-jinping'), method = 'name', cue = 'said, \"firmly\"', confidence = 0.75 "
               "WHERE article_id = %lld AND seq %% 5 = 0",
               article));
}

Test(formats, exports_match_the_paged_list_row_for_row)
{
  char section[64], path[128], url[160], source[64];
  snprintf(section, sizeof section, "export-%s", test_tag());
  snprintf(source, sizeof source, "test %s", test_tag());
  awkward_texts(make_article(db, "2020-02-02", 700, section));
  awkward_texts(make_article(db, "2020-02-01", 600, section));
  snprintf(path, sizeof path, "/statements?section=%s", section);
  json_t *items = paged_items(path);
  cr_assert_eq(json_array_size(items), 1300);
  snprintf(url, sizeof url, "%s&format=ndjson", path);
  expect_ndjson_equals(url, items);
  snprintf(url, sizeof url, "%s&format=csv", path);
  struct csv_record *recs;
  long n = get_csv(url, statement_columns, &recs);
  cr_expect_eq(n, 1300);
  for (long i = 0; i < n && i < 1300; i++)
    expect_statement_record(&recs[i + 1], json_array_get(items, (size_t)i), source, i);
  csv_free(recs, n + 1);
  json_decref(items);
}

Test(formats, ndjson_with_q_carries_rank_and_highlight)
{
  char path[160], url[200];
  long long a = make_article(db, "2021-05-05", 450, NULL);
  make_article(db, "2021-05-04", 300, NULL);
  free(db_text(db, "UPDATE statements SET text = text || ' %s' WHERE article_id = %lld AND seq < 100",
               test_tag(), a)); /* a better rank for some */
  snprintf(path, sizeof path, "/statements?q=%s", test_tag());
  json_t *items = paged_items(path);
  cr_assert_eq(json_array_size(items), 750);
  json_t *first = json_array_get(items, 0);
  cr_assert(json_is_number(json_object_get(first, "rank")) &&
            json_is_array(json_object_get(first, "highlight")));
  cr_expect_gt(json_array_size(json_object_get(first, "highlight")), 0);
  snprintf(url, sizeof url, "%s&format=ndjson", path);
  expect_ndjson_equals(url, items); /* rank and highlight included, member for member */
  json_decref(items);
}

Test(formats, article_exports_match_the_article_lists)
{
  char source[64], enc[96], path[200], url[240];
  snprintf(source, sizeof source, "test %s", test_tag());
  snprintf(enc, sizeof enc, "test%%20%s", test_tag());
  /* More than a chunk of articles, some undated, with awkward titles and
   * bylines, written in one statement each (one cache notification, not 260:
   * test_cache runs beside this suite). */
  free(db_text(db,
               "WITH a AS (INSERT INTO articles (body, body_hash, published_at, source, title, "
               "byline, url) SELECT 'body ' || g, decode(md5('%s-' || g || clock_timestamp()), "
               "'hex'), CASE WHEN g %% 7 = 0 THEN NULL ELSE date '2019-06-01' END, '%s', "
               "'Title, \"quoted\" ' || g, E'By A,\\r\\nand B', "
               "'https://example.com/a?x=1,2&id=' || g FROM generate_series(0, 129) g "
               "RETURNING id) INSERT INTO statements (article_id, seq, text) SELECT a.id, k, "
               "'%s statement ' || k FROM a, generate_series(0, (a.id %% 3)::int) k",
               test_tag(), source, test_tag()));
  snprintf(path, sizeof path, "/articles?source=%s", enc);
  json_t *items = paged_items(path);
  cr_assert_eq(json_array_size(items), 130);
  snprintf(url, sizeof url, "%s&format=ndjson", path);
  expect_ndjson_equals(url, items);
  snprintf(url, sizeof url, "%s&format=csv", path);
  struct csv_record *recs;
  long n = get_csv(url, article_columns, &recs);
  cr_expect_eq(n, 130);
  for (long i = 0; i < n && i < 130; i++) {
    const struct csv_record *rec = &recs[i + 1];
    json_t *it = json_array_get(items, (size_t)i);
    cr_assert_eq(rec->n, 8, "row %ld", i);
    expect_int_field(rec, 0, json_object_get(it, "id"), i);
    cr_expect_str_eq(rec->field[1], or_empty(str(it, "published_at")), "row %ld", i);
    cr_expect_str_eq(rec->field[2], source);
    cr_expect_str_eq(rec->field[3], or_empty(str(it, "title")), "row %ld", i);
    cr_expect_str_eq(rec->field[4], or_empty(str(it, "byline")), "row %ld", i);
    cr_expect_str_eq(rec->field[5], or_empty(str(it, "credit")), "row %ld", i);
    cr_expect_str_eq(rec->field[6], or_empty(str(it, "url")), "row %ld", i);
    expect_int_field(rec, 7, json_object_get(it, "statement_count"), i);
  }
  csv_free(recs, n + 1);
  json_decref(items);

  /* One article's statements: the whole JSON answer, as an export. */
  long long article = make_article(db, "2019-07-01", 640, "s");
  awkward_texts(article);
  snprintf(path, sizeof path, "/articles/%lld/statements", article);
  json_t *doc = get_json(&suite_server, path);
  json_t *all = json_object_get(doc, "items");
  cr_assert_eq(json_array_size(all), 640);
  snprintf(url, sizeof url, "%s?format=ndjson", path);
  expect_ndjson_equals(url, all);
  snprintf(url, sizeof url, "%s?format=csv", path);
  n = get_csv(url, statement_columns, &recs);
  cr_expect_eq(n, 640);
  for (long i = 0; i < n && i < 640; i++)
    expect_statement_record(&recs[i + 1], json_array_get(all, (size_t)i), source, i);
  csv_free(recs, n + 1);
  json_decref(doc);
}

/* More than a chunk of speakers with awkward names, titles and aliases: the
 * NDJSON lines are the list's items and every CSV field is the item's
 * (aliases as their JSON array). */
Test(formats, speaker_exports_match_the_speakers_list)
{
  free(db_text(db,
               "INSERT INTO speakers (slug, name, aliases, title, country) SELECT "
               "'export-%s-' || g, 'Export %s \"Quoted\", ' || g, ARRAY['alias, ' || g, "
               "E'line\\nbreak'], CASE WHEN g %% 3 = 0 THEN NULL ELSE 'Title, ' || g END, "
               "CASE WHEN g %% 2 = 0 THEN 'DE' END FROM generate_series(0, 519) g "
               "RETURNING 'ok'",
               test_tag(), test_tag()));
  char path[128], url[160];
  snprintf(path, sizeof path, "/speakers?q=export%%20%s", test_tag());
  json_t *items = paged_items(path);
  cr_assert_eq(json_array_size(items), 520);
  snprintf(url, sizeof url, "%s&format=ndjson", path);
  expect_ndjson_equals(url, items);
  snprintf(url, sizeof url, "%s&format=csv", path);
  struct csv_record *recs;
  long n = get_csv(url, speaker_columns, &recs);
  cr_expect_eq(n, 520);
  for (long i = 0; i < n && i < 520; i++) {
    const struct csv_record *rec = &recs[i + 1];
    json_t *it = json_array_get(items, (size_t)i);
    cr_assert_eq(rec->n, 9, "row %ld", i);
    expect_int_field(rec, 0, json_object_get(it, "id"), i);
    cr_expect_str_eq(rec->field[1], str(it, "slug"), "row %ld", i);
    cr_expect_str_eq(rec->field[2], str(it, "name"), "row %ld", i);
    cr_expect_str_eq(rec->field[3], or_empty(str(it, "title")), "row %ld", i);
    cr_expect_str_eq(rec->field[4], or_empty(str(it, "country")), "row %ld", i);
    json_t *aliases = json_loads(rec->field[5], JSON_DECODE_ANY, NULL);
    cr_expect(json_equal(aliases, json_object_get(it, "aliases")), "row %ld aliases %s", i,
              rec->field[5]);
    json_decref(aliases);
    expect_int_field(rec, 6, json_object_get(it, "statement_count"), i);
    cr_expect_str_eq(rec->field[7], str(it, "created_at"), "row %ld", i);
    cr_expect_str_eq(rec->field[8], str(it, "updated_at"), "row %ld", i);
  }
  csv_free(recs, n + 1);
  json_decref(items);
}

/* GET path: the status, and the problem's content type when it is not 200. */
static int status_of(const char *path)
{
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, path, &r), 0);
  int status = r.status;
  if (status != 200) {
    char ct[128];
    cr_expect(http_header(&r, "Content-Type", ct, sizeof ct) &&
                  strcmp(ct, "application/problem+json") == 0,
              "%s answers %d as %s", path, status, r.body);
  }
  http_reply_free(&r);
  return status;
}

Test(formats, export_errors_are_the_json_lists_before_any_byte_streams)
{
  char paths[8][160];
  const char *t = test_tag();
  snprintf(paths[0], sizeof paths[0], "/statements?speaker=nobody-%s", t);
  snprintf(paths[1], sizeof paths[1], "/statements?speaker=987654321");
  snprintf(paths[2], sizeof paths[2], "/speakers/nobody-%s/statements?section=x", t);
  snprintf(paths[3], sizeof paths[3], "/speakers/987654321/statements?section=x");
  snprintf(paths[4], sizeof paths[4], "/articles/987654321/statements?x=1");
  snprintf(paths[5], sizeof paths[5], "/statements?from=2020-02-30");
  snprintf(paths[6], sizeof paths[6], "/articles?speaker=nobody-%s", t);
  snprintf(paths[7], sizeof paths[7], "/statements?speaker=xi-jinping&cursor=bogus");
  const int want[8] = {422, 422, 404, 404, 404, 400, 422, 400};
  for (int i = 0; i < 8; i++) {
    char url[sizeof paths[0] + 32];
    snprintf(url, sizeof url, "%.159s&format=json", paths[i]);
    int json = status_of(url);
    cr_expect_eq(json, want[i], "%s", url);
    const char *formats[] = {"csv", "ndjson"};
    for (int k = 0; k < 2; k++) {
      snprintf(url, sizeof url, "%.159s&format=%s", paths[i], formats[k]);
      cr_expect_eq(status_of(url), json, "%s answers what the JSON list answers", url);
    }
  }
}
Test(formats, a_client_that_hangs_up_mid_export_frees_its_connection)
{
  char section[64], req[256];
  snprintf(section, sizeof section, "hangup-%s", test_tag());
  make_article(db, "2020-03-03", 3000, section);
  for (int k = 0; k < 3; k++) {
    int fd = http_connect(&suite_server);
    cr_assert(fd >= 0);
    snprintf(req, sizeof req, "GET /statements?format=csv&section=%s HTTP/1.1\r\nHost: x\r\n\r\n",
             section);
    cr_assert_eq(http_send_all(fd, req, strlen(req)), 0);
    char buf[512];
    cr_expect(read(fd, buf, sizeof buf) > 0, "the export starts");
    close(fd);
  }
  bool freed = false;
  for (int i = 0; i < 100 && !freed; i++) {
    struct http_reply r;
    cr_assert_eq(http_get(&suite_server, "/metrics", &r), 0);
    freed = strstr(r.body, "\nsaywho_db_pool_in_use 0\n") != NULL &&
            strstr(r.body, "\nsaywho_exports_running 0\n") != NULL;
    http_reply_free(&r);
    if (!freed)
      usleep(20000);
  }
  cr_expect(freed, "every connection is back in the pool");
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, "/statements?limit=1", &r), 0);
  cr_expect_eq(r.status, 200, "the server is still serving");
  http_reply_free(&r);
}

/* ---- exports on a server and a database of their own: these tests lock a
 * table and fill one with big rows, which the suites sharing the test
 * database must not feel. */
struct private_server {
  struct test_server server;
  PGconn *db;
  char name[64];
};

static void private_start(struct private_server *p, const char *const *extra)
{
  snprintf(p->name, sizeof p->name, "exports_%s", test_tag());
  char sql[160], url[512];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", p->name);
  test_db_exec(db, sql);
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", p->name);
  test_db_exec(db, sql);
  snprintf(url, sizeof url, "DATABASE_URL=host=%s port=%s user=%s dbname=%s", PQhost(db),
           PQport(db), PQuser(db), p->name);
  const char *env[12] = {url};
  for (size_t i = 0; extra[i] != NULL && i < 10; i++)
    env[i + 1] = extra[i];
  server_start(&p->server, env);
  p->db = PQconnectdb(url + strlen("DATABASE_URL="));
  cr_assert_eq(PQstatus(p->db), CONNECTION_OK, "%s", PQerrorMessage(p->db));
}

static void private_stop(struct private_server *p)
{
  cr_expect_eq(server_stop(&p->server), 0, "saywho exits 0");
  PQfinish(p->db);
  char sql[160];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", p->name);
  test_db_exec(db, sql);
}

/* An article of n statements of about bytes bytes each; its id. */
static long long big_article(PGconn *pdb, int n, int bytes)
{
  return db_num(pdb,
                "WITH a AS (INSERT INTO articles (body, body_hash, source) VALUES ('big', "
                "decode(md5(clock_timestamp()::text), 'hex'), 'big') RETURNING id), "
                "s AS (INSERT INTO statements (article_id, seq, text) SELECT a.id, g, "
                "repeat('word ', %d) || g FROM a, generate_series(0, %d) g) SELECT id FROM a",
                bytes / 5, n - 1);
}

/* A connection to port with a small receive buffer, so that a client that
 * does not read holds the server back after a few hundred KiB. */
static int small_window_connect(int port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int rcv = 16 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  return fd;
}

/* Sends GET path on fd and reads until the head has come: its status. */
static int start_get(int fd, const char *path)
{
  char req[256], head[4096];
  snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path);
  cr_assert_eq(http_send_all(fd, req, strlen(req)), 0);
  size_t n = 0;
  while (n + 1 < sizeof head) {
    ssize_t r = recv(fd, head + n, 1, 0); /* byte by byte: the body stays unread */
    if (r <= 0)
      break;
    n++;
    head[n] = '\0';
    if (n >= 4 && strcmp(head + n - 4, "\r\n\r\n") == 0)
      break;
  }
  head[n] = '\0';
  int status = 0;
  sscanf(head, "HTTP/1.1 %d", &status);
  return status;
}

/* Reads fd until nothing comes for quiet_ms (or it closes); the bytes read,
 * the last few kept in tail (NUL-terminated). */
static size_t drain(int fd, int quiet_ms, char tail[16])
{
  static char buf[1 << 16];
  size_t total = 0;
  for (;;) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, quiet_ms) <= 0)
      break;
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    if (r <= 0)
      break;
    total += (size_t)r;
    /* The last 15 bytes of all read so far: a last read may be shorter
     * (the chunked body's end alone is 5 bytes). */
    size_t keep = strlen(tail), add = (size_t)r < 15 ? (size_t)r : 15;
    if (keep + add > 15) {
      memmove(tail, tail + keep + add - 15, 15 - add);
      keep = 15 - add;
    }
    memcpy(tail + keep, buf + (size_t)r - add, add);
    tail[keep + add] = '\0';
  }
  return total;
}

/* GET /health/live answered within ms on a connection of its own. */
static bool live_within(const struct test_server *s, int ms)
{
  int fd = http_connect(s);
  cr_assert(fd >= 0);
  const char req[] = "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  cr_assert_eq(http_send_all(fd, req, sizeof req - 1), 0);
  size_t len;
  char *got = http_read_for(fd, ms, &len);
  bool ok = got != NULL && strncmp(got, "HTTP/1.1 200", 12) == 0;
  free(got);
  close(fd);
  return ok;
}

Test(formats, export_chunks_are_read_off_the_io_threads, .timeout = 90)
{
  struct private_server p;
  /* One I/O thread: were a chunk read on it, a query that waits would stall
   * every connection, /health/live included. */
  private_start(&p, (const char *const[]){"THREADS=1", "DB_POOL_SIZE=2", "EXPORTS_MAX=1",
                                          "IDLE_TIMEOUT_SECONDS=60", "STATEMENT_TIMEOUT_MS=30000",
                                          NULL});
  long long article = big_article(p.db, 1000, 16000); /* a first chunk of some 8 MB */
  char path[96];
  snprintf(path, sizeof path, "/statements?format=ndjson&article_id=%lld", article);
  int fd = small_window_connect(p.server.port);
  cr_assert_eq(start_get(fd, path), 200);
  /* The first chunk is read; the second's query will wait for this lock. */
  test_db_exec(p.db, "BEGIN");
  test_db_exec(p.db, "LOCK TABLE statements IN ACCESS EXCLUSIVE MODE");
  char tail[16] = "";
  size_t first = drain(fd, 1000, tail);
  cr_expect_gt(first, (size_t)4 << 20, "the first chunk came (%zu bytes)", first);
  cr_expect(live_within(&p.server, 3000),
            "the I/O thread answers while the export's next query waits");
  test_db_exec(p.db, "ROLLBACK");
  size_t rest = drain(fd, 5000, tail);
  cr_expect_gt(first + rest, (size_t)16000 * 1000, "the whole export came (%zu bytes)",
               first + rest);
  cr_expect(strstr(tail, "\r\n0\r\n\r\n") != NULL, "the chunked body ends properly");
  close(fd);
  private_stop(&p);
}

/* GET path on the server: the status; Retry-After copied to retry. */
static int status_on(const struct test_server *s, const char *path, char *retry, size_t cap)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, path, &r), 0);
  int status = r.status;
  if (retry != NULL && !http_header(&r, "Retry-After", retry, cap))
    retry[0] = '\0';
  if (status == 503) {
    json_t *doc = http_json(&r);
    cr_expect_eq(num(doc, "status"), 503, "problem+json: %s", r.body);
    json_decref(doc);
  }
  http_reply_free(&r);
  return status;
}

Test(formats, exports_beyond_EXPORTS_MAX_answer_503_and_other_requests_go_on, .timeout = 90)
{
  struct private_server p;
  private_start(&p, (const char *const[]){"THREADS=1", "DB_POOL_SIZE=1", "EXPORTS_MAX=1",
                                          "IDLE_TIMEOUT_SECONDS=60", NULL});
  long long big = big_article(p.db, 1000, 16000), small = big_article(p.db, 3, 10);
  char path[96], other[96], retry[32];
  snprintf(path, sizeof path, "/statements?format=csv&article_id=%lld", big);
  snprintf(other, sizeof other, "/articles/%lld/statements?format=ndjson", small);
  int fd = small_window_connect(p.server.port);
  cr_assert_eq(start_get(fd, path), 200);
  /* That export, whose client reads no more, holds the only export connection. */
  cr_expect_eq(status_on(&p.server, other, retry, sizeof retry), 503);
  cr_expect(retry[0] != '\0', "with Retry-After");
  snprintf(other, sizeof other, "/statements?format=csv&article_id=%lld", small);
  cr_expect_eq(status_on(&p.server, other, NULL, 0), 503);
  /* Ordinary requests take the workers' connection (DB_POOL_SIZE=1) meanwhile. */
  for (int i = 0; i < 5; i++) {
    char list[96];
    snprintf(list, sizeof list, "/articles/%lld/statements", small);
    cr_expect_eq(status_on(&p.server, list, NULL, 0), 200);
    cr_expect_eq(status_on(&p.server, "/statements?limit=5", NULL, 0), 200);
  }
  close(fd); /* hangs up: its connection comes back */
  int status = 0;
  for (int i = 0; i < 100 && status != 200; i++) {
    status = status_on(&p.server, other, NULL, 0);
    if (status != 200)
      usleep(20000);
  }
  cr_expect_eq(status, 200, "the export slot is free again once the client has gone");
  private_stop(&p);
}
