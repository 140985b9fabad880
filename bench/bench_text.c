/* bench_text.c - the text engine alone over a large generated corpus.
 *
 * Builds a roster of 1,000 generated speakers (name, surname, titled name and
 * a role noun each), generates wire-style articles that quote them (cues
 * before and after, pronouns, quotations, narration, headings), then times
 * wire_parse + extract_run over the corpus on one thread and prints MB/s and
 * statements/s; then the same for each adversarial shape of tests/text/shapes.c
 * (all headings, an endless sentence, quotation marks, nested brackets, 4,000
 * registered speakers), each as large as the engine's caps allow.
 * Usage: bench_text [corpus MiB, default 64] [rounds, default 3]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract.h"
#include "shapes.h"
#include "wire.h"

#define SPEAKERS 1000
#define ARTICLE_BYTES 6000

struct rng {
  unsigned long long s;
};

static unsigned next(struct rng *r) {
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)(r->s >> 33);
}

static const char *const syll[] = {"ka", "lo", "mi", "ren", "sa", "to", "vi", "dor", "el",
                                   "an", "bru", "che", "ga", "ho", "ju", "ni", "pet", "ro"};
static const char *const countries[] = {"French", "German", "Kenyan", "Chilean", "Thai",
                                        "Polish", "Egyptian", "Canadian"};
static const char *const titles[] = {"President", "Prime Minister", "Foreign Minister",
                                     "Governor", "Senator", "Mayor"};

static void word(struct rng *r, char *out, size_t size) {
  size_t o = 0;
  int n = 2 + (int)(next(r) % 2);
  for (int k = 0; k < n; k++)
    o += (size_t)snprintf(out + o, size - o, "%s", syll[next(r) % (sizeof syll / sizeof *syll)]);
  out[0] = (char)(out[0] - 32);
}

struct person {
  char name[64], surname[32], titled[128], role[64];
};

static const char *const templates[] = {
    "%s said the two countries would deepen cooperation in trade, energy and technology.",
    "Trade between the two sides rose 3.5 percent to $1.5 billion last year, %s said.",
    "He said the U.S. and the U.N. should do more to support developing countries.",
    "\"We will not accept any interference in our internal affairs,\" %s told reporters.",
    "Stressing that dialogue is the only way forward, %s said talks would resume in May.",
    "The meeting took place in the capital on Tuesday and lasted three hours.",
    "According to %s, the agreement will be signed next month.",
    "%s's spokesman said the schedule had not been finalised.",
    "\"This is a historic day. We have waited for it for a long time,\" said %s.",
    "Officials from both sides declined to comment on the details.",
    "%s also noted that the first three quarters saw record growth, adding that more was possible.",
    "The country will also seek greater synergy with its neighbours.",
};

static size_t gen_article(struct rng *r, const struct person *p, char *buf, size_t size) {
  size_t o = (size_t)snprintf(buf, size, "date 2024-01-%02u ", 1 + next(r) % 28);
  int para = 0;
  while (o + 600 < size && o < ARTICLE_BYTES) {
    if (para > 0 && para % 5 == 0)
      o += (size_t)snprintf(buf + o, size - o, "Section %d Heading\n", para / 5);
    int sentences = 1 + (int)(next(r) % 3);
    for (int k = 0; k < sentences; k++) {
      const struct person *x = &p[next(r) % SPEAKERS];
      const char *forms[] = {x->name, x->surname, x->titled, x->role};
      const char *who = forms[next(r) % 4];
      char tmp[512];
      snprintf(tmp, sizeof tmp, templates[next(r) % (sizeof templates / sizeof *templates)], who);
      if (tmp[0] >= 'a' && tmp[0] <= 'z')
        tmp[0] = (char)(tmp[0] - 32);
      o += (size_t)snprintf(buf + o, size - o, "%s%s", k ? " " : "", tmp);
    }
    o += (size_t)snprintf(buf + o, size - o, "\n");
    para++;
  }
  o += (size_t)snprintf(buf + o, size - o, "Published : January 2, 2024\nBy : Bench Daily\n");
  return o;
}

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall time, and the CPU time of this thread (what one core spends, whatever
 * else the machine is doing). */
static double now(void) {
  return clock_s(CLOCK_MONOTONIC);
}

static double cpu_now(void) {
  return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* Sizes that stay under the engine's caps on sections and statements. */
static const size_t shape_bytes[SHAPE_COUNT] = {1200000, 4000000, 4000000, 4000000, 1200000};

/* MB/s of wire_parse + extract_run over each adversarial shape (best CPU time
 * of rounds), the roster built once. */
static int bench_shapes(int rounds) {
  struct roster *r = shape_roster(4000);
  if (!r)
    return -1;
  for (int s = 0; s < SHAPE_COUNT; s++) {
    size_t len;
    char *body = shape_body((enum shape)s, shape_bytes[s], &len);
    if (!body)
      return -1;
    double best = 1e30;
    size_t statements = 0;
    for (int round = 0; round < rounds; round++) {
      char err[256];
      struct wire_article art;
      struct extract_result res;
      double c0 = cpu_now();
      if (wire_parse(body, len, &art, err, sizeof err) < 0 ||
          extract_run(r, art.body, art.body_len, 0, &res, err, sizeof err) < 0) {
        fprintf(stderr, "shape %s: %s\n", shape_name((enum shape)s), err);
        return -1;
      }
      double c = cpu_now() - c0;
      statements = res.statement_count;
      extract_result_free(&res);
      wire_article_free(&art);
      if (c < best)
        best = c;
    }
    printf("shape %-9s %.2f MB, %6zu statements: %.3f s  %.1f MB/s (CPU, best of %d)\n",
           shape_name((enum shape)s), (double)len / 1e6, statements, best,
           (double)len / 1e6 / best, rounds);
    free(body);
  }
  roster_free(r);
  return 0;
}

int main(int argc, char **argv) {
  size_t mib = argc > 1 ? (size_t)atoi(argv[1]) : 64;
  int rounds = argc > 2 ? atoi(argv[2]) : 3;
  if (mib == 0 || rounds <= 0) {
    fprintf(stderr, "usage: bench_text [corpus MiB] [rounds]\n");
    return 2;
  }
  struct rng rng = {42};
  static struct person people[SPEAKERS];
  struct roster_speaker sp[SPEAKERS];
  const char *aliases[SPEAKERS][3];
  for (size_t i = 0; i < SPEAKERS; i++) {
    struct person *p = &people[i];
    /* Built in locals: gcc -O0 -Wrestrict misreads fields of one struct as overlapping. */
    char first[32], surname[sizeof p->surname], name[sizeof p->name];
    word(&rng, first, sizeof first);
    word(&rng, surname, sizeof surname);
    snprintf(name, sizeof name, "%s %s", first, surname);
    snprintf(p->titled, sizeof p->titled, "%s %s", titles[next(&rng) % 6], name);
    memcpy(p->surname, surname, sizeof surname);
    memcpy(p->name, name, sizeof name);
    snprintf(p->role, sizeof p->role, "the %s %s", countries[i % 8], i % 3 ? "minister" : "envoy");
    aliases[i][0] = p->surname;
    aliases[i][1] = p->titled;
    aliases[i][2] = p->role;
    sp[i] = (struct roster_speaker){(long long)i + 1, p->name, aliases[i], 3};
  }
  char err[256];
  struct roster *r;
  double t0 = now();
  if (roster_build(sp, SPEAKERS, &r, err, sizeof err) < 0) {
    fprintf(stderr, "roster_build: %s\n", err);
    return 1;
  }
  double t_build = now() - t0;

  size_t total = mib << 20, used = 0, count = 0;
  char *corpus = malloc(total + ARTICLE_BYTES * 2);
  size_t *offs = malloc((total / 1000 + 2) * sizeof *offs);
  if (!corpus || !offs)
    return 1;
  offs[0] = 0;
  while (used < total) {
    used += gen_article(&rng, people, corpus + used, ARTICLE_BYTES * 2);
    offs[++count] = used;
  }

  double best = 1e30, best_cpu = 1e30;
  size_t statements = 0, attributed = 0;
  for (int round = 0; round < rounds; round++) {
    statements = attributed = 0;
    t0 = now();
    double c0 = cpu_now();
    for (size_t a = 0; a < count; a++) {
      struct wire_article art;
      struct extract_result res;
      if (wire_parse(corpus + offs[a], offs[a + 1] - offs[a], &art, err, sizeof err) < 0 ||
          extract_run(r, art.body, art.body_len, 0, &res, err, sizeof err) < 0) {
        fprintf(stderr, "article %zu: %s\n", a, err);
        return 1;
      }
      statements += res.statement_count;
      for (size_t k = 0; k < res.statement_count; k++)
        attributed += res.statements[k].speaker_id > 0;
      extract_result_free(&res);
      wire_article_free(&art);
    }
    double t = now() - t0, c = cpu_now() - c0;
    if (t < best)
      best = t;
    if (c < best_cpu)
      best_cpu = c;
  }
  double mb = (double)used / 1e6;
  printf("roster: %d speakers built in %.1f ms\n", SPEAKERS, t_build * 1e3);
  printf("corpus: %zu articles, %.1f MB, %zu statements (%zu attributed)\n", count, mb,
         statements, attributed);
  printf("best of %d, CPU time of one core: %.3f s  %.1f MB/s  %.0f statements/s\n", rounds,
         best_cpu, mb / best_cpu, (double)statements / best_cpu);
  printf("best of %d, wall clock:          %.3f s  %.1f MB/s  %.0f statements/s\n", rounds,
         best, mb / best, (double)statements / best);
  roster_free(r);
  free(corpus);
  free(offs);
  return bench_shapes(rounds) < 0;
}
