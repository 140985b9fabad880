/* jobs.c - a mutex, a condition variable, an intrusive FIFO and N threads. */
#include "jobs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jobs {
  pthread_mutex_t lock;
  pthread_cond_t ready;
  struct job *head, *tail;
  bool stopping;
  job_fn run;
  unsigned count;      /* threads started */
  pthread_t threads[]; /* count of them */
};

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

struct jobs *jobs_start(unsigned workers, job_fn run, char *err, size_t errlen)
{
  struct jobs *j = calloc(1, sizeof *j + workers * sizeof(pthread_t));
  if (j == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  pthread_mutex_init(&j->lock, NULL);
  pthread_cond_init(&j->ready, NULL);
  j->run = run;
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
  return j;
}

void jobs_push(struct jobs *j, struct job *item)
{
  item->next = NULL;
  pthread_mutex_lock(&j->lock);
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
  j->stopping = true;
  struct job *left = j->head;
  j->head = j->tail = NULL;
  pthread_cond_broadcast(&j->ready);
  pthread_mutex_unlock(&j->lock);
  while (left != NULL) {
    struct job *next = left->next;
    if (drop != NULL)
      drop(left);
    left = next;
  }
  for (unsigned i = 0; i < j->count; i++)
    pthread_join(j->threads[i], NULL);
  pthread_mutex_destroy(&j->lock);
  pthread_cond_destroy(&j->ready);
  free(j);
}
