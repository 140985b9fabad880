/* articles.c - the articles resource over HTTP: input checks, engine, store, response.
 *
 * Choices where API.md is silent (also in handlers/openapi/articles.json):
 * unknown JSON fields and unknown query parameters are refused (422 / 400)
 * naming them; `q` searches the article's statements (English full text) and
 * ranks articles by their best-matching statement; GET /articles/{id}/statements
 * answers every statement at once as {"items": [...], "next_cursor": null}.
 */
#include "articles.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../store/articles.h" /* the store module of the same name */
#include "../store/speakers.h"
#include "common.h"
#include "config.h"
#include "engine_cache.h"
#include "export.h"
#include "paging.h"
#include "precondition.h"
#include "wire.h"

#define META_MAX 1000      /* title, source, byline, credit: bytes */
#define URL_MAX 2048
#define LANGUAGE_MAX 35    /* a BCP 47 tag */
#define QUERY_TEXT_MAX 500 /* q, source and speaker filters */
#define STATEMENT_TEXT_MAX 100000
#define SECTION_MAX 200

/* Whether Content-Type ct is media type type (parameters allowed). */
/* Any body the front end accepts (MAX_BODY_BYTES) is one the engine accepts.
 * NOLINTNEXTLINE(misc-redundant-expression): the caps are equal today, by design. */
_Static_assert(CONFIG_MAX_BODY_BYTES <= WIRE_MAX_BYTES && CONFIG_MAX_BODY_BYTES <= EXTRACT_MAX_BODY,
               "MAX_BODY_BYTES could exceed the text engine's cap on a body");

static bool media_type_is(const char *ct, const char *type)
{
  size_t n = strlen(type);
  if (ct == NULL || strncasecmp(ct, type, n) != 0)
    return false;
  return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t';
}

/* A text/plain charset other than UTF-8 (or its subset US-ASCII). */
static bool foreign_charset(const char *ct)
{
  const char *p = strcasestr(ct, "charset=");
  if (p == NULL)
    return false;
  p += strlen("charset=");
  if (*p == '"')
    p++;
  return strncasecmp(p, "utf-8", 5) != 0 && strncasecmp(p, "utf8", 4) != 0 &&
         strncasecmp(p, "us-ascii", 8) != 0;
}

static bool blank(const char *s, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (!isspace((unsigned char)s[i]))
      return false;
  return true;
}

/* The body and language of a stored article never change: say so, rather
 * than calling them unknown. */
static bool immutable_fields(json_t *doc, struct response *resp)
{
  static const char *const fixed[] = {"body", "language"};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    if (json_object_get(doc, fixed[i]) != NULL) {
      response_problem(resp, 422, "%s cannot be changed: post the text as a new article",
                       fixed[i]);
      return false;
    }
  return true;
}

/* Answers with the stored article (statements embedded). */
static void send_article(PGconn *db, long long id, unsigned status, struct response *resp)
{
  struct store_error e;
  char *json = NULL;
  if (articles_get_json(db, id, &json, &e) != 0) {
    reply_store_error(resp, &e);
    return;
  }
  response_set_body(resp, status, "application/json", json, strlen(json));
  if (status == 201)
    response_header(resp, "Location", "/articles/%lld", id);
}

/* ---- POST /articles -------------------------------------------------------------------- */

/* The article as posted: normalised body and metadata (pointers into doc or wire). */
struct posted {
  json_t *doc;
  struct wire_article wire;
  char *body; /* normalised; owned (or wire.body) */
  size_t body_len;
  struct article_meta meta;
};

static void posted_free(struct posted *p)
{
  if (p->body != p->wire.body)
    free(p->body);
  wire_article_free(&p->wire);
  json_decref(p->doc);
}

static bool body_size_ok(size_t len, struct response *resp)
{
  if (len <= WIRE_MAX_BYTES)
    return true;
  response_problem(resp, 413, "body is larger than the engine's %zu bytes", WIRE_MAX_BYTES);
  return false;
}

static bool parse_json_article(struct request *req, struct response *resp, struct posted *p)
{
  static const char *const allowed[] = {"body", "title", "source", "byline", "credit",
                                        "published_at", "url", "language", NULL};
  char err[256];
  if ((p->doc = parse_json_object(req, resp)) == NULL || !check_fields(p->doc, allowed, resp))
    return false;
  json_t *body = json_object_get(p->doc, "body");
  if (body == NULL || json_is_null(body)) {
    response_problem(resp, 422, "body is required");
    return false;
  }
  if (!json_is_string(body)) {
    response_problem(resp, 422, "body must be a string");
    return false;
  }
  struct article_meta *m = &p->meta;
  if (!member_string(p->doc, "title", META_MAX, resp, &m->title) ||
      !member_string(p->doc, "source", META_MAX, resp, &m->source) ||
      !member_string(p->doc, "byline", META_MAX, resp, &m->byline) ||
      !member_string(p->doc, "credit", META_MAX, resp, &m->credit) ||
      !member_string(p->doc, "published_at", 10, resp, &m->published_at) ||
      !member_string(p->doc, "url", URL_MAX, resp, &m->url) ||
      !member_string(p->doc, "language", LANGUAGE_MAX, resp, &m->language))
    return false;
  if (m->published_at != NULL && !valid_date(m->published_at)) {
    response_problem(resp, 422, "published_at must be a date written YYYY-MM-DD");
    return false;
  }
  if (m->language != NULL &&
      (m->language[0] == '\0' ||
       strspn(m->language, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
           strlen(m->language))) {
    response_problem(resp, 422, "language must be a language tag such as \"en\" or \"pt-BR\"");
    return false;
  }
  const char *text = json_string_value(body);
  size_t len = json_string_length(body);
  if (!body_size_ok(len, resp))
    return false;
  if (blank(text, len)) {
    response_problem(resp, 422, "body must not be empty or only whitespace");
    return false;
  }
  if (memchr(text, '\0', len) != NULL) {
    response_problem(resp, 422, "body must not contain NUL characters");
    return false;
  }
  if (wire_normalize_body(text, len, &p->body, &p->body_len, err, sizeof err) != 0) {
    response_problem(resp, 422, "body: %s", err);
    return false;
  }
  return true;
}

static bool parse_wire_article(struct request *req, struct response *resp, struct posted *p)
{
  char err[256];
  if (!valid_utf8(req->body, req->body_len)) {
    response_problem(resp, 400, "the body is not valid UTF-8 text (or holds a NUL byte)");
    return false;
  }
  if (!body_size_ok(req->body_len, resp))
    return false;
  if (blank(req->body, req->body_len)) {
    response_problem(resp, 422, "body must not be empty or only whitespace");
    return false;
  }
  if (wire_parse(req->body, req->body_len, &p->wire, err, sizeof err) != 0) {
    response_problem(resp, 422, "body: %s", err);
    return false;
  }
  p->body = p->wire.body;
  p->body_len = p->wire.body_len;
  p->meta.source = p->wire.source;
  p->meta.byline = p->wire.byline;
  p->meta.credit = p->wire.credit;
  p->meta.published_at = p->wire.published_at[0] ? p->wire.published_at : NULL;
  return true;
}

void handle_articles_create(struct request *req, struct response *resp)
{
  struct posted p = {0};
  struct extraction x = {0};
  struct store_error e;
  const char *ct = request_header(req, "Content-Type");
  if (media_type_is(ct, "application/json")) {
    if (!parse_json_article(req, resp, &p))
      goto out;
  } else if (media_type_is(ct, "text/plain") && !foreign_charset(ct)) {
    if (!parse_wire_article(req, resp, &p))
      goto out;
  } else {
    response_problem(resp, 415,
                     "Content-Type must be application/json or text/plain (UTF-8), got %.60s",
                     ct ? ct : "none");
    goto out;
  }
  PGconn *db = request_db(req, resp);
  if (db == NULL)
    goto out;
  long long id = 0;
  bool created = false;
  char *json = NULL;
  if (articles_find_same(db, p.meta.source, p.body, &id, &e) != 0)
    goto fail;
  if (id == 0) {
    if (engine_extract(req->app->engine, db, p.body, p.body_len, &x, &e) != 0 ||
        articles_create(db, &p.meta, p.body, &x.found, &id, &created, &json, &e) != 0)
      goto fail;
  }
  if (!created) { /* stored before: answer with what is stored */
    send_article(db, id, 200, resp);
    goto out;
  }
  /* Answered from the rows the ingest wrote: no second query. */
  metrics_ingested(req->app->metrics, 1, (unsigned)x.found.statement_count);
  response_set_body(resp, 201, "application/json", json, strlen(json));
  response_header(resp, "Location", "/articles/%lld", id);
  goto out;
fail:
  reply_store_error(resp, &e);
out:
  extraction_free(&x);
  posted_free(&p);
}

/* ---- GET /articles ---------------------------------------------------------------------- */

static const char *const list_params[] = {"source", "from", "to",     "speaker", "q",
                                          "limit",  "cursor", "format", NULL};

/* The speaker named by ref (id or slug) as *id, or 422 when there is none. */
static bool resolve_speaker(PGconn *db, const char *name, const char *ref, long long *id,
                            struct response *resp)
{
  struct store_error e;
  if (speakers_resolve(db, ref, id, &e) == 0)
    return true;
  if (e.status == STORE_NOT_FOUND) {
    response_problem(resp, 422, "%s: speaker \"%.60s\" does not exist", name, ref);
  } else {
    reply_store_error(resp, &e);
  }
  return false;
}

/* Decodes cursor into f->after_*: [sort date, id, rank ("" without q)]. */
static bool list_cursor(struct request *req, struct response *resp, struct article_filter *f,
                        char fields[3][CURSOR_FIELD_MAX + 1])
{
  const char *token = request_query(req, "cursor");
  if (token == NULL || token[0] == '\0')
    return true;
  char *end = NULL;
  bool ok = strlen(token) <= 512 && cursor_decode(token, 3, fields) &&
            (strcmp(fields[0], "-infinity") == 0 || valid_date(fields[0])) &&
            parse_id(fields[1], &f->after_id) && (f->q != NULL) == (fields[2][0] != '\0');
  if (ok && f->q != NULL) {
    strtod(fields[2], &end);
    ok = end != fields[2] && *end == '\0';
  }
  if (!ok) {
    response_problem(resp, 400, "cursor is not a cursor of this list (ask again without it)");
    return false;
  }
  f->after_key = fields[0];
  f->after_rank = f->q != NULL ? fields[2] : NULL;
  return true;
}

void handle_articles_list(struct request *req, struct response *resp)
{
  struct article_filter f = {0};
  struct article_page page = {0};
  char from[11], to[11], fields[3][CURSOR_FIELD_MAX + 1];
  const char *speaker = NULL;
  struct store_error e;
  enum export_format format;
  if (!check_query_params(req, resp, list_params) ||
      !list_format(req, resp, EXPORT_FORMATS, &format) ||
      !query_limit(req, resp, &f.limit) ||
      !query_date(req, resp, "from", from) || !query_date(req, resp, "to", to) ||
      !query_text(req, resp, "source", QUERY_TEXT_MAX, &f.source) ||
      !query_text(req, resp, "q", QUERY_TEXT_MAX, &f.q) ||
      !query_text(req, resp, "speaker", QUERY_TEXT_MAX, &speaker) || !list_cursor(req, resp, &f, fields))
    return;
  f.from = from[0] ? from : NULL;
  f.to = to[0] ? to : NULL;
  PGconn *db = request_db(req, resp);
  if (db == NULL)
    return;
  if (speaker != NULL && !resolve_speaker(db, "speaker", speaker, &f.speaker_id, resp))
    return;
  if (format != EXPORT_JSON) { /* every matching article; limit and cursor do not apply */
    bool empty;
    struct export *x = export_articles_open(req, resp, &f, format, &empty);
    if (x != NULL)
      export_send(resp, x, "articles");
    return;
  }
  if (articles_list(db, &f, &page, &e) != 0) {
    reply_store_error(resp, &e);
    return;
  }
  char id[24];
  snprintf(id, sizeof id, "%lld", page.last_id);
  const char *next[] = {page.last_key, id, page.last_rank};
  reply_list(req, resp, page.items_json, next, page.more ? 3 : 0);
}

/* ---- /articles/{id} --------------------------------------------------------------------- */

bool article_read(struct request *req, struct response *resp, struct store_read *out)
{
  long long id;
  if (!path_id(req, resp, "id", "article", &id))
    return false;
  articles_get_read(id, out);
  return true;
}

void handle_article_get(struct request *req, struct response *resp)
{
  run_read(req, resp, article_read);
}

/* One PATCH member: absent (false), or null / a string of at most max bytes. */
static bool patch_member(json_t *doc, const char *key, size_t max, bool *has, const char **out,
                         struct response *resp)
{
  *has = json_object_get(doc, key) != NULL;
  return member_string(doc, key, max, resp, out);
}

/* What If-Match compares on an article's writes: the article as GET shows
 * it, statements included. */
static const struct resource_kind article_kind = {articles_lock, articles_get_json};

void handle_article_patch(struct request *req, struct response *resp)
{
  static const char *const allowed[] = {"title", "source", "byline", "credit",
                                        "published_at", "url", NULL};
  long long id;
  struct article_patch p = {0};
  struct store_error e;
  if (!path_id(req, resp, "id", "article", &id))
    return;
  json_t *doc = parse_json_object(req, resp);
  if (doc == NULL)
    return;
  struct article_meta *m = &p.meta;
  if (!immutable_fields(doc, resp) || !check_fields(doc, allowed, resp) ||
      !patch_member(doc, "title", META_MAX, &p.has_title, &m->title, resp) ||
      !patch_member(doc, "source", META_MAX, &p.has_source, &m->source, resp) ||
      !patch_member(doc, "byline", META_MAX, &p.has_byline, &m->byline, resp) ||
      !patch_member(doc, "credit", META_MAX, &p.has_credit, &m->credit, resp) ||
      !patch_member(doc, "published_at", 10, &p.has_published_at, &m->published_at, resp) ||
      !patch_member(doc, "url", URL_MAX, &p.has_url, &m->url, resp))
    goto out;
  if (m->published_at != NULL && !valid_date(m->published_at)) {
    response_problem(resp, 422, "published_at must be a date written YYYY-MM-DD or null");
    goto out;
  }
  PGconn *db = request_db(req, resp);
  bool txn;
  if (db == NULL || !precondition_begin(req, resp, db, &article_kind, id, &txn))
    goto out;
  if (articles_update(db, id, &p, &e) != 0)
    reply_store_error(resp, &e);
  else
    send_article(db, id, 200, resp);
  precondition_end(db, resp, txn);
out:
  json_decref(doc);
}

void handle_article_delete(struct request *req, struct response *resp)
{
  long long id;
  bool txn;
  struct store_error e;
  if (!path_id(req, resp, "id", "article", &id))
    return;
  PGconn *db = request_db(req, resp);
  if (db == NULL || !precondition_begin(req, resp, db, &article_kind, id, &txn))
    return;
  if (articles_delete(db, id, &e) != 0)
    reply_store_error(resp, &e);
  else
    response_empty(resp, 204);
  precondition_end(db, resp, txn);
}

void handle_article_extract(struct request *req, struct response *resp)
{
  long long id, changed = 0;
  struct store_error e;
  struct extraction x = {0};
  char *body = NULL;
  if (!path_id(req, resp, "id", "article", &id))
    return;
  PGconn *db = request_db(req, resp);
  if (db == NULL)
    return;
  /* The body never changes (PATCH refuses it), so extracting outside the
   * transaction is safe; the merge locks the article and checks it is there. */
  if (articles_body(db, id, &body, &e) != 0 ||
      engine_extract(req->app->engine, db, body, strlen(body), &x, &e) != 0 ||
      articles_reextract(db, id, &x.found, &changed, &e) != 0)
    reply_store_error(resp, &e);
  else
    send_article(db, id, 200, resp);
  extraction_free(&x);
  free(body);
}

/* ---- /articles/{id}/statements ---------------------------------------------------------- */

void handle_article_statements(struct request *req, struct response *resp)
{
  long long id;
  struct store_error e;
  char *items = NULL;
  enum export_format format;
  if (!list_format(req, resp, EXPORT_FORMATS, &format) ||
      !path_id(req, resp, "id", "article", &id))
    return;
  PGconn *db = request_db(req, resp);
  if (db == NULL)
    return;
  if (format != EXPORT_JSON) {
    /* The article's statements by seq, as the JSON answer; no statement at
     * all asks whether the article exists (404), before anything is streamed. */
    struct statement_filter f = {.article_id = id};
    bool empty;
    char *body = NULL, name[48];
    struct export *x = export_statements_open(req, resp, &f, format, &empty);
    if (x == NULL)
      return;
    if (empty && articles_body(db, id, &body, &e) != 0) {
      export_cancel(x);
      reply_store_error(resp, &e);
      return;
    }
    free(body);
    snprintf(name, sizeof name, "article-%lld-statements", id);
    export_send(resp, x, name);
    return;
  }
  if (articles_statements_json(db, id, &items, &e) != 0)
    reply_store_error(resp, &e);
  else
    reply_list(req, resp, items, NULL, 0);
}

/* The speaker member of a hand-made statement: absent/null (0), an id or a slug. */
static bool statement_speaker(PGconn *db, json_t *doc, long long *id, struct response *resp)
{
  json_t *v = json_object_get(doc, "speaker");
  *id = 0;
  if (v == NULL || json_is_null(v))
    return true;
  if (json_is_integer(v) && json_integer_value(v) > 0) {
    char ref[32];
    snprintf(ref, sizeof ref, "%lld", (long long)json_integer_value(v));
    return resolve_speaker(db, "speaker", ref, id, resp);
  }
  if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= 200)
    return resolve_speaker(db, "speaker", json_string_value(v), id, resp);
  response_problem(resp, 422, "speaker must be a speaker id, a slug or null");
  return false;
}

void handle_article_add_statement(struct request *req, struct response *resp)
{
  static const char *const allowed[] = {"text", "speaker", "section", NULL};
  long long article_id, speaker_id, id;
  const char *text = NULL, *section = NULL;
  struct store_error e;
  char *json = NULL, *trimmed = NULL;
  if (!path_id(req, resp, "id", "article", &article_id))
    return;
  json_t *doc = parse_json_object(req, resp);
  if (doc == NULL)
    return;
  if (!check_fields(doc, allowed, resp) ||
      !member_string(doc, "text", STATEMENT_TEXT_MAX, resp, &text) ||
      !member_string(doc, "section", SECTION_MAX, resp, &section))
    goto out;
  if (text == NULL || blank(text, strlen(text))) {
    response_problem(resp, 422, "text is required and must not be empty or only whitespace");
    goto out;
  }
  size_t start = 0, end = strlen(text);
  while (isspace((unsigned char)text[start]))
    start++;
  while (end > start && isspace((unsigned char)text[end - 1]))
    end--;
  if ((trimmed = strndup(text + start, end - start)) == NULL) {
    response_problem(resp, 503, "out of memory; try again");
    goto out;
  }
  PGconn *db = request_db(req, resp);
  if (db == NULL || !statement_speaker(db, doc, &speaker_id, resp))
    goto out;
  if (articles_add_statement(db, article_id, trimmed, speaker_id, section,
                             req->actor ? req->actor : "api", &id, &json, &e) != 0) {
    reply_store_error(resp, &e);
    goto out;
  }
  metrics_ingested(req->app->metrics, 0, 1);
  response_set_body(resp, 201, "application/json", json, strlen(json));
  response_header(resp, "Location", "/statements/%lld", id);
out:
  free(trimmed);
  json_decref(doc);
}
