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
