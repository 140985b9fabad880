/* test_fifth.c - the constructions of the fifth blind round (real copy) that
 * the engine missed: radio transcripts labelled by initials, quote pages with
 * topic lines, unlabelled briefing transcripts, abbreviated titles as role
 * nouns, stage directions; one rule a test, each with the near miss that must
 * stay narration. The examples are written for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

enum { ABBOTT = 1, MITCHELL_ALIKE, SCOTT, POPOVIC, PRICE, DUJARRIC, GUTERRES, MOHAMMED, EAGLE,
       NILSSON, BROWN, KOEVERMANS };

static void setup(void) {
  static const char *const abbott[] = {"Abbott", "Assistant Commissioner Deb Abbott"};
  static const char *const alike[] = {"Abbey"};
  static const char *const scott[] = {"Scott", "Gov. Rick Scott"};
  static const char *const popovic[] = {"Popovic"};
  static const char *const price[] = {"Price"};
  static const char *const dujarric[] = {"Dujarric"};
  static const char *const guterres[] = {"Guterres", "the Secretary-General"};
  static const char *const mohammed[] = {"Mohammed"};
  static const char *const eagle[] = {"Eagle", "Maria Eagle MP"};
  static const char *const nilsson[] = {"Nilsson"};
  static const char *const brown[] = {"Brown"};
  static const char *const koevermans[] = {"Koevermans"};
  struct roster_speaker sp[] = {
      {ABBOTT, "Deb Abbott", abbott, 2},         {MITCHELL_ALIKE, "Dan Abbey", alike, 1},
      {SCOTT, "Rick Scott", scott, 2},           {POPOVIC, "Tony Popovic", popovic, 1},
      {PRICE, "Ned Price", price, 1},            {DUJARRIC, "Stéphane Dujarric", dujarric, 1},
      {GUTERRES, "António Guterres", guterres, 2}, {MOHAMMED, "Amina Mohammed", mohammed, 1},
      {EAGLE, "Maria Eagle", eagle, 2},          {NILSSON, "Maria Nilsson", nilsson, 1},
      {BROWN, "David Brown", brown, 1},          {KOEVERMANS, "Wim Koevermans", koevermans, 1}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(fifth, .init = setup, .fini = rules_free);

Test(fifth, initials_label_a_turn) {
  /* Ned Price's initials are his alone; "NM:" (the presenter) is nobody's. */
  rules_run("Police disputed the report.\nNM: Is that correct?\n"
      "NP: It is incorrect. Our plan is more holistic than that.\nThose units were busy.\n"
      "NM: Why?\nNP: We had an extensive calendar.\n");
  EXPECT(0, 0, PRICE, PRICE, PRICE, 0, PRICE);
  /* Initials two speakers share (Deb Abbott, Dan Abbey) name nobody. */
  rules_run("NM: Is that correct?\nDA: It is incorrect.\n");
  EXPECT(0, 0);
}

Test(fifth, abbreviated_title_is_a_role_noun) {
  rules_run("Gov. Rick Scott urged residents to leave.\n"
      "The governor said during a news conference that people should go early.\n");
  EXPECT(SCOTT, SCOTT);
  /* A title the article never gave anybody stays nobody's. */
  rules_run("Gov. Rick Scott urged residents to leave.\n"
      "The senator said during a news conference that people should go early.\n");
  EXPECT(SCOTT, 0);
}

Test(fifth, stage_direction_in_a_turn_is_nobodys) {
  rules_run("MR PRICE: Happy Groundhog Day. (Laughter.) I'll mention a couple of things.\n");
  EXPECT(PRICE, 0, PRICE);
  /* A bracketed aside that is a sentence of the turn stays the speaker's. */
  rules_run("MR PRICE: Good afternoon. (I will be brief today, as you know we have a lot to do.)\n");
  EXPECT(PRICE, PRICE);
}

Test(fifth, markdown_bold_line_is_a_heading) {
  rules_run("The briefing opened at noon.\n**Nuclear Weapons\nThe treaty entered into force.\n");
  cr_assert_eq(rules.res.section_count, 1);
  EXPECT(0, 0);
  /* A bullet of one star is a line of copy. */
  rules_run("The briefing opened at noon.\n* Shares fell\nThe treaty entered into force.\n");
  cr_assert_eq(rules.res.section_count, 0);
}

Test(fifth, quotation_after_narration_led_by_the_speaker) {
  rules_run("Head Coach Tony Popovic spoke to the media after the 2-1 win.\n"
      "“I’m really just happy for the group.”\n"
      "“The character of this team was evident. It has been all year.”\n");
  EXPECT(0, POPOVIC, POPOVIC, POPOVIC);
  /* Narration led by somebody else, or by nobody known, leads in to nobody. */
  rules_run("Head Coach Tony Popovic spoke to the media after the 2-1 win.\n"
      "The club's chairman thanked the fans.\n“It was a great night.”\n");
  EXPECT(0, 0, 0);
  rules_run("Police found the car on Tuesday.\n“We are asking for help.”\n");
  EXPECT(0, 0);
}

Test(fifth, topic_lines_of_a_quote_page_are_transparent) {
  rules_run("Head Coach Tony Popovic spoke to the media after the 2-1 win.\n"
      "On the performance…\n“I’m really just happy for the group.”\n"
      "On the belief of the players…\n“Chances are clearly being created.”\n");
  EXPECT(0, 0, POPOVIC, 0, POPOVIC);
  /* A sentence that opens with "On" is no topic line: it ends the quotations. */
  rules_run("\"We were happy,\" Popovic said.\n"
      "On Tuesday the club flew home.\n“It was a great night.”\n");
  EXPECT(POPOVIC, 0, 0);
}

Test(fifth, unlabelled_briefing_transcript_is_the_briefers) {
  rules_run("Daily Press Briefing\n"
      "The following is a near-verbatim transcript of today's noon briefing by Stéphane Dujarric, "
      "Spokesman for the Secretary-General.\n"
      "Good afternoon. He will be in the office a bit later.\n**Travels\n"
      "The Deputy Secretary-General remains in Paris. She said she is grateful.\n"
      "The Secretary-General welcomed the adoption of the declaration.\n"
      "Question: Will he travel?\nThe plane landed at noon.\n"
      "Spokesman: He will. I have nothing more on that.\nWe will see tomorrow.\n");
  EXPECT(0, DUJARRIC, DUJARRIC, DUJARRIC, 0, GUTERRES, 0, 0, DUJARRIC, DUJARRIC, DUJARRIC);
  /* A briefing reported in narration is no transcript. */
  rules_run("Stéphane Dujarric gave the noon briefing.\nGood afternoon to all of you.\n");
  EXPECT(0, 0);
}

Test(fifth, title_of_two_parts_before_an_apposition) {
  rules_run("Minister for Defence Procurement and Industry, Maria Eagle MP, said:\n"
      "“This technology demonstrates our commitment.”\n");
  EXPECT(EAGLE, EAGLE);
  /* Two lowercase nouns joined by "and" are no title: "Friends and family, X, said" is a list. */
  rules_run("Her friends and family, Maria Eagle said, were there.\n");
  EXPECT(EAGLE);
  rules_run("Friends and neighbours, Maria Eagle among them, said the road was closed.\n");
  EXPECT(0);
}

Test(fifth, affiliation_with_a_second_title) {
  rules_run("“They have suffered from erosion,” Maria Nilsson of Lund University and director "
      "of the Gebel el-Silsila Survey Project told Discovery News.\n");
  EXPECT(NILSSON);
  /* "... and the director of X" is a second person: the pair is nobody's. */
  rules_run("Maria Nilsson of Lund University and the director of the Survey Project told "
      "Discovery News that the tombs are at risk.\n");
  EXPECT(0);
}

Test(fifth, narration_between_two_tags_of_one_speaker) {
  rules_run("Two officers were flagged down by a man, Brown said.\n"
      "After the officers found him, a foot chase ensued. When he was found again, one officer "
      "opened fire, Brown said.\n");
  EXPECT(BROWN, BROWN, BROWN);
  /* Not between two of one speaker's tags: narration. */
  rules_run("Two officers were flagged down by a man, Brown said.\n"
      "After the officers found him, a foot chase ensued. The city is calm.\n");
  EXPECT(BROWN, 0, 0);
  rules_run("Brown said two officers were flagged down.\n"
      "After the officers found him, a foot chase ensued. When he was found again, one officer "
      "opened fire, Brown said.\n");
  EXPECT(BROWN, 0, BROWN);
}

Test(fifth, epithet_keeps_who_he_means) {
  rules_run("\"We knew Nepal were good,\" Koevermans said.\n"
      "The Dutchman rued that his players could not execute the plans.\n"
      "\"Players need to follow plans,\" he said.\n");
  EXPECT(KOEVERMANS, 0, KOEVERMANS);
  /* Somebody unknown who is no epithet: "he" is unknown after it. */
  rules_run("\"We knew Nepal were good,\" Koevermans said.\n"
      "The referee insisted that the goal stood.\n"
      "\"Players need to follow plans,\" he said.\n");
  EXPECT(KOEVERMANS, 0, 0);
}
