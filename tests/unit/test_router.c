/* test_router.c - route matching: parameters, 404, 405 with Allow, HEAD and OPTIONS. */
#include <criterion/criterion.h>
#include <string.h>

#include "router.h"

static void h(struct request *req, struct response *resp)
{
  (void)req;
  (void)resp;
}

static const struct route routes[] = {
  {HTTP_GET, "/speakers", h, NULL},
  {HTTP_POST, "/speakers", h, NULL},
  {HTTP_GET, "/speakers/{ref}", h, NULL},
  {HTTP_PATCH, "/speakers/{ref}", h, NULL},
  {HTTP_GET, "/speakers/{ref}/statements", h, NULL},
  {HTTP_PUT, "/statements/{id}/speaker", h, NULL},
};
#define N (sizeof routes / sizeof routes[0])

Test(router, exact_path)
{
  struct route_match m;
  cr_assert_eq(router_match(routes, N, HTTP_GET, "/speakers", &m), ROUTE_FOUND);
  cr_expect_eq(m.route, &routes[0]);
  cr_expect_eq(router_match(routes, N, HTTP_POST, "/speakers", &m), ROUTE_FOUND);
  cr_expect_eq(m.route, &routes[1]);
}

Test(router, path_parameters)
{
  struct route_match m;
  cr_assert_eq(router_match(routes, N, HTTP_GET, "/speakers/xi-jinping/statements", &m),
               ROUTE_FOUND);
  cr_expect_eq(m.route, &routes[4]);
  cr_expect_str_eq(route_match_param(&m, "ref"), "xi-jinping");
  cr_assert_eq(router_match(routes, N, HTTP_PUT, "/statements/42/speaker", &m), ROUTE_FOUND);
  cr_expect_str_eq(route_match_param(&m, "id"), "42");
  cr_expect_null(route_match_param(&m, "ref"));
}

Test(router, not_found)
{
  struct route_match m;
  cr_expect_eq(router_match(routes, N, HTTP_GET, "/nothing", &m), ROUTE_NOT_FOUND);
  cr_expect_eq(router_match(routes, N, HTTP_GET, "/speakers/", &m), ROUTE_NOT_FOUND);
  cr_expect_eq(router_match(routes, N, HTTP_GET, "/speakers//statements", &m), ROUTE_NOT_FOUND);
  cr_expect_eq(router_match(routes, N, HTTP_GET, "/speakers/a/b/c", &m), ROUTE_NOT_FOUND);
  cr_expect_eq(router_match(routes, N, HTTP_GET, "", &m), ROUTE_NOT_FOUND);
  char longseg[400] = "/speakers/";
  memset(longseg + 10, 'a', 300);
  cr_expect_eq(router_match(routes, N, HTTP_GET, longseg, &m), ROUTE_NOT_FOUND);
}

Test(router, method_not_allowed_lists_allow)
{
  struct route_match m;
  cr_assert_eq(router_match(routes, N, HTTP_DELETE, "/speakers/7", &m), ROUTE_METHOD_NOT_ALLOWED);
  cr_expect_null(m.route);
  cr_expect_str_eq(m.allow, "GET, HEAD, PATCH, OPTIONS");
  cr_assert_eq(router_match(routes, N, HTTP_OTHER, "/speakers", &m), ROUTE_METHOD_NOT_ALLOWED);
  cr_expect_str_eq(m.allow, "GET, HEAD, POST, OPTIONS");
}

Test(router, head_follows_get_and_options_is_left_to_the_caller)
{
  struct route_match m;
  cr_expect_eq(router_match(routes, N, HTTP_HEAD, "/speakers/1", &m), ROUTE_FOUND);
  cr_expect_eq(m.route, &routes[2]);
  cr_expect_eq(router_match(routes, N, HTTP_OPTIONS, "/speakers/1", &m), ROUTE_METHOD_NOT_ALLOWED);
  cr_expect_str_eq(m.allow, "GET, HEAD, PATCH, OPTIONS");
}

Test(router, method_names)
{
  cr_expect_eq(http_method_parse("PATCH"), HTTP_PATCH);
  cr_expect_eq(http_method_parse("patch"), HTTP_OTHER);
  cr_expect_eq(http_method_parse("BREW"), HTTP_OTHER);
  cr_expect_str_eq(http_method_name(HTTP_DELETE), "DELETE");
}
