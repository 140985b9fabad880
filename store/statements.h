/* statements.h - data access for statements: lists with filters and keyset
 * cursors, one statement, deletion, attribution by hand and its history. */
#ifndef SAYWHO_STORE_STATEMENTS_H
#define SAYWHO_STORE_STATEMENTS_H

#include <libpq-fe.h>

#include "store.h"

/* All statements of article article_id, by seq, as a JSON array text
 * ("[]" when it has none; the article's existence is not checked).
 * On success *json_out is malloc'd and the caller frees it with free().
 * Returns 0, or -1 with e filled. */
int statements_json_for_article(PGconn *conn, long long article_id, char **json_out,
                                struct store_error *e) __attribute__((warn_unused_result));

#endif
