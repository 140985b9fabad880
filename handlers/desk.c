/* desk.c - serves the desk's files (desk/ in the source tree) with strict browser headers. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

/* The files, built into the binary by scripts/embed-file.py (handlers/meson.build). */
extern const char desk_index_html[], desk_desk_js[], desk_desk_css[], desk_favicon_svg[];
extern const size_t desk_index_html_len, desk_desk_js_len, desk_desk_css_len,
    desk_favicon_svg_len;

struct desk_file {
  const char *name;
  const char *content_type;
  const char *data;
  const size_t *len;
};

static const struct desk_file desk_files[] = {
  {"index.html", "text/html; charset=utf-8", desk_index_html, &desk_index_html_len},
  {"desk.js", "text/javascript; charset=utf-8", desk_desk_js, &desk_desk_js_len},
  {"desk.css", "text/css; charset=utf-8", desk_desk_css, &desk_desk_css_len},
  {"favicon.svg", "image/svg+xml", desk_favicon_svg, &desk_favicon_svg_len},
};

/* Everything the page loads comes from this origin and nothing runs inline,
 * so text from the API can never become script or style. */
static const char desk_csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

/* False after answering 404 when DESK=off. */
static bool desk_enabled(const struct request *req, struct response *resp)
{
  if (req->app->cfg->desk)
    return true;
  response_problem(resp, 404, "the desk is switched off on this server (DESK=off)");
  return false;
}

static void send_file(struct response *resp, const struct desk_file *f)
{
  char *copy = malloc(*f->len);
  if (copy == NULL) {
    response_problem(resp, 500, "out of memory");
    return;
  }
  memcpy(copy, f->data, *f->len);
  response_set_body(resp, 200, f->content_type, copy, *f->len);
  /* The files change only with the binary: revalidate (ETag, 304) every time. The front end
   * adds X-Content-Type-Options: nosniff to every answer. */
  response_header(resp, "Cache-Control", "no-cache");
  response_header(resp, "Content-Security-Policy", "%s", desk_csp);
  response_header(resp, "Referrer-Policy", "no-referrer");
}

void handle_desk_index(struct request *req, struct response *resp)
{
  if (desk_enabled(req, resp))
    send_file(resp, &desk_files[0]);
}

void handle_desk_file(struct request *req, struct response *resp)
{
  if (!desk_enabled(req, resp))
    return;
  const char *name = request_param(req, "file");
  for (size_t i = 0; name != NULL && i < sizeof desk_files / sizeof desk_files[0]; i++)
    if (strcmp(desk_files[i].name, name) == 0) {
      send_file(resp, &desk_files[i]);
      return;
    }
  response_problem(resp, 404, "the desk has no file %.64s", name ? name : "");
}
