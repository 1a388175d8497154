/* Error records: see include/centinela/base/err.h. */
#include "centinela/base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = 0;
	e->msg[0] = '\0';
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char head[ERR_MSG_MAX];
	size_t hl, ml;
	va_list ap;

	if (!e)
		return ERR_INVALID;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	hl = strlen(head);
	if (hl > ERR_MSG_MAX - 3)
		hl = ERR_MSG_MAX - 3;
	ml = strnlen(e->msg, ERR_MSG_MAX - 1);
	if (ml > ERR_MSG_MAX - 3 - hl)
		ml = ERR_MSG_MAX - 3 - hl;
	memmove(e->msg + hl + 2, e->msg, ml);
	memcpy(e->msg, head, hl);
	e->msg[hl] = ':';
	e->msg[hl + 1] = ' ';
	e->msg[hl + 2 + ml] = '\0';
	return e->code;
}

const char *
err_code_name(int code)
{
	switch (code) {
	case ERR_OK:
		return "success";
	case ERR_NOMEM:
		return "out of memory";
	case ERR_IO:
		return "input/output error";
	case ERR_PARSE:
		return "syntax error";
	case ERR_INVALID:
		return "invalid value";
	case ERR_NOTFOUND:
		return "not found";
	case ERR_DB:
		return "database error";
	case ERR_CONFLICT:
		return "conflict";
	case ERR_LIMIT:
		return "limit exceeded";
	case ERR_PERM:
		return "permission denied";
	case ERR_CORRUPT:
		return "integrity check failed";
	case ERR_USAGE:
		return "usage error";
	case ERR_NET:
		return "network error";
	}
	return "unknown error";
}
