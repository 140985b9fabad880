/* jsonw.c - JSON escaping into a dynbuf, in runs: only bytes that need an escape stop the copy. */
#include "jsonw.h"

#include <stdio.h>
#include <string.h>

void jsonw_string(struct dynbuf *b, const char *s)
{
  if (s == NULL) {
    dynbuf_add(b, "null", 4);
    return;
  }
  dynbuf_add(b, "\"", 1);
  const char *run = s, *p = s;
  for (; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    dynbuf_add(b, run, (size_t)(p - run));
    char esc[8];
    switch (c) {
    case '"': dynbuf_add(b, "\\\"", 2); break;
    case '\\': dynbuf_add(b, "\\\\", 2); break;
    case '\n': dynbuf_add(b, "\\n", 2); break;
    case '\r': dynbuf_add(b, "\\r", 2); break;
    case '\t': dynbuf_add(b, "\\t", 2); break;
    case '\b': dynbuf_add(b, "\\b", 2); break;
    case '\f': dynbuf_add(b, "\\f", 2); break;
    default:
      snprintf(esc, sizeof esc, "\\u%04x", c);
      dynbuf_add(b, esc, 6);
    }
    run = p + 1;
  }
  dynbuf_add(b, run, (size_t)(p - run)); /* p is at the end: no second scan */
  dynbuf_add(b, "\"", 1);
}

void jsonw_name(struct dynbuf *b, const char *name, bool first)
{
  if (!first)
    dynbuf_add(b, ",", 1);
  jsonw_string(b, name);
  dynbuf_add(b, ":", 1);
}

void jsonw_raw(struct dynbuf *b, const char *text)
{
  if (text == NULL)
    dynbuf_add(b, "null", 4);
  else
    dynbuf_adds(b, text);
}
