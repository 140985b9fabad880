/* test_foundation.c - the service over real HTTP and PostgreSQL: health, routing
 * errors, request ids, CORS, migrations, graceful shutdown. */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

TestSuite(foundation, .init = suite_server_start, .fini = suite_server_stop, .timeout = 60);

Test(foundation, health_answers_ok_with_version)
{
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, "/health", &r), 0);
  cr_assert_eq(r.status, 200, "%s", r.body);
  json_t *doc = http_json(&r);
  cr_assert_not_null(doc);
  cr_expect_str_eq(json_string_value(json_object_get(doc, "status")), "ok");
  cr_expect_str_eq(json_string_value(json_object_get(doc, "database")), "ok");
  cr_expect_not_null(json_string_value(json_object_get(doc, "version")));
  char buf[128];
  cr_expect_null(http_header(&r, "ETag", buf, sizeof buf), "health is never cached");
  cr_expect_not_null(http_header(&r, "X-Request-Id", buf, sizeof buf));
  json_decref(doc);
  http_reply_free(&r);
}

Test(foundation, request_id_is_echoed_or_made)
{
  const char *mine[] = {"X-Request-Id: trace-abc.123", NULL};
  struct http_reply r;
  char buf[128];
  cr_assert_eq(http_call(&suite_server, "GET", "/health", mine, NULL, 0, &r), 0);
  cr_expect_str_eq(http_header(&r, "X-Request-Id", buf, sizeof buf), "trace-abc.123");
  http_reply_free(&r);
  const char *hostile[] = {"X-Request-Id: \"><script>", NULL};
  cr_assert_eq(http_call(&suite_server, "GET", "/health", hostile, NULL, 0, &r), 0);
  cr_assert_not_null(http_header(&r, "X-Request-Id", buf, sizeof buf));
  cr_expect_eq(strlen(buf), 32, "a fresh id replaces an unsafe one: %s", buf);
  http_reply_free(&r);
}

Test(foundation, unknown_path_is_404_problem)
{
  struct http_reply r;
  char buf[128];
  cr_assert_eq(http_get(&suite_server, "/no/such/thing", &r), 0);
  cr_expect_eq(r.status, 404);
  cr_expect_str_eq(http_header(&r, "Content-Type", buf, sizeof buf), "application/problem+json");
  json_t *doc = http_json(&r);
  cr_assert_not_null(doc);
  cr_expect_eq(json_integer_value(json_object_get(doc, "status")), 404);
  cr_expect_str_eq(json_string_value(json_object_get(doc, "title")), "Not Found");
  cr_expect(strstr(json_string_value(json_object_get(doc, "detail")), "/no/such/thing") != NULL);
  json_decref(doc);
  http_reply_free(&r);
}

Test(foundation, wrong_method_is_405_with_allow)
{
  struct http_reply r;
  char buf[128];
  const char *auth[] = {TEST_AUTH, NULL};
  cr_assert_eq(http_call(&suite_server, "DELETE", "/health", auth, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 405);
  cr_expect_str_eq(http_header(&r, "Allow", buf, sizeof buf), "GET, HEAD, OPTIONS");
  http_reply_free(&r);
  cr_assert_eq(http_call(&suite_server, "BREW", "/metrics", NULL, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 405);
  http_reply_free(&r);
}

/* A chunked upload of total bytes (no Content-Length) to POST /speakers. */
static int post_chunked(const struct test_server *s, size_t total, struct http_reply *r)
{
  size_t cap = total + total / 100 + 4096, n = 0;
  char *raw = malloc(cap);
  n += (size_t)snprintf(raw, cap,
                        "POST /speakers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        "%s\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n", TEST_AUTH);
  for (size_t sent = 0; sent < total;) {
    size_t chunk = total - sent < 100 ? total - sent : 100;
    n += (size_t)snprintf(raw + n, cap - n, "%zx\r\n", chunk);
    memset(raw + n, sent == 0 ? '[' : ' ', chunk);
    n += chunk;
    n += (size_t)snprintf(raw + n, cap - n, "\r\n");
    sent += chunk;
  }
  n += (size_t)snprintf(raw + n, cap - n, "0\r\n\r\n");
  int rc = http_raw(s, raw, n, r);
  free(raw);
  return rc;
}

Test(foundation, body_over_max_body_bytes_is_413_with_or_without_length)
{
  struct test_server small;
  server_start(&small, (const char *const[]){"MAX_BODY_BYTES=1000", NULL});
  struct http_reply r;
  char body[1001];
  memset(body, ' ', sizeof body);
  const char *h[] = {TEST_AUTH, "Content-Type: application/json", NULL};
  cr_assert_eq(http_call(&small, "POST", "/speakers", h, body, sizeof body, &r), 0);
  cr_expect_eq(r.status, 413, "declared length over the limit: %d %s", r.status, r.body);
  http_reply_free(&r);
  cr_assert_eq(post_chunked(&small, 5000, &r), 0);
  cr_expect_eq(r.status, 413, "chunked body over the limit: %d %s", r.status, r.body);
  cr_expect(strstr(r.body, "MAX_BODY_BYTES") != NULL, "%s", r.body);
  http_reply_free(&r);
  cr_assert_eq(post_chunked(&small, 1000, &r), 0);
  cr_expect_eq(r.status, 400, "a body at the limit is read (and is malformed): %d", r.status);
  http_reply_free(&r);
  cr_expect_eq(server_stop(&small), 0);
}

Test(foundation, a_taken_port_is_refused_not_shared)
{
  char port[16];
  snprintf(port, sizeof port, "PORT=%d", suite_server.port);
  pid_t pid = fork();
  if (pid == 0) {
    putenv(port);
    setenv("HOST", "127.0.0.1", 1);
    setenv("LOG_LEVEL", "error", 1);
    if (freopen("/dev/null", "w", stdout) == NULL)
      _exit(126);
    execl(getenv("SAYWHO_BIN"), "saywho", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    continue;
  cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1,
            "a second saywho on a taken port must exit 1 at start, not share the port");
}

Test(foundation, head_has_no_body)
{
  struct http_reply r;
  cr_assert_eq(http_call(&suite_server, "HEAD", "/openapi.json", NULL, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 200);
  cr_expect_eq(r.body_len, 0);
  http_reply_free(&r);
}

Test(foundation, etag_and_if_none_match)
{
  struct http_reply r;
  char etag[64], line[96];
  cr_assert_eq(http_get(&suite_server, "/openapi.json", &r), 0);
  cr_assert_not_null(http_header(&r, "ETag", etag, sizeof etag));
  http_reply_free(&r);
  snprintf(line, sizeof line, "If-None-Match: %s", etag);
  const char *headers[] = {line, NULL};
  cr_assert_eq(http_call(&suite_server, "GET", "/openapi.json", headers, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 304);
  cr_expect_eq(r.body_len, 0);
  http_reply_free(&r);
  const char *stale[] = {"If-None-Match: \"0000000000000000\"", NULL};
  cr_assert_eq(http_call(&suite_server, "GET", "/openapi.json", stale, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 200);
  http_reply_free(&r);
}

Test(foundation, cors_preflight_and_exposed_headers)
{
  struct test_server cors;
  const char *env[] = {"CORS_ORIGINS=https://desk.example", NULL};
  server_start(&cors, env);
  const char *pre[] = {"Origin: https://desk.example", "Access-Control-Request-Method: GET", NULL};
  struct http_reply r;
  char buf[256];
  cr_assert_eq(http_call(&cors, "OPTIONS", "/health", pre, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 204);
  cr_expect_str_eq(http_header(&r, "Access-Control-Allow-Origin", buf, sizeof buf),
                   "https://desk.example");
  cr_expect_not_null(http_header(&r, "Access-Control-Allow-Methods", buf, sizeof buf));
  http_reply_free(&r);
  cr_assert_eq(http_call(&cors, "GET", "/openapi.json", pre, NULL, 0, &r), 0);
  cr_assert_not_null(http_header(&r, "Access-Control-Expose-Headers", buf, sizeof buf));
  cr_expect(strstr(buf, "ETag") && strstr(buf, "Link") && strstr(buf, "Location"));
  http_reply_free(&r);
  const char *other[] = {"Origin: https://evil.example", NULL};
  cr_assert_eq(http_call(&cors, "GET", "/openapi.json", other, NULL, 0, &r), 0);
  cr_expect_null(http_header(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
  cr_expect_str_eq(http_header(&r, "Vary", buf, sizeof buf), "Origin",
                   "an answer to a refused origin varies by Origin too");
  http_reply_free(&r);
  /* Without an Origin, on errors and on answers from the headers alone. */
  static const char *const paths[] = {"/health/live", "/no/such/thing", "/speakers/none-such-zq"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    cr_assert_eq(http_get(&cors, paths[i], &r), 0);
    cr_expect_str_eq(http_header(&r, "Vary", buf, sizeof buf), "Origin", "%s: %d", paths[i],
                     r.status);
    http_reply_free(&r);
  }
  cr_assert_eq(http_call(&cors, "DELETE", "/speakers/x", NULL, NULL, 0, &r), 0);
  cr_expect_eq(r.status, 401);
  cr_expect_str_eq(http_header(&r, "Vary", buf, sizeof buf), "Origin");
  http_reply_free(&r);
  cr_expect_eq(server_stop(&cors), 0);
}

/* nosniff on every answer: success, error, refused before the body; no Vary
 * when CORS is not configured. */
Test(foundation, nosniff_on_every_answer)
{
  struct http_reply r;
  char buf[128];
  const char *raw[] = {
    "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "POST /speakers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello",
    "TRACE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "OPTIONS /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  };
  const int want[] = {200, 404, 401, 413, 405, 204};
  for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
    cr_assert_eq(http_raw(&suite_server, raw[i], strlen(raw[i]), &r), 0, "request %zu", i);
    cr_expect_eq(r.status, want[i], "request %zu: %d %s", i, r.status, r.body);
    cr_expect_str_eq(http_header(&r, "X-Content-Type-Options", buf, sizeof buf), "nosniff",
                     "request %zu", i);
    cr_expect_null(http_header(&r, "Vary", buf, sizeof buf), "request %zu", i);
    http_reply_free(&r);
  }
}

Test(foundation, metrics_count_requests)
{
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, "/health", &r), 0);
  http_reply_free(&r);
  cr_assert_eq(http_get(&suite_server, "/metrics", &r), 0);
  cr_expect_eq(r.status, 200);
  cr_expect(strstr(r.body, "saywho_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1") != NULL,
            "%s", r.body);
  cr_expect(strstr(r.body, "saywho_db_pool_size 3") != NULL);
  http_reply_free(&r);
}

/* Runs saywho --migrate-only against database url; returns its exit status. */
static pid_t spawn_migrate(const char *url)
{
  pid_t pid = fork();
  if (pid == 0) {
    setenv("DATABASE_URL", url, 1);
    setenv("LOG_LEVEL", "error", 1);
    execl(getenv("SAYWHO_BIN"), "saywho", "--migrate-only", (char *)NULL);
    _exit(127);
  }
  return pid;
}

static int wait_status(pid_t pid)
{
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Test(migrations, concurrent_and_repeated_runs_apply_each_once, .init = require_database,
     .timeout = 60)
{
  PGconn *admin = test_db();
  char dbname[64], sql[160], url[1024];
  snprintf(dbname, sizeof dbname, "saywho_migrate_%d", (int)getpid());
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
  PQclear(PQexec(admin, sql));
  snprintf(url, sizeof url, "%s dbname=%s", getenv("DATABASE_URL"), dbname);

  pid_t a = spawn_migrate(url), b = spawn_migrate(url);
  cr_expect_eq(wait_status(a), 0, "first concurrent --migrate-only failed");
  cr_expect_eq(wait_status(b), 0, "second concurrent --migrate-only failed");
  cr_expect_eq(wait_status(spawn_migrate(url)), 0, "a third, later run failed");

  PGconn *fresh = PQconnectdb(url);
  cr_assert_eq(PQstatus(fresh), CONNECTION_OK);
  long long files = test_db_scalar(fresh, "SELECT count(*) FROM schema_migrations");
  long long distinct = test_db_scalar(fresh, "SELECT count(DISTINCT version) FROM schema_migrations");
  cr_expect_geq(files, 1);
  cr_expect_eq(files, distinct);
  cr_expect_eq(test_db_scalar(fresh, "SELECT count(*) FROM speakers WHERE slug IN ('xi-jinping','vladimir-putin')"), 2,
               "the seed speakers are inserted exactly once");
  PQfinish(fresh);
  snprintf(sql, sizeof sql, "DROP DATABASE %s", dbname);
  PQclear(PQexec(admin, sql));
  PQfinish(admin);
}

/* A client that keeps asking until the server goes away. */
struct burst {
  const struct test_server *suite_server;
  atomic_int complete, broken, refused;
  atomic_bool stop;
};

static void *burst_client(void *arg)
{
  struct burst *b = arg;
  for (int i = 0; i < 2000 && !atomic_load(&b->stop); i++) {
    struct http_reply r;
    int rc = http_get(b->suite_server, "/health", &r);
    if (rc == 0 && (r.status == 200 || r.status == 503) && r.body_len > 0 &&
        r.body[r.body_len - 1] == '}')
      atomic_fetch_add(&b->complete, 1);
    else if (rc == 0)
      atomic_fetch_add(&b->broken, 1);
    else
      atomic_fetch_add(&b->refused, 1); /* never accepted: nothing to answer */
    http_reply_free(&r);
    if (rc != 0 && atomic_load(&b->complete) > 0)
      break;
  }
  return NULL;
}

Test(shutdown, sigterm_during_a_burst_answers_every_accepted_request, .init = require_database,
     .timeout = 60)
{
  struct test_server s;
  server_start(&s, NULL);
  struct burst b = {.suite_server = &s};
  pthread_t t[8];
  for (int i = 0; i < 8; i++)
    pthread_create(&t[i], NULL, burst_client, &b);
  /* SIGTERM only once the burst is well under way. */
  for (int i = 0; i < 1000 && atomic_load(&b.complete) < 20; i++)
    usleep(10000);
  cr_expect_eq(server_stop(&s), 0, "saywho must exit 0 after SIGTERM");
  atomic_store(&b.stop, true);
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], NULL);
  cr_expect_geq(atomic_load(&b.complete), 20);
  cr_expect_eq(atomic_load(&b.broken), 0, "%d answers were cut short", atomic_load(&b.broken));
}

/* The number N of the "migrations: N applied" line in a server's log, or -1. */
static int applied_in_log(const char *path)
{
  FILE *f = fopen(path, "r");
  char line[2048];
  int n = -1;
  while (f != NULL && n < 0 && fgets(line, sizeof line, f) != NULL) {
    const char *m = strstr(line, "migrations: ");
    if (m != NULL)
      n = atoi(m + strlen("migrations: "));
  }
  if (f != NULL)
    fclose(f);
  return n;
}

#define REPLICAS 4

Test(migrations, replicas_starting_at_once_migrate_once_and_all_serve, .init = require_database,
     .timeout = 60)
{
  PGconn *admin = test_db();
  char dbname[64], sql[160], url[1024], env_url[1100];
  snprintf(dbname, sizeof dbname, "saywho_replicas_%d", (int)getpid());
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
  test_db_exec(admin, sql);
  snprintf(url, sizeof url, "%s dbname=%s", getenv("DATABASE_URL"), dbname);
  snprintf(env_url, sizeof env_url, "DATABASE_URL=%s", url);

  struct test_server s[REPLICAS];
  servers_start(s, REPLICAS, (const char *const[]){env_url, NULL});
  int applied = 0;
  for (int i = 0; i < REPLICAS; i++) {
    struct http_reply r;
    cr_assert_eq(http_get(&s[i], "/health", &r), 0);
    cr_expect_eq(r.status, 200, "replica %d is not ready: %s", i, r.body);
    http_reply_free(&r);
    int n = applied_in_log(s[i].log_path);
    cr_expect_geq(n, 0, "replica %d logged no migration line", i);
    applied += n;
  }

  PGconn *fresh = PQconnectdb(url);
  cr_assert_eq(PQstatus(fresh), CONNECTION_OK);
  long long recorded = test_db_scalar(fresh, "SELECT count(*) FROM schema_migrations");
  cr_expect_geq(recorded, 1);
  cr_expect_eq(applied, recorded, "%d migrations applied by %d replicas, %lld recorded", applied,
               REPLICAS, recorded);
  cr_expect_eq(test_db_scalar(fresh, "SELECT count(DISTINCT version) FROM schema_migrations"),
               recorded);
  PQfinish(fresh);
  for (int i = 0; i < REPLICAS; i++)
    cr_expect_eq(server_stop(&s[i]), 0, "replica %d did not stop cleanly", i);
  snprintf(sql, sizeof sql, "DROP DATABASE %s", dbname);
  test_db_exec(admin, sql);
  PQfinish(admin);
}
