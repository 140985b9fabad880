/* paging.c - cursor tokens: "c1" + base64url(fields joined by 0x1f + 0x1f + checksum). */
#include "paging.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#define SEP '\x1f'
#define PACKED_MAX (CURSOR_MAX_FIELDS * (CURSOR_FIELD_MAX + 1) + 16)

static uint32_t checksum(const char *s, size_t len)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

char *cursor_encode(const char *const *fields, size_t n)
{
  char packed[PACKED_MAX];
  size_t len = 0;
  if (n == 0 || n > CURSOR_MAX_FIELDS)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    size_t fl = strlen(fields[i]);
    if (fl > CURSOR_FIELD_MAX || memchr(fields[i], SEP, fl) != NULL)
      return NULL;
    memcpy(packed + len, fields[i], fl);
    len += fl;
    packed[len++] = SEP;
  }
  len += (size_t)snprintf(packed + len, sizeof packed - len, "%08x", checksum(packed, len));
  char *out = malloc(2 + (len + 2) / 3 * 4 + 1);
  if (out == NULL)
    return NULL;
  size_t o = 0;
  out[o++] = 'c';
  out[o++] = '1';
  for (size_t i = 0; i < len; i += 3) {
    uint32_t v = (uint32_t)(unsigned char)packed[i] << 16;
    if (i + 1 < len)
      v |= (uint32_t)(unsigned char)packed[i + 1] << 8;
    if (i + 2 < len)
      v |= (unsigned char)packed[i + 2];
    out[o++] = b64[(v >> 18) & 63];
    out[o++] = b64[(v >> 12) & 63];
    if (i + 1 < len)
      out[o++] = b64[(v >> 6) & 63];
    if (i + 2 < len)
      out[o++] = b64[v & 63];
  }
  out[o] = '\0';
  return out;
}

static int b64_value(char c)
{
  const char *p = c ? strchr(b64, c) : NULL;
  return p ? (int)(p - b64) : -1;
}

bool cursor_decode(const char *token, size_t n, char fields[][CURSOR_FIELD_MAX + 1])
{
  if (token == NULL || strncmp(token, "c1", 2) != 0)
    return false;
  token += 2;
  size_t tlen = strlen(token);
  if (tlen == 0 || tlen % 4 == 1 || tlen / 4 * 3 + 3 > PACKED_MAX)
    return false;
  char packed[PACKED_MAX + 1];
  size_t len = 0;
  for (size_t i = 0; i < tlen; i += 4) {
    uint32_t v = 0;
    size_t chunk = tlen - i;
    if (chunk > 4)
      chunk = 4;
    for (size_t j = 0; j < 4; j++) {
      int d = j < chunk ? b64_value(token[i + j]) : 0;
      if (d < 0)
        return false;
      v = v << 6 | (uint32_t)d;
    }
    packed[len++] = (char)(v >> 16);
    if (chunk > 2)
      packed[len++] = (char)(v >> 8);
    if (chunk > 3)
      packed[len++] = (char)v;
  }
  if (len < 9)
    return false;
  char want[9];
  snprintf(want, sizeof want, "%08x", checksum(packed, len - 8));
  if (memcmp(want, packed + len - 8, 8) != 0)
    return false;
  size_t pos = 0, body = len - 8;
  for (size_t f = 0; f < n; f++) {
    const char *sep = memchr(packed + pos, SEP, body - pos);
    if (sep == NULL)
      return false;
    size_t fl = (size_t)(sep - (packed + pos));
    if (fl > CURSOR_FIELD_MAX || memchr(packed + pos, '\0', fl) != NULL)
      return false;
    memcpy(fields[f], packed + pos, fl);
    fields[f][fl] = '\0';
    pos += fl + 1;
  }
  return pos == body;
}
