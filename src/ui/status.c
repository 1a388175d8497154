/* The sync part of the status bar, without curses (see ui/status.h). */
#include "centinela/ui/status.h"

#include <stdio.h>
#include <string.h>

#include "centinela/base/sanitize.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/sync/engine.h"

/* How much a source line says, from most to least. */
enum detail_level {
	LEVEL_FULL,      /* name: state (reason) age */
	LEVEL_SHORT,     /* name: state (short reason) age */
	LEVEL_NO_AGE,    /* name: state (short reason) */
	LEVEL_TERSE,     /* name: state (its first two words) */
	LEVEL_NO_REASON, /* name: state */
	LEVEL_COUNT,     /* N/M online */
};

void
ui_status_line_init(struct ui_status_line *l)
{
	memset(l, 0, sizeof(*l));
	strbuf_init(&l->text);
}

void
ui_status_line_release(struct ui_status_line *l)
{
	strbuf_release(&l->text);
	l->n = 0;
}

const char *
ui_status_age(int64_t secs, char *buf, size_t size)
{
	if (secs < 0)
		secs = 0;
	if (secs < 10)
		snprintf(buf, size, "now");
	else if (secs < 60)
		snprintf(buf, size, "%llds", (long long)secs / 10 * 10);
	else
		time_format_age(secs, buf, size);
	return buf;
}

/* Append text (sanitized when is_outside) as one span of element. */
static void
span(struct ui_status_line *l, const char *element, const char *text,
     bool is_outside)
{
	size_t off = l->text.len;

	if (is_outside)
		sanitize_append(&l->text, text, strlen(text), 0);
	else
		strbuf_adds(&l->text, text);
	if (l->n < UI_STATUS_SPANS_MAX && l->text.len > off) {
		l->spans[l->n].off = off;
		l->spans[l->n].len = l->text.len - off;
		l->spans[l->n].element = element;
		l->n++;
	}
}

static const char *
state_element(enum sync_state_kind k)
{
	switch (k) {
	case SYNC_ONLINE:
		return "status.ok";
	case SYNC_OFFLINE:
		return "status.error";
	default:
		return "status";
	}
}

static void
source_text(struct ui_status_line *l, const struct sync_status *st, int64_t now,
            enum detail_level level)
{
	const char *el = state_element(st->state);
	char age[16];

	span(l, "status", st->source, true);
	span(l, "status", ": ", false);
	span(l, el,
	     st->state == SYNC_IDLE ? "starting" : sync_state_name(st->state),
	     false);
	if (st->state == SYNC_OFFLINE && st->reason[0] &&
	    level < LEVEL_NO_REASON) {
		char reason[SYNC_REASON_MAX];

		/* short: "refused", "HTTP 503 unavailable"; terse: "HTTP 503" */
		snprintf(reason, sizeof(reason), "%s", st->reason);
		if (level >= LEVEL_SHORT)
			reason[strcspn(reason, "(:")] = '\0';
		if (level >= LEVEL_TERSE) {
			size_t first = strcspn(reason, " ");

			if (reason[first])
				reason[first + 1 +
				       strcspn(reason + first + 1, " ")] = '\0';
		}
		while (*reason && reason[strlen(reason) - 1] == ' ')
			reason[strlen(reason) - 1] = '\0';
		span(l, el, " (", false);
		span(l, el, reason, true);
		span(l, el, ")", false);
	}
	if (st->held_until > now && level < LEVEL_COUNT) {
		char when[TIME_WHEN_MAX];

		/*
		 * The server asked to wait: nothing is asked before then.
		 * Short: the clock alone, to the minute.
		 */
		time_format_when(st->held_until, now, when, sizeof(when));
		if (level >= LEVEL_SHORT)
			when[strcspn(when, " ")] = '\0';
		if (level >= LEVEL_SHORT && strlen(when) == 8)
			when[5] = '\0';
		span(l, el, " until ", false);
		span(l, el, when, false);
	}
	if (level < LEVEL_NO_AGE && st->state != SYNC_IDLE) {
		span(l, "status", " ", false);
		span(l, "status",
		     st->last_success ? ui_status_age(now - st->last_success,
		                                      age, sizeof(age))
		                      : "never",
		     false);
	}
}

static void
format_level(const struct ui_sync_view *v, int64_t now, const char *sep,
             enum detail_level level, struct ui_status_line *l)
{
	char num[64];

	strbuf_reset(&l->text);
	l->n = 0;
	span(l, "status", " ", false);
	if (v->is_readonly) {
		span(l, "status.warn", "read-only: not syncing", false);
	} else if (level == LEVEL_COUNT) {
		size_t online = 0;

		for (size_t i = 0; i < v->n; i++)
			online += v->sources[i].state == SYNC_ONLINE;
		snprintf(num, sizeof(num), "%zu/%zu online", online, v->n);
		span(l, online == v->n ? "status.ok" : "status.error", num,
		     false);
	} else {
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				span(l, "status", ", ", false);
			source_text(l, &v->sources[i], now, level);
		}
	}
	snprintf(num, sizeof(num), " %s ", sep);
	span(l, "status", num, false);
	snprintf(num, sizeof(num), "outbox %lld", (long long)v->outbox);
	span(l, v->outbox ? "status.warn" : "status", num, false);
	if (v->failed) {
		snprintf(num, sizeof(num), ", %lld failed",
		         (long long)v->failed);
		span(l, "status.error", num, false);
	}
	snprintf(num, sizeof(num), " %s ", sep);
	span(l, "status", num, false);
	snprintf(num, sizeof(num), "conflicts %lld", (long long)v->conflicts);
	span(l, v->conflicts ? "status.error" : "status", num, false);
}

void
ui_status_format(const struct ui_sync_view *v, int64_t now, int width,
                 const char *sep, struct ui_status_line *l)
{
	for (int level = LEVEL_FULL; level <= LEVEL_COUNT; level++) {
		format_level(v, now, sep, (enum detail_level)level, l);
		if (utf8_width(l->text.buf, l->text.len) <= (size_t)width ||
		    v->is_readonly)
			return;
	}
}
