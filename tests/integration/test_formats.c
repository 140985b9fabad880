/* test_formats.c - the representations of lists over real HTTP: ?format= and
 * Accept pick one, what no representation fits answers 406 problem+json, an
 * unknown format 400. Every list serves JSON; statements lists stream NDJSON
 * and CSV too, other lists answer 406 to those. Exports read their chunks off
 * the I/O threads, and EXPORTS_MAX bounds how many run at once. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api_helpers.h"
#include "harness.h"

TestSuite(formats, .init = suite_start, .fini = suite_stop, .timeout = 60);

static const char *const lists[] = {"/statements", "/articles", "/speakers",
                                    "/speakers/xi-jinping/statements", NULL};
static const char *const json_only[] = {"/articles", "/speakers", NULL};

/* GET path with one Accept header (NULL: none); the status. */
static int get_with_accept(const char *path, const char *accept, char *ctype, size_t cap)
{
  char line[256];
  snprintf(line, sizeof line, "Accept: %s", accept ? accept : "");
  const char *headers[] = {line, NULL};
  struct http_reply r;
  cr_assert_eq(http_call(&suite_server, "GET", path, accept ? headers : NULL, NULL, 0, &r), 0);
  if (ctype && !http_header(&r, "Content-Type", ctype, cap))
    ctype[0] = '\0';
  int status = r.status;
  if (status == 406) {
    json_t *doc = http_json(&r);
    cr_expect_eq(num(doc, "status"), 406, "%s", r.body);
    json_decref(doc);
  }
  http_reply_free(&r);
  return status;
}

Test(formats, json_when_anything_json_fits)
{
  char ct[128];
  for (const char *const *l = lists; *l != NULL; l++) {
    const char *fits[] = {NULL, "*/*", "application/json", "application/*;q=0.4",
                          "text/csv;q=0.1, application/json",
                          "text/html,application/xhtml+xml,*/*;q=0.8"};
    for (size_t i = 0; i < sizeof fits / sizeof fits[0]; i++) {
      cr_expect_eq(get_with_accept(*l, fits[i], ct, sizeof ct), 200, "%s Accept %s", *l,
                   fits[i] ? fits[i] : "(none)");
      cr_expect(strncmp(ct, "application/json", 16) == 0, "%s: %s", *l, ct);
    }
  }
  char path[64];
  long long article = make_article(db, "2020-01-01", 2, NULL);
  snprintf(path, sizeof path, "/articles/%lld/statements?format=json", article);
  cr_expect_eq(get_with_accept(path, "text/csv", ct, sizeof ct), 200, "format wins over Accept");
}

Test(formats, exports_only_on_statements_lists)
{
  char path[128], ct[128];
  for (const char *const *l = json_only; *l != NULL; l++) {
    cr_expect_eq(get_with_accept(*l, "text/csv", ct, sizeof ct), 406, "%s", *l);
    cr_expect_eq(get_with_accept(*l, "application/x-ndjson", ct, sizeof ct), 406, "%s", *l);
    snprintf(path, sizeof path, "%s?format=csv", *l);
    get_expect(&suite_server, path, 406, "format csv");
  }
  cr_expect_eq(get_with_accept("/statements", "text/csv", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "text/csv");
  cr_expect_eq(get_with_accept("/statements", "application/x-ndjson", ct, sizeof ct), 200);
  cr_expect_str_eq(ct, "application/x-ndjson");
}

Test(formats, 406_when_nothing_fits)
{
  char path[128], ct[128];
  for (const char *const *l = lists; *l != NULL; l++) {
    const char *refused[] = {"text/html", "application/json;q=0", "image/*, application/xml"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
      cr_expect_eq(get_with_accept(*l, refused[i], ct, sizeof ct), 406, "%s Accept %s", *l,
                   refused[i]);
      cr_expect_str_eq(ct, "application/problem+json");
    }
    snprintf(path, sizeof path, "%s?format=xml", *l);
    get_expect(&suite_server, path, 400, "format must be json, ndjson or csv");
  }
}

/* The ids of a paged JSON list, page by page (limit 500), into ids; the count. */
static size_t paged_ids(const char *path, long long *ids, size_t cap)
{
  size_t n = 0;
  char url[512], cursor[256] = "";
  for (;;) {
    snprintf(url, sizeof url, "%s&limit=500%s%s", path, cursor[0] ? "&cursor=" : "", cursor);
    json_t *doc = get_json(&suite_server, url);
    json_t *items = json_object_get(doc, "items"), *it;
    size_t i;
    json_array_foreach(items, i, it) if (n < cap) ids[n++] = num(it, "id");
    const char *next = str(doc, "next_cursor");
    snprintf(cursor, sizeof cursor, "%s", next ? next : "");
    json_decref(doc);
    if (cursor[0] == '\0')
      return n;
  }
}

Test(formats, exports_match_the_paged_list_row_for_row)
{
  char section[64], path[128];
  snprintf(section, sizeof section, "export-%s", test_tag());
  make_article(db, "2020-02-02", 700, section);
  make_article(db, "2020-02-01", 600, section);
  snprintf(path, sizeof path, "/statements?section=%s", section);
  static long long want[1400], got[1400];
  size_t n = paged_ids(path, want, 1400);
  cr_assert_eq(n, 1300);
  char url[160];
  struct http_reply r;
  snprintf(url, sizeof url, "%s&format=ndjson", path);
  cr_assert_eq(http_get(&suite_server, url, &r), 0);
  cr_expect_eq(r.status, 200);
  size_t m = 0;
  for (char *line = strtok(r.body, "\n"); line; line = strtok(NULL, "\n")) {
    json_t *doc = json_loads(line, 0, NULL);
    cr_assert(doc != NULL, "an NDJSON line is one JSON value");
    if (m < 1400)
      got[m++] = num(doc, "id");
    json_decref(doc);
  }
  http_reply_free(&r);
  cr_expect_eq(m, n);
  cr_expect_arr_eq(got, want, n * sizeof want[0]);
  snprintf(url, sizeof url, "%s&format=csv", path);
  cr_assert_eq(http_get(&suite_server, url, &r), 0);
  char cd[128];
  cr_expect(http_header(&r, "Content-Disposition", cd, sizeof cd) && strstr(cd, "statements.csv"));
  char *line = strtok(r.body, "\r\n");
  cr_expect_str_eq(line, "id,article_id,seq,published_at,source,section,speaker_slug,"
                         "speaker_name,cue,method,confidence,text");
  m = 0;
  while ((line = strtok(NULL, "\r\n")) != NULL) /* these texts hold no comma, quote or break */
    if (m < 1400)
      got[m++] = strtoll(line, NULL, 10);
  http_reply_free(&r);
  cr_expect_eq(m, n);
  cr_expect_arr_eq(got, want, n * sizeof want[0]);
}

Test(formats, a_client_that_hangs_up_mid_export_frees_its_connection)
{
  char section[64], req[256];
  snprintf(section, sizeof section, "hangup-%s", test_tag());
  make_article(db, "2020-03-03", 3000, section);
  for (int k = 0; k < 3; k++) {
    int fd = http_connect(&suite_server);
    cr_assert(fd >= 0);
    snprintf(req, sizeof req, "GET /statements?format=csv&section=%s HTTP/1.1\r\nHost: x\r\n\r\n",
             section);
    cr_assert_eq(http_send_all(fd, req, strlen(req)), 0);
    char buf[512];
    cr_expect(read(fd, buf, sizeof buf) > 0, "the export starts");
    close(fd);
  }
  bool freed = false;
  for (int i = 0; i < 100 && !freed; i++) {
    struct http_reply r;
    cr_assert_eq(http_get(&suite_server, "/metrics", &r), 0);
    freed = strstr(r.body, "\nsaywho_db_pool_in_use 0\n") != NULL &&
            strstr(r.body, "\nsaywho_exports_running 0\n") != NULL;
    http_reply_free(&r);
    if (!freed)
      usleep(20000);
  }
  cr_expect(freed, "every connection is back in the pool");
  struct http_reply r;
  cr_assert_eq(http_get(&suite_server, "/statements?limit=1", &r), 0);
  cr_expect_eq(r.status, 200, "the server is still serving");
  http_reply_free(&r);
}

/* ---- exports on a server and a database of their own: these tests lock a
 * table and fill one with big rows, which the suites sharing the test
 * database must not feel. */
struct private_server {
  struct test_server server;
  PGconn *db;
  char name[64];
};

static void private_start(struct private_server *p, const char *const *extra)
{
  snprintf(p->name, sizeof p->name, "exports_%s", test_tag());
  char sql[160], url[512];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", p->name);
  test_db_exec(db, sql);
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", p->name);
  test_db_exec(db, sql);
  snprintf(url, sizeof url, "DATABASE_URL=host=%s port=%s user=%s dbname=%s", PQhost(db),
           PQport(db), PQuser(db), p->name);
  const char *env[12] = {url};
  for (size_t i = 0; extra[i] != NULL && i < 10; i++)
    env[i + 1] = extra[i];
  server_start(&p->server, env);
  p->db = PQconnectdb(url + strlen("DATABASE_URL="));
  cr_assert_eq(PQstatus(p->db), CONNECTION_OK, "%s", PQerrorMessage(p->db));
}

static void private_stop(struct private_server *p)
{
  cr_expect_eq(server_stop(&p->server), 0, "saywho exits 0");
  PQfinish(p->db);
  char sql[160];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", p->name);
  test_db_exec(db, sql);
}

/* An article of n statements of about bytes bytes each; its id. */
static long long big_article(PGconn *pdb, int n, int bytes)
{
  return db_num(pdb,
                "WITH a AS (INSERT INTO articles (body, body_hash, source) VALUES ('big', "
                "decode(md5(clock_timestamp()::text), 'hex'), 'big') RETURNING id), "
                "s AS (INSERT INTO statements (article_id, seq, text) SELECT a.id, g, "
                "repeat('word ', %d) || g FROM a, generate_series(0, %d) g) SELECT id FROM a",
                bytes / 5, n - 1);
}

/* A connection to port with a small receive buffer, so that a client that
 * does not read holds the server back after a few hundred KiB. */
static int small_window_connect(int port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int rcv = 16 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  return fd;
}

/* Sends GET path on fd and reads until the head has come: its status. */
static int start_get(int fd, const char *path)
{
  char req[256], head[4096];
  snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path);
  cr_assert_eq(http_send_all(fd, req, strlen(req)), 0);
  size_t n = 0;
  while (n + 1 < sizeof head) {
    ssize_t r = recv(fd, head + n, 1, 0); /* byte by byte: the body stays unread */
    if (r <= 0)
      break;
    n++;
    head[n] = '\0';
    if (n >= 4 && strcmp(head + n - 4, "\r\n\r\n") == 0)
      break;
  }
  head[n] = '\0';
  int status = 0;
  sscanf(head, "HTTP/1.1 %d", &status);
  return status;
}

/* Reads fd until nothing comes for quiet_ms (or it closes); the bytes read,
 * the last few kept in tail (NUL-terminated). */
static size_t drain(int fd, int quiet_ms, char tail[16])
{
  static char buf[1 << 16];
  size_t total = 0;
  for (;;) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, quiet_ms) <= 0)
      break;
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    if (r <= 0)
      break;
    total += (size_t)r;
    if (r >= 15) {
      memcpy(tail, buf + r - 15, 15);
      tail[15] = '\0';
    }
  }
  return total;
}

/* GET /health/live answered within ms on a connection of its own. */
static bool live_within(const struct test_server *s, int ms)
{
  int fd = http_connect(s);
  cr_assert(fd >= 0);
  const char req[] = "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  cr_assert_eq(http_send_all(fd, req, sizeof req - 1), 0);
  size_t len;
  char *got = http_read_for(fd, ms, &len);
  bool ok = got != NULL && strncmp(got, "HTTP/1.1 200", 12) == 0;
  free(got);
  close(fd);
  return ok;
}

Test(formats, export_chunks_are_read_off_the_io_threads, .timeout = 90)
{
  struct private_server p;
  /* One I/O thread: were a chunk read on it, a query that waits would stall
   * every connection, /health/live included. */
  private_start(&p, (const char *const[]){"THREADS=1", "DB_POOL_SIZE=2", "EXPORTS_MAX=1",
                                          "IDLE_TIMEOUT_SECONDS=60", "STATEMENT_TIMEOUT_MS=30000",
                                          NULL});
  long long article = big_article(p.db, 1000, 16000); /* a first chunk of some 8 MB */
  char path[96];
  snprintf(path, sizeof path, "/statements?format=ndjson&article_id=%lld", article);
  int fd = small_window_connect(p.server.port);
  cr_assert_eq(start_get(fd, path), 200);
  /* The first chunk is read; the second's query will wait for this lock. */
  test_db_exec(p.db, "BEGIN");
  test_db_exec(p.db, "LOCK TABLE statements IN ACCESS EXCLUSIVE MODE");
  char tail[16] = "";
  size_t first = drain(fd, 1000, tail);
  cr_expect_gt(first, (size_t)4 << 20, "the first chunk came (%zu bytes)", first);
  cr_expect(live_within(&p.server, 3000),
            "the I/O thread answers while the export's next query waits");
  test_db_exec(p.db, "ROLLBACK");
  size_t rest = drain(fd, 5000, tail);
  cr_expect_gt(first + rest, (size_t)16000 * 1000, "the whole export came (%zu bytes)",
               first + rest);
  cr_expect(strstr(tail, "\r\n0\r\n\r\n") != NULL, "the chunked body ends properly");
  close(fd);
  private_stop(&p);
}

/* GET path on the server: the status; Retry-After copied to retry. */
static int status_on(const struct test_server *s, const char *path, char *retry, size_t cap)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, path, &r), 0);
  int status = r.status;
  if (retry != NULL && !http_header(&r, "Retry-After", retry, cap))
    retry[0] = '\0';
  if (status == 503) {
    json_t *doc = http_json(&r);
    cr_expect_eq(num(doc, "status"), 503, "problem+json: %s", r.body);
    json_decref(doc);
  }
  http_reply_free(&r);
  return status;
}

Test(formats, exports_beyond_EXPORTS_MAX_answer_503_and_other_requests_go_on, .timeout = 90)
{
  struct private_server p;
  private_start(&p, (const char *const[]){"THREADS=1", "DB_POOL_SIZE=1", "EXPORTS_MAX=1",
                                          "IDLE_TIMEOUT_SECONDS=60", NULL});
  long long big = big_article(p.db, 1000, 16000), small = big_article(p.db, 3, 10);
  char path[96], other[96], retry[32];
  snprintf(path, sizeof path, "/statements?format=csv&article_id=%lld", big);
  snprintf(other, sizeof other, "/statements?format=ndjson&article_id=%lld", small);
  int fd = small_window_connect(p.server.port);
  cr_assert_eq(start_get(fd, path), 200);
  /* That export, whose client reads no more, holds the only export connection. */
  cr_expect_eq(status_on(&p.server, other, retry, sizeof retry), 503);
  cr_expect(retry[0] != '\0', "with Retry-After");
  /* Ordinary requests take the workers' connection (DB_POOL_SIZE=1) meanwhile. */
  for (int i = 0; i < 5; i++) {
    char list[96];
    snprintf(list, sizeof list, "/articles/%lld/statements", small);
    cr_expect_eq(status_on(&p.server, list, NULL, 0), 200);
    cr_expect_eq(status_on(&p.server, "/statements?limit=5", NULL, 0), 200);
  }
  close(fd); /* hangs up: its connection comes back */
  int status = 0;
  for (int i = 0; i < 100 && status != 200; i++) {
    status = status_on(&p.server, other, NULL, 0);
    if (status != 200)
      usleep(20000);
  }
  cr_expect_eq(status, 200, "the export slot is free again once the client has gone");
  private_stop(&p);
}
