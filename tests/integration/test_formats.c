/* test_formats.c - the representations of lists over real HTTP: ?format= and
 * Accept pick one, what no representation fits answers 406 problem+json, an
 * unknown format 400. Every list serves JSON; statements lists stream NDJSON
 * and CSV too, other lists answer 406 to those. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

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
