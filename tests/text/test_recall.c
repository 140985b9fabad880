/* test_recall.c - the constructions of real copy that issue 9 listed, one rule
 * a test, each with the near miss that must stay narration (precision). The
 * examples are written for these tests, in the house styles they come from. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

enum { SCHOLZ = 1, BAERBOCK, TEDROS, SEIBERT, TAI, COOK, PHILLIPSON, SOUTHGATE, LAVROV, SMITH };

static struct roster *roster;
static struct extract_result res;
static const char *body;

static void setup(void) {
  static const char *const tedros[] = {"Tedros"};
  struct roster_speaker sp[] = {
      {SCHOLZ, "Olaf Scholz", NULL, 0},       {BAERBOCK, "Annalena Baerbock", NULL, 0},
      {TEDROS, "Tedros Adhanom Ghebreyesus", tedros, 1},
      {SEIBERT, "Steffen Seibert", NULL, 0},  {TAI, "Katherine Tai", NULL, 0},
      {COOK, "Tim Cook", NULL, 0},            {PHILLIPSON, "Bridget Phillipson", NULL, 0},
      {SOUTHGATE, "Gareth Southgate", NULL, 0}, {LAVROV, "Sergei Lavrov", NULL, 0},
      {SMITH, "John Smith", NULL, 0}};
  char err[128];
  cr_assert_eq(roster_build(sp, sizeof sp / sizeof sp[0], &roster, err, sizeof err), 0, "%s", err);
}

static void teardown(void) {
  extract_result_free(&res);
  roster_free(roster);
}

TestSuite(recall, .init = setup, .fini = teardown);

static void run(const char *text) {
  char err[128];
  extract_result_free(&res);
  body = text;
  cr_assert_eq(extract_run(roster, text, strlen(text), 0, &res, err, sizeof err), EXTRACT_OK,
               "%s", err);
}

/* The speakers of the statements in order, 0 for narration. */
static void speakers(size_t n, const long long *want) {
  cr_assert_eq(res.statement_count, n, "%zu statements, want %zu", res.statement_count, n);
  for (size_t i = 0; i < n; i++) {
    const struct statement *s = &res.statements[i];
    cr_expect_eq(s->speaker_id, want[i], "#%zu <%.*s>: speaker %lld, want %lld", i,
                 (int)(s->end - s->start), body + s->start, s->speaker_id, want[i]);
  }
}

#define EXPECT(...)                                                                        \
  do {                                                                                     \
    const long long want_[] = {__VA_ARGS__};                                               \
    speakers(sizeof want_ / sizeof want_[0], want_);                                       \
  } while (0)

static const char *cue(size_t i) {
  return res.statements[i].cue ? res.statements[i].cue : "";
}

Test(recall, multi_sentence_quotation) {
  run("\"We are ready. We have always been ready,\" Scholz said. The vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, 0);
  run("Scholz said: \"We are ready. We have always been ready.\" The vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, 0);
}

Test(recall, quotation_continued_into_the_next_paragraph) {
  run("\"We will fight for every job,\" Scholz said. \"We will not stop.\n"
      "\"Nobody should doubt our resolve. We are ready.\"\n"
      "The vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, SCHOLZ, SCHOLZ, 0);
  /* A quotation paragraph after narration is nobody's (after a closed quotation of
   * Scholz's it would be his: test_carry.c). */
  run("\"We will fight for every job,\" Scholz said.\nThe vote is on Friday.\n"
      "\"Nobody should doubt our resolve.\"");
  EXPECT(SCHOLZ, 0, 0);
  /* Not led by a quotation mark: narration, although the quote was left open. */
  run("\"We will fight,\" Scholz said. \"We will not stop.\nThe vote is on Friday.");
  EXPECT(SCHOLZ, SCHOLZ, 0);
}

Test(recall, wordnet_reporting_verbs) {
  run("Lavrov argued that the West was to blame. Baerbock conceded that mistakes were made. "
      "Scholz lamented the lack of dialogue. Tai cautioned against haste. Cook quipped that "
      "he was used to it. Phillipson reiterated her pledge. Smith apologised for the delay.");
  EXPECT(LAVROV, BAERBOCK, SCHOLZ, TAI, COOK, PHILLIPSON, SMITH);
  cr_expect_str_eq(cue(6), "apologised");
  /* Actions stay narration: no that-clause verb, or one whose first sense is no speech. */
  run("Scholz signed the decree. Lavrov made the remarks in Moscow. Smith pointed to the map. "
      "Tai recorded a video.");
  EXPECT(0, 0, 0, 0);
}

Test(recall, multiword_cues) {
  run("Scholz was confident that the coalition would hold. Lavrov expressed the hope that talks "
      "would resume. Baerbock made clear that Berlin would not yield.");
  EXPECT(SCHOLZ, LAVROV, BAERBOCK);
  cr_expect_str_eq(cue(0), "was confident that");
  run("Scholz was tired after the flight.");
  EXPECT(0);
}

Test(recall, apposition_title_and_company_before_the_name) {
  run("Merkel's spokesman, Steffen Seibert, said the talks were good. The U.S. trade "
      "representative, Katherine Tai, said tariffs would stay. Apple Chief Executive Tim Cook "
      "apologised for the outage.");
  EXPECT(SEIBERT, TAI, COOK);
}

Test(recall, dateline_before_the_subject) {
  run("BERLIN (Reuters) - Scholz said on Tuesday the budget was fixed.");
  EXPECT(SCHOLZ);
  run("MOSCOW, Dec 15 (Reuters) - Lavrov told reporters that the talks had failed.");
  EXPECT(LAVROV);
}

Test(recall, fronted_time_phrases) {
  run("On Wednesday Mr Scholz said the talks would continue. Late on Tuesday he added that "
      "nothing was agreed. Earlier this week Baerbock warned of delays.");
  EXPECT(SCHOLZ, SCHOLZ, BAERBOCK);
  /* A place is no time: "In Berlin Scholz" is left as it was (no subject found). */
  run("In the capital of the country a man said it was cold.");
  EXPECT(0);
}

Test(recall, honorific_and_surname) {
  run("Mr Scholz said the talks were over. Ms Baerbock warned that sanctions could follow. "
      "Dr Tedros cautioned that the pandemic was not over. Mr. Lavrov disagreed.");
  EXPECT(SCHOLZ, BAERBOCK, TEDROS, 0);
}

Test(recall, relayed_speech_according_to) {
  run("According to Interfax, Lavrov also stated that the talks were over.");
  EXPECT(LAVROV);
  cr_expect_str_eq(cue(0), "stated");
  run("According to Interfax, the talks were over. According to Lavrov, they were not.");
  EXPECT(0, LAVROV);
}

Test(recall, transcript_labels) {
  run("Interview with Olaf Scholz.\n"
      "Q: Chancellor, will you run again? Lavrov said you would.\n"
      "A: Yes. I will run again.\n"
      "MR. SMITH: We reject the claim. It is false.\n"
      "Steffen Seibert (ARD): The talks were good.");
  EXPECT(0, 0, 0, SCHOLZ, SCHOLZ, SMITH, SMITH, SEIBERT);
  /* "MR." ends no sentence; a capitalised word that is nobody is no label. */
  run("MR. JONES: We disagree.");
  EXPECT(0);
}

Test(recall, tag_line_after_a_quotation) {
  run("\"The team gave everything. I am proud of them.\"\n– England coach, Gareth Southgate\n"
      "The match ended 2-1.");
  EXPECT(SOUTHGATE, SOUTHGATE, 0, 0);
  /* After narration, a tag line gives nothing. */
  run("The team trained on Monday.\n– England coach, Gareth Southgate");
  EXPECT(0, 0);
}

Test(recall, role_nouns_the_article_ties) {
  run("Education Minister Bridget Phillipson said schools would reopen. Lavrov spoke next. "
      "The minister added that funding was secured.");
  EXPECT(PHILLIPSON, 0, PHILLIPSON);
  run("Steffen Seibert, the government spokesman, spoke first. Lavrov arrived. The spokesman said "
      "the talks went well.");
  EXPECT(0, 0, SEIBERT);
  /* A role nobody was tied to is somebody else. */
  run("Education Minister Bridget Phillipson arrived. The ambassador said it was late.");
  EXPECT(0, 0);
}

Test(recall, abbreviations_end_no_sentence) {
  run("Sen. Smith and Rep. Jones met Gen. Miller on Monday. MR. SMITH: We agree.");
  cr_expect_eq(res.statement_count, 2);
  run("The MR. Smith case was closed. The talks ended.");
  cr_expect_eq(res.statement_count, 2);
}

Test(recall, quotation_tagged_by_the_next_sentence) {
  run("\xe2\x80\x9cThese days the agency is producing fake news. A certain group is backed by a "
      "neighbour.\xe2\x80\x9d Lavrov said during a meeting on Sunday.");
  EXPECT(LAVROV, LAVROV, LAVROV);
  /* Narration between the quotation and the cue: the quotation stays nobody's. */
  run("\"We are ready.\" The talks ended on Friday. Lavrov said more was needed.");
  EXPECT(0, 0, LAVROV);
}

Test(recall, inverted_cue_with_a_title_and_a_trailing_phrase) {
  run("The happiness disappears, said England manager Gareth Southgate in a press conference. "
      "\"We wait,\" said Southgate on Friday. \"We wait,\" said Southgate's assistant.");
  EXPECT(SOUTHGATE, SOUTHGATE, 0);
}

Test(recall, quoted_by_an_outlet_as_saying) {
  run("Lavrov was quoted by RIA news agency as saying that the talks had failed. The figures were "
      "quoted by analysts in London.");
  EXPECT(LAVROV, 0);
  cr_expect_str_eq(cue(0), "quoted as saying");
}

Test(recall, fronted_channel_phrases) {
  run("In a statement Lavrov said the talks had failed. In his speech on Monday Scholz warned of "
      "delays. In the letter to Scholz the union demanded more pay.");
  EXPECT(LAVROV, SCHOLZ, 0);
}

Test(recall, passive_cue_with_a_known_agent) {
  run("The decision was criticised by Lavrov, who called it a mistake. It was confirmed by Scholz "
      "in Berlin. The plan was announced by the ministry. The plan was praised by Scholz's "
      "critics.");
  EXPECT(LAVROV, SCHOLZ, 0, 0);
}

Test(recall, acronyms_are_no_function_words) {
  run("WHO chief Tedros Adhanom Ghebreyesus said the outbreak was under control. US President "
      "Olaf Scholz said so.");
  EXPECT(TEDROS, SCHOLZ);
}

Test(recall, a_tied_role_keeps_its_modifier) {
  run("Education Minister Bridget Phillipson said schools would reopen. Lavrov spoke. The "
      "education minister added that funding was secured. The foreign minister said no.");
  EXPECT(PHILLIPSON, 0, PHILLIPSON, 0);
  run("WHO chief Tedros Adhanom Ghebreyesus said it was over. Lavrov arrived. The chief said more "
      "was needed. The UN chief said it was late.");
  EXPECT(TEDROS, 0, TEDROS, 0);
}
