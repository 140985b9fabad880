/* test_import_progress.c - the progress text of saywho import: bar, counts,
 * rate and ETA, and the form without a known total. */
#include <criterion/criterion.h>

#include "progress.h"

Test(import_progress, bar_count_rate_and_eta)
{
  char buf[160];
  cr_expect_str_eq(progress_format(buf, sizeof buf, 1000, 2000, 2.0, true),
                   "[###############...............]  1000/2000  50%  500/s  ETA 0:02");
  cr_expect_str_eq(progress_format(buf, sizeof buf, 1000, 2000, 2.0, false),
                   "1000/2000  50%  500/s  ETA 0:02");
  cr_expect_str_eq(progress_format(buf, sizeof buf, 0, 10, 0.0, false), "0/10  0%  0/s  ETA ?");
  cr_expect_str_eq(progress_format(buf, sizeof buf, 10, 10, 1.0, true),
                   "[##############################]  10/10  100%  10/s  ETA 0:00");
  cr_expect_str_eq(progress_format(buf, sizeof buf, 1, 100000, 1.0, false),
                   "1/100000  0%  1/s  ETA 27:46:39");
  cr_expect_str_eq(progress_format(buf, sizeof buf, 100, 40000, 10.0, false),
                   "100/40000  0%  10/s  ETA 1:06:30");
}

Test(import_progress, without_a_total)
{
  char buf[160];
  cr_expect_str_eq(progress_format(buf, sizeof buf, 42, 0, 2.0, true), "42 articles  21/s");
}
