/* test_recall.c - the constructions of real copy that issue 9 listed, one rule
 * a test, each with the near miss that must stay narration (precision). The
 * examples are written for these tests, in the house styles they come from. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

enum { SCHOLZ = 1, BAERBOCK, TEDROS, SEIBERT, TAI, COOK, PHILLIPSON, SOUTHGATE, LAVROV, SMITH };

static void setup(void) {
  static const char *const tedros[] = {"Tedros"};
  struct roster_speaker sp[] = {
      {SCHOLZ, "Olaf Scholz", NULL, 0},       {BAERBOCK, "Annalena Baerbock", NULL, 0},
      {TEDROS, "Tedros Adhanom Ghebreyesus", tedros, 1},
      {SEIBERT, "Steffen Seibert", NULL, 0},  {TAI, "Katherine Tai", NULL, 0},
      {COOK, "Tim Cook", NULL, 0},            {PHILLIPSON, "Bridget Phillipson", NULL, 0},
      {SOUTHGATE, "Gareth Southgate", NULL, 0}, {LAVROV, "Sergei Lavrov", NULL, 0},
      {SMITH, "John Smith", NULL, 0}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(recall, .init = setup, .fini = rules_free);

static const char *cue(size_t i) {
  return rules.res.statements[i].cue ? rules.res.statements[i].cue : "";
}

Test(recall, multi_sentence_quotation) {
  rules_run("\"We are ready. We have always been ready,\" Scholz said. The vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, 0);
  rules_run("Scholz said: \"We are ready. We have always been ready.\" The vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, 0);
}

Test(recall, quotation_continued_into_the_next_paragraph) {
  rules_run("\"We will fight for every job,\" Scholz said. \"We will not stop.\n"
      "\"Nobody should doubt our resolve. We are ready.\"\n"
      "The vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, SCHOLZ, SCHOLZ, 0);
  /* A quotation paragraph after narration is nobody's (after a closed quotation of
   * Scholz's it would be his: test_carry.c). */
  rules_run("\"We will fight for every job,\" Scholz said.\nThe vote is on Friday.\n"
      "\"Nobody should doubt our resolve.\"");
  EXPECT(SCHOLZ, 0, 0);
  /* Not led by a quotation mark: narration, although the quote was left open. */
  rules_run("\"We will fight,\" Scholz said. \"We will not stop.\nThe vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, 0);
}

Test(recall, wordnet_reporting_verbs) {
  rules_run("Lavrov argued that the West was to blame. Baerbock conceded that mistakes were made. "
      "Scholz lamented the lack of dialogue. Tai cautioned against haste. Cook quipped that "
      "he was used to it. Phillipson reiterated her pledge. Smith apologised for the delay.");
  EXPECT(LAVROV, BAERBOCK, SCHOLZ, TAI, COOK, PHILLIPSON, SMITH);
  cr_expect_str_eq(cue(6), "apologised");
  /* Actions stay narration: no that-clause verb, or one whose first sense is no speech. */
  rules_run("Scholz signed the decree. Lavrov made the remarks in Moscow. Smith pointed to the map. "
      "Tai recorded a video.");
  EXPECT(0, 0, 0, 0);
}

Test(recall, multiword_cues) {
  rules_run("Scholz was confident that the coalition would hold. Lavrov expressed the hope that talks "
      "would resume. Baerbock made clear that Berlin would not yield.");
  EXPECT(SCHOLZ, LAVROV, BAERBOCK);
  cr_expect_str_eq(cue(0), "was confident that");
  rules_run("Scholz was tired after the flight.");
  EXPECT(0);
}

Test(recall, apposition_title_and_company_before_the_name) {
  rules_run("Merkel's spokesman, Steffen Seibert, said the talks were good. The U.S. trade "
      "representative, Katherine Tai, said tariffs would stay. Apple Chief Executive Tim Cook "
      "apologised for the outage.");
  EXPECT(SEIBERT, TAI, COOK);
}

Test(recall, dateline_before_the_subject) {
  rules_run("BERLIN (Reuters) - Scholz said on Tuesday the budget was fixed.");
  EXPECT(SCHOLZ);
  rules_run("MOSCOW, Dec 15 (Reuters) - Lavrov told reporters that the talks had failed.");
  EXPECT(LAVROV);
}

Test(recall, fronted_time_phrases) {
  rules_run("On Wednesday Mr Scholz said the talks would continue. Late on Tuesday he added that "
      "nothing was agreed. Earlier this week Baerbock warned of delays.");
  EXPECT(SCHOLZ, SCHOLZ, BAERBOCK);
  /* A place is no time: "In Berlin Scholz" is left as it was (no subject found). */
  rules_run("In the capital of the country a man said it was cold.");
  EXPECT(0);
}

Test(recall, honorific_and_surname) {
  rules_run("Mr Scholz said the talks were over. Ms Baerbock warned that sanctions could follow. "
      "Dr Tedros cautioned that the pandemic was not over. Mr. Lavrov arrived later.");
  EXPECT(SCHOLZ, BAERBOCK, TEDROS, 0);
}

Test(recall, relayed_speech_according_to) {
  rules_run("According to Interfax, Lavrov also stated that the talks were over.");
  EXPECT(LAVROV);
  cr_expect_str_eq(cue(0), "stated");
  rules_run("According to Interfax, the talks were over. According to Lavrov, they were not.");
  EXPECT(0, LAVROV);
}

Test(recall, transcript_labels) {
  rules_run("Interview with Olaf Scholz.\n"
      "Q: Chancellor, will you run again? Lavrov said you would.\n"
      "A: Yes. I will run again.\n"
      "MR. SMITH: We reject the claim. It is false.\n"
      "Steffen Seibert (ARD): The talks were good.");
  EXPECT(0, 0, 0, SCHOLZ, SCHOLZ, SMITH, SMITH, SEIBERT);
  /* "MR." ends no sentence; a capitalised word that is nobody is no label. */
  rules_run("MR. JONES: We disagree.");
  EXPECT(0);
}

Test(recall, tag_line_after_a_quotation) {
  rules_run("\"The team gave everything. I am proud of them.\"\n– England coach, Gareth Southgate\n"
      "The match ended 2-1.");
  EXPECT(SOUTHGATE, SOUTHGATE, 0, 0);
  /* After narration, a tag line gives nothing. */
  rules_run("The team trained on Monday.\n– England coach, Gareth Southgate");
  EXPECT(0, 0);
}

Test(recall, role_nouns_the_article_ties) {
  rules_run("Education Minister Bridget Phillipson said schools would reopen. Lavrov spoke next. "
      "The minister added that funding was secured.");
  EXPECT(PHILLIPSON, 0, PHILLIPSON);
  rules_run("Steffen Seibert, the government spokesman, spoke first. Lavrov arrived. The spokesman said "
      "the talks went well.");
  EXPECT(0, 0, SEIBERT);
  /* A role nobody was tied to is somebody else. */
  rules_run("Education Minister Bridget Phillipson arrived. The ambassador said it was late.");
  EXPECT(0, 0);
}

Test(recall, abbreviations_end_no_sentence) {
  rules_run("Sen. Smith and Rep. Jones met Gen. Miller on Monday. MR. SMITH: We agree.");
  cr_expect_eq(rules.res.statement_count, 2);
  rules_run("The MR. Smith case was closed. The talks ended.");
  cr_expect_eq(rules.res.statement_count, 2);
}

Test(recall, quotation_tagged_by_the_next_sentence) {
  rules_run("\xe2\x80\x9cThese days the agency is producing fake news. A certain group is backed by a "
      "neighbour.\xe2\x80\x9d Lavrov said during a meeting on Sunday.");
  EXPECT(LAVROV, LAVROV, LAVROV);
  /* Narration between the quotation and the cue: the quotation stays nobody's. */
  rules_run("\"We are ready.\" The talks ended on Friday. Lavrov said more was needed.");
  EXPECT(0, 0, LAVROV);
}

Test(recall, inverted_cue_with_a_title_and_a_trailing_phrase) {
  rules_run("The happiness disappears, said England manager Gareth Southgate in a press conference. "
      "\"We wait,\" said Southgate on Friday. \"We wait,\" said Southgate's assistant.");
  EXPECT(SOUTHGATE, SOUTHGATE, 0);
}

Test(recall, quoted_by_an_outlet_as_saying) {
  rules_run("Lavrov was quoted by RIA news agency as saying that the talks had failed. The figures were "
      "quoted by analysts in London.");
  EXPECT(LAVROV, 0);
  cr_expect_str_eq(cue(0), "quoted as saying");
}

Test(recall, fronted_channel_phrases) {
  rules_run("In a statement Lavrov said the talks had failed. In his speech on Monday Scholz warned of "
      "delays. In the letter to Scholz the union demanded more pay.");
  EXPECT(LAVROV, SCHOLZ, 0);
}

Test(recall, passive_cue_with_a_known_agent) {
  rules_run("The decision was criticised by Lavrov, who called it a mistake. It was confirmed by Scholz "
      "in Berlin. The plan was announced by the ministry. The plan was praised by Scholz's "
      "critics.");
  EXPECT(LAVROV, SCHOLZ, 0, 0);
}

Test(recall, acronyms_are_no_function_words) {
  rules_run("WHO chief Tedros Adhanom Ghebreyesus said the outbreak was under control. US President "
      "Olaf Scholz said so.");
  EXPECT(TEDROS, SCHOLZ);
}

Test(recall, a_tied_role_keeps_its_modifier) {
  rules_run("Education Minister Bridget Phillipson said schools would reopen. Lavrov spoke. The "
      "education minister added that funding was secured. The foreign minister said no.");
  EXPECT(PHILLIPSON, 0, PHILLIPSON, 0);
  rules_run("WHO chief Tedros Adhanom Ghebreyesus said it was over. Lavrov arrived. The chief said more "
      "was needed. The UN chief said it was late.");
  EXPECT(TEDROS, 0, TEDROS, 0);
}
