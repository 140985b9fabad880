/* migrate.c - schema migrations under pg_advisory_xact_lock. */
#include "migrate.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant works as long as every replica uses the same one. */
#define MIGRATION_LOCK_KEY "7347385790171432"

static int exec_ok(PGconn *conn, const char *sql, char *err, size_t errlen, const char *what)
{
  PGresult *res = PQexec(conn, sql);
  ExecStatusType st = PQresultStatus(res);
  int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : -1;
  if (rc)
    snprintf(err, errlen, "%s: %s", what, PQerrorMessage(conn));
  PQclear(res);
  return rc;
}

/* Whether version is recorded; -1 on error. Runs inside the locked transaction. */
static int is_applied(PGconn *conn, int version, char *err, size_t errlen)
{
  char v[16];
  snprintf(v, sizeof v, "%d", version);
  const char *params[] = {v};
  PGresult *res = PQexecParams(conn, "SELECT 1 FROM schema_migrations WHERE version = $1", 1,
                               NULL, params, NULL, NULL, 0);
  int rc;
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    snprintf(err, errlen, "reading schema_migrations: %s", PQerrorMessage(conn));
    rc = -1;
  } else {
    rc = PQntuples(res) > 0;
  }
  PQclear(res);
  return rc;
}

static int record(PGconn *conn, const struct migration *m, char *err, size_t errlen)
{
  char v[16];
  snprintf(v, sizeof v, "%d", m->version);
  const char *params[] = {v, m->name};
  PGresult *res = PQexecParams(conn, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                               2, NULL, params, NULL, NULL, 0);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
  if (rc)
    snprintf(err, errlen, "recording migration %s: %s", m->name, PQerrorMessage(conn));
  PQclear(res);
  return rc;
}

/* One migration in one transaction; *done set when it was applied now. */
static int apply_one(PGconn *conn, const struct migration *m, bool *done, char *err,
                     size_t errlen)
{
  char what[128];
  *done = false;
  if (exec_ok(conn,
              "BEGIN; SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY ");"
              "CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version integer PRIMARY KEY, name text NOT NULL,"
              " applied_at timestamptz NOT NULL DEFAULT now())",
              err, errlen, "locking migrations"))
    goto fail;
  int applied = is_applied(conn, m->version, err, errlen);
  if (applied < 0)
    goto fail;
  if (!applied) {
    snprintf(what, sizeof what, "migration %s", m->name);
    if (exec_ok(conn, m->sql, err, errlen, what) || record(conn, m, err, errlen))
      goto fail;
    *done = true;
  }
  if (exec_ok(conn, "COMMIT", err, errlen, "committing migration"))
    goto fail;
  return 0;
fail:
  PQclear(PQexec(conn, "ROLLBACK"));
  return -1;
}

int migrate_run(PGconn *conn, int *applied, char *err, size_t errlen)
{
  *applied = 0;
  for (size_t i = 0; i < migration_count; i++) {
    bool done;
    if (apply_one(conn, &migrations[i], &done, err, errlen))
      return -1;
    *applied += done;
  }
  return 0;
}
