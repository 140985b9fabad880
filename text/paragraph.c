/* paragraph.c - the paragraph state machine: quotations open across sentences,
 * transcript labels, continuations, the speaker "he" means next; and across
 * paragraphs: transcript turns, "X said:" blocks, quotation paragraphs. */
#include "extract_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define INTRO_OPEN_PARAS 12 /* paragraphs an unclosed quotation after "X said:" may run over */

static void attribute(struct statement *s, long long id, enum attr_method m, const char *cue,
                      double conf, struct text_span ev) {
  s->speaker_id = id;
  s->method = m;
  s->cue = cue;
  s->confidence = conf;
  s->evidence = ev;
}

static int fill_quotes(struct run_state *st, struct statement *s, int open_at_start) {
  const struct scratch *sc = &st->sc;
  size_t qstart = open_at_start ? s->start : (size_t)-1;
  size_t n = 0;
  struct text_span buf[EXTRACT_MAX_QUOTES];
  for (size_t k = 0; k < sc->ntok; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind == T_QOPEN && !t->qin) { /* quotes within a quote are part of it */
      qstart = t->end;
    } else if (t->kind == T_QCLOSE && !t->qout && qstart != (size_t)-1) {
      if (t->start > qstart && n < EXTRACT_MAX_QUOTES)
        buf[n++] = (struct text_span){qstart, t->start};
      qstart = (size_t)-1;
    }
  }
  if (qstart != (size_t)-1 && s->end > qstart && n < EXTRACT_MAX_QUOTES) {
    size_t e = s->end;
    buf[n++] = (struct text_span){qstart, e};
  }
  if (n == 0)
    return 0;
  s->quotes = malloc(n * sizeof *s->quotes);
  if (!s->quotes)
    return -1;
  memcpy(s->quotes, buf, n * sizeof *buf);
  s->quote_count = n;
  return 0;
}

static int fill_mentions(struct run_state *st, struct statement *s) {
  const struct scratch *sc = &st->sc;
  long long buf[EXTRACT_MAX_MENTIONS];
  size_t n = 0;
  for (size_t h = 0; h < sc->nhit && n < EXTRACT_MAX_MENTIONS; h++) {
    long long id = sc->hits[h].h.id;
    if (id <= 0 || id == s->speaker_id)
      continue;
    int seen = 0;
    for (size_t k = 0; k < n; k++)
      seen |= buf[k] == id;
    if (!seen)
      buf[n++] = id;
  }
  if (n == 0)
    return 0;
  s->mentions = malloc(n * sizeof *s->mentions);
  if (!s->mentions)
    return -1;
  memcpy(s->mentions, buf, n * sizeof *buf);
  s->mention_count = n;
  return 0;
}

/* Whether word w (n bytes) occurs, word-bounded and in any ASCII case, in
 * body[a..b). */
static int word_in(const char *body, size_t a, size_t b, const char *w, size_t n) {
  for (size_t i = a; i + n <= b; i++) {
    if (strncasecmp(body + i, w, n) != 0)
      continue;
    int left = i == a || !((body[i - 1] | 32) >= 'a' && (body[i - 1] | 32) <= 'z');
    int right = i + n == b || !((body[i + n] | 32) >= 'a' && (body[i + n] | 32) <= 'z');
    if (left && right)
      return 1;
  }
  return 0;
}

/* A sentence that reads as reported speech carried on: a modal or future verb
 * among its first words, no new speaker at its head, and a head word that the
 * previous statement p spoke of ("He said Russia will ... Russia will also
 * ..."), not a new topic ("... would open 14 shelters. Schools will stay
 * closed ..."). */
static int carries_on(const struct run_state *st, const struct statement *p) {
  const struct scratch *sc = &st->sc;
  long long prev_speaker = p->speaker_id;
  if (sc->ntok == 0)
    return 0;
  const struct tok *t0 = &sc->toks[0];
  const struct tok *head = t0;
  if (tok_class(st, t0) == LEX_DETERMINER && sc->ntok > 1)
    head = &sc->toks[1];
  if (head->kind != T_WORD ||
      !word_in(st->body, p->start, p->end, st->body + head->start, head->end - head->start))
    return 0;
  if (t0->hit >= 0 && sc->hits[t0->hit].h.id != prev_speaker)
    return 0;
  if (tok_class(st, t0) == LEX_PRONOUN || tok_class(st, t0) == LEX_PREPOSITION)
    return 0;
  for (size_t k = 1; k < sc->ntok && k < 8; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind != T_WORD)
      return 0;
    if (tok_class(st, t) == LEX_MODAL)
      return 1;
  }
  return 0;
}

/* Whether a cue-less sentence with no speaker names a known speaker as the
 * subject at its head ("Putin arrived in Beijing."): "he" may mean them next. */
static long long head_speaker(const struct run_state *st) {
  const struct scratch *sc = &st->sc;
  if (sc->ntok == 0 || sc->nhit == 0)
    return 0;
  if (sc->toks[0].hit >= 0) {
    const struct hit *x = &sc->hits[sc->toks[0].hit];
    return x->clean ? x->speaker : 0;
  }
  /* led by a description: "Polling expert Sir John Curtice has been ..." */
  const struct hit *x = &sc->hits[0];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 || sc->toks[x->tfirst].qin || after >= sc->ntok ||
      sc->toks[after].kind != T_WORD || sc->toks[after].cap || !np_subject_head(st, x->tfirst))
    return 0;
  return x->h.id;
}

/* The one known speaker a cue-less sentence names, in the possessive and
 * outside quotations ("we showed you Commissioner Allen Whylie's first
 * comments"), when it names nobody else: "he" may mean them next, if "he"
 * meant nobody. 0 otherwise. */
static long long possessive_only(const struct run_state *st) {
  const struct scratch *sc = &st->sc;
  if (sc->nhit != 1 || !sc->hits[0].h.possessive || sc->hits[0].h.id <= 0 ||
      sc->toks[sc->hits[0].tfirst].qin)
    return 0;
  return sc->hits[0].h.id;
}

/* Whether every cue of the sentence outside quotations is passive without an
 * agent ("cases were reported"): it names no new speaker. */
static int passive_cues_only(const struct run_state *st) {
  const struct scratch *sc = &st->sc;
  for (size_t k = 0; k < sc->ntok; k++) {
    const struct tok *t = &sc->toks[k];
    if (!t->cue || t->qin)
      continue;
    const struct tok *b = k > 0 ? &sc->toks[k - 1] : NULL;
    if (!b || b->kind != T_WORD || !lexicon_is_be(st->body + b->start, b->end - b->start) ||
        (k + 1 < sc->ntok && tok_is(st, &sc->toks[k + 1], "by")))
      return 0;
  }
  return 1;
}

/* Whether token k is one of the words list (any ASCII case). */
static int tok_among(const struct run_state *st, size_t k, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (tok_is(st, &st->sc.toks[k], list[i]))
      return 1;
  return 0;
}

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
             roster_match_any_case(st->r, st->body, sc->toks[sc->ntok - 1].end,
                                   sc->toks[k].start, caps) && !caps->possessive) {
    *after = k;
    while (*after < sc->ntok && sc->toks[*after].start < caps->end)
      (*after)++;
  } else {
    return 0;
  }
  return caps->id > 0 && caps->form != ROSTER_FORM_ROLE ? caps->id : 0;
}

/* A transcript's speaker label opening a paragraph: "Lagarde: No, the job is
 * never done.", "MR. SMITH: ...", "Laura Kuenssberg (BBC): ...", a label alone
 * on its line ("President of Turkey Recep Tayyip Erdogan (retranslated):"), "Q: ..." and
 * "A: ...". Returns the labelled speaker (and its method and confidence), -1
 * for a question ("Q:", the interviewer, whom nobody registers: the line is
 * nobody's), or 0 when the paragraph has no label. "A:" is the interviewee:
 * the speaker named last before the first question (the introduction's). */
static long long transcript_label(const struct run_state *st, enum attr_method *m,
                                  double *conf, struct text_span *ev) {
  static const char *const honorifics[] = {"mr", "mrs", "ms", "dr", "sen", "rep", "gen",
                                           "gov", "prof", "sir", "dame", NULL};
  const struct scratch *sc = &st->sc;
  if (sc->ntok < 2)
    return 0;
  const char *b = st->body + sc->toks[0].start;
  if (sc->ntok >= 3 && sc->toks[0].end - sc->toks[0].start == 1 && (b[0] == 'Q' || b[0] == 'A') &&
      sc->toks[1].kind == T_COLON && b[1] == ':') {
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
  if (after >= sc->ntok || sc->toks[after].kind != T_COLON || st->body[sc->toks[after].start] != ':')
    return 0;
  *conf = subject_form_confidence(h.form, m);
  *ev = (struct text_span){sc->toks[0].start, sc->toks[after].end};
  return id;
}

/* Whether statement s opens with a quotation mark. */
static int opens_quote(const struct run_state *st, const struct statement *s) {
  const char *b = st->body + s->start;
  size_t n = s->end - s->start;
  return (n >= 1 && b[0] == '"') ||
         (n >= 3 && (!strncmp(b, "\xe2\x80\x9c", 3) || !strncmp(b, "\xe2\x80\x98", 3))) ||
         (n >= 2 && !strncmp(b, "\xc2\xab", 2));
}

/* A speaker label of somebody nobody registered opening the paragraph:
 * "QUESTION:", "DER SPIEGEL:", "MR. JONES:" (capitals, then a colon), or a
 * bare "Q" before the question ("Q    Thank you."). */
static int label_shape(const struct run_state *st) {
  const struct scratch *sc = &st->sc;
  if (sc->ntok >= 3 && sc->toks[0].kind == T_POPEN && st->body[sc->toks[0].start] == '[') {
    size_t k = 1; /* "[Reporter:] Lucknow is your home ground." */
    while (k < sc->ntok && k < 5 && sc->toks[k].kind == T_WORD && sc->toks[k].cap && sc->toks[k].hit < 0)
      k++;
    if (k > 1 && k < sc->ntok && sc->toks[k].kind == T_COLON)
      return 1;
  }
  if (sc->ntok >= 2 && sc->toks[0].end - sc->toks[0].start == 1 && st->body[sc->toks[0].start] == 'Q' &&
      (sc->toks[1].kind == T_WORD || sc->toks[1].kind == T_COLON))
    return 1;
  static const char *const roles[] = {"question", "answer", "reporter", "journalist", "interviewer",
                                      "correspondent", "moderator", "host", "spokesman", "spokeswoman",
                                      "spokesperson", NULL};
  if (sc->ntok >= 2 && sc->toks[0].cap && sc->toks[1].kind == T_COLON && tok_among(st, 0, roles))
    return 1; /* "Question: Will he travel?" */
  /* "John Roberts: Bob, many of us remember ...", "Romans: All right.": a name
   * of one to three capitalised words and a colon, nobody registered */
  size_t w = 0;
  while (w < sc->ntok && w < 3 && sc->toks[w].kind == T_WORD && sc->toks[w].cap &&
         sc->toks[w].hit < 0 && tok_class(st, &sc->toks[w]) == LEX_NONE)
    w++;
  if (w > 0 && w + 1 < sc->ntok && sc->toks[w].kind == T_COLON && st->body[sc->toks[w].start] == ':')
    return 1;
  size_t k = 0;
  while (k < sc->ntok && k < 5 && (tok_acronym(st, &sc->toks[k]) || tok_abbrev_point(st, k)))
    k++;
  return k > 0 && k < sc->ntok && sc->toks[k].kind == T_COLON && st->body[sc->toks[k].start] == ':';
}

static int first_person(const struct run_state *st, const struct statement *s);

/* A line that introduces a speech or statement printed after it: "Statement
 * by Ambassador Barbara Woodward, UK Permanent Representative to the UN, at
 * the Security Council.", "Remarks by President Obama at ...", "Message from
 * X": the speaker (a known name or alias, led by title words at most), or 0.
 * The line reports nothing itself; what follows runs on like a turn. */
static long long speech_heading(const struct run_state *st) {
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

/* The introduction of an unlabelled transcript: "The following is a
 * near-verbatim transcript of today's noon briefing by Stéphane Dujarric,
 * Spokesman for the Secretary-General." — "transcript", then within a few
 * words "by" and a known speaker's name. Returns the speaker, or 0. */
static long long transcript_intro(const struct run_state *st) {
  static const char *const kinds[] = {"transcript", "extract", "extracts", "excerpt", "excerpts", NULL};
  const struct scratch *sc = &st->sc;
  int colon = sc->ntok > 0 && sc->toks[sc->ntok - 1].kind == T_COLON;
  for (size_t k = 0; k < sc->ntok; k++) {
    if (sc->toks[k].qin || !tok_among(st, k, kinds))
      continue;
    for (size_t j = k + 1; j + 1 < sc->ntok && j < k + 12; j++) {
      const struct tok *t = &sc->toks[j + 1];
      if (colon && t->kind == T_WORD && (tok_is(st, &sc->toks[j], "from") || tok_is(st, &sc->toks[j], "of")) &&
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

/* Whether statement s ends as a sentence does (a point, a question or
 * exclamation mark, an ellipsis, a colon; closing marks after it), not as a
 * subhead the splitter kept ("Pujara, the 'thorn in the throat'"). */
static int ends_sentence(const struct run_state *st, const struct statement *s) {
  size_t e = s->end;
  while (e > s->start) {
    unsigned char c = (unsigned char)st->body[e - 1];
    if (c == '"' || c == '\'' || c == ')')
      e--;
    else if (e - s->start >= 3 && c >= 0x80 && !strncmp(st->body + e - 3, "\xe2\x80", 2) &&
             (unsigned char)st->body[e - 1] != 0xa6)
      e -= 3; /* a closing curly mark: ” ’ */
    else
      break;
  }
  if (e == s->start)
    return 0;
  char c = st->body[e - 1];
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
         (e - s->start >= 3 && !strncmp(st->body + e - 3, "\xe2\x80\xa6", 3));
}

/* A sentence of the briefer's transcript: what it reports of somebody else
 * is theirs ("The Secretary-General welcomed ..."), "she said" there is never
 * the briefer (nobody's, when "she" would mean them), anything else without a
 * cue is the briefer's own words. */
static void briefed_sentence(struct run_state *st, struct statement *s) {
  struct finding f;
  subject_analyse(st, &f);
  long long b = st->briefer;
  if (f.decided && f.speaker > 0 && f.speaker != b) {
    attribute(s, f.speaker, f.method, f.cue, f.confidence, f.evidence);
    st->last_speaker = f.speaker;
  } else if (!f.has_cue && ends_sentence(st, s)) {
    attribute(s, b, ATTR_CONTINUATION, NULL, CONF_CONTINUATION, (struct text_span){s->start, s->start});
    long long head = head_speaker(st);
    if (head > 0 && head != b)
      st->last_speaker = head;
  }
}

/* Whether the turn of the last transcript label runs on into this paragraph
 * (its first sentence s tokenized): no label of its own, and no narration
 * naming a known speaker as its subject ("Putin then met ...", "Medvedev
 * said ...") or reporting somebody else ("The Kremlin said later ...", not
 * "I said I wanted to meet"). */
static int floor_holds(const struct run_state *st, const struct statement *s) {
  if (st->floor <= 0 || label_shape(st))
    return 0;
  const struct hit *x;
  if (np_clause_head(st, &x) > 0 && x)
    return 0;
  struct finding f;
  subject_analyse(st, &f);
  if (f.decided && f.speaker == 0 && !first_person(st, s))
    return 0;
  return !(f.decided && f.speaker > 0 && !f.pronoun);
}

/* Whether statement s is quoted whole, up to a closing mark at most: a
 * speaker's words carried on, not '"Tories give BBC reform ultimatum" was the
 * headline.' */
static int quoted_whole(const struct statement *s) {
  return s->quote_count == 1 && s->quotes[0].start <= s->start + 3 && s->quotes[0].end + 4 >= s->end;
}

/* Whether statement s ends with a closing double quotation mark. */
static int closes_quote(const struct run_state *st, const struct statement *s) {
  const char *b = st->body;
  size_t n = s->end - s->start;
  return (n >= 1 && b[s->end - 1] == '"') || (n >= 3 && !strncmp(b + s->end - 3, "\xe2\x80\x9d", 3)) ||
         (n >= 2 && !strncmp(b + s->end - 2, "\xc2\xbb", 2));
}

/* A tag line after a quotation paragraph, "– England coach, Gareth Southgate":
 * a dash, a few words without a cue, ending in a known speaker's name. The
 * previous paragraph's unattributed sentences are that speaker's when it
 * opened with a quotation mark. The tag line itself reports nothing. */
static int tag_line(struct run_state *st, const struct paragraph_state *ps) {
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
  if (!opens_quote(st, &st->res->statements[ps->prev_first]))
    return 0;
  enum attr_method m;
  double conf = subject_form_confidence(x->h.form, &m) * CONF_TAG_LINE;
  for (size_t k = ps->prev_first; k < ps->first_stmt; k++) {
    struct statement *s = &st->res->statements[k];
    if (s->speaker_id == 0 || s->method == ATTR_CONTINUATION) /* the tag names it better */
      attribute(s, x->h.id, m, NULL, conf, (struct text_span){x->h.start, x->h.end});
  }
  return 1;
}

static int speaks_first(const struct run_state *st, size_t from, size_t to);

/* Whether statements from..to (one paragraph) are a quotation nobody was
 * given: all unattributed, and opening with a quotation mark or speaking in
 * the first person ("We played the perfect game."). */
static int unclaimed_quotation(const struct run_state *st, size_t from, size_t to) {
  if (from > to || to >= st->res->statement_count ||
      st->res->statements[from].paragraph != st->res->statements[to].paragraph)
    return 0;
  for (size_t k = from; k <= to; k++)
    if (st->res->statements[k].speaker_id != 0)
      return 0;
  return opens_quote(st, &st->res->statements[from]) || speaks_first(st, from, to);
}

/* A lowercase word in the third person present, the captions' tense: "plays
 * down", "reflects on" (not "is", "has", "was"). */
static int present_verb(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  const char *w = st->body + t->start;
  return t->kind == T_WORD && !t->cap && n >= 4 && w[n - 1] == 's' && w[n - 2] != 's' &&
         tok_class(st, t) == LEX_NONE;
}

/* The caption of a quote round-up after the quotation it tags, a line of its
 * own: "Yutaka Ikeuchi, Japan coach" (the name, a comma, a role, no final
 * point) or "Mamelodi Sundowns co-coach Rhulani Mokwena after their defeat by
 * Stellenbosch." (a description, the name, then "after", "following", "on",
 * "speaking" or a verb in the present: "Pep Guardiola plays down ..."). The
 * quotation paragraph before it, quoted whole and nobody's so far, is that
 * speaker's; the caption reports nothing. */
static int caption_line(struct run_state *st, const struct paragraph_state *ps) {
  static const char *const links[] = {"after", "following", "on", "speaking", "when", "ahead",
                                      "reacting", "before", NULL};
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
    if (sc->toks[sc->ntok - 1].kind == T_END || !one) /* "Herdman, the coach, said." is no caption */
      return 0;
  } else {
    size_t k = 0;
    while (links[k] && !tok_is(st, &sc->toks[after], links[k]))
      k++;
    if (!links[k] && !present_verb(st, &sc->toks[after]))
      return 0;
    if (!np_subject_head(st, x->tfirst) || !closes_quote(st, &st->res->statements[ps->first_stmt - 1]) ||
        !opens_quote(st, &st->res->statements[ps->prev_first]))
      return 0;
  }
  if (!unclaimed_quotation(st, ps->prev_first, ps->first_stmt - 1))
    return 0;
  enum attr_method m;
  double conf = subject_form_confidence(x->h.form, &m) * CONF_TAG_LINE;
  for (size_t k = ps->prev_first; k < ps->first_stmt; k++)
    attribute(&st->res->statements[k], x->h.id, m, NULL, conf, (struct text_span){x->h.start, x->h.end});
  return 1;
}

/* The signature line of an embedded post: "— Chief Art Acevedo (@ArtAcevedo)
 * November 10, 2020": a dash, title words at most, a known speaker's name,
 * then a bracket opening on an @handle. Returns the speaker, or 0. */
static long long post_signature(const struct run_state *st) {
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

/* An embedded post signed by speaker id at statement idx: the post is the
 * unattributed statements before the signature in its paragraph, and the
 * unattributed paragraphs before it (at most POST_STATEMENTS statements in
 * all) when what stands before them is that speaker's or names them ("Chief
 * Art Acevedo says ..." then the post); the signature itself reports nothing. */
#define POST_STATEMENTS 8
static void post_signed(struct run_state *st, const struct paragraph_state *ps, size_t idx,
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
    attribute(&ss[j], id, ATTR_NAME, NULL, CONF_NAME * CONF_TAG_LINE, ev);
}

/* Whether the paragraph so far (before statement idx) is one unattributed
 * quotation, closed: '"These days ... . A certain group ... ." Zarif said
 * during a meeting ...' — the tag sentence that follows it, led by its
 * subject, attributes the quotation. */
static int quote_before(const struct run_state *st, const struct paragraph_state *ps,
                        size_t idx) {
  if (idx == ps->first_stmt || ps->carry != SIZE_MAX)
    return 0;
  for (size_t k = ps->first_stmt; k < idx; k++) {
    const struct statement *p = &st->res->statements[k];
    /* all quoted, up to a closing mark at most: no words of its own outside */
    if (p->speaker_id != 0 || p->quote_count != 1 || p->quotes[0].start > p->start + 3 ||
        p->quotes[0].end + 4 < p->end)
      return 0;
  }
  const struct statement *first = &st->res->statements[ps->first_stmt];
  const struct statement *last = &st->res->statements[idx - 1];
  return first->quotes[0].start > first->start && last->quotes[0].end < last->end;
}

/* The attributed statement before index i in the same paragraph, or, for the
 * first one, the previous paragraph's whose quotation it continues; or NULL. */
static const struct statement *before(const struct run_state *st, size_t i,
                                      const struct paragraph_state *ps) {
  if (i == ps->first_stmt && ps->carry != SIZE_MAX)
    return &st->res->statements[ps->carry];
  if (i == 0 || i - 1 < ps->first_stmt)
    return NULL;
  const struct statement *p = &st->res->statements[i - 1];
  return p->speaker_id > 0 ? p : NULL;
}

static void continue_range(struct run_state *st, size_t from, size_t to, long long id,
                           double conf) {
  for (size_t k = from; k <= to; k++) {
    struct statement *s = &st->res->statements[k];
    attribute(s, id, ATTR_CONTINUATION, NULL, conf, (struct text_span){s->start, s->start});
  }
}

void paragraph_settle(struct run_state *st, struct paragraph_state *ps, size_t to) {
  if (ps->pending_from == SIZE_MAX)
    return;
  const struct statement *p = before(st, ps->pending_from, ps);
  if (p)
    continue_range(st, ps->pending_from, to, p->speaker_id, CONF_QUOTE_CONTINUATION);
  ps->pending_from = SIZE_MAX;
}

/* Whether statement s is a transcript's stage direction, bracketed whole:
 * "(Laughter.)", "(Applause.)", "(Inaudible.)". */
static int stage_direction(const struct run_state *st, const struct statement *s) {
  const struct scratch *sc = &st->sc;
  return sc->ntok >= 2 && sc->ntok <= 6 && sc->toks[0].kind == T_POPEN &&
         st->body[s->end - 1] == ')';
}

/* 'f' when the word at body[i] is "she", 'm' when it is "he", else 0. */
static char pronoun_gender(const struct run_state *st, size_t i) {
  const char *w = st->body + i;
  size_t n = 0;
  while (i + n < st->len && ((w[n] | 32) >= 'a' && (w[n] | 32) <= 'z'))
    n++;
  return n == 3 && !strncasecmp(w, "she", 3) ? 'f' : n == 2 && !strncasecmp(w, "he", 2) ? 'm' : 0;
}

/* The gender of a possessive before a kinship noun and a name after byte at,
 * outside quotations and with no other name before it ("... but his daughter
 * Emily insists"): the subject's, in narration. 0 when there is none. */
static char possessive_gender(const struct run_state *st, size_t at) {
  const struct scratch *sc = &st->sc;
  for (size_t k = 0; k + 2 < sc->ntok; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->start < at)
      continue;
    if (t->hit >= 0 || t->qin)
      return 0;
    if ((tok_is(st, t, "his") || tok_is(st, t, "her")) && np_kinship(st, &sc->toks[k + 1]) &&
        sc->toks[k + 2].hit >= 0)
      return tok_is(st, t, "his") ? 'm' : 'f';
  }
  return 0;
}

/* Counts n steps of work plus EXTRACT_CUE_STEPS for each cue of the current
 * sentence (the subject rules look at a bounded window around each);
 * -1 once the budget is spent. */
static int charge(struct run_state *st, size_t n) {
  for (size_t k = 0; k < st->sc.ntok; k++)
    n += st->sc.toks[k].cue ? EXTRACT_CUE_STEPS : 0;
  st->steps += n;
  return st->steps > st->max_steps ? -1 : 0;
}

int paragraph_sentence(struct run_state *st, struct paragraph_state *ps, size_t idx) {
  struct statement *s = &st->res->statements[idx];
  int open_at_start = ps->open != 0;
  if (tokens_split(st, s->start, s->end, &ps->open) < 0 || tokens_find_hits(st, s->start, s->end) < 0)
    return -1;
  cues_find(st);
  np_learn_roles(st);
  np_resolve_hits(st);
  for (size_t h = 0; h < st->sc.nhit; h++) /* a name inside a quotation is the speaker's word */
    if (st->sc.hits[h].h.id > 0 && !st->sc.toks[st->sc.hits[h].tfirst].qin)
      np_named(st, st->sc.hits[h].h.id);
  if (charge(st, s->end - s->start + st->sc.ntok + st->sc.nhit) < 0)
    return EXTRACT_TOO_COMPLEX;
  subject_join_reach(st);
  if (fill_quotes(st, s, open_at_start) < 0)
    return -1;
  int quote_led = st->sc.ntok > 0 && st->sc.toks[0].kind == T_QOPEN;
  if (idx == ps->first_stmt && !quote_led)
    ps->carry = SIZE_MAX; /* a continued quotation opens its paragraph with a mark */
  if (idx == ps->first_stmt && (tag_line(st, ps) || caption_line(st, ps))) {
    ps->tags = 1;
    st->last_speaker = 0;
    return fill_mentions(st, s);
  }
  if (idx == ps->first_stmt) {
    enum attr_method m;
    double conf;
    struct text_span ev;
    ps->label = transcript_label(st, &m, &conf, &ev);
    if (ps->label > 0)
      attribute(s, ps->label, m, NULL, conf, ev);
    else if (ps->label == 0 && floor_holds(st, s)) { /* the turn runs on: the label's speaker */
      ps->label = st->floor;
      attribute(s, st->floor, ATTR_CONTINUATION, NULL, CONF_CONTINUATION,
                (struct text_span){s->start, s->start});
    }
    st->floor = ps->label > 0 ? ps->label : 0;
    if (!st->floor)
      st->floor = speech_heading(st);
    if (st->briefer > 0 && ps->label == st->briefer)
      st->brief_paused = 0;
    else if (ps->label != 0 || label_shape(st))
      st->brief_paused = 1; /* "Question: ...": the floor is somebody else's */
    ps->briefed = st->briefer > 0 && !st->brief_paused && ps->label == 0;
  } else if (ps->label > 0 && stage_direction(st, s)) { /* "(Laughter.)": nobody's words */
    return fill_mentions(st, s);
  } else if (ps->label > 0) { /* the whole answer is the labelled speaker's */
    attribute(s, ps->label, ATTR_CONTINUATION, NULL, CONF_QUOTE_CONTINUATION,
              (struct text_span){s->start, s->start});
  }
  if (ps->label > 0) {
    st->last_speaker = ps->label;
    return fill_mentions(st, s);
  }
  if (ps->label < 0) { /* a question: the interviewer's, nobody's */
    if (!st->interviewee)
      st->interviewee = st->last_named;
    return fill_mentions(st, s);
  }
  if (!ps->intro_of)
    ps->intro_of = transcript_intro(st);
  if (ps->briefed) {
    briefed_sentence(st, s);
    return fill_mentions(st, s);
  }
  long long sig = post_signature(st);
  if (sig > 0) {
    post_signed(st, ps, idx, sig, (struct text_span){s->start, s->end});
    ps->pending_from = SIZE_MAX;
    st->last_speaker = sig;
    return fill_mentions(st, s);
  }
  struct finding f;
  subject_analyse(st, &f);
  ps->cued |= f.decided;
  if (f.decided && cues_characterise(f.cue)) {
    attribute(s, 0, ATTR_NONE, NULL, 0, (struct text_span){s->start, s->start});
    ps->pending_from = SIZE_MAX;
    st->last_speaker = f.speaker > 0 ? f.speaker : 0;
  } else if (f.decided && f.speaker > 0) {
    attribute(s, f.speaker, f.method, f.cue, f.confidence, f.evidence);
    if (f.pronoun) /* "she said": she, from now on */
      np_tie_gender(st, f.speaker, pronoun_gender(st, f.evidence.start));
    else /* "Michael Eavis has confirmed ... but his daughter Emily insists" */
      np_tie_gender(st, f.speaker, possessive_gender(st, f.evidence.end));
    if (ps->pending_from != SIZE_MAX && open_at_start && f.post_quote)
      continue_range(st, ps->pending_from, idx - 1, f.speaker, CONF_QUOTE_CONTINUATION);
    else if (!open_at_start && f.evidence.start == s->start && quote_before(st, ps, idx))
      continue_range(st, ps->first_stmt, idx - 1, f.speaker, CONF_QUOTE_CONTINUATION);
    ps->pending_from = SIZE_MAX;
    st->last_speaker = f.speaker;
  } else if (f.decided) {
    ps->pending_from = SIZE_MAX;
    if ((!f.pronoun || f.speaker < 0) && !f.org)
      st->last_speaker = 0;
  } else if (f.has_cue) {
    /* a cue with no subject of its own ("Asked ..., Merz shook his head."):
     * narration; "he" next means whoever heads the main clause, if known */
    const struct hit *x;
    long long prev = st->last_speaker;
    ps->pending_from = SIZE_MAX;
    st->last_speaker = np_clause_head(st, &x);
    if (!st->last_speaker) /* led by a description: "The police spokesperson X wants ..." */
      st->last_speaker = head_speaker(st);
    if (!st->last_speaker && passive_cues_only(st))
      st->last_speaker = prev; /* "Fewer cases were reported.": nobody new speaks */
    if (!st->last_speaker && !prev)
      st->last_speaker = possessive_only(st);
  } else if (ps->open && (open_at_start || quote_led)) {
    if (ps->pending_from == SIZE_MAX)
      ps->pending_from = idx; /* decided when the quotation closes */
  } else if (open_at_start) {
    paragraph_settle(st, ps, idx); /* closes here with no cue: the earlier speaker */
    if (ps->pending_from == SIZE_MAX && s->speaker_id == 0) {
      const struct statement *p = before(st, idx, ps);
      if (p)
        continue_range(st, idx, idx, p->speaker_id, CONF_QUOTE_CONTINUATION);
    }
  } else {
    const struct statement *p = before(st, idx, ps);
    if (p && quote_led && (quoted_whole(s) || ps->open)) /* not '"Iron Man 3" sees Tony Stark ...' */
      continue_range(st, idx, idx, p->speaker_id, CONF_QUOTE_CONTINUATION);
    else if (p && p->method != ATTR_CONTINUATION && carries_on(st, p))
      continue_range(st, idx, idx, p->speaker_id, CONF_CONTINUATION);
    else if (head_speaker(st) != 0)
      st->last_speaker = head_speaker(st);
    else if (st->last_speaker == 0 && possessive_only(st) > 0)
      st->last_speaker = possessive_only(st); /* "... Whylie's first comments." "He asked ..." */
    else if (st->sc.nhit == 0 && s->quote_count == 0 && idx - ps->first_stmt < 64)
      ps->plain |= (uint64_t)1 << (idx - ps->first_stmt);
  }
  return fill_mentions(st, s);
}

/* Whether statement s has a word of the first person ("I", "we", "our", ...;
 * with singular set, "I", "my", "me" only): a speaker's own words, not the
 * reporter's narration (a government's readout may say "we"). */
static int first_person_of(const struct run_state *st, const struct statement *s, int singular) {
  static const char *const words[] = {"I", "my", "My", "me", /* singular: the first four */
                                      "we", "We", "our", "Our", "us", NULL};
  const char *b = st->body;
  for (size_t i = s->start; i < s->end; i++) {
    if (i > s->start && (((b[i - 1] | 32) >= 'a' && (b[i - 1] | 32) <= 'z') || b[i - 1] == '\''))
      continue;
    for (size_t k = 0; words[k] && !(singular && k >= 4); k++) {
      size_t n = strlen(words[k]);
      if (i + n <= s->end && !memcmp(b + i, words[k], n) &&
          (i + n == s->end || !((b[i + n] | 32) >= 'a' && (b[i + n] | 32) <= 'z')))
        return 1;
    }
  }
  return 0;
}

static int first_person(const struct run_state *st, const struct statement *s) {
  return first_person_of(st, s, 0);
}

/* Whether some statement from..to speaks in the first person. */
static int speaks_first(const struct run_state *st, size_t from, size_t to) {
  for (size_t k = from; k <= to; k++)
    if (first_person(st, &st->res->statements[k]))
      return 1;
  return 0;
}

/* Whether some statement from..to speaks in the first person singular. */
static int speaks_as_i(const struct run_state *st, size_t from, size_t to) {
  for (size_t k = from; k <= to; k++)
    if (first_person_of(st, &st->res->statements[k], 1))
      return 1;
  return 0;
}

/* A quote page's topic line, a paragraph of its own: "On the performance…",
 * "On his future:" — "On" and a few words ending in an ellipsis or a colon,
 * no cue, no quotation. It tells no words of its own. */
static int topic_line(const struct run_state *st, const struct paragraph_state *ps, size_t last) {
  const struct scratch *sc = &st->sc;
  const struct statement *s = &st->res->statements[last];
  if (last != ps->first_stmt || s->speaker_id != 0 || s->quote_count || sc->ntok < 3 ||
      sc->ntok > 10 || !tok_is(st, &sc->toks[0], "on") || !sc->toks[0].cap)
    return 0;
  for (size_t k = 0; k < sc->ntok; k++)
    if (sc->toks[k].cue)
      return 0;
  const char *e = st->body + s->end;
  return (s->end - s->start > 3 && (!strncmp(e - 3, "\xe2\x80\xa6", 3) || !strncmp(e - 3, "...", 3))) ||
         e[-1] == ':';
}

/* Whether statement s reports its speaker's words with the tag after them:
 * "..., Brown said." (a name or pronoun after a comma). */
static int tagged_after(const struct run_state *st, const struct statement *s) {
  if (s->speaker_id <= 0 || s->method == ATTR_CONTINUATION || s->evidence.start < s->start + 2)
    return 0;
  size_t i = s->evidence.start;
  while (i > s->start && st->body[i - 1] == ' ')
    i--;
  return st->body[i - 1] == ',';
}

/* A cue-less sentence between two of one speaker's reported sentences, each
 * tagged after its words ("..., Brown said. After the officers found the
 * man, a foot chase ensued. When ..., Brown said."): it carries on that
 * speaker's account. The one before may end the previous paragraph. */
static void between_tags(struct run_state *st, const struct paragraph_state *ps, size_t last) {
  struct statement *ss = st->res->statements;
  for (size_t k = ps->first_stmt; k < last && k - ps->first_stmt < 64; k++) {
    if (!(ps->plain >> (k - ps->first_stmt) & 1) || ss[k].speaker_id != 0 || k == 0)
      continue;
    const struct statement *p = &ss[k - 1], *n = &ss[k + 1];
    if (p->speaker_id > 0 && p->speaker_id == n->speaker_id && tagged_after(st, p) &&
        tagged_after(st, n) && p->section == ss[k].section)
      attribute(&ss[k], p->speaker_id, ATTR_CONTINUATION, NULL, CONF_CONTINUATION,
                (struct text_span){ss[k].start, ss[k].start});
  }
}

void paragraph_end(struct run_state *st, const struct paragraph_state *ps, size_t last) {
  struct statement *ss = st->res->statements;
  if (last == SIZE_MAX || last < ps->first_stmt)
    return;
  between_tags(st, ps, last);
  int own = 0, quoted = 0;
  for (size_t k = ps->first_stmt; k <= last; k++) {
    own |= ss[k].speaker_id != 0;
    quoted |= ss[k].quote_count > 0;
  }
  const struct statement *first = &ss[ps->first_stmt];
  long long carried = 0;
  if (!own && st->intro > 0 && st->intro_open && st->intro_paras < INTRO_OPEN_PARAS) {
    /* "X read the following statement:" then a quotation over several
     * paragraphs, opened once and not reopened: every one of them is inside it */
    carried = st->intro, st->intro_paras++;
    if (quoted || closes_quote(st, &ss[last]))
      st->intro_open = 0; /* it closes here */
  } else if (!own && !ps->cued) {
    /* "Defence Secretary, John Healey said:" then his block: its first paragraph,
     * and after it those that quote or speak in the first person */
    if (st->intro > 0 && (st->intro_paras == 0 || opens_quote(st, first) || first_person(st, first))) {
      carried = st->intro, st->intro_paras++;
      st->intro_open = st->intro_paras == 1 && opens_quote(st, first) && ps->open;
    }
    /* a quotation paragraph with no tag after a paragraph that ended with a
     * speaker's words ('"...," Guardiola told Sky.', "He praised the groups.") */
    else if (opens_quote(st, first) && quoted_whole(first) && st->quote_para > 0)
      carried = st->quote_para;
    /* the quotation the previous paragraph left open closes at this one's end */
    else if (!opens_quote(st, first) && st->open_para > 0 && closes_quote(st, &ss[last]))
      carried = st->open_para;
    /* "... it left Sir Alex bitterly disappointed." then his words in the first
     * person, the marks left out: the speaker the narration led in to */
    else if (!quoted && st->lead_in > 0 && speaks_as_i(st, ps->first_stmt, last))
      carried = st->lead_in;
    /* "Head Coach Tony Popovic spoke to the media after the win." then his
     * words, quoted, with no tag of their own */
    else if (st->led_by > 0 && opens_quote(st, first) && quoted_whole(first) &&
             unclaimed_quotation(st, ps->first_stmt, last))
      carried = st->led_by;
    /* a quote round-up's name line above: "John Herdman, New Zealand coach" */
    else if (st->headed > 0 && unclaimed_quotation(st, ps->first_stmt, last))
      carried = st->headed;
  }
  if (carried) {
    continue_range(st, ps->first_stmt, last, carried, CONF_CONTINUATION);
    st->last_speaker = carried;
  } else {
    st->intro = st->intro_open = 0;
  }
  if (ps->intro_of)
    st->briefer = ps->intro_of;
  const struct statement *l = &ss[last];
  if (!carried && topic_line(st, ps, last))
    return; /* "On the performance…": the quotations go on after it as before it */
  st->led_by = l->speaker_id == 0 && l->quote_count == 0 && !ps->tags ? head_speaker(st) : 0;
  st->quote_para = l->speaker_id > 0 ? l->speaker_id : 0;
  st->open_para = ps->open && l->speaker_id > 0 ? l->speaker_id : 0;
  st->lead_in = 0;
  for (size_t k = 0; l->speaker_id == 0 && st->last_speaker > 0 && k < l->mention_count; k++)
    if (l->mentions[k] == st->last_speaker)
      st->lead_in = st->last_speaker;
  if (l->speaker_id > 0 && l->method != ATTR_CONTINUATION && l->end > l->start &&
      st->body[l->end - 1] == ':') {
    st->intro = l->speaker_id;
    st->intro_paras = st->intro_open = 0;
  }
}

/* A heading that introduces a speech, statement or letter printed under it:
 * "Statement by John P. Holdren, Assistant to the President ...", "Letter to
 * The Telegraph from Emma Howard Boyd": the first known name after "by" or
 * "from", or 0. What follows runs on like a turn. */
static long long speech_title(const struct run_state *st, size_t a, size_t b) {
  static const char *const kinds[] = {"Statement ", "Remarks ", "Speech ", "Address ", "Message ",
                                      "Letter ", NULL};
  size_t k = 0;
  while (kinds[k] && strncmp(st->body + a, kinds[k], strlen(kinds[k])) != 0)
    k++;
  if (!kinds[k])
    return 0;
  for (size_t i = a; i + 4 < b; i++) {
    size_t skip = !strncmp(st->body + i, " by ", 4) ? 4 : !strncmp(st->body + i, " from ", 6) ? 6 : 0;
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

void paragraph_heading(struct run_state *st, size_t a, size_t b) {
  st->floor = st->intro = st->intro_open = st->quote_para = st->open_para = st->lead_in = st->headed =
      st->led_by = 0;
  if (st->r)
    st->floor = speech_title(st, a, b);
  size_t from = st->since_heading, n = st->res->statement_count;
  st->since_heading = n;
  struct roster_hit h;
  if (!st->r || !roster_match_at(st->r, st->body, b, a, &h) || h.id <= 0 || h.possessive ||
      h.form == ROSTER_FORM_ROLE)
    return;
  size_t after = h.end;
  if (after + 4 < b && st->body[after] == ' ' &&
      (st->body[after + 1] == '-' || !strncmp(st->body + after + 1, "\xe2\x80\x93", 3) ||
       !strncmp(st->body + after + 1, "\xe2\x80\x94", 3)))
    after = h.end + 1; /* "Allen Whylie - Commissioner of Police", with a dash */
  int dash = after > h.end;
  if (after < b && (st->body[after] == ',' || dash) && !memchr(st->body + after, ':', b - after)) {
    /* a quote round-up's name line: it tags the quotation before it when that
     * is nobody's yet (the caption after the words), else heads the next; a
     * dash line heads the next only; a colon makes it a title ("Stevie Nicks,
     * St. Vincent: News Round-Up") */
    if (!dash && n > from && unclaimed_quotation(st, from, n - 1)) {
      enum attr_method m;
      double conf = subject_form_confidence(h.form, &m) * CONF_TAG_LINE;
      for (size_t k = from; k < n; k++)
        attribute(&st->res->statements[k], h.id, m, NULL, conf, (struct text_span){h.start, h.end});
    } else {
      st->headed = h.id;
    }
    return;
  }
  /* "Tom Coughlin Post-Game Transcript, 10.09.11": an unlabelled transcript
   * of that speaker follows, as after "The following is a transcript of ..." */
  if (word_in(st->body, h.end, b, "transcript", 10))
    st->briefer = h.id, st->brief_paused = 0;
  /* "Rishi Sunak call with President Zelenskyy": whom a shared role noun
   * ("the Prime Minister") may mean next (not "he": a heading tells no speech) */
  np_named(st, h.id);
  if (h.end < b && st->body[h.end] == ':')
    st->quote_para = h.id;
}
