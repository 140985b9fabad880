/* lsn.c - pg_lsn text to a number and back. */
#include "lsn.h"

#include <stdio.h>

/* One half: 1-8 hex digits ending at stop; the position after it, or NULL. */
static const char *parse_half(const char *p, char stop, uint32_t *out)
{
  uint32_t v = 0;
  int digits = 0;
  for (; *p != stop; p++, digits++) {
    char c = *p;
    unsigned d;
    if (c >= '0' && c <= '9')
      d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      d = (unsigned)(c - 'A' + 10);
    else
      return NULL;
    if (digits == 8)
      return NULL;
    v = (v << 4) | d;
  }
  if (digits == 0)
    return NULL;
  *out = v;
  return p;
}

int lsn_parse(const char *text, uint64_t *out)
{
  uint32_t hi = 0, lo = 0;
  if (text == NULL)
    return -1;
  const char *p = parse_half(text, '/', &hi);
  if (p == NULL || parse_half(p + 1, '\0', &lo) == NULL)
    return -1;
  *out = ((uint64_t)hi << 32) | lo;
  return 0;
}

char *lsn_format(uint64_t lsn, char out[LSN_TEXT_MAX])
{
  snprintf(out, LSN_TEXT_MAX, "%X/%X", (unsigned)(lsn >> 32), (unsigned)(lsn & 0xFFFFFFFFu));
  return out;
}
