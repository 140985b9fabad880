/* statements.h - the statements resource: lists with filters, one statement,
 * deletion, attribution by hand and its history; and the list plumbing the
 * speakers resource shares. */
#ifndef SAYWHO_HANDLERS_STATEMENTS_H
#define SAYWHO_HANDLERS_STATEMENTS_H

#include <stdbool.h>

#include "request.h"
#include "response.h"

/* GET /statements: filters speaker (id, slug or "none"), article_id, section,
 * cue, from, to, q; limit, cursor. */
void handle_statements_list(struct request *req, struct response *resp);
/* GET /speakers/{ref}/statements: the same filters but speaker. */
void handle_speaker_statements(struct request *req, struct response *resp);
/* GET /statements/{id} */
void handle_statement_get(struct request *req, struct response *resp);
/* DELETE /statements/{id}: 204. */
void handle_statement_delete(struct request *req, struct response *resp);
/* PUT /statements/{id}/speaker {"speaker": id or slug}: 200 with the statement. */
void handle_statement_put_speaker(struct request *req, struct response *resp);
/* DELETE /statements/{id}/speaker: narration by hand, 200 with the statement. */
void handle_statement_delete_speaker(struct request *req, struct response *resp);
/* GET /statements/{id}/history: every attribution, oldest first. */
void handle_statement_history(struct request *req, struct response *resp);

/* Answers 400 naming the first query parameter that is not in allowed
 * (NULL-terminated) or whose value is not valid UTF-8; true when all are fine. */
bool check_query_params(struct request *req, struct response *resp, const char *const *allowed);

/* A query parameter as text of at most max bytes: *out NULL when absent; 400
 * (false) when empty or longer. */
bool query_text(struct request *req, struct response *resp, const char *name, size_t max,
                const char **out);

/* Answers 200 with JSON text (malloc'd; ownership passes to resp). */
void reply_json_text(struct response *resp, unsigned status, char *json);

/* Answers 200 {"items": items, "next_cursor": ...} and takes ownership of
 * items (malloc'd). With n > 0 the cursor packs fields[0..n) (the last item's
 * sort key) and a Link header points at the next page; n == 0: last page. */
void reply_list(struct request *req, struct response *resp, char *items,
                const char *const *fields, size_t n);

#endif
