/* test_seventh.c - the constructions of the seventh blind round (real copy)
 * that the engine missed: long headlines, statements and letters titled by a
 * heading, transcripts named by their headline, initials without a colon, and
 * the subject shapes it showed; one rule a test, each with the near miss that
 * must stay narration. The examples are written for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

enum { BELICHICK = 1, HALL, BOYD, COUGHLIN, TEDROS, LINDMEIER, SAGNOL, SPANOS, HIXSON, TOAL, REYNOLDS,
       ELAMIN, HARBOUR, TWOMEY };

static void setup(void) {
  static const char *const belichick[] = {"Belichick"};
  static const char *const hall[] = {"Hall"};
  static const char *const boyd[] = {"Howard Boyd"};
  static const char *const coughlin[] = {"Coughlin"};
  static const char *const tedros[] = {"Tedros", "Dr Tedros"};
  static const char *const lindmeier[] = {"Lindmeier"};
  static const char *const sagnol[] = {"Sagnol"};
  static const char *const spanos[] = {"Spanos"};
  static const char *const hixson[] = {"Hixson"};
  static const char *const toal[] = {"Toal", "barrister Alan Toal"};
  static const char *const reynolds[] = {"Reynolds", "Ms Justice Reynolds"};
  static const char *const elamin[] = {"El-Amin"};
  static const char *const harbour[] = {"the harbour master zq"};
  static const char *const twomey[] = {"Twomey", "Judge Twomey"};
  struct roster_speaker sp[] = {
      {BELICHICK, "Bill Belichick", belichick, 1},
      {HALL, "Jim Hall", hall, 1},
      {BOYD, "Emma Howard Boyd", boyd, 1},
      {COUGHLIN, "Tom Coughlin", coughlin, 1},
      {TEDROS, "Tedros Adhanom Ghebreyesus", tedros, 2},
      {LINDMEIER, "Christian Lindmeier", lindmeier, 1},
      {SAGNOL, "Willy Sagnol", sagnol, 1},
      {SPANOS, "Fanis Spanos", spanos, 1},
      {HIXSON, "Richard Hixson", hixson, 1},
      {TOAL, "Alan Toal", toal, 2},
      {REYNOLDS, "Leonie Reynolds", reynolds, 2},
      {ELAMIN, "Sharon El-Amin", elamin, 1},
      {HARBOUR, "Stats Delta zq", harbour, 1},
      {TWOMEY, "Michael Twomey", twomey, 2}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(seventh, .init = setup, .fini = rules_free);

Test(seventh, long_headline_is_a_heading) {
  rules_run("‘We didn’t play well’ is about all an unhappy Bill Belichick would say after "
      "Patriots’ loss to Colts\nThe Patriots lost 24-20 on Sunday.\n");
  cr_assert_eq(rules.res.section_count, 1);
  EXPECT(0);
  /* The same line further down is copy, not a heading. */
  rules_run("The Patriots lost on Sunday.\n‘We didn’t play well’ is about all an unhappy Bill "
      "Belichick would say after Patriots’ loss to Colts\nThey fly home.\n");
  cr_assert_eq(rules.res.section_count, 0);
}

Test(seventh, titled_statement_or_letter_is_its_authors) {
  rules_run("Statement by Jim Hall at the Final Press Briefing, Cape Cod\n"
      "Today's announcements represent a major development. Our hearts go out to them.\n");
  EXPECT(HALL, HALL);
  rules_run("Letter to The Telegraph from Emma Howard Boyd\n"
      "Flooding is a fact of life. We must adapt.\n");
  EXPECT(BOYD, BOYD);
  /* A headline that merely names a letter's author reports nothing. */
  rules_run("Emma Howard Boyd letter sparks row\nThe letter was published on Monday.\n");
  EXPECT(0);
}

Test(seventh, transcript_named_by_its_headline) {
  rules_run("Tom Coughlin Post-Game Transcript, 10.09.11\nOpening Remarks\n"
      "We played poorly. When you don't deserve to win you don't win.\n"
      "Q: Did the false start change things?\nA: It certainly did.\n");
  EXPECT(COUGHLIN, COUGHLIN, 0, COUGHLIN);
  /* A headline about the coach that is no transcript gives him nothing. */
  rules_run("Tom Coughlin faces questions after loss\nThe Giants played poorly.\n");
  EXPECT(0);
}

Test(seventh, initials_without_a_colon) {
  rules_run("Virtual press conference transcript\n"
      "CL Hello and welcome. Dr Tedros Adhanom Ghebreyesus is with us.\n"
      "TAG Thank you. Today is World Blood Donor Day.\n");
  EXPECT(0, 0, TEDROS, TEDROS); /* two letters without a colon label nobody: "CL" */
  /* An acronym that is nobody's initials labels nobody. */
  rules_run("WHO Today is World Blood Donor Day.\n");
  EXPECT(0);
}

Test(seventh, titles_joined_by_and_former) {
  rules_run("Bordeaux coach and former France international Willy Sagnol apologised to the fans.\n");
  EXPECT(SAGNOL);
  /* "and" between two people's titles is two people. */
  rules_run("Bordeaux coach and France captain Willy Sagnol apologised to the fans.\n");
  EXPECT(0);
}

Test(seventh, title_with_a_lowercase_place_word) {
  rules_run("The governor for central Greece, Fanis Spanos, said the situation was difficult.\n");
  EXPECT(SPANOS);
  /* Two lowercase words there are a phrase, not a title. */
  rules_run("The man for all the seasons, Fanis Spanos, said the situation was difficult.\n");
  EXPECT(0);
}

Test(seventh, apposition_left_unclosed) {
  rules_run("Dr Richard Hixson, a consultant in critical care medicine added: ‘Heat is a threat.’\n");
  EXPECT(HIXSON);
  /* A cue set off as a parenthesis is somebody else's ("a consultant said"). */
  rules_run("Richard Hixson, a consultant said, was on duty.\n");
  EXPECT(0);
}

Test(seventh, lowercase_title_of_an_alias_is_a_role_noun) {
  /* "barrister Alan Toal" is a name with a title: "the barrister" is his role. */
  rules_run("The exchanges involved barrister Alan Toal and Ms Justice Leonie Reynolds.\n"
      "Reynolds said there was a lack of candour.\nThe barrister responded: “I disagree.”\n");
  EXPECT(0, REYNOLDS, TOAL);
  /* A role nobody has stays nobody's. */
  rules_run("Reynolds said there was a lack of candour.\nThe solicitor responded: “I disagree.”\n");
  EXPECT(REYNOLDS, 0);
  /* A lowercase alias sharing only a lowercase word with the name is a role
   * noun still, matched in any case at a sentence's start. */
  rules_run("The harbour master zq said ships would wait.\n");
  EXPECT(HARBOUR);
}

Test(seventh, one_of_those_before_an_apposition) {
  rules_run("One of those board members, Sharon El-Amin, said she hopes the board can unite.\n");
  EXPECT(ELAMIN);
  /* An apposition that is nobody known leaves the subject unknown. */
  rules_run("Sharon El-Amin left.\nOne of those board members, a teacher, said she hopes the board "
      "can unite.\n");
  EXPECT(0, 0);
}

Test(seventh, a_justice_is_the_judge_and_quoted_names_are_no_referents) {
  rules_run("Judge Twomey granted the stay and referred the matter to Ms Justice Reynolds.\n"
      "Ms Justice Reynolds said she had read the affidavit.\n"
      "Addressing Mr Toal, she said: “There was a lack of candour before Judge Twomey.”\n"
      "The barrister responded: “I disagree.”\nThe judge said she would set a date.\n");
  EXPECT(0, REYNOLDS, REYNOLDS, TOAL, REYNOLDS);
  /* With only the other judge named, "the judge" is him. */
  rules_run("Judge Twomey granted the stay.\nThe judge said he would rule later.\n");
  EXPECT(0, TWOMEY);
}
