/* test_plans.c - every shape of the list queries, and the reads of
 * statements and articles by id, run on a generic plan that walks an index: no sequential
 * scan of statements, planned once. The data
 * is the benchmark's (bench/load-saywho.sql, 1,000 articles x 40 statements)
 * in a database of its own, so the planner sees enough rows to choose. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "harness.h"
#include "../../store/articles.h"
#include "../../store/statements.h"
#include "store.h"

#define PLANS_DB "saywho_plans"

static char conninfo[1024];

static void exec_ok(PGconn *db, const char *sql)
{
  PGresult *res = PQexec(db, sql);
  ExecStatusType st = PQresultStatus(res);
  cr_assert(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(db));
  PQclear(res);
}

/* A database of its own, migrated by saywho and loaded with bench/load-saywho.sql. */
static void plans_db_setup(void)
{
  require_database();
  PGconn *admin = test_db();
  exec_ok(admin, "DROP DATABASE IF EXISTS " PLANS_DB " WITH (FORCE)");
  exec_ok(admin, "CREATE DATABASE " PLANS_DB);
  PQfinish(admin);
  snprintf(conninfo, sizeof conninfo, "%s dbname=" PLANS_DB, getenv("DATABASE_URL"));
  char env_url[1100];
  snprintf(env_url, sizeof env_url, "DATABASE_URL=%s", conninfo);
  struct test_server s;
  server_start(&s, (const char *const[]){env_url, NULL}); /* applies the migrations */
  cr_assert_eq(server_stop(&s), 0);
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 -v n_articles=1000 -f '%s/bench/load-saywho.sql' '%s' >/dev/null",
           getenv("SAYWHO_SOURCE_ROOT"), conninfo);
  cr_assert_eq(system(cmd), 0, "loading bench/load-saywho.sql failed");
}

static void plans_db_teardown(void)
{
  PGconn *admin = test_db();
  PQclear(PQexec(admin, "DROP DATABASE IF EXISTS " PLANS_DB " WITH (FORCE)"));
  PQfinish(admin);
}

static const struct store_query *query_named(const char *name)
{
  const struct store_query *tables[] = {statements_queries, articles_queries};
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
    for (const struct store_query *q = tables[t]; q->name != NULL; q++)
      if (strcmp(q->name, name) == 0)
        return q;
  cr_assert_fail("no query %s", name);
  return NULL;
}

static unsigned shape_of(const struct store_query *q, const char *const *tags)
{
  unsigned shape = 0;
  for (; *tags != NULL; tags++) {
    int bit = -1;
    for (int i = 0; q->tags[i] != NULL; i++)
      if (strcmp(q->tags[i], *tags) == 0)
        bit = i;
    cr_assert_geq(bit, 0, "%s has no tag %s", q->name, *tags);
    shape |= 1u << bit;
  }
  return shape;
}

/* The plan of shape tags of query name, as saywho's sessions plan it, run
 * with params: EXPLAIN EXECUTE after the statement ran once. */
static char *plan_of(PGconn *db, const char *name, const char *const *tags,
                     const char *const *params)
{
  const struct store_query *q = query_named(name);
  unsigned shape = shape_of(q, tags);
  struct dynbuf sql;
  dynbuf_init(&sql, 1 << 16);
  cr_assert_eq(store_shape_sql(q, shape, &sql), 0);
  char stmt[96];
  store_shape_name(q, shape, stmt, sizeof stmt);
  /* A shape asked about twice is prepared afresh. */
  const char *name_param[] = {stmt};
  PGresult *res = PQexecParams(db, "SELECT 1 FROM pg_prepared_statements WHERE name = $1", 1,
                               NULL, name_param, NULL, NULL, 0);
  bool known = PQntuples(res) == 1;
  PQclear(res);
  if (known) {
    char dealloc[128];
    snprintf(dealloc, sizeof dealloc, "DEALLOCATE \"%s\"", stmt);
    exec_ok(db, dealloc);
  }
  res = PQprepare(db, stmt, dynbuf_str(&sql), q->nparams, q->types);
  cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s: %s", stmt, PQerrorMessage(db));
  PQclear(res);
  dynbuf_free(&sql);
  res = PQexecPrepared(db, stmt, q->nparams, params, NULL, NULL, 0);
  cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s: %s", stmt, PQerrorMessage(db));
  cr_assert_gt(PQntuples(res), 0, "%s found nothing to plan for", stmt);
  PQclear(res);
  /* EXPLAIN EXECUTE with the parameters as literals of their declared types. */
  struct dynbuf explain;
  dynbuf_init(&explain, 1 << 16);
  dynbuf_addf(&explain, "EXPLAIN (COSTS OFF) EXECUTE \"%s\"(", stmt);
  for (int i = 0; i < q->nparams; i++) {
    char *lit = params[i] ? PQescapeLiteral(db, params[i], strlen(params[i])) : NULL;
    dynbuf_addf(&explain, "%s%s", i ? ", " : "", lit ? lit : "NULL");
    PQfreemem(lit);
  }
  dynbuf_addf(&explain, ")");
  res = PQexec(db, dynbuf_str(&explain));
  dynbuf_free(&explain);
  cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
  struct dynbuf plan;
  dynbuf_init(&plan, 1 << 20);
  for (int i = 0; i < PQntuples(res); i++)
    dynbuf_addf(&plan, "%s\n", PQgetvalue(res, i, 0));
  PQclear(res);
  return dynbuf_take(&plan, NULL);
}

static PGconn *plans_conn(void)
{
  PGconn *db = PQconnectdb(conninfo);
  cr_assert_eq(PQstatus(db), CONNECTION_OK, "%s", PQerrorMessage(db));
  /* The planner settings of saywho's sessions (server/db.c). */
  exec_ok(db, "SET plan_cache_mode = force_generic_plan");
  exec_ok(db, "SET random_page_cost = 1.1");
  return db;
}

/* Whether statement stmt has run on generic plans only (pg_prepared_statements). */
static bool ran_generic(PGconn *db, const char *stmt)
{
  const char *params[] = {stmt};
  PGresult *res = PQexecParams(db,
                               "SELECT generic_plans > 0 AND custom_plans = 0 "
                               "FROM pg_prepared_statements WHERE name = $1",
                               1, NULL, params, NULL, NULL, 0);
  bool generic = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
  PQclear(res);
  return generic;
}

/* One shape: its plan uses index, reads no statements row by row from the
 * table, and was planned once, generically. */
static void expect_plan(PGconn *db, const char *name, const char *const *tags,
                        const char *const *params, const char *index)
{
  char *plan = plan_of(db, name, tags, params);
  cr_expect(strstr(plan, index) != NULL, "%s [%s...]: no %s in\n%s", name,
            tags[0] ? tags[0] : "", index, plan);
  cr_expect(strstr(plan, "Seq Scan on statements") == NULL, "%s: sequential scan in\n%s", name,
            plan);
  const struct store_query *q = query_named(name);
  char stmt[96];
  store_shape_name(q, shape_of(q, tags), stmt, sizeof stmt);
  cr_expect(ran_generic(db, stmt), "%s: not on a generic plan", stmt);
  free(plan);
}

/* $1 slug, $2 rows, $3 speaker id, $4 article, $5 section, $6 cue, $7 from,
 * $8 to, $9 $10 $11 the key, $12 q, $13 rank, $14 source, $15 the search window, $16 its
 * longest walk (statements_search.sql; statements_list.sql takes the first 14). */
#define NO_PARAMS NULL, "51", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
                  NULL, "1000", "32000"

Test(plans, every_list_shape_walks_its_index, .init = plans_db_setup, .fini = plans_db_teardown,
     .timeout = 120)
{
  PGconn *db = plans_conn();
  const char *slug[] = {"anna-berger", "51", NULL, NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"speaker_slug", NULL}, slug,
              "statements_by_speaker");
  const char *slug_after[] = {"anna-berger", "51", NULL, NULL, NULL, NULL, NULL, NULL,
                              "2017-01-01", "500", "3", NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"speaker_slug", "after", NULL},
              slug_after, "statements_by_speaker");
  char idt[24];
  snprintf(idt, sizeof idt, "%lld",
           test_db_scalar(db, "SELECT id FROM speakers WHERE slug = 'lena-fischer'"));
  const char *by_id[] = {NULL, "51", idt, NULL, NULL, NULL, NULL, NULL,
                         "2017-01-01", "500", "3", NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"speaker_id", "after", NULL}, by_id,
              "statements_by_speaker");
  /* Narration is a large share: walking the list order and filtering is right. */
  expect_plan(db, "statements_list", (const char *const[]){"narration", NULL},
              (const char *const[]){NO_PARAMS}, "Index Scan using statements_");

  expect_plan(db, "statements_list", (const char *const[]){NULL}, (const char *const[]){NO_PARAMS},
              "statements_order");
  const char *after[] = {NULL, "51", NULL, NULL, NULL, NULL, NULL, NULL,
                         "2017-01-01", "500", "3", NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"after", NULL}, after,
              "statements_order");
  const char *article[] = {NULL, "51", NULL, "77", NULL, NULL, NULL, NULL,
                           NULL, NULL, NULL, NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"article", NULL}, article,
              "statements_seq");
  const char *cue[] = {NULL, "51", NULL, NULL, NULL, "betonte", NULL, NULL,
                       NULL, NULL, NULL, NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"cue", NULL}, cue,
              "statements_by_cue");
  const char *section[] = {NULL, "51", NULL, NULL, "quote", NULL, NULL, NULL,
                           NULL, NULL, NULL, NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"section", NULL}, section,
              "statements_by_section");
  const char *dates[] = {NULL, "51", NULL, NULL, NULL, NULL, "2016-01-01", "2018-12-31",
                         NULL, NULL, NULL, NULL, NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"from", "to", NULL}, dates,
              "statements_order");

  /* A word of one statement only (an md5 in the generated text): found by the GIN index. */
  PGresult *res = PQexec(db, "SELECT split_part(text, ' ', 3) FROM statements WHERE id = 1");
  cr_assert_eq(PQntuples(res), 1);
  const char *word[] = {NULL, "51", NULL, NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, PQgetvalue(res, 0, 0), NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_search", (const char *const[]){NULL}, word, "statements_search");
  PQclear(res);
  const char *source[] = {NULL, "51", NULL, NULL, NULL, NULL, NULL, NULL,
                          NULL, NULL, NULL, NULL, NULL, "REUTERS", "1000", "32000"};
  expect_plan(db, "statements_list", (const char *const[]){"source", NULL}, source,
              "statements_by_source");
  /* Bounded ranking (statements_search.sql): a word of every statement ("sofort") takes the
   * walk of the list order, or of the filter's index; the GIN branch stays for rare words. */
  const char *common[] = {NULL, "51", NULL, NULL, NULL, NULL, NULL, NULL,
                          NULL, NULL, NULL, "sofort", NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_search", (const char *const[]){NULL}, common, "statements_order");
  expect_plan(db, "statements_search", (const char *const[]){NULL}, common, "statements_search");
  const char *common_after[] = {NULL, "51", NULL, NULL, NULL, NULL, NULL, NULL, "2024-11-22",
                                "990", "3", "sofort", "0.1", NULL, "1000", "32000"};
  expect_plan(db, "statements_search", (const char *const[]){"after", NULL}, common_after,
              "statements_order");
  const char *common_slug[] = {"anna-berger", "51", NULL, NULL, NULL, NULL, NULL, NULL,
                               NULL, NULL, NULL, "sofort", NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_search", (const char *const[]){"speaker_slug", NULL}, common_slug,
              "statements_by_speaker");
  const char *common_source[] = {NULL, "51", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                 NULL, NULL, "sofort", NULL, "dpa", "1000", "32000"};
  expect_plan(db, "statements_search", (const char *const[]){"source", NULL}, common_source,
              "statements_by_source");
  const char *common_dates[] = {NULL, "51", NULL, NULL, NULL, NULL, "2016-01-01", "2018-12-31",
                                NULL, NULL, NULL, "sofort", NULL, NULL, "1000", "32000"};
  expect_plan(db, "statements_search", (const char *const[]){"from", "to", NULL}, common_dates,
              "statements_order");

  /* The reads by id: the statement, and the many statements that pipelined
   * reads gather into one query, by the primary key. */
  expect_plan(db, "statements_get", (const char *const[]){NULL}, (const char *const[]){"77"},
              "statements_pkey");
  expect_plan(db, "statements_get_many", (const char *const[]){NULL},
              (const char *const[]){"{77,5,900000000,1201,77}"}, "statements_pkey");
  /* And the articles, their statements by the article's index. */
  expect_plan(db, "articles_get", (const char *const[]){NULL}, (const char *const[]){"77"},
              "statements_seq");
  expect_plan(db, "articles_get_many", (const char *const[]){NULL},
              (const char *const[]){"{77,5,900000000,12,77}"}, "statements_seq");
  /* Their kept copies by theirs (migrations/015_article_docs.sql). */
  expect_plan(db, "articles_get", (const char *const[]){NULL}, (const char *const[]){"77"},
              "article_docs_pkey");
  expect_plan(db, "articles_get_many", (const char *const[]){NULL},
              (const char *const[]){"{77,5,900000000,12,77}"}, "article_docs_pkey");
  PQfinish(db);
}
