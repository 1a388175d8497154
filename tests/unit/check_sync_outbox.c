/* Retrying and dropping outbox entries: states, audit, the rows. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/store/audit.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/sync/outbox.h"
#include "testutil.h"

/*
 * A store with incident 1 (i-7, version 3) changed here, whose update the
 * server refused (failed), a note queued after it, and incident 2 made
 * here whose create was refused, with an update queued after it.
 */
static struct store *
refused_store(int64_t ids[4])
{
	struct store *s = NULL;
	struct outbox_entry *rows;
	size_t n;
	struct err e;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(
	    test_store_sql(
	        s, "INSERT INTO incident(id, source, remote_id, version, "
	           "local_state, reference, title, category, severity, status, "
	           "opened_at, created_at, updated_at) VALUES (1, 'central', "
	           "'i-7', 3, 'dirty', 'MX-2026-00007', 'Seven', 'fraud', 3, "
	           "'new', 1, 1, 1), (2, 'central', NULL, 0, 'dirty', "
	           "'MX-2026-00061', 'Made here', 'fraud', 3, 'new', 1, 1, 1)"),
	    0);
	ck_assert_int_eq(
	    store_outbox_add(s, "central", OUTBOX_INCIDENT, 1, OUTBOX_UPDATE,
	                     "{\"assignee\":\"nobody\"}", 3, NULL, &e),
	    0);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 1,
	                                  OUTBOX_ADD_NOTE, "{}", 3, NULL, &e),
	                 0);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 2,
	                                  OUTBOX_CREATE, "{}", 0, NULL, &e),
	                 0);
	ck_assert_int_eq(store_outbox_add(s, "central", OUTBOX_INCIDENT, 2,
	                                  OUTBOX_UPDATE, "{}", 0, NULL, &e),
	                 0);
	ck_assert_int_eq(store_outbox_list(s, OUTBOX_OPEN, 0, &rows, &n, &e),
	                 0);
	ck_assert_uint_eq(n, 4);
	for (size_t i = 0; i < n; i++) {
		ids[i] = rows[i].id;
		outbox_entry_release(&rows[i]);
	}
	free(rows);
	ck_assert_int_eq(store_outbox_set_state(s, ids[0], OUTBOX_FAILED,
	                                        "HTTP 422 invalid_field: no "
	                                        "analyst",
	                                        0, &e),
	                 0);
	ck_assert_int_eq(store_outbox_set_state(s, ids[2], OUTBOX_FAILED,
	                                        "HTTP 403 forbidden", 0, &e),
	                 0);
	return s;
}

static void
assert_chain_ok(struct store *s, int64_t entries)
{
	struct audit_verify v;
	struct err e;

	ck_assert_int_eq(store_audit_verify(s, &v, &e), 0);
	ck_assert_int_eq(v.entries, entries);
}

START_TEST(test_sync_outbox_retry_sends_a_failed_entry_again)
{
	int64_t ids[4];
	struct store *s = refused_store(ids);
	struct outbox_entry o;
	struct err e;

	ck_assert_int_eq(sync_outbox_retry(s, ids[1], "ana", &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "is pending, not failed"));
	ck_assert_int_eq(sync_outbox_retry(s, 999, "ana", &e), ERR_NOTFOUND);
	ck_assert_int_eq(sync_outbox_retry(s, ids[0], "ana", &e), 0);
	ck_assert_int_eq(store_outbox_get(s, ids[0], &o, NULL, &e), 0);
	ck_assert_int_eq(o.state, OUTBOX_PENDING);
	outbox_entry_release(&o);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit WHERE "
	                                   "action = 'outbox.retry' AND "
	                                   "entity_ref = 'MX-2026-00007' AND "
	                                   "detail LIKE '%no analyst%'"),
	                 1);
	assert_chain_ok(s, 1);
	store_close(s);
}
END_TEST

START_TEST(test_sync_outbox_drop_keeps_the_row_dirty_and_is_audited)
{
	int64_t ids[4];
	struct store *s = refused_store(ids);
	struct outbox_entry o;
	struct err e;

	ck_assert_int_eq(sync_outbox_drop(s, ids[0], "ana", &e), 0);
	ck_assert_int_eq(store_outbox_get(s, ids[0], &o, NULL, &e), 0);
	ck_assert_int_eq(o.state, OUTBOX_DROPPED);
	outbox_entry_release(&o);
	ck_assert_int_eq(sync_outbox_drop(s, ids[0], "ana", &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "is dropped"));
	ck_assert_int_eq(sync_outbox_retry(s, ids[0], "ana", &e), ERR_INVALID);
	/* its note, held behind it, is free; dropped too, the row waits for
	 * the server's copy, dirty */
	ck_assert_int_eq(sync_outbox_drop(s, ids[1], "ana", &e), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT local_state = 'dirty' FROM "
	                                   "incident WHERE id = 1"),
	                 1);
	ck_assert_int_eq(test_store_int(s,
	                                "SELECT count(*) FROM audit WHERE "
	                                "action = 'outbox.drop' AND detail "
	                                "LIKE '%dropped, never to be sent%'"),
	                 2);
	assert_chain_ok(s, 2);
	/* a conflict is settled, not dropped */
	ck_assert_int_eq(store_outbox_set_conflict(s, ids[3], "412", "{}", &e),
	                 0);
	ck_assert_int_eq(sync_outbox_drop(s, ids[3], "ana", &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "conflict take-server"));
	store_close(s);
}
END_TEST

START_TEST(test_sync_outbox_drop_of_a_create_waits_for_its_dependents)
{
	int64_t ids[4];
	struct store *s = refused_store(ids);
	struct err e;

	ck_assert_int_eq(sync_outbox_drop(s, ids[2], "ana", &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "drop those first"));
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit"), 0);
	ck_assert_int_eq(sync_outbox_drop(s, ids[3], "ana", &e), 0);
	ck_assert_int_eq(sync_outbox_drop(s, ids[2], "ana", &e), 0);
	/* never to be at the server: the incident stays here, local */
	ck_assert_int_eq(test_store_int(s, "SELECT source = 'local' AND "
	                                   "remote_id IS NULL FROM incident "
	                                   "WHERE id = 2"),
	                 1);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM audit WHERE "
	                                   "detail LIKE '%in this cache only'"),
	                 1);
	store_close(s);
}
END_TEST

Suite *
sync_outbox_suite(void)
{
	Suite *s = suite_create("sync_outbox");
	TCase *tc = tcase_create("sync_outbox");

	tcase_add_test(tc, test_sync_outbox_retry_sends_a_failed_entry_again);
	tcase_add_test(
	    tc, test_sync_outbox_drop_keeps_the_row_dirty_and_is_audited);
	tcase_add_test(
	    tc, test_sync_outbox_drop_of_a_create_waits_for_its_dependents);
	suite_add_tcase(s, tc);
	return s;
}
