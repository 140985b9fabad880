/* desk.h - GET /desk/: the editors' web page, static files built into the binary. */
#ifndef SAYWHO_DESK_H
#define SAYWHO_DESK_H

#include "request.h"
#include "response.h"

/* GET /desk/: the page itself (desk/index.html). */
void handle_desk_index(struct request *req, struct response *resp);

/* GET /desk/{file}: one of its assets (desk.js, desk.css, favicon.svg), else 404. */
void handle_desk_file(struct request *req, struct response *resp);

#endif
