/* statements.h - data access for statements: lists with filters and keyset
 * cursors, one statement, deletion, attribution by hand and its history.
 *
 * Statements go out as JSON text written in C (statement_json.h); every
 * *json_out is malloc'd on success and the caller frees it with free(). */
#ifndef SAYWHO_STORE_STATEMENTS_H
#define SAYWHO_STORE_STATEMENTS_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "store.h"

/* Prepared by store_prepare_all(). */
extern const struct store_query statements_queries[];

#define STATEMENT_KEY_MAX 65 /* bytes of one sort-key field as text, with its NUL */

/* The filters of a statements list. NULL / 0 / false = not filtered. */
struct statement_filter {
  const char *speaker_slug; /* that speaker's statements (a well-formed slug) */
  long long speaker_id;     /* > 0: that speaker's statements */
  bool narration;           /* speaker "none": statements without a speaker */
  long long article_id;
  const char *section;      /* compared without case */
  const char *cue;
  const char *from;         /* YYYY-MM-DD, inclusive, on published_at */
  const char *to;
  const char *source;       /* the article's source, compared without case */
  const char *q;            /* full-text query (websearch syntax, each statement's language) */
  unsigned window;          /* with q: rank the window newest matches (0: the default) */
};

/* Bounded ranking (statements_search.sql): a search ranks only the window, the newest
 * matches in list order, so a page costs what the window does, however common the words.
 * When a probe of the list's first rows (2 x window, 256 at most) finds the matches dense,
 * the window is found by walking the list, at most SEARCH_WALK_FACTOR x window rows;
 * otherwise (or when the walk stops short) by the full-text index. */
#define SEARCH_WINDOW_DEFAULT 1000u
#define SEARCH_WALK_FACTOR 32u

/* Where a page starts or ends: the sort key of a row as text. Without q the
 * order is day DESC, article_id DESC, seq ASC (day = published_at, undated
 * rows "-infinity", last); with q, rank DESC comes first. */
struct statement_key {
  char rank[STATEMENT_KEY_MAX];       /* only with q */
  char day[STATEMENT_KEY_MAX];        /* "YYYY-MM-DD" or "-infinity" */
  char article_id[STATEMENT_KEY_MAX];
  char seq[STATEMENT_KEY_MAX];
};

/* One page of at most limit statements matching f, after *after (NULL = from
 * the start; its fields must be well-formed). *items_json is a JSON array
 * text; *more says whether another page follows, and then *last holds the
 * key of the page's last item. A page may stop short of limit to keep its
 * text under a size cap; *more is then true. One query; an unknown speaker
 * gives an empty page (the caller tells it from a speaker without statements). */
int statements_list(PGconn *conn, const struct statement_filter *f,
                    const struct statement_key *after, int limit, char **items_json, bool *more,
                    struct statement_key *last, struct store_error *e)
    __attribute__((warn_unused_result));

/* The rows behind statements_list: up to limit + 1 statements matching f
 * after *after (NULL: from the start), in list order, as a result for
 * statement_json.h (*res_out, which the caller PQclear()s; *r over it).
 * Exports walk a whole list with it, chunk by chunk. */
struct statement_rows;
int statements_rows(PGconn *conn, const struct statement_filter *f,
                    const struct statement_key *after, int limit, PGresult **res_out,
                    struct statement_rows *r, struct store_error *e)
    __attribute__((warn_unused_result));

/* The sort key of statement row row of such a result (search: with q). */
void statements_row_key(const PGresult *res, int row, bool search, struct statement_key *key);

/* Rows (id, source) of the articles of ids (array text "{1,2}"), by id; NULL
 * with e filled. The caller PQclear()s. */
PGresult *statements_sources(PGconn *conn, const char *ids, struct store_error *e);

/* Statement id as JSON; STORE_NOT_FOUND when absent. */
int statements_get(PGconn *conn, long long id, char **json_out, struct store_error *e)
    __attribute__((warn_unused_result));

/* statements_get() in two halves (store.h), for the pipelined path. */
void statements_get_read(long long id, struct store_read *out);

/* Locks statement id's row until the transaction ends (FOR UPDATE);
 * STORE_NOT_FOUND when absent. */
int statements_lock(PGconn *conn, long long id, struct store_error *e)
    __attribute__((warn_unused_result));

/* Deletes statement id (and its history); STORE_NOT_FOUND when absent. */
int statements_delete(PGconn *conn, long long id, struct store_error *e)
    __attribute__((warn_unused_result));

/* Attribution by hand: speaker_id > 0 sets that speaker (method manual,
 * confidence 1), 0 marks the statement as narration (speaker null, method
 * manual, confidence null); cue and evidence are cleared. The change and its
 * history entry (changed_by = actor) are one statement, so one transaction.
 * On success *json_out is the statement. STORE_NOT_FOUND when absent. */
int statements_set_speaker(PGconn *conn, long long id, long long speaker_id, const char *actor,
                           char **json_out, struct store_error *e)
    __attribute__((warn_unused_result));

/* The attribution history of statement id, oldest first, as a JSON array
 * text; STORE_NOT_FOUND when the statement does not exist. */
int statements_history(PGconn *conn, long long id, char **json_out, struct store_error *e)
    __attribute__((warn_unused_result));

/* Joins column col of rows [0, nrows) of res, each a JSON text, into one JSON
 * array text (malloc'd). Stops before the row that would take the text over
 * cap bytes (keeping at least one); *taken says how many went in. NULL when
 * memory runs out. Shared by the store's list functions. */
char *store_json_array(const PGresult *res, int col, int nrows, size_t cap, int *taken);

/* Runs q, a query returning a statement as rows for statement_json.h, with
 * params; the statement as JSON in *json_out (malloc'd) and its id in
 * *id_out unless id_out is NULL. No statement is STORE_NOT_FOUND with
 * missing as the detail. Shared by the store's modules. */
int statements_exec_one(PGconn *conn, const struct store_query *q, const char *const *params,
                        const char *missing, char **json_out, long long *id_out,
                        struct store_error *e) __attribute__((warn_unused_result));

/* Runs q with params and copies the first cell of its first row to *text_out
 * (malloc'd), and the second cell, an id, to *id_out unless id_out is NULL.
 * No row is STORE_NOT_FOUND with missing as the detail. Shared by the store's
 * modules. */
int store_row_text(PGconn *conn, const struct store_query *q, const char *const *params,
                   char **text_out, long long *id_out, const char *missing,
                   struct store_error *e) __attribute__((warn_unused_result));

#define LIST_TEXT_CAP (16u << 20) /* a list page's items text stops growing here */

#endif
