/* fuzz_text.c - libFuzzer target for the text engine: wire_parse, the JSON-body
 * normaliser, the splitter and extract_run with a small fixed roster, on any
 * input. Build and run it with scripts/fuzz. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "sentences.h"
#include "utf8.h"
#include "wire.h"

static struct roster *fuzz_roster(void) {
  static struct roster *r; /* built once per fuzzing process; never changes after */
  if (!r) {
    static const char *const xi[] = {"Xi", "President Xi", "the Chinese president",
                                     "the Chinese leader"};
    static const char *const putin[] = {"Putin", "the Russian leader", "the Kremlin leader",
                                        "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd"};
    static const char *const shared[] = {"the president", "Xi"};
    struct roster_speaker sp[] = {{1, "Xi Jinping", xi, 4},
                                  {2, "Vladimir Putin", putin, 4},
                                  {3, "Recep Tayyip Erdo\xc4\x9f" "an Jr.", shared, 2}};
    char err[128];
    if (roster_build(sp, 3, &r, err, sizeof err) < 0)
      abort();
  }
  return r;
}

static void check_result(const char *body, size_t len, const struct extract_result *res) {
  size_t prev_end = 0;
  for (size_t i = 0; i < res->statement_count; i++) {
    const struct statement *s = &res->statements[i];
    if (s->start > s->end || s->end > len || s->start < prev_end || s->cp_start > s->cp_end)
      abort();
    if ((s->speaker_id == 0) != (s->method == ATTR_NONE))
      abort();
    if (s->evidence.start > s->evidence.end || s->evidence.end > len)
      abort();
    for (size_t q = 0; q < s->quote_count; q++)
      if (s->quotes[q].start > s->quotes[q].end || s->quotes[q].end > len)
        abort();
    if (s->section >= (int)res->section_count)
      abort();
    prev_end = s->end;
  }
  (void)body;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *in = (const char *)data;
  char err[256];
  struct wire_article art;
  if (wire_parse(in, size, &art, err, sizeof err) == 0) {
    if (strlen(art.body) != art.body_len || !utf8_valid(art.body, art.body_len))
      abort();
    struct extract_result res;
    if (extract_run(fuzz_roster(), art.body, art.body_len, 0, &res, err, sizeof err) == 0) {
      check_result(art.body, art.body_len, &res);
      extract_result_free(&res);
    }
    wire_article_free(&art);
  }
  char *body;
  size_t blen;
  if (wire_normalize_body(in, size, &body, &blen, err, sizeof err) == 0) {
    struct splitter it;
    struct sentence_span sp;
    splitter_init(&it, body, blen);
    size_t last = 0;
    while (splitter_next(&it, &sp))
      if (sp.start < last || sp.end > blen || sp.start > sp.end)
        abort();
      else
        last = sp.end;
    free(body);
  }
  /* The engine must also survive bodies that did not go through wire_*. */
  if (utf8_valid(in, size)) {
    struct extract_result res;
    if (extract_run(fuzz_roster(), in, size, 0, &res, err, sizeof err) == 0) {
      check_result(in, size, &res);
      extract_result_free(&res);
    }
  }
  char date[11];
  wire_parse_date(in, size < 64 ? size : 64, date);
  return 0;
}
