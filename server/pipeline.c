/* pipeline.c - hot reads pipelined on connections of their own (pipeline.h). */
#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

#define RECONNECT_SECONDS 1.0
#define EVENTS_PER_WAIT 64

/* A read the pipeline aborted (an earlier query of its batch failed), or
 * that waited on a connection that broke, is sent again this many times
 * before it fails. */
#define RETRIES 2

/* Reads queued on a connection before the next one up takes a share. */
#define SPREAD_AT 16

/* Reads in one batch at most; more wait for the next. */
#define BATCH_MAX 256

/* Reads answered by one query for many ids at most, and the distinct such
 * queries a batch gathers reads for (more go one by one). */
#define GROUP_MAX 64
#define GROUP_KINDS 2

/* What a connection reads next: a result (the oldest read's, or the
 * batch's Sync), or the NULL that ends a query's results. */
enum stage { AWAIT_RESULT, AWAIT_END };

/* One connection, the batch it runs and the reads waiting for the next.
 * The fields after lock are guarded by it (I/O threads add, the reader
 * takes). */
struct link {
  pthread_mutex_t lock;
  PGconn *conn; /* NULL while down */
  int fd;
  bool closed;    /* the pipeline stops: nothing is sent any more */
  bool broken;    /* a send failed: the reader closes it */
  bool writing;   /* libpq holds unsent bytes: EPOLLOUT armed */
  bool batch_out; /* a batch is out, its Sync not back yet */
  bool said_down;
  enum stage stage;
  struct pipeline_read *head, *tail;           /* the batch out, oldest first */
  struct pipeline_read *wait_head, *wait_tail; /* arrived since: the next batch */
  PGresult *head_res;                          /* the head's result, once read */
  struct timespec down_at;                     /* CLOCK_MONOTONIC, while conn is NULL */
  atomic_bool up;      /* conn is set and not broken (pick_link's hint) */
  atomic_uint queued;  /* reads out or waiting (pick_link's hint) */
  _Atomic int64_t out_since_ns; /* CLOCK_MONOTONIC when the batch out went, 0: none (hint) */
};

struct pipeline {
  struct db_pool_options opts;
  /* A batch out longer than this takes no more reads (batches of the hot
   * reads take a millisecond or two). */
  unsigned stuck_ms;
  unsigned count;
  struct link *links;
  int epfd;
  int wakefd; /* the reader's doorbell: stop, or a link broke */
  atomic_bool stopping;
  pthread_t thread;
};

enum outcome_kind { ANSWERED, FAILED, RETRY, EXPIRED };

/* A read answered, failed, to be sent again or expired, waiting to be
 * handed back outside the lock. */
struct outcome {
  struct pipeline_read *r;
  enum outcome_kind kind;
  PGresult *res;            /* ANSWERED; shared by a group, cleared with its last read */
  bool owns_res;
  struct store_error error; /* FAILED */
};

/* The outcomes of one pass over a link: bounded; more wait for the next
 * pass (the caller loops while a pass leaves no room for a whole group). */
#define OUTCOMES_PER_PASS ((size_t)2 * GROUP_MAX)

struct outcomes {
  size_t n;
  struct outcome item[OUTCOMES_PER_PASS];
};

/* strerror(), thread-safe (GNU strerror_r). */
static const char *why(int code, char buf[static 128])
{
  return strerror_r(code, buf, 128);
}

static void ring(struct pipeline *p)
{
  uint64_t one = 1;
  if (write(p->wakefd, &one, sizeof one) < 0 && errno != EAGAIN) {
    char buf[128];
    log_msg(LOG_WARN, "pipeline: cannot wake the reader: %s", why(errno, buf));
  }
}

static void watch(struct pipeline *p, struct link *l, int op, bool out)
{
  struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = l};
  if (epoll_ctl(p->epfd, op, l->fd, &ev) != 0) {
    char buf[128];
    log_msg(LOG_WARN, "pipeline: epoll_ctl: %s", why(errno, buf));
  }
}

static void push(struct pipeline_read **head, struct pipeline_read **tail, struct pipeline_read *r)
{
  r->next = NULL;
  if (*tail != NULL)
    (*tail)->next = r;
  else
    *head = r;
  *tail = r;
}

static struct pipeline_read *pop(struct pipeline_read **head, struct pipeline_read **tail)
{
  struct pipeline_read *r = *head;
  *head = r->next;
  if (*head == NULL)
    *tail = NULL;
  return r;
}

/* Appends r's query to l's stream (locked, up) as part of the batch out. */
static bool send_query(struct link *l, struct pipeline_read *r)
{
  if (PQsendQueryPrepared(l->conn, r->q->name, r->q->nparams, r->params, NULL, NULL, 0) != 1)
    return false;
  r->group = 1;
  push(&l->head, &l->tail, r);
  return true;
}

/* Reads waiting for one query for all their ids. */
struct group {
  const struct store_query *many;
  unsigned n;
  struct pipeline_read *r[GROUP_MAX];
};

/* Appends the query of g's reads to l's stream (one read: its own query)
 * when send holds; they join the batch out either way (when it fails, or
 * send does not hold, the link closes and sends them again elsewhere).
 * Whether it was sent. */
static bool send_group(struct link *l, struct group *g, bool send)
{
  bool sent = send;
  if (g->n == 1 && send) {
    sent = send_query(l, g->r[0]);
    if (!sent)
      push(&l->head, &l->tail, g->r[0]);
  } else if (g->n > 0) {
    if (send) {
      char ids[GROUP_MAX * 21 + 3]; /* "{", ids of 20 characters at most with commas, "}" */
      size_t len = 0;
      for (unsigned i = 0; i < g->n; i++)
        len += (size_t)snprintf(ids + len, sizeof ids - len, "%c%s", i == 0 ? '{' : ',',
                                g->r[i]->params[0]);
      snprintf(ids + len, sizeof ids - len, "}");
      const char *params[] = {ids};
      sent = PQsendQueryPrepared(l->conn, g->many->name, 1, params, NULL, NULL, 0) == 1;
    }
    for (unsigned i = 0; i < g->n; i++) {
      g->r[i]->group = i == 0 ? g->n : 0;
      push(&l->head, &l->tail, g->r[i]);
    }
  }
  g->n = 0;
  return sent;
}

/* The group r waits in for its query, among groups (one per many query, as
 * many as there are slots), or NULL when it goes alone. */
static struct group *group_of(struct group *groups, const struct pipeline_read *r)
{
  if (r->many == NULL)
    return NULL;
  for (unsigned k = 0; k < GROUP_KINDS; k++) {
    if (groups[k].n == 0 || groups[k].many == r->many) {
      groups[k].many = r->many;
      return &groups[k];
    }
  }
  return NULL;
}

static int64_t now_ns(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Ends the batch out with a Sync and pushes it out; false when the
 * connection fails. */
static bool send_sync(struct pipeline *p, struct link *l)
{
  int unsent = PQpipelineSync(l->conn) == 1 ? PQflush(l->conn) : -1;
  if (unsent < 0)
    return false;
  l->batch_out = true;
  atomic_store_explicit(&l->out_since_ns, now_ns(), memory_order_relaxed);
  if (unsent == 1 && !l->writing) {
    l->writing = true;
    watch(p, l, EPOLL_CTL_MOD, true);
  }
  return true;
}

/* Sends the reads waiting on l (locked, up, no batch out) as one batch,
 * those with the same many query as one query; false when the connection
 * fails (the reads are in the batch out all the same: the link closes and
 * sends them again elsewhere). */
static bool send_waiting(struct pipeline *p, struct link *l)
{
  struct group groups[GROUP_KINDS];
  for (unsigned k = 0; k < GROUP_KINDS; k++)
    groups[k].n = 0;
  bool ok = true;
  for (unsigned n = 0; l->wait_head != NULL && n < BATCH_MAX; n++) {
    struct pipeline_read *r = pop(&l->wait_head, &l->wait_tail);
    struct group *g = group_of(groups, r);
    if (g != NULL) {
      if (g->n == GROUP_MAX)
        ok = send_group(l, g, ok);
      g->r[g->n++] = r;
    } else if (!ok || !send_query(l, r)) {
      push(&l->head, &l->tail, r);
      ok = false;
    }
  }
  for (unsigned k = 0; k < GROUP_KINDS; k++)
    ok = send_group(l, &groups[k], ok);
  return ok && (l->head == NULL || send_sync(p, l));
}

/* The link a read goes to: the first up whose queue is short, so that reads
 * gather in big batches on one backend; when every queue is long, the
 * shortest, so that a second backend (a second core) shares the load. NULL
 * when none is up and unstuck. Reads the hints unlocked; the caller checks
 * again. */
static struct link *pick_link(struct pipeline *p)
{
  struct link *best = NULL;
  unsigned best_queued = 0;
  int64_t stuck_before = now_ns() - (int64_t)p->stuck_ms * 1000000;
  for (unsigned i = 0; i < p->count; i++) {
    struct link *l = &p->links[i];
    int64_t since = atomic_load_explicit(&l->out_since_ns, memory_order_relaxed);
    if (!atomic_load_explicit(&l->up, memory_order_relaxed) || (since != 0 && since < stuck_before))
      continue;
    unsigned queued = atomic_load_explicit(&l->queued, memory_order_relaxed);
    if (queued < SPREAD_AT)
      return l;
    if (best == NULL || queued < best_queued) {
      best = l;
      best_queued = queued;
    }
  }
  return best;
}

/* r on l (locked): sent at once as a batch of one when l is idle, else
 * waiting for the batch out to come back. */
static bool add_read(struct pipeline *p, struct link *l, struct pipeline_read *r)
{
  if (l->conn == NULL || l->closed || l->broken)
    return false;
  clock_gettime(CLOCK_MONOTONIC, &r->queued);
  if (l->batch_out) {
    push(&l->wait_head, &l->wait_tail, r);
  } else {
    if (!send_query(l, r))
      return false;
    if (!send_sync(p, l)) { /* the connection is gone: r goes elsewhere with the link's reads */
      l->broken = true;
      atomic_store(&l->up, false);
      ring(p);
    }
  }
  atomic_fetch_add_explicit(&l->queued, 1, memory_order_relaxed);
  return true;
}

bool pipeline_submit(struct pipeline *p, struct pipeline_read *r)
{
  for (unsigned tries = 0; tries < p->count; tries++) {
    struct link *l = pick_link(p);
    if (l == NULL)
      return false;
    pthread_mutex_lock(&l->lock);
    bool added = add_read(p, l, r);
    pthread_mutex_unlock(&l->lock);
    if (added)
      return true;
  }
  return false;
}

static void add_outcome(struct link *l, struct outcomes *out, struct pipeline_read *r,
                        enum outcome_kind kind, PGresult *res, const struct store_error *e)
{
  struct outcome *o = &out->item[out->n++];
  o->r = r;
  o->kind = kind;
  o->res = res;
  o->owns_res = res != NULL;
  if (e != NULL)
    o->error = *e;
  atomic_fetch_sub_explicit(&l->queued, 1, memory_order_relaxed);
}

/* Reads what l's answers allow without blocking, the answered reads into
 * out; false when they break the protocol or the next batch cannot be sent
 * (l must close). */
static bool collect(struct pipeline *p, struct link *l, struct outcomes *out)
{
  while (l->batch_out && out->n + GROUP_MAX <= OUTCOMES_PER_PASS && !PQisBusy(l->conn)) {
    PGresult *res = PQgetResult(l->conn);
    if (l->stage == AWAIT_RESULT && res != NULL && PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
      PQclear(res);
      if (l->head != NULL) /* a Sync before its batch's answers */
        return false;
      l->batch_out = false;
      atomic_store_explicit(&l->out_since_ns, 0, memory_order_relaxed);
      if (!send_waiting(p, l))
        return false;
    } else if (l->stage == AWAIT_RESULT) {
      if (res == NULL || l->head == NULL) {
        PQclear(res);
        return false;
      }
      l->head_res = res;
      l->stage = AWAIT_END;
    } else {
      if (res != NULL || l->head == NULL) { /* a second result: not a query of ours */
        PQclear(res);
        return false;
      }
      res = l->head_res;
      l->head_res = NULL;
      l->stage = AWAIT_RESULT;
      unsigned group = l->head->group;
      ExecStatusType st = PQresultStatus(res);
      if (st == PGRES_TUPLES_OK) { /* the group's reads share res; the last one clears it */
        for (unsigned i = 0; i < group && l->head != NULL; i++) {
          add_outcome(l, out, pop(&l->head, &l->tail), ANSWERED, res, NULL);
          out->item[out->n - 1].owns_res = false;
        }
        out->item[out->n - 1].owns_res = true;
        continue;
      }
      /* The server ending the session (57P: terminated, shut down; 08:
       * connection) answers the query with that error: the read did not
       * fail, its connection did. */
      const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      bool lost = PQstatus(l->conn) != CONNECTION_OK ||
                  (state != NULL && (strncmp(state, "57P", 3) == 0 || strncmp(state, "08", 2) == 0));
      struct store_error e;
      store_error_from_result(l->conn, res, &e);
      PQclear(res);
      for (unsigned i = 0; i < group && l->head != NULL; i++)
        add_outcome(l, out, pop(&l->head, &l->tail),
                    st == PGRES_PIPELINE_ABORTED || lost ? RETRY : FAILED, NULL, &e);
      if (lost)
        return false;
    }
  }
  return true;
}

/* The reads that have waited wait_ms for l's batch to come back: answered
 * 503 as a request that waits that long for a worker is. Oldest first, so
 * the first young one ends the walk. */
static void expire_waiting(struct pipeline *p, struct link *l, struct outcomes *out)
{
  while (l->wait_head != NULL && out->n < OUTCOMES_PER_PASS &&
         clock_seconds_since(&l->wait_head->queued) * 1000.0 >= (double)p->opts.wait_ms)
    add_outcome(l, out, pop(&l->wait_head, &l->wait_tail), EXPIRED, NULL, NULL);
}

/* Closes l (locked): its reads, out or waiting, are sent again elsewhere,
 * as many as out takes (the caller loops). */
static void close_link(struct pipeline *p, struct link *l, struct outcomes *out)
{
  atomic_store(&l->up, false);
  if (l->conn != NULL) {
    watch(p, l, EPOLL_CTL_DEL, false);
    PQfinish(l->conn);
    l->conn = NULL;
    l->writing = false;
    l->batch_out = false;
    atomic_store_explicit(&l->out_since_ns, 0, memory_order_relaxed);
    PQclear(l->head_res);
    l->head_res = NULL;
    l->stage = AWAIT_RESULT;
    clock_gettime(CLOCK_MONOTONIC, &l->down_at);
  }
  while (l->head != NULL && out->n < OUTCOMES_PER_PASS)
    add_outcome(l, out, pop(&l->head, &l->tail), RETRY, NULL, NULL);
  while (l->wait_head != NULL && out->n < OUTCOMES_PER_PASS)
    add_outcome(l, out, pop(&l->wait_head, &l->wait_tail), RETRY, NULL, NULL);
  if (l->head == NULL && l->wait_head == NULL)
    l->broken = false;
}

/* Hands the outcomes back, outside every lock (a callback may resume a
 * request whose thread then frees it: r is not touched after it). A read to
 * send again goes to a connection that is up, RETRIES times at most, else
 * back to the caller. */
static void deliver(struct pipeline *p, struct outcomes *out)
{
  for (size_t i = 0; i < out->n; i++) {
    struct outcome *o = &out->item[i];
    struct pipeline_read *r = o->r;
    if (o->kind == RETRY && r->tries < RETRIES && !atomic_load(&p->stopping)) {
      r->tries++;
      if (pipeline_submit(p, r))
        continue;
    }
    if (o->kind == RETRY || o->kind == EXPIRED)
      r->returned(r, o->kind == EXPIRED);
    else
      r->done(r, o->res, o->kind == ANSWERED ? NULL : &o->error);
    if (o->owns_res)
      PQclear(o->res);
  }
  out->n = 0;
}

/* Passes over l after epoll reported events on it (or a doorbell, or a
 * tick), until a pass leaves out short of full. */
static void service(struct pipeline *p, struct link *l, uint32_t events, struct outcomes *out)
{
  bool full;
  do {
    pthread_mutex_lock(&l->lock);
    bool broken = l->broken;
    if (l->conn != NULL && !broken) {
      if ((events & EPOLLOUT) != 0) {
        int unsent = PQflush(l->conn);
        if (unsent == 0 && l->writing) {
          l->writing = false;
          watch(p, l, EPOLL_CTL_MOD, false);
        }
        broken = unsent < 0;
      }
      if (!broken && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0)
        broken = PQconsumeInput(l->conn) == 0 || PQstatus(l->conn) != CONNECTION_OK;
      if (!broken)
        broken = !collect(p, l, out);
      expire_waiting(p, l, out);
    }
    if (broken) {
      if (l->conn != NULL)
        log_msg(LOG_WARN, "pipeline: a connection broke (%s); opening it again",
                PQerrorMessage(l->conn));
      l->broken = true;
      close_link(p, l, out);
    }
    full = out->n + GROUP_MAX > OUTCOMES_PER_PASS;
    pthread_mutex_unlock(&l->lock);
    deliver(p, out);
    events = 0; /* what the socket had is in libpq's buffer now */
  } while (full);
}

/* How long the reader may sleep: until the oldest waiting read expires,
 * a second at most (reconnects). */
static int sleep_ms(struct pipeline *p)
{
  double ms = 1000.0;
  for (unsigned i = 0; i < p->count; i++) {
    struct link *l = &p->links[i];
    pthread_mutex_lock(&l->lock);
    if (l->wait_head != NULL) {
      double left = (double)p->opts.wait_ms - clock_seconds_since(&l->wait_head->queued) * 1000.0;
      if (left < ms)
        ms = left;
    }
    pthread_mutex_unlock(&l->lock);
  }
  return ms <= 0.0 ? 0 : (int)ms + 1;
}

/* "saywho-pipeline <pid>" in pg_stat_activity: which process's these are. */
static bool name_connection(PGconn *conn)
{
  char sql[96];
  snprintf(sql, sizeof sql, "SET application_name = 'saywho-pipeline %ld'", (long)getpid());
  PGresult *res = PQexec(conn, sql);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}

/* Opens l when it is down and its second has passed. */
static void open_link(struct pipeline *p, struct link *l)
{
  pthread_mutex_lock(&l->lock);
  bool due = l->conn == NULL && !l->closed && clock_seconds_since(&l->down_at) >= RECONNECT_SECONDS;
  pthread_mutex_unlock(&l->lock);
  if (!due)
    return;
  char err[256];
  PGconn *conn = db_connect_session(&p->opts, err, sizeof err);
  if (conn != NULL && (!name_connection(conn) || PQsetnonblocking(conn, 1) != 0 ||
                       PQenterPipelineMode(conn) != 1)) {
    snprintf(err, sizeof err, "cannot set the connection up: %s", PQerrorMessage(conn));
    PQfinish(conn);
    conn = NULL;
  }
  pthread_mutex_lock(&l->lock);
  if (conn == NULL) {
    clock_gettime(CLOCK_MONOTONIC, &l->down_at);
    if (!l->said_down) /* once per outage: the readiness probe tells the rest */
      log_msg(LOG_WARN, "pipeline: no connection (%s); reads go to the workers meanwhile", err);
    l->said_down = true;
  } else {
    l->conn = conn;
    l->fd = PQsocket(conn);
    l->said_down = false;
    watch(p, l, EPOLL_CTL_ADD, false);
    atomic_store(&l->up, true);
  }
  pthread_mutex_unlock(&l->lock);
}

static void *run_reader(void *arg)
{
  struct pipeline *p = arg;
  struct outcomes *out = malloc(sizeof *out);
  if (out == NULL) {
    log_msg(LOG_ERROR, "pipeline: out of memory; reads go to the workers");
    return NULL;
  }
  out->n = 0;
  while (!atomic_load(&p->stopping)) {
    for (unsigned i = 0; i < p->count; i++)
      open_link(p, &p->links[i]);
    struct epoll_event ev[EVENTS_PER_WAIT];
    int wait = sleep_ms(p);
    int n = wait == 0 ? 0 : epoll_wait(p->epfd, ev, EVENTS_PER_WAIT, wait);
    if (n == 0) /* reads that waited too long, even while other links keep us busy */
      for (unsigned k = 0; k < p->count; k++)
        service(p, &p->links[k], 0, out);
    for (int i = 0; i < n; i++) {
      if (ev[i].data.ptr != NULL) {
        service(p, ev[i].data.ptr, ev[i].events, out);
        continue;
      }
      uint64_t rings;
      if (read(p->wakefd, &rings, sizeof rings) < 0 && errno != EAGAIN) {
        char buf[128];
        log_msg(LOG_WARN, "pipeline: doorbell: %s", why(errno, buf));
      }
      for (unsigned k = 0; k < p->count; k++) /* a broken link, or more outcomes than a pass */
        service(p, &p->links[k], 0, out);
    }
  }
  for (unsigned i = 0; i < p->count; i++) {
    struct link *l = &p->links[i];
    bool more = true;
    while (more) {
      pthread_mutex_lock(&l->lock);
      l->closed = true;
      close_link(p, l, out);
      more = l->head != NULL || l->wait_head != NULL;
      pthread_mutex_unlock(&l->lock);
      deliver(p, out);
    }
  }
  free(out);
  return NULL;
}

struct pipeline *pipeline_start(const struct db_pool_options *opts, unsigned conns,
                                unsigned stuck_ms, char *err, size_t errlen)
{
  struct pipeline *p = calloc(1, sizeof *p);
  struct link *links = calloc(conns, sizeof *links);
  if (p == NULL || links == NULL || conns == 0) {
    snprintf(err, errlen, "out of memory");
    free(p);
    free(links);
    return NULL;
  }
  p->opts = *opts;
  p->stuck_ms = stuck_ms;
  p->count = conns;
  p->links = links;
  p->epfd = epoll_create1(EPOLL_CLOEXEC);
  p->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  struct epoll_event bell = {.events = EPOLLIN, .data.ptr = NULL};
  bool ok = p->epfd >= 0 && p->wakefd >= 0 &&
            epoll_ctl(p->epfd, EPOLL_CTL_ADD, p->wakefd, &bell) == 0;
  for (unsigned i = 0; i < conns; i++) /* down_at zero: each is due at once */
    pthread_mutex_init(&links[i].lock, NULL);
  int rc = ok ? pthread_create(&p->thread, NULL, run_reader, p) : errno;
  if (rc != 0) {
    char buf[128];
    snprintf(err, errlen, "cannot start the pipeline's reader: %s", why(rc, buf));
    for (unsigned i = 0; i < conns; i++)
      pthread_mutex_destroy(&links[i].lock);
    if (p->epfd >= 0)
      close(p->epfd);
    if (p->wakefd >= 0)
      close(p->wakefd);
    free(links);
    free(p);
    return NULL;
  }
  return p;
}

void pipeline_stop(struct pipeline *p)
{
  atomic_store(&p->stopping, true);
  ring(p);
  pthread_join(p->thread, NULL);
}

void pipeline_free(struct pipeline *p)
{
  if (p == NULL)
    return;
  for (unsigned i = 0; i < p->count; i++)
    pthread_mutex_destroy(&p->links[i].lock);
  close(p->epfd);
  close(p->wakefd);
  free(p->links);
  free(p);
}
