/*
 * `centinela handover`: the Markdown report of a shift (incidents opened,
 * closed and changed, SLAs at risk, unacknowledged alerts, the outbox and
 * the analyst's note). The rows come from the store's list filters; the
 * report is written by export/markdown.c.
 */
#include "centinela/cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/markdown.h"
#include "centinela/model/filter.h"
#include "centinela/store/list.h"
#include "centinela/store/outbox.h"

#define HANDOVER_ROWS      50    /* incident rows per section */
#define HANDOVER_ALERTS    20    /* alert rows */
#define HANDOVER_CONFLICTS 50    /* outbox conflicts listed */
#define HANDOVER_NOTE_MAX  65536 /* bytes of note */
#define HANDOVER_SCAN      10000 /* rows read to find the closed ones */

/* Rows fetched for one section, and the filter text behind them. */
struct section {
	struct strbuf filter;  /* filter text (for "and N more") */
	struct incident *rows; /* owned page */
	struct alert *alerts;  /* owned page (the alert section) */
	size_t n;              /* rows in rows or alerts */
	int64_t total;         /* matches */
};

static void
section_init(struct section *s)
{
	memset(s, 0, sizeof(*s));
	strbuf_init(&s->filter);
}

static void
section_release(struct section *s)
{
	for (size_t i = 0; s->rows && i < s->n; i++)
		incident_release(&s->rows[i]);
	for (size_t i = 0; s->alerts && i < s->n; i++)
		alert_release(&s->alerts[i]);
	free(s->rows);
	free(s->alerts);
	strbuf_release(&s->filter);
}

/* Parse s->filter into o (caller frees *f). */
static int
section_opts(struct app *app, struct section *s, int64_t now,
             struct store_list_opts *o, struct filter **f, struct err *e)
{
	int rc = filter_parse(s->filter.buf, f, e);

	store_list_opts_init(o);
	o->filter = *f;
	o->me = app->analyst;
	o->now = now;
	return rc;
}

/* The first `limit` incidents of the filter, newest first, and the count. */
static int
fetch_incidents(struct app *app, struct section *s, int64_t now,
                const char *sort, int limit, struct err *e)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	int rc = section_opts(app, s, now, &o, &f, e);

	if (rc)
		goto out;
	o.sort = sort;
	o.is_ascending = store_sort_is_ascending(STORE_INCIDENTS, sort);
	o.limit = limit;
	rc = store_count(app->store, STORE_INCIDENTS, &o, &s->total, e);
	if (!rc)
		rc = store_incident_page(app->store, &o, &s->rows, &s->n, NULL,
		                         e);
out:
	filter_free(f);
	return rc;
}

/*
 * Incidents closed in [from, now]: no filter field reads closed_at, so
 * the final ones changed in the window (closing changes a row) are read
 * and those closed before the window dropped.
 */
static int
fetch_closed(struct app *app, struct section *s, int64_t from, int64_t now,
             struct err *e)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	size_t kept = 0;
	int rc = section_opts(app, s, now, &o, &f, e);

	if (rc)
		goto out;
	o.sort = "updated";
	o.limit = HANDOVER_SCAN;
	rc = store_incident_page(app->store, &o, &s->rows, &s->n, NULL, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < s->n; i++) {
		struct incident *inc = &s->rows[i];

		if (inc->closed_at >= from && inc->closed_at <= now) {
			if (kept < HANDOVER_ROWS)
				s->rows[kept++] = *inc;
			else
				incident_release(inc);
			s->total++;
		} else {
			incident_release(inc);
		}
	}
	s->n = kept;
out:
	filter_free(f);
	return rc;
}

static int
fetch_alerts(struct app *app, struct section *s, int64_t now, struct err *e)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	int rc = section_opts(app, s, now, &o, &f, e);

	if (rc)
		goto out;
	o.limit = HANDOVER_ALERTS;
	rc = store_count(app->store, STORE_ALERTS, &o, &s->total, e);
	if (!rc)
		rc = store_alert_page(app->store, &o, &s->alerts, &s->n, NULL,
		                      e);
out:
	filter_free(f);
	return rc;
}

/* The note: text, a file or "-" for standard input, at most 64 KiB. */
static int
read_note(const char *text, const char *file, char **out, struct err *e)
{
	size_t len;

	if (text) {
		if (strlen(text) > HANDOVER_NOTE_MAX)
			return err_set(e, ERR_LIMIT,
			               "the note is longer than 64 KiB");
		*out = xstrdup(text);
		return 0;
	}
	if (!file)
		return 0;
	return fs_read_file(file, HANDOVER_NOTE_MAX, out, &len, e);
}

/* Create path 0600 for writing; refuse an existing file. */
static FILE *
open_output(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *fp;

	if (fd < 0) {
		if (errno == EEXIST)
			cli_error("'%s' exists; the report never overwrites "
			          "a file",
			          path);
		else
			cli_error("cannot create '%s': %s", path,
			          strerror(errno));
		return NULL;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		cli_error("cannot open '%s': %s", path, strerror(errno));
		close(fd);
	}
	return fp;
}

int
cli_cmd_handover(struct app *app, int argc, char **argv)
{
	struct section opened, closed, changed, sla, alerts;
	struct markdown_handover h;
	const char *since = "8h", *note_text = NULL, *note_file = NULL;
	const char *output = NULL, *now_text = NULL;
	struct outbox_entry *conflicts = NULL;
	struct markdown_conflict *mconf = NULL;
	size_t n_conflicts = 0;
	char *note = NULL;
	int64_t window, now;
	FILE *fp = NULL;
	struct err e;
	int rc = 0, status = CLI_EXIT_USAGE;

	err_clear(&e);
	section_init(&opened);
	section_init(&closed);
	section_init(&changed);
	section_init(&sla);
	section_init(&alerts);
	for (int i = 1; i < argc; i++) {
		int got;

		if ((got = cli_opt_value(argc, argv, &i, "--since", &since)) ||
		    (got =
		         cli_opt_value(argc, argv, &i, "--note", &note_text)) ||
		    (got = cli_opt_value(argc, argv, &i, "--note-file",
		                         &note_file)) ||
		    (got =
		         cli_opt_value(argc, argv, &i, "--output", &output)) ||
		    (got = cli_opt_value(argc, argv, &i, "--now", &now_text))) {
			if (got < 0)
				goto out;
		} else {
			cli_error("unknown argument '%s' for handover; see "
			          "'centinela handover --help'",
			          argv[i]);
			goto out;
		}
	}
	if (time_parse_duration(since, &window) || window <= 0) {
		cli_error("--since wants a duration (30m, 8h, 1d), not '%s'",
		          since);
		goto out;
	}
	if (note_text && note_file) {
		cli_error("give --note or --note-file, not both");
		goto out;
	}
	now = time_now();
	if (now_text && time_parse_iso8601(now_text, &now)) {
		cli_error("--now wants an ISO 8601 time "
		          "(2026-11-29T03:00:00Z), not '%s'",
		          now_text);
		goto out;
	}
	if (read_note(note_text, note_file, &note, &e)) {
		cli_error("note: %s", e.msg);
		status = CLI_EXIT_FAIL;
		goto out;
	}
	if ((status = cli_open_store(app)))
		goto out;
	strbuf_addf(&opened.filter, "age<=%s", since);
	strbuf_addf(&closed.filter, "status:resolved,closed updated<=%s",
	            since);
	strbuf_addf(&changed.filter, "updated<=%s", since);
	strbuf_adds(&sla.filter, "due<2h");
	strbuf_addf(&alerts.filter, "status:new severity>=high age<=%s", since);
	rc = fetch_incidents(app, &opened, now, "opened", HANDOVER_ROWS, &e);
	if (!rc)
		rc = fetch_closed(app, &closed, now - window, now, &e);
	if (!rc)
		rc = fetch_incidents(app, &changed, now, "updated",
		                     HANDOVER_ROWS, &e);
	if (!rc)
		rc = fetch_incidents(app, &sla, now, "due", HANDOVER_ROWS, &e);
	if (!rc)
		rc = fetch_alerts(app, &alerts, now, &e);
	memset(&h, 0, sizeof(h));
	if (!rc)
		rc = store_outbox_count(app->store, "pending",
		                        &h.outbox_pending, &e);
	if (!rc)
		rc = store_outbox_count(app->store, "failed", &h.outbox_failed,
		                        &e);
	if (!rc)
		rc = store_outbox_count(app->store, "conflict",
		                        &h.outbox_conflict, &e);
	if (!rc)
		rc = store_outbox_list(app->store, "conflict",
		                       HANDOVER_CONFLICTS, &conflicts,
		                       &n_conflicts, &e);
	if (rc) {
		cli_error("%s", e.msg);
		status = cli_exit_for(rc);
		goto out;
	}
	h.from = now - window;
	h.to = now;
	h.analyst = app->analyst;
	h.cache = app->db_path;
	h.opened = (struct markdown_incidents){opened.rows, opened.n,
	                                       opened.total, opened.filter.buf};
	h.closed = (struct markdown_incidents){closed.rows, closed.n,
	                                       closed.total, closed.filter.buf};
	h.changed = (struct markdown_incidents){
	    changed.rows, changed.n, changed.total, changed.filter.buf};
	h.sla = (struct markdown_incidents){sla.rows, sla.n, sla.total,
	                                    sla.filter.buf};
	h.alerts = (struct markdown_alerts){alerts.alerts, alerts.n,
	                                    alerts.total, alerts.filter.buf};
	mconf = xcalloc(n_conflicts ? n_conflicts : 1, sizeof(*mconf));
	for (size_t i = 0; i < n_conflicts; i++)
		mconf[i] = (struct markdown_conflict){
		    conflicts[i].id,         conflicts[i].entity,
		    conflicts[i].entity_id,  conflicts[i].operation,
		    conflicts[i].created_at, conflicts[i].last_error};
	h.conflicts = mconf;
	h.n_conflicts = n_conflicts;
	h.note = note;
	if (output && !(fp = open_output(output))) {
		status = CLI_EXIT_FAIL;
		goto out;
	}
	rc = markdown_handover(fp ? fp : stdout, &h, &e);
	if (fp && fclose(fp) && !rc)
		rc = err_set(&e, ERR_IO, "cannot write '%s'", output);
	fp = NULL;
	if (rc) {
		cli_error("%s", e.msg);
		status = cli_exit_for(rc);
		goto out;
	}
	status = CLI_EXIT_OK;
out:
	for (size_t i = 0; i < n_conflicts; i++)
		outbox_entry_release(&conflicts[i]);
	free(conflicts);
	free(mconf);
	free(note);
	section_release(&opened);
	section_release(&closed);
	section_release(&changed);
	section_release(&sla);
	section_release(&alerts);
	return status;
}
