/* routes.c - method + path template → handler, for the whole API. */
#include "routes.h"

#include "articles.h"
#include "desk.h"
#include "openapi.h"
#include "operations.h"
#include "speakers.h"
#include "statements.h"

const struct route api_routes[] = {
  {HTTP_GET, "/health", handle_health, NULL},
  {HTTP_GET, "/health/live", handle_health_live, NULL},
  {HTTP_GET, "/metrics", handle_metrics, NULL},
  {HTTP_GET, "/openapi.json", handle_openapi, NULL},
  {HTTP_GET, "/articles", handle_articles_list, NULL},
  {HTTP_POST, "/articles", handle_articles_create, NULL},
  {HTTP_GET, "/articles/{id}", handle_article_get, article_read},
  {HTTP_PATCH, "/articles/{id}", handle_article_patch, NULL},
  {HTTP_DELETE, "/articles/{id}", handle_article_delete, NULL},
  {HTTP_POST, "/articles/{id}/extract", handle_article_extract, NULL},
  {HTTP_GET, "/articles/{id}/statements", handle_article_statements, NULL},
  {HTTP_POST, "/articles/{id}/statements", handle_article_add_statement, NULL},
  {HTTP_GET, "/speakers", handle_speakers_list, NULL},
  {HTTP_POST, "/speakers", handle_speaker_create, NULL},
  {HTTP_GET, "/speakers/{ref}", handle_speaker_get, NULL},
  {HTTP_PATCH, "/speakers/{ref}", handle_speaker_update, NULL},
  {HTTP_DELETE, "/speakers/{ref}", handle_speaker_delete, NULL},
  {HTTP_GET, "/speakers/{ref}/statements", handle_speaker_statements, NULL},
  {HTTP_GET, "/speakers/{ref}/stats", handle_speaker_stats, NULL},
  {HTTP_GET, "/statements", handle_statements_list, NULL},
  {HTTP_GET, "/statements/{id}", handle_statement_get, statement_read},
  {HTTP_DELETE, "/statements/{id}", handle_statement_delete, NULL},
  {HTTP_PUT, "/statements/{id}/speaker", handle_statement_put_speaker, NULL},
  {HTTP_DELETE, "/statements/{id}/speaker", handle_statement_delete_speaker, NULL},
  {HTTP_GET, "/statements/{id}/history", handle_statement_history, NULL},
  {HTTP_GET, "/desk/", handle_desk_index, NULL},
  {HTTP_GET, "/desk/{file}", handle_desk_file, NULL},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];

bool route_runs_inline(const struct route *r)
{
  return r->handler == handle_health_live || r->handler == handle_metrics ||
         r->handler == handle_openapi;
}

bool route_is_probe(const struct route *r)
{
  return r->handler == handle_health;
}

bool route_is_cached(const struct route *r)
{
  static const route_handler cached[] = {
    handle_articles_list, handle_article_get, handle_article_statements,
    handle_speakers_list, handle_speaker_get, handle_speaker_statements, handle_speaker_stats,
    handle_statements_list, handle_statement_get, handle_statement_history,
  };
  for (size_t i = 0; i < sizeof cached / sizeof cached[0]; i++)
    if (r->handler == cached[i])
      return true;
  return false;
}
