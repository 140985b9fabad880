/* sentences.h - the sentence splitter, an iterator over offsets (allocates nothing).
 *
 *   struct splitter it;
 *   struct sentence_span sp;
 *   splitter_init(&it, body, len);
 *   while (splitter_next(&it, &sp))
 *     use(body + sp.start, sp.end - sp.start);
 *
 * A line end always ends a sentence (the body has one paragraph per line).
 * Within a line a sentence ends after '.', '?', '!', an ellipsis, or CJK
 * full stops, plus any closing quotes or brackets, when what follows is a
 * blank and then something that may start a sentence (not a lowercase letter).
 * No split after abbreviations and titles ("U.S.", "U.N.", "Mr.", "Dr.",
 * "No. 1", "Jan. 5", initials "J. Smith") unless the next word is a common
 * sentence opener ("...the U.S. The move ..."); numbers ("$1.5", "3.5") never
 * split since no blank follows the point. Spans are trimmed of blanks.
 */
#ifndef SAYWHO_SENTENCES_H
#define SAYWHO_SENTENCES_H

#include <stddef.h>

struct splitter {
  const char *text; /* borrowed; must outlive the iteration */
  size_t len;
  size_t pos;       /* where the next sentence search starts */
};

struct sentence_span {
  size_t start;     /* byte offset of the first byte */
  size_t end;       /* byte offset just past the last byte */
  int line_start;   /* 1 when the sentence starts its line (paragraph) */
  int line_end;     /* 1 when the sentence ends its line */
};

void splitter_init(struct splitter *it, const char *text, size_t len);

/* Fills *span with the next sentence and returns 1, or returns 0 at the end. */
int splitter_next(struct splitter *it, struct sentence_span *span);

#endif
