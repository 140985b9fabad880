/* import.h - `saywho import`: posts articles from files, directories and
 * NDJSON on stdin to a saywho service through its public API (POST
 * /articles), several at a time over kept-alive connections (libcurl's multi
 * interface), and prints a summary. A client of the HTTP API only.
 *
 * Each article ends as created (201), already stored (200: the service found
 * the same source and body), or refused (a 4xx problem, a file that could not
 * be read, no answer after the retries). 503s and connection failures are
 * retried with back-off; a retried article that had been stored before its
 * answer was lost comes back as already stored, which is what it is. */
#ifndef SAYWHO_CLIENT_IMPORT_H
#define SAYWHO_CLIENT_IMPORT_H

/* The largest article file read: the text engine's limit (4 MiB), beyond
 * which no service can take it; the service's MAX_BODY_BYTES may be lower. */
#define IMPORT_MAX_FILE_BYTES ((size_t)4 << 20)

/* Attempts per article when the service answers 503 or cannot be reached,
 * the first back-off (doubled each time) and the cap of a kept reply. */
#define IMPORT_ATTEMPTS 5u
#define IMPORT_BACKOFF_MS 100u
#define IMPORT_REPLY_MAX 16384u
/* Refusals listed in the summary (the rest are counted); and how many
 * articles in a row without any answer stop the import (the service is
 * down: every other article would wait out its retries too). */
#define IMPORT_REFUSALS_LISTED 1000u
#define IMPORT_UNREACHABLE_STOP 16u

/* argv[0] is "import". Returns the exit status: 0 when nothing was refused,
 * 1 when something was (or the import stopped), 2 on a usage error. */
int import_main(int argc, char **argv);

#endif
