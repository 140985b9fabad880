/* subject.c - the subject rules: which speaker, if any, a sentence's speech cue
 * belongs to (before, after, inverted, coordinated, "according to", ", saying"). */
#include "extract_internal.h"

#include <string.h>
#include <strings.h>

double subject_form_confidence(enum roster_form f, enum attr_method *m) {
  switch (f) {
  case ROSTER_FORM_ALIAS: *m = ATTR_ALIAS; return CONF_ALIAS;
  case ROSTER_FORM_ROLE: *m = ATTR_ROLE; return CONF_ROLE;
  case ROSTER_FORM_NAME: break;
  }
  *m = ATTR_NAME;
  return CONF_NAME;
}

/* A conjunction opening a subordinate clause after an inverted subject:
 * "said Guardiola when asked ...". */
static int tok_subordinator(const struct run_state *st, const struct tok *t) {
  return tok_is(st, t, "when") || tok_is(st, t, "while") || tok_is(st, t, "after") ||
         tok_is(st, t, "before") || tok_is(st, t, "as") || tok_is(st, t, "because") ||
         tok_is(st, t, "since");
}

/* Fills f from a subject hit (known or ambiguous speaker; np_resolve_hits()). */
static void subject_hit(struct finding *f, const struct hit *x) {
  f->decided = 1;
  long long id = x->speaker;
  if (id <= 0) {
    f->speaker = -1;
    return;
  }
  f->speaker = id;
  f->confidence = subject_form_confidence(x->h.form, &f->method);
}

/* Fills f with the sentence's head subject (clause_head's id and hit, NULL
 * for he/she); the caller sets the evidence's end. */
static void head_finding(const struct run_state *st, struct finding *f, long long id,
                         const struct hit *x) {
  f->decided = 1;
  f->speaker = id;
  if (x) {
    subject_hit(f, x);
    f->evidence.start = x->h.start;
  } else {
    f->pronoun = 1;
    f->method = ATTR_PRONOUN;
    f->confidence = CONF_PRONOUN;
    f->evidence.start = st->sc.toks[0].start;
  }
}

/* Where the evidence of the cue at token c ends: its last word. */
static size_t cue_end(const struct scratch *sc, size_t c) {
  size_t last = c + sc->toks[c].cue->words - 1;
  return sc->toks[last < sc->ntok ? last : c].end;
}

/* Fills f from subject hit x, its evidence from start to the cue at c's end. */
static int subject_from(const struct scratch *sc, struct finding *f, const struct hit *x,
                        size_t start, size_t c) {
  subject_hit(f, x);
  f->evidence = (struct text_span){start, cue_end(sc, c)};
  return 1;
}

/* "Brunson shook his head and said", "She shook her head when asked ... and
 * said", "Lagarde points to the skyline and says": a cue after "and" (token
 * a) coordinated with the main verb of the sentence's head subject, a known
 * speaker or he/she, with nothing but words between them: no relative
 * clause, no other speaker, no cue but a subordinate one ("when asked"). */
static int joined(const struct run_state *st, size_t a, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  const struct hit *x;
  long long id = np_clause_head(st, &x);
  if (id <= 0)
    return 0;
  size_t from = x ? x->tlast + 1 : 1;
  if (from >= a || sc->join_block < a)
    return 0;
  head_finding(st, f, id, x);
  f->evidence.end = cue_end(sc, c);
  return 1;
}

void subject_join_reach(struct run_state *st) {
  struct scratch *sc = &st->sc;
  const struct hit *x;
  sc->join_block = 0;
  if (np_clause_head(st, &x) <= 0)
    return;
  size_t from = x ? x->tlast + 1 : 1, k = from;
  for (; k < sc->ntok; k++) {
    const struct tok *t = &sc->toks[k];
    /* commas of a list or before the "and": "X reflected on his talks with
     * his French, US and Australian counterparts in recent days, and said" */
    if (t->kind == T_COMMA && k > from)
      continue;
    if (t->kind != T_WORD || t->hit >= 0 || tok_relative(st, t))
      break;
    if (t->cue && !(k > from && (tok_class(st, &sc->toks[k - 1]) == LEX_FUNCTION ||
                                 tok_class(st, &sc->toks[k - 1]) == LEX_PREPOSITION)))
      break;
  }
  sc->join_block = k;
}

/* Whether t, an unknown subject's head word, names no person: an acronym
 * ("WHO stressed"), a plural ("analysts said", "officials say"), or a body
 * ("police", "the agency", "the company", "the ministry", "the report").
 * "He" after it still means the last speaker. */
static int no_person(const struct run_state *st, const struct tok *t) {
  static const char *const bodies[] = {
      "police", "agency", "ministry", "department", "office", "company", "firm", "council",
      "government", "board", "committee", "commission", "service", "university", "hospital",
      "court", "village", "city", "town", "club", "group", "party", "bank", "union", "federation",
      "association", "authority", "institute", "organisation", "organization", "team", "embassy",
      "army", "navy", "military", "airline", "school", "district", "county", "state", "kremlin",
      "statement", "report", "study", NULL};
  size_t n = t->end - t->start;
  const char *w = st->body + t->start;
  if (t->kind != T_WORD)
    return 0;
  if (tok_acronym(st, t))
    return 1;
  if (tok_in_list(st, t, bodies))
    return 1; /* "the Saskatchewan Public Safety Agency said": no person */
  return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i' &&
         w[0] >= 'a' && w[0] <= 'z';
}

/* Whether the unknown subject ending at token e is an epithet of the kind
 * sport and feature copy gives the person it is about, "the Dutchman", "the
 * Spaniard", "the 34-year-old": nobody new, so "he" after it still means the
 * last speaker (the sentence itself stays unattributed: no tie names them). */
static int epithet(const struct run_state *st, size_t e) {
  static const char *const ends[] = {"man", "ian", "ese", "ard", "year-old", NULL};
  const struct tok *t = &st->sc.toks[e];
  size_t n = t->end - t->start;
  if (e == 0 || !tok_is(st, &st->sc.toks[e - 1], "the") || t->kind != T_WORD || n < 6)
    return 0;
  for (size_t k = 0; ends[k]; k++) {
    size_t m = strlen(ends[k]);
    if (n > m && !strncmp(st->body + t->end - m, ends[k], m) && (t->cap || m == 8))
      return 1;
  }
  return 0;
}

/* Whether speaker hit y, before the cue at token c with "and" between them,
 * is the object of the head subject's verb: "Steve James met Sajid Javid on
 * Friday and said" (James said), not "Putin and Xi said" (no verb between:
 * both) nor "James met Javid, who smiled and said" (a clause of its own).
 * Returns the head's hit, or NULL. */
static const struct hit *object_of_head(const struct run_state *st, const struct hit *y, size_t c) {
  const struct scratch *sc = &st->sc;
  size_t and_at = SIZE_MAX;
  for (size_t k = y->tlast + 1; k < c; k++) {
    if (tok_is(st, &sc->toks[k], "and") && !sc->toks[k].cap)
      and_at = k;
    else if (sc->toks[k].kind != T_WORD || sc->toks[k].hit >= 0 || sc->toks[k].cue)
      return NULL;
  }
  if (and_at == SIZE_MAX)
    return NULL;
  const struct hit *hx;
  long long id = np_clause_head(st, &hx);
  if (id <= 0 || !hx || hx->tlast >= y->tfirst || hx->speaker == y->speaker)
    return NULL;
  int verb = 0;
  for (size_t k = hx->tlast + 1; k < y->tfirst; k++) {
    const struct tok *t = &sc->toks[k];
    if (tok_boundary(sc, k) || t->hit >= 0 || t->cue || tok_relative(st, t))
      return NULL;
    verb |= t->kind == T_WORD && !t->cap && tok_class(st, t) == LEX_NONE;
  }
  return verb ? hx : NULL;
}

/* Whether the apposition from token k to the name ap that ends it names its
 * head's person: "who gave his name as Drew", "who asked to be identified
 * only as Sam" (a relative, "name" or "identified", then "as" right before
 * the name). */
static int named_as(const struct run_state *st, size_t k, const struct hit *ap) {
  const struct scratch *sc = &st->sc;
  if (ap->tfirst < 2 || ap->tfirst <= k || !tok_relative(st, &sc->toks[k]) ||
      !tok_is(st, &sc->toks[ap->tfirst - 1], "as"))
    return 0;
  for (size_t j = k + 1; j + 1 < ap->tfirst; j++)
    if (tok_is(st, &sc->toks[j], "name") || tok_is(st, &sc->toks[j], "identified"))
      return 1;
  return 0;
}

/* Whether the apposition after a comma opens at token k as a description:
 * "a consultant", "the leader", or a lowercase noun and of/at/for ("leader
 * of the group"). */
static int apposition_opens(const struct run_state *st, size_t k) {
  static const char *const articles[] = {"a", "an", "the", NULL};
  static const char *const links[] = {"of", "at", "for", NULL};
  const struct scratch *sc = &st->sc;
  if (tok_among(st, k, articles))
    return 1;
  const struct tok *t = &sc->toks[k];
  return k + 1 < sc->ntok && t->kind == T_WORD && !t->cap && !t->cue &&
         tok_class(st, t) == LEX_NONE && tok_among(st, k + 1, links);
}

/* A name heading the sentence, then an apposition (apposition_opens()) whose
 * closing comma the copy left out, or a "who" clause it left without commas,
 * ending at token e before the cue at c: "Dr Richard Hixson, a consultant in
 * critical care medicine added:", "John Cameron who was there said:" — the
 * cue then introduces words (a colon, a quotation or "that" after it), so it
 * is no parenthesis ("Smith, a spokesman said, was ..."). */
static const struct hit *unclosed_apposition(const struct run_state *st, size_t e, size_t c) {
  const struct scratch *sc = &st->sc;
  size_t after = c + sc->toks[c].cue->words;
  if (after >= sc->ntok || !(sc->toks[after].kind == T_COLON || sc->toks[after].kind == T_QOPEN ||
                             tok_is(st, &sc->toks[after], "that")))
    return NULL;
  for (size_t k = e + 1; k > 2 && e + 1 - k < 10; k--) {
    const struct tok *t = &sc->toks[k - 1];
    if (t->kind == T_COMMA) {
      const struct hit *x = tok_hit_ending(sc, k - 2);
      if (k > e || !apposition_opens(st, k) || !x ||
          x->h.id <= 0 || x->h.form == ROSTER_FORM_ROLE || !np_subject_head(st, x->tfirst))
        return NULL;
      return x;
    }
    if (t->kind == T_WORD && k - 1 > 0 && k <= e && tok_is(st, t, "who")) {
      /* "John Cameron who was picking his grand-daughter up said:" */
      const struct hit *x = tok_hit_ending(sc, k - 2);
      return x && x->h.id > 0 && x->h.form != ROSTER_FORM_ROLE && np_subject_head(st, x->tfirst)
                 ? x
                 : NULL;
    }
    if (t->kind != T_WORD || t->hit >= 0 || t->cue || tok_relative(st, t))
      return NULL;
  }
  return NULL;
}

/* Whether hit x's form has a comma of its own ("Jane Doe, the club's chair"). */
static int form_has_comma(const struct scratch *sc, const struct hit *x) {
  for (size_t k = x->tfirst; k <= x->tlast; k++)
    if (sc->toks[k].kind == T_COMMA)
      return 1;
  return 0;
}

/* Subject before the cue at token c: "Xi (also) said", "Xi, 68, said". */
static int subject_before(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  size_t j = c;
  while (j > 0) {
    const struct tok *t = &sc->toks[j - 1];
    enum lex_class cl = tok_class(st, t);
    int skip = cl == LEX_ADVERB || cl == LEX_CONNECTIVE ||
               /* "Xi on Monday said" */
               (cl == LEX_PREPOSITION && j < c && tok_class(st, &sc->toks[j]) == LEX_ADVERB) ||
               /* "Putin was quoted as saying" */
               (sc->toks[c].cue->kind == CUE_QUOTED && t->kind == T_WORD &&
                lexicon_is_be(st->body + t->start, t->end - t->start));
    if (!skip)
      break;
    j--;
  }
  if (j == 0)
    return 0;
  size_t e = j - 1; /* the subject's last token */
  if (j < c && tok_is(st, &sc->toks[j], "and") && !tok_hit_ending(sc, e) &&
      !tok_pronoun(st, &sc->toks[e]) && joined(st, j, c, f))
    return 1;
  if (e > 0 && j < c && tok_action_verb(st, &sc->toks[e]) && sc->toks[j].end - sc->toks[j].start == 3 &&
      !strncmp(st->body + sc->toks[j].start, "and", 3)) {
    /* "Tusk laughed and said": the subject of the first verb */
    size_t k = e;
    while (k > 0 && tok_class(st, &sc->toks[k - 1]) == LEX_ADVERB)
      k--;
    if (k == 0)
      return 0;
    e = k - 1;
  }
  /* "Okafor, who rates the stock "outperform," said": the comma inside the quote */
  int qapp = sc->toks[e].kind == T_QCLOSE && e > 0 && sc->toks[e - 1].kind == T_COMMA;
  int appos = 0;
  const struct hit *whole = sc->toks[e].kind == T_COMMA && e > 0 ? tok_hit_ending(sc, e - 1) : NULL;
  if (whole && whole->h.id > 0 && whole->h.form != ROSTER_FORM_ROLE && form_has_comma(sc, whole) &&
      np_subject_head(st, whole->tfirst)) {
    /* "Emma Arthur, HospiceCare's fundraising manager, said", the apposition
     * part of the registered form: the form is the subject */
    return subject_from(sc, f, whole, whole->h.start, c);
  }
  if (sc->toks[e].kind == T_COMMA || qapp) { /* an apposition: "Xi, who ..., said" */
    size_t k = qapp ? e + 1 : e;
    size_t steps = 0;
    int quoted = 0; /* a whole quotation inside it is fine: "Xi, who called it "X", said" */
    while (k > 0 && (quoted || sc->toks[k - 1].kind != T_COMMA) &&
           steps < APPOSITION_MAX_TOKENS) {
      uint8_t kd = sc->toks[k - 1].kind;
      if (kd == T_END || (kd == T_QOPEN && !quoted) || (kd == T_QCLOSE && quoted))
        return 0;
      quoted = kd == T_QCLOSE ? 1 : kd == T_QOPEN ? 0 : quoted;
      k--, steps++;
    }
    if (quoted || k == 0 || sc->toks[k - 1].kind != T_COMMA || k < 2 ||
        (qapp && !tok_relative(st, &sc->toks[k])))
      return 0;
    /* "Baillie, health spokeswoman for Labour, which uncovered the figures,
     * said": a relative clause after an apposition; the name is before both */
    if (tok_relative(st, &sc->toks[k]) && !tok_hit_ending(sc, k - 2)) {
      size_t g = k - 1; /* the first word of the apposition before the relative */
      while (g > 0 && sc->toks[g - 1].kind == T_WORD && k - g < APPOSITION_MAX_TOKENS)
        g--;
      if (g > 1 && sc->toks[g - 1].kind == T_COMMA && tok_hit_ending(sc, g - 2) && g + 1 < k)
        k = g;
    }
    /* "The shadow housing secretary, Tom Ellery, said", "Her coach, Ray Odom,
     * said": an apposition that is exactly a known name is the subject. */
    const struct hit *ap = tok_hit_ending(sc, e - 1);
    if (ap && ap->h.id > 0 && ap->h.form != ROSTER_FORM_ROLE && named_as(st, k, ap) &&
        np_heads_clause(st, k - 2)) {
      /* "The resident, who gave his name as Drew, said" */
      return subject_from(sc, f, ap, sc->toks[0].start, c);
    }
    if (ap && ap->tfirst == k && ap->h.id > 0 && ap->h.form != ROSTER_FORM_ROLE &&
        (np_heads_clause(st, k - 2) || np_proper_pp_head(st, k - 2))) {
      return subject_from(sc, f, ap, ap->h.start, c);
    }
    e = k - 2;
    appos = 1;
    /* "Dianne Craig, president and CEO, Ford of Canada, said": two appositions */
    if (!tok_hit_ending(sc, e) && sc->toks[e].kind == T_WORD) {
      size_t g = e + 1;
      while (g > 0 && e + 1 - g < 8 && sc->toks[g - 1].kind == T_WORD && sc->toks[g - 1].hit < 0 &&
             !sc->toks[g - 1].cue && !(st->body[sc->toks[g - 1].start] >= '0' &&
                                       st->body[sc->toks[g - 1].start] <= '9'))
        g--; /* not an age: "Daniel Price, 52, of Harrogate, denies" */
      if (g > 1 && g <= e && sc->toks[g - 1].kind == T_COMMA && tok_hit_ending(sc, g - 2) &&
          !tok_relative(st, &sc->toks[g]))
        e = g - 2;
    }
  }
  if (e > 0 && tok_post_nominal(st, &sc->toks[e]) && tok_hit_ending(sc, e - 1))
    e--; /* "James Ashworth KC said" */
  if (sc->toks[e].kind == T_PCLOSE) { /* "Kishida (岸田文雄), who ..., said" */
    size_t k = e;
    while (k > 0 && sc->toks[k - 1].kind != T_POPEN && e - k < APPOSITION_MAX_TOKENS)
      k--;
    if (k < 2 || sc->toks[k - 1].kind != T_POPEN)
      return 0;
    e = k - 2;
  }
  const struct tok *t = &sc->toks[e];
  if (t->kind == T_WORD && e > 0 && tok_is(st, t, "who") && !tok_acronym(st, t)) {
    /* "backed by Dr. Anna Ong-Lim who underscored that", "Smith, who said":
     * the relative's cue is its antecedent's, a known name */
    const struct hit *ante = tok_hit_ending(sc, sc->toks[e - 1].kind == T_COMMA && e > 1 ? e - 2 : e - 1);
    if (!ante || ante->h.id <= 0 || ante->h.form == ROSTER_FORM_ROLE ||
        cues_characterise(sc->toks[c].cue->cue))
      return 0; /* "Putin, who called it "a trap", insisted": the main clause's cue */
    return subject_from(sc, f, ante, ante->h.start, c);
  }
  if (t->kind != T_WORD)
    return 0;
  size_t ev_start = t->start;
  const struct hit *x = tok_hit_ending(sc, e);
  if (!x && !tok_pronoun(st, t))
    x = np_affiliation(st, e);
  if (x) {
    /* "..., David Cameron, and Whittingdale, the culture secretary, calls for":
     * the last of a list, not a clause of its own */
    if (!np_subject_head(st, x->tfirst) ||
        (appos && x->tfirst > 0 && tok_clause_conj(st, x->tfirst - 1) &&
         !tok_is(st, &sc->toks[x->tfirst - 1], "as")))
      goto unknown;
    const struct hit *hx = object_of_head(st, x, c);
    if (hx) { /* "Steve James confronted Sajid Javid and told him": James told */
      head_finding(st, f, hx->speaker, hx);
      f->evidence.end = cue_end(sc, c);
      return 1;
    }
    subject_hit(f, x);
    ev_start = x->h.start;
    e = x->tfirst; /* from here on: the subject's first token */
  } else if (tok_pronoun(st, t)) {
    if (!(e == 0 || tok_boundary(sc, e - 1) ||
          (tok_class(st, &sc->toks[e - 1]) == LEX_CONNECTIVE && sc->toks[e - 1].cap &&
           (e - 1 == 0 || tok_boundary(sc, e - 2))) ||
          tok_clause_conj(st, e - 1) || /* ", but he said" */
          np_fronted_time(st, e - 1))) /* "On Monday he said" */
      return 0;
    f->decided = 1;
    f->pronoun = 1;
    f->speaker = np_pronoun_at(st, e);
    f->method = ATTR_PRONOUN;
    f->confidence = CONF_PRONOUN;
  } else {
    enum lex_class cl = tok_class(st, t);
    if (cl != LEX_NONE && cl != LEX_PLURAL_PRONOUN)
      return 0; /* "the plan that said" is no subject */
    /* "The professor of climate and environmental risks added": the role
     * noun before an "of" phrase of lowercase words */
    for (size_t k = e; k > 1 && e - k < 6 && !t->cap; k--) {
      const struct tok *w = &sc->toks[k - 1];
      if (tok_is(st, w, "of")) {
        e = k - 2;
        break;
      }
      if (w->kind != T_WORD || w->cap || w->hit >= 0 || w->cue ||
          (tok_class(st, w) != LEX_NONE && !tok_is(st, w, "and")))
        break;
    }
    for (size_t first = e > 2 ? e - 2 : 0; first < e; first++) {
      long long id = np_role_anaphor(st, first, e);
      if (id <= 0)
        id = np_age_anaphor(st, first, e);
      if (id > 0 && (first == 0 || tok_boundary(sc, first - 1))) {
        f->decided = 1;
        f->speaker = id;
        f->method = ATTR_ROLE;
        f->confidence = CONF_ROLE_ANAPHOR;
        ev_start = sc->toks[first].start;
        e = first;
        goto found;
      }
    }
    const struct hit *y = unclosed_apposition(st, e, c);
    if (y) { /* "Dr Richard Hixson, a consultant in critical care medicine added:" */
      subject_hit(f, y);
      ev_start = y->h.start;
      e = y->tfirst;
      goto found;
    }
    goto unknown;
  }
found:
  f->evidence.start = ev_start;
  f->evidence.end = cue_end(sc, c);
  /* '..." Grace Obi said', '..." Chief Craig said': the quotation closes right
   * before the subject or its title */
  size_t q = e;
  while (q > 0 && e - q < SUBJECT_MAX_WORDS &&
         ((sc->toks[q - 1].kind == T_WORD && sc->toks[q - 1].cap && !sc->toks[q - 1].qin) ||
          tok_abbrev_point(st, q - 1)))
    q--;
  f->post_quote = q > 0 && sc->toks[q - 1].kind == T_QCLOSE;
  return 1;
unknown:
  /* Somebody else speaks; decided when that subject heads its clause. */
  for (size_t k = e, w = 0; w <= SUBJECT_MAX_WORDS; k--, w++) {
    if (k == 0 || tok_boundary(sc, k - 1)) {
      f->decided = 1;
      f->speaker = 0;
      f->org = no_person(st, &sc->toks[e]) || epithet(st, e);
      return 1;
    }
    if (tok_abbrev_point(st, k - 1))
      continue; /* "Sen. Bill Cassidy said" */
    enum lex_class cl = tok_class(st, &sc->toks[k - 1]);
    if (sc->toks[k - 1].kind != T_WORD || (cl != LEX_NONE && cl != LEX_DETERMINER))
      break;
  }
  return 0;
}

/* An inverted subject given as a description and then the name, closing the
 * sentence: '...," said Warning Coordination Meteorologist with the National
 * Weather Service - Slidell, Frank Revitte.', "..., said the meteorologist
 * at the agency, Jane Doe." (a title or "the" first; words, prepositions but
 * "of", "for" and "to", a dash). */
static int subject_after_apposition(const struct run_state *st, size_t c, size_t cue_words,
                                    struct finding *f) {
  const struct scratch *sc = &st->sc;
  size_t k = c + cue_words;
  if (k >= sc->ntok || sc->toks[k].kind != T_WORD ||
      !(sc->toks[k].cap || tok_class(st, &sc->toks[k]) == LEX_DETERMINER))
    return 0;
  for (size_t words = 0; k < sc->ntok && words < APPOSITION_MAX_TOKENS / 2; k++, words++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind == T_COMMA)
      break;
    if (t->hit >= 0 || t->cue || (t->kind != T_WORD && t->kind != T_DASH && !tok_abbrev_point(st, k)))
      return 0;
    enum lex_class cl = t->kind == T_WORD ? tok_class(st, t) : LEX_NONE;
    if (cl == LEX_PRONOUN || cl == LEX_PLURAL_PRONOUN || cl == LEX_FUNCTION || cl == LEX_MODAL ||
        tok_is(st, t, "for") || tok_is(st, t, "of") || tok_is(st, t, "to"))
      return 0; /* "said a spokesman for the minister, X": X may be either */
  }
  if (k + 1 >= sc->ntok || sc->toks[k].kind != T_COMMA || k < c + cue_words + 2)
    return 0;
  const struct tok *t = &sc->toks[k + 1];
  if (t->hit < 0)
    return 0;
  const struct hit *x = &sc->hits[t->hit];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 || x->h.form == ROSTER_FORM_ROLE ||
      !(after == sc->ntok || sc->toks[after].kind == T_END))
    return 0;
  subject_hit(f, x);
  f->evidence.start = sc->toks[c].start;
  f->evidence.end = x->h.end;
  f->post_quote = sc->toks[c - 1].kind == T_QCLOSE;
  return 1;
}

/* The name closing the sentence after a possessive and a role noun: "Putin's
 * spokesman Dmitry Peskov." (up to three lowercase words between), or NULL. */
static const struct hit *named_after_possessive(const struct run_state *st, const struct hit *x) {
  const struct scratch *sc = &st->sc;
  size_t k = x->tlast + 1;
  while (k < sc->ntok && k < x->tlast + 4 && sc->toks[k].kind == T_WORD && !sc->toks[k].cap &&
         sc->toks[k].hit < 0 && !sc->toks[k].cue && tok_class(st, &sc->toks[k]) == LEX_NONE)
    k++;
  if (k == x->tlast + 1 || k >= sc->ntok || sc->toks[k].hit < 0)
    return NULL;
  const struct hit *y = &sc->hits[sc->toks[k].hit];
  size_t after = y->tlast + 1;
  if (!y->clean || y->h.id <= 0 || y->h.form == ROSTER_FORM_ROLE ||
      !(after >= sc->ntok || sc->toks[after].kind == T_END))
    return NULL;
  return y;
}

/* Inverted subject after the cue at token c: "..., said Putin." */
static int subject_after(const struct run_state *st, size_t c, size_t cue_words,
                         struct finding *f) {
  const struct scratch *sc = &st->sc;
  if (c == 0 || !(sc->toks[c - 1].kind == T_COMMA || sc->toks[c - 1].kind == T_QCLOSE))
    return 0;
  if (subject_after_apposition(st, c, cue_words, f))
    return 1;
  size_t k = c + cue_words;
  size_t words = 0;
  while (k < sc->ntok && sc->toks[k].kind == T_WORD && words <= SUBJECT_MAX_WORDS) {
    const struct tok *t = &sc->toks[k];
    if (t->hit >= 0) {
      const struct hit *x = &sc->hits[t->hit];
      size_t after = x->tlast + 1;
      if (!x->clean && !x->h.possessive)
        return 0;
      /* "said Mourinho in a press conference", "said Xi on Monday", "said
       * Guardiola when asked": a preposition or a subordinate clause may follow */
      if (after < sc->ntok && sc->toks[after].kind == T_WORD && !x->h.possessive &&
          tok_class(st, &sc->toks[after]) != LEX_PREPOSITION && !tok_subordinator(st, &sc->toks[after]))
        return 0;
      if (x->h.possessive) {
        const struct hit *y = named_after_possessive(st, x);
        if (y) { /* "said DeLay's lawyer Dick DeGuerin." */
          subject_hit(f, y);
          f->evidence = (struct text_span){sc->toks[c].start, y->h.end};
          f->post_quote = sc->toks[c - 1].kind == T_QCLOSE;
          return 1;
        }
        f->decided = 1; /* "said Putin's spokesman" */
        f->speaker = 0;
        return 1;
      }
      subject_hit(f, x);
      f->evidence.start = sc->toks[c].start;
      f->evidence.end = x->h.end;
      f->post_quote = sc->toks[c - 1].kind == T_QCLOSE;
      return 1;
    }
    enum lex_class cl = tok_class(st, t);
    if (cl != LEX_NONE && cl != LEX_DETERMINER)
      return 0; /* "said that ..." */
    k++, words++;
  }
  if (words == 0)
    return 0;
  if (k >= sc->ntok || sc->toks[k].kind == T_END || sc->toks[k].kind == T_COMMA) {
    f->decided = 1; /* ", said a spokesman." */
    f->speaker = np_role_anaphor(st, c + cue_words, k - 1); /* ", the minister said" */
    if (f->speaker > 0) {
      f->method = ATTR_ROLE;
      f->confidence = CONF_ROLE_ANAPHOR;
      f->evidence = (struct text_span){sc->toks[c].start, sc->toks[k - 1].end};
      f->post_quote = sc->toks[c - 1].kind == T_QCLOSE;
    }
    return 1;
  }
  return 0;
}

/* "according to X": X a speaker form followed by a boundary. */
/* Whether an affiliation after a name starts at token k and runs to a comma
 * or the sentence's end: "of the California Institute of Technology," (of,
 * at or from, then capitalised words joined by the, of, for, and, at). */
static int affiliation_to_comma(const struct run_state *st, size_t k) {
  static const char *const joins[] = {"the", "of", "for", "and", "at", NULL};
  const struct scratch *sc = &st->sc;
  if (!(tok_is(st, &sc->toks[k], "of") || tok_is(st, &sc->toks[k], "at") ||
        tok_is(st, &sc->toks[k], "from")))
    return 0;
  int caps = 0;
  for (size_t j = k + 1; j < sc->ntok && j < k + 12; j++) {
    const struct tok *t = &sc->toks[j];
    if (t->kind == T_COMMA || t->kind == T_END)
      return caps;
    if (t->kind != T_WORD || t->cue || t->hit >= 0 || !(t->cap || tok_in_list(st, t, joins)))
      return 0;
    caps |= t->cap;
  }
  return 0;
}

static int according_to(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  size_t k = c + 2;
  size_t words = 0;
  if (k < sc->ntok && sc->toks[k].kind == T_WORD && sc->toks[k].end - sc->toks[k].start == 3 &&
      (!strncmp(st->body + sc->toks[k].start, "him", 3) ||
       !strncmp(st->body + sc->toks[k].start, "her", 3)) &&
      (k + 1 >= sc->ntok || sc->toks[k + 1].kind != T_WORD)) {
    f->decided = 1; /* "According to him, ...": the most recent speaker */
    f->pronoun = 1;
    f->speaker = np_pronoun(st, &sc->toks[k]);
    f->method = ATTR_PRONOUN;
    f->confidence = CONF_PRONOUN;
    f->evidence = (struct text_span){sc->toks[c].start, sc->toks[k].end};
    return 1;
  }
  while (k < sc->ntok && sc->toks[k].kind == T_WORD && words <= SUBJECT_MAX_WORDS) {
    const struct tok *t = &sc->toks[k];
    if (t->hit >= 0) {
      const struct hit *x = &sc->hits[t->hit];
      size_t after = x->tlast + 1;
      if (!x->clean)
        break;
      if (after < sc->ntok && sc->toks[after].kind == T_WORD && !affiliation_to_comma(st, after))
        break;
      subject_hit(f, x);
      f->evidence.start = sc->toks[c].start;
      f->evidence.end = x->h.end;
      return 1;
    }
    enum lex_class cl = tok_class(st, t);
    if (cl != LEX_NONE && cl != LEX_DETERMINER)
      break;
    k++, words++;
  }
  /* "According to Interfax, the minister also stated that ...": a source that
   * is no speaker, set off by a comma, relays what the clause's own cue says */
  if (k < sc->ntok && sc->toks[k].kind == T_COMMA && (c == 0 || tok_boundary(sc, c - 1)))
    for (size_t j = k + 1; j < sc->ntok; j++)
      if (sc->toks[j].cue && !sc->toks[j].qin)
        return 0;
  f->decided = 1; /* according to a report, to the ministry, ... */
  f->speaker = 0;
  return 1;
}

/* ", saying ...": the speaker is the sentence's head subject. */
/* Fills f with the speaker id a role noun from token first means, the cue at
 * token c ending the evidence; returns 1. */
static int role_found(const struct run_state *st, struct finding *f, long long id, size_t first,
                      size_t c) {
  f->decided = 1;
  f->speaker = id;
  f->method = ATTR_ROLE;
  f->confidence = CONF_ROLE_ANAPHOR;
  f->evidence = (struct text_span){st->sc.toks[first].start, st->sc.toks[c].end};
  return 1;
}

/* A participle cue after "is" or "was" at token c, a progressive: the
 * subject right before the auxiliary heading its clause, a known name, "he" or
 * "she", or a role noun the article tied. */
static int progressive(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  size_t e = c - 2; /* the subject's last token */
  const struct hit *x = tok_hit_ending(sc, e);
  if (x && x->h.id > 0 && np_subject_head(st, x->tfirst)) {
    subject_hit(f, x);
    f->evidence = (struct text_span){x->h.start, sc->toks[c].end};
    return 1;
  }
  if (tok_pronoun(st, &sc->toks[e]) && (e == 0 || tok_boundary(sc, e - 1))) {
    f->decided = f->pronoun = 1;
    f->speaker = np_pronoun(st, &sc->toks[e]);
    f->method = ATTR_PRONOUN;
    f->confidence = CONF_PRONOUN;
    f->evidence = (struct text_span){sc->toks[e].start, sc->toks[c].end};
    return 1;
  }
  for (size_t first = e > 2 ? e - 2 : 0; first < e; first++) {
    long long id = np_role_anaphor(st, first, e);
    if (id > 0 && (first == 0 || tok_boundary(sc, first - 1)))
      return role_found(st, f, id, first, c);
  }
  return 0;
}

/* A caption of a video script or quote sheet before ", saying:" at token c:
 * a known name right before the comma, and before it no verb, only a
 * description of capitalised words, brackets and one lowercase word at most
 * ("SOUNDBITE (English) actor Robert Downey Jr., saying:"). The name, or NULL. */
static const struct hit *soundbite(const struct run_state *st, size_t c) {
  const struct scratch *sc = &st->sc;
  const struct hit *x = c > 1 ? tok_hit_ending(sc, c - 2) : NULL;
  if (!x || x->h.id <= 0 || x->h.form == ROSTER_FORM_ROLE || c + 1 >= sc->ntok ||
      sc->toks[c + 1].kind != T_COLON || x->tfirst > 8)
    return NULL;
  int lower = 0;
  for (size_t k = 0; k < x->tfirst; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind == T_POPEN || t->kind == T_PCLOSE || tok_abbrev_point(st, k))
      continue;
    if (t->kind != T_WORD || t->cue || t->hit >= 0 || (!t->cap && ++lower > 1) ||
        (!t->cap && tok_class(st, t) != LEX_NONE))
      return NULL;
  }
  return x;
}

static int participle(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  const struct hit *w = c > 1 ? tok_hit_ending(sc, c - 1) : NULL;
  if (w && w->h.id > 0 && w->tfirst > 0 && tok_is(st, &sc->toks[w->tfirst - 1], "with")) {
    subject_hit(f, w); /* "..., with Solskjaer saying:" */
    f->evidence = (struct text_span){w->h.start, sc->toks[c].end};
    return 1;
  }
  if (c > 1 && sc->toks[c - 1].kind == T_WORD &&
      lexicon_is_be(st->body + sc->toks[c - 1].start, sc->toks[c - 1].end - sc->toks[c - 1].start))
    return progressive(st, c, f); /* "the Commissioner is asking eyewitnesses to come forward" */
  for (size_t first = c > 4 ? c - 4 : 1; first + 1 < c; first++) {
    long long id = np_role_anaphor(st, first, c - 1); /* "..., with the Spurs boss saying:" */
    if (id > 0 && tok_is(st, &sc->toks[first - 1], "with"))
      return role_found(st, f, id, first, c);
  }
  if (c == 0 || sc->toks[c - 1].kind != T_COMMA)
    return 0;
  const struct hit *cap = soundbite(st, c);
  if (cap) { /* "SOUNDBITE (English) actor Robert Downey Jr., saying: ..." */
    subject_hit(f, cap);
    f->evidence = (struct text_span){cap->h.start, sc->toks[c].end};
    return 1;
  }
  const struct hit *x;
  long long id = np_clause_head(st, &x);
  if (id <= 0 || (x && x->tlast >= c))
    return 0; /* the head must come before the participle */
  /* "He was arrested ... after Ecuador revoked his asylum, accusing him":
   * the participle goes with the nearer clause's subject */
  size_t from = x ? x->tlast + 1 : 1; /* a bounded window: linear with many participles */
  for (size_t k = c > from + APPOSITION_MAX_TOKENS ? c - APPOSITION_MAX_TOKENS : from; k + 1 < c; k++)
    if (tok_subordinator(st, &sc->toks[k]) && sc->toks[k + 1].kind == T_WORD && sc->toks[k + 1].cap)
      return 0;
  head_finding(st, f, id, x);
  f->evidence.end = sc->toks[c].end;
  return 1;
}

/* A passive cue with a known agent: "The plan was criticised by Lavrov",
 * "it has been announced by the minister" (a registered role too): the agent
 * is the speaker. An agent that is no known speaker decides nothing here. */
static int passive(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  if (c == 0 || c + 2 >= sc->ntok || sc->toks[c].cue->words != 1 ||
      !lexicon_is_be(st->body + sc->toks[c - 1].start, sc->toks[c - 1].end - sc->toks[c - 1].start) ||
      sc->toks[c - 1].kind != T_WORD || !tok_is(st, &sc->toks[c + 1], "by") || sc->toks[c + 2].hit < 0)
    return 0;
  const struct hit *x = &sc->hits[sc->toks[c + 2].hit];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 ||
      (after < sc->ntok && sc->toks[after].kind == T_WORD &&
       tok_class(st, &sc->toks[after]) != LEX_PREPOSITION))
    return 0;
  subject_hit(f, x);
  f->evidence = (struct text_span){sc->toks[c - 1].start, x->h.end};
  return 1;
}

/* "Bloomberg quoted acting CEO Hans Linnarson as saying": the known speaker
 * right before "as saying"; anybody else is unknown. */
static int quoted_object(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  size_t as = c + 1;
  while (as < sc->ntok && as <= c + QUOTED_OBJECT_REACH && !tok_is(st, &sc->toks[as], "as"))
    as++; /* cues.c made the cue only with "as saying" this near */
  const struct hit *x = as > c + 1 && as < sc->ntok ? tok_hit_ending(sc, as - 1) : NULL;
  if (!x && as > c + 1 && as < sc->ntok && sc->toks[as - 1].kind == T_COMMA &&
      sc->toks[c + 1].hit >= 0) { /* "cited Hari Pathak, a resident, as saying" */
    const struct hit *y = &sc->hits[sc->toks[c + 1].hit];
    if (y->clean && y->tlast + 1 < as && sc->toks[y->tlast + 1].kind == T_COMMA)
      x = y;
  }
  f->decided = 1;
  if (!x || x->tfirst <= c) {
    f->speaker = 0;
    return 1;
  }
  subject_hit(f, x);
  f->evidence = (struct text_span){sc->toks[c].start, sc->toks[as + 1 < sc->ntok ? as + 1 : as].end};
  return 1;
}

/* Relayed speech: "the bank's analysts said Poulton told them that ...": an
 * unknown source's cue whose content opens with a known speaker and a cue
 * of their own; the speaker is that person. */
static void relayed(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  size_t k = c + sc->toks[c].cue->words;
  if (k < sc->ntok && tok_is(st, &sc->toks[k], "that"))
    k++;
  if (k >= sc->ntok || sc->toks[k].hit < 0)
    return;
  const struct hit *x = &sc->hits[sc->toks[k].hit];
  size_t v = x->tlast + 1;
  while (v < sc->ntok && tok_class(st, &sc->toks[v]) == LEX_ADVERB)
    v++;
  if (!x->clean || x->h.id <= 0 || v >= sc->ntok || !sc->toks[v].cue ||
      sc->toks[v].cue->kind != CUE_VERB)
    return;
  subject_hit(f, x);
  f->evidence = (struct text_span){x->h.start, sc->toks[v].end};
  f->cue = sc->toks[v].cue->cue;
}

void subject_analyse(const struct run_state *st, struct finding *f) {
  const struct scratch *sc = &st->sc;
  memset(f, 0, sizeof *f);
  for (size_t c = 0; c < sc->ntok; c++) {
    const struct cue_def *cd = sc->toks[c].cue;
    if (!cd || sc->toks[c].qin)
      continue; /* a cue inside a quotation is the quoted speaker's, not this sentence's */
    f->has_cue = 1;
    f->cue = cd->cue;
    if (cd->kind == CUE_ACCORDING) {
      if (according_to(st, c, f))
        return;
      continue;
    }
    if (cd->kind == CUE_PARTICIPLE) {
      if (participle(st, c, f))
        return;
      continue;
    }
    if (cues_quoted_object(cd)) {
      quoted_object(st, c, f);
      return;
    }
    if (passive(st, c, f))
      return;
    if (subject_before(st, c, f)) {
      if (f->speaker == 0)
        relayed(st, c, f);
      return;
    }
    if (cd->words <= 2 && subject_after(st, c, cd->words, f))
      return;
  }
  f->cue = NULL;
}
