/* invalidator.h - one PostgreSQL connection per process that LISTENs on the
 * cache channel (migrations/007) in its own thread and flushes the cache on
 * every notification. While it cannot listen the cache is off (flushed and
 * disabled) so that nothing stale is served; it reconnects every second.
 *
 * It also makes hits coherent across replicas. A sync is a round trip (an
 * empty query) on the listening connection: PostgreSQL hands a listener every
 * notification of a transaction that committed before the round trip was sent
 * ahead of its answer (the backend is signalled at commit, before the
 * writer's COMMIT returns, and delivers what is pending before ReadyForQuery),
 * so once the answer is in, the cache has dropped whatever those writes made
 * stale. A sync sent at time s makes a lease until s + INVALIDATOR_LEASE_US:
 * a hit looked up before then is answered at once. Every write answered
 * through saywho is held until INVALIDATOR_LEASE_US after its commit
 * (invalidator_hold), so a request that follows a write's answer, on any
 * replica, comes after every lease sent before that commit has ended: it is
 * answered from a sync sent after the commit, or waits for one
 * (invalidator_park). Only durations are compared, each on its own machine's
 * monotonic clock. While hits keep coming the listener renews the lease every
 * half lease, one round trip for all of them; a hit that finds none parks and
 * one round trip serves every hit that waits for it. */
#ifndef SAYWHO_INVALIDATOR_H
#define SAYWHO_INVALIDATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cache.h"

#define INVALIDATOR_CHANNEL "saywho_cache"
#define INVALIDATOR_APPLICATION_NAME "saywho-listener" /* its connection's, in pg_stat_activity */

/* How long a sync keeps hits coherent, and so how long a write's answer is
 * held after its commit: 1 ms, several round trips of a loaded listener. */
#define INVALIDATOR_LEASE_US 1000

/* How long a hit may wait for its sync before it is answered as a miss. */
#define INVALIDATOR_SYNC_WAIT_MS 50

struct invalidator;

/* A request waiting for a sync; intrusive (inside the caller's struct), so
 * parking never allocates. */
struct sync_wait {
  struct sync_wait *next;
  uint64_t need;          /* the sync it waits for (set by invalidator_park) */
  struct timespec parked; /* CLOCK_MONOTONIC (set by invalidator_park) */
  /* Called once on the listener thread: synced is true when a sync sent
   * after invalidator_park() has come back, false when none did within
   * INVALIDATOR_SYNC_WAIT_MS, the connection broke or the invalidator stops.
   * w belongs to the caller again when done is called. */
  void (*done)(struct sync_wait *w, bool synced);
};

/* Tells whether a lease is on now: a hit looked up after this call may be
 * answered at once. Called before the lookup (the lease is set after the
 * flushes it covers). */
bool invalidator_leased(struct invalidator *inv);

/* A hit was answered on the lease: keeps the listener renewing it. */
void invalidator_lease_used(struct invalidator *inv);

/* Starts the listener thread on conninfo; NULL with a message in err when
 * the thread cannot start (an unreachable database is not an error: the
 * cache just stays off until it is reachable). */
struct invalidator *invalidator_start(const char *conninfo, struct cache *cache, char *err,
                                      size_t errlen);

/* Parks w (w->done set by the caller) until the next sync; false, w not
 * parked, when the invalidator is not listening. */
bool invalidator_park(struct invalidator *inv, struct sync_wait *w);

/* Holds w, a write's answer, until INVALIDATOR_LEASE_US after now, then
 * calls w->done(w, true) on the listener thread. False, w not held, when the
 * invalidator is not listening: the caller waits with invalidator_outwait()
 * instead. */
bool invalidator_hold(struct invalidator *inv, struct sync_wait *w);

/* Sleeps INVALIDATOR_LEASE_US: a write's wait where nothing can hold it. */
void invalidator_outwait(void);

/* Stops the thread (within a poll tick), answers every parked request
 * (synced false), closes its connection, frees inv. */
void invalidator_stop(struct invalidator *inv);

#endif
