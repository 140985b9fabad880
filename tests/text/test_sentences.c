/* test_sentences.c - the sentence splitter. */
#include <criterion/criterion.h>
#include <string.h>

#include "sentences.h"

/* Splits text and checks the sentences against want (NULL-terminated). */
static void check(const char *text, const char *const *want) {
  struct splitter it;
  struct sentence_span sp;
  splitter_init(&it, text, strlen(text));
  size_t k = 0;
  while (splitter_next(&it, &sp)) {
    cr_assert(want[k], "extra sentence: %.*s", (int)(sp.end - sp.start), text + sp.start);
    cr_expect(strlen(want[k]) == sp.end - sp.start &&
                  memcmp(want[k], text + sp.start, sp.end - sp.start) == 0,
              "got <%.*s> want <%s>", (int)(sp.end - sp.start), text + sp.start, want[k]);
    k++;
  }
  cr_expect_null(want[k], "missing sentence: %s", want[k]);
}

#define CHECK(text, ...) check(text, (const char *const[]){__VA_ARGS__, NULL})

Test(sentences, simple) {
  CHECK("One two. Three four? Five! Six", "One two.", "Three four?", "Five!", "Six");
}

Test(sentences, abbreviations) {
  CHECK("The U.S. State Department said so. Mr. Smith and Dr. Jones agreed.",
        "The U.S. State Department said so.", "Mr. Smith and Dr. Jones agreed.");
  CHECK("He ranked No. 1 in Jan. 5 polls. The U.N. Security Council met.",
        "He ranked No. 1 in Jan. 5 polls.", "The U.N. Security Council met.");
  CHECK("Sanctions on the U.S. The move angered Washington.", "Sanctions on the U.S.",
        "The move angered Washington.");
  CHECK("Author J. K. Rowling and George W. Bush met.", "Author J. K. Rowling and George W. Bush met.");
}

Test(sentences, numbers) {
  CHECK("Trade rose 3.5 percent to $1.5 billion. Exports fell.",
        "Trade rose 3.5 percent to $1.5 billion.", "Exports fell.");
}

Test(sentences, quotes) {
  CHECK("He rejected \"rules.\" The talks ended.", "He rejected \"rules.\"", "The talks ended.");
  CHECK("\"Why not?\" he asked. \"We will go.\" Putin said.", "\"Why not?\" he asked.",
        "\"We will go.\" Putin said.");
  CHECK("\"Why not?\" Putin asked. Then he left.", "\"Why not?\" Putin asked.", "Then he left.");
  CHECK("\xe2\x80\x9cWe will win.\xe2\x80\x9d The crowd cheered.",
        "\xe2\x80\x9cWe will win.\xe2\x80\x9d", "The crowd cheered.");
  CHECK("She called it \"a disaster.\" but moved on.", "She called it \"a disaster.\" but moved on.");
}

Test(sentences, lines_and_punctuation) {
  CHECK("Heading\nFirst line. Second line\nThird", "Heading", "First line.", "Second line", "Third");
  CHECK("Wait... What happened? He paused \xe2\x80\x94 then spoke.", "Wait...", "What happened?",
        "He paused \xe2\x80\x94 then spoke.");
  CHECK("He said... and then left.", "He said... and then left.");
  CHECK("  padded.   Next.  ", "padded.", "Next.");
  CHECK("", NULL);
}

Test(sentences, non_latin) {
  CHECK("Путин заявил. Он добавил.", "Путин заявил.", "Он добавил.");
  CHECK("習近平說。普京說。", "習近平說。", "普京說。");
  CHECK("Erdo\xc4\x9f" "an spoke. \xc3\x89milie replied.", "Erdo\xc4\x9f" "an spoke.",
        "\xc3\x89milie replied.");
}

Test(sentences, offsets_and_flags) {
  const char *t = "A b. C d\nE f.";
  struct splitter it;
  struct sentence_span sp;
  splitter_init(&it, t, strlen(t));
  cr_assert(splitter_next(&it, &sp));
  cr_expect(sp.start == 0 && sp.end == 4 && sp.line_start && !sp.line_end);
  cr_assert(splitter_next(&it, &sp));
  cr_expect(sp.start == 5 && sp.end == 8 && !sp.line_start && sp.line_end);
  cr_assert(splitter_next(&it, &sp));
  cr_expect(sp.start == 9 && sp.end == 13 && sp.line_start && sp.line_end);
  cr_expect_not(splitter_next(&it, &sp));
}

/* The fourth blind round: a dateline's abbreviated state before its dash, and
 * an acronym with slashes ending a sentence. */
Test(sentences, dateline_region_and_slashed_acronym) {
  CHECK("NEW ORLEANS, La. - Tens of thousands were hit. Many had never flooded.",
        "NEW ORLEANS, La. - Tens of thousands were hit.", "Many had never flooded.");
  CHECK("WATERLOO, Ont. \xe2\x80\x94 BlackBerry shares fell.", "WATERLOO, Ont. \xe2\x80\x94 BlackBerry shares fell.");
  CHECK("It missed estimates, according to I/B/E/S. Profit rose.",
        "It missed estimates, according to I/B/E/S.", "Profit rose.");
  /* A sentence that ends before a dash-led one still ends; an initial stays one. */
  CHECK("He left early, Mr. Ross said. - The end.", "He left early, Mr. Ross said.", "- The end.");
  CHECK("Author J. Rowling and George W. Bush met.", "Author J. Rowling and George W. Bush met.");
}
