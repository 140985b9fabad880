/* args.c - the command line of `saywho import`, read into options. */
#include "args.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errmsg.h"

void import_args_usage(FILE *out)
{
  fprintf(out,
          "usage: saywho import [--url URL] [--token T] [--jobs N] PATH...\n\n"
          "Posts articles to a saywho service through POST /articles.\n"
          "  PATH         a wire .txt file, a JSON .json article, a directory of them\n"
          "               (walked recursively; other and hidden files are skipped),\n"
          "               or - for NDJSON on stdin (one JSON article per line)\n"
          "  --url URL    the service (default: $SAYWHO_URL, else %s)\n"
          "  --token T    bearer token for writes (default: $SAYWHO_TOKEN)\n"
          "  --jobs N     requests in flight, 1-%u (default %u)\n\n"
          "Re-running is safe: articles already stored are reported, not created again.\n"
          "Exit status: 0 nothing refused, 1 something refused or not sent, 2 usage error.\n",
          IMPORT_DEFAULT_URL, IMPORT_MAX_JOBS, IMPORT_DEFAULT_JOBS);
}

/* Whether argv[*i] is option name, written "--name=value" or "--name value"
 * (then *i moves to the value). *value is NULL and *missing true when the
 * value is absent. */
static bool option_is(int argc, char *const *argv, int *i, const char *name, const char **value,
                      bool *missing)
{
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0 || (a[n] != '=' && a[n] != '\0'))
    return false;
  if (a[n] == '=')
    *value = a + n + 1;
  else if (*i + 1 < argc)
    *value = argv[++*i];
  else
    *missing = true;
  return true;
}

static int parse_jobs(const char *text, unsigned *jobs, char *err, size_t errlen)
{
  char *end = NULL;
  long v = strtol(text, &end, 10);
  if (text[0] < '0' || text[0] > '9' || *end != '\0' || v < 1 || v > (long)IMPORT_MAX_JOBS)
    return errmsg_set(err, errlen, "--jobs must be a number from 1 to %u, got \"%.40s\"",
                IMPORT_MAX_JOBS, text);
  *jobs = (unsigned)v;
  return 0;
}

static int check_url(const char *url, char *err, size_t errlen)
{
  if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
    return errmsg_set(err, errlen, "the URL must start with http:// or https://, got \"%.80s\"", url);
  if (strlen(url) > IMPORT_URL_MAX)
    return errmsg_set(err, errlen, "the URL is longer than %u characters", IMPORT_URL_MAX);
  return 0;
}

/* The token goes into a header line: no spaces or control characters. */
static int check_token(const char *token, char *err, size_t errlen)
{
  if (strlen(token) > IMPORT_TOKEN_MAX)
    return errmsg_set(err, errlen, "the token is longer than %u characters", IMPORT_TOKEN_MAX);
  for (const char *c = token; *c != '\0'; c++)
    if ((unsigned char)*c <= ' ' || *c == 0x7f)
      return errmsg_set(err, errlen, "the token holds a space or a control character");
  return 0;
}

/* One option word at argv[*i]; 0, or -1 with err. */
static int parse_option(int argc, char *const *argv, int *i, struct import_options *o, char *err,
                        size_t errlen)
{
  bool missing = false;
  const char *v = NULL;
  if (strcmp(argv[*i], "--help") == 0 || strcmp(argv[*i], "-h") == 0) {
    o->help = true;
  } else if (option_is(argc, argv, i, "--url", &v, &missing)) {
    o->url = v;
  } else if (option_is(argc, argv, i, "--token", &v, &missing)) {
    o->token = v;
  } else if (option_is(argc, argv, i, "--jobs", &v, &missing)) {
    if (!missing)
      return parse_jobs(v, &o->jobs, err, errlen);
  } else {
    return errmsg_set(err, errlen, "unknown option %.60s", argv[*i]);
  }
  if (missing)
    return errmsg_set(err, errlen, "%s needs a value", argv[*i]);
  return 0;
}

int import_args_parse(int argc, char *const *argv, import_env_fn env, struct import_options *o,
                      char *err, size_t errlen)
{
  *o = (struct import_options){.jobs = IMPORT_DEFAULT_JOBS};
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    if (parse_option(argc, argv, &i, o, err, errlen) != 0)
      return -1;
  }
  if (o->help)
    return 0;
  bool ended = i > 1 && strcmp(argv[i - 1], "--") == 0;
  o->paths = argv + i;
  o->path_count = (size_t)(argc - i);
  /* An option after a path would otherwise be imported as a file name. */
  for (int j = i; !ended && j < argc; j++)
    if (strncmp(argv[j], "--", 2) == 0)
      return errmsg_set(err, errlen, "options come before the PATHs: %.60s", argv[j]);
  if (o->path_count == 0)
    return errmsg_set(err, errlen, "no PATH given (a file, a directory, or - for NDJSON on stdin)");
  if (o->url == NULL)
    o->url = env("SAYWHO_URL");
  if (o->url == NULL || o->url[0] == '\0')
    o->url = IMPORT_DEFAULT_URL;
  if (check_url(o->url, err, errlen) != 0)
    return -1;
  if (o->token == NULL)
    o->token = env("SAYWHO_TOKEN");
  if (o->token == NULL || o->token[0] == '\0')
    return errmsg_set(err, errlen, "no token: give --token or set SAYWHO_TOKEN (writes need one)");
  return check_token(o->token, err, errlen);
}
