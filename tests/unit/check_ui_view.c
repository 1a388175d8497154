/*
 * The console's table of views (src/ui/view.c): every list of the store
 * has a view, its own (a detail page with links) or one made from its
 * column catalog, in the tab order the analyst knows; each fills the
 * cells of its catalog and builds a detail page from a row of a cache.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/list.h"
#include "centinela/store/store.h"
#include "testutil.h"
#include "ui/internal.h"

/* One row of every list, linked to each other. */
static const char seed[] =
    "INSERT INTO organization(id, name, sector, region, created_at, "
    "updated_at) VALUES (1, 'Agua de Sonora', 'water', 'Sonora', 1, 1);"
    "INSERT INTO asset(id, organization_id, name, sector, kind, "
    "criticality, hostname, created_at, updated_at) VALUES (1, 1, "
    "'plc-01', 'water', 'ics', 5, 'plc-01.example.mx', 1, 1);"
    "INSERT INTO incident(id, reference, title, description, category, "
    "severity, status, organization_id, sector, opened_at, created_at, "
    "updated_at) VALUES (1, 'MX-2026-00001', 'Ransomware en planta', "
    "'cifrado', 'malicious-code', 5, 'new', 1, 'water', 1700000000, "
    "1700000000, 1700000000);"
    "INSERT INTO alert(id, title, severity, tlp, taxonomy_class, "
    "feed_name, observed_at, received_at, status, organization_id, "
    "asset_id, incident_id, event_hash, created_at, updated_at) VALUES "
    "(1, 'SCADA scan', 4, 2, 'information-gathering', 'sensor-net', "
    "1700000000, 1700000000, 'new', 1, 1, 1, printf('%064d', 1), 1, 1);"
    "INSERT INTO vulnerability(id, cve_id, vendor, product, title, "
    "description, is_kev, kev_added_at, kev_due_at, created_at, "
    "updated_at) VALUES (1, 'CVE-2021-44228', 'Apache', 'Log4j2', "
    "'Apache Log4j2 Remote Code Execution Vulnerability', 'JNDI', 1, "
    "1639094400, 1640217600, 1, 1);"
    "INSERT INTO exposure(asset_id, vulnerability_id, cpe, matched_at) "
    "VALUES (1, 1, 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*', "
    "1700000000);" TEST_SQL_EXPOSURE_TERMS
    "INSERT INTO bulletin(id, reference, title, status, author, "
    "created_at, updated_at) VALUES (1, 'MX-SA-2026-0001', 'Log4Shell', "
    "'draft', 'ana', 1, 1700000000);"
    "INSERT INTO bulletin_cve VALUES (1, 'CVE-2021-44228');"
    "INSERT INTO bulletin_revision VALUES (1, 1, 1700000000, 'Initial');";

/* The local id of the first row of list ent in the seed. */
static int64_t
seed_id(int ent)
{
	/* an exposure's packs its asset's and CVE's (schema v7) */
	return ent == STORE_EXPOSURES ? (INT64_C(1) << 32) + 1 : 1;
}

/* The tab order: the first tabs' numbers never move (tests/e2e). */
START_TEST(test_ui_view_every_list_has_a_view_in_tab_order)
{
	static const char *const names[] = {
	    "incidents", "alerts",          "assets",    "organizations",
	    "help",      "conflicts",       "dashboard", "audit",
	    "outbox",    "vulnerabilities", "exposures", "bulletins",
	};

	ck_assert_uint_eq(view_count(), ARRAY_SIZE(names));
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		ck_assert_str_eq(view_at(i)->name, names[i]);
	ck_assert_ptr_null(view_at(view_count()));
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		const struct view_ops *ops = view_for_entity(ent);
		const struct column_catalog *cat = columns_catalog_of(ent);

		ck_assert_ptr_nonnull(ops);
		ck_assert_int_eq(ops->entity, ent);
		ck_assert_ptr_nonnull(cat);
		ck_assert_str_eq(ops->name, cat->view);
		ck_assert_str_eq(ops->name, store_entity_name(ent));
		ck_assert(ui_view_is_list(ops));
		ck_assert_msg(view_has_detail(ops), "%s has no page",
		              ops->name);
		ck_assert_int_eq(view_tab(ops), cat->tab);
	}
	/* the catalog says when a tab shows */
	ck_assert_int_eq(view_tab(view_for_entity(STORE_INCIDENTS)),
	                 COLUMN_TAB_ALWAYS);
	ck_assert_int_eq(view_tab(view_for_entity(STORE_VULNERABILITIES)),
	                 COLUMN_TAB_WITH_ROWS);
	ck_assert_int_eq(view_tab(&view_help_ops), COLUMN_TAB_ALWAYS);
	ck_assert_int_eq(view_tab(&view_dashboard_ops), COLUMN_TAB_ON_DEMAND);
	/* help has no page of a row */
	ck_assert(!view_has_detail(&view_help_ops));
}
END_TEST

/* A plain list (the vulnerabilities) has no view file: no detail of its
 * own, its view made from the catalog. */
START_TEST(test_ui_view_plain_list_is_made_from_its_catalog)
{
	const struct view_ops *ops = view_for_entity(STORE_VULNERABILITIES);

	ck_assert(ops->detail == NULL);
	ck_assert(ops->fetch == NULL);
	ck_assert(!ops->is_on_demand);
	ck_assert_ptr_nonnull(
	    columns_catalog_of(STORE_VULNERABILITIES)->detail);
	/* the lists with a page of their own are theirs; assets and
	 * organizations read their catalog's page like vulnerabilities */
	ck_assert_ptr_eq(view_for_entity(STORE_INCIDENTS), &view_incidents_ops);
	ck_assert(view_for_entity(STORE_ORGANIZATIONS)->detail == NULL);
	ck_assert(view_for_entity(STORE_ASSETS)->detail == NULL);
}
END_TEST

/* Every list's view fills every cell of its catalog and opens a row. */
START_TEST(test_ui_view_cells_and_detail_of_every_list)
{
	struct store *s = NULL;
	struct app app;
	struct err e;

	err_clear(&e);
	app_init(&app);
	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_sql(s, seed), 0);
	for (int ent = 0; ent < STORE_ENTITY_COUNT; ent++) {
		const struct view_ops *ops = view_for_entity(ent);
		const struct column_catalog *cat = columns_catalog_of(ent);
		struct store_list_opts o;
		struct ui_table_row r;
		int all[COLUMNS_MAX];
		struct detail *d;
		void *rows = NULL;
		size_t n = 0;
		int64_t id;

		store_list_opts_init(&o);
		o.limit = 1;
		ck_assert_msg(store_page_keyed(s, ent, &o, &rows, NULL, &n,
		                               NULL, &e) == 0,
		              "%s", e.msg);
		ck_assert_uint_eq(n, 1);
		id = view_row_id(rows);
		ck_assert_int_eq(id, seed_id(ent));
		ck_assert_uint_le(cat->n_cols, COLUMNS_MAX);
		for (size_t i = 0; i < cat->n_cols; i++)
			all[i] = (int)i;
		ui_table_row_init(&r, cat->n_cols);
		view_catalog_cells(ent, all, cat->n_cols, rows, 1700000000, &r);
		for (size_t i = 0; i < cat->n_cols; i++)
			ck_assert_msg(r.cells[i] != NULL, "%s column %s",
			              ops->name, cat->cols[i].name);
		ui_table_row_release(&r, cat->n_cols);
		store_row_release(ent, rows);
		free(rows);

		d = detail_new(ops->name);
		ck_assert_msg(
		    view_detail(ops, s, &app, id, 1700000000, d, &e) == 0,
		    "%s: %s", ops->name, e.msg);
		ck_assert_msg(d->title && *d->title, "%s", ops->name);
		ck_assert_msg(d->n > 0, "%s: an empty page", ops->name);
		detail_free(d);

		/* a row that is not there is said */
		d = detail_new(ops->name);
		ck_assert_int_eq(
		    view_detail(ops, s, &app, 999, 1700000000, d, &e),
		    ERR_NOTFOUND);
		detail_free(d);
	}
	store_close(s);
	app_release(&app);
}
END_TEST

/* The vulnerabilities' page is their catalog's layout. */
START_TEST(test_ui_view_plain_list_page_is_its_layout)
{
	const struct view_ops *ops = view_for_entity(STORE_VULNERABILITIES);
	struct store *s = NULL;
	struct detail *d;
	bool has_vendor = false, has_affected = false;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(test_store_sql(s, seed), 0);
	d = detail_new(ops->name);
	ck_assert_int_eq(view_detail(ops, s, NULL, 1, 1700000000, d, &e), 0);
	ck_assert_msg(strstr(d->title, "CVE-2021-44228") &&
	                  strstr(d->title, "Apache Log4j2"),
	              "%s", d->title);
	for (size_t i = 0; i < d->n; i++) {
		if (strstr(d->lines[i].text, "Apache"))
			has_vendor = true;
		/* its affected assets: a heading per sector and
		   organization, then each asset as a link to its exposure */
		if (strstr(d->lines[i].text, "Affected assets (1)"))
			has_affected =
			    i + 2 < d->n &&
			    strstr(d->lines[i + 1].text,
			           "water / Agua de Sonora") &&
			    strstr(d->lines[i + 2].text, "plc-01") &&
			    d->lines[i + 2].link_entity == STORE_EXPOSURES &&
			    d->lines[i + 2].link_id == seed_id(STORE_EXPOSURES);
	}
	ck_assert(has_vendor);
	ck_assert(has_affected);
	/* help has none */
	ck_assert_int_eq(view_detail(&view_help_ops, s, NULL, 1, 0, d, &e),
	                 ERR_NOTFOUND);
	ck_assert_str_eq(e.msg, "nothing to open");
	detail_free(d);
	store_close(s);
}
END_TEST

Suite *
ui_view_suite(void)
{
	Suite *s = suite_create("ui_view");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ui_view_every_list_has_a_view_in_tab_order);
	tcase_add_test(tc, test_ui_view_plain_list_is_made_from_its_catalog);
	tcase_add_test(tc, test_ui_view_cells_and_detail_of_every_list);
	tcase_add_test(tc, test_ui_view_plain_list_page_is_its_layout);
	suite_add_tcase(s, tc);
	return s;
}
