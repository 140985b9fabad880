/* wire.h - the raw text/plain wire format: a body to store plus its metadata.
 *
 * Input (what agencies and archives hand around, see API.md "Ingest"):
 *   an optional leading "date YYYY-MM-DD " before the first paragraph,
 *   one paragraph per line, short unpunctuated lines as section headings,
 *   trailing metadata lines: "Published : December 16, 2021", "By : China Daily",
 *   "With Xinhua inputs" (also "Source: X", "Credit: X", "Byline: X",
 *   "Date: 2021-12-16"), and optionally a byline line "By John Smith" as the
 *   first or a trailing line.
 *
 * The stored body (the same rules for text/plain and for JSON bodies, so that
 * duplicates compare equal and offsets point into exactly what is stored):
 *   CR LF and lone CR become LF; every line is trimmed of leading and trailing
 *   blanks (space, tab, NBSP); blank lines are dropped, so the body is one
 *   paragraph or heading per line, separated by a single LF; no leading or
 *   trailing blank at all. Invalid UTF-8 and NUL bytes are refused.
 */
#ifndef SAYWHO_WIRE_H
#define SAYWHO_WIRE_H

#include <stddef.h>

/* Bodies above this many bytes (raw input) are refused (the engine's cap). */
#define WIRE_MAX_BYTES ((size_t)4 << 20)

struct wire_article {
  char *body;              /* owned, NUL-terminated, normalised as above; never NULL on success */
  size_t body_len;         /* bytes, without the NUL */
  char published_at[11];   /* "YYYY-MM-DD", or "" when none was found */
  char *source;            /* owned, or NULL: "By : China Daily", "Source: X" */
  char *byline;            /* owned, or NULL: "By John Smith", "Byline: X" */
  char *credit;            /* owned, or NULL: the whole line, "With Xinhua inputs" */
};

/* Parses raw wire text (not necessarily NUL-terminated) into art. Returns 0,
 * or -1 with a message in err (invalid UTF-8, NUL byte, too large, empty body
 * once metadata is removed, out of memory). On success the caller owns art's
 * strings and frees them with wire_article_free(); on failure nothing is left
 * allocated and art is zeroed. */
__attribute__((warn_unused_result)) int wire_parse(const char *raw, size_t len,
                                                   struct wire_article *art, char *err,
                                                   size_t errlen);

/* Frees art's strings and zeroes it; NULL and already-freed are fine. */
void wire_article_free(struct wire_article *art);

/* Normalises a body that came as JSON ("body" field) by the same rules as the
 * wire body (no metadata or date stripping). *out is a new NUL-terminated
 * string the caller frees with free(); *out_len its length. Returns 0, or -1
 * with a message in err (invalid UTF-8, NUL byte, too large, empty after
 * trimming, out of memory); *out is NULL then. */
__attribute__((warn_unused_result)) int wire_normalize_body(const char *in, size_t len,
                                                            char **out, size_t *out_len,
                                                            char *err, size_t errlen);

/* Parses a date as news copy writes it into "YYYY-MM-DD" (out has room for 11
 * bytes): "2021-12-16", "December 16, 2021", "Dec. 16, 2021", "16 December
 * 2021". Returns 0, or -1 (out = "") when text is not one valid date. */
int wire_parse_date(const char *text, size_t len, char out[11]);

#endif
