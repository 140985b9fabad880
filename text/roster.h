/* roster.h - the speakers table compiled for matching: a trie over every name,
 * alias and derived form, plus the engine's own vocabulary.
 *
 * Build one roster per version of the speakers table (roster_build), share it
 * read-only between any number of threads (every function taking a const
 * struct roster * is thread-safe), and free it when no extraction uses it any
 * more. roster_build copies everything it needs: the caller's arrays may be
 * freed as soon as it returns.
 *
 * Matching is leftmost-longest at word boundaries. Name-like forms (led by an
 * uppercase letter: "Xi", "President Xi Jinping") match with their exact case;
 * role nouns (led by a lowercase letter: "the Russian leader") match in any
 * ASCII case, so "The Russian leader" at a sentence start matches too.
 * Derived forms: the last word of a multi-word name ("Erdogan" for "Recep
 * Tayyip Erdogan", skipping "Jr.", "II", ...). A form shared by two speakers
 * matches as ambiguous (id -1): it names somebody, but attributes to nobody.
 * A match followed by "'s" / "’s" is reported as possessive ("Putin's").
 */
#ifndef SAYWHO_ROSTER_H
#define SAYWHO_ROSTER_H

#include <stddef.h>

#define ROSTER_MAX_SPEAKERS 100000
#define ROSTER_MAX_FORM_BYTES 200   /* longer names/aliases are skipped */

struct roster_speaker {
  long long id;                /* > 0 */
  const char *name;            /* NUL-terminated UTF-8 */
  const char *const *aliases;  /* may be NULL when alias_count is 0 */
  size_t alias_count;
};

/* How a form refers to its speaker. */
enum roster_form {
  ROSTER_FORM_NAME = 1,  /* the name, a part of it, or the name with a title: "Xi", "President Putin" */
  ROSTER_FORM_ALIAS,     /* a name-like alias sharing no word with the name: "Tsar Vlad" */
  ROSTER_FORM_ROLE       /* a lowercase-led role noun: "the Russian leader" */
};

struct roster;

/* Compiles count speakers into *out. Empty names and aliases are skipped;
 * duplicates are merged. Returns 0, or -1 with a message in err (bad id,
 * too many speakers, out of memory); *out is NULL then. Free with roster_free(). */
__attribute__((warn_unused_result)) int roster_build(const struct roster_speaker *speakers,
                                                     size_t count, struct roster **out,
                                                     char *err, size_t errlen);

void roster_free(struct roster *r);

/* Number of speakers compiled in. */
size_t roster_speaker_count(const struct roster *r);

struct roster_hit {
  size_t start;           /* byte offsets into the scanned text */
  size_t end;             /* past the form (before any "'s") */
  long long id;           /* speaker id, or -1 when the form is ambiguous */
  enum roster_form form;
  int possessive;         /* 1 when "'s" or "’s" (or a lone "'" after s) follows */
};

/* Finds the speaker forms in text[0..len) (leftmost-longest, word-bounded)
 * and stores up to cap of them in hits, in order. Returns how many it found
 * in all (may exceed cap; only cap are stored). Thread-safe. */
size_t roster_scan(const struct roster *r, const char *text, size_t len,
                   struct roster_hit *hits, size_t cap);

/* The longest speaker form that starts exactly at text[pos] and ends at a word
 * boundary; returns 1 and fills *hit, or 0. text[pos] must start a word. */
int roster_match_at(const struct roster *r, const char *text, size_t len, size_t pos,
                    struct roster_hit *hit);

/* roster_match_at() with names matched in any ASCII case too: "SMITH" for
 * "John Smith", as transcripts write their speaker labels ("MR. SMITH:"). */
int roster_match_any_case(const struct roster *r, const char *text, size_t len, size_t pos,
                          struct roster_hit *hit);

/* 1 when word w (n bytes, any ASCII case) is a role head noun of speaker id:
 * the last word of one of its role aliases ("minister" for "the Russian
 * foreign minister"), or the last title word before the name in a name-like
 * alias ("executive" for "Chief Executive Rajesh Iyer"). "The minister said"
 * may then mean that speaker. Thread-safe. */
int roster_role_word(const struct roster *r, long long id, const char *w, size_t n);

/* Whether speaker id is one of the speakers who share the form
 * text[start..end) (a hit roster_scan() reports as ambiguous, id -1).
 * Thread-safe. */
int roster_shared_by(const struct roster *r, long long id, const char *text, size_t len,
                     size_t start, size_t end);

/* roster_role_word() that also needs the word before the noun, mod (mod_n
 * bytes, any ASCII case; mod_n 0: any): "prime" + "minister" is a role of
 * whoever has "the Prime Minister", not of whoever has "the foreign
 * minister". Thread-safe. */
int roster_role_form(const struct roster *r, long long id, const char *mod, size_t mod_n,
                     const char *w, size_t n);

/* The speaker whose name has the initials w (n bytes, capitals: "DA" for "Deb
 * Abbott"), 0 when none has, -1 when several have. Thread-safe. */
long long roster_initials(const struct roster *r, const char *w, size_t n);

#endif
