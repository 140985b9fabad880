/* failmalloc.c - an LD_PRELOAD allocator for scripts/failmalloc: once SIGUSR1
 * arms it, the FAILMALLOC_NTH-th allocation (malloc, calloc, realloc, and
 * what libc builds on them) fails with ENOMEM, once; all others pass through
 * to glibc. Start-up is never hit: it arms only after saywho listens. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static atomic_long countdown = -1; /* < 0: disarmed */
static long nth = 1;

static bool fail_now(void)
{
  return atomic_load(&countdown) > 0 && atomic_fetch_sub(&countdown, 1) == 1;
}

void *malloc(size_t size)
{
  if (fail_now()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
  if (fail_now()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
  if (size > 0 && fail_now()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_realloc(p, size);
}

static void arm(int sig)
{
  (void)sig;
  atomic_store(&countdown, nth);
}

__attribute__((constructor)) static void failmalloc_init(void)
{
  const char *text = getenv("FAILMALLOC_NTH");
  if (text != NULL && atol(text) > 0)
    nth = atol(text);
  struct sigaction sa = {.sa_handler = arm};
  sigaction(SIGUSR1, &sa, NULL);
}
