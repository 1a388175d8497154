/*
 * The exposures list: the priority the store keeps (schema v7) against
 * model/exposure.h's formula, its triggers and migration, the `new` filter
 * and the looks it counts from, CPE patterns, the pages of a CVE and an
 * asset, the row id, and words: the CVEs' index (schema v8) and the plan
 * of a rare word.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/exposure.h"
#include "centinela/model/filter.h"
#include "centinela/store/exposure.h"
#include "centinela/store/list.h"
#include "centinela/store/store.h"
#include "testutil.h"

/*
 * Organizations in energy (weight 9) and finance (5); assets of every
 * criticality in each; CVEs with every KEV/ransomware state and known or
 * unknown scores; every asset exposed to every CVE.
 */
static const char seed[] =
    "INSERT INTO organization(id, name, sector, created_at, updated_at) "
    "VALUES (1, 'CFE', 'energy', 1, 1), (2, 'Banco del Norte', 'finance', "
    "1, 1);"
    "INSERT INTO asset(id, organization_id, name, sector, kind, "
    "criticality, created_at, updated_at) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 10) SELECT i, 1 + i % 2, printf('asset-%02d', i), "
    "CASE i % 2 WHEN 0 THEN 'energy' ELSE 'finance' END, 'server', "
    "1 + i % 5, 1, 1 FROM n;"
    "INSERT INTO vulnerability(id, cve_id, title, is_kev, is_ransomware, "
    "epss, cvss_score, created_at, updated_at) VALUES "
    "(1, 'CVE-2024-00001', 'one', 1, 1, 0.97521, 9.8, 1, 1),"
    "(2, 'CVE-2024-00002', 'two', 1, 0, NULL, 7.5, 1, 1),"
    "(3, 'CVE-2024-00003', 'three', 0, 0, 0.00043, NULL, 1, 1),"
    "(4, 'CVE-2024-00004', 'four', 0, 0, NULL, NULL, 1, 1),"
    "(5, 'CVE-2024-00005', 'five', 0, 0, 0.5, 10, 1, 1);"
    "INSERT INTO exposure(asset_id, vulnerability_id, cpe, matched_at) "
    "SELECT asset.id, vulnerability.id, "
    "'cpe:2.3:a:fortinet:fortios:7.0.' || asset.id || ':*:*:*:*:*:*:*', "
    "100 * asset.id FROM asset, vulnerability;" TEST_SQL_EXPOSURE_TERMS;

static struct store *
seeded(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_sql(s, seed), 0);
	return s;
}

/* Rows of list ent matching filter src. */
static int64_t
count(struct store *s, enum store_entity ent, const char *src)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	int64_t n = -1;
	struct err e;

	err_clear(&e);
	ck_assert_msg(filter_parse(src, &f, &e) == 0, "%s: %s", src, e.msg);
	store_list_opts_init(&o);
	o.filter = f;
	ck_assert_msg(store_count(s, ent, &o, &n, &e) == 0, "%s: %s", src,
	              e.msg);
	filter_free(f);
	return n;
}

/* Every stored priority is the formula's, from the rows' own terms. */
static void
assert_priorities(struct store *s)
{
	struct exposure *rows = NULL;
	size_t n = 0;
	struct err e;

	for (int64_t a = 1; a <= 10; a++) {
		ck_assert_msg(
		    store_exposures_of_asset(s, a, 100, &rows, &n, &e) == 0,
		    "%s", e.msg);
		ck_assert_uint_eq(n, 5);
		for (size_t i = 0; i < n; i++) {
			const struct exposure *x = &rows[i];
			int want = exposure_priority_score(
			    x->is_kev, x->is_ransomware, x->epss, x->cvss,
			    x->criticality, x->sector_weight);

			ck_assert_msg(x->priority == want,
			              "%s on %s: %d, want %d", x->cve_id,
			              x->asset, x->priority, want);
			/* the highest first */
			if (i)
				ck_assert_int_le(x->priority,
				                 rows[i - 1].priority);
		}
		for (size_t i = 0; i < n; i++)
			exposure_release(&rows[i]);
		free(rows);
	}
}

START_TEST(test_exposure_list_priority_formula)
{
	/* 25 + 10 + 20 x 0.97521 + 2 x 9.8 + 4 x 4 + 9 = 99.1 */
	ck_assert_int_eq(
	    exposure_priority_score(true, true, 0.97521, 9.8, 5, 9), 99);
	ck_assert_int_eq(exposure_priority_score(true, true, 1, 10, 5, 9), 100);
	ck_assert_int_eq(exposure_priority_score(false, false, -1, -1, 1, 0),
	                 0);
	/* 20 x 0.5 + 2 x 10 + 0 + 5 = 35; unknown scores count 0 */
	ck_assert_int_eq(exposure_priority_score(false, false, 0.5, 10, 1, 5),
	                 35);
	ck_assert_int_eq(exposure_priority_score(true, false, -1, 7.5, 3, 5),
	                 53);
	/* 0.5 rounds away from zero: 20 x 0.025 = 0.5 */
	ck_assert_int_eq(exposure_priority_score(false, false, 0.025, -1, 1, 0),
	                 1);
}
END_TEST

START_TEST(test_exposure_list_priority_stored_and_kept)
{
	struct store *s = seeded();
	int64_t before;

	assert_priorities(s);
	/* the lifeline sectors weigh 9, the others 5 */
	ck_assert_int_eq(test_store_int(s, "SELECT priority_weight FROM sector "
	                                   "WHERE code = 'energy'"),
	                 9);
	ck_assert_int_eq(test_store_int(s, "SELECT priority_weight FROM sector "
	                                   "WHERE code = 'finance'"),
	                 5);
	/* each term changes it: KEV, ransomware, CVSS, criticality, sector */
	before = test_store_int(s, "SELECT priority FROM exposure WHERE "
	                           "asset_id = 2 AND vulnerability_id = 4");
	ck_assert_int_eq(test_store_sql(s, "UPDATE vulnerability SET is_kev = "
	                                   "1, is_ransomware = 1, cvss_score "
	                                   "= 5 WHERE id = 4"),
	                 0);
	ck_assert_int_eq(test_store_int(s,
	                                "SELECT priority FROM exposure WHERE "
	                                "asset_id = 2 AND vulnerability_id "
	                                "= 4"),
	                 before + 45);
	ck_assert_int_eq(test_store_sql(s, "UPDATE asset SET criticality = 5, "
	                                   "sector = 'water' WHERE id = 3; "
	                                   "UPDATE sector SET priority_weight "
	                                   "= 2 WHERE code = 'finance'"),
	                 0);
	assert_priorities(s);
	/* an EPSS score arriving reaches it through the vulnerability row */
	ck_assert_int_eq(test_store_sql(s, "INSERT INTO epss(cve_id, score, "
	                                   "percentile, scored_at, updated_at)"
	                                   " VALUES ('CVE-2024-00004', 1, 1, "
	                                   "1, 1)"),
	                 0);
	assert_priorities(s);
	ck_assert_int_eq(
	    count(s, STORE_EXPOSURES, "epss>=1 cve:cve-2024-00004"), 10);
	store_close(s);
}
END_TEST

/* A cache of schema 6 with exposures gets their ids and priorities. */
START_TEST(test_exposure_list_migration_computes_priority)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct exposure x;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_sql(s, seed), 0);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V6), 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	assert_priorities(s);
	exposure_init(&x);
	ck_assert_msg(store_exposure_get(s, (INT64_C(1) << 32) + 2, &x, &e) ==
	                  0,
	              "%s", e.msg);
	ck_assert_str_eq(x.asset, "asset-02");
	ck_assert_str_eq(x.cve_id, "CVE-2024-00001");
	ck_assert_str_eq(x.organization, "CFE");
	ck_assert_int_eq(x.meta.id, (INT64_C(1) << 32) + 2);
	/* 25 + 10 + 19.5042 + 19.6 + 4 x 2 + 9 = 91.1 */
	ck_assert_int_eq(x.priority, 91);
	ck_assert_int_eq(store_exposure_get(s, (INT64_C(9) << 32) + 2, &x, &e),
	                 ERR_NOTFOUND);
	exposure_release(&x);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* The integer sql reads from the cache file at path, as it is. */
static long long
file_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/*
 * Schema v13: a cache of v12 gets its exposures keyed and numbered by CVE
 * first (row id CVE * 2^32 + asset), every row and its priority kept, and
 * the triggers of other tables that write or count them still do: a CVE
 * entering KEV marks its exposures, an asset deleted takes its own with
 * it and out of its sector's tally.
 */
START_TEST(test_exposure_list_migration_v13_cve_first)
{
	static const char ids_asset_first[] =
	    "SELECT count(*) FROM exposure WHERE id = asset_id * 4294967296 + "
	    "vulnerability_id";
	static const char ids_cve_first[] =
	    "SELECT count(*) FROM exposure WHERE id = vulnerability_id * "
	    "4294967296 + asset_id";
	static const char pk_cve_first[] =
	    "SELECT (SELECT name FROM pragma_index_xinfo((SELECT name FROM "
	    "pragma_index_list('exposure') WHERE origin = 'pk')) WHERE seqno = "
	    "0) = 'vulnerability_id'";
	static const char tally_matches[] =
	    "SELECT (SELECT sum(n) FROM exposure_tally) = (SELECT count(*) FROM "
	    "exposure)";
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct exposure x;
	long long priorities;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_sql(s, seed), 0);
	ck_assert_int_eq(test_store_sql(s,
	                                "INSERT INTO exposure_tally(sector, "
	                                "n, n_kev) SELECT a.sector, "
	                                "count(*), count(x.kev_at) FROM "
	                                "exposure x JOIN asset a ON a.id = "
	                                "x.asset_id GROUP BY 1 ON CONFLICT "
	                                "DO UPDATE SET n = excluded.n, n_kev "
	                                "= excluded.n_kev"),
	                 0);
	priorities = test_store_int(s, "SELECT sum(priority) FROM exposure");
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(file_int(path, ids_asset_first), 50);
	ck_assert_int_eq(file_int(path, pk_cve_first), 0);
	ck_assert_int_eq(file_int(path, "PRAGMA user_version"), 12);

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(test_store_int(s, ids_cve_first), 50);
	ck_assert_int_eq(test_store_int(s, "SELECT sum(priority) FROM "
	                                   "exposure"),
	                 priorities);
	ck_assert_int_eq(test_store_int(s, tally_matches), 1);
	ck_assert_int_eq(test_store_int(s, pk_cve_first), 1);
	assert_priorities(s);
	exposure_init(&x);
	ck_assert_msg(store_exposure_get(s, (INT64_C(4) << 32) + 7, &x, &e) ==
	                  0,
	              "%s", e.msg);
	ck_assert_str_eq(x.asset, "asset-07");
	ck_assert_str_eq(x.cve_id, "CVE-2024-00004");
	ck_assert(!x.is_kev);
	exposure_release(&x);
	/* vulnerability_kev_au, a trigger of another table */
	ck_assert_int_eq(test_store_sql(s, "UPDATE vulnerability SET is_kev = "
	                                   "1, updated_at = 5 WHERE id = 4"),
	                 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE vulnerability_id = 4 AND "
	                                   "kev_at = 5"),
	                 10);
	/* the foreign key's cascade, and the tally's triggers */
	ck_assert_int_eq(
	    test_store_sql(s, "DELETE FROM asset WHERE name = 'asset-07'"), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"),
	                 45);
	ck_assert_int_eq(test_store_int(s, tally_matches), 1);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* `new`: found after the analyst last looked at the list. */
START_TEST(test_exposure_list_new_since_the_last_look)
{
	struct store *s = seeded();
	struct err e;

	/* never looked at: all are new (matched at 100 to 1000) */
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new"), 50);
	ck_assert_int_eq(store_list_look(s, STORE_EXPOSURES, 450, &e), 0);
	/* found after 450: assets 5 to 10 */
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new"), 30);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new:yes"), 30);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new:no"), 20);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "!new"), 20);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new kev:yes"), 12);
	/* a word elsewhere stays a word */
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new*"), 0);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "three"), 10);
	ck_assert_int_eq(store_list_look(s, STORE_EXPOSURES, 950, &e), 0);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new"), 5);
	ck_assert_int_eq(store_list_look(s, STORE_EXPOSURES, 2000, &e), 0);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new"), 0);
	/* other lists keep looks of their own */
	ck_assert_int_eq(store_list_look(s, STORE_ASSETS, 1, &e), 0);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "new"), 0);
	store_close(s);
}
END_TEST

START_TEST(test_exposure_list_filters)
{
	struct store *s = seeded();
	struct store_list_opts o;
	struct filter *f = NULL;
	struct err e;

	ck_assert_int_eq(count(s, STORE_EXPOSURES, "kev:yes"), 20);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "ransomware:yes"), 10);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "epss>=0.5"), 20);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "epss<0.5"), 10);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "cvss>=9.8"), 20);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "criticality>=4"), 20);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "sector:energy"), 25);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "org:cfe"), 25);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "asset:ASSET-03"), 5);
	ck_assert_int_eq(
	    count(s, STORE_EXPOSURES, "cve:cve-2024-00001,CVE-2024-00002"), 20);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "priority>=90"),
	                 test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE priority >= 90"));
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "matched>=1970-01-01"), 50);
	/* values out of range say what they take */
	err_clear(&e);
	ck_assert_int_eq(filter_parse("epss>1.5", &f, &e), 0);
	store_list_opts_init(&o);
	o.filter = f;
	ck_assert_int_eq(store_list_check(s, STORE_EXPOSURES, &o, &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "'epss' takes a number from 0 to 1, not '1.5'");
	filter_free(f);
	/* the vulnerabilities have epss and cvss too */
	ck_assert_int_eq(count(s, STORE_VULNERABILITIES, "epss>0.9 cvss>=9"),
	                 1);
	store_close(s);
}
END_TEST

/* cpe: takes whole names and patterns, on assets and on exposures. */
START_TEST(test_exposure_list_cpe_patterns)
{
	struct store *s = seeded();

	ck_assert_int_eq(
	    test_store_sql(
	        s,
	        "INSERT INTO asset_cpe(asset_id, cpe, part, vendor, product) "
	        "SELECT i, c, cpe_key(c, 0), cpe_key(c, 1), cpe_key(c, 2) "
	        "FROM (SELECT 1 AS i, 'cpe:2.3:a:fortinet:fortios:7.0.1:*:*:"
	        "*:*:*:*:*' AS c UNION ALL SELECT 2, 'cpe:2.3:a:fortinet:"
	        "fortimanager:7.2:*:*:*:*:*:*:*' UNION ALL SELECT 3, "
	        "'cpe:2.3:o:fortinet:fortios:6.4:*:*:*:*:*:*:*' UNION ALL "
	        "SELECT 4, 'cpe:2.3:a:micro_focus:netiq:1.0:*:*:*:*:*:*:*'"
	        " UNION ALL SELECT 5, 'cpe:2.3:a:microxfocus:netiq:1.0:*:*:"
	        "*:*:*:*:*')"),
	    0);
	ck_assert_int_eq(count(s, STORE_ASSETS, "cpe:cpe:2.3:a:fortinet:*"), 2);
	ck_assert_int_eq(count(s, STORE_ASSETS, "cpe:cpe:2.3:*:fortinet:*"), 3);
	ck_assert_int_eq(count(s, STORE_ASSETS, "cpe:CPE:2.3:A:FORTINET:*"), 2);
	ck_assert_int_eq(count(s, STORE_ASSETS, "cpe:cpe:2.3:?:fortinet:*"), 0);
	ck_assert_int_eq(
	    count(s, STORE_ASSETS, "cpe:cpe:2.3:a:fortinet:forti*"), 2);
	ck_assert_int_eq(count(s, STORE_ASSETS,
	                       "cpe:cpe:2.3:*:*:fortios:*,cpe:2.3:a:micro*"),
	                 4);
	/* '_' and '%' are themselves, not LIKE's wildcards */
	ck_assert_int_eq(count(s, STORE_ASSETS, "cpe:cpe:2.3:a:micro_*"), 1);
	ck_assert_int_eq(count(s, STORE_ASSETS, "cpe:cpe:2.3:a:micro%*"), 0);
	/* a whole name matches itself, and its ANY fields take values */
	ck_assert_int_eq(
	    count(s, STORE_ASSETS,
	          "cpe:cpe:2.3:a:fortinet:fortimanager:7.2:*:*:*:*:*:*:*"),
	    1);
	ck_assert_int_eq(
	    count(s, STORE_ASSETS, "cpe:cpe:2.3:a:fortinet:fortimanager:7.2"),
	    0);
	ck_assert_int_eq(count(s, STORE_ASSETS, "!cpe:cpe:2.3:a:fortinet:*"),
	                 8);
	/* exposures match the name that matched */
	ck_assert_int_eq(
	    count(s, STORE_EXPOSURES, "cpe:cpe:2.3:a:fortinet:fortios:7.0.1*"),
	    10);
	ck_assert_int_eq(
	    count(s, STORE_EXPOSURES,
	          "cpe:cpe:2.3:a:fortinet:fortios:7.0.3:*:*:*:*:*:*:*"),
	    5);
	store_close(s);
}
END_TEST

/* A CVE's page: its assets by sector and organization, priority first. */
START_TEST(test_exposure_list_of_a_cve_grouped)
{
	struct store *s = seeded();
	struct exposure *rows = NULL;
	size_t n = 0;
	struct err e;

	ck_assert_int_eq(test_store_sql(s, "UPDATE asset SET criticality = 1 "
	                                   "WHERE id = 9"),
	                 0);
	ck_assert_msg(
	    store_exposures_of_vulnerability(s, 2, 100, &rows, &n, &e) == 0,
	    "%s", e.msg);
	ck_assert_uint_eq(n, 10);
	for (size_t i = 0; i < n; i++) {
		/* energy (CFE) first, then finance (Banco del Norte) */
		ck_assert_str_eq(rows[i].sector, i < 5 ? "energy" : "finance");
		ck_assert_str_eq(rows[i].organization,
		                 i < 5 ? "CFE" : "Banco del Norte");
		ck_assert_str_eq(rows[i].cve_id, "CVE-2024-00002");
		if (i % 5)
			ck_assert_int_le(rows[i].priority,
			                 rows[i - 1].priority);
	}
	ck_assert_str_eq(rows[9].asset, "asset-09");
	for (size_t i = 0; i < n; i++)
		exposure_release(&rows[i]);
	free(rows);
	ck_assert_int_eq(
	    store_exposures_of_vulnerability(s, 2, 3, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 3);
	for (size_t i = 0; i < n; i++)
		exposure_release(&rows[i]);
	free(rows);
	store_close(s);
}
END_TEST

/*
 * The default sort walks the priority index; new its own test above. A
 * row's asset, organization, sector and CVE are joined to it, each by
 * its key after the walk's row, not read by a subquery per column.
 */
START_TEST(test_exposure_list_plan)
{
	struct store *s = seeded();
	struct store_list_opts o;
	char *plan = NULL, *walk, *asset, *vuln;
	struct err e;

	store_list_opts_init(&o);
	ck_assert_int_eq(store_list_explain(s, STORE_EXPOSURES, &o, &plan, &e),
	                 0);
	walk = strstr(plan, "SCAN exposure USING INDEX exposure_priority");
	asset = strstr(plan, "SEARCH asset USING INTEGER PRIMARY KEY");
	vuln = strstr(plan, "SEARCH vulnerability USING INTEGER PRIMARY KEY");
	ck_assert_msg(walk && asset && vuln && walk < asset && walk < vuln &&
	                  strstr(plan, "SEARCH organization") &&
	                  strstr(plan, "SEARCH sector") &&
	                  !strstr(plan, "SUBQUERY") &&
	                  !strstr(plan, "TEMP B-TREE"),
	              "%s", plan);
	free(plan);
	o.sort = "matched";
	ck_assert_int_eq(store_list_explain(s, STORE_EXPOSURES, &o, &plan, &e),
	                 0);
	ck_assert_msg(strstr(plan, "exposure_matched") &&
	                  !strstr(plan, "TEMP B-TREE"),
	              "%s", plan);
	free(plan);
	/*
	 * One CVE's or asset's exposures, and the new ones, are read
	 * through their index (and sorted: a few thousand at most), not
	 * by a walk of the whole list; sorted by when found, the new ones
	 * are a range of its index.
	 */
	{
		static const char *const cases[][3] = {
		    {"cve:CVE-2024-00001", NULL,
		     "SEARCH exposure USING INDEX exposure_vuln_priority"},
		    {"asset:asset-01 kev:yes", NULL,
		     "SEARCH exposure USING INDEX exposure_asset_priority"},
		    {"new", NULL,
		     "SEARCH exposure USING INDEX exposure_matched "
		     "(matched_at>?)"},
		    {"new:no", "matched", "USING INDEX exposure_matched"},
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct filter *f = NULL;

			ck_assert_int_eq(filter_parse(cases[i][0], &f, &e), 0);
			o.filter = f;
			o.sort = cases[i][1];
			ck_assert_int_eq(store_list_explain(s, STORE_EXPOSURES,
			                                    &o, &plan, &e),
			                 0);
			ck_assert_msg(
			    strstr(plan, cases[i][2]) &&
			        (!cases[i][1] || !strstr(plan, "TEMP B-TREE")),
			    "%s: %s", cases[i][0], plan);
			free(plan);
			filter_free(f);
		}
	}
	store_close(s);
}
END_TEST

/* Rows of table matching an FTS query, and the index checked whole. */
static long long
fts_count(struct store *s, const char *table, const char *match)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	         "INSERT INTO %s(%s, rank) VALUES ('integrity-check', 1)",
	         table, table);
	ck_assert_msg(test_store_sql(s, sql) == 0, "%s out of step", table);
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM %s WHERE %s MATCH '%s'", table, table,
	         match);
	return test_store_int(s, sql);
}

/*
 * vulnerability_fts (schema v8) follows the CVEs' texts: inserted,
 * retitled, deleted; an update of other columns (a day's EPSS scores, an
 * NVD upsert of the same texts) queues nothing for it.
 */
START_TEST(test_exposure_list_vulnerability_words_kept)
{
	struct store *s = seeded();
	struct err e;

	ck_assert_int_eq(fts_count(s, "vulnerability_fts", "three"), 1);
	ck_assert_int_eq(fts_count(s, "vulnerability_fts", "cve"), 5);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE vulnerability SET title = 'tres' "
	                      "WHERE id = 3"),
	    0);
	ck_assert_int_eq(fts_count(s, "vulnerability_fts", "three"), 0);
	ck_assert_int_eq(fts_count(s, "vulnerability_fts", "tres"), 1);
	ck_assert_msg(store_begin(s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE vulnerability SET epss = 0.2, "
	                      "title = title, description = description"),
	    0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM fts_pending"),
	                 0);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE vulnerability SET description = "
	                      "'a heap overflow' WHERE id = 4"),
	    0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM fts_pending"),
	                 1);
	ck_assert_msg(store_commit(s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(fts_count(s, "vulnerability_fts", "overflow"), 1);
	ck_assert_int_eq(count(s, STORE_VULNERABILITIES, "heap"), 1);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "heap"), 10);
	ck_assert_int_eq(
	    test_store_sql(s, "DELETE FROM exposure WHERE vulnerability_id = 4;"
	                      "DELETE FROM vulnerability WHERE id = 4"),
	    0);
	ck_assert_int_eq(fts_count(s, "vulnerability_fts", "overflow"), 0);
	ck_assert_int_eq(count(s, STORE_VULNERABILITIES, "heap"), 0);
	store_close(s);
}
END_TEST

/* A cache of schema v7 gets the index of the CVEs it holds. */
START_TEST(test_exposure_list_migration_indexes_words)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(test_store_sql(s, seed), 0);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V7), 0);
	ck_assert_int_eq(test_sql(path, "UPDATE vulnerability SET title = "
	                                "'cuatro' WHERE id = 4"),
	                 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(fts_count(s, "vulnerability_fts", "cuatro"), 1);
	ck_assert_int_eq(count(s, STORE_VULNERABILITIES, "cuatro"), 1);
	ck_assert_int_eq(count(s, STORE_EXPOSURES, "cuatro"), 10);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

/* Plan of the first page of filter src. */
static char *
page_plan(struct store *s, const char *src)
{
	struct store_list_opts o;
	struct filter *f = NULL;
	char *plan = NULL;
	struct err e;

	ck_assert_int_eq(filter_parse(src, &f, &e), 0);
	store_list_opts_init(&o);
	o.filter = f;
	ck_assert_msg(store_list_explain(s, STORE_EXPOSURES, &o, &plan, &e) ==
	                  0,
	              "%s: %s", src, e.msg);
	filter_free(f);
	return plan;
}

/*
 * A rare word (one asset's name, one CVE, a word nothing has) reads its
 * exposures through the indexes of its CVEs and assets and sorts them; it
 * never walks the list's sort index, which for a word matching nothing is
 * the whole list. The small seed's words are all rare: every one of them
 * is planned so.
 */
START_TEST(test_exposure_list_rare_word_plan)
{
	static const char *const words[] = {"asset-03",    "CVE-2024-00002",
	                                    "zzq",         "asset-03 two",
	                                    "two kev:yes", "fortinet*"};
	struct store *s = seeded();

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char *plan = page_plan(s, words[i]);

		ck_assert_msg(!strstr(plan, "exposure_priority") &&
		                  !strstr(plan, "exposure_matched") &&
		                  strstr(plan, "TEMP B-TREE") &&
		                  strstr(plan, "SCAN vulnerability_fts") &&
		                  strstr(plan, "SCAN asset_fts") &&
		                  strstr(plan, "SEARCH exposure USING PRIMARY "
		                               "KEY (vulnerability_id=? AND "
		                               "asset_id=?)"),
		              "%s:\n%s", words[i], plan);
		free(plan);
	}
	store_close(s);
}
END_TEST

Suite *
exposure_list_suite(void)
{
	Suite *s = suite_create("exposure_list");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_exposure_list_priority_formula);
	tcase_add_test(tc, test_exposure_list_priority_stored_and_kept);
	tcase_add_test(tc, test_exposure_list_migration_computes_priority);
	tcase_add_test(tc, test_exposure_list_migration_v13_cve_first);
	tcase_add_test(tc, test_exposure_list_new_since_the_last_look);
	tcase_add_test(tc, test_exposure_list_filters);
	tcase_add_test(tc, test_exposure_list_cpe_patterns);
	tcase_add_test(tc, test_exposure_list_of_a_cve_grouped);
	tcase_add_test(tc, test_exposure_list_plan);
	tcase_add_test(tc, test_exposure_list_vulnerability_words_kept);
	tcase_add_test(tc, test_exposure_list_migration_indexes_words);
	tcase_add_test(tc, test_exposure_list_rare_word_plan);
	suite_add_tcase(s, tc);
	return s;
}
