/* test_roster.c - compiling speakers and matching their forms. */
#include <criterion/criterion.h>
#include <string.h>

#include "roster.h"

static struct roster *two(void) {
  static const char *const xi[] = {"Xi", "President Xi", "the Chinese president"};
  static const char *const putin[] = {"Putin", "the Russian leader", "Tsar Vlad"};
  struct roster_speaker sp[] = {{1, "Xi Jinping", xi, 3}, {2, "Vladimir Putin", putin, 3}};
  struct roster *r;
  char err[128];
  cr_assert_eq(roster_build(sp, 2, &r, err, sizeof err), 0, "%s", err);
  return r;
}

Test(roster, scan_forms) {
  struct roster *r = two();
  const char *t = "The Chinese president met Putin's aide; Tsar Vlad and President Xi talked. taxi Xin";
  struct roster_hit h[8];
  size_t n = roster_scan(r, t, strlen(t), h, 8);
  cr_assert_eq(n, 4);
  cr_expect(h[0].id == 1 && h[0].form == ROSTER_FORM_ROLE && h[0].start == 0 && h[0].end == 21);
  cr_expect(h[1].id == 2 && h[1].form == ROSTER_FORM_NAME && h[1].possessive);
  cr_expect(h[2].id == 2 && h[2].form == ROSTER_FORM_ALIAS);
  cr_expect(h[3].id == 1 && h[3].end - h[3].start == strlen("President Xi"));
  roster_free(r);
}

Test(roster, case_and_derived) {
  struct roster *r = two();
  struct roster_hit h[4];
  cr_expect_eq(roster_scan(r, "xi said", 7, h, 4), 0); /* names keep their case */
  cr_expect_eq(roster_scan(r, "Jinping", 7, h, 4), 1);  /* the name's last word */
  cr_expect_eq(roster_speaker_count(r), 2);
  roster_free(r);
}

Test(roster, ambiguous_and_non_latin) {
  static const char *const a1[] = {"the president"};
  static const char *const a2[] = {"the president", "Путин"};
  struct roster_speaker sp[] = {{7, "Recep Tayyip Erdo\xc4\x9f" "an", a1, 1},
                                {9, "Владимир Путин", a2, 2}};
  struct roster *r;
  char err[128];
  cr_assert_eq(roster_build(sp, 2, &r, err, sizeof err), 0);
  struct roster_hit h[4];
  const char *t = "The president met \xe2\x80\x9c" "Erdo\xc4\x9f" "an\xe2\x80\x9d" " and Путин.";
  cr_assert_eq(roster_scan(r, t, strlen(t), h, 4), 3);
  cr_expect_eq(h[0].id, -1);
  cr_expect_eq(h[1].id, 7);
  cr_expect_eq(h[2].id, 9);
  roster_free(r);
}

/* A form several speakers share is one ambiguous hit; roster_shared_by
 * says whose it is, and nobody else's. */
Test(roster, shared_forms_know_their_speakers) {
  static const char *const smith[] = {"Smith"};
  static const char *const jones[] = {"Jones"};
  struct roster_speaker sp[] = {{3, "Scott Smith", smith, 1},
                                {5, "Katharine Smith", smith, 1},
                                {8, "Ann Jones", jones, 1}};
  struct roster *r;
  char err[128];
  cr_assert_eq(roster_build(sp, 3, &r, err, sizeof err), 0);
  struct roster_hit h[2];
  const char *t = "Smith met Jones.";
  cr_assert_eq(roster_scan(r, t, strlen(t), h, 2), 2);
  cr_expect_eq(h[0].id, -1);
  cr_expect(roster_shared_by(r, 3, t, strlen(t), h[0].start, h[0].end));
  cr_expect(roster_shared_by(r, 5, t, strlen(t), h[0].start, h[0].end));
  cr_expect_not(roster_shared_by(r, 8, t, strlen(t), h[0].start, h[0].end));
  cr_expect_not(roster_shared_by(r, 8, t, strlen(t), h[1].start, h[1].end)); /* not shared */
  roster_free(r);
}

Test(roster, refuses_bad_ids) {
  struct roster_speaker sp[] = {{0, "Nobody", NULL, 0}};
  struct roster *r;
  char err[128];
  cr_expect_eq(roster_build(sp, 1, &r, err, sizeof err), -1);
  cr_expect_null(r);
  cr_expect_eq(roster_build(NULL, 0, &r, err, sizeof err), 0);
  roster_free(r);
}
