/* Column catalogs and the VIEW.columns settings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/app/setting.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/list.h"

START_TEST(test_columns_defaults)
{
	int idx[COLUMNS_MAX];
	size_t n;
	struct err e;
	const struct column_catalog *cat = columns_catalog("incidents");

	ck_assert_ptr_nonnull(cat);
	ck_assert_int_eq(columns_parse("incidents", NULL, idx, &n, &e), 0);
	ck_assert_uint_eq(n, cat->n_default);
	ck_assert_str_eq(cat->cols[idx[0]].name, "reference");
	ck_assert_ptr_null(columns_catalog("help"));
	for (const char *const *v =
	         (const char *const[]){"incidents", "alerts", "assets",
	                               "organizations", NULL};
	     *v; v++) {
		cat = columns_catalog(*v);
		ck_assert_ptr_nonnull(cat);
		ck_assert_uint_le(cat->n_default, cat->n_cols);
		ck_assert_uint_le(cat->n_cols, COLUMNS_MAX);
	}
}
END_TEST

START_TEST(test_columns_parse_lists)
{
	int idx[COLUMNS_MAX];
	size_t n;
	struct err e;
	const struct column_catalog *cat = columns_catalog("alerts");

	ck_assert_int_eq(
	    columns_parse("alerts", "title, severity  ID", idx, &n, &e), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(cat->cols[idx[0]].name, "title");
	ck_assert_str_eq(cat->cols[idx[1]].name, "severity");
	ck_assert_str_eq(cat->cols[idx[2]].name, "id");
	ck_assert_int_eq(columns_parse("alerts", "title colour", idx, &n, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown alerts column 'colour'"));
	ck_assert_ptr_nonnull(strstr(e.msg, "known: time, severity"));
	ck_assert_int_eq(columns_parse("alerts", "title title", idx, &n, &e),
	                 ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "listed twice"));
	ck_assert_int_eq(columns_parse("alerts", " , ", idx, &n, &e),
	                 ERR_INVALID);
	ck_assert_int_eq(columns_parse("help", "title", idx, &n, &e),
	                 ERR_INVALID);
}
END_TEST

/* Every list has a catalog under the store's name, and its setting. */
START_TEST(test_columns_catalog_per_list)
{
	struct app app;
	struct err e;

	app_init(&app);
	for (int i = 0; i < STORE_ENTITY_COUNT; i++) {
		const struct column_catalog *cat = columns_catalog_of(i);
		char name[64];

		ck_assert_ptr_nonnull(cat);
		ck_assert_int_eq(cat->entity, i);
		ck_assert_str_eq(cat->view, store_entity_name(i));
		ck_assert_ptr_eq(columns_catalog(cat->view), cat);
		snprintf(name, sizeof(name), "%s.columns", cat->view);
		ck_assert_ptr_nonnull(setting_find(name));
		ck_assert_ptr_nonnull(app.columns[i]);
	}
	ck_assert_ptr_null(columns_catalog_of(STORE_ENTITY_COUNT));
	ck_assert_str_eq(app.columns[STORE_VULNERABILITIES],
	                 "cve added due ransomware vendor product title");
	ck_assert_int_eq(
	    setting_set(&app, "vulnerabilities.columns", "cve epss kev", &e),
	    0);
	ck_assert_str_eq(app.columns[STORE_VULNERABILITIES], "cve epss kev");
	ck_assert_int_eq(
	    setting_set(&app, "vulnerabilities.columns", "cve severity", &e),
	    ERR_INVALID);
	ck_assert_ptr_nonnull(
	    strstr(e.msg, "unknown vulnerabilities column 'severity'"));
	ck_assert_str_eq(
	    setting_find("vulnerabilities.columns")->description,
	    "columns of the console's vulnerability list, in order");
	app_release(&app);
}
END_TEST

/* The cell of column name of cat for row, compared and freed. */
static void
assert_cell(const struct column_catalog *cat, const char *name, const void *row,
            const char *want)
{
	int k = columns_index(cat, name);
	char *got;

	ck_assert_int_ge(k, 0);
	got = cat->cols[k].cell(row, 0);
	ck_assert_str_eq(got, want);
	free(got);
}

/* The vulnerabilities' catalog formats its cells for console and CLI. */
START_TEST(test_columns_catalog_cells)
{
	const struct column_catalog *cat =
	    columns_catalog_of(STORE_VULNERABILITIES);
	struct vulnerability v;

	vulnerability_init(&v);
	v.meta.id = 42;
	v.cve_id = xstrdup("CVE-2021-44228");
	v.is_kev = true;
	v.kev_added_at = 1639094400; /* 2021-12-10 */
	v.is_ransomware = true;
	v.cvss_score = 10.0;
	v.epss = -1;
	assert_cell(cat, "cve", &v, "CVE-2021-44228");
	assert_cell(cat, "added", &v, "2021-12-10");
	assert_cell(cat, "due", &v, "");
	assert_cell(cat, "ransomware", &v, "yes");
	assert_cell(cat, "kev", &v, "yes");
	assert_cell(cat, "vendor", &v, "");
	assert_cell(cat, "cvss", &v, "10.0");
	assert_cell(cat, "epss", &v, "");
	assert_cell(cat, "id", &v, "42");
	vulnerability_release(&v);
}
END_TEST

#define NOW 1000000 /* the time of the pages below */

/* The value of the field or text block titled name of a page layout. */
static char *
layout_value(const struct detail_layout *dl, const char *name, const void *row)
{
	for (size_t i = 0; i < dl->n_fields; i++)
		if (strcmp(dl->fields[i].label, name) == 0)
			return dl->fields[i].value(row, NOW);
	for (size_t i = 0; i < dl->n_blocks; i++)
		if (strcmp(dl->blocks[i].title, name) == 0 &&
		    dl->blocks[i].text)
			return dl->blocks[i].text(row);
	ck_abort_msg("no field or block '%s'", name);
	return NULL;
}

/* Each value of the page of entity for row is as cases say (NULL: none). */
static void
assert_page(int entity, const void *row, const char *heading,
            const char *const (*cases)[2], size_t n)
{
	const struct detail_layout *dl = columns_catalog_of(entity)->detail;
	char *got = dl->heading(row);

	ck_assert_str_eq(got, heading);
	free(got);
	for (size_t i = 0; i < n; i++) {
		got = layout_value(dl, cases[i][0], row);
		if (!cases[i][1])
			ck_assert_msg(!got, "%s: '%s', want none", cases[i][0],
			              got);
		else
			ck_assert_msg(got && strcmp(got, cases[i][1]) == 0,
			              "%s: '%s', want '%s'", cases[i][0],
			              got ? got : "(none)", cases[i][1]);
		free(got);
	}
}

/* A vulnerability's page, read alike by `show` and the console. */
START_TEST(test_columns_vulnerability_page)
{
	const struct detail_layout *dl =
	    columns_catalog_of(STORE_VULNERABILITIES)->detail;
	static const struct {
		const char *name, *want;
	} cases[] = {
	    {"KEV", "listed"},
	    {"Added", "2021-12-10"},
	    {"Ransomware", "none known"},
	    {"CVSS", "9.8  CVSS:3.1/AV:N"},
	    {"EPSS", "0.97000"},
	    {"Percentile", ""},
	    {"Source", "kev id CVE-2021-44228 (version 3, dirty)"},
	    {"Required action", ""},
	    {"CPE criteria", "cpe:2.3:a:apache:log4j:*\n"
	                     "cpe:2.3:a:x:y:* (not vulnerable)"},
	};
	struct vulnerability v;
	char *got;

	vulnerability_init(&v);
	v.cve_id = xstrdup("CVE-2021-44228");
	v.title = xstrdup("Log4Shell");
	v.meta.source = xstrdup("kev");
	v.meta.remote_id = xstrdup("CVE-2021-44228");
	v.meta.version = 3;
	v.meta.local_state = LOCAL_DIRTY;
	v.is_kev = true;
	v.kev_added_at = 1639094400;
	v.cvss_score = 9.8;
	v.cvss_vector = xstrdup("CVSS:3.1/AV:N");
	v.epss = 0.97;
	v.epss_percentile = -1;
	v.cpes = xcalloc(2, sizeof(*v.cpes));
	v.n_cpes = 2;
	v.cpes[0].criteria = xstrdup("cpe:2.3:a:apache:log4j:*");
	v.cpes[0].is_vulnerable = true;
	v.cpes[1].criteria = xstrdup("cpe:2.3:a:x:y:*");
	got = dl->heading(&v);
	ck_assert_str_eq(got, "CVE-2021-44228  Log4Shell");
	free(got);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = layout_value(dl, cases[i].name, &v);
		ck_assert_msg(strcmp(got, cases[i].want) == 0,
		              "%s: '%s', want '%s'", cases[i].name, got,
		              cases[i].want);
		free(got);
	}
	for (size_t i = 0; i < dl->n_blocks; i++)
		if (strcmp(dl->blocks[i].title, "CPE criteria") == 0)
			ck_assert_uint_eq(dl->blocks[i].count(&v), 2);
	/* then its affected assets, grouped by sector and organization */
	ck_assert_str_eq(dl->blocks[dl->n_blocks - 1].title, "Affected assets");
	ck_assert(dl->blocks[dl->n_blocks - 1].related->group != NULL);
	ck_assert_str_eq(dl->blocks[dl->n_blocks - 1].related->json_name,
	                 "affected_assets");
	vulnerability_release(&v);
}
END_TEST

/* Every column of every list has a cell; severities carry their element. */
START_TEST(test_columns_incident_cells_and_elements)
{
	const struct column_catalog *cat = columns_catalog_of(STORE_INCIDENTS);
	struct incident inc;
	int k;

	for (int i = 0; i < STORE_ENTITY_COUNT; i++)
		for (size_t c = 0; c < columns_catalog_of(i)->n_cols; c++)
			ck_assert(columns_catalog_of(i)->cols[c].cell != NULL);
	incident_init(&inc);
	inc.reference = xstrdup("MX-2026-00042");
	inc.severity = SEVERITY_HIGH;
	inc.tlp = TLP_AMBER;
	inc.priority = 2;
	inc.opened_at = 1000;
	assert_cell(cat, "reference", &inc, "MX-2026-00042");
	assert_cell(cat, "severity", &inc, "high");
	assert_cell(cat, "priority", &inc, "P2");
	assert_cell(cat, "organization", &inc, "");
	k = columns_index(cat, "severity");
	ck_assert_str_eq(cat->cols[k].element(&inc, 0), "severity.high");
	k = columns_index(cat, "tlp");
	ck_assert_str_eq(cat->cols[k].element(&inc, 0), "tlp.amber");
	ck_assert(cat->cols[columns_index(cat, "title")].element == NULL);
	incident_release(&inc);
}
END_TEST

/*
 * Every list declares its `centinela list` table and its page: each CLI
 * column and each related list's column names a column of its catalog, and
 * each block is text, items or related rows.
 */
START_TEST(test_columns_every_list_has_cli_table_and_page)
{
	for (int i = 0; i < STORE_ENTITY_COUNT; i++) {
		const struct column_catalog *cat = columns_catalog_of(i);
		const struct detail_layout *dl = cat->detail;

		ck_assert_uint_gt(cat->n_cli, 0);
		ck_assert_uint_le(cat->n_cli, COLUMNS_MAX);
		for (size_t c = 0; c < cat->n_cli; c++) {
			ck_assert_msg(columns_index(cat, cat->cli[c].column) >=
			                  0,
			              "%s: cli column '%s'", cat->view,
			              cat->cli[c].column);
			ck_assert_ptr_nonnull(cat->cli[c].header);
		}
		ck_assert_ptr_nonnull(dl);
		ck_assert(dl->heading != NULL);
		ck_assert_uint_gt(dl->n_fields, 0);
		for (size_t f = 0; f < dl->n_fields; f++)
			ck_assert(dl->fields[f].value != NULL);
		for (size_t b = 0; b < dl->n_blocks; b++) {
			const struct detail_block *bl = &dl->blocks[b];
			const struct detail_related *r = bl->related;
			const struct column_catalog *rc;

			ck_assert_msg(!r != !bl->text, "%s: block '%s'",
			              cat->view, bl->title);
			if (!r)
				continue;
			ck_assert(r->fetch != NULL);
			rc = columns_catalog_of(r->entity);
			ck_assert_ptr_nonnull(rc);
			ck_assert_uint_le(r->n_cols, COLUMNS_MAX);
			for (size_t c = 0; c < r->n_cols; c++)
				ck_assert_msg(
				    columns_index(rc, r->cols[c].column) >= 0,
				    "%s: '%s' of related %s", cat->view,
				    r->cols[c].column, rc->view);
		}
	}
	/* the lists whose rows lack observables or CPE names */
	ck_assert(columns_catalog_of(STORE_ALERTS)->is_list_partial);
	ck_assert(columns_catalog_of(STORE_ASSETS)->is_list_partial);
	ck_assert(!columns_catalog_of(STORE_INCIDENTS)->is_list_partial);
}
END_TEST

/* The cells of each CLI column of entity for row, in order. */
static void
assert_cli_cells(int entity, const void *row, const char *const *want)
{
	const struct column_catalog *cat = columns_catalog_of(entity);

	for (size_t c = 0; c < cat->n_cli; c++) {
		int k = columns_index(cat, cat->cli[c].column);
		char *got = cat->cols[k].cell(row, NOW);

		ck_assert_ptr_nonnull(want[c]);
		ck_assert_msg(strcmp(got, want[c]) == 0,
		              "%s %s: '%s', want '%s'", cat->view,
		              cat->cli[c].header, got, want[c]);
		free(got);
	}
	ck_assert_ptr_null(want[cat->n_cli]);
}

/* `centinela list`'s cells of a sample row of each list. */
START_TEST(test_columns_cli_cells)
{
	struct incident inc;
	struct alert a;
	struct asset as;
	struct organization o;

	incident_init(&inc);
	inc.reference = xstrdup("MX-2026-00042");
	inc.severity = SEVERITY_HIGH;
	inc.status = INCIDENT_NEW;
	inc.title = xstrdup("Ransomware");
	inc.opened_at = NOW - 3 * 86400;
	assert_cli_cells(STORE_INCIDENTS, &inc,
	                 (const char *const[]){"MX-2026-00042", "high", "new",
	                                       "Ransomware", "", "", "3d", "",
	                                       NULL});
	incident_release(&inc);

	alert_init(&a);
	a.meta.id = 7;
	a.observed_at = 1639094400 + 3600; /* 2021-12-10 01:00 */
	a.severity = SEVERITY_LOW;
	a.tlp = TLP_GREEN;
	a.taxonomy_class = xstrdup("malicious-code");
	a.taxonomy_type = xstrdup("c2-server");
	a.title = xstrdup("Beacon");
	a.feed_name = xstrdup("shadowserver");
	a.status = ALERT_NEW;
	assert_cli_cells(
	    STORE_ALERTS, &a,
	    (const char *const[]){"7", "12-10 01:00", "low", "green",
	                          "malicious-code/c2-server", "Beacon",
	                          "shadowserver", "new", NULL});
	free(a.taxonomy_type);
	a.taxonomy_type = NULL;
	a.observed_at = 0;
	assert_cli_cells(STORE_ALERTS, &a,
	                 (const char *const[]){"7", "", "low", "green",
	                                       "malicious-code", "Beacon",
	                                       "shadowserver", "new", NULL});
	alert_release(&a);

	asset_init(&as);
	as.meta.id = 3;
	as.criticality = 5;
	as.name = xstrdup("plc-01");
	as.kind = ASSET_ICS;
	as.hostname = xstrdup("plc-01.example.mx");
	assert_cli_cells(STORE_ASSETS, &as,
	                 (const char *const[]){"3", "5", "plc-01", "ics", "",
	                                       "", "plc-01.example.mx", NULL});
	asset_release(&as);

	organization_init(&o);
	o.meta.id = 9;
	o.name = xstrdup("CFE");
	o.region = xstrdup("CDMX");
	o.open_incidents = 12;
	assert_cli_cells(
	    STORE_ORGANIZATIONS, &o,
	    (const char *const[]){"9", "CFE", "", "CDMX", "12", NULL});
	organization_release(&o);
}
END_TEST

/* An incident's page as `show` prints it: fields, description, notes. */
START_TEST(test_columns_incident_page)
{
	static const char *const cases[][2] = {
	    {"Status", "new"},
	    {"Severity", "high, priority P2"},
	    {"Category", "fraud/phishing"},
	    {"Sharing", "TLP:amber  PAP:green"},
	    {"Assignee", ""},
	    {"Opened", "1970-01-01T00:16:40Z (11d ago)"},
	    {"Due", "1970-01-13T14:46:40Z (in 1d)"},
	    {"Closed", "-"},
	    {"Source", "local (version 0, synced)"},
	    {"Description", "two\nlines"},
	    {"Timeline", "1970-01-01 00:16  ana^[\n  body\n  \n  end^M"},
	};
	struct incident inc;

	incident_init(&inc);
	inc.reference = xstrdup("MX-2026-00042");
	inc.title = xstrdup("Phish");
	inc.status = INCIDENT_NEW;
	inc.severity = SEVERITY_HIGH;
	inc.priority = 2;
	inc.category = xstrdup("fraud");
	inc.category_type = xstrdup("phishing");
	inc.tlp = TLP_AMBER;
	inc.pap = PAP_GREEN;
	inc.opened_at = 1000;
	inc.due_at = NOW + 86400 + 3600;
	inc.meta.source = xstrdup("local");
	inc.description = xstrdup("two\nlines");
	incident_add_note(&inc, "ana\033", 1000, "body\n\nend\r\n");
	assert_page(STORE_INCIDENTS, &inc, "MX-2026-00042  Phish", cases,
	            sizeof(cases) / sizeof(cases[0]));
	ck_assert_uint_eq(
	    columns_catalog_of(STORE_INCIDENTS)->detail->blocks[3].count(&inc),
	    1);
	incident_release(&inc);
}
END_TEST

/* An alert's page: the asset line only with an asset; observables. */
START_TEST(test_columns_alert_page)
{
	static const char *const without[][2] = {
	    {"Taxonomy", "vulnerable"}, {"Feed", "feed"},    {"Asset", NULL},
	    {"Incident", ""},           {"Observables", ""},
	};
	static const char *const with[][2] = {
	    {"Taxonomy", "vulnerable/open-rdp"},
	    {"Feed", "feed (CERT)"},
	    {"Asset", "asset:4"},
	    {"Observables", "ip             192.0.2.1\n"
	                    "url            http://x/^Jy"},
	};
	struct alert a;

	alert_init(&a);
	a.meta.id = 5;
	a.title = xstrdup("RDP");
	a.taxonomy_class = xstrdup("vulnerable");
	a.feed_name = xstrdup("feed");
	assert_page(STORE_ALERTS, &a, "alert:5  RDP", without,
	            sizeof(without) / sizeof(without[0]));
	a.taxonomy_type = xstrdup("open-rdp");
	a.feed_provider = xstrdup("CERT");
	a.asset_id = 4;
	alert_add_observable(&a, OBSERVABLE_IP, "192.0.2.1");
	alert_add_observable(&a, OBSERVABLE_URL, "http://x/\ny");
	assert_page(STORE_ALERTS, &a, "alert:5  RDP", with,
	            sizeof(with) / sizeof(with[0]));
	alert_release(&a);
}
END_TEST

/* An asset's and an organization's pages. */
START_TEST(test_columns_asset_and_organization_pages)
{
	static const char *const asset_cases[][2] = {
	    {"Kind", "server"},
	    {"Criticality", "4"},
	    {"Product", "Cisco IOS 15.2"},
	    {"CPE names", "cpe:2.3:o:cisco:ios:15.2\ncpe:^G"},
	};
	static const char *const org_cases[][2] = {
	    {"Abuse contact", "abuse@cfe.mx"},
	    {"Open incidents", "3"},
	};
	struct asset as;
	struct organization o;

	asset_init(&as);
	as.meta.id = 4;
	as.name = xstrdup("rtr");
	as.kind = ASSET_SERVER;
	as.criticality = 4;
	as.vendor = xstrdup("Cisco");
	as.product = xstrdup("IOS");
	as.product_version = xstrdup("15.2");
	strvec_push(&as.cpes, "cpe:2.3:o:cisco:ios:15.2");
	strvec_push(&as.cpes, "cpe:\a");
	assert_page(STORE_ASSETS, &as, "asset:4  rtr", asset_cases,
	            sizeof(asset_cases) / sizeof(asset_cases[0]));
	asset_release(&as);

	organization_init(&o);
	o.meta.id = 2;
	o.name = xstrdup("CFE");
	o.abuse_contact = xstrdup("abuse@cfe.mx");
	o.open_incidents = 3;
	assert_page(STORE_ORGANIZATIONS, &o, "org:2  CFE", org_cases,
	            sizeof(org_cases) / sizeof(org_cases[0]));
	organization_release(&o);
}
END_TEST

START_TEST(test_columns_settings)
{
	struct app app;
	struct err e;

	app_init(&app);
	ck_assert_str_eq(app.columns[STORE_ASSETS],
	                 "criticality name kind organization sector address");
	ck_assert_int_eq(setting_set(&app, "assets.columns", "name vendor", &e),
	                 0);
	ck_assert_str_eq(app.columns[STORE_ASSETS], "name vendor");
	ck_assert_int_eq(setting_set(&app, "assets.columns", "name colour", &e),
	                 ERR_INVALID);
	ck_assert_str_eq(app.columns[STORE_ASSETS], "name vendor");
	ck_assert_int_eq(
	    setting_set(&app, "organizations.columns", "open name", &e), 0);
	app_release(&app);
}
END_TEST

Suite *
columns_suite(void)
{
	Suite *s = suite_create("columns");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_columns_defaults);
	tcase_add_test(tc, test_columns_parse_lists);
	tcase_add_test(tc, test_columns_settings);
	tcase_add_test(tc, test_columns_catalog_per_list);
	tcase_add_test(tc, test_columns_catalog_cells);
	tcase_add_test(tc, test_columns_vulnerability_page);
	tcase_add_test(tc, test_columns_incident_cells_and_elements);
	tcase_add_test(tc, test_columns_every_list_has_cli_table_and_page);
	tcase_add_test(tc, test_columns_cli_cells);
	tcase_add_test(tc, test_columns_incident_page);
	tcase_add_test(tc, test_columns_alert_page);
	tcase_add_test(tc, test_columns_asset_and_organization_pages);
	suite_add_tcase(s, tc);
	return s;
}
