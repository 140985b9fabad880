/* cache.h - rendered GET answers kept in memory, bounded in bytes (LRU).
 *
 * Entries are keyed by the normalised request (path, query, Accept) and hold
 * a copy of the answer (body with its ETag, content type, extra headers); the
 * body is shared with the hits being sent from it (reference-counted), never
 * copied for one. The cache is
 * split into shards, each with its own lock, so that the worker pool and the
 * I/O threads rarely wait for each other.
 *
 * Coherence: every write to the tables answers depend on raises a
 * PostgreSQL NOTIFY (migrations/007); the invalidator (invalidator.h) calls
 * cache_flush() for each one. A generation counter closes the race between a
 * render and a flush: the caller reads cache_generation() before its query
 * and cache_put() drops the answer when a flush came in between. A hit is
 * sent only once the invalidator has synced after the request arrived
 * (invalidator.h, httpd.c), so no replica serves what a committed write made
 * stale.
 *
 * With a read replica (README, Read replicas) an answer can be older than
 * the notification that flushed the cache: the replica may not have replayed
 * the write yet. So a flush carries the primary's WAL position at that time
 * (cache_flush_at) and an answer read from the replica is only kept when the
 * replica had replayed that far before the answer's query. Each entry keeps
 * the WAL position its answer reflects, and a read that asks for a position
 * (Saywho-Min-LSN) is only answered from an entry at or past it. */
#ifndef SAYWHO_CACHE_H
#define SAYWHO_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "response.h"

struct cache;

struct cache_stats {
  unsigned long long hits, misses, evictions, flushes;
  unsigned long long syncs, sync_timeouts; /* invalidator.h: sync round trips, hits not synced in time */
  size_t bytes, entries, capacity;
  bool enabled;
};

/* A cache of at most capacity bytes (keys, bodies and headers counted);
 * capacity 0 gives a cache that is always off. Starts disabled: the
 * invalidator enables it once it listens. NULL on allocation failure. */
struct cache *cache_create(size_t capacity);
void cache_free(struct cache *c);

/* The generation to pass to cache_put(), read before the answer's query. */
uint64_t cache_generation(struct cache *c);

/* Fills resp (status 200) from the entry for key: its body lent (response.h;
 * response_clear or libmicrohttpd's free callback gives it back) with its
 * ETag, copies of its headers; false on a miss (an entry reflecting less than
 * min_lsn is one; 0: any), when disabled, or when the headers cannot be
 * copied. */
bool cache_get(struct cache *c, const char *key, uint64_t min_lsn, struct response *resp);

/* Stores a copy of resp (a 200 with a body) under key unless the cache was
 * flushed or disabled since gen was read, or the answer came from a replica
 * (replica true) whose position lsn, read before the query, is short of the
 * last cache_flush_at(). lsn is what the entry reflects (UINT64_MAX: an
 * answer from no database). Evicts the least recently used entries of the
 * shard to make room; an answer bigger than a shard is not kept. */
void cache_put(struct cache *c, const char *key, uint64_t gen, uint64_t lsn, bool replica,
               const struct response *resp);

/* Drops every entry and moves the generation on. */
void cache_flush(struct cache *c);

/* cache_flush() for a write the primary had logged by WAL position lsn:
 * replica answers from before lsn are no longer kept. */
void cache_flush_at(struct cache *c, uint64_t lsn);

/* The newest WAL position of the primary seen (writes, notifications, the
 * replica monitor): an answer read from the primary after reading this
 * reflects at least it. 0 before any. */
void cache_note_primary_lsn(struct cache *c, uint64_t lsn);
uint64_t cache_primary_lsn(struct cache *c);

/* Turns the cache on or off; off also flushes (the invalidator turns it off
 * while it cannot listen, so that nothing stale is ever served). */
void cache_set_enabled(struct cache *c, bool on);

/* Counts sync round trips and hits that waited too long for one (the
 * invalidator's figures, reported with the cache's). */
void cache_count_syncs(struct cache *c, unsigned long long syncs, unsigned long long timeouts);

void cache_stats(struct cache *c, struct cache_stats *out);

#endif
