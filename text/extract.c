/* extract.c - attribution: sentences of a body to statements with speakers.
 *
 * Per sentence we tokenize, find the speakers named (roster_scan) and the
 * speech cues (lexicon.c), then look for the first cue whose subject stands at
 * the head of its clause:
 *   SUBJECT [adverbs] CUE ...        "Xi said ...", "..., Xi said.", "Putin also said"
 *   SUBJECT, apposition, CUE         "Xi, who is also ..., said"
 *   , CUE SUBJECT                    "..., said Putin." / "...," said the Russian leader.
 *   according to SUBJECT             anywhere, the subject followed by a boundary
 * A subject is a speaker form (not possessive: "Putin's spokesman said" is the
 * spokesman), a pronoun (he/she: the most recent speaker), or anything else
 * (an unknown speaker: the statement stays unattributed and the next "he"
 * stays unresolved). Cue-less sentences may continue the previous statement's
 * speaker within a paragraph: inside or right after an open quotation, a
 * quotation-led sentence, or reported speech in the future or a modal.
 */
#include "extract.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lexicon.h"
#include "sentences.h"
#include "utf8.h"

#define HEADING_MAX_WORDS 12
#define HEADING_MAX_BYTES 100
#define APPOSITION_MAX_TOKENS 30
#define SUBJECT_MAX_WORDS 6

#define CONF_NAME 0.95
#define CONF_ALIAS 0.9
#define CONF_ROLE 0.9
#define CONF_PRONOUN 0.8
#define CONF_QUOTE_CONTINUATION 0.7
#define CONF_CONTINUATION 0.6
#define CONF_ROLE_ANAPHOR 0.75

/* Quotation state of a paragraph: which marks are open. A single quotation
 * opened inside a double one closes with it (and vice versa for Q_DOUBLE
 * opened inside single: closing the double leaves the single open). */
#define Q_DOUBLE 1u
#define Q_SINGLE 2u
#define Q_SINGLE_INNER 4u /* the single quotation was opened inside a double one */
#define Q_LOW 8u          /* the double quotation opened German-style, with U+201E */

enum tok_kind { T_WORD, T_COMMA, T_QOPEN, T_QCLOSE, T_END, T_COLON, T_DASH, T_POPEN, T_PCLOSE,
                T_OTHER };

struct tok {
  size_t start, end;  /* bytes, absolute in the body */
  uint8_t kind;
  uint8_t cap;        /* a word led by an uppercase (or caseless) letter */
  uint8_t qin, qout;  /* quotation state (Q_* bits) before and after the token */
  int hit;            /* index of the roster hit starting at this token, or -1 */
  int hit_last;       /* index of the roster hit ending at this token, or -1 */
  const struct cue_def *cue; /* a cue starting at this word, or NULL */
};

struct hit {
  struct roster_hit h; /* absolute offsets */
  size_t tfirst, tlast;/* tokens covered */
  int clean;           /* ends exactly at a token end and is not possessive */
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
                        reaches past (see joined()); set per sentence by join_reach() */
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
};

const char *attr_method_name(enum attr_method m) {
  switch (m) {
  case ATTR_NAME: return "name";
  case ATTR_ALIAS: return "alias";
  case ATTR_ROLE: return "role";
  case ATTR_PRONOUN: return "pronoun";
  case ATTR_CONTINUATION: return "continuation";
  case ATTR_NONE: break;
  }
  return NULL;
}

static void set_err(char *err, size_t errlen, const char *msg) {
  if (err && errlen)
    snprintf(err, errlen, "%s", msg);
}

static int grow(void **p, size_t *cap, size_t need, size_t size, size_t max) {
  if (need <= *cap)
    return 0;
  if (need > max)
    return -1;
  size_t nc = *cap ? *cap * 2 : 16;
  while (nc < need)
    nc *= 2;
  if (nc > max)
    nc = max;
  void *np = realloc(*p, nc * size);
  if (!np)
    return -1;
  *p = np;
  *cap = nc;
  return 0;
}

/* ---- tokens ---- */

static int word_cp(const char *s, size_t len, size_t i, size_t *n) {
  unsigned char c = (unsigned char)s[i];
  *n = 1;
  if (c < 0x80)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  uint32_t cp;
  *n = utf8_decode(s, len, i, &cp);
  return utf8_is_word(cp);
}

/* Whether the point at s[i] (right after a word) is an abbreviation's rather
 * than a sentence end: the splitter ended no sentence there, so anything but
 * closing marks and terminals after it means the sentence goes on ("U.S.,",
 * "2 a.m. on", "Jr. spoke"). A point before a closing quote ends a quoted
 * sentence and stays a T_END. */
static int inner_point(const char *s, size_t i, size_t end) {
  size_t k = i + 1;
  if (k < end && (s[k] == ',' || s[k] == ';'))
    return 1;
  if (k >= end || s[k] != ' ')
    return 0;
  while (k < end && s[k] == ' ')
    k++;
  return k < end && s[k] != '.' && s[k] != ')' && s[k] != '"' && s[k] != '\'' &&
         (unsigned char)s[k] != 0xE2;
}

/* Tokenizes body[start..end); quote marks become T_QOPEN/T_QCLOSE using the
 * paragraph's quote state *open (Q_* bits; straight double quotes toggle it,
 * a closing single mark with no single quotation open is an apostrophe). */
static int tokenize(struct run_state *st, size_t start, size_t end, unsigned *open) {
  const char *s = st->body;
  struct scratch *sc = &st->sc;
  sc->ntok = 0;
  size_t i = start;
  while (i < end) {
    size_t n;
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t') {
      i++;
      continue;
    }
    if (grow((void **)&sc->toks, &sc->tok_cap, sc->ntok + 1, sizeof *sc->toks, st->len + 16) < 0)
      return -1;
    struct tok *t = &sc->toks[sc->ntok++];
    t->start = i;
    t->hit = -1;
    t->hit_last = -1;
    t->cue = NULL;
    t->cap = 0;
    t->qin = (uint8_t)*open;
    if (word_cp(s, end, i, &n)) {
      uint32_t cp;
      utf8_decode(s, end, i, &cp);
      t->cap = !utf8_is_lower(cp) && !(cp >= '0' && cp <= '9');
      i += n;
      for (;;) {
        if (i < end && word_cp(s, end, i, &n)) {
          i += n;
          continue;
        }
        /* inner apostrophes, hyphens and points: "Putin's", "China-Russia", "U.S" */
        size_t m = 0;
        if (i < end && (s[i] == '\'' || s[i] == '-' || s[i] == '.' || s[i] == '&'))
          m = 1;
        else if (i + 2 < end && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0x99)
          m = 3;
        if (m && i + m < end && word_cp(s, end, i + m, &n)) {
          i += m + n;
          continue;
        }
        break;
      }
      t->end = i;
      t->kind = T_WORD;
      t->qout = t->qin;
      continue;
    }
    uint32_t cp;
    n = utf8_decode(s, end, i, &cp);
    t->end = i + n;
    switch (cp) {
    case ',': t->kind = T_COMMA; break;
    case '.':
      t->kind = (i > start && word_cp(s, end, i - 1, &n) && inner_point(s, i, end)) ? T_OTHER
                                                                                   : T_END;
      n = 1;
      break;
    case '!': case '?': case 0x2026: case 0x3002: t->kind = T_END; break;
    case ':': case ';': t->kind = T_COLON; break;
    case '(': case '[': t->kind = T_POPEN; break;
    case ')': case ']': t->kind = T_PCLOSE; break;
    case 0x2014: case 0x2013: t->kind = T_DASH; break;
    case '-': /* "--", or a hyphen standing alone: "BERLIN (Reuters) - Scholz said" */
      t->kind = ((i + 1 < end && s[i + 1] == '-') ||
                 (i > start && s[i - 1] == ' ' && (i + 1 >= end || s[i + 1] == ' ')))
                    ? T_DASH
                    : T_OTHER;
      break;
    case '"': case 0x201C: case 0xAB: case 0x201D: case 0xBB: case 0x201E: {
      /* „...“ (German style): U+201C closes what U+201E opened */
      int closing = cp == 0x201D || cp == 0xBB || (cp == '"' && (*open & Q_DOUBLE)) ||
                    (cp == 0x201C && (*open & Q_LOW));
      if (closing) {
        t->kind = T_QCLOSE;
        *open &= (*open & Q_SINGLE_INNER) ? ~(Q_DOUBLE | Q_SINGLE | Q_SINGLE_INNER | Q_LOW)
                                          : ~(Q_DOUBLE | Q_LOW);
      } else {
        t->kind = T_QOPEN;
        *open |= cp == 0x201E ? (Q_DOUBLE | Q_LOW) : Q_DOUBLE;
      }
      break;
    }
    case 0x2018: /* an opening single quote */
      t->kind = T_QOPEN;
      *open |= (*open & Q_DOUBLE) ? (Q_SINGLE | Q_SINGLE_INNER) : Q_SINGLE;
      break;
    case '\'': /* single quotes: opening before a word, closing after one */
      if ((i == start || s[i - 1] == ' ' || s[i - 1] == '(') && i + 1 < end &&
          word_cp(s, end, i + 1, &n)) {
        t->kind = T_QOPEN;
        *open |= (*open & Q_DOUBLE) ? (Q_SINGLE | Q_SINGLE_INNER) : Q_SINGLE;
      } else if (i > start && s[i - 1] != ' ' && (*open & Q_SINGLE)) {
        t->kind = T_QCLOSE;
        *open &= ~(Q_SINGLE | Q_SINGLE_INNER);
      } else {
        t->kind = T_OTHER;
      }
      n = 1;
      break;
    case 0x2019: /* a closing single quote (apostrophes inside words were taken above) */
      if (*open & Q_SINGLE) {
        t->kind = T_QCLOSE;
        *open &= ~(Q_SINGLE | Q_SINGLE_INNER);
      } else {
        t->kind = T_OTHER; /* "the players’ union" */
      }
      break;
    default: t->kind = T_OTHER; break;
    }
    t->qout = (uint8_t)*open;
    i += n;
  }
  return 0;
}

/* The token that starts at byte b, or (size_t)-1 (binary search). */
static size_t tok_at(const struct scratch *sc, size_t b) {
  size_t lo = 0, hi = sc->ntok;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (sc->toks[mid].start < b)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (lo < sc->ntok && sc->toks[lo].start == b) ? lo : (size_t)-1;
}

static int find_hits(struct run_state *st, size_t start, size_t end) {
  struct scratch *sc = &st->sc;
  sc->nhit = 0;
  if (!st->r)
    return 0;
  size_t cap = sc->raw_cap;
  size_t n = roster_scan(st->r, st->body + start, end - start, sc->raw, cap);
  if (n > cap) {
    if (grow((void **)&sc->raw, &sc->raw_cap, n, sizeof *sc->raw, st->len + 16) < 0)
      return -1;
    n = roster_scan(st->r, st->body + start, end - start, sc->raw, sc->raw_cap);
  }
  if (grow((void **)&sc->hits, &sc->hit_cap, n + 1, sizeof *sc->hits, st->len + 16) < 0)
    return -1;
  size_t covered = 0;
  for (size_t k = 0; k < n; k++) {
    struct roster_hit h = sc->raw[k];
    h.start += start;
    h.end += start;
    size_t tf = tok_at(sc, h.start);
    if (tf == (size_t)-1 || h.start < covered)
      continue;
    size_t tl = tf;
    while (tl + 1 < sc->ntok && sc->toks[tl + 1].start < h.end)
      tl++;
    /* A form of the same speaker starting inside this one and reaching
     * further extends it: "Chief Executive John Lee" + "John Lee Ka-chiu". */
    int more = tl + 1 < sc->ntok && sc->toks[tl + 1].kind == T_WORD && sc->toks[tl + 1].cap;
    for (size_t j = tf + 1; more && h.id > 0 && j <= tl; j++) {
      struct roster_hit m;
      if (sc->toks[j].kind == T_WORD &&
          roster_match_at(st->r, st->body + start, end - start, sc->toks[j].start - start, &m) &&
          m.id == h.id && m.end + start > h.end) {
        h.end = m.end + start;
        h.possessive = m.possessive;
        while (tl + 1 < sc->ntok && sc->toks[tl + 1].start < h.end)
          tl++;
      }
    }
    covered = h.end;
    struct hit *x = &sc->hits[sc->nhit];
    x->h = h;
    x->tfirst = tf;
    x->tlast = tl;
    x->clean = !h.possessive && sc->toks[tl].end == h.end;
    sc->toks[tl].hit_last = (int)sc->nhit;
    sc->toks[tf].hit = (int)sc->nhit++;
  }
  return 0;
}

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

static void find_cues(struct run_state *st) {
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
    if (!t->cue && (n == 6 || n == 7) && quote_soon(sc, k)) {
      if (n == 6 && !memcmp(st->body + t->start, "called", 6))
        t->cue = &called_cue;
      else if (n == 7 && !memcmp(st->body + t->start, "calling", 7))
        t->cue = &calling_cue;
    }
  }
}

/* ---- subjects ---- */

static enum lex_class word_class(const struct run_state *st, const struct tok *t) {
  if (t->kind != T_WORD)
    return LEX_NONE;
  return lexicon_class(st->body + t->start, t->end - t->start);
}

/* A boundary before a clause: sentence start, comma, quote, colon, dash, bracket. */
static int clause_boundary(const struct scratch *sc, size_t k) {
  if (k == (size_t)-1)
    return 1;
  uint8_t kd = sc->toks[k].kind;
  return kd == T_COMMA || kd == T_QOPEN || kd == T_QCLOSE || kd == T_COLON || kd == T_DASH ||
         kd == T_POPEN || kd == T_END;
}

/* Whether token k is an abbreviation's point ("Gov.", "U.S."): a T_OTHER '.'
 * right after a word. */
static int abbrev_point(const struct run_state *st, size_t k) {
  const struct tok *t = &st->sc.toks[k];
  return t->kind == T_OTHER && st->body[t->start] == '.' && k > 0 &&
         st->sc.toks[k - 1].kind == T_WORD && st->sc.toks[k - 1].end == t->start;
}

/* Whether the words before token first (back to a clause boundary) may be part
 * of a subject noun phrase: titles and descriptions ("Kremlin spokesman",
 * "Russian President"), no prepositions, verbs, relatives or conjunctions;
 * a sentence-initial connective ("But", "Meanwhile") is fine. */
static int subject_head(const struct run_state *st, size_t first) {
  const struct scratch *sc = &st->sc;
  size_t k = first;
  int words = 0;
  while (k > 0) {
    const struct tok *t = &sc->toks[k - 1];
    if (clause_boundary(sc, k - 1))
      return 1;
    if (abbrev_point(st, k - 1)) { /* "Gov. Dana Whitfield", "Dr. Okafor" */
      k--;
      continue;
    }
    if (t->kind != T_WORD || t->cue)
      return 0;
    enum lex_class c = word_class(st, t);
    if (c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || clause_boundary(sc, k - 2)))
      return 1;
    if (c != LEX_NONE && c != LEX_DETERMINER)
      return 0;
    if (++words > SUBJECT_MAX_WORDS)
      return 0;
    k--;
  }
  return 1;
}

/* Whether the words before token first (back to a clause boundary) are a
 * title: capitalised words and abbreviation points only ("Brazilian
 * President", "Gov."), or a sentence-initial connective. */
static int title_head(const struct run_state *st, size_t first) {
  const struct scratch *sc = &st->sc;
  for (size_t k = first, words = 0; k > 0; k--) {
    const struct tok *t = &sc->toks[k - 1];
    if (clause_boundary(sc, k - 1))
      return 1;
    if (abbrev_point(st, k - 1))
      continue;
    if (t->kind != T_WORD || t->cue)
      return 0;
    enum lex_class c = word_class(st, t);
    if (c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || clause_boundary(sc, k - 2)))
      return 1;
    if (!t->cap || (c != LEX_NONE && c != LEX_DETERMINER) || ++words > SUBJECT_MAX_WORDS)
      return 0;
  }
  return 1;
}

/* Whether the noun phrase ending at token last heads its clause: nouns,
 * determiners, possessives ("Her coach", "Kyiv's foreign ministry spokesman"). */
static int noun_phrase_head(const struct run_state *st, size_t last) {
  const struct scratch *sc = &st->sc;
  for (size_t k = last + 1, words = 0; k > 0; k--) {
    const struct tok *t = &sc->toks[k - 1];
    if (k - 1 < last && clause_boundary(sc, k - 1))
      return 1;
    if (abbrev_point(st, k - 1))
      continue;
    if (t->kind != T_WORD || t->cue || ++words > SUBJECT_MAX_WORDS)
      return 0;
    enum lex_class c = word_class(st, t);
    const char *w = st->body + t->start;
    size_t n = t->end - t->start;
    int possessive_det = (n == 3 && (!strncasecmp(w, "his", 3) || !strncasecmp(w, "her", 3) ||
                                     !strncasecmp(w, "its", 3))) ||
                         (n == 5 && !strncasecmp(w, "their", 5));
    if (c == LEX_CONNECTIVE && t->cap && (k - 1 == 0 || clause_boundary(sc, k - 2)))
      return 1;
    if (c != LEX_NONE && c != LEX_DETERMINER && !possessive_det)
      return 0;
  }
  return 1;
}

/* A word made of 2 to 4 ASCII capitals: a post-nominal ("KC", "MP", "QC"). */
static int post_nominal(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  if (t->kind != T_WORD || n < 2 || n > 4)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (st->body[t->start + i] < 'A' || st->body[t->start + i] > 'Z')
      return 0;
  return 1;
}

/* A lowercase word ending in "ed" that is no cue: a verb of action coordinated
 * with a cue ("Tusk laughed and said"). */
static int action_verb(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  const char *w = st->body + t->start;
  return t->kind == T_WORD && !t->cap && !t->cue && n >= 4 && w[n - 2] == 'e' &&
         w[n - 1] == 'd' && word_class(st, t) == LEX_NONE;
}

/* Whether token t is the word lit (lowercase, compared in any ASCII case). */
static int tok_is(const struct run_state *st, const struct tok *t, const char *lit) {
  size_t n = strlen(lit);
  return t->kind == T_WORD && t->end - t->start == n && !strncasecmp(st->body + t->start, lit, n);
}

static int relative_word(const struct run_state *st, const struct tok *t) {
  return tok_is(st, t, "who") || tok_is(st, t, "whose") || tok_is(st, t, "whom") ||
         tok_is(st, t, "which") || tok_is(st, t, "that");
}

/* The known speaker before an affiliation that ends at token e: "Claudia
 * Kemfert of the German Institute for Economic Research", "Prof. Henrik Lund
 * of the University of Copenhagen", "Dr. Ruiz at Johns Hopkins": "of", "at"
 * or "from" right after a clean hit, then only capitalised words and "the",
 * "of", "for", "and" up to e. NULL when it is not one. */
static const struct hit *hit_ending(const struct scratch *sc, size_t k);
static const struct hit *affiliation(const struct run_state *st, size_t e) {
  const struct scratch *sc = &st->sc;
  for (size_t k = e + 1, n = 0; k > 1 && n < 12; k--, n++) {
    const struct tok *t = &sc->toks[k - 1];
    if (t->kind != T_WORD || t->hit >= 0 || t->cue)
      return NULL;
    if (t->cap)
      continue;
    if (k - 1 < e && (tok_is(st, t, "of") || tok_is(st, t, "at") || tok_is(st, t, "from"))) {
      const struct hit *x = hit_ending(sc, k - 2);
      if (x && x->h.id > 0)
        return x;
    }
    if (!tok_is(st, t, "the") && !tok_is(st, t, "of") && !tok_is(st, t, "for") &&
        !tok_is(st, t, "and"))
      return NULL;
  }
  return NULL;
}

/* "The speaker for the Russian Federation": a noun phrase heading its clause,
 * then "of" or "for" and a proper name that names no known speaker (not "A
 * spokesman for President Biden"). last is the name's last token. */
static int proper_pp_head(const struct run_state *st, size_t last) {
  const struct scratch *sc = &st->sc;
  int caps = 0;
  for (size_t k = last + 1, n = 0; k > 1 && n < 8; k--, n++) {
    const struct tok *t = &sc->toks[k - 1];
    if (t->kind != T_WORD || t->hit >= 0)
      return 0;
    if (t->cap) {
      caps++;
      continue;
    }
    if (caps && (tok_is(st, t, "of") || tok_is(st, t, "for")))
      return noun_phrase_head(st, k - 2);
    if (!tok_is(st, t, "the"))
      return 0;
  }
  return 0;
}

/* "the minister", "the foreign minister" ending at token e, heading its clause
 * (or, inverted, closing it): an unregistered role noun that means the most
 * recent speaker when it is that speaker's role head noun. Returns the id or 0. */
static long long role_anaphor(const struct run_state *st, size_t first, size_t e) {
  const struct scratch *sc = &st->sc;
  if (st->last_speaker <= 0 || e <= first || e - first > 2 || !tok_is(st, &sc->toks[first], "the"))
    return 0;
  for (size_t k = first + 1; k <= e; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind != T_WORD || t->cap || t->hit >= 0 || word_class(st, t) != LEX_NONE)
      return 0;
  }
  const struct tok *t = &sc->toks[e];
  return roster_role_word(st->r, st->last_speaker, st->body + t->start, t->end - t->start)
             ? st->last_speaker
             : 0;
}

static double form_confidence(enum roster_form f, enum attr_method *m) {
  switch (f) {
  case ROSTER_FORM_ALIAS: *m = ATTR_ALIAS; return CONF_ALIAS;
  case ROSTER_FORM_ROLE: *m = ATTR_ROLE; return CONF_ROLE;
  case ROSTER_FORM_NAME: break;
  }
  *m = ATTR_NAME;
  return CONF_NAME;
}

/* Fills f from a subject hit (known or ambiguous speaker). */
static void subject_hit(struct finding *f, const struct hit *x) {
  f->decided = 1;
  if (x->h.id <= 0) {
    f->speaker = -1;
    return;
  }
  f->speaker = x->h.id;
  f->confidence = form_confidence(x->h.form, &f->method);
}

static int is_pronoun(const struct run_state *st, const struct tok *t) {
  return word_class(st, t) == LEX_PRONOUN;
}

/* The hit whose last token is k and which is clean, or NULL. */
static const struct hit *hit_ending(const struct scratch *sc, size_t k) {
  int h = sc->toks[k].hit_last;
  return h >= 0 && sc->hits[h].clean ? &sc->hits[h] : NULL;
}

static long long clause_head(const struct run_state *st, const struct hit **hit);

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

/* "Brunson shook his head and said", "She shook her head when asked ... and
 * said", "Lagarde points to the skyline and says": a cue after "and" (token
 * a) coordinated with the main verb of the sentence's head subject, a known
 * speaker or he/she, with nothing but words between them: no relative
 * clause, no other speaker, no cue but a subordinate one ("when asked"). */
static int joined(const struct run_state *st, size_t a, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  const struct hit *x;
  long long id = clause_head(st, &x);
  if (id <= 0)
    return 0;
  size_t from = x ? x->tlast + 1 : 1;
  if (from >= a || sc->join_block < a)
    return 0;
  head_finding(st, f, id, x);
  size_t last = c + sc->toks[c].cue->words - 1;
  f->evidence.end = sc->toks[last < sc->ntok ? last : c].end;
  return 1;
}

/* Sets sc->join_block: the first token after the sentence's head subject that
 * is not a plain word (another speaker, a relative, a main-clause cue, a
 * mark). Found once per sentence, so joined() costs nothing per cue. */
static void join_reach(struct run_state *st) {
  struct scratch *sc = &st->sc;
  const struct hit *x;
  sc->join_block = 0;
  if (clause_head(st, &x) <= 0)
    return;
  size_t from = x ? x->tlast + 1 : 1, k = from;
  for (; k < sc->ntok; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind != T_WORD || t->hit >= 0 || relative_word(st, t))
      break;
    if (t->cue && !(k > from && (word_class(st, &sc->toks[k - 1]) == LEX_FUNCTION ||
                                 word_class(st, &sc->toks[k - 1]) == LEX_PREPOSITION)))
      break;
  }
  sc->join_block = k;
}

/* Subject before the cue at token c: "Xi (also) said", "Xi, 68, said". */
static int subject_before(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  size_t j = c;
  while (j > 0) {
    const struct tok *t = &sc->toks[j - 1];
    enum lex_class cl = word_class(st, t);
    if (cl == LEX_ADVERB || cl == LEX_CONNECTIVE)
      j--;
    else if (cl == LEX_PREPOSITION && j < c && word_class(st, &sc->toks[j]) == LEX_ADVERB)
      j--; /* "Xi on Monday said" */
    else if (sc->toks[c].cue->kind == CUE_QUOTED && t->kind == T_WORD &&
             lexicon_is_be(st->body + t->start, t->end - t->start))
      j--; /* "Putin was quoted as saying" */
    else
      break;
  }
  if (j == 0)
    return 0;
  size_t e = j - 1; /* the subject's last token */
  if (j < c && tok_is(st, &sc->toks[j], "and") && !hit_ending(sc, e) &&
      !is_pronoun(st, &sc->toks[e]) && joined(st, j, c, f))
    return 1;
  if (e > 0 && j < c && action_verb(st, &sc->toks[e]) && sc->toks[j].end - sc->toks[j].start == 3 &&
      !strncmp(st->body + sc->toks[j].start, "and", 3)) {
    /* "Tusk laughed and said": the subject of the first verb */
    size_t k = e;
    while (k > 0 && word_class(st, &sc->toks[k - 1]) == LEX_ADVERB)
      k--;
    if (k == 0)
      return 0;
    e = k - 1;
  }
  /* "Okafor, who rates the stock "outperform," said": the comma inside the quote */
  int qapp = sc->toks[e].kind == T_QCLOSE && e > 0 && sc->toks[e - 1].kind == T_COMMA;
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
        (qapp && !relative_word(st, &sc->toks[k])))
      return 0;
    /* "The shadow housing secretary, Tom Ellery, said", "Her coach, Ray Odom,
     * said": an apposition that is exactly a known name is the subject. */
    const struct hit *ap = hit_ending(sc, e - 1);
    if (ap && ap->tfirst == k && ap->h.id > 0 && ap->h.form != ROSTER_FORM_ROLE &&
        (noun_phrase_head(st, k - 2) || proper_pp_head(st, k - 2))) {
      subject_hit(f, ap);
      f->evidence.start = ap->h.start;
      size_t last = c + sc->toks[c].cue->words - 1;
      f->evidence.end = sc->toks[last < sc->ntok ? last : c].end;
      return 1;
    }
    e = k - 2;
  }
  if (e > 0 && post_nominal(st, &sc->toks[e]) && hit_ending(sc, e - 1))
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
  if (t->kind != T_WORD || tok_is(st, t, "who"))
    return 0; /* "Putin, who called it "a trap", insisted": the relative's cue */
  size_t ev_start = t->start;
  const struct hit *x = hit_ending(sc, e);
  if (!x && !is_pronoun(st, t))
    x = affiliation(st, e);
  if (x) {
    if (!subject_head(st, x->tfirst))
      goto unknown;
    subject_hit(f, x);
    ev_start = x->h.start;
  } else if (is_pronoun(st, t)) {
    if (!(e == 0 || clause_boundary(sc, e - 1) ||
          (word_class(st, &sc->toks[e - 1]) == LEX_CONNECTIVE && sc->toks[e - 1].cap &&
           (e - 1 == 0 || clause_boundary(sc, e - 2)))))
      return 0;
    f->decided = 1;
    f->pronoun = 1;
    f->speaker = st->last_speaker;
    f->method = ATTR_PRONOUN;
    f->confidence = CONF_PRONOUN;
  } else {
    enum lex_class cl = word_class(st, t);
    if (cl != LEX_NONE && cl != LEX_PLURAL_PRONOUN)
      return 0; /* "the plan that said" is no subject */
    for (size_t first = e > 2 ? e - 2 : 0; first < e; first++) {
      long long id = role_anaphor(st, first, e);
      if (id > 0 && (first == 0 || clause_boundary(sc, first - 1))) {
        f->decided = 1;
        f->speaker = id;
        f->method = ATTR_ROLE;
        f->confidence = CONF_ROLE_ANAPHOR;
        ev_start = sc->toks[first].start;
        goto found;
      }
    }
    goto unknown;
  }
found:
  f->evidence.start = ev_start;
  size_t last = c + sc->toks[c].cue->words - 1;
  f->evidence.end = sc->toks[last < sc->ntok ? last : c].end;
  f->post_quote = e > 0 && sc->toks[e - 1].kind == T_QCLOSE;
  return 1;
unknown:
  /* Somebody else speaks; decided when that subject heads its clause. */
  for (size_t k = e, w = 0; w <= SUBJECT_MAX_WORDS; k--, w++) {
    if (k == 0 || clause_boundary(sc, k - 1)) {
      f->decided = 1;
      f->speaker = 0;
      return 1;
    }
    if (abbrev_point(st, k - 1))
      continue; /* "Sen. Bill Cassidy said" */
    enum lex_class cl = word_class(st, &sc->toks[k - 1]);
    if (sc->toks[k - 1].kind != T_WORD || (cl != LEX_NONE && cl != LEX_DETERMINER))
      break;
  }
  return 0;
}

/* Inverted subject after the cue at token c: "..., said Putin." */
static int subject_after(const struct run_state *st, size_t c, size_t cue_words,
                         struct finding *f) {
  const struct scratch *sc = &st->sc;
  if (c == 0 || !(sc->toks[c - 1].kind == T_COMMA || sc->toks[c - 1].kind == T_QCLOSE))
    return 0;
  size_t k = c + cue_words;
  size_t words = 0;
  while (k < sc->ntok && sc->toks[k].kind == T_WORD && words <= SUBJECT_MAX_WORDS) {
    const struct tok *t = &sc->toks[k];
    if (t->hit >= 0) {
      const struct hit *x = &sc->hits[t->hit];
      size_t after = x->tlast + 1;
      if (!x->clean && !x->h.possessive)
        return 0;
      if (after < sc->ntok && sc->toks[after].kind == T_WORD && !x->h.possessive)
        return 0;
      if (x->h.possessive) {
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
    enum lex_class cl = word_class(st, t);
    if (cl != LEX_NONE && cl != LEX_DETERMINER)
      return 0; /* "said that ..." */
    k++, words++;
  }
  if (words == 0)
    return 0;
  if (k >= sc->ntok || sc->toks[k].kind == T_END || sc->toks[k].kind == T_COMMA) {
    f->decided = 1; /* ", said a spokesman." */
    f->speaker = role_anaphor(st, c + cue_words, k - 1); /* ", the minister said" */
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
    f->speaker = st->last_speaker;
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
      if (after < sc->ntok && sc->toks[after].kind == T_WORD)
        break;
      subject_hit(f, x);
      f->evidence.start = sc->toks[c].start;
      f->evidence.end = x->h.end;
      return 1;
    }
    enum lex_class cl = word_class(st, t);
    if (cl != LEX_NONE && cl != LEX_DETERMINER)
      break;
    k++, words++;
  }
  f->decided = 1; /* according to a report, to the ministry, ... */
  f->speaker = 0;
  return 1;
}

/* The subject heading the sentence's main clause when it is a known speaker
 * (or he/she): the first speaker form, outside quotations, led by nothing but
 * a title and a clause boundary ("Brazilian President Lula closed ...",
 * "Asked ..., Merz shook his head") and followed by a lowercase word, its
 * verb. Sets *hit (NULL for a pronoun); returns the id, the pronoun's
 * antecedent, or 0. */
static long long clause_head(const struct run_state *st, const struct hit **hit) {
  const struct scratch *sc = &st->sc;
  *hit = NULL;
  if (sc->ntok > 1 && is_pronoun(st, &sc->toks[0]) && sc->toks[1].kind == T_WORD &&
      !sc->toks[1].cap)
    return st->last_speaker;
  if (sc->nhit == 0)
    return 0;
  const struct hit *x = &sc->hits[0];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 || sc->toks[x->tfirst].qin || after >= sc->ntok ||
      sc->toks[after].kind != T_WORD || sc->toks[after].cap || !title_head(st, x->tfirst))
    return 0;
  *hit = x;
  return x->h.id;
}

/* ", saying ...": the speaker is the sentence's head subject. */
static int participle(const struct run_state *st, size_t c, struct finding *f) {
  const struct scratch *sc = &st->sc;
  if (c == 0 || sc->toks[c - 1].kind != T_COMMA)
    return 0;
  const struct hit *x;
  long long id = clause_head(st, &x);
  if (id <= 0 || (x && x->tlast >= c))
    return 0; /* the head must come before the participle */
  head_finding(st, f, id, x);
  f->evidence.end = sc->toks[c].end;
  return 1;
}

static void analyse(const struct run_state *st, struct finding *f) {
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
    if (subject_before(st, c, f))
      return;
    if (cd->words <= 2 && subject_after(st, c, cd->words, f))
      return;
  }
  f->cue = NULL;
}

/* ---- the statements ---- */

/* Adds a statement; EXTRACT_TOO_COMPLEX past EXTRACT_MAX_STATEMENTS,
 * EXTRACT_FAILED when out of memory. */
static int add_statement(struct run_state *st, size_t start, size_t end, int section,
                         int paragraph, size_t *cp_pos, size_t *cp_byte) {
  struct extract_result *res = st->res;
  if (res->statement_count >= EXTRACT_MAX_STATEMENTS)
    return EXTRACT_TOO_COMPLEX;
  if (grow((void **)&res->statements, &st->stmt_cap, res->statement_count + 1,
           sizeof *res->statements, EXTRACT_MAX_STATEMENTS) < 0)
    return -1;
  struct statement *s = &res->statements[res->statement_count++];
  memset(s, 0, sizeof *s);
  s->start = start;
  s->end = end;
  *cp_pos += utf8_count(st->body + *cp_byte, start - *cp_byte);
  s->cp_start = *cp_pos;
  *cp_pos += utf8_count(st->body + start, end - start);
  s->cp_end = *cp_pos;
  *cp_byte = end;
  s->section = section;
  s->paragraph = paragraph;
  return 0;
}

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
  if (word_class(st, t0) == LEX_DETERMINER && sc->ntok > 1)
    head = &sc->toks[1];
  if (head->kind != T_WORD ||
      !word_in(st->body, p->start, p->end, st->body + head->start, head->end - head->start))
    return 0;
  if (t0->hit >= 0 && sc->hits[t0->hit].h.id != prev_speaker)
    return 0;
  if (word_class(st, t0) == LEX_PRONOUN || word_class(st, t0) == LEX_PREPOSITION)
    return 0;
  for (size_t k = 1; k < sc->ntok && k < 8; k++) {
    const struct tok *t = &sc->toks[k];
    if (t->kind != T_WORD)
      return 0;
    if (word_class(st, t) == LEX_MODAL)
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
    return x->clean ? x->h.id : 0;
  }
  /* led by a description: "Polling expert Sir John Curtice has been ..." */
  const struct hit *x = &sc->hits[0];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 || sc->toks[x->tfirst].qin || after >= sc->ntok ||
      sc->toks[after].kind != T_WORD || sc->toks[after].cap || !subject_head(st, x->tfirst))
    return 0;
  return x->h.id;
}

/* A transcript's speaker label opening a paragraph, "Lagarde: No, the job is
 * never done.": a known name or alias (no role noun) first, then a colon.
 * Returns the id (and its method and confidence), or 0. */
static long long transcript_label(const struct run_state *st, enum attr_method *m,
                                  double *conf, struct text_span *ev) {
  const struct scratch *sc = &st->sc;
  if (sc->ntok < 3 || sc->toks[0].hit < 0)
    return 0;
  const struct hit *x = &sc->hits[sc->toks[0].hit];
  size_t after = x->tlast + 1;
  if (!x->clean || x->h.id <= 0 || x->h.form == ROSTER_FORM_ROLE || after + 1 >= sc->ntok ||
      sc->toks[after].kind != T_COLON || st->body[sc->toks[after].start] != ':')
    return 0;
  *conf = form_confidence(x->h.form, m);
  *ev = (struct text_span){x->h.start, sc->toks[after].end};
  return x->h.id;
}

struct paragraph_state {
  unsigned open;       /* inside a quotation: Q_* bits */
  long long label;     /* the transcript label's speaker ("Lagarde: ..."), or 0 */
  size_t pending_from; /* first statement of an unattributed open quotation, or SIZE_MAX */
  size_t first_stmt;   /* first statement of the paragraph */
};

/* The speaker the statement before index i (same paragraph) had, or 0. */
static const struct statement *before(const struct run_state *st, size_t i,
                                      const struct paragraph_state *ps) {
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

/* Settles an unattributed run of sentences inside an open quotation. */
static void settle_pending(struct run_state *st, struct paragraph_state *ps, size_t to) {
  if (ps->pending_from == SIZE_MAX)
    return;
  const struct statement *p = before(st, ps->pending_from, ps);
  if (p)
    continue_range(st, ps->pending_from, to, p->speaker_id, CONF_QUOTE_CONTINUATION);
  ps->pending_from = SIZE_MAX;
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

/* Attributes statement idx: 0, EXTRACT_FAILED (out of memory) or
 * EXTRACT_TOO_COMPLEX (the budget is spent). */
static int do_sentence(struct run_state *st, struct paragraph_state *ps, size_t idx) {
  struct statement *s = &st->res->statements[idx];
  int open_at_start = ps->open != 0;
  if (tokenize(st, s->start, s->end, &ps->open) < 0 || find_hits(st, s->start, s->end) < 0)
    return -1;
  find_cues(st);
  if (charge(st, s->end - s->start + st->sc.ntok + st->sc.nhit) < 0)
    return EXTRACT_TOO_COMPLEX;
  join_reach(st);
  if (fill_quotes(st, s, open_at_start) < 0)
    return -1;
  if (idx == ps->first_stmt) {
    enum attr_method m;
    double conf;
    struct text_span ev;
    ps->label = transcript_label(st, &m, &conf, &ev);
    if (ps->label > 0)
      attribute(s, ps->label, m, NULL, conf, ev);
  } else if (ps->label > 0) { /* the whole answer is the labelled speaker's */
    attribute(s, ps->label, ATTR_CONTINUATION, NULL, CONF_QUOTE_CONTINUATION,
              (struct text_span){s->start, s->start});
  }
  if (ps->label > 0) {
    st->last_speaker = ps->label;
    return fill_mentions(st, s);
  }
  struct finding f;
  analyse(st, &f);
  int quote_led = st->sc.ntok > 0 && st->sc.toks[0].kind == T_QOPEN;
  if (f.decided && (f.cue == called_cue.cue || f.cue == calling_cue.cue)) {
    attribute(s, 0, ATTR_NONE, NULL, 0, (struct text_span){s->start, s->start});
    ps->pending_from = SIZE_MAX;
    st->last_speaker = f.speaker > 0 ? f.speaker : 0;
  } else if (f.decided && f.speaker > 0) {
    attribute(s, f.speaker, f.method, f.cue, f.confidence, f.evidence);
    if (ps->pending_from != SIZE_MAX && open_at_start && f.post_quote)
      continue_range(st, ps->pending_from, idx - 1, f.speaker, CONF_QUOTE_CONTINUATION);
    ps->pending_from = SIZE_MAX;
    st->last_speaker = f.speaker;
  } else if (f.decided) {
    ps->pending_from = SIZE_MAX;
    if (!f.pronoun || f.speaker < 0)
      st->last_speaker = 0;
  } else if (f.has_cue) {
    /* a cue with no subject of its own ("Asked ..., Merz shook his head."):
     * narration; "he" next means whoever heads the main clause, if known */
    const struct hit *x;
    ps->pending_from = SIZE_MAX;
    st->last_speaker = clause_head(st, &x);
  } else if (ps->open && (open_at_start || quote_led)) {
    if (ps->pending_from == SIZE_MAX)
      ps->pending_from = idx; /* decided when the quotation closes */
  } else if (open_at_start) {
    settle_pending(st, ps, idx); /* closes here with no cue: the earlier speaker */
    if (ps->pending_from == SIZE_MAX && s->speaker_id == 0) {
      const struct statement *p = before(st, idx, ps);
      if (p)
        continue_range(st, idx, idx, p->speaker_id, CONF_QUOTE_CONTINUATION);
    }
  } else {
    const struct statement *p = before(st, idx, ps);
    if (p && quote_led)
      continue_range(st, idx, idx, p->speaker_id, CONF_QUOTE_CONTINUATION);
    else if (p && p->method != ATTR_CONTINUATION && carries_on(st, p))
      continue_range(st, idx, idx, p->speaker_id, CONF_CONTINUATION);
    else if (head_speaker(st) != 0)
      st->last_speaker = head_speaker(st);
  }
  return fill_mentions(st, s);
}

/* ---- lines ---- */

/* Whether line body[a..b) is a section heading. */
static int is_heading(const char *body, size_t a, size_t b) {
  if (b - a > HEADING_MAX_BYTES || b == a)
    return 0;
  uint32_t first, last;
  utf8_decode(body, b, a, &first);
  utf8_prev(body, b, &last);
  if (utf8_is_lower(first) || !utf8_is_word(first))
    return 0;
  if (!utf8_is_word(last) && last != ')')
    return 0;
  int words = 1;
  for (size_t i = a; i < b; i++)
    if (body[i] == ' ')
      words++;
  return words <= HEADING_MAX_WORDS;
}

static int add_section(struct run_state *st, size_t a, size_t b) {
  struct extract_result *res = st->res;
  if (res->section_count >= EXTRACT_MAX_SECTIONS)
    return EXTRACT_TOO_COMPLEX;
  if (grow((void **)&res->sections, &st->sec_cap, res->section_count + 1, sizeof *res->sections,
           EXTRACT_MAX_SECTIONS) < 0)
    return EXTRACT_FAILED;
  res->sections[res->section_count++] = (struct text_span){a, b};
  return 0;
}

void extract_result_free(struct extract_result *res) {
  if (!res)
    return;
  for (size_t i = 0; i < res->statement_count; i++) {
    free(res->statements[i].quotes);
    free(res->statements[i].mentions);
  }
  free(res->statements);
  free(res->sections);
  memset(res, 0, sizeof *res);
}

/* Where the body's last paragraph (a line that is no heading) starts, or len
 * when there is none: a heading needs a paragraph after it to head. Scans
 * back from the end once, so every heading is checked in constant time. */
static size_t last_paragraph(const char *body, size_t len) {
  size_t e = len;
  while (e > 0) {
    size_t a = e;
    while (a > 0 && body[a - 1] != '\n')
      a--;
    if (e > a && !is_heading(body, a, e))
      return a;
    if (a == 0)
      break;
    e = a - 1;
  }
  return len;
}

int extract_run(const struct roster *r, const char *body, size_t len,
                unsigned long long max_steps, struct extract_result *res, char *err,
                size_t errlen) {
  memset(res, 0, sizeof *res);
  if (len > EXTRACT_MAX_BODY) {
    set_err(err, errlen, "body is larger than 4 MiB");
    return EXTRACT_FAILED;
  }
  struct run_state st = {.r = r, .body = body, .len = len, .res = res,
                         .max_steps = max_steps ? max_steps : EXTRACT_DEFAULT_STEPS};
  size_t cp_pos = 0, cp_byte = 0;
  int section = -1, paragraph = 0, rc = EXTRACT_OK;
  size_t a = 0, last_para = last_paragraph(body, len);
  while (a < len && rc == EXTRACT_OK) {
    size_t b = a;
    while (b < len && body[b] != '\n')
      b++;
    size_t la = a, lb = b;
    while (la < lb && (body[la] == ' ' || body[la] == '\t' || body[la] == '\r'))
      la++;
    while (lb > la && (body[lb - 1] == ' ' || body[lb - 1] == '\t' || body[lb - 1] == '\r'))
      lb--;
    if (lb > la && is_heading(body, la, lb) && last_para > b) {
      rc = add_section(&st, la, lb);
      section = (int)res->section_count - 1;
    } else if (lb > la) {
      struct paragraph_state ps = {.pending_from = SIZE_MAX, .first_stmt = res->statement_count};
      struct splitter it;
      struct sentence_span sp;
      splitter_init(&it, body + la, lb - la);
      while (rc == EXTRACT_OK && splitter_next(&it, &sp)) {
        rc = add_statement(&st, la + sp.start, la + sp.end, section, paragraph, &cp_pos,
                           &cp_byte);
        if (rc == EXTRACT_OK)
          rc = do_sentence(&st, &ps, res->statement_count - 1);
      }
      if (rc == EXTRACT_OK)
        settle_pending(&st, &ps, res->statement_count - 1);
      paragraph++;
    }
    a = b + 1;
  }
  if (rc == EXTRACT_TOO_COMPLEX && err && errlen)
    snprintf(err, errlen, "too complex: more than %d statements, %d sections or %llu steps of work",
             EXTRACT_MAX_STATEMENTS, EXTRACT_MAX_SECTIONS, st.max_steps);
  else if (rc != EXTRACT_OK)
    set_err(err, errlen, "out of memory");
  free(st.sc.toks);
  free(st.sc.hits);
  free(st.sc.raw);
  if (rc != EXTRACT_OK)
    extract_result_free(res);
  return rc;
}
