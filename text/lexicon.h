/* lexicon.h - the engine's English vocabulary: speech cues and word classes.
 * Read-only static tables; every function is thread-safe. */
#ifndef SAYWHO_LEXICON_H
#define SAYWHO_LEXICON_H

#include <stddef.h>

enum cue_kind {
  CUE_VERB,       /* "said", "called for": subject before or (inverted) after */
  CUE_ACCORDING,  /* "according to X" */
  CUE_QUOTED,     /* "X was quoted as saying" */
  CUE_PARTICIPLE  /* ", saying ...": the speaker is the subject heading the sentence */
};

struct cue_def {
  const char *w1, *w2, *w3; /* the words, lowercase; w2/w3 NULL when unused */
  unsigned char len1;       /* strlen(w1) */
  unsigned char words;      /* 1..3 */
  enum cue_kind kind;
  const char *cue;          /* what the API reports: "said", "called for", ... */
};

enum lex_class {
  LEX_NONE = 0,       /* anything else: nouns, names, most verbs */
  LEX_DETERMINER,     /* the, a, an: may open a subject noun phrase */
  LEX_ADVERB,         /* may stand between a subject and its cue: also, has, once, again */
  LEX_CONNECTIVE,     /* sentence openers: but, however, meanwhile */
  LEX_PRONOUN,        /* he, she */
  LEX_PLURAL_PRONOUN, /* they, it, we, i, you: a subject, never a known speaker */
  LEX_PREPOSITION,    /* of, to, in, ... */
  LEX_FUNCTION,       /* relatives, conjunctions, auxiliaries, negation */
  LEX_MODAL           /* will, would, should, must, need(s) to, ... */
};

/* The cue that starts with word w (n bytes) followed by words w2 and w3 (may be
 * NULL), or NULL. Cue words are lowercase; a capitalised first word counts
 * only when first is set (it opens the sentence: "According to ..."). */
const struct cue_def *lexicon_cue(const char *w, size_t n, const char *w2, size_t n2,
                                  const char *w3, size_t n3, int first);

/* The class of word w (ASCII case-insensitive). */
enum lex_class lexicon_class(const char *w, size_t n);

/* The role noun an abbreviated title stands for, lowercase ("governor" for
 * "Gov", "senator" for "Sen"; w without its point, any ASCII case), or NULL. */
const char *lexicon_title_noun(const char *w, size_t n);

/* Other role nouns that role noun w (n bytes, any ASCII case) may stand for,
 * NULL-terminated, or NULL: "justice" for "judge" ("Ms Justice Reynolds" is
 * "the judge"), "manager", "chief", "executive", ... for "boss". */
const char *const *lexicon_role_synonyms(const char *w, size_t n);

/* 1 for "is", "was", "were", "has been": allowed before "quoted as saying". */
int lexicon_is_be(const char *w, size_t n);

#endif
