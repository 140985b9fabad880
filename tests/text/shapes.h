/* shapes.h - adversarial article shapes for the linear-time test, the fuzz
 * corpus generator and bench_text: each fills a buffer with about n bytes. */
#ifndef SAYWHO_TEXT_SHAPES_H
#define SAYWHO_TEXT_SHAPES_H

#include <stddef.h>

#include "roster.h"

enum shape {
  SHAPE_HEADINGS,  /* ~n/14 short heading-like lines and one paragraph at the end */
  SHAPE_SENTENCE,  /* one endless sentence: cues, adverbs, names, commas, no final point */
  SHAPE_QUOTES,    /* thousands of quotation marks, straight and curly, in few paragraphs */
  SHAPE_BRACKETS,  /* brackets nested thousands deep around names and cues */
  SHAPE_SPEAKERS,  /* a paragraph per sentence naming one of many registered speakers */
  SHAPE_COUNT
};

/* "headings", "sentence", ... */
const char *shape_name(enum shape s);

/* Writes about n bytes of shape s into a new NUL-terminated buffer (*len its
 * length); the caller frees it. NULL when out of memory. */
char *shape_body(enum shape s, size_t n, size_t *len);

/* A roster of count generated speakers ("Speaker Kalomi Renvito" + surname,
 * titled and role aliases), the ones SHAPE_SPEAKERS names, the first two
 * "Jinping Xi" and "Vladimir Putin" (the other shapes name them); count >= 2.
 * Returns NULL when out of memory. Free it with roster_free(). */
struct roster *shape_roster(size_t count);

#endif
