/* export.c - the export streams: a chunk is read when the last one has been
 * taken, so memory stays at one chunk whatever the list's length. */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/speakers.h"
#include "../store/statement_json.h"
#include "db.h"
#include "log.h"

#define STATEMENT_CHUNK LIMIT_MAX
#define ARTICLE_CHUNK 100 /* articles carry their bodies: fewer a chunk */
#define SPEAKER_CHUNK LIMIT_MAX
#define EXPORT_TEXT_CAP ((size_t)64 << 20) /* one chunk's text at most */

enum export_kind { EXPORT_STATEMENTS, EXPORT_ARTICLES, EXPORT_SPEAKERS };

struct export {
  struct db_pool *pool; /* the export pool */
  PGconn *db;           /* lent by it for the export's length */
  enum export_kind kind;
  enum export_format format;
  char *strings[4]; /* owned copies behind the filter's strings */
  char from[11], to[11];
  struct statement_filter f; /* EXPORT_STATEMENTS */
  struct statement_key after;
  struct article_filter af;  /* EXPORT_ARTICLES */
  const char *speaker_q;     /* EXPORT_SPEAKERS: the list's q, or NULL */
  long long speaker_after;   /* EXPORT_SPEAKERS: the next chunk starts after this id */
  char after_key[16], after_rank[32];
  bool started, done;
  int first_rows;    /* rows of the first chunk */
  struct dynbuf out; /* the chunk being sent */
  size_t sent;
};

/* A copy of s kept in slot i; false when memory ran out. */
static bool keep(struct export *x, int i, const char *s, const char **out)
{
  x->strings[i] = s ? strdup(s) : NULL;
  *out = x->strings[i];
  return s == NULL || x->strings[i] != NULL;
}

static void keep_dates(struct export *x, const char *from, const char *to, const char **fout,
                       const char **tout)
{
  snprintf(x->from, sizeof x->from, "%s", from ? from : "");
  snprintf(x->to, sizeof x->to, "%s", to ? to : "");
  *fout = from ? x->from : NULL;
  *tout = to ? x->to : NULL;
}

static void export_release(void *cls)
{
  struct export *x = cls;
  if (x->db != NULL)
    db_release(x->pool, x->db);
  for (size_t i = 0; i < sizeof x->strings / sizeof x->strings[0]; i++)
    free(x->strings[i]);
  dynbuf_free(&x->out);
  free(x);
}

void export_cancel(struct export *x)
{
  if (x != NULL)
    export_release(x);
}

/* The source of article (text) in res (id, source by id), or NULL. */
static const char *source_of(const PGresult *res, const char *article)
{
  long long want = strtoll(article, NULL, 10);
  int lo = 0, hi = PQntuples(res) - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    long long id = strtoll(PQgetvalue(res, mid, 0), NULL, 10);
    if (id == want)
      return PQgetisnull(res, mid, 1) ? NULL : PQgetvalue(res, mid, 1);
    if (id < want)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return NULL;
}

/* The CSV records of rows [first, first + n) of r, with their articles' sources. */
static int csv_statements(struct export *x, const struct statement_rows *r, int n)
{
  struct dynbuf ids;
  dynbuf_init(&ids, (size_t)64 * 1024);
  dynbuf_add(&ids, "{", 1);
  for (int i = 0; i < n; i++) {
    if (i > 0)
      dynbuf_add(&ids, ",", 1);
    dynbuf_adds(&ids, PQgetvalue(r->res, r->first + i, SC_ARTICLE_ID));
  }
  dynbuf_add(&ids, "}", 1);
  struct store_error e;
  PGresult *sources = ids.failed ? NULL : statements_sources(x->db, dynbuf_str(&ids), &e);
  dynbuf_free(&ids);
  if (sources == NULL)
    return -1;
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    int row = r->first + i;
    const PGresult *res = r->res;
    char confidence[STATEMENT_CONFIDENCE_MAX];
    const char *fields[EXPORT_STATEMENT_COLUMNS] = {
      statement_value(res, row, SC_ID),
      statement_value(res, row, SC_ARTICLE_ID),
      statement_value(res, row, SC_SEQ),
      statement_value(res, row, SC_PUBLISHED_AT),
      source_of(sources, PQgetvalue(res, row, SC_ARTICLE_ID)),
      statement_value(res, row, SC_SECTION),
      statement_value(res, row, SC_SLUG),
      statement_value(res, row, SC_NAME),
      statement_value(res, row, SC_CUE),
      statement_value(res, row, SC_METHOD),
      statement_confidence(statement_value(res, row, SC_CONFIDENCE), confidence),
      statement_value(res, row, SC_TEXT),
    };
    rc = export_csv_record(&x->out, fields, EXPORT_STATEMENT_COLUMNS);
  }
  PQclear(sources);
  return rc;
}

/* Appends the next chunk of statements to x->out; -1 on a database or memory failure. */
static int statements_chunk(struct export *x)
{
  PGresult *res;
  struct statement_rows r;
  struct store_error e;
  if (statements_rows(x->db, &x->f, x->started ? &x->after : NULL, STATEMENT_CHUNK, &res, &r,
                      &e) != 0) {
    log_msg(LOG_WARN, "export cut short: %s", e.detail);
    return -1;
  }
  bool search = x->f.q != NULL;
  int n = r.count > STATEMENT_CHUNK ? STATEMENT_CHUNK : r.count;
  x->done = r.count <= STATEMENT_CHUNK;
  if (!x->done) /* the next chunk starts after this one's last row */
    statements_row_key(res, r.first + STATEMENT_CHUNK - 1, search, &x->after);
  if (!x->started)
    x->first_rows = n;
  int rc = 0;
  if (x->format == EXPORT_CSV)
    rc = csv_statements(x, &r, n);
  else
    for (int i = 0; i < n && rc == 0; i++) {
      if (search) /* rank and highlight, as in the JSON list */
        statement_search_json(&x->out, &r, r.first + i);
      else
        statement_json(&x->out, &r, r.first + i);
      rc = dynbuf_add(&x->out, "\n", 1);
    }
  PQclear(res);
  return rc;
}

/* Integer member key of obj as text in buf, or NULL when absent or null. */
static const char *int_text(json_t *obj, const char *key, char *buf, size_t cap)
{
  json_t *v = json_object_get(obj, key);
  if (!json_is_integer(v))
    return NULL;
  snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
  return buf;
}

/* One article (its JSON text) as a CSV record of export_article_columns. */
static int csv_article(struct export *x, const char *json, size_t len)
{
  json_t *a = json_loadb(json, len, 0, NULL);
  if (a == NULL)
    return -1;
  char id[24], count[24];
  const char *fields[EXPORT_ARTICLE_COLUMNS] = {
    int_text(a, "id", id, sizeof id),
    json_string_value(json_object_get(a, "published_at")),
    json_string_value(json_object_get(a, "source")),
    json_string_value(json_object_get(a, "title")),
    json_string_value(json_object_get(a, "byline")),
    json_string_value(json_object_get(a, "credit")),
    json_string_value(json_object_get(a, "url")),
    int_text(a, "statement_count", count, sizeof count),
  };
  int rc = export_csv_record(&x->out, fields, EXPORT_ARTICLE_COLUMNS);
  json_decref(a);
  return rc;
}

/* Appends the next chunk of articles to x->out; -1 on a database or memory failure. */
static int articles_chunk(struct export *x)
{
  struct store_error e;
  PGresult *res = articles_rows(x->db, &x->af, &e);
  if (res == NULL) {
    log_msg(LOG_WARN, "export cut short: %s", e.detail);
    return -1;
  }
  int rows = PQntuples(res);
  int n = rows > ARTICLE_CHUNK ? ARTICLE_CHUNK : rows;
  x->done = rows <= ARTICLE_CHUNK;
  if (!x->done) { /* the next chunk starts after this one's last row */
    snprintf(x->after_key, sizeof x->after_key, "%s", PQgetvalue(res, n - 1, 1));
    x->af.after_id = strtoll(PQgetvalue(res, n - 1, 2), NULL, 10);
    snprintf(x->after_rank, sizeof x->after_rank, "%s",
             x->af.q != NULL ? PQgetvalue(res, n - 1, 3) : "");
    x->af.after_key = x->after_key;
    x->af.after_rank = x->af.q != NULL ? x->after_rank : NULL;
  }
  if (!x->started)
    x->first_rows = n;
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    const char *json = PQgetvalue(res, i, 0);
    size_t len = (size_t)PQgetlength(res, i, 0);
    rc = x->format == EXPORT_CSV ? csv_article(x, json, len)
                                 : export_ndjson_line(&x->out, json, len);
  }
  PQclear(res);
  return rc;
}

/* One speaker of the list as a CSV record of export_speaker_columns. */
static int csv_speaker(struct export *x, json_t *sp)
{
  char id[24], count[24];
  char *aliases = json_dumps(json_object_get(sp, "aliases"), JSON_COMPACT | JSON_ENCODE_ANY);
  const char *fields[EXPORT_SPEAKER_COLUMNS] = {
    int_text(sp, "id", id, sizeof id),
    json_string_value(json_object_get(sp, "slug")),
    json_string_value(json_object_get(sp, "name")),
    json_string_value(json_object_get(sp, "title")),
    json_string_value(json_object_get(sp, "country")),
    aliases,
    int_text(sp, "statement_count", count, sizeof count),
    json_string_value(json_object_get(sp, "created_at")),
    json_string_value(json_object_get(sp, "updated_at")),
  };
  int rc = aliases != NULL ? export_csv_record(&x->out, fields, EXPORT_SPEAKER_COLUMNS) : -1;
  free(aliases);
  return rc;
}

/* Appends the next chunk of speakers (a page of the list, in id order) to
 * x->out; -1 on a database or memory failure. */
static int speakers_chunk(struct export *x)
{
  char *items = NULL;
  long long last = 0;
  struct store_error e;
  if (speakers_list(x->db, x->speaker_after, x->speaker_q, SPEAKER_CHUNK, &items, &last, &e) != 0) {
    log_msg(LOG_WARN, "export cut short: %s", e.detail);
    return -1;
  }
  json_t *page = json_loads(items, 0, NULL);
  free(items);
  if (!json_is_array(page)) {
    json_decref(page);
    return -1;
  }
  x->done = last == 0; /* the list gives a last id only when more follow */
  x->speaker_after = last;
  if (!x->started)
    x->first_rows = (int)json_array_size(page);
  int rc = 0;
  for (size_t i = 0; i < json_array_size(page) && rc == 0; i++) {
    json_t *sp = json_array_get(page, i);
    if (x->format == EXPORT_CSV) {
      rc = csv_speaker(x, sp);
    } else {
      char *line = json_dumps(sp, JSON_COMPACT);
      rc = line != NULL ? export_ndjson_line(&x->out, line, strlen(line)) : -1;
      free(line);
    }
  }
  json_decref(page);
  return rc;
}

/* Fills x->out with the next chunk (the CSV header before the first); -1 on
 * a database or memory failure. */
static int next_chunk(struct export *x)
{
  dynbuf_truncate(&x->out, 0);
  x->sent = 0;
  static const struct {
    const char *const *columns;
    size_t count;
    int (*chunk)(struct export *x);
  } kinds[] = {
    [EXPORT_STATEMENTS] = {export_statement_columns, EXPORT_STATEMENT_COLUMNS, statements_chunk},
    [EXPORT_ARTICLES] = {export_article_columns, EXPORT_ARTICLE_COLUMNS, articles_chunk},
    [EXPORT_SPEAKERS] = {export_speaker_columns, EXPORT_SPEAKER_COLUMNS, speakers_chunk},
  };
  if (!x->started && x->format == EXPORT_CSV &&
      export_csv_header(&x->out, kinds[x->kind].columns, kinds[x->kind].count) != 0)
    return -1;
  int rc = kinds[x->kind].chunk(x);
  x->started = true;
  return x->out.failed ? -1 : rc;
}

/* The stream's read (response.h): on a streamer thread, never an I/O thread. */
static long export_read(void *cls, unsigned long long pos, char *buf, size_t max)
{
  (void)pos;
  struct export *x = cls;
  while (x->sent == x->out.len) {
    if (x->done)
      return RESPONSE_STREAM_END;
    if (next_chunk(x) != 0)
      return RESPONSE_STREAM_ERROR;
  }
  size_t n = x->out.len - x->sent < max ? x->out.len - x->sent : max;
  memcpy(buf, x->out.buf + x->sent, n);
  x->sent += n;
  return (long)n;
}

/* A new export of kind in format with a connection of the export pool;
 * NULL after answering 503. */
static struct export *export_new(struct request *req, struct response *resp,
                                 enum export_kind kind, enum export_format format)
{
  struct export *x = calloc(1, sizeof *x);
  if (x == NULL) {
    response_problem(resp, 503, "out of memory starting the export; try again");
    return NULL;
  }
  char err[256];
  /* The replica's export pool when the request reads there (request_db). */
  x->pool = req->db_replica && req->app->read_exports != NULL ? req->app->read_exports
                                                              : req->app->exports;
  x->db = db_acquire(x->pool, err, sizeof err);
  if (x->db == NULL) {
    struct db_pool_stats st;
    db_pool_stats(x->pool, &st);
    free(x);
    if (st.in_use < st.size) { /* a free slot, no connection: libpq's words go to the log */
      log_msg(LOG_WARN, "export connection: %s", err);
      response_problem(resp, 503, "database unavailable; try again shortly");
      return NULL;
    }
    response_problem(resp, 503, "%u exports are running, as many as EXPORTS_MAX allows; "
                     "try again shortly", st.size);
    response_header(resp, "Retry-After", "2");
    return NULL;
  }
  x->kind = kind;
  x->format = format;
  dynbuf_init(&x->out, EXPORT_TEXT_CAP);
  return x;
}

/* Reads x's first chunk here, on the worker: a failing query still gets a
 * status. NULL (x released) after answering 503. */
static struct export *export_start(struct export *x, bool copied, struct response *resp,
                                   bool *empty)
{
  if (!copied || next_chunk(x) != 0) {
    export_release(x);
    response_problem(resp, 503, "the export could not start; try again");
    return NULL;
  }
  *empty = x->first_rows == 0;
  return x;
}

struct export *export_statements_open(struct request *req, struct response *resp,
                                      const struct statement_filter *f,
                                      enum export_format format, bool *empty)
{
  struct export *x = export_new(req, resp, EXPORT_STATEMENTS, format);
  if (x == NULL)
    return NULL;
  x->f = *f;
  bool copied = keep(x, 0, f->speaker_slug, &x->f.speaker_slug) &&
                keep(x, 1, f->section, &x->f.section) && keep(x, 2, f->cue, &x->f.cue) &&
                keep(x, 3, f->q, &x->f.q);
  keep_dates(x, f->from, f->to, &x->f.from, &x->f.to);
  return export_start(x, copied, resp, empty);
}

struct export *export_articles_open(struct request *req, struct response *resp,
                                    const struct article_filter *f, enum export_format format,
                                    bool *empty)
{
  struct export *x = export_new(req, resp, EXPORT_ARTICLES, format);
  if (x == NULL)
    return NULL;
  x->af = *f;
  x->af.after_key = NULL; /* the whole list, from its start */
  x->af.after_id = 0;
  x->af.after_rank = NULL;
  x->af.limit = ARTICLE_CHUNK;
  bool copied = keep(x, 0, f->source, &x->af.source) && keep(x, 1, f->q, &x->af.q);
  keep_dates(x, f->from, f->to, &x->af.from, &x->af.to);
  return export_start(x, copied, resp, empty);
}

struct export *export_speakers_open(struct request *req, struct response *resp, const char *q,
                                    enum export_format format, bool *empty)
{
  struct export *x = export_new(req, resp, EXPORT_SPEAKERS, format);
  if (x == NULL)
    return NULL;
  bool copied = keep(x, 0, q, &x->speaker_q);
  return export_start(x, copied, resp, empty);
}

void export_send(struct response *resp, struct export *x, const char *name)
{
  bool csv = x->format == EXPORT_CSV;
  struct response_stream s = {export_read, export_release, x};
  response_stream(resp, 200, export_media_type(x->format), &s);
  response_header(resp, "Content-Disposition", "attachment; filename=\"%s.%s\"", name,
                  csv ? "csv" : "ndjson");
}
