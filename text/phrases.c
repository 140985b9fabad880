/* phrases.c - noun phrases that head a clause: the shapes a subject may take before
 * its cue ("Russian President", "Her coach", "X of the University of Y", "the minister"). */
#include "extract_internal.h"

#include <string.h>
#include <strings.h>

int np_subject_head(const struct run_state *st, size_t first) {
  const struct scratch *sc = &st->sc;
  size_t k = first;
  int words = 0;
  while (k > 0) {
    const struct tok *t = &sc->toks[k - 1];
    if (tok_boundary(sc, k - 1))
      return 1;
    if (tok_abbrev_point(st, k - 1)) { /* "Gov. Dana Whitfield", "Dr. Okafor" */
      k--;
      continue;
    }
    if (t->kind != T_WORD || t->cue)
      return 0;
    enum lex_class c = tok_class(st, t);
    if (c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || tok_boundary(sc, k - 2)))
      return 1;
    if (c != LEX_NONE && c != LEX_DETERMINER)
      return 0;
    if (++words > SUBJECT_MAX_WORDS)
      return 0;
    k--;
  }
  return 1;
}

int np_title_head(const struct run_state *st, size_t first) {
  const struct scratch *sc = &st->sc;
  for (size_t k = first, words = 0; k > 0; k--) {
    const struct tok *t = &sc->toks[k - 1];
    if (tok_boundary(sc, k - 1))
      return 1;
    if (tok_abbrev_point(st, k - 1))
      continue;
    if (t->kind != T_WORD || t->cue)
      return 0;
    enum lex_class c = tok_class(st, t);
    if (c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || tok_boundary(sc, k - 2)))
      return 1;
    if (!t->cap || (c != LEX_NONE && c != LEX_DETERMINER) || ++words > SUBJECT_MAX_WORDS)
      return 0;
  }
  return 1;
}

int np_heads_clause(const struct run_state *st, size_t last) {
  const struct scratch *sc = &st->sc;
  for (size_t k = last + 1, words = 0; k > 0; k--) {
    const struct tok *t = &sc->toks[k - 1];
    if (k - 1 < last && tok_boundary(sc, k - 1))
      return 1;
    if (tok_abbrev_point(st, k - 1))
      continue;
    if (t->kind != T_WORD || t->cue || ++words > SUBJECT_MAX_WORDS)
      return 0;
    enum lex_class c = tok_class(st, t);
    const char *w = st->body + t->start;
    size_t n = t->end - t->start;
    int possessive_det = (n == 3 && (!strncasecmp(w, "his", 3) || !strncasecmp(w, "her", 3) ||
                                     !strncasecmp(w, "its", 3))) ||
                         (n == 5 && !strncasecmp(w, "their", 5));
    if (c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || tok_boundary(sc, k - 2)))
      return 1;
    if (c != LEX_NONE && c != LEX_DETERMINER && !possessive_det)
      return 0;
  }
  return 1;
}

const struct hit *np_affiliation(const struct run_state *st, size_t e) {
  const struct scratch *sc = &st->sc;
  for (size_t k = e + 1, n = 0; k > 1 && n < 12; k--, n++) {
    const struct tok *t = &sc->toks[k - 1];
    if (t->kind != T_WORD || t->hit >= 0 || t->cue)
      return NULL;
    if (t->cap)
      continue;
    if (k - 1 < e && (tok_is(st, t, "of") || tok_is(st, t, "at") || tok_is(st, t, "from"))) {
      const struct hit *x = tok_hit_ending(sc, k - 2);
      if (x && x->h.id > 0)
        return x;
    }
    if (!tok_is(st, t, "the") && !tok_is(st, t, "of") && !tok_is(st, t, "for") &&
        !tok_is(st, t, "and"))
      return NULL;
  }
  return NULL;
}

int np_proper_pp_head(const struct run_state *st, size_t last) {
  const struct scratch *sc = &st->sc;
  int caps = 0;
  for (size_t k = last + 1, n = 0; k > 1 && n < 8; k--, n++) {
    const struct tok *t = &sc->toks[k - 1];
    if (t->kind != T_WORD || t->hit >= 0)
      return 0;
    if (t->cap) {
      caps++;
      continue;
    }
    if (caps && (tok_is(st, t, "of") || tok_is(st, t, "for")))
      return np_heads_clause(st, k - 2);
    if (!tok_is(st, t, "the"))
      return 0;
  }
  return 0;
}

long long np_role_anaphor(const struct run_state *st, size_t first, size_t e) {
  const struct scratch *sc = &st->sc;
  if (st->last_speaker <= 0 || e <= first || e - first > 2 || !tok_is(st, &sc->toks[first], "the"))
    return 0;
  for (size_t k = first + 1; k <= e; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind != T_WORD || t->cap || t->hit >= 0 || tok_class(st, t) != LEX_NONE)
      return 0;
  }
  const struct tok *t = &sc->toks[e];
  return roster_role_word(st->r, st->last_speaker, st->body + t->start, t->end - t->start)
             ? st->last_speaker
             : 0;
}

long long np_clause_head(const struct run_state *st, const struct hit **hit) {
  const struct scratch *sc = &st->sc;
  *hit = NULL;
  if (sc->ntok > 1 && tok_pronoun(st, &sc->toks[0]) && sc->toks[1].kind == T_WORD &&
      !sc->toks[1].cap)
    return st->last_speaker;
  if (sc->nhit == 0)
    return 0;
  const struct hit *x = &sc->hits[0];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 || sc->toks[x->tfirst].qin || after >= sc->ntok ||
      sc->toks[after].kind != T_WORD || sc->toks[after].cap || !np_title_head(st, x->tfirst))
    return 0;
  *hit = x;
  return x->h.id;
}
