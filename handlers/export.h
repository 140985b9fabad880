/* export.h - a statements list streamed whole as NDJSON or CSV (API.md): keyset
 * chunks of LIMIT_MAX rows read on a connection of the export pool
 * (EXPORTS_MAX), held until the client has it all or hangs up. The first
 * chunk is read on the worker; the others on a streamer thread (response.h). */
#ifndef SAYWHO_HANDLERS_EXPORT_H
#define SAYWHO_HANDLERS_EXPORT_H

#include "../store/statements.h"
#include "common.h"

/* Answers 200 with every statement matching f in format (EXPORT_NDJSON or
 * EXPORT_CSV), or 503 with Retry-After when EXPORTS_MAX exports are running;
 * f's strings are copied. */
void export_statements(struct request *req, struct response *resp,
                       const struct statement_filter *f, enum export_format format);

#endif
