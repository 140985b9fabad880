/* log.c - structured log lines, written with one write(2) each. */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINE_MAX 4096

static enum log_format log_fmt = LOG_FORMAT_JSON;
static enum log_level log_min = LOG_INFO;

void log_init(enum log_format format, enum log_level level)
{
  log_fmt = format;
  log_min = level;
}

/* The length of the well-formed UTF-8 sequence at s (1-4), or 0 when the
 * byte there starts none (stray continuation, overlong, surrogate, > U+10FFFF). */
static size_t utf8_sequence(const unsigned char *s)
{
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t len = c >= 0xc2 && c <= 0xdf   ? 2
               : c >= 0xe0 && c <= 0xef ? 3
               : c >= 0xf0 && c <= 0xf4 ? 4
                                        : 0;
  for (size_t i = 1; i < len; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) || (c == 0xf0 && s[1] < 0x90) ||
      (c == 0xf4 && s[1] > 0x8f))
    return 0;
  return len;
}

/* How a string is written into a log line. */
enum escape {
  ESC_JSON, /* JSON string content */
  ESC_WORD, /* one word of a text line: spaces escaped too */
  ESC_LINE, /* the rest of a text line: spaces kept */
};

/* Appends s to out (cap bytes, always NUL-terminated, stops before
 * overflowing): control bytes escaped, and bytes that are not UTF-8 as the
 * four characters \xNN in every format (in JSON too: valid output, and the
 * byte still readable). */
static void escape_into(char *out, size_t cap, const char *s, enum escape how)
{
  bool json = how == ESC_JSON;
  size_t n = strlen(out);
  const unsigned char *p = (const unsigned char *)s;
  while (*p != '\0' && n + 12 < cap) {
    unsigned char c = *p;
    size_t seq = utf8_sequence(p);
    if (seq == 0) {
      n += (size_t)snprintf(out + n, cap - n, json ? "\\\\x%02x" : "\\x%02x", c);
    } else if (c == '\\' || (json && c == '"')) {
      out[n++] = '\\'; /* in text too, so that \xNN stays unambiguous */
      out[n++] = (char)c;
    } else if (c < 0x20 || c == 0x7f || (how == ESC_WORD && c == ' ')) {
      n += (size_t)snprintf(out + n, cap - n, json ? "\\u%04x" : "\\x%02x", c);
    } else {
      memcpy(out + n, p, seq);
      n += seq;
      p += seq - 1;
    }
    p++;
  }
  out[n] = '\0';
}

void log_json_escape(char *out, size_t cap, const char *s)
{
  escape_into(out, cap, s, ESC_JSON);
}

/* The seconds part is formatted once per second per thread (gmtime_r and
 * strftime were 2 % of a cached hit's CPU with a line per request). */
static void timestamp(char *buf, size_t cap)
{
  static _Thread_local time_t last_sec = (time_t)-1;
  static _Thread_local char last_text[32];
  static _Thread_local size_t last_len;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (ts.tv_sec != last_sec) {
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    last_len = strftime(last_text, sizeof last_text, "%Y-%m-%dT%H:%M:%S", &tm);
    last_sec = ts.tv_sec;
  }
  if (cap < last_len + 6) {
    buf[0] = '\0';
    return;
  }
  memcpy(buf, last_text, last_len);
  unsigned ms = (unsigned)(ts.tv_nsec / 1000000);
  char *p = buf + last_len;
  *p++ = '.';
  *p++ = (char)('0' + ms / 100);
  *p++ = (char)('0' + ms / 10 % 10);
  *p++ = (char)('0' + ms % 10);
  *p++ = 'Z';
  *p = '\0';
}

static void emit(char *line, size_t len)
{
  if (len >= LOG_LINE_MAX - 1)
    len = LOG_LINE_MAX - 2;
  line[len++] = '\n';
  /* One write per line keeps lines whole when threads log at once. */
  ssize_t rc = write(STDOUT_FILENO, line, len);
  (void)rc;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
  if (level < log_min)
    return;
  char text[LOG_LINE_MAX / 2];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  char ts[40], line[LOG_LINE_MAX];
  timestamp(ts, sizeof ts);
  int n;
  if (log_fmt == LOG_FORMAT_JSON) {
    char esc[LOG_LINE_MAX - 128] = "";
    escape_into(esc, sizeof esc, text, ESC_JSON);
    n = snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}", ts,
                 log_level_name(level), esc);
  } else {
    char esc[LOG_LINE_MAX - 128] = "";
    escape_into(esc, sizeof esc, text, ESC_LINE);
    n = snprintf(line, sizeof line, "%s %-5s %s", ts, log_level_name(level), esc);
  }
  emit(line, n < 0 ? 0 : (size_t)n);
}

void log_request(const struct request_log *r)
{
  if (LOG_INFO < log_min)
    return;
  char ts[40], line[LOG_LINE_MAX];
  timestamp(ts, sizeof ts);
  int n;
  bool json = log_fmt == LOG_FORMAT_JSON;
  enum escape how = json ? ESC_JSON : ESC_WORD;
  char method[80] = "", path[1024] = "", rid[160] = "";
  escape_into(method, sizeof method, r->method, how);
  escape_into(path, sizeof path, r->path != NULL ? r->path : "", how);
  escape_into(rid, sizeof rid, r->request_id, how);
  if (json) {
    n = snprintf(line, sizeof line,
                 "{\"ts\":\"%s\",\"level\":\"info\",\"msg\":\"request\",\"method\":\"%s\","
                 "\"path\":\"%s\",\"route\":\"%s\",\"status\":%u,\"bytes\":%zu,"
                 "\"duration_ms\":%.3f,\"request_id\":\"%s\"}",
                 ts, method, path, r->route ? r->route : "", r->status, r->bytes,
                 r->duration_ms, rid);
  } else {
    n = snprintf(line, sizeof line, "%s info  %s %s %u %zuB %.3fms id=%s", ts, method, path,
                 r->status, r->bytes, r->duration_ms, rid);
  }
  emit(line, n < 0 ? 0 : (size_t)n);
}
