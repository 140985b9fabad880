/* config.h - the service's configuration, read from the environment. */
#ifndef SAYWHO_CONFIG_H
#define SAYWHO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum log_format { LOG_FORMAT_JSON, LOG_FORMAT_TEXT };
enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };
/* What stands between saywho and PostgreSQL (DATABASE_POOLER). */
enum db_pooler {
  DB_POOLER_NONE,        /* a session is ours for as long as we hold the connection */
  DB_POOLER_TRANSACTION, /* pgbouncer pool_mode=transaction: nothing session-scoped survives a
                            transaction, so no named statements and no session SETs */
};

#define CONFIG_MAX_TOKENS 32
/* The largest MAX_BODY_BYTES accepted: the text engine's cap on a body
 * (WIRE_MAX_BYTES, EXTRACT_MAX_BODY; handlers/articles.c checks they agree),
 * so a body the front end takes is never one the engine refuses for size. */
#define CONFIG_MAX_BODY_BYTES ((size_t)4 << 20)
#define CONFIG_MAX_ORIGINS 32

struct api_token {
  char *name;  /* who made a change, for history ("api" when unnamed) */
  char *token; /* the secret; never logged or returned */
};

struct config {
  char *database_url;        /* libpq connection string; "" = libpq defaults */
  char *database_listen_url; /* the cache invalidator's direct connection; NULL: unset */
  enum db_pooler database_pooler;
  char *database_read_url;   /* a streaming replica for GET/HEAD; NULL: none */
  unsigned read_wait_ms;     /* how long a read waits for the replica to reach Saywho-Min-LSN */
  unsigned long long read_max_lag_bytes; /* a replica further behind serves no reads */
  char *host;                /* IP literal to listen on */
  unsigned port;
  unsigned threads;          /* MHD worker threads */
  unsigned db_pool_size;
  unsigned db_pipelines;     /* DB_PIPELINES: connections of server/pipeline.h */
  unsigned db_pipeline_stuck_ms; /* DB_PIPELINE_STUCK_MS: a batch out this long takes no reads */
  struct api_token tokens[CONFIG_MAX_TOKENS];
  size_t token_count;        /* 0: read-only service */
  char *cors_origins[CONFIG_MAX_ORIGINS];
  size_t cors_origin_count;  /* "*" may be one of them */
  size_t max_body_bytes;
  size_t cache_bytes;        /* rendered GET answers kept in memory; 0: none */
  unsigned search_window;    /* a search ranks the newest this many matches */
  size_t max_head_bytes;     /* request line + headers; larger heads get 431 */
  unsigned idle_timeout_seconds; /* no bytes moving this long: the connection is closed */
  unsigned max_connections;
  unsigned max_connections_per_ip; /* 0: no limit */
  unsigned statement_timeout_ms;
  unsigned db_wait_ms;       /* how long a request waits for a pooled connection */
  unsigned exports_max;      /* exports streaming at once, each on its own connection */
  unsigned db_startup_seconds; /* how long start-up retries an unreachable database */
  unsigned shutdown_grace_ms;  /* how long SIGTERM lets in-flight requests finish */
  enum log_format log_format;
  enum log_level log_level;
  bool desk;                 /* DESK: serve the editors' web page at /desk/ */
  bool cache_sync;           /* CACHE_SYNC: a hit waits for the invalidator's sync (invalidator.h) */
};

/* Looks a variable up; returns NULL when unset. getenv() fits. */
typedef const char *(*config_lookup_fn)(const char *name);

/* Fills cfg from the variables that lookup finds, defaults for the rest.
 * Returns 0, or -1 with a message naming the variable in err. On success the
 * caller owns cfg's strings and frees them with config_free(); on failure
 * nothing is left allocated. */
__attribute__((warn_unused_result)) int config_load(struct config *cfg, config_lookup_fn lookup,
                                                    char *err, size_t errlen);
void config_free(struct config *cfg);

/* Prints every variable with its default and meaning (saywho --help). */
void config_print_help(FILE *out);

/* The name of the token that equals candidate (compared in constant time
 * against every token), or NULL when none does. */
const char *config_token_name(const struct config *cfg, const char *candidate);

const char *log_level_name(enum log_level level);

#endif
