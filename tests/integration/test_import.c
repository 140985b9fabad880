/* test_import.c - saywho import against the real server and database: a
 * directory of 2,000 generated wire files with JSON articles and bad files,
 * imported twice (the second run creates nothing); NDJSON on stdin; a wrong
 * token; a service that is not there; usage errors. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api_helpers.h"

/* Each test makes its own temp directory (.init) and starts the server it needs. */
TestSuite(import, .timeout = 120);

#define WIRE_FILES 2000
#define JSON_FILES 24

static char work[64]; /* the test's temp directory */

static void make_work(void)
{
  snprintf(work, sizeof work, "/tmp/saywho-import-XXXXXX");
  cr_assert_not_null(mkdtemp(work));
}

static void remove_work(void)
{
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
  cr_expect_eq(system(cmd), 0);
}

/* Writes len bytes of text to work/rel. */
static void put(const char *rel, const char *text, size_t len)
{
  char path[512];
  snprintf(path, sizeof path, "%s/%s", work, rel);
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f, "%s: %s", path, strerror(errno));
  cr_assert_eq(fwrite(text, 1, len, f), len);
  fclose(f);
}

static void puts_file(const char *rel, const char *text)
{
  put(rel, text, strlen(text));
}

static void subdir(const char *rel)
{
  char path[512];
  snprintf(path, sizeof path, "%s/%s", work, rel);
  cr_assert_eq(mkdir(path, 0755), 0, "%s", path);
}

/* The source every article of this test process carries (from the wire's
 * "By :" line, or the JSON's source): the database is counted by it. */
static const char *source(void)
{
  static char s[64];
  snprintf(s, sizeof s, "Import %s", test_tag());
  return s;
}

static long long stored_count(void)
{
  return db_num(db, "SELECT count(*) FROM articles WHERE source = '%s'", source());
}

/* A short wire article, distinct by n and by the test's tag. */
static void wire_article(char *buf, size_t cap, int n)
{
  snprintf(buf, cap,
           "date 2021-12-16 Xi said the %s cooperation number %d is going well.\n"
           "Talks\n"
           "He said the partners agreed on item %d of the plan.\n"
           "Published : December 16, 2021\n"
           "By : %s\n",
           test_tag(), n, n, source());
}

/* 2,000 wire files in 40 folders (two levels), JSON articles, a file that is
 * not an article; and, when bad, four files the service refuses. */
static void make_articles(bool bad)
{
  char rel[128], text[512];
  subdir("in");
  for (int i = 0; i < 40; i++) {
    snprintf(rel, sizeof rel, "in/%02d", i);
    subdir(rel);
    if (i % 10 == 0) {
      snprintf(rel, sizeof rel, "in/%02d/deeper", i);
      subdir(rel);
    }
  }
  for (int i = 0; i < WIRE_FILES; i++) {
    snprintf(rel, sizeof rel, i % 40 % 10 == 0 && i % 3 == 0 ? "in/%02d/deeper/w%04d.txt"
                                                             : "in/%02d/w%04d.txt",
             i % 40, i);
    wire_article(text, sizeof text, i);
    puts_file(rel, text);
  }
  for (int i = 0; i < JSON_FILES; i++) {
    snprintf(rel, sizeof rel, "in/%02d/j%02d.json", i, i);
    snprintf(text, sizeof text,
             "{\"body\": \"Putin said the %s exchange %d was useful.\", \"source\": \"%s\", "
             "\"title\": \"JSON %d\"}",
             test_tag(), i, source(), i);
    puts_file(rel, text);
  }
  puts_file("in/README.md", "not an article: skipped");
  if (bad) {
    puts_file("in/01/empty.txt", "");
    put("in/02/latin1.txt", "caf\xe9 au lait", 12);
    puts_file("in/03/broken.json", "{\"body\": ");
    puts_file("in/04/nobody.json", "{\"title\": \"no body\"}");
  }
}

struct outcome {
  int status;      /* exit status, or -1 */
  char out[65536]; /* stdout: the summary */
  char err[65536]; /* stderr: progress lines */
};

static void slurp(const char *path, char *buf, size_t cap)
{
  FILE *f = fopen(path, "rb");
  size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
  buf[n] = '\0';
  if (f)
    fclose(f);
  unlink(path);
}

/* Runs `saywho import ARGS` (NULL-terminated) with stdin from in_path (or
 * /dev/null); at most 90 s. */
static void run_import(const char *const *args, const char *in_path, struct outcome *o)
{
  char out_path[128], err_path[128];
  snprintf(out_path, sizeof out_path, "%s.out", work);
  snprintf(err_path, sizeof err_path, "%s.err", work);
  const char *bin = getenv("SAYWHO_BIN");
  cr_assert_not_null(bin);
  pid_t pid = fork();
  cr_assert(pid >= 0);
  if (pid == 0) {
    char *argv[32];
    int n = 0;
    argv[n++] = "saywho";
    argv[n++] = "import";
    for (size_t i = 0; args[i] != NULL && n < 31; i++)
      argv[n++] = (char *)args[i];
    argv[n] = NULL;
    unsetenv("SAYWHO_URL");
    unsetenv("SAYWHO_TOKEN");
    int in = open(in_path ? in_path : "/dev/null", O_RDONLY);
    int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0)
      _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(bin, argv);
    _exit(127);
  }
  o->status = -1;
  for (int i = 0; i < 9000; i++) {
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
      o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    usleep(10000);
  }
  if (o->status == -1) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  slurp(out_path, o->out, sizeof o->out);
  slurp(err_path, o->err, sizeof o->err);
}

/* The number on the summary line that starts with label ("created:"). */
static long summary_count(const struct outcome *o, const char *label)
{
  char needle[64];
  snprintf(needle, sizeof needle, "\n%s", label);
  const char *p = strstr(o->out, needle);
  cr_assert_not_null(p, "no \"%s\" line in the summary:\n%s", label, o->out);
  return strtol(p + strlen(needle), NULL, 10);
}

static void expect_counts(const struct outcome *o, long created, long stored, long refused)
{
  cr_expect_eq(summary_count(o, "created:"), created, "%s", o->out);
  cr_expect_eq(summary_count(o, "already stored:"), stored, "%s", o->out);
  cr_expect_eq(summary_count(o, "refused:"), refused, "%s", o->out);
}

/* The summary lists work/rel with a detail containing needle. */
static void expect_refusal(const struct outcome *o, const char *rel, const char *needle)
{
  char line[1024];
  snprintf(line, sizeof line, "  %s/%s: %s", work, rel, needle);
  cr_expect(strstr(o->out, line) != NULL, "no \"%s\" in the summary:\n%s", line, o->out);
}

static void base_args(const char **args, char *url, size_t cap)
{
  snprintf(url, cap, "http://127.0.0.1:%d", suite_server.port);
  args[0] = "--url";
  args[1] = url;
  args[2] = "--token";
  args[3] = TEST_TOKEN;
}

Test(import, a_directory_twice_then_without_its_bad_files, .init = make_work, .fini = remove_work)
{
  suite_start();
  make_articles(true);
  static struct outcome o;
  char url[64], dir[128];
  snprintf(dir, sizeof dir, "%s/in", work);
  const char *args[8] = {0};
  base_args(args, url, sizeof url);
  args[4] = dir;

  run_import(args, NULL, &o);
  cr_expect_eq(o.status, 1, "bad files make the exit status 1:\n%s\n%s", o.out, o.err);
  expect_counts(&o, WIRE_FILES + JSON_FILES, 0, 4);
  expect_refusal(&o, "in/01/empty.txt", "422 body must not be empty");
  expect_refusal(&o, "in/02/latin1.txt", "400 the body is not valid UTF-8");
  expect_refusal(&o, "in/03/broken.json", "400 malformed JSON");
  expect_refusal(&o, "in/04/nobody.json", "422 body is required");
  cr_expect(strstr(o.out, "README.md") == NULL, "other files are skipped, not refused");
  cr_expect(strncmp(o.err, "import: ", 8) == 0 && strstr(o.err, "/2028  ") != NULL,
            "plain progress lines off a terminal:\n%s", o.err);
  cr_expect_eq(stored_count(), WIRE_FILES + JSON_FILES, "the database holds what was created");
  cr_expect_eq(db_num(db,
                      "SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id "
                      "WHERE a.source = '%s' AND s.text LIKE 'He said the partners agreed%%'",
                      source()),
               WIRE_FILES, "each wire file was parsed and extracted");

  run_import(args, NULL, &o);
  cr_expect_eq(o.status, 1, "%s", o.out);
  expect_counts(&o, 0, WIRE_FILES + JSON_FILES, 4);
  cr_expect_eq(stored_count(), WIRE_FILES + JSON_FILES, "a second run creates nothing");

  char bad[512];
  const char *const bad_files[] = {"01/empty.txt", "02/latin1.txt", "03/broken.json",
                                   "04/nobody.json"};
  for (size_t i = 0; i < 4; i++) {
    snprintf(bad, sizeof bad, "%s/%s", dir, bad_files[i]);
    cr_assert_eq(unlink(bad), 0);
  }
  run_import(args, NULL, &o);
  cr_expect_eq(o.status, 0, "only good files: exit status 0\n%s", o.out);
  expect_counts(&o, 0, WIRE_FILES + JSON_FILES, 0);
  suite_stop();
}

/* NDJSON on stdin: good lines, a blank one, a refused one named by its line. */
Test(import, ndjson_on_stdin, .init = make_work, .fini = remove_work)
{
  suite_start();
  char lines[8192] = "", line[512], url[64], in_path[128];
  for (int i = 0; i < 10; i++) {
    snprintf(line, sizeof line,
             "{\"body\": \"Xi said the %s line %d matters.\", \"source\": \"%s\"}\n", test_tag(),
             i, source());
    strcat(lines, line);
    if (i == 4)
      strcat(lines, "\n");
  }
  strcat(lines, "{\"body\": \"   \"}\n");
  puts_file("articles.ndjson", lines);
  snprintf(in_path, sizeof in_path, "%s/articles.ndjson", work);
  static struct outcome o;
  const char *args[8] = {0};
  base_args(args, url, sizeof url);
  args[4] = "-";

  run_import(args, in_path, &o);
  cr_expect_eq(o.status, 1, "%s\n%s", o.out, o.err);
  expect_counts(&o, 10, 0, 1);
  cr_expect(strstr(o.out, "  -:12: 422 body must not be empty") != NULL, "%s", o.out);
  cr_expect_eq(stored_count(), 10);

  lines[strlen(lines) - strlen("{\"body\": \"   \"}\n")] = '\0';
  puts_file("articles.ndjson", lines);
  run_import(args, in_path, &o);
  cr_expect_eq(o.status, 0, "%s", o.out);
  expect_counts(&o, 0, 10, 0);
  suite_stop();
}

/* A wrong token stops the import at the first answers: every article would
 * be refused the same way. */
Test(import, a_wrong_token_stops_the_import, .init = make_work, .fini = remove_work)
{
  suite_start();
  make_articles(false);
  static struct outcome o;
  char url[64], dir[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d", suite_server.port);
  snprintf(dir, sizeof dir, "%s/in", work);
  const char *args[] = {"--url", url, "--token", "not-the-token-at-all", "--jobs", "2", dir, NULL};
  run_import(args, NULL, &o);
  cr_expect_eq(o.status, 1, "%s", o.out);
  cr_expect(strstr(o.out, "stopped early: the service refused the token (401") != NULL, "%s",
            o.out);
  cr_expect_leq(summary_count(&o, "refused:"), 2, "no more than the articles in flight");
  cr_expect_eq(stored_count(), 0);
  suite_stop();
}

/* Nothing listens: each article is tried IMPORT_ATTEMPTS times with back-off,
 * then refused as unanswered; the run stays short. */
Test(import, no_service_no_answer, .init = make_work, .fini = remove_work)
{
  char text[512], url[64], a[128], b[128];
  wire_article(text, sizeof text, 1);
  puts_file("a.txt", text);
  wire_article(text, sizeof text, 2);
  puts_file("b.txt", text);
  snprintf(a, sizeof a, "%s/a.txt", work);
  snprintf(b, sizeof b, "%s/b.txt", work);
  /* A port just released: nothing listens there. */
  require_database();
  struct test_server gone;
  server_start(&gone, NULL);
  cr_assert_eq(server_stop(&gone), 0);
  snprintf(url, sizeof url, "http://127.0.0.1:%d", gone.port);
  static struct outcome o;
  const char *args[] = {"--url", url, "--token", TEST_TOKEN, a, b, NULL};
  time_t t0 = time(NULL);
  run_import(args, NULL, &o);
  cr_expect_eq(o.status, 1, "%s", o.out);
  expect_counts(&o, 0, 0, 2);
  cr_expect(strstr(o.out, "a.txt: no answer after 5 tries") != NULL, "%s", o.out);
  cr_expect_leq(time(NULL) - t0, 10, "retries are bounded");
}

Test(import, usage_errors_exit_2, .init = make_work, .fini = remove_work)
{
  static struct outcome o;
  const char *no_token[] = {work, NULL};
  run_import(no_token, NULL, &o);
  cr_expect_eq(o.status, 2);
  cr_expect(strstr(o.err, "no token") != NULL, "%s", o.err);
  const char *bad_jobs[] = {"--token", TEST_TOKEN, "--jobs", "0", work, NULL};
  run_import(bad_jobs, NULL, &o);
  cr_expect_eq(o.status, 2);
  cr_expect(strstr(o.err, "--jobs must be") != NULL, "%s", o.err);
  const char *help[] = {"--help", NULL};
  run_import(help, NULL, &o);
  cr_expect_eq(o.status, 0);
  cr_expect(strstr(o.out, "usage: saywho import") != NULL, "%s", o.out);
}
