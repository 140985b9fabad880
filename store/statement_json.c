/* statement_json.c - a statement row and its mentioned speakers' rows into JSON. */
#include "statement_json.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

const char *statement_value(const PGresult *res, int row, int col)
{
  return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

void statement_rows_init(struct statement_rows *r, const PGresult *res)
{
  memset(r, 0, sizeof *r);
  r->res = res;
  r->article = -1;
  int n = PQntuples(res), i = 0;
  while (i < n && PQgetvalue(res, i, SC_KIND)[0] == 'd')
    i++;
  r->ndocs = i;
  while (i < n && PQgetvalue(res, i, SC_KIND)[0] == 'a')
    i++;
  r->narticles = i - r->ndocs;
  r->article = r->narticles > 0 ? r->ndocs : -1;
  r->mentions = i;
  while (i < n && PQgetvalue(res, i, SC_KIND)[0] == 'm')
    i++;
  r->nmentions = i - r->mentions;
  r->first = i;
  r->count = n - i;
}

/* PostgreSQL 15's steps, in its own order: float4_numeric() prints the float
 * with "%.6g" (FLT_DIG digits) and reads that decimal; round() then rounds it
 * half away from zero, exactly, in decimal; numeric_out() prints the scale 3.
 * strtof() of the shortest text PostgreSQL prints (extra_float_digits 1, the
 * default) gives back the very float; of the six digits it prints with 0, a
 * float that prints the same six. */
const char *statement_confidence(const char *real_text, char out[static STATEMENT_CONFIDENCE_MAX])
{
  if (real_text == NULL)
    return NULL;
  float f = strtof(real_text, NULL);
  if (!isfinite(f))
    return NULL;
  char g[32];
  snprintf(g, sizeof g, "%.6g", (double)f);
  /* g = [-]digits[.digits][e±exp]: its digits and where the point goes. */
  const char *p = g;
  bool negative = *p == '-';
  p += negative;
  char digits[16];
  int n = 0, point = -1;
  for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
    if (*p == '.')
      point = n;
    else if (n < (int)sizeof digits)
      digits[n++] = *p;
  }
  if (point < 0)
    point = n;
  if (*p == 'e')
    point += (int)strtol(p + 1, NULL, 10);
  /* The value times 1000, truncated: its whole part's digits then three
   * decimals, each taken from digits (or 0 outside them); the digit after
   * them decides (half away from zero, the decimal being exact). */
  char fixed[STATEMENT_CONFIDENCE_MAX] = {0};
  int whole = point > 0 ? point : 0;
  int total = whole + 3;
  if (total + 4 > (int)sizeof fixed)
    return NULL; /* beyond a real's range (1e38): cannot be */
  int at = point - whole; /* the index in digits of fixed[0] */
  for (int i = 0; i < total; i++) {
    int d = at + i;
    fixed[i] = d >= 0 && d < n ? digits[d] : '0';
  }
  int next = at + total;
  bool up = next >= 0 && next < n && digits[next] >= '5';
  for (int i = total - 1; up && i >= 0; i--) {
    if (fixed[i] == '9') {
      fixed[i] = '0';
    } else {
      fixed[i]++;
      up = false;
    }
  }
  /* fixed with the carry out of its top, if any, before it. */
  char *o = out;
  bool zero = !up;
  for (int i = 0; i < total && zero; i++)
    zero = fixed[i] == '0';
  if (negative && !zero)
    *o++ = '-';
  if (up)
    *o++ = '1';
  if (whole == 0 && !up)
    *o++ = '0';
  for (int i = 0; i < whole; i++)
    *o++ = fixed[i];
  *o++ = '.';
  for (int i = whole; i < total; i++)
    *o++ = fixed[i];
  *o = '\0';
  return out;
}

/* The row in [lo, lo + n) of res whose id column is id (sorted by it), or -1. */
static int row_by_id(const PGresult *res, int lo, int n, long long id)
{
  int hi = lo + n - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    long long v = strtoll(PQgetvalue(res, mid, SC_ID), NULL, 10);
    if (v == id)
      return mid;
    if (v < id)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}

/* The row of mentioned speaker id, or -1. */
static int mention_row(const struct statement_rows *r, long long id)
{
  return row_by_id(r->res, r->mentions, r->nmentions, id);
}

int statement_row_of(const struct statement_rows *r, long long id)
{
  return row_by_id(r->res, r->first, r->count, id);
}

/* The first row in [lo, lo + n) whose article_id is id or more (sorted by it). */
static int first_of_article(const PGresult *res, int lo, int n, long long id)
{
  int hi = lo + n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (strtoll(PQgetvalue(res, mid, SC_ARTICLE_ID), NULL, 10) < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

int statement_doc_row(const struct statement_rows *r, long long id)
{
  return row_by_id(r->res, 0, r->ndocs, id);
}

int statement_rows_of_article(const struct statement_rows *all, long long id,
                              struct statement_rows *out)
{
  *out = *all;
  out->article = all->article < 0 ? -1 : row_by_id(all->res, all->article, all->narticles, id);
  if (out->article < 0)
    return -1;
  out->narticles = 1;
  out->first = first_of_article(all->res, all->first, all->count, id);
  out->count = first_of_article(all->res, all->first, all->count, id + 1) - out->first;
  return 0;
}

static void speaker_ref(struct dynbuf *b, const PGresult *res, int row, const char *id)
{
  dynbuf_adds(b, "{\"id\":");
  dynbuf_adds(b, id);
  jsonw_name(b, "slug", false);
  jsonw_string(b, statement_value(res, row, SC_SLUG));
  jsonw_name(b, "name", false);
  jsonw_string(b, statement_value(res, row, SC_NAME));
  dynbuf_add(b, "}", 1);
}

/* mention_ids as PostgreSQL prints a bigint[] ("{3,5}"), in order; ids of
 * speakers gone meanwhile are left out. */
static void mentions(struct dynbuf *b, const struct statement_rows *r, const char *ids)
{
  dynbuf_add(b, "[", 1);
  bool first = true;
  for (const char *p = ids ? ids + 1 : ""; *p != '\0' && *p != '}';) {
    char *end;
    long long id = strtoll(p, &end, 10);
    if (end == p)
      break;
    int row = mention_row(r, id);
    if (row >= 0) {
      if (!first)
        dynbuf_add(b, ",", 1);
      speaker_ref(b, r->res, row, PQgetvalue(r->res, row, SC_ID));
      first = false;
    }
    p = *end == ',' ? end + 1 : end;
  }
  dynbuf_add(b, "]", 1);
}

/* Appends the statement object of row without its closing brace. */
static void statement_fields(struct dynbuf *b, const struct statement_rows *r, int row)
{
  const PGresult *res = r->res;
  dynbuf_adds(b, "{\"id\":");
  dynbuf_adds(b, PQgetvalue(res, row, SC_ID));
  jsonw_name(b, "article_id", false);
  dynbuf_adds(b, PQgetvalue(res, row, SC_ARTICLE_ID));
  jsonw_name(b, "seq", false);
  dynbuf_adds(b, PQgetvalue(res, row, SC_SEQ));
  jsonw_name(b, "section", false);
  jsonw_string(b, statement_value(res, row, SC_SECTION));
  jsonw_name(b, "text", false);
  jsonw_string(b, statement_value(res, row, SC_TEXT));
  jsonw_name(b, "start", false);
  jsonw_raw(b, statement_value(res, row, SC_START));
  jsonw_name(b, "end", false);
  jsonw_raw(b, statement_value(res, row, SC_END));
  jsonw_name(b, "speaker", false);
  const char *speaker = statement_value(res, row, SC_SPEAKER_ID);
  if (speaker == NULL)
    dynbuf_add(b, "null", 4);
  else
    speaker_ref(b, res, row, speaker);
  jsonw_name(b, "attribution", false);
  const char *method = statement_value(res, row, SC_METHOD);
  if (method == NULL) {
    dynbuf_add(b, "null", 4);
  } else {
    dynbuf_add(b, "{", 1);
    jsonw_name(b, "cue", true);
    jsonw_string(b, statement_value(res, row, SC_CUE));
    jsonw_name(b, "method", false);
    jsonw_string(b, method);
    jsonw_name(b, "confidence", false);
    char confidence[STATEMENT_CONFIDENCE_MAX];
    jsonw_raw(b, statement_confidence(statement_value(res, row, SC_CONFIDENCE), confidence));
    jsonw_name(b, "evidence", false);
    jsonw_string(b, statement_value(res, row, SC_EVIDENCE));
    dynbuf_add(b, "}", 1);
  }
  jsonw_name(b, "quotes", false);
  const char *quotes = statement_value(res, row, SC_QUOTES);
  dynbuf_adds(b, quotes ? quotes : "[]");
  jsonw_name(b, "mentions", false);
  mentions(b, r, statement_value(res, row, SC_MENTION_IDS));
  jsonw_name(b, "published_at", false);
  jsonw_string(b, statement_value(res, row, SC_PUBLISHED_AT));
}

void statement_json(struct dynbuf *b, const struct statement_rows *r, int row)
{
  statement_fields(b, r, row);
  dynbuf_add(b, "}", 1);
}

enum { MARK_START = 1, MARK_END = 2 }; /* ts_headline's StartSel / StopSel in statements_search.sql */

/* Appends the ranges of the words of marked (text with each match between MARK_START and
 * MARK_END) as a JSON array of [start, end] code-point offsets into text; [] unless marked is
 * text and its marks alone, well nested. */
static void highlight_ranges(struct dynbuf *b, const char *text, const char *marked)
{
  size_t mark = b->len;
  dynbuf_add(b, "[", 1);
  if (text == NULL || marked == NULL)
    goto empty;
  long cp = 0, start = -1;
  bool first = true;
  const char *t = text;
  for (const char *m = marked; *m != '\0'; m++) {
    if (*m == MARK_START || *m == MARK_END) {
      if ((*m == MARK_START) != (start < 0))
        goto empty;
      if (*m == MARK_START) {
        start = cp;
        continue;
      }
      char range[48];
      snprintf(range, sizeof range, "%s[%ld,%ld]", first ? "" : ",", start, cp);
      dynbuf_adds(b, range);
      first = false;
      start = -1;
      continue;
    }
    if (*m != *t)
      goto empty;
    if (((unsigned char)*m & 0xC0) != 0x80)
      cp++;
    t++;
  }
  if (*t != '\0' || start >= 0)
    goto empty;
  dynbuf_add(b, "]", 1);
  return;
empty:
  dynbuf_truncate(b, mark);
  dynbuf_add(b, "[]", 2);
}

void statement_search_json(struct dynbuf *b, const struct statement_rows *r, int row)
{
  statement_fields(b, r, row);
  jsonw_name(b, "rank", false);
  jsonw_raw(b, statement_value(r->res, row, SC_EXTRA + 1));
  jsonw_name(b, "highlight", false);
  highlight_ranges(b, statement_value(r->res, row, SC_TEXT), statement_value(r->res, row, SC_EXTRA + 2));
  dynbuf_add(b, "}", 1);
}

void statement_json_array(struct dynbuf *b, const struct statement_rows *r, int from, int n)
{
  dynbuf_add(b, "[", 1);
  for (int i = 0; i < n; i++) {
    if (i > 0)
      dynbuf_add(b, ",", 1);
    statement_json(b, r, from + i);
  }
  dynbuf_add(b, "]", 1);
}
