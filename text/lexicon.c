/* lexicon.c - the engine's English vocabulary: speech cues and word classes. */
#include "lexicon.h"

#include <string.h>
#include <strings.h>

#define V1(w) {w, NULL, NULL, sizeof(w) - 1, 1, CUE_VERB, w}
#define V2(a, b, c) {a, b, NULL, sizeof(a) - 1, 2, CUE_VERB, c}
#define V3(a, b, c, l) {a, b, c, sizeof(a) - 1, 3, CUE_VERB, l}
#define P1(w) {w, NULL, NULL, sizeof(w) - 1, 1, CUE_PARTICIPLE, w}
#define CUE_MAX_WORD 20 /* bytes of a cue's first word */

/* wordnet_cues[]: the past and third person forms of WordNet's reporting verbs
 * (scripts/gen-cues.py, at build time), sorted; WORDNET_CUE_LAST_MASK their last letters. */
#include "wordnet_cues.h"

/* Sorted by w1 (bytewise); entries sharing w1 are adjacent, longest first. */
static const struct cue_def cues[] = {
    {"according", "to", NULL, 9, 2, CUE_ACCORDING, "according to"}, P1("accusing"), V1("acknowledged"),
    V1("acknowledges"), V1("added"), P1("adding"), V1("adds"), V1("admits"), V1("admitted"),
    V1("affirmed"), V1("alleged"), V1("alleges"), V1("announced"), V1("announces"), V1("answered"), V1("argued"), V1("argues"),
    P1("arguing"), V1("asked"), P1("asking"), V1("asks"), V1("asserted"), V1("assured"),
    V2("believed", "that", "believed that"), V2("believes", "that", "believes that"), V1("briefed"),
    V2("called", "for", "called for"), V2("called", "on", "called on"),
    V2("calls", "for", "calls for"), V2("calls", "on", "calls on"), V1("cautioned"), V1("claimed"), P1("claiming"),
    V1("commented"), V1("complained"), V1("conceded"), V1("condemned"), V1("condemns"), V1("confirmed"),
    V1("congratulated"), V1("contended"), V1("countered"), V1("criticised"), V1("criticized"),
    V1("declared"), P1("declaring"), V1("defended"), V1("defends"), V1("denied"), V1("described"), V1("describes"),
    P1("describing"), V1("disagreed"), V1("emphasised"), V1("emphasized"), V1("explained"),
    P1("explaining"), V1("explains"), V1("expressed"), V1("hailed"), V1("highlighted"),
    V1("indicated"), V1("informed"), V1("insisted"), P1("insisting"), V1("insists"),
    V3("is", "confident", "that", "is confident that"), V3("is", "convinced", "that", "is convinced that"),
    V3("is", "hopeful", "that", "is hopeful that"), V1("joked"), V1("lamented"),
    V2("made", "clear", "made clear"), V3("made", "it", "clear", "made it clear"),
    V1("maintained"), V1("mentioned"), V1("noted"), V1("notes"), P1("noting"), V1("observed"), V1("outlined"),
    V1("pleaded"), V1("pledged"), V2("pointed", "out", "pointed out"), V2("points", "out", "points out"),
    V1("praised"), V1("predicted"), V1("promised"), P1("promising"), V1("proposed"), V1("quipped"),
    {"quoted", "as", "saying", 6, 3, CUE_QUOTED, "quoted as saying"},
    V3("read", "a", "statement", "read a statement"), V3("read", "the", "following", "read the following"),
    V1("reaffirmed"), V1("reassured"),
    V1("recalled"), V1("recognised"), V1("recognized"), V1("recounted"), V1("reiterated"), V1("reiterates"), V1("remarked"),
    V1("replied"), V1("replies"), V1("responded"), V1("retorted"), V1("revealed"), V1("rued"), V1("said"), P1("saying"),
    V1("says"), V1("stated"), V1("stressed"), V1("stresses"), P1("stressing"), V1("suggested"),
    P1("telling"), V1("tells"), V1("testified"), V1("thanked"), V1("told"), V1("tweeted"), V1("underlined"), V1("underscored"),
    V1("urged"), V1("urges"), P1("urging"), V1("voiced"), V1("vowed"), P1("vowing"), V1("warned"), P1("warning"), V1("warns"),
    V3("was", "adamant", "that", "was adamant that"), V3("was", "confident", "that", "was confident that"),
    V3("was", "convinced", "that", "was convinced that"), V3("was", "hopeful", "that", "was hopeful that"),
    V3("was", "optimistic", "that", "was optimistic that"), V1("welcomed"), V1("wrote"),
};

static int word_eq(const char *a, size_t an, const char *lit) {
  size_t n = strlen(lit);
  return an == n && memcmp(a, lit, n) == 0;
}

static int cmp_word(const char *w, size_t n, const char *lit, size_t ln);

/* The first entry of table[0..count) (sorted by w1) whose words are w (n bytes,
 * lowercase), w2 and w3, or NULL. */
static const struct cue_def *find_cue(const struct cue_def *table, size_t count, const char *w,
                                      size_t n, const char *w2, size_t n2, const char *w3,
                                      size_t n3) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cmp_word(w, n, table[mid].w1, table[mid].len1) > 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t k = lo; k < count && n == table[k].len1 && memcmp(w, table[k].w1, n) == 0; k++) {
    const struct cue_def *c = &table[k];
    if (c->words >= 2 && !(w2 && word_eq(w2, n2, c->w2)))
      continue;
    if (c->words >= 3 && !(w3 && word_eq(w3, n3, c->w3)))
      continue;
    return c;
  }
  return NULL;
}

#define LAST_BIT(c) (1u << ((c) - 'a'))
/* The last letters of the hand-made list's first words (d, e, g, s) and of
 * WordNet's (WORDNET_CUE_LAST_MASK): a word ending otherwise is no cue. */
#define HAND_CUE_LAST_MASK (LAST_BIT('d') | LAST_BIT('e') | LAST_BIT('g') | LAST_BIT('s'))

static int cue_last(char c, unsigned mask) {
  return c >= 'a' && c <= 'z' && (mask & LAST_BIT(c));
}

const struct cue_def *lexicon_cue(const char *w, size_t n, const char *w2, size_t n2,
                                  const char *w3, size_t n3, int first) {
  if (n < 2 || n > CUE_MAX_WORD ||
      !cue_last(w[n - 1], HAND_CUE_LAST_MASK | WORDNET_CUE_LAST_MASK))
    return NULL;
  if (n < 4 && !(w3 && ((n == 2 && (w[0] | 32) == 'i' && w[1] == 's') ||
                        (n == 3 && (w[0] | 32) == 'w' && w[1] == 'a' && w[2] == 's'))))
    return NULL; /* the short first words: "is/was confident that" */
  char low[CUE_MAX_WORD];
  memcpy(low, w, n);
  if (low[0] >= 'A' && low[0] <= 'Z') {
    if (!first)
      return NULL;
    low[0] = (char)(low[0] + 32);
  }
  if (low[0] < 'a' || low[0] > 'z')
    return NULL;
  const struct cue_def *c = find_cue(cues, sizeof cues / sizeof cues[0], low, n, w2, n2, w3, n3);
  if (!c && cue_last(low[n - 1], WORDNET_CUE_LAST_MASK))
    c = find_cue(wordnet_cues, sizeof wordnet_cues / sizeof wordnet_cues[0], low, n, NULL, 0,
                 NULL, 0);
  return c;
}

struct class_word {
  const char *w;
  unsigned char len;
  enum lex_class c;
};

#define C(w, c) {w, sizeof(w) - 1, c}

/* Sorted bytewise by word (binary search). */
static const struct class_word classes[] = {
    C("a", LEX_DETERMINER), C("about", LEX_PREPOSITION), C("additionally", LEX_CONNECTIVE),
    C("after", LEX_PREPOSITION), C("again", LEX_ADVERB), C("against", LEX_PREPOSITION),
    C("already", LEX_ADVERB), C("also", LEX_ADVERB), C("although", LEX_FUNCTION),
    C("among", LEX_PREPOSITION), C("an", LEX_DETERMINER), C("and", LEX_CONNECTIVE),
    C("are", LEX_FUNCTION), C("as", LEX_FUNCTION), C("at", LEX_PREPOSITION),
    C("be", LEX_FUNCTION), C("because", LEX_FUNCTION), C("been", LEX_FUNCTION),
    C("before", LEX_PREPOSITION), C("behind", LEX_PREPOSITION), C("between", LEX_PREPOSITION),
    C("bluntly", LEX_ADVERB), C("but", LEX_CONNECTIVE), C("by", LEX_PREPOSITION),
    C("can", LEX_MODAL), C("clearly", LEX_ADVERB), C("could", LEX_MODAL),
    C("despite", LEX_PREPOSITION), C("did", LEX_FUNCTION), C("do", LEX_FUNCTION),
    C("does", LEX_FUNCTION), C("during", LEX_PREPOSITION), C("earlier", LEX_ADVERB),
    C("elsewhere", LEX_CONNECTIVE), C("even", LEX_ADVERB), C("explicitly", LEX_ADVERB),
    C("finally", LEX_CONNECTIVE), C("firmly", LEX_ADVERB), C("flatly", LEX_ADVERB),
    C("for", LEX_PREPOSITION), C("frankly", LEX_ADVERB), C("friday", LEX_ADVERB),
    C("from", LEX_PREPOSITION), C("further", LEX_ADVERB), C("furthermore", LEX_CONNECTIVE),
    C("had", LEX_ADVERB), C("has", LEX_ADVERB), C("have", LEX_ADVERB), C("he", LEX_PRONOUN),
    C("her", LEX_FUNCTION), C("herself", LEX_ADVERB), C("highly", LEX_ADVERB),
    C("him", LEX_FUNCTION), C("himself", LEX_ADVERB), C("his", LEX_FUNCTION),
    C("how", LEX_FUNCTION), C("however", LEX_CONNECTIVE), C("i", LEX_PLURAL_PRONOUN),
    C("if", LEX_FUNCTION), C("immediately", LEX_ADVERB), C("in", LEX_PREPOSITION),
    C("indeed", LEX_CONNECTIVE), C("instead", LEX_CONNECTIVE), C("into", LEX_PREPOSITION),
    C("is", LEX_FUNCTION), C("it", LEX_PLURAL_PRONOUN), C("its", LEX_FUNCTION),
    C("just", LEX_ADVERB), C("later", LEX_ADVERB), C("like", LEX_PREPOSITION),
    C("likewise", LEX_ADVERB), C("long", LEX_ADVERB), C("may", LEX_MODAL), C("me", LEX_FUNCTION),
    C("meanwhile", LEX_CONNECTIVE), C("might", LEX_MODAL), C("monday", LEX_ADVERB),
    C("moreover", LEX_CONNECTIVE), C("must", LEX_MODAL), C("my", LEX_FUNCTION),
    C("need", LEX_MODAL), C("needs", LEX_MODAL), C("never", LEX_FUNCTION),
    C("nevertheless", LEX_CONNECTIVE), C("no", LEX_FUNCTION), C("nonetheless", LEX_CONNECTIVE),
    C("nor", LEX_FUNCTION), C("not", LEX_FUNCTION), C("now", LEX_CONNECTIVE),
    C("of", LEX_PREPOSITION), C("officially", LEX_ADVERB), C("on", LEX_PREPOSITION),
    C("once", LEX_ADVERB), C("onto", LEX_PREPOSITION), C("openly", LEX_ADVERB),
    C("or", LEX_FUNCTION), C("our", LEX_FUNCTION), C("over", LEX_PREPOSITION),
    C("particularly", LEX_ADVERB), C("personally", LEX_ADVERB), C("previously", LEX_ADVERB),
    C("privately", LEX_ADVERB), C("publicly", LEX_ADVERB), C("ready", LEX_MODAL),
    C("recently", LEX_ADVERB), C("repeatedly", LEX_ADVERB), C("reportedly", LEX_ADVERB),
    C("saturday", LEX_ADVERB), C("separately", LEX_CONNECTIVE), C("shall", LEX_MODAL),
    C("sharply", LEX_ADVERB), C("she", LEX_PRONOUN), C("should", LEX_MODAL),
    C("similarly", LEX_ADVERB), C("since", LEX_PREPOSITION), C("so", LEX_CONNECTIVE),
    C("specifically", LEX_ADVERB), C("still", LEX_CONNECTIVE), C("strongly", LEX_ADVERB),
    C("subsequently", LEX_ADVERB), C("sunday", LEX_ADVERB), C("than", LEX_PREPOSITION),
    C("that", LEX_FUNCTION), C("the", LEX_DETERMINER), C("their", LEX_FUNCTION),
    C("them", LEX_FUNCTION), C("then", LEX_ADVERB), C("there", LEX_FUNCTION),
    C("these", LEX_FUNCTION), C("they", LEX_PLURAL_PRONOUN), C("this", LEX_FUNCTION),
    C("those", LEX_FUNCTION), C("though", LEX_FUNCTION), C("through", LEX_PREPOSITION),
    C("thursday", LEX_ADVERB), C("to", LEX_PREPOSITION), C("today", LEX_ADVERB),
    C("tonight", LEX_ADVERB), C("toward", LEX_PREPOSITION), C("towards", LEX_PREPOSITION),
    C("tuesday", LEX_ADVERB), C("under", LEX_PREPOSITION), C("unless", LEX_FUNCTION),
    C("unlike", LEX_PREPOSITION), C("until", LEX_PREPOSITION), C("upon", LEX_PREPOSITION),
    C("us", LEX_FUNCTION), C("via", LEX_PREPOSITION), C("warmly", LEX_ADVERB),
    C("was", LEX_FUNCTION), C("we", LEX_PLURAL_PRONOUN), C("wednesday", LEX_ADVERB),
    C("were", LEX_FUNCTION), C("what", LEX_FUNCTION), C("when", LEX_FUNCTION),
    C("where", LEX_FUNCTION), C("whether", LEX_FUNCTION), C("which", LEX_FUNCTION),
    C("while", LEX_FUNCTION), C("who", LEX_PLURAL_PRONOUN), C("whom", LEX_FUNCTION),
    C("whose", LEX_FUNCTION), C("why", LEX_FUNCTION), C("will", LEX_MODAL),
    C("willing", LEX_MODAL), C("with", LEX_PREPOSITION), C("within", LEX_PREPOSITION),
    C("without", LEX_PREPOSITION), C("won't", LEX_MODAL), C("would", LEX_MODAL),
    C("yesterday", LEX_ADVERB), C("yet", LEX_CONNECTIVE), C("you", LEX_PLURAL_PRONOUN),
};

/* Compares word w (n bytes, lowercase) with a table word of length ln. */
static int cmp_word(const char *w, size_t n, const char *lit, size_t ln) {
  if (w[0] != lit[0]) /* most probes of a binary search differ at once: no call */
    return (unsigned char)w[0] < (unsigned char)lit[0] ? -1 : 1;
  int c = memcmp(w, lit, n < ln ? n : ln);
  if (c)
    return c;
  return n < ln ? -1 : n > ln;
}

enum lex_class lexicon_class(const char *w, size_t n) {
  if (n == 0 || n > 13)
    return LEX_NONE;
  char low[16];
  for (size_t i = 0; i < n; i++)
    low[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
  size_t lo = 0, hi = sizeof classes / sizeof classes[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = cmp_word(low, n, classes[mid].w, classes[mid].len);
    if (c == 0)
      return classes[mid].c;
    if (c > 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return LEX_NONE;
}

const char *lexicon_title_noun(const char *w, size_t n) {
  static const char *const titles[][2] = {
      {"gov", "governor"},    {"sen", "senator"},        {"rep", "representative"},
      {"gen", "general"},     {"lt", "lieutenant"},      {"col", "colonel"},
      {"maj", "major"},       {"capt", "captain"},       {"sgt", "sergeant"},
      {"cpl", "corporal"},    {"adm", "admiral"},        {"cmdr", "commander"},
      {"det", "detective"},   {"insp", "inspector"},     {"supt", "superintendent"},
      {"pres", "president"},  {"prof", "professor"},     {"atty", "attorney"},
      {"amb", "ambassador"},  {"rev", "reverend"},       {"supt", "superintendent"}};
  for (size_t k = 0; k < sizeof titles / sizeof titles[0]; k++)
    if (strlen(titles[k][0]) == n && !strncasecmp(titles[k][0], w, n))
      return titles[k][1];
  return NULL;
}

const char *const *lexicon_role_synonyms(const char *w, size_t n) {
  static const char *const judge[] = {"justice", NULL};
  static const char *const boss[] = {"manager", "executive", "chief", "coach", "head", "chairman",
                                     "director", NULL};
  if (n == 5 && !strncasecmp(w, "judge", 5))
    return judge;
  if (n == 4 && !strncasecmp(w, "boss", 4))
    return boss;
  return NULL;
}

int lexicon_is_be(const char *w, size_t n) {
  static const char *const be[] = {"is", "was", "were", "been", "has", "had", NULL};
  for (size_t k = 0; be[k]; k++)
    if (strlen(be[k]) == n && strncasecmp(be[k], w, n) == 0)
      return 1;
  return 0;
}
