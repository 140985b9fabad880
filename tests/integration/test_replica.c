/* test_replica.c - reads on a streaming replica (DATABASE_READ_URL): GETs go to
 * the replica and writes to the primary; a write's Saywho-Commit-LSN sent back
 * as Saywho-Min-LSN gets the fresh answer even from a replica that stopped
 * replaying (after READ_WAIT_MS, from the primary), and a stale replica answer
 * is never cached; a stopped replica sends reads to the primary and /health
 * says so, and it serves again once it is back.
 *
 * The test builds its own pair on unix sockets in a temp dir: a primary
 * (scripts/lib.sh pg_start) and a replica made with pg_basebackup -R
 * (pg_start_replica), so the shared test database is left alone. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char base[64]; /* the temp dir: primary/ and replica/ inside */
static char primary_dir[96], replica_dir[96];

/* Runs "action args..." of scripts/lib.sh; its exit status. */
static int lib(const char *action, const char *args)
{
  const char *root = getenv("SAYWHO_SOURCE_ROOT");
  if (root == NULL)
    return -1;
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "bash -c 'set -e; source \"%s/scripts/lib.sh\"; %s %s'", root, action,
           args);
  return system(cmd);
}

static void pair_start(void)
{
  require_database(); /* the suites run where scripts/test made PostgreSQL usable */
  snprintf(base, sizeof base, "/tmp/saywho-replica-XXXXXX");
  cr_assert_not_null(mkdtemp(base));
  cr_assert_eq(chmod(base, 0755), 0);
  snprintf(primary_dir, sizeof primary_dir, "%s/primary", base);
  snprintf(replica_dir, sizeof replica_dir, "%s/replica", base);
  char args[256];
  snprintf(args, sizeof args, "\"%s\"", primary_dir);
  cr_assert_eq(lib("pg_start", args), 0, "starting the primary failed");
  snprintf(args, sizeof args, "\"%s\" saywho", primary_dir);
  cr_assert_eq(lib("pg_createdb", args), 0, "creating the database failed");
  snprintf(args, sizeof args, "\"%s\" \"%s\"", primary_dir, replica_dir);
  cr_assert_eq(lib("pg_start_replica", args), 0, "making the replica failed");
}

static void pair_stop(void)
{
  char args[512];
  snprintf(args, sizeof args, "\"%s\"; pg_stop \"%s\"; rm -rf \"%s\"", replica_dir, primary_dir,
           base);
  lib("pg_stop", args);
}

/* SQL on one server of the pair (database saywho); fails the test when it fails. */
static void on(const char *dir, const char *sql)
{
  char conninfo[160];
  snprintf(conninfo, sizeof conninfo, "host=%s dbname=saywho user=postgres", dir);
  PGconn *db = PQconnectdb(conninfo);
  cr_assert_eq(PQstatus(db), CONNECTION_OK, "%s: %s", dir, PQerrorMessage(db));
  PGresult *res = PQexec(db, sql);
  ExecStatusType st = PQresultStatus(res);
  cr_assert(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage(db));
  PQclear(res);
  PQfinish(db);
}

static double replica_reads(const struct test_server *s)
{
  return test_metric(s, "saywho_db_reads_total{server=\"replica\"}");
}

static double primary_reads(const struct test_server *s)
{
  return test_metric(s, "saywho_db_reads_total{server=\"primary\"}");
}

/* Waits until a read of s lands on the replica. saywho has just migrated
 * the primary: until the replica has replayed that, its pool cannot prepare
 * the statements (a function a migration made is not there yet) and reads
 * fall back to the primary, as they should. */
static void wait_reads_on_replica(const struct test_server *s)
{
  for (int i = 0; i <= 250; i++) {
    double before = replica_reads(s);
    char path[64];
    snprintf(path, sizeof path, "/speakers?limit=%d", 100 + i); /* distinct: no cache hits */
    struct http_reply r;
    cr_assert_eq(http_get(s, path, &r), 0);
    http_reply_free(&r);
    if (replica_reads(s) > before)
      return;
    usleep(20000);
  }
  cr_assert_fail("no read reached the replica within 5 s");
}

/* /health's "replica" (copied into out), with its status in *status. */
static const char *health_replica(const struct test_server *s, int *status, char *out, size_t cap)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, "/health", &r), 0);
  *status = r.status;
  json_t *doc = http_json(&r);
  const char *v = doc ? json_string_value(json_object_get(doc, "replica")) : NULL;
  snprintf(out, cap, "%s", v ? v : "(none)");
  json_decref(doc);
  http_reply_free(&r);
  return out;
}

/* Polls /health until it says want for the replica, for at most ms; whether it did. */
static int wait_replica(const struct test_server *s, const char *want, int ms)
{
  char got[32];
  int status = 0;
  for (int waited = 0; waited <= ms; waited += 50) {
    if (strcmp(health_replica(s, &status, got, sizeof got), want) == 0)
      return status == 200;
    usleep(50000);
  }
  return 0;
}

static double ms_since(const struct timespec *t0)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) * 1e3 + (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

/* GET path (with Saywho-Min-LSN when lsn is not NULL); the speaker's title
 * copied into title ("" when none), the status returned. */
static int get_title(const struct test_server *s, const char *path, const char *lsn, char *title,
                     size_t cap)
{
  char header[96];
  snprintf(header, sizeof header, "Saywho-Min-LSN: %s", lsn ? lsn : "");
  const char *headers[] = {header, NULL};
  struct http_reply r;
  cr_assert_eq(http_call(s, "GET", path, lsn ? headers : NULL, NULL, 0, &r), 0);
  json_t *doc = http_json(&r);
  const char *t = doc ? json_string_value(json_object_get(doc, "title")) : NULL;
  snprintf(title, cap, "%s", t ? t : "");
  json_decref(doc);
  int status = r.status;
  http_reply_free(&r);
  return status;
}

/* A write through saywho; its Saywho-Commit-LSN copied into lsn. */
static void write_lsn(const struct test_server *s, const char *method, const char *path,
                      const char *json, int want, char *lsn, size_t cap)
{
  struct http_reply r;
  cr_assert_eq(http_send_json(s, method, path, json, &r), 0);
  cr_assert_eq(r.status, want, "%s %s: %d %s", method, path, r.status, r.body);
  cr_assert_not_null(http_header(&r, "Saywho-Commit-LSN", lsn, cap),
                     "%s %s has no Saywho-Commit-LSN:\n%s", method, path, r.head);
  unsigned hi, lo;
  char end;
  cr_expect_eq(sscanf(lsn, "%X/%X%c", &hi, &lo, &end), 2, "not a pg_lsn: %s", lsn);
  http_reply_free(&r);
}

Test(replica, reads_on_the_replica_read_your_writes_and_fallback, .init = pair_start,
     .fini = pair_stop, .timeout = 90)
{
  char url[160], read_url[160];
  snprintf(url, sizeof url, "DATABASE_URL=host=%s dbname=saywho user=postgres", primary_dir);
  snprintf(read_url, sizeof read_url, "DATABASE_READ_URL=host=%s dbname=saywho user=postgres",
           replica_dir);
  struct test_server s;
  server_start(&s, (const char *const[]){url, read_url, "READ_WAIT_MS=300", "CORS_ORIGINS=*",
                                         NULL});
  cr_assert(wait_replica(&s, "ok", 10000), "the replica never came up in /health");
  cr_expect_eq(test_metric(&s, "saywho_db_read_replica_up"), 1.0);
  wait_reads_on_replica(&s);

  /* Reads go to the replica, writes to the primary. */
  double rep0 = replica_reads(&s), pri0 = primary_reads(&s);
  for (int i = 1; i <= 3; i++) {
    char path[64];
    snprintf(path, sizeof path, "/speakers?limit=%d", i); /* distinct: no cache hits */
    struct http_reply r;
    cr_assert_eq(http_get(&s, path, &r), 0);
    cr_expect_eq(r.status, 200);
    http_reply_free(&r);
  }
  cr_expect_eq(replica_reads(&s) - rep0, 3.0, "reads did not go to the replica");
  cr_expect_eq(primary_reads(&s) - pri0, 0.0, "a read went to the primary");
  /* A streamed export holds its replica connection past the handler and
   * gives it back to the replica's pool: more exports than the pool has
   * connections (DB_POOL_SIZE=3), then still a read on the replica, at once. */
  for (int i = 0; i < 4; i++) {
    struct http_reply x;
    cr_assert_eq(http_get(&s, "/statements?format=ndjson", &x), 0);
    cr_expect_eq(x.status, 200);
    http_reply_free(&x);
  }
  double rep_export = replica_reads(&s);
  struct timespec t_export;
  clock_gettime(CLOCK_MONOTONIC, &t_export);
  struct http_reply after;
  cr_assert_eq(http_get(&s, "/speakers?limit=9", &after), 0);
  cr_expect_eq(after.status, 200);
  http_reply_free(&after);
  cr_expect_eq(replica_reads(&s) - rep_export, 1.0, "exports used up the replica's pool");
  cr_expect_lt(ms_since(&t_export), 1000.0, "the read waited for a replica connection");
  char lsn[64];
  write_lsn(&s, "POST", "/speakers", "{\"name\": \"Replica Probe\"}", 201, lsn, sizeof lsn);
  cr_expect_eq(primary_reads(&s) - pri0, 0.0, "a write counted as a read");

  /* A malformed Saywho-Min-LSN is the client's mistake. */
  const char *bad[] = {"Saywho-Min-LSN: yesterday", NULL};
  struct http_reply r;
  cr_assert_eq(http_call(&s, "GET", "/speakers", bad, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 400);
  cr_expect(r.head != NULL && strcasestr(r.head, "application/problem+json") != NULL);
  http_reply_free(&r);

  /* Browsers may read and send the two headers. */
  const char *preflight[] = {"Origin: http://desk.example", "Access-Control-Request-Method: GET",
                             "Access-Control-Request-Headers: saywho-min-lsn", NULL};
  cr_assert_eq(http_call(&s, "OPTIONS", "/speakers", preflight, NULL, 0, &r), 0);
  char cors[256];
  cr_expect(http_header(&r, "Access-Control-Allow-Headers", cors, sizeof cors) != NULL &&
                strstr(cors, "Saywho-Min-LSN") != NULL, "%s", r.head);
  cr_expect(http_header(&r, "Access-Control-Expose-Headers", cors, sizeof cors) != NULL &&
                strstr(cors, "Saywho-Commit-LSN") != NULL, "%s", r.head);
  http_reply_free(&r);

  /* The replica stops replaying: an answer cached from it before, then a write. */
  char title[128];
  cr_assert_eq(get_title(&s, "/speakers/xi-jinping", NULL, title, sizeof title), 200);
  char old_title[128];
  snprintf(old_title, sizeof old_title, "%s", title);
  on(replica_dir, "SELECT pg_wal_replay_pause()");
  write_lsn(&s, "PATCH", "/speakers/xi-jinping", "{\"title\": \"Written while paused\"}", 200,
            lsn, sizeof lsn);
  /* Without the header, the replica answers, stale; and twice, because a
   * stale answer from the replica is not cached after the write's flush. */
  double rep1 = replica_reads(&s);
  for (int i = 0; i < 2; i++) {
    cr_expect_eq(get_title(&s, "/speakers/xi-jinping", NULL, title, sizeof title), 200);
    cr_expect_str_eq(title, old_title, "the paused replica had the new title?");
  }
  cr_expect_eq(replica_reads(&s) - rep1, 2.0, "the stale replica answer was cached");
  /* With it: READ_WAIT_MS of waiting for the replica, then the primary. */
  double pri1 = primary_reads(&s);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  cr_expect_eq(get_title(&s, "/speakers/xi-jinping", lsn, title, sizeof title), 200);
  double waited = ms_since(&t0);
  cr_expect_str_eq(title, "Written while paused", "read-your-writes gave a stale answer");
  cr_expect_geq(waited, 290.0, "did not wait READ_WAIT_MS for the replica (%.0f ms)", waited);
  cr_expect_eq(primary_reads(&s) - pri1, 1.0, "the fallback did not read the primary");

  /* Replaying again: once it has the write, the replica serves a read that asks for it. */
  on(replica_dir, "SELECT pg_wal_replay_resume()");
  double rep2 = replica_reads(&s);
  cr_expect_eq(get_title(&s, "/speakers/replica-probe", lsn, title, sizeof title), 200);
  cr_expect_eq(replica_reads(&s) - rep2, 1.0, "a caught-up replica did not serve the read");
  cr_expect_eq(get_title(&s, "/speakers/xi-jinping", NULL, title, sizeof title), 200);
  cr_expect_str_eq(title, "Written while paused", "stale after the replica caught up");

  /* The replica stops: reads still answer, from the primary; /health stays ready. */
  char args[128];
  snprintf(args, sizeof args, "\"%s\"", replica_dir);
  cr_assert_eq(lib("pg_stop", args), 0);
  cr_expect(wait_replica(&s, "down", 5000), "/health did not say the replica is down (or failed)");
  cr_expect_eq(test_metric(&s, "saywho_db_read_replica_up"), 0.0);
  double pri2 = primary_reads(&s);
  for (int i = 1; i <= 3; i++) {
    char path[64];
    snprintf(path, sizeof path, "/statements?limit=%d", i);
    cr_assert_eq(http_get(&s, path, &r), 0);
    cr_expect_eq(r.status, 200, "%s with the replica down: %d", path, r.status);
    http_reply_free(&r);
  }
  cr_expect_eq(primary_reads(&s) - pri2, 3.0, "reads did not fall back to the primary");

  /* It comes back: reads go to it again. */
  cr_assert_eq(lib("pg_start", args), 0);
  cr_expect(wait_replica(&s, "ok", 15000), "the replica was not used again after it came back");
  double rep3 = replica_reads(&s);
  cr_assert_eq(http_get(&s, "/articles?limit=3", &r), 0);
  cr_expect_eq(r.status, 200);
  http_reply_free(&r);
  cr_expect_eq(replica_reads(&s) - rep3, 1.0, "the replica did not serve reads again");
  cr_expect_eq(server_stop(&s), 0);
}

/* READ_MAX_LAG_BYTES: a replica further behind serves no reads, and /health says "lagging". */
Test(replica, a_lagging_replica_serves_no_reads, .init = pair_start, .fini = pair_stop,
     .timeout = 90)
{
  char url[160], read_url[160];
  snprintf(url, sizeof url, "DATABASE_URL=host=%s dbname=saywho user=postgres", primary_dir);
  snprintf(read_url, sizeof read_url, "DATABASE_READ_URL=host=%s dbname=saywho user=postgres",
           replica_dir);
  struct test_server s;
  server_start(&s, (const char *const[]){url, read_url, "READ_MAX_LAG_BYTES=65536", NULL});
  cr_assert(wait_replica(&s, "ok", 10000), "the replica never came up in /health");
  on(replica_dir, "SELECT pg_wal_replay_pause()");
  /* 64 KiB of WAL and more, straight on the primary. */
  on(primary_dir, "CREATE TABLE ballast AS SELECT g, repeat('x', 200) AS pad "
                  "FROM generate_series(1, 2000) g");
  cr_expect(wait_replica(&s, "lagging", 5000), "/health did not say the replica lags");
  cr_expect_gt(test_metric(&s, "saywho_db_read_replica_lag_bytes"), 65536.0);
  cr_expect_eq(test_metric(&s, "saywho_db_read_replica_up"), 0.0);
  double pri = primary_reads(&s), rep = replica_reads(&s);
  struct http_reply r;
  cr_assert_eq(http_get(&s, "/speakers?limit=2", &r), 0);
  cr_expect_eq(r.status, 200);
  http_reply_free(&r);
  cr_expect_eq(primary_reads(&s) - pri, 1.0, "a lagging replica served a read");
  cr_expect_eq(replica_reads(&s) - rep, 0.0);
  on(replica_dir, "SELECT pg_wal_replay_resume()");
  cr_expect(wait_replica(&s, "ok", 10000), "the replica did not serve again once caught up");
  cr_expect_eq(server_stop(&s), 0);
}
