/* walk.c - file discovery: PATHs and the directories under them, streamed. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct walk {
  char *const *paths;
  size_t count, next;                 /* the PATHs, and the next one to take */
  DIR *dirs[WALK_DEPTH_MAX];          /* the directories being read, outermost first */
  size_t dir_len[WALK_DEPTH_MAX];     /* length of path for each of them */
  size_t depth;                       /* how many of dirs are open */
  char path[WALK_PATH_MAX];           /* the current item's path */
  char problem[256];
};

struct walk *walk_open(char *const *paths, size_t n)
{
  struct walk *w = calloc(1, sizeof *w);
  if (w == NULL)
    return NULL;
  w->paths = paths;
  w->count = n;
  return w;
}

void walk_close(struct walk *w)
{
  if (w == NULL)
    return;
  while (w->depth > 0)
    closedir(w->dirs[--w->depth]);
  free(w);
}

static bool has_suffix(const char *name, const char *suffix)
{
  size_t n = strlen(name), s = strlen(suffix);
  return n > s && strcasecmp(name + n - s, suffix) == 0;
}

/* The kind of a regular file by its name, or WALK_PROBLEM. */
static enum walk_kind file_kind(const char *name)
{
  if (has_suffix(name, ".txt"))
    return WALK_WIRE;
  if (has_suffix(name, ".json"))
    return WALK_JSON;
  return WALK_PROBLEM;
}

static int problem(struct walk *w, struct walk_item *it, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int problem(struct walk *w, struct walk_item *it, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(w->problem, sizeof w->problem, fmt, ap);
  va_end(ap);
  *it = (struct walk_item){.kind = WALK_PROBLEM, .path = w->path, .problem = w->problem};
  return 1;
}

static int item(struct walk *w, struct walk_item *it, enum walk_kind kind)
{
  *it = (struct walk_item){.kind = kind, .path = w->path};
  return 1;
}

/* Opens w->path (length len) as the innermost directory. 0, or 1 with a
 * problem item in *it. */
static int enter(struct walk *w, size_t len, struct walk_item *it)
{
  if (w->depth == WALK_DEPTH_MAX)
    return problem(w, it, "directory nested deeper than %u levels: not walked", WALK_DEPTH_MAX);
  DIR *d = opendir(w->path);
  if (d == NULL)
    /* NOLINTNEXTLINE(concurrency-mt-unsafe): the import walks on one thread */
    return problem(w, it, "cannot read the directory: %s", strerror(errno));
  w->dirs[w->depth] = d;
  w->dir_len[w->depth] = len;
  w->depth++;
  return 0;
}

/* The type of entry e of d, following a link to what it names: S_IFREG,
 * S_IFDIR (never through a link), or 0 for anything else. */
static unsigned entry_type(DIR *d, const struct dirent *e)
{
  struct stat st;
  if (e->d_type == DT_REG)
    return S_IFREG;
  if (e->d_type == DT_DIR)
    return S_IFDIR;
  if (e->d_type == DT_LNK)
    return fstatat(dirfd(d), e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode) ? S_IFREG : 0;
  if (e->d_type != DT_UNKNOWN || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return 0;
  if (S_ISLNK(st.st_mode))
    return fstatat(dirfd(d), e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode) ? S_IFREG : 0;
  return S_ISREG(st.st_mode) ? S_IFREG : S_ISDIR(st.st_mode) ? S_IFDIR : 0;
}

/* The next item from the innermost open directory: 1 with *it, 0 when that
 * directory is finished (and closed). */
static int next_in_dir(struct walk *w, struct walk_item *it)
{
  DIR *d = w->dirs[w->depth - 1];
  size_t base = w->dir_len[w->depth - 1];
  for (;;) {
    const struct dirent *e = readdir(d); /* NOLINT(concurrency-mt-unsafe): one thread, own DIR */
    if (e == NULL) {
      closedir(d);
      w->depth--;
      return 0;
    }
    if (e->d_name[0] == '.')
      continue;
    unsigned type = entry_type(d, e);
    if (type == 0 || (type == S_IFREG && file_kind(e->d_name) == WALK_PROBLEM))
      continue;
    size_t len = base + 1 + strlen(e->d_name);
    w->path[base] = '\0';
    if (len >= sizeof w->path) {
      snprintf(w->path + base, sizeof w->path - base, "/%s", e->d_name);
      return problem(w, it, "path longer than %u bytes", WALK_PATH_MAX - 1);
    }
    snprintf(w->path + base, sizeof w->path - base, "/%s", e->d_name);
    if (type == S_IFREG)
      return item(w, it, file_kind(e->d_name));
    if (enter(w, len, it) != 0)
      return 1;
    d = w->dirs[w->depth - 1];
    base = len;
  }
}

/* The next PATH of the command line: 1 with *it, or 0 when it was a
 * directory, now open. */
static int next_path(struct walk *w, struct walk_item *it)
{
  const char *p = w->paths[w->next++];
  size_t len = strlen(p);
  if (len >= sizeof w->path) { /* named by its start */
    memcpy(w->path, p, sizeof w->path - 1);
    w->path[sizeof w->path - 1] = '\0';
    return problem(w, it, "path longer than %u bytes", WALK_PATH_MAX - 1);
  }
  memcpy(w->path, p, len + 1);
  if (strcmp(p, "-") == 0)
    return item(w, it, WALK_STDIN);
  struct stat st;
  if (stat(p, &st) != 0)
    return problem(w, it, "%s", strerror(errno)); /* NOLINT(concurrency-mt-unsafe): one thread */
  if (S_ISDIR(st.st_mode)) {
    while (len > 1 && w->path[len - 1] == '/') /* "dir/" names files "dir/x", not "dir//x" */
      w->path[--len] = '\0';
    return enter(w, len, it);
  }
  if (!S_ISREG(st.st_mode))
    return problem(w, it, "not a regular file or a directory");
  if (file_kind(p) == WALK_PROBLEM)
    return problem(w, it, "not a .txt (wire) or .json (article) file");
  return item(w, it, file_kind(p));
}

int walk_next(struct walk *w, struct walk_item *it)
{
  for (;;) {
    if (w->depth > 0) {
      if (next_in_dir(w, it))
        return 1;
    } else if (w->next < w->count) {
      if (next_path(w, it))
        return 1;
    } else {
      return 0;
    }
  }
}

size_t walk_count(char *const *paths, size_t n, int *has_stdin)
{
  struct walk_item it;
  size_t count = 0;
  *has_stdin = 0;
  struct walk *w = walk_open(paths, n);
  while (w != NULL && walk_next(w, &it)) {
    count++;
    if (it.kind == WALK_STDIN)
      *has_stdin = 1;
  }
  walk_close(w);
  return count;
}
