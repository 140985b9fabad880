/* articles.c - articles, their statements and the engine's attribution history in SQL. */
#include "articles.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "jsonw.h"
#include "statement_json.h"
#include "statements.h"
#include "store_sql.h"

/* Batches are sent as PostgreSQL array literals; no batch may exceed this. */
#define ARRAY_TEXT_MAX ((size_t)64 << 20)

enum {
  Q_FIND_SAME,
  Q_INGEST,
  Q_MERGE,
  Q_LOCK,
  Q_DEFER_SEQ,
  Q_RENUMBER,
  Q_SECTIONS,
  Q_BODY,
  Q_GET,
  Q_GET_MANY,
  Q_LIST,
  Q_LIST_Q,
  Q_UPDATE,
  Q_DELETE,
  Q_ADD_STATEMENT,
  Q_DOC_KEEP,
};

static const char *const find_same_tags[] = {"source", NULL};
static const Oid find_same_types[] = {STORE_TEXT, STORE_TEXT};
/* The filters of articles_list.sql and articles_list_q.sql, in bit order. */
static const char *const list_tags[] = {"source", "from", "to", "speaker", "after", NULL};
enum { T_SOURCE, T_FROM, T_TO, T_SPEAKER, T_AFTER };
static const Oid list_types[] = {STORE_TEXT, STORE_DATE, STORE_DATE, STORE_INT8, STORE_DATE,
                                 STORE_INT8, STORE_INT4, STORE_TEXT, STORE_FLOAT4};

const struct store_query articles_queries[] = {
  [Q_FIND_SAME] = {"articles_find_same", sql_articles_find_same, 2, find_same_types,
                   find_same_tags},
  [Q_INGEST] = {"articles_ingest", sql_articles_ingest, 20, NULL, NULL},
  [Q_MERGE] = {"articles_merge", sql_articles_merge, 12, NULL, NULL},
  [Q_LOCK] = {"articles_lock", sql_articles_lock, 1, NULL, NULL},
  [Q_DEFER_SEQ] = {"articles_defer_seq", sql_articles_defer_seq, 0, NULL, NULL},
  [Q_RENUMBER] = {"articles_renumber", sql_articles_renumber, 1, NULL, NULL},
  [Q_SECTIONS] = {"articles_sections", sql_articles_sections, 2, NULL, NULL},
  [Q_BODY] = {"articles_body", sql_articles_body, 1, NULL, NULL},
  [Q_GET] = {"articles_get", sql_articles_get, 1, NULL, NULL},
  [Q_GET_MANY] = {"articles_get_many", sql_articles_get_many, 1, NULL, NULL},
  [Q_LIST] = {"articles_list", sql_articles_list, 7, list_types, list_tags},
  [Q_LIST_Q] = {"articles_list_q", sql_articles_list_q, 9, list_types, list_tags},
  [Q_UPDATE] = {"articles_update", sql_articles_update, 13, NULL, NULL},
  [Q_DELETE] = {"articles_delete", sql_articles_delete, 1, NULL, NULL},
  [Q_ADD_STATEMENT] = {"articles_add_statement", sql_articles_add_statement, 5, NULL, NULL},
  [Q_DOC_KEEP] = {"articles_doc_keep", sql_articles_doc_keep, 4, NULL, NULL},
  {NULL, NULL, 0, NULL, NULL},
};

/* ---- array literals: a capped growable buffer ------------------------------------------ */

/* Array literals are built in dynbufs of at most ARRAY_TEXT_MAX bytes. */
static void tb_init(struct dynbuf *b)
{
  dynbuf_init(b, ARRAY_TEXT_MAX);
}

static void tb_put(struct dynbuf *b, const char *s, size_t n)
{
  dynbuf_add(b, s, n); /* a failure sticks; callers check b->failed once */
}

static void tb_puts(struct dynbuf *b, const char *s)
{
  tb_put(b, s, strlen(s));
}

/* Opens an array literal; elements are separated by tb_sep. */
static void tb_open(struct dynbuf *b)
{
  tb_put(b, "{", 1);
}

static void tb_sep(struct dynbuf *b, size_t i)
{
  if (i > 0)
    tb_put(b, ",", 1);
}

static void tb_close(struct dynbuf *b)
{
  tb_put(b, "}", 1);
}

/* A quoted element ("" with \" and \\ escaped), or NULL. */
static void tb_text(struct dynbuf *b, const char *s)
{
  if (s == NULL) {
    tb_puts(b, "NULL");
    return;
  }
  tb_put(b, "\"", 1);
  const char *run = s;
  for (; *s != '\0'; s++)
    if (*s == '"' || *s == '\\') {
      tb_put(b, run, (size_t)(s - run));
      tb_put(b, "\\", 1);
      run = s;
    }
  tb_put(b, run, (size_t)(s - run));
  tb_put(b, "\"", 1);
}

static void tb_int(struct dynbuf *b, long long v, int null_when_zero)
{
  char num[24];
  if (null_when_zero && v == 0) {
    tb_puts(b, "NULL");
    return;
  }
  snprintf(num, sizeof num, "%lld", v);
  tb_puts(b, num);
}

/* The texts of strings[0..n) as one array literal into b (emptied first). */
static void text_array(struct dynbuf *b, const char *const *strings, size_t n)
{
  dynbuf_reset(b);
  tb_open(b);
  for (size_t i = 0; i < n; i++) {
    tb_sep(b, i);
    tb_text(b, strings[i]);
  }
  tb_close(b);
}

/* The eleven column arrays of the merge query ($2..$12). */
enum { COL_SECTION, COL_TEXT, COL_START, COL_END, COL_SPEAKER, COL_METHOD, COL_CUE,
       COL_CONFIDENCE, COL_EVIDENCE, COL_QUOTES, COL_MENTIONS, COL_COUNT };

static int build_columns(const struct found_article *f, struct dynbuf cols[COL_COUNT],
                         struct store_error *e)
{
  struct dynbuf inner;
  tb_init(&inner);
  for (int c = 0; c < COL_COUNT; c++)
    tb_open(&cols[c]);
  for (size_t i = 0; i < f->statement_count; i++) {
    const struct found_statement *s = &f->statements[i];
    for (int c = 0; c < COL_COUNT; c++)
      tb_sep(&cols[c], i);
    tb_text(&cols[COL_SECTION], s->section);
    tb_text(&cols[COL_TEXT], s->text);
    tb_int(&cols[COL_START], s->start, 0);
    tb_int(&cols[COL_END], s->end, 0);
    tb_int(&cols[COL_SPEAKER], s->speaker_id, 1);
    tb_text(&cols[COL_METHOD], s->speaker_id ? s->method : NULL);
    tb_text(&cols[COL_CUE], s->cue);
    if (s->speaker_id) {
      char conf[32];
      snprintf(conf, sizeof conf, "%.3f", s->confidence);
      tb_puts(&cols[COL_CONFIDENCE], conf);
    } else {
      tb_puts(&cols[COL_CONFIDENCE], "NULL");
    }
    tb_text(&cols[COL_EVIDENCE], s->evidence);
    text_array(&inner, s->quotes, s->quote_count);
    tb_text(&cols[COL_QUOTES], dynbuf_str(&inner));
    dynbuf_reset(&inner);
    tb_open(&inner);
    for (size_t m = 0; m < s->mention_count; m++) {
      tb_sep(&inner, m);
      tb_int(&inner, s->mentions[m], 0);
    }
    tb_close(&inner);
    tb_text(&cols[COL_MENTIONS], dynbuf_str(&inner));
  }
  int failed = inner.failed;
  dynbuf_free(&inner);
  for (int c = 0; c < COL_COUNT; c++) {
    tb_close(&cols[c]);
    failed |= cols[c].failed;
  }
  if (failed)
    return store_fail(e, STORE_INVALID, "the article has too many statements to store at once");
  return 0;
}

/* ---- helpers ----------------------------------------------------------------------------- */

static void id_text(char buf[24], long long id)
{
  snprintf(buf, 24, "%lld", id);
}

/* Runs q and returns its one-row result, or NULL: with e NOT_FOUND (what,
 * id) when there is no row. */
static PGresult *exec_one_row(PGconn *conn, int q, const char *const *params, const char *what,
                              long long id, struct store_error *e)
{
  PGresult *res = store_exec(conn, &articles_queries[q], params, e);
  if (res == NULL)
    return NULL;
  if (PQntuples(res) == 0) {
    PQclear(res);
    store_fail(e, STORE_NOT_FOUND, "%s %lld does not exist", what, id);
    return NULL;
  }
  return res;
}

static int exec_command(PGconn *conn, int q, const char *const *params, struct store_error *e)
{
  PGresult *res = store_exec(conn, &articles_queries[q], params, e);
  if (res == NULL)
    return -1;
  PQclear(res);
  return 0;
}

/* Copies column 0 of row 0 into a new string. */
static int take_text(PGresult *res, char **out, struct store_error *e)
{
  *out = strdup(PQgetvalue(res, 0, 0));
  PQclear(res);
  if (*out == NULL)
    return store_fail(e, STORE_FAILED, "out of memory");
  return 0;
}

/* The one text cell that query q answers for id (caller frees), or NOT_FOUND. */
static int text_by_id(PGconn *conn, int q, long long id, char **out, struct store_error *e)
{
  char idt[24];
  id_text(idt, id);
  const char *params[] = {idt};
  PGresult *res = exec_one_row(conn, q, params, "article", id, e);
  return res == NULL ? -1 : take_text(res, out, e);
}

int articles_lock(PGconn *conn, long long id, struct store_error *e)
{
  char idt[24];
  id_text(idt, id);
  const char *params[] = {idt};
  PGresult *res = exec_one_row(conn, Q_LOCK, params, "article", id, e);
  if (res == NULL)
    return -1;
  PQclear(res);
  return 0;
}

/* BEGIN, then locks article id against concurrent merges and additions.
 * On failure the transaction is rolled back. */
static int begin_locked(PGconn *conn, long long id, struct store_error *e)
{
  if (store_begin(conn, e) != 0)
    return -1;
  if (articles_lock(conn, id, e) != 0) {
    store_rollback(conn);
    return -1;
  }
  return 0;
}

/* Stores the extraction for article id: merge (and renumber when re-extracting). */
static int merge_found(PGconn *conn, const char *id, const struct found_article *f,
                       bool renumber, long long *changed, struct store_error *e)
{
  struct dynbuf cols[COL_COUNT], sections;
  for (int c = 0; c < COL_COUNT; c++)
    tb_init(&cols[c]);
  tb_init(&sections);
  int rc = -1;
  if (build_columns(f, cols, e) != 0)
    goto out;
  const char *params[1 + COL_COUNT] = {id};
  for (int c = 0; c < COL_COUNT; c++)
    params[1 + c] = dynbuf_str(&cols[c]);
  PGresult *res = store_exec(conn, &articles_queries[Q_MERGE], params, e);
  if (res == NULL)
    goto out;
  if (changed != NULL)
    *changed = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
  PQclear(res);
  if (renumber) {
    const char *one[] = {id};
    text_array(&sections, f->sections, f->section_count);
    const char *sec[] = {id, dynbuf_str(&sections)};
    if (sections.failed) {
      store_fail(e, STORE_INVALID, "the article has too many sections to store");
      goto out;
    }
    if (exec_command(conn, Q_RENUMBER, one, e) != 0 || exec_command(conn, Q_SECTIONS, sec, e) != 0)
      goto out;
  }
  rc = 0;
out:
  for (int c = 0; c < COL_COUNT; c++)
    dynbuf_free(&cols[c]);
  dynbuf_free(&sections);
  return rc;
}

/* The article's columns after the statement's in articles_get.sql, in the order of API.md. */
enum { AC_TITLE = SC_EXTRA, AC_SOURCE, AC_BYLINE, AC_CREDIT, AC_URL, AC_LANGUAGE, AC_BODY,
       AC_SECTIONS, AC_CREATED_AT, AC_UPDATED_AT, AC_DOC_GEN, AC_DOC_NAMES };

/* Takes b's text into *out; STORE_FAILED when it did not fit. */
static int take_json(struct dynbuf *b, char **out, struct store_error *e)
{
  *out = dynbuf_take(b, NULL);
  if (*out == NULL)
    return store_fail(e, STORE_FAILED, "the article does not fit in memory");
  return 0;
}

/* The name of the statements member, last of an article's JSON. */
#define STATEMENTS_MEMBER ",\"statements\":"

/* The API's article object from rows of the articles_get.sql shape (into *out, caller frees). */
static int article_json(const struct statement_rows *r, char **out, struct store_error *e)
{
  const PGresult *res = r->res;
  int a = r->article;
  static const struct { const char *name; int col; bool string; } fields[] = {
    {"title", AC_TITLE, true},       {"source", AC_SOURCE, true},
    {"byline", AC_BYLINE, true},     {"credit", AC_CREDIT, true},
    {"published_at", SC_PUBLISHED_AT, true}, {"url", AC_URL, true},
    {"language", AC_LANGUAGE, true}, {"body", AC_BODY, true},
    {"sections", AC_SECTIONS, false},
  };
  struct dynbuf b;
  dynbuf_init(&b, LIST_TEXT_CAP);
  dynbuf_adds(&b, "{\"id\":");
  dynbuf_adds(&b, PQgetvalue(res, a, SC_ID));
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    const char *v = statement_value(res, a, fields[i].col);
    jsonw_name(&b, fields[i].name, false);
    if (fields[i].string)
      jsonw_string(&b, v);
    else
      jsonw_raw(&b, v);
  }
  dynbuf_addf(&b, ",\"statement_count\":%d", r->count);
  jsonw_name(&b, "created_at", false);
  jsonw_string(&b, statement_value(res, a, AC_CREATED_AT));
  jsonw_name(&b, "updated_at", false);
  jsonw_string(&b, statement_value(res, a, AC_UPDATED_AT));
  dynbuf_adds(&b, STATEMENTS_MEMBER);
  statement_json_array(&b, r, r->first, r->count);
  dynbuf_add(&b, "}", 1);
  return take_json(&b, out, e);
}

/* ---- articles ---------------------------------------------------------------------------- */

int articles_find_same(PGconn *conn, const char *source, const char *body, long long *id_out,
                       struct store_error *e)
{
  const char *params[] = {source, body};
  PGresult *res = store_exec_shape(conn, &articles_queries[Q_FIND_SAME], source != NULL, params, e);
  if (res == NULL)
    return -1;
  *id_out = PQntuples(res) > 0 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
  PQclear(res);
  return 0;
}

int articles_create(PGconn *conn, const struct article_meta *meta, const char *body,
                    const struct found_article *found, long long *id_out, bool *created,
                    char **json_out, struct store_error *e)
{
  struct dynbuf cols[COL_COUNT], sections;
  for (int c = 0; c < COL_COUNT; c++)
    tb_init(&cols[c]);
  tb_init(&sections);
  PGresult *res = NULL;
  int rc = -1;
  *created = false;
  *json_out = NULL;
  text_array(&sections, found->sections, found->section_count);
  if (sections.failed) {
    store_fail(e, STORE_INVALID, "the article has too many sections to store");
    goto out;
  }
  if (build_columns(found, cols, e) != 0)
    goto out;
  const char *params[9 + COL_COUNT] = {meta->title, meta->source, meta->byline,
                                       meta->credit, meta->published_at, meta->url,
                                       meta->language, body, dynbuf_str(&sections)};
  for (int c = 0; c < COL_COUNT; c++)
    params[9 + c] = dynbuf_str(&cols[c]);
  /* One statement, its own transaction: the article, its statements and their history. */
  res = store_exec(conn, &articles_queries[Q_INGEST], params, e);
  if (res == NULL)
    goto out;
  struct statement_rows r;
  statement_rows_init(&r, res);
  if (r.article < 0) {
    /* A concurrent post of the same article committed first: answer with it. */
    if (articles_find_same(conn, meta->source, body, id_out, e) != 0)
      goto out;
    if (*id_out == 0) {
      store_fail(e, STORE_UNAVAILABLE, "a concurrent change got in the way; try again");
      goto out;
    }
    rc = 0;
    goto out;
  }
  *id_out = strtoll(PQgetvalue(res, r.article, SC_ID), NULL, 10);
  *created = true;
  rc = article_json(&r, json_out, e);
out:
  PQclear(res);
  for (int c = 0; c < COL_COUNT; c++)
    dynbuf_free(&cols[c]);
  dynbuf_free(&sections);
  return rc;
}

int articles_body(PGconn *conn, long long id, char **body_out, struct store_error *e)
{
  return text_by_id(conn, Q_BODY, id, body_out, e);
}

int articles_reextract(PGconn *conn, long long id, const struct found_article *found,
                       long long *changed_out, struct store_error *e)
{
  char idt[24];
  id_text(idt, id);
  if (begin_locked(conn, id, e) != 0)
    return -1;
  if (exec_command(conn, Q_DEFER_SEQ, NULL, e) != 0 ||
      merge_found(conn, idt, found, true, changed_out, e) != 0 || store_commit(conn, e) != 0)
    goto fail;
  return 0;
fail:
  store_rollback(conn);
  return -1;
}

/* The rows of article id in res (the articles_get shape, of one article or,
 * from articles_get_many, of several) into r; STORE_NOT_FOUND without it. */
static int article_rows_of(const PGresult *res, long long id, struct statement_rows *r,
                           struct store_error *e)
{
  struct statement_rows all;
  statement_rows_init(&all, res);
  if (statement_rows_of_article(&all, id, r) != 0)
    return store_fail(e, STORE_NOT_FOUND, "article %lld does not exist", id);
  return 0;
}

/* Article id's kept JSON in res, or NULL. */
static const char *kept_doc(const PGresult *res, long long id)
{
  struct statement_rows all;
  statement_rows_init(&all, res);
  int row = statement_doc_row(&all, id);
  return row < 0 ? NULL : statement_value(res, row, SC_TEXT);
}

static int render_article(const PGresult *res, long long id, char **json_out,
                          struct store_error *e)
{
  const char *doc = kept_doc(res, id);
  if (doc != NULL) {
    *json_out = strdup(doc);
    return *json_out != NULL ? 0 : store_fail(e, STORE_FAILED, "the article does not fit in memory");
  }
  struct statement_rows r;
  return article_rows_of(res, id, &r, e) != 0 ? -1 : article_json(&r, json_out, e);
}

bool articles_doc_stamp(const PGresult *res, long long id, struct article_doc_stamp *out)
{
  struct statement_rows all, r;
  statement_rows_init(&all, res);
  if (statement_rows_of_article(&all, id, &r) != 0 || PQgetisnull(res, r.article, AC_DOC_GEN))
    return false;
  out->id = id;
  snprintf(out->gen, sizeof out->gen, "%s", PQgetvalue(res, r.article, AC_DOC_GEN));
  snprintf(out->names, sizeof out->names, "%s", PQgetvalue(res, r.article, AC_DOC_NAMES));
  return true;
}

int articles_doc_keep(PGconn *conn, const struct article_doc_stamp *stamp, const char *json,
                      struct store_error *e)
{
  char id[24];
  id_text(id, stamp->id);
  const char *params[] = {id, stamp->gen, stamp->names, json};
  PGresult *res = store_exec(conn, &articles_queries[Q_DOC_KEEP], params, e);
  if (res == NULL)
    return -1;
  int kept = strcmp(PQcmdTuples(res), "1") == 0;
  PQclear(res);
  return kept;
}

void articles_get_read(long long id, struct store_read *out)
{
  store_read_init(out, &articles_queries[Q_GET], id, render_article);
  out->many = &articles_queries[Q_GET_MANY];
  out->keepable = true;
}

int articles_get_json(PGconn *conn, long long id, char **json_out, struct store_error *e)
{
  struct store_read r;
  articles_get_read(id, &r);
  return store_read_run(conn, &r, json_out, e);
}

PGresult *articles_rows(PGconn *conn, const struct article_filter *f, struct store_error *e)
{
  char speaker[24], after_id[24], limit[16];
  id_text(speaker, f->speaker_id);
  id_text(after_id, f->after_id);
  snprintf(limit, sizeof limit, "%d", f->limit + 1);
  const char *params[] = {f->source, f->from, f->to, f->speaker_id ? speaker : NULL,
                          f->after_key, f->after_key ? after_id : NULL, limit,
                          f->q, f->after_key ? f->after_rank : NULL};
  bool ranked = f->q != NULL;
  unsigned shape = (f->source ? 1u << T_SOURCE : 0) | (f->from ? 1u << T_FROM : 0) |
                   (f->to ? 1u << T_TO : 0) | (f->speaker_id ? 1u << T_SPEAKER : 0) |
                   (f->after_key ? 1u << T_AFTER : 0);
  return store_exec_shape(conn, &articles_queries[ranked ? Q_LIST_Q : Q_LIST], shape, params, e);
}

int articles_list(PGconn *conn, const struct article_filter *f, struct article_page *page,
                  struct store_error *e)
{
  bool ranked = f->q != NULL;
  PGresult *res = articles_rows(conn, f, e);
  if (res == NULL)
    return -1;
  int rows = PQntuples(res);
  page->more = rows > f->limit;
  if (page->more)
    rows = f->limit;
  struct dynbuf items;
  tb_init(&items);
  tb_puts(&items, "[");
  for (int i = 0; i < rows; i++) {
    tb_sep(&items, (size_t)i);
    tb_puts(&items, PQgetvalue(res, i, 0));
  }
  tb_puts(&items, "]");
  if (rows > 0) {
    snprintf(page->last_key, sizeof page->last_key, "%s", PQgetvalue(res, rows - 1, 1));
    page->last_id = strtoll(PQgetvalue(res, rows - 1, 2), NULL, 10);
    snprintf(page->last_rank, sizeof page->last_rank, "%s",
             ranked ? PQgetvalue(res, rows - 1, 3) : "");
  }
  PQclear(res);
  if (items.failed) {
    dynbuf_free(&items);
    return store_fail(e, STORE_FAILED, "the page does not fit in memory");
  }
  page->items_json = dynbuf_take(&items, NULL);
  return 0;
}

int articles_update(PGconn *conn, long long id, const struct article_patch *p,
                    struct store_error *e)
{
  char idt[24];
  id_text(idt, id);
#define FLAG(b) ((b) ? "t" : "f")
  const char *params[] = {idt,
                          FLAG(p->has_title), p->meta.title,
                          FLAG(p->has_source), p->meta.source,
                          FLAG(p->has_byline), p->meta.byline,
                          FLAG(p->has_credit), p->meta.credit,
                          FLAG(p->has_published_at), p->meta.published_at,
                          FLAG(p->has_url), p->meta.url};
#undef FLAG
  PGresult *res = exec_one_row(conn, Q_UPDATE, params, "article", id, e);
  if (res == NULL) {
    if (e->status == STORE_CONFLICT)
      store_fail(e, STORE_CONFLICT,
                 "source: another article with this source and the same body exists");
    return -1;
  }
  PQclear(res);
  return 0;
}

int articles_delete(PGconn *conn, long long id, struct store_error *e)
{
  char idt[24];
  id_text(idt, id);
  const char *params[] = {idt};
  PGresult *res = exec_one_row(conn, Q_DELETE, params, "article", id, e);
  if (res == NULL)
    return -1;
  PQclear(res);
  return 0;
}

int articles_add_statement(PGconn *conn, long long article_id, const char *text,
                           long long speaker_id, const char *section, const char *actor,
                           long long *id_out, char **json_out, struct store_error *e)
{
  char idt[24], speaker[24];
  id_text(idt, article_id);
  id_text(speaker, speaker_id);
  const char *params[] = {idt, section, text, speaker_id ? speaker : NULL, actor};
  if (begin_locked(conn, article_id, e) != 0)
    return -1;
  char missing[64];
  snprintf(missing, sizeof missing, "article %lld does not exist", article_id);
  if (statements_exec_one(conn, &articles_queries[Q_ADD_STATEMENT], params, missing, json_out,
                          id_out, e) != 0)
    goto fail;
  if (store_commit(conn, e) != 0) {
    free(*json_out);
    *json_out = NULL;
    goto fail;
  }
  return 0;
fail:
  store_rollback(conn);
  return -1;
}

/* The statements of the article of res (the articles_get shape) as a JSON array. */
static int render_article_statements(const PGresult *res, long long id, char **json_out,
                                     struct store_error *e)
{
  struct dynbuf b;
  dynbuf_init(&b, LIST_TEXT_CAP);
  const char *doc = kept_doc(res, id);
  if (doc != NULL) {
    /* The last member of the article's JSON (article_json()); the only place
     * this text can be, since quotes inside strings are escaped. */
    const char *member = strstr(doc, STATEMENTS_MEMBER);
    size_t len = strlen(doc);
    if (member == NULL || len < 1 || doc[len - 1] != '}')
      return store_fail(e, STORE_FAILED, "the kept JSON of article %lld has no statements", id);
    const char *array = member + strlen(STATEMENTS_MEMBER);
    dynbuf_add(&b, array, (size_t)(doc + len - 1 - array));
    return take_json(&b, json_out, e);
  }
  struct statement_rows r;
  if (article_rows_of(res, id, &r, e) != 0)
    return -1;
  statement_json_array(&b, &r, r.first, r.count);
  return take_json(&b, json_out, e);
}

int articles_statements_json(PGconn *conn, long long article_id, char **json_out,
                             struct store_error *e)
{
  struct store_read r;
  store_read_init(&r, &articles_queries[Q_GET], article_id, render_article_statements);
  return store_read_run(conn, &r, json_out, e);
}
