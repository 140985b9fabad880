/* tokens.c - one sentence into tokens (words, marks, quotation state), the speakers
 * it names, and the predicates on single tokens the rules share. */
#include "extract_internal.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

static inline int ascii_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int word_cp(const char *s, size_t len, size_t i, size_t *n) {
  unsigned char c = (unsigned char)s[i];
  *n = 1;
  if (c < 0x80)
    return ascii_word_byte(c);
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

int tokens_split(struct run_state *st, size_t start, size_t end, unsigned *open) {
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
    if (sc->ntok == sc->tok_cap && /* the common case without a call */
        extract_grow((void **)&sc->toks, &sc->tok_cap, sc->ntok + 1, sizeof *sc->toks, st->len + 16) < 0)
      return -1;
    struct tok *t = &sc->toks[sc->ntok++];
    t->start = i;
    t->hit = -1;
    t->hit_last = -1;
    t->cue = NULL;
    t->cap = 0;
    t->cls = TOK_CLASS_UNKNOWN;
    t->qin = (uint8_t)*open;
    if (word_cp(s, end, i, &n)) {
      uint32_t cp;
      utf8_decode(s, end, i, &cp);
      t->cap = !utf8_is_lower(cp) && !(cp >= '0' && cp <= '9');
      i += n;
      for (;;) {
        while (i < end && ascii_word_byte((unsigned char)s[i]))
          i++; /* the common case without a call */
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

int tokens_find_hits(struct run_state *st, size_t start, size_t end) {
  struct scratch *sc = &st->sc;
  sc->nhit = 0;
  if (!st->r)
    return 0;
  size_t cap = sc->raw_cap;
  size_t n = roster_scan(st->r, st->body + start, end - start, sc->raw, cap);
  if (n > cap) {
    if (extract_grow((void **)&sc->raw, &sc->raw_cap, n, sizeof *sc->raw, st->len + 16) < 0)
      return -1;
    n = roster_scan(st->r, st->body + start, end - start, sc->raw, sc->raw_cap);
  }
  if (extract_grow((void **)&sc->hits, &sc->hit_cap, n + 1, sizeof *sc->hits, st->len + 16) < 0)
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

int tok_post_nominal(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  if (t->kind != T_WORD || n < 2 || n > 4)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (st->body[t->start + i] < 'A' || st->body[t->start + i] > 'Z')
      return 0;
  return 1;
}

int tok_action_verb(const struct run_state *st, const struct tok *t) {
  size_t n = t->end - t->start;
  const char *w = st->body + t->start;
  return t->kind == T_WORD && !t->cap && !t->cue && n >= 4 && w[n - 2] == 'e' &&
         w[n - 1] == 'd' && tok_class(st, t) == LEX_NONE;
}

int tok_relative(const struct run_state *st, const struct tok *t) {
  return tok_is(st, t, "who") || tok_is(st, t, "whose") || tok_is(st, t, "whom") ||
         tok_is(st, t, "which") || tok_is(st, t, "that");
}

