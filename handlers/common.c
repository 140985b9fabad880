/* common.c - shared input checks and the store-error-to-HTTP mapping. */
#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc_keeper.h"
#include "dynbuf.h"
#include "log.h"
#include "paging.h"

void reply_store_error(struct response *resp, const struct store_error *e)
{
  switch (e->status) {
  case STORE_NOT_FOUND:
    response_problem(resp, 404, "%s", e->detail);
    break;
  case STORE_CONFLICT:
    response_problem(resp, 409, "%s", e->detail);
    break;
  case STORE_INVALID:
    response_problem(resp, 422, "%s", e->detail);
    break;
  case STORE_UNAVAILABLE:
    response_problem(resp, 503, "%s", e->detail);
    break;
  case STORE_OK:
  case STORE_FAILED:
  default:
    /* Not the request's fault, and nothing it could change: 503, logged. */
    log_msg(LOG_ERROR, "store failure: %s", e->detail);
    response_problem(resp, 503, "the database could not complete the request; it has been logged");
    break;
  }
}

bool require_json_content(struct request *req, struct response *resp)
{
  const char *ct = request_header(req, "Content-Type");
  static const char json[] = "application/json";
  if (ct != NULL && strncasecmp(ct, json, sizeof json - 1) == 0 &&
      (ct[sizeof json - 1] == '\0' || ct[sizeof json - 1] == ';' || ct[sizeof json - 1] == ' '))
    return true;
  response_problem(resp, 415, "Content-Type must be application/json, got %s",
                   ct ? ct : "none");
  return false;
}

bool valid_utf8(const char *text, size_t len)
{
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    size_t n;
    uint32_t cp;
    if (c == 0)
      return false;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; k++) {
      if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
        return false;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

json_t *parse_json_object(struct request *req, struct response *resp)
{
  if (!require_json_content(req, resp))
    return NULL;
  if (!valid_utf8(req->body, req->body_len)) {
    response_problem(resp, 400, "the body is not valid UTF-8 JSON (or holds a NUL byte)");
    return NULL;
  }
  json_error_t jerr;
  json_t *doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
  if (doc == NULL) {
    response_problem(resp, 400, "malformed JSON at line %d, column %d: %s", jerr.line,
                     jerr.column, jerr.text);
    return NULL;
  }
  if (!json_is_object(doc)) {
    json_decref(doc);
    response_problem(resp, 422, "the body must be a JSON object");
    return NULL;
  }
  return doc;
}

bool parse_id(const char *text, long long *out)
{
  if (text == NULL || text[0] < '1' || text[0] > '9' || strlen(text) > 19 ||
      strspn(text, "0123456789") != strlen(text))
    return false;
  errno = 0;
  long long v = strtoll(text, NULL, 10);
  if (errno == ERANGE || v <= 0)
    return false;
  *out = v;
  return true;
}

bool path_id(struct request *req, struct response *resp, const char *name, const char *what,
             long long *out)
{
  const char *text = request_param(req, name);
  if (parse_id(text, out))
    return true;
  char shown[65]; /* the segment may be any bytes: echo printable ASCII only */
  size_t n = 0;
  for (; text != NULL && text[n] != '\0' && n < sizeof shown - 1; n++)
    shown[n] = text[n] > 0x20 && text[n] < 0x7f ? text[n] : '?';
  shown[n] = '\0';
  response_problem(resp, 404, "%s %s does not exist (ids are positive integers)", what, shown);
  return false;
}

bool query_limit(struct request *req, struct response *resp, int *out)
{
  const char *text = request_query(req, "limit");
  if (text == NULL) {
    *out = LIMIT_DEFAULT;
    return true;
  }
  long long v;
  if (!parse_id(text, &v) || v > LIMIT_MAX) {
    response_problem(resp, 400, "limit must be a whole number from 1 to %d, got \"%.32s\"",
                     LIMIT_MAX, text);
    return false;
  }
  *out = (int)v;
  return true;
}

bool valid_date(const char *text)
{
  if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
      return false;
  int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1)
    return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap);
}

bool query_date(struct request *req, struct response *resp, const char *name, char out[11])
{
  const char *text = request_query(req, name);
  out[0] = '\0';
  if (text == NULL)
    return true;
  if (!valid_date(text)) {
    response_problem(resp, 400, "%s must be a date written YYYY-MM-DD, got \"%.32s\"", name,
                     text);
    return false;
  }
  memcpy(out, text, 11);
  return true;
}

bool member_string(json_t *obj, const char *key, size_t max_len, struct response *resp,
                   const char **out)
{
  json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (v == NULL || json_is_null(v))
    return true;
  if (!json_is_string(v)) {
    response_problem(resp, 422, "%s must be a string", key);
    return false;
  }
  size_t len = json_string_length(v);
  const char *s = json_string_value(v);
  if (memchr(s, '\0', len) != NULL) {
    response_problem(resp, 422, "%s must not contain NUL characters", key);
    return false;
  }
  if (max_len != 0 && len > max_len) {
    response_problem(resp, 422, "%s is longer than %zu bytes", key, max_len);
    return false;
  }
  *out = s;
  return true;
}

/* The Link target being built: grows as needed up to LINK_MAX bytes (the
 * request line it echoes is bounded by libmicrohttpd's connection memory, so
 * the cap is never reached by a request MHD accepted); failed = no Link. */
#define LINK_MAX ((size_t)256 * 1024)

struct link_builder {
  struct dynbuf target;
  bool first; /* no query parameter yet */
};

/* Appends s percent-encoding what a query name or value may not hold. */
static void link_put_encoded(struct dynbuf *b, const char *s)
{
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c) || strchr("-._~", c) != NULL)
      dynbuf_add(b, &c, 1);
    else
      dynbuf_addf(b, "%%%02X", c);
  }
}

static void add_query_arg(void *cls, const char *key, const char *value)
{
  struct link_builder *lb = cls;
  if (strcmp(key, "cursor") == 0)
    return;
  dynbuf_adds(&lb->target, lb->first ? "?" : "&");
  lb->first = false;
  link_put_encoded(&lb->target, key);
  if (value != NULL) {
    dynbuf_adds(&lb->target, "=");
    link_put_encoded(&lb->target, value);
  }
}

void set_next_link(struct request *req, struct response *resp, const char *cursor)
{
  if (cursor == NULL)
    return;
  struct link_builder lb = {.first = true};
  dynbuf_init(&lb.target, LINK_MAX);
  dynbuf_adds(&lb.target, req->path);
  request_each_query(req, add_query_arg, &lb);
  dynbuf_adds(&lb.target, lb.first ? "?cursor=" : "&cursor=");
  link_put_encoded(&lb.target, cursor);
  if (!lb.target.failed)
    response_header(resp, "Link", "<%s>; rel=\"next\"", dynbuf_str(&lb.target));
  dynbuf_free(&lb.target);
}

struct query_check {
  const char *const *allowed;
  const char *bad_name; /* first unknown parameter */
  const char *bad_value; /* first parameter whose value is not UTF-8 */
};

static void check_one(void *ud, const char *key, const char *value)
{
  struct query_check *c = ud;
  bool known = false;
  for (const char *const *a = c->allowed; *a != NULL && !known; a++)
    known = strcmp(*a, key) == 0;
  if (!known && c->bad_name == NULL)
    c->bad_name = key;
  if (value != NULL && !valid_utf8(value, strlen(value)) && c->bad_value == NULL)
    c->bad_value = key;
}

bool list_format(struct request *req, struct response *resp, unsigned available,
                 enum export_format *out)
{
  const char *format = request_query(req, "format");
  switch (export_negotiate(request_header(req, "Accept"), format, available, out)) {
  case NEGOTIATED:
    return true;
  case NEGOTIATE_BAD:
    response_problem(resp, 400, "format must be json, ndjson or csv");
    return false;
  case NEGOTIATE_NONE:
    break;
  }
  if (format != NULL)
    response_problem(resp, 406, "format %s is not served for this list; format=json is",
                     format);
  else
    response_problem(resp, 406, "no representation of this list fits the Accept header; "
                                "it is served as application/json");
  return false;
}

bool check_query_params(struct request *req, struct response *resp, const char *const *allowed)
{
  struct query_check c = {allowed, NULL, NULL};
  request_each_query(req, check_one, &c);
  if (c.bad_name != NULL) {
    char list[256] = "";
    for (const char *const *a = allowed; *a != NULL; a++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ",
               *a);
    bool printable = valid_utf8(c.bad_name, strlen(c.bad_name));
    response_problem(resp, 400, "unknown query parameter %s%.64s%s; %s%s",
                     printable ? "\"" : "", printable ? c.bad_name : "(not UTF-8)",
                     printable ? "\"" : "",
                     allowed[0] ? "this list takes " : "this resource takes none", list);
    return false;
  }
  if (c.bad_value != NULL) {
    response_problem(resp, 400, "query parameter %s is not valid UTF-8", c.bad_value);
    return false;
  }
  return true;
}

bool query_text(struct request *req, struct response *resp, const char *name, size_t max,
                const char **out)
{
  const char *v = request_query(req, name);
  *out = NULL;
  if (v == NULL)
    return true;
  size_t len = strlen(v);
  if (len == 0 || strspn(v, " \t\r\n") == len) {
    response_problem(resp, 400, "%s must not be empty", name);
    return false;
  }
  if (len > max) {
    response_problem(resp, 400, "%s is longer than %zu bytes", name, max);
    return false;
  }
  *out = v;
  return true;
}

void reply_json_text(struct response *resp, unsigned status, char *json)
{
  response_set_body(resp, status, "application/json", json, strlen(json));
}

void reply_list(struct request *req, struct response *resp, char *items,
                const char *const *fields, size_t n)
{
  char *cursor = n > 0 ? cursor_encode(fields, n) : NULL;
  size_t ilen = strlen(items), clen = cursor ? strlen(cursor) : 4;
  size_t cap = ilen + clen + 40;
  char *body = (n > 0 && cursor == NULL) ? NULL : malloc(cap);
  if (body == NULL) {
    free(items);
    free(cursor);
    response_problem(resp, 503, "out of memory building the list; try again");
    return;
  }
  int len = snprintf(body, cap, "{\"items\":%s,\"next_cursor\":%s%s%s}", items,
                     cursor ? "\"" : "", cursor ? cursor : "null", cursor ? "\"" : "");
  free(items);
  response_set_body(resp, 200, "application/json", body, (size_t)len);
  set_next_link(req, resp, cursor);
  free(cursor);
}

bool check_fields(json_t *doc, const char *const *allowed, struct response *resp)
{
  const char *key;
  json_t *value;
  json_object_foreach(doc, key, value)
  {
    bool known = false;
    for (const char *const *a = allowed; *a != NULL && !known; a++)
      known = strcmp(*a, key) == 0;
    if (known)
      continue;
    char list[256] = "";
    for (const char *const *a = allowed; *a != NULL; a++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ",
               *a);
    response_problem(resp, 422, "unknown field \"%.64s\"; this body takes %s", key, list);
    return false;
  }
  return true;
}

void answer_read(const struct app *app, struct response *resp, const struct store_read *r,
                 const PGresult *res, const struct store_error *failed)
{
  struct store_error e;
  char *json = NULL;
  if (res == NULL) {
    reply_store_error(resp, failed);
  } else if (r->render(res, r->id, &json, &e) != 0) {
    reply_store_error(resp, &e);
  } else { /* compact already: no second pass over tens of KB to drop blanks */
    size_t len = strlen(json);
    if (r->keepable)
      doc_keeper_offer(app->docs, res, r->id, json, len);
    response_set_body_as_is(resp, 200, "application/json", json, len);
  }
}

void run_read(struct request *req, struct response *resp, route_read read)
{
  struct store_read r;
  PGconn *db;
  if (!read(req, resp, &r) || (db = request_db(req, resp)) == NULL)
    return;
  struct store_error e;
  PGresult *res = store_exec(db, r.q, r.params, &e);
  answer_read(req->app, resp, &r, res, &e);
  PQclear(res);
}
