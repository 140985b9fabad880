/* config.c - reads and checks the environment once, at start-up. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"

struct setting {
  const char *name;
  const char *default_text; /* as printed by --help */
  const char *meaning;
};

static const struct setting settings[] = {
  {"DATABASE_URL", "(libpq defaults)", "PostgreSQL connection string (URI or key=value)"},
  {"DATABASE_POOLER", "none", "none, or transaction: DATABASE_URL is a pgbouncer in transaction mode (unnamed statements)"},
  {"DATABASE_LISTEN_URL", "DATABASE_URL", "direct PostgreSQL connection for LISTEN (the cache); needed with DATABASE_POOLER"},
  {"DATABASE_READ_URL", "(none)", "a streaming replica of DATABASE_URL that serves GET and HEAD"},
  {"READ_WAIT_MS", "200", "how long a read with Saywho-Min-LSN waits for the replica (0-10000)"},
  {"READ_MAX_LAG_BYTES", "16777216", "a replica further behind the primary serves no reads (bytes of WAL)"},
  {"HOST", "0.0.0.0", "IP address to listen on (IPv4 or IPv6 literal)"},
  {"PORT", "8080", "TCP port to listen on (1-65535)"},
  {"THREADS", "number of cores", "HTTP worker threads (1-256)"},
  {"DB_POOL_SIZE", "2 x THREADS", "PostgreSQL connections, one per worker thread (1-1024)"},
  {"DB_PIPELINES", "THREADS", "PostgreSQL connections pipelining GET /statements/{id} and /articles/{id} (0-64; 0 = the workers read them)"},
  {"DB_PIPELINE_STUCK_MS", "50", "a pipelined batch out this long (a lock, a slow query) takes no more reads: they go to another connection or a worker (1-60000)"},
  {"API_TOKENS", "(none: read-only)", "comma-separated bearer tokens, each `token` or `name:token`"},
  {"CORS_ORIGINS", "(none)", "comma-separated origins allowed by CORS, or *"},
  {"MAX_BODY_BYTES", "1048576", "largest accepted request body in bytes (1 B - 4 MiB, the text engine's cap)"},
  {"MAX_HEAD_BYTES", "16384", "largest request line + headers in bytes (1 KiB - 1 MiB); over: 431"},
  {"IDLE_TIMEOUT_SECONDS", "4", "a connection with no bytes moving this long is closed (1-3600)"},
  {"MAX_CONNECTIONS", "2048", "open connections at most; more wait in the listen backlog"},
  {"MAX_CONNECTIONS_PER_IP", "1024", "connections per client address (0 = no limit; <= MAX_CONNECTIONS)"},
  {"STATEMENT_TIMEOUT_MS", "5000", "PostgreSQL statement_timeout in ms (0 = none)"},
  {"DB_WAIT_MS", "2000", "how long a request waits for a free connection before 503"},
  {"EXPORTS_MAX", "2", "NDJSON/CSV exports at once, each on a connection of its own (1-64); more: 503"},
  {"DB_STARTUP_SECONDS", "30", "how long start-up retries an unreachable database"},
  {"SHUTDOWN_GRACE_MS", "8000", "how long SIGTERM lets in-flight requests finish"},
  {"CACHE_BYTES", "33554432", "memory for cached GET answers in bytes, LRU (0 = no cache)"},
  {"SEARCH_WINDOW", "1000", "a q= search ranks the newest this many matches (1-100000)"},
  {"CACHE_SYNC", "on", "on: a hit is sent on a lease from a sync with PostgreSQL and a write answers 1 ms after its commit, never stale across replicas; off: served at once"},
  {"LOG_FORMAT", "json", "json or text"},
  {"LOG_LEVEL", "info", "debug, info, warn or error"},
  {"DESK", "on", "on or off: serve the editors' web page at /desk/"},
};

void config_print_help(FILE *out)
{
  fprintf(out,
          "usage: saywho [--migrate-only | --healthcheck] [--help] [--version]\n"
          "       saywho import [--url URL] [--token T] [--jobs N] PATH...  (see saywho import --help)\n\n"
          "  --migrate-only   apply pending database migrations and exit\n"
          "  --healthcheck    GET /health from the server on PORT; exit 0 on 200, else 1 (3 s)\n\n"
          "Configuration (environment):\n");
  for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
    fprintf(out, "  %-22s default %-20s %s\n", settings[i].name, settings[i].default_text,
            settings[i].meaning);
}

/* Parses an unsigned decimal in [min, max]; the whole string must be digits. */
static int parse_uint(const char *name, const char *text, uint64_t min, uint64_t max,
                      uint64_t *out, char *err, size_t errlen)
{
  if (text[0] == '\0' || strspn(text, "0123456789") != strlen(text))
    return errmsg_set(err, errlen, "%s must be a whole number, got \"%s\"", name, text);
  errno = 0;
  unsigned long long v = strtoull(text, NULL, 10);
  if (errno == ERANGE || v < min || v > max)
    return errmsg_set(err, errlen, "%s must be between %" PRIu64 " and %" PRIu64 ", got %s", name, min,
                max, text);
  *out = v;
  return 0;
}

static int uint_setting(config_lookup_fn lookup, const char *name, uint64_t dflt, uint64_t min,
                        uint64_t max, uint64_t *out, char *err, size_t errlen)
{
  const char *text = lookup(name);
  if (text == NULL || text[0] == '\0') {
    *out = dflt;
    return 0;
  }
  return parse_uint(name, text, min, max, out, err, errlen);
}

static char *dup_or_die(const char *s, bool *oom)
{
  char *copy = strdup(s);
  if (copy == NULL)
    *oom = true;
  return copy;
}

static bool token_char_ok(char c)
{
  return isalnum((unsigned char)c) || strchr("-._~+/=", c) != NULL;
}

static int parse_tokens(struct config *cfg, const char *text, char *err, size_t errlen)
{
  const char *p = text;
  bool oom = false;
  while (*p != '\0') {
    size_t len = strcspn(p, ",");
    if (len > 0) {
      if (cfg->token_count == CONFIG_MAX_TOKENS)
        return errmsg_set(err, errlen, "API_TOKENS: at most %d tokens", CONFIG_MAX_TOKENS);
      const char *colon = memchr(p, ':', len);
      const char *tok = colon ? colon + 1 : p;
      size_t tok_len = (size_t)(p + len - tok);
      size_t name_len = colon ? (size_t)(colon - p) : 0;
      if (tok_len < 8)
        return errmsg_set(err, errlen, "API_TOKENS: token %zu is shorter than 8 characters",
                    cfg->token_count + 1);
      for (size_t i = 0; i < tok_len; i++)
        if (!token_char_ok(tok[i]))
          return errmsg_set(err, errlen, "API_TOKENS: token %zu has a character outside [A-Za-z0-9-._~+/=]",
                      cfg->token_count + 1);
      for (size_t i = 0; i < name_len; i++)
        if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '_' && p[i] != '.')
          return errmsg_set(err, errlen, "API_TOKENS: token name %zu may use only letters, digits, -, _ and .",
                      cfg->token_count + 1);
      struct api_token *t = &cfg->tokens[cfg->token_count++];
      t->token = strndup(tok, tok_len);
      t->name = name_len ? strndup(p, name_len) : strdup("api");
      if (t->token == NULL || t->name == NULL)
        oom = true;
    }
    p += len;
    if (*p == ',')
      p++;
  }
  return oom ? errmsg_set(err, errlen, "out of memory") : 0;
}

static int parse_origins(struct config *cfg, const char *text, char *err, size_t errlen)
{
  const char *p = text;
  while (*p != '\0') {
    while (*p == ' ')
      p++;
    size_t len = strcspn(p, ",");
    size_t trimmed = len;
    while (trimmed > 0 && p[trimmed - 1] == ' ')
      trimmed--;
    if (trimmed > 0) {
      if (cfg->cors_origin_count == CONFIG_MAX_ORIGINS)
        return errmsg_set(err, errlen, "CORS_ORIGINS: at most %d origins", CONFIG_MAX_ORIGINS);
      bool star = trimmed == 1 && p[0] == '*';
      if (!star && !(trimmed > 7 && (strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0)))
        return errmsg_set(err, errlen, "CORS_ORIGINS: \"%.*s\" is neither * nor an http(s):// origin",
                    (int)trimmed, p);
      /* A browser's Origin is scheme://host[:port], never with a path: one
       * written with a slash would silently match nothing. */
      const char *host = star ? p : strstr(p, "://") + 3;
      if (!star && memchr(host, '/', trimmed - (size_t)(host - p)) != NULL)
        return errmsg_set(err, errlen,
                    "CORS_ORIGINS: \"%.*s\" has a path; an origin is scheme://host[:port], "
                    "without a trailing slash",
                    (int)trimmed, p);
      char *origin = strndup(p, trimmed);
      if (origin == NULL)
        return errmsg_set(err, errlen, "out of memory");
      cfg->cors_origins[cfg->cors_origin_count++] = origin;
    }
    p += len;
    if (*p == ',')
      p++;
  }
  return 0;
}

static int parse_enum(const char *name, const char *text, const char *const *names, size_t n,
                      int dflt, int *out, char *err, size_t errlen)
{
  if (text == NULL || text[0] == '\0') {
    *out = dflt;
    return 0;
  }
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(text, names[i]) == 0) {
      *out = (int)i;
      return 0;
    }
  return errmsg_set(err, errlen, "%s must be one of %s%s%s%s%s%s%s, got \"%s\"", name, names[0],
              n > 1 ? ", " : "", n > 1 ? names[1] : "", n > 2 ? ", " : "", n > 2 ? names[2] : "",
              n > 3 ? ", " : "", n > 3 ? names[3] : "", text);
}

static const char *const level_names[] = {"debug", "info", "warn", "error"};
static const char *const format_names[] = {"json", "text"};
static const char *const switch_names[] = {"off", "on"};
static const char *const pooler_names[] = {"none", "transaction"};

const char *log_level_name(enum log_level level)
{
  return level_names[level];
}

/* The limits that keep every connection bounded in memory and time. */
static int load_http_limits(struct config *cfg, config_lookup_fn lookup, char *err, size_t errlen)
{
  uint64_t v = 0;
  if (uint_setting(lookup, "MAX_HEAD_BYTES", 16384, 1024, 1 << 20, &v, err, errlen))
    return -1;
  cfg->max_head_bytes = (size_t)v;
  if (uint_setting(lookup, "IDLE_TIMEOUT_SECONDS", 4, 1, 3600, &v, err, errlen))
    return -1;
  cfg->idle_timeout_seconds = (unsigned)v;
  if (uint_setting(lookup, "MAX_CONNECTIONS", 2048, 1, 65536, &v, err, errlen))
    return -1;
  cfg->max_connections = (unsigned)v;
  uint64_t per_ip = cfg->max_connections < 1024 ? cfg->max_connections : 1024;
  if (uint_setting(lookup, "MAX_CONNECTIONS_PER_IP", per_ip, 0, cfg->max_connections, &v, err,
                   errlen))
    return -1;
  cfg->max_connections_per_ip = (unsigned)v;
  return 0;
}

static int load_numbers(struct config *cfg, config_lookup_fn lookup, char *err, size_t errlen)
{
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  uint64_t v = 0;
  if (uint_setting(lookup, "PORT", 8080, 1, 65535, &v, err, errlen))
    return -1;
  cfg->port = (unsigned)v;
  if (uint_setting(lookup, "THREADS", cores > 0 ? (uint64_t)cores : 2, 1, 256, &v, err, errlen))
    return -1;
  cfg->threads = (unsigned)v;
  /* Measured on 2 cores (README design notes): 2 per I/O thread keeps the
   * CPU busy while requests wait on PostgreSQL; more only adds switching. */
  if (uint_setting(lookup, "DB_POOL_SIZE", (uint64_t)cfg->threads * 2, 1, 1024, &v, err, errlen))
    return -1;
  cfg->db_pool_size = (unsigned)v;
  if (uint_setting(lookup, "DB_PIPELINES", cfg->threads, 0, 64, &v, err, errlen))
    return -1;
  cfg->db_pipelines = (unsigned)v;
  if (uint_setting(lookup, "DB_PIPELINE_STUCK_MS", 50, 1, 60000, &v, err, errlen))
    return -1;
  cfg->db_pipeline_stuck_ms = (unsigned)v;
  if (uint_setting(lookup, "MAX_BODY_BYTES", 1 << 20, 1, CONFIG_MAX_BODY_BYTES, &v, err, errlen))
    return -1;
  cfg->max_body_bytes = (size_t)v;
  if (uint_setting(lookup, "CACHE_BYTES", (uint64_t)32 << 20, 0, (uint64_t)1 << 40, &v, err, errlen))
    return -1;
  cfg->cache_bytes = (size_t)v;
  if (uint_setting(lookup, "SEARCH_WINDOW", 1000, 1, 100000, &v, err, errlen))
    return -1;
  cfg->search_window = (unsigned)v;
  if (uint_setting(lookup, "STATEMENT_TIMEOUT_MS", 5000, 0, 3600000, &v, err, errlen))
    return -1;
  cfg->statement_timeout_ms = (unsigned)v;
  if (uint_setting(lookup, "DB_WAIT_MS", 2000, 1, 600000, &v, err, errlen))
    return -1;
  cfg->db_wait_ms = (unsigned)v;
  if (uint_setting(lookup, "EXPORTS_MAX", 2, 1, 64, &v, err, errlen))
    return -1;
  cfg->exports_max = (unsigned)v;
  if (uint_setting(lookup, "DB_STARTUP_SECONDS", 30, 0, 3600, &v, err, errlen))
    return -1;
  cfg->db_startup_seconds = (unsigned)v;
  if (uint_setting(lookup, "SHUTDOWN_GRACE_MS", 8000, 0, 600000, &v, err, errlen))
    return -1;
  cfg->shutdown_grace_ms = (unsigned)v;
  if (uint_setting(lookup, "READ_WAIT_MS", 200, 0, 10000, &v, err, errlen))
    return -1;
  cfg->read_wait_ms = (unsigned)v;
  if (uint_setting(lookup, "READ_MAX_LAG_BYTES", (uint64_t)16 << 20, 0, (uint64_t)1 << 40, &v, err,
                   errlen))
    return -1;
  cfg->read_max_lag_bytes = v;
  return load_http_limits(cfg, lookup, err, errlen);
}

static int load_all(struct config *cfg, config_lookup_fn lookup, char *err, size_t errlen)
{
  bool oom = false;
  const char *url = lookup("DATABASE_URL");
  cfg->database_url = dup_or_die(url ? url : "", &oom);
  const char *listen_url = lookup("DATABASE_LISTEN_URL");
  if (listen_url != NULL && listen_url[0] != '\0')
    cfg->database_listen_url = dup_or_die(listen_url, &oom);
  const char *read_url = lookup("DATABASE_READ_URL");
  if (read_url != NULL && read_url[0] != '\0')
    cfg->database_read_url = dup_or_die(read_url, &oom);
  const char *host = lookup("HOST");
  if (host == NULL || host[0] == '\0')
    host = "0.0.0.0";
  unsigned char addr[16];
  if (inet_pton(AF_INET, host, addr) != 1 && inet_pton(AF_INET6, host, addr) != 1)
    return errmsg_set(err, errlen, "HOST must be an IPv4 or IPv6 address, got \"%s\"", host);
  cfg->host = dup_or_die(host, &oom);
  if (oom)
    return errmsg_set(err, errlen, "out of memory");
  if (load_numbers(cfg, lookup, err, errlen))
    return -1;
  const char *tokens = lookup("API_TOKENS");
  if (tokens && parse_tokens(cfg, tokens, err, errlen))
    return -1;
  const char *origins = lookup("CORS_ORIGINS");
  if (origins && parse_origins(cfg, origins, err, errlen))
    return -1;
  int e = 0;
  if (parse_enum("LOG_FORMAT", lookup("LOG_FORMAT"), format_names, 2, LOG_FORMAT_JSON, &e, err,
                 errlen))
    return -1;
  cfg->log_format = (enum log_format)e;
  if (parse_enum("LOG_LEVEL", lookup("LOG_LEVEL"), level_names, 4, LOG_INFO, &e, err, errlen))
    return -1;
  cfg->log_level = (enum log_level)e;
  if (parse_enum("DESK", lookup("DESK"), switch_names, 2, 1, &e, err, errlen))
    return -1;
  cfg->desk = e == 1;
  if (parse_enum("DATABASE_POOLER", lookup("DATABASE_POOLER"), pooler_names, 2, DB_POOLER_NONE, &e,
                 err, errlen))
    return -1;
  cfg->database_pooler = (enum db_pooler)e;
  if (parse_enum("CACHE_SYNC", lookup("CACHE_SYNC"), switch_names, 2, 1, &e, err, errlen))
    return -1;
  cfg->cache_sync = e == 1;
  return 0;
}

int config_load(struct config *cfg, config_lookup_fn lookup, char *err, size_t errlen)
{
  memset(cfg, 0, sizeof *cfg);
  if (load_all(cfg, lookup, err, errlen) == 0)
    return 0;
  config_free(cfg);
  return -1;
}

void config_free(struct config *cfg)
{
  free(cfg->database_url);
  free(cfg->database_listen_url);
  free(cfg->database_read_url);
  free(cfg->host);
  for (size_t i = 0; i < cfg->token_count; i++) {
    free(cfg->tokens[i].name);
    free(cfg->tokens[i].token);
  }
  for (size_t i = 0; i < cfg->cors_origin_count; i++)
    free(cfg->cors_origins[i]);
  memset(cfg, 0, sizeof *cfg);
}

/* Whether secret equals candidate, in a time that depends on the candidate's
 * length alone (which the caller knows), never on where they differ or on
 * the secret's length. */
static bool equal_constant_time(const char *secret, const char *candidate)
{
  size_t ls = strlen(secret), lc = strlen(candidate);
  unsigned char diff = (unsigned char)(ls != lc);
  for (size_t i = 0; i < lc; i++) {
    /* Past the secret's end, compare against its first byte: same work, and
     * the length difference already counts as a mismatch. */
    size_t k = i < ls ? i : 0;
    diff |= (unsigned char)secret[k] ^ (unsigned char)candidate[i];
  }
  return diff == 0;
}

const char *config_token_name(const struct config *cfg, const char *candidate)
{
  const char *found = NULL;
  for (size_t i = 0; i < cfg->token_count; i++)
    if (equal_constant_time(cfg->tokens[i].token, candidate) && found == NULL)
      found = cfg->tokens[i].name;
  return found;
}
