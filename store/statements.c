/* statements.c - statements in PostgreSQL: keyset-paged lists, attribution by hand, history. */
#include "statements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statement_json.h"
#include "store_sql.h"

enum {
  Q_LIST,
  Q_SEARCH,
  Q_GET,
  Q_GET_MANY,
  Q_DELETE,
  Q_SET_SPEAKER,
  Q_HISTORY,
  Q_LOCK,
  Q_SOURCES,
  Q_END, /* the table's terminator */
};

/* The filters of statements_list.sql and statements_search.sql, in bit order. */
static const char *const list_tags[] = {"speaker_slug", "speaker_id", "narration", "article",
                                        "section", "cue", "from", "to", "after", "source", NULL};
enum { T_SPEAKER_SLUG, T_SPEAKER_ID, T_NARRATION, T_ARTICLE, T_SECTION, T_CUE, T_FROM, T_TO,
       T_AFTER, T_SOURCE };
/* $1 .. $16 of statements_search.sql; statements_list.sql has $1 .. $14 ($12, $13 unused). */
static const Oid list_types[] = {STORE_TEXT, STORE_INT4, STORE_INT8, STORE_INT8, STORE_TEXT,
                                 STORE_TEXT, STORE_DATE, STORE_DATE, STORE_DATE, STORE_INT8,
                                 STORE_INT4, STORE_TEXT, STORE_FLOAT4, STORE_TEXT, STORE_INT4,
                                 STORE_INT4};

const struct store_query statements_queries[] = {
  [Q_LIST] = {"statements_list", sql_statements_list, 14, list_types, list_tags},
  [Q_SEARCH] = {"statements_search", sql_statements_search, 16, list_types, list_tags},
  [Q_GET] = {"statements_get", sql_statements_get, 1, NULL, NULL},
  [Q_GET_MANY] = {"statements_get_many", sql_statements_get_many, 1, NULL, NULL},
  [Q_DELETE] = {"statements_delete", sql_statements_delete, 1, NULL, NULL},
  [Q_SET_SPEAKER] = {"statements_set_speaker", sql_statements_set_speaker, 3, NULL, NULL},
  [Q_HISTORY] = {"statements_history", sql_statements_history, 1, NULL, NULL},
  [Q_LOCK] = {"statements_lock", sql_statements_lock, 1, NULL, NULL},
  [Q_SOURCES] = {"statements_sources", sql_statements_sources, 1, NULL, NULL},
  [Q_END] = {NULL, NULL, 0, NULL, NULL},
};

char *store_json_array(const PGresult *res, int col, int nrows, size_t cap, int *taken)
{
  size_t len = 2;
  int n = 0;
  for (; n < nrows; n++) {
    size_t add = (size_t)PQgetlength(res, n, col) + 1;
    if (n > 0 && len + add > cap)
      break;
    len += add;
  }
  char *out = malloc(len + 1);
  if (out == NULL)
    return NULL;
  size_t pos = 0;
  out[pos++] = '[';
  for (int i = 0; i < n; i++) {
    if (i > 0)
      out[pos++] = ',';
    size_t l = (size_t)PQgetlength(res, i, col);
    memcpy(out + pos, PQgetvalue(res, i, col), l);
    pos += l;
  }
  out[pos++] = ']';
  out[pos] = '\0';
  *taken = n;
  return out;
}

int store_row_text(PGconn *conn, const struct store_query *q, const char *const *params,
                   char **text_out, long long *id_out, const char *missing,
                   struct store_error *e)
{
  PGresult *res = store_exec(conn, q, params, e);
  if (res == NULL)
    return -1;
  if (PQntuples(res) == 0) {
    PQclear(res);
    return store_fail(e, STORE_NOT_FOUND, "%s", missing);
  }
  if (id_out != NULL)
    *id_out = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
  *text_out = strdup(PQgetvalue(res, 0, 0));
  PQclear(res);
  if (*text_out == NULL)
    return store_fail(e, STORE_FAILED, "out of memory");
  return 0;
}

/* Runs q with one id parameter; the first cell of its one row, copied, goes to
 * *json_out (or is dropped when json_out is NULL); no row is STORE_NOT_FOUND
 * ("statement <id> does not exist"). */
static int one_text(PGconn *conn, int q, long long id, char **json_out, struct store_error *e)
{
  char idtext[24], missing[64], *dropped = NULL;
  snprintf(idtext, sizeof idtext, "%lld", id);
  snprintf(missing, sizeof missing, "statement %lld does not exist", id);
  const char *params[] = {idtext};
  int rc = store_row_text(conn, &statements_queries[q], params, json_out ? json_out : &dropped,
                          NULL, missing, e);
  free(dropped);
  return rc;
}

/* The statement of res (rows for statement_json.h) as JSON in *json_out, its
 * id in *id_out unless id_out is NULL: the one with id *id (res may hold
 * several, by id), or the first when id is NULL; none is STORE_NOT_FOUND with
 * missing as the detail. */
static int statement_from_rows(const PGresult *res, const long long *id, const char *missing,
                               char **json_out, long long *id_out, struct store_error *e)
{
  struct statement_rows rows;
  statement_rows_init(&rows, res);
  int row = id != NULL ? statement_row_of(&rows, *id) : rows.count > 0 ? rows.first : -1;
  if (row < 0)
    return store_fail(e, STORE_NOT_FOUND, "%s", missing);
  if (id_out != NULL)
    *id_out = strtoll(PQgetvalue(res, row, SC_ID), NULL, 10);
  struct dynbuf b;
  dynbuf_init(&b, LIST_TEXT_CAP);
  statement_json(&b, &rows, row);
  *json_out = dynbuf_take(&b, NULL);
  if (*json_out == NULL)
    return store_fail(e, STORE_FAILED, "the statement does not fit in memory");
  return 0;
}

int statements_exec_one(PGconn *conn, const struct store_query *q, const char *const *params,
                        const char *missing, char **json_out, long long *id_out,
                        struct store_error *e)
{
  PGresult *res = store_exec(conn, q, params, e);
  if (res == NULL)
    return -1;
  int rc = statement_from_rows(res, NULL, missing, json_out, id_out, e);
  PQclear(res);
  return rc;
}

static int render_statement(const PGresult *res, long long id, char **json_out,
                            struct store_error *e)
{
  char missing[64];
  snprintf(missing, sizeof missing, "statement %lld does not exist", id);
  return statement_from_rows(res, &id, missing, json_out, NULL, e);
}

void statements_get_read(long long id, struct store_read *out)
{
  store_read_init(out, &statements_queries[Q_GET], id, render_statement);
  out->many = &statements_queries[Q_GET_MANY];
}

int statements_get(PGconn *conn, long long id, char **json_out, struct store_error *e)
{
  struct store_read r;
  statements_get_read(id, &r);
  return store_read_run(conn, &r, json_out, e);
}

int statements_lock(PGconn *conn, long long id, struct store_error *e)
{
  return one_text(conn, Q_LOCK, id, NULL, e);
}

int statements_delete(PGconn *conn, long long id, struct store_error *e)
{
  return one_text(conn, Q_DELETE, id, NULL, e);
}

int statements_history(PGconn *conn, long long id, char **json_out, struct store_error *e)
{
  return one_text(conn, Q_HISTORY, id, json_out, e);
}

int statements_set_speaker(PGconn *conn, long long id, long long speaker_id, const char *actor,
                           char **json_out, struct store_error *e)
{
  char idtext[24], sptext[24];
  snprintf(idtext, sizeof idtext, "%lld", id);
  snprintf(sptext, sizeof sptext, "%lld", speaker_id);
  const char *params[] = {idtext, speaker_id > 0 ? sptext : NULL, actor};
  char missing[64];
  snprintf(missing, sizeof missing, "statement %lld does not exist", id);
  if (statements_exec_one(conn, &statements_queries[Q_SET_SPEAKER], params, missing, json_out,
                          NULL, e) == 0)
    return 0;
  if (e->status == STORE_INVALID) /* the speaker went away meanwhile */
    return store_fail(e, STORE_INVALID, "speaker %lld does not exist", speaker_id);
  return -1;
}

/* The shape of the list query for f, after a key or not. */
static unsigned list_shape(const struct statement_filter *f, bool after)
{
  unsigned shape = 0;
  if (f->speaker_slug != NULL)
    shape |= 1u << T_SPEAKER_SLUG;
  if (f->speaker_id > 0)
    shape |= 1u << T_SPEAKER_ID;
  if (f->narration)
    shape |= 1u << T_NARRATION;
  if (f->article_id > 0)
    shape |= 1u << T_ARTICLE;
  if (f->section != NULL)
    shape |= 1u << T_SECTION;
  if (f->cue != NULL)
    shape |= 1u << T_CUE;
  if (f->source != NULL)
    shape |= 1u << T_SOURCE;
  if (f->from != NULL)
    shape |= 1u << T_FROM;
  if (f->to != NULL)
    shape |= 1u << T_TO;
  if (after)
    shape |= 1u << T_AFTER;
  return shape;
}

int statements_rows(PGconn *conn, const struct statement_filter *f,
                    const struct statement_key *after, int limit, PGresult **res_out,
                    struct statement_rows *r, struct store_error *e)
{
  char speaker[24], article[24], rows[16], window[16], walk[16];
  snprintf(speaker, sizeof speaker, "%lld", f->speaker_id);
  snprintf(article, sizeof article, "%lld", f->article_id);
  snprintf(rows, sizeof rows, "%d", limit + 1);
  unsigned w = f->window > 0 ? f->window : SEARCH_WINDOW_DEFAULT;
  snprintf(window, sizeof window, "%u", w);
  snprintf(walk, sizeof walk, "%u", w * SEARCH_WALK_FACTOR);
  const char *params[16] = {
    f->speaker_slug,
    rows,
    f->speaker_id > 0 ? speaker : NULL,
    f->article_id > 0 ? article : NULL,
    f->section,
    f->cue,
    f->from,
    f->to,
    after ? after->day : NULL,
    after ? after->article_id : NULL,
    after ? after->seq : NULL,
    f->q,
    after && f->q != NULL ? after->rank : NULL,
    f->source,
    window,
    walk,
  };
  const struct store_query *q = &statements_queries[f->q != NULL ? Q_SEARCH : Q_LIST];
  PGresult *res = store_exec_shape(conn, q, list_shape(f, after != NULL), params, e);
  if (res == NULL)
    return -1;
  statement_rows_init(r, res);
  *res_out = res;
  return 0;
}

void statements_row_key(const PGresult *res, int row, bool search, struct statement_key *key)
{
  memset(key, 0, sizeof *key);
  snprintf(key->day, sizeof key->day, "%s", PQgetvalue(res, row, SC_EXTRA));
  snprintf(key->article_id, sizeof key->article_id, "%s", PQgetvalue(res, row, SC_ARTICLE_ID));
  snprintf(key->seq, sizeof key->seq, "%s", PQgetvalue(res, row, SC_SEQ));
  if (search)
    snprintf(key->rank, sizeof key->rank, "%s", PQgetvalue(res, row, SC_EXTRA + 1));
}

PGresult *statements_sources(PGconn *conn, const char *ids, struct store_error *e)
{
  const char *params[] = {ids};
  return store_exec(conn, &statements_queries[Q_SOURCES], params, e);
}

int statements_list(PGconn *conn, const struct statement_filter *f,
                    const struct statement_key *after, int limit, char **items_json, bool *more,
                    struct statement_key *last, struct store_error *e)
{
  PGresult *res;
  struct statement_rows r;
  if (statements_rows(conn, f, after, limit, &res, &r, e) != 0)
    return -1;
  int n = r.count > limit ? limit : r.count, taken = 0;
  struct dynbuf b;
  dynbuf_init(&b, LIST_TEXT_CAP + 1);
  dynbuf_add(&b, "[", 1);
  for (; taken < n; taken++) {
    size_t before = b.len;
    if (taken > 0)
      dynbuf_add(&b, ",", 1);
    if (f->q != NULL)
      statement_search_json(&b, &r, r.first + taken);
    else
      statement_json(&b, &r, r.first + taken);
    if (taken > 0 && b.len + 1 > LIST_TEXT_CAP) { /* stop short: the page is full */
      dynbuf_truncate(&b, before);
      break;
    }
  }
  dynbuf_add(&b, "]", 1);
  *more = r.count > taken;
  memset(last, 0, sizeof *last);
  if (*more && taken > 0)
    statements_row_key(res, r.first + taken - 1, f->q != NULL, last);
  *items_json = dynbuf_take(&b, NULL);
  PQclear(res);
  if (*items_json == NULL)
    return store_fail(e, STORE_FAILED, "out of memory");
  return 0;
}
