/* speakers.h - the speakers resource: list, create, read, update, delete. */
#ifndef SAYWHO_HANDLERS_SPEAKERS_H
#define SAYWHO_HANDLERS_SPEAKERS_H

#include "request.h"
#include "response.h"

/* GET /speakers: in id order; q filters on name and aliases; limit, cursor. */
void handle_speakers_list(struct request *req, struct response *resp);
/* POST /speakers {name, slug?, aliases?, title?, country?}: 201 + Location. */
void handle_speaker_create(struct request *req, struct response *resp);
/* GET /speakers/{ref} (ref: id or slug) */
void handle_speaker_get(struct request *req, struct response *resp);
/* PATCH /speakers/{ref}: any of name, slug, aliases, title, country. */
void handle_speaker_update(struct request *req, struct response *resp);
/* DELETE /speakers/{ref}: 204; their statements stay, unattributed. */
void handle_speaker_delete(struct request *req, struct response *resp);

/* GET /speakers/{ref}/stats: statements by month, section and cue, and the
 * speakers their statements mention most. */
void handle_speaker_stats(struct request *req, struct response *resp);

#endif
