/* test_import_walk.c - file discovery and reading for saywho import over a
 * real directory tree: what is taken, what is skipped, what is reported;
 * NDJSON lines; the size cap. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feed.h"
#include "walk.h"

static char root[64];

static void put(const char *rel, const char *text)
{
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f, "%s", path);
  fputs(text, f);
  fclose(f);
}

static void dir(const char *rel)
{
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  cr_assert_eq(mkdir(path, 0755), 0, "%s", path);
}

static void make_tree(void)
{
  snprintf(root, sizeof root, "/tmp/saywho-walk-XXXXXX");
  cr_assert_not_null(mkdtemp(root));
  put("a.txt", "wire a");
  put("b.json", "{\"body\": \"b\"}");
  put("notes.md", "skipped");
  put(".hidden.txt", "skipped");
  dir("sub");
  put("sub/c.TXT", "wire c");
  dir("sub/deeper");
  put("sub/deeper/d.Json", "{}");
  dir(".git");
  put(".git/e.txt", "skipped: hidden directory");
  char target[256], link[256];
  snprintf(target, sizeof target, "%s/a.txt", root);
  snprintf(link, sizeof link, "%s/sub/link-to-a.txt", root);
  cr_assert_eq(symlink(target, link), 0);
  snprintf(link, sizeof link, "%s/sub/loop", root);
  cr_assert_eq(symlink(root, link), 0, "a link to a directory is not followed");
}

static void remove_tree(void)
{
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  cr_expect_eq(system(cmd), 0);
}

/* The items of a walk over paths as "KIND path" lines, sorted (directory
 * order is the file system's), relative to root. */
static char *walk_lines(char *const *paths, size_t n)
{
  static char out[4096];
  char lines[32][512];
  size_t count = 0;
  struct walk *w = walk_open(paths, n);
  struct walk_item it;
  static const char *const kinds[] = {"WIRE", "JSON", "STDIN", "PROBLEM"};
  while (walk_next(w, &it) && count < 32) {
    const char *p = strncmp(it.path, root, strlen(root)) == 0 ? it.path + strlen(root) : it.path;
    snprintf(lines[count++], sizeof lines[0], "%s %s%s%s", kinds[it.kind], p,
             it.problem ? ": " : "", it.problem ? it.problem : "");
  }
  walk_close(w);
  qsort(lines, count, sizeof lines[0], (int (*)(const void *, const void *))strcmp);
  out[0] = '\0';
  for (size_t i = 0; i < count; i++) {
    strcat(out, lines[i]);
    strcat(out, "\n");
  }
  return out;
}

Test(import_walk, a_directory_is_walked_recursively_for_txt_and_json, .init = make_tree,
     .fini = remove_tree)
{
  char slash[80];
  snprintf(slash, sizeof slash, "%s/", root);
  char *paths[] = {slash};
  cr_expect_str_eq(walk_lines(paths, 1),
                   "JSON /b.json\n"
                   "JSON /sub/deeper/d.Json\n"
                   "WIRE /a.txt\n"
                   "WIRE /sub/c.TXT\n"
                   "WIRE /sub/link-to-a.txt\n");
  int has_stdin = 1;
  cr_expect_eq(walk_count(paths, 1, &has_stdin), 5);
  cr_expect_eq(has_stdin, 0);
}

Test(import_walk, named_paths_are_taken_or_reported, .init = make_tree, .fini = remove_tree)
{
  char a[80], md[80], missing[80], sub[80];
  snprintf(a, sizeof a, "%s/a.txt", root);
  snprintf(md, sizeof md, "%s/notes.md", root);
  snprintf(missing, sizeof missing, "%s/missing.txt", root);
  snprintf(sub, sizeof sub, "%s/sub/deeper", root);
  char *paths[] = {a, "-", md, missing, sub};
  cr_expect_str_eq(walk_lines(paths, 5),
                   "JSON /sub/deeper/d.Json\n"
                   "PROBLEM /missing.txt: No such file or directory\n"
                   "PROBLEM /notes.md: not a .txt (wire) or .json (article) file\n"
                   "STDIN -\n"
                   "WIRE /a.txt\n");
  int has_stdin = 0;
  cr_expect_eq(walk_count(paths, 5, &has_stdin), 5);
  cr_expect_eq(has_stdin, 1);
}

/* Reads every job of a feed as "label type body-or-problem" lines, in order. */
static char *feed_lines(char *const *paths, size_t n, FILE *in, size_t max)
{
  static char out[4096];
  out[0] = '\0';
  struct feed *f = feed_open(paths, n, in, max);
  struct feed_job job;
  feed_job_init(&job, max);
  while (feed_next(f, &job)) {
    char line[FEED_LABEL_MAX + 600];
    snprintf(line, sizeof line, "%s %s %s\n", job.label, job.type == FEED_JSON ? "json" : "text",
             job.problem[0] ? job.problem : dynbuf_str(&job.body));
    strncat(out, line, sizeof out - strlen(out) - 1);
  }
  feed_job_free(&job);
  feed_close(f);
  return out;
}

Test(import_walk, ndjson_lines_are_numbered_and_blank_ones_skipped)
{
  char text[] = "{\"body\": \"one\"}\n\n  \r\n{\"body\": \"four\"}\r\nnot json\n"
                "{\"body\": \"this line is too long\"}\n{\"body\": \"last, no newline\"}";
  FILE *in = fmemopen(text, strlen(text), "r");
  char *paths[] = {"-"};
  cr_expect_str_eq(feed_lines(paths, 1, in, 30),
                   "-:1 json {\"body\": \"one\"}\n"
                   "-:4 json {\"body\": \"four\"}\r\n"
                   "-:5 json not json\n"
                   "-:6 json line longer than the size limit\n"
                   "-:7 json {\"body\": \"last, no newline\"}\n");
  fclose(in);
}

Test(import_walk, files_are_read_whole_up_to_the_cap, .init = make_tree, .fini = remove_tree)
{
  char a[80], b[80], big[80];
  snprintf(a, sizeof a, "%s/a.txt", root);
  snprintf(b, sizeof b, "%s/b.json", root);
  snprintf(big, sizeof big, "%s/big.txt", root);
  put("big.txt", "fourteen bytes");
  char *paths[] = {a, b, big};
  char expected[512];
  snprintf(expected, sizeof expected,
           "%s text wire a\n%s json {\"body\": \"b\"}\n%s text larger than 13 bytes (14)\n", a, b,
           big);
  cr_expect_str_eq(feed_lines(paths, 3, stdin, 13), expected);
  snprintf(expected, sizeof expected,
           "%s text wire a\n%s json {\"body\": \"b\"}\n%s text fourteen bytes\n", a, b, big);
  cr_expect_str_eq(feed_lines(paths, 3, stdin, 14), expected, "exactly the cap is fine");
}
