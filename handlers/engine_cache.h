/* engine_cache.h - the text engine's compiled roster, shared by every worker thread.
 *
 * One roster per version of the speakers table (speakers_state.version, which
 * moves when a speaker write commits). engine_cache_acquire() checks the
 * version (one primary-key read), rebuilds the roster from every speaker when
 * it moved, and hands out a counted reference: a rebuild swaps the current
 * roster under the mutex, and the old one is freed only when its last user
 * releases it, so no extraction ever reads a freed roster. The roster itself
 * is read-only and used without any lock.
 */
#ifndef SAYWHO_ENGINE_CACHE_H
#define SAYWHO_ENGINE_CACHE_H

#include <libpq-fe.h>

#include "../store/articles.h"
#include "extract.h"
#include "roster.h"
#include "store.h"

struct engine_cache;
struct engine_ref; /* one user's hold on a roster */

/* NULL when out of memory. Free after every reference has been released. */
struct engine_cache *engine_cache_create(void);
void engine_cache_free(struct engine_cache *c);

/* A reference to the roster of the speakers table as conn sees it now.
 * Returns 0 and sets *ref (release it with engine_cache_release), or -1 with e. */
__attribute__((warn_unused_result)) int engine_cache_acquire(struct engine_cache *c, PGconn *conn,
                                                             struct engine_ref **ref,
                                                             struct store_error *e);

/* The roster held by ref; valid until ref is released. */
const struct roster *engine_ref_roster(const struct engine_ref *ref);

/* Gives the reference back; NULL is fine. */
void engine_cache_release(struct engine_cache *c, struct engine_ref *ref);

/* What the engine found in a body, in the store's terms (store/articles.h). */
struct extraction {
  struct found_article found;
  /* private: what found points into */
  struct found_statement *statements;
  const char **sections;
  const char **quotes;
  char *arena;
  struct extract_result result; /* the mentions arrays live here */
};

/* Runs the engine over body[0..len) (a stored body: normalised, valid UTF-8)
 * with the roster of the speakers table as conn sees it. Returns 0 and fills
 * *x (free it with extraction_free), or -1 with e (STORE_INVALID when the
 * engine refuses the body: too large, or "article too complex": more
 * sentences or headings than its caps, or more work than its budget). */
__attribute__((warn_unused_result)) int engine_extract(struct engine_cache *c, PGconn *conn,
                                                       const char *body, size_t len,
                                                       struct extraction *x,
                                                       struct store_error *e);

/* Frees what x holds and zeroes it; a zeroed x is fine. */
void extraction_free(struct extraction *x);

#endif
