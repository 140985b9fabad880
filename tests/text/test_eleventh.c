/* test_eleventh.c - constructions of the eleventh blind round (real copy)
 * the engine missed once it had been scored held out: a surname two
 * registered speakers share, the name after a possessive and a role noun, a
 * "who" clause and an apposition the copy left without commas, and a fronted
 * phrase that is no role of the name after it; one rule a test, each with its
 * near miss. The examples are written for these tests. */
#include <criterion/criterion.h>

#include "rules.h"

enum { SCOTT_SMITH = 1, KATE_SMITH, DEGUERIN, DELAY, CAMERON, LEE, CULLEY, BOWSER };

static void setup(void) {
  static const char *const smith[] = {"Smith"};
  static const char *const deguerin[] = {"DeGuerin"};
  static const char *const delay[] = {"DeLay"};
  static const char *const cameron[] = {"Cameron"};
  static const char *const lee[] = {"Lee"};
  static const char *const culley[] = {"Culley"};
  static const char *const bowser[] = {"Bowser"};
  struct roster_speaker sp[] = {{SCOTT_SMITH, "Scott Smith", smith, 1},
                                {KATE_SMITH, "Katharine Smith", smith, 1},
                                {DEGUERIN, "Dick DeGuerin", deguerin, 1},
                                {DELAY, "Tom DeLay", delay, 1},
                                {CAMERON, "John Cameron", cameron, 1},
                                {LEE, "Ann Lee", lee, 1},
                                {CULLEY, "Georgina Culley", culley, 1},
                                {BOWSER, "Muriel Bowser", bowser, 1}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(eleventh, .init = setup, .fini = rules_free);

Test(eleventh, a_shared_surname_is_the_one_the_article_named) {
  rules_run("Fire chief Scott Smith spoke at the scene.\n"
            "“It was a mess,” Smith said.\nNobody was hurt, Smith said.\n");
  EXPECT(0, SCOTT_SMITH, SCOTT_SMITH);
  /* With both named, "Smith" could be either of them: nobody's. */
  rules_run("Scott Smith and Katharine Smith met on Monday.\n“It was a mess,” Smith said.\n");
  EXPECT(0, 0);
  /* Nor is it anybody's when the article named neither. */
  rules_run("“It was a mess,” Smith said.\n");
  EXPECT(0);
}

Test(eleventh, the_name_after_a_possessive_and_a_role) {
  rules_run("\"This will not stand,\" said DeLay's lawyer Dick DeGuerin.\n");
  EXPECT(DEGUERIN);
  /* Without a name the possessive's spokesman or lawyer is nobody registered. */
  rules_run("\"This will not stand,\" said DeLay's lawyer.\n");
  EXPECT(0);
}

Test(eleventh, a_who_clause_without_commas) {
  rules_run("John Cameron who was picking his grand-daughter up said: “We will look after the "
            "kids. I hope it ends soon.”\n");
  EXPECT(CAMERON, CAMERON);
  /* The name inside the clause is its object, not the subject. */
  rules_run("The man who met John Cameron said: “No.”\n");
  EXPECT(0);
  /* Another name inside the clause: whose words they are is unclear. */
  rules_run("John Cameron who met Ann Lee said that it was fine.\n");
  EXPECT(0);
}

Test(eleventh, an_apposition_without_its_closing_comma) {
  rules_run("Cllr Georgina Culley, leader of the Conservative group at the council said: “The "
            "council has failed.”\n");
  EXPECT(CULLEY);
  /* A parenthesis of somebody else's is no apposition: no words introduced. */
  rules_run("Georgina Culley, officials said, was away.\n");
  EXPECT(0);
}

Test(eleventh, a_fronted_phrase_is_no_role) {
  rules_run("According to a recent poll, Muriel Bowser has 43 percent support.\n"
            "The poll also revealed that 14 percent are undecided.\n");
  EXPECT(0, 0);
  /* A noun phrase in apposition is her role: "the councilmember" is hers. */
  rules_run("Her rival's fiercest critic, Muriel Bowser, spoke first.\n"
            "The critic revealed that she would run.\n");
  EXPECT(0, BOWSER);
}
