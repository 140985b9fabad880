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
       RONALDO, SILVER, REVITTE, LABBE, CRAIG, OFFORD, JORGENSEN, JAMES, JAVID, ACEVEDO };

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
  static const char *const offord[] = {"Offord"};
  static const char *const jorgensen[] = {"Jorgensen"};
  static const char *const james[] = {"James"};
  static const char *const javid[] = {"Javid"};
  static const char *const acevedo[] = {"Acevedo", "Houston Police Chief Art Acevedo"};
  struct roster_speaker sp[] = {
      {PUTIN, "Vladimir Putin", putin, 2},         {ERDOGAN, "Recep Tayyip Erdogan", erdogan, 2},
      {HERDMAN, "John Herdman", herdman, 1},       {TEJEDOR, "Marta Tejedor", tejedor, 1},
      {RYSER, "Dany Ryser", ryser, 1},             {NIZZO, "Luiz Nizzo", nizzo, 1},
      {KLOPP, "Jurgen Klopp", klopp, 1},           {WOODWARD, "Barbara Woodward", woodward, 2},
      {MANTOO, "Shabia Mantoo", mantoo, 1},        {OBAMA, "Barack Obama", obama, 2},
      {ABADI, "Haider al-Abadi", abadi, 2},        {RONALDO, "Cristiano Ronaldo", ronaldo, 1},
      {SILVER, "Sheldon Silver", silver, 1},       {REVITTE, "Frank Revitte", revitte, 1},
      {LABBE, "Ivo Labbé", labbe, 1},              {CRAIG, "James Craig", craig, 2},
      {OFFORD, "Malcolm Offord", offord, 1},       {JORGENSEN, "Blake Jorgensen", jorgensen, 1},
      {JAMES, "Steve James", james, 1},            {JAVID, "Sajid Javid", javid, 1},
      {ACEVEDO, "Art Acevedo", acevedo, 2}};
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
  rules_run("\"The players come to play in this league. This is the idea.\"\n"
      "City manager Jurgen Klopp plays down his influence in bringing Ivo Labbé to the club. "
      "City paid 60 million.\n");
  EXPECT(KLOPP, KLOPP, 0, 0);
  /* A sentence with a cue of its own, or narration before it, is no caption. */
  rules_run("\"We don't like losing.\"\nJurgen Klopp said after the final that he was proud.\n");
  EXPECT(0, KLOPP);
  rules_run("Liverpool won the cup.\nJurgen Klopp after the final hugged his players.\n");
  EXPECT(0, 0);
  rules_run("\"We won,\" Herdman said.\n\"It was hard.\"\nJurgen Klopp plays down the win.\n");
  EXPECT(HERDMAN, HERDMAN, 0);
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

Test(fourth, quotation_before_a_titled_tag_is_the_tag_speakers) {
  rules_run("\"They went to approach the suspect. The officers did return fire. "
      "It is unknown if their shots took effect,\" Chief Craig said.\n");
  EXPECT(CRAIG, CRAIG, CRAIG);
  /* Narration between the quotation and the tag keeps it apart. */
  rules_run("\"They went to approach the suspect.\" The officers did return fire, Chief Craig said.\n");
  EXPECT(0, CRAIG);
}

Test(fourth, inverted_subject_description_then_name) {
  rules_run("\"We're used to heavy rainfall,\" said Warning Coordination Meteorologist with the "
      "National Weather Service - Slidell, Frank Revitte. \"We issued an outlook.\"\n");
  EXPECT(REVITTE, REVITTE);
  /* "for" or "of" in the description: the name may be the one it works for. */
  rules_run("\"We won,\" said a spokesman for the champion, Ivo Labbé.\n");
  EXPECT(0);
  /* The name does not close the sentence: no subject. */
  rules_run("\"We won,\" said the coach, as Ivo Labbé looked on.\n");
  EXPECT(0);
}

Test(fourth, cues_continued_and_went_on_to_say) {
  rules_run("Ivo Labbé said he was shocked. \"I nearly spat out my coffee,\" he continued. "
      "\"We just discovered the impossible.\"\n");
  EXPECT(LABBE, LABBE, LABBE);
  rules_run("Labbé went on to say the findings may upend settled science.\n");
  EXPECT(LABBE);
  /* "continued" and "went on" that report no speech. */
  rules_run("Ivo Labbé continued his work. Labbé went on to win the prize.\n"
      "\"It works,\" the paper continued.\n");
  EXPECT(0, 0, 0);
}

Test(fourth, capitalised_role_of_a_registered_title) {
  rules_run("President Obama called Dr. Haider al-Abadi today.\n"
      "The President expressed his support for the new government.\n");
  EXPECT(0, OBAMA);
  rules_run("Detroit Police Chief James Craig spoke on Monday.\nThe officers were on patrol.\n"
      "The police chief says the man pulled out a gun.\n");
  EXPECT(0, 0, CRAIG);
  /* Capitals only part of the way, an acronym, or a title nobody has. */
  rules_run("President Obama called Dr. Haider al-Abadi today.\n"
      "The President minister said it went well. The UN said it went well.\n"
      "The Ambassador said it went well.\n");
  EXPECT(0, 0, 0, 0);
}

Test(fourth, titles_with_of_for_and_between_acronyms) {
  rules_run("Minister for Exports Lord Offord said the figures were good.\n"
      "In a statement, COO and CFO Blake Jorgensen said the game was robust.\n");
  EXPECT(OFFORD, JORGENSEN);
  /* "and" between two speakers is two speakers; "of" before a name is no title. */
  rules_run("Offord and Jorgensen said the figures were good.\n"
      "Friends of Offord said he was tired.\n");
  EXPECT(0, 0);
}

Test(fourth, coordinated_cue_after_an_object_is_the_head_subjects) {
  rules_run("Steve James confronted Sajid Javid on Friday and told him the science was weak.\n"
      "Steve James met Sajid Javid and said the talks went well.\n");
  EXPECT(JAMES, JAMES);
  /* Two subjects: nobody; a clause of the object's own: the object's (the
   * relative's cue is its antecedent's, test_twelfth). */
  rules_run("Steve James and Sajid Javid said the talks went well.\n"
      "Steve James met Sajid Javid, who smiled and said the talks went well.\n");
  EXPECT(0, JAVID);
}

Test(fourth, embedded_post_signed_after_it) {
  rules_run("A suspect has been arrested.\nHouston Police Chief Art Acevedo says the suspect was detained.\n"
      "Members of the @houstonpolice have taken the suspect into custody.\n"
      "MTF at press conference at 5 p.m.\n"
      "We can all breathe a sigh of relief. \u2014 Chief Art Acevedo (@ArtAcevedo) November 10, 2020\n");
  EXPECT(0, ACEVEDO, ACEVEDO, ACEVEDO, ACEVEDO, 0);
  /* Not introduced by its author: only the post's own paragraph; no handle, no post. */
  rules_run("A suspect has been arrested.\nThe suspect was detained on the freeway.\n"
      "We can all breathe a sigh of relief. \u2014 Chief Art Acevedo (@ArtAcevedo) November 10, 2020\n"
      "It rained. \u2014 Chief Art Acevedo, November 10\n");
  EXPECT(0, 0, ACEVEDO, 0, 0, 0);
}
