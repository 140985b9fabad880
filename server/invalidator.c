/* invalidator.c - LISTEN on the cache channel; every NOTIFY flushes the cache at the
 * primary's WAL position; sync round trips on the same connection make the leases
 * hits are answered on and release the hits parked on them; writes' answers are
 * held here until a lease has passed. */
#include "invalidator.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "store.h"

#define TICK_MS 200      /* how soon a stop request is seen */
#define LEASE_NS ((uint64_t)INVALIDATOR_LEASE_US * 1000u)
#define SYNC_WAIT_NS ((uint64_t)INVALIDATOR_SYNC_WAIT_MS * 1000000u)
#define RETRY_TICKS 5    /* a second between reconnection attempts */

struct invalidator {
  pthread_t thread;
  const char *conninfo; /* the configuration's; outlives the thread */
  struct cache *cache;
  atomic_bool stop;
  int wake_fd;          /* eventfd: a hit was parked while no sync was in flight */
  pthread_mutex_t lock; /* guards what follows */
  bool listening;       /* parking allowed: LISTEN done, connection up */
  bool in_flight;       /* a sync is sent and its answer not yet read */
  bool wake_pending;    /* wake_fd written since the thread last looked */
  uint64_t started;     /* syncs sent; a request parked now needs started + 1 */
  bool flush_due;       /* notified while a sync was in flight: flush at the primary's position
                         * when its answer is in (the listener thread's alone) */
  struct sync_wait *head, *tail; /* parked, in order: need never decreases */
  struct sync_wait *held_head, *held_tail; /* writes' answers, in holding order */
  uint64_t sent_ns;     /* when the last sync was sent (the listener thread's) */
  /* CLOCK_MONOTONIC ns: a hit looked up before it needs no sync of its own
   * (0: none). Stored after the flushes of the sync that made it. */
  atomic_uint_fast64_t lease_end;
  atomic_bool lease_used; /* a hit was answered on the lease since the last sync was sent */
};

/* A connection that listens, or NULL. */
static PGconn *listen_connect(const char *conninfo)
{
  PGconn *conn = PQconnectdb(conninfo);
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return NULL;
  }
  /* Named, so that an operator (or a test) can tell it from the pool's. */
  PGresult *res = PQexec(conn, "SET application_name = '" INVALIDATOR_APPLICATION_NAME "'; "
                               "LISTEN " INVALIDATOR_CHANNEL);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  char err[256];
  if (!ok || store_prepare_core(conn, err, sizeof err) != 0) {
    PQfinish(conn);
    return NULL;
  }
  return conn;
}

/* Takes off the list the parked requests that are due: those a sync up to
 * synced_up_to serves, those parked INVALIDATOR_SYNC_WAIT_MS before now (when
 * given), or all. A prefix: the list is in parking order. Called locked. */
static struct sync_wait *take_prefix(struct invalidator *inv, uint64_t synced_up_to,
                                     const struct timespec *now, bool all)
{
  struct sync_wait *out = NULL, **tail = &out;
  while (inv->head != NULL &&
         (all || inv->head->need <= synced_up_to ||
          (now != NULL && clock_ms_between(&inv->head->parked, now) >= INVALIDATOR_SYNC_WAIT_MS))) {
    struct sync_wait *w = inv->head;
    inv->head = w->next;
    w->next = NULL;
    *tail = w;
    tail = &w->next;
  }
  if (inv->head == NULL)
    inv->tail = NULL;
  return out;
}

/* Takes off the list the held answers whose lease has passed by now_ns, or
 * all. A prefix: they were held in order. Called locked. */
static struct sync_wait *take_held(struct invalidator *inv, uint64_t now_ns, bool all)
{
  struct sync_wait *out = inv->held_head, **tail = &out;
  while (*tail != NULL && (all || clock_ns(&(*tail)->parked) + LEASE_NS <= now_ns))
    tail = &(*tail)->next;
  inv->held_head = *tail;
  *tail = NULL;
  if (inv->held_head == NULL)
    inv->held_tail = NULL;
  return out;
}

/* Calls done on each of a taken list, unlocked (done resumes connections). */
static unsigned long long release(struct sync_wait *w, bool synced)
{
  unsigned long long n = 0;
  while (w != NULL) {
    struct sync_wait *next = w->next;
    w->done(w, synced);
    w = next;
    n++;
  }
  return n;
}

/* Answers every parked request unsynced, and the held answers once their
 * lease has passed (at most INVALIDATOR_LEASE_US from now); stops parking
 * and holding. */
static void release_all(struct invalidator *inv)
{
  atomic_store(&inv->lease_end, 0);
  pthread_mutex_lock(&inv->lock);
  inv->listening = false;
  inv->in_flight = false;
  struct sync_wait *all = take_prefix(inv, 0, NULL, true);
  struct sync_wait *held = take_held(inv, 0, true);
  pthread_mutex_unlock(&inv->lock);
  cache_count_syncs(inv->cache, 0, release(all, false));
  if (held != NULL) {
    struct timespec until = {0};
    for (const struct sync_wait *w = held; w != NULL; w = w->next)
      until = w->parked; /* the last held: the latest */
    until.tv_nsec += INVALIDATOR_LEASE_US * 1000L;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
      ;
    release(held, true);
  }
}

/* Whether any notification was waiting; frees them all. */
static bool drain_notifications(PGconn *conn)
{
  bool any = false;
  PGnotify *note;
  while ((note = PQnotifies(conn)) != NULL) {
    any = true;
    PQfreemem(note);
  }
  return any;
}

/* Flushes at the primary's WAL position read now, past the commits of the
 * notifications seen (cache.h: replica answers from before it are not kept);
 * notifications that arrive during that query make another round. Runs only
 * while no sync is in flight on conn. -1 when the connection broke. */
static int flush_at_primary_position(struct invalidator *inv, PGconn *conn)
{
  inv->flush_due = false;
  do {
    uint64_t lsn = 0;
    struct store_error e;
    if (store_wal_lsn(conn, &lsn, &e) != 0)
      return -1;
    cache_flush_at(inv->cache, lsn);
  } while (drain_notifications(conn));
  return 0;
}

/* Reads what the connection has: notifications (flushed once for a burst,
 * each is a full flush anyway) and the answer of the sync in flight, if it
 * is complete. Sets *synced when it is. -1 when the connection broke. */
static int read_input(struct invalidator *inv, PGconn *conn, bool in_flight, bool *synced)
{
  if (PQconsumeInput(conn) == 0)
    return -1;
  while (in_flight && !*synced && !PQisBusy(conn)) {
    PGresult *res = PQgetResult(conn);
    if (res == NULL) {
      *synced = true;
      break;
    }
    bool ok = PQresultStatus(res) == PGRES_EMPTY_QUERY;
    PQclear(res);
    if (!ok)
      return -1;
  }
  /* After the answer is parsed: every notification that came before it is
   * in libpq's list now. */
  bool any = drain_notifications(conn);
  if (any && in_flight && !*synced) {
    /* The sync's answer is still to come, and no query can run before it:
     * drop the entries now, and flush again at the primary's position once
     * the answer is in, before any parked hit is released. */
    cache_flush(inv->cache);
    inv->flush_due = true;
    return 0;
  }
  if (any || inv->flush_due)
    return flush_at_primary_position(inv, conn);
  return 0;
}

/* Nanoseconds from now to due, 0 when due has come. */
static uint64_t ns_until(uint64_t due, uint64_t now)
{
  return due > now ? due - now : 0;
}

/* Decides, locked, whether a sync is to be sent now (for parked hits, or to
 * renew the lease hits are using, every half lease) and how long to sleep. */
static bool plan_round(struct invalidator *inv, uint64_t now, uint64_t *sleep_ns)
{
  *sleep_ns = (uint64_t)TICK_MS * 1000000u;
  inv->wake_pending = false;
  bool renew = atomic_load(&inv->lease_used);
  uint64_t renew_at = inv->sent_ns + LEASE_NS / 2;
  bool send = !inv->in_flight && (inv->head != NULL || (renew && now >= renew_at));
  if (send) {
    inv->started++;
    inv->in_flight = true;
  } else if (!inv->in_flight && renew && ns_until(renew_at, now) < *sleep_ns) {
    *sleep_ns = ns_until(renew_at, now);
  }
  if (inv->head != NULL) {
    uint64_t left = ns_until(clock_ns(&inv->head->parked) + SYNC_WAIT_NS, now);
    *sleep_ns = left < *sleep_ns ? left : *sleep_ns;
  }
  if (inv->held_head != NULL) {
    uint64_t left = ns_until(clock_ns(&inv->held_head->parked) + LEASE_NS, now);
    *sleep_ns = left < *sleep_ns ? left : *sleep_ns;
  }
  return send;
}

/* Waits for notifications and runs syncs until the connection breaks or a
 * stop; 0 on stop. */
static int serve_notifications(struct invalidator *inv, PGconn *conn)
{
  struct pollfd pfd[2] = {{.fd = PQsocket(conn), .events = POLLIN},
                          {.fd = inv->wake_fd, .events = POLLIN}};
  while (!atomic_load(&inv->stop)) {
    uint64_t now = clock_now_ns(), sleep_ns = 0;
    pthread_mutex_lock(&inv->lock);
    bool send = plan_round(inv, now, &sleep_ns);
    bool in_flight = inv->in_flight;
    pthread_mutex_unlock(&inv->lock);
    /* Sent after started moved: a request that read the old value waits
     * for this one, which leaves only now, after it was parked. And timed
     * before it is sent: its lease ends a lease after this moment. */
    /* An empty query: the backend parses nothing and answers EmptyQueryResponse
     * and ReadyForQuery, with the pending notifications ahead of them as for
     * any query (PostgresMain delivers them before ReadyForQuery), at a third
     * of SELECT 1's backend CPU. */
    if (send) {
      atomic_store(&inv->lease_used, false);
      inv->sent_ns = now;
      if (PQsendQuery(conn, "") == 0)
        return -1;
    }
    struct timespec wait = {.tv_sec = (time_t)(sleep_ns / 1000000000u),
                            .tv_nsec = (long)(sleep_ns % 1000000000u)};
    int n = ppoll(pfd, 2, &wait, NULL);
    if (n < 0 && errno != EINTR)
      return -1;
    if (n > 0 && (pfd[1].revents & POLLIN) != 0) {
      uint64_t count;
      if (read(inv->wake_fd, &count, sizeof count) < 0 && errno != EAGAIN)
        return -1;
    }
    bool synced = false;
    if (n > 0 && (pfd[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0 &&
        read_input(inv, conn, in_flight, &synced) != 0)
      return -1;
    /* read_input() has flushed for every notification ahead of the answer. */
    if (synced)
      atomic_store_explicit(&inv->lease_end, inv->sent_ns + LEASE_NS, memory_order_release);
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    pthread_mutex_lock(&inv->lock);
    if (synced)
      inv->in_flight = false;
    struct sync_wait *ready = synced ? take_prefix(inv, inv->started, NULL, false) : NULL;
    struct sync_wait *late = take_prefix(inv, 0, &after, false);
    struct sync_wait *held = take_held(inv, clock_ns(&after), false);
    pthread_mutex_unlock(&inv->lock);
    cache_count_syncs(inv->cache, synced ? 1 : 0, 0);
    release(ready, true);
    cache_count_syncs(inv->cache, 0, release(late, false));
    release(held, true);
  }
  return 0;
}

static void *run(void *arg)
{
  struct invalidator *inv = arg;
  bool warned = false;
  while (!atomic_load(&inv->stop)) {
    PGconn *conn = listen_connect(inv->conninfo);
    if (conn != NULL) {
      /* Enabled only now: answers rendered before LISTEN took effect could
       * miss a notification, and the enable flushes them. */
      cache_set_enabled(inv->cache, true);
      pthread_mutex_lock(&inv->lock);
      inv->listening = true;
      pthread_mutex_unlock(&inv->lock);
      log_msg(LOG_INFO, "cache: listening for invalidations on " INVALIDATOR_CHANNEL);
      warned = false;
      int rc = serve_notifications(inv, conn);
      release_all(inv);
      cache_set_enabled(inv->cache, false);
      PQfinish(conn);
      if (rc == 0)
        break;
    }
    if (!warned)
      log_msg(LOG_WARN, "cache: cannot listen for invalidations; cache off until reconnected");
    warned = true;
    for (int i = 0; i < RETRY_TICKS && !atomic_load(&inv->stop); i++)
      nanosleep(&(struct timespec){.tv_nsec = TICK_MS * 1000000L}, NULL);
  }
  return NULL;
}

struct invalidator *invalidator_start(const char *conninfo, struct cache *cache, char *err,
                                      size_t errlen)
{
  struct invalidator *inv = calloc(1, sizeof *inv);
  if (inv == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  inv->conninfo = conninfo;
  inv->cache = cache;
  inv->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inv->wake_fd < 0) {
    snprintf(err, errlen, "cannot create the cache invalidation thread's eventfd");
    free(inv);
    return NULL;
  }
  pthread_mutex_init(&inv->lock, NULL);
  if (pthread_create(&inv->thread, NULL, run, inv) != 0) {
    snprintf(err, errlen, "cannot start the cache invalidation thread");
    pthread_mutex_destroy(&inv->lock);
    close(inv->wake_fd);
    free(inv);
    return NULL;
  }
  return inv;
}

bool invalidator_park(struct invalidator *inv, struct sync_wait *w)
{
  w->next = NULL;
  clock_gettime(CLOCK_MONOTONIC, &w->parked);
  pthread_mutex_lock(&inv->lock);
  if (!inv->listening) {
    pthread_mutex_unlock(&inv->lock);
    return false;
  }
  w->need = inv->started + 1;
  if (inv->tail != NULL)
    inv->tail->next = w;
  else
    inv->head = w;
  inv->tail = w;
  /* A sync in flight starts the next one when it comes back; otherwise the
   * thread may be asleep in poll. */
  bool wake = !inv->in_flight && !inv->wake_pending;
  if (wake)
    inv->wake_pending = true;
  pthread_mutex_unlock(&inv->lock);
  if (wake) {
    uint64_t one = 1;
    /* Full only after 2^64 - 2 writes; EAGAIN then still leaves it readable. */
    (void)!write(inv->wake_fd, &one, sizeof one);
  }
  return true;
}

bool invalidator_leased(struct invalidator *inv)
{
  return clock_now_ns() < atomic_load_explicit(&inv->lease_end, memory_order_acquire);
}

void invalidator_lease_used(struct invalidator *inv)
{
  /* Once per renewal: the flag is cleared when the next sync is sent. */
  if (atomic_load_explicit(&inv->lease_used, memory_order_relaxed) ||
      atomic_exchange(&inv->lease_used, true))
    return;
  uint64_t one = 1;
  (void)!write(inv->wake_fd, &one, sizeof one); /* it may sleep a tick: renew_at is sooner */
}

bool invalidator_hold(struct invalidator *inv, struct sync_wait *w)
{
  w->next = NULL;
  clock_gettime(CLOCK_MONOTONIC, &w->parked);
  pthread_mutex_lock(&inv->lock);
  if (!inv->listening) {
    pthread_mutex_unlock(&inv->lock);
    return false;
  }
  if (inv->held_tail != NULL)
    inv->held_tail->next = w;
  else
    inv->held_head = w;
  inv->held_tail = w;
  bool wake = !inv->wake_pending; /* its sleep may be longer than the lease */
  inv->wake_pending = true;
  pthread_mutex_unlock(&inv->lock);
  if (wake) {
    uint64_t one = 1;
    (void)!write(inv->wake_fd, &one, sizeof one);
  }
  return true;
}

void invalidator_outwait(void)
{
  struct timespec lease = {.tv_nsec = INVALIDATOR_LEASE_US * 1000L};
  while (nanosleep(&lease, &lease) != 0 && errno == EINTR)
    ;
}

void invalidator_stop(struct invalidator *inv)
{
  if (inv == NULL)
    return;
  atomic_store(&inv->stop, true);
  pthread_join(inv->thread, NULL);
  release_all(inv); /* nothing can be parked now; kept for safety */
  pthread_mutex_destroy(&inv->lock);
  close(inv->wake_fd);
  free(inv);
}
