/* test_sixth.c - the constructions of the sixth blind round (real copy) that
 * the engine missed: bracketed and unregistered transcript labels, a
 * press-conference extract introduced by a colon line, name headings with a
 * dash, and the subject shapes it showed; one rule a test, each with the near
 * miss that must stay narration. The examples are written for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "rules.h"

enum { MORGAN = 1, SHARMA, MALONEY, DREW, MOURINHO, SOLSKJAER, HALL, PAGE, CRAIG, PRICE, WATSON,
       WHYLIE, SILVER, ABADI, HUTTON };

static void setup(void) {
  static const char *const morgan[] = {"Morgan"};
  static const char *const sharma[] = {"Sharma"};
  static const char *const maloney[] = {"Maloney"};
  static const char *const mourinho[] = {"Mourinho"};
  static const char *const solskjaer[] = {"Solskjaer"};
  static const char *const hall[] = {"Hall", "Professor Jim Hall"};
  static const char *const page[] = {"Page"};
  static const char *const craig[] = {"Craig"};
  static const char *const price[] = {"Price"};
  static const char *const watson[] = {"Watson"};
  static const char *const whylie[] = {"Whylie"};
  static const char *const silver[] = {"Silver"};
  static const char *const hutton[] = {"Hutton"};
  struct roster_speaker sp[] = {
      {MORGAN, "Eoin Morgan", morgan, 1},        {SHARMA, "Rohit Sharma", sharma, 1},
      {MALONEY, "Bob Maloney", maloney, 1},      {DREW, "Drew", NULL, 0},
      {MOURINHO, "Jose Mourinho", mourinho, 1},  {SOLSKJAER, "Ole Gunnar Solskjaer", solskjaer, 1},
      {HALL, "Jim Hall", hall, 2},               {PAGE, "Andy Page", page, 1},
      {CRAIG, "Dianne Craig", craig, 1},         {PRICE, "Daniel Price", price, 1},
      {WATSON, "Shane Watson", watson, 1},       {WHYLIE, "Allen Whylie", whylie, 1},
      {SILVER, "Sheldon Silver", silver, 1},     {ABADI, "Haider al-Abadi", NULL, 0},
      {HUTTON, "Kate Hutton", hutton, 1}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(sixth, .init = setup, .fini = rules_free);

Test(sixth, bracketed_label_opens_a_turn) {
  rules_run("What did you tell Jos?\n[Eoin Morgan:] Quite simple, don't mess it up! No, not at all.\n"
      "Jos is a world-class player.\n[Rohit Sharma:] I am very grateful.\n");
  EXPECT(0, MORGAN, MORGAN, MORGAN, SHARMA);
  /* A bracketed aside opening a paragraph labels nobody. */
  rules_run("[Eoin Morgan was not at the event.] The captains met on Tuesday.\n");
  EXPECT(0, 0);
}

Test(sixth, unregistered_label_ends_a_turn) {
  rules_run("Maloney: The water came up fast. It was bad.\nThe roads are closed.\n"
      "John Roberts: Bob, how bad was the surge? Thanks, Bob.\nRomans: All right.\n");
  EXPECT(MALONEY, MALONEY, MALONEY, 0, 0, 0);
  /* A colon later in a paragraph is no label: the turn runs on. */
  rules_run("Maloney: The water came up fast.\nWe had two choices: stay or go.\n");
  EXPECT(MALONEY, MALONEY);
}

Test(sixth, relative_that_names_the_speaker) {
  rules_run("The resident, who gave his name as Drew, said: \"The flats were on fire.\"\n");
  EXPECT(DREW);
  /* A relative that only mentions a name does not make it the subject. */
  rules_run("The resident, who called Drew, said the flats were on fire.\n");
  EXPECT(0);
}

Test(sixth, with_subject_and_participle) {
  rules_run("Tottenham manager Jose Mourinho faces the press.\n"
      "Giovani Lo Celso (knock) is also a doubt, with the manager saying:\n"
      "United are injury-free, with Solskjaer saying: \"Harry had a knock.\"\n");
  EXPECT(0, MOURINHO, SOLSKJAER);
  /* "with" and a name that is the object: no subject of the participle. */
  rules_run("He met with Solskjaer on Tuesday, saying little.\n");
  EXPECT(0);
}

Test(sixth, role_noun_with_an_of_phrase) {
  rules_run("Professor Jim Hall studies floods.\n"
      "The professor of climate and environmental risks added: \"The floods were bad.\"\n");
  EXPECT(0, HALL);
  /* "of" and a capitalised place: another person ("The representative of Algeria"). */
  rules_run("Professor Jim Hall studies floods.\nThe professor of Oxford added that floods were bad.\n");
  EXPECT(0, 0);
}

Test(sixth, titles_with_at_and_two_appositions) {
  rules_run("Chief Forecaster at the Met Office, Andy Page, added: \"It will be hot.\"\n"
      "Dianne Craig, president and CEO, Ford of Canada, said that the plant matters.\n");
  EXPECT(PAGE, CRAIG);
  /* An age between commas is no title: "X, 52, of Harrogate, denies 14 counts" stays as before. */
  rules_run("Daniel Price, 52, of Harrogate, denies 14 counts of fraud.\n");
  EXPECT(0);
}

Test(sixth, extract_introduced_by_a_colon_line) {
  rules_run("As Shane Watson addressed the media, he spoke about his tactics.\n"
      "Here's an extract from his press conference:\nThe final hour\n"
      "I thought we were in the game. Unfortunately, things didn't go right.\n"
      "Pujara, the ‘thorn in the throat’\nPujara has batted very well.\n");
  EXPECT(0, 0, WATSON, WATSON, 0, WATSON);
  /* An extract of a document is nobody's words. */
  rules_run("Shane Watson was named captain.\nThe report runs to 40 pages.\n"
      "The final hour was tense.\n");
  EXPECT(0, 0, 0);
}

Test(sixth, name_heading_with_a_dash_heads_the_quotation) {
  rules_run("Here's his public plea:\nAllen Whylie - Commissioner of Police\n"
      "\"I do want to appeal to citizens. Some cases have been solved.\"\n");
  EXPECT(0, WHYLIE, WHYLIE);
  /* The heading over narration heads nothing. */
  rules_run("Allen Whylie - Commissioner of Police\nThe commissioner returned from leave.\n");
  EXPECT(0);
}

Test(sixth, age_the_article_gave_is_an_anaphor) {
  rules_run("Silver, 72, was convicted in 2015.\n"
      "The 72-year-old Democrat told reporters he would appeal.\n");
  EXPECT(0, SILVER);
  /* An age nobody was given means nobody. */
  rules_run("Silver, 72, was convicted in 2015.\nThe 54-year-old told reporters he would appeal.\n");
  EXPECT(0, 0);
}

Test(sixth, surname_after_an_arabic_particle) {
  rules_run("Dr. Abadi thanked the President for his call.\n");
  EXPECT(ABADI);
  /* Only the surname whole: "Abadiyah" is somebody else. */
  rules_run("Abadiyah thanked the President for his call.\n");
  EXPECT(0);
}

Test(sixth, cues_added_are_found) {
  /* The hand list is binary-searched: a word out of order would be lost. */
  static const char *const words[] = {"condemns", "defended", "defends", "disagreed", "indicated",
                                      "joked", "pleaded", "recalled", "recognised", "recognized",
                                      "revealed", "rued", "said", "warned", NULL};
  for (size_t k = 0; words[k]; k++)
    cr_expect(lexicon_cue(words[k], strlen(words[k]), NULL, 0, NULL, 0, 0), "%s", words[k]);
}

Test(sixth, according_to_a_name_and_its_affiliation) {
  rules_run("According to Kate Hutton of the California Institute of Technology, the quake was small.\n");
  EXPECT(HUTTON);
  /* An "of" phrase that is no institution leaves the clause to decide. */
  rules_run("According to Kate Hutton of the survey, the quake was small.\n");
  EXPECT(0);
}

Test(sixth, progressive_cue) {
  rules_run("Allen Whylie returned to duty.\nSo, the commissioner is asking eyewitnesses to come forward.\n"
      "Whylie is asking them again. He was telling reporters it is hard.\n");
  EXPECT(0, 0, WHYLIE, WHYLIE);
  rules_run("Police Commissioner Allen Whylie returned.\n"
      "So, the commissioner is asking eyewitnesses to come forward.\n");
  EXPECT(0, WHYLIE);
  /* Somebody unknown asking stays nobody's. */
  rules_run("Allen Whylie returned to duty.\nThe family is asking for privacy.\n");
  EXPECT(0, 0);
}

Test(sixth, possessive_is_an_antecedent_when_nobody_else_is) {
  rules_run("Earlier we showed you Allen Whylie's first comments since his return.\n"
      "He asked the public to help.\n");
  EXPECT(0, WHYLIE);
  /* Not when "he" meant somebody before the sentence: never Whylie then. */
  rules_run("\"We will help,\" Silver said.\nWe showed you Allen Whylie's first comments.\n"
      "He asked the public to help.\n");
  EXPECT(SILVER, 0, 0);
}
