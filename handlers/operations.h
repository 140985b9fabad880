/* operations.h - endpoints for operators: /health, /health/ready, /metrics. */
#ifndef SAYWHO_OPERATIONS_H
#define SAYWHO_OPERATIONS_H

#include "request.h"
#include "response.h"

/* GET /health: 200 when the database answers, 503 when not. */
void handle_health(struct request *req, struct response *resp);
/* GET /health/live: 200 while the process serves HTTP, whatever the database does. */
void handle_health_live(struct request *req, struct response *resp);
/* GET /metrics: Prometheus text exposition. */
void handle_metrics(struct request *req, struct response *resp);

#endif
