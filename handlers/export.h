/* export.h - a list streamed whole as NDJSON or CSV (API.md, README "Exports"):
 * statements (/statements, /speakers/{ref}/statements, /articles/{id}/statements)
 * and articles (/articles), read in keyset chunks on a connection of the
 * export pool (EXPORTS_MAX), held until the client has it all or hangs up.
 *
 * The handler opens the export, which takes a connection and reads the first
 * chunk on the worker, so a failure or an unknown speaker or article still
 * gets its status; export_send then answers 200 with the stream, whose later
 * chunks are read on a streamer thread (response.h). */
#ifndef SAYWHO_HANDLERS_EXPORT_H
#define SAYWHO_HANDLERS_EXPORT_H

#include <stdbool.h>

#include "../store/articles.h"
#include "../store/statements.h"
#include "common.h"

struct export;

/* Opens an export of every statement matching f in format (EXPORT_NDJSON or
 * EXPORT_CSV; with f->q NDJSON lines carry rank and highlight as the JSON
 * list's items do); f's strings are copied. *empty says whether the list has
 * no row at all. NULL after answering 503 (every export connection taken:
 * Retry-After; or the database failing). */
struct export *export_statements_open(struct request *req, struct response *resp,
                                      const struct statement_filter *f,
                                      enum export_format format, bool *empty)
    __attribute__((warn_unused_result));

/* The same for the articles matching f (its cursor and limit are ignored). */
struct export *export_articles_open(struct request *req, struct response *resp,
                                    const struct article_filter *f, enum export_format format,
                                    bool *empty) __attribute__((warn_unused_result));

/* The same for the speakers (the list's q, or NULL), in id order. */
struct export *export_speakers_open(struct request *req, struct response *resp, const char *q,
                                    enum export_format format, bool *empty)
    __attribute__((warn_unused_result));

/* Answers 200 with x streamed, as an attachment named name.csv or name.ndjson;
 * resp owns x from here (released once sent, cut short or never sent). */
void export_send(struct response *resp, struct export *x, const char *name);

/* Gives up an opened export unsent (the handler answers something else). */
void export_cancel(struct export *x);

#endif
