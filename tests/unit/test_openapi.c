/* test_openapi.c - the OpenAPI document and the router agree: every route is
 * described, and the document describes no route that does not exist. The
 * document is complete enough for tools to drive: every parameter, request
 * body, answer and header has an example, and every PATCH, PUT and DELETE
 * documents If-Match, its 412 and the ETag of the answers with a body.
 * (Whether the examples are right is the contract integration suite's job.) */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdbool.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "openapi.h"
#include "routes.h"
#include "schema.h"

static const char *const methods[] = {"get", "post", "put", "patch", "delete"};
#define METHOD_COUNT (sizeof methods / sizeof methods[0])

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
  json_t *doc = load_document();
  json_t *paths = json_object_get(doc, "paths");
  const char *path;
  json_t *item;
  json_object_foreach(paths, path, item)
  {
    for (size_t m = 0; m < METHOD_COUNT; m++) {
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

/* obj, or what its $ref points at in doc. */
static json_t *deref(json_t *doc, json_t *obj)
{
  const char *ref = json_string_value(json_object_get(obj, "$ref"));
  if (ref == NULL)
    return obj;
  json_t *target = schema_resolve(doc, ref);
  cr_assert_not_null(target, "$ref %s does not resolve", ref);
  return target;
}

static bool has_example(json_t *obj)
{
  return json_object_get(obj, "example") != NULL ||
         json_object_size(json_object_get(obj, "examples")) > 0;
}

/* Every media type of content has an example. */
static void expect_content_examples(json_t *content, const char *method, const char *path,
                                    const char *what)
{
  const char *media;
  json_t *m;
  json_object_foreach(content, media, m)
  {
    cr_expect(has_example(m), "%s %s: %s (%s) has no example", method, path, what, media);
  }
}

static void expect_operation_examples(json_t *doc, json_t *item, json_t *op, const char *method,
                                      const char *path)
{
  json_t *lists[] = {json_object_get(item, "parameters"), json_object_get(op, "parameters")};
  for (size_t l = 0; l < 2; l++) {
    size_t i;
    json_t *p;
    json_array_foreach(lists[l], i, p)
    {
      json_t *param = deref(doc, p);
      cr_expect(has_example(param), "%s %s: parameter %s has no example", method, path,
                json_string_value(json_object_get(param, "name")));
    }
  }
  json_t *body = json_object_get(op, "requestBody");
  if (body != NULL)
    expect_content_examples(json_object_get(deref(doc, body), "content"), method, path,
                            "the request body");
  const char *code, *name;
  json_t *resp, *header;
  json_object_foreach(json_object_get(op, "responses"), code, resp)
  {
    json_t *r = deref(doc, resp);
    expect_content_examples(json_object_get(r, "content"), method, path, code);
    json_object_foreach(json_object_get(r, "headers"), name, header)
    {
      cr_expect(has_example(deref(doc, header)), "%s %s: header %s of %s has no example",
                method, path, name, code);
    }
  }
}

Test(openapi, every_parameter_body_answer_and_header_has_an_example)
{
  json_t *doc = load_document();
  const char *path;
  json_t *item;
  json_object_foreach(json_object_get(doc, "paths"), path, item)
  {
    for (size_t m = 0; m < METHOD_COUNT; m++) {
      json_t *op = json_object_get(item, methods[m]);
      if (op != NULL)
        expect_operation_examples(doc, item, op, methods[m], path);
    }
  }
  json_decref(doc);
}

static bool takes_if_match(json_t *doc, json_t *op)
{
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(op, "parameters"), i, p)
  {
    json_t *param = deref(doc, p);
    if (strcmp(json_string_value(json_object_get(param, "in")), "header") == 0 &&
        strcasecmp(json_string_value(json_object_get(param, "name")), "If-Match") == 0)
      return !json_is_true(json_object_get(param, "required"));
  }
  return false;
}

Test(openapi, conditional_writes_document_if_match_412_and_etag)
{
  json_t *doc = load_document();
  const char *path;
  json_t *item;
  int conditional = 0;
  json_object_foreach(json_object_get(doc, "paths"), path, item)
  {
    for (size_t m = 1; m < METHOD_COUNT; m++) {
      json_t *op = json_object_get(item, methods[m]);
      if (op == NULL)
        continue;
      json_t *responses = json_object_get(op, "responses");
      if (strcmp(methods[m], "post") != 0) {
        conditional++;
        cr_expect(takes_if_match(doc, op), "%s %s takes no optional If-Match header", methods[m],
                  path);
        json_t *failed = json_object_get(responses, "412");
        cr_expect(failed != NULL &&
                    json_object_get(json_object_get(deref(doc, failed), "content"),
                                    "application/problem+json") != NULL,
                  "%s %s documents no 412 problem", methods[m], path);
        cr_expect(failed != NULL &&
                    json_object_get(json_object_get(deref(doc, failed), "headers"), "ETag"),
                  "%s %s: the 412 documents no current ETag", methods[m], path);
        cr_expect_not_null(json_object_get(responses, "400"),
                           "%s %s documents no 400 (a malformed If-Match)", methods[m], path);
      }
      const char *codes[] = {"200", "201"};
      for (size_t c = 0; c < 2; c++) {
        json_t *ok = json_object_get(responses, codes[c]);
        if (ok == NULL || json_object_get(deref(doc, ok), "content") == NULL)
          continue;
        cr_expect_not_null(json_object_get(json_object_get(deref(doc, ok), "headers"), "ETag"),
                           "%s %s: the %s answer documents no ETag", methods[m], path, codes[c]);
      }
    }
  }
  cr_expect_eq(conditional, 7, "PATCH, PUT and DELETE operations: %d", conditional);
  json_decref(doc);
}
