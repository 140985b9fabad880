/* jobs.c - a mutex, a condition variable, an intrusive FIFO and N threads. */
#include "jobs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

struct jobs {
  pthread_mutex_t lock;
  pthread_cond_t ready;
  pthread_cond_t wake_watchman; /* signalled on stop */
  struct job *head, *tail;
  bool stopping;
  job_fn run;
  job_fn expire;
  job_fn drop; /* set by jobs_stop: what a late push gets */
  unsigned max_wait_ms;
  bool watchman_started;
  pthread_t watchman;
  unsigned count;      /* worker threads started */
  pthread_t threads[]; /* count of them */
};

/* The items at the head that have waited max_wait_ms or more, taken off the
 * queue (oldest first: the queue is in arrival order). Called locked. */
static struct job *take_expired(struct jobs *j)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  struct job *expired = NULL, **tail = &expired;
  while (j->head != NULL && clock_ms_between(&j->head->queued, &now) >= j->max_wait_ms) {
    struct job *item = j->head;
    j->head = item->next;
    item->next = NULL;
    *tail = item;
    tail = &item->next;
  }
  if (j->head == NULL)
    j->tail = NULL;
  return expired;
}

/* Looks at the queue a few times per max_wait_ms; what waited too long goes
 * to expire(), outside the lock. */
static void *watchman(void *arg)
{
  struct jobs *j = arg;
  long period_ms = j->max_wait_ms / 8 > 5 ? (long)(j->max_wait_ms / 8) : 5;
  pthread_mutex_lock(&j->lock);
  while (!j->stopping) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += (period_ms % 1000) * 1000000L;
    until.tv_sec += period_ms / 1000 + until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_cond_timedwait(&j->wake_watchman, &j->lock, &until);
    if (j->stopping)
      break;
    struct job *expired = take_expired(j);
    pthread_mutex_unlock(&j->lock);
    while (expired != NULL) {
      struct job *next = expired->next;
      j->expire(expired);
      expired = next;
    }
    pthread_mutex_lock(&j->lock);
  }
  pthread_mutex_unlock(&j->lock);
  return NULL;
}

/* The next item, or NULL once stopping. */
static struct job *next_item(struct jobs *j)
{
  pthread_mutex_lock(&j->lock);
  while (j->head == NULL && !j->stopping)
    pthread_cond_wait(&j->ready, &j->lock);
  struct job *item = j->stopping ? NULL : j->head;
  if (item != NULL) {
    j->head = item->next;
    if (j->head == NULL)
      j->tail = NULL;
  }
  pthread_mutex_unlock(&j->lock);
  return item;
}

static void *worker(void *arg)
{
  struct jobs *j = arg;
  struct job *item;
  while ((item = next_item(j)) != NULL)
    j->run(item);
  return NULL;
}

struct jobs *jobs_start(unsigned workers, job_fn run, job_fn expire, unsigned max_wait_ms,
                        char *err, size_t errlen)
{
  struct jobs *j = calloc(1, sizeof *j + workers * sizeof(pthread_t));
  if (j == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  pthread_mutex_init(&j->lock, NULL);
  pthread_cond_init(&j->ready, NULL);
  pthread_cond_init(&j->wake_watchman, NULL);
  j->run = run;
  j->expire = expire;
  j->max_wait_ms = max_wait_ms;
  for (; j->count < workers; j->count++) {
    int rc = pthread_create(&j->threads[j->count], NULL, worker, j);
    if (rc != 0) {
      char why[128];
      snprintf(err, errlen, "cannot start worker thread %u: %s", j->count,
               strerror_r(rc, why, sizeof why));
      jobs_stop(j, NULL);
      return NULL;
    }
  }
  if (expire != NULL && max_wait_ms > 0) {
    int rc = pthread_create(&j->watchman, NULL, watchman, j);
    if (rc != 0) {
      char why[128];
      snprintf(err, errlen, "cannot start the queue's watchman thread: %s",
               strerror_r(rc, why, sizeof why));
      jobs_stop(j, NULL);
      return NULL;
    }
    j->watchman_started = true;
  }
  return j;
}

void jobs_push(struct jobs *j, struct job *item)
{
  item->next = NULL;
  clock_gettime(CLOCK_MONOTONIC, &item->queued);
  pthread_mutex_lock(&j->lock);
  if (j->stopping) {
    job_fn drop = j->drop;
    pthread_mutex_unlock(&j->lock);
    if (drop != NULL)
      drop(item);
    return;
  }
  if (j->tail != NULL)
    j->tail->next = item;
  else
    j->head = item;
  j->tail = item;
  pthread_cond_signal(&j->ready);
  pthread_mutex_unlock(&j->lock);
}

void jobs_stop(struct jobs *j, job_fn drop)
{
  if (j == NULL)
    return;
  pthread_mutex_lock(&j->lock);
  if (j->stopping) {
    pthread_mutex_unlock(&j->lock);
    return;
  }
  j->stopping = true;
  j->drop = drop;
  struct job *left = j->head;
  j->head = j->tail = NULL;
  pthread_cond_broadcast(&j->ready);
  pthread_cond_signal(&j->wake_watchman);
  pthread_mutex_unlock(&j->lock);
  if (j->watchman_started)
    pthread_join(j->watchman, NULL);
  while (left != NULL) {
    struct job *next = left->next;
    if (drop != NULL)
      drop(left);
    left = next;
  }
  for (unsigned i = 0; i < j->count; i++)
    pthread_join(j->threads[i], NULL);
}

void jobs_free(struct jobs *j)
{
  if (j == NULL)
    return;
  pthread_mutex_destroy(&j->lock);
  pthread_cond_destroy(&j->ready);
  pthread_cond_destroy(&j->wake_watchman);
  free(j);
}
