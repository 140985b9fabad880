/* wire.c - the raw wire format: date prefix, metadata lines, body normalisation. */
#include "wire.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

#define WIRE_MAX_LINES ((size_t)1 << 20)

struct line {
  size_t start, end; /* byte span in the raw input, trimmed */
};

static void set_err(char *err, size_t errlen, const char *msg) {
  if (err && errlen)
    snprintf(err, errlen, "%s", msg);
}

/* Length of the blank (space, tab, NBSP, ideographic space, BOM) at s[i], or 0. */
static size_t blank_at(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
    return 1;
  if (c < 0x80)
    return 0;
  uint32_t cp;
  size_t n = utf8_decode(s, len, i, &cp);
  if (cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF || cp == 0x202F || cp == 0x2009 ||
      cp == 0x200B || (cp >= 0x2000 && cp <= 0x200A))
    return n;
  return 0;
}

static struct line trim(const char *s, size_t start, size_t end) {
  struct line l = {start, end};
  size_t n;
  while (l.start < l.end && (n = blank_at(s, l.end, l.start)) > 0)
    l.start += n;
  while (l.end > l.start) {
    uint32_t cp;
    size_t p = utf8_prev(s, l.end, &cp);
    if (p < l.start || blank_at(s, l.end, p) != l.end - p)
      break;
    l.end = p;
  }
  return l;
}

/* Splits s into trimmed non-blank lines (CR LF, CR and LF all end a line).
 * *out is malloc'd; returns the count, or (size_t)-1 on failure. */
static size_t split_lines(const char *s, size_t len, struct line **out) {
  size_t cap = 64, n = 0;
  struct line *v = malloc(cap * sizeof *v);
  if (!v)
    return (size_t)-1;
  size_t i = 0;
  while (i < len) {
    size_t j = i;
    while (j < len && s[j] != '\n' && s[j] != '\r')
      j++;
    struct line l = trim(s, i, j);
    if (l.end > l.start) {
      if (n == cap) {
        if (cap >= WIRE_MAX_LINES)
          goto fail;
        struct line *nv = realloc(v, 2 * cap * sizeof *v);
        if (!nv)
          goto fail;
        v = nv, cap *= 2;
      }
      v[n++] = l;
    }
    if (j < len && s[j] == '\r' && j + 1 < len && s[j + 1] == '\n')
      j++;
    i = j + 1;
  }
  *out = v;
  return n;
fail:
  free(v);
  return (size_t)-1;
}

static int check_input(const char *in, size_t len, char *err, size_t errlen) {
  if (len > WIRE_MAX_BYTES) {
    set_err(err, errlen, "body is larger than 4 MiB");
    return -1;
  }
  if (!utf8_valid(in, len)) {
    set_err(err, errlen, "body is not valid UTF-8 text (or holds a NUL byte)");
    return -1;
  }
  return 0;
}

/* Joins lines[0..n) with LF into a new string. */
static char *join_lines(const char *s, const struct line *lines, size_t n, size_t *out_len) {
  size_t total = 0;
  for (size_t k = 0; k < n; k++)
    total += lines[k].end - lines[k].start + 1;
  char *b = malloc(total + 1);
  if (!b)
    return NULL;
  size_t o = 0;
  for (size_t k = 0; k < n; k++) {
    if (k)
      b[o++] = '\n';
    memcpy(b + o, s + lines[k].start, lines[k].end - lines[k].start);
    o += lines[k].end - lines[k].start;
  }
  b[o] = '\0';
  *out_len = o;
  return b;
}

int wire_normalize_body(const char *in, size_t len, char **out, size_t *out_len, char *err,
                        size_t errlen) {
  *out = NULL;
  *out_len = 0;
  if (check_input(in, len, err, errlen) < 0)
    return -1;
  struct line *lines = NULL;
  size_t n = split_lines(in, len, &lines);
  if (n == (size_t)-1) {
    set_err(err, errlen, "out of memory");
    return -1;
  }
  int rc = -1;
  if (n == 0) {
    set_err(err, errlen, "body is empty");
    goto out;
  }
  *out = join_lines(in, lines, n, out_len);
  if (!*out) {
    set_err(err, errlen, "out of memory");
    goto out;
  }
  rc = 0;
out:
  free(lines);
  return rc;
}

/* ---- dates ---- */

static const char *const month_names[12] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};

static int days_in_month(int y, int m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return d[m - 1];
}

/* Reads up to maxd digits at t[*i]; returns the number or -1. */
static int read_num(const char *t, size_t len, size_t *i, int mind, int maxd) {
  int v = 0, d = 0;
  while (*i < len && d < maxd && isdigit((unsigned char)t[*i]))
    v = v * 10 + (t[(*i)++] - '0'), d++;
  if (d < mind || (*i < len && isdigit((unsigned char)t[*i])))
    return -1;
  return v;
}

/* A month name or its abbreviation ("Dec", "Dec.", "Sept.") at t[*i]; 1..12 or -1. */
static int read_month(const char *t, size_t len, size_t *i) {
  size_t j = *i;
  while (j < len && isalpha((unsigned char)t[j]))
    j++;
  size_t w = j - *i;
  if (w < 3)
    return -1;
  for (int m = 0; m < 12; m++) {
    size_t full = strlen(month_names[m]);
    if (w <= full && strncasecmp(t + *i, month_names[m], w) == 0 && (w == full || w <= 4)) {
      if (j < len && t[j] == '.')
        j++;
      *i = j;
      return m + 1;
    }
  }
  return -1;
}

static void skip_seps(const char *t, size_t len, size_t *i) {
  while (*i < len && (t[*i] == ' ' || t[*i] == ',' || t[*i] == '\t'))
    (*i)++;
}

static int finish_date(int y, int m, int d, const char *t, size_t len, size_t i, char out[11]) {
  /* Whatever follows the date must be separated from it (a time, a zone). */
  if (i < len && isalnum((unsigned char)t[i]) && t[i] != 'T')
    return -1;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return -1;
  char buf[32];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  memcpy(out, buf, 11);
  return 0;
}

int wire_parse_date(const char *text, size_t len, char out[11]) {
  out[0] = '\0';
  size_t i = 0;
  while (i < len && isspace((unsigned char)text[i]))
    i++;
  /* An optional weekday: "Thursday, December 16, 2021". */
  size_t j = i;
  while (j < len && isalpha((unsigned char)text[j]))
    j++;
  if (j - i >= 6 && j < len && text[j] == ',' && strncasecmp(text + j - 3, "day", 3) == 0) {
    i = j + 1;
    skip_seps(text, len, &i);
  }
  if (i < len && isdigit((unsigned char)text[i])) {
    size_t k = i;
    int a = read_num(text, len, &k, 1, 4);
    if (a < 0)
      return -1;
    if (k - i == 4 && k < len && (text[k] == '-' || text[k] == '/')) { /* 2021-12-16 */
      char sep = text[k++];
      int m = read_num(text, len, &k, 1, 2);
      if (m < 0 || k >= len || text[k++] != sep)
        return -1;
      int d = read_num(text, len, &k, 1, 2);
      if (d < 0)
        return -1;
      return finish_date(a, m, d, text, len, k, out);
    }
    if (k - i > 2) /* 16 December 2021 */
      return -1;
    skip_seps(text, len, &k);
    int m = read_month(text, len, &k);
    if (m < 0)
      return -1;
    skip_seps(text, len, &k);
    int y = read_num(text, len, &k, 4, 4);
    if (y < 0)
      return -1;
    return finish_date(y, m, a, text, len, k, out);
  }
  int m = read_month(text, len, &i); /* December 16, 2021 */
  if (m < 0)
    return -1;
  skip_seps(text, len, &i);
  int d = read_num(text, len, &i, 1, 2);
  if (d < 0)
    return -1;
  if (i + 1 < len && isalpha((unsigned char)text[i]) && isalpha((unsigned char)text[i + 1]))
    i += 2; /* "16th" */
  skip_seps(text, len, &i);
  int y = read_num(text, len, &i, 4, 4);
  if (y < 0)
    return -1;
  return finish_date(y, m, d, text, len, i, out);
}

/* ---- metadata lines ---- */

/* If line starts with key (case-insensitive), optional blanks, ':' and blanks,
 * returns the value's span in *val and 1. */
static int keyed(const char *s, struct line l, const char *key, struct line *val) {
  size_t kl = strlen(key);
  if (l.end - l.start <= kl || strncasecmp(s + l.start, key, kl) != 0)
    return 0;
  size_t i = l.start + kl;
  while (i < l.end && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i >= l.end || s[i] != ':')
    return 0;
  i++;
  *val = trim(s, i, l.end);
  return val->end > val->start;
}

/* "With Xinhua inputs", "With inputs from agencies". */
static int credit_line(const char *s, struct line l) {
  size_t n = l.end - l.start;
  if (n < 8 || n > 100 || strncasecmp(s + l.start, "with ", 5) != 0)
    return 0;
  const char *p = s + l.start;
  for (size_t i = 5; i + 5 <= n; i++)
    if (strncasecmp(p + i, "input", 5) == 0)
      return p[n - 1] != '.' || n < 40;
  return 0;
}

/* "By John Smith" / "By John Smith and Jane Doe": a short line of capitalised words. */
static int byline_line(const char *s, struct line l, struct line *val) {
  size_t n = l.end - l.start;
  if (n < 5 || n > 80 || strncmp(s + l.start, "By ", 3) != 0)
    return 0;
  struct line v = trim(s, l.start + 3, l.end);
  int words = 0;
  size_t i = v.start;
  while (i < v.end) {
    size_t j = i;
    while (j < v.end && s[j] != ' ')
      j++;
    unsigned char c = (unsigned char)s[i];
    int joiner = (j - i == 3 && strncmp(s + i, "and", 3) == 0) ||
                 (j - i == 2 && (strncmp(s + i, "de", 2) == 0 || strncmp(s + i, "la", 2) == 0)) ||
                 (j - i == 3 && (strncmp(s + i, "van", 3) == 0 || strncmp(s + i, "von", 3) == 0));
    if (!joiner && !(isupper(c) || c >= 0x80))
      return 0;
    words++;
    i = j;
    while (i < v.end && s[i] == ' ')
      i++;
  }
  char last = s[v.end - 1];
  if (words < 2 || words > 8 || last == '.' || last == '!' || last == '?' || last == ':')
    return 0;
  *val = v;
  return 1;
}

static char *dup_span(const char *s, struct line l) {
  size_t n = l.end - l.start;
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s + l.start, n);
    d[n] = '\0';
  }
  return d;
}

/* Stores a copy of s[l] into *field unless it is already set. */
static int keep(char **field, const char *s, struct line l) {
  if (*field)
    return 0;
  *field = dup_span(s, l);
  return *field ? 0 : -1;
}

/* Consumes the metadata line l if it is one; 1 when it was, 0 when not, -1 on OOM. */
static int metadata_line(const char *s, struct line l, struct wire_article *art,
                         char date[11]) {
  struct line v;
  if (keyed(s, l, "Published", &v) || keyed(s, l, "Date", &v) ||
      keyed(s, l, "Published on", &v)) {
    if (!date[0])
      wire_parse_date(s + v.start, v.end - v.start, date);
    return 1;
  }
  if (keyed(s, l, "Updated", &v))
    return 1;
  if (keyed(s, l, "By", &v) || keyed(s, l, "Source", &v))
    return keep(&art->source, s, v) < 0 ? -1 : 1;
  if (keyed(s, l, "Byline", &v) || keyed(s, l, "Author", &v))
    return keep(&art->byline, s, v) < 0 ? -1 : 1;
  if (keyed(s, l, "Credit", &v))
    return keep(&art->credit, s, v) < 0 ? -1 : 1;
  if (credit_line(s, l))
    return keep(&art->credit, s, l) < 0 ? -1 : 1;
  if (byline_line(s, l, &v))
    return keep(&art->byline, s, v) < 0 ? -1 : 1;
  return 0;
}

void wire_article_free(struct wire_article *art) {
  if (!art)
    return;
  free(art->body);
  free(art->source);
  free(art->byline);
  free(art->credit);
  memset(art, 0, sizeof *art);
}

/* "date 2021-12-16 " at the start of the first line: fills date, moves l->start. */
static void date_prefix(const char *s, struct line *l, char date[11]) {
  size_t n = l->end - l->start;
  const char *p = s + l->start;
  if (n < 15 || strncasecmp(p, "date", 4) != 0 || !(p[4] == ' ' || p[4] == '\t' || p[4] == ':'))
    return;
  size_t i = 5;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == ':'))
    i++;
  size_t rest = n - i; /* the date and what follows it */
  /* cppcheck-suppress knownConditionTrueFalse - false: "date 2021-12-16 Body" has rest 15 */
  if (rest < 10 || (rest > 10 && !(p[i + 10] == ' ' || p[i + 10] == '\t')))
    return;
  char d[11];
  if (wire_parse_date(p + i, 10, d) < 0)
    return;
  memcpy(date, d, 11);
  *l = trim(s, l->start + i + 10, l->end);
}

int wire_parse(const char *raw, size_t len, struct wire_article *art, char *err, size_t errlen) {
  memset(art, 0, sizeof *art);
  if (check_input(raw, len, err, errlen) < 0)
    return -1;
  struct line *lines = NULL;
  size_t n = split_lines(raw, len, &lines);
  if (n == (size_t)-1) {
    set_err(err, errlen, "out of memory");
    return -1;
  }
  char date[11] = "";
  size_t first = 0;
  if (n > 0) {
    date_prefix(raw, &lines[0], date);
    if (lines[0].end == lines[0].start)
      first = 1;
  }
  struct line v;
  if (first < n && byline_line(raw, lines[first], &v)) {
    if (keep(&art->byline, raw, v) < 0)
      goto oom;
    first++;
  }
  size_t last = n;
  while (last > first) {
    int m = metadata_line(raw, lines[last - 1], art, date);
    if (m < 0)
      goto oom;
    if (m == 0)
      break;
    last--;
  }
  if (last == first) {
    set_err(err, errlen, "body is empty once the date and metadata lines are removed");
    goto fail;
  }
  art->body = join_lines(raw, lines + first, last - first, &art->body_len);
  if (!art->body)
    goto oom;
  memcpy(art->published_at, date, sizeof date);
  free(lines);
  return 0;
oom:
  set_err(err, errlen, "out of memory");
fail:
  free(lines);
  wire_article_free(art);
  return -1;
}
