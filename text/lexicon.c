/* lexicon.c - the engine's English vocabulary: speech cues and word classes. */
#include "lexicon.h"

#include <string.h>
#include <strings.h>

#define V1(w) {w, NULL, NULL, 1, CUE_VERB, w}
#define V2(a, b, c) {a, b, NULL, 2, CUE_VERB, c}

/* Sorted by w1 (bytewise); entries sharing w1 are adjacent, longest first. */
static const struct cue_def cues[] = {
    {"according", "to", NULL, 2, CUE_ACCORDING, "according to"},
    V1("acknowledged"), V1("added"), V1("adds"), V1("admitted"), V1("affirmed"),
    V1("announced"), V1("argued"), V1("argues"), V1("asked"), V1("asserted"), V1("assured"),
    V1("briefed"), V2("called", "for", "called for"), V2("called", "on", "called on"),
    V2("calls", "for", "calls for"), V2("calls", "on", "calls on"), V1("cautioned"),
    V1("claimed"), V1("commented"), V1("complained"), V1("conceded"), V1("condemned"),
    V1("confirmed"), V1("congratulated"), V1("contended"), V1("criticised"), V1("criticized"),
    V1("declared"), V1("denied"), V1("emphasised"), V1("emphasized"), V1("explained"),
    V1("explains"), V1("expressed"), V1("hailed"), V1("highlighted"), V1("informed"),
    V1("insisted"), V1("insists"), V1("lamented"), V1("maintained"), V1("noted"),
    V1("observed"), V1("outlined"), V1("pledged"), V2("pointed", "out", "pointed out"),
    V2("points", "out", "points out"), V1("praised"), V1("predicted"), V1("promised"),
    V1("proposed"), {"quoted", "as", "saying", 3, CUE_QUOTED, "quoted as saying"},
    V1("reaffirmed"), V1("recalled"), V1("reiterated"), V1("remarked"), V1("replied"),
    V1("responded"), V1("said"), V1("says"), V1("stated"), V1("stressed"), V1("suggested"),
    V1("tells"), V1("told"), V1("tweeted"), V1("underlined"), V1("underscored"), V1("urged"),
    V1("urges"), V1("voiced"), V1("vowed"), V1("warned"), V1("warns"), V1("welcomed"),
    V1("wrote"),
};

static int word_eq(const char *a, size_t an, const char *lit) {
  size_t n = strlen(lit);
  return an == n && memcmp(a, lit, n) == 0;
}

static int cmp_word(const char *w, size_t n, const char *lit) {
  size_t ln = strlen(lit);
  int c = memcmp(w, lit, n < ln ? n : ln);
  if (c)
    return c;
  return n < ln ? -1 : n > ln;
}

const struct cue_def *lexicon_cue(const char *w, size_t n, const char *w2, size_t n2,
                                  const char *w3, size_t n3, int first) {
  if (n < 4 || n > 13)
    return NULL;
  char low[16];
  memcpy(low, w, n);
  if (low[0] >= 'A' && low[0] <= 'Z') {
    if (!first)
      return NULL;
    low[0] = (char)(low[0] + 32);
  }
  if (low[0] < 'a' || low[0] > 'z')
    return NULL;
  size_t lo = 0, hi = sizeof cues / sizeof cues[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cmp_word(low, n, cues[mid].w1) > 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t k = lo; k < sizeof cues / sizeof cues[0] && word_eq(low, n, cues[k].w1); k++) {
    const struct cue_def *c = &cues[k];
    if (c->words >= 2 && !(w2 && word_eq(w2, n2, c->w2)))
      continue;
    if (c->words >= 3 && !(w3 && word_eq(w3, n3, c->w3)))
      continue;
    return c;
  }
  return NULL;
}

struct class_word {
  const char *w;
  enum lex_class c;
};

static const struct class_word classes[] = {
    {"the", LEX_DETERMINER}, {"a", LEX_DETERMINER}, {"an", LEX_DETERMINER},
    {"also", LEX_ADVERB}, {"further", LEX_ADVERB}, {"again", LEX_ADVERB},
    {"once", LEX_ADVERB}, {"later", LEX_ADVERB}, {"earlier", LEX_ADVERB},
    {"then", LEX_ADVERB}, {"has", LEX_ADVERB}, {"have", LEX_ADVERB}, {"had", LEX_ADVERB},
    {"reportedly", LEX_ADVERB}, {"repeatedly", LEX_ADVERB}, {"previously", LEX_ADVERB},
    {"recently", LEX_ADVERB}, {"publicly", LEX_ADVERB}, {"explicitly", LEX_ADVERB},
    {"firmly", LEX_ADVERB}, {"clearly", LEX_ADVERB}, {"specifically", LEX_ADVERB},
    {"particularly", LEX_ADVERB}, {"strongly", LEX_ADVERB}, {"long", LEX_ADVERB},
    {"himself", LEX_ADVERB}, {"herself", LEX_ADVERB}, {"subsequently", LEX_ADVERB},
    {"similarly", LEX_ADVERB}, {"likewise", LEX_ADVERB}, {"frankly", LEX_ADVERB},
    {"bluntly", LEX_ADVERB}, {"sharply", LEX_ADVERB}, {"flatly", LEX_ADVERB},
    {"immediately", LEX_ADVERB}, {"personally", LEX_ADVERB}, {"privately", LEX_ADVERB},
    {"openly", LEX_ADVERB}, {"officially", LEX_ADVERB}, {"yesterday", LEX_ADVERB},
    {"today", LEX_ADVERB}, {"tonight", LEX_ADVERB}, {"just", LEX_ADVERB},
    {"already", LEX_ADVERB}, {"even", LEX_ADVERB}, {"warmly", LEX_ADVERB},
    {"highly", LEX_ADVERB}, {"monday", LEX_ADVERB}, {"tuesday", LEX_ADVERB},
    {"wednesday", LEX_ADVERB}, {"thursday", LEX_ADVERB}, {"friday", LEX_ADVERB},
    {"saturday", LEX_ADVERB}, {"sunday", LEX_ADVERB}, {"on", LEX_PREPOSITION},
    {"but", LEX_CONNECTIVE}, {"and", LEX_CONNECTIVE}, {"yet", LEX_CONNECTIVE},
    {"however", LEX_CONNECTIVE}, {"meanwhile", LEX_CONNECTIVE}, {"still", LEX_CONNECTIVE},
    {"so", LEX_CONNECTIVE}, {"separately", LEX_CONNECTIVE}, {"now", LEX_CONNECTIVE},
    {"instead", LEX_CONNECTIVE}, {"moreover", LEX_CONNECTIVE},
    {"furthermore", LEX_CONNECTIVE}, {"elsewhere", LEX_CONNECTIVE},
    {"nonetheless", LEX_CONNECTIVE}, {"nevertheless", LEX_CONNECTIVE},
    {"indeed", LEX_CONNECTIVE}, {"finally", LEX_CONNECTIVE}, {"additionally", LEX_CONNECTIVE},
    {"he", LEX_PRONOUN}, {"she", LEX_PRONOUN},
    {"they", LEX_PLURAL_PRONOUN}, {"it", LEX_PLURAL_PRONOUN}, {"we", LEX_PLURAL_PRONOUN},
    {"i", LEX_PLURAL_PRONOUN}, {"you", LEX_PLURAL_PRONOUN}, {"who", LEX_PLURAL_PRONOUN},
    {"of", LEX_PREPOSITION}, {"in", LEX_PREPOSITION}, {"for", LEX_PREPOSITION},
    {"with", LEX_PREPOSITION}, {"by", LEX_PREPOSITION}, {"to", LEX_PREPOSITION},
    {"from", LEX_PREPOSITION}, {"about", LEX_PREPOSITION}, {"against", LEX_PREPOSITION},
    {"at", LEX_PREPOSITION}, {"under", LEX_PREPOSITION}, {"over", LEX_PREPOSITION},
    {"between", LEX_PREPOSITION}, {"among", LEX_PREPOSITION}, {"like", LEX_PREPOSITION},
    {"than", LEX_PREPOSITION}, {"into", LEX_PREPOSITION}, {"onto", LEX_PREPOSITION},
    {"upon", LEX_PREPOSITION}, {"via", LEX_PREPOSITION}, {"through", LEX_PREPOSITION},
    {"during", LEX_PREPOSITION}, {"without", LEX_PREPOSITION}, {"within", LEX_PREPOSITION},
    {"toward", LEX_PREPOSITION}, {"towards", LEX_PREPOSITION}, {"after", LEX_PREPOSITION},
    {"before", LEX_PREPOSITION}, {"since", LEX_PREPOSITION}, {"until", LEX_PREPOSITION},
    {"unlike", LEX_PREPOSITION}, {"despite", LEX_PREPOSITION}, {"behind", LEX_PREPOSITION},
    {"or", LEX_FUNCTION}, {"nor", LEX_FUNCTION}, {"which", LEX_FUNCTION},
    {"that", LEX_FUNCTION}, {"whom", LEX_FUNCTION}, {"whose", LEX_FUNCTION},
    {"what", LEX_FUNCTION}, {"where", LEX_FUNCTION}, {"when", LEX_FUNCTION},
    {"why", LEX_FUNCTION}, {"how", LEX_FUNCTION}, {"whether", LEX_FUNCTION},
    {"if", LEX_FUNCTION}, {"because", LEX_FUNCTION}, {"although", LEX_FUNCTION},
    {"though", LEX_FUNCTION}, {"while", LEX_FUNCTION}, {"as", LEX_FUNCTION},
    {"unless", LEX_FUNCTION}, {"not", LEX_FUNCTION}, {"no", LEX_FUNCTION},
    {"never", LEX_FUNCTION}, {"is", LEX_FUNCTION}, {"was", LEX_FUNCTION},
    {"were", LEX_FUNCTION}, {"are", LEX_FUNCTION}, {"be", LEX_FUNCTION},
    {"been", LEX_FUNCTION}, {"do", LEX_FUNCTION}, {"does", LEX_FUNCTION},
    {"did", LEX_FUNCTION}, {"this", LEX_FUNCTION}, {"these", LEX_FUNCTION},
    {"those", LEX_FUNCTION}, {"there", LEX_FUNCTION}, {"his", LEX_FUNCTION},
    {"her", LEX_FUNCTION}, {"their", LEX_FUNCTION}, {"its", LEX_FUNCTION},
    {"our", LEX_FUNCTION}, {"my", LEX_FUNCTION}, {"him", LEX_FUNCTION},
    {"them", LEX_FUNCTION}, {"us", LEX_FUNCTION}, {"me", LEX_FUNCTION},
    {"will", LEX_MODAL}, {"would", LEX_MODAL}, {"should", LEX_MODAL}, {"must", LEX_MODAL},
    {"shall", LEX_MODAL}, {"can", LEX_MODAL}, {"could", LEX_MODAL}, {"need", LEX_MODAL},
    {"needs", LEX_MODAL}, {"may", LEX_MODAL}, {"might", LEX_MODAL}, {"won't", LEX_MODAL},
    {"willing", LEX_MODAL}, {"ready", LEX_MODAL},
};

enum lex_class lexicon_class(const char *w, size_t n) {
  if (n == 0 || n > 13)
    return LEX_NONE;
  for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++) {
    const char *c = classes[k].w;
    if (strlen(c) == n && strncasecmp(c, w, n) == 0)
      return classes[k].c;
  }
  return LEX_NONE;
}

int lexicon_is_be(const char *w, size_t n) {
  static const char *const be[] = {"is", "was", "were", "been", "has", "had", NULL};
  for (size_t k = 0; be[k]; k++)
    if (strlen(be[k]) == n && strncasecmp(be[k], w, n) == 0)
      return 1;
  return 0;
}
