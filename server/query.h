/* query.h - a request's query string, parsed out of libmicrohttpd's
 * connection pool.
 *
 * libmicrohttpd 0.9.75 keeps a 64-byte record per query parameter in the
 * connection's pool, so a pool that holds MAX_QUERY_PARAMS of them is 32 KiB
 * larger, and the library zeroes the whole pool after every request (httpd.c,
 * connection_pool_bytes). The front end takes the query from the request line
 * before the library parses it (its URI callback) and parses it here instead,
 * as the library would (MHD_parse_arguments_): parameters split at '&', a
 * parameter's key and value at its first '=', '+' a space, "%XX" the byte XX
 * (other '%' kept), a parameter without '=' a key with no value (NULL), and
 * keys looked up without regard to ASCII case. */
#ifndef SAYWHO_QUERY_H
#define SAYWHO_QUERY_H

#include <stddef.h>

struct query_param {
  const char *key;   /* decoded, NUL-terminated (a decoded %00 ends it early) */
  size_t key_len;    /* the decoded length, NULs included */
  const char *value; /* decoded, or NULL for a parameter without '=' */
};

/* Parameters in the order of the query string, and the text they point into. */
struct query {
  struct query_param *params; /* one allocation with the text; NULL when there are none */
  size_t count;
};

/* Parses raw (the query string after '?', not NUL-terminated: raw_len
 * bytes) into q: 0, or -1 when out of memory (q then empty). */
int query_parse(struct query *q, const char *raw, size_t raw_len);

/* The value of the first parameter named key (any ASCII case), NULL when
 * there is none or it has no value. */
const char *query_get(const struct query *q, const char *key);

void query_free(struct query *q);

#endif
