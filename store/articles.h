/* articles.h - data access for articles and the statements the engine finds in them.
 *
 * Every function takes a PGconn lent by the pool, returns 0 or -1 with e
 * filled, and knows nothing of HTTP. JSON goes out as text, written in C for
 * an article and its statements (statement_json.h), built by PostgreSQL for
 * lists (caller free()s every char ** it gets back). Writes that touch
 * several rows run in one transaction: they either happen whole or not at all.
 */
#ifndef SAYWHO_STORE_ARTICLES_H
#define SAYWHO_STORE_ARTICLES_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "store.h"

#define ARTICLE_STMT_SEQ_MAX 2000000000 /* seq is an integer column */

/* Article metadata as given by the client or the wire format; NULL = absent. */
struct article_meta {
  const char *title, *source, *byline, *credit;
  const char *published_at; /* "YYYY-MM-DD" or NULL */
  const char *url;
  const char *language;     /* NULL: the default, "en" */
};

/* One statement found by the engine, in body order. Strings are NUL-terminated
 * and borrowed; quotes has quote_count entries, mentions mention_count. */
struct found_statement {
  const char *section;      /* NULL before the first heading */
  const char *text;
  long long start, end;     /* code points into the stored body */
  long long speaker_id;     /* 0: narration */
  const char *method;       /* "name", "alias", ...; NULL exactly when speaker_id is 0 */
  const char *cue;          /* NULL when none */
  double confidence;
  const char *evidence;     /* NULL when none */
  const char *const *quotes;
  size_t quote_count;
  const long long *mentions;
  size_t mention_count;
};

/* What the engine made of a body: its sections and its statements. */
struct found_article {
  const char *const *sections;
  size_t section_count;
  const struct found_statement *statements;
  size_t statement_count;
};

/* The id of the stored article with this source (NULL counts as a value) and
 * this body, or 0 when there is none. */
int articles_find_same(PGconn *conn, const char *source, const char *body, long long *id_out,
                       struct store_error *e);

/* Stores the article, its statements and one history entry (changed_by
 * "engine") per attributed statement, in one statement (articles_ingest.sql),
 * and writes the stored article as the API's JSON into *json_out (caller
 * frees) from the rows it wrote. When an article with the same source and body
 * exists already (a concurrent post won), stores nothing, sets *created = false
 * and *json_out = NULL; *id_out is the stored article's. */
int articles_create(PGconn *conn, const struct article_meta *meta, const char *body,
                    const struct found_article *found, long long *id_out, bool *created,
                    char **json_out, struct store_error *e);

/* The body of article id (caller frees); STORE_NOT_FOUND when none. */
int articles_body(PGconn *conn, long long id, char **body_out, struct store_error *e);

/* Merges a new extraction of article id into its statements, in one
 * transaction: a statement with the same offsets and text keeps its id; its
 * attribution takes the new one unless it is manual, with a history entry
 * (changed_by "engine") only when speaker, method or cue changed; statements
 * of the old extraction that are gone are deleted unless their attribution is
 * manual; statements added by hand (no offsets) stay; seq is renumbered in
 * body order, hand-added statements last. *changed_out counts the statements
 * whose attribution changed or that are new. */
int articles_reextract(PGconn *conn, long long id, const struct found_article *found,
                       long long *changed_out, struct store_error *e);

/* Locks article id's row until the transaction ends (FOR UPDATE);
 * STORE_NOT_FOUND when absent. */
int articles_lock(PGconn *conn, long long id, struct store_error *e)
    __attribute__((warn_unused_result));

/* The article as JSON with its statements embedded (GET /articles/{id}). */
/* articles_get_json() in two halves (store.h), for the pipelined path. */
void articles_get_read(long long id, struct store_read *out);

int articles_get_json(PGconn *conn, long long id, char **json_out, struct store_error *e);

/* What an article's rendering from its rows is kept with (migrations/015_article_docs.sql):
 * the gen of its doc and the speakers' names version, as the rows had them. */
struct article_doc_stamp {
  long long id;
  char gen[24];
  char names[24];
};

/* Article id's stamp into out when res (of articles_get_read()) holds the rows it is rendered
 * from; false when it holds its kept copy, or no such article. */
bool articles_doc_stamp(const PGresult *res, long long id, struct article_doc_stamp *out);

/* Keeps json, the article rendered from rows stamped so, unless a write has moved its gen on
 * since or it is kept already (then nothing changes): 1 kept, 0 not, -1 with e filled. */
int articles_doc_keep(PGconn *conn, const struct article_doc_stamp *stamp, const char *json,
                      struct store_error *e);

/* Filters of the article list; NULL / 0 = not filtered. */
struct article_filter {
  const char *source;
  const char *from, *to;  /* "YYYY-MM-DD" */
  long long speaker_id;
  const char *q;          /* websearch syntax, English, over the article's statements */
  const char *after_key;  /* keyset cursor: sort date ("-infinity" or YYYY-MM-DD), */
  long long after_id;     /* article id, */
  const char *after_rank; /* and relevance (with q); NULL = first page */
  int limit;
};

/* One page of articles (without statements, with statement_count): items_json
 * is a JSON array (caller frees); when more rows follow, last_* hold the
 * keyset of the page's last row for the next cursor. */
struct article_page {
  char *items_json;    /* "[...]" */
  bool more;
  char last_key[16];   /* sort date of the last row */
  long long last_id;
  char last_rank[32];  /* with q */
};
int articles_list(PGconn *conn, const struct article_filter *f, struct article_page *page,
                  struct store_error *e);

/* The rows behind articles_list: up to f->limit + 1 articles in list order,
 * column 0 an article's JSON text (one line), 1 its sort date, 2 its id, 3 its
 * rank (with q). Exports walk the whole list with it. NULL with e filled; the
 * caller PQclear()s. */
PGresult *articles_rows(PGconn *conn, const struct article_filter *f, struct store_error *e);

/* Which metadata fields a PATCH sets; the value may be NULL (cleared). */
struct article_patch {
  bool has_title, has_source, has_byline, has_credit, has_published_at, has_url;
  struct article_meta meta;
};

/* Updates metadata (and the statements' copy of published_at) atomically.
 * STORE_NOT_FOUND, or STORE_CONFLICT when the new source makes it a duplicate. */
int articles_update(PGconn *conn, long long id, const struct article_patch *p,
                    struct store_error *e);

/* Deletes the article; statements and history go by cascade. STORE_NOT_FOUND. */
int articles_delete(PGconn *conn, long long id, struct store_error *e);

/* Appends a statement added by hand (method "manual", no offsets) with the
 * next seq and a history entry by actor; its JSON in *json_out and id in *id_out.
 * speaker_id 0: narration. STORE_NOT_FOUND when the article does not exist. */
int articles_add_statement(PGconn *conn, long long article_id, const char *text,
                           long long speaker_id, const char *section, const char *actor,
                           long long *id_out, char **json_out, struct store_error *e);

extern const struct store_query articles_queries[];

/* The article's statements by seq as a JSON array text (caller frees), or
 * STORE_NOT_FOUND when the article does not exist. */
int articles_statements_json(PGconn *conn, long long article_id, char **json_out,
                             struct store_error *e) __attribute__((warn_unused_result));

#endif
