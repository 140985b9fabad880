/* test_openapi.c - the OpenAPI document and the router agree: every route is
 * described, and the document describes no route that does not exist. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "openapi.h"
#include "routes.h"

static json_t *load_document(void)
{
  json_error_t err;
  json_t *doc = json_loadb(openapi_document, openapi_document_len, 0, &err);
  cr_assert_not_null(doc, "openapi.json does not parse: %s (line %d)", err.text, err.line);
  return doc;
}

static void lower(const char *in, char *out, size_t cap)
{
  size_t i = 0;
  for (; in[i] != '\0' && i + 1 < cap; i++)
    out[i] = (char)tolower((unsigned char)in[i]);
  out[i] = '\0';
}

Test(openapi, is_openapi_3)
{
  json_t *doc = load_document();
  const char *version = json_string_value(json_object_get(doc, "openapi"));
  cr_assert_not_null(version);
  cr_expect_eq(version[0], '3');
  cr_expect_not_null(json_object_get(doc, "info"));
  json_decref(doc);
}

Test(openapi, every_route_is_documented)
{
  json_t *doc = load_document();
  json_t *paths = json_object_get(doc, "paths");
  cr_assert(json_is_object(paths));
  for (size_t i = 0; i < api_route_count; i++) {
    char method[16];
    lower(http_method_name(api_routes[i].method), method, sizeof method);
    json_t *item = json_object_get(paths, api_routes[i].pattern);
    cr_expect_not_null(json_object_get(item, method), "%s %s is missing from openapi.json",
                       http_method_name(api_routes[i].method), api_routes[i].pattern);
  }
  json_decref(doc);
}

Test(openapi, every_documented_operation_is_routed)
{
  static const char *const methods[] = {"get", "post", "put", "patch", "delete"};
  json_t *doc = load_document();
  json_t *paths = json_object_get(doc, "paths");
  const char *path;
  json_t *item;
  json_object_foreach(paths, path, item)
  {
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
      if (json_object_get(item, methods[m]) == NULL)
        continue;
      int found = 0;
      for (size_t i = 0; i < api_route_count && !found; i++) {
        char method[16];
        lower(http_method_name(api_routes[i].method), method, sizeof method);
        found = strcmp(method, methods[m]) == 0 && strcmp(api_routes[i].pattern, path) == 0;
      }
      cr_expect(found, "openapi.json describes %s %s, which no route serves", methods[m], path);
    }
  }
  json_decref(doc);
}
