/* jsonw.h - a small JSON writer over a dynbuf: strings escaped as JSON
 * requires (the text is UTF-8 already), names, and text copied as it is
 * (numbers and JSON that PostgreSQL printed). A failure sticks in the
 * dynbuf, so callers check it once at the end. */
#ifndef SAYWHO_JSONW_H
#define SAYWHO_JSONW_H

#include "dynbuf.h"

/* s as a JSON string, or null when s is NULL. */
void jsonw_string(struct dynbuf *b, const char *s);

/* "name": (with a comma before it unless first). */
void jsonw_name(struct dynbuf *b, const char *name, bool first);

/* text as it is (a number or JSON), or null when text is NULL. */
void jsonw_raw(struct dynbuf *b, const char *text);

#endif
