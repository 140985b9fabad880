/* dynbuf.h - a growable byte buffer with a maximum size set when it is made
 * (curl's dynbuf). Every layer uses it for text it builds: request bodies,
 * SQL array literals, Link headers, the metrics exposition.
 *
 * Invariants: buf is NULL or NUL-terminated at len; len < max. Adding past
 * max, or running out of memory, marks the buffer failed for good: later
 * additions do nothing, and dynbuf_take() gives NULL. The buffer owns buf
 * until dynbuf_take() hands it over; dynbuf_free() releases it. */
#ifndef SAYWHO_DYNBUF_H
#define SAYWHO_DYNBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct dynbuf {
  char *buf;    /* NULL until the first addition */
  size_t len;   /* bytes held, without the NUL */
  size_t cap;   /* bytes allocated */
  size_t max;   /* len + 1 never exceeds this */
  bool failed;  /* over max or out of memory */
  bool too_big; /* failed because of max (not memory) */
};

/* An empty buffer that will hold at most max - 1 bytes. */
void dynbuf_init(struct dynbuf *b, size_t max);

/* Appends data[0..n) when it takes growing the buffer (or the buffer has
 * failed); dynbuf_add() is the call to make. */
int dynbuf_add_grow(struct dynbuf *b, const void *data, size_t n);

/* Appends data[0..n); 0, or -1 once the buffer has failed. Inline when it
 * fits: the JSON writer appends a few bytes at a time, tens of thousands of
 * times for a big answer, and the call was half of rendering one
 * (bench/RESULTS.md). cap never exceeds max, and a failed buffer has cap
 * 0, so room within cap is room within max. */
static inline int dynbuf_add(struct dynbuf *b, const void *data, size_t n)
{
  if (n >= b->cap - b->len)
    return dynbuf_add_grow(b, data, n);
  memcpy(b->buf + b->len, data, n);
  b->len += n;
  b->buf[b->len] = '\0';
  return 0;
}
int dynbuf_adds(struct dynbuf *b, const char *s);
int dynbuf_addf(struct dynbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The text so far ("" when empty), or NULL once the buffer has failed. */
const char *dynbuf_str(const struct dynbuf *b);

/* Hands the text over (caller free()s; never NULL for an empty buffer that
 * has not failed) and leaves the buffer empty; *len gets its length. NULL
 * once the buffer has failed. */
char *dynbuf_take(struct dynbuf *b, size_t *len);

/* Cuts the text back to its first len bytes (len <= b->len). */
void dynbuf_truncate(struct dynbuf *b, size_t len);

/* Empties the text, keeping the allocation and any failure. */
void dynbuf_reset(struct dynbuf *b);

/* Releases the text and leaves the buffer empty (same max, not failed). */
void dynbuf_free(struct dynbuf *b);

#endif
