/* Exposures matched in the store (src/store/exposure.c). */
#include <check.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/asset.h"
#include "centinela/model/cpe_config.h"
#include "centinela/model/exposure.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/asset.h"
#include "centinela/store/exposure.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "centinela/store/vulnerability.h"
#include "store/internal.h"
#include "cpe_inventory.h"
#include "testutil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The records of nvdlib_search_full_page.json, or false without fixtures. */
static bool
nvd_records(struct feed_batch *b)
{
	if (!test_nvd_records("nvdlib_search_full_page.json", b))
		return false;
	ck_assert_uint_eq(b->n_vulnerabilities, 47);
	return true;
}

static void
import_cves(struct store *s, struct feed_batch *b)
{
	struct err e;

	for (size_t i = 0; i < b->n_vulnerabilities; i++)
		ck_assert_msg(store_vulnerability_upsert(
		                  s, &b->vulnerabilities[i], NULL, &e) == 0,
		              "%s", e.msg);
}

/* Store asset name with its names (replacing them). */
static int64_t
put_asset(struct store *s, const char *name, const char *const *names, size_t n)
{
	struct asset a;
	struct err e;
	int64_t id;

	asset_init(&a);
	a.organization_id = 1;
	a.name = xstrdup(name);
	a.criticality = 4;
	for (size_t i = 0; i < n && names[i]; i++)
		strvec_push(&a.cpes, names[i]);
	ck_assert_msg(store_asset_upsert(s, &a, NULL, &e) == 0, "%s", e.msg);
	id = a.meta.id;
	asset_release(&a);
	return id;
}

static void
import_assets(struct store *s)
{
	for (size_t i = 0; i < NELEM(cpe_inventory); i++)
		ck_assert_int_eq(put_asset(s, cpe_inventory[i].asset,
		                           cpe_inventory[i].names, 2),
		                 (int64_t)i + 1);
}

/* The exposure table as "ASSET CVE" lines, by asset id then CVE id. */
static char *
exposures(struct store *s)
{
	static const char sql[] =
	    "SELECT a.name, v.cve_id FROM exposure x JOIN asset a ON "
	    "a.id = x.asset_id JOIN vulnerability v ON v.id = "
	    "x.vulnerability_id ORDER BY a.id, v.cve_id";
	struct strbuf sb;
	sqlite3_stmt *st;

	strbuf_init(&sb);
	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&sb, "%s %s\n", sqlite3_column_text(st, 0),
		            sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return strbuf_detach(&sb, NULL);
}

static void
assert_exposures(struct store *s, const char *want)
{
	char *got = exposures(s);

	ck_assert_str_eq(got, want);
	free(got);
}

/* cpe_inventory_exposures without the line of asset and cve (both present in it). */
static char *
want_without(const char *asset, const char *cve)
{
	struct strbuf line;
	char *w = xstrdup(cpe_inventory_exposures), *p;

	strbuf_init(&line);
	strbuf_addf(&line, "%s %s\n", asset, cve);
	p = strstr(w, line.buf);
	ck_assert_ptr_nonnull(p);
	memmove(p, p + line.len, strlen(p + line.len) + 1);
	strbuf_release(&line);
	return w;
}

/* PAN-OS 9.0.16, which CVE-2022-0011 leaves out. */
static const char *const pan_16[] = {
    "cpe:2.3:o:paloaltonetworks:pan-os:9.0.16:*:*:*:*:*:*:*"};

/*
 * A store holding the NVD records (into b) and then the inventory, or NULL
 * without fixtures.
 */
static struct store *
open_matched(struct feed_batch *b)
{
	struct store *s;

	if (!nvd_records(b))
		return NULL;
	s = test_store_with_org();
	import_cves(s, b);
	import_assets(s);
	return s;
}

START_TEST(test_exposure_store_cves_then_assets)
{
	struct store *s;
	struct feed_batch b;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	import_cves(s, &b);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	import_assets(s);
	assert_exposures(s, cpe_inventory_exposures);
	/* the name that matched: the first of the hits, in name order */
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM exposure WHERE asset_id = "
	                      "16 AND cpe = 'cpe:2.3:a:vim:vim:8.2.4326:*:*:*:"
	                      "*:*:*:*'"),
	    1);
	ck_assert_int_eq(
	    test_store_int(s,
	                   "SELECT count(*) FROM exposure WHERE asset_id = 6 "
	                   "AND cpe LIKE 'cpe:2.3:o:cisco:rv340_firmware:%'"),
	    15);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE matched_at <= 0 OR "
	                                   "confirmed_at < matched_at"),
	                 0);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_exposure_store_assets_then_cves)
{
	struct store_match_stats st = {0};
	struct store *s;
	struct feed_batch b;
	struct err e;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	import_assets(s);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	import_cves(s, &b);
	assert_exposures(s, cpe_inventory_exposures);
	/* the same CVEs again change nothing */
	import_cves(s, &b);
	assert_exposures(s, cpe_inventory_exposures);
	/* everything again: each found again, none added or removed */
	ck_assert_int_eq(store_exposure_rematch_all(s, NULL, NULL, &st, &e), 0);
	ck_assert_int_eq(st.added, 0);
	ck_assert_int_eq(st.removed, 0);
	ck_assert_int_eq(st.confirmed, 27);
	assert_exposures(s, cpe_inventory_exposures);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

static void
count_progress(void *arg, int64_t done, int64_t total)
{
	int64_t *last = arg;

	ck_assert_int_le(done, total);
	ck_assert_int_gt(done, *last);
	*last = done;
}

/* A cache whose exposures were made otherwise is set right by rematch. */
START_TEST(test_exposure_store_rematch_all_repairs)
{
	struct store_match_stats st = {0};
	struct store *s;
	struct feed_batch b;
	struct err e;
	int64_t last = 0;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	import_cves(s, &b);
	import_assets(s);
	/* one lost, one that does not hold */
	ck_assert_int_eq(
	    test_store_sql(s,
	                   "DELETE FROM exposure WHERE "
	                   "asset_id = 1;"
	                   "INSERT INTO exposure(asset_id, vulnerability_id, "
	                   "cpe, matched_at, confirmed_at) VALUES (2, 1, "
	                   "'x', 5, 5);"),
	    0);
	ck_assert_int_eq(
	    store_exposure_rematch_all(s, count_progress, &last, &st, &e), 0);
	ck_assert_int_eq(last, 47);
	ck_assert_int_eq(st.added, 1);
	ck_assert_int_eq(st.removed, 1);
	ck_assert_int_eq(st.confirmed, 26);
	assert_exposures(s, cpe_inventory_exposures);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_exposure_store_asset_names_change)
{
	static const char *const pan_15[] = {
	    "cpe:2.3:o:paloaltonetworks:pan-os:9.0.15:*:*:*:*:*:*:*"};
	struct store *s;
	struct feed_batch b;
	struct strbuf want;
	char *w;

	if (!(s = open_matched(&b)))
		return;
	ck_assert_int_eq(test_store_sql(s, "UPDATE exposure SET matched_at = "
	                                   "7, confirmed_at = 7;"),
	                 0);
	/* fw-branch goes to 9.0.15: exposed; fw-hq to 9.0.16: no longer */
	ck_assert_int_eq(put_asset(s, "fw-branch", pan_15, 1), 2);
	strbuf_init(&want);
	strbuf_adds(&want, "fw-hq CVE-2022-0011\nfw-branch CVE-2022-0011\n");
	strbuf_adds(&want,
	            cpe_inventory_exposures + strlen("fw-hq CVE-2022-0011\n"));
	assert_exposures(s, want.buf);
	ck_assert_int_eq(test_store_int(s, "SELECT matched_at > 7 FROM "
	                                   "exposure WHERE asset_id = 2"),
	                 1);
	ck_assert_int_eq(put_asset(s, "fw-hq", pan_16, 1), 1);
	w = want_without("fw-hq", "CVE-2022-0011");
	strbuf_reset(&want);
	strbuf_adds(&want, "fw-branch CVE-2022-0011\n");
	strbuf_adds(&want, w);
	assert_exposures(s, want.buf);
	/*
	 * vim goes away from the editor: Debian 10 is vulnerable to the CVE
	 * by a configuration of its own, so the exposure holds, by the other
	 * name, first found when it was, confirmed now
	 */
	ck_assert_int_eq(put_asset(s, "editor", cpe_inventory[15].names + 1, 1),
	                 16);
	assert_exposures(s, want.buf);
	ck_assert_int_eq(
	    test_store_int(s,
	                   "SELECT count(*) FROM exposure WHERE asset_id = "
	                   "16 AND cpe = 'cpe:2.3:o:debian:debian_linux:10.0:"
	                   "*:*:*:*:*:*:*' AND matched_at = 7 AND "
	                   "confirmed_at > 7"),
	    1);
	/* the others were not touched */
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE matched_at = 7 AND "
	                                   "confirmed_at = 7"),
	                 25);
	strbuf_release(&want);
	free(w);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/*
 * Inside one transaction matching keeps the assets' names it read; an
 * asset whose names change in that transaction is read again: a CVE
 * matched before and after the change sees the new names.
 */
START_TEST(test_exposure_store_transaction_sees_name_changes)
{
	struct store *s;
	struct feed_batch b;
	struct err e;
	int64_t cve;
	char *w;

	if (!(s = open_matched(&b)))
		return;
	cve = test_store_int(s, "SELECT id FROM vulnerability WHERE cve_id = "
	                        "'CVE-2022-0011'");
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_int_eq(store_exposure_match_vulnerability(s, cve, NULL, &e),
	                 0);
	ck_assert_ptr_nonnull(s->expo); /* fw-hq's names kept */
	ck_assert_int_eq(put_asset(s, "fw-hq", pan_16, 1), 1);
	ck_assert_ptr_null(s->expo);
	ck_assert_int_eq(store_exposure_match_vulnerability(s, cve, NULL, &e),
	                 0);
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert_ptr_null(s->expo); /* nothing kept past the transaction */
	w = want_without("fw-hq", "CVE-2022-0011");
	assert_exposures(s, w);
	free(w);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_exposure_store_cve_configuration_change)
{
	struct store *s;
	struct feed_batch b;
	struct vulnerability *v = NULL;
	struct cpe_match *m = NULL;
	struct err e;
	char *w;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	import_assets(s);
	import_cves(s, &b);
	for (size_t i = 0; i < b.n_vulnerabilities; i++)
		if (strcmp(b.vulnerabilities[i].cve_id, "CVE-2022-0011") == 0)
			v = &b.vulnerabilities[i];
	ck_assert_ptr_nonnull(v);
	/* the 9.0 range now ends before fw-hq's 9.0.15 */
	for (size_t i = 0; i < v->configs[0].nodes[0].n_matches; i++) {
		struct cpe_match *x = &v->configs[0].nodes[0].matches[i];

		if (x->bounds.end_including &&
		    strcmp(x->bounds.end_including, "9.0.15") == 0)
			m = x;
	}
	ck_assert_ptr_nonnull(m);
	free(m->bounds.end_including);
	m->bounds.end_including = xstrdup("9.0.14");
	ck_assert_msg(store_vulnerability_upsert(s, v, NULL, &e) == 0, "%s",
	              e.msg);
	w = want_without("fw-hq", "CVE-2022-0011");
	assert_exposures(s, w);
	/* and back */
	free(m->bounds.end_including);
	m->bounds.end_including = xstrdup("9.0.15");
	ck_assert_msg(store_vulnerability_upsert(s, v, NULL, &e) == 0, "%s",
	              e.msg);
	assert_exposures(s, cpe_inventory_exposures);
	free(w);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/*
 * The candidates come through the (vendor, product) indexes: no statement
 * matching left prepared scans asset_cpe or vuln_match, and the lookups
 * of candidates search the asset_cpe_product index and vuln_match's key.
 */
START_TEST(test_exposure_store_candidates_use_the_indexes)
{
	struct store *s;
	struct feed_batch b;
	sqlite3_stmt *st = NULL;
	int n_assets = 0, n_vulns = 0;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	import_assets(s);
	import_cves(s, &b);
	ck_assert_int_eq(put_asset(s, "fw-new", cpe_inventory[0].names, 1), 17);
	while ((st = sqlite3_next_stmt(s->db, st)) != NULL) {
		const char *sql = sqlite3_sql(st);
		bool is_lookup = strstr(sql, "WHERE vendor") != NULL;
		sqlite3_stmt *plan;
		char *q;

		if ((!strstr(sql, "FROM asset_cpe") &&
		     !strstr(sql, "FROM vuln_match")) ||
		    strncmp(sql, "EXPLAIN", 7) == 0)
			continue;
		q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
		ck_assert_int_eq(sqlite3_prepare_v2(s->db, q, -1, &plan, NULL),
		                 SQLITE_OK);
		while (sqlite3_step(plan) == SQLITE_ROW) {
			const char *d =
			    (const char *)sqlite3_column_text(plan, 3);

			ck_assert_msg(!strstr(d, "SCAN asset_cpe") &&
			                  !strstr(d, "SCAN vuln_match"),
			              "%s\n  plan: %s", sql, d);
			if (is_lookup && strstr(d, "INDEX asset_cpe_product"))
				n_assets++;
			if (is_lookup &&
			    strstr(d, "SEARCH vuln_match USING PRIMARY KEY"))
				n_vulns++;
		}
		sqlite3_finalize(plan);
		sqlite3_free(q);
	}
	/* by vendor and product, and by vendor, for each side */
	ck_assert_int_ge(n_assets, 1);
	ck_assert_int_ge(n_vulns, 3);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/*
 * Check that every exposure has the priority and kev_at the triggers
 * compute from its CVE's and asset's rows as they are (schema v8): from
 * the CVE's KEV, ransomware, EPSS and CVSS, the asset's criticality and
 * its sector's weight. The exposures, and of them KEV's, into *n, *n_kev.
 */
static void
assert_priorities(struct store *s, int *n, int *n_kev)
{
	static const char sql[] =
	    "SELECT x.priority, v.is_kev, v.is_ransomware, coalesce(v.epss, "
	    "-1), coalesce(v.cvss_score, -1), a.criticality, coalesce((SELECT "
	    "priority_weight FROM sector WHERE code = a.sector), 0), "
	    "x.kev_at IS NOT NULL AND x.kev_at = x.matched_at, v.cve_id, "
	    "a.name FROM exposure x JOIN vulnerability v ON v.id = "
	    "x.vulnerability_id JOIN asset a ON a.id = x.asset_id";
	sqlite3_stmt *st;

	*n = *n_kev = 0;
	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		bool is_kev = sqlite3_column_int(st, 1);
		int want = exposure_priority_score(
		    is_kev, sqlite3_column_int(st, 2),
		    sqlite3_column_double(st, 3), sqlite3_column_double(st, 4),
		    sqlite3_column_int(st, 5), sqlite3_column_int(st, 6));

		ck_assert_msg(sqlite3_column_int(st, 0) == want,
		              "%s of %s: priority %d, want %d",
		              sqlite3_column_text(st, 8),
		              sqlite3_column_text(st, 9),
		              sqlite3_column_int(st, 0), want);
		ck_assert_int_eq(sqlite3_column_int(st, 7), is_kev);
		(*n)++;
		*n_kev += is_kev;
	}
	sqlite3_finalize(st);
}

/*
 * The store writes an exposure with its priority and kev_at on both
 * paths (a CVE against the assets, an asset against the CVEs).
 */
START_TEST(test_exposure_store_writes_priority_and_kev)
{
	struct store *s;
	struct feed_batch b;
	struct err e;
	int n, n_kev;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	/* half the inventory first: the other half meets the CVEs */
	for (size_t i = 0; i < NELEM(cpe_inventory) / 2; i++)
		put_asset(s, cpe_inventory[i].asset, cpe_inventory[i].names, 2);
	import_cves(s, &b);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE vulnerability SET is_kev = 1, "
	                      "is_ransomware = cve_id > 'CVE-2022', epss = "
	                      "0.42 WHERE id % 3 = 0;"
	                      "UPDATE asset SET criticality = 1 + id % 5;"
	                      "DELETE FROM exposure"),
	    0);
	ck_assert_msg(store_exposure_rematch_all(s, NULL, NULL, NULL, &e) == 0,
	              "%s", e.msg);
	for (size_t i = NELEM(cpe_inventory) / 2; i < NELEM(cpe_inventory); i++)
		put_asset(s, cpe_inventory[i].asset, cpe_inventory[i].names, 2);
	assert_priorities(s, &n, &n_kev);
	ck_assert_int_gt(n_kev, 0);
	ck_assert_int_gt(n - n_kev, 0);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/*
 * In one transaction, matching keeps what an asset's exposures are
 * written with (its sector and criticality, with its names) from one CVE
 * to the next; an asset written between two CVEs drops that, so that the
 * CVEs after it write its new terms.
 */
START_TEST(test_exposure_store_priority_after_asset_change)
{
	struct store *s;
	struct feed_batch b;
	struct err e;
	size_t half;
	int n, n_kev, after;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	import_assets(s);
	half = b.n_vulnerabilities / 2;
	ck_assert_int_eq(store_begin(s, &e), 0);
	for (size_t i = 0; i < half; i++)
		ck_assert_msg(store_vulnerability_upsert(
		                  s, &b.vulnerabilities[i], NULL, &e) == 0,
		              "%s", e.msg);
	for (size_t i = 0; i < NELEM(cpe_inventory); i++) {
		struct asset a;

		asset_init(&a);
		a.organization_id = 1;
		a.name = xstrdup(cpe_inventory[i].asset);
		a.criticality = 1 + (int)(i % 5);
		a.sector = xstrdup(i % 2 ? "health" : "water");
		for (size_t k = 0; k < 2 && cpe_inventory[i].names[k]; k++)
			strvec_push(&a.cpes, cpe_inventory[i].names[k]);
		ck_assert_msg(store_asset_upsert(s, &a, NULL, &e) == 0, "%s",
		              e.msg);
		asset_release(&a);
	}
	after = (int)test_store_int(s, "SELECT count(*) FROM exposure");
	for (size_t i = half; i < b.n_vulnerabilities; i++)
		ck_assert_msg(store_vulnerability_upsert(
		                  s, &b.vulnerabilities[i], NULL, &e) == 0,
		              "%s", e.msg);
	ck_assert_int_eq(store_commit(s, &e), 0);
	assert_priorities(s, &n, &n_kev);
	ck_assert_int_gt(n, after); /* the second half wrote some */
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/*
 * Sectors whose exposure_tally counts differ from a recount (rows of
 * zeros count nothing).
 */
static long long
tally_drift(struct store *s)
{
	return test_store_int(
	    s, "WITH r AS (SELECT a.sector, count(*), count(x.kev_at) FROM "
	       "exposure x, asset a WHERE a.id = x.asset_id GROUP BY 1), t AS "
	       "(SELECT sector, n, n_kev FROM exposure_tally WHERE n <> 0 OR "
	       "n_kev <> 0) SELECT (SELECT count(*) FROM (SELECT * FROM t "
	       "EXCEPT SELECT * FROM r)) + (SELECT count(*) FROM (SELECT * "
	       "FROM r EXCEPT SELECT * FROM t))");
}

/*
 * The exposures the matching inserts are counted into their sectors
 * (schema v9: by the store, not a trigger), on both sides: a CVE against
 * the assets (an import, a re-match) and an asset against the CVEs.
 */
START_TEST(test_exposure_store_counts_inserts_in_the_tally)
{
	struct store *s;
	struct feed_batch b;
	struct err e;

	if (!nvd_records(&b))
		return;
	s = test_store_with_org();
	for (size_t i = 0; i < NELEM(cpe_inventory) / 2; i++)
		put_asset(s, cpe_inventory[i].asset, cpe_inventory[i].names, 2);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE asset SET sector = CASE id % 3 WHEN 0 "
	                      "THEN 'water' WHEN 1 THEN 'health' ELSE "
	                      "'energy' END"),
	    0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	/* CVEs against the assets: an import, KEV ones among them */
	for (size_t i = 0; i < b.n_vulnerabilities; i++)
		b.vulnerabilities[i].is_kev = i % 2;
	import_cves(s, &b);
	ck_assert_int_gt(test_store_int(s, "SELECT count(DISTINCT a.sector) "
	                                   "FROM exposure x JOIN asset a ON "
	                                   "a.id = x.asset_id"),
	                 1);
	ck_assert_int_gt(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE kev_at IS NOT NULL"),
	                 0);
	ck_assert_int_eq(tally_drift(s), 0);
	/* again from nothing: a re-match */
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM exposure"), 0);
	ck_assert_int_eq(tally_drift(s), 0);
	ck_assert_msg(store_exposure_rematch_all(s, NULL, NULL, NULL, &e) == 0,
	              "%s", e.msg);
	ck_assert_int_gt(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	ck_assert_int_eq(tally_drift(s), 0);
	/* assets against the CVEs */
	for (size_t i = NELEM(cpe_inventory) / 2; i < NELEM(cpe_inventory); i++)
		put_asset(s, cpe_inventory[i].asset, cpe_inventory[i].names, 2);
	/* the second half's ids are above the first half's count */
	ck_assert_int_gt(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE asset_id > (SELECT count(*) "
	                                   "FROM asset) / 2"),
	                 0);
	ck_assert_int_eq(tally_drift(s), 0);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/* cpe_key() keys names as the store does; a cache migrated from v5 too. */
START_TEST(test_exposure_store_migration_keys_names)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(
	    test_store_sql(s, "INSERT INTO organization(name, sector, "
	                      "created_at, updated_at) VALUES ('O', 'energy', "
	                      "1, 1)"),
	    0);
	put_asset(s, "a", cpe_inventory[13].names, 1);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V5), 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM asset_cpe WHERE part = 'a' "
	                      "AND vendor = 'optimism' AND product = "
	                      "'eth-optimism/l2geth'"),
	    1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT cpe_key('cpe:2.3:a:*:x:*:*:*:*:*:*:*:*', "
	                      "1) IS NULL AND cpe_key('nonsense', 0) IS NULL"),
	    1);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/*
 * A v9 cache's details (configuration, node and vuln_cpe rows, metrics,
 * references, the flat criteria of a CVE without configurations) come
 * out of the v10 migration as the same CVE, with the criteria matching
 * goes by in vuln_match, and match the assets as before.
 */
START_TEST(test_exposure_store_migration_v10_keeps_details)
{
	static const char *const app_on_os[] = {
	    "cpe:2.3:a:acme:app:1.9:*:*:*:*:*:*:*",
	    "cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*"};
	static const char *const app_alone[] = {
	    "cpe:2.3:a:acme:app:1.9:*:*:*:*:*:*:*"};
	static const char *const new_app[] = {
	    "cpe:2.3:a:acme:app:2.0:*:*:*:*:*:*:*",
	    "cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*"};
	static const char *const lib[] = {
	    "cpe:2.3:a:other:lib:1.1:*:*:*:*:*:*:*"};
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct vulnerability v;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(
	    test_sql(
	        path,
	        "INSERT INTO vulnerability(id, cve_id, created_at, updated_at) "
	        "VALUES (1, 'CVE-2024-0001', 1, 1), (2, 'CVE-2024-0002', 1, 1);"
	        "INSERT INTO vuln_config VALUES (1, 1, 0, 'AND', 0);"
	        "INSERT INTO vuln_node VALUES (1, 1, 0, 'OR', 0), "
	        "(2, 1, 1, 'OR', 0);"
	        "INSERT INTO vuln_cpe VALUES (1, 1, "
	        "'cpe:2.3:a:acme:app:*:*:*:*:*:*:*:*', NULL, NULL, NULL, '2.0', "
	        "1, 1, 'MC-1', 'a', 'acme', 'app'), (2, 1, "
	        "'cpe:2.3:a:acme:app:1.5:*:*:*:*:*:*:*', NULL, NULL, NULL, "
	        "NULL, 1, 1, NULL, 'a', 'acme', 'app'), (3, 1, "
	        "'cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*', NULL, NULL, NULL, NULL, "
	        "0, 2, NULL, 'o', 'acme', 'os'), (4, 2, "
	        "'cpe:2.3:a:other:lib:*:*:*:*:*:*:*:*', '1.0', NULL, NULL, "
	        "'1.2', 1, NULL, NULL, 'a', 'other', 'lib');"
	        "INSERT INTO vuln_metric VALUES (1, 0, '3.1', "
	        "'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, "
	        "'CRITICAL', 'nvd@nist.gov', 1), (1, 1, '2.0', "
	        "'AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5, NULL, NULL, 0);"
	        "INSERT INTO vuln_reference VALUES (1, 0, "
	        "'https://example.org/\"a\"', 'x', 'Patch, Vendor Advisory');"),
	    0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(store_vulnerability_get(s, "CVE-2024-0001", &v, &e),
	                 0);
	ck_assert_uint_eq(v.n_configs, 1);
	ck_assert_int_eq(v.configs[0].op, CPE_OP_AND);
	ck_assert_uint_eq(v.configs[0].n_nodes, 2);
	ck_assert_uint_eq(v.configs[0].nodes[0].n_matches, 2);
	ck_assert_str_eq(v.configs[0].nodes[0].matches[0].bounds.end_excluding,
	                 "2.0");
	ck_assert_ptr_null(
	    v.configs[0].nodes[0].matches[0].bounds.end_including);
	ck_assert_str_eq(v.configs[0].nodes[0].matches[0].match_criteria_id,
	                 "MC-1");
	ck_assert(!v.configs[0].nodes[1].matches[0].is_vulnerable);
	ck_assert_uint_eq(v.n_cpes, 3);
	ck_assert_uint_eq(v.n_metrics, 2);
	ck_assert(v.metrics[0].base_score == 9.8 && v.metrics[0].is_primary);
	ck_assert_ptr_null(v.metrics[1].severity);
	ck_assert_uint_eq(v.n_refs, 1);
	ck_assert_str_eq(v.refs[0].url, "https://example.org/\"a\"");
	ck_assert_str_eq(v.refs[0].tags, "Patch, Vendor Advisory");
	vulnerability_release(&v);
	ck_assert_int_eq(store_vulnerability_get(s, "CVE-2024-0002", &v, &e),
	                 0);
	ck_assert_uint_eq(v.n_configs, 0);
	ck_assert_uint_eq(v.n_cpes, 1);
	ck_assert_str_eq(v.cpes[0].version_start_incl, "1.0");
	ck_assert_str_eq(v.cpes[0].version_end_excl, "1.2");
	vulnerability_release(&v);
	/* the vulnerable criteria, one row per CVE and key; plain (v14) but
	 * for the running-on configuration */
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM vuln_match"),
	                 2);
	ck_assert_int_eq(test_store_int(s, "SELECT group_concat(plain, '') "
	                                   "FROM (SELECT plain FROM vuln_match "
	                                   "ORDER BY vulnerability_id)"),
	                 1);
	ck_assert_int_eq(
	    test_store_int(s,
	                   "SELECT count(*) FROM vuln_match WHERE vendor = "
	                   "'acme' AND product = 'app' AND criteria = "
	                   "'cpe:2.3:a:acme:app:*:*:*:*:*:*:*:*' || char(9) "
	                   "|| char(9) || char(9) || char(9) || '2.0' || "
	                   "char(10) || 'cpe:2.3:a:acme:app:1.5:*:*:*:*:*:*:*' "
	                   "|| char(9) || char(9) || char(9) || char(9)"),
	    1);
	ck_assert_int_eq(
	    test_store_sql(s, "INSERT INTO organization(name, sector, "
	                      "created_at, updated_at) VALUES ('O', 'energy', "
	                      "1, 1)"),
	    0);
	/* matched by the migrated rows, each way */
	put_asset(s, "app-on-os", app_on_os, 2);
	put_asset(s, "app-alone", app_alone, 1);
	put_asset(s, "new-app", new_app, 2);
	put_asset(s, "lib", lib, 1);
	assert_exposures(s, "app-on-os CVE-2024-0001\nlib CVE-2024-0002\n");
	ck_assert_int_eq(store_exposure_rematch_all(s, NULL, NULL, NULL, &e),
	                 0);
	assert_exposures(s, "app-on-os CVE-2024-0001\nlib CVE-2024-0002\n");
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* The rows of sql (text columns joined by spaces), a line each. */
static char *
rows_text(struct store *s, const char *sql)
{
	struct strbuf sb;
	sqlite3_stmt *st;

	strbuf_init(&sb);
	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "",
			            (const char *)sqlite3_column_text(st, i));
		strbuf_addch(&sb, '\n');
	}
	sqlite3_finalize(st);
	return strbuf_detach(&sb, NULL);
}

/* Store a CVE of one OR node of vulnerable matches (criteria, end). */
static void
put_or_cve(struct store *s, const char *cve, const char *const *criteria,
           const char *const *end_excluding, size_t n)
{
	struct vulnerability v;
	struct cpe_node *node;
	struct err e;

	vulnerability_init(&v);
	v.cve_id = xstrdup(cve);
	v.configs = xcalloc(1, sizeof(*v.configs));
	v.n_configs = 1;
	cpe_config_init(v.configs);
	node = cpe_config_add_node(v.configs, CPE_OP_OR, false);
	for (size_t i = 0; i < n; i++) {
		struct version_bounds b;

		version_bounds_init(&b);
		b.end_excluding = (char *)end_excluding[i];
		ck_assert_int_eq(
		    cpe_node_add_match(node, true, criteria[i], &b, NULL, &e),
		    0);
	}
	ck_assert_msg(store_vulnerability_upsert(s, &v, NULL, &e) == 0, "%s",
	              e.msg);
	vulnerability_release(&v);
}

static const char sql_exposure_names[] =
    "SELECT a.name, v.cve_id, x.cpe FROM exposure x JOIN asset a ON a.id = "
    "x.asset_id JOIN vulnerability v ON v.id = x.vulnerability_id ORDER BY "
    "a.id, v.cve_id";
static const char sql_plain_rows[] =
    "SELECT v.cve_id, m.vendor, m.product, m.plain FROM vuln_match m JOIN "
    "vulnerability v ON v.id = m.vulnerability_id ORDER BY 1, 2, 3";

/*
 * CVEs whose rows are plain (schema v14) are matched to an asset from
 * their vuln_match lines alone: the same exposures, by the same names
 * (the first that satisfies a line, in name order, whichever row and
 * query found it), as when every CVE is read whole. A line wider than its
 * criterion (a bound with a tab, left out) is not plain.
 */
START_TEST(test_exposure_store_plain_rows_match_as_read_whole)
{
	static const char *const both[] = {"cpe:2.3:a:zeta:app:*:*:*:*:*:*:*:*",
	                                   "cpe:2.3:a:*:lib:*:*:*:*:*:*:*:*"};
	static const char *const none[] = {NULL, NULL};
	static const char *const tool[] = {
	    "cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*"};
	static const char *const tab_end[] = {"1.5\t"};
	static const char *const alpha_zeta[] = {
	    "cpe:2.3:a:zeta:app:1.0:*:*:*:*:*:*:*",
	    "cpe:2.3:a:alpha:lib:1.0:*:*:*:*:*:*:*"};
	static const char *const zeta_both[] = {
	    "cpe:2.3:a:zeta:lib:1.0:*:*:*:*:*:*:*",
	    "cpe:2.3:a:zeta:app:1.0:*:*:*:*:*:*:*"};
	static const char *const tool_3[] = {
	    "cpe:2.3:a:acme:tool:3.0:*:*:*:*:*:*:*"};
	struct store *s;
	struct feed_batch b;
	struct err e;
	char *plain, *read_whole;
	int64_t n_assets;

	if (!(s = open_matched(&b)))
		return;
	put_or_cve(s, "CVE-2024-1001", both, none, 2);
	put_or_cve(s, "CVE-2024-1002", tool, tab_end, 1);
	put_asset(s, "alpha-zeta", alpha_zeta, 2);
	put_asset(s, "zeta-both", zeta_both, 2);
	put_asset(s, "tool-3", tool_3, 1);
	/* the fixture's plain CVEs (cpe_configs_plain) and the new one */
	ck_assert_int_eq(test_store_int(s, "SELECT count(DISTINCT "
	                                   "vulnerability_id) FROM vuln_match "
	                                   "WHERE plain"),
	                 25 + 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM (SELECT 1 "
	                                   "FROM vuln_match GROUP BY "
	                                   "vulnerability_id HAVING "
	                                   "min(plain) != max(plain))"),
	                 0);
	ck_assert_int_eq(test_store_int(s, "SELECT plain FROM vuln_match WHERE "
	                                   "vendor = 'acme' AND product = "
	                                   "'tool'"),
	                 0);
	/* the assets matched after the CVEs, by the lines */
	plain = rows_text(s, sql_exposure_names);
	ck_assert_ptr_nonnull(strstr(plain, "alpha-zeta CVE-2024-1001 "
	                                    "cpe:2.3:a:alpha:lib:1.0:"));
	ck_assert_ptr_nonnull(strstr(plain, "zeta-both CVE-2024-1001 "
	                                    "cpe:2.3:a:zeta:app:1.0:"));
	ck_assert_ptr_null(strstr(plain, "tool-3"));
	/* and with every CVE read whole */
	n_assets = test_store_int(s, "SELECT max(id) FROM asset");
	ck_assert_int_eq(test_store_sql(s, "UPDATE vuln_match SET plain = 0; "
	                                   "DELETE FROM exposure"),
	                 0);
	for (int64_t id = 1; id <= n_assets; id++)
		ck_assert_msg(store_exposure_match_asset(s, id, NULL, &e) == 0,
		              "%s", e.msg);
	read_whole = rows_text(s, sql_exposure_names);
	ck_assert_str_eq(plain, read_whole);
	free(plain);
	free(read_whole);
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

/*
 * A v13 cache's vuln_match rows get plain from their CVEs' stored texts
 * as the store writes it: plain configurations and flat criteria, not a
 * running-on configuration nor a line wider than its criterion.
 */
START_TEST(test_exposure_store_migration_v14_plain)
{
	static const char *const tool[] = {
	    "cpe:2.3:a:acme:tool:*:*:*:*:*:*:*:*"};
	static const char *const tab_end[] = {"1.5\t"};
	static const char *const fine_end[] = {"1.5"};
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct feed_batch b;
	struct err e;
	char *written, *migrated;

	if (!nvd_records(&b)) {
		free(path);
		test_rmtree(dir);
		return;
	}
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	import_cves(s, &b);
	put_or_cve(s, "CVE-2024-1002", tool, tab_end, 1);
	put_or_cve(s, "CVE-2024-1003", tool, fine_end, 1);
	ck_assert_int_eq(test_store_sql(s,
	                                "INSERT INTO vuln_detail(id, cpes) "
	                                "SELECT id, '[{\"c\":\"cpe:2.3:a:"
	                                "flat:x:*:*:*:*:*:*:*:*\",\"v\":1}]' "
	                                "FROM vulnerability WHERE cve_id = "
	                                "'CVE-2024-1003' ON CONFLICT DO "
	                                "UPDATE SET configs = NULL, cpes = "
	                                "excluded.cpes"),
	                 0);
	written = rows_text(s, sql_plain_rows);
	/* CVE-2024-1003's row still says 1: its flat criterion is plain too */
	ck_assert_ptr_nonnull(strstr(written, "CVE-2024-1003 acme tool 1\n"));
	ck_assert_ptr_nonnull(strstr(written, "CVE-2024-1002 acme tool 0\n"));
	/* CVE-2022-0016 runs on macOS or Windows */
	ck_assert_ptr_nonnull(strstr(written, "CVE-2022-0016 "
	                                      "paloaltonetworks globalprotect "
	                                      "0\n"));
	ck_assert_ptr_nonnull(strstr(written, "CVE-2022-0011 "
	                                      "paloaltonetworks pan-os 1\n"));
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V13), 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	migrated = rows_text(s, sql_plain_rows);
	ck_assert_str_eq(migrated, written);
	free(written);
	free(migrated);
	feed_batch_release(&b);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

Suite *
exposure_store_suite(void)
{
	Suite *s = suite_create("exposure_store");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_exposure_store_cves_then_assets);
	tcase_add_test(tc, test_exposure_store_assets_then_cves);
	tcase_add_test(tc, test_exposure_store_rematch_all_repairs);
	tcase_add_test(tc, test_exposure_store_asset_names_change);
	tcase_add_test(tc, test_exposure_store_transaction_sees_name_changes);
	tcase_add_test(tc, test_exposure_store_cve_configuration_change);
	tcase_add_test(tc, test_exposure_store_candidates_use_the_indexes);
	tcase_add_test(tc, test_exposure_store_migration_keys_names);
	tcase_add_test(tc, test_exposure_store_migration_v10_keeps_details);
	tcase_add_test(tc, test_exposure_store_writes_priority_and_kev);
	tcase_add_test(tc, test_exposure_store_priority_after_asset_change);
	tcase_add_test(tc, test_exposure_store_counts_inserts_in_the_tally);
	tcase_add_test(tc, test_exposure_store_plain_rows_match_as_read_whole);
	tcase_add_test(tc, test_exposure_store_migration_v14_plain);
	suite_add_tcase(s, tc);
	return s;
}
