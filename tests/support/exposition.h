/* exposition.h - a strict parser of the Prometheus text exposition format
 * (version 0.0.4), for tests that scrape GET /metrics.
 *
 * Checked while parsing: every line ends in \n; HELP and TYPE name valid
 * metric names, appear at most once per family and TYPE before its samples;
 * sample lines are `name{label="value",...} value [timestamp]` with valid
 * names, only the escapes \\ \" \n in label values, no duplicate label in a
 * sample and no duplicate series; each sample belongs to a family with a
 * TYPE (histogram samples through _bucket/_sum/_count) and a family's lines
 * form one group. */
#ifndef SAYWHO_TEST_EXPOSITION_H
#define SAYWHO_TEST_EXPOSITION_H

#include <stddef.h>

#define EXPO_MAX_LABELS 8

struct expo_label {
  char *name;
  char *value; /* unescaped */
};

struct expo_sample {
  char *name;
  const char *family; /* points at the family's name */
  struct expo_label labels[EXPO_MAX_LABELS];
  size_t label_count;
  double value;
  size_t line;
};

struct expo_family {
  char *name;
  char *type; /* counter, gauge, histogram, summary, untyped */
  char *help; /* unescaped; NULL when there is none */
};

struct expo {
  struct expo_sample *samples;
  size_t sample_count;
  struct expo_family *families;
  size_t family_count;
};

/* Parses text[0..len). Returns 0, or -1 with "line N: what" in err. On
 * success the caller frees out with expo_free(); on failure nothing is held. */
int expo_parse(const char *text, size_t len, struct expo *out, char *err, size_t errlen);
void expo_free(struct expo *e);

/* The family called name, or NULL. */
const struct expo_family *expo_family(const struct expo *e, const char *name);

/* The value of label name in s, or NULL. */
const char *expo_label(const struct expo_sample *s, const char *name);

/* The sample called name whose labels include every "name", "value" pair of
 * the NULL-terminated list labels (NULL: any); the first such, or NULL. */
const struct expo_sample *expo_find(const struct expo *e, const char *name,
                                    const char *const *labels);

/* Checks every histogram family: for each label set, `le` bounds strictly
 * increase, bucket counts never decrease, the last bucket is le="+Inf" and
 * equals _count, and _sum exists. Returns 0, or -1 with the reason in err. */
int expo_check_histograms(const struct expo *e, char *err, size_t errlen);

#endif
