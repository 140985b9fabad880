/* test_statements.c - the statements resource over real HTTP and PostgreSQL: keyset
 * paging through 10,000 statements, filters, full-text search, attribution by hand and
 * its history, deletion, and every kind of bad input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_helpers.h"
#include "harness.h"

TestSuite(statements, .init = suite_start, .fini = suite_stop, .timeout = 120);

/* The list order's key of a statement, comparable: day (undated "0000"), article, seq. */
struct key {
  char day[16];
  long long article, seq;
};

static struct key key_of(json_t *st)
{
  struct key k;
  const char *day = str(st, "published_at");
  snprintf(k.day, sizeof k.day, "%s", day ? day : "0000");
  k.article = num(st, "article_id");
  k.seq = num(st, "seq");
  return k;
}

/* Whether a comes strictly before b in list order. */
static bool before(const struct key *a, const struct key *b)
{
  int c = strcmp(a->day, b->day);
  if (c != 0)
    return c > 0;
  if (a->article != b->article)
    return a->article > b->article;
  return a->seq < b->seq;
}

/* Follows next_cursor from first (a path with a query string) to the end on
 * server srv; calls each(item) for every item and checks the Link header on
 * every page. Returns the number of pages. */
static int walk_on(const struct test_server *srv, const char *first,
                   void (*each)(json_t *item, void *ud), void *ud)
{
  char path[1024];
  snprintf(path, sizeof path, "%s", first);
  int pages = 0;
  for (;;) {
    struct http_reply r;
    char link[1024];
    cr_assert_eq(http_get(srv, path, &r), 0);
    cr_assert_eq(r.status, 200, "GET %s: %s", path, r.body);
    json_t *doc = http_json(&r);
    cr_assert_not_null(doc);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(doc, "items"), i, item) each(item, ud);
    pages++;
    json_t *next = json_object_get(doc, "next_cursor");
    bool has_link = http_header(&r, "Link", link, sizeof link) != NULL;
    cr_assert_eq(has_link, !json_is_null(next), "Link exactly when next_cursor (%s)", path);
    if (json_is_null(next)) {
      json_decref(doc);
      http_reply_free(&r);
      return pages;
    }
    cr_assert(strstr(link, json_string_value(next)) != NULL, "Link carries the cursor: %s", link);
    int n = snprintf(path, sizeof path, "%.500s&cursor=%.500s", first, json_string_value(next));
    cr_assert_lt(n, (int)sizeof path);
    json_decref(doc);
    http_reply_free(&r);
    cr_assert_lt(pages, 1000, "runaway paging");
  }
}

static int walk(const char *first, void (*each)(json_t *item, void *ud), void *ud)
{
  return walk_on(&suite_server, first, each, ud);
}

struct seen {
  long long *ids;
  size_t count, cap;
  struct key last;
  bool ordered;
};

static void collect(json_t *item, void *ud)
{
  struct seen *s = ud;
  struct key k = key_of(item);
  if (s->count > 0 && !before(&s->last, &k))
    s->ordered = false;
  s->last = k;
  cr_assert_lt(s->count, s->cap, "more items than statements");
  s->ids[s->count++] = num(item, "id");
}

static int cmp_ll(const void *a, const void *b)
{
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

/* Whether ids[0..n) are distinct. */
static bool distinct(long long *ids, size_t n)
{
  qsort(ids, n, sizeof *ids, cmp_ll);
  for (size_t i = 1; i < n; i++)
    if (ids[i] == ids[i - 1])
      return false;
  return true;
}

Test(statements, pages_through_10000_statements_each_once_in_order, .timeout = 120)
{
  /* 10,000 statements in one INSERT: 40 articles of 250, eight per day over five
   * days (so days, articles and seqs all take part in the order), some undated. */
  char section[64];
  snprintf(section, sizeof section, "Bulk %s", test_tag());
  free(db_text(db,
               "WITH a AS (INSERT INTO articles (body, body_hash, published_at, source) "
               "SELECT 'bulk ' || g, decode(md5('%s bulk ' || g), 'hex'), "
               "CASE WHEN g %% 10 = 9 THEN NULL ELSE date '2020-03-01' + g / 8 END, 'test %s' "
               "FROM generate_series(0, 39) g RETURNING id, published_at) "
               "INSERT INTO statements (article_id, seq, text, section, published_at) "
               "SELECT a.id, s, 'bulk statement ' || s, '%s', a.published_at "
               "FROM a, generate_series(0, 249) s",
               test_tag(), test_tag(), section));
  cr_assert_eq(db_num(db, "SELECT count(*) FROM statements WHERE section = '%s'", section), 10000);

  struct seen s = {.ids = calloc(10001, sizeof(long long)), .cap = 10001, .ordered = true};
  char path[256];
  snprintf(path, sizeof path, "/statements?section=Bulk%%20%s&limit=500", test_tag());
  int pages = walk(path, collect, &s);
  cr_expect_eq(s.count, 10000, "saw %zu statements", s.count);
  cr_expect(s.ordered, "published_at desc, article desc, seq asc");
  cr_expect(distinct(s.ids, s.count), "a statement was seen twice");
  cr_expect_eq(pages, 20);
  free(s.ids);
}

Test(statements, small_pages_cross_articles_and_days_in_order)
{
  long long a1 = make_article(db, "2021-01-02", 3, NULL);
  long long a2 = make_article(db, "2021-01-02", 2, NULL);
  long long a3 = make_article(db, NULL, 2, NULL);
  long long a4 = make_article(db, "2021-01-05", 1, NULL);
  char speaker[64], body[128];
  snprintf(body, sizeof body, "{\"name\": \"Pager %s\"}", test_tag());
  json_t *sp = send_json(&suite_server, "POST", "/speakers", body, 201);
  snprintf(speaker, sizeof speaker, "%s", str(sp, "slug"));
  free(db_text(db,
               "UPDATE statements SET speaker_id = %lld, method = 'name' WHERE article_id IN "
               "(%lld, %lld, %lld, %lld)",
               num(sp, "id"), a1, a2, a3, a4));
  json_decref(sp);
  /* Expected: a4 (Jan 5), then Jan 2 newest article first (a2, a1), undated a3 last. */
  long long want[8][2] = {{a4, 0}, {a2, 0}, {a2, 1}, {a1, 0}, {a1, 1}, {a1, 2}, {a3, 0}, {a3, 1}};
  const char *forms[] = {"/speakers/%s/statements?limit=3", "/statements?speaker=%s&limit=2"};
  for (int f = 0; f < 2; f++) {
    char path[256];
    snprintf(path, sizeof path, forms[f], speaker);
    struct seen s = {.ids = calloc(9, sizeof(long long)), .cap = 9, .ordered = true};
    walk(path, collect, &s);
    cr_assert_eq(s.count, 8);
    for (int i = 0; i < 8; i++)
      cr_expect_eq(s.ids[i], statement_id(db, want[i][0], (int)want[i][1]), "%s item %d", path, i);
    free(s.ids);
  }
}

Test(statements, get_has_the_statement_shape_and_etag_304)
{
  long long article = make_article(db, "2021-12-16", 2, "Energy Cooperation");
  long long id = statement_id(db, article, 1);
  free(db_text(db,
               "UPDATE statements SET speaker_id = 1, method = 'alias', cue = 'said', "
               "confidence = 0.9, evidence = 'Xi said', start_offset = 10, end_offset = 20, "
               "quotes = ARRAY['q'], mention_ids = ARRAY[2]::bigint[] WHERE id = %lld",
               id));
  char path[64];
  snprintf(path, sizeof path, "/statements/%lld", id);
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, path, &r), 0);
  cr_assert_eq(r.status, 200, "%s", r.body);
  json_t *st = http_json(&r);
  cr_expect_eq(num(st, "id"), id);
  cr_expect_eq(num(st, "article_id"), article);
  cr_expect_eq(num(st, "seq"), 1);
  cr_expect_str_eq(str(st, "section"), "Energy Cooperation");
  cr_expect_eq(num(st, "start"), 10);
  cr_expect_eq(num(st, "end"), 20);
  cr_expect_str_eq(str(json_object_get(st, "speaker"), "slug"), "xi-jinping");
  json_t *att = json_object_get(st, "attribution");
  cr_expect_str_eq(str(att, "method"), "alias");
  cr_expect_str_eq(str(att, "cue"), "said");
  cr_expect_str_eq(str(att, "evidence"), "Xi said");
  cr_expect_float_eq(json_number_value(json_object_get(att, "confidence")), 0.9, 1e-6);
  cr_expect_str_eq(str(json_array_get(json_object_get(st, "mentions"), 0), "slug"), "vladimir-putin");
  cr_expect_str_eq(json_string_value(json_array_get(json_object_get(st, "quotes"), 0)), "q");
  cr_expect_str_eq(str(st, "published_at"), "2021-12-16");
  json_decref(st);
  http_reply_free(&r);
  expect_etag_304(&suite_server, path);
  snprintf(path, sizeof path, "/statements?article_id=%lld", article);
  expect_etag_304(&suite_server, path);
  expect_etag_304(&suite_server, "/statements?limit=2");
}

/* The ids of a one-page list answer, as "seq,seq,..." of article (or "a:seq" when
 * the items span articles). */
static char *seqs(const char *fmt, ...)
{
  char path[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(path, sizeof path, fmt, ap);
  va_end(ap);
  json_t *doc = get_json(&suite_server, path);
  cr_expect(json_is_null(json_object_get(doc, "next_cursor")), "%s: one page", path);
  static char out[512];
  out[0] = '\0';
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(doc, "items"), i, item)
  {
    snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", i ? "," : "",
             num(item, "seq"));
  }
  json_decref(doc);
  return out;
}

Test(statements, filters_speaker_none_dates_cue_section_and_article)
{
  long long a = make_article(db, "2021-05-10", 6, "Trade");
  long long b = make_article(db, "2021-05-12", 2, "Trade");
  free(db_text(db,
               "UPDATE statements SET speaker_id = 2, method = 'name', cue = 'stressed' "
               "WHERE article_id = %lld AND seq IN (1, 3)",
               a));
  free(db_text(db,
               "UPDATE statements SET section = 'Energy %s' WHERE article_id = %lld AND seq >= 4",
               test_tag(), a));
  cr_expect_str_eq(seqs("/statements?article_id=%lld", a), "0,1,2,3,4,5");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&speaker=none", a), "0,2,4,5");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&speaker=vladimir-putin", a), "1,3");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&speaker=2", a), "1,3");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&cue=stressed", a), "1,3");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&cue=said", a), "");
  cr_expect_str_eq(seqs("/statements?section=Energy%%20%s", test_tag()), "4,5");
  cr_expect_str_eq(seqs("/statements?section=Energy%%20%s&speaker=none&from=2021-05-10", test_tag()), "4,5");
  /* Inclusive dates: from = to = the day of a. */
  char *ab = strdup(seqs("/statements?article_id=%lld&from=2021-05-10&to=2021-05-10", a));
  cr_expect_str_eq(ab, "0,1,2,3,4,5");
  free(ab);
  cr_expect_str_eq(seqs("/statements?article_id=%lld&from=2021-05-11", a), "");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&to=2021-05-09", a), "");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&from=2021-05-12&to=2021-05-12", b), "0,1");
  cr_expect_str_eq(seqs("/statements?article_id=%lld&to=2021-05-11", b), "");
}

Test(statements, q_uses_english_stemming_and_ranks)
{
  long long a = make_article(db, "2020-02-02", 4, NULL);
  free(db_text(db,
               "UPDATE statements SET text = CASE seq "
               "WHEN 0 THEN 'The two sides deepened their energy cooperation.' "
               "WHEN 1 THEN 'Nothing to see here.' "
               "WHEN 2 THEN 'Cooperation, cooperation and more cooperating, %s said.' "
               "ELSE 'They cooperated on trade.' END WHERE article_id = %lld",
               test_tag(), a));
  char path[256];
  snprintf(path, sizeof path, "/statements?q=cooperate&article_id=%lld", a);
  json_t *doc = get_json(&suite_server, path);
  json_t *items = json_object_get(doc, "items");
  cr_assert_eq(json_array_size(items), 3, "cooperate finds cooperation, cooperating, cooperated");
  cr_expect_eq(num(json_array_get(items, 0), "seq"), 2, "the densest match ranks first");
  json_decref(doc);

  /* Paging a ranked list with limit 1 sees each match once. */
  snprintf(path, sizeof path, "/statements?q=cooperation&article_id=%lld&limit=1", a);
  struct seen s = {.ids = calloc(4, sizeof(long long)), .cap = 4, .ordered = true};
  int pages = walk(path, collect, &s);
  cr_expect_eq(s.count, 3);
  cr_expect_eq(pages, 3);
  cr_expect(distinct(s.ids, s.count));
  free(s.ids);

  /* Websearch syntax, a unique word, and a query that is all stop words. */
  snprintf(path, sizeof path, "/statements?q=%%22energy%%20cooperation%%22%%20-trade&article_id=%lld", a);
  doc = get_json(&suite_server, path);
  cr_expect_eq(items_count(doc), 1);
  json_decref(doc);
  snprintf(path, sizeof path, "/statements?q=%s", test_tag());
  doc = get_json(&suite_server, path);
  cr_expect_eq(items_count(doc), 1);
  json_decref(doc);
  doc = get_json(&suite_server, "/statements?q=the%20and%20of&limit=5");
  cr_expect_eq(items_count(doc), 0);
  json_decref(doc);
}

/* The [start, end] code-point range of highlight i of item, as "start-end". */
static char *range_text(json_t *item, size_t i)
{
  json_t *r = json_array_get(json_object_get(item, "highlight"), i);
  char *out = NULL;
  cr_assert(json_is_array(r) && json_array_size(r) == 2, "highlight %zu is a pair", i);
  cr_assert(asprintf(&out, "%lld-%lld", (long long)json_integer_value(json_array_get(r, 0)),
                     (long long)json_integer_value(json_array_get(r, 1))) > 0);
  return out;
}

Test(statements, q_gives_rank_and_highlight_in_code_points)
{
  long long a = make_article(db, "2020-03-03", 3, NULL);
  free(db_text(db,
               "UPDATE statements SET text = CASE seq "
               "WHEN 0 THEN 'Ça va — cooperation matters.' "
               "WHEN 1 THEN 'They kept cooperating and cooperating on trade.' "
               "ELSE 'Nothing to see.' END WHERE article_id = %lld",
               a));
  char path[160];
  snprintf(path, sizeof path, "/statements?q=cooperate%%20-trade&article_id=%lld", a);
  json_t *doc = get_json(&suite_server, path);
  json_t *items = json_object_get(doc, "items");
  cr_assert_eq(json_array_size(items), 1, "-trade excludes the second statement");
  json_t *item = json_array_get(items, 0);
  cr_expect(json_is_number(json_object_get(item, "rank")));
  cr_assert_eq(json_array_size(json_object_get(item, "highlight")), 1);
  char *r = range_text(item, 0);
  cr_expect_str_eq(r, "8-19", "code points, not bytes: \"cooperation\" after \"Ça va — \"");
  free(r);
  json_decref(doc);

  snprintf(path, sizeof path, "/statements?q=cooperate&article_id=%lld", a);
  doc = get_json(&suite_server, path);
  items = json_object_get(doc, "items");
  cr_assert_eq(json_array_size(items), 2);
  item = json_array_get(items, 0);
  cr_expect_eq(num(item, "seq"), 1, "two matches rank above one");
  cr_expect_geq(json_number_value(json_object_get(item, "rank")),
                json_number_value(json_object_get(json_array_get(items, 1), "rank")));
  cr_assert_eq(json_array_size(json_object_get(item, "highlight")), 2, "stemmed words are marked");
  char *r0 = range_text(item, 0), *r1 = range_text(item, 1);
  cr_expect_str_eq(r0, "10-21");
  cr_expect_str_eq(r1, "26-37");
  free(r0);
  free(r1);
  json_decref(doc);

  doc = get_json(&suite_server, "/statements?limit=1");
  item = json_array_get(json_object_get(doc, "items"), 0);
  cr_expect_null(json_object_get(item, "highlight"), "no highlight without q");
  json_decref(doc);
}

/* "article:seq" of every item, in order, appended to the string ud (cap 1024). */
static void note_item(json_t *item, void *ud)
{
  char *out = ud;
  size_t len = strlen(out);
  snprintf(out + len, 1024 - len, "%s%lld:%lld", len ? "," : "", num(item, "article_id"),
           num(item, "seq"));
}

Test(statements, q_ranks_only_the_newest_window_and_pages_it_once)
{
  /* SEARCH_WINDOW=3: a search ranks the 3 newest matches; past 32 x 3 = 96 matches the
   * window is found by walking the list order instead of the full-text index. */
  struct test_server s;
  server_start(&s, (const char *const[]){"SEARCH_WINDOW=3", NULL});
  const char *t = test_tag();
  long long a = make_article(db, "2021-01-01", 4, NULL);
  long long b = make_article(db, "2021-06-01", 2, NULL);
  /* List order B0, B1, A0, A1..A3; the word 1, 2, 3 and 4 times. The window is B0, B1, A0;
   * A1..A3 rank highest of all but are older, so they are not returned. */
  free(db_text(db,
               "UPDATE statements SET text = repeat('wina%s ', CASE "
               "WHEN article_id = %lld AND seq = 0 THEN 3 WHEN article_id = %lld THEN 4 "
               "ELSE seq + 1 END) || 'said.' WHERE article_id IN (%lld, %lld)",
               t, a, a, a, b));
  char path[256], got[1024] = "", want[256];
  snprintf(path, sizeof path, "/statements?q=wina%s&limit=1", t);
  int pages = walk_on(&s, path, note_item, got);
  snprintf(want, sizeof want, "%lld:0,%lld:1,%lld:0", a, b, b);
  cr_expect_str_eq(got, want, "the window (B0, B1, A0) by rank, each once");
  cr_expect_eq(pages, 3);
  got[0] = '\0';
  snprintf(path, sizeof path, "/statements?q=wina%s&limit=2", t);
  cr_expect_eq(walk_on(&s, path, note_item, got), 2);
  cr_expect_str_eq(got, want);
  /* The default window (1,000) holds all six: A1..A3 first. */
  got[0] = '\0';
  walk_on(&suite_server, path, note_item, got);
  size_t commas = 0;
  for (const char *p = got; *p != '\0'; p++)
    commas += *p == ',';
  cr_expect_eq(commas, 5, "six items: %s", got);
  snprintf(want, sizeof want, "%lld:", a);
  cr_expect(strncmp(got, want, strlen(want)) == 0, "A's densest statements first: %s", got);

  /* How the window is found (statements_search.sql) changes nothing of what it is. The
   * probe reads the first 2 x 3 = 6 rows of the list; with a match there the list is walked
   * up to 96 rows for the 3 newest, else (or when the walk finds fewer) the GIN index gives
   * every match. Each path, scoped to one article so no other test's rows come first: */
  long long c = make_article(db, "2019-01-01", 100, NULL);
  long long f = make_article(db, "2019-01-02", 200, NULL);
  long long g = make_article(db, "2019-01-03", 200, NULL);
  free(db_text(db, "UPDATE statements SET text = 'winb%s cooperation.' WHERE article_id = %lld "
                   "OR (article_id = %lld AND seq IN (0, 150, 151, 152, 153)) "
                   "OR (article_id = %lld AND seq BETWEEN 100 AND 103)",
               t, c, f, g));
  const long long art[] = {c, f, g};
  const int want_seq[][3] = {{0, 1, 2}, {0, 150, 151}, {100, 101, 102}};
  const char *why[] = {"the walk finds the window", "the walk finds 1 in 96: the index",
                       "no match in the probe: the index"};
  for (int i = 0; i < 3; i++) {
    got[0] = '\0';
    snprintf(path, sizeof path, "/statements?q=winb%s&article_id=%lld&limit=2", t, art[i]);
    cr_expect_eq(walk_on(&s, path, note_item, got), 2);
    snprintf(want, sizeof want, "%lld:%d,%lld:%d,%lld:%d", art[i], want_seq[i][0], art[i],
             want_seq[i][1], art[i], want_seq[i][2]);
    cr_expect_str_eq(got, want, "%s", why[i]);
  }
  /* Filters narrow the matches before the window: the rows from one source up to a day. */
  got[0] = '\0';
  snprintf(path, sizeof path, "/statements?q=winb%s&source=test%%20%s&to=2019-01-01", t, t);
  walk_on(&s, path, note_item, got);
  snprintf(want, sizeof want, "%lld:0,%lld:1,%lld:2", c, c, c);
  cr_expect_str_eq(got, want);
  cr_expect_eq(server_stop(&s), 0);
}

/* An article in language lang (written directly) with one statement, text; its id. */
static long long make_article_in(PGconn *conn, const char *lang, const char *text)
{
  long long id = db_num(conn,
                        "INSERT INTO articles (body, body_hash, language, source) VALUES "
                        "('body of %s', decode(md5('%s-' || clock_timestamp()), 'hex'), '%s', "
                        "'test %s') RETURNING id",
                        test_tag(), test_tag(), lang, test_tag());
  free(db_text(conn, "INSERT INTO statements (article_id, seq, text) VALUES (%lld, 0, '%s')", id,
               text));
  return id;
}

/* How many statements /statements?q=q&article_id=id finds. */
static size_t found(const char *q, long long id)
{
  char path[256];
  snprintf(path, sizeof path, "/statements?q=%s&article_id=%lld", q, id);
  json_t *doc = get_json(&suite_server, path);
  size_t n = items_count(doc);
  json_decref(doc);
  return n;
}

Test(statements, q_is_read_in_each_articles_language)
{
  long long de = make_article_in(db, "de", "Die Häuser der Stadt sind alt, sagte er.");
  long long en = make_article_in(db, "en-GB", "The houses of the city are old, he said.");
  long long xx = make_article_in(db, "xx", "The houses were cooperating, he said.");
  char *cfg = db_text(db, "SELECT string_agg(search_config::text, ',' ORDER BY article_id) "
                          "FROM statements WHERE article_id IN (%lld, %lld, %lld)", de, en, xx);
  cr_expect_str_eq(cfg, "german,english,simple", "the article's language picks the config");
  free(cfg);
  cr_expect_eq(found("Haus", de), 1, "German stemming: Haus finds Häuser");
  cr_expect_eq(found("H%C3%A4user", de), 1);
  cr_expect_eq(found("house", en), 1, "English stemming: house finds houses");
  cr_expect_eq(found("house", de), 0);
  cr_expect_eq(found("the", en), 0, "an English stop word");
  cr_expect_eq(found("cooperate", xx), 0, "simple: no stemming");
  cr_expect_eq(found("cooperating", xx), 1);
  cr_expect_eq(found("the", xx), 1, "simple: no stop words");
  cr_expect_eq(found("Haus%20-Stadt", de), 0, "exclusion in the row's own language");
  /* The highlight marks the word as German reads it. */
  char path[128];
  snprintf(path, sizeof path, "/statements?q=haus&article_id=%lld", de);
  json_t *doc = get_json(&suite_server, path);
  json_t *h = json_object_get(json_array_get(json_object_get(doc, "items"), 0), "highlight");
  cr_assert_eq(json_array_size(h), 1);
  cr_expect_eq(json_integer_value(json_array_get(json_array_get(h, 0), 0)), 4);
  cr_expect_eq(json_integer_value(json_array_get(json_array_get(h, 0), 1)), 10);
  json_decref(doc);
}

Test(statements, section_and_source_filters_ignore_case)
{
  char section[64], path[256];
  snprintf(section, sizeof section, "Energy Policy %s", test_tag());
  long long a = make_article(db, "2022-02-02", 3, section);
  cr_expect_str_eq(seqs("/statements?section=ENERGY%%20policy%%20%s", test_tag()), "0,1,2");
  cr_expect_str_eq(seqs("/statements?source=TEST%%20%s", test_tag()), "0,1,2");
  cr_expect_str_eq(seqs("/statements?source=Test%%20%s&section=energy%%20POLICY%%20%s&q=%s",
                        test_tag(), test_tag(), test_tag()),
                   "0,1,2");
  cr_expect_str_eq(seqs("/statements?source=other%%20%s", test_tag()), "");
  /* The statements' copy of the source follows the article's. */
  snprintf(path, sizeof path, "/articles/%lld", a);
  char body[128];
  snprintf(body, sizeof body, "{\"source\": \"Other %s\"}", test_tag());
  json_decref(send_json(&suite_server, "PATCH", path, body, 200));
  cr_expect_str_eq(seqs("/statements?source=OTHER%%20%s", test_tag()), "0,1,2");
  cr_expect_str_eq(seqs("/statements?source=test%%20%s", test_tag()), "");
  snprintf(path, sizeof path, "/articles?source=other%%20%s", test_tag());
  json_t *doc = get_json(&suite_server, path);
  cr_expect_eq(items_count(doc), 1, "articles' source filter ignores case too");
  json_decref(doc);
}

Test(statements, manual_attribution_and_history_oldest_first)
{
  long long a = make_article(db, "2021-08-08", 1, NULL);
  long long id = statement_id(db, a, 0);
  /* The engine's first word on it, as extraction records it. */
  free(db_text(db,
               "UPDATE statements SET speaker_id = 1, method = 'pronoun', cue = 'said', "
               "confidence = 0.7, evidence = 'He said' WHERE id = %lld; "
               "INSERT INTO attribution_history (statement_id, speaker_id, method, cue, "
               "confidence, changed_by, changed_at) VALUES (%lld, 1, 'pronoun', 'said', 0.7, "
               "'engine', now() - interval '1 hour')",
               id, id));
  char path[96], hist[96];
  snprintf(path, sizeof path, "/statements/%lld/speaker", id);
  snprintf(hist, sizeof hist, "/statements/%lld/history", id);

  json_t *st = send_json(&suite_server, "PUT", path, "{\"speaker\": \"vladimir-putin\"}", 200);
  cr_expect_str_eq(str(json_object_get(st, "speaker"), "slug"), "vladimir-putin");
  json_t *att = json_object_get(st, "attribution");
  cr_expect_str_eq(str(att, "method"), "manual");
  cr_expect(json_is_null(json_object_get(att, "cue")));
  cr_expect(json_is_null(json_object_get(att, "evidence")));
  cr_expect_float_eq(json_number_value(json_object_get(att, "confidence")), 1.0, 1e-9);
  json_decref(st);

  st = send_json(&suite_server, "PUT", path, "{\"speaker\": 1}", 200);
  cr_expect_str_eq(str(json_object_get(st, "speaker"), "slug"), "xi-jinping");
  json_decref(st);

  st = send_json(&suite_server, "DELETE", path, NULL, 200);
  cr_expect(json_is_null(json_object_get(st, "speaker")));
  att = json_object_get(st, "attribution");
  cr_assert(json_is_object(att));
  cr_expect_str_eq(str(att, "method"), "manual");
  cr_expect(json_is_null(json_object_get(att, "cue")));
  cr_expect(json_is_null(json_object_get(att, "confidence")));
  cr_expect(json_is_null(json_object_get(att, "evidence")));
  json_decref(st);

  json_t *doc = get_json(&suite_server, hist);
  json_t *items = json_object_get(doc, "items");
  cr_assert_eq(json_array_size(items), 4);
  const char *want_speaker[] = {"xi-jinping", "vladimir-putin", "xi-jinping", NULL};
  const char *want_method[] = {"pronoun", "manual", "manual", "manual"};
  const char *want_by[] = {"engine", "tester", "tester", "tester"};
  const char *prev = "";
  for (size_t i = 0; i < 4; i++) {
    json_t *h = json_array_get(items, i);
    json_t *sp = json_object_get(h, "speaker");
    if (want_speaker[i] == NULL)
      cr_expect(json_is_null(sp), "entry %zu", i);
    else
      cr_expect_str_eq(str(sp, "slug"), want_speaker[i], "entry %zu", i);
    cr_expect_str_eq(str(h, "method"), want_method[i], "entry %zu", i);
    cr_expect_str_eq(str(h, "changed_by"), want_by[i], "entry %zu", i);
    cr_expect(strcmp(str(h, "changed_at"), prev) >= 0, "oldest first");
    prev = str(h, "changed_at");
  }
  cr_expect_str_eq(str(json_array_get(items, 0), "cue"), "said");
  json_decref(doc);

  /* Narration by hand is a filterable state. */
  char list[96];
  snprintf(list, sizeof list, "/statements?article_id=%lld&speaker=none", a);
  doc = get_json(&suite_server, list);
  cr_expect_eq(items_count(doc), 1);
  json_decref(doc);
}

Test(statements, delete_removes_statement_and_history)
{
  long long a = make_article(db, "2021-09-09", 2, NULL);
  long long id = statement_id(db, a, 1);
  char path[96];
  snprintf(path, sizeof path, "/statements/%lld/speaker", id);
  json_decref(send_json(&suite_server, "PUT", path, "{\"speaker\": \"xi-jinping\"}", 200));
  snprintf(path, sizeof path, "/statements/%lld", id);
  cr_expect_null(send_json(&suite_server, "DELETE", path, NULL, 204));
  get_expect(&suite_server, path, 404, "does not exist");
  send_expect(&suite_server, "DELETE", path, "", 404, "does not exist");
  snprintf(path, sizeof path, "/statements/%lld/history", id);
  get_expect(&suite_server, path, 404, "does not exist");
  cr_expect_eq(db_num(db, "SELECT count(*) FROM attribution_history WHERE statement_id = %lld", id), 0);
  cr_expect_eq(db_num(db, "SELECT count(*) FROM statements WHERE article_id = %lld", a), 1);
}

Test(statements, bad_attribution_bodies_change_nothing)
{
  long long a = make_article(db, "2021-10-10", 1, NULL);
  long long id = statement_id(db, a, 0);
  char path[96];
  snprintf(path, sizeof path, "/statements/%lld/speaker", id);
  char *before = fingerprint(db);
  static const struct {
    const char *body;
    int status;
    const char *needle;
  } cases[] = {
    {"{\"speaker\": ", 400, "malformed JSON"},
    {"", 400, "malformed JSON"},
    {"[1]", 422, "JSON object"},
    {"{}", 422, "speaker is required"},
    {"{\"speaker\": null}", 422, "speaker is required"},
    {"{\"speaker\": true}", 422, "speaker must be"},
    {"{\"speaker\": 1.5}", 422, "speaker must be"},
    {"{\"speaker\": -3}", 422, "speaker must be"},
    {"{\"speaker\": 0}", 422, "speaker must be"},
    {"{\"speaker\": {\"id\": 1}}", 422, "speaker must be"},
    {"{\"speaker\": \"\"}", 422, "speaker must be"},
    {"{\"speaker\": \"no-such-speaker-zz\"}", 422, "no-such-speaker-zz"},
    {"{\"speaker\": 999999999999}", 422, "999999999999"},
    {"{\"speaker\": \"99999999999999999999\"}", 422, "99999999999999999999"},
    {"{\"speaker\": \"x'); DELETE FROM statements;--\"}", 422, "does not exist"},
    {"{\"speaker\": 1, \"method\": \"name\"}", 422, "unknown field \"method\""},
    {"{\"speaker\": \"a\\u0000b\"}", 400, "malformed JSON"},
  };
  const char *json_ct[] = {TEST_AUTH, "Content-Type: application/json", NULL};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    call_expect(&suite_server, "PUT", path, json_ct, cases[i].body, strlen(cases[i].body),
                cases[i].status, cases[i].needle);
  static const char bad_utf8[] = "{\"speaker\": \"\xc3\x28\"}";
  call_expect(&suite_server, "PUT", path, json_ct, bad_utf8, sizeof bad_utf8 - 1, 400, "UTF-8");
  static const char nul[] = "{\"speaker\": \"x\0\"}";
  call_expect(&suite_server, "PUT", path, json_ct, nul, sizeof nul - 1, 400, "NUL");
  const char *form[] = {TEST_AUTH, "Content-Type: application/x-www-form-urlencoded", NULL};
  call_expect(&suite_server, "PUT", path, form, "speaker=1", 9, 415, "Content-Type");
  const char *no_auth[] = {"Content-Type: application/json", NULL};
  call_expect(&suite_server, "PUT", path, no_auth, "{\"speaker\": 1}", 14, 401, "Authorization");
  const char *wrong[] = {"Authorization: Bearer wrong-token-xyz", "Content-Type: application/json", NULL};
  call_expect(&suite_server, "PUT", path, wrong, "{\"speaker\": 1}", 14, 401, "token");
  const char *malformed[] = {"Authorization: Token " TEST_TOKEN, "Content-Type: application/json", NULL};
  call_expect(&suite_server, "PUT", path, malformed, "{\"speaker\": 1}", 14, 401, "Bearer");
  call_expect(&suite_server, "DELETE", path, no_auth, NULL, 0, 401, "Authorization");
  snprintf(path, sizeof path, "/statements/%lld", id);
  call_expect(&suite_server, "DELETE", path, wrong, NULL, 0, 401, "token");
  /* Ids that are not ids. */
  const char *auth[] = {TEST_AUTH, NULL};
  const char *bad_ids[] = {"abc", "-1", "0", "99999999999999999999", "1.5", "1e3", "%27%20OR%201=1"};
  for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
    char p[128];
    snprintf(p, sizeof p, "/statements/%s/speaker", bad_ids[i]);
    send_expect(&suite_server, "PUT", p, "{\"speaker\": 1}", 404, "ids are positive integers");
    call_expect(&suite_server, "DELETE", p, auth, NULL, 0, 404, "ids are positive integers");
    snprintf(p, sizeof p, "/statements/%s", bad_ids[i]);
    get_expect(&suite_server, p, 404, "ids are positive integers");
    call_expect(&suite_server, "DELETE", p, auth, NULL, 0, 404, "ids are positive integers");
    snprintf(p, sizeof p, "/statements/%s/history", bad_ids[i]);
    get_expect(&suite_server, p, 404, "ids are positive integers");
  }
  send_expect(&suite_server, "PUT", "/statements/999999999999/speaker", "{\"speaker\": 1}", 404,
              "statement 999999999999 does not exist");
  expect_unchanged(db, before);
}

Test(statements, bad_query_parameters_are_400_or_422)
{
  long long a = make_article(db, "2021-11-11", 2, NULL);
  char *before = fingerprint(db);
  static const struct {
    const char *path;
    int status;
    const char *needle;
  } cases[] = {
    {"/statements?limit=0", 400, "limit"},
    {"/statements?limit=100000", 400, "limit"},
    {"/statements?limit=abc", 400, "limit"},
    {"/statements?limit=", 400, "limit"},
    {"/statements?cursor=garbage", 400, "cursor"},
    {"/statements?cursor=c1AAAA", 400, "cursor"},
    {"/statements?cursor=%27%20OR%201%3D1%20--", 400, "cursor"},
    {"/statements?from=2021-13-45", 400, "from"},
    {"/statements?to=yesterday", 400, "to"},
    {"/statements?from=2021-02-29", 400, "from"},
    {"/statements?article_id=abc", 400, "article_id"},
    {"/statements?article_id=-1", 400, "article_id"},
    {"/statements?article_id=99999999999999999999", 400, "article_id"},
    {"/statements?speaker=-1", 400, "speaker"},
    {"/statements?speaker=0", 400, "speaker"},
    {"/statements?speaker=99999999999999999999", 400, "speaker"},
    {"/statements?speaker=%27%20OR%201%3D1%20--", 400, "speaker"},
    {"/statements?speaker=Xi%20Jinping", 400, "speaker"},
    {"/statements?speaker=", 400, "speaker"},
    {"/statements?speaker=no-such-speaker-zz", 422, "speaker no-such-speaker-zz does not exist"},
    {"/statements?speaker=999999999999", 422, "speaker 999999999999 does not exist"},
    {"/statements?q=", 400, "q must not be empty"},
    {"/statements?section=", 400, "section must not be empty"},
    {"/statements?cue=%ff", 400, "UTF-8"},
    {"/statements?q=%c3%28", 400, "UTF-8"},
    {"/statements?speakr=1", 400, "unknown query parameter \"speakr\""},
    {"/statements?speaker=no-such-speaker-zz&limit=0", 400, "limit"},
    {"/speakers/xi-jinping/statements?speaker=2", 400, "unknown query parameter \"speaker\""},
    {"/speakers/xi-jinping/statements?limit=0", 400, "limit"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    get_expect(&suite_server, cases[i].path, cases[i].status, cases[i].needle);

  /* A cursor of the ranked list is not one of the plain list, and the other way round. */
  char path[256];
  snprintf(path, sizeof path, "/statements?article_id=%lld&limit=1", a);
  json_t *doc = get_json(&suite_server, path);
  const char *plain = str(doc, "next_cursor");
  cr_assert_not_null(plain);
  snprintf(path, sizeof path, "/statements?q=statement&cursor=%s", plain);
  get_expect(&suite_server, path, 400, "cursor");
  json_decref(doc);

  /* SQL metacharacters in text parameters are just text. */
  const char *sql[] = {"/statements?section=%27%3B%20DROP%20TABLE%20statements%3B--",
                       "/statements?cue=%27%20OR%20%271%27%3D%271",
                       "/statements?q=%27)%3B%20DELETE%20FROM%20statements%3B--",
                       "/statements?q=%21%21%20%26%20%7C%20%3A*",
                       "/speakers?q=%25%27%20OR%20%27%25"};
  for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
    doc = get_json(&suite_server, sql[i]);
    cr_expect(json_is_array(json_object_get(doc, "items")), "%s", sql[i]);
    if (i < 2)
      cr_expect_eq(items_count(doc), 0, "%s", sql[i]);
    json_decref(doc);
  }
  expect_unchanged(db, before);
  cr_expect_eq(db_num(db, "SELECT count(*) FROM statements WHERE article_id = %lld", a), 2);
}
