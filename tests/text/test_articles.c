/* test_articles.c - our own labelled articles in several house styles. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "harness.h"

static void check(const char *name) {
  const char *dir = getenv("ARTICLES_DIR");
  cr_assert(dir, "ARTICLES_DIR is not set");
  char txt[4096], labels[4096], base[512];
  snprintf(base, sizeof base, "%s.txt", name);
  harness_path(txt, sizeof txt, dir, base);
  snprintf(base, sizeof base, "%s.labels.json", name);
  harness_path(labels, sizeof labels, dir, base);
  struct harness_score s;
  cr_assert_eq(harness_run(txt, labels, stderr, 0, &s), 0);
  cr_expect_eq(s.split_exact, s.statements);
  cr_expect_eq(s.mismatches, 0, "%s: %d differences (listed above)", name, s.mismatches);
}

Test(articles, wire_agency) { check("wire_agency"); }
Test(articles, official_readout) { check("official_readout"); }
Test(articles, newspaper_quotes) { check("newspaper_quotes"); }
Test(articles, press_briefing) { check("press_briefing"); }
Test(articles, non_latin_names) { check("non_latin_names"); }
Test(articles, us_politics) { check("us_politics"); }
Test(articles, uk_politics) { check("uk_politics"); }
