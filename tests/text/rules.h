/* rules.h - what the engine's rule suites share: one roster per test, the
 * engine run on a text, and checks of who said each statement.
 *
 * Criterion runs every test in a process of its own, so the one struct rules
 * is the test's own: built in the suite's .init, freed in its .fini. */
#ifndef SAYWHO_TEST_RULES_H
#define SAYWHO_TEST_RULES_H

#include <stddef.h>

#include "extract.h"

struct rules {
  struct roster *roster;
  struct extract_result res; /* of the last rules_run() */
  const char *body;          /* the text it ran on */
};
extern struct rules rules;

/* Builds the roster from sp[0..n); fails the test when it cannot. */
void rules_build(const struct roster_speaker *sp, size_t n);

/* Frees the result and the roster (a suite's .fini). */
void rules_free(void);

/* Runs the engine on text (NUL-terminated, kept by the caller); a test may
 * run several texts. Fails the test unless the engine answers EXTRACT_OK. */
void rules_run(const char *text);

/* The statements' speakers are want[0..n) in order, 0 for narration. */
void rules_expect_speakers(size_t n, const long long *want);

#define EXPECT(...)                                                                        \
  do {                                                                                     \
    const long long want_[] = {__VA_ARGS__};                                               \
    rules_expect_speakers(sizeof want_ / sizeof want_[0], want_);                          \
  } while (0)

/* Statement i's text, copied into a buffer the next call reuses. */
const char *rules_text(size_t i);

#endif
