/* harness.h - integration-test support: a real saywho process on loopback, a
 * small HTTP/1.1 client, and a connection to the test database.
 *
 * Integration suites run against the DATABASE_URL that scripts/test makes;
 * without it they exit 77, which meson reports as skipped. */
#ifndef SAYWHO_TEST_HARNESS_H
#define SAYWHO_TEST_HARNESS_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct test_server {
  pid_t pid;
  int port;
  char log_path[128]; /* the server's stdout and stderr */
};

/* A token that test servers accept (API_TOKENS="tester:" TEST_TOKEN). */
#define TEST_TOKEN "test-token-0123456789"
#define TEST_AUTH "Authorization: Bearer " TEST_TOKEN

/* Exits 77 (skipped) when DATABASE_URL is unset. Call from a suite's init. */
void require_database(void);

/* Starts the saywho under test (SAYWHO_BIN) on a free loopback port with
 * DATABASE_URL, API_TOKENS=tester:TEST_TOKEN and the extra "NAME=value"
 * entries of env (NULL-terminated, may be NULL; they override). Waits
 * until it answers; fails the test when it does not within 10 s. */
void server_start(struct test_server *s, const char *const *env);

/* Starts n servers at once (all spawned before any is waited for), as
 * replicas behind a load balancer start; like server_start otherwise. */
void servers_start(struct test_server *s, size_t n, const char *const *env);

/* The server most suites share, one per test process: started and stopped by
 * suite_server_start / suite_server_stop, the suite's .init and .fini. The stop
 * fails the test when saywho does not exit 0 (a crash or a sanitizer report). */
extern struct test_server suite_server;
void suite_server_start(void);
void suite_server_stop(void);

/* SIGTERM, then waits (at most 15 s); returns the exit status, or -1. */
int server_stop(struct test_server *s);

struct http_reply {
  int status;        /* 0 when the exchange failed */
  char *head;        /* status line and headers, NUL-terminated */
  char *body;        /* NUL-terminated */
  size_t body_len;
};

/* One request on a fresh connection; headers is NULL-terminated "Name: value"
 * lines or NULL. Returns 0, or -1 when the exchange failed. Timeout 20 s. */
int http_call(const struct test_server *s, const char *method, const char *path,
              const char *const *headers, const char *body, size_t body_len,
              struct http_reply *out);

/* Sends raw[0..len) as it is (a hand-made request) and parses the answer. */
int http_raw(const struct test_server *s, const char *raw, size_t len, struct http_reply *out);

/* For hand-driven connections (slow, cut or pipelined requests): a new
 * loopback connection to s, or -1; all of data sent, 0 or -1; what arrives
 * until the peer closes or ms pass, NUL-terminated (caller frees; NULL when
 * out of memory), its length in *len. */
int http_connect(const struct test_server *s);
int http_send_all(int fd, const char *data, size_t len);
char *http_read_for(int fd, int ms, size_t *len);

/* Sends GET path on a new connection without reading the answer (asking
 * the server to close after it when close is true); its fd. Fails the test
 * when it cannot. */
int http_send_get(const struct test_server *s, const char *path, bool close);

/* Shorthands: GET with no headers; a write with TEST_AUTH and a JSON body. */
int http_get(const struct test_server *s, const char *path, struct http_reply *out);
int http_send_json(const struct test_server *s, const char *method, const char *path,
                   const char *json, struct http_reply *out);

/* The value of header name (case-insensitive) copied to buf, or NULL. */
const char *http_header(const struct http_reply *r, const char *name, char *buf, size_t cap);

/* The body parsed as JSON (caller json_decref()s), or NULL. */
json_t *http_json(const struct http_reply *r);

void http_reply_free(struct http_reply *r);

/* The value of one sample of s's /metrics ("name" or "name{labels}");
 * fails the test when it is absent. */
double test_metric(const struct test_server *s, const char *series);

/* A word unique to this test process, letters only (so it is one lexeme for
 * full-text search too), for the names and bodies of its fixtures: suites run
 * in parallel against one database, and that database outlives the process
 * (the sanitizer phase of ./scripts/test reuses it), so the pid alone is not
 * enough: the first phase's pids come round again. */
const char *test_tag(void);

/* CLOCK_MONOTONIC in milliseconds. */
double test_now_ms(void);

/* The seed article's wire text (SAYWHO_SEED_DIR), NUL-ended, its length in
 * *len; the caller frees. Fails the test when it cannot be read. */
char *test_read_seed(size_t *len);

/* A new connection to the test database; fails the test when it cannot. */
PGconn *test_db(void);

/* The first column of the first row of sql as a long long (count queries). */
long long test_db_scalar(PGconn *db, const char *sql);

/* Every table's row count and an md5 of its rows, in one string (caller
 * frees), but article_docs' (renderings kept by reads, as a cache is): equal
 * before and after means the database was not changed. */
char *test_db_fingerprint(PGconn *db);

/* Runs sql (no result expected); fails the test when it fails. */
void test_db_exec(PGconn *db, const char *sql);

/* Holds an exclusive lock on statements in a transaction it opens on db, so
 * that every read of statements waits until db rolls back. */
void test_lock_statements(PGconn *db);

#endif
