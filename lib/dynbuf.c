/* dynbuf.c - append with doubling, refuse past the maximum. */
#include "dynbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dynbuf_init(struct dynbuf *b, size_t max)
{
  memset(b, 0, sizeof *b);
  b->max = max;
}

static int fail(struct dynbuf *b, bool too_big)
{
  b->failed = true;
  b->too_big = too_big;
  free(b->buf);
  b->buf = NULL;
  b->len = b->cap = 0;
  return -1;
}

/* Makes room for n more bytes and the NUL. */
static int reserve(struct dynbuf *b, size_t n)
{
  if (b->failed)
    return -1;
  if (n >= b->max - b->len)
    return fail(b, true);
  size_t need = b->len + n + 1;
  if (need <= b->cap)
    return 0;
  /* Never past max: dynbuf_add()'s inline path trusts cap for the bound. */
  size_t cap = b->cap ? b->cap : (b->max < 256 ? b->max : 256);
  while (cap < need)
    cap = cap > b->max / 2 ? b->max : cap * 2;
  char *grown = realloc(b->buf, cap);
  if (grown == NULL)
    return fail(b, false);
  b->buf = grown;
  b->cap = cap;
  return 0;
}

int dynbuf_add_grow(struct dynbuf *b, const void *data, size_t n)
{
  if (reserve(b, n) != 0)
    return -1;
  memcpy(b->buf + b->len, data, n);
  b->len += n;
  b->buf[b->len] = '\0';
  return 0;
}

int dynbuf_adds(struct dynbuf *b, const char *s)
{
  return dynbuf_add(b, s, strlen(s));
}

int dynbuf_addf(struct dynbuf *b, const char *fmt, ...)
{
  if (b->failed)
    return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || reserve(b, (size_t)n) != 0)
    return n < 0 ? fail(b, false) : -1;
  va_start(ap, fmt);
  vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

const char *dynbuf_str(const struct dynbuf *b)
{
  if (b->failed)
    return NULL;
  return b->buf ? b->buf : "";
}

char *dynbuf_take(struct dynbuf *b, size_t *len)
{
  if (b->failed)
    return NULL;
  char *out = b->buf ? b->buf : strdup("");
  if (out == NULL)
    return NULL;
  if (len != NULL)
    *len = b->len;
  b->buf = NULL;
  b->len = b->cap = 0;
  return out;
}

void dynbuf_truncate(struct dynbuf *b, size_t len)
{
  if (b->buf == NULL || len >= b->len)
    return;
  b->len = len;
  b->buf[len] = '\0';
}

void dynbuf_reset(struct dynbuf *b)
{
  b->len = 0;
  if (b->buf != NULL)
    b->buf[0] = '\0';
}

void dynbuf_free(struct dynbuf *b)
{
  free(b->buf);
  dynbuf_init(b, b->max);
}
