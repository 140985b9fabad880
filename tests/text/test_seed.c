/* test_seed.c - the seed article comes out exactly as its labels file says. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "harness.h"

#define SEED "000_769c9fc006ba94f1"

Test(seed, matches_labels) {
  const char *dir = getenv("SEED_DIR");
  cr_assert(dir, "SEED_DIR is not set");
  char txt[4096], labels[4096];
  harness_path(txt, sizeof txt, dir, SEED ".txt");
  harness_path(labels, sizeof labels, dir, SEED ".labels.json");
  struct harness_score s;
  cr_assert_eq(harness_run(txt, labels, stderr, 0, &s), 0);
  cr_expect_eq(s.statements, 31);
  cr_expect_eq(s.split_exact, 31);
  cr_expect_eq(s.mismatches, 0, "%d differences (listed above)", s.mismatches);
}
