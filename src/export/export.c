/*
 * What the JSON and CSV writers share besides the field tables (those are
 * each list's, app/columns.c): the check of the stream they wrote to.
 */
#include "centinela/export/export.h"

#include <errno.h>
#include <string.h>

#include "centinela/base/err.h"

int
export_check_stream(FILE *f, const char *format, struct err *e)
{
	if (!ferror(f))
		return 0;
	return err_set(e, ERR_IO, "cannot write %s output: %s", format,
	               strerror(errno ? errno : EIO));
}
