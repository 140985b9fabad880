/* test_config.c - configuration from the environment: defaults, good and bad values. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* A fake environment: NAME=value pairs looked up by the config loader. */
static const char *const *fake_env;

static const char *fake_lookup(const char *name)
{
  size_t len = strlen(name);
  for (size_t i = 0; fake_env && fake_env[i]; i++)
    if (strncmp(fake_env[i], name, len) == 0 && fake_env[i][len] == '=')
      return fake_env[i] + len + 1;
  return NULL;
}

static int load(struct config *cfg, const char *const *env, char *err, size_t errlen)
{
  fake_env = env;
  return config_load(cfg, fake_lookup, err, errlen);
}

Test(config, defaults)
{
  struct config cfg;
  char err[256];
  cr_assert_eq(load(&cfg, NULL, err, sizeof err), 0, "%s", err);
  cr_expect_str_eq(cfg.host, "0.0.0.0");
  cr_expect_eq(cfg.port, 8080);
  cr_expect_geq(cfg.threads, 1);
  cr_expect_eq(cfg.db_pool_size, 2 * cfg.threads);
  cr_expect_eq(cfg.db_pipelines, cfg.threads);
  cr_expect_eq(cfg.db_pipeline_stuck_ms, 50);
  cr_expect_eq(cfg.max_body_bytes, 1 << 20);
  cr_expect_eq(cfg.token_count, 0);
  cr_expect_eq(cfg.log_format, LOG_FORMAT_JSON);
  cr_expect_eq(cfg.log_level, LOG_INFO);
  cr_expect(cfg.desk, "the desk is served unless DESK=off");
  cr_expect(cfg.cache_sync, "hits wait for a sync unless CACHE_SYNC=off");
  cr_expect_eq(cfg.max_head_bytes, 16384);
  cr_expect_eq(cfg.idle_timeout_seconds, 4);
  cr_expect_eq(cfg.max_connections, 2048);
  cr_expect_eq(cfg.max_connections_per_ip, 1024);
  config_free(&cfg);
}

Test(config, connection_limits)
{
  const char *env[] = {"MAX_HEAD_BYTES=65536", "IDLE_TIMEOUT_SECONDS=30", "MAX_CONNECTIONS=100",
                       "MAX_CONNECTIONS_PER_IP=0", NULL};
  struct config cfg;
  char err[256];
  cr_assert_eq(load(&cfg, env, err, sizeof err), 0, "%s", err);
  cr_expect_eq(cfg.max_head_bytes, 65536);
  cr_expect_eq(cfg.idle_timeout_seconds, 30);
  cr_expect_eq(cfg.max_connections, 100);
  cr_expect_eq(cfg.max_connections_per_ip, 0);
  config_free(&cfg);
  /* The per-address default never exceeds the total. */
  const char *small[] = {"MAX_CONNECTIONS=10", NULL};
  cr_assert_eq(load(&cfg, small, err, sizeof err), 0, "%s", err);
  cr_expect_eq(cfg.max_connections_per_ip, 10);
  config_free(&cfg);
}

Test(config, desk_switch)
{
  static const struct {
    const char *setting;
    bool on;
  } cases[] = {{"DESK=off", false}, {"DESK=OFF", false}, {"DESK=on", true}, {"DESK=", true}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *env[] = {cases[i].setting, NULL};
    struct config cfg;
    char err[256] = "";
    cr_assert_eq(load(&cfg, env, err, sizeof err), 0, "%s: %s", cases[i].setting, err);
    cr_expect_eq(cfg.desk, cases[i].on, "%s gave desk=%d", cases[i].setting, cfg.desk);
    config_free(&cfg);
  }
  const char *env[] = {"DESK=no", NULL};
  struct config cfg;
  char err[256] = "";
  cr_expect_eq(load(&cfg, env, err, sizeof err), -1, "DESK=no was accepted");
  cr_expect(strstr(err, "DESK") != NULL && strstr(err, "off") != NULL,
            "message \"%s\" names neither DESK nor its values", err);
}

Test(config, pooler_and_listen_url)
{
  struct config cfg;
  char err[256] = "";
  cr_assert_eq(load(&cfg, NULL, err, sizeof err), 0, "%s", err);
  cr_expect_eq(cfg.database_pooler, DB_POOLER_NONE);
  cr_expect_null(cfg.database_listen_url, "unset: the invalidator uses DATABASE_URL");
  config_free(&cfg);
  const char *env[] = {"DATABASE_POOLER=transaction", "DATABASE_URL=host=127.0.0.1 port=6432",
                       "DATABASE_LISTEN_URL=host=127.0.0.1 port=5432", NULL};
  cr_assert_eq(load(&cfg, env, err, sizeof err), 0, "%s", err);
  cr_expect_eq(cfg.database_pooler, DB_POOLER_TRANSACTION);
  cr_expect_str_eq(cfg.database_listen_url, "host=127.0.0.1 port=5432");
  config_free(&cfg);
  const char *bad[] = {"DATABASE_POOLER=session", NULL};
  cr_expect_eq(load(&cfg, bad, err, sizeof err), -1, "DATABASE_POOLER=session was accepted");
  cr_expect(strstr(err, "DATABASE_POOLER") != NULL && strstr(err, "transaction") != NULL,
            "message \"%s\" names neither DATABASE_POOLER nor its values", err);
}

Test(config, good_values)
{
  const char *env[] = {"PORT=9090", "HOST=::1", "THREADS=3", "DB_POOL_SIZE=7",
                       "API_TOKENS=alice:aaaaaaaa11,bbbbbbbb22", "CORS_ORIGINS=https://a.example, *",
                       "MAX_BODY_BYTES=2048", "STATEMENT_TIMEOUT_MS=0", "LOG_FORMAT=text",
                       "LOG_LEVEL=debug", "DB_PIPELINES=0", "DB_PIPELINE_STUCK_MS=60000", NULL};
  struct config cfg;
  char err[256];
  cr_assert_eq(load(&cfg, env, err, sizeof err), 0, "%s", err);
  cr_expect_eq(cfg.port, 9090);
  cr_expect_str_eq(cfg.host, "::1");
  cr_expect_eq(cfg.threads, 3);
  cr_expect_eq(cfg.db_pool_size, 7);
  cr_expect_eq(cfg.db_pipelines, 0);
  cr_expect_eq(cfg.db_pipeline_stuck_ms, 60000);
  cr_assert_eq(cfg.token_count, 2);
  cr_expect_str_eq(cfg.tokens[0].name, "alice");
  cr_expect_str_eq(cfg.tokens[1].name, "api");
  cr_expect_str_eq(config_token_name(&cfg, "bbbbbbbb22"), "api");
  cr_expect_null(config_token_name(&cfg, "bbbbbbbb2"));
  cr_expect_null(config_token_name(&cfg, "alice:aaaaaaaa11"));
  cr_expect_eq(cfg.cors_origin_count, 2);
  cr_expect_str_eq(cfg.cors_origins[1], "*");
  cr_expect_eq(cfg.max_body_bytes, 2048);
  cr_expect_eq(cfg.statement_timeout_ms, 0);
  cr_expect_eq(cfg.log_format, LOG_FORMAT_TEXT);
  cr_expect_eq(cfg.log_level, LOG_DEBUG);
  config_free(&cfg);
}

struct bad_case {
  const char *setting;
  const char *names; /* what the message must mention */
};

Test(config, bad_values_are_refused_with_the_variable_named)
{
  static const struct bad_case cases[] = {
    {"PORT=0", "PORT"},           {"PORT=65536", "PORT"},       {"PORT=80a", "PORT"},
    {"PORT=-1", "PORT"},          {"HOST=example.com", "HOST"}, {"THREADS=0", "THREADS"},
    {"THREADS=1000", "THREADS"},  {"DB_POOL_SIZE=x", "DB_POOL_SIZE"},
    {"MAX_BODY_BYTES=0", "MAX_BODY_BYTES"}, {"MAX_BODY_BYTES=99999999999999999999", "MAX_BODY_BYTES"},
    {"MAX_BODY_BYTES=4194305", "MAX_BODY_BYTES"}, /* over the text engine's cap */
    {"STATEMENT_TIMEOUT_MS=1.5", "STATEMENT_TIMEOUT_MS"}, {"LOG_FORMAT=xml", "LOG_FORMAT"},
    {"LOG_LEVEL=loud", "LOG_LEVEL"}, {"API_TOKENS=short", "API_TOKENS"},
    {"API_TOKENS=bad token with spaces", "API_TOKENS"}, {"CORS_ORIGINS=example.com", "CORS_ORIGINS"},
    {"CORS_ORIGINS=https://desk.example/", "trailing slash"},
    {"MAX_HEAD_BYTES=1023", "MAX_HEAD_BYTES"}, {"MAX_HEAD_BYTES=1048577", "MAX_HEAD_BYTES"},
    {"IDLE_TIMEOUT_SECONDS=0", "IDLE_TIMEOUT_SECONDS"}, {"IDLE_TIMEOUT_SECONDS=4s", "IDLE_TIMEOUT_SECONDS"},
    {"MAX_CONNECTIONS=0", "MAX_CONNECTIONS"}, {"MAX_CONNECTIONS=65537", "MAX_CONNECTIONS"},
    {"MAX_CONNECTIONS_PER_IP=2049", "MAX_CONNECTIONS_PER_IP"},
    {"DB_PIPELINES=65", "DB_PIPELINES"}, {"DB_PIPELINE_STUCK_MS=0", "DB_PIPELINE_STUCK_MS"},
    {"DB_PIPELINE_STUCK_MS=60001", "DB_PIPELINE_STUCK_MS"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *env[] = {cases[i].setting, NULL};
    struct config cfg;
    char err[256] = "";
    cr_expect_eq(load(&cfg, env, err, sizeof err), -1, "%s was accepted", cases[i].setting);
    cr_expect(strstr(err, cases[i].names) != NULL, "%s: message \"%s\" does not name it",
              cases[i].setting, err);
  }
}

Test(config, help_lists_every_variable_with_its_default)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  config_print_help(out);
  fclose(out);
  const char *names[] = {"DATABASE_URL", "HOST", "PORT", "THREADS", "DB_POOL_SIZE", "API_TOKENS",
                         "CORS_ORIGINS", "MAX_BODY_BYTES", "STATEMENT_TIMEOUT_MS", "LOG_FORMAT",
                         "LOG_LEVEL", "8080", "1048576", "MAX_HEAD_BYTES", "16384",
                         "IDLE_TIMEOUT_SECONDS", "MAX_CONNECTIONS", "MAX_CONNECTIONS_PER_IP",
                         "DESK", "CACHE_SYNC", "DB_PIPELINES", "DB_PIPELINE_STUCK_MS"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    cr_expect(strstr(text, names[i]) != NULL, "--help does not mention %s", names[i]);
  free(text);
}
