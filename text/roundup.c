/* roundup.c - quote round-ups and captions: tag lines and caption lines after
 * a quotation, a quote page's topic lines, embedded posts and their signature. */
#include "extract_internal.h"

#include <string.h>
#include <strings.h>

int roundup_tag_line(struct run_state *st, const struct paragraph_state *ps) {
  const struct scratch *sc = &st->sc;
  if (ps->prev_first == SIZE_MAX || sc->ntok < 2 || sc->ntok > 16 || sc->toks[0].kind != T_DASH ||
      sc->nhit == 0)
    return 0;
  const struct hit *x = &sc->hits[sc->nhit - 1];
  size_t end = x->tlast + 1;
  if (end < sc->ntok && sc->toks[end].kind == T_END)
    end++;
  if (!x->clean || x->h.id <= 0 || x->h.form == ROSTER_FORM_ROLE || end != sc->ntok)
    return 0;
  for (size_t k = 0; k < sc->ntok; k++)
    if (sc->toks[k].cue || sc->toks[k].kind == T_QOPEN)
      return 0;
  if (!stmt_opens_quote(st, &st->res->statements[ps->prev_first]))
    return 0;
  enum attr_method m;
  double conf = subject_form_confidence(x->h.form, &m) * CONF_TAG_LINE;
  for (size_t k = ps->prev_first; k < ps->first_stmt; k++) {
    struct statement *s = &st->res->statements[k];
    if (s->speaker_id == 0 || s->method == ATTR_CONTINUATION) /* the tag names it better */
      stmt_attribute(s, x->h.id, m, NULL, conf, (struct text_span){x->h.start, x->h.end});
  }
  return 1;
}

/* A lowercase word in the third person present, the captions' tense: "plays
 * down", "reflects on" (not "is", "has", "was"). */
static int present_verb(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  const char *w = st->body + t->start;
  return t->kind == T_WORD && !t->cap && n >= 4 && w[n - 1] == 's' && w[n - 2] != 's' &&
         tok_class(st, t) == LEX_NONE;
}

int roundup_caption_line(struct run_state *st, const struct paragraph_state *ps) {
  static const char *const links[] = {"after", "following", "on",     "speaking", "when",
                                      "ahead", "reacting",  "before", NULL};
  const struct scratch *sc = &st->sc;
  if (ps->prev_first == SIZE_MAX || ps->first_stmt == 0 || sc->ntok < 3 || sc->ntok > 40 ||
      sc->nhit == 0)
    return 0;
  const struct hit *x = &sc->hits[0];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 || x->h.form == ROSTER_FORM_ROLE || after >= sc->ntok)
    return 0;
  for (size_t k = 0; k < sc->ntok; k++)
    if (sc->toks[k].cue || sc->toks[k].kind == T_QOPEN || sc->toks[k].kind == T_QCLOSE ||
        (k < x->tfirst && sc->toks[k].hit >= 0)) /* a mention after the name is fine */
      return 0;
  const struct statement *s = &st->res->statements[ps->first_stmt];
  int one = s->end == st->res->statements[st->res->statement_count - 1].end;
  if (x->tfirst == 0 && sc->toks[after].kind == T_COMMA) {
    if (sc->toks[sc->ntok - 1].kind == T_END ||
        !one) /* "Herdman, the coach, said." is no caption */
      return 0;
  } else {
    size_t k = 0;
    while (links[k] && !tok_is(st, &sc->toks[after], links[k]))
      k++;
    if (!links[k] && !present_verb(st, &sc->toks[after]))
      return 0;
    if (!np_subject_head(st, x->tfirst) ||
        !stmt_closes_quote(st, &st->res->statements[ps->first_stmt - 1]) ||
        !stmt_opens_quote(st, &st->res->statements[ps->prev_first]))
      return 0;
  }
  if (!stmt_unclaimed_quotation(st, ps->prev_first, ps->first_stmt - 1))
    return 0;
  enum attr_method m;
  double conf = subject_form_confidence(x->h.form, &m) * CONF_TAG_LINE;
  for (size_t k = ps->prev_first; k < ps->first_stmt; k++)
    stmt_attribute(&st->res->statements[k], x->h.id, m, NULL, conf,
                   (struct text_span){x->h.start, x->h.end});
  return 1;
}

long long roundup_post_signature(const struct run_state *st) {
  const struct scratch *sc = &st->sc;
  if (sc->ntok < 4 || sc->toks[0].kind != T_DASH)
    return 0;
  for (size_t k = 1; k < sc->ntok && k <= 1 + SUBJECT_MAX_WORDS; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->hit >= 0) {
      const struct hit *x = &sc->hits[t->hit];
      size_t p = x->tlast + 1;
      if (!x->clean || x->h.id <= 0 || x->h.form == ROSTER_FORM_ROLE || p >= sc->ntok ||
          sc->toks[p].kind != T_POPEN)
        return 0;
      size_t at = sc->toks[p].end;
      return at < st->len && st->body[at] == '@' ? x->h.id : 0;
    }
    if (!(t->kind == T_WORD && t->cap) && !tok_abbrev_point(st, k))
      return 0;
  }
  return 0;
}

#define POST_STATEMENTS 8 /* statements an embedded post may hold */

void roundup_post_signed(struct run_state *st, const struct paragraph_state *ps, size_t idx,
                         long long id, struct text_span ev) {
  struct statement *ss = st->res->statements;
  size_t k = idx;
  while (k > 0 && idx - k < POST_STATEMENTS && ss[k - 1].speaker_id == 0 &&
         ss[k - 1].section == ss[idx].section)
    k--;
  int introduced = 0;
  if (k > 0 && k < ps->first_stmt && ss[k - 1].section == ss[idx].section) {
    introduced = ss[k - 1].speaker_id == id;
    for (size_t m = 0; !introduced && m < ss[k - 1].mention_count; m++)
      introduced = ss[k - 1].mentions[m] == id;
  }
  size_t from = introduced || k > ps->first_stmt ? k : ps->first_stmt;
  for (size_t j = from; j < idx; j++)
    stmt_attribute(&ss[j], id, ATTR_NAME, NULL, CONF_NAME * CONF_TAG_LINE, ev);
}

int roundup_topic_line(const struct run_state *st, const struct paragraph_state *ps, size_t last) {
  const struct scratch *sc = &st->sc;
  const struct statement *s = &st->res->statements[last];
  if (last != ps->first_stmt || s->speaker_id != 0 || s->quote_count || sc->ntok < 3 ||
      sc->ntok > 10 || !tok_is(st, &sc->toks[0], "on") || !sc->toks[0].cap)
    return 0;
  for (size_t k = 0; k < sc->ntok; k++)
    if (sc->toks[k].cue)
      return 0;
  const char *e = st->body + s->end;
  return (s->end - s->start > 3 &&
          (!strncmp(e - 3, "\xe2\x80\xa6", 3) || !strncmp(e - 3, "...", 3))) ||
         e[-1] == ':';
}
