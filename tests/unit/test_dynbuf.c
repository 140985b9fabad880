/* test_dynbuf.c - the capped growable buffer: growth, the cap, failure that sticks. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"

Test(dynbuf, grows_and_hands_over)
{
  struct dynbuf b;
  dynbuf_init(&b, 1 << 20);
  cr_expect_str_eq(dynbuf_str(&b), "");
  for (int i = 0; i < 1000; i++)
    cr_assert_eq(dynbuf_addf(&b, "%d,", i % 10), 0);
  cr_expect_eq(b.len, 2000);
  cr_expect_eq(strncmp(dynbuf_str(&b), "0,1,2,", 6), 0);
  size_t len = 0;
  char *text = dynbuf_take(&b, &len);
  cr_expect_eq(len, 2000);
  cr_expect_eq(text[len], '\0');
  cr_expect_str_eq(dynbuf_str(&b), "", "taking empties the buffer");
  free(text);
  dynbuf_free(&b);
}

Test(dynbuf, holds_binary_and_an_empty_take_is_a_string)
{
  struct dynbuf b;
  dynbuf_init(&b, 64);
  size_t len = 7;
  char *empty = dynbuf_take(&b, &len);
  cr_assert_not_null(empty);
  cr_expect_str_eq(empty, "");
  free(empty);
  cr_assert_eq(dynbuf_add(&b, "a\0b", 3), 0);
  cr_expect_eq(b.len, 3);
  cr_expect_eq(memcmp(dynbuf_str(&b), "a\0b", 4), 0);
  dynbuf_reset(&b);
  cr_expect_eq(b.len, 0);
  cr_expect_str_eq(dynbuf_str(&b), "");
  dynbuf_free(&b);
}

Test(dynbuf, the_cap_fails_for_good)
{
  struct dynbuf b;
  dynbuf_init(&b, 11); /* at most 10 bytes */
  cr_expect_eq(dynbuf_adds(&b, "0123456789"), 0);
  cr_expect_eq(dynbuf_adds(&b, "x"), -1);
  cr_expect(b.failed && b.too_big);
  cr_expect_null(dynbuf_str(&b));
  cr_expect_eq(dynbuf_adds(&b, ""), -1, "nothing is added after a failure");
  dynbuf_reset(&b);
  cr_expect(b.failed, "reset keeps the failure");
  cr_expect_null(dynbuf_take(&b, NULL));
  dynbuf_free(&b);
  cr_expect_not(b.failed, "free starts over");
  cr_expect_eq(dynbuf_addf(&b, "%s", "0123456789x"), -1, "a formatted piece over the cap");
  dynbuf_free(&b);
}

/* Byte by byte up to the cap and past it: the inline path of dynbuf_add()
 * stops where the grown one does. */
Test(dynbuf, small_pieces_stop_at_the_cap)
{
  struct dynbuf b;
  dynbuf_init(&b, 300); /* more than the first allocation, at most 299 bytes */
  for (int i = 0; i < 299; i++)
    cr_assert_eq(dynbuf_add(&b, "y", 1), 0, "byte %d", i);
  cr_expect_eq(b.len, 299);
  cr_expect_eq(dynbuf_add(&b, "y", 1), -1);
  cr_expect(b.failed && b.too_big);
  dynbuf_free(&b);
  dynbuf_init(&b, 4);
  cr_expect_eq(dynbuf_add(&b, "ab", 2), 0);
  cr_expect_eq(dynbuf_add(&b, "c", 1), 0);
  cr_expect_eq(dynbuf_add(&b, "d", 1), -1, "a fourth byte in a buffer of at most three");
  dynbuf_free(&b);
}
