/* Alerts in the store: upsert, change detection, observables, lists. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/store/alert.h"
#include "centinela/store/store.h"
#include "testutil.h"

static struct store *
open_fixture(void)
{
	struct store *s = NULL;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(
	    test_store_sql(s, "INSERT INTO organization(id, name, sector, "
	                      "created_at, updated_at) VALUES (7, 'CFE', "
	                      "'energy', 1, 1);"
	                      "INSERT INTO asset(id, source, remote_id, "
	                      "organization_id, name, sector, kind, "
	                      "criticality, created_at, updated_at) VALUES "
	                      "(3, 'central', 'as-3', 7, 'scada-1', 'energy', "
	                      "'ics', 5, 1, 1);"
	                      "INSERT INTO incident(id, reference, title, "
	                      "category, severity, status, opened_at, "
	                      "created_at, updated_at) VALUES (9, "
	                      "'MX-2026-00042', 'Ransomware', "
	                      "'malicious-code', 5, 'new', 1, 1, 1);"),
	    0);
	return s;
}

static void
fill(struct alert *a, const char *remote_id)
{
	alert_init(a);
	a->meta.source = xstrdup("central");
	a->meta.remote_id = remote_id ? xstrdup(remote_id) : NULL;
	a->meta.version = 4;
	a->title = xstrdup("Beacon to known C2");
	a->description = xstrdup("host talks to a sinkholed domain");
	a->severity = SEVERITY_HIGH;
	a->tlp = TLP_AMBER_STRICT;
	a->taxonomy_class = xstrdup("malicious-code");
	a->taxonomy_type = xstrdup("infected-system");
	a->feed_name = xstrdup("shadowserver");
	a->feed_provider = xstrdup("Shadowserver Foundation");
	a->observed_at = 1767225600;
	a->received_at = 1767225660;
	a->status = ALERT_ACKNOWLEDGED;
	a->organization_id = 7;
	a->sector = xstrdup("energy");
	a->asset_id = 3;
	a->incident_id = 9;
	a->raw_json = xstrdup("{\"id\":\"a-1\"}");
	alert_add_observable(a, OBSERVABLE_IP, "198.51.100.7");
	alert_add_observable(a, OBSERVABLE_FQDN, "evil.example");
}

static bool
upsert(struct store *s, struct alert *a)
{
	bool changed = true;
	struct err e;

	ck_assert_msg(store_alert_upsert(s, a, &changed, &e) == 0, "%s", e.msg);
	return changed;
}

START_TEST(test_alert_store_roundtrip)
{
	struct store *s = open_fixture();
	struct alert a, b;
	struct err e;

	fill(&a, "a-1");
	ck_assert(upsert(s, &a));
	ck_assert_int_gt(a.meta.id, 0);
	ck_assert_ptr_nonnull(a.event_hash);
	ck_assert_int_eq(store_alert_get(s, a.meta.id, &b, &e), 0);
	ck_assert_int_eq(b.meta.id, a.meta.id);
	ck_assert_str_eq(b.meta.source, "central");
	ck_assert_str_eq(b.meta.remote_id, "a-1");
	ck_assert_int_eq(b.meta.version, 4);
	ck_assert_int_eq(b.meta.local_state, LOCAL_SYNCED);
	ck_assert_int_gt(b.meta.created_at, 0);
	ck_assert_int_eq(b.meta.updated_at, b.meta.created_at);
	ck_assert_str_eq(b.title, a.title);
	ck_assert_str_eq(b.description, a.description);
	ck_assert_int_eq(b.severity, SEVERITY_HIGH);
	ck_assert_int_eq(b.tlp, TLP_AMBER_STRICT);
	ck_assert_str_eq(b.taxonomy_class, "malicious-code");
	ck_assert_str_eq(b.taxonomy_type, "infected-system");
	ck_assert_str_eq(b.feed_name, "shadowserver");
	ck_assert_str_eq(b.feed_provider, "Shadowserver Foundation");
	ck_assert_int_eq(b.observed_at, 1767225600);
	ck_assert_int_eq(b.received_at, 1767225660);
	ck_assert_int_eq(b.status, ALERT_ACKNOWLEDGED);
	ck_assert_int_eq(b.organization_id, 7);
	ck_assert_str_eq(b.organization, "CFE");
	ck_assert_str_eq(b.sector, "energy");
	ck_assert_int_eq(b.asset_id, 3);
	ck_assert_str_eq(b.asset, "as-3");
	ck_assert_int_eq(b.incident_id, 9);
	ck_assert_str_eq(b.incident_ref, "MX-2026-00042");
	ck_assert_str_eq(b.event_hash, a.event_hash);
	ck_assert_str_eq(b.raw_json, a.raw_json);
	ck_assert_uint_eq(b.n_observables, 2);
	/* primary-key order: type name, then value */
	ck_assert_int_eq(b.observables[0].type, OBSERVABLE_FQDN);
	ck_assert_str_eq(b.observables[0].value, "evil.example");
	ck_assert_int_eq(b.observables[1].type, OBSERVABLE_IP);
	ck_assert_str_eq(b.observables[1].value, "198.51.100.7");
	alert_release(&b);
	ck_assert_int_eq(store_alert_get(s, 12345, &b, &e), ERR_NOTFOUND);
	alert_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_reupsert_unchanged)
{
	struct store *s = open_fixture();
	struct alert a;
	long long writes;

	fill(&a, "a-1");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_sql(s, "UPDATE alert SET created_at = 100, "
	                                   "updated_at = 100"),
	                 0);
	writes = test_store_int(s, "SELECT total_changes()");
	/* observables in another order are the same set */
	struct observable t = a.observables[0];
	a.observables[0] = a.observables[1];
	a.observables[1] = t;
	ck_assert(!upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()"), writes);
	ck_assert_int_eq(test_store_int(s, "SELECT updated_at FROM alert"),
	                 100);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 1);
	alert_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_change_detected)
{
	struct store *s = open_fixture();
	struct alert a;
	int64_t id;

	fill(&a, "a-1");
	ck_assert(upsert(s, &a));
	id = a.meta.id;
	ck_assert_int_eq(test_store_sql(s, "UPDATE alert SET updated_at = 100"),
	                 0);
	free(a.description);
	a.description = NULL;
	a.status = ALERT_DISMISSED;
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(a.meta.id, id);
	ck_assert_int_gt(test_store_int(s, "SELECT updated_at FROM alert"),
	                 100);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert WHERE "
	                                   "description IS NULL AND status = "
	                                   "'dismissed'"),
	                 1);
	/* the full-text index follows the title */
	free(a.title);
	a.title = xstrdup("Wiper sample");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert_fts "
	                                   "WHERE alert_fts MATCH 'wiper'"),
	                 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert_fts "
	                                   "WHERE alert_fts MATCH 'beacon'"),
	                 0);
	alert_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_dirty_row_untouched)
{
	struct store *s = open_fixture();
	struct alert a;
	long long writes;

	fill(&a, "a-1");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_sql(s, "UPDATE alert SET local_state = "
	                                   "'dirty', updated_at = 100"),
	                 0);
	writes = test_store_int(s, "SELECT total_changes()");
	free(a.title);
	a.title = xstrdup("server side title");
	alert_add_observable(&a, OBSERVABLE_URL, "http://evil.example/x");
	a.meta.id = 0;
	ck_assert(!upsert(s, &a));
	ck_assert_int_gt(a.meta.id, 0);
	ck_assert_int_eq(test_store_int(s, "SELECT total_changes()"), writes);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert WHERE "
	                                   "title = 'Beacon to known C2'"),
	                 1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM alert_observable"), 2);
	alert_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_observables_replaced)
{
	struct store *s = open_fixture();
	struct alert a;

	fill(&a, "a-1");
	a.event_hash = xstrdup("fixed-hash"); /* only observables change */
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_sql(s, "UPDATE alert SET updated_at = 100"),
	                 0);
	free(a.observables[1].value);
	a.observables[1].value = xstrdup("other.example");
	alert_add_observable(&a, OBSERVABLE_ASN, "AS64500");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM alert_observable"), 3);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "alert_observable WHERE value IN "
	                                   "('other.example', 'AS64500', "
	                                   "'198.51.100.7')"),
	                 3);
	ck_assert_int_gt(test_store_int(s, "SELECT updated_at FROM alert"),
	                 100);
	/* fewer observables is a change too */
	a.n_observables = 1;
	free(a.observables[1].value);
	free(a.observables[2].value);
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM alert_observable"), 1);
	ck_assert(!upsert(s, &a));
	/* a row update and an observable change in one upsert */
	free(a.title);
	a.title = xstrdup("renamed");
	free(a.observables[0].value);
	a.observables[0].value = xstrdup("203.0.113.9");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "alert_observable WHERE value = "
	                                   "'203.0.113.9'"),
	                 1);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM alert_observable"), 1);
	alert_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_dedup_by_event_hash)
{
	struct store *s = open_fixture();
	struct alert a, b;

	fill(&a, NULL);
	fill(&b, NULL);
	free(b.feed_name);
	b.feed_name = xstrdup("other-feed"); /* not part of the hash */
	ck_assert(upsert(s, &a));
	ck_assert(!upsert(s, &a));
	ck_assert(upsert(s, &b));
	ck_assert_int_eq(a.meta.id, b.meta.id);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert WHERE "
	                                   "feed_name = 'other-feed'"),
	                 1);
	ck_assert(!upsert(s, &b));
	/* another event (other observed time) is another row */
	alert_release(&b);
	fill(&b, NULL);
	b.observed_at++;
	ck_assert(upsert(s, &b));
	ck_assert_int_ne(a.meta.id, b.meta.id);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 2);
	/* the same event at another source is another row */
	alert_release(&b);
	fill(&b, NULL);
	free(b.meta.source);
	b.meta.source = xstrdup("misp");
	ck_assert(upsert(s, &b));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 3);
	alert_release(&a);
	alert_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_find_and_invalid)
{
	struct store *s = open_fixture();
	struct alert a;
	struct err e;
	int64_t id = 0;

	fill(&a, "a-1");
	ck_assert(upsert(s, &a));
	ck_assert_int_eq(store_alert_find(s, "central", "a-1", &id, &e), 0);
	ck_assert_int_eq(id, a.meta.id);
	ck_assert_int_eq(store_alert_find(s, "central", "a-2", &id, &e),
	                 ERR_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(e.msg, "'a-2'"));
	free(a.title);
	a.title = NULL;
	ck_assert_int_eq(store_alert_upsert(s, &a, NULL, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "title"));
	alert_release(&a);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_related_lists)
{
	struct store *s = open_fixture();
	struct alert a, *rows = NULL;
	struct err e;
	size_t n = 0;
	char rid[16];

	for (int i = 0; i < 5; i++) {
		snprintf(rid, sizeof(rid), "a-%d", i);
		fill(&a, rid);
		a.observed_at += i;
		a.incident_id = i == 0 ? 9 : 0;
		a.asset_id = i < 3 ? 3 : 0;
		ck_assert(upsert(s, &a));
		alert_release(&a);
	}
	/* a-3 linked through the link table, a-0 through incident_id */
	ck_assert_int_eq(
	    test_store_sql(s, "INSERT INTO incident_alert VALUES (9, "
	                      "(SELECT id FROM alert WHERE remote_id = "
	                      "'a-3'), 5), (9, (SELECT id FROM alert WHERE "
	                      "remote_id = 'a-0'), 5)"),
	    0);
	ck_assert_int_eq(store_alerts_of_incident(s, 9, 10, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(rows[0].meta.remote_id, "a-3");
	ck_assert_str_eq(rows[0].incident_ref, "MX-2026-00042");
	ck_assert_str_eq(rows[1].meta.remote_id, "a-0");
	ck_assert_uint_eq(rows[1].n_observables, 2);
	for (size_t i = 0; i < n; i++)
		alert_release(&rows[i]);
	free(rows);
	ck_assert_int_eq(store_alerts_of_asset(s, 3, 2, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(rows[0].meta.remote_id, "a-2");
	ck_assert_str_eq(rows[1].meta.remote_id, "a-1");
	for (size_t i = 0; i < n; i++)
		alert_release(&rows[i]);
	free(rows);
	ck_assert_int_eq(store_alerts_of_asset(s, 4, 2, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 0);
	free(rows);
	ck_assert_int_eq(store_alerts_of_asset(s, 3, 0, &rows, &n, &e),
	                 ERR_INVALID);
	store_close(s);
}
END_TEST

START_TEST(test_alert_store_bulk_in_transaction)
{
	struct store *s = open_fixture();
	struct alert a;
	struct err e;
	char rid[16];

	ck_assert_int_eq(store_begin(s, &e), 0);
	for (int i = 0; i < 500; i++) {
		snprintf(rid, sizeof(rid), "b-%d", i);
		fill(&a, rid);
		a.observed_at += i;
		ck_assert(upsert(s, &a));
		alert_release(&a);
	}
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM alert"), 500);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM alert_observable"), 1000);
	store_close(s);
}
END_TEST

Suite *
alert_store_suite(void)
{
	Suite *su = suite_create("alert_store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_alert_store_roundtrip);
	tcase_add_test(tc, test_alert_store_reupsert_unchanged);
	tcase_add_test(tc, test_alert_store_change_detected);
	tcase_add_test(tc, test_alert_store_dirty_row_untouched);
	tcase_add_test(tc, test_alert_store_observables_replaced);
	tcase_add_test(tc, test_alert_store_dedup_by_event_hash);
	tcase_add_test(tc, test_alert_store_find_and_invalid);
	tcase_add_test(tc, test_alert_store_related_lists);
	tcase_add_test(tc, test_alert_store_bulk_in_transaction);
	suite_add_tcase(su, tc);
	return su;
}
