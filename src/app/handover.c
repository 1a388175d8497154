/*
 * The shift handover: see include/centinela/app/handover.h. The rows come
 * from the store's list filters (the same ones `centinela list` takes, so
 * each section's count can be checked with it); the Markdown is written by
 * export/markdown.c into memory, then to the terminal, a file or both.
 */
#include "centinela/app/handover.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/markdown.h"
#include "centinela/model/filter.h"
#include "centinela/store/audit.h"
#include "centinela/store/exposure_alert.h"
#include "centinela/store/list.h"
#include "centinela/store/outbox.h"

#define HANDOVER_ROWS      50    /* incident rows per section */
#define HANDOVER_ALERTS    20    /* alert rows */
#define HANDOVER_CONFLICTS 50    /* outbox conflicts listed */
#define HANDOVER_SCAN      10000 /* rows read to find the closed ones */
#define HANDOVER_TRIES     100   /* names tried in the handover folder */

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

int
handover_window(const char *since, int64_t *window, struct err *e)
{
	int rc = time_parse_duration(since, window);

	if (rc == ERR_LIMIT)
		return err_set(
		    e, ERR_USAGE,
		    "--since takes a duration up to " TIME_DURATION_MAX_TEXT
		    ", not '%s'",
		    since);
	if (rc || *window <= 0)
		return err_set(
		    e, ERR_USAGE,
		    "--since wants a duration (30m, 8h, 1d), not '%s'", since);
	return 0;
}

int
handover_render(struct app *app, const struct handover_opts *o, char **text,
                size_t *len, struct err *e)
{
	struct section opened, closed, changed, sla, alerts;
	struct markdown_handover h;
	struct outbox_entry *conflicts = NULL;
	struct markdown_conflict *mconf = NULL;
	struct store_kev_exposure *kev = NULL;
	struct markdown_exposure *mkev = NULL;
	size_t n_conflicts = 0, n_kev = 0;
	int64_t kev_total = 0;
	const char *since = o->since ? o->since : "8h";
	int64_t window, now = o->now;
	FILE *fp = NULL;
	int rc;

	*text = NULL;
	*len = 0;
	section_init(&opened);
	section_init(&closed);
	section_init(&changed);
	section_init(&sla);
	section_init(&alerts);
	memset(&h, 0, sizeof(h));
	if ((rc = handover_window(since, &window, e)))
		goto out;
	strbuf_addf(&opened.filter, "age<=%s", since);
	strbuf_addf(&closed.filter, "status:resolved,closed updated<=%s",
	            since);
	strbuf_addf(&changed.filter, "updated<=%s", since);
	strbuf_adds(&sla.filter, "due<2h");
	strbuf_addf(&alerts.filter, "status:new severity>=high age<=%s", since);
	rc = fetch_incidents(app, &opened, now, "opened", HANDOVER_ROWS, e);
	if (!rc)
		rc = fetch_closed(app, &closed, now - window, now, e);
	if (!rc)
		rc = fetch_incidents(app, &changed, now, "updated",
		                     HANDOVER_ROWS, e);
	if (!rc)
		rc = fetch_incidents(app, &sla, now, "due", HANDOVER_ROWS, e);
	if (!rc)
		rc = fetch_alerts(app, &alerts, now, e);
	if (!rc)
		rc = store_kev_exposures_between(app->store, now - window, now,
		                                 HANDOVER_ROWS, &kev, &n_kev,
		                                 &kev_total, e);
	if (!rc)
		rc = store_outbox_count(app->store, OUTBOX_PENDING,
		                        &h.outbox_pending, e);
	if (!rc)
		rc = store_outbox_count(app->store, OUTBOX_FAILED,
		                        &h.outbox_failed, e);
	if (!rc)
		rc = store_outbox_count(app->store, OUTBOX_CONFLICT,
		                        &h.outbox_conflict, e);
	if (!rc)
		rc = store_outbox_list(app->store, OUTBOX_CONFLICT,
		                       HANDOVER_CONFLICTS, &conflicts,
		                       &n_conflicts, e);
	if (rc)
		goto out;
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
	mkev = xcalloc(n_kev ? n_kev : 1, sizeof(*mkev));
	for (size_t i = 0; i < n_kev; i++)
		mkev[i] = (struct markdown_exposure){
		    kev[i].cve_id, kev[i].asset,        kev[i].organization,
		    kev[i].sector, kev[i].criticality,  kev[i].kev_at,
		    kev[i].due_at, kev[i].is_ransomware};
	h.kev_exposures = (struct markdown_exposures){mkev, n_kev, kev_total};
	mconf = xcalloc(n_conflicts ? n_conflicts : 1, sizeof(*mconf));
	for (size_t i = 0; i < n_conflicts; i++)
		mconf[i] = (struct markdown_conflict){
		    conflicts[i].id,
		    outbox_entity_name(conflicts[i].entity),
		    conflicts[i].entity_id,
		    outbox_op_name(conflicts[i].operation),
		    conflicts[i].created_at,
		    conflicts[i].last_error};
	h.conflicts = mconf;
	h.n_conflicts = n_conflicts;
	h.note = o->note;
	if (!(fp = open_memstream(text, len)))
		die("out of memory");
	rc = markdown_handover(fp, &h, e);
	if (fclose(fp) && !rc)
		rc = err_set(e, ERR_IO, "cannot write the report");
	if (rc) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
out:
	for (size_t i = 0; i < n_conflicts; i++)
		outbox_entry_release(&conflicts[i]);
	free(conflicts);
	free(mconf);
	store_kev_exposures_free(kev, n_kev);
	free(mkev);
	section_release(&opened);
	section_release(&closed);
	section_release(&changed);
	section_release(&sla);
	section_release(&alerts);
	return rc;
}

/* Create path 0600 and write text into it; never overwrite. */
static int
write_new(const char *path, const char *text, size_t len, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t done = 0;
	int rc = 0;

	if (fd < 0)
		return errno == EEXIST
		           ? err_set(e, ERR_CONFLICT,
		                     "'%s' exists; the report never "
		                     "overwrites a file",
		                     path)
		           : err_set(e, ERR_IO, "cannot create '%s': %s", path,
		                     strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = err_set(e, ERR_IO, "cannot write '%s': %s", path,
			             strerror(errno));
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) && !rc)
		rc = err_set(e, ERR_IO, "cannot write '%s': %s", path,
		             strerror(errno));
	if (rc)
		unlink(path);
	return rc;
}

int
handover_save(const char *path, const char *text, size_t len, char **path_out,
              struct err *e)
{
	char *dir = NULL, stamp[32];
	struct strbuf name;
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (path_out)
		*path_out = NULL;
	if (path) {
		rc = write_new(path, text, len, e);
		if (!rc && path_out)
			*path_out = xstrdup(path);
		return rc;
	}
	if (!(dir = fs_xdg_path("XDG_DATA_HOME", ".local/share",
	                        "centinela/handover", e)))
		return ERR_IO;
	if ((rc = fs_mkdir_p(dir, 0700, e)))
		goto out;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M", &tm);
	strbuf_init(&name);
	rc = ERR_CONFLICT;
	for (int i = 1; rc == ERR_CONFLICT && i <= HANDOVER_TRIES; i++) {
		strbuf_setlen(&name, 0);
		strbuf_addf(&name, "%s/handover-%s", dir, stamp);
		if (i > 1)
			strbuf_addf(&name, "-%d", i);
		strbuf_adds(&name, ".md");
		rc = write_new(name.buf, text, len, e);
	}
	if (!rc && path_out)
		*path_out = strbuf_detach(&name, NULL);
	strbuf_release(&name);
out:
	free(dir);
	return rc;
}

int
handover_record(struct app *app, const char *path,
                const struct handover_opts *o, struct err *e)
{
	char from[TIME_ISO_MAX], to[TIME_ISO_MAX];
	char *abs = NULL;
	struct strbuf detail;
	int64_t window = 0;
	int rc = 0;

	/* A cache that cannot be written says why it keeps no record. */
	if (app->unwritable && path)
		return app_check_writable(app, "recording the handover", e);
	if (!path || app->is_readonly || !app->store)
		goto out;
	abs = realpath(path, NULL);
	if (handover_window(o->since ? o->since : "8h", &window, NULL))
		window = 0;
	time_format_iso8601(o->now - window, from);
	time_format_iso8601(o->now, to);
	strbuf_init(&detail);
	strbuf_addf(&detail, "window %s to %s", from, to);
	rc = store_audit_append(
	    app->store,
	    app->analyst && *app->analyst ? app->analyst : "unknown",
	    "handover", "handover", abs ? abs : path, detail.buf, e);
	strbuf_release(&detail);
out:
	free(abs);
	return rc;
}

void
handover_last_release(struct handover_last *h)
{
	free(h->actor);
	free(h->path);
	free(h->detail);
	memset(h, 0, sizeof(*h));
}

int
handover_pending(struct app *app, struct handover_last *out, struct err *e)
{
	struct audit_entry last, seen;
	int rc;

	memset(out, 0, sizeof(*out));
	audit_entry_init(&seen);
	rc = store_audit_last(app->store, "handover", "handover", NULL, NULL, 0,
	                      &last, e);
	if (rc)
		goto out;
	rc = store_audit_last(app->store, "handover", "handover.dismiss",
	                      app->analyst ? app->analyst : "unknown",
	                      last.entity_ref, last.id, &seen, NULL);
	if (rc == 0) {
		rc = err_set(e, ERR_NOTFOUND, "the last handover was read");
		goto out;
	}
	if (rc != ERR_NOTFOUND)
		goto out;
	out->id = last.id;
	out->at = last.at;
	out->actor = last.actor;
	out->path = last.entity_ref;
	out->detail = last.detail;
	last.actor = last.entity_ref = last.detail = NULL;
	rc = 0;
out:
	audit_entry_release(&last);
	audit_entry_release(&seen);
	return rc;
}

int
handover_dismiss(struct app *app, const struct handover_last *h, struct err *e)
{
	char what[64];
	int rc = app_check_writable(app, "dismissing the handover", e);

	if (rc)
		return rc;
	snprintf(what, sizeof(what), "handover of entry %lld read",
	         (long long)h->id);
	return store_audit_append(
	    app->store,
	    app->analyst && *app->analyst ? app->analyst : "unknown",
	    "handover.dismiss", "handover", h->path, what, e);
}
