/* walk.h - file discovery for `saywho import`: the articles named by the
 * PATHs, one at a time, directories walked as they are read (nothing is
 * gathered, so memory does not grow with the number of files).
 *
 * In a directory (recursively): regular files ending in .txt (wire text) or
 * .json (a JSON article), case-insensitive, symbolic links to such files
 * included. Hidden entries (".name") and other files are skipped; links to
 * directories are not followed (no loops). A PATH named on the command line
 * is taken whatever its kind, and what cannot be an article (missing, not a
 * .txt or .json file, an unreadable directory, nested too deep) comes out as
 * an item of kind WALK_PROBLEM, so that it is reported, not lost. */
#ifndef SAYWHO_CLIENT_WALK_H
#define SAYWHO_CLIENT_WALK_H

#include <stddef.h>

#define WALK_PATH_MAX 4096u
#define WALK_DEPTH_MAX 32u

enum walk_kind {
  WALK_WIRE,    /* a .txt file: text/plain */
  WALK_JSON,    /* a .json file: application/json */
  WALK_STDIN,   /* "-": NDJSON on standard input */
  WALK_PROBLEM, /* not an article: see problem */
};

struct walk_item {
  enum walk_kind kind;
  const char *path;    /* owned by the walk; valid until the next walk_next() */
  const char *problem; /* WALK_PROBLEM: why, owned likewise; else NULL */
};

struct walk;

/* A walk over paths[0..n), which must outlive it; NULL when out of memory. */
struct walk *walk_open(char *const *paths, size_t n);

/* 1 with *it set to the next item, or 0 when there are no more. */
int walk_next(struct walk *w, struct walk_item *it);

/* Closes the directories still open and frees w (NULL is fine). */
void walk_close(struct walk *w);

/* How many items a walk over paths would give (a first pass, for the
 * progress total); *has_stdin tells whether "-" is among them. */
size_t walk_count(char *const *paths, size_t n, int *has_stdin);

#endif
