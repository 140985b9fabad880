/* shapes.c - adversarial article shapes: what a linear engine must take in stride. */
#include "shapes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[SHAPE_COUNT] = {"headings", "sentence", "quotes", "brackets",
                                               "speakers"};

const char *shape_name(enum shape s) {
  return names[s];
}

/* Pieces each shape repeats until n bytes are written. */
/* Cues that decide nothing ("that said"), so the engine keeps looking. */
static const char *const sentence_parts[] = {
    "that said Xi ", "when asked and said ", "the plan which said Putin ", "also also also ",
    "the U.S. Gov. Dr. ", "Putin's ", "whose and said ", "of those saying ", "which told "};
static const char *const quote_parts[] = {
    "\"", "\xe2\x80\x9c", "\xe2\x80\x9d", "'", " \"We said, ", "Xi said.\" ", "\xe2\x80\x98",
    "\xe2\x80\x99", "\xe2\x80\x9e", "\"Yes?\" Putin asked. ", ",\" said Xi, \"", "\xc2\xab",
    "\xc2\xbb"};

/* The name of generated speaker i: "Kalomi Renvito" from i's digits in a
 * syllable base, so no two speakers share a surname. */
static void speaker_name(size_t i, char *first, char *last, size_t size) {
  static const char *const syll[] = {"ka", "lo", "mi", "ren", "sa", "to", "vi", "dor",
                                     "el", "an", "bru", "che", "ga", "ho", "ju", "ni"};
  size_t o = 0;
  for (size_t k = 0, v = i; k < 5; k++, v /= 16)
    o += (size_t)snprintf(last + o, size - o, "%s", syll[v % 16]);
  snprintf(first, size, "%s%s", syll[(i * 7) % 16], syll[(i * 3 + 1) % 16]);
  first[0] = (char)(first[0] - 32);
  last[0] = (char)(last[0] - 32);
}

struct out {
  char *b;
  size_t n, cap;
};

static int put(struct out *o, const char *s) {
  size_t k = strlen(s);
  if (o->n + k + 1 > o->cap)
    return -1;
  memcpy(o->b + o->n, s, k + 1);
  o->n += k;
  return 0;
}

char *shape_body(enum shape s, size_t n, size_t *len) {
  struct out o = {malloc(n + 256), 0, n + 256};
  if (!o.b)
    return NULL;
  o.b[0] = '\0';
  char line[256], first[64], last[64];
  for (size_t i = 0; o.n < n; i++) {
    switch (s) {
    case SHAPE_HEADINGS:
      snprintf(line, sizeof line, "Heading %zu\n", i);
      break;
    case SHAPE_SENTENCE:
      snprintf(line, sizeof line, "%s", sentence_parts[i % 9]);
      break;
    case SHAPE_QUOTES:
      snprintf(line, sizeof line, "%s%s", quote_parts[i % 13], i % 997 == 996 ? "\n" : "");
      break;
    case SHAPE_BRACKETS:
      snprintf(line, sizeof line, "%s", i % 3 == 2 ? "Xi said (" : i % 3 ? "[" : "(");
      break;
    case SHAPE_SPEAKERS:
      speaker_name(i % 100000, first, last, sizeof first);
      snprintf(line, sizeof line, "\"We will,\" %s %s said. Mr %s added that %s agreed.\n",
               first, last, last, i % 2 ? "he" : "the minister");
      break;
    case SHAPE_COUNT:
      break;
    }
    if (put(&o, line) < 0)
      break;
  }
  if (s == SHAPE_BRACKETS) /* close what is open: "...)]" */
    for (size_t k = o.n; k > 0 && o.n + 2 < o.cap && o.n < n + 200; k--)
      if (o.b[k - 1] == '(' || o.b[k - 1] == '[')
        o.b[o.n++] = o.b[k - 1] == '(' ? ')' : ']';
  if (s == SHAPE_HEADINGS && o.n + 40 < o.cap)
    put(&o, "The last line is a paragraph, Xi said.");
  o.b[o.n] = '\0';
  *len = o.n;
  return o.b;
}

struct roster *shape_roster(size_t count) {
  struct roster_speaker *sp = calloc(count, sizeof *sp);
  char (*text)[4][160] = calloc(count, sizeof *text);
  const char *(*aliases)[3] = calloc(count, sizeof *aliases);
  struct roster *r = NULL;
  if (!sp || !text || !aliases)
    goto out;
  for (size_t i = 0; i < count; i++) {
    char first[64], last[64];
    speaker_name(i, first, last, sizeof first);
    if (i < 2) /* the two the other shapes name */
      snprintf(first, sizeof first, "%s", i ? "Vladimir" : "Jinping"),
          snprintf(last, sizeof last, "%s", i ? "Putin" : "Xi");
    snprintf(text[i][0], sizeof text[i][0], "%s %s", first, last);
    snprintf(text[i][1], sizeof text[i][1], "%s", last);
    snprintf(text[i][2], sizeof text[i][2], "Minister %s %s", first, last);
    snprintf(text[i][3], sizeof text[i][3], "the %s minister", first);
    for (size_t k = 0; k < 3; k++)
      aliases[i][k] = text[i][k + 1];
    sp[i] = (struct roster_speaker){(long long)i + 1, text[i][0], aliases[i], 3};
  }
  char err[128];
  if (roster_build(sp, count, &r, err, sizeof err) < 0)
    r = NULL;
out:
  free(sp);
  free(text);
  free(aliases);
  return r;
}
