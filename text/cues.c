/* cues.c - the speech cues among a sentence's words (lexicon.c has the words). */
#include "extract_internal.h"

#include <string.h>

/* "called" (or ", calling") naming a quotation: "called the study “robust”".
 * A characterisation, not a report of speech: the sentence stays narration
 * (as the house labels have it), but its subject is who "she" means next. */
static const struct cue_def called_cue = {"called", NULL, NULL, 6, 1, CUE_VERB, "called"};

static const struct cue_def calling_cue = {"calling", NULL, NULL, 7, 1, CUE_PARTICIPLE, "calling"};

/* Whether a quotation opens within a few words after token k. */
static int quote_soon(const struct scratch *sc, size_t k) {
  for (size_t j = k + 1; j < sc->ntok && j <= k + 6; j++) {
    if (sc->toks[j].kind == T_QOPEN)
      return j > k + 1;
    if (sc->toks[j].kind != T_WORD)
      return 0;
  }
  return 0;
}

/* "Bloomberg quoted acting CEO Hans Linnarson as saying": the speaker is the
 * object between "quoted" and "as saying" (subject.c). */
static const struct cue_def quoted_object_cue = {"quoted", NULL, NULL, 6, 1, CUE_QUOTED,
                                                 "quoted as saying"};

/* "quoted by RIA news agency as saying": "quoted" (or "cited"), then "as
 * saying" within a few words naming the outlet; the cue of "quoted as
 * saying". Without "by", the words between name the speaker, an apposition
 * too ("cited Hari Pathak, a resident, as saying"): quoted_object_cue. */
static const struct cue_def *quoted_by(const struct run_state *st, size_t k) {
  const struct scratch *sc = &st->sc;
  if (!(tok_is(st, &sc->toks[k], "quoted") || tok_is(st, &sc->toks[k], "cited")) ||
      k + 3 >= sc->ntok)
    return NULL;
  int by = tok_is(st, &sc->toks[k + 1], "by");
  for (size_t j = k + 1 + (size_t)by; j + 1 < sc->ntok && j <= k + QUOTED_OBJECT_REACH; j++) {
    if (sc->toks[j].kind != T_WORD && !(sc->toks[j].kind == T_COMMA && !by))
      return NULL;
    if (tok_is(st, &sc->toks[j], "as") && tok_is(st, &sc->toks[j + 1], "saying"))
      return by ? lexicon_cue("quoted", 6, "as", 2, "saying", 6, 0)
                : j > k + 1 ? &quoted_object_cue : NULL;
  }
  return NULL;
}

int cues_quoted_object(const struct cue_def *cd) {
  return cd == &quoted_object_cue;
}

/* Verbs that report speech only when they introduce it: 'Patrick concluded:
 * "..."', 'concluded that ...' (not "concluded his visit", "continued the
 * talks"). */
static const struct cue_def introducing_cues[] = {
    {"concluded", NULL, NULL, 9, 1, CUE_VERB, "concluded"},
    {"continued", NULL, NULL, 9, 1, CUE_VERB, "continued"},
};

/* Whether the word at k closes a tag right after a quotation: '...," he
 * continued.', '...," Leja concluded, "...': a closing mark, a few words of
 * subject, the verb, then the end or a comma. */
static int tags_quotation(const struct run_state *st, size_t k) {
  const struct scratch *sc = &st->sc;
  if (k + 1 < sc->ntok && sc->toks[k + 1].kind != T_END && sc->toks[k + 1].kind != T_COMMA)
    return 0;
  for (size_t j = k, w = 0; j > 0 && w <= SUBJECT_MAX_WORDS; j--, w++) {
    const struct tok *t = &sc->toks[j - 1];
    if (t->kind == T_QCLOSE)
      return j < k;
    if (t->kind != T_WORD && !tok_abbrev_point(st, j - 1))
      return 0;
  }
  return 0;
}

static const struct cue_def went_on_cue = {"went", "on", "to", 4, 3, CUE_VERB, "went on to say"};

/* "X went on to say ...", "went on to add", "went on to explain". */
static const struct cue_def *went_on(const struct run_state *st, size_t k) {
  static const char *const verbs[] = {"say", "add", "explain", "warn", "insist", "argue", NULL};
  const struct scratch *sc = &st->sc;
  if (k + 3 >= sc->ntok || !tok_is(st, &sc->toks[k], "went") || !tok_is(st, &sc->toks[k + 1], "on") ||
      !tok_is(st, &sc->toks[k + 2], "to"))
    return NULL;
  for (size_t i = 0; verbs[i]; i++)
    if (tok_is(st, &sc->toks[k + 3], verbs[i]))
      return &went_on_cue;
  return NULL;
}

static const struct cue_def *introducing(const struct run_state *st, size_t k) {
  const struct scratch *sc = &st->sc;
  if (k + 1 > sc->ntok)
    return NULL;
  const struct tok *nx = k + 1 < sc->ntok ? &sc->toks[k + 1] : NULL;
  int intro = nx && ((nx->kind == T_COLON && st->body[nx->start] == ':') || nx->kind == T_QOPEN ||
                     (nx->kind == T_COMMA && k + 2 < sc->ntok && sc->toks[k + 2].kind == T_QOPEN));
  if (!intro && tags_quotation(st, k)) {
    for (size_t i = 0; i < sizeof introducing_cues / sizeof introducing_cues[0]; i++)
      if (tok_is(st, &sc->toks[k], introducing_cues[i].w1))
        return &introducing_cues[i];
    return NULL;
  }
  if (!nx)
    return NULL;
  for (size_t i = 0; i < sizeof introducing_cues / sizeof introducing_cues[0]; i++)
    if (tok_is(st, &sc->toks[k], introducing_cues[i].w1) &&
        (intro || (i == 0 && tok_is(st, nx, "that"))))
      return &introducing_cues[i];
  return NULL;
}

void cues_find(struct run_state *st) {
  struct scratch *sc = &st->sc;
  for (size_t k = 0; k < sc->ntok; k++) {
    struct tok *t = &sc->toks[k];
    if (t->kind != T_WORD)
      continue;
    const struct tok *nx = (k + 1 < sc->ntok && sc->toks[k + 1].kind == T_WORD) ? &sc->toks[k + 1]
                                                                               : NULL;
    const struct tok *nx2 =
        (nx && k + 2 < sc->ntok && sc->toks[k + 2].kind == T_WORD) ? &sc->toks[k + 2] : NULL;
    t->cue = lexicon_cue(st->body + t->start, t->end - t->start,
                         nx ? st->body + nx->start : NULL, nx ? nx->end - nx->start : 0,
                         nx2 ? st->body + nx2->start : NULL, nx2 ? nx2->end - nx2->start : 0,
                         k == 0 || sc->toks[k - 1].kind == T_QOPEN);
    size_t n = t->end - t->start;
    if (!t->cue && (n == 5 || n == 6))
      t->cue = quoted_by(st, k);
    if (!t->cue)
      t->cue = introducing(st, k);
    if (!t->cue && n == 4)
      t->cue = went_on(st, k);
    if (!t->cue && (n == 6 || n == 7) && quote_soon(sc, k)) {
      if (n == 6 && !memcmp(st->body + t->start, "called", 6))
        t->cue = &called_cue;
      else if (n == 7 && !memcmp(st->body + t->start, "calling", 7))
        t->cue = &calling_cue;
    }
  }
}

int cues_characterise(const char *cue) {
  return cue && (cue == called_cue.cue || cue == calling_cue.cue);
}
