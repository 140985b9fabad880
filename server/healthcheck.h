/* healthcheck.h - `saywho --healthcheck`: asks the local server's GET /health,
 * so a container HEALTHCHECK needs no curl or wget in the image. */
#ifndef SAYWHO_HEALTHCHECK_H
#define SAYWHO_HEALTHCHECK_H

#include <stddef.h>

/* The whole exchange (connect, request, status line) is bounded by this. */
#define HEALTHCHECK_TIMEOUT_MS 3000

/* The address to probe for a server listening on host: the loopback address
 * of the same family for the wildcards 0.0.0.0 and ::, host itself otherwise.
 * Returns a static string or host; never NULL. */
const char *healthcheck_target(const char *host);

/* Sends GET path to host:port (an IPv4 or IPv6 literal) over HTTP/1.0 and
 * reads the status line, all within timeout_ms. Returns 0 when the status is
 * 200; otherwise -1 with the reason (refused, timed out, "status 503", ...)
 * in err. Allocates nothing; never raises SIGPIPE. */
__attribute__((warn_unused_result)) int healthcheck_run(const char *host, unsigned port,
                                                        const char *path, unsigned timeout_ms,
                                                        char *err, size_t errlen);

#endif
