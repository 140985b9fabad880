/* test_recovery.c - PostgreSQL stops and comes back while saywho runs: /health
 * answers 503, then 200 again, with no restart of saywho. Runs alone (it stops
 * the shared test database). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* Runs a function of scripts/lib.sh against the test cluster. */
static int cluster(const char *action)
{
  const char *root = getenv("SAYWHO_SOURCE_ROOT"), *dir = getenv("SAYWHO_TEST_PGDIR");
  if (root == NULL || dir == NULL)
    return -1;
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "bash -c 'set -e; source \"%s/scripts/lib.sh\"; %s \"%s\"'", root,
           action, dir);
  return system(cmd);
}

static int health_status(const struct test_server *s)
{
  struct http_reply r;
  int status = http_get(s, "/health", &r) == 0 ? r.status : 0;
  http_reply_free(&r);
  return status;
}

Test(recovery, database_restart_gives_503_then_200, .init = require_database, .timeout = 90)
{
  if (getenv("SAYWHO_TEST_PGDIR") == NULL)
    cr_skip_test("SAYWHO_TEST_PGDIR is not set: the cluster cannot be restarted");
  struct test_server s;
  server_start(&s, (const char *const[]){"DB_WAIT_MS=500", NULL});
  cr_assert_eq(health_status(&s), 200);

  cr_assert_eq(cluster("pg_stop"), 0, "stopping PostgreSQL failed");
  int down = 0;
  for (int i = 0; i < 3; i++)
    down += health_status(&s) == 503;
  cr_expect_eq(down, 3, "every request while the database is down gets 503");
  /* The problem says what, not where: no socket path, host, port or libpq text. */
  const char *dir = getenv("SAYWHO_TEST_PGDIR");
  const char *paths[] = {"/health", "/statements?limit=1", "/speakers/xi-jinping"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    struct http_reply r;
    cr_assert_eq(http_get(&s, paths[i], &r), 0);
    cr_expect_eq(r.status, 503, "%s", paths[i]);
    cr_expect(r.body != NULL && strstr(r.body, "database") != NULL, "%s: %s", paths[i], r.body);
    cr_expect(r.body != NULL && strstr(r.body, dir) == NULL && strstr(r.body, "port") == NULL &&
                  strstr(r.body, "socket") == NULL && strstr(r.body, "server") == NULL,
              "%s: a 503 names where the database is: %s", paths[i], r.body);
    http_reply_free(&r);
  }

  cr_assert_eq(cluster("pg_start"), 0, "starting PostgreSQL again failed");
  int status = 0;
  for (int i = 0; i < 50 && status != 200; i++) {
    status = health_status(&s);
    if (status != 200)
      usleep(100000);
  }
  cr_expect_eq(status, 200, "saywho did not recover after the database came back");

  /* A restart between two requests: the pooled connection the next request
   * gets is dead, and is replaced before the query instead of costing a 503. */
  cr_assert_eq(cluster("pg_stop"), 0);
  cr_assert_eq(cluster("pg_start"), 0);
  cr_expect_eq(health_status(&s), 200, "the first request after a quiet restart failed");
  cr_expect_eq(server_stop(&s), 0);
}
