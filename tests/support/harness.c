/* harness.c - starts saywho, speaks HTTP/1.1 to it, reads the test database. */
#include "harness.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void require_database(void)
{
  const char *url = getenv("DATABASE_URL");
  if (url == NULL || url[0] == '\0') {
    fprintf(stderr, "DATABASE_URL is not set: skipping (scripts/test sets it)\n");
    exit(77);
  }
}

static int free_port(void)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
    if (fd >= 0)
      close(fd);
    return -1;
  }
  close(fd);
  return ntohs(a.sin_port);
}

static int connect_loopback(int port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Whether the server's log holds needle yet. */
static int log_says(const char *path, const char *needle)
{
  FILE *f = fopen(path, "r");
  char line[2048];
  int found = 0;
  while (f != NULL && !found && fgets(line, sizeof line, f) != NULL)
    found = strstr(line, needle) != NULL;
  if (f != NULL)
    fclose(f);
  return found;
}

static pid_t spawn_server(const char *bin, const struct test_server *s, const char *const *env)
{
  pid_t pid = fork();
  cr_assert(pid >= 0, "fork: %s", strerror(errno));
  if (pid == 0) {
    /* A test that dies (a failed assert ends its process) takes its server with it. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    char port[16];
    snprintf(port, sizeof port, "%d", s->port);
    setenv("PORT", port, 1);
    setenv("HOST", "127.0.0.1", 1);
    setenv("THREADS", "2", 1);
    setenv("DB_POOL_SIZE", "3", 1);
    setenv("API_TOKENS", "tester:" TEST_TOKEN, 1);
    setenv("LOG_LEVEL", "info", 1); /* the "listening" line tells us it is up */
    setenv("DB_STARTUP_SECONDS", "5", 1);
    for (size_t i = 0; env && env[i]; i++)
      putenv((char *)env[i]);
    FILE *log = freopen(s->log_path, "w", stdout);
    if (log != NULL)
      dup2(fileno(stdout), STDERR_FILENO);
    execl(bin, "saywho", (char *)NULL);
    _exit(127);
  }
  return pid;
}

/* Waits for this very process to log that it listens: a connect alone could
 * reach another test's server that was handed the same free port. Returns 1
 * when up, 0 when the port was taken (try another), or fails the test. */
static int wait_listening(struct test_server *s)
{
  for (int i = 0; i < 500; i++) {
    if (log_says(s->log_path, "listening on"))
      return 1;
    int status;
    if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
      s->pid = 0;
      if (log_says(s->log_path, "cannot listen"))
        return 0;
      cr_assert_fail("saywho exited at start-up (status %d); see %s", status, s->log_path);
    }
    usleep(20000);
  }
  cr_assert_fail("saywho did not listen within 10 s; see %s", s->log_path);
  return 0;
}

void server_start(struct test_server *s, const char *const *env)
{
  const char *bin = getenv("SAYWHO_BIN");
  cr_assert(bin != NULL, "SAYWHO_BIN is not set (meson sets it)");
  for (int attempt = 0; attempt < 5; attempt++) {
    memset(s, 0, sizeof *s);
    s->port = free_port();
    cr_assert(s->port > 0, "no free port");
    snprintf(s->log_path, sizeof s->log_path, "/tmp/saywho-test-%d-%d.log", (int)getpid(),
             s->port);
    s->pid = spawn_server(bin, s, env);
    if (wait_listening(s))
      return;
    unlink(s->log_path);
  }
  cr_assert_fail("no free port could be listened on in 5 tries");
}

void servers_start(struct test_server *s, size_t n, const char *const *env)
{
  const char *bin = getenv("SAYWHO_BIN");
  cr_assert(bin != NULL, "SAYWHO_BIN is not set (meson sets it)");
  for (size_t i = 0; i < n; i++) {
    memset(&s[i], 0, sizeof s[i]);
    s[i].port = free_port();
    cr_assert(s[i].port > 0, "no free port");
    snprintf(s[i].log_path, sizeof s[i].log_path, "/tmp/saywho-test-%d-%d.log", (int)getpid(),
             s[i].port);
    s[i].pid = spawn_server(bin, &s[i], env);
  }
  for (size_t i = 0; i < n; i++)
    if (!wait_listening(&s[i])) { /* its port was taken meanwhile: that one alone again */
      unlink(s[i].log_path);
      server_start(&s[i], env);
    }
}

struct test_server suite_server;

void suite_server_start(void)
{
  require_database();
  server_start(&suite_server, NULL);
}

void suite_server_stop(void)
{
  int status = server_stop(&suite_server);
  cr_expect_eq(status, 0, "saywho exited with %d after SIGTERM (crash or sanitizer report)",
               status);
}

/* Shows what a server that failed said (sanitizer reports included). */
static void dump_log(const char *path)
{
  FILE *f = fopen(path, "r");
  char line[1024];
  if (f == NULL)
    return;
  fprintf(stderr, "---- %s ----\n", path);
  while (fgets(line, sizeof line, f) != NULL)
    fputs(line, stderr);
  fclose(f);
}

int server_stop(struct test_server *s)
{
  if (s->pid <= 0)
    return -1;
  kill(s->pid, SIGTERM);
  for (int i = 0; i < 1500; i++) {
    int status;
    if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
      s->pid = 0;
      int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (code != 0)
        dump_log(s->log_path);
      unlink(s->log_path);
      return code;
    }
    usleep(10000);
  }
  kill(s->pid, SIGKILL);
  waitpid(s->pid, NULL, 0);
  s->pid = 0;
  return -1;
}

int http_connect(const struct test_server *s)
{
  return connect_loopback(s->port);
}

int http_send_all(int fd, const char *data, size_t len)
{
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

static double monotonic_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

char *http_read_for(int fd, int ms, size_t *len)
{
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  double deadline = monotonic_ms() + ms;
  while (buf != NULL && monotonic_ms() < deadline) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 100) <= 0)
      continue;
    if (n + 1 >= cap) {
      char *grown = realloc(buf, cap * 2);
      if (grown == NULL)
        break;
      buf = grown;
      cap *= 2;
    }
    ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    n += (size_t)r;
  }
  if (buf != NULL)
    buf[n] = '\0';
  *len = n;
  return buf;
}

/* Undoes chunked transfer coding in place. */
static size_t dechunk(char *body, size_t len)
{
  size_t in = 0, out = 0;
  while (in < len) {
    char *end;
    unsigned long size = strtoul(body + in, &end, 16);
    char *line_end = strstr(body + in, "\r\n");
    if (line_end == NULL || size == 0)
      break;
    in = (size_t)(line_end - body) + 2;
    if (in + size > len)
      size = len - in;
    memmove(body + out, body + in, size);
    out += size;
    in += size + 2;
  }
  body[out] = '\0';
  return out;
}

/* Sends the pieces in order on a fresh connection and parses the answer. */
static int exchange(const struct test_server *s, const char *const *pieces, const size_t *lens,
                    size_t n, struct http_reply *out)
{
  memset(out, 0, sizeof *out);
  int fd = connect_loopback(s->port);
  if (fd < 0)
    return -1;
  /* A refused body (413) may stop being read: the answer still counts. */
  for (size_t i = 0; i < n; i++)
    if (http_send_all(fd, pieces[i], lens[i]) != 0)
      break;
  size_t len = 0;
  char *raw = http_read_for(fd, 20000, &len); /* we send Connection: close */
  close(fd);
  char *split = raw ? strstr(raw, "\r\n\r\n") : NULL;
  if (split == NULL || sscanf(raw, "HTTP/1.%*d %d", &out->status) != 1) {
    free(raw);
    out->status = 0;
    return -1;
  }
  *split = '\0';
  out->head = raw;
  size_t body_off = (size_t)(split + 4 - raw);
  out->body_len = len - body_off;
  out->body = malloc(out->body_len + 1);
  memcpy(out->body, raw + body_off, out->body_len);
  out->body[out->body_len] = '\0';
  char te[32];
  if (http_header(out, "Transfer-Encoding", te, sizeof te) && strcasecmp(te, "chunked") == 0)
    out->body_len = dechunk(out->body, out->body_len);
  return 0;
}

int http_call(const struct test_server *s, const char *method, const char *path,
              const char *const *headers, const char *body, size_t body_len,
              struct http_reply *out)
{
  /* The head grows with the path and headers (long ones are test input). */
  size_t cap = strlen(method) + strlen(path) + 128;
  for (size_t i = 0; headers && headers[i]; i++)
    cap += strlen(headers[i]) + 2;
  char *head = malloc(cap);
  if (head == NULL) {
    memset(out, 0, sizeof *out);
    return -1;
  }
  size_t n = (size_t)snprintf(head, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
                              method, path);
  for (size_t i = 0; headers && headers[i]; i++)
    n += (size_t)snprintf(head + n, cap - n, "%s\r\n", headers[i]);
  if (body != NULL)
    n += (size_t)snprintf(head + n, cap - n, "Content-Length: %zu\r\n", body_len);
  n += (size_t)snprintf(head + n, cap - n, "\r\n");
  const char *pieces[] = {head, body};
  const size_t lens[] = {n, body_len};
  int rc = exchange(s, pieces, lens, body != NULL ? 2 : 1, out);
  free(head);
  return rc;
}

int http_raw(const struct test_server *s, const char *raw, size_t len, struct http_reply *out)
{
  return exchange(s, &raw, &len, 1, out);
}

int http_send_get(const struct test_server *s, const char *path, bool close)
{
  int fd = http_connect(s);
  cr_assert_geq(fd, 0);
  char req[512];
  int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n", path,
                   close ? "Connection: close\r\n" : "");
  cr_assert(n > 0 && (size_t)n < sizeof req, "GET %s: the path is too long for the helper", path);
  cr_assert_eq(http_send_all(fd, req, (size_t)n), 0);
  return fd;
}

int http_get(const struct test_server *s, const char *path, struct http_reply *out)
{
  return http_call(s, "GET", path, NULL, NULL, 0, out);
}

int http_send_json(const struct test_server *s, const char *method, const char *path,
                   const char *json, struct http_reply *out)
{
  const char *headers[] = {TEST_AUTH, "Content-Type: application/json", NULL};
  return http_call(s, method, path, headers, json, json ? strlen(json) : 0, out);
}

const char *http_header(const struct http_reply *r, const char *name, char *buf, size_t cap)
{
  size_t nlen = strlen(name);
  const char *line = r->head ? strstr(r->head, "\r\n") : NULL;
  while (line != NULL) {
    line += 2;
    if (strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
      const char *v = line + nlen + 1;
      while (*v == ' ')
        v++;
      size_t vlen = strcspn(v, "\r\n");
      if (vlen >= cap)
        vlen = cap - 1;
      memcpy(buf, v, vlen);
      buf[vlen] = '\0';
      return buf;
    }
    line = strstr(line, "\r\n");
  }
  return NULL;
}

json_t *http_json(const struct http_reply *r)
{
  return r->body ? json_loadb(r->body, r->body_len, 0, NULL) : NULL;
}

double test_metric(const struct test_server *s, const char *series)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, "/metrics", &r), 0);
  size_t n = strlen(series);
  const char *at = NULL;
  for (const char *p = r.body; p != NULL && at == NULL; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
    if (strncmp(p, series, n) == 0 && p[n] == ' ')
      at = p + n + 1;
  cr_assert_not_null(at, "%s not in /metrics", series);
  double v = strtod(at, NULL);
  http_reply_free(&r);
  return v;
}

/* "zq" + the pid and the start time's last five digits of 0.1 ms, spelled
 * with the letters a-j. Made once (pthread_once): threads of one test that
 * ask at the same moment must get the same word. */
static char tag[32];

static void make_tag(void)
{
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  long ticks = (long)(now.tv_sec % 10) * 10000 + now.tv_nsec / 100000;
  char digits[24];
  snprintf(digits, sizeof digits, "%d%05ld", (int)getpid(), ticks);
  size_t n = 0;
  tag[n++] = 'z';
  tag[n++] = 'q';
  for (const char *d = digits; *d != '\0'; d++)
    tag[n++] = (char)('a' + (*d - '0'));
  tag[n] = '\0';
}

const char *test_tag(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, make_tag);
  return tag;
}

double test_now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

char *test_read_seed(size_t *len)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/000_769c9fc006ba94f1.txt", getenv("SAYWHO_SEED_DIR"));
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  char *buf = malloc(1 << 20);
  cr_assert_not_null(buf);
  *len = fread(buf, 1, (1 << 20) - 1, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

void http_reply_free(struct http_reply *r)
{
  free(r->head);
  free(r->body);
  memset(r, 0, sizeof *r);
}

PGconn *test_db(void)
{
  PGconn *db = PQconnectdb(getenv("DATABASE_URL"));
  cr_assert(PQstatus(db) == CONNECTION_OK, "test database: %s", PQerrorMessage(db));
  return db;
}

long long test_db_scalar(PGconn *db, const char *sql)
{
  PGresult *res = PQexec(db, sql);
  cr_assert(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1, "%s: %s", sql,
            PQerrorMessage(db));
  long long v = atoll(PQgetvalue(res, 0, 0));
  PQclear(res);
  return v;
}

char *test_db_fingerprint(PGconn *db)
{
  /* One query that visits every table of the public schema, in name order,
   * but the renderings that reads keep (migrations/015_article_docs.sql):
   * derived, as a cache is. */
  static const char sql[] =
      "SELECT string_agg(x, ' ' ORDER BY x) FROM ("
      "SELECT format('%s:%s', c.relname, (xpath('/row/f/text()', query_to_xml(format("
      "'SELECT count(*) || ''/'' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), '''') "
      "AS f FROM %I.%I t', n.nspname, c.relname), false, true, '')))[1]::text) AS x "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'article_docs') tables";
  PGresult *res = PQexec(db, sql);
  cr_assert(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1, "fingerprint: %s",
            PQerrorMessage(db));
  char *out = strdup(PQgetvalue(res, 0, 0));
  PQclear(res);
  cr_assert_not_null(out);
  return out;
}

void test_lock_statements(PGconn *db)
{
  test_db_exec(db, "BEGIN");
  test_db_exec(db, "LOCK TABLE statements IN ACCESS EXCLUSIVE MODE");
}

void test_db_exec(PGconn *db, const char *sql)
{
  PGresult *res = PQexec(db, sql);
  ExecStatusType st = PQresultStatus(res);
  cr_assert(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%.200s: %s", sql,
            PQerrorMessage(db));
  PQclear(res);
}
