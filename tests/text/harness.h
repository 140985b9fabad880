/* harness.h - runs the text engine over a wire article and compares it with a
 * labels file (the format of the seed labels in tests/data/seed). */
#ifndef SAYWHO_TEXT_HARNESS_H
#define SAYWHO_TEXT_HARNESS_H

#include <stdio.h>

struct harness_score {
  int statements;      /* labelled statements */
  int mismatches;      /* texts, sections, speakers, cues that differ */
  int split_exact;     /* statements whose text matched */
  int attributed_true; /* labelled with a speaker (not ambiguous) */
  int attributed_got;  /* attributed by the engine (labelled non-ambiguous) */
  int attributed_ok;   /* engine's speaker equals the label's */
};

/* Runs article txt_path against labels_path; prints every difference to log
 * (when verbose, every statement too). Returns 0, or -1 when a file cannot be
 * read or parsed (a message goes to log). */
int harness_run(const char *txt_path, const char *labels_path, FILE *log, int verbose,
                struct harness_score *score);

/* Joins dir and name into buf. */
const char *harness_path(char *buf, size_t size, const char *dir, const char *name);

#endif
