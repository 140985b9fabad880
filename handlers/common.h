/* common.h - what every handler needs between a request and the store:
 * input checks that answer 4xx, and the one mapping of store errors to HTTP. */
#ifndef SAYWHO_HANDLERS_COMMON_H
#define SAYWHO_HANDLERS_COMMON_H

#include <jansson.h>
#include <stdbool.h>

#include "export_format.h"
#include "request.h"
#include "response.h"
#include "store.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX 500

/* The one place store errors become statuses: NOT_FOUND 404, CONFLICT 409,
 * INVALID 422, UNAVAILABLE 503, FAILED 503 (logged as an error); never 500. */
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

/* Answers 422 naming the first member of doc not in allowed (NULL-terminated)
 * and listing the allowed ones; true when there is none. */
bool check_fields(json_t *doc, const char *const *allowed, struct response *resp);

/* Answers 400 naming the first query parameter that is not in allowed
 * (NULL-terminated) or whose value is not valid UTF-8; true when all are fine. */
bool check_query_params(struct request *req, struct response *resp, const char *const *allowed);

/* A query parameter as text of at most max bytes: *out NULL when absent; 400
 * (false) when empty or longer. */
bool query_text(struct request *req, struct response *resp, const char *name, size_t max,
                const char **out);

/* The representations of lists (enum export_format bits): every list pages
 * JSON and streams NDJSON and CSV exports too (export.h). */
#define EXPORT_FORMATS (EXPORT_JSON | EXPORT_NDJSON | EXPORT_CSV)

/* The representation of a list answer from ?format= and Accept, or false
 * after answering 400 (format is not json, ndjson or csv) or 406 (no
 * representation of available fits). List handlers allow "format". */
bool list_format(struct request *req, struct response *resp, unsigned available,
                 enum export_format *out);

/* Answers status with JSON text (malloc'd; ownership passes to resp). */
void reply_json_text(struct response *resp, unsigned status, char *json);

/* Answers 200 {"items": items, "next_cursor": ...} and takes ownership of
 * items (malloc'd). With n > 0 the cursor packs fields[0..n) (the last item's
 * sort key) and a Link header points at the next page; n == 0: last page. */
void reply_list(struct request *req, struct response *resp, char *items,
                const char *const *fields, size_t n);

/* Runs the read that read() fills for the request on a lent connection and
 * answers with it: a GET of one resource by id, whole (route.h's route_read). */
void run_read(struct request *req, struct response *resp, route_read read);

/* Answers resp with the outcome of r: res, r's query's successful result,
 * rendered as a 200 (or r's 404), or NULL and failed. A rendering of a kept
 * resource from its rows goes to app's doc keeper. */
void answer_read(const struct app *app, struct response *resp, const struct store_read *r,
                 const PGresult *res,
                 const struct store_error *failed);

#endif
