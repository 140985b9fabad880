/* speakers.c - the speakers resource over HTTP. */
#include "speakers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/speakers.h"
#include "common.h"
#include "export.h"
#include "paging.h"
#include "precondition.h"
#include "statements.h"

#define TEXT_MAX 200      /* code points of a name, alias or title */
#define ALIASES_MAX 100   /* aliases of one speaker */

/* Code points in UTF-8 text s[0..len). */
static size_t code_points(const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* s without leading and trailing whitespace, as a json string (new reference),
 * or NULL after answering 422 when nothing or more than TEXT_MAX code points
 * is left. what names the field in the problem. */
static json_t *trimmed(const char *s, size_t len, const char *what, struct response *resp)
{
  while (len > 0 && strchr(" \t\r\n", s[0]) != NULL)
    s++, len--;
  while (len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL)
    len--;
  if (len == 0) {
    response_problem(resp, 422, "%s must not be empty", what);
    return NULL;
  }
  if (code_points(s, len) > TEXT_MAX) {
    response_problem(resp, 422, "%s is longer than %d characters", what, TEXT_MAX);
    return NULL;
  }
  json_t *v = json_stringn(s, len);
  if (v == NULL)
    response_problem(resp, 503, "out of memory reading %s; try again", what);
  return v;
}

/* The speaker fields of a request body. Owns what f points to. */
struct speaker_input {
  struct speaker_fields f;
  json_t *name;     /* trimmed copies */
  json_t *title;
  char *aliases_json;
};

static void input_free(struct speaker_input *in)
{
  json_decref(in->name);
  json_decref(in->title);
  free(in->aliases_json);
}

/* A member that must be a string when present (null only where nullable). */
static bool string_member(json_t *doc, const char *key, bool nullable, struct response *resp,
                          json_t **out)
{
  json_t *v = json_object_get(doc, key);
  *out = v;
  if (v == NULL || json_is_string(v) || (nullable && json_is_null(v)))
    return true;
  response_problem(resp, 422, "%s must be a string%s", key, nullable ? " or null" : "");
  return false;
}

static bool read_aliases(json_t *v, struct speaker_input *in, struct response *resp)
{
  if (!json_is_array(v)) {
    response_problem(resp, 422, "aliases must be an array of strings");
    return false;
  }
  if (json_array_size(v) > ALIASES_MAX) {
    response_problem(resp, 422, "aliases holds more than %d names", ALIASES_MAX);
    return false;
  }
  json_t *clean = json_array();
  size_t i;
  json_t *a;
  json_array_foreach(v, i, a)
  {
    char what[32];
    snprintf(what, sizeof what, "aliases[%zu]", i);
    json_t *t = NULL;
    if (!json_is_string(a))
      response_problem(resp, 422, "%s must be a string", what);
    else
      t = trimmed(json_string_value(a), json_string_length(a), what, resp);
    if (t == NULL) {
      json_decref(clean);
      return false;
    }
    json_array_append_new(clean, t);
  }
  in->aliases_json = json_dumps(clean, JSON_COMPACT);
  in->f.aliases_json = in->aliases_json;
  json_decref(clean);
  if (in->aliases_json == NULL) {
    response_problem(resp, 503, "out of memory; try again");
    return false;
  }
  return true;
}

/* Reads {name, slug, aliases, title, country} from doc: for create, name is
 * required; for update, only what is present changes. Unknown fields are
 * refused. false after answering 422. */
static bool read_speaker(json_t *doc, bool create, struct speaker_input *in,
                         struct response *resp)
{
  static const char *const known[] = {"name", "slug", "aliases", "title", "country", NULL};
  if (!check_fields(doc, known, resp))
    return false;
  json_t *name, *slug, *title, *country;
  if (!string_member(doc, "name", false, resp, &name) ||
      !string_member(doc, "slug", false, resp, &slug) ||
      !string_member(doc, "title", true, resp, &title) ||
      !string_member(doc, "country", true, resp, &country))
    return false;
  if (name == NULL && create) {
    response_problem(resp, 422, "name is required");
    return false;
  }
  if (name != NULL) {
    in->name = trimmed(json_string_value(name), json_string_length(name), "name", resp);
    if (in->name == NULL)
      return false;
    in->f.name = json_string_value(in->name);
  }
  if (slug != NULL) {
    in->f.slug = json_string_value(slug);
    if (json_string_length(slug) != strlen(in->f.slug) || !speakers_slug_valid(in->f.slug)) {
      response_problem(resp, 422,
                       "slug must be lowercase letters a-z and digits in groups joined by single "
                       "hyphens, at most %d bytes, not all digits and not \"none\"",
                       SLUG_MAX);
      return false;
    }
  }
  json_t *aliases = json_object_get(doc, "aliases");
  if (aliases != NULL && !(create && json_is_null(aliases)) && !read_aliases(aliases, in, resp))
    return false;
  in->f.set_title = title != NULL;
  if (title != NULL && json_is_string(title)) {
    in->title = trimmed(json_string_value(title), json_string_length(title), "title", resp);
    if (in->title == NULL)
      return false;
    in->f.title = json_string_value(in->title);
  }
  in->f.set_country = country != NULL;
  if (country != NULL && json_is_string(country)) {
    const char *c = json_string_value(country);
    if (json_string_length(country) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' ||
        c[1] > 'Z') {
      response_problem(resp, 422, "country must be an ISO 3166-1 alpha-2 code such as \"CN\"");
      return false;
    }
    in->f.country = c;
  }
  return true;
}

void handle_speakers_list(struct request *req, struct response *resp)
{
  static const char *const allowed[] = {"q", "limit", "cursor", "format", NULL};
  int limit;
  const char *q;
  enum export_format format;
  if (!check_query_params(req, resp, allowed) || !list_format(req, resp, EXPORT_FORMATS, &format) ||
      !query_limit(req, resp, &limit) ||
      !query_text(req, resp, "q", (size_t)TEXT_MAX * 4, &q))
    return;
  long long after = 0;
  const char *token = request_query(req, "cursor");
  char f[1][CURSOR_FIELD_MAX + 1];
  if (token != NULL && (strlen(token) > 256 || !cursor_decode(token, 1, f) || !parse_id(f[0], &after))) {
    response_problem(resp, 400, "cursor is not one this list gave out; start again without it");
    return;
  }
  PGconn *db = request_db(req, resp);
  if (db == NULL)
    return;
  if (format != EXPORT_JSON) { /* every speaker; limit and cursor do not apply */
    bool empty;
    struct export *x = export_speakers_open(req, resp, q, format, &empty);
    if (x != NULL)
      export_send(resp, x, "speakers");
    return;
  }
  char *items = NULL;
  long long last = 0;
  struct store_error e;
  if (speakers_list(db, after, q, limit, &items, &last, &e) != 0) {
    reply_store_error(resp, &e);
    return;
  }
  char idtext[24];
  snprintf(idtext, sizeof idtext, "%lld", last);
  const char *fields[] = {idtext};
  reply_list(req, resp, items, fields, last > 0 ? 1 : 0);
}

void handle_speaker_create(struct request *req, struct response *resp)
{
  struct speaker_input in = {0};
  json_t *doc = parse_json_object(req, resp);
  if (doc == NULL)
    return;
  PGconn *db;
  if (read_speaker(doc, true, &in, resp) && (db = request_db(req, resp)) != NULL) {
    char *json = NULL;
    long long id;
    struct store_error e;
    if (speakers_create(db, &in.f, &json, &id, &e) != 0) {
      reply_store_error(resp, &e);
    } else {
      reply_json_text(resp, 201, json);
      response_header(resp, "Location", "/speakers/%lld", id);
    }
  }
  input_free(&in);
  json_decref(doc);
}

/* The id of the speaker the path names, or false after answering (404). */
static bool path_speaker(struct request *req, struct response *resp, PGconn **db, long long *id)
{
  struct store_error e;
  if ((*db = request_db(req, resp)) == NULL)
    return false;
  if (speakers_resolve(*db, request_param(req, "ref"), id, &e) != 0) {
    reply_store_error(resp, &e);
    return false;
  }
  return true;
}

void handle_speaker_get(struct request *req, struct response *resp)
{
  PGconn *db;
  long long id;
  char *json = NULL;
  struct store_error e;
  if (!path_speaker(req, resp, &db, &id))
    return;
  if (speakers_get(db, id, &json, &e) != 0)
    reply_store_error(resp, &e);
  else
    reply_json_text(resp, 200, json);
}

/* What If-Match compares on a speaker's writes. */
static const struct resource_kind speaker_kind = {speakers_lock, speakers_get};

void handle_speaker_update(struct request *req, struct response *resp)
{
  struct speaker_input in = {0};
  json_t *doc = parse_json_object(req, resp);
  if (doc == NULL)
    return;
  PGconn *db;
  long long id;
  bool txn;
  if (read_speaker(doc, false, &in, resp) && path_speaker(req, resp, &db, &id) &&
      precondition_begin(req, resp, db, &speaker_kind, id, &txn)) {
    char *json = NULL;
    struct store_error e;
    if (speakers_update(db, id, &in.f, &json, &e) != 0)
      reply_store_error(resp, &e);
    else
      reply_json_text(resp, 200, json);
    precondition_end(db, resp, txn);
  }
  input_free(&in);
  json_decref(doc);
}

void handle_speaker_delete(struct request *req, struct response *resp)
{
  PGconn *db;
  long long id;
  bool txn;
  struct store_error e;
  if (!path_speaker(req, resp, &db, &id) ||
      !precondition_begin(req, resp, db, &speaker_kind, id, &txn))
    return;
  if (speakers_delete(db, id, req->actor ? req->actor : "api", &e) != 0)
    reply_store_error(resp, &e);
  else
    response_empty(resp, 204);
  precondition_end(db, resp, txn);
}

void handle_speaker_stats(struct request *req, struct response *resp)
{
  static const char *const allowed[] = {NULL};
  PGconn *db;
  long long id;
  char *json = NULL;
  struct store_error e;
  if (!check_query_params(req, resp, allowed) || !path_speaker(req, resp, &db, &id))
    return;
  if (speakers_stats(db, id, &json, &e) != 0)
    reply_store_error(resp, &e);
  else
    reply_json_text(resp, 200, json);
}
