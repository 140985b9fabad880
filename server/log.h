/* log.h - one line per event on stdout, as JSON or as text. */
#ifndef SAYWHO_LOG_H
#define SAYWHO_LOG_H

#include "config.h"

/* Called once before threads start. */
void log_init(enum log_format format, enum log_level level);

/* A free-form event; message is printf-formatted. Thread-safe. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct request_log {
  const char *method;
  const char *path;
  const char *route;      /* matched route template, or NULL */
  unsigned status;
  size_t bytes;           /* response body bytes */
  double duration_ms;
  const char *request_id;
};

/* The access-log line of one request. Thread-safe. */
void log_request(const struct request_log *r);

/* Appends s to out as JSON string content (no quotes), escaping what JSON
 * requires; stops before overflowing out (cap bytes, always NUL-terminated). */
void log_json_escape(char *out, size_t cap, const char *s);

#endif
