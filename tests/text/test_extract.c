/* test_extract.c - attribution rules, one at a time. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "utf8.h"

#define XI 1
#define PUTIN 2

static void setup(void) {
  static const char *const xi[] = {"Xi", "President Xi", "the Chinese president"};
  static const char *const putin[] = {"Putin", "the Russian leader", "the Kremlin leader"};
  struct roster_speaker sp[] = {{XI, "Xi Jinping", xi, 3}, {PUTIN, "Vladimir Putin", putin, 3}};
  rules_build(sp, 2);
}

TestSuite(extract, .init = setup, .fini = rules_free);

static void expect(size_t i, long long id, enum attr_method m, const char *cue) {
  cr_assert_lt(i, rules.res.statement_count);
  const struct statement *s = &rules.res.statements[i];
  cr_expect_eq(s->speaker_id, id, "#%zu <%.*s>: speaker %lld, want %lld", i,
               (int)(s->end - s->start), rules.body + s->start, s->speaker_id, id);
  cr_expect_eq(s->method, m, "#%zu: method %d, want %d", i, s->method, m);
  if (cue)
    cr_expect(s->cue && strcmp(s->cue, cue) == 0, "#%zu: cue %s", i, s->cue ? s->cue : "NULL");
  else
    cr_expect_null(s->cue, "#%zu: cue %s", i, s->cue);
}

static int span_is(struct text_span sp, const char *want) {
  return sp.end - sp.start == strlen(want) && memcmp(rules.body + sp.start, want, sp.end - sp.start) == 0;
}

Test(extract, cue_before_and_after) {
  rules_run("Xi said the talks were good. The talks were good, Putin said. The talks, Xi said, were good.");
  expect(0, XI, ATTR_NAME, "said");
  expect(1, PUTIN, ATTR_NAME, "said");
  expect(2, XI, ATTR_NAME, "said");
}

Test(extract, role_evidence_and_mentions) {
  rules_run("The Russian leader said he looks forward to meeting Xi and President Xi's team.");
  expect(0, PUTIN, ATTR_ROLE, "said");
  cr_expect(span_is(rules.res.statements[0].evidence, "The Russian leader said"));
  cr_assert_eq(rules.res.statements[0].mention_count, 1);
  cr_expect_eq(rules.res.statements[0].mentions[0], XI);
}

Test(extract, spokesman_is_somebody_else) {
  rules_run("Xi said trade grew. Putin's spokesman said the visit was useful. He said more talks would follow.");
  expect(0, XI, ATTR_NAME, "said");
  expect(1, 0, ATTR_NONE, NULL);
  expect(2, 0, ATTR_NONE, NULL);
  cr_expect_eq(rules.res.statements[1].mentions[0], PUTIN);
}

Test(extract, unknown_speaker_resets_pronouns) {
  rules_run("Xi said trade grew.\nKremlin spokesman Dmitry Peskov told reporters the talks went well. "
      "He added that a visit was planned.");
  expect(0, XI, ATTR_NAME, "said");
  expect(1, 0, ATTR_NONE, NULL);
  expect(2, 0, ATTR_NONE, NULL);
}

Test(extract, inverted_and_quotes) {
  rules_run("\"We will win,\" said Putin. \xe2\x80\x9cWe will not stop,\xe2\x80\x9d the Kremlin leader "
      "added. \"It is over,\" said a spokesman.");
  expect(0, PUTIN, ATTR_NAME, "said");
  expect(1, PUTIN, ATTR_ROLE, "added");
  expect(2, 0, ATTR_NONE, NULL);
  cr_assert_eq(rules.res.statements[1].quote_count, 1);
  cr_expect(span_is(rules.res.statements[1].quotes[0], "We will not stop,"));
}

Test(extract, according_to) {
  rules_run("According to Xi, trade grew. Trade grew, according to the Chinese president. "
      "Trade grew, according to a report on Xi.");
  expect(0, XI, ATTR_NAME, "according to");
  expect(1, XI, ATTR_ROLE, "according to");
  expect(2, 0, ATTR_NONE, NULL);
}

Test(extract, not_subjects) {
  rules_run("The plan, which Putin announced last year, failed. Xi and Putin said they agreed. "
      "A letter to Xi said the plan failed. When Putin said that, prices fell.");
  for (size_t i = 0; i < 4; i++)
    expect(i, 0, ATTR_NONE, NULL);
}

Test(extract, multi_sentence_quote) {
  rules_run("\"We will win. We will not stop,\" Putin said. Xi said trade grew.");
  expect(0, PUTIN, ATTR_CONTINUATION, NULL);
  expect(1, PUTIN, ATTR_NAME, "said");
  expect(2, XI, ATTR_NAME, "said");
}

Test(extract, continuation_and_narration) {
  rules_run("Putin said the plan works. \"It is a good plan.\"\nXi said the visit was good. "
      "The weather in Beijing was cold.\nPutin said Russia was ready. Russia will sign the deal. "
      "Schools will stay closed on Monday.");
  expect(0, PUTIN, ATTR_NAME, "said");
  expect(1, PUTIN, ATTR_CONTINUATION, NULL);
  expect(2, XI, ATTR_NAME, "said");
  expect(3, 0, ATTR_NONE, NULL);
  expect(4, PUTIN, ATTR_NAME, "said");
  expect(5, PUTIN, ATTR_CONTINUATION, NULL);
  cr_expect_lt(rules.res.statements[5].confidence, rules.res.statements[4].confidence);
  expect(6, 0, ATTR_NONE, NULL); /* a new topic, not what Putin spoke of */
}

Test(extract, cues_inside_quotes) {
  rules_run("\"The manager told me to wait,\" he told reporters. Putin said so. "
      "\"I told him, use it,\" Xi said. \"I called and was told to wait.\"");
  expect(0, 0, ATTR_NONE, NULL); /* "he" has no antecedent yet: not "the manager" */
  expect(2, XI, ATTR_NAME, "said");
  expect(3, XI, ATTR_CONTINUATION, NULL);
  rules_run("Putin said: \u201cShe said, \u2018No.\u2019 And she meant it.\u201d");
  expect(0, PUTIN, ATTR_NAME, "said");
  expect(1, PUTIN, ATTR_CONTINUATION, NULL); /* still inside the double quotation */
}

Test(extract, subjects_in_apposition_and_coordination) {
  rules_run("The Russian leader's host, Xi, said trade grew. Putin laughed and said no. "
      "Putin KC told the court it was over. His aide, Ivan Petrov, said nothing had changed. "
      "\"We are ready,\" he said.");
  expect(0, XI, ATTR_NAME, "said");
  expect(1, PUTIN, ATTR_NAME, "said");
  expect(2, PUTIN, ATTR_NAME, "told");
  expect(3, 0, ATTR_NONE, NULL);
  expect(4, 0, ATTR_NONE, NULL); /* "he" is Petrov, whom we do not know */
  rules_run("Putin, who called the plan \"a trap, nothing more\", insisted it would fail. "
      "\"We will win,\" Xi, smiling, said.");
  expect(0, PUTIN, ATTR_NAME, "insisted");
  expect(1, XI, ATTR_NAME, "said");
}

Test(extract, participles_and_clause_heads) {
  rules_run("Russian President Putin ended the visit on Friday, saying trade had grown. "
      "Officials blocked Putin's convoy, saying it was late.");
  expect(0, PUTIN, ATTR_NAME, "saying");
  expect(1, 0, ATTR_NONE, NULL);
  rules_run("The talks ended, saying Putin was right.");
  expect(0, 0, ATTR_NONE, NULL); /* the head comes after the participle: no subject */
  rules_run("Putin said no. Asked about the talks, Xi shook his head. \"Never,\" he said.");
  expect(2, XI, ATTR_PRONOUN, "said");
  rules_run("Putin said no. Asked about the talks, a spokesman shook his head. \"Never,\" he said.");
  expect(2, 0, ATTR_NONE, NULL);
}

Test(extract, pronouns) {
  rules_run("Putin arrived in Beijing on Friday. He said the trip mattered. It was cold, he added.");
  expect(0, 0, ATTR_NONE, NULL);
  expect(1, PUTIN, ATTR_PRONOUN, "said");
  expect(2, PUTIN, ATTR_PRONOUN, "added");
}

Test(extract, sections_and_offsets) {
  rules_run("Intro \xe2\x80\x9cquoted\xe2\x80\x9d text.\nEnergy Cooperation\nXi said \xc3\xa9t\xc3\xa9 comes.");
  cr_assert_eq(rules.res.section_count, 1);
  cr_expect(span_is(rules.res.sections[0], "Energy Cooperation"));
  cr_assert_eq(rules.res.statement_count, 2);
  cr_expect_eq(rules.res.statements[0].section, -1);
  cr_expect_eq(rules.res.statements[1].section, 0);
  cr_expect_eq(rules.res.statements[1].paragraph, 1);
  for (size_t i = 0; i < 2; i++) {
    const struct statement *s = &rules.res.statements[i];
    cr_expect_eq(s->cp_start, utf8_count(rules.body, s->start));
    cr_expect_eq(s->cp_end, utf8_count(rules.body, s->end));
  }
  cr_expect_eq(rules.res.statements[1].cp_start, 40);
}

Test(extract, no_roster_and_caps) {
  char err[128];
  cr_assert_eq(extract_run(NULL, "Xi said so.", 11, 0, &rules.res, err, sizeof err), 0);
  expect(0, 0, ATTR_NONE, NULL);
  extract_result_free(&rules.res);
  size_t big = EXTRACT_MAX_BODY + 1;
  char *b = malloc(big);
  cr_assert(b);
  memset(b, 'a', big);
  cr_expect_eq(extract_run(rules.roster, b, big, 0, &rules.res, err, sizeof err), EXTRACT_FAILED);
  cr_expect_eq(rules.res.statement_count, 0);
  free(b);
  cr_expect_str_eq(attr_method_name(ATTR_CONTINUATION), "continuation");
  cr_expect_null(attr_method_name(ATTR_NONE));
}

/* More statements than the cap, or more work than the budget: too complex,
 * the same answer every time; the default budget takes the same text. */
Test(extract, too_complex) {
  char err[256];
  size_t n = (EXTRACT_MAX_STATEMENTS + 1) * 3;
  char *b = malloc(n + 1);
  cr_assert(b);
  for (size_t i = 0; i < n; i += 3)
    memcpy(b + i, "A. ", 3);
  cr_expect_eq(extract_run(rules.roster, b, n, 0, &rules.res, err, sizeof err), EXTRACT_TOO_COMPLEX);
  cr_expect_eq(rules.res.statement_count, 0);
  cr_expect(strstr(err, "too complex") != NULL, "%s", err);
  const char *text = "Xi said the talks were good. Putin said so too, adding that more was to come.";
  for (int k = 0; k < 2; k++) {
    cr_expect_eq(extract_run(rules.roster, text, strlen(text), 40, &rules.res, err, sizeof err),
                 EXTRACT_TOO_COMPLEX);
    cr_expect_eq(rules.res.statement_count, 0);
  }
  cr_expect_eq(extract_run(rules.roster, text, strlen(text), 0, &rules.res, err, sizeof err), EXTRACT_OK);
  cr_expect_eq(rules.res.statement_count, 2);
  free(b);
}

Test(extract, german_quotes) {
  rules_run("„We will win,“ Putin said. „The talks are over.“ The talks ended on Friday.");
  cr_assert_eq(rules.res.statement_count, 3);
  expect(0, PUTIN, ATTR_NAME, "said");
  expect(1, PUTIN, ATTR_CONTINUATION, NULL);
  expect(2, 0, ATTR_NONE, NULL);
}

Test(extract, dateline_agency_tag) {
  rules_run("MOSCOW, October 14. /TASS/. Putin said the talks had failed.");
  cr_assert_eq(rules.res.statement_count, 1);
  expect(0, PUTIN, ATTR_NAME, "said");
}

Test(extract, transcript_labels) {
  rules_run("Putin: We will win. The war is long.\nINTERVIEWER: Is it? Xi says otherwise.\n"
      "Putin: (laughs) Somebody always says that.");
  expect(0, PUTIN, ATTR_NAME, NULL);
  expect(1, PUTIN, ATTR_CONTINUATION, NULL);
  expect(2, 0, ATTR_NONE, NULL);
  expect(3, XI, ATTR_NAME, "says");
  expect(4, PUTIN, ATTR_NAME, NULL);
}

Test(extract, joined_verbs) {
  rules_run("Asked about the talks, Putin shook his head and said they had failed.\n"
      "She nodded when asked about it and said nothing.\n"
      "Xi met officials who agreed and said the plan was good.");
  expect(0, PUTIN, ATTR_NAME, "said");
  expect(2, 0, ATTR_NONE, NULL);
}

Test(extract, affiliations) {
  rules_run("Putin of the Russian Security Council (RSC) said the talks had failed.\n"
      "A spokesman for the Chinese president, Xi, said so.\n"
      "The head of the Chinese Communist Party, Xi, said the talks had failed.");
  expect(0, PUTIN, ATTR_NAME, "said");
  expect(1, 0, ATTR_NONE, NULL);
  expect(2, XI, ATTR_NAME, "said");
}

Test(extract, unregistered_role_noun_means_the_last_speaker_with_that_role) {
  rules_run("Xi said the talks were good. “We will meet again,” the president said. "
      "“Not soon,” the minister said.\nPutin arrived. According to him, the talks failed.");
  expect(1, XI, ATTR_ROLE, "said");
  expect(2, 0, ATTR_NONE, NULL);
  expect(4, PUTIN, ATTR_PRONOUN, "according to");
}

Test(extract, naming_is_narration_but_sets_the_pronoun) {
  rules_run("Putin called the plan “a trap.” He said it would fail.\n"
      "A professor, who was not involved, called it “bold.” She noted, however, that it may work.");
  cr_assert_eq(rules.res.statement_count, 4);
  expect(0, 0, ATTR_NONE, NULL);
  expect(1, PUTIN, ATTR_PRONOUN, "said");
  expect(3, 0, ATTR_NONE, NULL);
}
