/* speakers.h - data access for speakers: create, read, update, delete, lists,
 * and resolving a speaker ref (id or slug) to an id.
 *
 * Speakers go out as JSON text built by PostgreSQL; every *json_out is
 * malloc'd on success and the caller frees it with free(). */
#ifndef SAYWHO_STORE_SPEAKERS_H
#define SAYWHO_STORE_SPEAKERS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* Prepared by store_prepare_all(). */
extern const struct store_query speakers_queries[];

#define SLUG_MAX 100 /* bytes, as the schema's CHECK says */
#define SPEAKER_NAME_MAX 200 /* code points of the trimmed name */

/* The id of the speaker that ref names: all digits is an id, anything else a
 * slug. Returns 0, or -1 with e filled (STORE_NOT_FOUND when there is none). */
int speakers_resolve(PGconn *conn, const char *ref, long long *id_out, struct store_error *e)
    __attribute__((warn_unused_result));

/* Whether slug may be given by a client: lowercase ASCII letters and digits in
 * hyphen-separated groups, at most SLUG_MAX bytes, not all digits (it would
 * read as an id) and not "none" (the statements filter's word for narration). */
bool speakers_slug_valid(const char *slug);

/* The slug derived from a name (UTF-8): lowercase ASCII letters and digits,
 * Latin accents folded ("Erdoğan" → "erdogan"), spaces and punctuation
 * between words become one hyphen, apostrophes, dots and other characters
 * are dropped. A name that leaves nothing gives "speaker"; one that leaves
 * only digits gets a "speaker-" prefix. out holds at least SLUG_MAX + 1 bytes. */
void speakers_derive_slug(const char *name, char *out);

/* What POST /speakers and PATCH /speakers/{ref} set. For create, NULL means
 * "not given"; for update, NULL name/slug/aliases mean "unchanged" and
 * set_title/set_country say whether title/country (NULL = clear) change. */
struct speaker_fields {
  const char *name;
  const char *slug;         /* for create: NULL derives one from the name */
  const char *aliases_json; /* a JSON array of strings, or NULL */
  const char *title;
  const char *country;
  bool set_title;
  bool set_country;
};

/* Creates a speaker. A given slug that is taken is STORE_CONFLICT; a derived
 * one that clashes takes the first free "-2", "-3", ... suffix. On success
 * *json_out is the speaker and *id_out its id. */
int speakers_create(PGconn *conn, const struct speaker_fields *f, char **json_out,
                    long long *id_out, struct store_error *e) __attribute__((warn_unused_result));

/* Locks speaker id's row until the transaction ends (FOR UPDATE);
 * STORE_NOT_FOUND when absent. */
int speakers_lock(PGconn *conn, long long id, struct store_error *e)
    __attribute__((warn_unused_result));

/* The speaker id as JSON; STORE_NOT_FOUND when absent. */
int speakers_get(PGconn *conn, long long id, char **json_out, struct store_error *e)
    __attribute__((warn_unused_result));

/* Applies f to speaker id (updated_at moves); a slug taken by another speaker
 * is STORE_CONFLICT. On success *json_out is the updated speaker. */
int speakers_update(PGconn *conn, long long id, const struct speaker_fields *f, char **json_out,
                    struct store_error *e) __attribute__((warn_unused_result));

/* Deletes speaker id. Their statements stay, with speaker and attribution
 * cleared, and each gets an attribution-history entry by actor; all in one
 * statement, so in one transaction. STORE_NOT_FOUND when absent. */
int speakers_delete(PGconn *conn, long long id, const char *actor, struct store_error *e)
    __attribute__((warn_unused_result));

/* One page of speakers in id order, after id after_id (0 = from the start),
 * whose name or an alias contains q case-insensitively (q NULL = all).
 * *items_json is a JSON array text; *last_id is the id of its last item when
 * another page follows, else 0. */
int speakers_list(PGconn *conn, long long after_id, const char *q, int limit, char **items_json,
                  long long *last_id, struct store_error *e) __attribute__((warn_unused_result));

/* Speaker id's statements by month (YYYY-MM, chronological, undated as null
 * last), by section and by cue (most first, null for none, 100 at most each)
 * and the 10 speakers their statements mention most, as JSON, from the counts
 * the triggers of migration 004 keep. STORE_NOT_FOUND when absent. */
int speakers_stats(PGconn *conn, long long id, char **json_out, struct store_error *e)
    __attribute__((warn_unused_result));

/* The engine's view of the speakers table: its version and every speaker. */
struct speaker_row {
  long long id;
  char *name;
  char **aliases;
  size_t alias_count;
};

/* The current speakers version (cheap: one row by primary key). */
int speakers_state_version(PGconn *conn, long long *version_out, struct store_error *e);

/* Every speaker with its aliases and the version they belong to (one
 * snapshot). Free with speaker_rows_free(). */
int speakers_load_all(PGconn *conn, long long *version_out, struct speaker_row **rows_out,
                      size_t *count_out, struct store_error *e);
void speaker_rows_free(struct speaker_row *rows, size_t count);

#endif
