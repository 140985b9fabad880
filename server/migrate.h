/* migrate.h - applies the numbered SQL migrations built into the binary. */
#ifndef SAYWHO_MIGRATE_H
#define SAYWHO_MIGRATE_H

#include <libpq-fe.h>
#include <stddef.h>

struct migration {
  int version;     /* the file's number */
  const char *name; /* "001_init" */
  const char *sql;
};

/* In version order; generated from the migrations/ folder at build time. */
extern const struct migration migrations[];
extern const size_t migration_count;

/* Applies every migration not yet recorded in schema_migrations, each in
 * its own transaction under an advisory lock, so replicas starting at once
 * apply each exactly once. *applied counts what this call applied.
 * Returns 0, or -1 with a message in err. */
__attribute__((warn_unused_result)) int migrate_run(PGconn *conn, int *applied, char *err,
                                                    size_t errlen);

#endif
