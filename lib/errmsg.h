/* errmsg.h - the "0, or -1 with a message in a caller's buffer" convention
 * (STYLE point 2), written once for the modules that report that way. */
#ifndef SAYWHO_ERRMSG_H
#define SAYWHO_ERRMSG_H

#include <stddef.h>

/* Writes the printf-formatted message into err[0..errlen) and returns -1, for
 * `return errmsg_set(err, errlen, "...", ...)`. */
int errmsg_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
