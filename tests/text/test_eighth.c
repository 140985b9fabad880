/* test_eighth.c - the precision the eighth blind round (real copy) found
 * lost: a reporter's bracketed label in a transcript, a heading that lists
 * names, a dash name heading after a reporter's own paragraph, and "she" for
 * a man; one rule a test, each with its near miss. The examples are written
 * for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

enum { KULDEEP = 1, NICKS, ANDERSON, MICHAEL, EMILY, ARTETA, SAKA, HANSEN, SCREMIN, DOWNEY };

static void setup(void) {
  static const char *const kuldeep[] = {"Kuldeep"};
  static const char *const nicks[] = {"Nicks"};
  static const char *const anderson[] = {"Anderson"};
  static const char *const michael[] = {"Michael Eavis"};
  static const char *const emily[] = {"Emily"};
  static const char *const arteta[] = {"Arteta"};
  static const char *const saka[] = {"Saka"};
  static const char *const hansen[] = {"Hansen"};
  static const char *const scremin[] = {"Scremin"};
  static const char *const downey[] = {"Downey Jr."};
  struct roster_speaker sp[] = {
      {KULDEEP, "Kuldeep Yadav", kuldeep, 1}, {NICKS, "Stevie Nicks", nicks, 1},
      {ANDERSON, "Gillian Anderson", anderson, 1}, {MICHAEL, "Michael Eavis", michael, 1},
      {EMILY, "Emily Eavis", emily, 1},       {ARTETA, "Mikel Arteta", arteta, 1},
      {SAKA, "Bukayo Saka", saka, 1},         {HANSEN, "Steve Hansen", hansen, 1},
      {SCREMIN, "Robert Scremin", scremin, 1}, {DOWNEY, "Robert Downey Jr.", downey, 1}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(eighth, .init = setup, .fini = rules_free);

Test(eighth, bracketed_reporter_label_pauses_a_transcript) {
  rules_run("Kuldeep Yadav post-match press conference transcript\n"
      "It was a special day for all of us.\n[Reporter:] Lucknow is your home ground. How was it?\n"
      "[Kuldeep Yadav:] It was great.\n");
  EXPECT(KULDEEP, 0, 0, KULDEEP);
  /* A bracket that holds no label pauses nothing. */
  rules_run("Kuldeep Yadav post-match press conference transcript\n"
      "It was a special day.\n[Laughs] We enjoyed it.\n");
  EXPECT(KULDEEP, KULDEEP);
}

Test(eighth, heading_listing_names_heads_no_quotation) {
  rules_run("Stevie Nicks, St. Vincent: News Round-Up\nStevie Nicks will headline Hyde Park.\n"
      "HINDS are back with a new single.\n“Coffee is a sincericide.”\n");
  EXPECT(0, 0, 0);
  /* A name line with a role still heads the quotation after it. */
  rules_run("Stevie Nicks, singer\n“Anything that draws me back to London fills my heart.”\n");
  EXPECT(NICKS);
}

Test(eighth, dash_heading_heads_forward_only) {
  rules_run("You might have seen my earlier report from the premiere.\n"
      "Gillian Anderson – Pegasus\n“I don’t know. Talk to them about it.”\n");
  EXPECT(0, ANDERSON, ANDERSON);
  /* A comma name line after an unclaimed quotation still tags it (round-ups). */
  rules_run("Quotes\n“We played the perfect game.”\nGillian Anderson, coach\n");
  EXPECT(ANDERSON, 0);
}

Test(eighth, she_is_not_a_man_the_article_showed) {
  rules_run("Festival boss Michael Eavis has confirmed two acts but his daughter Emily insists "
      "they cannot announce the third.\n"
      "When asked about the name, she told the BBC: \"We can't give you that yet.\"\n");
  EXPECT(MICHAEL, EMILY);
  /* Nothing shown of Arteta's gender: "he" stays the last speaker, not the man named since. */
  rules_run("Saka said he had no doubt. \"The manager told me,\" he told the BBC.\n"
      "Arteta said Saka's return had transformed his side. He also praised the keeper.\n");
  EXPECT(SAKA, SAKA, ARTETA, ARTETA);
}

Test(eighth, possessive_determiners_before_a_title) {
  rules_run("His All Blacks counterpart Steve Hansen has congratulated the Boks.\n"
      "Thomas' defense attorney, Robert Scremin, asked jurors to think again.\n");
  EXPECT(HANSEN, SCREMIN);
  /* A possessive in the middle of a clause heads no subject. */
  rules_run("The team thanked his All Blacks counterpart Steve Hansen and congratulated the Boks.\n");
  EXPECT(0);
}

Test(eighth, video_script_soundbite) {
  rules_run("SOUNDBITE (English) actor Robert Downey Jr., saying: \"I wonder. They did it all correctly.\"\n"
      "\"Iron Man 3\" goes on release globally in April.\n");
  EXPECT(DOWNEY, DOWNEY, 0);
  /* A verb before the name makes it a clause whose subject is somebody else. */
  rules_run("The crowd cheered loudly for Robert Downey Jr., saying: \"We love you.\"\n");
  EXPECT(0);
}

Test(eighth, a_body_as_subject_keeps_who_she_means) {
  rules_run("\"The highway is the only way out,\" said mayor Emily Eavis.\n"
      "The Public Safety Agency said the fire had grown.\nShe said people were stranded.\n");
  EXPECT(EMILY, 0, EMILY);
  /* An unknown person in between: "she" is nobody known. */
  rules_run("\"The highway is the only way out,\" said mayor Emily Eavis.\n"
      "A neighbour said the fire had grown.\nShe said people were stranded.\n");
  EXPECT(EMILY, 0, 0);
}
