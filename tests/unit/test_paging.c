/* test_paging.c - cursor tokens round-trip, and garbage is refused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "paging.h"

Test(paging, round_trip)
{
  const char *fields[] = {"2021-12-16", "7", "12"};
  char *token = cursor_encode(fields, 3);
  cr_assert_not_null(token);
  char out[3][CURSOR_FIELD_MAX + 1];
  cr_assert(cursor_decode(token, 3, out));
  cr_expect_str_eq(out[0], "2021-12-16");
  cr_expect_str_eq(out[1], "7");
  cr_expect_str_eq(out[2], "12");
  cr_expect_not(cursor_decode(token, 2, out), "field count must match");
  free(token);
}

Test(paging, garbage_is_refused)
{
  char out[3][CURSOR_FIELD_MAX + 1];
  const char *bad[] = {"", "c1", "abc", "c1!!!!", "c1AAAA", "c2QUJD", "' OR 1=1 --",
                       "c1MjAyMS0xMi0xNh83HzEyHw"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    cr_expect_not(cursor_decode(bad[i], 3, out), "accepted \"%s\"", bad[i]);
  const char *fields[] = {"a", "b", "c"};
  char *token = cursor_encode(fields, 3);
  token[strlen(token) - 2] ^= 1; /* flip a bit near the end */
  cr_expect_not(cursor_decode(token, 3, out));
  free(token);
  cr_expect_null(cursor_encode((const char *[]){"x\x1fy"}, 1));
}
