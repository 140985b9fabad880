/* main.c - start-up, migrations, serving, and shutdown on SIGTERM/SIGINT. */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The article renderings that may wait to be kept (doc_keeper.h). */
#define DOC_KEEPER_BYTES ((size_t)8 << 20)

#include "app.h"
#include "config.h"
#include "db.h"
#include "cache.h"
#include "doc_keeper.h"
#include "engine_cache.h"
#include "invalidator.h"
#include "healthcheck.h"
#include "httpd.h"
#include "import.h"
#include "log.h"
#include "migrate.h"
#include "replica.h"
#include "routes.h"
#include "store.h"

/* Connects for migrations, retrying with back-off while the database is
 * starting (compose, Kubernetes), for at most cfg->db_startup_seconds. */
static PGconn *connect_with_retry(const struct config *cfg, const struct db_pool_options *opts)
{
  char err[512];
  unsigned delay_ms = 250;
  time_t deadline = time(NULL) + (time_t)cfg->db_startup_seconds;
  for (;;) {
    PGconn *conn = db_connect_once(opts, err, sizeof err);
    if (conn != NULL)
      return conn;
    if (time(NULL) >= deadline) {
      log_msg(LOG_ERROR, "giving up after %u s: %s", cfg->db_startup_seconds, err);
      return NULL;
    }
    log_msg(LOG_WARN, "%s; retrying in %u ms", err, delay_ms);
    usleep(delay_ms * 1000);
    delay_ms = delay_ms * 2 > 5000 ? 5000 : delay_ms * 2;
  }
}

static int run_migrations(const struct config *cfg, const struct db_pool_options *opts)
{
  PGconn *conn = connect_with_retry(cfg, opts);
  if (conn == NULL)
    return -1;
  char err[1024];
  int applied = 0;
  int rc = migrate_run(conn, &applied, err, sizeof err);
  PQfinish(conn);
  if (rc != 0) {
    log_msg(LOG_ERROR, "%s", err);
    return -1;
  }
  log_msg(LOG_INFO, "migrations: %d applied, %zu known", applied, migration_count);
  return 0;
}

/* Serves until SIGTERM or SIGINT, then drains. Returns the exit status. */
static int serve(const struct config *cfg, const struct db_pool_options *opts,
                 const struct db_pool_options *read_opts, const sigset_t *stop_signals)
{
  int status = 1;
  struct app app = {.cfg = cfg, .routes = api_routes, .route_count = api_route_count};
  struct httpd *httpd = NULL;
  struct invalidator *inv = NULL;
  app.db = db_pool_create(opts);
  /* Exports hold a connection for their length: theirs come from a pool of
   * their own, so that they never take one the workers need (README, Exports).
   * No wait: when every one is taken the export answers 503 at once. */
  struct db_pool_options export_opts = *opts;
  export_opts.size = cfg->exports_max;
  export_opts.wait_ms = 0;
  app.exports = db_pool_create(&export_opts);
  app.metrics = metrics_create(api_routes, api_route_count);
  app.engine = engine_cache_create();
  app.cache = cache_create(cfg->cache_bytes);
  if (read_opts != NULL) {
    app.read_db = db_pool_create(read_opts);
    struct db_pool_options read_export_opts = *read_opts;
    read_export_opts.size = cfg->exports_max;
    read_export_opts.wait_ms = 0;
    app.read_exports = db_pool_create(&read_export_opts);
  }
  if (app.db == NULL || app.exports == NULL || app.metrics == NULL || app.engine == NULL ||
      app.cache == NULL || (read_opts != NULL && (app.read_db == NULL || app.read_exports == NULL))) {
    log_msg(LOG_ERROR, "out of memory at start-up");
    goto out;
  }
  char err[256];
  if (read_opts != NULL) {
    /* Migrations and the cache's listener stay on the primary; the replica
     * only ever serves reads, and only while the monitor says it may. */
    app.replica = replica_start(opts, read_opts, cfg->read_max_lag_bytes, app.cache, err,
                                sizeof err);
    if (app.replica == NULL) {
      log_msg(LOG_ERROR, "%s", err);
      goto out;
    }
  }
  /* LISTEN is session state: through a transaction pooler it would land on
   * some server session and its notifications be lost, so the listener
   * needs a direct connection, and without one the cache stays off. */
  const char *listen_url = cfg->database_listen_url ? cfg->database_listen_url : opts->conninfo;
  bool can_listen = cfg->database_listen_url != NULL || cfg->database_pooler == DB_POOLER_NONE;
  if (cfg->cache_bytes > 0 && !can_listen)
    log_msg(LOG_WARN, "cache: off: DATABASE_POOLER=transaction and no DATABASE_LISTEN_URL, so "
                      "invalidations cannot be heard (LISTEN needs a direct connection)");
  if (cfg->cache_bytes > 0 && can_listen) {
    inv = invalidator_start(listen_url, app.cache, err, sizeof err);
    if (inv == NULL) {
      log_msg(LOG_ERROR, "%s", err);
      goto out;
    }
    app.invalidator = inv;
  }
  /* Renderings wait for it by the megabyte at most: beyond, reads outrun one
   * connection's writes, and the next read of an article offers it again. */
  app.docs = doc_keeper_start(opts, DOC_KEEPER_BYTES, app.metrics, err, sizeof err);
  if (app.docs == NULL) {
    log_msg(LOG_ERROR, "%s", err);
    goto out;
  }
  /* The pipeline reads the primary by named statements: not behind a
   * transaction pooler, and not when a replica takes the reads (their
   * routing by Saywho-Min-LSN is the workers'). */
  bool pipelined = !opts->pooled && read_opts == NULL;
  httpd = httpd_start(&app, pipelined ? opts : NULL, err, sizeof err);
  if (httpd == NULL) {
    log_msg(LOG_ERROR, "%s", err);
    goto out;
  }
  log_msg(LOG_INFO, "saywho %s listening on http://%s:%u/ (%u threads, %u db connections, "
          "%u pipelined%s)",
          SAYWHO_VERSION, cfg->host, cfg->port, cfg->threads, cfg->db_pool_size,
          pipelined ? cfg->db_pipelines : 0,
          read_opts != NULL ? ", reads on a replica" : "");
  int sig = 0;
  sigwait(stop_signals, &sig);
  /* NOLINTNEXTLINE(concurrency-mt-unsafe): only this thread calls strsignal() */
  log_msg(LOG_INFO, "%s received: draining (at most %u ms)", strsignal(sig),
          cfg->shutdown_grace_ms);
  httpd_stop(httpd, cfg->shutdown_grace_ms);
  log_msg(LOG_INFO, "stopped");
  status = 0;
out:
  doc_keeper_stop(app.docs);
  invalidator_stop(inv);
  replica_stop(app.replica);
  db_pool_close(app.read_exports);
  db_pool_close(app.read_db);
  cache_free(app.cache);
  metrics_free(app.metrics);
  engine_cache_free(app.engine);
  db_pool_close(app.exports);
  db_pool_close(app.db);
  return status;
}

static const char *env_lookup(const char *name)
{
  return getenv(name); /* NOLINT(concurrency-mt-unsafe): read before any thread starts */
}

int main(int argc, char **argv)
{
  if (argc > 1 && strcmp(argv[1], "import") == 0) /* a client of the API, no server */
    return import_main(argc - 1, argv + 1);
  int migrate_only = 0, healthcheck = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      config_print_help(stdout);
      return 0;
    } else if (strcmp(argv[i], "--version") == 0) {
      printf("saywho %s\n", SAYWHO_VERSION);
      return 0;
    } else if (strcmp(argv[i], "--migrate-only") == 0) {
      migrate_only = 1;
    } else if (strcmp(argv[i], "--healthcheck") == 0) {
      healthcheck = 1;
    } else {
      fprintf(stderr, "saywho: unknown argument %s (see saywho --help)\n", argv[i]);
      return 2;
    }
  }
  struct config cfg;
  char err[512];
  if (config_load(&cfg, env_lookup, err, sizeof err) != 0) {
    fprintf(stderr, "saywho: bad configuration: %s\n", err);
    return 2;
  }
  if (healthcheck) { /* for the container's HEALTHCHECK: same environment, no curl */
    int rc = healthcheck_run(healthcheck_target(cfg.host), cfg.port, "/health",
                             HEALTHCHECK_TIMEOUT_MS, err, sizeof err);
    if (rc != 0)
      fprintf(stderr, "saywho: unhealthy: %s\n", err);
    config_free(&cfg);
    return rc == 0 ? 0 : 1;
  }
  log_init(cfg.log_format, cfg.log_level);
  json_object_seed(0);
  signal(SIGPIPE, SIG_IGN);
  /* Blocked here, so every thread started later inherits the mask and only
   * sigwait() in serve() receives them. */
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

  struct db_pool_options opts = {
    .conninfo = cfg.database_url,
    .size = cfg.db_pool_size,
    .statement_timeout_ms = cfg.statement_timeout_ms,
    .wait_ms = cfg.db_wait_ms,
    .on_connect = store_prepare_all,
    .pooled = cfg.database_pooler == DB_POOLER_TRANSACTION,
  };
  if (opts.pooled) {
    store_set_statements(STORE_UNNAMED);
    log_msg(LOG_INFO, "DATABASE_POOLER=transaction: unnamed statements, no session settings; "
                      "statement_timeout, idle_in_transaction_session_timeout, plan_cache_mode "
                      "and random_page_cost come from the role or database (README)");
  }
  /* The read replica's pool: as many connections as the primary's (one per
   * worker), the same session set-up and statements. */
  struct db_pool_options read_opts = opts;
  read_opts.conninfo = cfg.database_read_url;
  int status = run_migrations(&cfg, &opts) == 0 ? 0 : 1;
  if (status == 0 && !migrate_only)
    status = serve(&cfg, &opts, cfg.database_read_url != NULL ? &read_opts : NULL, &stop_signals);
  config_free(&cfg);
  return status;
}
