/* invalidator.h - one PostgreSQL connection per process that LISTENs on the
 * cache channel (migrations/007) in its own thread and flushes the cache on
 * every notification. While it cannot listen the cache is off (flushed and
 * disabled) so that nothing stale is served; it reconnects every second. */
#ifndef SAYWHO_INVALIDATOR_H
#define SAYWHO_INVALIDATOR_H

#include <stddef.h>

#include "cache.h"

#define INVALIDATOR_CHANNEL "saywho_cache"

struct invalidator;

/* Starts the listener thread on conninfo; NULL with a message in err when
 * the thread cannot start (an unreachable database is not an error: the
 * cache just stays off until it is reachable). */
struct invalidator *invalidator_start(const char *conninfo, struct cache *cache, char *err,
                                      size_t errlen);

/* Stops the thread (within a poll tick), closes its connection, frees inv. */
void invalidator_stop(struct invalidator *inv);

#endif
