/* lsn.h - PostgreSQL WAL positions (pg_lsn) as 64-bit numbers and back.
 *
 * The text form is PostgreSQL's: two hexadecimal numbers of 1 to 8 digits
 * separated by a slash, "16/B374D848" = 0x16B374D848. Pure; no allocation. */
#ifndef SAYWHO_LSN_H
#define SAYWHO_LSN_H

#include <stdint.h>

/* "FFFFFFFF/FFFFFFFF" and its NUL. */
#define LSN_TEXT_MAX 18

/* Parses text (the whole string) into *out; 0, or -1 when it is not a pg_lsn. */
__attribute__((warn_unused_result)) int lsn_parse(const char *text, uint64_t *out);

/* Writes lsn in PostgreSQL's form into out (LSN_TEXT_MAX bytes); returns out. */
char *lsn_format(uint64_t lsn, char out[LSN_TEXT_MAX]);

#endif
