/* openapi.c - serves the OpenAPI document built into the binary. */
#include "openapi.h"

#include <stdlib.h>
#include <string.h>

void handle_openapi(struct request *req, struct response *resp)
{
  (void)req;
  char *copy = malloc(openapi_document_len);
  if (copy == NULL) {
    response_problem(resp, 503, "out of memory; try again");
    return;
  }
  memcpy(copy, openapi_document, openapi_document_len);
  response_set_body(resp, 200, "application/json", copy, openapi_document_len);
}
