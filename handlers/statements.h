/* statements.h - the statements resource: lists with filters, one statement,
 * deletion, attribution by hand and its history. */
#ifndef SAYWHO_HANDLERS_STATEMENTS_H
#define SAYWHO_HANDLERS_STATEMENTS_H

#include "request.h"
#include "response.h"

/* GET /statements: filters speaker (id, slug or "none"), article_id, section,
 * cue, from, to, q; limit, cursor. */
void handle_statements_list(struct request *req, struct response *resp);
/* GET /speakers/{ref}/statements: the same filters but speaker. */
void handle_speaker_statements(struct request *req, struct response *resp);
/* GET /statements/{id} */
void handle_statement_get(struct request *req, struct response *resp);
/* The read of GET /statements/{id} for the pipelined path (router.h's route_read). */
bool statement_read(struct request *req, struct response *resp, struct store_read *out);
/* DELETE /statements/{id}: 204. */
void handle_statement_delete(struct request *req, struct response *resp);
/* PUT /statements/{id}/speaker {"speaker": id or slug}: 200 with the statement. */
void handle_statement_put_speaker(struct request *req, struct response *resp);
/* DELETE /statements/{id}/speaker: narration by hand, 200 with the statement. */
void handle_statement_delete_speaker(struct request *req, struct response *resp);
/* GET /statements/{id}/history: every attribution, oldest first. */
void handle_statement_history(struct request *req, struct response *resp);

#endif
