/* Tests for the demo-data generator (src/app/demo.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/columns.h"
#include "centinela/app/demo.h"
#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/json.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/record.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "suites.h"
#include "testutil.h"

#define TEST_NOW   1767225600 /* 2026-01-01T00:00:00Z */
#define TEST_SCALE 0.05 /* 32 orgs, 250 assets, 2000 alerts, 30 incidents */

static const char *const all_sectors[] = {
    "energy",
    "water",
    "finance",
    "telecom",
    "transport",
    "health",
    "government",
    "food",
    "chemical",
    "emergency-services",
    "digital-infrastructure",
    "space",
};

static struct store *
open_memory(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	return s;
}

static void
generate(struct store *s, uint64_t seed, struct demo_counts *c)
{
	struct demo_opts o;
	struct err e;

	demo_opts_init(&o);
	o.scale = TEST_SCALE;
	o.seed = seed;
	o.now = TEST_NOW;
	o.batch = 500; /* several transactions per phase */
	err_clear(&e);
	ck_assert_msg(demo_generate(s, &o, c, &e) == 0, "demo: %s", e.msg);
}

static int64_t
table_rows(struct store *s, const char *table)
{
	struct store_check c;
	struct err e;
	int64_t n = -1;

	ck_assert_msg(store_check_run(s, &c, &e) == 0, "%s", e.msg);
	for (size_t i = 0; i < c.n_counts; i++)
		if (strcmp(c.counts[i].table, table) == 0)
			n = c.counts[i].rows;
	store_check_release(&c);
	ck_assert_msg(n >= 0, "no count for table '%s'", table);
	return n;
}

/*
 * A digest of every organization, asset, alert and incident read back
 * through the store getters and written as JSON with detail. The rows'
 * created_at/updated_at are the store's own bookkeeping (stamped with the
 * wall clock when written), not generated content: they are left out.
 */
static void
clear_stamps(struct record_meta *m)
{
	m->created_at = 0;
	m->updated_at = 0;
}

static void
content_digest(struct store *s, char *out)
{
	struct sha256 *h = sha256_new();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct export_json w;
	struct err e;
	int64_t n;

	ck_assert_ptr_nonnull(f);
	export_json_init(&w, f);
	n = table_rows(s, "organization");
	for (int64_t id = 1; id <= n; id++) {
		struct organization o;

		ck_assert_msg(store_organization_get(s, id, &o, &e) == 0, "%s",
		              e.msg);
		clear_stamps(&o.meta);
		ck_assert_int_eq(
		    export_json_row(
		        &w, &columns_catalog_of(STORE_ORGANIZATIONS)->fields,
		        &o, true, NULL),
		    0);
		organization_release(&o);
	}
	n = table_rows(s, "asset");
	for (int64_t id = 1; id <= n; id++) {
		struct asset a;

		ck_assert_msg(store_asset_get(s, id, &a, &e) == 0, "%s", e.msg);
		clear_stamps(&a.meta);
		ck_assert_int_eq(
		    export_json_row(&w,
		                    &columns_catalog_of(STORE_ASSETS)->fields,
		                    &a, true, NULL),
		    0);
		asset_release(&a);
	}
	n = table_rows(s, "alert");
	for (int64_t id = 1; id <= n; id++) {
		struct alert a;

		ck_assert_msg(store_alert_get(s, id, &a, &e) == 0, "%s", e.msg);
		clear_stamps(&a.meta);
		ck_assert_int_eq(
		    export_json_row(&w,
		                    &columns_catalog_of(STORE_ALERTS)->fields,
		                    &a, true, NULL),
		    0);
		alert_release(&a);
	}
	n = table_rows(s, "incident");
	for (int64_t id = 1; id <= n; id++) {
		struct incident inc;

		ck_assert_msg(store_incident_get(s, id, &inc, &e) == 0, "%s",
		              e.msg);
		clear_stamps(&inc.meta);
		ck_assert_int_eq(
		    export_json_row(
		        &w, &columns_catalog_of(STORE_INCIDENTS)->fields, &inc,
		        true, NULL),
		    0);
		incident_release(&inc);
	}
	ck_assert_int_eq(fclose(f), 0);
	sha256_update(h, buf, len);
	sha256_final_hex(h, out);
	free(buf);
}

START_TEST(test_demo_is_deterministic)
{
	struct store *a = open_memory(), *b = open_memory(), *c = open_memory();
	struct demo_counts ca, cb, cc;
	char da[SHA256_HEX_LEN + 1], db[SHA256_HEX_LEN + 1],
	    dc[SHA256_HEX_LEN + 1];
	static const char *const tables[] = {
	    "organization",     "asset",          "alert",
	    "incident",         "note",           "asset_cpe",
	    "alert_observable", "incident_alert", "incident_asset"};

	generate(a, 42, &ca);
	generate(b, 42, &cb);
	generate(c, 43, &cc);
	ck_assert_mem_eq(&ca, &cb, sizeof(ca));
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		ck_assert_msg(table_rows(a, tables[i]) ==
		                  table_rows(b, tables[i]),
		              "table %s differs", tables[i]);
	content_digest(a, da);
	content_digest(b, db);
	content_digest(c, dc);
	ck_assert_str_eq(da, db);
	ck_assert_str_ne(da, dc); /* another seed, other data */
	store_close(a);
	store_close(b);
	store_close(c);
}
END_TEST

START_TEST(test_demo_counts_match_store)
{
	struct store *s = open_memory();
	struct demo_counts c;
	struct store_check chk;
	struct err e;

	generate(s, 7, &c);
	ck_assert_int_eq(c.organizations, 32);
	ck_assert_int_eq(c.assets, 250);
	ck_assert_int_eq(c.alerts, 2000);
	ck_assert_int_eq(c.incidents, 30);
	ck_assert_int_gt(c.notes, c.incidents);
	ck_assert_int_gt(c.cpes, c.assets / 2);
	ck_assert_int_eq(table_rows(s, "organization"), c.organizations);
	ck_assert_int_eq(table_rows(s, "asset"), c.assets);
	ck_assert_int_eq(table_rows(s, "alert"), c.alerts);
	ck_assert_int_eq(table_rows(s, "incident"), c.incidents);
	ck_assert_int_eq(table_rows(s, "note"), c.notes);
	ck_assert_int_eq(table_rows(s, "asset_cpe"), c.cpes);
	ck_assert_int_ge(table_rows(s, "incident_alert"), c.incidents);
	ck_assert_int_ge(table_rows(s, "incident_asset"), 1);
	/* Referential integrity and SQLite's own check. */
	ck_assert_msg(store_check_run(s, &chk, &e) == 0, "%s", e.msg);
	ck_assert_msg(chk.is_ok, "integrity: %s", chk.integrity);
	store_check_release(&chk);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit WHERE "
	                                   "action = 'demo-data' AND "
	                                   "detail = 'scale 0.05 seed 7'"),
	                 1);
	store_close(s);
}
END_TEST

START_TEST(test_demo_covers_sectors_states_statuses)
{
	struct store *s = open_memory();
	struct demo_counts c;
	bool has_status[INCIDENT_STATUS_COUNT] = {false};
	struct err e;
	char sql[160];

	generate(s, 11, &c);
	for (size_t i = 0; i < sizeof(all_sectors) / sizeof(all_sectors[0]);
	     i++) {
		snprintf(
		    sql, sizeof(sql),
		    "SELECT count(*) FROM organization WHERE sector = '%s'",
		    all_sectors[i]);
		ck_assert_msg(test_store_int(s, sql) > 0, "no org in %s",
		              all_sectors[i]);
	}
	ck_assert_int_eq(
	    test_store_int(s,
	                   "SELECT count(DISTINCT region) FROM organization"),
	    32);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization "
	                                   "WHERE region = 'Ciudad de México'"
	                                   " OR region = 'Yucatán'") >= 2,
	                 1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(DISTINCT kind) FROM asset"), 7);
	ck_assert_int_ge(
	    test_store_int(s, "SELECT count(DISTINCT feed_name) FROM alert"),
	    8);
	ck_assert_int_eq(test_store_int(s, "SELECT count(DISTINCT severity) "
	                                   "FROM alert"),
	                 5);
	ck_assert_int_eq(test_store_int(s, "SELECT count(DISTINCT status) "
	                                   "FROM alert"),
	                 4);
	/*
	 * The alert stream lies in the 30 days before now; the alerts older
	 * incidents were promoted from may be older.
	 */
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert WHERE "
	                                   "received_at > 1767225600 OR "
	                                   "(observed_at < 1767225600 - "
	                                   "30 * 86400 AND "
	                                   "status != 'promoted')"),
	                 0);
	for (int64_t id = 1; id <= c.incidents; id++) {
		struct incident inc;

		ck_assert_msg(store_incident_get(s, id, &inc, &e) == 0, "%s",
		              e.msg);
		has_status[inc.status] = true;
		ck_assert_msg(incident_reference_valid(inc.reference), "%s",
		              inc.reference);
		ck_assert_int_eq(strncmp(inc.reference, "MX-2025-", 8), 0);
		ck_assert_int_gt(inc.due_at, inc.opened_at);
		ck_assert(rsit_type_valid(inc.category, inc.category_type));
		if (incident_status_is_final(inc.status))
			ck_assert_int_ge(inc.closed_at, inc.opened_at);
		else
			ck_assert_int_eq(inc.closed_at, 0);
		ck_assert_int_le(inc.opened_at, TEST_NOW);
		incident_release(&inc);
	}
	for (int st = 0; st < INCIDENT_STATUS_COUNT; st++)
		ck_assert_msg(has_status[st], "no incident in status %s",
		              incident_status_name(st));
	store_close(s);
}
END_TEST

START_TEST(test_demo_rows_are_well_formed)
{
	struct store *s = open_memory();
	struct demo_counts c;
	struct err e;

	generate(s, 5, &c);
	for (int64_t id = 1; id <= c.assets; id++) {
		struct asset a;

		ck_assert_msg(store_asset_get(s, id, &a, &e) == 0, "%s", e.msg);
		ck_assert_int_ge(a.criticality, 1);
		ck_assert_int_le(a.criticality, 5);
		for (size_t k = 0; k < a.cpes.n; k++)
			ck_assert_msg(cpe23_valid(a.cpes.v[k]), "bad cpe %s",
			              a.cpes.v[k]);
		asset_release(&a);
	}
	for (int64_t id = 1; id <= c.alerts; id += 7) {
		struct alert a;

		ck_assert_msg(store_alert_get(s, id, &a, &e) == 0, "%s", e.msg);
		ck_assert(rsit_type_valid(a.taxonomy_class, a.taxonomy_type));
		ck_assert_int_ge(a.n_observables, 1);
		ck_assert_int_le(a.observed_at, a.received_at);
		ck_assert_uint_eq(strlen(a.event_hash), SHA256_HEX_LEN);
		if (a.status == ALERT_PROMOTED)
			ck_assert_int_gt(a.incident_id, 0);
		alert_release(&a);
	}
	/* Every incident has the alerts it was promoted from. */
	for (int64_t id = 1; id <= c.incidents; id++) {
		struct alert *rows = NULL;
		size_t n = 0;

		ck_assert_msg(
		    store_alerts_of_incident(s, id, 50, &rows, &n, &e) == 0,
		    "%s", e.msg);
		ck_assert_msg(n >= 1, "incident %lld has no alerts",
		              (long long)id);
		for (size_t k = 0; k < n; k++)
			alert_release(&rows[k]);
		free(rows);
	}
	store_close(s);
}
END_TEST

START_TEST(test_demo_rejects_bad_options)
{
	struct store *s = open_memory();
	struct demo_opts o;
	struct err e;

	demo_opts_init(&o);
	o.scale = 0;
	ck_assert_int_eq(demo_generate(s, &o, NULL, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "scale"));
	demo_opts_init(&o);
	o.prefix = "";
	ck_assert_int_eq(demo_generate(s, &o, NULL, &e), ERR_INVALID);
	ck_assert_int_eq(table_rows(s, "organization"), 0);
	store_close(s);
}
END_TEST

Suite *
demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_demo_is_deterministic);
	tcase_add_test(tc, test_demo_counts_match_store);
	tcase_add_test(tc, test_demo_covers_sectors_states_statuses);
	tcase_add_test(tc, test_demo_rows_are_well_formed);
	tcase_add_test(tc, test_demo_rejects_bad_options);
	suite_add_tcase(s, tc);
	return s;
}
