/* query.c - query strings parsed as libmicrohttpd 0.9.75 parses them. */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes s in place ('+' a space, "%XX" its byte, other '%' kept), NUL-terminates
 * it: its decoded length. */
static size_t decode(char *s)
{
  char *w = s;
  for (const char *r = s; *r != '\0';) {
    int hi = r[0] == '%' ? hex_digit(r[1]) : -1;
    int lo = hi >= 0 ? hex_digit(r[2]) : -1;
    if (lo >= 0) {
      *w++ = (char)(hi * 16 + lo);
      r += 3;
    } else {
      *w++ = *r == '+' ? ' ' : *r;
      r++;
    }
  }
  *w = '\0';
  return (size_t)(w - s);
}

int query_parse(struct query *q, const char *raw, size_t raw_len)
{
  q->params = NULL;
  q->count = 0;
  if (raw_len == 0)
    return 0;
  size_t most = 1;
  for (size_t i = 0; i < raw_len; i++)
    most += raw[i] == '&';
  struct query_param *params = malloc(most * sizeof *params + raw_len + 1);
  if (params == NULL)
    return -1;
  char *text = (char *)(params + most);
  memcpy(text, raw, raw_len);
  text[raw_len] = '\0';
  size_t n = 0;
  /* As libmicrohttpd: an empty rest ends the walk, so "a&" has one parameter
   * and "&a" two (the first with an empty key). */
  for (char *p = text; *p != '\0';) {
    char *amp = strchr(p, '&');
    if (amp != NULL)
      *amp = '\0';
    char *eq = strchr(p, '=');
    if (eq != NULL)
      *eq = '\0';
    params[n].key = p;
    params[n].key_len = decode(p);
    params[n].value = NULL;
    if (eq != NULL) {
      decode(eq + 1);
      params[n].value = eq + 1;
    }
    n++;
    if (amp == NULL)
      break;
    p = amp + 1;
  }
  if (n == 0) {
    free(params);
    return 0;
  }
  q->params = params;
  q->count = n;
  return 0;
}

static char ascii_lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

const char *query_get(const struct query *q, const char *key)
{
  size_t len = strlen(key);
  for (size_t i = 0; i < q->count; i++) {
    const struct query_param *p = &q->params[i];
    if (p->key_len != len)
      continue;
    size_t j = 0;
    while (j < len && ascii_lower(p->key[j]) == ascii_lower(key[j]))
      j++;
    if (j == len)
      return p->value;
  }
  return NULL;
}

void query_free(struct query *q)
{
  free(q->params);
  q->params = NULL;
  q->count = 0;
}
