/* progress.c - a progress bar on a terminal, progress lines elsewhere. */
#include "progress.h"

#include <string.h>
#include <time.h>

#define BAR_WIDTH 30

double progress_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, FILE *out, bool tty, size_t total, double now)
{
  *p = (struct progress){.out = out, .tty = tty, .total = total, .start = now, .last = now};
}

/* "1:05", "0:02", "2:03:04"; "?" beyond 100 hours. */
static void format_duration(char *buf, size_t cap, double seconds)
{
  if (seconds < 0 || seconds > 360000) {
    snprintf(buf, cap, "?");
    return;
  }
  unsigned long s = (unsigned long)(seconds + 0.5);
  if (s >= 3600)
    snprintf(buf, cap, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf(buf, cap, "%lu:%02lu", s / 60, s % 60);
}

char *progress_format(char *buf, size_t cap, size_t done, size_t total, double elapsed, bool bar)
{
  double rate = elapsed > 0 ? (double)done / elapsed : 0;
  if (total == 0) {
    snprintf(buf, cap, "%zu articles  %.0f/s", done, rate);
    return buf;
  }
  size_t shown = done > total ? total : done;
  char eta[32] = "?";
  if (rate > 0)
    format_duration(eta, sizeof eta, (double)(total - shown) / rate);
  char bars[BAR_WIDTH + 3] = "";
  if (bar) {
    size_t filled = shown * BAR_WIDTH / total;
    bars[0] = '[';
    memset(bars + 1, '#', filled);
    memset(bars + 1 + filled, '.', BAR_WIDTH - filled);
    bars[BAR_WIDTH + 1] = ']';
    bars[BAR_WIDTH + 2] = '\0';
  }
  snprintf(buf, cap, "%s%s%zu/%zu  %zu%%  %.0f/s  ETA %s", bars, bar ? "  " : "", done, total,
           shown * 100 / total, rate, eta);
  return buf;
}

static void write_now(struct progress *p, size_t done, double now)
{
  char text[160];
  progress_format(text, sizeof text, done, p->total, now - p->start, p->tty);
  if (p->tty) {
    fprintf(p->out, "\r\033[K%s", text); /* back to the line's start, wipe it, draw */
    p->drawn = true;
  } else {
    fprintf(p->out, "import: %s\n", text);
  }
  fflush(p->out);
  p->last = now;
  p->last_done = done;
}

void progress_update(struct progress *p, size_t done, double now)
{
  if (p->tty ? now - p->last >= 1.0 / PROGRESS_REDRAW_HZ || !p->drawn
             : done / PROGRESS_LINE_EVERY != p->last_done / PROGRESS_LINE_EVERY ||
                   (now - p->last >= PROGRESS_LINE_SECONDS && done != p->last_done))
    write_now(p, done, now);
}

void progress_end(struct progress *p, size_t done, double now)
{
  if (p->tty || done != p->last_done)
    write_now(p, done, now);
  if (p->tty)
    fputc('\n', p->out);
  fflush(p->out);
}
