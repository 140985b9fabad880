/* test_precondition.c - If-Match values compared with a strong ETag (RFC 9110). */
#include <criterion/criterion.h>

#include "precondition.h"

#define TAG "\"0123456789abcdef\""

Test(if_match, star_and_the_tag_itself_match)
{
  cr_expect_eq(if_match_compare("*", TAG), IF_MATCH_HIT);
  cr_expect_eq(if_match_compare(" * ", TAG), IF_MATCH_HIT);
  cr_expect_eq(if_match_compare(TAG, TAG), IF_MATCH_HIT);
  cr_expect_eq(if_match_compare("\"aaaa\", " TAG, TAG), IF_MATCH_HIT);
  cr_expect_eq(if_match_compare("\"aaaa\"," TAG " , \"bbbb\"", TAG), IF_MATCH_HIT);
  cr_expect_eq(if_match_compare(TAG ",", TAG), IF_MATCH_HIT, "empty list elements are allowed");
}

Test(if_match, other_and_weak_tags_miss)
{
  cr_expect_eq(if_match_compare("\"0123456789abcdee\"", TAG), IF_MATCH_MISS);
  cr_expect_eq(if_match_compare("W/" TAG, TAG), IF_MATCH_MISS, "strong comparison");
  cr_expect_eq(if_match_compare("\"0123456789abcdef0\"", TAG), IF_MATCH_MISS);
  cr_expect_eq(if_match_compare("\"\"", TAG), IF_MATCH_MISS);
}

Test(if_match, anything_else_is_malformed)
{
  const char *bad[] = {"", " ", "0123456789abcdef", "\"open", "*, " TAG, TAG " junk", ",",
                       "W/", "W/0123", "**"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    cr_expect_eq(if_match_compare(bad[i], TAG), IF_MATCH_MALFORMED, "[%s]", bad[i]);
}
