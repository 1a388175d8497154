/*
 * Exposure alerts: the rule (src/model/exposure_alert.c) and the store's
 * raising of them (src/store/exposure_alert.c) on each of its triggers.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/setting.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/epss.h"
#include "centinela/model/exposure_alert.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/edit.h"
#include "centinela/store/epss.h"
#include "centinela/store/exposure.h"
#include "centinela/store/exposure_alert.h"
#include "centinela/store/list.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "centinela/store/vulnerability.h"
#include "centinela/sync/apply.h"
#include "testutil.h"

#define CVE      "CVE-2024-3400"
#define CPE_VULN "cpe:2.3:o:paloaltonetworks:pan-os:11.1.0:*:*:*:*:*:*:*"
#define CPE_SAFE "cpe:2.3:o:paloaltonetworks:pan-os:11.1.3:*:*:*:*:*:*:*"

/* Store asset name of criticality crit with one CPE name; its row id. */
static int64_t
put_asset(struct store *s, const char *name, int crit, const char *cpe)
{
	struct asset a;
	struct err e;
	int64_t id;

	asset_init(&a);
	a.organization_id = 1;
	a.name = xstrdup(name);
	a.criticality = crit;
	strvec_push(&a.cpes, cpe);
	ck_assert_msg(store_asset_upsert(s, &a, NULL, &e) == 0, "%s", e.msg);
	id = a.meta.id;
	asset_release(&a);
	return id;
}

/*
 * Store CVE: PAN-OS before 11.1.2 vulnerable, listed in KEV or not, with
 * CVSS 10.0 (is_kev as given: a record without the listing leaves it).
 */
static void
put_cve(struct store *s, bool is_kev)
{
	struct vulnerability v;
	struct err e;

	vulnerability_init(&v);
	v.cve_id = xstrdup(CVE);
	v.title = xstrdup("Palo Alto Networks PAN-OS Command Injection");
	v.cvss_score = 10.0;
	v.is_kev = is_kev;
	if (is_kev)
		v.kev_due_at = 1713398400; /* 2024-04-18 */
	v.cpes = xcalloc(1, sizeof(*v.cpes));
	v.n_cpes = 1;
	v.cpes[0].criteria =
	    xstrdup("cpe:2.3:o:paloaltonetworks:pan-os:*:*:*:*:*:*:*:*");
	v.cpes[0].version_start_incl = xstrdup("11.1.0");
	v.cpes[0].version_end_excl = xstrdup("11.1.2");
	v.cpes[0].is_vulnerable = true;
	ck_assert_msg(store_vulnerability_upsert(s, &v, NULL, &e) == 0, "%s",
	              e.msg);
	vulnerability_release(&v);
}

/* Store an EPSS score of CVE for day (Unix seconds). */
static void
put_epss(struct store *s, double score, int64_t day)
{
	struct epss_score sc;
	struct err e;

	epss_score_init(&sc);
	sc.cve_id = xstrdup(CVE);
	sc.score = score;
	sc.percentile = 0.9;
	sc.scored_at = day;
	ck_assert_msg(store_epss_upsert(s, "epss", &sc, NULL, &e) == 0, "%s",
	              e.msg);
	epss_score_release(&sc);
}

static long long
alerts(struct store *s)
{
	return test_store_int(s, "SELECT count(*) FROM alert WHERE source = "
	                         "'exposure'");
}

/* The one exposure alert, read back. */
static void
the_alert(struct store *s, struct alert *a)
{
	struct err e;
	int64_t id =
	    test_store_int(s, "SELECT id FROM alert WHERE source = 'exposure'");

	ck_assert_msg(store_alert_get(s, id, a, &e) == 0, "%s", e.msg);
}

/* ---- the rule (model) ---- */

START_TEST(test_exposure_alert_rule_model)
{
	struct exposure_rule r;
	struct exposure_facts f = {
	    .asset_id = 7,
	    .asset = "scada-1",
	    .criticality = 4,
	    .organization = "CFE",
	    .sector = "energy",
	    .cpe = CPE_VULN,
	    .cve_id = CVE,
	    .is_kev = false,
	    .epss = 0.094,
	    .epss_percentile = 0.9,
	    .cvss = 6.1,
	};
	struct alert a;
	double v = -1;

	exposure_rule_default(&r);
	ck_assert_int_eq(r.criticality, 4);
	ck_assert(r.epss == 0.1);
	ck_assert(!exposure_qualifies(&r, &f)); /* EPSS below 0.1 */
	f.epss = 0.1;
	ck_assert(exposure_qualifies(&r, &f)); /* at the threshold */
	f.criticality = 3;
	ck_assert(!exposure_qualifies(&r, &f));
	f.criticality = 4;
	f.epss = -1;
	f.is_kev = true;
	ck_assert(exposure_qualifies(&r, &f));
	/* severity: the higher of criticality and CVSS */
	ck_assert_int_eq(exposure_alert_severity(&f), SEVERITY_HIGH);
	f.cvss = 9.0;
	ck_assert_int_eq(exposure_alert_severity(&f), SEVERITY_CRITICAL);
	f.cvss = -1;
	f.criticality = 2;
	ck_assert_int_eq(exposure_alert_severity(&f), SEVERITY_LOW);
	f.criticality = 5;
	ck_assert_int_eq(exposure_alert_severity(&f), SEVERITY_CRITICAL);

	f.criticality = 4;
	f.cvss = 6.1;
	f.epss = 0.94;
	f.is_ransomware = true;
	alert_init(&a);
	exposure_alert_build(&r, &f, 1000, &a);
	ck_assert_str_eq(a.title,
	                 CVE " exposes scada-1 (KEV, ransomware, EPSS 0.94)");
	ck_assert_str_eq(a.meta.source, "exposure");
	ck_assert_str_eq(a.meta.remote_id, "asset:7:" CVE);
	ck_assert_str_eq(a.feed_name, "exposure");
	ck_assert_str_eq(a.taxonomy_class, "vulnerable");
	ck_assert_int_eq(a.severity, SEVERITY_HIGH);
	ck_assert_int_eq(a.asset_id, 7);
	ck_assert_int_eq(a.observed_at, 1000);
	ck_assert_ptr_nonnull(strstr(a.description, "criticality 4, CFE"));
	ck_assert_ptr_nonnull(strstr(a.description, "through " CPE_VULN));
	ck_assert_ptr_nonnull(strstr(a.description, "ransomware"));
	ck_assert_ptr_nonnull(strstr(a.description, "at or above"));
	alert_release(&a);

	ck_assert_int_eq(exposure_rule_parse_epss("0.05", &v), 0);
	ck_assert(v == 0.05);
	ck_assert_int_eq(exposure_rule_parse_epss("1", &v), 0);
	ck_assert_int_eq(exposure_rule_parse_epss(".5", &v), 0);
	ck_assert(v == 0.5);
	ck_assert_int_eq(exposure_rule_parse_epss("1.5", &v), ERR_INVALID);
	ck_assert_int_eq(exposure_rule_parse_epss("-0.1", &v), ERR_INVALID);
	ck_assert_int_eq(exposure_rule_parse_epss("nan", &v), ERR_INVALID);
	ck_assert_int_eq(exposure_rule_parse_epss("0.1x", &v), ERR_INVALID);
	ck_assert_int_eq(exposure_rule_parse_epss("", &v), ERR_INVALID);
	ck_assert(v == 0.5);
}
END_TEST

/* ---- the three triggers ---- */

/* An exposure that appears for a CVE already in KEV. */
START_TEST(test_exposure_alert_new_exposure_of_kev_cve)
{
	struct store *s = test_store_with_org();
	struct store_exposure_tally t;
	struct alert a;
	int64_t id;

	put_cve(s, true);
	ck_assert_int_eq(alerts(s), 0);
	id = put_asset(s, "fw-hq", 5, CPE_VULN);
	ck_assert_int_eq(alerts(s), 1);
	the_alert(s, &a);
	ck_assert_str_eq(a.title, CVE " exposes fw-hq (KEV)");
	ck_assert_int_eq(a.severity, SEVERITY_CRITICAL);
	ck_assert_int_eq(a.status, ALERT_NEW);
	ck_assert_int_eq(a.asset_id, id);
	ck_assert_int_eq(a.organization_id, 1);
	ck_assert_str_eq(a.sector, "energy");
	ck_assert_ptr_nonnull(strstr(a.description, "action due 2024-04-18"));
	store_exposure_alerts_tally(s, &t);
	ck_assert_int_eq(t.raised, 1);
	ck_assert_int_eq(t.last_alert_id, a.meta.id);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "exposure_alert WHERE reason = "
	                                   "'KEV'"),
	                 1);
	/* the asset outside the bounds is not exposed, nor alerted */
	put_asset(s, "fw-branch", 5, CPE_SAFE);
	ck_assert_int_eq(alerts(s), 1);
	alert_release(&a);
	store_close(s);
}
END_TEST

/* The CVE of an existing exposure enters KEV. */
START_TEST(test_exposure_alert_cve_enters_kev)
{
	struct store *s = test_store_with_org();

	put_asset(s, "fw-hq", 4, CPE_VULN);
	put_cve(s, false);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 1);
	ck_assert_int_eq(alerts(s), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE kev_at IS NOT NULL"),
	                 0);
	put_cve(s, true);
	ck_assert_int_eq(alerts(s), 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE kev_at IS NOT NULL"),
	                 1);
	/* the same listing again raises nothing more */
	put_cve(s, true);
	ck_assert_int_eq(alerts(s), 1);
	store_close(s);
}
END_TEST

/* The CVE's EPSS score crosses the threshold. */
START_TEST(test_exposure_alert_epss_crosses_threshold)
{
	struct store *s = test_store_with_org();
	struct alert a;

	put_asset(s, "fw-hq", 4, CPE_VULN);
	put_cve(s, false);
	put_epss(s, 0.05, 86400 * 20000);
	ck_assert_int_eq(alerts(s), 0);
	put_epss(s, 0.0999, 86400 * 20001);
	ck_assert_int_eq(alerts(s), 0);
	put_epss(s, 0.31, 86400 * 20002);
	ck_assert_int_eq(alerts(s), 1);
	the_alert(s, &a);
	ck_assert_str_eq(a.title, CVE " exposes fw-hq (EPSS 0.31)");
	ck_assert_int_eq(a.severity, SEVERITY_CRITICAL); /* CVSS 10 */
	alert_release(&a);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "exposure_alert WHERE reason = "
	                                   "'EPSS'"),
	                 1);
	/* a score that falls and rises again raises nothing more */
	put_epss(s, 0.01, 86400 * 20003);
	put_epss(s, 0.5, 86400 * 20004);
	ck_assert_int_eq(alerts(s), 1);
	store_close(s);
}
END_TEST

/* A score stored before the CVE: the exposure qualifies as it appears. */
START_TEST(test_exposure_alert_epss_before_the_cve)
{
	struct store *s = test_store_with_org();

	put_epss(s, 0.5, 86400 * 20000);
	put_cve(s, false);
	ck_assert_int_eq(alerts(s), 0);
	put_asset(s, "fw-hq", 4, CPE_VULN);
	ck_assert_int_eq(alerts(s), 1);
	store_close(s);
}
END_TEST

/*
 * A score stored before the CVE, the asset there already: the exposure
 * the CVE's match adds qualifies at once (the match asks only of a CVE
 * with a score or in KEV, from the row its insert wrote with the score).
 */
START_TEST(test_exposure_alert_epss_then_the_cve_on_an_asset)
{
	struct store *s = test_store_with_org();

	put_asset(s, "fw-hq", 4, CPE_VULN);
	put_epss(s, 0.5, 86400 * 20000);
	ck_assert_int_eq(alerts(s), 0);
	put_cve(s, false);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 1);
	ck_assert_int_eq(alerts(s), 1);
	store_close(s);
}
END_TEST

/* ---- the criticality threshold ---- */

START_TEST(test_exposure_alert_criticality_threshold)
{
	struct store *s = test_store_with_org();
	struct exposure_rule r;
	bool changed;
	struct err e;

	put_cve(s, true);
	put_asset(s, "fw-3", 3, CPE_VULN);
	put_asset(s, "fw-2", 2, CPE_VULN);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 2);
	ck_assert_int_eq(alerts(s), 0);
	/* the asset's criticality rises to the threshold */
	put_asset(s, "fw-3", 4, CPE_VULN);
	ck_assert_int_eq(alerts(s), 1);
	/* a lower threshold alerts what it makes qualify, once */
	exposure_rule_default(&r);
	r.criticality = 2;
	ck_assert_int_eq(store_exposure_rule_set(s, &r, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_eq(alerts(s), 2);
	ck_assert_int_eq(store_exposure_rule_set(s, &r, &changed, &e), 0);
	ck_assert(!changed);
	r.criticality = 6;
	ck_assert_int_eq(store_exposure_rule_set(s, &r, &changed, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(store_exposure_rule_get(s, &r, &e), 0);
	ck_assert_int_eq(r.criticality, 2);
	store_close(s);
}
END_TEST

/* A higher EPSS threshold: a score between the two no longer qualifies. */
START_TEST(test_exposure_alert_epss_threshold_setting)
{
	struct store *s = test_store_with_org();
	struct exposure_rule r;
	struct err e;

	exposure_rule_default(&r);
	r.epss = 0.5;
	ck_assert_int_eq(store_exposure_rule_set(s, &r, NULL, &e), 0);
	put_asset(s, "fw-hq", 5, CPE_VULN);
	put_cve(s, false);
	put_epss(s, 0.3, 86400 * 20000);
	ck_assert_int_eq(alerts(s), 0);
	r.epss = 0.25;
	ck_assert_int_eq(store_exposure_rule_set(s, &r, NULL, &e), 0);
	ck_assert_int_eq(alerts(s), 1);
	store_close(s);
}
END_TEST

/* ---- once ever ---- */

START_TEST(test_exposure_alert_once_ever)
{
	struct store *s = test_store_with_org();
	struct err e;
	int64_t id;

	put_cve(s, true);
	put_asset(s, "fw-hq", 5, CPE_VULN);
	ck_assert_int_eq(alerts(s), 1);
	id = test_store_int(s, "SELECT id FROM alert");
	/* dismissed */
	ck_assert_int_eq(
	    store_alert_set_status(s, id, ALERT_DISMISSED, 0, 2000, &e), 0);
	/* the exposure goes (patched) and comes back (downgraded) */
	put_asset(s, "fw-hq", 5, CPE_SAFE);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	put_asset(s, "fw-hq", 5, CPE_VULN);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 1);
	/* the CVE listed again, everything matched again, a score */
	put_cve(s, true);
	ck_assert_int_eq(store_exposure_rematch_all(s, NULL, NULL, NULL, &e),
	                 0);
	put_epss(s, 0.9, 86400 * 20000);
	ck_assert_int_eq(alerts(s), 1);
	ck_assert_int_eq(test_store_int(s, "SELECT status = 'dismissed' FROM "
	                                   "alert"),
	                 1);
	store_close(s);
}
END_TEST

/* Exposures made before alerts existed are raised by a sweep. */
START_TEST(test_exposure_alert_raise_all)
{
	struct store *s = test_store_with_org();
	int64_t raised = -1;
	struct err e;

	put_cve(s, true);
	put_asset(s, "fw-hq", 5, CPE_VULN);
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM exposure_alert; "
	                                   "DELETE FROM alert"),
	                 0);
	ck_assert_int_eq(store_exposure_alerts_raise_all(s, &raised, &e), 0);
	ck_assert_int_eq(raised, 1);
	ck_assert_int_eq(store_exposure_alerts_raise_all(s, &raised, &e), 0);
	ck_assert_int_eq(raised, 0);
	store_close(s);
}
END_TEST

/*
 * kev_at: when the exposure met a listed CVE (its matching, or the
 * listing); the handover's window reads it; a CVE that leaves KEV clears it.
 */
START_TEST(test_exposure_alert_kev_exposures_between)
{
	struct store *s = test_store_with_org();
	struct store_kev_exposure *rows;
	const char *gone[] = {"CVE-2021-44228"};
	int64_t total, at, retired;
	size_t n;
	struct err e;

	put_asset(s, "fw-hq", 5, CPE_VULN);
	put_asset(s, "fw-lab", 2, CPE_VULN);
	put_cve(s, false);
	ck_assert_int_eq(store_kev_exposures_between(s, 0, INT64_MAX, 10, &rows,
	                                             &n, &total, &e),
	                 0);
	ck_assert_int_eq(total, 0);
	store_kev_exposures_free(rows, n);
	put_cve(s, true);
	at = test_store_int(s, "SELECT min(kev_at) FROM exposure");
	ck_assert_int_gt(at, 0);
	ck_assert_int_eq(
	    store_kev_exposures_between(s, at, at, 1, &rows, &n, &total, &e),
	    0);
	ck_assert_int_eq(total, 2); /* both, whatever their criticality */
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rows[0].asset, "fw-hq"); /* the most critical first */
	ck_assert_str_eq(rows[0].cve_id, CVE);
	ck_assert_str_eq(rows[0].organization, "CFE");
	ck_assert_str_eq(rows[0].sector, "energy");
	ck_assert_int_eq(rows[0].criticality, 5);
	ck_assert_int_eq(rows[0].due_at, 1713398400);
	store_kev_exposures_free(rows, n);
	ck_assert_int_eq(store_kev_exposures_between(s, at + 1, INT64_MAX, 10,
	                                             &rows, &n, &total, &e),
	                 0);
	ck_assert_int_eq(total, 0);
	store_kev_exposures_free(rows, n);
	/* the catalog no longer lists it */
	ck_assert_int_eq(
	    store_vulnerability_kev_retire(s, gone, 1, &retired, &e), 0);
	ck_assert_int_eq(retired, 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure "
	                                   "WHERE kev_at IS NOT NULL"),
	                 0);
	store_close(s);
}
END_TEST

/* An exposure alert is edited here, never queued for a server. */
START_TEST(test_exposure_alert_is_local)
{
	ck_assert_ptr_null(store_outbox_target("exposure"));
	ck_assert_str_eq(store_outbox_target("central"), "central");
}
END_TEST

/* exposure.criticality and exposure.epss reach the cache. */
START_TEST(test_exposure_alert_settings_reach_the_cache)
{
	char *dir = test_tmpdir();
	struct exposure_rule r;
	struct app app;
	struct err e;

	app_init(&app);
	app.db_path = test_path(dir, "cache.db");
	app.is_create = true;
	/* the config file, before the cache opens */
	ck_assert_int_eq(setting_set(&app, "exposure.criticality", "3", &e), 0);
	ck_assert_msg(app_open_store(&app, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_exposure_rule_get(app.store, &r, &e), 0);
	ck_assert_int_eq(r.criticality, 3);
	ck_assert(r.epss == 0.1);
	/* the prompt, with the cache open */
	ck_assert_int_eq(setting_set(&app, "exposure.epss", "0.25", &e), 0);
	ck_assert_int_eq(store_exposure_rule_get(app.store, &r, &e), 0);
	ck_assert(r.epss == 0.25);
	ck_assert_int_eq(setting_set(&app, "exposure.epss", "2", &e),
	                 ERR_INVALID);
	ck_assert_str_eq(e.msg, "invalid value for 'exposure.epss': '2' "
	                        "(expected a number from 0 to 1, such as 0.1)");
	ck_assert_int_eq(setting_set(&app, "exposure.criticality", "0", &e),
	                 ERR_INVALID);
	ck_assert_int_eq(store_exposure_rule_get(app.store, &r, &e), 0);
	ck_assert_int_eq(r.criticality, 3);
	ck_assert(r.epss == 0.25);
	app_release(&app);
	test_rmtree(dir);
}
END_TEST

/* A batch that raises alerts says the alerts changed (the console). */
START_TEST(test_exposure_alert_batch_marks_alerts_changed)
{
	struct store *s = test_store_with_org();
	struct sync_apply_result res;
	struct feed_batch b;
	struct err e;

	put_asset(s, "fw-hq", 5, CPE_VULN);
	put_cve(s, false);
	feed_batch_init(&b);
	b.vulnerabilities = xcalloc(1, sizeof(*b.vulnerabilities));
	b.n_vulnerabilities = 1;
	vulnerability_init(&b.vulnerabilities[0]);
	b.vulnerabilities[0].cve_id = xstrdup(CVE);
	b.vulnerabilities[0].is_kev = true;
	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_msg(sync_apply_batch(s, "kev", &b, &res, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert(res.lists & (1u << STORE_ALERTS));
	ck_assert_int_eq(res.new_alerts, 1);
	ck_assert_int_eq(res.last_alert_id,
	                 test_store_int(s, "SELECT max(id) FROM alert"));
	feed_batch_release(&b);
	store_close(s);
}
END_TEST

Suite *
exposure_alert_suite(void)
{
	Suite *s = suite_create("exposure_alert");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_exposure_alert_rule_model);
	tcase_add_test(tc, test_exposure_alert_new_exposure_of_kev_cve);
	tcase_add_test(tc, test_exposure_alert_cve_enters_kev);
	tcase_add_test(tc, test_exposure_alert_epss_crosses_threshold);
	tcase_add_test(tc, test_exposure_alert_epss_before_the_cve);
	tcase_add_test(tc, test_exposure_alert_epss_then_the_cve_on_an_asset);
	tcase_add_test(tc, test_exposure_alert_criticality_threshold);
	tcase_add_test(tc, test_exposure_alert_epss_threshold_setting);
	tcase_add_test(tc, test_exposure_alert_once_ever);
	tcase_add_test(tc, test_exposure_alert_raise_all);
	tcase_add_test(tc, test_exposure_alert_is_local);
	tcase_add_test(tc, test_exposure_alert_kev_exposures_between);
	tcase_add_test(tc, test_exposure_alert_settings_reach_the_cache);
	tcase_add_test(tc, test_exposure_alert_batch_marks_alerts_changed);
	suite_add_tcase(s, tc);
	return s;
}
