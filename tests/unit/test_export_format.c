/* test_export_format.c - list representations: Accept and ?format= negotiation
 * (q-values, wildcards, specificity, 406, 400), CSV records per RFC 4180 read
 * back by an independent parser, NDJSON lines. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "export_format.h"

#define ALL (EXPORT_JSON | EXPORT_NDJSON | EXPORT_CSV)

/* The format negotiated, or -1 (400) / 0 (406). */
static int negotiate(const char *accept, const char *format, unsigned available)
{
  enum export_format f = EXPORT_JSON;
  enum negotiation n = export_negotiate(accept, format, available, &f);
  return n == NEGOTIATED ? (int)f : n == NEGOTIATE_BAD ? -1 : 0;
}

Test(negotiation, no_accept_or_anything_means_json)
{
  cr_expect_eq(negotiate(NULL, NULL, ALL), EXPORT_JSON);
  cr_expect_eq(negotiate("", NULL, ALL), EXPORT_JSON);
  cr_expect_eq(negotiate("*/*", NULL, ALL), EXPORT_JSON);
  cr_expect_eq(negotiate("application/*", NULL, ALL), EXPORT_JSON);
  cr_expect_eq(negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", NULL,
                         ALL),
               EXPORT_JSON, "what a browser sends");
}

Test(negotiation, exact_types_and_parameters)
{
  cr_expect_eq(negotiate("application/x-ndjson", NULL, ALL), EXPORT_NDJSON);
  cr_expect_eq(negotiate("application/ndjson", NULL, ALL), EXPORT_NDJSON);
  cr_expect_eq(negotiate("text/csv", NULL, ALL), EXPORT_CSV);
  cr_expect_eq(negotiate("TEXT/CSV; charset=utf-8; header=present", NULL, ALL), EXPORT_CSV);
  cr_expect_eq(negotiate("text/*", NULL, ALL), EXPORT_CSV);
  cr_expect_eq(negotiate("application/json; charset=utf-8", NULL, ALL), EXPORT_JSON);
}

Test(negotiation, q_values_rank_and_zero_refuses)
{
  cr_expect_eq(negotiate("application/json;q=0.5, text/csv", NULL, ALL), EXPORT_CSV);
  cr_expect_eq(negotiate("text/csv;q=0.2, application/x-ndjson;q=0.9", NULL, ALL), EXPORT_NDJSON);
  cr_expect_eq(negotiate("text/csv;q=1.000, application/json;q=1", NULL, ALL), EXPORT_JSON,
               "a tie goes to JSON");
  cr_expect_eq(negotiate("*/*;q=0.1, application/json;q=0", NULL, ALL), EXPORT_NDJSON,
               "the specific q=0 beats the wildcard for JSON; NDJSON is next");
  cr_expect_eq(negotiate("text/csv;q=0", NULL, ALL), 0);
  cr_expect_eq(negotiate("application/json;q=0.001", NULL, ALL), EXPORT_JSON);
  cr_expect_eq(negotiate("text/csv;q=0.5;ext=1", NULL, ALL), EXPORT_CSV, "accept-ext ignored");
}

Test(negotiation, what_cannot_be_served_is_406)
{
  cr_expect_eq(negotiate("text/html", NULL, ALL), 0);
  cr_expect_eq(negotiate("application/xml, image/*", NULL, ALL), 0);
  cr_expect_eq(negotiate("text/csv", NULL, EXPORT_JSON), 0, "a format not available here");
  cr_expect_eq(negotiate("application/x-ndjson, text/csv", NULL, EXPORT_JSON), 0);
  cr_expect_eq(negotiate("text/csv, application/json;q=0.1", NULL, EXPORT_JSON), EXPORT_JSON,
               "a lower choice that is available");
}

Test(negotiation, malformed_ranges_are_ignored)
{
  cr_expect_eq(negotiate("garbage", NULL, ALL), 0);
  cr_expect_eq(negotiate("text/csv;q=2, application/json", NULL, ALL), EXPORT_JSON);
  cr_expect_eq(negotiate("text/csv;q=abc", NULL, ALL), 0);
  cr_expect_eq(negotiate("/csv, text/, ,,", NULL, ALL), 0);
  cr_expect_eq(negotiate("text/csv;q=0.12345", NULL, ALL), 0, "more than three decimals");
  cr_expect_eq(negotiate(",, application/x-ndjson ,", NULL, ALL), EXPORT_NDJSON);
}

Test(negotiation, format_parameter_wins_over_accept)
{
  cr_expect_eq(negotiate("application/json", "csv", ALL), EXPORT_CSV);
  cr_expect_eq(negotiate(NULL, "ndjson", ALL), EXPORT_NDJSON);
  cr_expect_eq(negotiate("text/csv", "json", ALL), EXPORT_JSON);
  cr_expect_eq(negotiate(NULL, "xml", ALL), -1, "an unknown format is a bad parameter");
  cr_expect_eq(negotiate(NULL, "CSV", ALL), -1, "keywords are lowercase");
  cr_expect_eq(negotiate(NULL, "", ALL), -1);
  cr_expect_eq(negotiate(NULL, "csv", EXPORT_JSON), 0, "known but not available here");
}

Test(negotiation, media_types)
{
  cr_expect_str_eq(export_media_type(EXPORT_JSON), "application/json");
  cr_expect_str_eq(export_media_type(EXPORT_NDJSON), "application/x-ndjson");
  cr_expect_str_eq(export_media_type(EXPORT_CSV), "text/csv");
}

/* A small RFC 4180 reader, independent of the encoder: the fields of the one
 * record at *p (advanced past its CRLF) into fields (malloc'd); their count. */
static size_t read_record(const char **p, char **fields, size_t max)
{
  size_t n = 0;
  const char *s = *p;
  for (;;) {
    cr_assert_lt(n, max);
    char *f = malloc(strlen(s) + 1), *w = f;
    if (*s == '"') {
      for (s++;; s++) {
        cr_assert_neq(*s, '\0', "unterminated quoted field");
        if (*s == '"' && s[1] == '"')
          *w++ = '"', s++;
        else if (*s == '"')
          break;
        else
          *w++ = *s;
      }
      s++;
    } else {
      while (*s != ',' && *s != '\r' && *s != '\0') {
        cr_assert(*s != '"' && *s != '\n', "a bare quote or LF in an unquoted field");
        *w++ = *s++;
      }
    }
    *w = '\0';
    fields[n++] = f;
    if (*s == ',') {
      s++;
      continue;
    }
    cr_assert(s[0] == '\r' && s[1] == '\n', "a record ends with CRLF");
    *p = s + 2;
    return n;
  }
}

Test(csv, header_rows_have_the_documented_columns)
{
  struct dynbuf b;
  dynbuf_init(&b, 4096);
  cr_assert_eq(export_csv_header(&b, export_statement_columns, EXPORT_STATEMENT_COLUMNS), 0);
  cr_expect_str_eq(dynbuf_str(&b), "id,article_id,seq,published_at,source,section,speaker_slug,"
                                   "speaker_name,cue,method,confidence,text\r\n");
  dynbuf_reset(&b);
  cr_assert_eq(export_csv_header(&b, export_article_columns, EXPORT_ARTICLE_COLUMNS), 0);
  cr_expect_str_eq(dynbuf_str(&b),
                   "id,published_at,source,title,byline,credit,url,statement_count\r\n");
  dynbuf_free(&b);
}

Test(csv, quotes_only_what_needs_it)
{
  struct dynbuf b;
  dynbuf_init(&b, 4096);
  const char *row[] = {"120", NULL, "plain text", "a, b", "say \"hi\"", "two\r\nlines", "lf\n",
                       "", "é “curly”"};
  cr_assert_eq(export_csv_record(&b, row, 9), 0);
  cr_expect_str_eq(dynbuf_str(&b), "120,,plain text,\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\","
                                   "\"lf\n\",,é “curly”\r\n");
  dynbuf_free(&b);
}

Test(csv, records_read_back_field_for_field)
{
  const char *rows[][EXPORT_STATEMENT_COLUMNS] = {
    {"1", "7", "0", "2021-12-16", "China Daily", "Energy Cooperation", "vladimir-putin",
     "Vladimir Putin", "said", "role", "0.9",
     "The Russian leader said, \"we will\" cooperate,\r\nand more."},
    {"2", "7", "1", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"\"\""},
    {"3", "8", "2", "", ",", "\"", "\r", "\n", ",,", "\"a\",\"b\"", "x", " spaced "},
  };
  struct dynbuf b;
  dynbuf_init(&b, 1 << 16);
  for (size_t r = 0; r < 3; r++)
    cr_assert_eq(export_csv_record(&b, rows[r], EXPORT_STATEMENT_COLUMNS), 0);
  const char *p = dynbuf_str(&b);
  for (size_t r = 0; r < 3; r++) {
    char *fields[16];
    size_t n = read_record(&p, fields, 16);
    cr_assert_eq(n, EXPORT_STATEMENT_COLUMNS, "row %zu", r);
    for (size_t i = 0; i < n; i++) {
      cr_expect_str_eq(fields[i], rows[r][i] ? rows[r][i] : "", "row %zu field %zu", r, i);
      free(fields[i]);
    }
  }
  cr_expect_eq(*p, '\0', "nothing after the last record");
  dynbuf_free(&b);
}

Test(csv, a_full_buffer_fails)
{
  struct dynbuf b;
  dynbuf_init(&b, 16);
  const char *row[] = {"a field longer than the cap"};
  cr_expect_eq(export_csv_record(&b, row, 1), -1);
  dynbuf_free(&b);
}

Test(ndjson, one_line_per_value)
{
  struct dynbuf b;
  dynbuf_init(&b, 4096);
  const char *pg = "{\"id\" : 1, \"mentions\" : [{\"id\": 1}, \n {\"id\": 2}], "
                   "\"text\" : \"line\\nbreak \\\"quoted\\\\\" }";
  cr_assert_eq(export_ndjson_line(&b, pg, strlen(pg)), 0);
  const char *want = "{\"id\":1,\"mentions\":[{\"id\":1},{\"id\":2}],"
                     "\"text\":\"line\\nbreak \\\"quoted\\\\\"}\n";
  cr_expect_str_eq(dynbuf_str(&b), want);
  cr_expect_eq(strchr(dynbuf_str(&b), '\n'), dynbuf_str(&b) + b.len - 1, "one LF, at the end");
  const char *crlf = "[1,\r\n2]";
  cr_assert_eq(export_ndjson_line(&b, crlf, strlen(crlf)), 0);
  cr_expect_str_eq(dynbuf_str(&b) + strlen(want), "[1,2]\n");
  dynbuf_free(&b);
}
