/* paging.h - opaque keyset cursors: a list of fields packed into one token.
 *
 * The token is base64url text with a version prefix and a checksum, so a
 * garbled or hand-made cursor is refused (400) instead of misread. The
 * fields are the sort key of the last row of a page. */
#ifndef SAYWHO_PAGING_H
#define SAYWHO_PAGING_H

#include <stdbool.h>
#include <stddef.h>

#define CURSOR_MAX_FIELDS 4
#define CURSOR_FIELD_MAX 64

/* The token for fields[0..n) (each ≤ CURSOR_FIELD_MAX bytes, without '\x1f');
 * caller frees. NULL on failure. */
char *cursor_encode(const char *const *fields, size_t n);

/* Unpacks token into exactly n fields; false when it is not a cursor of
 * ours with n fields. Fields are NUL-terminated; check their syntax after. */
bool cursor_decode(const char *token, size_t n, char fields[][CURSOR_FIELD_MAX + 1]);

#endif
