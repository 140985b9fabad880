/* router.c - segment-by-segment matching of request paths against route patterns. */
#include "router.h"

#include <stdbool.h>
#include <string.h>
#include <stdio.h>

static const char *const method_names[] = {"GET",   "HEAD",   "POST",    "PUT",
                                           "PATCH", "DELETE", "OPTIONS", "OTHER"};

enum http_method http_method_parse(const char *name)
{
  for (int m = HTTP_GET; m < HTTP_OTHER; m++)
    if (strcmp(name, method_names[m]) == 0)
      return (enum http_method)m;
  return HTTP_OTHER;
}

const char *http_method_name(enum http_method m)
{
  return method_names[m];
}

/* Matches path against pattern, collecting parameters into out. */
static bool path_matches(const char *pattern, const char *path, struct route_match *out)
{
  out->param_count = 0;
  while (*pattern != '\0' && *path != '\0') {
    if (*pattern != '/' || *path != '/')
      return false;
    pattern++;
    path++;
    size_t plen = strcspn(pattern, "/");
    size_t slen = strcspn(path, "/");
    if (plen > 2 && pattern[0] == '{' && pattern[plen - 1] == '}') {
      if (slen == 0 || slen > ROUTE_PARAM_MAX || out->param_count == ROUTE_MAX_PARAMS)
        return false;
      struct route_param *p = &out->params[out->param_count++];
      size_t nlen = plen - 2 < sizeof p->name - 1 ? plen - 2 : sizeof p->name - 1;
      memcpy(p->name, pattern + 1, nlen);
      p->name[nlen] = '\0';
      memcpy(p->value, path, slen);
      p->value[slen] = '\0';
    } else if (plen != slen || memcmp(pattern, path, plen) != 0) {
      return false;
    }
    pattern += plen;
    path += slen;
  }
  return *pattern == '\0' && *path == '\0';
}

static void allow_add(char *allow, size_t cap, const char *name)
{
  if (strstr(allow, name) != NULL)
    return;
  size_t n = strlen(allow);
  snprintf(allow + n, cap - n, "%s%s", n ? ", " : "", name);
}

enum route_result router_match(const struct route *routes, size_t n, enum http_method method,
                               const char *path, struct route_match *out)
{
  memset(out, 0, sizeof *out);
  struct route_match probe;
  enum http_method wanted = method == HTTP_HEAD ? HTTP_GET : method;
  for (size_t i = 0; i < n; i++) {
    if (!path_matches(routes[i].pattern, path, &probe))
      continue;
    if (routes[i].method == wanted && method != HTTP_OPTIONS && out->route == NULL) {
      char allow[sizeof out->allow];
      memcpy(allow, out->allow, sizeof allow);
      *out = probe;
      memcpy(out->allow, allow, sizeof allow);
      out->route = &routes[i];
    }
    allow_add(out->allow, sizeof out->allow, http_method_name(routes[i].method));
    if (routes[i].method == HTTP_GET)
      allow_add(out->allow, sizeof out->allow, "HEAD");
  }
  if (out->allow[0] == '\0')
    return ROUTE_NOT_FOUND;
  allow_add(out->allow, sizeof out->allow, "OPTIONS");
  return out->route ? ROUTE_FOUND : ROUTE_METHOD_NOT_ALLOWED;
}

const char *route_match_param(const struct route_match *m, const char *name)
{
  for (size_t i = 0; i < m->param_count; i++)
    if (strcmp(m->params[i].name, name) == 0)
      return m->params[i].value;
  return NULL;
}
