/* log.c - structured log lines, written with one write(2) each. */
#include "log.h"

#include <stdarg.h>
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

void log_json_escape(char *out, size_t cap, const char *s)
{
  size_t n = strlen(out);
  for (; *s != '\0' && n + 7 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      out[n++] = '\\';
      out[n++] = (char)c;
    } else if (c < 0x20) {
      n += (size_t)snprintf(out + n, cap - n, "\\u%04x", c);
    } else {
      out[n++] = (char)c;
    }
  }
  out[n] = '\0';
}

static void timestamp(char *buf, size_t cap)
{
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, cap - n, ".%03ldZ", ts.tv_nsec / 1000000);
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
    log_json_escape(esc, sizeof esc, text);
    n = snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}", ts,
                 log_level_name(level), esc);
  } else {
    n = snprintf(line, sizeof line, "%s %-5s %s", ts, log_level_name(level), text);
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
  if (log_fmt == LOG_FORMAT_JSON) {
    char path[1024] = "", rid[160] = "";
    log_json_escape(path, sizeof path, r->path);
    log_json_escape(rid, sizeof rid, r->request_id);
    n = snprintf(line, sizeof line,
                 "{\"ts\":\"%s\",\"level\":\"info\",\"msg\":\"request\",\"method\":\"%s\","
                 "\"path\":\"%s\",\"route\":\"%s\",\"status\":%u,\"bytes\":%zu,"
                 "\"duration_ms\":%.3f,\"request_id\":\"%s\"}",
                 ts, r->method, path, r->route ? r->route : "", r->status, r->bytes,
                 r->duration_ms, rid);
  } else {
    n = snprintf(line, sizeof line, "%s info  %s %s %u %zuB %.3fms id=%s", ts, r->method,
                 r->path, r->status, r->bytes, r->duration_ms, r->request_id);
  }
  emit(line, n < 0 ? 0 : (size_t)n);
}
