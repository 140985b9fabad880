/* healthcheck.c - a minimal, deadline-bounded HTTP probe of the local /health. */
#include "healthcheck.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline; 1 when ready, 0 on timeout, -1 on error. */
static int wait_for(int fd, short events, long long deadline)
{
  for (;;) {
    long long left = deadline - now_ms();
    if (left <= 0)
      return 0;
    struct pollfd p = {.fd = fd, .events = events};
    int n = poll(&p, 1, (int)left);
    if (n < 0 && errno == EINTR)
      continue;
    return n < 0 ? -1 : n > 0 ? 1 : 0;
  }
}

const char *healthcheck_target(const char *host)
{
  if (host == NULL || host[0] == '\0' || strcmp(host, "0.0.0.0") == 0)
    return "127.0.0.1";
  unsigned char any6[16] = {0}, addr[16];
  if (inet_pton(AF_INET6, host, addr) == 1 && memcmp(addr, any6, sizeof addr) == 0)
    return "::1";
  return host;
}

/* A non-blocking socket connected to host:port by the deadline, or -1. */
static int connect_by(const char *host, unsigned port, long long deadline, char *err,
                      size_t errlen)
{
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  socklen_t len;
  struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    len = sizeof *v6;
  } else {
    snprintf(err, errlen, "%s is not an IP address", host);
    return -1;
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    /* NOLINTNEXTLINE(concurrency-mt-unsafe): --healthcheck runs no threads */
    snprintf(err, errlen, "socket: %s", strerror(errno));
    return -1;
  }
  if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
    if (errno != EINPROGRESS) {
      /* NOLINTNEXTLINE(concurrency-mt-unsafe): --healthcheck runs no threads */
      snprintf(err, errlen, "connect to %s port %u: %s", host, port, strerror(errno));
      goto fail;
    }
    int ready = wait_for(fd, POLLOUT, deadline);
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    if (ready == 0) {
      snprintf(err, errlen, "connect to %s port %u: timed out", host, port);
      goto fail;
    }
    if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0) {
      int code = soerr ? soerr : errno;
      /* NOLINTNEXTLINE(concurrency-mt-unsafe): --healthcheck runs no threads */
      snprintf(err, errlen, "connect to %s port %u: %s", host, port, strerror(code));
      goto fail;
    }
  }
  return fd;
fail:
  close(fd);
  return -1;
}

/* "HTTP/1.x NNN ..." -> NNN, or -1. */
static int status_of(const char *line)
{
  unsigned major, minor, code;
  char sp;
  if (sscanf(line, "HTTP/%u.%u %3u%c", &major, &minor, &code, &sp) != 4 || (sp != ' ' && sp != '\r') ||
      code < 100 || code > 599)
    return -1;
  return (int)code;
}

int healthcheck_run(const char *host, unsigned port, const char *path, unsigned timeout_ms,
                    char *err, size_t errlen)
{
  long long deadline = now_ms() + timeout_ms;
  int fd = connect_by(host, port, deadline, err, errlen);
  if (fd < 0)
    return -1;
  int rc = -1;
  char buf[512];
  int n = snprintf(buf, sizeof buf,
                   "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: saywho-healthcheck\r\n"
                   "Connection: close\r\n\r\n",
                   path, host);
  if (n < 0 || (size_t)n >= sizeof buf) {
    snprintf(err, errlen, "path too long");
    goto out;
  }
  for (size_t sent = 0; sent < (size_t)n;) {
    if (wait_for(fd, POLLOUT, deadline) <= 0) {
      snprintf(err, errlen, "sending the request: timed out");
      goto out;
    }
    ssize_t w = send(fd, buf + sent, (size_t)n - sent, MSG_NOSIGNAL);
    if (w < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (w < 0) {
      /* NOLINTNEXTLINE(concurrency-mt-unsafe): --healthcheck runs no threads */
      snprintf(err, errlen, "sending the request: %s", strerror(errno));
      goto out;
    }
    sent += (size_t)w;
  }
  size_t got = 0;
  while (memchr(buf, '\n', got) == NULL && got < sizeof buf - 1) {
    int ready = wait_for(fd, POLLIN, deadline);
    if (ready <= 0) {
      snprintf(err, errlen, "no answer within %u ms", timeout_ms);
      goto out;
    }
    ssize_t r = recv(fd, buf + got, sizeof buf - 1 - got, 0);
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (r <= 0) {
      snprintf(err, errlen, "connection closed before a status line");
      goto out;
    }
    got += (size_t)r;
  }
  buf[got] = '\0';
  int code = status_of(buf);
  if (code < 0)
    snprintf(err, errlen, "not an HTTP status line");
  else if (code != 200)
    snprintf(err, errlen, "GET %s answered status %d", path, code);
  else
    rc = 0;
out:
  close(fd);
  return rc;
}
