/* export_format.h - the representations of a list: which one a request asks for
 * (Accept with q-values and wildcards, or ?format=), and the encoders of one row
 * as an RFC 4180 CSV record or an NDJSON line. Pure: no HTTP, no SQL.
 *
 * Encoders append to a caller-owned dynbuf (its cap bounds a row) and return 0,
 * or -1 once the buffer has failed. */
#ifndef SAYWHO_HANDLERS_EXPORT_FORMAT_H
#define SAYWHO_HANDLERS_EXPORT_FORMAT_H

#include <stddef.h>

#include "dynbuf.h"

enum export_format {
  EXPORT_JSON = 1 << 0,   /* application/json: the paged list */
  EXPORT_NDJSON = 1 << 1, /* application/x-ndjson: one object a line, every row */
  EXPORT_CSV = 1 << 2,    /* text/csv: a header row, then every row */
};

enum negotiation {
  NEGOTIATED,        /* *out is one of available */
  NEGOTIATE_BAD,     /* ?format= is not json, ndjson or csv: 400 */
  NEGOTIATE_NONE,    /* no available representation fits: 406 */
};

/* The representation to answer with, from ?format= (format, NULL when absent;
 * it wins over Accept) or else the Accept header (accept, NULL or empty means
 * anything). available is a set of enum export_format bits. Accept ranges are
 * matched case-insensitively, the most specific range of a type giving its
 * q-value (type/subtype over type/ * over * / *); the highest q above 0 wins,
 * ties going to the first of JSON, NDJSON, CSV. A range that does not parse is
 * ignored, as is everything after its q parameter. */
enum negotiation export_negotiate(const char *accept, const char *format, unsigned available,
                                  enum export_format *out);

/* The media type of f ("application/json", "application/x-ndjson", "text/csv"). */
const char *export_media_type(enum export_format f);

/* CSV columns of a statements export and of an articles export (API.md), and of
 * a speakers export (aliases as a JSON array: a name may hold any separator). */
extern const char *const export_statement_columns[];
extern const char *const export_article_columns[];
extern const char *const export_speaker_columns[];
#define EXPORT_STATEMENT_COLUMNS 12
#define EXPORT_ARTICLE_COLUMNS 8
#define EXPORT_SPEAKER_COLUMNS 9

/* One CSV record of n fields (NULL is an empty field), ended by CRLF: a field
 * holding a comma, a double quote, CR or LF is quoted, its quotes doubled. */
int export_csv_record(struct dynbuf *out, const char *const *fields, size_t n)
    __attribute__((warn_unused_result));

/* The header record of n column names. */
#define export_csv_header(out, columns, n) export_csv_record((out), (columns), (n))

/* One NDJSON line: the JSON text json[0..len) (one value, as PostgreSQL or
 * jansson wrote it) compact, the blanks and line breaks between its tokens
 * dropped (inside strings JSON has no raw line break), then LF. */
int export_ndjson_line(struct dynbuf *out, const char *json, size_t len)
    __attribute__((warn_unused_result));

#endif
