/* test_import_args.c - the command line of saywho import: defaults, the
 * environment, both option spellings, and every usage error. */
#include <criterion/criterion.h>
#include <string.h>

#include "args.h"

static const char *const *fake_env;

static const char *fake_lookup(const char *name)
{
  size_t len = strlen(name);
  for (size_t i = 0; fake_env && fake_env[i]; i++)
    if (strncmp(fake_env[i], name, len) == 0 && fake_env[i][len] == '=')
      return fake_env[i] + len + 1;
  return NULL;
}

/* Parses the NULL-terminated words after "import" with environment env. */
static int parse(const char *const *words, const char *const *env, struct import_options *o,
                 char *err, size_t errlen)
{
  static char *argv[32];
  int argc = 0;
  argv[argc++] = "import";
  for (size_t i = 0; words[i] != NULL; i++)
    argv[argc++] = (char *)words[i];
  argv[argc] = NULL;
  fake_env = env;
  err[0] = '\0';
  return import_args_parse(argc, argv, fake_lookup, o, err, errlen);
}

static const char *const token_env[] = {"SAYWHO_TOKEN=tok-from-env", NULL};

Test(import_args, defaults_and_environment)
{
  struct import_options o;
  char err[256];
  const char *words[] = {"articles/", NULL};
  cr_assert_eq(parse(words, token_env, &o, err, sizeof err), 0, "%s", err);
  cr_expect_str_eq(o.url, IMPORT_DEFAULT_URL);
  cr_expect_str_eq(o.token, "tok-from-env");
  cr_expect_eq(o.jobs, IMPORT_DEFAULT_JOBS);
  cr_assert_eq(o.path_count, 1);
  cr_expect_str_eq(o.paths[0], "articles/");

  const char *env[] = {"SAYWHO_URL=https://news.example/api", "SAYWHO_TOKEN=t2", NULL};
  cr_assert_eq(parse(words, env, &o, err, sizeof err), 0, "%s", err);
  cr_expect_str_eq(o.url, "https://news.example/api");
  cr_expect_str_eq(o.token, "t2");
}

Test(import_args, options_override_the_environment_in_both_spellings)
{
  struct import_options o;
  char err[256];
  const char *env[] = {"SAYWHO_URL=http://env:1", "SAYWHO_TOKEN=env-token", NULL};
  const char *words[] = {"--url", "http://127.0.0.1:9000", "--token=cli-token", "--jobs=3",
                         "a.txt", "-", "dir", NULL};
  cr_assert_eq(parse(words, env, &o, err, sizeof err), 0, "%s", err);
  cr_expect_str_eq(o.url, "http://127.0.0.1:9000");
  cr_expect_str_eq(o.token, "cli-token");
  cr_expect_eq(o.jobs, 3);
  cr_assert_eq(o.path_count, 3);
  cr_expect_str_eq(o.paths[0], "a.txt");
  cr_expect_str_eq(o.paths[1], "-");
  cr_expect_str_eq(o.paths[2], "dir");
}

Test(import_args, double_dash_ends_the_options)
{
  struct import_options o;
  char err[256];
  const char *words[] = {"--jobs", "64", "--", "--odd-name.txt", NULL};
  cr_assert_eq(parse(words, token_env, &o, err, sizeof err), 0, "%s", err);
  cr_expect_eq(o.jobs, 64);
  cr_assert_eq(o.path_count, 1);
  cr_expect_str_eq(o.paths[0], "--odd-name.txt");
}

Test(import_args, help_needs_nothing_else)
{
  struct import_options o;
  char err[256];
  const char *words[] = {"--help", NULL};
  cr_assert_eq(parse(words, NULL, &o, err, sizeof err), 0, "%s", err);
  cr_expect(o.help);
}

/* Each case: the words, and what the message must say. */
Test(import_args, usage_errors)
{
  static const struct {
    const char *words[6];
    const char *needle;
  } cases[] = {
    {{NULL}, "no PATH"},
    {{"--jobs", "0", "d", NULL}, "--jobs must be a number from 1 to 64"},
    {{"--jobs", "65", "d", NULL}, "--jobs must be"},
    {{"--jobs=4x", "d", NULL}, "--jobs must be"},
    {{"--jobs=-2", "d", NULL}, "--jobs must be"},
    {{"--jobs", NULL}, "--jobs needs a value"},
    {{"--url", "ftp://x", "d", NULL}, "must start with http:// or https://"},
    {{"--token", "has space", "d", NULL}, "space or a control character"},
    {{"--frobnicate", "d", NULL}, "unknown option --frobnicate"},
    {{"d", "--jobs", "2", NULL}, "options come before the PATHs: --jobs"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct import_options o;
    char err[256];
    cr_expect_eq(parse(cases[i].words, token_env, &o, err, sizeof err), -1, "case %zu", i);
    cr_expect(strstr(err, cases[i].needle) != NULL, "case %zu: \"%s\" lacks \"%s\"", i, err,
              cases[i].needle);
  }
}

Test(import_args, a_token_is_required)
{
  struct import_options o;
  char err[256];
  const char *words[] = {"d", NULL};
  const char *empty[] = {"SAYWHO_TOKEN=", NULL};
  cr_expect_eq(parse(words, NULL, &o, err, sizeof err), -1);
  cr_expect(strstr(err, "no token") != NULL, "%s", err);
  cr_expect_eq(parse(words, empty, &o, err, sizeof err), -1);
  cr_expect(strstr(err, "no token") != NULL, "%s", err);
}
