/* articles.h - the articles resource: ingest (JSON and wire text), read, list,
 * update metadata, delete, re-extract, and the article's statements. */
#ifndef SAYWHO_HANDLERS_ARTICLES_H
#define SAYWHO_HANDLERS_ARTICLES_H

#include "request.h"
#include "response.h"

/* POST /articles: 201 + Location + the article with its statements; 200 with
 * the stored article when the same source and body are stored already. */
void handle_articles_create(struct request *req, struct response *resp);
/* GET /articles: filters source, from, to, speaker, q; limit, cursor. */
void handle_articles_list(struct request *req, struct response *resp);
/* GET /articles/{id}: with its statements. */
void handle_article_get(struct request *req, struct response *resp);
/* The read of GET /articles/{id} for the pipelined path (router.h's route_read). */
bool article_read(struct request *req, struct response *resp, struct store_read *out);
/* PATCH /articles/{id}: title, source, byline, credit, published_at, url. */
void handle_article_patch(struct request *req, struct response *resp);
/* DELETE /articles/{id}: 204; statements and their history go with it. */
void handle_article_delete(struct request *req, struct response *resp);
/* POST /articles/{id}/extract: 200 with the article, manual attributions kept. */
void handle_article_extract(struct request *req, struct response *resp);
/* GET /articles/{id}/statements: every statement of the article, by seq. */
void handle_article_statements(struct request *req, struct response *resp);
/* POST /articles/{id}/statements: {text, speaker?, section?} added by hand. */
void handle_article_add_statement(struct request *req, struct response *resp);

#endif
