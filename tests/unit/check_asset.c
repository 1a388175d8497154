/* Assets: upsert rules, CPE replacement, get, find. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/asset.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "testutil.h"

#define CPE_A "cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9:*:*:*:*:*:*:*"
#define CPE_B "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*"
#define CPE_C "cpe:2.3:h:cisco:asr_1001-x:-:*:*:*:*:*:*:*"

/* A store with organizations 1 "CFE" (energy) and 2 "Agua" (water). */
static struct store *
open_mem(void)
{
	struct store *s = test_store_with_org();
	struct organization o;
	struct err e;

	organization_init(&o);
	o.name = xstrdup("Agua");
	o.sector = xstrdup("water");
	ck_assert_int_eq(store_organization_upsert(s, &o, NULL, &e), 0);
	ck_assert_int_eq(o.meta.id, 2);
	organization_release(&o);
	return s;
}

static void
asset_fill(struct asset *a, const char *remote_id, int64_t org,
           const char *name)
{
	asset_init(a);
	a->meta.source = xstrdup("central");
	a->meta.remote_id = remote_id ? xstrdup(remote_id) : NULL;
	a->meta.version = 4;
	a->organization_id = org;
	a->name = xstrdup(name);
	a->sector = xstrdup("energy");
	a->kind = ASSET_ICS;
	a->criticality = 5;
	a->hostname = xstrdup("plc1.cfe.example");
	a->ip = xstrdup("10.0.0.0/24");
	a->vendor = xstrdup("Siemens");
	strvec_push(&a->cpes, CPE_A);
	strvec_push(&a->cpes, CPE_B);
}

START_TEST(test_asset_upsert_insert_and_get)
{
	struct store *s = open_mem();
	struct asset a, got;
	bool changed = false;
	struct err e;

	asset_fill(&a, "as-1", 1, "PLC Norte");
	ck_assert_msg(store_asset_upsert(s, &a, &changed, &e) == 0, "%s",
	              e.msg);
	ck_assert(changed);
	ck_assert_int_gt(a.meta.id, 0);
	ck_assert_int_eq(store_asset_get(s, a.meta.id, &got, &e), 0);
	ck_assert_str_eq(got.meta.source, "central");
	ck_assert_str_eq(got.meta.remote_id, "as-1");
	ck_assert_int_eq(got.meta.version, 4);
	ck_assert_str_eq(got.name, "PLC Norte");
	ck_assert_int_eq(got.organization_id, 1);
	ck_assert_str_eq(got.organization, "CFE");
	ck_assert_str_eq(got.sector, "energy");
	ck_assert_int_eq(got.kind, ASSET_ICS);
	ck_assert_int_eq(got.criticality, 5);
	ck_assert_str_eq(got.hostname, "plc1.cfe.example");
	ck_assert_str_eq(got.ip, "10.0.0.0/24");
	ck_assert_ptr_null(got.location);
	ck_assert_str_eq(got.vendor, "Siemens");
	ck_assert_uint_eq(got.cpes.n, 2);
	ck_assert_str_eq(got.cpes.v[0], CPE_B);
	ck_assert_str_eq(got.cpes.v[1], CPE_A);
	ck_assert_int_gt(got.meta.created_at, 0);
	asset_release(&got);
	ck_assert_int_eq(store_asset_get(s, 99, &got, &e), ERR_NOTFOUND);
	asset_release(&got);
	/* The FTS triggers ran. */
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset_fts "
	                                   "WHERE asset_fts MATCH 'norte'"),
	                 1);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_identical_upsert_unchanged)
{
	struct store *s = open_mem();
	struct asset a;
	bool changed = true;
	int64_t id;
	struct err e;

	asset_fill(&a, "as-1", 1, "PLC Norte");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	id = a.meta.id;
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE asset SET updated_at = 1000"), 0);
	ck_assert_int_eq(test_store_sql(s,
	                                "CREATE TEMP TRIGGER no_writes "
	                                "BEFORE UPDATE ON asset BEGIN "
	                                "SELECT RAISE(ABORT, 'wrote'); END;"
	                                "CREATE TEMP TRIGGER no_cpe_del "
	                                "BEFORE DELETE ON asset_cpe BEGIN "
	                                "SELECT RAISE(ABORT, 'wrote'); END;"),
	                 0);
	/* Same CPEs in another order, with a duplicate: still the same set. */
	strvec_release(&a.cpes);
	strvec_push(&a.cpes, CPE_B);
	strvec_push(&a.cpes, CPE_A);
	strvec_push(&a.cpes, CPE_B);
	a.meta.id = 0;
	ck_assert_msg(store_asset_upsert(s, &a, &changed, &e) == 0, "%s",
	              e.msg);
	ck_assert(!changed);
	ck_assert_int_eq(a.meta.id, id);
	ck_assert_int_eq(test_store_int(s, "SELECT updated_at FROM asset"),
	                 1000);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_change_detected)
{
	struct store *s = open_mem();
	struct asset a, got;
	bool changed = false;
	struct err e;

	asset_fill(&a, "as-1", 1, "PLC Norte");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert_int_eq(test_store_sql(s,
	                                "UPDATE asset SET updated_at = 1000, "
	                                "created_at = 1000"),
	                 0);
	a.criticality = 4;
	free(a.hostname);
	a.hostname = NULL;
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_eq(store_asset_get(s, a.meta.id, &got, &e), 0);
	ck_assert_int_eq(got.criticality, 4);
	ck_assert_ptr_null(got.hostname);
	ck_assert_int_eq(got.meta.created_at, 1000);
	ck_assert_int_gt(got.meta.updated_at, 1000);
	asset_release(&got);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset"), 1);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_cpe_replacement)
{
	struct store *s = open_mem();
	struct asset a, got;
	bool changed = false;
	struct err e;

	asset_fill(&a, "as-1", 1, "PLC Norte");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert_int_eq(
	    test_store_sql(s, "UPDATE asset SET updated_at = 1000"), 0);
	/* Only the CPE list changes: still a change, and updated_at moves. */
	strvec_release(&a.cpes);
	strvec_push(&a.cpes, CPE_C);
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_gt(test_store_int(s, "SELECT updated_at FROM asset"),
	                 1000);
	ck_assert_int_eq(store_asset_get(s, a.meta.id, &got, &e), 0);
	ck_assert_uint_eq(got.cpes.n, 1);
	ck_assert_str_eq(got.cpes.v[0], CPE_C);
	asset_release(&got);
	/* A subset is a change too; the empty list clears them. */
	strvec_release(&a.cpes);
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset_cpe"),
	                 0);
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(!changed);
	/* A malformed CPE is refused and nothing is written. */
	strvec_push(&a.cpes, "cpe:/a:apache:http_server");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "'cpe:/a:apache:http_server'"));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset_cpe"),
	                 0);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_dirty_row_untouched)
{
	struct store *s = open_mem();
	struct asset a;
	bool changed = true;
	struct err e;

	asset_fill(&a, "as-1", 1, "PLC Norte");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert_int_eq(test_store_sql(s, "UPDATE asset SET local_state = "
	                                   "'dirty', criticality = 1, "
	                                   "updated_at = 5"),
	                 0);
	strvec_release(&a.cpes);
	strvec_push(&a.cpes, CPE_C);
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(!changed);
	ck_assert_int_eq(test_store_int(s,
	                                "SELECT count(*) FROM asset WHERE "
	                                "criticality = 1 AND updated_at = 5"),
	                 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset_cpe"),
	                 2);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_unknown_sector)
{
	struct store *s = open_mem();
	struct asset a;
	bool changed = true;
	struct err e;

	asset_fill(&a, "as-1", 1, "PLC Norte");
	free(a.sector);
	a.sector = xstrdup("enrgy");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), ERR_INVALID);
	ck_assert(!changed);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown sector 'enrgy'"));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset"), 0);
	/* No sector: the organization's. */
	free(a.sector);
	a.sector = NULL;
	a.organization_id = 2;
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset "
	                                   "WHERE sector = 'water'"),
	                 1);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_needs_organization)
{
	struct store *s = open_mem();
	struct asset a;
	struct err e;

	asset_fill(&a, "as-1", 0, "PLC Norte");
	ck_assert_int_eq(store_asset_upsert(s, &a, NULL, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "no organization"));
	a.organization_id = 77;
	ck_assert_int_eq(store_asset_upsert(s, &a, NULL, &e), ERR_INVALID);
	a.organization_id = 1;
	a.criticality = 6;
	ck_assert_int_eq(store_asset_upsert(s, &a, NULL, &e), ERR_INVALID);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset"), 0);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_keyed_by_org_and_name)
{
	struct store *s = open_mem();
	struct asset a;
	bool changed = false;
	int64_t id;
	struct err e;

	asset_fill(&a, NULL, 1, "SCADA central");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	id = a.meta.id;
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(!changed);
	/* The same name in another organization is another asset. */
	a.organization_id = 2;
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_ne(a.meta.id, id);
	/* A pull with a remote id adopts the row by (organization, name). */
	a.organization_id = 1;
	a.meta.remote_id = xstrdup("as-9");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_eq(a.meta.id, id);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM asset"), 2);
	/* Another remote id under the same (organization, name) clashes. */
	free(a.meta.remote_id);
	a.meta.remote_id = xstrdup("as-10");
	ck_assert_int_eq(store_asset_upsert(s, &a, &changed, &e), ERR_CONFLICT);
	asset_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_asset_find)
{
	struct store *s = open_mem();
	struct asset a;
	int64_t id, plc1, plc2, web;
	struct err e;

	asset_fill(&a, "as-1", 1, "PLC");
	ck_assert_int_eq(store_asset_upsert(s, &a, NULL, &e), 0);
	plc1 = a.meta.id;
	asset_release(&a);
	asset_fill(&a, "as-2", 2, "PLC");
	ck_assert_int_eq(store_asset_upsert(s, &a, NULL, &e), 0);
	plc2 = a.meta.id;
	asset_release(&a);
	asset_fill(&a, NULL, 2, "web/portal");
	ck_assert_int_eq(store_asset_upsert(s, &a, NULL, &e), 0);
	web = a.meta.id;
	asset_release(&a);

	ck_assert_int_eq(store_asset_find(s, "central", "as-2", &id, &e), 0);
	ck_assert_int_eq(id, plc2);
	ck_assert_int_eq(store_asset_find(s, NULL, "CFE/PLC", &id, &e), 0);
	ck_assert_int_eq(id, plc1);
	ck_assert_int_eq(store_asset_find(s, NULL, "agua/plc", &id, &e), 0);
	ck_assert_int_eq(id, plc2);
	ck_assert_int_eq(store_asset_find(s, NULL, "Agua/web/portal", &id, &e),
	                 0);
	ck_assert_int_eq(id, web);
	ck_assert_int_eq(store_asset_find(s, NULL, "web/portal", &id, &e), 0);
	ck_assert_int_eq(id, web);
	ck_assert_int_eq(store_asset_find(s, NULL, "PLC", &id, &e),
	                 ERR_CONFLICT);
	ck_assert_ptr_nonnull(strstr(e.msg, "ORGANIZATION/NAME"));
	ck_assert_int_eq(store_asset_find(s, "central", "HMI", &id, &e),
	                 ERR_NOTFOUND);
	ck_assert_str_eq(e.msg, "unknown asset 'HMI'");
	store_close(s);
}
END_TEST

Suite *
asset_suite(void)
{
	Suite *s = suite_create("asset");
	TCase *tc = tcase_create("asset");

	tcase_add_test(tc, test_asset_upsert_insert_and_get);
	tcase_add_test(tc, test_asset_identical_upsert_unchanged);
	tcase_add_test(tc, test_asset_change_detected);
	tcase_add_test(tc, test_asset_cpe_replacement);
	tcase_add_test(tc, test_asset_dirty_row_untouched);
	tcase_add_test(tc, test_asset_unknown_sector);
	tcase_add_test(tc, test_asset_needs_organization);
	tcase_add_test(tc, test_asset_keyed_by_org_and_name);
	tcase_add_test(tc, test_asset_find);
	suite_add_tcase(s, tc);
	return s;
}
