/* harness.c - runs the text engine over a wire article and compares it with labels. */
#include "harness.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "utf8.h"
#include "wire.h"

#define MAX_SPEAKERS 64
#define MAX_ALIASES 32

const char *harness_path(char *buf, size_t size, const char *dir, const char *name) {
  snprintf(buf, size, "%s/%s", dir, name);
  return buf;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap);
  while (b) {
    size_t r = fread(b + n, 1, cap - n, f);
    n += r;
    if (n < cap)
      break;
    char *nb = realloc(b, cap * 2);
    if (!nb) {
      free(b);
      b = NULL;
      break;
    }
    b = nb, cap *= 2;
  }
  fclose(f);
  *len = n;
  return b;
}

static const char *str_or_null(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static int same(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int span_is(const char *body, struct text_span sp, const char *want) {
  size_t n = strlen(want);
  return sp.end - sp.start == n && memcmp(body + sp.start, want, n) == 0;
}

int harness_run(const char *txt_path, const char *labels_path, FILE *log, int verbose,
                struct harness_score *score) {
  memset(score, 0, sizeof *score);
  int rc = -1;
  size_t raw_len = 0;
  char *raw = read_file(txt_path, &raw_len);
  json_error_t jerr;
  json_t *labels = json_load_file(labels_path, 0, &jerr);
  struct wire_article art = {0};
  struct roster *r = NULL;
  struct extract_result res = {0};
  char err[256];
  const char *slugs[MAX_SPEAKERS];
  struct roster_speaker sp[MAX_SPEAKERS];
  const char *aliases[MAX_SPEAKERS][MAX_ALIASES];
  size_t nsp = 0;
  if (!raw || !labels) {
    fprintf(log, "cannot read %s or %s (%s)\n", txt_path, labels_path, jerr.text);
    goto out;
  }
  /* "body_format": "json" — the file is a JSON body's text: normalised, no
   * date prefix or metadata lines taken out (API.md, Ingest). */
  json_t *fmt = json_object_get(json_object_get(labels, "article"), "body_format");
  if (json_is_string(fmt) && strcmp(json_string_value(fmt), "json") == 0) {
    if (wire_normalize_body(raw, raw_len, &art.body, &art.body_len, err, sizeof err) < 0) {
      fprintf(log, "wire_normalize_body: %s\n", err);
      goto out;
    }
  } else if (wire_parse(raw, raw_len, &art, err, sizeof err) < 0) {
    fprintf(log, "wire_parse: %s\n", err);
    goto out;
  }
  json_t *speakers = json_object_get(labels, "speakers"), *s;
  size_t i;
  json_array_foreach(speakers, i, s) {
    if (nsp == MAX_SPEAKERS)
      break;
    json_t *al = json_object_get(s, "aliases"), *a;
    size_t k, na = 0;
    json_array_foreach(al, k, a) {
      if (na < MAX_ALIASES)
        aliases[nsp][na++] = json_string_value(a);
    }
    slugs[nsp] = str_or_null(s, "slug");
    sp[nsp] = (struct roster_speaker){(long long)nsp + 1, str_or_null(s, "name"), aliases[nsp], na};
    nsp++;
  }
  if (roster_build(sp, nsp, &r, err, sizeof err) < 0 ||
      extract_run(r, art.body, art.body_len, 0, &res, err, sizeof err) < 0) {
    fprintf(log, "engine: %s\n", err);
    goto out;
  }
  json_t *meta = json_object_get(labels, "article");
  const char *want;
  if ((want = str_or_null(meta, "published_at")) && strcmp(want, art.published_at) != 0)
    fprintf(log, "published_at: got '%s' want '%s'\n", art.published_at, want), score->mismatches++;
  if (json_object_get(meta, "source") && !same(str_or_null(meta, "source"), art.source))
    fprintf(log, "source: got '%s'\n", art.source ? art.source : "(null)"), score->mismatches++;
  if (json_object_get(meta, "credit") && !same(str_or_null(meta, "credit"), art.credit))
    fprintf(log, "credit: got '%s'\n", art.credit ? art.credit : "(null)"), score->mismatches++;
  if (json_object_get(meta, "byline") && !same(str_or_null(meta, "byline"), art.byline))
    fprintf(log, "byline: got '%s'\n", art.byline ? art.byline : "(null)"), score->mismatches++;
  json_t *secs = json_object_get(meta, "sections");
  if (secs) {
    if (json_array_size(secs) != res.section_count) {
      fprintf(log, "sections: got %zu want %zu\n", res.section_count, json_array_size(secs));
      score->mismatches++;
    }
    for (size_t k = 0; k < res.section_count && k < json_array_size(secs); k++)
      if (!span_is(art.body, res.sections[k], json_string_value(json_array_get(secs, k))))
        fprintf(log, "section %zu differs\n", k), score->mismatches++;
  }
  json_t *stmts = json_object_get(labels, "statements"), *st;
  score->statements = (int)json_array_size(stmts);
  if (res.statement_count != json_array_size(stmts)) {
    fprintf(log, "statements: got %zu want %zu\n", res.statement_count, json_array_size(stmts));
    score->mismatches++;
  }
  size_t g = 0; /* engine statements are matched in order by text */
  json_array_foreach(stmts, i, st) {
    const char *text = str_or_null(st, "text");
    const char *slug = str_or_null(st, "speaker");
    const char *cue = str_or_null(st, "cue");
    const char *section = str_or_null(st, "section");
    int ambiguous = json_is_true(json_object_get(st, "ambiguous"));
    if (slug && !ambiguous)
      score->attributed_true++;
    size_t k = g;
    while (k < res.statement_count && k < g + 4 &&
           !span_is(art.body, (struct text_span){res.statements[k].start, res.statements[k].end},
                    text))
      k++;
    if (k >= res.statement_count || k >= g + 4) {
      fprintf(log, "#%zu not split as labelled: %s\n", i, text);
      score->mismatches++;
      continue;
    }
    g = k + 1;
    score->split_exact++;
    const struct statement *x = &res.statements[k];
    const char *got_slug = x->speaker_id > 0 ? slugs[x->speaker_id - 1] : NULL;
    const char *got_sec = x->section >= 0 ? "" : NULL;
    int sec_ok = (!section && !got_sec) ||
                 (section && got_sec && span_is(art.body, res.sections[x->section], section));
    if (x->speaker_id > 0 && !ambiguous) {
      score->attributed_got++;
      score->attributed_ok += same(got_slug, slug);
    }
    if (utf8_count(art.body, x->start) != x->cp_start ||
        x->cp_end - x->cp_start != utf8_count(art.body + x->start, x->end - x->start))
      fprintf(log, "#%zu code point offsets wrong\n", i), score->mismatches++;
    const char *method = str_or_null(st, "method");
    int ok = sec_ok && (same(got_slug, slug) || (ambiguous && !got_slug)) &&
             (ambiguous || same(cue, x->cue)) &&
             (ambiguous || !slug || !method || same(method, attr_method_name(x->method)));
    if (!ok)
      score->mismatches++;
    if (!ok || verbose)
      fprintf(log, "%s#%zu [%s/%s %s %.2f] want [%s/%s %s]%s: %.70s\n", ok ? "  " : "! ", i,
              got_slug ? got_slug : "-", x->cue ? x->cue : "-",
              attr_method_name(x->method) ? attr_method_name(x->method) : "-", x->confidence,
              slug ? slug : "-", cue ? cue : "-", method ? method : "-", sec_ok ? "" : " (section)",
              text);
  }
  rc = 0;
out:
  extract_result_free(&res);
  roster_free(r);
  wire_article_free(&art);
  json_decref(labels);
  free(raw);
  return rc;
}
