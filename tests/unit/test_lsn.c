/* test_lsn.c - pg_lsn text to a number and back (lib/lsn.c). */
#include <criterion/criterion.h>
#include <stdint.h>

#include "lsn.h"

Test(lsn, parses_postgresql_positions)
{
  const struct {
    const char *text;
    uint64_t lsn;
  } good[] = {
    {"0/0", 0},
    {"0/16B3748", 0x16B3748},
    {"16/B374D848", 0x16B374D848ULL},
    {"ffffffff/FFFFFFFF", UINT64_MAX},
    {"00000001/00000000", 0x100000000ULL},
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    uint64_t v = 1;
    cr_expect_eq(lsn_parse(good[i].text, &v), 0, "%s", good[i].text);
    cr_expect_eq(v, good[i].lsn, "%s", good[i].text);
  }
}

Test(lsn, refuses_anything_else)
{
  const char *bad[] = {"", "/", "0/", "/0", "0", "0/0/0", "g/0", "0/0 ", " 0/0", "-1/0",
                       "123456789/0", "0/123456789", "0x1/0", "1/+2", "yesterday"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint64_t v = 7;
    cr_expect_eq(lsn_parse(bad[i], &v), -1, "accepted \"%s\"", bad[i]);
    cr_expect_eq(v, 7, "\"%s\" changed the output", bad[i]);
  }
  uint64_t v;
  cr_expect_eq(lsn_parse(NULL, &v), -1);
}

Test(lsn, formats_as_postgresql_does_and_round_trips)
{
  char text[LSN_TEXT_MAX];
  cr_expect_str_eq(lsn_format(0, text), "0/0");
  cr_expect_str_eq(lsn_format(0x16B374D848ULL, text), "16/B374D848");
  cr_expect_str_eq(lsn_format(UINT64_MAX, text), "FFFFFFFF/FFFFFFFF");
  const uint64_t samples[] = {1, 0xFFFFFFFFULL, 0x100000000ULL, 0xDEADBEEF01234567ULL};
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    uint64_t back = 0;
    cr_expect_eq(lsn_parse(lsn_format(samples[i], text), &back), 0);
    cr_expect_eq(back, samples[i], "%s", text);
  }
}
