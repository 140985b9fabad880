/* rules.c - the rule suites' roster, engine run and speaker checks. */
#include "rules.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

struct rules rules;

void rules_build(const struct roster_speaker *sp, size_t n)
{
  char err[128];
  cr_assert_eq(roster_build(sp, n, &rules.roster, err, sizeof err), 0, "%s", err);
}

void rules_free(void)
{
  extract_result_free(&rules.res);
  roster_free(rules.roster);
}

void rules_run(const char *text)
{
  char err[128];
  extract_result_free(&rules.res);
  rules.body = text;
  cr_assert_eq(extract_run(rules.roster, text, strlen(text), 0, &rules.res, err, sizeof err),
               EXTRACT_OK, "%s", err);
}

void rules_expect_speakers(size_t n, const long long *want)
{
  const struct extract_result *res = &rules.res;
  cr_assert_eq(res->statement_count, n, "%zu statements, want %zu", res->statement_count, n);
  for (size_t i = 0; i < n; i++) {
    const struct statement *s = &res->statements[i];
    cr_expect_eq(s->speaker_id, want[i], "#%zu <%.*s>: speaker %lld, want %lld", i,
                 (int)(s->end - s->start), rules.body + s->start, s->speaker_id, want[i]);
  }
}

const char *rules_text(size_t i)
{
  static char buf[256];
  const struct statement *s = &rules.res.statements[i];
  snprintf(buf, sizeof buf, "%.*s", (int)(s->end - s->start), rules.body + s->start);
  return buf;
}
