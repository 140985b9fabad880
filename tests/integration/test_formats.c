/* test_formats.c - the representations of lists over real HTTP: ?format= and
 * Accept pick one, what no representation fits answers 406 problem+json, an
 * unknown format 400. Every list serves JSON; statements lists stream NDJSON
 * and CSV too, other lists answer 406 to those. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api_helpers.h"
#include "harness.h"

TestSuite(formats, .init = suite_start, .fini = suite_stop, .timeout = 60);

static const char *const lists[] = {"/statements", "/articles", "/speakers",
                                    "/speakers/xi-jinping/statements", NULL};
static const char *const json_only[] = {"/articles", "/speakers", NULL};

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

Test(formats, exports_only_on_statements_lists)
{
  char path[128], ct[128];
  for (const char *const *l = json_only; *l != NULL; l++) {
    cr_expect_eq(get_with_accept(*l, "text/csv", ct, sizeof ct), 406, "%s", *l);
    cr_expect_eq(get_with_accept(*l, "application/x-ndjson", ct, sizeof ct), 406, "%s", *l);
    snprintf(path, sizeof path, "%s?format=csv", *l);
    get_expect(&suite_server, path, 406, "format csv");
  }
  cr_expect_eq(get_with_accept("/statements", "text/csv", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "text/csv");
  cr_expect_eq(get_with_accept("/statements", "application/x-ndjson", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "application/x-ndjson");
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

/* The ids of a paged JSON list, page by page (limit 500), into ids; the count. */
static size_t paged_ids(const char *path, long long *ids, size_t cap)
{
  size_t n = 0;
  char url[512], cursor[256] = "";
  for (;;) {
    snprintf(url, sizeof url, "%s&limit=500%s%s", path, cursor[0] ? "&cursor=" : "", cursor);
    json_t *doc = get_json(&suite_server, url);
    json_t *items = json_object_get(doc, "items"), *it;
    size_t i;
    json_array_foreach(items, i, it) if (n < cap) ids[n++] = num(it, "id");
    const char *next = str(doc, "next_cursor");
    snprintf(cursor, sizeof cursor, "%s", next ? next : "");
    json_decref(doc);
    if (cursor[0] == '\0')
      return n;
  }
}

Test(formats, exports_match_the_paged_list_row_for_row)
{
  char section[64], path[128];
  snprintf(section, sizeof section, "export-%s", test_tag());
  make_article(db, "2020-02-02", 700, section);
  make_article(db, "2020-02-01", 600, section);
  snprintf(path, sizeof path, "/statements?section=%s", section);
  static long long want[1400], got[1400];
  size_t n = paged_ids(path, want, 1400);
  cr_assert_eq(n, 1300);
  char url[160];
  struct http_reply r;
  snprintf(url, sizeof url, "%s&format=ndjson", path);
  cr_assert_eq(http_get(&suite_server, url, &r), 0);
  cr_expect_eq(r.status, 200);
  size_t m = 0;
  for (char *line = strtok(r.body, "\n"); line; line = strtok(NULL, "\n")) {
    json_t *doc = json_loads(line, 0, NULL);
    cr_assert(doc != NULL, "an NDJSON line is one JSON value");
    if (m < 1400)
      got[m++] = num(doc, "id");
    json_decref(doc);
  }
  http_reply_free(&r);
  cr_expect_eq(m, n);
  cr_expect_arr_eq(got, want, n * sizeof want[0]);
  snprintf(url, sizeof url, "%s&format=csv", path);
  cr_assert_eq(http_get(&suite_server, url, &r), 0);
  char cd[128];
  cr_expect(http_header(&r, "Content-Disposition", cd, sizeof cd) && strstr(cd, "statements.csv"));
  char *line = strtok(r.body, "\r\n");
  cr_expect_str_eq(line, "id,article_id,seq,published_at,source,section,speaker_slug,"
                         "speaker_name,cue,method,confidence,text");
  m = 0;
  while ((line = strtok(NULL, "\r\n")) != NULL) /* these texts hold no comma, quote or break */
    if (m < 1400)
      got[m++] = strtoll(line, NULL, 10);
  http_reply_free(&r);
  cr_expect_eq(m, n);
  cr_expect_arr_eq(got, want, n * sizeof want[0]);
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
    freed = strstr(r.body, "\nsaywho_db_pool_in_use 0\n") != NULL;
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
