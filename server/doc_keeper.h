/* doc_keeper.h - keeps in the database the articles that reads rendered from
 * their rows (article_docs, migrations/015_article_docs.sql), so that the
 * next read of each is one row; on a thread and a connection of its own, so
 * no request waits for it.
 *
 * An offer carries the stamp its rows came with (the doc's gen and the
 * speakers' names version); PostgreSQL keeps it only while that gen is the
 * current one, so a late or repeated offer is harmless. Bounded in bytes: an
 * offer that does not fit is dropped, and the article's next read offers it
 * again. */
#ifndef SAYWHO_DOC_KEEPER_H
#define SAYWHO_DOC_KEEPER_H

#include <libpq-fe.h>
#include <stddef.h>

#include "db.h"
#include "metrics.h"

struct doc_keeper;

/* Starts the thread, with one connection as opts says (size and wait are
 * its own) and at most max_bytes of renderings waiting; what becomes of
 * each offer is counted in metrics. NULL with a message in err when it
 * cannot start. */
struct doc_keeper *doc_keeper_start(const struct db_pool_options *opts, size_t max_bytes,
                                    struct metrics *metrics, char *err, size_t errlen);

/* Offers json (len bytes), article id's rendering from res, when res holds
 * the rows it was rendered from (not its kept copy). NULL k is a no-op. */
void doc_keeper_offer(struct doc_keeper *k, const PGresult *res, long long id, const char *json,
                      size_t len);

/* Drops what waits (counted dropped), lets the write under way finish,
 * stops the thread, closes the connection; NULL is a no-op. */
void doc_keeper_stop(struct doc_keeper *k);

#endif
