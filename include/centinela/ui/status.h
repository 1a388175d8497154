/*
 * The sync part of the console's status bar, built without curses so that
 * tests can fill the state and read the text: per source "name: online
 * 12s" or "name: offline (refused) 3m" (the age of the last success; with
 * "until 15:04:05 (in 59m)" while the server asked to wait), then
 * "outbox N" ("outbox N, K failed" when the server refused some: the
 * analyst must act, in the outbox view) and "conflicts N", each span with
 * its theme element. When it does not fit, ages go first, then reasons,
 * then names ("2/3 online").
 *
 * Ages are coarse on purpose ("now" under 10 s, then 10 s steps, then
 * minutes, hours, days) so that an idle console redraws the bar at most
 * every ten seconds, and only when the text changes.
 */
#ifndef CENTINELA_UI_STATUS_H
#define CENTINELA_UI_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strbuf.h"

struct sync_status;

/* What the status bar knows of the sync (a copy the UI thread owns). */
struct ui_sync_view {
	const struct sync_status *sources; /* one per source (borrowed) */
	size_t n;                          /* entries in sources */
	int64_t outbox;                    /* entries pending or failed */
	int64_t conflicts;                 /* entries in conflict */
	bool is_readonly;                  /* --readonly: no sync thread */
	int64_t failed;                    /* of outbox, failed */
};

#define UI_STATUS_SPANS_MAX 48

/* A run of the text drawn with one theme element. */
struct ui_status_span {
	size_t off;          /* first byte in text */
	size_t len;          /* bytes */
	const char *element; /* theme element (static) */
};

/* Status text (sanitized) and how to colour it. */
struct ui_status_line {
	struct strbuf text;                               /* the text */
	struct ui_status_span spans[UI_STATUS_SPANS_MAX]; /* coloured runs */
	size_t n;                                         /* spans used */
};

void ui_status_line_init(struct ui_status_line *l);
void ui_status_line_release(struct ui_status_line *l);

/* The coarse age of secs into buf: "now", "20s", "3m", "2h", "4d". */
const char *ui_status_age(int64_t secs, char *buf, size_t size);

/*
 * Replace l with the sync part for v at time now, at most width columns
 * wide when it can be shortened that far, fields separated by sep (a
 * glyph, borrowed). Source names and reasons are sanitized here.
 */
void ui_status_format(const struct ui_sync_view *v, int64_t now, int width,
                      const char *sep, struct ui_status_line *l);

#endif
