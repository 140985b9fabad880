/* args.h - the command line of `saywho import`, read into options (pure: no I/O).
 *
 *   saywho import [--url URL] [--token T] [--jobs N] PATH...
 *
 * --url defaults to $SAYWHO_URL, then IMPORT_DEFAULT_URL; --token to
 * $SAYWHO_TOKEN. Options may also be written --url=URL. "-" is a PATH
 * (NDJSON on stdin); "--" ends the options. */
#ifndef SAYWHO_CLIENT_ARGS_H
#define SAYWHO_CLIENT_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define IMPORT_DEFAULT_URL "http://127.0.0.1:8080"
#define IMPORT_DEFAULT_JOBS 8u
#define IMPORT_MAX_JOBS 64u
#define IMPORT_URL_MAX 2000u
#define IMPORT_TOKEN_MAX 1024u

struct import_options {
  const char *url;          /* base URL of the service: into argv or the environment */
  const char *token;        /* bearer token: into argv or the environment */
  unsigned jobs;            /* transfers in flight, 1..IMPORT_MAX_JOBS */
  char *const *paths;       /* into argv */
  size_t path_count;        /* >= 1 unless help */
  bool help;                /* --help: print the usage, nothing else */
};

/* Looks an environment variable up (getenv, or a fake in the tests). */
typedef const char *(*import_env_fn)(const char *name);

/* Reads argv[1..argc) (argv[0] is the word "import") into *o. Returns 0, or
 * -1 with a one-line message in err (a usage error: exit status 2). */
int import_args_parse(int argc, char *const *argv, import_env_fn env, struct import_options *o,
                      char *err, size_t errlen) __attribute__((warn_unused_result));

void import_args_usage(FILE *out);

#endif
