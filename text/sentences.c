/* sentences.c - the sentence splitter: an allocation-free iterator over offsets. */
#include "sentences.h"

#include <string.h>

#include "utf8.h"

/* Words after which a point does not end a sentence: titles before a name. */
static const char *const titles[] = {"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep",
                                     "Gov", "Lt", "Col", "Capt", "Sgt", "Rev", "St", "Mt",
                                     "Ft", "Hon", "Messrs", "Mme", "Adm", "Maj", "Cmdr",
                                     "Supt", "Insp", "Brig", "Cpl", "Pvt", "Amb", "Pres",
                                     "vs", "Vs", "Sr", "Sra", "Rt", NULL};
/* Words after which a point does not end a sentence when a number follows. */
static const char *const before_numbers[] = {"No", "Nos", "no", "Art", "Vol", "vol", "p", "pp",
                                             "Fig", "fig", "Ch", "Sec", "Para", "para",
                                             "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
                                             "Sep", "Sept", "Oct", "Nov", "Dec", "Nr", "ca",
                                             "approx", "Approx", "Op", NULL};
/* Abbreviations that may or may not end a sentence: a split only before a
 * common sentence opener. */
static const char *const maybe_final[] = {"Inc", "Corp", "Co", "Ltd", "Jr", "Bros", "etc",
                                          "Gov't", "Dept", "Univ", "Assn", "Ave", "Blvd",
                                          "est", "Ph.D", "PhD", NULL};
/* Words that commonly open a sentence (after "...sanctions on the U.S. The"). */
static const char *const openers[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "Or",
    "So", "Yet", "This", "That", "These", "Those", "There", "Their", "His", "Her", "Its",
    "Our", "In", "On", "At", "As", "For", "After", "Before", "However", "Meanwhile",
    "Also", "If", "When", "While", "Although", "Since", "According", "Some", "Many",
    "Most", "Both", "Such", "Still", "Last", "Earlier", "Later", "Other", "Another",
    "Asked", "Under", "With", "Without", "During", "Despite", "Today", "Yesterday", NULL};

static int in_list(const char *const *list, const char *w, size_t n) {
  for (size_t k = 0; list[k]; k++)
    if (list[k][0] == w[0] && strlen(list[k]) == n && memcmp(list[k], w, n) == 0)
      return 1;
  return 0;
}

static int is_blank(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

void splitter_init(struct splitter *it, const char *text, size_t len) {
  it->text = text;
  it->len = len;
  it->pos = 0;
}

/* Length of a closing quote or bracket at t[i], or 0. */
static size_t closer_at(const char *t, size_t len, size_t i) {
  unsigned char c = (unsigned char)t[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']')
    return 1;
  if (c < 0x80)
    return 0;
  uint32_t cp;
  size_t n = utf8_decode(t, len, i, &cp);
  /* U+201C closes a German-style quotation („...“); an English one never
   * follows a terminal directly */
  if (cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x201C || cp == 0x300D ||
      cp == 0x300F || cp == 0xFF09)
    return n;
  return 0;
}

/* 0: not a terminal; 1: '.'; 2: '?', '!' or an ellipsis; 3: a CJK full stop. */
static int terminal_at(const char *t, size_t len, size_t i, size_t *n) {
  unsigned char c = (unsigned char)t[i];
  *n = 1;
  if (c == '.')
    return 1;
  if (c == '?' || c == '!')
    return 2;
  if (c < 0xE0)
    return 0;
  uint32_t cp;
  *n = utf8_decode(t, len, i, &cp);
  if (cp == 0x2026 || cp == 0x203C || cp == 0x2047 || cp == 0x2049)
    return 2;
  if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E)
    return 3;
  return 0;
}

/* The word that ends just before the point at t[dot] (letters, digits, inner points). */
static size_t word_before(const char *t, size_t start, size_t dot) {
  size_t b = dot;
  while (b > start) {
    unsigned char c = (unsigned char)t[b - 1];
    if (is_blank(c) || c == '\n' || c == '(' || c == '"' || c == '[' || c == '/')
      break;
    if (c >= 0x80) { /* an opening curly quote or dash ends the word */
      uint32_t cp;
      size_t p = utf8_prev(t, b, &cp);
      if (!utf8_is_word(cp))
        break;
      b = p;
      continue;
    }
    b--;
  }
  return b;
}

static size_t word_len_at(const char *t, size_t len, size_t k) {
  size_t e = k;
  while (e < len && ((t[e] >= 'a' && t[e] <= 'z') || (t[e] >= 'A' && t[e] <= 'Z')))
    e++;
  return e - k;
}

/* Whether the point at t[dot] closes a dateline's agency tag, "MOSCOW,
 * October 14. /TASS/. Putin said ...": "/" capitals "/" right before it, led
 * by a blank. The dateline is no sentence of its own. */
static int agency_tag(const char *t, size_t start, size_t dot) {
  if (dot < start + 3 || t[dot - 1] != '/')
    return 0;
  size_t k = dot - 1;
  while (k > start && t[k - 1] >= 'A' && t[k - 1] <= 'Z')
    k--;
  return k > start && k < dot - 1 && t[k - 1] == '/' && (k - 1 == start || is_blank((unsigned char)t[k - 2]));
}

/* A title in capitals, as transcripts write them: "MR.", "SEN.", "DR.". */
static int caps_title(const char *w, size_t n) {
  char c[8];
  if (n < 2 || n >= sizeof c)
    return 0;
  for (size_t k = 0; k < n; k++) {
    if (w[k] < 'A' || w[k] > 'Z')
      return 0;
    c[k] = k ? (char)(w[k] + 32) : w[k];
  }
  return in_list(titles, c, n);
}

/* A dateline's abbreviated state or province before its dash: "NEW ORLEANS,
 * La. - Tens of ...", "WATERLOO, Ont. — BlackBerry ...": after ", " a short
 * capitalised word (its letters at w = t + b, n bytes), then the point, a
 * blank and a dash with a blank after it. */
static int dateline_region(const char *t, size_t len, size_t start, size_t b, size_t n, size_t next) {
  if (n < 2 || n > 5 || b < start + 2 || t[b - 1] != ' ' || t[b - 2] != ',' || t[b] < 'A' ||
      t[b] > 'Z')
    return 0;
  for (size_t k = b + 1; k < b + n; k++)
    if (t[k] < 'a' || t[k] > 'z')
      return 0;
  size_t d = 0;
  if (next < len && t[next] == '-')
    d = 1;
  else if (next + 3 <= len &&
           (!memcmp(t + next, "\xe2\x80\x94", 3) || !memcmp(t + next, "\xe2\x80\x93", 3)))
    d = 3;
  return d && next + d < len && t[next + d] == ' ';
}

/* Whether the point at t[dot] (followed by a blank and then t[next]) is part of
 * an abbreviation rather than a sentence end. */
static int abbreviation(const char *t, size_t len, size_t start, size_t dot, size_t next) {
  size_t b = word_before(t, start, dot);
  const char *w = t + b;
  size_t n = dot - b;
  if (n == 0)
    return agency_tag(t, start, dot);
  int digit_next = t[next] >= '0' && t[next] <= '9';
  /* a quotation opening with a capital is a sentence opener too: 'Northern Trust Co. "It needs' */
  size_t q = t[next] == '"' ? 1 : (len - next >= 3 && !memcmp(t + next, "\xe2\x80\x9c", 3)) ? 3 : 0;
  int opener = in_list(openers, t + next, word_len_at(t, len, next)) ||
               (q && next + q < len && t[next + q] >= 'A' && t[next + q] <= 'Z');
  if (in_list(titles, w, n) || caps_title(w, n))
    return 1;
  if (digit_next && in_list(before_numbers, w, n))
    return 1;
  if (dateline_region(t, len, start, b, n, next))
    return 1;
  if (n == 1 && w[0] >= 'A' && w[0] <= 'Z') /* an initial: "J. Smith" */
    return !(b > start && t[b - 1] == '/') && !opener; /* "I/B/E/S." is no initial */
  if (in_list(maybe_final, w, n))
    return !opener;
  /* A dotted acronym: "U.S", "U.N", "p.m", "e.g" (letters and inner points only). */
  int inner_dot = 0, letters_only = 1;
  for (size_t k = 0; k < n; k++) {
    if (w[k] == '.')
      inner_dot = 1;
    else if (!((w[k] >= 'a' && w[k] <= 'z') || (w[k] >= 'A' && w[k] <= 'Z')))
      letters_only = 0;
  }
  if (inner_dot && letters_only && n <= 12)
    return !opener;
  return 0;
}

/* Whether a connective aside follows at t[k] (", however, that ..."): the
 * verb before it opens a new report ('... "robust." She noted, however,
 * that ...'), it does not attribute the quotation. */
static int aside(const char *t, size_t len, size_t k) {
  static const char *const asides[] = {"however", "though", "meanwhile", "moreover", "too",
                                       "nonetheless", "nevertheless", "furthermore", NULL};
  while (k < len && t[k] == ' ')
    k++;
  return in_list(asides, t + k, word_len_at(t, len, k));
}

/* Whether one of the next few words is a speech verb: a quoted question or
 * exclamation followed by "Putin asked." does not end the sentence. After a
 * point (closing: '."') only a bare cue does, the verb followed by a point or
 * a comma ('"We will go." Putin said.'); '."' before 'She says the ...' ends
 * the quoted sentence and the next one reports more. */
static int speech_follows(const char *t, size_t len, size_t k, int bare) {
  static const char *const verbs[] = {"said", "says", "asked", "asks", "added", "replied",
                                      "wrote", "told", "shouted", "exclaimed", "continued",
                                      "insisted", "recalled", "explained", "noted", "tweeted",
                                      "cried", "demanded", "wondered", NULL};
  for (int w = 0; w < 5 && k < len; w++) {
    size_t n = word_len_at(t, len, k);
    if (n == 0)
      return 0;
    if (in_list(verbs, t + k, n))
      return !bare || (k + n < len && (t[k + n] == '.' || (t[k + n] == ',' && !aside(t, len, k + n + 1))));
    k += n;
    if (k < len && (t[k] == '.' || t[k] == '!' || t[k] == '?'))
      return 0;
    while (k < len && (t[k] == ' ' || t[k] == ','))
      k++;
  }
  return 0;
}

static int starts_line(const char *t, size_t i) {
  while (i > 0 && is_blank((unsigned char)t[i - 1]))
    i--;
  return i == 0 || t[i - 1] == '\n';
}

int splitter_next(struct splitter *it, struct sentence_span *span) {
  const char *t = it->text;
  size_t len = it->len;
  size_t i = it->pos;
  while (i < len && (is_blank((unsigned char)t[i]) || t[i] == '\n'))
    i++;
  if (i >= len) {
    it->pos = len;
    return 0;
  }
  size_t start = i, end = len, next = len;
  int line_end = 1;
  while (i < len) {
    unsigned char c = (unsigned char)t[i];
    if (c < 0xE0 && c != '\n' && c != '.' && c != '?' && c != '!') {
      i++; /* most bytes: no terminal_at() call */
      continue;
    }
    if (c == '\n') {
      end = i;
      next = i + 1;
      break;
    }
    size_t tn;
    int kind = terminal_at(t, len, i, &tn);
    if (kind == 0) {
      i++;
      continue;
    }
    size_t dot = i;
    size_t j = i + tn;
    while (j < len && terminal_at(t, len, j, &tn) != 0) /* "?!", "...", "?”" */
      j += tn;
    int run = j - dot > 1;
    size_t cn, closers = 0;
    while (j < len && (cn = closer_at(t, len, j)) > 0)
      j += cn, closers++;
    if (kind == 3) {
      end = j, next = j, line_end = 0;
      break;
    }
    if (j < len && !is_blank((unsigned char)t[j]) && t[j] != '\n') {
      i = j;
      continue;
    }
    size_t k = j;
    while (k < len && is_blank((unsigned char)t[k]))
      k++;
    if (k >= len || t[k] == '\n') {
      end = j, next = k, line_end = 1;
      break;
    }
    uint32_t cp;
    utf8_decode(t, len, k, &cp);
    if (!utf8_may_start_sentence(cp)) {
      i = j;
      continue;
    }
    if (kind == 1 && !run && closers == 0 && abbreviation(t, len, start, dot, k)) {
      i = j;
      continue;
    }
    if (closers > 0 && speech_follows(t, len, k, kind == 1)) {
      i = j; /* "Why not?" Putin asked. */
      continue;
    }
    end = j, next = k, line_end = 0;
    break;
  }
  while (end > start && is_blank((unsigned char)t[end - 1]))
    end--;
  span->start = start;
  span->end = end;
  span->line_start = starts_line(t, start);
  span->line_end = line_end;
  it->pos = next;
  return 1;
}
