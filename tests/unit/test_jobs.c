/* test_jobs.c - the request queue: items run on its workers, and a push that
 * comes after jobs_stop() (a request resumed while the server shuts down) is
 * handed to the stop's drop function at once, not to freed memory. */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "jobs.h"

struct counted {
  struct job job; /* first: a job is a counted */
  atomic_int *runs, *drops;
};

static void run_one(struct job *item)
{
  atomic_fetch_add(((struct counted *)(void *)item)->runs, 1);
}

static void drop_one(struct job *item)
{
  atomic_fetch_add(((struct counted *)(void *)item)->drops, 1);
}

Test(jobs, runs_items_then_drops_pushes_after_stop)
{
  char err[128];
  struct jobs *j = jobs_start(2, run_one, NULL, 0, err, sizeof err);
  cr_assert_not_null(j, "%s", err);
  atomic_int runs = 0, drops = 0;
  struct counted items[8];
  for (size_t i = 0; i < 8; i++) {
    items[i] = (struct counted){.runs = &runs, .drops = &drops};
    jobs_push(j, &items[i].job);
  }
  for (int waited = 0; atomic_load(&runs) + atomic_load(&drops) < 8 && waited < 2000; waited++)
    nanosleep(&(struct timespec){.tv_nsec = 1000000L}, NULL);
  jobs_stop(j, drop_one);
  cr_expect_eq(atomic_load(&runs) + atomic_load(&drops), 8, "every item ran or was dropped");

  struct counted late = {.runs = &runs, .drops = &drops};
  int before = atomic_load(&drops);
  jobs_push(j, &late.job);
  cr_expect_eq(atomic_load(&drops), before + 1, "a push after the stop is dropped at once");
  jobs_stop(j, drop_one); /* a second stop is harmless */
  jobs_free(j);
}
