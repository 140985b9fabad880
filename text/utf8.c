/* utf8.c - the few UTF-8 helpers the text engine needs. */
#include "utf8.h"

int utf8_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned c = p[i];
    if (c == 0)
      return 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (len - i < n)
      return 0;
    for (size_t k = 1; k < n; k++) {
      if ((p[i + k] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += n;
  }
  return 1;
}

size_t utf8_decode(const char *s, size_t len, size_t i, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned c = p[i];
  size_t n;
  uint32_t v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, v = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, v = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, v = c & 0x07;
  else
    goto bad;
  if (len - i < n)
    goto bad;
  for (size_t k = 1; k < n; k++) {
    if ((p[i + k] & 0xC0) != 0x80)
      goto bad;
    v = (v << 6) | (p[i + k] & 0x3F);
  }
  *cp = v;
  return n;
bad:
  *cp = 0xFFFD;
  return 1;
}

size_t utf8_prev(const char *s, size_t i, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s;
  size_t j = i - 1;
  size_t back = 0;
  while (j > 0 && back < 3 && (p[j] & 0xC0) == 0x80)
    j--, back++;
  if (utf8_decode(s, i, j, cp) != i - j) {
    *cp = 0xFFFD;
    return i - 1;
  }
  return j;
}

size_t utf8_count(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += (p[i] & 0xC0) != 0x80;
  return n;
}

int utf8_is_word(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp <= 0xBF)                         /* Latin-1 punctuation and symbols */
    return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if (cp == 0xD7 || cp == 0xF7)           /* multiplication and division signs */
    return 0;
  if (cp >= 0x2000 && cp <= 0x2BFF)       /* general punctuation .. misc symbols */
    return 0;
  if (cp >= 0x3000 && cp <= 0x303F)       /* CJK punctuation */
    return 0;
  if (cp >= 0xFE30 && cp <= 0xFE4F)       /* CJK compatibility forms */
    return 0;
  if (cp >= 0xFF00 && cp <= 0xFF0F)       /* fullwidth punctuation */
    return 0;
  if (cp >= 0xFF1A && cp <= 0xFF20)
    return 0;
  if (cp == 0xFFFD || cp == 0xFEFF)
    return 0;
  return 1;
}

int utf8_is_lower(uint32_t cp) {
  if (cp < 0x80)
    return cp >= 'a' && cp <= 'z';
  if (cp >= 0xDF && cp <= 0xFF)
    return cp != 0xF7;
  if (cp >= 0x100 && cp <= 0x17F)         /* Latin Extended-A: mostly odd = lower */
    return (cp & 1) == ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179) ? 0u : 1u);
  if (cp >= 0x3AC && cp <= 0x3CE)         /* Greek lowercase */
    return 1;
  if (cp >= 0x430 && cp <= 0x45F)         /* Cyrillic lowercase */
    return 1;
  return 0;
}

int utf8_may_start_sentence(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '"' || cp == '\'' ||
           cp == '(' || cp == '[' || cp == '$' || cp == '#' || cp == '-';
  if (utf8_is_lower(cp))
    return 0;
  if (cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == 0x201A || cp == 0xAB ||
      cp == 0x2014 || cp == 0x2013 ||
      cp == 0x00BF || cp == 0x00A1 || cp == 0x20AC || cp == 0xA3 || cp == 0x300C ||
      cp == 0x300E)
    return 1;
  return utf8_is_word(cp);
}
