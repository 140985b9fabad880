/* phrases.c - noun phrases that head a clause: the shapes a subject may take before
 * its cue ("Russian President", "Her coach", "X of the University of Y", "the minister"). */
#include "extract_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Words of a fronted time or channel phrase: "On Wednesday", "Late on
 * Tuesday", "Earlier this week", "In March", "At 10 a.m.", "In a statement",
 * "In his speech on Monday"; a noun among them makes it one. */
static const char *const time_glue[] = {"on", "in", "at", "late", "early", "earlier", "later",
                                        "last", "this", "next", "the", "by", "a", "an", "of",
                                        "his", "her", "their", "its", "during", NULL};
static const char *const time_nouns[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight", "morning", "afternoon", "evening", "night", "week", "weekend",
    "month", "year", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "day", "a.m", "p.m", "statement",
    "interview", "speech", "letter", "post", "message", "remarks", "briefing", "address",
    "video", "email", "podcast", NULL};

int np_fronted_time(const struct run_state *st, size_t e) {
  const struct scratch *sc = &st->sc;
  int noun = 0;
  for (size_t k = e + 1, n = 0; k > 0 && n < 6; k--, n++) {
    const struct tok *t = &sc->toks[k - 1];
    if (tok_abbrev_point(st, k - 1))
      continue; /* "10 a.m." */
    if (t->kind != T_WORD)
      return 0;
    int digits = st->body[t->start] >= '0' && st->body[t->start] <= '9';
    if (tok_in_list(st, t, time_nouns))
      noun = 1;
    else if (!digits && !tok_in_list(st, t, time_glue))
      return 0;
    if (k - 1 == 0 || tok_boundary(sc, k - 2))
      break;
    if (n == 5)
      return 0;
  }
  /* the noun may follow e: "Earlier this | week Baerbock said" */
  for (size_t k = e + 1; !noun && k < sc->ntok && k <= e + 2 && sc->toks[k].kind == T_WORD; k++)
    noun = tok_in_list(st, &sc->toks[k], time_nouns);
  return noun;
}

/* Whether token k joins the words of one title: "of" or "for" between
 * capitalised words ("Minister for Exports Lord Offord", "Secretary of State
 * Antony Blinken"), "and" between acronyms ("COO and CFO Blake Jorgensen");
 * never next to a speaker's name ("Putin and Xi said" is two speakers). */
static int title_glue(const struct run_state *st, size_t k) {
  const struct scratch *sc = &st->sc;
  if (k == 0 || k + 1 >= sc->ntok)
    return 0;
  const struct tok *l = &sc->toks[k - 1], *r = &sc->toks[k + 1];
  if (l->kind != T_WORD || r->kind != T_WORD || !l->cap || !r->cap || l->hit_last >= 0 ||
      r->hit >= 0 || l->cue || r->cue)
    return 0;
  if (tok_is(st, &sc->toks[k], "of") || tok_is(st, &sc->toks[k], "for"))
    return 1;
  return tok_is(st, &sc->toks[k], "and") && tok_acronym(st, l) && tok_acronym(st, r);
}

/* Whether token k is "and" joining two titles of one person: "Bordeaux coach
 * and former France international Willy Sagnol" ("and former", "and then"). */
static int and_former(const struct run_state *st, size_t k) {
  const struct scratch *sc = &st->sc;
  return k > 0 && k + 1 < sc->ntok && tok_is(st, &sc->toks[k], "and") &&
         (tok_is(st, &sc->toks[k + 1], "former") || tok_is(st, &sc->toks[k + 1], "then")) &&
         sc->toks[k - 1].kind == T_WORD && sc->toks[k - 1].hit_last < 0;
}

/* "his", "her", "its", "their": a determiner of the noun after it ("His All
 * Blacks counterpart Steve Hansen"). */
static int tok_possessive_det(const struct run_state *st, const struct tok *t) {
  return tok_is(st, t, "his") || tok_is(st, t, "her") || tok_is(st, t, "its") || tok_is(st, t, "their");
}

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
    if ((c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || tok_boundary(sc, k - 2))) ||
        tok_clause_conj(st, k - 1))
      return 1;
    /* "Here's what Falcons coach Dan Quinn said after the win:" introduces
     * his words (not "what Putin said was wrong": the colon ends it) */
    if (tok_is(st, t, "what") && sc->toks[sc->ntok - 1].kind == T_COLON)
      return 1;
    if (c != LEX_NONE && c != LEX_DETERMINER && !title_glue(st, k - 1) && !and_former(st, k - 1) &&
        !(k - 1 < first && tok_possessive_det(st, t) && (k - 1 == 0 || tok_boundary(sc, k - 2))))
      return np_fronted_time(st, k - 1); /* "On Wednesday Mr Scholz said" */
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
    if (!t->cap || (c != LEX_NONE && c != LEX_DETERMINER))
      return np_fronted_time(st, k - 1);
    if (++words > SUBJECT_MAX_WORDS)
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
    if (t->kind == T_OTHER && st->body[t->start] == '\'' && k > 1 && sc->toks[k - 2].kind == T_WORD &&
        sc->toks[k - 2].end == t->start && st->body[t->start - 1] == 's')
      continue; /* "Thomas' defense attorney, Robert Scremin, asked" */
    if (t->kind != T_WORD || t->cue || ++words > SUBJECT_MAX_WORDS)
      return 0;
    enum lex_class c = tok_class(st, t);
    if (c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || tok_boundary(sc, k - 2)))
      return 1;
    if (k - 1 < last && tok_is(st, t, "of"))
      continue; /* "The WHO's head of emergencies, Mike Ryan, said" */
    if (k - 1 < last && (tok_is(st, t, "those") || tok_is(st, t, "these")))
      continue; /* "One of those board members, Sharon El-Amin, said" */
    if (c != LEX_NONE && c != LEX_DETERMINER && !tok_possessive_det(st, t))
      return 0;
  }
  return 1;
}

const struct hit *np_affiliation(const struct run_state *st, size_t e) {
  const struct scratch *sc = &st->sc;
  int plain = 0; /* lowercase words of a second title: "... and director of the Survey Project" */
  for (size_t k = e + 1, n = 0; k > 1 && n < 16; k--, n++) {
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
        !tok_is(st, t, "and") && (tok_class(st, t) != LEX_NONE || ++plain > 2 ||
                                  tok_class(st, &sc->toks[k - 2]) == LEX_DETERMINER))
      return NULL; /* "... and the director of X" is somebody else */
  }
  return NULL;
}

int np_proper_pp_head(const struct run_state *st, size_t last) {
  const struct scratch *sc = &st->sc;
  int caps = 0, lower = 0;
  for (size_t k = last + 1, n = 0; k > 1 && n < 8; k--, n++) {
    const struct tok *t = &sc->toks[k - 1];
    if (t->kind != T_WORD || t->hit >= 0)
      return 0;
    if (t->cap) {
      caps++;
      continue;
    }
    if (caps && (tok_is(st, t, "of") || tok_is(st, t, "for") || tok_is(st, t, "at")))
      return np_heads_clause(st, k - 2);
    if (caps && tok_is(st, t, "and") && k >= 2 && sc->toks[k - 2].cap)
      continue; /* "Minister for Defence Procurement and Industry, Maria Eagle MP, said" */
    if (caps && tok_class(st, t) == LEX_NONE && k >= 2 && ++lower <= 1 &&
        (tok_is(st, &sc->toks[k - 2], "of") || tok_is(st, &sc->toks[k - 2], "for")))
      continue; /* "The governor for central Greece, Fanis Spanos, said" */
    if (!tok_is(st, t, "the"))
      return 0;
  }
  return 0;
}

/* Copies word t lowercased into out (ARTICLE_ROLE_BYTES); its length, or 0
 * when t is no plain word of 3 or more letters that could be a role noun. */
static uint8_t role_word(const struct run_state *st, const struct tok *t, char *out) {
  size_t n = t->end - t->start;
  const char *w = st->body + t->start;
  if (t->kind != T_WORD || n < 3 || n >= ARTICLE_ROLE_BYTES || t->hit >= 0 || t->cue ||
      tok_class(st, t) != LEX_NONE)
    return 0;
  for (size_t i = 0; i < n; i++) {
    if (!((w[i] | 32) >= 'a' && (w[i] | 32) <= 'z'))
      return 0;
    out[i] = (char)(w[i] | 32);
  }
  return (uint8_t)n;
}

long long np_role_anaphor(const struct run_state *st, size_t first, size_t e) {
  const struct scratch *sc = &st->sc;
  if (e <= first || e - first > 2 || !tok_is(st, &sc->toks[first], "the"))
    return 0;
  /* "the minister", "the foreign minister"; capitalised as a title only all
   * through ("The President", "the Prime Minister", not "the Foreign minister") */
  int caps = sc->toks[first + 1].cap;
  for (size_t k = first + 1; k <= e; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind != T_WORD || t->cap != caps || t->hit >= 0 || tok_class(st, t) != LEX_NONE ||
        (caps && tok_acronym(st, t)))
      return 0;
  }
  const struct tok *t = &sc->toks[e];
  const char *w = st->body + t->start;
  size_t n = t->end - t->start;
  if (st->last_speaker > 0 && roster_role_word(st->r, st->last_speaker, w, n))
    return st->last_speaker;
  /* "the education minister": the tie must have the same word before the noun */
  char mod[ARTICLE_ROLE_BYTES] = {0};
  uint8_t mod_n = e - first == 2 ? role_word(st, &sc->toks[first + 1], mod) : 0;
  if (e - first == 2 && !mod_n)
    return 0;
  long long tied = 0; /* the latest tie of this word; the last speaker's wins */
  size_t kept = st->role_count < ARTICLE_ROLES ? st->role_count : ARTICLE_ROLES;
  /* cppcheck-suppress knownConditionTrueFalse - false: np_learn_roles() raises role_count */
  for (size_t k = 0; k < kept; k++) {
    const struct article_role *a = &st->roles[(st->role_count - 1 - k) % ARTICLE_ROLES];
    if (a->n != n || strncasecmp(a->w, w, n) != 0 ||
        (mod_n && (a->mod_n != mod_n || memcmp(a->mod, mod, mod_n) != 0)))
      continue;
    if (a->id == st->last_speaker)
      return a->id;
    if (!tied)
      tied = a->id;
  }
  /* no tie in the text: a title of a registered form ("Detroit Police Chief
   * James Craig" for "the police chief"), the latest speaker named it fits */
  const char *const *syn = lexicon_role_synonyms(w, n); /* "the judge": "Ms Justice Reynolds" */
  for (size_t k = 0; !tied && k < RECENT_NAMED && st->recent[k] > 0; k++) {
    if (roster_role_form(st->r, st->recent[k], mod, mod_n, w, n))
      tied = st->recent[k];
    for (size_t j = 0; !tied && syn && syn[j]; j++)
      if (roster_role_form(st->r, st->recent[k], mod, mod_n, syn[j], strlen(syn[j])))
        tied = st->recent[k];
  }
  return tied;
}

/* Ties role noun t (and mod, the word before it, or NULL) to speaker id. */
static void tie_role(struct run_state *st, long long id, const struct tok *t, const struct tok *mod) {
  struct article_role a = {.id = id};
  a.n = role_word(st, t, a.w);
  if (!a.n)
    return;
  a.mod_n = mod ? role_word(st, mod, a.mod) : 0;
  st->roles[st->role_count++ % ARTICLE_ROLES] = a;
}

/* Ties the role noun an abbreviated title stands for ("Gov." in "Gov. Rick
 * Scott": "the governor") to speaker id; t is the title's word. */
static void tie_title(struct run_state *st, long long id, const struct tok *t) {
  const char *noun = lexicon_title_noun(st->body + t->start, t->end - t->start);
  if (!noun)
    return;
  struct article_role a = {.id = id, .n = (uint8_t)strlen(noun)};
  memcpy(a.w, noun, a.n);
  st->roles[st->role_count++ % ARTICLE_ROLES] = a;
}

/* Whether token t is an age: one to three digits. */
static int tok_age(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  if (t->kind != T_WORD || n == 0 || n > 3)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (st->body[t->start + i] < '0' || st->body[t->start + i] > '9')
      return 0;
  return 1;
}

/* Ties "NN-year-old" to speaker id: "Silver, 72, was convicted" lets "the
 * 72-year-old" mean Silver. */
static void tie_age(struct run_state *st, long long id, const struct tok *t) {
  struct article_role a = {.id = id};
  int n = snprintf(a.w, sizeof a.w, "%.*s-year-old", (int)(t->end - t->start), st->body + t->start);
  if (n <= 0 || (size_t)n >= sizeof a.w)
    return;
  a.n = (uint8_t)n;
  st->roles[st->role_count++ % ARTICLE_ROLES] = a;
}

long long np_age_anaphor(const struct run_state *st, size_t first, size_t e) {
  const struct scratch *sc = &st->sc;
  if (e < first + 1 || e > first + 2 || !tok_is(st, &sc->toks[first], "the"))
    return 0;
  const struct tok *t = &sc->toks[first + 1];
  size_t n = t->end - t->start;
  if (t->kind != T_WORD || n < 10 || n >= ARTICLE_ROLE_BYTES ||
      strncasecmp(st->body + t->end - 9, "-year-old", 9) != 0)
    return 0;
  if (e == first + 2 && (sc->toks[e].kind != T_WORD || tok_class(st, &sc->toks[e]) != LEX_NONE ||
                         sc->toks[e].hit >= 0))
    return 0; /* "the 72-year-old Democrat" */
  size_t kept = st->role_count < ARTICLE_ROLES ? st->role_count : ARTICLE_ROLES;
  /* cppcheck-suppress knownConditionTrueFalse - false: np_learn_roles() raises role_count */
  for (size_t k = 0; k < kept; k++) {
    const struct article_role *a = &st->roles[(st->role_count - 1 - k) % ARTICLE_ROLES];
    if (a->n == n && !strncasecmp(a->w, st->body + t->start, n))
      return a->id;
  }
  return 0;
}

static char gender_of(const struct run_state *st, long long id) {
  size_t kept = st->gender_count < GENDERS ? st->gender_count : GENDERS;
  /* cppcheck-suppress knownConditionTrueFalse - false: np_tie_gender() raises gender_count */
  for (size_t k = 0; k < kept; k++)
    if (st->genders[k].id == id)
      return st->genders[k].g;
  return 0;
}

void np_tie_gender(struct run_state *st, long long id, char g) {
  if (id <= 0 || !g || gender_of(st, id))
    return;
  st->genders[st->gender_count++ % GENDERS] = (struct gender_tie){id, g};
}

static const char *const kin_f[] = {"daughter", "wife", "mother", "sister", "widow", "niece",
                                    "aunt", "granddaughter", "grandmother", "girlfriend", NULL};
static const char *const kin_m[] = {"son", "husband", "father", "brother", "widower", "nephew",
                                    "uncle", "grandson", "grandfather", "boyfriend", NULL};

int np_kinship(const struct run_state *st, const struct tok *t) {
  return tok_in_list(st, t, kin_f) || tok_in_list(st, t, kin_m);
}

/* The gender a word before a name shows: an honorific ("Mr", "Ms") or a
 * kinship noun ("his daughter Emily"); 0 for any other word. */
static char gender_word(const struct run_state *st, const struct tok *t) {
  static const char *const f[] = {"mrs", "ms", "miss", "dame", "lady", "madam", NULL};
  static const char *const m[] = {"mr", "sir", "lord", NULL};
  if (tok_in_list(st, t, f) || tok_in_list(st, t, kin_f))
    return 'f';
  return tok_in_list(st, t, m) || tok_in_list(st, t, kin_m) ? 'm' : 0;
}

/* The gender the words at and right before hit x show, or 0. */
static char hit_gender(const struct run_state *st, const struct hit *x) {
  const struct scratch *sc = &st->sc;
  char g = gender_word(st, &sc->toks[x->tfirst]); /* a form with its honorific: "Mr Toal" */
  size_t b = x->tfirst;
  if (!g && b > 1 && tok_abbrev_point(st, b - 1))
    b--; /* "Mr. Toal" */
  if (!g && b > 0 && sc->toks[b - 1].kind == T_WORD)
    g = gender_word(st, &sc->toks[b - 1]);
  return g;
}

long long np_pronoun(const struct run_state *st, const struct tok *t) {
  char g = tok_is(st, t, "she") || tok_is(st, t, "her") ? 'f'
           : tok_is(st, t, "he") || tok_is(st, t, "him") ? 'm' : 0;
  long long cand = st->last_speaker;
  if (!g || cand <= 0)
    return cand;
  char gc = gender_of(st, cand);
  if (gc == g)
    return cand;
  if (!gc)
    return cand;
  for (size_t j = 0; j < RECENT_NAMED && st->recent[j] > 0; j++)
    if (st->recent[j] != cand && gender_of(st, st->recent[j]) == g)
      return st->recent[j]; /* the candidate is of the other gender */
  return 0;
}

long long np_pronoun_at(const struct run_state *st, size_t k) {
  const struct scratch *sc = &st->sc;
  const struct tok *t = &sc->toks[k];
  long long id = np_pronoun(st, t);
  long long head = k > 0 ? np_head_speaker(st) : 0;
  if (head <= 0 || head == id)
    return id;
  for (size_t h = 0; h < sc->nhit && sc->hits[h].tfirst < k; h++)
    if (sc->hits[h].h.id > 0 && sc->hits[h].speaker != head)
      return id; /* somebody else named before it */
  char g = tok_is(st, t, "she") ? 'f' : tok_is(st, t, "he") ? 'm' : 0;
  char gh = gender_of(st, head);
  return !g || !gh || g == gh ? head : id;
}

/* Whether the words ending at token e open the sentence with a preposition:
 * a fronted phrase ("According to a recent poll,", "In a statement,"), not a
 * noun phrase in apposition to the name after it. */
static int fronted_phrase(const struct run_state *st, size_t e) {
  const struct scratch *sc = &st->sc;
  size_t k = e + 1;
  while (k > 0 && e + 1 - k < 8 && sc->toks[k - 1].kind == T_WORD)
    k--;
  if (k > 0 && !tok_boundary(sc, k - 1))
    return 0;
  return tok_class(st, &sc->toks[k]) == LEX_PREPOSITION || tok_is(st, &sc->toks[k], "according");
}

void np_learn_roles(struct run_state *st) {
  const struct scratch *sc = &st->sc;
  for (size_t h = 0; h < sc->nhit; h++) {
    const struct hit *x = &sc->hits[h];
    if (x->h.id <= 0 || !x->clean || sc->toks[x->tfirst].qin)
      continue;
    char g = hit_gender(st, x);
    if (g)
      np_tie_gender(st, x->h.id, g);
    size_t f = x->tfirst, after = x->tlast + 1;
    if (f + 2 <= x->tlast && tok_abbrev_point(st, f + 1)) { /* the title is part of the form */
      tie_title(st, x->h.id, &sc->toks[f]);
    } else if (f > 1 && tok_abbrev_point(st, f - 1)) {
      tie_title(st, x->h.id, &sc->toks[f - 2]);
    } else if (f > 0 && sc->toks[f - 1].kind == T_WORD) {
      tie_role(st, x->h.id, &sc->toks[f - 1], f > 1 ? &sc->toks[f - 2] : NULL);
    } else if (f > 1 && sc->toks[f - 1].kind == T_COMMA && !sc->toks[f - 2].cap &&
               !fronted_phrase(st, f - 2)) {
      /* "Merkel's spokesman, Steffen Seibert" (not "According to a recent poll, X") */
      tie_role(st, x->h.id, &sc->toks[f - 2], f > 2 ? &sc->toks[f - 3] : NULL);
    }
    if (after + 2 < sc->ntok && sc->toks[after].kind == T_COMMA && tok_age(st, &sc->toks[after + 1]) &&
        (sc->toks[after + 2].kind == T_COMMA || sc->toks[after + 2].kind == T_END))
      tie_age(st, x->h.id, &sc->toks[after + 1]); /* "Silver, 72, ..." */
    /* "Steffen Seibert, the government spokesman," */
    if (after + 2 < sc->ntok && sc->toks[after].kind == T_COMMA &&
        (tok_is(st, &sc->toks[after + 1], "the") || tok_is(st, &sc->toks[after + 1], "a"))) {
      size_t k = after + 2;
      while (k < sc->ntok && k < after + 6 && sc->toks[k].kind == T_WORD && !sc->toks[k].cue)
        k++;
      if (k < sc->ntok && k > after + 2 && sc->toks[k].kind == T_COMMA)
        tie_role(st, x->h.id, &sc->toks[k - 1], k - 2 > after + 1 ? &sc->toks[k - 2] : NULL);
    }
  }
}

long long np_clause_head(const struct run_state *st, const struct hit **hit) {
  const struct scratch *sc = &st->sc;
  *hit = NULL;
  if (sc->ntok > 1 && tok_pronoun(st, &sc->toks[0]) && sc->toks[1].kind == T_WORD &&
      !sc->toks[1].cap)
    return np_pronoun(st, &sc->toks[0]);
  if (sc->nhit == 0)
    return 0;
  const struct hit *x = &sc->hits[0];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id == 0 || sc->toks[x->tfirst].qin || after >= sc->ntok ||
      sc->toks[after].kind != T_WORD || sc->toks[after].cap || !np_title_head(st, x->tfirst))
    return 0;
  long long id = x->speaker;
  if (id <= 0)
    return 0;
  *hit = x;
  return id;
}

/* A name form several registered speakers share ("Smith" of Scott and of
 * Katharine Smith): the article's own, when exactly one of those it named
 * lately has it. */
static long long shared_name(const struct run_state *st, const struct hit *x) {
  long long found = 0;
  for (size_t k = 0; k < RECENT_NAMED && st->recent[k] > 0; k++)
    if (roster_shared_by(st->r, st->recent[k], st->body, st->len, x->h.start, x->h.end)) {
      if (found)
        return -1;
      found = st->recent[k];
    }
  return found ? found : -1;
}

static long long shared_speaker(const struct run_state *st, const struct hit *x) {
  if (x->h.id > 0)
    return x->h.id;
  if (x->h.form != ROSTER_FORM_ROLE)
    return shared_name(st, x);
  const struct tok *t = &st->sc.toks[x->tlast];
  const char *w = st->body + t->start, *mod = NULL;
  size_t n = t->end - t->start, mod_n = 0;
  if (x->tlast > x->tfirst && !tok_is(st, &st->sc.toks[x->tlast - 1], "the")) {
    mod = st->body + st->sc.toks[x->tlast - 1].start; /* "prime" of "the Prime Minister" */
    mod_n = st->sc.toks[x->tlast - 1].end - st->sc.toks[x->tlast - 1].start;
  }
  if (st->last_speaker > 0 && roster_role_form(st->r, st->last_speaker, mod, mod_n, w, n))
    return st->last_speaker;
  for (size_t k = 0; k < RECENT_NAMED && st->recent[k] > 0; k++)
    if (roster_role_form(st->r, st->recent[k], mod, mod_n, w, n))
      return st->recent[k];
  return x->h.id;
}

void np_resolve_hits(struct run_state *st) {
  for (size_t h = 0; h < st->sc.nhit; h++)
    st->sc.hits[h].speaker = shared_speaker(st, &st->sc.hits[h]);
}

void np_named(struct run_state *st, long long id) {
  st->last_named = id;
  size_t k = 0;
  while (k + 1 < RECENT_NAMED && st->recent[k] != id)
    k++;
  memmove(&st->recent[1], &st->recent[0], k * sizeof st->recent[0]);
  st->recent[0] = id;
}

long long np_head_speaker(const struct run_state *st) {
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
  if (after < sc->ntok && sc->toks[after].kind == T_COMMA) {
    /* an apposition first: "Meanwhile, Chris Ruf, the mission's lead scientist, was elated." */
    size_t k = after + 1;
    while (k < sc->ntok && k < after + APPOSITION_MAX_TOKENS && sc->toks[k].kind == T_WORD &&
           sc->toks[k].hit < 0 && !sc->toks[k].cue)
      k++;
    if (k > after + 1 && k + 1 < sc->ntok && sc->toks[k].kind == T_COMMA)
      after = k + 1;
  }
  if (!x->clean || x->h.id <= 0 || sc->toks[x->tfirst].qin || after >= sc->ntok ||
      sc->toks[after].kind != T_WORD || sc->toks[after].cap || !np_subject_head(st, x->tfirst))
    return 0;
  return x->h.id;
}
