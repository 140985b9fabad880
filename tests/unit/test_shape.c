/* test_shape.c - the shapes of a shaped query: which lines each set of tags keeps. */
#include <criterion/criterion.h>
#include <string.h>

#include "dynbuf.h"
#include "store.h"

static const char sql[] =
    "-- a comment naming \"-- when: nothing\" is kept as it is\n"
    "SELECT 1\n"
    " WHERE true\n"
    "   AND a = $1 -- when: a\n"
    "   AND b = $2 -- when: a b\n"
    "   AND c IS NULL -- when: !a\n"
    " LIMIT 5\n";
static const char *const tags[] = {"a", "b", NULL};
static const struct store_query q = {"q", sql, 2, NULL, tags};

static char *shape(unsigned bits)
{
  struct dynbuf b;
  dynbuf_init(&b, 4096);
  cr_assert_eq(store_shape_sql(&q, bits, &b), 0);
  return dynbuf_take(&b, NULL);
}

Test(shape, lines_are_kept_when_all_their_tags_hold)
{
  char *none = shape(0), *a = shape(1), *ab = shape(3), *b = shape(2);
  cr_expect(strstr(none, "c IS NULL") && !strstr(none, "a = $1") && !strstr(none, "b = $2"));
  cr_expect(strstr(a, "a = $1") && !strstr(a, "b = $2") && !strstr(a, "c IS NULL"));
  cr_expect(strstr(ab, "a = $1") && strstr(ab, "b = $2") && !strstr(ab, "c IS NULL"));
  cr_expect(!strstr(b, "b = $2") && strstr(b, "c IS NULL"), "b alone is not a and b");
  cr_expect(strstr(none, "-- a comment") && strstr(none, "LIMIT 5"), "untagged lines stay");
  free(none), free(a), free(ab), free(b);
}

Test(shape, an_unknown_tag_is_an_error)
{
  static const char bad[] = "SELECT 1 -- when: nosuch\n";
  const struct store_query qb = {"qb", bad, 0, NULL, tags};
  struct dynbuf b;
  dynbuf_init(&b, 4096);
  cr_expect_eq(store_shape_sql(&qb, 0, &b), -1);
  dynbuf_free(&b);
}

Test(shape, every_shape_has_its_own_name)
{
  char n1[32], n2[32];
  store_shape_name(&q, 1, n1, sizeof n1);
  store_shape_name(&q, 3, n2, sizeof n2);
  cr_expect_str_eq(n1, "q.1");
  cr_expect_str_eq(n2, "q.3");
}
