/*
 * The dashboard's figures, read from indexes only.
 *
 * On a cache of 10^5 incidents and 10^6 alerts, grouping the incident
 * table by (status, severity) reads every open row from the table (tens of
 * MiB, ~200 ms), and no index has both columns. Every index of incident
 * ends with the rowid, though, so the figures are joined here instead:
 * one covering scan of incident_status marks the open incidents in a map
 * by id (a byte per id when ids are dense, else a sorted array), and
 * covering scans of incident_severity, incident_due, incident_sector and
 * incident_org count the marked ids (the last two run by run, as the index
 * orders them). The alert sparkline is a range scan of alert_received.
 * Each scan counts inside SQLite through a private SQL function (the
 * tally) instead of stepping each entry out, and grouping by hour in SQL
 * would sort. No schema change is needed; a partial covering index on the
 * open incidents (status, severity, sector, organization_id, due_at)
 * would turn the five incident scans into one of the open ones.
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
 * The SLA breach condition, sla:breached of the filter language: an open
 * incident (the tally checks the open map) with a due time before ?2 (now),
 * less those paused in time (below). It scans the candidates in the
 * incident_due index; the tally appended to its WHERE counts them.
 */
#define STORE_DASHBOARD_BREACH                                                 \
	"SELECT count(*) FROM incident INDEXED BY incident_due "               \
	"WHERE due_at IS NOT NULL AND due_at < ?2"
/*
 * The candidates above include waiting incidents whose clock stopped before
 * their deadline (sla:breached counts a paused clock only when its deadline
 * passed before the wait began: src/store/list.c). They are few (waiting
 * rows only, by incident_status) and are taken off the tally.
 */
#define STORE_DASHBOARD_PAUSED_IN_TIME                                         \
	"SELECT count(*) FROM incident INDEXED BY incident_status "            \
	"WHERE status = 'waiting' AND due_at < ?1 AND due_at >= waiting_since"

#define HOUR 3600

/* A sparse map entry: an open incident and its status. */
struct open_id {
	int64_t id;    /* incident id */
	uint8_t state; /* enum incident_status + 1 */
};

/* What the scans are counting: one per scan, in this order. */
enum tally_kind {
	TALLY_OPEN,     /* (status, id) of open incidents: fill the map */
	TALLY_SEVERITY, /* (severity, id): the status x severity grid */
	TALLY_BREACH,   /* (NULL, id) of breach candidates */
	TALLY_SECTOR,   /* (sector, id): per sector */
	TALLY_ORG,      /* (organization_id, id): the top organizations */
	TALLY_HOUR,     /* (received_at, id) of recent alerts: per hour */
};

/*
 * The state of the scans, handed to the SQL function through
 * sqlite3_bind_pointer. Which incidents are open, and in what status, by
 * id: a byte per id when ids are dense enough, else a sorted array.
 */
struct tally {
	struct store_dashboard *d; /* the figures being counted */
	size_t top_n;              /* organizations to keep */
	uint8_t *dense;            /* [id] = status + 1, 0: not open (owned) */
	int64_t max_id;            /* last index of dense */
	struct open_id *ids;       /* sparse form, sorted by id (owned) */
	size_t n;                  /* entries in ids */
	size_t alloc;              /* entries allocated in ids */
	char prev[48];             /* status or sector of the run so far */
	int cur;                   /* its status, or its sector index */
	struct store_dashboard_org run; /* organization of the run so far */
	int64_t from; /* start of the first hour of the sparkline */
};

#define TALLY_PTR  "centinela_dashboard"
#define TALLY_FUNC "centinela_dashboard_tally"

/* enum incident_status + 1 of an open incident, 0 when not open. */
static int
open_state(const struct tally *t, int64_t id)
{
	size_t lo = 0, hi = t->n;

	if (t->dense)
		return id >= 0 && id <= t->max_id ? t->dense[id] : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->ids[mid].id == id)
			return t->ids[mid].state;
		if (t->ids[mid].id < id)
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

/* Offer the organization of the run to the top list. */
static void
org_offer(struct tally *t)
{
	struct store_dashboard *d = t->d;
	const struct store_dashboard_org *o = &t->run;
	size_t i;

	if (!o->open || !t->top_n)
		return;
	if (d->n_orgs == t->top_n && !org_before(o, &d->orgs[t->top_n - 1]))
		return;
	if (d->n_orgs < t->top_n)
		d->n_orgs++;
	/* insertion: the list is short */
	for (i = d->n_orgs - 1; i > 0 && org_before(o, &d->orgs[i - 1]); i--)
		d->orgs[i] = d->orgs[i - 1];
	d->orgs[i] = *o;
}

static void
tally_open(struct tally *t, sqlite3_value *key, int64_t id)
{
	const char *txt = (const char *)sqlite3_value_text(key);
	enum incident_status es;

	/* rows come grouped by status: parse each name once */
	if (!txt)
		return;
	if (strcmp(txt, t->prev) != 0) {
		t->cur = incident_status_parse(txt, &es) ? -1 : (int)es;
		snprintf(t->prev, sizeof(t->prev), "%s", txt);
	}
	if (t->cur < 0)
		return;
	if (t->dense && id >= 0 && id <= t->max_id) {
		t->dense[id] = (uint8_t)(t->cur + 1);
		return;
	}
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 1024;
		t->ids = xreallocarray(t->ids, t->alloc, sizeof(*t->ids));
	}
	t->ids[t->n].id = id;
	t->ids[t->n++].state = (uint8_t)(t->cur + 1);
}

static void
tally_sector(struct tally *t, sqlite3_value *key, bool is_open)
{
	const char *code = (const char *)sqlite3_value_text(key);
	struct store_dashboard *d = t->d;

	if (!code) {
		d->no_sector_open += is_open;
		return;
	}
	/* the index and d->sectors are both in code order: walk together */
	if (strncmp(code, t->prev, sizeof(t->prev)) != 0) {
		int c = 1;

		while ((size_t)t->cur < d->n_sectors &&
		       (c = strcmp(d->sectors[t->cur].code, code)) < 0)
			t->cur++;
		snprintf(t->prev, sizeof(t->prev), "%s", code);
		if (c != 0 || strlen(code) >= sizeof(t->prev))
			t->prev[0] = '\0'; /* unknown: look again next row */
	}
	if ((size_t)t->cur < d->n_sectors &&
	    strcmp(d->sectors[t->cur].code, code) == 0) {
		d->sectors[t->cur].open += is_open;
		d->sectors[t->cur].total++;
	}
}

/*
 * centinela_dashboard_tally(state, kind, key, id): counts one index entry
 * into the state (a pointer bound as TALLY_PTR) and returns 0. Counting in
 * the statement's own loop costs a fraction of stepping every entry out to
 * C, which is what keeps the dashboard within its 50 ms.
 */
static void
tally_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct tally *t = sqlite3_value_pointer(argv[0], TALLY_PTR);
	int64_t id = sqlite3_value_int64(argv[3]);
	int64_t key;

	(void)argc;
	sqlite3_result_int(ctx, 0);
	if (!t)
		return;
	switch (sqlite3_value_int(argv[1])) {
	case TALLY_OPEN:
		tally_open(t, argv[2], id);
		break;
	case TALLY_SEVERITY: {
		int sev = sqlite3_value_int(argv[2]);
		int state = open_state(t, id);

		if (state && sev >= 1 && sev < STORE_DASHBOARD_SEVERITY) {
			t->d->open[state - 1][sev]++;
			t->d->open_total++;
		}
		break;
	}
	case TALLY_BREACH:
		t->d->breaches += open_state(t, id) != 0;
		break;
	case TALLY_SECTOR:
		tally_sector(t, argv[2], open_state(t, id) != 0);
		break;
	case TALLY_HOUR:
		key = (sqlite3_value_int64(argv[2]) - t->from) / HOUR;
		if (key >= 0 && key < STORE_DASHBOARD_HOURS) {
			t->d->hours[key]++;
			t->d->alerts_24h++;
		}
		break;
	case TALLY_ORG:
		key = sqlite3_value_int64(argv[2]);
		if (key != t->run.id) {
			org_offer(t);
			t->run.id = key;
			t->run.open = t->run.total = 0;
		}
		t->run.total++;
		t->run.open += open_state(t, id) != 0;
		break;
	}
}

/*
 * The scans, by enum tally_kind: each a covering index scan whose WHERE
 * calls the tally on every entry (and so returns no row).
 */
static const char *const scan_sql[] = {
    [TALLY_OPEN] = "SELECT count(*) FROM incident INDEXED BY incident_status "
                   "WHERE " OPEN_SQL " AND " TALLY_FUNC "(?1, 0, status, id)",
    [TALLY_SEVERITY] = "SELECT count(*) FROM incident INDEXED BY "
                       "incident_severity WHERE severity BETWEEN 1 AND 5 AND "
                       "" TALLY_FUNC "(?1, 1, severity, id)",
    [TALLY_BREACH] =
        STORE_DASHBOARD_BREACH " AND " TALLY_FUNC "(?1, 2, NULL, id)",
    [TALLY_SECTOR] = "SELECT count(*) FROM incident INDEXED BY "
                     "incident_sector WHERE " TALLY_FUNC "(?1, 3, sector, id)",
    [TALLY_ORG] = "SELECT count(*) FROM incident INDEXED BY incident_org "
                  "WHERE organization_id IS NOT NULL AND " TALLY_FUNC
                  "(?1, 4, organization_id, id)",
    [TALLY_HOUR] =
        "SELECT count(*) FROM alert INDEXED BY alert_received "
        "WHERE received_at >= ?3 AND received_at < ?2 AND " TALLY_FUNC
        "(?1, 5, received_at, id)",
};

/* Run the scan of kind over t (registering the tally on first use). */
static int
scan(struct store *s, struct tally *t, enum tally_kind kind, struct err *e)
{
	static const char *const what[] = {
	    [TALLY_OPEN] = "cannot read open incidents",
	    [TALLY_SEVERITY] = "cannot count incidents by severity",
	    [TALLY_BREACH] = "cannot count SLA breaches",
	    [TALLY_SECTOR] = "cannot count incidents by sector",
	    [TALLY_ORG] = "cannot count incidents by organization",
	    [TALLY_HOUR] = "cannot count recent alerts",
	};
	sqlite3_stmt *st = store_stmt(s, scan_sql[kind], NULL);
	int step;

	if (!st) {
		/* the connection has not met the function yet */
		if (sqlite3_create_function_v2(
		        s->db, TALLY_FUNC, 4, SQLITE_UTF8 | SQLITE_DIRECTONLY,
		        NULL, tally_func, NULL, NULL, NULL) != SQLITE_OK)
			return store_db_err(s, e, "cannot register the tally");
		st = store_stmt(s, scan_sql[kind], e);
		if (!st)
			return ERR_DB;
	}
	sqlite3_bind_pointer(st, 1, t, TALLY_PTR, NULL);
	if (kind == TALLY_BREACH || kind == TALLY_HOUR)
		sqlite3_bind_int64(st, 2, t->d->now);
	if (kind == TALLY_HOUR)
		sqlite3_bind_int64(st, 3, t->from);
	t->prev[0] = '\0';
	t->cur = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	/* the pointer must not outlive this call */
	sqlite3_clear_bindings(st);
	return step == SQLITE_DONE ? 0 : store_db_err(s, e, what[kind]);
}

/* Take the paused clocks that stopped in time off the breach tally. */
static int
paused_in_time(struct store *s, struct store_dashboard *d, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, STORE_DASHBOARD_PAUSED_IN_TIME, e);
	int64_t n;
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, d->now);
	if ((rc = store_step_int64(s, st, &n, "cannot count SLA breaches", e)))
		return rc;
	d->breaches -= n;
	return 0;
}

/* Size the open map from the ids the incidents have. */
static int
open_map_init(struct store *s, struct tally *t, struct err *e)
{
	sqlite3_stmt *st;
	int64_t n_all = 0;
	int step;

	st = store_stmt(s, "SELECT max(id), count(*) FROM incident", e);
	if (!st)
		return ERR_DB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		t->max_id = sqlite3_column_int64(st, 0);
		n_all = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot count incidents");
	/* a byte per id while that is at most ~4 bytes per incident */
	if (t->max_id >= 0 && t->max_id <= 4 * n_all + 65536)
		t->dense = xcalloc((size_t)t->max_id + 1, 1);
	return 0;
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

/* Everything but the alerts, from the incident indexes. */
static int
read_incidents(struct store *s, struct tally *t, struct err *e)
{
	int rc;

	if ((rc = open_map_init(s, t, e)) || (rc = scan(s, t, TALLY_OPEN, e)))
		return rc;
	if (t->n)
		qsort(t->ids, t->n, sizeof(*t->ids), cmp_open_id);
	if ((rc = scan(s, t, TALLY_SEVERITY, e)) ||
	    (rc = scan(s, t, TALLY_BREACH, e)) ||
	    (rc = paused_in_time(s, t->d, e)))
		return rc;
	if ((rc = read_sectors(s, t->d, e)) ||
	    (rc = scan(s, t, TALLY_SECTOR, e)))
		return rc;
	if (t->d->n_sectors)
		qsort(t->d->sectors, t->d->n_sectors, sizeof(*t->d->sectors),
		      cmp_sector);
	if (!t->top_n)
		return 0;
	t->d->orgs = xcalloc(t->top_n, sizeof(*t->d->orgs));
	t->run.id = -1;
	if ((rc = scan(s, t, TALLY_ORG, e)))
		return rc;
	org_offer(t);
	return read_org_names(s, t->d, e);
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
	struct tally t;
	int rc;

	store_dashboard_release(out);
	out->now = now;
	memset(&t, 0, sizeof(t));
	t.d = out;
	t.top_n = top_n;
	if (is_own && (rc = store_exec(s, "BEGIN", e)))
		return rc;
	t.from = now - STORE_DASHBOARD_HOURS * HOUR;
	if (is_cancelled)
		sqlite3_progress_handler(s->db, 4096, progress, &c);
	if (!(rc = read_incidents(s, &t, e)))
		rc = scan(s, &t, TALLY_HOUR, e);
	if (is_cancelled)
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
	/* whichever statement it interrupted */
	if (rc && c.is_stopped)
		rc = err_set(e, ERR_LIMIT, "reading the dashboard stopped");
	if (is_own)
		store_exec(s, "ROLLBACK", NULL);
	free(t.dense);
	free(t.ids);
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
