/* extract.h - attribution: a stored body and a roster in, statements out.
 *
 * The body is what wire_parse() / wire_normalize_body() produced: one paragraph
 * or heading per line. A heading is a short line (at most 12 words and 100
 * bytes) led by an uppercase letter or digit with no final punctuation; it
 * opens a section and is not a statement. Every sentence of every other line
 * is a statement, attributed by a careful reader's rules (see extract.c):
 * a speech cue ("said", "added", "according to", ...) whose subject is a
 * known speaker's name, alias or role noun, before or after the content,
 * after a participial lead-in, or inverted ("said Putin"); "X's spokesman
 * said" is somebody else; "He said" goes to the most recent speaker; a
 * cue-less sentence plainly carrying on the same speaker's speech in the same
 * paragraph (an open quotation, a quotation-led sentence, or reported speech
 * in the future/modal) is a continuation; everything else is narration.
 *
 * Thread-safe: nothing is shared but the const roster.
 */
#ifndef SAYWHO_EXTRACT_H
#define SAYWHO_EXTRACT_H

#include <stddef.h>

#include "roster.h"

#define EXTRACT_MAX_BODY ((size_t)4 << 20) /* bytes; larger bodies are refused */
#define EXTRACT_MAX_STATEMENTS 100000      /* more sentences than this: too complex */
#define EXTRACT_MAX_SECTIONS 100000        /* more headings than this: too complex */
/* The work budget. Every stage is linear in the body; a step is a byte, token
 * or speaker name of a sentence, and each speech cue counts EXTRACT_CUE_STEPS
 * (the subject rules look at a bounded window around it). The default allows
 * any body up to EXTRACT_MAX_BODY of real copy (about 3 steps a byte) and of
 * every adversarial shape the tests know (at most about 13 a byte, "said said
 * said ..."), at a few tenths of a second of one core at most. */
#define EXTRACT_CUE_STEPS 32
#define EXTRACT_DEFAULT_STEPS ((unsigned long long)64 << 20)
#define EXTRACT_MAX_QUOTES 64              /* per statement; further quotes are dropped */
#define EXTRACT_MAX_MENTIONS 64            /* per statement; further mentions are dropped */

enum attr_method {
  ATTR_NONE = 0,     /* narration, or a speaker we do not know */
  ATTR_NAME,         /* the speaker's name or a part of it: "Xi said" */
  ATTR_ALIAS,        /* a name-like alias */
  ATTR_ROLE,         /* a role noun: "The Russian leader said" */
  ATTR_PRONOUN,      /* "He said", "..., she added." */
  ATTR_CONTINUATION  /* no cue; carries on the previous statement's speaker */
};

/* "name", "alias", "role", "pronoun", "continuation"; NULL for ATTR_NONE. */
const char *attr_method_name(enum attr_method m);

struct text_span {
  size_t start;  /* byte offsets into the body */
  size_t end;
};

struct statement {
  size_t start, end;        /* bytes into the body: body + start, end - start bytes */
  size_t cp_start, cp_end;  /* the same in Unicode code points (the API's start/end) */
  int section;              /* index into extract_result.sections, or -1 before the first heading */
  int paragraph;            /* 0-based line (paragraph) number among non-heading lines */
  long long speaker_id;     /* 0: narration / unknown speaker */
  enum attr_method method;  /* ATTR_NONE exactly when speaker_id is 0 */
  const char *cue;          /* static string ("said", "according to", ...) or NULL; never freed */
  double confidence;        /* 0..1; 0 when unattributed */
  struct text_span evidence;/* e.g. "The Russian leader said"; start == end when none */
  struct text_span *quotes; /* owned by the result: text inside quotation marks (marks excluded) */
  size_t quote_count;
  long long *mentions;      /* owned by the result: distinct ids of known speakers named in the
                               statement other than its own speaker, in order of appearance */
  size_t mention_count;
};

struct extract_result {
  struct text_span *sections;    /* headings in order (byte spans into the body) */
  size_t section_count;
  struct statement *statements;  /* in body order */
  size_t statement_count;
};

enum extract_status {
  EXTRACT_OK = 0,
  EXTRACT_FAILED = -1,      /* larger than EXTRACT_MAX_BODY, or out of memory */
  EXTRACT_TOO_COMPLEX = -2  /* more statements or sections than the caps, or more work than
                               the budget: the caller refuses the article, it is no fault */
};

/* Extracts the statements of body[0..len) with roster r (which may be NULL or
 * empty: then everything is narration), doing at most max_steps of work (0:
 * EXTRACT_DEFAULT_STEPS). body need not be NUL-terminated and must be valid
 * UTF-8 (as wire_* make it). Returns EXTRACT_OK and fills *res (free it with
 * extract_result_free()), or EXTRACT_FAILED / EXTRACT_TOO_COMPLEX with a
 * message in err; *res is empty then. The same body, roster and budget
 * always give the same answer (the budget counts work, not time). */
__attribute__((warn_unused_result)) int extract_run(const struct roster *r, const char *body,
                                                    size_t len, unsigned long long max_steps,
                                                    struct extract_result *res, char *err,
                                                    size_t errlen);

/* Frees everything res owns and empties it; an empty result is fine. */
void extract_result_free(struct extract_result *res);

#endif
