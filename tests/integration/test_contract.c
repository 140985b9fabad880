/* test_contract.c - the OpenAPI document drives the service the way
 * contract-testing tools and mock servers read it: every example is valid
 * against its schema, and on a fresh database with the seed article posted
 * through POST /articles (what ./scripts/run does) every GET operation called
 * with its parameters' examples answers 200 with a body its schema accepts.
 * The write operations' examples, replayed in document order on another fresh
 * database, answer documented statuses with the ETag a GET of the resource then
 * gives, and leave every GET example answering.
 *
 * The document is the one the server serves (GET /openapi.json). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "schema.h"


static struct test_server server;
static PGconn *admin;
static char dbname[64];
static json_t *doc;

static const char *const methods[] = {"get", "put", "post", "delete", "patch", NULL};

static bool is_method(const char *key)
{
  for (size_t i = 0; methods[i] != NULL; i++)
    if (strcmp(methods[i], key) == 0)
      return true;
  return false;
}

static void sql(const char *text)
{
  PGresult *res = PQexec(admin, text);
  cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s: %s", text, PQerrorMessage(admin));
  PQclear(res);
}

/* The seed article through the public API, as ./scripts/run loads it: on a
 * fresh database it is article 1, the id the examples use. */
static void post_seed(void)
{
  size_t len;
  char *text = test_read_seed(&len);
  const char *headers[] = {TEST_AUTH, "Content-Type: text/plain; charset=utf-8", NULL};
  struct http_reply r;
  cr_assert_eq(http_call(&server, "POST", "/articles", headers, text, len, &r), 0);
  free(text);
  cr_assert_eq(r.status, 201, "POST /articles (seed): %d %s", r.status, r.body);
  json_t *article = http_json(&r);
  cr_assert_eq(json_integer_value(json_object_get(article, "id")), 1,
               "the seed article is not article 1 on a fresh database");
  json_decref(article);
  http_reply_free(&r);
}

static void fresh_service(void)
{
  require_database();
  admin = test_db();
  char text[128];
  snprintf(dbname, sizeof dbname, "saywho_contract_%d", (int)getpid());
  snprintf(text, sizeof text, "CREATE DATABASE %s", dbname);
  sql(text);
  /* Later keywords win in a libpq connection string. */
  static char url_env[2048];
  snprintf(url_env, sizeof url_env, "DATABASE_URL=%s dbname=%s", getenv("DATABASE_URL"), dbname);
  const char *env[] = {url_env, NULL};
  server_start(&server, env);
  post_seed();
  struct http_reply r;
  cr_assert_eq(http_get(&server, "/openapi.json", &r), 0);
  cr_assert_eq(r.status, 200);
  doc = http_json(&r);
  http_reply_free(&r);
  cr_assert_not_null(doc, "GET /openapi.json is not JSON");
}

static void stop_service(void)
{
  cr_expect_eq(server_stop(&server), 0, "saywho did not exit 0 after SIGTERM");
  json_decref(doc);
  char text[128];
  snprintf(text, sizeof text, "DROP DATABASE IF EXISTS %s", dbname);
  sql(text);
  PQfinish(admin);
}

TestSuite(contract, .init = fresh_service, .fini = stop_service, .timeout = 120);

/* obj, or what its $ref points at. */
static json_t *deref(json_t *obj)
{
  const char *ref = json_string_value(json_object_get(obj, "$ref"));
  if (ref == NULL)
    return obj;
  json_t *target = schema_resolve(doc, ref);
  cr_assert_not_null(target, "$ref %s does not resolve", ref);
  return target;
}

/* The example of a parameter, header or media type: its example, else the
 * value of its first named example; NULL when it has none. Borrowed. */
static json_t *example_of(json_t *obj)
{
  json_t *ex = json_object_get(obj, "example");
  if (ex != NULL)
    return ex;
  json_t *named = json_object_get(obj, "examples");
  void *first = json_object_iter(named);
  return first ? json_object_get(deref(json_object_iter_value(first)), "value") : NULL;
}

/* Fails the test unless obj has at least one example and each is valid
 * against schema; returns how many were checked. */
static int check_examples(json_t *obj, json_t *schema, const char *where)
{
  char err[512];
  int checked = 0;
  json_t *ex = json_object_get(obj, "example");
  if (ex != NULL) {
    cr_expect_eq(schema_validate(doc, schema, ex, err, sizeof err), 0, "%s: example %s", where,
                 err);
    checked++;
  }
  const char *name;
  json_t *named;
  json_object_foreach(json_object_get(obj, "examples"), name, named)
  {
    json_t *value = json_object_get(deref(named), "value");
    cr_expect_not_null(value, "%s: example %s has no value", where, name);
    if (value != NULL)
      cr_expect_eq(schema_validate(doc, schema, value, err, sizeof err), 0, "%s: example %s %s",
                   where, name, err);
    checked++;
  }
  cr_expect_gt(checked, 0, "%s has no example", where);
  return checked;
}

/* The operation's parameters, resolved: its own, then the path item's that it
 * does not redefine (same name and place). New reference. */
static json_t *parameters(json_t *item, json_t *op)
{
  json_t *all = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(op, "parameters"), i, p) json_array_append(all, deref(p));
  json_array_foreach(json_object_get(item, "parameters"), i, p)
  {
    json_t *shared = deref(p), *own;
    bool redefined = false;
    size_t j;
    json_array_foreach(all, j, own)
    {
      redefined = redefined ||
                  (json_equal(json_object_get(own, "name"), json_object_get(shared, "name")) &&
                   json_equal(json_object_get(own, "in"), json_object_get(shared, "in")));
    }
    if (!redefined)
      json_array_append(all, shared);
  }
  return all;
}

static int check_content(json_t *content, const char *where)
{
  int checked = 0;
  const char *media;
  json_t *m;
  json_object_foreach(content, media, m)
  {
    char at[300];
    snprintf(at, sizeof at, "%s %s", where, media);
    checked += check_examples(m, json_object_get(m, "schema"), at);
  }
  return checked;
}

static int check_operation(const char *method, const char *path, json_t *item, json_t *op)
{
  char where[300];
  int checked = 0;
  json_t *params = parameters(item, op), *p;
  size_t i;
  json_array_foreach(params, i, p)
  {
    snprintf(where, sizeof where, "%s %s parameter %s (%s)", method, path,
             json_string_value(json_object_get(p, "name")),
             json_string_value(json_object_get(p, "in")));
    checked += check_examples(p, json_object_get(p, "schema"), where);
  }
  json_decref(params);
  json_t *body = json_object_get(op, "requestBody");
  if (body != NULL) {
    snprintf(where, sizeof where, "%s %s request body", method, path);
    checked += check_content(json_object_get(deref(body), "content"), where);
  }
  const char *code;
  json_t *resp;
  json_object_foreach(json_object_get(op, "responses"), code, resp)
  {
    json_t *r = deref(resp);
    snprintf(where, sizeof where, "%s %s answer %s", method, path, code);
    checked += check_content(json_object_get(r, "content"), where);
    const char *name;
    json_t *header;
    json_object_foreach(json_object_get(r, "headers"), name, header)
    {
      json_t *h = deref(header);
      snprintf(where, sizeof where, "%s %s answer %s header %s", method, path, code, name);
      checked += check_examples(h, json_object_get(h, "schema"), where);
    }
  }
  return checked;
}

Test(contract, every_example_is_valid_against_its_schema)
{
  int operations = 0, checked = 0;
  const char *path, *method;
  json_t *item, *op;
  json_object_foreach(json_object_get(doc, "paths"), path, item)
  {
    json_object_foreach(item, method, op)
    {
      if (!is_method(method))
        continue;
      checked += check_operation(method, path, item, op);
      operations++;
    }
  }
  cr_expect_geq(operations, 24, "only %d operations in the document", operations);
  cr_expect_geq(checked, 200, "only %d examples checked", checked);
}

/* A growing request target (the query examples are short; 4 KiB is ample). */
struct target {
  char text[4096];
  size_t len;
};

static void target_add(struct target *t, const char *s, size_t n)
{
  cr_assert_lt(t->len + n, sizeof t->text, "request target too long");
  memcpy(t->text + t->len, s, n);
  t->len += n;
  t->text[t->len] = '\0';
}

/* A scalar example as the text that goes into a URL or a header. */
static void scalar_text(json_t *v, char *buf, size_t cap)
{
  if (json_is_string(v))
    snprintf(buf, cap, "%s", json_string_value(v));
  else if (json_is_integer(v))
    snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
  else if (json_is_real(v))
    snprintf(buf, cap, "%.17g", json_real_value(v));
  else if (json_is_boolean(v))
    snprintf(buf, cap, "%s", json_is_true(v) ? "true" : "false");
  else
    cr_assert_fail("a parameter example that is not a scalar");
}

/* Appends s percent-encoded (everything but RFC 3986 unreserved characters). */
static void target_encode(struct target *t, const char *s)
{
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        strchr("-._~", c) != NULL) {
      target_add(t, s, 1);
    } else {
      char hex[4];
      snprintf(hex, sizeof hex, "%%%02X", c);
      target_add(t, hex, 3);
    }
  }
}

/* One call of an operation, built from its examples alone. */
struct call {
  struct target target;
  char headers[8][640]; /* "Name: value", the value at most 511 bytes */
  const char *header_list[10];
  size_t header_count;
};

static void build_call(struct call *c, const char *path, json_t *item, json_t *op)
{
  memset(c, 0, sizeof *c);
  json_t *params = parameters(item, op), *p;
  size_t i;
  /* The path, each {name} replaced by its example. */
  for (const char *s = path; *s != '\0';) {
    const char *open = strchr(s, '{');
    if (open == NULL) {
      target_add(&c->target, s, strlen(s));
      break;
    }
    target_add(&c->target, s, (size_t)(open - s));
    const char *close = strchr(open, '}');
    cr_assert_not_null(close);
    char name[64], value[512];
    snprintf(name, sizeof name, "%.*s", (int)(close - open - 1), open + 1);
    json_t *found = NULL;
    json_array_foreach(params, i, p)
    {
      if (strcmp(json_string_value(json_object_get(p, "in")), "path") == 0 &&
          strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
        found = example_of(p);
    }
    cr_assert_not_null(found, "%s: path parameter %s has no example", path, name);
    scalar_text(found, value, sizeof value);
    target_encode(&c->target, value);
    s = close + 1;
  }
  bool first = true;
  json_array_foreach(params, i, p)
  {
    const char *in = json_string_value(json_object_get(p, "in"));
    const char *name = json_string_value(json_object_get(p, "name"));
    json_t *ex = example_of(p);
    char value[512];
    if (ex == NULL || strcmp(in, "path") == 0)
      continue;
    scalar_text(ex, value, sizeof value);
    if (strcmp(in, "query") == 0) {
      target_add(&c->target, first ? "?" : "&", 1);
      target_encode(&c->target, name);
      target_add(&c->target, "=", 1);
      target_encode(&c->target, value);
      first = false;
    } else if (strcmp(in, "header") == 0) {
      cr_assert_lt(c->header_count, 6);
      snprintf(c->headers[c->header_count], sizeof c->headers[0], "%s: %s", name, value);
      c->header_list[c->header_count] = c->headers[c->header_count];
      c->header_count++;
    }
  }
  json_decref(params);
  if (json_array_size(json_object_get(op, "security")) > 0)
    c->header_list[c->header_count++] = TEST_AUTH;
}

static bool is_json_media(const char *media)
{
  return strcmp(media, "application/json") == 0 || strstr(media, "+json") != NULL;
}

/* The answer is documented for the operation (200 for a GET, else any 2xx),
 * of a documented media type, its body is valid against that schema, and it
 * carries the ETag header it documents. */
static void check_answer(const char *where, json_t *op, const struct http_reply *r, bool get)
{
  char code[8], ct[128], err[512];
  if (get)
    cr_assert_eq(r->status, 200, "%s answered %d, not 200: %s", where, r->status, r->body);
  cr_assert(r->status >= 200 && r->status < 300, "%s answered %d: %s", where, r->status, r->body);
  snprintf(code, sizeof code, "%d", r->status);
  json_t *resp = json_object_get(json_object_get(op, "responses"), code);
  cr_assert_not_null(resp, "%s answered %d, which the document does not list", where, r->status);
  resp = deref(resp);
  json_t *content = json_object_get(resp, "content");
  if (content == NULL) {
    cr_expect_eq(r->body_len, 0, "%s: %d has no content in the document, got %s", where,
                 r->status, r->body);
    return;
  }
  cr_assert_not_null(http_header(r, "Content-Type", ct, sizeof ct), "%s: no Content-Type", where);
  ct[strcspn(ct, "; ")] = '\0';
  json_t *media = json_object_get(content, ct);
  cr_assert_not_null(media, "%s: Content-Type %s is not documented for %d", where, ct, r->status);
  json_t *body = is_json_media(ct) ? json_loadb(r->body, r->body_len, 0, NULL)
                                   : json_stringn(r->body, r->body_len);
  cr_assert_not_null(body, "%s: the %s body does not parse: %s", where, ct, r->body);
  cr_expect_eq(schema_validate(doc, json_object_get(media, "schema"), body, err, sizeof err), 0,
               "%s: the live answer %s", where, err);
  json_decref(body);
  if (json_object_get(json_object_get(resp, "headers"), "ETag") != NULL)
    cr_expect_not_null(http_header(r, "ETag", ct, sizeof ct), "%s: no ETag", where);
}

/* A write's answer tells the ETag a GET of its resource then answers with.
 * The resource: the one at Location; else the target without its action
 * (/speaker of a statement, /extract of an article); else, for a POST to a
 * collection that found its item stored already (200), the item of the
 * answer's id. */
static void expect_write_etag(const char *where, const char *method, const char *target,
                              const struct http_reply *r)
{
  char etag[96], location[512], again[96];
  if (r->body_len == 0 || http_header(r, "ETag", etag, sizeof etag) == NULL)
    return; /* check_answer has already failed a missing one */
  if (http_header(r, "Location", location, sizeof location) == NULL) {
    snprintf(location, sizeof location, "%s", target);
    const char *actions[] = {"/speaker", "/extract"};
    bool action = false;
    for (size_t i = 0; i < 2; i++) {
      size_t n = strlen(location), a = strlen(actions[i]);
      if (n > a && strcmp(location + n - a, actions[i]) == 0) {
        location[n - a] = '\0';
        action = true;
      }
    }
    if (!action && strcmp(method, "post") == 0) {
      json_t *item = http_json(r);
      size_t n = strlen(location);
      snprintf(location + n, sizeof location - n, "/%" JSON_INTEGER_FORMAT,
               json_integer_value(json_object_get(item, "id")));
      json_decref(item);
    }
  }
  struct http_reply g;
  cr_assert_eq(http_get(&server, location, &g), 0);
  cr_expect_eq(g.status, 200, "%s: GET %s answered %d", where, location, g.status);
  cr_expect_str_eq(http_header(&g, "ETag", again, sizeof again) ? again : "", etag,
                   "%s answered ETag %s, GET %s then %s", where, etag, location, again);
  http_reply_free(&g);
}

/* Calls the operation with its examples; a GET must answer 200, a write any
 * documented 2xx. A write with a request body is sent once per media type. */
static int replay(const char *method, const char *path, json_t *item, json_t *op)
{
  struct call c;
  build_call(&c, path, item, op);
  char upper[8], where[4200];
  size_t n = 0;
  for (; method[n] != '\0' && n + 1 < sizeof upper; n++)
    upper[n] = (char)(method[n] - 'a' + 'A');
  upper[n] = '\0';
  snprintf(where, sizeof where, "%s %s", upper, c.target.text);
  bool get = strcmp(method, "get") == 0;
  json_t *body = json_object_get(op, "requestBody");
  struct http_reply r;
  if (body == NULL) {
    cr_assert_eq(http_call(&server, upper, c.target.text, c.header_list, NULL, 0, &r), 0, "%s",
                 where);
    check_answer(where, op, &r, get);
    if (!get)
      expect_write_etag(where, method, c.target.text, &r);
    http_reply_free(&r);
    return 1;
  }
  int calls = 0;
  const char *media;
  json_t *m;
  json_object_foreach(json_object_get(deref(body), "content"), media, m)
  {
    json_t *ex = example_of(m);
    cr_assert(is_json_media(media) ? ex != NULL : json_is_string(ex),
              "%s %s: no example, or one that is not text", where, media);
    char *text = is_json_media(media) ? json_dumps(ex, JSON_COMPACT | JSON_ENCODE_ANY)
                                      : strdup(json_string_value(ex));
    cr_assert_not_null(text, "%s %s: the example is not %s", where, media, media);
    char ctype[160];
    snprintf(ctype, sizeof ctype, "Content-Type: %s", media);
    c.header_list[c.header_count] = ctype;
    c.header_list[c.header_count + 1] = NULL;
    int rc = http_call(&server, upper, c.target.text, c.header_list, text, strlen(text), &r);
    free(text);
    cr_assert_eq(rc, 0, "%s", where);
    char at[4400];
    snprintf(at, sizeof at, "%s (%s)", where, media);
    check_answer(at, op, &r, false);
    expect_write_etag(at, method, c.target.text, &r);
    http_reply_free(&r);
    calls++;
  }
  c.header_list[c.header_count] = NULL;
  return calls;
}

/* Replays the operations of the document in its order; only the GETs when
 * writes is false. Returns the number of calls. */
static int replay_all(bool writes)
{
  int calls = 0;
  const char *path, *method;
  json_t *item, *op;
  json_object_foreach(json_object_get(doc, "paths"), path, item)
  {
    json_object_foreach(item, method, op)
    {
      if (is_method(method) && (writes || strcmp(method, "get") == 0))
        calls += replay(method, path, item, op);
    }
  }
  return calls;
}

Test(contract, every_get_example_answers_200_on_the_seeded_service)
{
  int calls = replay_all(false);
  cr_expect_geq(calls, 13, "only %d GET operations replayed", calls);
}

Test(contract, write_examples_replay_in_document_order_and_the_gets_still_answer)
{
  int calls = replay_all(true);
  cr_expect_geq(calls, 25, "only %d calls replayed", calls);
  replay_all(false);
}
