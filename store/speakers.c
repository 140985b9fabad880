/* speakers.c - speakers in PostgreSQL: slugs, CRUD, lists with statement counts, stats. */
#include "speakers.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statements.h"
#include "store_sql.h"

static const char *const list_tags[] = {"q", NULL};
static const Oid list_types[] = {STORE_INT8, STORE_TEXT, STORE_INT4};

const struct store_query speakers_queries[] = {
#define Q_RESOLVE_ID 0
  {"speakers_resolve_id", sql_speakers_resolve_id, 1, NULL, NULL},
#define Q_RESOLVE_SLUG 1
  {"speakers_resolve_slug", sql_speakers_resolve_slug, 1, NULL, NULL},
#define Q_FREE_SLUG 2
  {"speakers_free_slug", sql_speakers_free_slug, 1, NULL, NULL},
#define Q_INSERT 3
  {"speakers_insert", sql_speakers_insert, 5, NULL, NULL},
#define Q_GET 4
  {"speakers_get", sql_speakers_get, 1, NULL, NULL},
#define Q_UPDATE 5
  {"speakers_update", sql_speakers_update, 8, NULL, NULL},
#define Q_DELETE 6
  {"speakers_delete", sql_speakers_delete, 2, NULL, NULL},
#define Q_LIST 7
  {"speakers_list", sql_speakers_list, 3, list_types, list_tags},
#define Q_STATE_VERSION 8
  {"speakers_state_version", sql_speakers_state_version, 0, NULL, NULL},
#define Q_LOAD_ALL 9
  {"speakers_load_all", sql_speakers_load_all, 0, NULL, NULL},
#define Q_LOCK 10
  {"speakers_lock", sql_speakers_lock, 1, NULL, NULL},
#define Q_STATS 11
  {"speakers_stats", sql_speakers_stats, 1, NULL, NULL},
  {NULL, NULL, 0, NULL, NULL},
};

int speakers_resolve(PGconn *conn, const char *ref, long long *id_out, struct store_error *e)
{
  size_t len = strlen(ref);
  bool numeric = len > 0 && strspn(ref, "0123456789") == len;
  if (numeric && (len > 19 || (len == 19 && strcmp(ref, "9223372036854775807") > 0)))
    return store_fail(e, STORE_NOT_FOUND, "speaker %.64s does not exist", ref);
  if (!numeric && !speakers_slug_valid(ref))
    return store_fail(e, STORE_NOT_FOUND, "speaker %.64s does not exist", ref);
  const char *params[] = {ref};
  PGresult *res =
      store_exec(conn, &speakers_queries[numeric ? Q_RESOLVE_ID : Q_RESOLVE_SLUG], params, e);
  if (res == NULL)
    return -1;
  if (PQntuples(res) == 0) {
    PQclear(res);
    return store_fail(e, STORE_NOT_FOUND, "speaker %.64s does not exist", ref);
  }
  *id_out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
  PQclear(res);
  return 0;
}

bool speakers_slug_valid(const char *slug)
{
  size_t len = strlen(slug);
  if (len == 0 || len > SLUG_MAX || strcmp(slug, "none") == 0 ||
      strspn(slug, "0123456789") == len || slug[0] == '-' || slug[len - 1] == '-')
    return false;
  for (size_t i = 0; i < len; i++) {
    char c = slug[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && slug[i + 1] != '-');
    if (!ok)
      return false;
  }
  return true;
}

/* Latin letters with diacritics, folded to ASCII: code points lo..hi → text. */
static const struct fold {
  uint32_t lo, hi;
  const char *ascii;
} folds[] = {
  {0xC0, 0xC5, "a"}, {0xC6, 0xC6, "ae"}, {0xC7, 0xC7, "c"}, {0xC8, 0xCB, "e"},
  {0xCC, 0xCF, "i"}, {0xD0, 0xD0, "d"}, {0xD1, 0xD1, "n"}, {0xD2, 0xD6, "o"},
  {0xD8, 0xD8, "o"}, {0xD9, 0xDC, "u"}, {0xDD, 0xDD, "y"}, {0xDE, 0xDE, "th"},
  {0xDF, 0xDF, "ss"}, {0xE0, 0xE5, "a"}, {0xE6, 0xE6, "ae"}, {0xE7, 0xE7, "c"},
  {0xE8, 0xEB, "e"}, {0xEC, 0xEF, "i"}, {0xF0, 0xF0, "d"}, {0xF1, 0xF1, "n"},
  {0xF2, 0xF6, "o"}, {0xF8, 0xF8, "o"}, {0xF9, 0xFC, "u"}, {0xFD, 0xFD, "y"},
  {0xFE, 0xFE, "th"}, {0xFF, 0xFF, "y"}, {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},
  {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},
  {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
  {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
  {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"},
  {0x174, 0x175, "w"}, {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
  {0x218, 0x219, "s"}, {0x21A, 0x21B, "t"},
};

/* Decodes one UTF-8 code point at s (valid UTF-8 assumed; a stray byte reads
 * as itself); returns its length. */
static size_t next_code_point(const unsigned char *s, uint32_t *cp)
{
  size_t n = s[0] < 0x80 ? 0 : (s[0] & 0xE0) == 0xC0 ? 1 : (s[0] & 0xF0) == 0xE0 ? 2
           : (s[0] & 0xF8) == 0xF0                   ? 3
                                                     : 0;
  uint32_t v = n == 0 ? s[0] : n == 1 ? (s[0] & 0x1Fu) : n == 2 ? (s[0] & 0x0Fu) : (s[0] & 0x07u);
  for (size_t k = 1; k <= n; k++) {
    if ((s[k] & 0xC0) != 0x80) {
      *cp = s[0];
      return 1;
    }
    v = v << 6 | (s[k] & 0x3Fu);
  }
  *cp = v;
  return n + 1;
}

static const char *fold_letter(uint32_t cp)
{
  for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
    if (cp >= folds[i].lo && cp <= folds[i].hi)
      return folds[i].ascii;
  return NULL;
}

/* Whether cp separates words: ASCII space and punctuation other than the
 * apostrophe and the dot, no-break space, Unicode dashes and spaces. */
static bool separates(uint32_t cp)
{
  if (cp < 0x80)
    return cp != '\'' && cp != '.' && !(cp >= 'a' && cp <= 'z') && !(cp >= 'A' && cp <= 'Z') &&
           !(cp >= '0' && cp <= '9');
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x2015) || cp == 0x3000;
}

void speakers_derive_slug(const char *name, char *out)
{
  const size_t room = SLUG_MAX - 10; /* leaves space for "-NNNN" or a prefix */
  size_t len = 0;
  bool gap = false;
  const unsigned char *s = (const unsigned char *)name;
  while (*s != '\0' && len < room) {
    uint32_t cp;
    s += next_code_point(s, &cp);
    char one[2] = {0, 0};
    const char *piece = NULL;
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
      one[0] = (char)cp, piece = one;
    else if (cp >= 'A' && cp <= 'Z')
      one[0] = (char)(cp - 'A' + 'a'), piece = one;
    else if (cp >= 0xC0)
      piece = fold_letter(cp);
    if (piece == NULL) {
      gap = gap || separates(cp);
      continue;
    }
    if (gap && len > 0)
      out[len++] = '-';
    gap = false;
    for (; *piece != '\0' && len < room; piece++)
      out[len++] = *piece;
  }
  while (len > 0 && out[len - 1] == '-')
    len--;
  out[len] = '\0';
  if (len == 0)
    strcpy(out, "speaker");
  else if (strspn(out, "0123456789") == len) {
    memmove(out + 8, out, len + 1);
    memcpy(out, "speaker-", 8);
  }
}

/* store_row_text() with query q of this module. */
static int one_speaker(PGconn *conn, int q, const char *const *params, char **json_out,
                       long long *id_out, const char *missing, struct store_error *e)
{
  return store_row_text(conn, &speakers_queries[q], params, json_out, id_out, missing, e);
}

/* Turns the database's words for a refused slug into the API's. */
static int slug_error(struct store_error *e, const char *slug)
{
  if (e->status == STORE_CONFLICT)
    return store_fail(e, STORE_CONFLICT, "slug %s is taken by another speaker", slug);
  return -1;
}

int speakers_create(PGconn *conn, const struct speaker_fields *f, char **json_out,
                    long long *id_out, struct store_error *e)
{
  char base[SLUG_MAX + 1];
  if (f->slug == NULL)
    speakers_derive_slug(f->name, base);
  /* A derived slug can lose a race for its suffix; try again a few times. */
  for (int attempt = 0; attempt < 5; attempt++) {
    char slug[SLUG_MAX + 1];
    if (f->slug != NULL) {
      snprintf(slug, sizeof slug, "%s", f->slug);
    } else {
      const char *p[] = {base};
      PGresult *res = store_exec(conn, &speakers_queries[Q_FREE_SLUG], p, e);
      if (res == NULL)
        return -1;
      snprintf(slug, sizeof slug, "%s", PQntuples(res) ? PQgetvalue(res, 0, 0) : base);
      PQclear(res);
    }
    const char *params[] = {slug, f->name, f->aliases_json, f->title, f->country};
    char missing[160];
    snprintf(missing, sizeof missing, "slug %s is taken by another speaker", slug);
    if (one_speaker(conn, Q_INSERT, params, json_out, id_out, missing, e) == 0)
      return 0;
    if (e->status != STORE_NOT_FOUND) /* not "taken": a real failure */
      return slug_error(e, slug);
    if (f->slug != NULL)
      return store_fail(e, STORE_CONFLICT, "%s", missing);
  }
  return store_fail(e, STORE_UNAVAILABLE, "could not find a free slug; try again");
}

/* Query q of speaker id (its one parameter); the first cell to *json_out, or
 * dropped when json_out is NULL; no row is "speaker <id> does not exist". */
static int by_id(PGconn *conn, int q, long long id, char **json_out, struct store_error *e)
{
  char idtext[24], missing[64], *dropped = NULL;
  snprintf(idtext, sizeof idtext, "%lld", id);
  snprintf(missing, sizeof missing, "speaker %lld does not exist", id);
  const char *params[] = {idtext};
  int rc = one_speaker(conn, q, params, json_out ? json_out : &dropped, NULL, missing, e);
  free(dropped);
  return rc;
}

int speakers_get(PGconn *conn, long long id, char **json_out, struct store_error *e)
{
  return by_id(conn, Q_GET, id, json_out, e);
}

int speakers_lock(PGconn *conn, long long id, struct store_error *e)
{
  return by_id(conn, Q_LOCK, id, NULL, e);
}

int speakers_update(PGconn *conn, long long id, const struct speaker_fields *f, char **json_out,
                    struct store_error *e)
{
  char idtext[24], missing[64];
  snprintf(idtext, sizeof idtext, "%lld", id);
  snprintf(missing, sizeof missing, "speaker %lld does not exist", id);
  const char *params[] = {idtext,       f->name,  f->slug,
                          f->aliases_json, f->set_title ? "t" : "f", f->title,
                          f->set_country ? "t" : "f", f->country};
  if (one_speaker(conn, Q_UPDATE, params, json_out, NULL, missing, e) == 0)
    return 0;
  return slug_error(e, f->slug ? f->slug : "");
}

int speakers_delete(PGconn *conn, long long id, const char *actor, struct store_error *e)
{
  char idtext[24];
  snprintf(idtext, sizeof idtext, "%lld", id);
  const char *params[] = {idtext, actor};
  PGresult *res = store_exec(conn, &speakers_queries[Q_DELETE], params, e);
  if (res == NULL)
    return -1;
  bool gone = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
  PQclear(res);
  if (!gone)
    return store_fail(e, STORE_NOT_FOUND, "speaker %lld does not exist", id);
  return 0;
}

int speakers_list(PGconn *conn, long long after_id, const char *q, int limit, char **items_json,
                  long long *last_id, struct store_error *e)
{
  char after[24], lim[16];
  snprintf(after, sizeof after, "%lld", after_id);
  snprintf(lim, sizeof lim, "%d", limit + 1);
  const char *params[] = {after, q, lim};
  PGresult *res = store_exec_shape(conn, &speakers_queries[Q_LIST], q != NULL, params, e);
  if (res == NULL)
    return -1;
  int rows = PQntuples(res), taken = 0;
  int want = rows > limit ? limit : rows;
  *items_json = store_json_array(res, 0, want, LIST_TEXT_CAP, &taken);
  *last_id = rows > taken && taken > 0 ? strtoll(PQgetvalue(res, taken - 1, 1), NULL, 10) : 0;
  PQclear(res);
  if (*items_json == NULL)
    return store_fail(e, STORE_FAILED, "out of memory");
  return 0;
}

int speakers_stats(PGconn *conn, long long id, char **json_out, struct store_error *e)
{
  return by_id(conn, Q_STATS, id, json_out, e);
}

/* The result of query q, which reads the one speakers_state row (first). */
static PGresult *state_row(PGconn *conn, int q, struct store_error *e)
{
  PGresult *res = store_exec(conn, &speakers_queries[q], NULL, e);
  if (res != NULL && PQntuples(res) == 0) {
    PQclear(res);
    store_fail(e, STORE_FAILED, "the speakers_state row is missing");
    return NULL;
  }
  return res;
}

/* The speakers table as the text engine sees it. */

int speakers_state_version(PGconn *conn, long long *version_out, struct store_error *e)
{
  PGresult *res = state_row(conn, Q_STATE_VERSION, e);
  if (res == NULL)
    return -1;
  *version_out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
  PQclear(res);
  return 0;
}

void speaker_rows_free(struct speaker_row *rows, size_t count)
{
  if (rows == NULL)
    return;
  for (size_t i = 0; i < count; i++) {
    free(rows[i].name);
    for (size_t a = 0; a < rows[i].alias_count; a++)
      free(rows[i].aliases[a]);
    free(rows[i].aliases);
  }
  free(rows);
}

int speakers_load_all(PGconn *conn, long long *version_out, struct speaker_row **rows_out,
                      size_t *count_out, struct store_error *e)
{
  *rows_out = NULL;
  *count_out = 0;
  PGresult *res = state_row(conn, Q_LOAD_ALL, e);
  if (res == NULL)
    return -1;
  int n = PQntuples(res);
  *version_out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
  /* Rows come grouped by speaker: one per alias (or one with a NULL alias). */
  struct speaker_row *rows = calloc((size_t)n, sizeof *rows);
  size_t count = 0;
  if (rows == NULL)
    goto oom;
  for (int i = 0; i < n; i++) {
    if (PQgetisnull(res, i, 1))
      continue; /* no speakers at all */
    long long id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
    if (count == 0 || rows[count - 1].id != id) {
      struct speaker_row *r = &rows[count++];
      r->id = id;
      r->name = strdup(PQgetvalue(res, i, 2));
      if (r->name == NULL)
        goto oom;
    }
    if (!PQgetisnull(res, i, 3)) {
      struct speaker_row *r = &rows[count - 1];
      char **grown = realloc(r->aliases, (r->alias_count + 1) * sizeof *grown);
      if (grown == NULL)
        goto oom;
      r->aliases = grown;
      if ((r->aliases[r->alias_count] = strdup(PQgetvalue(res, i, 3))) == NULL)
        goto oom;
      r->alias_count++;
    }
  }
  PQclear(res);
  *rows_out = rows;
  *count_out = count;
  return 0;
oom:
  PQclear(res);
  speaker_rows_free(rows, count);
  return store_fail(e, STORE_FAILED, "out of memory loading speakers");
}
