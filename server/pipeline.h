/* pipeline.h - hot reads pipelined on a few PostgreSQL connections of their
 * own (libpq's pipeline mode), without a worker thread.
 *
 * The I/O thread that has a request appends its query (Bind, Execute) to a
 * connection's stream; one reader thread takes every connection's answers,
 * in order, and hands each to its request. A connection runs one batch at a
 * time: the reads that arrive while a batch runs go out together, behind one
 * Sync, when its answers are in. So a backend reads many queries per wake-up,
 * commits and sends once per batch, and the reader takes many answers per
 * epoll_wait, where a pooled worker costs each request a thread hand-off and
 * a round trip of its own. Reads that wait together for the same resource
 * go out as one query for all their ids (pipeline_read.many): one executor
 * start-up for tens of statements. A query that fails (a statement timeout, say)
 * fails its request; the later ones of its batch, aborted by PostgreSQL, are
 * sent again.
 *
 * A broken connection is opened again a second later; the reads it carried
 * go to another connection, or back to the caller. While no connection is
 * up, pipeline_submit() refuses and the caller takes its worker path. The
 * connections are named "saywho-pipeline <pid>" in pg_stat_activity. */
#ifndef SAYWHO_PIPELINE_H
#define SAYWHO_PIPELINE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "db.h"
#include "store.h"

/* A request's read; intrusive (inside the caller's struct), so submitting
 * never allocates. */
struct pipeline_read {
  struct pipeline_read *next;
  const struct store_query *q;
  const char *const *params; /* q->nparams texts; read only during pipeline_submit() */
  /* q for many reads at once ($1: a bigint[] of their params[0]), whose
   * result done() takes as well, or NULL: reads with the same many that wait
   * together go out as one query. */
  const struct store_query *many;
  /* Called once on the reader thread: res is the query's successful result
   * (PQclear()ed after done returns), or NULL with failed filled. r belongs
   * to the caller again when done is called. */
  void (*done)(struct pipeline_read *r, const PGresult *res, const struct store_error *failed);
  /* Called instead of done, on the reader thread, when the pipeline gives r
   * back unanswered: busy, it waited the options' wait_ms behind its
   * connection's batch and was never sent (answer 503, as a request that
   * waits that long for a worker); not busy, its connection broke and no
   * other took it (run it another way: reads are safe to run again). */
  void (*returned)(struct pipeline_read *r, bool busy);
  unsigned tries;          /* the pipeline's: zero it before the first pipeline_submit() */
  unsigned group;          /* the pipeline's: reads answered by the query sent with this one */
  struct timespec queued;  /* the pipeline's */
};

struct pipeline;

/* Starts the reader thread with conns connections set up as opts says
 * (opened by that thread: an unreachable database is not an error here).
 * A batch out for stuck_ms takes no more reads (a lock, a slow query: they
 * go to another connection, or back to the caller). NULL with a message in
 * err when the thread cannot start. */
struct pipeline *pipeline_start(const struct db_pool_options *opts, unsigned conns,
                                unsigned stuck_ms, char *err, size_t errlen);

/* Sends r's query on the next connection that is up; false, r untouched,
 * when none is (or the pipeline stops). */
bool pipeline_submit(struct pipeline *p, struct pipeline_read *r);

/* Stops the thread, fails every read still waiting (503), closes the
 * connections; pipeline_submit() refuses from then on. p stays valid until
 * pipeline_free(). */
void pipeline_stop(struct pipeline *p);

/* Frees a stopped p; NULL is a no-op. */
void pipeline_free(struct pipeline *p);

#endif
