/* Organizations: upsert rules, get with open incidents, find. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "testutil.h"

static struct store *
open_mem(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	return s;
}

static void
org_fill(struct organization *o, const char *source, const char *remote_id,
         const char *name, const char *sector)
{
	organization_init(o);
	o->meta.source = source ? xstrdup(source) : NULL;
	o->meta.remote_id = remote_id ? xstrdup(remote_id) : NULL;
	o->meta.version = 1;
	o->name = xstrdup(name);
	o->sector = xstrdup(sector);
	o->region = xstrdup("Jalisco");
	o->contact = xstrdup("soc@cfe.example");
}

START_TEST(test_organization_upsert_insert_and_get)
{
	struct store *s = open_mem();
	struct organization o, got;
	bool changed = false;
	struct err e;

	org_fill(&o, "central", "org-1", "CFE", "energy");
	ck_assert_msg(store_organization_upsert(s, &o, &changed, &e) == 0, "%s",
	              e.msg);
	ck_assert(changed);
	ck_assert_int_gt(o.meta.id, 0);
	ck_assert_int_eq(store_organization_get(s, o.meta.id, &got, &e), 0);
	ck_assert_str_eq(got.meta.source, "central");
	ck_assert_str_eq(got.meta.remote_id, "org-1");
	ck_assert_int_eq(got.meta.version, 1);
	ck_assert_int_eq(got.meta.local_state, LOCAL_SYNCED);
	ck_assert_str_eq(got.name, "CFE");
	ck_assert_str_eq(got.sector, "energy");
	ck_assert_str_eq(got.region, "Jalisco");
	ck_assert_str_eq(got.contact, "soc@cfe.example");
	ck_assert_ptr_null(got.abuse_contact);
	ck_assert_int_gt(got.meta.created_at, 0);
	ck_assert_int_eq(got.meta.created_at, got.meta.updated_at);
	ck_assert_int_eq(got.open_incidents, 0);
	organization_release(&got);
	ck_assert_int_eq(store_organization_get(s, 999, &got, &e),
	                 ERR_NOTFOUND);
	organization_release(&got);
	organization_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_organization_identical_upsert_unchanged)
{
	struct store *s = open_mem();
	struct organization o;
	bool changed = true;
	int64_t id;
	struct err e;

	org_fill(&o, "central", "org-1", "CFE", "energy");
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	id = o.meta.id;
	ck_assert_int_eq(test_store_sql(s,
	                                "UPDATE organization SET "
	                                "updated_at = 1000, created_at = 1000"),
	                 0);
	o.meta.id = 0;
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert(!changed);
	ck_assert_int_eq(o.meta.id, id);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT updated_at FROM organization"), 1000);
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()") > 0, 1);
	organization_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_organization_change_detected)
{
	struct store *s = open_mem();
	struct organization o, got;
	bool changed = false;
	struct err e;

	org_fill(&o, "central", "org-1", "CFE", "energy");
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert_int_eq(test_store_sql(s,
	                                "UPDATE organization SET "
	                                "updated_at = 1000, created_at = 1000"),
	                 0);
	/* A rename keyed by remote id, and a NULL becoming a value. */
	free(o.name);
	o.name = xstrdup("Comision Federal de Electricidad");
	o.abuse_contact = xstrdup("abuse@cfe.example");
	o.meta.version = 2;
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_eq(store_organization_get(s, o.meta.id, &got, &e), 0);
	ck_assert_str_eq(got.name, "Comision Federal de Electricidad");
	ck_assert_str_eq(got.abuse_contact, "abuse@cfe.example");
	ck_assert_int_eq(got.meta.version, 2);
	ck_assert_int_eq(got.meta.created_at, 1000);
	ck_assert_int_gt(got.meta.updated_at, 1000);
	organization_release(&got);
	/* A value becoming NULL is a change too. */
	free(o.region);
	o.region = NULL;
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert(changed);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization"),
	                 1);
	organization_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_organization_dirty_row_untouched)
{
	struct store *s = open_mem();
	struct organization o;
	bool changed = true;
	struct err e;

	org_fill(&o, "central", "org-1", "CFE", "energy");
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert_int_eq(test_store_sql(s, "UPDATE organization SET "
	                                   "local_state = 'dirty', "
	                                   "contact = 'mine', updated_at = 5"),
	                 0);
	free(o.contact);
	o.contact = xstrdup("theirs");
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert(!changed);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization "
	                                   "WHERE contact = 'mine' AND "
	                                   "updated_at = 5"),
	                 1);
	ck_assert_int_eq(test_store_sql(s, "UPDATE organization SET "
	                                   "local_state = 'conflict'"),
	                 0);
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert(!changed);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization "
	                                   "WHERE contact = 'mine'"),
	                 1);
	organization_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_organization_keyed_by_name_without_remote_id)
{
	struct store *s = open_mem();
	struct organization o, pulled;
	bool changed = false;
	int64_t id;
	struct err e;

	org_fill(&o, NULL, NULL, "Agua de Mexico", "water");
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	id = o.meta.id;
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization "
	                                   "WHERE source = 'local'"),
	                 1);
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e), 0);
	ck_assert(!changed);
	ck_assert_int_eq(o.meta.id, id);
	/* Same name at another source is another organization. */
	org_fill(&pulled, "central", NULL, "Agua de Mexico", "water");
	ck_assert_int_eq(store_organization_upsert(s, &pulled, &changed, &e),
	                 0);
	ck_assert(changed);
	ck_assert_int_ne(pulled.meta.id, id);
	/* Then a pull with a remote id adopts the central row by name. */
	pulled.meta.remote_id = xstrdup("org-7");
	ck_assert_int_eq(store_organization_upsert(s, &pulled, &changed, &e),
	                 0);
	ck_assert(changed);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization"),
	                 2);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization "
	                                   "WHERE remote_id = 'org-7'"),
	                 1);
	organization_release(&o);
	organization_release(&pulled);
	store_close(s);
}
END_TEST

START_TEST(test_organization_unknown_sector)
{
	struct store *s = open_mem();
	struct organization o;
	bool changed = true;
	struct err e;

	org_fill(&o, "central", "org-1", "CFE", "enrgy");
	ck_assert_int_eq(store_organization_upsert(s, &o, &changed, &e),
	                 ERR_INVALID);
	ck_assert(!changed);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown sector 'enrgy'"));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM organization"),
	                 0);
	organization_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_organization_open_incidents_counted)
{
	struct store *s = open_mem();
	struct organization o, got;
	struct err e;

	org_fill(&o, NULL, NULL, "CFE", "energy");
	ck_assert_int_eq(store_organization_upsert(s, &o, NULL, &e), 0);
	ck_assert_int_eq(o.meta.id, 1);
	ck_assert_int_eq(
	    test_store_sql(
	        s, "INSERT INTO incident(reference, title, category, "
	           "severity, status, organization_id, opened_at, "
	           "created_at, updated_at) VALUES "
	           "('MX-1', 'a', 'malicious-code', 3, 'new', 1, 1, 1, 1),"
	           "('MX-2', 'b', 'malicious-code', 3, 'in_progress', 1, "
	           "1, 1, 1),"
	           "('MX-3', 'c', 'malicious-code', 3, 'resolved', 1, 1, "
	           "1, 1),"
	           "('MX-4', 'd', 'malicious-code', 3, 'closed', 1, 1, 1, "
	           "1),"
	           "('MX-5', 'e', 'malicious-code', 3, 'new', NULL, 1, 1, "
	           "1)"),
	    0);
	ck_assert_int_eq(store_organization_get(s, 1, &got, &e), 0);
	ck_assert_int_eq(got.open_incidents, 2);
	organization_release(&got);
	organization_release(&o);
	store_close(s);
}
END_TEST

START_TEST(test_organization_find)
{
	struct store *s = open_mem();
	struct organization a, b, c;
	int64_t id;
	struct err e;

	org_fill(&a, "central", "org-1", "CFE", "energy");
	org_fill(&b, "central", "org-2", "Banco Uno", "finance");
	org_fill(&c, "misp", NULL, "Banco uno", "finance");
	ck_assert_int_eq(store_organization_upsert(s, &a, NULL, &e), 0);
	ck_assert_int_eq(store_organization_upsert(s, &b, NULL, &e), 0);
	ck_assert_int_eq(store_organization_upsert(s, &c, NULL, &e), 0);
	ck_assert_int_eq(
	    store_organization_find(s, "central", "org-2", &id, &e), 0);
	ck_assert_int_eq(id, b.meta.id);
	ck_assert_int_eq(store_organization_find(s, NULL, "cfe", &id, &e), 0);
	ck_assert_int_eq(id, a.meta.id);
	/* Exact case wins over a case-insensitive match. */
	ck_assert_int_eq(store_organization_find(s, NULL, "Banco uno", &id, &e),
	                 0);
	ck_assert_int_eq(id, c.meta.id);
	/* Otherwise the one at the given source. */
	ck_assert_int_eq(
	    store_organization_find(s, "central", "BANCO UNO", &id, &e), 0);
	ck_assert_int_eq(id, b.meta.id);
	ck_assert_int_eq(store_organization_find(s, NULL, "BANCO UNO", &id, &e),
	                 ERR_CONFLICT);
	ck_assert_int_eq(
	    store_organization_find(s, "central", "Pemex", &id, &e),
	    ERR_NOTFOUND);
	ck_assert_str_eq(e.msg, "unknown organization 'Pemex'");
	organization_release(&a);
	organization_release(&b);
	organization_release(&c);
	store_close(s);
}
END_TEST

Suite *
organization_suite(void)
{
	Suite *s = suite_create("organization");
	TCase *tc = tcase_create("organization");

	tcase_add_test(tc, test_organization_upsert_insert_and_get);
	tcase_add_test(tc, test_organization_identical_upsert_unchanged);
	tcase_add_test(tc, test_organization_change_detected);
	tcase_add_test(tc, test_organization_dirty_row_untouched);
	tcase_add_test(tc, test_organization_keyed_by_name_without_remote_id);
	tcase_add_test(tc, test_organization_unknown_sector);
	tcase_add_test(tc, test_organization_open_incidents_counted);
	tcase_add_test(tc, test_organization_find);
	suite_add_tcase(s, tc);
	return s;
}
