/* routes.c - method + path template → handler, for the whole API. */
#include "routes.h"

#include "articles.h"
#include "openapi.h"
#include "operations.h"

const struct route api_routes[] = {
  {HTTP_GET, "/health", handle_health},
  {HTTP_GET, "/health/live", handle_health_live},
  {HTTP_GET, "/metrics", handle_metrics},
  {HTTP_GET, "/openapi.json", handle_openapi},
  {HTTP_GET, "/articles", handle_articles_list},
  {HTTP_POST, "/articles", handle_articles_create},
  {HTTP_GET, "/articles/{id}", handle_article_get},
  {HTTP_PATCH, "/articles/{id}", handle_article_patch},
  {HTTP_DELETE, "/articles/{id}", handle_article_delete},
  {HTTP_POST, "/articles/{id}/extract", handle_article_extract},
  {HTTP_GET, "/articles/{id}/statements", handle_article_statements},
  {HTTP_POST, "/articles/{id}/statements", handle_article_add_statement},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
