/* response.c - building handler answers: JSON, problem+json, headers. */
#include "response.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
  unsigned status;
  const char *title;
} titles[] = {
  {200, "OK"},
  {201, "Created"},
  {204, "No Content"},
  {304, "Not Modified"},
  {400, "Bad Request"},
  {401, "Unauthorized"},
  {403, "Forbidden"},
  {404, "Not Found"},
  {405, "Method Not Allowed"},
  {406, "Not Acceptable"},
  {409, "Conflict"},
  {412, "Precondition Failed"},
  {413, "Content Too Large"},
  {415, "Unsupported Media Type"},
  {422, "Unprocessable Content"},
  {500, "Internal Server Error"},
  {503, "Service Unavailable"},
};

const char *http_status_title(unsigned status)
{
  for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
    if (titles[i].status == status)
      return titles[i].title;
  return "Error";
}

/* Drops the blanks between JSON tokens in place (PostgreSQL's json_build_object
 * writes "key" : value); strings are copied untouched. Returns the new length. */
static size_t json_compact(char *text, size_t len)
{
  size_t out = 0, i = 0;
  while (i < len) {
    char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      i++;
      continue;
    }
    if (c != '"') {
      text[out++] = c;
      i++;
      continue;
    }
    /* A string: jump from quote to quote with memchr (most of the text is in
     * strings), stepping over escaped characters. */
    size_t start = i++;
    for (;;) {
      const char *quote = memchr(text + i, '"', len - i);
      size_t stop = quote ? (size_t)(quote - text) : len;
      const char *esc = memchr(text + i, '\\', stop - i);
      if (esc == NULL) {
        i = quote ? stop + 1 : len;
        break;
      }
      i = (size_t)(esc - text) + 2;
      if (i >= len) {
        i = len;
        break;
      }
    }
    if (out != start)
      memmove(text + out, text + start, i - start);
    out += i - start;
  }
  return out;
}

void response_set_body(struct response *resp, unsigned status, const char *content_type,
                       char *body, size_t len)
{
  if (body != NULL && content_type != NULL && strcmp(content_type, "application/json") == 0)
    len = json_compact(body, len);
  response_set_body_as_is(resp, status, content_type, body, len);
}

/* Frees the body, or gives a lent one back. */
static void drop_body(struct response *resp)
{
  if (resp->body_release != NULL)
    resp->body_release(resp->body_cls);
  else
    free(resp->body);
  resp->body = NULL;
  resp->body_release = NULL;
  resp->body_cls = NULL;
  resp->etag[0] = '\0';
}

void response_set_body_as_is(struct response *resp, unsigned status, const char *content_type,
                             char *body, size_t len)
{
  drop_body(resp);
  if (resp->stream.release != NULL) /* a body replaces a stream too */
    resp->stream.release(resp->stream.cls);
  memset(&resp->stream, 0, sizeof resp->stream);
  resp->status = status;
  resp->content_type = content_type;
  resp->body = body;
  resp->body_len = len;
}

void response_lend_body(struct response *resp, unsigned status, const char *content_type,
                        const char *body, size_t len, void (*release)(void *cls), void *cls,
                        const char *etag)
{
  response_set_body_as_is(resp, status, content_type, NULL, 0);
  resp->body = (char *)body; /* never written: body_release marks it lent */
  resp->body_len = len;
  resp->body_release = release;
  resp->body_cls = cls;
  snprintf(resp->etag, sizeof resp->etag, "%s", etag);
}

/* The last-resort answer when even building an answer failed (out of
 * memory, since every value we encode is valid): worth a retry, so 503. */
static void response_internal_error(struct response *resp)
{
  static const char doc[] = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
                            "\"status\":503,\"detail\":\"the response could not be built; try again\"}";
  response_set_body(resp, 503, "application/problem+json", strdup(doc), sizeof doc - 1);
  if (resp->body == NULL)
    resp->body_len = 0;
}

void response_json(struct response *resp, unsigned status, json_t *value)
{
  char *text = value ? json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
  json_decref(value);
  if (text == NULL) {
    response_internal_error(resp);
    return;
  }
  response_set_body(resp, status, "application/json", text, strlen(text));
}

/* Length of the well-formed UTF-8 sequence at s (shortest form, no
 * surrogates, at most U+10FFFF), or 0 when s does not start one. */
static size_t utf8_sequence(const unsigned char *s)
{
  unsigned char c = s[0];
  size_t n;
  uint32_t cp;
  if (c < 0x80)
    return 1;
  if ((c & 0xE0) == 0xC0)
    n = 1, cp = c & 0x1Fu;
  else if ((c & 0xF0) == 0xE0)
    n = 2, cp = c & 0x0Fu;
  else if ((c & 0xF8) == 0xF0)
    n = 3, cp = c & 0x07u;
  else
    return 0;
  for (size_t k = 1; k <= n; k++) {
    if ((s[k] & 0xC0) != 0x80) /* also stops at the terminating NUL */
      return 0;
    cp = cp << 6 | (s[k] & 0x3Fu);
  }
  if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n + 1;
}

/* Replaces every byte of s that is not part of well-formed UTF-8 with '?',
 * in place. A detail may echo request bytes (a path, a header, a parameter)
 * or be cut inside a character by a %.Ns or by its buffer; jansson refuses
 * such a string, and the answer would become a 500. */
static void utf8_scrub(char *s)
{
  unsigned char *p = (unsigned char *)s;
  while (*p != '\0') {
    size_t n = utf8_sequence(p);
    if (n == 0) {
      *p++ = '?';
      continue;
    }
    p += n;
  }
}

void response_problem(struct response *resp, unsigned status, const char *fmt, ...)
{
  char detail[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  utf8_scrub(detail);
  json_t *doc = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
                          http_status_title(status), "status", (int)status, "detail", detail);
  response_json(resp, status, doc);
  if (resp->status == status)
    resp->content_type = "application/problem+json";
}

void response_stream(struct response *resp, unsigned status, const char *content_type,
                     const struct response_stream *stream)
{
  response_set_body(resp, status, content_type, NULL, 0);
  resp->stream = *stream;
}

void response_empty(struct response *resp, unsigned status)
{
  response_set_body(resp, status, NULL, NULL, 0);
}

/* Sets header name to value (owned now), replacing one of the same name. */
static void set_header(struct response *resp, const char *name, char *value)
{
  for (size_t i = 0; i < resp->header_count; i++)
    if (strcasecmp(resp->headers[i].name, name) == 0) {
      free(resp->headers[i].value);
      resp->headers[i].value = value;
      return;
    }
  if (resp->header_count == RESPONSE_MAX_HEADERS) {
    free(value);
    return;
  }
  resp->headers[resp->header_count].name = name;
  resp->headers[resp->header_count].value = value;
  resp->header_count++;
}

void response_header(struct response *resp, const char *name, const char *fmt, ...)
{
  char *value = NULL;
  va_list ap;
  va_start(ap, fmt);
  int rc = vasprintf(&value, fmt, ap);
  va_end(ap);
  if (rc >= 0)
    set_header(resp, name, value);
}

void response_header_text(struct response *resp, const char *name, const char *value)
{
  char *copy = strdup(value);
  if (copy != NULL)
    set_header(resp, name, copy);
}

const char *response_header_value(const struct response *resp, const char *name)
{
  for (size_t i = 0; i < resp->header_count; i++)
    if (strcasecmp(resp->headers[i].name, name) == 0)
      return resp->headers[i].value;
  return NULL;
}

void response_clear(struct response *resp)
{
  drop_body(resp);
  if (resp->stream.release != NULL)
    resp->stream.release(resp->stream.cls);
  for (size_t i = 0; i < resp->header_count; i++)
    free(resp->headers[i].value);
  memset(resp, 0, sizeof *resp);
}

void response_etag(const char *body, size_t len, char out[RESPONSE_ETAG_LEN])
{
  /* FNV-1a's prime and offset over 8-byte words, then a final mix: a strong
   * validator for the exact bytes, at a cost that does not show next to
   * writing them. */
  uint64_t h = 1469598103934665603ULL ^ (uint64_t)len;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, body + i, 8);
    h = (h ^ w) * 1099511628211ULL;
    h ^= h >> 29;
  }
  for (; i < len; i++)
    h = (h ^ (unsigned char)body[i]) * 1099511628211ULL;
  h ^= h >> 32;
  h *= 0x9e3779b97f4a7c15ULL;
  h ^= h >> 29;
  snprintf(out, RESPONSE_ETAG_LEN, "\"%016llx\"", (unsigned long long)h);
}
