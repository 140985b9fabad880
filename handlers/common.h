/* common.h - what every handler needs between a request and the store:
 * input checks that answer 4xx, and the one mapping of store errors to HTTP. */
#ifndef SAYWHO_HANDLERS_COMMON_H
#define SAYWHO_HANDLERS_COMMON_H

#include <jansson.h>
#include <stdbool.h>

#include "request.h"
#include "response.h"
#include "store.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX 500

/* The one place store errors become statuses: NOT_FOUND 404, CONFLICT 409,
 * INVALID 422, UNAVAILABLE 503, FAILED 500. */
void reply_store_error(struct response *resp, const struct store_error *e);

/* Answers 415 unless Content-Type is application/json (parameters allowed). */
bool require_json_content(struct request *req, struct response *resp);

/* The body parsed as a JSON object (caller json_decref()s), or NULL after
 * answering 415 (content type), 400 (malformed JSON, NUL bytes, invalid
 * UTF-8) or 422 (not an object). */
json_t *parse_json_object(struct request *req, struct response *resp);

/* A positive int64 from text; false when text is anything else. */
bool parse_id(const char *text, long long *out);

/* Path parameter name as a positive id, or false after answering 404
 * ("<what> <text> does not exist"). */
bool path_id(struct request *req, struct response *resp, const char *name, const char *what,
             long long *out);

/* Query parameter limit: LIMIT_DEFAULT when absent, 400 outside 1..LIMIT_MAX. */
bool query_limit(struct request *req, struct response *resp, int *out);

/* Query parameter name as a YYYY-MM-DD date (a real day), copied to out;
 * out[0] = '\0' when absent; false after answering 400. */
bool query_date(struct request *req, struct response *resp, const char *name, char out[11]);

/* Whether text is a real calendar date written YYYY-MM-DD. */
bool valid_date(const char *text);

/* Whether text[0..len) is valid UTF-8 without NUL bytes. */
bool valid_utf8(const char *text, size_t len);

/* An optional string member of obj: absent or null → *out = NULL (true);
 * a string → *out points into obj (true); anything else → 422 (false).
 * max_len caps the length in bytes (0 = no cap). */
bool member_string(json_t *obj, const char *key, size_t max_len, struct response *resp,
                   const char **out);

/* Sets Link: <path?query&cursor=...>; rel="next" when cursor is not NULL,
 * keeping the request's other query parameters. */
void set_next_link(struct request *req, struct response *resp, const char *cursor);

#endif
