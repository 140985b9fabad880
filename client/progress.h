/* progress.h - the progress of an import on stderr: on a terminal a bar with
 * count/total, rate and ETA, redrawn at most PROGRESS_REDRAW_HZ times a
 * second; elsewhere a plain line every PROGRESS_LINE_EVERY articles or
 * PROGRESS_LINE_SECONDS seconds. */
#ifndef SAYWHO_CLIENT_PROGRESS_H
#define SAYWHO_CLIENT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PROGRESS_REDRAW_HZ 10
#define PROGRESS_LINE_EVERY 500u
#define PROGRESS_LINE_SECONDS 5.0

struct progress {
  FILE *out;
  bool tty;          /* draw a bar (else plain lines) */
  size_t total;      /* articles expected; 0 when unknown (stdin) */
  double start;      /* seconds, monotonic */
  double last;       /* when the bar or line was last written */
  size_t last_done;  /* the count last written */
  bool drawn;        /* a bar is on the terminal's last line */
};

void progress_init(struct progress *p, FILE *out, bool tty, size_t total, double now);

/* Shows done of total if it is time to. */
void progress_update(struct progress *p, size_t done, double now);

/* The last state, then the bar's line ends. */
void progress_end(struct progress *p, size_t done, double now);

/* Writes the progress text into buf (pure; the bar when bar is true):
 * "[#####.....]  1000/2000  50%  480/s  ETA 0:02", or without total, ETA and
 * bar when total is 0. Returns buf. */
char *progress_format(char *buf, size_t cap, size_t done, size_t total, double elapsed, bool bar);

/* Seconds since some fixed point, for the times above. */
double progress_now(void);

#endif
