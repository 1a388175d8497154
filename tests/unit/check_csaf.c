/*
 * Vendors' CSAF 2.0 documents: products bound to CPE names, version
 * ranges, the check in C (every example of the fixtures passes; a bad
 * document is named by the JSON pointer of its first problem), the store's
 * rules for a document imported again, and what its product statuses do
 * to the exposures.
 */
#include <check.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/cpe.h"
#include "centinela/model/version.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/asset.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/exposure.h"
#include "centinela/store/store.h"
#include "centinela/store/vulnerability.h"
#include "testutil.h"

/* The smallest CSAF 2.0 document: %s the tracking version, %s the
 * status, then %s more members of the root (with a leading comma). */
#define MINIMAL                                                                \
	"{\"document\": {\"category\": \"csaf_base\", \"csaf_version\": "      \
	"\"2.0\", \"publisher\": {\"category\": \"vendor\", \"name\": "        \
	"\"V\", \"namespace\": \"https://v.example\"}, \"title\": \"T %s\", "  \
	"\"tracking\": {\"current_release_date\": "                            \
	"\"2024-01-0%sT00:00:00Z\", \"id\": \"V-1\", "                         \
	"\"initial_release_date\": \"2024-01-01T00:00:00Z\", "                 \
	"\"revision_history\": [{\"date\": \"2024-01-01T00:00:00Z\", "         \
	"\"number\": \"%s\", \"summary\": \"S\"}], \"status\": \"%s\", "       \
	"\"version\": \"%s\"}}%s}"

/* A product tree and a vulnerability: ABC 1.0 of Acme, STATE for CVE. */
#define WITH_STATE(state)                                                      \
	", \"product_tree\": {\"branches\": [{\"category\": \"vendor\", "      \
	"\"name\": \"Acme Corp\", \"branches\": [{\"category\": "              \
	"\"product_name\", \"name\": \"ABC\", \"branches\": [{\"category\": "  \
	"\"product_version\", \"name\": \"1.0\", \"product\": {\"name\": "     \
	"\"ABC 1.0\", \"product_id\": \"P1\"}}]}]}]}, \"vulnerabilities\": "   \
	"[{\"cve\": \"CVE-2024-0001\", \"product_status\": {\"" state          \
	"\": [\"P1\"]}}]"

/* Parse text as a CSAF document into b (initialised here). */
static void
parse(const char *text, struct feed_batch *b)
{
	struct err e;

	feed_batch_init(b);
	ck_assert_msg(feed_csaf_ops.parse(text, strlen(text), "csaf", b, &e) ==
	                  0,
	              "%s", e.msg);
}

/* The document made of MINIMAL's parts, owned. */
static char *
doc(const char *version, const char *day, const char *status, const char *more)
{
	return xasprintf(MINIMAL, version, day, version, status, version, more);
}

/* The one error of parsing text: it is not CSAF 2.0, for the reason. */
static void
assert_refused(const char *text, const char *reason)
{
	struct feed_batch b;

	parse(text, &b);
	ck_assert_uint_eq(b.n_bulletins, 0);
	ck_assert_uint_eq(b.n_errors, 1);
	ck_assert_str_eq(b.errors[0].message, reason);
	feed_batch_release(&b);
}

START_TEST(test_csaf_cpe_from_names)
{
	const char *v1[] = {"Example Company", "ABC", "4.2"};
	const char *v2[] = {"AT&T", "c++", "-"};
	const char *v3[] = {"Vendor", NULL, ""};
	char *s;

	s = cpe_name_build('a', v1, 3);
	ck_assert_str_eq(s, "cpe:2.3:a:example_company:abc:4.2:*:*:*:*:*:*:*");
	free(s);
	s = cpe_name_build('a', v2, 3);
	ck_assert_str_eq(s, "cpe:2.3:a:at\\&t:c\\+\\+:\\-:*:*:*:*:*:*:*");
	ck_assert(cpe_name_valid(s));
	free(s);
	s = cpe_name_build('o', v3, 3);
	ck_assert_str_eq(s, "cpe:2.3:o:vendor:*:*:*:*:*:*:*:*:*");
	free(s);
}
END_TEST

START_TEST(test_csaf_cpe_from_uri)
{
	static const struct {
		const char *uri, *name;
	} cases[] = {
	    {"cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha",
	     "cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha:*:*:*:*:*:*:"
	     "*"},
	    {"cpe:/o:microsoft:windows_10:-",
	     "cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*"},
	    {"cpe:/a:x%21y:p", "cpe:2.3:a:x\\!y:p:*:*:*:*:*:*:*:*"},
	    {"cpe:/h:cisco", "cpe:2.3:h:cisco:*:*:*:*:*:*:*:*:*"},
	    {"cpe:/z:a:b", NULL},
	    {"cpe:2.3:a:b:c:*:*:*:*:*:*:*:*", NULL},
	    {"cpe:/a:a:b:c:d:e:f:g", NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = cpe_uri_to_name(cases[i].uri);

		if (cases[i].name)
			ck_assert_msg(got && strcmp(got, cases[i].name) == 0,
			              "%s: %s", cases[i].uri,
			              got ? got : "NULL");
		else
			ck_assert_msg(!got, "%s: %s", cases[i].uri, got);
		free(got);
	}
}
END_TEST

START_TEST(test_csaf_version_ranges)
{
	struct version_bounds b;

	ck_assert_int_eq(bulletin_range_bounds("vers:generic/>=1.0|<=2.3", &b),
	                 0);
	ck_assert_str_eq(b.start_including, "1.0");
	ck_assert_str_eq(b.end_including, "2.3");
	ck_assert(version_within("2.0", &b));
	ck_assert(!version_within("2.4", &b));
	version_bounds_release(&b);
	ck_assert_int_eq(bulletin_range_bounds("<=1.14.0", &b), 0);
	ck_assert_str_eq(b.end_including, "1.14.0");
	ck_assert_ptr_null(b.start_including);
	version_bounds_release(&b);
	ck_assert_int_eq(bulletin_range_bounds("vers:npm/>1.0|<2", &b), 0);
	ck_assert_str_eq(b.start_excluding, "1.0");
	ck_assert_str_eq(b.end_excluding, "2");
	version_bounds_release(&b);
	ck_assert_int_eq(bulletin_range_bounds("vers:all/*", &b), 0);
	ck_assert(version_bounds_empty(&b));
	/* several intervals, an equality: no bounds to match with */
	ck_assert_int_eq(
	    bulletin_range_bounds("vers:generic/>=1|<2|>=3|<4", &b),
	    ERR_INVALID);
	ck_assert(version_bounds_empty(&b));
	ck_assert_int_eq(bulletin_range_bounds("vers:generic/1.0", &b),
	                 ERR_INVALID);
	ck_assert_int_eq(bulletin_range_bounds("vers:generic", &b),
	                 ERR_INVALID);
	ck_assert_int_eq(bulletin_range_bounds("", &b), ERR_INVALID);
}
END_TEST

/* Parse every .json of folder dir; count them into *n. */
static void
parse_folder(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct feed_batch b;
		char *path, *data = NULL;
		size_t size = 0;
		struct err e;

		if (len < 5 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		ck_assert_msg(
		    fs_read_file(path, (size_t)64 << 20, &data, &size, &e) == 0,
		    "%s", e.msg);
		feed_batch_init(&b);
		ck_assert_msg(feed_csaf_ops.parse(data, size, "csaf", &b, &e) ==
		                  0,
		              "%s: %s", path, e.msg);
		ck_assert_msg(b.n_errors == 0, "%s: %s", path,
		              b.n_errors ? b.errors[0].message : "");
		ck_assert_uint_eq(b.n_bulletins, 1);
		ck_assert_ptr_nonnull(b.bulletins[0].reference);
		ck_assert_ptr_nonnull(b.bulletins[0].tracking_version);
		ck_assert(strncmp(b.bulletins[0].meta.source, "csaf:", 5) == 0);
		ck_assert_uint_ge(b.bulletins[0].n_revisions, 1);
		feed_batch_release(&b);
		free(data);
		free(path);
		(*n)++;
	}
	closedir(d);
}

START_TEST(test_csaf_examples_are_csaf)
{
	const char *fx = test_fixtures();
	char *dir;
	size_t n = 0;

	if (!fx) {
		test_skip("no $CENTINELA_FIXTURES folder (the CSAF examples)");
		return;
	}
	dir = xasprintf("%s/csaf/examples/csaf", fx);
	parse_folder(dir, &n);
	free(dir);
	dir = xasprintf("%s/csaf/examples/csaf/csaf_vex", fx);
	parse_folder(dir, &n);
	free(dir);
	ck_assert_uint_ge(n, 19);
}
END_TEST

START_TEST(test_csaf_minimal_document_read)
{
	struct feed_batch b;
	char *text = doc("1.0.0-rc.1+build.5", "2", "interim", "");
	const struct bulletin *x;

	parse(text, &b);
	free(text);
	ck_assert_uint_eq(b.n_errors, 0);
	ck_assert_uint_eq(b.n_bulletins, 1);
	x = &b.bulletins[0];
	ck_assert_str_eq(x->meta.source, "csaf:https://v.example");
	ck_assert_str_eq(x->meta.remote_id, "V-1");
	ck_assert_str_eq(x->reference, "V-1");
	ck_assert_str_eq(x->tracking_version, "1.0.0-rc.1+build.5");
	ck_assert_int_eq(x->tracking_date, 1704153600);
	ck_assert_int_eq(x->status, BULLETIN_INTERIM);
	/* csaf_base without vulnerabilities: informational */
	ck_assert_int_eq(x->category, BULLETIN_INFORMATIONAL);
	ck_assert_int_eq(x->tlp, TLP_CLEAR);
	ck_assert_int_eq(x->severity, SEVERITY_MEDIUM);
	feed_batch_release(&b);
	/* a product under vendor, product_name and product_version branches */
	text = doc("1", "1", "final", WITH_STATE("first_affected"));
	parse(text, &b);
	free(text);
	ck_assert_uint_eq(b.n_bulletins, 1);
	x = &b.bulletins[0];
	ck_assert_int_eq(x->category, BULLETIN_SECURITY_ADVISORY);
	ck_assert_uint_eq(x->n_products, 1);
	ck_assert_str_eq(x->products[0].cpe,
	                 "cpe:2.3:a:acme_corp:abc:1.0:*:*:*:*:*:*:*");
	ck_assert_str_eq(x->products[0].vendor, "Acme Corp");
	ck_assert_uint_eq(x->n_statuses, 1);
	ck_assert_int_eq(x->statuses[0].state, BULLETIN_KNOWN_AFFECTED);
	feed_batch_release(&b);
}
END_TEST

START_TEST(test_csaf_not_csaf_named_by_path)
{
	char *text;

	assert_refused("[]", "not CSAF 2.0 at /: an array, not an object");
	assert_refused("{}", "not CSAF 2.0 at /: missing required property "
	                     "'document'");
	text = doc("01", "1", "final", "");
	assert_refused(text, "not CSAF 2.0 at /document/tracking/revision_"
	                     "history/0/number: '01' is not a version "
	                     "(integer or semantic)");
	free(text);
	text = doc("1", "1", "final", ", \"vulnerabilities\": []");
	assert_refused(text, "not CSAF 2.0 at /vulnerabilities: an empty "
	                     "array (at least one item)");
	free(text);
	text = doc("1", "1", "final", WITH_STATE("affected"));
	assert_refused(text, "not CSAF 2.0 at /vulnerabilities/0/product_"
	                     "status/affected: unknown property");
	free(text);
	text = doc("1", "1", "final",
	           ", \"vulnerabilities\": [{\"product_status\": "
	           "{\"fixed\": [\"P9\"]}}]");
	assert_refused(text, "not CSAF 2.0 at /vulnerabilities/0/product_"
	                     "status/fixed/0: product id 'P9' is not defined "
	                     "in the product tree (6.1.1)");
	free(text);
	text = doc("1", "1", "final",
	           ", \"product_tree\": {\"full_product_names\": [{\"name\": "
	           "\"A\", \"product_id\": \"P1\"}], \"product_groups\": "
	           "[{\"group_id\": \"G1\", \"product_ids\": [\"P1\", "
	           "\"P2\"]}]}");
	assert_refused(text, "not CSAF 2.0 at /product_tree/product_groups/0/"
	                     "product_ids/1: product id 'P2' is not defined "
	                     "in the product tree (6.1.1)");
	free(text);
	text = doc(
	    "1", "1", "final",
	    ", \"vulnerabilities\": [{\"scores\": [{\"products\": [\"P1\"], "
	    "\"cvss_v3\": {}}]}]");
	assert_refused(text, "not CSAF 2.0 at /vulnerabilities/0/scores/0/"
	                     "cvss_v3: missing required property "
	                     "'baseScore'");
	free(text);
}
END_TEST

/* Import text into s; *changed said. */
static bool
import_text(struct store *s, const char *text, const char *source, int *rc_out)
{
	struct feed_batch b;
	bool was = false, changed = false;
	struct err e;

	parse(text, &b);
	ck_assert_uint_eq(b.n_bulletins, 1);
	if (source) {
		free(b.bulletins[0].meta.source);
		b.bulletins[0].meta.source = xstrdup(source);
	}
	*rc_out = store_bulletin_import(s, &b.bulletins[0], &was, &changed, &e);
	feed_batch_release(&b);
	return changed;
}

START_TEST(test_csaf_store_revisions)
{
	struct store *s = test_store_with_org();
	char *v1 = doc("1", "1", "final", ""), *v2 = doc("2", "3", "final", "");
	int rc;

	ck_assert(import_text(s, v1, NULL, &rc));
	ck_assert_int_eq(rc, 0);
	/* the same again, then an older one after the newer: nothing */
	ck_assert(!import_text(s, v1, NULL, &rc));
	ck_assert(import_text(s, v2, NULL, &rc));
	ck_assert(!import_text(s, v1, NULL, &rc));
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM bulletin"), 1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM bulletin WHERE title = "
	                      "'T 2' AND tracking_version = '2'"),
	    1);
	/* another publisher's document of that tracking id: refused */
	ck_assert(!import_text(s, v2, "csaf:https://other.example", &rc));
	ck_assert_int_eq(rc, ERR_CONFLICT);
	/* a row the analyst edited is not replaced */
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE bulletin SET local_state = 'dirty'"), 0);
	free(v1);
	v1 = doc("3", "4", "final", "");
	ck_assert(!import_text(s, v1, NULL, &rc));
	ck_assert_int_eq(rc, 0);
	free(v1);
	free(v2);
	store_close(s);
}
END_TEST

/* Store asset name (organization 1) with one CPE name. */
static void
put_asset(struct store *s, const char *name, const char *cpe)
{
	struct asset a;
	struct err e;

	asset_init(&a);
	a.organization_id = 1;
	a.name = xstrdup(name);
	a.criticality = 3;
	strvec_push(&a.cpes, cpe);
	ck_assert_msg(store_asset_upsert(s, &a, NULL, &e) == 0, "%s", e.msg);
	asset_release(&a);
}

START_TEST(test_csaf_store_status_changes_exposures)
{
	struct store *s = test_store_with_org();
	struct vulnerability v;
	struct err e;
	char *affected = doc("1", "1", "final", WITH_STATE("known_affected"));
	char *fixed = doc("2", "2", "final", WITH_STATE("fixed"));
	int rc;

	put_asset(s, "abc-1", "cpe:2.3:a:acme_corp:abc:1.0:*:*:*:*:*:*:*");
	put_asset(s, "abc-2", "cpe:2.3:a:acme_corp:abc:2.0:*:*:*:*:*:*:*");
	vulnerability_init(&v);
	v.cve_id = xstrdup("CVE-2024-0001");
	ck_assert_msg(store_vulnerability_upsert(s, &v, NULL, &e) == 0, "%s",
	              e.msg);
	vulnerability_release(&v);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	/* known_affected: ABC 1.0 exposed, though no configuration says so */
	ck_assert(import_text(s, affected, NULL, &rc));
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM exposure x JOIN asset a ON "
	                      "a.id = x.asset_id WHERE a.name = 'abc-1' AND "
	                      "x.cpe LIKE 'cpe:2.3:a:acme_corp:abc:1.0:%'"),
	    1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 1);
	/* counted in its sector, as an exposure matching finds is */
	ck_assert_int_eq(test_store_int(s, "SELECT sum(n) FROM exposure_tally"),
	                 1);
	/* the newer revision says fixed: the exposure goes */
	ck_assert(import_text(s, fixed, NULL, &rc));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT sum(n) FROM exposure_tally"),
	                 0);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM exposure_vex WHERE state = "
	                      "'fixed'"),
	    1);
	/* and stays away when the CVE is matched again */
	ck_assert_int_eq(store_exposure_rematch_all(s, NULL, NULL, NULL, &e),
	                 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	/* the asset deleted: its statements go with it */
	ck_assert_int_eq(test_store_sql(s, "DELETE FROM asset WHERE name = "
	                                   "'abc-1'"),
	                 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure_vex"),
	                 0);
	free(affected);
	free(fixed);
	store_close(s);
}
END_TEST

/* A document imported before the asset it speaks of still speaks of it. */
START_TEST(test_csaf_asset_after_document)
{
	struct store *s = test_store_with_org();
	struct vulnerability v;
	struct err e;
	char *affected = doc("1", "1", "final", WITH_STATE("known_affected"));
	int rc;

	vulnerability_init(&v);
	v.cve_id = xstrdup("CVE-2024-0001");
	ck_assert_msg(store_vulnerability_upsert(s, &v, NULL, &e) == 0, "%s",
	              e.msg);
	vulnerability_release(&v);
	ck_assert(import_text(s, affected, NULL, &rc));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	put_asset(s, "abc-1", "cpe:2.3:a:acme_corp:abc:1.0:*:*:*:*:*:*:*");
	put_asset(s, "abc-2", "cpe:2.3:a:acme_corp:abc:2.0:*:*:*:*:*:*:*");
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM exposure x JOIN asset a ON "
	                      "a.id = x.asset_id WHERE a.name = 'abc-1'"),
	    1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 1);
	/* renamed to another version: no longer affected */
	put_asset(s, "abc-1", "cpe:2.3:a:acme_corp:abc:1.1:*:*:*:*:*:*:*");
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure"), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM exposure_vex"),
	                 0);
	free(affected);
	store_close(s);
}
END_TEST

/* A cache of schema 8 with a bulletin product gets its CPE keys. */
START_TEST(test_csaf_schema_v9_migration)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "c.db");
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(
	    test_store_sql(
	        s, "INSERT INTO bulletin(id, reference, title, created_at, "
	           "updated_at) VALUES (1, 'MX-SA-2026-0001', 'T', 1, 1);"
	           "INSERT INTO bulletin_product(bulletin_id, product_id, ord, "
	           "cpe) VALUES (1, 'P1', 0, "
	           "'cpe:2.3:a:Acme:ABC:1.0:*:*:*:*:*:*:*');"
	           "INSERT INTO bulletin_remediation(bulletin_id, ord, cve_id, "
	           "category, details) VALUES (1, 0, 'CVE-2024-0001', "
	           "'vendor_fix', 'x');"),
	    0);
	store_close(s);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V12), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V9), 0);
	ck_assert_int_eq(test_sql(path, TEST_SQL_BACK_TO_V8), 0);
	ck_assert_msg(store_open(path, 0, &s, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_schema_version(s), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM bulletin_product WHERE "
	                      "cpe_vendor = 'acme' AND cpe_product = 'abc'"),
	    1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM bulletin_remediation"), 1);
	/* the widened categories */
	ck_assert_int_eq(
	    test_store_sql(s, "INSERT INTO bulletin_note(bulletin_id, ord, "
	                      "category, text) VALUES (1, 0, "
	                      "'legal_disclaimer', 'x')"),
	    0);
	store_close(s);
	free(path);
	test_rmtree(dir);
}
END_TEST

Suite *
csaf_suite(void)
{
	Suite *su = suite_create("csaf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_csaf_cpe_from_names);
	tcase_add_test(tc, test_csaf_cpe_from_uri);
	tcase_add_test(tc, test_csaf_version_ranges);
	tcase_add_test(tc, test_csaf_examples_are_csaf);
	tcase_add_test(tc, test_csaf_minimal_document_read);
	tcase_add_test(tc, test_csaf_not_csaf_named_by_path);
	tcase_add_test(tc, test_csaf_store_revisions);
	tcase_add_test(tc, test_csaf_store_status_changes_exposures);
	tcase_add_test(tc, test_csaf_asset_after_document);
	tcase_add_test(tc, test_csaf_schema_v9_migration);
	suite_add_tcase(su, tc);
	return su;
}
