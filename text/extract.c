/* extract.c - attribution: sentences of a body to statements with speakers.
 *
 * Per sentence we tokenize, find the speakers named (roster_scan) and the
 * speech cues (lexicon.c), then look for the first cue whose subject stands at
 * the head of its clause:
 *   SUBJECT [adverbs] CUE ...        "Xi said ...", "..., Xi said.", "Putin also said"
 *   SUBJECT, apposition, CUE         "Xi, who is also ..., said"
 *   , CUE SUBJECT                    "..., said Putin." / "...," said the Russian leader.
 *   according to SUBJECT             anywhere, the subject followed by a boundary
 * A subject is a speaker form (not possessive: "Putin's spokesman said" is the
 * spokesman), a pronoun (he/she: the most recent speaker), or anything else
 * (an unknown speaker: the statement stays unattributed and the next "he"
 * stays unresolved). Cue-less sentences may continue the previous statement's
 * speaker within a paragraph: inside or right after an open quotation, a
 * quotation-led sentence, or reported speech in the future or a modal.
 *
 * This file splits the body into lines, headings and sentences and keeps the
 * statements; the rules live in tokens.c, cues.c, phrases.c, subject.c and
 * paragraph.c, behind extract_internal.h.
 */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_internal.h"
#include "sentences.h"
#include "utf8.h"

#define HEADING_MAX_WORDS 12
#define HEADING_MAX_BYTES 100
#define HEADLINE_MAX_WORDS 24 /* the body's first line */
#define HEADLINE_MAX_BYTES 200

const char *attr_method_name(enum attr_method m) {
  switch (m) {
  case ATTR_NAME: return "name";
  case ATTR_ALIAS: return "alias";
  case ATTR_ROLE: return "role";
  case ATTR_PRONOUN: return "pronoun";
  case ATTR_CONTINUATION: return "continuation";
  case ATTR_NONE: break;
  }
  return NULL;
}

static void set_err(char *err, size_t errlen, const char *msg) {
  if (err && errlen)
    snprintf(err, errlen, "%s", msg);
}

int extract_grow(void **p, size_t *cap, size_t need, size_t size, size_t max) {
  if (need <= *cap)
    return 0;
  if (need > max)
    return -1;
  size_t nc = *cap ? *cap * 2 : 16;
  while (nc < need)
    nc *= 2;
  if (nc > max)
    nc = max;
  void *np = realloc(*p, nc * size);
  if (!np)
    return -1;
  *p = np;
  *cap = nc;
  return 0;
}

/* Adds a statement; EXTRACT_TOO_COMPLEX past EXTRACT_MAX_STATEMENTS,
 * EXTRACT_FAILED when out of memory. */
static int add_statement(struct run_state *st, size_t start, size_t end, int section,
                         int paragraph, size_t *cp_pos, size_t *cp_byte) {
  struct extract_result *res = st->res;
  if (res->statement_count >= EXTRACT_MAX_STATEMENTS)
    return EXTRACT_TOO_COMPLEX;
  if (extract_grow((void **)&res->statements, &st->stmt_cap, res->statement_count + 1,
           sizeof *res->statements, EXTRACT_MAX_STATEMENTS) < 0)
    return -1;
  struct statement *s = &res->statements[res->statement_count++];
  memset(s, 0, sizeof *s);
  s->start = start;
  s->end = end;
  *cp_pos += utf8_count(st->body + *cp_byte, start - *cp_byte);
  s->cp_start = *cp_pos;
  *cp_pos += utf8_count(st->body + start, end - start);
  s->cp_end = *cp_pos;
  *cp_byte = end;
  s->section = section;
  s->paragraph = paragraph;
  return 0;
}

static size_t words_in(const char *body, size_t a, size_t b) {
  size_t words = 1;
  for (size_t i = a; i < b; i++)
    words += body[i] == ' ';
  return words;
}

/* Whether line body[a..b) is a section heading; headline: it is the body's
 * first line (headline), where a headline may be longer and open with a quotation mark
 * ("'We didn't play well' is about all an unhappy Bill Belichick would say
 * after Patriots' loss to Colts"). */
static int is_heading(const char *body, size_t a, size_t b, int headline) {
  if (b - a > (headline ? HEADLINE_MAX_BYTES : HEADING_MAX_BYTES) || b == a)
    return 0;
  if (headline && b - a > 3 && (!strncmp(body + a, "\xe2\x80\x98", 3) || !strncmp(body + a, "\xe2\x80\x9c", 3)))
    a += 3;
  else if (headline && b - a > 1 && (body[a] == '"' || body[a] == '\''))
    a += 1;
  if (b - a > 2 && body[a] == '*' && body[a + 1] == '*') { /* "**Nuclear Weapons", bold as markdown */
    while (a < b && body[a] == '*')
      a++;
    while (b > a && body[b - 1] == '*')
      b--;
    if (a == b)
      return 0;
  }
  uint32_t first, last;
  utf8_decode(body, b, a, &first);
  utf8_prev(body, b, &last);
  if (utf8_is_lower(first) || !utf8_is_word(first))
    return 0;
  if (!utf8_is_word(last) && (last != ')' || (headline && words_in(body, a, b) > HEADING_MAX_WORDS)))
    return 0; /* a long headline closing a bracket is a sentence's */
  if (last == ')' && b - a >= 2 && (body[b - 2] == '.' || body[b - 2] == '!' || body[b - 2] == '?'))
    return 0; /* "Q    Thank you. (Laughter.)": a sentence ends inside the bracket */
  return words_in(body, a, b) <= (headline ? HEADLINE_MAX_WORDS : HEADING_MAX_WORDS);
}

static int add_section(struct run_state *st, size_t a, size_t b) {
  struct extract_result *res = st->res;
  if (res->section_count >= EXTRACT_MAX_SECTIONS)
    return EXTRACT_TOO_COMPLEX;
  if (extract_grow((void **)&res->sections, &st->sec_cap, res->section_count + 1, sizeof *res->sections,
           EXTRACT_MAX_SECTIONS) < 0)
    return EXTRACT_FAILED;
  res->sections[res->section_count++] = (struct text_span){a, b};
  return 0;
}

void extract_result_free(struct extract_result *res) {
  if (!res)
    return;
  for (size_t i = 0; i < res->statement_count; i++) {
    free(res->statements[i].quotes);
    free(res->statements[i].mentions);
  }
  free(res->statements);
  free(res->sections);
  memset(res, 0, sizeof *res);
}

/* Where the body's last paragraph (a line that is no heading) starts, or len
 * when there is none: a heading needs a paragraph after it to head. Scans
 * back from the end once, so every heading is checked in constant time. */
static size_t last_paragraph(const char *body, size_t len) {
  size_t e = len;
  while (e > 0) {
    size_t a = e;
    while (a > 0 && body[a - 1] != '\n')
      a--;
    if (e > a && !is_heading(body, a, e, 0))
      return a;
    if (a == 0)
      break;
    e = a - 1;
  }
  return len;
}

int extract_run(const struct roster *r, const char *body, size_t len,
                unsigned long long max_steps, struct extract_result *res, char *err,
                size_t errlen) {
  memset(res, 0, sizeof *res);
  if (len > EXTRACT_MAX_BODY) {
    set_err(err, errlen, "body is larger than 4 MiB");
    return EXTRACT_FAILED;
  }
  struct run_state st = {.r = r, .body = body, .len = len, .res = res,
                         .max_steps = max_steps ? max_steps : EXTRACT_DEFAULT_STEPS};
  size_t cp_pos = 0, cp_byte = 0;
  int section = -1, paragraph = 0, rc = EXTRACT_OK;
  size_t a = 0, last_para = last_paragraph(body, len), prev_first = SIZE_MAX, carry = SIZE_MAX;
  size_t first_line = 0; /* where the headline would start */
  while (first_line < len && (body[first_line] == ' ' || body[first_line] == '\t' ||
                              body[first_line] == '\r' || body[first_line] == '\n'))
    first_line++;
  while (a < len && rc == EXTRACT_OK) {
    size_t b = a;
    while (b < len && body[b] != '\n')
      b++;
    size_t la = a, lb = b;
    while (la < lb && (body[la] == ' ' || body[la] == '\t' || body[la] == '\r'))
      la++;
    while (lb > la && (body[lb - 1] == ' ' || body[lb - 1] == '\t' || body[lb - 1] == '\r'))
      lb--;
    if (lb > la && is_heading(body, la, lb, la == first_line) && last_para > b) {
      rc = add_section(&st, la, lb);
      paragraph_heading(&st, la, lb);
      carry = prev_first = SIZE_MAX; /* a heading ends any quotation and tag line's reach */
      section = (int)res->section_count - 1;
    } else if (lb > la) {
      struct paragraph_state ps = {.pending_from = SIZE_MAX, .first_stmt = res->statement_count,
                                   .prev_first = prev_first, .carry = carry};
      prev_first = res->statement_count;
      struct splitter it;
      struct sentence_span sp;
      splitter_init(&it, body + la, lb - la);
      while (rc == EXTRACT_OK && splitter_next(&it, &sp)) {
        rc = add_statement(&st, la + sp.start, la + sp.end, section, paragraph, &cp_pos,
                           &cp_byte);
        if (rc == EXTRACT_OK)
          rc = paragraph_sentence(&st, &ps, res->statement_count - 1);
      }
      if (rc == EXTRACT_OK) {
        paragraph_settle(&st, &ps, res->statement_count - 1);
        paragraph_end(&st, &ps, res->statement_count - 1);
      }
      /* cppcheck-suppress knownConditionTrueFalse - false: add_statement() adds to res */
      carry = ps.open && res->statement_count > prev_first &&
                      res->statements[res->statement_count - 1].speaker_id > 0
                  ? res->statement_count - 1
                  : SIZE_MAX;
      paragraph++;
    }
    a = b + 1;
  }
  if (rc == EXTRACT_TOO_COMPLEX && err && errlen)
    snprintf(err, errlen, "too complex: more than %d statements, %d sections or %llu steps of work",
             EXTRACT_MAX_STATEMENTS, EXTRACT_MAX_SECTIONS, st.max_steps);
  else if (rc != EXTRACT_OK)
    set_err(err, errlen, "out of memory");
  free(st.sc.toks);
  free(st.sc.hits);
  free(st.sc.raw);
  if (rc != EXTRACT_OK)
    extract_result_free(res);
  return rc;
}
