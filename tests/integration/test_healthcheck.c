/* test_healthcheck.c - `saywho --healthcheck` (the container HEALTHCHECK) against a
 * running server, a dead port, a listener that never answers, and canned replies. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

struct probe {
  int status;        /* exit status of saywho --healthcheck, -1 if it did not exit */
  double seconds;    /* how long it took */
  char stderr_text[512];
};

/* Runs SAYWHO_BIN --healthcheck with HOST=host PORT=port, as the container does. */
static void run_probe(const char *host, int port, struct probe *p)
{
  char path[64];
  snprintf(path, sizeof path, "/tmp/saywho-hc-%d-%d.err", (int)getpid(), port);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  cr_assert(pid >= 0, "fork: %s", strerror(errno));
  if (pid == 0) {
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    setenv("PORT", port_text, 1);
    setenv("HOST", host, 1);
    if (freopen(path, "w", stderr) == NULL)
      _exit(126);
    execl(getenv("SAYWHO_BIN"), "saywho", "--healthcheck", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    continue;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  p->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  p->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  p->stderr_text[0] = '\0';
  FILE *f = fopen(path, "r");
  if (f != NULL) {
    size_t n = fread(p->stderr_text, 1, sizeof p->stderr_text - 1, f);
    p->stderr_text[n] = '\0';
    fclose(f);
  }
  unlink(path);
}

/* A loopback listener on a free port; returns the fd and sets *port. */
static int listen_loopback(int *port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  cr_assert(fd >= 0);
  cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  cr_assert_eq(listen(fd, 4), 0);
  cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
  *port = ntohs(a.sin_port);
  return fd;
}

struct canned {
  int listen_fd;
  const char *reply;
};

/* Accepts one connection, reads the request head, writes the canned reply. */
static void *answer_once(void *arg)
{
  struct canned *c = arg;
  int fd = accept(c->listen_fd, NULL, NULL);
  if (fd < 0)
    return NULL;
  char buf[1024];
  size_t got = 0;
  while (got < sizeof buf - 1) {
    ssize_t r = recv(fd, buf + got, sizeof buf - 1 - got, 0);
    if (r <= 0)
      break;
    got += (size_t)r;
    buf[got] = '\0';
    if (strstr(buf, "\r\n\r\n") != NULL)
      break;
  }
  if (send(fd, c->reply, strlen(c->reply), MSG_NOSIGNAL) < 0)
    perror("send");
  close(fd);
  return NULL;
}

static void probe_canned(const char *reply, struct probe *p)
{
  struct canned c = {.reply = reply};
  int port;
  c.listen_fd = listen_loopback(&port);
  pthread_t t;
  cr_assert_eq(pthread_create(&t, NULL, answer_once, &c), 0);
  run_probe("127.0.0.1", port, p);
  pthread_join(t, NULL);
  close(c.listen_fd);
}

TestSuite(healthcheck, .timeout = 30);

Test(healthcheck, healthy_server_exits_0, .init = require_database, .timeout = 60)
{
  struct test_server srv;
  server_start(&srv, NULL);
  struct probe p;
  run_probe("127.0.0.1", srv.port, &p);
  cr_expect_eq(p.status, 0, "stderr: %s", p.stderr_text);
  /* HOST=0.0.0.0 (the image's default) probes 127.0.0.1. */
  run_probe("0.0.0.0", srv.port, &p);
  cr_expect_eq(p.status, 0, "wildcard HOST: %s", p.stderr_text);
  cr_expect_eq(server_stop(&srv), 0);
}

Test(healthcheck, dead_port_exits_1_at_once, .timeout = 30)
{
  int port;
  int fd = listen_loopback(&port);
  close(fd); /* nothing listens there now */
  struct probe p;
  run_probe("127.0.0.1", port, &p);
  cr_expect_eq(p.status, 1, "stderr: %s", p.stderr_text);
  cr_expect(strstr(p.stderr_text, "refused") != NULL, "%s", p.stderr_text);
  cr_expect_lt(p.seconds, 2.0, "a refused connection fails fast (%.2f s)", p.seconds);
}

Test(healthcheck, silent_listener_times_out_in_3_s, .timeout = 30)
{
  int port;
  int fd = listen_loopback(&port); /* the kernel accepts, nobody answers */
  struct probe p;
  run_probe("127.0.0.1", port, &p);
  close(fd);
  cr_expect_eq(p.status, 1, "stderr: %s", p.stderr_text);
  cr_expect_geq(p.seconds, 2.5, "gave up too early (%.2f s)", p.seconds);
  cr_expect_lt(p.seconds, 5.0, "not bounded by 3 s (%.2f s)", p.seconds);
}

Test(healthcheck, status_503_exits_1, .timeout = 30)
{
  struct probe p;
  probe_canned("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", &p);
  cr_expect_eq(p.status, 1);
  cr_expect(strstr(p.stderr_text, "503") != NULL, "%s", p.stderr_text);
}

Test(healthcheck, garbage_exits_1, .timeout = 30)
{
  struct probe p;
  probe_canned("SSH-2.0-OpenSSH_9.2\r\n", &p);
  cr_expect_eq(p.status, 1);
  probe_canned("", &p);
  cr_expect_eq(p.status, 1, "closed without an answer");
}

Test(healthcheck, bare_200_status_line_exits_0, .timeout = 30)
{
  struct probe p;
  probe_canned("HTTP/1.0 200\r\n\r\n", &p);
  cr_expect_eq(p.status, 0, "stderr: %s", p.stderr_text);
}
