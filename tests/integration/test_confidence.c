/* test_confidence.c - a statement's confidence, a real, is printed in C
 * (statement_confidence(), store/statement_json.h) exactly as PostgreSQL's
 * round(x::numeric, 3) prints it, which the API printed before: compared on
 * every real PostgreSQL makes of 0 .. 1 in steps of 1e-5, on the halfway
 * points of the third decimal and their neighbours, on random reals, and on
 * values beyond the confidence's range (negative, large, tiny). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "statement_json.h"

static const char *const values_sql =
    "SELECT x::text, round(x::numeric, 3)::text FROM ("
    " SELECT (g / 100000.0)::real FROM generate_series(0, 100000) g"
    " UNION ALL SELECT ((k + 0.5) / 1000.0 + d)::real FROM generate_series(0, 999) k,"
    "   unnest(ARRAY[-1e-7, -1e-8, 0, 1e-8, 1e-7]) d"
    " UNION ALL SELECT random()::real FROM generate_series(1, 50000)"
    " UNION ALL SELECT ((random() - 0.5) * 2e4)::real FROM generate_series(1, 20000)"
    " UNION ALL SELECT (random() * 1e-3)::real FROM generate_series(1, 20000)"
    " UNION ALL SELECT unnest(ARRAY[0, -0.0, 1, 0.0005, -0.0005, 0.00049999, 9.9995, 99.9996,"
    "   0.9995, 0.99949, 1e-5, 1e-30, 123456789, 3e38, -1.5e-4, 0.1235, 0.1245]::real[])"
    ") v(x)";

Test(confidence, prints_as_postgresql_rounds_a_real_to_three_decimals, .init = require_database)
{
  PGconn *db = test_db();
  PGresult *res = PQexec(db, values_sql);
  cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
  int n = PQntuples(res), wrong = 0;
  cr_assert_gt(n, 190000);
  for (int i = 0; i < n; i++) {
    char out[STATEMENT_CONFIDENCE_MAX];
    const char *got = statement_confidence(PQgetvalue(res, i, 0), out);
    const char *want = PQgetvalue(res, i, 1);
    if (got == NULL || strcmp(got, want) != 0) {
      if (wrong++ < 10)
        cr_log_error("%s: C %s, PostgreSQL %s", PQgetvalue(res, i, 0), got ? got : "NULL", want);
    }
  }
  cr_expect_eq(wrong, 0, "%d of %d reals printed otherwise than PostgreSQL rounds them", wrong,
               n);
  PQclear(res);
  cr_expect_null(statement_confidence(NULL, (char[STATEMENT_CONFIDENCE_MAX]){0}));
  cr_expect_null(statement_confidence("NaN", (char[STATEMENT_CONFIDENCE_MAX]){0}));
  PQfinish(db);
}
