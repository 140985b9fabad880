/* invalidator.h - one PostgreSQL connection per process that LISTENs on the
 * cache channel (migrations/007) in its own thread and flushes the cache on
 * every notification. While it cannot listen the cache is off (flushed and
 * disabled) so that nothing stale is served; it reconnects every second.
 *
 * It also makes hits coherent across replicas: a hit is answered only after
 * a sync, a round trip (an empty query) on the listening connection sent after the
 * request arrived, has come back. PostgreSQL hands a listener every
 * notification of a transaction that committed before the round trip ahead
 * of its answer (the backend is signalled at commit, before the writer's
 * COMMIT returns, and delivers what is pending before ReadyForQuery), so the
 * cache has by then dropped whatever a write committed before the request
 * made stale. One round trip serves every hit that waits for it. */
#ifndef SAYWHO_INVALIDATOR_H
#define SAYWHO_INVALIDATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cache.h"

#define INVALIDATOR_CHANNEL "saywho_cache"
#define INVALIDATOR_APPLICATION_NAME "saywho-listener" /* its connection's, in pg_stat_activity */

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

/* Starts the listener thread on conninfo; NULL with a message in err when
 * the thread cannot start (an unreachable database is not an error: the
 * cache just stays off until it is reachable). */
struct invalidator *invalidator_start(const char *conninfo, struct cache *cache, char *err,
                                      size_t errlen);

/* Parks w (w->done set by the caller) until the next sync; false, w not
 * parked, when the invalidator is not listening. */
bool invalidator_park(struct invalidator *inv, struct sync_wait *w);

/* Stops the thread (within a poll tick), answers every parked request
 * (synced false), closes its connection, frees inv. */
void invalidator_stop(struct invalidator *inv);

#endif
