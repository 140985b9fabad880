/* transcript.c - transcripts: speaker labels opening a paragraph, turns that
 * run on, unlabelled briefing transcripts and their briefer, speeches and
 * statements introduced by a line or a heading. */
#include "extract_internal.h"

#include <string.h>
#include <strings.h>

/* The speaker a label "NAME:" at token k names, a registered name or alias
 * (no role noun), written as registered or in capitals ("SMITH"); sets *x
 * (NULL for a capitals match, *caps filled then) and the token after it. */
static long long label_name(const struct run_state *st, size_t k, const struct hit **x,
                            struct roster_hit *caps, size_t *after) {
  const struct scratch *sc = &st->sc;
  *x = NULL;
  if (sc->toks[k].hit >= 0) {
    *x = &sc->hits[sc->toks[k].hit];
    if (!(*x)->clean)
      return 0;
    *caps = (*x)->h;
    *after = (*x)->tlast + 1;
  } else if (sc->toks[k].kind == T_WORD && sc->toks[k].cap &&
             roster_match_any_case(st->r, st->body, sc->toks[sc->ntok - 1].end, sc->toks[k].start,
                                   caps) &&
             !caps->possessive) {
    *after = k;
    while (*after < sc->ntok && sc->toks[*after].start < caps->end)
      (*after)++;
  } else {
    return 0;
  }
  return caps->id > 0 && caps->form != ROSTER_FORM_ROLE ? caps->id : 0;
}

long long transcript_label(const struct run_state *st, enum attr_method *m, double *conf,
                           struct text_span *ev) {
  static const char *const honorifics[] = {"mr",  "mrs", "ms",   "dr",  "sen",  "rep",
                                           "gen", "gov", "prof", "sir", "dame", NULL};
  const struct scratch *sc = &st->sc;
  if (sc->ntok < 2)
    return 0;
  const char *b = st->body + sc->toks[0].start;
  if (sc->ntok >= 3 && sc->toks[0].end - sc->toks[0].start == 1 && (b[0] == 'Q' || b[0] == 'A') &&
      ((sc->toks[1].kind == T_COLON && b[1] == ':') ||
       (b[1] == '.' && sc->toks[2].kind == T_WORD && sc->toks[2].cap))) { /* "Q:", "Q. Why ...?" */
    *conf = CONF_QUOTE_CONTINUATION;
    *m = ATTR_CONTINUATION;
    *ev = (struct text_span){sc->toks[0].start, sc->toks[1].end};
    return b[0] == 'Q' ? -1 : st->interviewee;
  }
  static const char *const spokes[] = {"spokesman", "spokeswoman", "spokesperson", NULL};
  size_t n0 = sc->toks[0].end - sc->toks[0].start;
  if (st->briefer > 0 && sc->toks[1].kind == T_COLON && b[n0] == ':' && tok_among(st, 0, spokes)) {
    *conf = CONF_CONTINUATION; /* "Spokesman: ..." in the transcript of a spokesman's briefing */
    *m = ATTR_CONTINUATION;
    *ev = (struct text_span){sc->toks[0].start, sc->toks[1].end};
    return st->briefer;
  }
  int colon = sc->toks[1].kind == T_COLON && b[n0] == ':';
  if (tok_acronym(st, &sc->toks[0]) &&
      (colon || (n0 >= 3 && sc->toks[1].kind == T_WORD && sc->toks[1].cap))) {
    /* "DA: Incorrect." for Deb Abbott; "TAG Thank you." (three letters at least
     * without a colon) for Tedros Adhanom Ghebreyesus */
    long long id = roster_initials(st->r, b, n0);
    if (id > 0) {
      *conf = CONF_QUOTE_CONTINUATION;
      *m = ATTR_ALIAS;
      *ev = (struct text_span){sc->toks[0].start, sc->toks[colon ? 1 : 0].end};
      return id;
    }
  }
  size_t k = 0;
  if (sc->toks[0].kind == T_POPEN && b[0] == '[')
    k = 1; /* "[Eoin Morgan:] Yeah, quite simple." */
  if (tok_among(st, k, honorifics))
    k += tok_abbrev_point(st, k + 1) ? 2 : 1; /* "MR. SMITH:" */
  const struct hit *x;
  struct roster_hit h;
  size_t after;
  long long id = label_name(st, k, &x, &h, &after);
  if (id <= 0)
    return 0;
  if (after < sc->ntok && sc->toks[after].kind == T_POPEN) { /* "Name (Outlet):" */
    size_t p = after + 1;
    while (p < sc->ntok && p < after + 8 && sc->toks[p].kind != T_PCLOSE)
      p++;
    if (p >= sc->ntok || sc->toks[p].kind != T_PCLOSE)
      return 0;
    after = p + 1;
  }
  /* the label may stand alone on its line, its words in the paragraphs after
   * it ("President of Russia Vladimir Putin:" then "Colleagues, ...") */
  if (after >= sc->ntok || sc->toks[after].kind != T_COLON ||
      st->body[sc->toks[after].start] != ':')
    return 0;
  *conf = subject_form_confidence(h.form, m);
  *ev = (struct text_span){sc->toks[0].start, sc->toks[after].end};
  return id;
}

int transcript_label_shape(const struct run_state *st) {
  const struct scratch *sc = &st->sc;
  if (sc->ntok >= 3 && sc->toks[0].kind == T_POPEN && st->body[sc->toks[0].start] == '[') {
    size_t k = 1; /* "[Reporter:] Lucknow is your home ground." */
    while (k < sc->ntok && k < 5 && sc->toks[k].kind == T_WORD && sc->toks[k].cap &&
           sc->toks[k].hit < 0)
      k++;
    if (k > 1 && k < sc->ntok && sc->toks[k].kind == T_COLON)
      return 1;
  }
  if (sc->ntok >= 2 && sc->toks[0].end - sc->toks[0].start == 1 &&
      st->body[sc->toks[0].start] == 'Q' &&
      (sc->toks[1].kind == T_WORD || sc->toks[1].kind == T_COLON))
    return 1;
  static const char *const roles[] = {"question",    "answer",        "reporter",     "journalist",
                                      "interviewer", "correspondent", "moderator",    "host",
                                      "spokesman",   "spokeswoman",   "spokesperson", NULL};
  if (sc->ntok >= 2 && sc->toks[0].cap && sc->toks[1].kind == T_COLON && tok_among(st, 0, roles))
    return 1; /* "Question: Will he travel?" */
  /* "John Roberts: Bob, many of us remember ...", "Romans: All right.": a name
   * of one to three capitalised words and a colon, nobody registered */
  size_t w = 0;
  while (w < sc->ntok && w < 3 && sc->toks[w].kind == T_WORD && sc->toks[w].cap &&
         sc->toks[w].hit < 0 && tok_class(st, &sc->toks[w]) == LEX_NONE)
    w++;
  if (w > 0 && w + 1 < sc->ntok && sc->toks[w].kind == T_COLON &&
      st->body[sc->toks[w].start] == ':')
    return 1;
  size_t k = 0;
  while (k < sc->ntok && k < 5 && (tok_acronym(st, &sc->toks[k]) || tok_abbrev_point(st, k)))
    k++;
  return k > 0 && k < sc->ntok && sc->toks[k].kind == T_COLON && st->body[sc->toks[k].start] == ':';
}

long long transcript_speech_heading(const struct run_state *st) {
  static const char *const kinds[] = {"statement", "remarks", "speech", "address", "message", NULL};
  const struct scratch *sc = &st->sc;
  if (sc->ntok < 3 || !sc->toks[0].cap || !tok_among(st, 0, kinds) ||
      !(tok_is(st, &sc->toks[1], "by") || tok_is(st, &sc->toks[1], "from")))
    return 0;
  for (size_t k = 0; k < sc->ntok; k++)
    if (sc->toks[k].cue && !sc->toks[k].qin)
      return 0;
  for (size_t k = 2; k < sc->ntok && k < 2 + SUBJECT_MAX_WORDS; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->hit >= 0) {
      const struct hit *x = &sc->hits[t->hit];
      return x->clean && x->h.id > 0 && x->h.form != ROSTER_FORM_ROLE ? x->h.id : 0;
    }
    if (!(t->kind == T_WORD && t->cap) && !tok_abbrev_point(st, k))
      return 0;
  }
  return 0;
}

long long transcript_intro(const struct run_state *st) {
  static const char *const kinds[] = {"transcript", "extract",  "extracts",
                                      "excerpt",    "excerpts", NULL};
  const struct scratch *sc = &st->sc;
  int colon = sc->ntok > 0 && sc->toks[sc->ntok - 1].kind == T_COLON;
  if (!colon && sc->nhit == 0)
    return 0; /* neither shape below can match: most sentences */
  for (size_t k = 0; k < sc->ntok; k++) {
    if (sc->toks[k].qin || !tok_among(st, k, kinds))
      continue;
    for (size_t j = k + 1; j + 1 < sc->ntok && j < k + 12; j++) {
      const struct tok *t = &sc->toks[j + 1];
      if (colon && t->kind == T_WORD &&
          (tok_is(st, &sc->toks[j], "from") || tok_is(st, &sc->toks[j], "of")) &&
          (tok_is(st, t, "his") || tok_is(st, t, "her")))
        return st->last_speaker > 0 ? st->last_speaker : 0; /* "Here's an extract from his press
                                                               conference:" */
      int by = tok_is(st, &sc->toks[j], "by");
      if (t->hit >= 0 && (by || sc->hits[t->hit].h.possessive)) {
        const struct hit *x = &sc->hits[t->hit]; /* "... briefing by X", "... of X's remarks:" */
        int ok = by ? x->clean : colon;
        return ok && x->h.id > 0 && x->h.form != ROSTER_FORM_ROLE ? x->h.id : 0;
      }
    }
    return 0;
  }
  return 0;
}

void transcript_briefed(struct run_state *st, struct statement *s) {
  struct finding f;
  subject_analyse(st, &f);
  long long b = st->briefer;
  if (f.decided && f.speaker > 0 && f.speaker != b) {
    stmt_attribute(s, f.speaker, f.method, f.cue, f.confidence, f.evidence);
    st->last_speaker = f.speaker;
  } else if (!f.has_cue && stmt_ends_sentence(st, s)) {
    stmt_attribute(s, b, ATTR_CONTINUATION, NULL, CONF_CONTINUATION,
                   (struct text_span){s->start, s->start});
    long long head = np_head_speaker(st);
    if (head > 0 && head != b)
      st->last_speaker = head;
  }
}

int transcript_floor_holds(const struct run_state *st, const struct statement *s) {
  if (st->floor <= 0 || transcript_label_shape(st))
    return 0;
  const struct hit *x;
  if (np_clause_head(st, &x) > 0 && x)
    return 0;
  struct finding f;
  subject_analyse(st, &f);
  if (f.decided && f.speaker == 0 && !stmt_first_person(st, s, 0))
    return 0;
  return !(f.decided && f.speaker > 0 && !f.pronoun);
}

int transcript_stage_direction(const struct run_state *st, const struct statement *s) {
  const struct scratch *sc = &st->sc;
  return sc->ntok >= 2 && sc->ntok <= 6 && sc->toks[0].kind == T_POPEN &&
         st->body[s->end - 1] == ')';
}

long long transcript_title(const struct run_state *st, size_t a, size_t b) {
  static const char *const kinds[] = {"Statement ", "Remarks ", "Speech ", "Address ",
                                      "Message ",   "Letter ",  NULL};
  size_t k = 0;
  while (kinds[k] && strncmp(st->body + a, kinds[k], strlen(kinds[k])) != 0)
    k++;
  if (!kinds[k])
    return 0;
  for (size_t i = a; i + 4 < b; i++) {
    size_t skip = !strncmp(st->body + i, " by ", 4)     ? 4
                  : !strncmp(st->body + i, " from ", 6) ? 6
                                                        : 0;
    if (!skip)
      continue;
    struct roster_hit h[2];
    size_t n = roster_scan(st->r, st->body + i + skip, b - i - skip, h, 1);
    if (n == 0 || h[0].start > 40) /* a title first at most: "by Ambassador X" */
      return 0;
    return h[0].id > 0 && !h[0].possessive && h[0].form != ROSTER_FORM_ROLE ? h[0].id : 0;
  }
  return 0;
}
