/*
 * Errors: a negative code from one table plus a message a person can act on.
 *
 * Functions that can fail return int (0 on success, a negative ERR_* code on
 * failure) and take an optional trailing `struct err *`, which they fill with
 * a lower-case message naming what failed, on what, and what to do. Lower
 * layers never print; ui and cli decide how an error is shown.
 */
#ifndef CENTINELA_BASE_ERR_H
#define CENTINELA_BASE_ERR_H

#include <stddef.h>

enum err_code {
	ERR_OK = 0,
	ERR_NOMEM = -1,    /* allocation failed */
	ERR_IO = -2,       /* file or OS call failed */
	ERR_PARSE = -3,    /* malformed input (syntax) */
	ERR_INVALID = -4,  /* well-formed input with a bad value */
	ERR_NOTFOUND = -5, /* no such row, file or name */
	ERR_DB = -6,       /* SQLite reported an error */
	ERR_CONFLICT = -7, /* version or uniqueness conflict */
	ERR_LIMIT = -8,    /* a size, depth or count cap was hit */
	ERR_PERM = -9,     /* permissions refused (files, readonly mode) */
	ERR_CORRUPT = -10, /* stored data failed an integrity check */
	ERR_USAGE = -11,   /* wrong arguments to a command */
	ERR_NET = -12,     /* network transfer failed */
};

#define ERR_MSG_MAX 1024

struct err {
	int code;              /* the ERR_* code, 0 when clear */
	char msg[ERR_MSG_MAX]; /* NUL-terminated message, "" when clear */
};

/* Reset *e (which may be NULL) to no error. */
void err_clear(struct err *e);

/*
 * Record an error in *e (which may be NULL, then only the code is returned)
 * and return code. The message is formatted with printf rules and truncated
 * to ERR_MSG_MAX - 1 bytes.
 */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Prefix the message in *e with "prefix: " (formatted), keeping the code;
 * returns e->code (or ERR_INVALID when e is NULL). Used to add context on the
 * way up: err_prefix(e, "%s:%d", file, line).
 */
int err_prefix(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A short name for a code ("not found", "database error", ...). */
const char *err_code_name(int code);

#endif
