/* test_response.c - problem documents, headers, and JSON text sent compact. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response.h"

Test(response, json_text_is_sent_without_blanks_between_tokens)
{
  struct response r = {0};
  const char *pg = "{\"id\" : 1, \"text\" : \"a \\\" b : c\\\\\", \"list\" : [1, \"x y\"]}";
  response_set_body(&r, 200, "application/json", strdup(pg), strlen(pg));
  cr_expect_eq(r.body_len, strlen("{\"id\":1,\"text\":\"a \\\" b : c\\\\\",\"list\":[1,\"x y\"]}"));
  cr_expect(memcmp(r.body, "{\"id\":1,\"text\":\"a \\\" b : c\\\\\",\"list\":[1,\"x y\"]}", r.body_len) == 0,
            "%.*s", (int)r.body_len, r.body);
  response_clear(&r);
}

Test(response, problem_document)
{
  struct response r = {0};
  response_problem(&r, 422, "name must be a string");
  cr_expect_eq(r.status, 422);
  cr_expect_str_eq(r.content_type, "application/problem+json");
  json_t *doc = json_loadb(r.body, r.body_len, 0, NULL);
  cr_assert_not_null(doc);
  cr_expect_str_eq(json_string_value(json_object_get(doc, "title")), "Unprocessable Content");
  cr_expect_str_eq(json_string_value(json_object_get(doc, "detail")), "name must be a string");
  cr_expect_eq(json_integer_value(json_object_get(doc, "status")), 422);
  json_decref(doc);
  response_clear(&r);
}

Test(response, headers_replace_by_name)
{
  struct response r = {0};
  response_header(&r, "Location", "/speakers/%d", 1);
  response_header(&r, "location", "/speakers/%d", 2);
  cr_expect_eq(r.header_count, 1);
  cr_expect_str_eq(response_header_value(&r, "LOCATION"), "/speakers/2");
  response_clear(&r);
}

/* A detail that echoes bytes which are not UTF-8 (a path, a parameter), or
 * that a %.Ns cuts inside a character, keeps its status: the bad bytes
 * become '?', where jansson would refuse the string and make it a 500. */
Test(response, problem_detail_with_bytes_that_are_not_utf8)
{
  static const struct {
    const char *echoed, *shown;
  } cases[] = {
    {"/\xff\xfe", "/??"},
    {"/caf\xc3\xa9", "/caf\xc3\xa9"},
    {"\xc0\xaf", "??"},             /* overlong '/' */
    {"\xed\xa0\x80x", "???x"},     /* a surrogate */
    {"\xf4\x90\x80\x80", "????"},  /* past U+10FFFF */
    {"ab\xe2\x82", "ab??"},        /* cut inside a character */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct response r = {0};
    response_problem(&r, 404, "no resource at %s", cases[i].echoed);
    cr_expect_eq(r.status, 404, "case %zu", i);
    json_t *doc = json_loadb(r.body, r.body_len, 0, NULL);
    cr_assert_not_null(doc, "case %zu", i);
    char want[64];
    snprintf(want, sizeof want, "no resource at %s", cases[i].shown);
    cr_expect_str_eq(json_string_value(json_object_get(doc, "detail")), want, "case %zu", i);
    json_decref(doc);
    response_clear(&r);
  }
  struct response r = {0};
  response_problem(&r, 400, "got \"%.5s\"", "abcd\xc3\xa9");
  cr_expect_eq(r.status, 400, "a %%.Ns that cuts a character");
  response_clear(&r);
}
