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
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/vulnerability.h"

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

/* The value of the field or block titled name of a page layout. */
static char *
layout_value(const struct detail_layout *dl, const char *name, const void *row)
{
	for (size_t i = 0; i < dl->n_fields; i++)
		if (strcmp(dl->fields[i].label, name) == 0)
			return dl->fields[i].value(row);
	for (size_t i = 0; i < dl->n_blocks; i++)
		if (strcmp(dl->blocks[i].title, name) == 0)
			return dl->blocks[i].text(row);
	ck_abort_msg("no field or block '%s'", name);
	return NULL;
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

	ck_assert_ptr_null(columns_catalog_of(STORE_INCIDENTS)->detail);
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
	ck_assert_uint_eq(dl->blocks[dl->n_blocks - 1].count(&v), 2);
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
	suite_add_tcase(s, tc);
	return s;
}
