/* test_pooler.c - saywho behind a real pgbouncer in transaction mode
 * (DATABASE_POOLER=transaction): migrations, writes, reads, the ingest of the
 * seed article and the cache's invalidation across two replicas, on a fresh
 * database; and what named prepared statements do behind the same pooler
 * without the switch (they break as soon as pgbouncer changes server). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <pwd.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api_helpers.h"

#define PGBOUNCER_BIN "/usr/sbin/pgbouncer" /* Debian's package (scripts/lib.sh) */
#define STALE_BOUND_MS 1000 /* as test_cache: a NOTIFY's trip to the other replica */

/* A pgbouncer of the test's own: temp dir, loopback port, trust auth. */
struct pooler {
  pid_t pid;
  int port;
  char dir[64];
  char url[512]; /* libpq keywords for dbname through the pooler */
};

static int free_port(void)
{
  /* as harness.c's (static there): a port the kernel just handed out */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  int port = -1;
  if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
      getsockname(fd, (struct sockaddr *)&a, &len) == 0)
    port = ntohs(a.sin_port);
  if (fd >= 0)
    close(fd);
  return port;
}

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f, "%s: %s", path, strerror(errno));
  fputs(text, f);
  fclose(f);
  chmod(path, 0644);
}

/* Whether the file at path holds needle. */
static bool file_says(const char *path, const char *needle)
{
  FILE *f = fopen(path, "r");
  char line[2048];
  bool found = false;
  while (f != NULL && !found && fgets(line, sizeof line, f) != NULL)
    found = strstr(line, needle) != NULL;
  if (f != NULL)
    fclose(f);
  return found;
}

/* Starts pgbouncer in transaction mode in front of the test's PostgreSQL
 * (where DATABASE_URL points), for database dbname, with at most pool_size
 * server connections; waits until it lets a client through. */
static void pooler_start(struct pooler *p, const char *dbname, int pool_size)
{
  if (access(PGBOUNCER_BIN, X_OK) != 0)
    cr_skip_test("%s is missing (Debian package pgbouncer; scripts/test installs it)",
                 PGBOUNCER_BIN);
  PGconn *direct = test_db();
  const char *host = PQhost(direct), *port = PQport(direct), *user = PQuser(direct);
  char target[512];
  snprintf(target, sizeof target, "host=%s port=%s dbname=%s user=%s", host, port, dbname, user);
  snprintf(p->dir, sizeof p->dir, "/tmp/saywho-pooler-XXXXXX");
  cr_assert_not_null(mkdtemp(p->dir));
  chmod(p->dir, 0755); /* pgbouncer drops to postgres when we are root */
  char path[128], ini[2048], users[256];
  for (int attempt = 0; attempt < 5; attempt++) {
    p->port = free_port();
    cr_assert_gt(p->port, 0, "no free port");
    snprintf(ini, sizeof ini,
             "[databases]\n%s = %s\n"
             "[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = %d\nunix_socket_dir =\n"
             "auth_type = trust\nauth_file = %s/users.txt\nadmin_users = %s\n"
             "pool_mode = transaction\ndefault_pool_size = %d\nmax_client_conn = 100\n"
             "ignore_startup_parameters = extra_float_digits\n",
             dbname, target, p->port, p->dir, user, pool_size);
    snprintf(path, sizeof path, "%s/pgbouncer.ini", p->dir);
    write_file(path, ini);
    snprintf(users, sizeof users, "\"%s\" \"\"\n", user);
    snprintf(path, sizeof path, "%s/users.txt", p->dir);
    write_file(path, users);
    char log_path[128];
    snprintf(log_path, sizeof log_path, "%s/pgbouncer.log", p->dir);
    p->pid = fork();
    cr_assert(p->pid >= 0);
    if (p->pid == 0) {
      int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
      }
      /* pgbouncer will not run as root: drop to postgres here rather than
       * with its -u, since a change of user clears the parent-death signal,
       * which must outlast it so that a failed test takes pgbouncer along. */
      const struct passwd *pw = getuid() == 0 ? getpwnam("postgres") : NULL;
      if (pw != NULL && (setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0))
        _exit(126);
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() == 1)
        _exit(125); /* the test died meanwhile */
      snprintf(path, sizeof path, "%s/pgbouncer.ini", p->dir);
      execl(PGBOUNCER_BIN, "pgbouncer", path, (char *)NULL);
      _exit(127);
    }
    snprintf(p->url, sizeof p->url, "host=127.0.0.1 port=%d dbname=%s user=%s", p->port, dbname,
             user);
    for (double t0 = test_now_ms(); test_now_ms() - t0 < 10000;) {
      PGconn *c = PQconnectdb(p->url);
      bool ok = PQstatus(c) == CONNECTION_OK;
      PQfinish(c);
      if (ok) {
        PQfinish(direct);
        return;
      }
      int status;
      if (waitpid(p->pid, &status, WNOHANG) == p->pid)
        break; /* its port was taken meanwhile, most likely: another one */
      usleep(20000);
    }
    if (p->pid > 0 && waitpid(p->pid, NULL, WNOHANG) == 0) {
      kill(p->pid, SIGKILL);
      waitpid(p->pid, NULL, 0);
    }
    p->pid = 0;
    if (!file_says(log_path, "Address already in use"))
      cr_assert_fail("pgbouncer did not start; see %s", log_path);
  }
  cr_assert_fail("pgbouncer found no free port in 5 tries");
}

static void pooler_stop(struct pooler *p)
{
  if (p->pid > 0) {
    kill(p->pid, SIGTERM); /* immediate shutdown */
    waitpid(p->pid, NULL, 0);
    p->pid = 0;
  }
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", p->dir);
  cr_expect_eq(system(cmd), 0);
}

/* A command on pgbouncer's admin console (simple protocol only). */
static void pooler_admin(const struct pooler *p, const char *command)
{
  char url[256];
  snprintf(url, sizeof url, "host=127.0.0.1 port=%d dbname=pgbouncer user=postgres", p->port);
  PGconn *c = PQconnectdb(url);
  cr_assert_eq(PQstatus(c), CONNECTION_OK, "admin console: %s", PQerrorMessage(c));
  PGresult *res = PQexec(c, command);
  ExecStatusType st = PQresultStatus(res);
  cr_assert(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", command,
            PQerrorMessage(c));
  PQclear(res);
  PQfinish(c);
}

/* The sum of columns cols (NULL-terminated) of pgbouncer's SHOW POOLS over
 * the rows of database dbname. */
static long long pooler_pools(const struct pooler *p, const char *dbname, const char *const *cols)
{
  char url[256];
  snprintf(url, sizeof url, "host=127.0.0.1 port=%d dbname=pgbouncer user=postgres", p->port);
  PGconn *c = PQconnectdb(url);
  cr_assert_eq(PQstatus(c), CONNECTION_OK, "admin console: %s", PQerrorMessage(c));
  PGresult *res = PQexec(c, "SHOW POOLS");
  cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "SHOW POOLS: %s", PQerrorMessage(c));
  long long sum = 0;
  int db_col = PQfnumber(res, "database");
  for (int row = 0; row < PQntuples(res); row++) {
    if (strcmp(PQgetvalue(res, row, db_col), dbname) != 0)
      continue;
    for (size_t i = 0; cols[i] != NULL; i++) {
      int col = PQfnumber(res, cols[i]);
      cr_assert_geq(col, 0, "SHOW POOLS has no %s", cols[i]);
      sum += strtoll(PQgetvalue(res, row, col), NULL, 10);
    }
  }
  PQclear(res);
  PQfinish(c);
  return sum;
}

/* The direct connection string for dbname (DATABASE_URL's server). */
static void direct_url(char *out, size_t cap, const char *dbname)
{
  /* Later keywords win in a libpq connection string. */
  snprintf(out, cap, "%s dbname=%s", getenv("DATABASE_URL"), dbname);
}

Test(pooler, saywho_works_through_pgbouncer_in_transaction_mode, .init = require_database,
     .timeout = 120)
{
  PGconn *admin = test_db();
  char dbname[64], sql[256];
  snprintf(dbname, sizeof dbname, "saywho_pooler_%d", (int)getpid());
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
  test_db_exec(admin, sql);

  /* Two server connections for two replicas of three connections each. */
  struct pooler p;
  pooler_start(&p, dbname, 2);
  static char url_env[640], listen_env[2100];
  char direct[2048];
  direct_url(direct, sizeof direct, dbname);
  snprintf(url_env, sizeof url_env, "DATABASE_URL=%s", p.url);
  snprintf(listen_env, sizeof listen_env, "DATABASE_LISTEN_URL=%s", direct);
  const char *env[] = {url_env, listen_env, "DATABASE_POOLER=transaction", NULL};
  struct test_server s[2];
  servers_start(s, 2, env); /* both migrate at once, through the pooler */
  struct test_server *a = &s[0], *b = &s[1];

  /* The seed article's ingest: one transaction of many statements. */
  size_t len;
  char *seed = test_read_seed(&len);
  const char *text_headers[] = {TEST_AUTH, "Content-Type: text/plain; charset=utf-8", NULL};
  struct http_reply r;
  cr_assert_eq(http_call(a, "POST", "/articles", text_headers, seed, len, &r), 0);
  cr_assert_eq(r.status, 201, "POST /articles (seed): %d %s", r.status, r.body);
  json_t *posted = http_json(&r);
  long long id = num(posted, "id");
  json_decref(posted);
  http_reply_free(&r);
  free(seed);

  char path[96], list[128];
  snprintf(path, sizeof path, "/articles/%lld", id);
  json_t *art = get_json(b, path);
  cr_expect_eq(num(art, "statement_count"), 31);
  cr_expect_str_eq(str(art, "published_at"), "2021-12-16");
  cr_expect_str_eq(str(art, "source"), "China Daily");
  json_decref(art);
  /* Shaped list queries (one unnamed statement per shape's text). */
  snprintf(list, sizeof list, "/statements?article_id=%lld&limit=5", id);
  json_t *page = get_json(b, list);
  cr_expect_eq(items_count(page), 5);
  json_decref(page);
  page = get_json(b, "/statements?q=China&limit=3");
  cr_expect_gt(items_count(page), 0);
  json_decref(page);

  /* A write and its read-back on the other replica; a conflict maps as ever. */
  json_decref(send_json(a, "POST", "/speakers", "{\"name\": \"Pooled Person\"}", 201));
  json_t *sp = get_json(b, "/speakers/pooled-person");
  cr_expect_str_eq(str(sp, "name"), "Pooled Person");
  json_decref(sp);
  send_expect(a, "POST", "/speakers", "{\"name\": \"P\", \"slug\": \"pooled-person\"}", 409, "");

  /* The cache: B listens on its direct connection and sees A's write. */
  for (double t0 = test_now_ms(); test_metric(b, "saywho_cache_enabled") != 1; usleep(20000))
    cr_assert_lt(test_now_ms() - t0, 5000, "B's cache never turned on");
  json_decref(get_json(b, path));
  json_decref(get_json(b, path)); /* cached by now */
  json_decref(send_json(a, "PATCH", path, "{\"title\": \"Pooled title\"}", 200));
  for (double t0 = test_now_ms();; usleep(2000)) {
    json_t *doc = get_json(b, path);
    bool seen = str(doc, "title") != NULL && strcmp(str(doc, "title"), "Pooled title") == 0;
    json_decref(doc);
    if (seen)
      break;
    cr_assert_lt(test_now_ms() - t0, STALE_BOUND_MS, "B still serves the old title");
  }

  /* The pooler really is in between: both replicas' sessions on at most
   * its two server connections. */
  static const char *const clients[] = {"cl_active", "cl_waiting", NULL};
  static const char *const servers[] = {"sv_active", "sv_idle", "sv_used", "sv_tested",
                                        "sv_login", NULL};
  cr_expect_geq(pooler_pools(&p, dbname, clients), 2, "fewer client sessions than replicas");
  cr_expect_leq(pooler_pools(&p, dbname, servers), 2, "more server connections than the pool");

  cr_expect_eq(server_stop(a), 0);
  cr_expect_eq(server_stop(b), 0);
  pooler_stop(&p);
  snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", dbname);
  test_db_exec(admin, sql);
  PQfinish(admin);
}

Test(pooler, without_the_switch_a_cache_needs_a_direct_listen_url, .init = require_database,
     .timeout = 60)
{
  struct pooler p;
  PGconn *db = test_db();
  char name[64];
  snprintf(name, sizeof name, "%s", PQdb(db)); /* the shared test database */
  PQfinish(db);
  pooler_start(&p, name, 2);
  static char url_env[640];
  snprintf(url_env, sizeof url_env, "DATABASE_URL=%s", p.url);
  const char *env[] = {url_env, "DATABASE_POOLER=transaction", NULL};
  struct test_server s;
  server_start(&s, env);
  /* No DATABASE_LISTEN_URL: LISTEN through the pooler would lose
   * notifications, so the cache stays off and the log says why. */
  usleep(300000);
  cr_expect_eq(test_metric(&s, "saywho_cache_enabled"), 0);
  cr_expect(file_says(s.log_path, "no DATABASE_LISTEN_URL"), "the log does not say why");
  json_decref(get_json(&s, "/speakers?limit=1"));
  cr_expect_eq(server_stop(&s), 0);
  pooler_stop(&p);
}

/* GET path on s: its status. */
static int status_of(const struct test_server *s, const char *path)
{
  struct http_reply r;
  cr_assert_eq(http_get(s, path, &r), 0);
  int status = r.status;
  http_reply_free(&r);
  return status;
}

Test(pooler, named_statements_break_when_the_pooler_changes_server, .init = require_database,
     .timeout = 60)
{
  PGconn *db = test_db();
  char name[64];
  snprintf(name, sizeof name, "%s", PQdb(db));
  long long id = db_num(db, "INSERT INTO speakers (name, slug) VALUES ('Pooler %s', "
                            "'pooler-%s') RETURNING id", test_tag(), test_tag());
  char path[64];
  snprintf(path, sizeof path, "/speakers/%lld", id);

  /* One server connection, so every session lands on the same one until
   * pgbouncer is told to replace it (RECONNECT), as it does after
   * server_lifetime, a restart or a failover. */
  struct pooler p;
  pooler_start(&p, name, 1);
  static char url_env[640];
  snprintf(url_env, sizeof url_env, "DATABASE_URL=%s", p.url);
  /* No pipeline: its connections would prepare the same names on the one
   * server session (this server does not know a pooler is in between). */
  const char *named_env[] = {url_env, "DB_POOL_SIZE=1", "CACHE_BYTES=0", "DB_PIPELINES=0", NULL};
  struct test_server named;
  server_start(&named, named_env);
  cr_expect_eq(status_of(&named, path), 200);
  pooler_admin(&p, "RECONNECT");
  cr_expect_eq(status_of(&named, path), 503, "a named statement outlived its server session");
  cr_expect(file_says(named.log_path, "does not exist"), "see %s", named.log_path);
  cr_expect_eq(server_stop(&named), 0);

  const char *unnamed_env[] = {url_env, "DB_POOL_SIZE=1", "CACHE_BYTES=0",
                               "DATABASE_POOLER=transaction", NULL};
  struct test_server unnamed;
  server_start(&unnamed, unnamed_env);
  cr_expect_eq(status_of(&unnamed, path), 200);
  pooler_admin(&p, "RECONNECT");
  cr_expect_eq(status_of(&unnamed, path), 200);
  cr_expect_eq(server_stop(&unnamed), 0);
  pooler_stop(&p);
  PQfinish(db);
}
