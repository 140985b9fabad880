/* test_recovery.c - PostgreSQL stops and comes back while saywho runs: /health
 * answers 503, then 200 again, with no restart of saywho; writes under load
 * meanwhile are answered 201 or 503 and none acknowledged is lost. Runs alone
 * (it stops the shared test database). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
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

enum { WRITERS = 4, WRITES_MAX = 20000 };

struct writer {
  const struct test_server *server;
  int index;
  atomic_bool *stop;
  int acked, unavailable, other; /* 201, 503, anything else (or no answer) */
  int *acked_seq;                /* the numbers of the acknowledged writes */
};

static void *write_until_stopped(void *arg)
{
  struct writer *w = arg;
  for (int seq = 0; !atomic_load(w->stop) && seq < WRITES_MAX; seq++) {
    char body[96];
    snprintf(body, sizeof body, "{\"name\": \"Outage Writer %d %d\"}", w->index, seq);
    struct http_reply r;
    int status = http_send_json(w->server, "POST", "/speakers", body, &r) == 0 ? r.status : 0;
    http_reply_free(&r);
    if (status == 201)
      w->acked_seq[w->acked++] = seq;
    else if (status == 503)
      w->unavailable++;
    else
      w->other++;
  }
  return NULL;
}

/* Every acknowledged write of w is in the table. */
static int count_kept(PGconn *db, const struct writer *w)
{
  size_t cap = (size_t)w->acked * 40 + 128, n = 0;
  char *sql = malloc(cap);
  cr_assert_not_null(sql);
  n += (size_t)snprintf(sql, cap, "SELECT count(*) FROM speakers WHERE name = ANY('{");
  for (int i = 0; i < w->acked; i++)
    n += (size_t)snprintf(sql + n, cap - n, "%s\"Outage Writer %d %d\"", i ? "," : "", w->index,
                          w->acked_seq[i]);
  snprintf(sql + n, cap - n, "}'::text[])");
  int kept = (int)test_db_scalar(db, sql);
  free(sql);
  return kept;
}

Test(recovery, writes_during_an_outage_are_answered_and_none_acknowledged_is_lost,
     .init = require_database, .timeout = 90)
{
  if (getenv("SAYWHO_TEST_PGDIR") == NULL)
    cr_skip_test("SAYWHO_TEST_PGDIR is not set: the cluster cannot be restarted");
  struct test_server s;
  server_start(&s, (const char *const[]){"DB_WAIT_MS=500", NULL});
  atomic_bool stop = false;
  struct writer w[WRITERS];
  pthread_t t[WRITERS];
  for (int i = 0; i < WRITERS; i++) {
    w[i] = (struct writer){&s, i, &stop, 0, 0, 0, calloc(WRITES_MAX, sizeof(int))};
    cr_assert_not_null(w[i].acked_seq);
    cr_assert_eq(pthread_create(&t[i], NULL, write_until_stopped, &w[i]), 0);
  }
  usleep(1000000);
  cr_assert_eq(cluster("pg_stop"), 0, "stopping PostgreSQL failed");
  usleep(3000000);
  cr_assert_eq(cluster("pg_start"), 0, "starting PostgreSQL again failed");
  usleep(1500000);
  atomic_store(&stop, true);
  int acked = 0, unavailable = 0, other = 0, kept = 0;
  PGconn *db = NULL;
  for (int i = 0; i < WRITERS; i++)
    pthread_join(t[i], NULL);
  db = test_db();
  for (int i = 0; i < WRITERS; i++) {
    acked += w[i].acked;
    unavailable += w[i].unavailable;
    other += w[i].other;
    kept += count_kept(db, &w[i]);
    free(w[i].acked_seq);
  }
  fprintf(stderr, "outage of 3 s under %d writers: %d acknowledged, %d kept, %d answered 503, "
          "%d other\n", WRITERS, acked, kept, unavailable, other);
  cr_expect_gt(unavailable, 0, "the outage was not seen");
  cr_expect_gt(acked, 0);
  cr_expect_eq(kept, acked, "acknowledged writes were lost");
  cr_expect_eq(other, 0, "a write got neither 201 nor 503");
  test_db_exec(db, "DELETE FROM speakers WHERE name LIKE 'Outage Writer %'");
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0);
}
