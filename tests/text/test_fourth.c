/* test_fourth.c - the constructions of the fourth blind round (real copy) that
 * the engine missed: transcript labels alone on their line, quote round-ups
 * with a name line before or after each quotation, speeches and statements
 * introduced by "Statement by X" or read by a named spokesperson, and the
 * subject and role shapes it showed; one rule a test, each with the near miss
 * that must stay narration. The examples are written for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

enum { PUTIN = 1, ERDOGAN, HERDMAN, TEJEDOR, RYSER, NIZZO, KLOPP, WOODWARD, MANTOO, OBAMA, ABADI,
       RONALDO, SILVER, REVITTE, LABBE, CRAIG };

static void setup(void) {
  static const char *const putin[] = {"Putin", "President of Russia Vladimir Putin"};
  static const char *const erdogan[] = {"Erdogan", "President of Turkey Recep Tayyip Erdogan"};
  static const char *const herdman[] = {"Herdman"};
  static const char *const tejedor[] = {"Tejedor"};
  static const char *const ryser[] = {"Ryser"};
  static const char *const nizzo[] = {"Nizzo"};
  static const char *const klopp[] = {"Klopp"};
  static const char *const woodward[] = {"Woodward", "Ambassador Barbara Woodward"};
  static const char *const mantoo[] = {"Mantoo"};
  static const char *const obama[] = {"Obama", "President Obama"};
  static const char *const abadi[] = {"al-Abadi", "Dr. Haider al-Abadi"};
  static const char *const ronaldo[] = {"Ronaldo"};
  static const char *const silver[] = {"Silver"};
  static const char *const revitte[] = {"Revitte"};
  static const char *const labbe[] = {"Labbé"};
  static const char *const craig[] = {"Craig", "Detroit Police Chief James Craig"};
  struct roster_speaker sp[] = {
      {PUTIN, "Vladimir Putin", putin, 2},         {ERDOGAN, "Recep Tayyip Erdogan", erdogan, 2},
      {HERDMAN, "John Herdman", herdman, 1},       {TEJEDOR, "Marta Tejedor", tejedor, 1},
      {RYSER, "Dany Ryser", ryser, 1},             {NIZZO, "Luiz Nizzo", nizzo, 1},
      {KLOPP, "Jurgen Klopp", klopp, 1},           {WOODWARD, "Barbara Woodward", woodward, 2},
      {MANTOO, "Shabia Mantoo", mantoo, 1},        {OBAMA, "Barack Obama", obama, 2},
      {ABADI, "Haider al-Abadi", abadi, 2},        {RONALDO, "Cristiano Ronaldo", ronaldo, 1},
      {SILVER, "Sheldon Silver", silver, 1},       {REVITTE, "Frank Revitte", revitte, 1},
      {LABBE, "Ivo Labbé", labbe, 1},              {CRAIG, "James Craig", craig, 2}};
  rules_build(sp, sizeof sp / sizeof sp[0]);
}

TestSuite(fourth, .init = setup, .fini = rules_free);

Test(fourth, transcript_label_alone_on_its_line) {
  rules_run("Vladimir Putin met Recep Tayyip Erdogan in the Kremlin.\n"
      "President of Russia Vladimir Putin:\nMr. President, colleagues,\n"
      "I am happy to welcome you. We are glad.\n"
      "President of Turkey Recep Tayyip Erdogan (retranslated):\nI would like to thank my friend.\n");
  EXPECT(0, PUTIN, PUTIN, PUTIN, PUTIN, ERDOGAN, ERDOGAN);
  /* A name with a colon inside a sentence labels nothing, nor does a role. */
  rules_run("The guest list read like this: Putin.\nWe will see.\nThe President:\nIt went well.\n");
  EXPECT(0, 0, 0, 0);
}

Test(fourth, roundup_name_line_before_the_quotation) {
  rules_run("Chile-New Zealand: Quotes\nJohn Herdman, New Zealand coach\n"
      "I feel sorry for the Chile fans. It was a very exciting evening.\n"
      "Marta Tejedor, Chile coach\nWe feel great sadness. Nobody likes to lose at home.\n");
  EXPECT(HERDMAN, HERDMAN, TEJEDOR, TEJEDOR);
  /* A name line over narration heads nothing: no quotation, no first person. */
  rules_run("Marta Tejedor, Chile coach\nChile lost 3-2 in Santiago on Wednesday.\n"
      "The second half was exciting.\n");
  EXPECT(0, 0);
}

Test(fourth, roundup_name_line_after_the_quotation) {
  rules_run("Nigeria 2009 Quotes\nWe played the perfect game. We'll prove that against Japan.\n"
      "Dany Ryser, Switzerland coach\nMy head's still buzzing. We need to stay calm now.\n"
      "Luiz Nizzo, Brazil coach\n");
  EXPECT(RYSER, RYSER, NIZZO, NIZZO, 0);
  /* A name line after narration, or after somebody's words, takes nothing. */
  rules_run("Switzerland won 2-1 in Lagos.\nDany Ryser, Switzerland coach\nThe team flies home.\n");
  EXPECT(0, 0);
  rules_run("\"We played well,\" Herdman said.\nDany Ryser, Switzerland coach\nIt rained.\n");
  EXPECT(HERDMAN, 0);
}

Test(fourth, roundup_caption_after_the_quotation) {
  rules_run("THEY SAID IT...\n\"We don't like losing. We are bad losers.\"\n"
      "Liverpool manager Jurgen Klopp after his side won the FA Cup on Saturday.\n");
  EXPECT(0, KLOPP, KLOPP, 0);
  /* A sentence with a cue of its own, or narration before it, is no caption. */
  rules_run("\"We don't like losing.\"\nJurgen Klopp said after the final that he was proud.\n");
  EXPECT(0, KLOPP);
  rules_run("Liverpool won the cup.\nJurgen Klopp after the final hugged his players.\n");
  EXPECT(0, 0);
}

Test(fourth, statement_read_runs_over_its_paragraphs) {
  rules_run("Shabia Mantoo, for the UN Refugee Agency, read the following statement:\n"
      "\u201cNew data shows that just 4.7 per cent of needs were met.\n"
      "This is according to data released this month.\nMore than half were for children.\n");
  EXPECT(MANTOO, MANTOO, MANTOO, MANTOO);
  /* Once the quotation closes, narration after it is nobody's. */
  rules_run("Shabia Mantoo, for the UN Refugee Agency, read the following statement:\n"
      "\u201cNew data shows that needs were unmet.\n"
      "Resettlement remains a life-saving tool.\u201d\nThe briefing then turned to Yemen.\n");
  EXPECT(MANTOO, MANTOO, MANTOO, 0);
}

Test(fourth, statement_by_heads_the_speech_after_it) {
  rules_run("Statement by Ambassador Barbara Woodward, UK Permanent Representative, at the Council.\n"
      "We welcome this session.\nThe majority were local aid workers.\n"
      "At the anniversary of the attack, we continue to call for accountability.\n");
  EXPECT(0, WOODWARD, WOODWARD, WOODWARD);
  /* Nobody known after "by", a cue of its own, or narration naming a speaker. */
  rules_run("Statement by the Foreign Office.\nWe welcome this session.\n");
  EXPECT(0, 0);
  rules_run("Statement by Woodward was praised by Herdman.\nWe welcome this session.\n");
  EXPECT(HERDMAN, 0); /* the passive's agent praised it; nobody's speech follows */
  rules_run("Statement by Ambassador Barbara Woodward.\nWe welcome this session.\n"
      "Herdman said the session was useful.\n");
  EXPECT(0, WOODWARD, HERDMAN);
}
