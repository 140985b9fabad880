/* stmt.c - what a statement's text shows: quotation marks at its ends, the
 * first person, a sentence's end; and setting its speaker. */
#include "extract_internal.h"

#include <string.h>
#include <strings.h>

void stmt_attribute(struct statement *s, long long id, enum attr_method m, const char *cue,
                    double conf, struct text_span ev) {
  s->speaker_id = id;
  s->method = m;
  s->cue = cue;
  s->confidence = conf;
  s->evidence = ev;
}

int stmt_word_in(const char *body, size_t a, size_t b, const char *w, size_t n) {
  for (size_t i = a; i + n <= b; i++) {
    if (strncasecmp(body + i, w, n) != 0)
      continue;
    int left = i == a || !((body[i - 1] | 32) >= 'a' && (body[i - 1] | 32) <= 'z');
    int right = i + n == b || !((body[i + n] | 32) >= 'a' && (body[i + n] | 32) <= 'z');
    if (left && right)
      return 1;
  }
  return 0;
}

int stmt_opens_quote(const struct run_state *st, const struct statement *s) {
  const char *b = st->body + s->start;
  size_t n = s->end - s->start;
  return (n >= 1 && b[0] == '"') ||
         (n >= 3 && (!strncmp(b, "\xe2\x80\x9c", 3) || !strncmp(b, "\xe2\x80\x98", 3))) ||
         (n >= 2 && !strncmp(b, "\xc2\xab", 2));
}

int stmt_ends_sentence(const struct run_state *st, const struct statement *s) {
  size_t e = s->end;
  while (e > s->start) {
    unsigned char c = (unsigned char)st->body[e - 1];
    if (c == '"' || c == '\'' || c == ')')
      e--;
    else if (e - s->start >= 3 && c >= 0x80 && !strncmp(st->body + e - 3, "\xe2\x80", 2) &&
             (unsigned char)st->body[e - 1] != 0xa6)
      e -= 3; /* a closing curly mark: ” ’ */
    else
      break;
  }
  if (e == s->start)
    return 0;
  char c = st->body[e - 1];
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
         (e - s->start >= 3 && !strncmp(st->body + e - 3, "\xe2\x80\xa6", 3));
}

int stmt_quoted_whole(const struct statement *s) {
  return s->quote_count == 1 && s->quotes[0].start <= s->start + 3 &&
         s->quotes[0].end + 4 >= s->end;
}

int stmt_closes_quote(const struct run_state *st, const struct statement *s) {
  const char *b = st->body;
  size_t n = s->end - s->start;
  return (n >= 1 && b[s->end - 1] == '"') ||
         (n >= 3 && !strncmp(b + s->end - 3, "\xe2\x80\x9d", 3)) ||
         (n >= 2 && !strncmp(b + s->end - 2, "\xc2\xbb", 2));
}

int stmt_unclaimed_quotation(const struct run_state *st, size_t from, size_t to) {
  if (from > to || to >= st->res->statement_count ||
      st->res->statements[from].paragraph != st->res->statements[to].paragraph)
    return 0;
  for (size_t k = from; k <= to; k++)
    if (st->res->statements[k].speaker_id != 0)
      return 0;
  return stmt_opens_quote(st, &st->res->statements[from]) || stmt_speaks_first(st, from, to);
}

void stmt_continue(struct run_state *st, size_t from, size_t to, long long id, double conf) {
  for (size_t k = from; k <= to; k++) {
    struct statement *s = &st->res->statements[k];
    stmt_attribute(s, id, ATTR_CONTINUATION, NULL, conf, (struct text_span){s->start, s->start});
  }
}

int stmt_first_person(const struct run_state *st, const struct statement *s, int singular) {
  static const char *const words[] = {"I",  "my", "My",  "me", /* singular: the first four */
                                      "we", "We", "our", "Our", "us", NULL};
  const char *b = st->body;
  for (size_t i = s->start; i < s->end; i++) {
    if (i > s->start && (((b[i - 1] | 32) >= 'a' && (b[i - 1] | 32) <= 'z') || b[i - 1] == '\''))
      continue;
    for (size_t k = 0; words[k] && !(singular && k >= 4); k++) {
      size_t n = strlen(words[k]);
      if (i + n <= s->end && !memcmp(b + i, words[k], n) &&
          (i + n == s->end || !((b[i + n] | 32) >= 'a' && (b[i + n] | 32) <= 'z')))
        return 1;
    }
  }
  return 0;
}

int stmt_speaks_first(const struct run_state *st, size_t from, size_t to) {
  for (size_t k = from; k <= to; k++)
    if (stmt_first_person(st, &st->res->statements[k], 0))
      return 1;
  return 0;
}

int stmt_speaks_as_i(const struct run_state *st, size_t from, size_t to) {
  for (size_t k = from; k <= to; k++)
    if (stmt_first_person(st, &st->res->statements[k], 1))
      return 1;
  return 0;
}
