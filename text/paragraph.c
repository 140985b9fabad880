/* paragraph.c - the paragraph state machine: per sentence, quotations open
 * across sentences, continuations and the speaker "he" means next; across
 * paragraphs, "X said:" blocks, quotation paragraphs and lead-ins, the turns
 * transcript.c reads and the tags roundup.c reads. */
#include "extract_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define INTRO_OPEN_PARAS 12 /* paragraphs an unclosed quotation after "X said:" may run over */

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
      !stmt_word_in(st->body, p->start, p->end, st->body + head->start, head->end - head->start))
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

void paragraph_settle(struct run_state *st, struct paragraph_state *ps, size_t to) {
  if (ps->pending_from == SIZE_MAX)
    return;
  const struct statement *p = before(st, ps->pending_from, ps);
  if (p)
    stmt_continue(st, ps->pending_from, to, p->speaker_id, CONF_QUOTE_CONTINUATION);
  ps->pending_from = SIZE_MAX;
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

/* Whether the sentence, outside quotations, goes on after a colon with a
 * quotation mark: narration that introduces words ("Keys talked about the
 * loss in her news conference: “I think ...”"). */
static int colon_then_quote(const struct run_state *st) {
  const struct scratch *sc = &st->sc;
  for (size_t k = 1; k + 1 < sc->ntok; k++)
    if (sc->toks[k].kind == T_COLON && !sc->toks[k].qin && st->body[sc->toks[k].start] == ':' &&
        sc->toks[k + 1].kind == T_QOPEN)
      return 1;
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
  if (idx == ps->first_stmt && (roundup_tag_line(st, ps) || roundup_caption_line(st, ps))) {
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
      stmt_attribute(s, ps->label, m, NULL, conf, ev);
    else if (ps->label == 0 && transcript_floor_holds(st, s)) { /* the turn runs on: the label's speaker */
      ps->label = st->floor;
      stmt_attribute(s, st->floor, ATTR_CONTINUATION, NULL, CONF_CONTINUATION,
                (struct text_span){s->start, s->start});
    }
    st->floor = ps->label > 0 ? ps->label : 0;
    if (!st->floor)
      st->floor = transcript_speech_heading(st);
    if (st->briefer > 0 && ps->label == st->briefer)
      st->brief_paused = 0;
    else if (ps->label != 0 || transcript_label_shape(st))
      st->brief_paused = 1; /* "Question: ...": the floor is somebody else's */
    ps->briefed = st->briefer > 0 && !st->brief_paused && ps->label == 0;
  } else if (ps->label > 0 && transcript_stage_direction(st, s)) { /* "(Laughter.)": nobody's words */
    return fill_mentions(st, s);
  } else if (ps->label > 0) { /* the whole answer is the labelled speaker's */
    stmt_attribute(s, ps->label, ATTR_CONTINUATION, NULL, CONF_QUOTE_CONTINUATION,
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
    transcript_briefed(st, s);
    return fill_mentions(st, s);
  }
  long long sig = roundup_post_signature(st);
  if (sig > 0) {
    roundup_post_signed(st, ps, idx, sig, (struct text_span){s->start, s->end});
    ps->pending_from = SIZE_MAX;
    st->last_speaker = sig;
    return fill_mentions(st, s);
  }
  struct finding f;
  subject_analyse(st, &f);
  ps->cued |= f.decided;
  if (f.decided && cues_characterise(f.cue)) {
    stmt_attribute(s, 0, ATTR_NONE, NULL, 0, (struct text_span){s->start, s->start});
    ps->pending_from = SIZE_MAX;
    st->last_speaker = f.speaker > 0 ? f.speaker : 0;
  } else if (f.decided && f.speaker > 0) {
    stmt_attribute(s, f.speaker, f.method, f.cue, f.confidence, f.evidence);
    if (f.pronoun) /* "she said": she, from now on */
      np_tie_gender(st, f.speaker, pronoun_gender(st, f.evidence.start));
    else /* "Michael Eavis has confirmed ... but his daughter Emily insists" */
      np_tie_gender(st, f.speaker, possessive_gender(st, f.evidence.end));
    if (ps->pending_from != SIZE_MAX && open_at_start && f.post_quote)
      stmt_continue(st, ps->pending_from, idx - 1, f.speaker, CONF_QUOTE_CONTINUATION);
    else if (!open_at_start && f.evidence.start == s->start && quote_before(st, ps, idx))
      stmt_continue(st, ps->first_stmt, idx - 1, f.speaker, CONF_QUOTE_CONTINUATION);
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
      st->last_speaker = np_head_speaker(st);
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
        stmt_continue(st, idx, idx, p->speaker_id, CONF_QUOTE_CONTINUATION);
    }
  } else {
    const struct statement *p = before(st, idx, ps);
    if (p && quote_led && (stmt_quoted_whole(s) || ps->open)) /* not '"Iron Man 3" sees Tony Stark ...' */
      stmt_continue(st, idx, idx, p->speaker_id, CONF_QUOTE_CONTINUATION);
    else if (p && p->method != ATTR_CONTINUATION && carries_on(st, p))
      stmt_continue(st, idx, idx, p->speaker_id, CONF_CONTINUATION);
    else if (np_head_speaker(st) > 0 && colon_then_quote(st)) { /* "Keys talked about the loss: “...”" */
      stmt_attribute(s, np_head_speaker(st), ATTR_NAME, NULL, CONF_NAME * CONF_TAG_LINE,
                     (struct text_span){s->start, s->start});
      st->last_speaker = s->speaker_id;
    } else if (np_head_speaker(st) != 0)
      st->last_speaker = np_head_speaker(st);
    else if (st->last_speaker == 0 && possessive_only(st) > 0)
      st->last_speaker = possessive_only(st); /* "... Whylie's first comments." "He asked ..." */
    else if (st->sc.nhit == 0 && s->quote_count == 0 && idx - ps->first_stmt < 64)
      ps->plain |= (uint64_t)1 << (idx - ps->first_stmt);
  }
  return fill_mentions(st, s);
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
      stmt_attribute(&ss[k], p->speaker_id, ATTR_CONTINUATION, NULL, CONF_CONTINUATION,
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
    if (quoted || stmt_closes_quote(st, &ss[last]))
      st->intro_open = 0; /* it closes here */
  } else if (!own && !ps->cued) {
    /* "Defence Secretary, John Healey said:" then his block: its first paragraph,
     * and after it those that quote or speak in the first person */
    if (st->intro > 0 && (st->intro_paras == 0 || stmt_opens_quote(st, first) || stmt_first_person(st, first, 0))) {
      carried = st->intro, st->intro_paras++;
      st->intro_open = st->intro_paras == 1 && stmt_opens_quote(st, first) && ps->open;
    }
    /* a quotation paragraph with no tag after a paragraph that ended with a
     * speaker's words ('"...," Guardiola told Sky.', "He praised the groups.") */
    else if (stmt_opens_quote(st, first) && stmt_quoted_whole(first) && st->quote_para > 0)
      carried = st->quote_para;
    /* the quotation the previous paragraph left open closes at this one's end */
    else if (!stmt_opens_quote(st, first) && st->open_para > 0 && stmt_closes_quote(st, &ss[last]))
      carried = st->open_para;
    /* "... it left Sir Alex bitterly disappointed." then his words in the first
     * person, the marks left out: the speaker the narration led in to */
    else if (!quoted && st->lead_in > 0 && stmt_speaks_as_i(st, ps->first_stmt, last))
      carried = st->lead_in;
    /* "Head Coach Tony Popovic spoke to the media after the win." then his
     * words, quoted, with no tag of their own */
    else if (st->led_by > 0 && stmt_opens_quote(st, first) && stmt_quoted_whole(first) &&
             stmt_unclaimed_quotation(st, ps->first_stmt, last))
      carried = st->led_by;
    /* a quote round-up's name line above: "John Herdman, New Zealand coach" */
    else if (st->headed > 0 && stmt_unclaimed_quotation(st, ps->first_stmt, last) &&
             (stmt_opens_quote(st, first) || st->body[ss[last].end - 1] != '?'))
      /* (an unquoted question is the reporter's: "Do you think we should ...?") */
      carried = st->headed;
  }
  if (carried) {
    stmt_continue(st, ps->first_stmt, last, carried, CONF_CONTINUATION);
    st->last_speaker = carried;
  } else {
    st->intro = st->intro_open = 0;
  }
  if (ps->intro_of)
    st->briefer = ps->intro_of;
  const struct statement *l = &ss[last];
  if (!carried && roundup_topic_line(st, ps, last))
    return; /* "On the performance…": the quotations go on after it as before it */
  st->led_by = l->speaker_id == 0 && l->quote_count == 0 && !ps->tags ? np_head_speaker(st) : 0;
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

/* A heading naming a speaker after a separator, as press and reaction pages
 * title a speaker's answers: "Press conference – Gregor Townsend",
 * "Post-Match Reaction | Tony Popovic on Dramatic Victory Win" (a dash or a
 * pipe, then a known name). The quotations of the section are theirs, as
 * under a name line; 0 when there is none. */
static long long heading_after_separator(const struct run_state *st, size_t a, size_t b) {
  for (size_t i = a + 1; i + 3 < b; i++) {
    size_t n = st->body[i] == '|' || st->body[i] == '-' ? 1
               : !strncmp(st->body + i, "\xe2\x80\x93", 3) || !strncmp(st->body + i, "\xe2\x80\x94", 3) ? 3
                                                                                                  : 0;
    if (!n || st->body[i - 1] != ' ' || st->body[i + n] != ' ')
      continue;
    struct roster_hit h;
    return roster_match_at(st->r, st->body, b, i + n + 1, &h) && h.id > 0 && !h.possessive &&
                   h.form != ROSTER_FORM_ROLE
               ? h.id
               : 0;
  }
  return 0;
}

void paragraph_heading(struct run_state *st, size_t a, size_t b) {
  st->floor = st->intro = st->intro_open = st->quote_para = st->open_para = st->lead_in = st->headed =
      st->led_by = 0;
  if (st->r)
    st->floor = transcript_title(st, a, b);
  size_t from = st->since_heading, n = st->res->statement_count;
  st->since_heading = n;
  struct roster_hit h;
  if (st->r && !st->floor)
    st->headed = heading_after_separator(st, a, b);
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
    if (!dash && n > from && stmt_unclaimed_quotation(st, from, n - 1)) {
      enum attr_method m;
      double conf = subject_form_confidence(h.form, &m) * CONF_TAG_LINE;
      for (size_t k = from; k < n; k++)
        stmt_attribute(&st->res->statements[k], h.id, m, NULL, conf, (struct text_span){h.start, h.end});
    } else {
      st->headed = h.id;
    }
    return;
  }
  /* "Tom Coughlin Post-Game Transcript, 10.09.11": an unlabelled transcript
   * of that speaker follows, as after "The following is a transcript of ..." */
  if (stmt_word_in(st->body, h.end, b, "transcript", 10))
    st->briefer = h.id, st->brief_paused = 0;
  /* "Rishi Sunak call with President Zelenskyy": whom a shared role noun
   * ("the Prime Minister") may mean next (not "he": a heading tells no speech) */
  np_named(st, h.id);
  if (h.end < b && st->body[h.end] == ':')
    st->quote_para = h.id;
}
