/* Bulletins in the store: upsert by reference, CVE and sector lists. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/bulletin.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/store.h"
#include "testutil.h"

static void
fill(struct bulletin *b)
{
	bulletin_init(b);
	b->meta.source = xstrdup("central");
	b->meta.remote_id = xstrdup("b-7");
	b->meta.version = 3;
	b->reference = xstrdup("MX-BUL-2026-0007");
	b->title = xstrdup("PAN-OS GlobalProtect exploited");
	b->summary = xstrdup("patch now");
	b->body = xstrdup("# Actions\n\n1. upgrade\n");
	b->tlp = TLP_GREEN;
	b->severity = SEVERITY_CRITICAL;
	b->status = BULLETIN_FINAL;
	b->published_at = 1713139200;
	strvec_push(&b->cve_ids, "CVE-2024-3400");
	strvec_push(&b->cve_ids, "CVE-2024-0012");
	strvec_push(&b->sectors, "energy");
	strvec_push(&b->sectors, "finance");
}

static bool
upsert(struct store *s, struct bulletin *b)
{
	bool changed = true;
	struct err e;

	ck_assert_msg(store_bulletin_upsert(s, b, &changed, &e) == 0, "%s",
	              e.msg);
	return changed;
}

START_TEST(test_bulletin_store_roundtrip)
{
	struct store *s = NULL;
	struct bulletin b, g;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	fill(&b);
	ck_assert(upsert(s, &b));
	ck_assert_int_gt(b.meta.id, 0);
	ck_assert_int_eq(store_bulletin_get(s, "MX-BUL-2026-0007", &g, &e), 0);
	ck_assert_int_eq(g.meta.id, b.meta.id);
	ck_assert_str_eq(g.meta.source, "central");
	ck_assert_str_eq(g.meta.remote_id, "b-7");
	ck_assert_int_eq(g.meta.version, 3);
	ck_assert_int_gt(g.meta.created_at, 0);
	ck_assert_str_eq(g.reference, "MX-BUL-2026-0007");
	ck_assert_str_eq(g.title, b.title);
	ck_assert_str_eq(g.summary, b.summary);
	ck_assert_str_eq(g.body, b.body);
	ck_assert_int_eq(g.tlp, TLP_GREEN);
	ck_assert_int_eq(g.severity, SEVERITY_CRITICAL);
	ck_assert_int_eq(g.status, BULLETIN_FINAL);
	ck_assert_int_eq(g.published_at, 1713139200);
	ck_assert_uint_eq(g.cve_ids.n, 2);
	ck_assert_str_eq(g.cve_ids.v[0], "CVE-2024-0012");
	ck_assert_str_eq(g.cve_ids.v[1], "CVE-2024-3400");
	ck_assert_uint_eq(g.sectors.n, 2);
	ck_assert_str_eq(g.sectors.v[0], "energy");
	ck_assert_str_eq(g.sectors.v[1], "finance");
	ck_assert(!upsert(s, &g));
	bulletin_release(&g);
	ck_assert_int_eq(store_bulletin_get(s, "nope", &g, &e), ERR_NOTFOUND);
	bulletin_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_bulletin_store_change_detected)
{
	struct store *s = NULL;
	struct bulletin b;
	struct err e;
	long long writes;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	fill(&b);
	ck_assert(upsert(s, &b));
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE bulletin SET updated_at = 100"), 0);
	writes = test_store_int(s, "SELECT total_changes()");
	ck_assert(!upsert(s, &b));
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()"), writes);
	/* a list change alone is a change */
	strvec_push(&b.sectors, "water");
	ck_assert(upsert(s, &b));
	ck_assert_int_gt(test_store_int(s, "SELECT updated_at FROM bulletin"),
	                 100);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM bulletin_sector"), 3);
	strvec_release(&b.cve_ids);
	strvec_push(&b.cve_ids, "CVE-2024-3400");
	ck_assert(upsert(s, &b));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM bulletin_cve"),
	                 1);
	free(b.summary);
	b.summary = NULL;
	ck_assert(upsert(s, &b));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM bulletin "
	                                   "WHERE summary IS NULL"),
	                 1);
	bulletin_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_bulletin_store_dirty_and_invalid)
{
	struct store *s = NULL;
	struct bulletin b;
	struct err e;
	long long writes;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	fill(&b);
	ck_assert(upsert(s, &b));
	ck_assert_int_eq(test_store_sql(s, "UPDATE bulletin SET local_state = "
	                                   "'dirty'"),
	                 0);
	writes = test_store_int(s, "SELECT total_changes()");
	free(b.title);
	b.title = xstrdup("server title");
	strvec_push(&b.sectors, "water");
	ck_assert(!upsert(s, &b));
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()"), writes);
	strvec_push(&b.sectors, "enrgy");
	ck_assert_int_eq(store_bulletin_upsert(s, &b, NULL, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "'enrgy'"));
	strvec_release(&b.sectors);
	strvec_push(&b.cve_ids, "CVE-x");
	ck_assert_int_eq(store_bulletin_upsert(s, &b, NULL, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "'CVE-x'"));
	bulletin_release(&b);
	store_close(s);
}
END_TEST

Suite *
bulletin_store_suite(void)
{
	Suite *su = suite_create("bulletin_store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_bulletin_store_roundtrip);
	tcase_add_test(tc, test_bulletin_store_change_detected);
	tcase_add_test(tc, test_bulletin_store_dirty_and_invalid);
	suite_add_tcase(su, tc);
	return su;
}
