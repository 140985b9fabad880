/* response.h - what a handler answers: status, body and extra headers.
 *
 * Handlers fill a struct response; the HTTP front end (httpd.c) adds the
 * common headers (X-Request-Id, CORS, ETag) and sends it. Nothing here
 * touches the network. */
#ifndef SAYWHO_RESPONSE_H
#define SAYWHO_RESPONSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define RESPONSE_MAX_HEADERS 8
#define RESPONSE_ETAG_LEN 24 /* a quoted tag of 16 hex digits, with its NUL */

struct response_header {
  const char *name; /* a string literal */
  char *value;      /* owned */
};

/* A body written while it is sent (exports): read(cls, pos, buf, max) fills
 * buf with up to max bytes and returns how many (never 0), or
 * RESPONSE_STREAM_END after the last byte, or RESPONSE_STREAM_ERROR to cut the
 * answer short; release(cls) frees everything the stream holds, whether it
 * was sent whole, cut short or never sent. read runs on a streamer thread,
 * never on an I/O thread (httpd.c), so it may block on the database; one
 * call at a time. release runs on whichever thread is last done with it. */
#define RESPONSE_STREAM_END ((long)-1)
#define RESPONSE_STREAM_ERROR ((long)-2)
struct response_stream {
  long (*read)(void *cls, unsigned long long pos, char *buf, size_t max);
  void (*release)(void *cls);
  void *cls;
};

struct response {
  unsigned status;          /* 0 until a handler sets one */
  const char *content_type; /* a string literal */
  char *body;               /* owned, malloc'd (unless lent, below); NULL for no body */
  size_t body_len;
  /* When body_release is set, body is lent, not malloc'd: a cache entry's
   * (cache.h), shared with the entry and every answer in flight; it is never
   * written, and body_release(body_cls) gives it back once, when the answer
   * is sent or dropped (response_clear, a body or status replacing it). */
  void (*body_release)(void *cls);
  void *body_cls;
  char etag[RESPONSE_ETAG_LEN]; /* "" or body's ETag, already known (a lent body's) */
  bool no_cache;            /* true: no ETag, Cache-Control: no-store (health, metrics) */
  size_t header_count;
  struct response_header headers[RESPONSE_MAX_HEADERS];
  struct response_stream stream; /* read != NULL: the body, instead of body */
};

/* Replaces the body with body[0..len), taking ownership of body (free()). */
void response_set_body(struct response *resp, unsigned status, const char *content_type,
                       char *body, size_t len);

/* As response_set_body(), but body is kept as it is: for a body that already
 * went through response_set_body() once (a cached copy), or that its writer
 * made compact (a read by id), so that it is not scanned again. */
void response_set_body_as_is(struct response *resp, unsigned status, const char *content_type,
                             char *body, size_t len);

/* As response_set_body_as_is(), but body is lent (see struct response):
 * release(cls) is called once when the answer is done with it; etag is
 * body's ETag (response_etag), copied. */
void response_lend_body(struct response *resp, unsigned status, const char *content_type,
                        const char *body, size_t len, void (*release)(void *cls), void *cls,
                        const char *etag);

/* Serialises value as the body (application/json); steals the reference.
 * On failure the response becomes a 500 problem. */
void response_json(struct response *resp, unsigned status, json_t *value);

/* The body becomes an application/problem+json document with the status's
 * title and the formatted detail. */
void response_problem(struct response *resp, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Answers status with a streamed body of content_type, taking ownership of
 * the stream (released by response_clear if never sent). */
void response_stream(struct response *resp, unsigned status, const char *content_type,
                     const struct response_stream *stream);

/* A status with no body (204, 304). */
void response_empty(struct response *resp, unsigned status);

/* Adds (or replaces) a header; value is printf-formatted and copied. */
void response_header(struct response *resp, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same with a plain value (copied), without printf. */
void response_header_text(struct response *resp, const char *name, const char *value);

/* The value of header name, or NULL. */
const char *response_header_value(const struct response *resp, const char *name);

/* The strong ETag of body[0..len): FNV-1a over the exact bytes, quoted. GET
 * answers and write answers carry it, and If-Match compares against it. */
void response_etag(const char *body, size_t len, char out[RESPONSE_ETAG_LEN]);

/* Frees what the response owns and leaves it empty. */
void response_clear(struct response *resp);

/* "Not Found" for 404 and so on. */
const char *http_status_title(unsigned status);

#endif
