/* roster.c - the speakers table compiled into a trie of names, aliases and derived forms. */
#include "roster.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lexicon.h"
#include "utf8.h"

#define NO_NODE UINT32_MAX
#define NO_ENTRY UINT32_MAX

struct entry {
  long long id;
  uint32_t exact;      /* offset of the form as written in pool (for case-exact forms) */
  uint16_t len;        /* bytes */
  uint8_t form;        /* enum roster_form */
  uint8_t exact_case;  /* 1: must match byte for byte; 0: ASCII case-insensitive */
  uint8_t derived;     /* 1: a derived form, weaker than any explicit one */
  uint32_t next;       /* next entry ending at the same node, or NO_ENTRY */
};

struct node {
  uint32_t edge_start; /* into edges (flattened) / first child (while building) */
  uint32_t edge_count; /* (flattened) / next sibling (while building) */
  uint32_t entry;      /* first entry ending here, or NO_ENTRY */
  uint8_t byte;        /* the edge byte leading here (while building) */
};

struct edge {
  uint8_t byte;
  uint32_t child;
};

/* A speaker's role head noun: the last word of a role alias ("minister" of
 * "the Russian foreign minister") or of the title before the name in a
 * name-like alias ("executive" of "Chief Executive Rajesh Iyer"); lowercase. */
#define ROLE_WORD_MAX 24
struct role_word {
  long long id;
  uint8_t n, mod_n;
  char w[ROLE_WORD_MAX];
  char mod[ROLE_WORD_MAX]; /* the word before it ("foreign" of "foreign minister"), or mod_n 0 */
};

/* The initials of a speaker's name ("DA" for "Deb Abbott"), as radio and
 * podcast transcripts label their turns ("DA: Incorrect."). */
#define INITIALS_MAX 4
struct initials {
  char c[INITIALS_MAX + 1]; /* NUL-padded capitals */
  long long id;
};

/* A form several speakers share ("Smith"), one row per speaker: the trie
 * keeps one ambiguous entry for it, this says whose form it is. */
struct shared_form {
  uint64_t hash; /* form_hash() of the form */
  long long id;
};

struct roster {
  uint32_t root_next[256]; /* dense first level */
  struct shared_form *shared; /* sorted by hash, then id */
  size_t shared_count, shared_cap;
  struct initials *inits;  /* sorted by letters, then id */
  size_t init_count, init_cap;
  struct role_word *roles; /* sorted by id */
  size_t role_count, role_cap;
  struct node *nodes;
  size_t node_count;
  struct edge *edges;
  struct entry *entries;
  size_t entry_count;
  char *pool;
  size_t speaker_count;
};

static void set_err(char *err, size_t errlen, const char *msg) {
  if (err && errlen)
    snprintf(err, errlen, "%s", msg);
}

static inline uint8_t fold(uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* ---- building ---- */

struct builder {
  struct roster *r;
  size_t node_cap, entry_cap, pool_len, pool_cap;
};

/* FNV-1a of the folded bytes. */
static uint64_t form_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ fold((uint8_t)s[i])) * 1099511628211ULL;
  return h;
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return 0;
  size_t nc = *cap ? *cap * 2 : 64;
  while (nc < need)
    nc *= 2;
  void *np = realloc(*p, nc * size);
  if (!np)
    return -1;
  *p = np;
  *cap = nc;
  return 0;
}

static uint32_t new_node(struct builder *b, uint8_t byte) {
  struct roster *r = b->r;
  if (grow((void **)&r->nodes, &b->node_cap, r->node_count + 1, sizeof *r->nodes) < 0)
    return NO_NODE;
  struct node *n = &r->nodes[r->node_count];
  n->edge_start = NO_NODE; /* first child */
  n->edge_count = NO_NODE; /* next sibling */
  n->entry = NO_ENTRY;
  n->byte = byte;
  return (uint32_t)r->node_count++;
}

static uint32_t child_of(struct builder *b, uint32_t parent, uint8_t byte, int create) {
  struct roster *r = b->r;
  uint32_t c = r->nodes[parent].edge_start;
  while (c != NO_NODE && r->nodes[c].byte != byte)
    c = r->nodes[c].edge_count;
  if (c != NO_NODE || !create)
    return c;
  c = new_node(b, byte);
  if (c == NO_NODE)
    return NO_NODE;
  r->nodes[c].edge_count = r->nodes[parent].edge_start;
  r->nodes[parent].edge_start = c;
  return c;
}

/* Adds one form of speaker id; merges exact duplicates. */
/* Notes that speaker id has the shared form s (id -1: the entry already
 * collapsed, its speakers noted). */
static int add_shared(struct roster *r, long long id, const char *s, size_t n) {
  if (id <= 0)
    return 0;
  if (grow((void **)&r->shared, &r->shared_cap, r->shared_count + 1, sizeof *r->shared) < 0)
    return -1;
  r->shared[r->shared_count++] = (struct shared_form){form_hash(s, n), id};
  return 0;
}

static int add_form(struct builder *b, long long id, const char *s, size_t n,
                    enum roster_form form, int exact_case, int derived) {
  struct roster *r = b->r;
  if (n == 0 || n > ROSTER_MAX_FORM_BYTES)
    return 0;
  uint32_t node = 0;
  for (size_t i = 0; i < n; i++) {
    node = child_of(b, node, fold((uint8_t)s[i]), 1);
    if (node == NO_NODE)
      return -1;
  }
  for (uint32_t e = r->nodes[node].entry; e != NO_ENTRY; e = r->entries[e].next) {
    struct entry *x = &r->entries[e];
    int same = x->exact_case == exact_case && (!exact_case || memcmp(r->pool + x->exact, s, n) == 0);
    if (same && x->id == id && x->derived <= derived)
      return 0;
    /* The same form of another speaker: one ambiguous entry, not one per
     * speaker, so a surname a thousand speakers share costs one comparison. */
    if (same && x->derived == derived) {
      if (add_shared(r, x->id, s, n) < 0 || add_shared(r, id, s, n) < 0)
        return -1;
      x->id = -1;
      if (form < x->form)
        x->form = (uint8_t)form;
      return 0;
    }
  }
  if (grow((void **)&r->entries, &b->entry_cap, r->entry_count + 1, sizeof *r->entries) < 0 ||
      grow((void **)&r->pool, &b->pool_cap, b->pool_len + n, 1) < 0)
    return -1;
  memcpy(r->pool + b->pool_len, s, n);
  struct entry *x = &r->entries[r->entry_count];
  x->id = id;
  x->exact = (uint32_t)b->pool_len;
  x->len = (uint16_t)n;
  x->form = (uint8_t)form;
  x->exact_case = (uint8_t)exact_case;
  x->derived = (uint8_t)derived;
  x->next = r->nodes[node].entry;
  r->nodes[node].entry = (uint32_t)r->entry_count++;
  b->pool_len += n;
  return 0;
}

/* Trims blanks; returns the trimmed length and moves *s. */
static size_t trimmed(const char **s) {
  const char *p = *s;
  while (*p == ' ' || *p == '\t')
    p++;
  size_t n = strlen(p);
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
    n--;
  *s = p;
  return n;
}

static int shares_word(const char *a, size_t an, const char *name, size_t nn) {
  for (size_t i = 0; i < an;) {
    size_t j = i;
    while (j < an && a[j] != ' ')
      j++;
    for (size_t k = 0; k < nn;) {
      size_t l = k;
      while (l < nn && name[l] != ' ')
        l++;
      if (l - k == j - i && memcmp(name + k, a + i, j - i) == 0)
        return 1;
      k = l + 1;
    }
    i = j + 1;
  }
  return 0;
}

/* Whether alias a shares with the name a word led by a capital: "barrister
 * Alan Toal" does ("Alan"), "the harbour master zq12" does not. */
static int shares_name_word(const char *a, size_t an, const char *name, size_t nn) {
  for (size_t i = 0; i < an;) {
    size_t j = i;
    while (j < an && a[j] != ' ')
      j++;
    if (j > i && a[i] >= 'A' && a[i] <= 'Z' && shares_word(a + i, j - i, name, nn))
      return 1;
    i = j + 1;
  }
  return 0;
}

static int is_suffix_word(const char *w, size_t n) {
  static const char *const suffixes[] = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", NULL};
  for (size_t k = 0; suffixes[k]; k++)
    if (strlen(suffixes[k]) == n && memcmp(suffixes[k], w, n) == 0)
      return 1;
  return 0;
}

/* The length of an Arabic article particle leading surname w ("al-", "Al-",
 * "el-", "El-"), after which the surname is written alone too ("Dr. Abadi"
 * for "Haider al-Abadi"), or 0. */
static size_t particle_len(const char *w, size_t n) {
  if (n > 3 && w[2] == '-' && ((w[0] | 32) == 'a' || (w[0] | 32) == 'e') && w[1] == 'l' &&
      w[3] >= 'A' && w[3] <= 'Z')
    return 3;
  return 0;
}

/* Whether w (n bytes) is a plain ASCII word that fits a role_word. */
static int role_letters(const char *w, size_t n) {
  if (n < 2 || n >= ROLE_WORD_MAX)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!((w[i] | 32) >= 'a' && (w[i] | 32) <= 'z'))
      return 0;
  return 1;
}

/* Records w (n bytes) as a role head noun of id, lowercased, with the word
 * before it (mod, mod_n; kept when it is a plain word other than "the" or
 * "a"); words too long or not plain ASCII letters are skipped. */
static int add_role_word(struct roster *r, long long id, const char *w, size_t n,
                         const char *mod, size_t mod_n) {
  if (n > 1 && w[n - 1] == '.') { /* "Gov." of "Gov. Rick Scott": "the governor" */
    const char *noun = lexicon_title_noun(w, n - 1);
    if (!noun)
      return 0;
    w = noun, n = strlen(noun), mod_n = 0;
  }
  if (!role_letters(w, n))
    return 0;
  if (!role_letters(mod, mod_n) || (mod_n == 3 && !strncasecmp(mod, "the", 3)))
    mod_n = 0;
  if (grow((void **)&r->roles, &r->role_cap, r->role_count + 1, sizeof *r->roles) < 0)
    return -1;
  struct role_word *x = &r->roles[r->role_count++];
  x->id = id;
  x->n = (uint8_t)n;
  x->mod_n = (uint8_t)mod_n;
  for (size_t i = 0; i < n; i++)
    x->w[i] = (char)fold((uint8_t)w[i]);
  for (size_t i = 0; i < mod_n; i++)
    x->mod[i] = (char)fold((uint8_t)mod[i]);
  return 0;
}

/* The role head noun of alias a: its last word when it is a role noun, else
 * the last word before the first word it shares with the name. */
static int alias_role_word(struct roster *r, long long id, const char *a, size_t an, int role,
                           const char *name, size_t nn) {
  size_t ws = 0, prev_s = 0, prev_e = 0, pp_s = 0, pp_e = 0;
  while (ws < an) {
    size_t we = ws;
    while (we < an && a[we] != ' ')
      we++;
    if (!role && shares_word(a + ws, we - ws, name, nn))
      return prev_e > prev_s ? add_role_word(r, id, a + prev_s, prev_e - prev_s, a + pp_s, pp_e - pp_s)
                             : 0;
    pp_s = prev_s, pp_e = prev_e;
    prev_s = ws, prev_e = we;
    ws = we;
    while (ws < an && a[ws] == ' ')
      ws++;
  }
  return role && prev_e > prev_s
             ? add_role_word(r, id, a + prev_s, prev_e - prev_s, a + pp_s, pp_e - pp_s)
             : 0;
}

/* Records the initials of name (nn bytes): the first letter of each word,
 * capitals A-Z only, suffixes ("Jr.") left out; 2 to INITIALS_MAX of them. */
static int add_initials(struct roster *r, long long id, const char *name, size_t nn) {
  struct initials x = {.id = id};
  size_t n = 0;
  for (size_t i = 0; i < nn;) {
    size_t j = i;
    while (j < nn && name[j] != ' ')
      j++;
    if (j > i && !is_suffix_word(name + i, j - i)) {
      if (n == INITIALS_MAX || name[i] < 'A' || name[i] > 'Z')
        return 0;
      x.c[n++] = name[i];
    }
    i = j + 1;
  }
  if (n < 2)
    return 0;
  if (grow((void **)&r->inits, &r->init_cap, r->init_count + 1, sizeof *r->inits) < 0)
    return -1;
  r->inits[r->init_count++] = x;
  return 0;
}

static int add_speaker(struct builder *b, const struct roster_speaker *sp) {
  const char *name = sp->name ? sp->name : "";
  size_t nn = trimmed(&name);
  if (nn && (add_form(b, sp->id, name, nn, ROSTER_FORM_NAME, 1, 0) < 0 ||
             add_initials(b->r, sp->id, name, nn) < 0))
    return -1;
  /* The last word of a multi-word name, skipping "Jr." and the like. */
  size_t end = nn;
  while (end > 0) {
    size_t st = end;
    while (st > 0 && name[st - 1] != ' ')
      st--;
    if (st == 0)
      break;
    if (!is_suffix_word(name + st, end - st)) {
      if (utf8_count(name + st, end - st) >= 2 &&
          add_form(b, sp->id, name + st, end - st, ROSTER_FORM_NAME, 1, 1) < 0)
        return -1;
      size_t p = particle_len(name + st, end - st); /* "Abadi" of "al-Abadi" */
      if (p && utf8_count(name + st + p, end - st - p) >= 3 &&
          add_form(b, sp->id, name + st + p, end - st - p, ROSTER_FORM_NAME, 1, 1) < 0)
        return -1;
      break;
    }
    end = st;
    while (end > 0 && (name[end - 1] == ' ' || name[end - 1] == ','))
      end--;
  }
  for (size_t k = 0; k < sp->alias_count; k++) {
    const char *a = sp->aliases[k];
    if (!a)
      continue;
    size_t an = trimmed(&a);
    if (!an || an > ROSTER_MAX_FORM_BYTES)
      continue; /* too long to be matched (add_form skips it too) */
    uint32_t cp;
    utf8_decode(a, an, 0, &cp);
    /* lowercase-led: a role noun ("the Russian leader"), unless it holds the
     * name after a lowercase title ("barrister Alan Toal") */
    int role = utf8_is_lower(cp) && !shares_name_word(a, an, name, nn);
    enum roster_form form = role                            ? ROSTER_FORM_ROLE
                            : shares_word(a, an, name, nn) ? ROSTER_FORM_NAME
                                                            : ROSTER_FORM_ALIAS;
    if (add_form(b, sp->id, a, an, form, !role, 0) < 0 ||
        alias_role_word(b->r, sp->id, a, an, role, name, nn) < 0)
      return -1;
  }
  return 0;
}

static int edge_cmp(const void *a, const void *b) {
  const struct edge *x = a, *y = b;
  return (int)x->byte - (int)y->byte;
}

/* Turns the sibling lists into sorted edge arrays. */
static int flatten(struct roster *r) {
  size_t total = r->node_count ? r->node_count - 1 : 0;
  r->edges = malloc((total ? total : 1) * sizeof *r->edges);
  if (!r->edges)
    return -1;
  size_t o = 0;
  for (size_t i = 0; i < r->node_count; i++) {
    struct node *n = &r->nodes[i];
    size_t first = o;
    for (uint32_t c = n->edge_start; c != NO_NODE; c = r->nodes[c].edge_count) {
      r->edges[o].byte = r->nodes[c].byte;
      r->edges[o].child = c;
      o++;
    }
    qsort(r->edges + first, o - first, sizeof *r->edges, edge_cmp);
    n->edge_start = (uint32_t)first;
    n->edge_count = (uint32_t)(o - first);
  }
  for (size_t k = 0; k < 256; k++)
    r->root_next[k] = NO_NODE;
  if (r->node_count) {
    struct node *root = &r->nodes[0];
    for (uint32_t e = 0; e < root->edge_count; e++)
      r->root_next[r->edges[root->edge_start + e].byte] = r->edges[root->edge_start + e].child;
  }
  return 0;
}

static int shared_cmp(const void *a, const void *b) {
  const struct shared_form *x = a, *y = b;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static int initials_cmp(const void *a, const void *b) {
  const struct initials *x = a, *y = b;
  int c = strcmp(x->c, y->c);
  return c ? c : (x->id > y->id) - (x->id < y->id);
}

long long roster_initials(const struct roster *r, const char *w, size_t n) {
  if (!r || n < 2 || n > INITIALS_MAX)
    return 0;
  char key[INITIALS_MAX + 1] = {0};
  memcpy(key, w, n);
  size_t lo = 0, hi = r->init_count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(r->inits[mid].c, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == r->init_count || strcmp(r->inits[lo].c, key) != 0)
    return 0;
  size_t first = lo;
  hi = r->init_count;
  while (lo < hi) { /* past the last entry of these letters: ids sorted, so first and last differ
                       exactly when two speakers share them */
    size_t mid = (lo + hi) / 2;
    if (strcmp(r->inits[mid].c, key) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return r->inits[first].id == r->inits[lo - 1].id ? r->inits[first].id : -1;
}

static int role_cmp(const void *a, const void *b) {
  const struct role_word *x = a, *y = b;
  return (x->id > y->id) - (x->id < y->id);
}

int roster_role_word(const struct roster *r, long long id, const char *w, size_t n) {
  return roster_role_form(r, id, NULL, 0, w, n);
}

int roster_role_form(const struct roster *r, long long id, const char *mod, size_t mod_n,
                     const char *w, size_t n) {
  if (!r || id <= 0 || n >= ROLE_WORD_MAX || mod_n >= ROLE_WORD_MAX)
    return 0;
  size_t lo = 0, hi = r->role_count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r->roles[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t k = lo; k < r->role_count && r->roles[k].id == id; k++) {
    if (r->roles[k].n != n)
      continue;
    size_t i = 0, j = 0;
    while (i < n && fold((uint8_t)w[i]) == (uint8_t)r->roles[k].w[i])
      i++;
    if (i < n || (mod_n && r->roles[k].mod_n != mod_n))
      continue;
    while (j < mod_n && fold((uint8_t)mod[j]) == (uint8_t)r->roles[k].mod[j])
      j++;
    if (j == mod_n)
      return 1;
  }
  return 0;
}

int roster_build(const struct roster_speaker *speakers, size_t count, struct roster **out,
                 char *err, size_t errlen) {
  *out = NULL;
  if (count > ROSTER_MAX_SPEAKERS) {
    set_err(err, errlen, "too many speakers");
    return -1;
  }
  struct roster *r = calloc(1, sizeof *r);
  if (!r)
    goto oom;
  struct builder b = {.r = r};
  if (new_node(&b, 0) == NO_NODE)
    goto oom;
  for (size_t i = 0; i < count; i++) {
    if (speakers[i].id <= 0) {
      set_err(err, errlen, "speaker id must be positive");
      roster_free(r);
      return -1;
    }
    if (add_speaker(&b, &speakers[i]) < 0)
      goto oom;
  }
  if (b.pool_len > UINT32_MAX || flatten(r) < 0)
    goto oom;
  if (r->role_count)
    qsort(r->roles, r->role_count, sizeof *r->roles, role_cmp);
  if (r->init_count)
    qsort(r->inits, r->init_count, sizeof *r->inits, initials_cmp);
  if (r->shared_count)
    qsort(r->shared, r->shared_count, sizeof *r->shared, shared_cmp);
  r->speaker_count = count;
  *out = r;
  return 0;
oom:
  set_err(err, errlen, "out of memory");
  roster_free(r);
  return -1;
}

void roster_free(struct roster *r) {
  if (!r)
    return;
  free(r->nodes);
  free(r->roles);
  free(r->inits);
  free(r->shared);
  free(r->edges);
  free(r->entries);
  free(r->pool);
  free(r);
}

size_t roster_speaker_count(const struct roster *r) {
  return r ? r->speaker_count : 0;
}

/* ---- matching ---- */

static inline uint32_t step(const struct roster *r, uint32_t node, uint8_t c) {
  if (node == 0)
    return r->root_next[c];
  const struct node *n = &r->nodes[node];
  const struct edge *e = r->edges + n->edge_start;
  for (uint32_t k = 0; k < n->edge_count; k++) {
    if (e[k].byte == c)
      return e[k].child;
    if (e[k].byte > c)
      break;
  }
  return NO_NODE;
}

static int word_at(const char *text, size_t len, size_t i) {
  unsigned char c = (unsigned char)text[i];
  if (c < 0x80)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  uint32_t cp;
  utf8_decode(text, len, i, &cp);
  return utf8_is_word(cp);
}

/* Picks the speaker among the entries that match text[pos..end): explicit forms
 * beat derived ones; two different speakers make it ambiguous. 0 when none. */
static int resolve(const struct roster *r, uint32_t first, const char *text, size_t pos,
                   size_t end, int any_case, struct roster_hit *hit) {
  int found = 0, derived = 1;
  for (uint32_t e = first; e != NO_ENTRY; e = r->entries[e].next) {
    const struct entry *x = &r->entries[e];
    if (x->exact_case && !any_case && memcmp(r->pool + x->exact, text + pos, end - pos) != 0)
      continue;
    if (found && x->derived > derived)
      continue;
    if (!found || x->derived < derived) {
      hit->id = x->id;
      hit->form = (enum roster_form)x->form;
      derived = x->derived;
      found = 1;
    } else if (hit->id != x->id) {
      hit->id = -1;
    } else if (x->form < hit->form) {
      hit->form = (enum roster_form)x->form;
    }
  }
  return found;
}

static int possessive_at(const char *text, size_t len, size_t end) {
  size_t q = 0;
  if (end < len && text[end] == '\'')
    q = 1;
  else if (end + 2 < len && (unsigned char)text[end] == 0xE2 &&
           (unsigned char)text[end + 1] == 0x80 && (unsigned char)text[end + 2] == 0x99)
    q = 3;
  if (!q)
    return 0;
  size_t s = end + q;
  if (s < len && (text[s] == 's' || text[s] == 'S'))
    return s + 1 >= len || !word_at(text, len, s + 1);
  return end > 0 && text[end - 1] == 's' && (s >= len || !word_at(text, len, s));
}

static int match(const struct roster *r, const char *text, size_t len, size_t pos, int any_case,
                 struct roster_hit *hit) {
  if (!r || pos >= len)
    return 0;
  uint32_t node = 0;
  int found = 0;
  for (size_t i = pos; i < len; i++) {
    node = step(r, node, fold((uint8_t)text[i]));
    if (node == NO_NODE)
      break;
    uint32_t first = r->nodes[node].entry;
    if (first == NO_ENTRY)
      continue;
    size_t end = i + 1;
    if (end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
      continue; /* the form ends inside a character of the text */
    if (end < len && word_at(text, len, end))
      continue;
    struct roster_hit h;
    if (resolve(r, first, text, pos, end, any_case, &h)) {
      h.start = pos;
      h.end = end;
      *hit = h;
      found = 1;
    }
  }
  if (found)
    hit->possessive = possessive_at(text, len, hit->end);
  return found;
}

int roster_shared_by(const struct roster *r, long long id, const char *text, size_t len,
                     size_t start, size_t end) {
  if (!r || id <= 0 || start >= end || end > len || r->shared_count == 0)
    return 0;
  struct shared_form key = {form_hash(text + start, end - start), id};
  return bsearch(&key, r->shared, r->shared_count, sizeof *r->shared, shared_cmp) != NULL;
}

int roster_match_at(const struct roster *r, const char *text, size_t len, size_t pos,
                    struct roster_hit *hit) {
  return match(r, text, len, pos, 0, hit);
}

int roster_match_any_case(const struct roster *r, const char *text, size_t len, size_t pos,
                          struct roster_hit *hit) {
  return match(r, text, len, pos, 1, hit);
}

static inline int ascii_word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

size_t roster_scan(const struct roster *r, const char *text, size_t len,
                   struct roster_hit *hits, size_t cap) {
  size_t n = 0;
  if (!r)
    return 0;
  int prev_word = 0;
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)text[i];
    size_t w = 1;
    int is_word;
    if (c < 0x80) {
      is_word = ascii_word(c);
    } else {
      uint32_t cp;
      w = utf8_decode(text, len, i, &cp);
      is_word = utf8_is_word(cp);
    }
    if (is_word && !prev_word && r->root_next[fold(c)] != NO_NODE) {
      struct roster_hit h;
      if (roster_match_at(r, text, len, i, &h)) {
        if (n < cap)
          hits[n] = h;
        n++;
        i = h.end;
        prev_word = 1;
        continue;
      }
    }
    prev_word = is_word;
    i += w;
    if (is_word) /* the rest of the word starts no form: skip its ASCII letters at once */
      while (i < len && ascii_word((unsigned char)text[i]))
        i++;
  }
  return n;
}
