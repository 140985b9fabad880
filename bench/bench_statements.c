/* bench_statements.c - what one query costs as a named prepared statement, as
 * PQexecParams (the unnamed statement, one round trip) and as PQprepare("")
 * then PQexecPrepared("") (two), on one connection: the choice behind
 * DATABASE_POOLER=transaction (README, docs/SCALING.md). The three are
 * interleaved query by query, so a loaded machine slows them alike; medians.
 *
 *   build/bench/bench_statements "host=127.0.0.1 port=6432 dbname=saywho" 10000
 *
 * Through a transaction pooler only the single round trip is safe: after the
 * PQprepare's Sync the pooler may hand the next message to another server,
 * where no unnamed statement exists (the named run works there only while the
 * pooler keeps one server for us). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SQL "SELECT id, article_id, seq, text FROM statements WHERE id = $1::bigint"

static double now_us(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* 0 when res holds rows; clears it either way. */
static int rows(PGconn *c, PGresult *res)
{
  int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
  if (!ok)
    fprintf(stderr, "bench_statements: %s", PQerrorMessage(c));
  PQclear(res);
  return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
  if (argc != 3 || atoi(argv[2]) < 1) {
    fprintf(stderr, "usage: bench_statements CONNINFO QUERIES\n");
    return 2;
  }
  int n = atoi(argv[2]), rc = 1;
  PGconn *c = PQconnectdb(argv[1]);
  double *named = calloc((size_t)n, sizeof *named), *params = calloc((size_t)n, sizeof *params),
         *two = calloc((size_t)n, sizeof *two);
  const char *p[] = {"1"};
  if (PQstatus(c) != CONNECTION_OK || !named || !params || !two) {
    fprintf(stderr, "bench_statements: %s", PQerrorMessage(c));
    goto out;
  }
  PQclear(PQprepare(c, "bench_named", SQL, 1, NULL));
  for (int i = 0; i < n; i++) {
    double t = now_us();
    if (rows(c, PQexecPrepared(c, "bench_named", 1, p, NULL, NULL, 0)))
      goto out;
    named[i] = now_us() - t;
    t = now_us();
    if (rows(c, PQexecParams(c, SQL, 1, NULL, p, NULL, NULL, 0)))
      goto out;
    params[i] = now_us() - t;
    t = now_us();
    PQclear(PQprepare(c, "", SQL, 1, NULL));
    if (rows(c, PQexecPrepared(c, "", 1, p, NULL, NULL, 0)))
      goto out;
    two[i] = now_us() - t;
  }
  qsort(named, (size_t)n, sizeof *named, cmp);
  qsort(params, (size_t)n, sizeof *params, cmp);
  qsort(two, (size_t)n, sizeof *two, cmp);
  printf("median of %d: named %.0f us, PQexecParams %.0f us, PQprepare(\"\")+PQexecPrepared %.0f us"
         " (%.2fx PQexecParams)\n",
         n, named[n / 2], params[n / 2], two[n / 2], two[n / 2] / params[n / 2]);
  rc = 0;
out:
  free(named);
  free(params);
  free(two);
  PQfinish(c);
  return rc;
}
