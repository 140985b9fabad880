/* import.c - `saywho import`: bounded parallel POST /articles, outcomes, summary. */
#include "import.h"

#include <curl/curl.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "dynbuf.h"
#include "feed.h"
#include "progress.h"

/* One transfer's worth of state, reused article after article (the easy
 * handle keeps its options; the multi handle keeps the connections). */
struct slot {
  CURL *easy;
  struct feed_job job;
  struct dynbuf reply;            /* the start of the answer's body, for a problem's detail */
  char curl_err[CURL_ERROR_SIZE]; /* libcurl's words for a failed transfer */
  unsigned attempts;              /* of the current article */
  double retry_at;                /* > 0: waiting to be sent again then */
  bool busy;                      /* holds an article, in flight or waiting */
};

struct refusal {
  char *label; /* the file, or "-:LINE" */
  char *why;   /* "422 body is required", "cannot read: ...", "no answer ..." */
};

struct run {
  const struct import_options *opt;
  CURLM *multi;
  struct curl_slist *text_headers, *json_headers;
  char url[IMPORT_URL_MAX + 16];
  struct slot *slots; /* opt->jobs of them */
  struct feed *feed;
  bool feed_done;
  size_t created, stored, refused;
  struct refusal *refusals; /* the first IMPORT_REFUSALS_LISTED */
  size_t listed;
  unsigned unanswered; /* articles in a row given up without an answer */
  char stop[512];      /* non-empty: why no more articles are sent */
  struct progress progress;
};

static const char *env_lookup(const char *name)
{
  return getenv(name); /* NOLINT(concurrency-mt-unsafe): read before any transfer starts */
}

/* Control characters of s (a problem's detail echoes input) become '?'. */
static void make_printable(char *s)
{
  for (; *s != '\0'; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f)
      *s = '?';
}

static void refuse(struct run *r, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void refuse(struct run *r, const char *label, const char *fmt, ...)
{
  r->refused++;
  if (r->listed == IMPORT_REFUSALS_LISTED)
    return;
  char why[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  make_printable(why);
  struct refusal *f = &r->refusals[r->listed];
  f->label = strdup(label);
  f->why = strdup(why);
  if (f->label == NULL || f->why == NULL) { /* counted, not listed */
    free(f->label);
    free(f->why);
    return;
  }
  r->listed++;
}

/* The problem's detail (else its title) from the start of the answer. */
static void reply_detail(const struct slot *s, char *buf, size_t cap)
{
  json_error_t je;
  const char *text = dynbuf_str(&s->reply);
  json_t *doc = text != NULL ? json_loadb(text, s->reply.len, 0, &je) : NULL;
  const char *d = json_string_value(json_object_get(doc, "detail"));
  if (d == NULL)
    d = json_string_value(json_object_get(doc, "title"));
  snprintf(buf, cap, "%s", d != NULL ? d : "(the answer holds no problem detail)");
  json_decref(doc);
}

static size_t on_reply(char *data, size_t size, size_t nmemb, void *userdata)
{
  struct slot *s = userdata;
  size_t n = size * nmemb, room = IMPORT_REPLY_MAX - 1 - s->reply.len;
  /* Only a problem's detail is wanted: the rest of a long answer is dropped. */
  (void)dynbuf_add(&s->reply, data, n < room ? n : room);
  return n;
}

static int slot_init(struct run *r, struct slot *s)
{
  feed_job_init(&s->job, IMPORT_MAX_FILE_BYTES);
  dynbuf_init(&s->reply, IMPORT_REPLY_MAX);
  s->easy = curl_easy_init();
  if (s->easy == NULL)
    return -1;
  CURL *e = s->easy;
  curl_easy_setopt(e, CURLOPT_URL, r->url);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_reply);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
  curl_easy_setopt(e, CURLOPT_PRIVATE, s);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->curl_err);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 60000L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "saywho-import/" SAYWHO_VERSION);
  return 0;
}

static void slot_free(struct slot *s)
{
  if (s->easy != NULL)
    curl_easy_cleanup(s->easy);
  feed_job_free(&s->job);
  dynbuf_free(&s->reply);
}

/* Sends the slot's article (again). */
static void send_job(struct run *r, struct slot *s)
{
  CURL *e = s->easy;
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, dynbuf_str(&s->job.body));
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->job.body.len);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER,
                   s->job.type == FEED_JSON ? r->json_headers : r->text_headers);
  dynbuf_reset(&s->reply);
  s->curl_err[0] = '\0';
  s->attempts++;
  s->retry_at = 0;
  s->busy = true;
  CURLMcode mc = curl_multi_add_handle(r->multi, e);
  if (mc != CURLM_OK) {
    refuse(r, s->job.label, "not sent: %s", curl_multi_strerror(mc));
    s->busy = false;
  }
}

/* Gives the free slot s the next article that can be sent; articles that
 * cannot (unreadable, not an article) are refused on the way. */
static void fill(struct run *r, struct slot *s)
{
  while (!r->feed_done && r->stop[0] == '\0') {
    if (!feed_next(r->feed, &s->job)) {
      r->feed_done = true;
      return;
    }
    if (s->job.problem[0] == '\0') {
      s->attempts = 0;
      send_job(r, s);
      return;
    }
    refuse(r, s->job.label, "not sent: %s", s->job.problem);
  }
}

/* Failures worth another try: the service restarting, or busy (503), or the
 * connection failing on the way. A POST is safe to repeat here: an article
 * stored before its answer was lost comes back 200, already stored. */
static bool retryable(CURLcode result, long status)
{
  switch (result) {
  case CURLE_OK:
    return status == 503;
  case CURLE_COULDNT_CONNECT:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_OPERATION_TIMEDOUT:
    return true;
  default:
    return false;
  }
}

/* The article of s has its last answer (or none): count it. */
static void settle(struct run *r, struct slot *s, CURLcode result, long status)
{
  char detail[400];
  s->busy = false;
  if (result != CURLE_OK) {
    refuse(r, s->job.label, "no answer after %u tries: %s", s->attempts,
           s->curl_err[0] != '\0' ? s->curl_err : curl_easy_strerror(result));
    if (++r->unanswered >= IMPORT_UNREACHABLE_STOP && r->stop[0] == '\0')
      snprintf(r->stop, sizeof r->stop, "%u articles in a row got no answer from %s",
               r->unanswered, r->opt->url);
    return;
  }
  r->unanswered = 0;
  if (status == 201) {
    r->created++;
    return;
  }
  if (status == 200) {
    r->stored++;
    return;
  }
  reply_detail(s, detail, sizeof detail);
  refuse(r, s->job.label, "%ld %s", status, detail);
  /* Every other article would be refused the same way. */
  if ((status == 401 || status == 403) && r->stop[0] == '\0')
    snprintf(r->stop, sizeof r->stop, "the service refused the token (%ld %s)", status, detail);
}

/* The transfers that ended since the last call; how many. */
static unsigned collect(struct run *r, double now)
{
  unsigned ended = 0;
  int left = 0;
  CURLMsg *m;
  while ((m = curl_multi_info_read(r->multi, &left)) != NULL) {
    if (m->msg != CURLMSG_DONE)
      continue;
    struct slot *s = NULL;
    long status = 0;
    CURLcode result = m->data.result;
    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
    if (result == CURLE_OK)
      curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
    curl_multi_remove_handle(r->multi, m->easy_handle); /* m is gone after this */
    ended++;
    if (retryable(result, status) && s->attempts < IMPORT_ATTEMPTS)
      s->retry_at = now + (double)(IMPORT_BACKOFF_MS << (s->attempts - 1)) / 1000.0;
    else
      settle(r, s, result, status);
  }
  return ended;
}

static size_t settled(const struct run *r)
{
  return r->created + r->stored + r->refused;
}

/* Runs the transfers until every article is settled. 0, or -1 when libcurl
 * itself fails (out of memory). */
static int pump(struct run *r)
{
  for (;;) {
    double now = progress_now();
    bool busy = false;
    for (unsigned i = 0; i < r->opt->jobs; i++) {
      struct slot *s = &r->slots[i];
      if (!s->busy)
        fill(r, s);
      else if (s->retry_at > 0 && s->retry_at <= now)
        send_job(r, s);
      busy = busy || s->busy;
    }
    progress_update(&r->progress, settled(r), now);
    if (!busy)
      return 0;
    int running = 0;
    if (curl_multi_perform(r->multi, &running) != CURLM_OK)
      return -1;
    if (collect(r, progress_now()) > 0)
      continue; /* slots are free: fill them before waiting */
    /* 100 ms at most: retries fall due and the bar is redrawn meanwhile. */
    if (curl_multi_poll(r->multi, NULL, 0, 100, NULL) != CURLM_OK)
      return -1;
  }
}

static void print_summary(const struct run *r, double seconds, size_t total)
{
  FILE *out = stdout;
  size_t n = settled(r);
  fprintf(out, "saywho import: %zu articles in %.1f s (%.0f/s)\n", n, seconds,
          seconds > 0 ? (double)n / seconds : 0.0);
  fprintf(out, "created:        %zu\n", r->created);
  fprintf(out, "already stored: %zu\n", r->stored);
  fprintf(out, "refused:        %zu\n", r->refused);
  for (size_t i = 0; i < r->listed; i++)
    fprintf(out, "  %s: %s\n", r->refusals[i].label, r->refusals[i].why);
  if (r->refused > r->listed)
    fprintf(out, "  ... and %zu more (the first %zu are listed)\n", r->refused - r->listed,
            r->listed);
  if (r->stop[0] != '\0') {
    fprintf(out, "stopped early: %s", r->stop);
    if (total > n)
      fprintf(out, "; %zu articles not tried", total - n);
    fputc('\n', out);
  }
  fflush(out);
}

static struct curl_slist *headers_for(const char *content_type, const char *auth)
{
  struct curl_slist *h = curl_slist_append(NULL, content_type);
  struct curl_slist *t = h != NULL ? curl_slist_append(h, auth) : NULL;
  /* No "Expect: 100-continue" round trip before large bodies. */
  struct curl_slist *u = t != NULL ? curl_slist_append(t, "Expect:") : NULL;
  if (u == NULL)
    curl_slist_free_all(h);
  return u;
}

static int run_setup(struct run *r)
{
  char auth[IMPORT_TOKEN_MAX + 32];
  size_t base = strlen(r->opt->url);
  while (base > 0 && r->opt->url[base - 1] == '/')
    base--;
  snprintf(r->url, sizeof r->url, "%.*s/articles", (int)base, r->opt->url);
  snprintf(auth, sizeof auth, "Authorization: Bearer %s", r->opt->token);
  r->text_headers = headers_for("Content-Type: text/plain; charset=utf-8", auth);
  r->json_headers = headers_for("Content-Type: application/json", auth);
  r->multi = curl_multi_init();
  r->slots = calloc(r->opt->jobs, sizeof *r->slots);
  r->refusals = calloc(IMPORT_REFUSALS_LISTED, sizeof *r->refusals);
  r->feed = feed_open(r->opt->paths, r->opt->path_count, stdin, IMPORT_MAX_FILE_BYTES);
  if (r->text_headers == NULL || r->json_headers == NULL || r->multi == NULL ||
      r->slots == NULL || r->refusals == NULL || r->feed == NULL)
    return -1;
  long jobs = (long)r->opt->jobs;
  curl_multi_setopt(r->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, jobs);
  curl_multi_setopt(r->multi, CURLMOPT_MAX_HOST_CONNECTIONS, jobs);
  curl_multi_setopt(r->multi, CURLMOPT_MAXCONNECTS, jobs);
  for (unsigned i = 0; i < r->opt->jobs; i++)
    if (slot_init(r, &r->slots[i]) != 0)
      return -1;
  return 0;
}

static void run_free(struct run *r)
{
  for (unsigned i = 0; r->slots != NULL && i < r->opt->jobs; i++) {
    if (r->slots[i].busy && r->slots[i].retry_at == 0)
      curl_multi_remove_handle(r->multi, r->slots[i].easy);
    slot_free(&r->slots[i]);
  }
  for (size_t i = 0; i < r->listed; i++) {
    free(r->refusals[i].label);
    free(r->refusals[i].why);
  }
  free(r->refusals);
  free(r->slots);
  feed_close(r->feed);
  if (r->multi != NULL)
    curl_multi_cleanup(r->multi);
  curl_slist_free_all(r->text_headers);
  curl_slist_free_all(r->json_headers);
}

static int run_import(const struct import_options *opt)
{
  int status = 1;
  struct run r = {.opt = opt};
  if (run_setup(&r) != 0) {
    fprintf(stderr, "saywho import: out of memory\n");
    goto out;
  }
  int has_stdin = 0;
  size_t total = walk_count(opt->paths, opt->path_count, &has_stdin);
  double start = progress_now();
  progress_init(&r.progress, stderr, isatty(STDERR_FILENO) == 1, has_stdin ? 0 : total, start);
  int rc = pump(&r);
  progress_end(&r.progress, settled(&r), progress_now());
  print_summary(&r, progress_now() - start, has_stdin ? 0 : total);
  if (rc != 0)
    fprintf(stderr, "saywho import: libcurl failed (out of memory?)\n");
  else
    status = r.refused == 0 && r.stop[0] == '\0' ? 0 : 1;
out:
  run_free(&r);
  return status;
}

int import_main(int argc, char **argv)
{
  struct import_options opt;
  char err[256];
  if (import_args_parse(argc, argv, env_lookup, &opt, err, sizeof err) != 0) {
    fprintf(stderr, "saywho import: %s (see saywho import --help)\n", err);
    return 2;
  }
  if (opt.help) {
    import_args_usage(stdout);
    return 0;
  }
  signal(SIGPIPE, SIG_IGN);
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    fprintf(stderr, "saywho import: libcurl could not start\n");
    return 1;
  }
  int status = run_import(&opt);
  curl_global_cleanup();
  return status;
}
