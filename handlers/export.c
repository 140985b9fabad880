/* export.c - the statements export stream: a chunk is fetched when the last one
 * has been taken, so memory stays at one chunk whatever the list's length. */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/statement_json.h"
#include "db.h"
#include "log.h"

#define CHUNK_ROWS LIMIT_MAX

struct export {
  struct db_pool *pool;
  PGconn *db;
  struct statement_filter f;
  char *strings[4]; /* owned copies behind f's strings */
  char from[11], to[11];
  enum export_format format;
  struct statement_key after;
  bool started, done;
  struct dynbuf out; /* the chunk being sent */
  size_t sent;
};

static const char *keep(struct export *x, int i, const char *s)
{
  x->strings[i] = s ? strdup(s) : NULL;
  return x->strings[i];
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
static int csv_rows(struct export *x, const struct statement_rows *r, int n)
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
      statement_value(res, row, SC_CONFIDENCE),
      statement_value(res, row, SC_TEXT),
    };
    rc = export_csv_record(&x->out, fields, EXPORT_STATEMENT_COLUMNS);
  }
  PQclear(sources);
  return rc;
}

/* Fills x->out with the next chunk (the CSV header before the first); -1 on
 * a database or memory failure. */
static int next_chunk(struct export *x)
{
  dynbuf_truncate(&x->out, 0);
  x->sent = 0;
  if (!x->started && x->format == EXPORT_CSV &&
      export_csv_header(&x->out, export_statement_columns, EXPORT_STATEMENT_COLUMNS) != 0)
    return -1;
  PGresult *res;
  struct statement_rows r;
  struct store_error e;
  if (statements_rows(x->db, &x->f, x->started ? &x->after : NULL, CHUNK_ROWS, &res, &r, &e) != 0) {
    log_msg(LOG_WARN, "export cut short: %s", e.detail);
    return -1;
  }
  x->started = true;
  int n = r.count > CHUNK_ROWS ? CHUNK_ROWS : r.count;
  x->done = r.count <= CHUNK_ROWS;
  if (!x->done) /* the next chunk starts after this one's last row */
    statements_row_key(res, r.first + CHUNK_ROWS - 1, x->f.q != NULL, &x->after);
  int rc = 0;
  if (x->format == EXPORT_CSV)
    rc = csv_rows(x, &r, n);
  else
    for (int i = 0; i < n && rc == 0; i++) {
      statement_json(&x->out, &r, r.first + i);
      rc = dynbuf_add(&x->out, "\n", 1);
    }
  PQclear(res);
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

void export_statements(struct request *req, struct response *resp,
                       const struct statement_filter *f, enum export_format format)
{
  struct export *x = calloc(1, sizeof *x);
  if (x == NULL) {
    response_problem(resp, 503, "out of memory starting the export; try again");
    return;
  }
  char err[256];
  x->pool = req->app->exports;
  PGconn *db = db_acquire(x->pool, err, sizeof err);
  if (db == NULL) {
    free(x);
    response_problem(resp, 503, "%u exports are running, as many as EXPORTS_MAX allows (%s); "
                     "try again shortly", req->app->cfg->exports_max, err);
    response_header(resp, "Retry-After", "2");
    return;
  }
  x->format = format;
  x->f = *f;
  x->f.speaker_slug = keep(x, 0, f->speaker_slug);
  x->f.section = keep(x, 1, f->section);
  x->f.cue = keep(x, 2, f->cue);
  x->f.q = keep(x, 3, f->q);
  snprintf(x->from, sizeof x->from, "%s", f->from ? f->from : "");
  snprintf(x->to, sizeof x->to, "%s", f->to ? f->to : "");
  x->f.from = f->from ? x->from : NULL;
  x->f.to = f->to ? x->to : NULL;
  dynbuf_init(&x->out, (size_t)64 << 20);
  x->db = db;
  /* The first chunk here, on the worker: a failing query still gets a status. */
  if ((f->speaker_slug && !x->f.speaker_slug) || (f->section && !x->f.section) ||
      (f->cue && !x->f.cue) || (f->q && !x->f.q) || next_chunk(x) != 0) {
    export_release(x);
    response_problem(resp, 503, "the export could not start; try again");
    return;
  }
  bool csv = format == EXPORT_CSV;
  struct response_stream s = {export_read, export_release, x};
  response_stream(resp, 200, export_media_type(format), &s);
  response_header(resp, "Content-Disposition", "attachment; filename=\"statements.%s\"",
                  csv ? "csv" : "ndjson");
}
