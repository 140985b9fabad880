/* test_carry.c - the constructions of the third blind round (real copy): speech
 * that runs on over paragraphs (transcript turns, "X said:" blocks, quotation
 * paragraphs) and the subject shapes it showed; one rule a test, each with the
 * near miss that must stay narration. The examples are written for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

enum { PUTIN = 1, OBAMA, SHOIGU, PRICE, HEALEY, QUINN, GUARDIOLA, MANCINI, COBBLER, BAILLIE,
       LINNARSON, POULTON, RYAN, PATRICK, EINHORN, TEDROS, SUNAK, LAVROV, SCHOLZ, SMITH };

static void setup(void) {
  static const char *const putin[] = {"Putin", "President Putin", "the President"};
  static const char *const obama[] = {"Obama", "the President"};
  static const char *const guardiola[] = {"Guardiola", "the City boss"};
  static const char *const quinn[] = {"Quinn", "Falcons coach Dan Quinn"};
  static const char *const cobbler[] = {"Cobbler", "Acting Inspector Roland Cobbler"};
  static const char *const einhorn[] = {"Einhorn", "Press Secretary Annika Einhorn"};
  static const char *const tedros[] = {"Tedros"};
  static const char *const sunak[] = {"Sunak", "the Prime Minister"};
  static const char *const scholz[] = {"Scholz", "the Prime Minister"}; /* shared, as in a newsroom */
  static const char *const lavrov[] = {"Lavrov", "the foreign minister"};
  struct roster_speaker sp[] = {
      {PUTIN, "Vladimir Putin", putin, 3},      {OBAMA, "Barack Obama", obama, 2},
      {SHOIGU, "Sergei Shoigu", NULL, 0},       {PRICE, "Ned Price", NULL, 0},
      {HEALEY, "John Healey", NULL, 0},         {QUINN, "Dan Quinn", quinn, 2},
      {GUARDIOLA, "Pep Guardiola", guardiola, 2}, {MANCINI, "Roberto Mancini", NULL, 0},
      {COBBLER, "Roland Cobbler", cobbler, 2},  {BAILLIE, "Jackie Baillie", NULL, 0},
      {LINNARSON, "Hans Linnarson", NULL, 0},   {POULTON, "Jeff Poulton", NULL, 0},
      {RYAN, "Mike Ryan", NULL, 0},             {PATRICK, "Deval Patrick", NULL, 0},
      {EINHORN, "Annika Einhorn", einhorn, 2},  {TEDROS, "Tedros Adhanom Ghebreyesus", tedros, 1},
      {SUNAK, "Rishi Sunak", sunak, 2},         {LAVROV, "Sergei Lavrov", lavrov, 2},
      {SCHOLZ, "Olaf Scholz", scholz, 2},         {SMITH, "John Smith", NULL, 0}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(carry, .init = setup, .fini = rules_free);

Test(carry, transcript_turn_runs_on) {
  rules_run("President Putin: Colleagues,\nI wanted to meet with you.\n"
      "The Government did a lot. Nevertheless, much remains to be done.\n"
      "Mr Shoigu, please.\nSergei Shoigu: Mr President,\nWe are proceeding as planned.\n");
  EXPECT(PUTIN, PUTIN, PUTIN, PUTIN, PUTIN, SHOIGU, SHOIGU);
  /* An unregistered label ends the turn, and so does narration naming a speaker. */
  rules_run("MR. PRICE: Good afternoon.\nWe have one element at the top.\n"
      "QUESTION: Oh, that was brief.\nCan we start with Israel?\n"
      "MR. PRICE: Sure.\nQ    Thank you.\nPutin then left the room.\nThe talks went on.\n");
  EXPECT(PRICE, PRICE, 0, 0, PRICE, 0, 0, 0);
  rules_run("President Putin: Colleagues,\nI said I wanted to meet with you.\n"
      "The Kremlin said later that the meeting had been useful.\n");
  EXPECT(PUTIN, PUTIN, 0);
}

Test(carry, said_colon_heads_the_block_after_it) {
  rules_run("The plan was announced on Monday.\nDefence Secretary John Healey said:\n"
      "The redevelopment secures jobs at home.\nSpace plays a crucial role in our daily lives.\n"
      "The site has a long history.\n");
  EXPECT(0, HEALEY, HEALEY, HEALEY, 0);
  /* A colon with no speaker introduces nobody's words. */
  rules_run("The plan has three parts:\nThe first is cheap.\nWe will see.\n");
  EXPECT(0, 0, 0);
}

Test(carry, quotation_paragraph_after_a_closed_one) {
  rules_run("\"Anything can happen,\" Guardiola said at his press conference.\n"
      "\"Nothing is guaranteed. We lost at home.\"\n\"That's the Premier League.\"\n");
  EXPECT(GUARDIOLA, GUARDIOLA, GUARDIOLA, GUARDIOLA);
  rules_run("Tedros praised the work of community groups.\n\"For informing people of the risks.\"\n");
  EXPECT(TEDROS, TEDROS);
  /* Narration between, or a tag of its own, and the quotation is not his. */
  rules_run("\"Anything can happen,\" Guardiola said.\nCity lost on Sunday.\n\"Nothing is guaranteed.\"\n"
      "\"It was a poor game,\" said Tom Whitley.\n");
  EXPECT(GUARDIOLA, 0, 0, 0);
  rules_run("\"Anything can happen,\" Guardiola said.\n\"City in crisis\" was the headline on Monday.\n");
  EXPECT(GUARDIOLA, 0);
}

Test(carry, heading_naming_the_speaker) {
  rules_run("Mancini: Blame it on me\n\"I am proud of the team. We did not play well.\"\n");
  EXPECT(MANCINI, MANCINI);
  rules_run("Mancini: Blame it on me\nCity lost 3-2 on Thursday.\n\"It was a poor game.\"\n");
  EXPECT(0, 0);
  rules_run("Blame it on me\n\"I am proud of the team.\"\n");
  EXPECT(0);
}

Test(carry, quotation_left_open_closes_in_the_next_paragraph) {
  rules_run("Mancini said: \"I am proud of the team.\nWe did not prepare well. I made mistakes.\"\n");
  EXPECT(MANCINI, MANCINI, MANCINI);
  rules_run("Mancini said: \"I am proud of the team.\nWe did not prepare well.\n");
  EXPECT(MANCINI, 0);
}

Test(carry, clause_after_and_but_as) {
  rules_run("City had won 6-1 before, and Mancini admitted that mistakes were made.");
  EXPECT(MANCINI);
  rules_run("Tedros said cases fell. It was spreading fast, but he said the response was good.");
  EXPECT(TEDROS, TEDROS);
  rules_run("As Press Secretary Annika Einhorn explained, nothing was unusual. Guardiola praised his "
      "rivals as the City boss claimed he had never seen this level.");
  EXPECT(EINHORN, GUARDIOLA);
  /* The last of a list before an apposition heads no clause. */
  rules_run("The letter went to Scholz, and Lavrov, the foreign minister, calls for an inquiry.");
  EXPECT(0);
}

Test(carry, inverted_subject_then_a_subordinate_clause) {
  rules_run("\"No, definitely not,\" said Guardiola when asked about the injury.");
  EXPECT(GUARDIOLA);
  rules_run("\"No, definitely not,\" said Guardiola's assistant when asked about the injury.");
  EXPECT(0);
}

Test(carry, relative_clause_after_an_apposition) {
  rules_run("Jackie Baillie, health spokeswoman for Labour, which uncovered the figures, said they "
      "were astonishing.");
  EXPECT(BAILLIE);
  rules_run("The report, which Baillie commissioned, said costs rose.");
  EXPECT(0);
}

Test(carry, shared_role_form_means_the_last_speaker) {
  rules_run("Vladimir Putin met former ministers. The President noted that the Cabinet had done much.");
  EXPECT(0, PUTIN);
  rules_run("The President noted that the Cabinet had done much.");
  EXPECT(0);
  /* the speaker a heading names, or named earlier than the last one */
  rules_run("Barack Obama call with the Chancellor\nThe President said the talks were useful.");
  EXPECT(OBAMA);
  rules_run("Vladimir Putin met Scholz. Scholz arrived late. The President said the talks were useful.");
  EXPECT(0, 0, PUTIN);
  rules_run("Call with the Chancellor\nThe President said the talks were useful.");
  EXPECT(0);
  /* the word before the noun must match too: Lavrov is "the foreign minister" */
  rules_run("Rishi Sunak call with the Chancellor\nThe Prime Minister said the talks were useful.");
  EXPECT(SUNAK);
  rules_run("Sergei Lavrov arrived late. The Prime Minister said the talks were useful.");
  EXPECT(0, 0);
}

Test(carry, coordinated_cue_past_commas) {
  rules_run("Sunak reflected on talks with his French, US and Australian counterparts, and said the UK "
      "would help.");
  EXPECT(SUNAK);
  rules_run("Sunak met his French counterpart, and officials said the talks went well.");
  EXPECT(0);
}

Test(carry, what_x_said_colon) {
  rules_run("Here's what Falcons coach Dan Quinn said after the win:\n"
      "Opening statement: \"Today was a clear example of the fight of the team.\"\n");
  EXPECT(QUINN, QUINN);
  rules_run("What Quinn said was wrong.");
  EXPECT(0);
}

Test(carry, splits_before_a_bracket_and_after_co) {
  rules_run("Q    Thank you. (Laughter.)\nThe briefing went on.");
  cr_assert_eq(rules.res.section_count, 0);
  EXPECT(0, 0, 0);
  cr_expect_str_eq(rules_text(1), "(Laughter.)");
  rules_run("\"Act fast,\" said Shawn Campbell of Northern Trust Co. \"It needs to decide.\"");
  EXPECT(0, 0);
  /* "Co." before a verb ends nothing; a bracket after a word keeps its heading. */
  rules_run("Northern Trust Co. said it would sell.\nMeeting with the press (held online)\nIt was short.");
  cr_assert_eq(rules.res.section_count, 1);
  EXPECT(0, 0);
}

Test(carry, quoted_object_as_saying) {
  rules_run("Bloomberg quoted acting CEO Hans Linnarson as saying demand was weak.");
  EXPECT(LINNARSON);
  rules_run("Bloomberg quoted a spokesman as saying demand was weak.");
  EXPECT(0);
}

Test(carry, relayed_by_an_unknown_source) {
  rules_run("In a note, the bank's analysts said Poulton told them that he was leaving.");
  EXPECT(POULTON);
  rules_run("The analysts said Poulton was leaving.");
  EXPECT(0);
}

Test(carry, verbs_that_introduce_speech) {
  rules_run("Patrick concluded: \"It's a night when we rest easy.\"");
  EXPECT(PATRICK);
  rules_run("Patrick concluded his visit on Friday. Patrick continued the talks.");
  EXPECT(0, 0);
}

Test(carry, no_person_keeps_he) {
  rules_run("Tedros said cases fell. WHO stressed that most recover. He praised community groups.");
  EXPECT(TEDROS, 0, TEDROS);
  rules_run("Tedros said cases fell. Fewer cases were reported in May. He praised the groups.");
  EXPECT(TEDROS, 0, TEDROS);
  rules_run("Tedros said cases fell. A spokesman stressed that most recover. He praised the groups.");
  EXPECT(TEDROS, 0, 0);
}

Test(carry, participle_after_a_subordinate_subject) {
  rules_run("Smith said it was wrong. He was arrested after Ecuador revoked his asylum, accusing him "
      "of abuse.");
  EXPECT(SMITH, 0);
  rules_run("Smith said it was wrong. He left the room after the vote, saying he was tired.");
  EXPECT(SMITH, SMITH);
}

Test(carry, description_led_subject_sets_he) {
  rules_run("The police spokesperson Acting Inspector Roland Cobbler wants reports.\n"
      "He told Loop News: \"We have no reports.\"");
  cr_expect_eq(rules.res.statements[1].speaker_id, COBBLER);
  rules_run("The police spokesperson wants reports.\nHe told Loop News: \"We have no reports.\"");
  EXPECT(0, 0);
}

Test(carry, apposition_head_with_of) {
  rules_run("The WHO's head of emergencies, Mike Ryan, said cases rose.");
  EXPECT(RYAN);
  rules_run("The head of emergencies, a doctor, said cases rose.");
  EXPECT(0);
}

Test(carry, believes_that_reports_a_stance) {
  rules_run("Smith believes that there is more money to be made in the stock.");
  EXPECT(SMITH);
  cr_expect_str_eq(rules.res.statements[0].cue, "believes that");
  rules_run("Smith believes in the stock. Smith believed the rumours.");
  EXPECT(0, 0);
}

Test(carry, first_person_after_narration_leading_in) {
  rules_run("\"We lost,\" Mancini said.\nCity fell behind early, and it left Mancini bitterly disappointed.\n"
      "They got a soft goal. I can't believe we lost a goal like that.\n");
  EXPECT(MANCINI, 0, MANCINI, MANCINI);
  /* "we" alone is a government's voice in a readout; narration not naming him leads in nobody */
  rules_run("\"We lost,\" Mancini said.\nCity fell behind early, and it left Mancini disappointed.\n"
      "They discussed the war, a reminder that we must work together.\n");
  EXPECT(MANCINI, 0, 0);
  rules_run("\"We lost,\" Mancini said.\nCity fell behind early.\nI can't believe we lost.\n");
  EXPECT(MANCINI, 0, 0);
}
