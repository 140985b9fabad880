/* text_check.c - prints how the engine reads wire articles next to their labels.
 * Usage: text_check ARTICLE.txt [...]   (labels in ARTICLE.labels.json) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int main(int argc, char **argv) {
  int bad = 0, tot_true = 0, tot_got = 0, tot_ok = 0, tot_st = 0, tot_split = 0;
  for (int a = 1; a < argc; a++) {
    char labels[4096];
    size_t n = strlen(argv[a]);
    if (n < 4 || n + 20 > sizeof labels)
      continue;
    snprintf(labels, sizeof labels, "%.*s.labels.json", (int)(n - 4), argv[a]);
    struct harness_score s;
    printf("== %s\n", argv[a]);
    if (harness_run(argv[a], labels, stdout, getenv("VERBOSE") != NULL, &s) < 0)
      return 2;
    printf("   %d statements, %d mismatches\n", s.statements, s.mismatches);
    bad += s.mismatches;
    tot_true += s.attributed_true, tot_got += s.attributed_got, tot_ok += s.attributed_ok;
    tot_st += s.statements, tot_split += s.split_exact;
  }
  printf("split %d/%d  precision %d/%d  recall %d/%d\n", tot_split, tot_st, tot_ok, tot_got,
         tot_ok, tot_true);
  return bad ? 1 : 0;
}
