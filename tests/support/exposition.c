/* exposition.c - parses and checks Prometheus text exposition for the tests. */
#include "exposition.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, size_t line, const char *fmt, ...)
{
  int n = snprintf(err, errlen, "line %zu: ", line);
  va_list ap;
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < errlen)
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
  va_end(ap);
  return -1;
}

static bool name_start(char c, bool metric)
{
  return isalpha((unsigned char)c) || c == '_' || (metric && c == ':');
}

static bool name_char(char c, bool metric)
{
  return name_start(c, metric) || isdigit((unsigned char)c);
}

/* Length of the metric (or label) name at p; 0 when there is none. */
static size_t name_len(const char *p, const char *end, bool metric)
{
  if (p >= end || !name_start(*p, metric))
    return 0;
  size_t n = 1;
  while (p + n < end && name_char(p[n], metric))
    n++;
  return n;
}

/* One more element; test outputs are small, so no capacity bookkeeping. */
static void *grow(void *array, size_t count, size_t size)
{
  return realloc(array, (count + 1) * size);
}

void expo_free(struct expo *e)
{
  for (size_t i = 0; i < e->sample_count; i++) {
    free(e->samples[i].name);
    for (size_t j = 0; j < e->samples[i].label_count; j++) {
      free(e->samples[i].labels[j].name);
      free(e->samples[i].labels[j].value);
    }
  }
  for (size_t i = 0; i < e->family_count; i++) {
    free(e->families[i].name);
    free(e->families[i].type);
    free(e->families[i].help);
  }
  free(e->samples);
  free(e->families);
  memset(e, 0, sizeof *e);
}

static struct expo_family *family_of(struct expo *e, const char *name, size_t len)
{
  for (size_t i = 0; i < e->family_count; i++)
    if (strlen(e->families[i].name) == len && memcmp(e->families[i].name, name, len) == 0)
      return &e->families[i];
  return NULL;
}

const struct expo_family *expo_family(const struct expo *e, const char *name)
{
  return family_of((struct expo *)e, name, strlen(name));
}

static struct expo_family *add_family(struct expo *e, const char *name, size_t len)
{
  struct expo_family *f = family_of(e, name, len);
  if (f != NULL)
    return f;
  void *grown = grow(e->families, e->family_count, sizeof *e->families);
  if (grown == NULL)
    return NULL;
  e->families = grown;
  f = &e->families[e->family_count++];
  memset(f, 0, sizeof *f);
  f->name = strndup(name, len);
  return f;
}

/* The family a sample called name belongs to: itself, or for histograms and
 * summaries the name without _bucket/_sum/_count. */
static struct expo_family *sample_family(struct expo *e, const char *name)
{
  static const char *const suffixes[] = {"_bucket", "_sum", "_count"};
  size_t len = strlen(name);
  for (size_t i = 0; i < 3; i++) {
    size_t sl = strlen(suffixes[i]);
    if (len > sl && strcmp(name + len - sl, suffixes[i]) == 0) {
      struct expo_family *f = family_of(e, name, len - sl);
      if (f != NULL && f->type != NULL &&
          (strcmp(f->type, "histogram") == 0 || (i > 0 && strcmp(f->type, "summary") == 0)))
        return f;
    }
  }
  return family_of(e, name, len);
}

/* HELP text: only \\ and \n are escapes; a lone backslash stays. */
static char *unescape_help(const char *p, const char *end)
{
  char *out = malloc((size_t)(end - p) + 1), *o = out;
  if (out == NULL)
    return NULL;
  while (p < end) {
    if (*p == '\\' && p + 1 < end && (p[1] == '\\' || p[1] == 'n')) {
      *o++ = p[1] == 'n' ? '\n' : '\\';
      p += 2;
    } else {
      *o++ = *p++;
    }
  }
  *o = '\0';
  return out;
}

static int parse_comment(struct expo *e, const char *p, const char *end, size_t line, char *err,
                         size_t errlen)
{
  p++; /* '#' */
  while (p < end && *p == ' ')
    p++;
  bool help = (size_t)(end - p) > 4 && memcmp(p, "HELP", 4) == 0 && p[4] == ' ';
  bool type = (size_t)(end - p) > 4 && memcmp(p, "TYPE", 4) == 0 && p[4] == ' ';
  if (!help && !type)
    return 0; /* an ordinary comment */
  p += 5;
  while (p < end && *p == ' ')
    p++;
  size_t n = name_len(p, end, true);
  if (n == 0 || (p + n < end && p[n] != ' '))
    return fail(err, errlen, line, "%s without a valid metric name", help ? "HELP" : "TYPE");
  struct expo_family *f = add_family(e, p, n);
  if (f == NULL)
    return fail(err, errlen, line, "out of memory");
  const char *rest = p + n;
  while (rest < end && *rest == ' ')
    rest++;
  if (help) {
    if (f->help != NULL)
      return fail(err, errlen, line, "second HELP for %s", f->name);
    f->help = unescape_help(rest, end);
    return f->help ? 0 : fail(err, errlen, line, "out of memory");
  }
  if (f->type != NULL)
    return fail(err, errlen, line, "second TYPE for %s", f->name);
  for (size_t i = 0; i < e->sample_count; i++)
    if (e->samples[i].family == f->name)
      return fail(err, errlen, line, "TYPE for %s after its samples", f->name);
  static const char *const types[] = {"counter", "gauge", "histogram", "summary", "untyped"};
  for (size_t i = 0; i < 5; i++)
    if ((size_t)(end - rest) == strlen(types[i]) && memcmp(rest, types[i], strlen(types[i])) == 0) {
      f->type = strdup(types[i]);
      return 0;
    }
  return fail(err, errlen, line, "unknown TYPE \"%.*s\"", (int)(end - rest), rest);
}

/* Parses a label value after its opening quote; *pp ends after the closing quote. */
static char *label_value(const char **pp, const char *end, size_t line, char *err, size_t errlen)
{
  const char *p = *pp;
  char *out = malloc((size_t)(end - p) + 1), *o = out;
  if (out == NULL) {
    fail(err, errlen, line, "out of memory");
    return NULL;
  }
  for (;;) {
    if (p >= end) {
      fail(err, errlen, line, "unterminated label value");
      free(out);
      return NULL;
    }
    if (*p == '"')
      break;
    if (*p == '\\') {
      char c = p + 1 < end ? p[1] : '\0';
      if (c != '\\' && c != '"' && c != 'n') {
        fail(err, errlen, line, "bad escape \\%c in a label value", c ? c : '?');
        free(out);
        return NULL;
      }
      *o++ = c == 'n' ? '\n' : c;
      p += 2;
      continue;
    }
    *o++ = *p++;
  }
  *o = '\0';
  *pp = p + 1;
  return out;
}

static int parse_value(const char *p, const char *end, double *out)
{
  char buf[64];
  size_t n = (size_t)(end - p);
  if (n == 0 || n >= sizeof buf)
    return -1;
  memcpy(buf, p, n);
  buf[n] = '\0';
  if (strcmp(buf, "+Inf") == 0 || strcmp(buf, "Inf") == 0) {
    *out = INFINITY;
    return 0;
  }
  if (strcmp(buf, "-Inf") == 0) {
    *out = -INFINITY;
    return 0;
  }
  if (strcmp(buf, "NaN") == 0) {
    *out = NAN;
    return 0;
  }
  if (strspn(buf, "0123456789+-.eE") != n)
    return -1;
  char *stop;
  *out = strtod(buf, &stop);
  return *stop == '\0' ? 0 : -1;
}

static bool same_series(const struct expo_sample *a, const struct expo_sample *b)
{
  if (strcmp(a->name, b->name) != 0 || a->label_count != b->label_count)
    return false;
  for (size_t i = 0; i < a->label_count; i++) {
    const char *v = expo_label(b, a->labels[i].name);
    if (v == NULL || strcmp(v, a->labels[i].value) != 0)
      return false;
  }
  return true;
}

static int parse_sample(struct expo *e, const char *p, const char *end, size_t line, char *err,
                        size_t errlen)
{
  size_t n = name_len(p, end, true);
  if (n == 0)
    return fail(err, errlen, line, "sample without a valid metric name");
  void *grown = grow(e->samples, e->sample_count, sizeof *e->samples);
  if (grown == NULL)
    return fail(err, errlen, line, "out of memory");
  e->samples = grown;
  struct expo_sample *s = &e->samples[e->sample_count++];
  memset(s, 0, sizeof *s);
  s->line = line;
  s->name = strndup(p, n);
  if (s->name == NULL)
    return fail(err, errlen, line, "out of memory");
  p += n;
  if (p < end && *p == '{') {
    p++;
    while (p < end && *p != '}') {
      size_t ln = name_len(p, end, false);
      if (ln == 0)
        return fail(err, errlen, line, "bad label name in %s", s->name);
      if (s->label_count == EXPO_MAX_LABELS)
        return fail(err, errlen, line, "more than %d labels", EXPO_MAX_LABELS);
      struct expo_label *l = &s->labels[s->label_count++];
      l->name = strndup(p, ln);
      if (l->name == NULL)
        return fail(err, errlen, line, "out of memory");
      for (size_t i = 0; i + 1 < s->label_count; i++)
        if (strcmp(s->labels[i].name, l->name) == 0)
          return fail(err, errlen, line, "label %s twice", l->name);
      p += ln;
      if (p + 1 >= end || p[0] != '=' || p[1] != '"')
        return fail(err, errlen, line, "label %s: expected =\"", l->name);
      p += 2;
      l->value = label_value(&p, end, line, err, errlen);
      if (l->value == NULL)
        return -1;
      if (p < end && *p == ',')
        p++;
      else if (p < end && *p != '}')
        return fail(err, errlen, line, "expected , or } after label %s", l->name);
    }
    if (p >= end)
      return fail(err, errlen, line, "unterminated label set");
    p++;
  }
  if (p >= end || *p != ' ')
    return fail(err, errlen, line, "expected a space before the value of %s", s->name);
  while (p < end && *p == ' ')
    p++;
  const char *v = p;
  while (p < end && *p != ' ')
    p++;
  if (parse_value(v, p, &s->value) != 0)
    return fail(err, errlen, line, "bad value \"%.*s\" for %s", (int)(p - v), v, s->name);
  while (p < end && *p == ' ')
    p++;
  if (p < end) { /* a timestamp: an integer in ms */
    const char *t = p;
    if (*p == '-')
      p++;
    while (p < end && isdigit((unsigned char)*p))
      p++;
    if (p != end || p == t)
      return fail(err, errlen, line, "trailing text after the value of %s", s->name);
  }
  struct expo_family *f = sample_family(e, s->name);
  if (f == NULL || f->type == NULL)
    return fail(err, errlen, line, "sample %s has no TYPE", s->name);
  s->family = f->name;
  if (e->sample_count > 1) {
    const struct expo_sample *prev = &e->samples[e->sample_count - 2];
    if (prev->family != f->name)
      for (size_t i = 0; i + 1 < e->sample_count; i++)
        if (e->samples[i].family == f->name)
          return fail(err, errlen, line, "family %s is split in two groups", f->name);
  }
  for (size_t i = 0; i + 1 < e->sample_count; i++)
    if (same_series(&e->samples[i], s))
      return fail(err, errlen, line, "series repeated (first on line %zu)", e->samples[i].line);
  return 0;
}

int expo_parse(const char *text, size_t len, struct expo *out, char *err, size_t errlen)
{
  memset(out, 0, sizeof *out);
  const char *p = text, *end = text + len;
  size_t line = 0;
  int rc = 0;
  while (p < end && rc == 0) {
    line++;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (eol == NULL) {
      rc = fail(err, errlen, line, "last line does not end in \\n");
      break;
    }
    if (memchr(p, '\0', (size_t)(eol - p)) != NULL)
      rc = fail(err, errlen, line, "NUL byte");
    else if (eol == p || strspn(p, " \t") == (size_t)(eol - p))
      ; /* blank lines are allowed */
    else if (*p == '#')
      rc = parse_comment(out, p, eol, line, err, errlen);
    else
      rc = parse_sample(out, p, eol, line, err, errlen);
    p = eol + 1;
  }
  if (rc != 0)
    expo_free(out);
  return rc;
}

const char *expo_label(const struct expo_sample *s, const char *name)
{
  for (size_t i = 0; i < s->label_count; i++)
    if (strcmp(s->labels[i].name, name) == 0)
      return s->labels[i].value;
  return NULL;
}

static bool has_labels(const struct expo_sample *s, const char *const *labels)
{
  for (size_t i = 0; labels && labels[i] && labels[i + 1]; i += 2) {
    const char *v = expo_label(s, labels[i]);
    if (v == NULL || strcmp(v, labels[i + 1]) != 0)
      return false;
  }
  return true;
}

const struct expo_sample *expo_find(const struct expo *e, const char *name,
                                    const char *const *labels)
{
  for (size_t i = 0; i < e->sample_count; i++)
    if (strcmp(e->samples[i].name, name) == 0 && has_labels(&e->samples[i], labels))
      return &e->samples[i];
  return NULL;
}

/* Same labels, ignoring `le`. */
static bool same_group(const struct expo_sample *a, const struct expo_sample *b)
{
  size_t na = a->label_count - (expo_label(a, "le") != NULL);
  size_t nb = b->label_count - (expo_label(b, "le") != NULL);
  if (na != nb)
    return false;
  for (size_t i = 0; i < a->label_count; i++) {
    if (strcmp(a->labels[i].name, "le") == 0)
      continue;
    const char *v = expo_label(b, a->labels[i].name);
    if (v == NULL || strcmp(v, a->labels[i].value) != 0)
      return false;
  }
  return true;
}

static const struct expo_sample *find_in_group(const struct expo *e, const char *name,
                                               const struct expo_sample *like)
{
  for (size_t i = 0; i < e->sample_count; i++)
    if (strcmp(e->samples[i].name, name) == 0 && same_group(&e->samples[i], like))
      return &e->samples[i];
  return NULL;
}

static int check_group(const struct expo *e, const struct expo_family *f, size_t first,
                       char *err, size_t errlen)
{
  char bucket[256], sum[256], count[256];
  snprintf(bucket, sizeof bucket, "%s_bucket", f->name);
  snprintf(sum, sizeof sum, "%s_sum", f->name);
  snprintf(count, sizeof count, "%s_count", f->name);
  const struct expo_sample *head = &e->samples[first], *last = NULL;
  double prev_le = -INFINITY, prev_count = 0;
  for (size_t i = first; i < e->sample_count; i++) {
    const struct expo_sample *s = &e->samples[i];
    if (strcmp(s->name, bucket) != 0 || !same_group(s, head))
      continue;
    const char *le_text = expo_label(s, "le");
    double le;
    if (le_text == NULL || parse_value(le_text, le_text + strlen(le_text), &le) != 0)
      return fail(err, errlen, s->line, "%s without a numeric le", bucket);
    if (!(le > prev_le))
      return fail(err, errlen, s->line, "%s: le=%s does not increase", bucket, le_text);
    if (s->value < prev_count)
      return fail(err, errlen, s->line, "%s: le=%s count %g < %g before: not cumulative", bucket,
                  le_text, s->value, prev_count);
    prev_le = le;
    prev_count = s->value;
    last = s;
  }
  if (last == NULL || !isinf(prev_le))
    return fail(err, errlen, head->line, "%s: last bucket is not le=\"+Inf\"", bucket);
  const struct expo_sample *c = find_in_group(e, count, head);
  if (c == NULL)
    return fail(err, errlen, head->line, "%s has no _count", f->name);
  if (c->value != last->value)
    return fail(err, errlen, c->line, "%s %g != +Inf bucket %g", count, c->value, last->value);
  if (find_in_group(e, sum, head) == NULL)
    return fail(err, errlen, head->line, "%s has no _sum", f->name);
  return 0;
}

int expo_check_histograms(const struct expo *e, char *err, size_t errlen)
{
  for (size_t fi = 0; fi < e->family_count; fi++) {
    const struct expo_family *f = &e->families[fi];
    if (f->type == NULL || strcmp(f->type, "histogram") != 0)
      continue;
    char bucket[256];
    snprintf(bucket, sizeof bucket, "%s_bucket", f->name);
    for (size_t i = 0; i < e->sample_count; i++) {
      const struct expo_sample *s = &e->samples[i];
      if (s->family != f->name)
        continue;
      if (strcmp(s->name, bucket) != 0 && find_in_group(e, bucket, s) == NULL)
        return fail(err, errlen, s->line, "%s has no buckets for its labels", s->name);
      /* check each label set once: at its first bucket */
      bool first = strcmp(s->name, bucket) == 0;
      for (size_t j = 0; first && j < i; j++)
        if (strcmp(e->samples[j].name, bucket) == 0 && same_group(&e->samples[j], s))
          first = false;
      if (first && check_group(e, f, i, err, errlen) != 0)
        return -1;
    }
  }
  return 0;
}
