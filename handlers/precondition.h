/* precondition.h - If-Match on PATCH, PUT and DELETE: a write goes ahead only
 * while the resource still has the ETag its client last saw, so two editors
 * never overwrite each other. The check and the write share one transaction
 * and a row lock, so nothing can change the resource in between. */
#ifndef SAYWHO_HANDLERS_PRECONDITION_H
#define SAYWHO_HANDLERS_PRECONDITION_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "request.h"
#include "response.h"
#include "store.h"

/* How the store locks one kind of resource and renders it as GET does. */
struct resource_kind {
  int (*lock)(PGconn *db, long long id, struct store_error *e);
  int (*render)(PGconn *db, long long id, char **json_out, struct store_error *e);
};

enum if_match_result {
  IF_MATCH_HIT,       /* "*", or one of the listed strong tags is etag */
  IF_MATCH_MISS,      /* a well-formed list without etag (weak tags never match) */
  IF_MATCH_MALFORMED, /* not "*" nor a comma-separated list of entity tags */
};

/* Compares an If-Match header value with a strong etag (quotes included),
 * by RFC 9110's strong comparison. */
enum if_match_result if_match_compare(const char *header, const char *etag);

/* Without an If-Match header: true, and nothing is done. With one: begins a
 * transaction on db, locks resource id and compares the ETag of its current
 * representation. true when it matches: the transaction stays open for the
 * write and precondition_end() must close it. false after answering 400
 * (malformed header), 404, 412 (changed meanwhile: nothing is written) or 503. */
bool precondition_begin(struct request *req, struct response *resp, PGconn *db,
                        const struct resource_kind *kind, long long id, bool *in_txn)
    __attribute__((warn_unused_result));

/* Ends what precondition_begin() opened, if anything: commits when resp is a
 * success, else rolls back; a failed commit turns resp into its error. */
void precondition_end(PGconn *db, struct response *resp, bool in_txn);

#endif
