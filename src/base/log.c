/* Log sink and fatal exits: see include/centinela/base/log.h. */
#include "centinela/base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The log sink: the only mutable globals besides signal flags (STYLE.md). */
static FILE *log_fp;
static enum log_level log_min = LOG_INFO;
static void (*log_fatal_hook)(void);

void
log_open(void *fp, enum log_level min)
{
	log_fp = fp;
	log_min = min;
}

void
log_set_fatal_hook(void (*hook)(void))
{
	log_fatal_hook = hook;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	char stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;

	if (!log_fp || level < log_min)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(log_fp, "%s %s ", stamp, names[level]);
	va_start(ap, fmt);
	vfprintf(log_fp, fmt, ap);
	va_end(ap);
	fputc('\n', log_fp);
	fflush(log_fp);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	if (log_fatal_hook) {
		void (*hook)(void) = log_fatal_hook;

		log_fatal_hook = NULL; /* a failing hook must not recurse */
		hook();
	}
	fputs("centinela: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}
