/* openapi.h - GET /openapi.json: the API described in OpenAPI 3. */
#ifndef SAYWHO_OPENAPI_H
#define SAYWHO_OPENAPI_H

#include <stddef.h>

#include "request.h"
#include "response.h"

/* The document, built into the binary from handlers/openapi.json. */
extern const char openapi_document[];
extern const size_t openapi_document_len;

void handle_openapi(struct request *req, struct response *resp);

#endif
