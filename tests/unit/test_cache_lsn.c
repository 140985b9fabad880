/* test_cache_lsn.c - the response cache's WAL positions (server/cache.c): a
 * replica's answer older than the last flush is not kept, and a read that asks
 * for a position is only answered by an entry at or past it. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

static struct cache *c;

static void setup(void)
{
  c = cache_create((size_t)1 << 20);
  cr_assert_not_null(c);
  cache_set_enabled(c, true);
}

static void teardown(void)
{
  cache_free(c);
}

/* A 200 with body text (the response owns a copy). */
static void answer(struct response *r, const char *text)
{
  memset(r, 0, sizeof *r);
  char *body = strdup(text);
  cr_assert_not_null(body);
  response_set_body(r, 200, "application/json", body, strlen(text));
}

static void put(const char *key, uint64_t lsn, bool replica, const char *text)
{
  struct response r;
  answer(&r, text);
  cache_put(c, key, cache_generation(c), lsn, replica, &r);
  response_clear(&r);
}

static bool hit(const char *key, uint64_t min_lsn)
{
  struct response r = {0};
  bool found = cache_get(c, key, min_lsn, &r);
  response_clear(&r);
  return found;
}

Test(cache_lsn, a_replica_answer_older_than_the_last_flush_is_not_kept, .init = setup,
     .fini = teardown)
{
  put("/a", 100, true, "{}");
  cr_expect(hit("/a", 0), "before any flush a replica answer is kept");
  cache_flush_at(c, 500); /* a write the primary had logged by 500 */
  cr_expect_not(hit("/a", 0), "the flush dropped it");
  put("/a", 499, true, "{\"stale\": true}");
  cr_expect_not(hit("/a", 0), "a replica answer from before the write was kept");
  put("/a", 500, true, "{}");
  cr_expect(hit("/a", 0), "a replica answer that has the write is kept");
  put("/b", 10, false, "{}");
  cr_expect(hit("/b", 0), "an answer from the primary is kept whatever its position");
  cache_flush_at(c, 300); /* an older position never lowers the bar */
  put("/a", 400, true, "{}");
  cr_expect_not(hit("/a", 0));
}

Test(cache_lsn, a_read_for_a_position_is_answered_only_by_an_entry_at_or_past_it, .init = setup,
     .fini = teardown)
{
  put("/a", 700, true, "{}");
  cr_expect(hit("/a", 0));
  cr_expect(hit("/a", 700));
  cr_expect_not(hit("/a", 701), "an entry short of Saywho-Min-LSN answered it");
  put("/static", UINT64_MAX, false, "{}"); /* no database: always current */
  cr_expect(hit("/static", UINT64_MAX - 1));
}

Test(cache_lsn, the_primary_position_seen_only_grows, .init = setup, .fini = teardown)
{
  cr_expect_eq(cache_primary_lsn(c), 0);
  cache_note_primary_lsn(c, 40);
  cache_note_primary_lsn(c, 30);
  cr_expect_eq(cache_primary_lsn(c), 40);
  cache_flush_at(c, 90);
  cr_expect_eq(cache_primary_lsn(c), 90, "a flush's position is a primary position seen");
}
