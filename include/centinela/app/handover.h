/*
 * The shift handover: the Markdown report of a shift (gathered from the
 * store, written by export/markdown.c), kept as a private file and
 * recorded as the last handover, which the console shows at start-up until
 * the analyst dismisses it.
 *
 * Recording uses the audit trail itself, so who handed over when is part
 * of the hash chain: a report is an entry (action "handover", entity
 * "handover", entity_ref the report's absolute path, detail its window),
 * and a dismissal is an entry (action "handover.dismiss", same entity and
 * path) by the analyst who dismissed it. The last handover is the newest
 * "handover" entry; it is pending for an analyst until a dismissal by them
 * follows it. Nothing is recorded on a read-only cache.
 *
 * Reports are kept in $XDG_DATA_HOME/centinela/handover (0700) as
 * handover-YYYYMMDD-HHMM.md (UTC; -2, -3, ... when taken), mode 0600.
 */
#ifndef CENTINELA_APP_HANDOVER_H
#define CENTINELA_APP_HANDOVER_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct err;

/* What a report covers. */
struct handover_opts {
	const char *since; /* window as a duration ("8h"; borrowed) */
	int64_t now;       /* end of the window, Unix seconds */
	const char *note;  /* the analyst's note (borrowed), NULL: none */
};

/*
 * The window of a report: since ("8h", "1d") parsed into *window, seconds
 * from 1 to TIME_DURATION_MAX (base/timeutil.h). Returns 0 or ERR_USAGE
 * with a message naming --since.
 */
int handover_window(const char *since, int64_t *window, struct err *e);

/*
 * Gather the shift's rows from app->store (open) and write the report
 * into *text (owned, NUL-terminated, *len bytes). Returns 0, ERR_USAGE
 * for a bad window (handover_window), or the store's error.
 */
int handover_render(struct app *app, const struct handover_opts *o, char **text,
                    size_t *len, struct err *e);

/*
 * Write text[0..len) to a new private file: path, or a new file in the
 * handover folder when path is NULL (its name into *path_out, owned; may be
 * NULL when path is given). Never overwrites: ERR_CONFLICT when path
 * exists. Returns 0, ERR_CONFLICT or ERR_IO.
 */
int handover_save(const char *path, const char *text, size_t len,
                  char **path_out, struct err *e);

/*
 * Record the report at path (made absolute) as the last handover, by
 * app->analyst, for the window of o. Appends one audit entry; does nothing
 * on a read-only app (--readonly) or when path is NULL, and fails with
 * ERR_PERM and the reason for a cache that cannot be written. Returns 0 or
 * the store's error.
 */
int handover_record(struct app *app, const char *path,
                    const struct handover_opts *o, struct err *e);

/* The last handover, as recorded. */
struct handover_last {
	int64_t id;   /* its audit entry */
	int64_t at;   /* when, Unix seconds */
	char *actor;  /* who handed over (owned) */
	char *path;   /* the report (owned) */
	char *detail; /* its window (owned, may be NULL) */
};

/*
 * The last handover when app->analyst has not dismissed it since, into
 * *out (release it). Returns 0, ERR_NOTFOUND when there is none to show,
 * or the store's error.
 */
int handover_pending(struct app *app, struct handover_last *out, struct err *e);

/* Record that app->analyst dismissed h. Returns 0, ERR_PERM (read-only)
 * or the store's error. */
int handover_dismiss(struct app *app, const struct handover_last *h,
                     struct err *e);

/* Free h's strings and zero it. */
void handover_last_release(struct handover_last *h);

#endif
