/* httpd.c - libmicrohttpd glue: request life cycle, workers, common headers, shutdown. */
#include "httpd.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "clock.h"
#include "common.h"
#include "dynbuf.h"
#include "invalidator.h"
#include "query.h"
#include "jobs.h"
#include "log.h"
#include "lsn.h"
#include "pipeline.h"
#include "request.h"
#include "routes.h"
#include "store.h"

/* Fixed bounds of a request head, beside MAX_HEAD_BYTES (README, Limits). */
#define MAX_QUERY_PARAMS 512
#define MAX_HEADER_FIELDS 128

struct httpd {
  struct MHD_Daemon *daemon;
  struct jobs *workers;       /* run the handlers, off the I/O threads */
  struct jobs *probe;         /* runs GET /health alone: busy workers do not fail it */
  struct jobs *streamers;     /* fill exports' buffers: EXPORTS_MAX threads */
  struct pipeline *pipeline;  /* sends the routes' reads, answers them; or NULL */
  pthread_mutex_t streams_lock;
  bool streams_stopped;       /* under streams_lock: no fill is queued any more */
  struct app *app;
  atomic_int in_flight;       /* requests between their headers and their completion */
  atomic_bool shutting_down;  /* answers then say Connection: close */
};

/* Where a request is between its headers and its answer. */
enum request_state {
  RS_RECEIVING, /* headers and body coming in */
  RS_QUEUED,    /* connection suspended, the handler waits for or runs on a worker */
  RS_PARKED,    /* a hit, connection suspended until the invalidator's next sync */
  RS_SYNCED,    /* that sync came back; the connection is resumed to send the hit */
  RS_UNSYNCED,  /* no sync in time; resumed to be answered as a miss */
  RS_DONE,      /* the handler answered; the connection is resumed to send it (a write's
                 * answer once the invalidator has held it a lease) */
};

/* Everything one request owns; freed in on_completed(). */
struct request_ctx {
  struct job job; /* first: a worker's struct job * is this ctx */
  enum request_state state;
  struct httpd *httpd;
  struct request req;
  struct response resp;
  struct dynbuf body; /* capped at MAX_BODY_BYTES */
  bool answered;
  unsigned status;
  size_t bytes;
  struct timespec started;
  char method[16];
  bool begun;     /* begin_request() has run (on_uri() makes ctx before it) */
  bool query_cut; /* more than MAX_QUERY_PARAMS: refused with 400 */
  bool query_lost; /* no memory to keep the query: refused with 503 */
  char *cache_key;     /* a cacheable GET's key (owned), else NULL */
  uint64_t cache_gen;  /* the cache's generation before the lookup and the handler */
  struct sync_wait sync; /* parked on the invalidator (RS_PARKED), or a write's answer held */
  struct store_read read;       /* a pipelined read's query and renderer */
  struct pipeline_read pending; /* that read in the pipeline (RS_QUEUED) */
  uint64_t commit_lsn; /* a successful write's Saywho-Commit-LSN, else 0 */
};

/* What on_uri() leaves in *con_cls when it has no memory for the request. */
static char no_ctx_mark;

/* Request ids: 128 bits from a per-thread xorshift128+ seeded once from
 * getrandom, instead of a getrandom call and 16 snprintf per request (2 % and
 * 3 % of a cached hit's CPU). They name requests in logs: unique (a random
 * 128-bit start per thread), not secrets. */
static _Thread_local uint64_t rid_state[2];

static uint64_t request_id_next(void)
{
  if (rid_state[0] == 0 && rid_state[1] == 0) {
    if (getrandom(rid_state, sizeof rid_state, 0) != (ssize_t)sizeof rid_state) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      rid_state[0] = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20);
      rid_state[1] = (uint64_t)(uintptr_t)&rid_state ^ 0x9e3779b97f4a7c15ULL;
    }
    rid_state[0] |= 1; /* never the all-zero state */
  }
  uint64_t x = rid_state[0], y = rid_state[1];
  rid_state[0] = y;
  x ^= x << 23;
  rid_state[1] = x ^ y ^ (x >> 17) ^ (y >> 26);
  return rid_state[1] + y;
}

/* The caller's X-Request-Id when it is short and plain, else a fresh one. */
static void set_request_id(struct MHD_Connection *c, char *out, size_t cap)
{
  const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
  if (given != NULL) {
    size_t len = strlen(given);
    bool ok = len > 0 && len < cap && len <= 64;
    for (size_t i = 0; ok && i < len; i++)
      ok = isalnum((unsigned char)given[i]) || strchr("-_.:", given[i]) != NULL;
    if (ok) {
      memcpy(out, given, len + 1);
      return;
    }
  }
  const uint64_t raw[2] = {request_id_next(), request_id_next()};
  static const char hex[] = "0123456789abcdef";
  size_t n = 0;
  for (size_t i = 0; i < 2; i++)
    for (int shift = 60; shift >= 0 && n + 1 < cap; shift -= 4)
      out[n++] = hex[(raw[i] >> shift) & 0xf];
  out[n] = '\0';
}

static bool if_none_match_hits(struct MHD_Connection *c, const char *etag)
{
  const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  if (inm == NULL)
    return false;
  if (strcmp(inm, "*") == 0)
    return true;
  /* A list of tags, each maybe weak (W/"..."): compare the quoted parts. */
  const char *p = inm;
  size_t tag_len = strlen(etag);
  while ((p = strchr(p, '"')) != NULL) {
    if (strncmp(p, etag, tag_len) == 0)
      return true;
    const char *close = strchr(p + 1, '"');
    if (close == NULL)
      break;
    p = close + 1;
  }
  return false;
}

static const char *allowed_origin(const struct config *cfg, const char *origin)
{
  if (origin == NULL)
    return NULL;
  for (size_t i = 0; i < cfg->cors_origin_count; i++) {
    if (strcmp(cfg->cors_origins[i], "*") == 0)
      return "*";
    if (strcmp(cfg->cors_origins[i], origin) == 0)
      return origin;
  }
  return NULL;
}

static void add_cors_headers(struct request_ctx *ctx, struct MHD_Response *r, bool preflight)
{
  struct MHD_Connection *c = ctx->req.connection;
  const struct config *cfg = ctx->httpd->app->cfg;
  if (cfg->cors_origin_count == 0)
    return;
  /* Every answer varies by Origin once CORS is on, including those without
   * CORS headers: a cache must not hand them to an allowed origin. */
  MHD_add_response_header(r, "Vary", "Origin");
  const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
  const char *allow = allowed_origin(cfg, origin);
  if (allow == NULL)
    return;
  MHD_add_response_header(r, "Access-Control-Allow-Origin", allow);
  MHD_add_response_header(r, "Access-Control-Expose-Headers",
                          "Location, ETag, Link, X-Request-Id, Saywho-Commit-LSN");
  if (preflight) {
    MHD_add_response_header(r, "Access-Control-Allow-Methods", ctx->req.match.allow);
    MHD_add_response_header(r, "Access-Control-Allow-Headers",
                            "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id, "
                            "Accept, Saywho-Min-LSN");
    MHD_add_response_header(r, "Access-Control-Max-Age", "600");
  }
}

_Static_assert(RESPONSE_STREAM_END == MHD_CONTENT_READER_END_OF_STREAM &&
                   RESPONSE_STREAM_ERROR == MHD_CONTENT_READER_END_WITH_ERROR,
               "response.h's stream codes are libmicrohttpd's");

/* A streamed body (an export) on its way out. Its read() may block on
 * PostgreSQL, so it never runs on an I/O thread: a streamer thread fills
 * back while the I/O thread sends front; when front is sent and back is not
 * ready yet, the connection is suspended and the streamer resumes it when
 * the fill is done. Memory: two STREAM_BUF_BYTES buffers besides what the
 * stream holds itself. The fields after lock are guarded by it. */
#define STREAM_BUF_BYTES ((size_t)256 * 1024)

struct stream_out {
  struct job job; /* first: a streamer's struct job * is this */
  struct httpd *httpd;
  struct MHD_Connection *connection;
  struct response_stream s;
  unsigned long long pos; /* bytes read from s: only the fill touches it */
  pthread_mutex_t lock;
  char *front, *back;
  size_t front_len, front_sent, back_len;
  long front_end, back_end; /* after the buffer: 0 more, or RESPONSE_STREAM_END / _ERROR */
  bool filling;             /* a fill of back is queued or running */
  bool back_ready;          /* back holds a finished fill */
  bool suspended;           /* the connection waits for the fill */
  bool gone;                /* libmicrohttpd is done with it: the running fill frees it */
};

static void stream_free(struct stream_out *st)
{
  st->s.release(st->s.cls);
  pthread_mutex_destroy(&st->lock);
  free(st->front);
  free(st->back);
  free(st);
}

/* Queues a fill of back; called locked, with no fill running and back empty.
 * After shutdown has stopped the streamers, the stream ends in an error. */
static void stream_start_fill(struct stream_out *st)
{
  struct httpd *h = st->httpd;
  pthread_mutex_lock(&h->streams_lock);
  if (h->streams_stopped) {
    st->back_len = 0;
    st->back_end = RESPONSE_STREAM_ERROR;
    st->back_ready = true;
  } else {
    st->filling = true;
    jobs_push(h->streamers, &st->job);
  }
  pthread_mutex_unlock(&h->streams_lock);
}

/* Hands a finished fill over: resumes the connection if it waits for it,
 * frees everything if the connection is gone. */
static void stream_filled(struct stream_out *st, size_t len, long end)
{
  pthread_mutex_lock(&st->lock);
  st->filling = false;
  st->back_len = len;
  st->back_end = end;
  st->back_ready = true;
  if (st->gone) {
    pthread_mutex_unlock(&st->lock);
    stream_free(st);
    return;
  }
  if (st->suspended) {
    st->suspended = false;
    MHD_resume_connection(st->connection);
  }
  pthread_mutex_unlock(&st->lock);
}

/* A streamer: fills back with the stream's read() (off the I/O threads). */
static void run_fill(struct job *item)
{
  struct stream_out *st = (struct stream_out *)item;
  size_t len = 0;
  long end = 0;
  while (len < STREAM_BUF_BYTES && end == 0) {
    long n = st->s.read(st->s.cls, st->pos, st->back + len, STREAM_BUF_BYTES - len);
    if (n == RESPONSE_STREAM_END || n == RESPONSE_STREAM_ERROR || n <= 0) {
      end = n == RESPONSE_STREAM_END ? RESPONSE_STREAM_END : RESPONSE_STREAM_ERROR;
    } else {
      len += (size_t)n;
      st->pos += (unsigned long long)n;
    }
  }
  stream_filled(st, len, end);
}

/* Shutdown with a fill still queued: the stream is cut short. */
static void drop_fill(struct job *item)
{
  stream_filled((struct stream_out *)item, 0, RESPONSE_STREAM_ERROR);
}

/* libmicrohttpd's content reader, on the connection's I/O thread: copies
 * from front; swaps in back when front is sent (and starts the next fill);
 * suspends the connection (returning 0) while the fill runs. */
static ssize_t read_stream(void *cls, uint64_t pos, char *buf, size_t max)
{
  (void)pos;
  struct stream_out *st = cls;
  pthread_mutex_lock(&st->lock);
  for (;;) {
    if (st->front_sent < st->front_len) {
      size_t n = st->front_len - st->front_sent < max ? st->front_len - st->front_sent : max;
      memcpy(buf, st->front + st->front_sent, n);
      st->front_sent += n;
      pthread_mutex_unlock(&st->lock);
      return (ssize_t)n;
    }
    if (st->front_end != 0) {
      long end = st->front_end;
      pthread_mutex_unlock(&st->lock);
      return end;
    }
    if (!st->back_ready)
      break;
    char *t = st->front;
    st->front = st->back;
    st->back = t;
    st->front_len = st->back_len;
    st->front_sent = 0;
    st->front_end = st->back_end;
    st->back_len = 0;
    st->back_ready = false;
    if (st->front_end == 0)
      stream_start_fill(st);
  }
  st->suspended = true;
  MHD_suspend_connection(st->connection);
  pthread_mutex_unlock(&st->lock);
  return 0;
}

/* libmicrohttpd's free callback: the body was sent, cut short or never sent. */
static void release_stream(void *cls)
{
  struct stream_out *st = cls;
  pthread_mutex_lock(&st->lock);
  bool filling = st->filling;
  st->gone = true;
  pthread_mutex_unlock(&st->lock);
  if (!filling) /* else the fill frees it when it ends, in milliseconds */
    stream_free(st);
}

/* The libmicrohttpd response for resp on connection c, which then owns
 * resp's body or stream (a stream is freed by release_stream when the
 * connection is done with it: sent, or the client gone). A stream is chunked,
 * of unknown size; its first fill starts at once. */
static struct MHD_Response *create_mhd_response(struct httpd *h, struct MHD_Connection *c,
                                                struct response *resp)
{
  if (resp->stream.read == NULL && resp->body_release != NULL) { /* a hit's: no copy */
    struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback_cls(
        resp->body_len, resp->body, resp->body_release, resp->body_cls);
    if (r != NULL) { /* MHD gives it back now */
      resp->body = NULL;
      resp->body_release = NULL;
      resp->body_cls = NULL;
    }
    return r;
  }
  if (resp->stream.read == NULL) {
    struct MHD_Response *r =
        MHD_create_response_from_buffer(resp->body_len, resp->body, MHD_RESPMEM_MUST_FREE);
    if (r != NULL)
      resp->body = NULL; /* MHD frees it now */
    return r;
  }
  struct stream_out *st = calloc(1, sizeof *st);
  char *front = malloc(STREAM_BUF_BYTES), *back = malloc(STREAM_BUF_BYTES);
  if (st == NULL || front == NULL || back == NULL) {
    free(st);
    free(front);
    free(back);
    return NULL;
  }
  st->httpd = h;
  st->connection = c;
  st->front = front;
  st->back = back;
  pthread_mutex_init(&st->lock, NULL);
  struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, (size_t)32 * 1024,
                                                             read_stream, st, release_stream);
  if (r == NULL) {
    pthread_mutex_destroy(&st->lock);
    free(front);
    free(back);
    free(st);
    return NULL;
  }
  st->s = resp->stream;
  memset(&resp->stream, 0, sizeof resp->stream);
  pthread_mutex_lock(&st->lock);
  stream_start_fill(st);
  pthread_mutex_unlock(&st->lock);
  return r;
}

/* Sends ctx->resp: adds ETag (or turns a GET into a 304), common headers, CORS.
 * A resource in a 200 or 201 answer gets its ETag whatever the method, so a
 * write tells its client the tag to send with the next If-Match. */
static enum MHD_Result send_response(struct request_ctx *ctx, bool preflight)
{
  struct response *resp = &ctx->resp;
  struct MHD_Connection *c = ctx->req.connection;
  if (resp->status == 0)
    response_problem(resp, 500, "the handler gave no answer");
  char etag[RESPONSE_ETAG_LEN] = "";
  bool is_get = ctx->req.method == HTTP_GET || ctx->req.method == HTTP_HEAD;
  bool tagged = resp->status == 200 || resp->status == 201;
  if (tagged && !resp->no_cache && resp->body != NULL) {
    if (resp->etag[0] != '\0') /* a hit's, made once when it was stored */
      memcpy(etag, resp->etag, sizeof etag);
    else
      response_etag(resp->body, resp->body_len, etag);
    if (is_get && if_none_match_hits(c, etag))
      response_empty(resp, 304);
  }
  struct MHD_Response *r = create_mhd_response(ctx->httpd, c, resp);
  if (r == NULL)
    return MHD_NO;
  ctx->bytes = resp->body_len;
  if (resp->content_type != NULL)
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
  MHD_add_response_header(r, "X-Request-Id", ctx->req.request_id);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  if (etag[0] != '\0')
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
  if (resp->no_cache)
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  for (size_t i = 0; i < resp->header_count; i++)
    MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
  add_cors_headers(ctx, r, preflight);
  if (atomic_load(&ctx->httpd->shutting_down))
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
  ctx->status = resp->status;
  ctx->answered = true;
  enum MHD_Result rc = MHD_queue_response(c, resp->status, r);
  MHD_destroy_response(r);
  return rc;
}

static enum MHD_Result count_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
  (void)kind;
  (void)key;
  (void)value;
  (*(size_t *)cls)++;
  return MHD_YES;
}

/* A head over our limits gets 431 here: libmicrohttpd's own 431 is only for
 * heads that overflow its per-connection pool, which is sized above them. */
static bool head_too_large(struct request_ctx *ctx)
{
  struct MHD_Connection *c = ctx->req.connection;
  const struct config *cfg = ctx->httpd->app->cfg;
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
  if (info != NULL && info->header_size > cfg->max_head_bytes) {
    response_problem(&ctx->resp, 431, "the request head is larger than MAX_HEAD_BYTES (%zu bytes)",
                     cfg->max_head_bytes);
    return true;
  }
  size_t fields = 0;
  MHD_get_connection_values(c, MHD_HEADER_KIND, count_field, &fields);
  if (fields > MAX_HEADER_FIELDS) {
    response_problem(&ctx->resp, 431, "the request has more than %d header fields",
                     MAX_HEADER_FIELDS);
    return true;
  }
  return false;
}

/* GET, HEAD and DELETE take no body: one announced is refused unread. */
static bool body_not_taken(struct request_ctx *ctx)
{
  enum http_method m = ctx->req.method;
  if (m != HTTP_GET && m != HTTP_HEAD && m != HTTP_DELETE)
    return false;
  const char *length = request_header(&ctx->req, MHD_HTTP_HEADER_CONTENT_LENGTH);
  bool announced = request_header(&ctx->req, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL ||
                   (length != NULL && strspn(length, "0") != strlen(length));
  if (announced)
    response_problem(&ctx->resp, 413, "%s takes no request body", ctx->method);
  return announced;
}

/* Decides, from the headers alone, whether the request is refused before
 * its body is read: head over the limits, too many query parameters, no
 * route, wrong method, preflight, a body where none is taken, no token,
 * too big. */
static bool answer_from_headers(struct request_ctx *ctx)
{
  struct request *req = &ctx->req;
  struct response *resp = &ctx->resp;
  const struct app *app = ctx->httpd->app;
  if (head_too_large(ctx))
    return true;
  if (ctx->query_cut) {
    response_problem(resp, 400, "the query has more than %d parameters", MAX_QUERY_PARAMS);
    return true;
  }
  if (ctx->query_lost) {
    response_problem(resp, 503, "out of memory reading the query; try again");
    return true;
  }
  enum route_result rr =
      router_match(app->routes, app->route_count, req->method, req->path, &req->match);
  if (rr == ROUTE_NOT_FOUND) {
    response_problem(resp, 404, "no resource at %s", req->path);
    return true;
  }
  if (req->method == HTTP_OPTIONS) {
    response_empty(resp, 204);
    response_header(resp, "Allow", "%s", req->match.allow);
    return true;
  }
  if (rr == ROUTE_METHOD_NOT_ALLOWED) {
    response_problem(resp, 405, "%s is not allowed on %s; allowed: %s", ctx->method, req->path,
                     req->match.allow);
    response_header(resp, "Allow", "%s", req->match.allow);
    return true;
  }
  if (body_not_taken(ctx))
    return true;
  const char *min_lsn = request_header(req, "Saywho-Min-LSN");
  if (min_lsn != NULL && lsn_parse(min_lsn, &req->min_lsn) != 0) {
    response_problem(resp, 400,
                     "Saywho-Min-LSN must be a WAL position as Saywho-Commit-LSN gives it "
                     "(two hexadecimal numbers, e.g. 16/B374D848)");
    return true;
  }
  bool write = req->method != HTTP_GET && req->method != HTTP_HEAD;
  if (write) {
    if (app->cfg->token_count == 0) {
      response_problem(resp, 403, "this service is read-only: no API_TOKENS are configured");
      return true;
    }
    const char *auth = request_header(req, "Authorization");
    static const char scheme[] = "Bearer ";
    if (auth == NULL || strncasecmp(auth, scheme, sizeof scheme - 1) != 0 ||
        auth[sizeof scheme - 1] == '\0') {
      response_problem(resp, 401, "%s needs an Authorization: Bearer <token> header",
                       ctx->method);
      response_header(resp, "WWW-Authenticate", "Bearer");
      return true;
    }
    req->actor = config_token_name(app->cfg, auth + sizeof scheme - 1);
    if (req->actor == NULL) {
      response_problem(resp, 401, "the bearer token is not valid");
      response_header(resp, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return true;
    }
  }
  const char *length = request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length != NULL && strtoull(length, NULL, 10) > app->cfg->max_body_bytes) {
    response_problem(resp, 413, "the body is larger than MAX_BODY_BYTES (%zu bytes)",
                     app->cfg->max_body_bytes);
    return true;
  }
  return false;
}

/* Saywho-Commit-LSN on a successful write: the primary's WAL write position
 * read after the COMMIT on the same connection (README, Read replicas). */
static void add_commit_lsn(struct request_ctx *ctx)
{
  struct request *req = &ctx->req;
  if (PQtransactionStatus(req->db) != PQTRANS_IDLE)
    return; /* nothing committed: db_release() rolls it back */
  struct store_error e;
  uint64_t lsn = 0;
  if (store_wal_lsn(req->db, &lsn, &e) != 0) {
    log_msg(LOG_WARN, "request %s: committed, but no WAL position for Saywho-Commit-LSN: %s",
            req->request_id, e.detail);
    return;
  }
  char text[LSN_TEXT_MAX];
  response_header(&ctx->resp, "Saywho-Commit-LSN", "%s", lsn_format(lsn, text));
  ctx->commit_lsn = lsn;
}

static void run_handler(struct request_ctx *ctx)
{
  struct request *req = &ctx->req;
  if (ctx->body.too_big) {
    response_problem(&ctx->resp, 413, "the body is larger than MAX_BODY_BYTES (%zu bytes)",
                     ctx->httpd->app->cfg->max_body_bytes);
    return;
  }
  if (ctx->body.failed) {
    response_problem(&ctx->resp, 503, "out of memory reading the body; try again");
    return;
  }
  req->body = dynbuf_str(&ctx->body);
  req->body_len = ctx->body.len;
  req->match.route->handler(req, &ctx->resp);
  bool wrote = req->method != HTTP_GET && req->method != HTTP_HEAD && ctx->resp.status >= 200 &&
               ctx->resp.status < 300;
  if (wrote && req->db != NULL && !req->db_replica)
    add_commit_lsn(ctx);
  request_release_db(req);
}

/* Appends s with its length before it ("5:hello"): written by hand, as every
 * cached request builds its key (printf was 2 % of a hit's CPU). */
static void add_counted(struct dynbuf *b, const char *s)
{
  size_t len = strlen(s), v = len;
  char digits[24], *p = digits + sizeof digits;
  do
    *--p = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  dynbuf_add(b, p, (size_t)(digits + sizeof digits - p));
  dynbuf_add(b, ":", 1);
  dynbuf_add(b, s, len);
}

static void add_key_part(void *ud, const char *key, const char *value)
{
  /* Length-prefixed: no value can forge a separator; "?a" (no value) and
   * "?a=" differ. */
  add_counted(ud, key);
  if (value == NULL)
    dynbuf_add(ud, "-", 1);
  else
    add_counted(ud, value);
}

/* The cache key of the request: path, every query parameter in order, and
 * Accept (the only header that changes a cached answer: the representation).
 * NULL when the request is not cached or the key cannot be built. */
static char *cache_key(struct request_ctx *ctx)
{
  struct request *req = &ctx->req;
  if (req->method != HTTP_GET || !route_is_cached(req->match.route))
    return NULL;
  struct dynbuf key;
  dynbuf_init(&key, ctx->httpd->app->cfg->max_head_bytes + 64);
  const char *accept = request_header(req, "Accept");
  dynbuf_adds(&key, req->path);
  dynbuf_add(&key, "?", 1);
  request_each_query(req, add_key_part, &key);
  dynbuf_adds(&key, "\nAccept: ");
  dynbuf_adds(&key, accept != NULL ? accept : "");
  char *out = key.failed || key.too_big ? NULL : dynbuf_take(&key, NULL);
  dynbuf_free(&key);
  return out;
}

/* Fills in ctx, made by on_uri() (or now, when it had no memory: the
 * request is then refused), at the request's first call. */
static struct request_ctx *begin_request(struct httpd *h, struct MHD_Connection *c,
                                         const char *url, const char *method,
                                         struct request_ctx *ctx)
{
  if (ctx == NULL) {
    ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
      return NULL;
    ctx->query_lost = true;
  }
  ctx->begun = true;
  clock_gettime(CLOCK_MONOTONIC, &ctx->started);
  ctx->httpd = h;
  snprintf(ctx->method, sizeof ctx->method, "%s", method);
  ctx->req.app = h->app;
  dynbuf_init(&ctx->body, h->app->cfg->max_body_bytes + 1);
  ctx->req.connection = c;
  ctx->req.path = url;
  ctx->req.method = http_method_parse(method);
  ctx->req.data_lsn = UINT64_MAX; /* until a database is used */
  set_request_id(c, ctx->req.request_id, sizeof ctx->req.request_id);
  atomic_fetch_add(&h->in_flight, 1);
  metrics_request_begin(h->app->metrics);
  return ctx;
}

/* A write's answer has been held a lease: sent now (RS_DONE already). */
static void on_held(struct sync_wait *w, bool synced)
{
  (void)synced;
  struct request_ctx *ctx =
      (struct request_ctx *)(void *)((char *)w - offsetof(struct request_ctx, sync));
  MHD_resume_connection(ctx->req.connection);
}

/* A write's answer waits until every replica's lease from before its commit
 * has passed (invalidator.h); false when the wait is over (slept here, as
 * there is no listener to hold it), true when the invalidator holds it and
 * resumes the connection. Only with CACHE_SYNC on: other replicas' hits are
 * the ones it protects, and with it off they are not kept coherent anyway. */
static bool hold_write(struct request_ctx *ctx)
{
  struct app *app = ctx->httpd->app;
  if (!app->cfg->cache_sync)
    return false;
  ctx->sync.done = on_held;
  if (app->invalidator != NULL && invalidator_hold(app->invalidator, &ctx->sync))
    return true;
  invalidator_outwait();
  return false;
}

/* A worker: runs the handler, then resumes the connection, whose I/O thread
 * then calls on_request() again to send the answer. ctx is not touched
 * after the resume (the connection may complete and free it at once). */
static void run_job(struct job *item)
{
  struct request_ctx *ctx = (struct request_ctx *)item;
  run_handler(ctx);
  struct cache *cache = ctx->httpd->app->cache;
  bool wrote = ctx->req.method != HTTP_GET && ctx->req.method != HTTP_HEAD &&
               ctx->resp.status < 300;
  if (cache != NULL && ctx->cache_key != NULL)
    cache_put(cache, ctx->cache_key, ctx->cache_gen, ctx->req.data_lsn, ctx->req.db_replica,
              &ctx->resp);
  else if (cache != NULL && wrote)
    cache_flush_at(cache, ctx->commit_lsn); /* committed: this replica reads its own writes at
                                               once, without waiting for the notification
                                               (README, Cache) */
  ctx->state = RS_DONE;
  if (wrote && hold_write(ctx))
    return;
  MHD_resume_connection(ctx->req.connection);
}

/* Waited DB_WAIT_MS for a worker (every one busy): answered 503 without its
 * handler, so that a queue behind slow requests never hangs a client. */
static void expire_job(struct job *item)
{
  struct request_ctx *ctx = (struct request_ctx *)item;
  response_problem(&ctx->resp, 503, "every worker is busy; try again shortly");
  response_header(&ctx->resp, "Retry-After", "1");
  ctx->state = RS_DONE;
  MHD_resume_connection(ctx->req.connection);
}

/* Shutdown with the request still queued: answered 503 without its handler. */
static void drop_job(struct job *item)
{
  struct request_ctx *ctx = (struct request_ctx *)item;
  response_problem(&ctx->resp, 503, "the server is shutting down; try again");
  ctx->state = RS_DONE;
  MHD_resume_connection(ctx->req.connection);
}

/* The invalidator's sync came back (or did not in time): the connection
 * goes back to its I/O thread, whose on_request() sends the hit or queues
 * the request as a miss. Runs on the listener thread. */
static void on_synced(struct sync_wait *w, bool synced)
{
  struct request_ctx *ctx =
      (struct request_ctx *)(void *)((char *)w - offsetof(struct request_ctx, sync));
  ctx->state = synced ? RS_SYNCED : RS_UNSYNCED;
  MHD_resume_connection(ctx->req.connection);
}

/* A pipelined read came back: rendered here, on the pipeline's reader, and
 * the connection resumed to send it, as run_job() does for a worker's. */
static void on_read_done(struct pipeline_read *r, const PGresult *res,
                         const struct store_error *failed)
{
  struct request_ctx *ctx =
      (struct request_ctx *)(void *)((char *)r - offsetof(struct request_ctx, pending));
  answer_read(ctx->httpd->app, &ctx->resp, &ctx->read, res, failed);
  /* Counted here, not when sent: a read its broken connection hands to a
   * worker is counted there (request_db()). */
  metrics_db_read(ctx->httpd->app->metrics, false);
  struct cache *cache = ctx->httpd->app->cache;
  if (cache != NULL && ctx->cache_key != NULL)
    cache_put(cache, ctx->cache_key, ctx->cache_gen, ctx->req.data_lsn, false, &ctx->resp);
  ctx->state = RS_DONE;
  MHD_resume_connection(ctx->req.connection);
}

/* The pipeline gave the read back: busy (it waited DB_WAIT_MS behind its
 * connection's batch), 503 as for a request that waited that long for a
 * worker; else (its connection broke) a worker runs it. */
static void on_read_returned(struct pipeline_read *r, bool busy)
{
  struct request_ctx *ctx =
      (struct request_ctx *)(void *)((char *)r - offsetof(struct request_ctx, pending));
  if (busy)
    expire_job(&ctx->job);
  else
    jobs_push(ctx->httpd->workers, &ctx->job);
}

/* Sends the request's read through the pipeline when its route has one and
 * a connection is up: true with *rc set when it was sent or answered (a
 * malformed id), false for the worker path. Not for a parked hit that could
 * not park (suspended already: the workers take it). */
static bool send_read(struct request_ctx *ctx, struct MHD_Connection *c, enum MHD_Result *rc)
{
  const struct route *route = ctx->req.match.route;
  struct httpd *h = ctx->httpd;
  if (h->pipeline == NULL || route->read == NULL || ctx->state == RS_PARKED)
    return false;
  if (!route->read(&ctx->req, &ctx->resp, &ctx->read)) {
    *rc = send_response(ctx, false);
    return true;
  }
  struct cache *cache = h->app->cache;
  /* Read before the query: the primary had reached it (request_db()). */
  ctx->req.data_lsn = cache != NULL ? cache_primary_lsn(cache) : 0;
  ctx->pending.q = ctx->read.q;
  ctx->pending.params = ctx->read.params;
  ctx->pending.many = ctx->read.many;
  ctx->pending.done = on_read_done;
  ctx->pending.returned = on_read_returned;
  ctx->pending.tries = 0;
  ctx->state = RS_QUEUED;
  MHD_suspend_connection(c); /* first: the answer may come back before submit returns */
  if (!pipeline_submit(h->pipeline, &ctx->pending))
    jobs_push(h->workers, &ctx->job); /* no connection up: a worker reads it */
  *rc = MHD_YES;
  return true;
}

/* Queues the request for a worker (its connection suspended unless it is
 * already, as a parked hit that could not park is), or sends its read. */
static enum MHD_Result queue_request(struct request_ctx *ctx, struct MHD_Connection *c)
{
  response_clear(&ctx->resp); /* a hit that was not served */
  enum MHD_Result rc;
  if (send_read(ctx, c, &rc))
    return rc;
  if (ctx->state != RS_PARKED)
    MHD_suspend_connection(c);
  ctx->state = RS_QUEUED;
  bool probe = route_is_probe(ctx->req.match.route);
  jobs_push(probe ? ctx->httpd->probe : ctx->httpd->workers, &ctx->job);
  return MHD_YES;
}

/* A hit waits for a sync of the invalidator that starts after now, so that
 * no write committed before this request is missed (invalidator.h). Suspended
 * first: the sync may come back before this returns. False, the connection
 * suspended and state RS_PARKED, when there is no invalidator to wait for. */
static bool park_hit(struct request_ctx *ctx, struct MHD_Connection *c)
{
  struct invalidator *inv = ctx->httpd->app->invalidator;
  ctx->state = RS_PARKED;
  MHD_suspend_connection(c);
  ctx->sync.done = on_synced;
  return inv != NULL && invalidator_park(inv, &ctx->sync);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
  (void)version;
  struct request_ctx *ctx = *con_cls;
  if (ctx == NULL || ctx == (void *)&no_ctx_mark || !ctx->begun) {
    ctx = begin_request(cls, c, url, method, ctx == (void *)&no_ctx_mark ? NULL : ctx);
    if (ctx == NULL)
      return MHD_NO;
    *con_cls = ctx;
    if (answer_from_headers(ctx))
      return send_response(ctx, ctx->req.method == HTTP_OPTIONS);
    return MHD_YES;
  }
  if (ctx->answered) {
    *upload_data_size = 0; /* already refused: drop the rest of the body */
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    dynbuf_add(&ctx->body, upload_data, *upload_data_size); /* failure answered at the end */
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (ctx->state == RS_DONE)
    return send_response(ctx, false);
  if (route_runs_inline(ctx->req.match.route)) { /* from memory: no worker needed */
    run_handler(ctx);
    return send_response(ctx, false);
  }
  struct cache *cache = ctx->httpd->app->cache;
  if (ctx->state == RS_RECEIVING) {
    ctx->cache_key = cache != NULL ? cache_key(ctx) : NULL;
    /* Read before the lookup and the handler's snapshot: a flush that comes
     * later makes cache_put() drop the answer (cache.h) and the hit wait. */
    if (ctx->cache_key != NULL)
      ctx->cache_gen = cache_generation(cache);
  }
  if (ctx->cache_key != NULL && ctx->state != RS_UNSYNCED) {
    if (ctx->state == RS_SYNCED && cache_generation(cache) == ctx->cache_gen)
      return send_response(ctx, false); /* synced, no flush since the lookup */
    if (ctx->state == RS_SYNCED) /* flushed meanwhile: look again, synced already */
      return cache_get(cache, ctx->cache_key, ctx->req.min_lsn, &ctx->resp) ? send_response(ctx, false)
                                                          : queue_request(ctx, c);
    struct invalidator *inv = ctx->httpd->app->invalidator;
    bool leased = inv != NULL && invalidator_leased(inv); /* before the lookup */
    if (cache_get(cache, ctx->cache_key, ctx->req.min_lsn, &ctx->resp)) {
      if (!ctx->httpd->app->cfg->cache_sync)
        return send_response(ctx, false); /* at once: stale for a moment after another's write */
      if (leased) {
        invalidator_lease_used(inv);
        return send_response(ctx, false);
      }
      if (park_hit(ctx, c))
        return MHD_YES;
    }
  }
  return queue_request(ctx, c);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
  (void)c;
  (void)toe;
  struct httpd *h = cls;
  struct request_ctx *ctx = *con_cls;
  if (ctx == NULL || ctx == (void *)&no_ctx_mark)
    return;
  if (!ctx->begun) { /* closed before its head was in */
    query_free(&ctx->req.query);
    free(ctx);
    *con_cls = NULL;
    return;
  }
  double secs = clock_seconds_since(&ctx->started);
  metrics_request_end(h->app->metrics, ctx->req.match.route, ctx->req.method, ctx->status, secs);
  struct request_log line = {
    .method = ctx->method,
    .path = ctx->req.path,
    .route = ctx->req.match.route ? ctx->req.match.route->pattern : NULL,
    .status = ctx->status,
    .bytes = ctx->bytes,
    .duration_ms = secs * 1000.0,
    .request_id = ctx->req.request_id,
  };
  log_request(&line);
  request_release_db(&ctx->req);
  response_clear(&ctx->resp);
  dynbuf_free(&ctx->body);
  query_free(&ctx->req.query);
  free(ctx->cache_key);
  free(ctx);
  *con_cls = NULL;
  atomic_fetch_sub(&h->in_flight, 1);
}

/* Called with the raw request target before libmicrohttpd splits its query:
 * makes the request's ctx and takes the query into it (query.h), emptying
 * it in the buffer libmicrohttpd parses next (which it owns but does not
 * need again), so that no parameter takes a record of the connection's pool.
 * More than MAX_QUERY_PARAMS parameters are not parsed: the request is
 * answered 400. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
  (void)cls;
  (void)c;
  char *query = strchr((char *)uri, '?'); /* libmicrohttpd's read buffer */
  struct request_ctx *ctx = calloc(1, sizeof *ctx);
  if (ctx == NULL) {
    if (query != NULL)
      query[1] = '\0';
    return (void *)&no_ctx_mark;
  }
  if (query == NULL)
    return ctx;
  size_t params = 1, len = 1;
  for (; query[len] != '\0'; len++)
    params += query[len] == '&';
  if (params > MAX_QUERY_PARAMS)
    ctx->query_cut = true;
  else if (query_parse(&ctx->req.query, query + 1, len - 1) != 0)
    ctx->query_lost = true;
  query[1] = '\0';
  return ctx;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n > 0 && msg[n - 1] == '\n')
    msg[--n] = '\0';
  log_msg(LOG_WARN, "libmicrohttpd: %s", msg);
}

/* Each connection's libmicrohttpd pool holds the head being read, one record
 * per header (56 bytes, 64 with alignment; the query's parameters take none:
 * on_uri() keeps them), the response's header block and the body's read
 * buffer. Sized so that a head within our limits always fits and the 431 for
 * a larger one comes from head_too_large(). It is all resident and written:
 * libmicrohttpd 0.9.75 zeroes the whole pool after every request
 * (memorypool.c, MHD_pool_reset), so each connection that has answered once
 * costs the full size, and every request its memset (6-9 % of a cached hit's
 * CPU at 72 KiB). 4 x MAX_HEAD_BYTES + 32 KiB (96 KiB) made 256 open
 * connections 24 of the server's 34 MB (bench/rss-256); with a record per
 * query parameter as well it was 72 KiB; this is 40 KiB at the default
 * limits, 16 KiB of it for the answer's headers. */
#define POOL_RECORD_BYTES 64
#define POOL_ANSWER_BYTES ((size_t)16 * 1024)

static size_t connection_pool_bytes(const struct config *cfg)
{
  return cfg->max_head_bytes + (size_t)MAX_HEADER_FIELDS * POOL_RECORD_BYTES + POOL_ANSWER_BYTES;
}

/* libmicrohttpd 0.9.75's MHD_quiesce_daemon races its own epoll workers: it
 * marks a worker quiesced and then takes the listening socket out of that
 * worker's epoll set, while the worker, seeing the mark, may take it out first;
 * the second removal fails with ENOENT and the library panics (daemon.c,
 * MHD_quiesce_daemon, "Failed to remove listen FD from epoll set"; newer
 * versions tolerate it). The panic comes on the thread that quiesces and holds
 * no lock, so it jumps back and quiesces again: the worker that won the race
 * no longer has the socket in its set. Every other panic is logged and aborts. */
static sigjmp_buf quiesce_again;
static pthread_t quiescer;
static atomic_bool quiescing;
static volatile int quiesce_tries; /* volatile: read after siglongjmp */

static void on_mhd_panic(void *cls, const char *file, unsigned int line, const char *reason)
{
  (void)cls;
  if (atomic_load(&quiescing) && pthread_equal(pthread_self(), quiescer))
    siglongjmp(quiesce_again, 1);
  log_msg(LOG_ERROR, "libmicrohttpd: fatal error at %s:%u: %s", file, line,
          reason ? reason : "(no reason given)");
  abort();
}

/* MHD_quiesce_daemon, tried again (a few times at most) when it lost the race. */
static MHD_socket quiesce(struct MHD_Daemon *daemon)
{
  quiesce_tries = 0;
  quiescer = pthread_self();
  if (sigsetjmp(quiesce_again, 0) != 0) {
    atomic_store(&quiescing, false);
    log_msg(LOG_WARN, "libmicrohttpd lost a race quiescing its workers; quiescing again");
    if (++quiesce_tries > 5)
      abort();
  }
  atomic_store(&quiescing, true);
  MHD_socket listener = MHD_quiesce_daemon(daemon);
  atomic_store(&quiescing, false);
  return listener;
}

struct httpd *httpd_start(struct app *app, const struct db_pool_options *pipeline_opts, char *err,
                          size_t errlen)
{
  struct httpd *h = calloc(1, sizeof *h);
  if (h == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  h->app = app;
  const struct config *cfg = app->cfg;
  struct sockaddr_in v4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
  struct sockaddr_in6 v6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)cfg->port)};
  unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                       MHD_ALLOW_SUSPEND_RESUME;
  const struct sockaddr *addr = (const struct sockaddr *)&v4;
  if (inet_pton(AF_INET, cfg->host, &v4.sin_addr) != 1) {
    if (inet_pton(AF_INET6, cfg->host, &v6.sin6_addr) != 1) {
      snprintf(err, errlen, "HOST %s is not an IP address", cfg->host);
      free(h);
      return NULL;
    }
    addr = (const struct sockaddr *)&v6;
    flags |= MHD_USE_IPv6;
  }
  MHD_set_panic_func(on_mhd_panic, NULL);
  h->daemon = MHD_start_daemon(
      flags, (uint16_t)cfg->port, NULL, NULL, on_request, h,
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
      MHD_OPTION_SOCK_ADDR, addr,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
      MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout_seconds,
      MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_connections_per_ip,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_pool_bytes(cfg),
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
      MHD_OPTION_END);
  if (h->daemon == NULL) {
    snprintf(err, errlen, "cannot listen on %s:%u (is the port taken?)", cfg->host, cfg->port);
    free(h);
    return NULL;
  }
  /* One worker per pooled connection: a worker never waits for the pool. A
   * request that waits DB_WAIT_MS for a worker gets 503. */
  h->workers = jobs_start(cfg->db_pool_size, run_job, expire_job, cfg->db_wait_ms, err, errlen);
  h->probe = h->workers ? jobs_start(1, run_job, expire_job, cfg->db_wait_ms, err, errlen) : NULL;
  /* One streamer per export slot: an export's fill never waits for one. */
  pthread_mutex_init(&h->streams_lock, NULL);
  h->streamers = h->probe ? jobs_start(cfg->exports_max, run_fill, NULL, 0, err, errlen) : NULL;
  bool pipelined = pipeline_opts != NULL && cfg->db_pipelines > 0;
  if (h->streamers != NULL && pipelined)
    h->pipeline = pipeline_start(pipeline_opts, cfg->db_pipelines, cfg->db_pipeline_stuck_ms, err,
                                 errlen);
  if (h->streamers == NULL || (pipelined && h->pipeline == NULL)) {
    if (h->streamers != NULL)
      jobs_stop(h->streamers, drop_fill);
    jobs_free(h->streamers);
    jobs_stop(h->probe, drop_job);
    jobs_stop(h->workers, drop_job);
    MHD_stop_daemon(h->daemon);
    jobs_free(h->probe);
    jobs_free(h->workers);
    pthread_mutex_destroy(&h->streams_lock);
    free(h);
    return NULL;
  }
  return h;
}

/* Waits up to ms for every connection to close or for no request to be in
 * flight five ticks running (idle keep-alive connections do not hold a
 * shutdown up: MHD_stop_daemon closes them). */
static void wait_for_requests(struct httpd *h, double ms)
{
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int idle_ticks = 0;
  while (clock_seconds_since(&t0) * 1000.0 < ms && idle_ticks < 5) {
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (info != NULL && info->num_connections == 0)
      break;
    idle_ticks = atomic_load(&h->in_flight) == 0 ? idle_ticks + 1 : 0;
    usleep(20000);
  }
}

void httpd_stop(struct httpd *h, unsigned grace_ms)
{
  if (h == NULL)
    return;
  atomic_store(&h->shutting_down, true);
  MHD_socket listener = quiesce(h->daemon);
  /* Requests already received finish within the grace; those still waiting
   * for a worker then get 503. Every suspended connection is resumed before
   * MHD_stop_daemon, which must not find one. */
  wait_for_requests(h, grace_ms);
  jobs_stop(h->workers, drop_job);
  jobs_stop(h->probe, drop_job);
  /* Exports still streaming are cut short: no fill is queued from now on,
   * and those queued or running resume their connections. */
  pthread_mutex_lock(&h->streams_lock);
  h->streams_stopped = true;
  pthread_mutex_unlock(&h->streams_lock);
  jobs_stop(h->streamers, drop_fill);
  /* Reads still in the pipeline fail (503) and resume their connections;
   * later ones go to the stopped workers (503). */
  if (h->pipeline != NULL)
    pipeline_stop(h->pipeline);
  wait_for_requests(h, 1000);
  /* The queues outlive the daemon: a request resumed meanwhile (a parked
   * hit, a late miss) may still push, and is dropped with a 503. */
  MHD_stop_daemon(h->daemon);
  pipeline_free(h->pipeline);
  jobs_free(h->streamers);
  jobs_free(h->probe);
  jobs_free(h->workers);
  if (listener != MHD_INVALID_SOCKET)
    close(listener);
  pthread_mutex_destroy(&h->streams_lock);
  free(h);
}
