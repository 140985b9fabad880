/* test_schema.c - the tests' JSON Schema validator (tests/support/schema.c)
 * accepts what its schema allows and rejects, saying where, what it does not:
 * each keyword on its own, $ref through a document, and the keywords it does
 * not understand. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "schema.h"

static json_t *parse(const char *text)
{
  json_error_t e;
  json_t *v = json_loads(text, JSON_DECODE_ANY, &e);
  cr_assert_not_null(v, "bad test JSON %s: %s", text, e.text);
  return v;
}

/* Validates value against schema (both JSON text) within doc (JSON text or
 * NULL); the answer, with the reason in err. */
static int check(const char *doc_text, const char *schema_text, const char *value_text,
                 char *err, size_t cap)
{
  json_t *doc = doc_text ? parse(doc_text) : NULL;
  json_t *schema = parse(schema_text), *value = parse(value_text);
  int rc = schema_validate(doc, schema, value, err, cap);
  json_decref(doc);
  json_decref(schema);
  json_decref(value);
  return rc;
}

static void accepts(const char *schema, const char *value)
{
  char err[512];
  cr_expect_eq(check(NULL, schema, value, err, sizeof err), 0, "%s should accept %s: %s", schema,
               value, err);
}

/* Rejects value, with a reason that contains needle. */
static void rejects(const char *schema, const char *value, const char *needle)
{
  char err[512];
  cr_expect_eq(check(NULL, schema, value, err, sizeof err), -1, "%s should reject %s", schema,
               value);
  cr_expect(strstr(err, needle) != NULL, "reason \"%s\" lacks \"%s\"", err, needle);
}

Test(schema, types)
{
  accepts("{\"type\": \"string\"}", "\"x\"");
  accepts("{\"type\": \"integer\"}", "7");
  accepts("{\"type\": \"number\"}", "0.9");
  accepts("{\"type\": \"number\"}", "1");
  accepts("{\"type\": \"boolean\"}", "false");
  accepts("{\"type\": \"object\"}", "{}");
  accepts("{\"type\": \"array\"}", "[]");
  rejects("{\"type\": \"string\"}", "7", "expected string, got integer");
  rejects("{\"type\": \"integer\"}", "1.5", "expected integer, got number");
  rejects("{\"type\": \"integer\"}", "\"1\"", "expected integer, got string");
  rejects("{\"type\": \"object\"}", "[]", "expected object, got array");
  rejects("{\"type\": \"array\"}", "{}", "expected array, got object");
  rejects("{\"type\": \"boolean\"}", "0", "expected boolean");
  rejects("{\"type\": \"null\"}", "null", "type \"null\" is not understood");
}

Test(schema, nullable)
{
  accepts("{\"type\": \"string\", \"nullable\": true}", "null");
  rejects("{\"type\": \"string\"}", "null", "expected string, got null");
  rejects("{\"type\": \"string\", \"nullable\": false}", "null", "got null");
  /* Without a type beside it nullable does nothing (OpenAPI 3.0.3). */
  rejects("{\"allOf\": [{\"type\": \"object\"}], \"nullable\": true}", "null",
          "expected object, got null");
  const char *either = "{\"anyOf\": [{\"type\": \"object\"}, {\"type\": \"object\", \"nullable\": "
                       "true, \"enum\": [null]}]}";
  accepts(either, "null");
  accepts(either, "{}");
  rejects(either, "\"x\"", "matches none of anyOf");
}

Test(schema, objects)
{
  const char *s = "{\"type\": \"object\", \"required\": [\"id\"], \"additionalProperties\": false,"
                  " \"properties\": {\"id\": {\"type\": \"integer\"}, \"name\": {\"type\": "
                  "\"string\"}}}";
  accepts(s, "{\"id\": 1}");
  accepts(s, "{\"id\": 1, \"name\": \"Xi\"}");
  rejects(s, "{\"name\": \"Xi\"}", "required property \"id\" is missing");
  rejects(s, "{\"id\": 1, \"slug\": \"xi\"}", "property \"slug\" is not allowed");
  rejects(s, "{\"id\": 1, \"name\": 2}", "at $.name: expected string");
  const char *open = "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}}}";
  accepts(open, "{\"id\": 1, \"other\": [1]}");
  const char *typed = "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}}";
  accepts(typed, "{\"a\": 1, \"b\": 2}");
  rejects(typed, "{\"a\": 1, \"b\": \"2\"}", "at $.b: expected integer");
}

Test(schema, arrays)
{
  const char *s = "{\"type\": \"array\", \"maxItems\": 2, \"minItems\": 1, \"items\": {\"type\": "
                  "\"object\", \"required\": [\"slug\"]}}";
  accepts(s, "[{\"slug\": \"xi-jinping\"}]");
  rejects(s, "[{\"slug\": \"a\"}, {\"name\": \"b\"}]", "at $[1]: required property \"slug\"");
  rejects(s, "[]", "fewer than minItems 1");
  rejects(s, "[{\"slug\": \"a\"}, {\"slug\": \"b\"}, {\"slug\": \"c\"}]", "more than maxItems 2");
}

Test(schema, enum_and_bounds)
{
  const char *method = "{\"type\": \"string\", \"enum\": [\"name\", \"alias\", \"manual\"]}";
  accepts(method, "\"manual\"");
  rejects(method, "\"guess\"", "not one of the enum's values");
  const char *conf = "{\"type\": \"number\", \"minimum\": 0, \"maximum\": 1}";
  accepts(conf, "0");
  accepts(conf, "1");
  accepts(conf, "0.9");
  rejects(conf, "1.5", "above maximum 1");
  rejects(conf, "-0.1", "below minimum 0");
  rejects("{\"type\": \"integer\", \"minimum\": 1}", "0", "below minimum 1");
}

Test(schema, string_lengths_count_code_points)
{
  const char *s = "{\"type\": \"string\", \"minLength\": 2, \"maxLength\": 3}";
  accepts(s, "\"Xi\"");
  accepts(s, "\"\xc5\x9f\xc4\x9f\xc3\xbc\""); /* three two-byte characters */
  rejects(s, "\"X\"", "fewer than minLength 2");
  rejects(s, "\"Xi J\"", "more than maxLength 3");
}

Test(schema, patterns)
{
  const char *slug = "{\"type\": \"string\", \"pattern\": \"^[a-z0-9]+(-[a-z0-9]+)*$\"}";
  accepts(slug, "\"vladimir-putin\"");
  rejects(slug, "\"Vladimir Putin\"", "does not match");
  rejects(slug, "\"putin-\"", "does not match");
  accepts("{\"type\": \"string\", \"pattern\": \"[0-9]\"}", "\"abc1def\""); /* unanchored */
  rejects("{\"type\": \"string\", \"pattern\": \"(\"}", "\"a\"", "does not compile");
}

Test(schema, formats)
{
  const char *date = "{\"type\": \"string\", \"format\": \"date\"}";
  accepts(date, "\"2021-12-16\"");
  accepts(date, "\"2024-02-29\"");
  rejects(date, "\"2021-02-29\"", "is not a date");
  rejects(date, "\"2021-13-01\"", "is not a date");
  rejects(date, "\"2021-1-01\"", "is not a date");
  rejects(date, "\"2021-12-16T00:00:00Z\"", "is not a date");
  rejects(date, "\"16 December 2021\"", "is not a date");
  const char *dt = "{\"type\": \"string\", \"format\": \"date-time\"}";
  accepts(dt, "\"2026-12-02T05:15:35.085270Z\"");
  accepts(dt, "\"2026-12-02T05:15:35+01:00\"");
  rejects(dt, "\"2026-12-02 05:15:35Z\"", "is not a date-time");
  rejects(dt, "\"2026-12-02T25:15:35Z\"", "is not a date-time");
  rejects(dt, "\"2026-12-02T05:15:35\"", "is not a date-time");
  rejects(dt, "\"2026-12-02T05:15:35.Z\"", "is not a date-time");
  rejects(dt, "\"2026-12-02T05:15:35+1\"", "is not a date-time");
  accepts("{\"type\": \"integer\", \"format\": \"int64\"}", "9007199254740993");
  rejects("{\"type\": \"integer\", \"format\": \"int32\"}", "3000000000", "not an int32");
  rejects("{\"type\": \"string\", \"format\": \"email\"}", "\"a@b\"", "format \"email\"");
}

Test(schema, combinators)
{
  const char *ref = "{\"oneOf\": [{\"type\": \"string\", \"nullable\": true}, {\"type\": "
                    "\"integer\", \"minimum\": 1}]}";
  accepts(ref, "\"xi-jinping\"");
  accepts(ref, "2");
  accepts(ref, "null");
  rejects(ref, "0", "matches none of oneOf");
  rejects(ref, "true", "matches none of oneOf");
  rejects("{\"oneOf\": [{\"type\": \"number\"}, {\"type\": \"integer\"}]}", "3",
          "matches 2 schemas of oneOf");
  const char *any = "{\"anyOf\": [{\"type\": \"number\"}, {\"type\": \"integer\"}]}";
  accepts(any, "3");
  rejects(any, "\"3\"", "matches none of anyOf");
  const char *all = "{\"allOf\": [{\"type\": \"integer\"}, {\"minimum\": 5}]}";
  accepts(all, "5");
  rejects(all, "4", "below minimum 5");
  rejects("{\"oneOf\": []}", "1", "oneOf is not a non-empty array");
}

Test(schema, refs_resolve_in_the_document)
{
  const char *doc = "{\"components\": {\"schemas\": {"
                    "\"Ref\": {\"type\": \"object\", \"required\": [\"id\", \"slug\"], "
                    "\"properties\": {\"id\": {\"type\": \"integer\"}, \"slug\": {\"type\": "
                    "\"string\"}}},"
                    "\"Page\": {\"type\": \"object\", \"properties\": {\"items\": {\"type\": "
                    "\"array\", \"items\": {\"$ref\": \"#/components/schemas/Ref\"}}}},"
                    "\"a/b\": {\"type\": \"integer\"},"
                    "\"Loop\": {\"$ref\": \"#/components/schemas/Loop\"}}}}";
  char err[512];
  const char *page = "{\"$ref\": \"#/components/schemas/Page\"}";
  cr_expect_eq(check(doc, page, "{\"items\": [{\"id\": 1, \"slug\": \"xi-jinping\"}]}", err,
                     sizeof err),
               0, "%s", err);
  cr_expect_eq(check(doc, page, "{\"items\": [{\"id\": 1}]}", err, sizeof err), -1);
  cr_expect(strstr(err, "at $.items[0]: required property \"slug\"") != NULL, "%s", err);
  cr_expect_eq(check(doc, "{\"$ref\": \"#/components/schemas/a~1b\"}", "3", err, sizeof err), 0,
               "%s", err);
  cr_expect_eq(check(doc, "{\"$ref\": \"#/components/schemas/Nope\"}", "3", err, sizeof err), -1);
  cr_expect(strstr(err, "does not resolve") != NULL, "%s", err);
  cr_expect_eq(check(doc, "{\"$ref\": \"#/components/schemas/Loop\"}", "3", err, sizeof err), -1);
  cr_expect(strstr(err, "deeper than") != NULL, "%s", err);
  cr_expect_eq(check(doc, "{\"$ref\": \"#/components/schemas/Ref\", \"type\": \"string\"}",
                     "{\"id\": 1, \"slug\": \"x\"}", err, sizeof err),
               -1);
  cr_expect(strstr(err, "beside $ref") != NULL, "%s", err);
}

Test(schema, unknown_keywords_are_errors_annotations_are_not)
{
  accepts("{\"type\": \"string\", \"description\": \"d\", \"example\": 1, \"default\": \"x\"}",
          "\"x\"");
  rejects("{\"type\": \"string\", \"minLenght\": 3}", "\"x\"", "keyword \"minLenght\"");
  rejects("{\"type\": \"object\", \"properties\": {\"a\": {\"const\": 1}}}", "{\"a\": 1}",
          "at $.a: schema keyword \"const\"");
  rejects("[1]", "1", "the schema is not an object");
}
