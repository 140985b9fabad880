/* precondition.c - If-Match checked and the write done under one row lock. */
#include "precondition.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

/* Skips optional whitespace (RFC 9110 OWS). */
static const char *skip_ows(const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

enum if_match_result if_match_compare(const char *header, const char *etag)
{
  const char *p = skip_ows(header);
  if (*p == '*')
    return *skip_ows(p + 1) == '\0' ? IF_MATCH_HIT : IF_MATCH_MALFORMED;
  size_t etag_len = strlen(etag);
  bool hit = false, any = false;
  while (*p != '\0') {
    bool weak = strncmp(p, "W/", 2) == 0;
    if (weak)
      p += 2;
    if (*p != '"')
      return IF_MATCH_MALFORMED;
    const char *close = strchr(p + 1, '"');
    if (close == NULL)
      return IF_MATCH_MALFORMED;
    size_t len = (size_t)(close - p) + 1;
    if (!weak && len == etag_len && memcmp(p, etag, len) == 0)
      hit = true;
    any = true;
    p = skip_ows(close + 1);
    if (*p == ',')
      p = skip_ows(p + 1);
    else if (*p != '\0')
      return IF_MATCH_MALFORMED;
  }
  if (!any)
    return IF_MATCH_MALFORMED;
  return hit ? IF_MATCH_HIT : IF_MATCH_MISS;
}

/* Whether the current representation of resource id has a tag the header
 * lists; false after answering (412 or the store's error). */
static bool current_tag_listed(struct response *resp, PGconn *db, const struct resource_kind *kind,
                               long long id, const char *header)
{
  struct store_error e;
  char *json = NULL;
  if (kind->lock(db, id, &e) != 0 || kind->render(db, id, &json, &e) != 0) {
    reply_store_error(resp, &e);
    return false;
  }
  /* Rendered as GET would answer it (the body is compacted on the way), so
   * the tag is the one the client was given. */
  struct response current = {0};
  reply_json_text(&current, 200, json);
  char etag[RESPONSE_ETAG_LEN];
  response_etag(current.body, current.body_len, etag);
  response_clear(&current);
  if (if_match_compare(header, etag) == IF_MATCH_HIT)
    return true;
  response_problem(resp, 412,
                   "the resource changed since it was read (its ETag is now %s); nothing was "
                   "changed: read it again and retry with the new ETag in If-Match",
                   etag);
  response_header(resp, "ETag", "%s", etag);
  return false;
}

bool precondition_begin(struct request *req, struct response *resp, PGconn *db,
                        const struct resource_kind *kind, long long id, bool *in_txn)
{
  *in_txn = false;
  const char *header = request_header(req, "If-Match");
  if (header == NULL)
    return true;
  if (if_match_compare(header, "\"\"") == IF_MATCH_MALFORMED) {
    response_problem(resp, 400,
                     "If-Match must be * or a comma-separated list of entity tags, such as "
                     "\"0123456789abcdef\" (with the quotes) from an ETag header");
    return false;
  }
  struct store_error e;
  if (store_begin(db, &e) != 0) {
    reply_store_error(resp, &e);
    return false;
  }
  if (!current_tag_listed(resp, db, kind, id, header)) {
    store_rollback(db);
    return false;
  }
  *in_txn = true;
  return true;
}

void precondition_end(PGconn *db, struct response *resp, bool in_txn)
{
  if (!in_txn)
    return;
  if (resp->status < 200 || resp->status > 299) {
    store_rollback(db);
    return;
  }
  struct store_error e;
  if (store_commit(db, &e) != 0) {
    response_clear(resp);
    reply_store_error(resp, &e);
  }
}
