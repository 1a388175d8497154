/* The dashboard's figures on a small crafted cache, with exact numbers. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/dashboard.h"
#include "centinela/store/store.h"
#include "testutil.h"

#define NOW 1800000000LL

static struct store *
open_mem(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	return s;
}

/*
 * Four organizations (the last with a hostile name and no incidents),
 * nine incidents of which 7 are open and 3 past their SLA deadline (the
 * store's triggers compute due_at from opened_at and the default targets;
 * the waiting one stopped its clock before its deadline), alerts around
 * the edges of the 24 hours.
 */
static void
craft(struct store *s)
{
	ck_assert_int_eq(
	    test_store_sql(
	        s,
	        "INSERT INTO organization(id, name, sector, created_at, "
	        "updated_at) VALUES "
	        "(1, 'Acme Power', 'energy', 0, 0),"
	        "(2, 'Agua SA', 'water', 0, 0),"
	        "(3, 'Banco X', 'finance', 0, 0),"
	        "(4, 'Evil' || char(27) || '[31m', 'telecom', 0, 0);"
	        "INSERT INTO incident(id, reference, title, category, "
	        "severity, status, organization_id, sector, opened_at, "
	        "due_at, created_at, updated_at) VALUES "
	        "(1, 'R-1', 't', 'other', 5, 'new', 1, 'energy', 1799996400, "
	        " NULL, 0, 0),"
	        "(2, 'R-2', 't', 'other', 4, 'new', 1, 'energy', 1799999400, "
	        " NULL, 0, 0),"
	        "(3, 'R-3', 't', 'other', 4, 'triage', 2, 'water', 1799992800, "
	        " NULL, 0, 0),"
	        "(4, 'R-4', 't', 'other', 3, 'in_progress', 2, 'water', 1799985000, "
	        " NULL, 0, 0),"
	        "(5, 'R-5', 't', 'other', 1, 'closed', 1, 'energy', 5, "
	        " NULL, 0, 0),"
	        "(6, 'R-6', 't', 'other', 5, 'resolved', 3, 'finance', 6, "
	        " NULL, 0, 0),"
	        "(7, 'R-7', 't', 'other', 2, 'waiting', 3, 'finance', 1799900000, "
	        " NULL, 0, 1799910000),"
	        "(8, 'R-8', 't', 'other', 5, 'contained', NULL, NULL, 1799998200, "
	        " NULL, 0, 0),"
	        "(9, 'R-9', 't', 'other', 3, 'new', 1, 'water', 1799999900, "
	        " NULL, 0, 0);"
	        "INSERT INTO alert(title, severity, taxonomy_class, "
	        "feed_name, observed_at, received_at, event_hash, "
	        "created_at, updated_at) VALUES "
	        "('a', 3, 'other', 'f', 0, 1799999999, 'h1', 0, 0),"
	        "('a', 3, 'other', 'f', 0, 1799996400, 'h2', 0, 0),"
	        "('a', 3, 'other', 'f', 0, 1799996399, 'h3', 0, 0),"
	        "('a', 3, 'other', 'f', 0, 1799913600, 'h4', 0, 0),"
	        "('a', 3, 'other', 'f', 0, 1799913599, 'h5', 0, 0),"
	        "('a', 3, 'other', 'f', 0, 1800000000, 'h6', 0, 0),"
	        "('a', 3, 'other', 'f', 0, 1800000005, 'h7', 0, 0);"),
	    0);
}

START_TEST(test_dashboard_figures)
{
	struct store *s = open_mem();
	struct store_dashboard d;
	struct err e;

	craft(s);
	store_dashboard_init(&d);
	ck_assert_msg(store_dashboard_read(s, NOW, 2, NULL, NULL, &d, &e) == 0,
	              "%s", e.msg);
	ck_assert_int_eq(d.now, NOW);
	ck_assert_int_eq(d.open_total, 7);
	ck_assert_int_eq(d.open[INCIDENT_NEW][5], 1);
	ck_assert_int_eq(d.open[INCIDENT_NEW][4], 1);
	ck_assert_int_eq(d.open[INCIDENT_NEW][3], 1);
	ck_assert_int_eq(d.open[INCIDENT_TRIAGE][4], 1);
	ck_assert_int_eq(d.open[INCIDENT_IN_PROGRESS][3], 1);
	ck_assert_int_eq(d.open[INCIDENT_WAITING][2], 1);
	ck_assert_int_eq(d.open[INCIDENT_CONTAINED][5], 1);
	ck_assert_int_eq(d.open[INCIDENT_CLOSED][1], 0);
	ck_assert_int_eq(d.open[INCIDENT_RESOLVED][5], 0);
	/* sla:breached: 1, 3, 4 (8 is due exactly now, 7 paused in time) */
	ck_assert_int_eq(d.breaches, 3);
	/* every sector, most open first */
	ck_assert_uint_eq(d.n_sectors, 12);
	ck_assert_str_eq(d.sectors[0].code, "water");
	ck_assert_int_eq(d.sectors[0].open, 3);
	ck_assert_int_eq(d.sectors[0].total, 3);
	ck_assert_str_eq(d.sectors[1].code, "energy");
	ck_assert_str_eq(d.sectors[1].name, "Energy");
	ck_assert_int_eq(d.sectors[1].open, 2);
	ck_assert_int_eq(d.sectors[1].total, 3);
	ck_assert_str_eq(d.sectors[2].code, "finance");
	ck_assert_int_eq(d.sectors[2].open, 1);
	ck_assert_int_eq(d.sectors[2].total, 2);
	ck_assert_str_eq(d.sectors[3].code, "chemical");
	ck_assert_int_eq(d.sectors[3].total, 0);
	ck_assert_int_eq(d.no_sector_open, 1);
	/* the top two organizations */
	ck_assert_uint_eq(d.n_orgs, 2);
	ck_assert_int_eq(d.orgs[0].id, 1);
	ck_assert_str_eq(d.orgs[0].name, "Acme Power");
	ck_assert_str_eq(d.orgs[0].sector, "energy");
	ck_assert_int_eq(d.orgs[0].open, 3);
	ck_assert_int_eq(d.orgs[0].total, 4);
	ck_assert_int_eq(d.orgs[1].id, 2);
	ck_assert_int_eq(d.orgs[1].open, 2);
	/* alerts: [now - 24 h, now), by hour */
	ck_assert_int_eq(d.hours[23], 2);
	ck_assert_int_eq(d.hours[22], 1);
	ck_assert_int_eq(d.hours[0], 1);
	ck_assert_int_eq(d.hours[1], 0);
	ck_assert_int_eq(d.alerts_24h, 4);
	store_dashboard_release(&d);
	store_close(s);
}
END_TEST

/* Three assets (energy, energy, water), KEV and other CVEs, exposures. */
static void
craft_exposures(struct store *s)
{
	ck_assert_int_eq(
	    test_store_sql(
	        s, "INSERT INTO asset(id, organization_id, name, sector, kind, "
	           "criticality, created_at, updated_at) VALUES "
	           "(1, 1, 'a1', 'energy', 'ics', 5, 0, 0),"
	           "(2, 1, 'a2', 'energy', 'ics', 4, 0, 0),"
	           "(3, 2, 'a3', 'water', 'ics', 3, 0, 0);"
	           "INSERT INTO vulnerability(id, cve_id, is_kev, kev_due_at, "
	           "created_at, updated_at) VALUES "
	           "(1, 'CVE-2026-0001', 1, 1799971200, 0, 0),"
	           "(2, 'CVE-2026-0002', 1, 1800576000, 0, 0),"
	           "(3, 'CVE-2026-0003', 1, 1799971199, 0, 0),"
	           "(4, 'CVE-2026-0004', 1, 1800576001, 0, 0),"
	           "(5, 'CVE-2026-0005', 0, 1799971200, 0, 0);"
	           "INSERT INTO exposure(asset_id, vulnerability_id, cpe, "
	           "matched_at) VALUES (1, 1, 'c', 0), (2, 1, 'c', 0), "
	           "(3, 5, 'c', 0), (3, 3, 'c', 0);" TEST_SQL_EXPOSURE_TERMS),
	    0);
}

/*
 * Exposures per sector of their asset, and the KEV CVEs due from the start
 * of today (UTC) to 7 days after it, both bounds in, with their assets.
 */
START_TEST(test_dashboard_exposures_and_kev_due)
{
	struct store *s = open_mem();
	struct store_dashboard d;
	struct err e;
	int energy = -1, water = -1;

	craft(s);
	craft_exposures(s);
	store_dashboard_init(&d);
	ck_assert_msg(store_dashboard_read(s, NOW, 3, NULL, NULL, &d, &e) == 0,
	              "%s", e.msg);
	ck_assert_int_eq(d.exposures, 4);
	ck_assert_int_eq(d.exposures_kev, 3);
	for (size_t i = 0; i < d.n_sectors; i++) {
		if (strcmp(d.sectors[i].code, "energy") == 0)
			energy = (int)i;
		if (strcmp(d.sectors[i].code, "water") == 0)
			water = (int)i;
	}
	ck_assert_int_ge(energy, 0);
	ck_assert_int_ge(water, 0);
	ck_assert_int_eq(d.sectors[energy].exposures, 2);
	ck_assert_int_eq(d.sectors[energy].exposures_kev, 2);
	ck_assert_int_eq(d.sectors[water].exposures, 2);
	ck_assert_int_eq(d.sectors[water].exposures_kev, 1);
	ck_assert_int_eq(d.kev_due_total, 2);
	ck_assert_uint_eq(d.n_kev_due, 2);
	ck_assert_str_eq(d.kev_due[0].cve_id, "CVE-2026-0001");
	ck_assert_int_eq(d.kev_due[0].assets, 2);
	ck_assert_str_eq(d.kev_due[1].cve_id, "CVE-2026-0002");
	ck_assert_int_eq(d.kev_due[1].assets, 0);
	store_dashboard_release(&d);
	store_close(s);
}
END_TEST

START_TEST(test_dashboard_top_orgs_only_with_open)
{
	struct store *s = open_mem();
	struct store_dashboard d;
	struct err e;

	craft(s);
	store_dashboard_init(&d);
	ck_assert_int_eq(store_dashboard_read(s, NOW, 10, NULL, NULL, &d, &e),
	                 0);
	/* the fourth has no incidents at all */
	ck_assert_uint_eq(d.n_orgs, 3);
	ck_assert_int_eq(d.orgs[2].id, 3);
	ck_assert_int_eq(d.orgs[2].open, 1);
	ck_assert_int_eq(d.orgs[2].total, 2);
	ck_assert_int_eq(store_dashboard_read(s, NOW, 0, NULL, NULL, &d, &e),
	                 0);
	ck_assert_uint_eq(d.n_orgs, 0);
	ck_assert_int_eq(d.open_total, 7);
	store_dashboard_release(&d);
	store_close(s);
}
END_TEST

/* An id far beyond the others counts like any. */
START_TEST(test_dashboard_sparse_ids)
{
	struct store *s = open_mem();
	struct store_dashboard d;
	struct err e;

	craft(s);
	ck_assert_int_eq(
	    test_store_sql(s, "INSERT INTO incident(id, reference, title, "
	                      "category, severity, status, organization_id, "
	                      "sector, opened_at, due_at, created_at, "
	                      "updated_at) VALUES (5000000000, 'R-X', 't', "
	                      "'other', 5, 'new', 3, 'finance', 10, 5, 0, 0)"),
	    0);
	store_dashboard_init(&d);
	ck_assert_int_eq(store_dashboard_read(s, NOW, 3, NULL, NULL, &d, &e),
	                 0);
	ck_assert_int_eq(d.open_total, 8);
	ck_assert_int_eq(d.open[INCIDENT_NEW][5], 2);
	ck_assert_int_eq(d.breaches, 4);
	ck_assert_str_eq(d.sectors[0].code, "water");
	ck_assert_str_eq(d.sectors[1].code, "energy");
	ck_assert_str_eq(d.sectors[2].code, "finance");
	ck_assert_int_eq(d.sectors[2].open, 2);
	ck_assert_int_eq(d.sectors[2].total, 3);
	ck_assert_int_eq(d.orgs[1].id, 3); /* 2 open, 3 in all: before 2 */
	store_dashboard_release(&d);
	store_close(s);
}
END_TEST

START_TEST(test_dashboard_empty_and_equal)
{
	struct store *s = open_mem();
	struct store_dashboard a, b;
	struct err e;

	store_dashboard_init(&a);
	store_dashboard_init(&b);
	ck_assert_int_eq(store_dashboard_read(s, NOW, 5, NULL, NULL, &a, &e),
	                 0);
	ck_assert_int_eq(a.open_total, 0);
	ck_assert_int_eq(a.alerts_24h, 0);
	ck_assert_uint_eq(a.n_orgs, 0);
	ck_assert_uint_eq(a.n_sectors, 12);
	ck_assert_str_eq(a.sectors[0].code, "chemical");
	craft(s);
	/* inside the caller's transaction, which it leaves open */
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_int_eq(store_dashboard_read(s, NOW, 5, NULL, NULL, &b, &e),
	                 0);
	ck_assert(store_in_transaction(s));
	store_rollback(s);
	ck_assert(!store_dashboard_equal(&a, &b));
	ck_assert_int_eq(
	    store_dashboard_read(s, NOW + 1, 5, NULL, NULL, &a, &e), 0);
	/* a second later nothing moved but the sparkline edge */
	ck_assert_int_eq(
	    store_dashboard_read(s, NOW + 1, 5, NULL, NULL, &b, &e), 0);
	ck_assert(store_dashboard_equal(&a, &b));
	store_dashboard_release(&a);
	store_dashboard_release(&b);
	store_close(s);
}
END_TEST

static bool
always(void *ctx)
{
	int *calls = ctx;

	(*calls)++;
	return true;
}

static bool
never(void *ctx)
{
	int *calls = ctx;

	(*calls)++;
	return false;
}

/* A key stops the read: ERR_LIMIT, nothing half counted. */
START_TEST(test_dashboard_cancelled)
{
	struct store *s = open_mem();
	struct store_dashboard d;
	int calls = 0;
	struct err e;

	ck_assert_int_eq(
	    test_store_sql(s, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	                      "SELECT i + 1 FROM n WHERE i < 5000) "
	                      "INSERT INTO incident(reference, title, "
	                      "category, severity, status, sector, opened_at, "
	                      "created_at, updated_at) SELECT 'R-' || i, 't', "
	                      "'other', 1 + i % 5, 'new', 'energy', i, 0, 0 "
	                      "FROM n"),
	    0);
	store_dashboard_init(&d);
	ck_assert_int_eq(
	    store_dashboard_read(s, NOW, 5, always, &calls, &d, &e), ERR_LIMIT);
	ck_assert_int_ge(calls, 1);
	ck_assert_int_eq(d.open_total, 0);
	ck_assert_uint_eq(d.n_sectors, 0);
	calls = 0;
	ck_assert_int_eq(store_dashboard_read(s, NOW, 5, never, &calls, &d, &e),
	                 0);
	ck_assert_int_ge(calls, 1);
	ck_assert_int_eq(d.open_total, 5000);
	ck_assert_int_eq(d.open[INCIDENT_NEW][1], 1000);
	ck_assert_int_eq(d.sectors[0].open, 5000);
	/* the handler is gone: later statements run to the end */
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM incident"),
	                 5000);
	store_dashboard_release(&d);
	store_close(s);
}
END_TEST

/*
 * The figures as plain GROUP BYs over the tables compute them: the
 * reference the dashboard's index scans and incident_tally must agree
 * with. Opens its own connection to path.
 */
#define OPEN_WHERE                                                             \
	"status IN ('new','triage','in_progress','waiting','contained')"

static void
reference_read(const char *path, int64_t now, size_t top_n,
               struct store_dashboard *d)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t alloc = 0;
	char sql[1024];

	store_dashboard_release(d);
	d->now = now;
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_prepare_v2(db,
	                       "SELECT status, severity, count(*) FROM "
	                       "incident WHERE " OPEN_WHERE " GROUP BY 1, 2",
	                       -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		enum incident_status es;

		ck_assert_int_eq(
		    incident_status_parse(
		        (const char *)sqlite3_column_text(st, 0), &es),
		    0);
		d->open[es][sqlite3_column_int(st, 1)] =
		    sqlite3_column_int64(st, 2);
		d->open_total += sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql),
	         "SELECT (SELECT count(*) FROM incident WHERE " OPEN_WHERE
	         " AND due_at < coalesce(waiting_since, %lld)), (SELECT "
	         "count(*) FROM incident WHERE " OPEN_WHERE
	         " AND sector IS NULL)",
	         (long long)now);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	d->breaches = sqlite3_column_int64(st, 0);
	d->no_sector_open = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	ck_assert_int_eq(
	    sqlite3_prepare_v2(
	        db,
	        "SELECT code, name, (SELECT count(*) FROM incident i WHERE "
	        "i.sector = s.code AND i." OPEN_WHERE "), (SELECT count(*) "
	        "FROM incident i WHERE i.sector = s.code), (SELECT count(*) "
	        "FROM exposure x JOIN asset a ON a.id = x.asset_id WHERE "
	        "a.sector = s.code), (SELECT count(*) FROM exposure x JOIN "
	        "asset a ON a.id = x.asset_id JOIN vulnerability v ON v.id = "
	        "x.vulnerability_id WHERE a.sector = s.code AND v.is_kev) "
	        "FROM sector s ORDER BY 3 DESC, 4 DESC, code",
	        -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct store_dashboard_sector *sec;

		if (d->n_sectors == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			d->sectors = xreallocarray(d->sectors, alloc,
			                           sizeof(*d->sectors));
		}
		sec = &d->sectors[d->n_sectors++];
		sec->code = xstrdup((const char *)sqlite3_column_text(st, 0));
		sec->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		sec->open = sqlite3_column_int64(st, 2);
		sec->total = sqlite3_column_int64(st, 3);
		sec->exposures = sqlite3_column_int64(st, 4);
		sec->exposures_kev = sqlite3_column_int64(st, 5);
		d->exposures += sec->exposures;
		d->exposures_kev += sec->exposures_kev;
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql),
	         "SELECT id, name, sector, open, total FROM (SELECT o.id, "
	         "o.name, o.sector, (SELECT count(*) FROM incident i WHERE "
	         "i.organization_id = o.id AND i." OPEN_WHERE ") AS open, "
	         "(SELECT count(*) FROM incident i WHERE i.organization_id = "
	         "o.id) AS total FROM organization o) WHERE open > 0 ORDER BY "
	         "open DESC, total DESC, id LIMIT %zu",
	         top_n);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	d->orgs = xcalloc(top_n + 1, sizeof(*d->orgs));
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct store_dashboard_org *o = &d->orgs[d->n_orgs++];

		o->id = sqlite3_column_int64(st, 0);
		o->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		o->sector = xstrdup((const char *)sqlite3_column_text(st, 2));
		o->open = sqlite3_column_int64(st, 3);
		o->total = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql),
	         "SELECT (received_at - %lld) / 3600, count(*) FROM alert "
	         "WHERE received_at >= %lld AND received_at < %lld GROUP BY 1",
	         (long long)(now - 86400), (long long)(now - 86400),
	         (long long)now);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		d->hours[sqlite3_column_int(st, 0)] =
		    sqlite3_column_int64(st, 1);
		d->alerts_24h += sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	/* the KEV due dates from the start of now's day (UTC) to 7 days on */
	snprintf(
	    sql, sizeof(sql),
	    "SELECT cve_id, kev_due_at, (SELECT count(*) FROM exposure x "
	    "WHERE x.vulnerability_id = v.id) FROM vulnerability v WHERE "
	    "is_kev <> 0 AND kev_due_at BETWEEN %lld AND %lld ORDER BY 2, 1",
	    (long long)(now - now % 86400),
	    (long long)(now - now % 86400 + 7 * 86400));
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	d->kev_due = xcalloc(STORE_DASHBOARD_KEV_MAX, sizeof(*d->kev_due));
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct store_dashboard_kev_due *k;

		if (d->kev_due_total++ >= STORE_DASHBOARD_KEV_MAX)
			continue;
		k = &d->kev_due[d->n_kev_due++];
		k->cve_id = xstrdup((const char *)sqlite3_column_text(st, 0));
		k->due_at = sqlite3_column_int64(st, 1);
		k->assets = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Rows of incident_tally and incident_grid that differ from a recount. */
static long long
tally_drift(struct store *s)
{
	return test_store_int(
	    s, "WITH r AS (SELECT coalesce(organization_id, 0), "
	       "coalesce(sector, ''), count(*), sum(" OPEN_WHERE ") FROM "
	       "incident GROUP BY 1, 2), g AS (SELECT status, severity, "
	       "count(*) FROM incident GROUP BY 1, 2) SELECT (SELECT count(*) "
	       "FROM (SELECT * FROM incident_tally EXCEPT SELECT * FROM r)) + "
	       "(SELECT count(*) FROM (SELECT * FROM r EXCEPT SELECT * FROM "
	       "incident_tally)) + (SELECT count(*) FROM (SELECT * FROM "
	       "incident_grid EXCEPT SELECT * FROM g)) + (SELECT count(*) FROM "
	       "(SELECT * FROM g EXCEPT SELECT * FROM incident_grid))");
}

/* Read both ways at now and compare, with the figures named on failure. */
static void
assert_matches_reference(struct store *s, const char *path, int64_t now,
                         size_t top_n, const char *when)
{
	struct store_dashboard got, want;
	struct err e;

	store_dashboard_init(&got);
	store_dashboard_init(&want);
	ck_assert_msg(
	    store_dashboard_read(s, now, top_n, NULL, NULL, &got, &e) == 0,
	    "%s", e.msg);
	reference_read(path, now, top_n, &want);
	ck_assert_msg(
	    store_dashboard_equal(&got, &want),
	    "%s: open %lld/%lld, breaches %lld/%lld, no sector "
	    "%lld/%lld, orgs %zu/%zu, 24h %lld/%lld, exposures "
	    "%lld/%lld, KEV %lld/%lld, KEV due %lld/%lld",
	    when, (long long)got.open_total, (long long)want.open_total,
	    (long long)got.breaches, (long long)want.breaches,
	    (long long)got.no_sector_open, (long long)want.no_sector_open,
	    got.n_orgs, want.n_orgs, (long long)got.alerts_24h,
	    (long long)want.alerts_24h, (long long)got.exposures,
	    (long long)want.exposures, (long long)got.exposures_kev,
	    (long long)want.exposures_kev, (long long)got.kev_due_total,
	    (long long)want.kev_due_total);
	ck_assert_int_eq(tally_drift(s), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT (SELECT count(*) FROM "
	                                   "incident_tally WHERE n <= 0) + "
	                                   "(SELECT count(*) FROM "
	                                   "incident_grid WHERE n <= 0)"),
	                 0);
	store_dashboard_release(&got);
	store_dashboard_release(&want);
}

static const char *const statuses[] = {
    "new",       "triage",   "in_progress", "waiting",
    "contained", "resolved", "closed",
};
static const char *const sectors[] = {
    "energy", "water", "finance", "health", "telecom", "zz-unknown",
};

/* A sector literal (NULL sometimes, and once in a while one not listed). */
static const char *
random_sector(unsigned *seed)
{
	int r = rand_r(seed) % 8;

	return r >= 6 ? "NULL" : sectors[r];
}

/*
 * Random incidents and random changes of every kind the triggers watch
 * (organization, sector, status with its pauses, severity, deletes),
 * through SQL on another connection as any writer would make them (one
 * without foreign keys, so sector zz-unknown gets in): after each round the
 * dashboard equals the plain GROUP BY reference, and incident_tally a
 * recount, at three moments.
 */
START_TEST(test_dashboard_matches_reference_under_changes)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	struct store *s = NULL;
	unsigned seed = 20261129;
	char sql[512];
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	craft(s);
	for (int id = 5; id <= 12; id++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO organization(id, name, sector, "
		         "created_at, updated_at) VALUES (%d, 'Org %d', "
		         "'health', 0, 0)",
		         id, id);
		ck_assert_int_eq(test_store_sql(s, sql), 0);
	}
	for (int i = 0; i < 300; i++) {
		int org = rand_r(&seed) % 13; /* 0: none */
		const char *sec = random_sector(&seed);
		char secq[32];

		snprintf(secq, sizeof(secq), "%s%s%s", *sec == 'N' ? "" : "'",
		         sec, *sec == 'N' ? "" : "'");
		snprintf(
		    sql, sizeof(sql),
		    "INSERT INTO incident(reference, title, category, "
		    "severity, status, organization_id, sector, opened_at, "
		    "created_at, updated_at) VALUES ('Q-%d', 't', 'other', "
		    "%d, '%s', nullif(%d, 0), %s, %lld, 0, %lld)",
		    i, 1 + rand_r(&seed) % 5, statuses[rand_r(&seed) % 7], org,
		    secq, NOW - rand_r(&seed) % (10 * 86400),
		    NOW - rand_r(&seed) % 86400);
		ck_assert_msg(test_sql(path, sql) == 0, "%s", sql);
	}
	for (int i = 0; i < 200; i++) {
		snprintf(
		    sql, sizeof(sql),
		    "INSERT INTO alert(title, severity, taxonomy_class, "
		    "feed_name, observed_at, received_at, event_hash, "
		    "created_at, updated_at) VALUES ('a', 3, 'other', 'f', "
		    "0, %lld, 'r%d', 0, 0)",
		    NOW - rand_r(&seed) % (2 * 86400), i);
		ck_assert_int_eq(test_store_sql(s, sql), 0);
	}
	assert_matches_reference(s, path, NOW, 5, "inserted");
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < 40; i++) {
			int id = 10 + rand_r(&seed) % 300;
			int org = rand_r(&seed) % 13;
			const char *sec = random_sector(&seed);

			switch (rand_r(&seed) % 5) {
			case 0:
				snprintf(
				    sql, sizeof(sql),
				    "UPDATE incident SET organization_id = "
				    "nullif(%d, 0) WHERE id = %d",
				    org, id);
				break;
			case 1:
				snprintf(sql, sizeof(sql),
				         "UPDATE incident SET sector = %s%s%s "
				         "WHERE id = %d",
				         *sec == 'N' ? "" : "'", sec,
				         *sec == 'N' ? "" : "'", id);
				break;
			case 2:
				snprintf(sql, sizeof(sql),
				         "UPDATE incident SET status = '%s', "
				         "updated_at = %lld WHERE id = %d",
				         statuses[rand_r(&seed) % 7],
				         NOW - rand_r(&seed) % 3600, id);
				break;
			case 3:
				snprintf(
				    sql, sizeof(sql),
				    "UPDATE incident SET severity = %d, "
				    "organization_id = nullif(%d, 0) WHERE "
				    "id = %d",
				    1 + rand_r(&seed) % 5, org, id);
				break;
			default:
				snprintf(sql, sizeof(sql),
				         "DELETE FROM incident WHERE id = %d",
				         id);
				break;
			}
			ck_assert_msg(test_sql(path, sql) == 0, "%s", sql);
		}
		assert_matches_reference(s, path, NOW, 5, "changed");
		assert_matches_reference(s, path, NOW - 7200, 3, "earlier");
		assert_matches_reference(s, path, NOW + 86400, 20, "later");
	}
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/*
 * A cache of schema version 2 with incidents migrates: incident_tally and
 * incident_grid are filled from them, then kept.
 */
START_TEST(test_dashboard_migration_fills_the_tally)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	store_close(s);
	/* back to version 2: no index, no tally, no triggers */
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V2), 0);
	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	craft(s);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V2), 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(test_store_int(s, "SELECT sum(n) FROM incident_tally"),
	                 9);
	/* (org 1, energy): incidents 1, 2 and 5, the last closed */
	ck_assert_int_eq(test_store_int(s, "SELECT n * 10 + n_open FROM "
	                                   "incident_tally WHERE "
	                                   "organization_id = 1 AND sector = "
	                                   "'energy'"),
	                 32);
	ck_assert_int_eq(test_store_int(s, "SELECT n FROM incident_grid WHERE "
	                                   "status = 'new' AND severity = 4"),
	                 1);
	/* incident 8 has neither */
	ck_assert_int_eq(test_store_int(s, "SELECT n FROM incident_tally WHERE "
	                                   "organization_id = 0 AND sector = "
	                                   "''"),
	                 1);
	assert_matches_reference(s, path, NOW, 3, "migrated");
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE incident SET organization_id = 3, "
	                      "sector = 'finance' WHERE id = 8"),
	    0);
	assert_matches_reference(s, path, NOW, 3, "then changed");
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/*
 * db check finds counts that no longer match the incidents, and such
 * counts do not stop incidents from being written.
 */
START_TEST(test_dashboard_tally_drift_fails_the_check)
{
	struct store *s = open_mem();
	struct store_check c;
	struct err e;

	craft(s);
	ck_assert_int_eq(store_check_run(s, &c, &e), 0);
	ck_assert(c.is_ok);
	store_check_release(&c);
	ck_assert_int_eq(test_store_sql(s, "UPDATE incident_tally SET n = n + "
	                                   "1 WHERE organization_id = 2"),
	                 0);
	ck_assert_int_eq(test_store_sql(s, "INSERT INTO incident_tally VALUES "
	                                   "(7, 'water', 2, 0)"),
	                 0);
	ck_assert_int_eq(test_store_sql(s, "UPDATE incident_grid SET n = 9 "
	                                   "WHERE status = 'closed'"),
	                 0);
	ck_assert_int_eq(store_check_run(s, &c, &e), 0);
	ck_assert(!c.is_ok);
	/* (2, water) is off by one, (7, water) counts nothing, (closed, 1) */
	ck_assert_msg(strstr(c.integrity,
	                     "3 counts of incidents "
	                     "(incident_tally, incident_grid") != NULL,
	              "%s", c.integrity);
	store_check_release(&c);
	/* counts astray never stop a write: no open ones, then one less */
	ck_assert_int_eq(test_store_sql(s,
	                                "UPDATE incident_tally SET n_open = "
	                                "0; UPDATE incident_grid SET n = -5"),
	                 0);
	ck_assert_int_eq(test_store_sql(s, "UPDATE incident SET status = "
	                                   "'closed', organization_id = 3, "
	                                   "sector = 'finance' WHERE id <= 4; "
	                                   "DELETE FROM incident WHERE id = 9"),
	                 0);
	store_close(s);
}
END_TEST

/*
 * Sectors whose exposure_tally counts differ from a recount of the
 * exposures of the assets there (rows of zeros count nothing).
 */
static long long
exposure_drift(struct store *s)
{
	return test_store_int(
	    s, "WITH r AS (SELECT a.sector, count(*), sum(x.kev_at IS NOT "
	       "NULL) FROM exposure x, asset a WHERE a.id = x.asset_id GROUP "
	       "BY 1), t AS (SELECT sector, n, n_kev FROM exposure_tally "
	       "WHERE n <> 0 OR n_kev <> 0) SELECT (SELECT count(*) FROM "
	       "(SELECT * FROM t EXCEPT SELECT * FROM r)) + (SELECT count(*) "
	       "FROM (SELECT * FROM r EXCEPT SELECT * FROM t))");
}

static const char *const asset_sectors[] = {
    "energy", "water", "finance", "health", "telecom", "transport",
};

/*
 * A random exposure, asset or CVE change of some kind, as SQL that keeps
 * to the foreign keys (the store's connection enforces them).
 */
static void
random_exposure_change(unsigned *seed, char *sql, size_t size)
{
	int asset = 1 + rand_r(seed) % 45; /* 41-45: none at first */
	int vuln = 1 + rand_r(seed) % 30;
	const char *sector = asset_sectors[rand_r(seed) % 6];

	switch (rand_r(seed) % 11) {
	case 0:
	case 1:
	case 2:
		snprintf(
		    sql, size,
		    "INSERT OR IGNORE INTO exposure(asset_id, "
		    "vulnerability_id, cpe, matched_at, kev_at) SELECT a.id, "
		    "v.id, 'c', %lld, CASE WHEN v.is_kev THEN 1 END FROM "
		    "asset a, vulnerability v WHERE a.id = %d AND v.id = %d",
		    NOW - rand_r(seed) % 86400, asset, vuln);
		break;
	case 3:
		snprintf(sql, size,
		         "DELETE FROM exposure WHERE asset_id = %d AND "
		         "vulnerability_id = %d",
		         asset, vuln);
		break;
	case 4:
		/* a CVE enters or leaves KEV */
		snprintf(sql, size,
		         "UPDATE vulnerability SET is_kev = NOT is_kev, "
		         "updated_at = %lld WHERE id = %d",
		         NOW - rand_r(seed) % 3600, vuln);
		break;
	case 5:
		snprintf(sql, size,
		         "UPDATE asset SET sector = '%s' WHERE id = %d", sector,
		         asset);
		break;
	case 6:
		/* another organization, the asset's sector unchanged */
		snprintf(sql, size,
		         "UPDATE asset SET organization_id = %d, criticality = "
		         "%d WHERE id = %d",
		         1 + rand_r(seed) % 4, 1 + rand_r(seed) % 5, asset);
		break;
	case 7:
		/* its exposures cascade */
		snprintf(sql, size, "DELETE FROM asset WHERE id = %d", asset);
		break;
	case 8:
		snprintf(sql, size,
		         "INSERT OR IGNORE INTO asset(id, organization_id, "
		         "name, sector, kind, criticality, created_at, "
		         "updated_at) VALUES (%d, 1, 'a%d', '%s', 'server', 3, "
		         "0, 0)",
		         asset, asset, sector);
		break;
	case 9:
		/* one of the CVE's exposures to another asset */
		snprintf(sql, size,
		         "UPDATE OR IGNORE exposure SET asset_id = %d WHERE "
		         "vulnerability_id = %d AND asset_id = (SELECT min("
		         "asset_id) FROM exposure WHERE vulnerability_id = %d) "
		         "AND EXISTS (SELECT 1 FROM asset WHERE id = %d)",
		         asset, vuln, vuln, asset);
		break;
	default:
		/* the CVE's exposures cascade */
		snprintf(sql, size, "DELETE FROM vulnerability WHERE id = %d",
		         vuln);
		break;
	}
}

/*
 * Random changes of every kind exposure_tally's triggers watch (exposure
 * inserts, counted here by a temporary trigger as the store counts them,
 * and deletes, CVEs in and out of KEV, assets moving sector or
 * organization, deleted or inserted, exposures moved to another asset,
 * CVEs deleted): after each change the kept counts equal a recount, and
 * after each round the dashboard the plain GROUP BY reference, KEV due
 * dates included.
 */
START_TEST(test_dashboard_exposure_tally_under_changes)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	struct store *s = NULL;
	unsigned seed = 20261207;
	char sql[512];
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	/* the store's part, for the exposures inserted here by hand */
	ck_assert_int_eq(test_store_sql(s, TEST_SQL_EXPOSURE_TALLY_TRIGGER), 0);
	craft(s);
	for (int id = 1; id <= 40; id++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO asset(id, organization_id, name, sector, "
		         "kind, criticality, created_at, updated_at) VALUES "
		         "(%d, %d, 'a%d', '%s', 'server', 3, 0, 0)",
		         id, 1 + id % 4, id, asset_sectors[id % 6]);
		ck_assert_int_eq(test_store_sql(s, sql), 0);
	}
	for (int id = 1; id <= 30; id++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO vulnerability(id, cve_id, is_kev, "
		         "kev_due_at, created_at, updated_at) VALUES (%d, "
		         "'CVE-2026-%04d', %d, %lld, 0, 0)",
		         id, id, id % 3 == 0, NOW - 3 * 86400 + id * 36000);
		ck_assert_int_eq(test_store_sql(s, sql), 0);
	}
	for (int i = 0; i < 200; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT OR IGNORE INTO exposure(asset_id, "
		         "vulnerability_id, cpe, matched_at, kev_at) SELECT "
		         "%d, id, 'c', 0, CASE WHEN is_kev THEN 0 END FROM "
		         "vulnerability WHERE id = %d",
		         1 + rand_r(&seed) % 40, 1 + rand_r(&seed) % 30);
		ck_assert_int_eq(test_store_sql(s, sql), 0);
	}
	ck_assert_int_gt(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE kev_at IS NOT NULL"),
	                 0);
	ck_assert_int_eq(exposure_drift(s), 0);
	assert_matches_reference(s, path, NOW, 5, "exposures inserted");
	for (int round = 0; round < 8; round++) {
		for (int i = 0; i < 40; i++) {
			random_exposure_change(&seed, sql, sizeof(sql));
			ck_assert_msg(test_store_sql(s, sql) == 0, "%s", sql);
			ck_assert_msg(exposure_drift(s) == 0, "after %s", sql);
		}
		assert_matches_reference(s, path, NOW, 5, "exposures changed");
		assert_matches_reference(s, path, NOW + 2 * 86400, 5,
		                         "two days later");
	}
	/* the rounds left exposures, some KEV, in several sectors */
	ck_assert_int_gt(test_store_int(s, "SELECT count(*) FROM "
	                                   "exposure_tally WHERE n_kev > 0"),
	                 2);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/*
 * A cache of schema version 7 with exposures migrates: exposure_tally is
 * filled from them, then kept.
 */
START_TEST(test_dashboard_migration_fills_exposure_tally)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "cache.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(path, 0, &s, &e), 0);
	craft(s);
	craft_exposures(s);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V7), 0);
	ck_assert_int_eq(test_sql(path, "SELECT count(*) FROM exposure_tally"),
	                 -1);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	/* energy: assets 1 and 2 on CVE 1 (KEV); water: CVEs 5 and 3 (KEV) */
	ck_assert_int_eq(test_store_int(s, "SELECT n * 10 + n_kev FROM "
	                                   "exposure_tally WHERE sector = "
	                                   "'energy'"),
	                 22);
	ck_assert_int_eq(test_store_int(s, "SELECT n * 10 + n_kev FROM "
	                                   "exposure_tally WHERE sector = "
	                                   "'water'"),
	                 21);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "exposure_tally"),
	                 2);
	assert_matches_reference(s, path, NOW, 3, "migrated");
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE asset SET sector = 'water' WHERE id = 2; "
	                      "UPDATE vulnerability SET is_kev = 0 WHERE id "
	                      "= 3"),
	    0);
	ck_assert_int_eq(test_store_int(s, "SELECT n * 10 + n_kev FROM "
	                                   "exposure_tally WHERE sector = "
	                                   "'water'"),
	                 31);
	ck_assert_int_eq(exposure_drift(s), 0);
	assert_matches_reference(s, path, NOW, 3, "then changed");
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/*
 * db check finds exposure counts that no longer match the exposures (a
 * row of zeros is no drift), and such counts do not stop exposures from
 * being written.
 */
START_TEST(test_dashboard_exposure_tally_drift_fails_the_check)
{
	struct store *s = open_mem();
	struct store_check c;
	struct err e;

	craft(s);
	craft_exposures(s);
	ck_assert_int_eq(test_store_sql(s, "INSERT INTO exposure_tally VALUES "
	                                   "('finance', 0, 0)"),
	                 0);
	ck_assert_int_eq(store_check_run(s, &c, &e), 0);
	ck_assert_msg(c.is_ok, "%s", c.integrity);
	store_check_release(&c);
	ck_assert_int_eq(test_store_sql(s, "UPDATE exposure_tally SET n_kev = "
	                                   "n_kev + 1 WHERE sector = 'water'; "
	                                   "UPDATE exposure_tally SET n = 4 "
	                                   "WHERE sector = 'finance'"),
	                 0);
	ck_assert_int_eq(store_check_run(s, &c, &e), 0);
	ck_assert(!c.is_ok);
	ck_assert_msg(strstr(c.integrity,
	                     "2 counts of exposures per sector "
	                     "(exposure_tally: the dashboard's) disagree") !=
	                  NULL,
	              "%s", c.integrity);
	store_check_release(&c);
	/* counts astray never stop a write */
	ck_assert_int_eq(test_store_sql(s, "UPDATE exposure_tally SET n = -3, "
	                                   "n_kev = -9"),
	                 0);
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM exposure; UPDATE asset "
	                                   "SET sector = 'health'; DELETE FROM "
	                                   "asset WHERE id = 3"),
	                 0);
	store_close(s);
}
END_TEST

Suite *
dashboard_suite(void)
{
	Suite *s = suite_create("dashboard");
	TCase *tc = tcase_create("store");

	/* The reference test replays 240 changes against a full recount:
	 * about 1 s alone, over 4 s (Check's default) on a loaded machine. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_dashboard_figures);
	tcase_add_test(tc, test_dashboard_exposures_and_kev_due);
	tcase_add_test(tc, test_dashboard_top_orgs_only_with_open);
	tcase_add_test(tc, test_dashboard_sparse_ids);
	tcase_add_test(tc, test_dashboard_empty_and_equal);
	tcase_add_test(tc, test_dashboard_cancelled);
	tcase_add_test(tc, test_dashboard_matches_reference_under_changes);
	tcase_add_test(tc, test_dashboard_migration_fills_the_tally);
	tcase_add_test(tc, test_dashboard_tally_drift_fails_the_check);
	tcase_add_test(tc, test_dashboard_exposure_tally_under_changes);
	tcase_add_test(tc, test_dashboard_migration_fills_exposure_tally);
	tcase_add_test(tc, test_dashboard_exposure_tally_drift_fails_the_check);
	suite_add_tcase(s, tc);
	return s;
}
