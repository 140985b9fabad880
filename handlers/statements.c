/* statements.c - the statements resource over HTTP. */
#include "statements.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/speakers.h"
#include "../store/statements.h"
#include "common.h"
#include "export.h"
#include "paging.h"
#include "precondition.h"

#define FILTER_TEXT_MAX 200 /* bytes of a section or cue filter */
#define QUERY_TEXT_MAX 500  /* bytes of a full-text query */

/* Whether text is a whole number from 0 to 2^31 - 1. */
static bool valid_seq(const char *text)
{
  size_t len = strlen(text);
  return len > 0 && len <= 10 && strspn(text, "0123456789") == len &&
         strtoll(text, NULL, 10) <= 2147483647;
}

/* Whether text is a rank we wrote: a finite number, not negative. */
static bool valid_rank(const char *text)
{
  char *end = NULL;
  double v = strtod(text, &end);
  return end != text && *end == '\0' && isfinite(v) && v >= 0 &&
         strspn(text, "0123456789.e-+") == strlen(text);
}

/* Unpacks the cursor parameter into *key; *has_key false without one; false
 * after answering 400. With q the cursor holds the rank too. */
static bool query_cursor(struct request *req, struct response *resp, bool search,
                         struct statement_key *key, bool *has_key)
{
  const char *token = request_query(req, "cursor");
  *has_key = false;
  if (token == NULL)
    return true;
  char f[4][CURSOR_FIELD_MAX + 1];
  size_t n = search ? 4 : 3;
  char(*k)[CURSOR_FIELD_MAX + 1] = search ? f + 1 : f;
  bool ok = strlen(token) < 512 && cursor_decode(token, n, f) &&
            (strcmp(k[0], "-infinity") == 0 || valid_date(k[0])) && valid_seq(k[2]);
  long long article;
  ok = ok && parse_id(k[1], &article) && (!search || valid_rank(f[0]));
  if (!ok) {
    response_problem(resp, 400,
                     "cursor is not one this list gave out (with or without q as now); "
                     "start again without it");
    return false;
  }
  memset(key, 0, sizeof *key);
  if (search)
    snprintf(key->rank, sizeof key->rank, "%.64s", f[0]);
  snprintf(key->day, sizeof key->day, "%.64s", k[0]);
  snprintf(key->article_id, sizeof key->article_id, "%.64s", k[1]);
  snprintf(key->seq, sizeof key->seq, "%.64s", k[2]);
  *has_key = true;
  return true;
}

/* The speaker filter's syntax: "none" (sets f->narration), an id or a slug
 * (*ref, resolved later), or 400. */
static bool query_speaker(struct request *req, struct response *resp, struct statement_filter *f,
                          const char **ref)
{
  const char *v = request_query(req, "speaker");
  *ref = NULL;
  if (v == NULL)
    return true;
  if (strcmp(v, "none") == 0) {
    f->narration = true;
    return true;
  }
  size_t len = strlen(v);
  bool numeric = len > 0 && strspn(v, "0123456789") == len;
  long long id;
  if ((numeric && !parse_id(v, &id)) || (!numeric && !speakers_slug_valid(v))) {
    response_problem(resp, 400,
                     "speaker must be a speaker id (a positive integer), a slug or none, "
                     "got \"%.64s\"",
                     valid_utf8(v, len) ? v : "(not UTF-8)");
    return false;
  }
  *ref = v;
  return true;
}

/* Resolves speaker ref to *id; false after answering 404 (in the path) or
 * 422 (a filter) when there is no such speaker, or the store's error. */
static bool resolve_speaker(struct response *resp, PGconn *db, const char *ref, bool in_path,
                            long long *id)
{
  struct store_error e;
  if (speakers_resolve(db, ref, id, &e) == 0)
    return true;
  if (e.status == STORE_NOT_FOUND && !in_path)
    response_problem(resp, 422, "speaker %s does not exist", ref);
  else
    reply_store_error(resp, &e);
  return false;
}

/* The list of statements under filter f and every other parameter of the
 * request (the caller has checked their names). speaker_ref, when not NULL,
 * names the speaker: from the path (absent: 404) or from the speaker filter
 * (absent: 422). Every parameter is checked before the database is asked. */
static void list_statements(struct request *req, struct response *resp,
                            const struct statement_filter *given, const char *speaker_ref,
                            bool in_path, enum export_format format)
{
  /* A copy: f->from and f->to point into this frame's from and to. */
  struct statement_filter filter = *given, *f = &filter;
  int limit;
  char from[11], to[11];
  const char *article = request_query(req, "article_id");
  if (article != NULL && !parse_id(article, &f->article_id)) {
    response_problem(resp, 400, "article_id must be a positive integer, got \"%.32s\"",
                     valid_utf8(article, strlen(article)) ? article : "(not UTF-8)");
    return;
  }
  if (!query_limit(req, resp, &limit) || !query_date(req, resp, "from", from) ||
      !query_date(req, resp, "to", to) ||
      !query_text(req, resp, "section", FILTER_TEXT_MAX, &f->section) ||
      !query_text(req, resp, "cue", FILTER_TEXT_MAX, &f->cue) ||
      !query_text(req, resp, "source", FILTER_TEXT_MAX, &f->source) ||
      !query_text(req, resp, "q", QUERY_TEXT_MAX, &f->q))
    return;
  f->from = from[0] ? from : NULL;
  f->to = to[0] ? to : NULL;
  f->window = req->app->cfg->search_window;
  struct statement_key after, last;
  bool has_after, more;
  if (!query_cursor(req, resp, f->q != NULL, &after, &has_after))
    return;
  PGconn *db = request_db(req, resp);
  if (db == NULL)
    return;
  /* One query: the speaker goes into the list query as given; only an empty
   * page asks whether the speaker exists. A ref that is neither a usable id
   * nor a slug is resolved first (it fails there without a query). */
  struct store_error e;
  bool by_id = speaker_ref != NULL && parse_id(speaker_ref, &f->speaker_id);
  if (speaker_ref != NULL && !by_id) {
    if (speakers_slug_valid(speaker_ref))
      f->speaker_slug = speaker_ref;
    else if (!resolve_speaker(resp, db, speaker_ref, in_path, &f->speaker_id))
      return;
  }
  if (format != EXPORT_JSON) {
    /* As the JSON list: an empty first chunk asks whether the speaker exists
     * (404 in the path, 422 as a filter), before anything is streamed. */
    bool empty;
    long long id;
    struct export *x = export_statements_open(req, resp, f, format, &empty);
    if (x == NULL)
      return;
    if (empty && speaker_ref != NULL && !resolve_speaker(resp, db, speaker_ref, in_path, &id))
      export_cancel(x);
    else
      export_send(resp, x, "statements");
    return;
  }
  char *items = NULL;
  if (statements_list(db, f, has_after ? &after : NULL, limit, &items, &more, &last, &e) != 0) {
    reply_store_error(resp, &e);
    return;
  }
  long long id;
  if (speaker_ref != NULL && strcmp(items, "[]") == 0 &&
      !resolve_speaker(resp, db, speaker_ref, in_path, &id)) {
    free(items);
    return;
  }
  const char *fields[] = {last.rank, last.day, last.article_id, last.seq};
  size_t n = !more ? 0 : f->q ? 4 : 3;
  reply_list(req, resp, items, f->q ? fields : fields + 1, n);
}

void handle_statements_list(struct request *req, struct response *resp)
{
  static const char *const allowed[] = {"speaker", "article_id", "section", "cue",
                                        "source",  "from",       "to",      "q",
                                        "limit",   "cursor",     "format",  NULL};
  struct statement_filter f = {0};
  const char *ref;
  enum export_format format;
  if (check_query_params(req, resp, allowed) && list_format(req, resp, EXPORT_FORMATS, &format) &&
      query_speaker(req, resp, &f, &ref))
    list_statements(req, resp, &f, ref, false, format);
}

void handle_speaker_statements(struct request *req, struct response *resp)
{
  static const char *const allowed[] = {"article_id", "section", "cue",    "source", "from",
                                        "to",         "q",       "limit",  "cursor", "format",
                                        NULL};
  struct statement_filter f = {0};
  enum export_format format;
  if (check_query_params(req, resp, allowed) && list_format(req, resp, EXPORT_FORMATS, &format))
    list_statements(req, resp, &f, request_param(req, "ref"), true, format);
}

bool statement_read(struct request *req, struct response *resp, struct store_read *out)
{
  long long id;
  if (!path_id(req, resp, "id", "statement", &id))
    return false;
  statements_get_read(id, out);
  return true;
}

void handle_statement_get(struct request *req, struct response *resp)
{
  run_read(req, resp, statement_read);
}

/* What If-Match compares on the statement's writes, its speaker's included. */
static const struct resource_kind statement_kind = {statements_lock, statements_get};

void handle_statement_delete(struct request *req, struct response *resp)
{
  long long id;
  PGconn *db;
  bool txn;
  struct store_error e;
  if (!path_id(req, resp, "id", "statement", &id) || (db = request_db(req, resp)) == NULL ||
      !precondition_begin(req, resp, db, &statement_kind, id, &txn))
    return;
  if (statements_delete(db, id, &e) != 0)
    reply_store_error(resp, &e);
  else
    response_empty(resp, 204);
  precondition_end(db, resp, txn);
}

/* Sets the attribution of the path's statement by hand to speaker_id (0 = narration). */
static void set_speaker(struct request *req, struct response *resp, PGconn *db, long long id,
                        long long speaker_id)
{
  char *json = NULL;
  bool txn;
  struct store_error e;
  if (!precondition_begin(req, resp, db, &statement_kind, id, &txn))
    return;
  if (statements_set_speaker(db, id, speaker_id, req->actor ? req->actor : "api", &json, &e) != 0)
    reply_store_error(resp, &e);
  else
    reply_json_text(resp, 200, json);
  precondition_end(db, resp, txn);
}

void handle_statement_put_speaker(struct request *req, struct response *resp)
{
  long long id, speaker_id = 0;
  PGconn *db;
  if (!path_id(req, resp, "id", "statement", &id))
    return;
  json_t *doc = parse_json_object(req, resp);
  if (doc == NULL)
    return;
  static const char *const fields[] = {"speaker", NULL};
  if (!check_fields(doc, fields, resp))
    goto out;
  json_t *ref = json_object_get(doc, "speaker");
  char text[32];
  const char *name = NULL;
  if (ref == NULL || json_is_null(ref)) {
    response_problem(resp, 422, "speaker is required (to mark narration, DELETE this resource)");
    goto out;
  } else if (json_is_integer(ref) && json_integer_value(ref) > 0) {
    snprintf(text, sizeof text, "%lld", (long long)json_integer_value(ref));
    name = text;
  } else if (json_is_string(ref) && json_string_length(ref) > 0 &&
             json_string_length(ref) <= SLUG_MAX &&
             strlen(json_string_value(ref)) == json_string_length(ref)) {
    name = json_string_value(ref);
  } else {
    response_problem(resp, 422, "speaker must be a speaker id (a positive integer) or a slug");
    goto out;
  }
  if ((db = request_db(req, resp)) == NULL)
    goto out;
  struct store_error e;
  if (speakers_resolve(db, name, &speaker_id, &e) != 0) {
    if (e.status == STORE_NOT_FOUND)
      response_problem(resp, 422, "speaker %s does not exist", name);
    else
      reply_store_error(resp, &e);
    goto out;
  }
  set_speaker(req, resp, db, id, speaker_id);
out:
  json_decref(doc);
}

void handle_statement_delete_speaker(struct request *req, struct response *resp)
{
  long long id;
  PGconn *db;
  if (!path_id(req, resp, "id", "statement", &id) || (db = request_db(req, resp)) == NULL)
    return;
  set_speaker(req, resp, db, id, 0);
}

void handle_statement_history(struct request *req, struct response *resp)
{
  long long id;
  PGconn *db;
  char *items = NULL;
  struct store_error e;
  if (!path_id(req, resp, "id", "statement", &id) || (db = request_db(req, resp)) == NULL)
    return;
  if (statements_history(db, id, &items, &e) != 0)
    reply_store_error(resp, &e);
  else
    reply_list(req, resp, items, NULL, 0);
}
