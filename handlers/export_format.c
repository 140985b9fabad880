/* export_format.c - content negotiation for lists and the CSV / NDJSON row encoders. */
#include "export_format.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

const char *const export_statement_columns[] = {
  "id",      "article_id",   "seq", "published_at", "source",     "section",
  "speaker_slug", "speaker_name", "cue", "method",       "confidence", "text",
};
const char *const export_article_columns[] = {
  "id", "published_at", "source", "title", "byline", "credit", "url", "statement_count",
};
const char *const export_speaker_columns[] = {
  "id", "slug", "name", "title", "country", "aliases", "statement_count", "created_at", "updated_at",
};

/* The representations in the order that breaks ties, with the media types
 * that name each (the first is the one answered). */
static const struct representation {
  enum export_format format;
  const char *keyword; /* ?format= */
  const char *types[3];
} representations[] = {
  {EXPORT_JSON, "json", {"application/json", NULL}},
  {EXPORT_NDJSON, "ndjson", {"application/x-ndjson", "application/ndjson", NULL}},
  {EXPORT_CSV, "csv", {"text/csv", NULL}},
};
#define REPRESENTATIONS (sizeof representations / sizeof representations[0])

const char *export_media_type(enum export_format f)
{
  for (size_t i = 0; i < REPRESENTATIONS; i++)
    if (representations[i].format == f)
      return representations[i].types[0];
  return "application/json";
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t';
}

/* s[0..len) without surrounding spaces and tabs. */
static void trim(const char **s, size_t *len)
{
  while (*len > 0 && is_space(**s))
    (*s)++, (*len)--;
  while (*len > 0 && is_space((*s)[*len - 1]))
    (*len)--;
}

/* A qvalue (RFC 9110 §12.4.2: 0, 1, 0.ddd, 1.000) in thousandths, or -1. */
static int parse_qvalue(const char *s, size_t len)
{
  if (len == 0 || (s[0] != '0' && s[0] != '1') || len > 5 || (len > 1 && s[1] != '.'))
    return -1;
  int q = (s[0] - '0') * 1000, scale = 100;
  for (size_t i = 2; i < len; i++, scale /= 10) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    q += (s[i] - '0') * scale;
  }
  return q > 1000 ? -1 : q;
}

/* One media range of an Accept header, parsed. */
struct range {
  const char *type, *subtype; /* not NUL-terminated */
  size_t type_len, subtype_len;
  int q; /* thousandths */
};

/* Parses the range s[0..len) ("type/subtype;param=v;q=0.5"); false when it
 * does not parse. */
static bool parse_range(const char *s, size_t len, struct range *r)
{
  const char *semi = memchr(s, ';', len);
  size_t head = semi ? (size_t)(semi - s) : len;
  const char *mt = s;
  trim(&mt, &head);
  const char *slash = memchr(mt, '/', head);
  if (slash == NULL || slash == mt || slash == mt + head - 1)
    return false;
  r->type = mt;
  r->type_len = (size_t)(slash - mt);
  r->subtype = slash + 1;
  r->subtype_len = head - r->type_len - 1;
  if (memchr(mt, ' ', head) != NULL || memchr(mt, '\t', head) != NULL)
    return false;
  r->q = 1000;
  while (semi != NULL) {
    const char *p = semi + 1;
    size_t rest = len - (size_t)(p - s);
    semi = memchr(p, ';', rest);
    size_t plen = semi ? (size_t)(semi - p) : rest;
    trim(&p, &plen);
    if (plen >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      r->q = parse_qvalue(p + 2, plen - 2);
      return r->q >= 0; /* what follows q is accept-ext: ignored */
    }
  }
  return true;
}

static bool span_is(const char *s, size_t len, const char *word)
{
  return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* How specifically range r matches media type mt: 3 exact, 2 type / *, 1 any, 0 no. */
static int specificity(const struct range *r, const char *mt)
{
  const char *slash = strchr(mt, '/');
  size_t tlen = (size_t)(slash - mt);
  if (span_is(r->type, r->type_len, "*"))
    return span_is(r->subtype, r->subtype_len, "*") ? 1 : 0;
  if (r->type_len != tlen || strncasecmp(r->type, mt, tlen) != 0)
    return 0;
  if (span_is(r->subtype, r->subtype_len, "*"))
    return 2;
  return span_is(r->subtype, r->subtype_len, slash + 1) ? 3 : 0;
}

/* The q-value (thousandths) that accept gives media type mt: that of its most
 * specific matching range, the highest among equally specific ones; 0 when none. */
static int quality(const char *accept, const char *mt)
{
  int best_spec = 0, best_q = 0;
  const char *p = accept;
  while (*p != '\0') {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    struct range r;
    if (parse_range(p, len, &r)) {
      int spec = specificity(&r, mt);
      if (spec > best_spec || (spec == best_spec && spec > 0 && r.q > best_q))
        best_spec = spec, best_q = r.q;
    }
    if (comma == NULL)
      break;
    p = comma + 1;
  }
  return best_q;
}

static bool blank(const char *s)
{
  if (s == NULL)
    return true;
  while (is_space(*s))
    s++;
  return *s == '\0';
}

enum negotiation export_negotiate(const char *accept, const char *format, unsigned available,
                                  enum export_format *out)
{
  if (format != NULL) {
    for (size_t i = 0; i < REPRESENTATIONS; i++)
      if (strcmp(format, representations[i].keyword) == 0) {
        if ((available & representations[i].format) == 0)
          return NEGOTIATE_NONE;
        *out = representations[i].format;
        return NEGOTIATED;
      }
    return NEGOTIATE_BAD;
  }
  int best_q = 0;
  for (size_t i = 0; i < REPRESENTATIONS; i++) {
    const struct representation *rep = &representations[i];
    if ((available & rep->format) == 0)
      continue;
    for (size_t t = 0; rep->types[t] != NULL; t++) {
      int q = blank(accept) ? 1000 : quality(accept, rep->types[t]);
      if (q > best_q)
        best_q = q, *out = rep->format;
    }
  }
  return best_q > 0 ? NEGOTIATED : NEGOTIATE_NONE;
}

int export_csv_record(struct dynbuf *out, const char *const *fields, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const char *f = fields[i] ? fields[i] : "";
    if (i > 0)
      dynbuf_add(out, ",", 1);
    if (strpbrk(f, ",\"\r\n") == NULL) {
      dynbuf_adds(out, f);
      continue;
    }
    dynbuf_add(out, "\"", 1);
    for (const char *q; (q = strchr(f, '"')) != NULL; f = q + 1) {
      dynbuf_add(out, f, (size_t)(q - f) + 1);
      dynbuf_add(out, "\"", 1); /* the quote, doubled */
    }
    dynbuf_adds(out, f);
    dynbuf_add(out, "\"", 1);
  }
  return dynbuf_add(out, "\r\n", 2);
}

int export_ndjson_line(struct dynbuf *out, const char *json, size_t len)
{
  bool in_string = false;
  size_t from = 0;
  for (size_t i = 0; i < len; i++) {
    char c = json[i];
    if (in_string) {
      if (c == '\\')
        i++; /* the escaped character cannot end the string */
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      dynbuf_add(out, json + from, i - from); /* a blank between tokens: dropped */
      from = i + 1;
    }
  }
  dynbuf_add(out, json + from, len - from);
  return dynbuf_add(out, "\n", 1);
}
