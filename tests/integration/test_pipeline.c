/* test_pipeline.c - GET /statements/{id} and /articles/{id} go through the
 * pipeline (server/pipeline.h): many reads in one batch each get their own
 * answer, the same bytes as the workers give; reads behind a stuck batch
 * get 503 after DB_WAIT_MS; killed pipeline connections cost no request,
 * count each read once and come back. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_helpers.h"

/* The pipeline connections of the saywho process pid, by their name. */
static long long pipeline_connections(PGconn *db, int pid)
{
  return db_num(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                    "'saywho-pipeline %d'", pid);
}

/* The tests of this file take turns: a table lock one holds would stall
 * another's reads (and their timings). Released when db closes. */
static void take_turn(PGconn *db)
{
  test_db_exec(db, "SELECT pg_advisory_lock(7310021)");
}

static void wait_pipeline_up(PGconn *db, const struct test_server *s, long long want)
{
  double t0 = test_now_ms();
  while (pipeline_connections(db, (int)s->pid) != want) {
    cr_assert_lt(test_now_ms() - t0, 5000, "the pipeline has not %lld connections after 5 s",
                 want);
    usleep(20000);
  }
}

/* Whether json has a blank outside its strings (the reads send their JSON as
 * it is, so it must come compact). */
static bool blank_outside_strings(const char *json)
{
  bool in_string = false;
  for (const char *p = json; *p != '\0'; p++) {
    if (in_string && *p == '\\' && p[1] != '\0')
      p++;
    else if (*p == '"')
      in_string = !in_string;
    else if (!in_string && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
      return true;
  }
  return false;
}

/* The body of GET path on s with its status. */
static char *answer_of(const struct test_server *s, const char *path, int *status)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, path, &r), 0);
  *status = r.status;
  char *b = strdup(r.body);
  http_reply_free(&r);
  return b;
}

/* More statement reads than one query takes (GROUP_MAX, 64): two groups. */
enum { READS = 120 };

/* Reads held behind a lock go out as one batch, the statements among them as
 * one query for all their ids and the articles as another
 * (pipeline_read.many); each answer is its own, byte for byte what a worker
 * answers. */
Test(pipeline, reads_held_in_one_batch_each_get_their_own_answer, .init = require_database,
     .timeout = 60)
{
  struct test_server s, workers;
  /* The batch out stays the one to wait behind, however long the lock. */
  server_start(&s, (const char *const[]){"CACHE_BYTES=0", "DB_PIPELINES=1", "DB_WAIT_MS=20000",
                                         "DB_PIPELINE_STUCK_MS=60000",
                                         "STATEMENT_TIMEOUT_MS=20000", NULL});
  server_start(&workers, (const char *const[]){"CACHE_BYTES=0", "DB_PIPELINES=0", NULL});
  PGconn *db = test_db(), *locker = test_db();
  take_turn(db);
  wait_pipeline_up(db, &s, 1);
  long long article = make_article(db, "2026-04-01", READS, NULL);
  long long other = make_article(db, "2026-04-02", 3, "Sport");
  /* Speakers, mentions (shared and not) and confidences that differ. */
  free(db_text(db,
               "UPDATE statements SET speaker_id = CASE WHEN seq %% 3 = 0 THEN NULL ELSE "
               "(SELECT id FROM speakers WHERE slug = CASE WHEN seq %% 3 = 1 THEN 'xi-jinping' "
               "ELSE 'vladimir-putin' END) END, method = CASE WHEN seq %% 3 = 0 THEN NULL ELSE "
               "'name'::attribution_method END, confidence = CASE WHEN seq %% 3 = 0 THEN NULL "
               "ELSE 0.5 + seq %% 50 / 100.0 END, mention_ids = CASE seq %% 4 WHEN 0 THEN '{}' "
               "WHEN 1 THEN ARRAY(SELECT id FROM speakers WHERE slug = 'xi-jinping') ELSE "
               "ARRAY(SELECT id FROM speakers WHERE slug IN ('xi-jinping', 'vladimir-putin') "
               "ORDER BY slug DESC) END, quotes = CASE WHEN seq %% 5 = 0 THEN "
               "ARRAY['a \"quoted\" word', 'two'] ELSE '{}' END "
               "WHERE article_id IN (%lld, %lld)",
               article, other));
  free(db_text(db, "UPDATE articles SET sections = ARRAY['Intro', 'The body'] WHERE id = %lld",
               other));
  char paths[READS][64];
  long long want[READS];
  for (int i = 0; i < READS; i++) {
    /* Statements (one of them twice), two articles, and ids that do not
     * exist, interleaved. */
    if (i % 6 == 5) {
      want[i] = 0;
      snprintf(paths[i], sizeof paths[i], "/statements/%lld", 900000000LL + i);
    } else if (i % 6 == 4) {
      want[i] = i % 12 == 4 ? article : other;
      snprintf(paths[i], sizeof paths[i], "/articles/%lld", want[i]);
    } else {
      want[i] = statement_id(db, article, i % 6 == 3 ? i - 1 : i);
      snprintf(paths[i], sizeof paths[i], "/statements/%lld", want[i]);
    }
  }
  /* The first read's batch waits on the lock; the others gather behind it
   * and go out as one batch when it is lifted. */
  test_lock_statements(locker);
  int fds[READS];
  for (int i = 0; i < READS; i++) {
    fds[i] = http_send_get(&s, paths[i], true);
    if (i == 0)
      usleep(100000);
  }
  usleep(200000);
  test_db_exec(locker, "ROLLBACK");
  for (int i = 0; i < READS; i++) {
    size_t len = 0;
    char *answer = http_read_for(fds[i], 10000, &len);
    cr_assert(answer != NULL, "GET %s: no answer", paths[i]);
    int status;
    char *worker = answer_of(&workers, paths[i], &status);
    char line[32];
    snprintf(line, sizeof line, "HTTP/1.1 %d ", status);
    cr_expect(strncmp(answer, line, strlen(line)) == 0, "GET %s: %.300s, a worker %d", paths[i],
              answer, status);
    cr_expect_eq(status, want[i] == 0 ? 404 : 200, "GET %s: a worker %d", paths[i], status);
    const char *body = strstr(answer, "\r\n\r\n");
    cr_expect(body != NULL && strcmp(body + 4, worker) == 0,
              "GET %s answered other bytes than a worker: %.300s\nworker: %.300s", paths[i],
              body ? body + 4 : answer, worker);
    cr_expect(body == NULL || !blank_outside_strings(body + 4), "GET %s is not compact: %.300s",
              paths[i], body ? body + 4 : answer);
    char count[32];
    snprintf(count, sizeof count, "\"statement_count\":%d", want[i] == article ? READS : 3);
    if (i % 6 == 4)
      cr_expect(strstr(answer, count) != NULL, "GET %s: %.300s", paths[i], answer);
    free(worker);
    free(answer);
    close(fds[i]);
  }
  PQfinish(locker);
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0);
  cr_expect_eq(server_stop(&workers), 0);
}


Test(pipeline, answers_the_same_bytes_as_the_workers, .init = require_database, .timeout = 60)
{
  struct test_server piped, workers;
  server_start(&piped, (const char *const[]){"CACHE_BYTES=0", NULL});
  server_start(&workers, (const char *const[]){"CACHE_BYTES=0", "DB_PIPELINES=0", NULL});
  PGconn *db = test_db();
  take_turn(db);
  wait_pipeline_up(db, &piped, 2); /* DB_PIPELINES defaults to THREADS */
  cr_expect_eq(pipeline_connections(db, (int)workers.pid), 0);
  long long article = make_article(db, NULL, 3, "Sport");
  char paths[5][64];
  snprintf(paths[0], sizeof paths[0], "/statements/%lld", statement_id(db, article, 0));
  snprintf(paths[1], sizeof paths[1], "/articles/%lld", article);
  snprintf(paths[2], sizeof paths[2], "/statements/%lld", 900000000LL);
  snprintf(paths[3], sizeof paths[3], "/articles/%lld", 900000000LL);
  snprintf(paths[4], sizeof paths[4], "/statements/x1");
  for (int i = 0; i < 5; i++) {
    int st_p, st_w;
    char *a = answer_of(&piped, paths[i], &st_p), *b = answer_of(&workers, paths[i], &st_w);
    cr_expect_eq(st_p, st_w, "GET %s: %d through the pipeline, %d through a worker", paths[i],
                 st_p, st_w);
    cr_expect_str_eq(a, b, "GET %s differs", paths[i]);
    free(a);
    free(b);
  }
  PQfinish(db);
  cr_expect_eq(server_stop(&piped), 0);
  cr_expect_eq(server_stop(&workers), 0);
}

/* Reads the answer on fd (sent with Connection: close), expects a 200, closes fd. */
static void expect_200_then_close(int fd, const char *what)
{
  size_t len = 0;
  char *answer = http_read_for(fd, 5000, &len);
  cr_expect(answer != NULL && strncmp(answer, "HTTP/1.1 200 ", 13) == 0,
            "%s did not finish once the lock went: %s", what, answer ? answer : "(none)");
  free(answer);
  close(fd);
}

/* Reads sent while a batch is stuck on a lock: those that wait behind it
 * (sent within DB_PIPELINE_STUCK_MS of it, 50 by default) get 503 after DB_WAIT_MS; those that come
 * later go to the workers (one here), whose queue answers 503 after DB_WAIT_MS
 * too, but for the one a worker runs, which waits for the lock. */
Test(pipeline, reads_behind_a_stuck_batch_get_503_after_db_wait_ms, .init = require_database,
     .timeout = 60)
{
  struct test_server s;
  server_start(&s, (const char *const[]){"CACHE_BYTES=0", "DB_PIPELINES=1", "DB_POOL_SIZE=1",
                                         "DB_WAIT_MS=300", "STATEMENT_TIMEOUT_MS=20000", NULL});
  PGconn *db = test_db(), *locker = test_db();
  take_turn(db);
  wait_pipeline_up(db, &s, 1);
  long long article = make_article(db, NULL, 2, NULL);
  char path[64];
  snprintf(path, sizeof path, "/statements/%lld", statement_id(db, article, 0));
  test_lock_statements(locker);
  int stuck = http_send_get(&s, path, true);
  /* That read is the batch out, waiting on the lock, before any other is sent. */
  double t_stuck = test_now_ms();
  while (db_num(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                    "'saywho-pipeline %d' AND wait_event_type = 'Lock'", (int)s.pid) != 1) {
    cr_assert_lt(test_now_ms() - t_stuck, 5000, "the first read never waited on the lock");
    usleep(2000);
  }
  enum { WAITING = 6 };
  int fds[WAITING];
  double t0 = test_now_ms();
  for (int i = 0; i < WAITING; i++) {
    if (i == WAITING / 2)
      usleep(200000); /* the batch is stuck by now: the rest go to the workers */
    fds[i] = http_send_get(&s, path, true);
  }
  int refused = 0;
  for (int i = 0; i < WAITING; i++) {
    size_t len = 0;
    char *answer = http_read_for(fds[i], 1500, &len);
    bool busy = answer != NULL && strncmp(answer, "HTTP/1.1 503 ", 13) == 0 &&
                strstr(answer, "Retry-After: 1") != NULL;
    refused += busy;
    if (!busy)
      cr_expect_eq(len, 0, "a read behind a stuck batch: %s", answer);
    free(answer);
    if (busy)
      close(fds[i]);
    else
      fds[i] = -fds[i] - 1; /* still waiting: read after the lock goes */
  }
  double waited = test_now_ms() - t0;
  /* All but the one the only worker runs, which waits for the lock; without
   * the 50 ms bound it would have waited behind the stuck batch and got 503
   * with the rest. */
  cr_expect_eq(refused, WAITING - 1, "%d of %d reads behind a stuck batch got 503", refused,
               WAITING);
  cr_expect(waited >= 250.0, "the waiting reads were answered after %.0f ms", waited);
  test_db_exec(locker, "ROLLBACK");
  for (int i = 0; i < WAITING; i++)
    if (fds[i] < 0)
      expect_200_then_close(-fds[i] - 1, "the read a worker ran");
  expect_200_then_close(stuck, "the stuck read");
  PQfinish(locker);
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0);
}

Test(pipeline, killed_connections_cost_no_read_and_come_back, .init = require_database,
     .timeout = 60)
{
  struct test_server s;
  server_start(&s, (const char *const[]){"CACHE_BYTES=0", "DB_PIPELINES=2", NULL});
  PGconn *db = test_db();
  take_turn(db);
  wait_pipeline_up(db, &s, 2);
  long long article = make_article(db, NULL, 2, NULL);
  char path[64];
  snprintf(path, sizeof path, "/statements/%lld", statement_id(db, article, 1));
  const char *reads = "saywho_db_reads_total{server=\"primary\"}";
  double reads_before = test_metric(&s, reads);
  enum { ROUNDS = 3, READS_PER_ROUND = 40 };
  for (int round = 0; round < ROUNDS; round++) {
    cr_assert_eq(db_num(db,
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                        "application_name = 'saywho-pipeline %d'",
                        (int)s.pid),
                 2);
    /* Reads at once after the kill, and while the connections come back. */
    for (int i = 0; i < READS_PER_ROUND; i++) {
      int status;
      free(answer_of(&s, path, &status));
      cr_expect_eq(status, 200, "read %d after the kill of round %d: %d", i, round, status);
      usleep(i < 10 ? 0 : 20000);
    }
    wait_pipeline_up(db, &s, 2);
  }
  /* Once each, whether the pipeline answered it or a worker after its
   * connection broke. */
  double counted = test_metric(&s, reads) - reads_before;
  cr_expect_eq(counted, ROUNDS * READS_PER_ROUND, "%.0f reads counted for %d", counted,
               ROUNDS * READS_PER_ROUND);
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0);
}
