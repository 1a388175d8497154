/*
 * The dashboard's figures, from what schema v3 keeps for them.
 *
 * On a cache of 10^5 incidents and 10^6 alerts the cost of a reading is
 * the index entries it walks and the pages they take: SQLite's page cache
 * of a console (8 MiB) does not keep them between readings. So the counts
 * of incidents come from the rows the triggers keep (incident_tally per
 * organization and sector, all and open; incident_grid per status and
 * severity: a few thousand rows), as do those of exposures (exposure_tally
 * per sector, all and KEV: schema v8), and only what depends on the time
 * is counted when read: the SLA breaches, a scan of incident_open_due (the
 * small partial index of the open incidents' deadlines), the alert
 * sparkline, a range of alert_received, and the KEV due dates, a range of
 * vulnerability_kev_due. About 500 pages in all, against ~3,000 for the
 * scans of whole incident indexes of schema v2 (and ~0.2 s for the walks
 * of 520k exposures and 250k CVEs of schema v7).
 *
 * The sparkline's range counts inside SQLite through a private SQL
 * function (the tally) instead of stepping each entry out to C, which
 * costs several times more; grouping by hour in SQL would sort.
 */
#include "centinela/store/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

#define HOUR 3600

#define TALLY_PTR  "centinela_dashboard"
#define TALLY_FUNC "centinela_dashboard_hour"

/* centinela_dashboard_hour(?1, received_at), over the alerts' range. */
static const char sql_hours[] =
    "SELECT count(*) FROM alert INDEXED BY alert_received "
    "WHERE received_at >= ?2 AND received_at < ?3 AND " TALLY_FUNC
    "(?1, received_at)";

/* sla:breached, over the open incidents' deadlines; ?1 is now. */
static const char sql_breaches[] =
    "SELECT count(*) FROM incident INDEXED BY incident_open_due WHERE "
    "" STORE_INCIDENT_OPEN " AND " STORE_SLA_OVERDUE("?1");

/* Whether organization a ranks before b: more open, more in all, older. */
static bool
org_before(const struct store_dashboard_org *a,
           const struct store_dashboard_org *b)
{
	if (a->open != b->open)
		return a->open > b->open;
	if (a->total != b->total)
		return a->total > b->total;
	return a->id < b->id;
}

/* Offer organization o to the top list of at most top_n. */
static void
org_offer(struct store_dashboard *d, size_t top_n,
          const struct store_dashboard_org *o)
{
	size_t i;

	if (!o->open || !top_n)
		return;
	if (d->n_orgs == top_n && !org_before(o, &d->orgs[top_n - 1]))
		return;
	if (d->n_orgs < top_n)
		d->n_orgs++;
	/* insertion: the list is short */
	for (i = d->n_orgs - 1; i > 0 && org_before(o, &d->orgs[i - 1]); i--)
		d->orgs[i] = d->orgs[i - 1];
	d->orgs[i] = *o;
}

/* The index in d->sectors (in code order) of code, -1 when unknown. */
static int
sector_find(const struct store_dashboard *d, const char *code)
{
	size_t lo = 0, hi = d->n_sectors;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->sectors[mid].code, code);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * centinela_dashboard_hour(figures, received_at): counts one alert into
 * its hour of the sparkline (figures: the struct store_dashboard bound as
 * TALLY_PTR) and returns 0. Counting in the statement's own loop costs a
 * fraction of stepping every entry out to C.
 */
static void
tally_hour(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct store_dashboard *d = sqlite3_value_pointer(argv[0], TALLY_PTR);
	int64_t hour;

	(void)argc;
	sqlite3_result_int(ctx, 0);
	if (!d)
		return;
	/* from the start of the range, which holds no earlier alert */
	hour = (sqlite3_value_int64(argv[1]) - d->now +
	        STORE_DASHBOARD_HOURS * HOUR) /
	       HOUR;
	if (hour >= 0 && hour < STORE_DASHBOARD_HOURS) {
		d->hours[hour]++;
		d->alerts_24h++;
	}
}

/* The alerts per hour (registering the tally on first use). */
static int
read_hours(struct store *s, struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_hours, NULL);
	int step;

	if (!st) {
		/* the connection has not met the function yet */
		if (sqlite3_create_function_v2(
		        s->db, TALLY_FUNC, 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
		        NULL, tally_hour, NULL, NULL, NULL) != SQLITE_OK)
			return store_db_err(s, e, "cannot register the tally");
		st = store_stmt(s, sql_hours, e);
		if (!st)
			return ERR_DB;
	}
	sqlite3_bind_pointer(st, 1, d, TALLY_PTR, NULL);
	sqlite3_bind_int64(st, 2, d->now - STORE_DASHBOARD_HOURS * HOUR);
	sqlite3_bind_int64(st, 3, d->now);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	/* the pointer must not outlive this call */
	sqlite3_clear_bindings(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot count recent alerts");
}

/*
 * The counts per sector and organization, from incident_tally in
 * (organization, sector) order: each organization is a run of rows.
 */
static int
read_tally(struct store *s, struct store_dashboard *d, size_t top_n,
           struct err *e)
{
	struct store_dashboard_org run = {.id = -1};
	sqlite3_stmt *st;
	int step;

	st = store_stmt(s,
	                "SELECT organization_id, sector, n, n_open FROM "
	                "incident_tally ORDER BY organization_id, sector",
	                e);
	if (!st)
		return ERR_DB;
	if (top_n)
		d->orgs = xcalloc(top_n, sizeof(*d->orgs));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		int64_t n = sqlite3_column_int64(st, 2);
		int64_t n_open = sqlite3_column_int64(st, 3);
		int sec;

		if (!code || !*code)
			d->no_sector_open += n_open;
		else if ((sec = sector_find(d, code)) >= 0) {
			d->sectors[sec].open += n_open;
			d->sectors[sec].total += n;
		}
		if (id <= 0)
			continue; /* no organization */
		if (id != run.id) {
			org_offer(d, top_n, &run);
			run.id = id;
			run.open = run.total = 0;
		}
		run.open += n_open;
		run.total += n;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read incident counts");
	org_offer(d, top_n, &run);
	return 0;
}

/* The open incidents per status and severity, from incident_grid. */
static int
read_grid(struct store *s, struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	st = store_stmt(s, "SELECT status, severity, n FROM incident_grid", e);
	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 0);
		int sev = sqlite3_column_int(st, 1);
		enum incident_status es;

		if (!status || incident_status_parse(status, &es) ||
		    incident_status_is_final(es) || sev < 1 ||
		    sev >= STORE_DASHBOARD_SEVERITY)
			continue;
		d->open[es][sev] += sqlite3_column_int64(st, 2);
		d->open_total += sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot read incident counts");
}

/* The open incidents past their SLA deadline at d->now. */
static int
read_breaches(struct store *s, struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_breaches, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, d->now);
	return store_step_int64(s, st, &d->breaches,
	                        "cannot count SLA breaches", e);
}

static int
cmp_sector(const void *a, const void *b)
{
	const struct store_dashboard_sector *x = a, *y = b;

	if (x->open != y->open)
		return x->open > y->open ? -1 : 1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* Every sector, in code order, with no incidents yet. */
static int
read_sectors(struct store *s, struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int step;

	st = store_stmt(s, "SELECT code, name FROM sector ORDER BY code", e);
	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_dashboard_sector *sec;

		if (d->n_sectors == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			d->sectors = xreallocarray(d->sectors, alloc,
			                           sizeof(*d->sectors));
		}
		sec = &d->sectors[d->n_sectors++];
		memset(sec, 0, sizeof(*sec));
		sec->code = store_col_text(st, 0);
		sec->name = store_col_text(st, 1);
		if (!sec->code)
			sec->code = xstrdup("");
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0
	                           : store_db_err(s, e, "cannot read sectors");
}

/* The names of the top organizations. */
static int
read_org_names(struct store *s, struct store_dashboard *d, struct err *e)
{
	for (size_t i = 0; i < d->n_orgs; i++) {
		sqlite3_stmt *st = store_stmt(s,
		                              "SELECT name, sector FROM "
		                              "organization WHERE id = ?1",
		                              e);
		int step;

		if (!st)
			return ERR_DB;
		sqlite3_bind_int64(st, 1, d->orgs[i].id);
		if ((step = sqlite3_step(st)) == SQLITE_ROW) {
			d->orgs[i].name = store_col_text(st, 0);
			d->orgs[i].sector = store_col_text(st, 1);
		}
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			return store_db_err(s, e, "cannot read organization");
	}
	return 0;
}

/*
 * The exposures per sector of their asset, in all and of KEV-listed CVEs,
 * from exposure_tally (schema v8), which triggers keep: a dozen rows
 * rather than a walk of the whole exposure table.
 */
static int
read_exposures(struct store *s, struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT sector, n, n_kev FROM exposure_tally", e);
	int step;

	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int64_t n = sqlite3_column_int64(st, 1);
		int64_t n_kev = sqlite3_column_int64(st, 2);
		int sec = code ? sector_find(d, code) : -1;

		if (sec >= 0) {
			d->sectors[sec].exposures += n;
			d->sectors[sec].exposures_kev += n_kev;
		}
		d->exposures += n;
		d->exposures_kev += n_kev;
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot count exposures");
}

/*
 * The KEV due dates of the next days, with the assets exposed to each: a
 * range of the partial index vulnerability_kev_due (schema v8), which
 * holds the KEV-listed CVEs only, as the is_kev term of the read says.
 */
static int
read_kev_due(struct store *s, struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT v.cve_id, v.kev_due_at, (SELECT count(*) FROM exposure x "
	    "WHERE x.vulnerability_id = v.id) FROM vulnerability v INDEXED BY "
	    "vulnerability_kev_due WHERE "
	    "v.is_kev AND v.kev_due_at >= ?1 AND v.kev_due_at <= ?2 ORDER BY "
	    "v.kev_due_at, v.cve_id",
	    e);
	int64_t day = d->now - ((d->now % 86400) + 86400) % 86400;
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, day + STORE_DASHBOARD_KEV_DAYS * 86400);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_dashboard_kev_due *k;

		d->kev_due_total++;
		if (d->n_kev_due == STORE_DASHBOARD_KEV_MAX)
			continue;
		if (!d->kev_due)
			d->kev_due = xcalloc(STORE_DASHBOARD_KEV_MAX,
			                     sizeof(*d->kev_due));
		k = &d->kev_due[d->n_kev_due++];
		k->cve_id = store_col_text(st, 0);
		k->due_at = sqlite3_column_int64(st, 1);
		k->assets = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot read KEV due dates");
}

/* Every figure, in one read transaction. */
static int
read_all(struct store *s, struct store_dashboard *d, size_t top_n,
         struct err *e)
{
	int rc;

	if ((rc = read_sectors(s, d, e)) || (rc = read_tally(s, d, top_n, e)) ||
	    (rc = read_grid(s, d, e)) || (rc = read_breaches(s, d, e)) ||
	    (rc = read_hours(s, d, e)) || (rc = read_org_names(s, d, e)) ||
	    (rc = read_exposures(s, d, e)) || (rc = read_kev_due(s, d, e)))
		return rc;
	if (d->n_sectors)
		qsort(d->sectors, d->n_sectors, sizeof(*d->sectors),
		      cmp_sector);
	return 0;
}

void
store_dashboard_init(struct store_dashboard *d)
{
	memset(d, 0, sizeof(*d));
}

void
store_dashboard_release(struct store_dashboard *d)
{
	for (size_t i = 0; i < d->n_sectors; i++) {
		free(d->sectors[i].code);
		free(d->sectors[i].name);
	}
	free(d->sectors);
	for (size_t i = 0; i < d->n_orgs; i++) {
		free(d->orgs[i].name);
		free(d->orgs[i].sector);
	}
	free(d->orgs);
	for (size_t i = 0; i < d->n_kev_due; i++)
		free(d->kev_due[i].cve_id);
	free(d->kev_due);
	store_dashboard_init(d);
}

/* The caller's cancel test, for the read in progress. */
struct cancel {
	bool (*is_cancelled)(void *ctx); /* asked by the progress handler */
	void *ctx;                       /* passed to it */
	bool is_stopped;                 /* it said stop */
};

/* SQLite progress handler: a non-zero return interrupts the statement. */
static int
progress(void *ctx)
{
	struct cancel *c = ctx;

	c->is_stopped = c->is_cancelled(c->ctx);
	return c->is_stopped ? 1 : 0;
}

int
store_dashboard_read(struct store *s, int64_t now, size_t top_n,
                     bool (*is_cancelled)(void *ctx), void *cancel_ctx,
                     struct store_dashboard *out, struct err *e)
{
	struct cancel c = {is_cancelled, cancel_ctx, false};
	/* a read transaction of its own unless the caller holds one */
	bool is_own = sqlite3_get_autocommit(s->db);
	int rc;

	store_dashboard_release(out);
	out->now = now;
	if (is_own && (rc = store_exec(s, "BEGIN", e)))
		return rc;
	if (is_cancelled)
		sqlite3_progress_handler(s->db, 4096, progress, &c);
	rc = read_all(s, out, top_n, e);
	if (is_cancelled)
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
	/* whichever statement it interrupted */
	if (rc && c.is_stopped)
		rc = err_set(e, ERR_LIMIT, "reading the dashboard stopped");
	if (is_own)
		store_exec(s, "ROLLBACK", NULL);
	if (rc)
		store_dashboard_release(out);
	return rc;
}

static bool
str_equal(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool
store_dashboard_equal(const struct store_dashboard *a,
                      const struct store_dashboard *b)
{
	if (memcmp(a->open, b->open, sizeof(a->open)) != 0 ||
	    memcmp(a->hours, b->hours, sizeof(a->hours)) != 0 ||
	    a->open_total != b->open_total || a->alerts_24h != b->alerts_24h ||
	    a->breaches != b->breaches ||
	    a->no_sector_open != b->no_sector_open ||
	    a->n_sectors != b->n_sectors || a->n_orgs != b->n_orgs ||
	    a->exposures != b->exposures ||
	    a->exposures_kev != b->exposures_kev ||
	    a->n_kev_due != b->n_kev_due ||
	    a->kev_due_total != b->kev_due_total)
		return false;
	for (size_t i = 0; i < a->n_kev_due; i++)
		if (a->kev_due[i].due_at != b->kev_due[i].due_at ||
		    a->kev_due[i].assets != b->kev_due[i].assets ||
		    !str_equal(a->kev_due[i].cve_id, b->kev_due[i].cve_id))
			return false;
	for (size_t i = 0; i < a->n_sectors; i++) {
		const struct store_dashboard_sector *x = &a->sectors[i],
		                                    *y = &b->sectors[i];

		if (x->open != y->open || x->total != y->total ||
		    x->exposures != y->exposures ||
		    x->exposures_kev != y->exposures_kev ||
		    !str_equal(x->code, y->code) ||
		    !str_equal(x->name, y->name))
			return false;
	}
	for (size_t i = 0; i < a->n_orgs; i++) {
		const struct store_dashboard_org *x = &a->orgs[i],
		                                 *y = &b->orgs[i];

		if (x->id != y->id || x->open != y->open ||
		    x->total != y->total || !str_equal(x->name, y->name) ||
		    !str_equal(x->sector, y->sector))
			return false;
	}
	return true;
}
