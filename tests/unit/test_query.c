/* test_query.c - query.h parses a query as libmicrohttpd 0.9.75 does: the
 * library itself is the oracle. A daemon on loopback answers each request
 * with the parameters it parsed and what its lookups of a few names give;
 * query_parse() and query_get() must give the same for thousands of
 * random queries over the characters that matter ('&', '=', '+', '%', hex
 * digits, letters of both cases). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dynbuf.h"
#include "query.h"

#define ROUNDS 3000
#define MAX_QUERY_LEN 14

/* The names whose lookups are compared, in both cases. */
static const char *const names[] = {"a", "A", "ab", "aB", "", " ", "a b", "&", "%", "b"};
#define NAME_COUNT (sizeof names / sizeof names[0])

static void dump_param(struct dynbuf *b, const char *key, const char *value)
{
  dynbuf_addf(b, "[%s]=%s%s%s;", key, value ? "[" : "", value ? value : "(none)", value ? "]" : "");
}

static void dump_lookups(struct dynbuf *b, const char *(*get)(void *, const char *), void *cls)
{
  for (size_t i = 0; i < NAME_COUNT; i++) {
    const char *v = get(cls, names[i]);
    dynbuf_addf(b, "<%s:%s>", names[i], v ? v : "(none)");
  }
}

static enum MHD_Result visit(void *cls, enum MHD_ValueKind kind, const char *key,
                             const char *value)
{
  (void)kind;
  dump_param(cls, key, value);
  return MHD_YES;
}

static const char *mhd_get(void *cls, const char *name)
{
  return MHD_lookup_connection_value(cls, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
  (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
  (void)con_cls;
  struct dynbuf b;
  dynbuf_init(&b, 1 << 16);
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, visit, &b);
  dump_lookups(&b, mhd_get, c);
  size_t len = 0;
  char *text = dynbuf_take(&b, &len);
  struct MHD_Response *r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
  enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return rc;
}

static const char *ours_get(void *cls, const char *name)
{
  return query_get(cls, name);
}

/* What our parser gives for raw; caller frees. */
static char *ours(const char *raw)
{
  struct query q;
  cr_assert_eq(query_parse(&q, raw, strlen(raw)), 0);
  struct dynbuf b;
  dynbuf_init(&b, 1 << 16);
  for (size_t i = 0; i < q.count; i++)
    dump_param(&b, q.params[i].key, q.params[i].value);
  dump_lookups(&b, ours_get, &q);
  query_free(&q);
  return dynbuf_take(&b, NULL);
}

/* What libmicrohttpd gives for raw, asked over loopback; caller frees. */
static char *theirs(uint16_t port, const char *raw)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  cr_assert_geq(fd, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  char req[256];
  int n = snprintf(req, sizeof req, "GET /q?%s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                   raw);
  cr_assert_eq(write(fd, req, (size_t)n), n);
  struct dynbuf b;
  dynbuf_init(&b, 1 << 16);
  char buf[4096];
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) > 0)
    dynbuf_add(&b, buf, (size_t)got);
  close(fd);
  char *text = dynbuf_take(&b, NULL);
  const char *body = strstr(text, "\r\n\r\n");
  cr_assert_not_null(body, "no answer for ?%s", raw);
  char *out = strdup(body + 4);
  free(text);
  return out;
}

static void random_query(char *out, unsigned *seed)
{
  static const char alphabet[] = "aAbB&&==++%%260fFG. ";
  size_t len = (size_t)(rand_r(seed) % (MAX_QUERY_LEN + 1));
  for (size_t i = 0; i < len; i++) {
    char ch = alphabet[rand_r(seed) % (sizeof alphabet - 1)];
    out[i] = ch == ' ' ? '+' : ch; /* no raw space in a request line */
  }
  out[len] = '\0';
}

Test(query, parses_as_libmicrohttpd_does)
{
  struct sockaddr_in bind_to = {.sin_family = AF_INET};
  bind_to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d =
      MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, answer, NULL,
                       MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&bind_to, MHD_OPTION_END);
  cr_assert_not_null(d);
  uint16_t port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
  static const char *const fixed[] = {
      "", "a", "a=", "=", "&", "&&", "a&", "&a", "a=1&a=2", "A=1", "a==b", "a=b=c",
      "a+b=c+d", "a%20b=%41%", "%2", "%zz=%4", "a%26b=c%3Dd", "a%00b=1", "a=%00x", "%61=1",
      "speaker=anna-berger&limit=50", "q=%C3%A9t%C3%A9&q=x",
  };
  char raw[MAX_QUERY_LEN + 1];
  unsigned seed = 20261204;
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] + ROUNDS; i++) {
    const char *q = raw;
    if (i < sizeof fixed / sizeof fixed[0])
      q = fixed[i];
    else
      random_query(raw, &seed);
    char *a = ours(q), *b = theirs(port, q);
    cr_assert_str_eq(a, b, "?%s: ours %s, libmicrohttpd's %s", q, a, b);
    free(a);
    free(b);
  }
  MHD_stop_daemon(d);
}

Test(query, an_empty_query_has_no_parameters)
{
  struct query q;
  cr_assert_eq(query_parse(&q, "", 0), 0);
  cr_assert_eq(q.count, 0);
  cr_assert_null(q.params);
  cr_assert_null(query_get(&q, "a"));
  query_free(&q);
}
