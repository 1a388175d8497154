/*
 * The console's side of the sync thread (DESIGN.md, "Threads and the
 * event loop"): the engine writes struct sync_msg records to a
 * non-blocking pipe; the loop polls its read end beside stdin and the
 * signal pipe. A message updates the per-source copy the status bar shows
 * and says which lists changed; those are re-queried at most four times a
 * second (the table keeps the selection on its row), the other tabs when
 * they are shown again. Nothing is drawn unless its text changed: the
 * status bar is compared with what was drawn last, and the ages in it are
 * looked at once a second but move in coarse steps (ui/status.h).
 *
 * New alerts are told here too (app/notify.h): each message carries the
 * highest alert rowid the thread inserted, and the coalesced re-query
 * also runs the notifications (the message line, the bell, the flash, the
 * notify program), so a burst of pages is one message; a running notify
 * program is looked at every NOTIFY_POLL_MS until it ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/store/outbox.h"
#include "internal.h"

/* Least time between two re-queries of the lists (ms). */
#define SYNC_COALESCE_MS 250
/* How often the ages in the status bar are looked at (ms). */
#define STATUS_CHECK_MS 1000

static void
count_outbox(struct ui *ui)
{
	struct outbox_counts c;

	if (ui->app->store &&
	    store_outbox_counts(ui->app->store, NULL, &c, NULL) == 0) {
		ui->outbox = c.pending + c.failed;
		ui->failed = c.failed;
		ui->conflicts = c.conflicts;
	}
}

static int
make_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		int fl = fcntl(fds[i], F_GETFL);

		if (fl < 0 || fcntl(fds[i], F_SETFL, fl | O_NONBLOCK) < 0 ||
		    fcntl(fds[i], F_SETFD, FD_CLOEXEC) < 0) {
			close(fds[0]);
			close(fds[1]);
			fds[0] = fds[1] = -1;
			return -1;
		}
	}
	return 0;
}

void
ui_sync_start(struct ui *ui)
{
	struct app *app = ui->app;
	struct err e;

	count_outbox(ui);
	if (ui->conflicts > 0)
		ui_conflicts_tab_ensure(ui);
	if (ui->failed > 0)
		ui_outbox_tab_ensure(ui);
	if (!app->n_sources)
		return;
	ui->n_sync = app->n_sources;
	ui->sync = xcalloc(ui->n_sync, sizeof(*ui->sync));
	for (size_t i = 0; i < ui->n_sync; i++)
		snprintf(ui->sync[i].source, sizeof(ui->sync[i].source), "%s",
		         app->sources[i].name);
	ui->dirty |= UI_DIRTY_STATUS;
	if (app->is_readonly)
		return; /* read-only never writes the cache: no thread */
	err_clear(&e);
	/* before the thread starts: what is cached now is not new */
	if (app->store && notify_start(&ui->notify, app->store, &e) < 0) {
		ui_message(ui, true, "notifications are off: %s", e.msg);
		err_clear(&e);
	}
	if (make_pipe(ui->sync_pipe) < 0) {
		ui_message(ui, true, "cannot start syncing: %s",
		           strerror(errno));
		return;
	}
	if (sync_engine_new(app->db_path, app->sources, app->n_sources,
	                    &ui->engine, &e) ||
	    sync_engine_start(ui->engine, ui->sync_pipe[1], &e)) {
		ui_message(ui, true, "cannot start syncing: %s", e.msg);
		sync_engine_free(ui->engine);
		ui->engine = NULL;
		close(ui->sync_pipe[0]);
		close(ui->sync_pipe[1]);
		ui->sync_pipe[0] = ui->sync_pipe[1] = -1;
		return;
	}
	ui->status_check_ms = ui_now_us() / 1000 + STATUS_CHECK_MS;
}

void
ui_sync_stop(struct ui *ui)
{
	/* stops and joins the thread before its pipe closes */
	sync_engine_free(ui->engine);
	ui->engine = NULL;
	for (int i = 0; i < 2; i++) {
		if (ui->sync_pipe[i] >= 0)
			close(ui->sync_pipe[i]);
		ui->sync_pipe[i] = -1;
	}
	free(ui->sync);
	ui->sync = NULL;
	ui->n_sync = 0;
	free(ui->status_drawn);
	ui->status_drawn = NULL;
	notify_release(&ui->notify);
}

static void
on_msg(struct ui *ui, const struct sync_msg *m)
{
	for (size_t i = 0; i < ui->n_sync; i++) {
		if (strncmp(ui->sync[i].source, m->status.source,
		            sizeof(ui->sync[i].source)) == 0) {
			ui->sync[i] = m->status;
			/* always terminated, whatever came through the pipe */
			ui->sync[i].source[sizeof(ui->sync[i].source) - 1] =
			    '\0';
			ui->sync[i].reason[sizeof(ui->sync[i].reason) - 1] =
			    '\0';
			break;
		}
	}
	ui->outbox = m->outbox_pending;
	ui->failed = m->failed;
	ui->conflicts = m->conflicts;
	notify_arrived(&ui->notify, m->last_alert_id);
	if (m->changed || notify_is_pending(&ui->notify)) {
		int64_t now = ui_now_us() / 1000;

		ui->sync_changed |= m->changed;
		if (!ui->sync_due_ms) {
			int64_t at = ui->sync_applied_ms + SYNC_COALESCE_MS;

			ui->sync_due_ms = at > now ? at : now;
		}
	}
	/* drawn only if its text changed (draw_status compares) */
	ui->status_check_ms = 1;
}

void
ui_sync_read(struct ui *ui)
{
	for (;;) {
		ssize_t n =
		    read(ui->sync_pipe[0], ui->sync_buf + ui->n_sync_buf,
		         sizeof(ui->sync_buf) - ui->n_sync_buf);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		ui->n_sync_buf += (size_t)n;
		if (ui->n_sync_buf == sizeof(ui->sync_buf)) {
			struct sync_msg m;

			memcpy(&m, ui->sync_buf, sizeof(m));
			ui->n_sync_buf = 0;
			on_msg(ui, &m);
		}
	}
}

/*
 * Tell what arrived: "3 new alerts ≥ high: [critical] TITLE" (the most
 * severe), the bell and flash as set, and what became of the notify
 * program. A failure comes first, so that a narrow line still shows it.
 */
static void
run_notify(struct ui *ui)
{
	struct notify_report r;
	struct strbuf news, other;
	struct err e;
	enum severity sev;
	bool is_error;

	notify_report_init(&r);
	strbuf_init(&news);
	strbuf_init(&other);
	err_clear(&e);
	is_error = notify_tick(&ui->notify, ui->app, ui->app->store,
	                       ui_now_us() / 1000, &r, &e) < 0;
	if (r.n_new) {
		if (!ui->app->notify_severity ||
		    severity_parse(ui->app->notify_severity, &sev) < 0)
			sev = SEVERITY_HIGH;
		strbuf_addf(&news, "%lld new alert%s %s %s: [%s] %s",
		            (long long)r.n_new, r.n_new == 1 ? "" : "s",
		            ui->is_utf8 ? "\u2265" : ">=", severity_name(sev),
		            severity_name(r.top_severity), r.top_title);
		if (r.is_bell)
			beep();
		if (r.is_flash)
			flash();
	}
	if (is_error)
		strbuf_addf(&other, "notifications: %s", e.msg);
	if (r.program_msg)
		strbuf_addf(&other, "%s%s", other.len ? "; " : "",
		            r.program_msg);
	is_error |= r.is_program_error;
	if (news.len && other.len)
		ui_message(ui, is_error, "%s; %s",
		           is_error ? other.buf : news.buf,
		           is_error ? news.buf : other.buf);
	else if (news.len || other.len)
		ui_message(ui, is_error, "%s", news.len ? news.buf : other.buf);
	strbuf_release(&news);
	strbuf_release(&other);
	notify_report_release(&r);
}

/* Re-query the lists the pending changes touch. */
static void
apply_changes(struct ui *ui)
{
	unsigned changed = ui->sync_changed;

	ui->sync_changed = 0;
	ui->sync_due_ms = 0;
	ui->sync_applied_ms = ui_now_us() / 1000;
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++)
		if (changed & SYNC_CHANGED_LIST(ent))
			ui_tabs_changed(ui, NULL, ent);
	if (ui->conflicts > 0)
		ui_conflicts_tab_ensure(ui);
	if (ui->failed > 0)
		ui_outbox_tab_ensure(ui);
	/* a pushed edit or a new conflict changes the outbox lists */
	if (changed & SYNC_CHANGED_OUTBOX) {
		ui_tabs_changed(ui, &view_conflicts_ops, -1);
		ui_tabs_changed(ui, &view_outbox_ops, -1);
	}
	if (notify_is_pending(&ui->notify))
		run_notify(ui);
}

/* The status bar's width for the sync part: the rest keeps 30 cells. */
static int
status_width(const struct ui *ui)
{
	return ui->cols - 30 > 20 ? ui->cols - 30 : 20;
}

/* The status bar's sync part as it reads now. */
static void
format_status(const struct ui *ui, struct ui_status_line *l)
{
	struct ui_sync_view v = {
	    .sources = ui->sync,
	    .n = ui->n_sync,
	    .outbox = ui->outbox,
	    .failed = ui->failed,
	    .conflicts = ui->conflicts,
	    .is_readonly = ui->app->is_readonly,
	};

	ui_status_format(&v, time_now(), status_width(ui), ui->glyphs.vline, l);
}

void
ui_sync_status(struct ui *ui, struct ui_status_line *l)
{
	format_status(ui, l);
	free(ui->status_drawn);
	ui->status_drawn = xstrdup(l->text.buf);
}

/*
 * Ms until the notifications' own timer (a running program, a run waiting
 * for its gap); -1: none. New alerts wait for the coalesced re-query, which
 * tells them, so that a burst of pages is one message.
 */
static int
notify_due_ms(const struct ui *ui, int64_t now)
{
	if (ui->sync_due_ms && !ui->notify.pid)
		return -1;
	return notify_timeout_ms(&ui->notify, now);
}

void
ui_sync_tick(struct ui *ui)
{
	int64_t now = ui_now_us() / 1000;

	if (ui->sync_due_ms && now >= ui->sync_due_ms)
		apply_changes(ui);
	else if (notify_due_ms(ui, now) == 0)
		run_notify(ui);
	if (ui->status_check_ms && now >= ui->status_check_ms) {
		struct ui_status_line l;

		if (ui->n_sync) {
			ui_status_line_init(&l);
			format_status(ui, &l);
			if (!ui->status_drawn ||
			    strcmp(ui->status_drawn, l.text.buf))
				ui->dirty |= UI_DIRTY_STATUS;
			ui_status_line_release(&l);
		} else {
			ui->dirty |= UI_DIRTY_STATUS; /* the outbox count */
		}
		/* without an engine nothing else ages: no timer, or the
		 * loop would wake for it forever */
		ui->status_check_ms = ui->engine ? now + STATUS_CHECK_MS : 0;
	}
}

int
ui_sync_timeout(const struct ui *ui)
{
	int64_t now = ui_now_us() / 1000, due = 0;

	if (ui->sync_due_ms)
		due = ui->sync_due_ms;
	if (ui->status_check_ms && (!due || ui->status_check_ms < due))
		due = ui->status_check_ms;
	if (notify_due_ms(ui, now) >= 0) {
		int64_t at = now + notify_due_ms(ui, now);

		if (!due || at < due)
			due = at;
	}
	if (!due)
		return -1;
	return due > now ? (int)(due - now) : 0;
}

void
ui_sync_local_change(struct ui *ui, unsigned changed)
{
	count_outbox(ui);
	ui->sync_changed |= changed;
	apply_changes(ui);
	ui->status_check_ms = 1;
	if (ui->engine)
		sync_engine_kick(ui->engine);
}
