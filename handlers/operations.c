/* operations.c - health probes and the Prometheus scrape. */
#include "operations.h"

#include <string.h>

#include "cache.h"
#include "log.h"
#include "replica.h"
#include "store.h"

void handle_health(struct request *req, struct response *resp)
{
  resp->no_cache = true;
  PGconn *db = request_probe_db(req, resp);
  struct store_error e;
  if (db == NULL)
    return;
  if (store_ping(db, &e) != 0) {
    metrics_db_error(req->app->metrics);
    log_msg(LOG_WARN, "request %s: health check failed: %s", req->request_id, e.detail);
    response_problem(resp, 503, "database unavailable; try again shortly");
    return;
  }
  /* The replica's state is reported, never a reason to fail readiness:
   * reads fall back to the primary. */
  response_json(resp, 200,
                json_pack("{s:s, s:s, s:s, s:s}", "status", "ok", "database", "ok", "replica",
                          replica_state_name(replica_state(req->app->replica)), "version",
                          SAYWHO_VERSION));
}

void handle_health_live(struct request *req, struct response *resp)
{
  (void)req;
  resp->no_cache = true;
  response_json(resp, 200, json_pack("{s:s, s:s}", "status", "ok", "version", SAYWHO_VERSION));
}

void handle_metrics(struct request *req, struct response *resp)
{
  struct db_pool_stats pool, exports;
  db_pool_stats(req->app->db, &pool);
  db_pool_stats(req->app->exports, &exports);
  struct cache_stats cache = {0};
  if (req->app->cache != NULL)
    cache_stats(req->app->cache, &cache);
  enum replica_state rs = replica_state(req->app->replica);
  struct metrics_replica replica = {.configured = rs != REPLICA_NONE,
                                    .up = rs == REPLICA_OK,
                                    .lag_bytes = replica_lag_bytes(req->app->replica)};
  size_t len = 0;
  char *text = metrics_render(req->app->metrics, &pool, &exports, &cache, &replica, &len);
  resp->no_cache = true;
  if (text == NULL) {
    response_problem(resp, 503, "out of memory rendering the metrics; try again");
    return;
  }
  response_set_body(resp, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}
