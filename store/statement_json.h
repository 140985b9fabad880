/* statement_json.h - statements turned into the API's JSON in C, from the
 * rows every statement query returns (store/sql: statements_get.sql and the
 * others that say "rows for the C JSON writer").
 *
 * Such a result has a kind in column 0: 'd' (an article's kept JSON, in the
 * text column; articles_get, by id), 'a' (the article of articles_get),
 * 'm' (a speaker a statement mentions; sorted by id) and 's' (a statement,
 * in the order of the answer), with the columns of enum statement_col. The
 * mentioned speakers come as rows of their own, so no statement needs a
 * sub-select: the writer looks them up in the result. */
#ifndef SAYWHO_STORE_STATEMENT_JSON_H
#define SAYWHO_STORE_STATEMENT_JSON_H

#include <libpq-fe.h>

#include "dynbuf.h"

enum statement_col {
  SC_KIND, SC_ID, SC_ARTICLE_ID, SC_SEQ, SC_SECTION, SC_TEXT, SC_START, SC_END,
  SC_SPEAKER_ID, SC_SLUG, SC_NAME, SC_METHOD, SC_CUE, SC_CONFIDENCE, SC_EVIDENCE, SC_QUOTES,
  SC_MENTION_IDS, SC_PUBLISHED_AT,
  SC_EXTRA /* first column after the statement's: day (lists), article columns (articles_get) */
};

/* The rows of one result, by kind. */
struct statement_rows {
  const PGresult *res;
  int ndocs;            /* rows of kind 'd': [0, ndocs), by id */
  int article;          /* (first) row of kind 'a', or -1 */
  int narticles;        /* rows of kind 'a' (articles_get_many: several, by id) */
  int mentions, nmentions; /* rows of kind 'm': [mentions, mentions + nmentions) */
  int first, count;     /* rows of kind 's': [first, first + count) */
};

/* Finds the rows of each kind in res (which comes ordered by kind). */
void statement_rows_init(struct statement_rows *r, const PGresult *res);

/* The row of kind 'd' of article id, or -1. */
int statement_doc_row(const struct statement_rows *r, long long id);

/* The row of kind 's' of statement id (rows sorted by id), or -1. */
int statement_row_of(const struct statement_rows *r, long long id);

/* The rows of article id in all (its 'a' row, the shared 'm' rows, its 's'
 * rows; articles by id, statements by article): 0, or -1 when it has no 'a'
 * row there. */
int statement_rows_of_article(const struct statement_rows *all, long long id,
                              struct statement_rows *out);

/* Room for statement_confidence()'s text. */
#define STATEMENT_CONFIDENCE_MAX 64

/* A confidence column (a real, as PostgreSQL prints it) as the API writes it:
 * what round(x::numeric, 3) prints (three decimals), computed in C because in
 * PostgreSQL the conversion to numeric is a large part of reading 40 rows.
 * NULL for NULL or a value that is not a finite number; else out. */
const char *statement_confidence(const char *real_text, char out[static STATEMENT_CONFIDENCE_MAX]);

/* The value of row, column col, or NULL when it is SQL NULL. */
const char *statement_value(const PGresult *res, int row, int col);

/* Appends statement row (of kind 's') as the API's statement object. */
void statement_json(struct dynbuf *b, const struct statement_rows *r, int row);

/* Appends statement row of a search (statements_search.sql) as the API's statement object
 * with its "rank" and "highlight" (the matched words as [start, end) code-point ranges). */
void statement_search_json(struct dynbuf *b, const struct statement_rows *r, int row);

/* Appends rows [from, from + n) of the statements as a JSON array. */
void statement_json_array(struct dynbuf *b, const struct statement_rows *r, int from, int n);

#endif
