/* httpd.h - the HTTP front end: libmicrohttpd in thread-pool + epoll mode.
 *
 * Every request goes through one path: head limits (431, 400), route
 * (404/405/OPTIONS), no body where none is taken (413), check the token for
 * writes (401/403), read the body under MAX_BODY_BYTES (413),
 * run the handler, add X-Request-Id, CORS and ETag (304), send, then log
 * one line and count it in the metrics. */
#ifndef SAYWHO_HTTPD_H
#define SAYWHO_HTTPD_H

#include <stddef.h>

#include "app.h"

struct httpd;

/* Starts listening on cfg->host:cfg->port with cfg->threads workers; with
 * pipeline_opts (not NULL) the routes that have a read send it through
 * cfg->db_pipelines connections of their own set up so (server/pipeline.h).
 * NULL with a message in err when it cannot. */
struct httpd *httpd_start(struct app *app, const struct db_pool_options *pipeline_opts, char *err,
                          size_t errlen);

/* Stops accepting connections, lets requests already received finish
 * (at most grace_ms), then stops the workers and frees h. */
void httpd_stop(struct httpd *h, unsigned grace_ms);

#endif
