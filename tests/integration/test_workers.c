/* test_workers.c - handlers run on workers, off the I/O threads: a request
 * stuck on PostgreSQL holds up neither /health/live nor the other
 * connections of its I/O thread, and shutdown answers what is still queued.
 * DB_PIPELINES=0: the reads these tests use would otherwise take the
 * pipeline (test_pipeline.c). */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

Test(workers, liveness_answers_while_every_worker_waits_on_the_database, .init = require_database,
     .timeout = 60)
{
  struct test_server s;
  /* One I/O thread, one worker: before the workers, the stuck request held
   * the only I/O thread and /health/live waited with it. */
  server_start(&s, (const char *const[]){"DB_PIPELINES=0", "THREADS=1", "DB_POOL_SIZE=1", NULL});
  PGconn *db = test_db();
  test_lock_statements(db);
  int stuck = http_send_get(&s, "/statements/1", false);
  usleep(200000); /* the worker now waits on the lock */
  double t0 = test_now_ms();
  struct http_reply r;
  cr_assert_eq(http_get(&s, "/health/live", &r), 0);
  cr_expect_eq(r.status, 200);
  cr_expect_lt(test_now_ms() - t0, 1000.0, "/health/live took %.0f ms", test_now_ms() - t0);
  http_reply_free(&r);
  PQclear(PQexec(db, "ROLLBACK"));
  size_t len = 0;
  char *answer = http_read_for(stuck, 5000, &len);
  cr_expect(answer != NULL && strncmp(answer, "HTTP/1.1 ", 9) == 0,
            "the stuck request got no answer after the lock went");
  free(answer);
  close(stuck);
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0);
}

Test(workers, shutdown_answers_requests_still_waiting_for_a_worker, .init = require_database,
     .timeout = 60)
{
  struct test_server s;
  server_start(&s, (const char *const[]){"DB_PIPELINES=0", "DB_POOL_SIZE=1",
                                         "SHUTDOWN_GRACE_MS=300", NULL});
  PGconn *db = test_db();
  test_lock_statements(db);
  int running = http_send_get(&s, "/statements/1", false);
  usleep(100000);
  int queued = http_send_get(&s, "/statements/2", false);
  usleep(100000);
  kill(s.pid, SIGTERM);
  size_t len = 0;
  char *answer = http_read_for(queued, 5000, &len);
  cr_expect(answer != NULL && strstr(answer, " 503 ") != NULL,
            "the queued request did not get 503 at shutdown: %s", answer ? answer : "(none)");
  free(answer);
  PQclear(PQexec(db, "ROLLBACK"));
  answer = http_read_for(running, 5000, &len);
  free(answer);
  close(queued);
  close(running);
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0, "saywho did not exit 0 after a shutdown with queued requests");
}

Test(workers, readiness_has_its_own_worker_and_connection, .init = require_database, .timeout = 60)
{
  struct test_server s;
  /* The only pooled connection and the only worker are stuck: /health still
   * finds the database up, so an orchestrator keeps the instance in service. */
  server_start(&s, (const char *const[]){"DB_PIPELINES=0", "THREADS=1", "DB_POOL_SIZE=1",
                                         "DB_WAIT_MS=300",
                                         "STATEMENT_TIMEOUT_MS=20000", NULL});
  PGconn *db = test_db();
  test_lock_statements(db);
  int stuck = http_send_get(&s, "/statements/1", false);
  usleep(200000);
  for (int i = 0; i < 3; i++) {
    double t0 = test_now_ms();
    struct http_reply r;
    cr_assert_eq(http_get(&s, "/health", &r), 0);
    cr_expect_eq(r.status, 200, "/health with every worker busy: %d %s", r.status, r.body);
    cr_expect_lt(test_now_ms() - t0, 1000.0, "/health took %.0f ms", test_now_ms() - t0);
    http_reply_free(&r);
  }
  PQclear(PQexec(db, "ROLLBACK"));
  size_t len = 0;
  free(http_read_for(stuck, 5000, &len));
  close(stuck);
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0);
}

Test(workers, a_request_that_waits_db_wait_ms_for_a_worker_gets_503, .init = require_database,
     .timeout = 60)
{
  struct test_server s;
  server_start(&s, (const char *const[]){"DB_PIPELINES=0", "DB_POOL_SIZE=1", "DB_WAIT_MS=300",
                                         "STATEMENT_TIMEOUT_MS=20000", NULL});
  PGconn *db = test_db();
  test_lock_statements(db);
  int stuck = http_send_get(&s, "/statements/1", false);
  usleep(100000);
  enum { QUEUED = 4 };
  int fds[QUEUED];
  double t0 = test_now_ms();
  for (int i = 0; i < QUEUED; i++)
    fds[i] = http_send_get(&s, "/statements/2", true);
  for (int i = 0; i < QUEUED; i++) {
    size_t len = 0;
    char *answer = http_read_for(fds[i], 3000, &len);
    cr_expect(answer != NULL && strncmp(answer, "HTTP/1.1 503 ", 13) == 0 &&
                  strstr(answer, "Retry-After: 1") != NULL,
              "a request queued behind a busy worker: %s", answer ? answer : "(no answer)");
    free(answer);
    close(fds[i]);
  }
  double waited = test_now_ms() - t0;
  cr_expect(waited >= 250.0 && waited < 2500.0, "the queued requests were answered after %.0f ms",
            waited);
  PQclear(PQexec(db, "ROLLBACK"));
  size_t len = 0;
  char *answer = http_read_for(stuck, 5000, &len);
  cr_expect(answer != NULL && strncmp(answer, "HTTP/1.1 200 ", 13) == 0,
            "the running request finished once the lock went: %s", answer ? answer : "(none)");
  free(answer);
  close(stuck);
  PQfinish(db);
  cr_expect_eq(server_stop(&s), 0);
}
