/* test_linear.c - the engine's cost grows linearly with its input, whatever
 * the input: each adversarial shape at 4x the size costs at most ~5x the CPU
 * time (best of a few repetitions, so a loaded machine does not decide). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <time.h>

#include "extract.h"
#include "shapes.h"
#include "wire.h"

#define REPEAT 5
#define MAX_RATIO 5.0

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of wire_parse + extract_run over body (best of REPEAT), and of
 * building the roster when speakers > 0 (else a small fixed roster). */
static double cost(enum shape s, size_t bytes, size_t speakers) {
  size_t len;
  char *body = shape_body(s, bytes, &len);
  cr_assert(body);
  double best = 1e30;
  for (int k = 0; k < REPEAT; k++) {
    double t0 = cpu_now();
    struct roster *r = shape_roster(speakers ? speakers : 2);
    cr_assert(r);
    struct wire_article art;
    struct extract_result res;
    char err[256];
    cr_assert_eq(wire_parse(body, len, &art, err, sizeof err), 0, "%s", err);
    int rc = extract_run(r, art.body, art.body_len, 0, &res, err, sizeof err);
    cr_assert_eq(rc, EXTRACT_OK, "%s: %s", shape_name(s), err);
    cr_assert_gt(res.statement_count, 0);
    extract_result_free(&res);
    wire_article_free(&art);
    roster_free(r);
    double t = cpu_now() - t0;
    if (t < best)
      best = t;
  }
  free(body);
  return best;
}

static void linear(enum shape s, size_t bytes, size_t speakers) {
  double small = cost(s, bytes, speakers);
  double big = cost(s, bytes * 4, speakers * 4);
  cr_log_info("%s: %zu bytes %.4f s, %zu bytes %.4f s, ratio %.2f", shape_name(s), bytes, small,
              bytes * 4, big, big / small);
  cr_expect_leq(big, small * MAX_RATIO + 0.002, "%s: 4x the input took %.1fx the time",
                shape_name(s), big / small);
}

/* ~23,000 and ~92,000 short heading-like lines */
Test(linear, headings) { linear(SHAPE_HEADINGS, 300000, 0); }
Test(linear, endless_sentence) { linear(SHAPE_SENTENCE, 250000, 0); }
Test(linear, quotation_marks) { linear(SHAPE_QUOTES, 250000, 0); }
Test(linear, nested_brackets) { linear(SHAPE_BRACKETS, 250000, 0); }
/* 1,000 and 4,000 registered speakers, each named in the body */
Test(linear, registered_speakers) { linear(SHAPE_SPEAKERS, 80000, 1000); }

/* The default budget takes every shape as large as the caps allow. */
Test(budget, shapes_at_the_caps) {
  static const size_t bytes[SHAPE_COUNT] = {1200000, 4000000, 4000000, 4000000, 1200000};
  struct roster *r = shape_roster(4000);
  cr_assert(r);
  for (int s = 0; s < SHAPE_COUNT; s++) {
    size_t len;
    char *body = shape_body((enum shape)s, bytes[s], &len);
    cr_assert(body);
    struct extract_result res;
    char err[256];
    cr_expect_eq(extract_run(r, body, len, 0, &res, err, sizeof err), EXTRACT_OK, "%s: %s",
                 shape_name((enum shape)s), err);
    extract_result_free(&res);
    free(body);
  }
  roster_free(r);
}
