/* test_wire.c - the wire format and body normalisation. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

Test(wire, seed_shape) {
  const char *raw = " date 2021-12-16 First para.\r\nHeading\r\n\r\nSecond para.  \r\n"
                    "With Xinhua inputs\r\nPublished : December 16, 2021\r\nBy : China Daily\r\n";
  struct wire_article a;
  char err[128];
  cr_assert_eq(wire_parse(raw, strlen(raw), &a, err, sizeof err), 0, "%s", err);
  cr_expect_str_eq(a.body, "First para.\nHeading\nSecond para.");
  cr_expect_eq(a.body_len, strlen(a.body));
  cr_expect_str_eq(a.published_at, "2021-12-16");
  cr_expect_str_eq(a.source, "China Daily");
  cr_expect_str_eq(a.credit, "With Xinhua inputs");
  cr_expect_null(a.byline);
  wire_article_free(&a);
}

Test(wire, published_line_and_byline) {
  const char *raw = "By John Smith\nText here.\nPublished: Dec. 3, 2020\n";
  struct wire_article a;
  char err[128];
  cr_assert_eq(wire_parse(raw, strlen(raw), &a, err, sizeof err), 0, "%s", err);
  cr_expect_str_eq(a.body, "Text here.");
  cr_expect_str_eq(a.published_at, "2020-12-03");
  cr_expect_str_eq(a.byline, "John Smith");
  cr_expect_null(a.source);
  wire_article_free(&a);
}

Test(wire, refuses) {
  struct wire_article a;
  char err[128];
  cr_expect_eq(wire_parse("", 0, &a, err, sizeof err), -1);
  cr_expect_eq(wire_parse("By : X\n", 7, &a, err, sizeof err), -1);
  cr_expect_eq(wire_parse("a\0b", 3, &a, err, sizeof err), -1);
  cr_expect_eq(wire_parse("bad \xff utf8", 10, &a, err, sizeof err), -1);
  cr_expect_null(a.body);
}

Test(wire, normalize_json_body) {
  char *out;
  size_t n;
  char err[128];
  const char *in = "  One.\r\n\r\n\tTwo.\rThree. \n";
  cr_assert_eq(wire_normalize_body(in, strlen(in), &out, &n, err, sizeof err), 0);
  cr_expect_str_eq(out, "One.\nTwo.\nThree.");
  cr_expect_eq(n, strlen(out));
  free(out);
  cr_expect_eq(wire_normalize_body(" \n\t ", 4, &out, &n, err, sizeof err), -1);
  cr_expect_null(out);
}

Test(wire, dates) {
  char d[11];
  cr_expect_eq(wire_parse_date("December 16, 2021", 17, d), 0);
  cr_expect_str_eq(d, "2021-12-16");
  cr_expect_eq(wire_parse_date("16 December 2021", 16, d), 0);
  cr_expect_str_eq(d, "2021-12-16");
  cr_expect_eq(wire_parse_date("Thursday, Sept. 2, 2021 10:00", 29, d), 0);
  cr_expect_str_eq(d, "2021-09-02");
  cr_expect_eq(wire_parse_date("2024-02-29", 10, d), 0);
  cr_expect_eq(wire_parse_date("2023-02-29", 10, d), -1);
  cr_expect_eq(wire_parse_date("2021-13-45", 10, d), -1);
  cr_expect_eq(wire_parse_date("yesterday", 9, d), -1);
  cr_expect_str_eq(d, "");
}
