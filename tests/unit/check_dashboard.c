/* The dashboard's figures on a small crafted cache, with exact numbers. */
#include <check.h>
#include <string.h>

#include "centinela/base/err.h"
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

/* Ids far apart: the open map is a sorted array, same figures. */
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

Suite *
dashboard_suite(void)
{
	Suite *s = suite_create("dashboard");
	TCase *tc = tcase_create("store");

	tcase_add_test(tc, test_dashboard_figures);
	tcase_add_test(tc, test_dashboard_top_orgs_only_with_open);
	tcase_add_test(tc, test_dashboard_sparse_ids);
	tcase_add_test(tc, test_dashboard_empty_and_equal);
	tcase_add_test(tc, test_dashboard_cancelled);
	suite_add_tcase(s, tc);
	return s;
}
