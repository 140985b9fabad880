/* statements.c - statements in PostgreSQL: keyset-paged lists, attribution by hand, history. */
#include "statements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_sql.h"

/* The list order's leading key; the indexes statements_order, _by_speaker,
 * _by_cue and _by_section are built on it. */
#define ST_DAY "coalesce(st.published_at, '-infinity'::date)"

#define ST_COLS                                                                              \
  "st.id, st.article_id, st.seq, st.section, st.text, st.start_offset, st.end_offset, "     \
  "st.speaker_id, st.method, st.cue, st.confidence, st.evidence, st.quotes, st.mention_ids, " \
  "st.published_at, " ST_DAY " AS day"

/* Every filter, each a no-op when its parameter is NULL (custom plans fold
 * them away): $1 speaker id, $2 narration only, $3 article id, $4 section,
 * $5 cue, $6 from, $7 to. The date bounds are on the index's leading key. */
#define ST_FILTERS                                                                  \
  " AND ($1::bigint IS NULL OR st.speaker_id = $1::bigint)"                        \
  " AND (NOT $2::boolean OR st.speaker_id IS NULL)"                                 \
  " AND ($3::bigint IS NULL OR st.article_id = $3::bigint)"                        \
  " AND ($4::text IS NULL OR st.section = $4::text)"                                \
  " AND ($5::text IS NULL OR st.cue = $5::text)"                                    \
  " AND " ST_DAY " >= coalesce($6::date, '-infinity'::date)"                       \
  " AND " ST_DAY " <= coalesce($7::date, 'infinity'::date)"                        \
  " AND (($6::date IS NULL AND $7::date IS NULL) OR st.published_at IS NOT NULL)"

/* One page after the key ($8 day, $9 article id, $10 seq), $11 rows at most.
 * The order (day DESC, article_id DESC, seq ASC) mixes directions, so the page
 * is the rest of the key's article (an index range on seq) followed by the
 * articles after it (an index range on the row (day, article_id)): both are
 * index scans that start where the page starts, so page 1,000 costs what
 * page 1 costs. lead is an indexed condition that selects the index. */
#define LIST_SQL(lead)                                                                         \
  "SELECT " STATEMENT_JSON("st", "sp") ", st.day::text, st.article_id, st.seq FROM ("         \
  "(SELECT " ST_COLS " FROM statements st WHERE " lead ST_FILTERS " AND " ST_DAY              \
  " = $8::date AND st.article_id = $9::bigint AND st.seq > $10::integer "                     \
  "ORDER BY st.seq LIMIT $11) UNION ALL "                                                      \
  "(SELECT " ST_COLS " FROM statements st WHERE " lead ST_FILTERS " AND (" ST_DAY             \
  ", st.article_id) < ($8::date, $9::bigint) "                                                \
  "ORDER BY " ST_DAY " DESC, st.article_id DESC, st.seq LIMIT $11)"                           \
  ") st LEFT JOIN speakers sp ON sp.id = st.speaker_id "                                      \
  "ORDER BY st.day DESC, st.article_id DESC, st.seq LIMIT $11"

/* With q ($12): the matches ranked by ts_rank_cd, then the list order; after
 * the key ($13 rank, $8 day, $9 article id, $10 seq). Matches are found by
 * the GIN index and ranked in full, so a page costs what the match count does. */
#define SEARCH_SQL                                                                           \
  "SELECT " STATEMENT_JSON("st", "sp") ", st.day::text, st.article_id, st.seq, st.rank::text " \
  "FROM (SELECT " ST_COLS ", ts_rank_cd(st.tsv, query) AS rank "                             \
  "FROM statements st, websearch_to_tsquery('english', $12::text) query "                     \
  "WHERE st.tsv @@ query" ST_FILTERS ") st LEFT JOIN speakers sp ON sp.id = st.speaker_id "  \
  "WHERE $13::real IS NULL OR st.rank < $13::real OR (st.rank = $13::real AND ("              \
  "(st.day, st.article_id) < ($8::date, $9::bigint) OR (st.day = $8::date "                   \
  "AND st.article_id = $9::bigint AND st.seq > $10::integer))) "                              \
  "ORDER BY st.rank DESC, st.day DESC, st.article_id DESC, st.seq LIMIT $11"

enum {
  Q_LIST_ALL,
  Q_LIST_SPEAKER,
  Q_LIST_NARRATION,
  Q_LIST_ARTICLE,
  Q_LIST_SECTION,
  Q_LIST_CUE,
  Q_SEARCH,
  Q_GET,
  Q_DELETE,
  Q_SET_SPEAKER,
  Q_HISTORY,
  Q_LOCK,
  Q_END, /* the table's terminator */
};

const struct store_query statements_queries[] = {
  [Q_LIST_ALL] = {"statements_list_all", LIST_SQL("TRUE"), 11},
  [Q_LIST_SPEAKER] = {"statements_list_speaker", LIST_SQL("st.speaker_id = $1::bigint"), 11},
  [Q_LIST_NARRATION] = {"statements_list_narration", LIST_SQL("st.speaker_id IS NULL"), 11},
  [Q_LIST_ARTICLE] = {"statements_list_article", LIST_SQL("st.article_id = $3::bigint"), 11},
  [Q_LIST_SECTION] = {"statements_list_section", LIST_SQL("st.section = $4::text"), 11},
  [Q_LIST_CUE] = {"statements_list_cue", LIST_SQL("st.cue = $5::text"), 11},
  [Q_SEARCH] = {"statements_search", SEARCH_SQL, 13},
  [Q_GET] = {"statements_get",
             "SELECT " STATEMENT_JSON("st", "sp") " FROM statements st "
             "LEFT JOIN speakers sp ON sp.id = st.speaker_id WHERE st.id = $1::bigint",
             1},
  [Q_DELETE] = {"statements_delete", "DELETE FROM statements WHERE id = $1::bigint RETURNING id",
                1},
  [Q_LOCK] = {"statements_lock", "SELECT id FROM statements WHERE id = $1::bigint FOR UPDATE", 1},
  /* The change and its history entry in one statement: one transaction. */
  [Q_SET_SPEAKER] = {"statements_set_speaker",
                     "WITH st AS (UPDATE statements SET speaker_id = $2::bigint, "
                     "method = 'manual', cue = NULL, "
                     "confidence = CASE WHEN $2::bigint IS NULL THEN NULL ELSE 1 END, "
                     "evidence = NULL, updated_at = now() WHERE id = $1::bigint RETURNING *), "
                     "h AS (INSERT INTO attribution_history (statement_id, speaker_id, method, "
                     "cue, confidence, changed_by) "
                     "SELECT id, speaker_id, method, cue, confidence, $3::text FROM st) "
                     "SELECT " STATEMENT_JSON("st", "sp") " FROM st "
                     "LEFT JOIN speakers sp ON sp.id = st.speaker_id",
                     3},
  [Q_HISTORY] = {"statements_history",
                 "SELECT (SELECT coalesce(json_agg(json_build_object("
                 "'speaker', coalesce(" SPEAKER_REF_JSON("sp") ", h.speaker_ref), 'method', h.method, 'cue', h.cue, "
                 "'confidence', round(h.confidence::numeric, 3), "
                 "'changed_at', rfc3339(h.changed_at), 'changed_by', h.changed_by) "
                 "ORDER BY h.id), '[]')::text FROM attribution_history h "
                 "LEFT JOIN speakers sp ON sp.id = h.speaker_id WHERE h.statement_id = s.id) "
                 "FROM statements s WHERE s.id = $1::bigint",
                 1},
  [Q_END] = {NULL, NULL, 0},
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

int statements_get(PGconn *conn, long long id, char **json_out, struct store_error *e)
{
  return one_text(conn, Q_GET, id, json_out, e);
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
  if (store_row_text(conn, &statements_queries[Q_SET_SPEAKER], params, json_out, NULL, missing,
                     e) == 0)
    return 0;
  if (e->status == STORE_INVALID) /* the speaker went away meanwhile */
    return store_fail(e, STORE_INVALID, "speaker %lld does not exist", speaker_id);
  return -1;
}

/* Which prepared list serves f: the most selective filter that has an index. */
static int list_query(const struct statement_filter *f)
{
  if (f->q != NULL)
    return Q_SEARCH;
  if (f->article_id > 0)
    return Q_LIST_ARTICLE;
  if (f->speaker_id > 0)
    return Q_LIST_SPEAKER;
  if (f->narration)
    return Q_LIST_NARRATION;
  if (f->cue != NULL)
    return Q_LIST_CUE;
  if (f->section != NULL)
    return Q_LIST_SECTION;
  return Q_LIST_ALL;
}

int statements_list(PGconn *conn, const struct statement_filter *f,
                    const struct statement_key *after, int limit, char **items_json, bool *more,
                    struct statement_key *last, struct store_error *e)
{
  char speaker[24], article[24], lim[16];
  snprintf(speaker, sizeof speaker, "%lld", f->speaker_id);
  snprintf(article, sizeof article, "%lld", f->article_id);
  snprintf(lim, sizeof lim, "%d", limit + 1);
  const char *params[13] = {
    f->speaker_id > 0 ? speaker : NULL,
    f->narration ? "t" : "f",
    f->article_id > 0 ? article : NULL,
    f->section,
    f->cue,
    f->from,
    f->to,
    after ? after->day : "infinity",
    after ? after->article_id : "9223372036854775807",
    after ? after->seq : "0",
    lim,
    f->q,
    after ? after->rank : NULL,
  };
  int q = list_query(f);
  PGresult *res = store_exec(conn, &statements_queries[q], params, e);
  if (res == NULL)
    return -1;
  int rows = PQntuples(res), taken = 0;
  *items_json = store_json_array(res, 0, rows > limit ? limit : rows, LIST_TEXT_CAP, &taken);
  *more = rows > taken;
  memset(last, 0, sizeof *last);
  if (*more && taken > 0) {
    snprintf(last->day, sizeof last->day, "%s", PQgetvalue(res, taken - 1, 1));
    snprintf(last->article_id, sizeof last->article_id, "%s", PQgetvalue(res, taken - 1, 2));
    snprintf(last->seq, sizeof last->seq, "%s", PQgetvalue(res, taken - 1, 3));
    if (q == Q_SEARCH)
      snprintf(last->rank, sizeof last->rank, "%s", PQgetvalue(res, taken - 1, 4));
  }
  PQclear(res);
  if (*items_json == NULL)
    return store_fail(e, STORE_FAILED, "out of memory");
  return 0;
}
