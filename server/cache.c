/* cache.c - sharded, byte-bounded LRU of rendered GET answers. */
#include "cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SHARDS 16           /* locks: enough that 2-8 threads rarely collide */
/* A bucket per this many bytes of a shard's capacity (a power of two, at
 * least MIN_BUCKETS): the smallest answers, a statement's, cost about 800, so
 * chains stay shorter than one entry. 1,024 buckets a shard whatever the size
 * made random statement reads walk chains of 2-3 cold entries per lookup,
 * misses too (cache_get was 2.3 % of their CPU). */
#define BYTES_PER_BUCKET 256
#define MIN_BUCKETS 64
#define ENTRY_OVERHEAD 128  /* struct, header block and allocator slack, counted per entry */

/* An entry's body, shared: the entry holds one reference and every answer
 * being sent from it one more (response.h, lent bodies), so a hit neither
 * copies nor hashes it, and a flush or an eviction frees it only once the
 * last of those answers is sent. Never written after it is made. */
struct shared_body {
  atomic_uint refs;
  size_t len;
  char etag[RESPONSE_ETAG_LEN];
  char data[]; /* len bytes and a NUL */
};

struct entry {
  struct entry *chain;      /* next in the bucket */
  struct entry *prev, *next; /* LRU list: head is the most recent */
  uint64_t hash;
  size_t cost;
  uint64_t lsn;             /* the answer reflects every commit up to this WAL position */
  char *key;
  struct shared_body *body;
  struct response resp;     /* status, content type and owned copies of the headers; no body */
};

struct shard {
  pthread_mutex_t lock;
  struct entry **buckets; /* bucket_mask + 1 of them */
  struct entry *head, *tail;
  size_t bytes, entries;
};

struct cache {
  size_t shard_capacity;
  size_t bucket_mask;
  atomic_uint_fast64_t generation;
  atomic_uint_fast64_t barrier_lsn; /* a replica's answer must reach this to be kept */
  atomic_uint_fast64_t primary_lsn; /* the newest primary WAL position seen */
  atomic_bool enabled;
  atomic_ullong hits, misses, evictions, flushes, syncs, sync_timeouts;
  struct shard shards[SHARDS];
};

static uint64_t hash_key(const char *key)
{
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
    h = (h ^ *p) * 1099511628211ULL;
  return h;
}

static struct shard *shard_of(struct cache *c, uint64_t hash)
{
  return &c->shards[(hash >> 32) % SHARDS];
}

struct cache *cache_create(size_t capacity)
{
  struct cache *c = calloc(1, sizeof *c);
  if (c == NULL)
    return NULL;
  c->shard_capacity = capacity / SHARDS;
  size_t buckets = MIN_BUCKETS;
  while (buckets < c->shard_capacity / BYTES_PER_BUCKET && buckets < ((size_t)1 << 24))
    buckets *= 2;
  c->bucket_mask = buckets - 1;
  for (size_t i = 0; i < SHARDS; i++) {
    c->shards[i].buckets = calloc(buckets, sizeof(struct entry *));
    if (c->shards[i].buckets == NULL) {
      for (size_t j = 0; j < i; j++)
        free(c->shards[j].buckets);
      free(c);
      return NULL;
    }
    pthread_mutex_init(&c->shards[i].lock, NULL);
  }
  return c;
}

static void shared_body_release(void *cls)
{
  struct shared_body *b = cls;
  if (atomic_fetch_sub(&b->refs, 1) == 1)
    free(b);
}

static void entry_free(struct entry *e)
{
  if (e->body != NULL)
    shared_body_release(e->body);
  response_clear(&e->resp);
  free(e->key);
  free(e);
}

static void unlink_lru(struct shard *s, struct entry *e)
{
  if (e->prev != NULL)
    e->prev->next = e->next;
  else
    s->head = e->next;
  if (e->next != NULL)
    e->next->prev = e->prev;
  else
    s->tail = e->prev;
  e->prev = e->next = NULL;
}

static void push_front(struct shard *s, struct entry *e)
{
  e->prev = NULL;
  e->next = s->head;
  if (s->head != NULL)
    s->head->prev = e;
  s->head = e;
  if (s->tail == NULL)
    s->tail = e;
}

static struct entry **bucket_of(const struct cache *c, struct shard *s, uint64_t hash)
{
  return &s->buckets[hash & c->bucket_mask];
}

/* Takes e out of its bucket and the LRU list and frees it. */
static void remove_entry(const struct cache *c, struct shard *s, struct entry *e)
{
  struct entry **p = bucket_of(c, s, e->hash);
  while (*p != e)
    p = &(*p)->chain;
  *p = e->chain;
  unlink_lru(s, e);
  s->bytes -= e->cost;
  s->entries--;
  entry_free(e);
}

/* Frees every entry; empties only the buckets they were in, so that a flush
 * (every write makes one) costs what the shard holds, not its table. */
static void clear_shard(const struct cache *c, struct shard *s)
{
  struct entry *e = s->head;
  while (e != NULL) {
    struct entry *next = e->next;
    *bucket_of(c, s, e->hash) = NULL;
    entry_free(e);
    e = next;
  }
  s->head = s->tail = NULL;
  s->bytes = s->entries = 0;
}

void cache_free(struct cache *c)
{
  if (c == NULL)
    return;
  for (size_t i = 0; i < SHARDS; i++) {
    clear_shard(c, &c->shards[i]);
    pthread_mutex_destroy(&c->shards[i].lock);
    free(c->shards[i].buckets);
  }
  free(c);
}

uint64_t cache_generation(struct cache *c)
{
  return atomic_load(&c->generation);
}

static struct entry *find(const struct cache *c, struct shard *s, const char *key, uint64_t hash)
{
  for (struct entry *e = *bucket_of(c, s, hash); e != NULL; e = e->chain)
    if (e->hash == hash && strcmp(e->key, key) == 0)
      return e;
  return NULL;
}

/* Copies src's headers into dst; false when out of memory. */
static bool copy_headers(struct response *dst, const struct response *src)
{
  for (size_t i = 0; i < src->header_count; i++)
    response_header_text(dst, src->headers[i].name, src->headers[i].value);
  return dst->header_count == src->header_count;
}

/* Raises *v to lsn unless it is already past it. */
static void raise_lsn(atomic_uint_fast64_t *v, uint64_t lsn)
{
  uint_fast64_t cur = atomic_load(v);
  while (cur < lsn && !atomic_compare_exchange_weak(v, &cur, lsn))
    ;
}

void cache_note_primary_lsn(struct cache *c, uint64_t lsn)
{
  raise_lsn(&c->primary_lsn, lsn);
}

uint64_t cache_primary_lsn(struct cache *c)
{
  return atomic_load(&c->primary_lsn);
}

bool cache_get(struct cache *c, const char *key, uint64_t min_lsn, struct response *resp)
{
  if (!atomic_load(&c->enabled))
    return false;
  uint64_t hash = hash_key(key);
  struct shard *s = shard_of(c, hash);
  bool hit = false;
  pthread_mutex_lock(&s->lock);
  struct entry *e = find(c, s, key, hash);
  if (e != NULL && e->lsn >= min_lsn) {
    unlink_lru(s, e);
    push_front(s, e);
    atomic_fetch_add(&e->body->refs, 1); /* given back by the answer (response.h) */
    response_lend_body(resp, e->resp.status, e->resp.content_type, e->body->data, e->body->len,
                       shared_body_release, e->body, e->body->etag);
    hit = copy_headers(resp, &e->resp);
  }
  pthread_mutex_unlock(&s->lock);
  if (!hit)
    response_clear(resp);
  atomic_fetch_add(hit ? &c->hits : &c->misses, 1);
  return hit;
}

static size_t cost_of(const char *key, const struct response *resp)
{
  size_t cost = ENTRY_OVERHEAD + strlen(key) + resp->body_len;
  for (size_t i = 0; i < resp->header_count; i++)
    cost += strlen(resp->headers[i].value);
  return cost;
}

static struct entry *entry_new(const char *key, uint64_t hash, const struct response *resp)
{
  struct entry *e = calloc(1, sizeof *e);
  if (e == NULL)
    return NULL;
  e->hash = hash;
  e->key = strdup(key);
  e->body = malloc(sizeof *e->body + resp->body_len + 1);
  if (e->key == NULL || e->body == NULL) {
    free(e->body);
    e->body = NULL;
    entry_free(e);
    return NULL;
  }
  atomic_init(&e->body->refs, 1);
  e->body->len = resp->body_len;
  memcpy(e->body->data, resp->body, resp->body_len);
  e->body->data[resp->body_len] = '\0';
  response_etag(e->body->data, e->body->len, e->body->etag);
  e->resp.status = resp->status;
  e->resp.content_type = resp->content_type;
  if (!copy_headers(&e->resp, resp)) {
    entry_free(e);
    return NULL;
  }
  e->cost = cost_of(key, resp);
  return e;
}

void cache_put(struct cache *c, const char *key, uint64_t gen, uint64_t lsn, bool replica,
               const struct response *resp)
{
  if (!atomic_load(&c->enabled) || resp->status != 200 || resp->body == NULL)
    return;
  uint64_t hash = hash_key(key);
  if (cost_of(key, resp) > c->shard_capacity)
    return;
  /* Copied outside the lock; the generation is checked under it, and
   * cache_flush() moves the generation before it takes any shard's lock, so
   * an answer rendered before a flush can never land after it. */
  struct entry *e = entry_new(key, hash, resp);
  if (e == NULL)
    return;
  e->lsn = lsn;
  struct shard *s = shard_of(c, hash);
  pthread_mutex_lock(&s->lock);
  /* The barrier is raised before the flush that moves the generation, so
   * an answer rendered after that flush is checked against it here. */
  bool behind = replica && lsn < atomic_load(&c->barrier_lsn);
  if (atomic_load(&c->generation) != gen || !atomic_load(&c->enabled) || behind) {
    pthread_mutex_unlock(&s->lock);
    entry_free(e);
    return;
  }
  struct entry *old = find(c, s, key, hash);
  if (old != NULL)
    remove_entry(c, s, old);
  while (s->tail != NULL && s->bytes + e->cost > c->shard_capacity) {
    remove_entry(c, s, s->tail);
    atomic_fetch_add(&c->evictions, 1);
  }
  e->chain = *bucket_of(c, s, hash);
  *bucket_of(c, s, hash) = e;
  push_front(s, e);
  s->bytes += e->cost;
  s->entries++;
  pthread_mutex_unlock(&s->lock);
}

void cache_flush(struct cache *c)
{
  /* Moved before the shards are cleared, so that an answer rendered before
   * the flush is never put after it; and again after, so that a lookup that
   * read the first move and still found an entry not yet cleared sees the
   * generation change (a parked hit is answered only if the generation it
   * read is still the cache's: httpd.c). */
  atomic_fetch_add(&c->generation, 1);
  atomic_fetch_add(&c->flushes, 1);
  for (size_t i = 0; i < SHARDS; i++) {
    pthread_mutex_lock(&c->shards[i].lock);
    clear_shard(c, &c->shards[i]);
    pthread_mutex_unlock(&c->shards[i].lock);
  }
  atomic_fetch_add(&c->generation, 1);
}

void cache_flush_at(struct cache *c, uint64_t lsn)
{
  raise_lsn(&c->primary_lsn, lsn);
  raise_lsn(&c->barrier_lsn, lsn);
  cache_flush(c);
}

void cache_set_enabled(struct cache *c, bool on)
{
  if (!on)
    atomic_store(&c->enabled, false);
  cache_flush(c);
  if (on && c->shard_capacity > 0)
    atomic_store(&c->enabled, true);
}

void cache_count_syncs(struct cache *c, unsigned long long syncs, unsigned long long timeouts)
{
  if (syncs > 0)
    atomic_fetch_add(&c->syncs, syncs);
  if (timeouts > 0)
    atomic_fetch_add(&c->sync_timeouts, timeouts);
}

void cache_stats(struct cache *c, struct cache_stats *out)
{
  *out = (struct cache_stats){
    .hits = atomic_load(&c->hits),
    .misses = atomic_load(&c->misses),
    .evictions = atomic_load(&c->evictions),
    .flushes = atomic_load(&c->flushes),
    .syncs = atomic_load(&c->syncs),
    .sync_timeouts = atomic_load(&c->sync_timeouts),
    .capacity = c->shard_capacity * SHARDS,
    .enabled = atomic_load(&c->enabled),
  };
  for (size_t i = 0; i < SHARDS; i++) {
    pthread_mutex_lock(&c->shards[i].lock);
    out->bytes += c->shards[i].bytes;
    out->entries += c->shards[i].entries;
    pthread_mutex_unlock(&c->shards[i].lock);
  }
}
