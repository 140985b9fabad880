/* test_twelfth.c - constructions of the twelfth blind round (real copy) the
 * engine missed once it had been scored held out: a registered form with an
 * apposition of its own, a relative "who" whose cue is its antecedent's,
 * "cited X, an apposition, as saying", and a pronoun inside a sentence a
 * known speaker heads; one rule a test, each with its near miss. The
 * examples are written for these tests. */
#include <criterion/criterion.h>

#include "rules.h"

enum { ARTHUR = 1, ONG_LIM, PATHAK, SMITH, PUTIN, SCHAUFFELE, DECHAMBEAU, KORDA };

static void setup(void) {
  static const char *const arthur[] = {"Arthur", "Emma Arthur, the charity's fundraising manager"};
  static const char *const ong_lim[] = {"Ong-Lim"};
  static const char *const pathak[] = {"Pathak"};
  static const char *const smith[] = {"Smith"};
  static const char *const putin[] = {"Putin"};
  static const char *const schauffele[] = {"Schauffele"};
  static const char *const dechambeau[] = {"DeChambeau"};
  static const char *const korda[] = {"Korda"};
  struct roster_speaker sp[] = {{ARTHUR, "Emma Arthur", arthur, 2},
                                {ONG_LIM, "Anna Ong-Lim", ong_lim, 1},
                                {PATHAK, "Hari Pathak", pathak, 1},
                                {SMITH, "John Smith", smith, 1},
                                {PUTIN, "Vladimir Putin", putin, 1},
                                {SCHAUFFELE, "Xander Schauffele", schauffele, 1},
                                {DECHAMBEAU, "Bryson DeChambeau", dechambeau, 1},
                                {KORDA, "Nelly Korda", korda, 1}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(twelfth, .init = setup, .fini = rules_free);

Test(twelfth, a_registered_form_with_its_apposition) {
  rules_run("Emma Arthur, the charity's fundraising manager, said: “We are a local charity.”\n");
  EXPECT(ARTHUR);
  /* The same words with a comma of the copy's own, not the form's: the name. */
  rules_run("Emma Arthur, the charity's manager, said: “We are a local charity.”\n");
  EXPECT(ARTHUR);
  /* A form with a comma that does not head its clause is nobody's subject. */
  rules_run("Officials thanked Emma Arthur, the charity's fundraising manager, and said it "
            "was over.\n");
  EXPECT(0);
}

Test(twelfth, who_gives_its_cue_to_the_name_before_it) {
  rules_run("The call was backed by Dr. Anna Ong-Lim who underscored that vaccines are "
            "necessary.\nThese, she said, include measles.\n");
  EXPECT(ONG_LIM, ONG_LIM);
  rules_run("The plan was backed by John Smith, who said it would work.\n");
  EXPECT(SMITH);
  /* Nobody registered before "who": nobody's. */
  rules_run("The man who said hello was arrested.\n");
  EXPECT(0);
  /* A characterising "called" in the relative leaves the main clause's cue. */
  rules_run("Putin, who called it \"a trap\", insisted it was over.\n");
  EXPECT(PUTIN);
}

Test(twelfth, cited_with_an_apposition_as_saying) {
  rules_run("“We saw the train derail,” the agency cited Hari Pathak, a person living in the "
            "area, as saying.\n");
  EXPECT(PATHAK);
  /* "cited" without "as saying" reports nobody's words. */
  rules_run("The agency cited Hari Pathak, a person living in the area, in its report.\n");
  EXPECT(0);
}

Test(twelfth, a_pronoun_in_a_sentence_a_speaker_heads) {
  rules_run("“I feel great,” Schauffele said.\nDeChambeau was gracious in defeat, acknowledging "
            "the lucky break – “I said thank you to the tree” he joked – and praising his rival.\n");
  EXPECT(SCHAUFFELE, DECHAMBEAU);
  /* A head of the other gender is not whom "he" means: the last speaker. */
  rules_run("“I feel great,” Schauffele said.\nMs Korda was gracious – “a great round” he "
            "joked – and left.\n");
  EXPECT(SCHAUFFELE, SCHAUFFELE);
}
