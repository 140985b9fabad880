/* shape_corpus.c - writes small versions (4 KB) of the adversarial shapes into
 * a directory, for the fuzz target's corpus (scripts/fuzz runs it).
 * Usage: shape_corpus DIR */
#include <stdio.h>
#include <stdlib.h>

#include "shapes.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: shape_corpus DIR\n");
    return 2;
  }
  for (int s = 0; s < SHAPE_COUNT; s++) {
    char path[4096];
    size_t len;
    char *body = shape_body((enum shape)s, 4096, &len);
    snprintf(path, sizeof path, "%s/shape-%s.txt", argv[1], shape_name((enum shape)s));
    FILE *f = body ? fopen(path, "w") : NULL;
    if (!f || fwrite(body, 1, len, f) != len || fclose(f) != 0) {
      fprintf(stderr, "shape_corpus: cannot write %s\n", path);
      return 1;
    }
    free(body);
  }
  return 0;
}
