/*
 * The dashboard's figures, read from indexes only.
 *
 * On a cache of 10^5 incidents and 10^6 alerts, grouping the incident
 * table by (status, severity) reads every open row from the table (tens of
 * MiB, ~200 ms), and no index has both columns. Every index of incident
 * ends with the rowid, though, so the figures are joined here instead:
 * one covering scan of incident_status marks the open incidents in a map
 * by id (a byte per id when ids are dense, else a sorted array), and
 * covering scans of incident_severity, incident_sector, incident_org and
 * incident_due count the marked ids run by run. The alert sparkline is one
 * grouped range scan of alert_received. No schema change is needed.
 */
#include "centinela/store/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

/* An incident is open unless it is resolved or closed. */
#define OPEN_SQL                                                               \
	"status IN ('new','triage','in_progress','waiting','contained')"

/*
 * THE SLA breach condition, and the only place that states it: an open
 * incident (checked through the open map) with a due time before ?1 (now).
 * It selects the ids of the candidates from the incident_due index.
 */
#define STORE_DASHBOARD_BREACH                                                 \
	"SELECT id FROM incident INDEXED BY incident_due "                     \
	"WHERE due_at IS NOT NULL AND due_at < ?1"

#define HOUR 3600

/* A sparse map entry: an open incident and its status. */
struct open_id {
	int64_t id;    /* incident id */
	uint8_t state; /* enum incident_status + 1 */
};

/* Which incidents are open, and in what status, by id. */
struct open_map {
	uint8_t *dense;      /* [id] = status + 1, 0: not open (owned) */
	int64_t max_id;      /* last index of dense */
	struct open_id *ids; /* sparse form, sorted by id (owned) */
	size_t n;            /* entries in ids */
};

/* enum incident_status + 1 of an open incident, 0 when not open. */
static int
open_state(const struct open_map *m, int64_t id)
{
	size_t lo = 0, hi = m->n;

	if (m->dense)
		return id >= 0 && id <= m->max_id ? m->dense[id] : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->ids[mid].id == id)
			return m->ids[mid].state;
		if (m->ids[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int
cmp_open_id(const void *a, const void *b)
{
	const struct open_id *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Step st to its end; what names a failure. */
static int
step_fail(struct store *s, int step, const char *what, struct err *e)
{
	return step == SQLITE_DONE ? 0 : store_db_err(s, e, what);
}

/*
 * Fill m from incident_status, and the status x severity grid of d from
 * incident_severity.
 */
static int
read_open(struct store *s, struct open_map *m, struct store_dashboard *d,
          struct err *e)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int64_t n_all = 0;
	int step, cur = -1;
	char prev[32] = "";

	st = store_stmt(s, "SELECT max(id), count(*) FROM incident", e);
	if (!st)
		return ERR_DB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		m->max_id = sqlite3_column_int64(st, 0);
		n_all = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot count incidents");
	/* a byte per id while that is at most ~4 bytes per incident */
	if (m->max_id >= 0 && m->max_id <= 4 * n_all + 65536)
		m->dense = xcalloc((size_t)m->max_id + 1, 1);
	st = store_stmt(s,
	                "SELECT status, id FROM incident INDEXED BY "
	                "incident_status WHERE " OPEN_SQL,
	                e);
	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *txt = (const char *)sqlite3_column_text(st, 0);
		int64_t id = sqlite3_column_int64(st, 1);
		enum incident_status es;

		/* rows come grouped by status: parse each name once */
		if (!txt)
			continue;
		if (strcmp(txt, prev) != 0) {
			cur = incident_status_parse(txt, &es) ? -1 : (int)es;
			snprintf(prev, sizeof(prev), "%s", txt);
		}
		if (cur < 0)
			continue;
		if (m->dense && id >= 0 && id <= m->max_id) {
			m->dense[id] = (uint8_t)(cur + 1);
			continue;
		}
		if (m->n == alloc) {
			alloc = alloc ? 2 * alloc : 1024;
			m->ids = xreallocarray(m->ids, alloc, sizeof(*m->ids));
		}
		m->ids[m->n].id = id;
		m->ids[m->n++].state = (uint8_t)(cur + 1);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read open incidents");
	if (m->n)
		qsort(m->ids, m->n, sizeof(*m->ids), cmp_open_id);

	st = store_stmt(s,
	                "SELECT severity, id FROM incident INDEXED BY "
	                "incident_severity WHERE severity BETWEEN 1 AND 5",
	                e);
	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int sev = sqlite3_column_int(st, 0);
		int state = open_state(m, sqlite3_column_int64(st, 1));

		if (state && sev >= 1 && sev < STORE_DASHBOARD_SEVERITY) {
			d->open[state - 1][sev]++;
			d->open_total++;
		}
	}
	sqlite3_reset(st);
	return step_fail(s, step, "cannot count incidents by severity", e);
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

/* Every sector with its open and total incidents. */
static int
read_sectors(struct store *s, const struct open_map *m,
             struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st;
	size_t alloc = 0, k = 0;
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
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read sectors");

	/* both in code order (BINARY): walk them together */
	st = store_stmt(s,
	                "SELECT sector, id FROM incident INDEXED BY "
	                "incident_sector",
	                e);
	if (!st)
		return ERR_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		bool is_open = open_state(m, sqlite3_column_int64(st, 1)) != 0;
		int c = 1;

		if (!code) {
			d->no_sector_open += is_open;
			continue;
		}
		while (k < d->n_sectors &&
		       (c = strcmp(d->sectors[k].code, code)) < 0)
			k++;
		if (k < d->n_sectors && c == 0) {
			d->sectors[k].open += is_open;
			d->sectors[k].total++;
		}
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot count incidents by sector");
	if (d->n_sectors)
		qsort(d->sectors, d->n_sectors, sizeof(*d->sectors),
		      cmp_sector);
	return 0;
}

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

/* Offer one organization's run to the top list (d->orgs, top_n long). */
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

/* The top_n organizations by open incidents, with their names. */
static int
read_orgs(struct store *s, const struct open_map *m, size_t top_n,
          struct store_dashboard *d, struct err *e)
{
	struct store_dashboard_org run = {0};
	sqlite3_stmt *st;
	int step;

	if (!top_n)
		return 0;
	d->orgs = xcalloc(top_n, sizeof(*d->orgs));
	st = store_stmt(s,
	                "SELECT organization_id, id FROM incident INDEXED BY "
	                "incident_org WHERE organization_id IS NOT NULL",
	                e);
	if (!st)
		return ERR_DB;
	run.id = -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t org = sqlite3_column_int64(st, 0);

		if (org != run.id) {
			org_offer(d, top_n, &run);
			run.id = org;
			run.open = run.total = 0;
		}
		run.total++;
		run.open += open_state(m, sqlite3_column_int64(st, 1)) != 0;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_db_err(s, e, "cannot count incidents by "
		                          "organization");
	org_offer(d, top_n, &run);
	for (size_t i = 0; i < d->n_orgs; i++) {
		st = store_stmt(s,
		                "SELECT name, sector FROM organization "
		                "WHERE id = ?1",
		                e);
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

/* Open incidents past their SLA (STORE_DASHBOARD_BREACH). */
static int
read_breaches(struct store *s, const struct open_map *m,
              struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, STORE_DASHBOARD_BREACH, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, d->now);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		d->breaches += open_state(m, sqlite3_column_int64(st, 0)) != 0;
	sqlite3_reset(st);
	return step_fail(s, step, "cannot count SLA breaches", e);
}

/* Alerts received per hour over the 24 hours before now. */
static int
read_hours(struct store *s, struct store_dashboard *d, struct err *e)
{
	int64_t from = d->now - STORE_DASHBOARD_HOURS * HOUR;
	sqlite3_stmt *st;
	int step;

	st = store_stmt(s,
	                "SELECT (received_at - ?1) / 3600, count(*) FROM alert "
	                "INDEXED BY alert_received "
	                "WHERE received_at >= ?1 AND received_at < ?2 "
	                "GROUP BY 1",
	                e);
	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, d->now);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t b = sqlite3_column_int64(st, 0);
		int64_t n = sqlite3_column_int64(st, 1);

		if (b >= 0 && b < STORE_DASHBOARD_HOURS) {
			d->hours[b] += n;
			d->alerts_24h += n;
		}
	}
	sqlite3_reset(st);
	return step_fail(s, step, "cannot count recent alerts", e);
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
	store_dashboard_init(d);
}

int
store_dashboard_read(struct store *s, int64_t now, size_t top_n,
                     struct store_dashboard *out, struct err *e)
{
	/* a read transaction of its own unless the caller holds one */
	bool is_own = sqlite3_get_autocommit(s->db);
	struct open_map m = {0};
	int rc;

	store_dashboard_release(out);
	out->now = now;
	if (is_own && (rc = store_exec(s, "BEGIN", e)))
		return rc;
	if ((rc = read_open(s, &m, out, e)))
		goto out;
	if ((rc = read_breaches(s, &m, out, e)))
		goto out;
	if ((rc = read_sectors(s, &m, out, e)))
		goto out;
	if ((rc = read_orgs(s, &m, top_n, out, e)))
		goto out;
	rc = read_hours(s, out, e);
out:
	if (is_own)
		store_exec(s, "ROLLBACK", NULL);
	free(m.dense);
	free(m.ids);
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
	    a->n_sectors != b->n_sectors || a->n_orgs != b->n_orgs)
		return false;
	for (size_t i = 0; i < a->n_sectors; i++) {
		const struct store_dashboard_sector *x = &a->sectors[i],
		                                    *y = &b->sectors[i];

		if (x->open != y->open || x->total != y->total ||
		    !str_equal(x->code, y->code) || !str_equal(x->name, y->name))
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
