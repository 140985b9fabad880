/* speakers.h - data access for speakers: create, read, update, delete, lists,
 * and resolving a speaker ref (id or slug) to an id. */
#ifndef SAYWHO_STORE_SPEAKERS_H
#define SAYWHO_STORE_SPEAKERS_H

#include <libpq-fe.h>

#include "store.h"

/* The id of the speaker that ref names: all digits is an id, anything else a
 * slug. Returns 0, or -1 with e filled (STORE_NOT_FOUND when there is none). */
int speakers_resolve(PGconn *conn, const char *ref, long long *id_out, struct store_error *e)
    __attribute__((warn_unused_result));

#endif
