/* replica.h - watches the read replica (DATABASE_READ_URL): whether it answers
 * and how far it is behind the primary, checked every REPLICA_CHECK_MS by a
 * thread of its own, over two connections of its own, so that no request
 * pays for the check. Requests read the last result lock-free. */
#ifndef SAYWHO_REPLICA_H
#define SAYWHO_REPLICA_H

#include <stddef.h>
#include <stdint.h>

#include "cache.h"
#include "db.h"

#define REPLICA_CHECK_MS 250

enum replica_state {
  REPLICA_NONE,    /* no DATABASE_READ_URL */
  REPLICA_OK,      /* serves reads */
  REPLICA_LAGGING, /* answers, but further behind than READ_MAX_LAG_BYTES: reads go to the primary */
  REPLICA_DOWN,    /* unreachable, or not a replica: reads go to the primary */
};

struct replica;

/* Starts the monitor of the replica at read_opts->conninfo, measuring lag
 * against the primary at primary_opts->conninfo; both options must outlive
 * it. The state is DOWN until the first check. Every primary position seen
 * goes to cache_note_primary_lsn(cache) (cache may be NULL). NULL with a
 * message in err when the thread cannot start. */
struct replica *replica_start(const struct db_pool_options *primary_opts,
                              const struct db_pool_options *read_opts, uint64_t max_lag_bytes,
                              struct cache *cache, char *err, size_t errlen);

/* Stops the thread (within a tick), closes its connections, frees r. */
void replica_stop(struct replica *r);

/* The last check's result; NONE when r is NULL. */
enum replica_state replica_state(const struct replica *r);
const char *replica_state_name(enum replica_state s); /* "none", "ok", "lagging", "down" */

/* Bytes of WAL the replica was behind the primary at the last check (0 when
 * unknown). */
uint64_t replica_lag_bytes(const struct replica *r);

/* The replica's replay position at the last check, 0 when unknown; it has
 * replayed at least this far now. */
uint64_t replica_replay_lsn(const struct replica *r);

#endif
