/* test_response.c - problem documents, headers, and JSON text sent compact. */
#include <criterion/criterion.h>
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
