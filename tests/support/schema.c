/* schema.c - validates JSON values against the OpenAPI 3.0 schema subset of schema.h. */
#include "schema.h"

#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deep enough for the document's nesting, shallow enough to stop a $ref cycle. */
#define MAX_DEPTH 64

struct check {
  json_t *doc;
  char *err;
  size_t cap;
  char path[512]; /* where in the value we are, "$.items[0].speaker" */
  int depth;
};

static const char *const annotations[] = {"description", "example", "examples", "default",
                                          "title", "readOnly", "writeOnly", "deprecated", NULL};
static const char *const keywords[] = {
  "type", "nullable", "properties", "required", "additionalProperties", "items", "minItems",
  "maxItems", "enum", "oneOf", "anyOf", "allOf", "$ref", "format", "minimum", "maximum",
  "minLength", "maxLength", "pattern", NULL};

static bool listed(const char *const *list, const char *word)
{
  for (size_t i = 0; list[i] != NULL; i++)
    if (strcmp(list[i], word) == 0)
      return true;
  return false;
}

static int fail(struct check *c, const char *fmt, ...)
{
  int n = snprintf(c->err, c->cap, "at %s: ", c->path);
  if (n >= 0 && (size_t)n < c->cap) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, c->cap - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return -1;
}

static int validate(struct check *c, json_t *schema, json_t *value);

/* Validates value at path + suffix, then restores the path. */
static int validate_at(struct check *c, json_t *schema, json_t *value, const char *fmt, ...)
{
  size_t len = strlen(c->path);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->path + len, sizeof c->path - len, fmt, ap);
  va_end(ap);
  int rc = validate(c, schema, value);
  c->path[len] = '\0';
  return rc;
}

/* One JSON pointer token ("~1" is '/', "~0" is '~') copied into out. */
static void pointer_token(const char *start, size_t len, char *out, size_t cap)
{
  size_t o = 0;
  for (size_t i = 0; i < len && o + 1 < cap; i++) {
    if (start[i] == '~' && i + 1 < len && (start[i + 1] == '0' || start[i + 1] == '1')) {
      out[o++] = start[i + 1] == '0' ? '~' : '/';
      i++;
    } else {
      out[o++] = start[i];
    }
  }
  out[o] = '\0';
}

json_t *schema_resolve(json_t *doc, const char *ref)
{
  if (doc == NULL || ref == NULL || strncmp(ref, "#/", 2) != 0)
    return NULL;
  json_t *at = doc;
  const char *p = ref + 2;
  while (at != NULL && *p != '\0') {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    char token[256];
    pointer_token(p, len, token, sizeof token);
    if (json_is_array(at)) {
      char *end;
      unsigned long i = strtoul(token, &end, 10);
      at = *end == '\0' && token[0] != '\0' ? json_array_get(at, i) : NULL;
    } else {
      at = json_object_get(at, token);
    }
    p += len + (slash ? 1 : 0);
  }
  return at;
}

static const char *kind(json_t *v)
{
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "object";
  case JSON_ARRAY: return "array";
  case JSON_STRING: return "string";
  case JSON_INTEGER: return "integer";
  case JSON_REAL: return "number";
  case JSON_TRUE:
  case JSON_FALSE: return "boolean";
  case JSON_NULL: return "null";
  }
  return "?";
}

static int check_type(struct check *c, const char *type, json_t *value)
{
  bool ok;
  if (strcmp(type, "string") == 0)
    ok = json_is_string(value);
  else if (strcmp(type, "integer") == 0)
    ok = json_is_integer(value);
  else if (strcmp(type, "number") == 0)
    ok = json_is_number(value);
  else if (strcmp(type, "boolean") == 0)
    ok = json_is_boolean(value);
  else if (strcmp(type, "object") == 0)
    ok = json_is_object(value);
  else if (strcmp(type, "array") == 0)
    ok = json_is_array(value);
  else
    return fail(c, "schema type \"%s\" is not understood", type);
  return ok ? 0 : fail(c, "expected %s, got %s", type, kind(value));
}

/* n digits at s, as a number; -1 when they are not all digits. */
static int digits(const char *s, int n)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* YYYY-MM-DD, a real day of the Gregorian calendar. */
static bool valid_date(const char *s)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
    return false;
  int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1)
    return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

/* RFC 3339 date-time: date "T" hh:mm:ss[.frac] ("Z" | ±hh:mm). */
static bool valid_date_time(const char *s)
{
  if (strlen(s) < 20 || !valid_date(s) || (s[10] != 'T' && s[10] != 't'))
    return false;
  const char *t = s + 11;
  int h = digits(t, 2), mi = digits(t + 3, 2), se = digits(t + 6, 2);
  if (t[2] != ':' || t[5] != ':' || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
    return false;
  t += 8;
  if (*t == '.') {
    const char *f = ++t;
    while (*t >= '0' && *t <= '9')
      t++;
    if (t == f)
      return false;
  }
  if ((*t == 'Z' || *t == 'z') && t[1] == '\0')
    return true;
  if ((*t != '+' && *t != '-') || strlen(t) != 6 || t[3] != ':')
    return false;
  int oh = digits(t + 1, 2), om = digits(t + 4, 2);
  return oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
}

static int check_format(struct check *c, const char *format, json_t *value)
{
  if (strcmp(format, "date") == 0 || strcmp(format, "date-time") == 0) {
    if (!json_is_string(value))
      return 0;
    const char *s = json_string_value(value);
    bool ok = strcmp(format, "date") == 0 ? strlen(s) == 10 && valid_date(s) : valid_date_time(s);
    return ok ? 0 : fail(c, "\"%s\" is not a %s", s, format);
  }
  if (strcmp(format, "int32") == 0) {
    if (!json_is_integer(value))
      return 0;
    json_int_t v = json_integer_value(value);
    return v >= INT32_MIN && v <= INT32_MAX ? 0 : fail(c, "%lld is not an int32", (long long)v);
  }
  if (strcmp(format, "int64") == 0 || strcmp(format, "float") == 0 ||
      strcmp(format, "double") == 0)
    return 0; /* what jansson parses already fits */
  return fail(c, "schema format \"%s\" is not understood", format);
}

static size_t code_points(const char *s)
{
  size_t n = 0;
  for (; *s != '\0'; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* The number in schema[key], or false when absent; a non-number is an error. */
static int bound(struct check *c, json_t *schema, const char *key, bool *present, double *out)
{
  json_t *b = json_object_get(schema, key);
  *present = b != NULL;
  if (b == NULL)
    return 0;
  if (!json_is_number(b))
    return fail(c, "schema %s is not a number", key);
  *out = json_number_value(b);
  return 0;
}

static int check_string(struct check *c, json_t *schema, json_t *value)
{
  const char *s = json_string_value(value);
  bool has;
  double lim = 0;
  size_t n = code_points(s);
  if (bound(c, schema, "minLength", &has, &lim) != 0)
    return -1;
  if (has && (double)n < lim)
    return fail(c, "%zu characters, fewer than minLength %g", n, lim);
  if (bound(c, schema, "maxLength", &has, &lim) != 0)
    return -1;
  if (has && (double)n > lim)
    return fail(c, "%zu characters, more than maxLength %g", n, lim);
  const char *pattern = json_string_value(json_object_get(schema, "pattern"));
  if (pattern == NULL)
    return json_object_get(schema, "pattern") ? fail(c, "schema pattern is not a string") : 0;
  regex_t re;
  if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
    return fail(c, "schema pattern /%s/ does not compile", pattern);
  int rc = regexec(&re, s, 0, NULL, 0);
  regfree(&re);
  return rc == 0 ? 0 : fail(c, "\"%s\" does not match /%s/", s, pattern);
}

static int check_number(struct check *c, json_t *schema, json_t *value)
{
  double v = json_number_value(value), lim = 0;
  bool has;
  if (bound(c, schema, "minimum", &has, &lim) != 0)
    return -1;
  if (has && v < lim)
    return fail(c, "%g is below minimum %g", v, lim);
  if (bound(c, schema, "maximum", &has, &lim) != 0)
    return -1;
  if (has && v > lim)
    return fail(c, "%g is above maximum %g", v, lim);
  return 0;
}

static int check_object(struct check *c, json_t *schema, json_t *value)
{
  json_t *props = json_object_get(schema, "properties");
  json_t *required = json_object_get(schema, "required");
  json_t *extra = json_object_get(schema, "additionalProperties");
  size_t i;
  json_t *name;
  json_array_foreach(required, i, name)
  {
    if (json_object_get(value, json_string_value(name)) == NULL)
      return fail(c, "required property \"%s\" is missing", json_string_value(name));
  }
  const char *key;
  json_t *member;
  json_object_foreach(value, key, member)
  {
    json_t *sub = json_object_get(props, key);
    if (sub == NULL && json_is_false(extra))
      return fail(c, "property \"%s\" is not allowed", key);
    if (sub == NULL && json_is_object(extra))
      sub = extra;
    if (sub != NULL && validate_at(c, sub, member, ".%s", key) != 0)
      return -1;
  }
  return 0;
}

static int check_array(struct check *c, json_t *schema, json_t *value)
{
  size_t n = json_array_size(value), i;
  double lim = 0;
  bool has;
  if (bound(c, schema, "minItems", &has, &lim) != 0)
    return -1;
  if (has && (double)n < lim)
    return fail(c, "%zu items, fewer than minItems %g", n, lim);
  if (bound(c, schema, "maxItems", &has, &lim) != 0)
    return -1;
  if (has && (double)n > lim)
    return fail(c, "%zu items, more than maxItems %g", n, lim);
  json_t *items = json_object_get(schema, "items"), *item;
  if (items == NULL)
    return 0;
  json_array_foreach(value, i, item)
  {
    if (validate_at(c, items, item, "[%zu]", i) != 0)
      return -1;
  }
  return 0;
}

/* How many schemas of list value satisfies; -1 when list is not an array.
 * The reason the last one refused is kept in why. */
static int count_matches(struct check *c, json_t *list, json_t *value, char *why, size_t cap)
{
  if (!json_is_array(list) || json_array_size(list) == 0)
    return -1;
  int matches = 0;
  size_t i;
  json_t *sub;
  json_array_foreach(list, i, sub)
  {
    struct check trial = *c;
    trial.err = why;
    trial.cap = cap;
    matches += validate(&trial, sub, value) == 0;
  }
  return matches;
}

static int check_combinators(struct check *c, json_t *schema, json_t *value)
{
  char why[512] = "";
  json_t *list = json_object_get(schema, "allOf"), *sub;
  size_t i;
  if (list != NULL && !json_is_array(list))
    return fail(c, "schema allOf is not an array");
  json_array_foreach(list, i, sub)
  {
    if (validate(c, sub, value) != 0)
      return -1;
  }
  if ((list = json_object_get(schema, "anyOf")) != NULL) {
    int n = count_matches(c, list, value, why, sizeof why);
    if (n < 0)
      return fail(c, "schema anyOf is not a non-empty array");
    if (n == 0)
      return fail(c, "matches none of anyOf (%s)", why);
  }
  if ((list = json_object_get(schema, "oneOf")) != NULL) {
    int n = count_matches(c, list, value, why, sizeof why);
    if (n < 0)
      return fail(c, "schema oneOf is not a non-empty array");
    if (n != 1)
      return n == 0 ? fail(c, "matches none of oneOf (%s)", why)
                    : fail(c, "matches %d schemas of oneOf, not exactly one", n);
  }
  return 0;
}

static int check_keywords(struct check *c, json_t *schema)
{
  const char *key;
  json_t *v;
  json_object_foreach(schema, key, v)
  {
    if (!listed(keywords, key) && !listed(annotations, key))
      return fail(c, "schema keyword \"%s\" is not understood", key);
    if (strcmp(key, "$ref") != 0 && !listed(annotations, key) &&
        json_object_get(schema, "$ref") != NULL)
      return fail(c, "\"%s\" beside $ref (OpenAPI 3.0 ignores it)", key);
  }
  return 0;
}

static int validate(struct check *c, json_t *schema, json_t *value)
{
  if (!json_is_object(schema))
    return fail(c, "the schema is not an object");
  if (c->depth >= MAX_DEPTH)
    return fail(c, "schema nesting deeper than %d (a $ref cycle?)", MAX_DEPTH);
  if (check_keywords(c, schema) != 0)
    return -1;
  const char *ref = json_string_value(json_object_get(schema, "$ref"));
  if (ref != NULL) {
    json_t *target = schema_resolve(c->doc, ref);
    if (target == NULL)
      return fail(c, "$ref %s does not resolve", ref);
    c->depth++;
    int rc = validate(c, target, value);
    c->depth--;
    return rc;
  }
  json_t *type = json_object_get(schema, "type");
  /* OpenAPI 3.0.3: nullable adds null to the type given beside it, and does
   * nothing without one (strict tools refuse null there, so must we). */
  if (json_is_null(value) && type != NULL && json_is_true(json_object_get(schema, "nullable")))
    return 0;
  if (type != NULL && !json_is_string(type))
    return fail(c, "schema type is not a string");
  if (type != NULL && check_type(c, json_string_value(type), value) != 0)
    return -1;
  json_t *choices = json_object_get(schema, "enum"), *choice;
  if (choices != NULL) {
    size_t i;
    bool found = false;
    json_array_foreach(choices, i, choice) found = found || json_equal(choice, value);
    if (!found)
      return fail(c, "not one of the enum's values");
  }
  const char *format = json_string_value(json_object_get(schema, "format"));
  if (format != NULL && check_format(c, format, value) != 0)
    return -1;
  int rc = 0;
  if (json_is_string(value))
    rc = check_string(c, schema, value);
  else if (json_is_number(value))
    rc = check_number(c, schema, value);
  else if (json_is_object(value))
    rc = check_object(c, schema, value);
  else if (json_is_array(value))
    rc = check_array(c, schema, value);
  if (rc != 0)
    return -1;
  c->depth++;
  rc = check_combinators(c, schema, value);
  c->depth--;
  return rc;
}

int schema_validate(json_t *doc, json_t *schema, json_t *value, char *err, size_t cap)
{
  struct check c = {.doc = doc, .err = err, .cap = cap, .path = "$"};
  if (cap > 0)
    err[0] = '\0';
  return validate(&c, schema, value);
}
