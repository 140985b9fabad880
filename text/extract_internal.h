/* extract_internal.h - what the modules of the attribution engine share (private to text/).
 *
 * extract.c drives: lines, headings, sentences (sentences.c), statements.
 * Per sentence, paragraph.c runs tokens.c (tokens, speaker hits), cues.c
 * (speech cues) and subject.c (the subject rules, built on the noun-phrase
 * shapes of phrases.c), then decides continuations across the paragraph,
 * with transcript.c (speaker labels, turns, briefings, titled speeches),
 * roundup.c (tag and caption lines, topic lines, embedded posts) and stmt.c
 * (what a statement's text shows).
 * Nothing here is thread-shared: a struct run_state belongs to one extract_run.
 */
#ifndef SAYWHO_EXTRACT_INTERNAL_H
#define SAYWHO_EXTRACT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "lexicon.h"
#include "roster.h"

#define APPOSITION_MAX_TOKENS 30
#define SUBJECT_MAX_WORDS 6

#define CONF_NAME 0.95
#define CONF_ALIAS 0.9
#define CONF_ROLE 0.9
#define CONF_PRONOUN 0.8
#define CONF_QUOTE_CONTINUATION 0.7
#define CONF_CONTINUATION 0.6
#define CONF_ROLE_ANAPHOR 0.75
#define CONF_TAG_LINE 0.9 /* times the name's: the tag stands after the quotation */

/* Quotation state of a paragraph: which marks are open. A single quotation
 * opened inside a double one closes with it (and vice versa for Q_DOUBLE
 * opened inside single: closing the double leaves the single open). */
#define Q_DOUBLE 1u
#define Q_SINGLE 2u
#define Q_SINGLE_INNER 4u /* the single quotation was opened inside a double one */
#define Q_LOW 8u          /* the double quotation opened German-style, with U+201E */

enum tok_kind { T_WORD, T_COMMA, T_QOPEN, T_QCLOSE, T_END, T_COLON, T_DASH, T_POPEN, T_PCLOSE,
                T_OTHER };

#define TOK_CLASS_UNKNOWN 0xFF

struct tok {
  size_t start, end;  /* bytes, absolute in the body */
  uint8_t kind;
  uint8_t cap;        /* a word led by an uppercase (or caseless) letter */
  uint8_t qin, qout;  /* quotation state (Q_* bits) before and after the token */
  uint8_t cls;        /* tok_class(), found at its first call; TOK_CLASS_UNKNOWN before */
  int hit;            /* index of the roster hit starting at this token, or -1 */
  int hit_last;       /* index of the roster hit ending at this token, or -1 */
  const struct cue_def *cue; /* a cue starting at this word, or NULL */
};

struct hit {
  struct roster_hit h; /* absolute offsets */
  size_t tfirst, tlast;/* tokens covered */
  int clean;           /* ends exactly at a token end and is not possessive */
  long long speaker;   /* h.id, or whom a shared role form means here (np_resolve_hits) */
};

/* Scratch buffers reused across sentences; capped by the body size. */
struct scratch {
  struct tok *toks;
  size_t ntok, tok_cap;
  struct hit *hits;
  size_t nhit, hit_cap;
  struct roster_hit *raw;
  size_t raw_cap;
  size_t join_block; /* first token after the head subject that no coordinated cue
                        reaches past (see subject.c); set per sentence by subject_join_reach() */
};

/* What the cue analysis of one sentence found. */
struct finding {
  int has_cue;          /* some cue word in the sentence */
  int decided;          /* a cue with a clause-level subject was found */
  long long speaker;    /* > 0 known; 0 unknown or none; -1 ambiguous */
  enum attr_method method;
  const char *cue;
  double confidence;
  struct text_span evidence;
  int pronoun;          /* the subject was he/she */
  int post_quote;       /* the cue directly follows a closing quotation */
  int org;              /* an unknown subject that is no person ("WHO", "officials"):
                           "he" keeps its meaning */
};

/* A role noun the article itself ties to a speaker: "Minister" in "Education
 * Minister Bridget Phillipson", "spokesman" in "Steffen Seibert, the
 * government spokesman,". "The minister said" may then mean them. */
#define ARTICLE_ROLES 32 /* the most recent ties are kept */
#define ARTICLE_ROLE_BYTES 24
struct article_role {
  long long id;
  uint8_t n, mod_n;
  char w[ARTICLE_ROLE_BYTES];   /* lowercase: "minister" */
  char mod[ARTICLE_ROLE_BYTES]; /* the word before it, lowercase, or mod_n 0: "education" */
};

#define QUOTED_OBJECT_REACH 12 /* tokens from "quoted"/"cited" to "as saying" */
#define RECENT_NAMED 8 /* speakers a shared role noun may mean ("the Prime Minister") */
#define GENDERS 16     /* speakers whose gender the article showed ("Mr X", "his daughter Y") */

struct gender_tie {
  long long id;
  char g; /* 'm' or 'f' */
};

struct run_state {
  const struct roster *r;
  const char *body;
  size_t len;
  struct extract_result *res;
  struct scratch sc;
  size_t stmt_cap, sec_cap;
  long long last_speaker;  /* for pronouns: > 0 known, 0 unknown */
  unsigned long long steps, max_steps; /* work done and allowed (see extract.h) */
  struct article_role roles[ARTICLE_ROLES]; /* a ring of the latest ties */
  size_t role_count;                        /* ties ever made (roles[role_count % N] next) */
  long long last_named;                     /* the known speaker named last */
  long long recent[RECENT_NAMED];           /* the latest distinct speakers named, newest first */
  struct gender_tie genders[GENDERS];       /* a ring of the latest gender evidence */
  size_t gender_count;
  long long interviewee;                    /* who "A:" is: last_named at the first "Q:" */
  /* across paragraphs (paragraph.c; a heading clears them) */
  long long floor;      /* a transcript label's speaker: the turn runs on over unlabelled paragraphs */
  long long briefer;    /* "The following is a transcript of ... by X": an unlabelled transcript,
                           X's throughout (headings too) */
  int brief_paused;     /* a label of somebody else ("Question:") holds the floor */
  long long intro;      /* the previous paragraph ended "X said:": the block after it is X's */
  int intro_paras;      /* paragraphs of that block so far */
  int intro_open;       /* the block's quotation opened and has not closed: the
                           paragraphs after it are inside it (no marks of their own) */
  long long quote_para; /* the previous paragraph ended with this speaker's words, or 0 */
  long long open_para;  /* the previous paragraph left this speaker's quotation open, or 0 */
  long long lead_in;    /* the previous paragraph ended in narration naming the last speaker */
  long long led_by;     /* ... in narration headed by a known speaker ("Coach X spoke to the
                           media after the win."): a quotation paragraph after it is theirs */
  long long headed;     /* a name line heading ("John Herdman, New Zealand coach") heads the
                           quotations after it, until the next heading */
  size_t since_heading; /* the first statement after the last heading */
};

struct paragraph_state {
  unsigned open;       /* inside a quotation: Q_* bits */
  long long label;     /* the transcript label's speaker ("Lagarde: ..."), or 0 */
  size_t pending_from; /* first statement of an unattributed open quotation, or SIZE_MAX */
  size_t first_stmt;   /* first statement of the paragraph */
  size_t prev_first;   /* first statement of the previous paragraph, or SIZE_MAX */
  size_t carry;        /* the previous paragraph's last statement when it left its
                          quotation open and was attributed (news style: the quote runs
                          on into the next paragraph), or SIZE_MAX */
  int cued;            /* some sentence had a speech cue with a subject of its own */
  int tags;            /* the paragraph is a tag or caption line of the quotation before it */
  int briefed;         /* the paragraph is part of the briefer's unlabelled transcript */
  uint64_t plain;      /* bit i: statement first_stmt + i is narration with no cue, quotation
                          or name: it may carry on the reported speech around it */
  long long intro_of;  /* the paragraph introduces an unlabelled transcript by this speaker */
};

/* ---- tokens: the small predicates every rule uses, inline (they sit in every loop) ---- */

/* A word of two or more capitals only: an acronym ("WHO", "US", "IT"), not
 * the function word it spells. */
static inline int tok_acronym(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  for (size_t i = 0; i < n; i++)
    if (st->body[t->start + i] < 'A' || st->body[t->start + i] > 'Z')
      return 0;
  return n >= 2;
}

static inline enum lex_class tok_class(const struct run_state *st, const struct tok *t) {
  if (t->kind != T_WORD)
    return LEX_NONE;
  if (t->cls == TOK_CLASS_UNKNOWN) /* the run's own scratch token: a cache, not a change */
    ((struct tok *)t)->cls = (uint8_t)(tok_acronym(st, t) ? LEX_NONE
                                           : lexicon_class(st->body + t->start, t->end - t->start));
  return (enum lex_class)t->cls;
}

/* A boundary before a clause: sentence start, comma, quote, colon, dash, bracket. */
static inline int tok_boundary(const struct scratch *sc, size_t k) {
  if (k == (size_t)-1)
    return 1;
  uint8_t kd = sc->toks[k].kind;
  return kd == T_COMMA || kd == T_QOPEN || kd == T_QCLOSE || kd == T_COLON || kd == T_DASH ||
         kd == T_POPEN || kd == T_END;
}

/* Whether token k is an abbreviation's point ("Gov.", "U.S."): a T_OTHER '.'
 * right after a word. */
static inline int tok_abbrev_point(const struct run_state *st, size_t k) {
  const struct tok *t = &st->sc.toks[k];
  return t->kind == T_OTHER && st->body[t->start] == '.' && k > 0 &&
         st->sc.toks[k - 1].kind == T_WORD && st->sc.toks[k - 1].end == t->start;
}

/* Whether token t is the word lit (lowercase, compared in any ASCII case). */
static inline int tok_is(const struct run_state *st, const struct tok *t, const char *lit) {
  if (t->kind != T_WORD || (st->body[t->start] | 32) != lit[0]) /* most words differ at once */
    return 0;
  size_t n = strlen(lit);
  return t->end - t->start == n && !strncasecmp(st->body + t->start, lit, n);
}

/* Whether token t is one of the words list (NULL-ended, lowercase; any ASCII case). */
static inline int tok_in_list(const struct run_state *st, const struct tok *t,
                              const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (tok_is(st, t, list[i]))
      return 1;
  return 0;
}

/* tok_in_list() of token k. */
static inline int tok_among(const struct run_state *st, size_t k, const char *const *list) {
  return tok_in_list(st, &st->sc.toks[k], list);
}

static inline int tok_pronoun(const struct run_state *st, const struct tok *t) {
  return tok_class(st, t) == LEX_PRONOUN;
}

/* The hit whose last token is k and which is clean, or NULL. */
static inline const struct hit *tok_hit_ending(const struct scratch *sc, size_t k) {
  int h = sc->toks[k].hit_last;
  return h >= 0 && sc->hits[h].clean ? &sc->hits[h] : NULL;
}

/* Whether token k opens a clause that a subject may head: ", and Mancini
 * admitted", ", but he said", "as the City manager claimed", "As X explained"
 * (not "as well as", "such as"). */
static inline int tok_clause_conj(const struct run_state *st, size_t k) {
  const struct tok *t = &st->sc.toks[k];
  if (tok_is(st, t, "and") || tok_is(st, t, "but"))
    return !t->cap && k > 0 && st->sc.toks[k - 1].kind == T_COMMA;
  if (!tok_is(st, t, "as"))
    return 0;
  return k == 0 || !(tok_is(st, &st->sc.toks[k - 1], "well") || tok_is(st, &st->sc.toks[k - 1], "such") ||
                     tok_is(st, &st->sc.toks[k - 1], "as") || tok_is(st, &st->sc.toks[k - 1], "so"));
}

/* ---- extract.c ---- */

int extract_grow(void **p, size_t *cap, size_t need, size_t size, size_t max);

/* ---- tokens.c ---- */

/* Tokenizes body[start..end); quote marks become T_QOPEN/T_QCLOSE using the
 * paragraph's quote state *open (Q_* bits; straight double quotes toggle it,
 * a closing single mark with no single quotation open is an apostrophe). */
int tokens_split(struct run_state *st, size_t start, size_t end, unsigned *open);

int tokens_find_hits(struct run_state *st, size_t start, size_t end);

/* A word made of 2 to 4 ASCII capitals: a post-nominal ("KC", "MP", "QC"). */
int tok_post_nominal(const struct run_state *st, const struct tok *t);

/* A lowercase word ending in "ed" that is no cue: a verb of action coordinated
 * with a cue ("Tusk laughed and said"). */
int tok_action_verb(const struct run_state *st, const struct tok *t);

int tok_relative(const struct run_state *st, const struct tok *t);

/* ---- cues.c ---- */

/* Marks the cue starting at each word of the sentence (tok.cue). */
void cues_find(struct run_state *st);

/* 1 for the cues that name a quotation rather than report speech ("called
 * the study 'robust'"): the sentence stays narration. */
int cues_characterise(const char *cue);

/* 1 for "quoted X as saying": the speaker is the object X. */
int cues_quoted_object(const struct cue_def *cd);

/* ---- phrases.c ---- */

/* Whether the words before token first (back to a clause boundary) may be part
 * of a subject noun phrase: titles and descriptions ("Kremlin spokesman",
 * "Russian President"), no prepositions, verbs, relatives or conjunctions;
 * a sentence-initial connective ("But", "Meanwhile") is fine. */
int np_subject_head(const struct run_state *st, size_t first);

/* Whether tokens from a clause boundary up to e are a fronted time or
 * channel phrase ("On Wednesday", "Late on Tuesday", "Earlier this week",
 * "In a statement"): a subject after it still heads the clause. */
int np_fronted_time(const struct run_state *st, size_t e);

/* Whether the words before token first (back to a clause boundary) are a
 * title: capitalised words and abbreviation points only ("Brazilian
 * President", "Gov."), or a sentence-initial connective. */
int np_title_head(const struct run_state *st, size_t first);

/* Whether the noun phrase ending at token last heads its clause: nouns,
 * determiners, possessives ("Her coach", "Kyiv's foreign ministry spokesman"). */
int np_heads_clause(const struct run_state *st, size_t last);

/* The known speaker before an affiliation that ends at token e: "Claudia
 * Kemfert of the German Institute for Economic Research", "Prof. Henrik Lund
 * of the University of Copenhagen", "Dr. Ruiz at Johns Hopkins": "of", "at"
 * or "from" right after a clean hit, then only capitalised words and "the",
 * "of", "for", "and" up to e. NULL when it is not one. */
const struct hit *np_affiliation(const struct run_state *st, size_t e);

/* "The speaker for the Russian Federation": a noun phrase heading its clause,
 * then "of" or "for" and a proper name that names no known speaker (not "A
 * spokesman for President Biden"). last is the name's last token. */
int np_proper_pp_head(const struct run_state *st, size_t last);

/* "the minister", "the foreign minister" ending at token e, heading its clause
 * (or, inverted, closing it): an unregistered role noun that means the most
 * recent speaker when it is that speaker's role head noun (registered, or
 * tied by the article), else the speaker the article tied it to last.
 * Returns the id or 0. */
/* Whom "he" or "she" (token t) means: the last speaker, unless the article
 * showed the other gender for them ("Mr", "his daughter Emily", an earlier
 * "she" of theirs, "X confirmed ... his"); then the latest named speaker of
 * that gender, or 0 when there is none. */
long long np_pronoun(const struct run_state *st, const struct tok *t);
/* np_pronoun() of token k, a subject pronoun inside a sentence whose head
 * is a known speaker nobody else named follows: that speaker ("DeChambeau
 * was gracious, acknowledging ... "I said thank you to the tree" he joked"). */
long long np_pronoun_at(const struct run_state *st, size_t k);

/* Whether token t is a kinship noun: "daughter", "son", "wife", ... */
int np_kinship(const struct run_state *st, const struct tok *t);

/* Records that speaker id is 'm' or 'f' (g), unless the article showed it already. */
void np_tie_gender(struct run_state *st, long long id, char g);

long long np_role_anaphor(const struct run_state *st, size_t first, size_t e);

/* The speaker "the 72-year-old" (tokens first..e, "the", the age, at most one
 * noun after it: "the 72-year-old Democrat") means: whom the article gave that
 * age ("Silver, 72,"), or 0. */
long long np_age_anaphor(const struct run_state *st, size_t first, size_t e);

/* Records the role nouns the current sentence ties to known speakers: the
 * word right before a name ("Education Minister Bridget Phillipson", "Kremlin
 * spokesman Dmitry Peskov") and the head of an apposition either side
 * ("X, the government spokesman,", "Merkel's spokesman, X,"). */
void np_learn_roles(struct run_state *st);

/* The subject heading the sentence's main clause when it is a known speaker
 * (or he/she): the first speaker form, outside quotations, led by nothing but
 * a title and a clause boundary ("Brazilian President Lula closed ...",
 * "Asked ..., Merz shook his head") and followed by a lowercase word, its
 * verb. Sets *hit (NULL for a pronoun); returns the id, the pronoun's
 * antecedent, or 0. */
long long np_clause_head(const struct run_state *st, const struct hit **hit);

/* Whether a cue-less sentence with no speaker names a known speaker as the
 * subject at its head ("Putin arrived in Beijing."): "he" may mean them next. */
long long np_head_speaker(const struct run_state *st);

/* Sets each hit's speaker: its id, or for a role form several speakers share
 * ("the President", "the Prime Minister") the most recent speaker, else the
 * most recently named one, whose role noun it is, with the word before it
 * ("Vladimir Putin met ... The President noted"); -1 (ambiguous) when none
 * is. Once a sentence, so the rules read it for free. */
void np_resolve_hits(struct run_state *st);

/* Notes that speaker id (> 0) was named: last_named and the recent ones. */
void np_named(struct run_state *st, long long id);

/* ---- subject.c ---- */

double subject_form_confidence(enum roster_form f, enum attr_method *m);

/* Sets sc->join_block: the first token after the sentence's head subject that
 * is not a plain word (another speaker, a relative, a main-clause cue, a
 * mark). Found once per sentence, so joined() costs nothing per cue. */
void subject_join_reach(struct run_state *st);

void subject_analyse(const struct run_state *st, struct finding *f);

/* ---- paragraph.c ---- */

/* Settles an unattributed run of sentences inside an open quotation. */
void paragraph_settle(struct run_state *st, struct paragraph_state *ps, size_t to);

/* Attributes statement idx: 0, EXTRACT_FAILED (out of memory) or
 * EXTRACT_TOO_COMPLEX (the budget is spent). */
int paragraph_sentence(struct run_state *st, struct paragraph_state *ps, size_t idx);

/* After the paragraph's last statement (last): a paragraph with no speaker of
 * its own carries on the block, quotation or turn before it; notes what the
 * next paragraph may carry on. */
void paragraph_end(struct run_state *st, const struct paragraph_state *ps, size_t last);

/* A heading body[a..b) ends every block, quotation and turn; a heading "Name:
 * ..." of a known speaker heads their quotation ("Mancini: Blame it on me"). */
void paragraph_heading(struct run_state *st, size_t a, size_t b);


/* ---- stmt.c: what a statement's text shows ---- */

void stmt_attribute(struct statement *s, long long id, enum attr_method m, const char *cue,
                      double conf, struct text_span ev);

/* Whether word w (n bytes) occurs, word-bounded and in any ASCII case, in
 * body[a..b). */
int stmt_word_in(const char *body, size_t a, size_t b, const char *w, size_t n);

/* Whether statement s opens with a quotation mark. */
int stmt_opens_quote(const struct run_state *st, const struct statement *s);

/* Whether statement s ends as a sentence does (a point, a question or
 * exclamation mark, an ellipsis, a colon; closing marks after it), not as a
 * subhead the splitter kept ("Pujara, the 'thorn in the throat'"). */
int stmt_ends_sentence(const struct run_state *st, const struct statement *s);

/* Whether statement s is quoted whole, up to a closing mark at most: a
 * speaker's words carried on, not '"Tories give BBC reform ultimatum" was the
 * headline.' */
int stmt_quoted_whole(const struct statement *s);

/* Whether statement s ends with a closing double quotation mark. */
int stmt_closes_quote(const struct run_state *st, const struct statement *s);

/* Whether statements from..to (one paragraph) are a quotation nobody was
 * given: all unattributed, and opening with a quotation mark or speaking in
 * the first person ("We played the perfect game."). */
int stmt_unclaimed_quotation(const struct run_state *st, size_t from, size_t to);

void stmt_continue(struct run_state *st, size_t from, size_t to, long long id,
                           double conf);

/* Whether statement s has a word of the first person ("I", "we", "our", ...;
 * with singular set, "I", "my", "me" only): a speaker's own words, not the
 * reporter's narration (a government's readout may say "we"). */
int stmt_first_person(const struct run_state *st, const struct statement *s, int singular);

/* Whether some statement from..to speaks in the first person. */
int stmt_speaks_first(const struct run_state *st, size_t from, size_t to);

/* Whether some statement from..to speaks in the first person singular. */
int stmt_speaks_as_i(const struct run_state *st, size_t from, size_t to);

/* ---- transcript.c: transcripts and their turns ---- */

/* A transcript's speaker label opening a paragraph: "Lagarde: No, the job is
 * never done.", "MR. SMITH: ...", "Laura Kuenssberg (BBC): ...", a label alone
 * on its line ("President of Turkey Recep Tayyip Erdogan (retranslated):"), "Q: ..." and
 * "A: ...". Returns the labelled speaker (and its method and confidence), -1
 * for a question ("Q:", the interviewer, whom nobody registers: the line is
 * nobody's), or 0 when the paragraph has no label. "A:" is the interviewee:
 * the speaker named last before the first question (the introduction's). */
long long transcript_label(const struct run_state *st, enum attr_method *m,
                                  double *conf, struct text_span *ev);

/* A speaker label of somebody nobody registered opening the paragraph:
 * "QUESTION:", "DER SPIEGEL:", "MR. JONES:" (capitals, then a colon), or a
 * bare "Q" before the question ("Q    Thank you."). */
int transcript_label_shape(const struct run_state *st);

/* A line that introduces a speech or statement printed after it: "Statement
 * by Ambassador Barbara Woodward, UK Permanent Representative to the UN, at
 * the Security Council.", "Remarks by President Obama at ...", "Message from
 * X": the speaker (a known name or alias, led by title words at most), or 0.
 * The line reports nothing itself; what follows runs on like a turn. */
long long transcript_speech_heading(const struct run_state *st);

/* The introduction of an unlabelled transcript: "The following is a
 * near-verbatim transcript of today's noon briefing by Stéphane Dujarric,
 * Spokesman for the Secretary-General." — "transcript", then within a few
 * words "by" and a known speaker's name. Returns the speaker, or 0. */
long long transcript_intro(const struct run_state *st);

/* A sentence of the briefer's transcript: what it reports of somebody else
 * is theirs ("The Secretary-General welcomed ..."), "she said" there is never
 * the briefer (nobody's, when "she" would mean them), anything else without a
 * cue is the briefer's own words. */
void transcript_briefed(struct run_state *st, struct statement *s);

/* Whether the turn of the last transcript label runs on into this paragraph
 * (its first sentence s tokenized): no label of its own, and no narration
 * naming a known speaker as its subject ("Putin then met ...", "Medvedev
 * said ...") or reporting somebody else ("The Kremlin said later ...", not
 * "I said I wanted to meet"). */
int transcript_floor_holds(const struct run_state *st, const struct statement *s);

/* Whether statement s is a transcript's stage direction, bracketed whole:
 * "(Laughter.)", "(Applause.)", "(Inaudible.)". */
int transcript_stage_direction(const struct run_state *st, const struct statement *s);

/* A heading that introduces a speech, statement or letter printed under it:
 * "Statement by John P. Holdren, Assistant to the President ...", "Letter to
 * The Telegraph from Emma Howard Boyd": the first known name after "by" or
 * "from", or 0. What follows runs on like a turn. */
long long transcript_title(const struct run_state *st, size_t a, size_t b);

/* ---- roundup.c: quote round-ups, captions, embedded posts ---- */

/* A tag line after a quotation paragraph, "– England coach, Gareth Southgate":
 * a dash, a few words without a cue, ending in a known speaker's name. The
 * previous paragraph's unattributed sentences are that speaker's when it
 * opened with a quotation mark. The tag line itself reports nothing. */
int roundup_tag_line(struct run_state *st, const struct paragraph_state *ps);

/* The caption of a quote round-up after the quotation it tags, a line of its
 * own: "Yutaka Ikeuchi, Japan coach" (the name, a comma, a role, no final
 * point) or "Mamelodi Sundowns co-coach Rhulani Mokwena after their defeat by
 * Stellenbosch." (a description, the name, then "after", "following", "on",
 * "speaking" or a verb in the present: "Pep Guardiola plays down ..."). The
 * quotation paragraph before it, quoted whole and nobody's so far, is that
 * speaker's; the caption reports nothing. */
int roundup_caption_line(struct run_state *st, const struct paragraph_state *ps);

/* The signature line of an embedded post: "— Chief Art Acevedo (@ArtAcevedo)
 * November 10, 2020": a dash, title words at most, a known speaker's name,
 * then a bracket opening on an @handle. Returns the speaker, or 0. */
long long roundup_post_signature(const struct run_state *st);

/* An embedded post signed by speaker id at statement idx: the post is the
 * unattributed statements before the signature in its paragraph, and the
 * unattributed paragraphs before it (at most POST_STATEMENTS statements in
 * all) when what stands before them is that speaker's or names them ("Chief
 * Art Acevedo says ..." then the post); the signature itself reports nothing. */
void roundup_post_signed(struct run_state *st, const struct paragraph_state *ps, size_t idx,
                         long long id, struct text_span ev);

/* A quote page's topic line, a paragraph of its own: "On the performance…",
 * "On his future:" — "On" and a few words ending in an ellipsis or a colon,
 * no cue, no quotation. It tells no words of its own. */
int roundup_topic_line(const struct run_state *st, const struct paragraph_state *ps, size_t last);

#endif
