/* test_ninth.c - constructions of the ninth blind round (real copy) the
 * engine missed once it had been scored held out: press pages titled by the
 * speaker's name after a separator, "Q." labels, narration that introduces
 * words with a colon; one rule a test, each with its near miss. The examples
 * are written for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

enum { TOWNSEND = 1, TSITSIPAS, KEYS, DUNN, RUF };

static void setup(void) {
  static const char *const townsend[] = {"Townsend"};
  static const char *const tsitsipas[] = {"Tsitsipas", "STEFANOS TSITSIPAS"};
  static const char *const keys[] = {"Keys"};
  static const char *const dunn[] = {"Dunn"};
  static const char *const ruf[] = {"Ruf"};
  struct roster_speaker sp[] = {{TOWNSEND, "Gregor Townsend", townsend, 1},
                                {TSITSIPAS, "Stefanos Tsitsipas", tsitsipas, 2},
                                {KEYS, "Madison Keys", keys, 1},
                                {DUNN, "Tim Dunn", dunn, 1},
                                {RUF, "Chris Ruf", ruf, 1}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(ninth, .init = setup, .fini = rules_free);

Test(ninth, press_page_titled_by_the_speaker) {
  rules_run("Press conference – Gregor Townsend\nThe coach spoke in Edinburgh.\n"
      "There have been three changes, can you talk through them?\n"
      "“Nick was struggling with an illness. He may recover.”\n"
      "Do you think we should play the game?\n“We are at the behest of the policy makers.”\n");
  EXPECT(0, 0, TOWNSEND, TOWNSEND, 0, TOWNSEND);
  /* A heading about the speaker with no separator before the name heads nothing. */
  rules_run("Scotland name Gregor Townsend's team\nThe coach spoke in Edinburgh.\n"
      "“Nick was struggling with an illness.”\n");
  EXPECT(0, 0);
}

Test(ninth, q_with_a_point_is_a_question) {
  rules_run("STEFANOS TSITSIPAS: It was a great match.\nI enjoyed it.\n"
      "Q. Why don't you like Medvedev?\nSTEFANOS TSITSIPAS: I do like him.\n");
  EXPECT(TSITSIPAS, TSITSIPAS, 0, TSITSIPAS);
  /* "Q." inside a sentence labels nothing: the turn runs on. */
  rules_run("STEFANOS TSITSIPAS: It was a great match.\nThe letter Q. is rare in Greek.\n");
  EXPECT(TSITSIPAS, TSITSIPAS);
}

Test(ninth, narration_introducing_words_with_a_colon) {
  rules_run("Keys talked about the loss in her news conference: “I think it was not my day. "
      "I got off to a bad start.”\n“I feel like the match got away from me.”\n");
  EXPECT(KEYS, KEYS, KEYS);
  /* A colon before a list, not a quotation, introduces no words. */
  rules_run("Keys faced two options: play on or retire.\n");
  EXPECT(0);
}

Test(ninth, narration_led_by_a_name_and_its_apposition) {
  rules_run("Tim Dunn, the launch director, described the flight as beautiful.\n"
      "Meanwhile, Chris Ruf, the mission's lead scientist, was elated. He said it felt fantastic.\n");
  EXPECT(DUNN, 0, RUF);
  /* A list after the name, no apposition closed by a comma: "he" is who it was. */
  rules_run("Tim Dunn, the launch director, described the flight as beautiful.\n"
      "Meanwhile, Chris Ruf, his wife and two colleagues were elated. He said it felt fantastic.\n");
  EXPECT(DUNN, 0, DUNN);
}
